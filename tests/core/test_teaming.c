/*
 * tests/core/test_teaming.c — unit tests of the teaming engine
 * (core/teaming.h): level rule, hours and load cap, shortages with their
 * cause, fairness, learning wish, continuity, home organisation, slivers and
 * team size, warm re-solves after a change, and a seeded randomized
 * comparison of the pure optimum with an independent brute force on tiny
 * instances (replay one seed with TEAMING_SEED=n).
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

/* Inputs are written positionally; fields added later (month buckets) are zero
 * (one window) unless a test sets them. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* ---- helpers ------------------------------------------------------------ */

static nb_team_config cfg_default(void)
{
    nb_team_config c;
    nb_team_config_default(&c);
    return c;
}

static int64_t minutes_of(const nb_team_result *r, int64_t person, int64_t line)
{
    int64_t s = 0;
    for (size_t i = 0; i < r->nallocs; i++)
        if ((person == 0 || r->allocs[i].person_id == person) &&
            (line == 0 || r->allocs[i].line_id == line))
            s += r->allocs[i].minutes;
    return s;
}

static const nb_team_shortage *shortage_of(const nb_team_result *r, int64_t line)
{
    for (size_t i = 0; i < r->nshortages; i++)
        if (r->shortages[i].line_id == line)
            return &r->shortages[i];
    return NULL;
}

/* The shortage of line (the test fails when there is none). */
static const nb_team_shortage *must_short(const nb_team_result *r, int64_t line)
{
    static const nb_team_shortage none;
    const nb_team_shortage *s = shortage_of(r, line);
    if (s == NULL) {
        fail_msg("no shortage for line %lld", (long long)line);
        return &none;
    }
    return s;
}

static int has_reason(const nb_team_result *r, int64_t person, int64_t line, const char *needle)
{
    for (size_t i = 0; i < r->nallocs; i++) {
        const nb_team_alloc *a = &r->allocs[i];
        if (a->person_id != person || a->line_id != line)
            continue;
        for (size_t k = 0; k < a->nreasons; k++)
            if (strstr(a->reasons[k], needle))
                return 1;
    }
    return 0;
}

/* Checks the invariants every result must keep. */
static void check_invariants(const nb_team_input *in, const nb_team_result *r)
{
    int64_t total = 0, alloc_cost = 0;
    for (size_t i = 0; i < r->nallocs; i++) {
        const nb_team_alloc *a = &r->allocs[i];
        assert_true(a->minutes > 0);
        assert_true(a->level >= a->min_level);
        assert_int_equal(a->cost_total, a->cost_overqual + a->cost_wish + a->cost_continuity +
                                            a->cost_home + a->cost_fairness + a->cost_load);
        alloc_cost += a->cost_total;
        assert_true(a->nreasons >= 2);
        total += a->minutes;
    }
    for (size_t p = 0; p < in->npeople; p++) {
        int64_t cap = in->people[p].available_minutes * in->config.load_cap_pct / 100;
        assert_true(minutes_of(r, in->people[p].id, 0) <= cap);
    }
    int64_t unmet = 0;
    for (size_t l = 0; l < in->nlines; l++) {
        int64_t got = minutes_of(r, 0, in->lines[l].id);
        assert_true(got <= in->lines[l].minutes);
        const nb_team_shortage *s = shortage_of(r, in->lines[l].id);
        if (got < in->lines[l].minutes) {
            assert_non_null(s);
            assert_int_equal(s->minutes_unmet, in->lines[l].minutes - got);
            unmet += s->minutes_unmet;
        } else {
            assert_null(s);
        }
    }
    assert_int_equal(r->minutes_allocated, total);
    assert_int_equal(r->minutes_unmet, unmet);
    assert_int_equal(r->cost_total, alloc_cost + unmet * in->config.unmet_cost);
    assert_int_equal(r->cost_gap, r->cost_total - r->cost_optimum);
    assert_true(r->cost_gap >= 0);
}

/* ---- tests ------------------------------------------------------------------ */

/* Only people at or above the minimum level are used; levels are reported. */
static void test_level_rule(void **state)
{
    (void)state;
    nb_team_skill s2 = {7, 2}, s3 = {7, 3}, s5 = {7, 5};
    nb_team_person people[] = {
        {1, 10, 6000, &s2, 1, NULL, 0, NULL, 0},
        {2, 10, 6000, &s3, 1, NULL, 0, NULL, 0},
        {3, 10, 6000, &s5, 1, NULL, 0, NULL, 0},
    };
    int64_t req = 10;
    nb_team_line lines[] = {{100, 50, &req, 1, 7, 3, 3000, "Jeugdzorg", NULL, NULL, 0}};
    nb_team_input in = {people, 3, NULL, 0, lines, 1, cfg_default()};
    nb_team_result *r = tfx_solve(&in, NULL);
    check_invariants(&in, r);
    assert_int_equal(minutes_of(r, 1, 0), 0);
    assert_int_equal(minutes_of(r, 0, 100), 3000);
    /* over-qualification costs: the level-3 person is used first */
    assert_int_equal(minutes_of(r, 2, 100), 3000);
    assert_true(has_reason(r, 2, 100, "niveau 3 (precies het gevraagde niveau)"));
    assert_true(has_reason(r, 2, 100, "heeft 100 uur beschikbaar"));
    assert_int_equal(r->nshortages, 0);
    nb_team_result_free(r);

    /* when level 3 is not enough, the level-5 expert is used, with the reason */
    lines[0].minutes = 6000;
    r = tfx_solve(&in, NULL);
    check_invariants(&in, r);
    assert_int_equal(minutes_of(r, 1, 0), 0);
    assert_true(minutes_of(r, 3, 100) > 0);
    assert_true(has_reason(r, 3, 100, "niveau 5 (minimaal 3 gevraagd)"));
    nb_team_result_free(r);
}

