/*
 * store/team_profile.c — a line's month weights for the teaming engine; see
 * team_profile.h.
 */
#include "store/team_profile.h"

#include "core/workload.h"

size_t nb_team_profile_weights(const nb_month_weight *prof, size_t nprof, int32_t start_day,
                               int32_t end_day, int64_t *out)
{
    int32_t ma = nb_wl_month(start_day), mb = nb_wl_month(end_day);
    size_t n = (size_t)(mb - ma) + 1, k = 0;
    int64_t total = 0;
    for (int32_t mi = ma; mi <= mb; mi++) {
        while (k < nprof && prof[k].month < mi)
            k++;
        int64_t w = k < nprof && prof[k].month == mi ? prof[k].weight : 0;
        out[mi - ma] = w;
        total += w;
    }
    if (total > 0)
        return n;
    for (int32_t mi = ma; mi <= mb; mi++) { /* no profile: the days in each month */
        int32_t f, l;
        nb_wl_month_days(mi, &f, &l);
        out[mi - ma] = nb_wl_overlap(f, l, start_day, end_day);
    }
    return n;
}
