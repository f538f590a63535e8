/*
 * core/bundle_detect.c — bundling: a pair's score (text, competencies,
 * period), detection of groups over the index, and why a group was proposed;
 * see bundle.h.
 */
#include "core/bundle.h"
#include "core/bundle_impl.h"

#include "util/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- scores ------------------------------------------------------------- */

static double nb_bundle_cosine(const nb_bundle_index *ix, size_t i, size_t j)
{
    const nb_bundle_entry *a = ix->entries + ix->voff[i], *ae = ix->entries + ix->voff[i + 1];
    const nb_bundle_entry *b = ix->entries + ix->voff[j], *be = ix->entries + ix->voff[j + 1];
    double dot = 0;
    while (a < ae && b < be) {
        if (a->term < b->term)
            a++;
        else if (a->term > b->term)
            b++;
        else
            dot += (double)a->weight * (double)(b++)->weight, a++;
    }
    return dot > 1.0 ? 1.0 : dot;
}

static double nb_bundle_comp_overlap(const nb_bundle_index *ix, size_t i, size_t j)
{
    const nb_bundle_comp *a = ix->comps + ix->coff[i], *ae = ix->comps + ix->coff[i + 1];
    const nb_bundle_comp *b = ix->comps + ix->coff[j], *be = ix->comps + ix->coff[j + 1];
    size_t all = (size_t)(ae - a) + (size_t)(be - b);
    double shared = 0;
    size_t both = 0;
    while (a < ae && b < be) {
        if (a->competency_id < b->competency_id) {
            a++;
        } else if (a->competency_id > b->competency_id) {
            b++;
        } else {
            int64_t diff = a->level > b->level ? a->level - b->level : b->level - a->level;
            shared += diff <= 1 ? 1.0 : 0.5;
            both++;
            a++;
            b++;
        }
    }
    size_t uni = all - both;
    return uni ? shared / (double)uni : 0.0;
}

static double nb_bundle_period_overlap(const nb_bundle_index *ix, size_t i, size_t j)
{
    int32_t lo = ix->month_from[i] > ix->month_from[j] ? ix->month_from[i] : ix->month_from[j];
    int32_t hi = ix->month_to[i] < ix->month_to[j] ? ix->month_to[i] : ix->month_to[j];
    if (hi < lo)
        return 0.0;
    int32_t ulo = ix->month_from[i] < ix->month_from[j] ? ix->month_from[i] : ix->month_from[j];
    int32_t uhi = ix->month_to[i] > ix->month_to[j] ? ix->month_to[i] : ix->month_to[j];
    return (double)(hi - lo + 1) / (double)(uhi - ulo + 1);
}

void nb_bundle_pair_score(const nb_bundle_index *ix, const nb_bundle_params *p, size_t i, size_t j,
                          nb_bundle_score *out)
{
    memset(out, 0, sizeof *out);
    if (i == j || i >= ix->n || j >= ix->n)
        return;
    out->text = nb_bundle_cosine(ix, i, j);
    out->comp = nb_bundle_comp_overlap(ix, i, j);
    out->period = nb_bundle_period_overlap(ix, i, j);
    out->score = out->text >= p->min_text
                     ? p->w_text * out->text + p->w_comp * out->comp + p->w_period * out->period
                     : 0.0;
}

/* ---- detection ---------------------------------------------------------- */

typedef struct nb_bundle_edge {
    uint32_t a, b;
    double score;
} nb_bundle_edge;

static int nb_bundle_edge_cmp(const void *x, const void *y)
{
    const nb_bundle_edge *e = x, *f = y;
    if (e->score != f->score)
        return e->score > f->score ? -1 : 1;
    if (e->a != f->a)
        return e->a < f->a ? -1 : 1;
    return e->b < f->b ? -1 : e->b > f->b;
}

