/*
 * tests/api/web_opdrachten_fixture.c — the server, people and sessions the
 * assignment pages' tests share (test_web_opdrachten.c,
 * test_web_opdrachten_zoek.c), and their helpers; see
 * web_opdrachten_fixture.h. Moved out of test_web_opdrachten.c.
 */
#include "api/web_opdrachten_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

nb_t_server srv;
char *beheer;
long long org_a, org_b, org_x, comp, pa, pb, px;
nb_t_web coord_a, coord_b, mt, mw;

long long num(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

int setup(void **state)
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

int teardown(void **state)
{
    (void)state;
    return nb_t_stop_beheer(&srv, &beheer);
}

/* How often text occurs in body (non-overlapping). */
size_t occurrences(const char *body, const char *text)
{
    size_t n = 0, len = strlen(text);
    for (const char *p = strstr(body, text); p != NULL; p = strstr(p + len, text))
        n++;
    return n;
}

void assert_has(const nb_t_resp *r, const char *text)
{
    if (strstr(r->body, text) == NULL)
        fail_msg("missing \"%s\" in: %.4000s", text, r->body);
}

void assert_lacks(const nb_t_resp *r, const char *text)
{
    if (strstr(r->body, text) != NULL)
        fail_msg("unexpected \"%s\" in: %.4000s", text, r->body);
}

void page(const nb_t_web *web, const char *method, const char *path, const char *form, nb_t_resp *r)
{
    memset(r, 0, sizeof *r);
    nb_t_page(&srv, web, method, path, form, r);
}

/* The number of assignments the API knows. */
long long asg_count(void)
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
long long location_id(nb_t_resp *r)
{
    const char *loc = nb_t_header(r, "Location");
    assert_non_null(loc);
    const char *p = strstr(loc, "/opdrachten/");
    assert_non_null(p);
    return strtoll(p + strlen("/opdrachten/"), NULL, 10);
}

/* A form body for an assignment; requesters as "&aanvrager1_organisatie=..." etc. */
void form(char *out, size_t n, const char *title, const char *kind, const char *action,
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
json_t *api_get(long long id, const char *tail)
{
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/opdrachten/%lld%s", id, tail);
    nb_t_assert_status(&r, 200);
    json_t *j = json_incref(r.json);
    nb_t_resp_free(&r);
    return j;
}
