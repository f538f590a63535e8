/*
 * api/opdrachten.c — /api/v1/opdrachten: assignments (bestuursopdrachten).
 *
 * Who may do what (the route table admits the roles; the finer rules are here):
 *   - every role (beheer, coordinator, medewerker, lezer) reads every
 *     assignment: an assignment is not personal data. The ambtelijk
 *     opdrachtgever appears only as a person id; the bestuurlijk
 *     opdrachtgever is a public official's name.
 *   - beheer (the network management team) creates, changes and moves any
 *     assignment through every legal transition.
 *   - a coordinator creates assignments only with its own organisation among
 *     the requesters, and changes only those (also after the change its
 *     organisation must still be a requester). Of the status changes it may
 *     only submit (concept → ingediend) and cancel before staffing (concept,
 *     ingediend, geaccepteerd → geannuleerd): core/assignment.h
 *     nb_assignment_requester_may. Everything else is 403 for it.
 *   - medewerker and lezer only read.
 *
 * Who pays (DOMAIN rule 9, api/instemmingen.c): once an assignment is past
 * concept, only beheer changes its kind (soort), its requesters or their
 * shares (aanvragers); a coordinator gets 403 naming that. Other
 * organisations a coordinator lists on its own concept are not charged
 * until they consent: a coordinator's create, edit of a concept or submit
 * records the consent of its own organisation only (wijze "aanvrager"), an
 * added organisation's own
 * coordinator consents through PUT …/instemmingen/{organisatie-id}, and beheer
 * accepting a regional assignment records the network's acceptance. Beheer
 * creating or changing an assignment consents for no one.
 *
 * Status: a new assignment starts as concept (default) or ingediend. A PUT
 * may change the status along a legal transition; PUT .../{id}/status does
 * only that. An illegal transition is 409 naming the legal next states. A
 * final assignment (afgerond, geannuleerd) can no longer be changed (409).
 *
 * Programme (programmaId, issue 10 §1): an assignment belongs to at most one
 * programme; its priority (prioriteit, 1 highest .. 5) and its wanted period
 * (startdatum, einddatum) are the fields it always had. beheer puts any
 * assignment in any programme; a coordinator only into or out of a
 * gemeentelijk programme of its own organisation (store/programmes.h
 * nb_prog_may_link; 403 otherwise). A PUT without programmaId keeps it.
 *
 * Lines (regels) keep their id at their position (see store/assignments.h).
 * From bemenst on (nb_assignment_lines_locked) a PUT may not remove lines
 * (409): allocations and the ledger refer to them. In a body, regels[i].id
 * is optional and read-only: when given it must be the id of the line at
 * that position.
 */
#include "api/api.h"

#include "core/assignment.h"
#include "core/workload.h"
#include "store/asg_rules.h"
#include "store/assignments.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Schemas ------------------------------------------------------------- */

const char *const nb_asg_kinds[] = {"lokaal", "meervoudig-lokaal", "regionaal", NULL};
const char *const nb_asg_work_types[] = {"regulier", "verandering", NULL};
const char *const nb_asg_statuses[] = {"concept",     "ingediend",     "geaccepteerd",
                                       "bemenst",     "in-uitvoering", "afgerond",
                                       "geannuleerd", "samengevoegd",  NULL};

static const nb_field nb_asg_requester_fields[] = {
    {"organisatieId", NB_F_INT, 1, 0, 1, INT64_MAX, NULL, NULL,
     "Id van een aanvragende organisatie"},
    {"aandeel", NB_F_INT, 0, 0, 1, 1000000, NULL, NULL,
     "Aandeel in de kosten (gewicht, standaard 1); telt bij een meervoudig-lokale opdracht"},
};
static const nb_schema nb_schema_opdracht_aanvrager =
    NB_SCHEMA("OpdrachtAanvrager", nb_asg_requester_fields, "Een aanvragende organisatie");

