/*
 * cli/cli.c — the subcommand table and dispatcher of the `noaber` binary.
 *
 * The table is data: adding a subcommand is one line here plus one file
 * src/cli/cmd_<name>.c. The dispatcher handles the top-level --help and
 * unknown commands; everything else belongs to the subcommand.
 */
#include "cli/cli.h"

#include "store/store.h"
#include "util/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const nb_cli_command nb_cli_commands[] = {
    {"init", "create or migrate a database", nb_cmd_init},
    {"demo", "fill a database with the demo network", nb_cmd_demo},
    {"serve", "serve the API on HTTP", nb_cmd_serve},
    {"export", "write the registry as JSON", nb_cmd_export},
    {"import", "add a registry export to the database", nb_cmd_import},
    {"token", "create, list or revoke API tokens", nb_cmd_token},
    {"user", "create, list or disable web logins, reset passwords", nb_cmd_user},
    {"mcf", "solve a DIMACS minimum-cost-flow file", nb_cmd_mcf},
    {"team", "propose teams for assignments (teaming engine)", nb_cmd_team},
    {"backup", "write a checked copy of the database (online)", nb_cmd_backup},
    {"restore", "replace the database with a checked backup", nb_cmd_restore},
    {"migrate-store", "copy a network to another store (SQLite <-> PostgreSQL), checked",
     nb_cmd_migrate_store},
    {"openapi", "print the OpenAPI document of the API", nb_cmd_openapi},
    {"version", "print the version", nb_cmd_version},
};

#define NB_CLI_NCOMMANDS (sizeof nb_cli_commands / sizeof nb_cli_commands[0])

int nb_cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return 1;
    return 0;
}

static void nb_cli_usage(FILE *out)
{
    fprintf(out, "usage: noaber COMMAND [OPTIONS]\n\n"
                 "noaber lets cooperating municipalities work as one network "
                 "organisation.\n\ncommands:\n");
    for (size_t i = 0; i < NB_CLI_NCOMMANDS; i++)
        fprintf(out, "  %-13s %s\n", nb_cli_commands[i].name, nb_cli_commands[i].summary);
    fprintf(out, "\nRun 'noaber COMMAND --help' for the options of one command.\n");
}

/* A command that succeeded but whose output did not reach standard output
 * (disk full, closed pipe) has failed: a token shown once, an export or a
 * proposal would otherwise be lost with exit status 0. */
static int nb_cli_stdout_checked(int status)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return status;
    fprintf(stderr, "noaber: cannot write standard output: %s\n", strerror(errno));
    return status == NB_EXIT_OK ? NB_EXIT_FAIL : status;
}

int nb_cli_main(int argc, char **argv)
{
    if (argc < 2) {
        nb_cli_usage(stderr);
        return NB_EXIT_USAGE;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "help") == 0) {
        nb_cli_usage(stdout);
        return NB_EXIT_OK;
    }
    for (size_t i = 0; i < NB_CLI_NCOMMANDS; i++)
        if (strcmp(argv[1], nb_cli_commands[i].name) == 0)
            return nb_cli_stdout_checked(nb_cli_commands[i].run(argc - 1, argv + 1));
    fprintf(stderr, "noaber: unknown command '%s'; run 'noaber --help' for the list\n", argv[1]);
    return NB_EXIT_USAGE;
}

nb_store *nb_cli_open_store(const char *flag_db, const char *flag_config, int migrate)
{
    nb_config cfg;
    nb_err err = {{0}};
    nb_store *st = NULL;
    if (nb_config_load(&cfg, flag_config, &err) != 0) {
        fprintf(stderr, "noaber: %s\n", err.msg);
        return NULL;
    }
    const char *path = flag_db ? flag_db : nb_config_get(&cfg, "db", "noaber.db");
    if (nb_store_open(path, migrate, &st, &err) != 0) {
        fprintf(stderr, "noaber: %s\n", err.msg);
        return NULL;
    }
    return st;
}

int nb_cli_db_setting(const char *flag_db, const char *flag_config, char *out, size_t outlen)
{
    nb_config cfg;
    nb_err err = {{0}};
    if (nb_config_load(&cfg, flag_config, &err) != 0) {
        fprintf(stderr, "noaber: %s\n", err.msg);
        return -1;
    }
    const char *path = flag_db ? flag_db : nb_config_get(&cfg, "db", "noaber.db");
    if ((size_t)snprintf(out, outlen, "%s", path) >= outlen) {
        fprintf(stderr, "noaber: the database setting is too long\n");
        return -1;
    }
    return 0;
}

int nb_cli_parse_id(const char *opt, const char *value, long long *out)
{
    char *end = NULL;
    long long v = strtoll(value, &end, 10);
    if (value[0] == '\0' || *end != '\0' || v <= 0) {
        fprintf(stderr, "noaber: %s needs a positive whole number, not '%s'\n", opt, value);
        return -1;
    }
    *out = v;
    return 0;
}

int nb_cli_shared_opt(int c, const char *arg, const char *which, nb_cli_opts *o)
{
    if (c <= 0 || strchr(which, c) == NULL)
        return 0;
    switch (c) {
    case 'd':
        o->db = arg;
        return 1;
    case 'c':
        o->config = arg;
        return 1;
    case 'r':
        o->role = arg;
        return 1;
    case 'o':
        return nb_cli_parse_id("--organisation", arg, &o->org) != 0 ? -1 : 1;
    case 'p':
        return nb_cli_parse_id("--person", arg, &o->person) != 0 ? -1 : 1;
    default:
        return 0;
    }
}
