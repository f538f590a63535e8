/*
 * tests/api/test_web_bundels.c — the bundling pages over real HTTP (issue 10
 * §2): the Netwerk-MT starts detection and sees proposals with score, why
 * and saving; a municipality outside a proposal does not see it (403); the
 * ambtelijk opdrachtgever of B's original and A's coordinator agree with a
 * note on the detail page and the assignments merge (checked through the
 * API); a bad form is 422 with the error next to its field and the note
 * kept; a form without its CSRF token changes nothing; a decline ends the
 * proposal; one whose month profiles diverged after the detection is refused
 * on the page and lapses at the next detection, with the reason on its page,
 * in the list and on an original's page; the merged assignment's page lists
 * its originals; stored names with <script> are shown escaped; the
 * coordination share on /instellingen.
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
static long long org_a, org_b, org_c, comp, pa, pb, pc, asg_a, asg_b;
static nb_t_web mt, coord_a, coord_c, client_b, lezer_c;

static long long num(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

/* The body of a local assignment (ingediend, 2027-01 to 2027-09) with one line of comp and,
 * when month is not NULL, its month profile naming only that month, into body[2048]. */
static void asg_body(char *body, long long org, long long client, const char *title,
                     const char *desc, const char *month)
{
    char profile[96] = "";
    if (month != NULL)
        snprintf(profile, sizeof profile, ",\"maandprofiel\":[{\"maand\":\"%s\",\"gewicht\":1}]",
                 month);
    snprintf(body, 2048,
             "{\"titel\":\"%s\",\"omschrijving\":\"%s\",\"soort\":\"lokaal\","
             "\"werksoort\":\"verandering\",\"status\":\"ingediend\","
             "\"startdatum\":\"2027-01-01\",\"einddatum\":\"2027-09-30\","
             "\"bestuurlijkOpdrachtgever\":\"Wethouder Smit\",\"ambtelijkOpdrachtgeverId\":%lld,"
             "\"aanvragers\":[{\"organisatieId\":%lld}],\"regels\":[{\"competentieId\":%lld,"
             "\"minimumNiveau\":2,\"minuten\":2400%s}]}",
             title, desc, client, org, comp, profile);
}

static long long mk_asg(long long org, long long client, const char *title, const char *desc)
{
    char body[2048];
    asg_body(body, org, client, title, desc, NULL);
    return nb_t_create(&srv, "/api/v1/opdrachten", beheer, body);
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
                        "{\"code\":\"GM0590\",\"soort\":\"gemeente\",\"naam\":"
                        "\"<script>alert(1)</script>\",\"inwoners\":32000,"
                        "\"kredietlijnMinuten\":100000}");
    org_c = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0642\",\"soort\":\"gemeente\",\"naam\":\"Zwijndrecht\","
                        "\"inwoners\":44000,\"kredietlijnMinuten\":100000}");
    comp = nb_t_create(&srv, "/api/v1/competenties", beheer,
                       "{\"code\":\"WON\",\"naam\":\"Wonen en volkshuisvesting\",\"domein\":"
                       "\"sociaal\"}");
    char body[512];
#define PERSON                                                                \
    "{\"organisatieId\":%lld,\"naam\":\"%s\",\"email\":\"%s\",\"schaal\":11," \
    "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":960}"
    snprintf(body, sizeof body, PERSON, org_a, "Petra de Vries", "petra@dordrecht.nl");
    pa = nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
    snprintf(body, sizeof body, PERSON, org_b, "Karim Amrani", "karim@b.nl");
    pb = nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
    snprintf(body, sizeof body, PERSON, org_c, "Cor Claessen", "cor@zwijndrecht.nl");
    pc = nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
    if (org_a <= 0 || org_b <= 0 || org_c <= 0 || comp <= 0 || pa <= 0 || pb <= 0 || pc <= 0)
        return -1;
    if (nb_t_web_session(&srv, "netwerk-mt", "beheer", 0, 0, &mt) != 0 ||
        nb_t_web_session(&srv, "coord-a", "coordinator", org_a, 0, &coord_a) != 0 ||
        nb_t_web_session(&srv, "coord-c", "coordinator", org_c, 0, &coord_c) != 0 ||
        nb_t_web_session(&srv, "karim", "medewerker", org_b, pb, &client_b) != 0 ||
        nb_t_web_session(&srv, "lezer-c", "lezer", org_c, 0, &lezer_c) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return nb_t_stop_beheer(&srv, &beheer);
}