static const nb_field nb_asg_month_weight_fields[] = {
    {"maand", NB_F_STRING, 1, 0, 7, 7, NULL, NULL, "Kalendermaand als JJJJ-MM"},
    {"gewicht", NB_F_INT, 1, 0, 0, NB_PROFILE_WEIGHT_MAX, NULL, NULL,
     "Relatief gewicht van de maand, 0 tot en met 1000"},
};
static const nb_schema nb_schema_opdracht_maandgewicht = NB_SCHEMA(
    "OpdrachtMaandgewicht", nb_asg_month_weight_fields, "Het gewicht van een maand in een profiel");

static const nb_field nb_asg_line_fields[] = {
    {"id", NB_F_INT, 0, 0, 1, INT64_MAX, NULL, NULL,
     "Alleen-lezen: het id van de regel op deze positie (mag worden meegestuurd, moet dan kloppen)"},
    {"competentieId", NB_F_INT, 1, 0, 1, INT64_MAX, NULL, NULL, "Id van de gevraagde competentie"},
    {"minimumNiveau", NB_F_INT, 1, 0, 1, 5, NULL, NULL, "Minimaal niveau, 1 tot en met 5"},
    {"minuten", NB_F_INT, 1, 0, 1, 100000000, NULL, NULL, "Gevraagde tijd in minuten"},
    {"maandprofiel", NB_F_ARRAY, 0, 1, 0, NB_PROFILE_MAX, NULL, &nb_schema_opdracht_maandgewicht,
     "Eigen maandprofiel van de regel: relatieve gewichten per kalendermaand van de periode "
     "(bijvoorbeeld [{\"maand\":\"2027-01\",\"gewicht\":2},{\"maand\":\"2027-02\","
     "\"gewicht\":1}]); een maand die er niet in staat weegt 0. Elke maand ligt in de periode "
     "van de opdracht en niet alle gewichten zijn 0. Leeg of null: geen eigen profiel, de minuten "
     "volgen de dagen van de periode per maand. Bij wijzigen zonder dit veld houdt de regel op "
     "die positie zijn profiel"},
};
static const nb_schema nb_schema_opdracht_regel =
    NB_SCHEMA("OpdrachtRegel", nb_asg_line_fields, "Een gevraagde competentie met niveau en tijd");

static const nb_field nb_asg_fields[] = {
    {"titel", NB_F_STRING, 1, 0, 1, NB_ASG_TITLE_MAX, NULL, NULL, "Titel van de opdracht"},
    {"omschrijving", NB_F_STRING, 0, 0, 0, NB_ASG_DESC_MAX, NULL, NULL, "Omschrijving"},
    {"soort", NB_F_ENUM, 1, 0, 0, 0, nb_asg_kinds, NULL,
     "lokaal (één aanvrager), meervoudig-lokaal (minstens twee aanvragers met aandelen) of "
     "regionaal (ten laste van alle leden volgens de verdeelsleutel)"},
    {"werksoort", NB_F_ENUM, 1, 0, 0, 0, nb_asg_work_types, NULL, "regulier of verandering"},
    {"status", NB_F_ENUM, 0, 0, 0, 0, nb_asg_statuses, NULL,
     "Status; een nieuwe opdracht begint als concept (standaard) of ingediend; wijzigen alleen "
     "langs de toegestane overgangen"},
    {"prioriteit", NB_F_INT, 0, 0, 1, 5, NULL, NULL,
     "Prioriteit 1 (hoogst) tot en met 5 (standaard 3)"},
    {"startdatum", NB_F_DATE, 1, 0, 0, 0, NULL, NULL, "Eerste dag van de periode"},
    {"einddatum", NB_F_DATE, 1, 0, 0, 0, NULL, NULL,
     "Laatste dag van de periode (niet vóór de startdatum)"},
    {"bestuurlijkOpdrachtgever", NB_F_STRING, 1, 0, 1, NB_ASG_SPONSOR_MAX, NULL, NULL,
     "Naam van de wethouder of burgemeester"},
    {"ambtelijkOpdrachtgeverId", NB_F_INT, 1, 0, 1, INT64_MAX, NULL, NULL,
     "Id van de medewerker die ambtelijk opdrachtgever is; hoort bij een aanvragende organisatie"},
    {"aanvragers", NB_F_ARRAY, 0, 0, 0, NB_ASG_MAX_REQUESTERS, NULL, &nb_schema_opdracht_aanvrager,
     "Aanvragende organisaties (bij regionaal optioneel)"},
    {"regels", NB_F_ARRAY, 1, 0, 1, NB_ASG_MAX_LINES, NULL, &nb_schema_opdracht_regel,
     "Gevraagde competenties, minstens één; de volgorde is de positie"},
    {"programmaId", NB_F_INT, 0, 1, 1, INT64_MAX, NULL, NULL,
     "Id van het programma waar de opdracht in hoort; null: geen. Bij wijzigen zonder dit veld "
     "blijft het programma zoals het was. Een coördinator kiest alleen een programma van de "
     "eigen gemeente (403 anders)"},
};
const nb_schema nb_schema_opdracht = NB_SCHEMA("Opdracht", nb_asg_fields, "Een bestuursopdracht");

