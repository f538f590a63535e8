/*
 * store/budget.c — the hours budget of a year (store/budget.h): three
 * queries (the ledger's figures, the open reservations, the year's
 * assignments), core/budget.h for the spreading and the projection, and the
 * CSV.
 */
#include "store/budget.h"

#include "core/hours.h"
#include "store/assignments.h"
#include "store/hours_ledger.h"
#include "store/statement.h"
#include "util/date.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int nb_budget_may_see(const nb_principal *who, int64_t org_id)
{
    return nb_statement_may_see(who, org_id);
}

typedef struct nb_budget_load_ctx {
    nb_budget *b;
    size_t cap;
} nb_budget_load_ctx;

static int nb_budget_collect(void *ctx, const nb_ledger_period_row *r)
{
    nb_budget_load_ctx *c = ctx;
    nb_budget *b = c->b;
    if (b->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        nb_budget_row *v = realloc(b->rows, cap * sizeof *v);
        if (v == NULL)
            return NB_ENOMEM;
        b->rows = v;
        c->cap = cap;
    }
    nb_budget_row *o = &b->rows[b->n++];
    memset(o, 0, sizeof *o);
    o->fig.organisation_id = r->organisation_id;
    o->fig.opening = r->opening;
    o->fig.taken = r->taken;
    o->fig.brought = r->brought;
    o->fig.deposit_minutes = r->deposit_minutes;
    o->fig.deposit_cents = r->deposit_cents;
    o->fig.closing = r->closing;
    o->fig.credit_line = r->credit_line;
    /* what is reserved and not tied to an allocation (a pending adjustment
     * booked by hand) is kept here and counted as due now below */
    o->fig.reserved_taken = r->debits_pending;
    o->fig.reserved_brought = r->credits_pending;
    snprintf(o->org_code, sizeof o->org_code, "%s", r->org_code);
    snprintf(o->org_name, sizeof o->org_name, "%s", r->org_name);
    snprintf(o->org_kind, sizeof o->org_kind, "%s", r->org_kind);
    return 0;
}

/* The row of organisation id, or NULL (the fund; rows are few: linear). */
static nb_budget_row *nb_budget_find(nb_budget *b, int64_t id)
{
    if (id <= 0)
        return NULL;
    for (size_t i = 0; i < b->n; i++)
        if (b->rows[i].fig.organisation_id == id)
            return &b->rows[i];
    return NULL;
}

/* A stored "YYYY-MM-DD" as a day number; NB_EDB when it does not parse. */
static int nb_budget_day(const char *s, int32_t *day, nb_err *err)
{
    if (nb_date_parse(s, day) != 0)
        return nb_err_set(err, NB_EDB, "stored date '%s' does not parse", s);
    return 0;
}

/*
 * The open reservations of allocations with their assignment's period,
 * spread by core/budget.h. Each row's account pending sums (loaded with the
 * ledger's figures) hold every open reservation; what no allocation explains
 * is added as due now.
 */
static int nb_budget_planned(nb_store *st, nb_budget *b, int32_t today, int32_t until, nb_err *err)
{
    static const char sql[] =
        "SELECT da.organisation_id, ca.organisation_id, t.amount, asg.start_date, asg.end_date "
        "FROM allocation_reservations ar JOIN ledger_transfers t ON t.tid = ar.transfer_id "
        "JOIN ledger_accounts da ON da.id = t.debit_account_id "
        "JOIN ledger_accounts ca ON ca.id = t.credit_account_id "
        "JOIN allocations al ON al.id = ar.allocation_id "
        "JOIN assignments asg ON asg.id = al.assignment_id "
        "WHERE ar.state = 'open' AND t.pending_state = 'open'";
    int64_t *taken = calloc(b->n ? b->n : 1, sizeof *taken);
    int64_t *brought = calloc(b->n ? b->n : 1, sizeof *brought);
    int rc = 0, r;
    nb_db_stmt *s = NULL;
    if (taken == NULL || brought == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
        goto cleanup;
    }
    /* the account sums, then the reservations are taken out of them again */
    for (size_t i = 0; i < b->n; i++) {
        taken[i] = b->rows[i].fig.reserved_taken;
        brought[i] = b->rows[i].fig.reserved_brought;
        b->rows[i].fig.reserved_taken = 0;
        b->rows[i].fig.reserved_brought = 0;
    }
    if ((s = nb_store_stmt(st, sql, err)) == NULL) {
        rc = NB_EDB;
        goto cleanup;
    }
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        int32_t start, end;
        nb_budget_row *tk = nb_budget_find(b, nb_db_col_int(s, 0));
        nb_budget_row *br = nb_budget_find(b, nb_db_col_int(s, 1));
        int64_t minutes = nb_db_col_int(s, 2);
        if ((rc = nb_budget_day(nb_store_col_text(s, 3), &start, err)) != 0 ||
            (rc = nb_budget_day(nb_store_col_text(s, 4), &end, err)) != 0)
            break;
        nb_budget_plan_add(tk ? &tk->fig : NULL, br ? &br->fig : NULL, minutes, start, end, today,
                           until);
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "budget reservations");
    nb_db_reset(s);
    if (rc != 0)
        goto cleanup;
    for (size_t i = 0; i < b->n; i++) {
        nb_budget_org *o = &b->rows[i].fig;
        int64_t rest_taken = taken[i] - o->reserved_taken;
        int64_t rest_brought = brought[i] - o->reserved_brought;
        if (rest_taken > 0)
            nb_budget_plan_add(o, NULL, rest_taken, 0, 0, today, until);
        if (rest_brought > 0)
            nb_budget_plan_add(NULL, o, rest_brought, 0, 0, today, until);
    }
