/*
 * tests/api/test_uren.c — inzet, urenregistraties and perioden over real
 * HTTP, with the ledger effects checked through the saldo endpoints and the
 * control endpoint: organisations with credit lines, people, an assignment
 * of each kind, allocations confirmed (reservations visible as pending),
 * time entries recorded, approved (posted: post + re-reserve, beyond the
 * reservation as extra), rejected, over 24 h, in the future, not allocated,
 * in a closed period, the wrong approver (403), an employee recording for
 * someone else (403), the limit (422 naming the organisation), ending an
 * allocation and ending the assignment (voids the rest), a date outside the
 * assignment's period (first and last day accepted, the day around refused),
 * an allocation beyond the line's minutes (exactly the rest accepted, one
 * minute more refused; ended allocations do not count), and finally
 * /grootboek/controle reports ok.
 *
 * The tests share one server and run in order: later tests use what the
 * earlier ones made. The server, the shared records and the request helpers
 * are in uren_fixture.c.
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

/* ---- inzet ----------------------------------------------------------------- */

/* How many rows the audit log holds (GET /auditregels, totaal). */
static long long audit_total(void)
{
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/auditregels?paginaGrootte=1");
    nb_t_assert_status(&r, 200);
    long long n = num(r.json, "totaal");
    nb_t_resp_free(&r);
    return n;
}

static void test_inzet_create_errors_and_access(void **state)
{
    (void)state;
    nb_t_resp r;
    char body[256];

    /* beheer creates: 201 + Location, concept, nothing reserved */
    snprintf(body, sizeof body,
             "{\"opdrachtId\":%lld,\"regelId\":%lld,\"medewerkerId\":%lld,\"minuten\":600,"
             "\"notitie\":\"data-analyse\"}",
             asg_l, line_l, w1);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/inzet");
    nb_t_assert_status(&r, 201);
    inzet_l_w1 = num(r.json, "id");
    char want[256];
    snprintf(want, sizeof want, "%s/api/v1/inzetten/%lld", srv.base, inzet_l_w1);
    assert_string_equal(nb_t_header(&r, "Location"), want);
    assert_string_equal(str(r.json, "status"), "concept");
    assert_int_equal(num(r.json, "organisatieId"), org_p);
    assert_int_equal(json_array_size(json_object_get(r.json, "reserveringen")), 0);
    nb_t_resp_free(&r);

    /* every broken reference named at once */
    snprintf(body, sizeof body,
             "{\"opdrachtId\":%lld,\"regelId\":%lld,\"medewerkerId\":999999,\"minuten\":60}", asg_l,
             line_m);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/inzet");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "regelId"));
    assert_true(nb_t_invalid(&r, "medewerkerId"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "POST", beheer,
              "{\"opdrachtId\":999999,\"regelId\":1,\"medewerkerId\":1,\"minuten\":60}",
              "/api/v1/inzet");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "opdrachtId"));
    nb_t_resp_free(&r);
    /* schema: missing and out of range, all named */
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"minuten\":0,\"extra\":1}", "/api/v1/inzet");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "opdrachtId"));
    assert_true(nb_t_invalid(&r, "regelId"));
    assert_true(nb_t_invalid(&r, "medewerkerId"));
    assert_true(nb_t_invalid(&r, "minuten"));
    nb_t_resp_free(&r);

    /* coordinator: only assignments its organisation requests */
    snprintf(body, sizeof body,
             "{\"opdrachtId\":%lld,\"regelId\":%lld,\"medewerkerId\":%lld,\"minuten\":60}", asg_l,
             line_l, w2);
    nb_t_reqf(&srv, &r, "POST", coord_b, body, "/api/v1/inzet");
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "POST", coord_a, body, "/api/v1/inzet");
    nb_t_assert_status(&r, 201);
    nb_t_resp_free(&r);
    /* medewerker and lezer may not plan; no token is 401 */
    nb_t_reqf(&srv, &r, "POST", tok_w1, body, "/api/v1/inzet");
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "POST", lezer, body, "/api/v1/inzet");
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "POST", NULL, body, "/api/v1/inzet");
    nb_t_assert_status(&r, 401);
    nb_t_resp_free(&r);

    /* an assignment still in concept cannot be staffed: 409 */
    snprintf(body, sizeof body,
             "{\"opdrachtId\":%lld,\"regelId\":%lld,\"medewerkerId\":%lld,\"minuten\":60}",
             asg_concept, line_concept, w1);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/inzet");
    nb_t_assert_status(&r, 409);
    nb_t_resp_free(&r);

    /* reads: every role; 404 for an unknown id */
    const char *readers[] = {beheer, coord_b, tok_w2, lezer};
    for (size_t i = 0; i < 4; i++) {
        nb_t_reqf(&srv, &r, "GET", readers[i], NULL, "/api/v1/inzet/%lld", inzet_l_w1);
        nb_t_assert_status(&r, 200);
        assert_int_equal(num(r.json, "minuten"), 600);
        nb_t_resp_free(&r);
    }
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet/999999");
    nb_t_assert_status(&r, 404);
    nb_t_resp_free(&r);

    /* list: filters and paging with next/prev */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet?opdrachtId=%lld&paginaGrootte=1",
              asg_l);
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 2);
    assert_non_null(json_object_get(json_object_get(r.json, "_links"), "next"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL,
              "/api/v1/inzet?opdrachtId=%lld&paginaGrootte=1&pagina=2", asg_l);
    nb_t_assert_status(&r, 200);
    assert_non_null(json_object_get(json_object_get(r.json, "_links"), "prev"));
    assert_null(json_object_get(json_object_get(r.json, "_links"), "next"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet?medewerkerId=%lld&status=concept", w1);
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 1);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet?organisatieId=%lld", org_b);
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 0);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet?status=klaar&opdrachtId=x");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "status"));
    assert_true(nb_t_invalid(&r, "opdrachtId"));
    nb_t_resp_free(&r);
}

