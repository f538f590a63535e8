/*
 * api/kwetsbaarheid.c — GET /kwetsbaarheid: the vulnerability report of the
 * network or one organisation (core/vulnerability.h for the measures).
 * Personal data stays behind DOMAIN.md rule 8: a person's name and id are
 * only sent to whom nb_vuln_may_name allows; everyone else sees counts.
 */
#include "api/api.h"

#include "store/vulnerability.h"
#include "util/date.h"

#include <string.h>

static const nb_field nb_vuln_level_fields[] = {
    NB_OUT("niveau", NB_F_INT, "Het niveau (1-5)"),
    NB_OUT("dragers", NB_F_INT, "Medewerkers in de reikwijdte met dit niveau of hoger"),
    NB_OUT("dragersNetwerk", NB_F_INT, "Medewerkers in het netwerk met dit niveau of hoger"),
};
static const nb_schema nb_out_vuln_level = NB_SCHEMA_OUT(
    "KwetsbaarheidNiveau", nb_vuln_level_fields, NULL, "Dragers van een competentie per niveau");

static const nb_field nb_vuln_comp_fields[] = {
    NB_OUT("competentieId", NB_F_INT, "De competentie"),
    NB_OUT("code", NB_F_STRING, "Code van de competentie"),
    NB_OUT("naam", NB_F_STRING, "Naam van de competentie"),
    NB_OUT("dragers", NB_F_INT, "Medewerkers in de reikwijdte met deze competentie"),
    NB_OUT("dragersNetwerk", NB_F_INT, "Medewerkers in het hele netwerk met deze competentie"),
    NB_OUT("organisaties", NB_F_INT, "Organisaties met ten minste één drager"),
    NB_OUT("hoogsteNiveau", NB_F_INT, "Het hoogste niveau in de reikwijdte (0: geen drager)"),
    NB_OUT_LIST("niveaus", nb_out_vuln_level, "Dragers per niveau (dit niveau of hoger)"),
    NB_OUT("enigeDrager", NB_F_BOOL, "Precies één medewerker in de reikwijdte heeft haar"),
    NB_OUT("vertrekBinnen1Jaar", NB_F_INT, "Dragers die binnen 1 jaar vertrekken"),
    NB_OUT("vertrekBinnen3Jaar", NB_F_INT, "Dragers die binnen 3 jaar vertrekken"),
    NB_OUT("vertrekBinnen5Jaar", NB_F_INT, "Dragers die binnen 5 jaar vertrekken"),
    NB_OUT("aandeelVertrekBinnen5Jaar", NB_F_NUMBER,
           "Deel van de dragers dat binnen 5 jaar vertrekt (0-1)"),
    NB_OUT("naar1OfMinderBinnen5Jaar", NB_F_BOOL,
           "Nu twee of meer dragers, na 5 jaar uitstroom één of geen"),
};
static const nb_schema nb_out_vuln_comp =
    NB_SCHEMA_OUT("KwetsbaarheidCompetentie", nb_vuln_comp_fields, NULL,
                  "Hoe kwetsbaar één competentie is: dragers, spreiding, uitstroom");

static const nb_field nb_vuln_ask_fields[] = {
    NB_OUT("competentieId", NB_F_INT, "De gevraagde competentie"),
    NB_OUT("code", NB_F_STRING, "Code van de competentie"),
    NB_OUT("naam", NB_F_STRING, "Naam van de competentie"),
    NB_OUT("minimumNiveau", NB_F_INT, "Het gevraagde minimumniveau"),
    NB_OUT(
        "minimaalNiveau", NB_F_INT,
        "Verouderd: gebruik minimumNiveau (zelfde waarde); wordt tot 1 juni 2027 nog meegestuurd"),
    NB_OUT("opdrachten", NB_F_INT, "Open opdrachten die erom vragen"),
    NB_OUT("minuten", NB_F_INT, "Gevraagde minuten op die opdrachtregels"),
    NB_OUT("dragersNetwerk", NB_F_INT, "Medewerkers in het netwerk op dit niveau of hoger"),
    NB_OUT("dragers", NB_F_INT, "Medewerkers in de reikwijdte op dit niveau of hoger"),
    NB_OUT("gedekt", NB_F_BOOL, "Ten minste één medewerker in het netwerk kan het"),
};
static const nb_schema nb_out_vuln_ask =
    NB_SCHEMA_OUT("KwetsbaarheidVraag", nb_vuln_ask_fields, NULL,
                  "Wat open opdrachten vragen en hoeveel medewerkers dat kunnen");

