/*
 * store/reports.c — fills the report model (core/report.h) for the
 * tussentijdse rapportage, the raadsinformatie and the adviesrapportage
 * (store/reports.h; each figure's method in docs/reports.md).
 *
 * Parts: access; small helpers (dates, hrefs); the college report's
 * sections (hours and balance from the statement, assignments from the
 * assignment list, bundling from the proposals, vulnerability from the
 * kwetsbaarheid report, lessons learned); the adviesrapportage (two
 * queries of its own — hours delivered across organisations — and the
 * same modules for the rest).
 */
#include "store/reports.h"

#include "core/assignment.h"
#include "core/lesson.h"
#include "store/assignments.h"
#include "store/bundles.h"
#include "store/ledger_store.h"
#include "store/lessons.h"
#include "store/statement.h"
#include "store/vulnerability.h"
#include "util/date.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Access --------------------------------------------------------------- */

int nb_report_may_see(const nb_principal *who, nb_report_kind kind, int64_t org)
{
    switch (kind) {
    case NB_REPORT_COLLEGE:
        return who->role == NB_ROLE_BEHEER ||
               (who->role == NB_ROLE_COORDINATOR && org > 0 && who->organisation_id == org);
    case NB_REPORT_RAAD:
        return who->role == NB_ROLE_BEHEER || who->role == NB_ROLE_LEZER ||
               (who->role == NB_ROLE_COORDINATOR && org > 0 && who->organisation_id == org);
    case NB_REPORT_ADVIES:
        return who->role == NB_ROLE_BEHEER || who->role == NB_ROLE_LEZER;
    default:
        return 0;
    }
}

/* ---- Helpers --------------------------------------------------------------- */

/* ---- The college report: hours and balance ------------------------------- */

/* The statement's figures of org for [from, to] (nb_statement_load_page with
 * one line: the sums of the period without writing every line out). */
static int nb_rp_statement(nb_store *st, int64_t org, int32_t from, int32_t to, nb_statement *s,
                           nb_err *err)
{
    char f[NB_DATE_LEN], t[NB_DATE_LEN];
    nb_date_format(from, f);
    nb_date_format(to, t);
    return nb_statement_load_page(st, org, f, t, 0, 1, s, err);
}

static int nb_rp_hours(nb_store *st, nb_report *r, int64_t org, int council, nb_err *err)
{
    char f[NB_DATE_LEN], t[NB_DATE_LEN], href[160];
    nb_date_format(r->from, f);
    nb_date_format(r->to, t);
    snprintf(href, sizeof href, "/organisaties/%" PRId64 "/afschrift?vanaf=%s&tot=%s", org, f, t);
    nb_statement s;
    memset(&s, 0, sizeof s);
    int rc = nb_rp_statement(st, org, r->from, r->to, &s, err);
    if (rc != 0) {
        nb_statement_free(&s);
        return rc;
    }
    nb_report_section *sec = nb_report_add_section(
        r, "uren", "Uren gebracht en gehaald",
        council ? "Gemeenten in het netwerk helpen elkaar met uren. Wie uren levert, krijgt er "
                  "uren voor terug. Dit deel laat zien hoeveel uren de gemeente gaf en kreeg."
                : "Uren die medewerkers van de gemeente voor anderen werkten (gebracht) en uren "
                  "die anderen voor de gemeente werkten (gehaald), uit het afschrift van het "
                  "grootboek over het kwartaal.");
    nb_report_add_figure(r, sec, "uren.gebracht", "Uren gebracht", s.given, NB_RU_MINUTES,
                         council ? "Uren die de gemeente aan anderen gaf."
                                 : "De som van de bijschrijvingen op de rekening van de gemeente "
                                   "in het kwartaal (afschrift).",
                         href);
    nb_report_add_figure(r, sec, "uren.gehaald", "Uren gehaald", -s.taken, NB_RU_MINUTES,
                         council ? "Uren die de gemeente van anderen kreeg."
                                 : "De som van de afschrijvingen van de rekening van de gemeente "
                                   "in het kwartaal (afschrift).",
                         href);
    nb_report_add_figure(r, sec, "saldo.begin", "Saldo aan het begin", s.opening, NB_RU_MINUTES,
                         council ? "Wat de gemeente tegoed had (of tekort kwam) bij de start."
                                 : "Het geboekte saldo vóór de eerste dag van het kwartaal.",
                         href);
    nb_report_add_figure(r, sec, "saldo.eind", "Saldo aan het eind", s.closing, NB_RU_MINUTES,
                         council ? "Wat de gemeente tegoed heeft (of tekort komt) aan het eind. "
                                   "Een min betekent: de gemeente kreeg meer dan zij gaf."
                                 : "Het geboekte saldo na de laatste dag van het kwartaal.",
                         href);
    nb_statement_free(&s);

    /* the trend: each month of the quarter */
    nb_report_chart *ch = nb_report_add_chart(r, sec, "saldo-per-maand",
                                              "Saldo aan het eind van elke maand", NB_RU_MINUTES);
    static const char *const head[] = {"Maand", "Gebracht", "Gehaald", "Saldo aan het eind"};
    static const int num[] = {0, 1, 1, 1};
    nb_report_table *tab = nb_report_add_table(r, sec, "Uren en saldo per maand", 4, head, num);
    int y = 0, m = 0, d = 0;
    nb_date_to_ymd(r->from, &y, &m, &d);
    for (int i = 0; i < 3 && rc == 0; i++) {
        int mm = m + i, yy = y;
        int32_t mf = nb_date_from_ymd(yy, mm, 1);
        int32_t mt =
            (mm == 12 ? nb_date_from_ymd(yy + 1, 1, 1) : nb_date_from_ymd(yy, mm + 1, 1)) - 1;
        memset(&s, 0, sizeof s);
        rc = nb_rp_statement(st, org, mf, mt, &s, err);
        if (rc == 0) {
            char label[32], g[NB_REPORT_VALUE_LEN], h[NB_REPORT_VALUE_LEN], c[NB_REPORT_VALUE_LEN];
            snprintf(label, sizeof label, "%s", nb_date_month_name(mm));
            nb_report_chart_bar(r, ch, label, s.closing);
            nb_report_value_text(s.given, NB_RU_MINUTES, g);
            nb_report_value_text(-s.taken, NB_RU_MINUTES, h);
            nb_report_value_text(s.closing, NB_RU_MINUTES, c);
            const char *cells[] = {label, g, h, c};
            nb_report_table_row(r, tab, cells);
        }
        nb_statement_free(&s);
    }
    return rc;
}

