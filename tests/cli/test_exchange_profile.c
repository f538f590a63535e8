/*
 * tests/cli/test_exchange_profile.c — a line's month profile through the
 * registry exchange (`noaber export` / `noaber import`, api/exchange.c):
 * exported and imported into a fresh database, then again, the profile is
 * the same and so is the teaming engine's month split of the line
 * (core/workload.h nb_wl_spread on the line as the store loads it); an
 * import whose profile is invalid is refused naming the record and the
 * field, and writes nothing.
 *
 * On either store: the databases are SQLite files or, under
 * NOABER_TEST_PG, fresh databases of that cluster (nb_t_db_new).
 */
#include "api/exchange.h"
#include "api/web_session.h"
#include "core/workload.h"
#include "store/assignments.h"
#include "util/date.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static nb_t_server srv; /* used for its temporary directory */
static char *beheer;

static int setup(void **state)
{
    (void)state;
    return nb_t_start_beheer(&srv, &beheer);
}

static int teardown(void **state)
{
    (void)state;
    return nb_t_stop_beheer(&srv, &beheer);
}

static json_t *load(const char *path)
{
    json_error_t e;
    json_t *j = json_load_file(path, 0, &e);
    if (j == NULL)
        fail_msg("%s: %s", path, e.text);
    return j;
}

/* A registry of one assignment in 2025 whose first line (600 minutes) carries
 * the profile `profile` (JSON) and whose second (300) has none. */
static void write_doc(const char *path, const char *profile)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "{\"noaber\":\"registry\",\"formaat\":1,\"organisaties\":["
            "{\"id\":5,\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\"}],"
            "\"competenties\":[{\"id\":3,\"code\":\"SOC-J\",\"naam\":\"Jeugd\",\"domein\":"
            "\"sociaal\"},{\"id\":4,\"code\":\"SOC-W\",\"naam\":\"Wmo\",\"domein\":\"sociaal\"}],"
            "\"medewerkers\":[{\"id\":1,\"organisatieId\":5,\"naam\":\"A\",\"email\":\"a@d.nl\","
            "\"schaal\":10,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":0}],"
            "\"opdrachten\":[{\"id\":9,\"titel\":\"Jeugd\",\"soort\":\"lokaal\","
            "\"werksoort\":\"regulier\",\"status\":\"bemenst\",\"startdatum\":\"2025-01-01\","
            "\"einddatum\":\"2025-12-31\",\"bestuurlijkOpdrachtgever\":\"W\","
            "\"ambtelijkOpdrachtgeverId\":1,\"aanvragers\":[{\"organisatieId\":5,\"aandeel\":1}],"
            "\"regels\":[{\"competentieId\":3,\"minimumNiveau\":1,\"minuten\":600,"
            "\"maandprofiel\":%s},{\"competentieId\":4,\"minimumNiveau\":2,\"minuten\":300}]}]}",
            profile);
    assert_int_equal(fclose(f), 0);
}

/* The month split (2025-01 .. 2025-12) of line `line` of the only assignment of db,
 * loaded by the store as the teaming engine loads it, into out[12]. */
static void split_of(const char *db, int64_t id, size_t line, int64_t out[12])
{
    nb_store *st = NULL;
    nb_err err = {{0}};
    nb_asg *a = calloc(1, sizeof *a);
    assert_non_null(a);
    assert_int_equal(nb_store_open(db, 0, &st, &err), 0);
    assert_int_equal(nb_store_begin_read(st, &err), 0);
    assert_int_equal(nb_asg_get(st, id, a, &err), 0);
    nb_store_rollback(st);
    assert_true(line < a->nlines);
    int32_t start = 0, end = 0;
    assert_int_equal(nb_date_parse(a->start_date, &start), 0);
    assert_int_equal(nb_date_parse(a->end_date, &end), 0);
    const nb_assignment_line *l = &a->lines[line];
    assert_int_equal(nb_wl_spread(l->minutes, l->profile, l->nprofile, start, end, out, 12, &err),
                     0);
    free(a);
    nb_store_close(st);
}

static json_t *only_assignment(json_t *doc)
{
    json_t *list = json_object_get(doc, "opdrachten");
    assert_int_equal(json_array_size(list), 1);
    return json_array_get(list, 0);
}

/* Regression guard (issue 13 §2, stop 28): the exchange carried every field of a line
 * but its month profile would come back spread by days if it were dropped. */
