/*
 * store/ledger_store.c — SQL for the hours ledger (migration 002): names,
 * accounts, entries, applying a batch and the credit-line reconciliation. The
 * read views are in ledger_views.c (overviews, list), ledger_statement.c and
 * ledger_control.c (the control check). See
 * ledger_store.h and docs/ledger.md.
 *
 * nb_ledger_store_apply builds a small in-memory view per batch: exactly the
 * accounts the batch (and the transfers it references) names and exactly the
 * stored transfers whose ids occur in the batch. Both are sorted arrays that
 * do not move during nb_ledger_apply, so the pointers the core gets stay
 * stable. After apply, changed accounts and entry states are written back
 * and new entries inserted; an organisation whose credit line changed gets
 * its registry row updated too, so the two never disagree. The month totals
 * (ledger_account_months) of the inserted transfers are added last: one
 * upsert per account and month the batch touched (migration 019 dropped the
 * trigger that did this per transfer; the upserts are in ledger_months.c).
 */
#include "store/ledger_store.h"
#include "store/ledger_store_impl.h"

#include "util/date.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------------ */
/* Names                                                                     */
/* ------------------------------------------------------------------------ */

static const char *const kind_names[] = {
    [NB_KIND_NONE] = "",
    [NB_KIND_WORK] = "werk",
    [NB_KIND_DEPOSIT] = "storting",
    [NB_KIND_CREDIT_LINE] = "kredietlijn",
    [NB_KIND_ADJUSTMENT] = "correctie",
    [NB_KIND_REVERSAL] = "terugboeking",
};

const char *nb_ledger_kind_name(nb_transfer_kind kind)
{
    if ((int)kind < 0 || (size_t)kind >= sizeof kind_names / sizeof kind_names[0])
        return "";
    return kind_names[kind];
}

const char *nb_ledger_phase_name(const nb_transfer *t)
{
    if (t->flags & NB_TRANSFER_PENDING)
        return "reservering";
    if (t->flags & NB_TRANSFER_POST_PENDING)
        return "boeking-van-reservering";
    if (t->flags & NB_TRANSFER_VOID_PENDING)
        return "vrijgave";
    return "boeking";
}

nb_transfer_kind nb_ledger_kind_parse(const char *name)
{
    if (name == NULL || name[0] == '\0')
        return NB_KIND_NONE;
    for (size_t i = 1; i < sizeof kind_names / sizeof kind_names[0]; i++)
        if (strcmp(kind_names[i], name) == 0)
            return (nb_transfer_kind)i;
    return NB_KIND_NONE;
}

static const char *state_name(nb_pending_state s)
{
    switch (s) {
    case NB_PENDING_OPEN:
        return "open";
    case NB_PENDING_POSTED:
        return "geboekt";
    case NB_PENDING_VOIDED:
        return "vrijgegeven";
    case NB_PENDING_NONE:
        break;
    }
    return "geen";
}

static nb_pending_state state_parse(const char *s)
{
    if (strcmp(s, "open") == 0)
        return NB_PENDING_OPEN;
    if (strcmp(s, "geboekt") == 0)
        return NB_PENDING_POSTED;
    if (strcmp(s, "vrijgegeven") == 0)
        return NB_PENDING_VOIDED;
    return NB_PENDING_NONE;
}