/* ---- Assignments ---------------------------------------------------------- */

typedef struct nb_rp_asg_ctx {
    nb_report *r;
    nb_report_table *t;
} nb_rp_asg_ctx;

static int nb_rp_asg_row(void *ctx, const nb_asg *a)
{
    nb_rp_asg_ctx *c = ctx;
    char id[24], end[64];
    int32_t day = 0;
    snprintf(id, sizeof id, "%" PRId64, a->id);
    if (nb_date_parse(a->end_date, &day) == 0)
        nb_date_day_text(day, end, sizeof end);
    else
        snprintf(end, sizeof end, "%s", a->end_date);
    const char *cells[] = {id, a->title, nb_assignment_status_name(a->status), end};
    nb_report_table_row(c->r, c->t, cells);
    return 0;
}

static int nb_rp_assignments(nb_store *st, nb_report *r, int64_t org, int council, nb_err *err)
{
    char f[NB_DATE_LEN], t[NB_DATE_LEN], href[200];
    nb_date_format(r->from, f);
    nb_date_format(r->to, t);
    nb_report_section *sec = nb_report_add_section(
        r, "opdrachten", "Opdrachten",
        council ? "Opdrachten zijn klussen die de gemeente aan het netwerk vroeg."
                : "Opdrachten die de gemeente aanvroeg (alleen of met anderen) en waarvan de "
                  "looptijd in het kwartaal valt, naar hun status van vandaag.");
    static const char *const head[] = {"Nummer", "Opdracht", "Status", "Einddatum"};
    static const int num[] = {1, 0, 0, 0};
    nb_report_table *tab =
        council ? NULL
                : nb_report_add_table(r, sec, "Afgeronde en lopende opdrachten", 4, head, num);
    static const struct {
        const char *status, *key, *label, *explain, *plain;
    } kinds[] = {
        {"afgerond", "opdrachten.afgerond", "Opdrachten afgerond",
         "Aangevraagde opdrachten met status afgerond waarvan de looptijd het kwartaal raakt.",
         "Klussen die klaar zijn."},
        {"in-uitvoering", "opdrachten.lopend", "Opdrachten in uitvoering",
         "Aangevraagde opdrachten met status in uitvoering waarvan de looptijd het kwartaal "
         "raakt.",
         "Klussen waar nu aan gewerkt wordt."},
    };
    int rc = 0;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0] && rc == 0; i++) {
        nb_asg_filter fl;
        memset(&fl, 0, sizeof fl);
        fl.status = kinds[i].status;
        fl.organisation_id = org;
        fl.from = f;
        fl.to = t;
        int64_t total = 0;
        nb_rp_asg_ctx c = {r, tab};
        rc = nb_asg_list(st, &fl, 0, tab ? -1 : 0, nb_rp_asg_row, &c, &total, err);
        snprintf(href, sizeof href, "/opdrachten?status=%s&organisatie=%" PRId64 "&vanaf=%s&tot=%s",
                 kinds[i].status, org, f, t);
        nb_report_add_figure(r, sec, kinds[i].key, kinds[i].label, total, NB_RU_COUNT,
                             council ? kinds[i].plain : kinds[i].explain, href);
    }
    return rc;
}

/* ---- Bundling ------------------------------------------------------------- */

typedef struct nb_rp_bundle_ctx {
    nb_store *st;
    nb_err *err;
    int64_t proposed, agreed, declined, estimated, measured, measured_n;
} nb_rp_bundle_ctx;

