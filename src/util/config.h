/*
 * util/config.h — settings from a config file, the environment and flags.
 *
 * Precedence: built-in default < config file < environment (NOABER_*) <
 * command-line flag. The file is "key = value" lines with '#' comments; keys
 * are db, listen, threads, max_body, timeout, header_timeout, body_timeout,
 * per_ip_limit, connection_limit, trusted_proxy, public_url, log_level,
 * session_idle_seconds, session_absolute_seconds. The file
 * is NOABER_CONFIG or --config; a missing file that was named is an error, a
 * missing default file (./noaber.conf) is not.
 */
#ifndef NB_UTIL_CONFIG_H
#define NB_UTIL_CONFIG_H

#include "util/attr.h"

#include "util/error.h"

#define NB_CONFIG_MAX 16

typedef struct nb_config {
    struct {
        char key[32];
        char value[256];
    } items[NB_CONFIG_MAX];
    int n;
} nb_config;

/*
 * Loads settings from path (NULL: $NOABER_CONFIG, else ./noaber.conf if it
 * exists), then overlays NOABER_<KEY> environment variables. Unknown keys and
 * malformed lines are errors with a line number.
 */
NB_MUST_USE int nb_config_load(nb_config *cfg, const char *path, nb_err *err);

/* The value for key, or def when unset. Borrowed from cfg. */
const char *nb_config_get(const nb_config *cfg, const char *key, const char *def);

#endif
