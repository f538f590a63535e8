/*
 * api/grootboek.c — the hours ledger views and the network settings.
 *
 *   GET/PUT /api/v1/netwerk/instellingen          hour rate, allocation key, external rate
 *   GET     /api/v1/grootboek                     all balances, fund, near-limit list
 *   GET     /api/v1/grootboek/controle            recompute everything from transfers
 *   GET     /api/v1/organisaties/{id}/saldo       one organisation's balance
 *   GET     /api/v1/organisaties/{id}/afschrift   statement for a period (JSON)
 *   GET     /api/v1/organisaties/{id}/afschrift.csv  the same as CSV for Dutch Excel
 *
 * Plus the credit-line hook that organisaties.c calls after a create/update,
 * so the registry's kredietlijnMinuten and the ledger never disagree.
 * Amounts are minutes; the CSV also shows hours with a decimal comma.
 */
#include "api/api.h"

#include "core/alloc_key.h"
#include "store/ledger_store.h"
#include "store/network_ops.h"
#include "store/organisations.h"
#include "store/statement.h"
#include "util/date.h"
#include "util/log.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Settings                                                                  */
/* ------------------------------------------------------------------------ */

static const char *const nb_key_names[] = {
    "inwoners",      "oppervlakte", "formatie",       "caseload",
    "gemeentefonds", "gelijk",      "vaste-aandelen", NULL};

static const nb_field nb_settings_fields[] = {
    {"uurtariefCent", NB_F_INT, 1, 0, 1, 100000000, NULL, NULL,
     "Uurtarief van het netwerk in eurocent per uur; stortingen worden hiermee omgerekend"},
    {"verdeelsleutel", NB_F_ENUM, 1, 0, 0, 0, nb_key_names, NULL,
     "Verdeelsleutel voor regionale opdrachten: inwoners, oppervlakte, formatie, caseload, "
     "gemeentefonds, gelijk of vaste-aandelen"},
    {"bundelCoordinatieProcent", NB_F_INT, 0, 0, 0, 100, NULL, NULL,
     "Coördinatiedeel bij bundelen: procent extra uren per extra aanvragende gemeente (standaard "
     "15; weggelaten: ongewijzigd)"},
    {"externUurtariefCent", NB_F_INT, 0, 1, 1, 100000000, NULL, NULL,
     "Extern uurtarief in eurocent per uur: wat een uur inhuur van buiten het netwerk kost; de "
     "adviesrapportage en de 3K's waarderen er de vermeden inhuur mee (weggelaten: ongewijzigd; "
     "null: niet meer ingesteld)"},
};
const nb_schema nb_schema_instellingen =
    NB_SCHEMA("Netwerkinstellingen", nb_settings_fields, "Instellingen van het netwerk");

/* What the handlers below write, in their order. */
static const nb_field nb_settings_out_fields[] = {
    NB_OUT("uurtariefCent", NB_F_INT, NULL),
    NB_OUT("verdeelsleutel", NB_F_ENUM, NULL),
    NB_OUT("bundelCoordinatieProcent", NB_F_INT, NULL),
    NB_OUT_NULL("externUurtariefCent", NB_F_INT, "Het externe uurtarief; null: niet ingesteld"),
};
const nb_schema nb_out_netwerkinstellingen =
    NB_SCHEMA_OUT("NetwerkinstellingenUit", nb_settings_out_fields, &nb_schema_instellingen,
                  "Instellingen van het netwerk");
