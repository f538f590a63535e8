/*
 * api/bundelvoorstellen.c — /api/v1/bundelvoorstellen: bundling alike local
 * assignments of different municipalities, with consent (issue 10 §2;
 * core/bundle.h, store/bundles.h).
 *
 *   GET  /bundelvoorstellen            the proposals with score, why and saving
 *   POST /bundelvoorstellen            detection: refresh the proposals (beheer)
 *   GET  /bundelvoorstellen/{id}       one proposal, its members and decisions
 *   PUT  /bundelvoorstellen/{id}/instemmingen/{organisatie-id}
 *                                      a municipality agrees or declines, with a note
 *
 * Who sees what (routes.c admits the roles; the finer rules are here):
 * beheer sees every proposal; a coordinator, medewerker or lezer only those
 * with a member of its own organisation (403 for another one). Deciding is
 * for a coordinator of that municipality or the ambtelijk opdrachtgever
 * (medewerker) of its original assignment (store/bundles.h
 * nb_bundle_may_decide). A proposal charges nobody: only the bundled
 * assignment is charged, after every municipality agreed (DOMAIN rule 9).
 */
#include "api/api.h"

#include "store/assignments.h"
#include "store/bundles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Schemas ------------------------------------------------------------- */

static const char *const nb_bundle_decisions_in[] = {"akkoord", "afgewezen", NULL};
static const nb_field nb_bundle_decide_fields[] = {
    {"besluit", NB_F_ENUM, 1, 0, 0, 0, nb_bundle_decisions_in, NULL,
     "akkoord (de gemeente stemt in met bundelen en haar aandeel) of afgewezen (het voorstel "
     "vervalt)"},
    {"notitie", NB_F_STRING, 0, 0, 0, NB_CONSENT_NOTE_MAX, NULL, NULL,
     "Toelichting (bijvoorbeeld namens welke bestuurder, of waarom niet)"},
};
const nb_schema nb_schema_bundelinstemming =
    NB_SCHEMA("Bundelinstemming", nb_bundle_decide_fields,
              "Het besluit van een gemeente over een bundelvoorstel");

const char *const nb_bundle_statuses[] = {"voorgesteld", "samengevoegd", "afgewezen", "vervallen",
                                          NULL};
static const char *const nb_bundle_decisions[] = {"open", "akkoord", "afgewezen", NULL};

static const nb_field nb_bundle_comp_out_fields[] = {
    NB_OUT("competentieId", NB_F_INT, "Een competentie die meer dan één opdracht vraagt"),
    NB_OUT("minimumNiveau", NB_F_INT, "Het laagste gevraagde minimumniveau"),
    NB_OUT("maximumNiveau", NB_F_INT, "Het hoogste gevraagde minimumniveau"),
};
static const nb_schema nb_out_bundle_comp =
    NB_SCHEMA_OUT("BundelCompetentie", nb_bundle_comp_out_fields, NULL, "Een gedeelde competentie");
static const nb_field nb_bundle_months_out_fields[] = {
    NB_OUT("van", NB_F_STRING, "Eerste maand die alle opdrachten willen (JJJJ-MM)"),
    NB_OUT("tot", NB_F_STRING, "Laatste maand die alle opdrachten willen (JJJJ-MM)"),
    NB_OUT("aantal", NB_F_INT, "Aantal overlappende maanden"),
};
static const nb_schema nb_out_bundle_months = NB_SCHEMA_OUT(
    "BundelMaanden", nb_bundle_months_out_fields, NULL, "De maanden die alle opdrachten willen");
static const nb_field nb_bundle_why_out_fields[] = {
    {"woorden", NB_F_TEXTS, 1, 0, 0, 0, NULL, NULL,
     "Gedeelde woorden uit titel en omschrijving, zwaarste eerst"},
    NB_OUT_LIST("competenties", nb_out_bundle_comp, "Gedeelde competenties met hun niveaus"),
    {"maanden", NB_F_OBJECT, 1, 1, 0, 0, NULL, &nb_out_bundle_months,
     "De overlappende maanden, of null als de perioden niet overlappen"},
};
static const nb_schema nb_out_bundle_why =
    NB_SCHEMA_OUT("BundelWaarom", nb_bundle_why_out_fields, NULL, "Waarom de opdrachten lijken");
