/*
 * tests/api/test_uren.c — urenregistraties and perioden over real HTTP, with
 * the ledger effects checked through the saldo endpoints and the control
 * endpoint, on the allocations test_uren_inzet.c leaves (setup_staffed): time
 * entries recorded, approved (posted: post + re-reserve, beyond the
 * reservation as extra), rejected, over 24 h, in the future, not allocated,
 * in a closed period, the wrong approver (403), an employee recording for
 * someone else (403), the limit (422 naming the organisation), ending an
 * allocation and ending the assignment (voids the rest), a date outside the
 * assignment's period (first and last day accepted, the day around refused),
 * /grootboek/controle reports ok, and every list row (inzetten, entries)
 * equal to its GET.
 *
 * The tests share one server and run in order: later tests use what the
 * earlier ones made. Keyset paging is in test_uren_keyset.c; the server, the
 * shared records and the request helpers are in uren_fixture.c.
 */
#include "harness.h"
#include "uren_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- urenregistraties -------------------------------------------------------- */

static long long entry_l1, entry_l2;

static void test_record_approve_reject(void **state)
{
    (void)state;
    nb_t_resp r;
    saldo a0 = get_saldo(org_a), p0 = get_saldo(org_p);

    /* the employee records its own hours (medewerkerId may be left out) */
    entry_l1 = uren_ok(tok_w1, 0, asg_l, yesterday, 120);
    nb_t_reqf(&srv, &r, "GET", tok_w1, NULL, "/api/v1/urenregistraties/%lld", entry_l1);
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "medewerkerId"), w1);
    assert_int_equal(num(r.json, "inzetId"), inzet_l_w1);
    assert_int_equal(json_array_size(json_object_get(r.json, "boekingen")), 0);
    nb_t_resp_free(&r);

    /* wrong approvers: another assignment's client, a coordinator, the worker, lezer */
    decide(&r, tok_client_b, entry_l1, "goedgekeurd", NULL);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    decide(&r, coord_a, entry_l1, "goedgekeurd", NULL);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    decide(&r, tok_w1, entry_l1, "goedgekeurd", NULL);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    decide(&r, lezer, entry_l1, "goedgekeurd", NULL);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);

    /* the ambtelijk opdrachtgever approves: 120 posted, 480 re-reserved */
    decide(&r, tok_client_a, entry_l1, "goedgekeurd", "prima");
    nb_t_assert_status(&r, 200);
    assert_string_equal(str(r.json, "status"), "goedgekeurd");
    assert_int_equal(num(r.json, "beoordeeldDoorMedewerkerId"), client_a);
    const json_t *bk = json_object_get(r.json, "boekingen");
    assert_int_equal(json_array_size(bk), 2);
    assert_string_equal(str(json_array_get(bk, 0), "rol"), "boeking");
    assert_int_equal(num(json_array_get(bk, 0), "minuten"), 120);
    assert_string_equal(str(json_array_get(bk, 1), "rol"), "herreservering");
    assert_int_equal(num(json_array_get(bk, 1), "minuten"), 480);
    nb_t_resp_free(&r);
    saldo a1 = get_saldo(org_a), p1 = get_saldo(org_p);
    assert_int_equal(a1.debet_geboekt - a0.debet_geboekt, 120);
    assert_int_equal(a1.debet_res - a0.debet_res, -120);
    assert_int_equal(a1.beschikbaar, a0.beschikbaar); /* within the reservation */
    assert_int_equal(p1.saldo - p0.saldo, 120);
    assert_int_equal(p1.credit_res - p0.credit_res, -120);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet/%lld", inzet_l_w1);
    assert_int_equal(num(r.json, "goedgekeurdeMinuten"), 120);
    assert_int_equal(num(r.json, "gereserveerdMinuten"), 480);
    assert_int_equal(json_array_size(json_object_get(r.json, "reserveringen")), 2);
    nb_t_resp_free(&r);

    /* decided once: another decision is 409; the same one again is 200 and changes
     * nothing (the rule for a repeated status, issue 9) */
    decide(&r, beheer, entry_l1, "afgekeurd", "toch niet");
    nb_t_assert_status(&r, 409);
    nb_t_resp_free(&r);
    long long audit1 = audit_total();
    saldo again = get_saldo(org_a);
    decide(&r, tok_client_a, entry_l1, "goedgekeurd", "prima");
    nb_t_assert_status(&r, 200);
    assert_string_equal(str(r.json, "status"), "goedgekeurd");
    assert_int_equal(num(r.json, "versie"), 2);
    nb_t_resp_free(&r);
    assert_int_equal(audit_total(), audit1);
    assert_int_equal(get_saldo(org_a).debet_geboekt, again.debet_geboekt);
    decide(&r, tok_w1, entry_l1, "goedgekeurd", NULL); /* still only the judge: 403 */
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);

    /* rejection needs a reason and posts nothing */
    entry_l2 = uren_ok(tok_w1, w1, asg_l, yesterday, 60);
    decide(&r, tok_client_a, entry_l2, "afgekeurd", NULL);
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "reden"));
    nb_t_resp_free(&r);
    decide(&r, tok_client_a, entry_l2, "afgekeurd", "niet op deze opdracht gewerkt");
    nb_t_assert_status(&r, 200);
    assert_string_equal(str(r.json, "status"), "afgekeurd");
    assert_int_equal(json_array_size(json_object_get(r.json, "boekingen")), 0);
    nb_t_resp_free(&r);
    saldo a2 = get_saldo(org_a);
    assert_int_equal(a2.debet_geboekt, a1.debet_geboekt);
    assert_int_equal(a2.debet_res, a1.debet_res);
    decide(&r, tok_client_a, 999999, "goedgekeurd", NULL);
    nb_t_assert_status(&r, 404);
    nb_t_resp_free(&r);
    decide(&r, tok_client_a, entry_l2, "misschien", NULL);
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "besluit"));
    nb_t_resp_free(&r);

    /* multi-local approval splits 1 : 3 against both reservations */
    long long em = uren_ok(coord_p, w1, asg_m, yesterday, 40);
    decide(&r, tok_client_b, em, "goedgekeurd", NULL);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet/%lld", inzet_m_w1);
    assert_int_equal(open_reserved(r.json, org_a), 90);
    assert_int_equal(open_reserved(r.json, org_b), 270);
    nb_t_resp_free(&r);
}