int nb_ledger_store_hour_rate(nb_store *st, int64_t *cents, nb_err *err)
{
    char buf[32];
    int rc = nb_store_setting_get(st, NB_SETTING_HOUR_RATE, buf, sizeof buf, err);
    if (rc != 0)
        return rc == NB_ENOTFOUND ? nb_err_set(err, NB_ENOTFOUND,
                                               "Het uurtarief van het netwerk is niet ingesteld.")
                                  : rc;
    char *end = NULL;
    long long v = strtoll(buf, &end, 10);
    if (end == buf || *end != '\0' || v <= 0)
        return nb_err_set(err, NB_EDB, "setting %s holds '%s', not a positive integer",
                          NB_SETTING_HOUR_RATE, buf);
    *cents = v;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Accounts                                                                  */
/* ------------------------------------------------------------------------ */

void nb_ledger_store_acct_row(nb_db_stmt *s, nb_account *a, int64_t *org)
{
    memset(a, 0, sizeof *a);
    a->id = nb_db_col_int(s, 0);
    a->debits_pending = nb_db_col_int(s, 1);
    a->debits_posted = nb_db_col_int(s, 2);
    a->credits_pending = nb_db_col_int(s, 3);
    a->credits_posted = nb_db_col_int(s, 4);
    a->credit_line_minutes = nb_db_col_int(s, 5);
    a->flags = (uint32_t)nb_db_col_int(s, 6);
    if (org)
        *org = nb_db_col_int(s, 7);
}

static int acct_load(nb_store *st, int64_t id, nb_account *out, int64_t *org, nb_err *err)
{
    static const char sql[] = "SELECT " NB_ACCT_COLUMNS " FROM ledger_accounts WHERE id = $1";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    int r = nb_store_step(st, s);
    int rc = 0;
    if (r == NB_DB_ROW)
        nb_ledger_store_acct_row(s, out, org);
    else if (r == NB_DB_DONE)
        rc = nb_err_set(err, NB_ENOTFOUND, "Grootboekrekening %" PRId64 " bestaat niet.", id);
    else
        rc = nb_store_fail(st, err, "ledger account");
    nb_db_reset(s);
    return rc;
}

int nb_ledger_store_account(nb_store *st, int64_t account_id, nb_account *out, nb_err *err)
{
    return acct_load(st, account_id, out, NULL, err);
}

int nb_ledger_store_account_org(nb_store *st, int64_t account_id, int64_t *org_id, nb_err *err)
{
    nb_account a;
    return acct_load(st, account_id, &a, org_id, err);
}

int nb_ledger_store_single_id(nb_store *st, const char *sql, int64_t param, int64_t *out,
                              nb_err *err)
{
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    if (param != 0)
        nb_store_bind_int(st, s, 1, param);
    int r = nb_store_step(st, s);
    int rc = 0;
    if (r == NB_DB_ROW)
        *out = nb_db_col_int(s, 0);
    else if (r == NB_DB_DONE)
        rc = NB_ENOTFOUND;
    else
        rc = nb_store_fail(st, err, "ledger");
    nb_db_reset(s);
    return rc;
}

int nb_ledger_store_fund_account(nb_store *st, int64_t *account_id, nb_err *err)
{
    static const char find[] = "SELECT id FROM ledger_accounts WHERE kind = 'fonds'";
    static const char ins[] =
        "INSERT INTO ledger_accounts (organisation_id, kind, flags) VALUES (NULL, 'fonds', $1)";
    int rc = nb_ledger_store_single_id(st, find, 0, account_id, err);
    if (rc != NB_ENOTFOUND)
        return rc;
    nb_db_stmt *s = nb_store_stmt(st, ins, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, NB_ACCOUNT_UNLIMITED);
    if ((rc = nb_store_exec_stmt(st, s, err)) != 0)
        return rc;
    *account_id = nb_store_last_id(st);
    return 0;
}

/* The account of org_id, from the connection's lasting ids in a write
 * transaction (an approval asks for the same one up to three times) or read;
 * NB_ENOTFOUND when it has none. */
static int nb_ledger_store_org_account_id(nb_store *st, int64_t org_id, int64_t *account_id,
                                          nb_err *err)
{
    static const char find[] = "SELECT id FROM ledger_accounts WHERE organisation_id = $1";
    if (nb_store_lasting_get(st, NB_STORE_LASTING_ORG_ACCOUNT, org_id, account_id))
        return 0;
    int rc = nb_ledger_store_single_id(st, find, org_id, account_id, err);
    if (rc == 0)
        nb_store_lasting_put(st, NB_STORE_LASTING_ORG_ACCOUNT, org_id, *account_id);
    return rc;
}

int nb_ledger_store_find_org_account(nb_store *st, int64_t org_id, int64_t *account_id, nb_err *err)
{
    int rc = nb_ledger_store_org_account_id(st, org_id, account_id, err);
    if (rc == NB_ENOTFOUND)
        return nb_err_set(err, NB_ENOTFOUND, "Organisatie %" PRId64 " heeft nog geen rekening.",
                          org_id);
    return rc;
}

int nb_ledger_store_org_account(nb_store *st, int64_t org_id, int64_t *account_id, nb_err *err)
{
    static const char org_sql[] = "SELECT credit_line_minutes FROM organisations WHERE id = $1";
    static const char ins[] =
        "INSERT INTO ledger_accounts (organisation_id, kind, flags) VALUES ($1, 'organisatie', 0)";
    int64_t line = 0;
    int rc = nb_ledger_store_org_account_id(st, org_id, account_id, err);
    if (rc != NB_ENOTFOUND)
        return rc;
    rc = nb_ledger_store_single_id(st, org_sql, org_id, &line, err);
    if (rc == NB_ENOTFOUND)
        return nb_err_set(err, NB_ENOTFOUND, "Organisatie %" PRId64 " bestaat niet.", org_id);
    if (rc != 0)
        return rc;
    nb_db_stmt *s = nb_store_stmt(st, ins, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, org_id);
    if ((rc = nb_store_exec_stmt(st, s, err)) != 0)
        return rc;
    *account_id = nb_store_last_id(st);
    nb_store_lasting_put(st, NB_STORE_LASTING_ORG_ACCOUNT, org_id, *account_id);
    if (line <= 0)
        return 0;
    /* A new account starts with the registry's credit line, as a transfer. */
    int64_t fund = 0;
    if ((rc = nb_ledger_store_fund_account(st, &fund, err)) != 0)
        return rc;
    nb_transfer t;
    nb_transfer_result res;
    memset(&t, 0, sizeof t);
    snprintf(t.id, sizeof t.id, NB_LEDGER_SYSTEM_PREFIX "kl:org%" PRId64 ":start", org_id);
    t.debit_account_id = fund;
    t.credit_account_id = *account_id;
    t.amount = line;
    t.kind = NB_KIND_CREDIT_LINE;
    snprintf(t.reason, sizeof t.reason, "kredietlijn bij opening rekening");
    return nb_ledger_store_apply(st, &t, 1, &res, err);
}

/* ------------------------------------------------------------------------ */
/* Entries                                                                   */
/* ------------------------------------------------------------------------ */

void nb_ledger_store_entry_row(nb_db_stmt *s, nb_ledger_entry *e)
{
    nb_transfer *t = &e->transfer;
    memset(e, 0, sizeof *e);
    nb_store_col_copy(s, 0, t->id, sizeof t->id);
    t->debit_account_id = nb_db_col_int(s, 1);
    t->credit_account_id = nb_db_col_int(s, 2);
    t->amount = nb_db_col_int(s, 3);
    t->kind = nb_ledger_kind_parse(nb_store_col_text(s, 4));
    t->flags = (uint32_t)nb_db_col_int(s, 5);
    nb_store_col_copy(s, 6, t->pending_id, sizeof t->pending_id);
    nb_store_col_copy(s, 7, t->reverses_id, sizeof t->reverses_id);
    t->money_cents = nb_db_col_int(s, 8);
    t->hour_rate_cents = nb_db_col_int(s, 9);
    t->timestamp = nb_db_col_int(s, 10);
    nb_store_col_copy(s, 11, t->reason, sizeof t->reason);
    e->state = state_parse(nb_store_col_text(s, 12));
    e->posted_amount = nb_db_col_int(s, 13);
    nb_store_col_copy(s, 14, e->resolved_by, sizeof e->resolved_by);
    nb_store_col_copy(s, 15, e->reversed_by, sizeof e->reversed_by);
}

/* nb_ledger_store_entry_row as an nb_store_decoder. */
static void entry_decode(nb_db_stmt *row, void *out)
{
    nb_ledger_store_entry_row(row, out);
}

int nb_ledger_store_entry(nb_store *st, const char *id, nb_ledger_entry *out, nb_err *err)
{
    static const char sql[] = "SELECT " NB_TR_COLUMNS " FROM ledger_transfers t WHERE t.tid = $1";
    return nb_store_lookup(st, sql, nb_store_key_text(id), entry_decode, out, "Boeking",
                           "ledger transfer", err);
}

static int entry_insert(nb_store *st, const nb_ledger_entry *e, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO ledger_transfers (tid, debit_account_id, credit_account_id, amount, kind, "
        "flags, pending_id, reverses_id, money_cents, hour_rate_cents, ts, reason, pending_state, "
        "posted_amount, resolved_by, reversed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
        "$10, $11, $12, $13, $14, $15, $16)";
    const nb_transfer *t = &e->transfer;
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, t->id);
    nb_store_bind_int(st, s, 2, t->debit_account_id);
    nb_store_bind_int(st, s, 3, t->credit_account_id);
    nb_store_bind_int(st, s, 4, t->amount);
    nb_store_bind_text(st, s, 5, nb_ledger_kind_name(t->kind));
    nb_store_bind_int(st, s, 6, t->flags);
    nb_store_bind_text(st, s, 7, t->pending_id);
    nb_store_bind_text(st, s, 8, t->reverses_id);
    nb_store_bind_int(st, s, 9, t->money_cents);
    nb_store_bind_int(st, s, 10, t->hour_rate_cents);
    nb_store_bind_int(st, s, 11, t->timestamp);
    nb_store_bind_text(st, s, 12, t->reason);
    nb_store_bind_text(st, s, 13, state_name(e->state));
    nb_store_bind_int(st, s, 14, e->posted_amount);
    nb_store_bind_text(st, s, 15, e->resolved_by);
    nb_store_bind_text(st, s, 16, e->reversed_by);
    return nb_store_exec_later(st, s, err); /* nothing read back */
}

/* The UPDATEs of the ledger's rows are written UPDATE OR FAIL: with the
 * tables' UPDATE triggers refusing with FAIL too (migration 020), SQLite runs
 * them without a statement journal. Each changes one row, by its key, and its
 * constraints and triggers are checked before the row is written, so a
 * refusal leaves nothing to undo; the caller rolls its work back anyway. */
static int entry_update_state(nb_store *st, const nb_ledger_entry *e, nb_err *err)
{
    static const char sql[] =
        "UPDATE OR FAIL ledger_transfers SET pending_state = $1, posted_amount = $2, "
        "resolved_by = $3, reversed_by = $4 WHERE tid = $5";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, state_name(e->state));
    nb_store_bind_int(st, s, 2, e->posted_amount);
    nb_store_bind_text(st, s, 3, e->resolved_by);
    nb_store_bind_text(st, s, 4, e->reversed_by);
    nb_store_bind_text(st, s, 5, e->transfer.id);
    return nb_store_exec_later(st, s, err); /* nothing read back */
}

