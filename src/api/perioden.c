/*
 * api/perioden.c — /api/v1/perioden: closed periods (afgesloten perioden).
 *
 * Network management closes a period — a month or any inclusive date range
 * {"van": "2026-10-01", "tot": "2026-10-31"} — after which time entries
 * dated inside it can no longer be created (422) or decided (409): they are
 * immutable. A period that still holds undecided (ingediend) entries cannot
 * be closed (409: decide them first), so nothing is left hanging. Closing is
 * never undone. Every staff role reads the list.
 */
#include "api/api.h"

#include "store/network_ops.h"
#include "store/time_entries.h"
#include "util/date.h"

#include <stdio.h>
#include <string.h>

static const nb_field nb_periode_fields[] = {
    {"van", NB_F_DATE, 1, 0, 0, 0, NULL, NULL, "Eerste dag van de periode (inclusief)"},
    {"tot", NB_F_DATE, 1, 0, 0, 0, NULL, NULL, "Laatste dag van de periode (inclusief)"},
};
const nb_schema nb_schema_periode =
    NB_SCHEMA("Periode", nb_periode_fields, "Een af te sluiten periode");

/* What nb_periode_json writes, in its order. */
static const nb_field nb_periode_out_fields[] = {
    NB_OUT_ID,
    NB_OUT("van", NB_F_DATE, NULL),
    NB_OUT("tot", NB_F_DATE, NULL),
    NB_OUT("afgeslotenDoor", NB_F_STRING, "Wie de periode afsloot (rol:label)"),
    NB_OUT("afgesloten", NB_F_DATETIME, "Wanneer afgesloten (UTC)"),
    NB_OUT_LINKS,
};
const nb_schema nb_out_periode = NB_SCHEMA_OUT("PeriodeUit", nb_periode_out_fields,
                                               &nb_schema_periode, "Een afgesloten periode");
NB_SCHEMA_LIST(nb_out_periode_lijst, "PeriodeLijst", "perioden", nb_out_periode);

static json_t *nb_periode_json(const nb_req *req, const nb_period *p)
{
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(p->id));
    json_object_set_new(j, "van", json_string(p->from));
    json_object_set_new(j, "tot", json_string(p->to));
    json_object_set_new(j, "afgeslotenDoor", json_string(p->closed_by));
    json_object_set_new(j, "afgesloten", json_string(p->closed_at));
    json_object_set_new(j, "_links", nb_hal_self(req, "perioden", p->id));
    return j;
}

static int nb_periode_list_add(void *ctx, const nb_period *p)
{
    nb_api_list *c = ctx;
    return json_array_append_new(c->items, nb_periode_json(c->req, p)) == 0 ? 0 : NB_ENOMEM;
}

int nb_api_periode_list(nb_req *req, nb_resp *resp)
{
    nb_page page;
    nb_err err = {{0}};
    nb_sort sort;
    int bad = nb_req_page(req, resp, &page) != 0;
    bad |= nb_req_query_sort(req, resp, nb_period_sort_fields, &sort);
    if (bad)
        return 0;
    nb_api_list c = {req, json_array()};
    int64_t total = 0;
    int rc = nb_period_list_sorted(req->st, &sort, (page.page - 1) * page.size, page.size,
                                   nb_periode_list_add, &c, &total, &err);
    return nb_api_list_reply(resp, "perioden", &c, rc, total, &page);
}

int nb_api_periode_get(nb_req *req, nb_resp *resp)
{
    int64_t id;
    nb_period p;
    nb_err err = {{0}};
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 0;
    int rc = nb_period_get(req->st, id, &p, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err);
    return nb_resp_json(resp, 200, nb_periode_json(req, &p));
}

int nb_api_periode_create(nb_req *req, nb_resp *resp)
{
    nb_period p;
    nb_err err = {{0}};
    memset(&p, 0, sizeof p);
    snprintf(p.from, sizeof p.from, "%s", nb_body_str(req->body, "van", ""));
    snprintf(p.to, sizeof p.to, "%s", nb_body_str(req->body, "tot", ""));
    if (strcmp(p.to, p.from) < 0) {
        nb_resp_invalid(resp, "tot", "ligt vóór van (%s)", p.from);
        return 0;
    }
    int64_t open = 0;
    char closed_by[sizeof p.closed_by];
    nb_api_actor_text(nb_role_name(req->who->role), req->who->label, closed_by, sizeof closed_by);
    int rc = nb_netops_period_close(req->st, &req->actor, closed_by, p.from, p.to, &open, &p, &err);
    if (rc == NB_ECONFLICT && open > 0)
        return nb_resp_problem(resp, 409, "Nog niet beoordeelde uren",
                               "In %s t/m %s staan nog %lld urenregistraties die niet zijn "
                               "beoordeeld; beoordeel die eerst, daarna kan de periode dicht.",
                               p.from, p.to, (long long)open);
    if (rc == NB_ECONFLICT) { /* overlaps a closed period: the message names it */
        rc = nb_api_err_field(resp, rc, &err, "van");
        nb_resp_invalid(resp, "tot", "%s", err.msg);
        return rc;
    }
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err);
    nb_api_location(req, resp, "perioden", p.id);
    return nb_resp_json(resp, 201, nb_periode_json(req, &p));
}
