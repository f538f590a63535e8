/*
 * core/lesson.h — lessons learned (leerervaringen, issue 11 §2): the
 * categories, the roles a lesson is written in, and the one check of a
 * lesson's text that the API and the pages share.
 *
 * A lesson belongs to one assignment and one category; it says what went
 * well, what could improve, or both (at most NB_LESSON_TEXT_MAX characters
 * each). Who may write one is a store rule (store/lessons.h), because it
 * needs the assignment's team.
 */
#ifndef NB_CORE_LESSON_H
#define NB_CORE_LESSON_H

#include "util/attr.h"
#include "util/error.h"

#include <stddef.h>

#define NB_LESSON_TEXT_MAX 2000 /* characters (UTF-8 code points) per text */

/* The categories, in display order, NULL-terminated: proces, samenwerking,
 * inhoud, middelen. */
#define NB_LESSON_CATEGORIES 4
extern const char *const nb_lesson_categories[NB_LESSON_CATEGORIES + 1];
/* Dutch labels of the categories, same order: "Proces", "Samenwerking", ... */
extern const char *const nb_lesson_category_labels[NB_LESSON_CATEGORIES];

/* The roles a lesson is written in, NULL-terminated: deelnemer,
 * opdrachtgever, coordinator, netwerk-mt. */
extern const char *const nb_lesson_roles[];
/* Dutch label of a role name ("Deelnemer", "Ambtelijk opdrachtgever",
 * "Coördinator", "Netwerk-MT"); the name itself when unknown. Static. */
const char *nb_lesson_role_label(const char *role);

/* Index of category in nb_lesson_categories, or -1. */
int nb_lesson_category_index(const char *category);

/*
 * Checks a lesson's fields: category one of the categories; went_well and
 * to_improve (NULL = "", valid UTF-8: checked at the edge) each at most NB_LESSON_TEXT_MAX
 * characters, not both empty (after spaces). Returns 0, or NB_EINVAL with
 * *field set to the first wrong field ("categorie", "watGingGoed",
 * "watKanBeter") and a Dutch message in err.
 */
NB_MUST_USE int nb_lesson_check(const char *category, const char *went_well, const char *to_improve,
                                const char **field, nb_err *err);

#endif
