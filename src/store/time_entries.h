/*
 * store/time_entries.h — time entries (urenregistraties), the ledger
 * transfers their approval made, and closed periods (perioden).
 *
 * A time entry is recorded as ingediend and decided once: goedgekeurd or
 * afgekeurd (the database refuses a second decision and any change of its
 * hours). Approval books ledger transfers (store/hours_ledger.h) that are
 * recorded here per entry. A closed period is an inclusive date range in
 * which no entry is created or decided any more; closing is never undone.
 * Nothing is deleted. All calls run inside the caller's transaction.
 */
#ifndef NB_STORE_TIME_ENTRIES_H
#define NB_STORE_TIME_ENTRIES_H

#include "util/attr.h"

#include "core/hours.h"
#include "core/ledger.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define NB_ENTRY_NOTE_MAX 500   /* code points */
#define NB_ENTRY_REASON_MAX 500 /* code points */

typedef struct nb_entry {
    int64_t id;
    int64_t person_id;
    int64_t person_org_id; /* loaded: the person's home organisation */
    int64_t assignment_id;
    int64_t allocation_id;
    char date[11];   /* YYYY-MM-DD worked */
    int64_t minutes; /* 1..1440 */
    char note[NB_ENTRY_NOTE_MAX * 4 + 1];
    char status[12];              /* ingediend, goedgekeurd, afgekeurd */
    char recorded_by[160];        /* actor that recorded it (role:label) */
    char decided_by[160];         /* actor that decided, "" until decided */
    int64_t decided_by_person_id; /* 0 when beheer decided */
    char decided_at[21];
    char reason[NB_ENTRY_REASON_MAX * 4 + 1];
    char created_at[21];
    char updated_at[21];
    int64_t revision;
} nb_entry;

typedef struct nb_entry_filter {
    int64_t person_id;           /* 0 = any */
    int64_t organisation_id;     /* the person's home organisation; 0 = any */
    int64_t assignment_id;       /* 0 = any */
    int64_t client_person_id;    /* entries on assignments with this ambtelijk
                                    opdrachtgever; 0 = any */
    int either_person_or_client; /* 1: person_id OR client_person_id matches
                                    (a medewerker's own entries plus the ones
                                    it decides) */
    const char *status;          /* NULL = any */
    const char *from;            /* date >= from; NULL = open */
    const char *to;              /* date <= to; NULL = open */
    nb_sort sort;                /* over nb_entry_sort_fields; n = 0: by date, then id */
    int64_t after_id;            /* keyset paging: only ids above this (0 = all); a
                                    keyset page is asked in id order (sort "id") */
} nb_entry_filter;

/* The fields a list of time entries can be sorted on (API names), NULL-terminated. */
extern const nb_sort_field nb_entry_sort_fields[];

/* Inserts e as ingediend; sets id, status, timestamps, revision. */
NB_MUST_USE int nb_entry_insert(nb_store *st, nb_entry *e, nb_err *err);

/*
 * Loads entry id into out. NB_ENOTFOUND if absent. In a row-locked write
 * (nb_store_begin_rows on PostgreSQL) the same statement locks the time entry
 * and its allocation (SELECT ... FOR UPDATE OF both, NOWAIT for a later work
 * of a batch: nb_store_lock_mode) until the transaction ends, so that two
 * approvals of the same entry, or of entries of the same allocation (its
 * reservations and posted minutes), take turns; an entry without an
 * allocation is read without a lock. Then also NB_EBUSY (a row taken, a lock
 * timeout or deadlock; message in err, nb_store_lock_busy).
 */
NB_MUST_USE int nb_entry_get(nb_store *st, int64_t id, nb_entry *out, nb_err *err);

/* Lists like nb_alloc_list (ordered by date, then id, or by filter->sort);
 * *total is memoised while the database is unchanged, NULL counts nothing. */
NB_MUST_USE int nb_entry_list(nb_store *st, const nb_entry_filter *filter, int64_t offset,
                              int64_t limit, int (*fn)(void *ctx, const nb_entry *e), void *ctx,
                              int64_t *total, nb_err *err);

/*
 * Records the decision on entry id (status goedgekeurd or afgekeurd), now;
 * decided_by_person_id 0 = beheer (the column stays NULL). NB_ECONFLICT when
 * it was decided already: at once on SQLite, on PostgreSQL with the
 * transaction's next statement (store.h nb_store_exec_later_one), so the
 * caller reads the entry undecided first in the same write transaction.
 * nb_entry_decide_at: at the given time (an ISO
 * timestamp, decided_at and updated_at).
 */
