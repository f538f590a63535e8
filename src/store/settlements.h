/*
 * store/settlements.h — settlement (verrekening) of the members' hour
 * balances at the end of a closed period (migration 012; issue 10, part 4;
 * docs/ledger.md "Settlement").
 *
 * A settlement names its period — a year, or one closed period of /perioden —
 * and, per organisation, network management's choice: carry the posted
 * balance over (overboeken: nothing is booked) or settle it in money at the
 * network's hour rate (verrekenen: one ledger transfer of kind correctie
 * against the network fund, id "sys:vr:<settlement>:<organisation>", brings
 * the posted balance to zero; core/settlement.h has the arithmetic).
 * Organisations not named are carried over.
 *
 * Rules, all checked inside the caller's write transaction:
 *   - the period is closed: every day of it lies in closed periods, and it
 *     has ended (its last day is before today, Europe/Amsterdam);
 *   - settlements go forward: none may exist whose period ends on or after
 *     the new one's first day (the same period twice is refused);
 *   - the money transfers form one linked chain; a refusal by the ledger
 *     (rule 2, e.g. an organisation whose reservations exceed its credit
 *     line cannot give its minutes back) refuses the whole settlement;
 *   - exactly once: request_id is chosen by the client; a retry with the same
 *     id and the same content returns the stored settlement and books
 *     nothing; the same id with other content is refused.
 * Nothing here is ever changed or deleted (triggers in the migration).
 */
#ifndef NB_STORE_SETTLEMENTS_H
#define NB_STORE_SETTLEMENTS_H

#include "util/attr.h"

#include "core/ledger.h"
#include "core/settlement.h"
#include "store/store.h"
#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>

/* Years a settlement may name. */
#define NB_SETTLE_YEAR_MIN 2000
#define NB_SETTLE_YEAR_MAX 2200

/* One organisation's line of a settlement (or of a preview). */
typedef struct nb_settle_line {
    int64_t organisation_id;
    char org_code[24];
    char org_name[128];
    nb_settle_choice choice;
    int64_t balance_minutes; /* posted balance before the settlement */
    int64_t brought_minutes; /* work credited in the period (>= 0) */
    int64_t taken_minutes;   /* work debited in the period (>= 0) */
    int64_t amount_cents;    /* + the organisation receives, - it pays, 0 carried over */
    char transfer_id[NB_TRANSFER_ID_SIZE]; /* the booked transfer, "" none */
    int money_possible;                    /* preview: settling in money passes rule 2 now */
} nb_settle_line;

/* A settlement, or a preview (id 0). */
typedef struct nb_settlement {
    int64_t id; /* 0: a preview, nothing stored */
    char request_id[NB_TRANSFER_ID_SIZE];
    char from[11], to[11];  /* inclusive days */
    int year;               /* set when settled by year, else 0 */
    int64_t period_id;      /* set when settled by closed period, else 0 */
    int64_t rate_cents;     /* the network's hour rate applied */
    char created_by[160];   /* rol:label; "" in a preview */
    char created_at[21];    /* UTC; "" in a preview */
    int64_t paid_cents;     /* what organisations pay in total (>= 0) */
    int64_t received_cents; /* what organisations receive in total (>= 0) */
    int64_t settled_count;  /* lines settled in money with a transfer */
    size_t n;               /* lines (0 in a list row) */
    nb_settle_line *lines;  /* owned; nb_settlement_clear frees */
    /* preview only: why it cannot be booked now ("" when it can) */
    char blocked[256];
} nb_settlement;

/* One choice of a request. */
typedef struct nb_settle_pick {
    int64_t organisation_id;
    nb_settle_choice choice;
} nb_settle_pick;

/* What a request asks. Exactly one of year and period_id is set. */
typedef struct nb_settle_request {
    const char *request_id; /* nb_settle_book only */
    int year;
    int64_t period_id;
    const nb_settle_pick *picks; /* borrowed; may be NULL when n_picks is 0 */
    size_t n_picks;
} nb_settle_request;

