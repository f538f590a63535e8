/*
 * tests/api/test_web_verrekeningen.c — settlement in the pages over real
 * HTTP (issue 10 §4): the empty list, the preview of a closed year with the
 * amounts per organisation (stored names escaped), an open year blocked with
 * its reason, a bad choice of period 422 next to the field; the form's
 * errors (no confirmation, a bad choice) 422 with what was chosen kept and
 * nothing booked; no CSRF token or a role that may not: 403, nothing booked;
 * booking: 303 to the statement, the settled balances zero; a double submit
 * of the same form books nothing more; the same period again 409; the
 * statement per role (a coordinator only its own line, a medewerker 403) and
 * its CSV; the links from /mt and /grootboek. A settlement the ledger refuses
 * (rule 2 for one municipality) leaves no trace, also not in the page that
 * answers the refusal; the rows are append-only in the database itself.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "api/web_session.h"
#include "web/layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XSS "<script>alert(1)</script>"
#define XSS_ESC "&lt;script&gt;alert(1)&lt;/script&gt;"

static nb_t_server srv;
static char *beheer;
static long long org_a, org_b, org_c;
static nb_t_web mt, coord_a, lezer_a, med_a;

static void api(const char *method, const char *path, const char *body, long status)
{
    nb_t_resp r = {0};
    nb_t_reqf(&srv, &r, method, beheer, body, "%s", path);
    nb_t_assert_status(&r, status);
    nb_t_resp_free(&r);
}

static long long api_int(const char *path, const char *key)
{
    nb_t_resp r = {0};
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "%s", path);
    nb_t_assert_status(&r, 200);
    long long v = (long long)json_integer_value(json_object_get(r.json, key));
    nb_t_resp_free(&r);
    return v;
}

static long long balance(long long org)
{
    char path[96];
    snprintf(path, sizeof path, "/api/v1/organisaties/%lld/saldo", org);
    return api_int(path, "saldoMinuten");
}

static long long settlements(void)
{
    return api_int("/api/v1/verrekeningen", "totaal");
}

static int setup(void **state)
{
    (void)state;
    if (nb_t_start_beheer(&srv, &beheer) != 0)
        return -1;
    org_a = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\","
                        "\"kredietlijnMinuten\":600}");
    org_b = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0590\",\"soort\":\"gemeente\",\"naam\":\"Papendrecht " XSS
                        "\"}");
    org_c = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0642\",\"soort\":\"gemeente\",\"naam\":\"Zwijndrecht\","
                        "\"kredietlijnMinuten\":1000}");
    if (org_a != 1 || org_b != 2 || org_c != 3)
        return -1;
    api("PUT", "/api/v1/netwerk/instellingen",
        "{\"uurtariefCent\":6000,\"verdeelsleutel\":\"inwoners\"}", 200);
    api("POST", "/api/v1/perioden", "{\"van\":\"2025-01-01\",\"tot\":\"2025-06-30\"}", 201);
    api("POST", "/api/v1/perioden", "{\"van\":\"2025-07-01\",\"tot\":\"2025-12-31\"}", 201);
    api("POST", "/api/v1/boekingen",
        "{\"boekingen\":[{\"id\":\"w-1\",\"soort\":\"werk\",\"debetOrganisatieId\":1,"
        "\"creditOrganisatieId\":2,\"minuten\":600},{\"id\":\"w-2\",\"soort\":\"werk\","
        "\"debetOrganisatieId\":3,\"creditOrganisatieId\":2,\"minuten\":150}]}",
        201);
    long long person = nb_t_create(
        &srv, "/api/v1/medewerkers", beheer,
        "{\"organisatieId\":1,\"naam\":\"Anna de Vries\",\"email\":\"anna@dordrecht.nl\","
        "\"schaal\":11,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":480}");
    if (nb_t_web_session(&srv, "mt1", "beheer", 0, 0, &mt) != 0 ||
        nb_t_web_session(&srv, "coord-a", "coordinator", org_a, 0, &coord_a) != 0 ||
        nb_t_web_session(&srv, "lezer-a", "lezer", org_a, 0, &lezer_a) != 0 ||
        nb_t_web_session(&srv, "med-a", "medewerker", org_a, person, &med_a) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return nb_t_stop_beheer(&srv, &beheer);
}

#define GOOD_FORM                                                                            \
    "periode=2025&verzoek=vr-web-1&keuze-1=verrekenen&keuze-2=verrekenen&keuze-3=overboeken" \
    "&bevestig=1"

static void test_empty_and_preview(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_page_expect(&srv, &mt, "GET", "/verrekeningen", NULL, 200, &r);
    nb_t_assert_has(&r, "Er is nog niets verrekend.");
    nb_t_assert_has(&r,
                    "<option class=\"utrecht-select__option\" value=\"2025\">Jaar 2025</option>");
    nb_t_assert_has(&r, "1 januari 2025 t/m 30 juni 2025");
    nb_t_assert_lacks(&r, "Verrekening vastleggen");
    nb_t_resp_free(&r);
    /* the year: per organisation the balance, the period's work and the money */
    nb_t_page_expect(&srv, &mt, "GET", "/verrekeningen?periode=2025", NULL, 200, &r);
    nb_t_assert_has(&r, "Voorstel voor 1 januari 2025 t/m 31 december 2025");
    nb_t_assert_has(&r, "€ 60,00 per uur");
    nb_t_assert_has(&r, "Papendrecht " XSS_ESC);
    nb_t_assert_lacks(&r, XSS);
    nb_t_assert_has(&r, "€ 600,00 betaalt");
    nb_t_assert_has(&r, "€ 750,00 ontvangt");
    nb_t_assert_has(&r, "€ 150,00 betaalt");
    nb_t_assert_has(&r, "name=\"keuze-1\"");
    nb_t_assert_has(&r, "Verrekenen: Dordrecht");
    nb_t_assert_has(&r, "type=\"checkbox\" value=\"verrekenen\"");
    nb_t_assert_has(&r, "name=\"bevestig\"");
    nb_t_assert_has(&r, "name=\"verzoek\" value=\"vr-");
    nb_t_assert_has(&r, "Verrekening vastleggen");
    nb_t_resp_free(&r);
    /* a year with no closed period: blocked with the reason, no form */
    nb_t_page_expect(&srv, &mt, "GET", "/verrekeningen?periode=2023", NULL, 200, &r);
    nb_t_assert_has(&r, "is nog niet afgesloten");
    nb_t_assert_lacks(&r, "Verrekening vastleggen");
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &mt, "GET", "/verrekeningen?periode=twintig", NULL, 422, &r);
    nb_t_assert_has(&r, "Kies een jaar of een afgesloten periode uit de lijst.");
    nb_t_assert_has(&r, "aria-invalid=\"true\"");
    nb_t_resp_free(&r);
    /* others see the list, without the preview */
    nb_t_page_expect(&srv, &lezer_a, "GET", "/verrekeningen?periode=2025", NULL, 200, &r);
    nb_t_assert_has(&r, "Het netwerk-MT besluit");
    nb_t_assert_lacks(&r, "Verrekening vastleggen");
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &med_a, "GET", "/verrekeningen", NULL, 403, &r);
    nb_t_resp_free(&r);
    assert_int_equal(settlements(), 0);
}

