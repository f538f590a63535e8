/*
 * store/settlements.c — settlement (verrekening) in the store: the preview,
 * booking it (one linked chain of ledger transfers plus the settlement rows,
 * in the caller's transaction), loading and listing; see settlements.h.
 */
#include "store/settlements.h"

#include "store/ledger_store.h"
#include "store/statement.h"
#include "store/time_entries.h"
#include "util/date.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nb_settlement_clear(nb_settlement *s)
{
    if (s == NULL)
        return;
    free(s->lines);
    memset(s, 0, sizeof *s);
}

/* ---- The period ------------------------------------------------------------ */

/* Fills s->from/to/year/period_id from rq. */
static int nb_settle_period(nb_store *st, const nb_settle_request *rq, nb_settlement *s,
                            nb_settle_problem *pb, nb_err *err)
{
    if ((rq->year != 0) == (rq->period_id != 0)) {
        pb->fault = NB_SETTLE_F_PERIOD;
        return nb_err_set(err, NB_EINVAL,
                          "Geef een jaar of een afgesloten periode op (één van beide).");
    }
    if (rq->year != 0) {
        if (rq->year < NB_SETTLE_YEAR_MIN || rq->year > NB_SETTLE_YEAR_MAX) {
            pb->fault = NB_SETTLE_F_PERIOD;
            return nb_err_set(err, NB_EINVAL, "Het jaar ligt buiten %d-%d.", NB_SETTLE_YEAR_MIN,
                              NB_SETTLE_YEAR_MAX);
        }
        s->year = rq->year;
        snprintf(s->from, sizeof s->from, "%04d-01-01", rq->year);
        snprintf(s->to, sizeof s->to, "%04d-12-31", rq->year);
        return 0;
    }
    nb_period p;
    int rc = nb_period_get(st, rq->period_id, &p, err);
    if (rc == NB_ENOTFOUND) {
        pb->fault = NB_SETTLE_F_PERIOD_UNKNOWN;
        return nb_err_set(err, NB_ENOTFOUND, "Afgesloten periode %lld bestaat niet.",
                          (long long)rq->period_id);
    }
    if (rc != 0)
        return rc;
    s->period_id = p.id;
    snprintf(s->from, sizeof s->from, "%s", p.from);
    snprintf(s->to, sizeof s->to, "%s", p.to);
    return 0;
}

/* Days of [from, to] that lie in closed periods into *covered. */
static int nb_settle_covered(nb_store *st, const char *from, const char *to, int64_t *covered,
                             nb_err *err)
{
    static const char sql[] = "SELECT max(closed_from, $1), min(closed_to, $2) FROM periods "
                              "WHERE closed_to >= $1 AND closed_from <= $2";
    int32_t a, b;
    *covered = 0;
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, from);
    nb_store_bind_text(st, s, 2, to);
    int r, rc = 0;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        if (nb_date_parse(nb_store_col_text(s, 0), &a) != 0 ||
            nb_date_parse(nb_store_col_text(s, 1), &b) != 0) {
            rc = nb_err_set(err, NB_EDB, "a closed period with a bad date");
            break;
        }
        *covered += (int64_t)b - a + 1; /* closed periods never overlap */
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "periods");
    nb_db_reset(s);
    return rc;
}

/*
 * Why s's period cannot be settled now, into why ("" when it can): not
 * closed, not ended, settled already or a later settlement exists, no rate.
 * *code receives the NB_E* of the reason and pb the fault.
 */
