/*
 * tests/api/test_watals.c — GET /kwetsbaarheid/watals ("wat als deze
 * medewerkers vertrekken", issue 11 §1) over real HTTP on the demo network.
 *
 * - figures against independent computations: the freed minutes equal the
 *   leavers' open allocations read from /inzetten (status concept or
 *   bevestigd on accepted, staffed or running assignments, minus approved
 *   minutes) and per line the same sum; holders before equal
 *   /medewerkers?competentieId=&minNiveau=&actief=true, holders after that
 *   count minus the leavers who hold it; demand after = before + freed; the
 *   uncovered minutes never fall;
 * - no write: the row count of every table of the database is the same
 *   before and after a series of what-ifs (read straight from the database,
 *   SQLite or PostgreSQL);
 * - visibility (DOMAIN rule 8): beheer sees the names of leavers and
 *   replacements, a lezer none (and no replacement's id), a coordinator only
 *   those of the own organisation; a medewerker gets 403;
 * - bad input: no list, a bad list, too many ids, an unknown person: 400
 *   naming medewerkers.
 *
 * And GET /kwetsbaarheid/drie-k (the 3K's per municipality) in the same demo: the
 * kwetsbaarheid figures equal /kwetsbaarheid?organisatieId=, the kosten
 * figures /organisaties/{id}/saldo and the deposits read from the database, the
 * kwaliteit figures a row-by-row count over the database's allocations, lessons
 * and completed assignments; every reader gets the same answer (no names);
 * a missing or unknown organisation is 400 / 404.
 */
#include "api/web_session.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static nb_t_server srv;
static char *beheer, *lezer, *coord1, *medewerker;
static long long leaver_a, leaver_b; /* people with open allocations on the work stock */

