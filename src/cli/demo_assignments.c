/*
 * cli/demo_assignments.c — the demo network's assignments: local ones for one
 * municipality, multi-local ones shared by two to four, regional ones for all;
 * regular production and change work; every status of the life cycle. Local
 * topics repeat across municipalities on purpose, so that bundling has
 * something to find. Every assignment carries the consents (DOMAIN rule 9)
 * that make it chargeable when it is past concept: its first requester
 * submitted it ("aanvrager"), the others agreed ("instemming"); a regional
 * one that was accepted carries the network's acceptance ("netwerk").
 */
#include "cli/demo.h"

#include "store/assignments.h"
#include "store/consents.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Records the consents that make a (just inserted) chargeable; see the file comment. */
static int nb_demo_consents(nb_store *st, const nb_asg *a, nb_err *err)
{
    nb_consent_row c;
    int rc = 0;
    if (a->kind == NB_ASSIGNMENT_REGIONAAL) {
        if (a->status < NB_ASSIGNMENT_GEACCEPTEERD || a->status == NB_ASSIGNMENT_GEANNULEERD)
            return 0;
        memset(&c, 0, sizeof c);
        c.assignment_id = a->id;
        c.basis = NB_CONSENT_NETWORK;
        c.kind = a->kind;
        c.share = c.shares_total = 1;
        snprintf(c.actor, sizeof c.actor, "demo");
        snprintf(c.actor_role, sizeof c.actor_role, "beheer");
        snprintf(c.note, sizeof c.note, "regionaal geaccepteerd; verdeelsleutel inwoners");
        return nb_consent_insert(st, &c, err);
    }
    for (size_t i = 0; i < a->nrequesters && rc == 0; i++) {
        memset(&c, 0, sizeof c);
        c.assignment_id = a->id;
        c.organisation_id = a->requesters[i].organisation_id;
        c.basis = i == 0 ? NB_CONSENT_REQUESTER : NB_CONSENT_AGREED;
        c.kind = a->kind;
        if (nb_consent_terms(a->kind, a->requesters, a->nrequesters, c.organisation_id, &c.share,
                             &c.shares_total) != 0)
            continue;
        snprintf(c.actor, sizeof c.actor, "demo");
        snprintf(c.actor_role, sizeof c.actor_role, "coordinator");
        rc = nb_consent_insert(st, &c, err);
    }
    return rc;
}

/* A random person of organisation slot org (the ambtelijk opdrachtgever). */
static int64_t nb_demo_person_of(nb_demo_ctx *ctx, size_t org)
{
    size_t start = (size_t)nb_demo_range(&ctx->rng, 0, (int64_t)ctx->npeople - 1);
    for (size_t k = 0; k < ctx->npeople; k++) {
        size_t i = (start + k) % ctx->npeople;
        if (ctx->people[i].org == org)
            return ctx->people[i].id;
    }
    return 0;
}

/* A competency index of domain d, preferring non-scarce ones. */
static size_t nb_demo_comp_of_domain(nb_demo_ctx *ctx, size_t d)
{
    static const char *const order[] = {"sociaal",         "fysiek",     "bedrijfsvoering",
                                        "dienstverlening", "veiligheid", "bestuur-en-strategie"};
    for (int tries = 0; tries < 200; tries++) {
        size_t c = (size_t)nb_demo_range(&ctx->rng, 0, (int64_t)nb_demo_ncomps - 1);
        if (strcmp(nb_demo_comps[c].domain, order[d]) == 0 &&
            (!nb_demo_comps[c].scarce || nb_demo_range(&ctx->rng, 0, 4) == 0))
            return c;
    }
    return 0;
}

