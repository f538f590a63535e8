/*
 * api/exchange.c — registry export/import through the API handlers; see
 * exchange.h.
 */
#include "api/exchange.h"

#include "api/api.h"
#include "store/assignments.h"
#include "store/consents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The collections in dependency order, with the references each carries. */
typedef struct nb_x_collection {
    const char *name; /* JSON key and path segment */
} nb_x_collection;

static const nb_x_collection nb_x_collections[] = {
    {"organisaties"}, {"competenties"}, {"rolprofielen"},
    {"medewerkers"},  {"programmas"},   {"opdrachten"},
};
#define NB_X_N (sizeof nb_x_collections / sizeof nb_x_collections[0])

/* An old-id → new-id map per collection (linear; registries are small). */
typedef struct nb_x_map {
    int64_t *from, *to;
    size_t n, cap;
} nb_x_map;

static int nb_x_map_put(nb_x_map *m, int64_t from, int64_t to)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        int64_t *f = realloc(m->from, cap * sizeof *f);
        if (f == NULL)
            return NB_ENOMEM;
        m->from = f;
        int64_t *t = realloc(m->to, cap * sizeof *t);
        if (t == NULL)
            return NB_ENOMEM;
        m->to = t;
        m->cap = cap;
    }
    m->from[m->n] = from;
    m->to[m->n] = to;
    m->n++;
    return 0;
}

static int64_t nb_x_map_get(const nb_x_map *m, int64_t from)
{
    for (size_t i = m->n; i-- > 0;)
        if (m->from[i] == from)
            return m->to[i];
    return 0;
}

/* ---- In-process calls ------------------------------------------------------ */

/*
 * Calls the route for method + path as network management, validating body
 * against the route's schema first, exactly like the server does. resp is
 * caller-owned (free resp->json). Returns 0 when the handler ran (check
 * resp->status), or an internal error code.
 */
static int nb_x_call(nb_store *st, const char *method, const char *path, json_t *body,
                     const char *const *query, nb_resp *resp)
{
    char scratch[256];
    const char *params[NB_MAX_PATH_PARAMS] = {0};
    int nparams = 0, known = 0;
    memset(resp, 0, sizeof *resp);
    if (strlen(path) >= sizeof scratch)
        return NB_EINVAL;
    const nb_route *route = nb_route_find(nb_routes, nb_routes_count, method, path, scratch, params,
                                          &nparams, &known, NULL);
    if (route == NULL)
        return NB_ENOTFOUND;
    if (route->body && nb_schema_validate(body, route->body, "", resp) > 0)
        return 0;
    nb_principal who = {NB_ROLE_BEHEER, 0, 0, 0, "cli"};
    nb_req req = {
        .method = method,
        .path = path,
        .remote = "local",
        .nparams = nparams,
        .query = query,
        .body = body,
        .who = &who,
        .st = st,
        .base_url = "",
        .routes = nb_routes,
        .nroutes = nb_routes_count,
        .actor = {"cli", "beheer", "local"},
    };
    for (int i = 0; i < nparams; i++)
        req.params[i] = params[i];
    resp->status = route->response_status ? route->response_status : 200;
    int rc = route->handler(&req, resp);
    /* lists stream their rows as text (http/jw.h); the export reads the tree */
    int inl = nb_resp_rows_inline(resp);
    return rc != 0 ? rc : inl;
}

static const char *nb_x_str(const json_t *obj, const char *key, const char *def)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : def;
}

/* Copies a handler's problem into err, naming the record. */
static int nb_x_fail(nb_resp *resp, const char *record, nb_err *err)
{
    json_t *p = resp->json;
    nb_buf b = NB_BUF_INIT;
    nb_buf_printf(&b, "%s: %s", record, nb_x_str(p, "detail", "fout"));
    size_t i;
    json_t *item;
    json_array_foreach (json_object_get(p, "invalidParams"), i, item)
        nb_buf_printf(&b, "; %s %s", nb_x_str(item, "name", "?"), nb_x_str(item, "reason", ""));
    int code = resp->status == 409 ? NB_ECONFLICT : resp->status == 404 ? NB_ENOTFOUND : NB_EINVAL;
    nb_err_set(err, code, "%s", nb_buf_cstr(&b));
    nb_buf_free(&b);
    return code;
}

