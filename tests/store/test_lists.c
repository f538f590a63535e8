/*
 * tests/store/test_lists.c — the person, assignment and time-entry listings give the
 * same pages and totals as the plain reading of their filters (issue 14:
 * the WHERE is shaped per request so that indexes serve it, and sorted
 * statements are cached per order). On a small demo network, every
 * combination of filters, several sort orders and pages is compared with a
 * reference query in the old "($n IS NULL OR ...)" form, run directly; a
 * listed person carries the lists nb_person_get loads (a page loads them in
 * two queries). An organisation's statement, whole, without assignments and
 * in pages, has the lines of the plain reading of the ledger.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli/cli.h"
#include "store/assignments.h"
#include "store/audit.h"
#include "store/people.h"
#include "store/statement.h"
#include "store/time_entries.h"
#include "store/db_sqlite.h"
#include "store/store.h"
#include "store_db.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fixture {
    char path[64];
    nb_store *st;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    if (nb_t_sqlite_fresh("lists", f->path, sizeof f->path) != 0)
        return -1;
    char *init[] = {"init", "--db", f->path, NULL};
    char *demo[] = {"demo", "--db", f->path, "--people", "240", "--assignments", "40", NULL};
    if (nb_cmd_init(3, init) != 0 || nb_cmd_demo(7, demo) != 0)
        return -1;
    nb_err err = {{0}};
    if (nb_store_open(f->path, 0, &f->st, &err) != 0)
        return -1;
    /* some inactive people, so that the active filter selects */
    if (nb_store_exec(f->st, "UPDATE people SET active = 0 WHERE id % 5 = 0", &err) != 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    nb_store_close(f->st);
    nb_t_sqlite_remove(f->path);
    free(f);
    return 0;
}

typedef struct ids {
    int64_t v[128];
    int n;
} ids;

static int add_person(void *ctx, const nb_person *p)
{
    ids *c = ctx;
    assert_true(c->n < 128);
    c->v[c->n++] = p->id;
    return 0;
}

/* A listed person is the person loaded alone: the same fields and the same
 * competencies and learning wishes (loaded for the whole page at once). */
typedef struct same_ctx {
    nb_store *st;
    int checked;
} same_ctx;

static int same_person(void *ctx, const nb_person *p)
{
    same_ctx *c = ctx;
    nb_person *one = malloc(sizeof *one);
    nb_err err = {{0}};
    assert_non_null(one);
    assert_int_equal(nb_person_get(c->st, p->id, one, &err), 0);
    assert_string_equal(p->name, one->name);
    assert_int_equal(p->organisation_id, one->organisation_id);
    assert_int_equal(p->ncomps, one->ncomps);
    assert_int_equal(p->nwishes, one->nwishes);
    assert_memory_equal(p->comps, one->comps, p->ncomps * sizeof p->comps[0]);
    assert_memory_equal(p->wishes, one->wishes, p->nwishes * sizeof p->wishes[0]);
    c->checked += p->ncomps > 0 && p->nwishes > 0;
    free(one);
    return 0;
}

static void test_person_lists_loaded(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    same_ctx c = {f->st, 0};
    int64_t total = 0;
    nb_sort by_name_desc = {1, {1}, {1}};
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    for (int64_t off = 0; off < 240; off += 100) {
        nb_person_filter pf = NB_PERSON_FILTER_ALL;
        pf.sort = by_name_desc; /* rows not in id order */
        assert_int_equal(nb_person_list(f->st, &pf, off, 100, same_person, &c, &total, &err), 0);
    }
    /* and the walk over everyone (loaded per person) */
    nb_person_filter all = NB_PERSON_FILTER_ALL;
    assert_int_equal(nb_person_list(f->st, &all, 0, -1, same_person, &c, &total, &err), 0);
    nb_store_rollback(f->st);
    assert_true(c.checked > 10); /* people with both lists were compared */
}

static int add_asg(void *ctx, const nb_asg *a)
{
    ids *c = ctx;
    assert_true(c->n < 128);
    c->v[c->n++] = a->id;
    return 0;
}

/* Binds v to $n of s: NULL when v is NULL. */
static void bind_text(sqlite3_stmt *s, int n, const char *v)
{
    if (v)
        sqlite3_bind_text(s, n, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, n);
}

static void bind_id(sqlite3_stmt *s, int n, int64_t v)
{
    if (v > 0)
        sqlite3_bind_int64(s, n, v);
    else
        sqlite3_bind_null(s, n);
}

/* The ORDER BY of sort over fields, then "id". */
static void order_by(const nb_sort *sort, const nb_sort_field *fields, char *out, size_t len)
{
    size_t o = (size_t)snprintf(out, len, " ORDER BY ");
    for (int i = 0; i < sort->n; i++)
        o += (size_t)snprintf(out + o, len - o, "%s %s, ", fields[sort->field[i]].sql,
                              sort->desc[i] ? "DESC" : "ASC");
    snprintf(out + o, len - o, "id");
}

