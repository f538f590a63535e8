/*
 * tests/api/test_opdrachten_profiel.c — a line's own month profile
 * (regels[i].maandprofiel, issue 13 §2) over real HTTP: create, read and
 * update round trips (canonical month order, the profile follows the line
 * at its position, absent keeps it, null and [] clear it), and every
 * refusal with its invalidParams path: a bad month, a weight out of range,
 * a month twice, too many months, a month outside the period, all weights
 * zero, and a later period change that leaves a kept month outside; and
 * that a proposal planned per month (perMaand) puts a profiled line's
 * minutes in its heavy months (belastingPerMaand).
 */
#include "harness.h"
#include "opdrachten_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A profile [{maand, gewicht}, ...] from n pairs (month text, weight). */
static json_t *profile(int n, ...)
{
    json_t *a = json_array();
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        const char *m = va_arg(ap, const char *);
        int w = va_arg(ap, int);
        json_array_append_new(a, json_pack("{s:s, s:i}", "maand", m, "gewicht", w));
    }
    va_end(ap);
    return a;
}

/* Appends the items of b to a and drops b (json_array_extend copies, it does not steal). */
static void extend_new(json_t *a, json_t *b)
{
    assert_int_equal(json_array_extend(a, b), 0);
    json_decref(b);
}

/* One line of comp_1 with profile p (stolen; NULL: no maandprofiel member). */
static json_t *line_with(json_t *p)
{
    json_t *lines = line1(comp_1, 2, 6000);
    if (p != NULL)
        json_object_set_new(json_array_get(lines, 0), "maandprofiel", p);
    return lines;
}

/* The profile of line i of assignment a (JSON) as "2027-01:2,2027-02:1" into out[n]. */
static void profile_text(const json_t *a, size_t i, char *out, size_t n)
{
    const json_t *p =
        json_object_get(json_array_get(json_object_get(a, "regels"), i), "maandprofiel");
    assert_true(json_is_array(p));
    size_t at = 0, k;
    const json_t *e;
    out[0] = '\0';
    json_array_foreach (p, k, e)
        at += (size_t)snprintf(out + at, n - at, "%s%s:%lld", k ? "," : "", str(e, "maand"),
                               num(e, "gewicht"));
}

static void test_round_trip(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[96], text[256];
    /* given out of order: stored and answered in month order */
    long long id =
        create(beheer, asg("lokaal", req1(org_a),
                           line_with(profile(3, "2031-03", 1, "2031-01", 2, "2031-02", 0)),
                           person_a, "2031-01-10", "2031-03-31"));
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld", id);
    send_json("GET", path, lezer, NULL, &r);
    expect(&r, 200);
    profile_text(r.json, 0, text, sizeof text);
    assert_string_equal(text, "2031-01:2,2031-02:0,2031-03:1");
    long long line_id = num(json_array_get(json_object_get(r.json, "regels"), 0), "id");
    nb_t_resp_free(&r);
    /* a list page loads lines by another query (store/assignments.c nb_asg_load_page) */
    send_json("GET", "/api/v1/opdrachten?sorteer=-id&paginaGrootte=1", lezer, NULL, &r);
    expect(&r, 200);
    json_t *item = json_array_get(page_items(&r), 0);
    assert_int_equal(num(item, "id"), id);
    profile_text(item, 0, text, sizeof text);
    assert_string_equal(text, "2031-01:2,2031-02:0,2031-03:1");
    nb_t_resp_free(&r);

    /* a PUT without maandprofiel keeps it (the line at its position) */
    send_json("PUT", path, beheer,
              asg("lokaal", req1(org_a), line_with(NULL), person_a, "2031-01-10", "2031-03-31"),
              &r);
    expect(&r, 200);
    profile_text(r.json, 0, text, sizeof text);
    assert_string_equal(text, "2031-01:2,2031-02:0,2031-03:1");
    assert_int_equal(num(json_array_get(json_object_get(r.json, "regels"), 0), "id"), line_id);
    nb_t_resp_free(&r);

    /* a new profile replaces it; a second line without one stays without */
    json_t *lines = line_with(profile(1, "2031-02", 5));
    extend_new(lines, line1(comp_2, 1, 600));
    send_json("PUT", path, beheer,
              asg("lokaal", req1(org_a), lines, person_a, "2031-01-10", "2031-03-31"), &r);
    expect(&r, 200);
    profile_text(r.json, 0, text, sizeof text);
    assert_string_equal(text, "2031-02:5");
    profile_text(r.json, 1, text, sizeof text);
    assert_string_equal(text, "");
    nb_t_resp_free(&r);
    send_json("GET", path, beheer, NULL, &r);
    profile_text(r.json, 0, text, sizeof text);
    assert_string_equal(text, "2031-02:5");
    nb_t_resp_free(&r);

    /* null clears it; so does [] */
    send_json(
        "PUT", path, beheer,
        asg("lokaal", req1(org_a), line_with(json_null()), person_a, "2031-01-10", "2031-03-31"),
        &r);
    expect(&r, 200);
    profile_text(r.json, 0, text, sizeof text);
    assert_string_equal(text, "");
    nb_t_resp_free(&r);
    long long id2 = create(beheer, asg("lokaal", req1(org_a), line_with(json_array()), person_a,
                                       "2031-01-10", "2031-03-31"));
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld", id2);
    send_json("GET", path, beheer, NULL, &r);
    profile_text(r.json, 0, text, sizeof text);
    assert_string_equal(text, "");
    nb_t_resp_free(&r);
}

