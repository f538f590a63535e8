/*
 * api/instemmingen.c — /api/v1/opdrachten/{id}/instemmingen: consents
 * (DOMAIN rule 9, no charge without consent; core/consent.h,
 * store/consents.h).
 *
 * An organisation is charged for an assignment only when it consented to
 * its part, or — regional work — when network management accepted the
 * assignment (the network's allocation key then charges every member). A
 * consent is a record: which organisation, the fraction it agreed to (its
 * share out of the total of shares then), who gave it (token label, role,
 * person), when (UTC) and how (wijze):
 *   - aanvrager:  a coordinator of the organisation created or edited the
 *                 assignment with its organisation as requester;
 *   - instemming: its coordinator agreed through PUT …/instemmingen/{organisatie-id};
 *   - netwerk:    network management (beheer) accepted a regional
 *                 assignment (organisatieId null).
 * Records are never changed or deleted; each one is also in the audit log
 * (action "instemming" on the opdracht).
 *
 * Who may do what (routes.c admits the roles; the finer rules are here):
 *   - read (GET …/instemmingen, GET …/instemmingen/{organisatie-id}): every role;
 *   - consent (PUT …/instemmingen/{organisatie-id}): only a coordinator of
 *     that organisation (403 for a coordinator of another one). Beheer cannot
 *     consent on an organisation's behalf: it has no row in the route table.
 */
#include "api/api.h"

#include "core/assignment.h"
#include "core/consent.h"
#include "store/asg_rules.h"
#include "store/assignments.h"
#include "store/consents.h"
#include "store/organisations.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Schema ------------------------------------------------------------- */

static const nb_field nb_consent_fields[] = {
    {"notitie", NB_F_STRING, 0, 0, 0, NB_CONSENT_NOTE_MAX, NULL, NULL,
     "Toelichting bij de instemming (bijvoorbeeld het collegebesluit)"},
};
const nb_schema nb_schema_instemming =
    NB_SCHEMA("Instemming", nb_consent_fields,
              "Instemming van de eigen organisatie met haar aandeel in de kosten van een opdracht");

/* What nb_asg_consent_json (store/asg_rules.c), nb_ic_state_json and the
 * handlers below write, in their order. */
static const char *const nb_consent_bases[] = {"aanvrager", "instemming", "netwerk", NULL};
static const char *const nb_consent_states[] = {"verleend", "gevraagd", NULL};
static const nb_field nb_consent_out_fields[] = {
    NB_OUT_ID,
    NB_OUT("opdrachtId", NB_F_INT, "De opdracht"),
    NB_OUT_NULL("organisatieId", NB_F_INT, "De aanvrager; null bij de acceptatie door het netwerk"),
    NB_OUT_ENUM("wijze", nb_consent_bases,
                "aanvrager (door het indienen), instemming (apart gegeven) of netwerk (acceptatie "
                "van een regionale opdracht)"),
    NB_OUT_ENUM("soort", nb_asg_kinds, "De soort opdracht toen de instemming werd gegeven"),
    NB_OUT("aandeel", NB_F_INT, "Het aandeel waarmee werd ingestemd"),
    NB_OUT("totaalAandelen", NB_F_INT, "Het totaal van de aandelen op dat moment"),
    NB_OUT("door", NB_F_STRING,
           "Wie instemde, als rol:label (label van token of login), bijvoorbeeld "
           "coordinator:griffie"),
    NB_OUT("rol", NB_F_STRING, "De rol van wie instemde"),
    NB_OUT_NULL("medewerkerId", NB_F_INT, "De medewerker die instemde, als die bekend is"),
    NB_OUT("notitie", NB_F_STRING, "Toelichting"),
    NB_OUT("aangemaakt", NB_F_DATETIME, "Wanneer (UTC)"),
    NB_OUT_NULL("geimporteerd", NB_F_DATETIME, "Wanneer geïmporteerd (UTC), of null"),
};
static const nb_schema nb_out_consent =
    NB_SCHEMA_OUT("InstemmingUit", nb_consent_out_fields, NULL, "Een vastgelegde instemming");
/* The rows one requester's consent state starts with: in the list of an
 * assignment (InstemmingStatus) and on its own (InstemmingAanvrager). */