/* Nobody over their hours; the load cap is respected; shortage "bezet". */
static void test_hours_and_load_cap(void **state)
{
    (void)state;
    nb_team_skill s = {7, 3};
    nb_team_person people[] = {
        {1, 10, 6000, &s, 1, NULL, 0, NULL, 0},
        {2, 11, 3000, &s, 1, NULL, 0, NULL, 0},
    };
    nb_team_line lines[] = {
        {100, 50, NULL, 0, 7, 3, 5000, NULL, NULL, NULL, 0},
        {101, 51, NULL, 0, 7, 2, 5000, NULL, NULL, NULL, 0},
    };
    nb_team_input in = {people, 2, NULL, 0, lines, 2, cfg_default()};
    nb_team_result *r = tfx_solve(&in, NULL);
    check_invariants(&in, r);
    assert_int_equal(minutes_of(r, 1, 0), 4800); /* 80% of 6000 */
    assert_int_equal(minutes_of(r, 2, 0), 2400); /* 80% of 3000 */
    assert_int_equal(r->minutes_unmet, 10000 - 7200);
    for (size_t i = 0; i < r->nshortages; i++) {
        assert_int_equal(r->shortages[i].kind, NB_TEAM_SHORT_BUSY);
        assert_int_equal(r->shortages[i].candidates, 2);
        assert_non_null(strstr(r->shortages[i].reason, "iedereen met deze competentie is bezet"));
    }
    nb_team_result_free(r);

    /* a lower cap */
    in.config.load_cap_pct = 50;
    r = tfx_solve(&in, NULL);
    check_invariants(&in, r);
    assert_int_equal(minutes_of(r, 1, 0), 3000);
    assert_int_equal(minutes_of(r, 2, 0), 1500);
    nb_team_result_free(r);
}

/* Load spreading: the convex segments share work between two equal people. */
static void test_load_spreading(void **state)
{
    (void)state;
    nb_team_skill s = {7, 3};
    nb_team_person people[] = {
        {1, 10, 10000, &s, 1, NULL, 0, NULL, 0},
        {2, 10, 10000, &s, 1, NULL, 0, NULL, 0},
    };
    nb_team_line lines[] = {{100, 50, NULL, 0, 7, 3, 12000, NULL, NULL, NULL, 0}};
    nb_team_input in = {people, 2, NULL, 0, lines, 1, cfg_default()};
    nb_team_result *r = tfx_solve(&in, NULL);
    check_invariants(&in, r);
    /* both stay within their cheap 60% segment: 6000 each */
    assert_int_equal(minutes_of(r, 1, 100), 6000);
    assert_int_equal(minutes_of(r, 2, 100), 6000);
    assert_int_equal(r->cost_total, 0);
    nb_team_result_free(r);
}

