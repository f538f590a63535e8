/*
 * api/urenregistraties.c — /api/v1/urenregistraties: time entries, the
 * minutes a person worked on an assignment on a date, and their approval.
 *
 * Who may do what:
 *   - record (POST): a medewerker only for itself (medewerkerId absent or its
 *     own; another person is 403); a coordinator on behalf of a person of its
 *     own organisation (403 otherwise); beheer for anyone.
 *   - read: beheer everything; a coordinator the entries of its own
 *     organisation's people; a medewerker its own entries plus the entries
 *     it has to judge (assignments whose ambtelijk opdrachtgever it is).
 *     Other entries are 403. lezer: no access.
 *   - decide (PUT .../beoordeling): the assignment's ambtelijk opdrachtgever
 *     (a medewerker token whose person is the client_person_id) or beheer;
 *     everyone else 403. Nobody judges their own hours except beheer.
 *
 * The rules of an entry (core/hours.h) — date not in the future, the date
 * within the assignment's period (startdatum..einddatum), at most 24
 * hours per person per day (rejected entries do not count), the person has a
 * confirmed allocation on the assignment, the date not in a closed period —
 * are all reported at once as 422 with invalidParams. Deciding an entry that
 * was decided already, or whose date lies in a closed period, is 409: the
 * entry is immutable. Approval posts the minutes in the ledger against the
 * allocation's reservations (store/hours_ledger.h); a refusal by the limit
 * (minutes beyond the reservation) is 422 naming the organisation.
 * Rejection posts nothing and needs a reden.
 */
#include "api/api.h"

#include "core/hours.h"
#include "store/allocations.h"
#include "store/assignments.h"
#include "store/entry_flow.h"
#include "store/hours_ledger.h"
#include "store/people.h"
#include "store/time_entries.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Schemas ------------------------------------------------------------- */

static const nb_field nb_uren_fields[] = {
    {"medewerkerId", NB_F_INT, 0, 0, 1, INT64_MAX, NULL, NULL,
     "Id van de medewerker die werkte; een medewerker laat dit weg (of geeft het eigen id)"},
    {"opdrachtId", NB_F_INT, 1, 0, 1, INT64_MAX, NULL, NULL,
     "Id van de opdracht waarop de medewerker (bevestigd) is ingezet"},
    {"datum", NB_F_DATE, 1, 0, 0, 0, NULL, NULL, "De gewerkte dag; niet in de toekomst"},
    {"minuten", NB_F_INT, 1, 0, 1, NB_HOURS_DAY_MAX, NULL, NULL,
     "Gewerkte minuten, 1 tot en met 1440; met de andere registraties van die dag samen "
     "hoogstens 24 uur"},
    {"notitie", NB_F_STRING, 0, 0, 0, NB_ENTRY_NOTE_MAX, NULL, NULL, "Wat er gedaan is"},
};
const nb_schema nb_schema_urenregistratie =
    NB_SCHEMA("Urenregistratie", nb_uren_fields, "Gewerkte minuten op een opdracht op een dag");

static const char *const nb_uren_besluiten[] = {"goedgekeurd", "afgekeurd", NULL};
static const nb_field nb_beoordeling_fields[] = {
    {"besluit", NB_F_ENUM, 1, 0, 0, 0, nb_uren_besluiten, NULL,
     "goedgekeurd (de minuten worden geboekt) of afgekeurd (er wordt niets geboekt)"},
    {"reden", NB_F_STRING, 0, 1, 0, NB_ENTRY_REASON_MAX, NULL, NULL,
     "Toelichting; verplicht bij afkeuren"},
};
const nb_schema nb_schema_beoordeling =
    NB_SCHEMA("Beoordeling", nb_beoordeling_fields, "Het besluit over een urenregistratie");

const char *const nb_uren_statuses[] = {"ingediend", "goedgekeurd", "afgekeurd", NULL};

