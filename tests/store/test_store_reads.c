/*
 * tests/store/test_store_reads.c — what the store's readers make of the
 * SQLite driver: SQLite's memory count off, the value checks of migration 018 without IN lists and the
 * ledger view without a temporary index (EXPLAIN), stored dates that cannot
 * be read, the team loader's matching of allocations to lines on many of
 * both, the token list that moved here from the CLI (issue 7, C.5), the
 * token memo and the count memo following writes, the members of a regional
 * charge (appr30: their own query). The driver's own cases are
 * in test_store.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store_fixture.h"

#include "store/db_sqlite.h"
#include "store/hours_ledger.h"
#include "store/ledger_store_impl.h"
#include "store/organisations.h"
#include "store/store.h"
#include "store/team_loader.h"
#include "store/tokens.h"
#include "util/buf.h"

#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Number of rows of EXPLAIN sql whose opcode is op; -1 when sql does not prepare. */
static int explain_count(sqlite3 *db, const char *sql, const char *op)
{
    char text[600];
    snprintf(text, sizeof text, "EXPLAIN %s", sql);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, text, -1, &s, NULL) != SQLITE_OK)
        return -1;
    int n = 0;
    while (sqlite3_step(s) == SQLITE_ROW)
        n += strcmp((const char *)sqlite3_column_text(s, 1), op) == 0;
    sqlite3_finalize(s);
    return n;
}

/* SQLite does not count its memory in a process that links the store
 * (db_sqlite.c, nb_lite_process_setup; docs/performance.md "Stop 27"): with
 * the count on, every sqlite3_malloc and sqlite3_free took a global mutex,
 * and an open connection that ran a statement would show here as memory in
 * use. */
static void test_sqlite_memory_not_counted(void **state)
{
    fixture *f = *state;
    sqlite3 *db = nb_db_sqlite_handle(nb_store_db(f->st));
    assert_non_null(db);
    assert_int_equal(sqlite3_exec(db, "SELECT count(*) FROM settings", NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_memory_used(), 0);
    assert_int_equal(sqlite3_memory_highwater(0), 0);
}

/* Migration 018: the value checks of the tables an approval writes hold no IN
 * list (which SQLite evaluated with a temporary index on every write), refuse
 * exactly the values they refused and accept the others; the writes compile
 * without a temporary index (docs/performance.md, "One approval, counted"). */
static void test_checks_without_in_lists(void **state)
{
    fixture *f = *state;
    sqlite3 *db = nb_db_sqlite_handle(nb_store_db(f->st));
    assert_non_null(db);
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT count(*), sum(instr(sql, ' IN (') > 0) FROM "
                                        "sqlite_schema WHERE type = 'table' AND name IN "
                                        "('ledger_transfers', 'allocations', "
                                        "'allocation_reservations', 'time_entries', "
                                        "'time_entry_transfers')",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 5);
    assert_int_equal(sqlite3_column_int(s, 1), 0);
    sqlite3_finalize(s);
    /* Each column with every allowed value and one more: a refused value fails
     * its CHECK; an allowed one gets past it (and fails the foreign key or a
     * NOT NULL instead, as nothing else is filled in). */
    static const struct {
        const char *head, *tail; /* the SQL before and after the value */
        const char *values[6];
    } cols[] = {
        {"INSERT INTO ledger_transfers (tid, debit_account_id, credit_account_id, amount, kind, "
         "ts) VALUES ('t', 1, 2, 5, '",
         "', 0)",
         {"werk", "storting", "kredietlijn", "correctie", "terugboeking", NULL}},
        {"INSERT INTO ledger_transfers (tid, debit_account_id, credit_account_id, amount, kind, "
         "ts, pending_state) VALUES ('t', 1, 2, 5, 'werk', 0, '",
         "')",
         {"geen", "open", "geboekt", "vrijgegeven", NULL}},
        {"INSERT INTO allocations (person_id, assignment_id, line_id, minutes, status, "
         "created_at, updated_at) VALUES (1, 1, 1, 60, '",
         "', 'x', 'x')",
         {"concept", "bevestigd", "beeindigd", NULL}},
        {"INSERT INTO allocation_reservations (allocation_id, organisation_id, seq, "
         "transfer_id, minutes, state, created_at) VALUES (1, 1, 1, 't', 5, '",
         "', 'x')",
         {"open", "geboekt", "vrijgegeven", NULL}},
        {"INSERT INTO time_entries (person_id, assignment_id, allocation_id, work_date, "
         "minutes, status, created_at, updated_at) VALUES (1, 1, 1, '2026-01-05', 60, '",
         "', 'x', 'x')",
         {"ingediend", "goedgekeurd", "afgekeurd", NULL}},
        {"INSERT INTO time_entry_transfers (time_entry_id, organisation_id, transfer_id, role, "
         "minutes) VALUES (1, 1, 't', '",
         "', 5)",
         {"boeking", "herreservering", "extra", NULL}},
    };
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
        char sql[600];
        for (size_t v = 0; v < 6; v++) {
            const char *value = cols[c].values[v] ? cols[c].values[v] : "anders";
            snprintf(sql, sizeof sql, "%s%s%s", cols[c].head, value, cols[c].tail);
            char *msg = NULL;
            int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
            int check = msg != NULL && strstr(msg, "CHECK constraint failed") != NULL;
            if (cols[c].values[v] == NULL ? !check : (check || rc == SQLITE_OK))
                fail_msg("%s: %s", sql, msg ? msg : "accepted");
            sqlite3_free(msg);
            if (cols[c].values[v] == NULL)
                break;
        }
        assert_int_equal(explain_count(db, sql, "OpenEphemeral"), 0);
    }
}

