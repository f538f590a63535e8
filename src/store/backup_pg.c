/*
 * store/backup_pg.c — `noaber backup` and `noaber restore` on PostgreSQL
 * (contracts in store/backup.h): pg_dump / pg_restore / psql started with an
 * argv from PATH (posix_spawnp; no shell ever sees the connection string or
 * a file name), their output collected for the error message.
 */
#include "store/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* What a tool printed (stdout and stderr together), the first part kept. */
typedef struct nb_tool_out {
    char *text; /* malloc'd, NUL-terminated; NULL when out of memory */
    size_t len;
} nb_tool_out;

#define NB_TOOL_OUT_MAX (4u << 20)

/* The last non-empty line of a tool's output, for a one-line message. */
static void nb_tool_last_line(const nb_tool_out *o, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (o->text == NULL)
        return;
    size_t end = o->len;
    while (end > 0 && (o->text[end - 1] == '\n' || o->text[end - 1] == ' '))
        end--;
    size_t start = end;
    while (start > 0 && o->text[start - 1] != '\n')
        start--;
    snprintf(buf, cap, "%.*s", (int)(end - start), o->text + start);
}

/*
 * Runs argv[0] (looked up on PATH) with argv, stdin from /dev/null, stdout
 * and stderr into *out (caller frees out->text). 0 when it exited with 0;
 * NB_ENOTFOUND when it is not on PATH (message in Dutch and English);
 * NB_EIO when it could not run or failed (its last output line in err).
 */
static int nb_tool_run(const char *const argv[], nb_tool_out *out, nb_err *err)
{
    int pfd[2] = {-1, -1};
    posix_spawn_file_actions_t fa;
    int fa_ok = 0;
    pid_t pid = -1;
    int rc = 0;
    out->text = NULL;
    out->len = 0;
    if (pipe2(pfd, O_CLOEXEC) != 0)
        return nb_err_set(err, NB_EIO, "%s: cannot make a pipe: %s", argv[0], strerror(errno));
    if (posix_spawn_file_actions_init(&fa) != 0) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
        goto cleanup;
    }
    fa_ok = 1;
    if (posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0) != 0 ||
        posix_spawn_file_actions_adddup2(&fa, pfd[1], 1) != 0 ||
        posix_spawn_file_actions_adddup2(&fa, pfd[1], 2) != 0) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
        goto cleanup;
    }
    int e = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    if (e != 0) {
        pid = -1;
        rc = e == ENOENT ? nb_err_set(err, NB_ENOTFOUND,
                                      "%s is not on PATH; install the PostgreSQL client tools "
                                      "(Debian: postgresql-client) / %s niet gevonden in PATH; "
                                      "installeer postgresql-client",
                                      argv[0], argv[0])
                         : nb_err_set(err, NB_EIO, "cannot start %s: %s", argv[0], strerror(e));
        goto cleanup;
    }
    (void)close(pfd[1]);
    pfd[1] = -1;
    size_t cap = 4096;
    out->text = malloc(cap);
    for (;;) {
        char chunk[4096];
        ssize_t n = read(pfd[0], chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        if (out->text == NULL || out->len + (size_t)n + 1 > NB_TOOL_OUT_MAX)
            continue; /* keep draining: the tool must not block on a full pipe */
        if (out->len + (size_t)n + 1 > cap) {
            while (out->len + (size_t)n + 1 > cap)
                cap *= 2;
            char *grown = realloc(out->text, cap);
            if (grown == NULL) {
                free(out->text);
                out->text = NULL;
                continue;
            }
            out->text = grown;
        }
        memcpy(out->text + out->len, chunk, (size_t)n);
        out->len += (size_t)n;
    }
    if (out->text != NULL)
        out->text[out->len] = '\0';
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            rc = nb_err_set(err, NB_EIO, "waiting for %s: %s", argv[0], strerror(errno));
            goto cleanup;
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char last[300];
        nb_tool_last_line(out, last, sizeof last);
        rc = nb_err_set(err, NB_EIO, "%s failed (%s %d): %s", argv[0],
                        WIFEXITED(status) ? "exit" : "signal",
                        WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
                        last[0] ? last : "no output");
    }
cleanup:
    if (fa_ok)
        posix_spawn_file_actions_destroy(&fa);
    if (pfd[0] >= 0)
        (void)close(pfd[0]);
    if (pfd[1] >= 0)
        (void)close(pfd[1]);
    return rc;
}

/* Whether the TOC listing of `pg_restore --list` has the data of table. */
static int nb_toc_has_data(const char *toc, const char *table)
{
    char want[128];
    snprintf(want, sizeof want, "TABLE DATA public %s ", table);
    return toc != NULL && strstr(toc, want) != NULL;
}

/* `pg_restore --list file`: 0 when it reads as an archive with the data of
 * every table named in tables (NULL-terminated); NB_EPARSE otherwise. */
static int nb_archive_check(const char *file, const char *const *tables, nb_err *err)
{
    const char *argv[] = {"pg_restore", "--list", file, NULL};
    nb_tool_out o;
    int rc = nb_tool_run(argv, &o, err);
    if (rc == NB_EIO) {
        rc = nb_err_set(err, NB_EPARSE, "'%s' is not a readable pg_dump archive (%s)", file,
                        err->msg);
    }
    for (const char *const *t = tables; rc == 0 && *t; t++)
        if (!nb_toc_has_data(o.text, *t))
            rc = nb_err_set(err, NB_EPARSE,
                            "'%s' is not a pg_dump archive of a noaber database (no data of %s)",
                            file, *t);
    free(o.text);
    return rc;
}

