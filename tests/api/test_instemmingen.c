/*
 * tests/api/test_instemmingen.c — DOMAIN rule 9 over real HTTP: no
 * organisation is charged without its own consent or the network's
 * acceptance (issue 7 A.1), and one eligibility check for POST /inzet and
 * accepting a team proposal (issue 7 A.2).
 *
 * The network: gemeenten A, B, C (credit lines, inhabitants for the key),
 * people of each with competency J (pb of B does the work), a person pd with
 * competency D only (the deactivated one of A.2), coordinator tokens per
 * organisation and a beheer token.
 */
#include "harness.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static nb_t_server srv;
static char *beheer, *coord_a, *coord_b, *coord_c;
static long long org_a, org_b, org_c, comp_j, comp_d, pa, pb, pc, pd;
static char yesterday[11];

static long long num(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static long long mk_org(const char *code, const char *name, long long inw)
{
    char body[256];
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"soort\":\"gemeente\",\"naam\":\"%s\",\"inwoners\":%lld,"
             "\"kredietlijnMinuten\":100000}",
             code, name, inw);
    return nb_t_create(&srv, "/api/v1/organisaties", beheer, body);
}

static long long mk_person(long long org, const char *name, const char *email, long long comp)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"%s\",\"email\":\"%s\",\"schaal\":11,"
             "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":960,"
             "\"competenties\":[{\"competentieId\":%lld,\"niveau\":4}]}",
             org, name, email, comp);
    return nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
}

/* Creates an assignment with token; returns its id and its first line id. */
static long long mk_asg(const char *token, const char *kind, const char *requesters,
                        long long client, long long comp, const char *start, const char *end,
                        long long *line)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"titel\":\"Omgevingswet invoeren\",\"soort\":\"%s\",\"werksoort\":\"verandering\","
             "\"startdatum\":\"%s\",\"einddatum\":\"%s\","
             "\"bestuurlijkOpdrachtgever\":\"Wethouder Smit\",\"ambtelijkOpdrachtgeverId\":%lld,"
             "\"aanvragers\":%s,\"regels\":[{\"competentieId\":%lld,\"minimumNiveau\":2,"
             "\"minuten\":6000}]}",
             kind, start, end, client, requesters, comp);
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "POST", token, body, "/api/v1/opdrachten");
    nb_t_assert_status(&r, 201);
    long long id = num(r.json, "id");
    *line = num(json_array_get(json_object_get(r.json, "regels"), 0), "id");
    nb_t_resp_free(&r);
    return id;
}

/* The body of a PUT /opdrachten/{id} for the assignments of the attack test. */
static void asg_body(char *out, size_t n, const char *kind, long long client, const char *reqs,
                     long long comp)
{
    snprintf(out, n,
             "{\"titel\":\"Omgevingswet invoeren\",\"soort\":\"%s\",\"werksoort\":\"verandering\","
             "\"startdatum\":\"2025-01-01\",\"einddatum\":\"2030-12-31\","
             "\"bestuurlijkOpdrachtgever\":\"Wethouder Smit\",\"ambtelijkOpdrachtgeverId\":%lld,"
             "\"aanvragers\":%s,\"regels\":[{\"competentieId\":%lld,\"minimumNiveau\":2,"
             "\"minuten\":6000}]}",
             kind, client, reqs, comp);
}

static void set_status(const char *token, long long asg, const char *status, long expect)
{
    nb_t_resp r;
    char body[64];
    snprintf(body, sizeof body, "{\"status\":\"%s\"}", status);
    nb_t_reqf(&srv, &r, "PUT", token, body, "/api/v1/opdrachten/%lld/status", asg);
    nb_t_assert_status(&r, expect);
    nb_t_resp_free(&r);
}

static long long mk_inzet(long long asg, long long line, long long person, long long minutes)
{
    char body[256];
    snprintf(body, sizeof body,
             "{\"opdrachtId\":%lld,\"regelId\":%lld,\"medewerkerId\":%lld,\"minuten\":%lld}", asg,
             line, person, minutes);
    return nb_t_create(&srv, "/api/v1/inzet", beheer, body);
}

