/*
 * web/medewerkers.h — what the people pages (medewerkers_list.c,
 * medewerkers_edit.c) share: the competency catalogue as the forms and
 * tables need it, and the hours-per-week format.
 */
#ifndef NB_WEB_MEDEWERKERS_H
#define NB_WEB_MEDEWERKERS_H

#include "util/attr.h"
#include "store/competencies.h"

#include <stddef.h>
#include <stdint.h>

typedef struct nb_web_comp {
    int64_t id;
    char idtext[24]; /* the id in decimal, for option values */
    char name[NB_COMP_NAME_MAX * 4 + 1];
} nb_web_comp;

typedef struct nb_web_catalogue {
    nb_web_comp *v; /* owned; ordered by name */
    size_t n;
} nb_web_catalogue;

/* Loads every competency into cat (free with nb_web_catalogue_free, also
 * after a failure). Returns 0 or a negative NB_E* code (err set). */
NB_MUST_USE int nb_web_catalogue_load(nb_store *st, nb_web_catalogue *cat, nb_err *err);
void nb_web_catalogue_free(nb_web_catalogue *cat);

/* The name of competency id, or "competentie <id>" in buf (static or buf). */
const char *nb_web_catalogue_name(const nb_web_catalogue *cat, int64_t id, char buf[48]);

/* Minutes per week as "16 uur per week" text into out (NB_WEB_FMT_LEN + 10). */
void nb_web_fmt_week(int64_t minutes, char *out, size_t len);

#endif
