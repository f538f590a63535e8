/*
 * tests/api/test_web_mensen.c — the coordinator's pages over real HTTP
 * (issue 8 §4): /organisatie, /medewerkers (filter, paging, another
 * organisation's person refused), /medewerkers/{id}/bewerken (saved and
 * audited like PUT /api/v1/medewerkers/{id}, a bad level refused next to its
 * field, CSRF), /organisaties/{id}/afschrift(.csv) (who may see which
 * organisation as in the API, the CSV byte for byte the API's). Names with
 * <script> are shown escaped. In the api suite, so it also runs with the
 * server under ASan and valgrind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "api/web_session.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XSS "<script>alert(1)</script>"
#define XSS_ESC "&lt;script&gt;alert(1)&lt;/script&gt;"

static nb_t_server srv;
static char *beheer, *coord_a_token;
static long long org_a, org_b, comp1, comp2, comp3, p_xss, p_anna, p_bert;
static nb_t_web coord_a, coord_b, mt, lezer_b, med_a;

static long long create(const char *path, const char *json)
{
    return nb_t_create(&srv, path, beheer, json);
}

static long long person(long long org, const char *name, const char *email, long long comp,
                        int level)
{
    char body[600];
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"%s\",\"email\":\"%s\",\"schaal\":10,"
             "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":480,"
             "\"geboortejaar\":1970,\"competenties\":[{\"competentieId\":%lld,\"niveau\":%d}]}",
             org, name, email, comp, level);
    return create("/api/v1/medewerkers", body);
}

static int setup(void **state)
{
    (void)state;
    if (nb_t_start_beheer(&srv, &beheer) != 0)
        return -1;
    org_a = create("/api/v1/organisaties", "{\"code\":\"GM0001\",\"soort\":\"gemeente\","
                                           "\"naam\":\"Aadorp\",\"inwoners\":1000,"
                                           "\"kredietlijnMinuten\":6000}");
    org_b = create("/api/v1/organisaties", "{\"code\":\"GM0002\",\"soort\":\"gemeente\","
                                           "\"naam\":\"Bedum\",\"inwoners\":2000}");
    comp1 = create("/api/v1/competenties",
                   "{\"code\":\"SOC-JEUGD\",\"naam\":\"Jeugdhulp\",\"domein\":\"sociaal\"}");
    comp2 = create(
        "/api/v1/competenties",
        "{\"code\":\"BS-DATA\",\"naam\":\"Data-analyse\",\"domein\":\"bestuur-en-strategie\"}");
    comp3 = create("/api/v1/competenties",
                   "{\"code\":\"FY-GEO\",\"naam\":\"Geo-informatie\",\"domein\":\"fysiek\"}");
    p_xss = person(org_a, "<script>alert(1)</script>", "x@aadorp.nl", comp1, 4);
    p_anna = person(org_a, "Anna Smit", "anna@aadorp.nl", comp1, 2);
    p_bert = person(org_b, "Bert Bos", "bert@bedum.nl", comp1, 5);
    /* a deposit, so that the statement has a line with an amount */
    nb_t_resp r = {0};
    nb_t_reqf(&srv, &r, "PUT", beheer, "{\"uurtariefCent\":6000,\"verdeelsleutel\":\"inwoners\"}",
              "/api/v1/netwerk/instellingen");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    char dep[200];
    snprintf(dep, sizeof dep,
             "{\"boekingen\":[{\"id\":\"st-1\",\"soort\":\"storting\",\"creditOrganisatieId\":%lld,"
             "\"bedragCent\":15050,\"omschrijving\":\"=inleg; \\\"2026\\\"\"}]}",
             org_a);
    nb_t_reqf(&srv, &r, "POST", beheer, dep, "/api/v1/boekingen");
    nb_t_assert_status(&r, 201);
    nb_t_resp_free(&r);
    coord_a_token = nb_t_token(&srv, "coordinator", org_a, 0);
    if (nb_t_web_session(&srv, "coord-a", "coordinator", org_a, 0, &coord_a) != 0 ||
        nb_t_web_session(&srv, "coord-b", "coordinator", org_b, 0, &coord_b) != 0 ||
        nb_t_web_session(&srv, "mt1", "beheer", 0, 0, &mt) != 0 ||
        nb_t_web_session(&srv, "lezer-b", "lezer", org_b, 0, &lezer_b) != 0 ||
        nb_t_web_session(&srv, "med-a", "medewerker", org_a, p_anna, &med_a) != 0)
        return -1;
    return coord_a_token ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(coord_a_token);
    return nb_t_stop_beheer(&srv, &beheer);
}

