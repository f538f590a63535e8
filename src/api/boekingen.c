/*
 * api/boekingen.c — /api/v1/boekingen: transfers in the hours ledger.
 *
 * POST takes ONE shape: {"boekingen": [ ... ]} with 1..100 transfers, each
 * with a client-chosen id. The request is atomic — the transfers form one
 * linked chain, applied all together or not at all (and the server rolls the
 * whole request back on any 4xx). A retry of the same request (same ids, same
 * content) answers 200 with the original transfers; an id reused with other
 * content is 409. Per item `soort` says what to do:
 *
 *   werk, correctie   minutes from debetOrganisatieId to creditOrganisatieId
 *                     (correctie: a missing/null side is the network fund)
 *   reserveren        a pending transfer (boekingsoort werk|correctie)
 *   boeken            post reserveringId, optionally only `minuten` of it
 *   vrijgeven         void reserveringId
 *   storting          bedragCent from the fund to creditOrganisatieId,
 *                     converted at the network's hour rate (recorded)
 *   kredietlijn       raise creditOrganisatieId's credit line by minuten
 *   terugboeking      the exact opposite of terugboekingVan
 *
 * GET lists (filters organisatieId, soort, vanaf, tot; paging) and GET
 * /boekingen/{id} shows one. Coordinators see only their organisation's.
 */
#include "api/api.h"

#include "store/ledger_store.h"
#include "store/network_ops.h"
#include "store/organisations.h"
#include "util/date.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NB_BOEKING_MAX 100

static const char *const nb_bk_soorten[] = {"werk",        "correctie",    "reserveren",
                                            "boeken",      "vrijgeven",    "storting",
                                            "kredietlijn", "terugboeking", NULL};
static const char *const nb_bk_res_soorten[] = {"werk", "correctie", NULL};

static const nb_field nb_bk_fields[] = {
    {"id", NB_F_STRING, 1, 0, 1, NB_TRANSFER_ID_SIZE - 1, NULL, NULL,
     "Door de client gekozen id (1-63 tekens A-Z a-z 0-9 . _ : -), uniek; een herhaling met "
     "dezelfde inhoud geeft het origineel terug"},
    {"soort", NB_F_ENUM, 1, 0, 0, 0, nb_bk_soorten, NULL,
     "werk, correctie, reserveren, boeken, vrijgeven, storting, kredietlijn of terugboeking"},
    {"debetOrganisatieId", NB_F_INT, 0, 1, 1, INT64_MAX, NULL, NULL,
     "De organisatie die minuten afgeeft (haalt): werk, correctie, reserveren. Bij correctie "
     "betekent null/weglaten het netwerkfonds"},
    {"creditOrganisatieId", NB_F_INT, 0, 1, 1, INT64_MAX, NULL, NULL,
     "De organisatie die minuten ontvangt (brengt): werk, correctie, reserveren, storting, "
     "kredietlijn. Bij correctie betekent null/weglaten het netwerkfonds"},
    {"minuten", NB_F_INT, 0, 0, 1, NB_LEDGER_AMOUNT_MAX, NULL, NULL,
     "Aantal minuten; bij boeken optioneel (een deel van de reservering; de rest vervalt)"},
    {"bedragCent", NB_F_INT, 0, 0, 1, INT64_C(100000000000000), NULL, NULL,
     "storting: het gebrachte bedrag in eurocent; omgerekend tegen het uurtarief van het netwerk"},
    {"reserveringId", NB_F_STRING, 0, 0, 1, NB_TRANSFER_ID_SIZE - 1, NULL, NULL,
     "boeken, vrijgeven: het id van de reservering"},
    {"terugboekingVan", NB_F_STRING, 0, 0, 1, NB_TRANSFER_ID_SIZE - 1, NULL, NULL,
     "terugboeking: het id van de boeking die wordt teruggedraaid"},
    {"boekingsoort", NB_F_ENUM, 0, 0, 0, 0, nb_bk_res_soorten, NULL,
     "reserveren: werk (standaard) of correctie"},
    {"omschrijving", NB_F_STRING, 0, 0, 0, NB_TRANSFER_REASON_SIZE - 1, NULL, NULL,
     "Korte toelichting, komt op het afschrift"},
};
static const nb_schema nb_schema_boeking_item =
    NB_SCHEMA("Boeking", nb_bk_fields, "Eén boeking in het grootboek van uren");

static const nb_field nb_bk_batch_fields[] = {
    {"boekingen", NB_F_ARRAY, 1, 0, 1, NB_BOEKING_MAX, NULL, &nb_schema_boeking_item,
     "1 tot 100 boekingen; ze worden samen verwerkt of geen van alle"},
};
const nb_schema nb_schema_boekingen = NB_SCHEMA(
    "Boekingen", nb_bk_batch_fields, "Een of meer boekingen die samen (gekoppeld) worden verwerkt");

/* What nb_api_boeking_json writes, in its order. */
const char *const nb_api_ledger_kinds[] = {"werk",      "storting",     "kredietlijn",
                                           "correctie", "terugboeking", NULL};
