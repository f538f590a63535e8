/*
 * api/verrekeningen.c — /api/v1/verrekeningen: settlement (verrekening) of
 * the members' hour balances at the end of a closed period (issue 10 §4;
 * store/settlements.h has the rules, core/settlement.h the arithmetic).
 *
 *   - GET  /verrekeningen: beheer, lezer, coordinator; newest period first,
 *     without the lines; HAL paging;
 *   - GET  /verrekeningen/voorstel?jaar=|periodeId=&verrekenen=3,5: beheer;
 *     what booking would do now, nothing written (the MT's preview), with
 *     `geblokkeerd` saying why it cannot be booked yet;
 *   - POST /verrekeningen: beheer; {"verzoekId", "jaar" | "periodeId",
 *     "keuzes": [{"organisatieId", "keuze": "overboeken"|"verrekenen"}]};
 *     201 with the settlement, 200 with the original on a retry with the same
 *     verzoekId and content, 409 for an open or already settled period or a
 *     verzoekId reused with other content, 422 for an unknown organisation or
 *     period, or when the ledger refuses one of the transfers (nothing is
 *     booked then);
 *   - GET  /verrekeningen/{id}: beheer and lezer see every line; a
 *     coordinator only the line of its own organisation (its statement).
 */
#include "api/api.h"

#include "store/settlements.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_VR_KEUZES_MAX 1000

static const nb_field nb_vr_keuze_fields[] = {
    {"organisatieId", NB_F_INT, 1, 0, 1, INT64_MAX, NULL, NULL, "De organisatie"},
    {"keuze", NB_F_ENUM, 1, 0, 0, 0, nb_settle_choice_names, NULL,
     "overboeken (het saldo gaat mee naar de volgende periode) of verrekenen (in geld tegen het "
     "uurtarief van het netwerk)"},
};
static const nb_schema nb_schema_vr_keuze =
    NB_SCHEMA("Verrekenkeuze", nb_vr_keuze_fields, "De keuze van het netwerk voor één organisatie");

static const nb_field nb_vr_fields[] = {
    {"verzoekId", NB_F_STRING, 1, 0, 1, NB_TRANSFER_ID_SIZE - 1, NULL, NULL,
     "Door de client gekozen id (1-63 tekens), uniek; een herhaling met dezelfde inhoud geeft de "
     "oorspronkelijke verrekening terug en boekt niets"},
    {"jaar", NB_F_INT, 0, 0, NB_SETTLE_YEAR_MIN, NB_SETTLE_YEAR_MAX, NULL, NULL,
     "Het jaar dat wordt verrekend (alle dagen in afgesloten perioden); of periodeId"},
    {"periodeId", NB_F_INT, 0, 0, 1, INT64_MAX, NULL, NULL,
     "De afgesloten periode die wordt verrekend; of jaar"},
    {"keuzes", NB_F_ARRAY, 0, 0, 0, NB_VR_KEUZES_MAX, NULL, &nb_schema_vr_keuze,
     "Per organisatie overboeken of verrekenen; wie er niet in staat, boekt over"},
};
const nb_schema nb_schema_verrekening =
    NB_SCHEMA("Verrekening", nb_vr_fields,
              "Een verrekening van de saldi aan het eind van een afgesloten periode");

static const char *const nb_vr_richtingen[] = {"betaalt", "ontvangt", "geen", NULL};

