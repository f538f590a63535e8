/*
 * api/inzet.c — /api/v1/inzetten (formerly /api/v1/inzet, now a deprecated alias): allocations, a person's planned minutes on a
 * line of an assignment (DOMAIN rule 4: planned, then posted).
 *
 * Who may do what:
 *   - read: every role (an allocation says who works on what and for how
 *     long; it carries no personal data of rule 8).
 *   - create, confirm, end: beheer for every assignment; a coordinator only
 *     for assignments its organisation requests (403 otherwise).
 *
 * Status: concept → bevestigd (PUT .../status {"status":"bevestigd"}) reserves
 * the minutes in the ledger — one pending work transfer per charged
 * organisation, a LINKED chain (store/hours_ledger.h); a refusal by the limit
 * is 422 naming the organisation, its available minutes and the shortfall.
 * → beeindigd releases (voids) what is still reserved; ending the assignment
 * ends its allocations (opdrachten.c).
 *
 * Eligibility — ONE check for every path that makes or confirms an
 * allocation (here, and accepting a team proposal): store/hours_ledger.h
 * nb_hours_ledger_eligible → core/hours.h nb_hours_alloc_eligible. The
 * person is active (422), the assignment is geaccepteerd, bemenst or
 * in-uitvoering (409), the line's allocations that are not ended plus this
 * one stay within the line's minutes (422 naming the line, its minutes and
 * what is already allocated), and — at confirm, when minutes are reserved —
 * every organisation the assignment charges has consented (DOMAIN rule 9,
 * api/instemmingen.c; 409 "instemming ontbreekt" naming them). A person's
 * own capacity is not capped here: the teaming engine plans within
 * availability.
 */
#include "api/api.h"

#include "core/hours.h"
#include "store/allocations.h"
#include "store/assignments.h"
#include "store/hours_ledger.h"
#include "store/people.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Schemas ------------------------------------------------------------- */

static const nb_field nb_inzet_fields[] = {
    {"opdrachtId", NB_F_INT, 1, 0, 1, INT64_MAX, NULL, NULL, "Id van de opdracht"},
    {"regelId", NB_F_INT, 1, 0, 1, INT64_MAX, NULL, NULL,
     "Id van de regel (gevraagde competentie) van die opdracht"},
    {"medewerkerId", NB_F_INT, 1, 0, 1, INT64_MAX, NULL, NULL, "Id van de ingezette medewerker"},
    {"minuten", NB_F_INT, 1, 0, 1, 100000000, NULL, NULL, "Geplande tijd in minuten"},
    {"notitie", NB_F_STRING, 0, 0, 0, NB_ALLOC_NOTE_MAX, NULL, NULL, "Toelichting"},
};
const nb_schema nb_schema_inzet =
    NB_SCHEMA("Inzet", nb_inzet_fields, "Geplande inzet van een medewerker op een opdrachtregel");

static const char *const nb_inzet_to[] = {"bevestigd", "beeindigd", NULL};
static const nb_field nb_inzet_status_fields[] = {
    {"status", NB_F_ENUM, 1, 0, 0, 0, nb_inzet_to, NULL,
     "bevestigd: de minuten worden in het grootboek gereserveerd; beeindigd: wat nog "
     "gereserveerd is, wordt vrijgegeven"},
};
const nb_schema nb_schema_inzet_status =
    NB_SCHEMA("InzetStatus", nb_inzet_status_fields, "Een statusovergang van een inzet");

const char *const nb_inzet_statuses[] = {"concept", "bevestigd", "beeindigd", NULL};

