/*
 * web/form.c — strict application/x-www-form-urlencoded parsing (web.h).
 */
#include "web/html.h"
#include "util/hex.h"
#include "web/web.h"

#include <stdlib.h>
#include <string.h>

/* Decodes s[0..n) into out (NUL-terminated); 0 or NB_EINVAL. */
static int nb_form_decode(const char *s, size_t n, char *out, int is_name, const char **why)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '+') {
            out[o++] = ' ';
        } else if (c == '%') {
            int hi = i + 2 < n ? nb_hex_digit(s[i + 1]) : -1;
            int lo = i + 2 < n ? nb_hex_digit(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                *why = "een %-teken wordt niet gevolgd door twee hexadecimale cijfers";
                return NB_EINVAL;
            }
            out[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[o++] = c;
        }
    }
    out[o] = '\0';
    for (size_t i = 0; i < o;) {
        unsigned char c = (unsigned char)out[i];
        if (c < 0x20 || c == 0x7F) {
            if (is_name || (c != '\t' && c != '\r' && c != '\n')) {
                *why = "een veld bevat een stuurteken";
                return NB_EINVAL;
            }
            i++;
            continue;
        }
        size_t len = nb_html_utf8_len((const unsigned char *)out + i, o - i);
        if (len == 0) {
            *why = "een veld is geen geldige UTF-8";
            return NB_EINVAL;
        }
        i += len;
    }
    return 0;
}

int nb_web_form_parse(const char *body, size_t len, nb_web_form *form, const char **why)
{
    const char *dummy;
    if (why == NULL)
        why = &dummy;
    memset(form, 0, sizeof *form);
    *why = NULL;
    if (len > NB_WEB_FORM_MAX) {
        *why = "het formulier is te groot";
        return NB_ELIMIT;
    }
    if (len == 0)
        return 0;
    if (body == NULL || memchr(body, '\0', len) != NULL) {
        *why = "het formulier bevat een NUL-byte";
        return NB_EINVAL;
    }
    form->storage = malloc(len + 1); /* decoding never grows; each field ends with one NUL */
    if (form->storage == NULL)
        return NB_ENOMEM;
    char *out = form->storage;
    size_t i = 0;
    int rc = 0;
    while (i <= len) {
        const char *amp = memchr(body + i, '&', len - i);
        size_t end = amp ? (size_t)(amp - body) : len;
        const char *eq = memchr(body + i, '=', end - i);
        if (eq == NULL || eq == body + i) {
            *why = eq ? "een veld heeft geen naam" : "een veld heeft geen '='";
            rc = NB_EINVAL;
            goto cleanup;
        }
        if (form->count >= NB_WEB_FORM_FIELDS) {
            *why = "het formulier heeft te veel velden";
            rc = NB_ELIMIT;
            goto cleanup;
        }
        size_t nlen = (size_t)(eq - (body + i)), vlen = end - (size_t)(eq - body) - 1;
        nb_web_field *f = &form->fields[form->count];
        f->name = out;
        if ((rc = nb_form_decode(body + i, nlen, out, 1, why)) != 0)
            goto cleanup;
        out += strlen(out) + 1;
        f->value = out;
        if ((rc = nb_form_decode(eq + 1, vlen, out, 0, why)) != 0)
            goto cleanup;
        out += strlen(f->value) + 1; /* a value may hold no NUL: checked after decoding */
        for (int k = 0; k < form->count; k++)
            if (strcmp(form->fields[k].name, f->name) == 0) {
                *why = "een veld komt twee keer voor";
                rc = NB_EINVAL;
                goto cleanup;
            }
        form->count++;
        i = end + 1;
    }
cleanup:
    if (rc != 0)
        nb_web_form_free(form);
    return rc;
}

void nb_web_form_free(nb_web_form *form)
{
    free(form->storage);
    memset(form, 0, sizeof *form);
}

const char *nb_web_form_get(const nb_web_form *form, const char *name)
{
    for (int i = 0; form && i < form->count; i++)
        if (strcmp(form->fields[i].name, name) == 0)
            return form->fields[i].value;
    return NULL;
}
