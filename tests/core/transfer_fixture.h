/*
 * tests/core/transfer_fixture.h — the one transfer constructor of the
 * ledger's tests (tests/core/test_ledger.c, test_budget.c and the store's
 * tests/store/ledger_store_fixture.c): a transfer with the fields given and
 * everything else zero. Test code only; links with core alone.
 */
#ifndef NB_TESTS_CORE_TRANSFER_FIXTURE_H
#define NB_TESTS_CORE_TRANSFER_FIXTURE_H

#include "core/ledger.h"

#include <stdint.h>

/* A transfer id (copied) of amount from debit to credit, of kind, with flags;
 * no reason, every other field zero. Returned by value. */
nb_transfer tr(const char *id, int64_t debit, int64_t credit, int64_t amount, nb_transfer_kind kind,
               uint32_t flags);

#endif
