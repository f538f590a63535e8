/*
 * util/vec.c — a growable array of fixed-size elements (see vec.h).
 */
#include "util/vec.h"

#include "util/error.h"

#include <stdlib.h>
#include <string.h>

int nb_vec_reserve(nb_vec *v, size_t more)
{
    if (v->n + more <= v->room)
        return 0;
    size_t room = v->room ? v->room : 64;
    while (room < v->n + more)
        room *= 2;
    void *d = realloc(v->data, room * v->size);
    if (d == NULL)
        return NB_ENOMEM;
    v->data = d;
    v->room = room;
    return 0;
}

void *nb_vec_push(nb_vec *v)
{
    if (nb_vec_reserve(v, 1) != 0)
        return NULL;
    void *slot = (char *)v->data + v->n * v->size;
    memset(slot, 0, v->size);
    v->n++;
    return slot;
}
