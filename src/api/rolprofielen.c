/*
 * api/rolprofielen.c — /api/v1/rolprofielen: named sets of weighted competencies.
 *
 * A role profile (e.g. Lochem's "Retro in Control") lists the competencies it
 * needs with a weight 1–100. Read by every role; created and changed by
 * network management only. PUT replaces the whole list.
 */
#include "api/api.h"

#include "store/competencies.h"
#include "store/role_profiles.h"

#include <stdio.h>
#include <string.h>

static const nb_field nb_profile_line_fields[] = {
    {"competentieId", NB_F_INT, 1, 0, 1, INT64_MAX, NULL, NULL, "Id van een bestaande competentie"},
    {"gewicht", NB_F_INT, 1, 0, 1, 100, NULL, NULL,
     "Gewicht van deze competentie in het profiel, 1-100"},
};
static const nb_schema nb_schema_profile_line =
    NB_SCHEMA("RolprofielCompetentie", nb_profile_line_fields, "Een competentie met haar gewicht");

static const nb_field nb_profile_fields[] = {
    {"naam", NB_F_STRING, 1, 0, 1, NB_PROFILE_NAME_MAX, NULL, NULL,
     "Unieke naam van het rolprofiel"},
    {"omschrijving", NB_F_STRING, 0, 0, 0, NB_PROFILE_DESC_MAX, NULL, NULL,
     "Waar dit rolprofiel voor staat"},
    {"competenties", NB_F_ARRAY, 1, 0, 1, NB_PROFILE_MAX_LINES, NULL, &nb_schema_profile_line,
     "De competenties van het profiel (1-64, elk hoogstens één keer)"},
};
const nb_schema nb_schema_rolprofiel = NB_SCHEMA(
    "Rolprofiel", nb_profile_fields, "Een rolprofiel: een benoemde set competenties met gewichten");

/* What nb_profile_json writes, in its order. */
static const nb_field nb_profile_out_fields[] = {
    NB_OUT_ID,
    NB_OUT("naam", NB_F_STRING, NULL),
    NB_OUT("omschrijving", NB_F_STRING, NULL),
    NB_OUT_LIST("competenties", nb_schema_profile_line, NULL),
    NB_OUT_AUDIT,
    NB_OUT_LINKS,
};
const nb_schema nb_out_rolprofiel =
    NB_SCHEMA_OUT("RolprofielUit", nb_profile_out_fields, &nb_schema_rolprofiel, "Een rolprofiel");
NB_SCHEMA_LIST(nb_out_rolprofiel_lijst, "RolprofielLijst", "rolprofielen", nb_out_rolprofiel);

static json_t *nb_profile_json(const nb_req *req, const nb_profile *p)
{
    json_t *j = json_object();
    json_t *lines = json_array();
    for (size_t i = 0; i < p->nlines; i++)
        json_array_append_new(lines, json_pack("{s:I, s:I}", "competentieId",
                                               (json_int_t)p->lines[i].competency_id, "gewicht",
                                               (json_int_t)p->lines[i].weight));
    json_object_set_new(j, "id", json_integer(p->id));
    json_object_set_new(j, "naam", json_string(p->name));
    json_object_set_new(j, "omschrijving", json_string(p->description));
    json_object_set_new(j, "competenties", lines);
    json_object_set_new(j, "aangemaakt", json_string(p->created_at));
    json_object_set_new(j, "gewijzigd", json_string(p->updated_at));
    json_object_set_new(j, "versie", json_integer(p->revision));
    json_object_set_new(j, "_links", nb_hal_self(req, "rolprofielen", p->id));
    return j;
}

/*
 * Fills p from the (schema-valid) body and checks the references: every
 * competentieId must exist and appear once. Returns the number of problems
 * (each added to resp), or a negative code on a database error.
 */
