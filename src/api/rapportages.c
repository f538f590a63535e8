/*
 * api/rapportages.c — GET /rapportages/college, /rapportages/raad and
 * /rapportages/advies: the reports of store/reports.h, as JSON by default
 * and as CSV, XLSX or PDF (report/render.h) when Accept or ?formaat= asks.
 * One model per request, rendered by the renderer asked for; who may see
 * which report is nb_report_may_see (a coordinator the own municipality's,
 * lezer the raadsinformatie and the adviesrapportage, beheer all).
 */
#include "api/api.h"

#include "report/render.h"
#include "store/reports.h"
#include "util/date.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

const char *const nb_report_formats[] = {"json", "csv", "xlsx", "pdf", NULL};
const char *const nb_report_alternates[] = {NB_REPORT_CSV_TYPE, NB_REPORT_XLSX_TYPE,
                                            NB_REPORT_PDF_TYPE, NULL};

/* ---- The JSON schema ------------------------------------------------------ */

static const nb_field nb_rp_fig_fields[] = {
    NB_OUT("sleutel", NB_F_STRING, "Vaste naam van het cijfer (bijvoorbeeld uren.gebracht)"),
    NB_OUT("omschrijving", NB_F_STRING, "Wat het cijfer is"),
    NB_OUT("waarde", NB_F_INT,
           "De waarde in de eenheid: minuten, een aantal, eurocent of duizendsten"),
    NB_OUT("eenheid", NB_F_STRING, "minuten, aantal, eurocent, promille of duizendste"),
    NB_OUT("tekst", NB_F_STRING, "De waarde zoals een lezer haar ziet (4,5 uur; 12,5 %)"),
    NB_OUT("uitleg", NB_F_STRING, "Korte uitleg: wat het is en hoe het berekend is"),
    NB_OUT("bron", NB_F_STRING, "Pad van de lijst waar het cijfer vandaan komt (leeg: geen)"),
};
static const nb_schema nb_out_rp_fig =
    NB_SCHEMA_OUT("RapportageCijfer", nb_rp_fig_fields, NULL, "Eén cijfer van een rapportage");

static const nb_field nb_rp_bar_fields[] = {
    NB_OUT("label", NB_F_STRING, "Waar de staaf voor staat"),
    NB_OUT("waarde", NB_F_INT, "De waarde in de eenheid van de grafiek"),
};
static const nb_schema nb_out_rp_bar =
    NB_SCHEMA_OUT("RapportageStaaf", nb_rp_bar_fields, NULL, "Eén staaf van een grafiek");

static const nb_field nb_rp_chart_fields[] = {
    NB_OUT("id", NB_F_STRING, "Vaste naam van de grafiek"),
    NB_OUT("titel", NB_F_STRING, "Titel"),
    NB_OUT("eenheid", NB_F_STRING, "Eenheid van de waarden"),
    NB_OUT("tekstalternatief", NB_F_STRING, "Alle staven in woorden"),
    NB_OUT_LIST("staven", nb_out_rp_bar, "De staven"),
};
static const nb_schema nb_out_rp_chart =
    NB_SCHEMA_OUT("RapportageGrafiek", nb_rp_chart_fields, NULL, "Een staafgrafiek");

static const nb_field nb_rp_table_fields[] = {
    NB_OUT("onderschrift", NB_F_STRING, "Waar de tabel over gaat"),
    NB_OUT("kolommen", NB_F_ANY, "De kolomkoppen (tekst)"),
    NB_OUT("rijen", NB_F_ANY, "De rijen: per rij een lijst teksten, één per kolom"),
};
static const nb_schema nb_out_rp_table =
    NB_SCHEMA_OUT("RapportageTabel", nb_rp_table_fields, NULL, "Een tabel");

static const nb_field nb_rp_quote_fields[] = {
    NB_OUT("tekst", NB_F_STRING, "Het citaat"),
};
static const nb_schema nb_out_rp_quote =
    NB_SCHEMA_OUT("RapportageCitaat", nb_rp_quote_fields, NULL, "Een citaat of een opmerking");

