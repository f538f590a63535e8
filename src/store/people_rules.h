/*
 * store/people_rules.h — the rules about a person that both the JSON API
 * (api/medewerkers.c) and the pages (web/medewerkers_*.c) apply, in one
 * place: who may see the personal fields (DOMAIN rule 8), who may change a
 * person, what makes a person valid beyond the shape of its fields, and
 * saving a change together with its audit entry.
 */
#ifndef NB_STORE_PEOPLE_RULES_H
#define NB_STORE_PEOPLE_RULES_H

#include "util/attr.h"

#include "http/http.h"
#include "store/people.h"

#include <stddef.h>
#include <stdint.h>

enum { NB_PERSON_VIS_BASIC = 0, NB_PERSON_VIS_PERSONAL = 1 };

/*
 * What who (NULL = anonymous) may see of person person_id of organisation
 * person_org: NB_PERSON_VIS_PERSONAL for beheer, the coordinator of the
 * person's organisation and the person itself; NB_PERSON_VIS_BASIC for
 * everyone else (no birth year, exit date, levels or learning wishes).
 */
int nb_person_visibility(const nb_principal *who, int64_t person_org, int64_t person_id);

/* 1 when who may change people of organisation person_org: beheer always, a
 * coordinator for its own organisation only; 0 otherwise. */
int nb_person_may_edit(const nb_principal *who, int64_t person_org);

/* What nb_person_check found wrong. */
/* A plausible birth year is between this year - NB_PERSON_AGE_MAX and this
 * year - NB_PERSON_AGE_MIN (nb_person_check; openapi.json documents the same range). */
#define NB_PERSON_AGE_MIN 15
#define NB_PERSON_AGE_MAX 100

typedef enum nb_person_problem {
    NB_PERSON_P_NETWORK_OVER_CONTRACT, /* network minutes above the contract's */
    NB_PERSON_P_WEEK_RANGE,            /* contract or network minutes outside 0..2880 */
    NB_PERSON_P_BIRTH_YEAR,      /* outside this year - NB_PERSON_AGE_MAX .. - NB_PERSON_AGE_MIN */
    NB_PERSON_P_NO_ORGANISATION, /* the organisation does not exist */
    NB_PERSON_P_NO_COMPETENCY,   /* comps[index] names no competency */
    NB_PERSON_P_DUP_COMPETENCY,  /* comps[index] repeats an earlier one */
    NB_PERSON_P_LEVEL,           /* comps[index].level outside 1..5 */
    NB_PERSON_P_NO_WISH,         /* wishes[index] names no competency */
    NB_PERSON_P_DUP_WISH         /* wishes[index] repeats an earlier one */
} nb_person_problem;

/* Called per problem: index is the list index (0 for the scalar fields),
 * earlier the index of the first occurrence (duplicates only), value the
 * number the message names (the contract minutes, the competency id, the
 * lower bound of the birth year), value2 the upper bound of the birth year. */
typedef void (*nb_person_problem_fn)(void *ctx, nb_person_problem what, size_t index,
                                     size_t earlier, int64_t value, int64_t value2);

/*
 * Checks what the field shapes cannot: network <= contract minutes, both in
 * 0..NB_PERSON_MAX_WEEK_MINUTES, levels 1..5, a plausible birth year (0 =
 * unknown is fine), an existing organisation, existing competencies and
 * learning wishes without repeats. Calls fn once per problem, in field
 * order. Returns the number of problems, or a negative NB_E* code on a
 * database error (err set).
 */
NB_MUST_USE int nb_person_check(nb_store *st, const nb_person *p, nb_person_problem_fn fn,
                                void *ctx, nb_err *err);

/*
 * Saves a checked change of person p->id (nb_person_update) and writes its
 * audit entry ("update", "medewerker", id, detail_json — the change as the
 * API's PUT body) by actor, in the caller's transaction. Returns 0 or what
 * nb_person_update / nb_store_audit return.
 */
NB_MUST_USE int nb_person_save(nb_store *st, const nb_actor *actor, nb_person *p,
                               const char *detail_json, nb_err *err);

#endif
