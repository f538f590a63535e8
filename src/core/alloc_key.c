/*
 * core/alloc_key.c — allocation keys (verdeelsleutels): names, weights, split.
 */
#include "core/alloc_key.h"

#include <stdlib.h>
#include <string.h>

#include "core/split.h"

static const char *const key_names[NB_KEY_COUNT_] = {
    [NB_KEY_INWONERS] = "inwoners",
    [NB_KEY_OPPERVLAKTE] = "oppervlakte",
    [NB_KEY_FORMATIE] = "formatie",
    [NB_KEY_CASELOAD] = "caseload",
    [NB_KEY_GEMEENTEFONDS] = "gemeentefonds",
    [NB_KEY_GELIJK] = "gelijk",
    [NB_KEY_VASTE_AANDELEN] = "vaste-aandelen",
};

const char *nb_key_name(nb_key_kind kind)
{
    if ((int)kind < 0 || kind >= NB_KEY_COUNT_)
        return NULL;
    return key_names[kind];
}

int nb_key_parse(const char *name, nb_key_kind *out)
{
    if (name == NULL || out == NULL)
        return NB_EINVAL;
    for (int k = 0; k < NB_KEY_COUNT_; k++) {
        if (strcmp(name, key_names[k]) == 0) {
            *out = (nb_key_kind)k;
            return NB_OK;
        }
    }
    return NB_EINVAL;
}

/* The figure of one member that a key uses; -1 for an unknown kind. */
static int64_t key_figure(nb_key_kind kind, const nb_key_member *m)
{
    switch (kind) {
    case NB_KEY_INWONERS:
        return m->inwoners;
    case NB_KEY_OPPERVLAKTE:
        return m->oppervlakte_hundredths;
    case NB_KEY_FORMATIE:
        return m->formatie_hundredths;
    case NB_KEY_CASELOAD:
        return m->caseload;
    case NB_KEY_GEMEENTEFONDS:
        return m->gemeentefonds_euros;
    case NB_KEY_GELIJK:
        return 1;
    case NB_KEY_VASTE_AANDELEN:
        return m->vast_aandeel;
    case NB_KEY_COUNT_:
        break;
    }
    return -1;
}

int nb_key_weights(nb_key_kind kind, const nb_key_member *members, size_t n, int64_t *weights,
                   nb_err *err)
{
    if (nb_key_name(kind) == NULL)
        return nb_err_set(err, NB_EINVAL, "unknown allocation key %d", (int)kind);
    if (n == 0 || members == NULL || weights == NULL)
        return nb_err_set(err, NB_EINVAL, "allocation key needs members");
    for (size_t i = 0; i < n; i++) {
        int64_t w = key_figure(kind, &members[i]);
        if (w < 0)
            return nb_err_set(err, NB_EINVAL, "organisation %lld has a negative figure for %s",
                              (long long)members[i].org_id, key_names[kind]);
        weights[i] = w;
    }
    return NB_OK;
}

int nb_key_split(nb_key_kind kind, const nb_key_member *members, size_t n, int64_t total,
                 int64_t *parts, nb_err *err)
{
    int rc;
    int64_t *w = NULL, *ids = NULL;

    if (n == 0 || members == NULL || parts == NULL)
        return nb_err_set(err, NB_EINVAL, "allocation key needs members");
    w = malloc(n * sizeof *w);
    ids = malloc(n * sizeof *ids);
    if (w == NULL || ids == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory for %zu members", n);
        goto cleanup;
    }
    rc = nb_key_weights(kind, members, n, w, err);
    if (rc != NB_OK)
        goto cleanup;
    for (size_t i = 0; i < n; i++)
        ids[i] = members[i].org_id;
    rc = nb_split_weighted(total, w, ids, n, parts, err);

cleanup:
    free(w);
    free(ids);
    return rc;
}
