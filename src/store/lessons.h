/*
 * store/lessons.h — lessons learned (leerervaringen, migration 009): who may
 * write one, recording it (audited), listing and counting them.
 *
 * Who may write a lesson on an assignment that is past concept
 * (nb_lesson_role_of): network management ("netwerk-mt"); a coordinator of a
 * requesting organisation ("coordinator"); the assignment's ambtelijk
 * opdrachtgever ("opdrachtgever") and a person with an allocation on it that
 * was confirmed ("deelnemer"), both as medewerker. A lesson stores the role
 * and the writer's organisation, not the person; the audit log keeps who.
 */
#ifndef NB_STORE_LESSONS_H
#define NB_STORE_LESSONS_H

#include "core/lesson.h"
#include "http/http.h"
#include "store/assignments.h"
#include "store/store.h"

typedef struct nb_lesson {
    int64_t id;
    int64_t assignment_id;
    char assignment_title[NB_ASG_TITLE_MAX * 4 + 1]; /* filled by the listing */
    char category[16];
    char went_well[NB_LESSON_TEXT_MAX * 4 + 1];
    char to_improve[NB_LESSON_TEXT_MAX * 4 + 1];
    char author_role[16];
    int64_t author_organisation_id; /* 0 = network management */
    char created_at[21];
} nb_lesson;

typedef struct nb_lesson_filter {
    int64_t assignment_id;   /* 0 = any */
    const char *category;    /* NULL = any */
    int64_t organisation_id; /* the writer's organisation; 0 = any */
    const char *from, *to;   /* written on these Amsterdam days (inclusive); NULL = open */
} nb_lesson_filter;

/*
 * The role who writes in on assignment a, into *role (static string). 0;
 * NB_EFORBIDDEN (with the Dutch reason) when who may not write one;
 * NB_ECONFLICT for a concept; or a store error.
 */
NB_MUST_USE int nb_lesson_role_of(nb_store *st, const nb_principal *who, const nb_asg *a,
                                  const char **role, nb_err *err);

/*
 * Records l (category, went_well, to_improve read; the rest filled) on
 * assignment assignment_id for who, in the caller's transaction, audited
 * ("create", "leerervaring"). Checks the text (nb_lesson_check: NB_EINVAL,
 * *field names the field), the assignment (NB_ENOTFOUND) and the role
 * (nb_lesson_role_of). *field is NULL unless the text was wrong.
 */
NB_MUST_USE int nb_lesson_record(nb_store *st, const nb_actor *actor, const nb_principal *who,
                                 int64_t assignment_id, nb_lesson *l, const char **field,
                                 nb_err *err);

/* The lesson id into *out; NB_ENOTFOUND ("Leerervaring <id> bestaat niet."). */
NB_MUST_USE int nb_lesson_get(nb_store *st, int64_t id, nb_lesson *out, nb_err *err);

/* One page of lessons, newest first; each(ctx, lesson) per row (the lesson is
 * borrowed for the call). total (may be NULL) receives the count. */
NB_MUST_USE int nb_lesson_list(nb_store *st, const nb_lesson_filter *f, int64_t offset,
                               int64_t limit, int (*each)(void *ctx, const nb_lesson *l), void *ctx,
                               int64_t *total, nb_err *err);

/* The number of lessons per category (nb_lesson_categories order) that f
 * finds, f->category ignored. */
NB_MUST_USE int nb_lesson_counts(nb_store *st, const nb_lesson_filter *f,
                                 int64_t counts[NB_LESSON_CATEGORIES], nb_err *err);

#endif
