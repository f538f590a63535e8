/*
 * store/asg_rules.c — the assignment rules that need the store, shared by
 * the API and the pages; see asg_rules.h. Moved here from api/opdrachten.c
 * and api/instemmingen.c (same checks, same Dutch reasons).
 */
#include "store/asg_rules.h"

#include "core/consent.h"
#include "store/competencies.h"
#include "store/hours_ledger.h"
#include "store/organisations.h"
#include "store/programmes.h"
#include "util/date.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef NB_SETTING_ALLOC_KEY
#define NB_SETTING_ALLOC_KEY "verdeelsleutel"
#endif

/* ---- Checking --------------------------------------------------------------- */

typedef struct nb_asg_problems {
    nb_assignment_problem *out;
    size_t max, n;
} nb_asg_problems;

static void nb_asg_problem(nb_asg_problems *p, nb_assignment_field field, size_t index,
                           const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void nb_asg_problem(nb_asg_problems *p, nb_assignment_field field, size_t index,
                           const char *fmt, ...)
{
    if (p->n < p->max) {
        nb_assignment_problem *q = &p->out[p->n];
        va_list ap;
        q->field = field;
        q->index = index;
        va_start(ap, fmt);
        vsnprintf(q->reason, sizeof q->reason, fmt, ap);
        va_end(ap);
    }
    p->n++;
}

int nb_asg_has_requester(const nb_asg *a, int64_t org)
{
    for (size_t i = 0; i < a->nrequesters; i++)
        if (a->requesters[i].organisation_id == org)
            return 1;
    return 0;
}

int nb_asg_check(nb_store *st, const nb_asg *a, const nb_asg *old, nb_assignment_problem *out,
                 size_t max, size_t *n, nb_err *err)
{
    nb_asg_problems p = {out, out ? max : 0, 0};
    int rc;
    size_t i;

    /* Shape rules (core). */
    int32_t start = 0, end = 0;
    if (nb_date_parse(a->start_date, &start) != 0)
        nb_asg_problem(&p, NB_ASSIGNMENT_F_START, 0, "moet een datum zijn (JJJJ-MM-DD)");
    if (nb_date_parse(a->end_date, &end) != 0)
        nb_asg_problem(&p, NB_ASSIGNMENT_F_END, 0, "moet een datum zijn (JJJJ-MM-DD)");
    nb_assignment_shape shape = {a->kind,        start,    end,      a->requesters,
                                 a->nrequesters, a->lines, a->nlines};
    size_t room = p.n < p.max ? p.max - p.n : 0;
    p.n += nb_assignment_validate(&shape, room ? p.out + p.n : NULL, room);

    /* References: organisations, competencies, the ambtelijk opdrachtgever. */
    for (i = 0; i < a->nrequesters; i++) {
        nb_org o;
        int64_t oid = a->requesters[i].organisation_id;
        if (oid <= 0)
            continue; /* the shape rules named it */
        rc = nb_org_get(st, oid, &o, err);
        if (rc == NB_ENOTFOUND)
            nb_asg_problem(&p, NB_ASSIGNMENT_F_REQUESTER_ORG, i,
                           "verwijst naar organisatie %lld, die niet bestaat", (long long)oid);
        else if (rc != 0)
            return rc;
    }
    for (i = 0; i < a->nlines; i++) {
        if (a->lines[i].competency_id <= 0)
            continue;
        int exists = nb_comp_exists(st, a->lines[i].competency_id, err);
        if (exists < 0)
            return exists;
        if (!exists)
            nb_asg_problem(&p, NB_ASSIGNMENT_F_LINE_COMPETENCY, i,
                           "verwijst naar competentie %lld, die niet bestaat",
                           (long long)a->lines[i].competency_id);
    }
    int64_t person_org = 0;
    rc = nb_asg_person_organisation(st, a->client_person_id, &person_org, err);
    if (rc == NB_ENOTFOUND) {
        nb_asg_problem(&p, NB_ASSIGNMENT_F_CLIENT, 0,
                       "verwijst naar medewerker %lld, die niet bestaat",
                       (long long)a->client_person_id);
    } else if (rc != 0) {
        return rc;
    } else if (a->nrequesters > 0 && !nb_asg_has_requester(a, person_org)) {
        /* Rule 7: local roles stay local. A regional assignment without
         * requesters is charged to every member, so anyone may be it. */
        nb_asg_problem(&p, NB_ASSIGNMENT_F_CLIENT, 0,
                       "medewerker %lld hoort bij organisatie %lld, die geen aanvrager is; de "
                       "ambtelijk opdrachtgever komt uit een aanvragende organisatie",
                       (long long)a->client_person_id, (long long)person_org);
    }
    if (a->programme_id > 0 && (old == NULL || old->programme_id != a->programme_id)) {
        nb_prog *prog = malloc(sizeof *prog);
        if (prog == NULL)
            return nb_err_set(err, NB_ENOMEM, "geen geheugen");
        rc = nb_prog_get(st, a->programme_id, prog, err);
        free(prog);
        if (rc == NB_ENOTFOUND)
            nb_asg_problem(&p, NB_ASSIGNMENT_F_PROGRAMME, 0,
                           "verwijst naar programma %lld, dat niet bestaat",
                           (long long)a->programme_id);
        else if (rc != 0)
            return rc;
    }
    if (old == NULL && a->status != NB_ASSIGNMENT_CONCEPT && a->status != NB_ASSIGNMENT_INGEDIEND)
        nb_asg_problem(&p, NB_ASSIGNMENT_F_STATUS, 0,
                       "een nieuwe opdracht begint als concept of ingediend");
    *n = p.n;
    return 0;
}

/* ---- Who may change what ------------------------------------------------------ */

int nb_asg_may_change(const nb_principal *who, const nb_asg *a, nb_err *err)
{
    if (who->role == NB_ROLE_BEHEER)
        return 0;
    if (who->role == NB_ROLE_COORDINATOR && who->organisation_id > 0 &&
        nb_asg_has_requester(a, who->organisation_id))
        return 0;
    return nb_err_set(err, NB_EFORBIDDEN,
                      "Een coördinator wijzigt alleen opdrachten waarvan de eigen organisatie "
                      "aanvrager is.");
}

int nb_asg_may_transition(const nb_principal *who, nb_assignment_status from,
                          nb_assignment_status to, nb_err *err)
{
    if (who->role == NB_ROLE_BEHEER || nb_assignment_requester_may(from, to))
        return 0;
    return nb_err_set(err, NB_EFORBIDDEN,
                      "Van '%s' naar '%s' is voorbehouden aan het netwerkmanagementteam (beheer); "
                      "een coördinator mag alleen indienen (concept → ingediend) en annuleren "
                      "zolang de opdracht nog niet bemenst is.",
                      nb_assignment_status_name(from), nb_assignment_status_name(to));
}

int nb_asg_change_status(nb_store *st, const nb_actor *actor, const nb_principal *who, int64_t id,
                         nb_assignment_status to, const char *reason, nb_asg *a, nb_err *err)
{
    int rc = nb_asg_get(st, id, a, err);
    if (rc != 0)
        return rc;
    if ((rc = nb_asg_may_change(who, a, err)) != 0)
        return rc;
    nb_assignment_status from = a->status;
    if ((rc = nb_assignment_transition_check(from, to, err)) != 0)
        return rc;
    if ((rc = nb_asg_may_transition(who, from, to, err)) != 0)
        return rc;
    if (from == to)
        return 0;
    json_t *detail = json_pack("{s:s, s:s}", "van", nb_assignment_status_name(from), "naar",
                               nb_assignment_status_name(to));
    if (detail == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    if (reason != NULL && reason[0] != '\0')
        json_object_set_new(detail, "reden", json_string(reason));
    char *text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
    json_decref(detail);
    if (text == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    rc = nb_asg_set_status(st, id, to, err);
    if (rc == 0 && nb_assignment_status_is_final(to)) /* issue 3: void unused reservations */
        rc = nb_hours_ledger_end_assignment(st, id, NULL, NULL, err);
    if (rc == 0)
        rc = nb_store_audit(st, actor, "status", "opdracht", id, text, err);
    free(text);
    if (rc == 0)
        rc = nb_asg_get(st, id, a, err);
    if (rc == 0)
        rc = nb_asg_consent_after_write(st, actor, who, a, err);
    return rc;
}

int nb_asg_create_checked(nb_store *st, const nb_actor *actor, const nb_principal *who, nb_asg *a,
                          const char *detail, nb_err *err)
{
    if (who->role == NB_ROLE_COORDINATOR && !nb_asg_has_requester(a, who->organisation_id))
        return nb_err_set(err, NB_EFORBIDDEN,
                          "Een coördinator maakt alleen opdrachten met de eigen organisatie (%lld) "
                          "onder de aanvragers.",
                          (long long)who->organisation_id);
    int rc = nb_prog_may_link(st, who, 0, a->programme_id, err);
    if (rc == 0)
        rc = nb_asg_insert(st, a, err);
    if (rc == 0)
        rc = nb_store_audit(st, actor, "create", "opdracht", a->id, detail, err);
    if (rc == 0)
        rc = nb_asg_consent_after_write(st, actor, who, a, err);
    if (rc == 0)
        rc = nb_asg_get(st, a->id, a, err);
    return rc;
}

/* 1 when a and b charge the same way: same kind, same requesters with the same shares. */
static int nb_asg_same_payers(const nb_asg *a, const nb_asg *b)
{
    if (a->kind != b->kind || a->nrequesters != b->nrequesters)
        return 0;
    for (size_t i = 0; i < a->nrequesters; i++) {
        int found = 0;
        for (size_t j = 0; j < b->nrequesters && !found; j++)
            found = a->requesters[i].organisation_id == b->requesters[j].organisation_id &&
                    a->requesters[i].share == b->requesters[j].share;
        if (!found)
            return 0;
    }
    return 1;
}

int nb_asg_update_checked(nb_store *st, const nb_actor *actor, const nb_principal *who,
                          const nb_asg *old, nb_asg *a, const char *detail, int *transition,
                          nb_err *err)
{
    int64_t id = old->id;
    int rc;
    if (transition)
        *transition = 0;
    if ((rc = nb_asg_may_change(who, old, err)) != 0)
        return rc;
    if (nb_assignment_status_is_final(old->status))
        return nb_err_set(err, NB_ECONFLICT,
                          "Opdracht %lld is %s en kan niet meer worden gewijzigd.", (long long)id,
                          nb_assignment_status_name(old->status));
    if ((rc = nb_assignment_transition_check(old->status, a->status, err)) != 0) {
        if (transition)
            *transition = 1;
        return rc;
    }
    if (who->role == NB_ROLE_COORDINATOR && !nb_asg_has_requester(a, who->organisation_id))
        return nb_err_set(err, NB_EFORBIDDEN,
                          "Een coördinator kan de eigen organisatie niet uit de aanvragers halen.");
    if ((rc = nb_asg_may_transition(who, old->status, a->status, err)) != 0)
        return rc;
    if ((rc = nb_prog_may_link(st, who, old->programme_id, a->programme_id, err)) != 0)
        return rc;
    if (who->role != NB_ROLE_BEHEER && old->status != NB_ASSIGNMENT_CONCEPT &&
        !nb_asg_same_payers(old, a))
        return nb_err_set(err, NB_EFORBIDDEN,
                          "Opdracht %lld is al ingediend (%s): alleen het netwerkmanagementteam "
                          "(beheer) wijzigt dan nog de soort, de aanvragers of hun aandelen. Een "
                          "organisatie die wordt toegevoegd, betaalt pas mee als een coördinator "
                          "van die organisatie heeft ingestemd.",
                          (long long)id, nb_assignment_status_name(old->status));
    if ((nb_assignment_lines_locked(old->status) || nb_assignment_lines_locked(a->status)) &&
        a->nlines < old->nlines)
        return nb_err_set(err, NB_ECONFLICT,
                          "Opdracht %lld is %s: regels kunnen niet meer worden verwijderd (nu %zu, "
                          "gevraagd %zu); inzet en uren verwijzen ernaar.",
                          (long long)id, nb_assignment_status_name(old->status), old->nlines,
                          a->nlines);
    a->id = id;
    rc = nb_asg_update(st, a, err);
    if (rc == 0 && nb_assignment_status_is_final(a->status)) /* issue 3: void unused reservations */
        rc = nb_hours_ledger_end_assignment(st, id, NULL, NULL, err);
    if (rc == 0)
        rc = nb_store_audit(st, actor, "update", "opdracht", id, detail, err);
    /* A coordinator drafting a concept (or submitting it) consents for its own
     * organisation; editing a submitted assignment implies no consent. */
    if (rc == 0 && (who->role == NB_ROLE_BEHEER || old->status == NB_ASSIGNMENT_CONCEPT))
        rc = nb_asg_consent_after_write(st, actor, who, a, err);
    return rc;
}

/* ---- Consents (DOMAIN rule 9) ------------------------------------------------- */

static json_t *nb_asg_id_or_null(int64_t id)
{
    return id > 0 ? json_integer(id) : json_null();
}

json_t *nb_asg_consent_json(const nb_consent_row *c)
{
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(c->id));
    json_object_set_new(j, "opdrachtId", json_integer(c->assignment_id));
    json_object_set_new(j, "organisatieId", nb_asg_id_or_null(c->organisation_id));
    json_object_set_new(j, "wijze", json_string(nb_consent_basis_name(c->basis)));
    json_object_set_new(j, "soort", json_string(nb_assignment_kind_name(c->kind)));
    json_object_set_new(j, "aandeel", json_integer(c->share));
    json_object_set_new(j, "totaalAandelen", json_integer(c->shares_total));
    char door[sizeof c->actor_role + sizeof c->actor + 2]; /* "rol:label" (docs/api.md) */
    snprintf(door, sizeof door, "%s:%s", c->actor_role, c->actor);
    json_object_set_new(j, "door", json_string(door));
    json_object_set_new(j, "rol", json_string(c->actor_role));
    json_object_set_new(j, "medewerkerId", nb_asg_id_or_null(c->actor_person_id));
    json_object_set_new(j, "notitie", json_string(c->note));
    json_object_set_new(j, "aangemaakt", json_string(c->created_at));
    json_object_set_new(j, "geimporteerd",
                        c->imported_at[0] ? json_string(c->imported_at) : json_null());
    return j;
}

const nb_consent_row *nb_asg_consent_covering(const nb_consent_row *rows, size_t n, const nb_asg *a,
                                              int64_t org)
{
    int64_t share = 0, total = 0;
    if (nb_consent_terms(a->kind, a->requesters, a->nrequesters, org, &share, &total) != 0)
        return NULL;
    for (size_t i = n; i-- > 0;) {
        nb_consent c = {rows[i].organisation_id, rows[i].basis, rows[i].share,
                        rows[i].shares_total};
        if (nb_consent_covers(&c, org, share, total))
            return &rows[i];
    }
    return NULL;
}

const nb_consent_row *nb_asg_consent_network(const nb_consent_row *rows, size_t n)
{
    for (size_t i = n; i-- > 0;)
        if (rows[i].organisation_id == 0 && rows[i].basis == NB_CONSENT_NETWORK)
            return &rows[i];
    return NULL;
}

int nb_asg_consent_record(nb_store *st, const nb_actor *actor, const nb_principal *who,
                          const nb_asg *a, int64_t org, nb_consent_basis basis, const char *note,
                          nb_consent_row *out, nb_err *err)
{
    nb_consent_row c;
    memset(&c, 0, sizeof c);
    c.assignment_id = a->id;
    c.organisation_id = org;
    c.basis = basis;
    c.kind = a->kind;
    c.share = 1;
    c.shares_total = 1;
    if (org > 0 && nb_consent_terms(a->kind, a->requesters, a->nrequesters, org, &c.share,
                                    &c.shares_total) != 0)
        return nb_err_set(err, NB_EINVAL, "Organisatie %lld is geen aanvrager van opdracht %lld.",
                          (long long)org, (long long)a->id);
    snprintf(c.actor, sizeof c.actor, "%s", actor->name ? actor->name : "");
    snprintf(c.actor_role, sizeof c.actor_role, "%s", actor->role ? actor->role : "");
    c.actor_person_id = who ? who->person_id : 0;
    c.actor_organisation_id = who ? who->organisation_id : 0;
    snprintf(c.note, sizeof c.note, "%s", note ? note : "");
    int rc = nb_consent_insert(st, &c, err);
    if (rc != 0)
        return rc;
    json_t *detail = nb_asg_consent_json(&c);
    char *text =
        detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15)) : NULL;
    json_decref(detail);
    if (text == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    rc = nb_store_audit(st, actor, "instemming", "opdracht", a->id, text, err);
    free(text);
    if (rc == 0 && out)
        *out = c;
    return rc;
}

int nb_asg_consent_after_write(nb_store *st, const nb_actor *actor, const nb_principal *who,
                               const nb_asg *a, nb_err *err)
{
    nb_consent_row *rows = NULL;
    size_t n = 0;
    if (nb_assignment_status_is_final(a->status))
        return 0; /* cancelling or completing consents to nothing */
    int rc = nb_consent_list(st, a->id, &rows, &n, err);
    if (rc != 0)
        return rc;
    if (who->role == NB_ROLE_COORDINATOR && who->organisation_id > 0 &&
        a->kind != NB_ASSIGNMENT_REGIONAAL) {
        int64_t org = who->organisation_id, share, total;
        if (nb_consent_terms(a->kind, a->requesters, a->nrequesters, org, &share, &total) == 0 &&
            nb_asg_consent_covering(rows, n, a, org) == NULL)
            rc = nb_asg_consent_record(st, actor, who, a, org, NB_CONSENT_REQUESTER, "", NULL, err);
    } else if (who->role == NB_ROLE_BEHEER && a->kind == NB_ASSIGNMENT_REGIONAAL &&
               (nb_assignment_lines_locked(a->status) || a->status == NB_ASSIGNMENT_GEACCEPTEERD) &&
               nb_asg_consent_network(rows, n) == NULL) {
        char key[64] = "inwoners", note[128];
        rc = nb_store_setting_get(st, NB_SETTING_ALLOC_KEY, key, sizeof key, err);
        if (rc != 0 && rc != NB_ENOTFOUND) { /* unset: the default key; broken: say so */
            free(rows);
            return rc;
        }
        snprintf(note, sizeof note, "regionaal geaccepteerd; verdeelsleutel %s", key);
        rc = nb_asg_consent_record(st, actor, who, a, 0, NB_CONSENT_NETWORK, note, NULL, err);
    }
    free(rows);
    return rc;
}

int nb_asg_consent_agree(nb_store *st, const nb_actor *actor, const nb_principal *who,
                         const nb_asg *a, int64_t org, const char *note, nb_err *err)
{
    if (who->role != NB_ROLE_COORDINATOR || who->organisation_id != org)
        return nb_err_set(err, NB_EFORBIDDEN,
                          "Alleen een coördinator van organisatie %lld stemt in namens die "
                          "organisatie; niemand stemt in namens een andere organisatie.",
                          (long long)org);
    if (nb_assignment_status_is_final(a->status))
        return nb_err_set(err, NB_ECONFLICT, "Opdracht %lld is %s; instemmen kan niet meer.",
                          (long long)a->id, nb_assignment_status_name(a->status));
    if (a->kind == NB_ASSIGNMENT_REGIONAAL)
        return nb_err_set(err, NB_ECONFLICT,
                          "Opdracht %lld is regionaal: alle leden worden volgens de "
                          "verdeelsleutel van het netwerk belast zodra het "
                          "netwerkmanagementteam haar accepteert; een instemming per "
                          "organisatie is er niet.",
                          (long long)a->id);
    int64_t share, total;
    if (nb_consent_terms(a->kind, a->requesters, a->nrequesters, org, &share, &total) != 0)
        return nb_err_set(err, NB_ECONFLICT,
                          "Organisatie %lld is geen aanvrager van opdracht %lld; er is niets "
                          "om mee in te stemmen.",
                          (long long)org, (long long)a->id);
    nb_consent_row *rows = NULL;
    size_t n = 0;
    int rc = nb_consent_list(st, a->id, &rows, &n, err);
    if (rc == 0 && nb_asg_consent_covering(rows, n, a, org) == NULL)
        rc = nb_asg_consent_record(st, actor, who, a, org, NB_CONSENT_AGREED, note, NULL, err);
    free(rows);
    return rc;
}
