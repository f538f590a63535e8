/*
 * core/teaming_lines.c — a line in the teaming model (core/teaming.h): the
 * small helpers that nb_team_model_build (teaming_build.c) and the warm
 * re-solve's line changes share. Copying and checking a line (requesters,
 * the charge weights of the fairness term on the minutes the ledger books,
 * its spread over the months), the cost terms of a match, appending a match
 * arc, and connecting a copied line to the graph (supply, slack, matches to
 * every holder at its level or higher, or with pricing to the cheapest of
 * them: teaming_price.c). Contracts in teaming_impl.h.
 * Memory: what a line copy allocates belongs to the model
 * (nb_team_model_free).
 */
#include "core/teaming_impl.h"
#include "util/sorted.h"
#include "core/split.h"
#include "util/assert.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* A line in the model                                                       */
/* ------------------------------------------------------------------------ */

static int nb_tm_cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int nb_tm_cmp_skill(const void *a, const void *b)
{
    const nb_team_skill *x = a, *y = b;
    return (x->competency_id > y->competency_id) - (x->competency_id < y->competency_id);
}

int nb_tm_cmp_holder(const void *a, const void *b)
{
    const nb_tm_holder *x = a, *y = b;
    if (x->competency_id != y->competency_id)
        return x->competency_id < y->competency_id ? -1 : 1;
    if (x->level != y->level)
        return x->level > y->level ? -1 : 1;
    return (x->person > y->person) - (x->person < y->person);
}

/* Sorted heap copy of n ids (NULL when n == 0). */
int nb_tm_copy_sorted(const int64_t *src, size_t n, int64_t **out)
{
    *out = NULL;
    if (n == 0)
        return 0;
    *out = malloc(n * sizeof **out);
    if (*out == NULL)
        return NB_ENOMEM;
    memcpy(*out, src, n * sizeof **out);
    qsort(*out, n, sizeof **out, nb_tm_cmp_i64);
    return 0;
}

long nb_tm_line_index(const nb_team_model *m, int64_t line_id)
{
    for (size_t i = 0; i < m->nlines; i++)
        if (m->lines[i].id == line_id && m->lines[i].active)
            return (long)i;
    return -1;
}

/* The person's level in competency c, 0 when absent. */
int64_t nb_tm_level(const nb_tm_person *p, int64_t c)
{
    size_t lo = 0, hi = p->nskills;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->skills[mid].competency_id < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->nskills && p->skills[lo].competency_id == c ? p->skills[lo].level : 0;
}

int64_t nb_tm_line_weight(const nb_tm_line *l, int64_t org)
{
    size_t lo = 0, hi = l->ncharged;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->charged[mid] < org)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < l->ncharged && l->charged[lo] == org ? l->weights[lo] : 0;
}

/*
 * The fairness term per minute of a match of a person of organisation org
 * on line l: term × (W − w_org) / W, rounded half away from zero — the share
 * of the minutes the ledger books between organisations (the own part is
 * never booked). An unknown charge (no organisations) books every minute.
 */
static int64_t nb_tm_fair_share(int64_t term, const nb_tm_line *l, int64_t org)
{
    if (l->ncharged == 0 || term == 0)
        return term;
    __extension__ __int128 w = l->weight_sum,
                           num = (__int128)term * (w - nb_tm_line_weight(l, org));
    __extension__ __int128 q = num >= 0 ? (2 * num + w) / (2 * w) : -((-2 * num + w) / (2 * w));
    return (int64_t)q;
}

int64_t nb_tm_flow(const nb_team_model *m, const nb_tm_match *x)
{
    int64_t f = 0;
    for (int32_t k = 0; k < x->narcs; k++)
        f += nb_mcf_flow(m->g, x->arc + k);
    return f;
}

