/*
 * tests/api/test_rapportages.c — the reports (issue 11 §3 and §4) over real
 * HTTP on the demo network.
 *
 *   - every figure of the college report and the adviesrapportage equals
 *     the same figure computed independently in the test: SQL on the
 *     database (nb_t_sql_int: the SQLite file or the PostgreSQL database),
 *     or another route (the statement's
 *     lines summed here, /kwetsbaarheid, /grootboek);
 *   - the raadsinformatie holds no personal data: JSON, CSV, XLSX (its
 *     sheets unzipped), PDF (pdftotext) scanned for every person's name and
 *     birth year;
 *   - the PDF: every page rendered with pdftoppm, its text read back with
 *     pdftotext (title, page numbers, each figure's value as the JSON says);
 *   - formats by Accept and by ?formaat=, who may see which report, bad input.
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
#include <time.h>

static nb_t_server srv;
static char *beheer, *lezer, *coord1, *coord2;
static char quarter[8], qfrom[11], qto[11];

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

/* The value of figure key in a report's JSON; fails when it is missing. */
static long long fig(const json_t *rep, const char *key)
{
    size_t i, k;
    json_t *sec, *f;
    json_array_foreach (json_object_get(rep, "secties"), i, sec)
        json_array_foreach (json_object_get(sec, "cijfers"), k, f)
            if (strcmp(json_string_value(json_object_get(f, "sleutel")), key) == 0)
                return (long long)json_integer_value(json_object_get(f, "waarde"));
    fail_msg("figure %s missing", key);
    return 0;
}

/* Downloads path with token (and Accept, may be NULL) to file; returns the HTTP status. */
static long download(const char *token, const char *accept, const char *path, const char *file)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd,
             "curl -s -o '%s' -w '%%{http_code}' -H 'Authorization: Bearer %s' %s%s%s '%s%s'", file,
             token, accept ? "-H 'Accept: " : "", accept ? accept : "", accept ? "'" : "", srv.base,
             path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    long code = 0;
    assert_int_equal(fscanf(p, "%ld", &code), 1);
    assert_int_equal(pclose(p), 0);
    return code;
}

/* The output of a shell command (caller frees). */
static char *run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    size_t got;
    while ((got = fread(out + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (n + 1 >= cap) {
            cap *= 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
    }
    out[n] = '\0';
    assert_int_equal(pclose(p), 0);
    return out;
}

static char *slurp(const char *file)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "cat '%s'", file);
    return run(cmd);
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
    coord2 = nb_t_token(&srv, "coordinator", 2, 0);
    /* the current quarter: the demo's history lies in it */
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    int q = tm.tm_mon / 3 + 1;
    snprintf(quarter, sizeof quarter, "%04d-K%d", tm.tm_year + 1900, q);
    snprintf(qfrom, sizeof qfrom, "%04d-%02d-01", tm.tm_year + 1900, (q - 1) * 3 + 1);
    static const int last[] = {31, 30, 30, 31};
    snprintf(qto, sizeof qto, "%04d-%02d-%02d", tm.tm_year + 1900, q * 3, last[q - 1]);
    return lezer && coord1 && coord2 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(lezer);
    free(coord1);
    free(coord2);
    return nb_t_stop_beheer(&srv, &beheer);
}

