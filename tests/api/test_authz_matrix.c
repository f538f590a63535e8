/*
 * tests/api/test_authz_matrix.c — the authorization matrix, generated from
 * the route table (issue 7 D).
 *
 * Every row of nb_routes (linked in from src/api/routes.c, so a new route is
 * seen at once) is called over real HTTP by every caller of mx_callers: no
 * token, beheer, a coordinator of organisation A and of B, four person-bound
 * medewerker tokens (the person the objects are about, a colleague in A, the
 * ambtelijk opdrachtgever of A's assignment, a person of B) and a lezer of A
 * and of B. The objects in the paths and bodies all belong to organisation A
 * and its person "Petra" (made in setup), so "A" columns are the own
 * organisation and "B" columns the other one.
 *
 * mx_rows is the expectation table: per route one row (more rows for the same
 * route test object-level variants) with one letter per caller:
 *   A  allowed: the answer is not 401/403 (and, so that a bad fixture is not
 *      mistaken for a pass, not 400/404/405/415/5xx either)
 *   D  denied: exactly 403, as problem+json
 *   U  no token: exactly 401, as problem+json
 *   V  allowed (2xx) and Petra's personal data (DOMAIN rule 8: birth year,
 *      exit date, competency levels, learning wishes, cost parts) is in it
 *   H  allowed (2xx) and none of it is
 * The test fails when a route has no row, when a row names a route that no
 * longer exists, when a row allows a role its route does not admit, and for
 * every cell whose answer differs (all are reported, then the test fails).
 *
 * Adding a route = adding one row. Path parameters and bodies use
 * placeholders "<name>" filled from mx_values (ids made in setup, or a fresh
 * object per call for rows whose allowed callers change what they touch).
 */
#include "harness.h"

#include "api/api.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- The callers (columns) ------------------------------------------------ */

enum {
    MX_ANON,
    MX_BEHEER,
    MX_COORD_A,
    MX_COORD_B,
    MX_MED_SELF,
    MX_MED_PEER,
    MX_MED_CLIENT,
    MX_MED_B,
    MX_LEZER_A,
    MX_LEZER_B,
    MX_NCALLERS
};

typedef struct mx_caller {
    const char *name;
    int role;    /* NB_ROLE_* bit; NB_ROLE_PUBLIC for no token */
    char *token; /* made in setup; NULL for no token */
} mx_caller;

static mx_caller mx_callers[MX_NCALLERS] = {
    {"geen token", NB_ROLE_PUBLIC, NULL},
    {"beheer", NB_ROLE_BEHEER, NULL},
    {"coordinator A", NB_ROLE_COORDINATOR, NULL},
    {"coordinator B", NB_ROLE_COORDINATOR, NULL},
    {"medewerker zelf (Petra, A)", NB_ROLE_MEDEWERKER, NULL},
    {"medewerker collega (A)", NB_ROLE_MEDEWERKER, NULL},
    {"medewerker opdrachtgever (A)", NB_ROLE_MEDEWERKER, NULL},
    {"medewerker B", NB_ROLE_MEDEWERKER, NULL},
    {"lezer A", NB_ROLE_LEZER, NULL},
    {"lezer B", NB_ROLE_LEZER, NULL},
};

/* ---- The expectation table ------------------------------------------------ */

typedef struct mx_row {
    const char *method;
    const char *pattern; /* exactly as in nb_routes */
    const char *params;  /* path parameters in order, comma separated ("<pa>"), or NULL */
    const char *query;   /* appended to the path ("?organisatieId=<A>"), or NULL */
    const char *body;    /* JSON with placeholders, or NULL */
    const char *expect;  /* callers in mx_callers order; spaces are ignored:
                          * geen | beheer | coord A B | med zelf collega opdrachtgever B | lezer A B */
} mx_row;

/* The bodies of the fixture records: PUT rows send them back unchanged. */
#define MX_ORG_A                                                                         \
    "{\"code\":\"GM0001\",\"soort\":\"gemeente\",\"naam\":\"Aadorp\",\"inwoners\":1000," \
    "\"kredietlijnMinuten\":1000000}"
#define MX_COMP \
    "{\"code\":\"BS-DATA\",\"naam\":\"Data-analyse\",\"domein\":\"bestuur-en-strategie\"}"
#define MX_PROFILE \
    "{\"naam\":\"Analist\",\"competenties\":[{\"competentieId\":<comp>,\"gewicht\":10}]}"
#define MX_PETRA                                                                     \
    "{\"organisatieId\":<A>,\"naam\":\"Petra Prive\",\"email\":\"petra@aadorp.nl\"," \
    "\"schaal\":10,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":960,"   \
    "\"geboortejaar\":1970,\"verwachteUitstroomdatum\":\"2030-06-30\","              \
    "\"competenties\":[{\"competentieId\":<comp>,\"niveau\":4}],\"leerwensen\":[<comp2>]}"
#define MX_ASG(title, minutes)                                                             \
    "{\"titel\":\"" title "\",\"soort\":\"lokaal\",\"werksoort\":\"regulier\","            \
    "\"startdatum\":\"2025-01-01\",\"einddatum\":\"2027-12-31\","                          \
    "\"bestuurlijkOpdrachtgever\":\"Wethouder Jansen\",\"ambtelijkOpdrachtgeverId\":<pc>," \
    "\"aanvragers\":[{\"organisatieId\":<A>}],\"regels\":[{\"competentieId\":<comp>,"      \
    "\"minimumNiveau\":2,\"minuten\":" #minutes "}]}"
