/*
 * web/person_field.h — a person field: a text input where one types a name
 * (or part of it) or a person's number, with a <datalist> of at most
 * NB_WEB_PERSON_SUGGEST suggestions, instead of a <select> of every person
 * in the network (15 000 options at ten times the demo). Works without
 * JavaScript: the POST resolves the text on the server; an unknown or
 * ambiguous text is a 422 error next to the field, the text kept and the
 * matches offered as suggestions.
 */
#ifndef NB_WEB_PERSON_FIELD_H
#define NB_WEB_PERSON_FIELD_H

#include "util/attr.h"
#include "web/layout.h"

#define NB_WEB_PERSON_SUGGEST 50

/*
 * Resolves text to an active person's id in *id: "123" or a suggestion
 * "Naam (Organisatie), nr. 123" is that number; any other text is a name or
 * part of one: the person whose whole name it is (case-insensitive), else
 * the only one whose name contains it. Otherwise *id = 0 and the Dutch error
 * is added to errs for field: empty_msg for an empty text, "no one" or "N
 * people match" naming the text. Returns 0, or a negative store code (err).
 */
NB_MUST_USE int nb_web_person_resolve(nb_store *st, const char *text, nb_web_errors *errs,
                                      const char *field, const char *empty_msg, int64_t *id,
                                      nb_err *err);

/*
 * Writes the field name (label, description, error, the typed value kept;
 * layout.h nb_web_form_field_list) and its <datalist id="name-lijst"> with
 * the people matching value (none while value is empty). Returns 0, or a
 * negative store code (err); b may then hold part of the field.
 */
NB_MUST_USE int nb_web_person_field(nb_buf *b, nb_store *st, const nb_web_errors *errs,
                                    const char *name, const char *label, const char *description,
                                    const char *value, nb_err *err);

/* Writes the field's text for person id ("Naam (Organisatie), nr. 123") into
 * out (size len; cut to fit); only the number when the person is unknown or
 * inactive. Returns 0, or a negative store code (err). */
NB_MUST_USE int nb_web_person_text(nb_store *st, int64_t id, char *out, size_t len, nb_err *err);

#endif
