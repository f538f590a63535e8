/*
 * tests/core/test_teaming_booking.c — the teaming engine's fairness and
 * reasons against what the ledger really books (issue 13, part 1).
 *
 * For many seeded random proposals (people of several organisations; local,
 * multi-local and regional lines whose charge is built the way
 * store/team_loader.c builds it), every allocation is "accepted" the way
 * store/hours_ledger.c confirms it: core/hours.h nb_hours_charge splits the
 * minutes and nb_hours_build_reserve makes the reservations. Every claim of
 * the allocation's reasons and its booked/own minutes is checked against
 * those transfers, and its fairness cost against the booked share. Replay
 * one seed with TEAMING_SEED=n.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hours.h"
#include "core/teaming.h"
#include "core/teaming_impl.h"

#include "teaming_fixture.h"

/* Inputs are written positionally; fields added later (month buckets) are zero
 * (one window) unless a test sets them. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static uint64_t rng_state; /* the tests' random numbers (teaming_fixture.h) */
static int64_t rint_(int64_t lo, int64_t hi)
{
    return tfx_rint(&rng_state, lo, hi);
}

enum { NORG = 5, MAXP = 8, MAXL = 5 };

/* The ledger account of organisation org (any 1:1 map will do). */
static int64_t account_of(int64_t org)
{
    return 1000 + org;
}

static const char *org_name(int64_t org)
{
    static const char *names[NORG] = {"Dordrecht", "Zwijndrecht", "Sliedrecht", "Papendrecht",
                                      "Alblasserdam"};
    return names[org - 1];
}

static const char *reason_with(const nb_team_alloc *a, const char *needle)
{
    for (size_t k = 0; k < a->nreasons; k++)
        if (strstr(a->reasons[k], needle) != NULL)
            return a->reasons[k];
    return NULL;
}

static void hours(int64_t minutes, char *buf)
{
    nb_team_hours_text(minutes, buf, 48);
}

/* One random line with its charge described twice: for the engine
 * (charged/weights, as team_loader.c builds it) and for core/hours.h. */
typedef struct rline {
    nb_assignment_kind kind;
    nb_assignment_requester req[NORG];
    size_t nreq;
    nb_key_member members[NORG];
    int64_t req_ids[NORG];
    int64_t charged[NORG], weights[NORG];
    size_t ncharged;
} rline;

static void random_line(rline *r)
{
    memset(r, 0, sizeof *r);
    r->kind = (nb_assignment_kind)rint_(0, 2);
    if (r->kind == NB_ASSIGNMENT_REGIONAAL) {
        /* every organisation is a gemeente; fixed shares, some zero */
        r->nreq = 1;
        r->req[0] = (nb_assignment_requester){rint_(1, NORG), 1};
        for (size_t i = 0; i < NORG; i++) {
            r->members[i].org_id = (int64_t)i + 1;
            r->members[i].vast_aandeel = rint_(i == 0 ? 1 : 0, 7);
            r->charged[i] = (int64_t)i + 1;
            r->weights[i] = r->members[i].vast_aandeel;
        }
        r->ncharged = NORG;
    } else {
        r->nreq = r->kind == NB_ASSIGNMENT_LOKAAL ? 1 : (size_t)rint_(2, 3);
        int64_t first = rint_(1, NORG);
        for (size_t i = 0; i < r->nreq; i++) {
            r->req[i].organisation_id = (first - 1 + (int64_t)i) % NORG + 1;
            r->req[i].share = r->kind == NB_ASSIGNMENT_LOKAAL ? 1 : rint_(1, 4);
            r->charged[i] = r->req[i].organisation_id;
            r->weights[i] = r->kind == NB_ASSIGNMENT_LOKAAL ? 1 : r->req[i].share;
        }
        r->ncharged = r->nreq;
    }
    for (size_t i = 0; i < r->nreq; i++)
        r->req_ids[i] = r->req[i].organisation_id;
}

