/*
 * store/lessons.c — lessons learned in the store; see lessons.h.
 */
#include "store/lessons.h"

#include "util/date.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_LESSON_WHERE                                                                         \
    " WHERE (l.assignment_id = $1 OR $1 IS NULL) AND (l.category = $2 OR $2 IS NULL) "          \
    "AND (l.author_organisation_id = $3 OR $3 IS NULL) AND (l.created_at >= $4 OR $4 IS NULL) " \
    "AND (l.created_at < $5 OR $5 IS NULL)"

static void nb_lesson_bind(nb_store *st, nb_db_stmt *s, const void *filter)
{
    const nb_lesson_filter *f = filter;
    char from[21], to[21];
    nb_store_bind_opt_id(st, s, 1, f ? f->assignment_id : 0);
    nb_store_bind_text(st, s, 2, f ? f->category : NULL);
    nb_store_bind_opt_id(st, s, 3, f ? f->organisation_id : 0);
    nb_store_bind_text(st, s, 4, f ? nb_time_day_start_iso(f->from, 0, from) : NULL);
    nb_store_bind_text(st, s, 5, f ? nb_time_day_start_iso(f->to, 1, to) : NULL);
}

int nb_lesson_role_of(nb_store *st, const nb_principal *who, const nb_asg *a, const char **role,
                      nb_err *err)
{
    static const char sql[] = "SELECT 1 FROM allocations WHERE person_id = $1 AND "
                              "assignment_id = $2 AND confirmed_at IS NOT NULL LIMIT 1";
    *role = NULL;
    if (a->status == NB_ASSIGNMENT_CONCEPT)
        return nb_err_set(err, NB_ECONFLICT,
                          "Een concept heeft nog geen leerervaringen; dien de opdracht eerst in.");
    if (who->role == NB_ROLE_BEHEER) {
        *role = "netwerk-mt";
        return 0;
    }
    if (who->role == NB_ROLE_COORDINATOR) {
        for (size_t i = 0; i < a->nrequesters; i++)
            if (a->requesters[i].organisation_id == who->organisation_id) {
                *role = "coordinator";
                return 0;
            }
        return nb_err_set(err, NB_EFORBIDDEN,
                          "Alleen een coördinator van een aanvragende organisatie legt een "
                          "leerervaring vast bij deze opdracht.");
    }
    if (who->role == NB_ROLE_MEDEWERKER && who->person_id > 0) {
        if (who->person_id == a->client_person_id) {
            *role = "opdrachtgever";
            return 0;
        }
        nb_db_stmt *s = nb_store_stmt(st, sql, err);
        if (s == NULL)
            return NB_EDB;
        nb_store_bind_int(st, s, 1, who->person_id);
        nb_store_bind_int(st, s, 2, a->id);
        int r = nb_store_step(st, s);
        int rc = r == NB_DB_ROW    ? 0
                 : r == NB_DB_DONE ? NB_EFORBIDDEN
                                   : nb_store_fail(st, err, "allocations");
        nb_db_reset(s);
        if (rc == 0)
            *role = "deelnemer";
        if (rc != NB_EFORBIDDEN)
            return rc;
    }
    return nb_err_set(err, NB_EFORBIDDEN,
                      "Alleen wie aan deze opdracht werkte, de ambtelijk opdrachtgever, een "
                      "coördinator van een aanvragende organisatie of het netwerk-MT legt een "
                      "leerervaring vast.");
}

