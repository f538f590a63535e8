/*
 * http/send.c — writing an answer: the headers every answer carries, gzip for
 * large API answers, and the contract (openapi.json) made once and served
 * from memory; see send.h. http/server.c decides what to answer.
 */
#include "http/send.h"

#include "http/conditional.h"
#include "util/assert.h"
#include "util/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* zlib level for answers made per request (the contract, made once, gets 9). */
#define NB_GZIP_LEVEL_DYNAMIC 1
/* The contract changes only with the program; a client may keep it this long
 * before it asks again (with If-None-Match: a 304). */
#define NB_FIXED_CACHE_CONTROL "Cache-Control: public, max-age=300"
/* Pages: no script, no inline style; only our own stylesheets and images. */
#define NB_PAGE_CSP                                                \
    "default-src 'none'; style-src 'self'; img-src 'self' data:; " \
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

/* ---- Response writing ---------------------------------------------------- */

/* The headers every answer carries, and resp's own (Location, ETag, extra
 * lines, which it consumes), on r. */
void nb_add_headers(struct MHD_Response *r, nb_resp *resp, const char *allow, int cors, int page)
{
    int cached = 0; /* a handler's own Cache-Control (immutable static files) */
    for (int i = 0; i < NB_RESP_EXTRA_HEADERS; i++)
        cached |= strncasecmp(resp->extra_header[i], "Cache-Control:", 14) == 0;
    if (!page)
        MHD_add_response_header(r, "API-Version", NB_API_VERSION);
    if (!cached)
        MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "Content-Security-Policy",
                            page ? NB_PAGE_CSP : "frame-ancestors 'none'");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    /* same-origin, not no-referrer, for pages: with no-referrer browsers send
     * "Origin: null" on form posts, and the Origin check needs the origin. */
    MHD_add_response_header(r, "Referrer-Policy", page ? "same-origin" : "no-referrer");
    if (allow)
        MHD_add_response_header(r, "Allow", allow);
    if (cors) {
        MHD_add_response_header(r, "Access-Control-Allow-Origin", "*");
        MHD_add_response_header(r, "Access-Control-Expose-Headers",
                                "API-Version, ETag, Location, Deprecation, Sunset, Link");
    }
    if (resp->status == 401 && !page)
        MHD_add_response_header(r, "WWW-Authenticate", "Bearer realm=\"noaber\"");
    if (nb_http_draining()) /* stopping: the next request goes to another server */
        MHD_add_response_header(r, "Connection", "close");
    if (resp->location[0])
        MHD_add_response_header(r, "Location", resp->location);
    if (resp->etag[0])
        MHD_add_response_header(r, "ETag", resp->etag);
    for (int i = 0; i < NB_RESP_EXTRA_HEADERS; i++) {
        char *colon = strchr(resp->extra_header[i], ':');
        if (colon) {
            *colon = '\0';
            MHD_add_response_header(r, resp->extra_header[i], colon + 2);
        }
    }
}

/*
 * Whether an answer of len bytes may go out gzipped (docs/api.md,
 * "Compression"): a successful API answer (JSON or CSV) of at least
 * NB_ENCODE_GZIP_MIN bytes without a version ETag (a strong tag names the
 * bytes, and the version's tag is the same in either coding). Never pages:
 * they carry the CSRF token, and compression next to reflected input is
 * what BREACH reads secrets through.
 */
int nb_send_gzip_eligible(const nb_resp *resp, size_t len, int page)
{
    return !page && resp->status >= 200 && resp->status < 300 && !resp->is_problem &&
           resp->etag[0] == '\0' && len >= NB_ENCODE_GZIP_MIN;
}

/* 1 when text holds exactly what jansson would have written for json: checked
 * on every answer of the test suites in the builds that check expensive
 * invariants (NB_ASSERT_EXPENSIVE). */
static int nb_send_same_as_jansson(const json_t *json, const char *text)
{
    char *ref = json_dumps(json, NB_ENCODE_JSON_FLAGS | JSON_ENCODE_ANY);
    int same = (ref == NULL) == (text == NULL) && (ref == NULL || strcmp(ref, text) == 0);
    free(ref);
    return same;
}

/* 1 when text (streamed rows spliced in) is valid JSON and exactly what
 * jansson writes for what it holds: the row writers write what the trees
 * wrote. NULL (out of memory) passes. */
static int nb_send_canonical(const char *text)
{
    if (text == NULL)
        return 1;
    json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
    char *again = j ? json_dumps(j, NB_ENCODE_JSON_FLAGS) : NULL;
    int same = again != NULL && strcmp(again, text) == 0;
    free(again);
    json_decref(j);
    return same;
}

