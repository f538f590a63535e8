/*
 * api/organisaties.c — /api/v1/organisaties: the members of the network.
 *
 * Read by every role; created and changed by network management only (the
 * route table says so). A gemeente carries its CBS code (GM + 4 digits).
 */
#include "api/api.h"

#include "store/organisations.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

const char *const nb_org_kinds[] = {"gemeente", "pool", "partner", NULL};

static const nb_field nb_org_fields[] = {
    {"code", NB_F_STRING, 1, 0, 2, 16, NULL, NULL,
     "Voor een gemeente de CBS-gemeentecode (GM + 4 cijfers); anders 2-16 tekens A-Z, 0-9, -."},
    {"soort", NB_F_ENUM, 1, 0, 0, 0, nb_org_kinds, NULL, "gemeente, pool of partner"},
    {"naam", NB_F_STRING, 1, 0, 1, 120, NULL, NULL, "Naam van de organisatie"},
    {"inwoners", NB_F_INT, 0, 0, 0, 100000000, NULL, NULL, "Aantal inwoners"},
    {"oppervlakteKm2", NB_F_CENTI, 0, 0, 0, 10000000, NULL, NULL, "Oppervlakte in km²"},
    {"formatieFte", NB_F_CENTI, 0, 0, 0, 100000000, NULL, NULL, "Formatie in fte"},
    {"caseload", NB_F_INT, 0, 0, 0, 100000000, NULL, NULL, "Caseload (aantal dossiers)"},
    {"gemeentefonds", NB_F_INT, 0, 0, 0, 100000000000LL, NULL, NULL,
     "Uitkering uit het gemeentefonds in euro's"},
    {"vastAandeel", NB_F_INT, 0, 0, 0, 1000000, NULL, NULL,
     "Gewicht in de verdeelsleutel 'vaste aandelen'"},
    {"kredietlijnMinuten", NB_F_INT, 0, 0, 0, 100000000, NULL, NULL,
     "Kredietlijn in minuten: zoveel mag de organisatie meer halen dan brengen"},
};
const nb_schema nb_schema_organisatie =
    NB_SCHEMA("Organisatie", nb_org_fields, "Een lid van het netwerk");

/* What nb_org_json writes, in its order (the contract test checks every response against it). */
static const nb_field nb_org_out_fields[] = {
    NB_OUT_ID,
    NB_OUT("code", NB_F_STRING, NULL),
    NB_OUT("soort", NB_F_ENUM, NULL),
    NB_OUT("naam", NB_F_STRING, NULL),
    NB_OUT("inwoners", NB_F_INT, NULL),
    NB_OUT("oppervlakteKm2", NB_F_CENTI, NULL),
    NB_OUT("formatieFte", NB_F_CENTI, NULL),
    NB_OUT("caseload", NB_F_INT, NULL),
    NB_OUT("gemeentefonds", NB_F_INT, NULL),
    NB_OUT("vastAandeel", NB_F_INT, NULL),
    NB_OUT("kredietlijnMinuten", NB_F_INT, NULL),
    NB_OUT_AUDIT,
    NB_OUT_LINKS,
};
const nb_schema nb_out_organisatie = NB_SCHEMA_OUT(
    "OrganisatieUit", nb_org_out_fields, &nb_schema_organisatie, "Een lid van het netwerk");
NB_SCHEMA_LIST(nb_out_organisatie_lijst, "OrganisatieLijst", "organisaties", nb_out_organisatie);

static json_t *nb_org_json(const nb_req *req, const nb_org *o)
{
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(o->id));
    json_object_set_new(j, "code", json_string(o->code));
    json_object_set_new(j, "soort", json_string(o->kind));
    json_object_set_new(j, "naam", json_string(o->name));
    json_object_set_new(j, "inwoners", json_integer(o->inhabitants));
    json_object_set_new(j, "oppervlakteKm2", nb_json_centi(o->area_hundredths));
    json_object_set_new(j, "formatieFte", nb_json_centi(o->fte_hundredths));
    json_object_set_new(j, "caseload", json_integer(o->caseload));
    json_object_set_new(j, "gemeentefonds", json_integer(o->fund_euros));
    json_object_set_new(j, "vastAandeel", json_integer(o->fixed_share));
    json_object_set_new(j, "kredietlijnMinuten", json_integer(o->credit_line_minutes));
    json_object_set_new(j, "aangemaakt", json_string(o->created_at));
    json_object_set_new(j, "gewijzigd", json_string(o->updated_at));
    json_object_set_new(j, "versie", json_integer(o->revision));
    json_object_set_new(j, "_links", nb_hal_self(req, "organisaties", o->id));
    return j;
}