/* ---- Export -------------------------------------------------------------- */

static int nb_x_export_collection(nb_store *st, const char *name, json_t *into, nb_err *err)
{
    char path[64], page[24];
    snprintf(path, sizeof path, "/api/v1/%s", name);
    for (int64_t n = 1;; n++) {
        snprintf(page, sizeof page, "%lld", (long long)n);
        const char *query[] = {"pagina", page, "paginaGrootte", "100", NULL, NULL};
        nb_resp resp;
        int rc = nb_x_call(st, "GET", path, NULL, query, &resp);
        if (rc == 0 && resp.status != 200)
            rc = nb_x_fail(&resp, name, err);
        if (rc != 0) {
            json_decref(resp.json);
            return rc;
        }
        json_t *items = json_object_get(json_object_get(resp.json, "_embedded"), name);
        size_t i;
        json_t *item;
        json_array_foreach (items, i, item) {
            json_object_del(item, "_links");
            if (strcmp(name, "opdrachten") == 0) {
                json_t *consents =
                    nb_api_consent_export(st, json_integer_value(json_object_get(item, "id")), err);
                if (consents == NULL) {
                    json_decref(resp.json);
                    return NB_EDB;
                }
                json_object_set_new(item, "instemmingen", consents);
            }
            json_array_append(into, item);
        }
        int64_t total = json_integer_value(json_object_get(resp.json, "totaal"));
        size_t got = json_array_size(items);
        json_decref(resp.json);
        if ((int64_t)json_array_size(into) >= total || got == 0)
            return 0;
    }
}

int nb_exchange_export(nb_store *st, json_t **out, nb_err *err)
{
    json_t *doc = json_pack("{s:s, s:i}", "noaber", "registry", "formaat", 1);
    *out = NULL;
    if (doc == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    for (size_t c = 0; c < NB_X_N; c++) {
        json_t *list = json_array();
        json_object_set_new(doc, nb_x_collections[c].name, list);
        int rc = nb_x_export_collection(st, nb_x_collections[c].name, list, err);
        if (rc != 0) {
            json_decref(doc);
            return rc;
        }
    }
    *out = doc;
    return 0;
}

/* ---- Import -------------------------------------------------------------- */

/* Keeps only the fields schema accepts, recursively into arrays of objects. */
/* NOLINTNEXTLINE(misc-no-recursion): depth is the nesting of the compile-time schema (items), not of the input */
static json_t *nb_x_project(const json_t *obj, const nb_schema *schema)
{
    json_t *out = json_object();
    for (size_t i = 0; i < schema->nfields; i++) {
        const nb_field *f = &schema->fields[i];
        json_t *v = json_object_get(obj, f->name);
        if (v == NULL)
            continue;
        if (f->type == NB_F_ARRAY && f->items && json_is_array(v)) {
            json_t *arr = json_array();
            size_t k;
            json_t *item;
            json_array_foreach (v, k, item)
                json_array_append_new(arr, nb_x_project(item, f->items));
            json_object_set_new(out, f->name, arr);
        } else {
            json_object_set(out, f->name, v);
        }
    }
    return out;
}

/* Replaces the integer at obj[key] by its mapped id (0 when unknown → the API names it). */
static void nb_x_remap(json_t *obj, const char *key, const nb_x_map *m)
{
    json_t *v = json_object_get(obj, key);
    if (json_is_integer(v))
        json_object_set_new(obj, key, json_integer(nb_x_map_get(m, json_integer_value(v))));
}

static void nb_x_remap_items(json_t *obj, const char *array, const char *key, const nb_x_map *m)
{
    size_t i;
    json_t *item;
    json_array_foreach (json_object_get(obj, array), i, item)
        nb_x_remap(item, key, m);
}

static void nb_x_remap_ids(json_t *obj, const char *array, const nb_x_map *m)
{
    json_t *arr = json_object_get(obj, array);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *v = json_array_get(arr, i);
        if (json_is_integer(v))
            json_array_set_new(arr, i, json_integer(nb_x_map_get(m, json_integer_value(v))));
    }
}

