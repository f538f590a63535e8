/*
 * store/team_loader.h — builds the teaming engine's input (core/teaming.h)
 * from the registry, the allocations and the ledger.
 *
 *  - the period: from the earliest start to the latest end of the chosen
 *    assignments;
 *  - people: every active person; available minutes = network minutes per
 *    week × days of the period before their exit date / 7, minus the
 *    minutes still planned for them (concept or confirmed allocations, less
 *    what was already posted) on assignments overlapping the period, pro
 *    rata to the overlap; their skills and learning wishes; the assignments
 *    they already work on (continuity);
 *  - month buckets (issue 13; only with cfg->month_buckets, else one
 *    window): every calendar month the period touches; per
 *    person and month the same availability over the month's days in the
 *    period (before the exit date), minus the planned minutes pro rata to the
 *    days of the month; each line's minutes spread over the months of its
 *    assignment's period by the days in each month. A period within one
 *    month (or beyond 240 months) is one window;
 *  - organisations: the ledger balance (credits − debits, pending included:
 *    planned work counts) of every organisation account, and its name;
 *  - lines: each line of the chosen assignments with its minutes still
 *    unstaffed (minus open allocations and what ended allocations posted);
 *    lines with nothing left are skipped; requesters; competency names;
 *    who the ledger charges for the line's minutes, exactly as core/hours.h
 *    nb_hours_charge splits them (lokaal: the requester; meervoudig-lokaal:
 *    the requesters by share; regionaal: the gemeenten by the network's key,
 *    store/hours_ledger.h nb_hours_ledger_members), so the engine's fairness
 *    and reasons see what acceptance books.
 *
 * Runs inside the caller's (read or write) transaction; reads only.
 */
#ifndef NB_STORE_TEAM_LOADER_H
#define NB_STORE_TEAM_LOADER_H

#include "util/attr.h"

#include "core/teaming.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

typedef struct nb_team_load {
    nb_team_input in;      /* points into the arrays below; in.config as given */
    char period_start[11]; /* YYYY-MM-DD, "" when no assignment was chosen */
    char period_end[11];
    int64_t *assignment_ids; /* the chosen assignments, ascending */
    size_t nassignments;
    /* owned storage behind in (do not use directly) */
    nb_team_person *people;
    char *person_name_text;  /* every person's name, each ended by a NUL */
    size_t *person_name_off; /* per person: where the name starts in person_name_text */
    nb_team_skill *skills;
    int64_t *wishes;
    int64_t *person_asgs;
    nb_team_org *orgs;
    nb_team_line *lines;
    int64_t *requesters;
    char **comp_names; /* per line, heap */
    size_t ncomp_names;
    int64_t *charged; /* per line: who the ledger charges (nb_team_line.charged) */
    int64_t *charge_weights;
    char **org_names; /* per organisation (in.orgs[i].name), heap */
    size_t norg_names;
    size_t nmonths;           /* month buckets of the period (1: one window) */
    int32_t first_month;      /* the first bucket: year × 12 + month − 1 */
    int64_t *month_available; /* [people × nmonths] when nmonths > 1 */
    int64_t *month_profiles;  /* the lines' month profiles (days per month) */
} nb_team_load;

/*
 * Loads the input for the assignments ids[0..n) (any status; the caller
 * checks), or, when n == 0, for every assignment with status geaccepteerd.
 * cfg is copied into out->in.config. On success out owns its storage (free
 * with nb_team_load_free; also safe after a failure). Returns 0,
 * NB_ENOTFOUND (an id does not exist), NB_EDB or NB_ENOMEM.
 */
NB_MUST_USE int nb_team_load_input(nb_store *st, const int64_t *ids, size_t n,
                                   const nb_team_config *cfg, nb_team_load *out, nb_err *err);

/* The statuses of the network's work stock: the assignments it has taken on
 * (geaccepteerd, bemenst, in-uitvoering), NULL-terminated. */
extern const char *const nb_team_work_statuses[];

/*
 * Loads the input for the network's work stock: every assignment with one of
 * nb_team_work_statuses, as nb_team_load_input does, except that the period
 * starts no earlier than from_day (> 0; what is left of the work: people's
 * availability counts from then), and that the lines keep_lines[0..nkeep)
 * (sorted ascending) stay in the input with 0 minutes when they are fully
 * staffed (a what-if adds minutes to them). Same ownership and returns as
 * nb_team_load_input.
 */
NB_MUST_USE int nb_team_load_work(nb_store *st, int32_t from_day, const int64_t *keep_lines,
                                  size_t nkeep, const nb_team_config *cfg, nb_team_load *out,
                                  nb_err *err);

void nb_team_load_free(nb_team_load *l);

/* The name of person_id among the loaded people ("" when unknown; borrowed). */
const char *nb_team_load_person_name(const nb_team_load *l, int64_t person_id);

#endif
