/*
 * tests/api/test_web_opdrachten.c — the assignment pages over real HTTP
 * (issue 8 §4): a coordinator submits a local and a multi-local assignment
 * in the form, shares that do not add up to 100 % are refused next to their
 * field, the co-requesting coordinator consents on the detail page, beheer
 * accepts and rejects (with a reason) along the legal transitions, an
 * illegal transition is refused readably, a medewerker gets 403 on the
 * form, a form without its CSRF token changes nothing, and stored names
 * with <script> are shown escaped. Effects are checked through the API.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "web/layout.h"
#include "api/web_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static nb_t_server srv;
static char *beheer;
static long long org_a, org_b, org_x, comp, pa, pb, px;
static nb_t_web coord_a, coord_b, mt, mw;

static long long num(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static int setup(void **state)
{
    (void)state;
    if (nb_t_start_beheer(&srv, &beheer) != 0)
        return -1;
    org_a = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\","
                        "\"inwoners\":120000,\"kredietlijnMinuten\":100000}");
    org_b = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0590\",\"soort\":\"gemeente\",\"naam\":\"Papendrecht\","
                        "\"inwoners\":32000,\"kredietlijnMinuten\":100000}");
    org_x =
        nb_t_create(&srv, "/api/v1/organisaties", beheer,
                    "{\"code\":\"GM0999\",\"soort\":\"gemeente\",\"naam\":"
                    "\"<script>alert(1)</script>\",\"inwoners\":1000,\"kredietlijnMinuten\":0}");
    comp = nb_t_create(&srv, "/api/v1/competenties", beheer,
                       "{\"code\":\"JUR\",\"naam\":\"Juridisch advies\",\"domein\":\"bestuur-en-"
                       "strategie\"}");
    char body[512];
#define PERSON                                                                \
    "{\"organisatieId\":%lld,\"naam\":\"%s\",\"email\":\"%s\",\"schaal\":11," \
    "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":960}"
    snprintf(body, sizeof body, PERSON, org_a, "Petra de Vries", "petra@dordrecht.nl");
    pa = nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
    snprintf(body, sizeof body, PERSON, org_b, "Karim Amrani", "karim@papendrecht.nl");
    pb = nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
    snprintf(body, sizeof body, PERSON, org_x, "<script>alert(2)</script>", "x@x.nl");
    px = nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
    if (org_a <= 0 || org_b <= 0 || org_x <= 0 || comp <= 0 || pa <= 0 || pb <= 0 || px <= 0)
        return -1;
    if (nb_t_web_session(&srv, "coord-a", "coordinator", org_a, 0, &coord_a) != 0 ||
        nb_t_web_session(&srv, "coord-b", "coordinator", org_b, 0, &coord_b) != 0 ||
        nb_t_web_session(&srv, "netwerk-mt", "beheer", 0, 0, &mt) != 0 ||
        nb_t_web_session(&srv, "petra", "medewerker", org_a, pa, &mw) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return nb_t_stop_beheer(&srv, &beheer);
}

/* How often text occurs in body (non-overlapping). */
static size_t occurrences(const char *body, const char *text)
{
    size_t n = 0, len = strlen(text);
    for (const char *p = strstr(body, text); p != NULL; p = strstr(p + len, text))
        n++;
    return n;
}

static void assert_has(const nb_t_resp *r, const char *text)
{
    if (strstr(r->body, text) == NULL)
        fail_msg("missing \"%s\" in: %.4000s", text, r->body);
}

static void assert_lacks(const nb_t_resp *r, const char *text)
{
    if (strstr(r->body, text) != NULL)
        fail_msg("unexpected \"%s\" in: %.4000s", text, r->body);
}

static void page(const nb_t_web *web, const char *method, const char *path, const char *form,
                 nb_t_resp *r)
{
    memset(r, 0, sizeof *r);
    nb_t_page(&srv, web, method, path, form, r);
}

/* The number of assignments the API knows. */
static long long asg_count(void)
{
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/opdrachten");
    nb_t_assert_status(&r, 200);
    assert_non_null(json_object_get(r.json, "totaal"));
    long long n = num(r.json, "totaal");
    nb_t_resp_free(&r);
    return n;
}

/* The id in a Location "/opdrachten/N" of a 303. */
static long long location_id(nb_t_resp *r)
{
    const char *loc = nb_t_header(r, "Location");
    assert_non_null(loc);
    const char *p = strstr(loc, "/opdrachten/");
    assert_non_null(p);
    return strtoll(p + strlen("/opdrachten/"), NULL, 10);
}

/* A form body for an assignment; requesters as "&aanvrager1_organisatie=..." etc. */
static void form(char *out, size_t n, const char *title, const char *kind, const char *action,
                 const char *requesters, long long client)
{
    snprintf(out, n,
             "regelrijen=5&titel=%s&omschrijving=&soort=%s&werksoort=verandering"
             "&startdatum=1-12-2026&einddatum=2027-03-31&bestuurlijk=Wethouder+Smit"
             "&ambtelijk=%lld%s&regel1_competentie=%lld&regel1_niveau=3&regel1_uren=4%%2C5"
             "&regel2_competentie=&regel2_niveau=&regel2_uren=&actie=%s",
             title, kind, client, requesters, comp, action);
}

