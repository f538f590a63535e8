/*
 * http/send.h — writing an answer for http/server.c: the headers every answer
 * carries, gzip for large API answers (http/encode.h), and the contract
 * (openapi.json) made once and then served from memory.
 */
#ifndef NB_HTTP_SEND_H
#define NB_HTTP_SEND_H

#include "http/encode.h"
#include "http/http.h"
#include "http/route.h"

#include <microhttpd.h>
#include <pthread.h>

/* An answer that depends on nothing but the program (openapi.json): made on
 * first use under lock, then read-only until the server stops. */
typedef struct nb_fixed {
    pthread_mutex_t lock;
    int ready; /* guarded by lock; once 1, nothing below changes */
    nb_encoded doc;
    /* The 200 answers, plain and gzip, made once with every header and queued
     * for every request (MHD counts their references), the bytes those of
     * doc: one sendmsg(2) of headers and body per request. */
    struct MHD_Response *plain, *gz;
} nb_fixed;

/*
 * The headers every answer carries (API-Version or the page CSP, no-store
 * unless resp sets its own Cache-Control, CORS when cors), and resp's own
 * (Location, ETag, the extra lines, which it consumes), on r.
 */
void nb_add_headers(struct MHD_Response *r, nb_resp *resp, const char *allow, int cors, int page);

/* 1 when a successful API answer of len bytes may go out gzipped
 * (docs/api.md, "Compression"); never pages. */
int nb_send_gzip_eligible(const nb_resp *resp, size_t len, int page);

/* Queues resp on conn (JSON, problem+json or raw; gzipped when eligible and
 * accepted). Takes resp->raw. Returns MHD_YES or MHD_NO. */
int nb_send(struct MHD_Connection *conn, nb_resp *resp, const char *allow, int cors, int page);

/* Makes f from route's handler (under f->lock, the first time). 0 = ready; a
 * negative code when it could not be made (then the caller answers the
 * request the ordinary way). f is zeroed with its lock initialised by the
 * caller, which destroys plain and gz and frees doc at the end. */
int nb_fixed_ready(nb_fixed *f, const nb_route *route, nb_req *req);

/* Answers a GET or HEAD of the contract from a ready f: the gzip form when
 * the client takes it, 304 when If-None-Match names either form's tag.
 * Returns MHD_YES/MHD_NO as nb_send. */
int nb_send_fixed(const nb_fixed *f, struct MHD_Connection *conn);

#endif
