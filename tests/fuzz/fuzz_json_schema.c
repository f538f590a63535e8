/*
 * tests/fuzz/fuzz_json_schema.c — fuzzes a request body the way the server
 * takes it: strict JSON parsing with duplicate keys refused, then the body
 * schema of a route from the route table (src/api/routes.c).
 *
 * Input: byte 0 picks the route (modulo the number of routes with a body),
 * the rest is the body. Properties checked, beyond "no crash":
 *  - a body jansson accepts survives a dump and strict reload unchanged;
 *  - nb_schema_validate accepts exactly what an independent reading of the
 *    schema (the oracle below) accepts: no unknown field, every required
 *    field, every type, range, length, enum, date and array rule;
 *  - a rejection is a 400 problem that serialises and names at least one
 *    field (exactly one invalid param per problem found, up to 100);
 *  - on an accepted body the typed getters handlers use (nb_body_int,
 *    nb_body_centi) return values inside the declared ranges.
 */
#include "fuzz.h"

#include "api/api.h"
#include "util/date.h"

#include <math.h>
#include <string.h>

/*
 * Fuzz finding 1 (issue 7), fixed: a key longer than the 256-byte path buffer
 * of nb_schema_validate was cut inside a UTF-8 character and nb_resp_invalid
 * dropped the problem (json_pack refused the broken text), so a 400 could
 * carry "invalidParams": []. Regression input:
 * tests/fuzz/json_schema/regress-long-unknown-key.
 */

/* The routes that take a body, in table order. */
static size_t nb_fz_body_routes(const nb_route **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < nb_routes_count && n < max; i++)
        if (nb_routes[i].body != NULL)
            out[n++] = &nb_routes[i];
    return n;
}

/* UTF-8 code points of s; -1 when s holds a control character other than
 * newline and tab. jansson has already checked that s is valid UTF-8. */
static int64_t nb_fz_chars(const char *s)
{
    int64_t n = 0;
    size_t i = 0, len = strlen(s);
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && c != '\n' && c != '\t')
            return -1;
        size_t w = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        i += w;
        n++;
    }
    return n;
}

/* A date "YYYY-MM-DD" between 1900-01-01 and 2999-12-31 that exists. */
static int nb_fz_date_ok(const char *s)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return 0;
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

/* local@domain.tld: one @, something before it, a dot after it with text on
 * both sides, no spaces or control characters. */
static int nb_fz_email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    if (at == NULL || at == s || strchr(at + 1, '@'))
        return 0;
    const char *dot = strrchr(at + 1, '.');
    if (dot == NULL || dot == at + 1 || dot[1] == '\0')
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ')
            return 0;
    return 1;
}

/* A number with at most two decimals, as hundredths; 0 when it is not one. */
static int nb_fz_centi(const json_t *v, int64_t *out)
{
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        if (i > INT64_MAX / 100 || i < INT64_MIN / 100)
            return 0;
        *out = (int64_t)i * 100;
        return 1;
    }
    double d = json_real_value(v) * 100.0;
    if (!isfinite(d) || fabs(d) > 9e15)
        return 0;
    double r = nearbyint(d);
    if (fabs(d - r) > 1e-6)
        return 0;
    *out = (int64_t)r;
    return 1;
}

static int nb_fz_oracle(const json_t *obj, const nb_schema *s);

/* The oracle for one present value of field f. */
static int nb_fz_value_ok(const json_t *v, const nb_field *f)
{
    int64_t n;
    if (json_is_null(v))
        return f->nullable && !f->required;
    switch (f->type) {
    case NB_F_STRING:
    case NB_F_EMAIL:
        if (!json_is_string(v))
            return 0;
        n = nb_fz_chars(json_string_value(v));
        if (n < 0 || n < f->min || (f->max > 0 && n > f->max))
            return 0;
        return f->type == NB_F_STRING || nb_fz_email_ok(json_string_value(v));
    case NB_F_INT:
        return json_is_integer(v) && json_integer_value(v) >= f->min &&
               json_integer_value(v) <= f->max;
    case NB_F_CENTI:
        return json_is_number(v) && nb_fz_centi(v, &n) && n >= f->min && n <= f->max;
    case NB_F_DATE:
        return json_is_string(v) && nb_fz_date_ok(json_string_value(v));
    case NB_F_BOOL:
        return json_is_boolean(v);
    case NB_F_ENUM:
        if (!json_is_string(v))
            return 0;
        for (const char *const *e = f->values; *e; e++)
            if (strcmp(*e, json_string_value(v)) == 0)
                return 1;
        return 0;
    case NB_F_ARRAY: {
        size_t i;
        const json_t *item;
        if (!json_is_array(v))
            return 0;
        n = (int64_t)json_array_size(v);
        if (n < f->min || (f->max > 0 && n > f->max))
            return 0;
        json_array_foreach (v, i, item) {
            if (f->items ? !nb_fz_oracle(item, f->items)
                         : !(json_is_integer(item) && json_integer_value(item) >= 1))
                return 0;
        }
        return 1;
    }
    /* The response-only types (never in a request schema; kept exact anyway). */
    case NB_F_DATETIME:
    case NB_F_TEXTID:
        return json_is_string(v);
    case NB_F_OBJECT:
        return f->items ? nb_fz_oracle(v, f->items) : json_is_object(v);
    case NB_F_LINKS:
        return json_is_object(v);
    case NB_F_NUMBER:
        return json_is_number(v);
    case NB_F_TEXTS: {
        size_t i;
        const json_t *item;
        if (!json_is_array(v))
            return 0;
        json_array_foreach (v, i, item)
            if (!json_is_string(item))
                return 0;
        return 1;
    }
    case NB_F_ANY:
        return 1;
    }
    return 0;
}

