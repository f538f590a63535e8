/*
 * tests/api/test_bundelvoorstellen.c — bundling with consent over real HTTP
 * (issue 10 §2, §5): detection with score, why and saving; who sees and who
 * decides; the life cycle (propose, consent by each, decline, merge) and what
 * is charged when; and the property that no minute is reserved or posted on
 * an organisation before it consented (DOMAIN rule 9).
 *
 * The network: gemeenten A, B, C; competencies J and K; a person of each
 * (the ambtelijk opdrachtgever of its assignments; pc also does the work);
 * coordinator, medewerker and lezer tokens; the hour rate 90 euro.
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

static nb_t_server srv;
static char *beheer, *coord_a, *coord_b, *coord_c, *mw_a, *mw_c, *lezer_a;
static long long org_a, org_b, org_c, comp_j, comp_k, pa, pb, pc;

static long long num(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static long long mk_org(const char *code, const char *name)
{
    char body[256];
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"soort\":\"gemeente\",\"naam\":\"%s\",\"inwoners\":10000,"
             "\"kredietlijnMinuten\":1000000}",
             code, name);
    return nb_t_create(&srv, "/api/v1/organisaties", beheer, body);
}

static long long mk_person(long long org, const char *name, const char *email)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"%s\",\"email\":\"%s\",\"schaal\":11,"
             "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":960,"
             "\"competenties\":[{\"competentieId\":%lld,\"niveau\":4},{\"competentieId\":%lld,"
             "\"niveau\":4}]}",
             org, name, email, comp_j, comp_k);
    return nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
}

/* A submitted local assignment of org (coordinator token) with lines (JSON). */
/* The body of a local assignment of org (status ingediend) into body[2048]. */
static void asg_body(char *body, long long org, long long client, const char *title,
                     const char *desc, const char *start, const char *end, const char *lines)
{
    snprintf(body, 2048,
             "{\"titel\":\"%s\",\"omschrijving\":\"%s\",\"soort\":\"lokaal\","
             "\"werksoort\":\"verandering\",\"status\":\"ingediend\",\"startdatum\":\"%s\","
             "\"einddatum\":\"%s\",\"bestuurlijkOpdrachtgever\":\"Wethouder %lld\","
             "\"ambtelijkOpdrachtgeverId\":%lld,\"aanvragers\":[{\"organisatieId\":%lld}],"
             "\"regels\":%s}",
             title, desc, start, end, org, client, org, lines);
}

static long long mk_asg(const char *token, long long org, long long client, const char *title,
                        const char *desc, const char *start, const char *end, const char *lines)
{
    char body[2048];
    asg_body(body, org, client, title, desc, start, end, lines);
    return nb_t_create(&srv, "/api/v1/opdrachten", token, body);
}

static char *lines_j(long long minutes)
{
    static char buf[4][256];
    static int k;
    char *b = buf[k++ % 4];
    snprintf(b, 256, "[{\"competentieId\":%lld,\"minimumNiveau\":2,\"minuten\":%lld}]", comp_j,
             minutes);
    return b;
}

static char *lines_jk(long long mj, long long mk)
{
    static char buf[4][256];
    static int k;
    char *b = buf[k++ % 4];
    snprintf(b, 256,
             "[{\"competentieId\":%lld,\"minimumNiveau\":3,\"minuten\":%lld},"
             "{\"competentieId\":%lld,\"minimumNiveau\":2,\"minuten\":%lld}]",
             comp_j, mj, comp_k, mk);
    return b;
}

/* POST /bundelvoorstellen; returns "nieuw". */
static long long refresh(void)
{
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "POST", beheer, NULL, "/api/v1/bundelvoorstellen");
    nb_t_assert_status(&r, 200);
    long long n = num(r.json, "nieuw");
    nb_t_resp_free(&r);
    return n;
}

/* The open proposal that has assignment asg as a member (0 when none). */
static long long proposal_of(long long asg)
{
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL,
              "/api/v1/bundelvoorstellen?status=voorgesteld&paginaGrootte=100");
    nb_t_assert_status(&r, 200);
    json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "bundelvoorstellen");
    long long found = 0;
    for (size_t i = 0; i < json_array_size(items) && !found; i++) {
        json_t *m = json_object_get(json_array_get(items, i), "aanvragers");
        for (size_t k = 0; k < json_array_size(m); k++)
            if (num(json_array_get(m, k), "opdrachtId") == asg)
                found = num(json_array_get(items, i), "id");
    }
    nb_t_resp_free(&r);
    return found;
}

