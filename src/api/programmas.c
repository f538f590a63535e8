/*
 * api/programmas.c — /api/v1/programmas: programmes of assignments (issue 10
 * §1): the regional rMJP work programme of a year, a municipality's own
 * programme.
 *
 * Every role reads every programme (not personal data). beheer creates and
 * changes any; a coordinator only a gemeentelijk programme of its own
 * gemeente (store/programmes.h nb_prog_may_write: 403 otherwise); medewerker
 * and lezer only read (the route table). A programme is never deleted.
 * Versioned (versie, ETag, If-Match) like every resource. The assignments of
 * a programme: GET /api/v1/opdrachten?programmaId={id} (its _links.opdrachten).
 */
#include "api/api.h"

#include "store/programmes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const nb_field nb_prog_fields[] = {
    {"naam", NB_F_STRING, 1, 0, 1, NB_PROG_NAME_MAX, NULL, NULL,
     "Naam, bijvoorbeeld 'rMJP werkprogramma 2027'"},
    {"soort", NB_F_ENUM, 1, 0, 0, 0, nb_prog_kinds, NULL,
     "regionaal (het werkprogramma van het netwerk) of gemeentelijk (van één gemeente)"},
    {"organisatieId", NB_F_INT, 0, 1, 1, INT64_MAX, NULL, NULL,
     "De gemeente van een gemeentelijk programma; leeg (null) bij regionaal"},
    {"eersteJaar", NB_F_INT, 1, 0, NB_PROG_YEAR_MIN, NB_PROG_YEAR_MAX, NULL, NULL,
     "Het eerste jaar van de looptijd"},
    {"laatsteJaar", NB_F_INT, 1, 0, NB_PROG_YEAR_MIN, NB_PROG_YEAR_MAX, NULL, NULL,
     "Het laatste jaar van de looptijd (niet vóór het eerste)"},
    {"omschrijving", NB_F_STRING, 0, 0, 0, NB_PROG_DESC_MAX, NULL, NULL, "Omschrijving"},
};
const nb_schema nb_schema_programma =
    NB_SCHEMA("Programma", nb_prog_fields, "Een programma van opdrachten");

static const nb_field nb_prog_out_fields[] = {
    NB_OUT_ID,
    NB_OUT("naam", NB_F_STRING, NULL),
    NB_OUT("soort", NB_F_ENUM, NULL),
    NB_OUT_NULL("organisatieId", NB_F_INT, NULL),
    NB_OUT("eersteJaar", NB_F_INT, NULL),
    NB_OUT("laatsteJaar", NB_F_INT, NULL),
    NB_OUT("omschrijving", NB_F_STRING, NULL),
    NB_OUT("opdrachten", NB_F_INT, "Aantal opdrachten in het programma"),
    NB_OUT_AUDIT,
    NB_OUT_LINKS,
};
const nb_schema nb_out_programma = NB_SCHEMA_OUT(
    "ProgrammaUit", nb_prog_out_fields, &nb_schema_programma, "Een programma van opdrachten");
NB_SCHEMA_LIST(nb_out_programma_lijst, "ProgrammaLijst", "programmas", nb_out_programma);

static json_t *nb_prog_json(const nb_req *req, const nb_prog *p)
{
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(p->id));
    json_object_set_new(j, "naam", json_string(p->name));
    json_object_set_new(j, "soort", json_string(p->kind));
    json_object_set_new(j, "organisatieId",
                        p->organisation_id > 0 ? json_integer(p->organisation_id) : json_null());
    json_object_set_new(j, "eersteJaar", json_integer(p->first_year));
    json_object_set_new(j, "laatsteJaar", json_integer(p->last_year));
    json_object_set_new(j, "omschrijving", json_string(p->description));
    json_object_set_new(j, "opdrachten", json_integer(p->nassignments));
    json_object_set_new(j, "aangemaakt", json_string(p->created_at));
    json_object_set_new(j, "gewijzigd", json_string(p->updated_at));
    json_object_set_new(j, "versie", json_integer(p->revision));
    json_t *links = nb_hal_self(req, "programmas", p->id);
    char href[512];
    snprintf(href, sizeof href, "%s/api/v1/opdrachten?programmaId=%lld", req->base_url,
             (long long)p->id);
    json_object_set_new(links, "opdrachten", json_pack("{s:s}", "href", href));
    json_object_set_new(j, "_links", links);
    return j;
}

static const char *nb_prog_field_name(nb_prog_field f)
{
    switch (f) {
    case NB_PROG_F_NAME:
        return "naam";
    case NB_PROG_F_KIND:
        return "soort";
    case NB_PROG_F_ORGANISATION:
        return "organisatieId";
    case NB_PROG_F_FIRST_YEAR:
        return "eersteJaar";
    case NB_PROG_F_LAST_YEAR:
        return "laatsteJaar";
    }
    return "(body)";
}

