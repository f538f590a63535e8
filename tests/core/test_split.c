/*
 * tests/core/test_split.c — unit tests of the largest-remainder split
 * (core/split.c) and the allocation keys (core/alloc_key.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/alloc_key.h"
#include "core/split.h"

__extension__ typedef __int128 i128;

static int64_t sum(const int64_t *v, size_t n)
{
    int64_t s = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    return s;
}

/* 1 minute over 7 equal municipalities: sums to 1, the lowest id wins. */
static void test_one_minute_over_seven(void **state)
{
    int64_t ids[7] = {70, 20, 50, 10, 40, 30, 60};
    int64_t parts[7];
    (void)state;
    assert_int_equal(nb_split_equal(1, ids, 7, parts, NULL), NB_OK);
    assert_int_equal(sum(parts, 7), 1);
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(parts[i], ids[i] == 10 ? 1 : 0);
    /* Without ids the lowest index wins. */
    assert_int_equal(nb_split_equal(1, NULL, 7, parts, NULL), NB_OK);
    assert_int_equal(parts[0], 1);
    assert_int_equal(sum(parts, 7), 1);
}

/* The larger remainder wins; equal remainder and weight -> lower id. */
static void test_tie_larger_weight_first(void **state)
{
    /* total 1, weights 1 and 3 of 4: floors 0 and 0, remainders 1 and 3 ->
     * larger remainder wins. Then weights 2,2,4 (sum 8) of 2: floors 0,0,1,
     * remainders 4,4,0 -> tie on remainder and weight -> lower id (5). */
    int64_t w1[2] = {1, 3}, p1[2];
    int64_t w2[3] = {2, 2, 4}, ids2[3] = {9, 5, 1}, p2[3];
    int64_t w3[3] = {1, 2, 1}, p3[3];
    (void)state;
    assert_int_equal(nb_split_weighted(1, w1, NULL, 2, p1, NULL), NB_OK);
    assert_int_equal(p1[0], 0);
    assert_int_equal(p1[1], 1);
    assert_int_equal(nb_split_weighted(2, w2, ids2, 3, p2, NULL), NB_OK);
    assert_int_equal(p2[0], 0);
    assert_int_equal(p2[1], 1);
    assert_int_equal(p2[2], 1);
    /* 3 over 1,2,1 (sum 4): floors 0,1,0 rem 3,2,3: the two 3s win. */
    assert_int_equal(nb_split_weighted(3, w3, NULL, 3, p3, NULL), NB_OK);
    assert_int_equal(p3[0], 1);
    assert_int_equal(p3[1], 1);
    assert_int_equal(p3[2], 1);
}

/* Same remainder, different weights: the larger weight wins even against a
 * lower id and a lower index. */
static void test_tie_weight_breaks_remainder_tie(void **state)
{
    /* total 2, weights 1 and 3 (sum 4): 2 -> 0 r2; 6 -> 1 r2; one minute
     * left, remainders tie at 2 -> weight 3 wins: 0 and 2. */
    int64_t w[2] = {1, 3}, ids[2] = {1, 2}, p[2];
    int64_t w2[3] = {3, 1, 1}, p2[3];
    (void)state;
    assert_int_equal(nb_split_weighted(2, w, ids, 2, p, NULL), NB_OK);
    assert_int_equal(p[0], 0);
    assert_int_equal(p[1], 2);
    /* total 2, weights 3,1,1 (sum 5): 6 -> 1 r1; 2 -> 0 r2; 0 r2: one left,
     * remainders 1,2,2 -> tie on remainder and weight -> lower index. */
    assert_int_equal(nb_split_weighted(2, w2, NULL, 3, p2, NULL), NB_OK);
    assert_int_equal(p2[0], 1);
    assert_int_equal(p2[1], 1);
    assert_int_equal(p2[2], 0);
}

