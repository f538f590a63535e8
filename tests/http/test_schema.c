/*
 * tests/http/test_schema.c — unit tests of the request-body validator, the
 * problem builder and route matching, without a server.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "http/http.h"
#include "http/route.h"
#include "http/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const colours[] = {"rood", "groen", NULL};
static const nb_field line_fields[] = {
    {"niveau", NB_F_INT, 1, 0, 1, 5, NULL, NULL, NULL},
};
static const nb_schema line_schema = NB_SCHEMA("Regel", line_fields, NULL);
static const nb_field fields[] = {
    {"naam", NB_F_STRING, 1, 0, 1, 5, NULL, NULL, NULL},
    {"aantal", NB_F_INT, 0, 0, 0, 10, NULL, NULL, NULL},
    {"fte", NB_F_CENTI, 0, 0, 0, 10000, NULL, NULL, NULL},
    {"datum", NB_F_DATE, 0, 1, 0, 0, NULL, NULL, NULL},
    {"kleur", NB_F_ENUM, 0, 0, 0, 0, colours, NULL, NULL},
    {"mail", NB_F_EMAIL, 0, 0, 0, 100, NULL, NULL, NULL},
    {"actief", NB_F_BOOL, 0, 0, 0, 0, NULL, NULL, NULL},
    {"regels", NB_F_ARRAY, 0, 0, 0, 3, NULL, &line_schema, NULL},
    {"ids", NB_F_ARRAY, 0, 0, 0, 0, NULL, NULL, NULL},
};
static const nb_schema schema = NB_SCHEMA("Test", fields, NULL);

static int has(const nb_resp *r, const char *name)
{
    json_t *list = json_object_get(r->json, "invalidParams");
    size_t i;
    json_t *item;
    json_array_foreach (list, i, item)
        if (strcmp(json_string_value(json_object_get(item, "name")), name) == 0)
            return 1;
    return 0;
}

static int validate(const char *text, nb_resp *r)
{
    memset(r, 0, sizeof *r);
    json_t *j = json_loads(text, 0, NULL);
    assert_non_null(j);
    int n = nb_schema_validate(j, &schema, "", r);
    json_decref(j);
    return n;
}

static void test_valid(void **state)
{
    (void)state;
    nb_resp r;
    assert_int_equal(validate("{\"naam\":\"Anne\",\"aantal\":10,\"fte\":12.5,\"datum\":null,"
                              "\"kleur\":\"rood\",\"mail\":\"a@b.nl\",\"actief\":true,"
                              "\"regels\":[{\"niveau\":3}],\"ids\":[1,2]}",
                              &r),
                     0);
    assert_null(r.json);
    /* Multi-byte characters count as one. */
    assert_int_equal(validate("{\"naam\":\"Zoë\\u00eb\\u00eb\"}", &r), 0);
}

static void test_every_problem_named(void **state)
{
    (void)state;
    nb_resp r;
    int n = validate("{\"aantal\":11,\"fte\":1.005,\"datum\":\"2026-02-30\",\"kleur\":\"blauw\","
                     "\"mail\":\"geen-mail\",\"actief\":1,\"regels\":[{\"niveau\":9},{},"
                     "{\"x\":1}],\"ids\":[0,\"a\"],\"extra\":1}",
                     &r);
    const char *names[] = {"naam",
                           "aantal",
                           "fte",
                           "datum",
                           "kleur",
                           "mail",
                           "actief",
                           "regels[0].niveau",
                           "regels[1].niveau",
                           "regels[2].x",
                           "regels[2].niveau",
                           "ids[0]",
                           "ids[1]",
                           "extra"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!has(&r, names[i]))
            fail_msg("%s not named", names[i]);
    assert_int_equal(n, (int)(sizeof names / sizeof names[0]));
    assert_int_equal(r.status, 400);
    assert_true(r.is_problem);
    json_decref(r.json);
}

static void test_types(void **state)
{
    (void)state;
    nb_resp r;
    assert_int_equal(validate("{\"naam\":5}", &r), 1);
    json_decref(r.json);
    assert_int_equal(validate("{\"naam\":\"toolong\"}", &r), 1);
    json_decref(r.json);
    assert_int_equal(validate("{\"naam\":\"a\\u0001\"}", &r), 1); /* control character */
    json_decref(r.json);
    assert_int_equal(validate("{\"naam\":\"a\",\"aantal\":1.5}", &r), 1);
    json_decref(r.json);
    assert_int_equal(validate("{\"naam\":null}", &r), 1); /* required, not nullable */
    json_decref(r.json);
    assert_int_equal(validate("{\"naam\":\"a\",\"fte\":100.01}", &r), 1);
    json_decref(r.json);
    assert_int_equal(validate("{\"naam\":\"a\",\"fte\":100}", &r), 0);
}