const char *const nb_api_ledger_phases[] = {"reservering", "boeking-van-reservering", "vrijgave",
                                            "boeking", NULL};
static const char *const nb_bk_states[] = {"geen", "open", "geboekt", "vrijgegeven", NULL};
static const nb_field nb_bk_out_fields[] = {
    NB_OUT("id", NB_F_TEXTID, "Het id dat de client koos"),
    NB_OUT_ENUM("soort", nb_api_ledger_kinds, "De soort boeking"),
    NB_OUT_ENUM("fase", nb_api_ledger_phases,
                "reservering, boeking-van-reservering, vrijgave of boeking"),
    NB_OUT("minuten", NB_F_INT, "Aantal minuten"),
    NB_OUT_NULL("debetOrganisatieId", NB_F_INT,
                "De organisatie die afgeeft; null: het netwerkfonds"),
    NB_OUT_NULL("creditOrganisatieId", NB_F_INT,
                "De organisatie die ontvangt; null: het netwerkfonds"),
    NB_OUT("debetRekeningId", NB_F_INT, "De grootboekrekening die afgeeft"),
    NB_OUT("creditRekeningId", NB_F_INT, "De grootboekrekening die ontvangt"),
    NB_OUT_NULL("reserveringId", NB_F_TEXTID, "boeken, vrijgeven: de reservering"),
    NB_OUT_NULL("terugboekingVan", NB_F_TEXTID, "terugboeking: de teruggedraaide boeking"),
    NB_OUT_OPT("bedragCent", NB_F_INT, "storting: het gebrachte bedrag in eurocent"),
    NB_OUT_OPT("uurtariefCent", NB_F_INT, "storting: het uurtarief van de omrekening, in eurocent"),
    NB_OUT("omschrijving", NB_F_STRING, "Toelichting"),
    NB_OUT("tijdstip", NB_F_DATETIME, "Wanneer verwerkt (UTC)"),
    {"status", NB_F_ENUM, 0, 0, 0, 0, nb_bk_states, NULL,
     "Alleen bij een reservering: open, geboekt of vrijgegeven"},
    NB_OUT_OPT("geboekteMinuten", NB_F_INT, "Bij een geboekte reservering: zoveel is geboekt"),
    {"afgehandeldDoor", NB_F_TEXTID, 0, 1, 0, 0, NULL, NULL,
     "Alleen bij een reservering: de boeking die haar afhandelde"},
    NB_OUT_NULL("teruggeboektDoor", NB_F_TEXTID, "De terugboeking van deze boeking"),
    NB_OUT_LINKS,
};
const nb_schema nb_out_boeking =
    NB_SCHEMA_OUT("BoekingUit", nb_bk_out_fields, NULL, "Eén boeking in het grootboek van uren");
NB_SCHEMA_LIST(nb_out_boeking_lijst, "BoekingLijst", "boekingen", nb_out_boeking);
static const nb_field nb_bk_batch_out_fields[] = {
    NB_OUT_LIST("boekingen", nb_out_boeking, "De boekingen, in de volgorde van de aanvraag"),
};
const nb_schema nb_out_boekingen = NB_SCHEMA_OUT(
    "BoekingenUit", nb_bk_batch_out_fields, NULL,
    "De verwerkte boekingen (201), of bij een herhaling met dezelfde inhoud de originelen (200)");

/* ------------------------------------------------------------------------ */
/* Rendering                                                                 */
/* ------------------------------------------------------------------------ */

void nb_api_iso_time(int64_t ts, char out[21])
{
    nb_time_iso(ts, out);
}

const char *nb_api_ledger_phase(const nb_transfer *t)
{
    return nb_ledger_phase_name(t);
}

/* The organisation of a ledger account, 0 for the fund (or when it cannot be
 * read: the answer then says null, as for the fund). */
static int64_t nb_bk_org_of(const nb_req *req, int64_t account_id)
{
    int64_t org = 0;
    nb_err err = {{0}};
    if (nb_ledger_store_account_org(req->st, account_id, &org, &err) != 0)
        return 0;
    return org;
}

static void nb_bk_org_jw(nb_jw *w, const char *key, int64_t org)
{
    if (org > 0)
        nb_jw_int(w, key, org);
    else
        nb_jw_null(w, key);
}

/* A transfer's JSON (nb_out_boeking), streamed: a list row as it is, a single
 * answer through nb_api_boeking_json. obj is an nb_ledger_list_row. */
