/*
 * tests/api/test_pg_role.c — the application role of deploy/postgresql-roles.sql
 * (issue 12 §1): on PostgreSQL the server runs as a role that owns nothing;
 * the ledger works through the API as that role, the server's connections
 * are that role's, and as that role a direct DELETE, UPDATE of a posted
 * transfer's amount or TRUNCATE of the append-only tables (ledger transfers,
 * audit log, time entries and their transfers, settlements) is refused by
 * the privileges themselves ("permission denied"), before any trigger; the
 * columns it may change are still guarded by the triggers, which is all that
 * stops the owner.
 *
 * Suite 'pg' only: it needs NOABER_TEST_PG (a cluster from scripts/pg_tmp.sh)
 * and fails without it. NOABER_TEST_PG_ROLE names the role (default
 * noaber_app); the harness grants it on each fresh database.
 */
#include "harness.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static nb_t_server srv;
static char *beheer;
static char owner[400]; /* the connection string of the cluster's owner */
static const char *role;

/* Runs sql with psql on conn; its output (stderr too) into out. Returns psql's exit status. */
static int psql(const char *conn, const char *sql, char *out, size_t outlen)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "psql -X -q -A -t -v ON_ERROR_STOP=1 '%s' -c \"%s\" 2>&1", conn, sql);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    size_t len = fread(out, 1, outlen - 1, f);
    out[len] = '\0';
    int st = pclose(f);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static int setup(void **state)
{
    (void)state;
    const char *pg = getenv("NOABER_TEST_PG");
    if (pg == NULL || *pg == '\0') {
        fprintf(stderr, "test_pg_role: needs NOABER_TEST_PG (scripts/pg_tmp.sh; see "
                        "docs/DEVELOPING.md)\n");
        return -1;
    }
    role = getenv("NOABER_TEST_PG_ROLE");
    if (role == NULL || *role == '\0') {
        role = "noaber_app";
        setenv("NOABER_TEST_PG_ROLE", role, 1);
    }
    if (nb_t_server_start(&srv) != 0)
        return -1;
    /* s->db is "<cluster> dbname=tN user=ROLE": the owner's is the same without the role */
    snprintf(owner, sizeof owner, "%s", srv.db);
    char *u = strstr(owner, " user=");
    for (char *next = u; next != NULL; next = strstr(next + 1, " user="))
        u = next;
    if (u == NULL || strcmp(u + 6, role) != 0)
        return -1;
    *u = '\0';
    beheer = nb_t_token(&srv, "beheer", 0, 0);
    return beheer ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(beheer);
    return nb_t_server_stop(&srv);
}

/* The ledger through the API as the role: organisations, a transfer, a
 * reservation posted, a reversal, the control check. */
static void test_ledger_works_as_the_role(void **state)
{
    (void)state;
    long long a = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                              "{\"code\":\"GM0001\",\"soort\":\"gemeente\",\"naam\":\"Aadorp\","
                              "\"inwoners\":10000,\"kredietlijnMinuten\":6000}");
    long long b = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                              "{\"code\":\"GM0002\",\"soort\":\"gemeente\",\"naam\":\"Beedorp\","
                              "\"inwoners\":20000,\"kredietlijnMinuten\":6000}");
    nb_t_resp r;
    char body[512];
    snprintf(body, sizeof body,
             "{\"boekingen\":[{\"id\":\"r-1\",\"soort\":\"werk\",\"minuten\":90,"
             "\"debetOrganisatieId\":%lld,\"creditOrganisatieId\":%lld},"
             "{\"id\":\"r-2\",\"soort\":\"reserveren\",\"minuten\":60,"
             "\"debetOrganisatieId\":%lld,\"creditOrganisatieId\":%lld}]}",
             a, b, b, a);
    assert_int_equal(nb_t_req(&srv, "POST", "/api/v1/boekingen", beheer, body, &r), 0);
    nb_t_assert_status(&r, 201);
    nb_t_resp_free(&r);
    assert_int_equal(nb_t_req(&srv, "POST", "/api/v1/boekingen", beheer,
                              "{\"boekingen\":[{\"id\":\"r-3\",\"soort\":\"boeken\","
                              "\"reserveringId\":\"r-2\",\"minuten\":45},"
                              "{\"id\":\"r-4\",\"soort\":\"terugboeking\","
                              "\"terugboekingVan\":\"r-1\"}]}",
                              &r),
                     0);
    nb_t_assert_status(&r, 201);
    nb_t_resp_free(&r);
    assert_int_equal(nb_t_req(&srv, "GET", "/api/v1/grootboek/controle", beheer, NULL, &r), 0);
    nb_t_assert_status(&r, 200);
    assert_true(json_is_true(json_object_get(r.json, "ok")));
    nb_t_resp_free(&r);

    /* the server's connections are the role's, not the owner's */
    char out[4096];
    assert_int_equal(psql(owner,
                          "SELECT string_agg(DISTINCT usename::text, ',') FROM pg_stat_activity "
                          "WHERE datname = current_database() AND pid <> pg_backend_pid()",
                          out, sizeof out),
                     0);
    out[strcspn(out, "\n")] = '\0';
    assert_string_equal(out, role);
    /* and it owns nothing */
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
             "WHERE r.rolname = '%s'",
             role);
    assert_int_equal(psql(owner, sql, out, sizeof out), 0);
    assert_int_equal(atoi(out), 0);
}

