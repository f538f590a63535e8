/*
 * core/teaming_reasons.c — the proposal read from a solved teaming model:
 * the allocations with their cost parts (the person's load cost handed out
 * pro rata), the booking each one makes in the ledger, the Dutch reasons
 * why a person was chosen and what is booked to whom, and the shortages per
 * line and per line-month with their cause. Called by nb_team_solve
 * (teaming_post.c) once the post-processing's verdicts stand; contracts in
 * teaming_impl.h.
 */
#include "core/teaming_impl.h"

#include "core/split.h"
#include "util/assert.h"
#include "util/nlnum.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Reasons: what a match books and why it was chosen --------------------- */

static void nb_tm_reason(nb_team_alloc *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void nb_tm_reason(nb_team_alloc *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (a->nreasons < NB_TEAM_MAX_REASONS)
        vsnprintf(a->reasons[a->nreasons++], NB_TEAM_REASON_SIZE, fmt, ap);
    va_end(ap);
}

/* Larger part first, then the lower organisation id. */
static int nb_tm_cmp_payer(const void *a, const void *b)
{
    const nb_tm_payer *x = a, *y = b;
    if (x->minutes != y->minutes)
        return x->minutes > y->minutes ? -1 : 1;
    return (x->org > y->org) - (x->org < y->org);
}

/*
 * The text for the first k payers of py[0..n) (the rest summed) into buf
 * (NB_TEAM_REASON_SIZE bytes, cut to it): "<head><list><tail>", where list
 * names the payers ("A", "A en B", "A, B en C"; with hours: "A (80 uur) en
 * B (40 uur)") and, when k < n, "en N andere organisaties (samen X)".
 * Returns the length the text has (>= NB_TEAM_REASON_SIZE: it was cut).
 */
static size_t nb_tm_payer_try(const nb_team_model *m, const nb_tm_payer *py, size_t n, size_t k,
                              int hours, const char *head, const char *tail, char *buf)
{
    const size_t size = NB_TEAM_REASON_SIZE;
    size_t len = (size_t)snprintf(buf, size, "%s", head);
    int64_t rest = 0;
    for (size_t i = k; i < n; i++)
        rest += py[i].minutes;
    for (size_t i = 0; i < k && len < size; i++) {
        char name[NB_TEAM_REASON_SIZE], h[NB_NL_NUM_LEN];
        nb_tm_org_name(m, py[i].org, name, sizeof name);
        const char *sep = i == 0 ? "" : (i + 1 == k && k == n) ? " en " : ", ";
        len += (size_t)snprintf(buf + len, size - len, "%s%s", sep, name);
        if (hours && n > 1 && len < size) {
            nb_team_hours_text(py[i].minutes, h, sizeof h);
            len += (size_t)snprintf(buf + len, size - len, " (%s)", h);
        }
    }
    if (k < n && len < size) {
        char h[NB_NL_NUM_LEN];
        nb_team_hours_text(rest, h, sizeof h);
        len +=
            (size_t)snprintf(buf + len, size - len, "%s%zu %s (samen %s)", k > 0 ? " en " : "",
                             n - k, n - k == 1 ? "andere organisatie" : "andere organisaties", h);
    }
    if (len < size)
        len += (size_t)snprintf(buf + len, size - len, "%s", tail);
    return len;
}

/*
 * Writes "<head><list><tail>" into out (NB_TEAM_REASON_SIZE): as many payers
 * named as fit (the most k, from all n down, whose text is shorter than the
 * buffer; k = 0, cut, when none fits), the others summed (nb_tm_payer_try).
 * The length of each candidate k is counted rather than written: the names
 * and hours of the first payers only as far as they can fit, and one sum
 * per k tried, so a regional line's 342 payers cost about as many steps, not
 * 342 texts of up to 342 names each (what writing every k from n down did;
 * the text chosen is the same). Returns the names looked up.
 */
size_t nb_tm_payer_text(const nb_team_model *m, const nb_tm_payer *py, size_t n, int hours,
                        const char *head, const char *tail, char *out)
{
    enum { SZ = NB_TEAM_REASON_SIZE };
    /* pre[k]: head and the first k payers joined by ", " (each one adds at least a character,
     * so at most SZ of them are counted before the length reaches SZ); given[k]: their minutes */
    size_t pre[SZ + 1];
    int64_t given[SZ + 1], total = 0;
    size_t tl = strlen(tail), kmax = 0, k = 0;
    char buf[NB_TEAM_REASON_SIZE];
    pre[0] = strlen(head);
    given[0] = 0;
    for (size_t i = 0; i < n; i++)
        total += py[i].minutes;
    while (kmax < n && kmax < SZ && pre[kmax] < SZ) {
        char name[NB_TEAM_REASON_SIZE], h[NB_NL_NUM_LEN];
        nb_tm_org_name(m, py[kmax].org, name, sizeof name);
        size_t item = (kmax == 0 ? 0 : 2) + strlen(name);
        if (hours && n > 1) {
            nb_team_hours_text(py[kmax].minutes, h, sizeof h);
            item += 3 + strlen(h); /* " (" h ")" */
        }
        pre[kmax + 1] = pre[kmax] + item;
        given[kmax + 1] = given[kmax] + py[kmax].minutes;
        kmax++;
    }
    if (kmax == n && pre[n] + (n > 1 ? 2 : 0) + tl < SZ) {
        k = n; /* everybody, " en " before the last */
    } else if (n > 0) {
        for (k = kmax < n ? kmax : n - 1; k > 0; k--) {
            if (pre[k] >= SZ)
                continue;
            char h[NB_NL_NUM_LEN];
            nb_team_hours_text(total - given[k], h, sizeof h);
            int rest = snprintf(NULL, 0, " en %zu %s (samen %s)", n - k,
                                n - k == 1 ? "andere organisatie" : "andere organisaties", h);
            if (rest >= 0 && pre[k] + (size_t)rest + tl < SZ)
                break;
        }
    }
    nb_tm_payer_try(m, py, n, k, hours, head, tail, buf);
    memcpy(out, buf, sizeof buf);
    return kmax + k;
}

/*
 * The reasons of allocation a (match x, f minutes, the person's total load).
 * py[0..npy) are the organisations the confirm will charge (org != the
 * person's, minutes > 0: exactly the reservations core/hours.h
 * nb_hours_build_reserve makes), own the person's organisation's part;
 * known is 0 when the line's charge is unknown.
 */
static void nb_tm_alloc_reasons(const nb_team_model *m, const nb_tm_match *x,
                                const nb_tm_cost_parts *cp, int64_t load, int known,
                                const nb_tm_payer *py, size_t npy, int64_t own, nb_team_alloc *a)
{
    const nb_tm_person *p = &m->people[x->person];
    const nb_tm_line *l = &m->lines[x->line];
    char h[48], h2[48], head[NB_TEAM_REASON_SIZE], tail[64];
    if (x->level > l->min_level)
        nb_tm_reason(a, "niveau %lld (minimaal %lld gevraagd)", (long long)x->level,
                     (long long)l->min_level);
    else
        nb_tm_reason(a, "niveau %lld (precies het gevraagde niveau)", (long long)x->level);
    nb_team_hours_text(p->available, h, sizeof h);
    nb_tm_reason(a, "heeft %s beschikbaar", h);
    if (cp->wish != 0) {
        if (l->competency_name != NULL && l->competency_name[0] != '\0')
            nb_tm_reason(a, "wil zich ontwikkelen in %s", l->competency_name);
        else
            nb_tm_reason(a, "wil zich ontwikkelen in deze competentie");
    }
    if (cp->cont != 0)
        nb_tm_reason(a, "werkt al aan deze opdracht");
    int home = 0;
    for (size_t i = 0; i < l->nrequesters; i++)
        home |= l->requesters[i] == p->org;
    if (home && m->cfg.home_cost < 0)
        nb_tm_reason(a, "werkt bij een aanvragende organisatie (voorkeur voor eigen mensen)");
    else if (home && m->cfg.home_cost > 0)
        nb_tm_reason(a, "werkt bij een aanvragende organisatie (telt licht tegen: het netwerk "
                        "spreidt liever)");
    else if (home)
        nb_tm_reason(a, "werkt bij een aanvragende organisatie");

    /* What the ledger books; the balance only matters for booked minutes. */
    int64_t booked = a->minutes_booked;
    if (known && booked == 0) {
        nb_tm_reason(a, "eigen organisatie: wordt niet verrekend");
    } else if (p->balance < 0) {
        nb_team_hours_text(-p->balance, h, sizeof h);
        if (known)
            nb_tm_reason(a, "organisatie staat %s in de min bij het netwerk", h);
        else
            nb_tm_reason(a,
                         "organisatie staat %s in de min bij het netwerk; met dit werk brengt "
                         "zij uren terug",
                         h);
    } else if (p->balance > 0) {
        nb_team_hours_text(p->balance, h, sizeof h);
        nb_tm_reason(a, "organisatie heeft %s tegoed van het netwerk%s", h,
                     cp->fair > 0 ? " (telt licht tegen)" : "");
    }
    if (known && booked > 0 && a->nreasons < NB_TEAM_MAX_REASONS) {
        nb_team_hours_text(booked, h, sizeof h);
        if (p->balance < 0)
            snprintf(head, sizeof head, "brengt %s terug van ", h);
        else
            snprintf(head, sizeof head, "wordt verrekend: %s ten laste van ", h);
        tail[0] = '\0';
        if (own > 0) {
            nb_team_hours_text(own, h2, sizeof h2);
            snprintf(tail, sizeof tail, "; eigen deel van %s wordt niet verrekend", h2);
        }
        (void)nb_tm_payer_text(m, py, npy, 1, head, tail, a->reasons[a->nreasons++]);
    }
    if (p->available > 0) {
        nb_team_hours_text(load, h, sizeof h);
        nb_tm_reason(a, "totaal voorgesteld: %s (%lld%% van de beschikbare uren)", h,
                     (long long)(load * 100 / p->available));
    }
}

/*
 * The booking of f minutes of a person of organisation org on line l, as the
 * confirm makes it: the parts of nb_split_weighted over the charged
 * organisations; py (scratch of l->ncharged) gets the parts of the others
 * with minutes > 0, sorted (larger first). Returns 0 or NB_ENOMEM.
 */
static int nb_tm_booking(const nb_tm_line *l, int64_t org, int64_t f, nb_tm_payer *py,
                         int64_t *parts, size_t *npy, int64_t *booked, int64_t *own)
{
    *npy = 0;
    *booked = 0;
    *own = 0;
    if (l->ncharged == 0) {
        *booked = f;
        return 0;
    }
    nb_err ignore = {{0}};
    int rc = nb_split_weighted(f, l->weights, l->charged, l->ncharged, parts, &ignore);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < l->ncharged; i++) {
        if (l->charged[i] == org) {
            *own = parts[i];
        } else if (parts[i] > 0) {
            py[(*npy)++] = (nb_tm_payer){l->charged[i], parts[i]};
            *booked += parts[i];
        }
    }
    qsort(py, *npy, sizeof *py, nb_tm_cmp_payer);
    return 0;
}