/* Sends a create with one line of profile p over 2031-01-10..2031-03-31 and expects 400 at where. */
static void refused(json_t *p, const char *where)
{
    nb_t_resp r;
    send_json("POST", "/api/v1/opdrachten", beheer,
              asg("lokaal", req1(org_a), line_with(p), person_a, "2031-01-10", "2031-03-31"), &r);
    expect(&r, 400);
    expect_invalid(&r, where);
    assert_int_equal(ninvalid(&r), 1);
    nb_t_resp_free(&r);
}

static void test_refusals(void **state)
{
    (void)state;
    refused(profile(1, "2031-1x", 1), "regels[0].maandprofiel[0].maand");      /* not a month */
    refused(profile(1, "2031-13", 1), "regels[0].maandprofiel[0].maand");      /* month 13 */
    refused(profile(1, "31-01", 1), "regels[0].maandprofiel[0].maand");        /* too short */
    refused(profile(1, "2031-01", -1), "regels[0].maandprofiel[0].gewicht");   /* negative */
    refused(profile(1, "2031-01", 1001), "regels[0].maandprofiel[0].gewicht"); /* huge */
    refused(profile(2, "2031-01", 1, "2031-01", 2), "regels[0].maandprofiel[1].maand"); /* twice */
    refused(profile(2, "2031-01", 1, "2031-04", 2), "regels[0].maandprofiel"); /* outside */
    refused(profile(1, "2030-12", 1), "regels[0].maandprofiel");               /* before */
    refused(profile(2, "2031-01", 0, "2031-02", 0), "regels[0].maandprofiel"); /* all zero */
    refused(json_string("2031-01: 2"), "regels[0].maandprofiel");              /* not a list */
    refused(json_pack("[{s:s}]", "maand", "2031-01"), "regels[0].maandprofiel[0].gewicht");
    json_t *many = json_array();
    for (int i = 0; i < 37; i++) {
        char m[8];
        snprintf(m, sizeof m, "%04d-%02d", 2031 + i / 12, i % 12 + 1);
        json_array_append_new(many, json_pack("{s:s, s:i}", "maand", m, "gewicht", 1));
    }
    refused(many, "regels[0].maandprofiel"); /* 37 > 36 */

    /* the reason of a month outside the period names the month and the period */
    nb_t_resp r;
    send_json("POST", "/api/v1/opdrachten", beheer,
              asg("lokaal", req1(org_a), line_with(profile(1, "2031-04", 1)), person_a,
                  "2031-01-10", "2031-03-31"),
              &r);
    expect(&r, 400);
    assert_non_null(strstr(r.body, "2031-04 ligt buiten de periode"));
    assert_non_null(strstr(r.body, "2031-01 tot en met 2031-03"));
    nb_t_resp_free(&r);
}

/* A period change that leaves a kept (not resent) month outside is refused, naming the
 * line; with the profile adjusted or cleared in the same PUT it passes. */
