/*
 * core/bundle.h — bundling of alike local assignments of different
 * municipalities (issue 10 §2), pure: the similarity, the detection over an
 * inverted index, the why of a proposal and the estimated saving.
 *
 * Similarity of two assignments a and b (each a doc below):
 *   text   TF-IDF cosine of their Dutch title + description (core/nltext.h;
 *          title terms count twice; idf = ln(1 + N/df); tf = 1 + ln(count));
 *          long compounds that are two words of the corpus also count as
 *          those words ("afvalinzameling" = "afval" + "inzameling");
 *   comp   overlap of the competencies asked: per shared competency 1 when
 *          the minimum levels differ by at most 1, else 0.5; divided by the
 *          number of competencies either asks;
 *   period the months both want over the months either wants (Jaccard);
 *   score  w_text * text + w_comp * comp + w_period * period, and only when
 *          text >= min_text (two assignments that share only a competency
 *          and a period are not alike).
 * A proposal (group) holds assignments of different organisations whose
 * every pair scores >= threshold (complete linkage, best pairs first); its
 * score is the mean of its pairs.
 *
 * Detection cost: candidate pairs come from the inverted index (term ->
 * documents); terms in more than max(64, N / 32) documents (3 %) carry almost no
 * weight (their idf is the smallest) and are not walked, so the work grows
 * with the postings of rare terms, not with N^2.
 *
 * No globals, no I/O; the index and results are malloc'd and owned by the
 * caller.
 */
#ifndef NB_CORE_BUNDLE_H
#define NB_CORE_BUNDLE_H

#include "util/attr.h"

#include "core/assignment.h"
#include "core/nltext.h"

#include <stddef.h>
#include <stdint.h>

/* One assignment as the similarity sees it (all borrowed). */
typedef struct nb_bundle_doc {
    int64_t id;     /* the assignment's id */
    int64_t org_id; /* its requesting municipality */
    const char *title;
    const char *description;
    int32_t start_day; /* util/date.h day numbers; the wanted period */
    int32_t end_day;
    const nb_assignment_line *lines;
    size_t nlines;
} nb_bundle_doc;

typedef struct nb_bundle_params {
    double threshold; /* a proposal's pairs score at least this; default 0.40 */
    double min_text;  /* and their texts at least this cosine; default 0.20 */
    double w_text;    /* weights; default 0.60, 0.25, 0.15 */
    double w_comp;
    double w_period;
    size_t max_group; /* most assignments in one proposal; default 6 */
} nb_bundle_params;

/* The defaults above into *p. */
void nb_bundle_params_default(nb_bundle_params *p);

typedef struct nb_bundle_index nb_bundle_index;

/*
 * Builds the index of docs[0..n) (tokens, TF-IDF vectors, postings,
 * competencies, months). docs must outlive the index (lines are borrowed).
 * Returns 0 and *out (caller frees with nb_bundle_index_free), or NB_ENOMEM.
 */
NB_MUST_USE int nb_bundle_index_new(const nb_bundle_doc *docs, size_t n, nb_bundle_index **out);
void nb_bundle_index_free(nb_bundle_index *ix);

/* The parts of a similarity (see the top of this file). */
typedef struct nb_bundle_score {
    double score;
    double text;
    double comp;
    double period;
} nb_bundle_score;

/* The similarity of docs i and j of ix (any two; 0 when i == j). */
void nb_bundle_pair_score(const nb_bundle_index *ix, const nb_bundle_params *p, size_t i, size_t j,
                          nb_bundle_score *out);

/* One proposal: members[first .. first + n) of the result, doc indexes ascending. */
typedef struct nb_bundle_group {
    size_t first;
    size_t n;
    nb_bundle_score score; /* the mean over its pairs */
} nb_bundle_group;

typedef struct nb_bundle_result {
    size_t *members; /* doc indexes of all groups, group after group */
    nb_bundle_group *groups;
    size_t ngroups;      /* best score first */
    size_t candidates;   /* pairs the index yielded (for the benchmark) */
    size_t pairs_scored; /* of those, scored in full */
} nb_bundle_result;

/*
 * Detects the proposals among the docs of ix: only pairs of different
 * organisations whose lines' month profiles agree per competency
 * (nb_bundle_pair_profiles_agree); each doc is in at most one group. Returns 0 and *out (free
 * with nb_bundle_result_free), or NB_ENOMEM.
 */