/* What nb_inzet_json and nb_inzet_res_add write, in their order. */
static const char *const nb_inzet_res_states[] = {"open", "geboekt", "vrijgegeven", NULL};
static const nb_field nb_inzet_res_out_fields[] = {
    NB_OUT("organisatieId", NB_F_INT, "De aanvrager bij wie gereserveerd is"),
    NB_OUT("volgnummer", NB_F_INT, "1 voor de eerste reservering, +1 na elke herreservering"),
    NB_OUT("boekingId", NB_F_TEXTID, "Het id van de reservering in het grootboek"),
    NB_OUT("minuten", NB_F_INT, "Gereserveerde minuten"),
    NB_OUT_ENUM("status", nb_inzet_res_states, "open, geboekt of vrijgegeven"),
    NB_OUT_OPT("geboekteMinuten", NB_F_INT, "Bij geboekt: zoveel minuten zijn geboekt"),
    NB_OUT_NULL("afgehandeldDoor", NB_F_TEXTID, "De boeking die de reservering afhandelde"),
};
static const nb_schema nb_out_inzet_reservering =
    NB_SCHEMA_OUT("InzetReservering", nb_inzet_res_out_fields, NULL,
                  "Een reservering in het grootboek voor deze inzet");
static const nb_field nb_inzet_out_fields[] = {
    NB_OUT_ID,
    NB_OUT("opdrachtId", NB_F_INT, NULL),
    NB_OUT("regelId", NB_F_INT, NULL),
    NB_OUT("medewerkerId", NB_F_INT, NULL),
    NB_OUT("organisatieId", NB_F_INT, "De organisatie van de medewerker"),
    NB_OUT("minuten", NB_F_INT, NULL),
    NB_OUT("goedgekeurdeMinuten", NB_F_INT, "Goedgekeurde (geboekte) minuten"),
    NB_OUT("gereserveerdMinuten", NB_F_INT, "Minuten die nog gereserveerd staan"),
    NB_OUT_ENUM("status", nb_inzet_statuses, "concept, bevestigd of beeindigd"),
    NB_OUT("notitie", NB_F_STRING, NULL),
    NB_OUT_NULL("bevestigd", NB_F_DATETIME, "Wanneer bevestigd (UTC)"),
    NB_OUT_NULL("beeindigd", NB_F_DATETIME, "Wanneer beëindigd (UTC)"),
    /* NB_OUT_LIST, but not always present: a list row carries it only with
     * expand=reserveringen (and on the deprecated path /api/v1/inzet). */
    {"reserveringen", NB_F_ARRAY, 0, 0, 0, 0, NULL, &nb_out_inzet_reservering,
     "De reserveringen, oudste eerst. Altijd bij één inzet; in een lijst alleen met "
     "expand=reserveringen"},
    NB_OUT_AUDIT,
    NB_OUT_LINKS,
};
const nb_schema nb_out_inzet =
    NB_SCHEMA_OUT("InzetUit", nb_inzet_out_fields, &nb_schema_inzet,
                  "Geplande inzet van een medewerker op een opdrachtregel");
NB_SCHEMA_LIST_KEYSET(nb_out_inzet_lijst, "InzetLijst", "inzetten", nb_out_inzet);
/* The page under the deprecated path /api/v1/inzet (api/alias.c): its old _embedded name. */
NB_SCHEMA_LIST_KEYSET(nb_out_inzet_lijst_oud, "InzetLijstVerouderd", "inzet", nb_out_inzet);

/* ---- Rendering ------------------------------------------------------------ */

typedef struct nb_inzet_res_ctx {
    json_t *items;
    int64_t open_minutes;
} nb_inzet_res_ctx;

static int nb_inzet_res_add(void *ctx, const nb_alloc_res *r)
{
    nb_inzet_res_ctx *c = ctx;
    json_t *j =
        json_pack("{s:I, s:I, s:s, s:I, s:s}", "organisatieId", (json_int_t)r->organisation_id,
                  "volgnummer", (json_int_t)r->seq, "boekingId", r->transfer_id, "minuten",
                  (json_int_t)r->minutes, "status", r->state);
    if (strcmp(r->state, "geboekt") == 0)
        json_object_set_new(j, "geboekteMinuten", json_integer(r->posted_minutes));
    json_object_set_new(j, "afgehandeldDoor",
                        r->resolved_by[0] ? json_string(r->resolved_by) : json_null());
    if (strcmp(r->state, "open") == 0)
        c->open_minutes += r->minutes;
    return json_array_append_new(c->items, j) == 0 ? 0 : NB_ENOMEM;
}