/* What nb_uren_jw writes, in its order. */
static const char *const nb_uren_transfer_roles[] = {"boeking", "herreservering", "extra", NULL};
static const nb_field nb_uren_transfer_out_fields[] = {
    NB_OUT("organisatieId", NB_F_INT, "De organisatie die betaalt"),
    NB_OUT("boekingId", NB_F_TEXTID, "Het id van de boeking in het grootboek"),
    NB_OUT_ENUM("rol", nb_uren_transfer_roles,
                "boeking (de goedgekeurde minuten), herreservering (de rest opnieuw "
                "gereserveerd) of extra (boven de reservering)"),
    NB_OUT("minuten", NB_F_INT, "Minuten van die boeking"),
};
static const nb_schema nb_out_uren_transfer =
    NB_SCHEMA_OUT("UrenregistratieBoeking", nb_uren_transfer_out_fields, NULL,
                  "Een boeking die de goedkeuring maakte");
static const nb_field nb_uren_out_fields[] = {
    NB_OUT_ID,
    NB_OUT("medewerkerId", NB_F_INT, NULL),
    NB_OUT("organisatieId", NB_F_INT, "De organisatie van de medewerker"),
    NB_OUT("opdrachtId", NB_F_INT, NULL),
    NB_OUT("inzetId", NB_F_INT, "De inzet waarop de uren vallen"),
    NB_OUT("datum", NB_F_DATE, NULL),
    NB_OUT("minuten", NB_F_INT, NULL),
    NB_OUT("notitie", NB_F_STRING, NULL),
    NB_OUT_ENUM("status", nb_uren_statuses, "ingediend, goedgekeurd of afgekeurd"),
    NB_OUT("vastgelegdDoor", NB_F_STRING, "Wie de uren registreerde (rol:label)"),
    NB_OUT_NULL("beoordeeldDoor", NB_F_STRING, "Wie besliste (rol:label)"),
    NB_OUT_NULL("beoordeeldDoorMedewerkerId", NB_F_INT, "De medewerker die besliste"),
    NB_OUT_NULL("beoordeeld", NB_F_DATETIME, "Wanneer beslist (UTC)"),
    NB_OUT("reden", NB_F_STRING, "Toelichting bij het besluit"),
    NB_OUT_LIST("boekingen", nb_out_uren_transfer, "De boekingen van de goedkeuring"),
    NB_OUT_AUDIT,
    NB_OUT_LINKS,
};
const nb_schema nb_out_urenregistratie =
    NB_SCHEMA_OUT("UrenregistratieUit", nb_uren_out_fields, &nb_schema_urenregistratie,
                  "Gewerkte minuten op een opdracht op een dag, met het besluit");
NB_SCHEMA_LIST_KEYSET(nb_out_urenregistratie_lijst, "UrenregistratieLijst", "urenregistraties",
                      nb_out_urenregistratie);

/* ---- Rendering ------------------------------------------------------------ */

/* The ledger transfers of one entry or of a list page's entries, in the
 * order nb_entry_transfer_list gives them (by entry id). */
typedef struct nb_uren_tset {
    int64_t *owner; /* owner[i]: the entry of t[i] */
    nb_entry_transfer *t;
    size_t n, cap;
} nb_uren_tset;

static int nb_uren_tset_add(void *ctx, int64_t entry_id, const nb_entry_transfer *t)
{
    nb_uren_tset *s = ctx;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        int64_t *owner = realloc(s->owner, cap * sizeof *owner);
        if (owner == NULL)
            return NB_ENOMEM;
        s->owner = owner;
        nb_entry_transfer *v = realloc(s->t, cap * sizeof *v);
        if (v == NULL)
            return NB_ENOMEM;
        s->t = v;
        s->cap = cap;
    }
    s->owner[s->n] = entry_id;
    s->t[s->n++] = *t;
    return 0;
}

static void nb_uren_tset_free(nb_uren_tset *s)
{
    free(s->owner);
    free(s->t);
}