NB_MUST_USE int nb_entry_decide(nb_store *st, int64_t id, const char *status,
                                const char *decided_by, int64_t decided_by_person_id,
                                const char *reason, nb_err *err);
NB_MUST_USE int nb_entry_decide_at(nb_store *st, int64_t id, const char *status,
                                   const char *decided_by, int64_t decided_by_person_id,
                                   const char *reason, const char *at, nb_err *err);
/*
 * Changes e (the row as read before the decision, in the same write
 * transaction) into the row nb_entry_decide_at leaves with the same
 * arguments: status, decider, reason, decided_at = updated_at = at, revision
 * + 1. So the answer needs no second read. Touches nothing else.
 */
void nb_entry_set_decided(nb_entry *e, const char *status, const char *decided_by,
                          int64_t decided_by_person_id, const char *reason, const char *at);

/*
 * Sum of the minutes of person_id's entries on date that are not rejected,
 * leaving out entry exclude_id (0 = none), into *minutes.
 */
NB_MUST_USE int nb_entry_minutes_on(nb_store *st, int64_t person_id, const char *date,
                                    int64_t exclude_id, int64_t *minutes, nb_err *err);

/* ---- Ledger transfers of an approval ------------------------------------- */

typedef struct nb_entry_transfer {
    int64_t organisation_id; /* the charged organisation */
    char transfer_id[NB_TRANSFER_ID_SIZE];
    char role[16]; /* boeking, herreservering, extra */
    int64_t minutes;
} nb_entry_transfer;

NB_MUST_USE int nb_entry_transfer_insert(nb_store *st, int64_t entry_id, const nb_entry_transfer *t,
                                         nb_err *err);

/* Calls fn for each transfer of the entries ids[0..n) (a list page's, or
 * one), ordered by entry id and then in the order they were booked: one
 * query for the page. fn's nonzero return stops the walk and is returned. */
NB_MUST_USE int nb_entry_transfer_list(nb_store *st, const int64_t *ids, size_t n,
                                       int (*fn)(void *ctx, int64_t entry_id,
                                                 const nb_entry_transfer *t),
                                       void *ctx, nb_err *err);

/* ---- Closed periods --------------------------------------------------------- */

typedef struct nb_period {
    int64_t id;
    char from[11]; /* inclusive */
    char to[11];   /* inclusive */
    char closed_by[160];
    char closed_at[21];
} nb_period;

/* Records closed period p (closed_at is set here); sets p->id. */
NB_MUST_USE int nb_period_insert(nb_store *st, nb_period *p, nb_err *err);

/* The fields a list of periods can be sorted on (API names), NULL-terminated. */
extern const nb_sort_field nb_period_sort_fields[];

/* nb_period_list in sort's order (over nb_period_sort_fields; NULL or n = 0: the default). */
NB_MUST_USE int nb_period_list_sorted(nb_store *st, const nb_sort *sort, int64_t offset,
                                      int64_t limit, int (*fn)(void *ctx, const nb_period *p),
                                      void *ctx, int64_t *total, nb_err *err);

/* Lists closed periods ordered by from, then id (paging as nb_alloc_list). */
NB_MUST_USE int nb_period_list(nb_store *st, int64_t offset, int64_t limit,
                               int (*fn)(void *ctx, const nb_period *p), void *ctx, int64_t *total,
                               nb_err *err);

/* Loads closed period id into out. NB_ENOTFOUND if absent. */
NB_MUST_USE int nb_period_get(nb_store *st, int64_t id, nb_period *out, nb_err *err);

/*
 * Number of entries dated in [from, to] that are still ingediend (undecided)
 * into *n — a period with such entries cannot be closed.
 */
NB_MUST_USE int nb_entry_count_open(nb_store *st, const char *from, const char *to, int64_t *n,
                                    nb_err *err);

/*
 * A closed period sharing at least one day with [from, to] (YYYY-MM-DD,
 * inclusive) into out (optional; the lowest id): 0 when one does,
 * NB_ENOTFOUND when none does, NB_EDB on failure.
 */
NB_MUST_USE int nb_period_overlapping(nb_store *st, const char *from, const char *to,
                                      nb_period *out, nb_err *err);

/*
 * The closed period covering date (YYYY-MM-DD) into out (optional): 0 when
 * one covers it, NB_ENOTFOUND when none does.
 */
NB_MUST_USE int nb_period_covering(nb_store *st, const char *date, nb_period *out, nb_err *err);

#endif
