/*
 * core/consent.c — DOMAIN rule 9 (no charge without consent); see consent.h.
 */
#include "core/consent.h"

#include <string.h>

static const char *const nb_consent_basis_names[] = {"aanvrager", "instemming", "netwerk"};

const char *nb_consent_basis_name(nb_consent_basis b)
{
    if ((unsigned)b >= sizeof nb_consent_basis_names / sizeof nb_consent_basis_names[0])
        return "?";
    return nb_consent_basis_names[b];
}

int nb_consent_basis_parse(const char *name, nb_consent_basis *out)
{
    for (size_t i = 0; name && i < sizeof nb_consent_basis_names / sizeof nb_consent_basis_names[0];
         i++) {
        if (strcmp(name, nb_consent_basis_names[i]) == 0) {
            *out = (nb_consent_basis)i;
            return 0;
        }
    }
    return -1;
}

int nb_consent_terms(nb_assignment_kind kind, const nb_assignment_requester *requesters, size_t n,
                     int64_t org, int64_t *share, int64_t *total)
{
    int64_t sum = 0, mine = 0;
    int found = 0;
    if (kind == NB_ASSIGNMENT_REGIONAAL || requesters == NULL)
        return -1;
    for (size_t i = 0; i < n; i++) {
        /* Shares are 1..1e6 and requesters at most 64 (store/assignments.h);
         * anything else is treated as a share of 1 so the sum cannot overflow. */
        int64_t s =
            requesters[i].share >= 1 && requesters[i].share <= 1000000 ? requesters[i].share : 1;
        sum += s;
        if (requesters[i].organisation_id == org && !found) {
            mine = s;
            found = 1;
        }
    }
    if (!found)
        return -1;
    if (kind == NB_ASSIGNMENT_LOKAAL)
        sum = mine; /* the single requester pays everything */
    *share = mine;
    *total = sum;
    return 0;
}

/*
 * a/b >= c/d for positive operands. Shares are at most 1e6 and totals at most
 * 64e6, so every operand is capped at 1e9 and a product stays below 1e18 <
 * 2^63; anything outside that is "not covered".
 */
static int nb_consent_frac_ge(int64_t a, int64_t b, int64_t c, int64_t d)
{
    const int64_t cap = 1000000000;
    if (a <= 0 || b <= 0 || c <= 0 || d <= 0 || a > cap || b > cap || c > cap || d > cap)
        return 0;
    return a * d >= c * b;
}

int nb_consent_covers(const nb_consent *c, int64_t org, int64_t share, int64_t total)
{
    if (c == NULL || org <= 0 || c->org_id != org || c->basis == NB_CONSENT_NETWORK)
        return 0;
    return nb_consent_frac_ge(c->share, c->shares_total, share, total);
}

int nb_consent_check(const nb_consent_in *in, nb_consent_missing *missing)
{
    int refused = 0;
    if (missing)
        memset(missing, 0, sizeof *missing);
    if (in == NULL)
        return 1;
    if (in->kind == NB_ASSIGNMENT_REGIONAAL) {
        for (size_t k = 0; k < in->nconsents; k++)
            if (in->consents[k].org_id == 0 && in->consents[k].basis == NB_CONSENT_NETWORK)
                return 0;
        if (missing)
            missing->network = 1;
        return 1;
    }
    for (size_t i = 0; i < in->nrequesters; i++) {
        int64_t org = in->requesters[i].organisation_id, share = 0, total = 0;
        int covered = 0, seen = 0;
        for (size_t j = 0; j < i; j++) /* a repeated requester is reported once */
            seen |= in->requesters[j].organisation_id == org;
        if (seen)
            continue;
        if (nb_consent_terms(in->kind, in->requesters, in->nrequesters, org, &share, &total) != 0)
            continue;
        for (size_t k = 0; k < in->nconsents && !covered; k++)
            covered = nb_consent_covers(&in->consents[k], org, share, total);
        if (covered)
            continue;
        refused = 1;
        if (missing && missing->n < NB_CONSENT_MAX_MISSING)
            missing->org_ids[missing->n++] = org;
    }
    return refused;
}
