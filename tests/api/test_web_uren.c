/*
 * tests/api/test_web_uren.c — the pages of the medewerker, the ambtelijk
 * opdrachtgever and the lezer over real HTTP (issue 8 §4): the week grid
 * saves every filled cell through the API's path and refuses all of them when
 * one is wrong (the error at the cell and in the summary); the approval queue
 * posts to the ledger, needs a reason to reject and refuses the opdrachtgever's
 * own hours; a coordinator may not open it; the lezer's overview names no
 * person; a form without its CSRF token changes nothing. Uses the records of
 * uren_fixture.c and logs users in with web_session.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "api/uren_fixture.h"
#include "api/web_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static nb_t_web mw, opd, coord, lez;
static char week[16];       /* an ISO week two weeks ago, "2026-W46" */
static char days[7][11];    /* its Monday..Sunday */
static long long asg_x;     /* an assignment with a hostile title, w1 allocated */
static long long entry_one; /* an entry of w1 recorded through the API */

static void week_two_weeks_ago(void)
{
    time_t t = time(NULL) - 14 * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    time_t monday = t - (time_t)((tm.tm_wday + 6) % 7) * 86400;
    gmtime_r(&monday, &tm);
    strftime(week, sizeof week, "%G-W%V", &tm);
    for (int d = 0; d < 7; d++) {
        time_t day = monday + (time_t)d * 86400;
        gmtime_r(&day, &tm);
        strftime(days[d], sizeof days[d], "%Y-%m-%d", &tm);
    }
}

static int group_setup(void **state)
{
    if (setup(state) != 0)
        return -1;
    week_two_weeks_ago();
    nb_t_resp r = {0};
    long long inzet = make_inzet(beheer, asg_l, line_l, w1, 6000);
    inzet_status(&r, beheer, inzet, "bevestigd");
    nb_t_resp_free(&r);
    inzet = make_inzet(beheer, asg_l, line_l, client_a, 600); /* the opdrachtgever's own work */
    inzet_status(&r, beheer, inzet, "bevestigd");
    nb_t_resp_free(&r);
    char reqs[64];
    long long line_x = 0;
    snprintf(reqs, sizeof reqs, "[{\"organisatieId\":%lld}]", org_a);
    asg_x = make_asg("<script>alert(1)</script>", "lokaal", reqs, client_a, &line_x, 1);
    inzet = make_inzet(beheer, asg_x, line_x, w1, 600);
    inzet_status(&r, beheer, inzet, "bevestigd");
    nb_t_resp_free(&r);
    if (nb_t_web_session(&srv, "wim", "medewerker", org_p, w1, &mw) != 0 ||
        nb_t_web_session(&srv, "anna", "medewerker", org_a, client_a, &opd) != 0 ||
        nb_t_web_session(&srv, "coord", "coordinator", org_a, 0, &coord) != 0 ||
        nb_t_web_session(&srv, "raad", "lezer", org_a, 0, &lez) != 0)
        return -1;
    return 0;
}

static void want(nb_t_resp *r, long status)
{
    if (r->status != status)
        fail_msg("status %ld, want %ld: %.2000s", r->status, status, r->body);
}

static void has(const nb_t_resp *r, const char *text)
{
    if (strstr(r->body, text) == NULL)
        fail_msg("page lacks '%s': %.3000s", text, r->body);
}

static void lacks(const nb_t_resp *r, const char *text)
{
    if (strstr(r->body, text) != NULL)
        fail_msg("page has '%s'", text);
}

/* The number of w1's entries on date (all statuses), and the first one's status. */
static long long entries_on(const char *date, char status[16])
{
    nb_t_resp r = {0};
    nb_t_reqf(&srv, &r, "GET", beheer, NULL,
              "/api/v1/urenregistraties?medewerkerId=%lld&vanaf=%s&tot=%s", w1, date, date);
    nb_t_assert_status(&r, 200);
    const json_t *items = json_object_get(r.json, "items");
    if (items == NULL)
        items = json_object_get(json_object_get(r.json, "_embedded"), "urenregistraties");
    long long n = (long long)json_array_size(items);
    if (status) {
        status[0] = '\0';
        if (n > 0)
            snprintf(status, 16, "%s", str(json_array_get(items, 0), "status"));
    }
    nb_t_resp_free(&r);
    return n;
}

