/*
 * core/lesson.c — categories, roles and the text check of a lesson learned;
 * see lesson.h.
 */
#include "core/lesson.h"

#include <string.h>

const char *const nb_lesson_categories[NB_LESSON_CATEGORIES + 1] = {"proces", "samenwerking",
                                                                    "inhoud", "middelen", NULL};
const char *const nb_lesson_category_labels[NB_LESSON_CATEGORIES] = {"Proces", "Samenwerking",
                                                                     "Inhoud", "Middelen"};
const char *const nb_lesson_roles[] = {"deelnemer", "opdrachtgever", "coordinator", "netwerk-mt",
                                       NULL};

const char *nb_lesson_role_label(const char *role)
{
    static const char *const labels[] = {"Deelnemer", "Ambtelijk opdrachtgever", "Coördinator",
                                         "Netwerk-MT"};
    for (size_t i = 0; nb_lesson_roles[i]; i++)
        if (strcmp(role, nb_lesson_roles[i]) == 0)
            return labels[i];
    return role;
}

int nb_lesson_category_index(const char *category)
{
    for (int i = 0; category && i < NB_LESSON_CATEGORIES; i++)
        if (strcmp(category, nb_lesson_categories[i]) == 0)
            return i;
    return -1;
}

/* Code points of s (valid UTF-8: the JSON parser and the form reader have
 * checked it at the edge). */
static long nb_lesson_chars(const char *s)
{
    long n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

static int nb_lesson_blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return 0;
    return 1;
}

int nb_lesson_check(const char *category, const char *went_well, const char *to_improve,
                    const char **field, nb_err *err)
{
    if (nb_lesson_category_index(category) < 0) {
        *field = "categorie";
        return nb_err_set(err, NB_EINVAL,
                          "Kies een categorie: proces, samenwerking, inhoud of middelen.");
    }
    const char *texts[2] = {went_well ? went_well : "", to_improve ? to_improve : ""};
    static const char *const names[2] = {"watGingGoed", "watKanBeter"};
    for (int i = 0; i < 2; i++) {
        if (nb_lesson_chars(texts[i]) > NB_LESSON_TEXT_MAX) {
            *field = names[i];
            return nb_err_set(err, NB_EINVAL, "Deze tekst is te lang (hoogstens 2000 tekens).");
        }
    }
    if (nb_lesson_blank(texts[0]) && nb_lesson_blank(texts[1])) {
        *field = names[0];
        return nb_err_set(err, NB_EINVAL, "Vul in wat goed ging, wat beter kan, of allebei.");
    }
    return 0;
}
