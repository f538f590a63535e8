/*
 * store/team_proposals.c — making and accepting a team proposal (contract in
 * team_proposals.h): moved out of api/teamvoorstellen.c so that the API, the
 * MT's pages and the CLI share one path.
 */
#include "store/team_proposals.h"

#include "store/allocations.h"
#include "store/assignments.h"
#include "util/date.h"
#include "util/sorted.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* As api/common.c nb_api_audit_detail writes audit details. */
static int nb_tp_audit(nb_store *st, const nb_actor *actor, const char *action, int64_t id,
                       const json_t *detail, nb_err *err)
{
    char *text =
        detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15)) : NULL;
    int rc = nb_store_audit(st, actor, action, "teamvoorstel", id, text, err);
    free(text);
    return rc;
}

int nb_tp_status_ok(nb_assignment_status s)
{
    return s == NB_ASSIGNMENT_GEACCEPTEERD || s == NB_ASSIGNMENT_BEMENST ||
           s == NB_ASSIGNMENT_IN_UITVOERING;
}

/* ---- Make ------------------------------------------------------------------- */

/* "YYYY-MM" of calendar month cm (year × 12 + month − 1). */
static void nb_tp_month_text(int32_t cm, char out[8])
{
    snprintf(out, 8, "%04d-%02d", (int)((cm / 12) % 10000), (int)(cm % 12 + 1));
}

/*
 * 1 when l was planned per calendar month: the loader was asked for month
 * buckets and they are the calendar months of the period (not the one window
 * it falls back to beyond its limit).
 */
static int nb_tp_calendar_months(const nb_team_load *l)
{
    int32_t cm = 0;
    char ym[8]; /* the month of period_end, "YYYY-MM-DD" */
    snprintf(ym, sizeof ym, "%s", l->period_end);
    if (!l->in.config.month_buckets || nb_date_parse_month(ym, &cm) != 0)
        return 0;
    return l->first_month + (int32_t)l->nmonths - 1 == cm;
}

/* A person's organisation, sorted by person for bsearch. */
typedef struct nb_tp_person_org {
    int64_t person_id;
    int64_t organisation_id;
} nb_tp_person_org;

static int nb_tp_person_org_cmp(const void *a, const void *b)
{
    int64_t x = ((const nb_tp_person_org *)a)->person_id;
    int64_t y = ((const nb_tp_person_org *)b)->person_id;
    return (x > y) - (x < y);
}

/* The per-month part of r (loads, month shortages) as rows of proposal p. */
static int nb_tp_save_months(nb_store *st, const nb_proposal *p, const nb_team_load *l,
                             const nb_team_result *r, nb_err *err)
{
    int rc = 0;
    size_t np = l->in.npeople;
    nb_tp_person_org *orgs = malloc((np ? np : 1) * sizeof *orgs);
    if (orgs == NULL)
        return NB_ENOMEM;
    for (size_t k = 0; k < np; k++)
        orgs[k] = (nb_tp_person_org){l->in.people[k].id, l->in.people[k].organisation_id};
    if (np > 1)
        qsort(orgs, np, sizeof *orgs, nb_tp_person_org_cmp);
    for (size_t i = 0; i < r->nloads && rc == 0; i++) {
        const nb_team_month_load *ml = &r->loads[i];
        nb_proposal_load pl;
        memset(&pl, 0, sizeof pl);
        pl.proposal_id = p->id;
        pl.person_id = ml->person_id;
        const nb_tp_person_org key = {ml->person_id, 0};
        const nb_tp_person_org *hit =
            np ? bsearch(&key, orgs, np, sizeof *orgs, nb_tp_person_org_cmp) : NULL;
        pl.organisation_id = hit ? hit->organisation_id : 0;
        nb_tp_month_text(l->first_month + ml->month, pl.month);
        pl.minutes = ml->minutes;
        pl.capacity = ml->capacity;
        pl.available = ml->available;
        rc = nb_proposal_load_insert(st, &pl, err);
    }
    free(orgs);
    nb_proposal_month_short *ps = malloc(sizeof *ps);
    if (ps == NULL)
        return rc != 0 ? rc : NB_ENOMEM;
    for (size_t i = 0; i < r->nmonth_shortages && rc == 0; i++) {
        const nb_team_month_short *s = &r->month_shortages[i];
        memset(ps, 0, sizeof *ps);
        ps->proposal_id = p->id;
        ps->assignment_id = s->assignment_id;
        ps->line_id = s->line_id;
        nb_tp_month_text(l->first_month + s->month, ps->month);
        ps->minutes_requested = s->minutes_requested;
        ps->minutes_unmet = s->minutes_unmet;
        snprintf(ps->kind, sizeof ps->kind, "%s", nb_team_short_kind_name(s->kind));
        nb_team_month_short_reason(s, l->first_month + s->month, &l->in.config, ps->reason,
                                   sizeof ps->reason);
        rc = nb_proposal_month_short_insert(st, ps, err);
    }
    free(ps);
    return rc;
}

