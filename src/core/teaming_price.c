/*
 * core/teaming_price.c — pricing (column generation) of the teaming model's
 * match arcs (core/teaming.h, nb_team_config.pricing_k; docs/teaming.md
 * "Pricing the match arcs").
 *
 * The full model has an arc for every (line, person holding the line's
 * competency at its level): millions at national size. With pricing a line
 * starts with its pricing_k cheapest holders by match cost and everybody
 * already working on the assignment (nb_tm_connect_cheapest); after each
 * solve nb_tm_price computes, from the optimal potentials, the reduced cost
 * of every holder left out — walking the competency index, not stored arcs —
 * and adds those that price negative (the most negative first, at most
 * pricing_k per line per pass). When none is left the restricted optimum is
 * an optimum of the full model: the left-out arcs carry no flow and price
 * non-negative, so the flows and potentials are an optimal primal/dual pair
 * of the full network too (LP duality; nb_mcf_check certifies it in the
 * tests). The unmet-demand arc keeps every restricted model feasible.
 * Memory: scratch only; the matches added belong to the model.
 */
#include "core/teaming_impl.h"

#include <stdlib.h>
#include <string.h>

int nb_tm_bylines_make(const nb_team_model *m, nb_tm_bylines *bl)
{
    bl->start = calloc(m->nlines + 2, sizeof *bl->start);
    bl->order = calloc(m->nmatches ? m->nmatches : 1, sizeof *bl->order);
    if (bl->start == NULL || bl->order == NULL)
        return NB_ENOMEM;
    for (size_t k = 0; k < m->nmatches; k++)
        bl->start[(size_t)m->matches[k].line + 2]++;
    for (size_t li = 0; li < m->nlines; li++)
        bl->start[li + 2] += bl->start[li + 1];
    for (size_t k = 0; k < m->nmatches; k++)
        bl->order[bl->start[(size_t)m->matches[k].line + 1]++] = (uint32_t)k;
    return 0;
}

/* A left-out holder of a line that prices negative. */
typedef struct nb_tm_cand {
    int64_t rc;   /* reduced cost (the most negative over the line's months) */
    size_t h;     /* index into m->holders */
    int64_t cost; /* the match's unit cost (for the initial selection) */
} nb_tm_cand;

/* Reduced cost (or cost) ascending, then holder order. */
static int nb_tm_cmp_cand(const void *a, const void *b)
{
    const nb_tm_cand *x = a, *y = b;
    if (x->rc != y->rc)
        return x->rc < y->rc ? -1 : 1;
    return (x->h > y->h) - (x->h < y->h);
}

static int nb_tm_cmp_cand_h(const void *a, const void *b)
{
    const nb_tm_cand *x = a, *y = b;
    return (x->h > y->h) - (x->h < y->h);
}

/* 1 when person pi could have a match arc on a line in the full model. */
static int nb_tm_can_match(const nb_team_model *m, int32_t pi)
{
    const nb_tm_person *p = &m->people[pi];
    return p->capacity > 0 && (m->nmonths <= 1 || p->month_node0 >= 0);
}

/* Adds the matches of line li for the candidates c[0..n) in holder order. */
static int nb_tm_add_cands(nb_team_model *m, size_t li, nb_tm_cand *c, size_t n, nb_err *err)
{
    int rc;
    if (n == 0 || c == NULL)
        return 0;
    qsort(c, n, sizeof *c, nb_tm_cmp_cand_h);
    for (size_t i = 0; i < n; i++) {
        const nb_tm_holder *h = &m->holders[c[i].h];
        if ((rc = nb_tm_add_match(m, h->person, (int32_t)li, h->level, err)) != 0)
            return rc;
    }
    return 0;
}

