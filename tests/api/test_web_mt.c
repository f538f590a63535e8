/*
 * tests/api/test_web_mt.c — the Netwerk-MT's pages over real HTTP (issue 8
 * §4): /mt, /teamvoorstellen (list, make, detail, accept), /grootboek (+ the
 * control check), /stortingen, /instellingen, /perioden, /gebruikers, as a
 * logged-in beheer user (TOTP included, web_session.c) and as a coordinator
 * who gets 403 on every one of them. Checks CSRF refusal, 422 forms with the
 * error next to the field, the effect of good forms through the JSON API,
 * escaping of stored names, and that accepting a proposal for an organisation
 * that did not consent is refused (409) naming it, with nothing written.
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
#define XSS_FORM "%%3Cscript%%3Ealert(1)%%3C%%2Fscript%%3E" /* for snprintf */

static nb_t_server srv;
static char *beheer;
static nb_t_web mt, coord;
static long long org_a, org_x, comp, p1, p2, asg_ok, asg_nc, asg_sub;

static void expect(nb_t_resp *r, long status)
{
    if (r->status != status)
        fail_msg("status %ld, want %ld: %.2000s", r->status, status, r->body);
}

static void has(const nb_t_resp *r, const char *text)
{
    if (strstr(r->body, text) == NULL)
        fail_msg("missing %s in: %.3000s", text, r->body);
}

static void page(const nb_t_web *w, const char *method, const char *path, const char *form,
                 long status, nb_t_resp *r)
{
    memset(r, 0, sizeof *r);
    nb_t_page(&srv, w, method, path, form, r);
    expect(r, status);
}

static long long num(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static long long mk_person(long long org, const char *name, const char *email)
{
    char body[640];
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"%s\",\"email\":\"%s\",\"schaal\":11,"
             "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":960,"
             "\"competenties\":[{\"competentieId\":%lld,\"niveau\":4}]}",
             org, name, email, comp);
    return nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
}

/* An assignment of org with one line, moved to status (NULL = concept);
 * consent: the requester agrees to be charged (DOMAIN rule 9). */
static long long mk_assignment(long long org, const char *title, const char *status, int consent)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"titel\":\"%s\",\"soort\":\"lokaal\",\"werksoort\":\"verandering\","
             "\"startdatum\":\"2030-01-07\",\"einddatum\":\"2030-03-31\","
             "\"bestuurlijkOpdrachtgever\":\"wethouder Van Dam\",\"ambtelijkOpdrachtgeverId\":%lld,"
             "\"aanvragers\":[{\"organisatieId\":%lld}],"
             "\"regels\":[{\"competentieId\":%lld,\"minimumNiveau\":2,\"minuten\":960}]}",
             title, org == org_a ? p1 : p2, org, comp);
    long long id = nb_t_create(&srv, "/api/v1/opdrachten", beheer, body);
    if (consent)
        nb_t_consent_all(&srv, beheer, id);
    const char *path[] = {"ingediend", "geaccepteerd"};
    for (int i = 0; status && i < 2; i++) {
        nb_t_resp r;
        char b[64];
        snprintf(b, sizeof b, "{\"status\":\"%s\"}", path[i]);
        nb_t_reqf(&srv, &r, "PUT", beheer, b, "/api/v1/opdrachten/%lld/status", id);
        expect(&r, 200);
        nb_t_resp_free(&r);
        if (strcmp(path[i], status) == 0)
            break;
    }
    return id;
}

static int setup(void **state)
{
    (void)state;
    if (nb_t_start_beheer(&srv, &beheer) != 0)
        return -1;
    org_a = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\","
                        "\"kredietlijnMinuten\":100000}");
    org_x = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0590\",\"soort\":\"gemeente\",\"naam\":\"" XSS "\","
                        "\"kredietlijnMinuten\":100000}");
    comp = nb_t_create(&srv, "/api/v1/competenties", beheer,
                       "{\"code\":\"SOC-JEUGD\",\"naam\":\"Jeugdzorg\",\"domein\":\"sociaal\"}");
    p1 = mk_person(org_a, "Anna de Vries", "anna@dordrecht.nl");
    p2 = mk_person(org_x, "Bram " XSS, "bram@papendrecht.nl");
    if (nb_t_web_session(&srv, "mt1", "beheer", 0, 0, &mt) != 0 ||
        nb_t_web_session(&srv, "coord1", "coordinator", org_a, 0, &coord) != 0)
        return -1;
    return org_a > 0 && org_x > 0 && p1 > 0 && p2 > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return nb_t_stop_beheer(&srv, &beheer);
}

