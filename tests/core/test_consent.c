/*
 * tests/core/test_consent.c — the shared consent check (core/consent.h,
 * DOMAIN rule 9) and the allocation eligibility check that uses it
 * (core/hours.h nb_hours_alloc_eligible), issue 7 A.1 and A.2.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/consent.h"
#include "core/hours.h"

#include <string.h>

static nb_consent mk(int64_t org, nb_consent_basis basis, int64_t share, int64_t total)
{
    nb_consent c = {org, basis, share, total};
    return c;
}

static void test_local_needs_its_requester(void **state)
{
    (void)state;
    nb_assignment_requester a[] = {{7, 1}};
    nb_consent_missing m;
    nb_consent_in in = {NB_ASSIGNMENT_LOKAAL, a, 1, NULL, 0};
    assert_int_equal(nb_consent_check(&in, &m), 1);
    assert_int_equal(m.n, 1);
    assert_int_equal(m.org_ids[0], 7);
    assert_int_equal(m.network, 0);
    /* Someone else's consent, or the network's, does not count. */
    nb_consent other[] = {mk(8, NB_CONSENT_AGREED, 1, 1), mk(0, NB_CONSENT_NETWORK, 1, 1)};
    in.consents = other;
    in.nconsents = 2;
    assert_int_equal(nb_consent_check(&in, &m), 1);
    nb_consent own[] = {mk(7, NB_CONSENT_REQUESTER, 1, 1)};
    in.consents = own;
    in.nconsents = 1;
    assert_int_equal(nb_consent_check(&in, &m), 0);
    assert_int_equal(m.n, 0);
    /* A local share of 5 is still 5/5: everything. */
    a[0].share = 5;
    assert_int_equal(nb_consent_check(&in, NULL), 0);
}

/* The attack of the issue: A adds B with 99 of 100 shares. */
static void test_added_org_must_consent(void **state)
{
    (void)state;
    nb_assignment_requester two[] = {{1, 1}, {2, 99}};
    nb_consent given[] = {mk(1, NB_CONSENT_REQUESTER, 1, 1)};
    nb_consent_in in = {NB_ASSIGNMENT_MEERVOUDIG_LOKAAL, two, 2, given, 1};
    nb_consent_missing m;
    assert_int_equal(nb_consent_check(&in, &m), 1);
    assert_int_equal(m.n, 1);
    assert_int_equal(m.org_ids[0], 2); /* A's 1/1 covers its 1/100; B is missing */
    nb_consent both[] = {mk(1, NB_CONSENT_REQUESTER, 1, 1), mk(2, NB_CONSENT_AGREED, 99, 100)};
    in.consents = both;
    in.nconsents = 2;
    assert_int_equal(nb_consent_check(&in, &m), 0);
}

/* A consent covers a fraction up to what was agreed, never more. */
static void test_fraction_covered(void **state)
{
    (void)state;
    nb_consent b_half = mk(2, NB_CONSENT_AGREED, 1, 2);
    assert_int_equal(nb_consent_covers(&b_half, 2, 1, 2), 1);
    assert_int_equal(nb_consent_covers(&b_half, 2, 1, 3), 1); /* less */
    assert_int_equal(nb_consent_covers(&b_half, 2, 2, 4), 1); /* equal */
    assert_int_equal(nb_consent_covers(&b_half, 2, 3, 4), 0); /* more */
    assert_int_equal(nb_consent_covers(&b_half, 3, 1, 3), 0); /* another org */
    nb_consent net = mk(0, NB_CONSENT_NETWORK, 1, 1);
    assert_int_equal(nb_consent_covers(&net, 2, 1, 2), 0);
    /* Operands beyond the validated ranges are not covered (no overflow). */
    nb_consent huge = mk(2, NB_CONSENT_AGREED, INT64_MAX, INT64_MAX);
    assert_int_equal(nb_consent_covers(&huge, 2, 1, 2), 0);

    /* Beheer raises B's share from 1 of 2 to 3 of 4: B must consent again, A not. */
    nb_assignment_requester r[] = {{1, 1}, {2, 3}};
    nb_consent given[] = {mk(1, NB_CONSENT_REQUESTER, 1, 2), b_half};
    nb_consent_in in = {NB_ASSIGNMENT_MEERVOUDIG_LOKAAL, r, 2, given, 2};
    nb_consent_missing m;
    assert_int_equal(nb_consent_check(&in, &m), 1);
    assert_int_equal(m.n, 1);
    assert_int_equal(m.org_ids[0], 2);
    int64_t share = 0, total = 0;
    assert_int_equal(nb_consent_terms(in.kind, r, 2, 2, &share, &total), 0);
    assert_int_equal(share, 3);
    assert_int_equal(total, 4);
    assert_int_equal(nb_consent_terms(in.kind, r, 2, 9, &share, &total), -1);
    /* A local assignment turned multi-local lowers the old requester's part. */
    nb_assignment_requester grown[] = {{1, 1}, {2, 1}};
    nb_consent local_a[] = {mk(1, NB_CONSENT_REQUESTER, 1, 1)};
    nb_consent_in g = {NB_ASSIGNMENT_MEERVOUDIG_LOKAAL, grown, 2, local_a, 1};
    assert_int_equal(nb_consent_check(&g, &m), 1);
    assert_int_equal(m.n, 1);
    assert_int_equal(m.org_ids[0], 2);
}

