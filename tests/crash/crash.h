/*
 * tests/crash/crash.h — the crash loop (test_crash_loop.c): client threads do
 * acknowledged ledger and hours writes over real HTTP while the server is
 * killed with SIGKILL at random moments and restarted on the same database;
 * afterwards every acknowledged write must be there with the acknowledged
 * content, the ledger control check and PRAGMA integrity_check must be ok and
 * the balances must sum to zero.
 *
 * The pieces: a small keep-alive libcurl client and the server child
 * (crash_http.c), the client threads and their record of what the server
 * acknowledged (crash_work.c), the checks (crash_check.c) and the loop itself
 * (test_crash_loop.c). Test code only.
 */
#ifndef NB_TESTS_CRASH_CRASH_H
#define NB_TESTS_CRASH_CRASH_H

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Client threads, gemeenten (each with a credit line), days of hours per person. */
#define CRASH_THREADS 4
#define CRASH_ORGS 4
#define CRASH_DAYS 390

/* ---- Randomness (splitmix64; every choice comes from the printed seed) ---- */

uint64_t crash_rand(uint64_t *s);

/* A number in [lo, hi]. */
long long crash_between(uint64_t *s, long long lo, long long hi);

/* ---- A keep-alive HTTP client ------------------------------------------- */

typedef struct crash_http {
    CURL *c;
    char base[64]; /* "http://127.0.0.1:PORT" of the server it talks to */
    char *body;    /* last response body, NUL-terminated (NULL before the first) */
    size_t len;
    json_t *json;     /* last response parsed, or NULL */
    CURLcode curl_rc; /* of the last request */
} crash_http;

/* Points h at base with a fresh connection (drops the old one). */
void crash_http_reset(crash_http *h, const char *base);

/* Frees what h holds (not h). */
void crash_http_free(crash_http *h);

/*
 * Sends one request (body NULL = none; else JSON) with the bearer token.
 * Returns the HTTP status, or -1 when no complete answer came (connection
 * refused or reset, nothing received, timeout): the outcome is unknown.
 * The answer stays in h->body / h->json until the next request.
 */
long crash_http_req(crash_http *h, const char *method, const char *path, const char *token,
                    const char *body);

/* ---- The server child ------------------------------------------------------ */

/*
 * Starts `noaber serve --db db` on 127.0.0.1:0 and waits (60 s at most) for
 * its URL, written into base[64]. Returns the pid, or -1 (printed). With
 * no_wait, returns right after the fork (base untouched): the caller kills it
 * during its start. The child dies with this process.
 */
pid_t crash_server_spawn(const char *bin, const char *db, char base[64], int no_wait);

/* ---- What the server acknowledged ---------------------------------------- */

/* A transfer (boeking) as acknowledged, and what later acknowledged writes did to it. */
typedef struct crash_tr {
    char id[48];
    char soort[16];                   /* werk, correctie, terugboeking */
    char fase[28];                    /* boeking, reservering, boeking-van-reservering, vrijgave */
    long long minuten, debet, credit; /* 0 = the network fund (null) */
    char reservering[48];             /* reserveringId or "" */
    char terug_van[48];               /* terugboekingVan or "" */
    char omschrijving[64];
    /* a reservation: "open", "geboekt", "vrijgegeven"; "" for other phases */
    char status[16];
    long long geboekt;    /* geboekteMinuten once posted */
    char afgehandeld[48]; /* afgehandeldDoor */
    char terug_door[48];  /* teruggeboektDoor */
    int acked;            /* 1 = a 2xx answer; 0 = found after an unknown outcome */
    int dirty;            /* changed since the last check */
    int busy;             /* a change of it is under way (maybe written): not checked now */
} crash_tr;

/* A time entry (urenregistratie) as acknowledged. */
typedef struct crash_entry {
    long long id, minuten;
    char datum[11];
    char marker[48];   /* notitie: the client-chosen key */
    char status[16];   /* ingediend, goedgekeurd, afgekeurd */
    json_t *boekingen; /* the approval's transfers as answered (owned), or NULL */
    int acked, dirty, busy;
} crash_entry;