int nb_send(struct MHD_Connection *conn, nb_resp *resp, const char *allow, int cors, int page)
{
    char *text = NULL;
    size_t len = 0;
    const char *ctype = "application/json";
    if (resp->json != NULL) {
        if (resp->rows_at) {
            nb_buf_putc(&resp->rows, '\0'); /* an oom shows here */
            text = resp->rows.oom
                       ? NULL
                       : nb_encode_json_spliced(resp->json, resp->rows_at, resp->rows.data,
                                                resp->rows.len - 1, &len);
            NB_ASSERT_EXPENSIVE(nb_send_canonical(text));
        } else {
            text = nb_encode_json(resp->json, &len);
            NB_ASSERT_EXPENSIVE(nb_send_same_as_jansson(resp->json, text));
        }
        if (resp->is_problem)
            ctype = "application/problem+json";
    } else if (resp->raw.len > 0 || resp->content_type != NULL) {
        len = resp->raw.len;
        text = nb_buf_steal(&resp->raw);
        ctype = resp->content_type ? resp->content_type : "application/octet-stream";
        if (resp->raw_json) {
            NB_ASSERT_EXPENSIVE(nb_send_canonical(text)); /* a tree's bytes (nb_resp_json_text) */
        }
    }
    int vary = text != NULL && nb_send_gzip_eligible(resp, len, page), gzipped = 0;
    if (vary && nb_encode_accepts_gzip(
                    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding"))) {
        char *gz = NULL;
        size_t gzlen = 0;
        if (nb_encode_gzip(text, len, NB_GZIP_LEVEL_DYNAMIC, &gz, &gzlen) == 0) {
            free(text);
            text = gz;
            len = gzlen;
            gzipped = 1;
        }
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, text ? text : (char *)"", text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (r == NULL) {
        free(text);
        return MHD_NO;
    }
    if (len > 0 || resp->json)
        MHD_add_response_header(r, "Content-Type", ctype);
    if (vary)
        MHD_add_response_header(r, "Vary", "Accept-Encoding");
    if (gzipped)
        MHD_add_response_header(r, "Content-Encoding", "gzip");
    nb_add_headers(r, resp, allow, cors, page);
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ok == MHD_YES ? MHD_YES : MHD_NO;
}

/* ---- The contract, made once ---------------------------------------------- */

/* The headers of the contract's answers (200 and 304), on r. */
static void nb_fixed_headers(struct MHD_Response *r, const char *etag, int gzip, int body)
{
    nb_resp resp;
    memset(&resp, 0, sizeof resp);
    resp.status = 200;
    snprintf(resp.etag, sizeof resp.etag, "%s", etag);
    snprintf(resp.extra_header[0], sizeof resp.extra_header[0], "%s", NB_FIXED_CACHE_CONTROL);
    snprintf(resp.extra_header[1], sizeof resp.extra_header[1], "Vary: Accept-Encoding");
    if (body) {
        MHD_add_response_header(r, "Content-Type", "application/json");
        if (gzip)
            MHD_add_response_header(r, "Content-Encoding", "gzip");
    }
    nb_add_headers(r, &resp, NULL, 1, 0);
}

/* A 200 answer of bytes[0..len) with the contract's headers, made once and
 * queued for every request: MHD writes the headers and the bytes with one
 * sendmsg(2) per request (the buffer is the caller's until the response is
 * destroyed). Not a memfd with sendfile(2): MHD sends a file in chunks of
 * 128 KiB with TCP_CORK set and left on the socket, seven system calls a
 * request, and under load such answers waited up to 200 ms for the cork
 * (docs/performance.md). NULL when out of memory. */
static struct MHD_Response *nb_fixed_response(const char *bytes, size_t len, const char *etag,
                                              int gzip)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)(uintptr_t)bytes, MHD_RESPMEM_PERSISTENT);
    if (r != NULL)
        nb_fixed_headers(r, etag, gzip, 1);
    return r;
}

/* Makes f from route's handler (under its lock, the first time).
 * 0 = ready; a negative code when it could not be made (then the caller
 * answers the request the ordinary way). */
int nb_fixed_ready(nb_fixed *f, const nb_route *route, nb_req *req)
{
    int rc = 0;
    pthread_mutex_lock(&f->lock);
    if (!f->ready) {
        nb_resp resp;
        memset(&resp, 0, sizeof resp);
        resp.status = 200;
        rc = route->handler(req, &resp);
        if (rc == 0 && (resp.status != 200 || resp.json == NULL))
            rc = NB_EINVAL;
        if (rc == 0)
            rc = nb_encode_fixed(resp.json, &f->doc);
        json_decref(resp.json);
        nb_buf_free(&resp.raw);
        if (rc == 0) {
            f->plain = nb_fixed_response(f->doc.body, f->doc.len, f->doc.etag, 0);
            f->gz =
                f->doc.gz ? nb_fixed_response(f->doc.gz, f->doc.gzlen, f->doc.etag_gz, 1) : NULL;
            if (f->plain == NULL || (f->doc.gz != NULL && f->gz == NULL))
                rc = NB_ENOMEM;
        }
        if (rc != 0) {
            if (f->plain)
                MHD_destroy_response(f->plain);
            if (f->gz)
                MHD_destroy_response(f->gz);
            f->plain = f->gz = NULL;
            nb_encoded_free(&f->doc);
        }
        f->ready = rc == 0;
    }
    pthread_mutex_unlock(&f->lock);
    return rc;
}

/*
 * Answers a GET or HEAD of the contract from f: the gzip form when
 * the client takes it, 304 when If-None-Match names either form's tag.
 * Returns MHD_YES/MHD_NO as nb_send.
 */
int nb_send_fixed(const nb_fixed *f, struct MHD_Connection *conn)
{
    const char *ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding");
    int gzip = f->gz != NULL && nb_encode_accepts_gzip(ae);
    const char *none = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
    if (none == NULL || !(nb_cond_tag_matches(none, f->doc.etag, 0) ||
                          nb_cond_tag_matches(none, f->doc.etag_gz, 0)))
        return MHD_queue_response(conn, 200, gzip ? f->gz : f->plain) == MHD_YES ? MHD_YES : MHD_NO;
    struct MHD_Response *r = MHD_create_response_from_buffer(0, (char *)"", MHD_RESPMEM_PERSISTENT);
    if (r == NULL)
        return MHD_NO;
    nb_fixed_headers(r, gzip ? f->doc.etag_gz : f->doc.etag, gzip, 0);
    enum MHD_Result ok = MHD_queue_response(conn, 304, r);
    MHD_destroy_response(r);
    return ok == MHD_YES ? MHD_YES : MHD_NO;
}