/* Checks every claim of allocation a (person of home, balance bal) on line r. */
static void check_alloc(const nb_team_alloc *a, const rline *r, int64_t home, int64_t bal,
                        uint64_t seed)
{
    nb_hours_charge_in in = {r->kind, r->req, r->nreq, r->members, NORG, NB_KEY_VASTE_AANDELEN};
    nb_hours_part parts[NB_HOURS_MAX_PARTS];
    size_t nparts = 0;
    nb_err err = {{0}};
    assert_int_equal(nb_hours_charge(&in, a->minutes, parts, NB_HOURS_MAX_PARTS, &nparts, &err), 0);
    nb_hours_account_part ap[NB_HOURS_MAX_PARTS];
    memset(ap, 0, sizeof ap);
    int64_t own = 0;
    for (size_t i = 0; i < nparts; i++) {
        ap[i].org_id = parts[i].org_id;
        ap[i].account_id = account_of(parts[i].org_id);
        ap[i].minutes = parts[i].minutes;
        if (parts[i].org_id == home)
            own += parts[i].minutes;
    }
    nb_transfer batch[NB_HOURS_MAX_PARTS];
    nb_hours_batch_meta meta[NB_HOURS_MAX_PARTS];
    size_t count = 0;
    assert_int_equal(
        nb_hours_build_reserve(1, home, account_of(home), ap, nparts, batch, meta, &count), 0);
    int64_t booked = 0;
    for (size_t t = 0; t < count; t++) {
        assert_int_equal(batch[t].credit_account_id, account_of(home));
        booked += batch[t].amount;
    }
    if (booked != a->minutes_booked || own != a->minutes_own)
        fprintf(stderr, "seed %llu: person %lld line %lld booked %lld/%lld own %lld/%lld\n",
                (unsigned long long)seed, (long long)a->person_id, (long long)a->line_id,
                (long long)a->minutes_booked, (long long)booked, (long long)a->minutes_own,
                (long long)own);
    assert_int_equal(a->minutes_booked, booked);
    assert_int_equal(a->minutes_own, own);
    assert_int_equal(booked + own, a->minutes);

    char h[48], o[48], want[256];
    const char *own_reason = reason_with(a, "eigen organisatie: wordt niet verrekend");
    const char *verrekend = reason_with(a, "wordt verrekend: ");
    const char *back = reason_with(a, "brengt ");
    const char *red = reason_with(a, "in de min bij het netwerk");
    const char *credit = reason_with(a, "tegoed van het netwerk");
    if (count == 0) {
        /* nothing moves: no claim of a booking, of hours brought back or of a balance */
        assert_non_null(own_reason);
        assert_null(verrekend);
        assert_null(back);
        assert_null(credit);
        assert_null(red);
        /* the per-minute term is linear in the booked share: 0 when the person's
         * organisation carries the whole weight (a rounding remainder of a small
         * multi-local allocation may still round the booked minutes to 0) */
        int64_t wsum = 0, wown = 0;
        for (size_t i = 0; i < r->ncharged; i++) {
            wsum += r->weights[i];
            wown += r->charged[i] == home ? r->weights[i] : 0;
        }
        if (wown == wsum)
            assert_int_equal(a->cost_fairness, 0);
        return;
    }
    assert_null(own_reason);
    /* the booking: "brengt X terug van ..." when the organisation is in the red,
     * "wordt verrekend: X ten laste van ..." otherwise */
    const char *book = bal < 0 ? back : verrekend;
    assert_non_null(book);
    assert_true(bal < 0 ? verrekend == NULL : back == NULL);
    assert_true((red != NULL) == (bal < 0));
    assert_true((credit != NULL) == (bal > 0));
    hours(booked, h);
    snprintf(want, sizeof want,
             bal < 0 ? "brengt %s terug van " : "wordt verrekend: %s ten laste van ", h);
    assert_true(strncmp(book, want, strlen(want)) == 0);
    for (size_t t = 0; t < count; t++) {
        int64_t org = batch[t].debit_account_id - 1000;
        assert_true(org != home);
        if (count > 1) {
            hours(batch[t].amount, o);
            snprintf(want, sizeof want, "%s (%s)", org_name(org), o);
        } else {
            snprintf(want, sizeof want, "%s", org_name(org));
        }
        assert_non_null(strstr(book, want));
    }
    /* no organisation is named that is not charged */
    for (int64_t org = 1; org <= NORG; org++) {
        int named = strstr(book, org_name(org)) != NULL, charged = 0;
        for (size_t t = 0; t < count; t++)
            charged |= batch[t].debit_account_id - 1000 == org;
        assert_int_equal(named, charged);
    }
    if (own > 0) {
        hours(own, o);
        snprintf(want, sizeof want, "; eigen deel van %s wordt niet verrekend", o);
        assert_non_null(strstr(book, want));
    } else {
        assert_null(strstr(book, "eigen deel"));
    }
}

