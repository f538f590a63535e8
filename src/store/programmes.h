/*
 * store/programmes.h — programmes (programma's): sets of assignments planned
 * together (issue 10 §1), shared by the JSON API (api/programmas.c) and the
 * pages (web/programmas.c).
 *
 * A programme has a name, a kind — 'regionaal' (the network's rMJP work
 * programme of a year; no owner) or 'gemeentelijk' (a municipality's own
 * programme, owned by that gemeente) — a period in whole years
 * (first_year..last_year), and a description. Assignments point to at most
 * one programme (store/assignments.h programme_id). Programmes are never
 * deleted.
 *
 * Who may write (nb_prog_may_write; default deny):
 *   - beheer (the network's MT): any programme;
 *   - a coordinator: only a gemeentelijk programme of its own organisation,
 *     before and after the change (it cannot make one regional or give it
 *     to another organisation);
 *   - everyone else: nobody. Every role reads every programme (a programme
 *     is not personal data), as with assignments.
 *
 * Every change is audited with the actor (entity "programma"), in the
 * caller's transaction. Reasons are Dutch.
 */
#ifndef NB_STORE_PROGRAMMES_H
#define NB_STORE_PROGRAMMES_H

#include "util/attr.h"

#include "http/http.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define NB_PROG_NAME_MAX 200 /* code points */
#define NB_PROG_DESC_MAX 4000
#define NB_PROG_YEAR_MIN 2000
#define NB_PROG_YEAR_MAX 2100

typedef struct nb_prog {
    int64_t id;
    char name[NB_PROG_NAME_MAX * 4 + 1];
    char kind[16];           /* regionaal, gemeentelijk */
    int64_t organisation_id; /* the owner of a gemeentelijk programme; 0 for regionaal */
    int64_t first_year, last_year;
    char description[NB_PROG_DESC_MAX * 4 + 1];
    int64_t nassignments; /* assignments in it (read only) */
    char created_at[21];
    char updated_at[21];
    int64_t revision;
} nb_prog;

typedef struct nb_prog_filter {
    const char *kind;        /* NULL = any */
    int64_t organisation_id; /* the owner; 0 = any */
    int64_t year;            /* the period covers this year; 0 = any */
    const char *text;        /* part of the name, case-insensitive (ASCII); NULL or "" = any */
    nb_sort sort;            /* over nb_prog_sort_fields; n = 0: by id */
} nb_prog_filter;

/* regionaal, gemeentelijk (NULL-terminated; static). */
extern const char *const nb_prog_kinds[];

/* The fields a list of programmes can be sorted on (API names), NULL-terminated. */
extern const nb_sort_field nb_prog_sort_fields[];

/* Which field a problem is about (the API maps it to a JSON name, a page to its input). */
typedef enum nb_prog_field {
    NB_PROG_F_NAME,
    NB_PROG_F_KIND,
    NB_PROG_F_ORGANISATION,
    NB_PROG_F_FIRST_YEAR,
    NB_PROG_F_LAST_YEAR
} nb_prog_field;

typedef struct nb_prog_problem {
    nb_prog_field field;
    char reason[200]; /* Dutch */
} nb_prog_problem;

#define NB_PROG_MAX_PROBLEMS 8

/*
 * Checks p (borrowed) beyond its fields' types: a name, a known kind, an
 * owner for gemeentelijk that exists and is a gemeente, none for regionaal,
 * years within NB_PROG_YEAR_MIN..MAX and first <= last. Writes up to max
 * problems into out (caller-owned) and the total into *n. Returns 0
 * (problems or not) or a negative code on a database error.
 */
NB_MUST_USE int nb_prog_check(nb_store *st, const nb_prog *p, nb_prog_problem *out, size_t max,
                              size_t *n, nb_err *err);

/*
 * 0 when who may write p as it will be (and, for a change, old as it is; old
 * NULL on create); NB_EFORBIDDEN with a Dutch reason in err otherwise (see
 * the file comment).
 */
NB_MUST_USE int nb_prog_may_write(const nb_principal *who, const nb_prog *old, const nb_prog *p,
                                  nb_err *err);

/*
 * Creates p (already checked with nb_prog_check) for who: nb_prog_may_write,
 * insert, audit "create" (the programme as JSON). On success p's id,
 * timestamps and revision are set. Returns 0, NB_EFORBIDDEN or a code.
 */
NB_MUST_USE int nb_prog_create(nb_store *st, const nb_actor *actor, const nb_principal *who,
                               nb_prog *p, nb_err *err);

/*
 * Changes programme p->id into p (checked) for who: loads the current one,
 * nb_prog_may_write on both, saves, bumps the revision, audits "update"
 * (before and after) and reloads p. Returns 0, NB_ENOTFOUND, NB_EFORBIDDEN
 * or a code.
 */
NB_MUST_USE int nb_prog_change(nb_store *st, const nb_actor *actor, const nb_principal *who,
                               nb_prog *p, nb_err *err);

/* Loads programme id into out (with its assignment count). NB_ENOTFOUND if absent. */
NB_MUST_USE int nb_prog_get(nb_store *st, int64_t id, nb_prog *out, nb_err *err);

/*
 * Calls fn for each programme matching filter (NULL = all) in the filter's
 * order, skipping offset and at most limit rows (limit < 0: all). *total (if
 * non-NULL) receives the number of matches. fn returning non-zero stops the
 * walk and is returned. The nb_prog passed to fn is valid during the call
 * only.
 */
NB_MUST_USE int nb_prog_list(nb_store *st, const nb_prog_filter *filter, int64_t offset,
                             int64_t limit, int (*fn)(void *ctx, const nb_prog *p), void *ctx,
                             int64_t *total, nb_err *err);

/*
 * 0 when who may put an assignment into programme new_id (0 = none) when it
 * was in old_id (0 = none; equal ids are no change and always allowed):
 * beheer any; a coordinator only from and to none or a gemeentelijk
 * programme of its own organisation (the regional rMJP is the network's).
 * NB_ENOTFOUND when a programme does not exist, NB_EFORBIDDEN with a Dutch
 * reason otherwise.
 */
NB_MUST_USE int nb_prog_may_link(nb_store *st, const nb_principal *who, int64_t old_id,
                                 int64_t new_id, nb_err *err);

#endif
