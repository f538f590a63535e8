/*
 * store/migrate_store.c — copy a network between stores and prove the copy
 * (contract in store/migrate_store.h). The tables, their columns and the
 * foreign keys come from each database's catalog (sqlite_master and its
 * pragmas; information_schema and pg_constraint); the copy statements are
 * made at run time from those names only — validated as plain identifiers —
 * and every value is bound.
 */
#include "store/migrate_store.h"

#include "store/ledger_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_MIG_MAX_COLS 64
#define NB_MIG_NAME 64

/* A table as its catalog describes it. kind per column: 'i' integer,
 * 'd' floating point, 't' anything else (bound as text). */
typedef struct nb_mig_table {
    char name[NB_MIG_NAME];
    int ncols;
    char cols[NB_MIG_MAX_COLS][NB_MIG_NAME];
    char kind[NB_MIG_MAX_COLS];
    int has_id;
} nb_mig_table;

typedef struct nb_mig_schema {
    int n;
    nb_mig_table t[NB_MIGRATE_MAX_TABLES];
    /* dep[i * NB_MIGRATE_MAX_TABLES + j]: table i references table j */
    unsigned char dep[NB_MIGRATE_MAX_TABLES * NB_MIGRATE_MAX_TABLES];
} nb_mig_schema;

/* Only names made of [a-z0-9_] reach the SQL text. */
static int nb_mig_ident_ok(const char *s)
{
    if (s == NULL || s[0] == '\0' || strlen(s) >= NB_MIG_NAME)
        return 0;
    for (const char *c = s; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
            return 0;
    return 1;
}

/* The column kind of a declared (SQLite) or catalog (PostgreSQL) type. */
static char nb_mig_kind(const char *type)
{
    char up[64];
    size_t i = 0;
    for (; type && type[i] && i + 1 < sizeof up; i++)
        up[i] = (char)(type[i] >= 'a' && type[i] <= 'z' ? type[i] - 32 : type[i]);
    up[i] = '\0';
    if (strstr(up, "INT"))
        return 'i';
    if (strstr(up, "REAL") || strstr(up, "FLOA") || strstr(up, "DOUB"))
        return 'd';
    return 't';
}

static int nb_mig_find(const nb_mig_schema *sc, const char *name)
{
    for (int i = 0; i < sc->n; i++)
        if (strcmp(sc->t[i].name, name) == 0)
            return i;
    return -1;
}

/* Reads the tables and columns of st's schema into sc (the schema-version
 * table of the PostgreSQL driver and SQLite's own tables left out). */
static int nb_mig_load(nb_store *st, nb_mig_schema *sc, nb_err *err)
{
    static const char lite_cols[] =
        "SELECT m.name, p.name, p.type FROM sqlite_master m JOIN pragma_table_info(m.name) p "
        "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
        "ORDER BY m.name, p.cid";
    static const char pg_cols[] =
        "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
        "JOIN information_schema.tables t ON t.table_schema = c.table_schema "
        "AND t.table_name = c.table_name "
        "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
        "AND c.table_name <> 'noaber_schema' ORDER BY c.table_name, c.ordinal_position";
    static const char lite_fks[] =
        "SELECT m.name, f.\"table\" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f "
        "WHERE m.type = 'table'";
    static const char pg_fks[] =
        "SELECT cl.relname, rf.relname FROM pg_constraint c "
        "JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class rf ON rf.oid = c.confrelid "
        "JOIN pg_namespace n ON n.oid = c.connamespace "
        "WHERE c.contype = 'f' AND n.nspname = current_schema()";
    int pg = nb_store_dialect(st) == NB_DB_POSTGRESQL;
    int rc = 0, r;
    memset(sc, 0, sizeof *sc);
    nb_db_stmt *s = nb_store_stmt(st, pg ? pg_cols : lite_cols, err);
    if (s == NULL)
        return NB_EDB;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        const char *tn = nb_store_col_text(s, 0);
        const char *cn = nb_store_col_text(s, 1);
        if (!nb_mig_ident_ok(tn) || !nb_mig_ident_ok(cn)) {
            rc =
                nb_err_set(err, NB_EINVAL, "the table or column name '%s.%s' is not plain", tn, cn);
            break;
        }
        int i = nb_mig_find(sc, tn);
        if (i < 0) {
            if (sc->n == NB_MIGRATE_MAX_TABLES) {
                rc = nb_err_set(err, NB_EINVAL, "more than %d tables", NB_MIGRATE_MAX_TABLES);
                break;
            }
            i = sc->n++;
            snprintf(sc->t[i].name, NB_MIG_NAME, "%s", tn);
        }
        nb_mig_table *t = &sc->t[i];
        if (t->ncols == NB_MIG_MAX_COLS) {
            rc = nb_err_set(err, NB_EINVAL, "table %s has more than %d columns", tn,
                            NB_MIG_MAX_COLS);
            break;
        }
        snprintf(t->cols[t->ncols], NB_MIG_NAME, "%s", cn);
        t->kind[t->ncols] = nb_mig_kind(nb_store_col_text(s, 2));
        if (strcmp(cn, "id") == 0)
            t->has_id = 1;
        t->ncols++;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "reading the tables");
    nb_db_reset(s);
    if (rc != 0)
        return rc;
    if ((s = nb_store_stmt(st, pg ? pg_fks : lite_fks, err)) == NULL)
        return NB_EDB;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        int i = nb_mig_find(sc, nb_store_col_text(s, 0));
        int j = nb_mig_find(sc, nb_store_col_text(s, 1));
        if (i >= 0 && j >= 0 && i != j)
            sc->dep[i * NB_MIGRATE_MAX_TABLES + j] = 1;
    }
    if (r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "reading the foreign keys");
    nb_db_reset(s);
    return rc;
}

