/*
 * core/dimacs.h — parser for the DIMACS minimum-cost-flow format.
 *
 * The format, one record per line:
 *     c any comment                 (also blank lines are allowed)
 *     p min NODES ARCS              (exactly once, before any n or a line)
 *     n ID SUPPLY                   (at most once per node; absent = 0)
 *     a SRC DST LOW CAP COST        (exactly ARCS of them)
 * Node ids are 1-based in the file and 0-based in the graph; arcs keep their
 * order in the file. Values follow nb_mcf_add_arc's limits; a capacity of
 * 9223372036854775807 (INT64_MAX, NB_MCF_INF) means unbounded. Pure: parses
 * a buffer the caller has read, and writes a graph through the caller's
 * output function (nb_dimacs_write).
 */
#ifndef NB_CORE_DIMACS_H
#define NB_CORE_DIMACS_H

#include "util/attr.h"

#include <stddef.h>

#include "core/mcf.h"
#include "util/error.h"

/* The largest node count accepted from a file. */
#define NB_DIMACS_MAX_NODES (1 << 27)

/* Parses len bytes of text (not necessarily NUL-terminated; the caller keeps
 * ownership). On success stores a new graph in *out (owned by the caller; free
 * with nb_mcf_graph_free) and returns 0. On failure stores NULL in *out, the
 * 1-based number of the offending line in *line (the p line for a wrong arc
 * count, 0 when the text is empty) and returns NB_EPARSE (reason in err) or
 * NB_ENOMEM. Never reads outside text[0..len). */
NB_MUST_USE int nb_dimacs_parse(const char *text, size_t len, nb_mcf_graph **out, long *line,
                                nb_err *err);

/* Receives len bytes of output; returns 0, or non-zero to stop (returned). */
typedef int (*nb_dimacs_out_fn)(void *ctx, const char *text, size_t len);

/*
 * Writes g in the format above: the comment lines (comment may be NULL; each
 * of its lines becomes a `c` line), `p min`, an `n` line for every node with
 * a non-zero supply, and every arc in order with its lower bound, capacity
 * (NB_MCF_INF as 9223372036854775807) and cost, so nb_dimacs_parse gives back
 * the same graph. Borrows g; writes nothing else. Returns 0 or what out
 * returned.
 */
NB_MUST_USE int nb_dimacs_write(const nb_mcf_graph *g, const char *comment, nb_dimacs_out_fn out,
                                void *ctx);

#endif