/* Steps a reference query: the ids into r, or the count into *total. */
static void run_ref(sqlite3_stmt *s, ids *r, int64_t *total)
{
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (total)
            *total = sqlite3_column_int64(s, 0);
        else
            r->v[r->n++] = sqlite3_column_int64(s, 0);
    }
    assert_int_equal(rc, SQLITE_DONE);
    sqlite3_finalize(s);
}

#define OLD_PERSON_WHERE                                                             \
    " WHERE ($1 IS NULL OR organisation_id = $1) "                                   \
    "AND ($2 IS NULL OR EXISTS (SELECT 1 FROM person_competencies pc "               \
    "WHERE pc.person_id = people.id AND pc.competency_id = $2 AND pc.level >= $3)) " \
    "AND ($4 IS NULL OR active = $4) "                                               \
    "AND ($5 IS NULL OR instr(lower(name), lower($5)) > 0)"

static void person_ref(fixture *f, const nb_person_filter *pf, int64_t offset, int64_t limit,
                       ids *r, int64_t *total)
{
    sqlite3 *db = nb_store_sqlite(f->st);
    char sql[1024], ob[256];
    order_by(&pf->sort, nb_person_sort_fields, ob, sizeof ob);
    for (int pass = 0; pass < 2; pass++) {
        sqlite3_stmt *s = NULL;
        if (pass == 0)
            snprintf(sql, sizeof sql, "SELECT count(*) FROM people" OLD_PERSON_WHERE);
        else
            snprintf(sql, sizeof sql,
                     "SELECT id FROM people" OLD_PERSON_WHERE "%s LIMIT $6 OFFSET $7", ob);
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
        bind_id(s, 1, pf->organisation_id);
        bind_id(s, 2, pf->competency_id);
        sqlite3_bind_int64(s, 3, pf->min_level > 0 ? pf->min_level : 0);
        if (pf->active == 0 || pf->active == 1)
            sqlite3_bind_int64(s, 4, pf->active);
        else
            sqlite3_bind_null(s, 4);
        bind_text(s, 5, pf->name_like);
        if (pass == 1) {
            sqlite3_bind_int64(s, 6, limit);
            sqlite3_bind_int64(s, 7, offset);
        }
        run_ref(s, r, pass == 0 ? total : NULL);
    }
}

static void check_same(const ids *got, int64_t got_total, const ids *want, int64_t want_total,
                       const char *what, int combo)
{
    if (got_total != want_total || got->n != want->n ||
        memcmp(got->v, want->v, (size_t)got->n * sizeof got->v[0]) != 0)
        fail_msg("%s, combination %d: total %lld (want %lld), %d rows (want %d)", what, combo,
                 (long long)got_total, (long long)want_total, got->n, want->n);
}

