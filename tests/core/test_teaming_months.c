/*
 * tests/core/test_teaming_months.c — the teaming engine with month buckets
 * (issue 13, part 2): no month above the load cap, demand per month with its
 * cause, the per-month load of every proposed person, the exact optimum
 * against an independent brute force over per-month allocations on tiny
 * instances, and the one-window model as the special case (months without a
 * limit per month give the one-window optimum), and person-month nodes only
 * for the months a person's possible lines span. Replay one seed with
 * TEAMING_SEED=n.
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

#include "teaming_fixture.h"

/* Inputs are written positionally; unset fields are zero. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* The load of person in month (the test fails when there is none). */
static const nb_team_month_load *load_of(const nb_team_result *r, int64_t person, int32_t month)
{
    static const nb_team_month_load none;
    for (size_t i = 0; i < r->nloads; i++)
        if (r->loads[i].person_id == person && r->loads[i].month == month)
            return &r->loads[i];
    fail_msg("no load for person %lld in month %d", (long long)person, (int)month);
    return &none;
}

/* Every month's load stays within its cap, and the loads add up to the allocations. */
static void check_months(const nb_team_result *r)
{
    int64_t total = 0, alloc = 0;
    for (size_t i = 0; i < r->nloads; i++) {
        assert_true(r->loads[i].minutes <= r->loads[i].capacity);
        assert_true(r->loads[i].month >= 0 && (size_t)r->loads[i].month < r->nmonths);
        total += r->loads[i].minutes;
    }
    for (size_t i = 0; i < r->nallocs; i++)
        alloc += r->allocs[i].minutes;
    assert_int_equal(total, alloc);
    int64_t unmet = 0;
    for (size_t i = 0; i < r->nmonth_shortages; i++)
        unmet += r->month_shortages[i].minutes_unmet;
    assert_int_equal(unmet, r->minutes_unmet);
}

/* Two lines in the same month: the total fits the window, the month does not. */
static void test_month_cap(void **state)
{
    (void)state;
    nb_team_skill s = {7, 3};
    int64_t avail[3] = {6000, 6000, 6000}; /* cap 80%: 4800 a month */
    nb_team_person people[] = {{1, 10, 0, &s, 1, NULL, 0, NULL, 0, avail}};
    nb_team_line lines[] = {
        {100, 50, NULL, 0, 7, 3, 4000, "Jeugdzorg", NULL, NULL, 0, 0, 0, NULL},
        {101, 51, NULL, 0, 7, 3, 4000, "Jeugdzorg", NULL, NULL, 0, 0, 0, NULL},
    };
    nb_team_config c;
    nb_team_config_default(&c);
    nb_team_input in = {people, 1, NULL, 0, lines, 2, c, 3};
    nb_team_result *r = tfx_solve(&in, NULL);
    check_months(r);
    assert_int_equal(r->nmonths, 3);
    assert_int_equal(r->minutes_allocated, 4800);
    assert_int_equal(r->minutes_unmet, 3200);
    const nb_team_month_load *l0 = load_of(r, 1, 0);
    assert_int_equal(l0->minutes, 4800);
    assert_int_equal(l0->capacity, 4800);
    assert_int_equal(l0->available, 6000);
    assert_int_equal(load_of(r, 1, 1)->minutes, 0);
    assert_int_equal(load_of(r, 1, 2)->minutes, 0);
    assert_true(r->nmonth_shortages >= 1);
    for (size_t i = 0; i < r->nmonth_shortages; i++) {
        assert_int_equal(r->month_shortages[i].month, 0);
        assert_int_equal(r->month_shortages[i].kind, NB_TEAM_SHORT_BUSY);
    }
    nb_team_result_free(r);

    /* one window: the same person takes all 8000 (within 80% of 18000) */
    for (size_t i = 0; i < 3; i++)
        people[0].available_minutes += avail[i];
    people[0].month_available = NULL;
    in.nmonths = 0;
    r = tfx_solve(&in, NULL);
    check_months(r);
    assert_int_equal(r->nmonths, 1);
    assert_int_equal(r->minutes_allocated, 8000);
    assert_int_equal(load_of(r, 1, 0)->minutes, 8000);
    nb_team_result_free(r);

    /* spread over the three months, the line fits again */
    lines[0].month_last = 2;
    lines[1].month_last = 2;
    people[0].month_available = avail;
    in.nmonths = 3;
    r = tfx_solve(&in, NULL);
    check_months(r);
    assert_int_equal(r->minutes_unmet, 0);
    for (int32_t t = 0; t < 3; t++)
        assert_int_equal(load_of(r, 1, t)->minutes, t == 0 ? 2668 : 2666); /* 8000 in thirds */
    nb_team_result_free(r);

    /* a profile puts the demand where it is asked */
    int64_t prof[3] = {0, 1, 3};
    lines[0].month_profile = prof;
    lines[1].month_profile = prof;
    r = tfx_solve(&in, NULL);
    check_months(r);
    assert_int_equal(load_of(r, 1, 0)->minutes, 0);
    assert_int_equal(load_of(r, 1, 1)->minutes, 2000);
    assert_int_equal(load_of(r, 1, 2)->minutes, 4800); /* 6000 asked, 4800 the cap */
    assert_int_equal(r->minutes_unmet, 1200);
    nb_team_result_free(r);
}