/* ---- tests ------------------------------------------------------------------ */

/* A coordinator gets 403 on every MT page, and its posts change nothing. */
static void test_coordinator_refused_everywhere(void **state)
{
    (void)state;
    static const char *const gets[] = {"/mt",        "/teamvoorstellen", "/teamvoorstellen/1",
                                       "/grootboek", "/stortingen",      "/instellingen",
                                       "/perioden",  "/gebruikers"};
    static const char *const posts[][2] = {
        {"/teamvoorstellen", "opdracht-1=1"},
        {"/teamvoorstellen/1/acceptatie", "alles=1"},
        {"/grootboek/controle", "x=1"},
        {"/stortingen", "organisatie=1&bedrag=100&omschrijving=x"},
        {"/instellingen", "uurtarief=1&verdeelsleutel=gelijk"},
        {"/perioden", "maand=2020-02"},
        {"/gebruikers", "gebruikersnaam=evil&rol=beheer&wachtwoord=abcdefghijkl123"},
        {"/gebruikers/1/blokkeren", "x=1"},
        {"/gebruikers/1/wachtwoord", "wachtwoord-1=abcdefghijkl123"},
    };
    nb_t_resp r;
    for (size_t i = 0; i < sizeof gets / sizeof gets[0]; i++) {
        page(&coord, "GET", gets[i], NULL, 403, &r);
        nb_t_resp_free(&r);
    }
    for (size_t i = 0; i < sizeof posts / sizeof posts[0]; i++) {
        page(&coord, "POST", posts[i][0], posts[i][1], 403, &r);
        nb_t_resp_free(&r);
    }
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/perioden");
    expect(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 0);
    nb_t_resp_free(&r);
    /* and the MT's nav rows are not in a coordinator's navigation */
    page(&coord, "GET", "/netwerk", NULL, 200, &r);
    assert_null(strstr(r.body, "href=\"/grootboek\""));
    nb_t_resp_free(&r);
}

/* The start page: empty states first, then what needs action (escaped). */
static void test_start_page(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&mt, "GET", "/mt", NULL, 200, &r);
    has(&r, "Geen opdrachten wachten op intake");
    has(&r, "Er is nog geen controle uitgevoerd");
    has(&r, "Geen uren wachten langer dan 7 dagen");
    has(&r, "Geen organisatie zit binnen 20");
    nb_t_resp_free(&r);
    asg_sub = mk_assignment(org_x, "Intake " XSS, "ingediend", 1);
    page(&mt, "GET", "/mt", NULL, 200, &r);
    char link[64];
    snprintf(link, sizeof link, "href=\"/opdrachten/%lld\"", asg_sub);
    has(&r, link);
    has(&r, "Intake " XSS_ESC);
    assert_null(strstr(r.body, XSS));
    has(&r, "1 opdracht wacht op intake");
    nb_t_resp_free(&r);
    /* beheer starts here after logging in */
    assert_non_null(strstr(mt.login, "mt1"));
}

/* A form without (or with a wrong) CSRF token is refused and changes nothing. */
static void test_csrf_refused(void **state)
{
    (void)state;
    nb_t_web bad = mt;
    snprintf(bad.csrf, sizeof bad.csrf, "%s", "ongeldig-token-ongeldig-token-ongeldig-tok");
    nb_t_resp r;
    page(&bad, "POST", "/instellingen", "uurtarief=12,00&verdeelsleutel=gelijk", 403, &r);
    nb_t_resp_free(&r);
    bad.csrf[0] = '\0'; /* no token at all */
    page(&bad, "POST", "/perioden", "maand=2020-03", 403, &r);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/netwerk/instellingen");
    expect(&r, 200);
    assert_true(json_is_null(json_object_get(r.json, "uurtariefCent")));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/perioden");
    assert_int_equal(num(r.json, "totaal"), 0);
    nb_t_resp_free(&r);
}

/* Settings: 422 with the error at the field and the typed value kept; a good
 * form sets what PUT /netwerk/instellingen sets. Deposits then convert. */