static void decide(nb_t_resp *r, const char *token, long long id, long long org,
                   const char *decision, const char *note)
{
    char body[256];
    snprintf(body, sizeof body, "{\"besluit\":\"%s\",\"notitie\":\"%s\"}", decision, note);
    nb_t_reqf(&srv, r, "PUT", token, body, "/api/v1/bundelvoorstellen/%lld/instemmingen/%lld", id,
              org);
}

static const char *asg_status(long long asg)
{
    static char out[32];
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/opdrachten/%lld", asg);
    nb_t_assert_status(&r, 200);
    snprintf(out, sizeof out, "%s", str(r.json, "status"));
    nb_t_resp_free(&r);
    return out;
}

/* Pending + posted debits of org in the ledger. */
static long long debits(long long org)
{
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/organisaties/%lld/saldo", org);
    nb_t_assert_status(&r, 200);
    long long d = num(r.json, "debetGereserveerdMinuten") + num(r.json, "debetGeboektMinuten");
    nb_t_resp_free(&r);
    return d;
}

/* Consents recorded on assignment asg. */
static size_t consents_of(long long asg)
{
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/opdrachten/%lld/instemmingen", asg);
    nb_t_assert_status(&r, 200);
    size_t n =
        json_array_size(json_object_get(json_object_get(r.json, "_embedded"), "instemmingen"));
    nb_t_resp_free(&r);
    return n;
}

static int setup(void **state)
{
    (void)state;
    if (nb_t_server_start(&srv) != 0)
        return -1;
    beheer = nb_t_token(&srv, "beheer", 0, 0);
    org_a = mk_org("GM0601", "Aadorp");
    org_b = mk_org("GM0602", "Beekdorp");
    org_c = mk_org("GM0603", "Cestad");
    comp_j = nb_t_create(&srv, "/api/v1/competenties", beheer,
                         "{\"code\":\"SOC-WON\",\"naam\":\"Wonen\",\"domein\":\"sociaal\"}");
    comp_k = nb_t_create(&srv, "/api/v1/competenties", beheer,
                         "{\"code\":\"BES-DATA\",\"naam\":\"Data-analyse\","
                         "\"domein\":\"bestuur-en-strategie\"}");
    pa = mk_person(org_a, "Anna Aalders", "anna@aadorp.nl");
    pb = mk_person(org_b, "Bram Bos", "bram@beekdorp.nl");
    pc = mk_person(org_c, "Cor Claessen", "cor@cestad.nl");
    coord_a = nb_t_token(&srv, "coordinator", org_a, 0);
    coord_b = nb_t_token(&srv, "coordinator", org_b, 0);
    coord_c = nb_t_token(&srv, "coordinator", org_c, 0);
    mw_a = nb_t_token(&srv, "medewerker", org_a, pa);
    mw_c = nb_t_token(&srv, "medewerker", org_c, pc);
    lezer_a = nb_t_token(&srv, "lezer", org_a, 0);
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "PUT", beheer, "{\"uurtariefCent\":9000,\"verdeelsleutel\":\"inwoners\"}",
              "/api/v1/netwerk/instellingen");
    long st = r.status;
    nb_t_resp_free(&r);
    return st == 200 && coord_a && coord_b && coord_c && mw_a && mw_c && lezer_a ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char *tokens[] = {beheer, coord_a, coord_b, coord_c, mw_a, mw_c, lezer_a};
    for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++)
        free(tokens[i]);
    return nb_t_server_stop(&srv) == 0 ? 0 : -1;
}

/* ---- detection, why, saving, who sees ------------------------------------------ */

static long long woon_a, woon_b, cult_c, woon_a2;