/* Walks assignment id from concept to status along the legal path. */
static int nb_x_walk_status(nb_store *st, int64_t id, const char *status, const char *record,
                            nb_err *err)
{
    static const char *const path[] = {"ingediend",     "geaccepteerd", "bemenst",
                                       "in-uitvoering", "afgerond",     NULL};
    char url[64];
    snprintf(url, sizeof url, "/api/v1/opdrachten/%lld/status", (long long)id);
    const char *const *steps = path;
    const char *cancel[] = {"geannuleerd", NULL};
    if (status == NULL || strcmp(status, "concept") == 0)
        return 0;
    if (strcmp(status, "geannuleerd") == 0)
        steps = cancel;
    for (; *steps; steps++) {
        json_t *body = json_pack("{s:s}", "status", *steps);
        nb_resp resp;
        int rc = nb_x_call(st, "PUT", url, body, NULL, &resp);
        json_decref(body);
        if (rc == 0 && resp.status >= 400)
            rc = nb_x_fail(&resp, record, err);
        json_decref(resp.json);
        if (rc != 0)
            return rc;
        if (strcmp(*steps, status) == 0)
            return 0;
    }
    return nb_err_set(err, NB_EINVAL, "%s: unknown status '%s'", record, status);
}

/*
 * Imports the consents of the just created assignment id from the exported
 * item (its "instemmingen", organisation ids remapped). An assignment that
 * is not regional and has two or more requesters must carry a consent
 * covering each of them, or the import is refused (DOMAIN rule 9: nobody
 * pays without consent, also not through a file). A single requester
 * without consent data is imported with its consent pending.
 */
static int nb_x_import_consents(nb_store *st, int64_t id, const json_t *item, const nb_x_map *orgs,
                                const char *record, nb_err *err)
{
    json_t *list = json_deep_copy(json_object_get(item, "instemmingen"));
    nb_asg *a = calloc(1, sizeof *a);
    int rc = 0;
    if (a == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
        goto cleanup;
    }
    if ((rc = nb_asg_get(st, id, a, err)) != 0)
        goto cleanup;
    size_t k;
    json_t *c;
    json_array_foreach (list, k, c)
        nb_x_remap(c, "organisatieId", orgs);
    if ((rc = nb_api_consent_import(st, a, list, record, err)) != 0)
        goto cleanup;
    if (a->kind != NB_ASSIGNMENT_REGIONAAL && a->nrequesters >= 2) {
        nb_consent_missing missing;
        nb_err why = {{0}};
        rc = nb_consent_chargeable(st, a, &missing, &why);
        if (rc == NB_EFORBIDDEN) {
            char ids[256] = "";
            size_t used = 0;
            for (size_t i = 0; i < missing.n && used + 24 < sizeof ids; i++)
                used += (size_t)snprintf(ids + used, sizeof ids - used, "%s%lld", i ? ", " : "",
                                         (long long)missing.org_ids[i]);
            rc = nb_err_set(err, NB_EINVAL,
                            "%s: an assignment with several requesters must carry the consent "
                            "(instemmingen) of each; missing for organisation(s) %s (ids after "
                            "import)",
                            record, ids);
        } else if (rc != 0) {
            nb_err_set(err, rc, "%s", why.msg);
        }
    }
cleanup:
    free(a);
    json_decref(list);
    return rc;
}

