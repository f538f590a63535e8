/*
 * tests/core/test_report.c — the report model (core/report.c): quarters and
 * their days, the Dutch text and plain number of every unit, a chart's text
 * alternative, building a report (copies, lookup by key, a NULL parent is a
 * no-op) and the CSV writer over it (report/csv.c: quoting, formula-safe
 * cells, decimal comma).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/report.h"
#include "report/render.h"
#include "util/date.h"

static int32_t day(const char *s)
{
    int32_t d = 0;
    assert_int_equal(nb_date_parse(s, &d), 0);
    return d;
}

static void test_quarters(void **state)
{
    (void)state;
    int32_t f = 0, t = 0;
    assert_int_equal(nb_report_quarter_parse("2026-K1", &f, &t), 0);
    assert_int_equal(f, day("2026-01-01"));
    assert_int_equal(t, day("2026-03-31"));
    assert_int_equal(nb_report_quarter_parse("2026-K4", &f, &t), 0);
    assert_int_equal(f, day("2026-10-01"));
    assert_int_equal(t, day("2026-12-31"));
    assert_int_equal(nb_report_quarter_parse("2028-K1", &f, &t), 0);
    assert_int_equal(t, day("2028-03-31"));
    static const char *const bad[] = {"2026-K0",  "2026-K5", "2026-Q3", "26-K3",
                                      "2026-K34", "",        "1999-K1", "20x6-K1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(nb_report_quarter_parse(bad[i], &f, &t), -2);
    assert_int_equal(nb_report_quarter_parse(NULL, &f, &t), -2);
    char q[8];
    nb_report_quarter_of(day("2026-09-30"), q);
    assert_string_equal(q, "2026-K3");
    nb_report_quarter_of(day("2026-10-01"), q);
    assert_string_equal(q, "2026-K4");
}

static void test_value_texts(void **state)
{
    (void)state;
    char v[NB_REPORT_VALUE_LEN];
    nb_report_value_text(270, NB_RU_MINUTES, v);
    assert_string_equal(v, "4,5 uur");
    nb_report_value_text(-90, NB_RU_MINUTES, v);
    assert_string_equal(v, "-1,5 uur");
    nb_report_value_text(1234567, NB_RU_COUNT, v);
    assert_string_equal(v, "1.234.567");
    nb_report_value_text(123450, NB_RU_CENTS, v);
    assert_string_equal(v, "€ 1.234,50");
    nb_report_value_text(-5, NB_RU_CENTS, v);
    assert_string_equal(v, "-€ 0,05");
    nb_report_value_text(125, NB_RU_PERMILLE, v);
    assert_string_equal(v, "12,5 %");
    nb_report_value_text(412, NB_RU_MILLI, v);
    assert_string_equal(v, "0,412");
    nb_report_value_text(1000, NB_RU_MILLI, v);
    assert_string_equal(v, "1,000");
    assert_true(nb_report_value_number(270, NB_RU_MINUTES) == 4.5);
    assert_true(nb_report_value_number(20, NB_RU_MINUTES) == 0.33);
    assert_true(nb_report_value_number(-20, NB_RU_MINUTES) == -0.33);
    assert_true(nb_report_value_number(125, NB_RU_PERMILLE) == 12.5);
    assert_string_equal(nb_report_unit_name(NB_RU_MINUTES), "uur");
}

static void test_build_find_and_alt(void **state)
{
    (void)state;
    nb_report r;
    nb_report_init(&r, NB_REPORT_RAAD);
    assert_int_equal(nb_report_set_subject(&r, "Titel", "Gemeente"), 0);
    char key[8] = "a.b";
    nb_report_section *s = nb_report_add_section(&r, "uren", "Uren", NULL);
    assert_non_null(s);
    assert_string_equal(s->intro, "");
    nb_report_add_figure(&r, s, key, "Label", 60, NB_RU_MINUTES, "Uitleg", "/lijst");
    key[0] = 'x'; /* copied: the report keeps its own */
    assert_non_null(nb_report_find(&r, "a.b"));
    assert_null(nb_report_find(&r, "x.b"));
    assert_int_equal(nb_report_find(&r, "a.b")->value, 60);
    /* a NULL parent (what an earlier out-of-memory leaves) is a no-op */
    assert_null(nb_report_add_figure(&r, NULL, "k", "l", 1, NB_RU_COUNT, NULL, NULL));
    nb_report_chart_bar(&r, NULL, "x", 1);
    nb_report_table_row(&r, NULL, NULL);
    nb_report_add_quote(&r, NULL, "q");
    nb_report_chart *c = nb_report_add_chart(&r, s, "c", "Per maand", NB_RU_COUNT);
    nb_buf b = NB_BUF_INIT;
    nb_report_chart_alt(c, &b);
    assert_string_equal(nb_buf_cstr(&b), "Per maand: geen gegevens.");
    nb_report_chart_bar(&r, c, "juli", 3);
    nb_report_chart_bar(&r, c, "augustus", 1200);
    nb_buf_reset(&b);
    nb_report_chart_alt(c, &b);
    assert_string_equal(nb_buf_cstr(&b), "Per maand: juli 3; augustus 1.200.");
    nb_buf_free(&b);
    for (int i = 0; i < 40; i++) /* growth */
        nb_report_chart_bar(&r, c, "x", i);
    assert_int_equal(c->nbars, 42);
    static const char *const head[] = {"A", "B"};
    assert_null(nb_report_add_table(&r, s, "t", 0, head, NULL));
    assert_null(nb_report_add_table(&r, s, "t", NB_REPORT_COLS_MAX + 1, head, NULL));
    nb_report_table *t = nb_report_add_table(&r, s, "Tabel", 2, head, NULL);
    for (int i = 0; i < 20; i++) {
        const char *cells[] = {"=1+1", i % 2 ? "a;b" : NULL};
        nb_report_table_row(&r, t, cells);
    }
    assert_int_equal(t->nrows, 20);
    assert_string_equal(t->cells[1], "");
    assert_int_equal(r.oom, 0);
    /* the CSV over it */
    nb_buf csv = NB_BUF_INIT;
    r.from = day("2026-07-01");
    r.to = day("2026-09-30");
    r.made = day("2026-11-27");
    nb_report_csv(&r, &csv);
    const char *text = nb_buf_cstr(&csv);
    assert_memory_equal(text, "\xEF\xBB\xBF", 3);
    assert_non_null(strstr(text, "cijfer;Uren;a.b;Label;1,00;uur;1 uur;Uitleg;/lijst\r\n"));
    assert_non_null(strstr(text, "grafiek;Uren;c;augustus;1200;aantal;1.200;Per maand;\r\n"));
    assert_non_null(strstr(text, "tabel;Uren;;Tabel;;;\"'=1+1 | a;b\";;\r\n"));
    assert_non_null(strstr(text, "rapport;;;periode;;;2026-07-01 t/m 2026-09-30;;\r\n"));
    nb_buf_free(&csv);
    nb_report_free(&r);
    assert_int_equal(r.nsections, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quarters),
        cmocka_unit_test(test_value_texts),
        cmocka_unit_test(test_build_find_and_alt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
