/*
 * util/error.h — the one success convention of noaber.
 *
 * Functions that can fail return int: 0 = ok, a negative NB_E* code otherwise.
 * Callers that need more than a code receive a message through an nb_err
 * out-parameter (a fixed buffer owned by the caller; never heap memory).
 */
#ifndef NB_UTIL_ERROR_H
#define NB_UTIL_ERROR_H

#include <stdarg.h>
#include <stddef.h>

enum {
    NB_OK = 0,
    NB_ENOMEM = -1,      /* allocation failed */
    NB_EINVAL = -2,      /* invalid input (validation failed) */
    NB_ENOTFOUND = -3,   /* referenced record does not exist */
    NB_ECONFLICT = -4,   /* state conflict: illegal transition, idempotency clash */
    NB_ELIMIT = -5,      /* a rule or limit would be broken (credit, hours) */
    NB_EIO = -6,         /* file or network I/O failed */
    NB_EDB = -7,         /* database error */
    NB_EINFEASIBLE = -8, /* optimisation problem has no feasible solution */
    NB_EUNBOUNDED = -9,  /* optimisation problem is unbounded */
    NB_EPARSE = -10,     /* malformed input file or document */
    NB_EFORBIDDEN = -11, /* caller may not do this */
    NB_EBUSY = -12       /* resource busy; retry */
};

/* A caller-owned message buffer for a human-readable reason. */
typedef struct nb_err {
    char msg[512];
} nb_err;

/* Formats a message into err (if err is non-NULL) and returns code. The
 * arguments may include err->msg itself (wrapping a reason: "copying x: %s"). */
int nb_err_set(nb_err *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A short English name for a code ("not found"); static storage. */
const char *nb_err_name(int code);

#endif