static void test_confirm_reserves(void **state)
{
    (void)state;
    nb_t_resp r;
    saldo a0 = get_saldo(org_a), p0 = get_saldo(org_p);

    /* a coordinator of another organisation may not confirm */
    inzet_status(&r, coord_b, inzet_l_w1, "bevestigd");
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    inzet_status(&r, beheer, inzet_l_w1, "bevestigd");
    nb_t_assert_status(&r, 200);
    assert_string_equal(str(r.json, "status"), "bevestigd");
    assert_int_equal(open_reserved(r.json, org_a), 600);
    assert_int_equal(num(r.json, "gereserveerdMinuten"), 600);
    nb_t_resp_free(&r);
    saldo a1 = get_saldo(org_a), p1 = get_saldo(org_p);
    assert_int_equal(a1.debet_res - a0.debet_res, 600);
    assert_int_equal(a1.beschikbaar, a0.beschikbaar - 600);
    assert_int_equal(p1.credit_res - p0.credit_res, 600);
    assert_int_equal(p1.saldo, p0.saldo); /* pending is not balance */
    /* twice: the rule for a repeated status (issue 9) — 200, nothing changes: same
     * version, no new audit row, nothing reserved again */
    long long audit0 = audit_total(), versie0;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzetten/%lld", inzet_l_w1);
    versie0 = num(r.json, "versie");
    nb_t_resp_free(&r);
    inzet_status(&r, beheer, inzet_l_w1, "bevestigd");
    nb_t_assert_status(&r, 200);
    assert_string_equal(str(r.json, "status"), "bevestigd");
    assert_int_equal(num(r.json, "versie"), versie0);
    assert_int_equal(num(r.json, "gereserveerdMinuten"), 600);
    nb_t_resp_free(&r);
    assert_int_equal(audit_total(), audit0);
    assert_int_equal(get_saldo(org_a).debet_res, a1.debet_res);
    inzet_status(&r, beheer, inzet_l_w1, "geweldig");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "status"));
    nb_t_resp_free(&r);

    /* own organisation's person on its own assignment: nothing reserved */
    inzet_l_own = make_inzet(beheer, asg_l, line_l, own_a, 300);
    inzet_status(&r, coord_a, inzet_l_own, "bevestigd");
    nb_t_assert_status(&r, 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "reserveringen")), 0);
    nb_t_resp_free(&r);
    assert_int_equal(get_saldo(org_a).debet_res, a1.debet_res);
}