/* An entry with its transfers: what nb_uren_jw writes. */
typedef struct nb_uren_view {
    const nb_entry *e;
    const nb_entry_transfer *t;
    size_t nt;
} nb_uren_view;

/* The view of e with its transfers in s (the run of owner == e->id). */
static nb_uren_view nb_uren_view_of(const nb_entry *e, const nb_uren_tset *s)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) { /* the first transfer of an entry >= e->id */
        size_t mid = lo + (hi - lo) / 2;
        if (s->owner[mid] < e->id)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < s->n && s->owner[end] == e->id)
        end++;
    return (nb_uren_view){e, s->t ? s->t + lo : NULL, end - lo};
}

/* An entry's JSON (nb_out_urenregistratie) with its transfers, streamed: a
 * list row as it is, a single answer through nb_uren_respond. */
static void nb_uren_jw(nb_jw *w, const nb_req *req, const void *obj)
{
    const nb_uren_view *v = obj;
    const nb_entry *e = v->e;
    nb_jw_obj(w, NULL);
    nb_jw_int(w, "id", e->id);
    nb_jw_int(w, "medewerkerId", e->person_id);
    nb_jw_int(w, "organisatieId", e->person_org_id);
    nb_jw_int(w, "opdrachtId", e->assignment_id);
    nb_jw_int(w, "inzetId", e->allocation_id);
    nb_jw_str(w, "datum", e->date);
    nb_jw_int(w, "minuten", e->minutes);
    nb_jw_str(w, "notitie", e->note);
    nb_jw_str(w, "status", e->status);
    nb_jw_str(w, "vastgelegdDoor", e->recorded_by);
    nb_jw_str_or_null(w, "beoordeeldDoor", e->decided_by);
    if (e->decided_by_person_id > 0)
        nb_jw_int(w, "beoordeeldDoorMedewerkerId", e->decided_by_person_id);
    else
        nb_jw_null(w, "beoordeeldDoorMedewerkerId");
    nb_jw_str_or_null(w, "beoordeeld", e->decided_at);
    nb_jw_str(w, "reden", e->reason);
    nb_jw_arr(w, "boekingen");
    for (size_t i = 0; v->t != NULL && i < v->nt; i++) {
        nb_jw_obj(w, NULL);
        nb_jw_int(w, "organisatieId", v->t[i].organisation_id);
        nb_jw_str(w, "boekingId", v->t[i].transfer_id);
        nb_jw_str(w, "rol", v->t[i].role);
        nb_jw_int(w, "minuten", v->t[i].minutes);
        nb_jw_obj_end(w);
    }
    nb_jw_arr_end(w);
    nb_jw_str(w, "aangemaakt", e->created_at);
    nb_jw_str(w, "gewijzigd", e->updated_at);
    nb_jw_int(w, "versie", e->revision);
    nb_jw_obj(w, "_links");
    nb_jw_href(w, "self", "%s/api/v1/urenregistraties/%lld", req->base_url, (long long)e->id);
    nb_jw_href(w, "beoordeling", "%s/api/v1/urenregistraties/%lld/beoordeling", req->base_url,
               (long long)e->id);
    nb_jw_href(w, "opdracht", "%s/api/v1/opdrachten/%lld", req->base_url,
               (long long)e->assignment_id);
    nb_jw_href(w, "inzet", "%s/api/v1/inzetten/%lld", req->base_url, (long long)e->allocation_id);
    nb_jw_obj_end(w);
    nb_jw_obj_end(w);
}

/* Answers status with e's JSON and its transfers, as the text the writer
 * makes (no tree: nb_resp_json_text, the ETag from e's revision); NB_EDB
 * when they cannot be read or written, NB_ENOMEM. */
