/*
 * util/assert.c — what happens when an invariant of util/assert.h fails.
 */
#include "util/assert.h"

#include <stdio.h>
#include <stdlib.h>

void nb_assert_fail(const char *expr, const char *file, int line, const char *func)
{
    fprintf(stderr, "noaber: invariant failed: %s (%s:%d, %s)\n", expr, file, line, func);
    /* NOLINTNEXTLINE(cert-err33-c): the process aborts next; nothing could be done about a failed flush */
    fflush(stderr);
    abort();
}
