/*
 * tests/api/test_programmas.c — programmes and the work stock over real HTTP
 * (issue 10 §1), on a small network made in the test:
 *
 *   - /programmas: create, read, list with filters and sort, change with
 *     If-Match (412 on a stale version), the audit rows; who may write
 *     (beheer any, a coordinator only its own gemeente's gemeentelijk
 *     programme); 400 for what the rules refuse;
 *   - the assignment's programmaId: set, kept by a PUT without it, refused
 *     for a coordinator into the regional programme (403), unknown (400),
 *     the list filter ?programmaId=;
 *   - /werkvoorraad: every figure (per month and per competency and level)
 *     equals an independent computation in this file (days per month by
 *     struct tm, largest remainder, working days by weekday), and the
 *     filters (programme, organisation, kind, status, competency); 400 for a
 *     bad window, 403 for a medewerker.
 */
#include "harness.h"

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
static char *beheer, *coord_a, *coord_b, *medewerker, *lezer;
static long long org_a, org_b, comp1, comp2, p1, p2, p3, asg1, asg2, asg3;

static long long num(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static long long create(const char *path, const char *token, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static long long create(const char *path, const char *token, const char *fmt, ...)
{
    char body[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    return nb_t_create(&srv, path, token, body);
}

static void put(const char *token, long status, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void put(const char *token, long status, const char *path, const char *fmt, ...)
{
    char body[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    nb_t_resp r;
    assert_int_equal(nb_t_req(&srv, "PUT", path, token, body, &r), 0);
    nb_t_assert_status(&r, status);
    nb_t_resp_free(&r);
}

/* ---- The network ------------------------------------------------------------ */

#define ASG1_FMT                                                                   \
    "{\"titel\":\"Woonvisie\",\"soort\":\"lokaal\",\"werksoort\":\"regulier\","    \
    "\"status\":\"ingediend\",\"prioriteit\":%d,\"startdatum\":\"2031-01-15\","    \
    "\"einddatum\":\"2031-03-10\",\"bestuurlijkOpdrachtgever\":\"Wethouder A\","   \
    "\"ambtelijkOpdrachtgeverId\":%lld,\"aanvragers\":[{\"organisatieId\":%lld}]," \
    "\"regels\":[{\"competentieId\":%lld,\"minimumNiveau\":3,\"minuten\":5500},"   \
    "{\"competentieId\":%lld,\"minimumNiveau\":4,\"minuten\":3000}]%s}"

static int setup(void **state)
{
    (void)state;
    if (nb_t_start_beheer(&srv, &beheer) != 0)
        return -1;
    org_a = create("/api/v1/organisaties", beheer,
                   "{\"code\":\"GM0101\",\"soort\":\"gemeente\",\"naam\":\"Aadorp\","
                   "\"inwoners\":1000,\"kredietlijnMinuten\":100000}");
    org_b = create("/api/v1/organisaties", beheer,
                   "{\"code\":\"GM0102\",\"soort\":\"gemeente\",\"naam\":\"Beekdorp\","
                   "\"inwoners\":3000,\"kredietlijnMinuten\":100000}");
    comp1 = create("/api/v1/competenties", beheer,
                   "{\"code\":\"WV-ONE\",\"naam\":\"Ruimtelijke ordening\",\"domein\":\"fysiek\"}");
    comp2 = create("/api/v1/competenties", beheer,
                   "{\"code\":\"WV-TWO\",\"naam\":\"Data-analyse\","
                   "\"domein\":\"bestuur-en-strategie\"}");
    /* P1 (A) competency 1 level 4, 10 h/week; P2 (B) competency 1 level 2, 20 h/week;
     * P3 (B) competency 1 level 3 and 2 level 5, 5 h/week, leaving 2031-03-16. */
    p1 = create("/api/v1/medewerkers", beheer,
                "{\"organisatieId\":%lld,\"naam\":\"Pien Een\",\"email\":\"p1@a.nl\","
                "\"schaal\":10,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":600,"
                "\"competenties\":[{\"competentieId\":%lld,\"niveau\":4}]}",
                org_a, comp1);
    p2 = create("/api/v1/medewerkers", beheer,
                "{\"organisatieId\":%lld,\"naam\":\"Piet Twee\",\"email\":\"p2@b.nl\","
                "\"schaal\":9,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":1200,"
                "\"competenties\":[{\"competentieId\":%lld,\"niveau\":2}]}",
                org_b, comp1);
    p3 = create("/api/v1/medewerkers", beheer,
                "{\"organisatieId\":%lld,\"naam\":\"Pam Drie\",\"email\":\"p3@b.nl\","
                "\"schaal\":11,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":300,"
                "\"verwachteUitstroomdatum\":\"2031-03-16\",\"competenties\":["
                "{\"competentieId\":%lld,\"niveau\":3},{\"competentieId\":%lld,\"niveau\":5}]}",
                org_b, comp1, comp2);
    asg1 = create("/api/v1/opdrachten", beheer, ASG1_FMT, 2, p1, org_a, comp1, comp1, "");
    asg2 = create("/api/v1/opdrachten", beheer,
                  "{\"titel\":\"Regionale datastrategie\",\"soort\":\"regionaal\","
                  "\"werksoort\":\"verandering\",\"status\":\"ingediend\","
                  "\"startdatum\":\"2031-03-01\",\"einddatum\":\"2031-03-31\","
                  "\"bestuurlijkOpdrachtgever\":\"Voorzitter\",\"ambtelijkOpdrachtgeverId\":%lld,"
                  "\"regels\":[{\"competentieId\":%lld,\"minimumNiveau\":1,\"minuten\":1000}]}",
                  p3, comp2);
    asg3 = create("/api/v1/opdrachten", beheer,
                  "{\"titel\":\"Nog een concept\",\"soort\":\"lokaal\",\"werksoort\":\"regulier\","
                  "\"startdatum\":\"2031-02-01\",\"einddatum\":\"2031-02-28\","
                  "\"bestuurlijkOpdrachtgever\":\"Wethouder B\",\"ambtelijkOpdrachtgeverId\":%lld,"
                  "\"aanvragers\":[{\"organisatieId\":%lld}],"
                  "\"regels\":[{\"competentieId\":%lld,\"minimumNiveau\":1,\"minuten\":999}]}",
                  p2, org_b, comp1);
    coord_a = nb_t_token(&srv, "coordinator", org_a, 0);
    coord_b = nb_t_token(&srv, "coordinator", org_b, 0);
    medewerker = nb_t_token(&srv, "medewerker", org_a, p1);
    lezer = nb_t_token(&srv, "lezer", org_a, 0);
    return asg1 > 0 && asg2 > 0 && asg3 > 0 && coord_a && coord_b && medewerker && lezer ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(coord_a);
    free(coord_b);
    free(medewerker);
    free(lezer);
    return nb_t_stop_beheer(&srv, &beheer);
}

/* ---- Programmes -------------------------------------------------------------- */

static void test_programme_crud_and_rules(void **state)
{
    (void)state;
    nb_t_resp r;
    long long reg = create("/api/v1/programmas", beheer,
                           "{\"naam\":\"rMJP werkprogramma 2031\",\"soort\":\"regionaal\","
                           "\"organisatieId\":null,\"eersteJaar\":2031,\"laatsteJaar\":2031}");
    long long mine = create("/api/v1/programmas", coord_a,
                            "{\"naam\":\"Programma Aadorp\",\"soort\":\"gemeentelijk\","
                            "\"organisatieId\":%lld,\"eersteJaar\":2030,\"laatsteJaar\":2033,"
                            "\"omschrijving\":\"<b>collegeprogramma</b>\"}",
                            org_a);
    /* a coordinator: not for another gemeente, not regional; medewerker and lezer not at all */
    char body[256];
    snprintf(body, sizeof body,
             "{\"naam\":\"X\",\"soort\":\"gemeentelijk\",\"organisatieId\":%lld,"
             "\"eersteJaar\":2031,\"laatsteJaar\":2031}",
             org_b);
    assert_int_equal(nb_t_req(&srv, "POST", "/api/v1/programmas", coord_a, body, &r), 0);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    assert_int_equal(nb_t_req(&srv, "POST", "/api/v1/programmas", medewerker, body, &r), 0);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    assert_int_equal(nb_t_req(&srv, "POST", "/api/v1/programmas", coord_a,
                              "{\"naam\":\"R\",\"soort\":\"regionaal\",\"eersteJaar\":2031,"
                              "\"laatsteJaar\":2031}",
                              &r),
                     0);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    /* the rules: an owner for gemeentelijk, none for regionaal, years in order */
    assert_int_equal(nb_t_req(&srv, "POST", "/api/v1/programmas", beheer,
                              "{\"naam\":\"G\",\"soort\":\"gemeentelijk\",\"eersteJaar\":2032,"
                              "\"laatsteJaar\":2031}",
                              &r),
                     0);
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "organisatieId"));
    assert_true(nb_t_invalid(&r, "laatsteJaar"));
    nb_t_resp_free(&r);
    snprintf(body, sizeof body,
             "{\"naam\":\"R\",\"soort\":\"regionaal\",\"organisatieId\":%lld,"
             "\"eersteJaar\":2031,\"laatsteJaar\":2031}",
             org_a);
    assert_int_equal(nb_t_req(&srv, "POST", "/api/v1/programmas", beheer, body, &r), 0);
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "organisatieId"));
    nb_t_resp_free(&r);

    /* read by everyone; the count of assignments and the link to them */
    nb_t_reqf(&srv, &r, "GET", medewerker, NULL, "/api/v1/programmas/%lld", mine);
    nb_t_assert_status(&r, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "omschrijving")),
                        "<b>collegeprogramma</b>");
    assert_int_equal(num(r.json, "organisatieId"), org_a);
    assert_int_equal(num(r.json, "opdrachten"), 0);
    assert_non_null(
        strstr(json_string_value(json_object_get(
                   json_object_get(json_object_get(r.json, "_links"), "opdrachten"), "href")),
               "/api/v1/opdrachten?programmaId="));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer, NULL, "/api/v1/programmas?soort=gemeentelijk");
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 1);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer, NULL, "/api/v1/programmas?jaar=2033");
    assert_int_equal(num(r.json, "totaal"), 1); /* only the one running until 2033 */
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer, NULL, "/api/v1/programmas?organisatieId=%lld", org_b);
    assert_int_equal(num(r.json, "totaal"), 0);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer, NULL, "/api/v1/programmas?zoek=rmjp&sorteer=-naam");
    assert_int_equal(num(r.json, "totaal"), 1);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer, NULL, "/api/v1/programmas?sorteer=naam");
    json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "programmas");
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "naam")),
                        "Programma Aadorp");
    nb_t_resp_free(&r);

    /* change: If-Match with a stale version is 412 and changes nothing */
    char path[64];
    snprintf(path, sizeof path, "/api/v1/programmas/%lld", mine);
    snprintf(body, sizeof body,
             "{\"naam\":\"Programma Aadorp 2030-2034\",\"soort\":\"gemeentelijk\","
             "\"organisatieId\":%lld,\"eersteJaar\":2030,\"laatsteJaar\":2034}",
             org_a);
    const char *stale[] = {"If-Match: \"7\"", NULL};
    assert_int_equal(nb_t_req_h(&srv, "PUT", path, coord_a, body, stale, &r), 0);
    nb_t_assert_status(&r, 412);
    nb_t_resp_free(&r);
    const char *fresh[] = {"If-Match: \"1\"", NULL};
    assert_int_equal(nb_t_req_h(&srv, "PUT", path, coord_a, body, fresh, &r), 0);
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "versie"), 2);
    assert_int_equal(num(r.json, "laatsteJaar"), 2034);
    nb_t_resp_free(&r);
    put(coord_b, 403, path, "%s", body); /* another gemeente's programme */
    /* a coordinator cannot hand its programme to another gemeente */
    put(coord_a, 403, path,
        "{\"naam\":\"Weg\",\"soort\":\"gemeentelijk\",\"organisatieId\":%lld,"
        "\"eersteJaar\":2030,\"laatsteJaar\":2034}",
        org_b);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/programmas/999999");
    nb_t_assert_status(&r, 404);
    nb_t_resp_free(&r);

    /* audited: create and update, with the actor */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL,
              "/api/v1/auditregels?entiteit=programma&entiteitId=%lld", mine);
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 2);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/programmas/%lld", reg);
    assert_string_equal(json_string_value(json_object_get(r.json, "soort")), "regionaal");
    assert_true(json_is_null(json_object_get(r.json, "organisatieId")));
    nb_t_resp_free(&r);
}