static void test_person_pages(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    int64_t orgs[] = {0, 2, 3};
    int64_t comp = 0;
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(nb_store_sqlite(f->st),
                                        "SELECT competency_id FROM person_competencies GROUP BY 1 "
                                        "ORDER BY count(*) DESC LIMIT 1",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    comp = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    const char *names[] = {NULL, "an", "", "zzz-niemand"};
    nb_sort sorts[4] = {{0}, {1, {1}, {0}}, {2, {1, 3}, {1, 0}}, {2, {2, 0}, {1, 1}}};
    int64_t pages[][2] = {{0, 7}, {7, 7}, {0, 100}};
    int combo = 0, nonempty = 0;
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    for (size_t o = 0; o < 3; o++)
        for (int c = 0; c < 3; c++)
            for (int a = -1; a <= 1; a++)
                for (size_t nm = 0; nm < 4; nm++)
                    for (int so = 0; so < 4; so++)
                        for (int pg = 0; pg < 3; pg++, combo++) {
                            nb_person_filter pf = {
                                .organisation_id = orgs[o],
                                .competency_id = c > 0 ? comp : 0,
                                .min_level = c == 2 ? 3 : 0,
                                .active = a,
                                .name_like = names[nm],
                                .sort = sorts[so],
                            };
                            ids got = {{0}, 0}, want = {{0}, 0};
                            int64_t gt = -1, wt = -2;
                            assert_int_equal(nb_person_list(f->st, &pf, pages[pg][0], pages[pg][1],
                                                            add_person, &got, &gt, &err),
                                             0);
                            person_ref(f, &pf, pages[pg][0], pages[pg][1], &want, &wt);
                            check_same(&got, gt, &want, wt, "people", combo);
                            nonempty += got.n > 0;
                        }
    nb_store_rollback(f->st);
    assert_true(nonempty > combo / 3); /* the filters select, not everything is empty */
}

#define OLD_ASG_WHERE                                                          \
    " WHERE ($1 IS NULL OR status = $1) AND ($2 IS NULL OR kind = $2) "        \
    "AND ($3 IS NULL OR work_type = $3) "                                      \
    "AND ($4 IS NULL OR EXISTS (SELECT 1 FROM assignment_requesters r "        \
    "WHERE r.assignment_id = assignments.id AND r.organisation_id = $4)) "     \
    "AND ($5 IS NULL OR end_date >= $5) AND ($6 IS NULL OR start_date <= $6) " \
    "AND ($9 IS NULL OR instr(lower(title), lower($9)) > 0)"

static void asg_ref(fixture *f, const nb_asg_filter *af, int64_t offset, int64_t limit, ids *r,
                    int64_t *total)
{
    sqlite3 *db = nb_store_sqlite(f->st);
    char sql[1024], ob[256];
    order_by(&af->sort, nb_asg_sort_fields, ob, sizeof ob);
    for (int pass = 0; pass < 2; pass++) {
        sqlite3_stmt *s = NULL;
        if (pass == 0)
            snprintf(sql, sizeof sql, "SELECT count(*) FROM assignments" OLD_ASG_WHERE);
        else
            snprintf(sql, sizeof sql,
                     "SELECT id FROM assignments" OLD_ASG_WHERE "%s LIMIT $7 OFFSET $8", ob);
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
        /* $9 comes before $7 in the text: bind by name */
        bind_text(s, sqlite3_bind_parameter_index(s, "$1"), af->status);
        bind_text(s, sqlite3_bind_parameter_index(s, "$2"), af->kind);
        bind_text(s, sqlite3_bind_parameter_index(s, "$3"), af->work_type);
        bind_id(s, sqlite3_bind_parameter_index(s, "$4"), af->organisation_id);
        bind_text(s, sqlite3_bind_parameter_index(s, "$5"), af->from);
        bind_text(s, sqlite3_bind_parameter_index(s, "$6"), af->to);
        bind_text(s, sqlite3_bind_parameter_index(s, "$9"),
                  af->text && af->text[0] ? af->text : NULL);
        if (pass == 1) {
            sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, "$7"), limit);
            sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, "$8"), offset);
        }
        run_ref(s, r, pass == 0 ? total : NULL);
    }
}

static void test_assignment_pages(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    const char *statuses[] = {NULL, "ingediend"};
    const char *kinds[] = {NULL, "lokaal"};
    const char *types[] = {NULL, "regulier"};
    int64_t orgs[] = {0, 2};
    const char *froms[] = {NULL, "2027-01-01"};
    const char *tos[] = {NULL, "2027-06-30"};
    const char *texts[] = {NULL, "e", ""};
    nb_sort sorts[3] = {{0}, {1, {1}, {0}}, {2, {4, 5}, {1, 0}}};
    int64_t pages[][2] = {{0, 15}, {15, 15}};
    int combo = 0, nonempty = 0;
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    for (int m = 0; m < 2 * 2 * 2 * 2 * 2 * 2 * 3 * 3 * 2; m++, combo++) {
        int k = m;
        nb_asg_filter af = {0};
        af.status = statuses[k % 2], k /= 2;
        af.kind = kinds[k % 2], k /= 2;
        af.work_type = types[k % 2], k /= 2;
        af.organisation_id = orgs[k % 2], k /= 2;
        af.from = froms[k % 2], k /= 2;
        af.to = tos[k % 2], k /= 2;
        af.text = texts[k % 3], k /= 3;
        af.sort = sorts[k % 3], k /= 3;
        int pg = k % 2;
        ids got = {{0}, 0}, want = {{0}, 0};
        int64_t gt = -1, wt = -2;
        assert_int_equal(
            nb_asg_list(f->st, &af, pages[pg][0], pages[pg][1], add_asg, &got, &gt, &err), 0);
        asg_ref(f, &af, pages[pg][0], pages[pg][1], &want, &wt);
        check_same(&got, gt, &want, wt, "assignments", combo);
        nonempty += got.n > 0;
    }
    nb_store_rollback(f->st);
    assert_true(nonempty > 0);
}

/* nb_asg_each_with_status: every assignment of the status, in id order,
 * each exactly as nb_asg_get loads it (requesters and lines), the ids
 * collected first since the walk's callback may not use the store. */
typedef struct each_ctx {
    nb_asg **v; /* one allocation each: a row's lines point into its own arena */
    size_t n, room;
} each_ctx;

static int each_keep(void *ctx, const nb_asg *a)
{
    each_ctx *c = ctx;
    if (c->n == c->room) {
        c->room = c->room ? c->room * 2 : 16;
        c->v = realloc(c->v, c->room * sizeof *c->v);
        assert_non_null(c->v);
    }
    nb_asg *copy = malloc(sizeof *copy);
    assert_non_null(copy);
    nb_asg_copy(copy, a); /* its lines then borrow the copy's profile arena */
    c->v[c->n++] = copy;
    return 0;
}

