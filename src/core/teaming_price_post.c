/*
 * core/teaming_price_post.c — the solve loop's side of pricing (column
 * generation, teaming_price.c): the post-processing's bookkeeping per match
 * and per line, grown as pricing adds matches to the restricted model; the
 * solver runs that price every optimum until it is the full model's; and the
 * closing of lines to newcomers, which completes a closed line with every
 * holder left out. Used by nb_team_solve (teaming_post.c); contracts in
 * teaming_impl.h. Memory: the work's arrays belong to the caller's nb_tm_work
 * (nb_tm_work_free); the matches added belong to the model.
 */
#include "core/teaming_impl.h"

#include <stdlib.h>

void nb_tm_work_free(nb_tm_work *w)
{
    free(w->bl.start);
    free(w->bl.order);
    free(w->verdict);
    free(w->used);
    free(w->pl);
    free(w->lp);
    free(w->flow);
    free(w->fk);
    free(w->closing);
}

/* The match whose arcs hold arc a, or -1 (an arc of no match). */
static long nb_tm_match_of_arc(const nb_team_model *m, int32_t a)
{
    size_t lo = 0, hi = m->nmatches;
    while (lo < hi) { /* the last match whose first arc is <= a */
        size_t mid = lo + (hi - lo) / 2;
        if (m->matches[mid].arc <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return -1;
    const nb_tm_match *x = &m->matches[lo - 1];
    return a < x->arc + x->narcs ? (long)lo - 1 : -1;
}

int nb_tm_flows_read(const nb_team_model *m, nb_tm_work *w, nb_err *err)
{
    int32_t *arcs = NULL, n = 0;
    int64_t *flows = NULL;
    int rc = nb_mcf_nonzero_flows(m->g, &arcs, &flows, &n);
    if (rc != 0) {
        rc = nb_err_set(err, rc, rc == NB_ENOMEM ? "geen geheugen" : "geen oplossing");
        goto cleanup;
    }
    if (m->nmatches > w->nflow || w->flow == NULL) {
        int64_t *f = realloc(w->flow, (m->nmatches ? m->nmatches : 1) * sizeof *f);
        if (f == NULL) {
            rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
            goto cleanup;
        }
        for (size_t k = w->nflow; k < m->nmatches; k++)
            f[k] = 0;
        w->flow = f;
        w->nflow = m->nmatches;
    }
    for (size_t i = 0; i < w->nfk; i++)
        w->flow[w->fk[i]] = 0;
    w->nfk = 0;
    free(w->fk);
    if ((w->fk = malloc((n > 0 ? (size_t)n : 1) * sizeof *w->fk)) == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
        goto cleanup;
    }
    for (int32_t i = 0; i < n; i++) {
        long k = nb_tm_match_of_arc(m, arcs[i]);
        if (k < 0)
            continue;
        if (w->flow[k] == 0)
            w->fk[w->nfk++] = (uint32_t)k;
        w->flow[k] += flows[i];
    }
cleanup:
    free(arcs);
    free(flows);
    return rc;
}

int nb_tm_work_fit(const nb_team_model *m, nb_tm_work *w, int8_t fill)
{
    free(w->bl.start);
    free(w->bl.order);
    if (nb_tm_bylines_make(m, &w->bl) != 0)
        return NB_ENOMEM;
    if (m->nmatches > w->nverdict || w->verdict == NULL) {
        int8_t *v = realloc(w->verdict, m->nmatches ? m->nmatches : 1);
        if (v == NULL)
            return NB_ENOMEM;
        for (size_t k = w->nverdict; k < m->nmatches; k++)
            v[k] = fill;
        w->verdict = v;
        w->nverdict = m->nmatches;
    }
    /* nb_tm_violations sorts one line's matches at a time: room for the largest line */
    size_t most = 1;
    for (size_t li = 0; li < m->nlines; li++)
        if (w->bl.start[li + 1] - w->bl.start[li] > most)
            most = w->bl.start[li + 1] - w->bl.start[li];
    if (most > w->nused || w->used == NULL) {
        free(w->used);
        if ((w->used = calloc(most, sizeof *w->used)) == NULL)
            return NB_ENOMEM;
        w->nused = most;
    }
    if (w->pl == NULL && (w->pl = calloc(m->npeople ? m->npeople : 1, sizeof *w->pl)) == NULL)
        return NB_ENOMEM;
    if (w->lp == NULL && (w->lp = calloc(m->line_room ? m->line_room : 1, sizeof *w->lp)) == NULL)
        return NB_ENOMEM;
    if (w->closing == NULL &&
        (w->closing = calloc(m->line_room ? m->line_room : 1, sizeof *w->closing)) == NULL)
        return NB_ENOMEM;
    return 0;
}

/* Runs the solver once and accumulates its statistics. */
static int nb_tm_run_once(nb_team_model *m, nb_team_result *r, nb_mcf_result *res, nb_err *err)
{
    int rc = nb_mcf_solve(m->g, res, err);
    r->solves++;
    r->pivots += res->pivots;
    r->warm_solves += res->warm ? 1 : 0;
    if (rc == NB_EINFEASIBLE || rc == NB_EUNBOUNDED)
        /* The slack and idle arcs make every instance feasible and all
         * capacities are finite: this is a bug, not a data problem. */
        return nb_err_set(err, NB_EINVAL, "het teammodel is onverwacht onoplosbaar: %s",
                          err ? err->msg : "");
    if (rc == 0 && !res->cost_fits)
        return nb_err_set(err, NB_ELIMIT, "de kosten passen niet in 64 bits");
    return rc;
}

int nb_tm_run(nb_team_model *m, nb_team_result *r, nb_mcf_result *res, nb_tm_work *w, nb_err *err)
{
    int rc;
    size_t added = 0, total = 0;
    while ((rc = nb_tm_run_once(m, r, res, err)) == 0 && m->cfg.pricing_k > 0) {
        if ((rc = nb_tm_price(m, NULL, 0, &added, err)) != 0)
            return rc;
        if (added == 0)
            break;
        total += added;
        r->priced_matches += (int64_t)added;
    }
    if (rc == 0 && total > 0 && nb_tm_work_fit(m, w, NB_TM_ALLOWED) != 0)
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    return rc;
}

int nb_tm_close_lines(nb_team_model *m, nb_tm_work *w, size_t *completed, nb_err *err)
{
    int rc;
    size_t nclosing = 0;
    *completed = 0;
    for (size_t li = 0; li < m->nlines && m->cfg.pricing_k > 0; li++)
        nclosing += w->closing[li];
    if (nclosing > 0 && (rc = nb_tm_price(m, w->closing, 1, completed, err)) != 0)
        return rc;
    if (*completed > 0 && nb_tm_work_fit(m, w, NB_TM_SLIVER) != 0)
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    return 0;
}
