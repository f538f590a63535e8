/*
 * api/api.h — the JSON handlers and body schemas, one file per resource.
 *
 * Handlers follow the contract of http/http.h: borrow the request, fill the
 * response, return 0 (also after a 4xx problem). They parse and check at the
 * edge, call store/ and core/, and render Dutch camelCase JSON.
 */
#ifndef NB_API_API_H
#define NB_API_API_H

#include "http/jw.h"
#include "http/route.h"
#include "store/people_rules.h"
#include "util/date.h"

/* routes.c: THE route table of the API, nb_routes_count rows. The caller that
 * starts the server hands it to http/ (nb_server_config.routes). */
extern const nb_route nb_routes[];
extern const size_t nb_routes_count;

/* 1 when route is a write whose handler locks every row it reads to decide
 * and changes (store.h nb_store_begin_rows: on PostgreSQL such writes run at
 * once, on every server); 0 for every other route (the network's write
 * lock). For nb_server_config.rows. */
int nb_api_route_rows(const nb_route *route);

/* health.c: /health/live and /health/ready (docs/operations.md) */
int nb_api_health_live(nb_req *req, nb_resp *resp);
int nb_api_health_ready(nb_req *req, nb_resp *resp);

/* openapi.c */
/* Answers the OpenAPI document of the table that routed the request
 * (req->routes; nb_routes for an in-process call that sets none). */
int nb_api_openapi(nb_req *req, nb_resp *resp);
/* The OpenAPI document of table[0..count) (borrowed); caller owns the result,
 * NULL when out of memory. */
json_t *nb_api_openapi_document(const nb_route *table, size_t count);

/*
 * Response schemas (NB_SCHEMA_OUT, http/schema.h): one table per resource
 * next to the serialiser that writes it, in the serialiser's order. openapi.c
 * documents them; tests/contract checks every real response against them
 * (additionalProperties: false, so a field missing here fails the test).
 * The *_lijst ones are HAL pages (NB_SCHEMA_LIST).
 */

/* alias.c: deprecated paths (docs/api.md "Renamed paths"). */
/* Deprecation (RFC 9745) and Sunset (RFC 8594) header values of every
 * deprecated path and parameter. */
#define NB_API_DEPRECATED_SINCE "@1795737600" /* 2026-11-27 */
#define NB_API_SUNSET "Tue, 01 Jun 2027 00:00:00 GMT"
/*
 * The handler of a deprecated row: runs the successor route's handler (same
 * method, the new path) on req, renames a HAL page's _embedded back to its
 * old name and adds Deprecation, Sunset and Link rel="successor-version".
 * Returns what the successor's handler returns.
 */
int nb_api_alias(nb_req *req, nb_resp *resp);
/* Writes the successor of a deprecated path into out (size bytes); 1 when
 * path is deprecated and it fitted, else 0. */
int nb_api_alias_successor(const char *path, char *out, size_t size);
/* Adds Deprecation, Sunset and (successor, a path or NULL; borrowed) a Link
 * rel="successor-version" to resp, in its free extra header slots. */
void nb_api_deprecated(const nb_req *req, nb_resp *resp, const char *successor);

/* auditlog.c */
extern const nb_schema nb_out_auditregel_lijst, nb_out_auditlog_lijst;
int nb_api_audit_list(nb_req *req, nb_resp *resp);

/* organisaties.c */
extern const nb_schema nb_schema_organisatie;
extern const nb_schema nb_out_organisatie, nb_out_organisatie_lijst;
extern const char *const nb_org_kinds[]; /* gemeente, pool, partner */
int nb_api_org_list(nb_req *req, nb_resp *resp);
int nb_api_org_get(nb_req *req, nb_resp *resp);
int nb_api_org_create(nb_req *req, nb_resp *resp);
int nb_api_org_update(nb_req *req, nb_resp *resp);

