/*
 * cli/demo_ledger.c — the demo network's ledger history: a network that has
 * been working for a few months.
 *
 *  1. settings: hour rate €85/h and the allocation key inwoners;
 *  2. a few money deposits by municipalities (demo-storting-N);
 *  3. the assignments that are bemenst, in uitvoering or afgerond are staffed
 *     by the teaming engine (as `noaber team`): each proposed allocation is
 *     inserted and confirmed, which reserves its minutes; when a charged
 *     organisation has no room it buys hour credit (a deposit of the
 *     shortfall, rounded up to €5,000) and the confirmation is tried again;
 *     one still refused (no consent, or after eight deposits) stays concept.
 *     The confirm runs the API's eligibility and consent checks, so an
 *     afgerond assignment is staffed while it is still in uitvoering and set
 *     back to afgerond right after;
 *  4. time entries on past working days (≤ 8 h per person per day, inside
 *     the assignment period) for part of the planned minutes of assignments
 *     in uitvoering or afgerond; most are approved (posted in the ledger), a
 *     few rejected with a reason, and recent ones partly left ingediend for
 *     the approvers;
 *  5. afgerond and geannuleerd assignments end their allocations (the rest
 *     of the reservations is voided), as the status route does;
 *  6. the last past month without undecided entries is closed as a period.
 *
 * Everything goes through the store functions the API uses, inside the
 * demo's single transaction; every choice comes from the demo's generator,
 * so the same seed (on the same day) gives the same ledger.
 */
#include "cli/demo.h"

#include "core/hours.h"
#include "core/teaming.h"
#include "store/allocations.h"
#include "store/assignments.h"
#include "store/hours_ledger.h"
#include "store/ledger_store.h"
#include "store/team_loader.h"
#include "store/time_entries.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_DL_HOUR_RATE_CENTS 8500
#define NB_DL_DAY_MAX 480    /* minutes one person records per day */
#define NB_DL_MAX_ENTRIES 30 /* per allocation */
#define NB_DL_OPEN_DAYS 14   /* entries this recent may still be undecided */

static const char *const nb_dl_notes[] = {
    "Overleg met de opdrachtgever", "Analyse en uitwerking",
    "Werksessie met het team",      "Dossieronderzoek",
    "Voorbereiding stuurgroep",     "Conceptadvies geschreven",
    "Afstemming met ketenpartners", "Verwerken van reacties",
};
static const char *const nb_dl_reasons[] = {
    "Dubbel geregistreerd; staat al op een andere dag.",
    "Deze uren horen bij een andere opdracht.",
    "Valt buiten de afgesproken opdracht; eerst overleggen.",
    "Te veel uren voor deze activiteit; graag opnieuw en gesplitst indienen.",
};

/* What the ledger history needs of one assignment. */
typedef struct nb_dl_asg {
    int64_t id;
    nb_assignment_status status;
    int32_t start, end;
    int64_t client_person_id;
} nb_dl_asg;

typedef struct nb_dl_asgs {
    nb_dl_asg *v;
    size_t n, room;
} nb_dl_asgs;

/* One confirmed allocation, in the order they were made. */
typedef struct nb_dl_alloc {
    int64_t id, person_id, minutes;
    size_t asg; /* index into nb_dl_asgs */
} nb_dl_alloc;

typedef struct nb_dl_stats {
    size_t deposits, topups, allocations, confirmed, refused, entries, approved, rejected,
        submitted, approve_refused, ended;
    int64_t voided;
    char period[32];
} nb_dl_stats;

static int nb_dl_asg_add(void *ctx, const nb_asg *a)
{
    nb_dl_asgs *c = ctx;
    if (c->n == c->room) {
        size_t room = c->room ? c->room * 2 : 64;
        nb_dl_asg *v = realloc(c->v, room * sizeof *v);
        if (v == NULL)
            return NB_ENOMEM;
        c->v = v;
        c->room = room;
    }
    nb_dl_asg *d = &c->v[c->n];
    d->id = a->id;
    d->status = a->status;
    d->client_person_id = a->client_person_id;
    if (nb_date_parse(a->start_date, &d->start) != 0 || nb_date_parse(a->end_date, &d->end) != 0)
        return NB_EINVAL;
    c->n++;
    return 0;
}

static size_t nb_dl_asg_index(const nb_dl_asgs *c, int64_t id)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].id == id)
            return i;
    return c->n;
}