static void nb_bk_jw(nb_jw *w, const nb_req *req, const void *obj)
{
    const nb_ledger_list_row *r = obj;
    const nb_ledger_entry *e = &r->entry;
    const nb_transfer *t = &e->transfer;
    char when[21];
    nb_api_iso_time(t->timestamp, when);
    nb_jw_obj(w, NULL);
    nb_jw_str(w, "id", t->id);
    nb_jw_str(w, "soort", nb_ledger_kind_name(t->kind));
    nb_jw_str(w, "fase", nb_api_ledger_phase(t));
    nb_jw_int(w, "minuten", t->amount);
    nb_bk_org_jw(w, "debetOrganisatieId", r->debit_org_id);
    nb_bk_org_jw(w, "creditOrganisatieId", r->credit_org_id);
    nb_jw_int(w, "debetRekeningId", t->debit_account_id);
    nb_jw_int(w, "creditRekeningId", t->credit_account_id);
    nb_jw_str_or_null(w, "reserveringId", t->pending_id);
    nb_jw_str_or_null(w, "terugboekingVan", t->reverses_id);
    if (t->kind == NB_KIND_DEPOSIT) {
        nb_jw_int(w, "bedragCent", t->money_cents);
        nb_jw_int(w, "uurtariefCent", t->hour_rate_cents);
    }
    nb_jw_str(w, "omschrijving", t->reason);
    nb_jw_str(w, "tijdstip", when);
    if (t->flags & NB_TRANSFER_PENDING) {
        nb_jw_str(w, "status", nb_bk_states[e->state <= NB_PENDING_VOIDED ? e->state : 0]);
        if (e->state == NB_PENDING_POSTED)
            nb_jw_int(w, "geboekteMinuten", e->posted_amount);
        nb_jw_str_or_null(w, "afgehandeldDoor", e->resolved_by);
    }
    nb_jw_str_or_null(w, "teruggeboektDoor", e->reversed_by);
    nb_jw_obj(w, "_links");
    nb_jw_href(w, "self", "%s/api/v1/boekingen/%s", req->base_url, t->id);
    nb_jw_obj_end(w);
    nb_jw_obj_end(w);
}

json_t *nb_api_boeking_json(const nb_req *req, const nb_ledger_entry *e)
{
    nb_ledger_list_row r = {*e, nb_bk_org_of(req, e->transfer.debit_account_id),
                            nb_bk_org_of(req, e->transfer.credit_account_id)};
    return nb_api_jw_tree(nb_bk_jw, req, &r);
}

/* ------------------------------------------------------------------------ */
/* Problems from ledger results (also used by other resources)              */
/* ------------------------------------------------------------------------ */

static void nb_problem_type(nb_resp *resp, const char *slug, nb_transfer_code code)
{
    char type[160];
    snprintf(type, sizeof type, "https://noaber.nl/problemen/grootboek/%s", slug);
    json_object_set_new(resp->json, "type", json_string(type));
    json_object_set_new(resp->json, "code", json_string(nb_ledger_code_name(code)));
}

int nb_api_limit_problem(nb_req *req, nb_resp *resp, int64_t account_id, int64_t available,
                         int64_t shortfall)
{
    int64_t org_id = 0;
    nb_org o;
    nb_err err;
    memset(&o, 0, sizeof o);
    /* The names only enrich the 422; a missing record leaves them empty, but a
     * failing database is answered as such (503 when busy), not hidden. */
    int rc = nb_ledger_store_account_org(req->st, account_id, &org_id, &err);
    if (rc == 0 && org_id > 0)
        rc = nb_org_get(req->st, org_id, &o, &err);
    if (rc != 0 && rc != NB_ENOTFOUND)
        return nb_resp_from_err(resp, rc, &err);
    nb_resp_problem(resp, 422, "Onvoldoende beschikbare uren",
                    "%s (%s) heeft %" PRId64 " minuten beschikbaar; er komen %" PRId64
                    " minuten tekort. Wat je haalt moet ook gebracht zijn: er is meer saldo of "
                    "een hogere kredietlijn nodig.",
                    o.name[0] ? o.name : "De organisatie", o.code, available, shortfall);
    nb_problem_type(resp, "onvoldoende-beschikbaar", NB_TR_EXCEEDS_LIMIT);
    json_object_set_new(resp->json, "organisatieId", json_integer(org_id));
    json_object_set_new(resp->json, "organisatieNaam", json_string(o.name));
    json_object_set_new(resp->json, "organisatieCode", json_string(o.code));
    json_object_set_new(resp->json, "beschikbaarMinuten", json_integer(available));
    json_object_set_new(resp->json, "tekortMinuten", json_integer(shortfall));
    return 0;
}

static void nb_invalid_at(nb_resp *resp, const char *prefix, size_t i, const char *field,
                          const char *reason)
{
    char name[128];
    if (prefix)
        snprintf(name, sizeof name, "%s[%zu].%s", prefix, i, field);
    else
        snprintf(name, sizeof name, "%s", field);
    nb_resp_invalid(resp, name, "%s", reason);
}