/* Every figure of the college report against an independent computation. */
static void test_college_figures_equal_independent_queries(void **state)
{
    (void)state;
    /* two lessons by the coordinator of organisation 1, on one of its running assignments */
    long long asg =
        nb_t_sql_int(&srv, "SELECT min(a.id) FROM assignments a JOIN assignment_requesters r ON "
                           "r.assignment_id = a.id WHERE r.organisation_id = 1 AND a.status = "
                           "'in-uitvoering'");
    for (int i = 0; i < 2; i++) {
        char body[300];
        snprintf(body, sizeof body,
                 "{\"opdrachtId\":%lld,\"categorie\":\"%s\",\"watGingGoed\":\"Snel een team\","
                 "\"watKanBeter\":\"Eerder plannen\"}",
                 asg, i ? "proces" : "samenwerking");
        nb_t_create(&srv, "/api/v1/leerervaringen", coord1, body);
    }
    json_t *r = get(coord1, 200, "/api/v1/rapportages/college?organisatie=1&kwartaal=%s", quarter);
    assert_string_equal(json_string_value(json_object_get(r, "soort")), "college");
    assert_true(json_is_true(json_object_get(r, "persoonsgegevens")));

    /* hours: the statement's lines summed here */
    json_t *st = get(beheer, 200, "/api/v1/organisaties/1/afschrift?vanaf=%s&tot=%s", qfrom, qto);
    long long given = 0, taken = 0;
    size_t i;
    json_t *line;
    json_array_foreach (json_object_get(st, "regels"), i, line) {
        long long m = (long long)json_integer_value(json_object_get(line, "mutatieMinuten"));
        if (m > 0)
            given += m;
        else
            taken -= m;
    }
    assert_true(given + taken > 0); /* the demo has a history in this quarter */
    assert_int_equal(fig(r, "uren.gebracht"), given);
    assert_int_equal(fig(r, "uren.gehaald"), taken);
    assert_int_equal(fig(r, "saldo.begin"),
                     json_integer_value(json_object_get(st, "beginsaldoMinuten")));
    assert_int_equal(fig(r, "saldo.eind"),
                     json_integer_value(json_object_get(st, "eindsaldoMinuten")));
    json_decref(st);

    /* assignments: SQL */
#define ASG_SQL                                                                              \
    "SELECT count(*) FROM assignments a WHERE a.status = '%s' AND a.start_date <= '%s' AND " \
    "a.end_date >= '%s' AND a.id IN (SELECT assignment_id FROM assignment_requesters WHERE " \
    "organisation_id = 1)"
    assert_int_equal(fig(r, "opdrachten.afgerond"),
                     nb_t_sql_int(&srv, ASG_SQL, "afgerond", qto, qfrom));
    assert_int_equal(fig(r, "opdrachten.lopend"),
                     nb_t_sql_int(&srv, ASG_SQL, "in-uitvoering", qto, qfrom));
    assert_true(fig(r, "opdrachten.afgerond") + fig(r, "opdrachten.lopend") > 0);

    /* bundling: SQL */
#define B_SQL                                                                              \
    "SELECT count(*) FROM bundle_proposals p WHERE p.status = '%s' AND p.id IN (SELECT "   \
    "proposal_id FROM bundle_members m JOIN assignment_requesters q ON q.assignment_id = " \
    "m.assignment_id WHERE q.organisation_id = 1)"
    assert_int_equal(fig(r, "bundels.voorgesteld"), nb_t_sql_int(&srv, B_SQL, "voorgesteld"));
    assert_int_equal(fig(r, "bundels.samengevoegd"), nb_t_sql_int(&srv, B_SQL, "samengevoegd"));

    /* vulnerability: the kwetsbaarheid route and SQL */
    json_t *kw = get(beheer, 200, "/api/v1/kwetsbaarheid?organisatieId=1");
    json_t *tot = json_object_get(kw, "totaal");
    assert_int_equal(fig(r, "kwetsbaarheid.medewerkers"),
                     nb_t_sql_int(&srv, "SELECT count(*) FROM people WHERE active = 1 AND "
                                        "organisation_id = 1"));
    assert_int_equal(fig(r, "kwetsbaarheid.enige_dragers"),
                     json_integer_value(json_object_get(kw, "enigeDragers")));
    assert_int_equal(fig(r, "kwetsbaarheid.niet_gedekt"),
                     json_integer_value(json_object_get(kw, "nietGedekt")));
    assert_int_equal(fig(r, "kwetsbaarheid.vertrek_1"),
                     json_integer_value(json_object_get(tot, "vertrekBinnen1Jaar")));
    assert_int_equal(fig(r, "kwetsbaarheid.vertrek_5"),
                     json_integer_value(json_object_get(tot, "vertrekBinnen5Jaar")));
    long long gini = (long long)(json_real_value(json_object_get(tot, "gini")) * 1000.0 + 0.5);
    assert_int_equal(fig(r, "kwetsbaarheid.gini"), gini);
    json_decref(kw);

    /* lessons: SQL per category and in total */
#define L_SQL                                                                            \
    "SELECT count(*) FROM lessons WHERE author_organisation_id = 1 AND category = '%s' " \
    "AND substr(created_at, 1, 10) BETWEEN '%s' AND '%s'"
    static const char *const cats[] = {"proces", "samenwerking", "inhoud", "middelen"};
    long long total = 0;
    for (size_t c = 0; c < 4; c++) {
        char key[48];
        snprintf(key, sizeof key, "leerervaringen.%s", cats[c]);
        long long n = nb_t_sql_int(&srv, L_SQL, cats[c], qfrom, qto);
        assert_int_equal(fig(r, key), n);
        total += n;
    }
    assert_int_equal(fig(r, "leerervaringen.totaal"), total);
    assert_int_equal(total, 2);

    /* every figure links to its list */
    size_t k;
    json_t *sec, *f;
    json_array_foreach (json_object_get(r, "secties"), i, sec)
        json_array_foreach (json_object_get(sec, "cijfers"), k, f) {
            const char *href = json_string_value(json_object_get(f, "bron"));
            assert_true(href[0] == '/' || href[0] == '#');
            assert_true(strlen(json_string_value(json_object_get(f, "uitleg"))) > 10);
        }
    json_decref(r);
}