static void test_assignments_each_with_status(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    static const char *const statuses[] = {"ingediend",     "geaccepteerd", "bemenst",
                                           "in-uitvoering", "afgerond",     "concept"};
    size_t seen = 0;
    nb_asg *one = malloc(sizeof *one);
    assert_non_null(one);
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    for (size_t k = 0; k < sizeof statuses / sizeof statuses[0]; k++) {
        each_ctx got = {NULL, 0, 0};
        assert_int_equal(nb_asg_each_with_status(f->st, statuses[k], each_keep, &got, &err), 0);
        ids want = {{0}, 0};
        nb_asg_filter af = {.status = statuses[k]};
        int64_t total = 0;
        assert_int_equal(nb_asg_list(f->st, &af, 0, 128, add_asg, &want, &total, &err), 0);
        assert_int_equal(got.n, (size_t)want.n);
        for (size_t i = 0; i < got.n; i++) {
            assert_int_equal(got.v[i]->id, want.v[i]);
            assert_int_equal(nb_asg_get(f->st, got.v[i]->id, one, &err), 0);
            assert_string_equal(got.v[i]->title, one->title);
            assert_int_equal(got.v[i]->nrequesters, one->nrequesters);
            assert_int_equal(got.v[i]->nlines, one->nlines);
            assert_memory_equal(got.v[i]->requesters, one->requesters,
                                one->nrequesters * sizeof one->requesters[0]);
            for (size_t j = 0; j < one->nlines; j++) { /* the profiles lie in each row's arena */
                const nb_assignment_line *x = &got.v[i]->lines[j], *y = &one->lines[j];
                assert_int_equal(x->id, y->id);
                assert_int_equal(x->competency_id, y->competency_id);
                assert_int_equal(x->min_level, y->min_level);
                assert_int_equal(x->minutes, y->minutes);
                assert_true(
                    nb_line_profile_equal(x->profile, x->nprofile, y->profile, y->nprofile));
                assert_true(x->nprofile == 0 ||
                            (x->profile >= got.v[i]->profile_arena &&
                             x->profile < got.v[i]->profile_arena + NB_ASG_PROFILE_ARENA));
            }
            seen += one->nlines > 0 && one->nrequesters > 0;
        }
        for (size_t i = 0; i < got.n; i++)
            free(got.v[i]);
        free(got.v);
    }
    nb_store_rollback(f->st);
    free(one);
    assert_true(seen > 5); /* the demo's assignments have lines and requesters */
}

static int add_audit(void *ctx, const nb_audit_row *row)
{
    ids *c = ctx;
    assert_true(c->n < 128);
    c->v[c->n++] = row->id;
    return 0;
}

#define OLD_AUDIT_WHERE                                                      \
    " WHERE ($1 IS NULL OR entity = $1) AND ($2 IS NULL OR entity_id = $2) " \
    "AND ($3 IS NULL OR actor = $3) AND ($4 IS NULL OR at >= $4) "           \
    "AND ($5 IS NULL OR at < $5)"

/* The audit log: newest first by default, filters by entity, id, actor and
 * days (bounds as nb_audit_list computes them, given here as UTC times). */
static void test_audit_pages(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    sqlite3 *db = nb_store_sqlite(f->st);
    const char *entities[] = {NULL, "user"};
    int64_t eids[] = {0, 2};
    const char *actors[] = {NULL, "cli"};
    const char *froms[] = {NULL, "2026-01-01"}, *from_at[] = {NULL, "2025-12-31T23:00:00Z"};
    const char *tos[] = {NULL, "2030-12-31"}, *to_at[] = {NULL, "2030-12-31T23:00:00Z"};
    nb_sort sorts[2] = {{0}, {2, {4, 1}, {0, 1}}};
    int combo = 0, nonempty = 0;
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    for (int m = 0; m < 2 * 2 * 2 * 2 * 2 * 2 * 2; m++, combo++) {
        int k = m;
        nb_audit_filter af = {0};
        af.entity = entities[k % 2], k /= 2;
        af.entity_id = eids[k % 2], k /= 2;
        af.actor = actors[k % 2], k /= 2;
        int fi = k % 2, ti = (k / 2) % 2;
        af.from = froms[fi], af.to = tos[ti], k /= 4;
        af.sort = sorts[k % 2];
        ids got = {{0}, 0}, want = {{0}, 0};
        int64_t gt = -1, wt = -2;
        assert_int_equal(nb_audit_list(f->st, &af, 3, 20, add_audit, &got, &gt, &err), 0);
        char sql[1024], ob[256];
        if (af.sort.n > 0)
            order_by(&af.sort, nb_audit_sort_fields, ob, sizeof ob);
        else
            snprintf(ob, sizeof ob, " ORDER BY id DESC");
        for (int pass = 0; pass < 2; pass++) {
            sqlite3_stmt *s = NULL;
            if (pass == 0)
                snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log" OLD_AUDIT_WHERE);
            else
                snprintf(sql, sizeof sql,
                         "SELECT id FROM audit_log" OLD_AUDIT_WHERE "%s LIMIT 20 OFFSET 3", ob);
            assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
            bind_text(s, 1, af.entity);
            bind_id(s, 2, af.entity_id);
            bind_text(s, 3, af.actor);
            bind_text(s, 4, from_at[fi]);
            bind_text(s, 5, to_at[ti]);
            run_ref(s, &want, pass == 0 ? &wt : NULL);
        }
        check_same(&got, gt, &want, wt, "audit log", combo);
        nonempty += got.n > 0;
    }
    nb_store_rollback(f->st);
    assert_true(nonempty > 0);
}

