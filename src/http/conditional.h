/*
 * http/conditional.h — conditional requests (RFC 9110 §13): the strong ETag
 * of a versioned resource (its "versie"), If-Match on a change (412) and
 * If-None-Match on a read (304), and entity-tag list matching for fixed
 * answers such as openapi.json. Called by http/server.c.
 */
#ifndef NB_HTTP_CONDITIONAL_H
#define NB_HTTP_CONDITIONAL_H

#include "http/http.h"
#include "http/route.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct MHD_Connection;

/* The version in a response body ("versie" at the top), or 0. */
int64_t nb_cond_body_version(const json_t *body);

/* The version of resp's body: its tree's "versie", or the version a body
 * given as text came with (nb_resp_json_text); 0 when none. */
int64_t nb_cond_resp_version(const nb_resp *resp);

/*
 * Whether the If-Match / If-None-Match value list (RFC 9110: "*" or entity
 * tags separated by commas) names tag (a quoted entity-tag such as "\"3\"";
 * NULL = the resource has no ETag, then only "*" matches). strong: If-Match's
 * strong comparison, where a weak tag (W/"3") never matches; otherwise
 * If-None-Match's weak one. Returns 1 or 0.
 */
int nb_cond_tag_matches(const char *list, const char *tag, int strong);

/* nb_cond_tag_matches for the tag of version ("\"3\""; 0 = no ETag). */
int nb_cond_etag_matches(const char *list, int64_t version, int strong);

/*
 * If-Match on a change (PUT, POST): the current version of the resource the
 * change applies to (nb_route_etag_target in routes[0..nroutes), its GET
 * handler run in this same write transaction) must be one the header names.
 * Returns 0 to go on (no If-Match; it matches; or the resource cannot be
 * read, so the change's own handler answers 404/403), 1 when resp holds the
 * 412, or a negative code. A missing If-Match is allowed (docs/api.md: old
 * clients keep working).
 */
int nb_cond_if_match(const nb_route *routes, size_t nroutes, struct MHD_Connection *conn,
                     const nb_req *req, const char *url, nb_resp *resp);

/*
 * After a handler of route answered resp: the ETag of a versioned resource
 * (resp->etag), and If-None-Match on a read (is_read): when it names the
 * version, the body is dropped and the status becomes 304.
 */
void nb_cond_finish(const nb_route *route, struct MHD_Connection *conn, int is_read, nb_resp *resp);

#endif