static const nb_field nb_rp_section_fields[] = {
    NB_OUT("id", NB_F_STRING, "Vaste naam van de sectie"),
    NB_OUT("kop", NB_F_STRING, "Kop"),
    NB_OUT("inleiding", NB_F_STRING, "Inleiding"),
    NB_OUT_LIST("cijfers", nb_out_rp_fig, "De cijfers"),
    NB_OUT_LIST("grafieken", nb_out_rp_chart, "De grafieken"),
    NB_OUT_LIST("tabellen", nb_out_rp_table, "De tabellen"),
    NB_OUT_LIST("citaten", nb_out_rp_quote, "Citaten en opmerkingen"),
};
static const nb_schema nb_out_rp_section =
    NB_SCHEMA_OUT("RapportageSectie", nb_rp_section_fields, NULL, "Eén sectie van een rapportage");

static const char *const nb_rp_kinds[] = {"college", "raad", "advies", NULL};

static const nb_field nb_rp_fields[] = {
    NB_OUT_ENUM("soort", nb_rp_kinds,
                "college (tussentijdse rapportage), raad (raadsinformatie) of advies "
                "(adviesrapportage)"),
    NB_OUT("titel", NB_F_STRING, "Titel"),
    NB_OUT("onderwerp", NB_F_STRING, "De gemeente, of het netwerk"),
    NB_OUT_NULL("organisatieId", NB_F_INT, "De gemeente; null voor het netwerk"),
    NB_OUT("periode", NB_F_STRING, "Het kwartaal (2026-K3) of de periode"),
    NB_OUT("vanaf", NB_F_DATE, "Eerste dag van de periode"),
    NB_OUT("tot", NB_F_DATE, "Laatste dag van de periode"),
    NB_OUT("gemaaktOp", NB_F_DATE, "De dag waarop de rapportage gemaakt is"),
    NB_OUT("persoonsgegevens", NB_F_BOOL,
           "Of de rapportage namen van medewerkers mag bevatten (nooit bij raad en advies)"),
    NB_OUT_LIST("secties", nb_out_rp_section, "De secties, in volgorde"),
};
const nb_schema nb_out_rapportage =
    NB_SCHEMA_OUT("Rapportage", nb_rp_fields, NULL,
                  "Een rapportage: secties met cijfers (elk met uitleg en bron), grafieken, "
                  "tabellen en citaten");

static const char *nb_rp_unit_api(nb_report_unit u)
{
    switch (u) {
    case NB_RU_MINUTES:
        return "minuten";
    case NB_RU_CENTS:
        return "eurocent";
    case NB_RU_PERMILLE:
        return "promille";
    case NB_RU_MILLI:
        return "duizendste";
    case NB_RU_COUNT:
    default:
        return "aantal";
    }
}

