/*
 * http/conditional.c — ETag from versie, If-Match, If-None-Match; see
 * conditional.h.
 */
#include "http/conditional.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t nb_cond_body_version(const json_t *body)
{
    json_t *v = json_object_get(body, "versie");
    return json_is_integer(v) && json_integer_value(v) > 0 ? (int64_t)json_integer_value(v) : 0;
}

int64_t nb_cond_resp_version(const nb_resp *resp)
{
    if (resp->json != NULL)
        return nb_cond_body_version(resp->json);
    return resp->raw_json ? resp->version : 0;
}

int nb_cond_tag_matches(const char *list, const char *tag, int strong)
{
    size_t wlen = tag ? strlen(tag) : 0;
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '\0')
            break;
        if (*p == '*')
            return 1;
        int weak = strncmp(p, "W/", 2) == 0;
        const char *t = weak ? p + 2 : p;
        const char *end = strchr(t + (*t == '"'), '"');
        size_t len = end ? (size_t)(end - t) + 1 : strlen(t);
        if (wlen > 0 && !(weak && strong) && len == wlen && strncmp(t, tag, wlen) == 0)
            return 1;
        p = t + len;
        while (*p && *p != ',')
            p++;
    }
    return 0;
}

int nb_cond_etag_matches(const char *list, int64_t version, int strong)
{
    char want[32];
    snprintf(want, sizeof want, "\"%lld\"", (long long)version);
    return nb_cond_tag_matches(list, version > 0 ? want : NULL, strong);
}

int nb_cond_if_match(const nb_route *routes, size_t nroutes, struct MHD_Connection *conn,
                     const nb_req *req, const char *url, nb_resp *resp)
{
    const char *want = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-Match");
    if (want == NULL || strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0)
        return 0;
    char *scratch = malloc(strlen(url) + 1);
    if (scratch == NULL)
        return NB_ENOMEM;
    nb_req get = *req;
    const nb_route *target =
        nb_route_etag_target(routes, nroutes, url, scratch, get.params, &get.nparams);
    int64_t current = 0;
    int rc = 0;
    if (target != NULL) {
        nb_resp cur;
        memset(&cur, 0, sizeof cur);
        cur.status = 200;
        get.method = "GET";
        get.body = NULL;
        rc = target->handler(&get, &cur);
        int readable = rc == 0 && cur.status == 200;
        current = readable ? nb_cond_resp_version(&cur) : 0;
        json_decref(cur.json);
        nb_buf_free(&cur.raw);
        nb_resp_rows_drop(&cur);
        if (!readable) {
            free(scratch);
            return rc; /* the change's handler answers the 404 or 403 */
        }
    }
    free(scratch);
    if (nb_cond_etag_matches(want, current, 1))
        return 0;
    if (current > 0) {
        snprintf(resp->etag, sizeof resp->etag, "\"%lld\"", (long long)current);
        nb_resp_problem(resp, 412, "Voorwaarde niet vervuld",
                        "De resource is intussen gewijzigd: de huidige versie is %lld (ETag %s) en "
                        "If-Match noemt die niet. Haal haar opnieuw op en breng de wijziging "
                        "opnieuw aan.",
                        (long long)current, resp->etag);
    } else {
        nb_resp_problem(resp, 412, "Voorwaarde niet vervuld",
                        "Deze resource heeft geen versie (geen ETag); alleen If-Match: * klopt.");
    }
    return 1;
}

void nb_cond_finish(const nb_route *route, struct MHD_Connection *conn, int is_read, nb_resp *resp)
{
    int64_t version = nb_cond_resp_version(resp);
    if (route == NULL || resp->status < 200 || resp->status >= 300 || resp->is_problem ||
        !nb_route_versioned(route) || version <= 0)
        return;
    snprintf(resp->etag, sizeof resp->etag, "\"%lld\"", (long long)version);
    const char *none = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
    if (is_read && none && nb_cond_etag_matches(none, version, 0)) {
        nb_resp_json(resp, 304, NULL); /* no body, whichever it was */
    }
}
