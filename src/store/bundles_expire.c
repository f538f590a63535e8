/*
 * store/bundles_expire.c — voorgesteld bundling proposals that the last
 * agreement would refuse become vervallen, with their reason
 * (nb_bundle_expire, bundles_int.h): a member no longer open for bundling,
 * or members' lines of one competency whose month profiles no longer agree
 * (a line changed after the detection). Called by the refresh for every
 * proposal and by a decision for its own. Any number of proposals: the ids
 * are collected in full before any is changed. Runs in the caller's write
 * transaction; memory: scratch only.
 */
#include "store/bundles_int.h"

#include "store/competencies.h"
#include "util/vec.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One proposal to expire and why: competency_id 0 = a member no longer open. */
typedef struct nb_bundle_gone {
    int64_t id;
    int64_t competency_id;
} nb_bundle_gone;

/* The proposals to expire: an nb_vec of nb_bundle_gone (util/vec.h). */
static int nb_bundle_gones_push(nb_vec *g, int64_t id, int64_t competency_id, nb_err *err)
{
    nb_bundle_gone *x = nb_vec_push(g);
    if (x == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    *x = (nb_bundle_gone){id, competency_id};
    return 0;
}

/* The reason of g in Dutch into out[n]. */
static int nb_bundle_gone_reason(nb_store *st, const nb_bundle_gone *g, char *out, size_t n,
                                 nb_err *err)
{
    if (g->competency_id == 0) {
        snprintf(out, n,
                 "een van de opdrachten is niet meer open voor bundeling (bemenst, geannuleerd "
                 "of al samengevoegd)");
        return 0;
    }
    nb_comp *c = malloc(sizeof *c);
    if (c == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    int rc = nb_comp_get(st, g->competency_id, c, err);
    if (rc == 0)
        snprintf(out, n, "de maandprofielen van de regels voor competentie %s verschillen nu",
                 c->name);
    free(c);
    return rc;
}

/* Sets each of g's proposals vervallen and audits it with its reason. */
static int nb_bundle_gones_apply(nb_store *st, const nb_actor *actor, const nb_vec *g, nb_err *err)
{
    int rc = 0;
    char reason[NB_BUNDLE_REASON_MAX];
    for (size_t i = 0; rc == 0 && i < g->n; i++) {
        const nb_bundle_gone *x = (const nb_bundle_gone *)g->data + i;
        if ((rc = nb_bundle_gone_reason(st, x, reason, sizeof reason, err)) != 0 ||
            (rc = nb_bundle_set_status(st, x->id, "vervallen", 0, err)) != 0)
            break;
        json_t *detail = json_pack("{s:s}", "reden", reason);
        if (detail != NULL && x->competency_id > 0)
            json_object_set_new(detail, "competentieId", json_integer(x->competency_id));
        rc = nb_bundle_audit(st, actor, "vervallen", x->id, detail, err);
    }
    return rc;
}

/* Into g: the voorgesteld proposals (only: that one) with a member no longer open. */
static int nb_bundle_find_closed(nb_store *st, int64_t only, nb_vec *g, nb_err *err)
{
    static const char sql[] =
        "SELECT DISTINCT p.id FROM bundle_proposals p JOIN bundle_members m ON m.proposal_id = "
        "p.id JOIN assignments a ON a.id = m.assignment_id WHERE p.status = 'voorgesteld' AND "
        "(p.id = $1 OR $1 IS NULL) AND NOT (" NB_BUNDLE_OPEN_SQL ") ORDER BY p.id";
    int r, rc = 0;
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_opt_id(st, s, 1, only);
    while (rc == 0 && (r = nb_store_step(st, s)) == NB_DB_ROW)
        rc = nb_bundle_gones_push(g, nb_db_col_int(s, 0), 0, err);
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "bundle expiry");
    nb_db_reset(s);
    return rc;
}

/* Proposal `proposal`'s members loaded in d: into g when their profiles disagree. */
static int nb_bundle_check_profiles(nb_bundle_docs *d, int64_t proposal, nb_vec *g, nb_err *err)
{
    if (proposal == 0)
        return 0;
    nb_bundle_docs_link(d);
    int64_t competency = 0;
    int rc = 0;
    if (!nb_bundle_profiles_agree(d->docs, d->n, &competency))
        rc = nb_bundle_gones_push(g, proposal, competency, err);
    nb_bundle_docs_clear(d);
    return rc;
}

/*
 * Into g: the voorgesteld proposals (only: that one) whose members' lines of
 * one competency no longer share a month profile, with that competency.
 * One walk over their lines, proposal by proposal.
 */
static int nb_bundle_find_diverged(nb_store *st, int64_t only, nb_vec *g, nb_err *err)
{
    static const char sql[] =
        "SELECT m.proposal_id, m.assignment_id, l.competency_id, l.min_level, l.minutes, "
        "l.month_profile, l.id FROM bundle_proposals p JOIN bundle_members m ON m.proposal_id = "
        "p.id JOIN assignment_lines l ON l.assignment_id = m.assignment_id WHERE p.status = "
        "'voorgesteld' AND (p.id = $1 OR $1 IS NULL) ORDER BY m.proposal_id, m.assignment_id, "
        "l.position";
    nb_bundle_docs d;
    memset(&d, 0, sizeof d);
    int64_t proposal = 0;
    int r, rc = 0;
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_opt_id(st, s, 1, only);
    while (rc == 0 && (r = nb_store_step(st, s)) == NB_DB_ROW) {
        int64_t pid = nb_db_col_int(s, 0), aid = nb_db_col_int(s, 1);
        if (pid != proposal && (rc = nb_bundle_check_profiles(&d, proposal, g, err)) != 0)
            break;
        proposal = pid;
        if (d.n == 0 || d.docs[d.n - 1].id != aid) {
            nb_bundle_doc *doc = nb_bundle_docs_add(&d, err);
            if (doc == NULL) {
                rc = NB_ENOMEM;
                break;
            }
            doc->id = aid;
        }
        nb_assignment_line ln = {.competency_id = nb_db_col_int(s, 2),
                                 .min_level = nb_db_col_int(s, 3),
                                 .minutes = nb_db_col_int(s, 4)};
        rc = nb_bundle_docs_add_line(&d, d.n - 1, &ln, nb_store_col_text(s, 5), nb_db_col_int(s, 6),
                                     err);
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "bundle profiles");
    nb_db_reset(s);
    if (rc == 0)
        rc = nb_bundle_check_profiles(&d, proposal, g, err); /* the last proposal */
    nb_bundle_docs_free(&d);
    return rc;
}

int nb_bundle_expire(nb_store *st, const nb_actor *actor, int64_t only, int64_t *expired,
                     nb_err *err)
{
    nb_vec closed = {NULL, 0, 0, sizeof(nb_bundle_gone)},
           diverged = {NULL, 0, 0, sizeof(nb_bundle_gone)};
    /* the closed ones first: they are vervallen (for that reason) before the profiles are read */
    int rc = nb_bundle_find_closed(st, only, &closed, err);
    if (rc == 0)
        rc = nb_bundle_gones_apply(st, actor, &closed, err);
    if (rc == 0)
        rc = nb_bundle_find_diverged(st, only, &diverged, err);
    if (rc == 0)
        rc = nb_bundle_gones_apply(st, actor, &diverged, err);
    if (rc == 0 && expired != NULL)
        *expired += (int64_t)(closed.n + diverged.n);
    free(closed.data);
    free(diverged.data);
    return rc;
}
