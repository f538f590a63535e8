/*
 * store/bundles_refresh.c — the refresh of bundling proposals (bundles.h,
 * nb_bundle_refresh): the proposals the last agreement would refuse expire
 * (bundles_expire.c), the open assignments are loaded for the detection
 * (core/bundle.h; their lines with their month profiles, so that it
 * proposes no group the last agreement would refuse), and each new group
 * not declined before is stored with its why, its estimate and an audit
 * line.
 * Runs in the caller's write transaction; memory: scratch only.
 */
#include "store/bundles.h"
#include "store/bundles_int.h"

#include "store/assignments.h"
#include "store/ledger_store.h"
#include "util/date.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The hour rate, 0 when unset. */
static int nb_bundle_rate(nb_store *st, int64_t *cents, nb_err *err)
{
    int rc = nb_ledger_store_hour_rate(st, cents, err);
    if (rc == NB_ENOTFOUND) {
        *cents = 0;
        return 0;
    }
    return rc;
}

/* The open assignments (not in a voorgesteld proposal), loaded for the core into d. */
static int nb_bundle_docs_load(nb_store *st, nb_bundle_docs *d, nb_err *err)
{
    static const char sql_docs[] =
        "SELECT a.id, r.organisation_id, a.title, a.description, a.start_date, a.end_date FROM "
        "assignments a JOIN assignment_requesters r ON r.assignment_id = a.id WHERE " NB_BUNDLE_OPEN_SQL
        " AND NOT EXISTS (SELECT 1 FROM bundle_members m JOIN bundle_proposals p ON p.id = "
        "m.proposal_id WHERE m.assignment_id = a.id AND p.status = 'voorgesteld') ORDER BY a.id";
    static const char sql_lines[] =
        "SELECT l.assignment_id, l.competency_id, l.min_level, l.minutes, l.month_profile, l.id "
        "FROM assignment_lines l "
        "JOIN assignments a ON a.id = l.assignment_id WHERE " NB_BUNDLE_OPEN_SQL
        " ORDER BY l.assignment_id, l.position";
    int r, rc = 0;
    nb_db_stmt *s = nb_store_stmt(st, sql_docs, err);
    if (s == NULL)
        return NB_EDB;
    while (rc == 0 && (r = nb_store_step(st, s)) == NB_DB_ROW) {
        nb_bundle_doc *doc = nb_bundle_docs_add(d, err);
        if (doc == NULL) {
            rc = NB_ENOMEM;
            break;
        }
        doc->id = nb_db_col_int(s, 0);
        doc->org_id = nb_db_col_int(s, 1);
        if ((doc->title = nb_bundle_docs_keep(d, nb_store_col_text(s, 2), err)) == NULL ||
            (doc->description = nb_bundle_docs_keep(d, nb_store_col_text(s, 3), err)) == NULL) {
            rc = NB_ENOMEM;
            break;
        }
        if (nb_date_parse(nb_store_col_text(s, 4), &doc->start_day) != 0 ||
            nb_date_parse(nb_store_col_text(s, 5), &doc->end_day) != 0) {
            rc = nb_err_set(err, NB_EDB, "assignment %lld has a broken period", (long long)doc->id);
            break;
        }
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "bundle candidates");
    nb_db_reset(s);
    if (rc != 0)
        return rc;
    /* lines: both lists are by assignment id; walk them together */
    s = nb_store_stmt(st, sql_lines, err);
    if (s == NULL)
        return NB_EDB;
    size_t k = 0;
    while (rc == 0 && (r = nb_store_step(st, s)) == NB_DB_ROW) {
        int64_t aid = nb_db_col_int(s, 0);
        while (k < d->n && d->docs[k].id < aid)
            k++;
        if (k == d->n || d->docs[k].id != aid)
            continue; /* in an open proposal */
        /* with its profile: the detection proposes no pair the last agreement would refuse */
        nb_assignment_line ln = {.competency_id = nb_db_col_int(s, 1),
                                 .min_level = nb_db_col_int(s, 2),
                                 .minutes = nb_db_col_int(s, 3)};
        rc = nb_bundle_docs_add_line(d, k, &ln, nb_store_col_text(s, 4), nb_db_col_int(s, 5), err);
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "bundle candidate lines");
    nb_db_reset(s);
    if (rc == 0)
        nb_bundle_docs_link(d);
    return rc;
}

