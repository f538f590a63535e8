/*
 * tests/store/store_db.c — one fresh database per test case, SQLite or
 * PostgreSQL (NOABER_TEST_PG), and its removal. See store_db.h.
 */
#include "store_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *nb_t_pg(void)
{
    const char *pg = getenv("NOABER_TEST_PG");
    return pg != NULL && *pg != '\0' ? pg : NULL;
}

/* Runs sql as the cluster's owner on its database postgres; 0 or -1. */
static int pg_admin(const char *pg, const char *sql)
{
    char cmd[1200];
    int n = snprintf(cmd, sizeof cmd, "psql -X -q '%s dbname=postgres' -c '%s' >&2", pg, sql);
    if (n < 0 || (size_t)n >= sizeof cmd)
        return -1;
    return system(cmd) == 0 ? 0 : -1; // NOLINT(cert-env33-c): psql; the SQL is made here
}

/* nb_t_pg_db_new, with the database's name in name[64] too. */
static int pg_db_new(const char *prefix, char name[64], char *out, size_t len)
{
    static int seq; /* per process: the pid tells the processes apart */
    const char *pg = nb_t_pg();
    char sql[128];
    if (pg == NULL)
        return -1;
    snprintf(name, 64, "%s%ld_%d", prefix, (long)getpid(), ++seq);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    if (pg_admin(pg, sql) != 0) {
        fprintf(stderr, "store_db: could not create database %s\n", name);
        return -1;
    }
    int n = snprintf(out, len, "%s dbname=%s", pg, name);
    return n < 0 || (size_t)n >= len ? -1 : 0;
}

int nb_t_pg_db_new(const char *prefix, char *out, size_t len)
{
    char name[64];
    return pg_db_new(prefix, name, out, len);
}

void nb_t_sqlite_remove(const char *path)
{
    char p[96];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

int nb_t_sqlite_fresh(const char *prefix, char *path, size_t len)
{
    int n = snprintf(path, len, "/tmp/nb_%s_XXXXXX", prefix);
    if (n < 0 || (size_t)n >= len)
        return -1;
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("store_db: mkstemp");
        return -1;
    }
    close(fd);
    unlink(path);
    return 0;
}

int nb_t_db_fresh(const char *prefix, nb_t_db *db)
{
    memset(db, 0, sizeof *db);
    if (nb_t_pg() != NULL)
        return pg_db_new(prefix, db->pgname, db->target, sizeof db->target);
    if (nb_t_sqlite_fresh(prefix, db->file, sizeof db->file) != 0)
        return -1;
    snprintf(db->target, sizeof db->target, "%s", db->file);
    return 0;
}

void nb_t_db_remove(const nb_t_db *db)
{
    const char *pg = nb_t_pg();
    if (db->file[0] != '\0') {
        nb_t_sqlite_remove(db->file);
    } else if (db->pgname[0] != '\0' && pg != NULL) {
        char sql[128];
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", db->pgname);
        if (pg_admin(pg, sql) != 0)
            fprintf(stderr, "store_db: could not drop database %s\n", db->pgname);
    }
}
