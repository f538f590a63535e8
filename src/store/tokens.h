/*
 * store/tokens.h — API tokens: creation, lookup by hash, revocation.
 *
 * A token is "nb_" + 43 characters of base64url over 32 random bytes from
 * libsodium's CSPRNG (256 bits). Only its BLAKE2b-256 hash (hex) is stored;
 * the plain token is shown once, when it is made.
 */
#ifndef NB_STORE_TOKENS_H
#define NB_STORE_TOKENS_H

#include "util/attr.h"

#include "store/store.h"

#include <stdint.h>

#define NB_TOKEN_LEN 46      /* "nb_" + 43 base64url characters */
#define NB_TOKEN_HASH_LEN 65 /* 64 hex + NUL */

typedef struct nb_token {
    int64_t id;
    char role[16];
    int64_t organisation_id; /* 0 = none */
    int64_t person_id;       /* 0 = none */
    char label[64];
    int revoked;
} nb_token;

/* Hashes a plain token into hex (out has NB_TOKEN_HASH_LEN bytes). */
void nb_token_hash(const char *plain, char out[NB_TOKEN_HASH_LEN]);

/*
 * Creates a token for role (beheer/coordinator/medewerker/lezer) with the
 * organisation and person it belongs to (0 = none), checking that they exist
 * and fit the role. Writes the plain token into plain (NB_TOKEN_LEN + 1
 * bytes) and its id into *id. Caller runs it inside a transaction.
 */
NB_MUST_USE int nb_token_create(nb_store *st, const char *role, int64_t organisation_id,
                                int64_t person_id, const char *label, char plain[NB_TOKEN_LEN + 1],
                                int64_t *id, nb_err *err);

/*
 * Finds a live (not revoked) token by plain text. NB_ENOTFOUND when unknown or
 * revoked. A live token is memoised on st by its hash (nb_store_memo_*): while
 * nothing was written to the database, by this process or another, it is not
 * looked up again; any commit (a revocation from `noaber token revoke` too)
 * makes the next lookup read the table.
 */
NB_MUST_USE int nb_token_lookup(nb_store *st, const char *plain, nb_token *out, nb_err *err);

/* One token as listed: never the hash. Strings are copies. */
typedef struct nb_token_row {
    nb_token token;      /* revoked set from revoked_at */
    char created_at[32]; /* ISO 8601 UTC */
    char revoked_at[32]; /* "" while live */
} nb_token_row;

/*
 * Calls fn(ctx, row) for every token in id order (row borrowed for the call).
 * A non-zero return from fn stops the walk and is returned. 0, or NB_EDB /
 * NB_EBUSY with err set when the database fails (also halfway).
 */
NB_MUST_USE int nb_token_list(nb_store *st, int (*fn)(void *ctx, const nb_token_row *row),
                              void *ctx, nb_err *err);

/* Revokes token id (idempotent). NB_ENOTFOUND when it does not exist. */
NB_MUST_USE int nb_token_revoke(nb_store *st, int64_t id, nb_err *err);

#endif