/* competenties.c */
extern const nb_schema nb_schema_competentie;
extern const nb_schema nb_out_competentie, nb_out_competentie_lijst;
int nb_api_comp_list(nb_req *req, nb_resp *resp);
int nb_api_comp_get(nb_req *req, nb_resp *resp);
int nb_api_comp_create(nb_req *req, nb_resp *resp);
int nb_api_comp_update(nb_req *req, nb_resp *resp);

/* rolprofielen.c */
extern const nb_schema nb_schema_rolprofiel;
extern const nb_schema nb_out_rolprofiel, nb_out_rolprofiel_lijst;
int nb_api_profile_list(nb_req *req, nb_resp *resp);
int nb_api_profile_get(nb_req *req, nb_resp *resp);
int nb_api_profile_create(nb_req *req, nb_resp *resp);
int nb_api_profile_update(nb_req *req, nb_resp *resp);

/* medewerkers.c */
extern const nb_schema nb_schema_medewerker;
extern const nb_schema nb_out_medewerker, nb_out_medewerker_lijst;
int nb_api_person_list(nb_req *req, nb_resp *resp);
int nb_api_person_get(nb_req *req, nb_resp *resp);
int nb_api_person_create(nb_req *req, nb_resp *resp);
int nb_api_person_update(nb_req *req, nb_resp *resp);

/* opdrachten.c */
extern const nb_schema nb_schema_opdracht;
extern const nb_schema nb_schema_opdracht_status;
extern const nb_schema nb_out_opdracht, nb_out_opdracht_lijst;
/* The values of soort, werksoort and status (NULL-terminated). */
extern const char *const nb_asg_kinds[], *const nb_asg_work_types[], *const nb_asg_statuses[];
int nb_api_asg_list(nb_req *req, nb_resp *resp);
int nb_api_asg_get(nb_req *req, nb_resp *resp);
int nb_api_asg_create(nb_req *req, nb_resp *resp);
int nb_api_asg_update(nb_req *req, nb_resp *resp);
int nb_api_asg_status(nb_req *req, nb_resp *resp);

/*
 * THE privacy rule for a person's personal data (DOMAIN rule 8): birth year,
 * expected exit date, competency levels and learning wishes of the person
 * person_id of organisation person_org. Returns NB_PERSON_VIS_PERSONAL when
 * the caller may see them — beheer; a coordinator of person_org; the
 * medewerker whose token is for person_id — and NB_PERSON_VIS_BASIC for
 * everyone else (other organisations' staff, lezer), who get only the
 * non-personal fields. Every module that renders or filters on personal
 * data asks this function; it is nb_person_visibility (store/people_rules.h,
 * shared with the pages) for req->who.
 */
int nb_api_person_visibility(const nb_req *req, int64_t person_org, int64_t person_id);

/* boekingen.c — transfers in the hours ledger (issue 3) */
struct nb_transfer;
struct nb_transfer_result;
struct nb_ledger_entry;
extern const nb_schema nb_schema_boekingen;
extern const nb_schema nb_out_boeking, nb_out_boeking_lijst, nb_out_boekingen;
/* The names nb_ledger_kind_name and nb_api_ledger_phase return (NULL-terminated). */
extern const char *const nb_api_ledger_kinds[], *const nb_api_ledger_phases[];
int nb_api_boeking_create(nb_req *req, nb_resp *resp);
int nb_api_boeking_get(nb_req *req, nb_resp *resp);
int nb_api_boeking_list(nb_req *req, nb_resp *resp);
/* One stored transfer as JSON (caller owns). */
json_t *nb_api_boeking_json(const nb_req *req, const struct nb_ledger_entry *e);
/* "reservering", "boeking-van-reservering", "vrijgave" or "boeking"; static. */
const char *nb_api_ledger_phase(const struct nb_transfer *t);
/* ts (UTC seconds) as "YYYY-MM-DDTHH:MM:SSZ" into out[21], always terminated; a ts
 * outside the years 1000-9999 (four digits) is written as the nearest of NB_API_ISO_TIME_MIN/MAX. */
