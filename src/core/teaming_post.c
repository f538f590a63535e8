/*
 * core/teaming_post.c — solving the teaming model: the pure optimum, the
 * post-processing that removes slivers and oversized teams by forbidding
 * those matches and re-solving (warm start). The extraction of the proposal
 * with cost parts, Dutch reasons and shortages is teaming_reasons.c. The
 * solver runs and what pricing (column generation) adds to them — the
 * restricted model's bookkeeping, the closing of lines to newcomers — are in
 * teaming_price_post.c.
 */
#include "core/teaming_impl.h"

#include "core/split.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Names and freeing ------------------------------------------------------ */

const char *nb_team_short_kind_name(nb_team_short_kind k)
{
    switch (k) {
    case NB_TEAM_SHORT_NO_SKILL:
        return "geen-competentie";
    case NB_TEAM_SHORT_BUSY:
        return "bezet";
    case NB_TEAM_SHORT_RULES:
        return "regels";
    }
    return "?";
}

void nb_team_month_short_reason(const nb_team_month_short *s, int32_t cm, const nb_team_config *c,
                                char *buf, size_t size)
{
    char month[32], h[48], want[48], mn[48];
    nb_date_month_text(cm, month, sizeof month);
    nb_team_hours_text(s->minutes_unmet, h, sizeof h);
    nb_team_hours_text(s->minutes_requested, want, sizeof want);
    switch (s->kind) {
    case NB_TEAM_SHORT_NO_SKILL:
        snprintf(buf, size,
                 "%s: %s van %s niet bemenst: niemand heeft de competentie op het gevraagde "
                 "niveau",
                 month, h, want);
        return;
    case NB_TEAM_SHORT_BUSY:
        snprintf(buf, size,
                 "%s: %s van %s niet bemenst: iedereen met de competentie zit die maand aan de "
                 "belastingsgrens van %lld%% (of is er niet)",
                 month, h, want, (long long)c->load_cap_pct);
        return;
    case NB_TEAM_SHORT_RULES:
        nb_team_hours_text(c->min_alloc_minutes, mn, sizeof mn);
        snprintf(buf, size,
                 "%s: %s van %s niet bemenst: er is die maand nog ruimte, maar te weinig voor "
                 "een inzet van minimaal %s of het team zou groter worden dan %lld personen",
                 month, h, want, mn, (long long)c->max_team_size);
        return;
    }
    snprintf(buf, size, "%s: %s van %s niet bemenst", month, h, want);
}

void nb_team_result_free(nb_team_result *r)
{
    if (r == NULL)
        return;
    free(r->allocs);
    free(r->shortages);
    free(r->loads);
    free(r->month_shortages);
    free(r);
}

/* ---- Solving and the post-processing rounds (slivers, oversized teams) ----- */

/*
 * Sets a lower bound of total minutes on match x (0 removes it). With months
 * a match has one arc per month and a network cannot bound their sum: the
 * bound is split over the months in proportion to the arcs' capacities (the
 * month's demand, cut at the person's cap), each part within its arc — a
 * restriction of "at least total in all", which the post-processing only
 * keeps when it is cheaper than forbidding the match.
 */
static int nb_tm_set_lower(nb_team_model *m, const nb_tm_match *x, int64_t total, nb_err *err)
{
    int rc;
    if (x->narcs == 1 || total == 0) {
        for (int32_t a = 0; a < x->narcs; a++)
            if ((rc = nb_mcf_set_bounds(m->g, x->arc + a, a == 0 ? total : 0,
                                        nb_mcf_arc_cap(m->g, x->arc + a), err)) != 0)
                return rc;
        return 0;
    }
    /* both zeroed: gcc -fanalyzer cannot see nb_split_weighted fill lows, clang's
     * analyzer takes a path on which the loop below fills no caps */
    int64_t *caps = calloc((size_t)x->narcs, sizeof *caps);
    int64_t *lows = calloc((size_t)x->narcs, sizeof *lows);
    if (caps == NULL || lows == NULL) {
        free(caps);
        free(lows);
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    }
    int64_t sum = 0;
    for (int32_t a = 0; a < x->narcs; a++)
        sum += caps[a] = nb_mcf_arc_cap(m->g, x->arc + a);
    rc = sum >= total ? nb_split_weighted(total, caps, NULL, (size_t)x->narcs, lows, err)
                      : nb_err_set(err, NB_EINVAL, "te weinig ruimte voor de minimale inzet");
    for (int32_t a = 0; rc == 0 && a < x->narcs; a++)
        rc = nb_mcf_set_bounds(m->g, x->arc + a, lows[a], caps[a], err);
    free(caps);
    free(lows);
    return rc;
}