static void test_entry_rules(void **state)
{
    (void)state;
    nb_t_resp r;
    /* future date */
    uren(&r, tok_w1, 0, asg_l, tomorrow, 60);
    nb_t_assert_status(&r, 422);
    assert_true(nb_t_invalid(&r, "datum"));
    assert_non_null(strstr(r.body, "toekomst"));
    nb_t_resp_free(&r);
    /* more than 24 hours on one day (rejected entries do not count) */
    uren_ok(tok_w1, 0, asg_l, "2026-01-05", 1000);
    uren(&r, tok_w1, 0, asg_m, "2026-01-05", 441);
    nb_t_assert_status(&r, 422);
    assert_true(nb_t_invalid(&r, "minuten"));
    assert_non_null(strstr(r.body, "meer dan 24 uur"));
    nb_t_resp_free(&r);
    uren_ok(tok_w1, 0, asg_m, "2026-01-05", 440); /* exactly 24 hours */
    /* not allocated: w2's allocation on L is still concept */
    uren(&r, tok_w2, 0, asg_l, yesterday, 60);
    nb_t_assert_status(&r, 422);
    assert_true(nb_t_invalid(&r, "opdrachtId"));
    nb_t_resp_free(&r);
}

static void test_entry_rules_not_allocated_and_access(void **state)
{
    (void)state;
    nb_t_resp r;
    /* w2 has no allocation on D at all */
    uren(&r, tok_w2, 0, asg_d, yesterday, 60);
    nb_t_assert_status(&r, 422);
    assert_true(nb_t_invalid(&r, "opdrachtId"));
    assert_non_null(strstr(r.body, "niet (bevestigd) ingezet"));
    nb_t_resp_free(&r);
    /* all rules at once */
    uren(&r, tok_w2, 0, asg_d, tomorrow, 60);
    nb_t_assert_status(&r, 422);
    assert_true(nb_t_invalid(&r, "opdrachtId"));
    assert_true(nb_t_invalid(&r, "datum"));
    nb_t_resp_free(&r);
    /* an employee records only for itself */
    uren(&r, tok_w1, w2, asg_l, yesterday, 60);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    /* a coordinator only for its own organisation's people */
    uren(&r, coord_b, w1, asg_l, yesterday, 60);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    /* lezer may not record; no token is 401 */
    uren(&r, lezer, w1, asg_l, yesterday, 60);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    uren(&r, NULL, w1, asg_l, yesterday, 60);
    nb_t_assert_status(&r, 401);
    nb_t_resp_free(&r);
    /* broken references and missing fields, all named */
    nb_t_reqf(&srv, &r, "POST", beheer,
              "{\"medewerkerId\":999999,\"opdrachtId\":999998,\"datum\":\"2026-01-02\","
              "\"minuten\":60}",
              "/api/v1/urenregistraties");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "medewerkerId"));
    assert_true(nb_t_invalid(&r, "opdrachtId"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"datum\":\"2026-02-30\",\"minuten\":1441}",
              "/api/v1/urenregistraties");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "opdrachtId"));
    assert_true(nb_t_invalid(&r, "datum"));
    assert_true(nb_t_invalid(&r, "minuten"));
    nb_t_resp_free(&r);
    /* beheer records without medewerkerId: 400 naming it */
    uren(&r, beheer, 0, asg_l, yesterday, 60);
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "medewerkerId"));
    nb_t_resp_free(&r);
}

