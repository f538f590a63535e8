/*
 * core/split.h — exact splitting of an amount of minutes over weighted parts.
 *
 * Rule 6 of DOMAIN.md: hours are integer minutes and a split always adds up to
 * the whole. We use the largest-remainder (Hamilton) method:
 *
 *   1. every part i gets floor(|total| * w_i / W), W = sum of all weights;
 *   2. the minutes still left over (fewer than the number of parts) go one each
 *      to the parts with the largest remainder (|total| * w_i mod W);
 *   3. ties are broken deterministically: larger remainder first, then larger
 *      weight, then lower tie-break id (e.g. the organisation id), then lower
 *      index in the array.
 *
 * Products are computed in 128 bits, so large weights (gemeentefonds in euros)
 * times large totals cannot overflow. Zero weights always get zero. A negative
 * total is split symmetrically: split(-t) == -split(t), element by element.
 *
 * Rational weights (e.g. 12.5 fte) are passed as numerators over a common
 * denominator (1250 hundredths); only the ratios matter.
 *
 * Pure: no globals, no I/O. The only allocation is a scratch array freed
 * before return.
 */
#ifndef NB_CORE_SPLIT_H
#define NB_CORE_SPLIT_H

#include "util/attr.h"

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/*
 * Splits `total` minutes over `n` parts proportional to `weights`.
 *
 * weights: n values >= 0, not all zero, whose sum fits in int64_t.
 * ids:     optional (may be NULL) tie-break ids, e.g. organisation ids; with
 *          equal remainder and weight the lower id wins. When NULL (or ids are
 *          equal) the lower index wins.
 * parts:   caller-owned array of n values; written only on success.
 *
 * Returns 0 on success (sum of parts == total, parts[i] == 0 when weights[i]
 * == 0); NB_EINVAL for n == 0, a NULL array, a negative weight, all-zero
 * weights, a weight sum that overflows int64_t, or total == INT64_MIN;
 * NB_ENOMEM when the scratch array cannot be allocated. err (optional)
 * receives a reason.
 */
NB_MUST_USE int nb_split_weighted(int64_t total, const int64_t *weights, const int64_t *ids,
                                  size_t n, int64_t *parts, nb_err *err);

/*
 * Splits `total` minutes into n equal parts (the key "gelijk"): the first
 * |total| mod n parts (lowest id, or lowest index when ids is NULL) get one
 * minute more. Same contract and return codes as nb_split_weighted.
 */
NB_MUST_USE int nb_split_equal(int64_t total, const int64_t *ids, size_t n, int64_t *parts,
                               nb_err *err);

#endif