static int nb_rp_bundle_row(void *ctx, const nb_bundle_row *b)
{
    nb_rp_bundle_ctx *c = ctx;
    if (strcmp(b->status, "voorgesteld") == 0)
        c->proposed++;
    else if (strcmp(b->status, "afgewezen") == 0)
        c->declined++;
    if (strcmp(b->status, "samengevoegd") != 0)
        return 0;
    c->agreed++;
    c->estimated += b->separate_minutes - b->bundled_minutes;
    int64_t actual = 0;
    int measured = 0;
    int rc = nb_bundle_measured(c->st, b, &measured, &actual, c->err);
    if (rc == 0 && measured) {
        c->measured += b->separate_minutes - actual;
        c->measured_n++;
    }
    return rc;
}

static int nb_rp_bundles(nb_store *st, nb_report *r, int64_t org, int council, nb_err *err)
{
    nb_rp_bundle_ctx c;
    memset(&c, 0, sizeof c);
    c.st = st;
    c.err = err;
    nb_bundle_filter fl = {NULL, org};
    int rc = nb_bundle_list(st, &fl, NULL, 0, -1, nb_rp_bundle_row, &c, NULL, err);
    if (rc != 0)
        return rc;
    nb_report_section *sec = nb_report_add_section(
        r, "bundeling", "Bundeling",
        council ? "Soms vragen gemeenten bijna hetzelfde. Dan kan één opdracht voor allemaal "
                  "tijd besparen."
                : "Bundelvoorstellen waarin de gemeente een van de aanvragers is (alle tot "
                  "vandaag), met de geschatte en de gemeten besparing van de samengevoegde.");
    char href[160];
    snprintf(href, sizeof href, "/bundelvoorstellen?status=voorgesteld");
    nb_report_add_figure(r, sec, "bundels.voorgesteld", "Voorstellen open", c.proposed, NB_RU_COUNT,
                         council ? "Voorstellen om samen te werken waarover nog besloten wordt."
                                 : "Bundelvoorstellen met de gemeente als lid, status voorgesteld.",
                         href);
    snprintf(href, sizeof href, "/bundelvoorstellen?status=samengevoegd");
    nb_report_add_figure(r, sec, "bundels.samengevoegd", "Voorstellen aangenomen", c.agreed,
                         NB_RU_COUNT,
                         council ? "Voorstellen waarmee alle gemeenten instemden."
                                 : "Bundelvoorstellen met de gemeente als lid die na instemming "
                                   "van alle leden zijn samengevoegd.",
                         href);
    nb_report_add_figure(r, sec, "bundels.besparing.geschat", "Geschatte besparing", c.estimated,
                         NB_RU_MINUTES,
                         council ? "De uren die samenwerken naar verwachting scheelt."
                                 : "Per samengevoegd voorstel: apart gevraagd min gebundeld "
                                   "nodig (per competentie de grootste regel plus coördinatie), "
                                   "opgeteld.",
                         href);
    nb_report_add_figure(r, sec, "bundels.besparing.gemeten", "Gemeten besparing", c.measured,
                         NB_RU_MINUTES,
                         council ? "De uren die samenwerken echt scheelde, bij klussen die klaar "
                                   "zijn."
                                 : "Per samengevoegde opdracht die is afgerond: apart gevraagd "
                                   "min de goedgekeurde uren, opgeteld.",
                         href);
    nb_report_add_figure(r, sec, "bundels.gemeten.aantal", "Afgeronde gebundelde opdrachten",
                         c.measured_n, NB_RU_COUNT,
                         council ? "Hoeveel samengevoegde klussen al klaar zijn."
                                 : "Samengevoegde opdrachten met status afgerond (de gemeten "
                                   "besparing gaat over deze).",
                         href);
    return 0;
}

/* ---- Vulnerability ---------------------------------------------------------- */