static void test_split_multi_local_and_regional(void **state)
{
    (void)state;
    nb_t_resp r;
    /* multi-local: shares 1 : 3 */
    inzet_m_w1 = make_inzet(beheer, asg_m, line_m, w1, 400);
    inzet_status(&r, beheer, inzet_m_w1, "bevestigd");
    nb_t_assert_status(&r, 200);
    assert_int_equal(open_reserved(r.json, org_a), 100);
    assert_int_equal(open_reserved(r.json, org_b), 300);
    assert_int_equal(json_array_size(json_object_get(r.json, "reserveringen")), 2);
    nb_t_resp_free(&r);
    /* regional: all gemeenten by the key (default inwoners 1000 : 3000 : 0); the pool pays nothing */
    inzet_r_w1 = make_inzet(beheer, asg_r, line_r, w1, 401);
    inzet_status(&r, beheer, inzet_r_w1, "bevestigd");
    nb_t_assert_status(&r, 200);
    assert_int_equal(open_reserved(r.json, org_a), 100);
    assert_int_equal(open_reserved(r.json, org_b), 301);
    assert_int_equal(open_reserved(r.json, org_d), 0);
    assert_int_equal(open_reserved(r.json, org_p), 0);
    nb_t_resp_free(&r);
    /* another one: the parts always add up to the whole */
    long long r2 = make_inzet(beheer, asg_r, line_r, w2, 60);
    inzet_status(&r, beheer, r2, "bevestigd");
    nb_t_assert_status(&r, 200);
    assert_int_equal(open_reserved(r.json, org_a) + open_reserved(r.json, org_b) +
                         open_reserved(r.json, org_d),
                     60);
    nb_t_resp_free(&r);
}

