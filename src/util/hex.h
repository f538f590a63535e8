/*
 * util/hex.h — hexadecimal digits, as used by percent-encoding in request
 * targets (http/target.c) and form bodies (web/form.c).
 */
#ifndef NB_UTIL_HEX_H
#define NB_UTIL_HEX_H

/*
 * Returns the value 0..15 of the hexadecimal digit c ('0'-'9', 'a'-'f',
 * 'A'-'F'), or -1 when c is not a hexadecimal digit. No memory involved.
 */
int nb_hex_digit(char c);

#endif
