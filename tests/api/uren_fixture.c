/*
 * tests/api/uren_fixture.c — the shared fixture of the hours tests
 * (test_uren_inzet.c, test_uren.c, test_uren_keyset.c and the others that
 * link it): the server, the organisations, people, tokens and assignments
 * every test uses (made once in setup), the allocations the inzet tests leave
 * (setup_staffed), and the request helpers the tests build on. See
 * uren_fixture.h.
 */
#include "uren_fixture.h"

#include "util/date.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

nb_t_server srv;
char *beheer, *lezer, *coord_a, *coord_b, *coord_p;
char *tok_w1, *tok_w2, *tok_client_a, *tok_client_b, *tok_client_d, *tok_own_a;
long long org_a, org_b, org_d, org_p, comp;
long long w1, w2, client_a, client_b, client_d, own_a;
long long asg_l, asg_m, asg_r, asg_d, asg_concept;
long long line_l, line_m, line_r, line_d, line_concept;
long long inzet_l_w1, inzet_l_own, inzet_m_w1, inzet_r_w1, inzet_d_w1;
char yesterday[11], tomorrow[11];

/* ---- helpers ---------------------------------------------------------------- */

long long num(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

void day_offset(char out[11], int days)
{
    /* Days in Europe/Amsterdam, as the server counts them (DOMAIN rule 10): a
     * UTC "tomorrow" is already today there from 23:00 UTC in winter. */
    nb_date_format(nb_date_today() + days, out);
}

long long make_org(const char *code, const char *kind, const char *name, long long inw,
                   long long credit)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"soort\":\"%s\",\"naam\":\"%s\",\"inwoners\":%lld,"
             "\"kredietlijnMinuten\":%lld}",
             code, kind, name, inw, credit);
    return nb_t_create(&srv, "/api/v1/organisaties", beheer, body);
}

long long make_person(long long org, const char *name, const char *email)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"%s\",\"email\":\"%s\",\"schaal\":10,"
             "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":960}",
             org, name, email);
    return nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
}

/* Moves an assignment along the status machine with beheer. */
void asg_status(long long id, const char *status)
{
    nb_t_resp r;
    char body[64];
    snprintf(body, sizeof body, "{\"status\":\"%s\"}", status);
    nb_t_reqf(&srv, &r, "PUT", beheer, body, "/api/v1/opdrachten/%lld/status", id);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
}

long long make_asg_period(const char *title, const char *kind, const char *requesters,
                          long long client, const char *start, const char *end,
                          long long line_minutes, long long *line, int accept)
{
    char body[1024];
    nb_t_resp r;
    snprintf(body, sizeof body,
             "{\"titel\":\"%s\",\"soort\":\"%s\",\"werksoort\":\"regulier\","
             "\"startdatum\":\"%s\",\"einddatum\":\"%s\","
             "\"bestuurlijkOpdrachtgever\":\"Wethouder Jansen\",\"ambtelijkOpdrachtgeverId\":%lld,"
             "\"aanvragers\":%s,\"regels\":[{\"competentieId\":%lld,\"minimumNiveau\":2,"
             "\"minuten\":%lld}]}",
             title, kind, start, end, client, requesters, comp, line_minutes);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/opdrachten");
    nb_t_assert_status(&r, 201);
    long long id = num(r.json, "id");
    *line = num(json_array_get(json_object_get(r.json, "regels"), 0), "id");
    nb_t_resp_free(&r);
    nb_t_consent_all(&srv, beheer, id); /* every requester agrees to its share (rule 9) */
    if (accept) {
        asg_status(id, "ingediend");
        asg_status(id, "geaccepteerd");
    }
    return id;
}

/* Creates an assignment (requesters JSON, e.g. [{"organisatieId":1}]) and returns its id and line id. */
long long make_asg(const char *title, const char *kind, const char *requesters, long long client,
                   long long *line, int accept)
{
    return make_asg_period(title, kind, requesters, client, "2025-01-01", "2027-12-31", 60000, line,
                           accept);
}

long long make_inzet(const char *token, long long asg, long long line, long long person,
                     long long minutes)
{
    char body[256];
    snprintf(body, sizeof body,
             "{\"opdrachtId\":%lld,\"regelId\":%lld,\"medewerkerId\":%lld,\"minuten\":%lld}", asg,
             line, person, minutes);
    return nb_t_create(&srv, "/api/v1/inzet", token, body);
}

