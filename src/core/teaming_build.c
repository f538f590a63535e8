/*
 * core/teaming_build.c — the teaming model: configuration, building the flow
 * network from the input, and changing one line in place for a warm re-solve.
 *
 * See core/teaming.h for the model and teaming_impl.h for the node layout.
 * The file in four parts, each under its banner (a line's helpers — copy,
 * check, costs, connect — are in teaming_lines.c):
 *   Configuration      defaults and range checks of nb_team_config;
 *   Building           nb_team_model_build: people, lines, their month nodes
 *                      (person-month and line-month when month buckets are on),
 *                      the convex supply segments and the match arcs;
 *   Changing one line  nb_team_model_set_line / _remove_line for the warm
 *                      re-solve (refused for a model with months: rebuild),
 *                      and one person's availability (_set_available, the
 *                      what-if of core/whatif.h);
 *   Accessors          what teaming_post.c and teaming_reasons.c read back.
 * Memory: the model owns every array it allocates (nb_team_model_free).
 */
#include "core/teaming_impl.h"
#include "util/nlnum.h"
#include "util/sorted.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Configuration                                                             */
/* ------------------------------------------------------------------------ */

void nb_team_config_default(nb_team_config *c)
{
    memset(c, 0, sizeof *c);
    c->overqual_cost = 4;
    c->wish_bonus = 3;
    c->continuity_bonus = 5;
    c->home_cost = 0;
    c->fairness_weight = 1;
    c->fairness_unit_minutes = 6000;
    c->fairness_max = 5;
    c->seg_pct[0] = 60;
    c->seg_pct[1] = 25;
    c->seg_pct[2] = 15;
    c->seg_cost[0] = 0;
    c->seg_cost[1] = 3;
    c->seg_cost[2] = 8;
    c->load_cap_pct = 80;
    c->unmet_cost = 1000;
    c->min_alloc_minutes = 240;
    c->max_team_size = 5;
    c->max_rounds = 10;
    c->spare_lines = 16;
    c->month_buckets = 0;
    c->pricing_k = 0;
}

static int nb_tm_range(nb_err *err, const char *name, int64_t v, int64_t lo, int64_t hi)
{
    if (v < lo || v > hi)
        return nb_err_set(err, NB_EINVAL, "%s moet tussen %lld en %lld liggen (is %lld)", name,
                          (long long)lo, (long long)hi, (long long)v);
    return 0;
}

