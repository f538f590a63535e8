/*
 * tests/api/harness.h — API tests against the real server over real HTTP.
 *
 * nb_t_server_start makes a fresh temporary directory and database
 * (`noaber init`), starts `noaber serve --listen 127.0.0.1:0` as a child
 * process and reads the port it prints. Requests go through libcurl. The
 * binary is $NOABER_BIN (meson sets it); NOABER_TEST_WRAPPER (e.g.
 * "valgrind --leak-check=full --error-exitcode=99") is put in front of the
 * server command, and nb_t_server_stop then fails the test when the server
 * exits non-zero.
 */
#ifndef NB_TESTS_API_HARNESS_H
#define NB_TESTS_API_HARNESS_H

#include <jansson.h>
#include <sys/types.h>

typedef struct nb_t_server {
    pid_t pid;
    char base[64]; /* "http://127.0.0.1:PORT" */
    char dir[256]; /* temporary directory */
    char db[300];  /* database path inside dir */
    int out_fd;    /* server stdout (read end) */
} nb_t_server;

typedef struct nb_t_resp {
    long status;
    json_t *json;    /* parsed body, or NULL when not JSON */
    char *body;      /* raw body, NUL-terminated (never NULL after a request) */
    size_t body_len; /* its length (a gzip body may hold NUL bytes) */
    char *headers;   /* raw response headers */
    char hval[512];  /* scratch for nb_t_header */
} nb_t_resp;

/* Starts a server on a fresh database. 0 = ok (failures are printed). */
int nb_t_server_start(nb_t_server *s);

/*
 * A fresh database for commands of the test's own (`noaber demo`, `import`,
 * ... through nb_t_cli_db) beside s's: on SQLite the path s->dir/name (not
 * created: the command makes the file); under NOABER_TEST_PG a new database
 * of that cluster, made ready as the server's (`noaber init` as the owner,
 * then, with NOABER_TEST_PG_ROLE, served as the application role). Its
 * setting goes into out. 0 = ok (failures are printed).
 */
int nb_t_db_new(const nb_t_server *s, const char *name, char *out, size_t len);

/*
 * Starts a second `noaber serve` process (its own port) on first's database:
 * the same PostgreSQL database under NOABER_TEST_PG, else the same SQLite
 * file — several servers behind one database (issue 12). sib gets no
 * directory of its own: stopping it leaves first's directory and database
 * alone; stop the sibling before first. 0 = ok (failures are printed).
 */
int nb_t_server_start_sibling(nb_t_server *sib, const nb_t_server *first);

/*
 * Kills the server with SIGKILL (no shutdown, no final checkpoint), waits for
 * it and starts a new one on the same database (s->base changes). 0 = ok.
 */
int nb_t_server_kill_restart(nb_t_server *s);

/* Stops the server (SIGTERM), waits, removes the directory; returns the exit status. */
int nb_t_server_stop(nb_t_server *s);

/*
 * The group setup most test programs share: nb_t_server_start, then a beheer
 * token into *beheer (caller frees it through nb_t_stop_beheer). 0 = ok,
 * -1 on failure (cmocka's setup convention).
 */
int nb_t_start_beheer(nb_t_server *s, char **beheer);

/* The matching teardown: frees *beheer (sets it NULL) and stops the server;
 * 0 when the server exited with status 0, else -1. */
int nb_t_stop_beheer(nb_t_server *s, char **beheer);

/*
 * The gemeenten and tokens many test programs start from, for nb_t_start_net:
 * pointers to the test program's own variables (org_c NULL: two gemeenten).
 * The gemeenten are Dordrecht (GM0505), Papendrecht (GM0590) and Zwijndrecht
 * (GM0642), made in that order as beheer, each with kredietlijnMinuten
 * credit[i] when that is > 0 (else without one).
 */
typedef struct nb_t_net {
    char **beheer;
    char **coord_a, **coord_b;        /* a coordinator of *org_a / of *org_b */
    char **lezer;                     /* a lezer of *org_a */
    long long *org_a, *org_b, *org_c; /* the gemeenten' ids */
    long long credit[3];
} nb_t_net;