int nb_api_ledger_problem(nb_req *req, nb_resp *resp, const nb_transfer *batch,
                          const nb_transfer_result *results, size_t n, int rc, const nb_err *err,
                          const char *prefix)
{
    size_t c = n;
    for (size_t i = 0; i < n && c == n; i++)
        if (results[i].code != NB_TR_OK && results[i].code != NB_TR_EXISTS &&
            results[i].code != NB_TR_LINKED_EVENT_FAILED)
            c = i;
    for (size_t i = 0; i < n && c == n; i++)
        if (results[i].code == NB_TR_LINKED_EVENT_FAILED && results[i].failed_index < n &&
            results[results[i].failed_index].code != NB_TR_LINKED_EVENT_FAILED &&
            results[results[i].failed_index].code != NB_TR_EXISTS &&
            results[results[i].failed_index].code != NB_TR_OK)
            c = results[i].failed_index;
    if (c == n) {
        if (rc == NB_ECONFLICT) {
            nb_resp_problem(resp, 409, "Deels bestaande boekingen",
                            "Een deel van deze boekingen bestaat al en een deel niet; herhaal "
                            "een verzoek alleen in zijn geheel. %s",
                            err ? err->msg : "");
            nb_problem_type(resp, "deels-bestaand", NB_TR_EXISTS_DIFFERENT);
            return 0;
        }
        return nb_resp_from_err(resp, rc, err);
    }
    const nb_transfer *t = &batch[c];
    const nb_transfer_result *r = &results[c];
    nb_ledger_entry ref;
    nb_err e2;
    int erc;
    switch (r->code) {
    case NB_TR_EXCEEDS_LIMIT:
        return nb_api_limit_problem(req, resp, r->account_id, r->available, r->shortfall);
    case NB_TR_EXISTS_DIFFERENT:
        nb_resp_problem(resp, 409, "Id al gebruikt",
                        "Boeking %s bestaat al met een andere inhoud. Een herhaling moet exact "
                        "dezelfde inhoud hebben; kies anders een nieuw id.",
                        t->id);
        nb_problem_type(resp, "id-bestaat-met-andere-inhoud", r->code);
        return 0;
    case NB_TR_ALREADY_POSTED:
    case NB_TR_ALREADY_VOIDED: {
        int posted = r->code == NB_TR_ALREADY_POSTED;
        memset(&ref, 0, sizeof ref);
        if ((erc = nb_ledger_store_entry(req->st, t->pending_id, &ref, &e2)) != 0)
            return nb_resp_from_err(resp, erc, &e2);
        nb_resp_problem(resp, 409, posted ? "Reservering al geboekt" : "Reservering al vrijgegeven",
                        "Reservering %s is al %s (door boeking %s); een reservering wordt precies "
                        "één keer geboekt of vrijgegeven.",
                        t->pending_id, posted ? "geboekt" : "vrijgegeven",
                        ref.resolved_by[0] ? ref.resolved_by : "?");
        nb_problem_type(resp, posted ? "al-geboekt" : "al-vrijgegeven", r->code);
        return 0;
    }
    case NB_TR_ALREADY_REVERSED:
        memset(&ref, 0, sizeof ref);
        if ((erc = nb_ledger_store_entry(req->st, t->reverses_id, &ref, &e2)) != 0)
            return nb_resp_from_err(resp, erc, &e2);
        nb_resp_problem(resp, 409, "Al teruggeboekt",
                        "Boeking %s is al teruggeboekt (door boeking %s).", t->reverses_id,
                        ref.reversed_by[0] ? ref.reversed_by : "?");
        nb_problem_type(resp, "al-teruggeboekt", r->code);
        return 0;
    case NB_TR_EXCEEDS_PENDING_AMOUNT:
        memset(&ref, 0, sizeof ref);
        if ((erc = nb_ledger_store_entry(req->st, t->pending_id, &ref, &e2)) != 0)
            return nb_resp_from_err(resp, erc, &e2);
        nb_resp_problem(
            resp, 422, "Meer dan gereserveerd",
            "Er is %" PRId64 " minuten gereserveerd in %s; %" PRId64 " boeken kan niet. "
            "Meer boeken vraagt een nieuwe reservering (die langs de limietcontrole gaat).",
            ref.transfer.amount, t->pending_id, t->amount);
        nb_problem_type(resp, "meer-dan-gereserveerd", r->code);
        return 0;
    case NB_TR_OVERFLOW:
        nb_resp_problem(resp, 422, "Te groot", "Een saldo zou buiten het bereik raken.");
        nb_problem_type(resp, "te-groot", r->code);
        return 0;
    case NB_TR_ID_INVALID:
        nb_invalid_at(resp, prefix, c, "id", "moet 1-63 tekens uit A-Z a-z 0-9 . _ : - zijn");
        return 0;
    case NB_TR_REASON_INVALID:
        nb_invalid_at(resp, prefix, c, "omschrijving", "is ongeldig");
        return 0;
    case NB_TR_AMOUNT_INVALID:
        nb_invalid_at(resp, prefix, c, "minuten", "moet een positief aantal minuten zijn");
        return 0;
    case NB_TR_SAME_ACCOUNT:
        nb_invalid_at(resp, prefix, c, "creditOrganisatieId", "moet verschillen van de debetkant");
        return 0;
    case NB_TR_DEBIT_ACCOUNT_NOT_FOUND:
        nb_invalid_at(resp, prefix, c, "debetOrganisatieId", "bestaat niet");
        return 0;
    case NB_TR_CREDIT_ACCOUNT_NOT_FOUND:
        nb_invalid_at(resp, prefix, c, "creditOrganisatieId", "bestaat niet");
        return 0;
    case NB_TR_PENDING_NOT_FOUND:
        nb_invalid_at(resp, prefix, c, "reserveringId", "bestaat niet");
        return 0;
    case NB_TR_NOT_PENDING:
        nb_invalid_at(resp, prefix, c, "reserveringId", "is geen reservering");
        return 0;
    case NB_TR_PENDING_MISMATCH:
        nb_invalid_at(resp, prefix, c, "reserveringId",
                      "hoort bij andere organisaties, soort of minuten");
        return 0;
    case NB_TR_REVERSED_NOT_FOUND:
        nb_invalid_at(resp, prefix, c, "terugboekingVan", "bestaat niet");
        return 0;
    case NB_TR_NOT_REVERSIBLE:
        nb_invalid_at(resp, prefix, c, "terugboekingVan",
                      "kan niet worden teruggeboekt: alleen geboekte boekingen (een reservering "
                      "geeft u vrij)");
        return 0;
    case NB_TR_REVERSAL_MISMATCH:
        nb_invalid_at(resp, prefix, c, "terugboekingVan", "is niet het spiegelbeeld");
        return 0;
    case NB_TR_DEPOSIT_INVALID:
        nb_invalid_at(resp, prefix, c, "bedragCent", "levert geen geldig aantal minuten op");
        return 0;
    default:
        nb_invalid_at(resp, prefix, c, "soort", nb_ledger_code_name(r->code));
        return 0;
    }
}

