/*
 * cli/demo.h — shared state of the demo generator (cmd_demo.c builds the
 * registry, demo_assignments.c the assignments, demo_ledger.c the ledger
 * history).
 */
#ifndef NB_CLI_DEMO_H
#define NB_CLI_DEMO_H

#include "cli/demo_data.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define NB_DEMO_MAX_ORGS 400
#define NB_DEMO_MAX_PEOPLE 250000

typedef struct nb_demo_rng {
    uint64_t state;
} nb_demo_rng;

typedef struct nb_demo_ctx {
    nb_demo_rng rng;
    int32_t today;
    int64_t org_ids[NB_DEMO_MAX_ORGS];
    int org_is_gemeente[NB_DEMO_MAX_ORGS];
    const char *org_codes[NB_DEMO_MAX_ORGS];
    size_t norgs;
    int64_t comp_ids[128];
    struct {
        int64_t id;
        size_t org;
    } people[NB_DEMO_MAX_PEOPLE];
    size_t npeople;
    size_t nassignments;
    size_t nallocations; /* demo_ledger.c: allocations made */
    size_t nentries;     /* demo_ledger.c: time entries recorded */
    int64_t ntransfers;  /* demo_ledger.c: ledger transfers in the end */
} nb_demo_ctx;

/* splitmix64: the next 64 random bits. */
uint64_t nb_demo_next(nb_demo_rng *r);
/* Uniform in [lo, hi]. */
int64_t nb_demo_range(nb_demo_rng *r, int64_t lo, int64_t hi);
/* An index drawn by integer weights. */
size_t nb_demo_pick(nb_demo_rng *r, const int *weights, size_t n);

/* Adds about `count` assignments of all kinds and statuses; 0 = ok. */
int nb_demo_assignments(nb_store *st, const nb_demo_network *net, nb_demo_ctx *ctx, int64_t count,
                        nb_err *err);

/*
 * Gives the network (registry and assignments already in place, same
 * transaction) a ledger history of a few months: settings, deposits,
 * allocations from the teaming engine confirmed in the ledger, time entries
 * mostly approved, ended allocations of final assignments and one closed
 * month (see demo_ledger.c). Fills ctx->nallocations, nentries, ntransfers.
 * Returns 0 or an NB_E* code with err; the caller rolls back on failure.
 */
int nb_demo_ledger(nb_store *st, const nb_demo_network *net, nb_demo_ctx *ctx, nb_err *err);

/*
 * Gives the network (assignments in place, same transaction) a regional rMJP
 * programme of this year with its open regional assignments and the demo
 * coordinator's gemeente a multi-year programme with its open local ones
 * (demo_programmes.c). Returns 0 or an NB_E* code with err.
 */
int nb_demo_programmes(nb_store *st, const nb_demo_network *net, nb_demo_ctx *ctx, nb_err *err);

/* One demo login: its role, name and the password made for this database. */
typedef struct nb_demo_login {
    const char *role; /* static */
    char login[32];
    char password[24]; /* 16 characters of base64url (96 random bits) */
} nb_demo_login;

/*
 * Creates the demo logins demo-beheer, demo-coordinator and demo-lezer (of
 * org_id), demo-medewerker (person_id) with random passwords written into out
 * (cmd_user.c). In the caller's transaction; 0 or an NB_E* code with err.
 */
int nb_demo_logins(nb_store *st, int64_t org_id, int64_t person_id, nb_demo_login out[4],
                   nb_err *err);

/*
 * The demo's medewerker and ambtelijk opdrachtgever (demo_uren.c): *worker
 * has a confirmed allocation on an assignment in uitvoering that covers this
 * week and the last; *client is that assignment's ambtelijk opdrachtgever,
 * chosen with the most hours of others waiting for approval (then a worker
 * of the first organisation, then the lowest ids). Deterministic. A demo
 * without such work (a tiny one) gets its first person and its second as the
 * opdrachtgever. 0, or an NB_E* code with err.
 */
int nb_demo_uren_people(nb_store *st, const nb_demo_ctx *ctx, int64_t *worker, int64_t *client,
                        nb_err *err);

/* Creates the login demo-opdrachtgever (role medewerker, person person_id)
 * with a random password in out (label "opdrachtgever"). 0 or an NB_E* code. */
int nb_demo_login_client(nb_store *st, int64_t person_id, nb_demo_login *out, nb_err *err);

#endif
