/*
 * api/teamvoorstellen.c — /api/v1/teamvoorstellen: team proposals made by the
 * teaming engine (core/teaming.h, docs/teaming.md), and their acceptance.
 *
 * Who may do what (the route table enforces the roles):
 *   - create (POST) and accept (POST …/{id}/acceptatie): beheer;
 *   - read: beheer, coordinators and lezer.
 * Privacy (DOMAIN rules 7 and 8): every reader sees who is proposed (name and
 * organisation), for which line and how many minutes. The level, the reasons
 * (they name level, availability and learning wishes) and the cost parts are
 * personal; they are shown only to callers nb_api_person_visibility allows
 * (beheer; a coordinator for people of its own organisation). Others get the
 * single reason "voldoet aan het gevraagde niveau".
 *
 * Creating: {"opdrachtIds":[…]} or {"alleGeaccepteerde":true}, plus optional
 * overrides of the cost model and "perMaand" (plan per calendar month; off by
 * default, so a request without it keeps the one-window figures it always
 * had). The proposal (allocations with reasons and cost parts, shortages with
 * their cause, the gap to the pure optimum; per month also each proposed
 * person's load per month and the shortages per month) is stored and
 * answered with 201. The month capacity and availability are personal, like
 * the level.
 *
 * Accepting: {"regels":[ids]} or {"alles":true}: every chosen line becomes an
 * allocation (store/allocations.h) that is confirmed at once, which reserves
 * its minutes in the ledger (store/hours_ledger.h). The confirm runs the same
 * eligibility check as POST /inzet and PUT /inzet/{id}/status (active
 * person, open assignment, room on the line: nb_hours_ledger_eligible) and
 * the consent check (DOMAIN rule 9). Any refusal (409 instemming ontbreekt,
 * 422 medewerker niet actief, 422 by the ledger limit, ...) fails the whole
 * acceptance with that problem; the request's transaction then writes
 * nothing.
 */
#include "api/api.h"

#include "core/assignment.h"
#include "core/teaming.h"
#include "store/allocations.h"
#include "store/assignments.h"
#include "store/hours_ledger.h"
#include "store/proposals.h"
#include "store/team_loader.h"
#include "store/team_proposals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_TV_MAX_IDS 200

/* ---- Schemas ------------------------------------------------------------- */

static const nb_field nb_tv_fields[] = {
    {"opdrachtIds", NB_F_ARRAY, 0, 0, 1, NB_TV_MAX_IDS, NULL, NULL,
     "De opdrachten die bemenst moeten worden (status geaccepteerd, bemenst of in-uitvoering)"},
    {"alleGeaccepteerde", NB_F_BOOL, 0, 0, 0, 0, NULL, NULL,
     "true: alle opdrachten met status geaccepteerd (in plaats van opdrachtIds)"},
    {"minimaleInzetMinuten", NB_F_INT, 0, 0, 0, 100000, NULL, NULL,
     "Geen inzet onder dit aantal minuten (standaard 240)"},
    {"maxTeamgrootte", NB_F_INT, 0, 0, 0, 1000, NULL, NULL,
     "Hoogstens zoveel mensen per regel; 0 = geen grens (standaard 5)"},
    {"belastingsgrensProcent", NB_F_INT, 0, 0, 1, 100, NULL, NULL,
     "Hoogstens dit deel van iemands beschikbare uren inzetten (standaard 80)"},
    {"kostenOverkwalificatie", NB_F_INT, 0, 0, 0, 1000, NULL, NULL,
     "Kosten per minuut per niveau boven het gevraagde (standaard 4)"},
    {"bonusLeerwens", NB_F_INT, 0, 0, 0, 1000, NULL, NULL,
     "Bonus per minuut voor iemand die zich in de competentie wil ontwikkelen (standaard 3)"},
    {"bonusContinuiteit", NB_F_INT, 0, 0, 0, 1000, NULL, NULL,
     "Bonus per minuut voor iemand die al aan de opdracht werkt (standaard 5)"},
    {"kostenEigenOrganisatie", NB_F_INT, 0, 0, -1000, 1000, NULL, NULL,
     "Kosten per minuut voor iemand van een aanvragende organisatie: negatief = voorkeur voor "
     "eigen mensen, positief = spreiden (standaard 0)"},
    {"gewichtBalans", NB_F_INT, 0, 0, 0, 1000, NULL, NULL,
     "Gewicht van de urenbalans: per 100 uur saldo zoveel kosten per minuut (standaard 1)"},
    {"kostenTekort", NB_F_INT, 0, 0, 1, 1000000, NULL, NULL,
     "Kosten per minuut niet-bemenste vraag (standaard 1000)"},
    {"perMaand", NB_F_BOOL, 0, 0, 0, 0, NULL, NULL,
     "true: per kalendermaand plannen: in geen maand iemand boven de belastingsgrens, de uren "
     "van een regel verdeeld over de maanden van de opdracht; het voorstel toont dan de "
     "belasting en de tekorten per maand. false (standaard): één venster over de hele periode"},
};
const nb_schema nb_schema_teamvoorstel =
    NB_SCHEMA("TeamvoorstelAanvraag", nb_tv_fields,
              "Een teamvoorstel laten maken voor een of meer opdrachten");

