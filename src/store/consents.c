/*
 * store/consents.c — SQL for consents (instemmingen); see consents.h.
 */
#include "store/consents.h"

#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_CONSENT_COLUMNS                                                                  \
    "id, assignment_id, COALESCE(organisation_id, 0), basis, kind, share, shares_total, "   \
    "actor, actor_role, COALESCE(actor_person_id, 0), COALESCE(actor_organisation_id, 0), " \
    "note, created_at, COALESCE(imported_at, '')"

static void nb_consent_row_read(nb_db_stmt *s, nb_consent_row *c)
{
    memset(c, 0, sizeof *c);
    c->id = nb_db_col_int(s, 0);
    c->assignment_id = nb_db_col_int(s, 1);
    c->organisation_id = nb_db_col_int(s, 2);
    if (nb_consent_basis_parse(nb_store_col_text(s, 3), &c->basis) != 0)
        c->basis = NB_CONSENT_REQUESTER; /* the CHECK constraint allows nothing else */
    if (nb_assignment_kind_parse(nb_store_col_text(s, 4), &c->kind) != 0)
        c->kind = NB_ASSIGNMENT_LOKAAL;
    c->share = nb_db_col_int(s, 5);
    c->shares_total = nb_db_col_int(s, 6);
    nb_store_col_copy(s, 7, c->actor, sizeof c->actor);
    nb_store_col_copy(s, 8, c->actor_role, sizeof c->actor_role);
    c->actor_person_id = nb_db_col_int(s, 9);
    c->actor_organisation_id = nb_db_col_int(s, 10);
    nb_store_col_copy(s, 11, c->note, sizeof c->note);
    nb_store_col_copy(s, 12, c->created_at, sizeof c->created_at);
    nb_store_col_copy(s, 13, c->imported_at, sizeof c->imported_at);
}

int nb_consent_insert(nb_store *st, nb_consent_row *c, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO assignment_consents (assignment_id, organisation_id, basis, kind, share, "
        "shares_total, actor, actor_role, actor_person_id, actor_organisation_id, note, "
        "created_at, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    if (c->created_at[0] == '\0')
        nb_time_now_iso(c->created_at);
    nb_store_bind_int(st, s, 1, c->assignment_id);
    nb_store_bind_opt_id(st, s, 2, c->organisation_id);
    nb_store_bind_text(st, s, 3, nb_consent_basis_name(c->basis));
    nb_store_bind_text(st, s, 4, nb_assignment_kind_name(c->kind));
    nb_store_bind_int(st, s, 5, c->share);
    nb_store_bind_int(st, s, 6, c->shares_total);
    nb_store_bind_text(st, s, 7, c->actor);
    nb_store_bind_text(st, s, 8, c->actor_role);
    nb_store_bind_opt_id(st, s, 9, c->actor_person_id);
    nb_store_bind_opt_id(st, s, 10, c->actor_organisation_id);
    nb_store_bind_text(st, s, 11, c->note);
    nb_store_bind_text(st, s, 12, c->created_at);
    nb_store_bind_text(st, s, 13, c->imported_at[0] ? c->imported_at : NULL);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc != 0)
        return rc;
    c->id = nb_store_last_id(st);
    return 0;
}

static int nb_consent_cmp_id(const void *a, const void *b)
{
    int64_t x = ((const nb_consent_row *)a)->id, y = ((const nb_consent_row *)b)->id;
    return (x > y) - (x < y);
}

int nb_consent_list(nb_store *st, int64_t assignment_id, nb_consent_row **rows, size_t *n,
                    nb_err *err)
{
    /* In id order, sorted here: the index by assignment and organisation
     * does not give it, and SQLite sorted in a temporary b-tree on every
     * approval (docs/performance.md, "Stop 27"). */
    static const char sql[] =
        "SELECT " NB_CONSENT_COLUMNS " FROM assignment_consents WHERE assignment_id = $1";
    nb_consent_row *v = NULL;
    size_t count = 0, room = 0;
    int rc = 0, r;
    *rows = NULL;
    *n = 0;
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, assignment_id);
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        if (count == room) {
            size_t grow = room ? room * 2 : 8;
            nb_consent_row *w = realloc(v, grow * sizeof *w);
            if (w == NULL) {
                rc = nb_err_set(err, NB_ENOMEM, "out of memory");
                break;
            }
            v = w;
            room = grow;
        }
        nb_consent_row_read(s, &v[count++]);
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "consents");
    nb_db_reset(s);
    if (rc != 0) {
        free(v);
        return rc;
    }
    if (count > 1)
        qsort(v, count, sizeof *v, nb_consent_cmp_id);
    *rows = v;
    *n = count;
    return 0;
}

void nb_consent_core(const nb_consent_row *rows, size_t n, nb_consent *out)
{
    for (size_t i = 0; i < n; i++) {
        out[i].org_id = rows[i].organisation_id;
        out[i].basis = rows[i].basis;
        out[i].share = rows[i].share;
        out[i].shares_total = rows[i].shares_total;
    }
}

int nb_consent_chargeable(nb_store *st, const nb_asg *a, nb_consent_missing *missing, nb_err *err)
{
    nb_consent_row *rows = NULL;
    nb_consent *core = NULL;
    nb_consent_missing local;
    nb_consent_missing *m = missing ? missing : &local;
    size_t n = 0;
    int rc = nb_consent_list(st, a->id, &rows, &n, err);
    if (rc != 0)
        return rc;
    if (n > 0 && (core = calloc(n, sizeof *core)) == NULL) {
        free(rows);
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    }
    nb_consent_core(rows, n, core);
    nb_consent_in in = {a->kind, a->requesters, a->nrequesters, core, n};
    if (nb_consent_check(&in, m) != 0) {
        if (m->network) {
            rc = nb_err_set(err, NB_EFORBIDDEN,
                            "Regionale opdracht %lld is niet door het netwerk (beheer) "
                            "geaccepteerd; niemand kan ervoor worden belast.",
                            (long long)a->id);
        } else {
            char list[256] = "";
            size_t used = 0;
            for (size_t i = 0; i < m->n && used + 24 < sizeof list; i++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%lld", i ? ", " : "",
                                         (long long)m->org_ids[i]);
            rc = nb_err_set(err, NB_EFORBIDDEN,
                            "Opdracht %lld kan niet worden belast: organisatie(s) %s hebben niet "
                            "ingestemd met hun aandeel.",
                            (long long)a->id, list);
        }
    }
    free(core);
    free(rows);
    return rc;
}
