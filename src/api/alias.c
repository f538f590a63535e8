/*
 * api/alias.c — deprecated paths that keep working: /api/v1/inzet (now
 * /api/v1/inzetten) and /api/v1/auditlog (now /api/v1/auditregels).
 *
 * A deprecated row in the route table (routes.c) names nb_api_alias as its
 * handler. It finds the successor route (same method, the old prefix
 * replaced by the new one), runs that route's handler on the same request,
 * gives a HAL page back its old _embedded name, and announces the
 * deprecation: Deprecation (RFC 9745), Sunset (RFC 8594) and
 * Link: <successor>; rel="successor-version". openapi.c marks every row with
 * this handler deprecated: true. docs/api.md ("Renamed paths") is the
 * reader's version.
 */
#include "api/api.h"

#include <stdio.h>
#include <string.h>

typedef struct nb_api_alias_row {
    const char *old_prefix; /* "/api/v1/inzet" */
    const char *new_prefix; /* "/api/v1/inzetten" */
    const char *old_key;    /* the HAL _embedded name on the old path */
    const char *new_key;    /* ... and on the new one */
} nb_api_alias_row;

static const nb_api_alias_row nb_api_alias_rows[] = {
    {"/api/v1/inzet", "/api/v1/inzetten", "inzet", "inzetten"},
    {"/api/v1/auditlog", "/api/v1/auditregels", "auditlog", "auditregels"},
};

/* The row whose old prefix starts path at a segment boundary, or NULL. */
static const nb_api_alias_row *nb_api_alias_row_of(const char *path)
{
    for (size_t i = 0; i < sizeof nb_api_alias_rows / sizeof nb_api_alias_rows[0]; i++) {
        size_t n = strlen(nb_api_alias_rows[i].old_prefix);
        if (strncmp(path, nb_api_alias_rows[i].old_prefix, n) == 0 &&
            (path[n] == '\0' || path[n] == '/'))
            return &nb_api_alias_rows[i];
    }
    return NULL;
}

int nb_api_alias_successor(const char *path, char *out, size_t size)
{
    const nb_api_alias_row *row = nb_api_alias_row_of(path);
    if (row == NULL)
        return 0;
    int n = snprintf(out, size, "%s%s", row->new_prefix, path + strlen(row->old_prefix));
    return n > 0 && (size_t)n < size;
}

/* Adds "Name: value" in the first free extra header slot; silently full. */
static void nb_api_extra_header(nb_resp *resp, const char *name, const char *value)
{
    for (int i = 0; i < NB_RESP_EXTRA_HEADERS; i++) {
        if (resp->extra_header[i][0] != '\0')
            continue;
        int n =
            snprintf(resp->extra_header[i], sizeof resp->extra_header[i], "%s: %s", name, value);
        if (n < 0 || (size_t)n >= sizeof resp->extra_header[i])
            resp->extra_header[i][0] = '\0'; /* never a cut header */
        return;
    }
}

void nb_api_deprecated(const nb_req *req, nb_resp *resp, const char *successor)
{
    nb_api_extra_header(resp, "Deprecation", NB_API_DEPRECATED_SINCE);
    nb_api_extra_header(resp, "Sunset", NB_API_SUNSET);
    if (successor != NULL) {
        char link[256];
        int n = snprintf(link, sizeof link, "<%s%s>; rel=\"successor-version\"", req->base_url,
                         successor);
        if (n > 0 && (size_t)n < sizeof link)
            nb_api_extra_header(resp, "Link", link);
    }
}

int nb_api_alias(nb_req *req, nb_resp *resp)
{
    char path[512], scratch[512];
    const nb_api_alias_row *row = nb_api_alias_row_of(req->path);
    if (row == NULL || !nb_api_alias_successor(req->path, path, sizeof path))
        return NB_EINVAL; /* a row names this handler for a path it does not know */
    const nb_route *table = req->routes ? req->routes : nb_routes;
    size_t count = req->routes ? req->nroutes : nb_routes_count;
    const char *params[NB_MAX_PATH_PARAMS];
    int nparams = 0, known = 0;
    const nb_route *r =
        nb_route_find(table, count, req->method, path, scratch, params, &nparams, &known, NULL);
    if (r == NULL || r->handler == nb_api_alias)
        return NB_EINVAL; /* no successor route: a table error */
    int rc = r->handler(req, resp);
    if (rc != 0)
        return rc;
    /* A HAL page keeps its old _embedded name on the old path. */
    json_t *embedded = json_object_get(resp->json, "_embedded");
    json_t *items = json_object_get(embedded, row->new_key);
    if (items != NULL) {
        json_object_set(embedded, row->old_key, items);
        json_object_del(embedded, row->new_key);
    }
    nb_api_deprecated(req, resp, path);
    return 0;
}