static void test_settings_and_deposit(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&mt, "POST", "/stortingen", "organisatie=1&bedrag=850,00&omschrijving=F-0", 422, &r);
    has(&r, "uurtarief is niet ingesteld");
    nb_t_resp_free(&r);
    page(&mt, "POST", "/instellingen", "uurtarief=veel&verdeelsleutel=gelijk", 422, &r);
    has(&r, "id=\"uurtarief-fout\"");
    has(&r, "aria-invalid=\"true\"");
    has(&r, "value=\"veel\"");
    has(&r, "href=\"#uurtarief\"");
    nb_t_resp_free(&r);
    page(&mt, "POST", "/instellingen", "uurtarief=85,00&verdeelsleutel=gelijk", 303, &r);
    assert_string_equal(nb_t_header(&r, "Location"), "/instellingen");
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/netwerk/instellingen");
    assert_int_equal(num(r.json, "uurtariefCent"), 8500);
    assert_string_equal(json_string_value(json_object_get(r.json, "verdeelsleutel")), "gelijk");
    nb_t_resp_free(&r);
    page(&mt, "GET", "/instellingen", NULL, 200, &r);
    has(&r, "value=\"85,00\"");
    nb_t_resp_free(&r);

    /* deposits */
    page(&mt, "GET", "/stortingen", NULL, 200, &r);
    has(&r, "Er zijn nog geen stortingen geboekt");
    has(&r, XSS_ESC); /* the organisation in the select */
    assert_null(strstr(r.body, XSS));
    nb_t_resp_free(&r);
    char form[160];
    snprintf(form, sizeof form, "organisatie=%lld&bedrag=1,x&omschrijving=F-1", org_a);
    page(&mt, "POST", "/stortingen", form, 422, &r);
    has(&r, "id=\"bedrag-fout\"");
    nb_t_resp_free(&r);
    snprintf(form, sizeof form, "organisatie=%lld&bedrag=850,00&omschrijving=F-1", org_a);
    page(&mt, "POST", "/stortingen", form, 303, &r);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/organisaties/%lld/saldo", org_a);
    expect(&r, 200);
    assert_int_equal(num(r.json, "saldoMinuten"), 600); /* € 850 at € 85 an hour: 10 hours */
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/auditlog?entiteit=boeking");
    expect(&r, 200);
    assert_true(num(r.json, "totaal") >= 1);
    nb_t_resp_free(&r);
    page(&mt, "GET", "/stortingen", NULL, 200, &r);
    has(&r, "850,00");
    has(&r, "10 uur");
    nb_t_resp_free(&r);
}

/* Periods: a bad month is 422; a good one closes it, as POST /perioden does. */
static void test_periods(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&mt, "GET", "/perioden", NULL, 200, &r);
    has(&r, "Er is nog geen periode afgesloten");
    nb_t_resp_free(&r);
    page(&mt, "POST", "/perioden", "maand=2020-13", 422, &r);
    has(&r, "id=\"maand-fout\"");
    nb_t_resp_free(&r);
    page(&mt, "POST", "/perioden", "maand=2020-02", 303, &r);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/perioden");
    assert_int_equal(num(r.json, "totaal"), 1);
    json_t *p = json_array_get(json_object_get(r.json, "items"), 0);
    if (p == NULL)
        p = json_array_get(json_object_get(json_object_get(r.json, "_embedded"), "perioden"), 0);
    assert_string_equal(json_string_value(json_object_get(p, "van")), "2020-02-01");
    assert_string_equal(json_string_value(json_object_get(p, "tot")), "2020-02-29");
    nb_t_resp_free(&r);
    page(&mt, "GET", "/perioden", NULL, 200, &r);
    has(&r, "29 februari 2020");
    nb_t_resp_free(&r);
}

