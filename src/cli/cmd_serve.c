/*
 * cli/cmd_serve.c — `noaber serve`: run the HTTP server.
 */
#include "cli/cli.h"

#include "api/api.h"
#include "http/server.h"
#include "util/config.h"
#include "util/log.h"
#include "web/web.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

static int nb_serve_number(const char *name, const char *value, long min, long max, long *out)
{
    char *end = NULL;
    long v = strtol(value, &end, 10);
    if (value[0] == '\0' || *end != '\0' || v < min || v > max) {
        fprintf(stderr, "noaber serve: %s must be a whole number from %ld to %ld, not '%s'\n", name,
                min, max, value);
        return -1;
    }
    *out = v;
    return 0;
}

int nb_cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"listen", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 't'},
        {"config", required_argument, NULL, 'c'},
        {"log-level", required_argument, NULL, 'L'},
        {"public-url", required_argument, NULL, 'u'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *listen = NULL, *threads = NULL, *config = NULL, *level = NULL;
    const char *public_url = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:l:t:c:L:u:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'l':
            listen = optarg;
            break;
        case 't':
            threads = optarg;
            break;
        case 'c':
            config = optarg;
            break;
        case 'L':
            level = optarg;
            break;
        case 'u':
            public_url = optarg;
            break;
        case 'h':
            printf("usage: noaber serve [--db FILE] [--listen HOST:PORT] [--threads N]\n"
                   "                    [--public-url URL] [--config FILE]\n"
                   "                    [--log-level debug|info|warn|error]\n\n"
                   "Serves the API (/api/v1) on HTTP. Defaults: --db noaber.db,\n"
                   "--listen 127.0.0.1:8080, --threads 4. Port 0 picks a free port; the\n"
                   "address is printed as 'noaber: listening on http://HOST:PORT'.\n"
                   "--public-url is the address clients use (https://noaber.example.org\n"
                   "behind a proxy); links and Location headers are built from it.\n"
                   "Limits, deadlines and a trusted proxy: see docs/configuration.md.\n"
                   "Stop with Ctrl-C (SIGINT) or SIGTERM.\n");
            return NB_EXIT_OK;
        default:
            fprintf(stderr, "noaber serve: run 'noaber serve --help' for the options\n");
            return NB_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "noaber serve: unexpected argument '%s'\n", argv[optind]);
        return NB_EXIT_USAGE;
    }
    nb_config cfg;
    nb_err err = {{0}};
    if (nb_config_load(&cfg, config, &err) != 0) {
        fprintf(stderr, "noaber serve: %s\n", err.msg);
        return NB_EXIT_USAGE;
    }
    nb_server_config sc;
    nb_server_defaults(&sc);
    sc.routes = nb_routes;
    sc.nroutes = nb_routes_count;
    sc.rows = nb_api_route_rows;
    sc.pages = nb_web_pages;
    sc.npages = nb_web_pages_count;
    sc.db_path = db ? db : nb_config_get(&cfg, "db", sc.db_path);
    sc.listen = listen ? listen : nb_config_get(&cfg, "listen", sc.listen);
    long v;
    const char *t = threads ? threads : nb_config_get(&cfg, "threads", NULL);
    if (t) {
        if (nb_serve_number("--threads", t, 1, 256, &v) != 0)
            return NB_EXIT_USAGE;
        sc.threads = (int)v;
    }
    if ((t = nb_config_get(&cfg, "group_commit", NULL)) != NULL) {
        if (nb_serve_number("group_commit", t, 1, 256, &v) != 0)
            return NB_EXIT_USAGE;
        sc.group_commit = (int)v;
    }
    if ((t = nb_config_get(&cfg, "max_body", NULL)) != NULL) {
        if (nb_serve_number("max_body", t, 1024, 64L * 1024 * 1024, &v) != 0)
            return NB_EXIT_USAGE;
        sc.max_body = (size_t)v;
    }
    if ((t = nb_config_get(&cfg, "timeout", NULL)) != NULL) {
        if (nb_serve_number("timeout", t, 1, 3600, &v) != 0)
            return NB_EXIT_USAGE;
        sc.timeout_seconds = (unsigned)v;
    }
    if ((t = nb_config_get(&cfg, "header_timeout", NULL)) != NULL) {
        if (nb_serve_number("header_timeout", t, 1, 3600, &v) != 0)
            return NB_EXIT_USAGE;
        sc.header_timeout_seconds = (unsigned)v;
    }
    if ((t = nb_config_get(&cfg, "drain_seconds", NULL)) != NULL) {
        if (nb_serve_number("drain_seconds", t, 0, 3600, &v) != 0)
            return NB_EXIT_USAGE;
        sc.drain_seconds = (unsigned)v;
    }
    if ((t = nb_config_get(&cfg, "body_timeout", NULL)) != NULL) {
        if (nb_serve_number("body_timeout", t, 1, 3600, &v) != 0)
            return NB_EXIT_USAGE;
        sc.body_timeout_seconds = (unsigned)v;
    }
    if ((t = nb_config_get(&cfg, "per_ip_limit", NULL)) != NULL) {
        if (nb_serve_number("per_ip_limit", t, 1, 10000, &v) != 0)
            return NB_EXIT_USAGE;
        sc.per_ip_limit = (unsigned)v;
    }
    if ((t = nb_config_get(&cfg, "connection_limit", NULL)) != NULL) {
        if (nb_serve_number("connection_limit", t, 16, 16384, &v) != 0)
            return NB_EXIT_USAGE;
        sc.connection_limit = (unsigned)v;
    }
    /* Page sessions: the idle and absolute timeouts (store/sessions.h). */
    nb_auth_config auth;
    nb_auth_config_default(&auth);
    if ((t = nb_config_get(&cfg, "session_idle_seconds", NULL)) != NULL) {
        if (nb_serve_number("session_idle_seconds", t, 1, 86400, &v) != 0)
            return NB_EXIT_USAGE;
        auth.idle_s = v;
    }
    if ((t = nb_config_get(&cfg, "session_absolute_seconds", NULL)) != NULL) {
        if (nb_serve_number("session_absolute_seconds", t, 1, 7L * 86400, &v) != 0)
            return NB_EXIT_USAGE;
        auth.absolute_s = v;
    }
    sc.auth = &auth;
    sc.trusted_proxies = nb_config_get(&cfg, "trusted_proxy", NULL);
    sc.public_url = public_url ? public_url : nb_config_get(&cfg, "public_url", NULL);
    const char *lv = level ? level : nb_config_get(&cfg, "log_level", NULL);
    if (lv) {
        nb_log_level l;
        if (nb_log_parse_level(lv, &l) != 0) {
            fprintf(stderr, "noaber serve: log level must be debug, info, warn, error or quiet\n");
            return NB_EXIT_USAGE;
        }
        nb_log_set_level(l);
    }
    if (sodium_init() < 0) {
        fprintf(stderr, "noaber serve: libsodium could not initialise\n");
        return NB_EXIT_FAIL;
    }
    if (nb_server_run(&sc, &err) != 0) {
        fprintf(stderr, "noaber serve: %s\n", err.msg);
        return NB_EXIT_FAIL;
    }
    return NB_EXIT_OK;
}
