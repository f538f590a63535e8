/*
 * http/server_int.h — what the server's three files share, private to
 * src/http: the server's state (nb_server), the store pool, the limits of a
 * request, and the calls between them. http/admit.c decides on the first
 * call (before any body byte); http/server.c runs a request from its body to
 * its answer and holds libmicrohttpd's callbacks; http/run.c is the process
 * around them (configuration, listening, signals, draining).
 */
#ifndef NB_HTTP_SERVER_INT_H
#define NB_HTTP_SERVER_INT_H

#include "http/guard.h"
#include "http/send.h"
#include "http/server.h"
#include "store/group.h"

#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>

#define NB_MAX_URI 8192           /* request-target; longer gets 414 */
#define NB_MAX_HEADER_BYTES 16384 /* all header lines together; more gets 431 */
#define NB_MAX_MHD_MEMORY 32768   /* per connection; beyond it MHD answers itself */
#define NB_PUBLIC_URL_MAX 256
#define NB_OPENAPI_PATH "/api/v1/openapi.json"

/* ---- Connection pool: one store per worker thread ------------------------ */

typedef struct nb_pool {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    nb_store **free;
    int nfree;
    int size;
} nb_pool;

/* Waits for a free store and takes it; the caller gives it back with
 * nb_pool_give (the pool owns the stores). */
nb_store *nb_pool_take(nb_pool *p);
void nb_pool_give(nb_pool *p, nb_store *st);

typedef struct nb_server {
    const nb_server_config *cfg;
    nb_fixed fixed;
    nb_pool pool;
    nb_group *group; /* every write goes through it (store/group.h) */
    nb_guard guard;
    char host[128];
    unsigned port;
    char public_url[NB_PUBLIC_URL_MAX]; /* base of Location and _links, no trailing '/' */
    nb_auth_config auth;                /* cfg->auth or the defaults */
    atomic_int in_flight;               /* requests admitted and not yet completed */
    /* Streamed answers being sent, each holding a store of the pool: at most
     * max_streams, and the pool has that many stores more than worker
     * threads, so a worker never waits for a store a stream it serves holds. */
    atomic_int streams;
    int max_streams;
} nb_server;

/* ---- Streamed answers (http/stream.c) ------------------------------------ */

/* A streamed answer is made this many bytes at a time: the first chunk before
 * the headers (a body that ends within it is sent the ordinary way, with its
 * length), then one chunk each time MHD has sent the previous one. */
#define NB_STREAM_CHUNK ((size_t)64 * 1024)

/* Counts one more stream being sent: 1, or 0 when max_streams are (then the
 * caller makes the whole body in memory instead). */
int nb_stream_claim(nb_server *srv);

/*
 * Queues resp's stream (resp->stream; its first chunk in resp->raw, both
 * taken) on conn as a chunked answer with the usual headers, gzipped on the
 * fly when eligible and accepted. Takes st, in its read transaction, and the
 * claim of nb_stream_claim: when MHD is done with the answer the transaction
 * ends, st goes back to the pool and the claim is released. method and url
 * only name the request in the log. MHD_YES or MHD_NO.
 */
int nb_send_stream(nb_server *srv, struct MHD_Connection *conn, nb_resp *resp, nb_store *st,
                   const char *method, const char *url, int cors, int page);

/* True when url is answered from the page table (HTML) rather than the API:
 * every path but the API's and the health probes' (/health/...). */
int nb_is_page_path(const nb_server *srv, const char *url);

/*
 * Runs on the first handler call, when the headers are complete and no byte
 * of the body has been read (http/admit.c). Returns 0 when the request may
 * go on (c holds route or page, params and caller), 1 when resp holds the
 * answer to send now (MHD then closes the connection without reading the
 * body), -1 when out of memory. allow receives the methods of a known path
 * (for 405 and OPTIONS); the caller frees it.
 */
int nb_admit(nb_server *srv, struct MHD_Connection *conn, nb_conn *c, const char *url,
             const char *method, const char *version, nb_resp *resp, nb_buf *allow);

/* Starts libmicrohttpd on sa with http/server.c's callbacks, srv as their
 * context (srv must outlive the daemon); NULL when it cannot listen. */
struct MHD_Daemon *nb_server_daemon(nb_server *srv, const struct sockaddr_in *sa);

#endif
