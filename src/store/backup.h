/*
 * store/backup.h — `noaber backup` and `noaber restore`.
 *
 * SQLite (store/backup.c): a consistent online copy (SQLite's backup API,
 * while servers keep serving) and a restore that checks a backup completely
 * before it replaces anything.
 *
 * PostgreSQL (store/backup_pg.c): pg_dump in its custom format from the
 * snapshot the checks read, verified with pg_restore --list; a restore that
 * replaces the whole schema in one transaction (pg_restore's script run by
 * psql --single-transaction), then migrates and checks the result. The
 * tools are started with an argv (posix_spawnp, no shell) from PATH.
 *
 * All end with the same verification of the result: the schema version, the
 * row counts below and the ledger control check (store/ledger_store.h
 * nb_ledger_store_check), on SQLite after PRAGMA integrity_check. A copy that
 * fails it is not a backup: the file is removed and the call fails.
 */
#ifndef NB_STORE_BACKUP_H
#define NB_STORE_BACKUP_H

#include "core/ledger.h"
#include "store/store.h"
#include "util/attr.h"
#include "util/error.h"

#include <stdint.h>

typedef struct nb_backup_info {
    int schema;            /* schema version of the checked database */
    int64_t organisations; /* row counts, for the operator to compare */
    int64_t people;
    int64_t assignments;
    int64_t transfers;
    int64_t audit_rows;
    nb_ledger_report check; /* the ledger control check of the result */
    char verified[96];      /* what the engine checked: "integrity check ok", ... */
} nb_backup_info;

/*
 * The engine-independent checks of a backup or a restored database, on the
 * open store st (inside the caller's snapshot, if it has one): the schema
 * version, the row counts of *info and the ledger control check. label names
 * the database in messages. Fills *info except info->verified. Returns 0,
 * NB_ECONFLICT (the control check fails; why in err) or the database error.
 */
NB_MUST_USE int nb_store_backup_verify(nb_store *st, const char *label, nb_backup_info *info,
                                       nb_err *err);

/*
 * Copies the open database st into the new file dest (refused with NB_ECONFLICT
 * when dest exists: a backup never overwrites) as one consistent snapshot,
 * then verifies the copy and fills *info. On any failure dest is removed.
 * Returns 0, NB_ECONFLICT (dest exists, or the copy fails the control check),
 * NB_EIO (cannot create dest) or NB_EDB, with a message in err.
 */
NB_MUST_USE int nb_store_backup(nb_store *st, const char *dest, nb_backup_info *info, nb_err *err);

/*
 * Replaces the whole database of st with the backup file src. src is first
 * copied to a temporary file next to st's database, migrated to this
 * binary's schema and verified there (src itself is never written); only
 * then is it copied into st with the backup API, so that other connections
 * see either the old or the restored database, never a mix. *info describes
 * the restored database. Returns 0, NB_ENOTFOUND (no src), NB_EDB or
 * NB_ECONFLICT (src fails the checks; st unchanged), with a message in err.
 */
NB_MUST_USE int nb_store_restore(nb_store *st, const char *src, nb_backup_info *info, nb_err *err);

/*
 * nb_store_backup for PostgreSQL: conninfo is st's database setting (handed
 * to pg_dump as one argv element, never through a shell). Claims dest (never
 * overwritten), opens a read snapshot on st, exports it and runs
 * `pg_dump -Fc --snapshot` from that very snapshot while st counts the rows
 * and runs the control check in it; then `pg_restore --list dest` must read
 * the archive and find the data of every table counted. On any failure dest
 * is removed. NB_ENOTFOUND when pg_dump or pg_restore is not on PATH (the
 * message says so in Dutch and English); otherwise as nb_store_backup.
 */
NB_MUST_USE int nb_store_backup_pg(nb_store *st, const char *conninfo, const char *dest,
                                   nb_backup_info *info, nb_err *err);

/*
 * Replaces the PostgreSQL database conninfo with the pg_dump archive src.
 * Steps: `pg_restore --list src` (a readable archive of a noaber database:
 * it has the data of noaber_schema and ledger_transfers), `pg_restore -f`
 * into a private temporary script (0600, in TMPDIR, removed after), then
 * `psql --single-transaction -v ON_ERROR_STOP=1` runs "DROP SCHEMA public
 * CASCADE; CREATE SCHEMA public" and the script as ONE transaction — either
 * the whole backup replaces the whole schema or nothing changes. Then the
 * database is opened with migrations (an older backup is brought up to this
 * binary's schema) and verified into *info. No connection of the caller may
 * be open on conninfo with a transaction in progress (it would hold the
 * locks the DROP waits for). Returns 0; NB_ENOTFOUND (no src, or a tool not
 * on PATH); NB_EPARSE (not a noaber archive; nothing changed); NB_EDB (the
 * restore failed and was rolled back; nothing changed); NB_ECONFLICT (the
 * restored database fails the control check: it IS restored, err says so).
 */
NB_MUST_USE int nb_store_restore_pg(const char *conninfo, const char *src, nb_backup_info *info,
                                    nb_err *err);

/* Creates dest empty (0600), so that a backup never overwrites a file: 0,
 * NB_ECONFLICT when it exists, NB_EIO. The caller removes it on failure. */
NB_MUST_USE int nb_backup_claim(const char *dest, nb_err *err);

/* Rows in the organisation, person, assignment and transfer tables of st
 * together (0 for an empty network); -1 on a database error. */
NB_MUST_USE int64_t nb_store_content_rows(nb_store *st);

#endif
