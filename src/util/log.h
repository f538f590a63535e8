/*
 * util/log.h — logging to stderr with a level and a UTC timestamp.
 *
 * The level is chosen once at start-up (nb_log_set_level) before threads run;
 * each line is written with a single fprintf so lines from threads don't mix.
 * Control characters in a message (newline, tab, escape...) are written as
 * \xNN, so text from a request can never start a line of its own.
 */
#ifndef NB_UTIL_LOG_H
#define NB_UTIL_LOG_H

#include "util/attr.h"

typedef enum { NB_LOG_DEBUG, NB_LOG_INFO, NB_LOG_WARN, NB_LOG_ERROR, NB_LOG_QUIET } nb_log_level;

void nb_log_set_level(nb_log_level level);
NB_MUST_USE int nb_log_parse_level(const char *name, nb_log_level *out); /* 0 = ok */
void nb_log(nb_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define nb_log_debug(...) nb_log(NB_LOG_DEBUG, __VA_ARGS__)
#define nb_log_info(...) nb_log(NB_LOG_INFO, __VA_ARGS__)
#define nb_log_warn(...) nb_log(NB_LOG_WARN, __VA_ARGS__)
#define nb_log_error(...) nb_log(NB_LOG_ERROR, __VA_ARGS__)

#endif