static void test_reasons_match_bookings(void **state)
{
    (void)state;
    const char *env = getenv("TEAMING_SEED");
    uint64_t first = env ? strtoull(env, NULL, 10) : 1, n = env ? 1 : 300;
    size_t checked = 0, own_only = 0, partly = 0;
    for (uint64_t seed = first; seed < first + n; seed++) {
        rng_state = seed * 0x9E3779B97F4A7C15ULL + 7;
        nb_team_config c;
        nb_team_config_default(&c);
        c.min_alloc_minutes = rint_(0, 120);
        c.max_team_size = rint_(0, 3);
        nb_team_org orgs[NORG];
        for (int64_t k = 0; k < NORG; k++)
            orgs[k] = (nb_team_org){k + 1, rint_(-3, 3) * 6000 * rint_(0, 2), org_name(k + 1)};
        size_t np = (size_t)rint_(2, MAXP), nl = (size_t)rint_(1, MAXL);
        nb_team_skill skills[MAXP];
        nb_team_person people[MAXP];
        for (size_t p = 0; p < np; p++) {
            skills[p] = (nb_team_skill){rint_(1, 2), rint_(1, 5)};
            people[p] = (nb_team_person){
                (int64_t)p + 1, rint_(1, NORG), rint_(0, 6000), &skills[p], 1, NULL, 0, NULL, 0};
        }
        rline rl[MAXL];
        nb_team_line lines[MAXL];
        for (size_t l = 0; l < nl; l++) {
            random_line(&rl[l]);
            lines[l] = (nb_team_line){(int64_t)l + 100, (int64_t)l + 50, rl[l].req_ids,  rl[l].nreq,
                                      rint_(1, 2),      rint_(1, 3),     rint_(1, 3000), NULL,
                                      rl[l].charged,    rl[l].weights,   rl[l].ncharged};
        }
        nb_team_input in = {people, np, orgs, NORG, lines, nl, c};
        nb_team_model *m = NULL;
        nb_team_result *r = NULL;
        nb_err err = {{0}};
        assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), 0);
        assert_int_equal(nb_team_solve(m, NULL, NULL, &r, &err), 0);
        for (size_t i = 0; i < r->nallocs; i++) {
            const nb_team_alloc *a = &r->allocs[i];
            size_t l = (size_t)(a->line_id - 100);
            check_alloc(a, &rl[l], a->organisation_id, orgs[a->organisation_id - 1].balance_minutes,
                        seed);
            checked++;
            own_only += a->minutes_booked == 0;
            partly += a->minutes_booked > 0 && a->minutes_own > 0;
        }
        nb_team_result_free(r);
        nb_team_model_free(m);
    }
    /* the random cases reach every kind of booking */
    if (env == NULL) {
        assert_true(checked > 500);
        assert_true(own_only > 20);
        assert_true(partly > 20);
    }
}