/* Users: create (name escaped), a weak password is 422, disable, new password. */
static void test_users(void **state)
{
    (void)state;
    nb_t_resp r;
    char form[400];
    snprintf(form, sizeof form,
             "gebruikersnaam=lezer9&naam=" XSS_FORM "&rol=lezer&organisatie=%lld&medewerker="
             "&wachtwoord=kort",
             org_a);
    page(&mt, "POST", "/gebruikers", form, 422, &r);
    has(&r, "id=\"wachtwoord-fout\"");
    has(&r, "value=\"lezer9\"");
    assert_null(strstr(r.body, "value=\"kort\""));
    nb_t_resp_free(&r);
    snprintf(form, sizeof form,
             "gebruikersnaam=lezer9&naam=" XSS_FORM "&rol=lezer&organisatie=%lld&medewerker="
             "&wachtwoord=een-lang-wachtwoord-9",
             org_a);
    page(&mt, "POST", "/gebruikers", form, 303, &r);
    nb_t_resp_free(&r);
    page(&mt, "POST", "/gebruikers", form, 422, &r); /* the name is taken now */
    has(&r, "al in gebruik");
    nb_t_resp_free(&r);
    page(&mt, "GET", "/gebruikers", NULL, 200, &r);
    has(&r, "lezer9");
    has(&r, XSS_ESC);
    assert_null(strstr(r.body, XSS));
    /* the id of lezer9: the form action before its name in the list */
    const char *at = strstr(r.body, "lezer9");
    const char *act = strstr(at, "action=\"/gebruikers/");
    assert_non_null(act);
    long long id = strtoll(act + strlen("action=\"/gebruikers/"), NULL, 10);
    assert_true(id > 0);
    nb_t_resp_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/gebruikers/%lld/wachtwoord", id);
    snprintf(form, sizeof form, "wachtwoord-%lld=kort", id);
    page(&mt, "POST", path, form, 422, &r);
    nb_t_resp_free(&r);
    snprintf(form, sizeof form, "wachtwoord-%lld=nog-een-lang-wachtwoord", id);
    page(&mt, "POST", path, form, 303, &r);
    nb_t_resp_free(&r);
    snprintf(path, sizeof path, "/gebruikers/%lld/blokkeren", id);
    page(&mt, "POST", path, "bevestig=1", 303, &r);
    nb_t_resp_free(&r);
    page(&mt, "GET", "/gebruikers", NULL, 200, &r);
    has(&r, "geblokkeerd");
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/auditlog?entiteit=user");
    expect(&r, 200);
    assert_true(num(r.json, "totaal") >= 3); /* create, password, disable (plus the test users) */
    nb_t_resp_free(&r);
    /* beheer cannot lock himself out */
    snprintf(path, sizeof path, "/gebruikers/%lld/blokkeren", mt.user_id);
    page(&mt, "POST", path, "bevestig=1", 409, &r);
    nb_t_resp_free(&r);
}

/* The id after "prefix" in the body of r (0 when absent). */
static long long id_after(const nb_t_resp *r, const char *prefix)
{
    const char *p = strstr(r->body, prefix);
    return p ? strtoll(p + strlen(prefix), NULL, 10) : 0;
}

/* Make a proposal for an accepted assignment, read it, accept all lines. */
static void test_proposal_make_and_accept(void **state)
{
    (void)state;
    nb_t_resp r;
    asg_ok = mk_assignment(org_a, "Jeugdhulp herijken", "geaccepteerd", 1);
    page(&mt, "GET", "/teamvoorstellen", NULL, 200, &r);
    has(&r, "Er zijn nog geen teamvoorstellen");
    char box[64];
    snprintf(box, sizeof box, "name=\"opdracht-%lld\"", asg_ok);
    has(&r, box);
    nb_t_resp_free(&r);
    page(&mt, "POST", "/teamvoorstellen", "niets=1", 422, &r);
    has(&r, "Kies ten minste één opdracht");
    has(&r, "href=\"#opdrachten\"");
    nb_t_resp_free(&r);
    char form[64];
    snprintf(form, sizeof form, "opdracht-%lld=1", asg_ok);
    page(&mt, "POST", "/teamvoorstellen", form, 303, &r);
    const char *loc = nb_t_header(&r, "Location");
    assert_non_null(loc);
    assert_int_equal(strncmp(loc, "/teamvoorstellen/", 17), 0);
    char path[96];
    snprintf(path, sizeof path, "%s", loc);
    long long pid = strtoll(path + 17, NULL, 10);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/teamvoorstellen/%lld", pid);
    const char *name = json_string_value(json_object_get(
        json_object_get(json_array_get(json_object_get(r.json, "inzet"), 0), "medewerker"),
        "naam"));
    assert_non_null(name);
    char who[256]; /* a copy: the response is freed below */
    snprintf(who, sizeof who, "%s", name);
    int xss = strstr(who, "<") != NULL;
    nb_t_resp_free(&r);
    page(&mt, "GET", path, NULL, 200, &r);
    has(&r, xss ? "Bram " XSS_ESC : who); /* the proposed person, escaped */
    assert_null(strstr(r.body, XSS));
    /* the person links to its page, which shows the number /gebruikers asks for */
    char person[64];
    snprintf(person, sizeof person, "href=\"/medewerkers/%lld\"", xss ? p2 : p1);
    has(&r, person);
    long long line = id_after(&r, "name=\"regel-");
    assert_true(line > 0);
    has(&r, "Redenen");
    nb_t_resp_free(&r);
    /* nothing chosen: 422 */
    char action[96];
    snprintf(action, sizeof action, "/teamvoorstellen/%lld/acceptatie", pid);
    page(&mt, "POST", action, "niets=1", 422, &r);
    has(&r, "Kies ten minste één regel");
    nb_t_resp_free(&r);
    snprintf(form, sizeof form, "regel-%lld=1", line);
    page(&mt, "POST", action, form, 303, &r);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/teamvoorstellen/%lld", pid);
    expect(&r, 200);
    json_t *l0 = json_array_get(json_object_get(r.json, "inzet"), 0);
    assert_true(json_is_true(json_object_get(l0, "geaccepteerd")));
    assert_true(num(l0, "inzetId") > 0);
    nb_t_resp_free(&r);
    /* again: already accepted, a readable 409 */
    page(&mt, "POST", action, form, 409, &r);
    has(&r, "al geaccepteerd");
    nb_t_resp_free(&r);
    page(&mt, "GET", "/teamvoorstellen", NULL, 200, &r);
    snprintf(form, sizeof form, "href=\"/teamvoorstellen/%lld\"", pid);
    has(&r, form);
    nb_t_resp_free(&r);
}

