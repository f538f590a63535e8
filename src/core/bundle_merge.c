/*
 * core/bundle_merge.c — bundling: the merged lines of a bundle and what the
 * merge saves, and the month-profile rule every merged competency must meet
 * (one predicate for detection and the last agreement); see bundle.h.
 */
#include "core/bundle.h"

#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* ---- saving ------------------------------------------------------------- */

int nb_bundle_merge_lines(const nb_bundle_doc *docs, size_t n, int64_t coord_pct,
                          int64_t rate_cents, nb_assignment_line *out, size_t max, size_t *nout,
                          nb_bundle_saving *saving)
{
    memset(saving, 0, sizeof *saving);
    *nout = 0;
    if (coord_pct < 0 || coord_pct > 100)
        return NB_EINVAL;
    size_t k = 0;
    for (size_t d = 0; d < n; d++) {
        for (size_t l = 0; l < docs[d].nlines; l++) {
            const nb_assignment_line *ln = &docs[d].lines[l];
            saving->separate_minutes += ln->minutes;
            size_t f = 0;
            while (f < k && out[f].competency_id != ln->competency_id)
                f++;
            if (f == k) {
                if (k == max)
                    return NB_ELIMIT;
                out[k++] = (nb_assignment_line){.competency_id = ln->competency_id,
                                                .min_level = ln->min_level,
                                                .minutes = ln->minutes,
                                                .profile = ln->profile,
                                                .nprofile = ln->nprofile};
                continue;
            }
            if (ln->minutes > out[f].minutes)
                out[f].minutes = ln->minutes;
            if (ln->min_level > out[f].min_level)
                out[f].min_level = ln->min_level;
        }
    }
    /* by competency id (insertion sort; a handful of lines) */
    for (size_t i = 1; i < k; i++) {
        nb_assignment_line t = out[i];
        size_t j = i;
        while (j > 0 && out[j - 1].competency_id > t.competency_id) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = t;
    }
    int64_t factor = 100 + coord_pct * (int64_t)(n > 0 ? n - 1 : 0);
    for (size_t i = 0; i < k; i++) {
        out[i].minutes = (out[i].minutes * factor + 50) / 100;
        saving->bundled_minutes += out[i].minutes;
    }
    saving->saving_minutes = saving->separate_minutes - saving->bundled_minutes;
    int64_t num = saving->saving_minutes * rate_cents;
    saving->saving_cents = num >= 0 ? (num + 30) / 60 : -((-num + 30) / 60);
    *nout = k;
    return 0;
}

/*
 * 0 when a line of x and a line of y (a later line when x == y) ask the same
 * competency with different month profiles, naming it in *competency_id (may
 * be NULL); else 1.
 */
static int nb_bundle_lines_agree(const nb_bundle_doc *x, const nb_bundle_doc *y,
                                 int64_t *competency_id)
{
    for (size_t l = 0; l < x->nlines; l++) {
        const nb_assignment_line *a = &x->lines[l];
        for (size_t m = x == y ? l + 1 : 0; m < y->nlines; m++) {
            const nb_assignment_line *b = &y->lines[m];
            if (b->competency_id != a->competency_id ||
                nb_line_profile_equal(a->profile, a->nprofile, b->profile, b->nprofile))
                continue;
            if (competency_id != NULL)
                *competency_id = a->competency_id;
            return 0;
        }
    }
    return 1;
}

int nb_bundle_pair_profiles_agree(const nb_bundle_doc *a, const nb_bundle_doc *b,
                                  int64_t *competency_id)
{
    return nb_bundle_lines_agree(a, a, competency_id) &&
           nb_bundle_lines_agree(b, b, competency_id) && nb_bundle_lines_agree(a, b, competency_id);
}

int nb_bundle_profiles_agree(const nb_bundle_doc *docs, size_t n, int64_t *competency_id)
{
    /* quadratic in the lines of one proposal (a handful of members and lines); profile
     * equality is transitive, so every pair agreeing is the whole group agreeing */
    if (n == 1)
        return nb_bundle_lines_agree(&docs[0], &docs[0], competency_id);
    for (size_t d = 0; d < n; d++)
        for (size_t e = d + 1; e < n; e++)
            if (!nb_bundle_pair_profiles_agree(&docs[d], &docs[e], competency_id))
                return 0;
    return 1;
}