NB_MUST_USE int nb_bundle_detect(const nb_bundle_index *ix, const nb_bundle_params *p,
                                 nb_bundle_result *out);
void nb_bundle_result_free(nb_bundle_result *r);

#define NB_BUNDLE_WHY_WORDS 8
#define NB_BUNDLE_WHY_COMPS 8

typedef struct nb_bundle_why_comp {
    int64_t competency_id;
    int64_t min_level; /* the lowest and highest minimum level asked */
    int64_t max_level;
} nb_bundle_why_comp;

/* Why members belong together. */
typedef struct nb_bundle_why {
    size_t nwords; /* words in at least two members, heaviest first */
    char words[NB_BUNDLE_WHY_WORDS][NB_NLTEXT_TOKEN_MAX + 1];
    size_t ncomps; /* competencies asked by at least two members, by id */
    nb_bundle_why_comp comps[NB_BUNDLE_WHY_COMPS];
    int32_t month_from; /* months all members want (y * 12 + m - 1), or -1 */
    int32_t month_to;
} nb_bundle_why;

/*
 * Explains members[0..n) (doc indexes of ix) into *out. Returns 0, or
 * NB_ENOMEM.
 */
NB_MUST_USE int nb_bundle_explain(const nb_bundle_index *ix, const size_t *members, size_t n,
                                  nb_bundle_why *out);

/* ---- The saving -------------------------------------------------------- */

#define NB_BUNDLE_COORD_PCT_DEFAULT 15

typedef struct nb_bundle_saving {
    int64_t separate_minutes; /* the sum of every line of every doc */
    int64_t bundled_minutes;  /* the sum of the bundled lines */
    int64_t saving_minutes;   /* separate - bundled (negative: bundling costs more) */
    int64_t saving_cents;     /* saving_minutes at rate_cents per hour, rounded */
} nb_bundle_saving;

/*
 * The bundled assignment of docs[0..n) (n >= 1 requesters): per competency
 * one line with the largest minutes asked for it and the highest minimum
 * level, raised by coord_pct percent for each requester after the first
 * (rounded half up per line). Writes the lines, ordered by competency id,
 * into out (caller-owned, max elements; may be NULL when max == 0) and
 * their count into *nout, and the saving at rate_cents (euro cents per
 * hour; 0 when unknown) into *saving. Returns 0, NB_EINVAL for coord_pct
 * outside 0..100, or NB_ELIMIT when more than max lines are needed.
 *
 * Month profiles (core/line_profile.h): a bundled line borrows the profile
 * of the first line of its competency (out's lines point into docs' lines'
 * entries). Lines whose profiles differ are not merged into one: callers
 * check nb_bundle_profiles_agree first (store/bundles.c refuses the merge);
 * the saving does not depend on profiles.
 */
NB_MUST_USE int nb_bundle_merge_lines(const nb_bundle_doc *docs, size_t n, int64_t coord_pct,
                                      int64_t rate_cents, nb_assignment_line *out, size_t max,
                                      size_t *nout, nb_bundle_saving *saving);

/*
 * 1 when, per competency, every line of docs[0..n) that asks it carries the
 * same month profile (the same months with the same weights, or none on
 * every one), so the bundled line can carry that profile. Summing the
 * members' month distributions instead is not exact: a bundled line's
 * minutes are not the members' sum and a weight is at most
 * NB_PROFILE_WEIGHT_MAX. 0 otherwise, with the first competency whose
 * profiles differ in *competency_id (may be NULL).
 */
NB_MUST_USE int nb_bundle_profiles_agree(const nb_bundle_doc *docs, size_t n,
                                         int64_t *competency_id);

/*
 * The same rule for two assignments (each with itself, and with each
 * other): 1 when a bundle of a and b may carry one profile per competency.
 * nb_bundle_profiles_agree is this over every pair (profile equality is
 * transitive), and the detection (nb_bundle_detect) proposes no group with a
 * pair that fails it: such a proposal would only be refused at its last
 * agreement (store/bundles.c).
 */
NB_MUST_USE int nb_bundle_pair_profiles_agree(const nb_bundle_doc *a, const nb_bundle_doc *b,
                                              int64_t *competency_id);

#endif