/* 1 when two of the assignments were in a proposal that was declined. */
static int nb_bundle_declined_before(nb_store *st, const int64_t *ids, size_t n, int *yes,
                                     nb_err *err)
{
    static const char sql[] =
        "SELECT 1 FROM bundle_members x JOIN bundle_members y ON y.proposal_id = x.proposal_id "
        "AND y.assignment_id = $2 JOIN bundle_proposals p ON p.id = x.proposal_id AND p.status = "
        "'afgewezen' WHERE x.assignment_id = $1 LIMIT 1";
    *yes = 0;
    for (size_t i = 0; i < n && !*yes; i++) {
        for (size_t j = i + 1; j < n && !*yes; j++) {
            nb_db_stmt *s = nb_store_stmt(st, sql, err);
            if (s == NULL)
                return NB_EDB;
            nb_store_bind_int(st, s, 1, ids[i]);
            nb_store_bind_int(st, s, 2, ids[j]);
            int r = nb_store_step(st, s);
            nb_db_reset(s);
            if (r == NB_DB_ROW)
                *yes = 1;
            else if (r != NB_DB_DONE)
                return nb_store_fail(st, err, "bundle declined");
        }
    }
    return 0;
}

static json_t *nb_bundle_why_json(const nb_bundle_why *w)
{
    json_t *words = json_array(), *comps = json_array();
    for (size_t i = 0; i < w->nwords; i++)
        json_array_append_new(words, json_string(w->words[i]));
    for (size_t i = 0; i < w->ncomps; i++)
        json_array_append_new(comps, json_pack("{s:I, s:I, s:I}", "competentieId",
                                               (json_int_t)w->comps[i].competency_id,
                                               "minimumNiveau", (json_int_t)w->comps[i].min_level,
                                               "maximumNiveau", (json_int_t)w->comps[i].max_level));
    json_t *months = json_null();
    if (w->month_from >= 0) {
        char from[8], to[8];
        snprintf(from, sizeof from, "%04d-%02d", w->month_from / 12, w->month_from % 12 + 1);
        snprintf(to, sizeof to, "%04d-%02d", w->month_to / 12, w->month_to % 12 + 1);
        months = json_pack("{s:s, s:s, s:I}", "van", from, "tot", to, "aantal",
                           (json_int_t)w->month_to - (json_int_t)w->month_from + 1);
    }
    return json_pack("{s:o, s:o, s:o}", "woorden", words, "competenties", comps, "maanden", months);
}