static int nb_rp_vulnerability(nb_store *st, const nb_principal *who, nb_report *r, int64_t org,
                               int council, int32_t today, nb_err *err)
{
    nb_vuln_input in;
    nb_vuln_report vr;
    memset(&in, 0, sizeof in);
    memset(&vr, 0, sizeof vr);
    int rc = nb_vuln_run(st, org, today, NB_VULN_LOAD_CAP_DEFAULT, &in, &vr, err);
    if (rc != 0)
        goto cleanup;
    char href[80];
    snprintf(href, sizeof href, "/kwetsbaarheid?organisatie=%" PRId64, org);
    nb_report_section *sec = nb_report_add_section(
        r, "kwetsbaarheid", "Kwetsbaarheid",
        council ? "Hoe afhankelijk de gemeente is van weinig mensen, gemeten op de dag van "
                  "deze rapportage."
                : "Uit het kwetsbaarheidsoverzicht van de gemeente op de dag van deze "
                  "rapportage (twaalf maanden gedragen uren tot en met vandaag).");
    nb_report_add_figure(r, sec, "kwetsbaarheid.medewerkers", "Medewerkers", vr.total.people,
                         NB_RU_COUNT,
                         council ? "Mensen die voor de gemeente werken en in noaber staan."
                                 : "Actieve medewerkers van de gemeente.",
                         href);
    nb_report_add_figure(r, sec, "kwetsbaarheid.enige_dragers", "Kennis bij één persoon",
                         (int64_t)vr.singles, NB_RU_COUNT,
                         council ? "Soorten kennis die maar één medewerker van de gemeente heeft."
                                 : "Competenties met precies één drager in de gemeente.",
                         href);
    nb_report_add_figure(r, sec, "kwetsbaarheid.niet_gedekt", "Gevraagd en niet te leveren",
                         (int64_t)vr.uncovered, NB_RU_COUNT,
                         council ? "Kennis die open klussen vragen en die niemand in het netwerk "
                                   "heeft."
                                 : "Gevraagde competentieniveaus van open opdrachten van de "
                                   "gemeente zonder drager in het netwerk.",
                         href);
    static const char *const keys[NB_VULN_HORIZONS] = {
        "kwetsbaarheid.vertrek_1", "kwetsbaarheid.vertrek_3", "kwetsbaarheid.vertrek_5"};
    static const char *const labels[NB_VULN_HORIZONS] = {
        "Vertrek binnen 1 jaar", "Vertrek binnen 3 jaar", "Vertrek binnen 5 jaar"};
    nb_report_chart *ch =
        nb_report_add_chart(r, sec, "vertrek", "Medewerkers die vertrekken", NB_RU_COUNT);
    for (int h = 0; h < NB_VULN_HORIZONS; h++) {
        nb_report_add_figure(r, sec, keys[h], labels[h], vr.total.leaving[h], NB_RU_COUNT,
                             council ? "Medewerkers die naar verwachting weggaan (bijvoorbeeld met "
                                       "pensioen)."
                                     : "Medewerkers met een vertrekdatum, of anders de "
                                       "AOW-leeftijd uit het geboortejaar, binnen deze termijn.",
                             href);
        nb_report_chart_bar(r, ch, labels[h], vr.total.leaving[h]);
    }
    nb_report_add_figure(r, sec, "kwetsbaarheid.gini", "Verdeling van het werk (Gini)",
                         (int64_t)llround(vr.total.gini * 1000.0), NB_RU_MILLI,
                         council ? "0 betekent: iedereen doet evenveel; 1 betekent: één persoon "
                                   "doet alles."
                                 : "Gini-coëfficiënt van de goedgekeurde uren van de medewerkers "
                                   "in twaalf maanden.",
                         href);
    nb_report_add_figure(r, sec, "kwetsbaarheid.top10", "Deel van het werk door de top 10 %",
                         (int64_t)llround(vr.total.top10 * 1000.0), NB_RU_PERMILLE,
                         council ? "Hoeveel van het werk de drukste tiende van de mensen deed."
                                 : "Aandeel van de goedgekeurde uren gedragen door de 10 % "
                                   "medewerkers die het meest droegen.",
                         href);
    if (!council && r->personal) { /* the kartrekkers, named only where allowed */
        static const char *const head[] = {"Medewerker", "Gedragen uren", "Aandeel"};
        static const int num[] = {0, 1, 1};
        nb_report_table *t =
            nb_report_add_table(r, sec, "Kartrekkers (wie het meest droeg)", 3, head, num);
        for (size_t i = 0; i < vr.npeople && i < 5; i++) {
            const nb_vuln_person_row *p = &vr.people[i];
            const nb_vuln_person *pp = &in.people[p->person];
            if (p->carried <= 0)
                break;
            char name[200], h[NB_REPORT_VALUE_LEN], sh[NB_REPORT_VALUE_LEN];
            if (nb_vuln_may_name(who, pp->organisation_id))
                snprintf(name, sizeof name, "%s", pp->name);
            else
                snprintf(name, sizeof name, "Een medewerker");
            nb_report_value_text(p->carried, NB_RU_MINUTES, h);
            nb_report_value_text((int64_t)llround(p->share * 1000.0), NB_RU_PERMILLE, sh);
            const char *cells[] = {name, h, sh};
            nb_report_table_row(r, t, cells);
        }
    }
cleanup:
    nb_vuln_report_free(&vr);
    nb_vuln_input_free(&in);
    return rc;
}

/* ---- Lessons learned ------------------------------------------------------ */

typedef struct nb_rp_lesson_ctx {
    nb_report *r;
    nb_report_section *sec;
} nb_rp_lesson_ctx;

static int nb_rp_lesson_quote(void *ctx, const nb_lesson *l)
{
    nb_rp_lesson_ctx *c = ctx;
    char q[NB_LESSON_TEXT_MAX * 8 + 400];
    int i = nb_lesson_category_index(l->category);
    snprintf(q, sizeof q, "%s (%s) — ging goed: %s Kan beter: %s", l->assignment_title,
             i >= 0 ? nb_lesson_category_labels[i] : l->category, l->went_well, l->to_improve);
    nb_report_add_quote(c->r, c->sec, q);
    return 0;
}