/* The sole requester's own person: no fairness term, whatever the balance. */
static void test_own_organisation_not_booked(void **state)
{
    (void)state;
    nb_team_skill s = {7, 3};
    nb_team_person people[] = {
        {1, 1, 6000, &s, 1, NULL, 0, NULL, 0}, /* Dordrecht, 200 h in the red */
        {2, 2, 6000, &s, 1, NULL, 0, NULL, 0}, /* Zwijndrecht, balance 0 */
    };
    nb_team_org orgs[] = {{1, -1200000, "Dordrecht"}, {2, 0, "Zwijndrecht"}};
    int64_t req = 1, w = 1;
    nb_team_line lines[] = {{100, 50, &req, 1, 7, 3, 1200, NULL, &req, &w, 1}};
    nb_team_config c;
    nb_team_config_default(&c);
    c.home_cost = 1; /* Zwijndrecht's person would win, were Dordrecht's fairness counted */
    nb_team_input in = {people, 2, orgs, 2, lines, 1, c};
    nb_team_model *m = NULL;
    nb_team_result *r = NULL;
    nb_err err = {{0}};
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), 0);
    assert_int_equal(nb_team_solve(m, NULL, NULL, &r, &err), 0);
    assert_int_equal(r->nallocs, 1);
    const nb_team_alloc *a = &r->allocs[0];
    assert_int_equal(a->person_id, 2); /* Dordrecht earns nothing back on its own work */
    assert_int_equal(a->cost_fairness, 0);
    nb_team_result_free(r);

    /* without the home cost Dordrecht's person may do it: then no claim of hours back */
    in.config.home_cost = 0;
    people[1].available_minutes = 0;
    nb_team_model_free(m);
    m = NULL;
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), 0);
    assert_int_equal(nb_team_solve(m, NULL, NULL, &r, &err), 0);
    assert_int_equal(r->nallocs, 1);
    a = &r->allocs[0];
    assert_int_equal(a->person_id, 1);
    assert_int_equal(a->cost_fairness, 0);
    assert_int_equal(a->minutes_booked, 0);
    assert_non_null(reason_with(a, "werkt bij een aanvragende organisatie"));
    assert_non_null(reason_with(a, "eigen organisatie: wordt niet verrekend"));
    assert_null(reason_with(a, "in de min"));
    assert_null(reason_with(a, "terug"));
    nb_team_result_free(r);
    nb_team_model_free(m);
}

/* Multi-local: the fairness term counts only the other requesters' share. */
static void test_multi_local_share(void **state)
{
    (void)state;
    nb_team_skill s = {7, 3};
    nb_team_person people[] = {{1, 1, 60000, &s, 1, NULL, 0, NULL, 0}};
    nb_team_org orgs[] = {{1, -1200000, "Dordrecht"}, {2, 0, "Zwijndrecht"}, {3, 0, "Sliedrecht"}};
    int64_t req[] = {1, 2, 3}, w[] = {2, 1, 1}; /* Dordrecht half */
    nb_team_line lines[] = {{100, 50, req, 3, 7, 3, 14400, NULL, req, w, 3}};
    nb_team_config c;
    nb_team_config_default(&c);
    nb_team_input in = {people, 1, orgs, 3, lines, 1, c};
    nb_team_model *m = NULL;
    nb_team_result *r = NULL;
    nb_err err = {{0}};
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), 0);
    assert_int_equal(nb_team_solve(m, NULL, NULL, &r, &err), 0);
    assert_int_equal(r->nallocs, 1);
    const nb_team_alloc *a = &r->allocs[0];
    /* term -5 on half the minutes: round(-2.5) = -3 per minute */
    assert_int_equal(a->cost_fairness, -3 * a->minutes);
    assert_int_equal(a->minutes_booked * 2, a->minutes);
    char want[160], h[48], h2[48];
    hours(a->minutes_booked, h);
    hours(a->minutes_booked / 2, h2);
    snprintf(want, sizeof want,
             "brengt %s terug van Zwijndrecht (%s) en Sliedrecht (%s); eigen deel van %s wordt "
             "niet verrekend",
             h, h2, h2, h);
    if (reason_with(a, want) == NULL)
        for (size_t k = 0; k < a->nreasons; k++)
            fprintf(stderr, "reason: %s\n", a->reasons[k]);
    assert_non_null(reason_with(a, want));
    assert_non_null(reason_with(a, "organisatie staat 20.000 uur in de min bij het netwerk"));
    nb_team_result_free(r);
    nb_team_model_free(m);
}

