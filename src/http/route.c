/*
 * http/route.c — matching a request path against a route table (passed in).
 */
#include "http/route.h"

#include <stdlib.h>
#include <string.h>

int nb_route_versioned(const nb_route *r)
{
    if (r == NULL || r->response == NULL)
        return 0;
    for (size_t i = 0; i < r->response->nfields; i++)
        if (strcmp(r->response->fields[i].name, "versie") == 0)
            return 1;
    return 0;
}

const nb_route *nb_route_etag_target(const nb_route *table, size_t count, const char *path,
                                     char *scratch, const char **params, int *nparams)
{
    char *copy = strdup(path);
    const nb_route *found = NULL;
    for (int strip = 0; copy && strip < 3 && found == NULL; strip++) {
        int known = 0;
        const nb_route *r =
            nb_route_find(table, count, "GET", copy, scratch, params, nparams, &known, NULL);
        if (nb_route_versioned(r))
            found = r;
        char *slash = strrchr(copy, '/');
        if (slash == NULL || slash == copy)
            break;
        *slash = '\0';
    }
    free(copy);
    return found;
}

int nb_route_match_pattern(const char *pattern, const char *path, char *scratch,
                           const char **params, int *nparams)
{
    const char *p = pattern, *s = path;
    char *out = scratch;
    int n = 0;
    while (*p && *s) {
        if (*p == '{') {
            const char *pe = strchr(p, '}');
            const char *se = strchr(s, '/');
            size_t len = se ? (size_t)(se - s) : strlen(s);
            if (pe == NULL || len == 0 || n >= NB_MAX_PATH_PARAMS)
                return 0;
            memcpy(out, s, len);
            out[len] = '\0';
            params[n++] = out;
            out += len + 1;
            p = pe + 1;
            s += len;
            continue;
        }
        if (*p != *s)
            return 0;
        p++;
        s++;
    }
    if (*p != '\0' || *s != '\0')
        return 0;
    *nparams = n;
    return 1;
}

const nb_route *nb_route_find(const nb_route *table, size_t count, const char *method,
                              const char *path, char *scratch, const char **params, int *nparams,
                              int *path_known, nb_buf *allow)
{
    const nb_route *found = NULL;
    *path_known = 0;
    for (size_t i = 0; i < count; i++) {
        const nb_route *r = &table[i];
        const char *tmp[NB_MAX_PATH_PARAMS];
        int ntmp = 0;
        if (!nb_route_match_pattern(r->pattern, path, scratch, tmp, &ntmp))
            continue;
        if (allow)
            nb_buf_printf(allow, "%s%s", *path_known ? ", " : "", r->method);
        *path_known = 1;
        if (found == NULL && (strcmp(r->method, method) == 0 ||
                              (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0))) {
            found = r;
            for (int k = 0; k < ntmp; k++)
                params[k] = tmp[k];
            *nparams = ntmp;
        }
    }
    if (found) /* re-match so scratch holds this route's captures */
        nb_route_match_pattern(found->pattern, path, scratch, params, nparams);
    return found;
}
