/*
 * http/target.c — see target.h.
 */
#include "http/target.h"
#include "util/hex.h"

#include <stdint.h>

/* UTF-8 decoder state over a byte stream: need = continuation bytes still expected. */
typedef struct nb_utf8 {
    int need;
    uint32_t cp;
    uint32_t min;
} nb_utf8;

/* Feeds one byte; 0 = fine so far, 1 = invalid. */
static int nb_utf8_feed(nb_utf8 *u, unsigned char b)
{
    if (u->need > 0) {
        if ((b & 0xC0) != 0x80)
            return 1;
        u->cp = (u->cp << 6) | (b & 0x3F);
        if (--u->need == 0 &&
            (u->cp < u->min || u->cp > 0x10FFFF || (u->cp >= 0xD800 && u->cp <= 0xDFFF)))
            return 1;
        return 0;
    }
    if (b < 0x80)
        return 0;
    if ((b & 0xE0) == 0xC0)
        u->need = 1, u->cp = b & 0x1F, u->min = 0x80;
    else if ((b & 0xF0) == 0xE0)
        u->need = 2, u->cp = b & 0x0F, u->min = 0x800;
    else if ((b & 0xF8) == 0xF0)
        u->need = 3, u->cp = b & 0x07, u->min = 0x10000;
    else
        return 1;
    return 0;
}

int nb_target_check(const char *raw, size_t len, const char **why)
{
    nb_utf8 u = {0, 0, 0};
    int in_query = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)raw[i];
        if (b == '%') {
            int hi = i + 1 < len ? nb_hex_digit(raw[i + 1]) : -1;
            int lo = i + 2 < len ? nb_hex_digit(raw[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                *why = "een '%' wordt niet gevolgd door twee hexadecimale cijfers";
                return 1;
            }
            b = (unsigned char)(hi * 16 + lo);
            i += 2;
        } else if (b == '?' && !in_query) {
            if (u.need > 0) {
                *why = "het pad is geen geldige UTF-8";
                return 1;
            }
            in_query = 1;
            continue;
        }
        if (b < 0x20 || b == 0x7F) {
            *why = "het bevat een stuurteken (zoals %00 of %0A)";
            return 1;
        }
        if (nb_utf8_feed(&u, b) != 0) {
            *why = in_query ? "de query is geen geldige UTF-8" : "het pad is geen geldige UTF-8";
            return 1;
        }
    }
    if (u.need > 0) {
        *why = in_query ? "de query is geen geldige UTF-8" : "het pad is geen geldige UTF-8";
        return 1;
    }
    return 0;
}