/* Many payers: the list is cut, the rest counted, and the text still fits. */
static void test_many_payers(void **state)
{
    (void)state;
    enum { N = 40 };
    nb_team_skill s = {7, 3};
    nb_team_person people[] = {{1, 1, 600000, &s, 1, NULL, 0, NULL, 0}};
    nb_team_org orgs[N];
    char names[N][64];
    int64_t ids[N], w[N];
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "Gemeente met een lange naam nummer %d", i + 1);
        orgs[i] = (nb_team_org){i + 1, i == 0 ? -600000 : 0, names[i]};
        ids[i] = i + 1;
        w[i] = 1;
    }
    nb_team_line lines[] = {{100, 50, ids, 1, 7, 3, 4000, NULL, ids, w, N}};
    nb_team_config c;
    nb_team_config_default(&c);
    nb_team_input in = {people, 1, orgs, N, lines, 1, c};
    nb_team_model *m = NULL;
    nb_team_result *r = NULL;
    nb_err err = {{0}};
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), 0);
    assert_int_equal(nb_team_solve(m, NULL, NULL, &r, &err), 0);
    assert_int_equal(r->nallocs, 1);
    const nb_team_alloc *a = &r->allocs[0];
    assert_int_equal(a->minutes, 4000);
    assert_int_equal(a->minutes_booked, 3900);
    const char *book = reason_with(a, "brengt 65 uur terug van ");
    assert_non_null(book);
    assert_non_null(strstr(book, "andere organisaties (samen "));
    assert_true(strlen(book) < NB_TEAM_REASON_SIZE - 1);
    assert_non_null(strstr(book, "; eigen deel van "));
    nb_team_result_free(r);
    nb_team_model_free(m);
}

/* The payer list as it was written before (every count of names from n down, each text in
 * full, the first that fits; none, cut, when none does): the reference for nb_tm_payer_text. */
static size_t payer_text_reference(const nb_team_model *m, const nb_tm_payer *py, size_t n,
                                   int with_hours, const char *head, const char *tail, char *out)
{
    size_t looked = 0;
    for (size_t k = n + 1; k-- > 0;) {
        char buf[NB_TEAM_REASON_SIZE];
        size_t len = (size_t)snprintf(buf, sizeof buf, "%s", head);
        int64_t rest = 0;
        for (size_t i = k; i < n; i++)
            rest += py[i].minutes;
        for (size_t i = 0; i < k && len < sizeof buf; i++) {
            char name[NB_TEAM_REASON_SIZE], h[48];
            nb_tm_org_name(m, py[i].org, name, sizeof name);
            looked++;
            const char *sep = i == 0 ? "" : (i + 1 == k && k == n) ? " en " : ", ";
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", sep, name);
            if (with_hours && n > 1 && len < sizeof buf) {
                nb_team_hours_text(py[i].minutes, h, sizeof h);
                len += (size_t)snprintf(buf + len, sizeof buf - len, " (%s)", h);
            }
        }
        if (k < n && len < sizeof buf) {
            char h[48];
            nb_team_hours_text(rest, h, sizeof h);
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%zu %s (samen %s)",
                                    k > 0 ? " en " : "", n - k,
                                    n - k == 1 ? "andere organisatie" : "andere organisaties", h);
        }
        if (len < sizeof buf)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s", tail);
        if (len < sizeof buf || k == 0) {
            memcpy(out, buf, sizeof buf);
            return looked;
        }
    }
    return looked;
}

