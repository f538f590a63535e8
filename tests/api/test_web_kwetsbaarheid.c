/*
 * tests/api/test_web_kwetsbaarheid.c — the /kwetsbaarheid page over real
 * HTTP (issue 11 §1): each role's default scope, names only for beheer and
 * the own coordinator (DOMAIN.md rule 8), escaping of stored names, the single
 * holder and outflow tables, a bad or unknown organisation (422 with the
 * error next to the field), and 403 for a medewerker.
 *
 * The network: Aadorp (A) and Bedum (B); competency J held by a person of A
 * named <script>… (level 4) and by Bert of B (level 5); competency D held
 * only by Anna of A, who leaves within a year. Approved time entries are
 * written straight into the database (the report reads only approved
 * minutes): 3 × 10,000 minutes for the <script> person, 600 for Bert, each on
 * an ended allocation of a finished local assignment of the own organisation
 * (real parents: PostgreSQL checks the foreign keys; finished work asks
 * nothing, so no line of it is an open ask of the report).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "api/web_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define XSS "<script>alert(1)</script>"
#define XSS_ESC "&lt;script&gt;alert(1)&lt;/script&gt;"

static nb_t_server srv;
static char *beheer;
static long long org_a, org_b, comp_j, comp_d, p_xss, p_anna, p_bert;
static nb_t_web mt, coord_b, lezer_b, med_a;

static long long create(const char *path, const char *json)
{
    return nb_t_create(&srv, path, beheer, json);
}

static long long person(long long org, const char *name, const char *email, long long comp,
                        int level, const char *extra)
{
    char body[700];
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"%s\",\"email\":\"%s\",\"schaal\":10,"
             "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":480%s,"
             "\"competenties\":[{\"competentieId\":%lld,\"niveau\":%d}]}",
             org, name, email, extra, comp, level);
    return create("/api/v1/medewerkers", body);
}

/* A finished local assignment of organisation org (client: a person of org)
 * with one line in competency comp, running from..to: the work the approved
 * minutes below were done on. Finished, its line is no open ask. Its id; the
 * line's into *line. */
static long long finished_assignment(long long org, long long client, long long comp,
                                     const char *from, const char *to, long long *line)
{
    long long id = nb_t_sql_int(
        &srv,
        "INSERT INTO assignments (title, kind, work_type, status, priority, start_date, end_date, "
        "sponsor, client_person_id, created_at, updated_at) VALUES ('Gedaan werk', 'lokaal', "
        "'regulier', 'afgerond', 3, '%s', '%s', 'Wethouder', %lld, '2026-01-01T00:00:00Z', "
        "'2026-01-01T00:00:00Z') RETURNING id",
        from, to, client);
    char q[200];
    snprintf(q, sizeof q,
             "INSERT INTO assignment_requesters (assignment_id, organisation_id, share) "
             "VALUES (%lld, %lld, 1)",
             id, org);
    nb_t_sql(&srv, q);
    *line = nb_t_sql_int(&srv,
                         "INSERT INTO assignment_lines (assignment_id, position, competency_id, "
                         "min_level, minutes) VALUES (%lld, 1, %lld, 3, 40000) RETURNING id",
                         id, comp);
    return id;
}

/* The ended allocation of person who on asg/line whose minutes were all
 * worked and approved (the parent of those time entries); its id. */
static long long worked_allocation(long long asg, long long line, long long who, long long minutes)
{
    return nb_t_sql_int(&srv,
                        "INSERT INTO allocations (assignment_id, line_id, person_id, minutes, "
                        "status, minutes_posted, created_at, updated_at) VALUES (%lld, %lld, "
                        "%lld, %lld, 'beeindigd', %lld, '2026-01-01T00:00:00Z', "
                        "'2026-01-01T00:00:00Z') RETURNING id",
                        asg, line, who, minutes, minutes);
}

/* Approved time entries of person who on allocation alloc of assignment asg
 * in month ("YYYY-MM"), 1,250 minutes a day from the 1st, minutes in all (a
 * multiple of 1,250, or less than it). Written straight into the database:
 * the report reads only approved minutes. */