/* Shortage causes: no competency at the level vs. everybody busy vs. the rules. */
static void test_shortage_reasons(void **state)
{
    (void)state;
    nb_team_skill s_low = {7, 2}, s_ok = {8, 4};
    nb_team_person people[] = {
        {1, 10, 6000, &s_low, 1, NULL, 0, NULL, 0},
        {2, 10, 250, &s_ok, 1, NULL, 0, NULL, 0}, /* capacity 200 min: below 240 */
    };
    nb_team_line lines[] = {
        {100, 50, NULL, 0, 7, 3, 600, "Jeugdzorg", NULL, NULL, 0}, /* nobody at level >= 3 */
        {101, 50, NULL, 0, 9, 1, 600, NULL, NULL, NULL, 0},        /* nobody has competency 9 */
        {102, 51, NULL, 0, 8, 2, 600, NULL, NULL, NULL, 0},        /* person 2 has only 200 min */
    };
    nb_team_input in = {people, 2, NULL, 0, lines, 3, cfg_default()};
    nb_team_result *r = tfx_solve(&in, NULL);
    check_invariants(&in, r);
    const nb_team_shortage *s = must_short(r, 100);
    assert_non_null(s);
    assert_int_equal(s->kind, NB_TEAM_SHORT_NO_SKILL);
    assert_int_equal(s->minutes_unmet, 600);
    assert_non_null(strstr(s->reason, "niemand heeft deze competentie op niveau ≥ 3"));
    assert_non_null(strstr(s->reason, "Jeugdzorg"));
    assert_string_equal(nb_team_short_kind_name(s->kind), "geen-competentie");
    s = must_short(r, 101);
    assert_non_null(s);
    assert_int_equal(s->kind, NB_TEAM_SHORT_NO_SKILL);
    s = must_short(r, 102);
    assert_non_null(s);
    assert_int_equal(s->kind, NB_TEAM_SHORT_RULES); /* 200 min would be a sliver */
    assert_int_equal(s->minutes_unmet, 600);
    assert_int_equal(minutes_of(r, 2, 0), 0);
    assert_true(r->forbidden_slivers >= 1);
    assert_true(r->cost_gap > 0);
    nb_team_result_free(r);

    /* with min allocation 0 the 200 minutes are used, the rest is "bezet" */
    in.config.min_alloc_minutes = 0;
    r = tfx_solve(&in, NULL);
    check_invariants(&in, r);
    assert_int_equal(minutes_of(r, 2, 102), 200);
    s = must_short(r, 102);
    assert_int_equal(s->kind, NB_TEAM_SHORT_BUSY);
    assert_int_equal(s->minutes_unmet, 400);
    assert_int_equal(r->cost_gap, 0);
    nb_team_result_free(r);

    /* a person with no hours at all still counts as a candidate: busy, not "nobody" */
    people[1].available_minutes = 0;
    r = tfx_solve(&in, NULL);
    check_invariants(&in, r);
    s = must_short(r, 102);
    assert_int_equal(s->kind, NB_TEAM_SHORT_BUSY);
    assert_int_equal(s->candidates, 1);
    nb_team_result_free(r);
}

/* Balance fairness: two identical candidates; the one whose organisation owes hours gets the work. */
static void test_fairness(void **state)
{
    (void)state;
    nb_team_skill s = {7, 3};
    nb_team_person people[] = {
        {1, 10, 6000, &s, 1, NULL, 0, NULL, 0},
        {2, 11, 6000, &s, 1, NULL, 0, NULL, 0},
    };
    nb_team_org orgs[] = {{10, 12000, NULL}, {11, -12000, NULL}}; /* 11 owes 200 hours */
    nb_team_line lines[] = {{100, 50, NULL, 0, 7, 3, 1200, NULL, NULL, NULL, 0}};
    nb_team_input in = {people, 2, orgs, 2, lines, 1, cfg_default()};
    nb_team_result *r = tfx_solve(&in, NULL);
    check_invariants(&in, r);
    assert_int_equal(minutes_of(r, 2, 100), 1200);
    assert_int_equal(minutes_of(r, 1, 100), 0);
    assert_true(has_reason(r, 2, 100, "organisatie staat 200 uur in de min bij het netwerk"));
    assert_int_equal(r->allocs[0].cost_fairness, -2 * 1200);
    nb_team_result_free(r);

    /* swap the balances: the work moves */
    orgs[0].balance_minutes = -12000;
    orgs[1].balance_minutes = 12000;
    r = tfx_solve(&in, NULL);
    check_invariants(&in, r);
    assert_int_equal(minutes_of(r, 1, 100), 1200);
    nb_team_result_free(r);

    /* the term is clamped at fairness_max */
    orgs[0].balance_minutes = -6000000;
    r = tfx_solve(&in, NULL);
    assert_int_equal(r->allocs[0].cost_fairness, -5 * 1200);
    nb_team_result_free(r);
}

/* Learning wish, continuity and home organisation move work between equal people. */
static void test_wish_continuity_home(void **state)
{
    (void)state;
    nb_team_skill s = {7, 3};
    int64_t wish = 7, asg = 50;
    nb_team_person people[] = {
        {1, 10, 6000, &s, 1, NULL, 0, NULL, 0},
        {2, 11, 6000, &s, 1, &wish, 1, NULL, 0},
    };
    nb_team_line lines[] = {{100, 50, NULL, 0, 7, 3, 1200, "Jeugdzorg", NULL, NULL, 0}};
    nb_team_input in = {people, 2, NULL, 0, lines, 1, cfg_default()};
    nb_team_result *r = tfx_solve(&in, NULL);
    check_invariants(&in, r);
    assert_int_equal(minutes_of(r, 2, 100), 1200);
    assert_true(has_reason(r, 2, 100, "wil zich ontwikkelen in Jeugdzorg"));
    assert_int_equal(r->allocs[0].cost_wish, -3 * 1200);
    nb_team_result_free(r);

    /* continuity (bonus 5) beats the wish (bonus 3) */
    people[0].assignments = &asg;
    people[0].nassignments = 1;
    r = tfx_solve(&in, NULL);
    check_invariants(&in, r);
    assert_int_equal(minutes_of(r, 1, 100), 1200);
    assert_true(has_reason(r, 1, 100, "werkt al aan deze opdracht"));
    nb_team_result_free(r);

    /* home organisation: person 1 works for the requester */
    people[0].assignments = NULL;
    people[0].nassignments = 0;
    people[1].wishes = NULL;
    people[1].nwishes = 0;
    int64_t req = 10;
    lines[0].requesters = &req;
    lines[0].nrequesters = 1;
    in.config.home_cost = -2; /* prefer local staff */
    r = tfx_solve(&in, NULL);
    assert_int_equal(minutes_of(r, 1, 100), 1200);
    assert_true(has_reason(r, 1, 100, "voorkeur voor eigen mensen"));
    nb_team_result_free(r);
    in.config.home_cost = 2; /* prefer staff from elsewhere */
    r = tfx_solve(&in, NULL);
    assert_int_equal(minutes_of(r, 2, 100), 1200);
    nb_team_result_free(r);
}