/* A's assignment with B added as a requester (issue 7 A.1, DOMAIN rule 9: B pays only with its
 * consent; adding it after submission is for beheer). */
#define MX_ASG_AB(title)                                                                             \
    "{\"titel\":\"" title "\",\"soort\":\"meervoudig-lokaal\",\"werksoort\":\"regulier\","           \
    "\"startdatum\":\"2025-01-01\",\"einddatum\":\"2027-12-31\","                                    \
    "\"bestuurlijkOpdrachtgever\":\"Wethouder Jansen\",\"ambtelijkOpdrachtgeverId\":<pc>,"           \
    "\"aanvragers\":[{\"organisatieId\":<A>,\"aandeel\":1},{\"organisatieId\":<B>,\"aandeel\":99}]," \
    "\"regels\":[{\"competentieId\":<comp>,\"minimumNiveau\":2,\"minuten\":600}]}"
#define MX_PROG(name)                                                          \
    "{\"naam\":\"" name "\",\"soort\":\"gemeentelijk\",\"organisatieId\":<A>," \
    "\"eersteJaar\":2027,\"laatsteJaar\":2028}"
#define MX_SETTINGS \
    "{\"uurtariefCent\":6000,\"verdeelsleutel\":\"inwoners\",\"externUurtariefCent\":12500}"
#define MX_PERSON_NEW                                                             \
    "{\"organisatieId\":<A>,\"naam\":\"Nieuw <n>\",\"email\":\"n<n>@aadorp.nl\"," \
    "\"schaal\":8,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":0}"

