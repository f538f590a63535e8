/*
 * tests/core/test_whatif.c — the what-if of core/whatif.h ("if these people
 * leave") against a direct cold re-solve:
 *
 * - small hand-made networks whose answer is computed by hand (a line that
 *   loses its only holder, a line a colleague can take over in part, a
 *   leaver's free hours that covered an open line, competencies dropping to
 *   one holder or none);
 * - a seeded random series over many random networks and random removals:
 *   the warm answer (the model changed in place and re-solved from the before
 *   optimum) has the same uncovered minutes and cost as a model built afresh
 *   for the after state by this test (nb_team_model_build + nb_team_solve)
 *   and as nb_whatif_run with opts.cold; the before figures equal a fresh
 *   solve of the unchanged work;
 * - nb_team_model_set_available raising a person who had no capacity at
 *   build time gives the fresh model's optimum.
 *
 * NB_TEST_SEED=S replays seed S.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/whatif.h"

#include "teaming_fixture.h"

/* The configuration the what-if solves with: the defaults without post-processing. */
static nb_team_config wi_config(void)
{
    nb_team_config c;
    nb_team_config_default(&c);
    c.max_rounds = 0;
    c.min_alloc_minutes = 0;
    c.max_team_size = 0;
    c.spare_lines = 0;
    return c;
}

/* Cost and unmet minutes of a fresh model of in. */
static void fresh_solve(const nb_team_input *in, int64_t *cost, int64_t *unmet)
{
    nb_team_model *m = NULL;
    nb_team_result *r = NULL;
    nb_err err = {{0}};
    nb_team_input c = *in;
    c.config = wi_config();
    assert_int_equal(nb_team_model_build(&c, NULL, NULL, &m, &err), 0);
    assert_int_equal(nb_team_solve(m, NULL, NULL, &r, &err), 0);
    *cost = r->cost_optimum;
    *unmet = r->minutes_unmet;
    nb_team_result_free(r);
    nb_team_model_free(m);
}

/* ---- Hand-made networks -------------------------------------------------- */

static const nb_team_skill skill_c1_l3[] = {{1, 3}};
static const nb_team_skill skill_c1_l2_c2_l4[] = {{1, 2}, {2, 4}};
static const int64_t req_org1[] = {1};
static const int64_t wish_c2[] = {2};

/*
 * A (org 1, c1 level 3, 1000 min free) and B (org 2, c1 level 2, c2 level 4,
 * 500 free, wants to learn c2: it prefers line 11). Line 10 (assignment 100, c1 >= 2) has 300 open minutes and A is
 * planned for 300 more. Line 11 (assignment 101, c2 >= 4): 100 open.
 * Capacities: A 800, B 400.
 */
static void hand_network(nb_team_person *people, nb_team_line *lines, nb_team_input *in)
{
    memset(people, 0, 2 * sizeof *people);
    memset(lines, 0, 2 * sizeof *lines);
    people[0] = (nb_team_person){.id = 1,
                                 .organisation_id = 1,
                                 .available_minutes = 1000,
                                 .skills = skill_c1_l3,
                                 .nskills = 1};
    people[1] = (nb_team_person){.id = 2,
                                 .organisation_id = 2,
                                 .available_minutes = 500,
                                 .skills = skill_c1_l2_c2_l4,
                                 .nskills = 2,
                                 .wishes = wish_c2,
                                 .nwishes = 1};
    lines[0] = (nb_team_line){.id = 10,
                              .assignment_id = 100,
                              .requesters = req_org1,
                              .nrequesters = 1,
                              .competency_id = 1,
                              .min_level = 2,
                              .minutes = 300};
    lines[1] = (nb_team_line){.id = 11,
                              .assignment_id = 101,
                              .requesters = req_org1,
                              .nrequesters = 1,
                              .competency_id = 2,
                              .min_level = 4,
                              .minutes = 100};
    memset(in, 0, sizeof *in);
    in->people = people;
    in->npeople = 2;
    in->lines = lines;
    in->nlines = 2;
    nb_team_config_default(&in->config);
}