/* Slivers are removed by forbidding them and re-solving; the gap is reported. */
static void test_slivers_removed(void **state)
{
    (void)state;
    nb_team_skill s = {7, 3};
    int64_t wish = 7;
    nb_team_person people[] = {
        {1, 10, 125, &s, 1, &wish, 1, NULL, 0}, /* cheap (wish) but only 100 min capacity */
        {2, 11, 6000, &s, 1, NULL, 0, NULL, 0},
    };
    nb_team_line lines[] = {{100, 50, NULL, 0, 7, 3, 1000, NULL, NULL, NULL, 0}};
    nb_team_input in = {people, 2, NULL, 0, lines, 1, cfg_default()};
    nb_team_result *r = tfx_solve(&in, NULL);
    check_invariants(&in, r);
    assert_int_equal(minutes_of(r, 1, 0), 0);
    assert_int_equal(minutes_of(r, 2, 100), 1000);
    assert_int_equal(r->forbidden_slivers, 1);
    assert_int_equal(r->rounds, 1);
    assert_int_equal(r->cost_optimum, -3 * 75); /* 75 min in the cheap segment, 25 at cost 0 */
    assert_int_equal(r->cost_total, 0);
    assert_int_equal(r->cost_gap, 225);
    assert_true(r->warm_solves >= 1);
    for (size_t i = 0; i < r->nallocs; i++)
        assert_true(r->allocs[i].minutes >= 240);
    nb_team_result_free(r);

    /* a line smaller than the minimum may be staffed whole */
    lines[0].minutes = 100;
    r = tfx_solve(&in, NULL);
    check_invariants(&in, r);
    assert_int_equal(minutes_of(r, 1, 100), 100);
    assert_int_equal(r->dropped, 0);
    nb_team_result_free(r);
}

/* A remainder below the minimum is raised to the minimum when that is cheaper than a shortage. */
static void test_sliver_promoted(void **state)
{
    (void)state;
    nb_team_skill s3 = {7, 3}, s4 = {7, 4};
    nb_team_person people[] = {
        {1, 10, 5760, &s4, 1, NULL, 0, NULL, 0}, /* capacity 4608, over-qualified */
        {2, 10, 2880, &s3, 1, NULL, 0, NULL, 0}, /* capacity 2304, exact level: cheaper */
    };
    nb_team_line lines[] = {{100, 50, NULL, 0, 7, 3, 2400, NULL, NULL, NULL, 0}};
    nb_team_input in = {people, 2, NULL, 0, lines, 1, cfg_default()};
    nb_team_result *r = tfx_solve(&in, NULL);
    check_invariants(&in, r);
    assert_int_equal(r->nshortages, 0);
    assert_int_equal(minutes_of(r, 1, 100), 240);
    assert_int_equal(minutes_of(r, 2, 100), 2160);
    assert_int_equal(r->promoted, 1);
    assert_true(r->cost_gap > 0);
    nb_team_result_free(r);
}

/* At most max_team_size people per line; the rest is a shortage by the rules. */
static void test_team_size(void **state)
{
    (void)state;
    nb_team_skill s = {7, 3};
    nb_team_person people[6];
    for (int i = 0; i < 6; i++)
        people[i] = (nb_team_person){i + 1, 10, 500, &s, 1, NULL, 0, NULL, 0};
    nb_team_line lines[] = {{100, 50, NULL, 0, 7, 3, 3000, NULL, NULL, NULL, 0}};
    nb_team_input in = {people, 6, NULL, 0, lines, 1, cfg_default()};
    in.config.max_team_size = 3;
    nb_team_result *r = tfx_solve(&in, NULL);
    check_invariants(&in, r);
    assert_int_equal(r->nallocs, 3);
    assert_int_equal(minutes_of(r, 0, 100), 1200);
    assert_true(r->forbidden_team >= 3);
    const nb_team_shortage *sh = must_short(r, 100);
    assert_non_null(sh);
    assert_int_equal(sh->kind, NB_TEAM_SHORT_RULES);
    assert_int_equal(sh->minutes_unmet, 1800);
    /* the same cause in its month (one window: month 0), judged by the first forbidden
     * candidate with room left */
    assert_int_equal(r->nmonth_shortages, 1);
    assert_int_equal(r->month_shortages[0].line_id, 100);
    assert_int_equal(r->month_shortages[0].kind, NB_TEAM_SHORT_RULES);
    assert_int_equal(r->month_shortages[0].minutes_unmet, 1800);
    nb_team_result_free(r);

    /* no limit */
    in.config.max_team_size = 0;
    r = tfx_solve(&in, NULL);
    check_invariants(&in, r);
    assert_int_equal(r->nallocs, 6);
    nb_team_result_free(r);

    /* when the rounds run out, what still breaks the rules is dropped, not proposed */
    in.config.max_team_size = 3;
    in.config.max_rounds = 0;
    r = tfx_solve(&in, NULL);
    check_invariants(&in, r);
    assert_int_equal(r->nallocs, 3);
    assert_int_equal(r->dropped, 3);
    nb_team_result_free(r);
}