static const nb_field nb_vuln_org_fields[] = {
    NB_OUT_NULL("organisatieId", NB_F_INT, "De organisatie; null voor het totaal"),
    NB_OUT_NULL("code", NB_F_STRING, "Code van de organisatie; null voor het totaal"),
    NB_OUT("naam", NB_F_STRING, "Naam van de organisatie, of 'Totaal'"),
    NB_OUT("medewerkers", NB_F_INT, "Actieve medewerkers"),
    NB_OUT("vertrekBinnen1Jaar", NB_F_INT, "Medewerkers die binnen 1 jaar vertrekken"),
    NB_OUT("vertrekBinnen3Jaar", NB_F_INT, "Medewerkers die binnen 3 jaar vertrekken"),
    NB_OUT("vertrekBinnen5Jaar", NB_F_INT, "Medewerkers die binnen 5 jaar vertrekken"),
    NB_OUT("gedragenMinuten", NB_F_INT, "Goedgekeurde minuten in de periode"),
    NB_OUT("gini", NB_F_NUMBER,
           "Gini-coëfficiënt van de gedragen minuten (0: gelijk verdeeld, 1: één persoon)"),
    NB_OUT("aandeelTop10Procent", NB_F_NUMBER, "Deel van de minuten gedragen door de top 10 %"),
    NB_OUT("overbelast", NB_F_INT,
           "Medewerkers die drie maanden of langer achter elkaar boven de belastingsgrens werkten"),
};
static const nb_schema nb_out_vuln_org =
    NB_SCHEMA_OUT("KwetsbaarheidOrganisatie", nb_vuln_org_fields, NULL,
                  "Uitstroom en verdeling van het werk in één organisatie, of het totaal");

static const nb_field nb_vuln_person_fields[] = {
    NB_OUT_NULL("medewerkerId", NB_F_INT, "De medewerker; null als u de naam niet mag zien"),
    NB_OUT_NULL("naam", NB_F_STRING, "Naam; null als u de naam niet mag zien"),
    NB_OUT("organisatieId", NB_F_INT, "Thuisorganisatie"),
    NB_OUT("gedragenMinuten", NB_F_INT, "Goedgekeurde minuten in de periode"),
    NB_OUT("aandeel", NB_F_NUMBER, "Deel van alle gedragen minuten in de reikwijdte (0-1)"),
    NB_OUT("maandenBovenGrensOpRij", NB_F_INT,
           "Langste reeks maanden achter elkaar boven de belastingsgrens"),
};
static const nb_schema nb_out_vuln_person = NB_SCHEMA_OUT(
    "Kartrekker", nb_vuln_person_fields, NULL, "Een medewerker die veel van het werk droeg");

static const nb_field nb_vuln_fields[] = {
    NB_OUT("peildatum", NB_F_DATE, "De dag waarop gemeten is (Europe/Amsterdam)"),
    NB_OUT_NULL("organisatieId", NB_F_INT, "De organisatie; null voor het hele netwerk"),
    NB_OUT("periodeVanaf", NB_F_DATE, "Eerste dag van de periode van de gedragen uren"),
    NB_OUT("periodeTot", NB_F_DATE, "Laatste dag van die periode"),
    NB_OUT("belastingsgrensProcent", NB_F_INT, "De gebruikte belastingsgrens"),
    NB_OUT("enigeDragers", NB_F_INT, "Competenties met precies één drager in de reikwijdte"),
    NB_OUT("nietGedekt", NB_F_INT, "Gevraagde competentieniveaus zonder drager in het netwerk"),
    NB_OUT_OBJ("totaal", nb_out_vuln_org, "De reikwijdte als geheel"),
    NB_OUT_LIST("organisaties", nb_out_vuln_org, "Per organisatie in de reikwijdte"),
    NB_OUT_LIST("competenties", nb_out_vuln_comp, "Per competentie met een drager of een vraag"),
    NB_OUT_LIST("gevraagd", nb_out_vuln_ask, "Wat open opdrachten vragen, ongedekt eerst"),
    NB_OUT_LIST("kartrekkers", nb_out_vuln_person,
                "De 10 % medewerkers die het meest droegen (ten minste 10), meest eerst"),
};
const nb_schema nb_out_kwetsbaarheid =
    NB_SCHEMA_OUT("Kwetsbaarheid", nb_vuln_fields, NULL,
                  "Kwetsbaarheid: enige dragers, ongedekte vraag, uitstroom en kartrekkers");

