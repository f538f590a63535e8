/*
 * tests/store/test_group.c — group commit (store/group.h) without a server:
 * works queued while a commit runs form one batch, committed once; a work
 * refused in the middle of a batch rolls back alone and the others see and
 * keep exactly what they would serially (the results equal a run with
 * max_batch 1, one work after another); a transaction lost in the middle of
 * a batch (as SQLite does on a full disk) fails only the work that was
 * running, and the works before it run again and are committed. The batch
 * is made deterministically: the first work waits until the others are
 * queued (nb_group_queued), no timing involved.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/group.h"
#include "store/store.h"
#include "store_db.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One test work: reads the counter setting "n", writes n + 1, and sets its
 * own key; refuse: then discards (a 4xx); lose_tx: rolls the whole
 * transaction back behind the group's back and asks to keep. */
typedef struct twork {
    nb_group *g;
    const char *key;
    int refuse;
    int lose_tx;
    int wait_queued; /* block until this many works are queued */
    atomic_int runs;
    int seen_n; /* the counter this work saw (the last run) */
    int rc;
    atomic_int queued_calls, done_calls; /* nb_group_submit's callbacks */
    nb_group_work w;
} twork;

static int twork_run(nb_store *st, void *ctx)
{
    twork *t = ctx;
    nb_err err = {{0}};
    char buf[32];
    t->runs++;
    while (t->wait_queued > 0 && nb_group_queued(t->g) < t->wait_queued)
        sched_yield();
    int n = 0;
    if (nb_store_setting_get(st, "n", buf, sizeof buf, &err) == 0)
        n = (int)strtol(buf, NULL, 10);
    t->seen_n = n;
    snprintf(buf, sizeof buf, "%d", n + 1);
    if (nb_store_setting_set(st, "n", buf, &err) != 0 ||
        nb_store_setting_set(st, t->key, "1", &err) != 0)
        return 0;
    if (t->lose_tx)
        nb_store_rollback(st);
    return !t->refuse;
}

static void *twork_thread(void *p)
{
    twork *t = p;
    t->w.run = twork_run;
    t->w.ctx = t;
    t->rc = nb_group_run(t->g, &t->w);
    return NULL;
}

typedef struct fixture {
    char path[64];
    nb_group *g;
} fixture;

/* A fresh migrated database at f->path and a group of max_batch on it. */
static void open_group(fixture *f, int max_batch)
{
    nb_err err = {{0}};
    nb_store *st = NULL;
    assert_int_equal(nb_t_sqlite_fresh("group", f->path, sizeof f->path), 0);
    assert_int_equal(nb_store_open(f->path, 1, &st, &err), 0);
    nb_store_close(st);
    assert_int_equal(nb_group_open(f->path, max_batch, &f->g, &err), 0);
}

static void close_group(fixture *f)
{
    nb_group_close(f->g);
    nb_t_sqlite_remove(f->path);
}

/* The setting key on a new connection (what is committed): 1 when set. */
static int committed(const char *path, const char *key, char *val, size_t n)
{
    nb_err err = {{0}};
    nb_store *st = NULL;
    assert_int_equal(nb_store_open(path, 0, &st, &err), 0);
    int rc = nb_store_setting_get(st, key, val, n, &err);
    nb_store_close(st);
    return rc == 0;
}

/*
 * Runs w[0] alone; it waits until w[1..n-1] are queued (started one after
 * another, each once the one before is queued, so the queue order is the
 * array order); they then form the next batch.
 */