static void test_detect_with_why_and_saving(void **state)
{
    (void)state;
    nb_t_resp r;
    woon_a = mk_asg(coord_a, org_a, pa, "Woonvisie actualiseren",
                    "Een nieuwe woonvisie met de woningbehoefte en sociale huur", "2027-01-01",
                    "2027-06-30", lines_j(6000));
    woon_b = mk_asg(coord_b, org_b, pb, "Actualisatie woonvisie",
                    "De woonvisie bijwerken: woningbehoefte, betaalbare woningen en sociale huur",
                    "2027-03-01", "2027-12-31", lines_jk(4800, 1200));
    cult_c = mk_asg(coord_c, org_c, pc, "Cultuurnota", "Bibliotheek, theater en amateurkunst",
                    "2027-01-01", "2027-12-31", lines_j(3000));
    /* a near twin of A's own: one municipality is never bundled with itself */
    woon_a2 = mk_asg(coord_a, org_a, pa, "Woonvisie actualiseren",
                     "Een nieuwe woonvisie met de woningbehoefte en sociale huur", "2027-01-01",
                     "2027-06-30", lines_j(600));
    assert_int_equal(refresh(), 1);
    assert_int_equal(refresh(), 0); /* open proposals are not proposed twice */

    long long id = proposal_of(woon_b);
    assert_true(id > 0);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/bundelvoorstellen/%lld", id);
    nb_t_assert_status(&r, 200);
    assert_string_equal(str(r.json, "status"), "voorgesteld");
    assert_true(json_real_value(json_object_get(r.json, "score")) >= 0.4);
    json_t *m = json_object_get(r.json, "aanvragers");
    assert_int_equal(json_array_size(m), 2);
    long long other = num(json_array_get(m, 0), "opdrachtId");
    assert_true(other == woon_a || other == woon_a2);
    assert_int_equal(num(json_array_get(m, 1), "opdrachtId"), woon_b);
    assert_string_equal(str(json_array_get(m, 0), "besluit"), "open");
    json_t *why = json_object_get(r.json, "waarom");
    int saw = 0;
    for (size_t i = 0; i < json_array_size(json_object_get(why, "woorden")); i++)
        saw |= strcmp(json_string_value(json_array_get(json_object_get(why, "woorden"), i)),
                      "woonvisie") == 0;
    assert_true(saw);
    json_t *comps = json_object_get(why, "competenties");
    assert_int_equal(json_array_size(comps), 1);
    assert_int_equal(num(json_array_get(comps, 0), "competentieId"), comp_j);
    assert_string_equal(str(json_object_get(why, "maanden"), "van"), "2027-03");
    assert_string_equal(str(json_object_get(why, "maanden"), "tot"), "2027-06");
    json_t *s = json_object_get(r.json, "besparing");
    long long asked_a = other == woon_a ? 6000 : 600;
    long long bundled = (asked_a > 4800 ? asked_a : 4800) * 115 / 100 + 1380;
    assert_int_equal(num(s, "urenApartMinuten"), asked_a + 6000);
    assert_int_equal(num(s, "urenGebundeldMinuten"), bundled);
    assert_int_equal(num(s, "besparingMinuten"), asked_a + 6000 - bundled);
    assert_int_equal(num(s, "coordinatieProcent"), 15);
    assert_int_equal(num(s, "uurtariefCent"), 9000);
    assert_int_equal(num(s, "besparingCent"), (asked_a + 6000 - bundled) * 9000 / 60);
    assert_true(json_is_null(json_object_get(r.json, "gemetenBesparing")));
    nb_t_resp_free(&r);

    /* who sees it: A's lezer yes, C's coordinator no (403, and an empty list) */
    nb_t_reqf(&srv, &r, "GET", lezer_a, NULL, "/api/v1/bundelvoorstellen/%lld", id);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", coord_c, NULL, "/api/v1/bundelvoorstellen/%lld", id);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", coord_c, NULL, "/api/v1/bundelvoorstellen");
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 0);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "POST", coord_a, NULL, "/api/v1/bundelvoorstellen");
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    (void)cult_c;
}

/* ---- who decides ------------------------------------------------------------------ */

static void test_who_decides(void **state)
{
    (void)state;
    nb_t_resp r;
    long long id = proposal_of(woon_b);
    assert_true(id > 0);
    decide(&r, coord_c, id, org_a, "akkoord", "namens A?");
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    decide(&r, mw_c, id, org_a, "akkoord", "");
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    decide(&r, coord_a, id, org_c, "akkoord", "");
    nb_t_assert_status(&r, 404);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "PUT", coord_a, "{\"besluit\":\"misschien\"}",
              "/api/v1/bundelvoorstellen/%lld/instemmingen/%lld", id, org_a);
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "besluit"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "PUT", beheer, "{\"besluit\":\"akkoord\"}",
              "/api/v1/bundelvoorstellen/%lld/instemmingen/%lld", id, org_a);
    nb_t_assert_status(&r, 403); /* beheer cannot agree on a municipality's behalf */
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/bundelvoorstellen/%lld", id);
    assert_string_equal(str(json_array_get(json_object_get(r.json, "aanvragers"), 0), "besluit"),
                        "open");
    nb_t_resp_free(&r);
}