/* ---- 1 + 2: settings and deposits ------------------------------------------- */

static int nb_dl_settings(nb_store *st, nb_err *err)
{
    char rate[24];
    snprintf(rate, sizeof rate, "%d", NB_DL_HOUR_RATE_CENTS);
    int rc = nb_store_setting_set(st, NB_SETTING_HOUR_RATE, rate, err);
    if (rc == 0)
        rc = nb_store_setting_set(st, NB_SETTING_ALLOC_KEY, "inwoners", err);
    return rc;
}

/* Books a deposit of money_cents at the demo's hour rate from the fund to
 * account; id and reason are the transfer's (copied). */
static int nb_dl_deposit(nb_store *st, int64_t account, int64_t money_cents, const char *id,
                         const char *reason, nb_err *err)
{
    nb_transfer t;
    nb_transfer_result res;
    int rc;
    memset(&t, 0, sizeof t);
    memset(&res, 0, sizeof res);
    snprintf(t.id, sizeof t.id, "%s", id);
    if ((rc = nb_ledger_store_fund_account(st, &t.debit_account_id, err)) != 0)
        return rc;
    t.credit_account_id = account;
    t.kind = NB_KIND_DEPOSIT;
    t.money_cents = money_cents;
    t.hour_rate_cents = NB_DL_HOUR_RATE_CENTS;
    if ((rc = nb_ledger_deposit_minutes(t.money_cents, t.hour_rate_cents, &t.amount)) != 0)
        return nb_err_set(err, rc, "demo deposit: no whole minute");
    snprintf(t.reason, sizeof t.reason, "%s", reason);
    return nb_ledger_store_apply(st, &t, 1, &res, err);
}

/* Three municipalities (fewer in a small network) bring money to the fund. */
static int nb_dl_deposits(nb_store *st, const nb_demo_network *net, nb_demo_ctx *ctx,
                          nb_dl_stats *s, nb_err *err)
{
    size_t gem[NB_DEMO_MAX_ORGS], ng = 0;
    int rc;
    for (size_t i = 0; i < ctx->norgs; i++)
        if (ctx->org_is_gemeente[i])
            gem[ng++] = i;
    if (ng == 0)
        return 0;
    size_t want = ng < 3 ? ng : 3;
    size_t start = (size_t)nb_demo_range(&ctx->rng, 0, (int64_t)ng - 1);
    for (size_t k = 0; k < want; k++) {
        size_t org = gem[(start + k) % ng];
        int64_t account = 0;
        char id[NB_TRANSFER_ID_SIZE], reason[NB_TRANSFER_REASON_SIZE];
        if ((rc = nb_ledger_store_org_account(st, ctx->org_ids[org], &account, err)) != 0)
            return rc;
        snprintf(id, sizeof id, "demo-storting-%zu", k + 1);
        snprintf(reason, sizeof reason, "Storting %s (demo)", net->members[org].name);
        /* €10,000-€40,000 */
        if ((rc = nb_dl_deposit(st, account, nb_demo_range(&ctx->rng, 20, 80) * 500 * 100, id,
                                reason, err)) != 0)
            return rc;
        s->deposits++;
    }
    return 0;
}

/* A charged organisation without room buys hour credit, as a network's members
 * do when their work is staffed: a deposit of the shortfall in the refusal,
 * rounded up to a multiple of NB_DL_TOPUP_CENTS (€5,000). */
#define NB_DL_TOPUP_CENTS ((int64_t)5000 * 100)
#define NB_DL_TOPUP_TRIES 8 /* deposits per confirmation: a regional charge may hit several */

static int nb_dl_top_up(nb_store *st, const nb_transfer_result *refused, nb_dl_stats *s,
                        nb_err *err)
{
    /* minutes per step: floor(NB_DL_TOPUP_CENTS * 60 / rate); steps to cover the shortfall */
    const int64_t step = NB_DL_TOPUP_CENTS * 60 / NB_DL_HOUR_RATE_CENTS;
    int64_t steps = (refused->shortfall + step - 1) / step;
    char id[NB_TRANSFER_ID_SIZE];
    snprintf(id, sizeof id, "demo-aanvulling-%zu", s->topups + 1);
    int rc = nb_dl_deposit(st, refused->account_id, steps * NB_DL_TOPUP_CENTS, id,
                           "Storting voor bevestigde inzet (demo)", err);
    if (rc == 0)
        s->topups++;
    return rc;
}

