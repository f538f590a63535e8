/*
 * util/config.c — see config.h.
 */
#include "util/config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const nb_config_keys[] = {
    "db",
    "listen",
    "threads",
    "group_commit",
    "max_body",
    "timeout",
    "header_timeout",
    "body_timeout",
    "per_ip_limit",
    "connection_limit",
    "trusted_proxy",
    "public_url",
    "log_level",
    "session_idle_seconds",
    "session_absolute_seconds",
    "drain_seconds",
    NULL,
};

static int nb_config_known(const char *key)
{
    for (const char *const *k = nb_config_keys; *k; k++)
        if (strcmp(*k, key) == 0)
            return 1;
    return 0;
}

static void nb_config_put(nb_config *cfg, const char *key, const char *value)
{
    for (int i = 0; i < cfg->n; i++) {
        if (strcmp(cfg->items[i].key, key) == 0) {
            snprintf(cfg->items[i].value, sizeof cfg->items[i].value, "%s", value);
            return;
        }
    }
    if (cfg->n < NB_CONFIG_MAX) {
        snprintf(cfg->items[cfg->n].key, sizeof cfg->items[cfg->n].key, "%s", key);
        snprintf(cfg->items[cfg->n].value, sizeof cfg->items[cfg->n].value, "%s", value);
        cfg->n++;
    }
}

static char *nb_trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

int nb_config_load(nb_config *cfg, const char *path, nb_err *err)
{
    int rc = 0;
    int named = 1;
    FILE *f = NULL;
    memset(cfg, 0, sizeof *cfg);
    if (path == NULL)
        path = getenv("NOABER_CONFIG");
    if (path == NULL) {
        path = "noaber.conf";
        named = 0;
    }
    f = fopen(path, "r");
    if (f == NULL && named) {
        rc = nb_err_set(err, NB_EIO, "cannot read config file '%s'", path);
        goto cleanup;
    }
    char line[512];
    int lineno = 0;
    while (f && fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *s = nb_trim(line);
        if (*s == '\0')
            continue;
        char *eq = strchr(s, '=');
        if (eq == NULL) {
            rc = nb_err_set(err, NB_EPARSE, "%s:%d: expected 'key = value'", path, lineno);
            goto cleanup;
        }
        *eq = '\0';
        char *key = nb_trim(s), *value = nb_trim(eq + 1);
        if (!nb_config_known(key)) {
            rc = nb_err_set(err, NB_EPARSE, "%s:%d: unknown setting '%s'", path, lineno, key);
            goto cleanup;
        }
        nb_config_put(cfg, key, value);
    }
    for (const char *const *k = nb_config_keys; *k; k++) {
        char env[64];
        snprintf(env, sizeof env, "NOABER_");
        for (size_t i = 0; (*k)[i] && i < 40; i++)
            env[7 + i] = (char)toupper((unsigned char)(*k)[i]), env[8 + i] = '\0';
        const char *v = getenv(env);
        if (v)
            nb_config_put(cfg, *k, v);
    }
cleanup:
    if (f)
        fclose(f); // NOLINT(cert-err33-c): read-only stream; nothing is lost when closing fails
    return rc;
}

const char *nb_config_get(const nb_config *cfg, const char *key, const char *def)
{
    for (int i = 0; i < cfg->n; i++)
        if (strcmp(cfg->items[i].key, key) == 0)
            return cfg->items[i].value;
    return def;
}