static const char *const nb_backup_pg_tables[] = {
    "noaber_schema",   "organisations",    "people",    "assignments",
    "ledger_accounts", "ledger_transfers", "audit_log", NULL};

int nb_store_backup_pg(nb_store *st, const char *conninfo, const char *dest, nb_backup_info *info,
                       nb_err *err)
{
    int claimed = 0, in_tx = 0;
    int rc = 0;
    char snapshot[128] = "";
    memset(info, 0, sizeof *info);
    /* Claim the name first: a backup never overwrites a file. */
    if ((rc = nb_backup_claim(dest, err)) != 0)
        goto cleanup;
    claimed = 1;
    /* One snapshot for the dump and the checks: pg_dump --snapshot. */
    if ((rc = nb_store_begin_read(st, err)) != 0)
        goto cleanup;
    in_tx = 1;
    nb_db_stmt *s = nb_store_stmt(st, "SELECT pg_export_snapshot()", err);
    if (s == NULL) {
        rc = NB_EDB;
        goto cleanup;
    }
    if (nb_store_step(st, s) == NB_DB_ROW)
        snprintf(snapshot, sizeof snapshot, "--snapshot=%s", nb_store_col_text(s, 0));
    else
        rc = nb_store_fail(st, err, "exporting the snapshot");
    nb_db_reset(s);
    if (rc != 0)
        goto cleanup;
    const char *argv[] = {"pg_dump", "--format=custom", "--no-password", snapshot, "--file",
                          dest,      "--dbname",        conninfo,        NULL};
    nb_tool_out o;
    rc = nb_tool_run(argv, &o, err);
    free(o.text);
    if (rc != 0)
        goto cleanup;
    if ((rc = nb_store_backup_verify(st, dest, info, err)) != 0)
        goto cleanup;
    in_tx = 0;
    if ((rc = nb_store_commit(st, err)) != 0)
        goto cleanup;
    if ((rc = nb_archive_check(dest, nb_backup_pg_tables, err)) != 0)
        goto cleanup;
    snprintf(info->verified, sizeof info->verified,
             "pg_dump archive read back ok (pg_restore --list)");
cleanup:
    if (in_tx)
        nb_store_rollback(st);
    if (rc != 0 && claimed)
        (void)unlink(dest);
    return rc;
}

int nb_store_restore_pg(const char *conninfo, const char *src, nb_backup_info *info, nb_err *err)
{
    char script[4096] = "";
    nb_store *st = NULL;
    int rc = 0;
    memset(info, 0, sizeof *info);
    if (access(src, R_OK) != 0)
        return nb_err_set(err, NB_ENOTFOUND, "cannot read the backup '%s': %s", src,
                          strerror(errno));
    if ((rc = nb_archive_check(src, nb_backup_pg_tables, err)) != 0)
        return rc;
    const char *tmp = getenv("TMPDIR");
    if (tmp == NULL || tmp[0] == '\0')
        tmp = "/tmp";
    if ((size_t)snprintf(script, sizeof script, "%s/noaber-restore-XXXXXX", tmp) >= sizeof script)
        return nb_err_set(err, NB_EIO, "TMPDIR is too long");
    int fd = mkstemp(script);
    if (fd < 0) {
        rc = nb_err_set(err, NB_EIO, "cannot create a temporary file in %s: %s", tmp,
                        strerror(errno));
        script[0] = '\0';
        goto cleanup;
    }
    (void)close(fd);
    /* The whole script first: psql must never see a truncated one. */
    const char *dump[] = {"pg_restore", "--no-owner", "--file", script, src, NULL};
    nb_tool_out o;
    rc = nb_tool_run(dump, &o, err);
    free(o.text);
    if (rc != 0)
        goto cleanup;
    /* One transaction: the old schema goes and the backup's comes, or
     * (any error: ON_ERROR_STOP) nothing changes. */
    const char *load[] = {"psql",
                          "--no-psqlrc",
                          "--quiet",
                          "--no-password",
                          "--single-transaction",
                          "--set",
                          "ON_ERROR_STOP=1",
                          "--dbname",
                          conninfo,
                          "--command",
                          "DROP SCHEMA IF EXISTS public CASCADE",
                          "--command",
                          "CREATE SCHEMA public",
                          "--file",
                          script,
                          NULL};
    rc = nb_tool_run(load, &o, err);
    free(o.text);
    if (rc != 0) {
        if (rc == NB_EIO) {
            rc = nb_err_set(err, NB_EDB, "%s (rolled back)", err->msg);
        }
        goto cleanup;
    }
    /* Restored: bring it to this binary's schema and check it. */
    if ((rc = nb_store_open(conninfo, 1, &st, err)) != 0)
        goto cleanup;
    rc = nb_store_backup_verify(st, "the restored database", info, err);
    snprintf(info->verified, sizeof info->verified,
             "restored in one transaction (psql --single-transaction)");
cleanup:
    nb_store_close(st);
    if (script[0] != '\0')
        (void)unlink(script);
    return rc;
}
