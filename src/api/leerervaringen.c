/*
 * api/leerervaringen.c — /api/v1/leerervaringen: lessons learned per
 * assignment (issue 11 §2; core/lesson.h, store/lessons.h).
 *
 *   - GET  /leerervaringen: every role; filters opdrachtId, categorie,
 *     organisatieId (the writer's organisation), vanaf, tot (the day it was
 *     written, Europe/Amsterdam); newest first; HAL paging;
 *   - GET  /leerervaringen/{id}: every role;
 *   - POST /leerervaringen: beheer, coordinator, medewerker; who may write on
 *     which assignment is nb_lesson_role_of (403 otherwise, 409 for a
 *     concept). Lessons are never changed or deleted.
 *
 * A lesson names the role it was written in and the writer's organisation,
 * never the person (the audit log keeps who), so every reader may see it.
 */
#include "api/api.h"

#include "store/lessons.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const nb_field nb_lesson_fields[] = {
    {"opdrachtId", NB_F_INT, 1, 0, 1, INT64_MAX, NULL, NULL, "De opdracht"},
    {"categorie", NB_F_ENUM, 1, 0, 0, 0, nb_lesson_categories, NULL,
     "proces, samenwerking, inhoud of middelen"},
    {"watGingGoed", NB_F_STRING, 0, 0, 0, NB_LESSON_TEXT_MAX, NULL, NULL,
     "Wat ging goed (hoogstens 2000 tekens)"},
    {"watKanBeter", NB_F_STRING, 0, 0, 0, NB_LESSON_TEXT_MAX, NULL, NULL,
     "Wat kan beter (hoogstens 2000 tekens); ten minste één van beide is ingevuld"},
};
const nb_schema nb_schema_leerervaring =
    NB_SCHEMA("Leerervaring", nb_lesson_fields, "Een leerervaring bij een opdracht vastleggen");

static const nb_field nb_lesson_out_fields[] = {
    NB_OUT_ID,
    NB_OUT("opdrachtId", NB_F_INT, "De opdracht"),
    NB_OUT("opdrachtTitel", NB_F_STRING, "De titel van de opdracht"),
    NB_OUT_ENUM("categorie", nb_lesson_categories, "De categorie"),
    NB_OUT("watGingGoed", NB_F_STRING, "Wat ging goed (kan leeg zijn)"),
    NB_OUT("watKanBeter", NB_F_STRING, "Wat kan beter (kan leeg zijn)"),
    NB_OUT_ENUM("rol", nb_lesson_roles,
                "In welke rol de leerervaring is geschreven: deelnemer, opdrachtgever, "
                "coordinator of netwerk-mt"),
    NB_OUT_NULL("organisatieId", NB_F_INT,
                "De organisatie van wie schreef; null voor het netwerk-MT"),
    NB_OUT("aangemaakt", NB_F_DATETIME, "Wanneer vastgelegd (UTC)"),
    NB_OUT_LINKS,
};
const nb_schema nb_out_leerervaring = NB_SCHEMA_OUT("LeerervaringUit", nb_lesson_out_fields, NULL,
                                                    "Een leerervaring bij een opdracht");
NB_SCHEMA_LIST(nb_out_leerervaring_lijst, "LeerervaringLijst", "leerervaringen",
               nb_out_leerervaring);

static json_t *nb_lesson_json(const nb_req *req, const nb_lesson *l)
{
    char href[512];
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(l->id));
    json_object_set_new(j, "opdrachtId", json_integer(l->assignment_id));
    json_object_set_new(j, "opdrachtTitel", json_string(l->assignment_title));
    json_object_set_new(j, "categorie", json_string(l->category));
    json_object_set_new(j, "watGingGoed", json_string(l->went_well));
    json_object_set_new(j, "watKanBeter", json_string(l->to_improve));
    json_object_set_new(j, "rol", json_string(l->author_role));
    json_object_set_new(j, "organisatieId",
                        l->author_organisation_id ? json_integer(l->author_organisation_id)
                                                  : json_null());
    json_object_set_new(j, "aangemaakt", json_string(l->created_at));
    json_t *links = nb_hal_self(req, "leerervaringen", l->id);
    snprintf(href, sizeof href, "%s/api/v1/opdrachten/%lld", req->base_url,
             (long long)l->assignment_id);
    json_object_set_new(links, "opdracht", json_pack("{s:s}", "href", href));
    json_object_set_new(j, "_links", links);
    return j;
}