static json_t *nb_vuln_org_json(const nb_vuln_input *in, const nb_vuln_org_row *r, int total)
{
    json_t *j = json_object();
    const nb_vuln_org *o = total ? NULL : &in->orgs[r->org];
    json_object_set_new(j, "organisatieId", o ? json_integer(o->id) : json_null());
    json_object_set_new(j, "code", o ? json_string(o->code) : json_null());
    json_object_set_new(j, "naam", json_string(o ? o->name : "Totaal"));
    json_object_set_new(j, "medewerkers", json_integer(r->people));
    static const char *const keys[NB_VULN_HORIZONS] = {"vertrekBinnen1Jaar", "vertrekBinnen3Jaar",
                                                       "vertrekBinnen5Jaar"};
    for (int h = 0; h < NB_VULN_HORIZONS; h++)
        json_object_set_new(j, keys[h], json_integer(r->leaving[h]));
    json_object_set_new(j, "gedragenMinuten", json_integer(r->carried));
    json_object_set_new(j, "gini", json_real(r->gini));
    json_object_set_new(j, "aandeelTop10Procent", json_real(r->top10));
    json_object_set_new(j, "overbelast", json_integer(r->overloaded));
    return j;
}

static json_t *nb_vuln_comp_json(const nb_vuln_input *in, const nb_vuln_comp_row *r)
{
    json_t *j = json_object();
    const nb_vuln_comp *c = &in->comps[r->comp];
    json_object_set_new(j, "competentieId", json_integer(c->id));
    json_object_set_new(j, "code", json_string(c->code));
    json_object_set_new(j, "naam", json_string(c->name));
    json_object_set_new(j, "dragers", json_integer(r->holders));
    json_object_set_new(j, "dragersNetwerk", json_integer(r->holders_network));
    json_object_set_new(j, "organisaties", json_integer(r->orgs));
    json_object_set_new(j, "hoogsteNiveau", json_integer(r->top_level));
    json_t *levels = json_array();
    for (int l = 1; l <= 5; l++) {
        json_t *lj = json_object();
        json_object_set_new(lj, "niveau", json_integer(l));
        json_object_set_new(lj, "dragers", json_integer(r->at_level[l]));
        json_object_set_new(lj, "dragersNetwerk", json_integer(r->at_level_network[l]));
        json_array_append_new(levels, lj);
    }
    json_object_set_new(j, "niveaus", levels);
    json_object_set_new(j, "enigeDrager", json_boolean(r->single));
    json_object_set_new(j, "vertrekBinnen1Jaar", json_integer(r->leaving[0]));
    json_object_set_new(j, "vertrekBinnen3Jaar", json_integer(r->leaving[1]));
    json_object_set_new(j, "vertrekBinnen5Jaar", json_integer(r->leaving[2]));
    json_object_set_new(j, "aandeelVertrekBinnen5Jaar",
                        json_real(r->holders ? (double)r->leaving[2] / (double)r->holders : 0.0));
    json_object_set_new(j, "naar1OfMinderBinnen5Jaar", json_boolean(r->drops[2]));
    return j;
}

static json_t *nb_vuln_ask_json(const nb_vuln_input *in, const nb_vuln_ask_row *r)
{
    json_t *j = json_object();
    const nb_vuln_comp *c = &in->comps[r->comp];
    json_object_set_new(j, "competentieId", json_integer(c->id));
    json_object_set_new(j, "code", json_string(c->code));
    json_object_set_new(j, "naam", json_string(c->name));
    json_object_set_new(j, "minimumNiveau", json_integer(r->min_level));
    json_object_set_new(j, "minimaalNiveau", json_integer(r->min_level)); /* deprecated */
    json_object_set_new(j, "opdrachten", json_integer(r->assignments));
    json_object_set_new(j, "minuten", json_integer(r->minutes));
    json_object_set_new(j, "dragersNetwerk", json_integer(r->holders));
    json_object_set_new(j, "dragers", json_integer(r->holders_scope));
    json_object_set_new(j, "gedekt", json_boolean(r->holders > 0));
    return j;
}