/* What was wrong, for the caller's message and field (err.msg is Dutch). */
typedef enum nb_settle_fault {
    NB_SETTLE_OK = 0,
    NB_SETTLE_F_PERIOD, /* neither or both of year/period, or year out of range (NB_EINVAL) */
    NB_SETTLE_F_PERIOD_UNKNOWN, /* period_id does not exist (NB_ENOTFOUND) */
    NB_SETTLE_F_OPEN,           /* the period is not closed or has not ended (NB_ECONFLICT) */
    NB_SETTLE_F_SETTLED,        /* settled already, or a later settlement exists (NB_ECONFLICT) */
    NB_SETTLE_F_RATE,           /* the network has no hour rate (NB_ECONFLICT) */
    NB_SETTLE_F_ORG_UNKNOWN,    /* picks[index] names no organisation (NB_ENOTFOUND) */
    NB_SETTLE_F_ORG_TWICE,      /* picks[index] names an organisation again (NB_EINVAL) */
    NB_SETTLE_F_CHOICE,         /* picks[index] has no valid choice (NB_EINVAL) */
    NB_SETTLE_F_LIMIT,          /* the ledger refused organisation_id (NB_ELIMIT) */
    NB_SETTLE_F_ID_REUSED       /* request_id used before with other content (NB_ECONFLICT) */
} nb_settle_fault;

typedef struct nb_settle_problem {
    nb_settle_fault fault;
    size_t index;            /* ORG_UNKNOWN, ORG_TWICE, CHOICE: the pick */
    int64_t organisation_id; /* LIMIT: the organisation refused */
    int64_t settlement_id;   /* SETTLED: the settlement in the way */
} nb_settle_problem;

/* Frees the lines of s (not s itself) and zeroes them. NULL is fine. */
void nb_settlement_clear(nb_settlement *s);

/*
 * What booking rq would do now, without writing anything: the period, the
 * rate and one line per organisation (by name) with its balance, the
 * period's work, its choice (from rq, else overboeken) and the money. *out
 * is caller-owned (cleared first; its lines freed with nb_settlement_clear).
 * A period that cannot be booked yet (open, settled already) or a missing
 * rate is not an error here: out->blocked says why ("" when it can be booked).
 * Returns 0, or the codes of the faults PERIOD, PERIOD_UNKNOWN, ORG_UNKNOWN,
 * ORG_TWICE, CHOICE (problem filled), or a store error.
 */
NB_MUST_USE int nb_settle_preview(nb_store *st, const nb_settle_request *rq, nb_settlement *out,
                                  nb_settle_problem *problem, nb_err *err);

/*
 * Books rq (the rules in the header comment) in the caller's write
 * transaction, audited ("create", "verrekening") with actor; created_by is
 * the rol:label text stored on the row. *out (caller-owned, cleared first)
 * receives the stored settlement; *replayed = 1 when request_id was booked
 * before with the same content (nothing new written), else 0. Returns 0; a
 * refusal — NB_EINVAL, NB_ENOTFOUND, NB_ECONFLICT, NB_ELIMIT with problem and
 * err saying why — writes nothing (the transfers are applied before any row
 * is inserted); after a store error the caller rolls its transaction back.
 */
NB_MUST_USE int nb_settle_book(nb_store *st, const nb_actor *actor, const char *created_by,
                               const nb_settle_request *rq, nb_settlement *out, int *replayed,
                               nb_settle_problem *problem, nb_err *err);

/* Loads settlement id with its lines (by organisation name) into *out
 * (cleared first). NB_ENOTFOUND ("Verrekening <id> bestaat niet."). */
NB_MUST_USE int nb_settle_get(nb_store *st, int64_t id, nb_settlement *out, nb_err *err);

/*
 * One page of settlements, newest period first, without lines (n 0, totals
 * filled); each(ctx, s) per row (borrowed for the call). *total (optional)
 * receives the count.
 */
NB_MUST_USE int nb_settle_list(nb_store *st, int64_t offset, int64_t limit,
                               int (*each)(void *ctx, const nb_settlement *s), void *ctx,
                               int64_t *total, nb_err *err);

/*
 * Appends the settlement statement s as CSV to b (UTF-8 BOM, ';'-separated,
 * CRLF, RFC 4180 quoting, no formulas; the cells of store/statement.h): a
 * header, then one row per line — only organisation org's when org > 0 —
 * with the hours, the rate and the amount in euros (decimal comma).
 */
void nb_settlement_csv(const nb_settlement *s, int64_t org, nb_buf *b);

#endif