cleanup:
    free(taken);
    free(brought);
    return rc;
}

/* One accepted assignment still to be done and what no confirmed allocation covers. */
typedef struct nb_budget_open_asg {
    int64_t id;
    nb_assignment_kind kind;
    int32_t start, end;
    int64_t unplanned;
    size_t first, n; /* its requesters in the requester array */
} nb_budget_open_asg;

typedef struct nb_budget_vec {
    void *v;
    size_t n, cap, size;
} nb_budget_vec;

/* A new zeroed element at the end of vec, or NULL when out of memory. */
static void *nb_budget_push(nb_budget_vec *vec)
{
    if (vec->n == vec->cap) {
        size_t cap = vec->cap ? vec->cap * 2 : 32;
        void *v = realloc(vec->v, cap * vec->size);
        if (v == NULL)
            return NULL;
        vec->v = v;
        vec->cap = cap;
    }
    void *e = (char *)vec->v + vec->n++ * vec->size;
    memset(e, 0, vec->size);
    return e;
}

/*
 * Accepted work not yet given to people: per assignment that is accepted and
 * not done (geaccepteerd, bemenst, in-uitvoering) and starts by the year's
 * end, per line its minutes less what confirmed allocations on that line
 * plan and ended ones posted, never below 0 (nb_budget_line_unplanned: a
 * line allocated beyond its minutes hides no other line's shortfall), summed;
 * split over the organisations it charges (nb_hours_charge: the requesters
 * by share, a regional one the gemeenten by the network's key) and spread
 * over its period. Two queries (the lines of the assignments, their
 * requesters), merged by assignment id. An assignment that cannot be charged
 * (no requester) is left out: it cannot be booked either.
 */