static void test_profile_round_trip(void **state)
{
    (void)state;
    char out[1024], db1[400], db2[400], doc[400], x1[400], x2[400];
    assert_int_equal(nb_t_db_new(&srv, "prof1.db", db1, sizeof db1), 0);
    assert_int_equal(nb_t_db_new(&srv, "prof2.db", db2, sizeof db2), 0);
    snprintf(doc, sizeof doc, "%s/prof.json", srv.dir);
    snprintf(x1, sizeof x1, "%s/prof-x1.json", srv.dir);
    snprintf(x2, sizeof x2, "%s/prof-x2.json", srv.dir);
    write_doc(doc, "[{\"maand\":\"2025-03\",\"gewicht\":2},{\"maand\":\"2025-07\",\"gewicht\":1}]");
    const char *imp1[] = {"import", doc, NULL}, *ex1[] = {"export", x1, NULL},
               *imp2[] = {"import", x1, NULL}, *ex2[] = {"export", x2, NULL};
    assert_int_equal(nb_t_cli_db(db1, out, sizeof out, imp1), 0);
    assert_int_equal(nb_t_cli_db(db1, out, sizeof out, ex1), 0);
    assert_int_equal(nb_t_cli_db(db2, out, sizeof out, imp2), 0);
    assert_int_equal(nb_t_cli_db(db2, out, sizeof out, ex2), 0);
    json_t *a = load(x1), *b = load(x2);
    json_t *oa = only_assignment(a), *ob = only_assignment(b);
    assert_string_equal(json_string_value(json_object_get(ob, "status")), "bemenst");
    json_t *ra = json_object_get(oa, "regels"), *rb = json_object_get(ob, "regels");
    json_t *want = json_loads(
        "[{\"maand\":\"2025-03\",\"gewicht\":2},{\"maand\":\"2025-07\",\"gewicht\":1}]", 0, NULL);
    assert_non_null(want);
    assert_true(json_equal(json_object_get(json_array_get(ra, 0), "maandprofiel"), want));
    assert_true(json_equal(json_object_get(json_array_get(rb, 0), "maandprofiel"), want));
    assert_int_equal(json_array_size(json_object_get(json_array_get(rb, 1), "maandprofiel")), 0);
    /* the engine's split: all in March and July, 2 : 1, in both databases */
    int64_t s1[12], s2[12];
    split_of(db1, json_integer_value(json_object_get(oa, "id")), 0, s1);
    split_of(db2, json_integer_value(json_object_get(ob, "id")), 0, s2);
    for (int m = 0; m < 12; m++) {
        assert_int_equal(s1[m], m == 2 ? 400 : m == 6 ? 200 : 0);
        assert_int_equal(s2[m], s1[m]);
    }
    /* the line without a profile follows the days, also after the round trip */
    split_of(db1, json_integer_value(json_object_get(oa, "id")), 1, s1);
    split_of(db2, json_integer_value(json_object_get(ob, "id")), 1, s2);
    for (int m = 0; m < 12; m++) {
        assert_true(s1[m] >= 23 && s1[m] <= 26); /* 300 × 28..31 / 365 */
        assert_int_equal(s2[m], s1[m]);
    }
    json_decref(want);
    json_decref(a);
    json_decref(b);
}

/* An invalid profile: the record and the field are named, nothing is written. */
static void test_invalid_profile_refused(void **state)
{
    (void)state;
    static const struct {
        const char *profile, *field, *why;
    } bad[] = {
        {"[{\"maand\":\"2026-07\",\"gewicht\":1}]", "regels[0].maandprofiel", "2026-07"},
        {"[{\"maand\":\"2025-03\",\"gewicht\":1001}]", "regels[0].maandprofiel[0].gewicht", "1000"},
        {"[{\"maand\":\"2025-13\",\"gewicht\":1}]", "regels[0].maandprofiel[0].maand", "JJJJ-MM"},
        {"[{\"maand\":\"2025-03\",\"gewicht\":0}]", "regels[0].maandprofiel", ""},
    };
    char out[1024], db[400], doc[400], x[400];
    assert_int_equal(nb_t_db_new(&srv, "profbad.db", db, sizeof db), 0);
    snprintf(doc, sizeof doc, "%s/profbad.json", srv.dir);
    snprintf(x, sizeof x, "%s/profbad-x.json", srv.dir);
    const char *init[] = {"init", NULL}, *imp[] = {"import", doc, NULL},
               *ex[] = {"export", x, NULL};
    assert_int_equal(nb_t_cli_db(db, out, sizeof out, init), 0);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_doc(doc, bad[i].profile);
        /* the message, from the import itself (the CLI prints it on stderr) */
        json_t *d = load(doc);
        nb_store *st = NULL;
        nb_err err = {{0}};
        assert_int_equal(nb_store_open(db, 0, &st, &err), 0);
        assert_int_equal(nb_store_begin(st, &err), 0);
        assert_int_equal(nb_exchange_import(st, d, NULL, &err), NB_EINVAL);
        nb_store_rollback(st);
        nb_store_close(st);
        json_decref(d);
        assert_non_null(strstr(err.msg, "opdrachten[0]"));
        assert_non_null(strstr(err.msg, bad[i].field));
        assert_non_null(strstr(err.msg, bad[i].why));
        /* the CLI: refused as bad data, nothing written */
        assert_int_equal(nb_t_cli_db(db, out, sizeof out, imp), 3);
        assert_int_equal(nb_t_cli_db(db, out, sizeof out, ex), 0);
        json_t *j = load(x);
        assert_int_equal(json_array_size(json_object_get(j, "organisaties")), 0);
        assert_int_equal(json_array_size(json_object_get(j, "opdrachten")), 0);
        json_decref(j);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_profile_round_trip),
        cmocka_unit_test(test_invalid_profile_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
