/*
 * store/assignments.h — assignments (opdrachten) with their requesting
 * organisations and required competency lines.
 *
 * An assignment row carries the scalar fields; its requesters (organisation,
 * share) and lines (competency, minimum level, minutes, position) live in
 * child tables and are loaded and saved together with it, inside the
 * caller's transaction.
 *
 * Lines keep their id: an update matches lines by position (1, 2, …), so a
 * line that stays at its position is updated in place and keeps its id (the
 * ledger and allocations refer to line ids); new positions get new rows;
 * positions beyond the new count are removed. Whether removing is allowed is
 * the caller's decision (core/assignment.h: nb_assignment_lines_locked).
 *
 * The rules (status machine, shape) live in core/assignment.h; the store
 * only saves what it is given. Text buffers are sized in bytes for the API's
 * limits in code points (4 bytes per code point + NUL).
 */
#ifndef NB_STORE_ASSIGNMENTS_H
#define NB_STORE_ASSIGNMENTS_H

#include "util/attr.h"

#include "core/assignment.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define NB_ASG_TITLE_MAX 200 /* code points */
#define NB_ASG_DESC_MAX 4000
#define NB_ASG_SPONSOR_MAX 120
#define NB_ASG_MAX_REQUESTERS 64
#define NB_ASG_MAX_LINES 100
/* Month/weight entries of all the lines' month profiles of one assignment
 * together (the row's profile arena): ten lines of three years each. A line
 * alone may name NB_PROFILE_MAX months. */
#define NB_ASG_PROFILE_ARENA 360

typedef struct nb_asg {
    int64_t id;
    char title[NB_ASG_TITLE_MAX * 4 + 1];
    char description[NB_ASG_DESC_MAX * 4 + 1];
    nb_assignment_kind kind;
    char work_type[16]; /* regulier, verandering */
    nb_assignment_status status;
    int64_t priority;    /* 1..5 */
    char start_date[11]; /* YYYY-MM-DD */
    char end_date[11];
    char sponsor[NB_ASG_SPONSOR_MAX * 4 + 1]; /* bestuurlijk opdrachtgever (name) */
    int64_t client_person_id;                 /* ambtelijk opdrachtgever (a person) */
    int64_t programme_id; /* the programme it belongs to (store/programmes.h); 0 = none */
    nb_assignment_requester requesters[NB_ASG_MAX_REQUESTERS];
    size_t nrequesters;
    nb_assignment_line lines[NB_ASG_MAX_LINES]; /* in position order (position = index + 1) */
    size_t nlines;
    /* The row's profile arena: the entries the lines' profile pointers borrow
     * (core/assignment.h). Filled by the store's loaders and by
     * nb_asg_line_set_profile; a line of this row never points elsewhere
     * once the row is loaded or built that way. Copying an nb_asg copies the
     * arena but the lines still point into the original's: reload or re-set
     * the profiles of a copy. */
    nb_month_weight profile_arena[NB_ASG_PROFILE_ARENA];
    size_t nprofile_arena;
    char created_at[21];
    char updated_at[21];
    int64_t revision;
} nb_asg;

typedef struct nb_asg_filter {
    const char *status;      /* NULL = any */
    const char *kind;        /* NULL = any */
    const char *work_type;   /* NULL = any */
    int64_t organisation_id; /* a requester; 0 = any */
    const char *from;        /* period overlaps [from, to]; NULL = open */
    const char *to;
    const char *text;     /* part of the title, case-insensitive (ASCII); NULL or "" = any */
    nb_sort sort;         /* over nb_asg_sort_fields; n = 0: by id */
    int64_t programme_id; /* in this programme; 0 = any */
    int64_t after_id;     /* keyset paging: only ids above this (0 = all) */
} nb_asg_filter;

/* The fields a list of assignments can be sorted on (API names), NULL-terminated. */
extern const nb_sort_field nb_asg_sort_fields[];

/*
 * Inserts a with its requesters and lines (a is the caller's; on success its
 * id, line ids, timestamps and revision are set). Runs inside the caller's
 * transaction; on failure the caller rolls back. NB_ENOTFOUND/NB_ECONFLICT
 * when a foreign key or constraint is broken (callers check references first).
 */
NB_MUST_USE int nb_asg_insert(nb_store *st, nb_asg *a, nb_err *err);