static json_t *nb_str_or_null(const char *s)
{
    return s[0] ? json_string(s) : json_null();
}

/* The JSON of allocation a, with its reservations; NULL on a database error. */
static json_t *nb_inzet_json(const nb_req *req, const nb_alloc *a)
{
    nb_err err = {{0}};
    nb_inzet_res_ctx c = {json_array(), 0};
    if (nb_alloc_res_list(req->st, a->id, nb_inzet_res_add, &c, &err) != 0) {
        json_decref(c.items);
        return NULL;
    }
    char href[512];
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(a->id));
    json_object_set_new(j, "opdrachtId", json_integer(a->assignment_id));
    json_object_set_new(j, "regelId", json_integer(a->line_id));
    json_object_set_new(j, "medewerkerId", json_integer(a->person_id));
    json_object_set_new(j, "organisatieId", json_integer(a->person_org_id));
    json_object_set_new(j, "minuten", json_integer(a->minutes));
    json_object_set_new(j, "goedgekeurdeMinuten", json_integer(a->minutes_posted));
    json_object_set_new(j, "gereserveerdMinuten", json_integer(c.open_minutes));
    json_object_set_new(j, "status", json_string(a->status));
    json_object_set_new(j, "notitie", json_string(a->note));
    json_object_set_new(j, "bevestigd", nb_str_or_null(a->confirmed_at));
    json_object_set_new(j, "beeindigd", nb_str_or_null(a->ended_at));
    json_object_set_new(j, "reserveringen", c.items);
    json_object_set_new(j, "aangemaakt", json_string(a->created_at));
    json_object_set_new(j, "gewijzigd", json_string(a->updated_at));
    json_object_set_new(j, "versie", json_integer(a->revision));
    json_t *links = nb_hal_self(req, "inzetten", a->id);
    snprintf(href, sizeof href, "%s/api/v1/inzetten/%lld/status", req->base_url, (long long)a->id);
    json_object_set_new(links, "status", json_pack("{s:s}", "href", href));
    snprintf(href, sizeof href, "%s/api/v1/opdrachten/%lld", req->base_url,
             (long long)a->assignment_id);
    json_object_set_new(links, "opdracht", json_pack("{s:s}", "href", href));
    snprintf(href, sizeof href, "%s/api/v1/medewerkers/%lld", req->base_url,
             (long long)a->person_id);
    json_object_set_new(links, "medewerker", json_pack("{s:s}", "href", href));
    json_object_set_new(j, "_links", links);
    return j;
}

/* ---- Access ------------------------------------------------------------- */

static int nb_inzet_is_requester(const nb_asg *a, int64_t org)
{
    for (size_t i = 0; i < a->nrequesters; i++)
        if (a->requesters[i].organisation_id == org)
            return 1;
    return 0;
}

/* 1 when the caller may plan on assignment a; else fills 403 and returns 0. */
static int nb_inzet_may_plan(const nb_req *req, const nb_asg *a, nb_resp *resp)
{
    if (nb_api_is_beheer(req))
        return 1;
    if (req->who->role == NB_ROLE_COORDINATOR && req->who->organisation_id > 0 &&
        nb_inzet_is_requester(a, req->who->organisation_id))
        return 1;
    nb_resp_problem(resp, 403, "Geen toegang",
                    "Inzet op opdracht %lld plant het netwerkmanagementteam (beheer) of een "
                    "coördinator van een aanvragende organisatie.",
                    (long long)a->id);
    return 0;
}

