/*
 * store/external_hire.c — the external hire avoided and its value
 * (external_hire.h): one query for the adviesrapportage and the 3K's.
 */
#include "store/external_hire.h"

#include "store/ledger_store.h"

#include <stdlib.h>

/* Approved time entries in [$1, $2] by a person whose organisation is not a
 * requester of the assignment, on a line whose competency at its minimum
 * level no active person of any requester holds; $3: only assignments that
 * organisation requested (0: all). The entries are summed per assignment
 * and line first (t), and the holders are looked for once per line, not
 * once per entry: at national size (400,000 entries, 600 people per
 * municipality) the test per entry took 20 s of CPU. The unary + keeps
 * SQLite from reading the entries through time_entries_assignment and every
 * entry's row at random (a scan of the table is sequential); it stands in
 * the select list too, so that the column is the grouped expression also for
 * PostgreSQL. */
static const char nb_xhire_sql[] =
    "WITH t AS (SELECT +te.assignment_id AS asg, al.line_id AS line, sum(te.minutes) AS m "
    "FROM time_entries te JOIN people p ON p.id = te.person_id "
    "JOIN allocations al ON al.id = te.allocation_id "
    "WHERE te.status = 'goedgekeurd' AND te.work_date >= $1 AND te.work_date <= $2 "
    "AND ($3 = 0 OR EXISTS (SELECT 1 FROM assignment_requesters r WHERE r.assignment_id = "
    "te.assignment_id AND r.organisation_id = $3)) "
    "AND NOT EXISTS (SELECT 1 FROM assignment_requesters r WHERE r.assignment_id = "
    "te.assignment_id AND r.organisation_id = p.organisation_id) "
    "GROUP BY +te.assignment_id, al.line_id) "
    "SELECT a.id, a.title, sum(t.m) FROM t JOIN assignment_lines ln ON ln.id = t.line "
    "JOIN assignments a ON a.id = t.asg "
    "WHERE NOT EXISTS (SELECT 1 FROM assignment_requesters r JOIN people q ON q.organisation_id = "
    "r.organisation_id AND q.active = 1 JOIN person_competencies pc ON pc.person_id = q.id "
    "WHERE r.assignment_id = t.asg AND pc.competency_id = ln.competency_id AND "
    "pc.level >= ln.min_level) "
    "GROUP BY a.id, a.title ORDER BY 3 DESC, a.id";

int nb_xhire_rates(nb_store *st, int64_t *ext, int64_t *net, nb_err *err)
{
    char v[32];
    *ext = 0;
    *net = 0;
    int rc = nb_store_setting_get(st, NB_SETTING_EXTERNAL_RATE, v, sizeof v, err);
    if (rc == 0) {
        long long x = strtoll(v, NULL, 10);
        *ext = x > 0 ? (int64_t)x : 0;
    } else if (rc != NB_ENOTFOUND) {
        return rc;
    }
    rc = nb_ledger_store_hour_rate(st, net, err);
    if (rc == NB_ENOTFOUND) {
        *net = 0;
        rc = 0;
    }
    return rc;
}

int64_t nb_xhire_value_cents(int64_t minutes, int64_t ext, int64_t net)
{
    int64_t prod = minutes * (ext - net);
    return (prod >= 0 ? prod + 30 : prod - 30) / 60;
}

int nb_xhire_list(nb_store *st, int64_t org, const char *from, const char *to, nb_xhire_row_fn fn,
                  void *ctx, int64_t *total, nb_err *err)
{
    nb_db_stmt *s = nb_store_stmt(st, nb_xhire_sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, from);
    nb_store_bind_text(st, s, 2, to);
    nb_store_bind_int(st, s, 3, org);
    int64_t minutes = 0;
    int row, rc = 0;
    while ((row = nb_store_step(st, s)) == NB_DB_ROW) {
        int64_t m = nb_db_col_int(s, 2);
        minutes += m;
        if (fn != NULL && (rc = fn(ctx, nb_db_col_int(s, 0), nb_store_col_text(s, 1), m)) != 0)
            break;
    }
    if (rc == 0 && row != NB_DB_DONE)
        rc = nb_store_fail(st, err, "external hire avoided");
    nb_db_reset(s);
    if (rc == 0)
        *total = minutes;
    return rc;
}