static const nb_field nb_asg_status_fields[] = {
    {"status", NB_F_ENUM, 1, 0, 0, 0, nb_asg_statuses, NULL, "De nieuwe status"},
};
const nb_schema nb_schema_opdracht_status =
    NB_SCHEMA("OpdrachtStatus", nb_asg_status_fields, "Een statusovergang van een opdracht");

/* What nb_asg_jw writes, in its order. */
static const nb_field nb_asg_requester_out_fields[] = {
    NB_OUT("organisatieId", NB_F_INT, NULL),
    NB_OUT("aandeel", NB_F_INT, NULL),
};
static const nb_schema nb_out_opdracht_aanvrager =
    NB_SCHEMA_OUT("OpdrachtAanvragerUit", nb_asg_requester_out_fields,
                  &nb_schema_opdracht_aanvrager, "Een aanvragende organisatie met haar aandeel");
static const nb_field nb_asg_month_weight_out_fields[] = {
    NB_OUT("maand", NB_F_STRING, NULL),
    NB_OUT("gewicht", NB_F_INT, NULL),
};
static const nb_schema nb_out_opdracht_maandgewicht =
    NB_SCHEMA_OUT("OpdrachtMaandgewichtUit", nb_asg_month_weight_out_fields,
                  &nb_schema_opdracht_maandgewicht, "Het gewicht van een maand in een profiel");
static const nb_field nb_asg_line_out_fields[] = {
    NB_OUT("id", NB_F_INT, "Het id van de regel"),
    NB_OUT("competentieId", NB_F_INT, NULL),
    NB_OUT("minimumNiveau", NB_F_INT, NULL),
    NB_OUT("minuten", NB_F_INT, NULL),
    NB_OUT_LIST("maandprofiel", nb_out_opdracht_maandgewicht,
                "Het eigen maandprofiel in maandvolgorde; leeg: de minuten volgen de dagen"),
};
static const nb_schema nb_out_opdracht_regel =
    NB_SCHEMA_OUT("OpdrachtRegelUit", nb_asg_line_out_fields, &nb_schema_opdracht_regel,
                  "Een gevraagde competentie met niveau en tijd");
static const nb_field nb_asg_out_fields[] = {
    NB_OUT_ID,
    NB_OUT("titel", NB_F_STRING, NULL),
    NB_OUT("omschrijving", NB_F_STRING, NULL),
    NB_OUT("soort", NB_F_ENUM, NULL),
    NB_OUT("werksoort", NB_F_ENUM, NULL),
    NB_OUT("status", NB_F_ENUM, NULL),
    NB_OUT("prioriteit", NB_F_INT, NULL),
    NB_OUT("startdatum", NB_F_DATE, NULL),
    NB_OUT("einddatum", NB_F_DATE, NULL),
    NB_OUT("bestuurlijkOpdrachtgever", NB_F_STRING, NULL),
    NB_OUT("ambtelijkOpdrachtgeverId", NB_F_INT, NULL),
    NB_OUT_LIST("aanvragers", nb_out_opdracht_aanvrager, NULL),
    NB_OUT_LIST("regels", nb_out_opdracht_regel, NULL),
    NB_OUT_NULL("programmaId", NB_F_INT, "Het programma van de opdracht; null: geen"),
    NB_OUT_AUDIT,
    NB_OUT_LINKS,
};
const nb_schema nb_out_opdracht =
    NB_SCHEMA_OUT("OpdrachtUit", nb_asg_out_fields, &nb_schema_opdracht, "Een bestuursopdracht");