/* How often op occurs in the program (or, with plan, in the query plan's
 * details) SQLite compiles sql to; -1 when it does not compile. */
static int explain_any(sqlite3 *db, const char *sql, int plan, const char *op)
{
    nb_buf text = NB_BUF_INIT;
    nb_buf_printf(&text, "EXPLAIN %s%s", plan ? "QUERY PLAN " : "", sql);
    sqlite3_stmt *s = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(db, nb_buf_cstr(&text), -1, &s, NULL) == SQLITE_OK) {
        n = 0;
        while (sqlite3_step(s) == SQLITE_ROW) {
            const char *v = (const char *)sqlite3_column_text(s, plan ? 3 : 1);
            n += plan ? strstr(v, op) != NULL : strcmp(v, op) == 0;
        }
    }
    sqlite3_finalize(s);
    nb_buf_free(&text);
    return n;
}

/* The ledger batch view's reads (every approval runs them) use the tables'
 * indexes only: no temporary index of the values (OpenEphemeral), which the
 * IN-list spellings they replaced compiled to; the transfers by their unique
 * tid, the accounts by primary key, the array scanned once. */
static void test_ledger_view_without_temporary_index(void **state)
{
    fixture *f = *state;
    sqlite3 *db = nb_db_sqlite_handle(nb_store_db(f->st));
    assert_non_null(db);
    const char *entries = nb_ledger_store_view_sql(0), *accts = nb_ledger_store_view_sql(1);
    assert_int_equal(explain_any(db, entries, 0, "OpenEphemeral"), 0);
    assert_int_equal(explain_any(db, accts, 0, "OpenEphemeral"), 0);
    assert_int_equal(explain_any(db, entries, 1, "USING INDEX sqlite_autoindex_ledger_transfers"),
                     8);
    assert_int_equal(explain_any(db, entries, 1, "SCAN"), 0);
    assert_int_equal(explain_any(db, accts, 1, "SEARCH ledger_accounts USING INTEGER PRIMARY KEY"),
                     1);
    assert_int_equal(explain_any(db, accts, 1, "SCAN ledger_accounts"), 0);
    /* what they replaced did build one (so this test can see it) */
    assert_true(explain_any(db,
                            "SELECT id FROM ledger_transfers WHERE tid IN ($1, $2, $3, $4, $5, "
                            "$6, $7, $8)",
                            0, "OpenEphemeral") > 0);
    assert_true(explain_any(db,
                            "SELECT id FROM ledger_accounts WHERE id IN (SELECT value FROM "
                            "json_each($1))",
                            0, "OpenEphemeral") > 0);
}

/* A date the store cannot read is a broken database (NB_EDB), not "no exit
 * date": the team loader used to ignore nb_date_parse and plan a person
 * with exit date 'kapot' as if they stayed (found by NB_MUST_USE). */
