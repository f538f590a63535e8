/*
 * http/http.h — the request and response that every handler sees.
 *
 * The server (http/admit.c, server.c) parses the request, authenticates it, checks the
 * route table's roles, opens a transaction and then calls the handler with
 * an nb_req (everything borrowed, valid during the call) and an nb_resp to
 * fill. A handler returns 0 after filling resp — also for 4xx answers made
 * with nb_resp_problem — and a negative code only for internal failures
 * (the server then answers 500). A response with status >= 400 rolls the
 * transaction back, so nothing is partly written.
 */
#ifndef NB_HTTP_HTTP_H
#define NB_HTTP_HTTP_H

#include "store/store.h"
#include "util/buf.h"

#include <jansson.h>
#include <stdint.h>

struct MHD_Connection;

/* Roles, as bits for the route table. */
enum {
    NB_ROLE_BEHEER = 1 << 0,      /* network management */
    NB_ROLE_COORDINATOR = 1 << 1, /* coordinator of one organisation */
    NB_ROLE_MEDEWERKER = 1 << 2,  /* an employee */
    NB_ROLE_LEZER = 1 << 3,       /* read-only viewer (council, college) */
    NB_ROLE_PUBLIC = 1 << 4       /* no token needed */
};
/* The full version of the API: the API-Version header of every response and
 * info.version of openapi.json. */
#define NB_API_VERSION "1.0.0"

#define NB_ROLES_STAFF (NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_MEDEWERKER)
#define NB_ROLES_ALL (NB_ROLES_STAFF | NB_ROLE_LEZER)

/* The authenticated caller. */
typedef struct nb_principal {
    int role; /* one NB_ROLE_* bit; NB_ROLE_PUBLIC when anonymous */
    int64_t token_id;
    int64_t organisation_id; /* coordinator, medewerker, lezer: their organisation (0 = none) */
    int64_t person_id;       /* medewerker: the person it is (0 = none) */
    char label[64];
} nb_principal;

const char *nb_role_name(int role);  /* "beheer", ...; static */
int nb_role_parse(const char *name); /* role bit, or 0 */

#define NB_MAX_PATH_PARAMS 4

/* 1 once the server has begun to stop (http/server.h): requests in flight
 * finish, new ones are told to go elsewhere. 0 while serving. */
int nb_http_draining(void);

typedef struct nb_req {
    const char *method;
    const char *path;
    const char *remote;
    const char *params[NB_MAX_PATH_PARAMS]; /* captured {x} segments, in order */
    int nparams;
    struct MHD_Connection *conn; /* NULL for in-process calls (import/export) */
    const char *const *query;    /* in-process calls: NULL-terminated name, value pairs */
    json_t *body;                /* parsed JSON object, or NULL */
    const nb_principal *who;
    nb_store *st;
    nb_actor actor;                /* for nb_store_audit */
    const char *base_url;          /* e.g. "http://localhost:8080" */
    const struct nb_route *routes; /* the table that routed this request (borrowed) */
    size_t nroutes;
} nb_req;

/*
 * A body produced while it is sent (http/stream.h): next appends the next
 * piece of the body to b and returns 1 when more follows, 0 after the last
 * piece, or a negative NB_E* code; free releases ctx (called exactly once,
 * also when next never ran). A stream reads through req->st: the server
 * keeps the request's store and its read transaction (one snapshot) until
 * the last byte is sent or the connection is gone.
 */
typedef struct nb_stream {
    int (*next)(void *ctx, nb_buf *b);
    void (*free)(void *ctx);
    void *ctx;
} nb_stream;

/* How many "Name: value" lines a handler may add (Retry-After, Cache-Control,
 * and on a deprecated route Deprecation, Sunset and Link). */
#define NB_RESP_EXTRA_HEADERS 4

