/*
 * api/werkvoorraad.c — GET /api/v1/werkvoorraad: the work stock per month,
 * competency and level asked, against the network's available hours
 * (issue 10 §1; core/workload.h says how it counts, store/workload.h which
 * assignments count).
 *
 * For beheer, coordinators and lezers (as /kwetsbaarheid): aggregates only,
 * no names. Query: van, tot (YYYY-MM; default this month and eleven more),
 * programmaId, organisatieId (a requester), soort, status, competentieId.
 */
#include "api/api.h"

#include "store/competencies.h"
#include "store/workload.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const nb_field nb_wv_month_fields[] = {
    NB_OUT("maand", NB_F_STRING, "De maand (JJJJ-MM)"),
    NB_OUT("gevraagdMinuten", NB_F_INT, "Gevraagde minuten in de maand"),
    NB_OUT("beschikbaarMinuten", NB_F_INT,
           "Beschikbare netwerkminuten van wie ten minste één gevraagde regel kan doen (elke "
           "medewerker één keer)"),
    NB_OUT("overbelast", NB_F_BOOL,
           "Meer gevraagd dan beschikbaar, in totaal of voor een competentie en niveau"),
};
static const nb_schema nb_out_wv_month =
    NB_SCHEMA_OUT("WerkvoorraadMaand", nb_wv_month_fields, NULL, "Vraag en aanbod in één maand");

static const nb_field nb_wv_cell_fields[] = {
    NB_OUT("maand", NB_F_STRING, "De maand (JJJJ-MM)"),
    NB_OUT("gevraagdMinuten", NB_F_INT, "Gevraagd op precies dit niveau"),
    NB_OUT("gevraagdVanafNiveauMinuten", NB_F_INT,
           "Gevraagd op dit niveau of hoger (alleen dragers van dit niveau kunnen dat doen)"),
    NB_OUT("beschikbaarMinuten", NB_F_INT,
           "Netwerkminuten van de dragers op dit niveau of hoger (bovengrens: wie meer "
           "competenties heeft telt bij elk mee)"),
    NB_OUT("overbelast", NB_F_BOOL, "gevraagdVanafNiveauMinuten > beschikbaarMinuten"),
};
static const nb_schema nb_out_wv_cell =
    NB_SCHEMA_OUT("WerkvoorraadCel", nb_wv_cell_fields, NULL,
                  "Vraag en aanbod van één competentie en niveau in één maand");

static const nb_field nb_wv_row_fields[] = {
    NB_OUT("competentieId", NB_F_INT, "De gevraagde competentie"),
    NB_OUT("code", NB_F_STRING, "Code van de competentie"),
    NB_OUT("naam", NB_F_STRING, "Naam van de competentie"),
    NB_OUT("niveau", NB_F_INT, "Het gevraagde minimumniveau"),
    NB_OUT("dragers", NB_F_INT, "Actieve medewerkers met de competentie op dit niveau of hoger"),
    NB_OUT_LIST("maanden", nb_out_wv_cell, "Per maand"),
};
static const nb_schema nb_out_wv_row =
    NB_SCHEMA_OUT("WerkvoorraadCompetentie", nb_wv_row_fields, NULL,
                  "Vraag en aanbod van één competentie en gevraagd niveau per maand");

static const nb_field nb_wv_fields[] = {
    NB_OUT("van", NB_F_STRING, "De eerste maand (JJJJ-MM)"),
    NB_OUT("tot", NB_F_STRING, "De laatste maand (JJJJ-MM, inbegrepen)"),
    NB_OUT_LIST("maanden", nb_out_wv_month, "Het netwerk per maand"),
    NB_OUT_LIST("competenties", nb_out_wv_row, "Per competentie en gevraagd niveau"),
    NB_OUT_LINKS,
};
const nb_schema nb_out_werkvoorraad = NB_SCHEMA_OUT(
    "Werkvoorraad", nb_wv_fields, NULL,
    "De werkvoorraad: gevraagde uren per maand en competentie tegen de beschikbare uren");