static int nb_uren_respond(nb_req *req, nb_resp *resp, int status, const nb_entry *e)
{
    nb_err err = {{0}};
    nb_uren_tset s = {0};
    int rc = nb_entry_transfer_list(req->st, &e->id, 1, nb_uren_tset_add, &s, &err);
    if (rc == 0) {
        nb_uren_view v = nb_uren_view_of(e, &s);
        nb_buf b = NB_BUF_INIT;
        nb_jw w;
        nb_jw_init(&w, &b);
        nb_uren_jw(&w, req, &v);
        rc = nb_jw_status(&w);
        if (rc == NB_EINVAL)
            rc = NB_EDB; /* a stored string that is not UTF-8 */
        if (rc == 0)
            rc = nb_resp_json_text(resp, status, &b, e->revision);
        nb_buf_free(&b);
    }
    nb_uren_tset_free(&s);
    return rc;
}

/* "role:label" of the caller, for recorded_by/decided_by. */
static void nb_uren_actor(const nb_req *req, char *out, size_t n)
{
    nb_api_actor_text(nb_role_name(req->who->role), req->who->label, out, n);
}

/* ---- Visibility ------------------------------------------------------------ */

/* 1 when the caller may read entry e whose assignment's client is client_person. */
static int nb_uren_visible(const nb_req *req, const nb_entry *e, int64_t client_person)
{
    const nb_principal *who = req->who;
    switch (who->role) {
    case NB_ROLE_BEHEER:
        return 1;
    case NB_ROLE_COORDINATOR:
        return who->organisation_id > 0 && who->organisation_id == e->person_org_id;
    case NB_ROLE_MEDEWERKER:
        return who->person_id > 0 &&
               (who->person_id == e->person_id || who->person_id == client_person);
    default:
        return 0;
    }
}

/* ---- Handlers ------------------------------------------------------------ */

/* A list page's entries, kept until their transfers are read in one query. */
typedef struct nb_uren_page {
    nb_entry *v;
    int64_t *ids;
    size_t n, cap;
} nb_uren_page;

static int nb_uren_list_add(void *ctx, const nb_entry *e)
{
    nb_uren_page *pg = ctx;
    if (pg->n == pg->cap) {
        size_t cap = pg->cap ? pg->cap * 2 : 32;
        nb_entry *v = realloc(pg->v, cap * sizeof *v);
        if (v == NULL)
            return NB_ENOMEM;
        pg->v = v;
        int64_t *ids = realloc(pg->ids, cap * sizeof *ids);
        if (ids == NULL)
            return NB_ENOMEM;
        pg->ids = ids;
        pg->cap = cap;
    }
    pg->ids[pg->n] = e->id;
    pg->v[pg->n++] = *e;
    return 0;
}