typedef struct nb_resp {
    int status;
    json_t *json;                                  /* owned; serialised by the server */
    nb_buf raw;                                    /* non-JSON body (CSV, HTML) */
    const char *content_type;                      /* static; for raw */
    char location[256];                            /* Location header for 201, "" if none */
    char extra_header[NB_RESP_EXTRA_HEADERS][256]; /* "Name: value" lines, "" if unused */
    char etag[32];         /* ETag header value ("\"3\""), "" if none; set by the server */
    nb_buf rows;           /* streamed JSON (http/jw.h) written in place of rows_at */
    const json_t *rows_at; /* an empty array inside json (borrowed), or NULL */
    nb_stream stream;      /* a body made while it is sent (next != NULL), instead of raw */
    int raw_json;          /* raw holds a JSON object's text (nb_resp_json_text) */
    int64_t version;       /* with raw_json: the object's "versie" (> 0), or 0 */
    int is_problem;
    int keep_tx; /* commit the transaction even with a status >= 400 (a failed login is
                    recorded for the throttle); pages only */
} nb_resp;

/* ---- Responses --------------------------------------------------------- */

/* Sets status and the JSON body (takes ownership of body). Returns 0. */
int nb_resp_json(nb_resp *resp, int status, json_t *body);

/*
 * Sets status and a JSON object's body given as its text: text's bytes move
 * into resp (text is left empty). The text is what http/jw.h writes, exactly
 * what jansson would write for the object, so it is sent as it is, without a
 * tree in between. version is the object's "versie" (> 0; 0 when it has none):
 * the server makes the ETag and answers If-Match and If-None-Match from it
 * as from a tree's "versie" (http/conditional.h). An in-process caller gets
 * the tree from nb_resp_rows_inline. Returns 0.
 */
int nb_resp_json_text(nb_resp *resp, int status, nb_buf *text, int64_t version);

/*
 * Sets status and the JSON body (owned) whose array at (inside body, empty)
 * is sent as the text streamed into resp->rows (a list's items, a
 * statement's lines). Returns 0.
 */
int nb_resp_json_rows(nb_resp *resp, int status, json_t *body, const json_t *at);

/*
 * Sets status and a streamed body of content_type (static) made by next,
 * freed by free (nb_stream). On a failure before it is sent the server
 * frees the stream and answers a problem; after the first byte an error
 * closes the connection (docs/api.md, "Streamed answers"). Returns 0.
 */
int nb_resp_stream(nb_resp *resp, int status, const char *content_type,
                   int (*next)(void *ctx, nb_buf *b), void (*free_ctx)(void *ctx), void *ctx);

/*
 * Runs resp's stream into resp->raw until it ends or raw holds limit bytes:
 * 0 when it ended (the stream freed, the whole body in raw), 1 when more is
 * to come (the stream kept), or the stream's negative code (the stream
 * freed, raw emptied). Without a stream: 0.
 */
int nb_resp_stream_drain(nb_resp *resp, size_t limit);

/* Forgets streamed rows (resp->rows, rows_at) and frees a stream (resp->stream):
 * done whenever the body is replaced. */
void nb_resp_rows_drop(nb_resp *resp);

/*
 * Makes the streamed rows part of resp->json (parsed into the array rows_at)
 * for a caller that reads the tree instead of sending the bytes (the CLI's
 * export runs the list routes); forgets resp->rows. A body given as text
 * (nb_resp_json_text) becomes resp->json the same way. 0, NB_ENOMEM,
 * NB_EINVAL.
 */
int nb_resp_rows_inline(nb_resp *resp);

/*
 * The problem types: one title per type (docs/api.md has the table). The
 * type URI is NB_PROBLEM_BASE + slug. status is the HTTP status whose
 * default type it is, or 0. NULL-slug-terminated.
 */
#define NB_PROBLEM_BASE "https://noaber.nl/problemen/"
typedef struct nb_problem_kind {
    const char *slug;
    const char *title;
    int status;
} nb_problem_kind;
extern const nb_problem_kind nb_problem_kinds[];

/*
 * Makes an RFC 9457 problem: status, title (Dutch, short), detail (Dutch,
 * specific; printf format). The type is the nb_problem_kinds row with this
 * title; a title not in the table gets the status's default type and title,
 * so a type never comes with two titles. Returns 0 so handlers can
 * `return nb_resp_problem(...)`.
 */
