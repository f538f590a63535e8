/*
 * tests/core/test_bundle.c — the bundling core (issue 10 §2, §5): Dutch text
 * (core/nltext.h), the similarity, detection, why and the saving estimate
 * (core/bundle.h), and precision and recall of the proposals on the
 * hand-made set tests/data/bundel_opdrachten.tsv (its path is argv[1]).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/bundle.h"
#include "core/nltext.h"
#include "util/date.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *dataset_path;

/* ---- nltext ------------------------------------------------------------- */

typedef struct toks {
    size_t n;
    char stem[32][NB_NLTEXT_TOKEN_MAX + 1];
    char surface[32][NB_NLTEXT_TOKEN_MAX + 1];
} toks;

static void collect(const char *stem, size_t len, const char *surface, size_t slen, void *ctx)
{
    toks *t = ctx;
    if (t->n == 32)
        return;
    memcpy(t->stem[t->n], stem, len);
    t->stem[t->n][len] = '\0';
    memcpy(t->surface[t->n], surface, slen);
    t->surface[t->n][slen] = '\0';
    t->n++;
}

static const char *stem_of(const char *word, char *buf)
{
    size_t len = strlen(word);
    memcpy(buf, word, len);
    len = nb_nltext_stem(buf, len);
    buf[len] = '\0';
    return buf;
}

static void test_normalise_and_stop_words(void **state)
{
    (void)state;
    toks t = {0};
    size_t n = nb_nltext_tokens("De Financiële positie van de GEMEENTE, in 2027; café's en "
                                "één ÉÉN-op-één",
                                collect, &t);
    assert_int_equal(n, t.n);
    /* de, van, gemeente, in, en and een (één, ÉÉN: stop words once folded), 2027 (digits),
     * s and op (short) are gone */
    assert_int_equal(t.n, 3);
    assert_string_equal(t.surface[0], "financiele");
    assert_string_equal(t.stem[0], "financiel");
    assert_string_equal(t.surface[1], "positie");
    assert_string_equal(t.surface[2], "cafe");
    assert_true(nb_nltext_is_stopword("de", 2));
    assert_true(nb_nltext_is_stopword("zullen", 6));
    assert_false(nb_nltext_is_stopword("afval", 5));
    assert_int_equal(nb_nltext_tokens(NULL, collect, &t), 0);
}

static void test_stemmer_meets_word_forms(void **state)
{
    (void)state;
    char a[64], b[64];
    static const char *const same[][2] = {
        {"inzameling", "inzamelen"},
        {"bedrijven", "bedrijf"},
        {"woningen", "woning"},
        {"veiligheid", "veilig"},
        {"maken", "maak"},
        {"huizen", "huis"},
        {"mogelijkheden", "mogelijkheid"},
        {"beveiliging", "beveiligen"},
        {"mantelzorgers", "mantelzorger"},
        {"gemeentelijke", "gemeentelijk"},
        {"bomen", "boom"},
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        assert_string_equal(stem_of(same[i][0], a), stem_of(same[i][1], b));
    }
    /* different words stay apart */
    assert_string_not_equal(stem_of("afval", a), stem_of("afvoer", b));
    assert_string_not_equal(stem_of("wonen", a), stem_of("werken", b));
    /* short words are kept whole */
    assert_string_equal(stem_of("wet", a), "wet");
}

/* ---- similarity ---------------------------------------------------------- */

static nb_bundle_doc doc(int64_t id, int64_t org, const char *title, const char *desc,
                         const char *from, const char *to, const nb_assignment_line *lines,
                         size_t nlines)
{
    nb_bundle_doc d = {id, org, title, desc, 0, 0, lines, nlines};
    assert_int_equal(nb_date_parse(from, &d.start_day), 0);
    assert_int_equal(nb_date_parse(to, &d.end_day), 0);
    return d;
}

