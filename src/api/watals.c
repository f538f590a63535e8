/*
 * api/watals.c — GET /kwetsbaarheid/watals: "wat als deze medewerkers
 * vertrekken" (core/whatif.h, store/whatif.h). A GET although it computes:
 * the teaming engine solves the work stock twice, which takes seconds at
 * national scale, and a GET runs in a read snapshot instead of holding the
 * one write lock; nothing is written, no proposal is stored. People's names
 * follow DOMAIN.md rule 8 (nb_vuln_may_name): others see ids of the people
 * they chose themselves and counts, no names.
 */
#include "api/api.h"

#include "store/vulnerability.h"
#include "store/whatif.h"
#include "util/date.h"

#include <string.h>

static const nb_field nb_wa_person_fields[] = {
    NB_OUT("medewerkerId", NB_F_INT, "De gekozen medewerker"),
    NB_OUT_NULL("naam", NB_F_STRING, "Naam; null als u de naam niet mag zien"),
    NB_OUT("organisatieId", NB_F_INT, "Thuisorganisatie"),
    NB_OUT("openInzetMinuten", NB_F_INT,
           "Minuten die nog voor hem of haar gepland staan op lopende opdrachten"),
};
static const nb_schema nb_out_wa_person = NB_SCHEMA_OUT(
    "WatalsVertrekker", nb_wa_person_fields, NULL, "Een medewerker die (in de vraag) vertrekt");

static const nb_field nb_wa_line_fields[] = {
    NB_OUT("regelId", NB_F_INT, "De opdrachtregel"),
    NB_OUT("opdrachtId", NB_F_INT, "De opdracht"),
    NB_OUT("opdracht", NB_F_STRING, "Titel van de opdracht"),
    NB_OUT("competentieId", NB_F_INT, "De gevraagde competentie"),
    NB_OUT("competentie", NB_F_STRING, "Naam van de competentie"),
    NB_OUT("minimumNiveau", NB_F_INT, "Het gevraagde minimumniveau"),
    NB_OUT("openMinuten", NB_F_INT, "Minuten waarvoor nog niemand gepland staat"),
    NB_OUT("vrijgekomenMinuten", NB_F_INT,
           "Geplande minuten van de vertrekkers op deze regel (na vertrek weer open)"),
    NB_OUT("vertrekkersVoorMinuten", NB_F_INT,
           "Minuten die de berekening vóór vertrek aan de vrije uren van de vertrekkers gaf"),
    NB_OUT("ongedektVoorMinuten", NB_F_INT, "Minuten die vóór vertrek niemand kan doen"),
    NB_OUT("ongedektNaMinuten", NB_F_INT, "Minuten die na vertrek niemand kan doen"),
    NB_OUT("dragersVoor", NB_F_INT, "Medewerkers op het gevraagde niveau of hoger, vóór"),
    NB_OUT("dragersNa", NB_F_INT, "Hetzelfde zonder de vertrekkers"),
};
static const nb_schema nb_out_wa_line =
    NB_SCHEMA_OUT("WatalsRegel", nb_wa_line_fields, NULL,
                  "Een opdrachtregel waarvan de dekking verandert door het vertrek");

static const nb_field nb_wa_take_fields[] = {
    NB_OUT("regelId", NB_F_INT, "De opdrachtregel"),
    NB_OUT("opdrachtId", NB_F_INT, "De opdracht"),
    NB_OUT_NULL("medewerkerId", NB_F_INT, "Wie het kan overnemen; null als u dat niet mag zien"),
    NB_OUT_NULL("naam", NB_F_STRING, "Naam; null als u de naam niet mag zien"),
    NB_OUT("organisatieId", NB_F_INT, "Thuisorganisatie"),
    NB_OUT("minuten", NB_F_INT, "Voorgestelde minuten na vertrek"),
    NB_OUT("minutenVoor", NB_F_INT, "Minuten voor dezelfde medewerker en regel vóór vertrek"),
};
static const nb_schema nb_out_wa_take = NB_SCHEMA_OUT(
    "WatalsOvernemer", nb_wa_take_fields, NULL,
    "Wie het werk van de vertrekkers zou kunnen overnemen (voorstel, niet opgeslagen)");