static const nb_field nb_tv_accept_fields[] = {
    {"regels", NB_F_ARRAY, 0, 0, 1, 10000, NULL, NULL,
     "Ids van de voorgestelde inzetregels die geaccepteerd worden"},
    {"alles", NB_F_BOOL, 0, 0, 0, 0, NULL, NULL, "true: alle nog niet geaccepteerde regels"},
};
const nb_schema nb_schema_teamvoorstel_acceptatie =
    NB_SCHEMA("TeamvoorstelAcceptatie", nb_tv_accept_fields,
              "Een teamvoorstel geheel of per regel accepteren");

/* What nb_tv_summary_json, nb_tv_line_add and nb_tv_short_add write, in their order. */
static const char *const nb_tv_statuses[] = {"concept", "geaccepteerd", "deels-geaccepteerd",
                                             "verworpen", NULL};
static const char *const nb_tv_short_kinds[] = {"geen-competentie", "bezet", "regels", NULL};
static const nb_field nb_tv_ref_fields[] = {
    NB_OUT("id", NB_F_INT, "Het id"),
    NB_OUT("naam", NB_F_STRING, "De naam"),
};
static const nb_schema nb_out_tv_ref =
    NB_SCHEMA_OUT("IdNaam", nb_tv_ref_fields, NULL, "Een verwijzing met id en naam");
static const nb_field nb_tv_cost_fields[] = {
    NB_OUT("overkwalificatie", NB_F_INT, "Kosten van een hoger niveau dan gevraagd"),
    NB_OUT("leerwens", NB_F_INT, "Bonus voor een leerwens (negatief)"),
    NB_OUT("continuiteit", NB_F_INT, "Bonus voor wie al aan de opdracht werkt (negatief)"),
    NB_OUT("eigenOrganisatie", NB_F_INT, "Kosten of bonus voor een eigen medewerker"),
    NB_OUT("balans", NB_F_INT, "Kosten voor de balans tussen organisaties"),
    NB_OUT("belasting", NB_F_INT, "Kosten voor de belasting van de medewerker"),
    NB_OUT("totaal", NB_F_INT, "De som"),
};
static const nb_schema nb_out_tv_cost =
    NB_SCHEMA_OUT("TeamvoorstelKosten", nb_tv_cost_fields, NULL, "De kosten van één inzetregel");
static const nb_field nb_tv_line_out_fields[] = {
    NB_OUT("id", NB_F_INT, "Het id van de regel van het voorstel"),
    NB_OUT("opdrachtId", NB_F_INT, "De opdracht"),
    NB_OUT("regelId", NB_F_INT, "De opdrachtregel"),
    NB_OUT_OBJ("medewerker", nb_out_tv_ref, "De voorgestelde medewerker"),
    NB_OUT_OBJ("organisatie", nb_out_tv_ref, "Diens organisatie"),
    NB_OUT("minuten", NB_F_INT, "Voorgestelde minuten"),
    NB_OUT("minimumNiveau", NB_F_INT,
           "Het gevraagde niveau (zoals minimumNiveau op de opdrachtregel)"),
    NB_OUT(
        "minimaalNiveau", NB_F_INT,
        "Verouderd: gebruik minimumNiveau (zelfde waarde); wordt tot 1 juni 2027 nog meegestuurd"),
    NB_OUT_OPT("niveau", NB_F_INT, "Het niveau van de medewerker (persoonlijk)"),
    {"kosten", NB_F_OBJECT, 0, 0, 0, 0, NULL, &nb_out_tv_cost,
     "De kosten (persoonlijk: alleen voor wie het niveau mag zien)"},
    {"redenen", NB_F_TEXTS, 1, 0, 0, 0, NULL, NULL,
     "Waarom deze medewerker (teksten; wie het niveau niet mag zien krijgt een algemene reden)"},
    NB_OUT("geaccepteerd", NB_F_BOOL, "De regel is geaccepteerd"),
    NB_OUT_NULL("inzetId", NB_F_INT, "De inzet die de acceptatie maakte"),
};
static const nb_schema nb_out_tv_line =
    NB_SCHEMA_OUT("TeamvoorstelInzet", nb_tv_line_out_fields, NULL, "Een voorgestelde inzet");