static void test_form_refusals_book_nothing(void **state)
{
    (void)state;
    nb_t_resp r;
    /* no confirmation: the error next to the box, the choices kept */
    nb_t_page_expect(&srv, &mt, "POST", "/verrekeningen",
                     "periode=2025&verzoek=vr-web-1&keuze-1=verrekenen&keuze-2=overboeken", 422,
                     &r);
    nb_t_assert_has(&r, "Vink aan dat u de bedragen hebt gecontroleerd");
    nb_t_assert_has(&r, "id=\"bevestig-fout\"");
    nb_t_assert_has(&r, "href=\"#bevestig\"");
    nb_t_assert_has(&r, "id=\"keuze-1\" name=\"keuze-1\" checked>");
    nb_t_assert_lacks(&r, "id=\"keuze-2\" name=\"keuze-2\" checked>");
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &mt, "POST", "/verrekeningen",
                     "periode=2025&verzoek=vr-web-1&keuze-1=kwijtschelden&bevestig=1", 422, &r);
    nb_t_assert_has(&r, "Kies overboeken of verrekenen.");
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &mt, "POST", "/verrekeningen", "periode=&verzoek=vr-web-1&bevestig=1",
                     422, &r);
    nb_t_assert_has(&r, "Kies een jaar of een afgesloten periode");
    nb_t_resp_free(&r);
    /* an organisation that does not exist */
    nb_t_page_expect(&srv, &mt, "POST", "/verrekeningen",
                     "periode=2025&verzoek=vr-web-1&keuze-99=verrekenen&bevestig=1", 422, &r);
    nb_t_assert_has(&r, "Organisatie 99 bestaat niet.");
    nb_t_resp_free(&r);
    /* without the CSRF token, or as a role that may not */
    nb_t_web no_token = mt;
    no_token.csrf[0] = '\0';
    nb_t_page_expect(&srv, &no_token, "POST", "/verrekeningen", GOOD_FORM, 403, &r);
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &coord_a, "POST", "/verrekeningen", GOOD_FORM, 403, &r);
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &lezer_a, "POST", "/verrekeningen", GOOD_FORM, 403, &r);
    nb_t_resp_free(&r);
    assert_int_equal(settlements(), 0);
    assert_int_equal(balance(org_a), -600);
    assert_int_equal(balance(org_b), 750);
}