static void page(const nb_t_web *web, const char *method, const char *path, const char *form,
                 nb_t_resp *r)
{
    memset(r, 0, sizeof *r);
    nb_t_page(&srv, web, method, path, form, r);
}

/* The proposal (through the API) that has assignment asg; 0 when none. */
static long long proposal_of(long long asg, json_t **out)
{
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/bundelvoorstellen?paginaGrootte=100");
    nb_t_assert_status(&r, 200);
    json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "bundelvoorstellen");
    long long found = 0;
    for (size_t i = 0; i < json_array_size(items) && !found; i++) {
        json_t *m = json_object_get(json_array_get(items, i), "aanvragers");
        for (size_t k = 0; k < json_array_size(m); k++) {
            if (num(json_array_get(m, k), "opdrachtId") == asg) {
                found = num(json_array_get(items, i), "id");
                if (out)
                    *out = json_incref(json_array_get(items, i));
            }
        }
    }
    nb_t_resp_free(&r);
    return found;
}

static long long bundle_total(void)
{
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/bundelvoorstellen");
    long long n = num(r.json, "totaal");
    nb_t_resp_free(&r);
    return n;
}

static void test_list_and_detection(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&mt, "GET", "/bundelvoorstellen", NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "Er zijn nog geen bundelvoorstellen");
    nb_t_assert_has(&r, "Zoek bundelkansen");
    nb_t_resp_free(&r);
    asg_a = mk_asg(org_a, pa, "Woonvisie actualiseren",
                   "Een nieuwe woonvisie met de woningbehoefte en sociale huur");
    asg_b = mk_asg(org_b, pb, "Actualisatie woonvisie",
                   "De woonvisie bijwerken: woningbehoefte, betaalbare woningen, sociale huur");
    /* without the CSRF token nothing is detected; a coordinator may not start it */
    nb_t_web no_token = mt;
    no_token.csrf[0] = '\0';
    page(&no_token, "POST", "/bundelvoorstellen", "x=1", &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    page(&coord_a, "POST", "/bundelvoorstellen", "x=1", &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    assert_int_equal(bundle_total(), 0);
    page(&mt, "POST", "/bundelvoorstellen", "x=1", &r);
    nb_t_assert_page(&r, 303);
    nb_t_assert_flash(&r, NB_WEB_FLASH_BUNDLE_FOUND);
    nb_t_resp_free(&r);
    assert_int_equal(bundle_total(), 1);
    page(&mt, "GET", "/bundelvoorstellen", NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "Woonvisie actualiseren");
    nb_t_assert_has(&r, "woonvisie"); /* why: a shared word */
    nb_t_assert_has(&r, "januari 2027 tot en met september 2027");
    nb_t_assert_has(&r, "Wacht op instemming");
    nb_t_assert_has(&r, "&lt;script&gt;alert(1)&lt;/script&gt;");
    nb_t_assert_lacks(&r, "<script>alert(1)");
    nb_t_resp_free(&r);
    /* Zwijndrecht is not in it: an empty list that says so, and 403 on the proposal */
    long long id = proposal_of(asg_a, NULL);
    assert_true(id > 0);
    page(&coord_c, "GET", "/bundelvoorstellen", NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "Er zijn geen bundelvoorstellen voor uw gemeente");
    nb_t_assert_lacks(&r, "Zoek bundelkansen");
    nb_t_resp_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/bundelvoorstellen/%lld", id);
    page(&lezer_c, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    /* the status filter and its empty state */
    page(&mt, "GET", "/bundelvoorstellen?status=afgewezen", NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "geen bundelvoorstellen met deze status");
    nb_t_resp_free(&r);
}

static void test_consent_on_the_page(void **state)
{
    (void)state;
    nb_t_resp r;
    json_t *p = NULL;
    long long id = proposal_of(asg_a, &p);
    assert_true(id > 0);
    json_decref(p);
    char path[64], action[80];
    snprintf(path, sizeof path, "/bundelvoorstellen/%lld", id);
    snprintf(action, sizeof action, "/bundelvoorstellen/%lld/instemming", id);
    /* the ambtelijk opdrachtgever of B's original sees the form for B */
    page(&client_b, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "Besluit van &lt;script&gt;alert(1)&lt;/script&gt;");
    nb_t_assert_has(&r, "Geschatte besparing");
    nb_t_assert_has(&r, "Wonen en volkshuisvesting");
    nb_t_assert_lacks(&r, "<script>alert(1)");
    nb_t_resp_free(&r);
    /* the MT sees it without a form */
    page(&mt, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_lacks(&r, "Besluit vastleggen");
    nb_t_resp_free(&r);
    /* no choice: 422 next to the field, the note kept */
    page(&client_b, "POST", action, "besluit=&notitie=Namens+wethouder+Bakker", &r);
    nb_t_assert_page(&r, 422);
    nb_t_assert_has(&r, "id=\"besluit-fout\"");
    nb_t_assert_has(&r, "Kies akkoord of afwijzen.");
    nb_t_assert_has(&r, "Namens wethouder Bakker");
    nb_t_resp_free(&r);
    /* no CSRF token: nothing changes */
    nb_t_web no_token = client_b;
    no_token.csrf[0] = '\0';
    page(&no_token, "POST", action, "besluit=akkoord&notitie=", &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    /* another municipality cannot decide */
    page(&coord_c, "POST", action, "besluit=akkoord&notitie=", &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    proposal_of(asg_a, &p);
    json_t *m = json_object_get(p, "aanvragers");
    for (size_t i = 0; i < json_array_size(m); i++)
        assert_string_equal(json_string_value(json_object_get(json_array_get(m, i), "besluit")),
                            "open");
    json_decref(p);
    /* B agrees, then A: merged */
    page(&client_b, "POST", action, "besluit=akkoord&notitie=Namens+wethouder+Bakker", &r);
    nb_t_assert_page(&r, 303);
    nb_t_assert_flash(&r, NB_WEB_FLASH_BUNDLE_AGREED);
    nb_t_resp_free(&r);
    page(&client_b, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "Namens wethouder Bakker");
    nb_t_assert_lacks(&r, "Besluit vastleggen"); /* decided once */
    nb_t_resp_free(&r);
    page(&coord_a, "POST", action, "besluit=akkoord&notitie=Collegebesluit+12", &r);
    nb_t_assert_page(&r, 303);
    nb_t_assert_flash(&r, NB_WEB_FLASH_BUNDLE_MERGED);
    nb_t_resp_free(&r);
    proposal_of(asg_a, &p);
    assert_string_equal(json_string_value(json_object_get(p, "status")), "samengevoegd");
    long long merged = num(p, "samengevoegdeOpdrachtId");
    json_decref(p);
    assert_true(merged > 0);
    /* the bundled assignment's page lists its originals; an original names where it went */
    snprintf(path, sizeof path, "/opdrachten/%lld", merged);
    page(&coord_a, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "Deze opdracht is samengevoegd uit");
    char href[64];
    snprintf(href, sizeof href, "href=\"/opdrachten/%lld\"", asg_a);
    nb_t_assert_has(&r, href);
    snprintf(href, sizeof href, "href=\"/opdrachten/%lld\"", asg_b);
    nb_t_assert_has(&r, href);
    nb_t_resp_free(&r);
    snprintf(path, sizeof path, "/opdrachten/%lld", asg_b);
    page(&mt, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "Deze opdracht is opgegaan in");
    nb_t_assert_has(&r, "Samengevoegd");
    nb_t_resp_free(&r);
}

static void test_decline_on_the_page(void **state)
{
    (void)state;
    nb_t_resp r;
    long long a = mk_asg(org_a, pa, "Speelruimteplan", "Speelplekken per wijk en speeltoestellen");
    long long c = mk_asg(org_c, pc, "Speelruimtebeleid", "Speelplekken per wijk, speeltoestellen");
    page(&mt, "POST", "/bundelvoorstellen", "x=1", &r);
    nb_t_assert_page(&r, 303);
    nb_t_resp_free(&r);
    long long id = proposal_of(a, NULL);
    assert_true(id > 0 && id == proposal_of(c, NULL));
    char path[64], action[80];
    snprintf(path, sizeof path, "/bundelvoorstellen/%lld", id);
    snprintf(action, sizeof action, "/bundelvoorstellen/%lld/instemming", id);
    page(&coord_c, "POST", action, "besluit=afgewezen&notitie=Raad+wil+maatwerk", &r);
    nb_t_assert_page(&r, 303);
    nb_t_assert_flash(&r, NB_WEB_FLASH_BUNDLE_DECLINED);
    nb_t_resp_free(&r);
    page(&coord_a, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "Een gemeente wees het voorstel af");
    nb_t_assert_has(&r, "Raad wil maatwerk");
    nb_t_assert_lacks(&r, "Besluit vastleggen");
    nb_t_resp_free(&r);
    /* a late decision on an ended proposal is refused readably */
    page(&coord_a, "POST", action, "besluit=akkoord&notitie=", &r);
    nb_t_assert_page(&r, 409);
    nb_t_assert_has(&r, "al afgewezen");
    nb_t_resp_free(&r);
}

/* A proposal whose month profiles diverged after the detection: a decision on the page is
 * refused naming why, the next detection marks it vervallen, and the pages show the reason. */
static void test_lapsed_on_the_page(void **state)
{
    (void)state;
    nb_t_resp r;
    static const char *const text[4] = {
        "Begraafplaatsenbeleid", "Ruimte op de begraafplaatsen, grafrechten en onderhoud",
        "Begraafplaatsen en grafrechten", "Ruimte op begraafplaatsen en onderhoud van graven"};
    long long a = mk_asg(org_a, pa, text[0], text[1]);
    long long c = mk_asg(org_c, pc, text[2], text[3]);
    page(&mt, "POST", "/bundelvoorstellen", "x=1", &r);
    nb_t_assert_page(&r, 303);
    nb_t_resp_free(&r);
    long long id = proposal_of(a, NULL);
    assert_true(id > 0 && id == proposal_of(c, NULL));
    /* C's line gets a month profile A's line does not have */
    char body[2048];
    asg_body(body, org_c, pc, text[2], text[3], "2027-03");
    nb_t_reqf(&srv, &r, "PUT", beheer, body, "/api/v1/opdrachten/%lld", c);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    char path[64], action[80];
    snprintf(path, sizeof path, "/bundelvoorstellen/%lld", id);
    snprintf(action, sizeof action, "/bundelvoorstellen/%lld/instemming", id);
    page(&coord_a, "POST", action, "besluit=akkoord&notitie=", &r);
    nb_t_assert_page(&r, 409);
    nb_t_assert_has(&r, "de maandprofielen van de regels voor competentie Wonen en "
                        "volkshuisvesting verschillen nu");
    nb_t_resp_free(&r);
    page(&mt, "POST", "/bundelvoorstellen", "x=1", &r);
    nb_t_assert_page(&r, 303);
    nb_t_resp_free(&r);
    /* the proposal's page: the status and why, and no form */
    page(&coord_a, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "utrecht-status-badge--inactive\">Vervallen</span>");
    nb_t_assert_has(&r, "<div class=\"utrecht-alert utrecht-alert--info\"><div "
                        "class=\"utrecht-alert__content\"><p class=\"utrecht-paragraph\">Het "
                        "voorstel is vervallen: de maandprofielen van de regels voor competentie "
                        "Wonen en volkshuisvesting verschillen nu.</p>");
    nb_t_assert_lacks(&r, "Besluit vastleggen");
    nb_t_resp_free(&r);
    /* the list, filtered on vervallen: the reason under the badge */
    page(&mt, "GET", "/bundelvoorstellen?status=vervallen", NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "Vervallen</span><br>de maandprofielen van de regels voor competentie "
                        "Wonen en volkshuisvesting verschillen nu</td>");
    nb_t_resp_free(&r);
    /* an original's page names it too */
    snprintf(path, sizeof path, "/opdrachten/%lld", a);
    page(&coord_a, "GET", path, NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "Vervallen (de maandprofielen van de regels voor competentie Wonen en "
                        "volkshuisvesting verschillen nu).");
    nb_t_resp_free(&r);
}

static void test_coordination_share_on_settings(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&mt, "GET", "/instellingen", NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_assert_has(&r, "Coördinatiedeel bij bundelen");
    nb_t_resp_free(&r);
    page(&mt, "POST", "/instellingen", "uurtarief=90,00&verdeelsleutel=gelijk&coordinatie=101", &r);
    nb_t_assert_page(&r, 422);
    nb_t_assert_has(&r, "id=\"coordinatie-fout\"");
    nb_t_resp_free(&r);
    page(&mt, "POST", "/instellingen", "uurtarief=90,00&verdeelsleutel=gelijk&coordinatie=20", &r);
    nb_t_assert_page(&r, 303);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/netwerk/instellingen");
    assert_int_equal(num(r.json, "bundelCoordinatieProcent"), 20);
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_and_detection),
        cmocka_unit_test(test_consent_on_the_page),
        cmocka_unit_test(test_decline_on_the_page),
        cmocka_unit_test(test_lapsed_on_the_page),
        cmocka_unit_test(test_coordination_share_on_settings),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