/* More shapes than the per-connection cache keeps: old ones are replaced,
 * answers stay right. */
static void test_many_shapes(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    for (int round = 0; round < 2; round++)
        for (int m = 0; m < 4 * 4 * 2 * 2; m++) {
            nb_person_filter pf = {.active = m % 2 ? 1 : -1,
                                   .organisation_id = (m / 2) % 2 ? 2 : 0,
                                   .sort = {2, {(m / 4) % 4, (m / 16) % 4}, {0, 1}}};
            ids got = {{0}, 0}, want = {{0}, 0};
            int64_t gt = -1, wt = -2;
            int rc = nb_person_list(f->st, &pf, 3, 9, add_person, &got, &gt, &err);
            if (rc != 0)
                fail_msg("shape %d: %d %s", m, rc, err.msg);
            person_ref(f, &pf, 3, 9, &want, &wt);
            check_same(&got, gt, &want, wt, "people (many shapes)", m);
        }
    nb_store_rollback(f->st);
}

/* The statement of account $1 as it was read before issue 14 made it
 * cheaper: every line with both assignment lookups, sorted at the end. */
#define OLD_STATEMENT                                                                            \
    "SELECT t.tid, CASE WHEN (t.flags & 5) <> 0 OR t.kind = 'kredietlijn' OR "                   \
    "coalesce(r.kind, '') = 'kredietlijn' THEN 0 WHEN t.credit_account_id = $1 THEN t.amount "   \
    "ELSE -t.amount END, coalesce(o.id, 0), coalesce((SELECT a.assignment_id FROM "              \
    "allocation_reservations ar JOIN allocations a ON a.id = ar.allocation_id WHERE "            \
    "ar.transfer_id = t.tid), (SELECT te.assignment_id FROM time_entry_transfers tt JOIN "       \
    "time_entries te ON te.id = tt.time_entry_id WHERE tt.transfer_id = t.tid), 0), t.flags "    \
    "FROM ledger_transfers t LEFT JOIN ledger_transfers r ON r.tid = t.reverses_id AND "         \
    "t.reverses_id <> '' JOIN ledger_accounts c ON c.id = CASE WHEN t.debit_account_id = $1 "    \
    "THEN t.credit_account_id ELSE t.debit_account_id END LEFT JOIN organisations o ON o.id = "  \
    "c.organisation_id WHERE t.debit_account_id = $1 UNION ALL SELECT t.tid, CASE WHEN "         \
    "(t.flags & 5) <> 0 OR t.kind = 'kredietlijn' OR coalesce(r.kind, '') = 'kredietlijn' THEN " \
    "0 WHEN t.credit_account_id = $1 THEN t.amount ELSE -t.amount END, coalesce(o.id, 0), "      \
    "coalesce((SELECT a.assignment_id FROM allocation_reservations ar JOIN allocations a ON "    \
    "a.id = ar.allocation_id WHERE ar.transfer_id = t.tid), (SELECT te.assignment_id FROM "      \
    "time_entry_transfers tt JOIN time_entries te ON te.id = tt.time_entry_id WHERE "            \
    "tt.transfer_id = t.tid), 0), t.flags FROM ledger_transfers t LEFT JOIN ledger_transfers r " \
    "ON r.tid = t.reverses_id AND t.reverses_id <> '' JOIN ledger_accounts c ON c.id = CASE "    \
    "WHEN t.debit_account_id = $1 THEN t.credit_account_id ELSE t.debit_account_id END LEFT "    \
    "JOIN organisations o ON o.id = c.organisation_id WHERE t.credit_account_id = $1"

/* line i of s against the reference row of r: the same transfer, effect,
 * balance, counter party and (unless unlinked) assignment. */
static void same_line(const nb_statement_line *l, sqlite3_stmt *r, int unlinked)
{
    assert_string_equal(l->entry.transfer.id, (const char *)sqlite3_column_text(r, 0));
    assert_int_equal(l->delta, sqlite3_column_int64(r, 1));
    assert_int_equal(l->counter_org_id, sqlite3_column_int64(r, 2));
    assert_int_equal(l->assignment_id, unlinked ? 0 : sqlite3_column_int64(r, 3));
}

