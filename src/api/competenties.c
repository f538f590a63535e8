/*
 * api/competenties.c — /api/v1/competenties: the competency catalogue.
 *
 * Read by every role; created and changed by network management only (the
 * route table says so). A competency is never deleted: people, role profiles
 * and assignment lines refer to it.
 */
#include "api/api.h"

#include "store/competencies.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const nb_field nb_comp_fields[] = {
    {"code", NB_F_STRING, 1, 0, 2, NB_COMP_CODE_MAX, NULL, NULL,
     "Unieke code: 2-32 tekens A-Z, 0-9 en '-' (bijvoorbeeld SOC-JEUGD)"},
    {"naam", NB_F_STRING, 1, 0, 1, NB_COMP_NAME_MAX, NULL, NULL, "Naam van de competentie"},
    {"domein", NB_F_ENUM, 1, 0, 0, 0, nb_comp_domains, NULL,
     "Domein: sociaal, fysiek, bedrijfsvoering, dienstverlening, veiligheid of bestuur-en-strategie"},
    {"omschrijving", NB_F_STRING, 0, 0, 0, NB_COMP_DESC_MAX, NULL, NULL,
     "Wat iemand met deze competentie kan"},
};
const nb_schema nb_schema_competentie =
    NB_SCHEMA("Competentie", nb_comp_fields, "Een competentie uit de catalogus van het netwerk");

/* What nb_comp_json writes, in its order. */
static const nb_field nb_comp_out_fields[] = {
    NB_OUT_ID,
    NB_OUT("code", NB_F_STRING, NULL),
    NB_OUT("naam", NB_F_STRING, NULL),
    NB_OUT("domein", NB_F_ENUM, NULL),
    NB_OUT("omschrijving", NB_F_STRING, NULL),
    NB_OUT_AUDIT,
    NB_OUT_LINKS,
};
const nb_schema nb_out_competentie =
    NB_SCHEMA_OUT("CompetentieUit", nb_comp_out_fields, &nb_schema_competentie,
                  "Een competentie uit de catalogus van het netwerk");
NB_SCHEMA_LIST(nb_out_competentie_lijst, "CompetentieLijst", "competenties", nb_out_competentie);

static json_t *nb_comp_json(const nb_req *req, const nb_comp *c)
{
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(c->id));
    json_object_set_new(j, "code", json_string(c->code));
    json_object_set_new(j, "naam", json_string(c->name));
    json_object_set_new(j, "domein", json_string(c->domain));
    json_object_set_new(j, "omschrijving", json_string(c->description));
    json_object_set_new(j, "aangemaakt", json_string(c->created_at));
    json_object_set_new(j, "gewijzigd", json_string(c->updated_at));
    json_object_set_new(j, "versie", json_integer(c->revision));
    json_object_set_new(j, "_links", nb_hal_self(req, "competenties", c->id));
    return j;
}

/* Checks the rules the schema cannot express and fills c; returns problems found. */
static int nb_comp_from_body(const json_t *b, nb_comp *c, nb_resp *resp)
{
    int bad = 0;
    const char *code = nb_body_str(b, "code", "");
    for (const char *p = code; *p; p++) {
        if (!(isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-')) {
            nb_resp_invalid(resp, "code", "mag alleen hoofdletters A-Z, cijfers en '-' bevatten");
            bad++;
            break;
        }
    }
    snprintf(c->code, sizeof c->code, "%s", code);
    snprintf(c->name, sizeof c->name, "%s", nb_body_str(b, "naam", ""));
    snprintf(c->domain, sizeof c->domain, "%s", nb_body_str(b, "domein", ""));
    snprintf(c->description, sizeof c->description, "%s", nb_body_str(b, "omschrijving", ""));
    return bad;
}

static int nb_comp_domain_ok(const char *d)
{
    for (const char *const *p = nb_comp_domains; *p; p++)
        if (strcmp(*p, d) == 0)
            return 1;
    return 0;
}

static int nb_comp_list_add(void *ctx, const nb_comp *c)
{
    nb_api_list *lc = ctx;
    return json_array_append_new(lc->items, nb_comp_json(lc->req, c)) == 0 ? 0 : NB_ENOMEM;
}

int nb_api_comp_list(nb_req *req, nb_resp *resp)
{
    nb_page page;
    nb_err err = {{0}};
    nb_comp_filter f = {.domain = nb_req_query(req, "domein"),
                        .code = nb_req_query(req, "code"),
                        .search = nb_req_query(req, "zoek")};
    int bad = nb_req_page(req, resp, &page) != 0;
    bad |= nb_req_query_sort(req, resp, nb_comp_sort_fields, &f.sort);
    if (f.domain && !nb_comp_domain_ok(f.domain)) {
        nb_resp_invalid(resp, "domein",
                        "moet sociaal, fysiek, bedrijfsvoering, dienstverlening, veiligheid of "
                        "bestuur-en-strategie zijn");
        bad = 1;
    }
    if (bad)
        return 0;
    nb_api_list c = {req, json_array()};
    int64_t total = 0;
    int rc = nb_comp_list(req->st, &f, (page.page - 1) * page.size, page.size, nb_comp_list_add, &c,
                          &total, &err);
    return nb_api_list_reply(resp, "competenties", &c, rc, total, &page);
}

int nb_api_comp_get(nb_req *req, nb_resp *resp)
{
    int64_t id;
    nb_comp c;
    nb_err err = {{0}};
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 0;
    int rc = nb_comp_get(req->st, id, &c, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err);
    return nb_resp_json(resp, 200, nb_comp_json(req, &c));
}

int nb_api_comp_create(nb_req *req, nb_resp *resp)
{
    nb_comp c;
    nb_err err = {{0}};
    memset(&c, 0, sizeof c);
    if (nb_comp_from_body(req->body, &c, resp) > 0)
        return 0;
    int rc = nb_comp_insert(req->st, &c, &err);
    if (rc == 0)
        rc = nb_api_audit(req, "create", "competentie", c.id, req->body);
    if (rc != 0)
        return nb_api_err_field(resp, rc, &err, "code");
    nb_api_location(req, resp, "competenties", c.id);
    return nb_resp_json(resp, 201, nb_comp_json(req, &c));
}

int nb_api_comp_update(nb_req *req, nb_resp *resp)
{
    nb_comp c;
    nb_err err = {{0}};
    memset(&c, 0, sizeof c);
    if (nb_req_path_id(req, resp, 0, &c.id) != 0)
        return 0;
    if (nb_comp_from_body(req->body, &c, resp) > 0)
        return 0;
    int rc = nb_comp_update(req->st, &c, &err);
    if (rc == 0)
        rc = nb_api_audit(req, "update", "competentie", c.id, req->body);
    if (rc != 0)
        return nb_api_err_field(resp, rc, &err, "code");
    return nb_resp_json(resp, 200, nb_comp_json(req, &c));
}