/* Regression: the settlement row was written before the ledger refused a
 * transfer; the page answering the refusal (same transaction, rolled back
 * only after it) listed the refused settlement as made. */
static void test_refused_by_ledger_leaves_no_trace(void **state)
{
    (void)state;
    nb_t_resp r;
    /* Papendrecht reserves 700 minutes: it cannot give its 750 back now */
    api("POST", "/api/v1/boekingen",
        "{\"boekingen\":[{\"id\":\"res-1\",\"soort\":\"reserveren\",\"debetOrganisatieId\":2,"
        "\"creditOrganisatieId\":3,\"minuten\":700}]}",
        201);
    nb_t_page_expect(&srv, &mt, "GET", "/verrekeningen?periode=2025", NULL, 200, &r);
    nb_t_assert_has(&r, "nu niet: de reserveringen gaan boven de kredietlijn");
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &mt, "POST", "/verrekeningen", GOOD_FORM, 422, &r);
    nb_t_assert_has(&r, "kan zijn saldo van 750 minuten nu niet in geld verrekenen");
    nb_t_assert_has(&r, "id=\"keuze-2-fout\"");
    nb_t_assert_has(&r, "Er is nog niets verrekend.");
    nb_t_assert_lacks(&r, "href=\"/verrekeningen/1\"");
    nb_t_resp_free(&r);
    assert_int_equal(settlements(), 0);
    assert_int_equal(api_int("/api/v1/boekingen?soort=correctie", "totaal"), 0);
    assert_int_equal(balance(org_a), -600);
    api("POST", "/api/v1/boekingen",
        "{\"boekingen\":[{\"id\":\"res-1-vrij\",\"soort\":\"vrijgeven\","
        "\"reserveringId\":\"res-1\"}]}",
        201);
}

static void test_book_once(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_page_expect(&srv, &mt, "POST", "/verrekeningen", GOOD_FORM, 303, &r);
    nb_t_assert_flash(&r, NB_WEB_FLASH_SETTLED);
    assert_string_equal(nb_t_header(&r, "Location"), "/verrekeningen/1");
    nb_t_resp_free(&r);
    assert_int_equal(settlements(), 1);
    assert_int_equal(balance(org_a), 0);
    assert_int_equal(balance(org_b), 0);
    assert_int_equal(balance(org_c), -150);
    assert_int_equal(api_int("/api/v1/grootboek", "somSaldoMinuten"), 0);
    /* the same form sent again (a double click, a reload): the same settlement */
    nb_t_page_expect(&srv, &mt, "POST", "/verrekeningen", GOOD_FORM, 303, &r);
    assert_string_equal(nb_t_header(&r, "Location"), "/verrekeningen/1");
    nb_t_resp_free(&r);
    assert_int_equal(settlements(), 1);
    assert_int_equal(api_int("/api/v1/boekingen?soort=correctie", "totaal"), 2);
    /* a new form for the same year: refused, with the reason */
    nb_t_page_expect(&srv, &mt, "POST", "/verrekeningen",
                     "periode=2025&verzoek=vr-web-2&keuze-3=verrekenen&bevestig=1", 409, &r);
    nb_t_assert_has(&r, "is al verrekend (verrekening 1)");
    nb_t_resp_free(&r);
    assert_int_equal(balance(org_c), -150);
    nb_t_page_expect(&srv, &mt, "GET", "/verrekeningen", NULL, 200, &r);
    nb_t_assert_has(&r, "href=\"/verrekeningen/1\">Jaar 2025</a>");
    nb_t_resp_free(&r);
}