static const nb_field nb_tv_short_out_fields[] = {
    NB_OUT("opdrachtId", NB_F_INT, "De opdracht"),
    NB_OUT("regelId", NB_F_INT, "De opdrachtregel"),
    NB_OUT("competentieId", NB_F_INT, "De gevraagde competentie"),
    NB_OUT("minimumNiveau", NB_F_INT,
           "Het gevraagde niveau (zoals minimumNiveau op de opdrachtregel)"),
    NB_OUT(
        "minimaalNiveau", NB_F_INT,
        "Verouderd: gebruik minimumNiveau (zelfde waarde); wordt tot 1 juni 2027 nog meegestuurd"),
    NB_OUT("gevraagdMinuten", NB_F_INT, "Gevraagde minuten"),
    NB_OUT("tekortMinuten", NB_F_INT, "Minuten die niet bemenst konden worden"),
    NB_OUT("kandidaten", NB_F_INT, "Aantal mensen met de competentie en het niveau"),
    NB_OUT_ENUM("oorzaak", nb_tv_short_kinds, "geen-competentie, bezet of regels"),
    NB_OUT("reden", NB_F_STRING, "De oorzaak in woorden"),
};
static const nb_schema nb_out_tv_short =
    NB_SCHEMA_OUT("TeamvoorstelTekort", nb_tv_short_out_fields, NULL, "Een tekort");
static const nb_field nb_tv_month_load_fields[] = {
    NB_OUT("maand", NB_F_STRING, "De kalendermaand (JJJJ-MM)"),
    NB_OUT("minuten", NB_F_INT, "Voorgestelde minuten in de maand (alle regels samen)"),
    NB_OUT_OPT("grensMinuten", NB_F_INT,
               "Hoogstens zoveel minuten in de maand: de belastingsgrens van de beschikbare "
               "minuten (persoonlijk)"),
    NB_OUT_OPT("beschikbaarMinuten", NB_F_INT,
               "Beschikbare minuten in de maand: netwerkuren, uitdienst en al geplande inzet "
               "meegerekend (persoonlijk)"),
};
static const nb_schema nb_out_tv_month_load =
    NB_SCHEMA_OUT("TeamvoorstelMaandbelasting", nb_tv_month_load_fields, NULL,
                  "De belasting van een medewerker in één maand");
static const nb_field nb_tv_load_fields[] = {
    NB_OUT_OBJ("medewerker", nb_out_tv_ref, "De voorgestelde medewerker"),
    NB_OUT_OBJ("organisatie", nb_out_tv_ref, "Diens organisatie"),
    NB_OUT_LIST("maanden", nb_out_tv_month_load, "Elke maand van de periode"),
};
static const nb_schema nb_out_tv_load =
    NB_SCHEMA_OUT("TeamvoorstelBelasting", nb_tv_load_fields, NULL,
                  "De belasting per maand van een voorgestelde medewerker");
static const nb_field nb_tv_month_short_fields[] = {
    NB_OUT("opdrachtId", NB_F_INT, "De opdracht"),
    NB_OUT("regelId", NB_F_INT, "De opdrachtregel"),
    NB_OUT("maand", NB_F_STRING, "De kalendermaand (JJJJ-MM)"),
    NB_OUT("gevraagdMinuten", NB_F_INT, "Gevraagde minuten in de maand"),
    NB_OUT("tekortMinuten", NB_F_INT, "Minuten die in de maand niet bemenst konden worden"),
    NB_OUT_ENUM("oorzaak", nb_tv_short_kinds,
                "geen-competentie, bezet (iedereen met de competentie zit die maand aan de "
                "grens) of regels"),
    NB_OUT("reden", NB_F_STRING, "De oorzaak in woorden"),
};
static const nb_schema nb_out_tv_month_short = NB_SCHEMA_OUT(
    "TeamvoorstelMaandtekort", nb_tv_month_short_fields, NULL, "Een tekort in één maand");
