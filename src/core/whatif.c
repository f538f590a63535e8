/*
 * core/whatif.c — the what-if of core/whatif.h: one teaming model solved for
 * the work stock as it stands, then changed in place (the leavers' free
 * minutes to 0, their open allocations back as demand) and re-solved warm;
 * the two optima compared per line, per competency level and per competency.
 *
 * Memory: everything in the result is allocated here and freed by
 * nb_whatif_result_free; scratch arrays are freed before returning.
 */
#include "core/whatif.h"

#include "core/mcf.h"

#include <stdlib.h>
#include <string.h>

/* An id and its index in an input array, sorted by id for lookups. */
typedef struct nb_wi_key {
    int64_t id;
    size_t at;
} nb_wi_key;

static int nb_wi_cmp_key(const void *a, const void *b)
{
    const nb_wi_key *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

static int nb_wi_cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Index of id in keys[0..n) (sorted), or -1. */
static long nb_wi_find(const nb_wi_key *keys, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (keys[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && keys[lo].id == id ? (long)keys[lo].at : -1;
}

/* 1 when sorted a[0..n) holds v. */
static int nb_wi_has(const int64_t *a, size_t n, int64_t v)
{
    return n > 0 && bsearch(&v, a, n, sizeof *a, nb_wi_cmp_i64) != NULL;
}

static nb_wi_key *nb_wi_index_people(const nb_team_input *in)
{
    nb_wi_key *k = malloc((in->npeople ? in->npeople : 1) * sizeof *k);
    if (k == NULL)
        return NULL;
    for (size_t i = 0; i < in->npeople; i++)
        k[i] = (nb_wi_key){in->people[i].id, i};
    qsort(k, in->npeople, sizeof *k, nb_wi_cmp_key);
    return k;
}

static nb_wi_key *nb_wi_index_lines(const nb_team_input *in)
{
    nb_wi_key *k = malloc((in->nlines ? in->nlines : 1) * sizeof *k);
    if (k == NULL)
        return NULL;
    for (size_t j = 0; j < in->nlines; j++)
        k[j] = (nb_wi_key){in->lines[j].id, j};
    qsort(k, in->nlines, sizeof *k, nb_wi_cmp_key);
    return k;
}

/* The level of person p in competency c (0: not held). */
static int64_t nb_wi_level(const nb_team_person *p, int64_t c)
{
    int64_t best = 0;
    for (size_t k = 0; k < p->nskills; k++)
        if (p->skills[k].competency_id == c && p->skills[k].level > best)
            best = p->skills[k].level;
    return best;
}

/* Per competency the lowest minimum level a line asks (sorted by competency). */
typedef struct nb_wi_ask {
    int64_t competency_id, min_level;
} nb_wi_ask;

static int nb_wi_cmp_ask(const void *a, const void *b)
{
    const nb_wi_ask *x = a, *y = b;
    return (x->competency_id > y->competency_id) - (x->competency_id < y->competency_id);
}

/*
 * The people the engine can use: capacity > 0 and some line's competency at
 * its level, and every leaver (their hours change). The others have no match
 * arc in any model of this input, so leaving them out changes no optimum
 * (their supply would only flow S -> X at cost 0); at national scale most
 * nodes and segment arcs are theirs. Returns a malloc'd array of *n people
 * (borrowed fields), or NULL when memory ran out.
 */
static nb_team_person *nb_wi_usable(const nb_team_input *in, const int64_t *leavers,
                                    size_t nleavers, size_t *n)
{
    nb_wi_ask *asks = malloc((in->nlines ? in->nlines : 1) * sizeof *asks);
    nb_team_person *out = malloc((in->npeople ? in->npeople : 1) * sizeof *out);
    size_t na = 0;
    *n = 0;
    if (asks == NULL || out == NULL) {
        free(asks);
        free(out);
        return NULL;
    }
    for (size_t j = 0; j < in->nlines; j++)
        asks[na++] = (nb_wi_ask){in->lines[j].competency_id, in->lines[j].min_level};
    qsort(asks, na, sizeof *asks, nb_wi_cmp_ask);
    size_t w = 0;
    for (size_t j = 0; j < na; j++) {
        if (w > 0 && asks[w - 1].competency_id == asks[j].competency_id) {
            if (asks[j].min_level < asks[w - 1].min_level)
                asks[w - 1].min_level = asks[j].min_level;
        } else {
            asks[w++] = asks[j];
        }
    }
    for (size_t i = 0; i < in->npeople; i++) {
        const nb_team_person *p = &in->people[i];
        int use = nb_wi_has(leavers, nleavers, p->id);
        if (!use && p->available_minutes * in->config.load_cap_pct / 100 > 0)
            for (size_t k = 0; k < p->nskills && !use; k++) {
                nb_wi_ask key = {p->skills[k].competency_id, 0};
                const nb_wi_ask *hit = bsearch(&key, asks, w, sizeof *asks, nb_wi_cmp_ask);
                use = hit != NULL && p->skills[k].level >= hit->min_level;
            }
        if (use)
            out[(*n)++] = *p;
    }
    free(asks);
    return out;
}

/* Builds and solves the model of in (one window, no post-processing). On
 * success *m and *r are the caller's. */
static int nb_wi_solve_new(const nb_team_input *in, nb_team_model **m, nb_team_result **r,
                           nb_err *err)
{
    int rc = nb_team_model_build(in, NULL, NULL, m, err);
    if (rc == 0)
        rc = nb_team_solve(*m, NULL, NULL, r, err);
    return rc;
}

/* Per line of in: the minutes left unmet by r, and (when leave is not NULL)
 * the minutes r gives the people in leavers. */
static void nb_wi_per_line(const nb_team_result *r, const nb_wi_key *lines, size_t nl,
                           const int64_t *leavers, size_t nleavers, int64_t *unmet, int64_t *leave)
{
    for (size_t s = 0; s < r->nshortages; s++) {
        long j = nb_wi_find(lines, nl, r->shortages[s].line_id);
        if (j >= 0)
            unmet[j] += r->shortages[s].minutes_unmet;
    }
    for (size_t a = 0; leave != NULL && a < r->nallocs; a++) {
        long j = nb_wi_find(lines, nl, r->allocs[a].line_id);
        if (j >= 0 && nb_wi_has(leavers, nleavers, r->allocs[a].person_id))
            leave[j] += r->allocs[a].minutes;
    }
}

static int nb_wi_cmp_line(const void *a, const void *b)
{
    const nb_whatif_line *x = a, *y = b;
    int64_t dx = x->unmet_after - x->unmet_before, dy = y->unmet_after - y->unmet_before;
    if (dx != dy)
        return dx > dy ? -1 : 1;
    if (x->assignment_id != y->assignment_id)
        return x->assignment_id < y->assignment_id ? -1 : 1;
    return (x->line_id > y->line_id) - (x->line_id < y->line_id);
}

static int nb_wi_cmp_comp(const void *a, const void *b)
{
    const nb_whatif_comp *x = a, *y = b;
    int64_t dx = x->unmet_after - x->unmet_before, dy = y->unmet_after - y->unmet_before;
    if (dx != dy)
        return dx > dy ? -1 : 1;
    if (x->competency_id != y->competency_id)
        return x->competency_id < y->competency_id ? -1 : 1;
    return (x->min_level > y->min_level) - (x->min_level < y->min_level);
}

static int nb_wi_cmp_drop(const void *a, const void *b)
{
    const nb_whatif_drop *x = a, *y = b;
    if (x->holders_after != y->holders_after)
        return x->holders_after < y->holders_after ? -1 : 1;
    return (x->competency_id > y->competency_id) - (x->competency_id < y->competency_id);
}

/* Allocations of a result keyed by (line, person) for the before minutes. */
typedef struct nb_wi_lp {
    int64_t line_id, person_id, minutes;
} nb_wi_lp;

static int nb_wi_cmp_lp(const void *a, const void *b)
{
    const nb_wi_lp *x = a, *y = b;
    if (x->line_id != y->line_id)
        return x->line_id < y->line_id ? -1 : 1;
    return (x->person_id > y->person_id) - (x->person_id < y->person_id);
}

/* Takes on line j: most minutes first, then person id. */
static int nb_wi_cmp_take(const void *a, const void *b)
{
    const nb_whatif_take *x = a, *y = b;
    if (x->minutes != y->minutes)
        return x->minutes > y->minutes ? -1 : 1;
    return (x->person_id > y->person_id) - (x->person_id < y->person_id);
}

/*
 * Holders per competency: counts[k * 6 + L] = people at exactly level L in
 * comps[k], before (all) and after (without the leavers); one pass over
 * every skill.
 */
static void nb_wi_count_holders(const nb_team_input *in, const int64_t *comps, size_t nc,
                                const int64_t *leavers, size_t nleavers, int64_t *before,
                                int64_t *after)
{
    for (size_t i = 0; i < in->npeople; i++) {
        const nb_team_person *p = &in->people[i];
        int gone = nb_wi_has(leavers, nleavers, p->id);
        for (size_t s = 0; s < p->nskills; s++) {
            const int64_t *hit =
                bsearch(&p->skills[s].competency_id, comps, nc, sizeof *comps, nb_wi_cmp_i64);
            int64_t lv = p->skills[s].level;
            if (hit == NULL || lv < 1 || lv > 5)
                continue;
            size_t k = (size_t)(hit - comps);
            before[k * 6 + (size_t)lv]++;
            if (!gone)
                after[k * 6 + (size_t)lv]++;
        }
    }
}

/* People at level >= L in comps[k] from the per-level counts. */
static int64_t nb_wi_at_least(const int64_t *counts, size_t k, int64_t level)
{
    int64_t n = 0;
    for (int64_t l = level < 1 ? 1 : level; l <= 5; l++)
        n += counts[k * 6 + (size_t)l];
    return n;
}

int nb_whatif_run(const nb_team_input *in, const int64_t *leaving, size_t nleaving,
                  const nb_whatif_alloc *allocs, size_t nallocs, const nb_whatif_opts *opts,
                  nb_whatif_result *out, nb_err *err)
{
    int rc = 0;
    nb_whatif_opts o = {0, NULL, NULL};
    nb_team_input base;
    nb_team_model *m = NULL, *m2 = NULL;
    nb_team_result *r0 = NULL, *r1 = NULL;
    nb_wi_key *pk = NULL, *lk = NULL;
    int64_t *freed = NULL, *unmet0 = NULL, *unmet1 = NULL, *leave0 = NULL;
    int64_t *comps = NULL, *hb = NULL, *ha = NULL;
    nb_team_person *people2 = NULL, *usable = NULL;
    nb_team_line *lines2 = NULL;
    nb_wi_lp *lp = NULL;
    size_t nl = in->nlines, nc = 0;
    memset(out, 0, sizeof *out);
    if (opts != NULL)
        o = *opts;
    if ((nleaving > 0 && leaving == NULL) || (nallocs > 0 && allocs == NULL))
        return nb_err_set(err, NB_EINVAL, "invoer ontbreekt");

    base = *in;
    base.nmonths = 0;
    base.config.max_rounds = 0;
    base.config.min_alloc_minutes = 0;
    base.config.max_team_size = 0;
    base.config.month_buckets = 0;
    base.config.spare_lines = 0;
    for (size_t i = 0; i < base.npeople; i++)
        if (base.people[i].month_available != NULL)
            return nb_err_set(err, NB_EINVAL, "de wat-als rekent met één periode, niet per maand");

    pk = nb_wi_index_people(in);
    lk = nb_wi_index_lines(in);
    out->leavers = malloc((nleaving ? nleaving : 1) * sizeof *out->leavers);
    freed = calloc(nl ? nl : 1, sizeof *freed);
    unmet0 = calloc(nl ? nl : 1, sizeof *unmet0);
    unmet1 = calloc(nl ? nl : 1, sizeof *unmet1);
    leave0 = calloc(nl ? nl : 1, sizeof *leave0);
    if (pk == NULL || lk == NULL || out->leavers == NULL || freed == NULL || unmet0 == NULL ||
        unmet1 == NULL || leave0 == NULL)
        goto nomem;
    /* The leavers among the people (sorted, once each). */
    for (size_t i = 0; i < nleaving; i++)
        if (nb_wi_find(pk, in->npeople, leaving[i]) >= 0)
            out->leavers[out->nleavers++] = leaving[i];
    qsort(out->leavers, out->nleavers, sizeof *out->leavers, nb_wi_cmp_i64);
    {
        size_t w = 0;
        for (size_t i = 0; i < out->nleavers; i++)
            if (w == 0 || out->leavers[w - 1] != out->leavers[i])
                out->leavers[w++] = out->leavers[i];
        out->nleavers = w;
    }
    const int64_t *lv = out->leavers;
    size_t nlv = out->nleavers;
    if ((usable = nb_wi_usable(in, lv, nlv, &base.npeople)) == NULL)
        goto nomem;
    base.people = usable;
    for (size_t a = 0; a < nallocs; a++) {
        long j = nb_wi_find(lk, nl, allocs[a].line_id);
        if (j < 0 || allocs[a].minutes <= 0 || !nb_wi_has(lv, nlv, allocs[a].person_id))
            continue;
        if (allocs[a].minutes > NB_MCF_VALUE_MAX / 8 - freed[j]) {
            rc = nb_err_set(err, NB_EINVAL, "te veel minuten op regel %lld",
                            (long long)allocs[a].line_id);
            goto cleanup;
        }
        freed[j] += allocs[a].minutes;
        out->minutes_freed += allocs[a].minutes;
    }

    /* Before: the work stock as it stands. */
    if (o.phase)
        o.phase(o.ctx, "opbouwen");
    if ((rc = nb_team_model_build(&base, NULL, NULL, &m, err)) != 0)
        goto cleanup;
    if (o.phase)
        o.phase(o.ctx, "voor");
    if ((rc = nb_team_solve(m, NULL, NULL, &r0, err)) != 0)
        goto cleanup;

    /* After: the leavers' free minutes gone, their allocations demand again. */
    if (o.phase)
        o.phase(o.ctx, "na");
    if (!o.cold) {
        for (size_t i = 0; i < nlv; i++)
            if ((rc = nb_team_model_set_available(m, lv[i], 0, err)) != 0)
                goto cleanup;
        for (size_t j = 0; j < nl; j++) {
            if (freed[j] == 0)
                continue;
            nb_team_line l = in->lines[j];
            l.minutes += freed[j];
            if ((rc = nb_team_model_set_line(m, &l, err)) != 0)
                goto cleanup;
        }
        if ((rc = nb_team_solve(m, NULL, NULL, &r1, err)) != 0)
            goto cleanup;
    } else {
        nb_team_input after = base;
        people2 = malloc((base.npeople ? base.npeople : 1) * sizeof *people2);
        lines2 = malloc((nl ? nl : 1) * sizeof *lines2);
        if (people2 == NULL || lines2 == NULL)
            goto nomem;
        for (size_t i = 0; i < base.npeople; i++) {
            people2[i] = base.people[i];
            if (nb_wi_has(lv, nlv, people2[i].id))
                people2[i].available_minutes = 0;
        }
        for (size_t j = 0; j < nl; j++) {
            lines2[j] = in->lines[j];
            lines2[j].minutes += freed[j];
        }
        after.people = people2;
        after.lines = lines2;
        if ((rc = nb_wi_solve_new(&after, &m2, &r1, err)) != 0)
            goto cleanup;
    }
    if (o.phase)
        o.phase(o.ctx, "klaar");

    out->minutes_before = r0->minutes_requested;
    out->minutes_after = r1->minutes_requested;
    out->unmet_before = r0->minutes_unmet;
    out->unmet_after = r1->minutes_unmet;
    out->cost_before = r0->cost_optimum;
    out->cost_after = r1->cost_optimum;
    out->pivots_before = r0->pivots;
    out->pivots_after = r1->pivots;
    out->warm = !o.cold && r1->solves > 0 && r1->warm_solves == r1->solves;
    out->lines_total = (int64_t)nl;
    out->people_total = (int64_t)in->npeople;
    nb_wi_per_line(r0, lk, nl, lv, nlv, unmet0, leave0);
    nb_wi_per_line(r1, lk, nl, lv, nlv, unmet1, NULL);

    /* The lines whose cover changes, and the competencies to count holders of. */
    size_t na = 0;
    for (size_t j = 0; j < nl; j++)
        na += freed[j] > 0 || leave0[j] > 0 || unmet0[j] != unmet1[j];
    size_t nneed = na;
    for (size_t i = 0; i < nlv; i++)
        nneed += in->people[nb_wi_find(pk, in->npeople, lv[i])].nskills;
    out->lines = calloc(na ? na : 1, sizeof *out->lines);
    comps = malloc((nneed ? nneed : 1) * sizeof *comps);
    if (out->lines == NULL || comps == NULL)
        goto nomem;
    for (size_t j = 0; j < nl; j++) {
        if (!(freed[j] > 0 || leave0[j] > 0 || unmet0[j] != unmet1[j]))
            continue;
        const nb_team_line *l = &in->lines[j];
        out->lines[out->nlines++] = (nb_whatif_line){.line_id = l->id,
                                                     .assignment_id = l->assignment_id,
                                                     .competency_id = l->competency_id,
                                                     .min_level = l->min_level,
                                                     .minutes_open = l->minutes,
                                                     .minutes_freed = freed[j],
                                                     .leaving_before = leave0[j],
                                                     .unmet_before = unmet0[j],
                                                     .unmet_after = unmet1[j]};
        comps[nc++] = l->competency_id;
    }
    for (size_t i = 0; i < nlv; i++) {
        const nb_team_person *p = &in->people[nb_wi_find(pk, in->npeople, lv[i])];
        for (size_t s = 0; s < p->nskills; s++)
            comps[nc++] = p->skills[s].competency_id;
    }
    qsort(comps, nc, sizeof *comps, nb_wi_cmp_i64);
    {
        size_t w = 0;
        for (size_t k = 0; k < nc; k++)
            if (w == 0 || comps[w - 1] != comps[k])
                comps[w++] = comps[k];
        nc = w;
    }
    hb = calloc((nc ? nc : 1) * 6, sizeof *hb);
    ha = calloc((nc ? nc : 1) * 6, sizeof *ha);
    if (hb == NULL || ha == NULL)
        goto nomem;
    nb_wi_count_holders(in, comps, nc, lv, nlv, hb, ha);
    for (size_t q = 0; q < out->nlines; q++) {
        nb_whatif_line *l = &out->lines[q];
        size_t k = (size_t)((const int64_t *)bsearch(&l->competency_id, comps, nc, sizeof *comps,
                                                     nb_wi_cmp_i64) -
                            comps);
        l->holders_before = nb_wi_at_least(hb, k, l->min_level);
        l->holders_after = nb_wi_at_least(ha, k, l->min_level);
    }
    qsort(out->lines, out->nlines, sizeof *out->lines, nb_wi_cmp_line);

    /* Replacements: the after solve on the lines the leavers held or were given. */
    lp = malloc((r0->nallocs ? r0->nallocs : 1) * sizeof *lp);
    out->takes = malloc((r1->nallocs ? r1->nallocs : 1) * sizeof *out->takes);
    if (lp == NULL || out->takes == NULL)
        goto nomem;
    for (size_t a = 0; a < r0->nallocs; a++)
        lp[a] = (nb_wi_lp){r0->allocs[a].line_id, r0->allocs[a].person_id, r0->allocs[a].minutes};
    qsort(lp, r0->nallocs, sizeof *lp, nb_wi_cmp_lp);
    for (size_t q = 0; q < out->nlines; q++) {
        const nb_whatif_line *l = &out->lines[q];
        if (l->minutes_freed == 0 && l->leaving_before == 0)
            continue;
        size_t first = out->ntakes;
        long j = nb_wi_find(lk, nl, l->line_id);
        for (size_t a = 0; a < r1->nallocs; a++) {
            const nb_team_alloc *x = &r1->allocs[a];
            if (x->line_id != l->line_id || x->minutes <= 0)
                continue;
            nb_wi_lp key = {x->line_id, x->person_id, 0};
            const nb_wi_lp *was = bsearch(&key, lp, r0->nallocs, sizeof *lp, nb_wi_cmp_lp);
            long pi = nb_wi_find(pk, in->npeople, x->person_id);
            out->takes[out->ntakes++] = (nb_whatif_take){
                .line_id = x->line_id,
                .assignment_id = x->assignment_id,
                .person_id = x->person_id,
                .organisation_id = x->organisation_id,
                .level = pi >= 0 && j >= 0
                             ? nb_wi_level(&in->people[pi], in->lines[j].competency_id)
                             : x->level,
                .minutes = x->minutes,
                .minutes_before = was ? was->minutes : 0};
        }
        qsort(out->takes + first, out->ntakes - first, sizeof *out->takes, nb_wi_cmp_take);
    }

    /* Per (competency, minimum level) of the changed lines. */
    out->comps = calloc(out->nlines ? out->nlines : 1, sizeof *out->comps);
    out->drops = calloc(nc ? nc : 1, sizeof *out->drops);
    if (out->comps == NULL || out->drops == NULL)
        goto nomem;
    for (size_t q = 0; q < out->nlines; q++) {
        const nb_whatif_line *l = &out->lines[q];
        nb_whatif_comp *c = NULL;
        for (size_t k = 0; k < out->ncomps && c == NULL; k++)
            if (out->comps[k].competency_id == l->competency_id &&
                out->comps[k].min_level == l->min_level)
                c = &out->comps[k];
        if (c == NULL) {
            c = &out->comps[out->ncomps++];
            c->competency_id = l->competency_id;
            c->min_level = l->min_level;
            c->holders_before = l->holders_before;
            c->holders_after = l->holders_after;
        }
        c->lines++;
        c->minutes_open += l->minutes_open;
        c->minutes_freed += l->minutes_freed;
        c->unmet_before += l->unmet_before;
        c->unmet_after += l->unmet_after;
    }
    qsort(out->comps, out->ncomps, sizeof *out->comps, nb_wi_cmp_comp);

    /* Competencies a leaver holds that drop to one holder or none. */
    for (size_t i = 0; i < nlv; i++) {
        const nb_team_person *p = &in->people[nb_wi_find(pk, in->npeople, lv[i])];
        for (size_t s = 0; s < p->nskills; s++) {
            int64_t c = p->skills[s].competency_id;
            size_t k =
                (size_t)((const int64_t *)bsearch(&c, comps, nc, sizeof *comps, nb_wi_cmp_i64) -
                         comps);
            int64_t b = nb_wi_at_least(hb, k, 1), a = nb_wi_at_least(ha, k, 1);
            int seen = 0;
            for (size_t d = 0; d < out->ndrops; d++)
                seen |= out->drops[d].competency_id == c;
            if (!seen && a <= 1 && a < b)
                out->drops[out->ndrops++] = (nb_whatif_drop){c, b, a};
        }
    }
    qsort(out->drops, out->ndrops, sizeof *out->drops, nb_wi_cmp_drop);
    rc = 0;
    goto cleanup;
nomem:
    rc = nb_err_set(err, NB_ENOMEM, "geen geheugen voor de wat-als");
cleanup:
    if (rc != 0)
        nb_whatif_result_free(out);
    nb_team_result_free(r0);
    nb_team_result_free(r1);
    nb_team_model_free(m);
    nb_team_model_free(m2);
    free(pk);
    free(lk);
    free(freed);
    free(unmet0);
    free(unmet1);
    free(leave0);
    free(comps);
    free(hb);
    free(ha);
    free(people2);
    free(usable);
    free(lines2);
    free(lp);
    return rc;
}

void nb_whatif_result_free(nb_whatif_result *r)
{
    if (r == NULL)
        return;
    free(r->lines);
    free(r->takes);
    free(r->comps);
    free(r->drops);
    free(r->leavers);
    memset(r, 0, sizeof *r);
}

int nb_whatif_parse_ids(const char *text, int64_t *ids, size_t max, size_t *n)
{
    *n = 0;
    if (text == NULL)
        return NB_EINVAL;
    const char *p = text;
    for (;;) {
        while (*p == ' ')
            p++;
        if (*p < '0' || *p > '9')
            return NB_EINVAL;
        int64_t v = 0;
        while (*p >= '0' && *p <= '9') {
            if (v > (INT64_MAX - 9) / 10)
                return NB_EINVAL;
            v = v * 10 + (*p++ - '0');
        }
        if (v < 1 || *n >= max)
            return NB_EINVAL;
        ids[(*n)++] = v;
        while (*p == ' ')
            p++;
        if (*p == '\0')
            return 0;
        if (*p++ != ',')
            return NB_EINVAL;
    }
}