/* GET /api/v1/opdrachten/{id}{tail} as beheer; the JSON (caller frees). */
static json_t *api_get(long long id, const char *tail)
{
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/opdrachten/%lld%s", id, tail);
    nb_t_assert_status(&r, 200);
    json_t *j = json_incref(r.json);
    nb_t_resp_free(&r);
    return j;
}

static void test_form_renders_and_grows(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&coord_a, "GET", "/opdrachten/nieuw", NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_has(&r, "id=\"regel5_uren\"");
    assert_lacks(&r, "id=\"regel6_uren\"");
    assert_has(&r, "name=\"csrf\"");
    /* the coordinator's own organisation is the first requester */
    char sel[64];
    snprintf(sel, sizeof sel, " value=\"%lld\" selected>", org_a);
    assert_has(&r, sel);
    nb_t_resp_free(&r);

    page(&coord_a, "POST", "/opdrachten/nieuw",
         "regelrijen=5&titel=Half+af&regel1_uren=8&actie=meer", &r);
    nb_t_assert_page(&r, 200);
    assert_has(&r, "id=\"regel10_uren\"");
    assert_has(&r, "value=\"Half af\"");
    assert_has(&r, "value=\"8\"");
    assert_lacks(&r, "Er ging iets mis");
    nb_t_resp_free(&r);

    /* at most 14 rows of four fields (with the month profile): the whole form, every
     * field sent as a browser sends it, stays within the server's field limit */
    page(&coord_a, "POST", "/opdrachten/nieuw", "regelrijen=10&titel=Vol&actie=meer", &r);
    nb_t_assert_page(&r, 200);
    assert_has(&r, "id=\"regel14_maandprofiel\"");
    assert_lacks(&r, "id=\"regel15_uren\"");
    /* the month profile is explained once, in the lines group's introduction, and every
     * line's field points to it (regression: the hint stood under each of the 14 fields) */
    assert_int_equal(occurrences(r.body, "Een maand die er niet in staat weegt 0"), 1);
    assert_int_equal(occurrences(r.body, "id=\"regels-maandprofiel-uitleg\""), 1);
    assert_int_equal(occurrences(r.body, "aria-describedby=\"regels-maandprofiel-uitleg\""), 14);
    assert_has(&r, "id=\"regel14_maandprofiel\" name=\"regel14_maandprofiel\" "
                   "aria-describedby=\"regels-maandprofiel-uitleg\"");
    nb_t_resp_free(&r);
    char body[4096];
    int at = snprintf(body, sizeof body,
                      "regelrijen=14&versie=&titel=Vol&omschrijving=&soort=lokaal"
                      "&werksoort=regulier&startdatum=&einddatum=&prioriteit=3&programma="
                      "&bestuurlijk=&ambtelijk=");
    for (int q = 1; q <= 4; q++)
        at += snprintf(body + at, sizeof body - (size_t)at,
                       "&aanvrager%d_organisatie=&aanvrager%d_aandeel=", q, q);
    for (int l = 1; l <= 14; l++)
        at +=
            snprintf(body + at, sizeof body - (size_t)at,
                     "&regel%d_competentie=&regel%d_niveau=&regel%d_uren=&regel%d_maandprofiel=", l,
                     l, l, l);
    snprintf(body + at, sizeof body - (size_t)at, "&actie=meer");
    page(&coord_a, "POST", "/opdrachten/nieuw", body, &r);
    nb_t_assert_page(&r, 200);
    assert_has(&r, "id=\"regel14_maandprofiel\"");
    nb_t_resp_free(&r);
}