/* Cost of loading load minutes through the person's convex segments. */
static int64_t nb_tm_load_cost(const nb_team_model *m, const nb_tm_person *p, int64_t load)
{
    int64_t cost = 0;
    for (int k = 0; k < 3 && load > 0; k++) {
        int64_t take = load < p->seg_cap[k] ? load : p->seg_cap[k];
        cost += take * m->cfg.seg_cost[k];
        load -= take;
    }
    return cost;
}

/* ------------------------------------------------------------------------ */
/* Extraction                                                                */
/* ------------------------------------------------------------------------ */

static void nb_tm_shortage_reason(const nb_team_model *m, const nb_tm_line *l, nb_team_shortage *s)
{
    char h[48], want[48];
    nb_team_hours_text(s->minutes_unmet, h, sizeof h);
    nb_team_hours_text(s->minutes_requested, want, sizeof want);
    const char *name =
        l->competency_name && l->competency_name[0] ? l->competency_name : "deze competentie";
    switch (s->kind) {
    case NB_TEAM_SHORT_NO_SKILL:
        snprintf(s->reason, sizeof s->reason,
                 "niemand heeft deze competentie op niveau ≥ %lld (%s); %s van %s niet bemenst",
                 (long long)l->min_level, name, h, want);
        break;
    case NB_TEAM_SHORT_BUSY:
        snprintf(s->reason, sizeof s->reason,
                 "iedereen met deze competentie is bezet: %lld %s met %s op niveau ≥ %lld, hun "
                 "uren zijn tot de grens van %lld%% ingezet; %s van %s niet bemenst",
                 (long long)s->candidates, s->candidates == 1 ? "persoon" : "personen", name,
                 (long long)l->min_level, (long long)m->cfg.load_cap_pct, h, want);
        break;
    case NB_TEAM_SHORT_RULES: {
        char mn[48];
        nb_team_hours_text(m->cfg.min_alloc_minutes, mn, sizeof mn);
        snprintf(s->reason, sizeof s->reason,
                 "er zijn nog uren bij mensen met %s, maar te weinig voor een inzet van minimaal "
                 "%s of het team zou groter worden dan %lld personen; %s van %s niet bemenst",
                 name, mn, (long long)m->cfg.max_team_size, h, want);
        break;
    }
    }
}

