/*
 * core/mcf_save.c — a snapshot of the simplex's last optimum and the way
 * back to it (nb_mcf_save, nb_mcf_restore), and a cost raise that keeps a
 * re-solve local (nb_mcf_raise_cost). See mcf.h for the contracts.
 *
 * The snapshot copies what a solve can change in the solver's state: the
 * flow and state of every internal arc, the artificial arcs (slots 0..n-1,
 * which a warm start may rebuild as re-hang or repair arcs), the spanning
 * tree and the potentials, the repair list and a few scalars. The arcs'
 * data (cost, bounds) is not copied: the user arcs' changes after the save
 * are journalled instead (the arc and its values before the change: by the
 * warm start for the arcs the setters logged, by nb_mcf_raise_cost for the
 * ones it keeps out of the log, and by nb_mcf_restore for the changes made
 * since the last solve), and the restore plays the journal backwards. A
 * cold start in between (a new arc order) or arcs the solver took in ends
 * the way back (restore answers 1 and changes nothing); so does a change
 * log that overflowed (the arcs it named are unknown).
 */
#include <stdlib.h>
#include <string.h>

#include "core/mcf_impl.h"

/* GCC 12 -fanalyzer: "leak" of the arrays allocated into the snapshot (and of
 * the journal) is a false positive: they are stored in ns->snap, which
 * nb_mcf_ns_free frees (as the solver's own arrays in mcf_run.c). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif

/* One journalled change: user arc a's data before it. */
typedef struct nb_mcf_jrec {
    int32_t a;
    int64_t cost, lower, cap;
} nb_mcf_jrec;

struct nb_mcf_snap {
    int active;                /* a snapshot is held */
    int broken;                /* the journal missed changes: no way back */
    int64_t gen;               /* ns->cold_gen at the save */
    int32_t n, m;              /* ns->n, ns->m at the save */
    int32_t room;              /* internal arcs the flow and state arrays hold */
    int64_t *flow;             /* [room] flow of every internal arc */
    int8_t *state;             /* [room] */
    nb_mcf_arcrec *art;        /* [n] the artificial arcs */
    int64_t *art_cap, *art_lo; /* [n] */
    int64_t *pi;               /* [n+1] */
    int32_t *tree;             /* [6 (n+1)] parent, pred, thread, rev_thread, succ_num, last_succ */
    int8_t *pred_dir;          /* [n+1] */
    int64_t *sup;              /* [n] */
    int32_t *rep;              /* [rep_room] */
    int32_t rep_n, rep_room;
    nb_i128 ns_total, g_total;
    int total_ok, priced_ok, last_local;
    int32_t next_arc, slot_next;
    nb_mcf_jrec *j; /* the journal */
    int32_t jn, jroom;
};

void nb_mcf_snap_free(nb_mcf_snap *s)
{
    if (s == NULL)
        return;
    free(s->flow);
    free(s->state);
    free(s->art);
    free(s->art_cap);
    free(s->art_lo);
    free(s->pi);
    free(s->tree);
    free(s->pred_dir);
    free(s->sup);
    free(s->rep);
    free(s->j);
    free(s);
}

void nb_mcf_snap_note(nb_mcf_ns *ns, int32_t a)
{
    nb_mcf_snap *s = ns->snap;
    if (s == NULL || !s->active || s->broken)
        return;
    if (s->jn >= s->jroom) {
        int64_t room = s->jroom < 64 ? 64 : (int64_t)s->jroom * 2;
        nb_mcf_jrec *p = room > INT32_MAX ? NULL : realloc(s->j, (size_t)room * sizeof *p);
        if (p == NULL) {
            s->broken = 1;
            return;
        }
        s->j = p;
        s->jroom = (int32_t)room;
    }
    int32_t e = ns->pos[a];
    s->j[s->jn++] = (nb_mcf_jrec){a, ns->arc[e].c, ns->lo[e],
                                  ns->cap[e] == NB_MCF_INF ? NB_MCF_INF : ns->cap[e] + ns->lo[e]};
}

void nb_mcf_snap_break(nb_mcf_ns *ns)
{
    if (ns->snap != NULL)
        ns->snap->broken = 1;
}

/* Makes room in s for a graph of n nodes and arcs internal arcs, and
 * rep_n repair arcs. 0 or NB_ENOMEM (s keeps what it had). */