static int acct_update(nb_store *st, const nb_account *a, nb_err *err)
{
    static const char sql[] =
        "UPDATE OR FAIL ledger_accounts SET debits_pending = $1, debits_posted = $2, "
        "credits_pending = $3, credits_posted = $4, credit_line_minutes = $5 WHERE id = $6";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, a->debits_pending);
    nb_store_bind_int(st, s, 2, a->debits_posted);
    nb_store_bind_int(st, s, 3, a->credits_pending);
    nb_store_bind_int(st, s, 4, a->credits_posted);
    nb_store_bind_int(st, s, 5, a->credit_line_minutes);
    nb_store_bind_int(st, s, 6, a->id);
    return nb_store_exec_later(st, s, err); /* nothing read back */
}

/* Keeps the registry's kredietlijnMinuten equal to the ledger's credit line. */
static int org_credit_line_update(nb_store *st, int64_t org_id, int64_t minutes, nb_err *err)
{
    static const char sql[] = "UPDATE organisations SET credit_line_minutes = $1, updated_at = $2, "
                              "revision = revision + 1 WHERE id = $3 AND credit_line_minutes <> $1";
    char now[21];
    nb_time_now_iso(now);
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, minutes);
    nb_store_bind_text(st, s, 2, now);
    nb_store_bind_int(st, s, 3, org_id);
    return nb_store_exec_later(st, s, err); /* nothing read back */
}