/* The person as the API shows it to beheer (caller frees). */
static json_t *api_person(long long id)
{
    nb_t_resp r = {0};
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/medewerkers/%lld", id);
    nb_t_assert_status(&r, 200);
    json_t *j = json_incref(r.json);
    nb_t_resp_free(&r);
    return j;
}

/* The newest audit entry of person id: "actor|role|action|detail". */
static void last_audit(long long id, char *out, size_t len)
{
    char q[300];
    snprintf(q, sizeof q,
             "SELECT actor || '|' || role || '|' || action || '|' || detail FROM audit_log "
             "WHERE entity = 'medewerker' AND entity_id = %lld ORDER BY id DESC LIMIT 1",
             id);
    nb_t_sql_text(&srv, q, out, len);
}

/* ---- /organisatie ---------------------------------------------------------- */

static void test_start_page(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_page_expect(&srv, &coord_a, "GET", "/organisatie", NULL, 200, &r);
    nb_t_assert_has(&r, "Aadorp");
    nb_t_assert_has(&r, "2 actieve medewerkers");
    nb_t_assert_has(&r, "Er wacht geen opdracht");
    char href[64];
    snprintf(href, sizeof href, "href=\"/organisaties/%lld/afschrift\"", org_a);
    nb_t_assert_has(&r, href);
    nb_t_resp_free(&r);
    /* the coordinator's start page; other roles may not open it */
    nb_t_page_expect(&srv, &mt, "GET", "/organisatie", NULL, 403, &r);
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &med_a, "GET", "/organisatie", NULL, 403, &r);
    nb_t_resp_free(&r);
}

/* The text of <main> as textContent reads it (tags dropped, nothing added)
 * must not join two words where a tag ended one and began the next: a
 * letter, digit or ')' before a tag boundary and a letter or digit after it
 * ("Kredietlijn100 uur", "ingediendIngediend"). Table cells (read cell by
 * cell) and the chart (an image with its own name) are left out. */
static void assert_words_apart(const char *html)
{
    const char *p = strstr(html, "<main"), *end = strstr(html, "</main>");
    assert_non_null(p);
    assert_non_null(end);
    unsigned char prev = ' ';
    int boundary = 0;
    while (p < end) {
        if (strncmp(p, "<svg", 4) == 0) {
            p = strstr(p, "</svg>");
            assert_non_null(p);
            prev = ' ';
            continue;
        }
        if (*p == '<') {
            int cell = strncmp(p, "<td", 3) == 0 || strncmp(p, "<th", 3) == 0 ||
                       strncmp(p, "</td", 4) == 0 || strncmp(p, "</th", 4) == 0;
            p = strchr(p, '>');
            assert_non_null(p);
            p++;
            if (cell)
                prev = ' ';
            boundary = 1;
            continue;
        }
        unsigned char c = (unsigned char)*p;
        int word_before = prev >= 0x80 || isalnum(prev) || prev == ')';
        int word_after = c >= 0x80 || isalnum(c);
        if (boundary && word_before && word_after)
            fail_msg("words joined at a tag in the page's text: '%.60s'",
                     p > html + 80 ? p - 80 : html);
        prev = c;
        boundary = 0;
        p++;
    }
}

/* The start page reads well: the name in a sentence, each waiting
 * assignment's status once (the badge; the line after it says what it waits
 * for), and no words run together in its text. */
static void test_start_page_reads_well(void **state)
{
    (void)state;
    char body[700];
    snprintf(body, sizeof body,
             "{\"titel\":\"Wacht-op-intake\",\"soort\":\"lokaal\",\"werksoort\":\"regulier\","
             "\"status\":\"ingediend\",\"startdatum\":\"2025-01-01\",\"einddatum\":\"2027-12-31\","
             "\"bestuurlijkOpdrachtgever\":\"Wethouder Jansen\",\"ambtelijkOpdrachtgeverId\":%lld,"
             "\"aanvragers\":[{\"organisatieId\":%lld}],\"regels\":[{\"competentieId\":%lld,"
             "\"minimumNiveau\":2,\"minuten\":600}]}",
             p_anna, org_a, comp1);
    /* submitted by the coordinator: its own consent is recorded with it */
    assert_true(nb_t_create(&srv, "/api/v1/opdrachten", coord_a_token, body) > 0);
    nb_t_resp r;
    nb_t_page_expect(&srv, &coord_a, "GET", "/organisatie", NULL, 200, &r);
    nb_t_assert_has(&r, "Aadorp: hoe uw organisatie");
    const char *li = strstr(r.body, "Wacht-op-intake");
    assert_non_null(li);
    const char *li_end = strstr(li, "</li>");
    assert_non_null(li_end);
    int said = 0;
    for (const char *q = li; q < li_end && (q = strstr(q, "ngediend")) != NULL && q < li_end; q++)
        said++;
    if (said != 1)
        fail_msg("the status is said %d times: %.*s", said, (int)(li_end - li), li);
    nb_t_assert_has(&r, "Wacht op de intake door het netwerk-MT.");
    assert_words_apart(r.body);
    nb_t_resp_free(&r);
}

