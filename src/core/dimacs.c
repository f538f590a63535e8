/*
 * core/dimacs.c — DIMACS minimum-cost-flow parser and writer (see dimacs.h).
 *
 * Line by line, token by token, with strict decimal numbers (optional sign,
 * digits only, overflow detected). Every malformation is an NB_EPARSE with
 * the line number; nothing is read past the given length.
 */
#include "core/dimacs.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_DIMACS_MAX_TOKENS 7

typedef struct nb_dimacs_tok {
    const char *s;
    size_t len;
} nb_dimacs_tok;

static int nb_dimacs_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Splits [s, s+len) into at most max tokens; returns the token count, or
 * max + 1 when there are more. */
static int nb_dimacs_split(const char *s, size_t len, nb_dimacs_tok *tok, int max)
{
    int k = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && nb_dimacs_space(s[i]))
            i++;
        if (i >= len)
            break;
        size_t start = i;
        while (i < len && !nb_dimacs_space(s[i]))
            i++;
        if (k == max)
            return max + 1;
        tok[k].s = s + start;
        tok[k].len = i - start;
        k++;
    }
    return k;
}

/* Parses a whole token as a signed 64-bit decimal of any length (leading
 * zeros are fine). Returns 0, -1 (not a number) or -2 (out of range: checked
 * before every digit, so the accumulator never overflows). */
static int nb_dimacs_int(const nb_dimacs_tok *t, int64_t *out)
{
    size_t i = 0;
    int neg = 0;
    if (t->len == 0)
        return -1;
    if (t->s[0] == '+' || t->s[0] == '-') {
        neg = t->s[0] == '-';
        i = 1;
    }
    if (i >= t->len)
        return -1;
    uint64_t v = 0;
    const uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < t->len; i++) {
        char c = t->s[i];
        if (c < '0' || c > '9')
            return -1;
        unsigned d = (unsigned)(c - '0');
        if (v > (limit - d) / 10)
            return -2;
        v = v * 10 + d;
    }
    if (neg)
        *out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
    else
        *out = (int64_t)v;
    return 0;
}

static int nb_dimacs_field(const nb_dimacs_tok *t, const char *what, int64_t *out, nb_err *err)
{
    int r = nb_dimacs_int(t, out);
    if (r == -2)
        return nb_err_set(err, NB_EPARSE, "%s '%.*s' does not fit in 64 bits", what,
                          (int)(t->len > 40 ? 40 : t->len), t->s);
    if (r != 0)
        return nb_err_set(err, NB_EPARSE, "%s '%.*s' is not an integer", what,
                          (int)(t->len > 40 ? 40 : t->len), t->s);
    return 0;
}

