/*
 * api/urenbegroting.c — the hours budget (urenbegroting) of a year.
 *
 *   GET /api/v1/urenbegroting?jaar=YYYY        JSON
 *   GET /api/v1/urenbegroting/tabel.csv?jaar=YYYY    CSV for Dutch Excel
 *   GET /api/v1/urenbegroting/tabel.xlsx?jaar=YYYY   an Excel workbook
 *
 * Per organisation: what it took and brought, deposited, has reserved and
 * planned until the year's end, its balance now and projected, its credit
 * line and how much of it is used; the network's total of the year's
 * assignments and how much of it is done. Who sees which rows is the
 * balance's rule (nb_budget_may_see): beheer and lezer every organisation, a
 * coordinator its own; the network total everyone who may call the route.
 * store/budget.h loads it (shared with the page /urenbegroting).
 */
#include "api/api.h"

#include "store/budget.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const nb_field nb_budget_org_fields[] = {
    NB_OUT("organisatieId", NB_F_INT, "De organisatie"),
    NB_OUT("code", NB_F_STRING, "Code van de organisatie"),
    NB_OUT("naam", NB_F_STRING, "Naam van de organisatie"),
    NB_OUT("soort", NB_F_STRING, "gemeente, pool of partner"),
    NB_OUT("beginsaldoMinuten", NB_F_INT, "Geboekt saldo aan het begin van het jaar"),
    NB_OUT("afgenomenMinuten", NB_F_INT,
           "Afgenomen: geboekt werk van anderen voor deze organisatie in het jaar"),
    NB_OUT("geleverdMinuten", NB_F_INT,
           "Geleverd: geboekt werk van haar medewerkers voor anderen in het jaar"),
    NB_OUT("gestortCent", NB_F_INT, "Geld gestort in het jaar, in eurocent"),
    NB_OUT("gestortMinuten", NB_F_INT, "Het urenkrediet dat dat geld kocht"),
    NB_OUT("overigMinuten", NB_F_INT, "Correcties en overige boekingen in het jaar"),
    NB_OUT("saldoMinuten", NB_F_INT,
           "Geboekt saldo nu (voor een voorbij jaar: aan het eind van het jaar)"),
    NB_OUT("gereserveerdAfgenomenMinuten", NB_F_INT,
           "Gepland maar nog niet gewerkt, ten laste van deze organisatie (open reserveringen)"),
    NB_OUT("gereserveerdGeleverdMinuten", NB_F_INT,
           "Gepland maar nog niet gewerkt, door haar medewerkers voor anderen"),
    NB_OUT("geplandAfgenomenMinuten", NB_F_INT,
           "Het deel van de reserveringen ten laste dat naar verwachting vóór het jaareinde "
           "gewerkt wordt (gespreid over de periode van de opdracht)"),
    NB_OUT("geplandGeleverdMinuten", NB_F_INT,
           "Het deel van de reserveringen ten gunste dat naar verwachting vóór het jaareinde "
           "gewerkt wordt"),
    NB_OUT("nietIngeplandMinuten", NB_F_INT,
           "Werk van geaccepteerde opdrachten ten laste van deze organisatie dat nog aan niemand "
           "is toegewezen (dus nog niet gereserveerd): het deel tot het jaareinde"),
    NB_OUT("prognoseSaldoMinuten", NB_F_INT,
           "Verwacht saldo aan het jaareinde: saldo + gepland geleverd - gepland afgenomen - "
           "nog niet ingepland"),
    NB_OUT("kredietlijnMinuten", NB_F_INT, "De kredietlijn (aan het eind van een voorbij jaar)"),
    NB_OUT("kredietlijnGebruiktMinuten", NB_F_INT, "Hoeveel van de kredietlijn het saldo gebruikt"),
    NB_OUT_NULL("kredietlijnGebruiktProcent", NB_F_INT,
                "Gebruikt deel van de kredietlijn in hele procenten (naar beneden); null zonder "
                "kredietlijn"),
    NB_OUT("prognoseKredietlijnGebruiktMinuten", NB_F_INT,
           "Hoeveel van de kredietlijn de prognose gebruikt"),
    NB_OUT_NULL("prognoseKredietlijnGebruiktProcent", NB_F_INT,
                "Het deel dat de prognose gebruikt, in hele procenten; null zonder kredietlijn"),
    NB_OUT("overKredietlijn", NB_F_BOOL, "Het saldo is nu voorbij de kredietlijn"),
    NB_OUT("prognoseOverKredietlijn", NB_F_BOOL,
           "De prognose gaat voorbij de kredietlijn (een waarschuwing)"),
};
static const nb_schema nb_out_budget_org =
    NB_SCHEMA_OUT("UrenbegrotingOrganisatie", nb_budget_org_fields, NULL,
                  "De urenbegroting van één organisatie in een jaar");