/* More assignments waiting than the start page lists: the first 50 (status
 * by status, concepts first), the rest counted in "En nog N opdrachten". The
 * page loads only the ones it lists (it read every assignment of the
 * organisation with its lines and consents, 14 ms at ten times the demo). */
static void test_start_page_many_waiting(void **state)
{
    (void)state;
    char body[1024];
    for (int i = 0; i < 53; i++) {
        snprintf(body, sizeof body,
                 "{\"titel\":\"Wacht %d\",\"soort\":\"lokaal\",\"werksoort\":\"regulier\","
                 "\"status\":\"%s\",\"startdatum\":\"2026-12-01\",\"einddatum\":\"2026-12-31\","
                 "\"bestuurlijkOpdrachtgever\":\"W\",\"ambtelijkOpdrachtgeverId\":%lld,"
                 "\"aanvragers\":[{\"organisatieId\":%lld}],\"regels\":[{\"competentieId\":%lld,"
                 "\"minimumNiveau\":1,\"minuten\":60}]}",
                 i, i < 51 ? "concept" : "ingediend", p_bert, org_b, comp1);
        assert_true(create("/api/v1/opdrachten", body) > 0);
    }
    nb_t_resp r;
    nb_t_page_expect(&srv, &coord_b, "GET", "/organisatie", NULL, 200, &r);
    int listed = 0;
    for (const char *p = r.body; (p = strstr(p, ">Wacht ")) != NULL; p++)
        listed++;
    assert_int_equal(listed, 50);
    nb_t_assert_has(&r, ">Wacht 0<");
    nb_t_assert_lacks(&r, ">Wacht 51<"); /* ingediend: after the concepts */
    nb_t_assert_has(&r, "En nog 3 opdrachten");
    nb_t_resp_free(&r);
}

/* ---- /medewerkers ---------------------------------------------------------- */

static void test_people_list_and_filter(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[128];
    nb_t_page_expect(&srv, &coord_a, "GET", "/medewerkers", NULL, 200, &r);
    nb_t_assert_has(&r, XSS_ESC);
    nb_t_assert_lacks(&r, XSS);
    nb_t_assert_has(&r, "Anna Smit");
    nb_t_assert_lacks(&r, "Bert Bos"); /* another organisation's person */
    nb_t_assert_has(&r, "2 medewerkers");
    nb_t_resp_free(&r);

    snprintf(path, sizeof path, "/medewerkers?competentie=%lld&niveau=3", comp1);
    nb_t_page_expect(&srv, &coord_a, "GET", path, NULL, 200, &r);
    nb_t_assert_has(&r, XSS_ESC);       /* level 4 */
    nb_t_assert_lacks(&r, "Anna Smit"); /* level 2 */
    nb_t_assert_has(&r, "1 medewerker<");
    nb_t_resp_free(&r);

    nb_t_page_expect(&srv, &coord_a, "GET", "/medewerkers?naam=anna", NULL, 200, &r);
    nb_t_assert_has(&r, "Anna Smit");
    nb_t_assert_lacks(&r, XSS_ESC);
    nb_t_resp_free(&r);

    /* a level without a competency: refused next to the field */
    nb_t_page_expect(&srv, &coord_a, "GET", "/medewerkers?niveau=3", NULL, 422, &r);
    nb_t_assert_has(&r, "id=\"niveau-fout\"");
    nb_t_assert_has(&r, "href=\"#niveau\"");
    nb_t_resp_free(&r);

    /* beheer sees every organisation and filters on one */
    snprintf(path, sizeof path, "/medewerkers?organisatie=%lld", org_b);
    nb_t_page_expect(&srv, &mt, "GET", path, NULL, 200, &r);
    nb_t_assert_has(&r, "Bert Bos");
    nb_t_assert_lacks(&r, "Anna Smit");
    nb_t_resp_free(&r);
    /* a coordinator cannot widen the list with organisatie= */
    nb_t_page_expect(&srv, &coord_a, "GET", path, NULL, 200, &r);
    nb_t_assert_lacks(&r, "Bert Bos");
    nb_t_resp_free(&r);

    nb_t_page_expect(&srv, &med_a, "GET", "/medewerkers", NULL, 403, &r);
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &lezer_b, "GET", "/medewerkers", NULL, 403, &r);
    nb_t_resp_free(&r);
}

