/*
 * tests/api/test_web_opdrachten_zoek.c — finding on the assignment pages
 * over real HTTP: the ambtelijk opdrachtgever is a person field (a name, part
 * of one, a number or a suggestion resolves; ambiguous and unknown text is a
 * 422 next to the field), and the list's pager keeps every filter. Moved out
 * of test_web_opdrachten.c; the same fixture (web_opdrachten_fixture.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "api/web_opdrachten_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        cmocka_unit_test(test_person_field),
        cmocka_unit_test(test_pager_keeps_filters),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