static int nb_mcf_snap_fit(nb_mcf_snap *s, int32_t n, size_t arcs, int32_t rep_n)
{
    const size_t k = (size_t)n + 1;
    void *p;
    if (s->room < (int64_t)arcs) {
        if ((p = realloc(s->flow, arcs * sizeof *s->flow)) == NULL)
            return NB_ENOMEM;
        s->flow = p;
        if ((p = realloc(s->state, arcs)) == NULL)
            return NB_ENOMEM;
        s->state = p;
        s->room = (int32_t)arcs;
    }
    if (s->pi == NULL) { /* the node arrays: n fixed for the graph's life */
        if (s->art == NULL)
            s->art = malloc(k * sizeof *s->art);
        if (s->art_cap == NULL)
            s->art_cap = malloc(k * sizeof *s->art_cap);
        if (s->art_lo == NULL)
            s->art_lo = malloc(k * sizeof *s->art_lo);
        if (s->tree == NULL)
            s->tree = malloc(6 * k * sizeof *s->tree);
        if (s->pred_dir == NULL)
            s->pred_dir = malloc(k);
        if (s->sup == NULL)
            s->sup = malloc(k * sizeof *s->sup);
        if (!s->art || !s->art_cap || !s->art_lo || !s->tree || !s->pred_dir || !s->sup)
            return NB_ENOMEM; /* kept for the next try, freed with s */
        if ((s->pi = malloc(k * sizeof *s->pi)) == NULL)
            return NB_ENOMEM;
    }
    if (s->rep_room < rep_n) {
        if ((p = realloc(s->rep, (size_t)rep_n * sizeof *s->rep)) == NULL)
            return NB_ENOMEM;
        s->rep = p;
        s->rep_room = rep_n;
    }
    return 0;
}

/* Copies the solver's arrays into s (save != 0) or back (save == 0): every
 * internal arc's flow and state, the artificial arcs, potentials, tree,
 * supplies and the repair list (its length is set by the caller). */
static void nb_mcf_snap_copy(nb_mcf_ns *ns, nb_mcf_snap *s, int save)
{
    const size_t n = (size_t)ns->n, k = n + 1, arcs = n + (size_t)ns->m;
    int32_t *tree[6] = {ns->parent,     ns->pred,     ns->thread,
                        ns->rev_thread, ns->succ_num, ns->last_succ};
    const int32_t rep_n = save ? ns->rep_n : s->rep_n;
    struct {
        void *live, *kept;
        size_t bytes;
    } part[] = {
        {ns->flow, s->flow, arcs * sizeof *s->flow},
        {ns->state, s->state, arcs},
        {ns->arc, s->art, n * sizeof *s->art},
        {ns->cap, s->art_cap, n * sizeof *s->art_cap},
        {ns->lo, s->art_lo, n * sizeof *s->art_lo},
        {ns->pi, s->pi, k * sizeof *s->pi},
        {ns->pred_dir, s->pred_dir, k},
        {ns->sup, s->sup, n * sizeof *s->sup},
        {ns->rep, s->rep, (size_t)rep_n * sizeof *s->rep},
    };
    for (size_t i = 0; i < sizeof part / sizeof part[0]; i++)
        if (part[i].bytes > 0)
            memcpy(save ? part[i].kept : part[i].live, save ? part[i].live : part[i].kept,
                   part[i].bytes);
    for (size_t i = 0; i < 6; i++)
        memcpy(save ? s->tree + i * k : tree[i], save ? tree[i] : s->tree + i * k,
               k * sizeof *s->tree);
}