/* 1 when obj is an object that satisfies every rule of schema s. */
static int nb_fz_oracle(const json_t *obj, const nb_schema *s)
{
    const char *key;
    const json_t *v;
    if (!json_is_object(obj))
        return 0;
    json_object_foreach ((json_t *)obj, key, v) {
        size_t i = 0;
        while (i < s->nfields && strcmp(s->fields[i].name, key) != 0)
            i++;
        if (i == s->nfields)
            return 0;
        if (!nb_fz_value_ok(v, &s->fields[i]))
            return 0;
    }
    for (size_t i = 0; i < s->nfields; i++)
        if (s->fields[i].required && json_object_get(obj, s->fields[i].name) == NULL)
            return 0;
    return 1;
}

/* On an accepted object: the getters handlers use stay inside the ranges. */
static void nb_fz_getters(const json_t *obj, const nb_schema *s)
{
    for (size_t i = 0; i < s->nfields; i++) {
        const nb_field *f = &s->fields[i];
        const json_t *v = json_object_get(obj, f->name);
        if (v == NULL || json_is_null(v))
            continue;
        if (f->type == NB_F_INT) {
            int64_t x = nb_body_int(obj, f->name, INT64_MIN);
            NB_FUZZ_CHECK(x >= f->min && x <= f->max, "%s.%s = %lld outside %lld..%lld", s->name,
                          f->name, (long long)x, (long long)f->min, (long long)f->max);
        } else if (f->type == NB_F_CENTI) {
            int64_t x = nb_body_centi(obj, f->name, INT64_MIN);
            NB_FUZZ_CHECK(x >= f->min && x <= f->max, "%s.%s = %lld/100 outside %lld..%lld",
                          s->name, f->name, (long long)x, (long long)f->min, (long long)f->max);
        } else if (f->type == NB_F_STRING || f->type == NB_F_EMAIL || f->type == NB_F_DATE ||
                   f->type == NB_F_ENUM) {
            NB_FUZZ_CHECK(nb_body_str(obj, f->name, NULL) != NULL, "%s.%s: no string", s->name,
                          f->name);
        } else if (f->type == NB_F_ARRAY && f->items) {
            size_t k;
            const json_t *item;
            json_array_foreach (v, k, item)
                nb_fz_getters(item, f->items);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const nb_route *routes[256];
    size_t nroutes = nb_fz_body_routes(routes, sizeof routes / sizeof routes[0]);
    json_error_t jerr;
    nb_resp resp;
    if (size < 1 || nroutes == 0)
        return 0;
    const nb_route *route = routes[data[0] % nroutes];
    const nb_schema *schema = route->body;

    /* As the server parses: json_loadb over the exact bytes, duplicates refused. */
    json_t *body = json_loadb((const char *)data + 1, size - 1, JSON_REJECT_DUPLICATES, &jerr);
    if (body == NULL)
        return 0;

    /* Round trip: what jansson accepted, it writes back and reads identically. */
    char *text = json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
    NB_FUZZ_CHECK(text != NULL, "json_dumps failed on a parsed body");
    json_t *again = json_loads(text, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
    NB_FUZZ_CHECK(again != NULL && json_equal(body, again), "round trip changed %s", text);
    json_decref(again);
    free(text);

    memset(&resp, 0, sizeof resp);
    int bad = nb_schema_validate(body, schema, "", &resp);
    int want = nb_fz_oracle(body, schema);
    NB_FUZZ_CHECK((bad == 0) == want, "%s %s: validator found %d problems, oracle %s",
                  route->method, route->pattern, bad, want ? "accepts" : "rejects");
    NB_FUZZ_CHECK(bad >= 0, "negative problem count %d", bad);
    if (bad == 0) {
        NB_FUZZ_CHECK(resp.json == NULL && resp.status == 0, "accepted body left a response");
        nb_fz_getters(body, schema);
    } else {
        NB_FUZZ_CHECK(resp.status == 400 && resp.is_problem && resp.json != NULL,
                      "rejection is not a 400 problem (status %d)", resp.status);
        const json_t *list = json_object_get(resp.json, "invalidParams");
        size_t n = json_array_size(list);
        NB_FUZZ_CHECK(bad > NB_RESP_MAX_INVALID ? n == NB_RESP_MAX_INVALID : n == (size_t)bad,
                      "%d problems but %zu invalidParams", bad, n);
        NB_FUZZ_CHECK(n >= 1, "400 without invalidParams (%d problems)", bad);
        size_t i;
        const json_t *p;
        json_array_foreach (list, i, p) {
            NB_FUZZ_CHECK(json_is_string(json_object_get(p, "name")) &&
                              json_is_string(json_object_get(p, "reason")),
                          "invalidParams[%zu] lacks name or reason", i);
        }
        char *out =
            json_dumps(resp.json, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(15));
        NB_FUZZ_CHECK(out != NULL, "problem does not serialise");
        free(out);
    }
    json_decref(resp.json);
    nb_buf_free(&resp.raw);
    json_decref(body);
    return 0;
}
