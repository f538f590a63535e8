/*
 * core/hours.h — the rules of allocations (inzet) and time entries
 * (urenregistraties), pure.
 *
 * 1. Who is charged (DOMAIN rule 1). The minutes worked on an assignment
 *    debit the requesting side:
 *      - lokaal:            its single requester pays everything;
 *      - meervoudig-lokaal: split over the requesters by their agreed shares;
 *      - regionaal:         split over all member municipalities (kind
 *                           gemeente) by the network's allocation key.
 *    Splits are exact (largest remainder, split.h): the parts sum to the
 *    whole, ties go to the lower organisation id.
 *
 * 2. The checks of a time entry: minutes 1..1440; the date is not in the
 *    future; the date lies within the assignment's period (startdatum ..
 *    einddatum, inclusive); the person's entries of that day (rejected ones
 *    excluded) plus this one stay within 24 hours; the person has a
 *    confirmed allocation on the assignment; the date lies outside every
 *    closed period. All violations are reported at once, each with a Dutch
 *    reason.
 *
 *    The check of an allocation: the minutes of the line's allocations that
 *    are not ended (concept + bevestigd) plus the new one stay within the
 *    line's minutes. A person's own capacity (network hours) is not checked
 *    here: the teaming engine plans within availability.
 *
 * 3. The ledger batches (docs/ledger.md, "Allocations and time entries"):
 *      - confirm: one PENDING work transfer per charged organisation C with
 *        C != P (P = the person's home organisation; you don't pay
 *        yourself), debit C, credit P, as one LINKED chain;
 *      - approve: per charged C != P, post min(part, open reservation) of
 *        C's open reservation (POST_PENDING; the rest is released), re-reserve
 *        the rest as a new PENDING transfer, and book the minutes beyond the
 *        reservation as a single-phase work transfer (which passes the limit
 *        check) — all one LINKED chain;
 *      - end: void every open reservation, one LINKED chain.
 *    Transfer ids are deterministic (see nb_hours_id_*), so a retry of the
 *    same step is an idempotent retry in the ledger.
 *
 * Pure: no globals, no I/O, no clock (today is passed in).
 */
#ifndef NB_CORE_HOURS_H
#define NB_CORE_HOURS_H

#include "util/attr.h"

#include "core/alloc_key.h"
#include "core/assignment.h"
#include "core/consent.h"
#include "core/ledger.h"
#include "util/error.h"

#include <stddef.h>
#include <stdint.h>

/* Most organisations one assignment can charge (the network's members): a
 * regional assignment charges every gemeente, and a national network has 342. */
#define NB_HOURS_MAX_PARTS 512
/* Most minutes one person may record on one day. */
#define NB_HOURS_DAY_MAX 1440

/* ---- Who is charged ------------------------------------------------------ */

/* One charged organisation and its part of an amount. */
typedef struct nb_hours_part {
    int64_t org_id;
    int64_t minutes; /* >= 0 */
} nb_hours_part;

/* What decides the charge of an assignment (all borrowed). */
typedef struct nb_hours_charge_in {
    nb_assignment_kind kind;
    const nb_assignment_requester *requesters; /* lokaal, meervoudig-lokaal */
    size_t nrequesters;
    const nb_key_member *members; /* regionaal: the gemeenten */
    size_t nmembers;
    nb_key_kind key; /* regionaal: the network's key */
} nb_hours_charge_in;

/*
 * Splits `minutes` (>= 0) over the organisations charged for an assignment
 * (see the file comment). parts: caller-owned, at least max elements; *nparts
 * receives the number written: one per requester (lokaal: exactly one) or one
 * per member (regionaal), in input order, zero parts included. The parts sum
 * to minutes.
 *
 * Returns 0; NB_EINVAL (Dutch reason in err) when a lokaal assignment does not
 * have exactly one requester, a meervoudig-lokaal one has none, a regional
 * one has no members, all weights are zero, more parts than max, or a
 * negative amount; NB_ENOMEM from the split.
 */
NB_MUST_USE int nb_hours_charge(const nb_hours_charge_in *in, int64_t minutes, nb_hours_part *parts,
                                size_t max, size_t *nparts, nb_err *err);

/* ---- The checks of a time entry ------------------------------------------ */

