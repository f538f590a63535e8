/*
 * tests/store/ledger_months_fixture.h — the shared fixture of the month
 * totals' tests (test_ledger_months.c, test_ledger_months_batches.c): the
 * store with its accounts (setup / teardown), random numbers, the oracle of
 * the period figures and the checks the tests end with. Test code only; the
 * helpers fail the running cmocka test.
 */
#ifndef NB_TESTS_STORE_LEDGER_MONTHS_FIXTURE_H
#define NB_TESTS_STORE_LEDGER_MONTHS_FIXTURE_H

#include "store/ledger_store.h"
#include "store/store.h"
#include "store_db.h"

#include <stddef.h>
#include <stdint.h>

#define NORGS 5
#define NACCTS (NORGS + 1)

typedef struct fixture {
    nb_t_db db; /* db.target: what nb_store_open takes; db.file "" on PostgreSQL */
    nb_store *st;
    int64_t acct[NACCTS]; /* [0] the fund */
    int64_t org[NACCTS];  /* [0] 0 */
} fixture;

/* cmocka setup / teardown of one test: a fresh store and its accounts in *state (a fixture). */
int setup(void **state);
int teardown(void **state);

/* Runs sql on st (fails the test on an error). */
void exec_ok(nb_store *st, const char *sql);

/* The next number of the generator at *s / one in lo..hi. */
uint64_t rng_next(uint64_t *s);
int64_t rng_range(uint64_t *s, int64_t lo, int64_t hi);

#define MAX_ROWS 16

typedef struct rows {
    nb_ledger_period_row r[MAX_ROWS];
    size_t n;
} rows;

/* Adds row to the rows at ctx (an nb_ledger_store_period_rows callback). */
int rows_add(void *ctx, const nb_ledger_period_row *row);

/* The period figures of from_ts..to_ts (0: open) as the SQL before migration 017 computed them. */
void oracle(nb_store *st, int64_t from_ts, int64_t to_ts, rows *out);

/* Asserts that got equals want row by row (what names the case in a failure). */
void assert_rows_equal(const rows *want, const rows *got, const char *what);

/* 00:00 in Amsterdam on y-m-d. */
int64_t ams(int y, int m, int d);

/* The period rows and the hours budget of many periods equal the oracle's (label names the case). */
void compare_periods(fixture *f, const char *label);

/* The control check of the store: 0 or NB_ECONFLICT, never an error. */
int check(fixture *f, nb_ledger_report *rep);

/* A digest of ledger_account_months: its row count and a weighted sum. */
void months_digest(nb_store *st, int64_t out[2]);

/* The month totals rebuilt from scratch (migrations 017 and 019 again) have the same digest. */
void assert_months_from_scratch(fixture *f);

#endif