/* The adviesrapportage's figures against SQL and other routes. */
static void test_advies_figures_equal_independent_queries(void **state)
{
    (void)state;
    json_t *r = get(lezer, 200, "/api/v1/rapportages/advies?vanaf=2000-01-01&tot=2999-12-31");
    /* across organisations: per time entry, the worker's organisation is not a requester */
    long long across =
        nb_t_sql_int(&srv, "SELECT coalesce(sum(te.minutes), 0) FROM time_entries te WHERE "
                           "te.status = 'goedgekeurd' AND te.work_date BETWEEN '2000-01-01' AND "
                           "'2999-12-31' AND (SELECT organisation_id FROM people WHERE id = "
                           "te.person_id) NOT IN (SELECT organisation_id FROM "
                           "assignment_requesters WHERE assignment_id = te.assignment_id)");
    assert_true(across > 0);
    assert_int_equal(fig(r, "capaciteit.over_grenzen"), across);
    /* external hire avoided: of those, the line's competency at its level held by no active
     * person of any requester */
    long long avoided = nb_t_sql_int(
        &srv,
        "SELECT coalesce(sum(te.minutes), 0) FROM time_entries te, allocations al, "
        "assignment_lines ln WHERE al.id = te.allocation_id AND ln.id = al.line_id AND "
        "te.status = 'goedgekeurd' AND te.work_date BETWEEN '2000-01-01' AND '2999-12-31' AND (SELECT "
        "organisation_id FROM people WHERE id = te.person_id) NOT IN (SELECT organisation_id "
        "FROM assignment_requesters WHERE assignment_id = te.assignment_id) AND 0 = (SELECT "
        "count(*) FROM person_competencies pc, people q WHERE q.id = pc.person_id AND q.active "
        "= 1 AND pc.competency_id = ln.competency_id AND pc.level >= ln.min_level AND "
        "q.organisation_id IN (SELECT organisation_id FROM assignment_requesters WHERE "
        "assignment_id = te.assignment_id))");
    assert_int_equal(fig(r, "extern.uren"), avoided);
    assert_true(avoided <= across);
    /* balances: /grootboek */
    json_t *g = get(beheer, 200, "/api/v1/grootboek");
    long long hi = 0, lo = 0, n = 0;
    size_t i;
    json_t *row;
    json_array_foreach (json_object_get(g, "organisaties"), i, row) {
        long long s = (long long)json_integer_value(json_object_get(row, "saldoMinuten"));
        if (n == 0 || s > hi)
            hi = s;
        if (n == 0 || s < lo)
            lo = s;
        n++;
    }
    assert_true(n > 0);
    assert_int_equal(fig(r, "saldi.hoogste"), hi);
    assert_int_equal(fig(r, "saldi.laagste"), lo);
    json_decref(g);
    /* the method and what could not be measured are stated */
    char *text = json_dumps(r, 0);
    assert_non_null(strstr(text, "Wat niet gemeten kon worden"));
    assert_non_null(strstr(text, "\"methode\""));
    free(text);
    /* the external rate given: valued at (external - network) per hour */
    json_t *r2 = get(beheer, 200,
                     "/api/v1/rapportages/advies?vanaf=2000-01-01&tot=2999-12-31"
                     "&externTariefCent=12000");
    long long net = fig(r2, "netwerk.tarief");
    long long prod = avoided * (12000 - net);
    assert_int_equal(fig(r2, "extern.waarde"), (prod >= 0 ? prod + 30 : prod - 30) / 60);
    json_decref(r2);
    json_decref(r);
}