static void test_confirm_refused_by_limit(void **state)
{
    (void)state;
    nb_t_resp r;
    /* D has a credit line of 1000 minutes: 1001 is one too many */
    long long big = make_inzet(beheer, asg_d, line_d, w1, 1001);
    inzet_status(&r, beheer, big, "bevestigd");
    nb_t_assert_status(&r, 422);
    assert_int_equal(num(r.json, "organisatieId"), org_d);
    assert_int_equal(num(r.json, "beschikbaarMinuten"), 1000);
    assert_int_equal(num(r.json, "tekortMinuten"), 1);
    assert_non_null(strstr(str(r.json, "detail"), "Dunstad"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet/%lld", big);
    assert_string_equal(str(r.json, "status"), "concept"); /* nothing written */
    nb_t_resp_free(&r);
    assert_int_equal(get_saldo(org_d).debet_res, 0);
    /* exactly at the limit is fine */
    inzet_d_w1 = make_inzet(beheer, asg_d, line_d, w1, 1000);
    inzet_status(&r, beheer, inzet_d_w1, "bevestigd");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    assert_int_equal(get_saldo(org_d).beschikbaar, 0);
}

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

static void test_inzet_within_line_minutes(void **state)
{
    (void)state;
    nb_t_resp r;
    char body[256], want[160], reqs[64];
    snprintf(reqs, sizeof reqs, "[{\"organisatieId\":%lld}]", org_a);
    long long line = 0;
    long long asg = make_asg("Volle regel", "lokaal", reqs, client_a, &line, 1);
    /* the line asks for 60000 minutes; a confirmed 40000 of own_a (own organisation: no booking) */
    long long confirmed = make_inzet(beheer, asg, line, own_a, 40000);
    inzet_status(&r, beheer, confirmed, "bevestigd");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    /* one minute more than the rest is refused, naming the line, its minutes and what is planned */
    snprintf(body, sizeof body,
             "{\"opdrachtId\":%lld,\"regelId\":%lld,\"medewerkerId\":%lld,\"minuten\":20001}", asg,
             line, w1);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/inzet");
    nb_t_assert_status(&r, 422);
    assert_true(nb_t_invalid(&r, "minuten"));
    snprintf(want, sizeof want, "regel %lld vraagt 60000 minuten en daarvan is al 40000 minuten",
             line);
    assert_non_null(strstr(r.body, want));
    assert_non_null(strstr(r.body, "nog 20000 minuten bij, niet 20001"));
    nb_t_resp_free(&r);
    /* the same for a coordinator of the requesting organisation */
    nb_t_reqf(&srv, &r, "POST", coord_a, body, "/api/v1/inzet");
    nb_t_assert_status(&r, 422);
    nb_t_resp_free(&r);
    /* exactly the rest is accepted (a concept counts too) */
    long long concept = make_inzet(coord_a, asg, line, w1, 20000);
    snprintf(body, sizeof body,
             "{\"opdrachtId\":%lld,\"regelId\":%lld,\"medewerkerId\":%lld,\"minuten\":1}", asg,
             line, w2);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/inzet");
    nb_t_assert_status(&r, 422);
    assert_true(nb_t_invalid(&r, "minuten"));
    assert_non_null(strstr(r.body, "al 60000 minuten ingepland"));
    nb_t_resp_free(&r);
    /* an ended allocation no longer counts */
    inzet_status(&r, beheer, concept, "beeindigd");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    assert_true(make_inzet(beheer, asg, line, w2, 20000) > 0);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/inzet");
    nb_t_assert_status(&r, 422);
    nb_t_resp_free(&r);
    /* nothing of the refused ones was written */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet?opdrachtId=%lld", asg);
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 3);
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

/* Issue 14: without expand a list row leaves out its reservations (most of a
 * page's bytes: 2,000 of them for 100 rows of the demo) and is otherwise
 * exactly GET /inzetten/{id} without "reserveringen" — gereserveerdMinuten
 * summed by the database (nb_alloc_res_open_many), also on a sorted page;
 * an unknown expand is a 400. Runs while the split allocations still hold
 * open reservations. */
static void test_inzet_list_rows_without_reservations(void **state)
{
    (void)state;
    nb_t_resp r, one;
    const char *paths[] = {"/api/v1/inzetten?paginaGrootte=100",
                           "/api/v1/inzetten?paginaGrootte=3&pagina=2&sorteer=-minuten"};
    int open = 0;
    for (size_t p = 0; p < sizeof paths / sizeof paths[0]; p++) {
        nb_t_reqf(&srv, &r, "GET", beheer, NULL, "%s", paths[p]);
        nb_t_assert_status(&r, 200);
        assert_null(strstr(r.body, "reserveringen"));
        json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "inzetten");
        assert_true(json_array_size(items) >= 2);
        for (size_t i = 0; i < json_array_size(items); i++) {
            json_t *it = json_array_get(items, i);
            char *row = json_dumps(it, JSON_COMPACT | JSON_ENSURE_ASCII);
            nb_t_reqf(&srv, &one, "GET", beheer, NULL, "/api/v1/inzetten/%lld",
                      (long long)json_integer_value(json_object_get(it, "id")));
            nb_t_assert_status(&one, 200);
            json_object_del(one.json, "reserveringen");
            char *want = json_dumps(one.json, JSON_COMPACT | JSON_ENSURE_ASCII);
            if (strcmp(row, want) != 0)
                fprintf(stderr, "list row: %s\nGET:      %s\n", row, want);
            assert_string_equal(row, want);
            open += json_integer_value(json_object_get(it, "gereserveerdMinuten")) > 0;
            free(want);
            free(row);
            nb_t_resp_free(&one);
        }
        nb_t_resp_free(&r);
    }
    assert_true(open > 0);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzetten?expand=boekingen");
    nb_t_assert_status(&r, 400);
    nb_t_resp_free(&r);
}

/* The ids of a list walked by its next links from first (at most 64 pages);
 * every page must be a keyset page (no totaal, no pagina, no last). */
static size_t walk_keyset(const char *first, const char *name, long long *ids, size_t max)
{
    nb_t_resp r;
    char path[512];
    size_t n = 0;
    snprintf(path, sizeof path, "%s", first);
    for (int pages = 0; pages < 64; pages++) {
        nb_t_reqf(&srv, &r, "GET", beheer, NULL, "%s", path);
        nb_t_assert_status(&r, 200);
        assert_null(json_object_get(r.json, "totaal"));
        assert_null(json_object_get(r.json, "pagina"));
        json_t *links = json_object_get(r.json, "_links");
        assert_null(json_object_get(links, "last"));
        json_t *items = json_object_get(json_object_get(r.json, "_embedded"), name);
        for (size_t i = 0; i < json_array_size(items) && n < max; i++)
            ids[n++] = num(json_array_get(items, i), "id");
        const char *next = str(json_object_get(links, "next"), "href");
        if (next == NULL) {
            nb_t_resp_free(&r);
            return n;
        }
        assert_int_equal(json_array_size(items), 2); /* a next only after a full page */
        assert_non_null(strstr(next, "paginaGrootte=2"));
        snprintf(path, sizeof path, "%s", next + strlen(srv.base));
        nb_t_resp_free(&r);
    }
    fail_msg("more than 64 pages");
    return n;
}

/* Issue 14: the large lists page by keyset (na=<id>: the ids above it, in id
 * order, nothing counted, next after a full page) and give the rows the
 * numbered pages give, the filters kept in the links; na with pagina or
 * sorteer, or a negative na, is a 400, and a list without na refuses it. */
static void test_keyset_paging(void **state)
{
    (void)state;
    char org_all[128], org_keyset[128];
    snprintf(org_all, sizeof org_all, "/api/v1/inzetten?organisatieId=%lld&paginaGrootte=100",
             org_p);
    snprintf(org_keyset, sizeof org_keyset,
             "/api/v1/inzetten?organisatieId=%lld&paginaGrootte=2&na=0", org_p);
    const char *lists[][3] = {
        {"/api/v1/inzetten?paginaGrootte=100", "/api/v1/inzetten?na=0&paginaGrootte=2", "inzetten"},
        {org_all, org_keyset, "inzetten"},
        {"/api/v1/medewerkers?paginaGrootte=100", "/api/v1/medewerkers?paginaGrootte=2&na=0",
         "medewerkers"},
        {"/api/v1/medewerkers?paginaGrootte=100&actief=true",
         "/api/v1/medewerkers?actief=true&paginaGrootte=2&na=0", "medewerkers"}};
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
        long long want[128], got[128];
        size_t nwant = 0;
        nb_t_resp r;
        nb_t_reqf(&srv, &r, "GET", beheer, NULL, "%s", lists[l][0]);
        nb_t_assert_status(&r, 200);
        json_t *items = json_object_get(json_object_get(r.json, "_embedded"), lists[l][2]);
        for (size_t i = 0; i < json_array_size(items) && nwant < 128; i++)
            want[nwant++] = num(json_array_get(items, i), "id");
        assert_int_equal(num(r.json, "totaal"), (long long)nwant);
        nb_t_resp_free(&r);
        if (nwant < 3)
            fail_msg("%s: %zu rows", lists[l][0], nwant);
        size_t ngot = walk_keyset(lists[l][1], lists[l][2], got, 128);
        assert_int_equal(ngot, nwant);
        assert_memory_equal(got, want, nwant * sizeof want[0]);
    }
    const char *bad[] = {"/api/v1/inzetten?na=1&pagina=2", "/api/v1/medewerkers?na=1&sorteer=naam",
                         "/api/v1/inzetten?na=-1", "/api/v1/inzetten?na=x",
                         "/api/v1/organisaties?na=1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        nb_t_resp r;
        nb_t_reqf(&srv, &r, "GET", beheer, NULL, "%s", bad[i]);
        if (r.status != 400)
            fprintf(stderr, "%s: %ld\n", bad[i], (long)r.status);
        nb_t_assert_status(&r, 400);
        nb_t_resp_free(&r);
    }
}

