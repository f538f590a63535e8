/*
 * cli/demo_uren.c — who the demo's medewerker and ambtelijk opdrachtgever
 * are, so that their pages show something at once: the medewerker has a
 * confirmed allocation on running work that covers this week and the last
 * (the week grid of /uren is not empty), and the opdrachtgever is the
 * ambtelijk opdrachtgever of that work with other people's hours waiting for
 * approval (/goedkeuren). Chosen from what the ledger history made, by fixed
 * rules (no random draw), so the demo stays deterministic.
 */
#include "cli/demo.h"

#include "store/allocations.h"
#include "store/assignments.h"
#include "store/time_entries.h"
#include "store/users.h"
#include "util/date.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct nb_du_allocs {
    nb_alloc *v;
    size_t n, cap;
} nb_du_allocs;

static int nb_du_collect(void *ctx, const nb_alloc *a)
{
    nb_du_allocs *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        nb_alloc *v = realloc(c->v, cap * sizeof *v);
        if (v == NULL)
            return NB_ENOMEM;
        c->v = v;
        c->cap = cap;
    }
    c->v[c->n++] = *a;
    return 0;
}

/* Entries of other people waiting for client_person, into *n. */
static int nb_du_waiting(nb_store *st, int64_t client_person, int64_t *n, nb_err *err)
{
    nb_entry_filter f;
    memset(&f, 0, sizeof f);
    f.client_person_id = client_person;
    f.status = "ingediend";
    return nb_entry_list(st, &f, 0, 0, NULL, NULL, n, err);
}

int nb_demo_uren_people(nb_store *st, const nb_demo_ctx *ctx, int64_t *worker, int64_t *client,
                        nb_err *err)
{
    nb_du_allocs allocs = {NULL, 0, 0};
    nb_alloc_filter f;
    memset(&f, 0, sizeof f);
    f.status = "bevestigd";
    nb_asg *a = calloc(1, sizeof *a);
    int rc = a ? nb_alloc_list(st, &f, 0, -1, nb_du_collect, &allocs, NULL, err) : NB_ENOMEM;
    /* best: most waiting entries, then a person of the first organisation, then lowest ids */
    int64_t best_wait = -1, best_home = -1;
    *worker = ctx->people[0].id;
    *client = 0;
    for (size_t i = 0; rc == 0 && i < allocs.n; i++) {
        const nb_alloc *al = &allocs.v[i];
        if ((rc = nb_asg_get(st, al->assignment_id, a, err)) != 0)
            break;
        int32_t from, to;
        if (a->status != NB_ASSIGNMENT_IN_UITVOERING || a->client_person_id <= 0 ||
            a->client_person_id == al->person_id || nb_date_parse(a->start_date, &from) != 0 ||
            nb_date_parse(a->end_date, &to) != 0 || from > ctx->today - 7 || to < ctx->today)
            continue;
        int64_t wait = 0;
        if ((rc = nb_du_waiting(st, a->client_person_id, &wait, err)) != 0)
            break;
        int64_t home = al->person_org_id == ctx->org_ids[0];
        if (wait > best_wait || (wait == best_wait && home > best_home) ||
            (wait == best_wait && home == best_home &&
             (al->person_id < *worker ||
              (al->person_id == *worker && a->client_person_id < *client)))) {
            best_wait = wait;
            best_home = home;
            *worker = al->person_id;
            *client = a->client_person_id;
        }
    }
    free(allocs.v);
    free(a);
    if (rc == 0 && *client == 0) /* a tiny demo without running work: any other person */
        *client = ctx->people[ctx->npeople > 1 ? 1 : 0].id;
    return rc;
}

int nb_demo_login_client(nb_store *st, int64_t person_id, nb_demo_login *out, nb_err *err)
{
    nb_actor actor = {"cli", "system", "local"};
    unsigned char raw[12];
    int64_t id = 0;
    memset(out, 0, sizeof *out);
    out->role = "opdrachtgever";
    snprintf(out->login, sizeof out->login, "demo-opdrachtgever");
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out->password, sizeof out->password, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    return nb_user_create(st, &actor, out->login, "Demo ambtelijk opdrachtgever", "medewerker", 0,
                          person_id, out->password, &id, err);
}