int nb_tm_set_cost(nb_team_model *m, const nb_tm_match *x, int64_t cost, nb_err *err)
{
    int rc;
    for (int32_t k = 0; k < x->narcs; k++)
        if ((rc = nb_mcf_set_cost(m->g, x->arc + k, cost, err)) != 0)
            return rc;
    return 0;
}

int nb_tm_forbid(nb_team_model *m, const nb_tm_match *x, nb_err *err)
{
    int rc;
    for (int32_t k = 0; k < x->narcs; k++)
        if ((rc = nb_mcf_raise_cost(m->g, x->arc + k, m->forbid_cost, err)) != 0)
            return rc;
    return 0;
}

int64_t nb_tm_line_month(const nb_tm_line *l, int32_t k)
{
    return l->mminutes != NULL ? l->mminutes[k] : l->minutes;
}

/* Fills the per-minute cost terms of match x (person p, line l). */
void nb_tm_match_costs(const nb_team_model *m, const nb_tm_person *p, const nb_tm_line *l,
                       nb_tm_match *x, nb_tm_cost_parts *parts)
{
    const nb_team_config *c = &m->cfg;
    /* Each term is bounded by the configuration's ranges (nb_team_config_check, checked
     * by the build): overqual_cost <= 1000 per level (4 levels at most), the bonuses,
     * home_cost and fairness_max up to 1000 each; so they and their sum fit the
     * match's 32-bit fields. */
    int64_t home = 0;
    for (size_t i = 0; i < l->nrequesters; i++)
        if (l->requesters[i] == p->org)
            home = c->home_cost;
    int64_t overqual = c->overqual_cost * (x->level - l->min_level);
    int64_t wish = nb_sorted_has_i64(p->wishes, p->nwishes, l->competency_id) ? -c->wish_bonus : 0;
    int64_t cont = nb_sorted_has_i64(p->assignments, p->nassignments, l->assignment_id)
                       ? -c->continuity_bonus
                       : 0;
    int64_t fair = nb_tm_fair_share(p->fairness, l, p->org);
    int64_t cost = overqual + wish + cont + home + fair;
    NB_ASSERT(cost >= -INT32_MAX && cost <= INT32_MAX && overqual <= INT32_MAX &&
              fair >= -INT32_MAX && fair <= INT32_MAX);
    if (parts != NULL)
        *parts = (nb_tm_cost_parts){(int32_t)overqual, (int32_t)wish, (int32_t)cont, (int32_t)home,
                                    (int32_t)fair};
    x->cost = (int32_t)cost;
}

int64_t nb_tm_match_cap(const nb_team_model *m, const nb_tm_match *x)
{
    int64_t minutes = m->lines[x->line].minutes, capacity = m->people[x->person].capacity;
    return minutes < capacity ? minutes : capacity;
}

/* Appends a match arc for person pi on line li at level. */
int nb_tm_add_match(nb_team_model *m, int32_t pi, int32_t li, int64_t level, nb_err *err)
{
    if (m->nmatches == m->match_room) {
        size_t room = m->match_room ? m->match_room * 2 : 256;
        nb_tm_match *nm = realloc(m->matches, room * sizeof *nm);
        if (nm == NULL)
            return nb_err_set(err, NB_ENOMEM, "geen geheugen voor de koppelingen");
        m->matches = nm;
        m->match_room = room;
    }
    nb_tm_match *x = &m->matches[m->nmatches];
    memset(x, 0, sizeof *x);
    x->person = pi;
    x->line = li;
    x->level = (uint8_t)level; /* 1..5 (checked by the build) */
    nb_tm_match_costs(m, &m->people[pi], &m->lines[li], x, NULL);
    const nb_tm_line *l = &m->lines[li];
    const nb_tm_person *p = &m->people[pi];
    if (m->nmonths <= 1) {
        int32_t a = nb_mcf_add_arc(m->g, NB_TEAM_NODE_FIRST + pi, l->node, 0, nb_tm_match_cap(m, x),
                                   x->cost, err);
        if (a < 0)
            return a;
        x->arc = a;
        x->narcs = 1;
    } else {
        /* person-month -> line-month, one arc per month of the line (consecutive) */
        x->narcs = (int16_t)(l->mlast - l->mfirst + 1); /* at most 240 months */
        for (int32_t k = 0; k < x->narcs; k++) {
            int32_t t = l->mfirst + k;
            int64_t cap = l->mminutes[k] < p->month_cap[t] ? l->mminutes[k] : p->month_cap[t];
            NB_ASSERT(t >= p->month_lo); /* nb_tm_people_months spans every possible line */
            int32_t a = nb_mcf_add_arc(m->g, p->month_node0 + t - p->month_lo, l->mnode0 + k, 0,
                                       cap, x->cost, err);
            if (a < 0)
                return a;
            if (k == 0)
                x->arc = a;
        }
    }
    m->nmatches++;
    return 0;
}