/* ------------------------------------------------------------------------ */
/* POST                                                                      */
/* ------------------------------------------------------------------------ */

enum {
    F_DEBET = 1 << 0,
    F_CREDIT = 1 << 1,
    F_MIN = 1 << 2,
    F_BEDRAG = 1 << 3,
    F_RES = 1 << 4,
    F_TERUG = 1 << 5,
    F_BSOORT = 1 << 6
};

static const struct {
    const char *soort;
    unsigned required, allowed;
} nb_bk_rules[] = {
    {"werk", F_DEBET | F_CREDIT | F_MIN, F_DEBET | F_CREDIT | F_MIN},
    {"correctie", F_MIN, F_DEBET | F_CREDIT | F_MIN},
    {"reserveren", F_DEBET | F_CREDIT | F_MIN, F_DEBET | F_CREDIT | F_MIN | F_BSOORT},
    {"boeken", F_RES, F_RES | F_MIN},
    {"vrijgeven", F_RES, F_RES},
    {"storting", F_CREDIT | F_BEDRAG, F_CREDIT | F_BEDRAG},
    {"kredietlijn", F_CREDIT | F_MIN, F_CREDIT | F_MIN},
    {"terugboeking", F_TERUG, F_TERUG},
};

static const struct {
    unsigned bit;
    const char *name;
} nb_bk_field_names[] = {
    {F_DEBET, "debetOrganisatieId"},
    {F_CREDIT, "creditOrganisatieId"},
    {F_MIN, "minuten"},
    {F_BEDRAG, "bedragCent"},
    {F_RES, "reserveringId"},
    {F_TERUG, "terugboekingVan"},
    {F_BSOORT, "boekingsoort"},
};

/* Resolves an organisation id field to its account (0 = the fund when null). */
static int nb_bk_account(nb_req *req, nb_resp *resp, const json_t *item, const char *field,
                         const char *path, int64_t fund, int64_t *acct, int *bad)
{
    const json_t *v = json_object_get(item, field);
    nb_err err = {{0}};
    if (v == NULL || json_is_null(v)) {
        *acct = fund;
        return 0;
    }
    int64_t org = json_integer_value(v);
    int rc = nb_ledger_store_org_account(req->st, org, acct, &err);
    if (rc == NB_ENOTFOUND) {
        char name[128];
        snprintf(name, sizeof name, "%s.%s", path, field);
        nb_resp_invalid(resp, name, "organisatie %" PRId64 " bestaat niet", org);
        (*bad)++;
        return 0;
    }
    return rc;
}

/* Finds the referenced transfer: earlier in this batch, else stored. */
static int nb_bk_ref(nb_req *req, const nb_transfer *batch, size_t upto, const char *id,
                     nb_ledger_entry *out)
{
    nb_err err;
    for (size_t k = upto; k-- > 0;) {
        if (strcmp(batch[k].id, id) == 0) {
            memset(out, 0, sizeof *out);
            out->transfer = batch[k];
            return 0;
        }
    }
    return nb_ledger_store_entry(req->st, id, out, &err);
}