static void test_pair_score_parts(void **state)
{
    (void)state;
    nb_assignment_line la[] = {{0, 1, 3, 2400, NULL, 0}, {0, 2, 2, 600, NULL, 0}};
    nb_assignment_line lb[] = {{0, 1, 5, 3600, NULL, 0}, {0, 3, 2, 900, NULL, 0}};
    nb_bundle_doc docs[] = {
        doc(1, 10, "Afvalinzameling", "Nieuw grondstoffenplan voor restafval", "2027-01-01",
            "2027-06-30", la, 2),
        doc(2, 11, "Inzameling van afval", "Een grondstoffenplan tegen restafval", "2027-04-01",
            "2027-09-30", lb, 2),
        doc(3, 12, "Cultuurnota", "Bibliotheek en theater", "2027-04-01", "2027-09-30", lb, 2),
    };
    nb_bundle_index *ix = NULL;
    assert_int_equal(nb_bundle_index_new(docs, 3, &ix), 0);
    nb_bundle_params p;
    nb_bundle_params_default(&p);
    nb_bundle_score s;
    nb_bundle_pair_score(ix, &p, 0, 1, &s);
    /* "afvalinzameling" is "afval" + "inzameling": the texts are nearly the same */
    assert_true(s.text > 0.6);
    /* competencies 1 (levels 3 and 5: half), 2 and 3 alone: 0.5 / 3 */
    assert_true(s.comp > 0.166 && s.comp < 0.167);
    /* months 4..6 of 1..9 */
    assert_true(s.period > 0.333 && s.period < 0.334);
    double want = p.w_text * s.text + p.w_comp * s.comp + p.w_period * s.period;
    assert_true(s.score > want - 1e-9 && s.score < want + 1e-9);
    /* no shared words: no score, whatever the competencies and months */
    nb_bundle_pair_score(ix, &p, 1, 2, &s);
    assert_true(s.text < 1e-9);
    assert_true(s.comp > 0.99);
    assert_true(s.period > 0.99);
    assert_true(s.score < 1e-9);
    nb_bundle_pair_score(ix, &p, 1, 1, &s);
    assert_true(s.score == 0.0);
    nb_bundle_index_free(ix);
}

static void test_detect_only_other_organisations(void **state)
{
    (void)state;
    nb_assignment_line l[] = {{0, 1, 3, 600, NULL, 0}};
    nb_bundle_doc docs[] = {
        doc(1, 10, "Woonvisie actualiseren", "woningbouw en sociale huur", "2027-01-01",
            "2027-12-31", l, 1),
        doc(2, 10, "Woonvisie actualiseren", "woningbouw en sociale huur", "2027-01-01",
            "2027-12-31", l, 1),
        doc(3, 11, "Cultuurnota", "theater", "2027-01-01", "2027-12-31", l, 1),
    };
    nb_bundle_index *ix = NULL;
    assert_int_equal(nb_bundle_index_new(docs, 3, &ix), 0);
    nb_bundle_params p;
    nb_bundle_params_default(&p);
    nb_bundle_result r;
    assert_int_equal(nb_bundle_detect(ix, &p, &r), 0);
    assert_int_equal(r.ngroups, 0); /* the twins are of one municipality */
    nb_bundle_result_free(&r);
    docs[1].org_id = 12;
    nb_bundle_index_free(ix);
    assert_int_equal(nb_bundle_index_new(docs, 3, &ix), 0);
    assert_int_equal(nb_bundle_detect(ix, &p, &r), 0);
    assert_int_equal(r.ngroups, 1);
    assert_int_equal(r.groups[0].n, 2);
    assert_int_equal(r.members[r.groups[0].first], 0);
    assert_int_equal(r.members[r.groups[0].first + 1], 1);
    assert_true(r.groups[0].score.score > 0.99);
    nb_bundle_why why;
    assert_int_equal(nb_bundle_explain(ix, r.members + r.groups[0].first, 2, &why), 0);
    assert_true(why.nwords >= 3);
    int saw = 0;
    for (size_t i = 0; i < why.nwords; i++)
        saw |= strcmp(why.words[i], "woonvisie") == 0;
    assert_true(saw);
    assert_int_equal(why.ncomps, 1);
    assert_int_equal(why.comps[0].competency_id, 1);
    assert_int_equal(why.month_from, 2027 * 12);
    assert_int_equal(why.month_to, 2027 * 12 + 11);
    nb_bundle_result_free(&r);
    nb_bundle_index_free(ix);
}

static void test_why_disjoint_months(void **state)
{
    (void)state;
    nb_assignment_line l[] = {{0, 1, 3, 600, NULL, 0}};
    nb_bundle_doc docs[] = {
        doc(1, 10, "Speelruimteplan", "speelplekken", "2027-01-01", "2027-03-31", l, 1),
        doc(2, 11, "Speelruimteplan", "speelplekken", "2027-05-01", "2027-06-30", l, 1),
    };
    nb_bundle_index *ix = NULL;
    assert_int_equal(nb_bundle_index_new(docs, 2, &ix), 0);
    size_t m[] = {0, 1};
    nb_bundle_why why;
    assert_int_equal(nb_bundle_explain(ix, m, 2, &why), 0);
    assert_int_equal(why.month_from, -1);
    assert_int_equal(why.month_to, -1);
    nb_bundle_index_free(ix);
}

