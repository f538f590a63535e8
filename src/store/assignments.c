/*
 * store/assignments.c — SQL for assignments, their requesters and lines; see
 * assignments.h.
 */
#include "store/assignments.h"

#include "util/buf.h"

#include "util/date.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_ASG_COLUMNS                                                                  \
    "id, title, description, kind, work_type, status, priority, start_date, end_date, " \
    "sponsor, client_person_id, created_at, updated_at, revision, programme_id"

/* ---- Rows --------------------------------------------------------------- */

static void nb_asg_row(nb_db_stmt *s, void *out)
{
    nb_asg *a = out;
    /* no memset of the whole row (21 KB, most of a list page's time): every
     * scalar is set below, the lists are empty until their rows are read */
    a->nrequesters = 0;
    a->nlines = 0;
    a->nprofile_arena = 0;
    a->id = nb_db_col_int(s, 0);
    nb_store_col_copy(s, 1, a->title, sizeof a->title);
    nb_store_col_copy(s, 2, a->description, sizeof a->description);
    if (nb_assignment_kind_parse(nb_store_col_text(s, 3), &a->kind) != 0)
        a->kind = NB_ASSIGNMENT_LOKAAL; /* the CHECK constraint makes this unreachable */
    nb_store_col_copy(s, 4, a->work_type, sizeof a->work_type);
    if (nb_assignment_status_parse(nb_store_col_text(s, 5), &a->status) != 0)
        a->status = NB_ASSIGNMENT_CONCEPT;
    a->priority = nb_db_col_int(s, 6);
    nb_store_col_copy(s, 7, a->start_date, sizeof a->start_date);
    nb_store_col_copy(s, 8, a->end_date, sizeof a->end_date);
    nb_store_col_copy(s, 9, a->sponsor, sizeof a->sponsor);
    a->client_person_id = nb_db_col_int(s, 10);
    nb_store_col_copy(s, 11, a->created_at, sizeof a->created_at);
    nb_store_col_copy(s, 12, a->updated_at, sizeof a->updated_at);
    a->revision = nb_db_col_int(s, 13);
    a->programme_id = nb_db_col_int(s, 14); /* NULL reads as 0 */
}

static void nb_asg_bind_fields(nb_store *st, nb_db_stmt *s, const nb_asg *a)
{
    nb_store_bind_text(st, s, 1, a->title);
    nb_store_bind_text(st, s, 2, a->description);
    nb_store_bind_text(st, s, 3, nb_assignment_kind_name(a->kind));
    nb_store_bind_text(st, s, 4, a->work_type);
    nb_store_bind_text(st, s, 5, nb_assignment_status_name(a->status));
    nb_store_bind_int(st, s, 6, a->priority);
    nb_store_bind_text(st, s, 7, a->start_date);
    nb_store_bind_text(st, s, 8, a->end_date);
    nb_store_bind_text(st, s, 9, a->sponsor);
    nb_store_bind_int(st, s, 10, a->client_person_id);
    if (a->programme_id > 0)
        nb_store_bind_int(st, s, 12, a->programme_id);
    else
        nb_store_bind_null(st, s, 12);
}

int nb_asg_line_set_profile(nb_asg *a, size_t i, const nb_month_weight *e, size_t n)
{
    nb_assignment_line *l = &a->lines[i];
    l->profile = NULL;
    l->nprofile = 0;
    if (n == 0)
        return 0;
    if (n > NB_ASG_PROFILE_ARENA - a->nprofile_arena)
        return NB_ELIMIT;
    nb_month_weight *dst = a->profile_arena + a->nprofile_arena;
    memcpy(dst, e, n * sizeof *e);
    a->nprofile_arena += n;
    l->profile = dst;
    l->nprofile = n;
    return 0;
}