static void test_problem_keeps_params(void **state)
{
    (void)state;
    nb_resp r;
    memset(&r, 0, sizeof r);
    nb_resp_invalid(&r, "a", "fout %d", 1);
    nb_resp_invalid(&r, "b", "fout %d", 2);
    nb_resp_problem(&r, 422, "Regel", "detail");
    assert_int_equal(r.status, 422);
    assert_true(has(&r, "a") && has(&r, "b"));
    json_decref(r.json);
}

static int dummy_handler(nb_req *req, nb_resp *resp)
{
    (void)req;
    (void)resp;
    return 0;
}

/* route.c matches against whatever table it is given (issue 7 C.5): a table of the test's own. */
static const nb_route table[] = {
    {"GET", "/api/v1/organisaties", dummy_handler, NB_ROLES_ALL, NULL, "T", "t", NULL, 200, NULL,
     NULL, NULL},
    {"GET", "/api/v1/organisaties/{id}", dummy_handler, NB_ROLES_ALL, NULL, "T", "t", NULL, 200,
     NULL, NULL, NULL},
    {"PUT", "/api/v1/organisaties/{id}", dummy_handler, NB_ROLE_BEHEER, NULL, "T", "t", NULL, 200,
     NULL, NULL, NULL},
};
#define NTABLE (sizeof table / sizeof table[0])

/* A list over its maximum is refused at the size check: its elements are not
 * validated one by one (issue 7, B.2). */
static void test_oversized_list_stops_at_size(void **state)
{
    (void)state;
    nb_resp r;
    nb_buf b = NB_BUF_INIT;
    nb_buf_printf(&b, "{\"naam\":\"a\",\"regels\":[1");
    for (int i = 1; i < 5000; i++)
        nb_buf_printf(&b, ",1");
    nb_buf_printf(&b, "]}");
    assert_int_equal(validate(nb_buf_cstr(&b), &r), 1);
    assert_true(has(&r, "regels"));
    assert_int_equal(json_array_size(json_object_get(r.json, "invalidParams")), 1);
    json_decref(r.json);
    nb_buf_free(&b);
}

/* However many problems a body holds, invalidParams lists at most 100 and
 * counts the rest, also after the problem is rebuilt (issue 7, B.2). */
static void test_invalid_params_capped(void **state)
{
    (void)state;
    nb_resp r;
    nb_buf b = NB_BUF_INIT;
    nb_buf_printf(&b, "{\"naam\":\"a\",\"ids\":[0");
    for (int i = 1; i < 1000; i++)
        nb_buf_printf(&b, ",0");
    nb_buf_printf(&b, "]}");
    assert_int_equal(validate(nb_buf_cstr(&b), &r), 1000);
    assert_int_equal(json_array_size(json_object_get(r.json, "invalidParams")),
                     NB_RESP_MAX_INVALID);
    assert_true(has(&r, "ids[0]") && has(&r, "ids[99]") && !has(&r, "ids[100]"));
    assert_int_equal(json_integer_value(json_object_get(r.json, NB_RESP_LEFT_OUT)), 900);
    nb_resp_problem(&r, 422, "Regel", "detail");
    assert_int_equal(json_array_size(json_object_get(r.json, "invalidParams")),
                     NB_RESP_MAX_INVALID);
    assert_int_equal(json_integer_value(json_object_get(r.json, "invalidParamsWeggelaten")), 900);
    json_decref(r.json);
    nb_buf_free(&b);
}

/* An unknown key longer than the path buffer, cut inside a UTF-8 character,
 * is still named (cut before that character), not silently dropped (issue 7,
 * fuzz finding 1). */
