/*
 * http/stream.c — sending a streamed answer (nb_stream, http/http.h): an
 * MHD callback response whose body is made while it is sent, in chunks of
 * NB_STREAM_CHUNK bytes, gzipped on the fly (zlib deflate) when the client
 * takes it. The response owns the request's store and its read transaction
 * until MHD lets it go (last byte sent, or the connection gone): then the
 * producer is freed, the transaction ends and the store goes back to the
 * pool. A failure after the headers cannot become a problem+json any more:
 * it is logged and the connection is closed without the chunked body's end,
 * so no client takes a cut answer for a whole one (docs/api.md).
 */
#include "http/server_int.h"

#include "http/encode.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* zlib level: the one of the answers made in memory (http/send.c). */
#define NB_STREAM_GZIP_LEVEL 1
/* What MHD reads from the producer at a time (from the connection's memory). */
#define NB_STREAM_BLOCK ((size_t)16 * 1024)
/* What deflate writes at a time. */
#define NB_STREAM_ZOUT ((size_t)16 * 1024)

typedef struct nb_http_stream {
    nb_stream body; /* the producer (moved out of the response) */
    nb_buf plain;   /* made, not yet sent (gzip: not yet compressed) */
    nb_buf gz;      /* compressed, not yet sent (gzip only) */
    size_t off;     /* of the buffer being sent: bytes already handed to MHD */
    int gzip;       /* z is initialised */
    z_stream z;     /* the deflate stream */
    int made;       /* the producer has made its last piece */
    int zdone;      /* gzip: the member is finished (trailer written) */
    int sent;       /* everything is handed to MHD */
    nb_store *st;   /* the request's store in its read transaction */
    nb_server *srv; /* its pool and stream count */
    char what[160]; /* "GET /path" for the log */
} nb_http_stream;

/* Runs the producer into plain until it holds a chunk or the body ends. */
static int nb_stream_make(nb_http_stream *hs)
{
    int rc = 1;
    while (!hs->made && hs->plain.len < NB_STREAM_CHUNK) {
        rc = hs->body.next(hs->body.ctx, &hs->plain);
        if (rc < 0)
            return rc;
        if (rc == 0)
            hs->made = 1;
    }
    return hs->plain.oom ? NB_ENOMEM : 0;
}

/* Compresses all of plain onto gz (finishing the gzip member once the body is
 * made: then zdone) and empties plain. */
static int nb_stream_deflate(nb_http_stream *hs)
{
    int flush = hs->made ? Z_FINISH : Z_NO_FLUSH;
    hs->z.next_in = (Bytef *)hs->plain.data;
    hs->z.avail_in = (uInt)hs->plain.len;
    for (;;) {
        unsigned char out[NB_STREAM_ZOUT];
        hs->z.next_out = out;
        hs->z.avail_out = sizeof out;
        int r = deflate(&hs->z, flush);
        if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR)
            return NB_EINVAL;
        nb_buf_append(&hs->gz, out, sizeof out - hs->z.avail_out);
        if (r == Z_STREAM_END) {
            hs->zdone = 1;
            break;
        }
        if (flush == Z_NO_FLUSH && hs->z.avail_in == 0 && hs->z.avail_out > 0)
            break;
    }
    nb_buf_reset(&hs->plain);
    return hs->gz.oom ? NB_ENOMEM : 0;
}

/* Refills the buffer being sent once all of it went out: 0 with bytes to
 * send, or with hs->sent when the body is complete; a negative code. */
