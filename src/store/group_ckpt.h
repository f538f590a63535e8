/*
 * store/group_ckpt.h — the group commit's WAL checkpoints on a thread of
 * their own (SQLite only).
 *
 * SQLite's default is that the connection whose COMMIT takes the WAL past
 * 1,000 frames copies the WAL's pages into the database file right after
 * that commit (wal_autocheckpoint): reads of the WAL, writes of the
 * database and two fsyncs, on the thread that committed. For the server
 * that thread is the group's committer, the one thread that runs every
 * write, so each checkpoint stalled all writes while the second core had
 * nothing of it to do (docs/performance.md, "Stop 29").
 *
 * An nb_ckpt takes that work off the writer: it hooks the writer's
 * connection (sqlite3_wal_hook, which also turns the connection's own
 * autocheckpoint off), and when a commit leaves at least `threshold` frames
 * in the WAL it wakes its thread, which runs a PASSIVE checkpoint on its own
 * connection — the same checkpoint the autocheckpoint ran, with the same
 * fsyncs (synchronous = FULL: the WAL before the copy, the database after),
 * while the writer goes on. Durability does not depend on it: a commit is
 * durable once its WAL frames are synced; a checkpoint only moves pages.
 * If the thread lags, the WAL grows until the next checkpoint catches up.
 */
#ifndef NB_STORE_GROUP_CKPT_H
#define NB_STORE_GROUP_CKPT_H

#include "util/attr.h"

#include "store/store.h"
#include "util/error.h"

typedef struct nb_ckpt nb_ckpt;

/* The frames after which a commit wakes the checkpointer: SQLite's own
 * wal_autocheckpoint default. */
#define NB_CKPT_FRAMES 1000

/*
 * Starts checkpointing for writer (a connection to the database at path):
 * opens a second connection and the thread, and hooks writer's commits.
 * threshold: frames in the WAL that wake the thread (>= 1). For a store
 * that is not SQLite nothing is started and *out is NULL (not an error).
 * On success *out is the caller's (nb_ckpt_close, before writer is closed).
 * 0 or NB_EDB / NB_ENOMEM with the message in err.
 */
NB_MUST_USE int nb_ckpt_open(const char *path, nb_store *writer, int threshold, nb_ckpt **out,
                             nb_err *err);

/* Unhooks the writer (its commits no longer wake anyone; SQLite's
 * autocheckpoint stays off on it), stops and joins the thread, closes the
 * second connection and frees c. NULL is fine. Not while the writer
 * commits. */
void nb_ckpt_close(nb_ckpt *c);

/* Checkpoints the thread has run, and the writer's commits that found the
 * WAL at or past the threshold (for tests and logs). */
void nb_ckpt_counts(nb_ckpt *c, long *runs, long *wakes);

#endif