#define NB_CONSENT_STATE_OUT                                              \
    NB_OUT("organisatieId", NB_F_INT, "De aanvragende organisatie"),      \
        NB_OUT("aandeel", NB_F_INT, "Haar aandeel"),                      \
        NB_OUT("totaalAandelen", NB_F_INT, "Het totaal van de aandelen"), \
        NB_OUT_ENUM("status", nb_consent_states, "verleend of gevraagd"), \
    {                                                                     \
        "instemming", NB_F_OBJECT, 1, 1, 0, 0, NULL, &nb_out_consent,     \
            "De instemming die het huidige aandeel dekt, of null"         \
    }
static const nb_field nb_consent_state_out_fields[] = {
    NB_CONSENT_STATE_OUT,
};
static const nb_schema nb_out_consent_state = NB_SCHEMA_OUT(
    "InstemmingStatus", nb_consent_state_out_fields, NULL, "De instemming van één aanvrager");
static const nb_field nb_consent_org_out_fields[] = {
    NB_CONSENT_STATE_OUT,
    NB_OUT("opdrachtId", NB_F_INT, "De opdracht"),
    NB_OUT_LINKS,
};
const nb_schema nb_out_instemming_aanvrager =
    NB_SCHEMA_OUT("InstemmingAanvrager", nb_consent_org_out_fields, &nb_schema_instemming,
                  "De instemming van één aanvragende organisatie met haar aandeel");
static const nb_field nb_consent_emb_out_fields[] = {
    NB_OUT_LIST("instemmingen", nb_out_consent, "Alle vastgelegde instemmingen"),
};
static const nb_schema nb_out_consent_emb = NB_SCHEMA_OUT(
    "InstemmingenEmbedded", nb_consent_emb_out_fields, NULL, "De vastgelegde instemmingen (HAL)");
static const nb_field nb_consent_list_out_fields[] = {
    NB_OUT("opdrachtId", NB_F_INT, "De opdracht"),
    NB_OUT_ENUM("soort", nb_asg_kinds, "De soort opdracht"),
    NB_OUT("belastbaar", NB_F_BOOL, "true als alle nodige instemmingen er zijn"),
    NB_OUT("netwerkGeaccepteerd", NB_F_BOOL, "Regionaal: het netwerk accepteerde de opdracht"),
    NB_OUT_IDS("zonderInstemming", "De aanvragers die nog niet instemden"),
    NB_OUT_LIST("aanvragers", nb_out_consent_state, "Per aanvrager de stand"),
    NB_OUT_OBJ("_embedded", nb_out_consent_emb, "Alle vastgelegde instemmingen"),
    NB_OUT_LINKS,
};
const nb_schema nb_out_instemmingen_opdracht = NB_SCHEMA_OUT(
    "InstemmingenOpdracht", nb_consent_list_out_fields, NULL, "De instemmingen van een opdracht");

/* ---- Helpers -------------------------------------------------------------- */

json_t *nb_api_consent_json(const nb_consent_row *c)
{
    return nb_asg_consent_json(c);
}

/* The state of requester org in a: terms, "verleend" or "gevraagd", the covering consent. */
static json_t *nb_ic_state_json(const nb_consent_row *rows, size_t n, const nb_asg *a, int64_t org)
{
    int64_t share = 0, total = 0;
    NB_IGNORE(nb_consent_terms(a->kind, a->requesters, a->nrequesters, org, &share, &total),
              "callers pass a requester of a non-regional assignment; otherwise 0/0 is the "
              "truthful answer to show");
    const nb_consent_row *c = nb_asg_consent_covering(rows, n, a, org);
    json_t *j = json_object();
    json_object_set_new(j, "organisatieId", json_integer(org));
    json_object_set_new(j, "aandeel", json_integer(share));
    json_object_set_new(j, "totaalAandelen", json_integer(total));
    json_object_set_new(j, "status", json_string(c ? "verleend" : "gevraagd"));
    json_object_set_new(j, "instemming", c ? nb_api_consent_json(c) : json_null());
    return j;
}

int nb_api_consent_after_write(nb_req *req, const nb_asg *a)
{
    nb_err err = {{0}};
    return nb_asg_consent_after_write(req->st, &req->actor, req->who, a, &err);
}