static const mx_row mx_rows[] = {
    /* method, pattern, path params, query, body, expectation
     *                                                          g b cc mmmm ll */
    {"GET", "/api/v1/openapi.json", NULL, NULL, NULL, "A A AA AAAA AA"},
    {"GET", "/health/live", NULL, NULL, NULL, "A A AA AAAA AA"},
    {"GET", "/health/ready", NULL, NULL, NULL, "A A AA AAAA AA"},
    {"GET", "/api/v1/auditregels", NULL, NULL, NULL, "U A DD DDDD DD"},
    {"GET", "/api/v1/auditlog", NULL, NULL, NULL, "U A DD DDDD DD"}, /* deprecated alias */

    {"GET", "/api/v1/organisaties", NULL, NULL, NULL, "U A AA AAAA AA"},
    {"POST", "/api/v1/organisaties", NULL, NULL,
     "{\"code\":\"GM9<n>\",\"soort\":\"gemeente\",\"naam\":\"Nieuw <n>\",\"inwoners\":10}",
     "U A DD DDDD DD"},
    {"GET", "/api/v1/organisaties/{id}", "<A>", NULL, NULL, "U A AA AAAA AA"},
    {"PUT", "/api/v1/organisaties/{id}", "<A>", NULL, MX_ORG_A, "U A DD DDDD DD"},

    {"GET", "/api/v1/competenties", NULL, NULL, NULL, "U A AA AAAA AA"},
    {"POST", "/api/v1/competenties", NULL, NULL,
     "{\"code\":\"MX-<n>\",\"naam\":\"Nieuw <n>\",\"domein\":\"sociaal\"}", "U A DD DDDD DD"},
    {"GET", "/api/v1/competenties/{id}", "<comp>", NULL, NULL, "U A AA AAAA AA"},
    {"PUT", "/api/v1/competenties/{id}", "<comp>", NULL, MX_COMP, "U A DD DDDD DD"},

    {"GET", "/api/v1/rolprofielen", NULL, NULL, NULL, "U A AA AAAA AA"},
    {"POST", "/api/v1/rolprofielen", NULL, NULL,
     "{\"naam\":\"Profiel <n>\",\"competenties\":[{\"competentieId\":<comp>,\"gewicht\":5}]}",
     "U A DD DDDD DD"},
    {"GET", "/api/v1/rolprofielen/{id}", "<profile>", NULL, NULL, "U A AA AAAA AA"},
    {"PUT", "/api/v1/rolprofielen/{id}", "<profile>", NULL, MX_PROFILE, "U A DD DDDD DD"},

    /* Rule 8: Petra's personal data for herself, A's coordinator and beheer only. */
    {"GET", "/api/v1/medewerkers", NULL, "?zoek=Petra", NULL, "U V VH VHHH HH"},
    /* Filtering on a level is reading levels: beheer, or a coordinator within its own org. */
    {"GET", "/api/v1/medewerkers", NULL, "?competentieId=<comp>&minNiveau=3&organisatieId=<A>",
     NULL, "U A AD DDDD DD"},
    {"GET", "/api/v1/medewerkers", NULL, "?competentieId=<comp>&minNiveau=3", NULL,
     "U A DD DDDD DD"},
    {"POST", "/api/v1/medewerkers", NULL, NULL, MX_PERSON_NEW, "U A AD DDDD DD"},
    {"GET", "/api/v1/medewerkers/{id}", "<pa>", NULL, NULL, "U V VH VHHH HH"},
    {"PUT", "/api/v1/medewerkers/{id}", "<pa>", NULL, MX_PETRA, "U A AD DDDD DD"},
    /* Moving a person to another organisation: beheer only (fresh person per call). */
    {"PUT", "/api/v1/medewerkers/{id}", "<new-person>", NULL,
     "{\"organisatieId\":<B>,\"naam\":\"Verhuisd\",\"email\":\"v@aadorp.nl\",\"schaal\":8,"
     "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":0}",
     "U A DD DDDD DD"},

    {"GET", "/api/v1/opdrachten", NULL, NULL, NULL, "U A AA AAAA AA"},
    {"POST", "/api/v1/opdrachten", NULL, NULL, MX_ASG("Nieuw", 600), "U A AD DDDD DD"},
    {"GET", "/api/v1/opdrachten/{id}", "<asg>", NULL, NULL, "U A AA AAAA AA"},
    {"PUT", "/api/v1/opdrachten/{id}", "<asg>", NULL, MX_ASG("Matrix A", 60000), "U A AD DDDD DD"},
    /* Submitting a concept (fresh per call): its requester's coordinator or beheer. */
    {"PUT", "/api/v1/opdrachten/{id}/status", "<new-concept>", NULL, "{\"status\":\"ingediend\"}",
     "U A AD DDDD DD"},

    /* Consent (DOMAIN rule 9, issue 7 A.1), on "<asg-ab>": A's submitted assignment naming B,
     * no consent from B yet. Only B's own coordinator consents for B. */
    {"GET", "/api/v1/opdrachten/{id}/instemmingen", "<asg-ab>", NULL, NULL, "U A AA AAAA AA"},
    {"GET", "/api/v1/opdrachten/{id}/instemmingen/{organisatie-id}", "<asg-ab>,<B>", NULL, NULL,
     "U A AA AAAA AA"},
    {"PUT", "/api/v1/opdrachten/{id}/instemmingen/{organisatie-id}", "<asg-ab>,<B>", NULL, "{}",
     "U D DA DDDD DD"},
    /* The attack of issue 7 A.1: A's coordinator adds B (99 of 100) to an accepted assignment. */
    {"PUT", "/api/v1/opdrachten/{id}", "<new-accepted>", NULL, MX_ASG_AB("Concept"),
     "U A DD DDDD DD"},

    {"GET", "/api/v1/netwerk/instellingen", NULL, NULL, NULL, "U A AA AAAA AA"},
    {"PUT", "/api/v1/netwerk/instellingen", NULL, NULL, MX_SETTINGS, "U A DD DDDD DD"},
    {"GET", "/api/v1/boekingen", NULL, "?organisatieId=<A>", NULL, "U A AD DDDD AA"},
    {"POST", "/api/v1/boekingen", NULL, NULL,
     "{\"boekingen\":[{\"id\":\"mx-<n>\",\"soort\":\"storting\",\"creditOrganisatieId\":<A>,"
     "\"bedragCent\":6000}]}",
     "U A DD DDDD DD"},
    {"GET", "/api/v1/boekingen/{id}", "<deposit>", NULL, NULL, "U A AD DDDD AA"},
    {"GET", "/api/v1/grootboek", NULL, NULL, NULL, "U A DD DDDD AA"},
    {"GET", "/api/v1/grootboek/controle", NULL, NULL, NULL, "U A DD DDDD DD"},
    {"GET", "/api/v1/organisaties/{id}/saldo", "<A>", NULL, NULL, "U A AD DDDD AA"},
    {"GET", "/api/v1/organisaties/{id}/afschrift", "<A>", NULL, NULL, "U A AD DDDD AA"},
    {"GET", "/api/v1/organisaties/{id}/afschrift.csv", "<A>", NULL, NULL, "U A AD DDDD AA"},
    /* The hours budget: every row for beheer and lezer, a coordinator its own (both A and B
     * may ask; each gets its own row, test_urenbegroting checks which). */
    {"GET", "/api/v1/urenbegroting", NULL, NULL, NULL, "U A AA DDDD AA"},
    {"GET", "/api/v1/urenbegroting/tabel.csv", NULL, "?jaar=2026", NULL, "U A AA DDDD AA"},
    {"GET", "/api/v1/urenbegroting/tabel.xlsx", NULL, NULL, NULL, "U A AA DDDD AA"},
    /* Lessons learned: anyone reads them (no names); the MT, A's coordinator (a requester),
     * Petra (confirmed on the assignment) and its ambtelijk opdrachtgever write them. */
    {"GET", "/api/v1/leerervaringen", NULL, "?opdrachtId=<asg>", NULL, "U A AA AAAA AA"},
    {"POST", "/api/v1/leerervaringen", NULL, NULL,
     "{\"opdrachtId\":<asg>,\"categorie\":\"samenwerking\",\"watKanBeter\":\"Eerder\"}",
     "U A AD ADAD DD"},
    {"GET", "/api/v1/leerervaringen/{id}", "<lesson>", NULL, NULL, "U A AA AAAA AA"},
    /* Vulnerability: counts for every reader; names are checked in api-kwetsbaarheid. */
    {"GET", "/api/v1/kwetsbaarheid", NULL, "?organisatieId=<A>", NULL, "U A AA DDDD AA"},
    /* The what-if: counts for every reader; names are checked in api-watals. */
    {"GET", "/api/v1/kwetsbaarheid/watals", NULL, "?medewerkers=<pa>", NULL, "U A AA DDDD AA"},
    {"GET", "/api/v1/kwetsbaarheid/drie-k", NULL, "?organisatieId=<A>", NULL, "U A AA DDDD AA"},
    /* Reports (issue 11 §3): the college report for the MT and the own coordinator; the
     * raadsinformatie also for lezer; the adviesrapportage for the MT and lezer. */
    {"GET", "/api/v1/rapportages/college", NULL, "?organisatie=<A>", NULL, "U A AD DDDD DD"},
    {"GET", "/api/v1/rapportages/raad", NULL, "?organisatie=<A>", NULL, "U A AD DDDD AA"},
    {"GET", "/api/v1/rapportages/advies", NULL, NULL, NULL, "U A DD DDDD AA"},

    {"GET", "/api/v1/inzetten", NULL, NULL, NULL, "U A AA AAAA AA"},
    {"POST", "/api/v1/inzetten", NULL, NULL,
     "{\"opdrachtId\":<asg>,\"regelId\":<line>,\"medewerkerId\":<pa>,\"minuten\":60}",
     "U A AD DDDD DD"},
    {"GET", "/api/v1/inzetten/{id}", "<inzet>", NULL, NULL, "U A AA AAAA AA"},
    {"PUT", "/api/v1/inzetten/{id}/status", "<inzet>", NULL, "{\"status\":\"bevestigd\"}",
     "U A AD DDDD DD"},
    /* the deprecated aliases (api/alias.c) keep the same rights */
    {"GET", "/api/v1/inzet", NULL, NULL, NULL, "U A AA AAAA AA"},
    {"POST", "/api/v1/inzet", NULL, NULL,
     "{\"opdrachtId\":<asg>,\"regelId\":<line>,\"medewerkerId\":<pa>,\"minuten\":60}",
     "U A AD DDDD DD"},
    {"GET", "/api/v1/inzet/{id}", "<inzet>", NULL, NULL, "U A AA AAAA AA"},
    {"PUT", "/api/v1/inzet/{id}/status", "<inzet>", NULL, "{\"status\":\"bevestigd\"}",
     "U A AD DDDD DD"},

    {"GET", "/api/v1/urenregistraties", NULL, NULL, NULL, "U A AA AAAA DD"},
    {"GET", "/api/v1/urenregistraties", NULL, "?organisatieId=<A>", NULL, "U A AD AAAA DD"},
    {"POST", "/api/v1/urenregistraties", NULL, NULL,
     "{\"medewerkerId\":<pa>,\"opdrachtId\":<asg>,\"datum\":\"<yesterday>\",\"minuten\":15}",
     "U A AD ADDD DD"},
    {"GET", "/api/v1/urenregistraties/{id}", "<uren>", NULL, NULL, "U A AD ADAD DD"},
    /* Judged by the ambtelijk opdrachtgever or beheer; never by the person itself. */
    {"PUT", "/api/v1/urenregistraties/{id}/beoordeling", "<uren>", NULL,
     "{\"besluit\":\"goedgekeurd\"}", "U A DD DDAD DD"},

    {"GET", "/api/v1/perioden", NULL, NULL, NULL, "U A AA AAAA AA"},
    {"POST", "/api/v1/perioden", NULL, NULL, "{\"van\":\"2018-03-01\",\"tot\":\"2018-03-31\"}",
     "U A DD DDDD DD"},
    {"GET", "/api/v1/perioden/{id}", "<periode>", NULL, NULL, "U A AA AAAA AA"},

    /* Settlement: network management books and previews; coordinators (their own line) and
     * lezers read. 2019 is not wholly closed, so beheer's POST is a 409. */
    {"GET", "/api/v1/verrekeningen", NULL, NULL, NULL, "U A AA DDDD AA"},
    {"POST", "/api/v1/verrekeningen", NULL, NULL, "{\"verzoekId\":\"mx-vr-2\",\"jaar\":2019}",
     "U A DD DDDD DD"},
    {"GET", "/api/v1/verrekeningen/voorstel", NULL, "?jaar=2019", NULL, "U A DD DDDD DD"},
    {"GET", "/api/v1/verrekeningen/{id}", "<verrekening>", NULL, NULL, "U A AA DDDD AA"},

    {"GET", "/api/v1/teamvoorstellen", NULL, NULL, NULL, "U A AA DDDD AA"},
    {"POST", "/api/v1/teamvoorstellen", NULL, NULL, "{\"opdrachtIds\":[<asg-team>]}",
     "U A DD DDDD DD"},
    /* Rule 8: level, reasons and costs of Petra's proposal line. */
    {"GET", "/api/v1/teamvoorstellen/{id}", "<voorstel>", NULL, NULL, "U V VH DDDD HH"},
    {"POST", "/api/v1/teamvoorstellen/{id}/acceptatie", "<voorstel>", NULL, "{\"alles\":true}",
     "U A DD DDDD DD"},

    /* Bundling (issue 10 §2), on "<bundel>": a proposal of A's assignment (client Olga) and B's.
     * Everyone of A or B sees it; A decides through its coordinator or Olga (after the first
     * decision the second gets 409: allowed, but decided once); beheer cannot decide. */
    {"GET", "/api/v1/bundelvoorstellen", NULL, NULL, NULL, "U A AA AAAA AA"},
    {"POST", "/api/v1/bundelvoorstellen", NULL, NULL, NULL, "U A DD DDDD DD"},
    {"GET", "/api/v1/bundelvoorstellen/{id}", "<bundel>", NULL, NULL, "U A AA AAAA AA"},
    {"PUT", "/api/v1/bundelvoorstellen/{id}/instemmingen/{organisatie-id}", "<bundel>,<A>", NULL,
     "{\"besluit\":\"akkoord\",\"notitie\":\"matrix\"}", "U D AD DDAD DD"},
    /* issue 10 §1: programmes (read by all; A's gemeentelijk programme written by beheer and A's
     * coordinator only) and the work stock (aggregates, as /kwetsbaarheid). */
    {"GET", "/api/v1/programmas", NULL, "?organisatieId=<A>", NULL, "U A AA AAAA AA"},
    {"POST", "/api/v1/programmas", NULL, NULL, MX_PROG("Programma <n>"), "U A AD DDDD DD"},
    {"GET", "/api/v1/programmas/{id}", "<prog>", NULL, NULL, "U A AA AAAA AA"},
    {"PUT", "/api/v1/programmas/{id}", "<prog>", NULL, MX_PROG("Programma A"), "U A AD DDDD DD"},
    {"GET", "/api/v1/werkvoorraad", NULL, "?van=2026-01&tot=2026-03", NULL, "U A AA DDDD AA"},
};
#define MX_NROWS (sizeof mx_rows / sizeof mx_rows[0])