/* Checks the rules the schema cannot express and fills o; returns problems found. */
static int nb_org_from_body(const json_t *b, nb_org *o, nb_resp *resp)
{
    int bad = 0;
    const char *code = nb_body_str(b, "code", "");
    const char *kind = nb_body_str(b, "soort", "");
    if (strcmp(kind, "gemeente") == 0) {
        int ok = strlen(code) == 6 && code[0] == 'G' && code[1] == 'M';
        for (int i = 2; ok && i < 6; i++)
            ok = isdigit((unsigned char)code[i]);
        if (!ok) {
            nb_resp_invalid(
                resp, "code",
                "moet voor een gemeente de CBS-gemeentecode zijn: GM en 4 cijfers (GM0505)");
            bad++;
        }
    } else {
        for (const char *p = code; *p; p++) {
            if (!(isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-')) {
                nb_resp_invalid(resp, "code", "mag alleen hoofdletters, cijfers en '-' bevatten");
                bad++;
                break;
            }
        }
    }
    snprintf(o->code, sizeof o->code, "%s", code);
    snprintf(o->kind, sizeof o->kind, "%s", kind);
    snprintf(o->name, sizeof o->name, "%s", nb_body_str(b, "naam", ""));
    o->inhabitants = nb_body_int(b, "inwoners", 0);
    o->area_hundredths = nb_body_centi(b, "oppervlakteKm2", 0);
    o->fte_hundredths = nb_body_centi(b, "formatieFte", 0);
    o->caseload = nb_body_int(b, "caseload", 0);
    o->fund_euros = nb_body_int(b, "gemeentefonds", 0);
    o->fixed_share = nb_body_int(b, "vastAandeel", 0);
    o->credit_line_minutes = nb_body_int(b, "kredietlijnMinuten", 0);
    return bad;
}

static int nb_org_list_add(void *ctx, const nb_org *o)
{
    nb_api_list *c = ctx;
    return json_array_append_new(c->items, nb_org_json(c->req, o)) == 0 ? 0 : NB_ENOMEM;
}

int nb_api_org_list(nb_req *req, nb_resp *resp)
{
    nb_page page;
    nb_err err = {{0}};
    nb_org_filter f = {.kind = nb_req_query(req, "soort"),
                       .code = nb_req_query(req, "code"),
                       .name_like = nb_req_query(req, "zoek")};
    /* naam is the deprecated name of zoek (docs/api.md "Renamed paths"). */
    const char *old_name = nb_req_query(req, "naam");
    int bad = nb_req_page(req, resp, &page) != 0;
    if (old_name != NULL && f.name_like != NULL && strcmp(old_name, f.name_like) != 0) {
        nb_resp_invalid(resp, "naam", "is de verouderde naam van zoek; geef er één");
        bad = 1;
    }
    if (old_name != NULL && f.name_like == NULL)
        f.name_like = old_name;
    bad |= nb_req_query_sort(req, resp, nb_org_sort_fields, &f.sort);
    if (f.kind && strcmp(f.kind, "gemeente") != 0 && strcmp(f.kind, "pool") != 0 &&
        strcmp(f.kind, "partner") != 0) {
        nb_resp_invalid(resp, "soort", "moet gemeente, pool of partner zijn");
        bad = 1;
    }
    if (bad)
        return 0;
    nb_api_list c = {req, json_array()};
    int64_t total = 0;
    int rc = nb_org_list(req->st, &f, (page.page - 1) * page.size, page.size, nb_org_list_add, &c,
                         &total, &err);
    rc = nb_api_list_reply(resp, "organisaties", &c, rc, total, &page);
    if (rc == 0 && old_name != NULL)
        nb_api_deprecated(req, resp, NULL);
    return rc;
}

int nb_api_org_get(nb_req *req, nb_resp *resp)
{
    int64_t id;
    nb_org o;
    nb_err err = {{0}};
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 0;
    int rc = nb_org_get(req->st, id, &o, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err);
    return nb_resp_json(resp, 200, nb_org_json(req, &o));
}

int nb_api_org_create(nb_req *req, nb_resp *resp)
{
    nb_org o;
    nb_err err = {{0}};
    memset(&o, 0, sizeof o);
    if (nb_org_from_body(req->body, &o, resp) > 0)
        return 0;
    int rc = nb_org_insert(req->st, &o, &err);
    if (rc == 0)
        rc = nb_api_audit(req, "create", "organisatie", o.id, req->body);
    if (rc == 0 && (rc = nb_api_credit_line_hook(req, resp, &o, &err)) > 0)
        return 0; /* 422 written; the ledger keeps the credit line equal */
    if (rc != 0)
        return nb_api_err_field(resp, rc, &err, "code");
    nb_api_location(req, resp, "organisaties", o.id);
    return nb_resp_json(resp, 201, nb_org_json(req, &o));
}

int nb_api_org_update(nb_req *req, nb_resp *resp)
{
    nb_org o;
    nb_err err = {{0}};
    memset(&o, 0, sizeof o);
    if (nb_req_path_id(req, resp, 0, &o.id) != 0)
        return 0;
    if (nb_org_from_body(req->body, &o, resp) > 0)
        return 0;
    int rc = nb_org_update(req->st, &o, &err);
    if (rc == 0)
        rc = nb_api_audit(req, "update", "organisatie", o.id, req->body);
    if (rc == 0 && (rc = nb_api_credit_line_hook(req, resp, &o, &err)) > 0)
        return 0; /* 422 written; the ledger keeps the credit line equal */
    if (rc != 0)
        return nb_api_err_field(resp, rc, &err, "code");
    return nb_resp_json(resp, 200, nb_org_json(req, &o));
}
