/*
 * tests/api/test_group_batch.c — a group commit is not bounded by the
 * server's worker threads (issue 14 §3): a write waiting for its commit
 * releases its worker (the connection is suspended and resumed when the
 * commit is durable). The server runs with ONE worker thread. The test holds
 * the database's write lock from a connection of its own, sends 16 approvals
 * at once and waits until the server has queued all 16 (its debug log says
 * so per request) — with the worker blocked in the first one, the other 15
 * would never have been read — and a read is answered meanwhile. Then it lets
 * go: every approval is answered 200, a commit held more than one write (the
 * server logs its largest batch), and every approval is present, also after
 * kill -9 and a restart on the same database. Then, with two workers, one
 * client's writes are never queued (run at once, as before), and with
 * another connection open they always are. No timing: the waits are for
 * conditions, bounded only so that a broken server fails instead of hanging.
 */
#include "uren_fixture.h"

#include "api/web_session.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#define GB_CLIENTS 16

static char log_path[64];

/* Counts the lines of the server's log holding needle; *most gets the
 * largest N of "group commit: N writes in one commit" lines (0 if none). */
static int log_count(const char *needle, int *most)
{
    FILE *f = fopen(log_path, "r");
    char line[1024];
    int n = 0;
    if (most)
        *most = 0;
    if (f == NULL)
        return 0;
    while (fgets(line, sizeof line, f)) {
        if (strstr(line, needle))
            n++;
        const char *g = strstr(line, "group commit: ");
        int k = 0;
        if (most && g && sscanf(g, "group commit: %d writes in one commit", &k) == 1 && k > *most)
            *most = k;
    }
    fclose(f);
    return n;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

typedef struct gb_client {
    long long entry;
    long status;
} gb_client;

static void *gb_approve(void *p)
{
    gb_client *c = p;
    char path[96];
    nb_t_resp r;
    memset(&r, 0, sizeof r);
    snprintf(path, sizeof path, "/api/v1/urenregistraties/%lld/beoordeling", c->entry);
    if (nb_t_req(&srv, "PUT", path, tok_client_a, "{\"besluit\":\"goedgekeurd\"}", &r) == 0)
        c->status = r.status;
    nb_t_resp_free(&r);
    return NULL;
}

/* Every entry of c is approved (read through the API). */
static void check_approved(const gb_client *c)
{
    for (int i = 0; i < GB_CLIENTS; i++) {
        nb_t_resp r;
        nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/urenregistraties/%lld", c[i].entry);
        nb_t_assert_status(&r, 200);
        assert_string_equal(str(r.json, "status"), "goedgekeurd");
        nb_t_resp_free(&r);
    }
}

static void test_batch_larger_than_threads(void **state)
{
    (void)state;
    static gb_client c[GB_CLIENTS];
    pthread_t tid[GB_CLIENTS];
    nb_t_resp r;
    long long inzet = make_inzet(beheer, asg_l, line_l, w1, 600);
    inzet_status(&r, beheer, inzet, "bevestigd");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    for (int i = 0; i < GB_CLIENTS; i++)
        c[i].entry = uren_ok(tok_w1, 0, asg_l, yesterday, 15);

    /* Hold the write lock: the server's commit waits for it (SQLite's busy
     * timeout, PostgreSQL's lock_timeout: 5 s), its requests queue up behind
     * it. */
    struct nb_db *db = nb_t_sql_hold_write(&srv);
    int queued0 = log_count("queued for the group commit", NULL);
    for (int i = 0; i < GB_CLIENTS; i++)
        assert_int_equal(pthread_create(&tid[i], NULL, gb_approve, &c[i]), 0);
    /* Each approval is queued: the one worker read all 16 while the first
     * waits for its commit. (A worker held by a write would read no more.) */
    int queued = 0;
    for (int waited = 0; waited < 4000; waited += 10) {
        queued = log_count("queued for the group commit", NULL) - queued0;
        if (queued >= GB_CLIENTS)
            break;
        sleep_ms(10);
    }
    /* ... and a read is answered meanwhile, by that same worker. */
    nb_t_resp live;
    int live_rc = nb_t_req(&srv, "GET", "/health/live", NULL, NULL, &live);
    long live_status = live.status;
    nb_t_resp_free(&live);
    nb_t_sql_release(db);
    for (int i = 0; i < GB_CLIENTS; i++)
        assert_int_equal(pthread_join(tid[i], NULL), 0);

    assert_int_equal(queued, GB_CLIENTS);
    assert_int_equal(live_rc, 0);
    assert_int_equal(live_status, 200);
    for (int i = 0; i < GB_CLIENTS; i++)
        if (c[i].status != 200)
            fail_msg("approval %d of entry %lld answered %ld", i, c[i].entry, c[i].status);
    /* One commit held more writes than the server has workers (1): the 16
     * were queued before the first commit could begin, so at most two
     * commits held them all. */
    int most = 0;
    log_count("group commit: ", &most);
    if (most < GB_CLIENTS / 2)
        fail_msg("largest commit held %d writes; want at least %d with --threads 1", most,
                 GB_CLIENTS / 2);
    check_approved(c);

    /* Acknowledged means durable: kill -9, restart, every approval there. */
    assert_int_equal(nb_t_server_kill_restart(&srv), 0);
    check_approved(c);
}

/* One client, two workers: each write runs at once on its worker, as a plain
 * transaction — never queued, never suspended (the one-client path). */
static void test_one_client_not_queued(void **state)
{
    (void)state;
    setenv("NB_T_THREADS", "2", 1);
    assert_int_equal(nb_t_server_kill_restart(&srv), 0);
    /* One connection: a new one per request could find the server not yet
     * done closing the last, two open, and the write queued (crowded). */
    nb_t_keep_alive(1);
    int queued0 = log_count("queued for the group commit", NULL);
    for (int i = 0; i < 4; i++) {
        nb_t_resp r;
        long long e = uren_ok(tok_w1, 0, asg_l, yesterday, 5);
        decide(&r, tok_client_a, e, "goedgekeurd", NULL);
        nb_t_assert_status(&r, 200);
        nb_t_resp_free(&r);
    }
    nb_t_keep_alive(0);
    assert_int_equal(log_count("queued for the group commit", NULL), queued0);
}

/* Another connection open (idle, as a client between requests, or one whose
 * requests its worker has not read yet): the writes are queued, never run at
 * once on the worker — with every connection on one worker the one-client
 * path would otherwise never end (docs/performance.md, "Stop 28"). */
static void test_other_connection_queues(void **state)
{
    (void)state;
    setenv("NB_T_THREADS", "2", 1);
    assert_int_equal(nb_t_server_kill_restart(&srv), 0);
    long long e[2];
    for (int i = 0; i < 2; i++)
        e[i] = uren_ok(tok_w1, 0, asg_l, yesterday, 5);
    const char *port = strrchr(srv.base, ':');
    assert_non_null(port);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)strtol(port + 1, NULL, 10));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(connect(fd, (const struct sockaddr *)&sa, sizeof sa), 0);
    int queued0 = log_count("queued for the group commit", NULL);
    for (int i = 0; i < 2; i++) {
        nb_t_resp r;
        decide(&r, tok_client_a, e[i], "goedgekeurd", NULL);
        nb_t_assert_status(&r, 200);
        nb_t_resp_free(&r);
    }
    close(fd);
    assert_int_equal(log_count("queued for the group commit", NULL) - queued0, 2);
}

static int gb_setup(void **state)
{
    snprintf(log_path, sizeof log_path, "/tmp/nb_group_batch_XXXXXX");
    int fd = mkstemp(log_path);
    if (fd < 0)
        return -1;
    close(fd);
    setenv("NB_T_THREADS", "1", 1);
    setenv("NB_T_SERVER_LOG", log_path, 1);
    setenv("NOABER_PER_IP_LIMIT", "1000", 1);
    return setup(state);
}

static int gb_teardown(void **state)
{
    int rc = teardown(state);
    unlink(log_path);
    return rc;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_larger_than_threads),
        cmocka_unit_test(test_one_client_not_queued),
        cmocka_unit_test(test_other_connection_queues),
    };
    return cmocka_run_group_tests(tests, gb_setup, gb_teardown);
}