static void confirm(nb_t_resp *r, long long inzet)
{
    nb_t_reqf(&srv, r, "PUT", beheer, "{\"status\":\"bevestigd\"}", "/api/v1/inzet/%lld/status",
              inzet);
}

/* The ledger figures of org: pending + posted debits. */
static long long debits(long long org)
{
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/organisaties/%lld/saldo", org);
    nb_t_assert_status(&r, 200);
    long long d = num(r.json, "debetGereserveerdMinuten") + num(r.json, "debetGeboektMinuten");
    nb_t_resp_free(&r);
    return d;
}

/* 1 when the 409 problem r names org among those without consent. */
static int names_missing(const nb_t_resp *r, long long org)
{
    json_t *ids = json_object_get(r->json, "zonderInstemming");
    for (size_t i = 0; i < json_array_size(ids); i++)
        if ((long long)json_integer_value(json_array_get(ids, i)) == org)
            return 1;
    return 0;
}

static void consent(nb_t_resp *r, const char *token, long long asg, long long org)
{
    nb_t_reqf(&srv, r, "PUT", token, "{\"notitie\":\"Collegebesluit 2025-14\"}",
              "/api/v1/opdrachten/%lld/instemmingen/%lld", asg, org);
}

static long long propose(long long asg)
{
    nb_t_resp r;
    char body[128];
    snprintf(body, sizeof body, "{\"opdrachtIds\":[%lld]}", asg);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/teamvoorstellen");
    nb_t_assert_status(&r, 201);
    long long id = num(r.json, "id");
    assert_true(json_array_size(json_object_get(r.json, "inzet")) >= 1);
    nb_t_resp_free(&r);
    return id;
}

static void accept_all(nb_t_resp *r, long long proposal)
{
    nb_t_reqf(&srv, r, "POST", beheer, "{\"alles\":true}",
              "/api/v1/teamvoorstellen/%lld/acceptatie", proposal);
}

static int setup(void **state)
{
    (void)state;
    if (nb_t_server_start(&srv) != 0)
        return -1;
    beheer = nb_t_token(&srv, "beheer", 0, 0);
    org_a = mk_org("GM0501", "Aadorp", 10000);
    org_b = mk_org("GM0502", "Beekdorp", 20000);
    org_c = mk_org("GM0503", "Cestad", 30000);
    comp_j =
        nb_t_create(&srv, "/api/v1/competenties", beheer,
                    "{\"code\":\"FYS-OMG\",\"naam\":\"Omgevingsrecht\",\"domein\":\"fysiek\"}");
    comp_d = nb_t_create(&srv, "/api/v1/competenties", beheer,
                         "{\"code\":\"BES-DATA\",\"naam\":\"Data-analyse\","
                         "\"domein\":\"bestuur-en-strategie\"}");
    pa = mk_person(org_a, "Anna Aalders", "anna@aadorp.nl", comp_j);
    pb = mk_person(org_b, "Bram Bos", "bram@beekdorp.nl", comp_j);
    pc = mk_person(org_c, "Cor Claessen", "cor@cestad.nl", comp_j);
    pd = mk_person(org_b, "Dirk Dekker", "dirk@beekdorp.nl", comp_d);
    coord_a = nb_t_token(&srv, "coordinator", org_a, 0);
    coord_b = nb_t_token(&srv, "coordinator", org_b, 0);
    coord_c = nb_t_token(&srv, "coordinator", org_c, 0);
    time_t t = time(NULL) - 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(yesterday, sizeof yesterday, "%Y-%m-%d", &tm);
    return beheer && coord_a && coord_b && coord_c ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(beheer);
    free(coord_a);
    free(coord_b);
    free(coord_c);
    return nb_t_server_stop(&srv) == 0 ? 0 : -1;
}

/* ---- A.1: the attack of the issue ------------------------------------------------ */