/* Warm re-solve after changing, adding and removing a line equals a fresh build. */
static void test_resolve_reuse(void **state)
{
    (void)state;
    nb_team_skill sk[3][2] = {{{7, 3}, {8, 2}}, {{7, 5}, {8, 4}}, {{8, 3}, {9, 1}}};
    nb_team_person people[3];
    for (int i = 0; i < 3; i++)
        people[i] = (nb_team_person){i + 1, 10 + i, 3000 + 1000 * i, sk[i], 2, NULL, 0, NULL, 0};
    nb_team_line lines[3] = {
        {100, 50, NULL, 0, 7, 3, 1500, NULL, NULL, NULL, 0},
        {101, 50, NULL, 0, 8, 2, 2000, NULL, NULL, NULL, 0},
        {102, 51, NULL, 0, 9, 1, 500, NULL, NULL, NULL, 0},
    };
    nb_team_input in = {people, 3, NULL, 0, lines, 2, cfg_default()};
    nb_team_model *m = NULL;
    nb_team_result *r = NULL, *fresh = NULL;
    nb_err err = {{0}};
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), 0);
    assert_int_equal(nb_team_solve(m, NULL, NULL, &r, &err), 0);
    nb_team_result_free(r);

    /* change: more minutes and a higher level on line 100 */
    lines[0].minutes = 2500;
    lines[0].min_level = 4;
    assert_int_equal(nb_team_model_set_line(m, &lines[0], &err), 0);
    assert_int_equal(nb_team_solve(m, NULL, NULL, &r, &err), 0);
    fprintf(stderr, "re-solve after a change: %lld solves, %lld warm\n", (long long)r->solves,
            (long long)r->warm_solves);
    fresh = tfx_solve(&in, NULL);
    assert_int_equal(r->cost_optimum, fresh->cost_optimum);
    assert_int_equal(r->cost_total, fresh->cost_total);
    check_invariants(&in, r);
    assert_int_equal(minutes_of(r, 1, 100), 0); /* level 3 no longer fits */
    nb_team_result_free(r);
    nb_team_result_free(fresh);

    /* add a line (spare node) */
    assert_int_equal(nb_team_model_set_line(m, &lines[2], &err), 0);
    in.nlines = 3;
    assert_int_equal(nb_team_solve(m, NULL, NULL, &r, &err), 0);
    fresh = tfx_solve(&in, NULL);
    assert_int_equal(r->cost_total, fresh->cost_total);
    assert_int_equal(r->cost_optimum, fresh->cost_optimum);
    check_invariants(&in, r);
    assert_int_equal(minutes_of(r, 3, 102), 500);
    nb_team_result_free(r);
    nb_team_result_free(fresh);

    /* remove line 101 */
    assert_int_equal(nb_team_model_remove_line(m, 101, &err), 0);
    assert_int_equal(nb_team_model_remove_line(m, 101, &err), NB_ENOTFOUND);
    lines[1] = lines[2];
    in.nlines = 2;
    assert_int_equal(nb_team_solve(m, NULL, NULL, &r, &err), 0);
    fresh = tfx_solve(&in, NULL);
    assert_int_equal(r->cost_total, fresh->cost_total);
    check_invariants(&in, r);
    assert_int_equal(minutes_of(r, 0, 101), 0);
    nb_team_result_free(r);
    nb_team_result_free(fresh);

    /* no spare nodes left */
    nb_team_model_free(m);
    in.config.spare_lines = 0;
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), 0);
    nb_team_line extra = {200, 60, NULL, 0, 7, 1, 60, NULL, NULL, NULL, 0};
    assert_int_equal(nb_team_model_set_line(m, &extra, &err), NB_ELIMIT);
    nb_team_model_free(m);
}