static const nb_field nb_bundle_saving_out_fields[] = {
    NB_OUT("urenApartMinuten", NB_F_INT, "Wat de opdrachten apart vragen (minuten)"),
    NB_OUT("urenGebundeldMinuten", NB_F_INT,
           "Wat de gebundelde opdracht vraagt: per competentie de grootste regel plus het "
           "coördinatiedeel per extra aanvrager (minuten)"),
    NB_OUT("besparingMinuten", NB_F_INT, "Het verschil (minuten; negatief: bundelen kost meer)"),
    NB_OUT("coordinatieProcent", NB_F_INT, "Coördinatiedeel per extra aanvrager (procent)"),
    NB_OUT_NULL("uurtariefCent", NB_F_INT, "Het uurtarief van het netwerk, of null"),
    NB_OUT_NULL("besparingCent", NB_F_INT, "De besparing in eurocent tegen dat tarief, of null"),
};
static const nb_schema nb_out_bundle_saving =
    NB_SCHEMA_OUT("BundelBesparing", nb_bundle_saving_out_fields, NULL, "De geschatte besparing");
static const nb_field nb_bundle_measured_out_fields[] = {
    NB_OUT("werkelijkMinuten", NB_F_INT, "Goedgekeurde uren op de gebundelde opdracht (minuten)"),
    NB_OUT("besparingMinuten", NB_F_INT, "urenApartMinuten min werkelijkMinuten"),
};
static const nb_schema nb_out_bundle_measured =
    NB_SCHEMA_OUT("BundelGemetenBesparing", nb_bundle_measured_out_fields, NULL,
                  "De gemeten besparing na afronding");
static const nb_field nb_bundle_member_out_fields[] = {
    NB_OUT("organisatieId", NB_F_INT, "De aanvragende gemeente"),
    NB_OUT("organisatie", NB_F_STRING, "Haar naam"),
    NB_OUT("opdrachtId", NB_F_INT, "Haar oorspronkelijke (lokale) opdracht"),
    NB_OUT("titel", NB_F_STRING, "De titel van die opdracht"),
    NB_OUT("opdrachtStatus", NB_F_STRING, "De status van die opdracht"),
    NB_OUT("minuten", NB_F_INT, "Wat zij vroeg (minuten); haar aandeel in de gebundelde opdracht"),
    NB_OUT_ENUM("besluit", nb_bundle_decisions, "open, akkoord of afgewezen"),
    NB_OUT("notitie", NB_F_STRING, "Toelichting bij het besluit"),
    NB_OUT_NULL("door", NB_F_STRING, "Wie besloot (login of token), of null"),
    NB_OUT_NULL("besloten", NB_F_DATETIME, "Wanneer (UTC), of null"),
};
static const nb_schema nb_out_bundle_member = NB_SCHEMA_OUT(
    "BundelAanvrager", nb_bundle_member_out_fields, NULL, "Een gemeente in een bundelvoorstel");