/* ---- Fixture ---------------------------------------------------------------- */

static nb_t_server srv;
static long long org_a, org_b, comp, comp2, profile, pa, pa2, pc, pb, asg, line, asg_team;
static long long inzet_concept, inzet_conf, uren, periode, voorstel, asg_ab, lesson, bundel;
static long long verrekening;
static long long prog;
static char deposit[32], yesterday[11];
static int serial;

typedef struct mx_value {
    const char *name;        /* "<name>" in params and bodies */
    long long *id;           /* a fixed id, or NULL */
    const char *text;        /* a fixed text, or NULL */
    long long (*make)(void); /* a fresh record per use, or NULL */
} mx_value;

static long long create(const char *path, const char *body);
static long long make_concept(void);
static long long make_new_person(void);
static long long make_accepted(void);

static const mx_value mx_values[] = {
    {"<A>", &org_a, NULL, NULL},
    {"<B>", &org_b, NULL, NULL},
    {"<comp>", &comp, NULL, NULL},
    {"<comp2>", &comp2, NULL, NULL},
    {"<profile>", &profile, NULL, NULL},
    {"<pa>", &pa, NULL, NULL},
    {"<pc>", &pc, NULL, NULL},
    {"<asg>", &asg, NULL, NULL},
    {"<line>", &line, NULL, NULL},
    {"<asg-team>", &asg_team, NULL, NULL},
    {"<inzet>", &inzet_concept, NULL, NULL},
    {"<uren>", &uren, NULL, NULL},
    {"<periode>", &periode, NULL, NULL},
    {"<voorstel>", &voorstel, NULL, NULL},
    {"<deposit>", NULL, deposit, NULL},
    {"<yesterday>", NULL, yesterday, NULL},
    {"<new-concept>", NULL, NULL, make_concept},
    {"<new-person>", NULL, NULL, make_new_person},
    {"<new-accepted>", NULL, NULL, make_accepted},
    {"<asg-ab>", &asg_ab, NULL, NULL},
    {"<lesson>", &lesson, NULL, NULL},
    {"<verrekening>", &verrekening, NULL, NULL},
    {"<bundel>", &bundel, NULL, NULL},
    {"<prog>", &prog, NULL, NULL},
};

