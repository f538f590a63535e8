/*
 * store/backup.c — online backup and checked restore of the SQLite store
 * (contracts in store/backup.h). The copy is SQLite's backup API in one step:
 * it reads one consistent snapshot while writers go on (WAL), and as a
 * destination it replaces the database under a write lock.
 */
#include "store/backup.h"

#include "store/db_sqlite.h"
#include "store/ledger_store.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Copies all of src into dst ("main" to "main"). 0 or NB_EDB. */
static int nb_backup_copy(sqlite3 *dst, sqlite3 *src, const char *what, nb_err *err)
{
    sqlite3_backup *bk = sqlite3_backup_init(dst, "main", src, "main");
    if (bk == NULL)
        return nb_err_set(err, NB_EDB, "%s: %s", what, sqlite3_errmsg(dst));
    int step = sqlite3_backup_step(bk, -1);
    int fin = sqlite3_backup_finish(bk);
    if (step != NB_DB_DONE || fin != SQLITE_OK)
        return nb_err_set(err, NB_EDB, "%s: %s", what,
                          sqlite3_errstr(step != NB_DB_DONE ? step : fin));
    return 0;
}

/* One integer from a parameterless query; -1 on error. */
static int64_t nb_backup_scalar(nb_store *st, const char *sql)
{
    nb_db_stmt *s = nb_store_stmt(st, sql, NULL);
    if (s == NULL)
        return -1;
    int64_t v = nb_store_step(st, s) == NB_DB_ROW ? nb_db_col_int(s, 0) : -1;
    nb_db_reset(s);
    return v;
}

int64_t nb_store_content_rows(nb_store *st)
{
    return nb_backup_scalar(st, "SELECT (SELECT count(*) FROM organisations)"
                                " + (SELECT count(*) FROM people)"
                                " + (SELECT count(*) FROM assignments)"
                                " + (SELECT count(*) FROM ledger_transfers)");
}

/* The checks of store/backup.h on an open SQLite store: integrity, then
 * the counts and the ledger of nb_store_backup_verify. */
static int nb_backup_check_open(nb_store *st, const char *path, nb_backup_info *info, nb_err *err)
{
    memset(info, 0, sizeof *info);
    nb_db_stmt *s = nb_store_stmt(st, "PRAGMA integrity_check", err);
    if (s == NULL)
        return NB_EDB;
    int rc = nb_store_step(st, s);
    char first[160] = "";
    if (rc == NB_DB_ROW)
        nb_store_col_copy(s, 0, first, sizeof first);
    nb_db_reset(s);
    if (rc != NB_DB_ROW)
        return nb_store_fail(st, err, "integrity check");
    if (strcmp(first, "ok") != 0)
        return nb_err_set(err, NB_ECONFLICT, "'%s' fails SQLite's integrity check: %s", path,
                          first);
    snprintf(info->verified, sizeof info->verified, "integrity check ok");
    return nb_store_backup_verify(st, path, info, err);
}

int nb_store_backup_verify(nb_store *st, const char *path, nb_backup_info *info, nb_err *err)
{
    int rc;
    info->schema = nb_store_schema_version(st);
    info->organisations = nb_backup_scalar(st, "SELECT count(*) FROM organisations");
    info->people = nb_backup_scalar(st, "SELECT count(*) FROM people");
    info->assignments = nb_backup_scalar(st, "SELECT count(*) FROM assignments");
    info->transfers = nb_backup_scalar(st, "SELECT count(*) FROM ledger_transfers");
    info->audit_rows = nb_backup_scalar(st, "SELECT count(*) FROM audit_log");
    if (info->organisations < 0 || info->people < 0 || info->assignments < 0 ||
        info->transfers < 0 || info->audit_rows < 0)
        return nb_store_fail(st, err, "counting the rows");
    rc = nb_ledger_store_check(st, &info->check, err);
    if (rc == NB_ECONFLICT || (rc == 0 && !info->check.ok))
        return nb_err_set(err, NB_ECONFLICT, "'%s' fails the ledger control check: %s", path,
                          info->check.first_problem);
    return rc;
}

/* Opens path as a store (migrating when asked), checks it, closes it. */
static int nb_backup_check_file(const char *path, int migrate, nb_backup_info *info, nb_err *err)
{
    nb_store *st = NULL;
    int rc = nb_store_open(path, migrate, &st, err);
    if (rc == 0)
        rc = nb_backup_check_open(st, path, info, err);
    nb_store_close(st);
    return rc;
}

