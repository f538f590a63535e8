/*
 * core/bundle.c — bundling similarity, detection, why and saving; see
 * bundle.h.
 */
#include "core/bundle.h"

#include "util/date.h"
#include "util/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct nb_bundle_term {
    uint32_t off; /* the stem in ix->chars */
    uint32_t len;
    uint32_t surface_off; /* the first word it came from */
    uint32_t surface_len;
    uint32_t df;
    int32_t part_a; /* a compound of two terms: their ids; -1 otherwise */
    int32_t part_b;
} nb_bundle_term;

typedef struct nb_bundle_entry {
    uint32_t term;
    float weight; /* a count while building, then the normalised TF-IDF weight */
} nb_bundle_entry;

typedef struct nb_bundle_comp {
    int64_t competency_id;
    int64_t level; /* the highest minimum level the doc asks for it */
} nb_bundle_comp;

typedef struct nb_bundle_posting {
    uint32_t doc;
    float weight;
} nb_bundle_posting;

struct nb_bundle_index {
    const nb_bundle_doc *docs;
    size_t n;
    /* terms */
    char *chars;
    size_t nchars, capchars;
    nb_bundle_term *terms;
    size_t nterms, capterms;
    uint32_t *slots; /* open addressing: term id + 1, 0 empty */
    size_t nslots;
    /* doc vectors: entries[voff[d] .. voff[d + 1]), by term id */
    nb_bundle_entry *entries;
    size_t nentries, capentries;
    size_t *voff;
    /* postings: post[poff[t] .. poff[t + 1]), by doc */
    nb_bundle_posting *post;
    size_t *poff;
    /* competencies: comps[coff[d] .. coff[d + 1]), by id */
    nb_bundle_comp *comps;
    size_t *coff;
    int32_t *month_from;
    int32_t *month_to;
};

void nb_bundle_params_default(nb_bundle_params *p)
{
    p->threshold = 0.40;
    p->min_text = 0.20;
    p->w_text = 0.60;
    p->w_comp = 0.25;
    p->w_period = 0.15;
    p->max_group = 6;
}

/* ---- terms -------------------------------------------------------------- */

static uint64_t nb_bundle_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* The id of stem s, or -1 when it is not a term. */
static int64_t nb_bundle_term_find(const nb_bundle_index *ix, const char *s, size_t len)
{
    if (ix->nslots == 0)
        return -1;
    size_t mask = ix->nslots - 1;
    for (size_t i = (size_t)nb_bundle_hash(s, len) & mask;; i = (i + 1) & mask) {
        uint32_t v = ix->slots[i];
        if (v == 0)
            return -1;
        const nb_bundle_term *t = &ix->terms[v - 1];
        if (t->len == len && memcmp(ix->chars + t->off, s, len) == 0)
            return (int64_t)(v - 1);
    }
}

static int nb_bundle_chars_add(nb_bundle_index *ix, const char *s, size_t len, uint32_t *off)
{
    if (ix->nchars + len > ix->capchars) {
        size_t cap = ix->capchars ? ix->capchars * 2 : 4096;
        while (cap < ix->nchars + len)
            cap *= 2;
        char *c = realloc(ix->chars, cap);
        if (c == NULL)
            return NB_ENOMEM;
        ix->chars = c;
        ix->capchars = cap;
    }
    memcpy(ix->chars + ix->nchars, s, len);
    *off = (uint32_t)ix->nchars;
    ix->nchars += len;
    return 0;
}

