/*
 * store/team_loader_people.c — the team loader's people: the active people
 * with their skills and learning wishes in three queries, and finding a
 * person by id; see team_loader_impl.h. Moved out of team_loader.c.
 */
#include "store/team_loader_impl.h"

#include "util/date.h"

#include <stdlib.h>
#include <string.h>

/* A person's index in people[0..n) (ordered by id) for id, or -1: first
 * the one after *at (the rows come mostly in person order), else a binary
 * search; *at follows the last hit. */
static long nb_tl_person_at(const nb_tl_person *people, size_t n, int64_t id, size_t *at)
{
    if (*at < n && people[*at].p.id == id)
        return (long)*at;
    if (*at + 1 < n && people[*at + 1].p.id == id)
        return (long)++*at;
    long i = nb_tl_person_index(people, n, id);
    if (i >= 0)
        *at = (size_t)i;
    return i;
}

static int nb_tl_cmp_skill(const void *x, const void *y)
{
    const nb_team_skill *a = x, *b = y;
    return (a->competency_id > b->competency_id) - (a->competency_id < b->competency_id);
}

/* Appends the active people (by id), then their skills and learning wishes,
 * each person's contiguous and ordered by competency: three queries in all,
 * not two per person (nb_person_list loads the lists per person beyond a
 * page, which made the national case's load take most of a minute). The
 * skills are read in table order without a join (an inactive person's rows
 * are skipped here) and placed per person by a counting sort: a join and an
 * ORDER BY cost the national case more than the rest of its people. Names go
 * into one text (c->names), not a fixed array per person. */
int nb_tl_load_people(nb_store *st, nb_tl_ctx *c, nb_err *err)
{
    static const char people_sql[] =
        "SELECT id, organisation_id, name, network_minutes_week, COALESCE(exit_date, '') "
        "FROM people WHERE active = 1 ORDER BY id";
    static const char skill_sql[] =
        "SELECT person_id, competency_id, level FROM person_competencies";
    static const char wish_sql[] =
        "SELECT w.person_id, w.competency_id FROM person_learning_wishes w "
        "JOIN people p ON p.id = w.person_id WHERE p.active = 1 "
        "ORDER BY w.person_id, w.competency_id";
    int rc = 0, r;
    nb_db_stmt *s = nb_store_stmt(st, people_sql, err);
    if (s == NULL)
        return NB_EDB;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        nb_tl_person *p = nb_vec_push(&c->people);
        const char *name = nb_store_col_text(s, 2);
        size_t len = strlen(name) + 1;
        if (p == NULL || nb_vec_reserve(&c->names, len) != 0) {
            rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
            break;
        }
        p->p.id = nb_db_col_int(s, 0);
        p->p.organisation_id = nb_db_col_int(s, 1);
        p->name_off = c->names.n;
        memcpy((char *)c->names.data + c->names.n, name, len);
        c->names.n += len;
        p->network_minutes_week = nb_db_col_int(s, 3);
        const char *exit = nb_store_col_text(s, 4);
        if (exit[0] && nb_date_parse(exit, &p->exit_day) != 0) {
            rc =
                nb_err_set(err, NB_EDB, "person %lld has an invalid exit date", (long long)p->p.id);
            break;
        }
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "people");
    nb_db_reset(s);
    if (rc != 0)
        return rc;

    /* Skills: read (person index, skill) pairs, count per person, place. */
    nb_tl_person *pp = c->people.data;
    size_t np = c->people.n, at = 0, nrows = 0, room = 0;
    /* Made here rather than grown from NULL: GCC 12's -fanalyzer takes
     * realloc(NULL) of two arrays for one buffer freed twice. */
    room = 1024;
    nb_team_skill *rows = malloc(room * sizeof *rows);
    uint32_t *owner = malloc(room * sizeof *owner);
    if (rows == NULL || owner == NULL) {
        free(rows);
        free(owner);
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    }
    if ((s = nb_store_stmt(st, skill_sql, err)) == NULL) {
        free(rows);
        free(owner);
        return NB_EDB;
    }
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        long pi = nb_tl_person_at(pp, np, nb_db_col_int(s, 0), &at);
        if (pi < 0)
            continue; /* not active */
        if (nrows == room) {
            size_t nr = room * 2;
            nb_team_skill *rr = realloc(rows, nr * sizeof *rr);
            if (rr == NULL) {
                rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
                break;
            }
            rows = rr;
            uint32_t *oo = realloc(owner, nr * sizeof *oo);
            if (oo == NULL) {
                rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
                break;
            }
            owner = oo;
            room = nr;
        }
        rows[nrows] =
            (nb_team_skill){.competency_id = nb_db_col_int(s, 1), .level = nb_db_col_int(s, 2)};
        owner[nrows++] = (uint32_t)pi;
        pp[pi].p.nskills++;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "person competencies");
    nb_db_reset(s);
    if (rc == 0 && nb_vec_reserve(&c->skills, nrows) != 0)
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
    if (rc == 0) {
        nb_team_skill *sk = c->skills.data;
        size_t off = 0;
        for (size_t i = 0; i < np; i++) {
            pp[i].skill_off = off;
            off += pp[i].p.nskills;
            pp[i].p.nskills = 0;
        }
        for (size_t k = 0; k < nrows; k++) {
            nb_tl_person *p = &pp[owner[k]];
            sk[p->skill_off + p->p.nskills++] = rows[k];
        }
        c->skills.n = nrows;
        for (size_t i = 0; i < np; i++)
            if (pp[i].p.nskills > 1)
                qsort(sk + pp[i].skill_off, pp[i].p.nskills, sizeof *sk, nb_tl_cmp_skill);
    }
    free(rows);
    free(owner);
    if (rc != 0)
        return rc;

    if ((s = nb_store_stmt(st, wish_sql, err)) == NULL)
        return NB_EDB;
    at = 0;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        long pi = nb_tl_person_at(pp, np, nb_db_col_int(s, 0), &at);
        if (pi < 0)
            continue;
        nb_tl_person *p = &pp[pi];
        int64_t *w = nb_vec_push(&c->wishes);
        if (w == NULL) {
            rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
            break;
        }
        if (p->p.nwishes++ == 0)
            p->wish_off = c->wishes.n - 1;
        *w = nb_db_col_int(s, 1);
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "learning wishes");
    nb_db_reset(s);
    return rc;
}

long nb_tl_person_index(const nb_tl_person *people, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (people[mid].p.id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && people[lo].p.id == id ? (long)lo : -1;
}