/* A grid form for asg_l: "c<asg>_<d>=<value>" for each (d, value) given. */
static void grid_form(char *out, size_t n, long long asg, const char *cells)
{
    snprintf(out, n, "week=%s&%s", week, cells);
    (void)asg;
}

static void test_grid_shows_labelled_inputs(void **state)
{
    (void)state;
    nb_t_resp r = {0};
    char path[64], text[128];
    snprintf(path, sizeof path, "/uren?week=%s", week);
    nb_t_page(&srv, &mw, "GET", path, NULL, &r);
    want(&r, 200);
    snprintf(text, sizeof text, "id=\"c%lld_0\" name=\"c%lld_0\" aria-labelledby=\"r%lld k0\"",
             asg_l, asg_l, asg_l);
    has(&r, text);
    snprintf(text, sizeof text, "scope=\"row\" id=\"r%lld\">Lokaal A</th>", asg_l);
    has(&r, text);
    has(&r, "&lt;script&gt;alert(1)&lt;/script&gt;"); /* a title is text, never markup */
    lacks(&r, "<script>alert(1)");
    nb_t_resp_free(&r);
    /* a week that is not one is a 400 page */
    nb_t_page(&srv, &mw, "GET", "/uren?week=2026-W54", NULL, &r);
    want(&r, 400);
    nb_t_resp_free(&r);
}

static void test_grid_saves_all_cells(void **state)
{
    (void)state;
    nb_t_resp r = {0};
    char form[512], cells[256], loc[64];
    snprintf(cells, sizeof cells, "c%lld_0=4,5&c%lld_1=1:30&c%lld_2=&c%lld_0=2", asg_l, asg_l,
             asg_l, asg_x);
    grid_form(form, sizeof form, asg_l, cells);
    nb_t_page(&srv, &mw, "POST", "/uren", form, &r);
    want(&r, 303);
    snprintf(loc, sizeof loc, "/uren?week=%s", week);
    assert_string_equal(nb_t_header(&r, "Location"), loc);
    nb_t_resp_free(&r);
    char status[16];
    assert_int_equal(entries_on(days[0], status), 2); /* asg_l and asg_x */
    assert_string_equal(status, "ingediend");
    assert_int_equal(entries_on(days[1], NULL), 1);
    assert_int_equal(entries_on(days[2], NULL), 0);
    /* the API sees the minutes as typed: 4,5 = 270, 1:30 = 90 */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL,
              "/api/v1/urenregistraties?medewerkerId=%lld&vanaf=%s&tot=%s&opdrachtId=%lld", w1,
              days[0], days[1], asg_l);
    has(&r, "\"minuten\":270");
    has(&r, "\"minuten\":90");
    nb_t_resp_free(&r);
    /* shown read-only with their status; the cell has no input any more */
    nb_t_page(&srv, &mw, "GET", loc, NULL, &r);
    want(&r, 200);
    has(&r, "4,5 uur <span class=\"utrecht-badge-status nb-status\">ingediend</span>");
    snprintf(cells, sizeof cells, "id=\"c%lld_0\"", asg_l);
    lacks(&r, cells);
    nb_t_resp_free(&r);
}