static void test_coordinator_cannot_make_another_org_pay(void **state)
{
    (void)state;
    nb_t_resp r;
    long long line;
    char body[1024];
    /* A's coordinator submits a local assignment of A; beheer accepts it. */
    char reqs[64];
    snprintf(reqs, sizeof reqs, "[{\"organisatieId\":%lld}]", org_a);
    long long asg = mk_asg(coord_a, "lokaal", reqs, pa, comp_j, "2025-01-01", "2030-12-31", &line);
    set_status(coord_a, asg, "ingediend", 200);
    set_status(beheer, asg, "geaccepteerd", 200);

    /* The exact attack: make B pay 99 of 100 shares → 403, nothing changes. */
    char two[128];
    snprintf(two, sizeof two,
             "[{\"organisatieId\":%lld,\"aandeel\":1},{\"organisatieId\":%lld,"
             "\"aandeel\":99}]",
             org_a, org_b);
    asg_body(body, sizeof body, "meervoudig-lokaal", pa, two, comp_j);
    nb_t_reqf(&srv, &r, "PUT", coord_a, body, "/api/v1/opdrachten/%lld", asg);
    nb_t_assert_status(&r, 403);
    assert_non_null(strstr(str(r.json, "detail"), "beheer"));
    nb_t_resp_free(&r);
    /* Turning it regional (every member pays) is refused too. */
    asg_body(body, sizeof body, "regionaal", pa, reqs, comp_j);
    nb_t_reqf(&srv, &r, "PUT", coord_a, body, "/api/v1/opdrachten/%lld", asg);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    /* So is changing only the own share after submission. */
    char own[64];
    snprintf(own, sizeof own, "[{\"organisatieId\":%lld,\"aandeel\":5}]", org_a);
    asg_body(body, sizeof body, "lokaal", pa, own, comp_j);
    nb_t_reqf(&srv, &r, "PUT", coord_a, body, "/api/v1/opdrachten/%lld", asg);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    /* Other fields stay editable for the coordinator. */
    asg_body(body, sizeof body, "lokaal", pa, reqs, comp_j);
    nb_t_reqf(&srv, &r, "PUT", coord_a, body, "/api/v1/opdrachten/%lld", asg);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", coord_b, NULL, "/api/v1/opdrachten/%lld", asg);
    nb_t_assert_status(&r, 200);
    assert_string_equal(str(r.json, "soort"), "lokaal");
    assert_int_equal(json_array_size(json_object_get(r.json, "aanvragers")), 1);
    nb_t_resp_free(&r);

    /* An allocation on it charges A only (A submitted it), never B. */
    long long b_before = debits(org_b), a_before = debits(org_a);
    long long inzet = mk_inzet(asg, line, pb, 600);
    confirm(&r, inzet);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    assert_int_equal(debits(org_b), b_before);
    assert_int_equal(debits(org_a), a_before + 600);

    /* On its own concept a coordinator may list another organisation; that one is
     * asked, not charged: its consent is pending. */
    snprintf(two, sizeof two, "[{\"organisatieId\":%lld},{\"organisatieId\":%lld}]", org_a, org_b);
    long long draft =
        mk_asg(coord_a, "meervoudig-lokaal", two, pa, comp_j, "2025-01-01", "2030-12-31", &line);
    nb_t_reqf(&srv, &r, "GET", coord_b, NULL, "/api/v1/opdrachten/%lld/instemmingen", draft);
    nb_t_assert_status(&r, 200);
    assert_false(json_is_true(json_object_get(r.json, "belastbaar")));
    json_t *states = json_object_get(r.json, "aanvragers");
    assert_int_equal(json_array_size(states), 2);
    assert_string_equal(str(json_array_get(states, 0), "status"), "verleend");
    assert_string_equal(str(json_object_get(json_array_get(states, 0), "instemming"), "wijze"),
                        "aanvrager");
    assert_string_equal(str(json_array_get(states, 1), "status"), "gevraagd");
    assert_true(names_missing(&r, org_b));
    nb_t_resp_free(&r);
}

/* ---- A.1: a beheer-added organisation is not charged before it consents --------- */