static json_t *nb_wv_json(const nb_req *req, const nb_wl_report *r, const char *const *codes,
                          const char *const *names)
{
    char m[8];
    json_t *j = json_object(), *months = json_array(), *rows = json_array();
    nb_wl_month_format(r->first_month, m);
    json_object_set_new(j, "van", json_string(m));
    nb_wl_month_format(r->first_month + (int32_t)r->nmonths - 1, m);
    json_object_set_new(j, "tot", json_string(m));
    for (size_t t = 0; t < r->nmonths; t++) {
        nb_wl_month_format(r->first_month + (int32_t)t, m);
        json_array_append_new(
            months, json_pack("{s:s, s:I, s:I, s:b}", "maand", m, "gevraagdMinuten",
                              (json_int_t)r->asked_total[t], "beschikbaarMinuten",
                              (json_int_t)r->available_total[t], "overbelast", r->overloaded[t]));
    }
    for (size_t i = 0; i < r->nrows; i++) {
        const nb_wl_row *row = &r->rows[i];
        json_t *cells = json_array();
        for (size_t t = 0; t < r->nmonths; t++) {
            nb_wl_month_format(r->first_month + (int32_t)t, m);
            json_array_append_new(
                cells, json_pack("{s:s, s:I, s:I, s:I, s:b}", "maand", m, "gevraagdMinuten",
                                 (json_int_t)row->asked[t], "gevraagdVanafNiveauMinuten",
                                 (json_int_t)row->asked_from_level[t], "beschikbaarMinuten",
                                 (json_int_t)row->available[t], "overbelast", row->overloaded[t]));
        }
        json_array_append_new(rows,
                              json_pack("{s:I, s:s, s:s, s:I, s:I, s:o}", "competentieId",
                                        (json_int_t)row->competency_id, "code", codes[i], "naam",
                                        names[i], "niveau", (json_int_t)row->level, "dragers",
                                        (json_int_t)row->holders, "maanden", cells));
    }
    json_object_set_new(j, "maanden", months);
    json_object_set_new(j, "competenties", rows);
    char href[256];
    snprintf(href, sizeof href, "%s/api/v1/werkvoorraad", req->base_url);
    json_object_set_new(j, "_links", json_pack("{s:{s:s}}", "self", "href", href));
    return j;
}

int nb_api_werkvoorraad_get(nb_req *req, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_workload_filter f;
    memset(&f, 0, sizeof f);
    int32_t first = 0;
    size_t n = 0;
    const char *field = NULL, *why = NULL;
    int bad = 0;
    if (nb_wl_window(nb_req_query(req, "van"), nb_req_query(req, "tot"), nb_date_today(), &first,
                     &n, &field, &why) != 0) {
        nb_resp_invalid(resp, field, "%s", why);
        bad = 1;
    }
    bad |= nb_req_query_id(req, resp, "programmaId", &f.programme_id);
    bad |= nb_req_query_id(req, resp, "organisatieId", &f.organisation_id);
    bad |= nb_req_query_id(req, resp, "competentieId", &f.competency_id);
    bad |= nb_req_query_enum(req, resp, "soort", nb_asg_kinds, &f.kind);
    bad |= nb_req_query_enum(req, resp, "status", nb_asg_statuses, &f.status);
    if (bad)
        return 0;
    nb_wl_report r;
    int rc = nb_workload_report(req->st, &f, first, n, &r, &err);
    const size_t nrows = r.nrows; /* the report's rows (0 on failure); codes/names per row */
    nb_comp *comp = malloc(sizeof *comp);
    char **codes = calloc(nrows ? nrows : 1, sizeof *codes);
    char **names = calloc(nrows ? nrows : 1, sizeof *names);
    if (rc == 0 && (comp == NULL || codes == NULL || names == NULL))
        rc = NB_ENOMEM;
    for (size_t i = 0; rc == 0 && i < nrows; i++) {
        if ((rc = nb_comp_get(req->st, r.rows[i].competency_id, comp, &err)) != 0)
            break;
        if ((codes[i] = strdup(comp->code)) == NULL || (names[i] = strdup(comp->name)) == NULL)
            rc = NB_ENOMEM;
    }
    if (rc == 0)
        rc = nb_resp_json(
            resp, 200, nb_wv_json(req, &r, (const char *const *)codes, (const char *const *)names));
    else if (rc != NB_ENOMEM)
        rc = nb_resp_from_err(resp, rc, &err);
    for (size_t i = 0; codes != NULL && i < nrows; i++)
        free(codes[i]);
    for (size_t i = 0; names != NULL && i < nrows; i++)
        free(names[i]);
    free(codes);
    free(names);
    free(comp);
    nb_wl_report_free(&r);
    return rc;
}
