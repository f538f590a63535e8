/*
 * store/ledger_views_impl.h — private to the ledger's read views
 * (ledger_statement.c, ledger_control.c): the posted-balance effect of a
 * transfer as SQL and the end of an open period, shared by the statement and
 * the period rows. Not a public header: include it from src/store/ only.
 */
#ifndef NB_STORE_LEDGER_VIEWS_IMPL_H
#define NB_STORE_LEDGER_VIEWS_IMPL_H

#include <stdint.h>

/*
 * Effect on the posted balance of account $1: reservations (flag 1) and voids
 * (flag 4) move nothing posted; credit lines and their reversals move no
 * balance at all.
 */
#define NB_TR_DELTA_OF(acct)                                                            \
    "CASE WHEN (t.flags & 5) <> 0 OR t.kind = 'kredietlijn' OR coalesce(r.kind, '') = " \
    "'kredietlijn' THEN 0 WHEN t.credit_account_id = " acct " THEN t.amount ELSE -t.amount END"
#define NB_TR_DELTA NB_TR_DELTA_OF("$1")

/* The end of an open period: past every timestamp, so that ts < $n stays an
 * index range (an "$n = 0 OR" would not). */
static inline int64_t stmt_to(int64_t to_ts)
{
    return to_ts > 0 ? to_ts : INT64_MAX;
}

#endif