/* ---- Extraction: the proposal from the solved flow (one window, per month) -- */

int nb_tm_extract(const nb_team_model *m, const nb_tm_work *w, nb_team_result *r, nb_err *err)
{
    int rc = 0;
    const nb_tm_bylines *bl = &w->bl;
    const int8_t *verdict = w->verdict;
    const int64_t *flow = w->flow;
    size_t np = m->npeople ? m->npeople : 1, nl = m->nlines ? m->nlines : 1;
    int64_t *load = calloc(np, sizeof *load);  /* proposed minutes per person */
    int64_t *rest = calloc(np, sizeof *rest);  /* minutes not yet handed a load cost */
    int64_t *left = calloc(np, sizeof *left);  /* load cost not yet handed out */
    size_t *nleft = calloc(np, sizeof *nleft); /* allocations not yet handed out */
    int64_t *line_got = calloc(nl, sizeof *line_got);
    int32_t *pidx = NULL;
    size_t maxc = 1;
    for (size_t li = 0; li < m->nlines; li++)
        if (m->lines[li].ncharged > maxc)
            maxc = m->lines[li].ncharged;
    nb_tm_payer *py = calloc(maxc, sizeof *py);
    int64_t *parts = calloc(maxc, sizeof *parts);
    if (!load || !rest || !left || !nleft || !line_got || !py || !parts) {
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
        goto cleanup;
    }
    size_t nalloc = 0;
    /* Only the matches with flow (nb_tm_flows_read's lists), not a pass over all
     * matches: those are millions at national size, these tens of thousands. */
    for (size_t i = 0; i < w->nfk; i++) {
        size_t k = w->fk[i];
        const nb_tm_match *x = &m->matches[k];
        int64_t f = flow[k];
        if (f <= 0)
            continue;
        if (verdict[k] != NB_TM_ALLOWED) {
            r->dropped++;
            continue;
        }
        load[x->person] += f;
        nleft[x->person]++;
        line_got[x->line] += f;
        nalloc++;
    }
    for (size_t i = 0; i < m->npeople; i++) {
        left[i] = nb_tm_load_cost(m, &m->people[i], load[i]);
        rest[i] = load[i];
    }
    r->allocs = calloc(nalloc ? nalloc : 1, sizeof *r->allocs);
    pidx = calloc(nalloc ? nalloc : 1, sizeof *pidx);
    if (r->allocs == NULL || pidx == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
        goto cleanup;
    }

    /* Allocations in line order, then by person id (insertion within a line). */
    for (size_t li = 0; li < m->nlines; li++) {
        const nb_tm_line *l = &m->lines[li];
        if (!l->active)
            continue;
        size_t start = r->nallocs;
        /* the line's matches with flow, in the order of its matches (bl) */
        for (size_t q = w->fl_start[li]; q < w->fl_start[li + 1]; q++) {
            size_t k = w->fl[q];
            const nb_tm_match *x = &m->matches[k];
            if (verdict[k] != NB_TM_ALLOWED)
                continue;
            int64_t f = flow[k];
            if (f <= 0)
                continue;
            const nb_tm_person *p = &m->people[x->person];
            size_t pos = r->nallocs;
            while (pos > start && r->allocs[pos - 1].person_id > p->id) {
                r->allocs[pos] = r->allocs[pos - 1];
                pidx[pos] = pidx[pos - 1];
                pos--;
            }
            nb_team_alloc *a = &r->allocs[pos];
            memset(a, 0, sizeof *a);
            pidx[pos] = x->person;
            r->nallocs++;
            a->person_id = p->id;
            a->organisation_id = p->org;
            a->line_id = l->id;
            a->assignment_id = l->assignment_id;
            a->minutes = f;
            a->level = x->level;
            a->min_level = l->min_level;
            /* the terms again, as the build computed them (the same inputs) */
            nb_tm_match again = *x;
            nb_tm_cost_parts cp;
            nb_tm_match_costs(m, p, l, &again, &cp);
            NB_ASSERT(again.cost == x->cost); /* costs change only through the build */
            a->cost_overqual = cp.overqual * f;
            a->cost_wish = cp.wish * f;
            a->cost_continuity = cp.cont * f;
            a->cost_home = cp.home * f;
            a->cost_fairness = cp.fair * f;
            size_t npy = 0;
            int64_t own = 0;
            if (nb_tm_booking(l, p->org, f, py, parts, &npy, &a->minutes_booked, &own) != 0) {
                rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
                goto cleanup;
            }
            a->minutes_own = own;
            nb_tm_alloc_reasons(m, x, &cp, load[x->person], l->ncharged > 0, py, npy, own, a);
        }
    }
    /* The person's load cost, pro rata in output order; the last one takes the rest. */
    for (size_t k = 0; k < r->nallocs; k++) {
        nb_team_alloc *a = &r->allocs[k];
        int32_t pi = pidx[k];
        if (nleft[pi] == 1 || rest[pi] <= 0) {
            a->cost_load = left[pi];
        } else {
            __extension__ __int128 part = (__int128)left[pi] * a->minutes;
            a->cost_load = (int64_t)(part / rest[pi]);
        }
        left[pi] -= a->cost_load;
        rest[pi] -= a->minutes;
        nleft[pi]--;
        a->cost_total = a->cost_overqual + a->cost_wish + a->cost_continuity + a->cost_home +
                        a->cost_fairness + a->cost_load;
        r->cost_total += a->cost_total;
        r->minutes_allocated += a->minutes;
    }

    /* Shortages, with their cause. */
    r->shortages = calloc(nl, sizeof *r->shortages);
    if (r->shortages == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
        goto cleanup;
    }
    for (size_t li = 0; li < m->nlines; li++) {
        const nb_tm_line *l = &m->lines[li];
        if (!l->active)
            continue;
        r->minutes_requested += l->minutes;
        int64_t unmet = l->minutes - line_got[li];
        if (unmet <= 0)
            continue;
        nb_team_shortage *s = &r->shortages[r->nshortages++];
        memset(s, 0, sizeof *s);
        s->line_id = l->id;
        s->assignment_id = l->assignment_id;
        s->competency_id = l->competency_id;
        s->min_level = l->min_level;
        s->minutes_requested = l->minutes;
        s->minutes_unmet = unmet;
        size_t first, end;
        nb_tm_holder_range(m, l->competency_id, &first, &end);
        for (size_t h = first; h < end && m->holders[h].level >= l->min_level; h++)
            s->candidates++;
        /* Rules: a candidate still had hours, but the match was forbidden or dropped. */
        int rules = 0;
        for (size_t q = bl->start[li]; q < bl->start[li + 1] && !rules; q++) {
            size_t k = bl->order[q];
            const nb_tm_match *x = &m->matches[k];
            if (!x->disabled && (x->forbidden || verdict[k] != NB_TM_ALLOWED) &&
                load[x->person] < m->people[x->person].capacity)
                rules = 1;
        }
        s->kind = s->candidates == 0 ? NB_TEAM_SHORT_NO_SKILL
                  : rules            ? NB_TEAM_SHORT_RULES
                                     : NB_TEAM_SHORT_BUSY;
        nb_tm_shortage_reason(m, l, s);
        r->minutes_unmet += unmet;
    }
    r->cost_total += r->minutes_unmet * m->cfg.unmet_cost;
cleanup:
    free(load);
    free(rest);
    free(left);
    free(nleft);
    free(line_got);
    free(pidx);
    free(py);
    free(parts);
    return rc;
}