static void test_config_and_input_errors(void **state)
{
    (void)state;
    nb_team_config c = cfg_default();
    nb_err err = {{0}};
    assert_int_equal(nb_team_config_check(&c, &err), 0);
    c.seg_pct[0] = 70;
    assert_int_equal(nb_team_config_check(&c, &err), NB_EINVAL);
    c = cfg_default();
    c.seg_cost[1] = 10;
    assert_int_equal(nb_team_config_check(&c, &err), NB_EINVAL);
    c = cfg_default();
    c.unmet_cost = 20;
    assert_int_equal(nb_team_config_check(&c, &err), NB_EINVAL);
    assert_non_null(strstr(err.msg, "unmet_cost"));
    c = cfg_default();
    c.load_cap_pct = 0;
    assert_int_equal(nb_team_config_check(&c, &err), NB_EINVAL);

    nb_team_line bad = {1, 1, NULL, 0, 7, 6, 60, NULL, NULL, NULL, 0};
    nb_team_input in = {NULL, 0, NULL, 0, &bad, 1, cfg_default()};
    nb_team_model *m = NULL;
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), NB_EINVAL);
    assert_null(m);
    nb_team_line dup[2] = {{1, 1, NULL, 0, 7, 3, 60, NULL, NULL, NULL, 0},
                           {1, 1, NULL, 0, 7, 3, 60, NULL, NULL, NULL, 0}};
    in.lines = dup;
    in.nlines = 2;
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), NB_EINVAL);
    /* several repeats: the first line that repeats an earlier id is named (line 2 at
     * index 3, before line 1 at index 4), as when every line was compared with every
     * earlier one; the check is a sort now */
    nb_team_line rep[5];
    for (int i = 0; i < 5; i++)
        rep[i] = (nb_team_line){
            (int64_t[]){1, 2, 3, 2, 1}[i], 1, NULL, 0, 7, 3, 60, NULL, NULL, NULL, 0};
    in.lines = rep;
    in.nlines = 5;
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), NB_EINVAL);
    assert_non_null(strstr(err.msg, "regel 2 komt twee keer voor"));
    assert_null(m);
    /* a regional line's charge of many organisations, one of them twice: named; and the
     * same list without the repeat is accepted */
    enum { NC = 400 };
    static int64_t orgs[NC], weights[NC];
    for (int i = 0; i < NC; i++) {
        orgs[i] = 1000 - i;
        weights[i] = 1;
    }
    orgs[300] = orgs[17];
    nb_team_line charged = {9, 1, NULL, 0, 7, 3, 60, NULL, orgs, weights, NC};
    in.lines = &charged;
    in.nlines = 1;
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), NB_EINVAL);
    assert_non_null(strstr(err.msg, "organisatie 983 staat twee keer in de verdeling"));
    orgs[300] = 1000 - 300;
    weights[350] = -1; /* a bad weight after the repeat's place: reported */
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), NB_EINVAL);
    assert_non_null(strstr(err.msg, "ongeldig gewicht"));
    weights[350] = 1;
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), 0);
    nb_team_model_free(m);
    m = NULL;

    /* empty input: an empty proposal */
    in.lines = NULL;
    in.nlines = 0;
    nb_team_result *r = tfx_solve(&in, NULL);
    assert_int_equal(r->nallocs, 0);
    assert_int_equal(r->nshortages, 0);
    assert_int_equal(r->cost_total, 0);
    nb_team_result_free(r);

    char h[32];
    nb_team_hours_text(7200, h, sizeof h);
    assert_string_equal(h, "120 uur");
    nb_team_hours_text(150, h, sizeof h);
    assert_string_equal(h, "2,5 uur");
    nb_team_hours_text(100, h, sizeof h);
    assert_string_equal(h, "1,67 uur");
    nb_team_hours_text(-90, h, sizeof h);
    assert_string_equal(h, "-1,5 uur");
    /* thousands apart, as the pages write them (util/nlnum.h) */
    nb_team_hours_text(285366, h, sizeof h);
    assert_string_equal(h, "4.756,1 uur");
}

/* Progress is reported for every phase. */
typedef struct progress_log {
    int build, solve, post;
} progress_log;

static void on_progress(void *ctx, const char *phase, int64_t done, int64_t total)
{
    progress_log *p = ctx;
    (void)done;
    (void)total;
    if (strcmp(phase, "opbouwen") == 0)
        p->build++;
    else if (strcmp(phase, "oplossen") == 0)
        p->solve++;
    else if (strcmp(phase, "nabewerken") == 0)
        p->post++;
}

