/*
 * util/nlnum.c — Dutch numbers and hours (see nlnum.h).
 */
#include "util/nlnum.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Writes [-]whole[,frac] with '.' between thousands; frac has decimals
 * digits, its trailing zeros dropped; then suffix. */
static void nb_nl_parts(int neg, uint64_t whole, uint64_t frac, int decimals, const char *suffix,
                        char out[NB_NL_NUM_LEN])
{
    char digits[24];
    snprintf(digits, sizeof digits, "%" PRIu64, whole);
    size_t nd = strlen(digits), o = 0;
    if (neg && (whole != 0 || frac != 0))
        out[o++] = '-';
    for (size_t i = 0; i < nd; i++) {
        if (i > 0 && (nd - i) % 3 == 0)
            out[o++] = '.';
        out[o++] = digits[i];
    }
    if (frac != 0) {
        char f[8];
        snprintf(f, sizeof f, "%0*" PRIu64, decimals, frac);
        size_t nf = strlen(f);
        while (nf > 0 && f[nf - 1] == '0')
            nf--;
        out[o++] = ',';
        for (size_t k = 0; k < nf; k++) /* the suffix below terminates out */
            out[o++] = f[k];
    }
    snprintf(out + o, NB_NL_NUM_LEN - o, "%s", suffix);
}

void nb_nl_decimal(int64_t value, int decimals, char out[NB_NL_NUM_LEN])
{
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    uint64_t scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    int neg = value < 0;
    uint64_t mag = neg ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    nb_nl_parts(neg, mag / scale, mag % scale, decimals, "", out);
}

void nb_nl_hours(int64_t minutes, char out[NB_NL_NUM_LEN])
{
    /* Whole hours, then the rest in hundredths of an hour rounded half away
     * from zero: at most 98 (59 minutes), so it never carries. Done on the
     * magnitude so INT64_MIN does not overflow. */
    int neg = minutes < 0;
    uint64_t mag = neg ? (uint64_t)0 - (uint64_t)minutes : (uint64_t)minutes;
    nb_nl_parts(neg, mag / 60, ((mag % 60) * 200 + 60) / 120, 2, " uur", out);
}
