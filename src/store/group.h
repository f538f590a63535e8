/*
 * store/group.h — group commit: concurrent write transactions share one
 * durable commit.
 *
 * Every write of the server goes through one nb_group, which owns the one
 * connection writes use. A caller hands in a unit of work (nb_group_work: a
 * function that makes one request's changes) and blocks until it is done.
 * Whoever finds no batch running becomes the leader: it takes every work
 * queued so far (its own included), opens one BEGIN IMMEDIATE, runs the works
 * one after another in queue order — each inside its own SAVEPOINT, so a work
 * that refuses (a 4xx) rolls back alone and the next one sees exactly what
 * it would have seen serially — then COMMITs once (one fsync for the batch)
 * and only then marks every work of the batch done. Works that arrive while a
 * batch is committing queue up and form the next batch. Nothing is reported
 * done before the commit that holds it is durable.
 *
 * One work alone (the queue was empty) runs as a plain transaction, with no
 * savepoint and no hand-over: the one-client path costs what it did before.
 *
 * A caller that must not block (the HTTP server: a worker thread waiting
 * for a commit would bound a batch by the number of workers) hands its work
 * in with nb_group_submit instead: the work is queued and the caller is told
 * when it is done through a callback, from the group's committer thread
 * (nb_group_start), which leads every batch that no waiting caller leads.
 * So a batch holds every work that arrived while the previous commit ran,
 * however few threads handed them in.
 *
 * If SQLite rolls the whole transaction back on its own in the middle of a
 * batch (a full disk, an I/O error), the work that was running gets that
 * failure as its answer and the works before it are run again, from the
 * start, in a new transaction; the ones after it were not run yet. So every
 * work ends either committed or with nothing of it written.
 */
#ifndef NB_STORE_GROUP_H
#define NB_STORE_GROUP_H

#include "util/attr.h"

#include "store/store.h"
#include "util/error.h"

typedef struct nb_group nb_group;

/*
 * One unit of work. The caller fills run and ctx and owns the struct (it
 * lives on the caller's stack for the duration of nb_group_run).
 *
 * run(st, ctx) makes the changes on st (inside a transaction or savepoint
 * the group opened; it must not begin, commit or roll back itself) and
 * returns 1 to keep them, 0 to discard them (a refused request). It may be
 * called more than once for the same work (see above: after a transaction
 * lost through no fault of its own); each call must start afresh, forgetting
 * what an earlier call put in ctx. It runs on whichever thread leads the
 * batch, while the caller's thread waits.
 */
typedef struct nb_group_work {
    int (*run)(nb_store *st, void *ctx);
    void *ctx;
    /*
     * For nb_group_submit only (NULL for nb_group_run). queued(ctx) is
     * called on the submitting thread, under the group's lock, just before
     * the work enters the queue (the server suspends the connection there:
     * done can then never come before it); it must not call into the group.
     * done(ctx) is called once, when the work is done (committed and
     * durable, discarded, or failed; the results below are set), on the
     * thread that led its batch, outside the lock; after it the group no
     * longer touches the work, so done may free it.
     */
    void (*queued)(void *ctx);
    void (*done)(void *ctx);
    /* 1: run locks the rows it reads to decide and changes (the approval of
     * hours: store/entry_flow.h), so a batch of only such works begins with
     * nb_store_begin_rows and runs at once with other servers' batches of
     * them on PostgreSQL; 0 (every other write): nb_store_begin, alone. */
    int rows;
    /* nb_group_submit: 1 when other clients' requests may wait for the
     * submitting thread (the server: more than one connection open), so the
     * work is never run at once on it: while it committed they would go
     * unread, nothing would be queued, every batch would hold one work and
     * the one-client path would never end (docs/performance.md, "Stop 28"). */
    int crowded;
    /* results, valid when nb_group_run returns */
    int kept; /* 1 when run kept its changes and they are committed (durable) */
    int rc;   /* 0, or the NB_E* of a begin/commit that failed: nothing of this work is written */
    nb_err err;
    /* private to the group */
    struct nb_group_work *next;
    int done_flag;
    int deferred; /* undone in its batch (a row taken): queued again, first */
} nb_group_work;

/*
 * Opens the group's own connection to the database at path (nb_store_open,
 * no migrations). max_batch is the most works one commit takes (1 = no
 * grouping: one transaction per work, the serial behaviour). On success *out
 * is owned by the caller (nb_group_close). 0 or NB_EDB / NB_ENOMEM /
 * NB_EINVAL with the message in err.
 */
NB_MUST_USE int nb_group_open(const char *path, int max_batch, nb_group **out, nb_err *err);

/* Stops the committer (nb_group_stop), closes the connection and frees g
 * (NULL is fine). No work may be running. */
void nb_group_close(nb_group *g);

/*
 * Runs w (see nb_group_work) and returns when it is done: committed and
 * durable, or discarded, or failed. Thread-safe; blocks the caller. Returns
 * w->rc.
 */
NB_MUST_USE int nb_group_run(nb_group *g, nb_group_work *w);

/*
 * Starts the committer thread, which leads a batch whenever works are queued
 * and no batch is running, until nb_group_close. inline_ok: nb_group_submit
 * may run a work on the submitting thread when the group is idle, the last
 * batch held one work and the work is not crowded (one client: no hand-over);
 * pass 0 when a single thread both reads the requests and submits them (one
 * HTTP worker: while it committed, nothing else could be read and queued).
 * 0 or NB_ENOMEM (no thread).
 */
NB_MUST_USE int nb_group_start(nb_group *g, int inline_ok);

/*
 * Runs w (see nb_group_work; run, done and queued set) without blocking on
 * other works: returns 0 when w was run at once on the calling thread (the
 * group was idle, see nb_group_start; done is not called, the results are
 * set), or 1 when w was queued (queued was called first) and done(ctx) will
 * be called when it is done. Without a committer thread (nb_group_start not
 * called), or once nb_group_stop has begun, it runs w like nb_group_run and
 * returns 0. Thread-safe. w must stay valid until done is called.
 */
NB_MUST_USE int nb_group_submit(nb_group *g, nb_group_work *w);

/*
 * Stops the committer thread after it has run every queued work (each gets
 * its done call) and joins it; later nb_group_submit calls run their work
 * at once (returning 0). Idempotent; nb_group_close calls it.
 */
void nb_group_stop(nb_group *g);

/* Counters since open: commits made (batches) and works run in them. */
void nb_group_counts(nb_group *g, long *batches, long *works);

/* The WAL checkpoints run on the group's checkpoint thread since open, and
 * the commits that asked for one (store/group_ckpt.h; 0 and 0 when the store
 * is not SQLite). */
void nb_group_checkpoints(nb_group *g, long *runs, long *wakes);

/* The most works one commit has taken since open. */
int nb_group_largest(nb_group *g);

/* Works queued and not yet taken by a leader (for tests and logs). */
int nb_group_queued(nb_group *g);

#endif
