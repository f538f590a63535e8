/*
 * store/tokens.c — API tokens; see tokens.h.
 */
#include "store/tokens.h"

#include "util/date.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

void nb_token_hash(const char *plain, char out[NB_TOKEN_HASH_LEN])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)plain, strlen(plain), NULL, 0);
    sodium_bin2hex(out, NB_TOKEN_HASH_LEN, h, sizeof h);
}

int nb_token_create(nb_store *st, const char *role, int64_t organisation_id, int64_t person_id,
                    const char *label, char plain[NB_TOKEN_LEN + 1], int64_t *id, nb_err *err)
{
    static const char org_sql[] = "SELECT id FROM organisations WHERE id = $1";
    static const char person_sql[] = "SELECT organisation_id FROM people WHERE id = $1";
    static const char insert_sql[] =
        "INSERT INTO tokens (hash, role, organisation_id, person_id, label, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6)";
    int rc;
    int is_beheer = strcmp(role, "beheer") == 0;
    int is_mw = strcmp(role, "medewerker") == 0;
    if (!is_beheer && !is_mw && strcmp(role, "coordinator") != 0 && strcmp(role, "lezer") != 0)
        return nb_err_set(err, NB_EINVAL,
                          "unknown role '%s'; use beheer, coordinator, medewerker or lezer", role);
    if (is_mw) {
        int64_t porg = 0;
        if (person_id <= 0)
            return nb_err_set(err, NB_EINVAL, "role medewerker needs --person ID");
        rc = nb_store_find_id(st, person_sql, person_id, &porg, "token", err);
        if (rc == NB_ENOTFOUND)
            return nb_err_set(err, NB_ENOTFOUND, "person %lld does not exist",
                              (long long)person_id);
        if (rc != 0)
            return rc;
        if (organisation_id > 0 && organisation_id != porg)
            return nb_err_set(err, NB_EINVAL, "person %lld does not belong to organisation %lld",
                              (long long)person_id, (long long)organisation_id);
        organisation_id = porg;
    } else if (person_id > 0) {
        return nb_err_set(err, NB_EINVAL, "--person is only for role medewerker");
    }
    if (!is_beheer && !is_mw && organisation_id <= 0)
        return nb_err_set(err, NB_EINVAL, "role %s needs --organisation ID", role);
    if (organisation_id > 0 && !is_mw) {
        rc = nb_store_find_id(st, org_sql, organisation_id, NULL, "token", err);
        if (rc == NB_ENOTFOUND)
            return nb_err_set(err, NB_ENOTFOUND, "organisation %lld does not exist",
                              (long long)organisation_id);
        if (rc != 0)
            return rc;
    }
    unsigned char raw[32];
    char hash[NB_TOKEN_HASH_LEN];
    char now[21];
    randombytes_buf(raw, sizeof raw);
    /* NOLINTNEXTLINE(bugprone-not-null-terminated-result): a prefix; sodium_bin2base64 terminates */
    memcpy(plain, "nb_", 3);
    sodium_bin2base64(plain + 3, NB_TOKEN_LEN + 1 - 3, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    nb_token_hash(plain, hash);
    nb_time_now_iso(now);
    nb_db_stmt *s = nb_store_stmt(st, insert_sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, hash);
    nb_store_bind_text(st, s, 2, role);
    if (organisation_id > 0)
        nb_store_bind_int(st, s, 3, organisation_id);
    else
        nb_store_bind_null(st, s, 3);
    if (person_id > 0)
        nb_store_bind_int(st, s, 4, person_id);
    else
        nb_store_bind_null(st, s, 4);
    nb_store_bind_text(st, s, 5, label ? label : "");
    nb_store_bind_text(st, s, 6, now);
    if ((rc = nb_store_exec_stmt(st, s, err)) != 0)
        return rc;
    *id = nb_store_last_id(st);
    return 0;
}

_Static_assert(sizeof(nb_token) <= NB_STORE_MEMO_VALUE, "a token fits the memo");

int nb_token_lookup(nb_store *st, const char *plain, nb_token *out, nb_err *err)
{
    static const char sql[] =
        "SELECT id, role, COALESCE(organisation_id, 0), COALESCE(person_id, 0), label, "
        "revoked_at IS NOT NULL FROM tokens WHERE hash = $1";
    char hash[NB_TOKEN_HASH_LEN];
    if (strlen(plain) != NB_TOKEN_LEN || strncmp(plain, "nb_", 3) != 0)
        return nb_err_set(err, NB_ENOTFOUND, "malformed token");
    nb_token_hash(plain, hash);
    char key[NB_TOKEN_HASH_LEN + 8];
    snprintf(key, sizeof key, "token:%s", hash);
    int use = nb_store_memo_sync(st, err);
    if (use < 0)
        return use;
    if (use && nb_store_memo_get(st, key, out, sizeof *out))
        return 0; /* live when memoised, and nothing was written since */
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, hash);
    int r = nb_store_step(st, s);
    int rc = 0;
    if (r == NB_DB_ROW) {
        memset(out, 0, sizeof *out);
        out->id = nb_db_col_int(s, 0);
        nb_store_col_copy(s, 1, out->role, sizeof out->role);
        out->organisation_id = nb_db_col_int(s, 2);
        out->person_id = nb_db_col_int(s, 3);
        nb_store_col_copy(s, 4, out->label, sizeof out->label);
        out->revoked = (int)nb_db_col_int(s, 5);
        if (out->revoked)
            rc = nb_err_set(err, NB_ENOTFOUND, "token has been revoked");
        else if (use)
            nb_store_memo_put(st, key, out, sizeof *out);
    } else if (r == NB_DB_DONE) {
        rc = nb_err_set(err, NB_ENOTFOUND, "unknown token");
    } else {
        rc = nb_store_fail(st, err, "token lookup");
    }
    nb_db_reset(s);
    return rc;
}

int nb_token_revoke(nb_store *st, int64_t id, nb_err *err)
{
    static const char sql[] =
        "UPDATE tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1";
    char now[21];
    nb_time_now_iso(now);
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    nb_store_bind_text(st, s, 2, now);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc == 0 && nb_store_changes(st) == 0)
        rc = nb_err_set(err, NB_ENOTFOUND, "token %lld does not exist", (long long)id);
    return rc;
}

int nb_token_list(nb_store *st, int (*fn)(void *ctx, const nb_token_row *row), void *ctx,
                  nb_err *err)
{
    static const char sql[] =
        "SELECT id, role, COALESCE(organisation_id, 0), COALESCE(person_id, 0), label, "
        "created_at, COALESCE(revoked_at, '') FROM tokens ORDER BY id";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    int rc = 0, r;
    if (s == NULL)
        return NB_EDB;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        nb_token_row row;
        memset(&row, 0, sizeof row);
        row.token.id = nb_db_col_int(s, 0);
        nb_store_col_copy(s, 1, row.token.role, sizeof row.token.role);
        row.token.organisation_id = nb_db_col_int(s, 2);
        row.token.person_id = nb_db_col_int(s, 3);
        nb_store_col_copy(s, 4, row.token.label, sizeof row.token.label);
        nb_store_col_copy(s, 5, row.created_at, sizeof row.created_at);
        nb_store_col_copy(s, 6, row.revoked_at, sizeof row.revoked_at);
        row.token.revoked = row.revoked_at[0] != '\0';
        if ((rc = fn(ctx, &row)) != 0)
            break;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "token list");
    nb_db_reset(s);
    return rc;
}