int nb_asg_profile_read(const char *t, int64_t line_id, nb_line_profile *out, nb_err *err)
{
    char why[160];
    out->n = 0;
    if (t == NULL || t[0] == '\0')
        return 0;
    if (nb_line_profile_parse(t, out, why, sizeof why) != 0) {
        out->n = 0;
        return nb_err_set(
            err, NB_EDB, "assignment line %lld: the stored month profile \"%.80s\" is corrupt (%s)",
            (long long)line_id, t, why);
    }
    return 0;
}

void nb_asg_copy(nb_asg *dst, const nb_asg *src)
{
    memcpy(dst, src, sizeof *dst);
    for (size_t i = 0; i < dst->nlines; i++)
        if (src->lines[i].nprofile > 0) /* every loaded or set profile lies in src's arena */
            dst->lines[i].profile =
                dst->profile_arena + (src->lines[i].profile - src->profile_arena);
}

/*
 * Reads line a->lines[a->nlines] from columns col.. of s (id, competency,
 * level, minutes, month profile as canonical text or NULL) and counts it.
 * The writers keep the profile parseable (canonical text, the CHECK
 * constraint); a text that does not parse or does not fit the row's arena
 * is a corrupt store: NB_EDB naming the line, never read as "no profile".
 */
static int nb_asg_line_read(nb_db_stmt *s, int col, nb_asg *a, nb_err *err)
{
    nb_assignment_line *l = &a->lines[a->nlines++];
    l->id = nb_db_col_int(s, col);
    l->competency_id = nb_db_col_int(s, col + 1);
    l->min_level = nb_db_col_int(s, col + 2);
    l->minutes = nb_db_col_int(s, col + 3);
    l->profile = NULL;
    l->nprofile = 0;
    nb_line_profile p;
    int rc = nb_asg_profile_read(nb_store_col_text(s, col + 4), l->id, &p, err);
    if (rc != 0)
        return rc;
    if (nb_asg_line_set_profile(a, a->nlines - 1, p.e, p.n) != 0)
        return nb_err_set(err, NB_EDB,
                          "assignment line %lld: the stored month profiles of assignment %lld "
                          "exceed %d months together",
                          (long long)l->id, (long long)a->id, NB_ASG_PROFILE_ARENA);
    return 0;
}

/* Binds line l's month profile as canonical text at parameter i (NULL: none). */
static void nb_asg_bind_profile(nb_store *st, nb_db_stmt *s, int i, const nb_assignment_line *l)
{
    char text[NB_PROFILE_TEXT_MAX];
    if (l->nprofile == 0) {
        nb_store_bind_null(st, s, i);
        return;
    }
    nb_line_profile_format(l->profile, l->nprofile, 0, text, sizeof text);
    nb_store_bind_text(st, s, i, text);
}

/* Loads the requesters of a->id into a. */
static int nb_asg_load_requesters(nb_store *st, nb_asg *a, nb_err *err)
{
    static const char req_sql[] =
        "SELECT organisation_id, share FROM assignment_requesters WHERE assignment_id = $1 "
        "ORDER BY organisation_id";
    int r, rc = 0;
    nb_db_stmt *s = nb_store_stmt(st, req_sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, a->id);
    a->nrequesters = 0;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW && a->nrequesters < NB_ASG_MAX_REQUESTERS) {
        nb_assignment_requester *q = &a->requesters[a->nrequesters++];
        q->organisation_id = nb_db_col_int(s, 0);
        q->share = nb_db_col_int(s, 1);
    }
    if (r != NB_DB_ROW && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "assignment requesters");
    nb_db_reset(s);
    return rc;
}

/* Loads the lines of a->id into a (their month profiles into its arena). */
static int nb_asg_load_lines(nb_store *st, nb_asg *a, nb_err *err)
{
    static const char line_sql[] =
        "SELECT id, competency_id, min_level, minutes, month_profile FROM assignment_lines "
        "WHERE assignment_id = $1 ORDER BY position";
    int r = NB_DB_DONE, rc = 0;
    nb_db_stmt *s = nb_store_stmt(st, line_sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, a->id);
    a->nlines = 0;
    a->nprofile_arena = 0;
    while (rc == 0 && (r = nb_store_step(st, s)) == NB_DB_ROW && a->nlines < NB_ASG_MAX_LINES)
        rc = nb_asg_line_read(s, 0, a, err);
    if (rc == 0 && r != NB_DB_ROW && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "assignment lines");
    nb_db_reset(s);
    return rc;
}

