/*
 * tests/api/test_web_rapportages.c — the report pages over real HTTP
 * (issue 11 §3): who may open which report (403 otherwise), the college
 * report's kartrekkers by name for the MT with the stored name escaped, the
 * raadsinformatie page and its CSV without any name, a bad quarter (422 with
 * the error next to the field), the PDF download.
 *
 * The network: Aadorp (A) and Bedum (B); a person of A named <script>…
 * (born 1961) who carried 30,000 approved minutes in the last three months,
 * Anna Smit of A (born 1963) who carried 600: ended allocations of a finished
 * local assignment of A (the entries' parents; PostgreSQL checks the foreign
 * keys).
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
static long long org_a, org_b, comp_j, p_xss, p_anna;
static nb_t_web mt, coord_a, coord_b, lezer_b, med_a;
static char path_a[128];

static long long create(const char *path, const char *json)
{
    return nb_t_create(&srv, path, beheer, json);
}

static long long person(long long org, const char *name, const char *email, int born)
{
    char body[700];
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"%s\",\"email\":\"%s\",\"schaal\":10,"
             "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":480,\"geboortejaar\":%d,"
             "\"competenties\":[{\"competentieId\":%lld,\"niveau\":4}]}",
             org, name, email, born, comp_j);
    return create("/api/v1/medewerkers", body);
}

/* The finished local assignment of A the approved minutes were worked on
 * (client Anna), with one line in J, running from..to; its id, the line's
 * into *line. Real parents of the time entries below: PostgreSQL checks the
 * foreign keys. */
static long long finished_assignment(const char *from, const char *to, long long *line)
{
    long long id = nb_t_sql_int(
        &srv,
        "INSERT INTO assignments (title, kind, work_type, status, priority, start_date, end_date, "
        "sponsor, client_person_id, created_at, updated_at) VALUES ('Gedaan werk', 'lokaal', "
        "'regulier', 'afgerond', 3, '%s', '%s', 'Wethouder', %lld, '2026-01-01T00:00:00Z', "
        "'2026-01-01T00:00:00Z') RETURNING id",
        from, to, p_anna);
    char q[200];
    snprintf(q, sizeof q,
             "INSERT INTO assignment_requesters (assignment_id, organisation_id, share) "
             "VALUES (%lld, %lld, 1)",
             id, org_a);
    nb_t_sql(&srv, q);
    *line = nb_t_sql_int(&srv,
                         "INSERT INTO assignment_lines (assignment_id, position, competency_id, "
                         "min_level, minutes) VALUES (%lld, 1, %lld, 3, 40000) RETURNING id",
                         id, comp_j);
    return id;
}

/* The ended allocation of person who on asg/line whose minutes were all
 * worked and approved; its id. */
static long long worked_allocation(long long asg, long long line, long long who, long long minutes)
{
    return nb_t_sql_int(&srv,
                        "INSERT INTO allocations (assignment_id, line_id, person_id, minutes, "
                        "status, minutes_posted, created_at, updated_at) VALUES (%lld, %lld, "
                        "%lld, %lld, 'beeindigd', %lld, '2026-01-01T00:00:00Z', "
                        "'2026-01-01T00:00:00Z') RETURNING id",
                        asg, line, who, minutes, minutes);
}