static int nb_rp_lessons(nb_store *st, nb_report *r, int64_t org, int council, nb_err *err)
{
    char f[NB_DATE_LEN], t[NB_DATE_LEN], href[200];
    nb_date_format(r->from, f);
    nb_date_format(r->to, t);
    nb_lesson_filter fl;
    memset(&fl, 0, sizeof fl);
    fl.organisation_id = org;
    fl.from = f;
    fl.to = t;
    int64_t counts[NB_LESSON_CATEGORIES] = {0};
    int rc = nb_lesson_counts(st, &fl, counts, err);
    if (rc != 0)
        return rc;
    nb_report_section *sec = nb_report_add_section(
        r, "leerervaringen", "Leerervaringen",
        council ? "Wat mensen leerden van hun klussen: wat goed ging en wat beter kan."
                : "Leerervaringen die medewerkers, opdrachtgevers en de coördinator van de "
                  "gemeente in het kwartaal vastlegden, per categorie; een paar geciteerd.");
    nb_report_chart *ch = nb_report_add_chart(r, sec, "leerervaringen-per-categorie",
                                              "Leerervaringen per categorie", NB_RU_COUNT);
    int64_t total = 0;
    for (int i = 0; i < NB_LESSON_CATEGORIES; i++) {
        char key[48], label[96];
        snprintf(key, sizeof key, "leerervaringen.%s", nb_lesson_categories[i]);
        snprintf(label, sizeof label, "Leerervaringen: %s", nb_lesson_category_labels[i]);
        snprintf(href, sizeof href,
                 "/leerervaringen?organisatie=%" PRId64 "&vanaf=%s&tot=%s&categorie=%s", org, f, t,
                 nb_lesson_categories[i]);
        nb_report_add_figure(r, sec, key, label, counts[i], NB_RU_COUNT,
                             council ? "Hoe vaak iets geleerd werd over dit onderwerp."
                                     : "Vastgelegde leerervaringen in deze categorie.",
                             href);
        nb_report_chart_bar(r, ch, nb_lesson_category_labels[i], counts[i]);
        total += counts[i];
    }
    snprintf(href, sizeof href, "/leerervaringen?organisatie=%" PRId64 "&vanaf=%s&tot=%s", org, f,
             t);
    nb_report_add_figure(r, sec, "leerervaringen.totaal", "Leerervaringen", total, NB_RU_COUNT,
                         council ? "Alle vastgelegde leerervaringen samen."
                                 : "Alle leerervaringen van de gemeente in het kwartaal.",
                         href);
    if (!council) { /* free text is quoted only for the college (it may name someone) */
        nb_rp_lesson_ctx c = {r, sec};
        rc = nb_lesson_list(st, &fl, 0, 3, nb_rp_lesson_quote, &c, NULL, err);
    }
    return rc;
}

/* ---- The college report ---------------------------------------------------- */

int nb_report_college(nb_store *st, const nb_principal *who, nb_report_kind kind, int64_t org,
                      const char *quarter, int32_t today, nb_report *out, nb_err *err)
{
    nb_report_init(out, kind);
    int council = kind == NB_REPORT_RAAD;
    if (nb_report_quarter_parse(quarter, &out->from, &out->to) != 0)
        return nb_err_set(err, NB_EINVAL, "Vul het kwartaal in als 2026-K3.");
    snprintf(out->period_key, sizeof out->period_key, "%s", quarter);
    out->subject_org = org;
    out->made = today;
    out->personal = !council;
    nb_ledger_account_row row;
    int rc = nb_ledger_store_org_row(st, org, &row, err);
    if (rc != 0)
        return rc;
    char title[160], subject[200];
    snprintf(title, sizeof title, "%s %c%s kwartaal %.4s", nb_report_kind_name(kind), quarter[6],
             "e", quarter);
    snprintf(subject, sizeof subject, "%s", row.org_name);
    if ((rc = nb_report_set_subject(out, title, subject)) != 0)
        return rc;
    if ((rc = nb_rp_hours(st, out, org, council, err)) != 0 ||
        (rc = nb_rp_assignments(st, out, org, council, err)) != 0 ||
        (rc = nb_rp_bundles(st, out, org, council, err)) != 0 ||
        (rc = nb_rp_vulnerability(st, who, out, org, council, today, err)) != 0 ||
        (rc = nb_rp_lessons(st, out, org, council, err)) != 0)
        return rc;
    return out->oom ? nb_err_set(err, NB_ENOMEM, "out of memory") : 0;
}

/* ---- The adviesrapportage ------------------------------------------------- */

/* Approved time entries in [$1, $2] by a person whose organisation is not a
 * requester of the assignment: the hours the network delivered across
 * organisations. */
#define NB_RP_ACROSS                                                                 \
    "FROM time_entries te JOIN people p ON p.id = te.person_id "                     \
    "WHERE te.status = 'goedgekeurd' AND te.work_date >= $1 AND te.work_date <= $2 " \
    "AND NOT EXISTS (SELECT 1 FROM assignment_requesters r WHERE r.assignment_id = " \
    "te.assignment_id AND r.organisation_id = p.organisation_id)"

