/*
 * core/hours.c — charge splits, time-entry checks and ledger batches of
 * allocations and time entries; see hours.h.
 */
#include "core/hours.h"

#include "core/split.h"
#include "util/date.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- Who is charged ------------------------------------------------------ */

int nb_hours_charge(const nb_hours_charge_in *in, int64_t minutes, nb_hours_part *parts, size_t max,
                    size_t *nparts, nb_err *err)
{
    int64_t weights[NB_HOURS_MAX_PARTS], ids[NB_HOURS_MAX_PARTS], out[NB_HOURS_MAX_PARTS];
    size_t n = 0;
    int rc;

    if (in == NULL || parts == NULL || nparts == NULL || minutes < 0)
        return nb_err_set(err, NB_EINVAL, "ongeldige invoer voor de verdeling");
    *nparts = 0;
    switch (in->kind) {
    case NB_ASSIGNMENT_LOKAAL:
        if (in->nrequesters != 1 || in->requesters == NULL)
            return nb_err_set(err, NB_EINVAL,
                              "een lokale opdracht heeft precies één aanvrager (nu %zu)",
                              in->nrequesters);
        if (max < 1)
            return nb_err_set(err, NB_EINVAL, "te weinig ruimte voor de verdeling");
        parts[0].org_id = in->requesters[0].organisation_id;
        parts[0].minutes = minutes;
        *nparts = 1;
        return 0;
    case NB_ASSIGNMENT_MEERVOUDIG_LOKAAL:
        if (in->nrequesters == 0 || in->requesters == NULL)
            return nb_err_set(err, NB_EINVAL,
                              "een meervoudig-lokale opdracht heeft geen aanvragers");
        n = in->nrequesters;
        if (n > max || n > NB_HOURS_MAX_PARTS)
            return nb_err_set(err, NB_EINVAL, "te veel aanvragers (%zu)", n);
        for (size_t i = 0; i < n; i++) {
            weights[i] = in->requesters[i].share;
            ids[i] = in->requesters[i].organisation_id;
        }
        rc = nb_split_weighted(minutes, weights, ids, n, out, err);
        if (rc != 0)
            return rc;
        for (size_t i = 0; i < n; i++) {
            parts[i].org_id = ids[i];
            parts[i].minutes = out[i];
        }
        *nparts = n;
        return 0;
    case NB_ASSIGNMENT_REGIONAAL:
        if (in->nmembers == 0 || in->members == NULL)
            return nb_err_set(err, NB_EINVAL,
                              "een regionale opdracht wordt over de gemeenten verdeeld, maar het "
                              "netwerk heeft geen gemeenten");
        n = in->nmembers;
        if (n > max || n > NB_HOURS_MAX_PARTS)
            return nb_err_set(err, NB_EINVAL, "te veel gemeenten (%zu)", n);
        rc = nb_key_split(in->key, in->members, n, minutes, out, err);
        if (rc != 0)
            return rc;
        for (size_t i = 0; i < n; i++) {
            parts[i].org_id = in->members[i].org_id;
            parts[i].minutes = out[i];
        }
        *nparts = n;
        return 0;
    default:
        return nb_err_set(err, NB_EINVAL, "onbekende soort opdracht");
    }
}

/* ---- The checks of a time entry ------------------------------------------ */

int nb_hours_in_closed(const nb_hours_period *closed, size_t n, int32_t day, size_t *which)
{
    for (size_t i = 0; closed != NULL && i < n; i++) {
        if (day >= closed[i].from && day <= closed[i].to) {
            if (which)
                *which = i;
            return 1;
        }
    }
    return 0;
}

