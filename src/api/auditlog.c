/*
 * api/auditlog.c — /api/v1/auditregels (formerly /api/v1/auditlog, now a
 * deprecated alias): who changed what, when and from where.
 *
 * Read-only and for network management only: the details of a change can
 * hold personal data. The log itself is append-only (migration 005).
 */
#include "api/api.h"

#include "store/audit.h"

/* What nb_audit_json writes, in its order. */
static const nb_field nb_audit_out_fields[] = {
    NB_OUT_ID,
    NB_OUT("tijdstip", NB_F_DATETIME, "Wanneer (UTC)"),
    NB_OUT("actor", NB_F_STRING,
           "Wie, als rol:label: het label van het token of de login met zijn rol "
           "(beheer:demo), system:cli voor de opdrachtregel"),
    NB_OUT("rol", NB_F_STRING,
           "De rol van de actor (beheer, coordinator, medewerker, lezer, system)"),
    NB_OUT("herkomst", NB_F_STRING, "Vanaf waar: het adres van de client, of local"),
    NB_OUT("actie", NB_F_STRING, "Wat: create, update, status, ..."),
    NB_OUT("entiteit", NB_F_STRING, "De soort record (organisatie, medewerker, ...)"),
    NB_OUT_NULL("entiteitId", NB_F_INT, "Het id van het record"),
    NB_OUT("details", NB_F_ANY, "De wijziging zelf (JSON), of de tekst als die te lang was"),
};
static const nb_schema nb_out_auditregel =
    NB_SCHEMA_OUT("Auditregel", nb_audit_out_fields, NULL, "Eén wijziging in het auditlog");
NB_SCHEMA_LIST(nb_out_auditregel_lijst, "AuditregelLijst", "auditregels", nb_out_auditregel);
/* The page under the deprecated path /api/v1/auditlog (api/alias.c): its old _embedded name. */
NB_SCHEMA_LIST(nb_out_auditlog_lijst, "AuditlogLijstVerouderd", "auditlog", nb_out_auditregel);

static json_t *nb_audit_json(const nb_audit_row *a)
{
    json_t *detail = json_loads(a->detail, 0, NULL);
    if (detail == NULL) /* cut at the store's buffer size: keep it as text */
        detail = json_string(a->detail);
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(a->id));
    json_object_set_new(j, "tijdstip", json_string(a->at));
    char actor[sizeof a->role + sizeof a->actor + 2];
    nb_api_actor_text(a->role, a->actor, actor, sizeof actor);
    json_object_set_new(j, "actor", json_string(actor));
    json_object_set_new(j, "rol", json_string(a->role));
    json_object_set_new(j, "herkomst", json_string(a->remote));
    json_object_set_new(j, "actie", json_string(a->action));
    json_object_set_new(j, "entiteit", json_string(a->entity));
    json_object_set_new(j, "entiteitId", a->entity_id ? json_integer(a->entity_id) : json_null());
    json_object_set_new(j, "details", detail);
    return j;
}

static int nb_audit_add(void *ctx, const nb_audit_row *a)
{
    nb_api_list *c = ctx;
    return json_array_append_new(c->items, nb_audit_json(a)) == 0 ? 0 : NB_ENOMEM;
}

int nb_api_audit_list(nb_req *req, nb_resp *resp)
{
    nb_page page;
    nb_err err = {{0}};
    nb_audit_filter f = {.entity = nb_req_query(req, "entiteit"),
                         .actor = nb_req_query(req, "actor")};
    int bad = nb_req_page(req, resp, &page) != 0;
    bad |= nb_req_query_sort(req, resp, nb_audit_sort_fields, &f.sort);
    bad |= nb_req_query_id(req, resp, "entiteitId", &f.entity_id);
    bad |= nb_req_query_date(req, resp, "vanaf", &f.from);
    bad |= nb_req_query_date(req, resp, "tot", &f.to);
    if (bad)
        return 0;
    nb_api_list c = {req, json_array()};
    int64_t total = 0;
    int rc = nb_audit_list(req->st, &f, (page.page - 1) * page.size, page.size, nb_audit_add, &c,
                           &total, &err);
    return nb_api_list_reply(resp, "auditregels", &c, rc, total, &page);
}
