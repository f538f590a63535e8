/*
 * tests/fuzz/fuzz_route_query.c — fuzzes the request target: percent-decoding
 * as libmicrohttpd does it for the server, route lookup (nb_route_find over
 * the table of src/api/routes.c), path ids and the query getters handlers use
 * (nb_req_query_id/date/enum, nb_req_page, nb_api_query_day).
 *
 * Input: byte 0 picks the method, the rest is the request target
 * "path?query" up to the first space, CR, LF or NUL (where a request line
 * ends). The path is decoded with MHD_http_unescape; the query is split on
 * '&' and '=' with '+' read as a space and each part decoded, exactly as
 * libmicrohttpd 0.9.7x hands it to the server. Properties checked:
 *  - nb_route_find agrees with an independent segment matcher: the same
 *    routes match, the first one with the method is found; on a miss Allow
 *    lists the path's methods in table order (on a hit it stays empty);
 *  - captured params are non-empty segments without '/', and substituting
 *    them into the pattern gives the decoded path back;
 *  - decoding round-trips: percent-encoding the decoded path and query and
 *    decoding again gives the same route, params and values;
 *  - a query getter that accepts a value returns what the value says (an id
 *    >= 1 written in digits, an existing date, one of the allowed words, a
 *    page in 1..1000000 and a page size in 1..100); one that refuses names
 *    the parameter in a 400 problem.
 */
#include "fuzz.h"

#include "api/api.h"
#include "http/target.h"
#include "util/buf.h"
#include "util/date.h"

#include <microhttpd.h>
#include <string.h>

#define NB_FZ_MAX_ARGS 64

/*
 * Issue 7 C.5, fixed: a path that decoded to invalid UTF-8 got a 404 whose
 * problem+json could not be built, so the server sent an empty body. The
 * server now refuses such a request-target with a 400 before routing
 * (nb_target_check in src/http/target.c); the harness does the same and then
 * requires a problem body for every 404 of an admitted target. Regression
 * inputs: tests/fuzz/route_query/regress-404-*.
 */

static const char *const nb_fz_methods[] = {"GET",  "POST",    "PUT",   "DELETE",
                                            "HEAD", "OPTIONS", "PATCH", "get"};

/* Decoded query arguments: names[i] = values[i]; values may be NULL. */
typedef struct nb_fz_query {
    char *names[NB_FZ_MAX_ARGS];
    char *values[NB_FZ_MAX_ARGS];
    int n;
    const char *pairs[2 * NB_FZ_MAX_ARGS + 2]; /* the nb_req.query list */
} nb_fz_query;

static char *nb_fz_strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d == NULL)
        abort();
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* libmicrohttpd's argument decoding: '+' is a space, then %XX. */
static void nb_fz_unescape_arg(char *s)
{
    for (char *p = s; *p; p++)
        if (*p == '+')
            *p = ' ';
    MHD_http_unescape(s);
}

/* Splits and decodes a raw query as MHD_parse_arguments_ does. */
static void nb_fz_parse_query(const char *raw, nb_fz_query *q)
{
    char *args = nb_fz_strndup(raw, strlen(raw));
    char *p = args;
    q->n = 0;
    while (p != NULL && *p != '\0' && q->n < NB_FZ_MAX_ARGS) {
        char *amp = strchr(p, '&');
        char *eq = strchr(p, '=');
        if (amp)
            *amp = '\0';
        if (eq && amp && eq > amp)
            eq = NULL;
        if (eq)
            *eq = '\0';
        nb_fz_unescape_arg(p);
        q->names[q->n] = nb_fz_strndup(p, strlen(p));
        if (eq) {
            nb_fz_unescape_arg(eq + 1);
            q->values[q->n] = nb_fz_strndup(eq + 1, strlen(eq + 1));
        } else {
            q->values[q->n] = NULL;
        }
        q->n++;
        p = amp ? amp + 1 : NULL;
    }
    free(args);
    int k = 0;
    for (int i = 0; i < q->n; i++) {
        q->pairs[k++] = q->names[i];
        q->pairs[k++] = q->values[i];
    }
    q->pairs[k] = NULL;
}

