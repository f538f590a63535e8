/*
 * api/medewerkers.c — /api/v1/medewerkers: the people of the network.
 *
 * Who may do what:
 *   - read: every role. The personal fields (geboortejaar,
 *     verwachteUitstroomdatum, the niveau of each competency, leerwensen) are
 *     only rendered for callers that nb_api_person_visibility allows (DOMAIN
 *     rule 8); for everyone else they are left out of the JSON and the
 *     competencies are listed without niveau.
 *   - create/change: beheer for anyone; a coordinator only for people of its
 *     own organisation, and it may not move anyone to another organisation.
 *   - nobody deletes: a person is deactivated with actief = false.
 *
 * The list filter competentieId + minNiveau selects on a personal field (the
 * level). It is therefore refused (403) unless the caller may see the levels
 * of every person the query can return: beheer always, a coordinator only
 * together with organisatieId = its own organisation. competentieId alone
 * (holding the competency at any level) is open to every role, because the
 * competencies themselves are listed without level for everyone.
 */
#include "api/api.h"

#include "store/competencies.h"
#include "store/organisations.h"
#include "store/people.h"
#include "store/people_rules.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Privacy: the one place that decides is store/people_rules.c ------- */

int nb_api_person_visibility(const nb_req *req, int64_t person_org, int64_t person_id)
{
    return nb_person_visibility(req->who, person_org, person_id);
}

/* ---- Schema -------------------------------------------------------------- */

static const nb_field nb_person_comp_fields[] = {
    {"competentieId", NB_F_INT, 1, 0, 1, INT64_MAX, NULL, NULL, "Id van een bestaande competentie"},
    {"niveau", NB_F_INT, 1, 0, 1, 5, NULL, NULL,
     "Niveau 1-5 (persoonlijk: alleen zichtbaar voor de medewerker, de eigen coördinator en beheer)"},
};
static const nb_schema nb_schema_person_comp =
    NB_SCHEMA("MedewerkerCompetentie", nb_person_comp_fields,
              "Een competentie met het niveau van de medewerker");

static const nb_field nb_person_fields[] = {
    {"organisatieId", NB_F_INT, 1, 0, 1, INT64_MAX, NULL, NULL, "Id van de thuisorganisatie"},
    {"naam", NB_F_STRING, 1, 0, 1, NB_PERSON_NAME_MAX, NULL, NULL, "Volledige naam"},
    {"email", NB_F_EMAIL, 1, 0, 3, NB_PERSON_EMAIL_MAX, NULL, NULL,
     "Zakelijk e-mailadres; uniek in het netwerk (hoofdletters tellen niet)"},
    {"functie", NB_F_STRING, 0, 0, 0, NB_PERSON_TITLE_MAX, NULL, NULL, "Functienaam"},
    {"schaal", NB_F_INT, 1, 0, 1, 18, NULL, NULL, "Salarisschaal 1-18"},
    {"contractMinutenPerWeek", NB_F_INT, 1, 0, 0, NB_PERSON_MAX_WEEK_MINUTES, NULL, NULL,
     "Contracturen per week, in minuten (hoogstens 2880 = 48 uur)"},
    {"netwerkMinutenPerWeek", NB_F_INT, 1, 0, 0, NB_PERSON_MAX_WEEK_MINUTES, NULL, NULL,
     "Minuten per week beschikbaar voor het netwerk; niet meer dan contractMinutenPerWeek"},
    {"geboortejaar", NB_F_INT, 0, 1, 1900, 2100, NULL, NULL,
     "Geboortejaar (persoonlijk); null of weglaten = onbekend"},
    {"verwachteUitstroomdatum", NB_F_DATE, 0, 1, 0, 0, NULL, NULL,
     "Verwachte datum van uitstroom (persoonlijk); null of weglaten = geen"},
    {"competenties", NB_F_ARRAY, 0, 0, 0, NB_PERSON_MAX_COMPS, NULL, &nb_schema_person_comp,
     "Competenties met niveau (0-64, elk hoogstens één keer); PUT vervangt de hele lijst"},
    {"leerwensen", NB_F_ARRAY, 0, 0, 0, NB_PERSON_MAX_WISHES, NULL, NULL,
     "Ids van competenties die de medewerker wil leren (persoonlijk; 0-32); PUT vervangt de hele lijst"},
    {"actief", NB_F_BOOL, 0, 0, 0, 0, NULL, NULL,
     "false = uit dienst / niet meer inzetbaar (medewerkers worden nooit verwijderd). "
     "Weglaten: true bij aanmaken, ongewijzigd bij wijzigen"},
};
const nb_schema nb_schema_medewerker =
    NB_SCHEMA("Medewerker", nb_person_fields, "Een medewerker van een organisatie in het netwerk");

