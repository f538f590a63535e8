/*
 * store/workload.c — the work stock's two queries; see workload.h.
 */
#include "store/workload.h"

#include "store/assignments.h"

#include "util/buf.h"
#include "util/date.h"
#include "util/vec.h"

#include <stdlib.h>
#include <string.h>

/*
 * The lines' WHERE for the filters in use (fixed texts only): $1/$2 the
 * window's first and last day, $3 status, $4 kind, $5 requester, $6
 * programme, $7 competency. A filter not in use is "$n IS NULL".
 */
static void nb_wl_where(const nb_workload_filter *f, nb_buf *w)
{
    nb_buf_printf(
        w, " WHERE a.end_date >= $1 AND a.start_date <= $2 AND %s AND %s AND %s AND %s AND %s",
        f && f->status ? "a.status = $3 "
                       : "a.status IN ('ingediend', 'geaccepteerd', 'bemenst', 'in-uitvoering') "
                         "AND $3 IS NULL",
        f && f->kind ? "a.kind = $4" : "$4 IS NULL",
        f && f->organisation_id > 0
            ? "EXISTS (SELECT 1 FROM assignment_requesters r WHERE r.assignment_id = a.id AND "
              "r.organisation_id = $5)"
            : "$5 IS NULL",
        f && f->programme_id > 0 ? "a.programme_id = $6" : "$6 IS NULL",
        f && f->competency_id > 0 ? "l.competency_id = $7" : "$7 IS NULL");
}

static void nb_wl_bind_opt(nb_store *st, nb_db_stmt *s, int n, int64_t v)
{
    if (v > 0)
        nb_store_bind_int(st, s, n, v);
    else
        nb_store_bind_null(st, s, n);
}

/*
 * Line l's month profile from canonical text t (NULL or "": none): its
 * entries are appended to profs and l->nprofile counts them; l->profile is
 * set once all lines are read (the array moves). A text that does not parse
 * is a corrupt store: NB_EDB naming the line (line_id).
 */
static int nb_wl_line_profile(const char *t, int64_t line_id, nb_wl_line *l, nb_vec *profs,
                              nb_err *err)
{
    nb_line_profile p;
    int rc = nb_asg_profile_read(t, line_id, &p, err);
    if (rc != 0)
        return rc;
    for (size_t k = 0; k < p.n; k++) {
        nb_month_weight *e = nb_vec_push(profs);
        if (e == NULL)
            return nb_err_set(err, NB_ENOMEM, "geen geheugen");
        *e = p.e[k];
    }
    l->nprofile = p.n;
    return 0;
}

static int nb_wl_load_lines(nb_store *st, const nb_workload_filter *f, int32_t d0, int32_t d1,
                            nb_vec *lines, nb_vec *profs, nb_err *err)
{
    nb_buf sql = NB_BUF_INIT;
    nb_buf_puts(&sql, "SELECT l.competency_id, l.min_level, l.minutes, a.start_date, a.end_date, "
                      "l.month_profile, l.id "
                      "FROM assignment_lines l JOIN assignments a ON a.id = l.assignment_id");
    nb_wl_where(f, &sql);
    if (sql.oom) {
        nb_buf_free(&sql);
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    }
    int rc = 0, r;
    nb_db_stmt *s = nb_store_stmt_text(st, nb_buf_cstr(&sql), err);
    nb_buf_free(&sql);
    if (s == NULL)
        return NB_EDB;
    char from[11], to[11];
    nb_date_format(d0, from);
    nb_date_format(d1, to);
    nb_store_bind_text(st, s, 1, from);
    nb_store_bind_text(st, s, 2, to);
    nb_store_bind_text(st, s, 3, f ? f->status : NULL);
    nb_store_bind_text(st, s, 4, f ? f->kind : NULL);
    nb_wl_bind_opt(st, s, 5, f ? f->organisation_id : 0);
    nb_wl_bind_opt(st, s, 6, f ? f->programme_id : 0);
    nb_wl_bind_opt(st, s, 7, f ? f->competency_id : 0);
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        nb_wl_line *l = nb_vec_push(lines);
        if (l == NULL) {
            rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
            break;
        }
        l->competency_id = nb_db_col_int(s, 0);
        l->min_level = nb_db_col_int(s, 1);
        l->minutes = nb_db_col_int(s, 2);
        if (nb_date_parse(nb_store_col_text(s, 3), &l->start_day) != 0 ||
            nb_date_parse(nb_store_col_text(s, 4), &l->end_day) != 0) {
            rc = nb_err_set(err, NB_EDB, "an assignment has an invalid date");
            break;
        }
        if ((rc = nb_wl_line_profile(nb_store_col_text(s, 5), nb_db_col_int(s, 6), l, profs,
                                     err)) != 0)
            break;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "work stock lines");
    nb_db_reset(s);
    nb_wl_line *v = lines->data;
    const nb_month_weight *e = profs->data;
    for (size_t i = 0, at = 0; rc == 0 && i < lines->n; at += v[i++].nprofile)
        v[i].profile = v[i].nprofile > 0 ? e + at : NULL;
    return rc;
}