/* The JSON of r (caller owns it). */
static json_t *nb_rp_json(const nb_report *r)
{
    char d[NB_DATE_LEN];
    json_t *j = json_object();
    json_object_set_new(j, "soort", json_string(nb_report_kind_slug(r->kind)));
    json_object_set_new(j, "titel", json_string(r->title));
    json_object_set_new(j, "onderwerp", json_string(r->subject));
    json_object_set_new(j, "organisatieId",
                        r->subject_org ? json_integer(r->subject_org) : json_null());
    json_object_set_new(j, "periode", json_string(r->period_key));
    nb_date_format(r->from, d);
    json_object_set_new(j, "vanaf", json_string(d));
    nb_date_format(r->to, d);
    json_object_set_new(j, "tot", json_string(d));
    nb_date_format(r->made, d);
    json_object_set_new(j, "gemaaktOp", json_string(d));
    json_object_set_new(j, "persoonsgegevens", json_boolean(r->personal));
    json_t *secs = json_array();
    for (size_t i = 0; i < r->nsections; i++) {
        const nb_report_section *s = r->sections[i];
        json_t *sj = json_object();
        json_object_set_new(sj, "id", json_string(s->id));
        json_object_set_new(sj, "kop", json_string(s->heading));
        json_object_set_new(sj, "inleiding", json_string(s->intro));
        json_t *figs = json_array();
        for (size_t k = 0; k < s->nfigures; k++) {
            const nb_report_figure *f = &s->figures[k];
            char v[NB_REPORT_VALUE_LEN];
            nb_report_value_text(f->value, f->unit, v);
            json_array_append_new(figs, json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "sleutel",
                                                  f->key, "omschrijving", f->label, "waarde",
                                                  (json_int_t)f->value, "eenheid",
                                                  nb_rp_unit_api(f->unit), "tekst", v, "uitleg",
                                                  f->explain, "bron", f->href));
        }
        json_object_set_new(sj, "cijfers", figs);
        json_t *charts = json_array();
        for (size_t k = 0; k < s->ncharts; k++) {
            const nb_report_chart *c = s->charts[k];
            nb_buf alt = NB_BUF_INIT;
            nb_report_chart_alt(c, &alt);
            json_t *bars = json_array();
            for (size_t q = 0; q < c->nbars; q++)
                json_array_append_new(bars, json_pack("{s:s, s:I}", "label", c->bars[q].label,
                                                      "waarde", (json_int_t)c->bars[q].value));
            json_array_append_new(charts,
                                  json_pack("{s:s, s:s, s:s, s:s, s:o}", "id", c->id, "titel",
                                            c->title, "eenheid", nb_rp_unit_api(c->unit),
                                            "tekstalternatief", nb_buf_cstr(&alt), "staven", bars));
            nb_buf_free(&alt);
        }
        json_object_set_new(sj, "grafieken", charts);
        json_t *tables = json_array();
        for (size_t k = 0; k < s->ntables; k++) {
            const nb_report_table *t = s->tables[k];
            json_t *cols = json_array(), *rows = json_array();
            for (size_t c = 0; c < t->ncols; c++)
                json_array_append_new(cols, json_string(t->head[c]));
            for (size_t q = 0; q < t->nrows; q++) {
                json_t *row = json_array();
                for (size_t c = 0; c < t->ncols; c++)
                    json_array_append_new(row, json_string(t->cells[q * t->ncols + c]));
                json_array_append_new(rows, row);
            }
            json_array_append_new(tables, json_pack("{s:s, s:o, s:o}", "onderschrift", t->caption,
                                                    "kolommen", cols, "rijen", rows));
        }
        json_object_set_new(sj, "tabellen", tables);
        json_t *quotes = json_array();
        for (size_t k = 0; k < s->nquotes; k++)
            json_array_append_new(quotes, json_pack("{s:s}", "tekst", s->quotes[k]));
        json_object_set_new(sj, "citaten", quotes);
        json_array_append_new(secs, sj);
    }
    json_object_set_new(j, "secties", secs);
    return j;
}

/* ---- Answering ------------------------------------------------------------ */

/* The format asked: ?formaat= first, else the Accept header; "json" by default. */
static const char *nb_rp_format(const nb_req *req, const char *formaat)
{
    if (formaat != NULL)
        return formaat;
    const char *accept =
        req->conn ? MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Accept") : NULL;
    if (accept == NULL || strstr(accept, "application/json"))
        return "json";
    if (strstr(accept, NB_REPORT_PDF_TYPE))
        return "pdf";
    if (strstr(accept, NB_REPORT_XLSX_TYPE))
        return "xlsx";
    if (strstr(accept, NB_REPORT_CSV_TYPE))
        return "csv";
    return "json";
}

/* Answers r in format ("json", "csv", "xlsx", "pdf"); a download is named
 * name.<format>. 0 or a code. */
static int nb_rp_answer(nb_resp *resp, const nb_report *r, const char *format, const char *name)
{
    nb_err err = {{0}};
    if (strcmp(format, "json") == 0)
        return nb_resp_json(resp, 200, nb_rp_json(r));
    int rc = nb_report_render(r, format, &resp->raw, &resp->content_type, &err);
    const char *ext = format;
    if (rc != 0) {
        nb_buf_free(&resp->raw);
        resp->content_type = NULL;
        return nb_resp_from_err(resp, rc, &err);
    }
    for (int i = 0; i < NB_RESP_EXTRA_HEADERS; i++)
        if (resp->extra_header[i][0] == '\0') {
            snprintf(resp->extra_header[i], sizeof resp->extra_header[i],
                     "Content-Disposition: attachment; filename=\"%s.%s\"", name, ext);
            break;
        }
    resp->status = 200;
    return 0;
}