/* Issue 14: the statement from its first line is a merge of the debit and the
 * credit side without a sort, and only a pending line looks up a
 * reservation's assignment; the API's statement looks up none. Every
 * organisation's statement, whole (nb_statement_load), unlinked and in pages
 * of 7 (the first page merged, the others through the page's row ids) has
 * the lines of the old reading, in its order: (ts, id). */
static void test_statement_forms_agree(void **state)
{
    fixture *f = *state;
    sqlite3 *db = nb_store_sqlite(f->st);
    sqlite3_stmt *orgs = NULL, *ref = NULL;
    char sql[sizeof OLD_STATEMENT + 128];
    snprintf(sql, sizeof sql,
             "SELECT * FROM (%s) q JOIN ledger_transfers x ON x.tid = q.tid ORDER BY x.ts, x.id",
             OLD_STATEMENT);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT o.id, a.id FROM organisations o JOIN "
                                        "ledger_accounts a ON a.organisation_id = o.id",
                                        -1, &orgs, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &ref, NULL), SQLITE_OK);
    int lines = 0, pending_linked = 0, posted_linked = 0;
    while (sqlite3_step(orgs) == SQLITE_ROW) {
        int64_t org = sqlite3_column_int64(orgs, 0);
        nb_err err = {{0}};
        nb_statement whole, bare, pg;
        assert_int_equal(nb_statement_load(f->st, org, NULL, NULL, &whole, &err), 0);
        assert_int_equal(nb_statement_load_unlinked(f->st, org, NULL, NULL, &bare, &err), 0);
        assert_int_equal(whole.n, bare.n);
        sqlite3_bind_int64(ref, 1, sqlite3_column_int64(orgs, 1));
        size_t i = 0;
        while (sqlite3_step(ref) == SQLITE_ROW) {
            assert_true(i < whole.n);
            same_line(&whole.lines[i], ref, 0);
            same_line(&bare.lines[i], ref, 1);
            assert_int_equal(whole.lines[i].balance, bare.lines[i].balance);
            if (i % 7 == 0) {
                assert_int_equal(
                    nb_statement_load_page(f->st, org, NULL, NULL, (int64_t)i, 7, &pg, &err), 0);
                assert_int_equal(pg.count, (int64_t)whole.n);
            }
            same_line(&pg.lines[i % 7], ref, 0);
            assert_int_equal(pg.lines[i % 7].balance, whole.lines[i].balance);
            pending_linked += (sqlite3_column_int64(ref, 4) & 1) && whole.lines[i].assignment_id;
            posted_linked += !(sqlite3_column_int64(ref, 4) & 1) && whole.lines[i].assignment_id;
            if (i % 7 == 6 || i + 1 == whole.n)
                nb_statement_free(&pg);
            i++;
            lines++;
        }
        assert_int_equal(i, whole.n);
        sqlite3_reset(ref);
        nb_statement_free(&whole);
        nb_statement_free(&bare);
    }
    sqlite3_finalize(ref);
    sqlite3_finalize(orgs);
    assert_true(lines > 100);
    assert_true(pending_linked > 0 && posted_linked > 0);
}

/* The e-mail check of a person (no other person with the same address in any
 * case) is served by the index on lower(email) (migration 016): it read the
 * whole people table per insert, so the national demo's 200,000 inserts were
 * quadratic. The check's own statement, found among the connection's, takes
 * no full-scan step while a copy of a person with the address in capitals is
 * refused. */
static void test_person_email_check_uses_index(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    nb_person *p = calloc(1, sizeof *p);
    assert_non_null(p);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_person_get(f->st, 1, p, &err), 0);
    for (char *c = p->email; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 32);
    p->id = 0;
    assert_int_equal(nb_person_insert(f->st, p, &err), NB_ECONFLICT);
    sqlite3 *db = nb_store_sqlite(f->st);
    int found = 0;
    for (sqlite3_stmt *s = sqlite3_next_stmt(db, NULL); s != NULL; s = sqlite3_next_stmt(db, s)) {
        if (strstr(sqlite3_sql(s), "lower(email) = lower(") == NULL)
            continue;
        found = 1;
        assert_int_equal(sqlite3_stmt_status(s, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0), 0);
        assert_true(sqlite3_stmt_status(s, SQLITE_STMTSTATUS_VM_STEP, 0) < 200);
    }
    assert_true(found);
    nb_store_rollback(f->st);
    free(p);
}

/* Refuses every statement that calls count(): one that is stepped fails. */
static int deny_count(void *ctx, int action, const char *a, const char *b, const char *c,
                      const char *d)
{
    (void)ctx;
    (void)a;
    (void)c;
    (void)d;
    return action == SQLITE_FUNCTION && b != NULL && strcmp(b, "count") == 0 ? SQLITE_DENY
                                                                             : SQLITE_OK;
}

