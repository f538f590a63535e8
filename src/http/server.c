/*
 * http/server.c — a request from its body to its answer: one transaction
 * per read, a write handed to the group commit (store/group.h) with its
 * connection suspended until the commit is durable, the page or route run
 * inside it, and the answer with the headers every response carries; and
 * libmicrohttpd's callbacks, which lead a request through admission
 * (http/admit.c) and this dispatch. Connections, deadlines and per-address
 * limits are http/guard.c's; conditional requests http/conditional.c's;
 * writing an answer (headers, gzip) and the contract made once
 * (openapi.json served from memory, nb_fixed) http/send.c's; the process
 * around it all (listening, signals, draining) http/run.c's.
 */
#include "http/server_int.h"

#include "http/conditional.h"
#include "http/route.h"
#include "http/target.h"
#include "util/log.h"
#include "web/web.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Connection pool: one store per worker thread ------------------------ */

nb_store *nb_pool_take(nb_pool *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->nfree == 0)
        pthread_cond_wait(&p->cond, &p->lock);
    nb_store *st = p->free[--p->nfree];
    pthread_mutex_unlock(&p->lock);
    return st;
}

void nb_pool_give(nb_pool *p, nb_store *st)
{
    pthread_mutex_lock(&p->lock);
    p->free[p->nfree++] = st;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
}

/* ---- Dispatch: the body is complete -------------------------------------- */

/* One request's work: what runs inside its transaction (a read) or its
 * savepoint in a group commit (a write, store/group.h). */
typedef struct nb_work {
    nb_server *srv;
    struct MHD_Connection *conn;
    nb_conn *c;
    const char *url;
    nb_req *req;
    nb_resp *resp;
} nb_work;

/* Runs the page or the route (If-Match first) on st into w->resp, starting
 * from an empty response (a group may run a work again). Returns 1 when its
 * changes are to be kept: a status below 400, or a page that asks for it. */
static int nb_work_run(nb_store *st, void *ctx)
{
    nb_work *w = ctx;
    nb_resp *resp = w->resp;
    const nb_route *route = w->c->route;
    int rc;
    json_decref(resp->json);
    nb_buf_free(&resp->raw);
    nb_resp_rows_drop(resp);
    memset(resp, 0, sizeof *resp);
    w->req->st = st;
    if (w->c->page != NULL) {
        resp->status = 200;
        rc = nb_web_run(w->c->page, w->srv->cfg->pages, w->srv->cfg->npages, &w->c->sess,
                        &w->srv->auth, w->req, w->c->body.data, w->c->body.len, resp);
    } else if (route != NULL) {
        resp->status = route->response_status ? route->response_status : 200;
        rc = nb_cond_if_match(w->srv->cfg->routes, w->srv->cfg->nroutes, w->conn, w->req, w->url,
                              resp);
        if (rc == 0)
            rc = route->handler(w->req, resp);
        else if (rc > 0)
            rc = 0; /* resp holds the 412 */
    } else {        /* nb_admit sets a page or a route; never neither */
        rc = NB_EINVAL;
    }
    if (rc != 0 && resp->status < 400) {
        nb_log_error("%s %s: handler failed: %s", w->req->method, w->url, nb_err_name(rc));
        nb_resp_from_err(resp, rc == NB_EBUSY ? NB_EBUSY : NB_EDB, NULL); /* 503 or 500 */
    }
    return resp->status < 400 || (resp->keep_tx && w->c->page != NULL && rc == 0);
}

/*
 * One request's state from the body to the answer. A read keeps it on the
 * stack. A write's is allocated: the write is handed to the group commit
 * (nb_group_submit), and when it is queued there the worker suspends the
 * connection (MHD_suspend_connection, under the group's lock, before the
 * work can be run) and goes on serving other connections; the group's
 * committer resumes it once the batch is durably committed, and MHD then
 * calls nb_on_request again, which answers from c->pending. So a batch is not
 * bounded by the number of worker threads.
 */
typedef struct nb_pending {
    nb_resp resp;
    nb_req req;
    json_t *body;
    nb_work work;
    nb_group_work gw;
} nb_pending;

static void nb_pending_queued(void *ctx)
{
    nb_work *w = ctx;
    MHD_suspend_connection(w->conn);
}

static void nb_pending_done(void *ctx)
{
    nb_work *w = ctx;
    MHD_resume_connection(w->conn);
}

/* Frees what p holds (not p). */
static void nb_pending_clear(nb_pending *p)
{
    json_decref(p->resp.json);
    nb_buf_free(&p->resp.raw);
    nb_resp_rows_drop(&p->resp);
    json_decref(p->body);
}