int nb_api_hours_refusal(nb_req *req, nb_resp *resp, int64_t assignment_id, int rc,
                         const nb_hours_refusal *r, const nb_err *err)
{
    if (rc == NB_ELIMIT && r != NULL && r->nproblems > 0) {
        const nb_hours_problem *first = &r->problems[0];
        for (size_t i = 0; i < r->nproblems && i < NB_HOURS_REFUSAL_MAX; i++)
            nb_resp_invalid(resp, r->problems[i].field, "%s", r->problems[i].reason);
        switch (first->rule) {
        case NB_HOURS_NO_CONSENT:
            return nb_api_consent_problem(req, resp, assignment_id, &r->missing);
        case NB_HOURS_ASSIGNMENT_CLOSED:
            return nb_resp_problem(resp, 409, "Opdracht niet in te zetten", "%s.", first->reason);
        case NB_HOURS_PERSON_INACTIVE:
            return nb_resp_problem(resp, 422, "Medewerker niet actief", "%s.", first->reason);
        case NB_HOURS_OVER_LINE:
            return nb_resp_problem(resp, 422, "Regel al ingepland",
                                   "Deze inzet past niet binnen opdracht %lld: %s.",
                                   (long long)assignment_id, first->reason);
        default:
            return nb_resp_problem(resp, 422, "Regel overtreden", "%s.", first->reason);
        }
    }
    if (rc == NB_ELIMIT && r != NULL && r->ledger.code == NB_TR_EXCEEDS_LIMIT)
        return nb_api_limit_problem(req, resp, r->ledger.account_id, r->ledger.available,
                                    r->ledger.shortfall);
    return nb_resp_from_err(resp, rc, err);
}

/* ---- Handlers ------------------------------------------------------------ */

/* What ?expand= may name on the list (docs/api.md, "Allocations"). */
const char *const nb_inzet_expands[] = {"reserveringen", NULL};

/* A page of allocations and their reservations (or, without them, the open
 * minutes of each), loaded before any row is written (gereserveerdMinuten
 * comes before reserveringen). */
typedef struct nb_inzet_page {
    nb_alloc *rows;
    int64_t *ids;
    int64_t *open_minutes; /* per row, without the reservations */
    size_t n, cap;
    nb_alloc_res *res; /* by allocation id, then id */
    size_t nres, capres;
} nb_inzet_page;

static int nb_inzet_page_add(void *ctx, const nb_alloc *a)
{
    nb_inzet_page *p = ctx;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        nb_alloc *rows = realloc(p->rows, cap * sizeof *rows);
        if (rows == NULL)
            return NB_ENOMEM;
        p->rows = rows;
        int64_t *ids = realloc(p->ids, cap * sizeof *ids);
        if (ids == NULL)
            return NB_ENOMEM;
        p->ids = ids;
        p->cap = cap;
    }
    p->ids[p->n] = a->id;
    p->rows[p->n++] = *a;
    return 0;
}

static int nb_inzet_page_res(void *ctx, const nb_alloc_res *r)
{
    nb_inzet_page *p = ctx;
    if (p->nres == p->capres) {
        size_t cap = p->capres ? p->capres * 2 : 64;
        nb_alloc_res *v = realloc(p->res, cap * sizeof *v);
        if (v == NULL)
            return NB_ENOMEM;
        p->res = v;
        p->capres = cap;
    }
    p->res[p->nres++] = *r;
    return 0;
}

/* The open minutes of allocation id, into its row of p (rows are in id order
 * in the default order, but not when sorted: found by search). */
static int nb_inzet_page_open(void *ctx, int64_t id, int64_t minutes)
{
    nb_inzet_page *p = ctx;
    for (size_t i = 0; i < p->n; i++)
        if (p->ids[i] == id)
            p->open_minutes[i] = minutes;
    return 0;
}