/* Sets verdict[k] = v (k's verdict NB_TM_ALLOWED until now) and lists k in
 * w->bad. 0 or NB_ENOMEM. */
static int nb_tm_judge(nb_tm_work *w, size_t k, int8_t v)
{
    w->verdict[k] = v;
    return nb_tm_list_add(&w->bad, &w->nbad, &w->bad_room, k);
}

/* A line's matches with flow: flow ascending, then person id descending. */
static int nb_tm_cmp_used(const void *a, const void *b)
{
    const nb_tm_used *x = a, *y = b;
    if (x->flow != y->flow)
        return x->flow < y->flow ? -1 : 1;
    return (x->person_id < y->person_id) - (x->person_id > y->person_id);
}

/*
 * Marks the matches that break a rule in the current solution into verdict
 * (one entry per match), lists them in w->bad (in no order) and sets *count
 * to how many do. 0 or NB_ENOMEM. Per line:
 *   - every sliver (0 < flow < min(min_alloc, line minutes)) is NB_TM_SLIVER;
 *     the largest sliver whose person could carry the minimum (its match
 *     capacity and the person's capacity left after earlier promotions are
 *     both >= the minimum, and the line's promoted minimum still fits) is
 *     NB_TM_PROMOTE instead: the solve loop tries to raise it to the minimum
 *     (a lower bound) as well as to forbid it, and keeps the cheaper;
 *   - from the second round on (close_teams), a line that has a team (an
 *     allocation >= the minimum) and still a sliver gets every other match
 *     forbidden: otherwise a remainder below the minimum wanders from one
 *     newcomer to the next, one per round;
 *   - beyond max_team_size, the smallest allocations that are not promoted
 *     are forbidden (ties: the higher person id first).
 * w: verdict (one per match; the entries of w->bad, the last verdicts, are
 * reset first), closing (per line: closed to newcomers now), used and pl
 * (promoted minutes per person): scratch for the matches of the largest line /
 * npeople; the flows and their lists as nb_tm_flows_read left them (every
 * promoted match is among those with flow: its lower bound is its promoted
 * minimum).
 */
