/*
 * store/network_ops.h — the Netwerk-MT's administrative operations, one path
 * for the JSON API and the pages:
 *   - the network settings (hour rate, allocation key, external rate): PUT
 *     /api/v1/netwerk/instellingen (api/grootboek.c) and /instellingen;
 *   - a deposit (money → hour credit at the network's hour rate): the
 *     "storting" item of POST /api/v1/boekingen (api/boekingen.c) and
 *     /stortingen;
 *   - closing a period: POST /api/v1/perioden (api/perioden.c) and /perioden.
 * All run inside the caller's write transaction and audit as the API did.
 */
#ifndef NB_STORE_NETWORK_OPS_H
#define NB_STORE_NETWORK_OPS_H

#include "util/attr.h"

#include "core/ledger.h"
#include "store/store.h"
#include "store/time_entries.h"

#include <jansson.h>
#include <stdint.h>

/* The highest hour rate, network or external, in euro cents (€ 1.000.000). */
#define NB_NETOPS_RATE_MAX 100000000

/*
 * The settings as the API shows them: {"uurtariefCent": n|null,
 * "verdeelsleutel": "..."|null, "bundelCoordinatieProcent": n,
 * "externUurtariefCent": n|null} into *out (caller owns; the coordination
 * share of bundling, store/bundles.h, defaults to 15; the external rate is
 * store/external_hire.h's setting). 0 or a code.
 */
NB_MUST_USE int nb_netops_settings_json(nb_store *st, json_t **out, nb_err *err);

/*
 * Sets the hour rate (euro cents per hour, > 0), the allocation key
 * (nb_key_parse name; NB_EINVAL when unknown) and, when coord_pct >= 0, the
 * coordination share of bundling (0..100 percent), and the external hourly
 * rate ext_cents (euro cents: > 0 sets it, 0 removes it, < 0 leaves it as
 * it is), audited as "update" "netwerkinstellingen" with {"voor":...,
 * "na":...}. *after (optional) gets the new settings JSON (caller owns).
 * 0, NB_EINVAL for a value out of range, or a code.
 */
NB_MUST_USE int nb_netops_settings_set(nb_store *st, const nb_actor *actor, int64_t rate_cents,
                                       const char *key, int64_t coord_pct, int64_t ext_cents,
                                       json_t **after, nb_err *err);

/*
 * Fills a deposit transfer t (id, credit account and money_cents set by the
 * caller): kind, the hour rate (a retry of a stored deposit with the same id
 * keeps its recorded rate) and the minutes. Returns 0, NB_ENOTFOUND when the
 * network has no hour rate, NB_EINVAL when the amount makes no whole minute
 * at that rate (t->hour_rate_cents says which), or another code.
 */
NB_MUST_USE int nb_netops_deposit_prepare(nb_store *st, nb_transfer *t, nb_err *err);

/*
 * Closes the period [from, to] (YYYY-MM-DD, inclusive; the caller checked
 * the dates and to >= from) as closed_by ("role:label"), audited as "create"
 * "periode" with {"tot":..,"van":..}. Returns 0 with *out filled,
 * NB_ECONFLICT when it shares a day with a closed period (*open is 0; the
 * Dutch message names that period) or when time entries in it are still
 * undecided (*open says how many), or another code. from, to and closed_by may point into *out.
 */
NB_MUST_USE int nb_netops_period_close(nb_store *st, const nb_actor *actor, const char *closed_by,
                                       const char *from, const char *to, int64_t *open,
                                       nb_period *out, nb_err *err);

#endif