static const nb_field nb_bundle_out_fields[] = {
    NB_OUT_ID,
    NB_OUT_ENUM("status", nb_bundle_statuses, "voorgesteld, samengevoegd, afgewezen of vervallen"),
    NB_OUT("score", NB_F_NUMBER, "De gelijkenis, 0 tot 1"),
    NB_OUT("tekstScore", NB_F_NUMBER, "TF-IDF-cosinus van titel en omschrijving"),
    NB_OUT("competentieScore", NB_F_NUMBER, "Overlap van competenties en niveaus"),
    NB_OUT("periodeScore", NB_F_NUMBER, "Overlap van de gewenste perioden (maanden)"),
    NB_OUT_OBJ("waarom", nb_out_bundle_why, "Waarom"),
    NB_OUT_OBJ("besparing", nb_out_bundle_saving, "De geschatte besparing"),
    {"gemetenBesparing", NB_F_OBJECT, 1, 1, 0, 0, NULL, &nb_out_bundle_measured,
     "Na afronding van de gebundelde opdracht: de gemeten besparing; anders null"},
    NB_OUT_LIST("aanvragers", nb_out_bundle_member, "De gemeenten en hun besluit"),
    NB_OUT_NULL("samengevoegdeOpdrachtId", NB_F_INT, "De gebundelde opdracht, of null"),
    NB_OUT("aangemaakt", NB_F_DATETIME, "Wanneer gevonden (UTC)"),
    NB_OUT_NULL("besloten", NB_F_DATETIME, "Wanneer samengevoegd, afgewezen of vervallen (UTC)"),
    NB_OUT_NULL("reden", NB_F_STRING,
                "Waarom het voorstel verviel (een opdracht niet meer open voor bundeling, of de "
                "maandprofielen van de regels voor een competentie verschillen nu); null tenzij "
                "vervallen"),
    {"versie", NB_F_INT, 1, 0, 1, INT64_MAX, NULL, NULL, "Versienummer, +1 bij elke wijziging"},
    NB_OUT_LINKS,
};
const nb_schema nb_out_bundelvoorstel =
    NB_SCHEMA_OUT("Bundelvoorstel", nb_bundle_out_fields, NULL,
                  "Een voorstel om lokale opdrachten van verschillende gemeenten te bundelen");
NB_SCHEMA_LIST(nb_out_bundelvoorstel_lijst, "BundelvoorstelLijst", "bundelvoorstellen",
               nb_out_bundelvoorstel);
static const nb_field nb_bundle_refresh_out_fields[] = {
    NB_OUT("nieuw", NB_F_INT, "Nieuwe voorstellen"),
    NB_OUT("vervallen", NB_F_INT,
           "Voorstellen die vervielen (een opdracht niet meer open, of maandprofielen die nu "
           "verschillen)"),
    NB_OUT("open", NB_F_INT, "Voorstellen die nu op instemming wachten"),
    NB_OUT_LINKS,
};
const nb_schema nb_out_bundeldetectie = NB_SCHEMA_OUT(
    "Bundeldetectie", nb_bundle_refresh_out_fields, NULL, "Wat de detectie opleverde");

/* ---- Rendering ------------------------------------------------------------ */

