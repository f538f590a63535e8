/*
 * store/group.c — group commit: a leader runs the queued write works in one
 * transaction, one savepoint each, and commits once (see group.h).
 */
#include "store/group.h"

#include "store/group_ckpt.h"
#include "util/assert.h"
#include "util/log.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Most works one commit takes; nb_group_open caps max_batch at this. */
#define NB_GROUP_MAX 256

struct nb_group {
    pthread_mutex_t lock;
    pthread_cond_t cond; /* a batch finished: waiters look at their done flag */
    nb_store *st;        /* the write connection; used only by the leader */
    nb_ckpt *ckpt;       /* its WAL checkpoints, on their own thread (SQLite) */
    int max_batch;       /* 1..NB_GROUP_MAX */
    int leading;         /* 1 while a leader runs a batch */
    nb_group_work *head; /* queued works, oldest first */
    nb_group_work *tail;
    long batches, works; /* counters (under lock) */
    int largest;         /* most works in one batch (under lock) */
    int last_batch;      /* works in the last batch (under lock) */
    pthread_t committer; /* leads batches for submitted works (nb_group_start) */
    int committer_on;    /* the committer thread runs */
    int stopping;        /* nb_group_stop has begun: submit runs at once */
    int inline_ok;       /* submit may run a work on its caller's thread */
};

int nb_group_open(const char *path, int max_batch, nb_group **out, nb_err *err)
{
    *out = NULL;
    if (max_batch < 1)
        return nb_err_set(err, NB_EINVAL, "group commit: max_batch %d < 1", max_batch);
    nb_group *g = calloc(1, sizeof *g);
    if (g == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    int rc = nb_store_open(path, 0, &g->st, err);
    /* The batch's savepoints keep the pages they change in SQLite's
     * sub-journal, which spills to a new temporary file (/var/tmp/etilqs_*)
     * beyond 64 KiB: one file a batch, about a thousand pwrite calls into
     * it, a third of the server's CPU time in the kernel (docs/performance.md,
     * "Where an approval's CPU goes"). In memory it holds at most the pages
     * one batch changes. Only this writer's connection: the readers' sorts
     * may still spill. */
    if (rc == 0 && nb_store_dialect(g->st) == NB_DB_SQLITE)
        rc = nb_store_exec(g->st, "PRAGMA temp_store = MEMORY", err);
    /* The checkpoints that followed every 1,000th WAL frame ran on the
     * writer's thread; now on a thread of their own (store/group_ckpt.h). */
    if (rc == 0)
        rc = nb_ckpt_open(path, g->st, NB_CKPT_FRAMES, &g->ckpt, err);
    if (rc != 0) {
        nb_store_close(g->st);
        free(g);
        return rc;
    }
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->cond, NULL);
    g->max_batch = max_batch > NB_GROUP_MAX ? NB_GROUP_MAX : max_batch;
    g->last_batch = 1;
    *out = g;
    return 0;
}

void nb_group_close(nb_group *g)
{
    if (g == NULL)
        return;
    nb_group_stop(g);
    NB_ASSERT(!g->leading && g->head == NULL);
    nb_ckpt_close(g->ckpt);
    nb_store_close(g->st);
    pthread_mutex_destroy(&g->lock);
    pthread_cond_destroy(&g->cond);
    free(g);
}

void nb_group_counts(nb_group *g, long *batches, long *works)
{
    pthread_mutex_lock(&g->lock);
    *batches = g->batches;
    *works = g->works;
    pthread_mutex_unlock(&g->lock);
}

void nb_group_checkpoints(nb_group *g, long *runs, long *wakes)
{
    nb_ckpt_counts(g->ckpt, runs, wakes);
}

int nb_group_largest(nb_group *g)
{
    pthread_mutex_lock(&g->lock);
    int n = g->largest;
    pthread_mutex_unlock(&g->lock);
    return n;
}

int nb_group_queued(nb_group *g)
{
    int n = 0;
    pthread_mutex_lock(&g->lock);
    for (const nb_group_work *w = g->head; w; w = w->next)
        n++;
    pthread_mutex_unlock(&g->lock);
    return n;
}

static void nb_group_fail(nb_group_work *w, int rc, const nb_err *err)
{
    w->kept = 0;
    w->rc = rc;
    w->err = *err;
}

/* One work as one plain transaction: exactly the path of a request before
 * group commit. */
static void nb_group_alone(nb_store *st, nb_group_work *w)
{
    nb_err err = {{0}};
    w->deferred = 0;
    int rc = w->rows ? nb_store_begin_rows(st, &err) : nb_store_begin(st, &err);
    if (rc != 0) {
        nb_group_fail(w, rc, &err);
        return;
    }
    int keep = w->run(st, w->ctx);
    if (keep && nb_store_in_tx(st)) {
        if ((rc = nb_store_commit(st, &err)) != 0)
            nb_group_fail(w, rc, &err);
        else
            w->kept = 1;
        return;
    }
    if (keep) { /* SQLite rolled the transaction back on its own: nothing was written */
        nb_err_set(&err, NB_EDB, "the transaction was rolled back by the database");
        nb_group_fail(w, NB_EDB, &err);
    }
    nb_store_rollback(st);
}