/* An allocation (inzet) as acknowledged. */
typedef struct crash_inzet {
    long long id, minuten;
    char marker[48];
    char status[16]; /* concept, bevestigd, beeindigd */
    int acked, dirty, busy;
} crash_inzet;

struct crash_ctx;

/* One client thread: its fixture, its connection, its records and counts. */
typedef struct crash_worker {
    struct crash_ctx *cx;
    int tid;
    uint64_t rng;
    unsigned gen; /* server generation it talks to */
    crash_http h;
    int home; /* the server it talks to: cx->bases[home] (PostgreSQL mode: 0 or 1) */
    /* fixture: the person who works, the assignment's ambtelijk opdrachtgever */
    long long person, client, org, asg, line;
    char *tok_person, *tok_client;
    long seq;
    int day, day_used; /* hours: days back from yesterday, minutes used on it */
    crash_tr *tr;
    size_t ntr, cap_tr;
    crash_entry *en;
    size_t nen, cap_en;
    crash_inzet *iz;
    size_t niz, cap_iz;
    /* counts */
    long acked_writes, acked_transfers, unknown, unknown_applied, unknown_absent;
    long ops, busy;                /* operations begun; 503 answers (sent again) */
    long seen_acked, seen_unknown; /* copies of acked_writes/unknown, under cx->mu */
    char fail[768];                /* the first failure ("" = none) */
} crash_worker;

/* The shared state of a run. */
typedef struct crash_ctx {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    unsigned gen;      /* bumped when a restarted server is handed to the workers */
    int parked;        /* workers waiting for the next generation */
    int exited;        /* workers that ended */
    int stop;          /* finish the current operation, then end */
    int hold;          /* park after the current operation (the checks need them still) */
    int db_down;       /* PostgreSQL is being stopped: a 500 is an unknown outcome too */
    char bases[2][64]; /* the servers; SQLite mode: one, in [0] */
    char *beheer;
    long long orgs[CRASH_ORGS + 1]; /* [CRASH_ORGS] is the pool the people belong to */
    char today[11];
    crash_worker w[CRASH_THREADS];
} crash_ctx;

/* Thread body of a client worker (arg: crash_worker *). */
void *crash_worker_run(void *arg);

/*
 * Blocks until the server generation moves past w->gen (the server was
 * restarted after a kill, or the checks are done), then reconnects to
 * cx->bases[w->home]. Returns 1 when the worker should
 * end after its current operation (cx->stop), 0 otherwise.
 */
int crash_park(crash_worker *w);

/* Frees a worker's records and connection. */
void crash_worker_free(crash_worker *w);

/* ---- Checks -------------------------------------------------------------- */

/* Tallies of a check. */
typedef struct crash_tally {
    long checked, lost, wrong;
    char first[768]; /* the first problem ("" = none) */
} crash_tally;

/*
 * Checks the records of every worker against the server at h (token: beheer):
 * all = 0 only those changed since the last check (and clears their flag),
 * leaving out those with a change under way.
 * Lost (404) and different content go into t. Returns 0 when the requests
 * themselves worked, -1 otherwise (in t->first).
 */
int crash_check_records(crash_ctx *cx, crash_http *h, int all, crash_tally *t);

/*
 * The whole-database checks: GET /grootboek/controle ok, the balances in GET
 * /grootboek sum to zero (posted and reserved, fund included), PRAGMA
 * integrity_check and foreign_key_check on db (a SQLite file; NULL on
 * PostgreSQL, which enforces its foreign keys itself). The lists of time entries and
 * allocations per person hold every client marker at most once (with
 * markers_too). Returns 0 when all hold; otherwise -1 with the reason in
 * why[len].
 */
int crash_check_db(crash_ctx *cx, crash_http *h, const char *db, int markers_too, char *why,
                   size_t len);

/* Compares a transfer JSON with a record; 0 = same, else -1 with the difference in why. */
int crash_tr_compare(const json_t *j, const crash_tr *r, char *why, size_t len);

#endif