static void test_added_org_charged_only_after_consent(void **state)
{
    (void)state;
    nb_t_resp r;
    long long line;
    char reqs[64], body[1024];
    snprintf(reqs, sizeof reqs, "[{\"organisatieId\":%lld}]", org_a);
    long long asg = mk_asg(coord_a, "lokaal", reqs, pa, comp_j, "2025-01-01", "2030-12-31", &line);
    set_status(coord_a, asg, "ingediend", 200);
    set_status(beheer, asg, "geaccepteerd", 200);
    /* A confirmed allocation and a submitted time entry while A alone pays. */
    long long inzet1 = mk_inzet(asg, line, pb, 1200);
    confirm(&r, inzet1);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    snprintf(body, sizeof body,
             "{\"medewerkerId\":%lld,\"opdrachtId\":%lld,\"datum\":\"%s\",\"minuten\":240}", pb,
             asg, yesterday);
    long long entry = nb_t_create(&srv, "/api/v1/urenregistraties", beheer, body);

    /* Beheer makes it multi-local with C (beheer may; C has not consented). */
    snprintf(
        body, sizeof body,
        "{\"titel\":\"Omgevingswet invoeren\",\"soort\":\"meervoudig-lokaal\","
        "\"werksoort\":\"verandering\",\"startdatum\":\"2025-01-01\",\"einddatum\":\"2030-12-31\","
        "\"bestuurlijkOpdrachtgever\":\"Wethouder Smit\",\"ambtelijkOpdrachtgeverId\":%lld,"
        "\"aanvragers\":[{\"organisatieId\":%lld},{\"organisatieId\":%lld}],"
        "\"regels\":[{\"competentieId\":%lld,\"minimumNiveau\":2,\"minuten\":6000}]}",
        pa, org_a, org_c, comp_j);
    nb_t_reqf(&srv, &r, "PUT", beheer, body, "/api/v1/opdrachten/%lld", asg);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    long long c_before = debits(org_c), a_before = debits(org_a);

    /* 1. confirming an allocation: 409 naming C; the allocation stays concept. */
    long long inzet2 = mk_inzet(asg, line, pb, 600);
    confirm(&r, inzet2);
    nb_t_assert_status(&r, 409);
    assert_string_equal(str(r.json, "title"), "Instemming ontbreekt");
    assert_true(names_missing(&r, org_c));
    assert_false(names_missing(&r, org_a)); /* A's 1/1 covers its 1/2 */
    assert_non_null(strstr(str(r.json, "detail"), "Cestad"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet/%lld", inzet2);
    assert_string_equal(str(r.json, "status"), "concept");
    assert_int_equal(json_array_size(json_object_get(r.json, "reserveringen")), 0);
    nb_t_resp_free(&r);
    /* 2. approving the time entry: 409; the entry stays ingediend. */
    nb_t_reqf(&srv, &r, "PUT", beheer, "{\"besluit\":\"goedgekeurd\"}",
              "/api/v1/urenregistraties/%lld/beoordeling", entry);
    nb_t_assert_status(&r, 409);
    assert_true(names_missing(&r, org_c));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/urenregistraties/%lld", entry);
    assert_string_equal(str(r.json, "status"), "ingediend");
    nb_t_resp_free(&r);
    /* 3. accepting a team proposal: 409; no line accepted. */
    long long prop = propose(asg);
    accept_all(&r, prop);
    nb_t_assert_status(&r, 409);
    assert_true(names_missing(&r, org_c));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/teamvoorstellen/%lld", prop);
    assert_string_equal(str(r.json, "status"), "concept");
    nb_t_resp_free(&r);
    /* Nothing was written on anyone. */
    assert_int_equal(debits(org_c), c_before);
    assert_int_equal(debits(org_a), a_before);

    /* A coordinator of another organisation cannot consent for C; beheer cannot either. */
    consent(&r, coord_b, asg, org_c);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    consent(&r, coord_a, asg, org_c);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    consent(&r, beheer, asg, org_c);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    /* B is no requester: nothing to consent to. */
    consent(&r, coord_b, asg, org_b);
    nb_t_assert_status(&r, 409);
    nb_t_resp_free(&r);

    /* C's own coordinator consents: recorded with who, when and how. */
    consent(&r, coord_c, asg, org_c);
    nb_t_assert_status(&r, 200);
    assert_string_equal(str(r.json, "status"), "verleend");
    json_t *c = json_object_get(r.json, "instemming");
    assert_string_equal(str(c, "wijze"), "instemming");
    assert_string_equal(str(c, "rol"), "coordinator");
    assert_int_equal(num(c, "organisatieId"), org_c);
    assert_int_equal(num(c, "aandeel"), 1);
    assert_int_equal(num(c, "totaalAandelen"), 2);
    assert_string_equal(str(c, "notitie"), "Collegebesluit 2025-14");
    assert_int_equal(strlen(str(c, "aangemaakt")), 20);
    long long consent_id = num(c, "id");
    nb_t_resp_free(&r);
    /* Idempotent: a second PUT records nothing new. */
    consent(&r, coord_c, asg, org_c);
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(json_object_get(r.json, "instemming"), "id"), consent_id);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/opdrachten/%lld/instemmingen", asg);
    nb_t_assert_status(&r, 200);
    assert_true(json_is_true(json_object_get(r.json, "belastbaar")));
    assert_int_equal(json_array_size(json_object_get(r.json, "zonderInstemming")), 0);
    nb_t_resp_free(&r);

    /* The consent is in the audit log. */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/auditlog?entiteit=opdracht&entiteitId=%lld",
              asg);
    nb_t_assert_status(&r, 200);
    json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "auditlog");
    int found = 0;
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *e = json_array_get(items, i);
        const char *action = str(e, "actie");
        json_t *detail = json_object_get(e, "details");
        if (action && strcmp(action, "instemming") == 0 && num(detail, "organisatieId") == org_c &&
            num(detail, "id") == consent_id)
            found = 1;
    }
    if (!found)
        fprintf(stderr, "audit log: %s\n", r.body);
    assert_true(found);
    nb_t_resp_free(&r);

    /* Now every path charges: confirm, approval and the proposal. */
    confirm(&r, inzet2);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    assert_int_equal(debits(org_c), c_before + 300);
    assert_int_equal(debits(org_a), a_before + 300);
    nb_t_reqf(&srv, &r, "PUT", beheer, "{\"besluit\":\"goedgekeurd\"}",
              "/api/v1/urenregistraties/%lld/beoordeling", entry);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    accept_all(&r, propose(asg));
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    assert_true(debits(org_c) > c_before + 300);

    /* Raising C's share afterwards (beheer) needs C's consent again: 3/4 > 1/2. */
    snprintf(
        body, sizeof body,
        "{\"titel\":\"Omgevingswet invoeren\",\"soort\":\"meervoudig-lokaal\","
        "\"werksoort\":\"verandering\",\"startdatum\":\"2025-01-01\",\"einddatum\":\"2030-12-31\","
        "\"bestuurlijkOpdrachtgever\":\"Wethouder Smit\",\"ambtelijkOpdrachtgeverId\":%lld,"
        "\"aanvragers\":[{\"organisatieId\":%lld},{\"organisatieId\":%lld,\"aandeel\":3}],"
        "\"regels\":[{\"competentieId\":%lld,\"minimumNiveau\":2,\"minuten\":6000}]}",
        pa, org_a, org_c, comp_j);
    nb_t_reqf(&srv, &r, "PUT", beheer, body, "/api/v1/opdrachten/%lld", asg);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", coord_c, NULL, "/api/v1/opdrachten/%lld/instemmingen/%lld", asg,
              org_c);
    nb_t_assert_status(&r, 200);
    assert_string_equal(str(r.json, "status"), "gevraagd");
    assert_int_equal(num(r.json, "aandeel"), 3);
    assert_int_equal(num(r.json, "totaalAandelen"), 4);
    nb_t_resp_free(&r);
}

