/*
 * tests/crash/crash_check.c — the checks of the crash loop: every record of
 * an acknowledged write read back over HTTP and compared; the ledger control
 * check; balances summing to zero; SQLite's integrity and foreign-key checks
 * on the file; client markers never written twice. See crash.h.
 */
#include "crash.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long long jnum(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

/* A string member; "" for null or absent. */
static const char *jstr(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static void note(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void note(char *buf, size_t len, const char *fmt, ...)
{
    if (buf[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, len, fmt, ap);
    va_end(ap);
}

#define DIFF_STR(field, got, want)                                                 \
    do {                                                                           \
        if (strcmp((got), (want)) != 0) {                                          \
            snprintf(why, len, "%s is '%s', acknowledged '%s'", field, got, want); \
            return -1;                                                             \
        }                                                                          \
    } while (0)
#define DIFF_NUM(field, got, want)                                                       \
    do {                                                                                 \
        if ((got) != (want)) {                                                           \
            snprintf(why, len, "%s is %lld, acknowledged %lld", field, (long long)(got), \
                     (long long)(want));                                                 \
            return -1;                                                                   \
        }                                                                                \
    } while (0)

int crash_tr_compare(const json_t *j, const crash_tr *r, char *why, size_t len)
{
    DIFF_STR("id", jstr(j, "id"), r->id);
    DIFF_STR("soort", jstr(j, "soort"), r->soort);
    DIFF_STR("fase", jstr(j, "fase"), r->fase);
    DIFF_NUM("minuten", jnum(j, "minuten"), r->minuten);
    DIFF_NUM("debetOrganisatieId", jnum(j, "debetOrganisatieId"), r->debet);
    DIFF_NUM("creditOrganisatieId", jnum(j, "creditOrganisatieId"), r->credit);
    DIFF_STR("reserveringId", jstr(j, "reserveringId"), r->reservering);
    DIFF_STR("terugboekingVan", jstr(j, "terugboekingVan"), r->terug_van);
    DIFF_STR("omschrijving", jstr(j, "omschrijving"), r->omschrijving);
    DIFF_STR("teruggeboektDoor", jstr(j, "teruggeboektDoor"), r->terug_door);
    if (r->status[0]) {
        DIFF_STR("status", jstr(j, "status"), r->status);
        DIFF_STR("afgehandeldDoor", jstr(j, "afgehandeldDoor"), r->afgehandeld);
        if (strcmp(r->status, "geboekt") == 0)
            DIFF_NUM("geboekteMinuten", jnum(j, "geboekteMinuten"), r->geboekt);
    }
    return 0;
}

/* ---- Records -------------------------------------------------------------- */

/*
 * GETs path into h; 200 = the object, 404 = lost (counted), else the check
 * cannot go on (-1). Returns 1 when the object is there.
 */
static int fetch(crash_http *h, const char *token, const char *path, const char *what,
                 crash_tally *t)
{
    long st = crash_http_req(h, "GET", path, token, NULL);
    t->checked++;
    if (st == 200)
        return 1;
    if (st == 404) {
        t->lost++;
        note(t->first, sizeof t->first, "LOST: %s (GET %s answers 404)", what, path);
        return 0;
    }
    note(t->first, sizeof t->first, "GET %s: %ld %s", path, st, h->body ? h->body : "");
    return -1;
}

static void differs(crash_tally *t, int lost, const char *what, const char *why)
{
    if (lost)
        t->lost++;
    else
        t->wrong++;
    note(t->first, sizeof t->first, "%s: %s %s", lost ? "LOST" : "DIFFERENT", what, why);
}

static int check_tr(crash_ctx *cx, crash_http *h, const crash_tr *r, crash_tally *t)
{
    char path[128], why[256], what[128];
    snprintf(path, sizeof path, "/api/v1/boekingen/%s", r->id);
    snprintf(what, sizeof what, "transfer %s (%s)", r->id, r->acked ? "acknowledged" : "recovered");
    int got = fetch(h, cx->beheer, path, what, t);
    if (got <= 0)
        return got;
    if (crash_tr_compare(h->json, r, why, sizeof why) != 0)
        /* a resolution or reversal that went missing is a lost write too */
        differs(t, strstr(why, "status") || strstr(why, "Door"), what, why);
    return 0;
}

static int check_entry(crash_ctx *cx, crash_http *h, const crash_worker *w, const crash_entry *e,
                       int all, crash_tally *t)
{
    char path[128], what[128], why[256] = "";
    snprintf(path, sizeof path, "/api/v1/urenregistraties/%lld", e->id);
    snprintf(what, sizeof what, "time entry %lld '%s'", e->id, e->marker);
    int got = fetch(h, cx->beheer, path, what, t);
    if (got <= 0)
        return got;
    const json_t *j = h->json;
    if (strcmp(jstr(j, "status"), e->status) != 0) {
        snprintf(why, sizeof why, "status is %s, acknowledged %s", jstr(j, "status"), e->status);
        differs(t, 1, what, why);
        return 0;
    }
    if (jnum(j, "medewerkerId") != w->person || jnum(j, "opdrachtId") != w->asg ||
        strcmp(jstr(j, "datum"), e->datum) != 0 || jnum(j, "minuten") != e->minuten ||
        strcmp(jstr(j, "notitie"), e->marker) != 0)
        snprintf(why, sizeof why, "fields differ: %.200s", h->body);
    else if (e->boekingen && !json_equal(json_object_get(j, "boekingen"), e->boekingen))
        snprintf(why, sizeof why, "the approval's transfers differ: %.200s", h->body);
    if (why[0]) {
        differs(t, 0, what, why);
        return 0;
    }
    if (!all || e->boekingen == NULL)
        return 0;
    /* the ledger holds the approval's transfers */
    json_t *bk = json_incref(e->boekingen);
    size_t i;
    json_t *b;
    int rc = 0;
    json_array_foreach (bk, i, b) {
        char tp[160], tw[200];
        snprintf(tp, sizeof tp, "/api/v1/boekingen/%s", jstr(b, "boekingId"));
        snprintf(tw, sizeof tw, "transfer %s of the approval of %s", jstr(b, "boekingId"), what);
        if ((rc = fetch(h, cx->beheer, tp, tw, t)) < 0)
            break;
        rc = 0;
    }
    json_decref(bk);
    return rc;
}

static int check_inzet(crash_ctx *cx, crash_http *h, const crash_worker *w, const crash_inzet *z,
                       crash_tally *t)
{
    char path[128], what[128], why[256] = "";
    snprintf(path, sizeof path, "/api/v1/inzet/%lld", z->id);
    snprintf(what, sizeof what, "allocation %lld '%s'", z->id, z->marker);
    int got = fetch(h, cx->beheer, path, what, t);
    if (got <= 0)
        return got;
    const json_t *j = h->json;
    if (strcmp(jstr(j, "status"), z->status) != 0) {
        snprintf(why, sizeof why, "status is %s, acknowledged %s", jstr(j, "status"), z->status);
        differs(t, 1, what, why);
    } else if (jnum(j, "medewerkerId") != w->person || jnum(j, "opdrachtId") != w->asg ||
               jnum(j, "minuten") != z->minuten || strcmp(jstr(j, "notitie"), z->marker) != 0) {
        snprintf(why, sizeof why, "fields differ: %.200s", h->body);
        differs(t, 0, what, why);
    }
    return 0;
}

int crash_check_records(crash_ctx *cx, crash_http *h, int all, crash_tally *t)
{
    for (int k = 0; k < CRASH_THREADS; k++) {
        crash_worker *w = &cx->w[k];
        for (size_t i = 0; i < w->ntr; i++) {
            if (!all && (!w->tr[i].dirty || w->tr[i].busy))
                continue;
            if (check_tr(cx, h, &w->tr[i], t) < 0)
                return -1;
            w->tr[i].dirty = 0;
        }
        for (size_t i = 0; i < w->nen; i++) {
            if (!all && (!w->en[i].dirty || w->en[i].busy))
                continue;
            if (check_entry(cx, h, w, &w->en[i], all, t) < 0)
                return -1;
            w->en[i].dirty = 0;
        }
        for (size_t i = 0; i < w->niz; i++) {
            if (!all && (!w->iz[i].dirty || w->iz[i].busy))
                continue;
            if (check_inzet(cx, h, w, &w->iz[i], t) < 0)
                return -1;
            w->iz[i].dirty = 0;
        }
    }
    return 0;
}

/* ---- The whole database --------------------------------------------------------- */

static int check_sqlite(const char *db, char *why, size_t len)
{
    sqlite3 *c = NULL;
    sqlite3_stmt *s = NULL;
    int rc = -1;
    if (sqlite3_open_v2(db, &c, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        note(why, len, "cannot open %s: %s", db, c ? sqlite3_errmsg(c) : "no memory");
        goto cleanup;
    }
    sqlite3_busy_timeout(c, 10000);
    if (sqlite3_prepare_v2(c, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
        goto sqlerr;
    int rows = 0, step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(s, 0);
        if (rows++ == 0 && v && strcmp(v, "ok") == 0)
            continue;
        note(why, len, "PRAGMA integrity_check: %s", v ? v : "(null)");
    }
    if (step != SQLITE_DONE)
        goto sqlerr;
    sqlite3_finalize(s);
    s = NULL;
    if (why[0])
        goto cleanup;
    if (sqlite3_prepare_v2(c, "PRAGMA foreign_key_check", -1, &s, NULL) != SQLITE_OK)
        goto sqlerr;
    if ((step = sqlite3_step(s)) == SQLITE_ROW) {
        note(why, len, "PRAGMA foreign_key_check: table %s row %lld refers to a missing %s",
             (const char *)sqlite3_column_text(s, 0), (long long)sqlite3_column_int64(s, 1),
             (const char *)sqlite3_column_text(s, 2));
        goto cleanup;
    }
    if (step != SQLITE_DONE)
        goto sqlerr;
    rc = 0;
    goto cleanup;
sqlerr:
    note(why, len, "sqlite on %s: %s", db, sqlite3_errmsg(c));
cleanup:
    sqlite3_finalize(s);
    sqlite3_close(c);
    return rc;
}

static int check_ledger(crash_ctx *cx, crash_http *h, char *why, size_t len)
{
    long st = crash_http_req(h, "GET", "/api/v1/grootboek/controle", cx->beheer, NULL);
    if (st != 200 || !json_is_true(json_object_get(h->json, "ok"))) {
        note(why, len, "GET /grootboek/controle: %ld %s", st, h->body ? h->body : "");
        return -1;
    }
    st = crash_http_req(h, "GET", "/api/v1/grootboek", cx->beheer, NULL);
    if (st != 200) {
        note(why, len, "GET /grootboek: %ld %s", st, h->body ? h->body : "");
        return -1;
    }
    const json_t *fund = json_object_get(h->json, "fonds");
    long long posted = jnum(fund, "saldoMinuten");
    long long dres = jnum(fund, "debetGereserveerdMinuten");
    long long cres = jnum(fund, "creditGereserveerdMinuten");
    size_t i;
    const json_t *o;
    json_array_foreach (json_object_get(h->json, "organisaties"), i, o) {
        posted += jnum(o, "saldoMinuten");
        dres += jnum(o, "debetGereserveerdMinuten");
        cres += jnum(o, "creditGereserveerdMinuten");
    }
    if (posted != 0 || dres != cres || jnum(h->json, "somSaldoMinuten") != 0 ||
        jnum(h->json, "somGereserveerdMinuten") != 0) {
        note(why, len,
             "balances do not sum to zero: posted %lld, reserved debit %lld vs credit %lld (%s)",
             posted, dres, cres, h->body);
        return -1;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every notitie that starts with prefix in the list at path (all pages) is there at most once. */
static int check_markers(crash_ctx *cx, crash_http *h, const char *list_path, const char *name,
                         const char *prefix, char *why, size_t len)
{
    char **seen = NULL;
    size_t n = 0, cap = 0;
    int rc = -1;
    for (int page = 1;; page++) {
        char path[384];
        snprintf(path, sizeof path, "%s&paginaGrootte=100&pagina=%d", list_path, page);
        long st = crash_http_req(h, "GET", path, cx->beheer, NULL);
        if (st != 200) {
            note(why, len, "GET %s: %ld", path, st);
            goto cleanup;
        }
        size_t i;
        const json_t *it;
        json_array_foreach (json_object_get(json_object_get(h->json, "_embedded"), name), i, it) {
            const char *m = jstr(it, "notitie");
            if (strncmp(m, prefix, strlen(prefix)) != 0)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 256;
                char **q = realloc(seen, cap * sizeof *q);
                if (q == NULL)
                    goto cleanup;
                seen = q;
            }
            seen[n++] = strdup(m);
        }
        if ((long long)page * 100 >= jnum(h->json, "totaal"))
            break;
    }
    if (n > 1)
        qsort(seen, n, sizeof *seen, cmp_str);
    for (size_t i = 1; i < n; i++)
        if (strcmp(seen[i - 1], seen[i]) == 0) {
            note(why, len, "DUPLICATE: '%s' is twice in %s", seen[i], list_path);
            goto cleanup;
        }
    rc = 0;
cleanup:
    for (size_t i = 0; i < n; i++)
        free(seen[i]);
    free(seen);
    return rc;
}

int crash_check_db(crash_ctx *cx, crash_http *h, const char *db, int markers_too, char *why,
                   size_t len)
{
    why[0] = '\0';
    if (check_ledger(cx, h, why, len) != 0 || (db != NULL && check_sqlite(db, why, len) != 0))
        return -1;
    for (int k = 0; markers_too && k < CRASH_THREADS; k++) {
        const crash_worker *w = &cx->w[k];
        char path[256];
        snprintf(path, sizeof path, "/api/v1/urenregistraties?medewerkerId=%lld", w->person);
        if (check_markers(cx, h, path, "urenregistraties", "crash uren", why, len) != 0)
            return -1;
        snprintf(path, sizeof path, "/api/v1/inzet?medewerkerId=%lld&opdrachtId=%lld", w->person,
                 w->asg);
        if (check_markers(cx, h, path, "inzet", "crash inzet", why, len) != 0)
            return -1;
    }
    return 0;
}