static const nb_field nb_tv_period_fields[] = {
    NB_OUT("van", NB_F_DATE, "Eerste dag"),
    NB_OUT("tot", NB_F_DATE, "Laatste dag"),
};
static const nb_schema nb_out_tv_period =
    NB_SCHEMA_OUT("TeamvoorstelPeriode", nb_tv_period_fields, NULL, "De periode van het voorstel");
static const nb_field nb_tv_sum_fields[] = {
    NB_OUT("kosten", NB_F_INT, "Totale kosten van het voorstel"),
    NB_OUT("optimum", NB_F_INT, "Kosten van het zuivere optimum"),
    NB_OUT("verschilMetOptimum", NB_F_INT, "kosten - optimum"),
    NB_OUT("gevraagdMinuten", NB_F_INT, "Gevraagde minuten"),
    NB_OUT("voorgesteldMinuten", NB_F_INT, "Voorgestelde minuten"),
    NB_OUT("tekortMinuten", NB_F_INT, "Niet bemenste minuten"),
    NB_OUT("nabewerkingsrondes", NB_F_INT, "Rondes van de nabewerking"),
};
static const nb_schema nb_out_tv_sum = NB_SCHEMA_OUT("TeamvoorstelSamenvatting", nb_tv_sum_fields,
                                                     NULL, "De cijfers van het voorstel");
#define NB_TV_SUMMARY_OUT                                                                 \
    NB_OUT_ID, NB_OUT_ENUM("status", nb_tv_statuses, "De status van het voorstel"),       \
        NB_OUT("aangemaakt", NB_F_DATETIME, "Wanneer aangemaakt (UTC)"),                  \
        NB_OUT("aangemaaktDoor", NB_F_STRING, "Wie het voorstel liet maken (rol:label)"), \
        NB_OUT("gewijzigd", NB_F_DATETIME, "Wanneer laatst gewijzigd (UTC)"),             \
        {"versie", NB_F_INT, 1, 0, 1, INT64_MAX, NULL, NULL, "Versienummer"},             \
        NB_OUT_OBJ("periode", nb_out_tv_period, "De periode van de opdrachten"),          \
        NB_OUT("perMaand", NB_F_BOOL,                                                     \
               "true: per kalendermaand gepland; false: één venster over de periode"),    \
        {"parameters",                                                                    \
         NB_F_OBJECT,                                                                     \
         1,                                                                               \
         0,                                                                               \
         0,                                                                               \
         0,                                                                               \
         NULL,                                                                            \
         NULL,                                                                            \
         "De aanvraag en het kostenmodel waarmee het voorstel is gemaakt"},               \
        NB_OUT_OBJ("samenvatting", nb_out_tv_sum, "De cijfers"), NB_OUT_LINKS
static const nb_field nb_tv_summary_out_fields[] = {NB_TV_SUMMARY_OUT};
static const nb_schema nb_out_tv_summary = NB_SCHEMA_OUT(
    "TeamvoorstelSamenvattingUit", nb_tv_summary_out_fields, NULL, "Een teamvoorstel in een lijst");
static const nb_field nb_tv_out_fields[] = {
    NB_TV_SUMMARY_OUT,
    NB_OUT_LIST("inzet", nb_out_tv_line, "De voorgestelde inzet"),
    NB_OUT_LIST("tekorten", nb_out_tv_short, "Wat niet bemenst kon worden, met de oorzaak"),
    NB_OUT_LIST("belastingPerMaand", nb_out_tv_load,
                "Per voorgestelde medewerker de belasting in elke maand (leeg zonder perMaand)"),
    NB_OUT_LIST("tekortenPerMaand", nb_out_tv_month_short,
                "Per regel en maand wat niet bemenst kon worden, met de oorzaak (leeg zonder "
                "perMaand)"),
};
const nb_schema nb_out_teamvoorstel =
    NB_SCHEMA_OUT("TeamvoorstelUit", nb_tv_out_fields, NULL, "Een teamvoorstel");
NB_SCHEMA_LIST(nb_out_teamvoorstel_lijst, "TeamvoorstelLijst", "teamvoorstellen",
               nb_out_tv_summary);