/* ---- A.1: regional work is charged by the network's key once beheer accepts it ---- */

static void test_regional_accepted_by_network(void **state)
{
    (void)state;
    nb_t_resp r;
    long long line;
    char reqs[64];
    snprintf(reqs, sizeof reqs, "[{\"organisatieId\":%lld}]", org_a);
    long long asg =
        mk_asg(coord_a, "regionaal", reqs, pa, comp_j, "2025-01-01", "2030-12-31", &line);
    set_status(coord_a, asg, "ingediend", 200);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/opdrachten/%lld/instemmingen", asg);
    assert_false(json_is_true(json_object_get(r.json, "netwerkGeaccepteerd")));
    assert_false(json_is_true(json_object_get(r.json, "belastbaar")));
    nb_t_resp_free(&r);
    /* Per-organisation consent does not exist for regional work. */
    consent(&r, coord_b, asg, org_b);
    nb_t_assert_status(&r, 409);
    nb_t_resp_free(&r);
    set_status(beheer, asg, "geaccepteerd", 200);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/opdrachten/%lld/instemmingen", asg);
    nb_t_assert_status(&r, 200);
    assert_true(json_is_true(json_object_get(r.json, "netwerkGeaccepteerd")));
    assert_true(json_is_true(json_object_get(r.json, "belastbaar")));
    json_t *rows = json_object_get(json_object_get(r.json, "_embedded"), "instemmingen");
    int network = 0;
    for (size_t i = 0; i < json_array_size(rows); i++) {
        json_t *c = json_array_get(rows, i);
        if (strcmp(str(c, "wijze"), "netwerk") == 0 &&
            json_is_null(json_object_get(c, "organisatieId")))
            network++;
    }
    assert_int_equal(network, 1);
    nb_t_resp_free(&r);
    /* Every member is charged by inhabitants (1:2:3), without consents of B and C. */
    long long a0 = debits(org_a), b0 = debits(org_b), c0 = debits(org_c);
    long long inzet = mk_inzet(asg, line, pd, 600); /* pd's home is B: B's part is not booked */
    confirm(&r, inzet);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    assert_int_equal(debits(org_a) - a0, 100);
    assert_int_equal(debits(org_b) - b0, 0);
    assert_int_equal(debits(org_c) - c0, 300);
}

