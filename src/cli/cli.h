/*
 * cli/cli.h — the subcommand table and the contract every subcommand keeps.
 *
 * A subcommand is `int nb_cmd_<name>(int argc, char **argv)` where argv[0] is
 * the subcommand's own name. It prints its help for `--help` (exit 0), writes
 * errors to stderr in words that say what to do, and returns a process exit
 * code: NB_EXIT_OK, NB_EXIT_USAGE for bad flags, NB_EXIT_DATA for bad input
 * data, NB_EXIT_FAIL for anything else (I/O, database).
 */
#ifndef NB_CLI_CLI_H
#define NB_CLI_CLI_H

#include <stddef.h>

enum {
    NB_EXIT_OK = 0,
    NB_EXIT_FAIL = 1,
    NB_EXIT_USAGE = 2,
    NB_EXIT_DATA = 3,
    NB_EXIT_INFEASIBLE = 4
};

typedef struct nb_cli_command {
    const char *name;
    const char *summary; /* one line, shown by `noaber --help` */
    int (*run)(int argc, char **argv);
} nb_cli_command;

/* Runs the subcommand named by argv[1]; returns the process exit code
 * (NB_EXIT_FAIL when a command succeeded but its standard output could not
 * be written). */
int nb_cli_main(int argc, char **argv);

/* True when argv holds -h or --help. */
int nb_cli_wants_help(int argc, char **argv);

/*
 * Opens the database named by flag_db, else the config file / NOABER_DB, else
 * ./noaber.db. migrate: create and migrate if needed. Prints a readable error
 * on stderr and returns NULL on failure; the caller closes the store.
 */
struct nb_store;
struct nb_store *nb_cli_open_store(const char *flag_db, const char *flag_config, int migrate);

/*
 * The database setting nb_cli_open_store would use (flag_db, else the config
 * file / NOABER_DB, else "noaber.db"), copied into out (outlen bytes).
 * 0, or -1 with an error printed on stderr (config unreadable, too long).
 */
int nb_cli_db_setting(const char *flag_db, const char *flag_config, char *out, size_t outlen);

/* Parses a positive 64-bit integer option; prints an error naming opt on failure. */
int nb_cli_parse_id(const char *opt, const char *value, long long *out);

/* The options several subcommands share. Strings are borrowed from argv. */
typedef struct nb_cli_opts {
    const char *db;     /* --db FILE (-d), or NULL */
    const char *config; /* --config FILE (-c), or NULL */
    const char *role;   /* --role ROLE (-r), or NULL */
    long long org;      /* --organisation ID (-o), or 0 */
    long long person;   /* --person ID (-p), or 0 */
} nb_cli_opts;

/*
 * Handles getopt_long's result c with its argument arg when c is one of the
 * shared short options listed in which (a subset of "dcrop": --db, --config,
 * --role, --organisation, --person) and stores it in o. Returns 1 when
 * handled, 0 when c is not one of which (the caller handles it), -1 on a bad
 * value (error printed on stderr; exit with NB_EXIT_USAGE).
 */
int nb_cli_shared_opt(int c, const char *arg, const char *which, nb_cli_opts *o);

/* The subcommands (one file each: src/cli/cmd_<name>.c). */
int nb_cmd_version(int argc, char **argv);
int nb_cmd_backup(int argc, char **argv);
int nb_cmd_restore(int argc, char **argv);
int nb_cmd_migrate_store(int argc, char **argv);
int nb_cmd_openapi(int argc, char **argv);
int nb_cmd_mcf(int argc, char **argv);
int nb_cmd_init(int argc, char **argv);
int nb_cmd_serve(int argc, char **argv);
int nb_cmd_token(int argc, char **argv);
int nb_cmd_demo(int argc, char **argv);
int nb_cmd_export(int argc, char **argv);
int nb_cmd_import(int argc, char **argv);
int nb_cmd_team(int argc, char **argv);
int nb_cmd_user(int argc, char **argv);

#endif
