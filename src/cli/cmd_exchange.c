/*
 * cli/cmd_exchange.c — `noaber export` and `noaber import`: the registry as
 * one JSON document (see api/exchange.h). Import is all or nothing: one
 * transaction, every record validated as an API request would be.
 */
#include "cli/cli.h"

#include "api/exchange.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static int nb_exchange_opts(int argc, char **argv, const char *usage, const char **db,
                            const char **config)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"config", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            *db = optarg;
            break;
        case 'c':
            *config = optarg;
            break;
        case 'h':
            printf("%s", usage);
            return 1;
        default:
            fprintf(stderr, "%s", usage);
            return -1;
        }
    }
    return 0;
}

int nb_cmd_export(int argc, char **argv)
{
    static const char usage[] =
        "usage: noaber export [--db FILE] [OUTPUT.json]\n\n"
        "Writes the registry (organisaties, competenties, rolprofielen, medewerkers,\n"
        "opdrachten) as one JSON document to OUTPUT.json or standard output.\n"
        "The document holds personal data: keep it safe.\n";
    const char *db = NULL, *config = NULL;
    int o = nb_exchange_opts(argc, argv, usage, &db, &config);
    if (o != 0)
        return o > 0 ? NB_EXIT_OK : NB_EXIT_USAGE;
    if (argc - optind > 1) {
        fprintf(stderr, "noaber export: at most one output file\n");
        return NB_EXIT_USAGE;
    }
    const char *out = optind < argc ? argv[optind] : NULL;
    nb_store *st = nb_cli_open_store(db, config, 0);
    if (st == NULL)
        return NB_EXIT_FAIL;
    nb_err err = {{0}};
    json_t *doc = NULL;
    int rc = nb_store_begin_read(st, &err);
    if (rc == 0)
        rc = nb_exchange_export(st, &doc, &err);
    nb_store_rollback(st);
    nb_store_close(st);
    if (rc != 0) {
        fprintf(stderr, "noaber export: %s\n", err.msg);
        return NB_EXIT_FAIL;
    }
    int flags = JSON_INDENT(2) | JSON_REAL_PRECISION(15);
    int w = out ? json_dump_file(doc, out, flags) : json_dumpf(doc, stdout, flags);
    if (!out)
        putchar('\n');
    json_decref(doc);
    if (w != 0) {
        fprintf(stderr, "noaber export: cannot write %s\n", out ? out : "standard output");
        return NB_EXIT_FAIL;
    }
    return NB_EXIT_OK;
}

int nb_cmd_import(int argc, char **argv)
{
    static const char usage[] =
        "usage: noaber import [--db FILE] INPUT.json\n\n"
        "Adds the records of a registry export (see 'noaber export') to the database.\n"
        "Every record is checked as an API request would be; ids are renumbered and\n"
        "references follow. All or nothing: on the first problem nothing is written\n"
        "and the record and its problems are named.\n";
    const char *db = NULL, *config = NULL;
    int o = nb_exchange_opts(argc, argv, usage, &db, &config);
    if (o != 0)
        return o > 0 ? NB_EXIT_OK : NB_EXIT_USAGE;
    if (argc - optind != 1) {
        fprintf(stderr, "noaber import: name one input file ('-' for standard input)\n");
        return NB_EXIT_USAGE;
    }
    const char *in = argv[optind];
    json_error_t jerr;
    json_t *doc = strcmp(in, "-") == 0 ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr)
                                       : json_load_file(in, JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL) {
        fprintf(stderr, "noaber import: %s:%d:%d: %s\n", in, jerr.line, jerr.column, jerr.text);
        return NB_EXIT_DATA;
    }
    nb_store *st = nb_cli_open_store(db, config, 1);
    if (st == NULL) {
        json_decref(doc);
        return NB_EXIT_FAIL;
    }
    nb_err err = {{0}};
    nb_exchange_counts n = {0, 0, 0, 0, 0, 0};
    int rc = nb_store_begin(st, &err);
    if (rc == 0)
        rc = nb_exchange_import(st, doc, &n, &err);
    if (rc == 0)
        rc = nb_store_commit(st, &err);
    else
        nb_store_rollback(st);
    nb_store_close(st);
    json_decref(doc);
    if (rc != 0) {
        fprintf(stderr, "noaber import: %s (nothing was imported)\n", err.msg);
        return rc == NB_EDB || rc == NB_ENOMEM ? NB_EXIT_FAIL : NB_EXIT_DATA;
    }
    printf("noaber: imported %d organisations, %d competencies, %d role profiles, %d people, "
           "%d programmes, %d assignments\n",
           n.organisations, n.competencies, n.profiles, n.people, n.programmes, n.assignments);
    return NB_EXIT_OK;
}
