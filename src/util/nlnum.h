/*
 * util/nlnum.h — numbers and hours written as a Dutch reader expects them:
 * a decimal comma, '.' between thousands, "4,5 uur".
 *
 * The one formatter behind the pages (web/format.h) and the teaming
 * engine's reasons (core/teaming.h), so an hour reads the same everywhere.
 * Pure; every function writes into a caller buffer of NB_NL_NUM_LEN bytes.
 */
#ifndef NB_UTIL_NLNUM_H
#define NB_UTIL_NLNUM_H

#include <stdint.h>

#define NB_NL_NUM_LEN 48

/* value / 10^decimals with a decimal comma, thousands separated by '.',
 * trailing zeros of the fraction dropped: (12345, 2) -> "123,45",
 * (4500, 3) -> "4,5", (-1234567, 0) -> "-1.234.567". decimals 0..6
 * (clamped). */
void nb_nl_decimal(int64_t value, int decimals, char out[NB_NL_NUM_LEN]);

/* Minutes as hours, rounded to hundredths half away from zero:
 * 270 -> "4,5 uur", 60 -> "1 uur", 20 -> "0,33 uur", -90 -> "-1,5 uur",
 * 285366 -> "4.756,1 uur". */
void nb_nl_hours(int64_t minutes, char out[NB_NL_NUM_LEN]);

#endif