/* ---- 3: staffing ---------------------------------------------------------------- */

/* Assignments per team model (see nb_dl_staff). */
#define NB_DL_STAFF_CHUNK 250

/* Inserts and confirms the allocations of one solved chunk; the confirmed ones are
 * appended to list (room for res->nallocs more) at *nout. */
static int nb_dl_staff_chunk(nb_store *st, const nb_dl_asgs *asgs, const nb_team_result *res,
                             nb_dl_alloc *list, size_t *nout, nb_dl_stats *s, nb_err *err)
{
    int rc = 0;
    for (size_t i = 0; i < res->nallocs; i++) {
        const nb_team_alloc *ta = &res->allocs[i];
        nb_alloc al;
        memset(&al, 0, sizeof al);
        al.assignment_id = ta->assignment_id;
        al.line_id = ta->line_id;
        al.person_id = ta->person_id;
        al.minutes = ta->minutes;
        snprintf(al.status, sizeof al.status, "concept");
        snprintf(al.note, sizeof al.note, "Uit het teamvoorstel (demo).");
        if ((rc = nb_alloc_insert(st, &al, err)) != 0)
            return rc;
        s->allocations++;
        nb_hours_refusal refusal;
        nb_err ignore = {{0}};
        for (int tries = 0;; tries++) {
            memset(&refusal, 0, sizeof refusal);
            memset(&ignore, 0, sizeof ignore);
            rc = nb_hours_ledger_confirm(st, al.id, &refusal, &ignore);
            if (rc != NB_ELIMIT || refusal.ledger.code != NB_TR_EXCEEDS_LIMIT ||
                refusal.ledger.account_id <= 0 || refusal.ledger.shortfall <= 0 ||
                tries == NB_DL_TOPUP_TRIES)
                break;
            if ((rc = nb_dl_top_up(st, &refusal.ledger, s, err)) != 0)
                return rc;
        }
        if (rc == NB_ELIMIT) { /* still no room (or no consent): stays concept */
            s->refused++;
            continue;
        }
        if (rc != 0)
            return nb_err_set(err, rc, "%s", ignore.msg);
        s->confirmed++;
        nb_dl_alloc *d = &list[(*nout)++];
        d->id = al.id;
        d->person_id = al.person_id;
        d->minutes = al.minutes;
        d->asg = nb_dl_asg_index(asgs, al.assignment_id);
    }
    return 0;
}

static int nb_dl_staff(nb_store *st, const nb_dl_asgs *asgs, nb_dl_alloc **out, size_t *nout,
                       nb_dl_stats *s, nb_err *err)
{
    int64_t *ids = calloc(asgs->n ? asgs->n : 1, sizeof *ids);
    size_t *idx = calloc(asgs->n ? asgs->n : 1, sizeof *idx); /* ids[k] is asgs->v[idx[k]] */
    size_t nids = 0;
    nb_team_load load;
    nb_team_model *model = NULL;
    nb_team_result *res = NULL;
    nb_dl_alloc *list = NULL;
    int rc = 0;
    memset(&load, 0, sizeof load);
    *out = NULL;
    *nout = 0;
    if (ids == NULL || idx == NULL) {
        free(ids);
        free(idx);
        return NB_ENOMEM;
    }
    for (size_t i = 0; i < asgs->n; i++)
        if (asgs->v[i].status == NB_ASSIGNMENT_BEMENST ||
            asgs->v[i].status == NB_ASSIGNMENT_IN_UITVOERING ||
            asgs->v[i].status == NB_ASSIGNMENT_AFGEROND) {
            idx[nids] = i;
            ids[nids++] = asgs->v[i].id;
        }
    if (nids == 0) /* n == 0 would mean "every geaccepteerd" to the loader */
        goto cleanup;
    nb_team_config cfg;
    nb_team_config_default(&cfg);
    /* One team model per NB_DL_STAFF_CHUNK assignments: a model holds an arc for every
     * qualified (person, line), so all of a national network's staffed work at once
     * (4,500 assignments, 200,000 people) needed more than 15 GB. A chunk's load sees
     * the allocations the chunks before it confirmed (same transaction). */
    for (size_t from = 0; from < nids; from += NB_DL_STAFF_CHUNK) {
        size_t nchunk = nids - from < NB_DL_STAFF_CHUNK ? nids - from : NB_DL_STAFF_CHUNK;
        nb_team_result_free(res);
        nb_team_model_free(model);
        nb_team_load_free(&load);
        res = NULL;
        model = NULL;
        memset(&load, 0, sizeof load);
        if ((rc = nb_team_load_input(st, ids + from, nchunk, &cfg, &load, err)) != 0 ||
            (rc = nb_team_model_build(&load.in, NULL, NULL, &model, err)) != 0 ||
            (rc = nb_team_solve(model, NULL, NULL, &res, err)) != 0)
            goto cleanup;
        /* Finished work was staffed while it ran (see the file comment). */
        for (size_t k = from; k < from + nchunk && rc == 0; k++)
            if (asgs->v[idx[k]].status == NB_ASSIGNMENT_AFGEROND)
                rc = nb_asg_set_status(st, ids[k], NB_ASSIGNMENT_IN_UITVOERING, err);
        if (rc != 0)
            goto cleanup;
        nb_dl_alloc *grown = realloc(list, (*nout + res->nallocs + 1) * sizeof *list);
        if (grown == NULL) {
            rc = NB_ENOMEM;
            goto cleanup;
        }
        list = grown;
        if ((rc = nb_dl_staff_chunk(st, asgs, res, list, nout, s, err)) != 0)
            goto cleanup;
    }
    for (size_t i = 0; i < asgs->n && rc == 0; i++)
        if (asgs->v[i].status == NB_ASSIGNMENT_AFGEROND)
            rc = nb_asg_set_status(st, asgs->v[i].id, NB_ASSIGNMENT_AFGEROND, err);
    if (rc != 0)
        goto cleanup;
    *out = list;
    list = NULL;
cleanup:
    if (rc != 0)
        *nout = 0;
    free(list);
    nb_team_result_free(res);
    nb_team_model_free(model);
    nb_team_load_free(&load);
    free(idx);
    free(ids);
    return rc;
}

