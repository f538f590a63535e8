/*
 * store/entry_flow.h — recording and judging a time entry, the steps every
 * path shares: POST /api/v1/urenregistraties and the week grid (/uren) record
 * through nb_entry_check_new; PUT /api/v1/urenregistraties/{id}/beoordeling
 * and the approval queue (/goedkeuren) judge through nb_entry_judge.
 *
 * The rules themselves are core/hours.h (pure); these functions gather what
 * they need from the store (the person's other minutes that day, the
 * confirmed allocation, a closed period) and carry out a decision (ledger
 * posting with the consent rule, the decision, the audit record). All calls
 * run inside the caller's write transaction; on a non-zero return the caller
 * rolls back.
 */
#ifndef NB_STORE_ENTRY_FLOW_H
#define NB_STORE_ENTRY_FLOW_H

#include "util/attr.h"

#include "store/assignments.h"
#include "store/hours_ledger.h"
#include "store/store.h"
#include "store/time_entries.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Checks new entry e (person_id, assignment_id, date, minutes set) on
 * assignment a (loaded by the caller) against every rule of core/hours.h
 * nb_hours_entry_check: today is the caller's day number; the person's other
 * entries that day are read from the store (so entries inserted earlier in the
 * same transaction count). Sets e->allocation_id (0 when there is no confirmed
 * allocation). Writes up to max problems (caller-owned) and their count into
 * *np. Returns 0 (also when problems were found), NB_EINVAL when e->date is
 * not a date (problem "datum" written), NB_EDB on a store failure.
 */
NB_MUST_USE int nb_entry_check_new(nb_store *st, nb_entry *e, const nb_asg *a, int32_t today,
                                   nb_hours_problem *problems, size_t max, size_t *np, nb_err *err);

/* Why nb_entry_judge refused (NB_ENTRY_JUDGE_OK when it did not). */
typedef enum nb_entry_judge_fail {
    NB_ENTRY_JUDGE_OK = 0,
    NB_ENTRY_JUDGE_NOT_JUDGE, /* NB_EFORBIDDEN: neither the ambtelijk opdrachtgever nor beheer */
    NB_ENTRY_JUDGE_OWN,       /* NB_EFORBIDDEN: the opdrachtgever's own hours */
    NB_ENTRY_JUDGE_NO_REASON, /* NB_EINVAL: a rejection without reason */
    NB_ENTRY_JUDGE_DECIDED,   /* NB_ECONFLICT: decided already */
    NB_ENTRY_JUDGE_CLOSED,    /* NB_ECONFLICT: its date lies in a closed period (period) */
    NB_ENTRY_JUDGE_REFUSED    /* NB_ELIMIT: the ledger or the consent rule refused (refusal) */
} nb_entry_judge_fail;

/* Who judges (borrowed). */
typedef struct nb_entry_judge_in {
    int beheer;             /* 1 when the caller is network management */
    int64_t person_id;      /* a medewerker caller's person; 0 otherwise */
    const char *decided_by; /* "role:label" of the caller */
    const nb_actor *actor;  /* for the audit record */
    int approve;            /* 1 goedgekeurd, 0 afgekeurd */
    const char *reason;     /* "" = none */
} nb_entry_judge_in;

typedef struct nb_entry_judge_out {
    nb_entry_judge_fail fail;
    nb_period period;         /* NB_ENTRY_JUDGE_CLOSED */
    nb_hours_refusal refusal; /* NB_ENTRY_JUDGE_REFUSED */
    size_t booked;            /* approved: ledger transfers booked */
    int64_t decider_person;   /* decided: decided_by_person_id written (0 = NULL, beheer) */
    char decided_at[21];      /* decided: decided_at and updated_at written */
} nb_entry_judge_out;

/*
 * THE decision on entry e of assignment a (both loaded by the caller in this
 * write transaction: the ledger step does not read them again), in this
 * order: the caller must be a's ambtelijk opdrachtgever (and e not its own
 * hours) or beheer; a rejection needs a reason; e is still ingediend; its date
 * lies in no closed period; approval posts the minutes in the ledger
 * (nb_hours_ledger_approve: the consent rule, DOMAIN rule 9, and the limit);
 * then the decision and the audit record ("beoordeling", detail besluit,
 * reden and, approved, boekingen). out (caller-owned) says why on a refusal.
 * Returns 0; NB_EFORBIDDEN, NB_EINVAL, NB_ECONFLICT or NB_ELIMIT with
 * out->fail set; other codes on store failures.
 */
NB_MUST_USE int nb_entry_judge(nb_store *st, const nb_entry *e, const nb_asg *a,
                               const nb_entry_judge_in *in, nb_entry_judge_out *out, nb_err *err);

/*
 * After nb_entry_judge returned 0 for e: changes e (caller-owned, as loaded)
 * into the row the decision wrote (nb_entry_set_decided), so that the answer
 * is made without reading the entry again.
 */
void nb_entry_judged(nb_entry *e, const nb_entry_judge_in *in, const nb_entry_judge_out *out);

#endif