static void test_regional_needs_the_network(void **state)
{
    (void)state;
    nb_assignment_requester a[] = {{1, 1}};
    nb_consent per_org[] = {mk(1, NB_CONSENT_REQUESTER, 1, 1), mk(2, NB_CONSENT_AGREED, 1, 1)};
    nb_consent_in in = {NB_ASSIGNMENT_REGIONAAL, a, 1, per_org, 2};
    nb_consent_missing m;
    assert_int_equal(nb_consent_check(&in, &m), 1);
    assert_int_equal(m.network, 1);
    assert_int_equal(m.n, 0);
    assert_int_equal(
        nb_consent_terms(NB_ASSIGNMENT_REGIONAAL, a, 1, 1, &(int64_t){0}, &(int64_t){0}), -1);
    nb_consent net[] = {mk(0, NB_CONSENT_NETWORK, 1, 1)};
    in.consents = net;
    in.nconsents = 1;
    assert_int_equal(nb_consent_check(&in, &m), 0);
    assert_int_equal(m.network, 0);
}

static void test_basis_names(void **state)
{
    (void)state;
    nb_consent_basis b;
    const char *names[] = {"aanvrager", "instemming", "netwerk"};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(nb_consent_basis_parse(names[i], &b), 0);
        assert_string_equal(nb_consent_basis_name(b), names[i]);
    }
    assert_int_equal(nb_consent_basis_parse("beheer", &b), -1);
    assert_int_equal(nb_consent_basis_parse(NULL, &b), -1);
}

/* ---- the eligibility check of an allocation (A.2) ---------------------------- */

static nb_hours_alloc_in eligible_in(void)
{
    nb_hours_alloc_in in;
    memset(&in, 0, sizeof in);
    in.assignment_id = 3;
    in.status = NB_ASSIGNMENT_GEACCEPTEERD;
    in.person_id = 11;
    in.person_active = 1;
    in.line_id = 5;
    in.line_minutes = 1000;
    in.line_planned = 400;
    in.minutes = 600;
    return in;
}

static void test_eligible(void **state)
{
    (void)state;
    nb_hours_problem p[4];
    nb_hours_alloc_in in = eligible_in();
    assert_int_equal(nb_hours_alloc_eligible(&in, p, 4, NULL), 0);
    /* Inactive: the rule the team-proposal path skipped. */
    in.person_active = 0;
    assert_int_equal(nb_hours_alloc_eligible(&in, p, 4, NULL), 1);
    assert_int_equal(p[0].rule, NB_HOURS_PERSON_INACTIVE);
    assert_string_equal(p[0].field, "medewerkerId");
    assert_non_null(strstr(p[0].reason, "niet actief"));
    in = eligible_in();
    in.status = NB_ASSIGNMENT_INGEDIEND;
    assert_int_equal(nb_hours_alloc_eligible(&in, p, 4, NULL), 1);
    assert_int_equal(p[0].rule, NB_HOURS_ASSIGNMENT_CLOSED);
    in = eligible_in();
    in.minutes = 601;
    assert_int_equal(nb_hours_alloc_eligible(&in, p, 4, NULL), 1);
    assert_int_equal(p[0].rule, NB_HOURS_OVER_LINE);
}

static void test_eligible_checks_consent_when_reserving(void **state)
{
    (void)state;
    nb_hours_problem p[4];
    nb_consent_missing m;
    nb_assignment_requester two[] = {{1, 1}, {2, 1}};
    nb_consent only_a[] = {mk(1, NB_CONSENT_REQUESTER, 1, 1)};
    nb_consent_in cin = {NB_ASSIGNMENT_MEERVOUDIG_LOKAAL, two, 2, only_a, 1};
    nb_hours_alloc_in in = eligible_in();
    /* A concept reserves nothing: consent is not asked yet. */
    assert_int_equal(nb_hours_alloc_eligible(&in, p, 4, &m), 0);
    in.consent = &cin;
    assert_int_equal(nb_hours_alloc_eligible(&in, p, 4, &m), 1);
    assert_int_equal(p[0].rule, NB_HOURS_NO_CONSENT);
    assert_int_equal(m.n, 1);
    assert_int_equal(m.org_ids[0], 2);
    /* Every broken rule at once, in order. */
    in.person_active = 0;
    in.status = NB_ASSIGNMENT_CONCEPT;
    in.minutes = 5000;
    assert_int_equal(nb_hours_alloc_eligible(&in, p, 4, &m), 4);
    assert_int_equal(p[0].rule, NB_HOURS_PERSON_INACTIVE);
    assert_int_equal(p[1].rule, NB_HOURS_ASSIGNMENT_CLOSED);
    assert_int_equal(p[2].rule, NB_HOURS_OVER_LINE);
    assert_int_equal(p[3].rule, NB_HOURS_NO_CONSENT);
    /* max bounds what is written, not what is counted. */
    assert_int_equal(nb_hours_alloc_eligible(&in, p, 1, &m), 4);
    nb_consent both[] = {mk(1, NB_CONSENT_REQUESTER, 1, 1), mk(2, NB_CONSENT_AGREED, 1, 2)};
    cin.consents = both;
    cin.nconsents = 2;
    in = eligible_in();
    in.consent = &cin;
    assert_int_equal(nb_hours_alloc_eligible(&in, p, 4, &m), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_local_needs_its_requester),
        cmocka_unit_test(test_added_org_must_consent),
        cmocka_unit_test(test_fraction_covered),
        cmocka_unit_test(test_regional_needs_the_network),
        cmocka_unit_test(test_basis_names),
        cmocka_unit_test(test_eligible),
        cmocka_unit_test(test_eligible_checks_consent_when_reserving),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