static const nb_field nb_wa_comp_fields[] = {
    NB_OUT("competentieId", NB_F_INT, "De competentie"),
    NB_OUT("code", NB_F_STRING, "Code van de competentie"),
    NB_OUT("naam", NB_F_STRING, "Naam van de competentie"),
    NB_OUT("minimumNiveau", NB_F_INT, "Het gevraagde minimumniveau"),
    NB_OUT("regels", NB_F_INT, "Opdrachtregels met dit niveau waarvan de dekking verandert"),
    NB_OUT("openMinuten", NB_F_INT, "Open minuten op die regels"),
    NB_OUT("vrijgekomenMinuten", NB_F_INT, "Geplande minuten van de vertrekkers op die regels"),
    NB_OUT("ongedektVoorMinuten", NB_F_INT, "Minuten die vóór vertrek niemand kan doen"),
    NB_OUT("ongedektNaMinuten", NB_F_INT, "Minuten die na vertrek niemand kan doen"),
    NB_OUT("dragersVoor", NB_F_INT, "Medewerkers op dit niveau of hoger, vóór"),
    NB_OUT("dragersNa", NB_F_INT, "Hetzelfde zonder de vertrekkers"),
};
static const nb_schema nb_out_wa_comp =
    NB_SCHEMA_OUT("WatalsCompetentie", nb_wa_comp_fields, NULL,
                  "Tekort per competentie en niveau, vóór en na vertrek");

static const nb_field nb_wa_drop_fields[] = {
    NB_OUT("competentieId", NB_F_INT, "De competentie"),
    NB_OUT("code", NB_F_STRING, "Code van de competentie"),
    NB_OUT("naam", NB_F_STRING, "Naam van de competentie"),
    NB_OUT("dragersVoor", NB_F_INT, "Medewerkers in het netwerk met deze competentie, vóór"),
    NB_OUT("dragersNa", NB_F_INT, "Hetzelfde na vertrek (1 of 0)"),
};
static const nb_schema nb_out_wa_drop =
    NB_SCHEMA_OUT("WatalsDragersOmlaag", nb_wa_drop_fields, NULL,
                  "Een competentie die na vertrek nog één drager heeft, of geen");

static const nb_field nb_wa_sum_fields[] = {
    NB_OUT("gevraagdVoorMinuten", NB_F_INT, "Open minuten van de werkvoorraad vóór vertrek"),
    NB_OUT("gevraagdNaMinuten", NB_F_INT, "Open minuten na vertrek (met het vrijgekomen werk)"),
    NB_OUT("vrijgekomenMinuten", NB_F_INT,
           "Geplande minuten van de vertrekkers die weer open zijn"),
    NB_OUT("ongedektVoorMinuten", NB_F_INT, "Minuten die vóór vertrek niemand kan doen"),
    NB_OUT("ongedektNaMinuten", NB_F_INT, "Minuten die na vertrek niemand kan doen"),
    NB_OUT("extraOngedektMinuten", NB_F_INT, "Het verschil: wat het vertrek het netwerk kost"),
    NB_OUT("kostenVoor", NB_F_INT, "Kosten van het optimum van de teaming-engine vóór"),
    NB_OUT("kostenNa", NB_F_INT, "Kosten van het optimum na"),
    NB_OUT("warm", NB_F_BOOL, "Het na-optimum is warm herberekend vanuit het voor-optimum"),
    NB_OUT("regelsInWerkvoorraad", NB_F_INT, "Opdrachtregels in de werkvoorraad"),
    NB_OUT("medewerkersInNetwerk", NB_F_INT, "Actieve medewerkers in het netwerk"),
};
static const nb_schema nb_out_wa_sum = NB_SCHEMA_OUT("WatalsSamenvatting", nb_wa_sum_fields, NULL,
                                                     "De werkvoorraad vóór en na vertrek");

static const nb_field nb_wa_fields[] = {
    NB_OUT("peildatum", NB_F_DATE, "De dag vanaf wanneer het resterende werk telt"),
    NB_OUT_NULL("periodeVanaf", NB_F_DATE, "Begin van de periode van de werkvoorraad"),
    NB_OUT_NULL("periodeTot", NB_F_DATE, "Einde van de periode van de werkvoorraad"),
    NB_OUT_LIST("medewerkers", nb_out_wa_person, "De gekozen medewerkers"),
    NB_OUT_OBJ("samenvatting", nb_out_wa_sum, "Totalen vóór en na vertrek"),
    NB_OUT_LIST("regels", nb_out_wa_line,
                "Opdrachtregels waarvan de dekking verandert, meest nieuw tekort eerst"),
    NB_OUT_LIST("overnemers", nb_out_wa_take,
                "Wie het werk op de regels van de vertrekkers zou kunnen overnemen"),
    NB_OUT_LIST("competenties", nb_out_wa_comp, "Tekort per competentie en niveau"),
    NB_OUT_LIST("dragersOmlaag", nb_out_wa_drop,
                "Competenties van de vertrekkers die naar één of geen drager gaan"),
};
const nb_schema nb_out_watals =
    NB_SCHEMA_OUT("Watals", nb_wa_fields, NULL,
                  "Wat als deze medewerkers vertrekken: het tekort dat het netwerk dan heeft");