/* Fills p from the (schema-valid) body and checks it; the problem count or a negative code. */
static int nb_prog_from_body(nb_req *req, nb_prog *p, nb_resp *resp)
{
    const json_t *b = req->body;
    nb_err err = {{0}};
    snprintf(p->name, sizeof p->name, "%s", nb_body_str(b, "naam", ""));
    snprintf(p->kind, sizeof p->kind, "%s", nb_body_str(b, "soort", ""));
    const json_t *org = json_object_get(b, "organisatieId");
    p->organisation_id = json_is_integer(org) ? json_integer_value(org) : 0;
    p->first_year = nb_body_int(b, "eersteJaar", 0);
    p->last_year = nb_body_int(b, "laatsteJaar", 0);
    snprintf(p->description, sizeof p->description, "%s", nb_body_str(b, "omschrijving", ""));
    nb_prog_problem probs[NB_PROG_MAX_PROBLEMS];
    size_t n = 0;
    int rc = nb_prog_check(req->st, p, probs, NB_PROG_MAX_PROBLEMS, &n, &err);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n && i < NB_PROG_MAX_PROBLEMS; i++)
        nb_resp_invalid(resp, nb_prog_field_name(probs[i].field), "%s", probs[i].reason);
    return (int)n;
}

static int nb_prog_list_add(void *ctx, const nb_prog *p)
{
    nb_api_list *c = ctx;
    return json_array_append_new(c->items, nb_prog_json(c->req, p)) == 0 ? 0 : NB_ENOMEM;
}

int nb_api_prog_list(nb_req *req, nb_resp *resp)
{
    nb_page page;
    nb_err err = {{0}};
    nb_prog_filter f;
    memset(&f, 0, sizeof f);
    int bad = nb_req_page(req, resp, &page) != 0;
    bad |= nb_req_query_sort(req, resp, nb_prog_sort_fields, &f.sort);
    bad |= nb_req_query_enum(req, resp, "soort", nb_prog_kinds, &f.kind);
    bad |= nb_req_query_id(req, resp, "organisatieId", &f.organisation_id);
    bad |= nb_req_query_id(req, resp, "jaar", &f.year);
    f.text = nb_req_query(req, "zoek");
    if (bad)
        return 0;
    nb_api_list c = {req, json_array()};
    int64_t total = 0;
    int rc = nb_prog_list(req->st, &f, (page.page - 1) * page.size, page.size, nb_prog_list_add, &c,
                          &total, &err);
    return nb_api_list_reply(resp, "programmas", &c, rc, total, &page);
}

int nb_api_prog_get(nb_req *req, nb_resp *resp)
{
    int64_t id;
    nb_err err = {{0}};
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 0;
    nb_prog *p = malloc(sizeof *p);
    if (p == NULL)
        return NB_ENOMEM;
    int rc = nb_prog_get(req->st, id, p, &err);
    rc = rc == 0 ? nb_resp_json(resp, 200, nb_prog_json(req, p)) : nb_resp_from_err(resp, rc, &err);
    free(p);
    return rc;
}

/* The answer to a refused or failed write. */
static int nb_prog_write_error(nb_resp *resp, int rc, const nb_err *err)
{
    if (rc == NB_EFORBIDDEN)
        return nb_resp_problem(resp, 403, "Geen toegang", "%s", err->msg);
    return nb_resp_from_err(resp, rc, err);
}

int nb_api_prog_create(nb_req *req, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_prog *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NB_ENOMEM;
    int rc = 0, bad = nb_prog_from_body(req, p, resp);
    if (bad < 0)
        rc = bad;
    else if (bad == 0 && (rc = nb_prog_create(req->st, &req->actor, req->who, p, &err)) != 0)
        rc = nb_prog_write_error(resp, rc, &err);
    else if (bad == 0) {
        nb_api_location(req, resp, "programmas", p->id);
        rc = nb_resp_json(resp, 201, nb_prog_json(req, p));
    }
    free(p);
    return rc;
}

int nb_api_prog_update(nb_req *req, nb_resp *resp)
{
    nb_err err = {{0}};
    int64_t id;
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 0;
    nb_prog *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NB_ENOMEM;
    /* 404 before 422: a change of a programme that does not exist */
    int rc = nb_prog_get(req->st, id, p, &err);
    if (rc != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        free(p);
        return rc;
    }
    int bad = nb_prog_from_body(req, p, resp);
    p->id = id;
    if (bad < 0)
        rc = bad;
    else if (bad == 0 && (rc = nb_prog_change(req->st, &req->actor, req->who, p, &err)) != 0)
        rc = nb_prog_write_error(resp, rc, &err);
    else if (bad == 0)
        rc = nb_resp_json(resp, 200, nb_prog_json(req, p));
    free(p);
    return rc;
}