static int nb_budget_unplanned(nb_store *st, nb_budget *b, int32_t today, int32_t until,
                               nb_err *err)
{
    static const char asg_sql[] =
        "SELECT a.id, a.kind, a.start_date, a.end_date, l.minutes, "
        "(SELECT coalesce(sum(CASE WHEN al.status = 'bevestigd' THEN al.minutes "
        "ELSE al.minutes_posted END), 0) FROM allocations al WHERE al.assignment_id = a.id "
        "AND al.line_id = l.id AND al.status <> 'concept') FROM assignments a "
        "JOIN assignment_lines l ON l.assignment_id = a.id "
        "WHERE a.status IN ('geaccepteerd', 'bemenst', 'in-uitvoering') AND a.start_date <= $1 "
        "ORDER BY a.id, l.position";
    static const char req_sql[] =
        "SELECT r.assignment_id, r.organisation_id, r.share FROM assignment_requesters r "
        "JOIN assignments a ON a.id = r.assignment_id "
        "WHERE a.status IN ('geaccepteerd', 'bemenst', 'in-uitvoering') AND a.start_date <= $1 "
        "ORDER BY r.assignment_id, r.organisation_id";
    nb_budget_vec asgs = {NULL, 0, 0, sizeof(nb_budget_open_asg)};
    nb_budget_vec reqs = {NULL, 0, 0, sizeof(nb_assignment_requester)};
    nb_budget_vec req_asgs = {NULL, 0, 0, sizeof(int64_t)}; /* each requester's assignment */
    nb_key_member *members = NULL;
    nb_hours_part *parts = NULL;
    size_t nmembers = 0;
    nb_key_kind key = NB_KEY_INWONERS;
    char until_s[NB_DATE_LEN];
    int rc = 0, r;
    nb_db_stmt *s;
    if (until < today)
        return 0; /* a year that is over plans nothing */
    nb_date_format(until, until_s);
    if ((s = nb_store_stmt(st, asg_sql, err)) == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, until_s);
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        int64_t id = nb_db_col_int(s, 0);
        int64_t open = nb_budget_line_unplanned(nb_db_col_int(s, 4), nb_db_col_int(s, 5));
        nb_budget_open_asg *a = asgs.n > 0 ? (nb_budget_open_asg *)asgs.v + (asgs.n - 1) : NULL;
        if (a != NULL && a->id == id) { /* the next line of the same assignment */
            a->unplanned += open;
            continue;
        }
        if ((a = nb_budget_push(&asgs)) == NULL) {
            rc = nb_err_set(err, NB_ENOMEM, "out of memory");
            break;
        }
        a->id = id;
        a->unplanned = open;
        if (nb_assignment_kind_parse(nb_store_col_text(s, 1), &a->kind) != 0) {
            rc = nb_err_set(err, NB_EDB, "stored assignment kind does not parse");
            break;
        }
        if ((rc = nb_budget_day(nb_store_col_text(s, 2), &a->start, err)) != 0 ||
            (rc = nb_budget_day(nb_store_col_text(s, 3), &a->end, err)) != 0)
            break;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "budget assignments to plan");
    nb_db_reset(s);
    if (rc != 0 || asgs.n == 0)
        goto cleanup;
    if ((s = nb_store_stmt(st, req_sql, err)) == NULL) {
        rc = NB_EDB;
        goto cleanup;
    }
    nb_store_bind_text(st, s, 1, until_s);
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        nb_assignment_requester *q = nb_budget_push(&reqs);
        int64_t *qa = nb_budget_push(&req_asgs);
        if (q == NULL || qa == NULL) {
            /* straight to cleanup: reqs and req_asgs may differ in length */
            nb_db_reset(s);
            rc = nb_err_set(err, NB_ENOMEM, "out of memory");
            goto cleanup;
        }
        *qa = nb_db_col_int(s, 0);
        q->organisation_id = nb_db_col_int(s, 1);
        q->share = nb_db_col_int(s, 2);
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "budget requesters");
    nb_db_reset(s);
    if (rc != 0)
        goto cleanup;
    members = calloc(NB_HOURS_MAX_PARTS, sizeof *members);
    parts = calloc(NB_HOURS_MAX_PARTS, sizeof *parts);
    if (members == NULL || parts == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
        goto cleanup;
    }
    if ((rc = nb_hours_ledger_members(st, members, &nmembers, &key, err)) != 0)
        goto cleanup;
    nb_budget_open_asg *av = asgs.v;
    nb_assignment_requester *rv = reqs.v;
    const int64_t *req_asg = req_asgs.v;
    for (size_t i = 0, k = 0; i < asgs.n; i++) {
        nb_budget_open_asg *a = &av[i];
        while (k < reqs.n && req_asg[k] < a->id)
            k++;
        a->first = k;
        while (k < reqs.n && req_asg[k] == a->id)
            k++;
        a->n = k - a->first;
        if (a->unplanned <= 0)
            continue; /* every line is covered */
        nb_hours_charge_in in = {a->kind, rv + a->first, a->n, members, nmembers, key};
        size_t np = 0;
        nb_err why = {{0}};
        if (nb_hours_charge(&in, a->unplanned, parts, NB_HOURS_MAX_PARTS, &np, &why) != 0)
            continue; /* cannot be charged, so cannot be booked either */
        for (size_t j = 0; j < np; j++) {
            nb_budget_row *o = nb_budget_find(b, parts[j].org_id);
            if (o != NULL)
                nb_budget_unplanned_add(&o->fig, parts[j].minutes, a->start, a->end, today, until);
        }
    }
cleanup:
    free(asgs.v);
    free(reqs.v);
    free(req_asgs.v);
    free(members);
    free(parts);
    return rc;
}