/*
 * Runs the n works of batch (n >= 1) in queue order and commits them. A
 * work during which the transaction was lost is final (its failure, or its
 * refusal, is its answer); the works before it run again in a new
 * transaction. Each round finalises at least one work, so this ends.
 */
static void nb_group_batch(nb_store *st, nb_group_work **batch, int n)
{
    while (n > 0) {
        if (n == 1) {
            nb_group_alone(st, batch[0]);
            return;
        }
        nb_err err = {{0}};
        int rows = 1; /* only when every work locks its own rows */
        for (int i = 0; i < n; i++)
            rows = rows && batch[i]->rows;
        int rc = rows ? nb_store_begin_rows(st, &err) : nb_store_begin(st, &err);
        if (rc != 0) {
            for (int i = 0; i < n; i++)
                nb_group_fail(batch[i], rc, &err);
            return;
        }
        int lost = -1;
        for (int i = 0; i < n; i++)
            batch[i]->deferred = 0;
        for (int i = 0; i < n && lost < 0; i++) {
            nb_group_work *w = batch[i];
            w->kept = 0;
            w->rc = 0;
            if ((rc = nb_store_savepoint(st, &err)) != 0) {
                nb_group_fail(w, rc, &err);
                lost = i;
                break;
            }
            /* Row-locked: only the first work may wait for a row (see
             * nb_store_lock_mode); a later one that finds a row taken is
             * undone and waits for the next batch, which it leads. */
            nb_store_lock_mode(st, rows && i > 0);
            int keep = w->run(st, w->ctx);
            if (rows && i > 0 && nb_store_in_tx(st) && nb_store_lock_busy(st)) {
                if ((rc = nb_store_rollback_to(st, &err)) != 0) {
                    nb_group_fail(w, rc, &err);
                    lost = i;
                    break;
                }
                w->deferred = 1;
                continue;
            }
            if (!nb_store_in_tx(st)) {
                if (keep) {
                    nb_err_set(&err, NB_EDB, "the transaction was rolled back by the database");
                    nb_group_fail(w, NB_EDB, &err);
                }
                lost = i;
                break;
            }
            rc = keep ? nb_store_release(st, &err) : nb_store_rollback_to(st, &err);
            if (rc != 0) {
                nb_group_fail(w, rc, &err);
                lost = i;
                break;
            }
            w->kept = keep;
        }
        if (lost < 0) {
            rc = nb_store_commit(st, &err); /* the one fsync of the batch */
            if (rc != 0)
                for (int i = 0; i < n; i++)
                    nb_group_fail(batch[i], rc, &err);
            return;
        }
        nb_store_rollback(st);
        /* batch[lost] keeps its answer; the ones before it run again; the
         * ones after it have not run yet. */
        for (int i = lost; i + 1 < n; i++)
            batch[i] = batch[i + 1];
        n--;
        for (int i = 0; i < n; i++)
            batch[i]->kept = 0;
    }
}

/* Puts the deferred works of batch (nb_group_batch) back at the head of the
 * queue, in their order, and moves the others to the front of batch; called
 * with the lock held. Returns how many are done. */
static int nb_group_requeue(nb_group *g, nb_group_work **batch, int n)
{
    int done = 0;
    nb_group_work *first = NULL, *last = NULL;
    for (int i = 0; i < n; i++) {
        nb_group_work *w = batch[i];
        if (!w->deferred) {
            batch[done++] = w;
            continue;
        }
        w->deferred = 0;
        w->kept = 0; /* a failed COMMIT of its batch is not its failure: it runs again */
        w->rc = 0;
        memset(&w->err, 0, sizeof w->err);
        w->next = NULL;
        if (last != NULL)
            last->next = w;
        else
            first = w;
        last = w;
    }
    if (first != NULL) {
        last->next = g->head;
        if (g->head == NULL)
            g->tail = last;
        g->head = first;
    }
    return done;
}

/*
 * Leads one batch: called with the lock held, no batch running and works
 * queued; returns with the lock held. Takes up to max_batch queued works,
 * runs and commits them without the lock, marks them done and wakes the
 * waiters, then calls the done callbacks of the submitted ones (outside the
 * lock: they resume connections).
 */
