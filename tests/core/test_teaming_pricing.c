/*
 * tests/core/test_teaming_pricing.c — pricing (column generation) of the
 * teaming model's match arcs (nb_team_config.pricing_k, core/teaming_price.c)
 * against the full model (pricing_k = 0, the oracle): on many random small
 * networks, one window and per month, with and without the post-processing,
 * the pure optimum is the same, the proposal costs the same and every rule
 * holds; with k = 1 pricing must add many arcs; a line whose few first
 * candidates cannot cover it is completed by pricing (the unmet-demand arc
 * keeps the restricted model feasible meanwhile). Replay one seed with
 * PRICING_SEED=n. White-box: the post-processing's lists of the matches with
 * flow (nb_tm_flows_read) against every match's flow, and the matches pricing
 * adds to closed lines listed among the verdicts to forbid.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mcf.h"
#include "core/teaming.h"
#include "core/teaming_impl.h"

#include "teaming_fixture.h"

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static uint64_t rng_state; /* the tests' random numbers (teaming_fixture.h) */
static int64_t rint_(int64_t lo, int64_t hi)
{
    return tfx_rint(&rng_state, lo, hi);
}

/* Builds and solves in with pricing_k = k (tfx_solve: asserts success and that
 * the solver's flows and potentials are optimal for the (restricted) graph);
 * *matches = the match arcs the model ended with. */
static nb_team_result *solve_k(nb_team_input in, int64_t k, size_t *matches)
{
    in.config.pricing_k = k;
    return tfx_solve(&in, matches);
}

/* The rules every proposal keeps: levels, minimum allocation, team size,
 * load cap, and the totals add up. */
static void check_rules(const nb_team_input *in, const nb_team_result *r)
{
    int64_t alloc_cost = 0, allocated = 0;
    for (size_t i = 0; i < r->nallocs; i++) {
        const nb_team_alloc *a = &r->allocs[i];
        assert_true(a->minutes > 0);
        assert_true(a->level >= a->min_level);
        alloc_cost += a->cost_total;
        allocated += a->minutes;
    }
    for (size_t l = 0; l < in->nlines; l++) {
        int64_t got = 0, team = 0, lm = in->lines[l].minutes;
        int64_t floor_min = in->config.min_alloc_minutes < lm ? in->config.min_alloc_minutes : lm;
        for (size_t i = 0; i < r->nallocs; i++)
            if (r->allocs[i].line_id == in->lines[l].id) {
                got += r->allocs[i].minutes;
                team++;
                assert_true(r->allocs[i].minutes >= floor_min);
            }
        assert_true(got <= lm);
        (void)team;
    }
    for (size_t p = 0; p < in->npeople; p++) {
        int64_t load = 0;
        for (size_t i = 0; i < r->nallocs; i++)
            if (r->allocs[i].person_id == in->people[p].id)
                load += r->allocs[i].minutes;
        int64_t cap = in->people[p].available_minutes * in->config.load_cap_pct / 100;
        if (in->nmonths > 1 && in->people[p].month_available != NULL) {
            cap = 0;
            for (size_t t = 0; t < in->nmonths; t++)
                cap += in->people[p].month_available[t] * in->config.load_cap_pct / 100;
        }
        assert_true(load <= cap);
    }
    assert_int_equal(r->minutes_allocated, allocated);
    assert_int_equal(r->cost_total, alloc_cost + r->minutes_unmet * in->config.unmet_cost);
    assert_true(r->cost_gap >= 0);
}

