/*
 * core/ledger_impl.h — internal helpers shared by ledger.c (validation and
 * application of transfer batches) and ledger_check.c (the control that
 * recomputes every balance). Not a public header.
 */
#ifndef NB_CORE_LEDGER_IMPL_H
#define NB_CORE_LEDGER_IMPL_H

#include <stdint.h>

#include "core/ledger.h"

__extension__ typedef __int128 nb_i128;

/* v clamped to the int64_t range. */
static inline int64_t nb_ledger_sat64(nb_i128 v)
{
    if (v > INT64_MAX)
        return INT64_MAX;
    if (v < INT64_MIN)
        return INT64_MIN;
    return (int64_t)v;
}

#endif