static int nb_bundle_group_cmp(const void *x, const void *y)
{
    const nb_bundle_group *g = x, *h = y;
    if (g->score.score != h->score.score)
        return g->score.score > h->score.score ? -1 : 1;
    return g->first < h->first ? -1 : g->first > h->first;
}

static int nb_bundle_size_cmp(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return a < b ? -1 : a > b;
}

/* The candidate pairs that score: edges (malloc'd) and their count. */
static int nb_bundle_edges(const nb_bundle_index *ix, const nb_bundle_params *p,
                           nb_bundle_edge **edges, size_t *nedges, nb_bundle_result *out)
{
    int rc = 0;
    size_t n = ix->n, cap = 0, ne = 0, dfcap = n / 32 > 64 ? n / 32 : 64;
    double *acc = calloc(n ? n : 1, sizeof *acc);
    uint32_t *touched = malloc((n ? n : 1) * sizeof *touched);
    nb_bundle_edge *e = NULL;
    if (acc == NULL || touched == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        size_t nt = 0;
        int64_t org = ix->docs[i].org_id;
        for (size_t k = ix->voff[i]; k < ix->voff[i + 1]; k++) {
            const nb_bundle_entry *en = &ix->entries[k];
            if (ix->terms[en->term].df > dfcap)
                continue;
            for (size_t q = ix->poff[en->term]; q < ix->poff[en->term + 1]; q++) {
                uint32_t j = ix->post[q].doc;
                if (j <= i || ix->docs[j].org_id == org)
                    continue;
                if (acc[j] == 0.0)
                    touched[nt++] = j;
                acc[j] += (double)en->weight * (double)ix->post[q].weight + 1e-12;
            }
        }
        out->candidates += nt;
        for (size_t t = 0; t < nt; t++) {
            uint32_t j = touched[t];
            double lower = acc[j];
            acc[j] = 0.0;
            if (lower < p->min_text * 0.9 ||
                !nb_bundle_pair_profiles_agree(&ix->docs[i], &ix->docs[j], NULL))
                continue; /* alike text too rare, or a merge the agreement would refuse */
            nb_bundle_score s;
            nb_bundle_pair_score(ix, p, i, j, &s);
            out->pairs_scored++;
            if (s.score < p->threshold)
                continue;
            if (ne == cap) {
                cap = cap ? cap * 2 : 256;
                nb_bundle_edge *g = realloc(e, cap * sizeof *g);
                if (g == NULL) {
                    rc = NB_ENOMEM;
                    goto cleanup;
                }
                e = g;
            }
            e[ne++] = (nb_bundle_edge){(uint32_t)i, j, s.score};
        }
    }
    *edges = e;
    *nedges = ne;
    e = NULL;
cleanup:
    free(acc);
    free(touched);
    free(e);
    return rc;
}

/* 1 when groups ga and gb (member lists) may join: other organisations, the same month
 * profiles per competency (nb_bundle_pair_profiles_agree), every pair scores. */
static int nb_bundle_may_join(const nb_bundle_index *ix, const nb_bundle_params *p,
                              const size_t *head, const size_t *next, size_t ga, size_t gb)
{
    for (size_t x = head[ga]; x != SIZE_MAX; x = next[x]) {
        for (size_t y = head[gb]; y != SIZE_MAX; y = next[y]) {
            if (ix->docs[x].org_id == ix->docs[y].org_id ||
                !nb_bundle_pair_profiles_agree(&ix->docs[x], &ix->docs[y], NULL))
                return 0;
            nb_bundle_score s;
            nb_bundle_pair_score(ix, p, x, y, &s);
            if (s.score < p->threshold)
                return 0;
        }
    }
    return 1;
}

