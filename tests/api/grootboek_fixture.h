/*
 * tests/api/grootboek_fixture.h — the shared fixture of the hours-ledger tests
 * over HTTP (test_grootboek.c: the writes; test_grootboek_lijsten.c: access,
 * lists, overview and statement): one server with three gemeenten (bodies
 * name them 1, 2, 3), tokens per role, and the request helpers. setup_booked
 * adds the transfers the write tests leave, so that the read tests start from
 * the same ledger. Test code only; the helpers fail the running cmocka test
 * when no answer comes.
 */
#ifndef NB_TESTS_API_GROOTBOEK_FIXTURE_H
#define NB_TESTS_API_GROOTBOEK_FIXTURE_H

#include "harness.h"

/* Made by setup; the tokens are freed by teardown. */
extern nb_t_server srv;
extern char *beheer, *coord_a, *coord_b, *mw_a, *lezer;
extern long long org_a, org_b, org_c;

/* Sends method path (body may be NULL) as tok into *r (the caller frees it with
 * nb_t_resp_free); returns the status. */
long call(const char *method, const char *path, const char *tok, const char *body, nb_t_resp *r);

/* Sends and frees; returns the status. */
long status_of(const char *method, const char *path, const char *tok, const char *body);

/* Integer member k of o (the test fails when it is not one) / string member k (NULL when
 * absent; borrowed). */
long long jint(const json_t *o, const char *k);
const char *jstr(const json_t *o, const char *k);

/* POST one transfer given as the inner object text, as beheer, into *r (caller frees). */
long post1(const char *item, nb_t_resp *r);

/* post1 and free; returns the status (printing the body of an unexpected error). */
long post1_status(const char *item);

/* GET /organisaties/{org}/saldo as beheer (asserting 200); the caller json_decrefs it. */
json_t *saldo(long long org);

/* beschikbaarMinuten of org's saldo. */
long long avail(long long org);

/* Asserts that GET /grootboek/controle is ok with a sum of zero. */
void control_ok(void);

/* cmocka group setup / teardown: start the server and make / free the records. */
int setup(void **state);
int teardown(void **state);

/*
 * cmocka group setup for the tests that start where test_grootboek.c ends:
 * setup, then the transfers of its writes that the read tests build on: the
 * hour rate 6000 (inwoners), Dordrecht's credit line 900, the deposit st-1
 * (150 minutes to Papendrecht), the reservation res-1 of 900 posted for 500
 * (post-1), res-3 of 10 pending, the correction corr-1 of 50 and its
 * reversal, and the linked batch b1-r/b1-p (30 from Zwijndrecht to
 * Dordrecht, posted). teardown frees it.
 */
int setup_booked(void **state);

#endif