static json_t *nb_bundle_json(nb_req *req, const nb_bundle_row *b, int *rc, nb_err *err)
{
    char href[512];
    json_t *why = json_loads(b->why, 0, NULL);
    if (why == NULL)
        why = json_pack("{s:[], s:[], s:n}", "woorden", "competenties", "maanden");
    int64_t saving = b->separate_minutes - b->bundled_minutes;
    json_t *cents = json_null();
    if (b->hour_rate_cents > 0) {
        int64_t num = saving * b->hour_rate_cents;
        cents = json_integer(num >= 0 ? (num + 30) / 60 : -((-num + 30) / 60));
    }
    json_t *money = json_pack(
        "{s:I, s:I, s:I, s:I, s:o, s:o}", "urenApartMinuten", (json_int_t)b->separate_minutes,
        "urenGebundeldMinuten", (json_int_t)b->bundled_minutes, "besparingMinuten",
        (json_int_t)saving, "coordinatieProcent", (json_int_t)b->coordination_pct, "uurtariefCent",
        b->hour_rate_cents > 0 ? json_integer(b->hour_rate_cents) : json_null(), "besparingCent",
        cents);
    json_t *measured = json_null();
    int64_t actual = 0;
    int is_measured = 0;
    if ((*rc = nb_bundle_measured(req->st, b, &is_measured, &actual, err)) == 0 && is_measured) {
        json_decref(measured);
        measured = json_pack("{s:I, s:I}", "werkelijkMinuten", (json_int_t)actual,
                             "besparingMinuten", (json_int_t)(b->separate_minutes - actual));
    }
    json_t *members = json_array();
    for (size_t i = 0; i < b->nmembers; i++) {
        const nb_bundle_member_row *m = &b->members[i];
        json_array_append_new(
            members,
            json_pack("{s:I, s:s, s:I, s:s, s:s, s:I, s:s, s:s, s:o, s:o}", "organisatieId",
                      (json_int_t)m->organisation_id, "organisatie", m->organisation_name,
                      "opdrachtId", (json_int_t)m->assignment_id, "titel", m->title,
                      "opdrachtStatus", m->assignment_status, "minuten", (json_int_t)m->minutes,
                      "besluit", m->decision, "notitie", m->note, "door",
                      m->decided_by[0] ? json_string(m->decided_by) : json_null(), "besloten",
                      m->decided_at[0] ? json_string(m->decided_at) : json_null()));
    }
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(b->id));
    json_object_set_new(j, "status", json_string(b->status));
    json_object_set_new(j, "score", json_real(b->score));
    json_object_set_new(j, "tekstScore", json_real(b->text_score));
    json_object_set_new(j, "competentieScore", json_real(b->competency_score));
    json_object_set_new(j, "periodeScore", json_real(b->period_score));
    json_object_set_new(j, "waarom", why);
    json_object_set_new(j, "besparing", money);
    json_object_set_new(j, "gemetenBesparing", measured);
    json_object_set_new(j, "aanvragers", members);
    json_object_set_new(j, "samengevoegdeOpdrachtId",
                        b->merged_assignment_id > 0 ? json_integer(b->merged_assignment_id)
                                                    : json_null());
    json_object_set_new(j, "aangemaakt", json_string(b->created_at));
    json_object_set_new(j, "besloten", b->decided_at[0] ? json_string(b->decided_at) : json_null());
    json_object_set_new(j, "reden", b->reason[0] ? json_string(b->reason) : json_null());
    json_object_set_new(j, "versie", json_integer(b->revision));
    json_t *links = json_object();
    snprintf(href, sizeof href, "%s/api/v1/bundelvoorstellen/%lld", req->base_url,
             (long long)b->id);
    json_object_set_new(links, "self", json_pack("{s:s}", "href", href));
    if (b->merged_assignment_id > 0) {
        snprintf(href, sizeof href, "%s/api/v1/opdrachten/%lld", req->base_url,
                 (long long)b->merged_assignment_id);
        json_object_set_new(links, "samengevoegdeOpdracht", json_pack("{s:s}", "href", href));
    }
    json_object_set_new(j, "_links", links);
    return j;
}

/* 1 when the caller may see b: beheer, or a member organisation's own people. */
static int nb_bundle_visible(const nb_req *req, const nb_bundle_row *b)
{
    if (req->who->role == NB_ROLE_BEHEER)
        return 1;
    for (size_t i = 0; i < b->nmembers; i++)
        if (req->who->organisation_id > 0 &&
            b->members[i].organisation_id == req->who->organisation_id)
            return 1;
    return 0;
}

/* ---- Handlers --------------------------------------------------------------- */

typedef struct nb_bundle_list_ctx {
    nb_api_list list;
    nb_req *req;
    nb_err *err;
} nb_bundle_list_ctx;

static int nb_bundle_list_add(void *ctx, const nb_bundle_row *b)
{
    nb_bundle_list_ctx *c = ctx;
    int rc = 0;
    json_t *j = nb_bundle_json(c->req, b, &rc, c->err);
    if (rc != 0) {
        json_decref(j);
        return rc;
    }
    return json_array_append_new(c->list.items, j) == 0 ? 0 : NB_ENOMEM;
}