/* What nb_person_json writes, in its order. The personal fields (DOMAIN rule
 * 8) are there only for whom nb_api_person_visibility allows: optional. */
static const nb_field nb_person_comp_out_fields[] = {
    {"competentieId", NB_F_INT, 1, 0, 1, INT64_MAX, NULL, NULL, "Id van de competentie"},
    {"niveau", NB_F_INT, 0, 0, 1, 5, NULL, NULL,
     "Niveau 1-5; persoonlijk: alleen voor de medewerker, de eigen coördinator en beheer"},
};
static const nb_schema nb_out_person_comp =
    NB_SCHEMA_OUT("MedewerkerCompetentieUit", nb_person_comp_out_fields, &nb_schema_person_comp,
                  "Een competentie van de medewerker (het niveau alleen voor wie het mag zien)");
static const nb_field nb_person_out_fields[] = {
    NB_OUT_ID,
    NB_OUT("organisatieId", NB_F_INT, NULL),
    NB_OUT("naam", NB_F_STRING, NULL),
    NB_OUT("email", NB_F_EMAIL, NULL),
    NB_OUT("functie", NB_F_STRING, NULL),
    NB_OUT("schaal", NB_F_INT, NULL),
    NB_OUT("contractMinutenPerWeek", NB_F_INT, NULL),
    NB_OUT("netwerkMinutenPerWeek", NB_F_INT, NULL),
    {"geboortejaar", NB_F_INT, 0, 1, 0, 0, NULL, NULL, NULL},
    {"verwachteUitstroomdatum", NB_F_DATE, 0, 1, 0, 0, NULL, NULL, NULL},
    NB_OUT_LIST("competenties", nb_out_person_comp,
                "Competenties (niveau alleen voor wie het mag zien)"),
    NB_OUT_OPT("leerwensen", NB_F_ARRAY, NULL),
    NB_OUT("actief", NB_F_BOOL, "false = uit dienst / niet meer inzetbaar"),
    NB_OUT_AUDIT,
    NB_OUT_LINKS,
};
const nb_schema nb_out_medewerker =
    NB_SCHEMA_OUT("MedewerkerUit", nb_person_out_fields, &nb_schema_medewerker,
                  "Een medewerker; geboortejaar, verwachteUitstroomdatum, leerwensen en niveaus "
                  "alleen voor de medewerker zelf, de eigen coördinator en beheer");
NB_SCHEMA_LIST_KEYSET(nb_out_medewerker_lijst, "MedewerkerLijst", "medewerkers", nb_out_medewerker);

/* ---- Rendering ----------------------------------------------------------- */