/* Builds batch[i] from item i; adds invalid params. Returns <0 internal error. */
static int nb_bk_build(nb_req *req, nb_resp *resp, const json_t *item, size_t i, nb_transfer *batch,
                       int64_t fund, int *bad)
{
    char path[64], name[128];
    nb_transfer *t = &batch[i];
    nb_err err = {{0}};
    int rc = 0;
    snprintf(path, sizeof path, "boekingen[%zu]", i);
    memset(t, 0, sizeof *t);
    const char *soort = nb_body_str(item, "soort", "");
    const char *id = nb_body_str(item, "id", "");
    snprintf(t->id, sizeof t->id, "%s", id);
    if (strncmp(id, NB_LEDGER_SYSTEM_PREFIX, strlen(NB_LEDGER_SYSTEM_PREFIX)) == 0) {
        snprintf(name, sizeof name, "%s.id", path);
        nb_resp_invalid(resp, name, "mag niet met '%s' beginnen (voorbehouden aan de server)",
                        NB_LEDGER_SYSTEM_PREFIX);
        (*bad)++;
    }
    for (const char *p = id; *p; p++) {
        char ch = *p;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '.' || ch == '_' || ch == ':' || ch == '-')) {
            snprintf(name, sizeof name, "%s.id", path);
            nb_resp_invalid(resp, name, "mag alleen A-Z a-z 0-9 . _ : - bevatten");
            (*bad)++;
            break;
        }
    }
    const char *reason = nb_body_str(item, "omschrijving", "");
    if (strlen(reason) >= sizeof t->reason) {
        snprintf(name, sizeof name, "%s.omschrijving", path);
        nb_resp_invalid(resp, name, "is te lang (hoogstens %d bytes)", NB_TRANSFER_REASON_SIZE - 1);
        (*bad)++;
    }
    snprintf(t->reason, sizeof t->reason, "%s", reason);

    unsigned required = 0, allowed = 0;
    for (size_t k = 0; k < sizeof nb_bk_rules / sizeof nb_bk_rules[0]; k++)
        if (strcmp(nb_bk_rules[k].soort, soort) == 0) {
            required = nb_bk_rules[k].required;
            allowed = nb_bk_rules[k].allowed;
        }
    int missing = 0;
    for (size_t k = 0; k < sizeof nb_bk_field_names / sizeof nb_bk_field_names[0]; k++) {
        const json_t *v = json_object_get(item, nb_bk_field_names[k].name);
        int present = v != NULL && !json_is_null(v);
        snprintf(name, sizeof name, "%s.%s", path, nb_bk_field_names[k].name);
        if ((required & nb_bk_field_names[k].bit) && !present) {
            nb_resp_invalid(resp, name, "is verplicht bij soort %s", soort);
            (*bad)++;
            missing++;
        } else if (!(allowed & nb_bk_field_names[k].bit) && v != NULL) {
            nb_resp_invalid(resp, name, "hoort niet bij soort %s", soort);
            (*bad)++;
        }
    }
    if (missing)
        return 0;

    t->amount = nb_body_int(item, "minuten", 0);
    if (strcmp(soort, "werk") == 0 || strcmp(soort, "correctie") == 0 ||
        strcmp(soort, "reserveren") == 0) {
        if ((rc = nb_bk_account(req, resp, item, "debetOrganisatieId", path, fund,
                                &t->debit_account_id, bad)) != 0 ||
            (rc = nb_bk_account(req, resp, item, "creditOrganisatieId", path, fund,
                                &t->credit_account_id, bad)) != 0)
            return rc;
        t->kind = strcmp(soort, "correctie") == 0 ? NB_KIND_ADJUSTMENT : NB_KIND_WORK;
        if (strcmp(soort, "reserveren") == 0) {
            t->flags = NB_TRANSFER_PENDING;
            if (strcmp(nb_body_str(item, "boekingsoort", "werk"), "correctie") == 0)
                t->kind = NB_KIND_ADJUSTMENT;
        }
        if (t->debit_account_id == t->credit_account_id && t->debit_account_id != 0) {
            snprintf(name, sizeof name, "%s.creditOrganisatieId", path);
            nb_resp_invalid(resp, name, "moet verschillen van de debetkant");
            (*bad)++;
        }
    } else if (strcmp(soort, "storting") == 0 || strcmp(soort, "kredietlijn") == 0) {
        t->debit_account_id = fund;
        if ((rc = nb_bk_account(req, resp, item, "creditOrganisatieId", path, fund,
                                &t->credit_account_id, bad)) != 0)
            return rc;
        if (strcmp(soort, "kredietlijn") == 0) {
            t->kind = NB_KIND_CREDIT_LINE;
        } else {
            t->money_cents = nb_body_int(item, "bedragCent", 0);
            rc = nb_netops_deposit_prepare(req->st, t, &err);
            if (rc == NB_ENOTFOUND) {
                nb_resp_problem(resp, 422, "Uurtarief niet ingesteld",
                                "Het uurtarief van het netwerk is niet ingesteld; stel het in met "
                                "PUT /api/v1/netwerk/instellingen voordat u een storting boekt.");
                json_object_set_new(resp->json, "type",
                                    json_string("https://noaber.nl/problemen/grootboek/"
                                                "uurtarief-niet-ingesteld"));
                return 1;
            }
            if (rc == NB_EINVAL) {
                snprintf(name, sizeof name, "%s.bedragCent", path);
                nb_resp_invalid(resp, name,
                                "levert bij het uurtarief van %" PRId64 " cent geen hele minuut op",
                                t->hour_rate_cents);
                (*bad)++;
            } else if (rc != 0) {
                return rc;
            }
        }
    } else {
        const char *ref_id = strcmp(soort, "terugboeking") == 0
                                 ? nb_body_str(item, "terugboekingVan", "")
                                 : nb_body_str(item, "reserveringId", "");
        const char *field =
            strcmp(soort, "terugboeking") == 0 ? "terugboekingVan" : "reserveringId";
        nb_ledger_entry ref;
        if (strcmp(soort, "terugboeking") == 0) {
            snprintf(t->reverses_id, sizeof t->reverses_id, "%s", ref_id);
            t->kind = NB_KIND_REVERSAL;
        } else {
            snprintf(t->pending_id, sizeof t->pending_id, "%s", ref_id);
            t->flags =
                strcmp(soort, "boeken") == 0 ? NB_TRANSFER_POST_PENDING : NB_TRANSFER_VOID_PENDING;
        }
        rc = nb_bk_ref(req, batch, i, ref_id, &ref);
        if (rc == NB_ENOTFOUND) {
            snprintf(name, sizeof name, "%s.%s", path, field);
            nb_resp_invalid(resp, name, "boeking '%s' bestaat niet", ref_id);
            (*bad)++;
            return 0;
        }
        if (rc != 0)
            return rc;
        nb_ledger_fill_from_ref(t, &ref);
    }
    return 0;
}

