/*
 * tests/crash/crash_work.c — the client threads of the crash loop. Each
 * thread runs seeded random operations over HTTP: linked transfers
 * (werk/correctie), reservations and their post or release, reversals, time
 * entries with their approval or rejection, allocations with their
 * confirmation or end. Every 2xx answer is compared with what was sent and
 * kept as a record (crash.h) for the checks.
 *
 * When a request gets no answer (the server was killed), the outcome is
 * unknown: the thread parks until the server is back, then settles it.
 * Transfers are sent again with the same ids (the ledger answers 200 when
 * they were written, 201 when not). A time entry or allocation is looked up
 * by its client-chosen marker (its notitie): found once = it was written,
 * not found = it was not (then it is sent again); found twice is a failure.
 * A decision or status change is sent again: 200 = it had not been written;
 * 409 = it had, and reading the object back must show the new status.
 * Any other answer than the expected one is a failure of the run.
 */
#include "crash.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- Small helpers -------------------------------------------------------- */

static void wfail(crash_worker *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void wfail(crash_worker *w, const char *fmt, ...)
{
    if (w->fail[0])
        return;
    int n = snprintf(w->fail, sizeof w->fail, "thread %d op %ld: ", w->tid, w->ops);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->fail + n, sizeof w->fail - (size_t)n, fmt, ap);
    va_end(ap);
}