static void test_long_key_cut_in_utf8_is_named(void **state)
{
    (void)state;
    nb_resp r;
    nb_buf b = NB_BUF_INIT;
    nb_buf_puts(&b, "{\"naam\":\"a\",\"");
    for (int i = 0; i < 254; i++)
        nb_buf_putc(&b, 'a');
    nb_buf_puts(&b, "\xc3\xa9\":1}");
    assert_int_equal(validate(nb_buf_cstr(&b), &r), 1);
    const json_t *list = json_object_get(r.json, "invalidParams");
    assert_int_equal(json_array_size(list), 1);
    const char *name = json_string_value(json_object_get(json_array_get(list, 0), "name"));
    assert_non_null(name);
    assert_int_equal(strlen(name), 254);
    json_decref(r.json);
    nb_buf_free(&b);
}

/* Runs nb_resp_from_err with stderr captured; returns what was logged. */
static void from_err_logged(nb_resp *r, int code, const char *msg, char *log, size_t loglen)
{
    char path[] = "/tmp/nb_test_log_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    int saved = dup(2);
    fflush(stderr);
    dup2(fd, 2);
    nb_err err;
    snprintf(err.msg, sizeof err.msg, "%s", msg);
    memset(r, 0, sizeof *r);
    nb_resp_from_err(r, code, &err);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    ssize_t n = pread(fd, log, loglen - 1, 0);
    log[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(path);
}

/* A 500 logs its cause and tells the client nothing of it; a busy database
 * is a 503 with Retry-After (issue 7, C.3). */
static void test_internal_error_logged_not_sent(void **state)
{
    (void)state;
    nb_resp r;
    char log[2048];
    from_err_logged(&r, NB_EDB, "database: ledger: disk I/O error", log, sizeof log);
    assert_int_equal(r.status, 500);
    assert_non_null(strstr(log, "disk I/O error"));
    char *body = json_dumps(r.json, 0);
    assert_null(strstr(body, "disk"));
    free(body);
    json_decref(r.json);
    from_err_logged(&r, NB_EBUSY, "database is busy; try again", log, sizeof log);
    assert_int_equal(r.status, 503);
    assert_string_equal(r.extra_header[0], "Retry-After: 1");
    assert_non_null(strstr(log, "busy"));
    json_decref(r.json);
    /* A client's problem is not an error of the server: nothing logged. */
    from_err_logged(&r, NB_ENOTFOUND, "Organisatie 9 bestaat niet.", log, sizeof log);
    assert_int_equal(r.status, 404);
    assert_string_equal(log, "");
    json_decref(r.json);
}

static void test_route_find(void **state)
{
    (void)state;
    char scratch[256];
    const char *params[NB_MAX_PATH_PARAMS];
    int n = 0, known = 0;
    nb_buf allow = NB_BUF_INIT;
    const nb_route *r = nb_route_find(table, NTABLE, "GET", "/api/v1/organisaties/42", scratch,
                                      params, &n, &known, &allow);
    assert_ptr_equal(r, &table[1]);
    assert_non_null(r);
    assert_int_equal(n, 1);
    assert_string_equal(params[0], "42");
    assert_string_equal(r->pattern, "/api/v1/organisaties/{id}");
    nb_buf_reset(&allow);
    r = nb_route_find(table, NTABLE, "DELETE", "/api/v1/organisaties/42", scratch, params, &n,
                      &known, &allow);
    assert_null(r);
    assert_true(known);
    assert_non_null(strstr(nb_buf_cstr(&allow), "PUT"));
    nb_buf_reset(&allow);
    r = nb_route_find(table, NTABLE, "GET", "/api/v1/organisaties/", scratch, params, &n, &known,
                      &allow);
    assert_null(r);
    assert_false(known);
    r = nb_route_find(table, NTABLE, "GET", "/api/v1/organisaties//x", scratch, params, &n, &known,
                      &allow);
    assert_null(r);
    r = nb_route_find(table, NTABLE, "HEAD", "/api/v1/organisaties", scratch, params, &n, &known,
                      &allow);
    assert_ptr_equal(r, &table[0]);
    /* an empty table knows no path */
    r = nb_route_find(table, 0, "GET", "/api/v1/organisaties", scratch, params, &n, &known, NULL);
    assert_null(r);
    assert_false(known);
    nb_buf_free(&allow);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_every_problem_named),
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_problem_keeps_params),
        cmocka_unit_test(test_oversized_list_stops_at_size),
        cmocka_unit_test(test_invalid_params_capped),
        cmocka_unit_test(test_long_key_cut_in_utf8_is_named),
        cmocka_unit_test(test_internal_error_logged_not_sent),
        cmocka_unit_test(test_route_find),
    };
    return cmocka_run_group_tests_name("http-schema", tests, NULL, NULL);
}