static void test_beyond_reservation(void **state)
{
    (void)state;
    nb_t_resp r;
    /* D: 1000 reserved = all of its room. 990 within, then 30: 10 posted + 20 beyond */
    long long e1 = uren_ok(tok_w1, 0, asg_d, yesterday, 990);
    decide(&r, tok_client_d, e1, "goedgekeurd", NULL);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    long long e2 = uren_ok(tok_w1, 0, asg_d, "2026-01-06", 30);
    decide(&r, tok_client_d, e2, "goedgekeurd", NULL);
    nb_t_assert_status(&r, 422); /* beyond the reservation, no room left */
    assert_int_equal(num(r.json, "organisatieId"), org_d);
    assert_int_equal(num(r.json, "beschikbaarMinuten"), 0); /* after posting the 10 reserved */
    assert_int_equal(num(r.json, "tekortMinuten"), 20);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/urenregistraties/%lld", e2);
    assert_string_equal(str(r.json, "status"), "ingediend"); /* nothing written */
    nb_t_resp_free(&r);
    saldo d = get_saldo(org_d);
    assert_int_equal(d.debet_geboekt, 990);
    assert_int_equal(d.debet_res, 10);
    /* with more credit (a higher credit line) it goes through: post 10, extra 20 */
    char body[256];
    snprintf(body, sizeof body,
             "{\"code\":\"GM0004\",\"soort\":\"gemeente\",\"naam\":\"Dunstad\","
             "\"kredietlijnMinuten\":1100}");
    nb_t_reqf(&srv, &r, "PUT", beheer, body, "/api/v1/organisaties/%lld", org_d);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    decide(&r, beheer, e2, "goedgekeurd", NULL);
    nb_t_assert_status(&r, 200);
    const json_t *bk = json_object_get(r.json, "boekingen");
    assert_int_equal(json_array_size(bk), 2);
    assert_string_equal(str(json_array_get(bk, 0), "rol"), "boeking");
    assert_int_equal(num(json_array_get(bk, 0), "minuten"), 10);
    assert_string_equal(str(json_array_get(bk, 1), "rol"), "extra");
    assert_int_equal(num(json_array_get(bk, 1), "minuten"), 20);
    nb_t_resp_free(&r);
    d = get_saldo(org_d);
    assert_int_equal(d.debet_geboekt, 1020);
    assert_int_equal(d.debet_res, 0);
    assert_int_equal(d.beschikbaar, 80);
}