/*
 * The booking reason's payer list (nb_tm_payer_text) is the text the old
 * way gave — the most names that fit, the rest summed, cut when nothing
 * fits — for random lists of up to 400 payers (a regional line charges all
 * 342 gemeenten) with names of 1 to 120 characters, unknown organisations
 * ("organisatie <id>"), with and without hours, heads and tails of every
 * length; and it looks up at most twice the names that fit (plus two),
 * where the old way wrote a text per possible count: thousands of names
 * for every allocation of a regional line.
 */
static void test_payer_text_as_before(void **state)
{
    (void)state;
    enum { NO = 400 };
    static char names[NO][128];
    static nb_team_org orgs[NO];
    static nb_tm_payer py[NO + 10];
    rng_state = 0x5eed;
    for (int i = 0; i < NO; i++) {
        size_t len = (size_t)rint_(1, i % 7 == 0 ? 120 : 24);
        for (size_t c = 0; c < len; c++)
            names[i][c] = (char)('a' + rint_(0, 25));
        names[i][len] = '\0';
        orgs[i] = (nb_team_org){i + 1, 0, i % 11 == 5 ? NULL : names[i]};
    }
    nb_team_skill s = {7, 3};
    nb_team_person person = {1, 1, 6000, &s, 1, NULL, 0, NULL, 0};
    nb_team_config c;
    nb_team_config_default(&c);
    nb_team_input in = {&person, 1, orgs, NO, NULL, 0, c};
    nb_team_model *m = NULL;
    nb_err err = {{0}};
    assert_int_equal(nb_team_model_build(&in, NULL, NULL, &m, &err), 0);
    size_t cut = 0, all = 0, some = 0, most_looked = 0, most_before = 0;
    for (int round = 0; round < 3000; round++) {
        size_t n = (size_t)(round % 5 == 0 ? rint_(300, NO + 10) : rint_(0, 12));
        for (size_t i = 0; i < n; i++)
            py[i] = (nb_tm_payer){rint_(1, NO + 20), rint_(1, round % 3 ? 600 : 600000)};
        char head[NB_TEAM_REASON_SIZE], tail[64], got[NB_TEAM_REASON_SIZE],
            want[NB_TEAM_REASON_SIZE];
        size_t hl = (size_t)rint_(0, round % 4 ? 40 : NB_TEAM_REASON_SIZE - 1);
        size_t tl = (size_t)rint_(0, round % 6 ? 50 : 63);
        memset(head, 'h', hl);
        head[hl] = '\0';
        memset(tail, 't', tl);
        tail[tl] = '\0';
        int with_hours = (int)rint_(0, 1);
        size_t looked = nb_tm_payer_text(m, py, n, with_hours, head, tail, got);
        size_t before = payer_text_reference(m, py, n, with_hours, head, tail, want);
        if (strcmp(got, want) != 0)
            fprintf(stderr, "round %d, %zu payers:\n got  %s\n want %s\n", round, n, got, want);
        assert_string_equal(got, want);
        cut += strlen(got) == NB_TEAM_REASON_SIZE - 1;
        all += n > 1 && strstr(got, " andere organisatie") == NULL &&
               strlen(got) < NB_TEAM_REASON_SIZE - 1;
        some += strstr(got, " andere organisatie") != NULL;
        /* names that fit: at most the length of the text (each adds a character) */
        assert_true(looked <= 2 * strlen(got) + 2);
        if (n >= 300 && looked > most_looked)
            most_looked = looked;
        if (n >= 300 && before > most_before)
            most_before = before;
    }
    /* every case happened: cut texts, lists with a sum, lists naming everyone */
    assert_true(cut > 10);
    assert_true(some > 100);
    assert_true(all > 10);
    /* a regional line's list: a few dozen names looked up, not thousands */
    assert_true(most_looked <= (size_t)2 * NB_TEAM_REASON_SIZE);
    assert_true(most_before > 10 * most_looked);
    nb_team_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_own_organisation_not_booked),
        cmocka_unit_test(test_multi_local_share),
        cmocka_unit_test(test_many_payers),
        cmocka_unit_test(test_reasons_match_bookings),
        cmocka_unit_test(test_payer_text_as_before),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