static const nb_field nb_balance_out_fields[] = {
    NB_OUT_NULL("organisatieId", NB_F_INT, "De organisatie; null voor het netwerkfonds"),
    NB_OUT_NULL("code", NB_F_STRING, "Code van de organisatie; null voor het netwerkfonds"),
    NB_OUT("naam", NB_F_STRING, "Naam van de organisatie, of netwerkfonds"),
    NB_OUT("saldoMinuten", NB_F_INT, "Geboekt ontvangen min geboekt afgegeven"),
    NB_OUT_NULL("beschikbaarMinuten", NB_F_INT,
                "Wat de organisatie nog kan afgeven (saldo + kredietlijn - gereserveerd); null "
                "voor het netwerkfonds"),
    NB_OUT("kredietlijnMinuten", NB_F_INT, "De kredietlijn"),
    NB_OUT("debetGereserveerdMinuten", NB_F_INT, "Gereserveerd om af te geven"),
    NB_OUT("debetGeboektMinuten", NB_F_INT, "Geboekt afgegeven"),
    NB_OUT("creditGereserveerdMinuten", NB_F_INT, "Gereserveerd om te ontvangen"),
    NB_OUT("creditGeboektMinuten", NB_F_INT, "Geboekt ontvangen"),
    NB_OUT_OPT("bijnaOpLimiet", NB_F_BOOL,
               "Beschikbaar onder de drempel van de kredietlijn (niet bij het netwerkfonds)"),
};
const nb_schema nb_out_saldo =
    NB_SCHEMA_OUT("Saldo", nb_balance_out_fields, NULL, "Het saldo van een rekening");
static const nb_field nb_grootboek_out_fields[] = {
    {"fonds", NB_F_OBJECT, 1, 1, 0, 0, NULL, &nb_out_saldo, "Het netwerkfonds"},
    NB_OUT_LIST("organisaties", nb_out_saldo, "Elk lid"),
    NB_OUT("drempelProcent", NB_F_INT, "De gebruikte drempel"),
    NB_OUT_LIST("bijnaOpLimiet", nb_out_saldo, "De leden onder de drempel, krapste eerst"),
    NB_OUT("somSaldoMinuten", NB_F_INT, "Som van alle geboekte saldi (altijd 0)"),
    NB_OUT("somGereserveerdMinuten", NB_F_INT, "Som van alle reserveringen (altijd 0)"),
};
const nb_schema nb_out_grootboek = NB_SCHEMA_OUT("Grootboek", nb_grootboek_out_fields, NULL,
                                                 "Saldi van alle leden en het netwerkfonds");
static const nb_field nb_stmt_line_out_fields[] = {
    NB_OUT("datum", NB_F_DATE, "De dag (Europe/Amsterdam)"),
    NB_OUT("tijdstip", NB_F_DATETIME, "Wanneer verwerkt (UTC)"),
    NB_OUT("boekingId", NB_F_TEXTID, "Het id van de boeking"),
    NB_OUT("tegenpartij", NB_F_STRING, "Naam van de tegenpartij, of netwerkfonds"),
    NB_OUT_NULL("tegenpartijOrganisatieId", NB_F_INT, "De tegenpartij; null voor het netwerkfonds"),
    NB_OUT_ENUM("soort", nb_api_ledger_kinds, "De soort boeking"),
    NB_OUT_ENUM("fase", nb_api_ledger_phases,
                "reservering, boeking-van-reservering, vrijgave of boeking"),
    NB_OUT("omschrijving", NB_F_STRING, "Toelichting"),
    NB_OUT("boekingMinuten", NB_F_INT, "De minuten van de boeking"),
    NB_OUT("mutatieMinuten", NB_F_INT, "Het effect op het saldo (+ ontvangen, - afgegeven)"),
    NB_OUT("saldoMinuten", NB_F_INT, "Het saldo na deze regel"),
};
static const nb_schema nb_out_afschrift_regel =
    NB_SCHEMA_OUT("AfschriftRegel", nb_stmt_line_out_fields, NULL, "Eén boeking op het afschrift");
static const nb_field nb_stmt_out_fields[] = {
    NB_OUT("organisatieId", NB_F_INT, "De organisatie"),
    NB_OUT("code", NB_F_STRING, "Code van de organisatie"),
    NB_OUT("naam", NB_F_STRING, "Naam van de organisatie"),
    NB_OUT_NULL("vanaf", NB_F_DATE, "Eerste dag; null: vanaf het begin"),
    NB_OUT_NULL("tot", NB_F_DATE, "Laatste dag; null: tot nu"),
    NB_OUT("beginsaldoMinuten", NB_F_INT, "Saldo vóór de eerste regel"),
    NB_OUT_LIST("regels", nb_out_afschrift_regel, "Elke boeking in de periode, oudste eerst"),
    NB_OUT("eindsaldoMinuten", NB_F_INT, "Saldo na de laatste regel"),
};
const nb_schema nb_out_afschrift = NB_SCHEMA_OUT("Afschrift", nb_stmt_out_fields, NULL,
                                                 "Afschrift van een organisatie over een periode");