static const char *nb_wa_label(const nb_whatif_label *l, size_t n, int64_t id, int code)
{
    const nb_whatif_label *x = nb_whatif_label_find(l, n, id);
    return x == NULL ? "" : code ? x->code : x->name;
}

int nb_api_watals_get(nb_req *req, nb_resp *resp)
{
    const char *day = NULL, *list = nb_req_query(req, "medewerkers");
    int64_t ids[NB_WHATIF_MAX_PEOPLE];
    size_t n = 0;
    int bad = nb_req_query_date(req, resp, "peildatum", &day);
    if (list == NULL) {
        nb_resp_invalid(resp, "medewerkers", "is verplicht: een of meer medewerker-ids");
        bad = 1;
    } else if (nb_whatif_parse_ids(list, ids, NB_WHATIF_MAX_PEOPLE, &n) != 0) {
        nb_resp_invalid(resp, "medewerkers",
                        "moet 1 tot %d medewerker-ids zijn, gescheiden door komma's",
                        NB_WHATIF_MAX_PEOPLE);
        bad = 1;
    }
    if (bad)
        return 0;
    int32_t today = nb_date_today();
    if (day != NULL && nb_date_parse(day, &today) != 0)
        return nb_resp_from_err(resp, NB_EINVAL, NULL); /* checked by nb_req_query_date */
    nb_whatif_report w;
    nb_err err = {{0}};
    int rc = nb_whatif_report_run(req->st, today, ids, n, NULL, &w, &err);
    if (rc == NB_ENOTFOUND) {
        nb_resp_invalid(resp, "medewerkers", "%s", err.msg);
        nb_whatif_report_free(&w);
        return 0;
    }
    if (rc != 0) {
        nb_whatif_report_free(&w);
        return nb_resp_from_err(resp, rc, &err);
    }
    const nb_whatif_result *r = &w.res;
    const nb_principal *who = req->who;
    char d[NB_DATE_LEN];
    nb_date_format(today, d);
    json_t *j = json_object();
    json_object_set_new(j, "peildatum", json_string(d));
    json_object_set_new(j, "periodeVanaf",
                        w.period_start[0] ? json_string(w.period_start) : json_null());
    json_object_set_new(j, "periodeTot", w.period_end[0] ? json_string(w.period_end) : json_null());
    json_t *people = json_array();
    for (size_t i = 0; i < r->nleavers; i++) {
        int64_t id = r->leavers[i], org = nb_whatif_person_org(&w, id), open = 0;
        for (size_t a = 0; a < w.nallocs; a++)
            open += w.allocs[a].person_id == id ? w.allocs[a].minutes : 0;
        json_t *p = json_object();
        json_object_set_new(p, "medewerkerId", json_integer(id));
        json_object_set_new(p, "naam",
                            nb_vuln_may_name(who, org)
                                ? json_string(nb_team_load_person_name(&w.load, id))
                                : json_null());
        json_object_set_new(p, "organisatieId", json_integer(org));
        json_object_set_new(p, "openInzetMinuten", json_integer(open));
        json_array_append_new(people, p);
    }
    json_object_set_new(j, "medewerkers", people);
    json_t *sum = json_object();
    json_object_set_new(sum, "gevraagdVoorMinuten", json_integer(r->minutes_before));
    json_object_set_new(sum, "gevraagdNaMinuten", json_integer(r->minutes_after));
    json_object_set_new(sum, "vrijgekomenMinuten", json_integer(r->minutes_freed));
    json_object_set_new(sum, "ongedektVoorMinuten", json_integer(r->unmet_before));
    json_object_set_new(sum, "ongedektNaMinuten", json_integer(r->unmet_after));
    json_object_set_new(sum, "extraOngedektMinuten",
                        json_integer(r->unmet_after - r->unmet_before));
    json_object_set_new(sum, "kostenVoor", json_integer(r->cost_before));
    json_object_set_new(sum, "kostenNa", json_integer(r->cost_after));
    json_object_set_new(sum, "warm", json_boolean(r->warm));
    json_object_set_new(sum, "regelsInWerkvoorraad", json_integer(r->lines_total));
    json_object_set_new(sum, "medewerkersInNetwerk", json_integer(r->people_total));
    json_object_set_new(j, "samenvatting", sum);
    json_t *lines = json_array();
    for (size_t i = 0; i < r->nlines; i++) {
        const nb_whatif_line *l = &r->lines[i];
        json_t *o = json_object();
        json_object_set_new(o, "regelId", json_integer(l->line_id));
        json_object_set_new(o, "opdrachtId", json_integer(l->assignment_id));
        json_object_set_new(o, "opdracht",
                            json_string(nb_wa_label(w.asgs, w.nasgs, l->assignment_id, 0)));
        json_object_set_new(o, "competentieId", json_integer(l->competency_id));
        json_object_set_new(o, "competentie",
                            json_string(nb_wa_label(w.comps, w.ncomps, l->competency_id, 0)));
        json_object_set_new(o, "minimumNiveau", json_integer(l->min_level));
        json_object_set_new(o, "openMinuten", json_integer(l->minutes_open));
        json_object_set_new(o, "vrijgekomenMinuten", json_integer(l->minutes_freed));
        json_object_set_new(o, "vertrekkersVoorMinuten", json_integer(l->leaving_before));
        json_object_set_new(o, "ongedektVoorMinuten", json_integer(l->unmet_before));
        json_object_set_new(o, "ongedektNaMinuten", json_integer(l->unmet_after));
        json_object_set_new(o, "dragersVoor", json_integer(l->holders_before));
        json_object_set_new(o, "dragersNa", json_integer(l->holders_after));
        json_array_append_new(lines, o);
    }
    json_object_set_new(j, "regels", lines);
    json_t *takes = json_array();
    for (size_t i = 0; i < r->ntakes; i++) {
        const nb_whatif_take *t = &r->takes[i];
        int named = nb_vuln_may_name(who, t->organisation_id);
        json_t *o = json_object();
        json_object_set_new(o, "regelId", json_integer(t->line_id));
        json_object_set_new(o, "opdrachtId", json_integer(t->assignment_id));
        json_object_set_new(o, "medewerkerId", named ? json_integer(t->person_id) : json_null());
        json_object_set_new(o, "naam",
                            named ? json_string(nb_team_load_person_name(&w.load, t->person_id))
                                  : json_null());
        json_object_set_new(o, "organisatieId", json_integer(t->organisation_id));
        json_object_set_new(o, "minuten", json_integer(t->minutes));
        json_object_set_new(o, "minutenVoor", json_integer(t->minutes_before));
        json_array_append_new(takes, o);
    }
    json_object_set_new(j, "overnemers", takes);
    json_t *comps = json_array();
    for (size_t i = 0; i < r->ncomps; i++) {
        const nb_whatif_comp *c = &r->comps[i];
        json_t *o = json_object();
        json_object_set_new(o, "competentieId", json_integer(c->competency_id));
        json_object_set_new(o, "code",
                            json_string(nb_wa_label(w.comps, w.ncomps, c->competency_id, 1)));
        json_object_set_new(o, "naam",
                            json_string(nb_wa_label(w.comps, w.ncomps, c->competency_id, 0)));
        json_object_set_new(o, "minimumNiveau", json_integer(c->min_level));
        json_object_set_new(o, "regels", json_integer(c->lines));
        json_object_set_new(o, "openMinuten", json_integer(c->minutes_open));
        json_object_set_new(o, "vrijgekomenMinuten", json_integer(c->minutes_freed));
        json_object_set_new(o, "ongedektVoorMinuten", json_integer(c->unmet_before));
        json_object_set_new(o, "ongedektNaMinuten", json_integer(c->unmet_after));
        json_object_set_new(o, "dragersVoor", json_integer(c->holders_before));
        json_object_set_new(o, "dragersNa", json_integer(c->holders_after));
        json_array_append_new(comps, o);
    }
    json_object_set_new(j, "competenties", comps);
    json_t *drops = json_array();
    for (size_t i = 0; i < r->ndrops; i++) {
        const nb_whatif_drop *x = &r->drops[i];
        json_t *o = json_object();
        json_object_set_new(o, "competentieId", json_integer(x->competency_id));
        json_object_set_new(o, "code",
                            json_string(nb_wa_label(w.comps, w.ncomps, x->competency_id, 1)));
        json_object_set_new(o, "naam",
                            json_string(nb_wa_label(w.comps, w.ncomps, x->competency_id, 0)));
        json_object_set_new(o, "dragersVoor", json_integer(x->holders_before));
        json_object_set_new(o, "dragersNa", json_integer(x->holders_after));
        json_array_append_new(drops, o);
    }
    json_object_set_new(j, "dragersOmlaag", drops);
    nb_whatif_report_free(&w);
    return nb_resp_json(resp, 200, j);
}
