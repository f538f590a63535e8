/*
 * store/hours_ledger.c — ledger bookings of allocations and time entries;
 * see hours_ledger.h and docs/ledger.md.
 */
#include "store/hours_ledger.h"

#include "store/allocations.h"
#include "store/consents.h"
#include "store/ledger_store.h"
#include "store/organisations.h"
#include "store/people.h"
#include "store/time_entries.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef NB_SETTING_ALLOC_KEY
#define NB_SETTING_ALLOC_KEY "verdeelsleutel"
#endif

/* ---- Who is charged ---------------------------------------------------------- */

/* Fills refusal with the one problem "no consent" (who is in refusal->missing already). */
static void nb_hl_no_consent(nb_hours_refusal *refusal, const nb_err *why)
{
    if (refusal == NULL || refusal->nproblems >= NB_HOURS_REFUSAL_MAX)
        return;
    nb_hours_problem *p = &refusal->problems[refusal->nproblems++];
    p->rule = NB_HOURS_NO_CONSENT;
    p->field = "opdrachtId";
    snprintf(p->reason, sizeof p->reason, "%s", why->msg);
}

int nb_hours_ledger_members(nb_store *st, nb_key_member *members, size_t *n, nb_key_kind *key,
                            nb_err *err)
{
    /* The key's figures of every municipality, lowest id first: the columns
     * the key reads and nothing else. A regional approval asks this on the
     * writer; the paged organisation list it used (count, sort, every text
     * column copied) cost it 0.1 M instructions (appr30). */
    static const char sql[] =
        "SELECT id, inhabitants, area_hundredths, fte_hundredths, caseload, fund_euros, "
        "fixed_share FROM organisations WHERE kind = 'gemeente' ORDER BY id";
    char name[64];
    nb_err ignore = {{0}};
    *n = 0;
    *key = NB_KEY_INWONERS;
    int rc = nb_store_setting_get(st, NB_SETTING_ALLOC_KEY, name, sizeof name, &ignore);
    if (rc == 0) {
        if (nb_key_parse(name, key) != 0)
            return nb_err_set(err, NB_EINVAL, "De verdeelsleutel '%s' van het netwerk is onbekend.",
                              name);
    } else if (rc != NB_ENOTFOUND) {
        return nb_err_set(err, rc, "%s", ignore.msg);
    }
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    size_t got = 0;
    int step;
    rc = 0;
    while ((step = nb_store_step(st, s)) == NB_DB_ROW) {
        if (got >= NB_HOURS_MAX_PARTS) {
            rc = nb_err_set(err, NB_EINVAL, "Meer dan %d gemeenten in het netwerk.",
                            NB_HOURS_MAX_PARTS);
            break;
        }
        nb_key_member *k = &members[got++];
        memset(k, 0, sizeof *k);
        k->org_id = nb_db_col_int(s, 0);
        k->inwoners = nb_db_col_int(s, 1);
        k->oppervlakte_hundredths = nb_db_col_int(s, 2);
        k->formatie_hundredths = nb_db_col_int(s, 3);
        k->caseload = nb_db_col_int(s, 4);
        k->gemeentefonds_euros = nb_db_col_int(s, 5);
        k->vast_aandeel = nb_db_col_int(s, 6);
    }
    if (rc == 0 && step != NB_DB_DONE)
        rc = nb_store_fail(st, err, "organisations");
    nb_db_reset(s);
    if (rc == 0)
        *n = got;
    return rc;
}

int nb_hours_ledger_charge(nb_store *st, const nb_asg *a, int64_t minutes, nb_hours_part *parts,
                           size_t *nparts, nb_hours_refusal *refusal, nb_err *err)
{
    nb_hours_charge_in in = {a->kind, a->requesters, a->nrequesters, NULL, 0, NB_KEY_INWONERS};
    nb_key_member *mem = NULL;
    nb_err why = {{0}};
    int rc = nb_consent_chargeable(st, a, refusal ? &refusal->missing : NULL, &why);
    if (rc == NB_EFORBIDDEN) {
        nb_hl_no_consent(refusal, &why);
        return nb_err_set(err, NB_ELIMIT, "%s", why.msg);
    }
    if (rc != 0)
        return nb_err_set(err, rc, "%s", why.msg);
    if (a->kind == NB_ASSIGNMENT_REGIONAAL) {
        if ((mem = calloc(NB_HOURS_MAX_PARTS, sizeof *mem)) == NULL)
            return NB_ENOMEM;
        rc = nb_hours_ledger_members(st, mem, &in.nmembers, &in.key, err);
        in.members = mem;
    }
    if (rc == 0)
        rc = nb_hours_charge(&in, minutes, parts, NB_HOURS_MAX_PARTS, nparts, err);
    free(mem);
    return rc;
}