/* Parents before children: order[] gets indexes into sc (Kahn's method,
 * ties by catalog order). NB_EINVAL when the references go round. */
static int nb_mig_order(const nb_mig_schema *sc, int *order, nb_err *err)
{
    unsigned char done[NB_MIGRATE_MAX_TABLES] = {0};
    for (int k = 0; k < sc->n; k++) {
        int pick = -1;
        for (int i = 0; i < sc->n && pick < 0; i++) {
            if (done[i])
                continue;
            int ready = 1;
            for (int j = 0; j < sc->n && ready; j++)
                if (sc->dep[i * NB_MIGRATE_MAX_TABLES + j] && !done[j])
                    ready = 0;
            if (ready)
                pick = i;
        }
        if (pick < 0)
            return nb_err_set(err, NB_EINVAL,
                              "the tables reference each other in a circle; no copy order");
        done[pick] = 1;
        order[k] = pick;
    }
    return 0;
}

/* count(*) of table (a checked identifier); -1 on error (err set). */
static int64_t nb_mig_count(nb_store *st, const char *table, nb_err *err)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    nb_db_stmt *s = nb_store_stmt_text(st, sql, err);
    if (s == NULL)
        return -1;
    int64_t n = -1;
    if (nb_store_step(st, s) == NB_DB_ROW)
        n = nb_db_col_int(s, 0);
    else
        NB_IGNORE(nb_store_fail(st, err, table), "the -1 tells the caller; err has the reason");
    nb_db_reset(s);
    return n;
}

/* Appends "a, b, c" (quoted column names) of t to sql. */
static void nb_mig_cols(char *sql, size_t cap, const nb_mig_table *t, int params)
{
    size_t len = strlen(sql);
    for (int c = 0; c < t->ncols && len < cap; c++) {
        int n = params ? snprintf(sql + len, cap - len, "%s$%d", c ? ", " : "", c + 1)
                       : snprintf(sql + len, cap - len, "%s\"%s\"", c ? ", " : "", t->cols[c]);
        if (n < 0)
            return;
        len += (size_t)n;
    }
}