static void test_people_paging(void **state)
{
    (void)state;
    nb_t_resp r;
    /* 30 more people in B: two pages of 25 */
    for (int i = 0; i < 30; i++) {
        char name[32], mail[48];
        snprintf(name, sizeof name, "Persoon %02d", i);
        snprintf(mail, sizeof mail, "p%02d@bedum.nl", i);
        person(org_b, name, mail, comp2, 1 + i % 5);
    }
    nb_t_page_expect(&srv, &coord_b, "GET", "/medewerkers", NULL, 200, &r);
    nb_t_assert_has(&r, "31 medewerkers");
    nb_t_assert_has(&r, "Pagina 1 van 2");
    nb_t_assert_has(&r, "pagina=2");
    nb_t_assert_lacks(&r, "Persoon 29"); /* ordered by id: the last ones are on page 2 */
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &coord_b, "GET", "/medewerkers?pagina=2", NULL, 200, &r);
    nb_t_assert_has(&r, "Persoon 29");
    nb_t_assert_has(&r, "Pagina 2 van 2");
    nb_t_assert_has(&r, "Vorige pagina");
    nb_t_resp_free(&r);
}

static void test_person_of_other_organisation(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[96], form[256];
    snprintf(path, sizeof path, "/medewerkers/%lld", p_bert);
    nb_t_page_expect(&srv, &coord_a, "GET", path, NULL, 403, &r);
    nb_t_assert_lacks(&r, "Bert Bos");
    nb_t_resp_free(&r);
    snprintf(path, sizeof path, "/medewerkers/%lld/bewerken", p_bert);
    nb_t_page_expect(&srv, &coord_a, "GET", path, NULL, 403, &r);
    nb_t_resp_free(&r);
    snprintf(form, sizeof form, "netwerkuren=1&regels=3&wensregels=2&actie=opslaan");
    nb_t_page_expect(&srv, &coord_a, "POST", path, form, 403, &r);
    nb_t_resp_free(&r);
    /* the API refuses the same change with the same status */
    memset(&r, 0, sizeof r);
    char body[300];
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"Bert Bos\",\"email\":\"bert@bedum.nl\","
             "\"schaal\":10,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":60}",
             org_b);
    nb_t_reqf(&srv, &r, "PUT", coord_a_token, body, "/api/v1/medewerkers/%lld", p_bert);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    json_t *j = api_person(p_bert);
    assert_int_equal(json_integer_value(json_object_get(j, "netwerkMinutenPerWeek")), 480);
    json_decref(j);
    /* an unknown person: 404 */
    nb_t_page_expect(&srv, &coord_a, "GET", "/medewerkers/999999", NULL, 404, &r);
    nb_t_resp_free(&r);
}

static void test_person_detail(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[64];
    snprintf(path, sizeof path, "/medewerkers/%lld", p_xss);
    nb_t_page_expect(&srv, &coord_a, "GET", path, NULL, 200, &r);
    nb_t_assert_has(&r, XSS_ESC);
    nb_t_assert_lacks(&r, XSS);
    nb_t_assert_has(&r, "Jeugdhulp: niveau 4");
    nb_t_assert_has(&r, "1970");
    nb_t_assert_has(&r, "8 uur per week");
    nb_t_assert_has(&r, "Nu niet ingezet");
    /* the number the MT types into /gebruikers to give the person a login */
    char number[192];
    snprintf(number, sizeof number,
             "Medewerkernummer</dt>\n<dd class=\"utrecht-data-list__item-value "
             "utrecht-data-list__item-value--html-dd\">%lld</dd>",
             p_xss);
    nb_t_assert_has(&r, number);
    nb_t_resp_free(&r);
}

/* ---- /medewerkers/{id}/bewerken ------------------------------------------- */