static long long num(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static json_t *get(const char *token, long status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static json_t *get(const char *token, long status, const char *fmt, ...)
{
    char path[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path, sizeof path, fmt, ap);
    va_end(ap);
    nb_t_resp r;
    assert_int_equal(nb_t_req(&srv, "GET", path, token, NULL, &r), 0);
    nb_t_assert_status(&r, status);
    json_t *j = json_incref(r.json);
    nb_t_resp_free(&r);
    return j;
}

static json_t *embedded(json_t *page, const char *name)
{
    return json_object_get(json_object_get(page, "_embedded"), name);
}

/* 1 when assignment id is in the work stock (geaccepteerd, bemenst, in-uitvoering). */
static int in_work_stock(long long id)
{
    json_t *a = get(beheer, 200, "/api/v1/opdrachten/%lld", id);
    const char *s = json_string_value(json_object_get(a, "status"));
    int in =
        s && (!strcmp(s, "geaccepteerd") || !strcmp(s, "bemenst") || !strcmp(s, "in-uitvoering"));
    json_decref(a);
    return in;
}

/* The open minutes of person's allocations on the work stock, in total and on line (0 = all). */
static long long open_minutes(long long person, long long line)
{
    long long sum = 0;
    json_t *p = get(beheer, 200, "/api/v1/inzetten?medewerkerId=%lld&paginaGrootte=100", person);
    json_t *list = embedded(p, "inzetten");
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *x = json_array_get(list, i);
        const char *st = json_string_value(json_object_get(x, "status"));
        if (strcmp(st, "concept") != 0 && strcmp(st, "bevestigd") != 0)
            continue;
        if (line != 0 && num(x, "regelId") != line)
            continue;
        long long rest = num(x, "minuten") - num(x, "goedgekeurdeMinuten");
        if (rest > 0 && in_work_stock(num(x, "opdrachtId")))
            sum += rest;
    }
    json_decref(p);
    return sum;
}

/* The level of person in competency c (0: none), from /medewerkers/{id}. */
static long long level_of(long long person, long long c)
{
    json_t *p = get(beheer, 200, "/api/v1/medewerkers/%lld", person);
    json_t *comps = json_object_get(p, "competenties");
    long long lv = 0;
    for (size_t i = 0; i < json_array_size(comps); i++)
        if (num(json_array_get(comps, i), "competentieId") == c)
            lv = num(json_array_get(comps, i), "niveau");
    json_decref(p);
    return lv;
}

static long long holders(long long c, long long level)
{
    json_t *j = get(beheer, 200,
                    "/api/v1/medewerkers?paginaGrootte=1&actief=true&competentieId=%lld"
                    "&minNiveau=%lld",
                    c, level);
    long long n = num(j, "totaal");
    json_decref(j);
    return n;
}

/* The row count of every table of the database, as "name=count;..." (malloc'd). */
static char *table_counts(void)
{
    char *names = nb_t_sql_rows(
        &srv, 1,
        nb_t_sql_pg(&srv) ? "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                            "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
                          : "SELECT name FROM sqlite_master WHERE type = 'table' "
                            "AND name NOT LIKE 'sqlite_%' ORDER BY name");
    size_t room = 8192, len = 0;
    char *out = calloc(room, 1);
    assert_non_null(out);
    int tables = 0;
    for (char *name = names, *eol; (eol = strchr(name, '\n')) != NULL; name = eol + 1) {
        *eol = '\0';
        len += (size_t)snprintf(out + len, room - len, "%s=%lld;", name,
                                nb_t_sql_int(&srv, "SELECT count(*) FROM \"%s\"", name));
        assert_true(len < room);
        tables++;
    }
    free(names);
    assert_true(tables > 10);
    return out;
}

static int setup(void **state)
{
    (void)state;
    if (nb_t_start_beheer(&srv, &beheer) != 0)
        return -1;
    char out[4096];
    const char *demo[] = {"demo", NULL};
    if (nb_t_cli(&srv, out, sizeof out, demo) != 0) {
        fprintf(stderr, "demo failed: %s\n", out);
        return -1;
    }
    lezer = nb_t_token(&srv, "lezer", 1, 0);
    coord1 = nb_t_token(&srv, "coordinator", 1, 0);
    /* Two people with confirmed allocations on running work: one of
     * organisation 1 and one of another organisation. */
    json_t *p = get(beheer, 200, "/api/v1/inzetten?status=bevestigd&paginaGrootte=100");
    json_t *list = embedded(p, "inzetten");
    for (size_t i = 0; i < json_array_size(list) && (!leaver_a || !leaver_b); i++) {
        json_t *x = json_array_get(list, i);
        if (num(x, "minuten") <= num(x, "goedgekeurdeMinuten") ||
            !in_work_stock(num(x, "opdrachtId")))
            continue;
        if (!leaver_a && num(x, "organisatieId") == 1)
            leaver_a = num(x, "medewerkerId");
        else if (!leaver_b && num(x, "organisatieId") != 1)
            leaver_b = num(x, "medewerkerId");
    }
    json_decref(p);
    medewerker = nb_t_token(&srv, "medewerker", 1, leaver_a);
    return lezer && coord1 && medewerker && leaver_a && leaver_b ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(lezer);
    free(coord1);
    free(medewerker);
    return nb_t_stop_beheer(&srv, &beheer);
}

static void test_figures_match_independent_computation(void **state)
{
    (void)state;
    json_t *w = get(beheer, 200, "/api/v1/kwetsbaarheid/watals?medewerkers=%lld,%lld,%lld",
                    leaver_a, leaver_b, leaver_a);
    json_t *sum = json_object_get(w, "samenvatting");
    long long freed_a = open_minutes(leaver_a, 0), freed_b = open_minutes(leaver_b, 0);
    assert_true(freed_a > 0);
    assert_true(freed_b > 0);
    assert_int_equal(num(sum, "vrijgekomenMinuten"), freed_a + freed_b);
    assert_int_equal(num(sum, "gevraagdNaMinuten"),
                     num(sum, "gevraagdVoorMinuten") + freed_a + freed_b);
    assert_true(num(sum, "ongedektNaMinuten") >= num(sum, "ongedektVoorMinuten"));
    assert_int_equal(num(sum, "extraOngedektMinuten"),
                     num(sum, "ongedektNaMinuten") - num(sum, "ongedektVoorMinuten"));
    assert_true(json_is_true(json_object_get(sum, "warm")));
    /* the leavers, once each, with their open minutes */
    json_t *people = json_object_get(w, "medewerkers");
    assert_int_equal(json_array_size(people), 2);
    for (size_t i = 0; i < 2; i++) {
        json_t *p = json_array_get(people, i);
        long long id = num(p, "medewerkerId");
        assert_true(id == leaver_a || id == leaver_b);
        assert_int_equal(num(p, "openInzetMinuten"), id == leaver_a ? freed_a : freed_b);
    }
    /* per line: freed minutes from /inzetten, holders from /medewerkers */
    json_t *lines = json_object_get(w, "regels");
    long long freed_lines = 0, d_unmet = 0;
    for (size_t i = 0; i < json_array_size(lines); i++) {
        json_t *l = json_array_get(lines, i);
        long long line = num(l, "regelId"), c = num(l, "competentieId"),
                  lv = num(l, "minimumNiveau");
        freed_lines += num(l, "vrijgekomenMinuten");
        d_unmet += num(l, "ongedektNaMinuten") - num(l, "ongedektVoorMinuten");
        assert_int_equal(num(l, "vrijgekomenMinuten"),
                         open_minutes(leaver_a, line) + open_minutes(leaver_b, line));
        long long h = holders(c, lv);
        assert_int_equal(num(l, "dragersVoor"), h);
        assert_int_equal(num(l, "dragersNa"),
                         h - (level_of(leaver_a, c) >= lv) - (level_of(leaver_b, c) >= lv));
        assert_true(strlen(json_string_value(json_object_get(l, "opdracht"))) > 0);
    }
    assert_int_equal(freed_lines, freed_a + freed_b);
    assert_int_equal(d_unmet, num(sum, "extraOngedektMinuten"));
    /* replacements: on lines of the answer, never a leaver */
    json_t *takes = json_object_get(w, "overnemers");
    assert_true(json_array_size(takes) > 0);
    for (size_t i = 0; i < json_array_size(takes); i++) {
        json_t *t = json_array_get(takes, i);
        assert_true(num(t, "medewerkerId") != leaver_a && num(t, "medewerkerId") != leaver_b);
        assert_true(num(t, "minuten") > 0);
    }
    /* competencies dropping to one holder or none: holders from /medewerkers */
    json_t *drops = json_object_get(w, "dragersOmlaag");
    for (size_t i = 0; i < json_array_size(drops); i++) {
        json_t *x = json_array_get(drops, i);
        long long c = num(x, "competentieId");
        assert_int_equal(num(x, "dragersVoor"), holders(c, 1));
        assert_true(num(x, "dragersNa") <= 1);
    }
    json_decref(w);
}

static void test_no_write(void **state)
{
    (void)state;
    char *before = table_counts();
    json_t *w = get(beheer, 200, "/api/v1/kwetsbaarheid/watals?medewerkers=%lld", leaver_a);
    json_decref(w);
    w = get(coord1, 200, "/api/v1/kwetsbaarheid/watals?medewerkers=%lld,%lld", leaver_a, leaver_b);
    json_decref(w);
    w = get(lezer, 200, "/api/v1/kwetsbaarheid/watals?medewerkers=%lld&peildatum=2027-03-01",
            leaver_b);
    json_decref(w);
    char *after = table_counts();
    assert_string_equal(before, after);
    free(before);
    free(after);
}

/* Names per role: 2 = every name, 1 = organisation 1's only, 0 = none. */
static void check_names(const char *token, int mode)
{
    json_t *w =
        get(token, 200, "/api/v1/kwetsbaarheid/watals?medewerkers=%lld,%lld", leaver_a, leaver_b);
    json_t *people = json_object_get(w, "medewerkers");
    for (size_t i = 0; i < json_array_size(people); i++) {
        json_t *p = json_array_get(people, i);
        int own = num(p, "organisatieId") == 1;
        int named = json_is_string(json_object_get(p, "naam"));
        assert_int_equal(named, mode == 2 || (mode == 1 && own));
    }
    json_t *takes = json_object_get(w, "overnemers");
    for (size_t i = 0; i < json_array_size(takes); i++) {
        json_t *t = json_array_get(takes, i);
        int own = num(t, "organisatieId") == 1;
        int want = mode == 2 || (mode == 1 && own);
        assert_int_equal(json_is_string(json_object_get(t, "naam")), want);
        assert_int_equal(json_is_integer(json_object_get(t, "medewerkerId")), want);
    }
    json_decref(w);
}

static void test_visibility(void **state)
{
    (void)state;
    check_names(beheer, 2);
    check_names(coord1, 1);
    check_names(lezer, 0);
    /* the lezer's answer holds no person's name at all */
    json_t *w =
        get(beheer, 200, "/api/v1/kwetsbaarheid/watals?medewerkers=%lld,%lld", leaver_a, leaver_b);
    char *all = json_dumps(w, 0);
    json_t *people = json_object_get(w, "medewerkers");
    nb_t_resp r;
    char path[128];
    snprintf(path, sizeof path, "/api/v1/kwetsbaarheid/watals?medewerkers=%lld,%lld", leaver_a,
             leaver_b);
    assert_int_equal(nb_t_req(&srv, "GET", path, lezer, NULL, &r), 0);
    char *as_lezer = json_dumps(r.json, 0);
    for (size_t i = 0; i < json_array_size(people); i++) {
        const char *name = json_string_value(json_object_get(json_array_get(people, i), "naam"));
        assert_non_null(name);
        assert_non_null(strstr(all, name));
        assert_null(strstr(as_lezer, name));
    }
    free(all);
    free(as_lezer);
    nb_t_resp_free(&r);
    json_decref(w);
    /* a medewerker may not ask */
    json_decref(get(medewerker, 403, "/api/v1/kwetsbaarheid/watals?medewerkers=%lld", leaver_a));
}

static void expect_bad(const char *query)
{
    json_t *j = get(beheer, 400, "/api/v1/kwetsbaarheid/watals%s", query);
    char *text = json_dumps(j, 0);
    assert_non_null(strstr(text, "medewerkers"));
    free(text);
    json_decref(j);
}

static void test_bad_input(void **state)
{
    (void)state;
    expect_bad("");
    expect_bad("?medewerkers=");
    expect_bad("?medewerkers=abc");
    expect_bad("?medewerkers=1,,2");
    expect_bad("?medewerkers=0");
    expect_bad("?medewerkers=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21");
    expect_bad("?medewerkers=99999999");
    json_decref(get(beheer, 400, "/api/v1/kwetsbaarheid/watals?medewerkers=1&peildatum=gisteren"));
}

static double dbl(const json_t *o, const char *key)
{
    return json_number_value(json_object_get(o, key));
}

/* The external hire avoided on org's assignments up to day, as the
 * adviesrapportage's test computes it (per time entry, subqueries). */
static long long avoided_of(long long org, const char *day)
{
    return nb_t_sql_int(
        &srv,
        "SELECT coalesce(sum(te.minutes), 0) FROM time_entries te, allocations al, "
        "assignment_lines ln WHERE al.id = te.allocation_id AND ln.id = al.line_id AND "
        "te.status = 'goedgekeurd' AND te.work_date <= '%s' AND %lld IN (SELECT "
        "organisation_id FROM assignment_requesters WHERE assignment_id = te.assignment_id) "
        "AND (SELECT organisation_id FROM people WHERE id = te.person_id) NOT IN (SELECT "
        "organisation_id FROM assignment_requesters WHERE assignment_id = te.assignment_id) "
        "AND 0 = (SELECT count(*) FROM person_competencies pc, people q WHERE q.id = "
        "pc.person_id AND q.active = 1 AND pc.competency_id = ln.competency_id AND pc.level "
        ">= ln.min_level AND q.organisation_id IN (SELECT organisation_id FROM "
        "assignment_requesters WHERE assignment_id = te.assignment_id))",
        day, org);
}

/* The 3K's of org against independent queries; returns its avoided minutes. */
static long long check_3k(long long org)
{
    json_t *k = get(beheer, 200, "/api/v1/kwetsbaarheid/drie-k?organisatieId=%lld", org);
    json_t *v = json_object_get(k, "kwetsbaarheid"), *q = json_object_get(k, "kwaliteit"),
           *c = json_object_get(k, "kosten");
    /* kwetsbaarheid: the vulnerability report of the organisation */
    json_t *vr = get(beheer, 200, "/api/v1/kwetsbaarheid?organisatieId=%lld", org);
    json_t *tot = json_object_get(vr, "totaal");
    assert_int_equal(num(v, "medewerkers"), num(tot, "medewerkers"));
    assert_int_equal(num(v, "enigeDragers"), num(vr, "enigeDragers"));
    assert_int_equal(num(v, "vertrekBinnen5Jaar"), num(tot, "vertrekBinnen5Jaar"));
    assert_int_equal(num(v, "overbelast"), num(tot, "overbelast"));
    assert_int_equal(num(v, "nietGedekt"), num(vr, "nietGedekt"));
    assert_true(dbl(v, "gini") == dbl(tot, "gini"));
    assert_true(dbl(v, "aandeelTop10Procent") == dbl(tot, "aandeelTop10Procent"));
    json_decref(vr);
    /* kosten: the saldo route and the deposits in the file */
    json_t *saldo = get(beheer, 200, "/api/v1/organisaties/%lld/saldo", org);
    long long dep_min = nb_t_sql_int(&srv,
                                     "SELECT COALESCE(SUM(amount), 0) FROM ledger_transfers WHERE "
                                     "kind = 'storting' AND credit_account_id = (SELECT id FROM "
                                     "ledger_accounts WHERE organisation_id = %lld)",
                                     org);
    long long dep_cent = nb_t_sql_int(&srv,
                                      "SELECT COALESCE(SUM(money_cents), 0) FROM ledger_transfers "
                                      "WHERE kind = 'storting' AND credit_account_id = (SELECT id "
                                      "FROM ledger_accounts WHERE organisation_id = %lld)",
                                      org);
    assert_int_equal(num(c, "gestortMinuten"), dep_min);
    assert_int_equal(num(c, "gestortCent"), dep_cent);
    assert_int_equal(num(c, "gebrachtMinuten"), num(saldo, "creditGeboektMinuten") - dep_min);
    assert_int_equal(num(c, "gehaaldMinuten"), num(saldo, "debetGeboektMinuten"));
    assert_int_equal(num(c, "saldoMinuten"), num(saldo, "saldoMinuten"));
    json_decref(saldo);
    json_t *inst = get(beheer, 200, "/api/v1/netwerk/instellingen");
    long long rate = num(inst, "uurtariefCent");
    const json_t *ext = json_object_get(inst, "externUurtariefCent");
    assert_int_equal(num(c, "uurtariefCent"), rate);
    assert_int_equal(num(c, "waardeGehaaldCent"), (num(c, "gehaaldMinuten") * rate + 30) / 60);
    /* kosten: the external hire avoided, valued at external minus network rate */
    long long avoided = avoided_of(org, json_string_value(json_object_get(k, "peildatum")));
    assert_int_equal(num(c, "vermedenInhuurMinuten"), avoided);
    if (json_is_null(ext)) {
        assert_true(json_is_null(json_object_get(c, "externUurtariefCent")));
        assert_true(json_is_null(json_object_get(c, "vermedenInhuurCent")));
    } else {
        long long x = (long long)json_integer_value(ext), prod = avoided * (x - rate);
        assert_int_equal(num(c, "externUurtariefCent"), x);
        assert_int_equal(num(c, "vermedenInhuurCent"), (prod >= 0 ? prod + 30 : prod - 30) / 60);
    }
    json_decref(inst);
    /* kwaliteit: row by row over the allocations (with, per row, whether org
     * requested its assignment and the person's level in its line's
     * competency) */
    char qa[700];
    snprintf(qa, sizeof qa,
             "SELECT al.status, al.minutes, al.minutes_posted, l.min_level, (SELECT count(*) "
             "FROM assignment_requesters r WHERE r.assignment_id = al.assignment_id AND "
             "r.organisation_id = %lld), (SELECT COALESCE(MAX(pc.level), 0) FROM "
             "person_competencies pc WHERE pc.person_id = al.person_id AND pc.competency_id = "
             "l.competency_id) FROM allocations al JOIN assignment_lines l ON l.id = al.line_id",
             org);
    char *rows = nb_t_sql_rows(&srv, 6, qa);
    long long all = 0, at = 0;
    for (char *row = rows, *eol; (eol = strchr(row, '\n')) != NULL; row = eol + 1) {
        char st[16];
        long long minutes, posted, min_level, requested, lv;
        *eol = '\0';
        assert_int_equal(sscanf(row, "%15[^|]|%lld|%lld|%lld|%lld|%lld", st, &minutes, &posted,
                                &min_level, &requested, &lv),
                         6);
        if (strcmp(st, "bevestigd") != 0 && strcmp(st, "beeindigd") != 0)
            continue;
        if (requested == 0)
            continue;
        long long m = strcmp(st, "beeindigd") == 0 ? posted : minutes;
        all += m;
        at += lv >= min_level ? m : 0;
    }
    free(rows);
    assert_int_equal(num(q, "inzetMinuten"), all);
    assert_int_equal(num(q, "opNiveauMinuten"), at);
    long long lessons = nb_t_sql_int(&srv,
                                     "SELECT count(*) FROM lessons le JOIN assignment_requesters "
                                     "r ON r.assignment_id = le.assignment_id WHERE "
                                     "r.organisation_id = %lld",
                                     org);
    assert_int_equal(num(q, "leerervaringen"), lessons);
    long long cats = 0;
    json_t *pc = json_object_get(q, "perCategorie");
    for (size_t i = 0; i < json_array_size(pc); i++)
        cats += num(json_array_get(pc, i), "aantal");
    assert_int_equal(cats, lessons);
    long long done = nb_t_sql_int(&srv,
                                  "SELECT count(*) FROM assignments a JOIN assignment_requesters "
                                  "r ON r.assignment_id = a.id WHERE r.organisation_id = %lld "
                                  "AND a.status = 'afgerond'",
                                  org);
    long long late = nb_t_sql_int(&srv,
                                  "SELECT count(DISTINCT a.id) FROM assignments a JOIN "
                                  "assignment_requesters r ON r.assignment_id = a.id JOIN "
                                  "time_entries te ON te.assignment_id = a.id WHERE "
                                  "r.organisation_id = %lld AND a.status = 'afgerond' AND "
                                  "te.status = 'goedgekeurd' AND te.work_date > a.end_date",
                                  org);
    assert_int_equal(num(q, "afgerond"), done);
    assert_int_equal(num(q, "opTijdAfgerond"), done - late);
    /* every reader gets the same answer */
    char *as_beheer = json_dumps(k, JSON_SORT_KEYS);
    json_t *kl = get(lezer, 200, "/api/v1/kwetsbaarheid/drie-k?organisatieId=%lld", org);
    char *as_lezer = json_dumps(kl, JSON_SORT_KEYS);
    assert_string_equal(as_beheer, as_lezer);
    free(as_beheer);
    free(as_lezer);
    json_decref(kl);
    json_decref(k);
    return avoided;
}

static void put_settings(const char *token, const char *body, long status)
{
    nb_t_resp r;
    assert_int_equal(nb_t_req(&srv, "PUT", "/api/v1/netwerk/instellingen", token, body, &r), 0);
    nb_t_assert_status(&r, status);
    nb_t_resp_free(&r);
}

static void test_drie_k(void **state)
{
    (void)state;
    long long orgs = nb_t_sql_int(&srv, "SELECT count(*) FROM organisations");
    assert_true(orgs >= 2);
    long long avoided = 0;
    for (long long org = 1; org <= orgs; org++)
        avoided += check_3k(org);
    assert_true(avoided > 0); /* the demo has hire avoided somewhere */
    /* with an external rate set (only the network MT may) the saving is given */
    json_t *inst = get(beheer, 200, "/api/v1/netwerk/instellingen");
    json_object_set_new(inst, "externUurtariefCent", json_integer(13750));
    char *body = json_dumps(inst, 0);
    json_decref(inst);
    put_settings(lezer, body, 403);
    put_settings(beheer, body, 200);
    free(body);
    for (long long org = 1; org <= orgs; org++)
        check_3k(org);
    json_decref(get(beheer, 400, "/api/v1/kwetsbaarheid/drie-k"));
    json_decref(get(beheer, 404, "/api/v1/kwetsbaarheid/drie-k?organisatieId=999999"));
    json_decref(get(medewerker, 403, "/api/v1/kwetsbaarheid/drie-k?organisatieId=1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figures_match_independent_computation),
        cmocka_unit_test(test_no_write),
        cmocka_unit_test(test_visibility),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_drie_k),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
