/*
 * store/allocations.h — allocations (inzet): a person's planned minutes on
 * one line of an assignment, and the ledger reservations they hold.
 *
 * Status: concept → bevestigd → beeindigd, or concept → beeindigd (the
 * database refuses anything else). Confirming reserves the minutes in the
 * ledger (store/hours_ledger.h); the reservation rows recorded here name the
 * pending ledger transfers per charged organisation. At most one reservation
 * per (allocation, organisation) is open; an approval resolves it (geboekt)
 * and opens the next one (seq + 1) for the rest; ending voids it
 * (vrijgegeven). Nothing is deleted.
 *
 * All calls run inside the caller's transaction; the caller checks
 * references and rules first.
 */
#ifndef NB_STORE_ALLOCATIONS_H
#define NB_STORE_ALLOCATIONS_H

#include "util/attr.h"

#include "core/ledger.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define NB_ALLOC_NOTE_MAX 500 /* code points */

typedef struct nb_alloc {
    int64_t id;
    int64_t assignment_id;
    int64_t line_id; /* an assignment_lines row of assignment_id */
    int64_t person_id;
    int64_t person_org_id;  /* loaded: the person's home organisation */
    int64_t minutes;        /* planned, > 0 */
    char status[12];        /* concept, bevestigd, beeindigd */
    int64_t minutes_posted; /* approved minutes of its time entries */
    char note[NB_ALLOC_NOTE_MAX * 4 + 1];
    char confirmed_at[21]; /* "" until confirmed */
    char ended_at[21];     /* "" until ended */
    char created_at[21];
    char updated_at[21];
    int64_t revision;
} nb_alloc;

typedef struct nb_alloc_filter {
    int64_t assignment_id;   /* 0 = any */
    int64_t person_id;       /* 0 = any */
    int64_t organisation_id; /* the person's home org or a requester of the assignment; 0 = any */
    const char *status;      /* NULL = any */
    nb_sort sort;            /* over nb_alloc_sort_fields; n = 0: by id */
    int64_t after_id;        /* keyset paging: only ids above this (0 = all) */
} nb_alloc_filter;

/* The fields a list of allocations can be sorted on (API names), NULL-terminated. */
extern const nb_sort_field nb_alloc_sort_fields[];

/* Inserts a (status as given, usually concept); sets id, timestamps, revision. */
NB_MUST_USE int nb_alloc_insert(nb_store *st, nb_alloc *a, nb_err *err);

/* Loads allocation id into out. NB_ENOTFOUND if absent. */
NB_MUST_USE int nb_alloc_get(nb_store *st, int64_t id, nb_alloc *out, nb_err *err);

/*
 * Calls fn for each allocation matching filter (NULL = all) ordered by id,
 * skipping offset, at most limit (< 0: all). *total (optional) gets the count.
 * fn returning non-zero stops the walk and is returned.
 */
NB_MUST_USE int nb_alloc_list(nb_store *st, const nb_alloc_filter *filter, int64_t offset,
                              int64_t limit, int (*fn)(void *ctx, const nb_alloc *a), void *ctx,
                              int64_t *total, nb_err *err);

/*
 * Moves allocation id to status (bevestigd sets confirmed_at, beeindigd
 * ended_at) and bumps the revision. NB_ENOTFOUND if absent; NB_ECONFLICT when
 * the database refuses the transition.
 */
NB_MUST_USE int nb_alloc_set_status(nb_store *st, int64_t id, const char *status, nb_err *err);

/* Adds minutes to minutes_posted of allocation id, read in this write
 * transaction. NB_ENOTFOUND when it is missing: at once on SQLite, on
 * PostgreSQL as NB_ECONFLICT of the transaction's next statement (store.h
 * nb_store_exec_later_one). */
NB_MUST_USE int nb_alloc_add_posted(nb_store *st, int64_t id, int64_t minutes, nb_err *err);

/*
 * The first confirmed allocation of person_id on assignment_id into
 * *allocation_id; 0 when found, NB_ENOTFOUND when there is none.
 */
NB_MUST_USE int nb_alloc_find_confirmed(nb_store *st, int64_t person_id, int64_t assignment_id,
                                        int64_t *allocation_id, nb_err *err);

/*
 * Sum of the planned minutes of the allocations on line line_id of
 * assignment_id that are not ended (concept + bevestigd) into *minutes (0
 * when there are none; the assignment narrows the lookup to its index).
 * Returns 0 or NB_EDB.
 */