/* ---- 4: time entries ---------------------------------------------------------- */

/* Records, and decides, one entry; *skipped set when the day has no room. */
static int nb_dl_entry(nb_store *st, nb_demo_ctx *ctx, const nb_dl_alloc *al, const nb_dl_asg *a,
                       int32_t day, int64_t minutes, nb_entry *e, nb_dl_stats *s, nb_err *err)
{
    nb_demo_rng *r = &ctx->rng;
    char date[NB_DATE_LEN];
    int64_t used = 0;
    int rc;
    nb_date_format(day, date);
    if ((rc = nb_entry_minutes_on(st, al->person_id, date, 0, &used, err)) != 0)
        return rc;
    int64_t room = (NB_DL_DAY_MAX - used) / 30 * 30;
    if (minutes > room)
        minutes = room;
    if (minutes < 60)
        return 0;
    /* The rules of the API, so the demo never holds what the API would refuse. */
    nb_hours_entry_in in;
    memset(&in, 0, sizeof in);
    in.today = ctx->today;
    in.date = day;
    in.minutes = minutes;
    in.minutes_that_day = used;
    in.allocated = 1;
    in.assignment = (nb_hours_period){a->start, a->end};
    if (nb_hours_entry_check(&in, NULL, 0) != 0)
        return 0;
    memset(e, 0, sizeof *e);
    e->person_id = al->person_id;
    e->assignment_id = a->id;
    e->allocation_id = al->id;
    snprintf(e->date, sizeof e->date, "%s", date);
    e->minutes = minutes;
    size_t note =
        (size_t)nb_demo_range(r, 0, (int64_t)(sizeof nb_dl_notes / sizeof *nb_dl_notes) - 1);
    snprintf(e->note, sizeof e->note, "%s", nb_dl_notes[note]);
    snprintf(e->recorded_by, sizeof e->recorded_by, "medewerker:demo");
    if ((rc = nb_entry_insert(st, e, err)) != 0)
        return rc;
    s->entries++;
    /* Recent hours of running work wait for the approver half of the time. */
    int recent = a->status == NB_ASSIGNMENT_IN_UITVOERING && day > ctx->today - NB_DL_OPEN_DAYS;
    if (recent && nb_demo_range(r, 0, 1) == 0) {
        s->submitted++;
        return 0;
    }
    /* The ambtelijk opdrachtgever decides; their own hours go to beheer. */
    int64_t decider = a->client_person_id != al->person_id ? a->client_person_id : 0;
    const char *by = decider ? "medewerker:demo-opdrachtgever" : "beheer:demo";
    if (nb_demo_range(r, 0, 24) == 0) {
        const char *why = nb_dl_reasons[nb_demo_range(
            r, 0, (int64_t)(sizeof nb_dl_reasons / sizeof *nb_dl_reasons) - 1)];
        if ((rc = nb_entry_decide(st, e->id, "afgekeurd", by, decider, why, err)) != 0)
            return rc;
        s->rejected++;
        return 0;
    }
    nb_hours_refusal refusal;
    nb_err ignore = {{0}};
    memset(&refusal, 0, sizeof refusal);
    rc = nb_hours_ledger_approve(st, e->id, NULL, &refusal, &ignore);
    if (rc == NB_ELIMIT) { /* beyond the reservation and no room: stays ingediend */
        s->approve_refused++;
        s->submitted++;
        return 0;
    }
    if (rc != 0)
        return nb_err_set(err, rc, "%s", ignore.msg);
    if ((rc = nb_entry_decide(st, e->id, "goedgekeurd", by, decider, "", err)) != 0)
        return rc;
    s->approved++;
    return 0;
}