static void test_zero_weights_get_zero(void **state)
{
    int64_t w[5] = {0, 3, 0, 3, 0}, p[5];
    (void)state;
    assert_int_equal(nb_split_weighted(7, w, NULL, 5, p, NULL), NB_OK);
    assert_int_equal(p[0], 0);
    assert_int_equal(p[2], 0);
    assert_int_equal(p[4], 0);
    assert_int_equal(p[1], 4);
    assert_int_equal(p[3], 3);
}

static void test_errors(void **state)
{
    int64_t zero[3] = {0, 0, 0}, neg[2] = {1, -1}, p[3];
    int64_t big[2] = {INT64_MAX, 1};
    nb_err err;
    (void)state;
    assert_int_equal(nb_split_weighted(5, zero, NULL, 3, p, &err), NB_EINVAL);
    assert_non_null(strstr(err.msg, "zero"));
    assert_int_equal(nb_split_weighted(5, neg, NULL, 2, p, NULL), NB_EINVAL);
    assert_int_equal(nb_split_weighted(5, zero, NULL, 0, p, NULL), NB_EINVAL);
    assert_int_equal(nb_split_weighted(5, big, NULL, 2, p, NULL), NB_EINVAL);
    assert_int_equal(nb_split_weighted(INT64_MIN, neg, NULL, 1, p, NULL), NB_EINVAL);
}

static void test_negative_is_symmetric(void **state)
{
    int64_t w[4] = {5, 7, 11, 13}, p[4], q[4];
    (void)state;
    for (int64_t t = 0; t < 200; t++) {
        assert_int_equal(nb_split_weighted(t, w, NULL, 4, p, NULL), NB_OK);
        assert_int_equal(nb_split_weighted(-t, w, NULL, 4, q, NULL), NB_OK);
        assert_int_equal(sum(p, 4), t);
        assert_int_equal(sum(q, 4), -t);
        for (size_t i = 0; i < 4; i++)
            assert_int_equal(q[i], -p[i]);
    }
}

/* Gemeentefonds in euros times a large amount of minutes needs 128 bits. */
static void test_large_weights(void **state)
{
    int64_t w[3] = {INT64_C(3000000000000000000), INT64_C(3000000000000000000),
                    INT64_C(3000000000000000001)};
    int64_t p[3];
    int64_t total = INT64_C(1000000000000000007);
    (void)state;
    assert_int_equal(nb_split_weighted(total, w, NULL, 3, p, NULL), NB_OK);
    assert_true(sum(p, 3) == total);
    /* exact: total/3 each plus the remainder, the bigger weight first */
    assert_true(p[2] >= p[0] && p[0] >= p[1] - 1);
    for (size_t i = 0; i < 3; i++)
        assert_true(p[i] >= total / 3 - 1 && p[i] <= total / 3 + 1);
}

/* Each part is within one minute of its exact quota (Hamilton property). */
static void test_quota_property(void **state)
{
    uint64_t x = 88172645463325252u;
    (void)state;
    for (int round = 0; round < 2000; round++) {
        int64_t w[9], p[9];
        size_t n = 1 + (size_t)(round % 9);
        int64_t W = 0, total;
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            w[i] = (int64_t)(x % 1000);
            W += w[i];
        }
        if (W == 0) {
            w[0] = 1;
            W = 1;
        }
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        total = (int64_t)(x % 100000);
        assert_int_equal(nb_split_weighted(total, w, NULL, n, p, NULL), NB_OK);
        assert_int_equal(sum(p, n), total);
        for (size_t i = 0; i < n; i++) {
            i128 exact = (i128)total * w[i];
            /* W*p - total*w must lie in (-W, W) */
            i128 diff = (i128)p[i] * W - exact;
            assert_true(diff > -(i128)W && diff < (i128)W);
            if (w[i] == 0)
                assert_int_equal(p[i], 0);
        }
    }
}