static void test_visibility(void **state)
{
    (void)state;
    nb_t_resp r;
    /* the employee sees its own */
    nb_t_reqf(&srv, &r, "GET", tok_w1, NULL, "/api/v1/urenregistraties?paginaGrootte=100");
    nb_t_assert_status(&r, 200);
    long long own = num(r.json, "totaal");
    assert_true(own >= 5);
    size_t i;
    const json_t *item;
    json_array_foreach (json_object_get(json_object_get(r.json, "_embedded"), "urenregistraties"),
                        i, item)
        assert_int_equal(num(item, "medewerkerId"), w1);
    nb_t_resp_free(&r);
    /* paging with next/prev */
    nb_t_reqf(&srv, &r, "GET", tok_w1, NULL, "/api/v1/urenregistraties?paginaGrootte=2&pagina=2");
    nb_t_assert_status(&r, 200);
    assert_non_null(json_object_get(json_object_get(r.json, "_links"), "prev"));
    assert_non_null(json_object_get(json_object_get(r.json, "_links"), "next"));
    nb_t_resp_free(&r);
    /* another employee sees none of them, and not one by id */
    nb_t_reqf(&srv, &r, "GET", tok_w2, NULL, "/api/v1/urenregistraties");
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 0);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", tok_w2, NULL, "/api/v1/urenregistraties/%lld", entry_l1);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    /* the ambtelijk opdrachtgever sees what it judges */
    nb_t_reqf(&srv, &r, "GET", tok_client_a, NULL, "/api/v1/urenregistraties?opdrachtId=%lld",
              asg_l);
    nb_t_assert_status(&r, 200);
    assert_true(num(r.json, "totaal") >= 3);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", tok_client_a, NULL, "/api/v1/urenregistraties/%lld", entry_l1);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    /* coordinators: their organisation's people only */
    nb_t_reqf(&srv, &r, "GET", coord_p, NULL, "/api/v1/urenregistraties");
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), own);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", coord_a, NULL, "/api/v1/urenregistraties");
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 0);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", coord_a, NULL, "/api/v1/urenregistraties?organisatieId=%lld", org_p);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer, NULL, "/api/v1/urenregistraties");
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    /* beheer: filters */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/urenregistraties?status=afgekeurd");
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 1);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL,
              "/api/v1/urenregistraties?vanaf=2026-01-05&tot=2026-01-05");
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 2);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/urenregistraties?vanaf=gisteren&status=x");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "vanaf"));
    assert_true(nb_t_invalid(&r, "status"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/urenregistraties/999999");
    nb_t_assert_status(&r, 404);
    nb_t_resp_free(&r);
}

/* ---- perioden ----------------------------------------------------------------- */

static void test_closed_period(void **state)
{
    (void)state;
    nb_t_resp r;
    long long done = uren_ok(tok_w1, 0, asg_l, "2025-03-10", 60);
    long long open = uren_ok(tok_w1, 0, asg_l, "2025-03-11", 60);
    decide(&r, tok_client_a, done, "goedgekeurd", NULL);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    /* only beheer closes; tot before van is 400 */
    nb_t_reqf(&srv, &r, "POST", coord_a, "{\"van\":\"2025-03-01\",\"tot\":\"2025-03-31\"}",
              "/api/v1/perioden");
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"van\":\"2025-03-31\",\"tot\":\"2025-03-01\"}",
              "/api/v1/perioden");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "tot"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"van\":\"2025-03-01\"}", "/api/v1/perioden");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "tot"));
    nb_t_resp_free(&r);
    /* an undecided entry in it: decide first (409) */
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"van\":\"2025-03-01\",\"tot\":\"2025-03-31\"}",
              "/api/v1/perioden");
    nb_t_assert_status(&r, 409);
    assert_non_null(strstr(r.body, "niet zijn beoordeeld"));
    nb_t_resp_free(&r);
    decide(&r, tok_client_a, open, "afgekeurd", "dubbel");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"van\":\"2025-03-01\",\"tot\":\"2025-03-31\"}",
              "/api/v1/perioden");
    nb_t_assert_status(&r, 201);
    long long pid = num(r.json, "id");
    assert_string_equal(str(r.json, "van"), "2025-03-01");
    assert_non_null(nb_t_header(&r, "Location"));
    nb_t_resp_free(&r);
    /* no new entries inside (422, named), a decided one stays decided (409) */
    uren(&r, tok_w1, 0, asg_l, "2025-03-31", 60);
    nb_t_assert_status(&r, 422);
    assert_true(nb_t_invalid(&r, "datum"));
    assert_non_null(strstr(r.body, "afgesloten periode 2025-03-01 t/m 2025-03-31"));
    nb_t_resp_free(&r);
    decide(&r, beheer, done, "afgekeurd", "alsnog");
    nb_t_assert_status(&r, 409);
    nb_t_resp_free(&r);
    uren_ok(tok_w1, 0, asg_l, "2025-04-01", 60); /* the day after is open */
    /* read */
    nb_t_reqf(&srv, &r, "GET", lezer, NULL, "/api/v1/perioden");
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 1);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", tok_w1, NULL, "/api/v1/perioden/%lld", pid);
    nb_t_assert_status(&r, 200);
    assert_string_equal(str(r.json, "tot"), "2025-03-31");
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/perioden/999999");
    nb_t_assert_status(&r, 404);
    nb_t_resp_free(&r);
}