/* ---- Rendering ------------------------------------------------------------ */

typedef struct nb_tv_render {
    nb_req *req;
    json_t *items;
    int64_t open; /* lines not accepted yet */
} nb_tv_render;

static int nb_tv_line_add(void *ctx, const nb_proposal_line *l)
{
    nb_tv_render *c = ctx;
    int personal = nb_api_person_visibility(c->req, l->organisation_id, l->person_id) ==
                   NB_PERSON_VIS_PERSONAL;
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(l->id));
    json_object_set_new(j, "opdrachtId", json_integer(l->assignment_id));
    json_object_set_new(j, "regelId", json_integer(l->line_id));
    json_object_set_new(
        j, "medewerker",
        json_pack("{s:I, s:s}", "id", (json_int_t)l->person_id, "naam", l->person_name));
    json_object_set_new(j, "organisatie",
                        json_pack("{s:I, s:s}", "id", (json_int_t)l->organisation_id, "naam",
                                  l->organisation_name));
    json_object_set_new(j, "minuten", json_integer(l->minutes));
    json_object_set_new(j, "minimumNiveau", json_integer(l->min_level));
    json_object_set_new(j, "minimaalNiveau", json_integer(l->min_level)); /* deprecated */
    if (personal) {
        json_object_set_new(j, "niveau", json_integer(l->level));
        json_object_set_new(
            j, "kosten",
            json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "overkwalificatie",
                      (json_int_t)l->cost_overqual, "leerwens", (json_int_t)l->cost_wish,
                      "continuiteit", (json_int_t)l->cost_continuity, "eigenOrganisatie",
                      (json_int_t)l->cost_home, "balans", (json_int_t)l->cost_fairness, "belasting",
                      (json_int_t)l->cost_load, "totaal", (json_int_t)l->cost_total));
        json_t *reasons = json_loads(l->reasons, 0, NULL);
        json_object_set_new(j, "redenen", reasons ? reasons : json_array());
    } else {
        json_object_set_new(j, "redenen", json_pack("[s]", "voldoet aan het gevraagde niveau"));
    }
    json_object_set_new(j, "geaccepteerd", json_boolean(l->accepted));
    json_object_set_new(j, "inzetId",
                        l->allocation_id ? json_integer(l->allocation_id) : json_null());
    c->open += !l->accepted;
    return json_array_append_new(c->items, j) == 0 ? 0 : NB_ENOMEM;
}

static int nb_tv_short_add(void *ctx, const nb_proposal_shortage *s)
{
    nb_tv_render *c = ctx;
    json_t *j = json_object();
    json_object_set_new(j, "opdrachtId", json_integer(s->assignment_id));
    json_object_set_new(j, "regelId", json_integer(s->line_id));
    json_object_set_new(j, "competentieId", json_integer(s->competency_id));
    json_object_set_new(j, "minimumNiveau", json_integer(s->min_level));
    json_object_set_new(j, "minimaalNiveau", json_integer(s->min_level)); /* deprecated */
    json_object_set_new(j, "gevraagdMinuten", json_integer(s->minutes_requested));
    json_object_set_new(j, "tekortMinuten", json_integer(s->minutes_unmet));
    json_object_set_new(j, "kandidaten", json_integer(s->candidates));
    json_object_set_new(j, "oorzaak", json_string(s->kind));
    json_object_set_new(j, "reden", json_string(s->reason));
    return json_array_append_new(c->items, j) == 0 ? 0 : NB_ENOMEM;
}

typedef struct nb_tv_loads {
    nb_req *req;
    json_t *items;
    json_t *months; /* the current person's months (borrowed from items) */
    int64_t person_id;
} nb_tv_loads;