static void test_key_names(void **state)
{
    static const char *names[] = {"inwoners",      "oppervlakte", "formatie",      "caseload",
                                  "gemeentefonds", "gelijk",      "vaste-aandelen"};
    nb_key_kind k;
    (void)state;
    for (int i = 0; i < NB_KEY_COUNT_; i++) {
        assert_string_equal(nb_key_name((nb_key_kind)i), names[i]);
        assert_int_equal(nb_key_parse(names[i], &k), NB_OK);
        assert_int_equal((int)k, i);
    }
    assert_null(nb_key_name(NB_KEY_COUNT_));
    assert_int_equal(nb_key_parse("Inwoners", &k), NB_EINVAL);
    assert_int_equal(nb_key_parse("vaste aandelen", &k), NB_EINVAL);
    assert_int_equal(nb_key_parse(NULL, &k), NB_EINVAL);
}

static void test_key_split(void **state)
{
    /* Three municipalities; ids deliberately not in order. */
    nb_key_member m[3] = {
        {.org_id = 3,
         .inwoners = 119000,
         .oppervlakte_hundredths = 9985,
         .formatie_hundredths = 85050,
         .caseload = 10,
         .gemeentefonds_euros = 250000000,
         .vast_aandeel = 5000},
        {.org_id = 1,
         .inwoners = 59000,
         .oppervlakte_hundredths = 21417,
         .formatie_hundredths = 40025,
         .caseload = 10,
         .gemeentefonds_euros = 110000000,
         .vast_aandeel = 2500},
        {.org_id = 2,
         .inwoners = 22000,
         .oppervlakte_hundredths = 12430,
         .formatie_hundredths = 16075,
         .caseload = 0,
         .gemeentefonds_euros = 40000000,
         .vast_aandeel = 2500},
    };
    int64_t p[3], w[3];
    nb_err err;
    (void)state;
    for (int k = 0; k < NB_KEY_COUNT_; k++) {
        assert_int_equal(nb_key_split((nb_key_kind)k, m, 3, 601, p, &err), NB_OK);
        assert_int_equal(sum(p, 3), 601);
    }
    assert_int_equal(nb_key_split(NB_KEY_INWONERS, m, 3, 200, p, NULL), NB_OK);
    assert_int_equal(p[0], 119);
    assert_int_equal(p[1], 59);
    assert_int_equal(p[2], 22);
    /* gelijk: 601 = 200 each + 1 to the lowest org id (index 1). */
    assert_int_equal(nb_key_split(NB_KEY_GELIJK, m, 3, 601, p, NULL), NB_OK);
    assert_int_equal(p[0], 200);
    assert_int_equal(p[1], 201);
    assert_int_equal(p[2], 200);
    /* caseload 0 gets nothing */
    assert_int_equal(nb_key_split(NB_KEY_CASELOAD, m, 3, 7, p, NULL), NB_OK);
    assert_int_equal(p[2], 0);
    assert_int_equal(p[0] + p[1], 7);
    assert_int_equal(p[1], 4); /* tie: lower org id (1) gets the odd minute */
    assert_int_equal(nb_key_weights(NB_KEY_FORMATIE, m, 3, w, NULL), NB_OK);
    assert_int_equal(w[1], 40025);
    m[2].inwoners = -1;
    assert_int_equal(nb_key_split(NB_KEY_INWONERS, m, 3, 7, p, &err), NB_EINVAL);
    assert_int_equal(nb_key_split((nb_key_kind)99, m, 3, 7, p, NULL), NB_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_minute_over_seven),
        cmocka_unit_test(test_tie_larger_weight_first),
        cmocka_unit_test(test_tie_weight_breaks_remainder_tie),
        cmocka_unit_test(test_zero_weights_get_zero),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_negative_is_symmetric),
        cmocka_unit_test(test_large_weights),
        cmocka_unit_test(test_quota_property),
        cmocka_unit_test(test_key_names),
        cmocka_unit_test(test_key_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