static void run_as_batch(nb_group *g, twork *w, int n)
{
    pthread_t th[8];
    assert_true(n <= 8);
    for (int i = 0; i < n; i++)
        w[i].g = g;
    w[0].wait_queued = n - 1;
    assert_int_equal(pthread_create(&th[0], NULL, twork_thread, &w[0]), 0);
    while (w[0].runs == 0 && nb_group_queued(g) == 0) /* w[0] leads (or is queued first) */
        sched_yield();
    for (int i = 1; i < n; i++) {
        assert_int_equal(pthread_create(&th[i], NULL, twork_thread, &w[i]), 0);
        while (nb_group_queued(g) < i)
            sched_yield();
    }
    for (int i = 0; i < n; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
}

/* The same works one after another on one thread, one transaction each. */
static void run_serially(nb_group *g, twork *w, int n)
{
    for (int i = 0; i < n; i++) {
        w[i].g = g;
        twork_thread(&w[i]);
    }
}

static void four_works(twork *w)
{
    memset(w, 0, 4 * sizeof *w);
    w[0].key = "a";
    w[1].key = "b";
    w[2].key = "c";
    w[2].refuse = 1;
    w[3].key = "d";
}

/* A refused work in the middle of a batch: only its changes are gone; one
 * commit for the three; the results equal the serial run's. */
static void test_refused_in_the_middle(void **state)
{
    (void)state;
    fixture f, fs;
    twork w[4], s[4];
    char v[32];
    long batches = 0, works = 0;

    open_group(&f, 64);
    four_works(w);
    run_as_batch(f.g, w, 4);
    nb_group_counts(f.g, &batches, &works);
    assert_int_equal(batches, 2); /* w[0] alone, then w[1..3] together */
    assert_int_equal(works, 4);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(w[i].rc, 0);
        assert_int_equal(w[i].runs, 1);
        assert_int_equal(w[i].w.kept, i != 2);
    }
    assert_int_equal(w[0].seen_n, 0);
    assert_int_equal(w[1].seen_n, 1);
    assert_int_equal(w[2].seen_n, 2);
    assert_int_equal(w[3].seen_n, 2); /* c's increment was rolled back before d ran */
    assert_true(committed(f.path, "n", v, sizeof v));
    assert_string_equal(v, "3");
    assert_true(committed(f.path, "a", v, sizeof v));
    assert_true(committed(f.path, "b", v, sizeof v));
    assert_false(committed(f.path, "c", v, sizeof v));
    assert_true(committed(f.path, "d", v, sizeof v));
    close_group(&f);

    /* The serial run (no grouping) gives the same answers in the same order. */
    open_group(&fs, 1);
    four_works(s);
    run_serially(fs.g, s, 4);
    nb_group_counts(fs.g, &batches, &works);
    assert_int_equal(batches, 4);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(s[i].rc, w[i].rc);
        assert_int_equal(s[i].w.kept, w[i].w.kept);
        assert_int_equal(s[i].seen_n, w[i].seen_n);
    }
    assert_true(committed(fs.path, "n", v, sizeof v));
    assert_string_equal(v, "3");
    close_group(&fs);
}

/* The transaction is lost while the third work of a batch runs: that work
 * fails (nothing of it written); the one before it runs again and, with
 * the one after it, is committed. */
static void test_lost_transaction_in_the_middle(void **state)
{
    (void)state;
    fixture f;
    twork w[4];
    char v[32];
    open_group(&f, 64);
    four_works(w);
    w[2].refuse = 0;
    w[2].lose_tx = 1;
    run_as_batch(f.g, w, 4);
    assert_int_equal(w[0].rc, 0);
    assert_true(w[0].w.kept);
    assert_int_equal(w[1].rc, 0);
    assert_true(w[1].w.kept);
    assert_int_equal(w[1].runs, 2); /* run again after the loss */
    assert_int_equal(w[1].seen_n, 1);
    assert_int_equal(w[2].rc, NB_EDB);
    assert_false(w[2].w.kept);
    assert_int_equal(w[2].runs, 1);
    assert_int_equal(w[3].rc, 0);
    assert_true(w[3].w.kept);
    assert_int_equal(w[3].runs, 1);
    assert_int_equal(w[3].seen_n, 2);
    assert_true(committed(f.path, "n", v, sizeof v));
    assert_string_equal(v, "3");
    assert_true(committed(f.path, "b", v, sizeof v));
    assert_false(committed(f.path, "c", v, sizeof v));
    assert_true(committed(f.path, "d", v, sizeof v));
    close_group(&f);
}

/* max_batch caps a batch: with 1, every work is its own commit. */
static void test_max_batch_one(void **state)
{
    (void)state;
    fixture f;
    twork w[4];
    long batches = 0, works = 0;
    open_group(&f, 1);
    four_works(w);
    run_as_batch(f.g, w, 4);
    nb_group_counts(f.g, &batches, &works);
    assert_int_equal(batches, 4);
    assert_int_equal(works, 4);
    assert_int_equal(w[3].seen_n, 2);
    close_group(&f);
}