static int add_entry(void *ctx, const nb_entry *e)
{
    ids *c = ctx;
    assert_true(c->n < 128);
    c->v[c->n++] = e->id;
    return 0;
}

/* The time-entry listing before its WHERE was shaped per request: every
 * filter tested on every row, the person joined always. */
#define OLD_ENTRY_WHERE                                                                      \
    " FROM time_entries e JOIN people p ON p.id = e.person_id WHERE (CASE WHEN $5 = 1 THEN " \
    "(e.person_id = $1 OR EXISTS (SELECT 1 FROM assignments x WHERE x.id = e.assignment_id " \
    "AND x.client_person_id = $4)) ELSE ((e.person_id = $1 OR $1 IS NULL) AND ($4 IS NULL "  \
    "OR EXISTS (SELECT 1 FROM assignments x WHERE x.id = e.assignment_id AND "               \
    "x.client_person_id = $4))) END) AND (p.organisation_id = $2 OR $2 IS NULL) AND "        \
    "(e.assignment_id = $3 OR $3 IS NULL) AND (e.status = $6 OR $6 IS NULL) AND "            \
    "(e.work_date >= $7 OR $7 IS NULL) AND (e.work_date <= $8 OR $8 IS NULL)"

static void entry_ref(fixture *f, const nb_entry_filter *ef, int64_t offset, int64_t limit, ids *r,
                      int64_t *total)
{
    sqlite3 *db = nb_store_sqlite(f->st);
    char sql[1400], ob[256];
    size_t o = (size_t)snprintf(ob, sizeof ob, " ORDER BY ");
    for (int i = 0; i < ef->sort.n; i++) /* the tiebreak is e.id: "id" is also the person's */
        o += (size_t)snprintf(ob + o, sizeof ob - o, "%s %s, ",
                              nb_entry_sort_fields[ef->sort.field[i]].sql,
                              ef->sort.desc[i] ? "DESC" : "ASC");
    snprintf(ob + o, sizeof ob - o, "%se.id", ef->sort.n > 0 ? "" : "e.work_date, ");
    for (int pass = 0; pass < 2; pass++) {
        sqlite3_stmt *s = NULL;
        if (pass == 0)
            snprintf(sql, sizeof sql, "SELECT count(*)" OLD_ENTRY_WHERE);
        else
            snprintf(sql, sizeof sql, "SELECT e.id" OLD_ENTRY_WHERE "%s LIMIT $9 OFFSET $10", ob);
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
        bind_id(s, sqlite3_bind_parameter_index(s, "$1"), ef->person_id);
        bind_id(s, sqlite3_bind_parameter_index(s, "$2"), ef->organisation_id);
        bind_id(s, sqlite3_bind_parameter_index(s, "$3"), ef->assignment_id);
        bind_id(s, sqlite3_bind_parameter_index(s, "$4"), ef->client_person_id);
        sqlite3_bind_int(s, sqlite3_bind_parameter_index(s, "$5"), ef->either_person_or_client);
        bind_text(s, sqlite3_bind_parameter_index(s, "$6"), ef->status);
        bind_text(s, sqlite3_bind_parameter_index(s, "$7"), ef->from);
        bind_text(s, sqlite3_bind_parameter_index(s, "$8"), ef->to);
        if (pass == 1) {
            sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, "$9"), limit);
            sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, "$10"), offset);
        }
        run_ref(s, r, pass == 0 ? total : NULL);
    }
}

/* Issue 14: the time-entry list's WHERE is shaped per filter in use (the
 * join with people only for the organisation); every combination of person,
 * organisation, assignment, opdrachtgever, "either", status, dates, order
 * and page gives the pages and totals of the old form. The values are those
 * of one stored entry, so that every filter selects something. */