int nb_api_consent_problem(nb_req *req, nb_resp *resp, int64_t assignment_id,
                           const nb_consent_missing *m)
{
    if (m->network) {
        nb_resp_problem(resp, 409, "Instemming ontbreekt",
                        "Regionale opdracht %lld is niet door het netwerkmanagementteam (beheer) "
                        "geaccepteerd; zonder die acceptatie wordt geen organisatie belast.",
                        (long long)assignment_id);
    } else {
        nb_buf names = NB_BUF_INIT;
        for (size_t i = 0; i < m->n; i++) {
            nb_org o;
            nb_err err = {{0}};
            if (nb_org_get(req->st, m->org_ids[i], &o, &err) == 0)
                nb_buf_printf(&names, "%s%s (%s)", i ? ", " : "", o.name, o.code);
            else
                nb_buf_printf(&names, "%sorganisatie %lld", i ? ", " : "",
                              (long long)m->org_ids[i]);
        }
        nb_resp_problem(
            resp, 409, "Instemming ontbreekt",
            "Opdracht %lld kan niet worden belast: %s %s niet ingestemd met %s aandeel. "
            "Een coördinator van elke genoemde organisatie stemt in met PUT "
            "/api/v1/opdrachten/%lld/instemmingen/{organisatie-id}.",
            (long long)assignment_id, nb_buf_cstr(&names), m->n == 1 ? "heeft" : "hebben",
            m->n == 1 ? "haar" : "hun", (long long)assignment_id);
        nb_buf_free(&names);
    }
    json_object_set_new(resp->json, "type",
                        json_string("https://noaber.nl/problemen/instemming-ontbreekt"));
    json_object_set_new(resp->json, "opdrachtId", json_integer(assignment_id));
    json_t *ids = json_array();
    for (size_t i = 0; i < m->n; i++)
        json_array_append_new(ids, json_integer(m->org_ids[i]));
    json_object_set_new(resp->json, "zonderInstemming", ids);
    json_object_set_new(resp->json, "netwerkAkkoordOntbreekt", json_boolean(m->network));
    return 0;
}

/* ---- Handlers --------------------------------------------------------------- */

/* Loads assignment path param 0 and its consents; fills 404 on absence. 0 = loaded. */
static int nb_ic_load(nb_req *req, nb_resp *resp, nb_asg *a, nb_consent_row **rows, size_t *n,
                      int *rc)
{
    int64_t id;
    nb_err err = {{0}};
    *rc = 0;
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 1;
    int r = nb_asg_get(req->st, id, a, &err);
    if (r == 0)
        r = nb_consent_list(req->st, id, rows, n, &err);
    if (r != 0) {
        *rc = nb_resp_from_err(resp, r, &err);
        return 1;
    }
    return 0;
}

static void nb_ic_links(const nb_req *req, json_t *j, int64_t asg, int64_t org)
{
    char href[512];
    json_t *links = json_object();
    if (org > 0)
        snprintf(href, sizeof href, "%s/api/v1/opdrachten/%lld/instemmingen/%lld", req->base_url,
                 (long long)asg, (long long)org);
    else
        snprintf(href, sizeof href, "%s/api/v1/opdrachten/%lld/instemmingen", req->base_url,
                 (long long)asg);
    json_object_set_new(links, "self", json_pack("{s:s}", "href", href));
    snprintf(href, sizeof href, "%s/api/v1/opdrachten/%lld", req->base_url, (long long)asg);
    json_object_set_new(links, "opdracht", json_pack("{s:s}", "href", href));
    json_object_set_new(j, "_links", links);
}