void nb_tm_holder_range(const nb_team_model *m, int64_t c, size_t *first, size_t *end)
{
    size_t lo = 0, hi = m->nholders;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->holders[mid].competency_id < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    *first = lo;
    hi = m->nholders; /* the end: a second binary search (pricing asks for it per line per pass) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->holders[mid].competency_id <= c)
            lo = mid + 1;
        else
            hi = mid;
    }
    *end = lo;
}

/* Copies line src into slot li (allocating requesters and name). */
/* GCC 12 -fanalyzer: "leak of name" at the return is a false positive; name is stored
 * in dst->competency_name, which nb_team_model_free frees. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
int nb_tm_line_copy(nb_tm_line *dst, const nb_team_line *src, size_t nmonths, nb_err *err)
{
    int64_t *req = NULL, *chg = NULL, *wts = NULL, *mm = NULL;
    char *name = NULL;
    size_t nc = src->ncharged ? src->ncharged : src->nrequesters;
    int64_t wsum = 0;
    if (nb_tm_copy_sorted(src->requesters, src->nrequesters, &req) != 0)
        goto nomem;
    if (src->competency_name != NULL && (name = strdup(src->competency_name)) == NULL)
        goto nomem;
    if (nc > 0) {
        /* (org, weight) pairs sorted by org: insertion sort, n is small */
        chg = malloc(nc * sizeof *chg);
        wts = malloc(nc * sizeof *wts);
        if (chg == NULL || wts == NULL)
            goto nomem;
        for (size_t i = 0; i < nc; i++) {
            int64_t o = src->ncharged ? src->charged[i] : src->requesters[i];
            int64_t w = src->ncharged ? src->charge_weights[i] : 1;
            size_t k = i;
            while (k > 0 && chg[k - 1] > o) {
                chg[k] = chg[k - 1];
                wts[k] = wts[k - 1];
                k--;
            }
            chg[k] = o;
            wts[k] = w;
            wsum += w;
        }
    }
    if (nmonths > 1) {
        /* the demand per month: exact split of the minutes by the profile */
        size_t nm = (size_t)(src->month_last - src->month_first) + 1;
        int64_t *w = malloc(nm * sizeof *w);
        mm = malloc(nm * sizeof *mm);
        if (w == NULL || mm == NULL) {
            free(w);
            goto nomem;
        }
        for (size_t k = 0; k < nm; k++)
            w[k] = src->month_profile != NULL ? src->month_profile[k] : 1;
        nb_err ignore = {{0}};
        int rc = nb_split_weighted(src->minutes, w, NULL, nm, mm, &ignore);
        free(w);
        if (rc != 0)
            goto nomem; /* weights were checked: only memory can fail */
    }
    free(dst->requesters);
    free(dst->competency_name);
    free(dst->charged);
    free(dst->weights);
    free(dst->mminutes);
    dst->mminutes = mm;
    dst->mfirst = nmonths > 1 ? src->month_first : 0;
    dst->mlast = nmonths > 1 ? src->month_last : 0;
    dst->charged = chg;
    dst->weights = wts;
    dst->ncharged = nc;
    dst->weight_sum = wsum;
    dst->requesters = req;
    dst->nrequesters = src->nrequesters;
    dst->competency_name = name;
    dst->id = src->id;
    dst->assignment_id = src->assignment_id;
    dst->competency_id = src->competency_id;
    dst->min_level = src->min_level;
    dst->minutes = src->minutes;
    return 0;