static const nb_field nb_vr_regel_out_fields[] = {
    NB_OUT("organisatieId", NB_F_INT, "De organisatie"),
    NB_OUT("code", NB_F_STRING, "Code van de organisatie"),
    NB_OUT("naam", NB_F_STRING, "Naam van de organisatie"),
    NB_OUT_ENUM("keuze", nb_settle_choice_names, "overboeken of verrekenen"),
    NB_OUT("saldoMinuten", NB_F_INT,
           "Het geboekte saldo vóór de verrekening (+ meer gebracht dan gehaald)"),
    NB_OUT("geleverdMinuten", NB_F_INT, "Uren werk geleverd in de periode, in minuten"),
    NB_OUT("afgenomenMinuten", NB_F_INT, "Uren werk afgenomen in de periode, in minuten"),
    NB_OUT("bedragCent", NB_F_INT,
           "Het bedrag in eurocent: + de organisatie ontvangt, - zij betaalt, 0 bij overboeken"),
    NB_OUT_ENUM("richting", nb_vr_richtingen, "betaalt, ontvangt of geen"),
    NB_OUT_NULL("boekingId", NB_F_TEXTID, "De boeking die het saldo op nul zette; null: geen"),
    NB_OUT_OPT("verrekenbaar", NB_F_BOOL,
               "Alleen in een voorstel: of verrekenen in geld nu kan (regel 2: reserveringen "
               "boven de kredietlijn)"),
};
static const nb_schema nb_out_vr_regel = NB_SCHEMA_OUT(
    "VerrekeningRegelUit", nb_vr_regel_out_fields, NULL, "De verrekening van één organisatie");

static const nb_field nb_vr_out_fields[] = {
    NB_OUT_ID,
    NB_OUT("verzoekId", NB_F_TEXTID, "Het id dat de client koos"),
    NB_OUT("van", NB_F_DATE, "Eerste dag van de periode"),
    NB_OUT("tot", NB_F_DATE, "Laatste dag van de periode (inclusief)"),
    NB_OUT_NULL("jaar", NB_F_INT, "Het jaar, als per jaar verrekend"),
    NB_OUT_NULL("periodeId", NB_F_INT, "De afgesloten periode, als per periode verrekend"),
    NB_OUT("uurtariefCent", NB_F_INT, "Het uurtarief van het netwerk, in eurocent"),
    NB_OUT("betaaldCent", NB_F_INT, "Wat de organisaties samen betalen, in eurocent"),
    NB_OUT("ontvangenCent", NB_F_INT, "Wat de organisaties samen ontvangen, in eurocent"),
    NB_OUT("aantalVerrekend", NB_F_INT, "Aantal organisaties waarvan het saldo is verrekend"),
    NB_OUT("vastgelegdDoor", NB_F_STRING, "Wie verrekende (rol:label)"),
    NB_OUT("vastgelegd", NB_F_DATETIME, "Wanneer (UTC)"),
    {"regels", NB_F_ARRAY, 0, 0, 0, 0, NULL, &nb_out_vr_regel,
     "Per organisatie (op naam); niet in de lijst; een coördinator ziet alleen de eigen"},
    NB_OUT_LINKS,
};
const nb_schema nb_out_verrekening =
    NB_SCHEMA_OUT("VerrekeningUit", nb_vr_out_fields, &nb_schema_verrekening,
                  "Een verrekening van de saldi aan het eind van een afgesloten periode");
NB_SCHEMA_LIST(nb_out_verrekening_lijst, "VerrekeningLijst", "verrekeningen", nb_out_verrekening);

static const nb_field nb_vr_preview_out_fields[] = {
    NB_OUT("van", NB_F_DATE, "Eerste dag van de periode"),
    NB_OUT("tot", NB_F_DATE, "Laatste dag van de periode (inclusief)"),
    NB_OUT_NULL("jaar", NB_F_INT, "Het jaar, als per jaar gevraagd"),
    NB_OUT_NULL("periodeId", NB_F_INT, "De afgesloten periode, als per periode gevraagd"),
    NB_OUT_NULL("uurtariefCent", NB_F_INT, "Het uurtarief van het netwerk; null: niet ingesteld"),
    NB_OUT("betaaldCent", NB_F_INT, "Wat de organisaties samen zouden betalen, in eurocent"),
    NB_OUT("ontvangenCent", NB_F_INT, "Wat de organisaties samen zouden ontvangen, in eurocent"),
    NB_OUT("aantalVerrekend", NB_F_INT, "Aantal saldi dat in geld zou worden verrekend"),
    NB_OUT_NULL("geblokkeerd", NB_F_STRING,
                "Waarom nu niet verrekend kan worden (periode open, al verrekend, geen "
                "uurtarief); null: het kan"),
    NB_OUT_LIST("regels", nb_out_vr_regel, "Per organisatie (op naam)"),
};
const nb_schema nb_out_verrekenvoorstel =
    NB_SCHEMA_OUT("VerrekenvoorstelUit", nb_vr_preview_out_fields, NULL,
                  "Wat een verrekening nu zou doen; er wordt niets geboekt");