/* An inclusive closed range of day numbers (util/date.h). */
typedef struct nb_hours_period {
    int32_t from;
    int32_t to;
} nb_hours_period;

typedef struct nb_hours_entry_in {
    int32_t today;                 /* day number of today (the caller's clock) */
    int32_t date;                  /* day worked */
    int64_t minutes;               /* this entry */
    int64_t minutes_that_day;      /* the person's other entries that day, rejected excluded */
    int allocated;                 /* 1 when the person has a confirmed allocation on it */
    const nb_hours_period *closed; /* closed periods (borrowed), may be NULL */
    size_t nclosed;
    nb_hours_period assignment; /* the assignment's startdatum..einddatum (always checked) */
} nb_hours_entry_in;

typedef enum nb_hours_rule {
    NB_HOURS_MINUTES_INVALID = 0, /* minuten: not 1..1440 */
    NB_HOURS_FUTURE,              /* datum: after today */
    NB_HOURS_OVER_DAY,            /* minuten: more than 24 hours that day */
    NB_HOURS_NOT_ALLOCATED,       /* opdrachtId: no confirmed allocation */
    NB_HOURS_CLOSED_PERIOD,       /* datum: inside a closed period */
    NB_HOURS_OUTSIDE_ASSIGNMENT,  /* datum: outside the assignment's period */
    NB_HOURS_OVER_LINE,           /* minuten (allocation): more than the line still needs */
    NB_HOURS_PERSON_INACTIVE,     /* medewerkerId (allocation): the person is not active */
    NB_HOURS_ASSIGNMENT_CLOSED,   /* opdrachtId (allocation): takes no allocations now */
    NB_HOURS_NO_CONSENT           /* opdrachtId (reservation): an organisation has not consented */
} nb_hours_rule;

typedef struct nb_hours_problem {
    nb_hours_rule rule;
    const char *field; /* the API field: "minuten", "datum", "opdrachtId"; static */
    char reason[200];  /* Dutch */
} nb_hours_problem;

/*
 * Checks a time entry (in borrowed). Writes up to max problems (caller-owned,
 * may be NULL when max == 0) and returns how many rules are broken (0 = ok).
 */
NB_MUST_USE size_t nb_hours_entry_check(const nb_hours_entry_in *in, nb_hours_problem *problems,
                                        size_t max);

/*
 * Checks a new allocation of minutes on line line_id, which asks for
 * line_minutes and already has allocated minutes in allocations that are not
 * ended (concept + bevestigd). Returns 0 when allocated + minutes <=
 * line_minutes; otherwise 1, and fills *problem (optional; rule
 * NB_HOURS_OVER_LINE, field "minuten") with a Dutch reason naming the line,
 * its minutes, what is already allocated and what is still free.
 */
NB_MUST_USE int nb_hours_alloc_check(int64_t line_id, int64_t line_minutes, int64_t allocated,
                                     int64_t minutes, nb_hours_problem *problem);

/* 1 when an assignment in status s takes allocations (geaccepteerd, bemenst, in-uitvoering). */
NB_MUST_USE int nb_hours_takes_allocations(nb_assignment_status s);

/* What decides whether an allocation may be made or reserved (all borrowed). */
typedef struct nb_hours_alloc_in {
    int64_t assignment_id;
    nb_assignment_status status; /* of the assignment */
    int64_t person_id;
    int person_active; /* 1 when the person is active */
    int64_t line_id;
    int64_t line_minutes;         /* what the line asks */
    int64_t line_planned;         /* the line's other allocations that are not ended */
    int64_t minutes;              /* this allocation */
    const nb_consent_in *consent; /* non-NULL: the minutes are reserved now (confirm, accept) */
} nb_hours_alloc_in;

/*
 * THE eligibility check of an allocation, for every path that makes or
 * confirms one (POST /inzet, PUT /inzet/{id}/status, accepting a team
 * proposal, the demo): the person is active; the assignment takes
 * allocations (nb_hours_takes_allocations); line_planned + minutes stay within
 * line_minutes (nb_hours_alloc_check); and, when consent is given (something
 * is reserved now), every charged organisation has consented
 * (core/consent.h nb_consent_check; who has not goes to missing, optional).
 * Writes up to max problems (caller-owned; may be NULL when max == 0) in that
 * order and returns how many rules are broken (0 = eligible).
 */