static void test_edit_saves_and_audits(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[64], form[400], audit[2200];
    snprintf(path, sizeof path, "/medewerkers/%lld/bewerken", p_anna);
    nb_t_page_expect(&srv, &coord_a, "GET", path, NULL, 200, &r);
    nb_t_assert_has(&r, "name=\"csrf\"");
    nb_t_assert_has(&r, "id=\"competentie-1\"");
    nb_t_assert_has(&r, "value=\"8\""); /* 480 minutes */
    nb_t_resp_free(&r);
    snprintf(form, sizeof form,
             "regels=3&wensregels=2&netwerkuren=6%%2C5&competentie-1=%lld&niveau-1=3&"
             "competentie-2=%lld&niveau-2=5&competentie-3=&niveau-3=&leerwens-1=%lld&"
             "leerwens-2=&actie=opslaan",
             comp1, comp2, comp3);
    nb_t_page_expect(&srv, &coord_a, "POST", path, form, 303, &r);
    char want[64];
    snprintf(want, sizeof want, "/medewerkers/%lld", p_anna);
    assert_string_equal(nb_t_header(&r, "Location"), want);
    nb_t_resp_free(&r);

    json_t *j = api_person(p_anna);
    assert_int_equal(json_integer_value(json_object_get(j, "netwerkMinutenPerWeek")), 390);
    json_t *comps = json_object_get(j, "competenties");
    assert_int_equal(json_array_size(comps), 2);
    json_t *wishes = json_object_get(j, "leerwensen");
    assert_int_equal(json_array_size(wishes), 1);
    assert_int_equal(json_integer_value(json_array_get(wishes, 0)), comp3);
    assert_int_equal(json_integer_value(json_object_get(j, "geboortejaar")), 1970); /* kept */
    json_decref(j);

    last_audit(p_anna, audit, sizeof audit);
    assert_non_null(strstr(audit, "coord-a|coordinator|update|"));
    assert_non_null(strstr(audit, "\"netwerkMinutenPerWeek\":390"));

    /* the flash message on the person's page */
    nb_t_page_expect(&srv, &coord_a, "GET", want, NULL, 200, &r);
    nb_t_assert_has(&r, "Data-analyse: niveau 5");
    nb_t_resp_free(&r);
}

/* Two editors (issue 9): the form carries the versie; a save on a stale one writes
 * nothing and shows the form again with the current values and the message. */
static void test_edit_stale_version_refused(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[64], form[400], want[64], before[2200], after[2200];
    snprintf(path, sizeof path, "/medewerkers/%lld/bewerken", p_anna);
    json_t *j = api_person(p_anna);
    long long versie = json_integer_value(json_object_get(j, "versie"));
    nb_t_page_expect(&srv, &coord_a, "GET", path, NULL, 200, &r);
    snprintf(want, sizeof want, "name=\"versie\" value=\"%lld\"", versie);
    nb_t_assert_has(&r, want);
    nb_t_resp_free(&r);

    /* the other editor: the API changes the person meanwhile (120 minutes = 2 hours) */
    static const char *const ro[] = {"id", "aangemaakt", "gewijzigd", "versie", "_links"};
    for (size_t i = 0; i < sizeof ro / sizeof ro[0]; i++)
        json_object_del(j, ro[i]);
    json_object_set_new(j, "netwerkMinutenPerWeek", json_integer(120));
    char *body = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    nb_t_reqf(&srv, &r, "PUT", beheer, body, "/api/v1/medewerkers/%lld", p_anna);
    free(body);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    last_audit(p_anna, before, sizeof before);

    /* the first editor saves on the old versie: refused, nothing written */
    snprintf(form, sizeof form,
             "versie=%lld&regels=3&wensregels=2&netwerkuren=7&competentie-1=&niveau-1=&"
             "competentie-2=&niveau-2=&competentie-3=&niveau-3=&leerwens-1=&leerwens-2=&"
             "actie=opslaan",
             versie);
    nb_t_page_expect(&srv, &coord_a, "POST", path, form, 409, &r);
    nb_t_assert_has(&r, "Iemand anders heeft dit intussen gewijzigd.");
    nb_t_assert_has(&r, "href=\"#gegevens\"");
    /* the current value, not the 7 typed */
    nb_t_assert_has(&r, "value=\"2\" autocomplete=\"off\" id=\"netwerkuren\"");
    snprintf(want, sizeof want, "name=\"versie\" value=\"%lld\"", versie + 1);
    nb_t_assert_has(&r, want);
    nb_t_resp_free(&r);
    j = api_person(p_anna);
    assert_int_equal(json_integer_value(json_object_get(j, "netwerkMinutenPerWeek")), 120);
    assert_int_equal(json_integer_value(json_object_get(j, "versie")), versie + 1);
    assert_true(json_array_size(json_object_get(j, "competenties")) > 0);
    json_decref(j);
    last_audit(p_anna, after, sizeof after);
    assert_string_equal(after, before);

    /* on the current versie it saves */
    snprintf(form, sizeof form, "versie=%lld&regels=3&wensregels=2&netwerkuren=7&actie=opslaan",
             versie + 1);
    nb_t_page_expect(&srv, &coord_a, "POST", path, form, 303, &r);
    nb_t_resp_free(&r);
    j = api_person(p_anna);
    assert_int_equal(json_integer_value(json_object_get(j, "netwerkMinutenPerWeek")), 420);
    json_decref(j);
}