int nb_exchange_import(nb_store *st, const json_t *doc, nb_exchange_counts *counts, nb_err *err)
{
    nb_x_map maps[NB_X_N];
    int created[NB_X_N] = {0};
    int rc = 0;
    memset(maps, 0, sizeof maps);
    if (!json_is_object(doc) || !json_is_string(json_object_get(doc, "noaber")) ||
        strcmp(json_string_value(json_object_get(doc, "noaber")), "registry") != 0)
        return nb_err_set(err, NB_EINVAL,
                          "not a noaber registry export (expected \"noaber\": \"registry\")");
    if (json_integer_value(json_object_get(doc, "formaat")) != 1)
        return nb_err_set(err, NB_EINVAL, "unsupported export format (expected \"formaat\": 1)");
    for (size_t c = 0; c < NB_X_N && rc == 0; c++) {
        const char *name = nb_x_collections[c].name;
        json_t *list = json_object_get(doc, name);
        char path[64];
        snprintf(path, sizeof path, "/api/v1/%s", name);
        if (list == NULL)
            continue;
        if (!json_is_array(list)) {
            rc = nb_err_set(err, NB_EINVAL, "\"%s\" must be a list", name);
            break;
        }
        char scratch[64];
        const char *params[NB_MAX_PATH_PARAMS];
        int np = 0, known = 0;
        const nb_route *create = nb_route_find(nb_routes, nb_routes_count, "POST", path, scratch,
                                               params, &np, &known, NULL);
        size_t i;
        json_t *item;
        json_array_foreach (list, i, item) {
            char record[64];
            snprintf(record, sizeof record, "%s[%zu]", name, i);
            if (!json_is_object(item) || create == NULL || create->body == NULL) {
                rc = nb_err_set(err, NB_EINVAL, "%s: must be an object", record);
                break;
            }
            json_t *body = nb_x_project(item, create->body);
            const char *status = json_string_value(json_object_get(item, "status"));
            if (strcmp(name, "medewerkers") == 0) {
                nb_x_remap(body, "organisatieId", &maps[0]);
                nb_x_remap_items(body, "competenties", "competentieId", &maps[1]);
                nb_x_remap_ids(body, "leerwensen", &maps[1]);
            } else if (strcmp(name, "rolprofielen") == 0) {
                nb_x_remap_items(body, "competenties", "competentieId", &maps[1]);
            } else if (strcmp(name, "programmas") == 0) {
                nb_x_remap(body, "organisatieId", &maps[0]);
            } else if (strcmp(name, "opdrachten") == 0) {
                json_object_del(body, "status");
                nb_x_remap_items(body, "aanvragers", "organisatieId", &maps[0]);
                nb_x_remap_items(body, "regels", "competentieId", &maps[1]);
                size_t k;
                json_t *line;
                json_array_foreach (json_object_get(body, "regels"), k, line)
                    json_object_del(line, "id");
                nb_x_remap(body, "ambtelijkOpdrachtgeverId", &maps[3]);
                nb_x_remap(body, "programmaId", &maps[4]);
            }
            nb_resp resp;
            rc = nb_x_call(st, "POST", path, body, NULL, &resp);
            json_decref(body);
            if (rc == 0 && resp.status != 201)
                rc = nb_x_fail(&resp, record, err);
            int64_t new_id = json_integer_value(json_object_get(resp.json, "id"));
            json_decref(resp.json);
            if (rc == 0)
                rc =
                    nb_x_map_put(&maps[c], json_integer_value(json_object_get(item, "id")), new_id);
            if (rc == 0 && strcmp(name, "opdrachten") == 0)
                rc = nb_x_import_consents(st, new_id, item, &maps[0], record, err);
            if (rc == 0 && strcmp(name, "opdrachten") == 0)
                rc = nb_x_walk_status(st, new_id, status, record, err);
            if (rc != 0)
                break;
            created[c]++;
        }
    }
    if (counts) {
        counts->organisations = created[0];
        counts->competencies = created[1];
        counts->profiles = created[2];
        counts->people = created[3];
        counts->programmes = created[4];
        counts->assignments = created[5];
    }
    for (size_t c = 0; c < NB_X_N; c++) {
        free(maps[c].from);
        free(maps[c].to);
    }
    return rc;
}
