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

/* 1 when a route of method m answers a request with method (HEAD is GET's). */
static int nb_route_method_is(const char *m, const char *method)
{
    return strcmp(m, method) == 0 || (strcmp(method, "HEAD") == 0 && strcmp(m, "GET") == 0);
}

const nb_route *nb_route_find(const nb_route *table, size_t count, const char *method,
                              const char *path, char *scratch, const char **params, int *nparams,
                              int *path_known, nb_buf *allow)
{
    *path_known = 0;
    /* The common case stops at its route: scratch then holds its captures. */
    for (size_t i = 0; i < count; i++) {
        const nb_route *r = &table[i];
        const char *tmp[NB_MAX_PATH_PARAMS];
        int ntmp = 0;
        if (!nb_route_match_pattern(r->pattern, path, scratch, tmp, &ntmp))
            continue;
        *path_known = 1;
        if (nb_route_method_is(r->method, method)) {
            for (int k = 0; k < ntmp; k++)
                params[k] = tmp[k];
            *nparams = ntmp;
            return r;
        }
    }
    /* Not found: the methods the path has, only now (a 405 or OPTIONS). */
    int listed = 0;
    for (size_t i = 0; allow != NULL && *path_known && i < count; i++) {
        const char *tmp[NB_MAX_PATH_PARAMS];
        int ntmp = 0;
        if (nb_route_match_pattern(table[i].pattern, path, scratch, tmp, &ntmp))
            nb_buf_printf(allow, "%s%s", listed++ ? ", " : "", table[i].method);
    }
    return NULL;
}
