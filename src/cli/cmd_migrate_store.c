/*
 * cli/cmd_migrate_store.c — `noaber migrate-store --from X --to Y`: move a
 * network from one store to another (a SQLite file to PostgreSQL, or back),
 * ids kept, in one transaction on the target that commits only when the row
 * counts per table, every ledger account's balances and the ledger control
 * check agree between source and target (store/migrate_store.h). Prints the
 * comparison. docs/operations.md.
 */
#include "cli/cli.h"

#include "store/migrate_store.h"
#include "store/store.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void nb_migrate_print(const char *from, const char *to, const nb_migrate_report *rep)
{
    printf("noaber: migrate-store %s -> %s (schema version %d)\n", from, to, rep->schema);
    printf("  %-34s %12s %12s\n", "table", "source", "target");
    for (int k = 0; k < rep->ntables; k++) {
        const nb_migrate_table *t = &rep->tables[k];
        printf("  %-34s %12" PRId64 " %12" PRId64 "%s\n", t->name, t->source_rows, t->target_rows,
               t->source_rows == t->target_rows ? "" : "  DIFFERENT");
    }
    printf("  ledger: %" PRId64 " accounts compared, %" PRId64
           " with different balances; identity sequences set: %d\n",
           rep->accounts_compared, rep->account_differences, rep->sequences_set);
    printf("  control check source: %s (%zu accounts, %zu transfers, posted sum %" PRId64
           ", pending sum %" PRId64 ")\n",
           rep->source_check.ok ? "ok" : "FAILS", rep->source_check.accounts_checked,
           rep->source_check.transfers_checked, rep->source_check.posted_sum,
           rep->source_check.pending_sum);
    printf("  control check target: %s (%zu accounts, %zu transfers, posted sum %" PRId64
           ", pending sum %" PRId64 ")\n",
           rep->target_check.ok ? "ok" : "FAILS", rep->target_check.accounts_checked,
           rep->target_check.transfers_checked, rep->target_check.posted_sum,
           rep->target_check.pending_sum);
}

int nb_cmd_migrate_store(int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *from = NULL, *to = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:t:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            from = optarg;
            break;
        case 't':
            to = optarg;
            break;
        case 'h':
            printf("usage: noaber migrate-store --from DB --to DB\n\n"
                   "Copies the whole network in the database --from (a SQLite file or a\n"
                   "PostgreSQL connection string) into the empty database --to, ids kept,\n"
                   "in one transaction on the target. Both are brought to this noaber's\n"
                   "schema first (--from must already be current: run 'noaber init' on it).\n"
                   "After the copy the row counts of every table, every ledger account's\n"
                   "balances and the ledger control check are compared between source and\n"
                   "target and printed; the copy is committed only when all agree. A\n"
                   "target that holds any data is refused. The source is only read.\n");
            return NB_EXIT_OK;
        default:
            goto usage;
        }
    }
    if (optind != argc || from == NULL || to == NULL) {
        fprintf(stderr, "noaber migrate-store: name the source with --from and the target with "
                        "--to, nothing else\n");
        goto usage;
    }
    if (strcmp(from, to) == 0) {
        fprintf(stderr, "noaber migrate-store: --from and --to name the same database\n");
        return NB_EXIT_USAGE;
    }
    nb_store *src = nb_cli_open_store(from, NULL, 0);
    if (src == NULL)
        return NB_EXIT_FAIL;
    nb_store *dst = nb_cli_open_store(to, NULL, 1);
    if (dst == NULL) {
        nb_store_close(src);
        return NB_EXIT_FAIL;
    }
    nb_migrate_report *rep = malloc(sizeof *rep);
    nb_err err = {{0}};
    int status = NB_EXIT_OK;
    if (rep == NULL) {
        fprintf(stderr, "noaber migrate-store: out of memory\n");
        status = NB_EXIT_FAIL;
    } else if (nb_store_migrate(src, dst, rep, &err) != 0) {
        if (rep->ntables > 0)
            nb_migrate_print(from, to, rep);
        fprintf(stderr, "noaber migrate-store: %s; the target is unchanged\n", err.msg);
        status = NB_EXIT_FAIL;
    } else {
        nb_migrate_print(from, to, rep);
        printf("noaber: copied %" PRId64 " rows in %d tables; counts, balances and the control "
               "check agree\n",
               rep->rows, rep->ntables);
    }
    free(rep);
    nb_store_close(dst);
    nb_store_close(src);
    return status;
usage:
    fprintf(stderr, "noaber migrate-store: run 'noaber migrate-store --help' for the options\n");
    return NB_EXIT_USAGE;
}