static const nb_field nb_check_out_fields[] = {
    NB_OUT("ok", NB_F_BOOL, "true als alles klopt"),
    NB_OUT("somGeboektMinuten", NB_F_INT, "Som van alle geboekte saldi (hoort 0 te zijn)"),
    NB_OUT("somGereserveerdMinuten", NB_F_INT, "Som van alle reserveringen (hoort 0 te zijn)"),
    NB_OUT("somIsNul", NB_F_BOOL, "Beide sommen zijn 0"),
    NB_OUT("rekeningenGecontroleerd", NB_F_INT, "Aantal rekeningen"),
    NB_OUT("boekingenGecontroleerd", NB_F_INT, "Aantal boekingen"),
    NB_OUT("afwijkendeRekeningen", NB_F_INT, "Rekeningen waarvan het saldo afwijkt"),
    NB_OUT("rekeningenOverLimiet", NB_F_INT, "Rekeningen voorbij hun kredietlijn"),
    NB_OUT("ongeldigeBoekingen", NB_F_INT, "Boekingen die een regel breken"),
    NB_OUT("afwijkendeMaandtotalen", NB_F_INT,
           "Bewaarde maandtotalen per rekening die niet kloppen met de boekingen"),
    NB_OUT_NULL("eersteProbleem", NB_F_STRING, "Het eerste gevonden probleem"),
};
const nb_schema nb_out_controle =
    NB_SCHEMA_OUT("Controle", nb_check_out_fields, NULL, "Alle saldi herberekend uit de boekingen");

int nb_api_settings_get(nb_req *req, nb_resp *resp)
{
    json_t *j = NULL;
    nb_err err = {{0}};
    int rc = nb_netops_settings_json(req->st, &j, &err);
    if (rc != 0)
        return rc;
    return nb_resp_json(resp, 200, j);
}

int nb_api_settings_put(nb_req *req, nb_resp *resp)
{
    json_t *after = NULL;
    nb_err err = {{0}};
    nb_key_kind kind;
    const char *key = nb_body_str(req->body, "verdeelsleutel", "");
    if (nb_key_parse(key, &kind) != 0) {
        nb_resp_invalid(resp, "verdeelsleutel", "is geen bekende verdeelsleutel");
        return 0;
    }
    /* externUurtariefCent: omitted unchanged (-1), null cleared (0) */
    const json_t *ext = json_object_get(req->body, "externUurtariefCent");
    int64_t ext_cents = ext == NULL ? -1 : json_is_null(ext) ? 0 : json_integer_value(ext);
    int rc = nb_netops_settings_set(
        req->st, &req->actor, nb_body_int(req->body, "uurtariefCent", 0), key,
        nb_body_int(req->body, "bundelCoordinatieProcent", -1), ext_cents, &after, &err);
    if (rc != 0)
        return rc;
    return nb_resp_json(resp, 200, after);
}

/* ------------------------------------------------------------------------ */
/* Balances                                                                  */
/* ------------------------------------------------------------------------ */

static json_t *nb_balance_json(const nb_ledger_account_row *r)
{
    const nb_account *a = &r->account;
    json_t *j = json_object();
    int fund = r->organisation_id == 0;
    json_object_set_new(j, "organisatieId", fund ? json_null() : json_integer(r->organisation_id));
    json_object_set_new(j, "code", fund ? json_null() : json_string(r->org_code));
    json_object_set_new(j, "naam", json_string(r->org_name));
    json_object_set_new(j, "saldoMinuten", json_integer(a->credits_posted - a->debits_posted));
    json_object_set_new(j, "beschikbaarMinuten",
                        fund ? json_null() : json_integer(nb_ledger_available(a)));
    json_object_set_new(j, "kredietlijnMinuten", json_integer(a->credit_line_minutes));
    json_object_set_new(j, "debetGereserveerdMinuten", json_integer(a->debits_pending));
    json_object_set_new(j, "debetGeboektMinuten", json_integer(a->debits_posted));
    json_object_set_new(j, "creditGereserveerdMinuten", json_integer(a->credits_pending));
    json_object_set_new(j, "creditGeboektMinuten", json_integer(a->credits_posted));
    return j;
}

