/*
 * store/team_profile.c — a line's month weights for the teaming engine; see
 * team_profile.h. The rule itself is core/workload.h nb_wl_month_weights,
 * which the work stock and the hours budget share.
 */
#include "store/team_profile.h"

#include "core/workload.h"

size_t nb_team_profile_weights(const nb_month_weight *prof, size_t nprof, int32_t start_day,
                               int32_t end_day, int64_t *out)
{
    return nb_wl_month_weights(prof, nprof, start_day, end_day, out);
}
