/*
 * tests/api/test_web_programmas.c — the programme pages and the work stock
 * page over real HTTP (issue 10 §1): who may open what (403 by the page
 * table and by the programme rule), escaping of stored names, the form's
 * CSRF token (a POST without it changes nothing), 422 with the error next to
 * the field, a good form's effect in the store and the audit log, a stale
 * edit (409), the work stock's chart, table and named overload months, and
 * programme and priority on the assignment form and page.
 *
 * The network: Aadorp (A) and Bedum (B); a competency named <script>…
 * held at level 4 by Petra of A (8 h a week); assignment "Woonvisie" of A,
 * ingediend, 2031-03-01..2031-03-31, asking 100 hours of it at level 3 (more
 * than Petra has in March 2031: overload).
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

#define XSS "<script>alert(1)</script>"
#define XSS_ESC "&lt;script&gt;alert(1)&lt;/script&gt;"

static nb_t_server srv;
static char *beheer;
static long long org_a, org_b, comp, pa, asg, prog_reg, prog_a;
static nb_t_web mt, coord_a, coord_b, med, lezer;

static long long num(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static long long count_sql(const char *q)
{
    char out[32];
    nb_t_sql_text(&srv, q, out, sizeof out);
    return strtoll(out, NULL, 10);
}

static int setup(void **state)
{
    (void)state;
    if (nb_t_start_beheer(&srv, &beheer) != 0)
        return -1;
    org_a = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0001\",\"soort\":\"gemeente\",\"naam\":\"Aadorp\","
                        "\"inwoners\":1000}");
    org_b = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0002\",\"soort\":\"gemeente\",\"naam\":\"Bedum\","
                        "\"inwoners\":2000}");
    comp = nb_t_create(&srv, "/api/v1/competenties", beheer,
                       "{\"code\":\"WV-XSS\",\"naam\":\"" XSS "\",\"domein\":\"fysiek\"}");
    char body[900];
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"Petra\",\"email\":\"petra@aadorp.nl\","
             "\"schaal\":10,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":480,"
             "\"competenties\":[{\"competentieId\":%lld,\"niveau\":4}]}",
             org_a, comp);
    pa = nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
    snprintf(body, sizeof body,
             "{\"titel\":\"Woonvisie\",\"soort\":\"lokaal\",\"werksoort\":\"regulier\","
             "\"status\":\"ingediend\",\"startdatum\":\"2031-03-01\",\"einddatum\":\"2031-03-31\","
             "\"bestuurlijkOpdrachtgever\":\"Wethouder\",\"ambtelijkOpdrachtgeverId\":%lld,"
             "\"aanvragers\":[{\"organisatieId\":%lld}],\"regels\":[{\"competentieId\":%lld,"
             "\"minimumNiveau\":3,\"minuten\":6000}]}",
             pa, org_a, comp);
    asg = nb_t_create(&srv, "/api/v1/opdrachten", beheer, body);
    prog_reg = nb_t_create(&srv, "/api/v1/programmas", beheer,
                           "{\"naam\":\"rMJP " XSS "\",\"soort\":\"regionaal\","
                           "\"eersteJaar\":2031,\"laatsteJaar\":2031}");
    snprintf(body, sizeof body,
             "{\"naam\":\"Programma Aadorp\",\"soort\":\"gemeentelijk\",\"organisatieId\":%lld,"
             "\"eersteJaar\":2030,\"laatsteJaar\":2033}",
             org_a);
    prog_a = nb_t_create(&srv, "/api/v1/programmas", beheer, body);
    if (nb_t_web_session(&srv, "netwerk-mt", "beheer", 0, 0, &mt) != 0 ||
        nb_t_web_session(&srv, "coord-a", "coordinator", org_a, 0, &coord_a) != 0 ||
        nb_t_web_session(&srv, "coord-b", "coordinator", org_b, 0, &coord_b) != 0 ||
        nb_t_web_session(&srv, "petra", "medewerker", org_a, pa, &med) != 0 ||
        nb_t_web_session(&srv, "lezer", "lezer", org_a, 0, &lezer) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return nb_t_stop_beheer(&srv, &beheer);
}

static void test_roles_and_escaping(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_page(&srv, &med, "GET", "/programmas", NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "rMJP " XSS_ESC);
    nb_t_assert_lacks(&r, XSS);
    nb_t_assert_lacks(&r, "href=\"/programmas/nieuw\""); /* a medewerker does not write */
    nb_t_resp_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/programmas/%lld", prog_reg);
    nb_t_page(&srv, &lezer, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "<h1");
    nb_t_assert_has(&r, "rMJP " XSS_ESC);
    nb_t_assert_lacks(&r, "/wijzigen"); /* a lezer cannot change it */
    nb_t_resp_free(&r);
    nb_t_page(&srv, &med, "GET", "/programmas/nieuw", NULL, &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    nb_t_page(&srv, &lezer, "GET", "/programmas/nieuw", NULL, &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    nb_t_page(&srv, &med, "GET", "/werkvoorraad", NULL, &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    /* so no page a medewerker opens links it (the sweep found /programmas doing so) */
    nb_t_page(&srv, &med, "GET", "/programmas", NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_lacks(&r, "href=\"/werkvoorraad");
    nb_t_resp_free(&r);
    nb_t_page(&srv, &lezer, "GET", "/programmas", NULL, &r);
    nb_t_assert_has(&r, "href=\"/werkvoorraad\"");
    nb_t_resp_free(&r);
    nb_t_page(&srv, NULL, "GET", "/programmas", NULL, &r);
    assert_true(r.status == 303 || r.status == 401 || r.status == 403);
    nb_t_resp_free(&r);
    /* the regional programme's form: only the MT; a coordinator of another gemeente: 403 */
    snprintf(path, sizeof path, "/programmas/%lld/wijzigen", prog_reg);
    nb_t_page(&srv, &coord_a, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    nb_t_page(&srv, &mt, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "name=\"versie\"");
    nb_t_resp_free(&r);
    snprintf(path, sizeof path, "/programmas/%lld/wijzigen", prog_a);
    nb_t_page(&srv, &coord_b, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    /* /mt links the work stock and the programmes */
    nb_t_page(&srv, &mt, "GET", "/mt", NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "href=\"/werkvoorraad\"");
    nb_t_assert_has(&r, "href=\"/programmas\"");
    nb_t_resp_free(&r);
}

static void test_create_form(void **state)
{
    (void)state;
    nb_t_resp r;
    long long before = count_sql("SELECT count(*) FROM programmes");
    /* without the CSRF token: 403, nothing written */
    nb_t_web no_token = coord_a;
    no_token.csrf[0] = '\0';
    char form[512];
    snprintf(form, sizeof form,
             "naam=Meerjarenprogramma+Aadorp&soort=gemeentelijk&organisatie=%lld"
             "&eerstejaar=2031&laatstejaar=2034&omschrijving=Collegeakkoord",
             org_a);
    nb_t_page(&srv, &no_token, "POST", "/programmas/nieuw", form, &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    assert_int_equal(count_sql("SELECT count(*) FROM programmes"), before);
    /* a bad form: 422, errors next to their fields, what was typed stays */
    nb_t_page(&srv, &coord_a, "POST", "/programmas/nieuw",
              "naam=&soort=gemeentelijk&organisatie=&eerstejaar=2031&laatstejaar=2030"
              "&omschrijving=Blijft+staan",
              &r);
    nb_t_assert_page(&r, 422);
    nb_t_assert_has(&r, "id=\"naam-fout\"");
    nb_t_assert_has(&r, "id=\"organisatie-fout\"");
    nb_t_assert_has(&r, "id=\"laatstejaar-fout\"");
    nb_t_assert_has(&r, "Blijft staan");
    nb_t_assert_has(&r, "href=\"#naam\"");
    nb_t_resp_free(&r);
    /* a coordinator for another gemeente: 422 with the rule next to the field */
    char other[256];
    snprintf(other, sizeof other,
             "naam=Niet+van+mij&soort=gemeentelijk&organisatie=%lld&eerstejaar=2031"
             "&laatstejaar=2031",
             org_b);
    nb_t_page(&srv, &coord_a, "POST", "/programmas/nieuw", other, &r);
    nb_t_assert_page(&r, 422);
    nb_t_assert_has(&r, "id=\"organisatie-fout\"");
    nb_t_assert_has(&r, "eigen");
    nb_t_resp_free(&r);
    assert_int_equal(count_sql("SELECT count(*) FROM programmes"), before);
    /* the good form: 303 to the new programme, stored and audited with the actor */
    nb_t_page(&srv, &coord_a, "POST", "/programmas/nieuw", form, &r);
    nb_t_assert_page(&r, 303);
    const char *loc = nb_t_header(&r, "Location");
    assert_non_null(loc);
    assert_non_null(strstr(loc, "/programmas/"));
    long long id = strtoll(strstr(loc, "/programmas/") + strlen("/programmas/"), NULL, 10);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/programmas/%lld", id);
    nb_t_assert_status(&r, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "naam")),
                        "Meerjarenprogramma Aadorp");
    assert_int_equal(num(r.json, "organisatieId"), org_a);
    assert_int_equal(num(r.json, "laatsteJaar"), 2034);
    nb_t_resp_free(&r);
    char q[160];
    snprintf(q, sizeof q,
             "SELECT count(*) FROM audit_log WHERE entity = 'programma' AND entity_id = %lld "
             "AND action = 'create' AND role = 'coordinator' AND actor = 'coord-a'",
             id);
    assert_int_equal(count_sql(q), 1);

    /* edit: a stale versie gives the current values back (409), a fresh one saves */
    char path[64], edit[512];
    snprintf(path, sizeof path, "/programmas/%lld/wijzigen", id);
    snprintf(edit, sizeof edit,
             "versie=9&naam=Oud&soort=gemeentelijk&organisatie=%lld&eerstejaar=2031"
             "&laatstejaar=2034",
             org_a);
    nb_t_page(&srv, &coord_a, "POST", path, edit, &r);
    nb_t_assert_page(&r, 409);
    nb_t_assert_has(&r, "Meerjarenprogramma Aadorp");
    nb_t_resp_free(&r);
    snprintf(edit, sizeof edit,
             "versie=1&naam=Meerjarenprogramma+Aadorp+2031-2035&soort=gemeentelijk"
             "&organisatie=%lld&eerstejaar=2031&laatstejaar=2035",
             org_a);
    nb_t_page(&srv, &coord_a, "POST", path, edit, &r);
    nb_t_assert_page(&r, 303);
    nb_t_resp_free(&r);
    snprintf(q, sizeof q, "SELECT last_year FROM programmes WHERE id = %lld", id);
    assert_int_equal(count_sql(q), 2035);
}

static void test_workload_page(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_page(&srv, &lezer, "GET", "/werkvoorraad?van=2031-02&tot=2031-04", NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "role=\"img\"");
    nb_t_assert_has(&r, "<title id=\"belasting-titel\">");
    nb_t_assert_has(&r, "Gevraagde en beschikbare uren per maand");
    nb_t_assert_has(&r, "maart 2031: te weinig voor " XSS_ESC);
    nb_t_assert_has(&r, "nb-load__asked--over");
    nb_t_assert_lacks(&r, XSS);
    /* March: 100 hours asked; Petra 480 min × 21 working days / 5 = 2016 min = 33,6 uur */
    nb_t_assert_has(&r, "100 uur");
    nb_t_assert_has(&r, "33,6 uur");
    nb_t_resp_free(&r);
    /* the coordinator sees the network view too; a filter on B's requests asks nothing */
    char path[128];
    snprintf(path, sizeof path, "/werkvoorraad?van=2031-03&tot=2031-03&organisatie=%lld", org_b);
    nb_t_page(&srv, &coord_b, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "wordt met deze filters niets gevraagd");
    nb_t_assert_has(&r, "Geen overbelaste maanden");
    nb_t_resp_free(&r);
    /* a bad month: 422 with the error next to the field */
    nb_t_page(&srv, &mt, "GET", "/werkvoorraad?van=maart", NULL, &r);
    nb_t_assert_page(&r, 422);
    nb_t_assert_has(&r, "id=\"van-fout\"");
    nb_t_resp_free(&r);
}

static void test_assignment_form_programme(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_page(&srv, &coord_a, "GET", "/opdrachten/nieuw", NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "name=\"programma\"");
    nb_t_assert_has(&r, "name=\"prioriteit\"");
    nb_t_assert_has(&r, "Programma Aadorp (Aadorp)");
    nb_t_assert_has(&r, "rMJP " XSS_ESC " (regionaal)");
    nb_t_resp_free(&r);
    char form[900];
#define ASG_FORM                                                           \
    "regelrijen=5&titel=Speeltuinen&omschrijving=&soort=lokaal"            \
    "&werksoort=regulier&startdatum=1-3-2031&einddatum=31-5-2031"          \
    "&prioriteit=1&programma=%lld&bestuurlijk=Wethouder&ambtelijk=%lld"    \
    "&aanvrager1_organisatie=%lld&regel1_competentie=%lld&regel1_niveau=3" \
    "&regel1_uren=10&actie=concept"
    /* a coordinator cannot put it in the regional programme: 422 next to the field */
    snprintf(form, sizeof form, ASG_FORM, prog_reg, pa, org_a, comp);
    long long before = count_sql("SELECT count(*) FROM assignments");
    nb_t_page(&srv, &coord_a, "POST", "/opdrachten/nieuw", form, &r);
    nb_t_assert_page(&r, 422);
    nb_t_assert_has(&r, "id=\"programma-fout\"");
    nb_t_resp_free(&r);
    assert_int_equal(count_sql("SELECT count(*) FROM assignments"), before);
    /* into its own gemeente's programme, priority 1 */
    snprintf(form, sizeof form, ASG_FORM, prog_a, pa, org_a, comp);
    nb_t_page(&srv, &coord_a, "POST", "/opdrachten/nieuw", form, &r);
    nb_t_assert_page(&r, 303);
    const char *loc = nb_t_header(&r, "Location");
    assert_non_null(loc);
    long long id = strtoll(strstr(loc, "/opdrachten/") + strlen("/opdrachten/"), NULL, 10);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/opdrachten/%lld", id);
    assert_int_equal(num(r.json, "programmaId"), prog_a);
    assert_int_equal(num(r.json, "prioriteit"), 1);
    nb_t_resp_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/opdrachten/%lld", id);
    nb_t_page(&srv, &lezer, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "Prioriteit");
    nb_t_assert_has(&r, "1 (hoogst)");
    nb_t_assert_has(&r, "Programma Aadorp</a>");
    nb_t_resp_free(&r);
    /* the programme's page lists it */
    snprintf(path, sizeof path, "/programmas/%lld", prog_a);
    nb_t_page(&srv, &coord_a, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "Speeltuinen");
    nb_t_assert_has(&r, "Programma wijzigen");
    nb_t_resp_free(&r);
    /* the edit form keeps both */
    snprintf(path, sizeof path, "/opdrachten/%lld/wijzigen", id);
    nb_t_page(&srv, &coord_a, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    char sel[64];
    snprintf(sel, sizeof sel, "value=\"%lld\" selected", prog_a);
    nb_t_assert_has(&r, sel);
    nb_t_assert_has(&r, "value=\"1\" selected");
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles_and_escaping),
        cmocka_unit_test(test_create_form),
        cmocka_unit_test(test_workload_page),
        cmocka_unit_test(test_assignment_form_programme),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