#define NB_API_ISO_TIME_MIN NB_TIME_ISO_MIN /* util/date.h nb_time_iso does it */
#define NB_API_ISO_TIME_MAX NB_TIME_ISO_MAX
void nb_api_iso_time(int64_t ts, char out[21]);
/*
 * Turns a failed nb_ledger_store_apply (rc, results of batch[0..n)) into THE
 * ledger problem: 422 onvoldoende-beschikbaar naming the organisation (naam,
 * code), beschikbaarMinuten, tekortMinuten and organisatieId; 409 for an id
 * reused with other content, "al geboekt", "al vrijgegeven", "al
 * teruggeboekt"; 400 naming "<prefix>[i].<field>" (prefix NULL: just the
 * field). Returns 0 (response written) like nb_resp_problem.
 */
int nb_api_ledger_problem(nb_req *req, nb_resp *resp, const struct nb_transfer *batch,
                          const struct nb_transfer_result *results, size_t n, int rc,
                          const nb_err *err, const char *prefix);
/* The 422 limit problem for ledger account account_id. Returns 0, or what
 * nb_resp_from_err returns when looking up the organisation's name failed. */
int nb_api_limit_problem(nb_req *req, nb_resp *resp, int64_t account_id, int64_t available,
                         int64_t shortfall);
/* Query param `name` (YYYY-MM-DD) as the Unix time of 00:00 in Europe/Amsterdam
 * on that day + add_days (DOMAIN.md rule 10); 0 when
 * absent. NB_EINVAL after adding an invalid param. */
int nb_api_query_day(nb_req *req, nb_resp *resp, const char *name, int add_days, int64_t *out);

/* grootboek.c — ledger views, network settings, the credit-line hook */
struct nb_org;
extern const nb_schema nb_schema_instellingen;
extern const nb_schema nb_out_netwerkinstellingen, nb_out_saldo, nb_out_grootboek, nb_out_afschrift,
    nb_out_controle;
int nb_api_settings_get(nb_req *req, nb_resp *resp);
int nb_api_settings_put(nb_req *req, nb_resp *resp);
int nb_api_grootboek_get(nb_req *req, nb_resp *resp);
int nb_api_controle_get(nb_req *req, nb_resp *resp);
int nb_api_saldo_get(nb_req *req, nb_resp *resp);
int nb_api_afschrift_get(nb_req *req, nb_resp *resp);
int nb_api_afschrift_csv(nb_req *req, nb_resp *resp);
/*
 * Makes the ledger credit line of organisation o equal o->credit_line_minutes
 * (call after inserting/updating it, in the same request). Returns 0 (o is
 * reloaded), 1 when it wrote a 422 problem (lowering below what the
 * organisation uses; the caller returns 0), or a negative NB_E* code with
 * the reason in err (caller-owned), for nb_resp_from_err.
 */
int nb_api_credit_line_hook(nb_req *req, nb_resp *resp, struct nb_org *o, nb_err *err);

/* kwetsbaarheid.c — the vulnerability report */
extern const nb_schema nb_out_kwetsbaarheid;
int nb_api_kwetsbaarheid_get(nb_req *req, nb_resp *resp);

/* watals.c — the what-if: if these people leave (core/whatif.h) */
extern const nb_schema nb_out_watals;
int nb_api_watals_get(nb_req *req, nb_resp *resp);

/* drie_k.c — the 3K's of one municipality (store/three_k.h) */
extern const nb_schema nb_out_drie_k;
int nb_api_drie_k_get(nb_req *req, nb_resp *resp);
/* rapportages.c — the reports (store/reports.h, report/render.h) */
extern const nb_schema nb_out_rapportage;
extern const char *const nb_report_formats[];    /* json, csv, xlsx, pdf */
extern const char *const nb_report_alternates[]; /* their media types besides JSON */
int nb_api_report_college(nb_req *req, nb_resp *resp);
int nb_api_report_raad(nb_req *req, nb_resp *resp);
int nb_api_report_advies(nb_req *req, nb_resp *resp);

