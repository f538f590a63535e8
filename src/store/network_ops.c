/*
 * store/network_ops.c — settings, deposits and closing periods for the API
 * and the pages (network_ops.h); moved out of api/grootboek.c,
 * api/boekingen.c and api/perioden.c.
 */
#include "store/network_ops.h"

#include "store/bundles.h"
#include "store/external_hire.h"

#include "core/alloc_key.h"
#include "store/ledger_store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* As api/common.c nb_api_audit_detail writes audit details. */
static int nb_netops_audit(nb_store *st, const nb_actor *actor, const char *action,
                           const char *entity, int64_t id, const json_t *detail, nb_err *err)
{
    char *text =
        detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15)) : NULL;
    int rc = nb_store_audit(st, actor, action, entity, id, text, err);
    free(text);
    return rc;
}

int nb_netops_settings_json(nb_store *st, json_t **out, nb_err *err)
{
    char key[32];
    int64_t rate = 0;
    int rc = nb_ledger_store_hour_rate(st, &rate, err);
    if (rc != 0 && rc != NB_ENOTFOUND)
        return rc;
    json_t *j = json_object();
    json_object_set_new(j, "uurtariefCent", rc == 0 ? json_integer(rate) : json_null());
    rc = nb_store_setting_get(st, NB_SETTING_ALLOC_KEY, key, sizeof key, err);
    if (rc != 0 && rc != NB_ENOTFOUND) {
        json_decref(j);
        return rc;
    }
    json_object_set_new(j, "verdeelsleutel", rc == 0 ? json_string(key) : json_null());
    int64_t pct = 0;
    if ((rc = nb_bundle_coord_pct(st, &pct, err)) != 0) {
        json_decref(j);
        return rc;
    }
    json_object_set_new(j, "bundelCoordinatieProcent", json_integer(pct));
    int64_t ext = 0, net = 0;
    if ((rc = nb_xhire_rates(st, &ext, &net, err)) != 0) {
        json_decref(j);
        return rc;
    }
    json_object_set_new(j, "externUurtariefCent", ext > 0 ? json_integer(ext) : json_null());
    *out = j;
    return 0;
}

int nb_netops_settings_set(nb_store *st, const nb_actor *actor, int64_t rate_cents, const char *key,
                           int64_t coord_pct, int64_t ext_cents, json_t **after_out, nb_err *err)
{
    char buf[32];
    json_t *before = NULL, *after = NULL;
    nb_key_kind kind;
    if (nb_key_parse(key, &kind) != 0 || rate_cents <= 0 || coord_pct > 100 ||
        ext_cents > NB_NETOPS_RATE_MAX)
        return nb_err_set(err, NB_EINVAL,
                          "unknown allocation key, no hour rate, a coordination share over 100 "
                          "or an external rate out of range");
    int rc = nb_netops_settings_json(st, &before, err);
    if (rc != 0)
        return rc;
    snprintf(buf, sizeof buf, "%" PRId64, rate_cents);
    if ((rc = nb_store_setting_set(st, NB_SETTING_HOUR_RATE, buf, err)) != 0 ||
        (rc = nb_store_setting_set(st, NB_SETTING_ALLOC_KEY, nb_key_name(kind), err)) != 0)
        goto cleanup;
    snprintf(buf, sizeof buf, "%" PRId64, coord_pct);
    if ((coord_pct >= 0 &&
         (rc = nb_store_setting_set(st, NB_SETTING_BUNDLE_COORD_PCT, buf, err)) != 0))
        goto cleanup;
    snprintf(buf, sizeof buf, "%" PRId64, ext_cents);
    if ((ext_cents > 0 &&
         (rc = nb_store_setting_set(st, NB_SETTING_EXTERNAL_RATE, buf, err)) != 0) ||
        (ext_cents == 0 &&
         (rc = nb_store_setting_delete(st, NB_SETTING_EXTERNAL_RATE, err)) != 0) ||
        (rc = nb_netops_settings_json(st, &after, err)) != 0)
        goto cleanup;
    json_t *detail = json_pack("{s:O, s:O}", "voor", before, "na", after);
    rc = nb_netops_audit(st, actor, "update", "netwerkinstellingen", 0, detail, err);
    json_decref(detail);
    if (rc == 0 && after_out) {
        *after_out = after;
        after = NULL;
    }
cleanup:
    json_decref(before);
    json_decref(after);
    return rc;
}

int nb_netops_deposit_prepare(nb_store *st, nb_transfer *t, nb_err *err)
{
    nb_ledger_entry old;
    int rc;
    t->kind = NB_KIND_DEPOSIT;
    /* A retry converts at the rate recorded on the original. */
    if (nb_ledger_store_entry(st, t->id, &old, err) == 0 && old.transfer.kind == NB_KIND_DEPOSIT)
        t->hour_rate_cents = old.transfer.hour_rate_cents;
    else if ((rc = nb_ledger_store_hour_rate(st, &t->hour_rate_cents, err)) != 0)
        return rc;
    if (nb_ledger_deposit_minutes(t->money_cents, t->hour_rate_cents, &t->amount) != 0)
        return nb_err_set(err, NB_EINVAL, "no whole minute at this hour rate");
    return 0;
}

int nb_netops_period_close(nb_store *st, const nb_actor *actor, const char *closed_by,
                           const char *from, const char *to, int64_t *open, nb_period *out,
                           nb_err *err)
{
    nb_period p;
    memset(&p, 0, sizeof p); /* from and to may point into *out */
    snprintf(p.from, sizeof p.from, "%s", from);
    snprintf(p.to, sizeof p.to, "%s", to);
    snprintf(p.closed_by, sizeof p.closed_by, "%s", closed_by);
    *out = p;
    *open = 0;
    nb_period other;
    int rc = nb_period_overlapping(st, p.from, p.to, &other, err);
    if (rc == 0)
        return nb_err_set(err, NB_ECONFLICT,
                          "De periode overlapt met afgesloten periode %lld (%s t/m %s); "
                          "perioden mogen elkaar niet overlappen.",
                          (long long)other.id, other.from, other.to);
    if (rc != NB_ENOTFOUND)
        return rc;
    rc = nb_entry_count_open(st, out->from, out->to, open, err);
    if (rc != 0)
        return rc;
    if (*open > 0)
        return nb_err_set(err, NB_ECONFLICT, "undecided time entries in the period");
    if ((rc = nb_period_insert(st, out, err)) != 0)
        return rc;
    json_t *detail = json_pack("{s:s, s:s}", "van", out->from, "tot", out->to);
    rc = nb_netops_audit(st, actor, "create", "periode", out->id, detail, err);
    json_decref(detail);
    return rc;
}