static void nb_group_lead(nb_group *g)
{
    NB_ASSERT(!g->leading && g->head != NULL);
    g->leading = 1;
    nb_group_work *batch[NB_GROUP_MAX];
    int n = 0;
    while (g->head != NULL && n < g->max_batch) {
        batch[n++] = g->head;
        g->head = g->head->next;
    }
    if (g->head == NULL)
        g->tail = NULL;
    pthread_mutex_unlock(&g->lock);
    nb_group_work *order[NB_GROUP_MAX];
    for (int i = 0; i < n; i++)
        order[i] = batch[i];
    nb_group_batch(g->st, order, n);
    pthread_mutex_lock(&g->lock);
    n = nb_group_requeue(g, batch, n); /* row-locked works that found a row taken */
    /* The callbacks are read before any work is marked done: a waiter may
     * return, and its work go out of scope, as soon as it is. */
    void (*done[NB_GROUP_MAX])(void *);
    void *ctx[NB_GROUP_MAX];
    for (int i = 0; i < n; i++) {
        done[i] = batch[i]->done;
        ctx[i] = batch[i]->ctx;
    }
    g->batches++;
    g->works += n;
    g->last_batch = n;
    if (n > g->largest) {
        g->largest = n;
        if (n > 1) /* rare: a new most; tests and operators read it */
            nb_log_info("group commit: %d writes in one commit, the most so far", n);
    }
    for (int i = 0; i < n; i++)
        batch[i]->done_flag = 1;
    g->leading = 0;
    pthread_cond_broadcast(&g->cond);
    int any = 0;
    for (int i = 0; i < n; i++)
        any |= done[i] != NULL;
    if (!any)
        return;
    pthread_mutex_unlock(&g->lock);
    for (int i = 0; i < n; i++)
        if (done[i] != NULL)
            done[i](ctx[i]);
    pthread_mutex_lock(&g->lock);
}

static void nb_group_enqueue(nb_group *g, nb_group_work *w)
{
    w->next = NULL;
    w->done_flag = 0;
    if (g->tail)
        g->tail->next = w;
    else
        g->head = w;
    g->tail = w;
}

static void nb_group_reset(nb_group_work *w)
{
    w->kept = 0;
    w->rc = 0;
    memset(&w->err, 0, sizeof w->err);
}

/* Queues w and waits until it is done, leading batches while none runs.
 * Called and returns with the lock held. */
static void nb_group_wait(nb_group *g, nb_group_work *w)
{
    nb_group_enqueue(g, w);
    while (!w->done_flag) {
        if (g->leading)
            pthread_cond_wait(&g->cond, &g->lock);
        else
            nb_group_lead(g); /* w is among it unless max_batch cut it off */
    }
}

int nb_group_run(nb_group *g, nb_group_work *w)
{
    nb_group_reset(w);
    w->done = NULL;
    pthread_mutex_lock(&g->lock);
    nb_group_wait(g, w);
    pthread_mutex_unlock(&g->lock);
    return w->rc;
}

int nb_group_submit(nb_group *g, nb_group_work *w)
{
    NB_ASSERT(w->done != NULL);
    nb_group_reset(w);
    void (*done)(void *) = w->done;
    pthread_mutex_lock(&g->lock);
    int idle = !g->leading && g->head == NULL;
    if (!g->committer_on || g->stopping ||
        (idle && g->inline_ok && !w->crowded && g->last_batch == 1)) {
        /* At once, on this thread: alone when idle (the one-client path),
         * else as nb_group_run would. */
        w->done = NULL;
        nb_group_wait(g, w);
        pthread_mutex_unlock(&g->lock);
        w->done = done;
        return 0;
    }
    if (w->queued != NULL)
        w->queued(w->ctx);
    nb_group_enqueue(g, w);
    if (!g->leading)
        pthread_cond_broadcast(&g->cond); /* the committer */
    pthread_mutex_unlock(&g->lock);
    return 1;
}

/* The committer: leads a batch whenever works are queued and none runs;
 * ends once stopping and nothing is queued. */
static void *nb_group_committer(void *arg)
{
    nb_group *g = arg;
    pthread_mutex_lock(&g->lock);
    for (;;) {
        if (g->head != NULL && !g->leading) {
            nb_group_lead(g);
            continue;
        }
        if (g->stopping && g->head == NULL)
            break;
        pthread_cond_wait(&g->cond, &g->lock);
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

int nb_group_start(nb_group *g, int inline_ok)
{
    pthread_mutex_lock(&g->lock);
    NB_ASSERT(!g->committer_on);
    g->inline_ok = inline_ok;
    g->stopping = 0;
    int rc = pthread_create(&g->committer, NULL, nb_group_committer, g);
    g->committer_on = rc == 0;
    pthread_mutex_unlock(&g->lock);
    return rc == 0 ? 0 : NB_ENOMEM;
}

void nb_group_stop(nb_group *g)
{
    pthread_mutex_lock(&g->lock);
    int on = g->committer_on;
    g->stopping = 1;
    pthread_cond_broadcast(&g->cond);
    pthread_mutex_unlock(&g->lock);
    if (!on)
        return;
    pthread_join(g->committer, NULL);
    pthread_mutex_lock(&g->lock);
    g->committer_on = 0;
    pthread_mutex_unlock(&g->lock);
}