/* leerervaringen.c — lessons learned */
extern const nb_schema nb_schema_leerervaring, nb_out_leerervaring, nb_out_leerervaring_lijst;
int nb_api_lesson_list(nb_req *req, nb_resp *resp);
int nb_api_lesson_get(nb_req *req, nb_resp *resp);
int nb_api_lesson_create(nb_req *req, nb_resp *resp);

/* instemmingen.c — consents: DOMAIN rule 9, no charge without consent */
struct nb_asg;
struct nb_consent_row;
struct nb_consent_missing;
extern const nb_schema nb_schema_instemming;
extern const nb_schema nb_out_instemming_aanvrager, nb_out_instemmingen_opdracht;
int nb_api_consent_list(nb_req *req, nb_resp *resp);
int nb_api_consent_get(nb_req *req, nb_resp *resp);
int nb_api_consent_put(nb_req *req, nb_resp *resp);
/* One consent record as JSON (caller owns). */
json_t *nb_api_consent_json(const struct nb_consent_row *c);
/*
 * After a create, update or status change of assignment a (as stored) in
 * req, unless a is now final (afgerond, geannuleerd): a coordinator whose organisation is a requester consents by that act
 * (wijze "aanvrager", recorded when its current terms are not covered yet);
 * beheer leaving a regional assignment accepted (geaccepteerd, bemenst,
 * in-uitvoering) records the network's acceptance (wijze "netwerk") once.
 * Audited. Returns 0 or an NB_E* code.
 */
int nb_api_consent_after_write(nb_req *req, const struct nb_asg *a);
/* THE 409 "instemming ontbreekt" problem naming who has not consented. Returns 0. */
int nb_api_consent_problem(nb_req *req, nb_resp *resp, int64_t assignment_id,
                           const struct nb_consent_missing *m);
/* The consents of an assignment for the registry export (caller owns; NULL on error). */
json_t *nb_api_consent_export(nb_store *st, int64_t assignment_id, nb_err *err);
/*
 * Imports the exported consents list (may be NULL) of the just imported
 * assignment a: each must name a requester, wijze aanvrager or instemming,
 * its fraction and its original time; stored with imported_at = now and
 * audited. record names the document entry in errors. Returns 0 or NB_EINVAL.
 */
int nb_api_consent_import(nb_store *st, const struct nb_asg *a, const json_t *list,
                          const char *record, nb_err *err);

/* inzet.c — allocations: planned minutes, reserved in the ledger on confirm */
extern const nb_schema nb_schema_inzet;
extern const nb_schema nb_schema_inzet_status;
extern const nb_schema nb_out_inzet, nb_out_inzet_lijst, nb_out_inzet_lijst_oud;
extern const char *const nb_inzet_statuses[]; /* concept, bevestigd, beeindigd */
extern const char *const nb_inzet_expands[];  /* what ?expand= may name: reserveringen */
int nb_api_inzet_list(nb_req *req, nb_resp *resp);
int nb_api_inzet_get(nb_req *req, nb_resp *resp);
int nb_api_inzet_create(nb_req *req, nb_resp *resp);
int nb_api_inzet_status(nb_req *req, nb_resp *resp);

/*
 * THE answer to a refused allocation or charge (store/hours_ledger.h:
 * nb_hours_ledger_eligible, _confirm, _approve returned rc with refusal r):
 * a missing consent is 409 naming the organisations (nb_api_consent_problem);
 * an assignment that takes no allocations 409; an inactive person or a full
 * line 422; the ledger's limit 422 (nb_api_limit_problem); anything else via
 * nb_resp_from_err. Every broken rule is also an invalidParams entry.
 * Returns 0 (response written) or a negative code for internal errors.
 */