/* Every person's name and birth year (as a number of its own) absent from text. */
static void assert_no_person(const char *what, const char *text, int years)
{
    char *rows = nb_t_sql_rows(&srv, 2, "SELECT name, coalesce(birth_year, 0) FROM people");
    int people = 0;
    for (char *name = rows, *eol; (eol = strchr(name, '\n')) != NULL; name = eol + 1) {
        char *bar = eol;
        while (bar > name && *bar != '|')
            bar--;
        assert_true(*bar == '|'); /* name|birth year: the year is after the last bar */
        *bar = '\0';
        *eol = '\0';
        if (strstr(text, name) != NULL)
            fail_msg("%s names %s", what, name);
        long long by = strtoll(bar + 1, NULL, 10);
        if (years && by > 0) {
            char y[16];
            snprintf(y, sizeof y, "%lld", by);
            for (const char *p = strstr(text, y); p; p = strstr(p + 1, y)) {
                int before = p > text && p[-1] >= '0' && p[-1] <= '9';
                int after = p[4] >= '0' && p[4] <= '9';
                if (!before && !after)
                    fail_msg("%s holds birth year %s", what, y);
            }
        }
        people++;
    }
    free(rows);
    assert_true(people > 100);
}

static void test_raad_has_no_personal_data(void **state)
{
    (void)state;
    char path[200], file[400], cmd[900];
    snprintf(path, sizeof path, "/api/v1/rapportages/raad?organisatie=1&kwartaal=%s", quarter);
    json_t *r = get(lezer, 200, "%s", path);
    assert_false(json_is_true(json_object_get(r, "persoonsgegevens")));
    char *json = json_dumps(r, 0);
    assert_no_person("raad JSON", json, 0); /* JSON carries raw minutes: names only */
    assert_null(strstr(json, "Kartrekkers"));
    free(json);
    json_decref(r);
    /* CSV */
    snprintf(file, sizeof file, "%s/raad.csv", srv.dir);
    assert_int_equal(download(lezer, "text/csv", path, file), 200);
    char *csv = slurp(file);
    assert_non_null(strstr(csv, "uren.gebracht"));
    assert_no_person("raad CSV", csv, 1);
    free(csv);
    /* XLSX: every sheet unzipped */
    snprintf(file, sizeof file, "%s/raad.xlsx", srv.dir);
    char p2[240];
    snprintf(p2, sizeof p2, "%s&formaat=xlsx", path);
    assert_int_equal(download(lezer, NULL, p2, file), 200);
    snprintf(cmd, sizeof cmd, "unzip -p '%s' 'xl/worksheets/*.xml' xl/sharedStrings.xml", file);
    char *x = run(cmd);
    assert_non_null(strstr(x, "Uren gebracht"));
    assert_no_person("raad XLSX", x, 1);
    free(x);
    /* PDF */
    snprintf(file, sizeof file, "%s/raad.pdf", srv.dir);
    assert_int_equal(download(lezer, "application/pdf", path, file), 200);
    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' -", file);
    char *t = run(cmd);
    assert_non_null(strstr(t, "Raadsinformatie"));
    assert_no_person("raad PDF", t, 1);
    free(t);
}