nomem:
    free(req);
    free(name);
    free(chg);
    free(wts);
    free(mm);
    return nb_err_set(err, NB_ENOMEM, "geen geheugen");
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

int nb_tm_line_valid(const nb_team_line *l, size_t nmonths, nb_err *err)
{
    if (nmonths > 1) {
        if (l->month_first < 0 || l->month_last < l->month_first ||
            (size_t)l->month_last >= nmonths)
            return nb_err_set(err, NB_EINVAL, "regel %lld: ongeldige maanden", (long long)l->id);
        int64_t sum = 0;
        for (int32_t k = 0; l->month_profile != NULL && k <= l->month_last - l->month_first; k++) {
            if (l->month_profile[k] < 0 || l->month_profile[k] > INT64_MAX / 1024 / 256)
                return nb_err_set(err, NB_EINVAL, "regel %lld: ongeldig maandprofiel",
                                  (long long)l->id);
            sum += l->month_profile[k];
        }
        if (l->month_profile != NULL && sum == 0)
            return nb_err_set(err, NB_EINVAL, "regel %lld: maandprofiel is overal 0",
                              (long long)l->id);
    }
    if (l->min_level < 1 || l->min_level > 5)
        return nb_err_set(err, NB_EINVAL, "regel %lld: minimaal niveau moet 1-5 zijn",
                          (long long)l->id);
    if (l->minutes < 0 || l->minutes > NB_MCF_VALUE_MAX / 4)
        return nb_err_set(err, NB_EINVAL, "regel %lld: ongeldig aantal minuten", (long long)l->id);
    if (l->nrequesters > 0 && l->requesters == NULL)
        return nb_err_set(err, NB_EINVAL, "regel %lld: aanvragers ontbreken", (long long)l->id);
    if (l->ncharged > 0 && (l->charged == NULL || l->charge_weights == NULL))
        return nb_err_set(err, NB_EINVAL, "regel %lld: verdeling ontbreekt", (long long)l->id);
    if (l->ncharged > 100000)
        return nb_err_set(err, NB_EINVAL, "regel %lld: te veel organisaties in de verdeling",
                          (long long)l->id);
    /* A repeated organisation: first found on a sorted copy (a regional line charges all
     * 342 gemeenten: comparing each with every earlier one cost 58,000 steps a line);
     * only when there is one does the scan below look for it in order, so the first
     * problem in the list is reported, as before. */
    int dup = 0;
    if (l->ncharged > 1) {
        int64_t *sorted = NULL;
        if (nb_tm_copy_sorted(l->charged, l->ncharged, &sorted) != 0)
            return nb_err_set(err, NB_ENOMEM, "geen geheugen");
        for (size_t i = 1; i < l->ncharged && !dup; i++)
            dup = sorted[i] == sorted[i - 1];
        free(sorted);
    }
    int64_t wsum = 0;
    for (size_t i = 0; i < l->ncharged; i++) {
        if (l->charge_weights[i] < 0 || l->charge_weights[i] > INT64_MAX / 200000 ||
            wsum > INT64_MAX / 2 - l->charge_weights[i])
            return nb_err_set(err, NB_EINVAL, "regel %lld: ongeldig gewicht in de verdeling",
                              (long long)l->id);
        wsum += l->charge_weights[i];
        for (size_t k = 0; dup && k < i; k++)
            if (l->charged[k] == l->charged[i])
                return nb_err_set(err, NB_EINVAL,
                                  "regel %lld: organisatie %lld staat twee keer in de verdeling",
                                  (long long)l->id, (long long)l->charged[i]);
    }
    if (l->ncharged > 0 && wsum == 0)
        return nb_err_set(err, NB_EINVAL, "regel %lld: alle gewichten van de verdeling zijn 0",
                          (long long)l->id);
    return 0;
}