static json_t *nb_vr_line_json(const nb_settle_line *l, int preview)
{
    json_t *j = json_object();
    json_object_set_new(j, "organisatieId", json_integer(l->organisation_id));
    json_object_set_new(j, "code", json_string(l->org_code));
    json_object_set_new(j, "naam", json_string(l->org_name));
    json_object_set_new(j, "keuze", json_string(nb_settle_choice_name(l->choice)));
    json_object_set_new(j, "saldoMinuten", json_integer(l->balance_minutes));
    json_object_set_new(j, "geleverdMinuten", json_integer(l->brought_minutes));
    json_object_set_new(j, "afgenomenMinuten", json_integer(l->taken_minutes));
    json_object_set_new(j, "bedragCent", json_integer(l->amount_cents));
    json_object_set_new(j, "richting",
                        json_string(l->amount_cents < 0   ? "betaalt"
                                    : l->amount_cents > 0 ? "ontvangt"
                                                          : "geen"));
    json_object_set_new(j, "boekingId",
                        l->transfer_id[0] ? json_string(l->transfer_id) : json_null());
    if (preview)
        json_object_set_new(j, "verrekenbaar", json_boolean(l->money_possible));
    return j;
}

/* The settlement as JSON; lines 1 adds the lines (only org's when org > 0). */
static json_t *nb_vr_json(const nb_req *req, const nb_settlement *s, int lines, int64_t org)
{
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(s->id));
    json_object_set_new(j, "verzoekId", json_string(s->request_id));
    json_object_set_new(j, "van", json_string(s->from));
    json_object_set_new(j, "tot", json_string(s->to));
    json_object_set_new(j, "jaar", s->year ? json_integer(s->year) : json_null());
    json_object_set_new(j, "periodeId", s->period_id ? json_integer(s->period_id) : json_null());
    json_object_set_new(j, "uurtariefCent", json_integer(s->rate_cents));
    json_object_set_new(j, "betaaldCent", json_integer(s->paid_cents));
    json_object_set_new(j, "ontvangenCent", json_integer(s->received_cents));
    json_object_set_new(j, "aantalVerrekend", json_integer(s->settled_count));
    json_object_set_new(j, "vastgelegdDoor", json_string(s->created_by));
    json_object_set_new(j, "vastgelegd", json_string(s->created_at));
    if (lines) {
        json_t *a = json_array();
        for (size_t i = 0; i < s->n; i++)
            if (org == 0 || s->lines[i].organisation_id == org)
                json_array_append_new(a, nb_vr_line_json(&s->lines[i], 0));
        json_object_set_new(j, "regels", a);
    }
    json_object_set_new(j, "_links", nb_hal_self(req, "verrekeningen", s->id));
    return j;
}

static int nb_vr_list_add(void *ctx, const nb_settlement *s)
{
    nb_api_list *c = ctx;
    return json_array_append_new(c->items, nb_vr_json(c->req, s, 0, 0)) == 0 ? 0 : NB_ENOMEM;
}

int nb_api_settle_list(nb_req *req, nb_resp *resp)
{
    nb_page page;
    nb_err err = {{0}};
    if (nb_req_page(req, resp, &page) != 0)
        return 0;
    nb_api_list c = {req, json_array()};
    int64_t total = 0;
    int rc = nb_settle_list(req->st, (page.page - 1) * page.size, page.size, nb_vr_list_add, &c,
                            &total, &err);
    return nb_api_list_reply(resp, "verrekeningen", &c, rc, total, &page);
}