/*
 * Expands the placeholders of tmpl into out (n bytes). "<n>" is a number
 * unique per expansion (3 digits). Fails the test on an unknown placeholder.
 */
static void expand(const char *tmpl, char *out, size_t n)
{
    size_t k = 0;
    int unique = ++serial;
    for (const char *p = tmpl; *p;) {
        char val[64] = "";
        size_t used = 0;
        if (*p == '<') {
            if (strncmp(p, "<n>", 3) == 0) {
                snprintf(val, sizeof val, "%03d", unique % 1000);
                used = 3;
            }
            for (size_t i = 0; used == 0 && i < sizeof mx_values / sizeof mx_values[0]; i++) {
                size_t len = strlen(mx_values[i].name);
                if (strncmp(p, mx_values[i].name, len) != 0)
                    continue;
                used = len;
                if (mx_values[i].id)
                    snprintf(val, sizeof val, "%lld", *mx_values[i].id);
                else if (mx_values[i].text)
                    snprintf(val, sizeof val, "%s", mx_values[i].text);
                else
                    snprintf(val, sizeof val, "%lld", mx_values[i].make());
            }
            if (used == 0) {
                fprintf(stderr, "unknown placeholder in '%s'\n", p);
                fail();
            }
        } else {
            val[0] = *p;
            used = 1;
        }
        size_t vl = strlen(val);
        assert_true(k + vl < n);
        memcpy(out + k, val, vl);
        k += vl;
        p += used;
    }
    out[k] = '\0';
}

static long long create(const char *path, const char *tmpl)
{
    char body[2048];
    expand(tmpl, body, sizeof body);
    return nb_t_create(&srv, path, mx_callers[MX_BEHEER].token, body);
}

static void beheer_ok(const char *method, const char *path, const char *tmpl, nb_t_resp *r)
{
    char body[2048];
    expand(tmpl, body, sizeof body);
    nb_t_reqf(&srv, r, method, mx_callers[MX_BEHEER].token, body, "%s", path);
    if (r->status != 200 && r->status != 201)
        nb_t_assert_status(r, 200);
}

static void status_to(long long id, const char *status)
{
    char path[64], body[64];
    nb_t_resp r;
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld/status", id);
    snprintf(body, sizeof body, "{\"status\":\"%s\"}", status);
    beheer_ok("PUT", path, body, &r);
    nb_t_resp_free(&r);
}

static long long make_concept(void)
{
    return create("/api/v1/opdrachten", MX_ASG("Concept", 600));
}