/* PRAGMA temp_store of st: 0 default (files), 2 memory; -1 when unreadable. */
static int temp_store_of(nb_store *st)
{
    nb_err err = {{0}};
    nb_db_stmt *s = nb_store_stmt_text(st, "PRAGMA temp_store", &err);
    if (s == NULL)
        return -1;
    int v = nb_store_step(st, s) == NB_DB_ROW ? (int)nb_db_col_int(s, 0) : -1;
    nb_db_reset(s);
    return v;
}

static int temp_store_run(nb_store *st, void *ctx)
{
    *(int *)ctx = temp_store_of(st);
    return 0;
}

/* The works run on a connection whose temporary storage (SQLite's
 * sub-journal of the batch's savepoints) is in memory, not a new file in
 * /var/tmp each batch; other connections keep SQLite's default. */
static void test_sub_journal_in_memory(void **state)
{
    (void)state;
    fixture f;
    nb_err err = {{0}};
    nb_store *st = NULL;
    int seen = -1;
    open_group(&f, 4);
    nb_group_work w;
    memset(&w, 0, sizeof w);
    w.run = temp_store_run;
    w.ctx = &seen;
    assert_int_equal(nb_group_run(f.g, &w), 0);
    assert_int_equal(seen, 2);
    assert_int_equal(nb_store_open(f.path, 0, &st, &err), 0);
    assert_int_equal(temp_store_of(st), 0);
    nb_store_close(st);
    close_group(&f);
}

static void twork_queued(void *ctx)
{
    twork *t = ctx;
    t->queued_calls++;
}

static void twork_done(void *ctx)
{
    twork *t = ctx;
    t->done_calls++;
}

/* Fills n works of g for nb_group_submit (run, queued and done callbacks),
 * work i setting keys[i]. */
static void twork_submitted(twork *w, int n, nb_group *g, const char *const *keys)
{
    for (int i = 0; i < n; i++) {
        w[i].g = g;
        w[i].key = keys[i];
        w[i].w.run = twork_run;
        w[i].w.ctx = &w[i];
        w[i].w.queued = twork_queued;
        w[i].w.done = twork_done;
    }
}

/* nb_group_submit with the committer thread: nothing runs on the caller's
 * thread (inline not allowed), the works queued behind a running batch form
 * the next one, each gets queued then done exactly once, and nb_group_stop
 * returns only when every queued work is done; after it a submit runs at
 * once. */
static void test_submit_and_stop(void **state)
{
    (void)state;
    fixture f;
    twork w[5];
    char v[32];
    long batches = 0, works = 0;
    memset(w, 0, sizeof w);
    const char *keys[] = {"a", "b", "c", "d", "e"};
    open_group(&f, 64);
    assert_int_equal(nb_group_start(f.g, 0), 0);
    twork_submitted(w, 5, f.g, keys);
    w[0].wait_queued = 3; /* the committer runs w[0] until w[1..3] are queued */
    assert_int_equal(nb_group_submit(f.g, &w[0].w), 1);
    while (w[0].runs == 0)
        sched_yield();
    for (int i = 1; i < 4; i++)
        assert_int_equal(nb_group_submit(f.g, &w[i].w), 1);
    nb_group_stop(f.g);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(w[i].queued_calls, 1);
        assert_int_equal(w[i].done_calls, 1);
        assert_int_equal(w[i].w.rc, 0);
        assert_int_equal(w[i].w.kept, 1);
    }
    nb_group_counts(f.g, &batches, &works);
    assert_int_equal(batches, 2); /* w[0], then w[1..3] in one commit */
    assert_int_equal(works, 4);
    assert_int_equal(nb_group_largest(f.g), 3);
    /* Stopped: run at once on this thread, no callbacks. */
    assert_int_equal(nb_group_submit(f.g, &w[4].w), 0);
    assert_int_equal(w[4].queued_calls, 0);
    assert_int_equal(w[4].done_calls, 0);
    assert_int_equal(w[4].w.kept, 1);
    assert_true(committed(f.path, "n", v, sizeof v));
    assert_string_equal(v, "5");
    close_group(&f);
}