/* Entries for part of the planned minutes of one allocation, spread over working days. */
static int nb_dl_entries_of(nb_store *st, nb_demo_ctx *ctx, const nb_dl_alloc *al,
                            const nb_dl_asg *a, int32_t *days, nb_entry *e, nb_dl_stats *s,
                            nb_err *err)
{
    nb_demo_rng *r = &ctx->rng;
    int32_t last = a->end < ctx->today ? a->end : ctx->today;
    size_t nd = 0;
    for (int32_t d = a->start; d <= last; d++)
        if (nb_date_weekday(d) <= 5)
            days[nd++] = d;
    if (nd == 0)
        return 0;
    int64_t pct;
    if (a->status == NB_ASSIGNMENT_AFGEROND) {
        pct = nb_demo_range(r, 70, 100);
    } else {
        int64_t elapsed = (int64_t)(last - a->start + 1) * 100 / (int64_t)(a->end - a->start + 1);
        pct = elapsed * nb_demo_range(r, 60, 100) / 100;
    }
    int64_t target = al->minutes * pct / 100;
    if (target < 60)
        return 0;
    int64_t n = (target + INT64_C(6) * 60 - 1) / (INT64_C(6) * 60);
    if (n > NB_DL_MAX_ENTRIES)
        n = NB_DL_MAX_ENTRIES;
    if (n > (int64_t)nd)
        n = (int64_t)nd;
    int64_t base = target / n / 30 * 30;
    for (int64_t i = 0; i < n; i++) {
        size_t lo = (size_t)i * nd / (size_t)n, hi = (size_t)(i + 1) * nd / (size_t)n;
        size_t idx = lo + (size_t)nb_demo_range(r, 0, (int64_t)(hi - lo) - 1);
        int64_t m = base + nb_demo_range(r, -2, 2) * 30;
        if (m < 60)
            m = 60;
        if (m > NB_DL_DAY_MAX)
            m = NB_DL_DAY_MAX;
        int rc = nb_dl_entry(st, ctx, al, a, days[idx], m, e, s, err);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int nb_dl_time_entries(nb_store *st, nb_demo_ctx *ctx, const nb_dl_asgs *asgs,
                              const nb_dl_alloc *allocs, size_t nallocs, nb_dl_stats *s,
                              nb_err *err)
{
    int32_t span = 1;
    for (size_t i = 0; i < asgs->n; i++)
        if (asgs->v[i].end - asgs->v[i].start + 1 > span)
            span = asgs->v[i].end - asgs->v[i].start + 1;
    int32_t *days = calloc((size_t)span, sizeof *days);
    nb_entry *e = malloc(sizeof *e);
    int rc = 0;
    if (days == NULL || e == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < nallocs && rc == 0; i++) {
        const nb_dl_alloc *al = &allocs[i];
        if (al->asg >= asgs->n)
            continue;
        const nb_dl_asg *a = &asgs->v[al->asg];
        if (a->status != NB_ASSIGNMENT_IN_UITVOERING && a->status != NB_ASSIGNMENT_AFGEROND)
            continue;
        /* Hours go to the person's first confirmed allocation on the assignment
         * (as the API books them); a second line of the same person gets none. */
        int64_t first = 0;
        if ((rc = nb_alloc_find_confirmed(st, al->person_id, a->id, &first, err)) != 0)
            break;
        if (first != al->id)
            continue;
        rc = nb_dl_entries_of(st, ctx, al, a, days, e, s, err);
    }
cleanup:
    free(e);
    free(days);
    return rc;
}

/* ---- 5 + 6: ending and closing -------------------------------------------------- */

static int nb_dl_end(nb_store *st, const nb_dl_asgs *asgs, nb_dl_stats *s, nb_err *err)
{
    for (size_t i = 0; i < asgs->n; i++) {
        if (!nb_assignment_status_is_final(asgs->v[i].status))
            continue;
        size_t ended = 0;
        int64_t voided = 0;
        int rc = nb_hours_ledger_end_assignment(st, asgs->v[i].id, &ended, &voided, err);
        if (rc != 0)
            return rc;
        s->ended += ended;
        s->voided += voided;
    }
    return 0;
}

/* Closes the most recent of the last two calendar months without undecided entries. */
static int nb_dl_close_period(nb_store *st, const nb_demo_ctx *ctx, nb_dl_stats *s, nb_err *err)
{
    int y, m, d;
    nb_date_to_ymd(ctx->today, &y, &m, &d);
    for (int back = 1; back <= 2; back++) {
        int py = y, pm = m - back;
        if (pm < 1) {
            pm += 12;
            py--;
        }
        int ny = pm == 12 ? py + 1 : py, nm = pm == 12 ? 1 : pm + 1;
        nb_period p;
        memset(&p, 0, sizeof p);
        nb_date_format(nb_date_from_ymd(py, pm, 1), p.from);
        nb_date_format(nb_date_from_ymd(ny, nm, 1) - 1, p.to);
        int64_t open = 0;
        int rc = nb_entry_count_open(st, p.from, p.to, &open, err);
        if (rc != 0)
            return rc;
        if (open > 0)
            continue;
        snprintf(p.closed_by, sizeof p.closed_by, "beheer:demo");
        if ((rc = nb_period_insert(st, &p, err)) != 0)
            return rc;
        snprintf(s->period, sizeof s->period, "%s t/m %s", p.from, p.to);
        return 0;
    }
    return 0;
}

/* ---- The whole history -------------------------------------------------------- */

int nb_demo_ledger(nb_store *st, const nb_demo_network *net, nb_demo_ctx *ctx, nb_err *err)
{
    nb_dl_asgs asgs = {NULL, 0, 0};
    nb_dl_alloc *allocs = NULL;
    size_t nallocs = 0;
    nb_dl_stats s;
    int rc;
    memset(&s, 0, sizeof s);
    if ((rc = nb_dl_settings(st, err)) != 0 || (rc = nb_dl_deposits(st, net, ctx, &s, err)) != 0 ||
        (rc = nb_asg_list(st, NULL, 0, -1, nb_dl_asg_add, &asgs, NULL, err)) != 0 ||
        (rc = nb_dl_staff(st, &asgs, &allocs, &nallocs, &s, err)) != 0 ||
        (rc = nb_dl_time_entries(st, ctx, &asgs, allocs, nallocs, &s, err)) != 0 ||
        (rc = nb_dl_end(st, &asgs, &s, err)) != 0 ||
        (rc = nb_dl_close_period(st, ctx, &s, err)) != 0)
        goto cleanup;
    if ((rc = nb_ledger_store_list(st, NULL, 0, 0, NULL, NULL, &ctx->ntransfers, err)) != 0)
        goto cleanup;
    ctx->nallocations = s.allocations;
    ctx->nentries = s.entries;
    char detail[512];
    snprintf(
        detail, sizeof detail,
        "{\"stortingen\":%zu,\"aanvullingen\":%zu,\"inzet\":%zu,\"bevestigd\":%zu,\"geweigerd\":%zu,"
        "\"urenregistraties\":%zu,\"goedgekeurd\":%zu,\"afgekeurd\":%zu,\"ingediend\":%zu,"
        "\"beeindigd\":%zu,\"vrijgegevenMinuten\":%lld,\"boekingen\":%lld,"
        "\"afgeslotenPeriode\":\"%s\"}",
        s.deposits, s.topups, s.allocations, s.confirmed, s.refused, s.entries, s.approved,
        s.rejected, s.submitted, s.ended, (long long)s.voided, (long long)ctx->ntransfers,
        s.period);
    nb_actor actor = {"cli", "system", "local"};
    rc = nb_store_audit(st, &actor, "demo", "grootboek", 0, detail, err);
cleanup:
    free(allocs);
    free(asgs.v);
    return rc;
}
