/*
 * cli/cmd_token.c — `noaber token`: make, list and revoke API tokens.
 *
 * The plain token is printed once on stdout (and nowhere else); the database
 * keeps only its hash. Every change is written to the audit log as actor "cli".
 */
#include "cli/cli.h"

#include "store/store.h"
#include "store/tokens.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void nb_token_usage(FILE *out)
{
    fprintf(out, "usage: noaber token create --role ROLE [--organisation ID] [--person ID]\n"
                 "                           [--label TEXT] [--db FILE]\n"
                 "       noaber token list [--db FILE]\n"
                 "       noaber token revoke ID [--db FILE]\n\n"
                 "ROLE is beheer (network management), coordinator (needs --organisation),\n"
                 "medewerker (needs --person) or lezer (read-only; needs --organisation).\n"
                 "create prints the new token once; keep it safe, it cannot be shown again.\n");
}

static int nb_token_print(void *ctx, const nb_token_row *row)
{
    (void)ctx;
    printf("%-6lld %-12s %-6lld %-6lld %-20s %-20s %s\n", (long long)row->token.id, row->token.role,
           (long long)row->token.organisation_id, (long long)row->token.person_id, row->created_at,
           row->revoked_at, row->token.label);
    return 0;
}

static int nb_token_print_all(nb_store *st)
{
    nb_err err = {{0}};
    printf("%-6s %-12s %-6s %-6s %-20s %-20s %s\n", "id", "role", "org", "person", "created",
           "revoked", "label");
    if (nb_token_list(st, nb_token_print, NULL, &err) != 0) {
        fprintf(stderr, "noaber token: %s\n", err.msg);
        return NB_EXIT_FAIL;
    }
    return NB_EXIT_OK;
}

int nb_cmd_token(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"config", required_argument, NULL, 'c'},
        {"role", required_argument, NULL, 'r'},   {"organisation", required_argument, NULL, 'o'},
        {"person", required_argument, NULL, 'p'}, {"label", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    nb_cli_opts o = {0};
    const char *label = "";
    int c, rc = NB_EXIT_OK;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:c:r:o:p:l:h", opts, NULL)) != -1) {
        int shared = nb_cli_shared_opt(c, optarg, "dcrop", &o);
        if (shared < 0)
            return NB_EXIT_USAGE;
        if (shared > 0)
            continue;
        switch (c) {
        case 'l':
            label = optarg;
            break;
        case 'h':
            nb_token_usage(stdout);
            return NB_EXIT_OK;
        default:
            nb_token_usage(stderr);
            return NB_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        nb_token_usage(stderr);
        return NB_EXIT_USAGE;
    }
    const char *verb = argv[optind];
    int is_create = strcmp(verb, "create") == 0, is_list = strcmp(verb, "list") == 0,
        is_revoke = strcmp(verb, "revoke") == 0;
    if (!is_create && !is_list && !is_revoke) {
        fprintf(stderr, "noaber token: unknown action '%s'; use create, list or revoke\n", verb);
        return NB_EXIT_USAGE;
    }
    long long revoke_id = 0;
    if (is_revoke &&
        (optind + 2 != argc || nb_cli_parse_id("revoke", argv[optind + 1], &revoke_id) != 0)) {
        fprintf(stderr, "noaber token: revoke takes one token id (see 'noaber token list')\n");
        return NB_EXIT_USAGE;
    }
    if (!is_revoke && optind + 1 != argc) {
        fprintf(stderr, "noaber token: unexpected argument '%s'\n", argv[optind + 1]);
        return NB_EXIT_USAGE;
    }
    if (is_create && o.role == NULL) {
        fprintf(stderr, "noaber token create: --role is required\n");
        return NB_EXIT_USAGE;
    }
    if (sodium_init() < 0) {
        fprintf(stderr, "noaber token: libsodium could not initialise\n");
        return NB_EXIT_FAIL;
    }
    nb_store *st = nb_cli_open_store(o.db, o.config, 0);
    if (st == NULL)
        return NB_EXIT_FAIL;
    if (is_list) {
        rc = nb_token_print_all(st);
        goto cleanup;
    }
    nb_err err = {{0}};
    nb_actor actor = {"cli", "system", "local"};
    char plain[NB_TOKEN_LEN + 1];
    int64_t id = revoke_id;
    int r = nb_store_begin(st, &err);
    if (r == 0 && is_create)
        r = nb_token_create(st, o.role, o.org, o.person, label, plain, &id, &err);
    else if (r == 0)
        r = nb_token_revoke(st, revoke_id, &err);
    if (r == 0) {
        char detail[160];
        snprintf(detail, sizeof detail, "{\"role\":\"%s\"}", is_create ? o.role : "");
        r = nb_store_audit(st, &actor, is_create ? "create" : "revoke", "token", id,
                           is_create ? detail : NULL, &err);
    }
    if (r == 0)
        r = nb_store_commit(st, &err);
    if (r != 0) {
        nb_store_rollback(st);
        fprintf(stderr, "noaber token: %s\n", err.msg);
        rc = (r == NB_EINVAL || r == NB_ENOTFOUND) ? NB_EXIT_USAGE : NB_EXIT_FAIL;
        goto cleanup;
    }
    if (is_create)
        printf("%s\n", plain);
    else
        printf("noaber: token %lld revoked\n", revoke_id);
    sodium_memzero(plain, sizeof plain);
cleanup:
    nb_store_close(st);
    return rc;
}