/* The year's assignments (accepted and later: the work programme; not
 * concept, ingediend, geannuleerd or samengevoegd) whose period overlaps the
 * year, with each line's part of the year (its month profile, or the days:
 * core/budget.h nb_budget_line_part) and the approved minutes worked on them
 * in it. One row per line (an assignment without lines: one row of none),
 * ordered by assignment; a stored profile that does not parse is NB_EDB. */
static int nb_budget_assignments(nb_store *st, nb_budget *b, nb_err *err)
{
    static const char sql[] =
        "SELECT a.id, a.start_date, a.end_date, coalesce(l.minutes, 0), l.month_profile, "
        "coalesce(l.id, 0), "
        "(SELECT coalesce(sum(te.minutes), 0) FROM time_entries te WHERE te.assignment_id = a.id "
        "AND te.status = 'goedgekeurd' AND te.work_date >= $1 AND te.work_date <= $2) "
        "FROM assignments a LEFT JOIN assignment_lines l ON l.assignment_id = a.id "
        "WHERE a.status IN ('geaccepteerd', 'bemenst', 'in-uitvoering', 'afgerond') "
        "AND a.start_date <= $2 AND a.end_date >= $1 ORDER BY a.id, l.position";
    int32_t from, to;
    int rc = 0, r;
    if ((rc = nb_budget_day(b->from, &from, err)) != 0 ||
        (rc = nb_budget_day(b->to, &to, err)) != 0)
        return rc;
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, b->from);
    nb_store_bind_text(st, s, 2, b->to);
    int64_t last = 0, part = 0, done = 0;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        int32_t start, end;
        int64_t id = nb_db_col_int(s, 0), line = 0;
        nb_line_profile p;
        if ((rc = nb_budget_day(nb_store_col_text(s, 1), &start, err)) != 0 ||
            (rc = nb_budget_day(nb_store_col_text(s, 2), &end, err)) != 0 ||
            (rc = nb_asg_profile_read(nb_store_col_text(s, 4), nb_db_col_int(s, 5), &p, err)) != 0)
            break;
        if (id != last) { /* the previous assignment is complete */
            if (last != 0)
                nb_budget_network_add(&b->network, part, done);
            last = id;
            part = 0;
            done = nb_db_col_int(s, 6);
        }
        if (nb_budget_line_part(nb_db_col_int(s, 3), p.e, p.n, start, end, from, to, &line) != 0) {
            rc = nb_err_set(err, NB_ENOMEM, "out of memory");
            break;
        }
        part += line;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "budget assignments");
    nb_db_reset(s);
    if (rc == 0 && last != 0)
        nb_budget_network_add(&b->network, part, done);
    if (rc == 0)
        nb_budget_network_finish(&b->network);
    return rc;
}

int nb_budget_load(nb_store *st, int year, int32_t today, const nb_principal *who, nb_budget *out,
                   nb_err *err)
{
    memset(out, 0, sizeof *out);
    if (year < NB_BUDGET_YEAR_MIN || year > NB_BUDGET_YEAR_MAX)
        return nb_err_set(err, NB_EINVAL, "jaar moet tussen %d en %d liggen", NB_BUDGET_YEAR_MIN,
                          NB_BUDGET_YEAR_MAX);
    int32_t first = nb_date_from_ymd(year, 1, 1), last = nb_date_from_ymd(year, 12, 31);
    out->year = year;
    nb_date_format(first, out->from);
    nb_date_format(last, out->to);
    nb_date_format(today, out->today);
    int rc = nb_ledger_store_hour_rate(st, &out->hour_rate_cents, err);
    if (rc == NB_ENOTFOUND) {
        out->hour_rate_cents = 0;
        rc = 0;
    }
    if (rc != 0)
        return rc;
    nb_budget_load_ctx c = {out, 0};
    rc = nb_ledger_store_period_rows(st, nb_date_amsterdam_midnight(first),
                                     nb_date_amsterdam_midnight(last + 1), nb_budget_collect, &c,
                                     err);
    if (rc == NB_ENOMEM)
        nb_err_set(err, rc, "out of memory");
    if (rc == 0)
        rc = nb_budget_planned(st, out, today, last, err);
    if (rc == 0)
        rc = nb_budget_unplanned(st, out, today, last, err);
    if (rc == 0)
        rc = nb_budget_assignments(st, out, err);
    if (rc != 0)
        return rc;
    size_t k = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (who != NULL && !nb_budget_may_see(who, out->rows[i].fig.organisation_id))
            continue;
        nb_budget_finish(&out->rows[i].fig);
        out->alerts += out->rows[i].fig.projected_over;
        out->rows[k++] = out->rows[i];
    }
    out->n = k;
    return 0;
}