/* Replaces the requesters of a->id with a->requesters. */
static int nb_asg_save_requesters(nb_store *st, const nb_asg *a, nb_err *err)
{
    static const char del_sql[] = "DELETE FROM assignment_requesters WHERE assignment_id = $1";
    static const char ins_sql[] =
        "INSERT INTO assignment_requesters (assignment_id, organisation_id, share) "
        "VALUES ($1, $2, $3)";
    nb_db_stmt *s = nb_store_stmt(st, del_sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, a->id);
    int rc = nb_store_exec_stmt(st, s, err);
    for (size_t i = 0; rc == 0 && i < a->nrequesters; i++) {
        if ((s = nb_store_stmt(st, ins_sql, err)) == NULL)
            return NB_EDB;
        nb_store_bind_int(st, s, 1, a->id);
        nb_store_bind_int(st, s, 2, a->requesters[i].organisation_id);
        nb_store_bind_int(st, s, 3, a->requesters[i].share);
        rc = nb_store_exec_stmt(st, s, err);
    }
    return rc;
}

/*
 * Saves a->lines at positions 1..nlines: a position that exists is updated
 * in place (its id is kept), a new one is inserted, positions beyond nlines
 * are removed. Line ids are written back into a->lines.
 */
static int nb_asg_save_lines(nb_store *st, nb_asg *a, nb_err *err)
{
    static const char find_sql[] =
        "SELECT id FROM assignment_lines WHERE assignment_id = $1 AND position = $2";
    static const char upd_sql[] =
        "UPDATE assignment_lines SET competency_id = $1, min_level = $2, minutes = $3, "
        "month_profile = $5 WHERE id = $4";
    static const char ins_sql[] =
        "INSERT INTO assignment_lines (assignment_id, position, competency_id, min_level, minutes, "
        "month_profile) VALUES ($1, $2, $3, $4, $5, $6)";
    static const char del_sql[] =
        "DELETE FROM assignment_lines WHERE assignment_id = $1 AND position > $2";
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < a->nlines; i++) {
        nb_assignment_line *l = &a->lines[i];
        nb_db_stmt *s = nb_store_stmt(st, find_sql, err);
        if (s == NULL)
            return NB_EDB;
        nb_store_bind_int(st, s, 1, a->id);
        nb_store_bind_int(st, s, 2, (int64_t)i + 1);
        int r = nb_store_step(st, s);
        int64_t id = r == NB_DB_ROW ? nb_db_col_int(s, 0) : 0;
        if (r != NB_DB_ROW && r != NB_DB_DONE)
            rc = nb_store_fail(st, err, "assignment lines");
        nb_db_reset(s);
        if (rc != 0)
            return rc;
        if (id != 0) {
            if ((s = nb_store_stmt(st, upd_sql, err)) == NULL)
                return NB_EDB;
            nb_store_bind_int(st, s, 1, l->competency_id);
            nb_store_bind_int(st, s, 2, l->min_level);
            nb_store_bind_int(st, s, 3, l->minutes);
            nb_store_bind_int(st, s, 4, id);
            nb_asg_bind_profile(st, s, 5, l);
            rc = nb_store_exec_stmt(st, s, err);
            l->id = id;
        } else {
            if ((s = nb_store_stmt(st, ins_sql, err)) == NULL)
                return NB_EDB;
            nb_store_bind_int(st, s, 1, a->id);
            nb_store_bind_int(st, s, 2, (int64_t)i + 1);
            nb_store_bind_int(st, s, 3, l->competency_id);
            nb_store_bind_int(st, s, 4, l->min_level);
            nb_store_bind_int(st, s, 5, l->minutes);
            nb_asg_bind_profile(st, s, 6, l);
            rc = nb_store_exec_stmt(st, s, err);
            l->id = nb_store_last_id(st);
        }
    }
    if (rc != 0)
        return rc;
    nb_db_stmt *s = nb_store_stmt(st, del_sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, a->id);
    nb_store_bind_int(st, s, 2, (int64_t)a->nlines);
    return nb_store_exec_stmt(st, s, err);
}