/* ---- ending ------------------------------------------------------------------ */

static void test_end_allocation_and_assignment(void **state)
{
    (void)state;
    nb_t_resp r;
    /* end one allocation early: the rest is released */
    saldo b0 = get_saldo(org_b);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet/%lld", inzet_m_w1);
    long long b_open = open_reserved(r.json, org_b);
    nb_t_resp_free(&r);
    inzet_status(&r, coord_b, inzet_m_w1, "beeindigd");
    nb_t_assert_status(&r, 200);
    assert_string_equal(str(r.json, "status"), "beeindigd");
    assert_int_equal(num(r.json, "gereserveerdMinuten"), 0);
    nb_t_resp_free(&r);
    assert_int_equal(get_saldo(org_b).debet_res, b0.debet_res - b_open);
    inzet_status(&r, beheer, inzet_m_w1, "beeindigd"); /* repeated: 200, unchanged */
    nb_t_assert_status(&r, 200);
    assert_string_equal(str(r.json, "status"), "beeindigd");
    nb_t_resp_free(&r);
    inzet_status(&r, beheer, inzet_m_w1, "bevestigd");
    nb_t_assert_status(&r, 409);
    nb_t_resp_free(&r);

    /* ending the assignment ends every allocation on it and voids the rest */
    saldo a0 = get_saldo(org_a);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet/%lld", inzet_l_w1);
    long long a_open = open_reserved(r.json, org_a);
    assert_true(a_open > 0);
    nb_t_resp_free(&r);
    asg_status(asg_l, "bemenst");
    asg_status(asg_l, "in-uitvoering");
    asg_status(asg_l, "afgerond");
    assert_int_equal(get_saldo(org_a).debet_res, a0.debet_res - a_open);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet?opdrachtId=%lld", asg_l);
    size_t i;
    const json_t *item;
    json_array_foreach (json_object_get(json_object_get(r.json, "_embedded"), "inzet"), i, item) {
        assert_string_equal(str(item, "status"), "beeindigd");
        assert_int_equal(num(item, "gereserveerdMinuten"), 0);
    }
    nb_t_resp_free(&r);
    /* no more hours on it */
    uren(&r, tok_w1, 0, asg_l, yesterday, 30);
    nb_t_assert_status(&r, 422);
    assert_true(nb_t_invalid(&r, "opdrachtId"));
    nb_t_resp_free(&r);
    /* the cancelled regional one too */
    asg_status(asg_r, "geannuleerd");
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet/%lld", inzet_r_w1);
    assert_string_equal(str(r.json, "status"), "beeindigd");
    nb_t_resp_free(&r);
}

/* ---- the assignment's period and the line's minutes (issue 3) ---------------- */

