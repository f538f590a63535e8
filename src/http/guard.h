/*
 * http/guard.h — who may hold a connection, and for how long.
 *
 * libmicrohttpd's own timeout counts idle time only: a client that sends one
 * byte a second is never idle and holds its connection for ever. The guard
 * keeps a table of open connections (one nb_conn each, made when MHD accepts
 * the socket and freed when MHD closes it) with a deadline per phase:
 *
 *   headers  from accept, or from the end of the previous request on a
 *            kept-alive connection, until the request's headers are complete;
 *   body     from the end of the headers until the body is complete;
 *   busy     handler and response: no deadline (MHD's idle timeout applies).
 *
 * A reaper thread shuts down (shutdown(2), not close: MHD still owns the fd)
 * every connection past its deadline; MHD then sees the end of the stream
 * and closes it. Records are removed under the same lock before MHD closes
 * the socket, so the reaper never touches a reused descriptor.
 *
 * Per-address limit: at most per_ip_limit connections from one peer address,
 * except from a trusted reverse proxy. For a request that comes through a
 * trusted proxy the client is the right-most X-Forwarded-For entry that is not
 * itself a trusted proxy, and at most per_ip_limit requests of that client may
 * be in flight at once (the server answers 429 above that).
 */
#ifndef NB_HTTP_GUARD_H
#define NB_HTTP_GUARD_H

#include "http/http.h"
#include "http/route.h"
#include "util/buf.h"
#include "util/error.h"
#include "web/web.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>

struct MHD_Connection;

#define NB_GUARD_MAX_PROXIES 8

typedef enum nb_conn_phase {
    NB_PHASE_HEADERS = 0,
    NB_PHASE_BODY,
    NB_PHASE_BUSY,
} nb_conn_phase;

/* One open connection, plus the state of the request it is carrying. */
typedef struct nb_conn {
    struct nb_conn *prev, *next; /* in the guard's table (under its lock) */
    int fd;
    struct in6_addr peer; /* socket peer, IPv4 as ::ffff:a.b.c.d */
    char peer_text[46];
    int peer_trusted;    /* the peer is a trusted reverse proxy */
    nb_conn_phase phase; /* under the guard's lock */
    int64_t deadline_ms; /* monotonic; 0 = none; under the lock */
    int reaped;          /* shut down by the reaper */
    int line_seen;       /* the current request line has arrived; under the lock */

    /* The current request; reset by nb_guard_request_done. */
    char *uri; /* raw request-target as received, owned; NULL when too long */
    int uri_too_long;
    int admitted;    /* the first handler call has been made */
    char client[46]; /* per-address key: XFF client or peer */
    int counted;     /* counted as in flight for client (proxied) */
    const nb_route *route;
    const struct nb_web_page *page; /* a page path's page (web/web.h), else NULL */
    int is_page;                    /* the path is outside /api/: answers are HTML */
    char *scratch;                  /* owned; holds the captured path params */
    const char *params[NB_MAX_PATH_PARAMS];
    int nparams;
    nb_principal who;
    nb_web_sess sess; /* a page request's session (web/web.h) */
    nb_buf body;
    void *pending; /* a write waiting for its group commit (http/server.c's; freed there) */
} nb_conn;

typedef struct nb_guard {
    pthread_mutex_t lock;
    pthread_cond_t wake; /* CLOCK_MONOTONIC; signals the reaper to stop */
    pthread_t reaper;
    int running, stop;
    nb_conn *head;
    unsigned header_ms, body_ms;
    unsigned per_ip_limit;
    struct in6_addr proxies[NB_GUARD_MAX_PROXIES];
    int nproxies;
    int nopen; /* connections in the table (written under lock, read atomically) */
} nb_guard;

/*
 * Parses trusted_proxies ("10.0.0.1, ::1"; NULL or "" = none) and sets the
 * limits. 0 = ok; NB_EINVAL with a message for a bad address.
 */
int nb_guard_init(nb_guard *g, unsigned header_seconds, unsigned body_seconds,
                  unsigned per_ip_limit, const char *trusted_proxies, nb_err *err);

/* Starts the reaper thread. 0 = ok. */
int nb_guard_start(nb_guard *g, nb_err *err);

/* Stops and joins the reaper, if it runs. Call before stopping MHD. */
void nb_guard_stop(nb_guard *g);

/* Stops the reaper and frees what is left. Call after MHD has stopped. */
void nb_guard_destroy(nb_guard *g);

/* 1 when addr may open another connection (a quick check before MHD sets it up). */
int nb_guard_accept_ok(nb_guard *g, const struct sockaddr *addr);

/*
 * MHD accepted a connection: makes its record (returned; owned by the guard
 * until nb_guard_closed) with the header deadline running. A connection over
 * the per-address limit is shut down at once. NULL when out of memory.
 */
nb_conn *nb_guard_opened(nb_guard *g, struct MHD_Connection *conn);

/* MHD closed the connection: removes and frees c. */
void nb_guard_closed(nb_guard *g, nb_conn *c);

/* The connections open now (from nb_guard_opened to nb_guard_closed); read
 * without the lock, so only a hint that may lag a connection being closed. */
int nb_guard_open_count(nb_guard *g);

/* Moves c to phase (headers: header deadline from now; body: body deadline; busy: none). */
void nb_guard_phase(nb_guard *g, nb_conn *c, nb_conn_phase phase);

/*
 * Sets c->client from the peer or, behind a trusted proxy, from
 * X-Forwarded-For, and counts the request as in flight for that client.
 * Returns 0, or 1 when the client already has per_ip_limit requests in
 * flight (not counted then).
 */
int nb_guard_client(nb_guard *g, nb_conn *c, struct MHD_Connection *conn);

/* The request line of the next request on c has arrived (for the reaper's log line). */
void nb_guard_line_seen(nb_guard *g, nb_conn *c);

/* The request on c is finished: uncounts it, frees its state, restarts the header deadline. */
void nb_guard_request_done(nb_guard *g, nb_conn *c);

/* 1 when text is an IPv4/IPv6 address in addr (IPv4 mapped). */
int nb_guard_parse_addr(const char *text, struct in6_addr *addr);

#endif