/* Months outside the range, a zero profile and too many months are refused. */
static void test_month_errors(void **state)
{
    (void)state;
    nb_team_skill s = {7, 3};
    nb_team_person people[] = {{1, 10, 100, &s, 1}};
    int64_t zero[2] = {0, 0};
    nb_team_line lines[] = {{100, 50, NULL, 0, 7, 3, 60, NULL, NULL, NULL, 0, 1, 2, NULL}};
    nb_team_config c;
    nb_team_config_default(&c);
    nb_team_input in = {people, 1, NULL, 0, lines, 1, c, 2};
    nb_team_model *m = NULL;
    nb_err err = {{0}};
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), NB_EINVAL);
    lines[0].month_first = 0;
    lines[0].month_last = 1;
    lines[0].month_profile = zero;
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), NB_EINVAL);
    lines[0].month_profile = NULL;
    in.nmonths = 241;
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), NB_EINVAL);
    in.nmonths = 2;
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), 0);
    /* a model with months is rebuilt, not changed in place */
    assert_int_equal(nb_team_model_set_line(m, &lines[0], &err), NB_EINVAL);
    assert_int_equal(nb_team_model_remove_line(m, 100, &err), NB_EINVAL);
    nb_team_model_free(m);
}

/* ---- brute force ------------------------------------------------------------ */

static uint64_t rng_state; /* the tests' random numbers (teaming_fixture.h) */
static int64_t rint_(int64_t lo, int64_t hi)
{
    return tfx_rint(&rng_state, lo, hi);
}

static int64_t bf_marginal(const nb_team_config *c, int64_t avail, int64_t t)
{
    int64_t pct = 0;
    for (int k = 0; k < 3; k++) {
        pct += c->seg_pct[k];
        if (t <= avail * pct / 100)
            return c->seg_cost[k];
    }
    return c->seg_cost[2];
}

/* Demand of line ln in month t (the even split, ties to the earlier month). */
static int64_t bf_demand(const nb_team_line *ln, int32_t t)
{
    if (t < ln->month_first || t > ln->month_last)
        return 0;
    int64_t n = ln->month_last - ln->month_first + 1, k = t - ln->month_first;
    return ln->minutes / n + (k < ln->minutes % n ? 1 : 0);
}

typedef struct bf_var {
    int p, l;
    int32_t t;
    int64_t cost, hi;
} bf_var;