static json_t *nb_person_json(const nb_req *req, const nb_person *p)
{
    int personal =
        nb_api_person_visibility(req, p->organisation_id, p->id) == NB_PERSON_VIS_PERSONAL;
    char href[512];
    json_t *j = json_object();
    json_t *comps = json_array();
    for (size_t i = 0; i < p->ncomps; i++) {
        json_t *c = json_pack("{s:I}", "competentieId", (json_int_t)p->comps[i].competency_id);
        if (personal)
            json_object_set_new(c, "niveau", json_integer(p->comps[i].level));
        json_array_append_new(comps, c);
    }
    json_object_set_new(j, "id", json_integer(p->id));
    json_object_set_new(j, "organisatieId", json_integer(p->organisation_id));
    json_object_set_new(j, "naam", json_string(p->name));
    json_object_set_new(j, "email", json_string(p->email));
    json_object_set_new(j, "functie", json_string(p->job_title));
    json_object_set_new(j, "schaal", json_integer(p->scale));
    json_object_set_new(j, "contractMinutenPerWeek", json_integer(p->contract_minutes_week));
    json_object_set_new(j, "netwerkMinutenPerWeek", json_integer(p->network_minutes_week));
    if (personal) {
        json_object_set_new(j, "geboortejaar",
                            p->birth_year > 0 ? json_integer(p->birth_year) : json_null());
        json_object_set_new(j, "verwachteUitstroomdatum",
                            p->exit_date[0] ? json_string(p->exit_date) : json_null());
    }
    json_object_set_new(j, "competenties", comps);
    if (personal) {
        json_t *wishes = json_array();
        for (size_t i = 0; i < p->nwishes; i++)
            json_array_append_new(wishes, json_integer(p->wishes[i]));
        json_object_set_new(j, "leerwensen", wishes);
    }
    json_object_set_new(j, "actief", json_boolean(p->active));
    json_object_set_new(j, "aangemaakt", json_string(p->created_at));
    json_object_set_new(j, "gewijzigd", json_string(p->updated_at));
    json_object_set_new(j, "versie", json_integer(p->revision));
    json_t *links = nb_hal_self(req, "medewerkers", p->id);
    snprintf(href, sizeof href, "%s/api/v1/organisaties/%lld", req->base_url,
             (long long)p->organisation_id);
    json_object_set_new(links, "organisatie", json_pack("{s:s}", "href", href));
    json_object_set_new(j, "_links", links);
    return j;
}

/* nb_person_json for a list row, streamed: the same members in the same
 * order (test_list_rows_equal_get compares them byte for byte). */
static void nb_person_jw(nb_jw *w, const nb_req *req, const nb_person *p)
{
    int personal =
        nb_api_person_visibility(req, p->organisation_id, p->id) == NB_PERSON_VIS_PERSONAL;
    nb_jw_obj(w, NULL);
    nb_jw_int(w, "id", p->id);
    nb_jw_int(w, "organisatieId", p->organisation_id);
    nb_jw_str(w, "naam", p->name);
    nb_jw_str(w, "email", p->email);
    nb_jw_str(w, "functie", p->job_title);
    nb_jw_int(w, "schaal", p->scale);
    nb_jw_int(w, "contractMinutenPerWeek", p->contract_minutes_week);
    nb_jw_int(w, "netwerkMinutenPerWeek", p->network_minutes_week);
    if (personal) {
        if (p->birth_year > 0)
            nb_jw_int(w, "geboortejaar", p->birth_year);
        else
            nb_jw_null(w, "geboortejaar");
        nb_jw_str_or_null(w, "verwachteUitstroomdatum", p->exit_date);
    }
    nb_jw_arr(w, "competenties");
    for (size_t i = 0; i < p->ncomps; i++) {
        nb_jw_obj(w, NULL);
        nb_jw_int(w, "competentieId", p->comps[i].competency_id);
        if (personal)
            nb_jw_int(w, "niveau", p->comps[i].level);
        nb_jw_obj_end(w);
    }
    nb_jw_arr_end(w);
    if (personal) {
        nb_jw_arr(w, "leerwensen");
        for (size_t i = 0; i < p->nwishes; i++)
            nb_jw_int(w, NULL, p->wishes[i]);
        nb_jw_arr_end(w);
    }
    nb_jw_bool(w, "actief", p->active);
    nb_jw_str(w, "aangemaakt", p->created_at);
    nb_jw_str(w, "gewijzigd", p->updated_at);
    nb_jw_int(w, "versie", p->revision);
    nb_jw_obj(w, "_links");
    nb_jw_href(w, "self", "%s/api/v1/medewerkers/%lld", req->base_url, (long long)p->id);
    nb_jw_href(w, "organisatie", "%s/api/v1/organisaties/%lld", req->base_url,
               (long long)p->organisation_id);
    nb_jw_obj_end(w);
    nb_jw_obj_end(w);
}