/* True when the organisation's available minutes are below pct% of its credit line. */
static int nb_near_limit(const nb_account *a, int64_t pct)
{
    if (a->flags & NB_ACCOUNT_UNLIMITED)
        return 0;
    /* available * 100 < credit_line * pct without overflow: for integers
     * x >= 0, p > 0: x / p < L  <=>  floor(x / p) < L. */
    int64_t avail = nb_ledger_available(a);
    if (avail < 0)
        return 1;
    if (pct == 0)
        return 0;
    if (avail > INT64_MAX / 100)
        return 0;
    int64_t scaled = avail * 100;
    return scaled / pct < a->credit_line_minutes;
}

typedef struct nb_gb_ctx {
    int64_t pct;
    json_t *fund;
    json_t *orgs;
    json_t *near;
    int64_t sum_posted, sum_pending;
} nb_gb_ctx;

static int nb_gb_add(void *ctx, const nb_ledger_account_row *r)
{
    nb_gb_ctx *c = ctx;
    json_t *j = nb_balance_json(r);
    c->sum_posted += r->account.credits_posted - r->account.debits_posted;
    c->sum_pending += r->account.credits_pending - r->account.debits_pending;
    if (r->organisation_id == 0) {
        json_decref(c->fund);
        c->fund = j;
        return 0;
    }
    int near = nb_near_limit(&r->account, c->pct);
    json_object_set_new(j, "bijnaOpLimiet", json_boolean(near));
    if (near)
        json_array_append(c->near, j);
    return json_array_append_new(c->orgs, j) == 0 ? 0 : NB_ENOMEM;
}

static int nb_near_cmp(const void *a, const void *b)
{
    const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
    json_int_t p = json_integer_value(json_object_get(x, "beschikbaarMinuten"));
    json_int_t q = json_integer_value(json_object_get(y, "beschikbaarMinuten"));
    return (p > q) - (p < q);
}

int nb_api_grootboek_get(nb_req *req, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_gb_ctx c = {10, NULL, json_array(), json_array(), 0, 0};
    const char *pct = nb_req_query(req, "drempelProcent");
    if (pct) {
        char *end = NULL;
        long long v = strtoll(pct, &end, 10);
        if (end == pct || *end != '\0' || v < 0 || v > 100) {
            nb_resp_invalid(resp, "drempelProcent",
                            "moet een geheel getal van 0 tot en met 100 zijn");
            json_decref(c.orgs);
            json_decref(c.near);
            return 0;
        }
        c.pct = v;
    }
    int rc = nb_ledger_store_accounts(req->st, nb_gb_add, &c, &err);
    if (rc != 0) {
        json_decref(c.fund);
        json_decref(c.orgs);
        json_decref(c.near);
        return rc;
    }
    /* bijnaOpLimiet: the tightest first. */
    size_t n = json_array_size(c.near);
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
    json_t **v = calloc(n ? n : 1, sizeof *v);
    json_t *sorted = json_array();
    if (v != NULL) {
        for (size_t i = 0; i < n; i++)
            v[i] = json_array_get(c.near, i);
        /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
        qsort(v, n, sizeof *v, nb_near_cmp);
        for (size_t i = 0; i < n; i++)
            json_array_append(sorted, v[i]);
        free(v);
    }
    json_decref(c.near);
    json_t *body = json_object();
    json_object_set_new(body, "fonds", c.fund ? c.fund : json_null());
    json_object_set_new(body, "organisaties", c.orgs);
    json_object_set_new(body, "drempelProcent", json_integer(c.pct));
    json_object_set_new(body, "bijnaOpLimiet", sorted);
    json_object_set_new(body, "somSaldoMinuten", json_integer(c.sum_posted));
    json_object_set_new(body, "somGereserveerdMinuten", json_integer(c.sum_pending));
    return nb_resp_json(resp, 200, body);
}