static void test_entry_within_assignment_period(void **state)
{
    (void)state;
    nb_t_resp r;
    char start[11], end[11], before[11], after[11], reqs[64];
    day_offset(before, -11);
    day_offset(start, -10);
    day_offset(end, -3);
    day_offset(after, -2);
    /* own_a on an assignment of its own organisation: nothing is booked */
    snprintf(reqs, sizeof reqs, "[{\"organisatieId\":%lld}]", org_a);
    long long line = 0;
    long long asg =
        make_asg_period("Korte klus", "lokaal", reqs, client_a, start, end, 6000, &line, 1);
    long long al = make_inzet(beheer, asg, line, own_a, 600);
    inzet_status(&r, beheer, al, "bevestigd");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    /* the first and the last day of the period are accepted */
    uren_ok(tok_own_a, 0, asg, start, 60);
    uren_ok(tok_own_a, 0, asg, end, 60);
    /* one day after the end (still in the past) and one day before the start are refused */
    char want[128];
    snprintf(want, sizeof want, "buiten de looptijd van de opdracht (%s t/m %s)", start, end);
    uren(&r, tok_own_a, 0, asg, after, 60);
    nb_t_assert_status(&r, 422);
    assert_true(nb_t_invalid(&r, "datum"));
    assert_non_null(strstr(r.body, want));
    assert_null(strstr(r.body, "toekomst"));
    nb_t_resp_free(&r);
    uren(&r, tok_own_a, 0, asg, before, 60);
    nb_t_assert_status(&r, 422);
    assert_true(nb_t_invalid(&r, "datum"));
    assert_non_null(strstr(r.body, want));
    nb_t_resp_free(&r);
    /* reported together with the other rules of the entry */
    uren(&r, tok_own_a, 0, asg, tomorrow, 60);
    nb_t_assert_status(&r, 422);
    assert_true(nb_t_invalid(&r, "datum"));
    assert_non_null(strstr(r.body, want));
    assert_non_null(strstr(r.body, "toekomst"));
    nb_t_resp_free(&r);
    /* nothing of the refused ones was written */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/urenregistraties?opdrachtId=%lld", asg);
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 2);
    nb_t_resp_free(&r);
}

static void test_control_ok(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/grootboek/controle");
    nb_t_assert_status(&r, 200);
    if (!json_is_true(json_object_get(r.json, "ok")))
        fprintf(stderr, "controle: %s\n", r.body);
    assert_true(json_is_true(json_object_get(r.json, "ok")));
    assert_true(json_is_true(json_object_get(r.json, "somIsNul")));
    nb_t_resp_free(&r);
    /* pending sums: nothing reserved is left except the open allocations on M (ended) / D */
    saldo p = get_saldo(org_p);
    assert_true(p.saldo > 0); /* the pool earned its hours */
}

/* Issue 14: a page of allocations is streamed with its reservations loaded in
 * one query (nb_inzet_jw, nb_alloc_res_list_many); with expand=reserveringen
 * every row must be exactly what GET /inzetten/{id} answers — after
 * confirmations, approvals and ends, so open, booked and released
 * reservations are all in it — and so on the deprecated path /inzet, whose
 * rows always carry them. */
static void test_inzet_list_rows_equal_get(void **state)
{
    (void)state;
    nb_t_resp r, one;
    const char *paths[] = {"/api/v1/inzetten?paginaGrootte=100&expand=reserveringen",
                           "/api/v1/inzet?paginaGrootte=100",
                           "/api/v1/inzetten?paginaGrootte=3&pagina=2&sorteer=-minuten&expand="
                           "reserveringen"};
    const char *names[] = {"inzetten", "inzet", "inzetten"};
    int booked = 0, released = 0;
    for (size_t p = 0; p < sizeof paths / sizeof paths[0]; p++) {
        nb_t_reqf(&srv, &r, "GET", beheer, NULL, "%s", paths[p]);
        nb_t_assert_status(&r, 200);
        json_t *items = json_object_get(json_object_get(r.json, "_embedded"), names[p]);
        assert_true(json_array_size(items) >= 2);
        for (size_t i = 0; i < json_array_size(items); i++) {
            json_t *it = json_array_get(items, i);
            char *row = json_dumps(it, JSON_COMPACT | JSON_ENSURE_ASCII);
            booked += strstr(row, "\"geboekt\"") != NULL;
            released += strstr(row, "\"vrijgegeven\"") != NULL;
            nb_t_reqf(&srv, &one, "GET", beheer, NULL, "/api/v1/inzetten/%lld",
                      (long long)json_integer_value(json_object_get(it, "id")));
            nb_t_assert_status(&one, 200);
            if (strcmp(row, one.body) != 0)
                fprintf(stderr, "list row: %s\nGET:      %s\n", row, one.body);
            assert_string_equal(row, one.body);
            free(row);
            nb_t_resp_free(&one);
        }
        nb_t_resp_free(&r);
    }
    assert_true(booked > 0 && released > 0);
}