static const nb_field nb_budget_alert_fields[] = {
    NB_OUT("organisatieId", NB_F_INT, "De organisatie"),
    NB_OUT("naam", NB_F_STRING, "Naam van de organisatie"),
    NB_OUT("prognoseSaldoMinuten", NB_F_INT, "Verwacht saldo aan het jaareinde"),
    NB_OUT("kredietlijnMinuten", NB_F_INT, "De kredietlijn"),
    NB_OUT("tekortMinuten", NB_F_INT, "Hoeveel de prognose voorbij de kredietlijn gaat"),
    NB_OUT("tekst", NB_F_STRING, "De waarschuwing in woorden"),
};
static const nb_schema nb_out_budget_alert =
    NB_SCHEMA_OUT("UrenbegrotingWaarschuwing", nb_budget_alert_fields, NULL,
                  "Een organisatie die naar verwachting voorbij haar kredietlijn gaat");

static const nb_field nb_budget_net_fields[] = {
    NB_OUT("opdrachten", NB_F_INT,
           "Opdrachten (geaccepteerd, bemenst, in uitvoering of afgerond) waarvan de periode in "
           "het jaar valt"),
    NB_OUT("totaalMinuten", NB_F_INT,
           "Hun minuten, gespreid over hun periode: het deel dat in het jaar valt"),
    NB_OUT("gedaanMinuten", NB_F_INT, "Goedgekeurde minuten op die opdrachten in het jaar"),
    NB_OUT_NULL("gedaanProcent", NB_F_INT, "Gedaan deel in hele procenten; null zonder totaal"),
};
static const nb_schema nb_out_budget_net = NB_SCHEMA_OUT(
    "UrenbegrotingNetwerk", nb_budget_net_fields, NULL, "Het totaal van het netwerk in een jaar");

static const nb_field nb_budget_fields[] = {
    NB_OUT("jaar", NB_F_INT, "Het jaar"),
    NB_OUT("vanaf", NB_F_DATE, "De eerste dag van het jaar (Europe/Amsterdam)"),
    NB_OUT("tot", NB_F_DATE, "De laatste dag van het jaar (inclusief)"),
    NB_OUT("peildatum", NB_F_DATE, "Vandaag: de dag waarvan de prognose uitgaat"),
    NB_OUT_NULL("uurtariefCent", NB_F_INT, "Het uurtarief van het netwerk; null als het ontbreekt"),
    NB_OUT_LIST("organisaties", nb_out_budget_org,
                "Per organisatie (coördinator: alleen de eigen), op naam"),
    NB_OUT_LIST("waarschuwingen", nb_out_budget_alert,
                "Organisaties waarvan de prognose voorbij de kredietlijn gaat"),
    NB_OUT_OBJ("netwerk", nb_out_budget_net, "Het hele netwerk"),
};
const nb_schema nb_out_urenbegroting = NB_SCHEMA_OUT(
    "Urenbegroting", nb_budget_fields, NULL,
    "De urenbegroting van een jaar: per organisatie afgenomen, geleverd, gestort, gepland, saldo "
    "en prognose tegen de kredietlijn; het totaal van het netwerk");