static json_t *nb_vuln_person_json(const nb_principal *who, const nb_vuln_input *in,
                                   const nb_vuln_person_row *r)
{
    json_t *j = json_object();
    const nb_vuln_person *p = &in->people[r->person];
    int named = nb_vuln_may_name(who, p->organisation_id);
    json_object_set_new(j, "medewerkerId", named ? json_integer(p->id) : json_null());
    json_object_set_new(j, "naam", named ? json_string(p->name) : json_null());
    json_object_set_new(j, "organisatieId", json_integer(p->organisation_id));
    json_object_set_new(j, "gedragenMinuten", json_integer(r->carried));
    json_object_set_new(j, "aandeel", json_real(r->share));
    json_object_set_new(j, "maandenBovenGrensOpRij", json_integer(r->run));
    return j;
}

int nb_api_kwetsbaarheid_get(nb_req *req, nb_resp *resp)
{
    int64_t org = 0;
    const char *day = NULL;
    int bad = nb_req_query_id(req, resp, "organisatieId", &org);
    bad |= nb_req_query_date(req, resp, "peildatum", &day);
    if (bad)
        return 0;
    int32_t today = nb_date_today();
    if (day != NULL && nb_date_parse(day, &today) != 0)
        return nb_resp_from_err(resp, NB_EINVAL, NULL); /* checked by nb_req_query_date */
    nb_vuln_input in;
    nb_vuln_report r;
    nb_err err = {{0}};
    int rc = nb_vuln_run(req->st, org, today, NB_VULN_LOAD_CAP_DEFAULT, &in, &r, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err);
    char d[NB_DATE_LEN], from[NB_DATE_LEN], to[NB_DATE_LEN];
    nb_date_format(today, d);
    nb_date_format(nb_date_from_ymd(in.from_month / 12, in.from_month % 12 + 1, 1), from);
    nb_date_format(nb_date_from_ymd((in.to_month + 1) / 12, (in.to_month + 1) % 12 + 1, 1) - 1, to);
    json_t *j = json_object();
    json_object_set_new(j, "peildatum", json_string(d));
    json_object_set_new(j, "organisatieId", org ? json_integer(org) : json_null());
    json_object_set_new(j, "periodeVanaf", json_string(from));
    json_object_set_new(j, "periodeTot", json_string(to));
    json_object_set_new(j, "belastingsgrensProcent", json_integer(in.load_cap_pct));
    json_object_set_new(j, "enigeDragers", json_integer(r.singles));
    json_object_set_new(j, "nietGedekt", json_integer(r.uncovered));
    json_object_set_new(j, "totaal", nb_vuln_org_json(&in, &r.total, 1));
    json_t *orgs = json_array(), *comps = json_array(), *asks = json_array(),
           *people = json_array();
    for (size_t i = 0; i < r.norgs; i++)
        json_array_append_new(orgs, nb_vuln_org_json(&in, &r.orgs[i], 0));
    for (size_t i = 0; i < r.ncomps; i++)
        json_array_append_new(comps, nb_vuln_comp_json(&in, &r.comps[i]));
    for (size_t i = 0; i < r.nasks; i++)
        json_array_append_new(asks, nb_vuln_ask_json(&in, &r.asks[i]));
    size_t top = nb_vuln_top_count(r.npeople);
    for (size_t i = 0; i < top && r.people[i].carried > 0; i++)
        json_array_append_new(people, nb_vuln_person_json(req->who, &in, &r.people[i]));
    json_object_set_new(j, "organisaties", orgs);
    json_object_set_new(j, "competenties", comps);
    json_object_set_new(j, "gevraagd", asks);
    json_object_set_new(j, "kartrekkers", people);
    nb_vuln_report_free(&r);
    nb_vuln_input_free(&in);
    return nb_resp_json(resp, 200, j);
}