/* GCC 12 -fanalyzer reports the slot table, the term array and the character
 * store as leaked where they are stored in the index (ix->slots, ix->terms,
 * ix->chars): a false positive; nb_bundle_index_free frees them. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
static int nb_bundle_rehash(nb_bundle_index *ix, size_t nslots)
{
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (slots == NULL)
        return NB_ENOMEM;
    for (size_t t = 0; t < ix->nterms; t++) {
        const nb_bundle_term *tm = &ix->terms[t];
        size_t i = (size_t)nb_bundle_hash(ix->chars + tm->off, tm->len) & (nslots - 1);
        while (slots[i] != 0)
            i = (i + 1) & (nslots - 1);
        slots[i] = (uint32_t)(t + 1);
    }
    free(ix->slots);
    ix->slots = slots;
    ix->nslots = nslots;
    return 0;
}

/* The id of stem s, added when new (surface remembered). -1 on ENOMEM. */
static int64_t nb_bundle_term_add(nb_bundle_index *ix, const char *s, size_t len,
                                  const char *surface, size_t slen)
{
    int64_t id = nb_bundle_term_find(ix, s, len);
    if (id >= 0)
        return id;
    if ((ix->nterms + 1) * 2 > ix->nslots &&
        nb_bundle_rehash(ix, ix->nslots ? ix->nslots * 2 : 1024))
        return -1;
    if (ix->nterms == ix->capterms) {
        size_t cap = ix->capterms ? ix->capterms * 2 : 1024;
        nb_bundle_term *t = realloc(ix->terms, cap * sizeof *t);
        if (t == NULL)
            return -1;
        ix->terms = t;
        ix->capterms = cap;
    }
    nb_bundle_term t = {
        .len = (uint32_t)len, .surface_len = (uint32_t)slen, .part_a = -1, .part_b = -1};
    if (nb_bundle_chars_add(ix, s, len, &t.off) ||
        nb_bundle_chars_add(ix, surface, slen, &t.surface_off))
        return -1;
    ix->terms[ix->nterms] = t;
    size_t mask = ix->nslots - 1;
    size_t i = (size_t)nb_bundle_hash(s, len) & mask;
    while (ix->slots[i] != 0)
        i = (i + 1) & mask;
    ix->slots[i] = (uint32_t)(ix->nterms + 1);
    return (int64_t)ix->nterms++;
}

static int nb_bundle_entry_push(nb_bundle_index *ix, uint32_t term, float count)
{
    if (ix->nentries == ix->capentries) {
        size_t cap = ix->capentries ? ix->capentries * 2 : 4096;
        nb_bundle_entry *e = realloc(ix->entries, cap * sizeof *e);
        if (e == NULL)
            return NB_ENOMEM;
        ix->entries = e;
        ix->capentries = cap;
    }
    ix->entries[ix->nentries++] = (nb_bundle_entry){term, count};
    return 0;
}

typedef struct nb_bundle_tok_ctx {
    nb_bundle_index *ix;
    float count;
    int rc;
} nb_bundle_tok_ctx;