/* 1 when a and b propose the same allocations and shortages. */
static int same_proposal(const nb_team_result *a, const nb_team_result *b)
{
    if (a->nallocs != b->nallocs || a->nshortages != b->nshortages)
        return 0;
    for (size_t i = 0; i < a->nallocs; i++) {
        const nb_team_alloc *x = &a->allocs[i], *y = &b->allocs[i];
        if (x->person_id != y->person_id || x->line_id != y->line_id || x->minutes != y->minutes ||
            x->cost_total != y->cost_total || x->nreasons != y->nreasons)
            return 0;
        for (size_t k = 0; k < x->nreasons; k++)
            if (strcmp(x->reasons[k], y->reasons[k]) != 0)
                return 0;
    }
    for (size_t i = 0; i < a->nshortages; i++)
        if (a->shortages[i].line_id != b->shortages[i].line_id ||
            a->shortages[i].minutes_unmet != b->shortages[i].minutes_unmet ||
            a->shortages[i].kind != b->shortages[i].kind ||
            strcmp(a->shortages[i].reason, b->shortages[i].reason) != 0)
            return 0;
    return 1;
}

enum { MAXP = 40, MAXL = 10, MAXS = 3, MAXT = 4 };

/* A random network: people with 1-3 of 3 competencies, lines of 1-4 assignments. */
typedef struct net {
    nb_team_skill skills[MAXP][MAXS];
    int64_t wishes[MAXP], asgs[MAXP], reqs[MAXL], mavail[MAXP][MAXT];
    nb_team_person people[MAXP];
    nb_team_org orgs[5];
    nb_team_line lines[MAXL];
    nb_team_input in;
} net;

static void make_net(net *n, size_t nmonths)
{
    memset(n, 0, sizeof *n);
    nb_team_config c;
    tfx_config_random(&rng_state, &c);
    c.fairness_unit_minutes = rint_(50, 500);
    c.fairness_max = rint_(0, 6);
    c.seg_cost[1] = rint_(0, 4);
    c.seg_cost[2] = c.seg_cost[1] + rint_(0, 6);
    c.load_cap_pct = rint_(50, 100);
    c.unmet_cost = 100 + rint_(0, 100);
    c.min_alloc_minutes = rint_(0, 1) ? 0 : rint_(10, 120);
    c.max_team_size = rint_(0, 4);
    int npeople = (int)rint_(5, MAXP), nlines = (int)rint_(2, MAXL);
    for (int p = 0; p < npeople; p++) {
        size_t ns = (size_t)rint_(1, MAXS);
        for (size_t s = 0; s < ns; s++)
            n->skills[p][s] = (nb_team_skill){(int64_t)s + 1 + rint_(0, 1) * (s == 0), rint_(1, 5)};
        if (ns > 1 && n->skills[p][0].competency_id == n->skills[p][1].competency_id)
            ns = 1;
        n->wishes[p] = rint_(1, 3);
        n->asgs[p] = rint_(1, 4);
        n->people[p] = (nb_team_person){
            p + 1,         10 + rint_(0, 4),    rint_(0, 600), n->skills[p],       ns,
            &n->wishes[p], (size_t)rint_(0, 1), &n->asgs[p],   (size_t)rint_(0, 1)};
        if (nmonths > 1) {
            for (size_t t = 0; t < nmonths; t++)
                n->mavail[p][t] = rint_(0, 200);
            n->people[p].month_available = n->mavail[p];
        }
    }
    for (int o = 0; o < 5; o++)
        n->orgs[o] = (nb_team_org){10 + o, rint_(-1000, 1000), NULL};
    for (int l = 0; l < nlines; l++) {
        n->reqs[l] = 10 + rint_(0, 4);
        n->lines[l] = (nb_team_line){100 + l,     rint_(1, 4), &n->reqs[l],  1,
                                     rint_(1, 3), rint_(1, 4), rint_(0, 900)};
        if (nmonths > 1) {
            n->lines[l].month_first = (int32_t)rint_(0, (int64_t)nmonths - 1);
            n->lines[l].month_last = (int32_t)rint_(n->lines[l].month_first, (int64_t)nmonths - 1);
        }
    }
    n->in = (nb_team_input){n->people, (size_t)npeople, n->orgs, 5, n->lines, (size_t)nlines, c};
    n->in.nmonths = nmonths;
}

