/*
 * util/vec.h — a growable array of fixed-size elements.
 *
 * An nb_vec owns its heap memory (data); the caller frees it with free(data)
 * when done. Initialise with {NULL, 0, 0, sizeof(element)}. Pointers into
 * data stay valid only until the next push or reserve.
 */
#ifndef NB_UTIL_VEC_H
#define NB_UTIL_VEC_H

#include "util/attr.h"

#include <stddef.h>

typedef struct nb_vec {
    void *data;
    size_t n, room, size; /* elements used, allocated; bytes per element */
} nb_vec;

/* Makes room for more elements in v. 0 or NB_ENOMEM (v unchanged). */
NB_MUST_USE int nb_vec_reserve(nb_vec *v, size_t more);

/* A new zeroed element at the end of v (owned by v), or NULL when out of memory. */
NB_MUST_USE void *nb_vec_push(nb_vec *v);

#endif