static void test_assignment_programme(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/programmas?soort=regionaal");
    long long reg =
        num(json_array_get(json_object_get(json_object_get(r.json, "_embedded"), "programmas"), 0),
            "id");
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/programmas?soort=gemeentelijk");
    long long mine =
        num(json_array_get(json_object_get(json_object_get(r.json, "_embedded"), "programmas"), 0),
            "id");
    nb_t_resp_free(&r);
    char apath[64], extra[64];
    snprintf(apath, sizeof apath, "/api/v1/opdrachten/%lld", asg1);
    /* a coordinator: into its own gemeente's programme, not into the regional one */
    snprintf(extra, sizeof extra, ",\"programmaId\":%lld", reg);
    put(coord_a, 403, apath, ASG1_FMT, 2, p1, org_a, comp1, comp1, extra);
    snprintf(extra, sizeof extra, ",\"programmaId\":%lld", mine);
    put(coord_a, 200, apath, ASG1_FMT, 2, p1, org_a, comp1, comp1, extra);
    /* a PUT without programmaId keeps it */
    put(coord_a, 200, apath, ASG1_FMT, 1, p1, org_a, comp1, comp1, "");
    nb_t_reqf(&srv, &r, "GET", lezer, NULL, "%s", apath);
    assert_int_equal(num(r.json, "programmaId"), mine);
    assert_int_equal(num(r.json, "prioriteit"), 1);
    nb_t_resp_free(&r);
    /* an unknown programme */
    put(beheer, 400, apath, ASG1_FMT, 1, p1, org_a, comp1, comp1, ",\"programmaId\":999999");
    /* the regional assignment into the regional programme: beheer */
    char rpath[64];
    snprintf(rpath, sizeof rpath, "/api/v1/opdrachten/%lld", asg2);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "%s", rpath);
    json_t *body = json_deep_copy(r.json);
    nb_t_resp_free(&r);
    json_object_set_new(body, "programmaId", json_integer(reg));
    const char *read_only[] = {"id", "aangemaakt", "gewijzigd", "versie", "_links"};
    for (size_t i = 0; i < sizeof read_only / sizeof read_only[0]; i++)
        json_object_del(body, read_only[i]);
    char *text = json_dumps(body, JSON_COMPACT);
    assert_int_equal(nb_t_req(&srv, "PUT", rpath, beheer, text, &r), 0);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    free(text);
    json_decref(body);
    /* the list filter, and the programme's count */
    nb_t_reqf(&srv, &r, "GET", lezer, NULL, "/api/v1/opdrachten?programmaId=%lld", mine);
    assert_int_equal(num(r.json, "totaal"), 1);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer, NULL, "/api/v1/programmas/%lld", reg);
    assert_int_equal(num(r.json, "opdrachten"), 1);
    nb_t_resp_free(&r);
}