/* ---- the life cycle: consent by each, merge, what is charged when ---------------- */

static void test_consent_by_each_then_merge(void **state)
{
    (void)state;
    nb_t_resp r;
    long long id = proposal_of(woon_b);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/bundelvoorstellen/%lld", id);
    long long first = num(json_array_get(json_object_get(r.json, "aanvragers"), 0), "opdrachtId");
    long long asked_a = num(json_array_get(json_object_get(r.json, "aanvragers"), 0), "minuten");
    nb_t_resp_free(&r);
    long long da = debits(org_a), db = debits(org_b);
    size_t ca = consents_of(first), cb = consents_of(woon_b);

    /* A's ambtelijk opdrachtgever agrees: nothing merged, nothing charged, nothing consented */
    decide(&r, mw_a, id, org_a, "akkoord", "Namens wethouder Smit");
    nb_t_assert_status(&r, 200);
    assert_string_equal(str(r.json, "status"), "voorgesteld");
    json_t *m0 = json_array_get(json_object_get(r.json, "aanvragers"), 0);
    assert_string_equal(str(m0, "besluit"), "akkoord");
    assert_string_equal(str(m0, "notitie"), "Namens wethouder Smit");
    assert_non_null(str(m0, "besloten"));
    nb_t_resp_free(&r);
    assert_string_equal(asg_status(first), "ingediend");
    assert_int_equal(debits(org_a), da);
    assert_int_equal(debits(org_b), db);
    assert_int_equal(consents_of(first), ca);
    assert_int_equal(consents_of(woon_b), cb);
    decide(&r, mw_a, id, org_a, "afgewezen", "toch niet");
    nb_t_assert_status(&r, 409); /* a decision is taken once */
    nb_t_resp_free(&r);

    /* B's coordinator agrees: one multi-local assignment, originals samengevoegd */
    decide(&r, coord_b, id, org_b, "akkoord", "Collegebesluit B-12");
    nb_t_assert_status(&r, 200);
    assert_string_equal(str(r.json, "status"), "samengevoegd");
    long long merged = num(r.json, "samengevoegdeOpdrachtId");
    assert_true(merged > 0);
    long long bundled = num(json_object_get(r.json, "besparing"), "urenGebundeldMinuten");
    nb_t_resp_free(&r);
    assert_string_equal(asg_status(first), "samengevoegd");
    assert_string_equal(asg_status(woon_b), "samengevoegd");
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/opdrachten/%lld", merged);
    nb_t_assert_status(&r, 200);
    assert_string_equal(str(r.json, "soort"), "meervoudig-lokaal");
    assert_string_equal(str(r.json, "status"), "ingediend");
    json_t *reqs = json_object_get(r.json, "aanvragers");
    assert_int_equal(json_array_size(reqs), 2);
    long long sa = 0, sb = 0;
    for (size_t i = 0; i < 2; i++) {
        json_t *q = json_array_get(reqs, i);
        if (num(q, "organisatieId") == org_a)
            sa = num(q, "aandeel");
        else if (num(q, "organisatieId") == org_b)
            sb = num(q, "aandeel");
    }
    assert_true(sa > 0 && sb > 0);
    assert_int_equal(sa * 6000, sb * asked_a); /* shares in proportion to what each asked */
    long long total = 0;
    json_t *lines = json_object_get(r.json, "regels");
    for (size_t i = 0; i < json_array_size(lines); i++)
        total += num(json_array_get(lines, i), "minuten");
    assert_int_equal(total, bundled);
    long long line = num(json_array_get(lines, 0), "id");
    nb_t_resp_free(&r);
    /* each consent recorded on the bundled assignment, as given */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/opdrachten/%lld/instemmingen", merged);
    nb_t_assert_status(&r, 200);
    assert_true(json_is_true(json_object_get(r.json, "belastbaar")));
    nb_t_resp_free(&r);
    decide(&r, coord_b, id, org_b, "afgewezen", "");
    nb_t_assert_status(&r, 409);
    nb_t_resp_free(&r);

    /* charged only now, when the bundled assignment is staffed (by C's person, so both pay
     * across): A and B by their shares */
    nb_t_reqf(&srv, &r, "PUT", beheer, "{\"status\":\"geaccepteerd\"}",
              "/api/v1/opdrachten/%lld/status", merged);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    char body[256];
    snprintf(body, sizeof body,
             "{\"opdrachtId\":%lld,\"regelId\":%lld,\"medewerkerId\":%lld,\"minuten\":%lld}",
             merged, line, pc, (sa + sb) * 10);
    long long inzet = nb_t_create(&srv, "/api/v1/inzet", beheer, body);
    nb_t_reqf(&srv, &r, "PUT", beheer, "{\"status\":\"bevestigd\"}", "/api/v1/inzet/%lld/status",
              inzet);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    assert_int_equal(debits(org_a) - da, sa * 10);
    assert_int_equal(debits(org_b) - db, sb * 10);

    /* the measured saving: null while it runs, then the approved hours against the originals */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/bundelvoorstellen/%lld", id);
    assert_true(json_is_null(json_object_get(r.json, "gemetenBesparing")));
    long long apart = num(json_object_get(r.json, "besparing"), "urenApartMinuten");
    nb_t_resp_free(&r);
    static const char *const walk[] = {"bemenst", "in-uitvoering", "afgerond"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(body, sizeof body, "{\"status\":\"%s\"}", walk[i]);
        nb_t_reqf(&srv, &r, "PUT", beheer, body, "/api/v1/opdrachten/%lld/status", merged);
        nb_t_assert_status(&r, 200);
        nb_t_resp_free(&r);
    }
    nb_t_reqf(&srv, &r, "GET", lezer_a, NULL, "/api/v1/bundelvoorstellen/%lld", id);
    nb_t_assert_status(&r, 200);
    json_t *measured = json_object_get(r.json, "gemetenBesparing");
    assert_true(json_is_object(measured));
    assert_int_equal(num(measured, "werkelijkMinuten"), 0); /* nothing was approved */
    assert_int_equal(num(measured, "besparingMinuten"), apart);
    nb_t_resp_free(&r);

    /* the originals can no longer be bundled or changed */
    nb_t_reqf(&srv, &r, "PUT", coord_b, "{\"status\":\"geannuleerd\"}",
              "/api/v1/opdrachten/%lld/status", woon_b);
    nb_t_assert_status(&r, 409);
    nb_t_resp_free(&r);
}