/* ---- Insert, update, get ------------------------------------------------- */

int nb_asg_insert(nb_store *st, nb_asg *a, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO assignments (title, description, kind, work_type, status, priority, "
        "start_date, end_date, sponsor, client_person_id, created_at, updated_at, revision, "
        "programme_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, 1, $12)";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_time_now_iso(a->created_at);
    memcpy(a->updated_at, a->created_at, sizeof a->updated_at);
    nb_asg_bind_fields(st, s, a);
    nb_store_bind_text(st, s, 11, a->created_at);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc != 0)
        return rc;
    a->id = nb_store_last_id(st);
    a->revision = 1;
    if ((rc = nb_asg_save_requesters(st, a, err)) != 0)
        return rc;
    return nb_asg_save_lines(st, a, err);
}

int nb_asg_update(nb_store *st, nb_asg *a, nb_err *err)
{
    static const char sql[] =
        "UPDATE assignments SET title = $1, description = $2, kind = $3, work_type = $4, "
        "status = $5, priority = $6, start_date = $7, end_date = $8, sponsor = $9, "
        "client_person_id = $10, updated_at = $11, revision = revision + 1, programme_id = $12 "
        "WHERE id = $13";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    char now[21];
    nb_time_now_iso(now);
    nb_asg_bind_fields(st, s, a);
    nb_store_bind_text(st, s, 11, now);
    nb_store_bind_int(st, s, 13, a->id);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc != 0)
        return rc;
    if (nb_store_changes(st) == 0)
        return nb_err_set(err, NB_ENOTFOUND, "Opdracht %lld bestaat niet.", (long long)a->id);
    if ((rc = nb_asg_save_requesters(st, a, err)) != 0)
        return rc;
    if ((rc = nb_asg_save_lines(st, a, err)) != 0)
        return rc;
    return nb_asg_get(st, a->id, a, err);
}

int nb_asg_set_status(nb_store *st, int64_t id, nb_assignment_status status, nb_err *err)
{
    static const char sql[] =
        "UPDATE assignments SET status = $1, updated_at = $2, revision = revision + 1 "
        "WHERE id = $3";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    char now[21];
    nb_time_now_iso(now);
    nb_store_bind_text(st, s, 1, nb_assignment_status_name(status));
    nb_store_bind_text(st, s, 2, now);
    nb_store_bind_int(st, s, 3, id);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc != 0)
        return rc;
    if (nb_store_changes(st) == 0)
        return nb_err_set(err, NB_ENOTFOUND, "Opdracht %lld bestaat niet.", (long long)id);
    return 0;
}

int nb_asg_get_terms(nb_store *st, int64_t id, nb_asg *out, nb_err *err)
{
    static const char sql[] = "SELECT " NB_ASG_COLUMNS " FROM assignments WHERE id = $1";
    int rc = nb_store_get_one(st, sql, id, nb_asg_row, out, "Opdracht", err);
    if (rc != 0)
        return rc;
    out->nlines = 0;
    out->nprofile_arena = 0;
    return nb_asg_load_requesters(st, out, err);
}

int nb_asg_get(nb_store *st, int64_t id, nb_asg *out, nb_err *err)
{
    int rc = nb_asg_get_terms(st, id, out, err);
    return rc == 0 ? nb_asg_load_lines(st, out, err) : rc;
}

/* ---- List ---------------------------------------------------------------- */