/* ---- The work stock, computed independently ------------------------------------ */

typedef struct ref_line {
    long long comp, level, minutes;
    int y0, m0, d0, y1, m1, d1;
    int in_filter;
} ref_line;

typedef struct ref_person {
    long long comp[2], level[2];
    int ncomps;
    long long minutes_week;
    int exit_y, exit_m, exit_d; /* 0: none */
} ref_person;

static time_t ref_day(int y, int m, int d)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = 12;
    return timegm(&tm);
}

/* Days of [a, b] (inclusive, noon instants) in month y-m. */
static long long ref_days_in(time_t a, time_t b, int y, int m)
{
    long long n = 0;
    for (time_t t = a; t <= b; t += 86400) {
        struct tm tm;
        gmtime_r(&t, &tm);
        n += tm.tm_year + 1900 == y && tm.tm_mon + 1 == m;
    }
    return n;
}

/* Working days of month y-m before the exit day (0 = none). */
static long long ref_working_days(int y, int m, time_t exit_day)
{
    long long n = 0;
    for (int d = 1; d <= 31; d++) {
        time_t t = ref_day(y, m, d);
        struct tm tm;
        gmtime_r(&t, &tm);
        if (tm.tm_mon + 1 != m)
            break;
        if (exit_day && t >= exit_day)
            break;
        n += tm.tm_wday >= 1 && tm.tm_wday <= 5;
    }
    return n;
}