/* Rows come by person, then month: a new person opens a new item. */
static int nb_tv_load_add(void *ctx, const nb_proposal_load *l)
{
    nb_tv_loads *c = ctx;
    if (c->months == NULL || c->person_id != l->person_id) {
        json_t *j = json_object();
        json_object_set_new(
            j, "medewerker",
            json_pack("{s:I, s:s}", "id", (json_int_t)l->person_id, "naam", l->person_name));
        json_object_set_new(j, "organisatie",
                            json_pack("{s:I, s:s}", "id", (json_int_t)l->organisation_id, "naam",
                                      l->organisation_name));
        c->months = json_array();
        json_object_set_new(j, "maanden", c->months);
        c->person_id = l->person_id;
        if (json_array_append_new(c->items, j) != 0)
            return NB_ENOMEM;
    }
    int personal = nb_api_person_visibility(c->req, l->organisation_id, l->person_id) ==
                   NB_PERSON_VIS_PERSONAL;
    json_t *m = json_pack("{s:s, s:I}", "maand", l->month, "minuten", (json_int_t)l->minutes);
    if (m != NULL && personal) {
        json_object_set_new(m, "grensMinuten", json_integer(l->capacity));
        json_object_set_new(m, "beschikbaarMinuten", json_integer(l->available));
    }
    return json_array_append_new(c->months, m) == 0 ? 0 : NB_ENOMEM;
}

static int nb_tv_month_short_add(void *ctx, const nb_proposal_month_short *s)
{
    nb_tv_render *c = ctx;
    json_t *j =
        json_pack("{s:I, s:I, s:s, s:I, s:I, s:s, s:s}", "opdrachtId", (json_int_t)s->assignment_id,
                  "regelId", (json_int_t)s->line_id, "maand", s->month, "gevraagdMinuten",
                  (json_int_t)s->minutes_requested, "tekortMinuten", (json_int_t)s->minutes_unmet,
                  "oorzaak", s->kind, "reden", s->reason);
    return json_array_append_new(c->items, j) == 0 ? 0 : NB_ENOMEM;
}

/* The summary part shared by the list and the full proposal. */
static json_t *nb_tv_summary_json(const nb_req *req, const nb_proposal *p)
{
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(p->id));
    json_object_set_new(j, "status", json_string(p->status));
    json_object_set_new(j, "aangemaakt", json_string(p->created_at));
    json_object_set_new(j, "aangemaaktDoor", json_string(p->created_by));
    json_object_set_new(j, "gewijzigd", json_string(p->updated_at));
    json_object_set_new(j, "versie", json_integer(p->revision));
    json_object_set_new(j, "periode",
                        json_pack("{s:s, s:s}", "van", p->period_start, "tot", p->period_end));
    json_object_set_new(j, "perMaand", json_boolean(p->months > 0));
    json_t *params = json_loads(p->parameters, 0, NULL);
    json_object_set_new(j, "parameters", params ? params : json_object());
    json_object_set_new(
        j, "samenvatting",
        json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "kosten", (json_int_t)p->cost_total,
                  "optimum", (json_int_t)p->cost_optimum, "verschilMetOptimum",
                  (json_int_t)p->cost_gap, "gevraagdMinuten", (json_int_t)p->minutes_requested,
                  "voorgesteldMinuten", (json_int_t)p->minutes_allocated, "tekortMinuten",
                  (json_int_t)p->minutes_unmet, "nabewerkingsrondes", (json_int_t)p->rounds));
    json_object_set_new(j, "_links", nb_hal_self(req, "teamvoorstellen", p->id));
    return j;
}

/* The full proposal as JSON into *out (caller owns). */
static int nb_tv_json(nb_req *req, int64_t id, json_t **out, int64_t *open, nb_err *err)
{
    nb_proposal *p = malloc(sizeof *p);
    int rc;
    *out = NULL;
    if (p == NULL)
        return NB_ENOMEM;
    if ((rc = nb_proposal_get(req->st, id, p, err)) != 0) {
        free(p);
        return rc;
    }
    json_t *j = nb_tv_summary_json(req, p);
    free(p);
    nb_tv_render lines = {req, json_array(), 0}, shorts = {req, json_array(), 0};
    nb_tv_render mshorts = {req, json_array(), 0};
    nb_tv_loads loads = {req, json_array(), NULL, 0};
    rc = nb_proposal_lines(req->st, id, nb_tv_line_add, &lines, err);
    if (rc == 0)
        rc = nb_proposal_shortages(req->st, id, nb_tv_short_add, &shorts, err);
    if (rc == 0)
        rc = nb_proposal_loads(req->st, id, nb_tv_load_add, &loads, err);
    if (rc == 0)
        rc = nb_proposal_month_shorts(req->st, id, nb_tv_month_short_add, &mshorts, err);
    json_object_set_new(j, "inzet", lines.items);
    json_object_set_new(j, "tekorten", shorts.items);
    json_object_set_new(j, "belastingPerMaand", loads.items);
    json_object_set_new(j, "tekortenPerMaand", mshorts.items);
    if (rc != 0) {
        json_decref(j);
        return rc;
    }
    if (open)
        *open = lines.open;
    *out = j;
    return 0;
}