/* Loads the organisation's account row, checking the caller may see it. */
static int nb_gb_org_row(nb_req *req, nb_resp *resp, nb_ledger_account_row *row)
{
    int64_t id;
    nb_err err = {{0}};
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 1;
    if (!nb_statement_may_see(req->who, id)) {
        nb_resp_problem(resp, 403, "Geen toegang",
                        "Een coördinator ziet alleen het saldo van de eigen organisatie.");
        return 1;
    }
    int rc = nb_ledger_store_org_row(req->st, id, row, &err);
    if (rc == NB_ENOTFOUND) {
        nb_resp_from_err(resp, rc, &err);
        return 1;
    }
    return rc;
}

int nb_api_saldo_get(nb_req *req, nb_resp *resp)
{
    nb_ledger_account_row row;
    int rc = nb_gb_org_row(req, resp, &row);
    if (rc != 0)
        return rc > 0 ? 0 : rc;
    json_t *j = nb_balance_json(&row);
    json_object_set_new(j, "bijnaOpLimiet", json_boolean(nb_near_limit(&row.account, 10)));
    return nb_resp_json(resp, 200, j);
}

/* ------------------------------------------------------------------------ */
/* Statement                                                                 */
/* ------------------------------------------------------------------------ */

/* One statement line, streamed (a year of history is thousands of lines). */
static void nb_stmt_line_jw(nb_jw *w, const nb_statement_line *l)
{
    const nb_transfer *t = &l->entry.transfer;
    char when[21], day[NB_DATE_LEN];
    nb_api_iso_time(t->timestamp, when);
    nb_date_format(nb_date_amsterdam_day(t->timestamp), day); /* DOMAIN.md rule 10 */
    nb_jw_obj(w, NULL);
    nb_jw_str(w, "datum", day);
    nb_jw_str(w, "tijdstip", when);
    nb_jw_str(w, "boekingId", t->id);
    nb_jw_str(w, "tegenpartij", l->counter_name);
    if (l->counter_org_id)
        nb_jw_int(w, "tegenpartijOrganisatieId", l->counter_org_id);
    else
        nb_jw_null(w, "tegenpartijOrganisatieId");
    nb_jw_str(w, "soort", nb_ledger_kind_name(t->kind));
    nb_jw_str(w, "fase", nb_api_ledger_phase(t));
    nb_jw_str(w, "omschrijving", t->reason);
    nb_jw_int(w, "boekingMinuten", t->amount);
    nb_jw_int(w, "mutatieMinuten", l->delta);
    nb_jw_int(w, "saldoMinuten", l->balance);
    nb_jw_obj_end(w);
}

/* Checks the statement's query (store/statement.h, shared with the pages):
 * the organisation the caller may see (into *org_id) and the days; returns 1
 * when a problem response was written, a negative code on failure. */
static int nb_stmt_query(nb_req *req, nb_resp *resp, int64_t *org_id)
{
    int64_t from = 0, to = 0;
    nb_ledger_account_row row;
    int rc = nb_gb_org_row(req, resp, &row);
    if (rc != 0)
        return rc;
    int bad = nb_api_query_day(req, resp, "vanaf", 0, &from) != 0;
    bad |= nb_api_query_day(req, resp, "tot", 1, &to) != 0;
    if (!bad && from && to && to <= from) {
        nb_resp_invalid(resp, "tot", "moet op of na vanaf liggen");
        bad = 1;
    }
    if (bad)
        return 1;
    *org_id = row.organisation_id;
    return 0;
}

/* The statement's JSON made while it is sent (nb_stream): the envelope's
 * members before "regels", then a line a call as the store reads it, then
 * the closing balance. Nothing per line is kept. */
typedef struct nb_stmt_json {
    nb_statement s;
    nb_statement_cursor cur;
    nb_jw w;
    int started;
} nb_stmt_json;

