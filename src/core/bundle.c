/*
 * core/bundle.c — bundling: the parameters and the similarity index (terms,
 * TF-IDF vectors, postings, competencies, months); scores, detection and why
 * are in bundle_detect.c, the saving of a merge in bundle_merge.c; see
 * bundle.h.
 */
#include "core/bundle.h"
#include "core/bundle_impl.h"

#include "util/date.h"
#include "util/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

int nb_bundle_comp_cmp(const void *a, const void *b)
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