static void test_statement_per_role(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_page_expect(&srv, &mt, "GET", "/verrekeningen/1", NULL, 200, &r);
    nb_t_assert_has(&r, "Verrekening jaar 2025");
    nb_t_assert_has(&r, "€ 60,00 per uur");
    nb_t_assert_has(&r, "Papendrecht " XSS_ESC);
    nb_t_assert_lacks(&r, XSS);
    nb_t_assert_has(&r, "sys:vr:1:1");
    nb_t_assert_has(&r, "€ 600,00 betaalt");
    nb_t_assert_has(&r, "€ 750,00 ontvangt");
    nb_t_assert_has(&r, "Samen betalen de organisaties € 600,00 en ontvangen zij € 750,00.");
    nb_t_assert_has(&r, "href=\"/verrekeningen/1?organisatie=3\">Zwijndrecht</a>");
    nb_t_assert_has(&r, "nb-no-print");
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &mt, "GET", "/verrekeningen/1?organisatie=3", NULL, 200, &r);
    nb_t_assert_has(&r, "Zwijndrecht");
    nb_t_assert_lacks(&r, "Dordrecht");
    nb_t_assert_has(&r, "/verrekeningen/1/verrekening.csv?organisatie=3");
    nb_t_resp_free(&r);
    /* a coordinator: its own line only, also when it asks for another */
    nb_t_page_expect(&srv, &coord_a, "GET", "/verrekeningen/1?organisatie=3", NULL, 200, &r);
    nb_t_assert_has(&r, "Dordrecht");
    nb_t_assert_lacks(&r, "Zwijndrecht");
    nb_t_assert_lacks(&r, "Papendrecht");
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &coord_a, "GET", "/verrekeningen/1/verrekening.csv", NULL, 200, &r);
    assert_non_null(strstr(nb_t_header(&r, "Content-Type"), "text/csv"));
    nb_t_assert_has(&r, "Dordrecht;GM0505;verrekenen;-600;-10,00;0,00;0,00;60,00;-600,00;betaalt;"
                        "sys:vr:1:1\r\n");
    nb_t_assert_lacks(&r, "Zwijndrecht");
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &lezer_a, "GET", "/verrekeningen/1/verrekening.csv", NULL, 200, &r);
    nb_t_assert_has(&r, "Zwijndrecht;GM0642;overboeken;-150;-2,50;");
    nb_t_assert_has(&r, ";Papendrecht <script>alert(1)</script>;GM0590;verrekenen;750;12,50;");
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &lezer_a, "GET", "/verrekeningen/1", NULL, 200, &r);
    nb_t_assert_has(&r, "Zwijndrecht");
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &med_a, "GET", "/verrekeningen/1", NULL, 403, &r);
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &mt, "GET", "/verrekeningen/9", NULL, 404, &r);
    nb_t_resp_free(&r);
}

static void test_linked_from_mt_and_ledger(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_page_expect(&srv, &mt, "GET", "/mt", NULL, 200, &r);
    nb_t_assert_has(&r, "href=\"/verrekeningen\"");
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &mt, "GET", "/grootboek", NULL, 200, &r);
    nb_t_assert_has(&r, "href=\"/verrekeningen\"");
    nb_t_resp_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/organisaties/%lld/afschrift", org_a);
    nb_t_page_expect(&srv, &coord_a, "GET", path, NULL, 200, &r);
    nb_t_assert_has(&r, "href=\"/verrekeningen\"");
    nb_t_resp_free(&r);
}

/* The database itself refuses to change or delete a settlement, on either store. */
static void test_append_only(void **state)
{
    (void)state;
    static const char *const q[] = {
        "UPDATE settlements SET period_to = '2099-12-31'",
        "DELETE FROM settlements",
        "UPDATE settlement_lines SET amount_cents = 0",
        "DELETE FROM settlement_lines",
    };
    /* the triggers refuse even the owner; on PostgreSQL the server's role
     * (NOABER_TEST_PG_ROLE) has not even the privilege */
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        char msg[512];
        assert_int_not_equal(nb_t_sql_try(&srv, 1, q[i], msg, sizeof msg), 0);
        if (strstr(msg, "never deleted") == NULL && strstr(msg, "immutable") == NULL)
            fail_msg("%s: refused by '%s', not by its trigger", q[i], msg);
        assert_int_not_equal(nb_t_sql_try(&srv, 0, q[i], msg, sizeof msg), 0);
    }
    assert_int_equal(settlements(), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_preview),
        cmocka_unit_test(test_form_refusals_book_nothing),
        cmocka_unit_test(test_refused_by_ledger_leaves_no_trace),
        cmocka_unit_test(test_book_once),
        cmocka_unit_test(test_statement_per_role),
        cmocka_unit_test(test_linked_from_mt_and_ledger),
        cmocka_unit_test(test_append_only),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