int nb_resp_problem(nb_resp *resp, int status, const char *title, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * Adds {"name": name, "reason": reason} to the problem's invalidParams. At most
 * NB_RESP_MAX_INVALID entries are listed; each one beyond that only raises the
 * problem's count member NB_RESP_LEFT_OUT ("invalidParamsWeggelaten"), so the
 * answer stays small whatever the request holds.
 */
#define NB_RESP_MAX_INVALID 100
#define NB_RESP_LEFT_OUT "invalidParamsWeggelaten"
void nb_resp_invalid(nb_resp *resp, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Finishes an API problem before it is sent: the title is the one of its
 * (final) type in nb_problem_kinds, whatever a handler set, and instance is
 * path (the request path; borrowed; skipped when NULL or not UTF-8).
 */
void nb_resp_problem_finish(nb_resp *resp, const char *path);

/* Adds an invalid param saying the value must be one of values (NULL-terminated). */
void nb_resp_invalid_enum(nb_resp *resp, const char *name, const char *const *values);

/*
 * Maps an internal code + message onto a problem (404, 409, 422, 500...).
 * NB_EBUSY becomes 503 with "Retry-After: NB_RESP_RETRY_AFTER"; any code
 * that is not a client's problem becomes 500. For 500 and 503 the message
 * (err, may be NULL) is logged, not sent: the client sees a generic detail.
 */
#define NB_RESP_RETRY_AFTER 1
int nb_resp_from_err(nb_resp *resp, int code, const nb_err *err);

/* ---- Request accessors ------------------------------------------------- */

/* Query parameter value or NULL (borrowed). */
const char *nb_req_query(const nb_req *req, const char *name);

/*
 * Optional query parameters, checked at the edge. Absent: *out = 0 / NULL and
 * 0 is returned. Present but invalid: an invalid param naming it is added to
 * resp, *out = 0 / NULL, and 1 is returned (so `bad |= ...` collects them).
 */
int nb_req_query_id(const nb_req *req, nb_resp *resp, const char *name, int64_t *out);
int nb_req_query_date(const nb_req *req, nb_resp *resp, const char *name, const char **out);
int nb_req_query_enum(const nb_req *req, nb_resp *resp, const char *name, const char *const *values,
                      const char **out);

/*
 * The sort order from ?sorteer=veld,-veld (NB_SORT_PARAM) over fields (a
 * list's whitelist, NULL-name-terminated; borrowed). Absent: out->n = 0 (the
 * default order), 0 returned. Each comma-separated item is a field name,
 * '-' in front for descending. An unknown, repeated or empty field, or more
 * than NB_SORT_MAX, adds one invalid param "sorteer" naming every bad field
 * and the allowed ones; then out->n = 0 and 1 is returned.
 */
#define NB_SORT_PARAM "sorteer"
int nb_req_query_sort(const nb_req *req, nb_resp *resp, const nb_sort_field *fields, nb_sort *out);

/* Parses path param i as a positive id; on failure fills a 404 and returns NB_ENOTFOUND. */
int nb_req_path_id(const nb_req *req, nb_resp *resp, int i, int64_t *out);

/*
 * Paging from ?pagina=&paginaGrootte= (defaults 1 and 20, max 100). Invalid
 * values add invalid params to resp and return NB_EINVAL.
 */
typedef struct nb_page {
    int64_t page;
    int64_t size;
    /* Keyset paging (?na=<id>, docs/api.md "Lists: na"): keyset 1 when the
     * request names na; after is its id (0 = from the start). The handler
     * asks its store for the ids above after in id order, without offset and
     * without a total, and sets next_after to the last id of a full page (0:
     * no next page). */
    int keyset;
    int64_t after;
    int64_t next_after;
} nb_page;
/* Reads pagina, paginaGrootte and na into out (na: only on the lists whose
 * route declares it; with pagina or sorteer a 400). 0 = ok; NB_EINVAL with
 * the problems added to resp. */
int nb_req_page(const nb_req *req, nb_resp *resp, nb_page *out);

/*
 * A HAL list: {"_embedded": {name: items}, "_links": {self, first, prev?,
 * next?, last}, "totaal": total, "pagina": n, "paginaGrootte": size}. Takes
 * ownership of items. The links keep the request's other query parameters.
 * A keyset page (page->keyset) is {"_embedded", "_links": {self, first,
 * next?}, "paginaGrootte"}: links by na, total unused.
 */
json_t *nb_hal_list(const nb_req *req, const char *name, json_t *items, int64_t total,
                    const nb_page *page);

/* "{base}/api/v1/{collection}/{id}" as a HAL self link object. */
json_t *nb_hal_self(const nb_req *req, const char *collection, int64_t id);

#endif