/* The line's minutes in month k of its months (largest remainder, ties to the earlier). */
static long long ref_spread(const ref_line *l, int y, int m)
{
    time_t a = ref_day(l->y0, l->m0, l->d0), b = ref_day(l->y1, l->m1, l->d1);
    long long total = (long long)((b - a) / 86400) + 1;
    long long w[24], part[24], rem[24];
    int ym[24][2], n = 0;
    for (int yy = l->y0, mm = l->m0; n < 24; n++) {
        ym[n][0] = yy;
        ym[n][1] = mm;
        w[n] = ref_days_in(a, b, yy, mm);
        if (yy == l->y1 && mm == l->m1) {
            n++;
            break;
        }
        if (++mm > 12) {
            mm = 1;
            yy++;
        }
    }
    long long given = 0;
    for (int k = 0; k < n; k++) {
        part[k] = l->minutes * w[k] / total;
        rem[k] = l->minutes * w[k] % total;
        given += part[k];
    }
    for (long long left = l->minutes - given; left > 0; left--) {
        int best = -1;
        for (int k = 0; k < n; k++)
            if (rem[k] >= 0 &&
                (best < 0 || rem[k] > rem[best] || (rem[k] == rem[best] && w[k] > w[best])))
                best = k;
        part[best]++;
        rem[best] = -1;
    }
    for (int k = 0; k < n; k++)
        if (ym[k][0] == y && ym[k][1] == m)
            return part[k];
    return 0;
}