NB_SCHEMA_LIST_KEYSET(nb_out_opdracht_lijst, "OpdrachtLijst", "opdrachten", nb_out_opdracht);

/* ---- Rendering ------------------------------------------------------------ */

/* An assignment's JSON (nb_out_opdracht), streamed: a list row as it is,
 * a single answer through nb_asg_respond. */
static void nb_asg_jw(nb_jw *w, const nb_req *req, const void *obj)
{
    const nb_asg *a = obj;
    nb_jw_obj(w, NULL);
    nb_jw_int(w, "id", a->id);
    nb_jw_str(w, "titel", a->title);
    nb_jw_str(w, "omschrijving", a->description);
    nb_jw_str(w, "soort", nb_assignment_kind_name(a->kind));
    nb_jw_str(w, "werksoort", a->work_type);
    nb_jw_str(w, "status", nb_assignment_status_name(a->status));
    nb_jw_int(w, "prioriteit", a->priority);
    nb_jw_str(w, "startdatum", a->start_date);
    nb_jw_str(w, "einddatum", a->end_date);
    nb_jw_str(w, "bestuurlijkOpdrachtgever", a->sponsor);
    nb_jw_int(w, "ambtelijkOpdrachtgeverId", a->client_person_id);
    nb_jw_arr(w, "aanvragers");
    for (size_t i = 0; i < a->nrequesters; i++) {
        nb_jw_obj(w, NULL);
        nb_jw_int(w, "organisatieId", a->requesters[i].organisation_id);
        nb_jw_int(w, "aandeel", a->requesters[i].share);
        nb_jw_obj_end(w);
    }
    nb_jw_arr_end(w);
    nb_jw_arr(w, "regels");
    for (size_t i = 0; i < a->nlines; i++) {
        nb_jw_obj(w, NULL);
        nb_jw_int(w, "id", a->lines[i].id);
        nb_jw_int(w, "competentieId", a->lines[i].competency_id);
        nb_jw_int(w, "minimumNiveau", a->lines[i].min_level);
        nb_jw_int(w, "minuten", a->lines[i].minutes);
        nb_jw_arr(w, "maandprofiel");
        for (size_t k = 0; k < a->lines[i].nprofile; k++) {
            const nb_month_weight *e = &a->lines[i].profile[k];
            char month[8];
            nb_wl_month_format(e->month, month);
            nb_jw_obj(w, NULL);
            nb_jw_str(w, "maand", month);
            nb_jw_int(w, "gewicht", e->weight);
            nb_jw_obj_end(w);
        }
        nb_jw_arr_end(w);
        nb_jw_obj_end(w);
    }
    nb_jw_arr_end(w);
    if (a->programme_id > 0)
        nb_jw_int(w, "programmaId", a->programme_id);
    else
        nb_jw_null(w, "programmaId");
    nb_jw_str(w, "aangemaakt", a->created_at);
    nb_jw_str(w, "gewijzigd", a->updated_at);
    nb_jw_int(w, "versie", a->revision);
    nb_jw_obj(w, "_links");
    nb_jw_href(w, "self", "%s/api/v1/opdrachten/%lld", req->base_url, (long long)a->id);
    nb_jw_href(w, "status", "%s/api/v1/opdrachten/%lld/status", req->base_url, (long long)a->id);
    nb_jw_obj_end(w);
    nb_jw_obj_end(w);
}

/* Answers status with a's JSON; NB_EDB when it cannot be made (a stored
 * string that is not UTF-8, or out of memory). */