/* The time entries list: every row is GET /urenregistraties/{id} byte for
 * byte, with its ledger transfers (the page reads them in one query,
 * nb_entry_transfer_list over the page's ids; GET for one id), in the list's
 * date order, sorted, and on a later page. Some rows must have transfers. */
static void test_entry_list_rows_equal_get(void **state)
{
    (void)state;
    const char *paths[] = {"/api/v1/urenregistraties?paginaGrootte=100",
                           "/api/v1/urenregistraties?paginaGrootte=100&sorteer=-minuten",
                           "/api/v1/urenregistraties?paginaGrootte=2&pagina=2"};
    size_t with_transfers = 0;
    for (size_t p = 0; p < sizeof paths / sizeof paths[0]; p++) {
        json_t *rows = NULL;
        assert_true(nb_t_assert_rows_equal_get(&srv, beheer, paths[p], "urenregistraties", &rows) >=
                    2);
        for (size_t i = 0; i < json_array_size(rows); i++)
            with_transfers +=
                json_array_size(json_object_get(json_array_get(rows, i), "boekingen")) > 0;
        json_decref(rows);
    }
    assert_true(with_transfers > 0);
}

/* The body's bytes are exactly what jansson writes for what they hold (the
 * server's encoding: compact, ASCII, reals to 15 digits). */
static void assert_jansson_bytes(const nb_t_resp *r)
{
    json_t *j = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, NULL);
    assert_non_null(j);
    char *again = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(15));
    assert_non_null(again);
    assert_int_equal(strlen(again), r->body_len);
    assert_memory_equal(again, r->body, r->body_len);
    free(again);
    json_decref(j);
}

/* A single entry's answer is the writer's text, sent without a tree in
 * between (nb_resp_json_text): the same bytes jansson would write, the
 * Content-Type and the ETag of its versie, which If-None-Match (304) and
 * If-Match (the current one passes, a stale one 412) use as for any
 * versioned resource. */
static void test_entry_answer_as_text(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[96], bpath[128], line[80], etag[32], stale[32];
    const char *hdr[] = {line, NULL};
    long long id = uren_ok(tok_w1, 0, asg_l, yesterday, 30);
    snprintf(path, sizeof path, "/api/v1/urenregistraties/%lld", id);
    snprintf(bpath, sizeof bpath, "%s/beoordeling", path);

    nb_t_reqf(&srv, &r, "GET", tok_w1, NULL, "%s", path);
    nb_t_assert_status(&r, 200);
    assert_jansson_bytes(&r);
    assert_string_equal(nb_t_header(&r, "Content-Type"), "application/json");
    snprintf(stale, sizeof stale, "\"%lld\"", num(r.json, "versie"));
    assert_string_equal(nb_t_header(&r, "ETag"), stale);
    nb_t_resp_free(&r);

    snprintf(line, sizeof line, "If-None-Match: %s", stale);
    assert_int_equal(nb_t_req_h(&srv, "GET", path, tok_w1, NULL, hdr, &r), 0);
    nb_t_assert_status(&r, 304);
    assert_int_equal(r.body_len, 0);
    nb_t_resp_free(&r);

    snprintf(line, sizeof line, "If-Match: %s", stale);
    assert_int_equal(
        nb_t_req_h(&srv, "PUT", bpath, tok_client_a, "{\"besluit\":\"goedgekeurd\"}", hdr, &r), 0);
    nb_t_assert_status(&r, 200);
    assert_jansson_bytes(&r);
    assert_string_equal(str(r.json, "status"), "goedgekeurd");
    assert_int_equal(json_array_size(json_object_get(r.json, "boekingen")) > 0, 1);
    assert_string_equal(nb_t_header(&r, "Content-Type"), "application/json");
    snprintf(etag, sizeof etag, "\"%lld\"", num(r.json, "versie"));
    assert_string_equal(nb_t_header(&r, "ETag"), etag);
    assert_string_not_equal(etag, stale);
    nb_t_resp_free(&r);

    /* the old version's tag is stale now */
    assert_int_equal(
        nb_t_req_h(&srv, "PUT", bpath, tok_client_a, "{\"besluit\":\"afgekeurd\"}", hdr, &r), 0);
    nb_t_assert_status(&r, 412);
    nb_t_resp_free(&r);
}