static const nb_whatif_line *find_line(const nb_whatif_result *r, int64_t id)
{
    for (size_t i = 0; i < r->nlines; i++)
        if (r->lines[i].line_id == id)
            return &r->lines[i];
    return NULL;
}

/* The row of line id; fails the test when there is none. */
static const nb_whatif_line *must_line(const nb_whatif_result *r, int64_t id)
{
    const nb_whatif_line *l = find_line(r, id);
    if (l == NULL) {
        fail_msg("line %lld not in the result", (long long)id);
        abort();
    }
    return l;
}

/* A leaves: 600 minutes on line 10 for B's 400 capacity (100 of it also on
 * line 11, which B alone can do): 300 uncovered after, none before. */
static void test_leaver_partly_replaced(void **state)
{
    (void)state;
    nb_team_person people[2];
    nb_team_line lines[2];
    nb_team_input in;
    hand_network(people, lines, &in);
    int64_t leaving[] = {1};
    nb_whatif_alloc al[] = {{1, 10, 300}};
    nb_whatif_result r;
    nb_err err = {{0}};
    assert_int_equal(nb_whatif_run(&in, leaving, 1, al, 1, NULL, &r, &err), 0);
    assert_int_equal(r.nleavers, 1);
    assert_int_equal(r.minutes_before, 400);
    assert_int_equal(r.minutes_after, 700);
    assert_int_equal(r.minutes_freed, 300);
    assert_int_equal(r.unmet_before, 0);
    assert_int_equal(r.unmet_after, 300); /* 700 asked, B can give 400 */
    assert_true(r.warm);
    const nb_whatif_line *l = must_line(&r, 10);
    assert_int_equal(l->minutes_open, 300);
    assert_int_equal(l->minutes_freed, 300);
    assert_int_equal(l->unmet_before, 0);
    assert_int_equal(l->unmet_after, 300); /* B's 100 go to line 11 (nobody else can) */
    assert_int_equal(l->holders_before, 2);
    assert_int_equal(l->holders_after, 1);
    assert_null(find_line(&r, 11)); /* covered before and after */
    /* The replacement: B, 300 minutes on line 10 after. */
    assert_int_equal(r.ntakes, 1);
    assert_int_equal(r.takes[0].person_id, 2);
    assert_int_equal(r.takes[0].line_id, 10);
    assert_int_equal(r.takes[0].minutes, 300);
    assert_int_equal(r.takes[0].level, 2);
    /* c1 goes from 2 holders to 1. */
    assert_int_equal(r.ndrops, 1);
    assert_int_equal(r.drops[0].competency_id, 1);
    assert_int_equal(r.drops[0].holders_before, 2);
    assert_int_equal(r.drops[0].holders_after, 1);
    assert_int_equal(r.ncomps, 1);
    assert_int_equal(r.comps[0].competency_id, 1);
    assert_int_equal(r.comps[0].unmet_after, 300);
    int64_t cost_after = r.cost_after;
    nb_whatif_result_free(&r);

    /* The direct re-solve: A without hours, line 10 at 600. */
    people[0].available_minutes = 0;
    lines[0].minutes = 600;
    int64_t cost, unmet;
    fresh_solve(&in, &cost, &unmet);
    assert_int_equal(unmet, 300);
    assert_int_equal(cost, cost_after);
}

/* B leaves: the only holder of c2 at level 4; line 11 loses all cover, and
 * c2 drops to no holder. B had no allocations; the before solve gave B the
 * 100 minutes of line 11 (A cannot). */
