/*
 * tests/core/transfer_fixture.c — the transfer constructor shared by the
 * ledger's tests; see transfer_fixture.h.
 */
#include "transfer_fixture.h"

#include <stdio.h>
#include <string.h>

nb_transfer tr(const char *id, int64_t debit, int64_t credit, int64_t amount, nb_transfer_kind kind,
               uint32_t flags)
{
    nb_transfer t;
    memset(&t, 0, sizeof t);
    snprintf(t.id, sizeof t.id, "%s", id);
    t.debit_account_id = debit;
    t.credit_account_id = credit;
    t.amount = amount;
    t.kind = kind;
    t.flags = flags;
    return t;
}
