/*
 * core/split.c — largest-remainder (Hamilton) splitting with a deterministic
 * tie-break. See split.h for the rule and the tie-break order.
 */
#include "core/split.h"

#include <stdlib.h>

__extension__ typedef __int128 nb_i128;

/* One part while ranking the remainders. */
typedef struct split_rank {
    int64_t rem; /* |total| * w mod W, in [0, W) */
    int64_t weight;
    int64_t id; /* tie-break id (or the index when no ids are given) */
    size_t index;
} split_rank;

/* qsort order: larger remainder, larger weight, lower id, lower index. */
static int split_rank_cmp(const void *pa, const void *pb)
{
    const split_rank *a = pa;
    const split_rank *b = pb;
    if (a->rem != b->rem)
        return a->rem > b->rem ? -1 : 1;
    if (a->weight != b->weight)
        return a->weight > b->weight ? -1 : 1;
    if (a->id != b->id)
        return a->id < b->id ? -1 : 1;
    if (a->index != b->index)
        return a->index < b->index ? -1 : 1;
    return 0;
}

int nb_split_weighted(int64_t total, const int64_t *weights, const int64_t *ids, size_t n,
                      int64_t *parts, nb_err *err)
{
    int rc = NB_OK;
    split_rank *rank = NULL;
    nb_i128 wsum = 0;
    int64_t whole, given = 0, left;
    int negative = total < 0;

    if (n == 0 || weights == NULL || parts == NULL)
        return nb_err_set(err, NB_EINVAL, "split needs at least one part");
    if (total == INT64_MIN)
        return nb_err_set(err, NB_EINVAL, "split total out of range");
    for (size_t i = 0; i < n; i++) {
        if (weights[i] < 0)
            return nb_err_set(err, NB_EINVAL, "weight %zu is negative", i);
        wsum += weights[i];
        if (wsum > INT64_MAX)
            return nb_err_set(err, NB_EINVAL, "sum of weights overflows");
    }
    if (wsum == 0)
        return nb_err_set(err, NB_EINVAL, "all weights are zero");

    rank = calloc(n, sizeof *rank);
    if (rank == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory splitting %zu parts", n);
        goto cleanup;
    }
    whole = negative ? -total : total;
    for (size_t i = 0; i < n; i++) {
        nb_i128 prod = (nb_i128)whole * weights[i];
        rank[i].rem = (int64_t)(prod % wsum);
        rank[i].weight = weights[i];
        rank[i].id = ids != NULL ? ids[i] : (int64_t)i;
        rank[i].index = i;
        parts[i] = (int64_t)(prod / wsum); /* <= whole, fits */
        given += parts[i];
    }
    /* left < number of parts with a non-zero remainder, so zero weights
     * (remainder 0, ranked last among equals by weight) never receive one. */
    left = whole - given;
    qsort(rank, n, sizeof *rank, split_rank_cmp);
    for (size_t k = 0; k < n && left > 0; k++, left--)
        parts[rank[k].index] += 1;
    if (negative)
        for (size_t i = 0; i < n; i++)
            parts[i] = -parts[i];

cleanup:
    free(rank);
    return rc;
}

int nb_split_equal(int64_t total, const int64_t *ids, size_t n, int64_t *parts, nb_err *err)
{
    int rc;
    int64_t *w;

    if (n == 0 || parts == NULL)
        return nb_err_set(err, NB_EINVAL, "split needs at least one part");
    w = malloc(n * sizeof *w);
    if (w == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory splitting %zu parts", n);
    for (size_t i = 0; i < n; i++)
        w[i] = 1;
    rc = nb_split_weighted(total, w, ids, n, parts, err);
    free(w);
    return rc;
}