static void test_period_change(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[96], text[256];
    json_t *lines = line1(comp_2, 1, 600);
    extend_new(lines, line_with(profile(2, "2031-01", 1, "2031-03", 3)));
    long long id =
        create(beheer, asg("lokaal", req1(org_a), lines, person_a, "2031-01-01", "2031-03-31"));
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld", id);
    lines = line1(comp_2, 1, 600);
    extend_new(lines, line_with(NULL));
    send_json("PUT", path, beheer,
              asg("lokaal", req1(org_a), lines, person_a, "2031-01-01", "2031-02-28"), &r);
    expect(&r, 400);
    expect_invalid(&r, "regels[1].maandprofiel");
    assert_int_equal(ninvalid(&r), 1);
    assert_non_null(strstr(r.body, "2031-03 ligt buiten de periode"));
    nb_t_resp_free(&r);
    send_json("GET", path, beheer, NULL, &r); /* unchanged */
    assert_string_equal(str(r.json, "einddatum"), "2031-03-31");
    profile_text(r.json, 1, text, sizeof text);
    assert_string_equal(text, "2031-01:1,2031-03:3");
    nb_t_resp_free(&r);

    lines = line1(comp_2, 1, 600);
    extend_new(lines, line_with(profile(1, "2031-02", 1)));
    send_json("PUT", path, beheer,
              asg("lokaal", req1(org_a), lines, person_a, "2031-01-01", "2031-02-28"), &r);
    expect(&r, 200);
    profile_text(r.json, 1, text, sizeof text);
    assert_string_equal(text, "2031-02:1");
    nb_t_resp_free(&r);
}

/* The minutes person who has in month mm in proposal r's belastingPerMaand (-1: absent). */
static long long load_in(const nb_t_resp *r, long long who, const char *mm)
{
    const json_t *loads = json_object_get(r->json, "belastingPerMaand"), *l, *m;
    size_t i, t;
    json_array_foreach (loads, i, l) {
        if (num(json_object_get(l, "medewerker"), "id") != who)
            continue;
        json_array_foreach (json_object_get(l, "maanden"), t, m)
            if (strcmp(str(m, "maand"), mm) == 0)
                return num(m, "minuten");
    }
    return -1;
}

/* The engine spreads a profiled line's minutes by its profile (per month, perMaand), and a
 * line without one by the days of the period: 1200 minutes over 2032-01..03 with
 * 2032-01: 3, 2032-03: 1 land as 900 / 0 / 300; without it as 409 / 382 / 409 (31, 29, 31
 * days of 91). */
static void test_engine_follows_profile(void **state)
{
    (void)state;
    char person[512];
    snprintf(person, sizeof person,
             "{\"organisatieId\":%lld,\"naam\":\"Dirk Bos\",\"email\":\"dirk@papendrecht.nl\","
             "\"schaal\":11,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":480,"
             "\"competenties\":[{\"competentieId\":%lld,\"niveau\":5}]}",
             org_b, comp_2);
    long long who = nb_t_create(&srv, "/api/v1/medewerkers", beheer, person);
    assert_true(who > 0);
    for (int own = 1; own >= 0; own--) {
        json_t *lines = line1(comp_2, 1, 1200);
        if (own)
            json_object_set_new(json_array_get(lines, 0), "maandprofiel",
                                profile(2, "2032-03", 1, "2032-01", 3));
        long long id =
            create(beheer, asg("lokaal", req1(org_a), lines, person_a, "2032-01-01", "2032-03-31"));
        nb_t_consent_all(&srv, beheer, id);
        set_status(id, beheer, "ingediend", 200);
        set_status(id, beheer, "geaccepteerd", 200);
        nb_t_resp r;
        char body[96];
        snprintf(body, sizeof body, "{\"opdrachtIds\":[%lld],\"perMaand\":true}", id);
        nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/teamvoorstellen");
        expect(&r, 201);
        assert_int_equal(num(json_object_get(r.json, "samenvatting"), "voorgesteldMinuten"), 1200);
        if (own) {
            assert_int_equal(load_in(&r, who, "2032-01"), 900);
            assert_int_equal(load_in(&r, who, "2032-02"), 0);
            assert_int_equal(load_in(&r, who, "2032-03"), 300);
        } else {
            assert_int_equal(load_in(&r, who, "2032-01"), 409);
            assert_int_equal(load_in(&r, who, "2032-02"), 382);
            assert_int_equal(load_in(&r, who, "2032-03"), 409);
        }
        nb_t_resp_free(&r);
        set_status(id, beheer, "geannuleerd", 200); /* out of the next round's stock */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_period_change),
        cmocka_unit_test(test_engine_follows_profile),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