/* A detection proposes a with c (asserted); A agrees. Returns the proposal. */
static long long proposed_a_agrees(long long a, long long c)
{
    nb_t_resp r;
    assert_true(refresh() >= 1);
    long long id = proposal_of(a);
    assert_true(id > 0 && id == proposal_of(c));
    decide(&r, coord_a, id, org_a, "akkoord", "");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    return id;
}

/* ---- decline ---------------------------------------------------------------------- */

static void test_decline_ends_the_proposal(void **state)
{
    (void)state;
    nb_t_resp r;
    long long a = mk_asg(coord_a, org_a, pa, "Speelruimteplan",
                         "Speelplekken per wijk en de staat van de speeltoestellen", "2027-04-01",
                         "2027-09-30", lines_j(1800));
    long long c = mk_asg(coord_c, org_c, pc, "Speelruimtebeleid en speelplekken",
                         "Hoeveel speelplekken per wijk en onderhoud van speeltoestellen",
                         "2027-05-01", "2027-10-31", lines_j(2400));
    long long id = proposed_a_agrees(a, c);
    long long dc = debits(org_c);
    decide(&r, coord_c, id, org_c, "afgewezen", "Eigen aanpak, raad wil lokaal maatwerk");
    nb_t_assert_status(&r, 200);
    assert_string_equal(str(r.json, "status"), "afgewezen");
    assert_true(json_is_null(json_object_get(r.json, "samengevoegdeOpdrachtId")));
    nb_t_resp_free(&r);
    assert_string_equal(asg_status(a), "ingediend");
    assert_string_equal(asg_status(c), "ingediend");
    assert_int_equal(debits(org_c), dc);
    /* a declined pair is not proposed again, and nothing more can be decided */
    refresh();
    assert_int_equal(proposal_of(a), 0);
    decide(&r, coord_a, id, org_a, "afgewezen", "");
    nb_t_assert_status(&r, 409);
    nb_t_resp_free(&r);
}

/* ---- month profiles: the shared one is kept, differing ones are not proposed ------ */

