/*
 * cli/cmd_init.c — `noaber init`: create a database or migrate it to the
 * schema this binary knows. A database from a newer noaber is refused.
 */
#include "cli/cli.h"

#include "store/store.h"

#include <getopt.h>
#include <stdio.h>

int nb_cmd_init(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"config", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    nb_cli_opts o = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:c:h", opts, NULL)) != -1) {
        if (nb_cli_shared_opt(c, optarg, "dc", &o) > 0)
            continue;
        switch (c) {
        case 'h':
            printf("usage: noaber init [--db FILE] [--config FILE]\n\n"
                   "Creates the SQLite database FILE (default: noaber.db) or migrates it to\n"
                   "the current schema. Running it again is harmless.\n");
            return NB_EXIT_OK;
        default:
            fprintf(stderr, "noaber init: run 'noaber init --help' for the options\n");
            return NB_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "noaber init: unexpected argument '%s'\n", argv[optind]);
        return NB_EXIT_USAGE;
    }
    nb_store *st = nb_cli_open_store(o.db, o.config, 1);
    if (st == NULL)
        return NB_EXIT_FAIL;
    printf("noaber: database ready at schema version %d\n", nb_store_schema_version(st));
    nb_store_close(st);
    return NB_EXIT_OK;
}
