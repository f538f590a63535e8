/*
 * util/csv.c — one CSV field for Dutch Excel (util/csv.h).
 */
#include "util/csv.h"

#include <string.h>

void nb_csv_field(nb_buf *b, const char *s)
{
    if (s == NULL)
        return;
    int quote = strpbrk(s, ";\"\r\n") != NULL;
    int formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
    if (!quote && !formula) {
        nb_buf_puts(b, s);
        return;
    }
    nb_buf_append(b, formula ? "\"'" : "\"", formula ? 2 : 1);
    for (const char *p = s;;) {
        const char *q = strchr(p, '"');
        if (q == NULL) {
            nb_buf_puts(b, p);
            break;
        }
        nb_buf_append(b, p, (size_t)(q - p) + 1); /* up to and with the quote */
        nb_buf_putc(b, '"');                      /* doubled */
        p = q + 1;
    }
    nb_buf_putc(b, '"');
}