int nb_demo_assignments(nb_store *st, const nb_demo_network *net, nb_demo_ctx *ctx, int64_t count,
                        nb_err *err)
{
    static const int kind_w[] = {60, 25, 15};
    static const int status_w[] = {10, 15, 25, 15, 20, 10, 5};
    size_t gemeenten[NB_DEMO_MAX_ORGS], ng = 0, pools[NB_DEMO_MAX_ORGS], np = 0;
    int rc = 0;
    for (size_t i = 0; i < net->nmembers; i++) {
        if (ctx->org_is_gemeente[i])
            gemeenten[ng++] = i;
        else
            pools[np++] = i;
    }
    if (np == 0)
        return nb_err_set(err, NB_EINVAL, "demo network %s has no regional pool", net->name);
    if (ng == 0)
        return nb_err_set(err, NB_EINVAL, "demo network %s has no gemeente", net->name);
    /* The national network has a year of history; the small ones half a year. */
    const int32_t back = strcmp(net->name, "nationaal") == 0 ? 365 : 180;
    nb_asg *a = malloc(sizeof *a);
    if (a == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    for (int64_t n = 0; n < count && rc == 0; n++) {
        nb_demo_rng *r = &ctx->rng;
        memset(a, 0, sizeof *a);
        a->kind = (nb_assignment_kind)nb_demo_pick(r, kind_w, 3);
        size_t domain = (size_t)nb_demo_range(r, 0, 5);
        const char *topic = nb_demo_assignment_topics[domain][nb_demo_range(r, 0, 5)];
        size_t first = gemeenten[nb_demo_range(r, 0, (int64_t)ng - 1)];
        if (a->kind == NB_ASSIGNMENT_LOKAAL) {
            a->requesters[0].organisation_id = ctx->org_ids[first];
            a->requesters[0].share = 1;
            a->nrequesters = 1;
            snprintf(a->title, sizeof a->title, "%s %s", topic, net->members[first].name);
        } else if (a->kind == NB_ASSIGNMENT_MEERVOUDIG_LOKAAL) {
            int64_t want = nb_demo_range(r, 2, ng < 4 ? (int64_t)ng : 4);
            size_t start = (size_t)nb_demo_range(r, 0, (int64_t)ng - 1);
            for (int64_t k = 0; k < want; k++) {
                size_t g = gemeenten[(start + (size_t)k) % ng];
                a->requesters[a->nrequesters].organisation_id = ctx->org_ids[g];
                a->requesters[a->nrequesters].share = nb_demo_range(r, 1, 4);
                a->nrequesters++;
            }
            first = gemeenten[start];
            snprintf(a->title, sizeof a->title, "%s (gezamenlijk)", topic);
        } else {
            /* One pool: no draw, so the small networks stay as they were. */
            size_t pool = np == 1 ? pools[0] : pools[nb_demo_range(r, 0, (int64_t)np - 1)];
            first = pool;
            a->requesters[0].organisation_id = ctx->org_ids[pool];
            a->requesters[0].share = 1;
            a->nrequesters = 1;
            snprintf(a->title, sizeof a->title, "%s %s", topic, "regio");
        }
        snprintf(a->description, sizeof a->description, "Demo-opdracht: %s. Gevraagd door %s.",
                 topic, net->members[first].name);
        snprintf(a->work_type, sizeof a->work_type, "%s",
                 nb_demo_range(r, 0, 2) == 0 ? "verandering" : "regulier");
        a->status = (nb_assignment_status)nb_demo_pick(r, status_w, 7);
        a->priority = nb_demo_range(r, 1, 5);
        int32_t start = ctx->today + (int32_t)nb_demo_range(r, -back, 180);
        if (a->status >= NB_ASSIGNMENT_IN_UITVOERING && start > ctx->today)
            start = ctx->today - (int32_t)nb_demo_range(r, 1, back * 2 / 3);
        int32_t end = start + (int32_t)nb_demo_range(r, 30, 365);
        if (a->status == NB_ASSIGNMENT_AFGEROND && end > ctx->today)
            end = ctx->today - 1 > start ? ctx->today - 1 : start;
        nb_date_format(start, a->start_date);
        nb_date_format(end, a->end_date);
        snprintf(a->sponsor, sizeof a->sponsor, "Wethouder %s",
                 nb_demo_last_names[nb_demo_range(r, 0, (int64_t)nb_demo_nlast - 1)]);
        a->client_person_id = nb_demo_person_of(ctx, first);
        int64_t nlines = nb_demo_range(r, 1, 4);
        for (int64_t k = 0; k < nlines; k++) {
            size_t d = nb_demo_range(r, 0, 3) == 0 ? (size_t)nb_demo_range(r, 0, 5) : domain;
            size_t c = nb_demo_comp_of_domain(ctx, d);
            int dup = 0;
            for (size_t j = 0; j < a->nlines; j++)
                dup |= a->lines[j].competency_id == ctx->comp_ids[c];
            if (dup)
                continue;
            a->lines[a->nlines].competency_id = ctx->comp_ids[c];
            a->lines[a->nlines].min_level = nb_demo_range(r, 2, 4);
            a->lines[a->nlines].minutes = nb_demo_range(r, 2, 50) * 8 * 60;
            a->nlines++;
        }
        if (a->client_person_id == 0)
            continue;
        rc = nb_asg_insert(st, a, err);
        if (rc == 0)
            rc = nb_demo_consents(st, a, err);
        if (rc == 0)
            ctx->nassignments++;
    }
    free(a);
    return rc;
}
