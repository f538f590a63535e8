/*
 * store/store_int.h — the layout of nb_store, shared by store.c (connection,
 * statement cache, transactions, binding) and store_page.c (the memo, pages,
 * lookups by id). Not a public header: everything else uses store/store.h.
 */
#ifndef NB_STORE_STORE_INT_H
#define NB_STORE_STORE_INT_H

#include "store/store.h"

/* Cached statements, keyed by the address of their static SQL text. The cache
 * grows and never evicts, so a statement being stepped is never finalized under
 * its reader. A text may have several entries: nb_store_stmt hands out one that
 * nobody is stepping (the driver's busy), so a callee never resets the
 * statement its caller is iterating. */
typedef struct nb_store_cached {
    const char *sql;
    nb_db_stmt *stmt;
    int owned; /* sql is the store's copy of a text made at run time (nb_store_stmt_text) */
} nb_store_cached;

/* The memo (nb_store_memo_*): values read from the database, kept per
 * connection while the database is unchanged. */
#define NB_STORE_MEMO_SLOTS 32

typedef struct nb_store_memo_entry {
    char *key; /* owned; NULL = free slot */
    size_t size;
    unsigned char value[NB_STORE_MEMO_VALUE];
} nb_store_memo_entry;

/* Lasting ids kept per connection (nb_store_lasting_*). */
#define NB_STORE_LASTING 16

typedef struct nb_store_lasting_entry {
    int kind; /* NB_STORE_LASTING_*; 0 = free */
    int64_t key, id;
} nb_store_lasting_entry;

/* Slots of the statement cache's hint (a power of two). */
#define NB_STORE_HINTS 256

struct nb_store {
    nb_db *db; /* owned */
    const nb_db_driver *drv;
    nb_store_cached *cache;
    int ncache, capcache;
    /* By the address of a static text (nb_store_hint_slot): 1 + the index in
     * cache where it was last found, 0 = none. Only a hint: an entry is used
     * when it still holds that text (the cache's order moves when a text is
     * evicted) and nobody is stepping it, else the cache is searched. */
    int hint[NB_STORE_HINTS];
    int ntexts; /* owned entries in cache */
    int in_tx;
    int writing;     /* 0, or the NB_DB_WRITE* of the open write transaction: the memo is off */
    int memo_synced; /* the memo was checked in the open read transaction */
    int64_t memo_data, memo_changes; /* the version the memo's entries were read at */
    int memo_next;                   /* the slot replaced next when all are taken */
    nb_store_memo_entry memo[NB_STORE_MEMO_SLOTS];
    nb_store_lasting_entry lasting[NB_STORE_LASTING];
    int lasting_next;   /* the slot replaced next when all are taken */
    int lock_nowait;    /* row locks of this work are taken NOWAIT (nb_store_lock_mode) */
    int lock_busy;      /* one of them found its row taken (nb_store_lock_busy) */
    int bind_failed;    /* a bind failed since the last step; see nb_store_step */
    char bind_msg[200]; /* what failed (first failure) */
};

/* Forgets every memoised value (store_page.c; the transactions and closing
 * call it). */
void nb_store_memo_clear(nb_store *st);

#endif