int nb_tm_connect_cheapest(nb_team_model *m, size_t li, nb_err *err)
{
    const nb_tm_line *l = &m->lines[li];
    size_t first, end, n = 0;
    int rc = 0;
    nb_tm_holder_range(m, l->competency_id, &first, &end);
    nb_tm_cand *c = malloc((end > first ? end - first : 1) * sizeof *c);
    if (c == NULL)
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    /* Everybody already on the assignment gets an arc (rc = INT64_MIN sorts them first). */
    for (size_t h = first; h < end && m->holders[h].level >= l->min_level; h++) {
        int32_t pi = m->holders[h].person;
        if (!nb_tm_can_match(m, pi))
            continue;
        nb_tm_match x = {.level = (uint8_t)m->holders[h].level};
        nb_tm_cost_parts parts;
        nb_tm_match_costs(m, &m->people[pi], l, &x, &parts);
        c[n++] = (nb_tm_cand){parts.cont != 0 ? INT64_MIN : x.cost, h, x.cost};
    }
    size_t keep = n;
    if ((int64_t)n > m->cfg.pricing_k) {
        qsort(c, n, sizeof *c, nb_tm_cmp_cand);
        keep = (size_t)m->cfg.pricing_k;
        while (keep < n && c[keep].rc == INT64_MIN)
            keep++;
    }
    rc = nb_tm_add_cands(m, li, c, keep, err);
    free(c);
    return rc;
}

/*
 * One pricing pass (see the file's header). With all == 0 every active line
 * (only those with only[li] != 0 when only is not NULL) is priced with the
 * potentials of the last optimal solution and, per line, the pricing_k most
 * negative left-out holders are added. With all != 0 the lines are completed:
 * every left-out holder is added whatever its reduced cost (the
 * post-processing closes a line to newcomers by forbidding every other match,
 * which the full model has as arcs). *added is set to the matches added. 0,
 * NB_ENOMEM or the graph's error (message in err).
 */