int nb_tp_save(nb_store *st, nb_proposal *p, const nb_team_load *l, const nb_team_result *r,
               nb_err *err)
{
    int rc;
    snprintf(p->period_start, sizeof p->period_start, "%s", l->period_start);
    snprintf(p->period_end, sizeof p->period_end, "%s", l->period_end);
    p->cost_total = r->cost_total;
    p->cost_optimum = r->cost_optimum;
    p->cost_gap = r->cost_gap;
    p->minutes_requested = r->minutes_requested;
    p->minutes_allocated = r->minutes_allocated;
    p->minutes_unmet = r->minutes_unmet;
    p->rounds = r->rounds;
    int per_month = nb_tp_calendar_months(l);
    p->months = per_month ? (int64_t)l->nmonths : 0;
    if ((rc = nb_proposal_insert(st, p, err)) != 0)
        return rc;
    nb_proposal_line *pl = malloc(sizeof *pl);
    if (pl == NULL)
        return NB_ENOMEM;
    for (size_t i = 0; i < r->nallocs && rc == 0; i++) {
        const nb_team_alloc *a = &r->allocs[i];
        memset(pl, 0, sizeof *pl);
        pl->proposal_id = p->id;
        pl->assignment_id = a->assignment_id;
        pl->line_id = a->line_id;
        pl->person_id = a->person_id;
        pl->organisation_id = a->organisation_id;
        pl->minutes = a->minutes;
        pl->level = a->level;
        pl->min_level = a->min_level;
        pl->cost_overqual = a->cost_overqual;
        pl->cost_wish = a->cost_wish;
        pl->cost_continuity = a->cost_continuity;
        pl->cost_home = a->cost_home;
        pl->cost_fairness = a->cost_fairness;
        pl->cost_load = a->cost_load;
        pl->cost_total = a->cost_total;
        json_t *reasons = json_array();
        for (size_t k = 0; k < a->nreasons; k++)
            json_array_append_new(reasons, json_string(a->reasons[k]));
        char *text = json_dumps(reasons, JSON_COMPACT);
        json_decref(reasons);
        snprintf(pl->reasons, sizeof pl->reasons, "%s", text ? text : "[]");
        free(text);
        rc = nb_proposal_line_insert(st, pl, err);
    }
    free(pl);
    for (size_t i = 0; i < r->nshortages && rc == 0; i++) {
        const nb_team_shortage *s = &r->shortages[i];
        nb_proposal_shortage ps;
        memset(&ps, 0, sizeof ps);
        ps.proposal_id = p->id;
        ps.assignment_id = s->assignment_id;
        ps.line_id = s->line_id;
        ps.competency_id = s->competency_id;
        ps.min_level = s->min_level;
        ps.minutes_requested = s->minutes_requested;
        ps.minutes_unmet = s->minutes_unmet;
        ps.candidates = s->candidates;
        snprintf(ps.kind, sizeof ps.kind, "%s", nb_team_short_kind_name(s->kind));
        snprintf(ps.reason, sizeof ps.reason, "%s", s->reason);
        rc = nb_proposal_shortage_insert(st, &ps, err);
    }
    if (rc == 0 && per_month)
        rc = nb_tp_save_months(st, p, l, r, err);
    return rc;
}

