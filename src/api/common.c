/*
 * api/common.c — small helpers shared by the resource handlers.
 */
#include "api/api.h"

#include <stdio.h>
#include <string.h>
#include <stdlib.h>

char *nb_api_audit_detail(const json_t *obj)
{
    return obj ? json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15)) : NULL;
}

int nb_api_audit(nb_req *req, const char *action, const char *entity, int64_t id,
                 const json_t *detail)
{
    char *text = nb_api_audit_detail(detail);
    nb_err err = {{0}};
    int rc = nb_store_audit(req->st, &req->actor, action, entity, id, text, &err);
    free(text);
    return rc;
}

void nb_api_location(nb_req *req, nb_resp *resp, const char *collection, int64_t id)
{
    snprintf(resp->location, sizeof resp->location, "%s/api/v1/%s/%lld", req->base_url, collection,
             (long long)id);
}

int nb_api_err_field(nb_resp *resp, int rc, const nb_err *err, const char *field)
{
    nb_resp_from_err(resp, rc, err);
    if (rc == NB_ECONFLICT)
        nb_resp_invalid(resp, field, "%s", err->msg);
    return 0;
}

int nb_api_is_beheer(const nb_req *req)
{
    return req->who->role == NB_ROLE_BEHEER;
}

int nb_api_list_reply(nb_resp *resp, const char *name, nb_api_list *c, int rc, int64_t total,
                      const nb_page *page)
{
    if (rc != 0) {
        json_decref(c->items);
        c->items = NULL;
        return rc;
    }
    json_t *items = c->items;
    c->items = NULL;
    return nb_resp_json(resp, 200, nb_hal_list(c->req, name, items, total, page));
}

void nb_api_rows_begin(nb_api_rows *c, const nb_req *req, nb_resp *resp)
{
    c->req = req;
    nb_resp_rows_drop(resp);
    nb_jw_init(&c->w, &resp->rows);
    nb_jw_arr(&c->w, NULL);
}

int nb_api_rows_reply(nb_resp *resp, const char *name, nb_api_rows *c, int rc, int64_t total,
                      const nb_page *page)
{
    if (rc == 0) {
        nb_jw_arr_end(&c->w);
        rc = nb_jw_status(&c->w);
        if (rc == NB_EINVAL)
            rc = NB_EDB; /* a stored string that is not UTF-8 */
    }
    if (rc != 0) {
        nb_resp_rows_drop(resp);
        return rc;
    }
    json_t *at = json_array();
    return nb_resp_json_rows(resp, 200, nb_hal_list(c->req, name, at, total, page), at);
}

json_t *nb_api_jw_tree(void (*write)(nb_jw *w, const nb_req *req, const void *obj),
                       const nb_req *req, const void *obj)
{
    nb_buf b = NB_BUF_INIT;
    nb_jw w;
    nb_jw_init(&w, &b);
    write(&w, req, obj);
    json_t *j = nb_jw_status(&w) == 0 ? json_loadb(b.data, b.len, 0, NULL) : NULL;
    nb_buf_free(&b);
    return j;
}

int nb_api_status_repeated(const char *current, const char *requested)
{
    return current != NULL && requested != NULL && strcmp(current, requested) == 0;
}

void nb_api_actor_text(const char *role, const char *label, char *out, size_t size)
{
    snprintf(out, size, "%s:%s", role, label);
}