static void nb_fz_query_free(nb_fz_query *q)
{
    for (int i = 0; i < q->n; i++) {
        free(q->names[i]);
        free(q->values[i]);
    }
    q->n = 0;
}

/* The first value of name (NULL when absent or given without '='). */
static const char *nb_fz_query_get(const nb_fz_query *q, const char *name)
{
    for (int i = 0; i < q->n; i++)
        if (strcmp(q->names[i], name) == 0)
            return q->values[i];
    return NULL;
}

/* Percent-encodes every byte outside the unreserved set (RFC 3986). */
static void nb_fz_encode(nb_buf *b, const char *s, int keep_slash)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~' || (keep_slash && *p == '/'))
            nb_buf_putc(b, (char)*p);
        else
            nb_buf_printf(b, "%%%02X", *p);
    }
}

/* Independent matcher: same number of '/'-separated segments, literals
 * equal, each {x} a non-empty segment. */
static int nb_fz_matches(const char *pattern, const char *path)
{
    const char *p = pattern, *s = path;
    for (;;) {
        const char *pe = strchr(p, '/'), *se = strchr(s, '/');
        size_t pl = pe ? (size_t)(pe - p) : strlen(p), sl = se ? (size_t)(se - s) : strlen(s);
        if (pl >= 2 && p[0] == '{' && p[pl - 1] == '}') {
            if (sl == 0)
                return 0;
        } else if (pl != sl || memcmp(p, s, pl) != 0) {
            return 0;
        }
        if ((pe == NULL) != (se == NULL))
            return 0;
        if (pe == NULL)
            return 1;
        p = pe + 1;
        s = se + 1;
    }
}

/* Writes the pattern with its {x} segments replaced by params. */
static void nb_fz_fill(nb_buf *b, const char *pattern, const char *const *params, int n)
{
    int k = 0;
    for (const char *p = pattern; *p; p++) {
        if (*p == '{') {
            NB_FUZZ_CHECK(k < n, "pattern %s has more {} than %d params", pattern, n);
            nb_buf_puts(b, params[k++]);
            p = strchr(p, '}');
            continue;
        }
        nb_buf_putc(b, *p);
    }
    NB_FUZZ_CHECK(k == n, "pattern %s has %d {} but %d params", pattern, k, n);
}

