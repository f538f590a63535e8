/*
 * tests/core/ledger_model.h — the independent model of the hours ledger used
 * by test_ledger_model.c: its accounts, the transfers it remembers, the
 * request and expected-outcome records, and the two calls the test needs.
 * Test code only; no core code in the model.
 */
#ifndef NB_TESTS_CORE_LEDGER_MODEL_H
#define NB_TESTS_CORE_LEDGER_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ledger.h"

enum {
    N_ACC = 8, /* account ids 1..8; 1 is the fund */
    FUND_ID = 1,
    UNKNOWN_ID = 99,
    MAX_BATCH = 8,
    CHECK_EVERY = 4096
};

enum { PS_NONE = 0, PS_OPEN, PS_POSTED, PS_VOIDED };

/* One applied transfer as the model remembers it (enough to rebuild it). */
typedef struct mtr {
    long num;       /* the id is "t<num>" */
    int64_t dr, cr; /* account ids */
    int64_t amount;
    int kind;
    uint32_t flags;
    long pend_num; /* -1 when none */
    long rev_num;  /* -1 when none */
    int64_t money, rate;
    char reason[16];
    int pstate;
    int64_t posted;
    bool reversed;
} mtr;

typedef struct balances {
    int64_t dp[N_ACC], dpo[N_ACC], cp[N_ACC], cpo[N_ACC], cl[N_ACC];
    int64_t open_pending; /* sum of amounts of open reservations */
} balances;

typedef struct mundo {
    long idx;
    int pstate;
    int64_t posted;
    bool reversed;
} mundo;

typedef struct model {
    balances b;
    mtr *t;
    long n, cap;
    long *idx_of_num; /* num -> index in t, or -1 */
    long num_cap;
    mundo undo[MAX_BATCH];
    int n_undo;
} model;

/* The model's own view of a submitted transfer. */
typedef struct req {
    long num;
    int64_t dr, cr, amount;
    int kind;
    uint32_t flags;
    long pend_num, rev_num;
    int64_t money, rate;
    char reason[16];
} req;

/* Expected outcome of one transfer. */
typedef struct expect {
    int code;
    int err;
    size_t failed_index;
    int64_t account, available, shortfall;
} expect;

/* Minutes available on account index k (id k + 1) in the model. */
int64_t m_avail(const model *m, int k);

/*
 * Expected outcomes of a whole batch (independent chains): decides q[0..n-1]
 * like the core would, applies what succeeds to m (a failed linked chain
 * leaves m as it was) and fills e[0..n-1]. Returns the first error (NB_OK
 * when every transfer succeeded or already existed).
 */
int m_batch(model *m, const req *q, size_t n, expect *e);

#endif