static void test_team_loader_refuses_bad_date(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    assert_int_equal(
        nb_store_exec(
            f->st,
            "INSERT INTO organisations (id, code, kind, name, created_at, updated_at) "
            "VALUES (1, 'GM0001', 'gemeente', 'A', 'x', 'x');"
            "INSERT INTO people (organisation_id, name, email, scale, contract_minutes_week, "
            "network_minutes_week, exit_date, created_at, updated_at) "
            "VALUES (1, 'P', 'p@a.nl', 8, 2160, 480, 'kapot', 'x', 'x')",
            &err),
        0);
    nb_team_config cfg;
    nb_team_config_default(&cfg);
    nb_team_load l;
    memset(&l, 0, sizeof l);
    assert_int_equal(nb_team_load_input(f->st, NULL, 0, &cfg, &l, &err), NB_EDB);
    nb_team_load_free(&l);
    /* A valid date loads. */
    assert_int_equal(nb_store_exec(f->st, "UPDATE people SET exit_date = '2030-01-01'", &err), 0);
    memset(&l, 0, sizeof l);
    assert_int_equal(nb_team_load_input(f->st, NULL, 0, &cfg, &l, &err), 0);
    assert_int_equal(l.in.npeople, 1);
    nb_team_load_free(&l);
}

/* xorshift for the loader case below (fixed seed: the same case every run) */
static uint64_t tl_rng = 88172645463325252ULL;
static int64_t tl_rand(int64_t lo, int64_t hi)
{
    tl_rng ^= tl_rng << 13;
    tl_rng ^= tl_rng >> 7;
    tl_rng ^= tl_rng << 17;
    return lo + (int64_t)(tl_rng % (uint64_t)(hi - lo + 1));
}

/*
 * The loader's matching of allocations to lines (issue 12 §6: "the loader's
 * linear matching of allocations to lines must go"; it finds each line by a
 * binary search over the lines sorted by id since e6cf7ad) on a case with
 * many lines and allocations: 400 assignments (300 geaccepteerd, the others
 * bemenst or afgerond) of 1 to 6 lines each, line ids in an order unrelated
 * to the assignments', and 6,000 allocations on random lines, also of
 * assignments outside the work, in every status. Every line of the work
 * keeps its minutes less the open allocations' minutes and the ended ones'
 * posted minutes (what the plain reading of the rule gives, computed here),
 * fully staffed lines are left out, and the lines come in assignment order,
 * then position.
 */
