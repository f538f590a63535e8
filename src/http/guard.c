/*
 * http/guard.c — connection table, deadlines, the reaper thread, per-address
 * limits and the trusted-proxy client address. See guard.h.
 */
#include "http/guard.h"

#include "util/log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#define NB_GUARD_TICK_MS 100

static int64_t nb_guard_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- Addresses ----------------------------------------------------------- */

int nb_guard_parse_addr(const char *text, struct in6_addr *addr)
{
    struct in_addr v4;
    if (inet_pton(AF_INET6, text, addr) == 1)
        return 1;
    if (inet_pton(AF_INET, text, &v4) != 1)
        return 0;
    memset(addr, 0, sizeof *addr);
    addr->s6_addr[10] = 0xff;
    addr->s6_addr[11] = 0xff;
    memcpy(&addr->s6_addr[12], &v4, 4);
    return 1;
}

/* The peer of sa as a mapped IPv6 address and as text; 0 when not IP. */
static int nb_guard_sockaddr(const struct sockaddr *sa, struct in6_addr *addr, char *text, size_t n)
{
    if (sa == NULL)
        return 0;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)(const void *)sa;
        memset(addr, 0, sizeof *addr);
        addr->s6_addr[10] = 0xff;
        addr->s6_addr[11] = 0xff;
        memcpy(&addr->s6_addr[12], &s4->sin_addr, 4);
        inet_ntop(AF_INET, &s4->sin_addr, text, (socklen_t)n);
        return 1;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)sa;
        *addr = s6->sin6_addr;
        inet_ntop(AF_INET6, &s6->sin6_addr, text, (socklen_t)n);
        return 1;
    }
    return 0;
}

static int nb_guard_is_proxy(const nb_guard *g, const struct in6_addr *addr)
{
    for (int i = 0; i < g->nproxies; i++)
        if (memcmp(&g->proxies[i], addr, sizeof *addr) == 0)
            return 1;
    return 0;
}

int nb_guard_init(nb_guard *g, unsigned header_seconds, unsigned body_seconds,
                  unsigned per_ip_limit, const char *trusted_proxies, nb_err *err)
{
    memset(g, 0, sizeof *g);
    g->header_ms = header_seconds * 1000u;
    g->body_ms = body_seconds * 1000u;
    g->per_ip_limit = per_ip_limit;
    pthread_mutex_init(&g->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&g->wake, &ca);
    pthread_condattr_destroy(&ca);
    const char *p = trusted_proxies ? trusted_proxies : "";
    while (*p) {
        size_t len = strcspn(p, ", ");
        if (len > 0) {
            char one[64];
            if (len >= sizeof one || g->nproxies == NB_GUARD_MAX_PROXIES)
                return nb_err_set(err, NB_EINVAL,
                                  "trusted_proxy: at most %d addresses, comma separated",
                                  NB_GUARD_MAX_PROXIES);
            memcpy(one, p, len);
            one[len] = '\0';
            if (!nb_guard_parse_addr(one, &g->proxies[g->nproxies]))
                return nb_err_set(err, NB_EINVAL,
                                  "trusted_proxy: '%s' is not an IPv4 or IPv6 address", one);
            g->nproxies++;
        }
        p += len;
        while (*p == ',' || *p == ' ')
            p++;
    }
    return 0;
}

/* ---- The reaper ---------------------------------------------------------- */