/* The time entries of the keyset tests: an assignment of org_b whose ambtelijk
 * opdrachtgever is client_b, w2 confirmed on it, and seven entries of w2 whose
 * dates do not follow their ids (numbered pages are in date order, na in id
 * order). */
static long long keyset_asg;

static void keyset_entries(void)
{
    char reqs[64], day[11];
    long long line;
    nb_t_resp r;
    snprintf(reqs, sizeof reqs, "[{\"organisatieId\":%lld}]", org_b);
    keyset_asg = make_asg("Keyset B", "lokaal", reqs, client_b, &line, 1);
    long long inzet = make_inzet(beheer, keyset_asg, line, w2, 1200);
    inzet_status(&r, beheer, inzet, "bevestigd");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    static const int days[] = {-40, -52, -45, -41, -60, -43, -50};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        day_offset(day, days[i]);
        uren_ok(i % 2 ? tok_w2 : beheer, i % 2 ? 0 : w2, keyset_asg, day, 30);
    }
}

/* Issue 14: GET /urenregistraties pages by keyset as the other large lists
 * (na=<id>: the entries with an id above it, in id order — the rows of the
 * numbered pages with sorteer=id — nothing counted, next after a full page),
 * with every filter, alone and together, and for every role that reads
 * entries (a coordinator sees its organisation's, a medewerker its own and the
 * ones it judges). */
