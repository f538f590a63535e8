/*
 * cli/demo_programmes.c — the demo network's programmes (issue 10 §1): the
 * regional rMJP work programme of this year with every open regional
 * assignment in it, and the multi-year programme of the demo coordinator's
 * gemeente with its open local and multi-local assignments. The assignments
 * keep the priorities and periods the generator gave them, so /programmas
 * and /werkvoorraad show something from the start. No randomness: the demo
 * of a seed stays the same.
 */
#include "cli/demo.h"

#include "store/asg_rules.h"
#include "store/assignments.h"
#include "store/programmes.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct nb_dp_pick {
    int64_t regional, municipal; /* programme ids */
    int64_t org;                 /* the municipal programme's gemeente */
    int64_t *ids, *progs;
    size_t n, cap;
} nb_dp_pick;

/* Notes which programme assignment a goes into (none for a final one). */
static int nb_dp_collect(void *ctx, const nb_asg *a)
{
    nb_dp_pick *p = ctx;
    if (nb_assignment_status_is_final(a->status) || a->status == NB_ASSIGNMENT_SAMENGEVOEGD)
        return 0;
    int64_t prog = 0;
    if (a->kind == NB_ASSIGNMENT_REGIONAAL)
        prog = p->regional;
    else if (nb_asg_has_requester(a, p->org))
        prog = p->municipal;
    if (prog == 0)
        return 0;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        int64_t *ids = realloc(p->ids, cap * sizeof *ids);
        if (ids == NULL)
            return NB_ENOMEM;
        p->ids = ids;
        int64_t *progs = realloc(p->progs, cap * sizeof *progs);
        if (progs == NULL)
            return NB_ENOMEM;
        p->progs = progs;
        p->cap = cap;
    }
    p->ids[p->n] = a->id;
    p->progs[p->n++] = prog;
    return 0;
}

int nb_demo_programmes(nb_store *st, const nb_demo_network *net, nb_demo_ctx *ctx, nb_err *err)
{
    nb_actor actor = {"demo", "beheer", "local"};
    nb_principal who;
    memset(&who, 0, sizeof who);
    who.role = NB_ROLE_BEHEER;
    int y, m, d;
    nb_date_to_ymd(ctx->today, &y, &m, &d);
    size_t g = 0; /* the demo coordinator's organisation, or the first gemeente */
    while (g < net->nmembers && !ctx->org_is_gemeente[g])
        g++;
    if (ctx->org_is_gemeente[0])
        g = 0;
    if (g >= net->nmembers)
        return 0;
    nb_prog *p = calloc(1, sizeof *p);
    nb_asg *a = calloc(1, sizeof *a); /* filled by nb_asg_get */
    if (p == NULL || a == NULL) {
        free(p);
        free(a);
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    }
    nb_dp_pick pick = {0, 0, ctx->org_ids[g], NULL, NULL, 0, 0};
    snprintf(p->name, sizeof p->name, "rMJP werkprogramma %d", y);
    snprintf(p->kind, sizeof p->kind, "regionaal");
    p->first_year = p->last_year = y;
    snprintf(p->description, sizeof p->description,
             "Het regionale meerjarenprogramma, jaarschijf %d: het werk dat de gemeenten "
             "samen laten doen.",
             y);
    int rc = nb_prog_create(st, &actor, &who, p, err);
    pick.regional = p->id;
    if (rc == 0) {
        memset(p, 0, sizeof *p);
        snprintf(p->name, sizeof p->name, "Meerjarenprogramma %s %d-%d", net->members[g].name, y,
                 y + 3);
        snprintf(p->kind, sizeof p->kind, "gemeentelijk");
        p->organisation_id = ctx->org_ids[g];
        p->first_year = y;
        p->last_year = y + 3;
        snprintf(p->description, sizeof p->description,
                 "De eigen opdrachten van %s die het college deze collegeperiode wil laten doen.",
                 net->members[g].name);
        rc = nb_prog_create(st, &actor, &who, p, err);
        pick.municipal = p->id;
    }
    if (rc == 0)
        rc = nb_asg_list(st, NULL, 0, -1, nb_dp_collect, &pick, NULL, err);
    for (size_t i = 0; rc == 0 && i < pick.n; i++) {
        if ((rc = nb_asg_get(st, pick.ids[i], a, err)) != 0)
            break;
        a->programme_id = pick.progs[i];
        rc = nb_asg_update(st, a, err);
    }
    if (rc == NB_ENOMEM)
        nb_err_set(err, NB_ENOMEM, "out of memory");
    free(pick.ids);
    free(pick.progs);
    free(p);
    free(a);
    return rc;
}
