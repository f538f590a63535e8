/*
 * util/csv.h — one field of a CSV file for Dutch Excel (';'-separated):
 * RFC 4180 quoting, and a leading = + - @ neutralised so that a cell is
 * never read as a formula. The one field writer of the statement CSV
 * (store/statement.c) and the report CSV (report/csv.c).
 */
#ifndef NB_UTIL_CSV_H
#define NB_UTIL_CSV_H

#include "util/buf.h"

/* Appends s (NULL = nothing) to b as one field: quoted when it holds ';',
 * '"', CR or LF (quotes doubled), and as "'..." when it starts with
 * = + - or @. */
void nb_csv_field(nb_buf *b, const char *s);

#endif