static int nb_profile_from_body(nb_req *req, nb_profile *p, nb_resp *resp)
{
    int bad = 0;
    nb_err err = {{0}};
    const json_t *b = req->body;
    snprintf(p->name, sizeof p->name, "%s", nb_body_str(b, "naam", ""));
    snprintf(p->description, sizeof p->description, "%s", nb_body_str(b, "omschrijving", ""));
    const json_t *lines = json_object_get(b, "competenties");
    size_t i;
    const json_t *line;
    p->nlines = 0;
    json_array_foreach (lines, i, line) {
        if (i >= NB_PROFILE_MAX_LINES)
            break; /* the schema already refused this */
        int64_t cid = nb_body_int(line, "competentieId", 0);
        char name[64];
        snprintf(name, sizeof name, "competenties[%zu].competentieId", i);
        int exists = nb_comp_exists(req->st, cid, &err);
        if (exists < 0)
            return exists;
        if (!exists) {
            nb_resp_invalid(resp, name, "verwijst naar competentie %lld, die niet bestaat",
                            (long long)cid);
            bad++;
        }
        for (size_t k = 0; k < p->nlines; k++) {
            if (p->lines[k].competency_id == cid) {
                nb_resp_invalid(resp, name,
                                "competentie %lld staat al eerder in de lijst (competenties[%zu])",
                                (long long)cid, k);
                bad++;
                break;
            }
        }
        p->lines[p->nlines].competency_id = cid;
        p->lines[p->nlines].weight = nb_body_int(line, "gewicht", 1);
        p->nlines++;
    }
    return bad;
}

/* Parses a query value as a positive id; 0 = ok. */
static int nb_profile_query_id(const char *s, int64_t *out)
{
    int64_t v = 0;
    if (s == NULL || *s == '\0' || strlen(s) > 18)
        return NB_EINVAL;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return NB_EINVAL;
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return v > 0 ? 0 : NB_EINVAL;
}

static int nb_profile_list_add(void *ctx, const nb_profile *p)
{
    nb_api_list *lc = ctx;
    return json_array_append_new(lc->items, nb_profile_json(lc->req, p)) == 0 ? 0 : NB_ENOMEM;
}

int nb_api_profile_list(nb_req *req, nb_resp *resp)
{
    nb_page page;
    nb_err err = {{0}};
    nb_profile_filter f = {.search = nb_req_query(req, "zoek")};
    int bad = nb_req_page(req, resp, &page) != 0;
    bad |= nb_req_query_sort(req, resp, nb_profile_sort_fields, &f.sort);
    const char *cid = nb_req_query(req, "competentieId");
    if (cid && nb_profile_query_id(cid, &f.competency_id) != 0) {
        nb_resp_invalid(resp, "competentieId", "moet een positief geheel getal (id) zijn");
        bad = 1;
    }
    if (bad)
        return 0;
    nb_api_list c = {req, json_array()};
    int64_t total = 0;
    int rc = nb_profile_list(req->st, &f, (page.page - 1) * page.size, page.size,
                             nb_profile_list_add, &c, &total, &err);
    return nb_api_list_reply(resp, "rolprofielen", &c, rc, total, &page);
}

int nb_api_profile_get(nb_req *req, nb_resp *resp)
{
    int64_t id;
    nb_profile p;
    nb_err err = {{0}};
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 0;
    int rc = nb_profile_get(req->st, id, &p, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err);
    return nb_resp_json(resp, 200, nb_profile_json(req, &p));
}

int nb_api_profile_create(nb_req *req, nb_resp *resp)
{
    nb_profile p;
    nb_err err = {{0}};
    memset(&p, 0, sizeof p);
    int rc = nb_profile_from_body(req, &p, resp);
    if (rc != 0)
        return rc > 0 ? 0 : rc;
    rc = nb_profile_insert(req->st, &p, &err);
    if (rc == 0)
        rc = nb_api_audit(req, "create", "rolprofiel", p.id, req->body);
    if (rc != 0)
        return nb_api_err_field(resp, rc, &err, "naam");
    nb_api_location(req, resp, "rolprofielen", p.id);
    return nb_resp_json(resp, 201, nb_profile_json(req, &p));
}

int nb_api_profile_update(nb_req *req, nb_resp *resp)
{
    nb_profile p;
    nb_err err = {{0}};
    memset(&p, 0, sizeof p);
    if (nb_req_path_id(req, resp, 0, &p.id) != 0)
        return 0;
    int rc = nb_profile_from_body(req, &p, resp);
    if (rc != 0)
        return rc > 0 ? 0 : rc;
    rc = nb_profile_update(req->st, &p, &err);
    if (rc == 0)
        rc = nb_api_audit(req, "update", "rolprofiel", p.id, req->body);
    if (rc != 0)
        return nb_api_err_field(resp, rc, &err, "naam");
    return nb_resp_json(resp, 200, nb_profile_json(req, &p));
}
