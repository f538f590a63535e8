/*
 * core/settlement.c — settlement (verrekening) of an hour balance: the money
 * at the network rate and the one transfer that brings a balance to zero; see
 * settlement.h.
 */
#include "core/settlement.h"

#include <stdio.h>
#include <string.h>

const char *const nb_settle_choice_names[] = {"overboeken", "verrekenen", NULL};

const char *nb_settle_choice_name(nb_settle_choice c)
{
    switch (c) {
    case NB_SETTLE_CARRY:
        return nb_settle_choice_names[0];
    case NB_SETTLE_MONEY:
        return nb_settle_choice_names[1];
    case NB_SETTLE_NONE:
        break;
    }
    return "";
}

nb_settle_choice nb_settle_choice_parse(const char *name)
{
    if (name == NULL)
        return NB_SETTLE_NONE;
    if (strcmp(name, nb_settle_choice_names[0]) == 0)
        return NB_SETTLE_CARRY;
    if (strcmp(name, nb_settle_choice_names[1]) == 0)
        return NB_SETTLE_MONEY;
    return NB_SETTLE_NONE;
}

int nb_settle_cents(int64_t minutes, int64_t rate_cents, int64_t *cents)
{
    *cents = 0;
    if (rate_cents <= 0 || minutes > NB_LEDGER_AMOUNT_MAX || minutes < -NB_LEDGER_AMOUNT_MAX)
        return NB_EINVAL;
    int64_t mag = minutes < 0 ? -minutes : minutes, prod;
    if (__builtin_mul_overflow(mag, rate_cents, &prod) || prod > INT64_MAX - 30)
        return NB_EINVAL;
    int64_t c = (prod + 30) / 60;
    *cents = minutes < 0 ? -c : c;
    return 0;
}

int nb_settle_transfer(int64_t balance, nb_settle_choice choice, int64_t rate_cents,
                       int64_t fund_account, int64_t org_account, const char *id,
                       const char *reason, nb_transfer *t, int64_t *cents)
{
    int64_t money = 0;
    memset(t, 0, sizeof *t);
    if (cents)
        *cents = 0;
    if ((choice != NB_SETTLE_CARRY && choice != NB_SETTLE_MONEY) || fund_account <= 0 ||
        org_account <= 0 || fund_account == org_account || balance > NB_LEDGER_AMOUNT_MAX ||
        balance < -NB_LEDGER_AMOUNT_MAX)
        return NB_EINVAL;
    if (choice == NB_SETTLE_CARRY || balance == 0)
        return 0;
    if (nb_settle_cents(balance, rate_cents, &money) != 0)
        return NB_EINVAL;
    snprintf(t->id, sizeof t->id, "%s", id ? id : "");
    snprintf(t->reason, sizeof t->reason, "%s", reason ? reason : "");
    t->kind = NB_KIND_ADJUSTMENT;
    if (balance < 0) { /* took more than it brought: the fund makes it up, it pays */
        t->debit_account_id = fund_account;
        t->credit_account_id = org_account;
        t->amount = -balance;
    } else { /* brought more: its minutes go back to the fund, it receives */
        t->debit_account_id = org_account;
        t->credit_account_id = fund_account;
        t->amount = balance;
    }
    if (cents)
        *cents = money;
    return 1;
}