/* A fresh accepted assignment of A (as "Concept" before it). */
static long long make_accepted(void)
{
    long long id = make_concept();
    status_to(id, "ingediend");
    status_to(id, "geaccepteerd");
    return id;
}

static long long make_new_person(void)
{
    return create("/api/v1/medewerkers", MX_PERSON_NEW);
}

static char *token(const char *role, long long org, long long person)
{
    char *t = nb_t_token(&srv, role, org, person);
    assert_non_null(t);
    return t;
}

static int setup(void **state)
{
    (void)state;
    if (nb_t_server_start(&srv) != 0)
        return -1;
    time_t t = time(NULL) - 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(yesterday, sizeof yesterday, "%Y-%m-%d", &tm);
    mx_callers[MX_BEHEER].token = token("beheer", 0, 0);
    nb_t_resp r;
    beheer_ok("PUT", "/api/v1/netwerk/instellingen", MX_SETTINGS, &r);
    nb_t_resp_free(&r);
    org_a = create("/api/v1/organisaties", MX_ORG_A);
    org_b = create("/api/v1/organisaties",
                   "{\"code\":\"GM0002\",\"soort\":\"gemeente\",\"naam\":\"Beekdorp\","
                   "\"inwoners\":3000,\"kredietlijnMinuten\":1000000}");
    comp = create("/api/v1/competenties", MX_COMP);
    comp2 = create("/api/v1/competenties",
                   "{\"code\":\"SOC-JEUGD\",\"naam\":\"Jeugdzorg\",\"domein\":\"sociaal\"}");
    profile = create("/api/v1/rolprofielen", MX_PROFILE);
    pa = create("/api/v1/medewerkers", MX_PETRA);
    pa2 = create("/api/v1/medewerkers",
                 "{\"organisatieId\":<A>,\"naam\":\"Cor Collega\",\"email\":\"cor@aadorp.nl\","
                 "\"schaal\":9,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":0}");
    pc = create(
        "/api/v1/medewerkers",
        "{\"organisatieId\":<A>,\"naam\":\"Olga Opdrachtgever\",\"email\":\"olga@aadorp.nl\","
        "\"schaal\":12,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":0}");
    pb = create("/api/v1/medewerkers",
                "{\"organisatieId\":<B>,\"naam\":\"Bert Beek\",\"email\":\"bert@beekdorp.nl\","
                "\"schaal\":9,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":0}");
    mx_callers[MX_COORD_A].token = token("coordinator", org_a, 0);
    mx_callers[MX_COORD_B].token = token("coordinator", org_b, 0);
    mx_callers[MX_MED_SELF].token = token("medewerker", org_a, pa);
    mx_callers[MX_MED_PEER].token = token("medewerker", org_a, pa2);
    mx_callers[MX_MED_CLIENT].token = token("medewerker", org_a, pc);
    mx_callers[MX_MED_B].token = token("medewerker", org_b, pb);
    mx_callers[MX_LEZER_A].token = token("lezer", org_a, 0);
    mx_callers[MX_LEZER_B].token = token("lezer", org_b, 0);

    /* A's accepted assignment (client Olga), Petra confirmed on it with one entry. */
    beheer_ok("POST", "/api/v1/opdrachten", MX_ASG("Matrix A", 60000), &r);
    asg = (long long)json_integer_value(json_object_get(r.json, "id"));
    line = (long long)json_integer_value(
        json_object_get(json_array_get(json_object_get(r.json, "regels"), 0), "id"));
    nb_t_resp_free(&r);
    status_to(asg, "ingediend");
    status_to(asg, "geaccepteerd");
    nb_t_consent_all(&srv, mx_callers[MX_BEHEER].token, asg);
    const char *alloc = "{\"opdrachtId\":<asg>,\"regelId\":<line>,\"medewerkerId\":<pa>,"
                        "\"minuten\":600}";
    inzet_conf = create("/api/v1/inzet", alloc);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/inzet/%lld/status", inzet_conf);
    beheer_ok("PUT", path, "{\"status\":\"bevestigd\"}", &r);
    nb_t_resp_free(&r);
    inzet_concept = create("/api/v1/inzet", alloc);
    uren = create("/api/v1/urenregistraties",
                  "{\"medewerkerId\":<pa>,\"opdrachtId\":<asg>,\"datum\":\"<yesterday>\","
                  "\"minuten\":30}");
    prog = create("/api/v1/programmas", MX_PROG("Programma A"));
    periode = create("/api/v1/perioden", "{\"van\":\"2019-01-01\",\"tot\":\"2019-01-31\"}");
    lesson = create("/api/v1/leerervaringen",
                    "{\"opdrachtId\":<asg>,\"categorie\":\"proces\",\"watGingGoed\":\"Snel\"}");
    beheer_ok("POST", "/api/v1/boekingen",
              "{\"boekingen\":[{\"id\":\"mx-deposit\",\"soort\":\"storting\","
              "\"creditOrganisatieId\":<A>,\"bedragCent\":6000}]}",
              &r);
    snprintf(deposit, sizeof deposit, "mx-deposit");
    nb_t_resp_free(&r);
    /* every balance carried over: nothing booked, so the rows above see the same ledger */
    verrekening =
        create("/api/v1/verrekeningen", "{\"verzoekId\":\"mx-vr\",\"periodeId\":<periode>}");

    /* A second accepted assignment for the teaming engine, which proposes Petra. */
    asg_team = create("/api/v1/opdrachten", MX_ASG("Matrix team", 1200));
    status_to(asg_team, "ingediend");
    status_to(asg_team, "geaccepteerd");
    voorstel = create("/api/v1/teamvoorstellen", "{\"opdrachtIds\":[<asg-team>]}");

    /* For the consent rows (DOMAIN rule 9): A's submitted multi-local assignment that names B,
     * made by beheer; B has not consented. */
    asg_ab = create("/api/v1/opdrachten", MX_ASG_AB("Matrix AB"));
    status_to(asg_ab, "ingediend");

    /* For the bundling rows: alike local assignments of A (client Olga) and B (client Bert). */
    const char *woon = "\"omschrijving\":\"Woonvisie met woningbouwprogramma en sociale huur\","
                       "\"soort\":\"lokaal\",\"werksoort\":\"regulier\","
                       "\"startdatum\":\"2025-01-01\",\"einddatum\":\"2027-12-31\","
                       "\"bestuurlijkOpdrachtgever\":\"Wethouder Jansen\",";
    char body[1024];
    snprintf(body, sizeof body,
             "{\"titel\":\"Woonvisie actualiseren\",%s\"ambtelijkOpdrachtgeverId\":<pc>,"
             "\"aanvragers\":[{\"organisatieId\":<A>}],\"regels\":[{\"competentieId\":<comp>,"
             "\"minimumNiveau\":2,\"minuten\":600}]}",
             woon);
    (void)create("/api/v1/opdrachten", body);
    snprintf(body, sizeof body,
             "{\"titel\":\"Woonvisie actualiseren\",%s\"ambtelijkOpdrachtgeverId\":%lld,"
             "\"aanvragers\":[{\"organisatieId\":<B>}],\"regels\":[{\"competentieId\":<comp>,"
             "\"minimumNiveau\":2,\"minuten\":900}]}",
             woon, pb);
    (void)create("/api/v1/opdrachten", body);
    nb_t_reqf(&srv, &r, "POST", mx_callers[MX_BEHEER].token, NULL, "/api/v1/bundelvoorstellen");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", mx_callers[MX_BEHEER].token, NULL,
              "/api/v1/bundelvoorstellen?status=voorgesteld");
    json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "bundelvoorstellen");
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *m = json_object_get(json_array_get(items, i), "aanvragers");
        for (size_t k = 0; k < json_array_size(m); k++)
            if ((long long)json_integer_value(
                    json_object_get(json_array_get(m, k), "organisatieId")) == org_b)
                bundel =
                    (long long)json_integer_value(json_object_get(json_array_get(items, i), "id"));
    }
    nb_t_resp_free(&r);
    assert_true(bundel > 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (int c = 0; c < MX_NCALLERS; c++)
        free(mx_callers[c].token);
    return nb_t_server_stop(&srv) == 0 ? 0 : -1;
}

