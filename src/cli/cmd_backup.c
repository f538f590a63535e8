/*
 * cli/cmd_backup.c — `noaber backup FILE` (an online, verified copy of the
 * database while servers keep serving) and `noaber restore FILE` (replace
 * the database with a backup). SQLite: the online backup API, and a backup
 * checked completely before it replaces anything. PostgreSQL: pg_dump -Fc
 * from the snapshot the checks read, and a restore in one transaction that
 * is checked after (store/backup.h). Both print what the result holds and
 * its ledger control check; restore is audited as actor "cli" in the
 * restored database. docs/operations.md.
 */
#include "cli/cli.h"

#include "store/backup.h"
#include "store/store.h"

#include <getopt.h>
#include <jansson.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static void nb_backup_print(const char *verb, const char *path, const nb_backup_info *info)
{
    printf("noaber: %s %s\n"
           "  schema version %d; %" PRId64 " organisations, %" PRId64 " people, %" PRId64
           " assignments, %" PRId64 " transfers, %" PRId64 " audit lines\n"
           "  %s; ledger control check ok (%zu accounts, %zu transfers, sums "
           "zero)\n",
           verb, path, info->schema, info->organisations, info->people, info->assignments,
           info->transfers, info->audit_rows, info->verified, info->check.accounts_checked,
           info->check.transfers_checked);
}

/* Writes the restore's audit line (actor "cli") into st. */
static int nb_restore_audit(nb_store *st, const char *src)
{
    nb_err err = {{0}};
    nb_actor actor = {"cli", "system", "local"};
    json_t *d = json_pack("{s:s}", "bron", src);
    char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
    json_decref(d);
    if (detail == NULL) {
        fprintf(stderr, "noaber restore: restored, but out of memory for the audit line\n");
        return NB_EXIT_FAIL;
    }
    int rc = nb_store_begin(st, &err);
    if (rc == 0)
        rc = nb_store_audit(st, &actor, "restore", "database", 0, detail, &err);
    if (rc == 0)
        rc = nb_store_commit(st, &err);
    else
        nb_store_rollback(st);
    free(detail);
    if (rc != 0) {
        fprintf(stderr, "noaber restore: restored, but the audit line failed: %s\n", err.msg);
        return NB_EXIT_FAIL;
    }
    return NB_EXIT_OK;
}

/* Restore on PostgreSQL: st (open on conninfo) is closed here — the restore
 * replaces the schema under it — and a new connection writes the audit. */
static int nb_restore_run_pg(nb_store *st, const char *conninfo, const char *src)
{
    nb_err err = {{0}};
    nb_backup_info info;
    nb_store_close(st);
    int rc = nb_store_restore_pg(conninfo, src, &info, &err);
    if (rc == NB_ECONFLICT) {
        fprintf(stderr,
                "noaber restore: %s; the backup IS restored (it was written by a faulty or "
                "tampered source): restore another backup\n",
                err.msg);
        return NB_EXIT_FAIL;
    }
    if (rc != 0) {
        fprintf(stderr, "noaber restore: %s; the database is unchanged\n", err.msg);
        return NB_EXIT_FAIL;
    }
    nb_store *again = NULL;
    if (nb_store_open(conninfo, 0, &again, &err) != 0) {
        fprintf(stderr, "noaber restore: restored, but cannot reopen it: %s\n", err.msg);
        return NB_EXIT_FAIL;
    }
    int status = nb_restore_audit(again, src);
    nb_store_close(again);
    if (status == NB_EXIT_OK)
        nb_backup_print("restored from", src, &info);
    return status;
}

/* Restore: replace st's database with src, then audit it there. st is
 * closed here. */