/* Random networks: priced (k = 1 and a random k) against the full model. */
static void run_random(size_t nmonths, uint64_t count)
{
    const char *env = getenv("PRICING_SEED");
    uint64_t first = env ? strtoull(env, NULL, 10) : 1;
    count = env ? 1 : count;
    int64_t priced = 0, identical = 0, runs = 0, identical_post = 0, same_cost_post = 0,
            runs_post = 0;
    for (uint64_t seed = first; seed < first + count; seed++) {
        rng_state = seed * 0x9E3779B97F4A7C15ULL + 7;
        net n;
        make_net(&n, nmonths);
        size_t full_matches = 0, matches = 0;
        /* The pure optimum (no post-processing): the same cost, and the extraction adds up. */
        nb_team_input pure = n.in;
        pure.config.min_alloc_minutes = 0;
        pure.config.max_team_size = 0;
        nb_team_result *full = solve_k(pure, 0, &full_matches);
        check_rules(&pure, full);
        int64_t ks[2] = {1, rint_(2, 6)};
        for (int v = 0; v < 2; v++) {
            nb_team_result *r = solve_k(pure, ks[v], &matches);
            if (r->cost_optimum != full->cost_optimum)
                fprintf(stderr, "seed %llu k %lld: optimum %lld, full model %lld\n",
                        (unsigned long long)seed, (long long)ks[v], (long long)r->cost_optimum,
                        (long long)full->cost_optimum);
            assert_int_equal(r->cost_optimum, full->cost_optimum);
            assert_int_equal(r->cost_total, full->cost_total);
            assert_true(matches <= full_matches);
            check_rules(&pure, r);
            priced += r->priced_matches;
            identical += same_proposal(r, full);
            runs++;
            nb_team_result_free(r);
        }
        nb_team_result_free(full);
        /* With the post-processing: every round's optimum is the full model's, the rules
         * hold; the proposal equals the full model's when no other optimum ties. */
        full = solve_k(n.in, 0, &full_matches);
        check_rules(&n.in, full);
        for (int v = 0; v < 2; v++) {
            nb_team_result *r = solve_k(n.in, ks[v], &matches);
            assert_int_equal(r->cost_optimum, full->cost_optimum);
            assert_int_equal(r->cost_gap, r->cost_total - full->cost_optimum);
            check_rules(&n.in, r);
            priced += r->priced_matches;
            identical_post += same_proposal(r, full);
            same_cost_post += r->cost_total == full->cost_total;
            runs_post++;
            nb_team_result_free(r);
        }
        nb_team_result_free(full);
    }
    fprintf(stderr,
            "pricing, %zu month(s): %lld matches priced in; pure optimum: %lld of %lld proposals "
            "identical to the full model's; post-processed: %lld of %lld identical, %lld the same "
            "cost\n",
            nmonths, (long long)priced, (long long)identical, (long long)runs,
            (long long)identical_post, (long long)runs_post, (long long)same_cost_post);
    if (env == NULL)
        assert_true(priced > 0); /* k = 1 leaves lines short: pricing had work */
}

static void test_random_one_window(void **state)
{
    (void)state;
    run_random(1, 300);
}

static void test_random_months(void **state)
{
    (void)state;
    run_random(MAXT, 150);
}

/* One line of 1,000 minutes, ten people of 100 minutes each: k = 1 starts with one person and
 * 900 minutes unmet (the unmet arc keeps it feasible); pricing adds the other nine. */
static void test_line_completed_by_pricing(void **state)
{
    (void)state;
    nb_team_skill sk = {1, 3};
    nb_team_person people[10];
    for (int p = 0; p < 10; p++)
        people[p] = (nb_team_person){p + 1, 10, 100, &sk, 1};
    int64_t req = 10;
    nb_team_line line = {100, 1, &req, 1, 1, 2, 1000};
    nb_team_config c;
    nb_team_config_default(&c);
    c.load_cap_pct = 100;
    c.min_alloc_minutes = 0;
    c.max_team_size = 0;
    nb_team_input in = {people, 10, NULL, 0, &line, 1, c};
    size_t matches = 0;
    nb_team_result *full = solve_k(in, 0, NULL);
    nb_team_result *r = solve_k(in, 1, &matches);
    assert_int_equal(r->minutes_unmet, 0);
    assert_int_equal(r->nallocs, 10);
    assert_int_equal(matches, 10);
    assert_int_equal(r->priced_matches, 9);
    assert_int_equal(r->cost_optimum, full->cost_optimum);
    assert_true(same_proposal(r, full));
    nb_team_result_free(r);
    nb_team_result_free(full);
}

