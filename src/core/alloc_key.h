/*
 * core/alloc_key.h — allocation keys (verdeelsleutels).
 *
 * A regional assignment is charged to all member municipalities by the
 * network's allocation key; the key turns the members' figures into weights
 * and nb_split_weighted (split.h) turns the weights into exact minutes.
 *
 * Keys and their Dutch names (used in the API, the UI and the database):
 *
 *   NB_KEY_INWONERS        "inwoners"        inhabitants
 *   NB_KEY_OPPERVLAKTE     "oppervlakte"     area, km² in integer hundredths
 *   NB_KEY_FORMATIE        "formatie"        staff, fte in integer hundredths
 *   NB_KEY_CASELOAD        "caseload"        number of cases
 *   NB_KEY_GEMEENTEFONDS   "gemeentefonds"   municipal fund payment, euros
 *   NB_KEY_GELIJK          "gelijk"          equal shares (figures ignored)
 *   NB_KEY_VASTE_AANDELEN  "vaste-aandelen"  agreed fixed shares, any integer
 *                                            numerators (e.g. basis points)
 *
 * Ties are broken by the member's org_id (lower id wins), see split.h.
 * Pure: no globals, no I/O.
 */
#ifndef NB_CORE_ALLOC_KEY_H
#define NB_CORE_ALLOC_KEY_H

#include "util/attr.h"

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

typedef enum nb_key_kind {
    NB_KEY_INWONERS = 0,
    NB_KEY_OPPERVLAKTE,
    NB_KEY_FORMATIE,
    NB_KEY_CASELOAD,
    NB_KEY_GEMEENTEFONDS,
    NB_KEY_GELIJK,
    NB_KEY_VASTE_AANDELEN,
    NB_KEY_COUNT_
} nb_key_kind;

/* The figures of one member organisation. All values must be >= 0. */
typedef struct nb_key_member {
    int64_t org_id;                 /* tie-break: lower id wins */
    int64_t inwoners;               /* inhabitants */
    int64_t oppervlakte_hundredths; /* km² × 100 */
    int64_t formatie_hundredths;    /* fte × 100 */
    int64_t caseload;               /* number of cases */
    int64_t gemeentefonds_euros;    /* yearly payment, whole euros */
    int64_t vast_aandeel;           /* agreed fixed share numerator */
} nb_key_member;

/*
 * The Dutch name of a key ("vaste-aandelen"), static storage; NULL for a value
 * outside the enum.
 */
const char *nb_key_name(nb_key_kind kind);

/*
 * Parses a Dutch key name (exact, lower case) into *out.
 * Returns 0, or NB_EINVAL for an unknown name or NULL argument.
 */
NB_MUST_USE int nb_key_parse(const char *name, nb_key_kind *out);

/*
 * Writes the weight of every member under `kind` into weights (caller-owned,
 * n values). Returns 0; NB_EINVAL for an unknown kind, n == 0, NULL arrays or
 * a negative figure. Does not check that the weights are not all zero (the
 * split does).
 */
NB_MUST_USE int nb_key_weights(nb_key_kind kind, const nb_key_member *members, size_t n,
                               int64_t *weights, nb_err *err);

/*
 * Splits `total` minutes over the n members by `kind`; parts (caller-owned, n
 * values) sum to total. Returns 0; NB_EINVAL as nb_key_weights, or when all
 * weights are zero or sum beyond int64_t; NB_ENOMEM when scratch memory fails.
 */
NB_MUST_USE int nb_key_split(nb_key_kind kind, const nb_key_member *members, size_t n,
                             int64_t total, int64_t *parts, nb_err *err);

#endif