void nb_budget_free(nb_budget *b)
{
    free(b->rows);
    b->rows = NULL;
    b->n = 0;
}

/* ------------------------------------------------------------------------ */
/* CSV                                                                       */
/* ------------------------------------------------------------------------ */

const char *const nb_budget_csv_columns[] = {
    "jaar",
    "organisatie",
    "code",
    "soort",
    "beginsaldo uren",
    "afgenomen uren",
    "geleverd uren",
    "gestort euro",
    "uurkrediet gestort uren",
    "overig uren",
    "saldo uren",
    "gereserveerd afgenomen uren",
    "gereserveerd geleverd uren",
    "gepland afgenomen tot jaareinde uren",
    "gepland geleverd tot jaareinde uren",
    "nog niet ingepland tot jaareinde uren",
    "prognose saldo jaareinde uren",
    "kredietlijn uren",
    "kredietlijn gebruikt procent",
    "prognose kredietlijn gebruikt procent",
    "prognose over kredietlijn",
    "saldo minuten",
    "prognose saldo jaareinde minuten",
    "kredietlijn minuten",
    "netwerk totaal opdrachten uren",
    "netwerk gedaan uren",
    NULL,
};

/* Cents as euros with a decimal comma ("-12,50"). */
static void nb_budget_csv_euros(nb_buf *b, int64_t cents)
{
    uint64_t c = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
    if (cents < 0)
        nb_buf_putc(b, '-');
    nb_statement_csv_int(b, (int64_t)(c / 100));
    char frac[3] = {',', (char)('0' + c % 100 / 10), (char)('0' + c % 10)};
    nb_buf_append(b, frac, sizeof frac);
}

static void nb_budget_csv_sep(nb_buf *b)
{
    nb_buf_putc(b, ';');
}

void nb_budget_csv(const nb_budget *bg, nb_buf *b)
{
    nb_buf_puts(b, "\xEF\xBB\xBF"); /* UTF-8 BOM: Excel then reads UTF-8 */
    for (size_t k = 0; nb_budget_csv_columns[k]; k++) {
        if (k)
            nb_budget_csv_sep(b);
        nb_buf_puts(b, nb_budget_csv_columns[k]);
    }
    nb_buf_puts(b, "\r\n");
    for (size_t i = 0; i < bg->n; i++) {
        const nb_budget_row *r = &bg->rows[i];
        const nb_budget_org *f = &r->fig;
        nb_statement_csv_int(b, bg->year);
        nb_budget_csv_sep(b);
        nb_statement_csv_field(b, r->org_name);
        nb_budget_csv_sep(b);
        nb_statement_csv_field(b, r->org_code);
        nb_budget_csv_sep(b);
        nb_statement_csv_field(b, r->org_kind);
        const int64_t hours[] = {
            f->opening,          f->taken,         f->brought,         -1,
            f->deposit_minutes,  f->other,         f->closing,         f->reserved_taken,
            f->reserved_brought, f->planned_taken, f->planned_brought, f->projected,
            f->credit_line};
        for (size_t k = 0; k < sizeof hours / sizeof hours[0]; k++) {
            nb_budget_csv_sep(b);
            if (k == 3)
                nb_budget_csv_euros(b, f->deposit_cents);
            else
                nb_statement_csv_hours(b, hours[k]);
        }
        nb_budget_csv_sep(b);
        if (f->used_pct >= 0)
            nb_statement_csv_int(b, f->used_pct);
        nb_budget_csv_sep(b);
        if (f->projected_pct >= 0)
            nb_statement_csv_int(b, f->projected_pct);
        nb_budget_csv_sep(b);
        nb_buf_puts(b, f->projected_over ? "ja" : "nee");
        nb_budget_csv_sep(b);
        nb_statement_csv_int(b, f->closing);
        nb_budget_csv_sep(b);
        nb_statement_csv_int(b, f->projected);
        nb_budget_csv_sep(b);
        nb_statement_csv_int(b, f->credit_line);
        nb_budget_csv_sep(b);
        nb_statement_csv_hours(b, bg->network.total);
        nb_budget_csv_sep(b);
        nb_statement_csv_hours(b, bg->network.done);
        nb_buf_puts(b, "\r\n");
    }
}