static void nb_bundle_on_token(const char *stem, size_t len, const char *surface, size_t slen,
                               void *vctx)
{
    nb_bundle_tok_ctx *ctx = vctx;
    if (ctx->rc != 0)
        return;
    int64_t id = nb_bundle_term_add(ctx->ix, stem, len, surface, slen);
    if (id < 0 || nb_bundle_entry_push(ctx->ix, (uint32_t)id, ctx->count) != 0)
        ctx->rc = NB_ENOMEM;
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

static int nb_bundle_entry_cmp(const void *a, const void *b)
{
    const nb_bundle_entry *x = a, *y = b;
    return x->term < y->term ? -1 : x->term > y->term ? 1 : 0;
}

/*
 * Splits long terms that are two terms of the corpus ("afvalinzamel" =
 * "afval" + "inzamel"; a linking s or e after the head is allowed): the
 * longest tail wins.
 */
static void nb_bundle_compounds(nb_bundle_index *ix)
{
    size_t nbase = ix->nterms;
    for (size_t t = 0; t < nbase; t++) {
        nb_bundle_term *tm = &ix->terms[t];
        if (tm->len < 8)
            continue;
        const char *s = ix->chars + tm->off;
        for (size_t k = 3; k + 4 <= tm->len; k++) {
            int64_t tail = nb_bundle_term_find(ix, s + k, tm->len - k);
            if (tail < 0)
                continue;
            int64_t head = nb_bundle_term_find(ix, s, k);
            char h[NB_NLTEXT_TOKEN_MAX];
            size_t hl = k - ((k > 4 && (s[k - 1] == 's' || s[k - 1] == 'e')) ? 1 : 0);
            if (head < 0 && hl < k)
                head = nb_bundle_term_find(ix, s, hl);
            if (head < 0 && hl <= sizeof h) { /* the head stemmed: "beveiligings" = "beveilig" */
                memcpy(h, s, hl);
                head = nb_bundle_term_find(ix, h, nb_nltext_stem(h, hl));
            }
            if (head < 0)
                continue;
            tm->part_a = (int32_t)head;
            tm->part_b = (int32_t)tail;
            break;
        }
    }
}

void nb_bundle_index_free(nb_bundle_index *ix)
{
    if (ix == NULL)
        return;
    free(ix->chars);
    free(ix->terms);
    free(ix->slots);
    free(ix->entries);
    free(ix->voff);
    free(ix->post);
    free(ix->poff);
    free(ix->comps);
    free(ix->coff);
    free(ix->month_from);
    free(ix->month_to);
    free(ix);
}

static int32_t nb_bundle_month(int32_t day)
{
    int y = 0, m = 0, d = 0;
    nb_date_to_ymd(day, &y, &m, &d);
    return (int32_t)(y * 12 + m - 1);
}

static int nb_bundle_comp_cmp(const void *a, const void *b)
{
    const nb_bundle_comp *x = a, *y = b;
    return x->competency_id < y->competency_id ? -1 : x->competency_id > y->competency_id;
}

/* Pass 1: raw counts per doc (title twice), sorted and summed per term. */
static int nb_bundle_tokenise(nb_bundle_index *ix, size_t *rawoff)
{
    for (size_t d = 0; d < ix->n; d++) {
        rawoff[d] = ix->nentries;
        nb_bundle_tok_ctx ctx = {ix, 2.0f, 0};
        (void)nb_nltext_tokens(ix->docs[d].title, nb_bundle_on_token, &ctx);
        ctx.count = 1.0f;
        (void)nb_nltext_tokens(ix->docs[d].description, nb_bundle_on_token, &ctx);
        if (ctx.rc != 0)
            return ctx.rc;
    }
    rawoff[ix->n] = ix->nentries;
    return 0;
}

/* Pass 2: compounds expanded, per doc sorted and summed, into ix->voff. */
static int nb_bundle_vectors(nb_bundle_index *ix, const size_t *rawoff)
{
    size_t nraw = ix->nentries;
    for (size_t d = 0; d < ix->n; d++) {
        ix->voff[d] = ix->nentries;
        for (size_t e = rawoff[d]; e < rawoff[d + 1]; e++) {
            nb_bundle_entry en = ix->entries[e];
            const nb_bundle_term *tm = &ix->terms[en.term];
            if (nb_bundle_entry_push(ix, en.term, en.weight) != 0)
                return NB_ENOMEM;
            if (tm->part_a >= 0 && (nb_bundle_entry_push(ix, (uint32_t)tm->part_a, en.weight) ||
                                    nb_bundle_entry_push(ix, (uint32_t)tm->part_b, en.weight)))
                return NB_ENOMEM;
        }
        nb_bundle_entry *v = ix->entries + ix->voff[d];
        size_t len = ix->nentries - ix->voff[d], w = 0;
        qsort(v, len, sizeof *v, nb_bundle_entry_cmp);
        for (size_t r = 0; r < len; r++) {
            if (w > 0 && v[w - 1].term == v[r].term)
                v[w - 1].weight += v[r].weight;
            else
                v[w++] = v[r];
        }
        ix->nentries = ix->voff[d] + w;
        for (size_t r = 0; r < w; r++)
            ix->terms[v[r].term].df++;
    }
    ix->voff[ix->n] = ix->nentries;
    /* drop the raw entries in front */
    memmove(ix->entries, ix->entries + nraw, (ix->nentries - nraw) * sizeof *ix->entries);
    for (size_t d = 0; d <= ix->n; d++)
        ix->voff[d] -= nraw;
    ix->nentries -= nraw;
    return 0;
}

static void nb_bundle_weights(nb_bundle_index *ix)
{
    for (size_t d = 0; d < ix->n; d++) {
        double norm = 0;
        for (size_t e = ix->voff[d]; e < ix->voff[d + 1]; e++) {
            nb_bundle_entry *en = &ix->entries[e];
            double idf = log(1.0 + (double)ix->n / (double)ix->terms[en->term].df);
            double w = (1.0 + log((double)en->weight)) * idf;
            en->weight = (float)w;
            norm += w * w;
        }
        norm = sqrt(norm);
        for (size_t e = ix->voff[d]; e < ix->voff[d + 1]; e++)
            ix->entries[e].weight = norm > 0 ? (float)((double)ix->entries[e].weight / norm) : 0.0f;
    }
}

static int nb_bundle_postings(nb_bundle_index *ix)
{
    ix->poff = calloc(ix->nterms + 1, sizeof *ix->poff);
    ix->post = malloc((ix->nentries ? ix->nentries : 1) * sizeof *ix->post);
    if (ix->poff == NULL || ix->post == NULL)
        return NB_ENOMEM;
    for (size_t t = 0; t < ix->nterms; t++)
        ix->poff[t + 1] = ix->poff[t] + ix->terms[t].df;
    size_t *fill = malloc((ix->nterms ? ix->nterms : 1) * sizeof *fill);
    if (fill == NULL)
        return NB_ENOMEM;
    memcpy(fill, ix->poff, ix->nterms * sizeof *fill);
    for (size_t d = 0; d < ix->n; d++)
        for (size_t e = ix->voff[d]; e < ix->voff[d + 1]; e++)
            ix->post[fill[ix->entries[e].term]++] =
                (nb_bundle_posting){(uint32_t)d, ix->entries[e].weight};
    free(fill);
    return 0;
}

static int nb_bundle_competencies(nb_bundle_index *ix)
{
    size_t total = 0;
    for (size_t d = 0; d < ix->n; d++)
        total += ix->docs[d].nlines;
    ix->coff = calloc(ix->n + 1, sizeof *ix->coff);
    ix->comps = malloc((total ? total : 1) * sizeof *ix->comps);
    ix->month_from = malloc((ix->n ? ix->n : 1) * sizeof *ix->month_from);
    ix->month_to = malloc((ix->n ? ix->n : 1) * sizeof *ix->month_to);
    if (ix->coff == NULL || ix->comps == NULL || ix->month_from == NULL || ix->month_to == NULL)
        return NB_ENOMEM;
    size_t k = 0;
    for (size_t d = 0; d < ix->n; d++) {
        const nb_bundle_doc *doc = &ix->docs[d];
        size_t start = k;
        for (size_t l = 0; l < doc->nlines; l++)
            ix->comps[k++] = (nb_bundle_comp){doc->lines[l].competency_id, doc->lines[l].min_level};
        qsort(ix->comps + start, k - start, sizeof *ix->comps, nb_bundle_comp_cmp);
        size_t w = start;
        for (size_t r = start; r < k; r++) {
            if (w > start && ix->comps[w - 1].competency_id == ix->comps[r].competency_id) {
                if (ix->comps[r].level > ix->comps[w - 1].level)
                    ix->comps[w - 1].level = ix->comps[r].level;
            } else {
                ix->comps[w++] = ix->comps[r];
            }
        }
        k = w;
        ix->coff[d + 1] = k;
        ix->month_from[d] = nb_bundle_month(doc->start_day);
        ix->month_to[d] = nb_bundle_month(doc->end_day);
    }
    return 0;
}

int nb_bundle_index_new(const nb_bundle_doc *docs, size_t n, nb_bundle_index **out)
{
    int rc = 0;
    size_t *rawoff = NULL;
    nb_bundle_index *ix = calloc(1, sizeof *ix);
    *out = NULL;
    if (ix == NULL)
        return NB_ENOMEM;
    ix->docs = docs;
    ix->n = n;
    rawoff = malloc((n + 1) * sizeof *rawoff);
    ix->voff = malloc((n + 1) * sizeof *ix->voff);
    ix->capentries = 1024; /* never NULL, also for docs without a word */
    ix->entries = malloc(ix->capentries * sizeof *ix->entries);
    if (rawoff == NULL || ix->voff == NULL || ix->entries == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    if ((rc = nb_bundle_tokenise(ix, rawoff)) != 0)
        goto cleanup;
    nb_bundle_compounds(ix);
    if ((rc = nb_bundle_vectors(ix, rawoff)) != 0)
        goto cleanup;
    nb_bundle_weights(ix);
    if ((rc = nb_bundle_postings(ix)) != 0 || (rc = nb_bundle_competencies(ix)) != 0)
        goto cleanup;
    *out = ix;
    ix = NULL;
cleanup:
    free(rawoff);
    nb_bundle_index_free(ix);
    return rc;
}

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

/* ---- saving ------------------------------------------------------------- */

int nb_bundle_merge_lines(const nb_bundle_doc *docs, size_t n, int64_t coord_pct,
                          int64_t rate_cents, nb_assignment_line *out, size_t max, size_t *nout,
                          nb_bundle_saving *saving)
{
    memset(saving, 0, sizeof *saving);
    *nout = 0;
    if (coord_pct < 0 || coord_pct > 100)
        return NB_EINVAL;
    size_t k = 0;
    for (size_t d = 0; d < n; d++) {
        for (size_t l = 0; l < docs[d].nlines; l++) {
            const nb_assignment_line *ln = &docs[d].lines[l];
            saving->separate_minutes += ln->minutes;
            size_t f = 0;
            while (f < k && out[f].competency_id != ln->competency_id)
                f++;
            if (f == k) {
                if (k == max)
                    return NB_ELIMIT;
                out[k++] = (nb_assignment_line){.competency_id = ln->competency_id,
                                                .min_level = ln->min_level,
                                                .minutes = ln->minutes,
                                                .profile = ln->profile,
                                                .nprofile = ln->nprofile};
                continue;
            }
            if (ln->minutes > out[f].minutes)
                out[f].minutes = ln->minutes;
            if (ln->min_level > out[f].min_level)
                out[f].min_level = ln->min_level;
        }
    }
    /* by competency id (insertion sort; a handful of lines) */
    for (size_t i = 1; i < k; i++) {
        nb_assignment_line t = out[i];
        size_t j = i;
        while (j > 0 && out[j - 1].competency_id > t.competency_id) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = t;
    }
    int64_t factor = 100 + coord_pct * (int64_t)(n > 0 ? n - 1 : 0);
    for (size_t i = 0; i < k; i++) {
        out[i].minutes = (out[i].minutes * factor + 50) / 100;
        saving->bundled_minutes += out[i].minutes;
    }
    saving->saving_minutes = saving->separate_minutes - saving->bundled_minutes;
    int64_t num = saving->saving_minutes * rate_cents;
    saving->saving_cents = num >= 0 ? (num + 30) / 60 : -((-num + 30) / 60);
    *nout = k;
    return 0;
}

/*
 * 0 when a line of x and a line of y (a later line when x == y) ask the same
 * competency with different month profiles, naming it in *competency_id (may
 * be NULL); else 1.
 */
static int nb_bundle_lines_agree(const nb_bundle_doc *x, const nb_bundle_doc *y,
                                 int64_t *competency_id)
{
    for (size_t l = 0; l < x->nlines; l++) {
        const nb_assignment_line *a = &x->lines[l];
        for (size_t m = x == y ? l + 1 : 0; m < y->nlines; m++) {
            const nb_assignment_line *b = &y->lines[m];
            if (b->competency_id != a->competency_id ||
                nb_line_profile_equal(a->profile, a->nprofile, b->profile, b->nprofile))
                continue;
            if (competency_id != NULL)
                *competency_id = a->competency_id;
            return 0;
        }
    }
    return 1;
}

int nb_bundle_pair_profiles_agree(const nb_bundle_doc *a, const nb_bundle_doc *b,
                                  int64_t *competency_id)
{
    return nb_bundle_lines_agree(a, a, competency_id) &&
           nb_bundle_lines_agree(b, b, competency_id) && nb_bundle_lines_agree(a, b, competency_id);
}

int nb_bundle_profiles_agree(const nb_bundle_doc *docs, size_t n, int64_t *competency_id)
{
    /* quadratic in the lines of one proposal (a handful of members and lines); profile
     * equality is transitive, so every pair agreeing is the whole group agreeing */
    if (n == 1)
        return nb_bundle_lines_agree(&docs[0], &docs[0], competency_id);
    for (size_t d = 0; d < n; d++)
        for (size_t e = d + 1; e < n; e++)
            if (!nb_bundle_pair_profiles_agree(&docs[d], &docs[e], competency_id))
                return 0;
    return 1;
}
