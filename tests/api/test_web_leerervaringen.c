/*
 * tests/api/test_web_leerervaringen.c — lessons learned in the pages over
 * real HTTP (issue 11 §2): the form on an assignment's page for whoever may
 * write (a participant here), the lesson shown escaped with its role and
 * organisation and without a name, the errors next to the fields with what
 * was typed kept (422), no form and a 403 for another organisation's
 * coordinator, 409 for a concept, a POST without CSRF token that changes
 * nothing, and the overview /leerervaringen per category with its filter
 * (a bad date is a 422 next to the field; a medewerker gets 403).
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
#define XSS_FORM "%3Cscript%3Ealert(1)%3C%2Fscript%3E"

static nb_t_server srv;
static char *beheer;
static long long org_a, org_b, comp, pa, pc, asg, concept;
static nb_t_web med_a, coord_b, lezer_a, mt;

static long long num(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static long long person(const char *name, const char *email)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"%s\",\"email\":\"%s\",\"schaal\":10,"
             "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":960,"
             "\"competenties\":[{\"competentieId\":%lld,\"niveau\":4}]}",
             org_a, name, email, comp);
    return nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
}

static void api(const char *method, const char *path, const char *body, long status)
{
    nb_t_resp r = {0};
    nb_t_reqf(&srv, &r, method, beheer, body, "%s", path);
    nb_t_assert_status(&r, status);
    nb_t_resp_free(&r);
}

static long long mk_asg(const char *title)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"titel\":\"%s\",\"soort\":\"lokaal\",\"werksoort\":\"regulier\","
             "\"startdatum\":\"2025-01-01\",\"einddatum\":\"2030-12-31\","
             "\"bestuurlijkOpdrachtgever\":\"Wethouder Smit\",\"ambtelijkOpdrachtgeverId\":%lld,"
             "\"aanvragers\":[{\"organisatieId\":%lld}],\"regels\":[{\"competentieId\":%lld,"
             "\"minimumNiveau\":2,\"minuten\":6000}]}",
             title, pc, org_a, comp);
    return nb_t_create(&srv, "/api/v1/opdrachten", beheer, body);
}

static int setup(void **state)
{
    (void)state;
    if (nb_t_start_beheer(&srv, &beheer) != 0)
        return -1;
    org_a = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0001\",\"soort\":\"gemeente\",\"naam\":\"Aadorp\","
                        "\"inwoners\":1000,\"kredietlijnMinuten\":100000}");
    org_b = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0002\",\"soort\":\"gemeente\",\"naam\":\"Bedum\"}");
    comp = nb_t_create(&srv, "/api/v1/competenties", beheer,
                       "{\"code\":\"SOC-J\",\"naam\":\"Jeugd\",\"domein\":\"sociaal\"}");
    pa = person("Anna Aan", "anna@aadorp.nl");
    pc = person("Carla Chef", "carla@aadorp.nl");
    asg = mk_asg("Jeugdbeleid herijken");
    char path[96], body[256];
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld/status", asg);
    api("PUT", path, "{\"status\":\"ingediend\"}", 200);
    api("PUT", path, "{\"status\":\"geaccepteerd\"}", 200);
    nb_t_consent_all(&srv, beheer, asg);
    nb_t_resp r = {0};
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld", asg);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "%s", path);
    long long line = num(json_array_get(json_object_get(r.json, "regels"), 0), "id");
    nb_t_resp_free(&r);
    snprintf(body, sizeof body,
             "{\"opdrachtId\":%lld,\"regelId\":%lld,\"medewerkerId\":%lld,\"minuten\":600}", asg,
             line, pa);
    long long inzet = nb_t_create(&srv, "/api/v1/inzetten", beheer, body);
    snprintf(path, sizeof path, "/api/v1/inzetten/%lld/status", inzet);
    api("PUT", path, "{\"status\":\"bevestigd\"}", 200);
    concept = mk_asg("Nog een concept");
    if (nb_t_web_session(&srv, "med-a", "medewerker", org_a, pa, &med_a) != 0 ||
        nb_t_web_session(&srv, "coord-b", "coordinator", org_b, 0, &coord_b) != 0 ||
        nb_t_web_session(&srv, "lezer-a", "lezer", org_a, 0, &lezer_a) != 0 ||
        nb_t_web_session(&srv, "mt1", "beheer", 0, 0, &mt) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return nb_t_stop_beheer(&srv, &beheer);
}

static long long lessons_total(void)
{
    nb_t_resp r = {0};
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/leerervaringen");
    long long n = num(r.json, "totaal");
    nb_t_resp_free(&r);
    return n;
}

static void test_participant_writes_a_lesson(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[96], action[96], form[512];
    snprintf(path, sizeof path, "/opdrachten/%lld", asg);
    snprintf(action, sizeof action, "/opdrachten/%lld/leerervaringen", asg);
    nb_t_page_expect(&srv, &med_a, "GET", path, NULL, 200, &r);
    nb_t_assert_has(&r, "Er zijn nog geen leerervaringen bij deze opdracht.");
    nb_t_assert_has(&r, "Leerervaring vastleggen");
    nb_t_assert_has(&r, "U schrijft als Deelnemer");
    nb_t_resp_free(&r);
    /* nothing filled in: the error next to the field, the category kept */
    nb_t_page_expect(&srv, &med_a, "POST", action,
                     "categorie=inhoud&watGingGoed=+&watKanBeter=", 422, &r);
    nb_t_assert_has(&r, "Vul in wat goed ging, wat beter kan, of allebei.");
    nb_t_assert_has(&r, "value=\"inhoud\" selected");
    nb_t_assert_has(&r, "aria-invalid=\"true\"");
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &med_a, "POST", action, "categorie=&watGingGoed=x", 422, &r);
    nb_t_assert_has(&r, "Kies een categorie");
    nb_t_resp_free(&r);
    assert_int_equal(lessons_total(), 0);
    /* without the CSRF token nothing is stored */
    nb_t_web no_token = med_a;
    no_token.csrf[0] = '\0';
    nb_t_page_expect(&srv, &no_token, "POST", action, "categorie=proces&watGingGoed=x", 403, &r);
    nb_t_resp_free(&r);
    assert_int_equal(lessons_total(), 0);
    snprintf(form, sizeof form, "%s",
             "categorie=samenwerking&watGingGoed=" XSS_FORM "&watKanBeter=Eerder+afstemmen");
    nb_t_page_expect(&srv, &med_a, "POST", action, form, 303, &r);
    nb_t_assert_flash(&r, NB_WEB_FLASH_LESSON);
    nb_t_resp_free(&r);
    assert_int_equal(lessons_total(), 1);
    nb_t_page_expect(&srv, &med_a, "GET", path, NULL, 200, &r);
    nb_t_assert_has(&r, XSS_ESC);
    nb_t_assert_lacks(&r, XSS);
    nb_t_assert_has(&r, "Eerder afstemmen");
    nb_t_assert_has(&r, "Deelnemer, Aadorp");
    nb_t_assert_has(&r, "Samenwerking");
    nb_t_resp_free(&r);
}