static void test_entry_keyset_paging(void **state)
{
    (void)state;
    keyset_entries();
    char from[11], to[11];
    day_offset(from, -51);
    day_offset(to, -41);
    char filters[8][200];
    snprintf(filters[0], sizeof filters[0], "%s", "");
    snprintf(filters[1], sizeof filters[1], "%s", "status=ingediend&");
    snprintf(filters[2], sizeof filters[2], "medewerkerId=%lld&", w2);
    snprintf(filters[3], sizeof filters[3], "opdrachtId=%lld&", keyset_asg);
    snprintf(filters[4], sizeof filters[4], "organisatieId=%lld&", org_p);
    snprintf(filters[5], sizeof filters[5], "vanaf=%s&tot=%s&", from, to);
    snprintf(filters[6], sizeof filters[6], "status=ingediend&medewerkerId=%lld&vanaf=%s&", w2,
             from);
    snprintf(filters[7], sizeof filters[7], "status=goedgekeurd&");
    const char *readers[] = {beheer, coord_p, tok_w2, tok_client_b};
    size_t longest = 0;
    for (size_t k = 0; k < sizeof filters / sizeof filters[0]; k++) {
        for (size_t t = 0; t < sizeof readers / sizeof readers[0]; t++) {
            static long long want[1000], got[1000];
            char path[300];
            snprintf(path, sizeof path, "/api/v1/urenregistraties?%ssorteer=id&paginaGrootte=2",
                     filters[k]);
            size_t nwant =
                nb_t_walk_ids(&srv, readers[t], path, "urenregistraties", want, 1000, NULL, NULL);
            snprintf(path, sizeof path, "/api/v1/urenregistraties?%spaginaGrootte=2&na=0",
                     filters[k]);
            size_t ngot =
                nb_t_walk_ids(&srv, readers[t], path, "urenregistraties", got, 1000, NULL, NULL);
            if (ngot != nwant)
                fprintf(stderr, "%s (reader %zu): %zu by keyset, %zu by number\n", filters[k], t,
                        ngot, nwant);
            assert_int_equal(ngot, nwant);
            assert_memory_equal(got, want, nwant * sizeof want[0]);
            if (k == 3 || k == 6)
                assert_true(nwant >= 3 || t == 1); /* coord_p: w2 is of org_p, so it sees them */
            longest = nwant > longest ? nwant : longest;
        }
    }
    assert_true(longest >= 10);
    /* a keyset page's rows are the entries GET answers */
    assert_true(nb_t_assert_rows_equal_get(&srv, beheer,
                                           "/api/v1/urenregistraties?na=0&paginaGrootte=5",
                                           "urenregistraties", NULL) == 5);
    const char *bad[] = {"na=-1", "na=x", "na=1&pagina=2", "na=1&sorteer=datum"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        nb_t_resp r;
        nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/urenregistraties?%s", bad[i]);
        nb_t_assert_status(&r, 400);
        assert_true(nb_t_invalid(&r, "na"));
        nb_t_resp_free(&r);
    }
}

