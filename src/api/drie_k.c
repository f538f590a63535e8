/*
 * api/drie_k.c — GET /kwetsbaarheid/drie-k: the 3K's of seed 000 (kosten,
 * kwaliteit, kwetsbaarheid) for one municipality (store/three_k.h). Counts
 * only: no person is named, so every reader sees the same answer.
 */
#include "api/api.h"

#include "store/three_k.h"
#include "util/date.h"

static const nb_field nb_3k_vuln_fields[] = {
    NB_OUT("medewerkers", NB_F_INT, "Actieve medewerkers van de organisatie"),
    NB_OUT("enigeDragers", NB_F_INT, "Competenties die precies één medewerker heeft"),
    NB_OUT("vertrekBinnen5Jaar", NB_F_INT, "Medewerkers die binnen 5 jaar vertrekken"),
    NB_OUT_NULL("aandeelVertrekBinnen5Jaar", NB_F_NUMBER,
                "Dat deel van de medewerkers (0-1); null zonder medewerkers"),
    NB_OUT("aandeelTop10Procent", NB_F_NUMBER,
           "Deel van de goedgekeurde minuten gedragen door de top 10 % (0-1)"),
    NB_OUT("gini", NB_F_NUMBER, "Gini-coëfficiënt van de gedragen minuten"),
    NB_OUT("overbelast", NB_F_INT, "Medewerkers drie maanden of langer boven de belastingsgrens"),
    NB_OUT("nietGedekt", NB_F_INT,
           "Gevraagde competentieniveaus van haar opdrachten zonder drager in het netwerk"),
    NB_OUT("toelichting", NB_F_STRING, "Uitleg van de cijfers"),
};
static const nb_schema nb_out_3k_vuln =
    NB_SCHEMA_OUT("Kwetsbaarheid3k", nb_3k_vuln_fields, NULL, "Kwetsbaarheid");

static const nb_field nb_3k_cat_fields[] = {
    NB_OUT("categorie", NB_F_STRING, "proces, samenwerking, inhoud of middelen"),
    NB_OUT("aantal", NB_F_INT, "Leerervaringen in deze categorie"),
};
static const nb_schema nb_out_3k_cat =
    NB_SCHEMA_OUT("Categorie3k", nb_3k_cat_fields, NULL, "Leerervaringen in één categorie");

static const nb_field nb_3k_qual_fields[] = {
    NB_OUT("inzetMinuten", NB_F_INT,
           "Ingezette minuten op haar opdrachten (bevestigd; beëindigd: geboekt)"),
    NB_OUT("opNiveauMinuten", NB_F_INT, "Daarvan door iemand op het gevraagde niveau of hoger"),
    NB_OUT_NULL("aandeelOpNiveau", NB_F_NUMBER, "Dat deel (0-1); null zonder inzet"),
    NB_OUT("leerervaringen", NB_F_INT, "Leerervaringen bij haar opdrachten"),
    NB_OUT_LIST("perCategorie", nb_out_3k_cat, "Leerervaringen per categorie"),
    NB_OUT("afgerond", NB_F_INT, "Afgeronde opdrachten"),
    NB_OUT("opTijdAfgerond", NB_F_INT, "Daarvan zonder goedgekeurde uren na de einddatum"),
    NB_OUT_NULL("aandeelOpTijd", NB_F_NUMBER, "Dat deel (0-1); null zonder afgeronde opdrachten"),
    NB_OUT("toelichting", NB_F_STRING, "Uitleg van de cijfers"),
};
static const nb_schema nb_out_3k_qual =
    NB_SCHEMA_OUT("Kwaliteit3k", nb_3k_qual_fields, NULL, "Kwaliteit");

static const nb_field nb_3k_cost_fields[] = {
    NB_OUT("gebrachtMinuten", NB_F_INT, "Geboekt ontvangen minuten, zonder stortingen"),
    NB_OUT("gehaaldMinuten", NB_F_INT, "Geboekt afgegeven minuten"),
    NB_OUT("saldoMinuten", NB_F_INT, "Geboekt ontvangen min geboekt afgegeven"),
    NB_OUT("gestortCent", NB_F_INT, "Gestort geld in eurocent"),
    NB_OUT("gestortMinuten", NB_F_INT, "De minuten die die stortingen opleverden"),
    NB_OUT_NULL("uurtariefCent", NB_F_INT,
                "Het uurtarief van het netwerk; null als het niet is "
                "ingesteld"),
    NB_OUT_NULL("waardeGehaaldCent", NB_F_INT,
                "De gehaalde minuten tegen het netwerktarief; null zonder tarief"),
    NB_OUT("vermedenInhuurMinuten", NB_F_INT,
           "Goedgekeurde minuten van medewerkers van andere organisaties op haar opdrachten, "
           "voor een competentie die geen aanvrager op het gevraagde niveau had (de methode van "
           "de adviesrapportage)"),
    NB_OUT_NULL("externUurtariefCent", NB_F_INT,
                "Het externe uurtarief (netwerkinstellingen); null als het niet is ingesteld"),
    NB_OUT_NULL("vermedenInhuurCent", NB_F_INT,
                "Die minuten maal (extern uurtarief min netwerktarief) / 60, afgerond; null "
                "zonder een van beide tarieven"),
    NB_OUT("toelichting", NB_F_STRING, "Uitleg van de cijfers"),
};
static const nb_schema nb_out_3k_cost =
    NB_SCHEMA_OUT("Kosten3k", nb_3k_cost_fields, NULL, "Kosten");

