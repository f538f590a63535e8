/*
 * core/bundle_impl.h — the bundling index's layout, shared by bundle.c
 * (building it), bundle_detect.c (scores, detection, why) and bundle_merge.c
 * (saving). Not for use outside src/core/bundle*.c.
 */
#ifndef NB_CORE_BUNDLE_IMPL_H
#define NB_CORE_BUNDLE_IMPL_H

#include "core/bundle.h"

#include <stddef.h>
#include <stdint.h>

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

/* qsort order of nb_bundle_comp by competency id (bundle.c). */
int nb_bundle_comp_cmp(const void *a, const void *b);

#endif