/* ------------------------------------------------------------------------ */
/* The per-batch view                                                        */
/* ------------------------------------------------------------------------ */

typedef struct view_acct {
    nb_account a; /* first: the core gets &va->a */
    nb_account orig;
    int64_t org_id;
} view_acct;

typedef struct view_entry {
    nb_ledger_entry e; /* first: the core gets &ve->e */
    nb_ledger_entry orig;
} view_entry;

typedef struct batch_view {
    view_acct *accts;
    size_t n_accts;
    view_entry *entries;
    size_t n_entries;
} batch_view;

static int cmp_acct(const void *a, const void *b)
{
    int64_t x = ((const view_acct *)a)->a.id, y = ((const view_acct *)b)->a.id;
    return (x > y) - (x < y);
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const view_entry *)a)->e.transfer.id, ((const view_entry *)b)->e.transfer.id);
}

static int cmp_int64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static nb_account *view_account(void *ctx, int64_t id)
{
    batch_view *v = ctx;
    view_acct key;
    key.a.id = id;
    view_acct *f = bsearch(&key, v->accts, v->n_accts, sizeof *v->accts, cmp_acct);
    return f ? &f->a : NULL;
}

static nb_ledger_entry *view_transfer(void *ctx, const char *id)
{
    batch_view *v = ctx;
    view_entry key;
    /* Ids longer than the buffer cannot exist; an unterminated id the core
     * rejects itself, so compare a bounded copy. */
    snprintf(key.e.transfer.id, sizeof key.e.transfer.id, "%.*s", NB_TRANSFER_ID_SIZE - 1, id);
    view_entry *f = bsearch(&key, v->entries, v->n_entries, sizeof *v->entries, cmp_entry);
    return f ? &f->e : NULL;
}