static int nb_asg_respond(const nb_req *req, nb_resp *resp, int status, const nb_asg *a)
{
    json_t *j = nb_api_jw_tree(nb_asg_jw, req, a);
    return j != NULL ? nb_resp_json(resp, status, j) : NB_EDB;
}

/* ---- Parsing and checking -------------------------------------------------- */

/* The JSON path of a core problem, e.g. "regels[1].minuten". */
static void nb_asg_problem_path(const nb_assignment_problem *p, char *out, size_t n)
{
    switch (p->field) {
    case NB_ASSIGNMENT_F_KIND:
        snprintf(out, n, "soort");
        break;
    case NB_ASSIGNMENT_F_REQUESTERS:
        snprintf(out, n, "aanvragers");
        break;
    case NB_ASSIGNMENT_F_REQUESTER_ORG:
        snprintf(out, n, "aanvragers[%zu].organisatieId", p->index);
        break;
    case NB_ASSIGNMENT_F_REQUESTER_SHARE:
        snprintf(out, n, "aanvragers[%zu].aandeel", p->index);
        break;
    case NB_ASSIGNMENT_F_END:
        snprintf(out, n, "einddatum");
        break;
    case NB_ASSIGNMENT_F_LINES:
        snprintf(out, n, "regels");
        break;
    case NB_ASSIGNMENT_F_LINE_COMPETENCY:
        snprintf(out, n, "regels[%zu].competentieId", p->index);
        break;
    case NB_ASSIGNMENT_F_LINE_LEVEL:
        snprintf(out, n, "regels[%zu].minimumNiveau", p->index);
        break;
    case NB_ASSIGNMENT_F_LINE_MINUTES:
        snprintf(out, n, "regels[%zu].minuten", p->index);
        break;
    case NB_ASSIGNMENT_F_LINE_PROFILE:
        snprintf(out, n, "regels[%zu].maandprofiel", p->index);
        break;
    case NB_ASSIGNMENT_F_START:
        snprintf(out, n, "startdatum");
        break;
    case NB_ASSIGNMENT_F_CLIENT:
        snprintf(out, n, "ambtelijkOpdrachtgeverId");
        break;
    case NB_ASSIGNMENT_F_STATUS:
        snprintf(out, n, "status");
        break;
    case NB_ASSIGNMENT_F_PROGRAMME:
        snprintf(out, n, "programmaId");
        break;
    default:
        snprintf(out, n, "(body)");
        break;
    }
}

/*
 * Line i of a's month profile from the body's item i's maandprofiel: absent
 * keeps the profile of the line at that position in old (none on create),
 * null or [] means none. The entries go to a's profile arena. Adds a problem
 * per bad month or weight (or a profile that no longer fits the arena) to
 * resp and returns their number; the period and the all-zero rule are
 * checked with the shape (nb_asg_check).
 */
static int nb_asg_profile_from_body(const json_t *item, const nb_asg *old, size_t i, nb_asg *a,
                                    nb_resp *resp)
{
    const json_t *prof = json_object_get(item, "maandprofiel"), *e;
    nb_line_profile p;
    size_t k;
    int bad = 0;
    p.n = 0;
    if (prof == NULL && old != NULL && i < old->nlines) {
        p.n = old->lines[i].nprofile;
        if (p.n > 0) /* an old line has at most NB_PROFILE_MAX entries */
            memcpy(p.e, old->lines[i].profile, p.n * sizeof p.e[0]);
    }
    json_array_foreach (prof, k, e) { /* null or absent: no elements */
        char path[96], why[160];
        int32_t mi = 0;
        snprintf(path, sizeof path, "regels[%zu].maandprofiel[%zu].maand", i, k);
        if (nb_date_parse_month(nb_body_str(e, "maand", ""), &mi) != 0) {
            nb_resp_invalid(resp, path, "is geen maand; schrijf JJJJ-MM, bijvoorbeeld 2027-01");
            bad++;
        } else if (nb_line_profile_add(&p, mi, nb_body_int(e, "gewicht", 0), why, sizeof why) !=
                   0) {
            nb_resp_invalid(resp, path, "%s", why);
            bad++;
        }
    }
    if (nb_asg_line_set_profile(a, i, p.e, p.n) != 0) {
        char path[64];
        snprintf(path, sizeof path, "regels[%zu].maandprofiel", i);
        nb_resp_invalid(resp, path,
                        "past niet meer: de maandprofielen van alle regels samen noemen ten "
                        "hoogste %d maanden",
                        NB_ASG_PROFILE_ARENA);
        bad++;
    }
    return bad;
}