int nb_dimacs_parse(const char *text, size_t len, nb_mcf_graph **out, long *line, nb_err *err)
{
    int rc = 0;
    nb_mcf_graph *g = NULL;
    unsigned char *seen = NULL;
    long lineno = 0, p_line = 0;
    int64_t nnodes = 0, narcs = 0, arcs_read = 0;
    nb_dimacs_tok tok[NB_DIMACS_MAX_TOKENS];
    nb_err aerr;

    *out = NULL;
    *line = 0;
    size_t pos = 0;
    while (pos < len) {
        const char *s = text + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t l = nl ? (size_t)(nl - s) : len - pos;
        pos += l + (nl ? 1 : 0);
        lineno++;

        int k = nb_dimacs_split(s, l, tok, NB_DIMACS_MAX_TOKENS);
        if (k == 0)
            continue;
        if (tok[0].len == 1 && tok[0].s[0] == 'c')
            continue;
        if (tok[0].s[0] == 'c' && tok[0].len > 1)
            continue; /* "c..." without a space is still a comment */
        char kind = '?';
        if (tok[0].len == 1)
            kind = tok[0].s[0];

        if (kind == 'p') {
            if (p_line != 0) {
                rc = nb_err_set(err, NB_EPARSE, "second p line (the first is line %ld)", p_line);
                goto fail;
            }
            if (k != 4) {
                rc = nb_err_set(err, NB_EPARSE, "p line needs 'p min NODES ARCS'");
                goto fail;
            }
            if (tok[1].len != 3 || memcmp(tok[1].s, "min", 3) != 0) {
                rc = nb_err_set(err, NB_EPARSE, "problem type '%.*s' is not 'min'",
                                (int)(tok[1].len > 20 ? 20 : tok[1].len), tok[1].s);
                goto fail;
            }
            if ((rc = nb_dimacs_field(&tok[2], "node count", &nnodes, err)) != 0 ||
                (rc = nb_dimacs_field(&tok[3], "arc count", &narcs, err)) != 0)
                goto fail;
            if (nnodes < 0 || nnodes > NB_DIMACS_MAX_NODES) {
                rc = nb_err_set(err, NB_EPARSE, "node count %lld outside 0..%d", (long long)nnodes,
                                NB_DIMACS_MAX_NODES);
                goto fail;
            }
            if (narcs < 0 || narcs > INT32_MAX - nnodes - 2) {
                rc = nb_err_set(err, NB_EPARSE, "arc count %lld out of range", (long long)narcs);
                goto fail;
            }
            p_line = lineno;
            /* Each arc line takes at least 12 bytes; never trust the count. */
            int64_t hint = narcs;
            if ((int64_t)((len - pos) / 12 + 16) < hint)
                hint = (int64_t)((len - pos) / 12 + 16);
            g = nb_mcf_graph_new((int32_t)nnodes, (int32_t)hint);
            seen = calloc((size_t)nnodes + 1, 1);
            if (g == NULL || seen == NULL) {
                rc = nb_err_set(err, NB_ENOMEM, "out of memory for %lld nodes", (long long)nnodes);
                goto fail;
            }
        } else if (kind == 'n') {
            int64_t id, sup;
            if (p_line == 0) {
                rc = nb_err_set(err, NB_EPARSE, "n line before the p line");
                goto fail;
            }
            if (k != 3) {
                rc = nb_err_set(err, NB_EPARSE, "n line needs 'n ID SUPPLY'");
                goto fail;
            }
            if ((rc = nb_dimacs_field(&tok[1], "node id", &id, err)) != 0 ||
                (rc = nb_dimacs_field(&tok[2], "supply", &sup, err)) != 0)
                goto fail;
            if (id < 1 || id > nnodes) {
                rc = nb_err_set(err, NB_EPARSE, "node id %lld outside 1..%lld", (long long)id,
                                (long long)nnodes);
                goto fail;
            }
            if (seen[id]) {
                rc = nb_err_set(err, NB_EPARSE, "second n line for node %lld", (long long)id);
                goto fail;
            }
            seen[id] = 1;
            if (nb_mcf_set_supply(g, (int32_t)(id - 1), sup, &aerr) != 0) {
                rc = nb_err_set(err, NB_EPARSE, "%s", aerr.msg);
                goto fail;
            }
        } else if (kind == 'a') {
            int64_t src, dst, low, cap, cost;
            if (p_line == 0) {
                rc = nb_err_set(err, NB_EPARSE, "a line before the p line");
                goto fail;
            }
            if (k != 6) {
                rc = nb_err_set(err, NB_EPARSE, "a line needs 'a SRC DST LOW CAP COST'");
                goto fail;
            }
            if ((rc = nb_dimacs_field(&tok[1], "source id", &src, err)) != 0 ||
                (rc = nb_dimacs_field(&tok[2], "target id", &dst, err)) != 0 ||
                (rc = nb_dimacs_field(&tok[3], "lower bound", &low, err)) != 0 ||
                (rc = nb_dimacs_field(&tok[4], "capacity", &cap, err)) != 0 ||
                (rc = nb_dimacs_field(&tok[5], "cost", &cost, err)) != 0)
                goto fail;
            if (src < 1 || src > nnodes || dst < 1 || dst > nnodes) {
                rc = nb_err_set(err, NB_EPARSE, "arc %lld -> %lld: node id outside 1..%lld",
                                (long long)src, (long long)dst, (long long)nnodes);
                goto fail;
            }
            if (arcs_read >= narcs) {
                rc = nb_err_set(err, NB_EPARSE, "more a lines than the %lld declared on line %ld",
                                (long long)narcs, p_line);
                goto fail;
            }
            int32_t a =
                nb_mcf_add_arc(g, (int32_t)(src - 1), (int32_t)(dst - 1), low, cap, cost, &aerr);
            if (a < 0) {
                rc = a == NB_ENOMEM ? nb_err_set(err, NB_ENOMEM, "%s", aerr.msg)
                                    : nb_err_set(err, NB_EPARSE, "%s", aerr.msg);
                goto fail;
            }
            arcs_read++;
        } else {
            rc = nb_err_set(err, NB_EPARSE, "unknown line type '%.*s' (want c, p, n or a)",
                            (int)(tok[0].len > 20 ? 20 : tok[0].len), tok[0].s);
            goto fail;
        }
    }
    if (p_line == 0) {
        rc = nb_err_set(err, NB_EPARSE, "no 'p min NODES ARCS' line");
        goto fail;
    }
    if (arcs_read != narcs) {
        lineno = p_line;
        rc = nb_err_set(err, NB_EPARSE, "p line declares %lld arcs but the file has %lld",
                        (long long)narcs, (long long)arcs_read);
        goto fail;
    }
    free(seen);
    *out = g;
    return 0;

fail:
    *line = lineno;
    free(seen);
    nb_mcf_graph_free(g);
    return rc;
}

/* ---- Writing ---------------------------------------------------------------- */

int nb_dimacs_write(const nb_mcf_graph *g, const char *comment, nb_dimacs_out_fn out, void *ctx)
{
    char line[160];
    int rc, n;
    for (const char *c = comment; c != NULL && *c != '\0';) {
        const char *end = strchr(c, '\n');
        size_t len = end ? (size_t)(end - c) : strlen(c);
        if ((rc = out(ctx, "c ", 2)) != 0 || (rc = out(ctx, c, len)) != 0 ||
            (rc = out(ctx, "\n", 1)) != 0)
            return rc;
        c += len + (end != NULL);
    }
    int32_t nodes = nb_mcf_node_count(g), arcs = nb_mcf_arc_count(g);
    n = snprintf(line, sizeof line, "p min %ld %ld\n", (long)nodes, (long)arcs);
    if ((rc = out(ctx, line, (size_t)n)) != 0)
        return rc;
    for (int32_t v = 0; v < nodes; v++) {
        int64_t s = nb_mcf_supply(g, v);
        if (s == 0)
            continue;
        n = snprintf(line, sizeof line, "n %ld %lld\n", (long)v + 1, (long long)s);
        if ((rc = out(ctx, line, (size_t)n)) != 0)
            return rc;
    }
    for (int32_t a = 0; a < arcs; a++) {
        n = snprintf(line, sizeof line, "a %ld %ld %lld %lld %lld\n",
                     (long)nb_mcf_arc_from(g, a) + 1, (long)nb_mcf_arc_to(g, a) + 1,
                     (long long)nb_mcf_arc_lower(g, a), (long long)nb_mcf_arc_cap(g, a),
                     (long long)nb_mcf_arc_cost(g, a));
        if ((rc = out(ctx, line, (size_t)n)) != 0)
            return rc;
    }
    return 0;
}