/* The cost model and the request as stored in the proposal's parameters. */
static json_t *nb_tp_params_json(const int64_t *ids, size_t n, const nb_team_config *c)
{
    json_t *j = json_object();
    if (n > 0) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, json_integer(ids[i]));
        json_object_set_new(j, "opdrachtIds", a);
    } else {
        json_object_set_new(j, "alleGeaccepteerde", json_true());
    }
    json_object_set_new(j, "minimaleInzetMinuten", json_integer(c->min_alloc_minutes));
    json_object_set_new(j, "maxTeamgrootte", json_integer(c->max_team_size));
    json_object_set_new(j, "belastingsgrensProcent", json_integer(c->load_cap_pct));
    json_object_set_new(j, "belastingsschijvenProcent",
                        json_pack("[I, I, I]", (json_int_t)c->seg_pct[0], (json_int_t)c->seg_pct[1],
                                  (json_int_t)c->seg_pct[2]));
    json_object_set_new(j, "belastingsschijvenKosten",
                        json_pack("[I, I, I]", (json_int_t)c->seg_cost[0],
                                  (json_int_t)c->seg_cost[1], (json_int_t)c->seg_cost[2]));
    json_object_set_new(j, "kostenOverkwalificatie", json_integer(c->overqual_cost));
    json_object_set_new(j, "bonusLeerwens", json_integer(c->wish_bonus));
    json_object_set_new(j, "bonusContinuiteit", json_integer(c->continuity_bonus));
    json_object_set_new(j, "kostenEigenOrganisatie", json_integer(c->home_cost));
    json_object_set_new(j, "gewichtBalans", json_integer(c->fairness_weight));
    json_object_set_new(j, "balansEenheidMinuten", json_integer(c->fairness_unit_minutes));
    json_object_set_new(j, "balansMaximum", json_integer(c->fairness_max));
    json_object_set_new(j, "kostenTekort", json_integer(c->unmet_cost));
    json_object_set_new(j, "perMaand", json_boolean(c->month_buckets != 0));
    return j;
}