static int nb_tm_violations(nb_team_model *m, int close_teams, nb_tm_work *w, size_t *count)
{
    const nb_tm_bylines *bl = &w->bl;
    int8_t *verdict = w->verdict;
    nb_tm_used *used = w->used;
    int64_t *pl = w->pl, *lp = w->lp;
    const int64_t *flow = w->flow;
    *count = 0;
    for (size_t i = 0; i < m->npeople; i++)
        pl[i] = 0;
    for (size_t li = 0; li < m->nlines; li++)
        lp[li] = 0;
    /* A round costs the matches with flow (nb_tm_flows_read's lists by line),
     * the promoted ones and the last verdicts, not a pass over the matches:
     * those are millions at national size, these tens of thousands. */
    for (size_t i = 0; i < w->nbad; i++)
        verdict[w->bad[i]] = NB_TM_ALLOWED;
    w->nbad = 0;
    for (size_t i = 0; i < w->nfk; i++) { /* a promoted match carries flow: its lower bound */
        const nb_tm_match *x = &m->matches[w->fk[i]];
        pl[x->person] += x->promoted;
        lp[x->line] += x->promoted;
    }
    for (size_t li = 0; li < m->nlines; li++) {
        const nb_tm_line *l = &m->lines[li];
        if (!l->active)
            continue;
        int64_t floor_min =
            m->cfg.min_alloc_minutes < l->minutes ? m->cfg.min_alloc_minutes : l->minutes;
        int64_t line_promoted = lp[li];
        size_t n = 0, nslivers = 0, npromoted = 0;
        long best = -1;
        int64_t best_flow = 0;
        for (size_t q = w->fl_start[li]; q < w->fl_start[li + 1]; q++) {
            size_t k = w->fl[q];
            const nb_tm_match *x = &m->matches[k];
            int64_t f = flow[k];
            if (f <= 0)
                continue;
            if (f >= floor_min) {
                if (!x->promoted)
                    used[n++] = (nb_tm_used){k, f, m->people[x->person].id};
                else
                    npromoted++;
                continue;
            }
            if (nb_tm_judge(w, k, NB_TM_SLIVER) != 0)
                return NB_ENOMEM;
            nslivers++;
            int64_t room = m->people[x->person].capacity - pl[x->person];
            int64_t xcap = nb_tm_match_cap(m, x);
            int64_t reach = xcap < room ? xcap : room, arcs_cap = 0;
            for (int32_t a = 0; a < x->narcs; a++)
                arcs_cap += nb_mcf_arc_cap(m->g, x->arc + a);
            if (arcs_cap < reach)
                reach = arcs_cap;
            if (reach < floor_min || line_promoted + floor_min > l->minutes)
                continue;
            if (best < 0 || f > best_flow ||
                (f == best_flow &&
                 m->people[x->person].id < m->people[m->matches[best].person].id)) {
                best = (long)k;
                best_flow = f;
            }
        }
        if (best >= 0) {
            verdict[best] = NB_TM_PROMOTE;
            pl[m->matches[best].person] += floor_min;
        }
        w->closing[li] = close_teams && n > 0 && nslivers > 0;
        if (close_teams && n > 0 && nslivers > 0) {
            for (size_t q = bl->start[li]; q < bl->start[li + 1]; q++) {
                size_t k = bl->order[q];
                const nb_tm_match *x = &m->matches[k];
                if (verdict[k] == NB_TM_ALLOWED && !x->forbidden && !x->disabled && !x->promoted &&
                    flow[k] < floor_min && nb_tm_judge(w, k, NB_TM_SLIVER) != 0)
                    return NB_ENOMEM;
            }
        }
        if (m->cfg.max_team_size > 0 && (int64_t)(n + npromoted) > m->cfg.max_team_size) {
            qsort(used, n, sizeof *used, nb_tm_cmp_used);
            size_t excess = n + npromoted - (size_t)m->cfg.max_team_size;
            if (excess > n)
                excess = n;
            for (size_t i = 0; i < excess; i++)
                if (nb_tm_judge(w, used[i].match, NB_TM_TEAM) != 0)
                    return NB_ENOMEM;
        }
    }
    *count = w->nbad;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Solve                                                                     */
/* ------------------------------------------------------------------------ */

/*
 * Forbidding a match: rather than setting its capacity to 0, its unit cost is
 * raised to forbid_cost = unmet_cost + 1. Any flow on it would then cost more
 * than leaving the line unmet and the person idle (segment costs are >= 0),
 * so every optimum carries 0 on it: the same optimum as capacity 0. Cost
 * changes keep the solver's spanning tree primal feasible, so each re-solve
 * warm-starts; lowering a capacity under the flow of an arc makes nb_mcf
 * reroute the difference to the artificial root, which usually fails and
 * starts cold.
 */

/* ---- The entry point (teaming.h) --------------------------------------------- */

int nb_team_solve(nb_team_model *m, nb_team_progress_fn progress, void *pctx, nb_team_result **out,
                  nb_err *err)
{
    int rc;
    nb_mcf_result res;
    nb_tm_work w;
    memset(&w, 0, sizeof w);
    nb_team_result *r = calloc(1, sizeof *r);
    *out = NULL;
    if (r == NULL)
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    if (nb_tm_work_fit(m, &w, NB_TM_ALLOWED) != 0) {
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
        goto cleanup;
    }

    /* Restore what an earlier solve forbade or promoted. */
    for (size_t k = 0; k < m->nmatches; k++) {
        nb_tm_match *x = &m->matches[k];
        if (x->promoted) {
            x->promoted = 0;
            if ((rc = nb_tm_set_lower(m, x, 0, err)) != 0)
                goto cleanup;
        }
        if (!x->forbidden)
            continue;
        x->forbidden = 0;
        if ((rc = nb_tm_set_cost(m, x, x->disabled ? m->forbid_cost : x->cost, err)) != 0)
            goto cleanup;
    }

    if (progress)
        progress(pctx, "oplossen", 1, 0);
    if ((rc = nb_tm_run(m, r, &res, &w, err)) != 0)
        goto cleanup;
    r->cost_optimum = res.cost;

    for (;;) {
        if ((rc = nb_tm_flows_read(m, &w, err)) != 0)
            goto cleanup;
        size_t bad = 0;
        if (nb_tm_violations(m, r->rounds >= 2, &w, &bad) != 0) {
            rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
            goto cleanup;
        }
        /* With pricing, the lines closed to newcomers get their left-out holders now
         * (verdict NB_TM_SLIVER, listed in w.bad by nb_tm_work_fit). */
        size_t completed = 0;
        if ((rc = nb_tm_close_lines(m, &w, &completed, err)) != 0)
            goto cleanup;
        bad += completed;
        /* Ascending, so that the arcs change in the order a pass over all matches
         * would change them (the solver's warm start follows that order). */
        if (w.nbad > 1) /* w.bad is NULL before the first verdict */
            qsort(w.bad, w.nbad, sizeof *w.bad, nb_tm_cmp_u32);
        if (bad == 0 || r->rounds >= m->cfg.max_rounds) {
            /* The last verdicts stand. Arcs added to closed lines made the graph forget its
             * solution; the last pass priced them all non-negative at their cost, so the
             * warm re-solve pivots nothing and gives the same flows back. */
            if (completed > 0 && (rc = nb_tm_run(m, r, &res, &w, err)) != 0)
                goto cleanup;
            break;
        }
        /* Variant F: forbid every violating match (promotion candidates too). */
        size_t npromote = 0;
        for (size_t i = 0; i < w.nbad; i++) {
            size_t k = w.bad[i];
            nb_tm_match *x = &m->matches[k];
            npromote += w.verdict[k] == NB_TM_PROMOTE;
            x->forbidden = w.verdict[k] == NB_TM_TEAM ? NB_TM_TEAM : NB_TM_SLIVER;
            if (w.verdict[k] == NB_TM_TEAM)
                r->forbidden_team++;
            else
                r->forbidden_slivers++;
            if ((rc = nb_tm_forbid(m, x, err)) != 0)
                goto cleanup;
        }
        r->rounds++;
        if (progress)
            progress(pctx, "nabewerken", r->rounds, (int64_t)bad);
        if ((rc = nb_tm_run(m, r, &res, &w, err)) != 0)
            goto cleanup;
        if (npromote == 0)
            continue;
        /* Variant P: raise the promotion candidates to the minimum instead; F's
         * optimum is kept to come back to. */
        int64_t cost_f = res.cost;
        if ((rc = nb_mcf_save(m->g, err)) != 0)
            goto cleanup;
        for (size_t i = 0; i < w.nbad; i++) {
            size_t k = w.bad[i];
            if (w.verdict[k] != NB_TM_PROMOTE)
                continue;
            nb_tm_match *x = &m->matches[k];
            const nb_tm_line *l = &m->lines[x->line];
            /* at most min_alloc_minutes (<= 10^6, nb_team_config_check): fits */
            x->promoted = (int32_t)(m->cfg.min_alloc_minutes < l->minutes ? m->cfg.min_alloc_minutes
                                                                          : l->minutes);
            x->forbidden = 0;
            if ((rc = nb_tm_set_cost(m, x, x->cost, err)) != 0 ||
                (rc = nb_tm_set_lower(m, x, x->promoted, err)) != 0)
                goto cleanup;
        }
        rc = nb_tm_run(m, r, &res, &w, err);
        if (rc == 0 && res.cost < cost_f) {
            r->forbidden_slivers -= (int64_t)npromote;
            r->promoted += (int64_t)npromote;
            continue;
        }
        if (rc != 0 && rc != NB_EINVAL)
            goto cleanup;
        /* F was at least as good (or P infeasible): back to F — F's optimum itself
         * when the solver can restore it (a copy instead of a re-solve that undoes
         * the lower bounds: the most expensive solve of a round), else the bounds
         * and costs set back and solved. */
        int back = nb_mcf_restore(m->g, err);
        if (back < 0) {
            rc = back;
            goto cleanup;
        }
        for (size_t i = 0; i < w.nbad; i++) {
            size_t k = w.bad[i];
            if (w.verdict[k] != NB_TM_PROMOTE)
                continue;
            nb_tm_match *x = &m->matches[k];
            x->promoted = 0;
            x->forbidden = NB_TM_SLIVER;
            if (back == 0)
                continue;
            if ((rc = nb_tm_set_lower(m, x, 0, err)) != 0 ||
                (rc = nb_tm_set_cost(m, x, m->forbid_cost, err)) != 0)
                goto cleanup;
        }
        if (back == 0 && nb_mcf_has_solution(m->g)) {
            r->restores++;
            res.cost = cost_f;
        } else if ((rc = nb_tm_run(m, r, &res, &w, err)) != 0) {
            goto cleanup;
        }
    }
    if ((rc = nb_tm_flows_read(m, &w, err)) != 0 || (rc = nb_tm_extract(m, &w, r, err)) != 0 ||
        (rc = nb_tm_extract_months(m, &w, r, err)) != 0)
        goto cleanup;
    r->cost_gap = r->cost_total - r->cost_optimum;
    *out = r;
    r = NULL;
cleanup:
    nb_mcf_save_drop(m->g);
    nb_tm_work_free(&w);
    nb_team_result_free(r);
    return rc;
}