/* Copies every row of table ts (source) into td (the same table in the
 * target, whose column kinds decide how each value is bound); *rows counts. */
static int nb_mig_copy_table(nb_store *src, nb_store *dst, const nb_mig_table *ts,
                             const nb_mig_table *td, int64_t *rows, nb_err *err)
{
    char sel[NB_MIG_MAX_COLS * (NB_MIG_NAME + 4) + 200] = "SELECT ";
    char ins[NB_MIG_MAX_COLS * (NB_MIG_NAME + 10) + 200];
    char kind[NB_MIG_MAX_COLS] = {0};
    if (td->ncols != ts->ncols)
        return nb_err_set(err, NB_ECONFLICT,
                          "table %s has %d columns in the source, %d in the target", ts->name,
                          ts->ncols, td->ncols);
    /* The source's columns, each looked up in the target. */
    for (int c = 0; c < ts->ncols; c++) {
        int k = -1;
        for (int j = 0; j < td->ncols && k < 0; j++)
            if (strcmp(td->cols[j], ts->cols[c]) == 0)
                k = j;
        if (k < 0)
            return nb_err_set(err, NB_ECONFLICT, "the target has no column %s.%s", ts->name,
                              ts->cols[c]);
        kind[c] = td->kind[k];
    }
    nb_mig_cols(sel, sizeof sel, ts, 0);
    size_t len = strlen(sel);
    snprintf(sel + len, sizeof sel - len, " FROM %s%s", ts->name, ts->has_id ? " ORDER BY id" : "");
    snprintf(ins, sizeof ins, "INSERT INTO %s (", ts->name);
    nb_mig_cols(ins, sizeof ins, ts, 0);
    len = strlen(ins);
    snprintf(ins + len, sizeof ins - len, ") VALUES (");
    nb_mig_cols(ins, sizeof ins, ts, 1);
    len = strlen(ins);
    snprintf(ins + len, sizeof ins - len, ")");

    nb_db_stmt *r = nb_store_stmt_text(src, sel, err);
    if (r == NULL)
        return NB_EDB;
    nb_db_stream(r); /* a table of millions of rows, in bounded memory */
    nb_db_stmt *w = nb_store_stmt_text(dst, ins, err);
    if (w == NULL) {
        nb_db_reset(r);
        return NB_EDB;
    }
    int rc = 0, step;
    while ((step = nb_store_step(src, r)) == NB_DB_ROW) {
        for (int c = 0; c < ts->ncols; c++) {
            if (nb_db_col_null(r, c))
                nb_store_bind_null(dst, w, c + 1);
            else if (kind[c] == 'i')
                nb_store_bind_int(dst, w, c + 1, nb_db_col_int(r, c));
            else if (kind[c] == 'd')
                nb_store_bind_double(dst, w, c + 1, nb_db_col_double(r, c));
            else
                nb_store_bind_text(dst, w, c + 1, nb_db_col_raw(r, c, NULL));
        }
        /* Nothing is read back from an insert: on PostgreSQL the rows go
         * to the server several at a time, one round trip for up to a
         * queue's worth (store.h nb_store_exec_later). */
        if ((rc = nb_store_exec_later(dst, w, err)) != 0)
            break;
        (*rows)++;
    }
    if (rc == 0 && step != NB_DB_DONE)
        rc = nb_store_fail(src, err, ts->name);
    nb_db_reset(r);
    /* The target's count sends the rows still queued, so that a row the
     * target refuses is reported for its own table. */
    if (rc == 0 && nb_mig_count(dst, ts->name, err) < 0)
        rc = NB_EDB;
    if (rc != 0)
        rc = nb_err_set(err, rc, "copying %s: %s", ts->name, err->msg);
    return rc;
}

