/*
 * util/log.c — see log.h. The level is process state set once from main.
 */
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static nb_log_level nb_log_threshold = NB_LOG_INFO;

void nb_log_set_level(nb_log_level level)
{
    nb_log_threshold = level;
}

int nb_log_parse_level(const char *name, nb_log_level *out)
{
    static const char *names[] = {"debug", "info", "warn", "error", "quiet"};
    for (int i = 0; i < 5; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (nb_log_level)i;
            return 0;
        }
    }
    return -1;
}

void nb_log(nb_log_level level, const char *fmt, ...)
{
    static const char *tags[] = {"debug", "info", "warn", "error", ""};
    if (level < nb_log_threshold || level >= NB_LOG_QUIET)
        return;
    char raw[1024], msg[4 * sizeof raw];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    /* One event, one line: control characters from requests (a %0A in a
     * path, say) are written as \xNN so they cannot forge log lines. */
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)raw; *p; p++) {
        if (*p < 0x20 || *p == 0x7F)
            o += (size_t)snprintf(msg + o, sizeof msg - o, "\\x%02x", *p);
        else
            msg[o++] = (char)*p;
    }
    msg[o] = '\0';
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm) == NULL ||
        strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(stamp, sizeof stamp, "?");
    fprintf(stderr, "%s noaber %s: %s\n", stamp, tags[level], msg);
}