static int nb_stmt_json_next(void *ctx, nb_buf *b)
{
    nb_stmt_json *j = ctx;
    const nb_statement_line *line = NULL;
    nb_err err = {{0}};
    j->w.b = b;
    if (!j->started) {
        const nb_statement *s = &j->s;
        nb_jw_init(&j->w, b);
        nb_jw_obj(&j->w, NULL);
        nb_jw_int(&j->w, "organisatieId", s->row.organisation_id);
        nb_jw_str(&j->w, "code", s->row.org_code);
        nb_jw_str(&j->w, "naam", s->row.org_name);
        nb_jw_str_or_null(&j->w, "vanaf", s->from);
        nb_jw_str_or_null(&j->w, "tot", s->to);
        nb_jw_int(&j->w, "beginsaldoMinuten", s->opening);
        nb_jw_arr(&j->w, "regels");
        j->started = 1;
    }
    int rc = nb_statement_cursor_next(&j->cur, &line, &err);
    if (rc == 1) {
        nb_stmt_line_jw(&j->w, line);
    } else if (rc == 0) {
        nb_jw_arr_end(&j->w);
        nb_jw_int(&j->w, "eindsaldoMinuten", j->s.closing);
        nb_jw_obj_end(&j->w);
    } else {
        nb_log_error("statement: %s", err.msg);
        return rc;
    }
    int st = nb_jw_status(&j->w);
    if (st != 0)
        return st == NB_EINVAL ? NB_EDB : st;
    return rc;
}

static void nb_stmt_json_free(void *ctx)
{
    nb_stmt_json *j = ctx;
    nb_statement_cursor_close(&j->cur);
    free(j);
}

/* The statement's JSON, streamed (http/stream.c): the organisation and the
 * period are checked and the cursor started here, so those errors are still
 * problems; the lines are written as the store reads them. */
int nb_api_afschrift_get(nb_req *req, nb_resp *resp)
{
    int64_t org_id = 0;
    nb_err err = {{0}};
    int rc = nb_stmt_query(req, resp, &org_id);
    if (rc != 0)
        return rc > 0 ? 0 : rc;
    nb_stmt_json *j = calloc(1, sizeof *j);
    if (j == NULL)
        return NB_ENOMEM;
    rc = nb_statement_cursor_open(req->st, org_id, nb_req_query(req, "vanaf"),
                                  nb_req_query(req, "tot"), 0, &j->s, &j->cur, &err);
    if (rc != 0) {
        nb_stmt_json_free(j);
        if (rc == NB_ENOTFOUND)
            return nb_resp_from_err(resp, rc, &err);
        return rc;
    }
    return nb_resp_stream(resp, 200, "application/json", nb_stmt_json_next, nb_stmt_json_free, j);
}

/* The same as CSV, streamed (store/statement.h's CSV stream). */
int nb_api_afschrift_csv(nb_req *req, nb_resp *resp)
{
    int64_t org_id = 0;
    nb_err err = {{0}};
    int rc = nb_stmt_query(req, resp, &org_id);
    if (rc != 0)
        return rc > 0 ? 0 : rc;
    nb_statement_csv_stream *cs = NULL;
    rc = nb_statement_csv_stream_open(req->st, org_id, nb_req_query(req, "vanaf"),
                                      nb_req_query(req, "tot"), &cs, &err);
    if (rc != 0) {
        if (rc == NB_ENOTFOUND)
            return nb_resp_from_err(resp, rc, &err);
        return rc;
    }
    snprintf(resp->extra_header[0], sizeof resp->extra_header[0],
             "Content-Disposition: attachment; filename=\"afschrift-%s.csv\"",
             cs->s.row.org_code[0] ? cs->s.row.org_code : "organisatie");
    return nb_resp_stream(resp, 200, "text/csv; charset=utf-8", nb_statement_csv_stream_next,
                          nb_statement_csv_stream_free, cs);
}

/* ------------------------------------------------------------------------ */
/* Control                                                                   */
/* ------------------------------------------------------------------------ */