static const ref_line ref_lines[] = {
    {1, 3, 5500, 2031, 1, 15, 2031, 3, 10, 1},
    {1, 4, 3000, 2031, 1, 15, 2031, 3, 10, 1},
    {2, 1, 1000, 2031, 3, 1, 2031, 3, 31, 1},
    {1, 1, 999, 2031, 2, 1, 2031, 2, 28, 0}, /* the concept: not in the work stock */
};

static const ref_person ref_people[] = {
    {{1, 0}, {4, 0}, 1, 600, 0, 0, 0},
    {{1, 0}, {2, 0}, 1, 1200, 0, 0, 0},
    {{1, 2}, {3, 5}, 2, 300, 2031, 3, 16},
};

/* Available minutes in y-m of people holding competency comp at >= level. */
static long long ref_available(long long comp, long long level, int y, int m, int *holders)
{
    long long sum = 0;
    *holders = 0;
    for (size_t i = 0; i < sizeof ref_people / sizeof ref_people[0]; i++) {
        const ref_person *p = &ref_people[i];
        int ok = 0;
        for (int k = 0; k < p->ncomps; k++)
            ok |= p->comp[k] == comp && p->level[k] >= level;
        if (!ok)
            continue;
        (*holders)++;
        time_t exit_day = p->exit_y ? ref_day(p->exit_y, p->exit_m, p->exit_d) : 0;
        sum += p->minutes_week * ref_working_days(y, m, exit_day) / 5;
    }
    return sum;
}

static long long ref_comp_id(long long c)
{
    return c == 1 ? comp1 : comp2;
}