int nb_api_uren_list(nb_req *req, nb_resp *resp)
{
    nb_page page;
    nb_err err = {{0}};
    nb_entry_filter f;
    memset(&f, 0, sizeof f);
    int bad = nb_req_page(req, resp, &page) != 0;
    bad |= nb_req_query_sort(req, resp, nb_entry_sort_fields, &f.sort);
    bad |= nb_req_query_id(req, resp, "medewerkerId", &f.person_id);
    bad |= nb_req_query_id(req, resp, "opdrachtId", &f.assignment_id);
    bad |= nb_req_query_id(req, resp, "organisatieId", &f.organisation_id);
    bad |= nb_req_query_date(req, resp, "vanaf", &f.from);
    bad |= nb_req_query_date(req, resp, "tot", &f.to);
    bad |= nb_req_query_enum(req, resp, "status", nb_uren_statuses, &f.status);
    if (bad)
        return 0;
    const nb_principal *who = req->who;
    if (who->role == NB_ROLE_COORDINATOR) {
        if (f.organisation_id != 0 && f.organisation_id != who->organisation_id)
            return nb_resp_problem(resp, 403, "Geen toegang",
                                   "Een coördinator ziet alleen de uren van medewerkers van de "
                                   "eigen organisatie (%lld).",
                                   (long long)who->organisation_id);
        f.organisation_id = who->organisation_id;
    } else if (who->role == NB_ROLE_MEDEWERKER) {
        if (f.person_id != 0 && f.person_id != who->person_id) {
            /* another person's entries: only those it judges */
            f.client_person_id = who->person_id;
        } else if (f.person_id == 0) {
            f.person_id = who->person_id;
            f.client_person_id = who->person_id;
            f.either_person_or_client = 1;
        }
        if (who->person_id <= 0)
            return nb_resp_problem(resp, 403, "Geen toegang",
                                   "Dit medewerkerstoken hoort bij geen medewerker.");
    }
    if (page.keyset) { /* na: the ids above it, in id order, nothing counted */
        f.sort.n = 1;
        f.sort.field[0] = 0; /* nb_entry_sort_fields[0]: id */
        f.sort.desc[0] = 0;
        f.after_id = page.after;
    }
    nb_uren_page pg = {0};
    nb_uren_tset ts = {0};
    nb_api_rows c;
    int64_t total = 0;
    int rc = nb_entry_list(req->st, &f, page.keyset ? 0 : (page.page - 1) * page.size, page.size,
                           nb_uren_list_add, &pg, page.keyset ? NULL : &total, &err);
    page.next_after = (int64_t)pg.n == page.size ? pg.v[pg.n - 1].id : 0;
    if (rc == 0 && pg.n > 0)
        rc = nb_entry_transfer_list(req->st, pg.ids, pg.n, nb_uren_tset_add, &ts, &err);
    nb_api_rows_begin(&c, req, resp);
    for (size_t i = 0; rc == 0 && i < pg.n; i++) {
        nb_uren_view v = nb_uren_view_of(&pg.v[i], &ts);
        nb_uren_jw(&c.w, req, &v);
    }
    free(pg.v);
    free(pg.ids);
    nb_uren_tset_free(&ts);
    return nb_api_rows_reply(resp, "urenregistraties", &c, rc, total, &page);
}

/* Loads entry path param 0 and its assignment's client; 404/403 filled when
 * not allowed. e and a need not be zeroed (malloc, not calloc: the assignment
 * is 26 KB, and zeroing it and the entry was a tenth of the approval's
 * instructions outside SQLite): the store's row readers set every field they
 * hand back, and nothing is read from them when this fails. */
static int nb_uren_load(nb_req *req, nb_resp *resp, nb_entry *e, nb_asg *a, int *rc)
{
    int64_t id;
    nb_err err = {{0}};
    *rc = 0;
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 1;
    /* in a row-locked write (the decision) the read locks the entry and its allocation */
    int r = nb_entry_get(req->st, id, e, &err);
    if (r == 0) /* without its lines: neither the answer nor the decision reads them */
        r = nb_asg_get_terms(req->st, e->assignment_id, a, &err);
    if (r != 0) {
        *rc = nb_resp_from_err(resp, r, &err);
        return 1;
    }
    return 0;
}