int nb_api_consent_list(nb_req *req, nb_resp *resp)
{
    nb_consent_row *rows = NULL;
    size_t n = 0;
    int rc = 0;
    nb_asg *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NB_ENOMEM;
    if (nb_ic_load(req, resp, a, &rows, &n, &rc) != 0)
        goto cleanup;
    nb_consent *core = calloc(n ? n : 1, sizeof *core);
    if (core == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    nb_consent_core(rows, n, core);
    nb_consent_in in = {a->kind, a->requesters, a->nrequesters, core, n};
    nb_consent_missing missing;
    int refused = nb_consent_check(&in, &missing);
    free(core);

    json_t *j = json_object();
    json_object_set_new(j, "opdrachtId", json_integer(a->id));
    json_object_set_new(j, "soort", json_string(nb_assignment_kind_name(a->kind)));
    json_object_set_new(j, "belastbaar", json_boolean(!refused));
    json_object_set_new(j, "netwerkGeaccepteerd",
                        json_boolean(nb_asg_consent_network(rows, n) != NULL));
    json_t *ids = json_array();
    for (size_t i = 0; i < missing.n; i++)
        json_array_append_new(ids, json_integer(missing.org_ids[i]));
    json_object_set_new(j, "zonderInstemming", ids);
    json_t *states = json_array();
    for (size_t i = 0; a->kind != NB_ASSIGNMENT_REGIONAAL && i < a->nrequesters; i++)
        json_array_append_new(states,
                              nb_ic_state_json(rows, n, a, a->requesters[i].organisation_id));
    json_object_set_new(j, "aanvragers", states);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, nb_api_consent_json(&rows[i]));
    json_object_set_new(j, "_embedded", json_pack("{s:o}", "instemmingen", items));
    nb_ic_links(req, j, a->id, 0);
    rc = nb_resp_json(resp, 200, j);
cleanup:
    free(rows);
    free(a);
    return rc;
}

int nb_api_consent_get(nb_req *req, nb_resp *resp)
{
    nb_consent_row *rows = NULL;
    size_t n = 0;
    int64_t org;
    int rc = 0;
    nb_asg *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NB_ENOMEM;
    if (nb_ic_load(req, resp, a, &rows, &n, &rc) != 0 || nb_req_path_id(req, resp, 1, &org) != 0)
        goto cleanup;
    int64_t share, total;
    if (nb_consent_terms(a->kind, a->requesters, a->nrequesters, org, &share, &total) != 0) {
        rc = nb_resp_problem(resp, 404, "Niet gevonden",
                             "Organisatie %lld is geen aanvrager van opdracht %lld%s.",
                             (long long)org, (long long)a->id,
                             a->kind == NB_ASSIGNMENT_REGIONAAL
                                 ? " (een regionale opdracht wordt volgens de verdeelsleutel "
                                   "belast; zie .../instemmingen)"
                                 : "");
        goto cleanup;
    }
    json_t *j = nb_ic_state_json(rows, n, a, org);
    json_object_set_new(j, "opdrachtId", json_integer(a->id));
    nb_ic_links(req, j, a->id, org);
    rc = nb_resp_json(resp, 200, j);
cleanup:
    free(rows);
    free(a);
    return rc;
}

int nb_api_consent_put(nb_req *req, nb_resp *resp)
{
    nb_consent_row *rows = NULL;
    size_t n = 0;
    int64_t org;
    int rc = 0;
    nb_err err = {{0}};
    nb_asg *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NB_ENOMEM;
    if (nb_ic_load(req, resp, a, &rows, &n, &rc) != 0 || nb_req_path_id(req, resp, 1, &org) != 0)
        goto cleanup;
    rc = nb_asg_consent_agree(req->st, &req->actor, req->who, a, org,
                              nb_body_str(req->body, "notitie", ""), &err);
    if (rc == NB_EFORBIDDEN) {
        rc = nb_resp_problem(resp, 403, "Geen toegang", "%s", err.msg);
        goto cleanup;
    }
    if (rc == NB_ECONFLICT) {
        rc = nb_resp_problem(resp, 409, "Conflict", "%s", err.msg);
        goto cleanup;
    }
    free(rows);
    rows = NULL;
    if (rc == 0)
        rc = nb_consent_list(req->st, a->id, &rows, &n, &err);
    if (rc != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    json_t *j = nb_ic_state_json(rows, n, a, org);
    json_object_set_new(j, "opdrachtId", json_integer(a->id));
    nb_ic_links(req, j, a->id, org);
    rc = nb_resp_json(resp, 200, j);
cleanup:
    free(rows);
    free(a);
    return rc;
}

/* ---- Export and import (api/exchange.c) ------------------------------------ */

json_t *nb_api_consent_export(nb_store *st, int64_t assignment_id, nb_err *err)
{
    nb_consent_row *rows = NULL;
    size_t n = 0;
    if (nb_consent_list(st, assignment_id, &rows, &n, err) != 0)
        return NULL;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        if (rows[i].basis == NB_CONSENT_NETWORK)
            continue; /* the import's status walk by beheer accepts it again */
        json_array_append_new(list,
                              json_pack("{s:I, s:s, s:I, s:I, s:s, s:s, s:s, s:s}", "organisatieId",
                                        (json_int_t)rows[i].organisation_id, "wijze",
                                        nb_consent_basis_name(rows[i].basis), "aandeel",
                                        (json_int_t)rows[i].share, "totaalAandelen",
                                        (json_int_t)rows[i].shares_total, "door", rows[i].actor,
                                        "rol", rows[i].actor_role, "notitie", rows[i].note,
                                        "aangemaakt", rows[i].created_at));
    }
    free(rows);
    return list;
}