static int nb_stream_fill(nb_http_stream *hs)
{
    nb_buf *out = hs->gzip ? &hs->gz : &hs->plain;
    nb_buf_reset(out);
    hs->off = 0;
    while (out->len == 0) {
        if (hs->gzip ? hs->zdone : hs->made) {
            hs->sent = 1;
            return 0;
        }
        int rc = nb_stream_make(hs);
        if (rc == 0 && hs->gzip)
            rc = nb_stream_deflate(hs);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static ssize_t nb_stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    nb_http_stream *hs = cls;
    (void)pos;
    nb_buf *out = hs->gzip ? &hs->gz : &hs->plain;
    if (hs->off == out->len) {
        int rc = hs->sent ? 0 : nb_stream_fill(hs);
        if (rc != 0) {
            nb_log_error("%s: streamed answer broken off: %s", hs->what, nb_err_name(rc));
            return MHD_CONTENT_READER_END_WITH_ERROR;
        }
        if (hs->sent)
            return MHD_CONTENT_READER_END_OF_STREAM;
    }
    size_t n = out->len - hs->off;
    if (n > max)
        n = max;
    memcpy(buf, out->data + hs->off, n);
    hs->off += n;
    return (ssize_t)n;
}

/* MHD is done with the response: the whole body went out, or the client
 * left (or the server stops) before it did. */
static void nb_stream_free(void *cls)
{
    nb_http_stream *hs = cls;
    if (hs->body.free != NULL)
        hs->body.free(hs->body.ctx);
    if (!hs->sent)
        nb_log_info("%s: streamed answer not completed (client gone or stopped)", hs->what);
    nb_err err = {{0}};
    if (nb_store_commit(hs->st, &err) != 0) /* a read: ends the snapshot */
        nb_log_error("%s: ending the streamed read failed: %s", hs->what, err.msg);
    nb_pool_give(&hs->srv->pool, hs->st);
    atomic_fetch_sub(&hs->srv->streams, 1);
    if (hs->gzip)
        deflateEnd(&hs->z);
    nb_buf_free(&hs->plain);
    nb_buf_free(&hs->gz);
    free(hs);
}

int nb_stream_claim(nb_server *srv)
{
    if (atomic_fetch_add(&srv->streams, 1) < srv->max_streams)
        return 1;
    atomic_fetch_sub(&srv->streams, 1);
    return 0;
}

int nb_send_stream(nb_server *srv, struct MHD_Connection *conn, nb_resp *resp, nb_store *st,
                   const char *method, const char *url, int cors, int page)
{
    nb_http_stream *hs = calloc(1, sizeof *hs);
    struct MHD_Response *r = NULL;
    if (hs == NULL) {
        nb_resp_rows_drop(resp);
        nb_store_rollback(st);
        nb_pool_give(&srv->pool, st);
        atomic_fetch_sub(&srv->streams, 1);
        return MHD_NO;
    }
    hs->body = resp->stream;
    memset(&resp->stream, 0, sizeof resp->stream);
    hs->plain = resp->raw; /* the first chunk, made before the headers */
    memset(&resp->raw, 0, sizeof resp->raw);
    hs->st = st;
    hs->srv = srv;
    snprintf(hs->what, sizeof hs->what, "%s %s", method, url);
    int vary = nb_send_gzip_eligible(resp, hs->plain.len, page);
    if (vary && nb_encode_accepts_gzip(
                    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding"))) {
        /* 15 + 16: the largest window, with a gzip header and trailer (as nb_encode_gzip) */
        hs->gzip = deflateInit2(&hs->z, NB_STREAM_GZIP_LEVEL, Z_DEFLATED, 15 + 16, 8,
                                Z_DEFAULT_STRATEGY) == Z_OK;
    }
    /* From here on nb_stream_free (through the response) releases hs. */
    r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, NB_STREAM_BLOCK, nb_stream_read, hs,
                                          nb_stream_free);
    if (r == NULL) {
        nb_stream_free(hs);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type",
                            resp->content_type ? resp->content_type : "application/octet-stream");
    if (vary)
        MHD_add_response_header(r, "Vary", "Accept-Encoding");
    if (hs->gzip)
        MHD_add_response_header(r, "Content-Encoding", "gzip");
    nb_add_headers(r, resp, NULL, cors, page);
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ok == MHD_YES ? MHD_YES : MHD_NO;
}