static void test_edit_bad_level_next_to_field(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[64], form[300], before[2200], after[2200];
    last_audit(p_xss, before, sizeof before);
    snprintf(path, sizeof path, "/medewerkers/%lld/bewerken", p_xss);
    snprintf(form, sizeof form,
             "regels=3&wensregels=2&netwerkuren=8&competentie-1=%lld&niveau-1=7&"
             "competentie-2=%lld&niveau-2=2&actie=opslaan",
             comp1, comp1);
    nb_t_page_expect(&srv, &coord_a, "POST", path, form, 422, &r);
    nb_t_assert_has(&r, "id=\"niveau-1-fout\"");
    nb_t_assert_has(&r, "href=\"#niveau-1\"");
    nb_t_assert_has(&r, "value=\"7\"");               /* what was typed stays */
    nb_t_assert_has(&r, "id=\"competentie-2-fout\""); /* the same competency twice */
    nb_t_assert_has(&r, "aria-invalid=\"true\"");
    nb_t_assert_has(&r, XSS_ESC);
    nb_t_assert_lacks(&r, XSS);
    nb_t_resp_free(&r);
    /* more hours than the contract: next to the hours */
    snprintf(form, sizeof form, "regels=3&wensregels=2&netwerkuren=40&actie=opslaan");
    nb_t_page_expect(&srv, &coord_a, "POST", path, form, 422, &r);
    nb_t_assert_has(&r, "id=\"netwerkuren-fout\"");
    nb_t_resp_free(&r);
    snprintf(form, sizeof form, "regels=3&wensregels=2&netwerkuren=veel&actie=opslaan");
    nb_t_page_expect(&srv, &coord_a, "POST", path, form, 422, &r);
    nb_t_assert_has(&r, "id=\"netwerkuren-fout\"");
    nb_t_resp_free(&r);
    json_t *j = api_person(p_xss);
    json_t *c = json_array_get(json_object_get(j, "competenties"), 0);
    assert_int_equal(json_integer_value(json_object_get(c, "niveau")), 4);
    assert_int_equal(json_integer_value(json_object_get(j, "netwerkMinutenPerWeek")), 480);
    json_decref(j);
    last_audit(p_xss, after, sizeof after);
    assert_string_equal(before, after);
}

static void test_edit_more_rows_saves_nothing(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[64], form[200];
    snprintf(path, sizeof path, "/medewerkers/%lld/bewerken", p_xss);
    snprintf(form, sizeof form,
             "regels=3&wensregels=2&netwerkuren=2&competentie-1=%lld&"
             "niveau-1=1&actie=meer",
             comp2);
    nb_t_page_expect(&srv, &coord_a, "POST", path, form, 200, &r);
    nb_t_assert_has(&r, "id=\"competentie-6\"");
    nb_t_assert_has(&r, "id=\"leerwens-4\"");
    nb_t_assert_has(&r, "value=\"2\""); /* typed hours kept */
    nb_t_resp_free(&r);
    json_t *j = api_person(p_xss);
    assert_int_equal(json_integer_value(json_object_get(j, "netwerkMinutenPerWeek")), 480);
    json_decref(j);
}

static void test_edit_without_csrf_changes_nothing(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[64], form[200];
    nb_t_web no_token = coord_a;
    no_token.csrf[0] = '\0';
    snprintf(path, sizeof path, "/medewerkers/%lld/bewerken", p_xss);
    snprintf(form, sizeof form, "regels=3&wensregels=2&netwerkuren=1&actie=opslaan");
    nb_t_page_expect(&srv, &no_token, "POST", path, form, 403, &r);
    nb_t_resp_free(&r);
    snprintf(form, sizeof form, "regels=3&wensregels=2&netwerkuren=1&actie=opslaan&csrf=fout");
    nb_t_page_expect(&srv, &no_token, "POST", path, form, 403, &r);
    nb_t_resp_free(&r);
    json_t *j = api_person(p_xss);
    assert_int_equal(json_integer_value(json_object_get(j, "netwerkMinutenPerWeek")), 480);
    json_decref(j);
}

/* ---- /organisaties/{id}/afschrift ---------------------------------------- */

static void test_statement_page(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[96];
    snprintf(path, sizeof path, "/organisaties/%lld/afschrift?vanaf=&tot=", org_a);
    nb_t_page_expect(&srv, &coord_a, "GET", path, NULL, 200, &r);
    nb_t_assert_has(&r, "Aadorp");
    nb_t_assert_has(&r, "storting");
    nb_t_assert_has(&r, "2,5 uur"); /* 150 minutes deposited */
    nb_t_assert_has(&r, "role=\"img\"");
    nb_t_assert_has(&r, "&#61;inleg; &quot;2026&quot;");
    nb_t_assert_has(&r, "afschrift.csv?vanaf=&amp;tot=");
    nb_t_resp_free(&r);
    /* a bad period: 422 with the errors next to the fields */
    snprintf(path, sizeof path, "/organisaties/%lld/afschrift?vanaf=2026-13-01&tot=", org_a);
    nb_t_page_expect(&srv, &coord_a, "GET", path, NULL, 422, &r);
    nb_t_assert_has(&r, "id=\"vanaf-fout\"");
    nb_t_resp_free(&r);
    snprintf(path, sizeof path, "/organisaties/%lld/afschrift?vanaf=2026-02-01&tot=2026-01-01",
             org_a);
    nb_t_page_expect(&srv, &coord_a, "GET", path, NULL, 422, &r);
    nb_t_assert_has(&r, "id=\"tot-fout\"");
    nb_t_resp_free(&r);
    /* an empty period: the empty state */
    snprintf(path, sizeof path, "/organisaties/%lld/afschrift?vanaf=2001-01-01&tot=2001-01-31",
             org_a);
    nb_t_page_expect(&srv, &coord_a, "GET", path, NULL, 200, &r);
    nb_t_assert_has(&r, "geen boekingen");
    nb_t_resp_free(&r);
}