/* A write's outcome: a begin or commit that failed turns into 500/503. */
static void nb_write_result(nb_pending *p, const char *method, const char *url)
{
    int rc = p->gw.rc;
    if (rc != 0) {
        nb_log_error("%s %s: not written: %s", method, url, p->gw.err.msg);
        nb_resp_from_err(&p->resp, rc == NB_EBUSY ? NB_EBUSY : NB_EDB, &p->gw.err);
    }
}

static int nb_dispatch(nb_server *srv, struct MHD_Connection *conn, nb_conn *c, const char *url,
                       const char *method)
{
    nb_pending local;
    nb_pending *p = c->pending;
    nb_store *st = NULL;
    const nb_route *route = c->route;
    int in_tx = 0, streaming = 0;
    int is_read = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    nb_err err = {{0}};
    int rc;

    if (p != NULL) { /* resumed: the write's batch is done (durable, or failed) */
        c->pending = NULL;
        nb_write_result(p, method, url);
        goto finish;
    }
    if (route != NULL && is_read && strcmp(route->pattern, NB_OPENAPI_PATH) == 0) {
        nb_req fixed_req = {.method = method,
                            .path = url,
                            .remote = c->client,
                            .conn = conn,
                            .who = &c->who,
                            .base_url = srv->public_url,
                            .routes = srv->cfg->routes,
                            .nroutes = srv->cfg->nroutes};
        if (nb_fixed_ready(&srv->fixed, route, &fixed_req) == 0) {
            nb_log_debug("%s %s 200 (fixed)", method, url);
            return nb_send_fixed(&srv->fixed, conn);
        }
    }
    memset(&local, 0, sizeof local);
    p = is_read ? &local : calloc(1, sizeof *p);
    if (p == NULL) {
        p = &local;
        nb_resp_problem(&p->resp, 500, "Interne fout", "Onvoldoende geheugen.");
        goto send;
    }
    if (route != NULL && route->body != NULL) {
        json_error_t jerr;
        p->body = json_loadb(c->body.data ? c->body.data : "", c->body.len, JSON_REJECT_DUPLICATES,
                             &jerr);
        if (p->body == NULL) {
            nb_resp_problem(&p->resp, 400, "Ongeldige JSON",
                            "De body is geen geldige JSON (regel %d, kolom %d): %s.", jerr.line,
                            jerr.column, jerr.text);
            goto send;
        }
        if (nb_schema_validate(p->body, route->body, "", &p->resp) > 0)
            goto send;
    }
    p->req = (nb_req){
        .method = method,
        .path = url,
        .remote = c->client,
        .nparams = c->nparams,
        .conn = conn,
        .body = p->body,
        .who = &c->who,
        .st = NULL, /* set by nb_work_run */
        .base_url = srv->public_url,
        .routes = srv->cfg->routes,
        .nroutes = srv->cfg->nroutes,
        .actor = {c->who.label, nb_role_name(c->who.role), c->client},
    };
    for (int i = 0; i < c->nparams; i++)
        p->req.params[i] = c->params[i];
    p->work = (nb_work){srv, conn, c, url, &p->req, &p->resp};
    if (!is_read) {
        /* A write: its own savepoint in a batch that commits once; answered
         * only when that commit is durable (docs/DEVELOPING.md). */
        p->gw = (nb_group_work){.run = nb_work_run,
                                .ctx = &p->work,
                                .queued = nb_pending_queued,
                                .done = nb_pending_done,
                                .rows = route != NULL && c->page == NULL &&
                                        srv->cfg->rows != NULL && srv->cfg->rows(route),
                                /* other connections may share this worker (MHD
                                 * keeps one on the worker that accepted it) */
                                .crowded = nb_guard_open_count(&srv->guard) > 1};
        c->pending = p;
        if (nb_group_submit(srv->group, &p->gw) == 1) {
            /* url lives until the resumed call, on this thread, has answered */
            nb_log_debug("%s %s: queued for the group commit", method, url);
            return MHD_YES; /* suspended; answered when the commit resumes it */
        }
        c->pending = NULL; /* run at once on this thread */
        nb_write_result(p, method, url);
    } else {
        st = nb_pool_take(&srv->pool);
        if ((rc = nb_store_begin_read(st, &err)) != 0) {
            nb_resp_from_err(&p->resp, rc, &err);
            goto send;
        }
        in_tx = 1;
        if (nb_work_run(st, &p->work)) {
            /* A streamed body: its first chunk now, so that an error there is
             * still a problem; a longer one is sent while it is made, in this
             * transaction (one snapshot), unless max_streams are being sent. */
            rc = nb_resp_stream_drain(&p->resp, NB_STREAM_CHUNK);
            if (rc == 1 && nb_stream_claim(srv)) {
                streaming = 1;
                goto finish;
            }
            if (rc == 1)
                rc = nb_resp_stream_drain(&p->resp, SIZE_MAX);
            if (rc < 0) {
                nb_log_error("%s %s: streamed answer failed: %s", method, url, nb_err_name(rc));
                nb_resp_from_err(&p->resp, rc == NB_EBUSY ? NB_EBUSY : NB_EDB, NULL);
            }
            in_tx = 0;
            if ((rc = nb_store_commit(st, &err)) != 0) {
                nb_log_error("%s %s: commit failed: %s", method, url, err.msg);
                nb_resp_from_err(&p->resp, rc == NB_EBUSY ? NB_EBUSY : NB_EDB, &err);
            }
        }
    }
finish:
    /* The ETag of a versioned resource, and If-None-Match on a read: 304. */
    nb_cond_finish(route, conn, is_read, &p->resp);
send:
    if (streaming && p->resp.stream.next != NULL && p->resp.status == 200) {
        /* st and its transaction go with the answer (http/stream.c) */
        nb_log_debug("%s %s %d (streamed)", method, url, p->resp.status);
        int sret = nb_send_stream(srv, conn, &p->resp, st, method, url,
                                  strcmp(url, NB_OPENAPI_PATH) == 0, c->is_page);
        nb_pending_clear(p);
        return sret;
    }
    if (streaming) /* nb_cond_finish replaced the body: the claim goes unused */
        atomic_fetch_sub(&srv->streams, 1);
    if (in_tx)
        nb_store_rollback(st);
    if (st)
        nb_pool_give(&srv->pool, st);
    if (p->resp.status == 0)
        nb_resp_problem(&p->resp, 500, "Interne fout", "Onvoldoende geheugen.");
    if (c->is_page && p->resp.is_problem)
        nb_web_problem_page(&p->resp, &c->who, &c->sess, srv->cfg->pages, srv->cfg->npages);
    else
        nb_resp_problem_finish(&p->resp, url);
    nb_log_debug("%s %s %d", method, url, p->resp.status);
    int ret = nb_send(conn, &p->resp, NULL, strcmp(url, NB_OPENAPI_PATH) == 0, c->is_page);
    nb_pending_clear(p);
    if (p != &local)
        free(p);
    return ret;
}

