/*
 * core/settlement.h — settlement (verrekening) of an hour balance, pure rules
 * (issue 10, part 4; docs/ledger.md "Settlement").
 *
 * At the end of a closed period network management decides per organisation:
 * carry the posted balance over (NB_SETTLE_CARRY: nothing is booked) or settle
 * it in money at the network's hour rate (NB_SETTLE_MONEY: one transfer against
 * the network fund brings the posted balance to zero). A balance below zero
 * (took more than it brought) is settled by the fund crediting the
 * organisation, and the organisation pays; a balance above zero by the
 * organisation giving its minutes back to the fund, and it receives money.
 *
 * Money: cents = round(|minutes| * rate_cents / 60), half away from zero (an
 * exact half cent goes up in magnitude), with the sign of the balance: + the
 * organisation receives, - it pays. Exact integer arithmetic; no floating
 * point. Pure: no globals, no I/O.
 */
#ifndef NB_CORE_SETTLEMENT_H
#define NB_CORE_SETTLEMENT_H

#include "util/attr.h"

#include "core/ledger.h"

#include <stdint.h>

typedef enum nb_settle_choice {
    NB_SETTLE_NONE = 0, /* invalid; catches zero-initialised lines */
    NB_SETTLE_CARRY,    /* overboeken: carry the balance over */
    NB_SETTLE_MONEY     /* verrekenen: settle in money at the network rate */
} nb_settle_choice;

/* The Dutch names as the API and the pages use them, NULL-terminated:
 * {"overboeken", "verrekenen", NULL}. */
extern const char *const nb_settle_choice_names[];

/* Dutch name of a choice ("" for NB_SETTLE_NONE). Static storage. */
const char *nb_settle_choice_name(nb_settle_choice c);

/* Parses a Dutch choice name; NB_SETTLE_NONE when unknown or NULL. */
NB_MUST_USE nb_settle_choice nb_settle_choice_parse(const char *name);

/*
 * The money for a signed number of minutes at rate_cents per hour into
 * *cents: sign(minutes) * floor((|minutes| * rate_cents + 30) / 60), i.e.
 * rounded half away from zero to whole cents. Returns 0; NB_EINVAL when
 * rate_cents <= 0, |minutes| > NB_LEDGER_AMOUNT_MAX or the product does not
 * fit in 64 bits (*cents is then 0).
 */
NB_MUST_USE int nb_settle_cents(int64_t minutes, int64_t rate_cents, int64_t *cents);

/*
 * The transfer that settles balance (posted minutes: credits - debits) of the
 * organisation account org_account against the fund account fund_account.
 * Fills *t (id and reason copied, cut to their buffers; kind
 * NB_KIND_ADJUSTMENT, no flags) and returns 1 when a transfer is needed, 0
 * when not (choice NB_SETTLE_CARRY, or a zero balance; *t zeroed), and
 * NB_EINVAL for a bad choice, bad accounts or a balance beyond
 * NB_LEDGER_AMOUNT_MAX. *cents (may be NULL) receives the money
 * (nb_settle_cents of balance for NB_SETTLE_MONEY, else 0).
 */
NB_MUST_USE int nb_settle_transfer(int64_t balance, nb_settle_choice choice, int64_t rate_cents,
                                   int64_t fund_account, int64_t org_account, const char *id,
                                   const char *reason, nb_transfer *t, int64_t *cents);

#endif