static void test_werkvoorraad_equals_independent(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", lezer, NULL, "/api/v1/werkvoorraad?van=2031-01&tot=2031-04");
    nb_t_assert_status(&r, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "van")), "2031-01");
    json_t *months = json_object_get(r.json, "maanden");
    json_t *rows = json_object_get(r.json, "competenties");
    assert_int_equal(json_array_size(months), 4);
    assert_int_equal(json_array_size(rows), 3); /* (1,3), (1,4), (2,1) */
    for (int k = 0; k < 4; k++) {
        int m = k + 1;
        long long asked = 0;
        for (size_t j = 0; j < 4; j++)
            if (ref_lines[j].in_filter)
                asked += ref_spread(&ref_lines[j], 2031, m);
        /* each person once: those who can take some asked row (P1 and P3; not P2) */
        int h;
        long long avail = ref_available(1, 4, 2031, m, &h) +
                          300 * ref_working_days(2031, m, ref_day(2031, 3, 16)) / 5;
        json_t *mo = json_array_get(months, (size_t)k);
        assert_int_equal(num(mo, "gevraagdMinuten"), asked);
        assert_int_equal(num(mo, "beschikbaarMinuten"), avail);
        int over = 0;
        for (size_t i = 0; i < json_array_size(rows); i++) {
            json_t *row = json_array_get(rows, i);
            long long c = num(row, "competentieId") == comp1 ? 1 : 2, lv = num(row, "niveau");
            long long at = 0, from = 0;
            for (size_t j = 0; j < 4; j++) {
                if (!ref_lines[j].in_filter || ref_lines[j].comp != c)
                    continue;
                long long part = ref_spread(&ref_lines[j], 2031, m);
                at += ref_lines[j].level == lv ? part : 0;
                from += ref_lines[j].level >= lv ? part : 0;
            }
            long long av = ref_available(c, lv, 2031, m, &h);
            json_t *cell = json_array_get(json_object_get(row, "maanden"), (size_t)k);
            assert_int_equal(num(row, "competentieId"), ref_comp_id(c));
            assert_int_equal(num(row, "dragers"), h);
            assert_int_equal(num(cell, "gevraagdMinuten"), at);
            assert_int_equal(num(cell, "gevraagdVanafNiveauMinuten"), from);
            assert_int_equal(num(cell, "beschikbaarMinuten"), av);
            assert_int_equal(json_is_true(json_object_get(cell, "overbelast")), from > av);
            over |= from > av;
        }
        assert_int_equal(json_is_true(json_object_get(mo, "overbelast")), over || asked > avail);
    }
    /* the known figures, for the reader: February asks 2800 + 1527 at levels 3 and 4 */
    json_t *feb = json_array_get(months, 1);
    assert_int_equal(num(feb, "gevraagdMinuten"), 2800 + 1527);
    assert_true(json_is_true(json_object_get(json_array_get(months, 2), "overbelast")));
    assert_false(json_is_true(json_object_get(json_array_get(months, 3), "overbelast")));
    nb_t_resp_free(&r);
}

static long long asked_in(const char *query, int month_index)
{
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/werkvoorraad?van=2031-01&tot=2031-04%s",
              query);
    nb_t_assert_status(&r, 200);
    long long n = num(json_array_get(json_object_get(r.json, "maanden"), (size_t)month_index),
                      "gevraagdMinuten");
    nb_t_resp_free(&r);
    return n;
}

static void test_werkvoorraad_filters(void **state)
{
    (void)state;
    char q[96];
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/programmas?soort=gemeentelijk");
    long long mine =
        num(json_array_get(json_object_get(json_object_get(r.json, "_embedded"), "programmas"), 0),
            "id");
    nb_t_resp_free(&r);
    /* March: asg1 asks 1000 + 546, asg2 1000 */
    assert_int_equal(asked_in("", 2), 1000 + 546 + 1000);
    snprintf(q, sizeof q, "&programmaId=%lld", mine);
    assert_int_equal(asked_in(q, 2), 1000 + 546);
    snprintf(q, sizeof q, "&organisatieId=%lld", org_b);
    assert_int_equal(asked_in(q, 2), 0);
    assert_int_equal(asked_in("&soort=regionaal", 2), 1000);
    assert_int_equal(asked_in("&status=concept", 1), 999);
    snprintf(q, sizeof q, "&competentieId=%lld", comp2);
    assert_int_equal(asked_in(q, 2), 1000);
    /* bad windows and filters: 400 naming the parameter; a medewerker: 403 */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/werkvoorraad?van=2031-13");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "van"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/werkvoorraad?van=2031-05&tot=2031-04");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "tot"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/werkvoorraad?van=2020-01&tot=2031-01");
    nb_t_assert_status(&r, 400);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/werkvoorraad?soort=groot");
    nb_t_assert_status(&r, 400);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", medewerker, NULL, "/api/v1/werkvoorraad");
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", coord_b, NULL, "/api/v1/werkvoorraad");
    nb_t_assert_status(&r, 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "maanden")), 12);
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_programme_crud_and_rules),
        cmocka_unit_test(test_assignment_programme),
        cmocka_unit_test(test_werkvoorraad_equals_independent),
        cmocka_unit_test(test_werkvoorraad_filters),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