static int nb_lesson_add(void *ctx, const nb_lesson *l)
{
    nb_api_list *c = ctx;
    return json_array_append_new(c->items, nb_lesson_json(c->req, l)) == 0 ? 0 : NB_ENOMEM;
}

int nb_api_lesson_list(nb_req *req, nb_resp *resp)
{
    nb_page page;
    nb_err err = {{0}};
    nb_lesson_filter f;
    memset(&f, 0, sizeof f);
    int bad = nb_req_page(req, resp, &page) != 0;
    bad |= nb_req_query_id(req, resp, "opdrachtId", &f.assignment_id);
    bad |= nb_req_query_id(req, resp, "organisatieId", &f.organisation_id);
    bad |= nb_req_query_enum(req, resp, "categorie", nb_lesson_categories, &f.category);
    bad |= nb_req_query_date(req, resp, "vanaf", &f.from);
    bad |= nb_req_query_date(req, resp, "tot", &f.to);
    if (bad)
        return 0;
    nb_api_list c = {req, json_array()};
    int64_t total = 0;
    int rc = nb_lesson_list(req->st, &f, (page.page - 1) * page.size, page.size, nb_lesson_add, &c,
                            &total, &err);
    return nb_api_list_reply(resp, "leerervaringen", &c, rc, total, &page);
}

int nb_api_lesson_get(nb_req *req, nb_resp *resp)
{
    int64_t id;
    nb_err err = {{0}};
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 0;
    nb_lesson *l = malloc(sizeof *l);
    if (l == NULL)
        return NB_ENOMEM;
    int rc = nb_lesson_get(req->st, id, l, &err);
    if (rc == 0)
        rc = nb_resp_json(resp, 200, nb_lesson_json(req, l));
    else
        rc = nb_resp_from_err(resp, rc, &err);
    free(l);
    return rc;
}

int nb_api_lesson_create(nb_req *req, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_lesson *l = calloc(1, sizeof *l);
    if (l == NULL)
        return NB_ENOMEM;
    snprintf(l->category, sizeof l->category, "%s", nb_body_str(req->body, "categorie", ""));
    snprintf(l->went_well, sizeof l->went_well, "%s", nb_body_str(req->body, "watGingGoed", ""));
    snprintf(l->to_improve, sizeof l->to_improve, "%s", nb_body_str(req->body, "watKanBeter", ""));
    const char *field = NULL;
    int64_t asg = nb_body_int(req->body, "opdrachtId", 0);
    int rc = nb_lesson_record(req->st, &req->actor, req->who, asg, l, &field, &err);
    if (rc == NB_EINVAL && field != NULL) {
        rc = nb_resp_problem(resp, 400, "Ongeldige invoer", "%s", err.msg);
        nb_resp_invalid(resp, field, "%s", err.msg);
    } else if (rc == NB_ENOTFOUND) {
        rc = nb_resp_problem(resp, 422, "Regel overtreden", "%s", err.msg);
        nb_resp_invalid(resp, "opdrachtId", "verwijst naar opdracht %lld, die niet bestaat",
                        (long long)asg);
    } else if (rc != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
    } else {
        nb_api_location(req, resp, "leerervaringen", l->id);
        rc = nb_resp_json(resp, 201, nb_lesson_json(req, l));
    }
    free(l);
    return rc;
}
