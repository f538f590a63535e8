/*
 * store/migrate_store.h — `noaber migrate-store`: copy a whole network from
 * one store to another (SQLite to PostgreSQL, or back), ids kept, then prove
 * the copy: row counts per table, every ledger account's balances and the
 * ledger control check compared between source and target.
 *
 * The copy reads one snapshot of the source and writes the target in ONE
 * write transaction, committed only when every comparison agrees; any
 * difference or error rolls it back, so the target is either the complete,
 * checked copy or as it was (empty). The tables are taken from the
 * database's own catalog and copied parents first (the foreign keys of the
 * target decide the order), each in id order; on PostgreSQL every identity
 * sequence is then set past its table's largest id. The copy only inserts:
 * the append-only triggers (BEFORE UPDATE / BEFORE DELETE) never fire and
 * none is disabled. The ledger's month totals (ledger_account_months) are
 * copied like every table (no trigger builds them since migration 019), and
 * the control check of the target compares them with its transfers.
 */
#ifndef NB_STORE_MIGRATE_STORE_H
#define NB_STORE_MIGRATE_STORE_H

#include "core/ledger.h"
#include "store/store.h"
#include "util/attr.h"
#include "util/error.h"

#include <stdint.h>

#define NB_MIGRATE_MAX_TABLES 128

typedef struct nb_migrate_table {
    char name[64];
    int64_t source_rows; /* counted in the source snapshot */
    int64_t target_rows; /* counted in the target transaction, after the copy */
} nb_migrate_table;

typedef struct nb_migrate_report {
    int schema;                                     /* schema version of both */
    int ntables;                                    /* tables copied, in copy order */
    nb_migrate_table tables[NB_MIGRATE_MAX_TABLES]; /* in the order copied */
    int64_t rows;                                   /* rows copied in all */
    int64_t accounts_compared;     /* ledger accounts whose four balances were compared */
    int64_t account_differences;   /* accounts whose balances differ (must be 0) */
    nb_ledger_report source_check; /* the control check of the source snapshot */
    nb_ledger_report target_check; /* and of the target, before its commit */
    int sequences_set;             /* identity sequences moved past max(id) (PostgreSQL) */
    char first_difference[200];    /* "" when everything agrees */
} nb_migrate_report;

/*
 * Copies every table of src into dst (both open, at the same current schema
 * version: open src without migrating, dst with) and compares them as the
 * header says, filling *rep (caller-owned; written also on a failure, so the
 * caller can print what differed). Refused with NB_ECONFLICT, before
 * anything is written, when any table of dst already holds a row (the target
 * must be empty) or the schema versions or table sets differ. Returns 0
 * (committed), NB_ECONFLICT (a difference after the copy — rolled back; the
 * first in rep->first_difference and err), or the database error (rolled
 * back), with a message in err.
 */
NB_MUST_USE int nb_store_migrate(nb_store *src, nb_store *dst, nb_migrate_report *rep, nb_err *err);

#endif