/* No pair at all, no word at all, no doc at all: empty results, no undefined behaviour
 * (UBSan: qsort was handed the NULL edge list). */
static void test_nothing_to_bundle(void **state)
{
    (void)state;
    nb_assignment_line l[] = {{0, 1, 3, 600, NULL, 0}};
    nb_bundle_doc docs[] = {
        doc(1, 10, "", NULL, "2027-01-01", "2027-03-31", l, 1),
        doc(2, 11, "de het een", "en of", "2027-01-01", "2027-03-31", l, 1),
        doc(3, 12, "Cultuurnota", "theater", "2027-01-01", "2027-03-31", NULL, 0),
    };
    nb_bundle_params p;
    nb_bundle_params_default(&p);
    for (size_t n = 0; n <= 3; n++) {
        nb_bundle_index *ix = NULL;
        assert_int_equal(nb_bundle_index_new(docs, n, &ix), 0);
        nb_bundle_result r;
        assert_int_equal(nb_bundle_detect(ix, &p, &r), 0);
        assert_int_equal(r.ngroups, 0);
        assert_int_equal(r.candidates, 0);
        nb_bundle_result_free(&r);
        if (n >= 2) {
            size_t m[] = {0, 1};
            nb_bundle_why why;
            assert_int_equal(nb_bundle_explain(ix, m, 2, &why), 0);
            assert_int_equal(why.nwords, 0);
            nb_bundle_score s;
            nb_bundle_pair_score(ix, &p, 0, 1, &s);
            assert_true(s.score == 0.0);
        }
        nb_bundle_index_free(ix);
    }
}

/* ---- saving -------------------------------------------------------------- */

static void test_merge_lines_and_saving(void **state)
{
    (void)state;
    nb_assignment_line la[] = {{0, 2, 2, 600, NULL, 0}, {0, 1, 3, 2400, NULL, 0}};
    nb_assignment_line lb[] = {{0, 1, 4, 3600, NULL, 0}, {0, 3, 2, 900, NULL, 0}};
    nb_bundle_doc docs[] = {
        {1, 10, "a", "", 0, 0, la, 2},
        {2, 11, "b", "", 0, 0, lb, 2},
    };
    nb_assignment_line out[4];
    size_t n = 0;
    nb_bundle_saving s;
    assert_int_equal(nb_bundle_merge_lines(docs, 2, 15, 9000, out, 4, &n, &s), 0);
    assert_int_equal(n, 3);
    /* per competency the largest line (level: the highest), + 15 % for the second requester */
    assert_int_equal(out[0].competency_id, 1);
    assert_int_equal(out[0].min_level, 4);
    assert_int_equal(out[0].minutes, 4140);
    assert_int_equal(out[1].competency_id, 2);
    assert_int_equal(out[1].minutes, 690);
    assert_int_equal(out[2].competency_id, 3);
    assert_int_equal(out[2].minutes, 1035);
    assert_int_equal(s.separate_minutes, 7500);
    assert_int_equal(s.bundled_minutes, 5865);
    assert_int_equal(s.saving_minutes, 1635);
    assert_int_equal(s.saving_cents, 245250); /* 27,25 hours at 90 euro */
    /* three requesters, 0 %: just the largest lines */
    nb_bundle_doc three[] = {docs[0], docs[1], docs[0]};
    assert_int_equal(nb_bundle_merge_lines(three, 3, 0, 0, out, 4, &n, &s), 0);
    assert_int_equal(s.bundled_minutes, 3600 + 600 + 900);
    assert_int_equal(s.saving_cents, 0);
    /* a large share can cost more than it saves: a negative saving, rounded half away */
    assert_int_equal(nb_bundle_merge_lines(three, 3, 100, 100, out, 4, &n, &s), 0);
    assert_int_equal(s.bundled_minutes, 3 * 5100);
    assert_int_equal(s.saving_minutes, 7500 + 3000 - 15300);
    assert_int_equal(s.saving_cents, -8000);
    /* rounding half up per line: 1 minute + 15 % = 1.15 -> 1; 10 -> 11.5 -> 12 */
    nb_assignment_line l1[] = {{0, 1, 1, 10, NULL, 0}};
    nb_bundle_doc small[] = {{1, 10, "a", "", 0, 0, l1, 1}, {2, 11, "b", "", 0, 0, l1, 1}};
    assert_int_equal(nb_bundle_merge_lines(small, 2, 15, 0, out, 4, &n, &s), 0);
    assert_int_equal(out[0].minutes, 12);
    /* limits */
    assert_int_equal(nb_bundle_merge_lines(docs, 2, 101, 0, out, 4, &n, &s), NB_EINVAL);
    assert_int_equal(nb_bundle_merge_lines(docs, 2, 15, 0, out, 2, &n, &s), NB_ELIMIT);
}