static void nb_hours_add(nb_hours_problem *problems, size_t max, size_t *count, nb_hours_rule rule,
                         const char *field, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void nb_hours_add(nb_hours_problem *problems, size_t max, size_t *count, nb_hours_rule rule,
                         const char *field, const char *fmt, ...)
{
    if (problems != NULL && *count < max) {
        nb_hours_problem *p = &problems[*count];
        va_list ap;
        p->rule = rule;
        p->field = field;
        va_start(ap, fmt);
        vsnprintf(p->reason, sizeof p->reason, fmt, ap);
        va_end(ap);
    }
    (*count)++;
}

size_t nb_hours_entry_check(const nb_hours_entry_in *in, nb_hours_problem *problems, size_t max)
{
    size_t count = 0;
    char day[NB_DATE_LEN], from[NB_DATE_LEN], to[NB_DATE_LEN];
    if (in == NULL)
        return 1;
    nb_date_format(in->date, day);
    if (in->minutes < 1 || in->minutes > NB_HOURS_DAY_MAX)
        nb_hours_add(
            problems, max, &count, NB_HOURS_MINUTES_INVALID, "minuten",
            "moet een geheel aantal minuten zijn van 1 tot en met 1440 (24 uur), niet %lld",
            (long long)in->minutes);
    else if (in->minutes_that_day + in->minutes > NB_HOURS_DAY_MAX)
        nb_hours_add(problems, max, &count, NB_HOURS_OVER_DAY, "minuten",
                     "meer dan 24 uur op %s: er staat al %lld minuten op die dag, met deze %lld "
                     "wordt het %lld (hoogstens 1440)",
                     day, (long long)in->minutes_that_day, (long long)in->minutes,
                     (long long)in->minutes_that_day + in->minutes);
    if (in->date > in->today) {
        char today[NB_DATE_LEN];
        nb_date_format(in->today, today);
        nb_hours_add(problems, max, &count, NB_HOURS_FUTURE, "datum",
                     "%s ligt in de toekomst; uren worden geschreven op of na de gewerkte dag "
                     "(vandaag is %s)",
                     day, today);
    }
    if (in->date < in->assignment.from || in->date > in->assignment.to) {
        nb_date_format(in->assignment.from, from);
        nb_date_format(in->assignment.to, to);
        nb_hours_add(problems, max, &count, NB_HOURS_OUTSIDE_ASSIGNMENT, "datum",
                     "%s valt buiten de looptijd van de opdracht (%s t/m %s); uren worden "
                     "alleen binnen die periode geschreven",
                     day, from, to);
    }
    size_t which = 0;
    if (nb_hours_in_closed(in->closed, in->nclosed, in->date, &which)) {
        nb_date_format(in->closed[which].from, from);
        nb_date_format(in->closed[which].to, to);
        nb_hours_add(problems, max, &count, NB_HOURS_CLOSED_PERIOD, "datum",
                     "%s valt in de afgesloten periode %s t/m %s; daarin worden geen uren meer "
                     "geschreven of beoordeeld",
                     day, from, to);
    }
    if (!in->allocated)
        nb_hours_add(problems, max, &count, NB_HOURS_NOT_ALLOCATED, "opdrachtId",
                     "de medewerker is niet (bevestigd) ingezet op deze opdracht");
    return count;
}

int nb_hours_alloc_check(int64_t line_id, int64_t line_minutes, int64_t allocated, int64_t minutes,
                         nb_hours_problem *problem)
{
    if (allocated + minutes <= line_minutes)
        return 0;
    if (problem != NULL) {
        int64_t free_minutes = line_minutes - allocated;
        size_t count = 0;
        nb_hours_add(problem, 1, &count, NB_HOURS_OVER_LINE, "minuten",
                     "regel %lld vraagt %lld minuten en daarvan is al %lld minuten ingepland "
                     "(concept en bevestigd); er kan nog %lld minuten bij, niet %lld",
                     (long long)line_id, (long long)line_minutes, (long long)allocated,
                     (long long)(free_minutes > 0 ? free_minutes : 0), (long long)minutes);
    }
    return 1;
}

int nb_hours_takes_allocations(nb_assignment_status s)
{
    return s == NB_ASSIGNMENT_GEACCEPTEERD || s == NB_ASSIGNMENT_BEMENST ||
           s == NB_ASSIGNMENT_IN_UITVOERING;
}

size_t nb_hours_alloc_eligible(const nb_hours_alloc_in *in, nb_hours_problem *problems, size_t max,
                               nb_consent_missing *missing)
{
    size_t count = 0;
    nb_consent_missing local;
    nb_consent_missing *m = missing ? missing : &local;
    memset(m, 0, sizeof *m);
    if (in == NULL)
        return 1;
    if (!in->person_active)
        nb_hours_add(problems, max, &count, NB_HOURS_PERSON_INACTIVE, "medewerkerId",
                     "medewerker %lld is niet actief; alleen actieve medewerkers worden ingezet",
                     (long long)in->person_id);
    if (!nb_hours_takes_allocations(in->status))
        nb_hours_add(problems, max, &count, NB_HOURS_ASSIGNMENT_CLOSED, "opdrachtId",
                     "opdracht %lld is %s; inzet kan alleen op een opdracht die geaccepteerd, "
                     "bemenst of in uitvoering is",
                     (long long)in->assignment_id, nb_assignment_status_name(in->status));
    nb_hours_problem over;
    if (nb_hours_alloc_check(in->line_id, in->line_minutes, in->line_planned, in->minutes, &over) !=
        0) {
        if (problems != NULL && count < max)
            problems[count] = over;
        count++;
    }
    if (in->consent != NULL && nb_consent_check(in->consent, m) != 0) {
        if (m->network)
            nb_hours_add(problems, max, &count, NB_HOURS_NO_CONSENT, "opdrachtId",
                         "regionale opdracht %lld is niet door het netwerk (beheer) "
                         "geaccepteerd; niemand kan ervoor worden belast",
                         (long long)in->assignment_id);
        else
            nb_hours_add(problems, max, &count, NB_HOURS_NO_CONSENT, "opdrachtId",
                         "%zu organisatie(s) van opdracht %lld hebben niet ingestemd met hun "
                         "aandeel (eerste: organisatie %lld)",
                         m->n, (long long)in->assignment_id,
                         (long long)(m->n > 0 ? m->org_ids[0] : 0));
    }
    return count;
}

/* ---- Ledger batches ------------------------------------------------------ */

void nb_hours_id_reserve(char *out, int64_t allocation_id, int64_t org_id, int64_t seq)
{
    snprintf(out, NB_TRANSFER_ID_SIZE, "inzet-%lld-res-%lld-%lld", (long long)allocation_id,
             (long long)org_id, (long long)seq);
}

void nb_hours_id_void(char *out, int64_t allocation_id, int64_t org_id, int64_t seq)
{
    snprintf(out, NB_TRANSFER_ID_SIZE, "inzet-%lld-void-%lld-%lld", (long long)allocation_id,
             (long long)org_id, (long long)seq);
}

void nb_hours_id_post(char *out, int64_t entry_id, int64_t org_id)
{
    snprintf(out, NB_TRANSFER_ID_SIZE, "uren-%lld-post-%lld", (long long)entry_id,
             (long long)org_id);
}

void nb_hours_id_extra(char *out, int64_t entry_id, int64_t org_id)
{
    snprintf(out, NB_TRANSFER_ID_SIZE, "uren-%lld-extra-%lld", (long long)entry_id,
             (long long)org_id);
}

/* A work transfer from the part's account to the home account. */
static void nb_hours_work(nb_transfer *t, const nb_hours_account_part *p, int64_t home_account,
                          int64_t amount, uint32_t flags)
{
    memset(t, 0, sizeof *t);
    t->debit_account_id = p->account_id;
    t->credit_account_id = home_account;
    t->amount = amount;
    t->kind = NB_KIND_WORK;
    t->flags = flags;
}

/* Links every member but the last. */
static void nb_hours_link(nb_transfer *batch, size_t count)
{
    for (size_t i = 0; i + 1 < count; i++)
        batch[i].flags |= NB_TRANSFER_LINKED;
}

int nb_hours_build_reserve(int64_t allocation_id, int64_t home_org, int64_t home_account,
                           const nb_hours_account_part *parts, size_t n, nb_transfer *batch,
                           nb_hours_batch_meta *meta, size_t *count)
{
    size_t k = 0;
    if ((n > 0 && (parts == NULL || batch == NULL || meta == NULL)) || count == NULL)
        return NB_EINVAL;
    for (size_t i = 0; i < n; i++) {
        const nb_hours_account_part *p = &parts[i];
        if (p->minutes <= 0 || p->org_id == home_org)
            continue;
        nb_hours_work(&batch[k], p, home_account, p->minutes, NB_TRANSFER_PENDING);
        nb_hours_id_reserve(batch[k].id, allocation_id, p->org_id, 1);
        snprintf(batch[k].reason, NB_TRANSFER_REASON_SIZE, "inzet %lld: %lld min gereserveerd",
                 (long long)allocation_id, (long long)p->minutes);
        meta[k] = (nb_hours_batch_meta){NB_HOURS_STEP_RESERVE, p->org_id, 1};
        k++;
    }
    nb_hours_link(batch, k);
    *count = k;
    return 0;
}

int nb_hours_build_approve(int64_t entry_id, int64_t allocation_id, int64_t home_org,
                           int64_t home_account, const nb_hours_account_part *parts, size_t n,
                           nb_transfer *batch, nb_hours_batch_meta *meta, size_t *count)
{
    size_t k = 0;
    if ((n > 0 && (parts == NULL || batch == NULL || meta == NULL)) || count == NULL)
        return NB_EINVAL;
    for (size_t i = 0; i < n; i++) {
        const nb_hours_account_part *p = &parts[i];
        if (p->minutes <= 0 || p->org_id == home_org)
            continue;
        int64_t posted = 0;
        if (p->open_id[0] != '\0' && p->open_minutes > 0) {
            posted = p->minutes < p->open_minutes ? p->minutes : p->open_minutes;
            nb_hours_work(&batch[k], p, home_account, posted, NB_TRANSFER_POST_PENDING);
            nb_hours_id_post(batch[k].id, entry_id, p->org_id);
            snprintf(batch[k].pending_id, NB_TRANSFER_ID_SIZE, "%s", p->open_id);
            snprintf(batch[k].reason, NB_TRANSFER_REASON_SIZE,
                     "urenregistratie %lld: %lld min goedgekeurd", (long long)entry_id,
                     (long long)posted);
            meta[k] = (nb_hours_batch_meta){NB_HOURS_STEP_POST, p->org_id, p->open_seq};
            k++;
            int64_t rest = p->open_minutes - posted;
            if (rest > 0) {
                nb_hours_work(&batch[k], p, home_account, rest, NB_TRANSFER_PENDING);
                nb_hours_id_reserve(batch[k].id, allocation_id, p->org_id, p->open_seq + 1);
                snprintf(batch[k].reason, NB_TRANSFER_REASON_SIZE,
                         "inzet %lld: rest %lld min opnieuw gereserveerd", (long long)allocation_id,
                         (long long)rest);
                meta[k] =
                    (nb_hours_batch_meta){NB_HOURS_STEP_RERESERVE, p->org_id, p->open_seq + 1};
                k++;
            }
        }
        int64_t extra = p->minutes - posted;
        if (extra > 0) {
            nb_hours_work(&batch[k], p, home_account, extra, 0);
            nb_hours_id_extra(batch[k].id, entry_id, p->org_id);
            snprintf(batch[k].reason, NB_TRANSFER_REASON_SIZE,
                     "urenregistratie %lld: %lld min boven de reservering", (long long)entry_id,
                     (long long)extra);
            meta[k] = (nb_hours_batch_meta){NB_HOURS_STEP_EXTRA, p->org_id, 0};
            k++;
        }
    }
    nb_hours_link(batch, k);
    *count = k;
    return 0;
}

int nb_hours_build_void(int64_t allocation_id, int64_t home_account,
                        const nb_hours_account_part *parts, size_t n, nb_transfer *batch,
                        nb_hours_batch_meta *meta, size_t *count)
{
    size_t k = 0;
    if ((n > 0 && (parts == NULL || batch == NULL || meta == NULL)) || count == NULL)
        return NB_EINVAL;
    for (size_t i = 0; i < n; i++) {
        const nb_hours_account_part *p = &parts[i];
        if (p->open_id[0] == '\0' || p->open_minutes <= 0)
            continue;
        nb_hours_work(&batch[k], p, home_account, p->open_minutes, NB_TRANSFER_VOID_PENDING);
        nb_hours_id_void(batch[k].id, allocation_id, p->org_id, p->open_seq);
        snprintf(batch[k].pending_id, NB_TRANSFER_ID_SIZE, "%s", p->open_id);
        snprintf(batch[k].reason, NB_TRANSFER_REASON_SIZE,
                 "inzet %lld beëindigd: %lld min vrijgegeven", (long long)allocation_id,
                 (long long)p->open_minutes);
        meta[k] = (nb_hours_batch_meta){NB_HOURS_STEP_VOID, p->org_id, p->open_seq};
        k++;
    }
    nb_hours_link(batch, k);
    *count = k;
    return 0;
}