/* One line of comp_j with the month profile [{month, 1}]. */
static char *lines_jp(long long minutes, const char *month)
{
    static char buf[4][256];
    static int k;
    char *b = buf[k++ % 4];
    snprintf(b, 256,
             "[{\"competentieId\":%lld,\"minimumNiveau\":2,\"minuten\":%lld,"
             "\"maandprofiel\":[{\"maand\":\"%s\",\"gewicht\":1}]}]",
             comp_j, minutes, month);
    return b;
}

/* A's and C's assignment (titles and descriptions alike, lines la and lc, A from April,
 * C from May to October 2027) proposed together and agreed to by A; C's agreement, the
 * last, into *r (the caller frees it). Returns the proposal; *a and *c the assignments. */
static long long agree_pair(const char *const text[4], const char *la, const char *lc, long long *a,
                            long long *c, nb_t_resp *r)
{
    *a = mk_asg(coord_a, org_a, pa, text[0], text[1], "2027-04-01", "2027-09-30", la);
    *c = mk_asg(coord_c, org_c, pc, text[2], text[3], "2027-05-01", "2027-10-31", lc);
    long long id = proposed_a_agrees(*a, *c);
    decide(r, coord_c, id, org_c, "akkoord", "");
    return id;
}

/* PUTs assignment id back with mk_asg's fields and the lines `lines` (its line of comp_j
 * keeps its id by position). */
static void put_lines(const char *token, long long id, long long org, long long client,
                      const char *const text[2], const char *start, const char *end,
                      const char *lines)
{
    char body[2048];
    asg_body(body, org, client, text[0], text[1], start, end, lines);
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "PUT", token, body, "/api/v1/opdrachten/%lld", id);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
}

static void test_merge_and_month_profiles(void **state)
{
    (void)state;
    nb_t_resp r;
    long long a, c;
    static const char *const sport[4] = {
        "Sportaccommodatiebeleid",
        "Sporthallen en zwembaden per kern en het onderhoud van de sporthallen",
        "Sportaccommodaties en zwembaden",
        "Hoeveel sporthallen per kern en het onderhoud van zwembaden"};
    /* different profiles for one competency: not proposed (the detection applies the last
     * agreement's rule; regression: proposed, then refused at the last agreement) */
    a = mk_asg(coord_a, org_a, pa, sport[0], sport[1], "2027-04-01", "2027-09-30",
               lines_jp(1800, "2027-05"));
    c = mk_asg(coord_c, org_c, pc, sport[2], sport[3], "2027-05-01", "2027-10-31",
               lines_jp(2400, "2027-06"));
    (void)refresh();
    assert_int_equal(proposal_of(a), 0);
    assert_int_equal(proposal_of(c), 0);
    /* made equal: proposed; A agrees */
    put_lines(coord_c, c, org_c, pc, sport + 2, "2027-05-01", "2027-10-31",
              lines_jp(2400, "2027-05"));
    long long id = proposed_a_agrees(a, c);
    /* C's profile changed under the open proposal: a decision is refused naming why (the
     * answer is 409, so its change is not kept: the proposal is still open) */
    put_lines(coord_c, c, org_c, pc, sport + 2, "2027-05-01", "2027-10-31",
              lines_jp(2400, "2027-06"));
    decide(&r, coord_c, id, org_c, "akkoord", "");
    nb_t_assert_status(&r, 409);
    assert_non_null(strstr(str(r.json, "detail"), "is vervallen: de maandprofielen van de regels "
                                                  "voor competentie Wonen verschillen nu"));
    nb_t_resp_free(&r);
    assert_string_equal(asg_status(a), "ingediend");
    assert_string_equal(asg_status(c), "ingediend");
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/bundelvoorstellen/%lld", id);
    assert_string_equal(str(r.json, "status"), "voorgesteld");
    assert_true(json_is_null(json_object_get(r.json, "reden")));
    nb_t_resp_free(&r);
    /* the next detection marks it vervallen with the reason (regression: it stayed
     * voorgesteld until its last agreement got the 409), audited */
    nb_t_reqf(&srv, &r, "POST", beheer, NULL, "/api/v1/bundelvoorstellen");
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "vervallen"), 1);
    assert_int_equal(num(r.json, "nieuw"), 0); /* the profiles differ: not proposed again */
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer_a, NULL, "/api/v1/bundelvoorstellen/%lld", id);
    nb_t_assert_status(&r, 200);
    assert_string_equal(str(r.json, "status"), "vervallen");
    assert_string_equal(str(r.json, "reden"),
                        "de maandprofielen van de regels voor competentie Wonen verschillen nu");
    assert_non_null(str(r.json, "besloten"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL,
              "/api/v1/auditregels?entiteit=bundelvoorstel&entiteitId=%lld", id);
    nb_t_assert_status(&r, 200);
    json_t *log = json_object_get(json_object_get(r.json, "_embedded"), "auditregels");
    int audited = 0;
    for (size_t i = 0; i < json_array_size(log); i++)
        audited += strcmp(str(json_array_get(log, i), "actie"), "vervallen") == 0;
    assert_int_equal(audited, 1);
    nb_t_resp_free(&r);
    decide(&r, coord_c, id, org_c, "afgewezen", "");
    nb_t_assert_status(&r, 409); /* nothing left to decide */
    nb_t_resp_free(&r);
    /* made equal again: a lapsed proposal does not block the pair (a decline would) */
    put_lines(coord_c, c, org_c, pc, sport + 2, "2027-05-01", "2027-10-31",
              lines_jp(2400, "2027-05"));
    assert_int_equal(refresh(), 1);
    assert_true(proposal_of(a) > 0 && proposal_of(a) == proposal_of(c) && proposal_of(a) != id);

    /* the same profile: the bundled line carries it (it was dropped, spread by days) */
    static const char *const graves[4] = {
        "Begraafplaatsenbeleid",
        "Ruimte op de begraafplaatsen, grafrechten en het onderhoud van graven",
        "Begraafplaatsen en grafrechten",
        "Hoeveel ruimte de begraafplaatsen hebben en het onderhoud van graven"};
    agree_pair(graves, lines_jp(1800, "2027-06"), lines_jp(2400, "2027-06"), &a, &c, &r);
    nb_t_assert_status(&r, 200);
    long long merged = num(r.json, "samengevoegdeOpdrachtId");
    nb_t_resp_free(&r);
    assert_true(merged > 0);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/opdrachten/%lld", merged);
    nb_t_assert_status(&r, 200);
    const json_t *p =
        json_object_get(json_array_get(json_object_get(r.json, "regels"), 0), "maandprofiel");
    assert_int_equal(json_array_size(p), 1);
    assert_string_equal(str(json_array_get(p, 0), "maand"), "2027-06");
    assert_int_equal(num(json_array_get(p, 0), "gewicht"), 1);
    nb_t_resp_free(&r);
}