/* Month profiles: a bundled line carries the profile its members agree on;
 * members whose profiles for one competency differ are not merged silently
 * into a days-spread line (regression: the merge dropped every profile). */
static void test_merge_profiles(void **state)
{
    (void)state;
    const nb_month_weight p1[] = {{2027 * 12, 2}, {2027 * 12 + 2, 1}};
    const nb_month_weight p1b[] = {{2027 * 12, 2}, {2027 * 12 + 2, 1}}; /* equal, elsewhere */
    const nb_month_weight p2[] = {{2027 * 12, 1}, {2027 * 12 + 2, 1}};
    nb_assignment_line la[] = {{0, 1, 3, 2400, p1, 2}, {0, 2, 2, 600, NULL, 0}};
    nb_assignment_line lb[] = {{0, 1, 4, 3600, p1b, 2}, {0, 2, 2, 900, NULL, 0}};
    nb_bundle_doc docs[] = {{1, 10, "a", "", 0, 0, la, 2}, {2, 11, "b", "", 0, 0, lb, 2}};
    int64_t comp = -1;
    assert_int_equal(nb_bundle_profiles_agree(docs, 2, &comp), 1);
    assert_int_equal(comp, -1);
    nb_assignment_line out[4];
    size_t n = 0;
    nb_bundle_saving s;
    assert_int_equal(nb_bundle_merge_lines(docs, 2, 0, 0, out, 4, &n, &s), 0);
    assert_int_equal(n, 2);
    assert_int_equal(out[0].competency_id, 1);
    assert_true(nb_line_profile_equal(out[0].profile, out[0].nprofile, p1, 2));
    assert_int_equal(out[1].nprofile, 0);
    /* a different profile, or a profile against none, for one competency: they do not agree */
    lb[0].profile = p2;
    assert_int_equal(nb_bundle_profiles_agree(docs, 2, &comp), 0);
    assert_int_equal(comp, 1);
    lb[0].profile = p1b;
    lb[1].profile = p2;
    lb[1].nprofile = 2;
    comp = -1;
    assert_int_equal(nb_bundle_profiles_agree(docs, 2, &comp), 0);
    assert_int_equal(comp, 2);
    /* within one assignment too (two lines of one competency) */
    nb_assignment_line lc[] = {{0, 5, 1, 60, p1, 2}, {0, 5, 1, 60, NULL, 0}};
    nb_bundle_doc one[] = {{3, 12, "c", "", 0, 0, lc, 2}};
    assert_int_equal(nb_bundle_profiles_agree(one, 1, NULL), 0);
}

/* The detection applies the last agreement's rule (nb_bundle_pair_profiles_agree): two
 * assignments alike in everything but one competency's month profile are not proposed
 * (regression: they were, and only the last agreement refused them); with equal profiles
 * they are, and a third one that differs does not join them. */
