/*
 * store/bundles_docs.c — assignments loaded for the bundling core
 * (nb_bundle_docs, bundles_int.h): the growing arrays of docs, their lines
 * and the lines' month profiles, and linking them once loaded. Shared by the
 * refresh's detection (bundles_refresh.c) and the expiry's profile check
 * (bundles_expire.c), so both read a stored profile the same way.
 */
#include "store/bundles_int.h"

#include "store/assignments.h"
#include "util/assert.h"

#include <stdlib.h>
#include <string.h>

void nb_bundle_docs_free(nb_bundle_docs *d)
{
    for (size_t i = 0; i < d->nstrings; i++)
        free(d->strings[i]);
    free(d->strings);
    free(d->docs);
    free(d->lines);
    free(d->months);
    memset(d, 0, sizeof *d);
}

void nb_bundle_docs_clear(nb_bundle_docs *d)
{
    d->n = 0;
    d->nlines = 0;
    d->nmonths = 0;
}

/* Grows *v (of *cap elements of size each) to hold need; 0 or NB_ENOMEM. */
static int nb_bundle_grow(void **v, size_t *cap, size_t need, size_t size, size_t first)
{
    if (need <= *cap)
        return 0;
    size_t cap2 = *cap ? *cap : first;
    while (cap2 < need)
        cap2 *= 2;
    void *p = realloc(*v, cap2 * size);
    if (p == NULL)
        return NB_ENOMEM;
    *v = p;
    *cap = cap2;
    return 0;
}

nb_bundle_doc *nb_bundle_docs_add(nb_bundle_docs *d, nb_err *err)
{
    size_t cap = d->cap, scap = 2 * d->cap;
    void *docs = d->docs, *strings = d->strings;
    int rc = nb_bundle_grow(&docs, &cap, d->n + 1, sizeof *d->docs, 256);
    d->docs = docs;
    if (rc == 0) {
        rc = nb_bundle_grow(&strings, &scap, 2 * cap, sizeof *d->strings, 512);
        d->strings = strings;
    }
    if (rc != 0) {
        nb_err_set(err, NB_ENOMEM, "out of memory");
        return NULL;
    }
    d->cap = cap; /* the texts' room (2 * cap) is there too */
    nb_bundle_doc *doc = &d->docs[d->n++];
    memset(doc, 0, sizeof *doc);
    return doc;
}

const char *nb_bundle_docs_keep(nb_bundle_docs *d, const char *text, nb_err *err)
{
    NB_ASSERT(d->nstrings < 2 * d->cap);
    char *copy = strdup(text);
    if (copy == NULL) {
        nb_err_set(err, NB_ENOMEM, "out of memory");
        return NULL;
    }
    d->strings[d->nstrings++] = copy;
    return copy;
}

int nb_bundle_docs_add_line(nb_bundle_docs *d, size_t k, const nb_assignment_line *ln,
                            const char *profile, int64_t line_id, nb_err *err)
{
    NB_ASSERT(k < d->n);
    nb_line_profile p;
    int rc = nb_asg_profile_read(profile, line_id, &p, err);
    if (rc != 0)
        return rc;
    void *lines = d->lines, *months = d->months;
    rc = nb_bundle_grow(&lines, &d->lcap, d->nlines + 1, sizeof *d->lines, 1024);
    d->lines = lines;
    if (rc == 0) {
        rc = nb_bundle_grow(&months, &d->mcap, d->nmonths + p.n, sizeof *d->months, 1024);
        d->months = months;
    }
    if (rc != 0)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    if (p.n > 0)
        memcpy(d->months + d->nmonths, p.e, p.n * sizeof p.e[0]);
    d->nmonths += p.n;
    nb_assignment_line *to = &d->lines[d->nlines++];
    *to = *ln;
    to->profile = NULL; /* set by nb_bundle_docs_link: months may still move */
    to->nprofile = p.n;
    d->docs[k].nlines++;
    return 0;
}

void nb_bundle_docs_link(nb_bundle_docs *d)
{
    size_t off = 0; /* the lines are in doc order */
    for (size_t i = 0; i < d->n; i++) {
        d->docs[i].lines = d->docs[i].nlines ? d->lines + off : NULL;
        off += d->docs[i].nlines;
    }
    NB_ASSERT(off == d->nlines);
    off = 0; /* the profiles are in line order */
    for (size_t l = 0; l < d->nlines; l++) {
        d->lines[l].profile = d->lines[l].nprofile ? d->months + off : NULL;
        off += d->lines[l].nprofile;
    }
    NB_ASSERT(off == d->nmonths);
}