static void test_who_may_not(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[96], action[96];
    snprintf(path, sizeof path, "/opdrachten/%lld", asg);
    snprintf(action, sizeof action, "/opdrachten/%lld/leerervaringen", asg);
    nb_t_page_expect(&srv, &coord_b, "GET", path, NULL, 200, &r);
    nb_t_assert_lacks(&r, "Leerervaring vastleggen");
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &coord_b, "POST", action, "categorie=proces&watGingGoed=x", 403, &r);
    nb_t_assert_has(&r, "Alleen een coördinator van een aanvragende organisatie");
    nb_t_resp_free(&r);
    snprintf(action, sizeof action, "/opdrachten/%lld/leerervaringen", concept);
    nb_t_page_expect(&srv, &mt, "POST", action, "categorie=proces&watGingGoed=x", 409, &r);
    nb_t_assert_has(&r, "Een concept heeft nog geen leerervaringen");
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &lezer_a, "POST", "/opdrachten/1/leerervaringen",
                     "categorie=proces&watGingGoed=x", 403, &r);
    nb_t_resp_free(&r);
}

static void test_overview(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_page_expect(&srv, &lezer_a, "GET", "/leerervaringen", NULL, 200, &r);
    nb_t_assert_has(&r, "Per categorie");
    nb_t_assert_has(&r, "Jeugdbeleid herijken");
    nb_t_assert_has(&r, XSS_ESC);
    nb_t_assert_lacks(&r, "Anna Aan");
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &lezer_a, "GET", "/leerervaringen?categorie=proces", NULL, 200, &r);
    nb_t_assert_has(&r, "Geen leerervaringen gevonden");
    nb_t_resp_free(&r);
    nb_t_page_expect(&srv, &lezer_a, "GET", "/leerervaringen?vanaf=2026-13-01", NULL, 422, &r);
    nb_t_assert_has(&r, "Vul een datum in als 2026-01-31.");
    nb_t_resp_free(&r);
    nb_t_web med = med_a;
    nb_t_page_expect(&srv, &med, "GET", "/leerervaringen", NULL, 403, &r);
    nb_t_resp_free(&r);
}

/* The pager keeps every filter (regression: its links dropped organisatie,
 * the writer's organisation the reports link here with). */
static void test_pager_keeps_filters(void **state)
{
    (void)state;
    char action[96], form[128], path[160], next[256];
    snprintf(action, sizeof action, "/opdrachten/%lld/leerervaringen", asg);
    for (int i = 0; i < 26; i++) {
        nb_t_resp r;
        snprintf(form, sizeof form, "categorie=middelen&watGingGoed=Les+%d&watKanBeter=", i);
        nb_t_page_expect(&srv, &med_a, "POST", action, form, 303, &r);
        nb_t_resp_free(&r);
    }
    snprintf(path, sizeof path,
             "/leerervaringen?vanaf=2000-01-01&tot=2999-12-31&categorie=middelen&organisatie=%lld",
             org_a);
    snprintf(next, sizeof next,
             "href=\"/leerervaringen?vanaf=2000-01-01&amp;tot=2999-12-31&amp;categorie=middelen"
             "&amp;organisatie=%lld&amp;pagina=2\"",
             org_a);
    nb_t_resp r;
    nb_t_page_expect(&srv, &lezer_a, "GET", path, NULL, 200, &r);
    nb_t_assert_has(&r, "Pagina 1 van 2");
    nb_t_assert_has(&r, next);
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_participant_writes_a_lesson),
        cmocka_unit_test(test_who_may_not),
        cmocka_unit_test(test_overview),
        cmocka_unit_test(test_pager_keeps_filters),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