/* ---- A.2: one eligibility check for POST /inzet and accepting a proposal ---------- */

static void test_inactive_person_not_allocated(void **state)
{
    (void)state;
    nb_t_resp r;
    long long line;
    char reqs[64], body[1024];
    snprintf(reqs, sizeof reqs, "[{\"organisatieId\":%lld}]", org_a);
    /* Only pd has competency D, so the proposal proposes pd. */
    long long asg = mk_asg(coord_a, "lokaal", reqs, pa, comp_d, "2030-01-07", "2030-03-31", &line);
    set_status(coord_a, asg, "ingediend", 200);
    set_status(beheer, asg, "geaccepteerd", 200);
    long long prop = propose(asg);
    /* pd is deactivated after the proposal was made. */
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"Dirk Dekker\",\"email\":\"dirk@beekdorp.nl\","
             "\"schaal\":11,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":960,"
             "\"competenties\":[{\"competentieId\":%lld,\"niveau\":4}],\"actief\":false}",
             org_b, comp_d);
    nb_t_reqf(&srv, &r, "PUT", beheer, body, "/api/v1/medewerkers/%lld", pd);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    long long a0 = debits(org_a);
    /* Accepting: refused like POST /inzet, nothing written. */
    accept_all(&r, prop);
    nb_t_assert_status(&r, 422);
    assert_string_equal(str(r.json, "title"), "Medewerker niet actief");
    assert_true(nb_t_invalid(&r, "medewerkerId"));
    nb_t_resp_free(&r);
    assert_int_equal(debits(org_a), a0);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet?medewerkerId=%lld", pd);
    nb_t_assert_status(&r, 200);
    long long before = num(r.json, "totaal");
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/teamvoorstellen/%lld", prop);
    assert_string_equal(str(r.json, "status"), "concept");
    nb_t_resp_free(&r);
    /* POST /inzet: the same check, the same answer. */
    snprintf(body, sizeof body,
             "{\"opdrachtId\":%lld,\"regelId\":%lld,\"medewerkerId\":%lld,\"minuten\":60}", asg,
             line, pd);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/inzet");
    nb_t_assert_status(&r, 422);
    assert_string_equal(str(r.json, "title"), "Medewerker niet actief");
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet?medewerkerId=%lld", pd);
    assert_int_equal(num(r.json, "totaal"), before);
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coordinator_cannot_make_another_org_pay),
        cmocka_unit_test(test_added_org_charged_only_after_consent),
        cmocka_unit_test(test_regional_accepted_by_network),
        cmocka_unit_test(test_inactive_person_not_allocated),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