/* ---- Create --------------------------------------------------------------- */

/* Applies the optional overrides of the body to c. */
static void nb_tv_config(const json_t *b, nb_team_config *c)
{
    nb_team_config_default(c);
    c->min_alloc_minutes = nb_body_int(b, "minimaleInzetMinuten", c->min_alloc_minutes);
    c->max_team_size = nb_body_int(b, "maxTeamgrootte", c->max_team_size);
    c->load_cap_pct = nb_body_int(b, "belastingsgrensProcent", c->load_cap_pct);
    c->overqual_cost = nb_body_int(b, "kostenOverkwalificatie", c->overqual_cost);
    c->wish_bonus = nb_body_int(b, "bonusLeerwens", c->wish_bonus);
    c->continuity_bonus = nb_body_int(b, "bonusContinuiteit", c->continuity_bonus);
    c->home_cost = nb_body_int(b, "kostenEigenOrganisatie", c->home_cost);
    c->fairness_weight = nb_body_int(b, "gewichtBalans", c->fairness_weight);
    c->unmet_cost = nb_body_int(b, "kostenTekort", c->unmet_cost);
    c->month_buckets = nb_body_bool(b, "perMaand", 0);
}

int nb_api_tv_create(nb_req *req, nb_resp *resp)
{
    nb_err err = {{0}};
    int rc = 0, bad = 0;
    int64_t ids[NB_TV_MAX_IDS];
    size_t nids = 0;
    nb_team_config cfg;

    json_t *jids = json_object_get(req->body, "opdrachtIds");
    int all = nb_body_bool(req->body, "alleGeaccepteerde", 0);
    if ((jids != NULL) == all) {
        const char *why = all ? "geef opdrachtIds óf alleGeaccepteerde, niet allebei"
                              : "geef opdrachtIds of alleGeaccepteerde: true";
        nb_resp_invalid(resp, "opdrachtIds", "%s", why);
        nb_resp_invalid(resp, "alleGeaccepteerde", "%s", why);
        return 0;
    }
    nb_asg *a = malloc(sizeof *a);
    if (a == NULL)
        return NB_ENOMEM;
    for (size_t i = 0; jids && i < json_array_size(jids); i++) {
        int64_t id = (int64_t)json_integer_value(json_array_get(jids, i));
        char name[40];
        snprintf(name, sizeof name, "opdrachtIds[%zu]", i);
        int r = nb_asg_get(req->st, id, a, &err);
        if (r == NB_ENOTFOUND) {
            nb_resp_invalid(resp, name, "verwijst naar opdracht %lld, die niet bestaat",
                            (long long)id);
            bad++;
        } else if (r != 0) {
            free(a);
            return nb_resp_from_err(resp, r, &err);
        } else if (!nb_tp_status_ok(a->status)) {
            nb_resp_invalid(resp, name,
                            "opdracht %lld heeft status %s; alleen geaccepteerde opdrachten "
                            "(of bemenst / in-uitvoering) worden bemenst",
                            (long long)id, nb_assignment_status_name(a->status));
            bad++;
        }
        ids[nids++] = id;
    }
    free(a);
    nb_tv_config(req->body, &cfg);
    if (nb_team_config_check(&cfg, &err) != 0) {
        nb_resp_invalid(resp, "kostenTekort", "%s", err.msg);
        bad++;
    }
    if (bad > 0)
        return 0;

    int64_t pid = 0;
    json_t *body = NULL;
    rc = nb_tp_make(req->st, &req->actor, ids, nids, &cfg, &pid, &err);
    if (rc == 0)
        rc = nb_tv_json(req, pid, &body, NULL, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err);
    nb_api_location(req, resp, "teamvoorstellen", pid);
    return nb_resp_json(resp, 201, body);
}

/* ---- Read ------------------------------------------------------------------ */

int nb_api_tv_get(nb_req *req, nb_resp *resp)
{
    int64_t id;
    nb_err err = {{0}};
    json_t *body = NULL;
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 0;
    int rc = nb_tv_json(req, id, &body, NULL, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err);
    return nb_resp_json(resp, 200, body);
}