/*
 * The WHERE of an assignment listing for the filters in use: a filter not in
 * use is "$n IS NULL" (bound NULL, so true), not "($n IS NULL OR ...)", which
 * keeps SQLite from using an index (assignments_status) and makes count(*)
 * test every row (see nb_store_page_where). Parameters: $1 status, $2 kind,
 * $3 work type, $4 requester, $5/$6 period, $9 text in the title, $10 programme,
 * $11 the keyset's id (0: from the start); $7/$8 are the page's limit and offset.
 */
static void nb_asg_where(const nb_asg_filter *f, nb_buf *w)
{
    nb_buf_printf(w, " WHERE %s AND %s AND %s AND %s AND %s AND %s AND %s AND %s AND id > $11",
                  f && f->status ? "status = $1" : "$1 IS NULL",
                  f && f->kind ? "kind = $2" : "$2 IS NULL",
                  f && f->work_type ? "work_type = $3" : "$3 IS NULL",
                  f && f->organisation_id > 0
                      ? "EXISTS (SELECT 1 FROM assignment_requesters r WHERE r.assignment_id = "
                        "assignments.id AND r.organisation_id = $4)"
                      : "$4 IS NULL",
                  f && f->from ? "end_date >= $5" : "$5 IS NULL",
                  f && f->to ? "start_date <= $6" : "$6 IS NULL",
                  f && f->text && f->text[0] ? "instr(lower(title), lower($9)) > 0" : "$9 IS NULL",
                  f && f->programme_id > 0 ? "programme_id = $10" : "$10 IS NULL");
}

static void nb_asg_bind_filter(nb_store *st, nb_db_stmt *s, const nb_asg_filter *f)
{
    nb_store_bind_text(st, s, 1, f ? f->status : NULL);
    nb_store_bind_text(st, s, 2, f ? f->kind : NULL);
    nb_store_bind_text(st, s, 3, f ? f->work_type : NULL);
    if (f && f->organisation_id > 0)
        nb_store_bind_int(st, s, 4, f->organisation_id);
    else
        nb_store_bind_null(st, s, 4);
    nb_store_bind_text(st, s, 5, f ? f->from : NULL);
    nb_store_bind_text(st, s, 6, f ? f->to : NULL);
    nb_store_bind_text(st, s, 9, f && f->text && f->text[0] ? f->text : NULL);
    if (f && f->programme_id > 0)
        nb_store_bind_int(st, s, 10, f->programme_id);
    else
        nb_store_bind_null(st, s, 10);
    nb_store_bind_int(st, s, 11, f ? f->after_id : 0);
}

const nb_sort_field nb_asg_sort_fields[] = {
    {"id", "id"},
    {"titel", "title COLLATE NOCASE"},
    {"soort", "kind"},
    {"werksoort", "work_type"},
    {"status", "status"},
    {"prioriteit", "priority"},
    {"startdatum", "start_date"},
    {"einddatum", "end_date"},
    {"programmaId", "programme_id"},
    {NULL, NULL},
};

/* The ids of a sorted page, collected before any assignment is loaded. */
typedef struct nb_asg_ids {
    int64_t *ids;
    size_t n, cap;
} nb_asg_ids;

static int nb_asg_collect_id(void *ctx, nb_db_stmt *row)
{
    nb_asg_ids *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        int64_t *ids = realloc(c->ids, cap * sizeof *ids);
        if (ids == NULL)
            return NB_ENOMEM;
        c->ids = ids;
        c->cap = cap;
    }
    c->ids[c->n++] = nb_db_col_int(row, 0);
    return 0;
}

/* The index in v[0..n) of the assignment with id, looking from *hint on
 * (child rows come ordered by assignment id, the page in its own order); -1
 * when none. */
static long nb_asg_page_find(const nb_asg *v, size_t n, int64_t id, size_t *hint)
{
    return nb_store_row_find(v, n, sizeof *v, offsetof(nb_asg, id), id, hint);
}