static void test_only_holder_leaves(void **state)
{
    (void)state;
    nb_team_person people[2];
    nb_team_line lines[2];
    nb_team_input in;
    hand_network(people, lines, &in);
    int64_t leaving[] = {2, 2, 99}; /* twice, and an unknown id: ignored */
    nb_whatif_result r;
    nb_err err = {{0}};
    assert_int_equal(nb_whatif_run(&in, leaving, 3, NULL, 0, NULL, &r, &err), 0);
    assert_int_equal(r.nleavers, 1);
    assert_int_equal(r.leavers[0], 2);
    assert_int_equal(r.unmet_before, 0);
    assert_int_equal(r.unmet_after, 100);
    const nb_whatif_line *l = must_line(&r, 11);
    assert_int_equal(l->leaving_before, 100);
    assert_int_equal(l->unmet_after, 100);
    assert_int_equal(l->holders_before, 1);
    assert_int_equal(l->holders_after, 0);
    /* No replacement on line 11. */
    for (size_t t = 0; t < r.ntakes; t++)
        assert_int_not_equal(r.takes[t].line_id, 11);
    /* c2: 1 -> 0 holders; c1: 2 -> 1. Fewest after first. */
    assert_int_equal(r.ndrops, 2);
    assert_int_equal(r.drops[0].competency_id, 2);
    assert_int_equal(r.drops[0].holders_after, 0);
    assert_int_equal(r.drops[1].competency_id, 1);
    assert_int_equal(r.drops[1].holders_after, 1);
    nb_whatif_result_free(&r);
}

/* Nobody leaves: before == after, nothing changes. */
static void test_nobody_leaves(void **state)
{
    (void)state;
    nb_team_person people[2];
    nb_team_line lines[2];
    nb_team_input in;
    hand_network(people, lines, &in);
    nb_whatif_result r;
    nb_err err = {{0}};
    assert_int_equal(nb_whatif_run(&in, NULL, 0, NULL, 0, NULL, &r, &err), 0);
    assert_int_equal(r.unmet_before, r.unmet_after);
    assert_int_equal(r.cost_before, r.cost_after);
    assert_int_equal(r.nlines, 0);
    assert_int_equal(r.ndrops, 0);
    nb_whatif_result_free(&r);
}

/* A line the loader keeps with 0 open minutes (fully staffed) gets the
 * leaver's allocation back as demand. */
static void test_staffed_line_freed(void **state)
{
    (void)state;
    nb_team_person people[2];
    nb_team_line lines[2];
    nb_team_input in;
    hand_network(people, lines, &in);
    lines[0].minutes = 0;
    int64_t leaving[] = {1};
    nb_whatif_alloc al[] = {{1, 10, 240}, {2, 10, 50} /* not a leaver: ignored */};
    nb_whatif_result r;
    nb_err err = {{0}};
    assert_int_equal(nb_whatif_run(&in, leaving, 1, al, 2, NULL, &r, &err), 0);
    const nb_whatif_line *l = must_line(&r, 10);
    assert_int_equal(l->minutes_open, 0);
    assert_int_equal(l->minutes_freed, 240);
    assert_int_equal(l->unmet_after, 0); /* B: 400 capacity, 100 on line 11 */
    assert_int_equal(r.ntakes, 1);
    assert_int_equal(r.takes[0].minutes, 240);
    nb_whatif_result_free(&r);
}

/* ---- Random networks ------------------------------------------------------- */

static uint64_t rng_state; /* the tests' random numbers (teaming_fixture.h) */
static uint64_t rnd(void)
{
    return tfx_rnd(&rng_state);
}
static int64_t rnd_in(int64_t lo, int64_t hi)
{
    return tfx_rint(&rng_state, lo, hi);
}

enum { MAXP = 24, MAXL = 20, MAXS = 4 };

typedef struct rnet {
    nb_team_person people[MAXP];
    nb_team_skill skills[MAXP][MAXS];
    int64_t wishes[MAXP][1];
    int64_t asgs[MAXP][1];
    nb_team_line lines[MAXL];
    int64_t reqs[MAXL][1];
    nb_team_org orgs[4];
    nb_team_input in;
} rnet;