static int nb_bk_fetch_all(nb_req *req, const nb_transfer *batch, size_t n, json_t **out)
{
    json_t *items = json_array();
    nb_err err = {{0}};
    for (size_t i = 0; i < n; i++) {
        nb_ledger_entry e;
        int rc = nb_ledger_store_entry(req->st, batch[i].id, &e, &err);
        if (rc != 0) {
            json_decref(items);
            return rc;
        }
        json_array_append_new(items, nb_api_boeking_json(req, &e));
    }
    *out = items;
    return 0;
}

int nb_api_boeking_create(nb_req *req, nb_resp *resp)
{
    const json_t *list = json_object_get(req->body, "boekingen");
    size_t n = json_array_size(list);
    nb_transfer *batch = calloc(n ? n : 1, sizeof *batch);
    nb_transfer_result *results = calloc(n ? n : 1, sizeof *results);
    nb_err err = {{0}};
    int64_t fund = 0;
    int rc = 0, bad = 0;
    json_t *items = NULL;

    if (batch == NULL || results == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    if ((rc = nb_ledger_store_fund_account(req->st, &fund, &err)) != 0)
        goto cleanup;
    for (size_t i = 0; i < n; i++) {
        rc = nb_bk_build(req, resp, json_array_get(list, i), i, batch, fund, &bad);
        if (rc == 1) { /* a problem response was written */
            rc = 0;
            goto cleanup;
        }
        if (rc != 0)
            goto cleanup;
    }
    if (bad)
        goto cleanup;
    for (size_t i = 0; i + 1 < n; i++)
        batch[i].flags |= NB_TRANSFER_LINKED;
    rc = nb_ledger_store_apply(req->st, batch, n, results, &err);
    if (rc == NB_ELIMIT || rc == NB_ECONFLICT || rc == NB_EINVAL || rc == NB_ENOTFOUND) {
        rc = nb_api_ledger_problem(req, resp, batch, results, n, rc, &err, "boekingen");
        goto cleanup;
    }
    if (rc != 0)
        goto cleanup;
    int fresh = 0;
    for (size_t i = 0; i < n; i++)
        fresh += results[i].code == NB_TR_OK;
    if (fresh > 0 && (rc = nb_api_audit(req, "create", "boeking", 0, req->body)) != 0)
        goto cleanup;
    if ((rc = nb_bk_fetch_all(req, batch, n, &items)) != 0)
        goto cleanup;
    snprintf(resp->location, sizeof resp->location, "%s/api/v1/boekingen/%s", req->base_url,
             batch[0].id);
    nb_resp_json(resp, fresh > 0 ? 201 : 200, json_pack("{s:o}", "boekingen", items));
cleanup:
    free(batch);
    free(results);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* GET                                                                       */
/* ------------------------------------------------------------------------ */

/* A coordinator sees only transfers touching their own organisation. 1 when
 * visible, 0 when not, or a negative store code (message in err). */
static int nb_bk_visible(nb_req *req, const nb_ledger_entry *e, nb_err *err)
{
    if (req->who->role != NB_ROLE_COORDINATOR)
        return 1;
    int64_t a = 0, b = 0;
    int rc = nb_ledger_store_account_org(req->st, e->transfer.debit_account_id, &a, err);
    if (rc == 0)
        rc = nb_ledger_store_account_org(req->st, e->transfer.credit_account_id, &b, err);
    if (rc != 0)
        return rc;
    return req->who->organisation_id > 0 &&
           (a == req->who->organisation_id || b == req->who->organisation_id);
}

int nb_api_boeking_get(nb_req *req, nb_resp *resp)
{
    nb_ledger_entry e;
    nb_err err = {{0}};
    const char *id = req->nparams > 0 ? req->params[0] : "";
    int rc = nb_ledger_store_entry(req->st, id, &e, &err);
    if (rc == NB_ENOTFOUND)
        return nb_resp_problem(resp, 404, "Niet gevonden", "Boeking '%s' bestaat niet.", id);
    if (rc != 0)
        return rc;
    int vis = nb_bk_visible(req, &e, &err);
    if (vis < 0)
        return nb_resp_from_err(resp, vis, &err);
    if (vis == 0)
        return nb_resp_problem(resp, 403, "Geen toegang",
                               "Een coördinator ziet alleen boekingen van de eigen organisatie.");
    return nb_resp_json(resp, 200, nb_api_boeking_json(req, &e));
}

/* Parses a date query param into the Unix time of 00:00 in Europe/Amsterdam
 * on that day plus add_days (DOMAIN.md rule 10). */
int nb_api_query_day(nb_req *req, nb_resp *resp, const char *name, int add_days, int64_t *out)
{
    const char *v = nb_req_query(req, name);
    int32_t day;
    *out = 0;
    if (v == NULL || v[0] == '\0')
        return 0;
    if (nb_date_parse(v, &day) != 0) {
        nb_resp_invalid(resp, name, "moet een bestaande datum zijn in de vorm JJJJ-MM-DD");
        return NB_EINVAL;
    }
    *out = nb_date_amsterdam_midnight(day + add_days);
    return 0;
}

static int nb_bk_list_add(void *ctx, const nb_ledger_list_row *r)
{
    nb_api_rows *c = ctx;
    nb_bk_jw(&c->w, c->req, r);
    return c->w.b->oom ? NB_ENOMEM : 0;
}

int nb_api_boeking_list(nb_req *req, nb_resp *resp)
{
    nb_page page;
    nb_err err = {{0}};
    nb_ledger_filter f;
    memset(&f, 0, sizeof f);
    int bad = nb_req_page(req, resp, &page) != 0;
    bad |= nb_req_query_sort(req, resp, nb_ledger_sort_fields, &f.sort);
    int64_t org = 0;
    int none = 0; /* nothing can match: the empty page */

    const char *org_s = nb_req_query(req, "organisatieId");
    if (org_s) {
        char *end = NULL;
        long long v = strtoll(org_s, &end, 10);
        if (end == org_s || *end != '\0' || v <= 0) {
            nb_resp_invalid(resp, "organisatieId", "moet een positief geheel getal zijn");
            bad = 1;
        } else {
            org = v;
        }
    }
    const char *soort = nb_req_query(req, "soort");
    if (soort) {
        f.kind = nb_ledger_kind_parse(soort);
        if (f.kind == NB_KIND_NONE) {
            nb_resp_invalid(resp, "soort",
                            "moet werk, storting, kredietlijn, correctie of terugboeking zijn");
            bad = 1;
        }
    }
    bad |= nb_api_query_day(req, resp, "vanaf", 0, &f.from_ts) != 0;
    bad |= nb_api_query_day(req, resp, "tot", 1, &f.to_ts) != 0;
    if (f.from_ts && f.to_ts && f.to_ts <= f.from_ts) {
        nb_resp_invalid(resp, "tot", "moet op of na vanaf liggen");
        bad = 1;
    }
    if (bad)
        return 0;
    if (req->who->role == NB_ROLE_COORDINATOR) {
        if (org == 0)
            org = req->who->organisation_id;
        if (org != req->who->organisation_id)
            return nb_resp_problem(
                resp, 403, "Geen toegang",
                "Een coördinator ziet alleen boekingen van de eigen organisatie.");
    }
    if (org > 0) {
        nb_org o;
        int rc = nb_org_get(req->st, org, &o, &err);
        if (rc == NB_ENOTFOUND) {
            nb_resp_invalid(resp, "organisatieId", "organisatie %" PRId64 " bestaat niet", org);
            return 0;
        }
        if (rc != 0)
            return rc;
        rc = nb_ledger_store_find_org_account(req->st, org, &f.account_id, &err);
        if (rc == NB_ENOTFOUND) /* no account yet: nothing to list */
            none = 1;
        else if (rc != 0)
            return rc;
    }
    /* A range that ends before 1970 holds no transfer either (the filter
     * reads a time <= 0 as open). */
    if (f.to_ts < 0)
        none = 1;
    nb_api_rows c;
    int64_t total = 0;
    nb_api_rows_begin(&c, req, resp);
    int rc = none ? 0 /* the empty page, without a query */
                  : nb_ledger_store_list(req->st, &f, (page.page - 1) * page.size, page.size,
                                         nb_bk_list_add, &c, &total, &err);
    return nb_api_rows_reply(resp, "boekingen", &c, rc, total, &page);
}