static int nb_bundle_insert(nb_store *st, const nb_actor *actor, const nb_bundle_docs *d,
                            const nb_bundle_index *ix, const nb_bundle_group *g,
                            const size_t *members, int64_t pct, int64_t rate, int64_t *id,
                            nb_err *err)
{
    static const char sql[] =
        "INSERT INTO bundle_proposals (status, score, text_score, competency_score, "
        "period_score, why, separate_minutes, bundled_minutes, coordination_pct, "
        "hour_rate_cents, created_by, created_at) VALUES ('voorgesteld', $1, $2, $3, $4, $5, $6, "
        "$7, $8, $9, $10, $11)";
    static const char sql_member[] =
        "INSERT INTO bundle_members (proposal_id, assignment_id, organisation_id, minutes) "
        "VALUES ($1, $2, $3, $4)";
    nb_bundle_why why;
    nb_bundle_doc docs[NB_BUNDLE_MAX_MEMBERS];
    nb_assignment_line lines[NB_ASG_MAX_LINES];
    size_t nl = 0;
    nb_bundle_saving saving;
    int rc = nb_bundle_explain(ix, members, g->n, &why);
    if (rc != 0)
        return nb_err_set(err, rc, "out of memory");
    for (size_t i = 0; i < g->n; i++)
        docs[i] = d->docs[members[i]];
    rc = nb_bundle_merge_lines(docs, g->n, pct, rate, lines, NB_ASG_MAX_LINES, &nl, &saving);
    if (rc != 0)
        return nb_err_set(err, rc, "the bundled assignment would need more than %d lines",
                          NB_ASG_MAX_LINES);
    json_t *wj = nb_bundle_why_json(&why);
    char *wtext = wj ? json_dumps(wj, JSON_COMPACT) : NULL;
    json_decref(wj);
    if (wtext == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    char now[21];
    nb_time_now_iso(now);
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL) {
        free(wtext);
        return NB_EDB;
    }
    nb_store_bind_double(st, s, 1, g->score.score);
    nb_store_bind_double(st, s, 2, g->score.text);
    nb_store_bind_double(st, s, 3, g->score.comp);
    nb_store_bind_double(st, s, 4, g->score.period);
    nb_store_bind_text(st, s, 5, wtext);
    nb_store_bind_int(st, s, 6, saving.separate_minutes);
    nb_store_bind_int(st, s, 7, saving.bundled_minutes);
    nb_store_bind_int(st, s, 8, pct);
    nb_store_bind_opt_id(st, s, 9, rate);
    nb_store_bind_text(st, s, 10, actor->name ? actor->name : "");
    nb_store_bind_text(st, s, 11, now);
    rc = nb_store_exec_stmt(st, s, err);
    free(wtext);
    if (rc != 0)
        return rc;
    *id = nb_store_last_id(st);
    json_t *ids = json_array();
    for (size_t i = 0; rc == 0 && i < g->n; i++) {
        const nb_bundle_doc *doc = &docs[i];
        int64_t asked = 0;
        for (size_t l = 0; l < doc->nlines; l++)
            asked += doc->lines[l].minutes;
        nb_db_stmt *m = nb_store_stmt(st, sql_member, err);
        if (m == NULL) {
            rc = NB_EDB;
            break;
        }
        nb_store_bind_int(st, m, 1, *id);
        nb_store_bind_int(st, m, 2, doc->id);
        nb_store_bind_int(st, m, 3, doc->org_id);
        nb_store_bind_int(st, m, 4, asked);
        rc = nb_store_exec_stmt(st, m, err);
        json_array_append_new(ids, json_integer(doc->id));
    }
    if (rc != 0) {
        json_decref(ids);
        return rc;
    }
    return nb_bundle_audit(st, actor, "create", *id,
                           json_pack("{s:o, s:f, s:I, s:I}", "opdrachten", ids, "score",
                                     g->score.score, "urenApartMinuten",
                                     (json_int_t)saving.separate_minutes, "urenGebundeldMinuten",
                                     (json_int_t)saving.bundled_minutes),
                           err);
}

int nb_bundle_refresh(nb_store *st, const nb_actor *actor, const nb_bundle_params *p,
                      int64_t *created, int64_t *expired, nb_err *err)
{
    nb_bundle_params defaults;
    nb_bundle_docs d;
    nb_bundle_index *ix = NULL;
    nb_bundle_result res = {0};
    int64_t pct = 0, rate = 0, made = 0, gone = 0;
    int rc;
    memset(&d, 0, sizeof d);
    if (p == NULL) {
        nb_bundle_params_default(&defaults);
        p = &defaults;
    }
    if ((rc = nb_bundle_expire(st, actor, 0, &gone, err)) != 0 ||
        (rc = nb_bundle_coord_pct(st, &pct, err)) != 0 ||
        (rc = nb_bundle_rate(st, &rate, err)) != 0 || (rc = nb_bundle_docs_load(st, &d, err)) != 0)
        goto cleanup;
    if ((rc = nb_bundle_index_new(d.docs, d.n, &ix)) != 0 ||
        (rc = nb_bundle_detect(ix, p, &res)) != 0) {
        rc = nb_err_set(err, rc, "out of memory");
        goto cleanup;
    }
    for (size_t g = 0; rc == 0 && g < res.ngroups; g++) {
        const nb_bundle_group *gr = &res.groups[g];
        const size_t *m = res.members + gr->first;
        int64_t ids[NB_BUNDLE_MAX_MEMBERS];
        int declined = 0;
        if (gr->n > NB_BUNDLE_MAX_MEMBERS)
            continue;
        for (size_t i = 0; i < gr->n; i++)
            ids[i] = d.docs[m[i]].id;
        if ((rc = nb_bundle_declined_before(st, ids, gr->n, &declined, err)) != 0)
            break;
        if (declined)
            continue;
        int64_t id = 0;
        if ((rc = nb_bundle_insert(st, actor, &d, ix, gr, m, pct, rate, &id, err)) == 0)
            made++;
    }
cleanup:
    nb_bundle_result_free(&res);
    nb_bundle_index_free(ix);
    nb_bundle_docs_free(&d);
    if (created)
        *created = made;
    if (expired)
        *expired = gone;
    return rc;
}