/*
 * The load of every person with an allocation in every month bucket, and the
 * demand left per line-month with its cause (the same rules as the line's
 * shortage, judged in that month: busy when every candidate is at the
 * month's cap).
 */
int nb_tm_extract_months(const nb_team_model *m, const nb_tm_work *w, nb_team_result *r,
                         nb_err *err)
{
    int rc = 0;
    const nb_tm_bylines *bl = &w->bl;
    const int8_t *verdict = w->verdict;
    const int64_t *flow = w->flow;
    size_t T = m->nmonths, np = m->npeople ? m->npeople : 1, nslots = 0;
    int64_t *slot = malloc(np * sizeof *slot);
    int64_t *pm = NULL;
    if (slot == NULL)
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    for (size_t i = 0; i < m->npeople; i++)
        slot[i] = -1;
    for (size_t i = 0; i < w->nfk; i++) { /* the matches with flow, as in nb_tm_extract */
        size_t k = w->fk[i];
        if (verdict[k] == NB_TM_ALLOWED && slot[m->matches[k].person] < 0 && flow[k] > 0)
            slot[m->matches[k].person] = 0;
    }
    for (size_t i = 0; i < m->npeople; i++)
        if (slot[i] == 0 || slot[i] > 0)
            slot[i] = (int64_t)nslots++;
    pm = calloc(nslots > 0 ? nslots * T : 1, sizeof *pm);
    r->loads = calloc(nslots > 0 ? nslots * T : 1, sizeof *r->loads);
    r->month_shortages = NULL;
    if (pm == NULL || r->loads == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
        goto cleanup;
    }
    r->nmonths = T;
    for (size_t i = 0; i < w->nfk; i++) {
        size_t k = w->fk[i];
        const nb_tm_match *x = &m->matches[k];
        if (verdict[k] != NB_TM_ALLOWED || slot[x->person] < 0 || flow[k] == 0)
            continue;
        const nb_tm_line *l = &m->lines[x->line];
        for (int32_t a = 0; a < x->narcs; a++)
            pm[(size_t)slot[x->person] * T + (size_t)(l->mfirst + a)] +=
                nb_mcf_flow(m->g, x->arc + a);
    }
    for (size_t i = 0; i < m->npeople; i++) {
        if (slot[i] < 0)
            continue;
        const nb_tm_person *p = &m->people[i];
        for (size_t t = 0; t < T; t++) {
            nb_team_month_load *o = &r->loads[r->nloads++];
            o->person_id = p->id;
            o->month = (int32_t)t;
            o->minutes = pm[(size_t)slot[i] * T + t];
            o->capacity = p->month_cap != NULL ? p->month_cap[t] : p->capacity;
            o->available = p->month_avail != NULL ? p->month_avail[t] : p->available;
        }
    }

    /* Line-months left short. */
    size_t room = 0;
    for (size_t li = 0; li < m->nlines; li++)
        if (m->lines[li].active)
            room += (size_t)(m->lines[li].mlast - m->lines[li].mfirst) + 1;
    r->month_shortages = calloc(room ? room : 1, sizeof *r->month_shortages);
    if (r->month_shortages == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
        goto cleanup;
    }
    for (size_t li = 0; li < m->nlines; li++) {
        const nb_tm_line *l = &m->lines[li];
        if (!l->active)
            continue;
        size_t first, end;
        int64_t candidates = 0;
        nb_tm_holder_range(m, l->competency_id, &first, &end);
        for (size_t h = first; h < end && m->holders[h].level >= l->min_level; h++)
            candidates++;
        for (int32_t k = 0; k <= l->mlast - l->mfirst; k++) {
            int32_t t = l->mfirst + k;
            int64_t want = nb_tm_line_month(l, k), got = 0;
            int rules = 0;
            for (size_t q = w->fl_start[li]; q < w->fl_start[li + 1]; q++) { /* with flow */
                size_t mk = w->fl[q];
                if (verdict[mk] == NB_TM_ALLOWED && flow[mk] != 0) /* else none in any month */
                    got += nb_mcf_flow(m->g, m->matches[mk].arc + k);
            }
            if (want - got <= 0)
                continue;
            /* Short: was it the rules? The first candidate with room left that was
             * forbidden or dropped says so (the person looked up only for those). */
            for (size_t q = bl->start[li]; q < bl->start[li + 1] && !rules; q++) {
                size_t mk = bl->order[q];
                const nb_tm_match *x = &m->matches[mk];
                if (x->disabled || (!x->forbidden && verdict[mk] == NB_TM_ALLOWED))
                    continue;
                const nb_tm_person *p = &m->people[x->person];
                int64_t cap = p->month_cap != NULL ? p->month_cap[t] : p->capacity;
                int64_t used =
                    slot[x->person] >= 0 ? pm[(size_t)slot[x->person] * T + (size_t)t] : 0;
                rules = used < cap;
            }
            nb_team_month_short *o = &r->month_shortages[r->nmonth_shortages++];
            o->line_id = l->id;
            o->assignment_id = l->assignment_id;
            o->month = t;
            o->minutes_requested = want;
            o->minutes_unmet = want - got;
            o->kind = candidates == 0 ? NB_TEAM_SHORT_NO_SKILL
                      : rules         ? NB_TEAM_SHORT_RULES
                                      : NB_TEAM_SHORT_BUSY;
        }
    }
cleanup:
    free(slot);
    free(pm);
    return rc;
}