/* PUT inzet status; returns the response (caller frees). */
void inzet_status(nb_t_resp *r, const char *token, long long id, const char *status)
{
    char body[64];
    snprintf(body, sizeof body, "{\"status\":\"%s\"}", status);
    nb_t_reqf(&srv, r, "PUT", token, body, "/api/v1/inzet/%lld/status", id);
}

/* POST a time entry; person 0 = leave medewerkerId out. */
void uren(nb_t_resp *r, const char *token, long long person, long long asg, const char *date,
          long long minutes)
{
    char body[256];
    if (person)
        snprintf(body, sizeof body,
                 "{\"medewerkerId\":%lld,\"opdrachtId\":%lld,\"datum\":\"%s\",\"minuten\":%lld}",
                 person, asg, date, minutes);
    else
        snprintf(body, sizeof body, "{\"opdrachtId\":%lld,\"datum\":\"%s\",\"minuten\":%lld}", asg,
                 date, minutes);
    nb_t_reqf(&srv, r, "POST", token, body, "/api/v1/urenregistraties");
}

long long uren_ok(const char *token, long long person, long long asg, const char *date,
                  long long minutes)
{
    nb_t_resp r;
    uren(&r, token, person, asg, date, minutes);
    nb_t_assert_status(&r, 201);
    assert_string_equal(str(r.json, "status"), "ingediend");
    long long id = num(r.json, "id");
    nb_t_resp_free(&r);
    return id;
}

void decide(nb_t_resp *r, const char *token, long long entry, const char *besluit,
            const char *reden)
{
    char body[256];
    if (reden)
        snprintf(body, sizeof body, "{\"besluit\":\"%s\",\"reden\":\"%s\"}", besluit, reden);
    else
        snprintf(body, sizeof body, "{\"besluit\":\"%s\"}", besluit);
    nb_t_reqf(&srv, r, "PUT", token, body, "/api/v1/urenregistraties/%lld/beoordeling", entry);
}

saldo get_saldo(long long org)
{
    nb_t_resp r;
    saldo s;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/organisaties/%lld/saldo", org);
    nb_t_assert_status(&r, 200);
    s.saldo = num(r.json, "saldoMinuten");
    s.beschikbaar = num(r.json, "beschikbaarMinuten");
    s.debet_res = num(r.json, "debetGereserveerdMinuten");
    s.debet_geboekt = num(r.json, "debetGeboektMinuten");
    s.credit_res = num(r.json, "creditGereserveerdMinuten");
    s.credit_geboekt = num(r.json, "creditGeboektMinuten");
    nb_t_resp_free(&r);
    return s;
}

/* The reservation of org in an inzet JSON: minutes of the open one (0 if none). */
long long open_reserved(const json_t *inzet, long long org)
{
    const json_t *list = json_object_get(inzet, "reserveringen");
    size_t i;
    const json_t *item;
    long long m = 0;
    json_array_foreach (list, i, item) {
        if (num(item, "organisatieId") == org && strcmp(str(item, "status"), "open") == 0)
            m += num(item, "minuten");
    }
    return m;
}

/* How many rows the audit log holds (GET /auditregels, totaal). */
long long audit_total(void)
{
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/auditregels?paginaGrootte=1");
    nb_t_assert_status(&r, 200);
    long long n = num(r.json, "totaal");
    nb_t_resp_free(&r);
    return n;
}

/* ---- setup ----------------------------------------------------------------- */