/* A crowded work (other connections may wait for the submitting thread) is
 * queued even when the group is idle and the last batch held one work, where
 * an uncrowded one runs at once on the caller's thread (the one-client path;
 * docs/performance.md, "Stop 28"). */
static void test_crowded_not_inline(void **state)
{
    (void)state;
    fixture f;
    twork w[2];
    char v[32];
    memset(w, 0, sizeof w);
    const char *keys[] = {"a", "b"};
    open_group(&f, 64);
    assert_int_equal(nb_group_start(f.g, 1), 0);
    twork_submitted(w, 2, f.g, keys);
    assert_int_equal(nb_group_submit(f.g, &w[0].w), 0); /* idle, alone: at once */
    assert_int_equal(w[0].queued_calls, 0);
    w[1].w.crowded = 1;
    assert_int_equal(nb_group_submit(f.g, &w[1].w), 1); /* idle, crowded: queued */
    nb_group_stop(f.g);
    assert_int_equal(w[1].queued_calls, 1);
    assert_int_equal(w[1].done_calls, 1);
    assert_int_equal(w[1].w.kept, 1);
    assert_true(committed(f.path, "n", v, sizeof v));
    assert_string_equal(v, "2");
    close_group(&f);
}

/* A work that adds 20 rows of 3,000 bytes: at least 20 new pages, 20 WAL
 * frames, per commit (few commits: each is an fsync). */
static int big_row_run(nb_store *st, void *ctx)
{
    nb_err err = {{0}};
    (void)ctx;
    return nb_store_exec(st,
                         "INSERT INTO ckpt_rows SELECT randomblob(3000) FROM "
                         "(WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k "
                         "WHERE i < 20) SELECT i FROM k)",
                         &err) == 0;
}

/* The WAL's checkpoints run on the group's own checkpoint thread, not on the
 * writer's (store/group_ckpt.h): once commits take the WAL past 1,000
 * frames, the writer's hook asks for one and the thread runs it; every row
 * is committed and read back by another connection. */
static void test_checkpoints_off_the_writer(void **state)
{
    (void)state;
    fixture f;
    nb_err err = {{0}};
    open_group(&f, 64);
    nb_store *st = NULL;
    assert_int_equal(nb_store_open(f.path, 0, &st, &err), 0);
    assert_int_equal(nb_store_exec(st, "CREATE TABLE ckpt_rows (b BLOB)", &err), 0);
    nb_store_close(st);
    long runs = -1, wakes = -1;
    nb_group_checkpoints(f.g, &runs, &wakes);
    assert_int_equal(runs, 0);
    assert_int_equal(wakes, 0);
    nb_group_work w;
    for (int i = 0; i < 60; i++) { /* 1,200 rows: past 1,000 frames */
        memset(&w, 0, sizeof w);
        w.run = big_row_run;
        assert_int_equal(nb_group_run(f.g, &w), 0);
        assert_int_equal(w.kept, 1);
    }
    nb_group_checkpoints(f.g, &runs, &wakes);
    assert_true(wakes >= 1); /* the writer's commits asked; it did not checkpoint itself */
    for (int i = 0; i < 2000 && runs < 1; i++) { /* the thread runs it: at most 20 s */
        struct timespec ts = {0, 10000000L};     /* 10 ms */
        nanosleep(&ts, NULL);
        nb_group_checkpoints(f.g, &runs, &wakes);
    }
    assert_true(runs >= 1);
    assert_int_equal(nb_store_open(f.path, 0, &st, &err), 0);
    nb_db_stmt *s = nb_store_stmt_text(st, "SELECT count(*) FROM ckpt_rows", &err);
    assert_non_null(s);
    assert_int_equal(nb_store_step(st, s), NB_DB_ROW);
    assert_int_equal(nb_db_col_int(s, 0), 1200);
    nb_db_reset(s);
    nb_store_close(st);
    close_group(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refused_in_the_middle),
        cmocka_unit_test(test_crowded_not_inline),
        cmocka_unit_test(test_lost_transaction_in_the_middle),
        cmocka_unit_test(test_max_batch_one),
        cmocka_unit_test(test_submit_and_stop),
        cmocka_unit_test(test_sub_journal_in_memory),
        cmocka_unit_test(test_checkpoints_off_the_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