static void *nb_guard_reap(void *arg)
{
    nb_guard *g = arg;
    pthread_mutex_lock(&g->lock);
    while (!g->stop) {
        int64_t now = nb_guard_now_ms();
        for (nb_conn *c = g->head; c; c = c->next) {
            if (c->reaped || c->deadline_ms == 0 || now < c->deadline_ms)
                continue;
            /* MHD owns the descriptor and closes it after nb_guard_closed
             * has unlinked c (under this lock), so fd is still c's here. */
            shutdown(c->fd, SHUT_RDWR);
            c->reaped = 1;
            if (c->phase == NB_PHASE_HEADERS && !c->line_seen) /* idle, not slow */
                nb_log_debug("closed an idle connection from %s after %u s", c->peer_text,
                             g->header_ms / 1000u);
            else
                nb_log_info("closed a slow connection from %s: %s not complete within %u s",
                            c->peer_text, c->phase == NB_PHASE_BODY ? "body" : "request headers",
                            (c->phase == NB_PHASE_BODY ? g->body_ms : g->header_ms) / 1000u);
        }
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_nsec += NB_GUARD_TICK_MS * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&g->wake, &g->lock, &ts);
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

int nb_guard_start(nb_guard *g, nb_err *err)
{
    int e = pthread_create(&g->reaper, NULL, nb_guard_reap, g);
    if (e != 0)
        return nb_err_set(err, NB_EIO, "cannot start the connection reaper: %s", strerror(e));
    g->running = 1;
    return 0;
}

static void nb_guard_reset_request(nb_conn *c)
{
    free(c->uri);
    c->uri = NULL;
    c->uri_too_long = 0;
    c->admitted = 0;
    c->route = NULL;
    c->page = NULL;
    c->is_page = 0;
    free(c->scratch);
    c->scratch = NULL;
    memset(c->params, 0, sizeof c->params);
    c->nparams = 0;
    memset(&c->who, 0, sizeof c->who);
    memset(&c->sess, 0, sizeof c->sess);
    c->sess.stage = -1;
    nb_buf_free(&c->body);
}

void nb_guard_stop(nb_guard *g)
{
    if (g->running) {
        pthread_mutex_lock(&g->lock);
        g->stop = 1;
        pthread_cond_signal(&g->wake);
        pthread_mutex_unlock(&g->lock);
        pthread_join(g->reaper, NULL);
        g->running = 0;
    }
}

void nb_guard_destroy(nb_guard *g)
{
    nb_guard_stop(g);
    while (g->head) { /* only when MHD did not report every close */
        nb_conn *c = g->head;
        g->head = c->next;
        nb_guard_reset_request(c);
        free(c);
    }
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
}

/* ---- Connections --------------------------------------------------------- */

/* Live connections from addr (not those already shut down); caller holds the lock. */
static unsigned nb_guard_count_peer(const nb_guard *g, const struct in6_addr *addr)
{
    unsigned n = 0;
    for (const nb_conn *c = g->head; c; c = c->next)
        if (!c->reaped && memcmp(&c->peer, addr, sizeof *addr) == 0)
            n++;
    return n;
}

int nb_guard_accept_ok(nb_guard *g, const struct sockaddr *addr)
{
    struct in6_addr a;
    char text[64];
    if (!nb_guard_sockaddr(addr, &a, text, sizeof text) || nb_guard_is_proxy(g, &a))
        return 1;
    pthread_mutex_lock(&g->lock);
    int ok = nb_guard_count_peer(g, &a) < g->per_ip_limit;
    pthread_mutex_unlock(&g->lock);
    if (!ok) /* debug: a flood of refusals must not flood the log */
        nb_log_debug("refused a connection from %s: %u connections already open", text,
                     g->per_ip_limit);
    return ok;
}

nb_conn *nb_guard_opened(nb_guard *g, struct MHD_Connection *conn)
{
    nb_conn *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    const union MHD_ConnectionInfo *fi =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    const union MHD_ConnectionInfo *ai =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    c->fd = fi ? fi->connect_fd : -1;
    if (ai == NULL ||
        !nb_guard_sockaddr(ai->client_addr, &c->peer, c->peer_text, sizeof c->peer_text))
        snprintf(c->peer_text, sizeof c->peer_text, "unknown");
    c->peer_trusted = nb_guard_is_proxy(g, &c->peer);
    memcpy(c->client, c->peer_text, sizeof c->client);
    pthread_mutex_lock(&g->lock);
    /* Exact check under the lock: nb_guard_accept_ok runs in several
     * accepting threads at once and may let a few too many through. */
    int over = !c->peer_trusted && nb_guard_count_peer(g, &c->peer) >= g->per_ip_limit;
    c->phase = NB_PHASE_HEADERS;
    c->deadline_ms = nb_guard_now_ms() + g->header_ms;
    c->next = g->head;
    if (g->head)
        g->head->prev = c;
    g->head = c;
    __atomic_add_fetch(&g->nopen, 1, __ATOMIC_RELAXED);
    if (over && c->fd >= 0) {
        shutdown(c->fd, SHUT_RDWR);
        c->reaped = 1;
    }
    pthread_mutex_unlock(&g->lock);
    return c;
}

void nb_guard_closed(nb_guard *g, nb_conn *c)
{
    if (c == NULL)
        return;
    pthread_mutex_lock(&g->lock);
    if (c->counted)
        c->counted = 0;
    if (c->prev)
        c->prev->next = c->next;
    else
        g->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    __atomic_sub_fetch(&g->nopen, 1, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&g->lock);
    nb_guard_reset_request(c);
    free(c);
}

int nb_guard_open_count(nb_guard *g)
{
    return __atomic_load_n(&g->nopen, __ATOMIC_RELAXED);
}

void nb_guard_phase(nb_guard *g, nb_conn *c, nb_conn_phase phase)
{
    pthread_mutex_lock(&g->lock);
    c->phase = phase;
    if (phase == NB_PHASE_HEADERS)
        c->deadline_ms = nb_guard_now_ms() + g->header_ms;
    else if (phase == NB_PHASE_BODY)
        c->deadline_ms = nb_guard_now_ms() + g->body_ms;
    else
        c->deadline_ms = 0;
    pthread_mutex_unlock(&g->lock);
}

void nb_guard_line_seen(nb_guard *g, nb_conn *c)
{
    pthread_mutex_lock(&g->lock);
    c->line_seen = 1;
    pthread_mutex_unlock(&g->lock);
}

void nb_guard_request_done(nb_guard *g, nb_conn *c)
{
    pthread_mutex_lock(&g->lock);
    c->counted = 0;
    c->line_seen = 0;
    memcpy(c->client, c->peer_text, sizeof c->client);
    c->phase = NB_PHASE_HEADERS;
    c->deadline_ms = nb_guard_now_ms() + g->header_ms;
    pthread_mutex_unlock(&g->lock);
    nb_guard_reset_request(c);
}

/* ---- The client behind a trusted proxy ------------------------------------ */

typedef struct nb_xff {
    const char *values[8];
    int n;
} nb_xff;

static enum MHD_Result nb_guard_collect_xff(void *cls, enum MHD_ValueKind kind, const char *key,
                                            const char *value)
{
    nb_xff *x = cls;
    (void)kind;
    if (strcasecmp(key, "X-Forwarded-For") == 0 && value != NULL) {
        if (x->n == 8) /* keep the last lines: the proxy's own is the last */
            memmove(x->values, x->values + 1, 7 * sizeof x->values[0]), x->n = 7;
        x->values[x->n++] = value;
    }
    return MHD_YES;
}

/*
 * Walks X-Forwarded-For from the right: entries that are trusted proxies are
 * skipped; the first other entry is the client. Entries left of it were
 * written by the client and are not believed. Fills out (text) and returns 1,
 * or 0 when no usable entry was found.
 */
static int nb_guard_xff_client(const nb_guard *g, struct MHD_Connection *conn, char *out, size_t n)
{
    nb_xff x = {{0}, 0};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, nb_guard_collect_xff, &x);
    for (int v = x.n - 1; v >= 0; v--) {
        const char *s = x.values[v];
        size_t end = strlen(s);
        while (end > 0) {
            size_t start = end;
            while (start > 0 && s[start - 1] != ',')
                start--;
            size_t a = start, b = end;
            while (a < b && (s[a] == ' ' || s[a] == '\t'))
                a++;
            while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
                b--;
            char one[64];
            struct in6_addr addr;
            if (b - a == 0 || b - a >= sizeof one)
                return 0;
            memcpy(one, s + a, b - a);
            one[b - a] = '\0';
            if (!nb_guard_parse_addr(one, &addr))
                return 0;
            if (!nb_guard_is_proxy(g, &addr)) {
                char text[64];
                if (inet_ntop(AF_INET6, &addr, text, sizeof text) == NULL)
                    return 0;
                /* Show IPv4 clients as a.b.c.d, not ::ffff:a.b.c.d. */
                snprintf(out, n, "%s",
                         strncmp(text, "::ffff:", 7) == 0 && strchr(text + 7, '.') ? text + 7
                                                                                   : text);
                return 1;
            }
            end = start > 0 ? start - 1 : 0;
        }
    }
    return 0;
}

int nb_guard_client(nb_guard *g, nb_conn *c, struct MHD_Connection *conn)
{
    char client[sizeof c->client];
    int proxied = c->peer_trusted && nb_guard_xff_client(g, conn, client, sizeof client);
    if (!proxied) /* a direct client, or the proxy asking for itself */
        snprintf(client, sizeof client, "%s", c->peer_text);
    pthread_mutex_lock(&g->lock);
    memcpy(c->client, client, sizeof client);
    int over = 0;
    if (proxied) {
        unsigned inflight = 0;
        for (const nb_conn *o = g->head; o; o = o->next)
            if (o->counted && strcmp(o->client, c->client) == 0)
                inflight++;
        over = inflight >= g->per_ip_limit;
        c->counted = !over;
    }
    pthread_mutex_unlock(&g->lock);
    return over;
}