static void test_statement_who_sees_what(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[96], csv[96];
    snprintf(path, sizeof path, "/organisaties/%lld/afschrift", org_b);
    snprintf(csv, sizeof csv, "/organisaties/%lld/afschrift.csv", org_b);
    nb_t_page_expect(&srv, &coord_a, "GET", path, NULL, 403, &r); /* another organisation */
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &coord_a, "GET", csv, NULL, 403, &r);
    nb_t_resp_free(&r);
    memset(&r, 0, sizeof r); /* as the API */
    nb_t_reqf(&srv, &r, "GET", coord_a_token, NULL, "/api/v1/organisaties/%lld/afschrift", org_b);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &med_a, "GET", path, NULL, 403, &r);
    nb_t_resp_free(&r);
    /* beheer and lezer: any organisation, as the API allows */
    snprintf(path, sizeof path, "/organisaties/%lld/afschrift", org_a);
    nb_t_page_expect(&srv, &lezer_b, "GET", path, NULL, 200, &r);
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &mt, "GET", path, NULL, 200, &r);
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &mt, "GET", "/organisaties/999999/afschrift", NULL, 404, &r);
    nb_t_resp_free(&r);
}

static void test_statement_csv_is_the_apis(void **state)
{
    (void)state;
    static const char *const queries[] = {"", "?vanaf=&tot=", "?vanaf=2020-01-01",
                                          "?vanaf=2001-01-01&tot=2001-01-31"};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        nb_t_resp web, api;
        char path[128];
        snprintf(path, sizeof path, "/organisaties/%lld/afschrift.csv%s", org_a, queries[i]);
        nb_t_page_expect(&srv, &coord_a, "GET", path, NULL, 200, &web);
        memset(&api, 0, sizeof api);
        nb_t_reqf(&srv, &api, "GET", coord_a_token, NULL, "/api/v1%s", path);
        nb_t_assert_status(&api, 200);
        assert_string_equal(web.body, api.body);
        assert_non_null(strstr(web.body, "\xEF\xBB\xBF"
                                         "datum;"));
        if (i < 3)
            assert_non_null(strstr(web.body, "\"'=inleg; \"\"2026\"\"\""));
        assert_string_equal(nb_t_header(&web, "Content-Type"), "text/csv; charset=utf-8");
        char disp[128];
        snprintf(disp, sizeof disp, "%s", nb_t_header(&web, "Content-Disposition"));
        assert_string_equal(disp, nb_t_header(&api, "Content-Disposition"));
        nb_t_resp_free(&web);
        nb_t_resp_free(&api);
    }
}

/* The statement pages its lines (50 a page): each page opens with the
 * balance before its first line ("Beginsaldo") and closes with the balance
 * after its last ("Eindsaldo"); the period's figures are the whole period's
 * on every page; a page past the end shows the last; the CSV holds every
 * line. Before, the page wrote every line of the period (1 MB at demo size). */