static void random_net(rnet *n)
{
    memset(n, 0, sizeof *n);
    size_t np = (size_t)rnd_in(1, MAXP), nl = (size_t)rnd_in(1, MAXL);
    int64_t ncomp = rnd_in(1, 6);
    for (size_t k = 0; k < 4; k++)
        n->orgs[k] = (nb_team_org){(int64_t)k + 1, rnd_in(-20000, 20000), NULL};
    for (size_t i = 0; i < np; i++) {
        nb_team_person *p = &n->people[i];
        p->id = (int64_t)i * 3 + 5;
        p->organisation_id = rnd_in(1, 4);
        p->available_minutes = rnd() % 4 == 0 ? 0 : rnd_in(0, 3000);
        size_t ns = (size_t)rnd_in(0, MAXS);
        for (size_t s = 0; s < ns; s++) {
            int64_t c = rnd_in(1, ncomp);
            int dup = 0;
            for (size_t t = 0; t < p->nskills; t++)
                dup |= n->skills[i][t].competency_id == c;
            if (!dup)
                n->skills[i][p->nskills++] = (nb_team_skill){c, rnd_in(1, 5)};
        }
        p->skills = n->skills[i];
        if (rnd() % 3 == 0) {
            n->wishes[i][0] = rnd_in(1, ncomp);
            p->wishes = n->wishes[i];
            p->nwishes = 1;
        }
        if (rnd() % 3 == 0) {
            n->asgs[i][0] = rnd_in(1, 8);
            p->assignments = n->asgs[i];
            p->nassignments = 1;
        }
    }
    for (size_t j = 0; j < nl; j++) {
        nb_team_line *l = &n->lines[j];
        l->id = (int64_t)j * 7 + 1;
        l->assignment_id = rnd_in(1, 8);
        n->reqs[j][0] = rnd_in(1, 4);
        l->requesters = n->reqs[j];
        l->nrequesters = 1;
        l->competency_id = rnd_in(1, ncomp);
        l->min_level = rnd_in(1, 5);
        l->minutes = rnd() % 5 == 0 ? 0 : rnd_in(1, 2500);
    }
    n->in.people = n->people;
    n->in.npeople = np;
    n->in.lines = n->lines;
    n->in.nlines = nl;
    n->in.orgs = n->orgs;
    n->in.norgs = 4;
    nb_team_config_default(&n->in.config);
}

