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

#include "api/web_opdrachten_fixture.h"
#include "web/layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