/* Compares the four balances of every ledger account in src and dst. */
static int nb_mig_balances(nb_store *src, nb_store *dst, nb_migrate_report *rep, nb_err *err)
{
    static const char sql[] = "SELECT id, debits_posted, credits_posted, debits_pending, "
                              "credits_pending FROM ledger_accounts ORDER BY id";
    nb_db_stmt *a = nb_store_stmt(src, sql, err);
    if (a == NULL)
        return NB_EDB;
    nb_db_stmt *b = nb_store_stmt(dst, sql, err);
    if (b == NULL) {
        nb_db_reset(a);
        return NB_EDB;
    }
    int rc = 0, ra, rb;
    for (;;) {
        ra = nb_store_step(src, a);
        rb = nb_store_step(dst, b);
        if (ra != NB_DB_ROW || rb != NB_DB_ROW)
            break;
        rep->accounts_compared++;
        int same = 1;
        for (int c = 0; c < 5; c++)
            if (nb_db_col_int(a, c) != nb_db_col_int(b, c))
                same = 0;
        if (!same) {
            if (rep->account_differences++ == 0)
                snprintf(rep->first_difference, sizeof rep->first_difference,
                         "ledger account %lld: balances differ between source and target",
                         (long long)nb_db_col_int(a, 0));
        }
    }
    if (ra == NB_DB_ERROR)
        rc = nb_store_fail(src, err, "ledger accounts");
    else if (rb == NB_DB_ERROR)
        rc = nb_store_fail(dst, err, "ledger accounts");
    else if (ra != rb && rep->first_difference[0] == '\0')
        snprintf(rep->first_difference, sizeof rep->first_difference,
                 "the source and the target hold a different number of ledger accounts");
    nb_db_reset(a);
    nb_db_reset(b);
    return rc;
}

/* Moves every identity sequence of dst (PostgreSQL) past its table's ids. */
static int nb_mig_sequences(nb_store *dst, const nb_mig_schema *sd, nb_migrate_report *rep,
                            nb_err *err)
{
    for (int i = 0; i < sd->n; i++) {
        if (!sd->t[i].has_id)
            continue;
        char sql[300];
        snprintf(sql, sizeof sql,
                 "SELECT setval(pg_get_serial_sequence('%s', 'id'), max(id)) FROM %s "
                 "HAVING max(id) IS NOT NULL",
                 sd->t[i].name, sd->t[i].name);
        nb_db_stmt *s = nb_store_stmt_text(dst, sql, err);
        if (s == NULL)
            return NB_EDB;
        int r;
        while ((r = nb_store_step(dst, s)) == NB_DB_ROW)
            if (!nb_db_col_null(s, 0))
                rep->sequences_set++;
        nb_db_reset(s);
        if (r != NB_DB_DONE)
            return nb_store_fail(dst, err, "setting the identity sequences");
    }
    return 0;
}

