/*
 * util/sorted.h — membership in a sorted array of ids (binary search), the
 * one copy the teaming engine (core/teaming_lines.c) and its loader
 * (store/team_loader.c) share. Header only; nothing is allocated.
 */
#ifndef NB_UTIL_SORTED_H
#define NB_UTIL_SORTED_H

#include <stddef.h>
#include <stdint.h>

/* 1 when a[0..n) (ascending; a may be NULL when n == 0) holds v, else 0. */
static inline int nb_sorted_has_i64(const int64_t *a, size_t n, int64_t v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && a[lo] == v;
}

#endif