/*
 * Loads the assignments ids[0..n) (n <= NB_ASG_PAGE_MAX) with their
 * requesters and lines in three queries, not three per assignment, and calls
 * fn for each in ids' order. An id that no longer exists is skipped.
 */
#define NB_ASG_PAGE_MAX 100
static int nb_asg_load_page(nb_store *st, const int64_t *ids, size_t n,
                            int (*fn)(void *ctx, const nb_asg *a), void *ctx, nb_err *err)
{
    static const char row_sql[] =
        "SELECT " NB_ASG_COLUMNS " FROM assignments WHERE id IN (SELECT value FROM json_each($1))";
    static const char req_sql[] =
        "SELECT assignment_id, organisation_id, share FROM assignment_requesters "
        "WHERE assignment_id IN (SELECT value FROM json_each($1)) "
        "ORDER BY assignment_id, organisation_id";
    static const char line_sql[] =
        "SELECT assignment_id, id, competency_id, min_level, minutes, month_profile "
        "FROM assignment_lines "
        "WHERE assignment_id IN (SELECT value FROM json_each($1)) ORDER BY assignment_id, position";
    nb_asg *v = malloc((n ? n : 1) * sizeof *v); /* nb_asg_row clears each row it fills */
    size_t got = 0, hint = 0;
    int rc = 0, r = NB_DB_DONE;
    if (v == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    nb_db_stmt *s = nb_store_stmt(st, row_sql, err);
    if (s == NULL) {
        rc = NB_EDB;
        goto cleanup;
    }
    nb_store_bind_ids(st, s, 1, ids, n);
    while (got < n && (r = nb_store_step(st, s)) == NB_DB_ROW)
        nb_asg_row(s, &v[got++]);
    if (r != NB_DB_ROW && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "assignments");
    nb_db_reset(s);
    for (int pass = 0; rc == 0 && pass < 2; pass++) {
        if ((s = nb_store_stmt(st, pass == 0 ? req_sql : line_sql, err)) == NULL) {
            rc = NB_EDB;
            goto cleanup;
        }
        nb_store_bind_ids(st, s, 1, ids, n);
        while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
            long i = nb_asg_page_find(v, got, nb_db_col_int(s, 0), &hint);
            if (i < 0 || (size_t)i >= got)
                continue; /* cannot happen: one read snapshot */
            nb_asg *a = &v[i];
            if (pass == 0 && a->nrequesters < NB_ASG_MAX_REQUESTERS) {
                nb_assignment_requester *q = &a->requesters[a->nrequesters++];
                q->organisation_id = nb_db_col_int(s, 1);
                q->share = nb_db_col_int(s, 2);
            } else if (pass == 1 && a->nlines < NB_ASG_MAX_LINES &&
                       (rc = nb_asg_line_read(s, 1, a, err)) != 0) {
                break;
            }
        }
        if (rc == 0 && r != NB_DB_DONE)
            rc = nb_store_fail(st, err, pass == 0 ? "assignment requesters" : "assignment lines");
        nb_db_reset(s);
    }
    for (size_t k = 0; rc == 0 && k < n; k++) {
        long i = nb_asg_page_find(v, got, ids[k], &hint);
        if (i >= 0 && (size_t)i < got)
            rc = fn(ctx, &v[i]);
    }
cleanup:
    free(v);
    return rc;
}

/* nb_asg_load_page over any number of ids, a page at a time. */
static int nb_asg_load_ids(nb_store *st, const int64_t *ids, size_t n,
                           int (*fn)(void *ctx, const nb_asg *a), void *ctx, nb_err *err)
{
    int rc = 0;
    for (size_t at = 0; rc == 0 && at < n; at += NB_ASG_PAGE_MAX)
        rc = nb_asg_load_page(st, ids + at, n - at < NB_ASG_PAGE_MAX ? n - at : NB_ASG_PAGE_MAX, fn,
                              ctx, err);
    return rc;
}