int nb_bundle_detect(const nb_bundle_index *ix, const nb_bundle_params *p, nb_bundle_result *out)
{
    int rc = 0;
    size_t n = ix->n, ne = 0;
    nb_bundle_edge *edges = NULL;
    size_t *group = NULL, *head = NULL, *next = NULL, *size = NULL;
    memset(out, 0, sizeof *out);
    if ((rc = nb_bundle_edges(ix, p, &edges, &ne, out)) != 0)
        goto cleanup;
    if (ne > 1) /* edges is NULL when there are none: qsort's pointer must not be */
        qsort(edges, ne, sizeof *edges, nb_bundle_edge_cmp);
    group = malloc((n ? n : 1) * sizeof *group);
    head = malloc((n ? n : 1) * sizeof *head);
    next = malloc((n ? n : 1) * sizeof *next);
    size = malloc((n ? n : 1) * sizeof *size);
    if (group == NULL || head == NULL || next == NULL || size == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        group[i] = i;
        head[i] = i;
        next[i] = SIZE_MAX;
        size[i] = 1;
    }
    for (size_t k = 0; k < ne; k++) {
        size_t ga = group[edges[k].a], gb = group[edges[k].b];
        if (ga == gb || size[ga] + size[gb] > p->max_group ||
            !nb_bundle_may_join(ix, p, head, next, ga, gb))
            continue;
        if (size[ga] < size[gb]) {
            size_t t = ga;
            ga = gb;
            gb = t;
        }
        size_t last = SIZE_MAX;
        for (size_t y = head[gb]; y != SIZE_MAX; y = next[y]) {
            group[y] = ga;
            last = y;
        }
        next[last] = head[ga];
        head[ga] = head[gb];
        size[ga] += size[gb];
        size[gb] = 0;
    }
    size_t ngroups = 0, nmembers = 0;
    for (size_t g = 0; g < n; g++)
        if (size[g] >= 2 && group[g] == g)
            ngroups++, nmembers += size[g];
    out->groups = malloc((ngroups ? ngroups : 1) * sizeof *out->groups);
    out->members = malloc((nmembers ? nmembers : 1) * sizeof *out->members);
    if (out->groups == NULL || out->members == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    size_t m = 0;
    for (size_t g = 0; g < n; g++) {
        if (size[g] < 2 || group[g] != g)
            continue;
        nb_bundle_group *gr = &out->groups[out->ngroups++];
        gr->first = m;
        gr->n = size[g];
        for (size_t y = head[g]; y != SIZE_MAX; y = next[y])
            out->members[m++] = y;
        qsort(out->members + gr->first, gr->n, sizeof *out->members, nb_bundle_size_cmp);
        size_t pairs = 0;
        memset(&gr->score, 0, sizeof gr->score);
        for (size_t x = 0; x < gr->n; x++) {
            for (size_t y = x + 1; y < gr->n; y++) {
                nb_bundle_score s;
                nb_bundle_pair_score(ix, p, out->members[gr->first + x],
                                     out->members[gr->first + y], &s);
                gr->score.score += s.score;
                gr->score.text += s.text;
                gr->score.comp += s.comp;
                gr->score.period += s.period;
                pairs++;
            }
        }
        gr->score.score /= (double)pairs;
        gr->score.text /= (double)pairs;
        gr->score.comp /= (double)pairs;
        gr->score.period /= (double)pairs;
    }
    qsort(out->groups, out->ngroups, sizeof *out->groups, nb_bundle_group_cmp);
cleanup:
    free(edges);
    free(group);
    free(head);
    free(next);
    free(size);
    if (rc != 0)
        nb_bundle_result_free(out);
    return rc;
}

void nb_bundle_result_free(nb_bundle_result *r)
{
    if (r == NULL)
        return;
    free(r->members);
    free(r->groups);
    r->members = NULL;
    r->groups = NULL;
    r->ngroups = 0;
}

/* ---- why ---------------------------------------------------------------- */

typedef struct nb_bundle_hit {
    uint32_t term;
    uint32_t count;
    double weight;
} nb_bundle_hit;

static int nb_bundle_hit_term_cmp(const void *x, const void *y)
{
    const nb_bundle_hit *a = x, *b = y;
    return a->term < b->term ? -1 : a->term > b->term;
}

static int nb_bundle_hit_weight_cmp(const void *x, const void *y)
{
    const nb_bundle_hit *a = x, *b = y;
    if (a->weight != b->weight)
        return a->weight > b->weight ? -1 : 1;
    return a->term < b->term ? -1 : a->term > b->term;
}

int nb_bundle_explain(const nb_bundle_index *ix, const size_t *members, size_t n,
                      nb_bundle_why *out)
{
    memset(out, 0, sizeof *out);
    out->month_from = out->month_to = -1;
    size_t total = 0, totalc = 0;
    for (size_t m = 0; m < n; m++) {
        total += ix->voff[members[m] + 1] - ix->voff[members[m]];
        totalc += ix->coff[members[m] + 1] - ix->coff[members[m]];
    }
    nb_bundle_hit *hits = malloc((total ? total : 1) * sizeof *hits);
    nb_bundle_comp *comps = malloc((totalc ? totalc : 1) * sizeof *comps);
    if (hits == NULL || comps == NULL) {
        free(hits);
        free(comps);
        return NB_ENOMEM;
    }
    size_t k = 0, kc = 0;
    for (size_t m = 0; m < n; m++) {
        for (size_t e = ix->voff[members[m]]; e < ix->voff[members[m] + 1]; e++)
            hits[k++] = (nb_bundle_hit){ix->entries[e].term, 1, ix->entries[e].weight};
        for (size_t c = ix->coff[members[m]]; c < ix->coff[members[m] + 1]; c++)
            comps[kc++] = ix->comps[c];
    }
    /* words: per term the members having it and their summed weight; kept when >= 2 */
    qsort(hits, k, sizeof *hits, nb_bundle_hit_term_cmp);
    size_t w = 0;
    for (size_t r = 0; r < k; r++) {
        if (w > 0 && hits[w - 1].term == hits[r].term) {
            hits[w - 1].count++;
            hits[w - 1].weight += hits[r].weight;
        } else {
            hits[w++] = hits[r];
        }
    }
    size_t kept = 0;
    for (size_t r = 0; r < w; r++)
        if (hits[r].count >= 2)
            hits[kept++] = hits[r];
    qsort(hits, kept, sizeof *hits, nb_bundle_hit_weight_cmp);
    for (size_t r = 0; r < kept && out->nwords < NB_BUNDLE_WHY_WORDS; r++) {
        const nb_bundle_term *tm = &ix->terms[hits[r].term];
        size_t len = tm->surface_len < NB_NLTEXT_TOKEN_MAX ? tm->surface_len : NB_NLTEXT_TOKEN_MAX;
        memcpy(out->words[out->nwords], ix->chars + tm->surface_off, len);
        out->words[out->nwords++][len] = '\0';
    }
    /* competencies asked by at least two */
    qsort(comps, kc, sizeof *comps, nb_bundle_comp_cmp);
    for (size_t r = 0; r < kc;) {
        size_t s = r;
        int64_t lo = comps[r].level, hi = comps[r].level;
        while (r < kc && comps[r].competency_id == comps[s].competency_id) {
            lo = comps[r].level < lo ? comps[r].level : lo;
            hi = comps[r].level > hi ? comps[r].level : hi;
            r++;
        }
        if (r - s >= 2 && out->ncomps < NB_BUNDLE_WHY_COMPS)
            out->comps[out->ncomps++] = (nb_bundle_why_comp){comps[s].competency_id, lo, hi};
    }
    /* the months all want */
    int32_t lo = INT32_MIN, hi = INT32_MAX;
    for (size_t m = 0; m < n; m++) {
        lo = ix->month_from[members[m]] > lo ? ix->month_from[members[m]] : lo;
        hi = ix->month_to[members[m]] < hi ? ix->month_to[members[m]] : hi;
    }
    if (n > 0 && lo <= hi) {
        out->month_from = lo;
        out->month_to = hi;
    }
    free(hits);
    free(comps);
    return 0;
}