static void test_detect_profiles(void **state)
{
    (void)state;
    const nb_month_weight p1[] = {{2027 * 12, 2}, {2027 * 12 + 2, 1}};
    const nb_month_weight p1b[] = {{2027 * 12, 2}, {2027 * 12 + 2, 1}};
    const nb_month_weight p2[] = {{2027 * 12, 1}, {2027 * 12 + 2, 1}};
    nb_assignment_line la[] = {{0, 1, 3, 600, p1, 2}};
    nb_assignment_line lb[] = {{0, 1, 3, 600, p2, 2}};
    nb_assignment_line lc[] = {{0, 1, 3, 600, NULL, 0}};
    nb_bundle_doc docs[] = {
        doc(1, 10, "Woonvisie actualiseren", "woningbouw en sociale huur", "2027-01-01",
            "2027-12-31", la, 1),
        doc(2, 11, "Woonvisie actualiseren", "woningbouw en sociale huur", "2027-01-01",
            "2027-12-31", lb, 1),
    };
    nb_bundle_params p;
    nb_bundle_params_default(&p);
    nb_bundle_index *ix = NULL;
    nb_bundle_result r;
    int64_t comp = 0;
    assert_int_equal(nb_bundle_pair_profiles_agree(&docs[0], &docs[1], &comp), 0);
    assert_int_equal(comp, 1);
    assert_int_equal(nb_bundle_index_new(docs, 2, &ix), 0);
    assert_int_equal(nb_bundle_detect(ix, &p, &r), 0);
    assert_int_equal(r.ngroups, 0); /* only the profile differs */
    nb_bundle_result_free(&r);
    nb_bundle_index_free(ix);
    /* a profile against none differs too */
    docs[1].lines = lc;
    assert_int_equal(nb_bundle_index_new(docs, 2, &ix), 0);
    assert_int_equal(nb_bundle_detect(ix, &p, &r), 0);
    assert_int_equal(r.ngroups, 0);
    nb_bundle_result_free(&r);
    nb_bundle_index_free(ix);
    /* equal profiles (other storage): proposed */
    lb[0].profile = p1b;
    docs[1].lines = lb;
    assert_int_equal(nb_bundle_pair_profiles_agree(&docs[0], &docs[1], NULL), 1);
    assert_int_equal(nb_bundle_index_new(docs, 2, &ix), 0);
    assert_int_equal(nb_bundle_detect(ix, &p, &r), 0);
    assert_int_equal(r.ngroups, 1);
    assert_int_equal(r.groups[0].n, 2);
    assert_true(r.groups[0].score.score > 0.99);
    nb_bundle_result_free(&r);
    nb_bundle_index_free(ix);
    /* a third twin without the profile: the pair stays, the third does not join */
    nb_bundle_doc three[] = {docs[0], docs[1],
                             doc(3, 12, "Woonvisie actualiseren", "woningbouw en sociale huur",
                                 "2027-01-01", "2027-12-31", lc, 1)};
    assert_int_equal(nb_bundle_index_new(three, 3, &ix), 0);
    assert_int_equal(nb_bundle_detect(ix, &p, &r), 0);
    assert_int_equal(r.ngroups, 1);
    assert_int_equal(r.groups[0].n, 2);
    assert_int_equal(r.members[r.groups[0].first], 0);
    assert_int_equal(r.members[r.groups[0].first + 1], 1);
    assert_int_equal(nb_bundle_profiles_agree(three, 3, NULL), 0);
    nb_bundle_result_free(&r);
    nb_bundle_index_free(ix);
}

/* ---- the hand-made set --------------------------------------------------- */

typedef struct dataset {
    size_t n;
    nb_bundle_doc docs[128];
    char group[128][32];
    nb_assignment_line lines[128][8];
    char text[128][2][512];
} dataset;

static void load(dataset *ds)
{
    FILE *f = fopen(dataset_path, "r");
    assert_non_null(f);
    char line[2048];
    while (fgets(line, sizeof line, f) != NULL) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *col[8];
        size_t nc = 0;
        char *save = NULL;
        for (char *c = strtok_r(line, "\t", &save); c && nc < 8; c = strtok_r(NULL, "\t", &save))
            col[nc++] = c;
        if (nc != 8 || ds->n >= 128) { /* a stop clang's analyzer follows (assert_* may return) */
            (void)fclose(f);           /* read only, and the test fails next */
            fail_msg("%s: a row of %zu columns (8 wanted), or more than 128 rows", dataset_path,
                     nc);
            return;
        }
        size_t i = ds->n++;
        nb_bundle_doc *d = &ds->docs[i];
        d->id = strtoll(col[0], NULL, 10);
        d->org_id = strtoll(col[1], NULL, 10);
        snprintf(ds->group[i], sizeof ds->group[i], "%s", col[2]);
        assert_int_equal(nb_date_parse(col[3], &d->start_day), 0);
        assert_int_equal(nb_date_parse(col[4], &d->end_day), 0);
        char *lsave = NULL;
        for (char *l = strtok_r(col[5], ",", &lsave); l; l = strtok_r(NULL, ",", &lsave)) {
            nb_assignment_line *ln = &ds->lines[i][d->nlines++];
            char *end = NULL;
            ln->competency_id = strtoll(l, &end, 10);
            assert_int_equal(*end, ':');
            ln->min_level = strtoll(end + 1, &end, 10);
            assert_int_equal(*end, ':');
            ln->minutes = strtoll(end + 1, &end, 10);
            assert_int_equal(*end, '\0');
        }
        d->lines = ds->lines[i];
        snprintf(ds->text[i][0], sizeof ds->text[i][0], "%s", col[6]);
        snprintf(ds->text[i][1], sizeof ds->text[i][1], "%s", col[7]);
        d->title = ds->text[i][0];
        d->description = ds->text[i][1];
    }
    assert_int_equal(fclose(f), 0);
}