/*
 * Replaces the fields, requesters and lines of assignment a->id (see the file
 * comment for how lines keep their ids), bumps the revision and reloads a
 * (line ids included). NB_ENOTFOUND if absent.
 */
NB_MUST_USE int nb_asg_update(nb_store *st, nb_asg *a, nb_err *err);

/* Sets only the status of assignment id and bumps its revision. NB_ENOTFOUND if absent. */
NB_MUST_USE int nb_asg_set_status(nb_store *st, int64_t id, nb_assignment_status status,
                                  nb_err *err);

/*
 * Gives line i of a (i < NB_ASG_MAX_LINES) the month profile e[0..n) (borrowed
 * for the call; month order): the entries are copied into a's profile arena
 * and the line points at them; n == 0: no profile. The arena only grows
 * (build a row's profiles once, on a cleared row). 0, or NB_ELIMIT when the
 * arena has no room for n more entries (the line is then left without one).
 */
NB_MUST_USE int nb_asg_line_set_profile(nb_asg *a, size_t i, const nb_month_weight *e, size_t n);

/*
 * A line's month profile as the store keeps it (canonical text t; NULL or
 * "": none, out->n = 0) into *out (caller-owned). The writers keep the text
 * parseable (canonical form, the CHECK constraint), so a text that does not
 * parse is a corrupt store: NB_EDB naming line line_id, never read as "no
 * profile". Shared by every reader of assignment_lines.month_profile.
 */
NB_MUST_USE int nb_asg_profile_read(const char *t, int64_t line_id, nb_line_profile *out,
                                    nb_err *err);

/* Copies src into dst (both caller-owned, not overlapping) with dst's lines
 * pointing into dst's own profile arena, so dst outlives src. */
void nb_asg_copy(nb_asg *dst, const nb_asg *src);

/*
 * Loads assignment id with requesters and lines into out (caller-owned; the
 * lines' month profiles point into out's profile arena). NB_ENOTFOUND if
 * absent; NB_EDB naming the line when a stored month profile cannot be read.
 */
NB_MUST_USE int nb_asg_get(nb_store *st, int64_t id, nb_asg *out, nb_err *err);

/*
 * nb_asg_get without the lines (out->nlines = 0, no month profiles): the
 * assignment and its requesters, what a time entry's answer and decision
 * read of it (who judges, the kind and the requesters charged). One
 * statement fewer on the writer for every approval (appr30).
 */
NB_MUST_USE int nb_asg_get_terms(nb_store *st, int64_t id, nb_asg *out, nb_err *err);

/*
 * Calls fn for each assignment matching filter (NULL = all), ordered by id
 * (or filter->sort), skipping offset and at most limit rows (limit < 0: all),
 * each loaded with requesters and lines. *total (if non-NULL) receives the
 * number of matches, counted once per filter while the database is unchanged
 * (the store's memo); NULL counts nothing (keyset pages: filter->after_id).
 * fn returning non-zero stops the walk and is returned. The nb_asg passed to
 * fn is valid during the call only.
 */
NB_MUST_USE int nb_asg_list(nb_store *st, const nb_asg_filter *filter, int64_t offset,
                            int64_t limit, int (*fn)(void *ctx, const nb_asg *a), void *ctx,
                            int64_t *total, nb_err *err);

/*
 * Calls fn for every assignment whose status is status, ordered by id, each
 * loaded with requesters and lines exactly as nb_asg_get loads them — in
 * three queries in all (assignments, requesters, lines, merged by id), not
 * three per assignment: the teaming engine's whole work stock at national
 * size. fn must not use the store (the statements are open while it runs);
 * the nb_asg passed is valid during the call only; fn returning non-zero
 * stops the walk and is returned. 0, NB_ENOMEM or the store's code.
 */
NB_MUST_USE int nb_asg_each_with_status(nb_store *st, const char *status,
                                        int (*fn)(void *ctx, const nb_asg *a), void *ctx,
                                        nb_err *err);

/*
 * The home organisation of person id into *organisation_id (for rule 7: the
 * ambtelijk opdrachtgever belongs to a requesting organisation).
 * NB_ENOTFOUND when the person does not exist.
 */
NB_MUST_USE int nb_asg_person_organisation(nb_store *st, int64_t person_id,
                                           int64_t *organisation_id, nb_err *err);

#endif