int nb_api_uren_get(nb_req *req, nb_resp *resp)
{
    int rc = 0;
    nb_entry *e = malloc(sizeof *e);
    nb_asg *a = malloc(sizeof *a);
    if (e == NULL || a == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    if (nb_uren_load(req, resp, e, a, &rc) != 0)
        goto cleanup;
    if (!nb_uren_visible(req, e, a->client_person_id)) {
        nb_resp_problem(resp, 403, "Geen toegang",
                        "Urenregistratie %lld is alleen zichtbaar voor de medewerker, de "
                        "coördinator van diens organisatie, de ambtelijk opdrachtgever en beheer.",
                        (long long)e->id);
        goto cleanup;
    }
    rc = nb_uren_respond(req, resp, 200, e);
cleanup:
    free(a);
    free(e);
    return rc;
}

int nb_api_uren_create(nb_req *req, nb_resp *resp)
{
    nb_err err = {{0}};
    const nb_principal *who = req->who;
    int rc = 0, bad = 0;
    nb_entry *e = calloc(1, sizeof *e);
    nb_asg *a = calloc(1, sizeof *a);
    nb_person *p = calloc(1, sizeof *p);
    if (e == NULL || a == NULL || p == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    e->person_id = nb_body_int(req->body, "medewerkerId", 0);
    e->assignment_id = nb_body_int(req->body, "opdrachtId", 0);
    e->minutes = nb_body_int(req->body, "minuten", 0);
    snprintf(e->date, sizeof e->date, "%s", nb_body_str(req->body, "datum", ""));
    snprintf(e->note, sizeof e->note, "%s", nb_body_str(req->body, "notitie", ""));

    /* Whose hours: a medewerker records only its own. */
    if (who->role == NB_ROLE_MEDEWERKER) {
        if (who->person_id <= 0) {
            nb_resp_problem(resp, 403, "Geen toegang",
                            "Dit medewerkerstoken hoort bij geen medewerker.");
            goto cleanup;
        }
        if (e->person_id != 0 && e->person_id != who->person_id) {
            nb_resp_problem(resp, 403, "Geen toegang",
                            "Een medewerker schrijft alleen de eigen uren (medewerker %lld), niet "
                            "die van medewerker %lld.",
                            (long long)who->person_id, (long long)e->person_id);
            goto cleanup;
        }
        e->person_id = who->person_id;
    } else if (e->person_id == 0) {
        nb_resp_invalid(resp, "medewerkerId", "is verplicht voor %s: voor wie zijn de uren?",
                        nb_role_name(who->role));
        bad++;
    }

    /* References. */
    int r = e->person_id ? nb_person_get(req->st, e->person_id, p, &err) : 0;
    if (r == NB_ENOTFOUND) {
        nb_resp_invalid(resp, "medewerkerId", "verwijst naar medewerker %lld, die niet bestaat",
                        (long long)e->person_id);
        bad++;
    } else if (r != 0) {
        rc = r;
        goto cleanup;
    }
    r = nb_asg_get(req->st, e->assignment_id, a, &err);
    if (r == NB_ENOTFOUND) {
        nb_resp_invalid(resp, "opdrachtId", "verwijst naar opdracht %lld, die niet bestaat",
                        (long long)e->assignment_id);
        bad++;
    } else if (r != 0) {
        rc = r;
        goto cleanup;
    }
    if (bad > 0)
        goto cleanup;
    if (who->role == NB_ROLE_COORDINATOR && p->organisation_id != who->organisation_id) {
        nb_resp_problem(resp, 403, "Geen toegang",
                        "Een coördinator schrijft alleen uren namens medewerkers van de eigen "
                        "organisatie (%lld); medewerker %lld hoort bij organisatie %lld.",
                        (long long)who->organisation_id, (long long)e->person_id,
                        (long long)p->organisation_id);
        goto cleanup;
    }

    /* The rules of core/hours.h, all at once (store/entry_flow.h). */
    nb_hours_problem problems[8];
    size_t np = 0;
    rc = nb_entry_check_new(req->st, e, a, nb_date_today(), problems, 8, &np, &err);
    if (rc == NB_EINVAL) { /* the schema refused this already */
        rc = 0;
        nb_resp_invalid(resp, "datum", "moet een datum zijn (JJJJ-MM-DD)");
        goto cleanup;
    }
    if (rc != 0)
        goto cleanup;
    if (np > 0) {
        for (size_t i = 0; i < np && i < 8; i++)
            nb_resp_invalid(resp, problems[i].field, "%s", problems[i].reason);
        nb_resp_problem(resp, 422, "Uren niet te registreren",
                        "Deze uren kunnen niet worden geregistreerd: %s%s", problems[0].reason,
                        np > 1 ? " (en meer; zie invalidParams)" : "");
        goto cleanup;
    }

    nb_uren_actor(req, e->recorded_by, sizeof e->recorded_by);
    rc = nb_entry_insert(req->st, e, &err);
    if (rc == 0)
        rc = nb_api_audit(req, "create", "urenregistratie", e->id, req->body);
    if (rc == 0)
        rc = nb_entry_get(req->st, e->id, e, &err);
    if (rc != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    nb_api_location(req, resp, "urenregistraties", e->id);
    rc = nb_uren_respond(req, resp, 201, e);
cleanup:
    free(p);
    free(a);
    free(e);
    return rc;
}

int nb_api_uren_decide(nb_req *req, nb_resp *resp)
{
    nb_err err = {{0}};
    const nb_principal *who = req->who;
    int rc = 0;
    nb_entry *e = malloc(sizeof *e);
    nb_asg *a = malloc(sizeof *a);
    if (e == NULL || a == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    if (nb_uren_load(req, resp, e, a, &rc) != 0)
        goto cleanup;
    const char *besluit = nb_body_str(req->body, "besluit", "");
    const char *reden = nb_body_str(req->body, "reden", "");
    int approve = strcmp(besluit, "goedgekeurd") == 0;

    /* Who decides, the rules and the ledger: store/entry_flow.h. */
    char actor[160];
    nb_uren_actor(req, actor, sizeof actor);
    nb_entry_judge_in in = {nb_api_is_beheer(req),
                            who->role == NB_ROLE_MEDEWERKER ? who->person_id : 0,
                            actor,
                            &req->actor,
                            approve,
                            reden};
    nb_entry_judge_out *out = malloc(sizeof *out);
    if (out == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    rc = nb_entry_judge(req->st, e, a, &in, out, &err);
    int repeated = 0;
    switch (out->fail) {
    case NB_ENTRY_JUDGE_OK:
        break;
    case NB_ENTRY_JUDGE_OWN:
        rc = nb_resp_problem(resp, 403, "Geen toegang",
                             "De ambtelijk opdrachtgever beoordeelt geen eigen uren; dat doet het "
                             "netwerkmanagementteam (beheer).");
        break;
    case NB_ENTRY_JUDGE_NOT_JUDGE:
        rc = nb_resp_problem(resp, 403, "Geen toegang",
                             "Urenregistratie %lld op opdracht %lld wordt beoordeeld door de "
                             "ambtelijk opdrachtgever (medewerker %lld) of door beheer.",
                             (long long)e->id, (long long)a->id, (long long)a->client_person_id);
        break;
    case NB_ENTRY_JUDGE_NO_REASON:
        nb_resp_invalid(resp, "reden",
                        "is verplicht bij afkeuren: waarom worden de uren afgekeurd?");
        rc = 0;
        break;
    case NB_ENTRY_JUDGE_DECIDED:
        if (nb_api_status_repeated(e->status, besluit)) {
            repeated = 1; /* the same decision again: nothing changes, 200 */
            rc = 0;
            break;
        }
        rc = nb_resp_problem(resp, 409, "Al beoordeeld",
                             "Urenregistratie %lld is al %s (door %s op %s); een besluit is "
                             "definitief.",
                             (long long)e->id, e->status, e->decided_by, e->decided_at);
        break;
    case NB_ENTRY_JUDGE_CLOSED:
        rc = nb_resp_problem(resp, 409, "Periode afgesloten",
                             "Urenregistratie %lld (%s) valt in de afgesloten periode %s t/m %s en "
                             "kan niet meer worden beoordeeld.",
                             (long long)e->id, e->date, out->period.from, out->period.to);
        break;
    case NB_ENTRY_JUDGE_REFUSED:
        rc = nb_api_hours_refusal(req, resp, e->assignment_id, rc, &out->refusal, &err);
        break;
    }
    int refused = out->fail != NB_ENTRY_JUDGE_OK && !repeated;
    /* The answer shows the row the decision wrote, made from the one read
     * before it in this transaction (no second read); a repeated decision
     * changed nothing. */
    if (rc == 0 && !refused && !repeated)
        nb_entry_judged(e, &in, out);
    free(out);
    if (refused)
        goto cleanup;
    if (rc != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    rc = nb_uren_respond(req, resp, 200, e);
cleanup:
    free(a);
    free(e);
    return rc;
}
