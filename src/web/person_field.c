/*
 * web/person_field.c — the person field (person_field.h): resolving what was
 * typed to a person and writing the input with its suggestions. The search
 * is store/people.h nb_person_find (one pass over the people table, at most
 * NB_WEB_PERSON_SUGGEST rows read out).
 */
#include "web/person_field.h"

#include "store/people.h"
#include "web/html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_PF_TEXT_MAX 200 /* longer text names no one */

/* The number in text: all digits, or a suggestion ending in ", nr. 123".
 * 0 when text is neither. */
static int64_t nb_pf_number(const char *text)
{
    const char *p = strstr(text, "nr. ");
    const char *digits = text;
    if (text[0] < '0' || text[0] > '9') {
        const char *last = NULL;
        while (p) { /* the last "nr. " (a name may hold the words) */
            last = p;
            p = strstr(p + 1, "nr. ");
        }
        if (last == NULL)
            return 0;
        digits = last + 4;
    }
    int64_t v = 0;
    size_t n = 0;
    for (; digits[n] >= '0' && digits[n] <= '9'; n++) {
        if (n >= 15)
            return 0;
        v = v * 10 + (digits[n] - '0');
    }
    return n > 0 && digits[n] == '\0' ? v : 0;
}

/* text without the spaces around it, into out (size NB_PF_TEXT_MAX + 2). */
static void nb_pf_trim(const char *text, char *out)
{
    while (*text == ' ' || *text == '\t')
        text++;
    size_t n = strlen(text);
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t'))
        n--;
    if (n > NB_PF_TEXT_MAX + 1)
        n = NB_PF_TEXT_MAX + 1;
    memcpy(out, text, n);
    out[n] = '\0';
}

/* The first two matches (whole-name matches come first). */
typedef struct nb_pf_first {
    int64_t id[2];
    char name[2][NB_PERSON_NAME_MAX * 4 + 1];
    int n;
} nb_pf_first;

static int nb_pf_first_add(void *ctx, const nb_person_match *m)
{
    nb_pf_first *f = ctx;
    if (f->n < 2) {
        f->id[f->n] = m->id;
        snprintf(f->name[f->n], sizeof f->name[f->n], "%s", m->name);
        f->n++;
    }
    return 0;
}

/* ASCII case-insensitive equality (as SQLite's lower()). */
static int nb_pf_same(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + ('a' - 'A'));
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + ('a' - 'A'));
        if (x != y)
            return 0;
    }
    return *a == *b;
}

int nb_web_person_resolve(nb_store *st, const char *text, nb_web_errors *errs, const char *field,
                          const char *empty_msg, int64_t *id, nb_err *err)
{
    char t[NB_PF_TEXT_MAX + 2], msg[256];
    int rc = 0;
    *id = 0;
    nb_pf_trim(text ? text : "", t);
    if (t[0] == '\0') {
        nb_web_error_add(errs, field, empty_msg);
        return 0;
    }
    int64_t number = nb_pf_number(t);
    nb_pf_first *first = calloc(1, sizeof *first);
    int64_t total = 0;
    if (first == NULL)
        return NB_ENOMEM;
    if (number > 0 || strlen(t) <= NB_PF_TEXT_MAX)
        rc = nb_person_find(st, t, number, 2, nb_pf_first_add, first, &total, err);
    if (rc == 0 && number > 0) {
        *id = total == 1 ? first->id[0] : 0;
        if (*id == 0) {
            snprintf(msg, sizeof msg, "Er is geen actieve medewerker met nummer %lld.",
                     (long long)number);
            nb_web_error_add(errs, field, msg);
        }
    } else if (rc == 0) {
        int whole0 = first->n > 0 && nb_pf_same(first->name[0], t);
        int whole1 = first->n > 1 && nb_pf_same(first->name[1], t);
        if (total == 1 || (whole0 && !whole1)) {
            *id = first->id[0];
        } else if (total == 0) {
            snprintf(msg, sizeof msg,
                     "Er is geen actieve medewerker met ‘%.80s’ in de naam. Typ een deel van de "
                     "naam of het nummer.",
                     t);
            nb_web_error_add(errs, field, msg);
        } else {
            snprintf(msg, sizeof msg,
                     "%lld medewerkers passen bij ‘%.80s’. Kies er een uit de suggesties bij "
                     "het veld, typ meer van de naam of typ het nummer.",
                     (long long)total, t);
            nb_web_error_add(errs, field, msg);
        }
    }
    free(first);
    return rc;
}

/* Writes one suggestion: "Naam (Organisatie), nr. 123". */
static int nb_pf_option(void *ctx, const nb_person_match *m)
{
    nb_buf *b = ctx;
    nb_html_lit(b, "<option value=\"");
    nb_html_attr(b, m->name);
    nb_html_lit(b, " (");
    nb_html_attr(b, m->org_name);
    nb_html_lit(b, "), nr. ");
    nb_html_int(b, m->id);
    nb_html_lit(b, "\"></option>\n");
    return 0;
}

int nb_web_person_field(nb_buf *b, nb_store *st, const nb_web_errors *errs, const char *name,
                        const char *label, const char *description, const char *value, nb_err *err)
{
    char list[80], t[NB_PF_TEXT_MAX + 2];
    int rc = 0;
    snprintf(list, sizeof list, "%s-lijst", name);
    nb_web_form_field_list(b, errs, name, label, description, value, list);
    nb_html_lit(b, "<datalist id=\"");
    nb_html_attr(b, list);
    nb_html_lit(b, "\">\n");
    nb_pf_trim(value ? value : "", t);
    int64_t number = nb_pf_number(t), total = 0;
    if (number > 0 || (t[0] != '\0' && strlen(t) <= NB_PF_TEXT_MAX))
        rc = nb_person_find(st, t, number, NB_WEB_PERSON_SUGGEST, nb_pf_option, b, &total, err);
    nb_html_lit(b, "</datalist>\n");
    return rc;
}

/* Keeps the one match's suggestion text. */
static int nb_pf_text_set(void *ctx, const nb_person_match *m)
{
    nb_buf *b = ctx;
    nb_buf_printf(b, "%s (%s), nr. %lld", m->name, m->org_name, (long long)m->id);
    return 0;
}

int nb_web_person_text(nb_store *st, int64_t id, char *out, size_t len, nb_err *err)
{
    nb_buf b = NB_BUF_INIT;
    int64_t total = 0;
    if (id <= 0) {
        snprintf(out, len, "%s", "");
        return 0;
    }
    int rc = nb_person_find(st, NULL, id, 1, nb_pf_text_set, &b, &total, err);
    if (rc == 0 && b.oom)
        rc = NB_ENOMEM;
    if (rc == 0)
        snprintf(out, len, "%s", total == 1 && b.data ? b.data : "");
    if (rc == 0 && (total != 1 || b.data == NULL))
        snprintf(out, len, "%lld", (long long)id);
    nb_buf_free(&b);
    return rc;
}