/* ---- Checks ------------------------------------------------------------------ */

/* The row's expectation letters without spaces into out[MX_NCALLERS]; 0 = well formed. */
static int letters(const mx_row *row, char out[MX_NCALLERS])
{
    int n = 0;
    for (const char *p = row->expect; *p; p++) {
        if (*p == ' ')
            continue;
        if (n == MX_NCALLERS || strchr("ADUVH", *p) == NULL)
            return -1;
        out[n++] = *p;
    }
    return n == MX_NCALLERS ? 0 : -1;
}

static const nb_route *route_of(const mx_row *row)
{
    for (size_t i = 0; i < nb_routes_count; i++)
        if (strcmp(nb_routes[i].method, row->method) == 0 &&
            strcmp(nb_routes[i].pattern, row->pattern) == 0)
            return &nb_routes[i];
    return NULL;
}

/* Every route has a row; every row names a route and admits only the route's roles. */
static void test_table_covers_routes(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < nb_routes_count; i++) {
        size_t k = 0;
        while (k < MX_NROWS && !(strcmp(mx_rows[k].method, nb_routes[i].method) == 0 &&
                                 strcmp(mx_rows[k].pattern, nb_routes[i].pattern) == 0))
            k++;
        if (k == MX_NROWS) {
            fprintf(stderr, "route %s %s has no row in mx_rows (tests/api/test_authz_matrix.c)\n",
                    nb_routes[i].method, nb_routes[i].pattern);
            bad++;
        }
    }
    for (size_t k = 0; k < MX_NROWS; k++) {
        const mx_row *row = &mx_rows[k];
        const nb_route *r = route_of(row);
        char exp[MX_NCALLERS];
        if (r == NULL) {
            fprintf(stderr, "row %s %s names no route of nb_routes (src/api/routes.c)\n",
                    row->method, row->pattern);
            bad++;
            continue;
        }
        if (letters(row, exp) != 0) {
            fprintf(stderr, "row %s %s: expectation '%s' needs %d letters of A D U V H\n",
                    row->method, row->pattern, row->expect, MX_NCALLERS);
            bad++;
            continue;
        }
        for (int c = 0; c < MX_NCALLERS; c++) {
            int admitted = (r->roles & NB_ROLE_PUBLIC) || (r->roles & mx_callers[c].role);
            const char *may; /* the letters the route's roles leave for this caller */
            if (c == MX_ANON)
                may = admitted ? "AVH" : "U";
            else
                may = admitted ? "ADVH" : "D"; /* D when admitted: an object-level refusal */
            if (strchr(may, exp[c]) == NULL) {
                fprintf(stderr, "row %s %s: '%c' for %s, but the route's roles allow only '%s'\n",
                        row->method, row->pattern, exp[c], mx_callers[c].name, may);
                bad++;
            }
        }
    }
    assert_int_equal(bad, 0);
}

