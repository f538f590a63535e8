/*
 * store/team_profile.h — a line's month weights for the teaming engine
 * (issue 13 §2): its own month profile (core/line_profile.h, stored with
 * the line) mapped onto the months of its period, or the days of the period
 * in each month when it has none. store/team_loader.c calls it for every
 * line when it plans per month; the engine splits the line's minutes by
 * these weights (nb_team_line.month_profile, nb_split_weighted).
 */
#ifndef NB_STORE_TEAM_PROFILE_H
#define NB_STORE_TEAM_PROFILE_H

#include "core/line_profile.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Writes the weight of every month of the period [start_day, end_day]
 * (start_day <= end_day; util/date.h day numbers) into out[0..n), n =
 * nb_wl_month(end_day) − nb_wl_month(start_day) + 1 (caller-owned), and
 * returns n. With a profile (prof[0..nprof), in month order, borrowed): a
 * named month's weight, 0 for a month not named; named months outside the
 * period are ignored. Without one — or when no month of the period has a
 * weight above 0, which the shape rules keep from happening — the days of
 * the period in each month, as before profiles existed.
 */
size_t nb_team_profile_weights(const nb_month_weight *prof, size_t nprof, int32_t start_day,
                               int32_t end_day, int64_t *out);

#endif