/* Opens path read-write without the store's setup (a backup API peer). */
static int nb_backup_open_raw(const char *path, int flags, sqlite3 **out, nb_err *err)
{
    if (sqlite3_open_v2(path, out, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        int rc = nb_err_set(err, NB_EDB, "cannot open '%s': %s", path,
                            *out ? sqlite3_errmsg(*out) : "out of memory");
        sqlite3_close(*out);
        *out = NULL;
        return rc;
    }
    sqlite3_busy_timeout(*out, 5000);
    return 0;
}

/* Removes path and the WAL files SQLite may have left next to it. */
static void nb_backup_unlink(const char *path)
{
    char side[4096 + 8];
    (void)unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    (void)unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    (void)unlink(side);
}

int nb_backup_claim(const char *dest, nb_err *err)
{
    int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return errno == EEXIST
                   ? nb_err_set(err, NB_ECONFLICT, "'%s' exists; a backup never overwrites a file",
                                dest)
                   : nb_err_set(err, NB_EIO, "cannot create '%s': %s", dest, strerror(errno));
    (void)close(fd);
    return 0;
}

int nb_store_backup(nb_store *st, const char *dest, nb_backup_info *info, nb_err *err)
{
    sqlite3 *out = NULL;
    int claimed = 0;
    int rc = 0;
    if (nb_store_dialect(st) != NB_DB_SQLITE)
        return nb_err_set(err, NB_EINVAL, "not a SQLite database (nb_store_backup_pg)");
    /* Claim the name first: a backup never overwrites a file. */
    if ((rc = nb_backup_claim(dest, err)) != 0)
        goto cleanup;
    claimed = 1;
    if ((rc = nb_backup_open_raw(dest, SQLITE_OPEN_READWRITE, &out, err)) != 0)
        goto cleanup;
    if ((rc = nb_backup_copy(out, nb_store_sqlite(st), "backup", err)) != 0)
        goto cleanup;
    sqlite3_close(out);
    out = NULL;
    if ((rc = nb_backup_check_file(dest, 0, info, err)) != 0)
        goto cleanup;
    /* One self-contained file (no -wal beside it), so that reading the
     * backup later, even read-only, leaves nothing next to it. */
    if ((rc = nb_backup_open_raw(dest, SQLITE_OPEN_READWRITE, &out, err)) != 0)
        goto cleanup;
    if (sqlite3_exec(out, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
        rc = nb_err_set(err, NB_EDB, "finishing '%s': %s", dest, sqlite3_errmsg(out));
cleanup:
    sqlite3_close(out);
    if (rc != 0 && claimed)
        nb_backup_unlink(dest);
    return rc;
}

int nb_store_restore(nb_store *st, const char *src, nb_backup_info *info, nb_err *err)
{
    sqlite3 *in = NULL;
    sqlite3 *tmp = NULL;
    char tmppath[4096];
    int rc = 0;
    tmppath[0] = '\0';
    if (nb_store_dialect(st) != NB_DB_SQLITE)
        return nb_err_set(err, NB_EINVAL, "not a SQLite database (nb_store_restore_pg)");
    if (access(src, R_OK) != 0)
        return nb_err_set(err, NB_ENOTFOUND, "cannot read the backup '%s': %s", src,
                          strerror(errno));
    const char *target = sqlite3_db_filename(nb_store_sqlite(st), "main");
    if (target == NULL || target[0] == '\0')
        return nb_err_set(err, NB_EDB, "the database to restore into has no file");
    if ((size_t)snprintf(tmppath, sizeof tmppath, "%s.restore-XXXXXX", target) >= sizeof tmppath)
        return nb_err_set(err, NB_EIO, "the database path is too long");
    int fd = mkstemp(tmppath);
    if (fd < 0) {
        rc = nb_err_set(err, NB_EIO, "cannot create a temporary file next to '%s': %s", target,
                        strerror(errno));
        tmppath[0] = '\0';
        goto cleanup;
    }
    (void)close(fd);
    /* The backup is only read: copy it, then migrate and check the copy. */
    if ((rc = nb_backup_open_raw(src, SQLITE_OPEN_READONLY, &in, err)) != 0 ||
        (rc = nb_backup_open_raw(tmppath, SQLITE_OPEN_READWRITE, &tmp, err)) != 0)
        goto cleanup;
    if (nb_backup_copy(tmp, in, "reading the backup", err) != 0) {
        rc = nb_err_set(err, NB_EDB, "'%s' is not a readable SQLite database (%s)", src,
                        err ? err->msg : "");
        goto cleanup;
    }
    sqlite3_close(in);
    in = NULL;
    sqlite3_close(tmp);
    tmp = NULL;
    if ((rc = nb_backup_check_file(tmppath, 1, info, err)) != 0)
        goto cleanup;
    /* Checked: now replace the live database in one step. */
    if ((rc = nb_backup_open_raw(tmppath, SQLITE_OPEN_READONLY, &tmp, err)) != 0 ||
        (rc = nb_backup_copy(nb_store_sqlite(st), tmp, "restoring", err)) != 0)
        goto cleanup;
cleanup:
    sqlite3_close(in);
    sqlite3_close(tmp);
    if (tmppath[0] != '\0')
        nb_backup_unlink(tmppath);
    return rc;
}