static int nb_settle_blocked(nb_store *st, nb_settlement *s, int *code, nb_settle_problem *pb,
                             nb_err *err)
{
    static const char later_sql[] = "SELECT id, period_from, period_to FROM settlements "
                                    "WHERE period_to >= $1 ORDER BY id LIMIT 1";
    int32_t from, to;
    int64_t covered = 0;
    *code = 0;
    s->blocked[0] = '\0';
    if (nb_date_parse(s->from, &from) != 0 || nb_date_parse(s->to, &to) != 0)
        return nb_err_set(err, NB_EDB, "a period with a bad date");
    int rc = nb_settle_covered(st, s->from, s->to, &covered, err);
    if (rc != 0)
        return rc;
    if (covered < (int64_t)to - from + 1) {
        pb->fault = NB_SETTLE_F_OPEN;
        *code = NB_ECONFLICT;
        snprintf(s->blocked, sizeof s->blocked,
                 "%s t/m %s is nog niet afgesloten (%lld van de %lld dagen liggen in een "
                 "afgesloten periode); sluit de periode eerst af.",
                 s->from, s->to, (long long)covered, (long long)to - from + 1);
        return 0;
    }
    if (to >= nb_date_today()) {
        pb->fault = NB_SETTLE_F_OPEN;
        *code = NB_ECONFLICT;
        snprintf(s->blocked, sizeof s->blocked,
                 "%s t/m %s is nog niet voorbij; verreken na de laatste dag.", s->from, s->to);
        return 0;
    }
    nb_db_stmt *q = nb_store_stmt(st, later_sql, err);
    if (q == NULL)
        return NB_EDB;
    nb_store_bind_text(st, q, 1, s->from);
    int r = nb_store_step(st, q);
    if (r == NB_DB_ROW) {
        pb->fault = NB_SETTLE_F_SETTLED;
        pb->settlement_id = nb_db_col_int(q, 0);
        *code = NB_ECONFLICT;
        int same = strcmp(nb_store_col_text(q, 1), s->from) == 0 &&
                   strcmp(nb_store_col_text(q, 2), s->to) == 0;
        snprintf(s->blocked, sizeof s->blocked,
                 same ? "%s t/m %s is al verrekend (verrekening %lld)."
                      : "%s t/m %s overlapt met of ligt vóór een eerdere verrekening "
                        "(verrekening %lld); verrekeningen gaan vooruit in de tijd.",
                 s->from, s->to, (long long)pb->settlement_id);
    } else if (r != NB_DB_DONE) {
        rc = nb_store_fail(st, err, "settlements");
    }
    nb_db_reset(q);
    if (rc != 0 || *code != 0)
        return rc;
    rc = nb_ledger_store_hour_rate(st, &s->rate_cents, err);
    if (rc == NB_ENOTFOUND) {
        pb->fault = NB_SETTLE_F_RATE;
        *code = NB_ECONFLICT;
        snprintf(s->blocked, sizeof s->blocked,
                 "Het netwerk heeft nog geen uurtarief; stel dat eerst in.");
        return 0;
    }
    return rc;
}

/* ---- The lines ------------------------------------------------------------- */

typedef struct nb_settle_rows {
    nb_ledger_account_row *rows;
    size_t n, cap;
} nb_settle_rows;

static int nb_settle_row_add(void *ctx, const nb_ledger_account_row *row)
{
    nb_settle_rows *r = ctx;
    if (row->organisation_id == 0)
        return 0; /* the fund */
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        nb_ledger_account_row *p = realloc(r->rows, cap * sizeof *p);
        if (p == NULL)
            return NB_ENOMEM;
        r->rows = p;
        r->cap = cap;
    }
    r->rows[r->n++] = *row;
    return 0;
}

/* The choice rq makes for organisation org (overboeken when not named). */
static nb_settle_choice nb_settle_pick_of(const nb_settle_request *rq, int64_t org)
{
    for (size_t i = 0; i < rq->n_picks; i++)
        if (rq->picks[i].organisation_id == org)
            return rq->picks[i].choice;
    return NB_SETTLE_CARRY;
}