static int nb_fz_digits(const char *s)
{
    if (s == NULL || *s == '\0')
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* The invalid param named name is in resp's problem. */
static int nb_fz_names(const nb_resp *resp, const char *name)
{
    size_t i;
    const json_t *p;
    if (resp->status != 400 || !resp->is_problem)
        return 0;
    json_array_foreach (json_object_get(resp->json, "invalidParams"), i, p)
        if (json_is_string(json_object_get(p, "name")) &&
            strcmp(json_string_value(json_object_get(p, "name")), name) == 0)
            return 1;
    return 0;
}

/* 1 when s is valid UTF-8 (what jansson accepts as a string). */
static int nb_fz_utf8(const char *s)
{
    json_t *t = json_string(s);
    json_decref(t);
    return t != NULL;
}

/* A 404/405 answer is a problem body the server can send. */
static void nb_fz_check_problem(const nb_resp *resp, int status, const char *path, int admitted)
{
    NB_FUZZ_CHECK(resp->status == status, "status %d, want %d", resp->status, status);
    if (!admitted) /* the server answered 400 before this point */
        return;
    NB_FUZZ_CHECK(resp->is_problem && resp->json != NULL, "%d for '%s' has no problem body", status,
                  path);
}

static void nb_fz_resp_clear(nb_resp *resp)
{
    json_decref(resp->json);
    nb_buf_free(&resp->raw);
    memset(resp, 0, sizeof *resp);
}

/* Runs the query getters over every parameter the route documents. */
static void nb_fz_check_query(nb_req *req, const nb_route *route, const nb_fz_query *q,
                              int admitted)
{
    static const char *const kinds[] = {"gemeente", "pool", "partner", NULL};
    static const char *const bools[] = {"true", "false", NULL};
    nb_resp resp;
    memset(&resp, 0, sizeof resp);

    nb_page page;
    int rc = nb_req_page(req, &resp, &page);
    if (rc == 0) {
        NB_FUZZ_CHECK(page.page >= 1 && page.page <= 1000000 && page.size >= 1 && page.size <= 100,
                      "page %lld size %lld accepted", (long long)page.page, (long long)page.size);
        NB_FUZZ_CHECK(resp.status == 0, "accepted paging left status %d", resp.status);
    } else {
        NB_FUZZ_CHECK(nb_fz_names(&resp, "pagina") || nb_fz_names(&resp, "paginaGrootte"),
                      "refused paging names no parameter");
    }
    nb_fz_resp_clear(&resp);

    for (const nb_query_doc *d = route->query; d && d->name; d++) {
        const char *v = nb_fz_query_get(q, d->name);
        NB_FUZZ_CHECK(nb_req_query(req, d->name) == v, "nb_req_query(%s) is not the first value",
                      d->name);
        if (strcmp(d->type, "integer") == 0) {
            int64_t id = -1;
            int bad = nb_req_query_id(req, &resp, d->name, &id);
            if (bad == 0) {
                NB_FUZZ_CHECK(v == NULL ? id == 0 : (id >= 1 && nb_fz_digits(v)),
                              "%s=%s accepted as id %lld", d->name, v ? v : "(none)",
                              (long long)id);
                if (v != NULL) {
                    char back[32];
                    const char *digits = v;
                    while (*digits == '0' && digits[1] != '\0')
                        digits++;
                    snprintf(back, sizeof back, "%lld", (long long)id);
                    NB_FUZZ_CHECK(strcmp(back, digits) == 0, "%s=%s read as %lld", d->name, v,
                                  (long long)id);
                }
            } else {
                NB_FUZZ_CHECK(bad == 1 && id == 0 && nb_fz_names(&resp, d->name),
                              "refused id %s: rc %d, out %lld, not named", d->name, bad,
                              (long long)id);
            }
        } else if (strcmp(d->type, "date") == 0) {
            const char *out = "unset";
            int32_t day;
            int bad = nb_req_query_date(req, &resp, d->name, &out);
            if (bad == 0)
                NB_FUZZ_CHECK(out == v && (v == NULL || nb_date_parse(v, &day) == 0),
                              "date %s accepted wrongly", d->name);
            else
                NB_FUZZ_CHECK(out == NULL && v != NULL && nb_date_parse(v, &day) != 0 &&
                                  nb_fz_names(&resp, d->name),
                              "date %s refused wrongly", d->name);
            int64_t ts = -1;
            nb_fz_resp_clear(&resp);
            rc = nb_api_query_day(req, &resp, d->name, 0, &ts);
            if (rc == 0)
                NB_FUZZ_CHECK(v == NULL || *v == '\0'
                                  ? ts == 0
                                  : nb_date_parse(v, &day) == 0 &&
                                        ts == nb_date_amsterdam_midnight(day), /* rule 10 */
                              "day %s=%s read as %lld", d->name, v ? v : "(none)", (long long)ts);
            else
                NB_FUZZ_CHECK(nb_fz_names(&resp, d->name), "refused day %s not named", d->name);
        } else {
            const char *const *values = strcmp(d->type, "boolean") == 0 ? bools : kinds;
            const char *out = "unset";
            int bad = nb_req_query_enum(req, &resp, d->name, values, &out);
            int listed = 0;
            for (const char *const *e = values; v && *e; e++)
                listed |= strcmp(*e, v) == 0;
            if (bad == 0)
                NB_FUZZ_CHECK(out == v && (v == NULL || listed), "enum %s accepted wrongly",
                              d->name);
            else
                NB_FUZZ_CHECK(out == NULL && v != NULL && !listed && nb_fz_names(&resp, d->name),
                              "enum %s refused wrongly", d->name);
        }
        nb_fz_resp_clear(&resp);
    }
    for (int i = 0; i < req->nparams; i++) {
        int64_t id = -1;
        rc = nb_req_path_id(req, &resp, i, &id);
        if (rc == 0)
            NB_FUZZ_CHECK(id >= 1 && nb_fz_digits(req->params[i]), "path id '%s' read as %lld",
                          req->params[i], (long long)id);
        else {
            NB_FUZZ_CHECK(rc == NB_ENOTFOUND, "bad path id: rc %d", rc);
            nb_fz_check_problem(&resp, 404, req->path, admitted);
        }
        nb_fz_resp_clear(&resp);
    }
}

/* Looks up method + decoded path, checks it against the oracle, and fills
 * params (borrowed from scratch). Returns the route or NULL. */
static const nb_route *nb_fz_route(const char *method, const char *path, char *scratch,
                                   const char **params, int *nparams)
{
    nb_buf allow = NB_BUF_INIT, want_allow = NB_BUF_INIT;
    int known = -1;
    *nparams = -1;
    const nb_route *r = nb_route_find(nb_routes, nb_routes_count, method, path, scratch, params,
                                      nparams, &known, &allow);
    const nb_route *want = NULL;
    int want_known = 0;
    for (size_t i = 0; i < nb_routes_count; i++) {
        const nb_route *x = &nb_routes[i];
        if (!nb_fz_matches(x->pattern, path))
            continue;
        nb_buf_printf(&want_allow, "%s%s", want_known ? ", " : "", x->method);
        want_known = 1;
        if (want == NULL && (strcmp(x->method, method) == 0 ||
                             (strcmp(method, "HEAD") == 0 && strcmp(x->method, "GET") == 0)))
            want = x;
    }
    NB_FUZZ_CHECK(r == want, "%s %s: found %s, oracle %s", method, path, r ? r->pattern : "nothing",
                  want ? want->pattern : "nothing");
    NB_FUZZ_CHECK(known == want_known, "%s: path_known %d, oracle %d", path, known, want_known);
    /* Allow is made only for a miss (a 405 or OPTIONS answer needs it). */
    NB_FUZZ_CHECK(strcmp(nb_buf_cstr(&allow), r == NULL ? nb_buf_cstr(&want_allow) : "") == 0,
                  "%s: Allow '%s', oracle '%s'", path, nb_buf_cstr(&allow),
                  r == NULL ? nb_buf_cstr(&want_allow) : "");
    if (r != NULL) {
        nb_buf back = NB_BUF_INIT;
        NB_FUZZ_CHECK(*nparams >= 0 && *nparams <= NB_MAX_PATH_PARAMS, "nparams %d", *nparams);
        for (int i = 0; i < *nparams; i++)
            NB_FUZZ_CHECK(params[i][0] != '\0' && strchr(params[i], '/') == NULL,
                          "param %d '%s' is not one segment", i, params[i]);
        nb_fz_fill(&back, r->pattern, params, *nparams);
        NB_FUZZ_CHECK(strcmp(nb_buf_cstr(&back), path) == 0, "params rebuild '%s', path '%s'",
                      nb_buf_cstr(&back), path);
        nb_buf_free(&back);
    }
    nb_buf_free(&allow);
    nb_buf_free(&want_allow);
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nb_fz_query q, q2;
    nb_buf enc = NB_BUF_INIT;
    if (size < 1)
        return 0;
    const char *method = nb_fz_methods[data[0] % (sizeof nb_fz_methods / sizeof nb_fz_methods[0])];
    size_t n = 0;
    const char *t = (const char *)data + 1;
    while (n < size - 1 && t[n] != ' ' && t[n] != '\r' && t[n] != '\n' && t[n] != '\0')
        n++;
    char *target = nb_fz_strndup(t, n);
    /* What the server admits before routing (src/http/admit.c, nb_admit). */
    const char *why = NULL;
    int admitted = nb_target_check(t, n, &why) == 0;
    char *qmark = strchr(target, '?');
    if (qmark)
        *qmark = '\0';
    /* The server sees the decoded path as a C string, in an exact buffer. */
    MHD_http_unescape(target);
    char *path = nb_fz_strndup(target, strlen(target));
    if (admitted) { /* an admitted path decodes to UTF-8 without control characters */
        NB_FUZZ_CHECK(nb_fz_utf8(path), "admitted path '%s' is not UTF-8", path);
        for (const char *c = path; *c; c++)
            NB_FUZZ_CHECK((unsigned char)*c >= 0x20 && *c != 0x7F, "admitted path has 0x%02x",
                          (unsigned char)*c);
    } else {
        nb_resp bad;
        memset(&bad, 0, sizeof bad);
        nb_resp_problem(&bad, 400, "Ongeldig pad", "Het pad of de query is ongeldig: %s.", why);
        NB_FUZZ_CHECK(bad.is_problem && bad.json != NULL, "400 for a refused target has no body");
        nb_fz_resp_clear(&bad);
    }
    nb_fz_parse_query(qmark ? qmark + 1 : "", &q);

    char *scratch = malloc(strlen(path) + 1);
    const char *params[NB_MAX_PATH_PARAMS] = {0};
    int nparams = 0;
    if (scratch == NULL)
        abort();
    const nb_route *r = nb_fz_route(method, path, scratch, params, &nparams);
    if (r == NULL) { /* the answer the server makes (src/http/server.c, nb_dispatch) */
        nb_resp resp;
        memset(&resp, 0, sizeof resp);
        nb_resp_problem(&resp, 404, "Niet gevonden", "Er is geen resource op het pad %s.", path);
        nb_fz_check_problem(&resp, 404, path, admitted);
        nb_fz_resp_clear(&resp);
    }

    /* Encode what was decoded and decode again: the same request. */
    nb_fz_encode(&enc, path, 1);
    char *path2 = nb_buf_steal(&enc);
    if (path2 == NULL)
        path2 = nb_fz_strndup("", 0);
    MHD_http_unescape(path2);
    NB_FUZZ_CHECK(strcmp(path2, path) == 0, "decode(encode(%s)) = %s", path, path2);
    for (int i = 0; i < q.n; i++) {
        nb_fz_encode(&enc, q.names[i], 0);
        if (q.values[i]) {
            nb_buf_putc(&enc, '=');
            nb_fz_encode(&enc, q.values[i], 0);
        }
        nb_buf_putc(&enc, '&');
    }
    nb_fz_parse_query(nb_buf_cstr(&enc), &q2);
    int same = 1;
    for (int i = 0; i < q.n && i < q2.n; i++)
        same &= strcmp(q.names[i], q2.names[i]) == 0 &&
                ((q.values[i] == NULL && q2.values[i] == NULL) ||
                 (q.values[i] && q2.values[i] && strcmp(q.values[i], q2.values[i]) == 0));
    NB_FUZZ_CHECK(same && (q.n == q2.n || q.n == NB_FZ_MAX_ARGS),
                  "query changed by a round trip: %d vs %d args", q.n, q2.n);
    nb_buf_free(&enc);
    nb_fz_query_free(&q2);

    if (r != NULL) {
        char *scratch2 = malloc(strlen(path2) + 1);
        const char *params2[NB_MAX_PATH_PARAMS] = {0};
        int nparams2 = 0;
        if (scratch2 == NULL)
            abort();
        const nb_route *r2 = nb_fz_route(method, path2, scratch2, params2, &nparams2);
        NB_FUZZ_CHECK(r2 == r && nparams2 == nparams, "round trip found another route");
        for (int i = 0; i < nparams; i++)
            NB_FUZZ_CHECK(strcmp(params[i], params2[i]) == 0, "param %d: '%s' vs '%s'", i,
                          params[i], params2[i]);
        free(scratch2);

        nb_principal who = {.role = NB_ROLE_BEHEER, .label = "fuzz"};
        nb_req req = {
            .method = method,
            .path = path,
            .remote = "127.0.0.1",
            .nparams = nparams,
            .query = q.pairs,
            .who = &who,
            .base_url = "http://localhost:8080",
        };
        for (int i = 0; i < nparams; i++)
            req.params[i] = params[i];
        nb_fz_check_query(&req, r, &q, admitted);
    }
    free(path2);
    free(scratch);
    free(path);
    free(target);
    nb_fz_query_free(&q);
    return 0;
}
