/*
 * store/reports.h — the figures of the reports (issue 11 §3; docs/reports.md),
 * computed from the records into the one report model (core/report.h).
 * Every figure comes from a store function that a list or page of noaber
 * already uses (the statement, the assignment list, bundling, the
 * vulnerability report, lessons learned, the ledger accounts) or from one
 * query here with bound parameters; none repeats another module's logic.
 * Everything runs in the caller's read transaction.
 *
 * Who may see which report (nb_report_may_see): the tussentijdse
 * rapportage (college): network management for any municipality, a
 * coordinator for the own one; raadsinformatie: network management and
 * lezer for any, a coordinator for the own; the adviesrapportage:
 * network management and lezer. Names of people appear only in the college
 * report and only where nb_vuln_may_name allows them (the kartrekkers); the
 * raadsinformatie and the adviesrapportage never carry a person's name,
 * birth year, exit date or free text written by a person.
 */
#ifndef NB_STORE_REPORTS_H
#define NB_STORE_REPORTS_H

#include "util/attr.h"

#include "core/report.h"
#include "http/http.h"
#include "store/external_hire.h"
#include "store/store.h"

#include <stdint.h>

/* 1 when who may see report kind about organisation org (0 = the network). */
int nb_report_may_see(const nb_principal *who, nb_report_kind kind, int64_t org);

/*
 * The tussentijdse rapportage (kind NB_REPORT_COLLEGE) or the
 * raadsinformatie (NB_REPORT_RAAD) of municipality org for the quarter
 * quarter ("2026-K3"), made on day today, as seen by who, into out (the
 * caller frees it with nb_report_free, also after a failure). NB_EINVAL for
 * a quarter that does not parse, NB_ENOTFOUND when org does not exist,
 * NB_ENOMEM or a store code.
 */
NB_MUST_USE int nb_report_college(nb_store *st, const nb_principal *who, nb_report_kind kind,
                                  int64_t org, const char *quarter, int32_t today, nb_report *out,
                                  nb_err *err);

/*
 * The adviesrapportage of the network over the days from..to (inclusive,
 * day numbers; from <= to), made on day today, into out (freed by the
 * caller with nb_report_free). The external rate is the setting
 * NB_SETTING_EXTERNAL_RATE (store/external_hire.h); external_rate_cents > 0
 * overrides it.
 * NB_ENOMEM or a store code.
 */
NB_MUST_USE int nb_report_advies(nb_store *st, int32_t from, int32_t to, int32_t today,
                                 int64_t external_rate_cents, nb_report *out, nb_err *err);

#endif