/* Answers on the first call (see nb_admit); MHD closes the connection after it. */
static int nb_answer_early(nb_server *srv, struct MHD_Connection *conn, nb_conn *c, const char *url,
                           const char *method, const char *version)
{
    nb_resp resp;
    memset(&resp, 0, sizeof resp);
    nb_buf allow = NB_BUF_INIT;
    int rc = nb_admit(srv, conn, c, url, method, version, &resp, &allow);
    if (rc == 0) {
        nb_buf_free(&allow);
        return 0;
    }
    nb_guard_phase(&srv->guard, c, NB_PHASE_BUSY);
    if (rc < 0 || resp.status == 0)
        nb_resp_problem(&resp, 500, "Interne fout", "Onvoldoende geheugen.");
    /* Only a checked path may be echoed (log lines are escaped anyway). */
    nb_log_debug("%s %s %d", method, c->uri && resp.status != 400 ? url : "(ongeldig pad)",
                 resp.status);
    int page = nb_is_page_path(srv, url);
    nb_principal anon = {.role = NB_ROLE_PUBLIC}; /* refused before the session was read */
    if (page && resp.is_problem) {
        nb_web_problem_page(&resp, c->is_page ? &c->who : &anon, c->is_page ? &c->sess : NULL,
                            srv->cfg->pages, srv->cfg->npages);
    } else {
        /* instance: the path, once it is known to be a valid one (not for 414/400 on it) */
        const char *why = NULL;
        int valid = c->uri && nb_target_check(c->uri, strlen(c->uri), &why) == 0;
        nb_resp_problem_finish(&resp, valid ? url : NULL);
    }
    int ret = nb_send(conn, &resp,
                      (resp.status == 405 || resp.status == 204) ? nb_buf_cstr(&allow) : NULL,
                      strcmp(url, NB_OPENAPI_PATH) == 0, page);
    json_decref(resp.json);
    nb_buf_free(&resp.raw);
    nb_resp_rows_drop(&resp);
    nb_buf_free(&allow);
    return ret == MHD_YES ? 1 : -1;
}

/* ---- libmicrohttpd callbacks --------------------------------------------- */

