/*
 * http/server.h — the HTTP server: libmicrohttpd with a thread pool, one
 * database connection per worker, limits on every request, deadlines on
 * every connection (http/guard.h).
 */
#ifndef NB_HTTP_SERVER_H
#define NB_HTTP_SERVER_H

#include "store/sessions.h"
#include "util/error.h"

#include <stddef.h>

struct nb_route;
struct nb_web_page;

typedef struct nb_server_config {
    const char *db_path;
    const char *listen;              /* "HOST:PORT"; port 0 picks a free port */
    int threads;                     /* worker threads = database connections */
    int group_commit;                /* most write requests one commit takes (store/group.h);
                                        1 = one commit per request */
    size_t max_body;                 /* bytes; larger bodies get 413 */
    unsigned timeout_seconds;        /* idle connection timeout */
    unsigned header_timeout_seconds; /* request line + headers must arrive within this */
    unsigned body_timeout_seconds;   /* the body must arrive within this after the headers */
    unsigned per_ip_limit;           /* connections per client address; requests in flight
                                    per forwarded client behind a trusted proxy */
    unsigned connection_limit;       /* concurrent connections in all */
    const struct nb_route *routes;   /* the route table served (borrowed; the caller's, e.g. */
    size_t nroutes;                  /* nb_routes of api/api.h); no default */
    /* 1 for a route whose write locks its own rows (group.h nb_group_work's
     * rows); NULL = none does (e.g. nb_api_route_rows of api/api.h) */
    int (*rows)(const struct nb_route *route);
    const struct nb_web_page *pages; /* the page table for every path outside /api/ */
    size_t npages;                   /* (borrowed; nb_web_pages of web/web.h); NULL, 0 = none */
    const char *trusted_proxies;     /* "10.0.0.1, ::1": reverse proxies whose
                                    X-Forwarded-For is believed; NULL = none */
    const char *public_url;          /* base of Location and _links; NULL = http://LISTEN */
    const nb_auth_config *auth;      /* page sessions and login throttling (store/sessions.h);
                                        NULL = nb_auth_config_default */
    unsigned drain_seconds;          /* at SIGTERM: how long requests in flight may take to
                                        finish before the server stops (0 = stop at once) */
} nb_server_config;

/* Fills cfg with the documented defaults (see docs/configuration.md); the
 * route table is left empty (NULL, 0): the caller sets it. */
void nb_server_defaults(nb_server_config *cfg);

/*
 * Sets the process's malloc to keep the memory of large answers for the next
 * request instead of handing it back to the kernel after each one: pieces up
 * to NB_SERVER_MMAP_MAX come from the heaps (not a fresh mmap each), and a
 * heap keeps up to NB_SERVER_TRIM_MAX free at its top. A 300 KB statement
 * otherwise page-faulted its ~2 MB of buffers in again on every request:
 * 8.7 ms of CPU against 2.8 ms (docs/performance.md). Called by
 * nb_server_run before its threads start. 0 = set; NB_EINVAL when the C
 * library refused.
 */
#define NB_SERVER_MMAP_MAX (16u << 20)
#define NB_SERVER_TRIM_MAX (32u << 20)
int nb_server_keep_memory(void);

/*
 * Serves until SIGINT or SIGTERM. Prints "noaber: listening on http://H:P"
 * on stdout (flushed) once ready. At the signal the server stops accepting
 * connections, answers /health/ready with 503, lets the requests in flight
 * finish (at most cfg->drain_seconds; a second signal stops at once), then
 * closes what remains. Returns 0 after a clean shutdown.
 */
int nb_server_run(const nb_server_config *cfg, nb_err *err);

#endif