static void test_random_warm_equals_cold(void **state)
{
    (void)state;
    const char *seed_env = getenv("NB_TEST_SEED");
    uint64_t seed = seed_env ? strtoull(seed_env, NULL, 10) : 20261127;
    int rounds = seed_env ? 1 : 400;
    rnet *n = malloc(sizeof *n);
    assert_non_null(n);
    for (int round = 0; round < rounds; round++) {
        uint64_t s = seed + (uint64_t)round;
        rng_state = s * 2654435761u + 1;
        random_net(n);
        /* 1..3 leavers, some with allocations on random lines */
        int64_t leaving[3];
        size_t nlv = (size_t)rnd_in(1, 3);
        for (size_t k = 0; k < nlv; k++)
            leaving[k] = n->people[rnd() % n->in.npeople].id;
        nb_whatif_alloc al[6];
        size_t nal = 0;
        for (size_t k = 0; k < nlv; k++)
            for (int a = 0; a < 2; a++)
                if (rnd() % 2 == 0)
                    al[nal++] = (nb_whatif_alloc){leaving[k], n->lines[rnd() % n->in.nlines].id,
                                                  rnd_in(1, 1500)};
        nb_whatif_result warm, cold;
        nb_err err = {{0}};
        nb_whatif_opts oc = {1, NULL, NULL};
        if (nb_whatif_run(&n->in, leaving, nlv, al, nal, NULL, &warm, &err) != 0)
            fail_msg("seed %llu: warm: %s", (unsigned long long)s, err.msg);
        if (nb_whatif_run(&n->in, leaving, nlv, al, nal, &oc, &cold, &err) != 0)
            fail_msg("seed %llu: cold: %s", (unsigned long long)s, err.msg);

        /* The direct re-solve, built here: leavers at 0, their allocations added. */
        int64_t cost0, unmet0, cost1, unmet1;
        fresh_solve(&n->in, &cost0, &unmet0);
        nb_team_person people2[MAXP];
        nb_team_line lines2[MAXL];
        memcpy(people2, n->people, sizeof people2);
        memcpy(lines2, n->lines, sizeof lines2);
        int64_t freed = 0;
        for (size_t i = 0; i < n->in.npeople; i++)
            for (size_t k = 0; k < nlv; k++)
                if (people2[i].id == leaving[k])
                    people2[i].available_minutes = 0;
        for (size_t a = 0; a < nal; a++)
            for (size_t j = 0; j < n->in.nlines; j++)
                if (lines2[j].id == al[a].line_id) {
                    lines2[j].minutes += al[a].minutes;
                    freed += al[a].minutes;
                }
        nb_team_input after = n->in;
        after.people = people2;
        after.lines = lines2;
        fresh_solve(&after, &cost1, &unmet1);

        if (warm.cost_before != cost0 || warm.unmet_before != unmet0 || warm.cost_after != cost1 ||
            warm.unmet_after != unmet1 || cold.cost_after != cost1 || cold.unmet_after != unmet1 ||
            warm.minutes_freed != freed)
            fail_msg("seed %llu: before %lld/%lld (fresh %lld/%lld), after warm %lld/%lld, "
                     "cold %lld/%lld, fresh %lld/%lld; freed %lld vs %lld",
                     (unsigned long long)s, (long long)warm.cost_before,
                     (long long)warm.unmet_before, (long long)cost0, (long long)unmet0,
                     (long long)warm.cost_after, (long long)warm.unmet_after,
                     (long long)cold.cost_after, (long long)cold.unmet_after, (long long)cost1,
                     (long long)unmet1, (long long)warm.minutes_freed, (long long)freed);
        /* The per-line sums add up to the totals' change. */
        int64_t d = 0;
        for (size_t i = 0; i < warm.nlines; i++)
            d += warm.lines[i].unmet_after - warm.lines[i].unmet_before;
        if (d != warm.unmet_after - warm.unmet_before)
            fail_msg("seed %llu: lines add up to %lld, totals to %lld", (unsigned long long)s,
                     (long long)d, (long long)(warm.unmet_after - warm.unmet_before));
        nb_whatif_result_free(&warm);
        nb_whatif_result_free(&cold);
    }
    free(n);
}

/* A person built with no hours who gets some: the same optimum as a fresh model. */
static void test_set_available_raises(void **state)
{
    (void)state;
    nb_team_person people[2];
    nb_team_line lines[2];
    nb_team_input in;
    hand_network(people, lines, &in);
    in.config = wi_config();
    people[1].available_minutes = 0; /* B: no capacity, no matches at build */
    nb_team_model *m = NULL;
    nb_team_result *r = NULL;
    nb_err err = {{0}};
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), 0);
    assert_int_equal(nb_team_solve(m, NULL, NULL, &r, &err), 0);
    assert_int_equal(r->minutes_unmet, 100); /* line 11: only B can */
    nb_team_result_free(r);
    assert_int_equal(nb_team_model_set_available(m, 2, 500, &err), 0);
    assert_int_equal(nb_team_model_set_available(m, 77, 500, &err), NB_ENOTFOUND);
    assert_int_equal(nb_team_model_set_available(m, 2, -1, &err), NB_EINVAL);
    assert_int_equal(nb_team_solve(m, NULL, NULL, &r, &err), 0);
    people[1].available_minutes = 500;
    int64_t cost, unmet;
    fresh_solve(&in, &cost, &unmet);
    assert_int_equal(r->minutes_unmet, unmet);
    assert_int_equal(r->cost_optimum, cost);
    assert_int_equal(r->minutes_unmet, 0);
    nb_team_result_free(r);
    nb_team_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leaver_partly_replaced),  cmocka_unit_test(test_only_holder_leaves),
        cmocka_unit_test(test_nobody_leaves),           cmocka_unit_test(test_staffed_line_freed),
        cmocka_unit_test(test_random_warm_equals_cold), cmocka_unit_test(test_set_available_raises),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