static void test_coordinator_submits_local(void **state)
{
    (void)state;
    char body[2048], req[128];
    snprintf(req, sizeof req, "&aanvrager1_organisatie=%lld&aanvrager1_aandeel=", org_a);
    form(body, sizeof body, "Omgevingswet+invoeren", "lokaal", "indienen", req, pa);
    long long before = asg_count();
    nb_t_resp r;
    page(&coord_a, "POST", "/opdrachten/nieuw", body, &r);
    nb_t_assert_page(&r, 303);
    long long id = location_id(&r);
    nb_t_assert_flash(&r, NB_WEB_FLASH_ASG_SUBMITTED);
    nb_t_resp_free(&r);
    assert_int_equal(asg_count(), before + 1);

    json_t *a = api_get(id, "");
    assert_string_equal(json_string_value(json_object_get(a, "status")), "ingediend");
    assert_string_equal(json_string_value(json_object_get(a, "soort")), "lokaal");
    assert_string_equal(json_string_value(json_object_get(a, "startdatum")), "2026-12-01");
    assert_int_equal(num(json_array_get(json_object_get(a, "regels"), 0), "minuten"), 270);
    assert_int_equal(json_array_size(json_object_get(a, "regels")), 1);
    json_decref(a);
    json_t *c = api_get(id, "/instemmingen");
    assert_true(json_is_true(json_object_get(c, "belastbaar")));
    json_decref(c);

    char path[64];
    snprintf(path, sizeof path, "/opdrachten/%lld", id);
    page(&coord_a, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_has(&r, "utrecht-status-badge--active\">Ingediend</span>");
    assert_has(&r, "Omgevingswet invoeren");
    assert_has(&r, "4,5 uur");
    assert_has(&r, "1 december 2026");
    assert_has(&r, "Petra de Vries");
    assert_has(&r, ">Aangemaakt<");
    /* a coordinator may cancel its own submitted assignment, not accept it */
    assert_has(&r, ">Annuleren</button>");
    assert_lacks(&r, ">Accepteren</button>");
    nb_t_resp_free(&r);
    /* a lezer (college, council) reads the assignment without personal data */
    nb_t_web lezer;
    assert_int_equal(nb_t_web_session(&srv, "lezer-a", "lezer", org_a, 0, &lezer), 0);
    page(&lezer, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_has(&r, "Omgevingswet invoeren");
    assert_lacks(&r, "Petra de Vries");
    assert_lacks(&r, ">Annuleren</button>");
    nb_t_resp_free(&r);
}

/* Issue 13 §2: a line's own month profile typed as "2027-01: 2, 2026-12: 1": stored
 * in month order, shown on the detail page and in the edit form; a month that is
 * not a month or lies outside the period is refused next to the field (422), with
 * what was typed kept. */
static void test_month_profile(void **state)
{
    (void)state;
    char body[2048], req[128];
    snprintf(req, sizeof req,
             "&aanvrager1_organisatie=%lld&aanvrager1_aandeel="
             "&regel1_maandprofiel=2027-01%%3A+2%%2C+2026-12%%3A+1",
             org_a);
    form(body, sizeof body, "Met+profiel", "lokaal", "concept", req, pa);
    nb_t_resp r;
    page(&coord_a, "POST", "/opdrachten/nieuw", body, &r);
    nb_t_assert_page(&r, 303);
    long long id = location_id(&r);
    nb_t_resp_free(&r);
    json_t *a = api_get(id, "");
    json_t *p = json_object_get(json_array_get(json_object_get(a, "regels"), 0), "maandprofiel");
    assert_int_equal(json_array_size(p), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(p, 0), "maand")),
                        "2026-12");
    assert_int_equal(num(json_array_get(p, 0), "gewicht"), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(p, 1), "maand")),
                        "2027-01");
    assert_int_equal(num(json_array_get(p, 1), "gewicht"), 2);
    json_decref(a);
    char path[64];
    snprintf(path, sizeof path, "/opdrachten/%lld", id);
    page(&coord_a, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_has(&r, ">Maandprofiel<");
    assert_has(&r, "2026-12: 1, 2027-01: 2");
    nb_t_resp_free(&r);
    snprintf(path, sizeof path, "/opdrachten/%lld/wijzigen", id);
    page(&coord_a, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_has(&r, "for=\"regel1_maandprofiel\"");
    assert_has(&r, "value=\"2026-12: 1, 2027-01: 2\"");
    nb_t_resp_free(&r);

    /* not a month; a month outside the period (2026-12-01..2027-03-31) */
    static const char *const bad[][3] = {
        {"januari%3A+2", "Regel 1: maandprofiel: &quot;januari&quot; is geen maand",
         "value=\"januari: 2\""},
        {"2027-05%3A+1", "Regel 1: maandprofiel: de maand 2027-05 ligt buiten de periode",
         "value=\"2027-05: 1\""},
        {"2027-01%3A+0", "Regel 1: maandprofiel: minstens één maand moet een gewicht boven 0",
         "value=\"2027-01: 0\""},
    };
    long long before = asg_count();
    for (size_t i = 0; i < 3; i++) {
        snprintf(req, sizeof req,
                 "&aanvrager1_organisatie=%lld&aanvrager1_aandeel=&regel1_maandprofiel=%s", org_a,
                 bad[i][0]);
        form(body, sizeof body, "Met+profiel", "lokaal", "indienen", req, pa);
        page(&coord_a, "POST", "/opdrachten/nieuw", body, &r);
        nb_t_assert_page(&r, 422);
        assert_has(&r, "id=\"regel1_maandprofiel-fout\"");
        /* the field points to the shared explanation and to its error */
        assert_has(&r, "aria-describedby=\"regels-maandprofiel-uitleg regel1_maandprofiel-fout\"");
        assert_has(&r, "href=\"#regel1_maandprofiel\"");
        assert_has(&r, bad[i][1]);
        assert_has(&r, bad[i][2]); /* what was typed stays */
        nb_t_resp_free(&r);
    }
    assert_int_equal(asg_count(), before);
}

static void test_shares_not_100_refused(void **state)
{
    (void)state;
    char body[2048], req[256];
    snprintf(req, sizeof req,
             "&aanvrager1_organisatie=%lld&aanvrager1_aandeel=60"
             "&aanvrager2_organisatie=%lld&aanvrager2_aandeel=30",
             org_a, org_b);
    form(body, sizeof body, "Samen+handhaven", "meervoudig-lokaal", "indienen", req, pa);
    long long before = asg_count();
    nb_t_resp r;
    page(&coord_a, "POST", "/opdrachten/nieuw", body, &r);
    nb_t_assert_page(&r, 422);
    assert_has(&r, "Er ging iets mis");
    assert_has(&r, "href=\"#aanvragers\"");
    assert_has(&r, "id=\"aanvragers-fout\"");
    assert_has(&r, "De aandelen tellen op tot 90 %; samen moeten ze precies 100 % zijn.");
    assert_has(&r, "value=\"Samen handhaven\""); /* what was typed stays */
    assert_has(&r, "value=\"30\"");
    nb_t_resp_free(&r);
    assert_int_equal(asg_count(), before);

    /* a line without hours and a missing share: errors next to those fields */
    snprintf(req, sizeof req,
             "&aanvrager1_organisatie=%lld&aanvrager1_aandeel=60&aanvrager2_organisatie=%lld",
             org_a, org_b);
    snprintf(body, sizeof body,
             "regelrijen=5&titel=X&soort=meervoudig-lokaal&werksoort=regulier"
             "&startdatum=2027-01-01&einddatum=2026-01-01&bestuurlijk=W&ambtelijk=%lld%s"
             "&regel2_competentie=%lld&regel2_niveau=2&regel2_uren=&actie=indienen",
             pb, req, comp);
    page(&coord_a, "POST", "/opdrachten/nieuw", body, &r);
    nb_t_assert_page(&r, 422);
    assert_has(&r, "id=\"aanvrager2_aandeel-fout\"");
    assert_has(&r, "id=\"regel2_uren-fout\"");
    assert_has(&r, "Regel 2: vul het aantal uren in");
    assert_has(&r, "id=\"einddatum-fout\""); /* core: the end lies before the start */
    assert_has(&r, "de einddatum ligt vóór de startdatum");
    nb_t_resp_free(&r);
    assert_int_equal(asg_count(), before);
}

static void test_multi_local_consent_and_intake(void **state)
{
    (void)state;
    char body[2048], req[256], path[96];
    snprintf(req, sizeof req,
             "&aanvrager1_organisatie=%lld&aanvrager1_aandeel=60"
             "&aanvrager2_organisatie=%lld&aanvrager2_aandeel=40",
             org_a, org_b);
    form(body, sizeof body, "Samen+handhaven", "meervoudig-lokaal", "indienen", req, pa);
    nb_t_resp r;
    page(&coord_a, "POST", "/opdrachten/nieuw", body, &r);
    nb_t_assert_page(&r, 303);
    long long id = location_id(&r);
    nb_t_resp_free(&r);

    json_t *c = api_get(id, "/instemmingen");
    assert_true(json_is_false(json_object_get(c, "belastbaar")));
    assert_int_equal(json_integer_value(json_array_get(json_object_get(c, "zonderInstemming"), 0)),
                     org_b);
    json_decref(c);

    snprintf(path, sizeof path, "/opdrachten/%lld", id);
    page(&coord_a, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_has(&r, "Nog niet ingestemd");
    assert_lacks(&r, "Instemmen met ons aandeel"); /* A already consented by submitting */
    nb_t_resp_free(&r);
    page(&coord_b, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_has(&r, "Instemmen met ons aandeel");
    assert_has(&r, ">40 %<");
    nb_t_resp_free(&r);

    /* coordinator A cannot consent for B; the page itself refuses A (its own org) */
    snprintf(path, sizeof path, "/opdrachten/%lld/instemming", id);
    page(&mt, "POST", path, "notitie=", &r);
    nb_t_assert_page(&r, 403); /* beheer is not in the page's roles */
    nb_t_resp_free(&r);
    page(&coord_b, "POST", path, "notitie=Collegebesluit+12", &r);
    nb_t_assert_page(&r, 303);
    nb_t_resp_free(&r);
    c = api_get(id, "/instemmingen");
    assert_true(json_is_true(json_object_get(c, "belastbaar")));
    json_decref(c);

    /* beheer's intake: the legal next states are buttons */
    snprintf(path, sizeof path, "/opdrachten/%lld", id);
    page(&mt, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_has(&r, ">Accepteren</button>");
    assert_has(&r, ">Afwijzen</button>");
    assert_lacks(&r, ">Afronden</button>");
    assert_has(&r, "Instemming van Papendrecht");
    nb_t_resp_free(&r);

    snprintf(path, sizeof path, "/opdrachten/%lld/status", id);
    page(&mt, "POST", path, "status=geaccepteerd", &r);
    nb_t_assert_page(&r, 303);
    nb_t_resp_free(&r);
    json_t *a = api_get(id, "");
    assert_string_equal(json_string_value(json_object_get(a, "status")), "geaccepteerd");
    json_decref(a);

    /* an illegal transition is refused, readably, and changes nothing */
    page(&mt, "POST", path, "status=ingediend", &r);
    nb_t_assert_page(&r, 409);
    assert_has(&r, "role=\"alert\"");
    assert_has(&r, "kan niet naar &#39;ingediend&#39;; wel naar: bemenst, geannuleerd.");
    nb_t_resp_free(&r);
    a = api_get(id, "");
    assert_string_equal(json_string_value(json_object_get(a, "status")), "geaccepteerd");
    json_decref(a);

    /* a coordinator may not accept: 403 with the reason */
    page(&coord_a, "POST", path, "status=bemenst", &r);
    nb_t_assert_page(&r, 403);
    assert_has(&r, "voorbehouden aan het netwerkmanagementteam");
    nb_t_resp_free(&r);
}

static void test_beheer_rejects_with_reason(void **state)
{
    (void)state;
    char body[2048], req[128], path[96];
    snprintf(req, sizeof req, "&aanvrager1_organisatie=%lld", org_b);
    form(body, sizeof body, "Te+vroeg", "lokaal", "indienen", req, pb);
    nb_t_resp r;
    page(&coord_b, "POST", "/opdrachten/nieuw", body, &r);
    nb_t_assert_page(&r, 303);
    long long id = location_id(&r);
    nb_t_resp_free(&r);

    snprintf(path, sizeof path, "/opdrachten/%lld/status", id);
    page(&mt, "POST", path, "status=geannuleerd&reden=", &r);
    nb_t_assert_page(&r, 422);
    assert_has(&r, "id=\"reden-fout\"");
    nb_t_resp_free(&r);
    page(&mt, "POST", path, "status=geannuleerd&reden=Past+niet+in+het+jaarplan", &r);
    nb_t_assert_page(&r, 303);
    nb_t_resp_free(&r);
    json_t *a = api_get(id, "");
    assert_string_equal(json_string_value(json_object_get(a, "status")), "geannuleerd");
    json_decref(a);
    snprintf(path, sizeof path, "/opdrachten/%lld", id);
    page(&coord_b, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_has(&r, "reden: Past niet in het jaarplan");
    assert_has(&r, "utrecht-status-badge--danger\">Geannuleerd</span>");
    assert_lacks(&r,
                 "</button>\n</form>\n<h2 class=\"utrecht-heading-2\">Aanvragers"); /* no actions */
    nb_t_resp_free(&r);
}

static void test_concept_then_withdraw(void **state)
{
    (void)state;
    char body[2048], req[128], path[96];
    snprintf(req, sizeof req, "&aanvrager1_organisatie=%lld", org_a);
    form(body, sizeof body, "Nog+een+idee", "lokaal", "concept", req, pa);
    nb_t_resp r;
    page(&coord_a, "POST", "/opdrachten/nieuw", body, &r);
    nb_t_assert_page(&r, 303);
    long long id = location_id(&r);
    nb_t_assert_flash(&r, NB_WEB_FLASH_ASG_CONCEPT);
    nb_t_resp_free(&r);
    snprintf(path, sizeof path, "/opdrachten/%lld", id);
    page(&coord_a, "GET", path, NULL, &r);
    assert_has(&r, ">Indienen</button>");
    assert_has(&r, ">Intrekken</button>");
    nb_t_resp_free(&r);
    /* coordinator B is no requester: no buttons, and a post is refused */
    page(&coord_b, "GET", path, NULL, &r);
    assert_lacks(&r, ">Intrekken</button>");
    nb_t_resp_free(&r);
    snprintf(path, sizeof path, "/opdrachten/%lld/status", id);
    page(&coord_b, "POST", path, "status=geannuleerd", &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    page(&coord_a, "POST", path, "status=geannuleerd&reden=", &r);
    nb_t_assert_page(&r, 303);
    nb_t_resp_free(&r);
    json_t *a = api_get(id, "");
    assert_string_equal(json_string_value(json_object_get(a, "status")), "geannuleerd");
    json_decref(a);
}

static void test_concept_edited_then_submitted(void **state)
{
    (void)state;
    char body[2048], req[128], path[96];
    snprintf(req, sizeof req, "&aanvrager1_organisatie=%lld", org_a);
    form(body, sizeof body, "Eerste+versie", "lokaal", "concept", req, pa);
    nb_t_resp r;
    page(&coord_a, "POST", "/opdrachten/nieuw", body, &r);
    nb_t_assert_page(&r, 303);
    long long id = location_id(&r);
    nb_t_resp_free(&r);
    json_t *a = api_get(id, "");
    long long line = num(json_array_get(json_object_get(a, "regels"), 0), "id");
    json_decref(a);

    snprintf(path, sizeof path, "/opdrachten/%lld", id);
    page(&coord_a, "GET", path, NULL, &r);
    assert_has(&r, "/wijzigen\">Concept wijzigen</a>");
    nb_t_resp_free(&r);
    snprintf(path, sizeof path, "/opdrachten/%lld/wijzigen", id);
    page(&coord_b, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 403); /* not a requester */
    nb_t_resp_free(&r);
    page(&coord_a, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_has(&r, "value=\"Eerste versie\"");
    assert_has(&r, "value=\"4,5\"");
    assert_has(&r, "value=\"2026-12-01\"");
    assert_has(&r, "name=\"versie\" value=\"1\""); /* the version it was read at */
    char act[96];
    snprintf(act, sizeof act, "action=\"/opdrachten/%lld/wijzigen\"", id);
    assert_has(&r, act);
    nb_t_resp_free(&r);

    /* a bad change keeps the concept as it was */
    snprintf(req, sizeof req, "&aanvrager1_organisatie=%lld", org_a);
    form(body, sizeof body, "Tweede+versie", "lokaal", "indienen", req, pb);
    page(&coord_a, "POST", path, body, &r);
    nb_t_assert_page(&r, 422);
    assert_has(&r, "id=\"ambtelijk-fout\""); /* rule 7: B's person, A requests */
    nb_t_resp_free(&r);

    /* two editors (docs/web.md): a save at the current versie is kept; a second save of
     * a form read at that same (now old) versie writes nothing and shows the new values */
    static const char edit[] =
        "versie=1&regelrijen=5&titel=%s&soort=lokaal&werksoort=regulier"
        "&startdatum=2026-12-01&einddatum=2027-03-31&bestuurlijk=Wethouder+Smit"
        "&ambtelijk=%lld&aanvrager1_organisatie=%lld&regel1_competentie=%lld"
        "&regel1_niveau=2&regel1_uren=6&actie=concept";
    snprintf(body, sizeof body, edit, "Derde+versie", pa, org_a, comp);
    page(&coord_a, "POST", path, body, &r);
    nb_t_assert_page(&r, 303);
    nb_t_resp_free(&r);
    snprintf(body, sizeof body, edit, "Vierde+versie", pa, org_a, comp);
    page(&coord_a, "POST", path, body, &r);
    nb_t_assert_page(&r, 409);
    assert_has(&r, "Iemand anders heeft dit intussen gewijzigd.");
    assert_has(&r, "value=\"Derde versie\""); /* the current values */
    assert_has(&r, "name=\"versie\" value=\"2\"");
    nb_t_resp_free(&r);
    a = api_get(id, "");
    assert_string_equal(json_string_value(json_object_get(a, "titel")), "Derde versie");
    assert_int_equal(num(a, "versie"), 2);
    json_decref(a);
    snprintf(body, sizeof body,
             "regelrijen=5&titel=Tweede+versie&soort=lokaal&werksoort=regulier"
             "&startdatum=2026-12-01&einddatum=2027-03-31&bestuurlijk=Wethouder+Smit"
             "&ambtelijk=%lld&aanvrager1_organisatie=%lld&regel1_competentie=%lld"
             "&regel1_niveau=2&regel1_uren=8&actie=indienen",
             pa, org_a, comp);
    page(&coord_a, "POST", path, body, &r);
    nb_t_assert_page(&r, 303);
    nb_t_resp_free(&r);
    a = api_get(id, "");
    assert_string_equal(json_string_value(json_object_get(a, "titel")), "Tweede versie");
    assert_string_equal(json_string_value(json_object_get(a, "status")), "ingediend");
    json_t *l = json_array_get(json_object_get(a, "regels"), 0);
    assert_int_equal(num(l, "minuten"), 480);
    assert_int_equal(num(l, "id"), line); /* the line kept its id */
    json_decref(a);
    /* submitted: no longer changed here */
    page(&coord_a, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 409);
    assert_has(&r, "alleen een concept");
    nb_t_resp_free(&r);
}

static void test_medewerker_and_csrf(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&mw, "GET", "/opdrachten/nieuw", NULL, &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    page(&mw, "GET", "/opdrachten", NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_lacks(&r, "href=\"/opdrachten/nieuw\"");
    nb_t_resp_free(&r);

    char body[2048], req[128];
    snprintf(req, sizeof req, "&aanvrager1_organisatie=%lld", org_a);
    form(body, sizeof body, "Zonder+token", "lokaal", "indienen", req, pa);
    nb_t_web no_token = coord_a;
    no_token.csrf[0] = '\0';
    long long before = asg_count();
    page(&no_token, "POST", "/opdrachten/nieuw", body, &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    assert_int_equal(asg_count(), before);
    /* a coordinator cannot submit for another organisation alone */
    snprintf(req, sizeof req, "&aanvrager1_organisatie=%lld", org_b);
    form(body, sizeof body, "Voor+een+ander", "lokaal", "indienen", req, pb);
    page(&coord_a, "POST", "/opdrachten/nieuw", body, &r);
    nb_t_assert_page(&r, 422);
    assert_has(&r, "onder de aanvragers");
    nb_t_resp_free(&r);
    assert_int_equal(asg_count(), before);
}

static void test_escaped_and_filtered(void **state)
{
    (void)state;
    char body[1024];
    snprintf(body, sizeof body,
             "{\"titel\":\"<script>alert(3)</script>\",\"soort\":\"lokaal\",\"werksoort\":"
             "\"regulier\",\"status\":\"ingediend\",\"startdatum\":\"2026-12-01\",\"einddatum\":"
             "\"2026-12-31\",\"bestuurlijkOpdrachtgever\":\"<b>Wethouder</b>\","
             "\"ambtelijkOpdrachtgeverId\":%lld,\"aanvragers\":[{\"organisatieId\":%lld}],"
             "\"regels\":[{\"competentieId\":%lld,\"minimumNiveau\":1,\"minuten\":60}]}",
             px, org_x, comp);
    long long id = nb_t_create(&srv, "/api/v1/opdrachten", beheer, body);
    assert_true(id > 0);
    nb_t_resp r;
    page(&mw, "GET", "/opdrachten?soort=lokaal&status=ingediend", NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_lacks(&r, "<script>");
    assert_has(&r, "&lt;script&gt;alert(3)&lt;/script&gt;");
    assert_has(&r, "&lt;script&gt;alert(1)&lt;/script&gt;");
    assert_lacks(&r, "Nog een idee"); /* a cancelled concept is filtered out */
    nb_t_resp_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/opdrachten/%lld", id);
    page(&mw, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_lacks(&r, "<script>");
    assert_lacks(&r, "<b>");
    assert_has(&r, "&lt;script&gt;alert(2)&lt;/script&gt;");
    assert_lacks(&r, "/status\""); /* a medewerker has no actions */
    assert_lacks(&r, "/instemming\"");
    nb_t_resp_free(&r);

    /* the text filter and paging */
    page(&coord_a, "GET", "/opdrachten?zoek=omgevingswet", NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_has(&r, "Omgevingswet invoeren");
    assert_lacks(&r, "Samen handhaven");
    nb_t_resp_free(&r);
    page(&coord_a, "GET", "/opdrachten?zoek=bestaat-niet", NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_has(&r, "Geen opdrachten gevonden.");
    nb_t_resp_free(&r);
    page(&coord_a, "GET", "/opdrachten/999999", NULL, &r);
    nb_t_assert_page(&r, 404);
    nb_t_resp_free(&r);
}

/* The ambtelijk opdrachtgever is a person field: a name, part of one, a
 * number or a suggestion resolves; ambiguous and unknown text is a 422 next
 * to the field with the text kept and the matches as suggestions; typed and
 * stored names are escaped. (A <select> of every person was 15 000 options at
 * ten times the demo.) */
static void post_client(const char *client, nb_t_resp *r)
{
    char body[2048];
    snprintf(body, sizeof body,
             "regelrijen=5&titel=Zoekveld&soort=lokaal&werksoort=regulier"
             "&startdatum=2026-12-01&einddatum=2027-03-31&bestuurlijk=Wethouder+Smit"
             "&ambtelijk=%s&aanvrager1_organisatie=%lld&regel1_competentie=%lld"
             "&regel1_niveau=2&regel1_uren=8&actie=concept",
             client, org_a, comp);
    page(&coord_a, "POST", "/opdrachten/nieuw", body, r);
}

static long long client_of(nb_t_resp *r)
{
    nb_t_assert_page(r, 303);
    json_t *a = api_get(location_id(r), "");
    long long id = num(a, "ambtelijkOpdrachtgeverId");
    json_decref(a);
    return id;
}

static void test_person_field(void **state)
{
    (void)state;
    char body[512], text[256];
    snprintf(body, sizeof body, PERSON, org_a, "Petra de Vries-Bakker", "pvb@dordrecht.nl");
    long long p2 = nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
    snprintf(body, sizeof body, PERSON, org_a, "Petra Jansen", "pj@dordrecht.nl");
    long long p3 = nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
    snprintf(body, sizeof body, PERSON, org_a, "<script>alert(4)</script>", "s4@dordrecht.nl");
    long long p4 = nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
    assert_true(p2 > 0 && p3 > 0 && p4 > 0);
    nb_t_resp r;

    /* the form: a text field with a suggestion list, no select of everybody */
    page(&coord_a, "GET", "/opdrachten/nieuw", NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_has(&r, "list=\"ambtelijk-lijst\"");
    assert_has(&r, "<datalist id=\"ambtelijk-lijst\">");
    assert_lacks(&r, "Kies een medewerker");
    assert_lacks(&r, "Petra de Vries");
    nb_t_resp_free(&r);

    /* found: the whole name (case does not matter) wins over a longer name */
    post_client("petra+de+vries", &r);
    assert_int_equal(client_of(&r), pa);
    nb_t_resp_free(&r);
    post_client("Jansen", &r); /* the only one with it in the name */
    assert_int_equal(client_of(&r), p3);
    nb_t_resp_free(&r);
    snprintf(text, sizeof text, "%lld", p2); /* a number */
    post_client(text, &r);
    assert_int_equal(client_of(&r), p2);
    nb_t_resp_free(&r);
    snprintf(text, sizeof text, "Petra+Jansen+%%28Dordrecht%%29%%2C+nr.+%lld", p3); /* suggestion */
    post_client(text, &r);
    assert_int_equal(client_of(&r), p3);
    nb_t_resp_free(&r);

    /* ambiguous: 422 next to the field, the text kept, the matches suggested */
    long long before = asg_count();
    post_client("petra", &r);
    nb_t_assert_page(&r, 422);
    assert_has(&r, "id=\"ambtelijk-fout\"");
    assert_has(&r, "3 medewerkers passen bij ‘petra’");
    assert_has(&r, "href=\"#ambtelijk\"");
    assert_has(&r, "value=\"petra\"");
    snprintf(text, sizeof text, "<option value=\"Petra Jansen (Dordrecht), nr. %lld\">", p3);
    assert_has(&r, text);
    nb_t_resp_free(&r);
    /* unknown: a name and a number */
    post_client("Niemand", &r);
    nb_t_assert_page(&r, 422);
    assert_has(&r, "Er is geen actieve medewerker met ‘Niemand’ in de naam.");
    assert_has(&r, "value=\"Niemand\"");
    nb_t_resp_free(&r);
    post_client("999999", &r);
    nb_t_assert_page(&r, 422);
    assert_has(&r, "Er is geen actieve medewerker met nummer 999999.");
    nb_t_resp_free(&r);
    post_client("", &r);
    nb_t_assert_page(&r, 422);
    assert_has(&r, "Kies de ambtelijk opdrachtgever");
    nb_t_resp_free(&r);
    assert_int_equal(asg_count(), before); /* nothing saved */

    /* escaping: typed text, the names and organisation names suggested */
    post_client("%3Cscript%3E", &r);
    nb_t_assert_page(&r, 422);
    assert_lacks(&r, "<script>");
    assert_has(&r, "2 medewerkers passen bij ‘&lt;script&gt;’");
    assert_has(&r, "value=\"&lt;script&gt;\"");
    snprintf(text, sizeof text,
             "<option value=\"&lt;script&gt;alert(2)&lt;/script&gt; "
             "(&lt;script&gt;alert(1)&lt;/script&gt;), nr. %lld\">",
             px);
    assert_has(&r, text);
    nb_t_resp_free(&r);
}

/* The pager keeps every filter (regression: its links dropped vanaf and tot,
 * the period the reports link here with, so page 2 showed other assignments). */
static void test_pager_keeps_filters(void **state)
{
    (void)state;
    char body[1024];
    for (int i = 0; i < 26; i++) {
        snprintf(body, sizeof body,
                 "{\"titel\":\"Pagertest %02d\",\"soort\":\"lokaal\",\"werksoort\":"
                 "\"regulier\",\"status\":\"ingediend\",\"startdatum\":\"2031-01-01\","
                 "\"einddatum\":\"2031-06-30\",\"bestuurlijkOpdrachtgever\":\"Wethouder\","
                 "\"ambtelijkOpdrachtgeverId\":%lld,\"aanvragers\":[{\"organisatieId\":%lld}],"
                 "\"regels\":[{\"competentieId\":%lld,\"minimumNiveau\":1,\"minuten\":60}]}",
                 i, pb, org_b, comp);
        assert_true(nb_t_create(&srv, "/api/v1/opdrachten", beheer, body) > 0);
    }
    char path[256], next[320];
    snprintf(path, sizeof path,
             "/opdrachten?status=ingediend&soort=lokaal&organisatie=%lld&zoek=pagertest"
             "&vanaf=2031-01-01&tot=2031-12-31",
             org_b);
    snprintf(next, sizeof next,
             "href=\"/opdrachten?status=ingediend&amp;soort=lokaal&amp;organisatie=%lld&amp;"
             "zoek=pagertest&amp;vanaf=2031-01-01&amp;tot=2031-12-31&amp;pagina=2\"",
             org_b);
    nb_t_resp r;
    page(&coord_a, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_has(&r, "26 opdrachten, pagina 1 van 2");
    assert_has(&r, next);
    nb_t_resp_free(&r);
    snprintf(path + strlen(path), sizeof path - strlen(path), "&pagina=2");
    page(&coord_a, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_has(&r, "26 opdrachten, pagina 2 van 2");
    assert_has(&r, "rel=\"prev\"");
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form_renders_and_grows),
        cmocka_unit_test(test_coordinator_submits_local),
        cmocka_unit_test(test_shares_not_100_refused),
        cmocka_unit_test(test_month_profile),
        cmocka_unit_test(test_multi_local_consent_and_intake),
        cmocka_unit_test(test_beheer_rejects_with_reason),
        cmocka_unit_test(test_concept_then_withdraw),
        cmocka_unit_test(test_concept_edited_then_submitted),
        cmocka_unit_test(test_medewerker_and_csrf),
        cmocka_unit_test(test_escaped_and_filtered),
        cmocka_unit_test(test_person_field),
        cmocka_unit_test(test_pager_keeps_filters),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
