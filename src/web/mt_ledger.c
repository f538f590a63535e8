/*
 * web/mt_ledger.c — the Netwerk-MT's ledger overview (role beheer):
 * GET /grootboek shows every member's balance as the bar chart and a table
 * with the same numbers (web/netwerk.c nb_web_balances), each linked to its
 * statement (/organisaties/{id}/afschrift), and a button for the control
 * check; POST /grootboek/controle recomputes the ledger from its transfers
 * (store/ledger_store.h nb_ledger_store_check, as GET /api/v1/grootboek/
 * controle) and records the result in the audit log (entity
 * NB_MT_CHECK_ENTITY), where the start page finds the last one.
 */
#include "core/ledger.h"
#include "store/ledger_store.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/mt.h"
#include "web/pages.h"

#include <jansson.h>
#include <stdlib.h>

int nb_web_mt_ledger(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    nb_web_begin(&b, w);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Het urensaldo van elke organisatie in het "
                    "netwerk: wat zij aan uren gaf min wat zij kreeg, met haar kredietlijn en wat "
                    "zij nog kan afnemen. Open een afschrift voor de boekingen. Aan het eind "
                    "van een jaar of afgesloten periode maakt u de saldi op bij <a "
                    "class=\"utrecht-link\" href=\"/verrekeningen\">Verrekeningen</a>.</p>\n");
    int rc = nb_web_balances(&b, w->req->st, 1, &err);
    if (rc != 0)
        return nb_mt_fail(resp, &b, rc, &err);
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">Controle</h2>\n<p class=\"utrecht-paragraph\">"
                    "De controle rekent alle saldi na uit de boekingen en kijkt of de som nul is "
                    "en niemand over zijn kredietlijn staat. De uitkomst staat daarna op de "
                    "startpagina.</p>\n");
    nb_web_form_open(&b, w, "/grootboek/controle");
    nb_html_lit(&b, "<div class=\"utrecht-button-group\"><button type=\"submit\" "
                    "class=\"utrecht-button utrecht-button--secondary-action\">Controle "
                    "uitvoeren</button></div>\n</form>\n");
    nb_web_end(&b);
    return nb_web_reply(resp, 200, &b);
}

int nb_web_mt_check(nb_web_req *w, nb_resp *resp)
{
    nb_ledger_report rep;
    nb_err err = {{0}};
    int rc = nb_ledger_store_check(w->req->st, &rep, &err);
    if (rc != 0 && rc != NB_ECONFLICT) /* a database error is not a finding */
        return nb_resp_from_err(resp, rc == NB_EBUSY ? NB_EBUSY : NB_EDB, &err), 0;
    int ok = rep.ok && rc == 0;
    json_t *d = json_pack(
        "{s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "ok", ok, "rekeningen",
        (json_int_t)rep.accounts_checked, "boekingen", (json_int_t)rep.transfers_checked,
        "somGeboektMinuten", (json_int_t)rep.posted_sum, "somGereserveerdMinuten",
        (json_int_t)rep.pending_sum, "afwijkendeRekeningen", (json_int_t)rep.mismatched_accounts,
        "rekeningenOverLimiet", (json_int_t)rep.over_limit_accounts, "ongeldigeBoekingen",
        (json_int_t)rep.bad_transfers, "afwijkendeMaandtotalen", (json_int_t)rep.mismatched_months);
    if (d && rep.first_problem[0])
        json_object_set_new(d, "eersteProbleem", json_string(rep.first_problem));
    char *text = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(d);
    if (text == NULL)
        return NB_ENOMEM;
    rc = nb_store_audit(w->req->st, NB_MT_ACTOR(w), "check", NB_MT_CHECK_ENTITY, 0, text, &err);
    free(text);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    return nb_web_redirect(resp, "/mt", ok ? NB_WEB_FLASH_MT_CHECK_OK : NB_WEB_FLASH_MT_CHECK_BAD);
}
