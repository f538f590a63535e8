/*
 * tests/api/opdrachten_fixture.h — the shared fixture of the /api/v1/opdrachten
 * tests (test_opdrachten.c, test_opdrachten_lijsten.c): one server and the
 * records made once in setup (three gemeenten, two competences, a person of
 * each gemeente, tokens per role), and the request helpers for assignment
 * bodies, requests and expected answers. Test code only; the helpers fail the
 * running cmocka test when an answer is not the expected one.
 */
#ifndef NB_TESTS_API_OPDRACHTEN_FIXTURE_H
#define NB_TESTS_API_OPDRACHTEN_FIXTURE_H

#include "harness.h"

#include <stddef.h>

/* Made by setup; the tokens are freed by teardown. */
extern nb_t_server srv;
extern char *beheer, *coord_a, *coord_b, *mw_a, *lezer;
extern long long org_a, org_b, org_c;
extern long long comp_1, comp_2;
extern long long person_a, person_b, person_c;

/* cmocka group setup / teardown: start the server and make / free the records. */
int setup(void **state);
int teardown(void **state);

/* A body as text; takes ownership of j. Caller frees. */
char *dump(json_t *j);

/* An assignment body (titel, soort kind, werksoort verandering, start..end, the
 * ambtelijk opdrachtgever person); reqs and lines are stolen (NULL = leave out).
 * The caller owns the result. */
json_t *asg(const char *kind, json_t *reqs, json_t *lines, long long person, const char *start,
            const char *end);

/* Requesters: one organisation; two with their shares. New references. */
json_t *req1(long long org);
json_t *req2(long long o1, long long s1, long long o2, long long s2);

/* Lines: one line; n lines of alternating competences, levels and minutes. New references. */
json_t *line1(long long comp, long long level, long long minutes);
json_t *lines_n(int n);

/* Sends method path with body j (stolen, may be NULL) as token into *r (the caller frees it
 * with nb_t_resp_free). */
void send_json(const char *method, const char *path, const char *token, json_t *j, nb_t_resp *r);

/* Asserts r's status; for an error also the problem+json type and its status member. */
void expect(nb_t_resp *r, long status);

/* Asserts that r's invalidParams name name. */
void expect_invalid(nb_t_resp *r, const char *name);

/* How many invalidParams r has. */
size_t ninvalid(const nb_t_resp *r);

/* Creates an assignment (j stolen) as token and returns its id (asserting 201). */
long long create(const char *token, json_t *j);

/* PUTs status on assignment id as token and asserts expect_status (on 200 also the new status). */
void set_status(long long id, const char *token, const char *status, long expect_status);

/* String member k of o (asserted present; borrowed) / integer member k (0 when absent). */
const char *str(const json_t *o, const char *k);
long long num(const json_t *o, const char *k);

/* The items of a list page (borrowed from r). */
json_t *page_items(const nb_t_resp *r);

#endif