static bool str_nonempty_terminated(const char *s)
{
    return s[0] != '\0' && memchr(s, '\0', NB_TRANSFER_ID_SIZE) != NULL;
}

/* The view's reads: the transfers by id, VIEW_KEYS ids a statement, and
 * the accounts by id, all in one (a JSON array, store.h nb_store_bind_ids).
 * Not spelled "tid IN ($1, ..., $8)" or "id IN (SELECT value FROM
 * json_each($1))": SQLite runs either with a temporary index of the values
 * (OpenEphemeral: a b-tree with zeroed pages) every time. A UNION ALL of
 * lookups by the unique tid and a join from the array to the primary key
 * read the same rows through the tables' own indexes (test: store
 * test_ledger_view_without_temporary_index). */
#define VIEW_KEYS 8
#define VIEW_ENTRY(n) "SELECT " NB_TR_COLUMNS " FROM ledger_transfers t WHERE t.tid = $" #n
#define VIEW_ALSO(n) " UNION ALL " VIEW_ENTRY(n)
static const char view_entries_sql[] = VIEW_ENTRY(1) VIEW_ALSO(2) VIEW_ALSO(3) VIEW_ALSO(4)
    VIEW_ALSO(5) VIEW_ALSO(6) VIEW_ALSO(7) VIEW_ALSO(8);
#define VIEW_ACCTS                                                            \
    "SELECT " NB_ACCT_COLUMNS " FROM (SELECT value FROM json_each($1)) AS k " \
    "JOIN ledger_accounts ON ledger_accounts.id = k.value"
static const char view_accts_sql[] = VIEW_ACCTS;
/* The same in a row-locked write (nb_store_row_locked, PostgreSQL only): the
 * accounts locked in ascending id order (the lock follows the sort), the
 * last in the fixed order of store.h's nb_store_begin_rows, and read as last
 * committed; NOWAIT for a later work of a batch (nb_store_lock_mode). */
#define VIEW_ACCTS_LOCK VIEW_ACCTS " ORDER BY ledger_accounts.id FOR UPDATE OF ledger_accounts"
static const char view_accts_lock_sql[] = VIEW_ACCTS_LOCK;
static const char view_accts_nowait_sql[] = VIEW_ACCTS_LOCK " NOWAIT";

const char *nb_ledger_store_view_sql(int accounts)
{
    return accounts ? view_accts_sql : view_entries_sql;
}

/* Loads the referenced entries and the accounts named into v (each sorted
 * by id, for view_transfer and view_account). */
