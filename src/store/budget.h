/*
 * store/budget.h — the hours budget (urenbegroting) of a year: per
 * organisation what it took, brought, deposited and has planned, its balance
 * now and projected at the year's end against its credit line; and the
 * network's total of the year's assignments and how much of it is done.
 *
 * One implementation for GET /api/v1/urenbegroting(.csv|.xlsx)
 * (api/urenbegroting.c) and the page /urenbegroting (web/urenbegroting.c).
 * Three queries, one per figure family, never one per organisation: the
 * ledger's figures (nb_ledger_store_period_rows), the open reservations with
 * their assignment's period, the year's assignments with their approved
 * minutes. core/budget.h spreads and projects. The year's days are days in
 * Europe/Amsterdam (DOMAIN.md rule 10).
 */
#ifndef NB_STORE_BUDGET_H
#define NB_STORE_BUDGET_H

#include "util/attr.h"
#include "util/buf.h"

#include "core/budget.h"
#include "http/http.h"
#include "store/ledger_store.h"

#include <stddef.h>
#include <stdint.h>

/* The media type of nb_budget_xlsx's workbook. */
#define NB_BUDGET_XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* Years the budget accepts. */
#define NB_BUDGET_YEAR_MIN 2000
#define NB_BUDGET_YEAR_MAX 2999

typedef struct nb_budget_row {
    nb_budget_org fig;
    char org_code[24];
    char org_name[128];
    char org_kind[16]; /* gemeente, pool, partner */
} nb_budget_row;

typedef struct nb_budget {
    int year;
    char from[11], to[11];   /* the year's first and last day, "YYYY-MM-DD" */
    char today[11];          /* the day the projection starts from */
    int64_t hour_rate_cents; /* the network's rate; 0 when unset */
    nb_budget_row *rows;     /* owned; n rows ordered by name, code */
    size_t n;
    size_t alerts;             /* rows whose projection passes their credit line */
    nb_budget_network network; /* the whole network, whoever asks */
} nb_budget;

/* 1 when who may see the budget row of organisation org_id: the balance's
 * rule (nb_statement_may_see): beheer and lezer all, a coordinator its own. */
int nb_budget_may_see(const nb_principal *who, int64_t org_id);

/*
 * Loads the budget of `year` as seen on day `today` (a day number, Amsterdam)
 * into out (caller frees with nb_budget_free, also after a failure). who
 * (borrowed) keeps the rows nb_budget_may_see allows (a coordinator its own
 * organisation's); NULL keeps all. The network total is always filled. NB_EINVAL for a year outside
 * NB_BUDGET_YEAR_MIN..MAX, NB_ENOMEM, NB_EDB.
 */
NB_MUST_USE int nb_budget_load(nb_store *st, int year, int32_t today, const nb_principal *who,
                               nb_budget *out, nb_err *err);

void nb_budget_free(nb_budget *b);

/*
 * Appends the budget as CSV for Dutch Excel to buf: UTF-8 BOM, ';'-separated,
 * CRLF, a header row, one row per organisation (minutes as integers and hours
 * with a decimal comma; euros with a decimal comma; the network's total and
 * what is done of it in the last two columns of every row). Texts are quoted
 * as the statement's CSV does (no formulas). No rows: the header only.
 */
void nb_budget_csv(const nb_budget *b, nb_buf *buf);

/* The CSV's header, for tests and docs: the column names in order. */
extern const char *const nb_budget_csv_columns[];

/*
 * Appends the budget as an Excel workbook (.xlsx) to buf: one sheet
 * "Urenbegroting" with the CSV's columns, hours and euros as numbers with a
 * number format, percentages as fractions (0 %). 0, or NB_EDB (the temporary
 * file could not be written or read; err says why) or NB_ENOMEM.
 */
NB_MUST_USE int nb_budget_xlsx(const nb_budget *b, nb_buf *buf, nb_err *err);

#endif