static int nb_rp_scalar(nb_store *st, const char *sql, const char *f, const char *t, int64_t *v,
                        nb_err *err)
{
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, f);
    nb_store_bind_text(st, s, 2, t);
    int r = nb_store_step(st, s), rc = 0;
    if (r == NB_DB_ROW)
        *v = nb_db_col_int(s, 0);
    else
        rc = nb_store_fail(st, err, "report figure");
    nb_db_reset(s);
    return rc;
}

typedef struct nb_rp_avoided_ctx {
    nb_report *r;
    nb_report_table *tab;
} nb_rp_avoided_ctx;

static int nb_rp_avoided_row(void *ctx, int64_t id, const char *title, int64_t minutes)
{
    nb_rp_avoided_ctx *c = ctx;
    char n[24], h[NB_REPORT_VALUE_LEN];
    snprintf(n, sizeof n, "%" PRId64, id);
    nb_report_value_text(minutes, NB_RU_MINUTES, h);
    const char *cells[] = {n, title, h};
    nb_report_table_row(c->r, c->tab, cells);
    return 0;
}

static int nb_rp_avoided(nb_store *st, nb_report *r, const char *f, const char *t, int64_t ext_rate,
                         int64_t net_rate, nb_err *err)
{
    nb_report_section *sec = nb_report_add_section(
        r, "extern-vermeden", "Inhuur vermeden",
        "Uren die collega's van andere organisaties leverden voor een competentie die de "
        "aanvrager zelf niet op het gevraagde niveau had. Zonder het netwerk was daarvoor "
        "iemand ingehuurd.");
    static const char *const head[] = {"Nummer", "Opdracht", "Uren"};
    static const int num[] = {1, 0, 1};
    nb_report_table *tab =
        nb_report_add_table(r, sec, "Bron: opdrachten met vermeden inhuur", 3, head, num);
    nb_rp_avoided_ctx c = {r, tab};
    int64_t minutes = 0;
    int rc = nb_xhire_list(st, 0, f, t, nb_rp_avoided_row, &c, &minutes, err);
    if (rc != 0)
        return rc;
    nb_report_add_figure(r, sec, "extern.uren", "Uren met vermeden inhuur", minutes, NB_RU_MINUTES,
                         "Goedgekeurde uren in de periode van medewerkers van een organisatie die "
                         "de opdracht niet aanvroeg, op een opdrachtregel waarvan geen actieve "
                         "medewerker van een aanvrager de competentie op het gevraagde niveau "
                         "heeft (register van vandaag). Bron: de tabel hieronder.",
                         "#extern-vermeden");
    if (ext_rate > 0 && net_rate > 0) {
        nb_report_add_figure(r, sec, "extern.tarief", "Extern uurtarief", ext_rate, NB_RU_CENTS,
                             "Het externe uurtarief uit de netwerkinstellingen: wat een uur inhuur "
                             "kost.",
                             "/instellingen");
        nb_report_add_figure(r, sec, "netwerk.tarief", "Uurtarief van het netwerk", net_rate,
                             NB_RU_CENTS, "Het uurtarief van het netwerk (netwerkinstellingen).",
                             "/instellingen");
        int64_t cents = nb_xhire_value_cents(minutes, ext_rate, net_rate);
        nb_report_add_figure(r, sec, "extern.waarde", "Waarde van vermeden inhuur", cents,
                             NB_RU_CENTS,
                             "Uren met vermeden inhuur maal (extern uurtarief min het uurtarief "
                             "van het netwerk).",
                             "#extern-vermeden");
    }
    return 0;
}

typedef struct nb_rp_fair {
    int64_t orgs, out_of_balance, highest, lowest, abs_sum;
} nb_rp_fair;

static int nb_rp_fair_row(void *ctx, const nb_ledger_account_row *row)
{
    nb_rp_fair *c = ctx;
    if (row->organisation_id == 0)
        return 0; /* the fund */
    int64_t bal = row->account.credits_posted - row->account.debits_posted;
    if (c->orgs == 0 || bal > c->highest)
        c->highest = bal;
    if (c->orgs == 0 || bal < c->lowest)
        c->lowest = bal;
    c->orgs++;
    c->abs_sum += bal < 0 ? -bal : bal;
    if (bal < 0 && -bal * 2 > row->account.credit_line_minutes)
        c->out_of_balance++;
    return 0;
}