/* ---- Input ------------------------------------------------------------- */

/* Turns a problem of nb_person_check into the API's invalid param. */
static void nb_person_problem_add(void *ctx, nb_person_problem what, size_t index, size_t earlier,
                                  int64_t value, int64_t value2)
{
    nb_resp *resp = ctx;
    char name[64];
    switch (what) {
    case NB_PERSON_P_NETWORK_OVER_CONTRACT:
        nb_resp_invalid(resp, "netwerkMinutenPerWeek",
                        "mag niet groter zijn dan contractMinutenPerWeek (%lld)", (long long)value);
        break;
    case NB_PERSON_P_WEEK_RANGE:
        nb_resp_invalid(resp, "netwerkMinutenPerWeek", "moet tussen 0 en %lld liggen",
                        (long long)value);
        break;
    case NB_PERSON_P_BIRTH_YEAR:
        nb_resp_invalid(resp, "geboortejaar", "moet tussen %lld en %lld liggen", (long long)value,
                        (long long)value2);
        break;
    case NB_PERSON_P_NO_ORGANISATION:
        nb_resp_invalid(resp, "organisatieId", "verwijst naar organisatie %lld, die niet bestaat",
                        (long long)value);
        break;
    case NB_PERSON_P_NO_COMPETENCY:
    case NB_PERSON_P_NO_WISH:
        if (what == NB_PERSON_P_NO_WISH)
            snprintf(name, sizeof name, "leerwensen[%zu]", index);
        else
            snprintf(name, sizeof name, "competenties[%zu].competentieId", index);
        nb_resp_invalid(resp, name, "verwijst naar competentie %lld, die niet bestaat",
                        (long long)value);
        break;
    case NB_PERSON_P_DUP_COMPETENCY:
        snprintf(name, sizeof name, "competenties[%zu].competentieId", index);
        nb_resp_invalid(resp, name,
                        "competentie %lld staat al eerder in de lijst (competenties[%zu])",
                        (long long)value, earlier);
        break;
    case NB_PERSON_P_DUP_WISH:
        snprintf(name, sizeof name, "leerwensen[%zu]", index);
        nb_resp_invalid(resp, name,
                        "competentie %lld staat al eerder in de lijst (leerwensen[%zu])",
                        (long long)value, earlier);
        break;
    case NB_PERSON_P_LEVEL:
        snprintf(name, sizeof name, "competenties[%zu].niveau", index);
        nb_resp_invalid(resp, name, "moet een geheel getal van 1 tot en met 5 zijn");
        break;
    }
}

/*
 * Fills p (except id and, on update, the kept active flag) from the
 * schema-valid body and checks what the schema cannot (nb_person_check:
 * netwerk <= contract, a plausible birth year, existing organisation and
 * competencies, no repeats). Returns the number of problems (each added to
 * resp), or a negative code on a database error.
 */
static int nb_person_from_body(nb_req *req, nb_person *p, nb_resp *resp)
{
    const json_t *b = req->body;
    nb_err err = {{0}};
    p->organisation_id = nb_body_int(b, "organisatieId", 0);
    snprintf(p->name, sizeof p->name, "%s", nb_body_str(b, "naam", ""));
    snprintf(p->email, sizeof p->email, "%s", nb_body_str(b, "email", ""));
    snprintf(p->job_title, sizeof p->job_title, "%s", nb_body_str(b, "functie", ""));
    p->scale = nb_body_int(b, "schaal", 1);
    p->contract_minutes_week = nb_body_int(b, "contractMinutenPerWeek", 0);
    p->network_minutes_week = nb_body_int(b, "netwerkMinutenPerWeek", 0);
    p->birth_year = nb_body_int(b, "geboortejaar", 0);
    snprintf(p->exit_date, sizeof p->exit_date, "%s",
             nb_body_str(b, "verwachteUitstroomdatum", ""));
    p->active = nb_body_bool(b, "actief", p->active);

    size_t i;
    const json_t *v;
    p->ncomps = 0;
    json_array_foreach (json_object_get(b, "competenties"), i, v) {
        if (i >= NB_PERSON_MAX_COMPS)
            break; /* the schema already refused this */
        p->comps[p->ncomps].competency_id = nb_body_int(v, "competentieId", 0);
        p->comps[p->ncomps].level = nb_body_int(v, "niveau", 1);
        p->ncomps++;
    }
    p->nwishes = 0;
    json_array_foreach (json_object_get(b, "leerwensen"), i, v) {
        if (i >= NB_PERSON_MAX_WISHES)
            break;
        p->wishes[p->nwishes++] = json_integer_value(v);
    }
    return nb_person_check(req->st, p, nb_person_problem_add, resp, &err);
}