struct nb_hours_refusal;
int nb_api_hours_refusal(nb_req *req, nb_resp *resp, int64_t assignment_id, int rc,
                         const struct nb_hours_refusal *r, const nb_err *err);

/* urenregistraties.c — time entries and their approval (posts in the ledger) */
extern const nb_schema nb_schema_urenregistratie;
extern const nb_schema nb_schema_beoordeling;
extern const nb_schema nb_out_urenregistratie, nb_out_urenregistratie_lijst;
extern const char *const nb_uren_statuses[]; /* ingediend, goedgekeurd, afgekeurd */
int nb_api_uren_list(nb_req *req, nb_resp *resp);
int nb_api_uren_get(nb_req *req, nb_resp *resp);
int nb_api_uren_create(nb_req *req, nb_resp *resp);
int nb_api_uren_decide(nb_req *req, nb_resp *resp);

/* perioden.c — closed periods: entries inside are immutable */
extern const nb_schema nb_schema_periode;
extern const nb_schema nb_out_periode, nb_out_periode_lijst;
int nb_api_periode_list(nb_req *req, nb_resp *resp);
int nb_api_periode_get(nb_req *req, nb_resp *resp);
int nb_api_periode_create(nb_req *req, nb_resp *resp);

/* teamvoorstellen.c — team proposals from the teaming engine, and their acceptance */
extern const nb_schema nb_schema_teamvoorstel;
extern const nb_schema nb_schema_teamvoorstel_acceptatie;
extern const nb_schema nb_out_teamvoorstel, nb_out_teamvoorstel_lijst;
int nb_api_tv_list(nb_req *req, nb_resp *resp);
int nb_api_tv_get(nb_req *req, nb_resp *resp);
int nb_api_tv_create(nb_req *req, nb_resp *resp);
int nb_api_tv_accept(nb_req *req, nb_resp *resp);
/* Helpers shared by the resource files (common.c). */

/* The collector every list handler hands to its store's list function. */
typedef struct nb_api_list {
    const nb_req *req;
    json_t *items; /* owned until nb_api_list_reply */
} nb_api_list;

/*
 * Finishes a list handler: when rc is 0, answers 200 with a HAL page named
 * name holding c->items; otherwise frees the items and returns rc.
 */
int nb_api_list_reply(nb_resp *resp, const char *name, nb_api_list *c, int rc, int64_t total,
                      const nb_page *page);

/*
 * A list whose items a row writer streams (http/jw.h) into resp->rows instead
 * of building a jansson object per row (issue 14). nb_api_rows_begin opens
 * the array; the handler's store callback writes each item with c->w;
 * nb_api_rows_reply closes it and answers 200 with the HAL page (the same
 * document nb_api_list_reply makes), or on rc != 0 drops the rows and
 * returns rc (NB_ENOMEM when the buffer ran out, NB_EDB when a stored
 * string was not UTF-8).
 */
typedef struct nb_api_rows {
    const nb_req *req;
    nb_jw w;
} nb_api_rows;
void nb_api_rows_begin(nb_api_rows *c, const nb_req *req, nb_resp *resp);
int nb_api_rows_reply(nb_resp *resp, const char *name, nb_api_rows *c, int rc, int64_t total,
                      const nb_page *page);

/*
 * One writer per resource serves both forms: write streams obj's JSON (list
 * rows go straight into the answer, nb_api_rows_*); this makes the jansson
 * tree of the same text for a single answer. The tree is the caller's
 * (json_decref); NULL when out of memory or a stored string was not UTF-8.
 */
json_t *nb_api_jw_tree(void (*write)(nb_jw *w, const nb_req *req, const void *obj),
                       const nb_req *req, const void *obj);

/* Serialises obj compactly for the audit log; caller frees. */
char *nb_api_audit_detail(const json_t *obj);