/* Active people with their competencies (people without any serve no line). */
static int nb_wl_load_people(nb_store *st, int32_t d0, nb_vec *people, nb_vec *skills, nb_vec *offs,
                             nb_err *err)
{
    static const char sql[] =
        "SELECT p.id, p.network_minutes_week, p.exit_date, pc.competency_id, pc.level "
        "FROM people p JOIN person_competencies pc ON pc.person_id = p.id "
        "WHERE p.active = 1 AND (p.exit_date IS NULL OR p.exit_date > $1) "
        "ORDER BY p.id, pc.competency_id";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    char from[11];
    nb_date_format(d0, from);
    nb_store_bind_text(st, s, 1, from);
    int rc = 0, r;
    int64_t last = 0;
    nb_wl_person *p = NULL; /* the current person (reset by every push: the array moves) */
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        int64_t id = nb_db_col_int(s, 0);
        if (p == NULL || id != last) {
            p = nb_vec_push(people);
            if (p == NULL) {
                rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
                break;
            }
            p->network_minutes_week = nb_db_col_int(s, 1);
            const char *exit = nb_store_col_text(s, 2);
            if (exit[0] && nb_date_parse(exit, &p->exit_day) != 0) {
                rc = nb_err_set(err, NB_EDB, "a person has an invalid exit date");
                break;
            }
            /* the person's first skill: an offset until all are read (the array moves) */
            size_t *off = nb_vec_push(offs);
            if (off == NULL) {
                rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
                break;
            }
            *off = skills->n;
            last = id;
        }
        nb_wl_skill *k = nb_vec_push(skills);
        if (k == NULL) {
            rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
            break;
        }
        k->competency_id = nb_db_col_int(s, 3);
        k->level = nb_db_col_int(s, 4);
        p->nskills++;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "work stock people");
    nb_db_reset(s);
    if (rc != 0)
        return rc;
    nb_wl_person *pp = people->data;
    const size_t *off = offs->data;
    for (size_t i = 0; off != NULL && i < people->n; i++) /* off is NULL only without people */
        pp[i].skills = (const nb_wl_skill *)skills->data + off[i];
    return 0;
}

int nb_workload_report(nb_store *st, const nb_workload_filter *filter, int32_t first_month,
                       size_t nmonths, nb_wl_report *out, nb_err *err)
{
    memset(out, 0, sizeof *out);
    if (nmonths < 1 || nmonths > NB_WL_MAX_MONTHS)
        return nb_err_set(err, NB_EINVAL, "een venster van 1 tot en met %d maanden",
                          NB_WL_MAX_MONTHS);
    int32_t d0, d1, ignore;
    nb_wl_month_days(first_month, &d0, &ignore);
    nb_wl_month_days(first_month + (int32_t)nmonths - 1, &ignore, &d1);
    nb_vec lines = {NULL, 0, 0, sizeof(nb_wl_line)};
    nb_vec profs = {NULL, 0, 0, sizeof(nb_month_weight)};
    nb_vec people = {NULL, 0, 0, sizeof(nb_wl_person)};
    nb_vec skills = {NULL, 0, 0, sizeof(nb_wl_skill)};
    nb_vec offs = {NULL, 0, 0, sizeof(size_t)};
    int rc = nb_wl_load_lines(st, filter, d0, d1, &lines, &profs, err);
    if (rc == 0)
        rc = nb_wl_load_people(st, d0, &people, &skills, &offs, err);
    if (rc == 0) {
        nb_wl_input in = {first_month, nmonths, lines.data, lines.n, people.data, people.n};
        rc = nb_wl_compute(&in, out, err);
    }
    free(lines.data);
    free(profs.data);
    free(people.data);
    free(skills.data);
    free(offs.data);
    return rc;
}