int nb_tp_make(nb_store *st, const nb_actor *actor, const int64_t *ids, size_t n,
               const nb_team_config *cfg, int64_t *id, nb_err *err)
{
    nb_team_load load;
    nb_team_model *model = NULL;
    nb_team_result *res = NULL;
    nb_proposal *p = NULL;
    json_t *detail = NULL;
    int rc;
    memset(&load, 0, sizeof load);
    if ((rc = nb_team_load_input(st, ids, n, cfg, &load, err)) != 0 ||
        (rc = nb_team_model_build(&load.in, NULL, NULL, &model, err)) != 0 ||
        (rc = nb_team_solve(model, NULL, NULL, &res, err)) != 0)
        goto cleanup;
    if ((p = calloc(1, sizeof *p)) == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    json_t *params = nb_tp_params_json(ids, n, cfg);
    char *text = json_dumps(params, JSON_COMPACT);
    json_decref(params);
    snprintf(p->parameters, sizeof p->parameters, "%s", text ? text : "{}");
    free(text);
    snprintf(p->created_by, sizeof p->created_by, "%s:%s", actor->role,
             actor->name); /* rol:label */
    detail = json_pack("{s:I, s:I, s:I}", "inzetRegels", (json_int_t)res->nallocs, "tekorten",
                       (json_int_t)res->nshortages, "kosten", (json_int_t)res->cost_total);
    if ((rc = nb_tp_save(st, p, &load, res, err)) == 0)
        rc = nb_tp_audit(st, actor, "create", p->id, detail, err);
    if (rc == 0)
        *id = p->id;
cleanup:
    json_decref(detail);
    free(p);
    nb_team_result_free(res);
    nb_team_model_free(model);
    nb_team_load_free(&load);
    return rc;
}

/* ---- Assignments that still need people ------------------------------------- */

/* got is cast to BIGINT: PostgreSQL's SUM of integers is numeric, and the
 * scalar max() of migration 001 takes integers (SQLite: no change). */

#define NB_TP_OPEN_FROM                                                                        \
    "FROM assignments a JOIN (SELECT l.assignment_id, "                                        \
    "SUM(MAX(l.minutes - COALESCE(s.got, 0), 0)) AS open_minutes, "                            \
    "SUM(l.minutes - COALESCE(s.got, 0) > 0) AS open_lines FROM assignment_lines l "           \
    "LEFT JOIN (SELECT line_id, CAST(SUM(CASE WHEN status = 'beeindigd' THEN minutes_posted "  \
    "ELSE minutes END) AS BIGINT) AS got FROM allocations GROUP BY line_id) s ON s.line_id = " \
    "l.id "                                                                                    \
    "GROUP BY l.assignment_id) o ON o.assignment_id = a.id "                                   \
    "WHERE a.status IN ('geaccepteerd', 'bemenst', 'in-uitvoering') AND o.open_minutes > 0 "   \
    "AND instr(lower(a.title), lower($1)) > 0 "

int nb_tp_open_list(nb_store *st, const char *search, int64_t offset, int64_t limit,
                    int (*fn)(void *ctx, const nb_tp_open *o), void *ctx, int64_t *total,
                    nb_err *err)
{
    static const char count_sql[] = "SELECT count(*) " NB_TP_OPEN_FROM;
    static const char sql[] =
        "SELECT a.id, a.title, a.status, o.open_minutes, o.open_lines " NB_TP_OPEN_FROM
        "ORDER BY a.id LIMIT $2 OFFSET $3";
    const char *q = search ? search : "";
    int r, rc = 0;
    if (total) {
        nb_db_stmt *c = nb_store_stmt(st, count_sql, err);
        if (c == NULL)
            return NB_EDB;
        nb_store_bind_text(st, c, 1, q);
        if (nb_store_step(st, c) == NB_DB_ROW)
            *total = nb_db_col_int(c, 0);
        else
            rc = nb_store_fail(st, err, "open assignments");
        nb_db_reset(c);
        if (rc != 0)
            return rc;
    }
    if (fn == NULL)
        return 0;
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, q);
    nb_store_bind_int(st, s, 2, limit);
    nb_store_bind_int(st, s, 3, offset);
    nb_tp_open o;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        memset(&o, 0, sizeof o);
        o.id = nb_db_col_int(s, 0);
        nb_store_col_copy(s, 1, o.title, sizeof o.title);
        nb_store_col_copy(s, 2, o.status, sizeof o.status);
        o.minutes_open = nb_db_col_int(s, 3);
        o.lines_open = nb_db_col_int(s, 4);
        if ((rc = fn(ctx, &o)) != 0)
            break;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "open assignments");
    nb_db_reset(s);
    return rc;
}

/* ---- Accept ------------------------------------------------------------------ */

typedef struct nb_tp_lines {
    nb_proposal_line *v;
    size_t n, room;
} nb_tp_lines;

static int nb_tp_collect(void *ctx, const nb_proposal_line *l)
{
    nb_tp_lines *c = ctx;
    if (c->n == c->room) {
        size_t room = c->room ? c->room * 2 : 16;
        nb_proposal_line *v = realloc(c->v, room * sizeof *v);
        if (v == NULL)
            return NB_ENOMEM;
        c->v = v;
        c->room = room;
    }
    c->v[c->n++] = *l;
    return 0;
}

/* Creates and confirms the allocation of proposal line l. NB_ELIMIT with
 * ref filled when the confirm refuses it. */
static int nb_tp_accept_line(nb_store *st, int64_t proposal_id, const nb_proposal_line *l,
                             nb_tp_refusal *ref, nb_err *err)
{
    nb_alloc al;
    memset(&al, 0, sizeof al);
    al.assignment_id = l->assignment_id;
    al.line_id = l->line_id;
    al.person_id = l->person_id;
    al.minutes = l->minutes;
    snprintf(al.status, sizeof al.status, "concept");
    snprintf(al.note, sizeof al.note, "uit teamvoorstel %lld", (long long)proposal_id);
    int rc = nb_alloc_insert(st, &al, err);
    if (rc != 0)
        return rc;
    rc = nb_hours_ledger_confirm(st, al.id, &ref->hours, err);
    if (rc == NB_ELIMIT) {
        ref->kind = NB_TP_REFUSED;
        ref->assignment_id = l->assignment_id;
        return rc;
    }
    if (rc == 0)
        rc = nb_proposal_line_accept(st, l->id, al.id, err);
    return rc;
}