static void nb_asg_bind_any(nb_store *st, nb_db_stmt *s, const void *filter)
{
    nb_asg_bind_filter(st, s, filter);
}

/* nb_asg_list in filter->sort's order (n > 0): the page's ids, then each assignment. */
static int nb_asg_list_sorted(nb_store *st, const nb_asg_filter *filter, const char *where,
                              int64_t offset, int64_t limit, int (*fn)(void *ctx, const nb_asg *a),
                              void *ctx, int64_t *total, nb_err *err)
{
    static const nb_store_order order = {"SELECT id FROM assignments", nb_asg_sort_fields, "id"};
    nb_asg_ids c = {NULL, 0, 0};
    int rc = nb_store_page_where(st, "SELECT count(*) FROM assignments", &order, where,
                                 &filter->sort, nb_asg_bind_any, filter, 7, offset, limit,
                                 nb_asg_collect_id, &c, total, "assignments", err);
    if (rc == NB_ENOMEM)
        nb_err_set(err, NB_ENOMEM, "out of memory");
    if (rc == 0)
        rc = nb_asg_load_ids(st, c.ids, c.n, fn, ctx, err);
    free(c.ids);
    return rc;
}

/* nb_asg_list by id (no sort keys); where is the filter's shape (nb_asg_where).
 * The ids come a page of at most NB_ASG_PAGE_MAX at a time (nb_store_page_where:
 * the total counted with the first, memoised), each page then loaded with its
 * children in three queries (nb_asg_load_page): no statement stays open while
 * the callback runs. */
static int nb_asg_list_by_id(nb_store *st, const nb_asg_filter *filter, const char *where,
                             int64_t offset, int64_t limit, int (*fn)(void *ctx, const nb_asg *a),
                             void *ctx, int64_t *total, nb_err *err)
{
    static const nb_store_order order = {"SELECT id FROM assignments", nb_asg_sort_fields, "id"};
    nb_asg_ids c = {NULL, 0, 0};
    int64_t remaining = limit;
    int rc = 0;
    do {
        int64_t batch = limit < 0 || remaining > NB_ASG_PAGE_MAX ? NB_ASG_PAGE_MAX : remaining;
        c.n = 0;
        rc = nb_store_page_where(st, "SELECT count(*) FROM assignments", &order, where, NULL,
                                 nb_asg_bind_any, filter, 7, offset, batch, nb_asg_collect_id, &c,
                                 total, "assignments", err);
        total = NULL; /* counted with the first batch */
        if (rc == NB_ENOMEM)
            nb_err_set(err, NB_ENOMEM, "out of memory");
        if (rc == 0 && c.n > 0)
            rc = nb_asg_load_page(st, c.ids, c.n, fn, ctx, err);
        if ((int64_t)c.n < batch)
            break;
        offset += batch;
        remaining -= batch;
    } while (rc == 0 && (limit < 0 || remaining > 0));
    free(c.ids);
    return rc;
}

int nb_asg_list(nb_store *st, const nb_asg_filter *filter, int64_t offset, int64_t limit,
                int (*fn)(void *ctx, const nb_asg *a), void *ctx, int64_t *total, nb_err *err)
{
    nb_buf where = NB_BUF_INIT;
    nb_asg_where(filter, &where);
    int rc;
    if (where.oom)
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
    else if (filter && filter->sort.n > 0)
        rc =
            nb_asg_list_sorted(st, filter, nb_buf_cstr(&where), offset, limit, fn, ctx, total, err);
    else
        rc = nb_asg_list_by_id(st, filter, nb_buf_cstr(&where), offset, limit, fn, ctx, total, err);
    nb_buf_free(&where);
    return rc;
}