int nb_api_settle_get(nb_req *req, nb_resp *resp)
{
    int64_t id;
    nb_err err = {{0}};
    nb_settlement s;
    memset(&s, 0, sizeof s);
    if (nb_req_path_id(req, resp, 0, &id) != 0)
        return 0;
    int rc = nb_settle_get(req->st, id, &s, &err);
    int64_t org = req->who->role == NB_ROLE_COORDINATOR ? req->who->organisation_id : 0;
    if (rc == 0)
        rc = nb_resp_json(resp, 200, nb_vr_json(req, &s, 1, org));
    else
        rc = nb_resp_from_err(resp, rc, &err);
    nb_settlement_clear(&s);
    return rc;
}

/* Answers a refused preview or booking: status and field from the fault. */
static int nb_vr_refused(nb_resp *resp, int rc, const nb_settle_problem *pb, const nb_err *err,
                         const char *prefix, int write)
{
    char field[64];
    /* a read (the preview) names what it cannot find as a bad query parameter */
    int unknown = write ? 422 : 400;
    const char *unknown_title = write ? "Regel overtreden" : "Ongeldige invoer";
    switch (pb->fault) {
    case NB_SETTLE_F_PERIOD:
        nb_resp_problem(resp, 400, "Ongeldige invoer", "%s", err->msg);
        nb_resp_invalid(resp, "jaar", "%s", err->msg);
        return 0;
    case NB_SETTLE_F_PERIOD_UNKNOWN:
        nb_resp_problem(resp, unknown, unknown_title, "%s", err->msg);
        nb_resp_invalid(resp, "periodeId", "%s", err->msg);
        return 0;
    case NB_SETTLE_F_OPEN:
        return nb_resp_problem(resp, 409, "Periode niet afgesloten", "%s", err->msg);
    case NB_SETTLE_F_SETTLED:
        return nb_resp_problem(resp, 409, "Al verrekend", "%s", err->msg);
    case NB_SETTLE_F_RATE:
        return nb_resp_problem(resp, 409, "Uurtarief niet ingesteld", "%s", err->msg);
    case NB_SETTLE_F_ID_REUSED:
        nb_resp_problem(resp, 409, "Id al gebruikt", "%s", err->msg);
        nb_resp_invalid(resp, "verzoekId", "%s", err->msg);
        return 0;
    case NB_SETTLE_F_LIMIT:
        return nb_resp_problem(resp, 422, "Onvoldoende beschikbare uren", "%s", err->msg);
    case NB_SETTLE_F_ORG_UNKNOWN:
    case NB_SETTLE_F_ORG_TWICE:
    case NB_SETTLE_F_CHOICE:
        if (write)
            snprintf(field, sizeof field, "%s[%zu]%s", prefix, pb->index,
                     pb->fault == NB_SETTLE_F_CHOICE ? ".keuze" : ".organisatieId");
        else
            snprintf(field, sizeof field, "%s", prefix);
        nb_resp_problem(resp, pb->fault == NB_SETTLE_F_ORG_UNKNOWN ? unknown : 400,
                        pb->fault == NB_SETTLE_F_ORG_UNKNOWN ? unknown_title : "Ongeldige invoer",
                        "%s", err->msg);
        nb_resp_invalid(resp, field, "%s", err->msg);
        return 0;
    case NB_SETTLE_OK:
        break;
    }
    return nb_resp_from_err(resp, rc, err);
}