/* One decision's answer and the entry's GET right after: the same bytes and
 * the same ETag. */
static void assert_decision_as_stored(const char *token, long long id, const char *besluit,
                                      const char *reden, long long by_person)
{
    nb_t_resp d, g;
    decide(&d, token, id, besluit, reden);
    nb_t_assert_status(&d, 200);
    nb_t_reqf(&srv, &g, "GET", beheer, NULL, "/api/v1/urenregistraties/%lld", id);
    nb_t_assert_status(&g, 200);
    assert_string_equal(str(g.json, "status"), besluit);
    if (by_person > 0)
        assert_int_equal(num(g.json, "beoordeeldDoorMedewerkerId"), by_person);
    else
        assert_true(json_is_null(json_object_get(g.json, "beoordeeldDoorMedewerkerId")));
    assert_int_equal(d.body_len, g.body_len);
    assert_memory_equal(d.body, g.body, g.body_len);
    assert_string_equal(nb_t_header(&d, "ETag"), nb_t_header(&g, "ETag"));
    nb_t_resp_free(&d);
    nb_t_resp_free(&g);
}

/*
 * The decision's answer is made from the row read before it (the entry is
 * not read again, docs/performance.md "Stop 28"): it must be what the store
 * then holds, byte for byte, for beheer (decided_by_person_id not written,
 * stays null) and for the ambtelijk opdrachtgever, approved and rejected.
 */
static void test_decision_answer_as_stored(void **state)
{
    (void)state;
    assert_decision_as_stored(beheer, uren_ok(tok_w1, 0, asg_l, yesterday, 15), "goedgekeurd", NULL,
                              0);
    assert_decision_as_stored(beheer, uren_ok(tok_w1, 0, asg_l, yesterday, 15), "afgekeurd",
                              "dubbel geboekt", 0);
    assert_decision_as_stored(tok_client_a, uren_ok(tok_w1, 0, asg_l, yesterday, 15), "goedgekeurd",
                              "prima", client_a);
    assert_decision_as_stored(tok_client_a, uren_ok(tok_w1, 0, asg_l, yesterday, 15), "afgekeurd",
                              "niet gewerkt", client_a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_approve_reject),
        cmocka_unit_test(test_entry_answer_as_text),
        cmocka_unit_test(test_entry_rules),
        cmocka_unit_test(test_entry_rules_not_allocated_and_access),
        cmocka_unit_test(test_beyond_reservation),
        cmocka_unit_test(test_visibility),
        cmocka_unit_test(test_decision_answer_as_stored), /* after the counts of visibility */
        cmocka_unit_test(test_closed_period),
        cmocka_unit_test(test_end_allocation_and_assignment),
        cmocka_unit_test(test_entry_within_assignment_period),
        cmocka_unit_test(test_control_ok),
        cmocka_unit_test(test_inzet_list_rows_equal_get),
        cmocka_unit_test(test_entry_list_rows_equal_get),
    };
    return cmocka_run_group_tests(tests, setup_staffed, teardown);
}