/*
 * 1 when json holds one of the personal keys of rule 8 anywhere: a person's
 * birth year, exit date, learning wishes, a competency level, and a proposal
 * line's cost parts (an object; a proposal's total "kosten" is a number and
 * not about a person).
 */
static int has_personal(const json_t *j)
{
    static const char *const keys[] = {"geboortejaar", "verwachteUitstroomdatum", "leerwensen",
                                       "niveau", NULL};
    const char *key;
    const json_t *v;
    size_t i;
    if (json_is_object(j)) {
        json_object_foreach ((json_t *)j, key, v) {
            for (int k = 0; keys[k]; k++)
                if (strcmp(key, keys[k]) == 0)
                    return 1;
            if (strcmp(key, "kosten") == 0 && json_is_object(v))
                return 1;
            if (has_personal(v))
                return 1;
        }
    } else if (json_is_array(j)) {
        json_array_foreach (j, i, v)
            if (has_personal(v))
                return 1;
    }
    return 0;
}

static int is_problem(nb_t_resp *r)
{
    const char *ct = nb_t_header(r, "Content-Type");
    return ct && strcmp(ct, "application/problem+json") == 0 && r->json != NULL;
}

/* Checks one cell; prints and returns 1 when it differs from the expectation. */
static int check_cell(const mx_row *row, int c, char want, const char *path, const char *body,
                      nb_t_resp *r)
{
    const char *why = NULL;
    long s = r->status;
    switch (want) {
    case 'U':
        if (s != 401 || !is_problem(r))
            why = "expected 401 problem+json";
        break;
    case 'D':
        if (s != 403 || !is_problem(r))
            why = "expected 403 problem+json (denied)";
        break;
    case 'A':
        if (s == 401 || s == 403)
            why = "expected allowed";
        else if (s == 400 || s == 404 || s == 405 || s == 415 || s >= 500)
            why = "expected allowed; this status means the fixture (ids, body) is wrong";
        break;
    case 'V':
    case 'H':
        if (s < 200 || s > 299)
            why = "expected allowed (2xx)";
        else if (want == 'V' && !has_personal(r->json))
            why = "expected Petra's personal data in the answer";
        else if (want == 'H' && has_personal(r->json))
            why = "personal data (rule 8) shown to a caller who may not see it";
        break;
    default:
        why = "bad expectation letter";
    }
    if (why == NULL)
        return 0;
    fprintf(stderr, "VIOLATION %s %s as %s: %s, got %ld\n  body sent: %s\n  answer: %.300s\n",
            row->method, path, mx_callers[c].name, why, s, body ? body : "-",
            r->body ? r->body : "");
    return 1;
}

/* The path of a row with its parameters filled in, plus its query. */
static void row_path(const mx_row *row, char *out, size_t n)
{
    char params[256] = "", expanded[256];
    if (row->params)
        expand(row->params, params, sizeof params);
    char *save = NULL;
    char *param = row->params ? strtok_r(params, ",", &save) : NULL;
    size_t k = 0;
    for (const char *p = row->pattern; *p;) {
        if (*p == '{') {
            assert_non_null(param); /* a row must give every path parameter */
            size_t len = strlen(param);
            assert_true(k + len < n);
            memcpy(out + k, param, len);
            k += len;
            p = strchr(p, '}') + 1;
            param = strtok_r(NULL, ",", &save);
            continue;
        }
        assert_true(k + 1 < n);
        out[k++] = *p++;
    }
    out[k] = '\0';
    if (row->query) {
        expand(row->query, expanded, sizeof expanded);
        assert_true(k + strlen(expanded) < n);
        strcat(out, expanded);
    }
}

static void test_matrix(void **state)
{
    (void)state;
    int cells = 0, violations = 0, counts[128] = {0};
    size_t routes = 0;
    for (size_t i = 0; i < nb_routes_count; i++)
        for (size_t k = 0; k < MX_NROWS; k++)
            if (route_of(&mx_rows[k]) == &nb_routes[i]) {
                routes++;
                break;
            }
    for (size_t k = 0; k < MX_NROWS; k++) {
        const mx_row *row = &mx_rows[k];
        char exp[MX_NCALLERS];
        assert_int_equal(letters(row, exp), 0);
        assert_non_null(route_of(row));
        for (int c = 0; c < MX_NCALLERS; c++) {
            char path[512], body[2048];
            row_path(row, path, sizeof path);
            if (row->body)
                expand(row->body, body, sizeof body);
            nb_t_resp r;
            nb_t_reqf(&srv, &r, row->method, mx_callers[c].token, row->body ? body : NULL, "%s",
                      path);
            violations += check_cell(row, c, exp[c], path, row->body ? body : NULL, &r);
            nb_t_resp_free(&r);
            cells++;
            counts[(unsigned char)exp[c]]++;
        }
    }
    printf("authorization matrix: %zu of %zu routes in %zu rows x %d callers "
           "(no token and %d roles; own/other organisation; own/other person) = %d cells: "
           "%d allowed, %d allowed with personal data, %d allowed without, %d denied (403), "
           "%d without token (401); %d violations\n",
           routes, nb_routes_count, MX_NROWS, MX_NCALLERS, 4, cells, counts['A'], counts['V'],
           counts['H'], counts['D'], counts['U'], violations);
    assert_int_equal(violations, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_covers_routes),
        cmocka_unit_test(test_matrix),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