static void test_grid_bad_cell_refuses_all(void **state)
{
    (void)state;
    nb_t_resp r = {0};
    char form[512], cells[256], text[128];
    snprintf(cells, sizeof cells, "c%lld_3=3&c%lld_4=abc&c%lld_5=25", asg_l, asg_l, asg_l);
    grid_form(form, sizeof form, asg_l, cells);
    nb_t_page(&srv, &mw, "POST", "/uren", form, &r);
    want(&r, 422);
    /* the errors at their cells and in the summary, what was typed kept */
    snprintf(text, sizeof text, "id=\"c%lld_4-fout\"", asg_l);
    has(&r, text);
    snprintf(text, sizeof text, "href=\"#c%lld_4\"", asg_l);
    has(&r, text);
    snprintf(text, sizeof text, "id=\"c%lld_5-fout\"", asg_l);
    has(&r, text);
    has(&r, "van 1 tot en met 1440 (24 uur), niet 1500");
    has(&r, "value=\"abc\"");
    snprintf(text, sizeof text, "aria-invalid=\"true\" aria-describedby=\"c%lld_4-fout\"", asg_l);
    has(&r, text);
    nb_t_resp_free(&r);
    /* nothing saved, not even the good cell */
    assert_int_equal(entries_on(days[3], NULL), 0);
    assert_int_equal(entries_on(days[5], NULL), 0);
}

static void test_grid_without_csrf_changes_nothing(void **state)
{
    (void)state;
    nb_t_resp r = {0};
    nb_t_web bare = mw;
    bare.csrf[0] = '\0';
    char form[512], cells[128];
    snprintf(cells, sizeof cells, "c%lld_6=2", asg_l);
    grid_form(form, sizeof form, asg_l, cells);
    nb_t_page(&srv, &bare, "POST", "/uren", form, &r);
    want(&r, 403);
    nb_t_resp_free(&r);
    assert_int_equal(entries_on(days[6], NULL), 0);
    /* nor does a decision without it */
    nb_t_web bare_opd = opd;
    bare_opd.csrf[0] = '\0';
    snprintf(form, sizeof form, "medewerker=%lld&week=%s&besluit=goedgekeurd", w1, week);
    nb_t_page(&srv, &bare_opd, "POST", "/goedkeuren", form, &r);
    want(&r, 403);
    nb_t_resp_free(&r);
    char status[16];
    entries_on(days[0], status);
    assert_string_equal(status, "ingediend");
}

/* The coordinator's /organisatie figure after "<dt>label</dt><dd>" ("8 uur",
 * "1.234,5 uur") in minutes; 0 when the page shows no work this year. */
static long long org_page_minutes(const char *label)
{
    nb_t_resp r = {0};
    char key[96];
    nb_t_page(&srv, &coord, "GET", "/organisatie", NULL, &r);
    want(&r, 200);
    /* a row of the year's figures table: the label's row header, then its
     * numeric cell */
    snprintf(key, sizeof key,
             "%s</th><td class=\"utrecht-table__cell "
             "utrecht-table__cell--numeric-column\">",
             label);
    const char *p = strstr(r.body, key);
    long long whole = 0, frac = 0, scale = 1;
    if (p != NULL) {
        for (p += strlen(key); (*p >= '0' && *p <= '9') || *p == '.'; p++)
            if (*p != '.')
                whole = whole * 10 + (*p - '0');
        if (*p == ',')
            for (p++; *p >= '0' && *p <= '9'; p++, scale *= 10)
                frac = frac * 10 + (*p - '0');
    }
    nb_t_resp_free(&r);
    return whole * 60 + (frac * 60 + scale / 2) / scale;
}

