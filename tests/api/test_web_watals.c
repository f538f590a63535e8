/*
 * tests/api/test_web_watals.c — the pages /kwetsbaarheid/watals (the
 * what-if, network MT only) and /kwetsbaarheid/3k (the 3K's per
 * municipality) over real HTTP (issue 11 §1).
 *
 * The network: Aadorp (A) and Bedum (B); competency Jeugdhulp held by a
 * person of A named <script>… (level 4) and by Bert of B (level 5). A running
 * assignment of A asks 100 hours of Jeugdhulp at level 3; the <script> person
 * is planned for 50 of them (written straight into the database: the pages
 * only read). If that person leaves, Bert takes the 100 hours over and
 * Jeugdhulp drops to one holder.
 *
 * Checked: the empty state, the answer (escaped name, the replacement, the
 * drop, the same figures as the API), a name nobody has (422 with the error
 * at the field, what was typed kept), 403 for coordinator, lezer and
 * medewerker on the what-if; the 3K page's default organisation per role, the
 * figures of the API, a bad or unknown organisation (422), and 403 for a
 * medewerker.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "api/web_session.h"
#include "web/format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XSS "<script>alert(1)</script>"
#define XSS_ESC "&lt;script&gt;alert(1)&lt;/script&gt;"

static nb_t_server srv;
static char *beheer;
static long long org_a, org_b, comp_j, p_xss, p_bert;
static nb_t_web mt, coord_b, lezer_b, med_a;

static long long create(const char *path, const char *json)
{
    return nb_t_create(&srv, path, beheer, json);
}

static long long person(long long org, const char *name, const char *email, int level)
{
    char body[700];
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"%s\",\"email\":\"%s\",\"schaal\":10,"
             "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":480,"
             "\"competenties\":[{\"competentieId\":%lld,\"niveau\":%d}]}",
             org, name, email, comp_j, level);
    return create("/api/v1/medewerkers", body);
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
    p_xss = person(org_a, XSS, "x@aadorp.nl", 4);
    p_bert = person(org_b, "Bert Bos", "bert@bedum.nl", 5);
    char q[1200];
    snprintf(q, sizeof q,
             "INSERT INTO assignments (id, title, kind, work_type, status, priority, start_date, "
             "end_date, sponsor, client_person_id, created_at, updated_at) VALUES (900, "
             "'Jeugdteam Aadorp', 'lokaal', 'regulier', 'in-uitvoering', 3, '2026-01-01', "
             "'2030-12-31', 'Wethouder', %lld, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
             "INSERT INTO assignment_requesters (assignment_id, organisation_id, share) VALUES "
             "(900, %lld, 1);"
             "INSERT INTO assignment_lines (id, assignment_id, position, competency_id, min_level, "
             "minutes) VALUES (901, 900, 1, %lld, 3, 6000);"
             "INSERT INTO allocations (assignment_id, line_id, person_id, minutes, status, "
             "created_at, updated_at) VALUES (900, 901, %lld, 3000, 'bevestigd', "
             "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');",
             p_xss, org_a, comp_j, p_xss);
    nb_t_sql(&srv, q);
    if (nb_t_web_session(&srv, "mt1", "beheer", 0, 0, &mt) != 0 ||
        nb_t_web_session(&srv, "coord-b", "coordinator", org_b, 0, &coord_b) != 0 ||
        nb_t_web_session(&srv, "lezer-b", "lezer", org_b, 0, &lezer_b) != 0 ||
        nb_t_web_session(&srv, "med-a", "medewerker", org_a, p_xss, &med_a) != 0)
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

/* The API's answer as beheer. */
static json_t *api(const char *path)
{
    nb_t_resp r;
    assert_int_equal(nb_t_req(&srv, "GET", path, beheer, NULL, &r), 0);
    nb_t_assert_status(&r, 200);
    json_t *j = json_incref(r.json);
    nb_t_resp_free(&r);
    return j;
}

static long long num(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static void test_whatif_empty_state(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&mt, "/kwetsbaarheid/watals", 200, &r);
    nb_t_assert_has(&r, "Kies hierboven wie er vertrekt");
    nb_t_assert_has(&r, "name=\"medewerker1\"");
    nb_t_assert_lacks(&r, "Samenvatting");
    nb_t_resp_free(&r);
}

static void test_whatif_answer(void **state)
{
    (void)state;
    char path[160], hours[NB_WEB_FMT_LEN];
    snprintf(path, sizeof path, "/kwetsbaarheid/watals?medewerker1=%lld", p_xss);
    nb_t_resp r;
    page(&mt, path, 200, &r);
    nb_t_assert_has(&r, XSS_ESC);
    nb_t_assert_lacks(&r, XSS);
    nb_t_assert_has(&r, "Bert Bos");
    nb_t_assert_has(&r, "Jeugdteam Aadorp");
    nb_t_assert_has(&r, "href=\"/opdrachten/900\"");
    nb_t_assert_has(&r, "Competenties naar één of geen drager");
    nb_t_assert_has(&r, "role=\"img\"");
    /* the same figures as the API */
    snprintf(path, sizeof path, "/api/v1/kwetsbaarheid/watals?medewerkers=%lld", p_xss);
    json_t *j = api(path);
    json_t *sum = json_object_get(j, "samenvatting");
    assert_int_equal(num(sum, "vrijgekomenMinuten"), 3000);
    nb_web_fmt_hours(num(sum, "vrijgekomenMinuten"), hours);
    nb_t_assert_has(&r, hours);
    json_t *take = json_array_get(json_object_get(j, "overnemers"), 0);
    assert_int_equal(num(take, "medewerkerId"), p_bert);
    assert_int_equal(num(take, "minuten"), 6000);
    nb_web_fmt_hours(num(take, "minuten"), hours);
    nb_t_assert_has(&r, hours);
    json_t *drop = json_array_get(json_object_get(j, "dragersOmlaag"), 0);
    assert_int_equal(num(drop, "dragersVoor"), 2);
    assert_int_equal(num(drop, "dragersNa"), 1);
    json_decref(j);
    nb_t_resp_free(&r);
    /* a name typed in part resolves too */
    page(&mt, "/kwetsbaarheid/watals?medewerker1=Bert", 200, &r);
    nb_t_assert_has(&r, "Samenvatting");
    nb_t_resp_free(&r);
}