static int nb_tv_list_add(void *ctx, const nb_proposal *p)
{
    nb_api_list *c = ctx;
    return json_array_append_new(c->items, nb_tv_summary_json(c->req, p)) == 0 ? 0 : NB_ENOMEM;
}

int nb_api_tv_list(nb_req *req, nb_resp *resp)
{
    nb_page page;
    nb_err err = {{0}};
    nb_sort sort;
    int bad = nb_req_page(req, resp, &page) != 0;
    bad |= nb_req_query_sort(req, resp, nb_proposal_sort_fields, &sort);
    if (bad)
        return 0;
    nb_api_list c = {req, json_array()};
    int64_t total = 0;
    int rc = nb_proposal_list_sorted(req->st, &sort, (page.page - 1) * page.size, page.size,
                                     nb_tv_list_add, &c, &total, &err);
    if (rc != 0 && rc != NB_ENOMEM && rc != NB_EDB)
        rc = nb_resp_from_err(resp, rc, &err);
    return nb_api_list_reply(resp, "teamvoorstellen", &c, rc, total, &page);
}

/* ---- Accept ------------------------------------------------------------------ */

typedef struct nb_tv_bad {
    nb_resp *resp;
    int64_t id;
} nb_tv_bad;

static void nb_tv_bad_line(void *ctx, size_t index, int64_t line_id)
{
    nb_tv_bad *c = ctx;
    char name[32];
    snprintf(name, sizeof name, "regels[%zu]", index);
    nb_resp_invalid(c->resp, name, "regel %lld hoort niet bij teamvoorstel %lld",
                    (long long)line_id, (long long)c->id);
}

int nb_api_tv_accept(nb_req *req, nb_resp *resp)
{
    int64_t id;
    nb_err err = {{0}};
    int64_t *lines = NULL;
    nb_tp_refusal *ref = NULL;
    nb_proposal *p = NULL;
    int rc = 0;
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 0;
    json_t *jids = json_object_get(req->body, "regels");
    int all = nb_body_bool(req->body, "alles", 0);
    size_t n = json_array_size(jids);
    if ((lines = calloc(n ? n : 1, sizeof *lines)) == NULL || (ref = malloc(sizeof *ref)) == NULL ||
        (p = malloc(sizeof *p)) == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        lines[i] = (int64_t)json_integer_value(json_array_get(jids, i));
    /* A missing proposal answers 404 before the body is judged. */
    if ((rc = nb_proposal_get(req->st, id, p, &err)) != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    if ((jids != NULL) == all) {
        const char *why = all ? "geef regels óf alles, niet allebei" : "geef regels of alles: true";
        nb_resp_invalid(resp, "regels", "%s", why);
        nb_resp_invalid(resp, "alles", "%s", why);
        goto cleanup;
    }
    nb_tv_bad bad = {resp, id};
    rc = nb_tp_accept(req->st, &req->actor, id, lines, n, all, nb_tv_bad_line, &bad, ref, NULL,
                      &err);
    switch (rc == 0 ? NB_TP_NONE : ref->kind) {
    case NB_TP_NONE:
        break;
    case NB_TP_BAD_LINES:
        rc = 0;
        goto cleanup;
    case NB_TP_ALREADY:
    case NB_TP_NOTHING:
        rc = nb_resp_problem(resp, 409, "Conflict",
                             ref->kind == NB_TP_ALREADY
                                 ? "Een of meer gekozen regels van teamvoorstel %lld zijn al "
                                   "geaccepteerd; een regel wordt één keer geaccepteerd."
                                 : "Teamvoorstel %lld heeft geen regels meer om te accepteren.",
                             (long long)id);
        goto cleanup;
    case NB_TP_CLOSED:
        rc = nb_resp_problem(resp, 409, "Conflict",
                             "Opdracht %lld heeft status %s; inzet kan alleen op een "
                             "geaccepteerde, bemenste of lopende opdracht.",
                             (long long)ref->assignment_id, nb_assignment_status_name(ref->status));
        goto cleanup;
    case NB_TP_REFUSED:
        rc = nb_api_hours_refusal(req, resp, ref->assignment_id, rc, &ref->hours, &err);
        goto cleanup;
    }
    if (rc != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    json_t *body = NULL;
    if ((rc = nb_tv_json(req, id, &body, NULL, &err)) != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    rc = nb_resp_json(resp, 200, body);
cleanup:
    free(p);
    free(ref);
    free(lines);
    return rc;
}