static int nb_restore_run(nb_store *st, const char *target, const char *src, int force)
{
    nb_err err = {{0}};
    nb_backup_info info;
    int64_t rows = nb_store_content_rows(st);
    if (rows < 0) {
        fprintf(stderr, "noaber restore: cannot read the current database\n");
        nb_store_close(st);
        return NB_EXIT_FAIL;
    }
    if (rows > 0 && !force) {
        fprintf(stderr,
                "noaber restore: the database already holds a network (%" PRId64
                " rows); restoring replaces all of it. Run again with --force to do so\n",
                rows);
        nb_store_close(st);
        return NB_EXIT_USAGE;
    }
    if (nb_store_dialect(st) == NB_DB_POSTGRESQL)
        return nb_restore_run_pg(st, target, src);
    int status = NB_EXIT_OK;
    if (nb_store_restore(st, src, &info, &err) != 0) {
        fprintf(stderr, "noaber restore: %s; the database is unchanged\n", err.msg);
        status = NB_EXIT_FAIL;
    } else if ((status = nb_restore_audit(st, src)) == NB_EXIT_OK) {
        nb_backup_print("restored from", src, &info);
    }
    nb_store_close(st);
    return status;
}

/* `noaber backup` and `noaber restore` share options; is_restore picks. */
static int nb_backup_main(int argc, char **argv, int is_restore)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"config", required_argument, NULL, 'c'},
        {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *name = is_restore ? "restore" : "backup";
    nb_cli_opts o = {0};
    int force = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:c:fh", opts, NULL)) != -1) {
        int s = nb_cli_shared_opt(c, optarg, "dc", &o);
        if (s < 0)
            return NB_EXIT_USAGE;
        if (s > 0)
            continue;
        switch (c) {
        case 'f':
            if (!is_restore)
                goto usage;
            force = 1;
            break;
        case 'h':
            if (is_restore)
                printf("usage: noaber restore [--db FILE] [--config FILE] [--force] BACKUP\n\n"
                       "Replaces the database with the backup file BACKUP. SQLite: the backup\n"
                       "is first copied aside, migrated to this noaber's schema and checked\n"
                       "(SQLite's integrity check and the ledger control check); only a backup\n"
                       "that passes replaces the database, in one step. PostgreSQL: BACKUP is a\n"
                       "pg_dump archive (noaber backup); it replaces the whole schema in one\n"
                       "transaction (pg_restore and psql, from PATH), then it is migrated and\n"
                       "checked. A database that already holds a network is replaced only with\n"
                       "--force. BACKUP is never written.\n");
            else
                printf("usage: noaber backup [--db FILE] [--config FILE] BACKUP\n\n"
                       "Writes a consistent copy of the database to the new file BACKUP while\n"
                       "servers keep serving (SQLite's online backup API; on PostgreSQL\n"
                       "pg_dump --format=custom from PATH, from the snapshot the checks read),\n"
                       "then checks the copy (integrity check or pg_restore --list, ledger\n"
                       "control check) and prints what it holds. An existing BACKUP is never\n"
                       "overwritten.\n");
            return NB_EXIT_OK;
        default:
            goto usage;
        }
    }
    if (optind + 1 != argc) {
        fprintf(stderr, "noaber %s: name one backup file%s\n", name,
                optind < argc ? " (too many arguments)" : "");
        goto usage;
    }
    const char *file = argv[optind];
    char target[4096];
    if (nb_cli_db_setting(o.db, o.config, target, sizeof target) != 0)
        return NB_EXIT_FAIL;
    nb_store *st = nb_cli_open_store(target, NULL, is_restore);
    if (st == NULL)
        return NB_EXIT_FAIL;
    if (is_restore)
        return nb_restore_run(st, target, file, force);
    int status = NB_EXIT_OK;
    {
        nb_err err = {{0}};
        nb_backup_info info;
        int rc = nb_store_dialect(st) == NB_DB_POSTGRESQL
                     ? nb_store_backup_pg(st, target, file, &info, &err)
                     : nb_store_backup(st, file, &info, &err);
        if (rc != 0) {
            fprintf(stderr, "noaber backup: %s\n", err.msg);
            status = NB_EXIT_FAIL;
        } else {
            nb_backup_print("backup written to", file, &info);
        }
    }
    nb_store_close(st);
    return status;
usage:
    fprintf(stderr, "noaber %s: run 'noaber %s --help' for the options\n", name, name);
    return NB_EXIT_USAGE;
}

int nb_cmd_backup(int argc, char **argv)
{
    return nb_backup_main(argc, argv, 0);
}

int nb_cmd_restore(int argc, char **argv)
{
    return nb_backup_main(argc, argv, 1);
}