static enum MHD_Result nb_on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                     const char *method, const char *version,
                                     const char *upload_data, size_t *upload_data_size,
                                     void **con_cls)
{
    nb_server *srv = cls;
    nb_conn *c = *con_cls;
    if (c == NULL) /* nb_on_uri could not attach the connection's record */
        return MHD_NO;
    if (!c->admitted) {
        c->admitted = 1;
        atomic_fetch_add(&srv->in_flight, 1);
        int rc = nb_answer_early(srv, conn, c, url, method, version);
        if (rc != 0)
            return rc > 0 ? MHD_YES : MHD_NO;
        nb_guard_phase(&srv->guard, c, NB_PHASE_BODY);
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        /* Only a chunked body can get here too large (a Content-Length was
         * checked on the first call); no answer can be queued mid-body. */
        size_t limit = c->page ? (strcmp(c->page->method, "POST") == 0 ? NB_WEB_FORM_MAX : 0)
                       : c->route->body ? srv->cfg->max_body
                                        : 0;
        if (c->body.len + *upload_data_size > limit) {
            nb_log_info("%s %s from %s: body over %zu bytes, connection closed", method, url,
                        c->client, limit);
            return MHD_NO;
        }
        nb_buf_append(&c->body, upload_data, *upload_data_size);
        if (c->body.oom)
            return MHD_NO;
        *upload_data_size = 0;
        return MHD_YES;
    }
    nb_guard_phase(&srv->guard, c, NB_PHASE_BUSY);
    return nb_dispatch(srv, conn, c, url, method) == MHD_YES ? MHD_YES : MHD_NO;
}

/* The request line has arrived (headers not yet): keep the raw target. */
static void *nb_on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    nb_server *srv = cls;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    nb_conn *c = ci ? ci->socket_context : NULL;
    if (c == NULL)
        return NULL;
    nb_guard_line_seen(&srv->guard, c);
    size_t len = strnlen(uri, NB_MAX_URI + 1);
    if (len > NB_MAX_URI)
        c->uri_too_long = 1;
    else
        c->uri = strndup(uri, len);
    return c;
}

static void nb_on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                            enum MHD_RequestTerminationCode toe)
{
    nb_server *srv = cls;
    (void)conn;
    (void)toe;
    nb_conn *c = *con_cls;
    if (c && c->pending) { /* resumed, but closed before it was answered (MHD stopping) */
        nb_pending_clear(c->pending);
        free(c->pending);
        c->pending = NULL;
    }
    if (c && c->admitted)
        atomic_fetch_sub(&srv->in_flight, 1);
    if (c)
        nb_guard_request_done(&srv->guard, c);
    *con_cls = NULL;
}

static void nb_on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                             enum MHD_ConnectionNotificationCode toe)
{
    nb_server *srv = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED)
        *socket_context = nb_guard_opened(&srv->guard, conn);
    else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
        nb_guard_closed(&srv->guard, *socket_context);
        *socket_context = NULL;
    }
}

static enum MHD_Result nb_on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    nb_server *srv = cls;
    (void)addrlen;
    return nb_guard_accept_ok(&srv->guard, addr) ? MHD_YES : MHD_NO;
}

__attribute__((format(printf, 2, 0))) static void nb_mhd_log(void *cls, const char *fmt, va_list ap)
{
    char msg[512];
    (void)cls;
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n > 0 && msg[n - 1] == '\n')
        msg[--n] = '\0';
    nb_log_debug("microhttpd: %s", msg);
}

/* Starts libmicrohttpd on sa with this file's callbacks, srv as their
 * context; NULL when it cannot listen. */
struct MHD_Daemon *nb_server_daemon(nb_server *srv, const struct sockaddr_in *sa)
{
    /* The per-address limit is the guard's (nb_on_accept, nb_guard_opened):
     * MHD's own would also count a trusted proxy as one client. */
    return MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_USE_ITC |
            MHD_ALLOW_SUSPEND_RESUME,
        0, nb_on_accept, srv, nb_on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, nb_mhd_log, srv,
        MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)sa, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)srv->cfg->threads, MHD_OPTION_CONNECTION_TIMEOUT, srv->cfg->timeout_seconds,
        MHD_OPTION_CONNECTION_LIMIT, srv->cfg->connection_limit, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)NB_MAX_MHD_MEMORY, MHD_OPTION_NOTIFY_CONNECTION, nb_on_connection, srv,
        MHD_OPTION_URI_LOG_CALLBACK, nb_on_uri, srv, MHD_OPTION_NOTIFY_COMPLETED, nb_on_completed,
        srv, MHD_OPTION_END);
}