static void test_entry_pages(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(nb_store_sqlite(f->st),
                                        "SELECT e.person_id, p.organisation_id, e.assignment_id, "
                                        "coalesce(a.client_person_id, 0), e.work_date "
                                        "FROM time_entries e JOIN people p ON p.id = e.person_id "
                                        "JOIN assignments a ON a.id = e.assignment_id "
                                        "ORDER BY a.client_person_id IS NULL, e.id LIMIT 1",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    int64_t person = sqlite3_column_int64(s, 0), org = sqlite3_column_int64(s, 1),
            asg = sqlite3_column_int64(s, 2), client = sqlite3_column_int64(s, 3);
    char day[16];
    snprintf(day, sizeof day, "%s", (const char *)sqlite3_column_text(s, 4));
    sqlite3_finalize(s);
    assert_true(client > 0);
    nb_sort sorts[2] = {{0}, {2, {4, 0}, {1, 0}}};
    int64_t pages[][2] = {{0, 9}, {9, 9}};
    int combo = 0, nonempty = 0;
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    for (int m = 0; m < 1 << 11; m++, combo++) {
        int k = m;
        nb_entry_filter ef;
        memset(&ef, 0, sizeof ef);
        ef.person_id = k & 1 ? person : 0, k >>= 1;
        ef.organisation_id = k & 1 ? org : 0, k >>= 1;
        ef.assignment_id = k & 1 ? asg : 0, k >>= 1;
        ef.client_person_id = k & 1 ? client : 0, k >>= 1;
        ef.either_person_or_client = k & 1, k >>= 1;
        ef.status = k & 1 ? "ingediend" : NULL, k >>= 1;
        ef.from = k & 1 ? day : NULL, k >>= 1;
        ef.to = k & 1 ? day : NULL, k >>= 1;
        ef.sort = sorts[k & 1], k >>= 1;
        int pg = k & 1;
        ids got = {{0}, 0}, want = {{0}, 0};
        int64_t gt = -1, wt = -2;
        assert_int_equal(
            nb_entry_list(f->st, &ef, pages[pg][0], pages[pg][1], add_entry, &got, &gt, &err), 0);
        entry_ref(f, &ef, pages[pg][0], pages[pg][1], &want, &wt);
        check_same(&got, gt, &want, wt, "time entries", combo);
        nonempty += got.n > 0;
    }
    nb_store_rollback(f->st);
    assert_true(nonempty > 100);
}

/* One page of assignments (list 0) or time entries (list 1) with the filter
 * status (and after_id), in a read transaction of its own: 0 or the store's
 * code; *total as the list gives it (NULL: nothing asked). */
static int page_of(nb_store *st, int list, const char *status, int64_t after, int64_t offset,
                   ids *got, int64_t *total)
{
    nb_err err = {{0}};
    int rc = nb_store_begin_read(st, &err);
    assert_int_equal(rc, 0);
    got->n = 0;
    if (list == 0) {
        nb_asg_filter af = {0};
        af.status = status;
        af.after_id = after;
        rc = nb_asg_list(st, &af, offset, 5, add_asg, got, total, &err);
    } else {
        nb_entry_filter ef;
        memset(&ef, 0, sizeof ef);
        ef.status = status;
        ef.after_id = after;
        if (after > 0) { /* a keyset page is asked in id order */
            ef.sort.n = 1;
            ef.sort.field[0] = 0;
        }
        rc = nb_entry_list(st, &ef, offset, 5, add_entry, got, total, &err);
    }
    nb_store_rollback(st);
    return rc;
}

/* Issue 14: the assignment and time entry lists count their total once per
 * filter while the database is unchanged (the store's memo, as the people and
 * allocation lists): with count() refused, another page of a filter counted
 * before still has its total, a filter not counted before fails, and a
 * keyset page (no total asked) counts nothing. The assignments in id order
 * counted on every request before. */
static void test_totals_memoised(void **state)
{
    fixture *f = *state;
    sqlite3 *db = nb_store_sqlite(f->st);
    /* per list: a filter counted first (every row), one counted only under the refusal */
    static const char *const status[2][2] = {{NULL, "geannuleerd"}, {NULL, "afgekeurd"}};
    for (int list = 0; list < 2; list++) {
        ids got = {{0}, 0};
        int64_t t1 = -1, t2 = -2, t3 = -3;
        assert_int_equal(page_of(f->st, list, status[list][0], 0, 0, &got, &t1), 0);
        assert_true(t1 > 5 && got.n == 5);
        int64_t last = got.v[4];
        assert_int_equal(sqlite3_set_authorizer(db, deny_count, NULL), SQLITE_OK);
        int rc2 = page_of(f->st, list, status[list][0], 0, 5, &got, &t2);
        int rc3 = page_of(f->st, list, status[list][1], 0, 0, &got, &t3);
        int rc4 = page_of(f->st, list, status[list][0], last, 0, &got, NULL);
        assert_int_equal(sqlite3_set_authorizer(db, NULL, NULL), SQLITE_OK);
        if (rc2 != 0)
            fprintf(stderr, "list %d: the second page counted again\n", list);
        assert_int_equal(rc2, 0);
        assert_int_equal(t2, t1);
        assert_int_not_equal(rc3, 0); /* the refusal bites where nothing is memoised */
        assert_int_equal(rc4, 0);
        assert_true(got.n > 0);
        for (int i = 0; i < got.n; i++)
            assert_true(got.v[i] > last);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_person_pages),
        cmocka_unit_test(test_person_lists_loaded),
        cmocka_unit_test(test_assignment_pages),
        cmocka_unit_test(test_entry_pages),
        cmocka_unit_test(test_audit_pages),
        cmocka_unit_test(test_assignments_each_with_status),
        cmocka_unit_test(test_many_shapes),
        cmocka_unit_test(test_statement_forms_agree),
        cmocka_unit_test(test_person_email_check_uses_index),
        cmocka_unit_test(test_totals_memoised),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