static void test_team_loader_lines_and_allocations(void **state)
{
    fixture *f = *state;
    enum { NA = 400, MAXL = 6, NALLOC = 6000 };
    static int64_t line_min[NA * MAXL + 1], line_asg[NA * MAXL + 1], got[NA * MAXL + 1];
    static int64_t asg_lines[NA + 1][MAXL];
    static int asg_status[NA + 1], asg_nlines[NA + 1];
    static const char *const statuses[] = {"geaccepteerd", "bemenst", "afgerond"};
    nb_err err = {{0}};
    nb_buf sql = NB_BUF_INIT;
    nb_buf_printf(&sql, "BEGIN;"
                        "INSERT INTO organisations (id, code, kind, name, created_at, updated_at) "
                        "VALUES (1, 'GM0001', 'gemeente', 'A', 'x', 'x');"
                        "INSERT INTO competencies (id, code, name, domain, created_at, updated_at) "
                        "VALUES (1, 'C1', 'Jeugdzorg', 'sociaal', 'x', 'x');"
                        "INSERT INTO people (id, organisation_id, name, email, scale, "
                        "contract_minutes_week, network_minutes_week, created_at, updated_at) "
                        "VALUES (1, 1, 'P', 'p@a.nl', 8, 2160, 480, 'x', 'x');");
    /* line ids: a permutation of 1..NA*MAXL handed out in assignment order */
    size_t nids = NA * MAXL;
    int64_t *perm = malloc(nids * sizeof *perm);
    assert_non_null(perm);
    for (size_t i = 0; i < nids; i++)
        perm[i] = (int64_t)i + 1;
    for (size_t i = nids - 1; i > 0; i--) {
        size_t j = (size_t)tl_rand(0, (int64_t)i);
        int64_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    size_t next = 0, nlines = 0;
    for (int a = 1; a <= NA; a++) {
        asg_status[a] = a % 4 == 0 ? (a % 8 == 0 ? 2 : 1) : 0;
        nb_buf_printf(&sql,
                      "INSERT INTO assignments (id, title, kind, work_type, status, priority, "
                      "start_date, end_date, sponsor, client_person_id, created_at, updated_at) "
                      "VALUES (%d, 'O%d', 'lokaal', 'regulier', '%s', 3, '2026-01-01', "
                      "'2026-12-31', 'S', 1, 'x', 'x');"
                      "INSERT INTO assignment_requesters (assignment_id, organisation_id, share) "
                      "VALUES (%d, 1, 1);",
                      a, a, statuses[asg_status[a]], a);
        asg_nlines[a] = (int)tl_rand(1, MAXL);
        for (int k = 0; k < asg_nlines[a]; k++) {
            int64_t id = perm[next++], minutes = tl_rand(60, 6000);
            line_min[id] = minutes;
            line_asg[id] = a;
            asg_lines[a][k] = id;
            nlines++;
            nb_buf_printf(&sql,
                          "INSERT INTO assignment_lines (id, assignment_id, position, "
                          "competency_id, min_level, minutes) VALUES (%lld, %d, %d, 1, 2, %lld);",
                          (long long)id, a, k + 1, (long long)minutes);
        }
    }
    /* allocations on random lines that exist (ids of lines not handed out are skipped) */
    for (int i = 0; i < NALLOC; i++) {
        int64_t id = tl_rand(1, (int64_t)nids);
        if (line_asg[id] == 0)
            continue;
        int st = (int)tl_rand(0, 2);
        int64_t minutes = tl_rand(1, 900), posted = st == 0 ? 0 : tl_rand(0, minutes);
        static const char *const ast[] = {"concept", "bevestigd", "beeindigd"};
        got[id] += st == 2 ? posted : minutes;
        nb_buf_printf(&sql,
                      "INSERT INTO allocations (assignment_id, line_id, person_id, minutes, "
                      "status, minutes_posted, created_at, updated_at) "
                      "VALUES (%lld, %lld, 1, %lld, '%s', %lld, 'x', 'x');",
                      (long long)line_asg[id], (long long)id, (long long)minutes, ast[st],
                      (long long)posted);
    }
    nb_buf_printf(&sql, "COMMIT");
    assert_int_equal(nb_store_exec(f->st, sql.data, &err), 0);
    nb_buf_free(&sql);
    free(perm);
    assert_true(nlines > NA * 3);

    nb_team_config cfg;
    nb_team_config_default(&cfg);
    nb_team_load l;
    memset(&l, 0, sizeof l);
    assert_int_equal(nb_team_load_input(f->st, NULL, 0, &cfg, &l, &err), 0);
    size_t j = 0, left_out = 0;
    for (int a = 1; a <= NA; a++) {
        if (asg_status[a] != 0)
            continue; /* the work stock: geaccepteerd */
        for (int k = 0; k < asg_nlines[a]; k++) {
            int64_t id = asg_lines[a][k], want = line_min[id] - got[id];
            if (want <= 0) {
                left_out++;
                continue;
            }
            assert_true(j < l.in.nlines);
            assert_int_equal(l.in.lines[j].id, id);
            assert_int_equal(l.in.lines[j].assignment_id, a);
            assert_int_equal(l.in.lines[j].minutes, want);
            j++;
        }
    }
    assert_int_equal(j, l.in.nlines);
    assert_true(left_out > 10); /* the case has fully staffed lines too */
    assert_true(l.in.nlines > 500);
    nb_team_load_free(&l);
}

static int count_token(void *ctx, const nb_token_row *row)
{
    nb_token_row *seen = ctx;
    seen[row->token.id < 4 ? row->token.id : 0] = *row;
    return 0;
}

/* Tokens are listed by the store (the CLI holds no SQL), without hashes,
 * with their revocation (issue 7, C.5). */
static void test_token_list(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    char plain[NB_TOKEN_LEN + 1];
    int64_t id1 = 0, id2 = 0;
    assert_true(sodium_init() >= 0);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_token_create(f->st, "beheer", 0, 0, "een", plain, &id1, &err), 0);
    assert_int_equal(nb_token_create(f->st, "beheer", 0, 0, "twee", plain, &id2, &err), 0);
    assert_int_equal(nb_token_revoke(f->st, id1, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    nb_token_row seen[4];
    memset(seen, 0, sizeof seen);
    assert_int_equal(nb_token_list(f->st, count_token, seen, &err), 0);
    assert_int_equal(seen[id1].token.id, id1);
    assert_string_equal(seen[id1].token.label, "een");
    assert_true(seen[id1].token.revoked && seen[id1].revoked_at[0] != '\0');
    assert_string_equal(seen[id2].token.role, "beheer");
    assert_false(seen[id2].token.revoked);
    assert_true(seen[id2].created_at[0] != '\0');
}

/* An authorizer that refuses to read table ctx (a text); everything else runs. */
static int deny_table(void *ctx, int action, const char *a, const char *b, const char *c,
                      const char *d)
{
    (void)b;
    (void)c;
    (void)d;
    return action == SQLITE_READ && a != NULL && strcmp(a, (const char *)ctx) == 0 ? SQLITE_DENY
                                                                                   : SQLITE_OK;
}

/* Issue 14: a live token is memoised per connection (the second lookup does
 * not read the table: with reads of tokens refused it still succeeds), and a
 * revocation committed on another connection — `noaber token revoke` in
 * another process — is honoured by the very next lookup. */
static void test_token_memo_honours_revocation(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    char plain[NB_TOKEN_LEN + 1];
    int64_t id = 0;
    nb_token tok;
    assert_true(sodium_init() >= 0);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_token_create(f->st, "beheer", 0, 0, "memo", plain, &id, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(nb_token_lookup(f->st, plain, &tok, &err), 0);
    assert_int_equal(tok.id, id);
    sqlite3 *db = nb_store_sqlite(f->st);
    assert_int_equal(sqlite3_set_authorizer(db, deny_table, (void *)"tokens"), SQLITE_OK);
    memset(&tok, 0, sizeof tok);
    assert_int_equal(nb_token_lookup(f->st, plain, &tok, &err), 0); /* from the memo */
    assert_int_equal(tok.id, id);
    assert_string_equal(tok.label, "memo");
    assert_int_equal(sqlite3_set_authorizer(db, NULL, NULL), SQLITE_OK);
    /* revoked through another connection to the same file */
    nb_store *other = NULL;
    assert_int_equal(nb_store_open(f->path, 0, &other, &err), 0);
    assert_int_equal(nb_store_begin(other, &err), 0);
    assert_int_equal(nb_token_revoke(other, id, &err), 0);
    assert_int_equal(nb_store_commit(other, &err), 0);
    nb_store_close(other);
    assert_int_equal(nb_token_lookup(f->st, plain, &tok, &err), NB_ENOTFOUND);
    assert_non_null(strstr(err.msg, "revoked"));
}

static int memo_row(void *ctx, nb_db_stmt *row)
{
    (void)row;
    (*(int *)ctx)++;
    return 0;
}

static void memo_bind(nb_store *st, nb_db_stmt *s, const void *filter)
{
    nb_store_bind_int(st, s, 1, *(const int64_t *)filter);
}

/* The total of a page in a read transaction, with the filter x >= min. */
static int64_t memo_total(nb_store *st, int64_t min)
{
    static const char count_sql[] = "SELECT count(*) FROM memo_t WHERE x >= $1";
    static const char list_sql[] = "SELECT $1 LIMIT $2 OFFSET $3";
    nb_err err = {{0}};
    int64_t total = -1;
    int rows = 0;
    assert_int_equal(nb_store_begin_read(st, &err), 0);
    assert_int_equal(nb_store_page(st, count_sql, list_sql, memo_bind, &min, 2, 0, 10, memo_row,
                                   &rows, &total, "memo", &err),
                     0);
    assert_int_equal(nb_store_commit(st, &err), 0);
    return total;
}

/* Issue 14: a list's total is memoised per connection by its statement and
 * values (not counted again: with reads of the table refused it still comes),
 * and any write — another connection's commit, a change on this one — counts
 * again; what a write transaction saw before it rolled back is never kept. */
static void test_count_memo_follows_writes(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    assert_int_equal(nb_store_exec(f->st,
                                   "CREATE TABLE memo_t (x INTEGER); "
                                   "INSERT INTO memo_t VALUES (1), (2), (3)",
                                   &err),
                     0);
    assert_int_equal(memo_total(f->st, 0), 3);
    assert_int_equal(memo_total(f->st, 2), 2); /* other values: their own entry */
    sqlite3 *db = nb_store_sqlite(f->st);
    assert_int_equal(sqlite3_set_authorizer(db, deny_table, (void *)"memo_t"), SQLITE_OK);
    assert_int_equal(memo_total(f->st, 0), 3); /* from the memo */
    assert_int_equal(memo_total(f->st, 2), 2);
    assert_int_equal(sqlite3_set_authorizer(db, NULL, NULL), SQLITE_OK);
    /* another connection commits */
    nb_store *other = NULL;
    assert_int_equal(nb_store_open(f->path, 0, &other, &err), 0);
    assert_int_equal(nb_store_exec(other, "INSERT INTO memo_t VALUES (4)", &err), 0);
    nb_store_close(other);
    assert_int_equal(memo_total(f->st, 0), 4);
    /* this connection writes */
    assert_int_equal(nb_store_exec(f->st, "INSERT INTO memo_t VALUES (5)", &err), 0);
    assert_int_equal(memo_total(f->st, 0), 5);
    /* a write transaction that counts and rolls back leaves nothing behind */
    static const char count_sql[] = "SELECT count(*) FROM memo_t WHERE x >= $1";
    static const char list_sql[] = "SELECT $1 LIMIT $2 OFFSET $3";
    int64_t min = 0, total = -1;
    int rows = 0;
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_store_exec(f->st, "INSERT INTO memo_t VALUES (6)", &err), 0);
    assert_int_equal(nb_store_page(f->st, count_sql, list_sql, memo_bind, &min, 2, 0, 10, memo_row,
                                   &rows, &total, "memo", &err),
                     0);
    assert_int_equal(total, 6);
    nb_store_rollback(f->st);
    assert_int_equal(memo_total(f->st, 0), 5);
}

/* The members of a regional charge (nb_hours_ledger_members, its own query
 * since appr30): every gemeente and nothing else, lowest id first, with the
 * figures the key reads; the network's key from its setting. */
static void test_regional_members(void **state)
{
    fixture *f = *state;
    nb_err err;
    static const char *const kinds[] = {"gemeente", "pool", "gemeente", "partner", "gemeente"};
    int64_t ids[5];
    for (int i = 0; i < 5; i++) {
        nb_org o;
        memset(&o, 0, sizeof o);
        snprintf(o.code, sizeof o.code, "M%d", i);
        snprintf(o.kind, sizeof o.kind, "%s", kinds[i]);
        snprintf(o.name, sizeof o.name, "Organisatie %d", i);
        o.inhabitants = 1000 + i;
        o.area_hundredths = 200 + i;
        o.fte_hundredths = 300 + i;
        o.caseload = 40 + i;
        o.fund_euros = 5000 + i;
        o.fixed_share = 6 + i;
        assert_int_equal(nb_org_insert(f->st, &o, &err), 0);
        ids[i] = o.id;
    }
    nb_key_member *m = calloc(NB_HOURS_MAX_PARTS, sizeof *m);
    assert_non_null(m);
    size_t n = 99;
    nb_key_kind key = NB_KEY_CASELOAD;
    assert_int_equal(nb_hours_ledger_members(f->st, m, &n, &key, &err), 0);
    assert_int_equal(key, NB_KEY_INWONERS); /* no setting: the default */
    assert_int_equal(n, 3);
    static const int gemeenten[] = {0, 2, 4};
    for (size_t k = 0; k < n; k++) {
        int i = gemeenten[k];
        assert_int_equal(m[k].org_id, ids[i]);
        assert_int_equal(m[k].inwoners, 1000 + i);
        assert_int_equal(m[k].oppervlakte_hundredths, 200 + i);
        assert_int_equal(m[k].formatie_hundredths, 300 + i);
        assert_int_equal(m[k].caseload, 40 + i);
        assert_int_equal(m[k].gemeentefonds_euros, 5000 + i);
        assert_int_equal(m[k].vast_aandeel, 6 + i);
    }
    assert_true(ids[0] < ids[2] && ids[2] < ids[4]);
    assert_int_equal(nb_store_setting_set(f->st, "verdeelsleutel", "caseload", &err), 0);
    assert_int_equal(nb_hours_ledger_members(f->st, m, &n, &key, &err), 0);
    assert_int_equal(key, NB_KEY_CASELOAD);
    assert_int_equal(n, 3);
    assert_int_equal(nb_store_setting_set(f->st, "verdeelsleutel", "geen-sleutel", &err), 0);
    assert_int_equal(nb_hours_ledger_members(f->st, m, &n, &key, &err), NB_EINVAL);
    assert_int_equal(n, 0);
    free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_checks_without_in_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sqlite_memory_not_counted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ledger_view_without_temporary_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_token_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_team_loader_refuses_bad_date, setup, teardown),
        cmocka_unit_test_setup_teardown(test_team_loader_lines_and_allocations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_token_memo_honours_revocation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_count_memo_follows_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_regional_members, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
