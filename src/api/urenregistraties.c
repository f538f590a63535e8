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

/* What nb_uren_json and nb_uren_transfer_add write, in their order. */
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
NB_SCHEMA_LIST(nb_out_urenregistratie_lijst, "UrenregistratieLijst", "urenregistraties",
               nb_out_urenregistratie);

/* ---- Rendering ------------------------------------------------------------ */

static int nb_uren_transfer_add(void *ctx, const nb_entry_transfer *t)
{
    return json_array_append_new(ctx, json_pack("{s:I, s:s, s:s, s:I}", "organisatieId",
                                                (json_int_t)t->organisation_id, "boekingId",
                                                t->transfer_id, "rol", t->role, "minuten",
                                                (json_int_t)t->minutes)) == 0
               ? 0
               : NB_ENOMEM;
}

static json_t *nb_uren_str_or_null(const char *s)
{
    return s[0] ? json_string(s) : json_null();
}

/* The JSON of entry e with its ledger transfers; NULL on a database error. */
static json_t *nb_uren_json(const nb_req *req, const nb_entry *e)
{
    nb_err err = {{0}};
    json_t *transfers = json_array();
    if (nb_entry_transfer_list(req->st, e->id, nb_uren_transfer_add, transfers, &err) != 0) {
        json_decref(transfers);
        return NULL;
    }
    char href[512];
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(e->id));
    json_object_set_new(j, "medewerkerId", json_integer(e->person_id));
    json_object_set_new(j, "organisatieId", json_integer(e->person_org_id));
    json_object_set_new(j, "opdrachtId", json_integer(e->assignment_id));
    json_object_set_new(j, "inzetId", json_integer(e->allocation_id));
    json_object_set_new(j, "datum", json_string(e->date));
    json_object_set_new(j, "minuten", json_integer(e->minutes));
    json_object_set_new(j, "notitie", json_string(e->note));
    json_object_set_new(j, "status", json_string(e->status));
    json_object_set_new(j, "vastgelegdDoor", json_string(e->recorded_by));
    json_object_set_new(j, "beoordeeldDoor", nb_uren_str_or_null(e->decided_by));
    json_object_set_new(j, "beoordeeldDoorMedewerkerId",
                        e->decided_by_person_id > 0 ? json_integer(e->decided_by_person_id)
                                                    : json_null());
    json_object_set_new(j, "beoordeeld", nb_uren_str_or_null(e->decided_at));
    json_object_set_new(j, "reden", json_string(e->reason));
    json_object_set_new(j, "boekingen", transfers);
    json_object_set_new(j, "aangemaakt", json_string(e->created_at));
    json_object_set_new(j, "gewijzigd", json_string(e->updated_at));
    json_object_set_new(j, "versie", json_integer(e->revision));
    json_t *links = nb_hal_self(req, "urenregistraties", e->id);
    snprintf(href, sizeof href, "%s/api/v1/urenregistraties/%lld/beoordeling", req->base_url,
             (long long)e->id);
    json_object_set_new(links, "beoordeling", json_pack("{s:s}", "href", href));
    snprintf(href, sizeof href, "%s/api/v1/opdrachten/%lld", req->base_url,
             (long long)e->assignment_id);
    json_object_set_new(links, "opdracht", json_pack("{s:s}", "href", href));
    snprintf(href, sizeof href, "%s/api/v1/inzetten/%lld", req->base_url,
             (long long)e->allocation_id);
    json_object_set_new(links, "inzet", json_pack("{s:s}", "href", href));
    json_object_set_new(j, "_links", links);
    return j;
}

static int nb_uren_respond(nb_req *req, nb_resp *resp, int status, const nb_entry *e)
{
    json_t *j = nb_uren_json(req, e);
    if (j == NULL)
        return NB_EDB;
    return nb_resp_json(resp, status, j);
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

static int nb_uren_list_add(void *ctx, const nb_entry *e)
{
    nb_api_list *c = ctx;
    json_t *j = nb_uren_json(c->req, e);
    if (j == NULL)
        return NB_EDB;
    return json_array_append_new(c->items, j) == 0 ? 0 : NB_ENOMEM;
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
    nb_api_list c = {req, json_array()};
    int64_t total = 0;
    int rc = nb_entry_list(req->st, &f, (page.page - 1) * page.size, page.size, nb_uren_list_add,
                           &c, &total, &err);
    return nb_api_list_reply(resp, "urenregistraties", &c, rc, total, &page);
}

/* Loads entry path param 0 and its assignment's client; 404/403 filled when not allowed. */
static int nb_uren_load(nb_req *req, nb_resp *resp, nb_entry *e, nb_asg *a, int *rc)
{
    int64_t id;
    nb_err err = {{0}};
    *rc = 0;
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 1;
    int r = nb_entry_get(req->st, id, e, &err);
    if (r == 0)
        r = nb_asg_get(req->st, e->assignment_id, a, &err);
    if (r != 0) {
        *rc = nb_resp_from_err(resp, r, &err);
        return 1;
    }
    return 0;
}

int nb_api_uren_get(nb_req *req, nb_resp *resp)
{
    int rc = 0;
    nb_entry *e = calloc(1, sizeof *e);
    nb_asg *a = calloc(1, sizeof *a);
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
    nb_entry *e = calloc(1, sizeof *e);
    nb_asg *a = calloc(1, sizeof *a);
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
    nb_entry_judge_out *out = calloc(1, sizeof *out);
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
    free(out);
    if (refused)
        goto cleanup;
    if (rc == 0)
        rc = nb_entry_get(req->st, e->id, e, &err);
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