int nb_mcf_save(nb_mcf_graph *g, nb_err *err)
{
    nb_mcf_ns *ns = g->ns;
    if (!g->solved || g->cs_solved || ns == NULL || !ns->tree_ok)
        return nb_err_set(err, NB_EINVAL, "no simplex optimum to save");
    if (ns->snap == NULL && (ns->snap = calloc(1, sizeof *ns->snap)) == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory for the snapshot");
    nb_mcf_snap *s = ns->snap;
    const int32_t n = ns->n;
    const size_t arcs = (size_t)n + (size_t)ns->m;
    s->active = 0;
    if (nb_mcf_snap_fit(s, n, arcs, ns->rep_n) != 0 || s->flow == NULL || s->state == NULL ||
        s->pi == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory for the snapshot");
    nb_mcf_snap_copy(ns, s, 1);
    s->rep_n = ns->rep_n;
    s->ns_total = ns->total;
    s->g_total = g->total;
    s->total_ok = ns->total_ok;
    s->priced_ok = ns->priced_ok;
    s->last_local = ns->last_local;
    s->next_arc = ns->next_arc;
    s->slot_next = ns->slot_next;
    s->gen = ns->cold_gen;
    s->n = n;
    s->m = ns->m;
    s->jn = 0;
    s->broken = 0;
    s->active = 1;
    return 0;
}

void nb_mcf_save_drop(nb_mcf_graph *g)
{
    if (g->ns != NULL) {
        nb_mcf_snap_free(g->ns->snap);
        g->ns->snap = NULL;
    }
}

int nb_mcf_restore(nb_mcf_graph *g, nb_err *err)
{
    nb_mcf_ns *ns = g->ns;
    nb_mcf_snap *s = ns != NULL ? ns->snap : NULL;
    if (s == NULL || !s->active)
        return nb_err_set(err, NB_EINVAL, "no snapshot to restore");
    /* The way back is open only from the same tree's order and arcs, with
     * every change since the save journalled or still in the log. */
    if (s->broken || g->log_all || ns->cold_gen != s->gen || ns->m != s->m || ns->n != s->n)
        return 1;
    if (ns->rep_room < s->rep_n) {
        int32_t *p = realloc(ns->rep, (size_t)s->rep_n * sizeof *p);
        if (p == NULL)
            return nb_err_set(err, NB_ENOMEM, "out of memory restoring the snapshot");
        ns->rep = p;
        ns->rep_room = s->rep_n;
    }
    /* The changes since the last solve: their earlier values are still the
     * solver's. */
    for (int32_t k = 0; k < g->log_n; k++)
        if (g->log[k] < ns->m)
            nb_mcf_snap_note(ns, g->log[k]);
    if (s->broken)
        return nb_err_set(err, NB_ENOMEM, "out of memory for the snapshot's journal");

    /* The data back, latest change first (each record holds the values
     * before its change, so the earliest record of an arc wins). */
    const int32_t n = ns->n;
    for (int32_t k = s->jn - 1; k >= 0; k--) {
        const nb_mcf_jrec *j = &s->j[k];
        int32_t e = ns->pos[j->a];
        int rc;
        if ((rc = nb_mcf_set_cost(g, j->a, j->cost, err)) != 0 ||
            (rc = nb_mcf_set_bounds(g, j->a, j->lower, j->cap, err)) != 0)
            return rc; /* values it held before: cannot fail */
        ns->arc[e].c = j->cost;
        ns->lo[e] = j->lower;
        ns->cap[e] = j->cap == NB_MCF_INF ? NB_MCF_INF : j->cap - j->lower;
    }
    for (int32_t v = 0; v < n; v++)
        if (g->supply[v] != s->sup[v]) {
            int rc = nb_mcf_set_supply(g, v, s->sup[v], err);
            if (rc != 0)
                return rc;
        }
    s->jn = 0;
    g->log_n = 0;
    g->log_all = 0;

    /* The solver's state back. */
    nb_mcf_snap_copy(ns, s, 0);
    ns->rep_n = s->rep_n;
    for (int32_t c = 0; c < ns->cand_n; c++)
        ns->in_cand[ns->cand[c]] = 0;
    ns->cand_n = 0;
    ns->total = s->ns_total;
    ns->total_ok = s->total_ok;
    ns->priced_ok = s->priced_ok;
    ns->last_local = s->last_local;
    ns->next_arc = s->next_arc;
    ns->slot_next = s->slot_next;
    ns->local = 0;
    ns->prepared = 0;
    ns->tree_ok = 1;
    g->cs_solved = 0;
    g->total = s->g_total;
    /* Arcs added since (not yet in the solver) are not priced: a solve. */
    g->solved = g->m == ns->m;
    return 0;
}

int nb_mcf_raise_cost(nb_mcf_graph *g, int32_t arc, int64_t cost, nb_err *err)
{
    nb_mcf_ns *ns = g->ns;
    if (arc < 0 || arc >= g->m || cost > NB_MCF_COST_MAX || cost < -NB_MCF_COST_MAX || ns == NULL ||
        !ns->tree_ok || g->cs_solved || arc >= ns->m)
        return nb_mcf_set_cost(g, arc, cost, err); /* also its refusals */
    int32_t e = ns->pos[arc];
    const nb_mcf_arcrec *r = &ns->arc[e];
    /* At its lower bound with a reduced cost >= 0 after the change: it
     * prices right as it is (a later shift of a potential at one of its
     * ends looks at it again, as for any arc). */
    if (ns->state[e] != NB_MCF_LOWER || cost + ns->pi[r->s] - ns->pi[r->t] < 0)
        return nb_mcf_set_cost(g, arc, cost, err);
    int64_t old = ns->arc[e].c;
    int32_t log_n = g->log_n;
    int log_all = g->log_all;
    int rc = nb_mcf_set_cost(g, arc, cost, err);
    if (rc != 0)
        return rc;
    /* Out of the log again (it was appended last, or the log overflowed
     * just now: then it stays full and the warm start visits every arc). */
    if (!log_all && g->log_all == 0 && g->log_n == log_n + 1) {
        g->log_n = log_n;
        nb_mcf_snap_note(ns, arc);
        ns->arc[e].c = cost;
        ns->total += (nb_i128)ns->lo[e] * ((nb_i128)cost - old);
    }
    return 0;
}