int nb_api_bundle_list(nb_req *req, nb_resp *resp)
{
    nb_page page;
    nb_err err = {{0}};
    nb_sort sort;
    nb_bundle_filter f = {NULL, 0};
    int bad = nb_req_page(req, resp, &page) != 0;
    bad |= nb_req_query_sort(req, resp, nb_bundle_sort_fields, &sort);
    bad |= nb_req_query_enum(req, resp, "status", nb_bundle_statuses, &f.status);
    if (bad)
        return 0;
    if (req->who->role != NB_ROLE_BEHEER)
        f.organisation_id = req->who->organisation_id > 0 ? req->who->organisation_id : INT64_MAX;
    nb_bundle_list_ctx c = {{req, json_array()}, req, &err};
    int64_t total = 0;
    int rc = nb_bundle_list(req->st, &f, &sort, (page.page - 1) * page.size, page.size,
                            nb_bundle_list_add, &c, &total, &err);
    if (rc != 0 && rc != NB_ENOMEM && rc != NB_EDB)
        rc = nb_resp_from_err(resp, rc, &err);
    return nb_api_list_reply(resp, "bundelvoorstellen", &c.list, rc, total, &page);
}

int nb_api_bundle_refresh(nb_req *req, nb_resp *resp)
{
    nb_err err = {{0}};
    int64_t created = 0, expired = 0, open = 0;
    int rc = nb_bundle_refresh(req->st, &req->actor, NULL, &created, &expired, &err);
    nb_bundle_filter f = {"voorgesteld", 0};
    if (rc == 0)
        rc = nb_bundle_list(req->st, &f, NULL, 0, 0, NULL, NULL, &open, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err);
    char self[512], open_href[512];
    snprintf(self, sizeof self, "%s/api/v1/bundelvoorstellen", req->base_url);
    snprintf(open_href, sizeof open_href, "%s/api/v1/bundelvoorstellen?status=voorgesteld",
             req->base_url);
    json_t *j = json_pack("{s:I, s:I, s:I, s:{s:{s:s}, s:{s:s}}}", "nieuw", (json_int_t)created,
                          "vervallen", (json_int_t)expired, "open", (json_int_t)open, "_links",
                          "self", "href", self, "bundelvoorstellen", "href", open_href);
    return nb_resp_json(resp, 200, j);
}

/* Loads proposal path param 0 into b, answering 404/403. 0 = loaded and visible. */
static int nb_bundle_load(nb_req *req, nb_resp *resp, nb_bundle_row *b, int *rc)
{
    int64_t id;
    nb_err err = {{0}};
    *rc = 0;
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 1;
    int r = nb_bundle_get(req->st, id, b, &err);
    if (r != 0) {
        *rc = nb_resp_from_err(resp, r, &err);
        return 1;
    }
    if (!nb_bundle_visible(req, b)) {
        *rc = nb_resp_problem(resp, 403, "Geen toegang",
                              "Bundelvoorstel %lld gaat niet over uw organisatie.", (long long)id);
        return 1;
    }
    return 0;
}

int nb_api_bundle_get(nb_req *req, nb_resp *resp)
{
    int rc = 0;
    nb_err err = {{0}};
    nb_bundle_row *b = malloc(sizeof *b);
    if (b == NULL)
        return NB_ENOMEM;
    if (nb_bundle_load(req, resp, b, &rc) == 0) {
        json_t *j = nb_bundle_json(req, b, &rc, &err);
        rc = rc == 0 ? nb_resp_json(resp, 200, j)
                     : (json_decref(j), nb_resp_from_err(resp, rc, &err));
    }
    free(b);
    return rc;
}

int nb_api_bundle_decide(nb_req *req, nb_resp *resp)
{
    int rc = 0;
    int64_t org;
    nb_err err = {{0}};
    nb_bundle_row *b = malloc(sizeof *b);
    if (b == NULL)
        return NB_ENOMEM;
    if (nb_bundle_load(req, resp, b, &rc) != 0 || nb_req_path_id(req, resp, 1, &org) != 0)
        goto cleanup;
    const char *decision = nb_body_str(req->body, "besluit", "");
    rc = nb_bundle_decide(req->st, &req->actor, req->who, b->id, org,
                          strcmp(decision, "akkoord") == 0, nb_body_str(req->body, "notitie", ""),
                          b, &err);
    if (rc != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    json_t *j = nb_bundle_json(req, b, &rc, &err);
    rc = rc == 0 ? nb_resp_json(resp, 200, j) : (json_decref(j), nb_resp_from_err(resp, rc, &err));
cleanup:
    free(b);
    return rc;
}