static void test_progress(void **state)
{
    (void)state;
    nb_team_skill s = {7, 3};
    int64_t wish = 7;
    nb_team_person people[] = {
        {1, 10, 125, &s, 1, &wish, 1, NULL, 0},
        {2, 11, 6000, &s, 1, NULL, 0, NULL, 0},
    };
    nb_team_line lines[] = {{100, 50, NULL, 0, 7, 3, 1000, NULL, NULL, NULL, 0}};
    nb_team_input in = {people, 2, NULL, 0, lines, 1, cfg_default()};
    progress_log log = {0, 0, 0};
    nb_team_model *m = NULL;
    nb_team_result *r = NULL;
    nb_err err = {{0}};
    assert_int_equal(nb_team_model_build(&in, on_progress, &log, &m, &err), 0);
    assert_int_equal(nb_team_solve(m, on_progress, &log, &r, &err), 0);
    assert_true(log.build >= 1);
    assert_int_equal(log.solve, 1);
    assert_int_equal(log.post, 1);
    assert_int_equal(nb_team_model_matches(m), 2);
    assert_int_equal(nb_team_model_nodes(m), 3 + 2 + 1 + 16);
    nb_team_result_free(r);
    nb_team_model_free(m);
}

/* ---- randomized: pure optimum against brute force ------------------------- */

static uint64_t rng_state; /* the tests' random numbers (teaming_fixture.h) */
static int64_t rint_(int64_t lo, int64_t hi)
{
    return tfx_rint(&rng_state, lo, hi);
}

/* Marginal cost of the t-th minute (1-based) of a person, straight from the spec. */
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

typedef struct bf_pair {
    int p, l;
    int64_t cost; /* per minute */
    int64_t hi;
} bf_pair;

static int64_t brute_force(const nb_team_input *in)
{
    const nb_team_config *c = &in->config;
    bf_pair pairs[16];
    int np = 0;
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
            for (size_t k = 0; k < pp->nwishes; k++)
                if (pp->wishes[k] == ln->competency_id)
                    cost -= c->wish_bonus;
            for (size_t k = 0; k < pp->nassignments; k++)
                if (pp->assignments[k] == ln->assignment_id)
                    cost -= c->continuity_bonus;
            for (size_t k = 0; k < ln->nrequesters; k++)
                if (ln->requesters[k] == pp->organisation_id)
                    cost += c->home_cost;
            int64_t bal = 0;
            for (size_t k = 0; k < in->norgs; k++)
                if (in->orgs[k].organisation_id == pp->organisation_id)
                    bal = in->orgs[k].balance_minutes;
            int64_t f = bal * c->fairness_weight / c->fairness_unit_minutes;
            if (f > c->fairness_max)
                f = c->fairness_max;
            if (f < -c->fairness_max)
                f = -c->fairness_max;
            /* only the booked share: W - w_own of W (charged, else the requesters equally) */
            int64_t W = 0, own = 0;
            size_t nc = ln->ncharged ? ln->ncharged : ln->nrequesters;
            for (size_t k = 0; k < nc; k++) {
                int64_t org = ln->ncharged ? ln->charged[k] : ln->requesters[k];
                int64_t w = ln->ncharged ? ln->charge_weights[k] : 1;
                W += w;
                if (org == pp->organisation_id)
                    own += w;
            }
            if (nc > 0) {
                double share = (double)f * (double)(W - own) / (double)W;
                f = (int64_t)(share >= 0 ? share + 0.5 : share - 0.5);
            }
            cost += f;
            int64_t cap = pp->available_minutes * c->load_cap_pct / 100;
            pairs[np++] = (bf_pair){(int)p, (int)l, cost, ln->minutes < cap ? ln->minutes : cap};
        }
    }
    int64_t x[16] = {0};
    int64_t best = INT64_MAX;
    for (;;) {
        int64_t load[4] = {0}, got[4] = {0}, cost = 0;
        int ok = 1;
        for (int i = 0; i < np; i++) {
            load[pairs[i].p] += x[i];
            got[pairs[i].l] += x[i];
            cost += x[i] * pairs[i].cost;
        }
        for (size_t p = 0; p < in->npeople && ok; p++) {
            int64_t avail = in->people[p].available_minutes;
            if (load[p] > avail * c->load_cap_pct / 100)
                ok = 0;
            for (int64_t t = 1; t <= load[p]; t++)
                cost += bf_marginal(c, avail, t);
        }
        for (size_t l = 0; l < in->nlines && ok; l++) {
            if (got[l] > in->lines[l].minutes)
                ok = 0;
            cost += (in->lines[l].minutes - got[l]) * c->unmet_cost;
        }
        if (ok && cost < best)
            best = cost;
        /* odometer */
        int i = 0;
        while (i < np && x[i] == pairs[i].hi) {
            x[i] = 0;
            i++;
        }
        if (i == np)
            break;
        x[i]++;
    }
    return best;
}