/* As the role, a statement is refused by the privileges: psql fails with
 * "permission denied for table <table>" (not a trigger's message). */
static void refused(const char *sql, const char *table)
{
    char out[4096], want[128];
    snprintf(want, sizeof want, "permission denied for table %s", table);
    int st = psql(srv.db, sql, out, sizeof out);
    if (st == 0 || strstr(out, want) == NULL)
        fail_msg("as %s, '%s' was not refused by the privileges: exit %d, '%s'", role, sql, st,
                 out);
}

/* The transfers the control check went through (it must be ok). */
static long long transfers_checked(void)
{
    nb_t_resp r;
    assert_int_equal(nb_t_req(&srv, "GET", "/api/v1/grootboek/controle", beheer, NULL, &r), 0);
    nb_t_assert_status(&r, 200);
    assert_true(json_is_true(json_object_get(r.json, "ok")));
    long long n = (long long)json_integer_value(json_object_get(r.json, "boekingenGecontroleerd"));
    nb_t_resp_free(&r);
    return n;
}

static void test_append_only_refused_by_privileges(void **state)
{
    (void)state;
    long long before = transfers_checked();
    assert_true(before >= 4);
    refused("DELETE FROM ledger_transfers", "ledger_transfers");
    refused("DELETE FROM ledger_transfers WHERE tid = 'r-1'", "ledger_transfers");
    refused("UPDATE ledger_transfers SET amount = amount + 1 WHERE tid = 'r-1'",
            "ledger_transfers");
    refused("UPDATE ledger_transfers SET debit_account_id = credit_account_id, credit_account_id "
            "= debit_account_id",
            "ledger_transfers");
    refused("TRUNCATE ledger_transfers", "ledger_transfers");
    refused("DELETE FROM ledger_accounts", "ledger_accounts");
    /* the month totals (migrations 017, 019): the ledger's write path adds to them
     * (INSERT, UPDATE of the sums), nothing deletes them or changes their keys */
    refused("DELETE FROM ledger_account_months", "ledger_account_months");
    refused("UPDATE ledger_account_months SET month = month + 1", "ledger_account_months");
    refused("UPDATE ledger_account_months SET account_id = account_id", "ledger_account_months");
    refused("TRUNCATE ledger_account_months", "ledger_account_months");
    refused("DELETE FROM audit_log", "audit_log");
    refused("UPDATE audit_log SET actor = 'niemand'", "audit_log");
    refused("TRUNCATE audit_log", "audit_log");
    refused("DELETE FROM time_entries", "time_entries");
    refused("UPDATE time_entries SET minutes = 1", "time_entries");
    refused("DELETE FROM time_entry_transfers", "time_entry_transfers");
    refused("UPDATE time_entry_transfers SET minutes = 1", "time_entry_transfers");
    refused("DELETE FROM allocation_reservations", "allocation_reservations");
    refused("DELETE FROM settlements", "settlements");
    refused("UPDATE settlement_lines SET amount_cents = 1", "settlement_lines");
    refused("DELETE FROM periods", "periods");
    refused("DELETE FROM noaber_schema", "noaber_schema");
    refused("INSERT INTO noaber_schema (version) VALUES (999)", "noaber_schema");

    /* the role creates nothing */
    char out[4096];
    assert_int_not_equal(psql(srv.db, "CREATE TABLE spy (a int)", out, sizeof out), 0);
    assert_non_null(strstr(out, "permission denied for schema public"));

    /* a column it may change is still guarded by the trigger: a posted
     * reservation's resolution cannot be rewritten */
    assert_int_not_equal(psql(srv.db,
                              "UPDATE ledger_transfers SET resolved_by = 'x' WHERE tid = 'r-2'",
                              out, sizeof out),
                         0);
    assert_null(strstr(out, "permission denied"));

    /* the owner gets past the privileges; only the triggers stop it there */
    assert_int_not_equal(
        psql(owner, "DELETE FROM ledger_transfers WHERE tid = 'r-1'", out, sizeof out), 0);
    assert_null(strstr(out, "permission denied"));

    /* nothing changed */
    assert_int_equal(transfers_checked(), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ledger_works_as_the_role),
        cmocka_unit_test(test_append_only_refused_by_privileges),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