static void test_statement_paged(void **state)
{
    (void)state;
    nb_t_resp r;
    char body[8192], path[128], cell[256];
    /* 120 deposits of one minute (100 cents at 60 euro an hour) for Bedum */
    for (int batch = 0; batch < 3; batch++) {
        size_t o = (size_t)snprintf(body, sizeof body, "{\"boekingen\":[");
        for (int i = 0; i < 40; i++)
            o += (size_t)snprintf(body + o, sizeof body - o,
                                  "%s{\"id\":\"pg-%d\",\"soort\":\"storting\","
                                  "\"creditOrganisatieId\":%lld,\"bedragCent\":100,"
                                  "\"omschrijving\":\"inleg %d\"}",
                                  i ? "," : "", batch * 40 + i, org_b, batch * 40 + i + 1);
        snprintf(body + o, sizeof body - o, "]}");
        memset(&r, 0, sizeof r);
        nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/boekingen");
        nb_t_assert_status(&r, 201);
        nb_t_resp_free(&r);
    }
#define BALANCE_ROW(name, hours) \
    name "</th><td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">" hours "</td>"
    /* no period asked: this year, page 1 */
    snprintf(path, sizeof path, "/organisaties/%lld/afschrift", org_b);
    nb_t_page_expect(&srv, &mt, "GET", path, NULL, 200, &r);
    nb_t_assert_has(&r, "Boekingen 1 tot en met 50 van 120 in de periode");
    nb_t_assert_has(&r, "Pagina 1 van 3");
    nb_t_assert_has(&r, BALANCE_ROW("Beginsaldo", "0 uur"));
    nb_t_assert_has(&r, BALANCE_ROW("Eindsaldo", "0,83 uur")); /* 50 minutes */
    nb_t_assert_has(&r, ">inleg 50<");
    nb_t_assert_lacks(&r, ">inleg 51<");
    nb_t_assert_has(&r, "rel=\"next\"");
    nb_t_assert_lacks(&r, "rel=\"prev\"");
    nb_t_assert_has(&r, ">2 uur<"); /* the period's Eindsaldo in the summary */
    nb_t_resp_free(&r);
    /* page 2: opens where page 1 closed */
    snprintf(path, sizeof path, "/organisaties/%lld/afschrift?vanaf=&tot=&pagina=2", org_b);
    nb_t_page_expect(&srv, &lezer_b, "GET", path, NULL, 200, &r);
    nb_t_assert_has(&r, "Boekingen 51 tot en met 100 van 120");
    nb_t_assert_has(&r, BALANCE_ROW("Beginsaldo", "0,83 uur"));
    nb_t_assert_has(&r, BALANCE_ROW("Eindsaldo", "1,67 uur"));
    nb_t_assert_has(&r, ">inleg 51<");
    nb_t_assert_lacks(&r, ">inleg 50<");
    nb_t_assert_has(&r, "rel=\"prev\"");
    snprintf(cell, sizeof cell,
             "href=\"/organisaties/%lld/afschrift?vanaf=&amp;tot=&amp;pagina=3\"", org_b);
    nb_t_assert_has(&r, cell);
    nb_t_resp_free(&r);
    /* past the end: the last page, closing with the period's balance */
    snprintf(path, sizeof path, "/organisaties/%lld/afschrift?vanaf=&tot=&pagina=99", org_b);
    nb_t_page_expect(&srv, &mt, "GET", path, NULL, 200, &r);
    nb_t_assert_has(&r, "Boekingen 101 tot en met 120 van 120");
    nb_t_assert_has(&r, BALANCE_ROW("Beginsaldo", "1,67 uur"));
    nb_t_assert_has(&r, BALANCE_ROW("Eindsaldo", "2 uur"));
    nb_t_assert_lacks(&r, "rel=\"next\"");
    nb_t_resp_free(&r);
    /* not a page number: page 1 */
    snprintf(path, sizeof path, "/organisaties/%lld/afschrift?pagina=x%%3Cb", org_b);
    nb_t_page_expect(&srv, &mt, "GET", path, NULL, 200, &r);
    nb_t_assert_has(&r, "Pagina 1 van 3");
    nb_t_resp_free(&r);
    /* the CSV: every line of the period */
    snprintf(path, sizeof path, "/organisaties/%lld/afschrift.csv?vanaf=&tot=", org_b);
    nb_t_page_expect(&srv, &mt, "GET", path, NULL, 200, &r);
    int lines = 0;
    for (const char *p = r.body; (p = strstr(p, ";inleg ")) != NULL; p++)
        lines++;
    assert_int_equal(lines, 120);
    assert_non_null(strstr(r.body, "eindsaldo;;;120;2,00\r\n"));
    nb_t_resp_free(&r);
#undef BALANCE_ROW
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_start_page),
        cmocka_unit_test(test_start_page_reads_well),
        cmocka_unit_test(test_start_page_many_waiting),
        cmocka_unit_test(test_people_list_and_filter),
        cmocka_unit_test(test_person_of_other_organisation),
        cmocka_unit_test(test_person_detail),
        cmocka_unit_test(test_edit_saves_and_audits),
        cmocka_unit_test(test_edit_bad_level_next_to_field),
        cmocka_unit_test(test_edit_more_rows_saves_nothing),
        cmocka_unit_test(test_edit_without_csrf_changes_nothing),
        cmocka_unit_test(test_edit_stale_version_refused),
        cmocka_unit_test(test_statement_page),
        cmocka_unit_test(test_statement_who_sees_what),
        cmocka_unit_test(test_statement_csv_is_the_apis),
        cmocka_unit_test(test_people_paging),
        cmocka_unit_test(test_statement_paged),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
