/*
 * store/team_loader_impl.h — what the team loader's files share (not a
 * public header; everything else uses store/team_loader.h): the growable
 * array, the rows as collected (lines, people) and the load's context.
 * team_loader.c loads and assembles the input, team_loader_collect.c
 * collects an assignment's lines and charges, team_loader_people.c the
 * people with their skills and wishes.
 */
#ifndef NB_STORE_TEAM_LOADER_IMPL_H
#define NB_STORE_TEAM_LOADER_IMPL_H

#include "store/team_loader.h"
#include "util/attr.h"

#include "core/line_profile.h"
#include "store/assignments.h"
#include "store/hours_ledger.h"
#include "util/vec.h"

#include <stddef.h>
#include <stdint.h>

/* Line as collected (requesters by offset, fixed later). */
typedef struct nb_tl_line {
    nb_team_line line;
    size_t req_off;
    size_t chg_off; /* into chg_orgs / chg_weights */
    int32_t start_day, end_day;
    size_t prof_off, prof_n; /* its own month profile in the context's profiles */
} nb_tl_line;

typedef struct nb_tl_person {
    nb_team_person p;
    size_t skill_off, wish_off, asg_off;
    int64_t network_minutes_week;
    int32_t exit_day; /* 0 = none */
    size_t name_off;  /* into the context's names */
} nb_tl_person;

typedef struct nb_tl_ctx {
    nb_vec lines, reqs, people, skills, wishes, asg_ids;
    nb_vec names;                 /* the people's names, each ended by a NUL (chars) */
    nb_vec chg_orgs, chg_weights; /* who the ledger charges per assignment */
    nb_vec profiles;              /* the lines' own month profiles (nb_month_weight) */
    /* the regional split: gemeenten and their key weights (loaded first) */
    int64_t reg_orgs[NB_HOURS_MAX_PARTS], reg_weights[NB_HOURS_MAX_PARTS];
    size_t nreg;
    int reg_rc; /* != 0: the regional split could not be loaded (reg_err says why) */
    nb_err reg_err;
    nb_err *err;
} nb_tl_ctx;

/* Collects assignment a (its lines, requesters, charge and profiles) into the
 * context ctx (an nb_tl_ctx; an nb_asg_each_with_status callback). 0 or a code. */
NB_MUST_USE int nb_tl_add_asg(void *ctx, const nb_asg *a);

/* Appends the active people with their skills and learning wishes to c
 * (team_loader_people.c). 0 or a code, in err. */
NB_MUST_USE int nb_tl_load_people(nb_store *st, nb_tl_ctx *c, nb_err *err);

/* A person's index in people[0..n) (ordered by id) for id, or -1. */
NB_MUST_USE long nb_tl_person_index(const nb_tl_person *people, size_t n, int64_t id);

#endif