/*
 * Fills a from the (schema-valid) body and checks everything the schema
 * cannot: the shape rules of core/assignment.h, the references
 * (organisations, competencies, the ambtelijk opdrachtgever and rule 7) and
 * the read-only line ids against old (NULL on create). Every problem is added
 * to resp. a->status is set from the body, or to dflt when absent. Returns
 * the number of problems, or a negative code on a database error.
 */
static int nb_asg_from_body(nb_req *req, const nb_asg *old, nb_assignment_status dflt, nb_asg *a,
                            nb_resp *resp)
{
    const json_t *b = req->body;
    nb_err err = {{0}};
    int bad = 0, rc;
    size_t i;
    const json_t *item;

    snprintf(a->title, sizeof a->title, "%s", nb_body_str(b, "titel", ""));
    snprintf(a->description, sizeof a->description, "%s", nb_body_str(b, "omschrijving", ""));
    if (nb_assignment_kind_parse(nb_body_str(b, "soort", ""), &a->kind) != 0)
        a->kind = NB_ASSIGNMENT_LOKAAL; /* the schema refused this already */
    snprintf(a->work_type, sizeof a->work_type, "%s", nb_body_str(b, "werksoort", ""));
    a->status = dflt;
    if (json_object_get(b, "status") != NULL &&
        nb_assignment_status_parse(nb_body_str(b, "status", ""), &a->status) != 0)
        a->status = dflt; /* the schema refused this already */
    a->priority = nb_body_int(b, "prioriteit", 3);
    snprintf(a->start_date, sizeof a->start_date, "%s", nb_body_str(b, "startdatum", ""));
    snprintf(a->end_date, sizeof a->end_date, "%s", nb_body_str(b, "einddatum", ""));
    snprintf(a->sponsor, sizeof a->sponsor, "%s", nb_body_str(b, "bestuurlijkOpdrachtgever", ""));
    a->client_person_id = nb_body_int(b, "ambtelijkOpdrachtgeverId", 0);
    /* absent on a change: the programme stays; null: none */
    const json_t *prog = json_object_get(b, "programmaId");
    a->programme_id = prog == NULL ? (old ? old->programme_id : 0)
                                   : (json_is_integer(prog) ? json_integer_value(prog) : 0);

    a->nrequesters = 0;
    json_array_foreach (json_object_get(b, "aanvragers"), i, item) {
        if (i >= NB_ASG_MAX_REQUESTERS)
            break; /* the schema refused this already */
        a->requesters[a->nrequesters].organisation_id = nb_body_int(item, "organisatieId", 0);
        a->requesters[a->nrequesters].share = nb_body_int(item, "aandeel", 1);
        a->nrequesters++;
    }
    a->nlines = 0;
    a->nprofile_arena = 0;
    json_array_foreach (json_object_get(b, "regels"), i, item) {
        if (i >= NB_ASG_MAX_LINES)
            break;
        nb_assignment_line *l = &a->lines[a->nlines++];
        l->id = 0;
        l->competency_id = nb_body_int(item, "competentieId", 0);
        l->min_level = nb_body_int(item, "minimumNiveau", 0);
        l->minutes = nb_body_int(item, "minuten", 0);
        bad += nb_asg_profile_from_body(item, old, i, a, resp);
        int64_t given = nb_body_int(item, "id", 0);
        if (given == 0 || (old != NULL && i < old->nlines && old->lines[i].id == given))
            continue;
        char path[64];
        snprintf(path, sizeof path, "regels[%zu].id", i);
        if (old == NULL)
            nb_resp_invalid(resp, path,
                            "is alleen-lezen; een nieuwe opdracht heeft nog geen regel-id's");
        else if (i >= old->nlines)
            nb_resp_invalid(resp, path,
                            "is alleen-lezen; op positie %zu staat nog geen regel (laat id weg)",
                            i + 1);
        else
            nb_resp_invalid(resp, path,
                            "is alleen-lezen; op positie %zu staat regel %lld (regels houden hun "
                            "id op hun positie)",
                            i + 1, (long long)old->lines[i].id);
        bad++;
    }

    /* Dates, shape, references and rule 7 (store/asg_rules.h). */
    nb_assignment_problem problems[NB_ASG_MAX_PROBLEMS];
    size_t np = 0;
    if ((rc = nb_asg_check(req->st, a, old, problems, NB_ASG_MAX_PROBLEMS, &np, &err)) != 0)
        return rc;
    for (size_t k = 0; k < np && k < NB_ASG_MAX_PROBLEMS; k++) {
        char path[64];
        nb_asg_problem_path(&problems[k], path, sizeof path);
        nb_resp_invalid(resp, path, "%s", problems[k].reason);
    }
    bad += (int)np;
    return bad;
}