NB_MUST_USE size_t nb_hours_alloc_eligible(const nb_hours_alloc_in *in, nb_hours_problem *problems,
                                           size_t max, nb_consent_missing *missing);

/* 1 when day lies inside one of the n closed periods (index into *which). */
NB_MUST_USE int nb_hours_in_closed(const nb_hours_period *closed, size_t n, int32_t day,
                                   size_t *which);

/* ---- Ledger batches ------------------------------------------------------ */

/* The deterministic transfer ids; out has NB_TRANSFER_ID_SIZE bytes. */
void nb_hours_id_reserve(char *out, int64_t allocation_id, int64_t org_id, int64_t seq);
void nb_hours_id_void(char *out, int64_t allocation_id, int64_t org_id, int64_t seq);
void nb_hours_id_post(char *out, int64_t entry_id, int64_t org_id);
void nb_hours_id_extra(char *out, int64_t entry_id, int64_t org_id);

/* A charged organisation with its ledger account and open reservation. */
typedef struct nb_hours_account_part {
    int64_t org_id;
    int64_t account_id; /* ledger account of org_id */
    int64_t minutes;    /* this step's part (planned or approved) */
    /* approve/end: the open reservation of this org, if any */
    char open_id[NB_TRANSFER_ID_SIZE]; /* "" when none */
    int64_t open_minutes;
    int64_t open_seq; /* its sequence number (next is open_seq + 1) */
} nb_hours_account_part;

/* What one transfer of a batch is for, so the store can record it. */
typedef enum nb_hours_step {
    NB_HOURS_STEP_RESERVE = 0, /* a new reservation (seq in `seq`) */
    NB_HOURS_STEP_POST,        /* post of the open reservation */
    NB_HOURS_STEP_RERESERVE,   /* the rest reserved again (seq in `seq`) */
    NB_HOURS_STEP_EXTRA,       /* beyond the reservation: single-phase */
    NB_HOURS_STEP_VOID         /* void of the open reservation */
} nb_hours_step;

typedef struct nb_hours_batch_meta {
    nb_hours_step step;
    int64_t org_id;
    int64_t seq; /* RESERVE/RERESERVE: the new sequence number */
} nb_hours_batch_meta;

/*
 * Builds the confirm chain of allocation_id: for each part with minutes > 0
 * and org_id != home_org, a PENDING work transfer (debit the part's account,
 * credit home_account) with id nb_hours_id_reserve(allocation_id, org, 1).
 * batch/meta: caller-owned, at least n elements; *count receives the number
 * written (0 when nothing is to be reserved). Members are LINKED except the
 * last. Returns 0, or NB_EINVAL for bad arguments.
 */
NB_MUST_USE int nb_hours_build_reserve(int64_t allocation_id, int64_t home_org,
                                       int64_t home_account, const nb_hours_account_part *parts,
                                       size_t n, nb_transfer *batch, nb_hours_batch_meta *meta,
                                       size_t *count);

/*
 * Builds the approval chain of time entry entry_id on allocation_id: for each
 * part with minutes > 0 and org_id != home_org: POST_PENDING of
 * min(minutes, open_minutes) of open_id (when open), a new PENDING of the
 * rest (id nb_hours_id_reserve(allocation_id, org, open_seq + 1)) when
 * something is left, and a single-phase work transfer (nb_hours_id_extra) of
 * minutes beyond the reservation. batch/meta: caller-owned, at least 3 * n
 * elements; *count as above. Returns 0 or NB_EINVAL.
 */
NB_MUST_USE int nb_hours_build_approve(int64_t entry_id, int64_t allocation_id, int64_t home_org,
                                       int64_t home_account, const nb_hours_account_part *parts,
                                       size_t n, nb_transfer *batch, nb_hours_batch_meta *meta,
                                       size_t *count);

/*
 * Builds the chain that voids every open reservation of allocation_id among
 * parts (minutes are ignored; open_id/open_minutes/open_seq are used).
 * batch/meta: at least n elements. Returns 0 or NB_EINVAL.
 */
NB_MUST_USE int nb_hours_build_void(int64_t allocation_id, int64_t home_account,
                                    const nb_hours_account_part *parts, size_t n,
                                    nb_transfer *batch, nb_hours_batch_meta *meta, size_t *count);

#endif
