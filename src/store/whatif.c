/*
 * store/whatif.c — the what-if's input from the registry and allocations
 * (store/whatif.h): the leavers checked, their open allocations, the work
 * stock through store/team_loader.h, and the labels of what the answer names.
 * Reads only.
 */
#include "store/whatif.h"

#include "store/competencies.h"

#include <stdlib.h>
#include <string.h>

static int nb_wf_cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int nb_wf_cmp_label(const void *a, const void *b)
{
    const nb_whatif_label *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

/* Sorts ids[0..*n) and drops repeats. */
static void nb_wf_unique(int64_t *ids, size_t *n)
{
    qsort(ids, *n, sizeof *ids, nb_wf_cmp_i64);
    size_t w = 0;
    for (size_t i = 0; i < *n; i++)
        if (w == 0 || ids[w - 1] != ids[i])
            ids[w++] = ids[i];
    *n = w;
}

/* 0 when id is an active person, NB_ENOTFOUND (err says which) or the store's code. */
static int nb_wf_check_person(nb_store *st, int64_t id, nb_err *err)
{
    static const char sql[] = "SELECT active FROM people WHERE id = $1";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    int r = nb_store_step(st, s), rc = 0;
    if (r == NB_DB_ROW && nb_db_col_int(s, 0) == 1)
        rc = 0;
    else if (r == NB_DB_ROW || r == NB_DB_DONE)
        rc = nb_err_set(err, NB_ENOTFOUND, "Medewerker %lld bestaat niet of is niet actief.",
                        (long long)id);
    else
        rc = nb_store_fail(st, err, "people");
    nb_db_reset(s);
    return rc;
}

/* Appends the open allocations of person id on work-stock assignments. */
static int nb_wf_allocs(nb_store *st, int64_t id, nb_whatif_report *r, size_t *room, nb_err *err)
{
    static const char sql[] =
        "SELECT al.line_id, al.minutes - al.minutes_posted FROM allocations al "
        "JOIN assignments a ON a.id = al.assignment_id "
        "WHERE al.person_id = $1 AND al.status IN ('concept', 'bevestigd') "
        "AND al.minutes > al.minutes_posted "
        "AND a.status IN ('geaccepteerd', 'bemenst', 'in-uitvoering') ORDER BY al.id";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    int row, rc = 0;
    while ((row = nb_store_step(st, s)) == NB_DB_ROW) {
        if (r->nallocs == *room) {
            size_t nr = *room ? *room * 2 : 16;
            nb_whatif_alloc *p = realloc(r->allocs, nr * sizeof *p);
            if (p == NULL) {
                rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
                break;
            }
            r->allocs = p;
            *room = nr;
        }
        r->allocs[r->nallocs++] = (nb_whatif_alloc){id, nb_db_col_int(s, 0), nb_db_col_int(s, 1)};
    }
    if (rc == 0 && row != NB_DB_DONE)
        rc = nb_store_fail(st, err, "allocations");
    nb_db_reset(s);
    return rc;
}

/*
 * Fills labels for ids[0..n) (sorted, unique): assignment titles or
 * competencies. The labels are built in a local array and handed to
 * *out / *nout on every return once allocated, so the caller frees them
 * (nb_wf_labels_free) also after a failure.
 */
static int nb_wf_labels(nb_store *st, const int64_t *ids, size_t n, int comps,
                        nb_whatif_label **out, size_t *nout, nb_err *err)
{
    static const char sql[] = "SELECT title FROM assignments WHERE id = $1";
    nb_comp *c = NULL;
    int rc = 0;
    size_t nv = 0;
    nb_whatif_label *v = calloc(n ? n : 1, sizeof *v);
    if (v == NULL || (comps && (c = malloc(sizeof *c)) == NULL)) {
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
        goto cleanup;
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        /* Both texts first, then the label as a whole: the analyser loses
         * track of a text stored alone into an element of v. */
        char *code = NULL, *name = NULL;
        if (comps) {
            if ((rc = nb_comp_get(st, ids[i], c, err)) != 0)
                break;
            code = strdup(c->code);
            name = strdup(c->name);
        } else {
            nb_db_stmt *s = nb_store_stmt(st, sql, err);
            if (s == NULL) {
                rc = NB_EDB;
                break;
            }
            nb_store_bind_int(st, s, 1, ids[i]);
            int row = nb_store_step(st, s);
            if (row == NB_DB_ROW) {
                name = strdup(nb_store_col_text(s, 0));
                code = strdup("");
            } else {
                rc = nb_store_fail(st, err, "assignments");
            }
            nb_db_reset(s);
        }
        v[nv++] = (nb_whatif_label){.id = ids[i], .code = code, .name = name};
        if (rc == 0 && (code == NULL || name == NULL))
            rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
    }
cleanup:
    *out = v;
    *nout = nv;
    free(c);
    return rc;
}

int nb_whatif_report_run(nb_store *st, int32_t today, const int64_t *ids, size_t n,
                         const nb_whatif_opts *opts, nb_whatif_report *out, nb_err *err)
{
    int rc = 0;
    int64_t *leavers = NULL, *keep = NULL, *names = NULL;
    size_t nlv = n, room = 0, nkeep = 0;
    memset(out, 0, sizeof *out);
    if (n == 0 || n > NB_WHATIF_MAX_PEOPLE)
        return nb_err_set(err, NB_EINVAL, "Kies 1 tot %d medewerkers.", NB_WHATIF_MAX_PEOPLE);
    leavers = malloc(n * sizeof *leavers);
    if (leavers == NULL)
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    memcpy(leavers, ids, n * sizeof *leavers);
    nb_wf_unique(leavers, &nlv);
    for (size_t i = 0; i < nlv; i++)
        if ((rc = nb_wf_check_person(st, leavers[i], err)) != 0 ||
            (rc = nb_wf_allocs(st, leavers[i], out, &room, err)) != 0)
            goto cleanup;
    keep = malloc((out->nallocs ? out->nallocs : 1) * sizeof *keep);
    if (keep == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
        goto cleanup;
    }
    for (size_t a = 0; a < out->nallocs; a++)
        keep[nkeep++] = out->allocs[a].line_id;
    nb_wf_unique(keep, &nkeep);

    nb_team_config cfg;
    nb_team_config_default(&cfg);
    if ((rc = nb_team_load_work(st, today, keep, nkeep, &cfg, &out->load, err)) != 0 ||
        (rc = nb_whatif_run(&out->load.in, leavers, nlv, out->allocs, out->nallocs, opts, &out->res,
                            err)) != 0)
        goto cleanup;
    memcpy(out->period_start, out->load.period_start, sizeof out->period_start);
    memcpy(out->period_end, out->load.period_end, sizeof out->period_end);

    /* Labels: the assignments and competencies the answer names. */
    const nb_whatif_result *res = &out->res;
    size_t nn = 0, cap = res->nlines + res->ntakes + res->ncomps + res->ndrops;
    names = malloc((cap ? cap : 1) * sizeof *names);
    if (names == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
        goto cleanup;
    }
    for (size_t i = 0; i < res->nlines; i++)
        names[nn++] = res->lines[i].assignment_id;
    for (size_t i = 0; i < res->ntakes; i++)
        names[nn++] = res->takes[i].assignment_id;
    nb_wf_unique(names, &nn);
    if ((rc = nb_wf_labels(st, names, nn, 0, &out->asgs, &out->nasgs, err)) != 0)
        goto cleanup;
    nn = 0;
    for (size_t i = 0; i < res->nlines; i++)
        names[nn++] = res->lines[i].competency_id;
    for (size_t i = 0; i < res->ncomps; i++)
        names[nn++] = res->comps[i].competency_id;
    for (size_t i = 0; i < res->ndrops; i++)
        names[nn++] = res->drops[i].competency_id;
    nb_wf_unique(names, &nn);
    rc = nb_wf_labels(st, names, nn, 1, &out->comps, &out->ncomps, err);
cleanup:
    free(leavers);
    free(keep);
    free(names);
    return rc;
}

static void nb_wf_labels_free(nb_whatif_label *l, size_t n)
{
    for (size_t i = 0; l != NULL && i < n; i++) {
        free(l[i].code);
        free(l[i].name);
    }
    free(l);
}

void nb_whatif_report_free(nb_whatif_report *r)
{
    if (r == NULL)
        return;
    nb_team_load_free(&r->load);
    free(r->allocs);
    nb_whatif_result_free(&r->res);
    nb_wf_labels_free(r->asgs, r->nasgs);
    nb_wf_labels_free(r->comps, r->ncomps);
    memset(r, 0, sizeof *r);
}

const nb_whatif_label *nb_whatif_label_find(const nb_whatif_label *l, size_t n, int64_t id)
{
    nb_whatif_label key = {id, NULL, NULL};
    return n > 0 ? bsearch(&key, l, n, sizeof *l, nb_wf_cmp_label) : NULL;
}

const char *nb_whatif_org_name(const nb_whatif_report *r, int64_t id)
{
    for (size_t i = 0; i < r->load.in.norgs; i++)
        if (r->load.in.orgs[i].organisation_id == id && r->load.in.orgs[i].name != NULL)
            return r->load.in.orgs[i].name;
    return "";
}

int64_t nb_whatif_person_org(const nb_whatif_report *r, int64_t id)
{
    size_t lo = 0, hi = r->load.in.npeople;
    const nb_team_person *p = r->load.in.people;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->load.in.npeople && p[lo].id == id ? p[lo].organisation_id : 0;
}