int nb_tm_price(nb_team_model *m, const uint8_t *only, int all, size_t *added, nb_err *err)
{
    int rc = 0;
    size_t np = m->npeople ? m->npeople : 1;
    int64_t *pot = NULL, *pbase = NULL;
    int32_t *pfair = NULL; /* the positive part of each person's fairness term */
    int32_t *stamp = calloc(np, sizeof *stamp);
    nb_tm_bylines bl = {NULL, NULL};
    nb_tm_cand *c = NULL;
    size_t croom = 0;
    const nb_team_config *cfg = &m->cfg;
    int64_t *fair_lb = calloc((size_t)cfg->fairness_max + 1, sizeof *fair_lb); /* per line */
    *added = 0;
    if (fair_lb == NULL)
        goto nomem;
    if (stamp == NULL || nb_tm_bylines_make(m, &bl) != 0)
        goto nomem;
    if (!all) {
        size_t nn = (size_t)nb_mcf_node_count(m->g);
        pot = malloc((nn ? nn : 1) * sizeof *pot);
        pbase = malloc(np * sizeof *pbase);
        pfair = malloc(np * sizeof *pfair);
        if (pot == NULL || pbase == NULL || pfair == NULL)
            goto nomem;
        if (nb_mcf_copy_potentials(m->g, pot) != 0) {
            rc = nb_err_set(err, NB_EINVAL, "prijzen zonder oplossing");
            goto cleanup;
        }
        /* A lower bound of a person's part of every reduced cost: the terms at their most
         * favourable — home when it is a bonus (the wish is the holder's); no continuity bonus (whoever
         * works on the assignment got an arc at the start); the fairness term whole when it
         * is a bonus (a positive one is bounded per line below) — with the hub's potential
         * when there is one window. */
        for (size_t i = 0; i < m->npeople; i++) {
            const nb_tm_person *p = &m->people[i];
            pbase[i] = (p->fairness < 0 ? p->fairness : 0) +
                       (cfg->home_cost < 0 ? cfg->home_cost : 0) +
                       (m->nmonths <= 1 ? pot[NB_TEAM_NODE_FIRST + i] : 0);
            pfair[i] = p->fairness > 0 ? (int32_t)p->fairness : 0; /* <= fairness_max */
            if (!nb_tm_can_match(m, (int32_t)i))
                stamp[i] = -1; /* never a candidate */
        }
    }
    for (size_t li = 0; li < m->nlines; li++) {
        const nb_tm_line *l = &m->lines[li];
        if (!l->active || l->minutes <= 0 || (only != NULL && !only[li]))
            continue;
        /* who the line has already (the matches added below are not in bl: only this
         * line gets them, and its holders are visited once) */
        for (size_t q = bl.start[li]; q < bl.start[li + 1]; q++)
            stamp[m->matches[bl.order[q]].person] = (int32_t)li + 1;
        /* A positive fairness term is booked at least on the share the largest charged
         * weight leaves (rounded as nb_tm_match_costs rounds it). */
        int64_t wmax = 0;
        for (size_t k = 0; k < l->ncharged; k++)
            wmax = l->weights[k] > wmax ? l->weights[k] : wmax;
        for (int64_t f = 1; !all && f <= cfg->fairness_max; f++) {
            if (l->ncharged > 0 && l->weight_sum > 0) {
                __extension__ __int128 num = (__int128)f * (l->weight_sum - wmax),
                                       w2 = (__int128)l->weight_sum * 2;
                fair_lb[f] = (int64_t)((2 * num + l->weight_sum) / w2);
            } else {
                fair_lb[f] = f;
            }
        }
        size_t first, end, n = 0;
        nb_tm_holder_range(m, l->competency_id, &first, &end);
        if (c == NULL || end - first > croom) {
            free(c);
            croom = end - first > 0 ? end - first : 1;
            if ((c = malloc(croom * sizeof *c)) == NULL)
                goto nomem;
        }
        for (size_t h = first; h < end && m->holders[h].level >= l->min_level; h++) {
            int32_t pi = m->holders[h].person;
            if (stamp[pi] == (int32_t)li + 1 || stamp[pi] < 0 || !nb_tm_can_match(m, pi))
                continue;
            if (all) {
                c[n++] = (nb_tm_cand){0, h, 0};
                continue;
            }
            int64_t lb = cfg->overqual_cost * (m->holders[h].level - l->min_level) + pbase[pi] -
                         (m->holders[h].wish ? cfg->wish_bonus : 0);
            if (pfair[pi] > 0)
                lb += fair_lb[pfair[pi]];
            const nb_tm_person *p = &m->people[pi];
            int64_t dmin;
            if (m->nmonths <= 1) {
                dmin = -pot[l->node];
            } else {
                dmin = INT64_MAX;
                for (int32_t k = 0; k <= l->mlast - l->mfirst; k++) {
                    int32_t t = l->mfirst + k;
                    int64_t cap =
                        l->mminutes[k] < p->month_cap[t] ? l->mminutes[k] : p->month_cap[t];
                    int64_t d = pot[p->month_node0 + t - p->month_lo] - pot[l->mnode0 + k];
                    if (cap > 0 && d < dmin)
                        dmin = d;
                }
                if (dmin == INT64_MAX)
                    continue; /* no month with room: the arcs could carry nothing */
            }
            if (lb + dmin >= 0)
                continue;
            nb_tm_match x = {.level = (uint8_t)m->holders[h].level};
            nb_tm_match_costs(m, p, l, &x, NULL);
            int64_t red = x.cost + (m->nmonths <= 1 ? pot[NB_TEAM_NODE_FIRST + pi] : 0) + dmin;
            if (red < 0)
                c[n++] = (nb_tm_cand){red, h, x.cost};
        }
        if (!all && (int64_t)n > cfg->pricing_k) {
            qsort(c, n, sizeof *c, nb_tm_cmp_cand);
            n = (size_t)cfg->pricing_k;
        }
        if ((rc = nb_tm_add_cands(m, li, c, n, err)) != 0)
            goto cleanup;
        *added += n;
    }
    rc = 0;
    goto cleanup;
nomem:
    rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
cleanup:
    free(pot);
    free(pbase);
    free(pfair);
    free(fair_lb);
    free(stamp);
    free(bl.start);
    free(bl.order);
    free(c);
    return rc;
}