static void test_whatif_unknown_name(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&mt, "/kwetsbaarheid/watals?medewerker1=Niemand%20Bekend", 422, &r);
    nb_t_assert_has(&r, "utrecht-form-field__error");
    nb_t_assert_has(&r, "value=\"Niemand Bekend\"");
    nb_t_assert_has(&r, "href=\"#medewerker1\"");
    nb_t_assert_lacks(&r, "Samenvatting");
    nb_t_resp_free(&r);
}

static void test_whatif_roles(void **state)
{
    (void)state;
    const nb_t_web *others[] = {&coord_b, &lezer_b, &med_a};
    for (size_t i = 0; i < 3; i++) {
        nb_t_resp r;
        page(others[i], "/kwetsbaarheid/watals", 403, &r);
        nb_t_resp_free(&r);
    }
    nb_t_resp r;
    page(NULL, "/kwetsbaarheid/watals", 303, &r); /* anonymous: to the login */
    nb_t_resp_free(&r);
}

static void test_three_k(void **state)
{
    (void)state;
    nb_t_resp r;
    /* the lezer of B sees Bedum by default; the figures are the API's */
    page(&lezer_b, "/kwetsbaarheid/3k", 200, &r);
    nb_t_assert_has(&r, "Gemeten voor Bedum");
    nb_t_assert_has(&r, "Kwetsbaarheid");
    nb_t_assert_has(&r, "Kwaliteit");
    nb_t_assert_has(&r, "Kosten");
    nb_t_assert_has(&r, "Vermeden inhuur");
    nb_t_assert_has(&r, "Extern uurtarief");
    nb_t_assert_lacks(&r, "Besparing");
    /* this network has no hour rate set (regression: the page and the API were a 404) */
    nb_t_assert_has(&r, "niet ingesteld");
    nb_t_resp_free(&r);
    char path[96], hours[NB_WEB_FMT_LEN];
    snprintf(path, sizeof path, "/kwetsbaarheid/3k?organisatie=%lld", org_a);
    page(&mt, path, 200, &r);
    nb_t_assert_has(&r, "Gemeten voor Aadorp");
    snprintf(path, sizeof path, "/api/v1/kwetsbaarheid/drie-k?organisatieId=%lld", org_a);
    json_t *j = api(path);
    json_t *q = json_object_get(j, "kwaliteit");
    assert_int_equal(num(q, "inzetMinuten"), 3000);
    assert_int_equal(num(q, "opNiveauMinuten"), 3000);
    assert_true(json_is_null(json_object_get(json_object_get(j, "kosten"), "uurtariefCent")));
    nb_web_fmt_hours(num(q, "inzetMinuten"), hours);
    nb_t_assert_has(&r, hours);
    nb_t_assert_has(&r, "100 %");
    json_decref(j);
    nb_t_resp_free(&r);
    page(&coord_b, "/kwetsbaarheid/3k?organisatie=abc", 422, &r);
    nb_t_assert_has(&r, "utrecht-form-field__error");
    nb_t_resp_free(&r);
    page(&coord_b, "/kwetsbaarheid/3k?organisatie=999999", 422, &r);
    nb_t_assert_has(&r, "bestaat niet");
    nb_t_resp_free(&r);
    page(&med_a, "/kwetsbaarheid/3k", 403, &r);
    nb_t_resp_free(&r);

    /* both rates set: the avoided hire valued, as the API says */
    nb_t_resp put;
    nb_t_reqf(&srv, &put, "PUT", beheer,
              "{\"uurtariefCent\":6000,\"verdeelsleutel\":\"gelijk\","
              "\"externUurtariefCent\":12500}",
              "/api/v1/netwerk/instellingen");
    nb_t_assert_status(&put, 200);
    nb_t_resp_free(&put);
    snprintf(path, sizeof path, "/kwetsbaarheid/3k?organisatie=%lld", org_a);
    page(&mt, path, 200, &r);
    snprintf(path, sizeof path, "/api/v1/kwetsbaarheid/drie-k?organisatieId=%lld", org_a);
    j = api(path);
    json_t *c = json_object_get(j, "kosten");
    assert_int_equal(num(c, "externUurtariefCent"), 12500);
    long long x = num(c, "vermedenInhuurMinuten");
    assert_int_equal(num(c, "vermedenInhuurCent"), (x * (12500 - 6000) + 30) / 60);
    char euro[NB_WEB_FMT_LEN], want[NB_WEB_FMT_LEN + 8];
    nb_web_fmt_decimal(num(c, "vermedenInhuurCent"), 2, euro);
    snprintf(want, sizeof want, "€ %s", euro);
    nb_t_assert_has(&r, "Besparing: vermeden inhuur tegen extern min netwerktarief");
    nb_t_assert_has(&r, "€ 125<"); /* nb_web_fmt_decimal drops the zero cents */
    nb_t_assert_has(&r, want);
    nb_web_fmt_hours(x, hours);
    nb_t_assert_has(&r, hours);
    json_decref(j);
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whatif_empty_state),
        cmocka_unit_test(test_whatif_answer),
        cmocka_unit_test(test_whatif_unknown_name),
        cmocka_unit_test(test_whatif_roles),
        cmocka_unit_test(test_three_k),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
