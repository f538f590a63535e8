/*
 * store/workload.h — loads the work stock's input (core/workload.h) from the
 * registry in two queries — the asked lines of the filtered assignments whose
 * period overlaps the window, and every active person's competencies with
 * levels — and computes the report. Shared by GET /api/v1/werkvoorraad
 * (api/werkvoorraad.c) and the page /werkvoorraad (web/werkvoorraad.c).
 *
 * Which assignments count: by default those in the work stock — ingediend,
 * geaccepteerd, bemenst and in-uitvoering (not concept: not yet asked; not
 * afgerond, geannuleerd or samengevoegd: no longer asked); a status filter
 * picks exactly one status instead. The other filters narrow the
 * assignments (kind, a requesting organisation, a programme) or the lines
 * (a competency). The available hours are always the whole network's.
 *
 * Runs inside the caller's transaction; reads only.
 */
#ifndef NB_STORE_WORKLOAD_H
#define NB_STORE_WORKLOAD_H

#include "util/attr.h"

#include "core/workload.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

typedef struct nb_workload_filter {
    const char *status;      /* one status; NULL = the open statuses (see above) */
    const char *kind;        /* lokaal, meervoudig-lokaal, regionaal; NULL = any */
    int64_t organisation_id; /* a requester of the assignment; 0 = any */
    int64_t programme_id;    /* 0 = any */
    int64_t competency_id;   /* only lines asking it; 0 = any */
} nb_workload_filter;

/*
 * The report of the window of nmonths months from month index first_month
 * (core nb_wl_month) for filter (NULL = none) into out (free with
 * nb_wl_report_free, also after a failure). Returns 0, NB_EINVAL (window out
 * of range), NB_EDB, NB_ENOMEM.
 */
NB_MUST_USE int nb_workload_report(nb_store *st, const nb_workload_filter *filter,
                                   int32_t first_month, size_t nmonths, nb_wl_report *out,
                                   nb_err *err);

#endif