static int nb_rp_college_or_raad(nb_req *req, nb_resp *resp, nb_report_kind kind)
{
    int64_t org = 0;
    const char *formaat = NULL;
    int bad = nb_req_query_id(req, resp, "organisatie", &org);
    bad |= nb_req_query_enum(req, resp, "formaat", nb_report_formats, &formaat);
    const char *quarter = nb_req_query(req, "kwartaal");
    char qbuf[8];
    int32_t f = 0, t = 0;
    if (quarter != NULL && nb_report_quarter_parse(quarter, &f, &t) != 0) {
        nb_resp_invalid(resp, "kwartaal", "Vul het kwartaal in als 2026-K3.");
        bad = 1;
    }
    if (bad)
        return 0;
    if (quarter == NULL) {
        nb_report_quarter_of(nb_date_today(), qbuf);
        quarter = qbuf;
    }
    if (org == 0)
        org = req->who->organisation_id;
    if (org == 0) {
        nb_resp_invalid(resp, "organisatie", "Kies de gemeente van de rapportage.");
        return 0;
    }
    if (!nb_report_may_see(req->who, kind, org))
        return nb_resp_problem(resp, 403, "Geen toegang",
                               "U mag deze rapportage van deze gemeente niet zien.");
    nb_report r;
    nb_err err = {{0}};
    int rc = nb_report_college(req->st, req->who, kind, org, quarter, nb_date_today(), &r, &err);
    if (rc != 0) {
        nb_report_free(&r);
        return nb_resp_from_err(resp, rc, &err);
    }
    char name[64];
    snprintf(name, sizeof name, "%s-%lld-%s",
             kind == NB_REPORT_RAAD ? "raadsinformatie" : "rapportage-college", (long long)org,
             quarter);
    rc = nb_rp_answer(resp, &r, nb_rp_format(req, formaat), name);
    nb_report_free(&r);
    return rc;
}

int nb_api_report_college(nb_req *req, nb_resp *resp)
{
    return nb_rp_college_or_raad(req, resp, NB_REPORT_COLLEGE);
}

int nb_api_report_raad(nb_req *req, nb_resp *resp)
{
    return nb_rp_college_or_raad(req, resp, NB_REPORT_RAAD);
}

int nb_api_report_advies(nb_req *req, nb_resp *resp)
{
    const char *formaat = NULL, *vanaf = NULL, *tot = NULL;
    int64_t ext = 0;
    int bad = nb_req_query_enum(req, resp, "formaat", nb_report_formats, &formaat);
    bad |= nb_req_query_date(req, resp, "vanaf", &vanaf);
    bad |= nb_req_query_date(req, resp, "tot", &tot);
    bad |= nb_req_query_id(req, resp, "externTariefCent", &ext);
    if (bad)
        return 0;
    int32_t today = nb_date_today(), from = 0, to = today;
    int y = 0, m = 0, d = 0;
    nb_date_to_ymd(today, &y, &m, &d);
    from = nb_date_from_ymd(y - 1, m, d > 28 ? 28 : d) + 1; /* a year back by default */
    if ((vanaf && nb_date_parse(vanaf, &from) != 0) || (tot && nb_date_parse(tot, &to) != 0))
        return nb_resp_from_err(resp, NB_EINVAL, NULL); /* checked above */
    if (to < from) {
        nb_resp_invalid(resp, "tot", "De periode eindigt vóór zij begint.");
        return 0;
    }
    nb_report r;
    nb_err err = {{0}};
    int rc = nb_report_advies(req->st, from, to, today, ext, &r, &err);
    if (rc != 0) {
        nb_report_free(&r);
        return nb_resp_from_err(resp, rc, &err);
    }
    char name[64];
    snprintf(name, sizeof name, "adviesrapportage-%s", r.period_key);
    rc = nb_rp_answer(resp, &r, nb_rp_format(req, formaat), name);
    nb_report_free(&r);
    return rc;
}