/* What a write between two pages does, in entry_write_between. */
typedef struct entry_write {
    long long rejected; /* leaves the filter status=ingediend */
    long long created;  /* joins it */
    int day;            /* the new entry's day (today plus day) */
} entry_write;

static void entry_write_between(void *ctx, int pages)
{
    entry_write *w = ctx;
    nb_t_resp r;
    char day[11];
    if (pages != 1)
        return;
    decide(&r, tok_client_b, w->rejected, "afgekeurd", "niet op deze opdracht");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    day_offset(day, w->day);
    w->created = uren_ok(tok_w2, 0, keyset_asg, day, 30);
}

/* Issue 14: a write between two keyset pages of time entries neither skips
 * nor repeats an entry that was there before (the walk is the entries the
 * filter had, once and in order, then the new one), where numbered pages
 * under the same write skip one. */
static void test_entry_keyset_write_between_pages(void **state)
{
    (void)state;
    static long long before[200], got[200];
    char first[200];
    for (int pass = 0; pass < 2; pass++) {
        snprintf(first, sizeof first,
                 "/api/v1/urenregistraties?status=ingediend&medewerkerId=%lld&"
                 "opdrachtId=%lld&sorteer=id&paginaGrootte=100",
                 w2, keyset_asg);
        size_t nbefore =
            nb_t_walk_ids(&srv, beheer, first, "urenregistraties", before, 200, NULL, NULL);
        assert_true(nbefore >= 6 && nbefore < 100);
        snprintf(first, sizeof first,
                 "/api/v1/urenregistraties?status=ingediend&medewerkerId=%lld&"
                 "opdrachtId=%lld&paginaGrootte=2&%s",
                 w2, keyset_asg, pass == 0 ? "na=0" : "sorteer=id");
        entry_write w = {before[0], 0, pass == 0 ? -30 : -31};
        size_t ngot = nb_t_walk_ids(&srv, beheer, first, "urenregistraties", got, 200,
                                    entry_write_between, &w);
        assert_true(w.created > before[nbefore - 1]);
        if (pass == 0) {
            assert_int_equal(ngot, nbefore + 1);
            assert_memory_equal(got, before, nbefore * sizeof before[0]);
            assert_int_equal(got[nbefore], w.created);
        } else { /* numbered: the first entry of the second page was never seen */
            for (size_t i = 0; i < ngot; i++)
                assert_true(got[i] != before[2]);
        }
    }
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inzet_create_errors_and_access),
        cmocka_unit_test(test_confirm_reserves),
        cmocka_unit_test(test_split_multi_local_and_regional),
        cmocka_unit_test(test_inzet_list_rows_without_reservations),
        cmocka_unit_test(test_confirm_refused_by_limit),
        cmocka_unit_test(test_record_approve_reject),
        cmocka_unit_test(test_entry_answer_as_text),
        cmocka_unit_test(test_entry_rules),
        cmocka_unit_test(test_entry_rules_not_allocated_and_access),
        cmocka_unit_test(test_beyond_reservation),
        cmocka_unit_test(test_visibility),
        cmocka_unit_test(test_closed_period),
        cmocka_unit_test(test_end_allocation_and_assignment),
        cmocka_unit_test(test_entry_within_assignment_period),
        cmocka_unit_test(test_inzet_within_line_minutes),
        cmocka_unit_test(test_control_ok),
        cmocka_unit_test(test_inzet_list_rows_equal_get),
        cmocka_unit_test(test_entry_list_rows_equal_get),
        cmocka_unit_test(test_keyset_paging),
        cmocka_unit_test(test_entry_keyset_paging),
        cmocka_unit_test(test_entry_keyset_write_between_pages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