/* The PDF: every page renders, and its text holds what the JSON says. */
static void test_pdf_renders_with_the_figures(void **state)
{
    (void)state;
    char path[200], file[400], cmd[900];
    snprintf(path, sizeof path, "/api/v1/rapportages/college?organisatie=1&kwartaal=%s", quarter);
    snprintf(file, sizeof file, "%s/college.pdf", srv.dir);
    assert_int_equal(download(beheer, "application/pdf", path, file), 200);
    snprintf(cmd, sizeof cmd, "pdfinfo '%s' | awk '/^Pages:/ {print $2}'", file);
    char *pages = run(cmd);
    int npages = atoi(pages);
    free(pages);
    assert_true(npages >= 2);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && pdftoppm -r 40 -png college.pdf page && ls page*.png | wc -l", srv.dir);
    char *count = run(cmd);
    assert_int_equal(atoi(count), npages);
    free(count);
    snprintf(cmd, sizeof cmd, "pdftotext '%s' -", file);
    char *text = run(cmd);
    char want[64];
    snprintf(want, sizeof want, "pagina %d van %d", npages, npages);
    assert_non_null(strstr(text, want));
    assert_non_null(strstr(text, "Tussentijdse rapportage"));
    json_t *r = get(beheer, 200, "%s", path);
    size_t i, k;
    json_t *sec, *f;
    int checked = 0;
    json_array_foreach (json_object_get(r, "secties"), i, sec) {
        assert_non_null(strstr(text, json_string_value(json_object_get(sec, "kop"))));
        json_array_foreach (json_object_get(sec, "cijfers"), k, f) {
            const char *label = json_string_value(json_object_get(f, "omschrijving"));
            const char *value = json_string_value(json_object_get(f, "tekst"));
            if (strstr(text, label) == NULL || strstr(text, value) == NULL)
                fail_msg("PDF lacks %s = %s", label, value);
            checked++;
        }
    }
    assert_true(checked > 15);
    json_decref(r);
    free(text);
}

static void test_formats_and_access(void **state)
{
    (void)state;
    char path[200], file[400];
    snprintf(path, sizeof path, "/api/v1/rapportages/college?organisatie=1&kwartaal=%s", quarter);
    snprintf(file, sizeof file, "%s/x.bin", srv.dir);
    assert_int_equal(download(beheer,
                              "application/vnd.openxmlformats-officedocument."
                              "spreadsheetml.sheet",
                              path, file),
                     200);
    char *head = slurp(file);
    assert_memory_equal(head, "PK", 2); /* a zip */
    free(head);
    nb_t_resp r;
    const char *acc[] = {"Accept: image/png", NULL};
    assert_int_equal(nb_t_req_h(&srv, "GET", path, beheer, NULL, acc, &r), 0);
    nb_t_assert_status(&r, 406);
    nb_t_resp_free(&r);
    /* who sees what */
    json_decref(get(coord2, 403, "/api/v1/rapportages/college?organisatie=1"));
    json_decref(get(coord2, 200, "/api/v1/rapportages/college"));
    json_decref(get(lezer, 403, "/api/v1/rapportages/college?organisatie=1"));
    json_decref(get(lezer, 200, "/api/v1/rapportages/raad?organisatie=2"));
    json_decref(get(coord1, 403, "/api/v1/rapportages/advies"));
    /* bad input */
    assert_int_equal(nb_t_req(&srv, "GET",
                              "/api/v1/rapportages/raad?organisatie=1&kwartaal=2026-K5", beheer,
                              NULL, &r),
                     0);
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "kwartaal"));
    nb_t_resp_free(&r);
    json_decref(get(beheer, 400, "/api/v1/rapportages/raad?organisatie=1&formaat=doc"));
    json_decref(get(beheer, 404, "/api/v1/rapportages/raad?organisatie=999999"));
    json_decref(get(beheer, 400, "/api/v1/rapportages/advies?vanaf=2026-02-01&tot=2026-01-01"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_college_figures_equal_independent_queries),
        cmocka_unit_test(test_advies_figures_equal_independent_queries),
        cmocka_unit_test(test_raad_has_no_personal_data),
        cmocka_unit_test(test_pdf_renders_with_the_figures),
        cmocka_unit_test(test_formats_and_access),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