/* Accepting lines charged to an organisation that did not consent: 409
 * "Instemming ontbreekt" naming it (escaped), nothing written (rule 9). */
static void test_accept_without_consent_refused(void **state)
{
    (void)state;
    nb_t_resp r;
    asg_nc = mk_assignment(org_x, "Zonder instemming", "geaccepteerd", 0);
    char form[64];
    snprintf(form, sizeof form, "opdracht-%lld=1", asg_nc);
    page(&mt, "POST", "/teamvoorstellen", form, 303, &r);
    char path[96];
    snprintf(path, sizeof path, "%s", nb_t_header(&r, "Location"));
    long long pid = strtoll(path + 17, NULL, 10);
    nb_t_resp_free(&r);
    page(&mt, "GET", path, NULL, 200, &r);
    assert_true(id_after(&r, "name=\"regel-") > 0);
    nb_t_resp_free(&r);
    char action[96];
    snprintf(action, sizeof action, "/teamvoorstellen/%lld/acceptatie", pid);
    page(&mt, "POST", action, "alles=1", 409, &r);
    has(&r, "Instemming ontbreekt");
    has(&r, XSS_ESC " (GM0590)");
    assert_null(strstr(r.body, XSS));
    has(&r, "role=\"alert\"");
    has(&r, "name=\"regel-"); /* the lines are still open on the page */
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/teamvoorstellen/%lld", pid);
    assert_string_equal(json_string_value(json_object_get(r.json, "status")), "concept");
    assert_false(json_is_true(
        json_object_get(json_array_get(json_object_get(r.json, "inzet"), 0), "geaccepteerd")));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet?opdrachtId=%lld", asg_nc);
    expect(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 0);
    nb_t_resp_free(&r);
}

/* The make form lists only assignments that still need people, with a
 * search when there are many; "per maand plannen" makes a proposal planned
 * per calendar month whose page shows the load per person and month and the
 * shortages per month (issue 13); without it the page says one window. */