/* Checks rq's picks against the organisations in rows. */
static int nb_settle_check_picks(const nb_settle_request *rq, const nb_settle_rows *rows,
                                 nb_settle_problem *pb, nb_err *err)
{
    for (size_t i = 0; i < rq->n_picks; i++) {
        const nb_settle_pick *p = &rq->picks[i];
        pb->index = i;
        if (p->choice != NB_SETTLE_CARRY && p->choice != NB_SETTLE_MONEY) {
            pb->fault = NB_SETTLE_F_CHOICE;
            return nb_err_set(err, NB_EINVAL, "Kies overboeken of verrekenen.");
        }
        for (size_t j = 0; j < i; j++)
            if (rq->picks[j].organisation_id == p->organisation_id) {
                pb->fault = NB_SETTLE_F_ORG_TWICE;
                return nb_err_set(err, NB_EINVAL, "Organisatie %lld staat er twee keer in.",
                                  (long long)p->organisation_id);
            }
        size_t k = 0;
        while (k < rows->n && rows->rows[k].organisation_id != p->organisation_id)
            k++;
        if (k == rows->n) {
            pb->fault = NB_SETTLE_F_ORG_UNKNOWN;
            return nb_err_set(err, NB_ENOTFOUND, "Organisatie %lld bestaat niet.",
                              (long long)p->organisation_id);
        }
    }
    pb->index = 0;
    return 0;
}

/* Fills s->lines: one per organisation, with balances, the period's work and
 * the money of its choice (rate 0: no money yet). */
static int nb_settle_lines(nb_store *st, const nb_settle_request *rq, nb_settlement *s,
                           nb_settle_problem *pb, nb_err *err)
{
    nb_settle_rows rows = {0};
    int32_t from, to;
    int rc = nb_ledger_store_accounts(st, nb_settle_row_add, &rows, err);
    if (rc != 0)
        goto cleanup;
    if ((rc = nb_settle_check_picks(rq, &rows, pb, err)) != 0)
        goto cleanup;
    if (nb_date_parse(s->from, &from) != 0 || nb_date_parse(s->to, &to) != 0) {
        rc = nb_err_set(err, NB_EDB, "a period with a bad date");
        goto cleanup;
    }
    int64_t from_ts = nb_date_amsterdam_midnight(from), to_ts = nb_date_amsterdam_midnight(to + 1);
    s->lines = calloc(rows.n ? rows.n : 1, sizeof *s->lines);
    if (s->lines == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    s->n = rows.n;
    for (size_t i = 0; i < rows.n; i++) {
        const nb_ledger_account_row *r = &rows.rows[i];
        nb_settle_line *l = &s->lines[i];
        const nb_account *a = &r->account;
        l->organisation_id = r->organisation_id;
        snprintf(l->org_code, sizeof l->org_code, "%s", r->org_code);
        snprintf(l->org_name, sizeof l->org_name, "%s", r->org_name);
        l->choice = nb_settle_pick_of(rq, r->organisation_id);
        l->balance_minutes = a->credits_posted - a->debits_posted;
        l->money_possible = l->balance_minutes <= 0 || a->debits_pending <= a->credit_line_minutes;
        if (a->id != 0) {
            nb_ledger_stmt_sums sums;
            rc = nb_ledger_store_statement_sums(st, a->id, from_ts, to_ts, NB_KIND_WORK, 0, 0,
                                                &sums, err);
            if (rc != 0)
                goto cleanup;
            l->brought_minutes = sums.given;
            l->taken_minutes = -sums.taken;
        }
        if (l->choice == NB_SETTLE_MONEY && s->rate_cents > 0) {
            if ((rc = nb_settle_cents(l->balance_minutes, s->rate_cents, &l->amount_cents)) != 0) {
                rc = nb_err_set(err, NB_EDB, "a balance beyond the ledger's range");
                goto cleanup;
            }
            if (l->amount_cents < 0)
                s->paid_cents -= l->amount_cents;
            else
                s->received_cents += l->amount_cents;
        }
    }
cleanup:
    free(rows.rows);
    return rc;
}

int nb_settle_preview(nb_store *st, const nb_settle_request *rq, nb_settlement *out,
                      nb_settle_problem *problem, nb_err *err)
{
    int code = 0;
    nb_settlement_clear(out);
    memset(problem, 0, sizeof *problem);
    int rc = nb_settle_period(st, rq, out, problem, err);
    if (rc == 0)
        rc = nb_settle_blocked(st, out, &code, problem, err);
    if (rc == 0 && out->rate_cents == 0) { /* blocked before the rate was read */
        rc = nb_ledger_store_hour_rate(st, &out->rate_cents, err);
        if (rc == NB_ENOTFOUND)
            rc = 0; /* blocked says so */
    }
    if (rc != 0)
        return rc;
    problem->fault = NB_SETTLE_OK; /* a blocked period is not a fault of the preview */
    if ((rc = nb_settle_lines(st, rq, out, problem, err)) != 0)
        return rc;
    for (size_t i = 0; i < out->n; i++)
        if (out->lines[i].choice == NB_SETTLE_MONEY && out->lines[i].balance_minutes != 0)
            out->settled_count++;
    return 0;
}

/* ---- Booking ---------------------------------------------------------------- */

/* The request's content as one text: the period and the organisations settled
 * in money, by id (overboeken is the default, so naming it changes nothing). */
static char *nb_settle_key(const nb_settle_request *rq)
{
    size_t n = 0;
    int64_t *ids = calloc(rq->n_picks ? rq->n_picks : 1, sizeof *ids);
    if (ids == NULL)
        return NULL;
    for (size_t i = 0; i < rq->n_picks; i++)
        if (rq->picks[i].choice == NB_SETTLE_MONEY) {
            size_t j = n++;
            while (j > 0 && ids[j - 1] > rq->picks[i].organisation_id) {
                ids[j] = ids[j - 1];
                j--;
            }
            ids[j] = rq->picks[i].organisation_id;
        }
    size_t cap = 64 + n * 24;
    char *key = malloc(cap);
    if (key != NULL) {
        size_t len =
            rq->year ? (size_t)snprintf(key, cap, "jaar=%d;verrekenen=", rq->year)
                     : (size_t)snprintf(key, cap, "periode=%" PRId64 ";verrekenen=", rq->period_id);
        for (size_t i = 0; i < n && len < cap; i++)
            len += (size_t)snprintf(key + len, cap - len, "%s%" PRId64, i ? "," : "", ids[i]);
    }
    free(ids);
    return key;
}

/* The settlement booked under request_id, if any: *id and its key (owned). */
static int nb_settle_find_request(nb_store *st, const char *request_id, int64_t *id, char **key,
                                  nb_err *err)
{
    static const char sql[] = "SELECT id, request_key FROM settlements WHERE request_id = $1";
    *id = 0;
    *key = NULL;
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, request_id);
    int r = nb_store_step(st, s), rc = 0;
    if (r == NB_DB_ROW) {
        *id = nb_db_col_int(s, 0);
        *key = strdup(nb_store_col_text(s, 1));
        if (*key == NULL)
            rc = NB_ENOMEM;
    } else if (r != NB_DB_DONE) {
        rc = nb_store_fail(st, err, "settlements");
    }
    nb_db_reset(s);
    return rc;
}

