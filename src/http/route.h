/*
 * http/route.h — the route table: every endpoint as data.
 *
 * Each route declares its method, path pattern ("/api/v1/organisaties/{id}"),
 * handler, the roles allowed to call it (default deny: a route without roles
 * cannot be called), the schema of its JSON body, and its Dutch documentation.
 * The server enforces roles, media types and body schemas from this table in
 * one place; openapi.json is generated from it. The table itself lives in
 * src/api/routes.c; http/ does not know it by name: whoever starts the
 * server passes it in (nb_server_config.routes), and the lookup below takes
 * the table as an argument.
 */
#ifndef NB_HTTP_ROUTE_H
#define NB_HTTP_ROUTE_H

#include "http/http.h"
#include "http/schema.h"

#include <stddef.h>
#include <stdint.h>

typedef int (*nb_handler)(nb_req *req, nb_resp *resp);

/* A documented query parameter of a route (for openapi.json). */
typedef struct nb_query_doc {
    const char *name;
    const char *type;          /* "integer", "string", "boolean", "date" */
    const char *description;   /* Dutch */
    const char *const *values; /* string: the allowed values (NULL-terminated), or NULL */
    int64_t min, max;          /* integer: the range the server enforces; 0..0 = none */
    const nb_sort_field *sort; /* "sorteer": the list's whitelist (store/), else NULL */
} nb_query_doc;

/* Rows of an nb_query_doc list: plain, with allowed values, with a range. */
#define NB_QUERY(n, t, d)         \
    {                             \
        n, t, d, NULL, 0, 0, NULL \
    }
#define NB_QUERY_ENUM(n, v, d)        \
    {                                 \
        n, "string", d, v, 0, 0, NULL \
    }
#define NB_QUERY_RANGE(n, lo, hi, d)        \
    {                                       \
        n, "integer", d, NULL, lo, hi, NULL \
    }
/* The sort parameter of a list (NB_SORT_PARAM), over the store's whitelist f. */
#define NB_QUERY_SORT(f)                                                                     \
    {                                                                                        \
        NB_SORT_PARAM, "array",                                                              \
            "Sorteren: velden gescheiden door komma's, '-' ervoor voor aflopend (standaard " \
            "oplopend); bij gelijke waarden op id",                                          \
            NULL, 0, 0, f                                                                    \
    }
#define NB_QUERY_END                       \
    {                                      \
        NULL, NULL, NULL, NULL, 0, 0, NULL \
    }

typedef struct nb_route {
    const char *method;  /* GET, POST, PUT, DELETE */
    const char *pattern; /* path with {name} segments */
    nb_handler handler;
    int roles;                 /* NB_ROLE_* bits allowed; 0 = nobody */
    const nb_schema *body;     /* required JSON body schema, or NULL for no body */
    const char *tag;           /* openapi tag (Dutch resource name) */
    const char *summary;       /* Dutch, one line */
    const nb_schema *response; /* the response body's schema (NB_SCHEMA_OUT), or NULL */
    int response_status;       /* 200 or 201 */
    const nb_query_doc *query; /* NULL-name-terminated list, or NULL */
    const char *produces;      /* NULL = application/json; else e.g. "text/csv" */
    /* Other media types the handler can answer instead (NULL-terminated, or
     * NULL): Accept may ask for any of them; the handler reads Accept (or a
     * query parameter) and answers with the one asked. The reports. */
    const char *const *alternates;
} nb_route;

/*
 * Matches path against pattern ("/x/{id}") segment by segment; {x} matches
 * one non-empty segment, at most NB_MAX_PATH_PARAMS of them. Captured
 * segments are copied into scratch (caller-owned, at least strlen(path)+1
 * bytes), NUL-separated, and params[0..*nparams) point into it. Returns 1 on
 * a match (then *nparams is set), 0 otherwise (*nparams untouched; scratch
 * and params may hold partial captures).
 */
int nb_route_match_pattern(const char *pattern, const char *path, char *scratch,
                           const char **params, int *nparams);

/*
 * Finds the route for method and path in table[0..count) (borrowed). On a
 * match returns it (a pointer into table) and fills
 * params (borrowed pointers into scratch, which must hold the path's length+1
 * bytes). Returns NULL when nothing matches; then *path_known says whether the
 * path exists with other methods, and allow (if non-NULL) receives their list
 * ("GET, POST").
 */
const nb_route *nb_route_find(const nb_route *table, size_t count, const char *method,
                              const char *path, char *scratch, const char **params, int *nparams,
                              int *path_known, nb_buf *allow);

/* 1 when r's response body carries "versie" (an ETag) at its top level. */
int nb_route_versioned(const nb_route *r);

/*
 * The GET route whose versie (ETag) guards a change to path (PUT /x/{id},
 * PUT /x/{id}/status, POST /x/{id}/acceptatie → GET /x/{id}): path itself,
 * then path without its last segment, then without two, the first GET route
 * that matches and is versioned. params/nparams/scratch as nb_route_find
 * (scratch: strlen(path)+1 bytes). NULL when the resource has no ETag
 * (a collection, the settings, a period).
 */
const nb_route *nb_route_etag_target(const nb_route *table, size_t count, const char *path,
                                     char *scratch, const char **params, int *nparams);

#endif