static int64_t brute_force(const nb_team_input *in, int64_t avail[][3])
{
    const nb_team_config *c = &in->config;
    bf_var v[16];
    int nv = 0;
    int32_t T = (int32_t)in->nmonths;
    for (size_t l = 0; l < in->nlines; l++) {
        const nb_team_line *ln = &in->lines[l];
        for (size_t p = 0; p < in->npeople; p++) {
            const nb_team_person *pp = &in->people[p];
            int64_t level = 0;
            for (size_t k = 0; k < pp->nskills; k++)
                if (pp->skills[k].competency_id == ln->competency_id)
                    level = pp->skills[k].level;
            if (level < ln->min_level)
                continue;
            int64_t cost = c->overqual_cost * (level - ln->min_level);
            for (int32_t t = ln->month_first; t <= ln->month_last; t++) {
                int64_t cap = avail[p][t] * c->load_cap_pct / 100, d = bf_demand(ln, t);
                v[nv++] = (bf_var){(int)p, (int)l, t, cost, cap < d ? cap : d};
            }
        }
    }
    int64_t x[16] = {0}, best = INT64_MAX;
    for (;;) {
        int64_t pm[3][3] = {{0}}, lm[3][3] = {{0}}, cost = 0;
        int ok = 1;
        for (int i = 0; i < nv; i++) {
            pm[v[i].p][v[i].t] += x[i];
            lm[v[i].l][v[i].t] += x[i];
            cost += x[i] * v[i].cost;
        }
        for (size_t p = 0; p < in->npeople && ok; p++) {
            int64_t total = 0, tavail = 0;
            for (int32_t t = 0; t < T; t++) {
                if (pm[p][t] > avail[p][t] * c->load_cap_pct / 100)
                    ok = 0;
                total += pm[p][t];
                tavail += avail[p][t];
            }
            if (total > tavail * c->load_cap_pct / 100)
                ok = 0;
            for (int64_t k = 1; k <= total; k++)
                cost += bf_marginal(c, tavail, k);
        }
        for (size_t l = 0; l < in->nlines && ok; l++)
            for (int32_t t = 0; t < T; t++) {
                int64_t d = bf_demand(&in->lines[l], t);
                if (lm[l][t] > d)
                    ok = 0;
                cost += (d - lm[l][t]) * c->unmet_cost;
            }
        if (ok && cost < best)
            best = cost;
        int i = 0;
        while (i < nv && x[i] == v[i].hi) {
            x[i] = 0;
            i++;
        }
        if (i == nv)
            break;
        x[i]++;
    }
    return best;
}

static void test_random_vs_brute_force(void **state)
{
    (void)state;
    const char *env = getenv("TEAMING_SEED");
    uint64_t first = env ? strtoull(env, NULL, 10) : 1, count = env ? 1 : 300;
    for (uint64_t seed = first; seed < first + count; seed++) {
        rng_state = seed * 0x9E3779B97F4A7C15ULL + 3;
        nb_team_config c;
        nb_team_config_default(&c);
        c.overqual_cost = rint_(0, 5);
        c.fairness_weight = 0;
        c.seg_pct[0] = rint_(0, 100);
        c.seg_pct[1] = rint_(0, 100 - c.seg_pct[0]);
        c.seg_pct[2] = 100 - c.seg_pct[0] - c.seg_pct[1];
        c.seg_cost[0] = rint_(0, 4);
        c.seg_cost[1] = c.seg_cost[0] + rint_(0, 4);
        c.seg_cost[2] = c.seg_cost[1] + rint_(0, 6);
        c.load_cap_pct = rint_(30, 100);
        c.unmet_cost = 60 + rint_(0, 40);
        c.min_alloc_minutes = 0;
        c.max_team_size = 0;
        int32_t T = (int32_t)rint_(2, 3);
        int np = (int)rint_(1, 2), nl = (int)rint_(1, 2);
        nb_team_skill skills[2];
        int64_t avail[2][3] = {{0}};
        nb_team_person people[2];
        nb_team_line lines[2];
        for (int p = 0; p < np; p++) {
            skills[p] = (nb_team_skill){1, rint_(1, 5)};
            for (int32_t t = 0; t < T; t++)
                avail[p][t] = rint_(0, 5);
            people[p] = (nb_team_person){p + 1, 10, 0, &skills[p], 1, NULL, 0, NULL, 0, avail[p]};
        }
        int nvars = 0;
        for (int l = 0; l < nl; l++) {
            int32_t a = (int32_t)rint_(0, T - 1), b = (int32_t)rint_(a, T - 1);
            lines[l] = (nb_team_line){100 + l, 50 + l, NULL, 0, 1, rint_(1, 5), rint_(0, 6), NULL,
                                      NULL,    NULL,   0,    a, b};
            nvars += (b - a + 1) * np;
        }
        if (nvars > 8) /* keep the odometer small */
            continue;
        nb_team_input in = {people, (size_t)np, NULL, 0, lines, (size_t)nl, c, (size_t)T};
        int64_t want = brute_force(&in, avail);
        nb_team_result *r = tfx_solve(&in, NULL);
        if (r->cost_optimum != want)
            fprintf(stderr, "seed %llu: engine %lld, brute force %lld\n", (unsigned long long)seed,
                    (long long)r->cost_optimum, (long long)want);
        assert_int_equal(r->cost_optimum, want);
        assert_int_equal(r->cost_total, want);
        check_months(r);
        nb_team_result_free(r);
    }
}

