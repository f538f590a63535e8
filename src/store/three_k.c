/*
 * store/three_k.c — the 3K's overview of one organisation (three_k.h): the
 * kwetsbaarheid figures from the vulnerability report, the kwaliteit and
 * kosten figures from one aggregate query each.
 */
#include "store/three_k.h"

#include "store/external_hire.h"
#include "store/ledger_store.h"
#include "store/organisations.h"
#include "store/vulnerability.h"
#include "util/date.h"

#include <string.h>

const char *const nb_3k_categories[NB_3K_CATEGORIES + 1] = {"proces", "samenwerking", "inhoud",
                                                            "middelen", NULL};

const char nb_3k_text_kwetsbaarheid[] =
    "Enige dragers: competenties die maar één medewerker van de gemeente heeft. Vertrek binnen "
    "5 jaar: medewerkers met een vertrekdatum of de AOW-leeftijd binnen 5 jaar. Top 10 %: welk "
    "deel van de goedgekeurde netwerkuren van het afgelopen jaar door de 10 % drukst bezette "
    "medewerkers is gedragen. Niet gedekt: wat de opdrachten van de gemeente vragen en niemand "
    "in het netwerk op dat niveau kan.";
const char nb_3k_text_kwaliteit[] =
    "Op niveau: het deel van de ingezette minuten op opdrachten van de gemeente dat is gedaan "
    "door iemand met de gevraagde competentie op het gevraagde niveau of hoger. Leerervaringen: "
    "wat deelnemers en opdrachtgevers bij deze opdrachten vastlegden. Op tijd: afgeronde "
    "opdrachten zonder goedgekeurde uren na de einddatum.";
const char nb_3k_text_kosten[] =
    "Gebracht: uren die medewerkers van de gemeente voor anderen werkten (geboekt). Gehaald: uren "
    "die anderen voor de gemeente werkten (geboekt). Saldo: gebracht plus stortingen min gehaald. "
    "Waarde: de gehaalde uren tegen het uurtarief van het netwerk. Vermeden inhuur: goedgekeurde "
    "uren die collega's van andere organisaties op opdrachten van de gemeente werkten, voor een "
    "competentie die geen aanvrager zelf op het gevraagde niveau had (zoals in de "
    "adviesrapportage). Die uren kosten tegen het externe uurtarief meer dan tegen het "
    "uurtarief van het netwerk; het verschil is de besparing. Zonder extern uurtarief (in de "
    "netwerkinstellingen) blijft de besparing leeg.";

/* Runs sql with $1 = org and copies the first row's integer columns into v[0..n). */
static int nb_3k_row(nb_store *st, const char *sql, int64_t org, int64_t *v, int n,
                     const char *what, nb_err *err)
{
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, org);
    int r = nb_store_step(st, s), rc = 0;
    if (r == NB_DB_ROW)
        for (int i = 0; i < n; i++)
            v[i] = nb_db_col_int(s, i);
    else
        rc = nb_store_fail(st, err, what);
    nb_db_reset(s);
    return rc;
}