/* ---- property: no minute before consent ------------------------------------------ */

static unsigned long long rnd(unsigned long long *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void test_no_charge_before_consent_property(void **state)
{
    (void)state;
    static const char *const topics[][2] = {
        {"Afvalbeleid en grondstoffenplan", "Minder restafval en betere afvalinzameling"},
        {"Transitievisie warmte", "Aardgasvrije wijken en warmtenetten"},
        {"Laadpalenbeleid", "Laadinfrastructuur en plaatsingsbeleid voor laadpalen"},
        {"Mantelzorgbeleid", "Ondersteuning van mantelzorgers en respijtzorg"},
        {"Evenementenbeleid", "Vergunningen, geluid en veiligheid bij evenementen"},
        {"Bomenbeleidsplan", "Bomenstructuur, waardevolle bomen en kapvergunning"},
    };
    const char *coords[] = {coord_a, coord_b, coord_c};
    const long long orgs[] = {org_a, org_b, org_c}, clients[] = {pa, pb, pc};
    unsigned long long seed = 0x2545F4914F6CDD1DULL;
    long long base[3];
    for (int o = 0; o < 3; o++)
        base[o] = debits(orgs[o]);
    for (size_t t = 0; t < sizeof topics / sizeof topics[0]; t++) {
        int n = 2 + (int)(rnd(&seed) % 2); /* two or three municipalities */
        for (int o = 0; o < n; o++)
            (void)mk_asg(coords[o], orgs[o], clients[o], topics[t][0], topics[t][1], "2027-01-01",
                         "2027-12-31", lines_j(600 + 60 * (long long)o));
    }
    assert_true(refresh() >= 6); /* one proposal per topic at least */
    /* every open proposal: decisions in a random order, sometimes a decline */
    for (int round = 0; round < 12; round++) {
        nb_t_resp r;
        nb_t_reqf(&srv, &r, "GET", beheer, NULL,
                  "/api/v1/bundelvoorstellen?status=voorgesteld&paginaGrootte=100");
        json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "bundelvoorstellen");
        if (json_array_size(items) == 0) {
            nb_t_resp_free(&r);
            break;
        }
        json_t *p = json_array_get(items, rnd(&seed) % json_array_size(items));
        long long id = num(p, "id");
        json_t *m = json_object_get(p, "aanvragers");
        size_t n = json_array_size(m);
        long long member_org[6];
        for (size_t i = 0; i < n; i++)
            member_org[i] = num(json_array_get(m, i), "organisatieId");
        nb_t_resp_free(&r);
        int decline_at = rnd(&seed) % 3 == 0 ? (int)(rnd(&seed) % n) : -1;
        for (size_t k = 0; k < n; k++) {
            size_t i = (k + (size_t)round) % n;
            int o = member_org[i] == org_a ? 0 : member_org[i] == org_b ? 1 : 2;
            decide(&r, coords[o], id, member_org[i], (int)i == decline_at ? "afgewezen" : "akkoord",
                   "");
            nb_t_assert_status(&r, 200);
            const char *status = str(r.json, "status");
            long long merged = num(r.json, "samengevoegdeOpdrachtId");
            int declined = strcmp(status, "afgewezen") == 0;
            nb_t_resp_free(&r);
            /* the property: no organisation carries a minute more than before */
            for (int q = 0; q < 3; q++)
                assert_int_equal(debits(orgs[q]), base[q]);
            if (declined)
                break;
            if (k + 1 < n) {
                assert_int_equal(merged, 0);
            } else {
                /* the last consent merged: each member's consent covers its share */
                assert_true(merged > 0);
                nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/opdrachten/%lld/instemmingen",
                          merged);
                assert_true(json_is_true(json_object_get(r.json, "belastbaar")));
                assert_int_equal(json_array_size(json_object_get(r.json, "zonderInstemming")), 0);
                nb_t_resp_free(&r);
            }
        }
    }
    (void)clients;
}

