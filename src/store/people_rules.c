/*
 * store/people_rules.c — the person rules shared by the API and the pages
 * (store/people_rules.h): visibility, who may edit, the checks beyond the
 * field shapes, and saving with the audit entry.
 */
#include "store/people_rules.h"

#include "store/competencies.h"
#include "store/organisations.h"
#include "util/date.h"

int nb_person_visibility(const nb_principal *who, int64_t person_org, int64_t person_id)
{
    if (who == NULL)
        return NB_PERSON_VIS_BASIC;
    switch (who->role) {
    case NB_ROLE_BEHEER:
        return NB_PERSON_VIS_PERSONAL;
    case NB_ROLE_COORDINATOR:
        return who->organisation_id > 0 && who->organisation_id == person_org
                   ? NB_PERSON_VIS_PERSONAL
                   : NB_PERSON_VIS_BASIC;
    case NB_ROLE_MEDEWERKER:
        return who->person_id > 0 && who->person_id == person_id ? NB_PERSON_VIS_PERSONAL
                                                                 : NB_PERSON_VIS_BASIC;
    default:
        return NB_PERSON_VIS_BASIC;
    }
}

int nb_person_may_edit(const nb_principal *who, int64_t person_org)
{
    if (who == NULL)
        return 0;
    if (who->role == NB_ROLE_BEHEER)
        return 1;
    return who->role == NB_ROLE_COORDINATOR && who->organisation_id > 0 &&
           who->organisation_id == person_org;
}

/* Checks one list of competency ids (comps or wishes); returns the number of
 * problems or a negative code. */
static int nb_person_check_ids(nb_store *st, const int64_t *ids, size_t n,
                               nb_person_problem missing, nb_person_problem dup,
                               nb_person_problem_fn fn, void *ctx, nb_err *err)
{
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t cid = ids[i];
        int exists = nb_comp_exists(st, cid, err);
        if (exists < 0)
            return exists;
        if (exists == 0) {
            fn(ctx, missing, i, 0, cid, 0);
            bad++;
        }
        for (size_t k = 0; k < i; k++) {
            if (ids[k] == cid) {
                fn(ctx, dup, i, k, cid, 0);
                bad++;
                break;
            }
        }
    }
    return bad;
}

int nb_person_check(nb_store *st, const nb_person *p, nb_person_problem_fn fn, void *ctx,
                    nb_err *err)
{
    int bad = 0, rc;
    if (p->contract_minutes_week < 0 || p->contract_minutes_week > NB_PERSON_MAX_WEEK_MINUTES ||
        p->network_minutes_week < 0 || p->network_minutes_week > NB_PERSON_MAX_WEEK_MINUTES) {
        fn(ctx, NB_PERSON_P_WEEK_RANGE, 0, 0, NB_PERSON_MAX_WEEK_MINUTES, 0);
        bad++;
    } else if (p->network_minutes_week > p->contract_minutes_week) {
        fn(ctx, NB_PERSON_P_NETWORK_OVER_CONTRACT, 0, 0, p->contract_minutes_week, 0);
        bad++;
    }
    if (p->birth_year > 0) {
        int y, m, d;
        nb_date_to_ymd(nb_date_today(), &y, &m, &d);
        if (p->birth_year > y - NB_PERSON_AGE_MIN || p->birth_year < y - NB_PERSON_AGE_MAX) {
            fn(ctx, NB_PERSON_P_BIRTH_YEAR, 0, 0, y - NB_PERSON_AGE_MAX, y - NB_PERSON_AGE_MIN);
            bad++;
        }
    }
    nb_org org;
    rc = nb_org_get(st, p->organisation_id, &org, err);
    if (rc == NB_ENOTFOUND) {
        fn(ctx, NB_PERSON_P_NO_ORGANISATION, 0, 0, p->organisation_id, 0);
        bad++;
    } else if (rc != 0) {
        return rc;
    }
    int64_t cids[NB_PERSON_MAX_COMPS] = {0};
    size_t ncomps = p->ncomps < NB_PERSON_MAX_COMPS ? p->ncomps : NB_PERSON_MAX_COMPS;
    for (size_t i = 0; i < ncomps; i++)
        cids[i] = p->comps[i].competency_id;
    rc = nb_person_check_ids(st, cids, ncomps, NB_PERSON_P_NO_COMPETENCY,
                             NB_PERSON_P_DUP_COMPETENCY, fn, ctx, err);
    if (rc < 0)
        return rc;
    bad += rc;
    for (size_t i = 0; i < ncomps; i++) {
        if (p->comps[i].level < 1 || p->comps[i].level > 5) {
            fn(ctx, NB_PERSON_P_LEVEL, i, 0, p->comps[i].level, 0);
            bad++;
        }
    }
    rc = nb_person_check_ids(st, p->wishes,
                             p->nwishes < NB_PERSON_MAX_WISHES ? p->nwishes : NB_PERSON_MAX_WISHES,
                             NB_PERSON_P_NO_WISH, NB_PERSON_P_DUP_WISH, fn, ctx, err);
    if (rc < 0)
        return rc;
    return bad + rc;
}

int nb_person_save(nb_store *st, const nb_actor *actor, nb_person *p, const char *detail_json,
                   nb_err *err)
{
    int rc = nb_person_update(st, p, err);
    if (rc == 0)
        rc = nb_store_audit(st, actor, "update", "medewerker", p->id, detail_json, err);
    return rc;
}