static long long jnum(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static const char *jstr(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return p;
    size_t c = *cap ? *cap * 2 : 64;
    void *q = realloc(p, c * size);
    if (q == NULL)
        abort();
    memset((char *)q + *cap * size, 0, (c - *cap) * size);
    *cap = c;
    return q;
}

/* A date `days` days before today (UTC) as YYYY-MM-DD. */
static void days_ago(char out[11], int days)
{
    time_t t = time(NULL) - (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

int crash_park(crash_worker *w)
{
    crash_ctx *cx = w->cx;
    char base[64];
    pthread_mutex_lock(&cx->mu);
    if (cx->stop && cx->gen == w->gen) {
        /* The final server does not get killed: no answer from it is a failure. */
        pthread_mutex_unlock(&cx->mu);
        wfail(w, "no answer from the final server (%s)", curl_easy_strerror(w->h.curl_rc));
        return -1;
    }
    /* the counts as they stand (an unknown outcome was counted before parking) */
    w->seen_acked = w->acked_writes;
    w->seen_unknown = w->unknown;
    cx->parked++;
    pthread_cond_broadcast(&cx->cv);
    while (cx->gen == w->gen)
        pthread_cond_wait(&cx->cv, &cx->mu);
    cx->parked--;
    w->gen = cx->gen;
    snprintf(base, sizeof base, "%s", cx->bases[w->home]);
    pthread_mutex_unlock(&cx->mu);
    crash_http_reset(&w->h, base);
    return 0;
}

/*
 * One request; a 503 (database busy or unreachable: nothing was written) is
 * sent again after 100 ms, 100 times at most. Returns the status, or -1 when
 * no answer came (or a 500 while PostgreSQL is down: cx->db_down).
 */
static long send_req(crash_worker *w, const char *method, const char *path, const char *token,
                     const char *body)
{
    long st = crash_http_req(&w->h, method, path, token, body);
    for (int i = 0; st == 503 && i < 100; i++) {
        w->busy++;
        struct timespec ts = {0, 100000000L};
        nanosleep(&ts, NULL);
        st = crash_http_req(&w->h, method, path, token, body);
    }
    if (st == 500) {
        /* While PostgreSQL goes down, a COMMIT can lose its answer: the
         * server cannot know whether it was written and says 500. */
        pthread_mutex_lock(&w->cx->mu);
        int down = w->cx->db_down;
        pthread_mutex_unlock(&w->cx->mu);
        if (down)
            return -1;
    }
    return st;
}

/*
 * Sends a request until it gets an answer, parking over restarts. Returns the
 * status, or -1 when the run ends first. *unknown is set when a try got no answer.
 */
static long req_definite(crash_worker *w, const char *method, const char *path, const char *token,
                         const char *body, int *unknown)
{
    for (;;) {
        long st = send_req(w, method, path, token, body);
        if (st >= 0)
            return st;
        if (unknown && !*unknown) {
            *unknown = 1;
            w->unknown++;
        }
        if (crash_park(w) != 0)
            return -1;
    }
}

/* ---- Transfers -------------------------------------------------------------- */

/* One transfer of a batch: the request member and the record it should become. */
typedef struct tr_plan {
    json_t *req;
    crash_tr rec;
    long target; /* index of the reservation posted/released or the transfer reversed, or -1 */
} tr_plan;

static long long pick_org(crash_worker *w, long long except)
{
    for (;;) {
        long long o = w->cx->orgs[crash_between(&w->rng, 0, CRASH_ORGS)];
        if (o != except)
            return o;
    }
}

static void plan_direct(crash_worker *w, tr_plan *p, int k)
{
    crash_tr *r = &p->rec;
    int correction = crash_between(&w->rng, 0, 3) == 0;
    snprintf(r->id, sizeof r->id, "t%d-%ld-%d", w->tid, w->seq, k);
    snprintf(r->soort, sizeof r->soort, "%s", correction ? "correctie" : "werk");
    snprintf(r->fase, sizeof r->fase, "boeking");
    snprintf(r->omschrijving, sizeof r->omschrijving, "crash %s", r->id);
    r->minuten = crash_between(&w->rng, 1, 120);
    r->credit = pick_org(w, 0);
    r->debet = correction && crash_between(&w->rng, 0, 1) ? 0 : pick_org(w, r->credit);
    p->req = json_pack("{s:s, s:s, s:I, s:I, s:s}", "id", r->id, "soort", r->soort, "minuten",
                       (json_int_t)r->minuten, "creditOrganisatieId", (json_int_t)r->credit,
                       "omschrijving", r->omschrijving);
    if (r->debet)
        json_object_set_new(p->req, "debetOrganisatieId", json_integer(r->debet));
    p->target = -1;
}

static void plan_reserve(crash_worker *w, tr_plan *p)
{
    crash_tr *r = &p->rec;
    snprintf(r->id, sizeof r->id, "t%d-%ld-r", w->tid, w->seq);
    snprintf(r->soort, sizeof r->soort, "werk");
    snprintf(r->fase, sizeof r->fase, "reservering");
    snprintf(r->status, sizeof r->status, "open");
    snprintf(r->omschrijving, sizeof r->omschrijving, "crash %s", r->id);
    r->minuten = crash_between(&w->rng, 10, 200);
    r->credit = pick_org(w, 0);
    r->debet = pick_org(w, r->credit);
    p->req =
        json_pack("{s:s, s:s, s:I, s:I, s:I, s:s}", "id", r->id, "soort", "reserveren", "minuten",
                  (json_int_t)r->minuten, "debetOrganisatieId", (json_int_t)r->debet,
                  "creditOrganisatieId", (json_int_t)r->credit, "omschrijving", r->omschrijving);
    p->target = -1;
}

/* Index of a random record that matches (open reservation / reversible), or -1. */
static long pick_record(crash_worker *w, int reversible)
{
    long found = -1, seen = 0;
    for (size_t i = 0; i < w->ntr; i++) {
        const crash_tr *r = &w->tr[i];
        int ok = reversible ? (strcmp(r->fase, "boeking") == 0 ||
                               strcmp(r->fase, "boeking-van-reservering") == 0) &&
                                  strcmp(r->soort, "terugboeking") != 0 && !r->terug_door[0]
                            : strcmp(r->status, "open") == 0;
        /* reservoir sampling: every match equally likely */
        if (ok && crash_between(&w->rng, 0, seen++) == 0)
            found = (long)i;
    }
    return found;
}

/* Plans a post or release of an open reservation; 0 = none open. */
static int plan_resolve(crash_worker *w, tr_plan *p)
{
    long i = pick_record(w, 0);
    if (i < 0)
        return 0;
    const crash_tr *res = &w->tr[i];
    crash_tr *r = &p->rec;
    int post = crash_between(&w->rng, 0, 2) != 0;
    snprintf(r->id, sizeof r->id, "t%d-%ld-%c", w->tid, w->seq, post ? 'b' : 'v');
    snprintf(r->soort, sizeof r->soort, "%s", res->soort);
    snprintf(r->fase, sizeof r->fase, "%s", post ? "boeking-van-reservering" : "vrijgave");
    snprintf(r->reservering, sizeof r->reservering, "%s", res->id);
    snprintf(r->omschrijving, sizeof r->omschrijving, "crash %s", r->id);
    r->debet = res->debet;
    r->credit = res->credit;
    r->minuten = res->minuten;
    p->req = json_pack("{s:s, s:s, s:s, s:s}", "id", r->id, "soort", post ? "boeken" : "vrijgeven",
                       "reserveringId", res->id, "omschrijving", r->omschrijving);
    if (post && crash_between(&w->rng, 0, 1)) {
        r->minuten = crash_between(&w->rng, 1, res->minuten);
        json_object_set_new(p->req, "minuten", json_integer(r->minuten));
    }
    p->target = i;
    return 1;
}

/* Plans the reversal of a posted transfer; 0 = none to reverse. */
static int plan_reverse(crash_worker *w, tr_plan *p)
{
    long i = pick_record(w, 1);
    if (i < 0)
        return 0;
    const crash_tr *o = &w->tr[i];
    crash_tr *r = &p->rec;
    snprintf(r->id, sizeof r->id, "t%d-%ld-x", w->tid, w->seq);
    snprintf(r->soort, sizeof r->soort, "terugboeking");
    snprintf(r->fase, sizeof r->fase, "boeking");
    snprintf(r->terug_van, sizeof r->terug_van, "%s", o->id);
    snprintf(r->omschrijving, sizeof r->omschrijving, "crash %s", r->id);
    r->debet = o->credit;
    r->credit = o->debet;
    r->minuten = o->minuten;
    p->req = json_pack("{s:s, s:s, s:s, s:s}", "id", r->id, "soort", "terugboeking",
                       "terugboekingVan", o->id, "omschrijving", r->omschrijving);
    p->target = i;
    return 1;
}

/* Sends the planned batch until it is settled and records it. */
static void send_batch(crash_worker *w, tr_plan *plan, int n)
{
    json_t *list = json_array();
    for (int k = 0; k < n; k++)
        json_array_append(list, plan[k].req);
    json_t *doc = json_pack("{s:o}", "boekingen", list);
    char *body = json_dumps(doc, JSON_COMPACT);
    int unknown = 0;
    for (int k = 0; k < n; k++)
        if (plan[k].target >= 0)
            w->tr[plan[k].target].busy = 1;
    long st = req_definite(w, "POST", "/api/v1/boekingen", w->cx->beheer, body, &unknown);
    if (st < 0)
        goto cleanup;
    if (st != 201 && !(st == 200 && unknown)) {
        wfail(w, "POST /boekingen %s: %ld %s", body, st, w->h.body ? w->h.body : "");
        goto cleanup;
    }
    if (unknown)
        st == 200 ? w->unknown_applied++ : w->unknown_absent++;
    const json_t *got = json_object_get(w->h.json, "boekingen");
    if (json_array_size(got) != (size_t)n) {
        wfail(w, "POST /boekingen answered %ld with %zu transfers, sent %d", st,
              json_array_size(got), n);
        goto cleanup;
    }
    /* The answer shows the state after the batch: apply the effects first. */
    for (int k = 0; k < n; k++) {
        crash_tr *t = plan[k].target >= 0 ? &w->tr[plan[k].target] : NULL;
        if (t && strcmp(plan[k].rec.fase, "boeking") == 0) {
            snprintf(t->terug_door, sizeof t->terug_door, "%s", plan[k].rec.id);
        } else if (t) {
            int post = strcmp(plan[k].rec.fase, "vrijgave") != 0;
            snprintf(t->status, sizeof t->status, "%s", post ? "geboekt" : "vrijgegeven");
            snprintf(t->afgehandeld, sizeof t->afgehandeld, "%s", plan[k].rec.id);
            t->geboekt = post ? plan[k].rec.minuten : 0;
        }
        if (t)
            t->dirty = 1;
    }
    for (int k = 0; k < n; k++)
        if (plan[k].target >= 0)
            w->tr[plan[k].target].busy = 0;
    char why[256];
    for (int k = 0; k < n; k++) {
        if (crash_tr_compare(json_array_get(got, (size_t)k), &plan[k].rec, why, sizeof why) != 0) {
            wfail(w, "POST /boekingen answered %s differently: %s", plan[k].rec.id, why);
            goto cleanup;
        }
        w->tr = grow(w->tr, &w->cap_tr, w->ntr, sizeof *w->tr);
        w->tr[w->ntr] = plan[k].rec;
        w->tr[w->ntr].acked = 1;
        w->tr[w->ntr].dirty = 1;
        w->ntr++;
    }
    w->acked_writes++;
    w->acked_transfers += n;
cleanup:
    free(body);
    json_decref(doc);
    for (int k = 0; k < n; k++)
        json_decref(plan[k].req);
}

/* ---- Lookups by marker ------------------------------------------------------- */

/*
 * Finds the objects in a list whose notitie is marker (all pages). Returns how
 * many there are (their last id in *id), or -1 when the run ends first.
 */
static int find_marker(crash_worker *w, const char *list_path, const char *name, const char *marker,
                       long long *id)
{
    int found = 0;
    for (int page = 1;; page++) {
        char path[384];
        snprintf(path, sizeof path, "%s&paginaGrootte=100&pagina=%d", list_path, page);
        long st = req_definite(w, "GET", path, w->cx->beheer, NULL, NULL);
        if (st < 0)
            return -1;
        if (st != 200) {
            wfail(w, "GET %s: %ld %s", path, st, w->h.body ? w->h.body : "");
            return -1;
        }
        const json_t *items = json_object_get(json_object_get(w->h.json, "_embedded"), name);
        size_t i;
        const json_t *it;
        json_array_foreach (items, i, it) {
            if (strcmp(jstr(it, "notitie"), marker) == 0) {
                found++;
                *id = jnum(it, "id");
            }
        }
        if ((long long)page * 100 >= jnum(w->h.json, "totaal"))
            return found;
    }
}

/*
 * Creates an object (time entry or allocation) with marker in its notitie and
 * settles an unknown outcome through the list. Returns its id (the answer is
 * then in w->h.json when *recovered is 0), 0 when the run ends or failed.
 */
static long long create_marked(crash_worker *w, const char *path, const char *token,
                               const char *body, const char *list_path, const char *name,
                               const char *marker, int *recovered)
{
    int unknown = 0;
    *recovered = 0;
    for (;;) {
        /* Never sent twice blindly: a create is not idempotent, so after no
         * answer the marker is looked up first. */
        long st = send_req(w, "POST", path, token, body);
        if (st >= 0) {
            if (st != 201) {
                wfail(w, "POST %s %s: %ld %s", path, body, st, w->h.body ? w->h.body : "");
                return 0;
            }
            w->unknown_absent += unknown; /* sent again after it was not found */
            return jnum(w->h.json, "id");
        }
        if (!unknown) {
            unknown = 1;
            w->unknown++;
        }
        if (crash_park(w) != 0)
            return 0;
        long long id = 0;
        int n = find_marker(w, list_path, name, marker, &id);
        if (n < 0)
            return 0;
        if (n > 1) {
            wfail(w, "marker %s is in %s %d times", marker, name, n);
            return 0;
        }
        if (n == 1) {
            w->unknown_applied++;
            *recovered = 1;
            return id;
        }
        /* not written: send it again */
    }
}

/*
 * Sends a status change (PUT path with body) until it is settled. After an
 * unknown outcome the same PUT is sent again: 200 = the first try was not
 * written; 409 = it was, which the object read back at get_path must show
 * (`status` == want). Returns 1 when written (*acked: by a 2xx), 0 otherwise.
 */
static int change_status(crash_worker *w, const char *path, const char *token, const char *body,
                         const char *get_path, const char *want, int *acked)
{
    int unknown = 0;
    *acked = 0;
    long st = req_definite(w, "PUT", path, token, body, &unknown);
    if (st < 0)
        return 0;
    if (st == 200) {
        if (unknown)
            w->unknown_absent++;
        if (strcmp(jstr(w->h.json, "status"), want) != 0) {
            wfail(w, "PUT %s answered status %s, not %s", path, jstr(w->h.json, "status"), want);
            return 0;
        }
        *acked = 1;
        return 1;
    }
    if (!unknown || st != 409) {
        wfail(w, "PUT %s %s: %ld %s", path, body, st, w->h.body ? w->h.body : "");
        return 0;
    }
    st = req_definite(w, "GET", get_path, w->cx->beheer, NULL, NULL);
    if (st != 200) {
        if (st >= 0)
            wfail(w, "GET %s: %ld", get_path, st);
        return 0;
    }
    if (strcmp(jstr(w->h.json, "status"), want) != 0) {
        wfail(w, "%s is %s after an unknown PUT %s that now answers 409", get_path,
              jstr(w->h.json, "status"), body);
        return 0;
    }
    w->unknown_applied++;
    return 1;
}

/* ---- Hours ---------------------------------------------------------------- */

static int op_hours(crash_worker *w)
{
    long long m = crash_between(&w->rng, 5, 60);
    if (w->day_used + m > 1200) {
        w->day++;
        w->day_used = 0;
    }
    if (w->day >= CRASH_DAYS)
        return 0;
    w->day_used += (int)m;
    crash_entry e;
    memset(&e, 0, sizeof e);
    days_ago(e.datum, 1 + w->day);
    e.minuten = m;
    snprintf(e.marker, sizeof e.marker, "crash uren t%d-%ld", w->tid, w->seq);
    snprintf(e.status, sizeof e.status, "ingediend");
    char body[512], list[256], path[128], get[128];
    snprintf(body, sizeof body,
             "{\"opdrachtId\":%lld,\"datum\":\"%s\",\"minuten\":%lld,\"notitie\":\"%s\"}", w->asg,
             e.datum, e.minuten, e.marker);
    snprintf(list, sizeof list, "/api/v1/urenregistraties?medewerkerId=%lld&vanaf=%s&tot=%s",
             w->person, e.datum, e.datum);
    int recovered;
    e.id = create_marked(w, "/api/v1/urenregistraties", w->tok_person, body, list,
                         "urenregistraties", e.marker, &recovered);
    if (e.id <= 0)
        return 1;
    if (!recovered) {
        const json_t *j = w->h.json;
        if (jnum(j, "medewerkerId") != w->person || jnum(j, "opdrachtId") != w->asg ||
            strcmp(jstr(j, "datum"), e.datum) != 0 || jnum(j, "minuten") != m ||
            strcmp(jstr(j, "status"), "ingediend") != 0) {
            wfail(w, "POST /urenregistraties answered %s", w->h.body);
            return 1;
        }
        w->acked_writes++;
    }
    e.acked = !recovered;
    e.dirty = 1;
    w->en = grow(w->en, &w->cap_en, w->nen, sizeof *w->en);
    crash_entry *rec = &w->en[w->nen++];
    *rec = e;

    long long d = crash_between(&w->rng, 0, 99);
    if (d >= 85)
        return 1; /* left to judge (ingediend) */
    const char *besluit = d < 75 ? "goedgekeurd" : "afgekeurd";
    if (d < 75)
        snprintf(body, sizeof body, "{\"besluit\":\"goedgekeurd\"}");
    else
        snprintf(body, sizeof body, "{\"besluit\":\"afgekeurd\",\"reden\":\"crash %s\"}",
                 rec->marker);
    snprintf(path, sizeof path, "/api/v1/urenregistraties/%lld/beoordeling", rec->id);
    snprintf(get, sizeof get, "/api/v1/urenregistraties/%lld", rec->id);
    int acked;
    rec->busy = 1;
    if (!change_status(w, path, w->tok_client, body, get, besluit, &acked))
        return 1;
    rec->busy = 0;
    /* the answer, or the entry read back, holds the approval's transfers */
    snprintf(rec->status, sizeof rec->status, "%s", besluit);
    rec->boekingen = json_deep_copy(json_object_get(w->h.json, "boekingen"));
    if (strcmp(besluit, "goedgekeurd") == 0 && json_array_size(rec->boekingen) == 0)
        wfail(w, "approved entry %lld has no transfers: %s", rec->id, w->h.body);
    rec->dirty = 1;
    w->acked_writes += acked;
    return 1;
}

/* ---- Allocations ------------------------------------------------------------- */

static int op_inzet(crash_worker *w)
{
    crash_inzet z;
    memset(&z, 0, sizeof z);
    z.minuten = crash_between(&w->rng, 60, 600);
    snprintf(z.marker, sizeof z.marker, "crash inzet t%d-%ld", w->tid, w->seq);
    snprintf(z.status, sizeof z.status, "concept");
    char body[512], list[256], path[128], get[128];
    snprintf(body, sizeof body,
             "{\"opdrachtId\":%lld,\"regelId\":%lld,\"medewerkerId\":%lld,\"minuten\":%lld,"
             "\"notitie\":\"%s\"}",
             w->asg, w->line, w->person, z.minuten, z.marker);
    snprintf(list, sizeof list, "/api/v1/inzet?medewerkerId=%lld&opdrachtId=%lld", w->person,
             w->asg);
    int recovered;
    z.id =
        create_marked(w, "/api/v1/inzet", w->cx->beheer, body, list, "inzet", z.marker, &recovered);
    if (z.id <= 0)
        return 1;
    if (!recovered) {
        if (jnum(w->h.json, "minuten") != z.minuten ||
            strcmp(jstr(w->h.json, "status"), "concept") != 0) {
            wfail(w, "POST /inzet answered %s", w->h.body);
            return 1;
        }
        w->acked_writes++;
    }
    z.acked = !recovered;
    z.dirty = 1;
    w->iz = grow(w->iz, &w->cap_iz, w->niz, sizeof *w->iz);
    crash_inzet *rec = &w->iz[w->niz++];
    *rec = z;
    if (crash_between(&w->rng, 0, 4) == 0)
        return 1; /* stays concept */
    snprintf(path, sizeof path, "/api/v1/inzet/%lld/status", rec->id);
    snprintf(get, sizeof get, "/api/v1/inzet/%lld", rec->id);
    int acked;
    rec->busy = 1;
    if (change_status(w, path, w->cx->beheer, "{\"status\":\"bevestigd\"}", get, "bevestigd",
                      &acked)) {
        rec->busy = 0;
        snprintf(rec->status, sizeof rec->status, "bevestigd");
        rec->dirty = 1;
        w->acked_writes += acked;
    }
    return 1;
}

static int op_end_inzet(crash_worker *w)
{
    long found = -1, seen = 0;
    for (size_t i = 0; i < w->niz; i++)
        if (strcmp(w->iz[i].status, "bevestigd") == 0 && crash_between(&w->rng, 0, seen++) == 0)
            found = (long)i;
    if (found < 0)
        return 0;
    crash_inzet *rec = &w->iz[found];
    char path[128], get[128];
    snprintf(path, sizeof path, "/api/v1/inzet/%lld/status", rec->id);
    snprintf(get, sizeof get, "/api/v1/inzet/%lld", rec->id);
    int acked;
    rec->busy = 1;
    if (change_status(w, path, w->cx->beheer, "{\"status\":\"beeindigd\"}", get, "beeindigd",
                      &acked)) {
        rec->busy = 0;
        snprintf(rec->status, sizeof rec->status, "beeindigd");
        rec->dirty = 1;
        w->acked_writes += acked;
    }
    return 1;
}

/* ---- The thread ------------------------------------------------------------------ */

static void op_ledger(crash_worker *w, int kind)
{
    tr_plan plan[3];
    int n = 0;
    memset(plan, 0, sizeof plan);
    if (kind == 1) {
        plan_reserve(w, &plan[n++]);
    } else if (kind == 2 && plan_resolve(w, &plan[0])) {
        n = 1;
    } else if (kind == 3 && plan_reverse(w, &plan[0])) {
        n = 1;
    } else {
        n = (int)crash_between(&w->rng, 1, 3);
        for (int k = 0; k < n; k++)
            plan_direct(w, &plan[k], k);
    }
    send_batch(w, plan, n);
}

void *crash_worker_run(void *arg)
{
    crash_worker *w = arg;
    crash_ctx *cx = w->cx;
    for (;;) {
        pthread_mutex_lock(&cx->mu);
        int stop = cx->stop, hold = cx->hold && cx->gen == w->gen;
        w->seen_acked = w->acked_writes;
        w->seen_unknown = w->unknown;
        pthread_mutex_unlock(&cx->mu);
        if (stop || w->fail[0])
            break;
        if (hold) {
            if (crash_park(w) != 0)
                break;
            continue;
        }
        w->seq++;
        w->ops++;
        long long r = crash_between(&w->rng, 0, 99);
        if (r < 25)
            op_ledger(w, 0);
        else if (r < 40)
            op_ledger(w, 1);
        else if (r < 55)
            op_ledger(w, 2);
        else if (r < 63)
            op_ledger(w, 3);
        else if (r < 90) {
            if (!op_hours(w))
                op_ledger(w, 0);
        } else if (r < 98)
            op_inzet(w);
        else if (!op_end_inzet(w))
            op_ledger(w, 1);
    }
    pthread_mutex_lock(&cx->mu);
    cx->exited++;
    pthread_cond_broadcast(&cx->cv);
    pthread_mutex_unlock(&cx->mu);
    return NULL;
}

void crash_worker_free(crash_worker *w)
{
    for (size_t i = 0; i < w->nen; i++)
        json_decref(w->en[i].boekingen);
    free(w->tr);
    free(w->en);
    free(w->iz);
    free(w->tok_person);
    free(w->tok_client);
    crash_http_free(&w->h);
}