/*
 * The group setup those programs share: nb_t_start_beheer, the gemeenten of
 * net, then the coordinator and lezer tokens (the caller's, freed by
 * nb_t_stop_net). 0 = ok, -1 on failure (cmocka's setup convention).
 */
int nb_t_start_net(nb_t_server *s, const nb_t_net *net);

/* The matching teardown: frees net's four tokens (sets them NULL) and stops
 * the server; 0 when the server exited with status 0, else -1. */
int nb_t_stop_net(nb_t_server *s, const nb_t_net *net);

/* Runs `noaber ARGS...` against the server's database; returns exit code. stdout into out (may be NULL). */
int nb_t_cli(nb_t_server *s, char *out, size_t outlen, const char *const *args);

/* Same, against the database file db. */
int nb_t_cli_db(const char *db, char *out, size_t outlen, const char *const *args);

/* Makes a token with `noaber token create`; org/person 0 = none. Caller frees. */
char *nb_t_token(nb_t_server *s, const char *role, long long org, long long person);

/*
 * Sends one request. json_body (may be NULL) is sent as application/json
 * unless extra headers (NULL-terminated list, may be NULL) set Content-Type.
 * 0 = a response was received (any status).
 */
/* on: the requests that follow reuse one handle and so one kept-alive
 * connection (as one client does), until nb_t_keep_alive(0); only from one
 * thread. off: a new connection per request (the default). */
void nb_t_keep_alive(int on);
int nb_t_req(nb_t_server *s, const char *method, const char *path, const char *token,
             const char *json_body, nb_t_resp *out);
int nb_t_req_h(nb_t_server *s, const char *method, const char *path, const char *token,
               const char *body, const char *const *headers, nb_t_resp *out);

/* nb_t_req with a printf-formatted path; asserts that a response came. */
void nb_t_reqf(nb_t_server *s, nb_t_resp *r, const char *method, const char *token,
               const char *body, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/*
 * Asserts that every row of the HAL list page GET path answers (as token,
 * the rows in _embedded.name) is, byte for byte, what GET of the row's own
 * _links.self answers: a list that renders or loads its rows another way
 * than the single resource (children per page, a streamed writer) must not
 * drift from it. Returns the rows checked; the caller asserts how many
 * there must be, and may read them in *rows (NULL: not wanted; otherwise the
 * page's rows, the caller's: json_decref).
 */
size_t nb_t_assert_rows_equal_get(nb_t_server *s, const char *token, const char *path,
                                  const char *name, json_t **rows);

/*
 * Walks a HAL list from path first by its _links.next (at most 1000 pages),
 * as token, and collects the ids of the rows in _embedded.name into
 * ids[0..max); returns how many. Every page must be a 200 of its kind: a
 * keyset page (first names na=) has no totaal, pagina or last link, and a
 * next only after a full page; a numbered page has totaal. between (may be
 * NULL) is called after each page but the last, with the number of pages
 * read so far: a write there shows what paging does to a list that changes
 * while it is read.
 */
size_t nb_t_walk_ids(nb_t_server *s, const char *token, const char *first, const char *name,
                     long long *ids, size_t max, void (*between)(void *ctx, int pages), void *ctx);

/* Asserts r's status (printing the body when it differs); a 4xx/5xx must be problem+json. */
void nb_t_assert_status(nb_t_resp *r, long status);

void nb_t_resp_free(nb_t_resp *r);

/* Value of response header name (case-insensitive), copied into r->hval; NULL if absent. */
const char *nb_t_header(nb_t_resp *r, const char *name);

/* 1 when the problem's invalidParams has an entry with this name. */
int nb_t_invalid(const nb_t_resp *r, const char *name);

/* POSTs json_body and returns the "id" of the created resource (asserting 201). */
long long nb_t_create(nb_t_server *s, const char *path, const char *token, const char *json_body);

/*
 * DOMAIN rule 9: lets a coordinator of every requester of assignment (read
 * with token reader) consent to its share (PUT …/instemmingen/{organisatie-id}),
 * so that it can be charged. Regional assignments need none. Asserts 200s.
 */
void nb_t_consent_all(nb_t_server *s, const char *reader, long long assignment);

#endif