static int same_group(const dataset *ds, size_t a, size_t b)
{
    return strcmp(ds->group[a], "-") != 0 && strcmp(ds->group[a], ds->group[b]) == 0;
}

static void test_precision_and_recall(void **state)
{
    (void)state;
    dataset *ds = calloc(1, sizeof *ds);
    assert_non_null(ds);
    load(ds);
    assert_true(ds->n >= 40);
    size_t truth = 0;
    for (size_t a = 0; a < ds->n; a++)
        for (size_t b = a + 1; b < ds->n; b++)
            truth += same_group(ds, a, b);
    nb_bundle_index *ix = NULL;
    assert_int_equal(nb_bundle_index_new(ds->docs, ds->n, &ix), 0);
    nb_bundle_params p;
    nb_bundle_params_default(&p);
    nb_bundle_result r;
    assert_int_equal(nb_bundle_detect(ix, &p, &r), 0);
    size_t predicted = 0, right = 0;
    for (size_t g = 0; g < r.ngroups; g++) {
        const size_t *m = r.members + r.groups[g].first;
        for (size_t x = 0; x < r.groups[g].n; x++) {
            for (size_t y = x + 1; y < r.groups[g].n; y++) {
                predicted++;
                int ok = same_group(ds, m[x], m[y]);
                right += (size_t)ok;
                if (!ok)
                    printf("# wrong pair: %" PRId64 " %s / %" PRId64 " %s (%.3f)\n",
                           ds->docs[m[x]].id, ds->docs[m[x]].title, ds->docs[m[y]].id,
                           ds->docs[m[y]].title, r.groups[g].score.score);
            }
        }
    }
    for (size_t a = 0; a < ds->n; a++) {
        for (size_t b = a + 1; b < ds->n; b++) {
            if (!same_group(ds, a, b))
                continue;
            int found = 0;
            for (size_t g = 0; g < r.ngroups && !found; g++) {
                const size_t *m = r.members + r.groups[g].first;
                int ha = 0, hb = 0;
                for (size_t x = 0; x < r.groups[g].n; x++)
                    ha |= m[x] == a, hb |= m[x] == b;
                found = ha && hb;
            }
            if (!found) {
                nb_bundle_score s;
                nb_bundle_pair_score(ix, &p, a, b, &s);
                printf("# missed pair: %" PRId64 " %s / %" PRId64 " %s (score %.3f, text %.3f)\n",
                       ds->docs[a].id, ds->docs[a].title, ds->docs[b].id, ds->docs[b].title,
                       s.score, s.text);
            }
        }
    }
    double precision = predicted ? (double)right / (double)predicted : 0.0;
    double recall = truth ? (double)right / (double)truth : 0.0;
    printf("# bundling on %zu assignments, threshold %.2f: %zu proposals, %zu pairs proposed, "
           "%zu right of %zu true pairs; precision %.3f, recall %.3f\n",
           ds->n, p.threshold, r.ngroups, predicted, right, truth, precision, recall);
    assert_true(precision >= 0.8);
    assert_true(recall >= 0.8);
    nb_bundle_result_free(&r);
    nb_bundle_index_free(ix);
    free(ds);
}

int main(int argc, char **argv)
{
    dataset_path = argc > 1 ? argv[1] : "tests/data/bundel_opdrachten.tsv";
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise_and_stop_words),
        cmocka_unit_test(test_stemmer_meets_word_forms),
        cmocka_unit_test(test_pair_score_parts),
        cmocka_unit_test(test_detect_only_other_organisations),
        cmocka_unit_test(test_why_disjoint_months),
        cmocka_unit_test(test_nothing_to_bundle),
        cmocka_unit_test(test_merge_lines_and_saving),
        cmocka_unit_test(test_merge_profiles),
        cmocka_unit_test(test_detect_profiles),
        cmocka_unit_test(test_precision_and_recall),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