/* Records an audit entry for the request's actor; 0 = ok. */
int nb_api_audit(nb_req *req, const char *action, const char *entity, int64_t id,
                 const json_t *detail);

/* Sets resp->location to {base}/api/v1/{collection}/{id}. */
void nb_api_location(nb_req *req, nb_resp *resp, const char *collection, int64_t id);

/*
 * The one rule for repeating a status (docs/api.md "Repeating a status"):
 * asking for the status a resource already has (opdracht status, inzet
 * status, the same besluit on an urenregistratie) is allowed — after the
 * same authorisation checks — and changes nothing: no new version, no audit
 * row, 200 with the resource as it is. A change away from a final state
 * stays 409. Returns 1 when current and requested (both borrowed) are the
 * same status, so the caller answers the current state.
 */
int nb_api_status_repeated(const char *current, const char *requested);

/*
 * The one notation of an actor in the API (docs/api.md "Who did it"):
 * "rol:label", e.g. "beheer:demo" or "beheer:cli". Writes it into out (size
 * bytes, cut if needed). role and label are borrowed.
 */
void nb_api_actor_text(const char *role, const char *label, char *out, size_t size);

/* True when the caller is network management. */
int nb_api_is_beheer(const nb_req *req);

/*
 * nb_resp_from_err for a change whose conflict (409, a unique value already
 * used) concerns one request field: the problem then also names field in
 * invalidParams, with the store's message as reason. Returns 0.
 */
int nb_api_err_field(nb_resp *resp, int rc, const nb_err *err, const char *field);

/* verrekeningen.c — settlement of the balances at a closed period's end (issue 10 §4) */
extern const nb_schema nb_schema_verrekening, nb_out_verrekening, nb_out_verrekening_lijst,
    nb_out_verrekenvoorstel;
int nb_api_settle_list(nb_req *req, nb_resp *resp);
int nb_api_settle_preview(nb_req *req, nb_resp *resp);
int nb_api_settle_create(nb_req *req, nb_resp *resp);
int nb_api_settle_get(nb_req *req, nb_resp *resp);

/* bundelvoorstellen.c — bundling with consent (issue 10 §2) */
extern const nb_schema nb_schema_bundelinstemming;
extern const nb_schema nb_out_bundelvoorstel, nb_out_bundelvoorstel_lijst, nb_out_bundeldetectie;
/* voorgesteld, samengevoegd, afgewezen, vervallen (NULL-terminated). */
extern const char *const nb_bundle_statuses[];
int nb_api_bundle_list(nb_req *req, nb_resp *resp);
int nb_api_bundle_refresh(nb_req *req, nb_resp *resp);
int nb_api_bundle_get(nb_req *req, nb_resp *resp);
int nb_api_bundle_decide(nb_req *req, nb_resp *resp);

/* urenbegroting.c — the hours budget of a year (issue 10 §3) */
extern const nb_schema nb_out_urenbegroting;
int nb_api_urenbegroting_get(nb_req *req, nb_resp *resp);
int nb_api_urenbegroting_csv(nb_req *req, nb_resp *resp);
int nb_api_urenbegroting_xlsx(nb_req *req, nb_resp *resp);
/* programmas.c — programmes of assignments (issue 10 §1) */
extern const nb_schema nb_schema_programma, nb_out_programma, nb_out_programma_lijst;
int nb_api_prog_list(nb_req *req, nb_resp *resp);
int nb_api_prog_get(nb_req *req, nb_resp *resp);
int nb_api_prog_create(nb_req *req, nb_resp *resp);
int nb_api_prog_update(nb_req *req, nb_resp *resp);

/* werkvoorraad.c — the work stock per month and competency (issue 10 §1) */
extern const nb_schema nb_out_werkvoorraad;
int nb_api_werkvoorraad_get(nb_req *req, nb_resp *resp);

#endif