int nb_api_settle_preview(nb_req *req, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_settle_problem pb;
    nb_settlement s;
    memset(&s, 0, sizeof s);
    int64_t year = 0, period = 0;
    int bad = nb_req_query_id(req, resp, "jaar", &year);
    bad |= nb_req_query_id(req, resp, "periodeId", &period);
    const char *money = nb_req_query(req, "verrekenen");
    size_t n = 0, cap = 1;
    for (const char *p = money; p && *p; p++)
        cap += *p == ',';
    nb_settle_pick *picks = calloc(cap, sizeof *picks);
    if (picks == NULL)
        return NB_ENOMEM;
    for (const char *p = money; !bad && p && *p;) {
        char *end = NULL;
        long long v = strtoll(p, &end, 10);
        if (end == p || v <= 0 || (*end != ',' && *end != '\0')) {
            nb_resp_invalid(resp, "verrekenen",
                            "een lijst organisatie-ids, gescheiden door komma's");
            bad = 1;
            break;
        }
        picks[n++] = (nb_settle_pick){(int64_t)v, NB_SETTLE_MONEY};
        p = *end ? end + 1 : end;
    }
    if (!bad && (year > INT32_MAX)) {
        nb_resp_invalid(resp, "jaar", "ligt buiten %d-%d", NB_SETTLE_YEAR_MIN, NB_SETTLE_YEAR_MAX);
        bad = 1;
    }
    int rc = 0;
    if (bad)
        goto cleanup;
    nb_settle_request rq = {NULL, (int)year, period, picks, n};
    rc = nb_settle_preview(req->st, &rq, &s, &pb, &err);
    if (rc != 0) {
        rc = nb_vr_refused(resp, rc, &pb, &err, "verrekenen", 0);
        goto cleanup;
    }
    json_t *j = json_object();
    json_object_set_new(j, "van", json_string(s.from));
    json_object_set_new(j, "tot", json_string(s.to));
    json_object_set_new(j, "jaar", s.year ? json_integer(s.year) : json_null());
    json_object_set_new(j, "periodeId", s.period_id ? json_integer(s.period_id) : json_null());
    json_object_set_new(j, "uurtariefCent",
                        s.rate_cents ? json_integer(s.rate_cents) : json_null());
    json_object_set_new(j, "betaaldCent", json_integer(s.paid_cents));
    json_object_set_new(j, "ontvangenCent", json_integer(s.received_cents));
    json_object_set_new(j, "aantalVerrekend", json_integer(s.settled_count));
    json_object_set_new(j, "geblokkeerd", s.blocked[0] ? json_string(s.blocked) : json_null());
    json_t *a = json_array();
    for (size_t i = 0; i < s.n; i++)
        json_array_append_new(a, nb_vr_line_json(&s.lines[i], 1));
    json_object_set_new(j, "regels", a);
    rc = nb_resp_json(resp, 200, j);
cleanup:
    free(picks);
    nb_settlement_clear(&s);
    return rc;
}

int nb_api_settle_create(nb_req *req, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_settle_problem pb;
    nb_settlement s;
    memset(&s, 0, sizeof s);
    json_t *keuzes = json_object_get(req->body, "keuzes");
    size_t n = json_is_array(keuzes) ? json_array_size(keuzes) : 0;
    nb_settle_pick *picks = calloc(n ? n : 1, sizeof *picks);
    if (picks == NULL)
        return NB_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const json_t *k = json_array_get(keuzes, i);
        picks[i].organisation_id = nb_body_int(k, "organisatieId", 0);
        picks[i].choice = nb_settle_choice_parse(nb_body_str(k, "keuze", ""));
    }
    char by[160];
    nb_api_actor_text(nb_role_name(req->who->role), req->who->label, by, sizeof by);
    nb_settle_request rq = {nb_body_str(req->body, "verzoekId", ""),
                            (int)nb_body_int(req->body, "jaar", 0),
                            nb_body_int(req->body, "periodeId", 0), picks, n};
    int replayed = 0;
    int rc = nb_settle_book(req->st, &req->actor, by, &rq, &s, &replayed, &pb, &err);
    if (rc != 0) {
        rc = nb_vr_refused(resp, rc, &pb, &err, "keuzes", 1);
    } else {
        if (!replayed)
            nb_api_location(req, resp, "verrekeningen", s.id);
        rc = nb_resp_json(resp, replayed ? 200 : 201, nb_vr_json(req, &s, 1, 0));
    }
    free(picks);
    nb_settlement_clear(&s);
    return rc;
}