/* The first reservation of allocation id in p->res (sorted), or p->nres. */
static size_t nb_inzet_page_first(const nb_inzet_page *p, int64_t id)
{
    size_t lo = 0, hi = p->nres;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->res[mid].allocation_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* nb_inzet_json for a list row, streamed: the same members in the same order
 * (test_inzet_list_rows_equal_get compares them byte for byte). With res
 * NULL the row has no reserveringen and open_minutes is its
 * gereserveerdMinuten; otherwise that is summed from res. */
static void nb_inzet_jw(nb_jw *w, const nb_req *req, const nb_alloc *a, const nb_alloc_res *res,
                        size_t nres, int64_t open_minutes)
{
    if (res != NULL) {
        open_minutes = 0;
        for (size_t i = 0; i < nres; i++)
            if (strcmp(res[i].state, "open") == 0)
                open_minutes += res[i].minutes;
    }
    nb_jw_obj(w, NULL);
    nb_jw_int(w, "id", a->id);
    nb_jw_int(w, "opdrachtId", a->assignment_id);
    nb_jw_int(w, "regelId", a->line_id);
    nb_jw_int(w, "medewerkerId", a->person_id);
    nb_jw_int(w, "organisatieId", a->person_org_id);
    nb_jw_int(w, "minuten", a->minutes);
    nb_jw_int(w, "goedgekeurdeMinuten", a->minutes_posted);
    nb_jw_int(w, "gereserveerdMinuten", open_minutes);
    nb_jw_str(w, "status", a->status);
    nb_jw_str(w, "notitie", a->note);
    nb_jw_str_or_null(w, "bevestigd", a->confirmed_at);
    nb_jw_str_or_null(w, "beeindigd", a->ended_at);
    if (res != NULL)
        nb_jw_arr(w, "reserveringen");
    for (size_t i = 0; res != NULL && i < nres; i++) {
        const nb_alloc_res *r = &res[i];
        nb_jw_obj(w, NULL);
        nb_jw_int(w, "organisatieId", r->organisation_id);
        nb_jw_int(w, "volgnummer", r->seq);
        nb_jw_str(w, "boekingId", r->transfer_id);
        nb_jw_int(w, "minuten", r->minutes);
        nb_jw_str(w, "status", r->state);
        if (strcmp(r->state, "geboekt") == 0)
            nb_jw_int(w, "geboekteMinuten", r->posted_minutes);
        nb_jw_str_or_null(w, "afgehandeldDoor", r->resolved_by);
        nb_jw_obj_end(w);
    }
    if (res != NULL)
        nb_jw_arr_end(w);
    nb_jw_str(w, "aangemaakt", a->created_at);
    nb_jw_str(w, "gewijzigd", a->updated_at);
    nb_jw_int(w, "versie", a->revision);
    nb_jw_obj(w, "_links");
    nb_jw_href(w, "self", "%s/api/v1/inzetten/%lld", req->base_url, (long long)a->id);
    nb_jw_href(w, "status", "%s/api/v1/inzetten/%lld/status", req->base_url, (long long)a->id);
    nb_jw_href(w, "opdracht", "%s/api/v1/opdrachten/%lld", req->base_url,
               (long long)a->assignment_id);
    nb_jw_href(w, "medewerker", "%s/api/v1/medewerkers/%lld", req->base_url,
               (long long)a->person_id);
    nb_jw_obj_end(w);
    nb_jw_obj_end(w);
}

int nb_api_inzet_list(nb_req *req, nb_resp *resp)
{
    nb_page page;
    nb_err err = {{0}};
    nb_alloc_filter f;
    memset(&f, 0, sizeof f);
    int bad = nb_req_page(req, resp, &page) != 0;
    bad |= nb_req_query_sort(req, resp, nb_alloc_sort_fields, &f.sort);
    bad |= nb_req_query_id(req, resp, "opdrachtId", &f.assignment_id);
    bad |= nb_req_query_id(req, resp, "medewerkerId", &f.person_id);
    bad |= nb_req_query_id(req, resp, "organisatieId", &f.organisation_id);
    bad |= nb_req_query_enum(req, resp, "status", nb_inzet_statuses, &f.status);
    const char *expand = NULL;
    bad |= nb_req_query_enum(req, resp, "expand", nb_inzet_expands, &expand);
    if (bad)
        return 0;
    /* The rows carry their reservations when asked, and always on the
     * deprecated path, whose clients were written when every row did. */
    char successor[64];
    int with_res = expand != NULL || nb_api_alias_successor(req->path, successor, sizeof successor);
    nb_inzet_page pg = {0};
    nb_api_rows c;
    nb_api_rows_begin(&c, req, resp);
    int64_t total = 0;
    f.after_id = page.after; /* keyset: from there, no offset, nothing counted */
    int rc = nb_alloc_list(req->st, &f, page.keyset ? 0 : (page.page - 1) * page.size, page.size,
                           nb_inzet_page_add, &pg, page.keyset ? NULL : &total, &err);
    page.next_after = (int64_t)pg.n == page.size ? pg.ids[pg.n - 1] : 0;
    if (rc == 0 && pg.n > 0 && with_res) {
        rc = nb_alloc_res_list_many(req->st, pg.ids, pg.n, nb_inzet_page_res, &pg, &err);
    } else if (rc == 0 && pg.n > 0) {
        pg.open_minutes = calloc(pg.n, sizeof *pg.open_minutes);
        rc = pg.open_minutes == NULL
                 ? NB_ENOMEM
                 : nb_alloc_res_open_many(req->st, pg.ids, pg.n, nb_inzet_page_open, &pg, &err);
    }
    for (size_t i = 0; rc == 0 && i < pg.n; i++) {
        if (!with_res) {
            nb_inzet_jw(&c.w, req, &pg.rows[i], NULL, 0, pg.open_minutes ? pg.open_minutes[i] : 0);
            continue;
        }
        size_t first = nb_inzet_page_first(&pg, pg.rows[i].id), end = first;
        while (pg.res != NULL && end < pg.nres && pg.res[end].allocation_id == pg.rows[i].id)
            end++;
        /* a row without reservations still gets its (empty) list */
        static const nb_alloc_res none;
        nb_inzet_jw(&c.w, req, &pg.rows[i], pg.res ? pg.res + first : &none, end - first, 0);
    }
    free(pg.rows);
    free(pg.ids);
    free(pg.open_minutes);
    free(pg.res);
    return nb_api_rows_reply(resp, "inzetten", &c, rc, total, &page);
}

/* Loads allocation path param 0 into a; fills 404 and returns non-zero when absent. */
static int nb_inzet_load(nb_req *req, nb_resp *resp, nb_alloc *a, int *rc)
{
    int64_t id;
    nb_err err = {{0}};
    *rc = 0;
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 1;
    int r = nb_alloc_get(req->st, id, a, &err);
    if (r != 0) {
        *rc = nb_resp_from_err(resp, r, &err);
        return 1;
    }
    return 0;
}

static int nb_inzet_respond(nb_req *req, nb_resp *resp, int status, const nb_alloc *a)
{
    json_t *j = nb_inzet_json(req, a);
    if (j == NULL)
        return NB_EDB;
    return nb_resp_json(resp, status, j);
}

int nb_api_inzet_get(nb_req *req, nb_resp *resp)
{
    nb_alloc a;
    int rc;
    if (nb_inzet_load(req, resp, &a, &rc) != 0)
        return rc;
    return nb_inzet_respond(req, resp, 200, &a);
}

int nb_api_inzet_create(nb_req *req, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_alloc al;
    nb_person *p = NULL;
    int rc = 0, bad = 0;
    memset(&al, 0, sizeof al);
    al.assignment_id = nb_body_int(req->body, "opdrachtId", 0);
    al.line_id = nb_body_int(req->body, "regelId", 0);
    al.person_id = nb_body_int(req->body, "medewerkerId", 0);
    al.minutes = nb_body_int(req->body, "minuten", 0);
    snprintf(al.note, sizeof al.note, "%s", nb_body_str(req->body, "notitie", ""));

    nb_asg *a = calloc(1, sizeof *a);
    p = calloc(1, sizeof *p);
    if (a == NULL || p == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    int r = nb_asg_get(req->st, al.assignment_id, a, &err);
    int have_asg = r == 0;
    if (r == NB_ENOTFOUND) {
        nb_resp_invalid(resp, "opdrachtId", "verwijst naar opdracht %lld, die niet bestaat",
                        (long long)al.assignment_id);
        bad++;
    } else if (r != 0) {
        rc = r;
        goto cleanup;
    }
    if (have_asg) {
        int found = 0;
        for (size_t i = 0; i < a->nlines; i++)
            found |= a->lines[i].id == al.line_id;
        if (!found) {
            nb_resp_invalid(resp, "regelId", "is geen regel van opdracht %lld",
                            (long long)al.assignment_id);
            bad++;
        }
    }
    r = nb_person_get(req->st, al.person_id, p, &err);
    if (r == NB_ENOTFOUND) {
        nb_resp_invalid(resp, "medewerkerId", "verwijst naar medewerker %lld, die niet bestaat",
                        (long long)al.person_id);
        bad++;
    } else if (r != 0) {
        rc = r;
        goto cleanup;
    }
    if (bad > 0)
        goto cleanup;
    if (!nb_inzet_may_plan(req, a, resp))
        goto cleanup;
    /* THE eligibility check (active person, open assignment, room on the
     * line); nothing is reserved yet, so consent is checked at confirm. */
    nb_hours_refusal refusal;
    memset(&refusal, 0, sizeof refusal);
    if ((r = nb_hours_ledger_eligible(req->st, &al, 0, &refusal, &err)) != 0) {
        rc = nb_api_hours_refusal(req, resp, al.assignment_id, r, &refusal, &err);
        goto cleanup;
    }
    snprintf(al.status, sizeof al.status, "concept");
    rc = nb_alloc_insert(req->st, &al, &err);
    if (rc == 0)
        rc = nb_api_audit(req, "create", "inzet", al.id, req->body);
    if (rc == 0)
        rc = nb_alloc_get(req->st, al.id, &al, &err);
    if (rc != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    nb_api_location(req, resp, "inzetten", al.id);
    rc = nb_inzet_respond(req, resp, 201, &al);
cleanup:
    free(p);
    free(a);
    return rc;
}

int nb_api_inzet_status(nb_req *req, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_alloc al;
    int rc = 0;
    if (nb_inzet_load(req, resp, &al, &rc) != 0)
        return rc;
    const char *to = nb_body_str(req->body, "status", "");
    nb_asg *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NB_ENOMEM;
    if ((rc = nb_asg_get(req->st, al.assignment_id, a, &err)) != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    if (!nb_inzet_may_plan(req, a, resp))
        goto cleanup;
    if (nb_api_status_repeated(al.status, to)) { /* nothing changes: 200 as it is */
        rc = nb_inzet_respond(req, resp, 200, &al);
        goto cleanup;
    }
    if (strcmp(al.status, "beeindigd") == 0) {
        nb_resp_problem(resp, 409, "Conflict",
                        "Inzet %lld is beëindigd; een beëindigde inzet verandert niet meer.",
                        (long long)al.id);
        nb_resp_invalid(resp, "status", "een beëindigde inzet verandert niet meer");
        goto cleanup;
    }
    json_t *detail = json_pack("{s:s, s:s}", "van", al.status, "naar", to);
    if (strcmp(to, "bevestigd") == 0) {
        /* Eligibility (active person, open assignment, room on the line) and
         * consent of every charged organisation are checked by the confirm. */
        nb_hours_refusal refusal;
        memset(&refusal, 0, sizeof refusal);
        rc = nb_hours_ledger_confirm(req->st, al.id, &refusal, &err);
        if (rc == NB_ELIMIT) {
            json_decref(detail);
            rc = nb_api_hours_refusal(req, resp, al.assignment_id, rc, &refusal, &err);
            goto cleanup;
        }
    } else {
        int64_t voided = 0;
        rc = nb_hours_ledger_end(req->st, al.id, &voided, &err);
        if (rc == 0)
            json_object_set_new(detail, "vrijgegevenMinuten", json_integer(voided));
    }
    if (rc == 0)
        rc = nb_api_audit(req, "status", "inzet", al.id, detail);
    json_decref(detail);
    if (rc == 0)
        rc = nb_alloc_get(req->st, al.id, &al, &err);
    if (rc != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    rc = nb_inzet_respond(req, resp, 200, &al);
cleanup:
    free(a);
    return rc;
}