/* Parses a query value as a non-negative integer; 0 = ok. */
static int nb_person_query_int(const char *s, int64_t *out)
{
    int64_t v = 0;
    if (s == NULL || *s == '\0' || strlen(s) > 18)
        return NB_EINVAL;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return NB_EINVAL;
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return 0;
}

/* ---- Handlers ------------------------------------------------------------ */

typedef struct nb_person_list_ctx {
    nb_api_rows rows;
    int64_t n, last_id; /* rows written, the last one's id (keyset: the next page's na) */
} nb_person_list_ctx;

static int nb_person_list_add(void *ctx, const nb_person *p)
{
    nb_person_list_ctx *c = ctx;
    nb_person_jw(&c->rows.w, c->rows.req, p);
    c->n++;
    c->last_id = p->id;
    return 0;
}

int nb_api_person_list(nb_req *req, nb_resp *resp)
{
    nb_page page;
    nb_err err = {{0}};
    nb_person_filter f = NB_PERSON_FILTER_ALL;
    const char *org = nb_req_query(req, "organisatieId");
    const char *cid = nb_req_query(req, "competentieId");
    const char *lvl = nb_req_query(req, "minNiveau");
    const char *act = nb_req_query(req, "actief");
    int bad = nb_req_page(req, resp, &page) != 0;
    bad |= nb_req_query_sort(req, resp, nb_person_sort_fields, &f.sort);
    f.name_like = nb_req_query(req, "zoek");
    if (org && (nb_person_query_int(org, &f.organisation_id) != 0 || f.organisation_id < 1)) {
        nb_resp_invalid(resp, "organisatieId", "moet een positief geheel getal (id) zijn");
        bad = 1;
    }
    if (cid && (nb_person_query_int(cid, &f.competency_id) != 0 || f.competency_id < 1)) {
        nb_resp_invalid(resp, "competentieId", "moet een positief geheel getal (id) zijn");
        bad = 1;
    }
    if (lvl &&
        (nb_person_query_int(lvl, &f.min_level) != 0 || f.min_level < 1 || f.min_level > 5)) {
        nb_resp_invalid(resp, "minNiveau", "moet een geheel getal van 1 tot en met 5 zijn");
        bad = 1;
    } else if (lvl && cid == NULL) {
        nb_resp_invalid(resp, "minNiveau", "kan alleen samen met competentieId worden gebruikt");
        bad = 1;
    }
    if (act && strcmp(act, "true") == 0) {
        f.active = 1;
    } else if (act && strcmp(act, "false") == 0) {
        f.active = 0;
    } else if (act) {
        nb_resp_invalid(resp, "actief", "moet true of false zijn");
        bad = 1;
    }
    if (bad)
        return 0;
    if (lvl && !nb_api_is_beheer(req)) {
        const nb_principal *who = req->who;
        if (who->role != NB_ROLE_COORDINATOR)
            return nb_resp_problem(
                resp, 403, "Geen toegang",
                "Filteren op minNiveau gebruikt persoonlijke gegevens (niveaus); "
                "dat mag alleen netwerkbeheer of een coördinator binnen de eigen "
                "organisatie.");
        if (f.organisation_id != who->organisation_id)
            return nb_resp_problem(
                resp, 403, "Geen toegang",
                "Filteren op minNiveau gebruikt persoonlijke gegevens (niveaus); "
                "een coördinator mag dat alleen binnen de eigen organisatie: "
                "geef organisatieId=%lld mee.",
                (long long)who->organisation_id);
    }
    nb_person_list_ctx c = {0};
    nb_api_rows_begin(&c.rows, req, resp);
    int64_t total = 0;
    f.after_id = page.after; /* keyset: from there, no offset, nothing counted */
    int rc = nb_person_list(req->st, &f, page.keyset ? 0 : (page.page - 1) * page.size, page.size,
                            nb_person_list_add, &c, page.keyset ? NULL : &total, &err);
    page.next_after = c.n == page.size ? c.last_id : 0;
    return nb_api_rows_reply(resp, "medewerkers", &c.rows, rc, total, &page);
}