int nb_3k_load(nb_store *st, int64_t org, int32_t today, nb_3k *out, nb_err *err)
{
    int rc;
    memset(out, 0, sizeof *out);
    nb_ledger_account_row acc;
    if ((rc = nb_ledger_store_org_row(st, org, &acc, err)) != 0)
        return rc;
    out->organisation_id = org;
    memcpy(out->code, acc.org_code, sizeof out->code);
    memcpy(out->name, acc.org_name, sizeof out->name);

    /* Kwetsbaarheid: the vulnerability report of the organisation. */
    nb_vuln_input in;
    nb_vuln_report vr;
    if ((rc = nb_vuln_run(st, org, today, NB_VULN_LOAD_CAP_DEFAULT, &in, &vr, err)) != 0)
        return rc;
    out->people = vr.total.people;
    out->singles = vr.singles;
    out->leaving5 = vr.total.leaving[NB_VULN_HORIZONS - 1];
    out->uncovered = vr.uncovered;
    out->overloaded = vr.total.overloaded;
    out->top10 = vr.total.top10;
    out->gini = vr.total.gini;
    nb_vuln_report_free(&vr);
    nb_vuln_input_free(&in);

    /* Kwaliteit: allocations on its assignments at or above the asked level
     * (the person's level now; ended allocations count what was posted). */
    static const char sql_level[] =
        "SELECT COALESCE(SUM(m), 0), COALESCE(SUM(CASE WHEN lv >= min_level THEN m ELSE 0 END), 0) "
        "FROM (SELECT CASE WHEN al.status = 'beeindigd' THEN al.minutes_posted ELSE al.minutes "
        "END AS m, COALESCE(pc.level, 0) AS lv, l.min_level AS min_level FROM allocations al "
        "JOIN assignment_lines l ON l.id = al.line_id "
        "LEFT JOIN person_competencies pc ON pc.person_id = al.person_id "
        "AND pc.competency_id = l.competency_id "
        "WHERE al.status IN ('bevestigd', 'beeindigd') AND al.assignment_id IN "
        "(SELECT assignment_id FROM assignment_requesters WHERE organisation_id = $1)) AS q";
    int64_t v[6] = {0, 0, 0, 0, 0, 0};
    if ((rc = nb_3k_row(st, sql_level, org, v, 2, "allocations", err)) != 0)
        return rc;
    out->alloc_minutes = v[0];
    out->alloc_at_level_minutes = v[1];
    static const char sql_lessons[] =
        "SELECT count(*), COALESCE(SUM(CASE WHEN category = 'proces' THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN category = 'samenwerking' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN category = 'inhoud' THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN category = 'middelen' THEN 1 ELSE 0 END), 0) FROM lessons WHERE assignment_id IN "
        "(SELECT assignment_id FROM assignment_requesters WHERE organisation_id = $1)";
    if ((rc = nb_3k_row(st, sql_lessons, org, v, 5, "lessons", err)) != 0)
        return rc;
    out->lessons = v[0];
    for (int c = 0; c < NB_3K_CATEGORIES; c++)
        out->lessons_by_category[c] = v[1 + c];
    static const char sql_done[] =
        "SELECT count(*), COALESCE(SUM(NOT EXISTS (SELECT 1 FROM time_entries te "
        "WHERE te.assignment_id = a.id AND te.status = 'goedgekeurd' "
        "AND te.work_date > a.end_date)), 0) FROM assignments a WHERE a.status = 'afgerond' "
        "AND a.id IN (SELECT assignment_id FROM assignment_requesters WHERE organisation_id = $1)";
    if ((rc = nb_3k_row(st, sql_done, org, v, 2, "assignments", err)) != 0)
        return rc;
    out->completed = v[0];
    out->completed_on_time = v[1];

    /* Kosten: posted hours of its account, deposits, the network rate. */
    static const char sql_deposits[] =
        "SELECT COALESCE(SUM(t.money_cents), 0), COALESCE(SUM(t.amount), 0) "
        "FROM ledger_transfers t JOIN ledger_accounts a ON a.id = t.credit_account_id "
        "WHERE t.kind = 'storting' AND a.organisation_id = $1";
    if ((rc = nb_3k_row(st, sql_deposits, org, v, 2, "ledger transfers", err)) != 0)
        return rc;
    out->deposited_cents = v[0];
    out->deposited_minutes = v[1];
    out->brought_minutes = acc.account.credits_posted - out->deposited_minutes;
    out->taken_minutes = acc.account.debits_posted;
    out->balance_minutes = acc.account.credits_posted - acc.account.debits_posted;
    /* A network without a rate (none set yet) has no value to show: 0. */
    if ((rc = nb_xhire_rates(st, &out->external_rate_cents, &out->hour_rate_cents, err)) != 0)
        return rc;
    out->taken_value_cents = (out->taken_minutes * out->hour_rate_cents + 30) / 60;
    /* The external hire avoided on its assignments, approved up to today. */
    char day[NB_DATE_LEN];
    nb_date_format(today, day);
    if ((rc = nb_xhire_list(st, org, "0000-01-01", day, NULL, NULL, &out->xhire_minutes, err)) != 0)
        return rc;
    out->xhire_value_cents =
        nb_xhire_value_cents(out->xhire_minutes, out->external_rate_cents, out->hour_rate_cents);
    return 0;
}