/* ---- Handlers -------------------------------------------------------------- */

typedef struct nb_asg_list_ctx {
    nb_api_rows rows;
    int64_t n, last_id; /* rows written, the last one's id (keyset: the next page's na) */
} nb_asg_list_ctx;

static int nb_asg_list_add(void *ctx, const nb_asg *a)
{
    nb_asg_list_ctx *c = ctx;
    nb_asg_jw(&c->rows.w, c->rows.req, a);
    c->n++;
    c->last_id = a->id;
    return 0;
}

int nb_api_asg_list(nb_req *req, nb_resp *resp)
{
    nb_page page;
    nb_err err = {{0}};
    nb_asg_filter f;
    memset(&f, 0, sizeof f);
    int bad = nb_req_page(req, resp, &page) != 0;
    bad |= nb_req_query_sort(req, resp, nb_asg_sort_fields, &f.sort);
    bad |= nb_req_query_enum(req, resp, "status", nb_asg_statuses, &f.status);
    bad |= nb_req_query_enum(req, resp, "soort", nb_asg_kinds, &f.kind);
    bad |= nb_req_query_enum(req, resp, "werksoort", nb_asg_work_types, &f.work_type);
    bad |= nb_req_query_id(req, resp, "organisatieId", &f.organisation_id);
    bad |= nb_req_query_id(req, resp, "programmaId", &f.programme_id);
    bad |= nb_req_query_date(req, resp, "vanaf", &f.from);
    bad |= nb_req_query_date(req, resp, "tot", &f.to);
    if (f.from && f.to && strcmp(f.from, f.to) > 0) { /* ISO dates order as text */
        nb_resp_invalid(resp, "tot", "ligt vóór vanaf");
        bad = 1;
    }
    if (bad)
        return 0;
    nb_asg_list_ctx c = {0};
    nb_api_rows_begin(&c.rows, req, resp);
    int64_t total = 0;
    f.after_id = page.after; /* keyset: from there, no offset, nothing counted */
    int rc = nb_asg_list(req->st, &f, page.keyset ? 0 : (page.page - 1) * page.size, page.size,
                         nb_asg_list_add, &c, page.keyset ? NULL : &total, &err);
    page.next_after = c.n == page.size ? c.last_id : 0;
    return nb_api_rows_reply(resp, "opdrachten", &c.rows, rc, total, &page);
}

int nb_api_asg_get(nb_req *req, nb_resp *resp)
{
    int64_t id;
    nb_err err = {{0}};
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 0;
    nb_asg *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NB_ENOMEM;
    int rc = nb_asg_get(req->st, id, a, &err);
    if (rc == 0)
        rc = nb_asg_respond(req, resp, 200, a);
    else
        rc = nb_resp_from_err(resp, rc, &err);
    free(a);
    return rc;
}