/* ---- the coordination share: a network setting -------------------------------------- */

static void test_coordination_share_setting(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", lezer_a, NULL, "/api/v1/netwerk/instellingen");
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "bundelCoordinatieProcent"), 15);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "PUT", beheer,
              "{\"uurtariefCent\":9000,\"verdeelsleutel\":\"inwoners\","
              "\"bundelCoordinatieProcent\":101}",
              "/api/v1/netwerk/instellingen");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "bundelCoordinatieProcent"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "PUT", beheer,
              "{\"uurtariefCent\":9000,\"verdeelsleutel\":\"inwoners\","
              "\"bundelCoordinatieProcent\":40}",
              "/api/v1/netwerk/instellingen");
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "bundelCoordinatieProcent"), 40);
    nb_t_resp_free(&r);
    /* leaving it out keeps it */
    nb_t_reqf(&srv, &r, "PUT", beheer, "{\"uurtariefCent\":9000,\"verdeelsleutel\":\"inwoners\"}",
              "/api/v1/netwerk/instellingen");
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "bundelCoordinatieProcent"), 40);
    nb_t_resp_free(&r);
    long long a = mk_asg(coord_a, org_a, pa, "Archiefbeleid en e-depot",
                         "Aansluiten op een e-depot, selectielijsten en digitale duurzaamheid",
                         "2027-01-01", "2027-12-31", lines_j(1000));
    (void)mk_asg(coord_b, org_b, pb, "Archief op orde: e-depot",
                 "Een e-depot, selectielijsten en digitale duurzaamheid van het archief",
                 "2027-01-01", "2027-12-31", lines_j(2000));
    assert_true(refresh() >= 1);
    long long id = proposal_of(a);
    assert_true(id > 0);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/bundelvoorstellen/%lld", id);
    json_t *s = json_object_get(r.json, "besparing");
    assert_int_equal(num(s, "coordinatieProcent"), 40);
    assert_int_equal(num(s, "urenGebundeldMinuten"), 2800); /* 2000 + 40 % */
    assert_int_equal(num(s, "besparingMinuten"), 200);
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_with_why_and_saving),
        cmocka_unit_test(test_who_decides),
        cmocka_unit_test(test_consent_by_each_then_merge),
        cmocka_unit_test(test_decline_ends_the_proposal),
        cmocka_unit_test(test_merge_and_month_profiles),
        cmocka_unit_test(test_no_charge_before_consent_property),
        cmocka_unit_test(test_coordination_share_setting),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