static json_t *nb_budget_pct_json(int64_t pct)
{
    return pct >= 0 ? json_integer(pct) : json_null();
}

static json_t *nb_budget_org_json(const nb_budget_row *r)
{
    const nb_budget_org *f = &r->fig;
    json_t *j = json_object();
    json_object_set_new(j, "organisatieId", json_integer(f->organisation_id));
    json_object_set_new(j, "code", json_string(r->org_code));
    json_object_set_new(j, "naam", json_string(r->org_name));
    json_object_set_new(j, "soort", json_string(r->org_kind));
    json_object_set_new(j, "beginsaldoMinuten", json_integer(f->opening));
    json_object_set_new(j, "afgenomenMinuten", json_integer(f->taken));
    json_object_set_new(j, "geleverdMinuten", json_integer(f->brought));
    json_object_set_new(j, "gestortCent", json_integer(f->deposit_cents));
    json_object_set_new(j, "gestortMinuten", json_integer(f->deposit_minutes));
    json_object_set_new(j, "overigMinuten", json_integer(f->other));
    json_object_set_new(j, "saldoMinuten", json_integer(f->closing));
    json_object_set_new(j, "gereserveerdAfgenomenMinuten", json_integer(f->reserved_taken));
    json_object_set_new(j, "gereserveerdGeleverdMinuten", json_integer(f->reserved_brought));
    json_object_set_new(j, "geplandAfgenomenMinuten", json_integer(f->planned_taken));
    json_object_set_new(j, "geplandGeleverdMinuten", json_integer(f->planned_brought));
    json_object_set_new(j, "nietIngeplandMinuten", json_integer(f->unplanned_taken));
    json_object_set_new(j, "prognoseSaldoMinuten", json_integer(f->projected));
    json_object_set_new(j, "kredietlijnMinuten", json_integer(f->credit_line));
    json_object_set_new(j, "kredietlijnGebruiktMinuten", json_integer(f->used));
    json_object_set_new(j, "kredietlijnGebruiktProcent", nb_budget_pct_json(f->used_pct));
    json_object_set_new(j, "prognoseKredietlijnGebruiktMinuten", json_integer(f->projected_used));
    json_object_set_new(j, "prognoseKredietlijnGebruiktProcent",
                        nb_budget_pct_json(f->projected_pct));
    json_object_set_new(j, "overKredietlijn", json_boolean(f->over_line));
    json_object_set_new(j, "prognoseOverKredietlijn", json_boolean(f->projected_over));
    return j;
}

static json_t *nb_budget_alert_json(const nb_budget_row *r)
{
    const nb_budget_org *f = &r->fig;
    int64_t line = f->credit_line > 0 ? f->credit_line : 0;
    char text[320];
    snprintf(text, sizeof text,
             "%s gaat naar verwachting %lld minuten voorbij de kredietlijn van %lld minuten "
             "(prognose saldo aan het jaareinde: %lld minuten).",
             r->org_name, (long long)(f->projected_used - line), (long long)line,
             (long long)f->projected);
    json_t *j = json_object();
    json_object_set_new(j, "organisatieId", json_integer(f->organisation_id));
    json_object_set_new(j, "naam", json_string(r->org_name));
    json_object_set_new(j, "prognoseSaldoMinuten", json_integer(f->projected));
    json_object_set_new(j, "kredietlijnMinuten", json_integer(line));
    json_object_set_new(j, "tekortMinuten", json_integer(f->projected_used - line));
    json_object_set_new(j, "tekst", json_string(text));
    return j;
}

/* Loads the budget of ?jaar= (default: this year in Amsterdam) as req->who
 * may see it; returns 1 when a problem response was written. */