int nb_store_migrate(nb_store *src, nb_store *dst, nb_migrate_report *rep, nb_err *err)
{
    nb_mig_schema *ss = calloc(1, sizeof *ss);
    nb_mig_schema *sd = calloc(1, sizeof *sd);
    int order[NB_MIGRATE_MAX_TABLES];
    int src_tx = 0, dst_tx = 0;
    int rc = 0;
    memset(rep, 0, sizeof *rep);
    if (ss == NULL || sd == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
        goto cleanup;
    }
    rep->schema = nb_store_schema_version(src);
    if (rep->schema != nb_store_schema_version(dst)) {
        rc = nb_err_set(err, NB_ECONFLICT,
                        "the source has schema version %d, the target %d; open both with "
                        "this noaber first",
                        rep->schema, nb_store_schema_version(dst));
        goto cleanup;
    }
    if ((rc = nb_store_begin_read(src, err)) != 0)
        goto cleanup;
    src_tx = 1;
    if ((rc = nb_store_begin(dst, err)) != 0)
        goto cleanup;
    dst_tx = 1;
    if ((rc = nb_mig_load(src, ss, err)) != 0 || (rc = nb_mig_load(dst, sd, err)) != 0 ||
        (rc = nb_mig_order(sd, order, err)) != 0)
        goto cleanup;
    if (ss->n != sd->n) {
        rc = nb_err_set(err, NB_ECONFLICT, "the source has %d tables, the target %d", ss->n, sd->n);
        goto cleanup;
    }
    /* The target must be empty: a network is never merged into another. */
    for (int i = 0; i < sd->n; i++) {
        int64_t n = nb_mig_count(dst, sd->t[i].name, err);
        if (n < 0) {
            rc = NB_EDB;
            goto cleanup;
        }
        if (n > 0) {
            rc = nb_err_set(err, NB_ECONFLICT,
                            "the target already holds data (table %s has %lld rows); "
                            "migrate-store only fills an empty database",
                            sd->t[i].name, (long long)n);
            goto cleanup;
        }
    }
    for (int k = 0; k < sd->n; k++) {
        const nb_mig_table *td = &sd->t[order[k]];
        int si = nb_mig_find(ss, td->name);
        if (si < 0) {
            rc = nb_err_set(err, NB_ECONFLICT, "the source has no table %s", td->name);
            goto cleanup;
        }
        nb_migrate_table *out = &rep->tables[rep->ntables++];
        snprintf(out->name, sizeof out->name, "%s", td->name);
        if ((rc = nb_mig_copy_table(src, dst, &ss->t[si], td, &rep->rows, err)) != 0)
            goto cleanup;
    }
    if (nb_store_dialect(dst) == NB_DB_POSTGRESQL &&
        (rc = nb_mig_sequences(dst, sd, rep, err)) != 0)
        goto cleanup;
    /* The proof: counts, balances, the control check on both sides. */
    for (int k = 0; k < rep->ntables; k++) {
        nb_migrate_table *t = &rep->tables[k];
        if ((t->source_rows = nb_mig_count(src, t->name, err)) < 0 ||
            (t->target_rows = nb_mig_count(dst, t->name, err)) < 0) {
            rc = NB_EDB;
            goto cleanup;
        }
        if (t->source_rows != t->target_rows && rep->first_difference[0] == '\0')
            snprintf(rep->first_difference, sizeof rep->first_difference,
                     "table %s: %lld rows in the source, %lld in the target", t->name,
                     (long long)t->source_rows, (long long)t->target_rows);
    }
    if ((rc = nb_mig_balances(src, dst, rep, err)) != 0)
        goto cleanup;
    int cs = nb_ledger_store_check(src, &rep->source_check, err);
    if (cs != 0 && cs != NB_ECONFLICT) {
        rc = cs;
        goto cleanup;
    }
    int ct = nb_ledger_store_check(dst, &rep->target_check, err);
    if (ct != 0 && ct != NB_ECONFLICT) {
        rc = ct;
        goto cleanup;
    }
    const nb_ledger_report *a = &rep->source_check, *b = &rep->target_check;
    if (rep->first_difference[0] == '\0' && !b->ok)
        snprintf(rep->first_difference, sizeof rep->first_difference,
                 "the target fails the ledger control check: %s", b->first_problem);
    if (rep->first_difference[0] == '\0' &&
        (a->ok != b->ok || a->posted_sum != b->posted_sum || a->pending_sum != b->pending_sum ||
         a->accounts_checked != b->accounts_checked ||
         a->transfers_checked != b->transfers_checked))
        snprintf(rep->first_difference, sizeof rep->first_difference,
                 "the ledger control checks of source and target differ");
    if (rep->first_difference[0] != '\0') {
        rc = nb_err_set(err, NB_ECONFLICT, "%s; nothing was written", rep->first_difference);
        goto cleanup;
    }
    dst_tx = 0;
    if ((rc = nb_store_commit(dst, err)) != 0)
        goto cleanup;
cleanup:
    if (dst_tx)
        nb_store_rollback(dst);
    if (src_tx)
        nb_store_rollback(src);
    free(ss);
    free(sd);
    return rc;
}
