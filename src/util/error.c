/*
 * util/error.c — formatting of error messages and names of error codes.
 */
#include "util/error.h"

#include <stdio.h>
#include <string.h>

int nb_err_set(nb_err *err, int code, const char *fmt, ...)
{
    if (err != NULL) {
        /* Formatted aside first: err->msg may be one of the arguments (a
         * reason wrapped in a wider one), and vsnprintf must not write the
         * buffer it reads. */
        char msg[sizeof err->msg];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        memcpy(err->msg, msg, sizeof msg);
    }
    return code;
}

const char *nb_err_name(int code)
{
    switch (code) {
    case NB_OK:
        return "ok";
    case NB_ENOMEM:
        return "out of memory";
    case NB_EINVAL:
        return "invalid input";
    case NB_ENOTFOUND:
        return "not found";
    case NB_ECONFLICT:
        return "conflict";
    case NB_ELIMIT:
        return "limit exceeded";
    case NB_EIO:
        return "I/O error";
    case NB_EDB:
        return "database error";
    case NB_EINFEASIBLE:
        return "infeasible";
    case NB_EUNBOUNDED:
        return "unbounded";
    case NB_EPARSE:
        return "parse error";
    case NB_EFORBIDDEN:
        return "forbidden";
    case NB_EBUSY:
        return "busy";
    default:
        return "unknown error";
    }
}