static void test_approve_week_posts_to_ledger(void **state)
{
    (void)state;
    nb_t_resp r = {0};
    char form[256];
    saldo before = get_saldo(org_a);
    long long taken_before = org_page_minutes("Gekregen (gehaald)");
    nb_t_page(&srv, &opd, "GET", "/goedkeuren", NULL, &r);
    want(&r, 200);
    has(&r, "Wim Een");
    has(&r, "&lt;script&gt;alert(1)&lt;/script&gt;");
    nb_t_resp_free(&r);
    snprintf(form, sizeof form, "medewerker=%lld&week=%s&besluit=goedgekeurd", w1, week);
    nb_t_page(&srv, &opd, "POST", "/goedkeuren", form, &r);
    want(&r, 303);
    assert_string_equal(nb_t_header(&r, "Location"), "/goedkeuren");
    nb_t_resp_free(&r);
    char status[16];
    entries_on(days[0], status);
    assert_string_equal(status, "goedgekeurd");
    entries_on(days[1], status);
    assert_string_equal(status, "goedgekeurd");
    /* 4,5 + 1,5 + 2 hours worked for Aadorp by the pool: posted on Aadorp */
    saldo after = get_saldo(org_a);
    assert_int_equal(after.debet_geboekt - before.debet_geboekt, 270 + 90 + 120);
    /* and Aadorp's coordinator sees them as work received this year */
    assert_int_equal(org_page_minutes("Gekregen (gehaald)") - taken_before, 270 + 90 + 120);
    /* the week has left the queue */
    nb_t_page(&srv, &opd, "GET", "/goedkeuren", NULL, &r);
    want(&r, 200);
    lacks(&r, "Wim Een");
    has(&r, "Er wachten geen uren op uw besluit.");
    nb_t_resp_free(&r);
}

static void test_reject_needs_reason(void **state)
{
    (void)state;
    nb_t_resp r = {0};
    char form[256], text[64], status[16];
    entry_one = uren_ok(tok_w1, 0, asg_l, days[3], 60);
    snprintf(form, sizeof form, "id=%lld&besluit=afgekeurd&reden=", entry_one);
    nb_t_page(&srv, &opd, "POST", "/goedkeuren", form, &r);
    want(&r, 422);
    snprintf(text, sizeof text, "id=\"reden-e%lld-fout\"", entry_one);
    has(&r, text);
    snprintf(text, sizeof text, "href=\"#reden-e%lld\"", entry_one);
    has(&r, text);
    nb_t_resp_free(&r);
    entries_on(days[3], status);
    assert_string_equal(status, "ingediend");
    snprintf(form, sizeof form, "id=%lld&besluit=afgekeurd&reden=Dubbel+geboekt", entry_one);
    nb_t_page(&srv, &opd, "POST", "/goedkeuren", form, &r);
    want(&r, 303);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/urenregistraties/%lld", entry_one);
    has(&r, "\"status\":\"afgekeurd\"");
    has(&r, "\"reden\":\"Dubbel geboekt\"");
    has(&r, "\"boekingen\":[]");
    nb_t_resp_free(&r);
    /* the grid shows the rejection, and the day takes hours again */
    snprintf(form, sizeof form, "/uren?week=%s", week);
    nb_t_page(&srv, &mw, "GET", form, NULL, &r);
    has(&r, ">afgekeurd</span>");
    snprintf(text, sizeof text, "id=\"c%lld_3\"", asg_l);
    has(&r, text);
    nb_t_resp_free(&r);
}

static void test_own_entries_refused(void **state)
{
    (void)state;
    nb_t_resp r = {0};
    char form[128];
    long long own = uren_ok(tok_client_a, 0, asg_l, days[2], 60);
    nb_t_page(&srv, &opd, "GET", "/goedkeuren", NULL, &r);
    want(&r, 200);
    has(&r, "Eigen uren: het netwerk-MT beoordeelt deze.");
    nb_t_resp_free(&r);
    snprintf(form, sizeof form, "id=%lld&besluit=goedgekeurd", own);
    nb_t_page(&srv, &opd, "POST", "/goedkeuren", form, &r);
    want(&r, 403);
    has(&r, "beoordeelt geen eigen uren");
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/urenregistraties/%lld", own);
    has(&r, "\"status\":\"ingediend\"");
    nb_t_resp_free(&r);
    /* a medewerker who is not the assignment's opdrachtgever judges nothing */
    nb_t_page(&srv, &mw, "POST", "/goedkeuren", form, &r);
    want(&r, 403);
    nb_t_resp_free(&r);
}

