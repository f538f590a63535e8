/*
 * store/team_loader_collect.c — the team loader collects the assignments to
 * staff: per assignment its lines, requesters, the charge as the ledger
 * splits it and the lines' own month profiles (nb_tl_add_asg); see
 * team_loader_impl.h. Moved out of team_loader.c.
 */
#include "store/team_loader_impl.h"

#include "util/date.h"

#include <stdlib.h>
#include <string.h>

/* Appends one charged organisation with its weight. */
static int nb_tl_add_charge(nb_tl_ctx *c, int64_t org, int64_t weight)
{
    int64_t *o = nb_vec_push(&c->chg_orgs), *w = nb_vec_push(&c->chg_weights);
    if (o == NULL || w == NULL)
        return NB_ENOMEM;
    *o = org;
    *w = weight;
    return 0;
}

int nb_tl_add_asg(void *ctx, const nb_asg *a)
{
    nb_tl_ctx *c = ctx;
    int64_t *id = nb_vec_push(&c->asg_ids);
    if (id == NULL)
        return NB_ENOMEM;
    *id = a->id;
    int32_t sd = 0, ed = 0;
    if (nb_date_parse(a->start_date, &sd) != 0 || nb_date_parse(a->end_date, &ed) != 0)
        return NB_EDB; /* the store holds only valid dates */
    size_t req_off = c->reqs.n;
    for (size_t i = 0; i < a->nrequesters; i++) {
        int64_t *r = nb_vec_push(&c->reqs);
        if (r == NULL)
            return NB_ENOMEM;
        *r = a->requesters[i].organisation_id;
    }
    /* The charge exactly as core/hours.h nb_hours_charge splits it. */
    size_t chg_off = c->chg_orgs.n, nchg = 0;
    int rc;
    if (a->kind == NB_ASSIGNMENT_REGIONAAL) {
        if (c->reg_rc != 0)
            return nb_err_set(c->err, c->reg_rc, "%s", c->reg_err.msg);
        for (size_t i = 0; i < c->nreg; i++)
            if ((rc = nb_tl_add_charge(c, c->reg_orgs[i], c->reg_weights[i])) != 0)
                return rc;
        nchg = c->nreg;
    } else {
        for (size_t i = 0; i < a->nrequesters; i++)
            if ((rc = nb_tl_add_charge(
                     c, a->requesters[i].organisation_id,
                     a->kind == NB_ASSIGNMENT_LOKAAL ? 1 : a->requesters[i].share)) != 0)
                return rc;
        nchg = a->nrequesters;
    }
    for (size_t i = 0; i < a->nlines; i++) {
        nb_tl_line *l = nb_vec_push(&c->lines);
        if (l == NULL)
            return NB_ENOMEM;
        l->line.id = a->lines[i].id;
        l->line.assignment_id = a->id;
        l->line.nrequesters = a->nrequesters;
        l->line.competency_id = a->lines[i].competency_id;
        l->line.min_level = a->lines[i].min_level;
        l->line.minutes = a->lines[i].minutes;
        l->req_off = req_off;
        l->chg_off = chg_off;
        l->line.ncharged = nchg;
        l->start_day = sd;
        l->end_day = ed;
        l->prof_off = c->profiles.n;
        l->prof_n = a->lines[i].nprofile;
        if (l->prof_n > 0) {
            if (nb_vec_reserve(&c->profiles, l->prof_n) != 0)
                return NB_ENOMEM;
            memcpy((nb_month_weight *)c->profiles.data + c->profiles.n, a->lines[i].profile,
                   l->prof_n * sizeof(nb_month_weight));
            c->profiles.n += l->prof_n;
        }
    }
    return 0;
}