int nb_report_advies(nb_store *st, int32_t from, int32_t to, int32_t today,
                     int64_t external_rate_cents, nb_report *out, nb_err *err)
{
    nb_report_init(out, NB_REPORT_ADVIES);
    out->from = from;
    out->to = to;
    out->made = today;
    out->personal = 0;
    char f[NB_DATE_LEN], t[NB_DATE_LEN], fd[64], td[64], title[200];
    nb_date_format(from, f);
    nb_date_format(to, t);
    snprintf(out->period_key, sizeof out->period_key, "%.4s%.2s%.2s-%.2s", f, f + 5, f + 8, t + 2);
    nb_date_day_text(from, fd, sizeof fd);
    nb_date_day_text(to, td, sizeof td);
    snprintf(title, sizeof title, "Adviesrapportage van de proeftuin, %s tot en met %s", fd, td);
    int rc = nb_report_set_subject(out, title, "Het netwerk");
    if (rc != 0)
        return rc;
    nb_report_section *m = nb_report_add_section(
        out, "methode", "Methode",
        "Elk getal in deze rapportage is berekend uit de vastgelegde gegevens van noaber "
        "(goedgekeurde uren, het grootboek, het register van medewerkers en competenties, de "
        "bundelvoorstellen) en verwijst naar de lijst waar het vandaan komt. Er zijn geen "
        "ruwe schattingen gebruikt: waar iets niet te meten is, staat dat onder 'Wat niet "
        "gemeten kon worden'.");
    if (m == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");

    /* 1. external hire avoided */
    int64_t ext = 0, net = 0;
    if ((rc = nb_xhire_rates(st, &ext, &net, err)) != 0)
        return rc;
    if (external_rate_cents > 0)
        ext = external_rate_cents;
    if ((rc = nb_rp_avoided(st, out, f, t, ext, net, err)) != 0)
        return rc;

    /* 2. measured bundling savings (the whole network) */
    nb_rp_bundle_ctx bc;
    memset(&bc, 0, sizeof bc);
    bc.st = st;
    bc.err = err;
    if ((rc = nb_bundle_list(st, NULL, NULL, 0, -1, nb_rp_bundle_row, &bc, NULL, err)) != 0)
        return rc;
    nb_report_section *sec = nb_report_add_section(
        out, "bundeling", "Bundeling",
        "Gelijke opdrachten van verschillende gemeenten die met instemming van allemaal zijn "
        "samengevoegd. Alleen afgeronde samengevoegde opdrachten hebben een gemeten besparing.");
    nb_report_add_figure(out, sec, "bundels.samengevoegd", "Samengevoegde voorstellen", bc.agreed,
                         NB_RU_COUNT, "Bundelvoorstellen met status samengevoegd.",
                         "/bundelvoorstellen?status=samengevoegd");
    nb_report_add_figure(out, sec, "bundels.gemeten.aantal", "Daarvan afgerond", bc.measured_n,
                         NB_RU_COUNT, "Samengevoegde opdrachten met status afgerond.",
                         "/bundelvoorstellen?status=samengevoegd");
    nb_report_add_figure(out, sec, "bundels.besparing.gemeten", "Gemeten besparing", bc.measured,
                         NB_RU_MINUTES,
                         "Per afgeronde samengevoegde opdracht: de uren die apart gevraagd waren "
                         "min de goedgekeurde uren, opgeteld.",
                         "/bundelvoorstellen?status=samengevoegd");

    /* 3. capacity put to use across organisations */
    int64_t across = 0, avail_week = 0;
    static const char across_sql[] = "SELECT coalesce(sum(te.minutes), 0) " NB_RP_ACROSS;
    static const char avail_sql[] =
        "SELECT coalesce(sum(network_minutes_week), 0) FROM people WHERE active = 1 AND "
        "$1 IS NOT NULL AND $2 IS NOT NULL";
    if ((rc = nb_rp_scalar(st, across_sql, f, t, &across, err)) != 0 ||
        (rc = nb_rp_scalar(st, avail_sql, f, t, &avail_week, err)) != 0)
        return rc;
    int64_t days = (int64_t)to - from + 1, avail = avail_week * days / 7;
    sec = nb_report_add_section(
        out, "capaciteit", "Capaciteit benut",
        "Uren die medewerkers in hun beschikbaarheid voor het netwerk voor een andere "
        "organisatie werkten: capaciteit die anders in de eigen organisatie was gebleven.");
    nb_report_add_figure(out, sec, "capaciteit.over_grenzen", "Uren voor andere organisaties",
                         across, NB_RU_MINUTES,
                         "Goedgekeurde uren in de periode van medewerkers op opdrachten die hun "
                         "eigen organisatie niet aanvroeg.",
                         "/netwerk");
    nb_report_add_figure(out, sec, "capaciteit.beschikbaar", "Beschikbaar voor het netwerk", avail,
                         NB_RU_MINUTES,
                         "De netwerkuren per week van de actieve medewerkers maal het aantal "
                         "weken in de periode.",
                         "/medewerkers");
    nb_report_add_figure(out, sec, "capaciteit.benut", "Deel van de beschikbare uren benut",
                         avail > 0 ? (across * 1000 + avail / 2) / avail : 0, NB_RU_PERMILLE,
                         "Uren voor andere organisaties gedeeld door de beschikbare uren.",
                         "/netwerk");

    /* 4. single points of failure covered by the network: per municipality,
     * competencies with one holder there and two or more in the network */
    sec = nb_report_add_section(
        out, "enige-dragers", "Enige dragers gedekt door het netwerk",
        "Een competentie die in een gemeente maar één medewerker heeft, is kwetsbaar. Het "
        "netwerk dekt haar als elders nog iemand haar heeft.");
    static const char *const head[] = {"Organisatie", "Enige dragers", "Gedekt door het netwerk"};
    static const int num[] = {0, 1, 1};
    nb_report_table *tab = nb_report_add_table(out, sec, "Per organisatie", 3, head, num);
    /* one load of the network and one pass over its holdings for every
     * organisation (nb_vuln_singles_by_org), not a report per organisation */
    nb_vuln_input in;
    int32_t to_month = nb_vuln_month(today);
    if ((rc = nb_vuln_load(st, 0, today, to_month - 11, to_month, NB_VULN_LOAD_CAP_DEFAULT, &in,
                           err)) != 0)
        return rc;
    size_t norgs = in.norgs;
    int64_t *org_singles = malloc((norgs ? norgs : 1) * 2 * sizeof *org_singles);
    int64_t singles = 0, covered = 0;
    if (org_singles == NULL || nb_vuln_singles_by_org(&in, org_singles, org_singles + norgs) != 0)
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && org_singles != NULL && i < norgs; i++) {
        int64_t s1 = org_singles[i], c1 = org_singles[norgs + i];
        if (s1 > 0) {
            char a[24], b[24];
            snprintf(a, sizeof a, "%" PRId64, s1);
            snprintf(b, sizeof b, "%" PRId64, c1);
            const char *cells[] = {in.orgs[i].name, a, b};
            nb_report_table_row(out, tab, cells);
        }
        singles += s1;
        covered += c1;
    }
    free(org_singles);
    nb_vuln_input_free(&in);
    if (rc != 0)
        return rc;
    nb_report_add_figure(out, sec, "enige_dragers.totaal", "Enige dragers in een organisatie",
                         singles, NB_RU_COUNT,
                         "Per organisatie de competenties met precies één drager daar, opgeteld "
                         "over de organisaties.",
                         "/kwetsbaarheid");
    nb_report_add_figure(out, sec, "enige_dragers.gedekt", "Daarvan gedekt door het netwerk",
                         covered, NB_RU_COUNT,
                         "Van die competenties: die met twee of meer dragers in het hele netwerk.",
                         "/kwetsbaarheid");

    /* 5. balance fairness */
    nb_rp_fair fair;
    memset(&fair, 0, sizeof fair);
    if ((rc = nb_ledger_store_accounts(st, nb_rp_fair_row, &fair, err)) != 0)
        return rc;
    sec = nb_report_add_section(
        out, "saldi", "Evenwicht in de saldi",
        "Wat je haalt moet ook gebracht zijn: hoe ver de saldi van de leden uiteenlopen, op de "
        "dag van deze rapportage.");
    nb_report_add_figure(out, sec, "saldi.hoogste", "Hoogste saldo", fair.highest, NB_RU_MINUTES,
                         "Het hoogste geboekte saldo van een lid (meer gebracht dan gehaald).",
                         "/netwerk");
    nb_report_add_figure(out, sec, "saldi.laagste", "Laagste saldo", fair.lowest, NB_RU_MINUTES,
                         "Het laagste geboekte saldo van een lid (meer gehaald dan gebracht).",
                         "/netwerk");
    nb_report_add_figure(out, sec, "saldi.gemiddeld_afstand", "Gemiddelde afstand tot evenwicht",
                         fair.orgs > 0 ? fair.abs_sum / fair.orgs : 0, NB_RU_MINUTES,
                         "Het gemiddelde van de saldi zonder teken over alle leden.", "/netwerk");
    nb_report_add_figure(out, sec, "saldi.uit_balans", "Leden uit balans", fair.out_of_balance,
                         NB_RU_COUNT,
                         "Leden met een negatief saldo groter dan de helft van hun kredietlijn: "
                         "tijd voor een gesprek.",
                         "/netwerk");

    /* 6. what could not be measured */
    sec = nb_report_add_section(
        out, "niet-gemeten", "Wat niet gemeten kon worden",
        "Deze punten horen bij een eerlijk beeld, maar de gegevens van noaber laten ze niet zien.");
    nb_report_add_quote(out, sec,
                        "Kwaliteit van het werk: noaber legt uren en leerervaringen vast, geen "
                        "oordeel over het resultaat.");
    nb_report_add_quote(out, sec,
                        "De competenties van vroeger: of een aanvrager een competentie miste, "
                        "is bepaald met het register van vandaag, niet van de dag van het werk.");
    nb_report_add_quote(out, sec,
                        "Werk buiten noaber: uren die niet als opdracht zijn vastgelegd, en "
                        "inhuur die zonder het netwerk toch niet was gebeurd.");
    if (ext <= 0 || net <= 0)
        nb_report_add_quote(out, sec,
                            "De waarde van vermeden inhuur in euro's: het externe uurtarief of "
                            "het uurtarief van het netwerk is niet ingesteld.");
    nb_report_add_quote(out, sec,
                        "Geschatte besparingen van bundels die nog lopen: alleen afgeronde "
                        "opdrachten tellen mee als gemeten.");
    return out->oom ? nb_err_set(err, NB_ENOMEM, "out of memory") : 0;
}