static void approved(long long who, long long asg, long long alloc, const char *month,
                     long long minutes)
{
    for (int d = 1; minutes > 0; d++) {
        long long m = minutes > 1250 ? 1250 : minutes;
        char q[600];
        snprintf(q, sizeof q,
                 "INSERT INTO time_entries (person_id, assignment_id, allocation_id, work_date, "
                 "minutes, status, created_at, updated_at) VALUES (%lld, %lld, %lld, '%s-%02d', "
                 "%lld, 'goedgekeurd', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                 who, asg, alloc, month, d, m);
        nb_t_sql(&srv, q);
        minutes -= m;
    }
}

static int setup(void **state)
{
    (void)state;
    if (nb_t_start_beheer(&srv, &beheer) != 0)
        return -1;
    org_a = create("/api/v1/organisaties", "{\"code\":\"GM0001\",\"soort\":\"gemeente\","
                                           "\"naam\":\"Aadorp\",\"inwoners\":1000}");
    org_b = create("/api/v1/organisaties", "{\"code\":\"GM0002\",\"soort\":\"gemeente\","
                                           "\"naam\":\"Bedum\",\"inwoners\":2000}");
    comp_j = create("/api/v1/competenties",
                    "{\"code\":\"SOC-JEUGD\",\"naam\":\"Jeugdhulp\",\"domein\":\"sociaal\"}");
    comp_d = create(
        "/api/v1/competenties",
        "{\"code\":\"BS-DATA\",\"naam\":\"Data-analyse\",\"domein\":\"bestuur-en-strategie\"}");
    p_xss = person(org_a, XSS, "x@aadorp.nl", comp_j, 4, "");
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char exit[80];
    snprintf(exit, sizeof exit, ",\"verwachteUitstroomdatum\":\"%04d-%02d-15\"",
             tm.tm_year + 1900 + (tm.tm_mon >= 6), (tm.tm_mon + 6) % 12 + 1);
    p_anna = person(org_a, "Anna Smit", "anna@aadorp.nl", comp_d, 3, exit);
    p_bert = person(org_b, "Bert Bos", "bert@bedum.nl", comp_j, 5, "");
    /* the minutes fall in the last three months, this month included: on
     * finished work of their own organisations, A's asked by Anna, B's by Bert */
    char months[3][16];
    for (int m = 0; m < 3; m++) {
        int mon = tm.tm_mon - m, year = tm.tm_year + 1900;
        if (mon < 0) {
            mon += 12;
            year--;
        }
        snprintf(months[m], sizeof months[m], "%04d-%02d", year, mon + 1);
    }
    char from[32], to[32];
    snprintf(from, sizeof from, "%s-01", months[2]);
    snprintf(to, sizeof to, "%s-28", months[0]);
    long long line_a = 0, line_b = 0;
    long long asg_a = finished_assignment(org_a, p_anna, comp_j, from, to, &line_a);
    long long asg_b = finished_assignment(org_b, p_bert, comp_j, from, to, &line_b);
    long long alloc_xss = worked_allocation(asg_a, line_a, p_xss, 30000);
    for (int m = 0; m < 3; m++)
        approved(p_xss, asg_a, alloc_xss, months[m], 10000);
    approved(p_bert, asg_b, worked_allocation(asg_b, line_b, p_bert, 600), months[0], 600);
    if (nb_t_web_session(&srv, "mt1", "beheer", 0, 0, &mt) != 0 ||
        nb_t_web_session(&srv, "coord-b", "coordinator", org_b, 0, &coord_b) != 0 ||
        nb_t_web_session(&srv, "lezer-b", "lezer", org_b, 0, &lezer_b) != 0 ||
        nb_t_web_session(&srv, "med-a", "medewerker", org_a, p_anna, &med_a) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return nb_t_stop_beheer(&srv, &beheer);
}

static void page(const nb_t_web *web, const char *path, long status, nb_t_resp *r)
{
    memset(r, 0, sizeof *r);
    nb_t_page(&srv, web, "GET", path, NULL, r);
    nb_t_assert_page(r, status);
}

/* The MT sees the network with every name, escaped. */
static void test_mt_sees_the_network_with_names(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&mt, "/kwetsbaarheid", 200, &r);
    nb_t_assert_has(&r, "Hoe kwetsbaar het netwerk is op");
    nb_t_assert_has(&r, XSS_ESC);
    nb_t_assert_lacks(&r, XSS);
    nb_t_assert_has(&r, "Bert Bos");
    /* D: one holder (Anna), who leaves within 5 years */
    nb_t_assert_has(&r, "Competenties met één drager");
    nb_t_assert_has(&r, "Data-analyse");
    /* J: two holders, neither leaving: no outflow drop */
    nb_t_assert_has(&r, "Geen competentie komt door uitstroom binnen 5 jaar op één of geen");
    /* the carried hours: 500 + 10 hours, chart and table */
    nb_t_assert_has(&r, "510 uur");
    nb_t_assert_has(&r, "role=\"img\"");
    nb_t_assert_has(&r, "Gewerkte uren per organisatie");
    nb_t_resp_free(&r);
}

/* A coordinator starts at the own organisation; in the network view only
 * the own people are named. A reader never sees a name. */
static void test_names_per_role(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&coord_b, "/kwetsbaarheid", 200, &r);
    nb_t_assert_has(&r, "Hoe kwetsbaar Bedum is op");
    nb_t_assert_has(&r, "Bert Bos");
    nb_t_assert_lacks(&r, XSS_ESC); /* A's person is outside the scope */
    /* Bedum's only J holder: J has one holder in Bedum, two in the network */
    nb_t_assert_has(&r, "Jeugdhulp");
    nb_t_resp_free(&r);
    page(&coord_b, "/kwetsbaarheid?organisatie=netwerk", 200, &r);
    nb_t_assert_has(&r, "Bert Bos");
    nb_t_assert_lacks(&r, XSS_ESC);
    nb_t_assert_has(&r, "Een medewerker (1)");
    nb_t_resp_free(&r);
    page(&lezer_b, "/kwetsbaarheid?organisatie=netwerk", 200, &r);
    nb_t_assert_lacks(&r, "Bert Bos");
    nb_t_assert_lacks(&r, XSS_ESC);
    nb_t_assert_lacks(&r, "Anna Smit");
    nb_t_assert_has(&r, "Een medewerker (2)");
    nb_t_resp_free(&r);
    page(&med_a, "/kwetsbaarheid", 403, &r);
    nb_t_resp_free(&r);
    page(NULL, "/kwetsbaarheid", 303, &r); /* anonymous: to the login */
    nb_t_resp_free(&r);
}

static void test_bad_organisation(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&mt, "/kwetsbaarheid?organisatie=abc", 422, &r);
    nb_t_assert_has(&r, "Kies het netwerk of een organisatie uit de lijst.");
    nb_t_assert_has(&r, "aria-invalid=\"true\"");
    nb_t_resp_free(&r);
    page(&mt, "/kwetsbaarheid?organisatie=99999", 422, &r);
    nb_t_assert_has(&r, "Deze organisatie bestaat niet");
    nb_t_assert_has(&r, "Hoe kwetsbaar het netwerk is op");
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mt_sees_the_network_with_names),
        cmocka_unit_test(test_names_per_role),
        cmocka_unit_test(test_bad_organisation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