/* k = 1 on a larger line set: many arcs are priced in, yet far fewer than the full model's. */
static void test_k1_prices_many(void **state)
{
    (void)state;
    enum { P = 200, L = 20 };
    nb_team_skill sk[P];
    nb_team_person people[P];
    int64_t req[L];
    nb_team_line lines[L];
    rng_state = 12345;
    for (int p = 0; p < P; p++) {
        sk[p] = (nb_team_skill){1 + p % 2, rint_(1, 5)};
        people[p] = (nb_team_person){p + 1, 10 + p % 3, rint_(100, 900), &sk[p], 1};
    }
    for (int l = 0; l < L; l++) {
        req[l] = 10 + l % 3;
        lines[l] = (nb_team_line){100 + l,   1 + l / 4,   &req[l],         1,
                                  1 + l % 2, rint_(1, 3), rint_(500, 3000)};
    }
    nb_team_config c;
    nb_team_config_default(&c);
    c.min_alloc_minutes = 0; /* no line closed to newcomers (that completes the line) */
    nb_team_input in = {people, P, NULL, 0, lines, L, c};
    size_t full_matches = 0, matches = 0;
    nb_team_result *full = solve_k(in, 0, &full_matches);
    nb_team_result *r = solve_k(in, 1, &matches);
    assert_int_equal(r->cost_optimum, full->cost_optimum);
    check_rules(&in, r);
    assert_true(r->priced_matches >= L);
    assert_true(matches < full_matches);
    nb_team_result_free(r);
    nb_team_result_free(full);
}

/* w's lists after nb_tm_flows_read against a pass over all m's matches: w->flow is
 * every match's flow (nb_tm_flow), w->fk the matches with flow ascending, and
 * w->fl / w->fl_start the same per line, ascending within a line. */
static int64_t promoted_seen; /* matches with a promoted minimum check_flow_lists saw */

/* ... and every promoted match carries at least its promoted minutes (so it is among
 * those with flow: the rounds take the promoted minutes per person from them). */
static void check_flow_lists(const nb_team_model *m, const nb_tm_work *w)
{
    size_t nz = 0;
    for (size_t k = 0; k < m->nmatches; k++) {
        int64_t f = nb_tm_flow(m, &m->matches[k]);
        assert_int_equal(w->flow[k], f);
        assert_true(f >= m->matches[k].promoted);
        promoted_seen += m->matches[k].promoted > 0;
        if (f == 0)
            continue;
        assert_true(nz < w->nfk);
        assert_int_equal(w->fk[nz], k);
        nz++;
    }
    assert_int_equal(nz, w->nfk);
    assert_int_equal(w->fl_start[0], 0);
    assert_int_equal(w->fl_start[m->nlines], w->nfk);
    for (size_t li = 0; li < m->nlines; li++) {
        size_t q = w->fl_start[li];
        for (size_t k = 0; k < m->nmatches; k++) {
            if (m->matches[k].line != (int32_t)li || w->flow[k] == 0)
                continue;
            assert_true(q < w->fl_start[li + 1]);
            assert_int_equal(w->fl[q], k);
            q++;
        }
        assert_int_equal(q, w->fl_start[li + 1]);
    }
}

/* Solves m (nb_team_solve, the result dropped) and fits the zeroed or fitted work w
 * to it (verdicts of new matches NB_TM_ALLOWED). */
static void solve_and_fit(nb_team_model *m, nb_tm_work *w)
{
    nb_team_result *r = NULL;
    nb_err err = {{0}};
    assert_int_equal(nb_team_solve(m, NULL, NULL, &r, &err), 0);
    nb_team_result_free(r);
    assert_int_equal(nb_tm_work_fit(m, w, NB_TM_ALLOWED), 0);
}