/* Approval beyond the reservation and the credit line: refused in words, nothing posted. */
static void test_ledger_refusal_readable(void **state)
{
    (void)state;
    nb_t_resp r = {0};
    nb_t_web dirk;
    assert_int_equal(nb_t_web_session(&srv, "dirk", "medewerker", org_d, client_d, &dirk), 0);
    long long inzet = make_inzet(beheer, asg_d, line_d, w1, 600);
    inzet_status(&r, beheer, inzet, "bevestigd");
    nb_t_resp_free(&r);
    long long e = uren_ok(tok_w1, 0, asg_d, days[6], 1440);
    saldo before = get_saldo(org_d);
    char form[128];
    snprintf(form, sizeof form, "id=%lld&besluit=goedgekeurd", e);
    nb_t_page(&srv, &dirk, "POST", "/goedkeuren", form, &r);
    want(&r, 422);
    has(&r, "kunnen niet worden geboekt");
    has(&r, "kredietlijn");
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/urenregistraties/%lld", e);
    has(&r, "\"status\":\"ingediend\"");
    nb_t_resp_free(&r);
    saldo after = get_saldo(org_d);
    assert_int_equal(after.debet_geboekt, before.debet_geboekt);
}

static void test_roles(void **state)
{
    (void)state;
    nb_t_resp r = {0};
    nb_t_page(&srv, &coord, "GET", "/goedkeuren", NULL, &r);
    want(&r, 403);
    nb_t_resp_free(&r);
    nb_t_page(&srv, &coord, "POST", "/goedkeuren", "id=1&besluit=goedgekeurd", &r);
    want(&r, 403);
    nb_t_resp_free(&r);
    nb_t_page(&srv, &lez, "GET", "/uren", NULL, &r);
    want(&r, 403);
    nb_t_resp_free(&r);
    nb_t_page(&srv, &mw, "GET", "/overzicht", NULL, &r);
    want(&r, 403);
    nb_t_resp_free(&r);
    nb_t_page(&srv, NULL, "GET", "/mijn-inzet", NULL, &r);
    want(&r, 303); /* anonymous: to the login */
    nb_t_resp_free(&r);
}

static void test_lezer_overview_no_names(void **state)
{
    (void)state;
    nb_t_resp r = {0};
    nb_t_page(&srv, &lez, "GET", "/overzicht", NULL, &r);
    want(&r, 200);
    has(&r, "Aadorp");
    has(&r, "Uren van uw gemeente");
    static const char *const names[] = {
        "Wim Een",    "Wendy Twee",        "Anna Opdrachtgever", "Bert Opdrachtgever",
        "Olga Eigen", "Dirk Opdrachtgever"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        lacks(&r, names[i]);
    nb_t_resp_free(&r);
}

static void test_my_pages(void **state)
{
    (void)state;
    nb_t_resp r = {0};
    nb_t_page(&srv, &mw, "GET", "/mijn-inzet", NULL, &r);
    want(&r, 200);
    has(&r, "Lokaal A");
    has(&r, "100 uur"); /* 6000 minutes planned */
    has(&r, "&lt;script&gt;alert(1)&lt;/script&gt;");
    nb_t_resp_free(&r);
    nb_t_page(&srv, &mw, "GET", "/mijn-profiel", NULL, &r);
    want(&r, 200);
    has(&r, "Wim Een");
    has(&r, "Regionale pool");
    /* the number colleagues type when two people share a name */
    char number[160];
    snprintf(number, sizeof number,
             "Medewerkernummer</dt>\n<dd class=\"utrecht-data-list__item-value "
             "utrecht-data-list__item-value--html-dd\">%lld</dd>",
             w1);
    has(&r, number);
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_shows_labelled_inputs),
        cmocka_unit_test(test_grid_saves_all_cells),
        cmocka_unit_test(test_grid_bad_cell_refuses_all),
        cmocka_unit_test(test_grid_without_csrf_changes_nothing),
        cmocka_unit_test(test_approve_week_posts_to_ledger),
        cmocka_unit_test(test_reject_needs_reason),
        cmocka_unit_test(test_own_entries_refused),
        cmocka_unit_test(test_ledger_refusal_readable),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_lezer_overview_no_names),
        cmocka_unit_test(test_my_pages),
    };
    return cmocka_run_group_tests(tests, group_setup, teardown);
}