/* ---- Applying a chain -------------------------------------------------------- */

/* A batch of n transfers and their meta, zeroed (at least one of each, so that
 * an empty chain still has valid pointers); the caller frees both, also when
 * this fails (NB_ENOMEM with err set). */
static int nb_hl_batch_new(size_t n, nb_transfer **batch, nb_hours_batch_meta **meta, nb_err *err)
{
    *batch = calloc(n > 0 ? n : 1, sizeof **batch);
    *meta = calloc(n > 0 ? n : 1, sizeof **meta);
    if (*batch == NULL || *meta == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    return 0;
}

/* Applies batch; on failure copies the culprit's result into refusal and explains it. */
static int nb_hl_apply(nb_store *st, const nb_transfer *batch, size_t n, nb_hours_refusal *refusal,
                       nb_err *err)
{
    if (n == 0)
        return 0;
    nb_transfer_result *res = calloc(n, sizeof *res);
    if (res == NULL)
        return NB_ENOMEM;
    nb_err lerr = {{0}};
    int rc = nb_ledger_store_apply(st, batch, n, res, &lerr);
    if (rc != 0) {
        size_t culprit = 0;
        for (size_t i = 0; i < n; i++) {
            if (res[i].code != NB_TR_OK && res[i].code != NB_TR_EXISTS &&
                res[i].code != NB_TR_LINKED_EVENT_FAILED) {
                culprit = i;
                break;
            }
        }
        if (refusal)
            refusal->ledger = res[culprit];
        nb_err_set(err, rc, "De boeking %s is geweigerd (%s): %s", batch[culprit].id,
                   nb_ledger_code_name(res[culprit].code), lerr.msg);
    }
    free(res);
    return rc;
}

/* Fills part->account_id for a charged organisation. */
static int nb_hl_account(nb_store *st, nb_hours_account_part *p, nb_err *err)
{
    return nb_ledger_store_org_account(st, p->org_id, &p->account_id, err);
}

/* ---- Confirm --------------------------------------------------------------- */

int nb_hours_ledger_eligible(nb_store *st, const nb_alloc *al, int reserve,
                             nb_hours_refusal *refusal, nb_err *err)
{
    nb_asg *a = NULL;
    nb_person *p = NULL;
    nb_consent_row *rows = NULL;
    nb_consent *core = NULL;
    size_t nrows = 0;
    nb_hours_refusal local;
    nb_hours_refusal *out = refusal ? refusal : &local;
    int rc;
    a = calloc(1, sizeof *a);
    p = calloc(1, sizeof *p);
    if (a == NULL || p == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
        goto cleanup;
    }
    if ((rc = nb_asg_get(st, al->assignment_id, a, err)) != 0 ||
        (rc = nb_person_get(st, al->person_id, p, err)) != 0)
        goto cleanup;
    nb_hours_alloc_in in;
    memset(&in, 0, sizeof in);
    in.assignment_id = a->id;
    in.status = a->status;
    in.person_id = p->id;
    in.person_active = p->active;
    in.line_id = al->line_id;
    in.minutes = al->minutes;
    int found = 0;
    for (size_t i = 0; i < a->nlines; i++) {
        if (a->lines[i].id == al->line_id) {
            found = 1;
            in.line_minutes = a->lines[i].minutes;
        }
    }
    if (!found) {
        rc = nb_err_set(err, NB_ENOTFOUND, "Regel %lld hoort niet bij opdracht %lld.",
                        (long long)al->line_id, (long long)a->id);
        goto cleanup;
    }
    if ((rc = nb_alloc_line_planned(st, a->id, al->line_id, &in.line_planned, err)) != 0)
        goto cleanup;
    if (al->id > 0 && strcmp(al->status, "beeindigd") != 0)
        in.line_planned -= al->minutes; /* it counts itself already */
    nb_consent_in cin;
    if (reserve) {
        if ((rc = nb_consent_list(st, a->id, &rows, &nrows, err)) != 0)
            goto cleanup;
        if (nrows > 0 && (core = calloc(nrows, sizeof *core)) == NULL) {
            rc = nb_err_set(err, NB_ENOMEM, "out of memory");
            goto cleanup;
        }
        nb_consent_core(rows, nrows, core);
        cin = (nb_consent_in){a->kind, a->requesters, a->nrequesters, core, nrows};
        in.consent = &cin;
    }
    out->nproblems =
        nb_hours_alloc_eligible(&in, out->problems, NB_HOURS_REFUSAL_MAX, &out->missing);
    if (out->nproblems > NB_HOURS_REFUSAL_MAX)
        out->nproblems = NB_HOURS_REFUSAL_MAX;
    if (out->nproblems > 0)
        rc = nb_err_set(err, NB_ELIMIT, "Inzet op opdracht %lld is niet mogelijk: %s.",
                        (long long)a->id, out->problems[0].reason);
cleanup:
    free(core);
    free(rows);
    free(p);
    free(a);
    return rc;
}

int nb_hours_ledger_confirm(nb_store *st, int64_t allocation_id, nb_hours_refusal *refusal,
                            nb_err *err)
{
    nb_alloc al;
    nb_asg *a = NULL;
    nb_hours_part parts[NB_HOURS_MAX_PARTS];
    nb_hours_account_part acc[NB_HOURS_MAX_PARTS];
    nb_transfer *batch = NULL;
    nb_hours_batch_meta *meta = NULL;
    size_t np = 0, count = 0;
    int64_t home_account = 0;
    int rc;

    if ((rc = nb_alloc_get(st, allocation_id, &al, err)) != 0)
        return rc;
    if (strcmp(al.status, "concept") != 0)
        return nb_err_set(err, NB_ECONFLICT,
                          "Inzet %lld is %s en kan niet (opnieuw) worden bevestigd.",
                          (long long)allocation_id, al.status);
    if ((rc = nb_hours_ledger_eligible(st, &al, 1, refusal, err)) != 0)
        return rc;
    if ((a = calloc(1, sizeof *a)) == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    if ((rc = nb_asg_get(st, al.assignment_id, a, err)) != 0)
        goto cleanup;
    if ((rc = nb_hours_ledger_charge(st, a, al.minutes, parts, &np, refusal, err)) != 0)
        goto cleanup;
    if ((rc = nb_hl_batch_new(np, &batch, &meta, err)) != 0)
        goto cleanup;
    if ((rc = nb_ledger_store_org_account(st, al.person_org_id, &home_account, err)) != 0)
        goto cleanup;
    memset(acc, 0, np * sizeof *acc);
    for (size_t i = 0; i < np; i++) {
        acc[i].org_id = parts[i].org_id;
        acc[i].minutes = parts[i].minutes;
        if (parts[i].minutes > 0 && parts[i].org_id != al.person_org_id &&
            (rc = nb_hl_account(st, &acc[i], err)) != 0)
            goto cleanup;
    }
    if ((rc = nb_hours_build_reserve(allocation_id, al.person_org_id, home_account, acc, np, batch,
                                     meta, &count)) != 0)
        goto cleanup;
    if ((rc = nb_hl_apply(st, batch, count, refusal, err)) != 0)
        goto cleanup;
    for (size_t i = 0; i < count; i++) {
        nb_alloc_res r;
        memset(&r, 0, sizeof r);
        r.allocation_id = allocation_id;
        r.organisation_id = meta[i].org_id;
        r.seq = meta[i].seq;
        snprintf(r.transfer_id, sizeof r.transfer_id, "%s", batch[i].id);
        r.minutes = batch[i].amount;
        if ((rc = nb_alloc_res_insert(st, &r, err)) != 0)
            goto cleanup;
    }
    rc = nb_alloc_set_status(st, allocation_id, "bevestigd", err);
cleanup:
    free(meta);
    free(batch);
    free(a);
    return rc;
}

/* ---- Approve ----------------------------------------------------------------- */

static const nb_hours_account_part *nb_hl_find(const nb_hours_account_part *acc, size_t n,
                                               int64_t org)
{
    for (size_t i = 0; i < n; i++)
        if (acc[i].org_id == org)
            return &acc[i];
    return NULL;
}

int nb_hours_ledger_approve(nb_store *st, int64_t entry_id, size_t *booked,
                            nb_hours_refusal *refusal, nb_err *err)
{
    if (booked)
        *booked = 0;
    nb_entry *e = calloc(1, sizeof *e);
    nb_asg *a = calloc(1, sizeof *a);
    int rc = e && a ? nb_entry_get(st, entry_id, e, err) : NB_ENOMEM;
    if (rc == 0)
        rc = nb_asg_get(st, e->assignment_id, a, err);
    if (rc == 0)
        rc = nb_hours_ledger_approve_loaded(st, e, a, booked, refusal, err);
    free(a);
    free(e);
    return rc;
}

/* The open reservations of an allocation, as nb_alloc_get_open finds them. */
typedef struct nb_hl_opens {
    nb_alloc_res *r;
    size_t n, cap;
} nb_hl_opens;

static int nb_hl_take_open(void *ctx, const nb_alloc_res *r)
{
    nb_hl_opens *o = ctx;
    if (o->n == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 4;
        nb_alloc_res *v = realloc(o->r, cap * sizeof *v);
        if (v == NULL)
            return NB_ENOMEM;
        o->r = v;
        o->cap = cap;
    }
    o->r[o->n++] = *r;
    return 0;
}

int nb_hours_ledger_approve_loaded(nb_store *st, const nb_entry *e, const nb_asg *a, size_t *booked,
                                   nb_hours_refusal *refusal, nb_err *err)
{
    nb_alloc al;
    nb_hours_part parts[NB_HOURS_MAX_PARTS];
    nb_hours_account_part acc[NB_HOURS_MAX_PARTS];
    nb_transfer *batch = NULL;
    nb_hours_batch_meta *meta = NULL;
    size_t np = 0, count = 0;
    int64_t home_account = 0;
    int64_t entry_id = e->id;
    nb_hl_opens opens = {NULL, 0, 0};
    int rc;

    if (booked)
        *booked = 0;
    if (strcmp(e->status, "ingediend") != 0) {
        rc = nb_err_set(err, NB_ECONFLICT, "Urenregistratie %lld is al %s.", (long long)entry_id,
                        e->status);
        goto cleanup;
    }
    if (a->id != e->assignment_id) {
        rc = nb_err_set(err, NB_EINVAL, "assignment %lld is not the one of entry %lld",
                        (long long)a->id, (long long)entry_id);
        goto cleanup;
    }
    /* The allocation with its open reservations, one statement. */
    if ((rc = nb_alloc_get_open(st, e->allocation_id, &al, nb_hl_take_open, &opens, err)) != 0) {
        if (rc == NB_ENOMEM)
            nb_err_set(err, NB_ENOMEM, "out of memory");
        goto cleanup;
    }
    if ((rc = nb_hours_ledger_charge(st, a, e->minutes, parts, &np, refusal, err)) != 0)
        goto cleanup;
    /* Sized by the parts charged, not by NB_HOURS_MAX_PARTS: zeroing room for
     * 1,536 transfers (600 KB) cost every approval more than its SQL. */
    if ((rc = nb_hl_batch_new(3 * np, &batch, &meta, err)) != 0)
        goto cleanup;
    if ((rc = nb_ledger_store_org_account(st, al.person_org_id, &home_account, err)) != 0)
        goto cleanup;
    memset(acc, 0, np * sizeof *acc);
    for (size_t i = 0; i < np; i++) {
        acc[i].org_id = parts[i].org_id;
        acc[i].minutes = parts[i].minutes;
        if (parts[i].minutes <= 0 || parts[i].org_id == al.person_org_id)
            continue;
        if ((rc = nb_hl_account(st, &acc[i], err)) != 0)
            goto cleanup;
        for (size_t k = 0; k < opens.n; k++) { /* at most one open per organisation */
            const nb_alloc_res *open = &opens.r[k];
            if (open->organisation_id != parts[i].org_id)
                continue;
            snprintf(acc[i].open_id, sizeof acc[i].open_id, "%s", open->transfer_id);
            acc[i].open_minutes = open->minutes;
            acc[i].open_seq = open->seq;
            break;
        }
    }
    if ((rc = nb_hours_build_approve(entry_id, al.id, al.person_org_id, home_account, acc, np,
                                     batch, meta, &count)) != 0)
        goto cleanup;
    if ((rc = nb_hl_apply(st, batch, count, refusal, err)) != 0)
        goto cleanup;
    for (size_t i = 0; i < count && rc == 0; i++) {
        nb_entry_transfer t;
        memset(&t, 0, sizeof t);
        t.organisation_id = meta[i].org_id;
        snprintf(t.transfer_id, sizeof t.transfer_id, "%s", batch[i].id);
        t.minutes = batch[i].amount;
        const nb_hours_account_part *p = nb_hl_find(acc, np, meta[i].org_id);
        switch (meta[i].step) {
        case NB_HOURS_STEP_POST:
            snprintf(t.role, sizeof t.role, "boeking");
            rc = nb_alloc_res_resolve(st, p ? p->open_id : "", "geboekt", batch[i].amount,
                                      batch[i].id, err);
            break;
        case NB_HOURS_STEP_RERESERVE: {
            nb_alloc_res r;
            memset(&r, 0, sizeof r);
            r.allocation_id = al.id;
            r.organisation_id = meta[i].org_id;
            r.seq = meta[i].seq;
            snprintf(r.transfer_id, sizeof r.transfer_id, "%s", batch[i].id);
            r.minutes = batch[i].amount;
            snprintf(t.role, sizeof t.role, "herreservering");
            rc = nb_alloc_res_insert(st, &r, err);
            break;
        }
        default:
            snprintf(t.role, sizeof t.role, "extra");
            break;
        }
        if (rc == 0)
            rc = nb_entry_transfer_insert(st, entry_id, &t, err);
    }
    if (rc == 0)
        rc = nb_alloc_add_posted(st, al.id, e->minutes, err);
    if (rc == 0 && booked)
        *booked = count;
cleanup:
    free(opens.r);
    free(meta);
    free(batch);
    return rc;
}

/* ---- End ------------------------------------------------------------------ */

typedef struct nb_hl_open {
    nb_hours_account_part acc[NB_HOURS_MAX_PARTS];
    size_t n;
} nb_hl_open;

static int nb_hl_collect_open(void *ctx, const nb_alloc_res *r)
{
    nb_hl_open *c = ctx;
    if (strcmp(r->state, "open") != 0)
        return 0;
    if (c->n >= NB_HOURS_MAX_PARTS)
        return NB_EINVAL;
    nb_hours_account_part *p = &c->acc[c->n++];
    memset(p, 0, sizeof *p);
    p->org_id = r->organisation_id;
    snprintf(p->open_id, sizeof p->open_id, "%s", r->transfer_id);
    p->open_minutes = r->minutes;
    p->open_seq = r->seq;
    return 0;
}

int nb_hours_ledger_end(nb_store *st, int64_t allocation_id, int64_t *voided, nb_err *err)
{
    nb_alloc al;
    nb_hl_open *open = NULL;
    nb_transfer *batch = NULL;
    nb_hours_batch_meta *meta = NULL;
    size_t count = 0;
    int64_t home_account = 0, released = 0;
    int rc;

    if (voided)
        *voided = 0;
    if ((rc = nb_alloc_get(st, allocation_id, &al, err)) != 0)
        return rc;
    if (strcmp(al.status, "beeindigd") == 0)
        return nb_err_set(err, NB_ECONFLICT, "Inzet %lld is al beëindigd.",
                          (long long)allocation_id);
    if ((open = calloc(1, sizeof *open)) == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    if ((rc = nb_alloc_res_list(st, allocation_id, nb_hl_collect_open, open, err)) != 0)
        goto cleanup;
    if (open->n > 0) {
        if ((rc = nb_hl_batch_new(open->n, &batch, &meta, err)) != 0)
            goto cleanup;
        if ((rc = nb_ledger_store_org_account(st, al.person_org_id, &home_account, err)) != 0)
            goto cleanup;
        for (size_t i = 0; i < open->n; i++)
            if ((rc = nb_hl_account(st, &open->acc[i], err)) != 0)
                goto cleanup;
        if ((rc = nb_hours_build_void(allocation_id, home_account, open->acc, open->n, batch, meta,
                                      &count)) != 0)
            goto cleanup;
        if ((rc = nb_hl_apply(st, batch, count, NULL, err)) != 0)
            goto cleanup;
        for (size_t i = 0; i < count; i++) {
            if ((rc = nb_alloc_res_resolve(st, batch[i].pending_id, "vrijgegeven", 0, batch[i].id,
                                           err)) != 0)
                goto cleanup;
            released += batch[i].amount;
        }
    }
    rc = nb_alloc_set_status(st, allocation_id, "beeindigd", err);
    if (rc == 0 && voided)
        *voided = released;
cleanup:
    free(meta);
    free(batch);
    free(open);
    return rc;
}

int nb_hours_ledger_end_assignment(nb_store *st, int64_t assignment_id, size_t *ended,
                                   int64_t *voided, nb_err *err)
{
    size_t n = 0, got = 0;
    int64_t *ids = NULL, total = 0;
    int rc;
    if (ended)
        *ended = 0;
    if (voided)
        *voided = 0;
    if ((rc = nb_alloc_open_of_assignment(st, assignment_id, NULL, 0, &n, err)) != 0 || n == 0)
        return rc;
    if ((ids = calloc(n, sizeof *ids)) == NULL)
        return NB_ENOMEM;
    if ((rc = nb_alloc_open_of_assignment(st, assignment_id, ids, n, &got, err)) != 0)
        goto cleanup;
    for (size_t i = 0; i < got && i < n; i++) {
        int64_t v = 0;
        if ((rc = nb_hours_ledger_end(st, ids[i], &v, err)) != 0)
            goto cleanup;
        total += v;
    }
    if (ended)
        *ended = got < n ? got : n;
    if (voided)
        *voided = total;
cleanup:
    free(ids);
    return rc;
}