int nb_api_controle_get(nb_req *req, nb_resp *resp)
{
    nb_ledger_report rep;
    nb_err err = {{0}};
    int rc = nb_ledger_store_check(req->st, &rep, &err);
    if (rc != 0 && rc != NB_ECONFLICT) /* a database error is not a finding: 500 or 503 */
        return nb_resp_from_err(resp, rc == NB_EBUSY ? NB_EBUSY : NB_EDB, &err);
    json_t *j = json_object();
    json_object_set_new(j, "ok", json_boolean(rep.ok && rc == 0));
    json_object_set_new(j, "somGeboektMinuten", json_integer(rep.posted_sum));
    json_object_set_new(j, "somGereserveerdMinuten", json_integer(rep.pending_sum));
    json_object_set_new(j, "somIsNul", json_boolean(rep.posted_sum == 0 && rep.pending_sum == 0));
    json_object_set_new(j, "rekeningenGecontroleerd",
                        json_integer((json_int_t)rep.accounts_checked));
    json_object_set_new(j, "boekingenGecontroleerd",
                        json_integer((json_int_t)rep.transfers_checked));
    json_object_set_new(j, "afwijkendeRekeningen",
                        json_integer((json_int_t)rep.mismatched_accounts));
    json_object_set_new(j, "rekeningenOverLimiet",
                        json_integer((json_int_t)rep.over_limit_accounts));
    json_object_set_new(j, "ongeldigeBoekingen", json_integer((json_int_t)rep.bad_transfers));
    json_object_set_new(j, "afwijkendeMaandtotalen",
                        json_integer((json_int_t)rep.mismatched_months));
    json_object_set_new(j, "eersteProbleem",
                        rep.first_problem[0] ? json_string(rep.first_problem) : json_null());
    return nb_resp_json(resp, 200, j);
}

/* ------------------------------------------------------------------------ */
/* Credit-line hook                                                          */
/* ------------------------------------------------------------------------ */

int nb_api_credit_line_hook(nb_req *req, nb_resp *resp, nb_org *o, nb_err *err)
{
    nb_transfer_result refusal;
    int changed = 0;
    char reason[NB_TRANSFER_REASON_SIZE];
    snprintf(reason, sizeof reason, "kredietlijn naar %" PRId64 " minuten (registratie)",
             o->credit_line_minutes);
    int rc = nb_ledger_store_sync_credit_line(req->st, o->id, o->credit_line_minutes, reason,
                                              &changed, &refusal, err);
    if (rc == NB_ELIMIT) {
        nb_resp_problem(resp, 422, "Kredietlijn te laag",
                        "%s (%s) gebruikt al %" PRId64 " minuten meer dan de gevraagde kredietlijn "
                        "van %" PRId64 " minuten toelaat (nu %" PRId64 " minuten beschikbaar).",
                        o->name, o->code, refusal.shortfall, o->credit_line_minutes,
                        refusal.available);
        json_object_set_new(
            resp->json, "type",
            json_string("https://noaber.nl/problemen/grootboek/onvoldoende-beschikbaar"));
        json_object_set_new(resp->json, "code", json_string("exceeds_limit"));
        nb_resp_invalid(resp, "kredietlijnMinuten",
                        "is lager dan wat %s al gebruikt (%" PRId64 " minuten te weinig)", o->code,
                        refusal.shortfall);
        json_object_set_new(resp->json, "organisatieId", json_integer(o->id));
        json_object_set_new(resp->json, "organisatieNaam", json_string(o->name));
        json_object_set_new(resp->json, "organisatieCode", json_string(o->code));
        json_object_set_new(resp->json, "beschikbaarMinuten", json_integer(refusal.available));
        json_object_set_new(resp->json, "tekortMinuten", json_integer(refusal.shortfall));
        nb_resp_invalid(resp, "kredietlijnMinuten", "is lager dan wat de organisatie al gebruikt");
        resp->status = 422;
        return 1;
    }
    if (rc != 0)
        return rc;
    if (changed > 0) {
        json_t *d = json_pack("{s:I, s:i}", "kredietlijnMinuten",
                              (json_int_t)o->credit_line_minutes, "boekingen", changed);
        rc = nb_api_audit(req, "kredietlijn", "organisatie", o->id, d);
        json_decref(d);
        if (rc != 0)
            return nb_err_set(err, rc,
                              "audit of the credit line of organisation %" PRId64 " failed", o->id);
    }
    /* The registry row may have a new revision (never a different credit line). */
    return nb_org_get(req->st, o->id, o, err);
}