int nb_asg_each_with_status(nb_store *st, const char *status, int (*fn)(void *ctx, const nb_asg *a),
                            void *ctx, nb_err *err)
{
    static const char asg_sql[] =
        "SELECT " NB_ASG_COLUMNS " FROM assignments WHERE status = $1 ORDER BY id";
    static const char req_sql[] =
        "SELECT r.assignment_id, r.organisation_id, r.share FROM assignment_requesters r "
        "JOIN assignments a ON a.id = r.assignment_id WHERE a.status = $1 "
        "ORDER BY r.assignment_id, r.organisation_id";
    static const char line_sql[] =
        "SELECT l.assignment_id, l.id, l.competency_id, l.min_level, l.minutes, l.month_profile "
        "FROM assignment_lines l JOIN assignments a ON a.id = l.assignment_id "
        "WHERE a.status = $1 ORDER BY l.assignment_id, l.position";
    nb_db_stmt *sa = nb_store_stmt(st, asg_sql, err);
    nb_db_stmt *sr = sa ? nb_store_stmt(st, req_sql, err) : NULL;
    nb_db_stmt *sl = sr ? nb_store_stmt(st, line_sql, err) : NULL;
    if (sl == NULL) {
        if (sa)
            nb_db_reset(sa);
        if (sr)
            nb_db_reset(sr);
        return NB_EDB;
    }
    nb_store_bind_text(st, sa, 1, status);
    nb_store_bind_text(st, sr, 1, status);
    nb_store_bind_text(st, sl, 1, status);
    int rc = 0, ra = NB_DB_DONE, rr = nb_store_step(st, sr), rl = nb_store_step(st, sl);
    nb_asg *a = malloc(sizeof *a);
    if (a == NULL)
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
    while (rc == 0 && a != NULL && (ra = nb_store_step(st, sa)) == NB_DB_ROW) {
        nb_asg_row(sa, a);
        /* the children are ordered by assignment id as the assignments are */
        while (rr == NB_DB_ROW && nb_db_col_int(sr, 0) < a->id)
            rr = nb_store_step(st, sr);
        for (; rr == NB_DB_ROW && nb_db_col_int(sr, 0) == a->id; rr = nb_store_step(st, sr)) {
            if (a->nrequesters == NB_ASG_MAX_REQUESTERS)
                continue;
            nb_assignment_requester *q = &a->requesters[a->nrequesters++];
            q->organisation_id = nb_db_col_int(sr, 1);
            q->share = nb_db_col_int(sr, 2);
        }
        while (rl == NB_DB_ROW && nb_db_col_int(sl, 0) < a->id)
            rl = nb_store_step(st, sl);
        for (; rl == NB_DB_ROW && nb_db_col_int(sl, 0) == a->id; rl = nb_store_step(st, sl)) {
            if (a->nlines < NB_ASG_MAX_LINES && (rc = nb_asg_line_read(sl, 1, a, err)) != 0)
                break;
        }
        if (rc != 0)
            break;
        if ((rr != NB_DB_ROW && rr != NB_DB_DONE) || (rl != NB_DB_ROW && rl != NB_DB_DONE))
            rc = nb_store_fail(st, err, "assignment requesters or lines");
        else
            rc = fn(ctx, a);
    }
    if (rc == 0 && ra != NB_DB_DONE)
        rc = nb_store_fail(st, err, "assignments");
    nb_db_reset(sa);
    nb_db_reset(sr);
    nb_db_reset(sl);
    free(a);
    return rc;
}

/* ---- References ---------------------------------------------------------- */

int nb_asg_person_organisation(nb_store *st, int64_t person_id, int64_t *organisation_id,
                               nb_err *err)
{
    static const char sql[] = "SELECT organisation_id FROM people WHERE id = $1";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, person_id);
    int r = nb_store_step(st, s);
    int rc = 0;
    if (r == NB_DB_ROW)
        *organisation_id = nb_db_col_int(s, 0);
    else if (r == NB_DB_DONE)
        rc = nb_err_set(err, NB_ENOTFOUND, "Medewerker %lld bestaat niet.", (long long)person_id);
    else
        rc = nb_store_fail(st, err, "person");
    nb_db_reset(s);
    return rc;
}