/* Builds n's model, solves it and fits the work *w (zeroed here) to it. */
static nb_team_model *build_solved(const net *n, nb_tm_work *w)
{
    nb_team_model *m = NULL;
    nb_err err = {{0}};
    memset(w, 0, sizeof *w);
    assert_int_equal(nb_team_model_build(&n->in, NULL, NULL, &m, &err), 0);
    solve_and_fit(m, w);
    return m;
}

/* The matches with flow, by line (what each post-processing round reads instead of
 * all matches), on random networks: one window and months, full and priced, read
 * twice into the same work (after a re-solve with other flows: the first read's
 * entries must be cleared). */
static void test_flow_lists(void **state)
{
    (void)state;
    int64_t nonempty = 0;
    for (uint64_t seed = 1; seed <= 120; seed++) {
        rng_state = seed * 7919;
        net n;
        make_net(&n, seed % 2 ? 1 : MAXT);
        n.in.config.pricing_k = seed % 3 == 0 ? 1 : 0;
        nb_err err = {{0}};
        nb_tm_work w;
        nb_team_model *m = build_solved(&n, &w);
        assert_int_equal(nb_tm_flows_read(m, &w, &err), 0);
        check_flow_lists(m, &w);
        nonempty += w.nfk > 1;
        /* other flows: every line's demand halved (one window; a model with months is
         * solved again as it is), solved warm, read into the same work */
        for (size_t l = 0; l < n.in.nlines && n.in.nmonths <= 1; l++) {
            nb_team_line line = n.lines[l];
            line.minutes /= 2;
            assert_int_equal(nb_team_model_set_line(m, &line, &err), 0);
        }
        solve_and_fit(m, &w);
        assert_int_equal(nb_tm_flows_read(m, &w, &err), 0);
        check_flow_lists(m, &w);
        nb_tm_work_free(&w);
        nb_team_model_free(m);
    }
    assert_true(nonempty > 60); /* the lists had something to group */
    assert_true(promoted_seen > 0);
}

/* Matches that pricing adds to lines closed to newcomers enter with verdict NB_TM_SLIVER
 * (nb_tm_work_fit's fill) and must be listed among the verdicts the next round forbids
 * (w->bad: the rounds touch only those); matches added with NB_TM_ALLOWED are not. */
static void test_fit_lists_new_verdicts(void **state)
{
    (void)state;
    int64_t checked = 0;
    for (uint64_t seed = 1; seed <= 60; seed++) {
        rng_state = seed * 104729;
        net n;
        make_net(&n, 1);
        n.in.config.pricing_k = 1;
        nb_err err = {{0}};
        nb_tm_work w;
        nb_team_model *m = build_solved(&n, &w);
        assert_int_equal(w.nbad, 0);
        size_t before = m->nmatches, added = 0;
        uint8_t only[MAXL];
        for (size_t l = 0; l < MAXL; l++)
            only[l] = (uint8_t)(l % 2); /* every other line "closed": all its holders join */
        assert_int_equal(nb_tm_price(m, only, 1, &added, &err), 0);
        assert_int_equal(m->nmatches, before + added);
        assert_int_equal(nb_tm_work_fit(m, &w, NB_TM_SLIVER), 0);
        assert_int_equal(w.nbad, added);
        for (size_t i = 0; i < added; i++) {
            assert_int_equal(w.bad[i], before + i);
            assert_int_equal(w.verdict[before + i], NB_TM_SLIVER);
        }
        checked += (int64_t)added;
        nb_tm_work_free(&w);
        nb_team_model_free(m);
    }
    assert_true(checked > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_one_window),
        cmocka_unit_test(test_random_months),
        cmocka_unit_test(test_line_completed_by_pricing),
        cmocka_unit_test(test_k1_prices_many),
        cmocka_unit_test(test_flow_lists),
        cmocka_unit_test(test_fit_lists_new_verdicts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