int nb_api_person_get(nb_req *req, nb_resp *resp)
{
    int64_t id;
    nb_person p;
    nb_err err = {{0}};
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 0;
    int rc = nb_person_get(req->st, id, &p, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err);
    return nb_resp_json(resp, 200, nb_person_json(req, &p));
}

int nb_api_person_create(nb_req *req, nb_resp *resp)
{
    nb_person p;
    nb_err err = {{0}};
    memset(&p, 0, sizeof p);
    p.active = 1;
    const nb_principal *who = req->who;
    int64_t org = nb_body_int(req->body, "organisatieId", 0);
    if (who->role == NB_ROLE_COORDINATOR && org != who->organisation_id)
        return nb_resp_problem(resp, 403, "Geen toegang",
                               "Een coördinator mag alleen medewerkers van de eigen organisatie "
                               "(%lld) toevoegen, niet van organisatie %lld.",
                               (long long)who->organisation_id, (long long)org);
    int rc = nb_person_from_body(req, &p, resp);
    if (rc != 0)
        return rc > 0 ? 0 : rc;
    rc = nb_person_insert(req->st, &p, &err);
    if (rc == 0)
        rc = nb_api_audit(req, "create", "medewerker", p.id, req->body);
    if (rc != 0)
        return nb_api_err_field(resp, rc, &err, "email");
    nb_api_location(req, resp, "medewerkers", p.id);
    return nb_resp_json(resp, 201, nb_person_json(req, &p));
}

int nb_api_person_update(nb_req *req, nb_resp *resp)
{
    nb_person p;
    nb_err err = {{0}};
    int64_t id;
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 0;
    int rc = nb_person_get(req->st, id, &p, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err);
    const nb_principal *who = req->who;
    int64_t org = nb_body_int(req->body, "organisatieId", 0);
    if (who->role == NB_ROLE_COORDINATOR) {
        if (!nb_person_may_edit(who, p.organisation_id))
            return nb_resp_problem(
                resp, 403, "Geen toegang",
                "Medewerker %lld hoort bij organisatie %lld; een coördinator mag "
                "alleen medewerkers van de eigen organisatie (%lld) wijzigen.",
                (long long)id, (long long)p.organisation_id, (long long)who->organisation_id);
        if (org != who->organisation_id)
            return nb_resp_problem(resp, 403, "Geen toegang",
                                   "Een coördinator mag een medewerker niet naar een andere "
                                   "organisatie (%lld) verplaatsen; vraag dat aan netwerkbeheer.",
                                   (long long)org);
    }
    /* p keeps its id and active flag; everything else comes from the body (full replacement). */
    rc = nb_person_from_body(req, &p, resp);
    if (rc != 0)
        return rc > 0 ? 0 : rc;
    char *detail = nb_api_audit_detail(req->body);
    rc = nb_person_save(req->st, &req->actor, &p, detail, &err);
    free(detail);
    if (rc != 0)
        return nb_api_err_field(resp, rc, &err, "email");
    return nb_resp_json(resp, 200, nb_person_json(req, &p));
}