/*
 * A line's holders are a few percent of all people, scattered over the people
 * array, and a match's cost reads the holder's record and its wish and
 * assignment lists (heap arrays of their own): a cache miss each, most of the
 * build's time at national size (8 million matches at 84,000 people). So the
 * records are fetched NB_TM_AHEAD holders ahead, and the lists of the holder
 * half as far ahead, whose record has arrived by then. Only hints: nothing
 * is read or changed that the loop would not read anyway.
 */
enum { NB_TM_AHEAD = 16 };

void nb_tm_prefetch_holder(const nb_team_model *m, size_t h, size_t end)
{
    if (h + NB_TM_AHEAD < end) {
        const char *rec = (const char *)&m->people[m->holders[h + NB_TM_AHEAD].person];
        __builtin_prefetch(rec);
        __builtin_prefetch(rec + offsetof(nb_tm_person, month_lo)); /* the end of what is read */
    }
    if (h + NB_TM_AHEAD / 2 < end) {
        const nb_tm_person *q = &m->people[m->holders[h + NB_TM_AHEAD / 2].person];
        __builtin_prefetch(q->wishes + q->nwishes / 2); /* the binary search's first probe */
        __builtin_prefetch(q->assignments + q->nassignments / 2);
    }
}

/* Puts line li (copied already) into the graph: node supply, slack arc, matches. */
int nb_tm_line_connect(nb_team_model *m, size_t li, nb_err *err)
{
    nb_tm_line *l = &m->lines[li];
    int rc;
    l->active = 1;
    if (m->nmonths <= 1) {
        l->mnode0 = l->node;
        l->slack_arc =
            nb_mcf_add_arc(m->g, NB_TEAM_NODE_U, l->node, 0, l->minutes, m->cfg.unmet_cost, err);
        if (l->slack_arc < 0)
            return l->slack_arc;
        if ((rc = nb_mcf_set_supply(m->g, l->node, -l->minutes, err)) != 0)
            return rc;
    } else {
        /* one node per month of the line, each with its demand and unmet slack */
        for (int32_t k = 0; k <= l->mlast - l->mfirst; k++) {
            int32_t a = nb_mcf_add_arc(m->g, NB_TEAM_NODE_U, l->mnode0 + k, 0, l->mminutes[k],
                                       m->cfg.unmet_cost, err);
            if (a < 0)
                return a;
            if (k == 0)
                l->slack_arc = a;
            if ((rc = nb_mcf_set_supply(m->g, l->mnode0 + k, -l->mminutes[k], err)) != 0)
                return rc;
        }
    }
    m->supply_u += l->minutes;
    if ((rc = nb_mcf_set_supply(m->g, NB_TEAM_NODE_U, m->supply_u, err)) != 0)
        return rc;
    if (m->cfg.pricing_k > 0) /* the k cheapest; pricing adds the others as needed */
        return nb_tm_connect_cheapest(m, li, err);
    size_t first, end;
    nb_tm_holder_range(m, l->competency_id, &first, &end);
    for (size_t h = first; h < end && m->holders[h].level >= l->min_level; h++) {
        nb_tm_prefetch_holder(m, h, end);
        int32_t pi = m->holders[h].person;
        if (m->people[pi].capacity <= 0 || (m->nmonths > 1 && m->people[pi].month_node0 < 0))
            continue;
        if ((rc = nb_tm_add_match(m, pi, (int32_t)li, m->holders[h].level, err)) != 0)
            return rc;
    }
    return 0;
}