int nb_api_consent_import(nb_store *st, const nb_asg *a, const json_t *list, const char *record,
                          nb_err *err)
{
    size_t i;
    json_t *item;
    nb_actor actor = {"cli", "beheer", "local"};
    char now[21];
    nb_time_now_iso(now);
    if (list != NULL && !json_is_array(list))
        return nb_err_set(err, NB_EINVAL, "%s: instemmingen must be a list", record);
    json_array_foreach (list, i, item) {
        nb_consent_row c;
        memset(&c, 0, sizeof c);
        const char *basis = json_string_value(json_object_get(item, "wijze"));
        json_t *org = json_object_get(item, "organisatieId");
        c.assignment_id = a->id;
        c.organisation_id = json_integer_value(org);
        c.kind = a->kind;
        c.share = json_integer_value(json_object_get(item, "aandeel"));
        c.shares_total = json_integer_value(json_object_get(item, "totaalAandelen"));
        if (!json_is_object(item) || !json_is_integer(org) || c.organisation_id <= 0 ||
            basis == NULL || nb_consent_basis_parse(basis, &c.basis) != 0 ||
            c.basis == NB_CONSENT_NETWORK || c.share < 1 || c.shares_total < c.share)
            return nb_err_set(err, NB_EINVAL,
                              "%s: instemmingen[%zu] needs organisatieId (a requester), wijze "
                              "aanvrager or instemming, aandeel >= 1 and totaalAandelen >= aandeel",
                              record, i);
        snprintf(c.actor, sizeof c.actor, "%s",
                 json_string_value(json_object_get(item, "door"))
                     ? json_string_value(json_object_get(item, "door"))
                     : "");
        snprintf(c.actor_role, sizeof c.actor_role, "%s",
                 json_string_value(json_object_get(item, "rol"))
                     ? json_string_value(json_object_get(item, "rol"))
                     : "");
        snprintf(c.note, sizeof c.note, "%s",
                 json_string_value(json_object_get(item, "notitie"))
                     ? json_string_value(json_object_get(item, "notitie"))
                     : "");
        int32_t day = 0;
        char date[11] = "";
        const char *at = json_string_value(json_object_get(item, "aangemaakt"));
        if (at != NULL)
            snprintf(date, sizeof date, "%.10s", at);
        if (at == NULL || strlen(at) != 20 || at[10] != 'T' || at[19] != 'Z' ||
            nb_date_parse(date, &day) != 0)
            return nb_err_set(err, NB_EINVAL,
                              "%s: instemmingen[%zu].aangemaakt must be a UTC time "
                              "(YYYY-MM-DDTHH:MM:SSZ)",
                              record, i);
        snprintf(c.created_at, sizeof c.created_at, "%s", at);
        snprintf(c.imported_at, sizeof c.imported_at, "%s", now);
        int64_t share, total;
        if (nb_consent_terms(a->kind, a->requesters, a->nrequesters, c.organisation_id, &share,
                             &total) != 0)
            return nb_err_set(err, NB_EINVAL,
                              "%s: instemmingen[%zu].organisatieId is not a requester of this "
                              "assignment",
                              record, i);
        int rc = nb_consent_insert(st, &c, err);
        if (rc == 0) {
            json_t *detail = nb_api_consent_json(&c);
            char *text = nb_api_audit_detail(detail);
            json_decref(detail);
            rc = nb_store_audit(st, &actor, "instemming", "opdracht", a->id, text, err);
            free(text);
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}