static void test_proposal_per_month(void **state)
{
    (void)state;
    nb_t_resp r;
    char form[160], box[64];
    long long asg_m = mk_assignment(org_a, "Maandplanning wijkteams", "geaccepteerd", 1);
    long long asg_full = mk_assignment(org_a, "Al bemenst", "geaccepteerd", 1);
    /* staff asg_full completely through the API */
    snprintf(form, sizeof form, "{\"opdrachtIds\":[%lld]}", asg_full);
    nb_t_reqf(&srv, &r, "POST", beheer, form, "/api/v1/teamvoorstellen");
    expect(&r, 201);
    long long full_pid = num(r.json, "id");
    assert_int_equal(num(json_object_get(r.json, "samenvatting"), "tekortMinuten"), 0);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"alles\":true}",
              "/api/v1/teamvoorstellen/%lld/acceptatie", full_pid);
    expect(&r, 200);
    nb_t_resp_free(&r);

    page(&mt, "GET", "/teamvoorstellen", NULL, 200, &r);
    snprintf(box, sizeof box, "name=\"opdracht-%lld\"", asg_m);
    has(&r, box);
    has(&r, "Maandplanning wijkteams (geaccepteerd): nog 16 uur open op 1 regel");
    snprintf(box, sizeof box, "name=\"opdracht-%lld\"", asg_full);
    assert_null(strstr(r.body, box)); /* fully staffed: not offered */
    has(&r, "name=\"perMaand\"");
    has(&r, "Per maand plannen");
    assert_null(strstr(r.body, "name=\"zoek\"")); /* few: no search */
    nb_t_resp_free(&r);

    /* many: a search; it narrows the list and is kept by the make form */
    for (int i = 0; i < 10; i++) {
        char title[64];
        snprintf(title, sizeof title, "Extra opdracht %d", i);
        (void)mk_assignment(org_a, title, "geaccepteerd", 1);
    }
    page(&mt, "GET", "/teamvoorstellen", NULL, 200, &r);
    has(&r, "name=\"zoek\"");
    nb_t_resp_free(&r);
    page(&mt, "GET", "/teamvoorstellen?zoek=MAANDPLAN", NULL, 200, &r);
    snprintf(box, sizeof box, "name=\"opdracht-%lld\"", asg_m);
    has(&r, box);
    assert_null(strstr(r.body, "Extra opdracht"));
    has(&r, "value=\"MAANDPLAN\"");
    nb_t_resp_free(&r);
    page(&mt, "GET", "/teamvoorstellen?zoek=bestaat-niet", NULL, 200, &r);
    has(&r, "past bij deze zoekterm");
    nb_t_resp_free(&r);

    /* a bad form keeps the option */
    page(&mt, "POST", "/teamvoorstellen", "perMaand=1", 422, &r);
    has(&r, "aria-describedby=\"perMaand-uitleg\" checked");
    nb_t_resp_free(&r);

    /* per month */
    snprintf(form, sizeof form, "opdracht-%lld=1&perMaand=1", asg_m);
    page(&mt, "POST", "/teamvoorstellen", form, 303, &r);
    char path[96];
    snprintf(path, sizeof path, "%s", nb_t_header(&r, "Location"));
    long long pid = strtoll(path + 17, NULL, 10);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/teamvoorstellen/%lld", pid);
    assert_true(json_is_true(json_object_get(r.json, "perMaand")));
    assert_true(json_array_size(json_object_get(r.json, "belastingPerMaand")) >= 1);
    nb_t_resp_free(&r);
    page(&mt, "GET", path, NULL, 200, &r);
    has(&r, "Per maand gepland");
    has(&r, "Belasting per maand");
    has(&r, ">januari 2030</th>");
    has(&r, ">februari 2030</th>");
    has(&r, ">maart 2030</th>");
    has(&r, " van "); /* "x uur van y uur" */
    has(&r, "Tekorten per maand");
    has(&r, "Geen tekorten: in elke maand");
    assert_null(strstr(r.body, XSS));
    nb_t_resp_free(&r);

    /* one window: said so, no month tables */
    snprintf(form, sizeof form, "opdracht-%lld=1", asg_m);
    page(&mt, "POST", "/teamvoorstellen", form, 303, &r);
    snprintf(path, sizeof path, "%s", nb_t_header(&r, "Location"));
    nb_t_resp_free(&r);
    page(&mt, "GET", path, NULL, 200, &r);
    has(&r, "Gepland over één venster");
    assert_null(strstr(r.body, "Belasting per maand"));
    nb_t_resp_free(&r);
}

/* The ledger overview: chart and table with the same names, statement links;
 * the control check lands on the start page. */
static void test_ledger_and_check(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&mt, "GET", "/grootboek", NULL, 200, &r);
    has(&r, "role=\"img\"");
    has(&r, "<title id=\"grafiek-titel\">");
    has(&r, "<table");
    char link[64];
    snprintf(link, sizeof link, "href=\"/organisaties/%lld/afschrift\"", org_x);
    has(&r, link);
    has(&r, "nb-chart__label\">" XSS_ESC "</text>");
    assert_null(strstr(r.body, XSS));
    nb_t_resp_free(&r);
    page(&mt, "POST", "/grootboek/controle", "x=1", 303, &r);
    assert_string_equal(nb_t_header(&r, "Location"), "/mt");
    nb_t_resp_free(&r);
    page(&mt, "GET", "/mt", NULL, 200, &r);
    has(&r, "in orde");
    has(&r, "Laatste controle");
    nb_t_resp_free(&r);
    /* /netwerk still draws the same chart, without the statement links */
    page(&mt, "GET", "/netwerk", NULL, 200, &r);
    has(&r, "role=\"img\"");
    assert_null(strstr(r.body, "/afschrift"));
    nb_t_resp_free(&r);
}

