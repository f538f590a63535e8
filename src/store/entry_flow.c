/*
 * store/entry_flow.c — recording and judging a time entry (entry_flow.h):
 * the store lookups around core/hours.h and the steps of a decision, shared
 * by the API (api/urenregistraties.c) and the pages (web/uren_grid.c,
 * web/uren_approve.c).
 */
#include "store/entry_flow.h"

#include "store/allocations.h"
#include "util/date.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int nb_entry_check_new(nb_store *st, nb_entry *e, const nb_asg *a, int32_t today,
                       nb_hours_problem *problems, size_t max, size_t *np, nb_err *err)
{
    nb_hours_entry_in in;
    memset(&in, 0, sizeof in);
    *np = 0;
    in.today = today;
    if (nb_date_parse(e->date, &in.date) != 0) {
        if (max > 0) {
            problems[0].rule = NB_HOURS_MINUTES_INVALID;
            problems[0].field = "datum";
            snprintf(problems[0].reason, sizeof problems[0].reason,
                     "moet een datum zijn (JJJJ-MM-DD)");
        }
        *np = 1;
        return NB_EINVAL;
    }
    in.minutes = e->minutes;
    if (nb_date_parse(a->start_date, &in.assignment.from) != 0 ||
        nb_date_parse(a->end_date, &in.assignment.to) != 0)
        return NB_EDB; /* the store holds only valid dates */
    int rc = nb_entry_minutes_on(st, e->person_id, e->date, 0, &in.minutes_that_day, err);
    if (rc != 0)
        return rc;
    e->allocation_id = 0;
    rc = nb_alloc_find_confirmed(st, e->person_id, e->assignment_id, &e->allocation_id, err);
    if (rc != 0 && rc != NB_ENOTFOUND)
        return rc;
    in.allocated = rc == 0;
    nb_period period;
    nb_hours_period closed;
    rc = nb_period_covering(st, e->date, &period, err);
    if (rc == 0) {
        if (nb_date_parse(period.from, &closed.from) != 0 ||
            nb_date_parse(period.to, &closed.to) != 0)
            return NB_EDB; /* the store holds only valid dates */
        in.closed = &closed;
        in.nclosed = 1;
    } else if (rc != NB_ENOTFOUND) {
        return rc;
    }
    *np = nb_hours_entry_check(&in, problems, max);
    return 0;
}

/* The audit record of a decision: {"besluit","reden"[,"boekingen"]}. */
static int nb_entry_judge_audit(nb_store *st, const nb_entry *e, const nb_entry_judge_in *in,
                                size_t booked, nb_err *err)
{
    json_t *detail = json_pack("{s:s, s:s}", "besluit", in->approve ? "goedgekeurd" : "afgekeurd",
                               "reden", in->reason);
    if (detail == NULL)
        return NB_ENOMEM;
    if (in->approve)
        json_object_set_new(detail, "boekingen", json_integer((json_int_t)booked));
    char *text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
    json_decref(detail);
    if (text == NULL)
        return NB_ENOMEM;
    int rc = nb_store_audit(st, in->actor, "beoordeling", "urenregistratie", e->id, text, err);
    free(text);
    return rc;
}

int nb_entry_judge(nb_store *st, const nb_entry *e, const nb_asg *a, const nb_entry_judge_in *in,
                   nb_entry_judge_out *out, nb_err *err)
{
    memset(out, 0, sizeof *out);
    int64_t decider_person = 0;
    if (!in->beheer) {
        if (in->person_id <= 0 || in->person_id != a->client_person_id) {
            out->fail = NB_ENTRY_JUDGE_NOT_JUDGE;
            return NB_EFORBIDDEN;
        }
        if (e->person_id == in->person_id) {
            out->fail = NB_ENTRY_JUDGE_OWN;
            return NB_EFORBIDDEN;
        }
        decider_person = in->person_id;
    }
    if (!in->approve && in->reason[0] == '\0') {
        out->fail = NB_ENTRY_JUDGE_NO_REASON;
        return NB_EINVAL;
    }
    if (strcmp(e->status, "ingediend") != 0) {
        out->fail = NB_ENTRY_JUDGE_DECIDED;
        return NB_ECONFLICT;
    }
    int rc = nb_period_covering(st, e->date, &out->period, err);
    if (rc == 0) {
        out->fail = NB_ENTRY_JUDGE_CLOSED;
        return NB_ECONFLICT;
    }
    if (rc != NB_ENOTFOUND)
        return rc;
    if (in->approve) {
        /* The charge path refuses an organisation that has not consented
         * (DOMAIN rule 9) and the ledger's limit. */
        rc = nb_hours_ledger_approve_loaded(st, e, a, &out->booked, &out->refusal, err);
        if (rc == NB_ELIMIT)
            out->fail = NB_ENTRY_JUDGE_REFUSED;
        if (rc != 0)
            return rc;
    }
    nb_time_now_iso(out->decided_at);
    out->decider_person = decider_person;
    rc = nb_entry_decide_at(st, e->id, in->approve ? "goedgekeurd" : "afgekeurd", in->decided_by,
                            decider_person, in->reason, out->decided_at, err);
    if (rc == 0)
        rc = nb_entry_judge_audit(st, e, in, out->booked, err);
    return rc;
}

void nb_entry_judged(nb_entry *e, const nb_entry_judge_in *in, const nb_entry_judge_out *out)
{
    nb_entry_set_decided(e, in->approve ? "goedgekeurd" : "afgekeurd", in->decided_by,
                         out->decider_person, in->reason, out->decided_at);
}