/* Approved minutes of person who on allocation alloc of asg in month
 * "YYYY-MM", at most 1,250 a day. */
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
    p_xss = person(org_a, XSS, "x@aadorp.nl", 1961);
    p_anna = person(org_a, "Anna Smit", "anna@aadorp.nl", 1963);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
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
    long long line = 0, asg = finished_assignment(from, to, &line);
    long long alloc_xss = worked_allocation(asg, line, p_xss, 30000);
    for (int m = 0; m < 3; m++)
        approved(p_xss, asg, alloc_xss, months[m], 10000);
    approved(p_anna, asg, worked_allocation(asg, line, p_anna, 600), months[0], 600);
    snprintf(path_a, sizeof path_a, "organisatie=%lld", org_a);
    if (nb_t_web_session(&srv, "mt1", "beheer", 0, 0, &mt) != 0 ||
        nb_t_web_session(&srv, "coord-a", "coordinator", org_a, 0, &coord_a) != 0 ||
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

static void page(const nb_t_web *web, long status, nb_t_resp *r, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void page(const nb_t_web *web, long status, nb_t_resp *r, const char *fmt, ...)
{
    char path[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path, sizeof path, fmt, ap);
    va_end(ap);
    memset(r, 0, sizeof *r);
    nb_t_page(&srv, web, "GET", path, NULL, r);
    if (r->status != status)
        fail_msg("GET %s: %ld, not %ld: %.2000s", path, r->status, status, r->body);
}

static void assert_no_person(const nb_t_resp *r)
{
    assert_null(strstr(r->body, "alert(1)"));
    assert_null(strstr(r->body, "Anna Smit"));
    assert_null(strstr(r->body, "1961"));
    assert_null(strstr(r->body, "1963"));
}

static void test_college_for_the_mt_names_kartrekkers_escaped(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&mt, 200, &r, "/rapportages/college?%s", path_a);
    nb_t_assert_has(&r, "Uren gebracht");
    nb_t_assert_has(&r, "Kartrekkers");
    nb_t_assert_has(&r, XSS_ESC);
    assert_null(strstr(r.body, XSS));
    nb_t_assert_has(&r, "role=\"img\"");
    nb_t_assert_has(&r, "Bekijk de lijst");
    nb_t_assert_has(&r, "formaat=pdf");
    nb_t_resp_free(&r);
    /* the own coordinator too; without a municipality the own one */
    page(&coord_a, 200, &r, "/rapportages/college");
    nb_t_assert_has(&r, XSS_ESC);
    nb_t_resp_free(&r);
}

static void test_raad_page_and_csv_name_nobody(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&lezer_b, 200, &r, "/rapportages/raad?%s", path_a);
    nb_t_assert_has(&r, "Raadsinformatie");
    nb_t_assert_has(&r, "Uren gebracht");
    assert_no_person(&r);
    nb_t_resp_free(&r);
    page(&mt, 200, &r, "/rapportages/raad?%s&formaat=csv", path_a);
    nb_t_assert_has(&r, "uren.gebracht");
    assert_no_person(&r);
    nb_t_resp_free(&r);
}

static void test_who_opens_what(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&coord_b, 403, &r, "/rapportages/college?%s", path_a);
    nb_t_resp_free(&r);
    page(&coord_b, 200, &r, "/rapportages/college");
    nb_t_assert_has(&r, "Bedum");
    nb_t_resp_free(&r);
    page(&lezer_b, 403, &r, "/rapportages/college?%s", path_a);
    nb_t_resp_free(&r);
    page(&lezer_b, 200, &r, "/rapportages/advies");
    nb_t_assert_has(&r, "Wat niet gemeten kon worden");
    assert_no_person(&r);
    /* a figure's source is linked only where the reader may open it (the sweep: 403s) */
    assert_null(strstr(r.body, "href=\"/medewerkers"));
    nb_t_assert_has(&r, "href=\"/netwerk\"");
    nb_t_resp_free(&r);
    page(&mt, 200, &r, "/rapportages/advies");
    nb_t_assert_has(&r, "href=\"/medewerkers\"");
    nb_t_resp_free(&r);
    page(&coord_a, 403, &r, "/rapportages/advies");
    nb_t_resp_free(&r);
    page(&med_a, 403, &r, "/rapportages");
    nb_t_resp_free(&r);
    page(&lezer_b, 200, &r, "/rapportages");
    nb_t_assert_has(&r, "/rapportages/raad");
    assert_null(strstr(r.body, "/rapportages/college"));
    nb_t_resp_free(&r);
}

static void test_bad_input_is_422_at_the_field(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&mt, 422, &r, "/rapportages/college?%s&kwartaal=2026-K7", path_a);
    nb_t_assert_has(&r, "Vul het kwartaal in als 2026-K3.");
    nb_t_assert_has(&r, "value=\"2026-K7\"");
    nb_t_resp_free(&r);
    page(&mt, 422, &r, "/rapportages/advies?vanaf=2026-05-01&tot=2026-04-01");
    nb_t_assert_has(&r, "De periode eindigt");
    nb_t_resp_free(&r);
    page(&mt, 422, &r, "/rapportages/raad?%s&formaat=doc", path_a);
    nb_t_resp_free(&r);
}

static void test_pdf_download(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&mt, 200, &r, "/rapportages/college?%s&formaat=pdf", path_a);
    assert_memory_equal(r.body, "%PDF", 4);
    assert_non_null(strstr(r.headers, "application/pdf"));
    assert_non_null(strstr(r.headers, "attachment; filename=\"rapportage-college-"));
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_college_for_the_mt_names_kartrekkers_escaped),
        cmocka_unit_test(test_raad_page_and_csv_name_nobody),
        cmocka_unit_test(test_who_opens_what),
        cmocka_unit_test(test_bad_input_is_422_at_the_field),
        cmocka_unit_test(test_pdf_download),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