static void test_random_vs_brute_force(void **state)
{
    (void)state;
    const char *env = getenv("TEAMING_SEED");
    uint64_t first = env ? strtoull(env, NULL, 10) : 1, count = env ? 1 : 400;
    for (uint64_t seed = first; seed < first + count; seed++) {
        rng_state = seed * 0x9E3779B97F4A7C15ULL + 1;
        nb_team_config c;
        tfx_config_random(&rng_state, &c);
        c.fairness_unit_minutes = rint_(1, 20);
        c.fairness_max = rint_(0, 6);
        c.seg_pct[0] = rint_(0, 100);
        c.seg_pct[1] = rint_(0, 100 - c.seg_pct[0]);
        c.seg_pct[2] = 100 - c.seg_pct[0] - c.seg_pct[1];
        c.seg_cost[0] = rint_(0, 4);
        c.seg_cost[1] = c.seg_cost[0] + rint_(0, 4);
        c.seg_cost[2] = c.seg_cost[1] + rint_(0, 6);
        c.load_cap_pct = rint_(30, 100);
        c.unmet_cost = 60 + rint_(0, 40);
        c.min_alloc_minutes = 0; /* the pure optimum: no post-processing */
        c.max_team_size = 0;

        int npeople = (int)rint_(1, 3), nlines = (int)rint_(1, 2);
        nb_team_skill skills[3][2];
        int64_t wishes[3], asgs[3], reqs[2], chg[2][3], chw[2][3];
        nb_team_person people[3];
        nb_team_org orgs[3];
        nb_team_line lines[2];
        for (int p = 0; p < npeople; p++) {
            skills[p][0] = (nb_team_skill){1, rint_(1, 5)};
            skills[p][1] = (nb_team_skill){2, rint_(1, 5)};
            wishes[p] = rint_(1, 3);
            asgs[p] = rint_(1, 3);
            people[p] = (nb_team_person){p + 1,
                                         10 + rint_(0, 2),
                                         rint_(0, 9),
                                         skills[p],
                                         (size_t)rint_(0, 2),
                                         &wishes[p],
                                         (size_t)rint_(0, 1),
                                         &asgs[p],
                                         (size_t)rint_(0, 1)};
            orgs[p] = (nb_team_org){10 + p, rint_(-100, 100), NULL};
        }
        for (int l = 0; l < nlines; l++) {
            reqs[l] = 10 + rint_(0, 2);
            lines[l] = (nb_team_line){100 + l,
                                      rint_(1, 3),
                                      &reqs[l],
                                      (size_t)rint_(0, 1),
                                      rint_(1, 2),
                                      rint_(1, 5),
                                      rint_(0, 6),
                                      NULL,
                                      NULL,
                                      NULL,
                                      0};
            /* half the lines: an explicit charge over 1-3 organisations */
            if (rint_(0, 1)) {
                size_t nc = (size_t)rint_(1, 3);
                for (size_t k = 0; k < nc; k++) {
                    chg[l][k] = 10 + (int64_t)k;
                    chw[l][k] = rint_(k == 0 ? 1 : 0, 5);
                }
                lines[l].charged = chg[l];
                lines[l].charge_weights = chw[l];
                lines[l].ncharged = nc;
            }
        }
        /* only the first npeople organisations are filled in */
        nb_team_input in = {people, (size_t)npeople, orgs, (size_t)npeople,
                            lines,  (size_t)nlines,  c};
        int64_t want = brute_force(&in);
        nb_team_result *r = tfx_solve(&in, NULL);
        if (r->cost_optimum != want)
            fprintf(stderr, "seed %llu: engine %lld, brute force %lld\n", (unsigned long long)seed,
                    (long long)r->cost_optimum, (long long)want);
        assert_int_equal(r->cost_optimum, want);
        assert_int_equal(r->cost_total, want); /* extraction adds up to the solver's cost */
        check_invariants(&in, r);
        nb_team_result_free(r);

        /* with the post-processing on: rules hold and the gap is never negative */
        in.config.min_alloc_minutes = rint_(0, 4);
        in.config.max_team_size = rint_(0, 2);
        r = tfx_solve(&in, NULL);
        check_invariants(&in, r);
        assert_true(r->cost_optimum == want);
        for (size_t i = 0; i < r->nallocs; i++) {
            int64_t lm = 0;
            for (int l = 0; l < nlines; l++)
                if (lines[l].id == r->allocs[i].line_id)
                    lm = lines[l].minutes;
            assert_true(r->allocs[i].minutes >=
                        (in.config.min_alloc_minutes < lm ? in.config.min_alloc_minutes : lm));
        }
        for (int l = 0; l < nlines && in.config.max_team_size > 0; l++) {
            int64_t n = 0;
            for (size_t i = 0; i < r->nallocs; i++)
                n += r->allocs[i].line_id == lines[l].id;
            assert_true(n <= in.config.max_team_size);
        }
        nb_team_result_free(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_level_rule),
        cmocka_unit_test(test_hours_and_load_cap),
        cmocka_unit_test(test_load_spreading),
        cmocka_unit_test(test_shortage_reasons),
        cmocka_unit_test(test_fairness),
        cmocka_unit_test(test_wish_continuity_home),
        cmocka_unit_test(test_slivers_removed),
        cmocka_unit_test(test_sliver_promoted),
        cmocka_unit_test(test_team_size),
        cmocka_unit_test(test_resolve_reuse),
        cmocka_unit_test(test_config_and_input_errors),
        cmocka_unit_test(test_progress),
        cmocka_unit_test(test_random_vs_brute_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