static int nb_budget_build(nb_req *req, nb_resp *resp, nb_budget *out)
{
    nb_err err = {{0}};
    int32_t today = nb_date_today();
    int y, m, d;
    nb_date_to_ymd(today, &y, &m, &d);
    memset(out, 0, sizeof *out);
    const char *q = nb_req_query(req, "jaar");
    if (q != NULL) {
        char *end = NULL;
        long v = strtol(q, &end, 10);
        if (end == q || *end != '\0' || v < NB_BUDGET_YEAR_MIN || v > NB_BUDGET_YEAR_MAX) {
            nb_resp_invalid(resp, "jaar", "moet een jaar van %d tot en met %d zijn",
                            NB_BUDGET_YEAR_MIN, NB_BUDGET_YEAR_MAX);
            return 1;
        }
        y = (int)v;
    }
    return nb_budget_load(req->st, y, today, req->who, out, &err);
}

int nb_api_urenbegroting_get(nb_req *req, nb_resp *resp)
{
    nb_budget b;
    int rc = nb_budget_build(req, resp, &b);
    if (rc != 0) {
        nb_budget_free(&b);
        return rc > 0 ? 0 : rc;
    }
    json_t *orgs = json_array(), *alerts = json_array(), *net = json_object();
    for (size_t i = 0; i < b.n; i++) {
        json_array_append_new(orgs, nb_budget_org_json(&b.rows[i]));
        if (b.rows[i].fig.projected_over)
            json_array_append_new(alerts, nb_budget_alert_json(&b.rows[i]));
    }
    json_object_set_new(net, "opdrachten", json_integer(b.network.assignments));
    json_object_set_new(net, "totaalMinuten", json_integer(b.network.total));
    json_object_set_new(net, "gedaanMinuten", json_integer(b.network.done));
    json_object_set_new(net, "gedaanProcent", nb_budget_pct_json(b.network.done_pct));
    json_t *j = json_object();
    json_object_set_new(j, "jaar", json_integer(b.year));
    json_object_set_new(j, "vanaf", json_string(b.from));
    json_object_set_new(j, "tot", json_string(b.to));
    json_object_set_new(j, "peildatum", json_string(b.today));
    json_object_set_new(j, "uurtariefCent",
                        b.hour_rate_cents > 0 ? json_integer(b.hour_rate_cents) : json_null());
    json_object_set_new(j, "organisaties", orgs);
    json_object_set_new(j, "waarschuwingen", alerts);
    json_object_set_new(j, "netwerk", net);
    nb_budget_free(&b);
    return nb_resp_json(resp, 200, j);
}

int nb_api_urenbegroting_csv(nb_req *req, nb_resp *resp)
{
    nb_budget b;
    int rc = nb_budget_build(req, resp, &b);
    if (rc != 0) {
        nb_budget_free(&b);
        return rc > 0 ? 0 : rc;
    }
    nb_budget_csv(&b, &resp->raw);
    resp->content_type = "text/csv; charset=utf-8";
    snprintf(resp->extra_header[0], sizeof resp->extra_header[0],
             "Content-Disposition: attachment; filename=\"urenbegroting-%d.csv\"", b.year);
    nb_budget_free(&b);
    resp->status = 200;
    return 0;
}

int nb_api_urenbegroting_xlsx(nb_req *req, nb_resp *resp)
{
    nb_budget b;
    nb_err err = {{0}};
    int rc = nb_budget_build(req, resp, &b);
    if (rc != 0) {
        nb_budget_free(&b);
        return rc > 0 ? 0 : rc;
    }
    rc = nb_budget_xlsx(&b, &resp->raw, &err);
    if (rc != 0) {
        nb_budget_free(&b);
        nb_buf_reset(&resp->raw);
        return nb_resp_from_err(resp, rc, &err);
    }
    resp->content_type = NB_BUDGET_XLSX_TYPE;
    snprintf(resp->extra_header[0], sizeof resp->extra_header[0],
             "Content-Disposition: attachment; filename=\"urenbegroting-%d.xlsx\"", b.year);
    nb_budget_free(&b);
    resp->status = 200;
    return 0;
}