/* More submitted assignments than the start page shows: it links them all,
 * so the newest (not among the ten oldest shown) is one click away. */
static void test_start_page_links_all_submitted(void **state)
{
    (void)state;
    nb_t_resp r;
    long long newest = 0;
    for (int i = 0; i < 11; i++)
        newest = mk_assignment(org_a, "Intake in de rij", "ingediend", 1);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/opdrachten?status=ingediend");
    expect(&r, 200);
    long long total = num(r.json, "totaal");
    nb_t_resp_free(&r);
    assert_true(total > 10);
    page(&mt, "GET", "/mt", NULL, 200, &r);
    char text[96];
    snprintf(text, sizeof text, "href=\"/opdrachten/%lld\"", newest);
    assert_null(strstr(r.body, text)); /* not among the ten oldest */
    snprintf(text, sizeof text, "href=\"/opdrachten?status=ingediend\">Alle %lld ingediende",
             total);
    has(&r, text);
    nb_t_resp_free(&r);
    page(&mt, "GET", "/opdrachten?status=ingediend&zoek=Intake+in+de+rij", NULL, 200, &r);
    snprintf(text, sizeof text, "href=\"/opdrachten/%lld\"", newest);
    has(&r, text);
    nb_t_resp_free(&r);
}

/* The external hourly rate on /instellingen: its error next to the field
 * with what was typed kept (422, nothing stored), a good value stored as PUT
 * /netwerk/instellingen stores it (audited), shown again, emptied: not set. */
static void test_external_rate(void **state)
{
    (void)state;
    nb_t_resp r;
    page(&mt, "POST", "/instellingen", "uurtarief=85,00&verdeelsleutel=gelijk&extern=duur", 422,
         &r);
    has(&r, "id=\"extern-fout\"");
    has(&r, "Vul het externe uurtarief in euro in");
    has(&r, "value=\"duur\"");
    has(&r, "href=\"#extern\"");
    nb_t_resp_free(&r);
    page(&mt, "POST", "/instellingen", "uurtarief=85,00&verdeelsleutel=gelijk&extern=0", 422, &r);
    has(&r, "id=\"extern-fout\"");
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/netwerk/instellingen");
    assert_true(json_is_null(json_object_get(r.json, "externUurtariefCent")));
    nb_t_resp_free(&r);
    page(&mt, "POST", "/instellingen", "uurtarief=85,00&verdeelsleutel=gelijk&extern=132,50", 303,
         &r);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/netwerk/instellingen");
    assert_int_equal(num(r.json, "externUurtariefCent"), 13250);
    assert_int_equal(num(r.json, "uurtariefCent"), 8500);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/auditlog?entiteit=netwerkinstellingen");
    char *text = json_dumps(r.json, 0);
    assert_non_null(strstr(text, "\"externUurtariefCent\": 13250"));
    free(text);
    nb_t_resp_free(&r);
    page(&mt, "GET", "/instellingen", NULL, 200, &r);
    has(&r, "Extern uurtarief in euro per uur");
    has(&r, "value=\"132,50\"");
    nb_t_resp_free(&r);
    page(&mt, "POST", "/instellingen", "uurtarief=85,00&verdeelsleutel=gelijk&extern=", 303, &r);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/netwerk/instellingen");
    assert_true(json_is_null(json_object_get(r.json, "externUurtariefCent")));
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coordinator_refused_everywhere),
        cmocka_unit_test(test_start_page),
        cmocka_unit_test(test_csrf_refused),
        cmocka_unit_test(test_settings_and_deposit),
        cmocka_unit_test(test_external_rate),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_users),
        cmocka_unit_test(test_proposal_make_and_accept),
        cmocka_unit_test(test_accept_without_consent_refused),
        cmocka_unit_test(test_proposal_per_month),
        cmocka_unit_test(test_ledger_and_check),
        cmocka_unit_test(test_start_page_links_all_submitted),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