int nb_lesson_record(nb_store *st, const nb_actor *actor, const nb_principal *who,
                     int64_t assignment_id, nb_lesson *l, const char **field, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO lessons (assignment_id, category, went_well, to_improve, author_role, "
        "author_organisation_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    *field = NULL;
    int rc = nb_lesson_check(l->category, l->went_well, l->to_improve, field, err);
    if (rc != 0)
        return rc;
    nb_asg *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NB_ENOMEM;
    const char *role = NULL;
    char *detail = NULL;
    if ((rc = nb_asg_get(st, assignment_id, a, err)) != 0 ||
        (rc = nb_lesson_role_of(st, who, a, &role, err)) != 0)
        goto cleanup;
    l->assignment_id = assignment_id;
    snprintf(l->assignment_title, sizeof l->assignment_title, "%s", a->title);
    snprintf(l->author_role, sizeof l->author_role, "%s", role);
    l->author_organisation_id = who->role == NB_ROLE_BEHEER ? 0 : who->organisation_id;
    nb_time_now_iso(l->created_at);
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL) {
        rc = NB_EDB;
        goto cleanup;
    }
    nb_store_bind_int(st, s, 1, assignment_id);
    nb_store_bind_text(st, s, 2, l->category);
    nb_store_bind_text(st, s, 3, l->went_well);
    nb_store_bind_text(st, s, 4, l->to_improve);
    nb_store_bind_text(st, s, 5, l->author_role);
    nb_store_bind_opt_id(st, s, 6, l->author_organisation_id);
    nb_store_bind_text(st, s, 7, l->created_at);
    if ((rc = nb_store_exec_stmt(st, s, err)) != 0)
        goto cleanup;
    l->id = nb_store_last_id(st);
    json_t *d = json_pack("{s:I, s:s, s:s}", "opdrachtId", (json_int_t)assignment_id, "categorie",
                          l->category, "rol", l->author_role);
    detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
    json_decref(d);
    if (detail == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    rc = nb_store_audit(st, actor, "create", "leerervaring", l->id, detail, err);
cleanup:
    free(detail);
    free(a);
    return rc;
}

#define NB_LESSON_COLUMNS                                                                \
    "SELECT l.id, l.assignment_id, a.title, l.category, l.went_well, l.to_improve, "     \
    "l.author_role, COALESCE(l.author_organisation_id, 0), l.created_at FROM lessons l " \
    "JOIN assignments a ON a.id = l.assignment_id"

static void nb_lesson_decode(nb_db_stmt *s, void *out)
{
    nb_lesson *l = out;
    memset(l, 0, sizeof *l);
    l->id = nb_db_col_int(s, 0);
    l->assignment_id = nb_db_col_int(s, 1);
    nb_store_col_copy(s, 2, l->assignment_title, sizeof l->assignment_title);
    nb_store_col_copy(s, 3, l->category, sizeof l->category);
    nb_store_col_copy(s, 4, l->went_well, sizeof l->went_well);
    nb_store_col_copy(s, 5, l->to_improve, sizeof l->to_improve);
    nb_store_col_copy(s, 6, l->author_role, sizeof l->author_role);
    l->author_organisation_id = nb_db_col_int(s, 7);
    nb_store_col_copy(s, 8, l->created_at, sizeof l->created_at);
}

int nb_lesson_get(nb_store *st, int64_t id, nb_lesson *out, nb_err *err)
{
    static const char sql[] = NB_LESSON_COLUMNS " WHERE l.id = $1";
    return nb_store_get_one(st, sql, id, nb_lesson_decode, out, "Leerervaring", err);
}

typedef struct nb_lesson_each_ctx {
    int (*fn)(void *ctx, const nb_lesson *l);
    void *ctx;
    nb_lesson *row; /* one heap row, reused */
} nb_lesson_each_ctx;

static int nb_lesson_each(void *c, nb_db_stmt *s)
{
    nb_lesson_each_ctx *e = c;
    nb_lesson_decode(s, e->row);
    return e->fn(e->ctx, e->row);
}

int nb_lesson_list(nb_store *st, const nb_lesson_filter *f, int64_t offset, int64_t limit,
                   int (*each)(void *ctx, const nb_lesson *l), void *ctx, int64_t *total,
                   nb_err *err)
{
    static const char count_sql[] = "SELECT count(*) FROM lessons l" NB_LESSON_WHERE;
    static const char list_sql[] = NB_LESSON_COLUMNS NB_LESSON_WHERE
        " ORDER BY l.created_at DESC, l.id DESC LIMIT $6 OFFSET $7";
    nb_lesson_each_ctx e = {each, ctx, malloc(sizeof(nb_lesson))};
    if (e.row == NULL)
        return NB_ENOMEM;
    int rc = nb_store_page(st, count_sql, list_sql, nb_lesson_bind, f, 6, offset, limit,
                           nb_lesson_each, &e, total, "lessons", err);
    free(e.row);
    return rc;
}

int nb_lesson_counts(nb_store *st, const nb_lesson_filter *f, int64_t counts[NB_LESSON_CATEGORIES],
                     nb_err *err)
{
    static const char sql[] =
        "SELECT l.category, count(*) FROM lessons l" NB_LESSON_WHERE " GROUP BY l.category";
    memset(counts, 0, NB_LESSON_CATEGORIES * sizeof counts[0]);
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_lesson_filter g = f ? *f : (nb_lesson_filter){0};
    g.category = NULL;
    nb_lesson_bind(st, s, &g);
    int r;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        int i = nb_lesson_category_index(nb_store_col_text(s, 0));
        if (i >= 0)
            counts[i] = nb_db_col_int(s, 1);
    }
    int rc = r == NB_DB_DONE ? 0 : nb_store_fail(st, err, "lessons");
    nb_db_reset(s);
    return rc;
}