/* 1 when the rule check passed; otherwise a 403 with the store's reason in resp. */
static int nb_asg_allowed(nb_resp *resp, int rc, const nb_err *err)
{
    if (rc == 0)
        return 1;
    nb_resp_problem(resp, 403, "Geen toegang", "%s", err->msg);
    return 0;
}

int nb_api_asg_create(nb_req *req, nb_resp *resp)
{
    nb_err err = {{0}};
    int rc = 0;
    nb_asg *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NB_ENOMEM;
    int bad = nb_asg_from_body(req, NULL, NB_ASSIGNMENT_CONCEPT, a, resp);
    if (bad < 0) {
        rc = bad;
        goto cleanup;
    }
    if (bad > 0)
        goto cleanup;
    char *detail = nb_api_audit_detail(req->body);
    rc = nb_asg_create_checked(req->st, &req->actor, req->who, a, detail, &err);
    free(detail);
    if (rc == NB_EFORBIDDEN) {
        rc = 0;
        nb_asg_allowed(resp, NB_EFORBIDDEN, &err);
        goto cleanup;
    }
    if (rc != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    nb_api_location(req, resp, "opdrachten", a->id);
    rc = nb_asg_respond(req, resp, 201, a);
cleanup:
    free(a);
    return rc;
}

int nb_api_asg_update(nb_req *req, nb_resp *resp)
{
    nb_err err = {{0}};
    int64_t id;
    int rc = 0;
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 0;
    nb_asg *old = calloc(1, sizeof *old);
    nb_asg *a = calloc(1, sizeof *a);
    if (old == NULL || a == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    if ((rc = nb_asg_get(req->st, id, old, &err)) != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    if (!nb_asg_allowed(resp, nb_asg_may_change(req->who, old, &err), &err))
        goto cleanup;
    int bad = nb_asg_from_body(req, old, old->status, a, resp);
    if (bad < 0) {
        rc = bad;
        goto cleanup;
    }
    if (bad > 0)
        goto cleanup;
    char *detail = nb_api_audit_detail(req->body);
    int transition = 0;
    rc = nb_asg_update_checked(req->st, &req->actor, req->who, old, a, detail, &transition, &err);
    free(detail);
    if (rc == NB_EFORBIDDEN) {
        rc = nb_resp_problem(resp, 403, "Geen toegang", "%s", err.msg);
        goto cleanup;
    }
    if (rc == NB_ECONFLICT) {
        rc = nb_resp_problem(resp, 409, transition ? "Ongeldige statusovergang" : "Conflict", "%s",
                             err.msg);
        goto cleanup;
    }
    if (rc != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    rc = nb_asg_respond(req, resp, 200, a);
cleanup:
    free(old);
    free(a);
    return rc;
}

int nb_api_asg_status(nb_req *req, nb_resp *resp)
{
    nb_err err = {{0}};
    int64_t id;
    int rc = 0;
    nb_assignment_status to;
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 0;
    if (nb_assignment_status_parse(nb_body_str(req->body, "status", ""), &to) != 0) {
        nb_resp_invalid(resp, "status", "is geen bekende status"); /* the schema checks this too */
        return 0;
    }
    nb_asg *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NB_ENOMEM;
    /* A repeated status changes nothing and answers 200 (nb_api_status_repeated; the store
     * skips the audit row and the version for from == to). */
    rc = nb_asg_change_status(req->st, &req->actor, req->who, id, to, NULL, a, &err);
    if (rc == NB_EFORBIDDEN)
        rc = nb_resp_problem(resp, 403, "Geen toegang", "%s", err.msg);
    else if (rc == NB_ECONFLICT) {
        rc = nb_resp_problem(resp, 409, "Ongeldige statusovergang", "%s", err.msg);
        nb_resp_invalid(resp, "status", "%s", err.msg);
    } else if (rc != 0)
        rc = nb_resp_from_err(resp, rc, &err);
    else
        rc = nb_asg_respond(req, resp, 200, a);
    free(a);
    return rc;
}