int nb_tp_accept(nb_store *st, const nb_actor *actor, int64_t id, const int64_t *lines, size_t n,
                 int all, nb_tp_bad_line_fn bad_line, void *ctx, nb_tp_refusal *ref,
                 size_t *accepted, nb_err *err)
{
    nb_tp_lines ls = {NULL, 0, 0};
    char *pick = NULL;
    nb_asg *a = NULL;
    int64_t *seen = NULL; /* assignments checked, sorted */
    size_t nseen = 0;
    json_t *done = NULL;
    size_t npick = 0, nalready = 0, bad = 0;
    int rc;
    memset(ref, 0, sizeof *ref);
    if (accepted)
        *accepted = 0;
    nb_proposal *p = malloc(sizeof *p);
    if (p == NULL)
        return NB_ENOMEM;
    if ((rc = nb_proposal_get(st, id, p, err)) != 0 ||
        (rc = nb_proposal_lines(st, id, nb_tp_collect, &ls, err)) != 0)
        goto cleanup;
    if ((pick = calloc(ls.n ? ls.n : 1, 1)) == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; !all && i < n; i++) {
        /* the proposal's lines come ordered by id (nb_proposal_lines): a binary search */
        size_t lo = 0, hi = ls.n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (ls.v[mid].id < lines[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        size_t k = lo < ls.n && ls.v[lo].id == lines[i] ? lo : ls.n;
        if (k == ls.n) {
            if (bad_line)
                bad_line(ctx, i, lines[i]);
            bad++;
        } else if (ls.v[k].accepted) {
            nalready++;
        } else if (!pick[k]) {
            pick[k] = 1;
            npick++;
        }
    }
    if (bad > 0) {
        ref->kind = NB_TP_BAD_LINES;
        rc = NB_ECONFLICT;
        goto cleanup;
    }
    for (size_t k = 0; all && k < ls.n; k++)
        if (!ls.v[k].accepted) {
            pick[k] = 1;
            npick++;
        }
    if (nalready > 0 || npick == 0) {
        ref->kind = nalready > 0 ? NB_TP_ALREADY : NB_TP_NOTHING;
        rc = NB_ECONFLICT;
        goto cleanup;
    }
    /* The assignments must still take allocations: each one read once (the lines of an
     * assignment follow each other; checked ones are remembered, sorted). */
    if ((a = malloc(sizeof *a)) == NULL || (seen = malloc(ls.n * sizeof *seen)) == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    for (size_t k = 0; k < ls.n; k++) {
        if (!pick[k] || nb_sorted_has_i64(seen, nseen, ls.v[k].assignment_id))
            continue;
        if ((rc = nb_asg_get(st, ls.v[k].assignment_id, a, err)) != 0)
            goto cleanup;
        size_t at = nseen++;
        while (at > 0 && seen[at - 1] > a->id) {
            seen[at] = seen[at - 1];
            at--;
        }
        seen[at] = a->id;
        if (!nb_tp_status_ok(a->status)) {
            ref->kind = NB_TP_CLOSED;
            ref->assignment_id = a->id;
            ref->status = a->status;
            rc = NB_ECONFLICT;
            goto cleanup;
        }
    }
    done = json_array();
    for (size_t k = 0; k < ls.n; k++) {
        if (!pick[k])
            continue;
        if ((rc = nb_tp_accept_line(st, id, &ls.v[k], ref, err)) != 0)
            goto cleanup;
        json_array_append_new(done, json_integer(ls.v[k].id));
    }
    size_t open = 0;
    for (size_t k = 0; k < ls.n; k++)
        open += !ls.v[k].accepted && !pick[k];
    const char *status = open == 0 ? "geaccepteerd" : "deels-geaccepteerd";
    json_t *detail = json_pack("{s:O, s:s}", "regels", done, "status", status);
    rc = nb_proposal_set_status(st, id, status, err);
    if (rc == 0)
        rc = nb_tp_audit(st, actor, "accept", id, detail, err);
    json_decref(detail);
    if (rc == 0 && accepted)
        *accepted = npick;
cleanup:
    json_decref(done);
    free(seen);
    free(a);
    free(pick);
    free(ls.v);
    free(p);
    return rc;
}
