/*
 * store/backup.h — `noaber backup` and `noaber restore` for the SQLite store:
 * a consistent online copy (SQLite's backup API, while servers keep serving)
 * and a restore that checks a backup completely before it replaces anything.
 *
 * Both end with the same verification of the result: PRAGMA integrity_check,
 * the schema version, the row counts below and the ledger control check
 * (store/ledger_store.h nb_ledger_store_check). A copy that fails it is not
 * a backup: the file is removed and the call fails.
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
} nb_backup_info;

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

/* Rows in the organisation, person, assignment and transfer tables of st
 * together (0 for an empty network); -1 on a database error. */
NB_MUST_USE int64_t nb_store_content_rows(nb_store *st);

#endif