static const nb_field nb_3k_fields[] = {
    NB_OUT("organisatieId", NB_F_INT, "De organisatie"),
    NB_OUT("code", NB_F_STRING, "Code van de organisatie"),
    NB_OUT("naam", NB_F_STRING, "Naam van de organisatie"),
    NB_OUT("peildatum", NB_F_DATE, "De dag waarop gemeten is"),
    NB_OUT_OBJ("kwetsbaarheid", nb_out_3k_vuln, "Kwetsbaarheid"),
    NB_OUT_OBJ("kwaliteit", nb_out_3k_qual, "Kwaliteit"),
    NB_OUT_OBJ("kosten", nb_out_3k_cost, "Kosten"),
};
const nb_schema nb_out_drie_k = NB_SCHEMA_OUT(
    "Overzicht3k", nb_3k_fields, NULL,
    "De 3K's van één gemeente: kwetsbaarheid, kwaliteit en kosten uit de registratie");

static json_t *nb_3k_share(int64_t part, int64_t whole)
{
    return whole > 0 ? json_real((double)part / (double)whole) : json_null();
}

int nb_api_drie_k_get(nb_req *req, nb_resp *resp)
{
    int64_t org = 0;
    const char *day = NULL;
    int bad = nb_req_query_id(req, resp, "organisatieId", &org);
    bad |= nb_req_query_date(req, resp, "peildatum", &day);
    if (!bad && org == 0) {
        nb_resp_invalid(resp, "organisatieId", "is verplicht");
        bad = 1;
    }
    if (bad)
        return 0;
    int32_t today = nb_date_today();
    if (day != NULL && nb_date_parse(day, &today) != 0)
        return nb_resp_from_err(resp, NB_EINVAL, NULL); /* checked by nb_req_query_date */
    nb_3k k;
    nb_err err = {{0}};
    int rc = nb_3k_load(req->st, org, today, &k, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err);
    char d[NB_DATE_LEN];
    nb_date_format(today, d);
    json_t *j = json_object();
    json_object_set_new(j, "organisatieId", json_integer(k.organisation_id));
    json_object_set_new(j, "code", json_string(k.code));
    json_object_set_new(j, "naam", json_string(k.name));
    json_object_set_new(j, "peildatum", json_string(d));
    json_t *v = json_object();
    json_object_set_new(v, "medewerkers", json_integer(k.people));
    json_object_set_new(v, "enigeDragers", json_integer(k.singles));
    json_object_set_new(v, "vertrekBinnen5Jaar", json_integer(k.leaving5));
    json_object_set_new(v, "aandeelVertrekBinnen5Jaar", nb_3k_share(k.leaving5, k.people));
    json_object_set_new(v, "aandeelTop10Procent", json_real(k.top10));
    json_object_set_new(v, "gini", json_real(k.gini));
    json_object_set_new(v, "overbelast", json_integer(k.overloaded));
    json_object_set_new(v, "nietGedekt", json_integer(k.uncovered));
    json_object_set_new(v, "toelichting", json_string(nb_3k_text_kwetsbaarheid));
    json_object_set_new(j, "kwetsbaarheid", v);
    json_t *q = json_object();
    json_object_set_new(q, "inzetMinuten", json_integer(k.alloc_minutes));
    json_object_set_new(q, "opNiveauMinuten", json_integer(k.alloc_at_level_minutes));
    json_object_set_new(q, "aandeelOpNiveau",
                        nb_3k_share(k.alloc_at_level_minutes, k.alloc_minutes));
    json_object_set_new(q, "leerervaringen", json_integer(k.lessons));
    json_t *cats = json_array();
    for (int c = 0; c < NB_3K_CATEGORIES; c++) {
        json_t *o = json_object();
        json_object_set_new(o, "categorie", json_string(nb_3k_categories[c]));
        json_object_set_new(o, "aantal", json_integer(k.lessons_by_category[c]));
        json_array_append_new(cats, o);
    }
    json_object_set_new(q, "perCategorie", cats);
    json_object_set_new(q, "afgerond", json_integer(k.completed));
    json_object_set_new(q, "opTijdAfgerond", json_integer(k.completed_on_time));
    json_object_set_new(q, "aandeelOpTijd", nb_3k_share(k.completed_on_time, k.completed));
    json_object_set_new(q, "toelichting", json_string(nb_3k_text_kwaliteit));
    json_object_set_new(j, "kwaliteit", q);
    json_t *c = json_object();
    json_object_set_new(c, "gebrachtMinuten", json_integer(k.brought_minutes));
    json_object_set_new(c, "gehaaldMinuten", json_integer(k.taken_minutes));
    json_object_set_new(c, "saldoMinuten", json_integer(k.balance_minutes));
    json_object_set_new(c, "gestortCent", json_integer(k.deposited_cents));
    json_object_set_new(c, "gestortMinuten", json_integer(k.deposited_minutes));
    json_object_set_new(c, "uurtariefCent",
                        k.hour_rate_cents > 0 ? json_integer(k.hour_rate_cents) : json_null());
    json_object_set_new(c, "waardeGehaaldCent",
                        k.hour_rate_cents > 0 ? json_integer(k.taken_value_cents) : json_null());
    json_object_set_new(c, "vermedenInhuurMinuten", json_integer(k.xhire_minutes));
    json_object_set_new(c, "externUurtariefCent",
                        k.external_rate_cents > 0 ? json_integer(k.external_rate_cents)
                                                  : json_null());
    json_object_set_new(c, "vermedenInhuurCent",
                        k.external_rate_cents > 0 && k.hour_rate_cents > 0
                            ? json_integer(k.xhire_value_cents)
                            : json_null());
    json_object_set_new(c, "toelichting", json_string(nb_3k_text_kosten));
    json_object_set_new(j, "kosten", c);
    return nb_resp_json(resp, 200, j);
}