NB_MUST_USE int nb_alloc_line_planned(nb_store *st, int64_t assignment_id, int64_t line_id,
                                      int64_t *minutes, nb_err *err);

/*
 * Writes the ids of the allocations of assignment_id that are not ended
 * (concept or bevestigd) into ids (caller-owned, max elements) in id order;
 * *n gets the number found (may exceed max; only max are written).
 */
NB_MUST_USE int nb_alloc_open_of_assignment(nb_store *st, int64_t assignment_id, int64_t *ids,
                                            size_t max, size_t *n, nb_err *err);

/* ---- Reservations ---------------------------------------------------------- */

typedef struct nb_alloc_res {
    int64_t id;
    int64_t allocation_id;
    int64_t organisation_id;               /* the charged organisation */
    int64_t seq;                           /* 1, 2, ... per (allocation, organisation) */
    char transfer_id[NB_TRANSFER_ID_SIZE]; /* the pending ledger transfer */
    int64_t minutes;                       /* reserved */
    char state[12];                        /* open, geboekt, vrijgegeven */
    int64_t posted_minutes;                /* geboekt: minutes posted */
    char resolved_by[NB_TRANSFER_ID_SIZE]; /* id of the post/void */
    char created_at[21];
} nb_alloc_res;

/*
 * Reads allocation id into *out (as nb_alloc_get) and calls fn for each of
 * its open reservations (in no particular order; at most one per
 * organisation) in the same statement (one round trip). A non-zero return of fn stops and is returned. NB_ENOTFOUND when
 * the allocation is missing.
 */
NB_MUST_USE int nb_alloc_get_open(nb_store *st, int64_t id, nb_alloc *out,
                                  int (*fn)(void *ctx, const nb_alloc_res *r), void *ctx,
                                  nb_err *err);

/* Records a new open reservation r (state forced to open, created_at now);
 * r->id is left 0 (not read back: on PostgreSQL the insert waits for the
 * next statement, store.h nb_store_exec_later). */
NB_MUST_USE int nb_alloc_res_insert(nb_store *st, nb_alloc_res *r, nb_err *err);

/*
 * Marks the open reservation transfer_id resolved: state "geboekt" (with
 * posted_minutes) or "vrijgegeven", resolved_by the post/void id.
 * NB_ENOTFOUND when no open reservation has that transfer id: at once on
 * SQLite, on PostgreSQL as NB_ECONFLICT of the transaction's next statement
 * (store.h nb_store_exec_later_one), so the caller has read it open under
 * the allocation's lock or the write lock.
 */
NB_MUST_USE int nb_alloc_res_resolve(nb_store *st, const char *transfer_id, const char *state,
                                     int64_t posted_minutes, const char *resolved_by, nb_err *err);

/*
 * Calls fn for every reservation row of the n allocations ids (a page of a
 * list), ordered by allocation id, then id: one query for the page (the ids
 * go in as one JSON array), not one per allocation. A non-zero return from
 * fn stops the walk and is returned; NB_ENOMEM, NB_EDB/NB_EBUSY (err).
 */
NB_MUST_USE int nb_alloc_res_list_many(nb_store *st, const int64_t *ids, size_t n,
                                       int (*fn)(void *ctx, const nb_alloc_res *r), void *ctx,
                                       nb_err *err);

/*
 * Calls fn(ctx, allocation id, minutes) once for every allocation of the n
 * ids (a page of a list) that has open reservations, with the sum of their
 * minutes (gereserveerdMinuten), in allocation id order: one query for the
 * page, no reservation rows read but the open ones. An allocation without
 * open reservations is not named (its sum is 0). A non-zero return from fn
 * stops the walk and is returned; NB_ENOMEM, NB_EDB/NB_EBUSY (err).
 */
NB_MUST_USE int nb_alloc_res_open_many(nb_store *st, const int64_t *ids, size_t n,
                                       int (*fn)(void *ctx, int64_t allocation_id, int64_t minutes),
                                       void *ctx, nb_err *err);

/* Calls fn for every reservation row of allocation_id, ordered by id. */
NB_MUST_USE int nb_alloc_res_list(nb_store *st, int64_t allocation_id,
                                  int (*fn)(void *ctx, const nb_alloc_res *r), void *ctx,
                                  nb_err *err);

#endif