/* The id the next settlement gets (the write transaction holds the only writer). */
static int nb_settle_next_id(nb_store *st, int64_t *id, nb_err *err)
{
    static const char sql[] = "SELECT COALESCE(max(id), 0) + 1 FROM settlements";
    nb_db_stmt *q = nb_store_stmt(st, sql, err);
    if (q == NULL)
        return NB_EDB;
    int r = nb_store_step(st, q), rc = 0;
    if (r == NB_DB_ROW)
        *id = nb_db_col_int(q, 0);
    else
        rc = nb_store_fail(st, err, "settlements");
    nb_db_reset(q);
    return rc;
}

static int nb_settle_insert(nb_store *st, nb_settlement *s, const char *key, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO settlements (id, request_id, request_key, period_from, period_to, year, "
        "period_id, hour_rate_cents, created_by, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    nb_db_stmt *q = nb_store_stmt(st, sql, err);
    if (q == NULL)
        return NB_EDB;
    nb_time_now_iso(s->created_at);
    nb_store_bind_int(st, q, 1, s->id);
    nb_store_bind_text(st, q, 2, s->request_id);
    nb_store_bind_text(st, q, 3, key);
    nb_store_bind_text(st, q, 4, s->from);
    nb_store_bind_text(st, q, 5, s->to);
    nb_store_bind_opt_id(st, q, 6, s->year);
    nb_store_bind_opt_id(st, q, 7, s->period_id);
    nb_store_bind_int(st, q, 8, s->rate_cents);
    nb_store_bind_text(st, q, 9, s->created_by);
    nb_store_bind_text(st, q, 10, s->created_at);
    return nb_store_exec_stmt(st, q, err);
}

static int nb_settle_insert_line(nb_store *st, int64_t sid, const nb_settle_line *l, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO settlement_lines (settlement_id, organisation_id, choice, balance_minutes, "
        "brought_minutes, taken_minutes, amount_cents, transfer_tid) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    nb_db_stmt *q = nb_store_stmt(st, sql, err);
    if (q == NULL)
        return NB_EDB;
    nb_store_bind_int(st, q, 1, sid);
    nb_store_bind_int(st, q, 2, l->organisation_id);
    nb_store_bind_text(st, q, 3, nb_settle_choice_name(l->choice));
    nb_store_bind_int(st, q, 4, l->balance_minutes);
    nb_store_bind_int(st, q, 5, l->brought_minutes);
    nb_store_bind_int(st, q, 6, l->taken_minutes);
    nb_store_bind_int(st, q, 7, l->amount_cents);
    nb_store_bind_text(st, q, 8, l->transfer_id[0] ? l->transfer_id : NULL);
    return nb_store_exec_stmt(st, q, err);
}

/* Builds and applies the linked chain of money transfers of s. */
static int nb_settle_transfers(nb_store *st, nb_settlement *s, nb_settle_problem *pb, nb_err *err)
{
    int64_t fund = 0;
    size_t n = 0;
    char reason[NB_TRANSFER_REASON_SIZE];
    nb_transfer *batch = calloc(s->n ? s->n : 1, sizeof *batch);
    size_t *line_of = calloc(s->n ? s->n : 1, sizeof *line_of);
    nb_transfer_result *res = NULL;
    int rc = batch && line_of ? 0 : NB_ENOMEM;
    if (rc == 0)
        rc = nb_ledger_store_fund_account(st, &fund, err);
    snprintf(reason, sizeof reason, "Verrekening %s t/m %s", s->from, s->to);
    for (size_t i = 0; rc == 0 && i < s->n; i++) {
        nb_settle_line *l = &s->lines[i];
        int64_t acct = 0;
        char tid[NB_TRANSFER_ID_SIZE];
        if (l->choice != NB_SETTLE_MONEY || l->balance_minutes == 0)
            continue;
        if ((rc = nb_ledger_store_org_account(st, l->organisation_id, &acct, err)) != 0)
            break;
        snprintf(tid, sizeof tid,
                 "%s"
                 "vr:%" PRId64 ":%" PRId64,
                 NB_LEDGER_SYSTEM_PREFIX, s->id, l->organisation_id);
        int k = nb_settle_transfer(l->balance_minutes, l->choice, s->rate_cents, fund, acct, tid,
                                   reason, &batch[n], NULL);
        if (k < 0) {
            rc = nb_err_set(err, NB_EDB, "a settlement transfer that cannot be made");
            break;
        }
        snprintf(l->transfer_id, sizeof l->transfer_id, "%s", tid);
        line_of[n++] = i;
    }
    if (rc != 0 || n == 0)
        goto cleanup;
    for (size_t i = 0; i + 1 < n; i++)
        batch[i].flags |= NB_TRANSFER_LINKED;
    res = calloc(n, sizeof *res);
    if (res == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    rc = nb_ledger_store_apply(st, batch, n, res, err);
    if (rc == NB_ELIMIT || rc == NB_ECONFLICT) {
        for (size_t i = 0; i < n; i++)
            if (res[i].code != NB_TR_OK && res[i].code != NB_TR_LINKED_EVENT_FAILED) {
                const nb_settle_line *l = &s->lines[line_of[i]];
                pb->fault = NB_SETTLE_F_LIMIT;
                pb->organisation_id = l->organisation_id;
                rc = nb_err_set(err, NB_ELIMIT,
                                "%s kan zijn saldo van %lld minuten nu niet in geld verrekenen: "
                                "de reserveringen gaan boven de kredietlijn (%s). Kies "
                                "overboeken, of verreken na het vrijgeven van de reserveringen.",
                                l->org_name, (long long)l->balance_minutes,
                                nb_ledger_code_name(res[i].code));
                break;
            }
    }
cleanup:
    free(res);
    free(line_of);
    free(batch);
    return rc;
}

static int nb_settle_audit(nb_store *st, const nb_actor *actor, const nb_settlement *s, nb_err *err)
{
    json_t *d =
        json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I}", "verzoekId", s->request_id, "van", s->from,
                  "tot", s->to, "uurtariefCent", (json_int_t)s->rate_cents, "verrekend",
                  (json_int_t)s->settled_count, "betaaldCent", (json_int_t)s->paid_cents,
                  "ontvangenCent", (json_int_t)s->received_cents);
    char *text = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(d);
    if (text == NULL)
        return NB_ENOMEM;
    int rc = nb_store_audit(st, actor, "create", "verrekening", s->id, text, err);
    free(text);
    return rc;
}

int nb_settle_book(nb_store *st, const nb_actor *actor, const char *created_by,
                   const nb_settle_request *rq, nb_settlement *out, int *replayed,
                   nb_settle_problem *problem, nb_err *err)
{
    int64_t old = 0;
    char *old_key = NULL, *key = NULL;
    int code = 0;
    *replayed = 0;
    nb_settlement_clear(out);
    memset(problem, 0, sizeof *problem);
    int rc = nb_settle_find_request(st, rq->request_id ? rq->request_id : "", &old, &old_key, err);
    if (rc != 0)
        goto cleanup;
    key = nb_settle_key(rq);
    if (key == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    if (old != 0) {
        if (strcmp(old_key, key) != 0) {
            problem->fault = NB_SETTLE_F_ID_REUSED;
            problem->settlement_id = old;
            rc = nb_err_set(err, NB_ECONFLICT,
                            "verzoekId %s is al gebruikt voor verrekening %lld, met een andere "
                            "inhoud; kies een nieuw verzoekId.",
                            rq->request_id, (long long)old);
            goto cleanup;
        }
        *replayed = 1;
        rc = nb_settle_get(st, old, out, err);
        goto cleanup;
    }
    snprintf(out->request_id, sizeof out->request_id, "%s", rq->request_id ? rq->request_id : "");
    snprintf(out->created_by, sizeof out->created_by, "%s", created_by);
    if ((rc = nb_settle_period(st, rq, out, problem, err)) != 0 ||
        (rc = nb_settle_blocked(st, out, &code, problem, err)) != 0)
        goto cleanup;
    if (code != 0) {
        rc = nb_err_set(err, code, "%s", out->blocked);
        goto cleanup;
    }
    /* the transfers first: a refusal writes nothing at all (the ledger writes a
     * batch whole or not), so also a caller that reads on in the same
     * transaction sees no trace of it */
    if ((rc = nb_settle_lines(st, rq, out, problem, err)) != 0 ||
        (rc = nb_settle_next_id(st, &out->id, err)) != 0 ||
        (rc = nb_settle_transfers(st, out, problem, err)) != 0 ||
        (rc = nb_settle_insert(st, out, key, err)) != 0)
        goto cleanup;
    for (size_t i = 0; i < out->n; i++) {
        if ((rc = nb_settle_insert_line(st, out->id, &out->lines[i], err)) != 0)
            goto cleanup;
        if (out->lines[i].transfer_id[0])
            out->settled_count++;
    }
    rc = nb_settle_audit(st, actor, out, err);
cleanup:
    if (rc != 0 && *replayed == 0)
        out->id = 0;
    free(key);
    free(old_key);
    return rc;
}

/* ---- Reading ---------------------------------------------------------------- */

#define NB_SETTLE_COLUMNS                                                                       \
    "SELECT s.id, s.request_id, s.period_from, s.period_to, COALESCE(s.year, 0), "              \
    "COALESCE(s.period_id, 0), s.hour_rate_cents, s.created_by, s.created_at, "                 \
    "(SELECT COALESCE(-sum(amount_cents), 0) FROM settlement_lines WHERE settlement_id = s.id " \
    "AND amount_cents < 0), "                                                                   \
    "(SELECT COALESCE(sum(amount_cents), 0) FROM settlement_lines WHERE settlement_id = s.id "  \
    "AND amount_cents > 0), "                                                                   \
    "(SELECT count(*) FROM settlement_lines WHERE settlement_id = s.id AND transfer_tid IS "    \
    "NOT NULL) FROM settlements s"

static void nb_settle_decode(nb_db_stmt *q, void *out)
{
    nb_settlement *s = out;
    free(s->lines);
    memset(s, 0, sizeof *s);
    s->id = nb_db_col_int(q, 0);
    nb_store_col_copy(q, 1, s->request_id, sizeof s->request_id);
    nb_store_col_copy(q, 2, s->from, sizeof s->from);
    nb_store_col_copy(q, 3, s->to, sizeof s->to);
    s->year = (int)nb_db_col_int(q, 4);
    s->period_id = nb_db_col_int(q, 5);
    s->rate_cents = nb_db_col_int(q, 6);
    nb_store_col_copy(q, 7, s->created_by, sizeof s->created_by);
    nb_store_col_copy(q, 8, s->created_at, sizeof s->created_at);
    s->paid_cents = nb_db_col_int(q, 9);
    s->received_cents = nb_db_col_int(q, 10);
    s->settled_count = nb_db_col_int(q, 11);
}

int nb_settle_get(nb_store *st, int64_t id, nb_settlement *out, nb_err *err)
{
    static const char sql[] = NB_SETTLE_COLUMNS " WHERE s.id = $1";
    static const char lines_sql[] =
        "SELECT l.organisation_id, o.code, o.name, l.choice, l.balance_minutes, "
        "l.brought_minutes, l.taken_minutes, l.amount_cents, COALESCE(l.transfer_tid, '') "
        "FROM settlement_lines l JOIN organisations o ON o.id = l.organisation_id "
        "WHERE l.settlement_id = $1 ORDER BY o.name, o.code, o.id";
    static const char count_sql[] =
        "SELECT count(*) FROM settlement_lines WHERE settlement_id = $1";
    nb_settlement_clear(out);
    int rc = nb_store_get_one(st, sql, id, nb_settle_decode, out, "Verrekening", err);
    if (rc != 0)
        return rc;
    int64_t n = 0;
    if ((rc = nb_store_find_id(st, count_sql, id, &n, "settlement_lines", err)) != 0)
        return rc;
    out->lines = calloc(n > 0 ? (size_t)n : 1, sizeof *out->lines);
    if (out->lines == NULL)
        return NB_ENOMEM;
    nb_db_stmt *q = nb_store_stmt(st, lines_sql, err);
    if (q == NULL)
        return NB_EDB;
    nb_store_bind_int(st, q, 1, id);
    int r;
    while ((r = nb_store_step(st, q)) == NB_DB_ROW && out->n < (size_t)n) {
        nb_settle_line *l = &out->lines[out->n++];
        l->organisation_id = nb_db_col_int(q, 0);
        nb_store_col_copy(q, 1, l->org_code, sizeof l->org_code);
        nb_store_col_copy(q, 2, l->org_name, sizeof l->org_name);
        l->choice = nb_settle_choice_parse(nb_store_col_text(q, 3));
        l->balance_minutes = nb_db_col_int(q, 4);
        l->brought_minutes = nb_db_col_int(q, 5);
        l->taken_minutes = nb_db_col_int(q, 6);
        l->amount_cents = nb_db_col_int(q, 7);
        nb_store_col_copy(q, 8, l->transfer_id, sizeof l->transfer_id);
    }
    rc = r == NB_DB_DONE || r == NB_DB_ROW ? 0 : nb_store_fail(st, err, "settlement_lines");
    nb_db_reset(q);
    return rc;
}

typedef struct nb_settle_each_ctx {
    int (*fn)(void *ctx, const nb_settlement *s);
    void *ctx;
    nb_settlement row;
} nb_settle_each_ctx;

static int nb_settle_each(void *c, nb_db_stmt *q)
{
    nb_settle_each_ctx *e = c;
    nb_settle_decode(q, &e->row);
    return e->fn(e->ctx, &e->row);
}

int nb_settle_list(nb_store *st, int64_t offset, int64_t limit,
                   int (*each)(void *ctx, const nb_settlement *s), void *ctx, int64_t *total,
                   nb_err *err)
{
    static const char count_sql[] = "SELECT count(*) FROM settlements";
    static const char list_sql[] =
        NB_SETTLE_COLUMNS " ORDER BY s.period_to DESC, s.id DESC LIMIT $1 OFFSET $2";
    nb_settle_each_ctx e;
    memset(&e, 0, sizeof e);
    e.fn = each;
    e.ctx = ctx;
    return nb_store_page(st, count_sql, list_sql, NULL, NULL, 1, offset, limit, nb_settle_each, &e,
                         total, "settlements", err);
}

/* ---- CSV ---------------------------------------------------------------------- */

/* Cents as euros with a decimal comma ("-600,00"), a number for Dutch Excel. */
static void nb_settle_csv_euro(nb_buf *b, int64_t cents)
{
    uint64_t m = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
    char frac[3] = {',', (char)('0' + m % 100 / 10), (char)('0' + m % 10)};
    if (cents < 0)
        nb_buf_putc(b, '-');
    nb_statement_csv_int(b, (int64_t)(m / 100));
    nb_buf_append(b, frac, sizeof frac);
}

void nb_settlement_csv(const nb_settlement *s, int64_t org, nb_buf *b)
{
    nb_buf_puts(b, "\xEF\xBB\xBF"
                   "verrekening;periode van;periode tot;organisatie;code;keuze;saldo minuten;"
                   "saldo uren;geleverd uren;afgenomen uren;uurtarief euro;bedrag euro;richting;"
                   "boeking\r\n");
    for (size_t i = 0; i < s->n; i++) {
        const nb_settle_line *l = &s->lines[i];
        if (org > 0 && l->organisation_id != org)
            continue;
        nb_statement_csv_int(b, s->id);
        nb_buf_putc(b, ';');
        nb_statement_csv_field(b, s->from);
        nb_buf_putc(b, ';');
        nb_statement_csv_field(b, s->to);
        nb_buf_putc(b, ';');
        nb_statement_csv_field(b, l->org_name);
        nb_buf_putc(b, ';');
        nb_statement_csv_field(b, l->org_code);
        nb_buf_putc(b, ';');
        nb_statement_csv_field(b, nb_settle_choice_name(l->choice));
        nb_buf_putc(b, ';');
        nb_statement_csv_int(b, l->balance_minutes);
        nb_buf_putc(b, ';');
        nb_statement_csv_hours(b, l->balance_minutes);
        nb_buf_putc(b, ';');
        nb_statement_csv_hours(b, l->brought_minutes);
        nb_buf_putc(b, ';');
        nb_statement_csv_hours(b, l->taken_minutes);
        nb_buf_putc(b, ';');
        nb_settle_csv_euro(b, s->rate_cents);
        nb_buf_putc(b, ';');
        nb_settle_csv_euro(b, l->amount_cents);
        nb_buf_putc(b, ';');
        nb_statement_csv_field(b, l->amount_cents < 0   ? "betaalt"
                                  : l->amount_cents > 0 ? "ontvangt"
                                                        : "geen");
        nb_buf_putc(b, ';');
        nb_statement_csv_field(b, l->transfer_id);
        nb_buf_puts(b, "\r\n");
    }
}