int setup(void **state)
{
    (void)state;
    if (nb_t_server_start(&srv) != 0)
        return -1;
    day_offset(yesterday, -1);
    day_offset(tomorrow, 1);
    beheer = nb_t_token(&srv, "beheer", 0, 0);
    org_a = make_org("GM0001", "gemeente", "Aadorp", 1000, 60000);
    org_b = make_org("GM0002", "gemeente", "Beekdorp", 3000, 60000);
    org_d = make_org("GM0004", "gemeente", "Dunstad", 0, 1000);
    org_p = make_org("REGIOPOOL", "pool", "Regionale pool", 0, 0);
    comp = nb_t_create(&srv, "/api/v1/competenties", beheer,
                       "{\"code\":\"BS-DATA\",\"naam\":\"Data-analyse\","
                       "\"domein\":\"bestuur-en-strategie\"}");
    w1 = make_person(org_p, "Wim Een", "wim@pool.nl");
    w2 = make_person(org_p, "Wendy Twee", "wendy@pool.nl");
    client_a = make_person(org_a, "Anna Opdrachtgever", "anna@aadorp.nl");
    client_b = make_person(org_b, "Bert Opdrachtgever", "bert@beekdorp.nl");
    client_d = make_person(org_d, "Dirk Opdrachtgever", "dirk@dunstad.nl");
    own_a = make_person(org_a, "Olga Eigen", "olga@aadorp.nl");
    lezer = nb_t_token(&srv, "lezer", org_a, 0);
    coord_a = nb_t_token(&srv, "coordinator", org_a, 0);
    coord_b = nb_t_token(&srv, "coordinator", org_b, 0);
    coord_p = nb_t_token(&srv, "coordinator", org_p, 0);
    tok_w1 = nb_t_token(&srv, "medewerker", org_p, w1);
    tok_w2 = nb_t_token(&srv, "medewerker", org_p, w2);
    tok_client_a = nb_t_token(&srv, "medewerker", org_a, client_a);
    tok_client_b = nb_t_token(&srv, "medewerker", org_b, client_b);
    tok_client_d = nb_t_token(&srv, "medewerker", org_d, client_d);
    tok_own_a = nb_t_token(&srv, "medewerker", org_a, own_a);
    char reqs[256];
    snprintf(reqs, sizeof reqs, "[{\"organisatieId\":%lld}]", org_a);
    asg_l = make_asg("Lokaal A", "lokaal", reqs, client_a, &line_l, 1);
    asg_concept = make_asg("Nog concept", "lokaal", reqs, client_a, &line_concept, 0);
    snprintf(reqs, sizeof reqs,
             "[{\"organisatieId\":%lld,\"aandeel\":1},{\"organisatieId\":%lld,\"aandeel\":3}]",
             org_a, org_b);
    asg_m = make_asg("Meervoudig AB", "meervoudig-lokaal", reqs, client_b, &line_m, 1);
    asg_r = make_asg("Regionaal", "regionaal", "[]", client_a, &line_r, 1);
    snprintf(reqs, sizeof reqs, "[{\"organisatieId\":%lld}]", org_d);
    asg_d = make_asg("Lokaal D", "lokaal", reqs, client_d, &line_d, 1);
    return beheer && tok_w1 && tok_client_a ? 0 : -1;
}

int teardown(void **state)
{
    (void)state;
    char *toks[] = {beheer, lezer,        coord_a,      coord_b,      coord_p,  tok_w1,
                    tok_w2, tok_client_a, tok_client_b, tok_client_d, tok_own_a};
    for (size_t i = 0; i < sizeof toks / sizeof toks[0]; i++)
        free(toks[i]);
    return nb_t_server_stop(&srv) == 0 ? 0 : -1;
}

/* Creates an inzet of person on asg/line as token and confirms it with beheer; returns its id. */
static long long make_inzet_confirmed(const char *token, long long asg, long long line,
                                      long long person, long long minutes)
{
    nb_t_resp r;
    long long id = make_inzet(token, asg, line, person, minutes);
    inzet_status(&r, beheer, id, "bevestigd");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    return id;
}

int setup_staffed(void **state)
{
    if (setup(state) != 0)
        return -1;
    inzet_l_w1 = make_inzet_confirmed(beheer, asg_l, line_l, w1, 600);
    make_inzet(coord_a, asg_l, line_l, w2, 60); /* left in concept */
    inzet_l_own = make_inzet_confirmed(beheer, asg_l, line_l, own_a, 300);
    inzet_m_w1 = make_inzet_confirmed(beheer, asg_m, line_m, w1, 400);
    inzet_r_w1 = make_inzet_confirmed(beheer, asg_r, line_r, w1, 401);
    make_inzet_confirmed(beheer, asg_r, line_r, w2, 60);
    make_inzet(beheer, asg_d, line_d, w1, 1001); /* refused by D's limit: left in concept */
    inzet_d_w1 = make_inzet_confirmed(beheer, asg_d, line_d, w1, 1000);
    return 0;
}