int nb_team_config_check(const nb_team_config *c, nb_err *err)
{
    int rc;
#define NB_TM_RANGE(f, lo, hi)                              \
    if ((rc = nb_tm_range(err, #f, c->f, (lo), (hi))) != 0) \
    return rc
    NB_TM_RANGE(overqual_cost, 0, 1000);
    NB_TM_RANGE(wish_bonus, 0, 1000);
    NB_TM_RANGE(continuity_bonus, 0, 1000);
    NB_TM_RANGE(home_cost, -1000, 1000);
    NB_TM_RANGE(fairness_weight, 0, 1000);
    NB_TM_RANGE(fairness_unit_minutes, 1, 1000000000);
    NB_TM_RANGE(fairness_max, 0, 1000);
    NB_TM_RANGE(seg_pct[0], 0, 100);
    NB_TM_RANGE(seg_pct[1], 0, 100);
    NB_TM_RANGE(seg_pct[2], 0, 100);
    NB_TM_RANGE(seg_cost[0], 0, 1000);
    NB_TM_RANGE(seg_cost[1], 0, 1000);
    NB_TM_RANGE(seg_cost[2], 0, 1000);
    NB_TM_RANGE(load_cap_pct, 1, 100);
    NB_TM_RANGE(unmet_cost, 1, 1000000);
    NB_TM_RANGE(min_alloc_minutes, 0, 1000000);
    NB_TM_RANGE(max_team_size, 0, 1000);
    NB_TM_RANGE(max_rounds, 0, 100);
    NB_TM_RANGE(spare_lines, 0, 100000);
    NB_TM_RANGE(month_buckets, 0, 1);
    NB_TM_RANGE(pricing_k, 0, 1000000);
#undef NB_TM_RANGE
    if (c->seg_pct[0] + c->seg_pct[1] + c->seg_pct[2] != 100)
        return nb_err_set(err, NB_EINVAL, "de drie belastingsschijven moeten samen 100%% zijn");
    if (c->seg_cost[0] > c->seg_cost[1] || c->seg_cost[1] > c->seg_cost[2])
        return nb_err_set(err, NB_EINVAL,
                          "de kosten van de belastingsschijven mogen niet dalen (convex)");
    int64_t worst = 4 * c->overqual_cost + (c->home_cost > 0 ? c->home_cost : 0) + c->fairness_max +
                    c->seg_cost[2];
    if (c->unmet_cost <= worst)
        return nb_err_set(err, NB_EINVAL,
                          "unmet_cost (%lld) moet hoger zijn dan de duurste inzet (%lld), anders "
                          "laat het model werk liever liggen",
                          (long long)c->unmet_cost, (long long)worst);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Building                                                                  */
/* ------------------------------------------------------------------------ */

static int32_t nb_tm_org_index(const nb_team_model *m, int64_t org)
{
    size_t lo = 0, hi = m->norgs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->orgs[mid].id < org)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->norgs && m->orgs[lo].id == org ? (int32_t)lo : -1;
}

void nb_tm_org_name(const nb_team_model *m, int64_t org, char *buf, size_t size)
{
    int32_t i = nb_tm_org_index(m, org);
    if (i >= 0 && m->orgs[i].name != NULL && m->orgs[i].name[0] != '\0')
        snprintf(buf, size, "%s", m->orgs[i].name);
    else
        snprintf(buf, size, "organisatie %lld", (long long)org);
}

static int nb_tm_cmp_org(const void *a, const void *b)
{
    const nb_tm_org *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

/* Copies the organisations (sorted by id; a repeated id keeps its last entry). */
static int nb_tm_orgs_copy(nb_team_model *m, const nb_team_input *in, nb_err *err)
{
    m->orgs = calloc(in->norgs ? in->norgs : 1, sizeof *m->orgs);
    if (m->orgs == NULL)
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    for (size_t k = 0; k < in->norgs; k++) {
        nb_tm_org *o = &m->orgs[m->norgs];
        int32_t old = -1;
        for (size_t j = 0; j < m->norgs && old < 0; j++)
            if (m->orgs[j].id == in->orgs[k].organisation_id)
                old = (int32_t)j;
        if (old >= 0)
            o = &m->orgs[old];
        else
            m->norgs++;
        o->id = in->orgs[k].organisation_id;
        o->balance = in->orgs[k].balance_minutes;
        free(o->name);
        o->name = NULL;
        if (in->orgs[k].name != NULL && (o->name = strdup(in->orgs[k].name)) == NULL)
            return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    }
    qsort(m->orgs, m->norgs, sizeof *m->orgs, nb_tm_cmp_org);
    return 0;
}

static int nb_tm_person_copy(nb_team_model *m, size_t i, const nb_team_person *src, nb_err *err)
{
    nb_tm_person *p = &m->people[i];
    const nb_team_config *c = &m->cfg;
    if (src->available_minutes < 0 || src->available_minutes > NB_MCF_VALUE_MAX / 4)
        return nb_err_set(err, NB_EINVAL, "medewerker %lld: ongeldige beschikbaarheid",
                          (long long)src->id);
    if ((src->nskills > 0 && src->skills == NULL) || (src->nwishes > 0 && src->wishes == NULL) ||
        (src->nassignments > 0 && src->assignments == NULL))
        return nb_err_set(err, NB_EINVAL, "medewerker %lld: lijst ontbreekt", (long long)src->id);
    p->id = src->id;
    p->org = src->organisation_id;
    p->available = src->available_minutes;
    p->month_node0 = -1;
    p->month_lo = 0;
    if (m->nmonths > 1) {
        p->month_avail = calloc(m->nmonths, sizeof *p->month_avail);
        p->month_cap = calloc(m->nmonths, sizeof *p->month_cap);
        if (p->month_avail == NULL || p->month_cap == NULL)
            return nb_err_set(err, NB_ENOMEM, "geen geheugen");
        if (src->month_available != NULL) {
            p->available = 0;
            for (size_t t = 0; t < m->nmonths; t++) {
                if (src->month_available[t] < 0 ||
                    src->month_available[t] > NB_MCF_VALUE_MAX / 4 / (int64_t)m->nmonths)
                    return nb_err_set(err, NB_EINVAL,
                                      "medewerker %lld: ongeldige beschikbaarheid in maand %zu",
                                      (long long)src->id, t);
                p->month_avail[t] = src->month_available[t];
                p->available += src->month_available[t];
            }
        }
    }
    p->capacity = p->available * c->load_cap_pct / 100;
    for (size_t t = 0; t < m->nmonths && p->month_cap != NULL; t++) {
        if (src->month_available == NULL)
            p->month_avail[t] = p->available;
        p->month_cap[t] =
            src->month_available != NULL ? p->month_avail[t] * c->load_cap_pct / 100 : p->capacity;
    }
    p->orgi = nb_tm_org_index(m, p->org);
    p->balance = p->orgi >= 0 ? m->orgs[p->orgi].balance : 0;
    __extension__ __int128 f = (__int128)p->balance * c->fairness_weight / c->fairness_unit_minutes;
    p->fairness = f > c->fairness_max    ? c->fairness_max
                  : f < -c->fairness_max ? -c->fairness_max
                                         : (int64_t)f;
    /* Segment k covers [b(k-1), b(k)) of the available minutes, cut at the capacity. */
    int64_t prev = 0, pct = 0;
    for (int k = 0; k < 3; k++) {
        pct += c->seg_pct[k];
        int64_t b = p->available * pct / 100;
        int64_t hi = b < p->capacity ? b : p->capacity;
        p->seg_cap[k] = hi > prev ? hi - prev : 0;
        if (hi > prev)
            prev = hi;
    }
    if (src->nskills > 0) {
        p->skills = malloc(src->nskills * sizeof *p->skills);
        if (p->skills == NULL)
            return nb_err_set(err, NB_ENOMEM, "geen geheugen");
        memcpy(p->skills, src->skills, src->nskills * sizeof *p->skills);
        qsort(p->skills, src->nskills, sizeof *p->skills, nb_tm_cmp_skill);
        p->nskills = src->nskills;
    }
    if (nb_tm_copy_sorted(src->wishes, src->nwishes, &p->wishes) != 0 ||
        nb_tm_copy_sorted(src->assignments, src->nassignments, &p->assignments) != 0)
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    p->nwishes = src->nwishes;
    p->nassignments = src->nassignments;
    return 0;
}

typedef struct nb_tm_demand {
    int64_t competency_id;
    int64_t min_level;
    int32_t mfirst, mlast;
} nb_tm_demand;

static int nb_tm_cmp_demand(const void *a, const void *b)
{
    const nb_tm_demand *x = a, *y = b;
    if (x->competency_id != y->competency_id)
        return (x->competency_id > y->competency_id) - (x->competency_id < y->competency_id);
    return (x->min_level > y->min_level) - (x->min_level < y->min_level);
}

static int nb_tm_cmp_demand_comp(const void *a, const void *b)
{
    const nb_tm_demand *x = a, *y = b;
    return (x->competency_id > y->competency_id) - (x->competency_id < y->competency_id);
}

/* The months a competency's lines span, per level of a holder. */
typedef struct nb_tm_span {
    int64_t competency_id;
    int32_t lo[6], hi[6]; /* [level]: months of the lines with min_level <= level; lo > hi: none */
} nb_tm_span;

/* With months: for every person who holds some line's competency at its level,
 * the months [lo[i], hi[i]] that the lines they can take span (person-month
 * nodes are made for these months only: a month no such line touches would
 * be a dead node); lo[i] = -1 for the others. Returns how many person-months
 * that makes. */
static size_t nb_tm_people_months(const nb_team_input *in, int32_t *lo, int32_t *hi)
{
    size_t nd = 0, count = 0, ns = 0;
    nb_tm_demand *d = malloc((in->nlines ? in->nlines : 1) * sizeof *d);
    nb_tm_span *sp = malloc((in->nlines ? in->nlines : 1) * sizeof *sp);
    if (d == NULL || sp == NULL) { /* no index: everybody, every month (only more nodes) */
        free(d);
        free(sp);
        for (size_t i = 0; i < in->npeople; i++) {
            lo[i] = 0;
            hi[i] = (int32_t)in->nmonths - 1;
        }
        return in->npeople * in->nmonths;
    }
    for (size_t j = 0; j < in->nlines; j++)
        d[nd++] = (nb_tm_demand){in->lines[j].competency_id, in->lines[j].min_level,
                                 in->lines[j].month_first, in->lines[j].month_last};
    qsort(d, nd, sizeof *d, nb_tm_cmp_demand);
    for (size_t j = 0; j < nd;) {
        nb_tm_span *s = &sp[ns++];
        s->competency_id = d[j].competency_id;
        int32_t a = INT32_MAX, b = -1;
        size_t k = j;
        for (int level = 0; level <= 5; level++) {
            for (; k < nd && d[k].competency_id == s->competency_id && d[k].min_level <= level;
                 k++) {
                a = d[k].mfirst < a ? d[k].mfirst : a;
                b = d[k].mlast > b ? d[k].mlast : b;
            }
            s->lo[level] = a;
            s->hi[level] = b;
        }
        while (k < nd && d[k].competency_id == s->competency_id)
            k++;
        j = k;
    }
    for (size_t i = 0; i < in->npeople; i++) {
        const nb_team_person *p = &in->people[i];
        int32_t a = INT32_MAX, b = -1;
        for (size_t k = 0; k < p->nskills; k++) {
            nb_tm_demand key = {.competency_id = p->skills[k].competency_id};
            const nb_tm_span *hit = bsearch(&key, sp, ns, sizeof *sp, nb_tm_cmp_demand_comp);
            int64_t level = p->skills[k].level;
            if (hit == NULL || level < 1)
                continue;
            level = level > 5 ? 5 : level;
            a = hit->lo[level] < a ? hit->lo[level] : a;
            b = hit->hi[level] > b ? hit->hi[level] : b;
        }
        lo[i] = a <= b ? a : -1;
        hi[i] = a <= b ? b : -1;
        count += a <= b ? (size_t)(b - a) + 1 : 0;
    }
    free(d);
    free(sp);
    return count;
}

/* A line id and its index, for nb_tm_first_repeat. */
typedef struct nb_tm_idx {
    int64_t id;
    size_t at;
} nb_tm_idx;

static int nb_tm_cmp_idx(const void *a, const void *b)
{
    const nb_tm_idx *x = a, *y = b;
    if (x->id != y->id)
        return (x->id > y->id) - (x->id < y->id);
    return (x->at > y->at) - (x->at < y->at);
}

/* The first index j of lines[0..n) whose id an earlier line has, into *first
 * (n when none). 0 or NB_ENOMEM. */
static int nb_tm_first_repeat(const nb_team_line *lines, size_t n, size_t *first)
{
    *first = n;
    if (n < 2)
        return 0;
    nb_tm_idx *v = malloc(n * sizeof *v);
    if (v == NULL)
        return NB_ENOMEM;
    for (size_t j = 0; j < n; j++)
        v[j] = (nb_tm_idx){lines[j].id, j};
    qsort(v, n, sizeof *v, nb_tm_cmp_idx);
    /* in a run of one id the second index is the first line to repeat it */
    for (size_t j = 1; j < n; j++)
        if (v[j].id == v[j - 1].id && (j < 2 || v[j - 2].id != v[j].id) && v[j].at < *first)
            *first = v[j].at;
    free(v);
    return 0;
}

int nb_team_model_build(const nb_team_input *in, nb_team_progress_fn progress, void *pctx,
                        nb_team_model **out, nb_err *err)
{
    int rc;
    nb_team_model *m = NULL;
    int32_t *mlo = NULL, *mhi = NULL; /* with months: each person's months, -1 when none */
    *out = NULL;
    if ((rc = nb_team_config_check(&in->config, err)) != 0)
        return rc;
    if ((in->npeople > 0 && in->people == NULL) || (in->nlines > 0 && in->lines == NULL) ||
        (in->norgs > 0 && in->orgs == NULL))
        return nb_err_set(err, NB_EINVAL, "invoer ontbreekt");
    if (in->npeople > 5000000 || in->nlines > 5000000)
        return nb_err_set(err, NB_EINVAL, "te veel medewerkers of regels");
    for (size_t i = 0; i < in->nlines; i++)
        if ((rc = nb_tm_line_valid(&in->lines[i], in->nmonths, err)) != 0)
            return rc;

    if (in->nmonths > 240)
        return nb_err_set(err, NB_EINVAL, "te veel maanden (%zu, hoogstens 240)", in->nmonths);
    m = calloc(1, sizeof *m);
    if (m == NULL)
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    m->cfg = in->config;
    m->nmonths = in->nmonths > 1 ? in->nmonths : 1;
    m->npeople = in->npeople;
    m->line_room = in->nlines + (size_t)in->config.spare_lines;
    m->people = calloc(in->npeople ? in->npeople : 1, sizeof *m->people);
    m->lines = calloc(m->line_room ? m->line_room : 1, sizeof *m->lines);
    if (m->people == NULL || m->lines == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
        goto cleanup;
    }
    size_t nnodes = NB_TEAM_NODE_FIRST + in->npeople + m->line_room;
    size_t arc_hint = 2 + 3 * in->npeople + in->nlines * 8;
    size_t line_month_nodes = 0;
    if (m->nmonths > 1) {
        for (size_t j = 0; j < in->nlines; j++)
            line_month_nodes += (size_t)(in->lines[j].month_last - in->lines[j].month_first) + 1;
        mlo = malloc((in->npeople ? in->npeople : 1) * sizeof *mlo);
        mhi = malloc((in->npeople ? in->npeople : 1) * sizeof *mhi);
        if (mlo == NULL || mhi == NULL) {
            rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
            goto cleanup;
        }
        size_t npm = nb_tm_people_months(in, mlo, mhi);
        nnodes += line_month_nodes + npm;
        arc_hint += npm + line_month_nodes * 8;
    }
    if (nnodes > INT32_MAX / 2) {
        rc = nb_err_set(err, NB_EINVAL, "het netwerk wordt te groot (%zu knopen)", nnodes);
        goto cleanup;
    }
    m->g = nb_mcf_graph_new((int32_t)nnodes, (int32_t)(arc_hint < INT32_MAX ? arc_hint : 0));
    if (m->g == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen voor het netwerk");
        goto cleanup;
    }

    if ((rc = nb_tm_orgs_copy(m, in, err)) != 0)
        goto cleanup;

    /* People: copies, segment arcs S -> hub, and the competency index. */
    size_t nh = 0;
    for (size_t i = 0; i < in->npeople; i++)
        nh += in->people[i].nskills;
    m->holders = malloc((nh ? nh : 1) * sizeof *m->holders);
    if (m->holders == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
        goto cleanup;
    }
    for (size_t i = 0; i < in->npeople; i++) {
        if ((rc = nb_tm_person_copy(m, i, &in->people[i], err)) != 0)
            goto cleanup;
        nb_tm_person *p = &m->people[i];
        for (int k = 0; k < 3; k++) {
            p->seg_arc[k] = nb_mcf_add_arc(m->g, NB_TEAM_NODE_S, NB_TEAM_NODE_FIRST + (int32_t)i, 0,
                                           p->seg_cap[k], m->cfg.seg_cost[k], err);
            if (p->seg_arc[k] < 0) {
                rc = p->seg_arc[k];
                goto cleanup;
            }
        }
        m->supply_s += p->capacity;
        for (size_t k = 0; k < p->nskills; k++) {
            if (p->skills[k].level < 1 || p->skills[k].level > 5) {
                rc = nb_err_set(err, NB_EINVAL, "medewerker %lld: niveau moet 1-5 zijn",
                                (long long)p->id);
                goto cleanup;
            }
            m->holders[m->nholders++] = (nb_tm_holder){
                p->skills[k].competency_id, p->skills[k].level, (int32_t)i,
                nb_sorted_has_i64(p->wishes, p->nwishes, p->skills[k].competency_id)};
        }
        if (progress != NULL && (i % 1000 == 999 || i + 1 == in->npeople))
            progress(pctx, "opbouwen", (int64_t)i + 1, (int64_t)in->npeople);
    }
    qsort(m->holders, m->nholders, sizeof *m->holders, nb_tm_cmp_holder);

    /* With months (mlo and mhi were made above exactly then): line-month nodes, then
     * person-month nodes and hub -> person-month arcs. */
    if (m->nmonths > 1 && mlo != NULL && mhi != NULL) {
        int32_t next = (int32_t)(NB_TEAM_NODE_FIRST + in->npeople + m->line_room);
        for (size_t j = 0; j < in->nlines; j++) {
            m->lines[j].mnode0 = next;
            next += in->lines[j].month_last - in->lines[j].month_first + 1;
        }
        for (size_t i = 0; i < in->npeople; i++) {
            nb_tm_person *p = &m->people[i];
            if (mlo[i] < 0 || p->capacity <= 0)
                continue;
            p->month_node0 = next;
            p->month_lo = mlo[i];
            next += mhi[i] - mlo[i] + 1;
            for (int32_t t = mlo[i]; t <= mhi[i]; t++) {
                int32_t a = nb_mcf_add_arc(m->g, NB_TEAM_NODE_FIRST + (int32_t)i,
                                           p->month_node0 + t - mlo[i], 0, p->month_cap[t], 0, err);
                if (a < 0) {
                    rc = a;
                    goto cleanup;
                }
            }
        }
    }

    /* Idle and unused-slack arcs, supplies of S and X. The third arc carries
     * nothing (capacity 0); its cost makes the solver's big-M (computed from
     * the largest arc cost at the first solve) large enough for matches that
     * the post-processing later prices at forbid_cost, so those re-solves can
     * warm-start. */
    m->forbid_cost = m->cfg.unmet_cost + 1;
    if ((rc = nb_mcf_add_arc(m->g, NB_TEAM_NODE_S, NB_TEAM_NODE_X, 0, NB_MCF_INF, 0, err)) < 0 ||
        (rc = nb_mcf_add_arc(m->g, NB_TEAM_NODE_U, NB_TEAM_NODE_X, 0, NB_MCF_INF, 0, err)) < 0 ||
        (rc = nb_mcf_add_arc(m->g, NB_TEAM_NODE_S, NB_TEAM_NODE_X, 0, 0, m->forbid_cost, err)) < 0)
        goto cleanup;
    if ((rc = nb_mcf_set_supply(m->g, NB_TEAM_NODE_S, m->supply_s, err)) != 0 ||
        (rc = nb_mcf_set_supply(m->g, NB_TEAM_NODE_X, -m->supply_s, err)) != 0)
        goto cleanup;

    /* Lines, their slack arcs and the match arcs. A repeated line id is refused where
     * the loop meets it (the first line whose id an earlier one has: nb_tm_first_repeat,
     * sorted, not every line compared with every earlier one). */
    for (size_t j = 0; j < m->line_room; j++)
        m->lines[j].node = (int32_t)(NB_TEAM_NODE_FIRST + in->npeople + j);
    size_t repeat = in->nlines;
    if ((rc = nb_tm_first_repeat(in->lines, in->nlines, &repeat)) != 0) {
        rc = nb_err_set(err, rc, "geen geheugen");
        goto cleanup;
    }
    /* Room for exactly the arcs and matches to come (nb_tm_line_connect: a slack arc
     * per line-month, a match per holder at the line's level with capacity, an arc
     * per month of the line), so that the millions of match arcs of a national
     * proposal are not copied at every doubling of the arrays. */
    size_t more_arcs = 0, more_matches = 0;
    for (size_t j = 0; j < in->nlines; j++) {
        const nb_team_line *l = &in->lines[j];
        size_t narcs = m->nmonths > 1 ? (size_t)(l->month_last - l->month_first) + 1 : 1;
        size_t first, end;
        more_arcs += narcs;
        nb_tm_holder_range(m, l->competency_id, &first, &end);
        size_t line_matches = 0;
        for (size_t h = first; h < end && m->holders[h].level >= l->min_level; h++) {
            const nb_tm_person *p = &m->people[m->holders[h].person];
            if (p->capacity <= 0 || (m->nmonths > 1 && p->month_node0 < 0))
                continue;
            line_matches++;
        }
        /* with pricing about the k cheapest (more by doubling when pricing adds) */
        if (m->cfg.pricing_k > 0 && line_matches > (size_t)m->cfg.pricing_k)
            line_matches = (size_t)m->cfg.pricing_k;
        more_matches += line_matches;
        more_arcs += line_matches * narcs;
    }
    if ((size_t)nb_mcf_arc_count(m->g) + more_arcs < INT32_MAX &&
        nb_mcf_reserve(m->g, nb_mcf_arc_count(m->g) + (int32_t)more_arcs) != 0) {
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen voor het netwerk");
        goto cleanup;
    }
    if (more_matches > 0) {
        m->matches = malloc(more_matches * sizeof *m->matches);
        if (m->matches == NULL) {
            rc = nb_err_set(err, NB_ENOMEM, "geen geheugen voor de koppelingen");
            goto cleanup;
        }
        m->match_room = more_matches;
    }
    for (size_t j = 0; j < in->nlines; j++) {
        if (j == repeat) {
            rc = nb_err_set(err, NB_EINVAL, "regel %lld komt twee keer voor",
                            (long long)in->lines[j].id);
            goto cleanup;
        }
        if ((rc = nb_tm_line_copy(&m->lines[j], &in->lines[j], in->nmonths, err)) != 0)
            goto cleanup;
        m->nlines = j + 1;
        if ((rc = nb_tm_line_connect(m, j, err)) != 0)
            goto cleanup;
    }
    *out = m;
    m = NULL;
    rc = 0;
cleanup:
    free(mlo);
    free(mhi);
    if (rc > 0) /* an arc index leaked into rc: cannot happen, but keep 0/negative */
        rc = 0;
    nb_team_model_free(m);
    return rc;
}

void nb_team_model_free(nb_team_model *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->npeople && m->people; i++) {
        free(m->people[i].skills);
        free(m->people[i].wishes);
        free(m->people[i].assignments);
        free(m->people[i].month_avail);
        free(m->people[i].month_cap);
    }
    for (size_t j = 0; j < m->line_room && m->lines; j++) {
        free(m->lines[j].requesters);
        free(m->lines[j].competency_name);
        free(m->lines[j].charged);
        free(m->lines[j].weights);
        free(m->lines[j].mminutes);
    }
    for (size_t k = 0; k < m->norgs && m->orgs; k++)
        free(m->orgs[k].name);
    free(m->orgs);
    free(m->people);
    free(m->lines);
    free(m->matches);
    free(m->holders);
    nb_mcf_graph_free(m->g);
    free(m);
}

/* ------------------------------------------------------------------------ */
/* Changing one line                                                         */
/* ------------------------------------------------------------------------ */

/* GCC 12 -fanalyzer reports nb_tm_line_copy's allocations (inlined here) as
 * leaked: a false positive as there; they are stored in m->lines, which
 * nb_team_model_free frees. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
int nb_team_model_set_line(nb_team_model *m, const nb_team_line *line, nb_err *err)
{
    int rc;
    if (m->nmonths > 1)
        return nb_err_set(err, NB_EINVAL, "een model met maanden wordt opnieuw opgebouwd");
    if ((rc = nb_tm_line_valid(line, m->nmonths, err)) != 0)
        return rc;
    long li = nb_tm_line_index(m, line->id);
    if (li < 0) {
        if (m->nlines >= m->line_room)
            return nb_err_set(err, NB_ELIMIT,
                              "geen ruimte meer voor nieuwe regels; bouw het model opnieuw op");
        size_t j = m->nlines;
        if ((rc = nb_tm_line_copy(&m->lines[j], line, m->nmonths, err)) != 0)
            return rc;
        m->nlines++;
        return nb_tm_line_connect(m, j, err);
    }

    nb_tm_line *l = &m->lines[li];
    int64_t old_minutes = l->minutes;
    if ((rc = nb_tm_line_copy(l, line, m->nmonths, err)) != 0)
        return rc;
    m->supply_u += l->minutes - old_minutes;
    /* Capacities only grow (a line node has no outflow, so its demand bounds
     * every arc into it anyway); lowering one under its flow would cost the
     * warm start. */
    if ((rc = nb_mcf_set_supply(m->g, NB_TEAM_NODE_U, m->supply_u, err)) != 0 ||
        (rc = nb_mcf_set_supply(m->g, l->node, -l->minutes, err)) != 0)
        return rc;
    if (l->minutes > nb_mcf_arc_cap(m->g, l->slack_arc) &&
        (rc = nb_mcf_set_bounds(m->g, l->slack_arc, 0, l->minutes, err)) != 0)
        return rc;

    /* Existing matches: refresh costs and capacity, or disable. */
    int32_t *has = malloc((m->npeople ? m->npeople : 1) * sizeof *has);
    if (has == NULL)
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    for (size_t i = 0; i < m->npeople; i++)
        has[i] = 0;
    for (size_t k = 0; k < m->nmatches; k++) {
        nb_tm_match *x = &m->matches[k];
        if (x->line != (int32_t)li)
            continue;
        has[x->person] = 1;
        int64_t level = nb_tm_level(&m->people[x->person], l->competency_id);
        x->level = (uint8_t)level; /* 0..5 */
        x->disabled = (int8_t)(level < l->min_level);
        nb_tm_match_costs(m, &m->people[x->person], l, x, NULL);
        /* A disabled match is priced out (forbid_cost) rather than closed, and
         * a capacity only changes when it grows: both keep the warm start. */
        if ((rc = nb_mcf_set_cost(m->g, x->arc, x->disabled ? m->forbid_cost : x->cost, err)) != 0)
            goto cleanup;
        int64_t cap = nb_tm_match_cap(m, x);
        if (!x->disabled && cap > nb_mcf_arc_cap(m->g, x->arc) &&
            (rc = nb_mcf_set_bounds(m->g, x->arc, 0, cap, err)) != 0)
            goto cleanup;
    }
    /* New holders of the (possibly new) competency. */
    size_t first, end;
    nb_tm_holder_range(m, l->competency_id, &first, &end);
    for (size_t h = first; h < end && m->holders[h].level >= l->min_level; h++) {
        int32_t pi = m->holders[h].person;
        if (has[pi] || m->people[pi].capacity <= 0)
            continue;
        if ((rc = nb_tm_add_match(m, pi, (int32_t)li, m->holders[h].level, err)) != 0)
            goto cleanup;
    }
    rc = 0;
cleanup:
    free(has);
    return rc;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

int nb_team_model_remove_line(nb_team_model *m, int64_t line_id, nb_err *err)
{
    int rc;
    if (m->nmonths > 1)
        return nb_err_set(err, NB_EINVAL, "een model met maanden wordt opnieuw opgebouwd");
    long li = nb_tm_line_index(m, line_id);
    if (li < 0)
        return nb_err_set(err, NB_ENOTFOUND, "regel %lld zit niet in het model",
                          (long long)line_id);
    nb_tm_line *l = &m->lines[li];
    m->supply_u -= l->minutes;
    if ((rc = nb_mcf_set_supply(m->g, NB_TEAM_NODE_U, m->supply_u, err)) != 0 ||
        (rc = nb_mcf_set_supply(m->g, l->node, 0, err)) != 0)
        return rc;
    for (size_t k = 0; k < m->nmatches; k++) {
        nb_tm_match *x = &m->matches[k];
        if (x->line != (int32_t)li)
            continue;
        x->disabled = 1;
        if ((rc = nb_mcf_set_cost(m->g, x->arc, m->forbid_cost, err)) != 0)
            return rc;
    }
    l->minutes = 0;
    l->active = 0;
    return 0;
}

int nb_team_model_set_available(nb_team_model *m, int64_t person_id, int64_t available_minutes,
                                nb_err *err)
{
    int rc;
    if (m->nmonths > 1)
        return nb_err_set(err, NB_EINVAL, "een model met maanden wordt opnieuw opgebouwd");
    if (available_minutes < 0 || available_minutes > NB_MCF_VALUE_MAX / 4)
        return nb_err_set(err, NB_EINVAL, "medewerker %lld: ongeldige beschikbaarheid",
                          (long long)person_id);
    size_t pi = 0;
    while (pi < m->npeople && m->people[pi].id != person_id)
        pi++;
    if (pi == m->npeople)
        return nb_err_set(err, NB_ENOTFOUND, "medewerker %lld zit niet in het model",
                          (long long)person_id);
    nb_tm_person *p = &m->people[pi];
    const nb_team_config *c = &m->cfg;
    int64_t old_capacity = p->capacity;
    p->available = available_minutes;
    p->capacity = p->available * c->load_cap_pct / 100;
    /* The segments exactly as nb_tm_person_copy cuts them. */
    int64_t prev = 0, pct = 0;
    for (int k = 0; k < 3; k++) {
        pct += c->seg_pct[k];
        int64_t b = p->available * pct / 100;
        int64_t hi = b < p->capacity ? b : p->capacity;
        p->seg_cap[k] = hi > prev ? hi - prev : 0;
        if (hi > prev)
            prev = hi;
        if ((rc = nb_mcf_set_bounds(m->g, p->seg_arc[k], 0, p->seg_cap[k], err)) != 0)
            return rc;
    }
    m->supply_s += p->capacity - old_capacity;
    if ((rc = nb_mcf_set_supply(m->g, NB_TEAM_NODE_S, m->supply_s, err)) != 0 ||
        (rc = nb_mcf_set_supply(m->g, NB_TEAM_NODE_X, -m->supply_s, err)) != 0)
        return rc;
    /* Matches: their capacity follows (an arc's only grows: the segments bound
     * the person's flow anyway), and a person without any gets them now. */
    int has = 0;
    for (size_t k = 0; k < m->nmatches; k++) {
        nb_tm_match *x = &m->matches[k];
        if (x->person != (int32_t)pi)
            continue;
        has = 1;
        int64_t cap = nb_tm_match_cap(m, x);
        if (!x->disabled && cap > nb_mcf_arc_cap(m->g, x->arc) &&
            (rc = nb_mcf_set_bounds(m->g, x->arc, 0, cap, err)) != 0)
            return rc;
    }
    if (has || p->capacity <= 0)
        return 0;
    for (size_t li = 0; li < m->nlines; li++) {
        const nb_tm_line *l = &m->lines[li];
        int64_t level = nb_tm_level(p, l->competency_id);
        if (l->active && level >= l->min_level &&
            (rc = nb_tm_add_match(m, (int32_t)pi, (int32_t)li, level, err)) != 0)
            return rc;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Accessors                                                                 */
/* ------------------------------------------------------------------------ */

int32_t nb_team_model_nodes(const nb_team_model *m)
{
    return nb_mcf_node_count(m->g);
}
int32_t nb_team_model_arcs(const nb_team_model *m)
{
    return nb_mcf_arc_count(m->g);
}
size_t nb_team_model_matches(const nb_team_model *m)
{
    return m->nmatches;
}
const struct nb_mcf_graph *nb_team_model_graph(const nb_team_model *m)
{
    return m->g;
}

void nb_team_hours_text(int64_t minutes, char *buf, size_t size)
{
    char h[NB_NL_NUM_LEN];
    nb_nl_hours(minutes, h);
    snprintf(buf, size, "%s", h);
}
