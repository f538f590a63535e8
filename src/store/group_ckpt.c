/*
 * store/group_ckpt.c — the group commit's WAL checkpoints on their own
 * thread and connection (see group_ckpt.h).
 */
#include "store/group_ckpt.h"

#include "store/db_sqlite.h"
#include "util/log.h"

#include <pthread.h>
#include <stdlib.h>

struct nb_ckpt {
    pthread_mutex_t lock;
    pthread_cond_t cond; /* work for the thread: pending or stopping */
    nb_store *writer;    /* hooked; not owned */
    nb_store *st;        /* the checkpointer's own connection */
    int threshold;
    int pending;  /* a commit left >= threshold frames (under lock) */
    int stopping; /* nb_ckpt_close has begun (under lock) */
    long runs;    /* checkpoints run (under lock) */
    long wakes;   /* commits that asked for one (under lock) */
    pthread_t thread;
};

/* sqlite3_wal_hook: called on the writer's thread after each of its
 * commits, with the frames now in the WAL. Only wakes the thread. */
static int nb_ckpt_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
    nb_ckpt *c = arg;
    (void)db;
    (void)name;
    if (frames < c->threshold) /* threshold never changes after open */
        return SQLITE_OK;
    pthread_mutex_lock(&c->lock);
    c->wakes++;
    if (!c->pending) {
        c->pending = 1;
        pthread_cond_signal(&c->cond);
    }
    pthread_mutex_unlock(&c->lock);
    return SQLITE_OK;
}

static void *nb_ckpt_main(void *arg)
{
    nb_ckpt *c = arg;
    sqlite3 *db = nb_store_sqlite(c->st);
    pthread_mutex_lock(&c->lock);
    for (;;) {
        while (!c->pending && !c->stopping)
            pthread_cond_wait(&c->cond, &c->lock);
        if (c->stopping)
            break;
        c->pending = 0;
        pthread_mutex_unlock(&c->lock);
        int log = 0, done = 0;
        /* PASSIVE: copies what no reader still needs and never waits; what
         * it leaves, the next one takes. SQLITE_BUSY: another checkpoint
         * (another process) runs, which does the same work. */
        int r = sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
        if (r != SQLITE_OK && r != SQLITE_BUSY)
            nb_log_warn("WAL checkpoint failed: %s", sqlite3_errmsg(db));
        pthread_mutex_lock(&c->lock);
        c->runs++;
    }
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

int nb_ckpt_open(const char *path, nb_store *writer, int threshold, nb_ckpt **out, nb_err *err)
{
    *out = NULL;
    sqlite3 *wdb = nb_store_sqlite(writer);
    if (wdb == NULL)
        return 0; /* not SQLite: nothing to take over */
    if (threshold < 1)
        return nb_err_set(err, NB_EINVAL, "checkpoint threshold %d < 1", threshold);
    nb_ckpt *c = calloc(1, sizeof *c);
    if (c == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    int rc = nb_store_open(path, 0, &c->st, err);
    if (rc != 0) {
        free(c);
        return rc;
    }
    c->writer = writer;
    c->threshold = threshold;
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->cond, NULL);
    if (pthread_create(&c->thread, NULL, nb_ckpt_main, c) != 0) {
        pthread_mutex_destroy(&c->lock);
        pthread_cond_destroy(&c->cond);
        nb_store_close(c->st);
        free(c);
        return nb_err_set(err, NB_ENOMEM, "no thread for the WAL checkpoints");
    }
    /* Replaces the connection's autocheckpoint (itself a WAL hook). */
    sqlite3_wal_hook(wdb, nb_ckpt_hook, c);
    *out = c;
    return 0;
}

void nb_ckpt_close(nb_ckpt *c)
{
    if (c == NULL)
        return;
    /* The writer's autocheckpoint stays off: the last connection to close
     * checkpoints the whole WAL anyway. */
    sqlite3_wal_hook(nb_store_sqlite(c->writer), NULL, NULL);
    pthread_mutex_lock(&c->lock);
    c->stopping = 1;
    pthread_cond_signal(&c->cond);
    pthread_mutex_unlock(&c->lock);
    pthread_join(c->thread, NULL);
    pthread_mutex_destroy(&c->lock);
    pthread_cond_destroy(&c->cond);
    nb_store_close(c->st);
    free(c);
}

void nb_ckpt_counts(nb_ckpt *c, long *runs, long *wakes)
{
    *runs = *wakes = 0;
    if (c == NULL)
        return;
    pthread_mutex_lock(&c->lock);
    *runs = c->runs;
    *wakes = c->wakes;
    pthread_mutex_unlock(&c->lock);
}