static int view_load(nb_store *st, const nb_transfer *batch, size_t n, batch_view *v, nb_err *err)
{
    int rc = 0;
    const char **keys = NULL;
    int64_t *acct_ids = NULL;
    size_t nk = 0, na = 0;

    keys = malloc(sizeof *keys * (3 * n + 1));
    if (keys == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        if (str_nonempty_terminated(batch[i].id))
            keys[nk++] = batch[i].id;
        if (str_nonempty_terminated(batch[i].pending_id))
            keys[nk++] = batch[i].pending_id;
        if (str_nonempty_terminated(batch[i].reverses_id))
            keys[nk++] = batch[i].reverses_id;
    }
    qsort(keys, nk, sizeof *keys, cmp_str);
    size_t nu = 0; /* the distinct keys, in place */
    for (size_t i = 0; i < nk; i++)
        if (nu == 0 || strcmp(keys[i], keys[nu - 1]) != 0)
            keys[nu++] = keys[i];
    v->entries = calloc(nu + 1, sizeof *v->entries);
    if (v->entries == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
        goto cleanup;
    }
    /* VIEW_KEYS keys a statement (a round trip on PostgreSQL); the ones a
     * chunk does not use are NULL, which matches nothing. */
    for (size_t at = 0; at < nu; at += VIEW_KEYS) {
        nb_db_stmt *s = nb_store_stmt(st, view_entries_sql, err);
        if (s == NULL) {
            rc = NB_EDB;
            goto cleanup;
        }
        for (size_t k = 0; k < VIEW_KEYS; k++)
            nb_store_bind_text(st, s, (int)k + 1, at + k < nu ? keys[at + k] : NULL);
        int r;
        while ((r = nb_store_step(st, s)) == NB_DB_ROW && v->n_entries < nu) {
            view_entry *ve = &v->entries[v->n_entries++];
            nb_ledger_store_entry_row(s, &ve->e);
            ve->orig = ve->e;
        }
        if (r != NB_DB_ROW && r != NB_DB_DONE)
            rc = nb_store_fail(st, err, "ledger transfers");
        nb_db_reset(s);
        if (rc != 0)
            goto cleanup;
    }
    qsort(v->entries, v->n_entries, sizeof *v->entries, cmp_entry);

    acct_ids = malloc(sizeof *acct_ids * (2 * n + 2 * v->n_entries + 1));
    if (acct_ids == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        acct_ids[na++] = batch[i].debit_account_id;
        acct_ids[na++] = batch[i].credit_account_id;
    }
    for (size_t i = 0; i < v->n_entries; i++) {
        acct_ids[na++] = v->entries[i].e.transfer.debit_account_id;
        acct_ids[na++] = v->entries[i].e.transfer.credit_account_id;
    }
    qsort(acct_ids, na, sizeof *acct_ids, cmp_int64);
    size_t nd = 0; /* the distinct ids, in place */
    for (size_t i = 0; i < na; i++)
        if (acct_ids[i] > 0 && (nd == 0 || acct_ids[i] != acct_ids[nd - 1]))
            acct_ids[nd++] = acct_ids[i];
    v->accts = calloc(nd + 1, sizeof *v->accts);
    if (v->accts == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (nd > 0) { /* all in one statement */
        int mode = nb_store_row_locked(st);
        nb_db_stmt *s = nb_store_stmt(st,
                                      mode == NB_STORE_LOCK_NOWAIT ? view_accts_nowait_sql
                                      : mode != 0                  ? view_accts_lock_sql
                                                                   : view_accts_sql,
                                      err);
        if (s == NULL) {
            rc = NB_EDB;
            goto cleanup;
        }
        nb_store_bind_ids(st, s, 1, acct_ids, nd);
        int r;
        while ((r = nb_store_step(st, s)) == NB_DB_ROW && v->n_accts < nd) {
            view_acct *va = &v->accts[v->n_accts++];
            nb_ledger_store_acct_row(s, &va->a, &va->org_id);
            va->orig = va->a;
        }
        if (r != NB_DB_ROW && r != NB_DB_DONE)
            rc = nb_store_lock_fail(st, err, "ledger accounts");
        nb_db_reset(s);
        qsort(v->accts, v->n_accts, sizeof *v->accts, cmp_acct);
    }
cleanup:
    free(keys);
    free(acct_ids);
    return rc;
}

static bool acct_changed(const nb_account *a, const nb_account *b)
{
    return a->debits_pending != b->debits_pending || a->debits_posted != b->debits_posted ||
           a->credits_pending != b->credits_pending || a->credits_posted != b->credits_posted ||
           a->credit_line_minutes != b->credit_line_minutes;
}

static bool entry_state_changed(const nb_ledger_entry *a, const nb_ledger_entry *b)
{
    return a->state != b->state || a->posted_amount != b->posted_amount ||
           strcmp(a->resolved_by, b->resolved_by) != 0 ||
           strcmp(a->reversed_by, b->reversed_by) != 0;
}

/* nb_ledger_reversed_fn over a batch's view: the stored transfers the batch names. */
static int reversed_view(void *ctx, const char *tid, nb_transfer_kind *kind, int64_t *cents,
                         nb_err *err)
{
    (void)err;
    const nb_ledger_entry *r = view_transfer(ctx, tid);
    if (r != NULL) {
        *kind = r->transfer.kind;
        *cents = r->transfer.money_cents;
    }
    return 0; /* not stored: no family, as migration 017's LEFT JOIN */
}

/*
 * The core applies unlinked transfers independently; the store writes a batch
 * whole or not at all. So when the core refused any transfer, the ones it
 * accepted are not written either: they are reported as failed because of the
 * batch (NB_TR_LINKED_EVENT_FAILED, failed_index = the first refusal), never as
 * NB_TR_OK. Idempotent retries (NB_TR_EXISTS) stay what they are.
 */
static void batch_failed_whole(nb_transfer_result *results, size_t n)
{
    size_t culprit = n;
    for (size_t i = 0; i < n && culprit == n; i++)
        if (results[i].code != NB_TR_OK && results[i].code != NB_TR_EXISTS &&
            results[i].code != NB_TR_LINKED_EVENT_FAILED)
            culprit = i;
    for (size_t i = 0; i < n && culprit == n; i++)
        if (results[i].code == NB_TR_LINKED_EVENT_FAILED)
            culprit = results[i].failed_index;
    for (size_t i = 0; i < n; i++) {
        if (results[i].code != NB_TR_OK)
            continue;
        memset(&results[i], 0, sizeof results[i]);
        results[i].code = NB_TR_LINKED_EVENT_FAILED;
        results[i].failed_index = culprit < n ? culprit : i;
    }
}

int nb_ledger_store_apply(nb_store *st, const nb_transfer *batch, size_t n,
                          nb_transfer_result *results, nb_err *err)
{
    batch_view v;
    nb_ledger_view view;
    const nb_ledger_entry **written = NULL; /* the entries inserted, in order */
    size_t nw = 0;
    int rc = 0;

    memset(&v, 0, sizeof v);
    if (st == NULL || batch == NULL || results == NULL || n == 0)
        return nb_err_set(err, NB_EINVAL, "ledger: empty batch");
    if ((rc = view_load(st, batch, n, &v, err)) != 0)
        goto cleanup;
    view.ctx = &v;
    view.account = view_account;
    view.transfer = view_transfer;
    if ((rc = nb_ledger_apply(&view, batch, n, results, err)) != 0) {
        batch_failed_whole(results, n);
        goto cleanup;
    }

    int64_t now = (int64_t)time(NULL);
    for (size_t i = 0; i < v.n_accts; i++) {
        view_acct *va = &v.accts[i];
        if (!acct_changed(&va->a, &va->orig))
            continue;
        if ((rc = acct_update(st, &va->a, err)) != 0)
            goto cleanup;
        if (va->org_id > 0 && va->a.credit_line_minutes != va->orig.credit_line_minutes &&
            (rc = org_credit_line_update(st, va->org_id, va->a.credit_line_minutes, err)) != 0)
            goto cleanup;
    }
    for (size_t i = 0; i < v.n_entries; i++) {
        if (entry_state_changed(&v.entries[i].e, &v.entries[i].orig) &&
            (rc = entry_update_state(st, &v.entries[i].e, err)) != 0)
            goto cleanup;
    }
    written = malloc(n * sizeof(const nb_ledger_entry *));
    if (written == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        if (results[i].code != NB_TR_OK)
            continue;
        results[i].entry.transfer.timestamp = now;
        if ((rc = entry_insert(st, &results[i].entry, err)) != 0)
            goto cleanup;
        written[nw++] = &results[i].entry;
    }
    /* the month totals (migrations 017, 019), in the same transaction */
    if (nw > 0)
        rc = nb_ledger_months_write(st, written, nw, reversed_view, &v, err);
cleanup:
    free(written);
    free(v.accts);
    free(v.entries);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Credit-line reconciliation                                                */
/* ------------------------------------------------------------------------ */

int nb_ledger_store_sync_credit_line(nb_store *st, int64_t org_id, int64_t target,
                                     const char *reason, int *changed, nb_transfer_result *refusal,
                                     nb_err *err)
{
    static const char open_sql[] =
        "SELECT tid, amount FROM ledger_transfers WHERE credit_account_id = $1 "
        "AND kind = 'kredietlijn' AND reversed_by = '' ORDER BY id DESC";
    static const char next_sql[] = "SELECT coalesce(max(id), 0) + 1 FROM ledger_transfers";
    int64_t acct_id = 0, fund = 0, next = 0;
    nb_account acct = {0};
    nb_transfer *batch = NULL;
    nb_transfer_result *res = NULL;
    size_t n = 0, cap = 8;
    int rc = 0;

    if (changed)
        *changed = 0;
    if (target < 0 || target > NB_LEDGER_AMOUNT_MAX)
        return nb_err_set(err, NB_EINVAL, "kredietlijn buiten bereik");
    if ((rc = nb_ledger_store_org_account(st, org_id, &acct_id, err)) != 0 ||
        (rc = nb_ledger_store_fund_account(st, &fund, err)) != 0 ||
        (rc = acct_load(st, acct_id, &acct, NULL, err)) != 0)
        return rc;
    if (acct.credit_line_minutes == target)
        return 0;
    int64_t used = acct.debits_pending + acct.debits_posted - acct.credits_posted;
    if (target < acct.credit_line_minutes && used > target) {
        if (refusal) {
            memset(refusal, 0, sizeof *refusal);
            refusal->code = NB_TR_EXCEEDS_LIMIT;
            refusal->err = NB_ELIMIT;
            refusal->account_id = acct_id;
            refusal->available = nb_ledger_available(&acct);
            refusal->shortfall = used - target;
        }
        return nb_err_set(err, NB_ELIMIT,
                          "De kredietlijn kan niet naar %" PRId64 " minuten: de organisatie "
                          "gebruikt er al %" PRId64 ".",
                          target, used);
    }
    if ((rc = nb_ledger_store_single_id(st, next_sql, 0, &next, err)) != 0)
        return rc;
    batch = calloc(cap, sizeof *batch);
    if (batch == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
        goto cleanup;
    }
    /* Slot 0: the raise (filled in below, dropped if zero). */
    n = 1;
    int64_t line = acct.credit_line_minutes;
    if (target < line) {
        nb_db_stmt *s = nb_store_stmt(st, open_sql, err);
        if (s == NULL) {
            rc = NB_EDB;
            goto cleanup;
        }
        nb_store_bind_int(st, s, 1, acct_id);
        int r = NB_DB_ROW;
        while (line > target && (r = nb_store_step(st, s)) == NB_DB_ROW) {
            if (n == cap) {
                nb_transfer *nbat = realloc(batch, sizeof *batch * cap * 2);
                if (nbat == NULL) {
                    nb_db_reset(s);
                    rc = nb_err_set(err, NB_ENOMEM, "out of memory");
                    goto cleanup;
                }
                batch = nbat;
                cap *= 2;
            }
            nb_transfer *t = &batch[n];
            memset(t, 0, sizeof *t);
            snprintf(t->id, sizeof t->id,
                     NB_LEDGER_SYSTEM_PREFIX "kl:org%" PRId64 ":%" PRId64 ":t%zu", org_id, next, n);
            nb_store_col_copy(s, 0, t->reverses_id, sizeof t->reverses_id);
            t->amount = nb_db_col_int(s, 1);
            t->debit_account_id = acct_id;
            t->credit_account_id = fund;
            t->kind = NB_KIND_REVERSAL;
            snprintf(t->reason, sizeof t->reason, "%s", reason ? reason : "kredietlijn verlaagd");
            line -= t->amount;
            n++;
        }
        if (r != NB_DB_ROW && r != NB_DB_DONE) {
            rc = nb_store_fail(st, err, "ledger credit line");
            nb_db_reset(s);
            goto cleanup;
        }
        nb_db_reset(s);
        if (line > target) {
            rc = nb_err_set(err, NB_EDB, "ledger: credit line %" PRId64 " not backed by transfers",
                            acct.credit_line_minutes);
            goto cleanup;
        }
    }
    /* The raise goes first so that no intermediate step is below target. */
    size_t first = 0;
    if (target > line) {
        nb_transfer *t = &batch[0];
        snprintf(t->id, sizeof t->id, NB_LEDGER_SYSTEM_PREFIX "kl:org%" PRId64 ":%" PRId64, org_id,
                 next);
        t->debit_account_id = fund;
        t->credit_account_id = acct_id;
        t->amount = target - line;
        t->kind = NB_KIND_CREDIT_LINE;
        snprintf(t->reason, sizeof t->reason, "%s", reason ? reason : "kredietlijn gewijzigd");
    } else {
        first = 1;
    }
    for (size_t i = first; i + 1 < n; i++)
        batch[i].flags |= NB_TRANSFER_LINKED;
    res = calloc(n, sizeof *res);
    if (res == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
        goto cleanup;
    }
    rc = nb_ledger_store_apply(st, batch + first, n - first, res, err);
    if (rc == NB_ELIMIT && refusal) {
        /* Cannot happen after the check above, but report it faithfully. */
        for (size_t i = 0; i < n - first; i++)
            if (res[i].code == NB_TR_EXCEEDS_LIMIT)
                *refusal = res[i];
    }
    if (rc == 0 && changed)
        *changed = (int)(n - first);
cleanup:
    free(batch);
    free(res);
    return rc;
}