/* Issue 13, part 2 (benchmark): a person gets month nodes only for the months
 * that the lines they can take span, not for every month of the period (a
 * month no such line touches was a dead node with an arc from the hub; over
 * 24 months most of a person's nodes). Lines they cannot take (level too low,
 * another competency) add none. The answer is unchanged. */
static void test_month_nodes_only_where_needed(void **state)
{
    (void)state;
    enum { T = 24 };
    nb_team_skill s[] = {{7, 3}, {9, 5}};
    int64_t avail[T];
    for (int t = 0; t < T; t++)
        avail[t] = 6000;
    nb_team_person people[] = {{1, 10, 0, s, 2, NULL, 0, NULL, 0, avail},
                               {2, 10, 0, &s[1], 1, NULL, 0, NULL, 0, avail}};
    nb_team_line lines[] = {
        {100, 50, NULL, 0, 7, 3, 4000, "Jeugdzorg", NULL, NULL, 0, 5, 7, NULL},
        {101, 51, NULL, 0, 7, 4, 4000, "Jeugdzorg", NULL, NULL, 0, 10, 12, NULL},
        {102, 52, NULL, 0, 8, 1, 4000, "Wmo", NULL, NULL, 0, 0, 23, NULL},
        {103, 53, NULL, 0, 9, 2, 1000, "Ict", NULL, NULL, 0, 3, 3, NULL},
    };
    nb_team_config c;
    nb_team_config_default(&c);
    nb_team_input in = {people, 2, NULL, 0, lines, 4, c, T};
    nb_team_model *m = NULL;
    nb_err err = {{0}};
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), 0);
    /* S, U, X, 2 hubs, line nodes (4 + spare), line-months 3 + 3 + 24 + 1;
     * person 1: months 3..7 (lines 100 and 103; 101 needs level 4, 102
     * another competency), person 2: month 3 only */
    int32_t want = 3 + 2 + 4 + (int32_t)c.spare_lines + 31 + 5 + 1;
    assert_int_equal(nb_mcf_node_count(nb_team_model_graph(m)), want);
    nb_team_model_free(m);
    nb_team_result *r = tfx_solve(&in, NULL);
    check_months(r);
    assert_int_equal(r->minutes_allocated, 4000 + 1000);
    assert_int_equal(
        load_of(r, 1, 5)->minutes + load_of(r, 1, 6)->minutes + load_of(r, 1, 7)->minutes, 4000);
    nb_team_result_free(r);
}

/* Months without a limit per month give the one-window optimum. */
static void test_one_window_is_special_case(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 200; seed++) {
        rng_state = seed * 0x9E3779B97F4A7C15ULL + 11;
        nb_team_config c;
        nb_team_config_default(&c);
        c.min_alloc_minutes = 0;
        c.max_team_size = 0;
        size_t T = (size_t)rint_(2, 24);
        enum { P = 6, L = 5 };
        nb_team_skill skills[P];
        nb_team_person people[P];
        nb_team_line lines[L];
        for (int p = 0; p < P; p++) {
            skills[p] = (nb_team_skill){rint_(1, 3), rint_(1, 5)};
            people[p] = (nb_team_person){p + 1, 10 + rint_(0, 2), rint_(0, 20000), &skills[p], 1};
        }
        for (int l = 0; l < L; l++) {
            int32_t a = (int32_t)rint_(0, (int64_t)T - 1), b = (int32_t)rint_(a, (int64_t)T - 1);
            lines[l] = (nb_team_line){
                100 + l, 50 + l, NULL, 0, rint_(1, 3), rint_(1, 4), rint_(0, 9000), NULL, NULL,
                NULL,    0,      a,    b};
        }
        nb_team_input in = {people, P, NULL, 0, lines, L, c, T};
        nb_team_result *rm = tfx_solve(&in, NULL);
        in.nmonths = 1;
        nb_team_result *r1 = tfx_solve(&in, NULL);
        assert_int_equal(rm->cost_optimum, r1->cost_optimum);
        check_months(rm);
        check_months(r1);
        nb_team_result_free(rm);
        nb_team_result_free(r1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_month_cap),
        cmocka_unit_test(test_month_errors),
        cmocka_unit_test(test_random_vs_brute_force),
        cmocka_unit_test(test_one_window_is_special_case),
        cmocka_unit_test(test_month_nodes_only_where_needed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
