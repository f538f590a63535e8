/*
 * tests/api/test_busy.c — a database that stays busy reaches the client as
 * 503 problem+json with Retry-After, never as a 500 or a hang (issue 7, C.3):
 * a second connection holds the store's write lock while a write request
 * comes in — on SQLite BEGIN IMMEDIATE on the server's file (the server's
 * busy timeout runs out), on PostgreSQL the network's write lock, the
 * advisory lock every write transaction takes (its lock_timeout runs out).
 * Reads go on meanwhile (WAL; a REPEATABLE READ snapshot).
 */
#include "api/web_session.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static nb_t_server srv;
static char *beheer;

static int setup(void **state)
{
    (void)state;
    return nb_t_start_beheer(&srv, &beheer);
}

static int teardown(void **state)
{
    (void)state;
    return nb_t_stop_beheer(&srv, &beheer);
}

static void test_write_lock_held_gives_503(void **state)
{
    (void)state;
    nb_t_resp r;
    const char *org = "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\"}";
    struct nb_db *db = nb_t_sql_hold_write(&srv);

    /* A read is served from its snapshot. */
    memset(&r, 0, sizeof r);
    assert_int_equal(nb_t_req(&srv, "GET", "/api/v1/organisaties", beheer, NULL, &r), 0);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);

    /* A write waits out the busy timeout, then gets 503 with Retry-After. */
    memset(&r, 0, sizeof r);
    assert_int_equal(nb_t_req(&srv, "POST", "/api/v1/organisaties", beheer, org, &r), 0);
    nb_t_assert_status(&r, 503);
    assert_non_null(nb_t_header(&r, "Retry-After"));
    assert_string_equal(json_string_value(json_object_get(r.json, "type")),
                        "https://noaber.nl/problemen/bezet");
    assert_null(strstr(r.body, "sqlite"));
    assert_null(strstr(r.body, "lock"));    /* PostgreSQL's "canceling statement due to */
    assert_null(strstr(r.body, "timeout")); /* lock timeout" stays in the server's log */
    nb_t_resp_free(&r);

    /* The lock released, the same request goes through. */
    nb_t_sql_release(db);
    memset(&r, 0, sizeof r);
    assert_int_equal(nb_t_req(&srv, "POST", "/api/v1/organisaties", beheer, org, &r), 0);
    nb_t_assert_status(&r, 201);
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_lock_held_gives_503),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
