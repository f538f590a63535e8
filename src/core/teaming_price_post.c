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
    free(w->fl);
    free(w->fl_start);
    free(w->bad);
    free(w->closing);
}

int nb_tm_list_add(uint32_t **v, size_t *n, size_t *room, size_t k)
{
    if (*n == *room || *v == NULL) {
        size_t r = *room ? 2 * *room : 1024;
        uint32_t *p = realloc(*v, r * sizeof *p);
        if (p == NULL)
            return NB_ENOMEM;
        *v = p;
        *room = r;
    }
    (*v)[(*n)++] = (uint32_t)k;
    return 0;
}

int nb_tm_cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Groups w->fk (ascending) by line into w->fl / w->fl_start (a counting
 * sort: stable, so each line's stay ascending). 0 or NB_ENOMEM. */
static int nb_tm_flows_by_line(const nb_team_model *m, nb_tm_work *w)
{
    if (m->nlines + 1 > w->nfl_start || w->fl_start == NULL) {
        size_t *s = realloc(w->fl_start, (m->nlines + 1) * sizeof *s);
        if (s == NULL)
            return NB_ENOMEM;
        w->fl_start = s;
        w->nfl_start = m->nlines + 1;
    }
    free(w->fl);
    if ((w->fl = malloc((w->nfk > 0 ? w->nfk : 1) * sizeof *w->fl)) == NULL)
        return NB_ENOMEM;
    size_t *start = w->fl_start;
    for (size_t li = 0; li <= m->nlines; li++)
        start[li] = 0;
    for (size_t i = 0; i < w->nfk; i++)
        start[m->matches[w->fk[i]].line]++;
    size_t at = 0;
    for (size_t li = 0; li <= m->nlines; li++) { /* start[li] = first slot of line li */
        size_t c = start[li];
        start[li] = at;
        at += c;
    }
    for (size_t i = 0; i < w->nfk; i++) /* start[li] moves to line li's end = li + 1's start */
        w->fl[start[m->matches[w->fk[i]].line]++] = w->fk[i];
    for (size_t li = m->nlines; li > 0; li--)
        start[li] = start[li - 1];
    start[0] = 0;
    return 0;
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
    qsort(w->fk, w->nfk, sizeof *w->fk, nb_tm_cmp_u32);
    if (nb_tm_flows_by_line(m, w) != 0)
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
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
        w->verdict = v;
        for (size_t k = w->nverdict; k < m->nmatches; k++) {
            v[k] = fill;
            if (fill != NB_TM_ALLOWED && nb_tm_list_add(&w->bad, &w->nbad, &w->bad_room, k) != 0)
                return NB_ENOMEM;
        }
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
