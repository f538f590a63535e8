/*
 * tests/api/web_opdrachten_fixture.h — what the assignment pages' tests share
 * (test_web_opdrachten.c, test_web_opdrachten_zoek.c): one server with
 * organisations A, B and X (its name <script>), a competency, a person of
 * each, sessions of A's and B's coordinator, the MT and A's medewerker, and
 * the helpers. Test code only.
 */
#ifndef NB_TESTS_API_WEB_OPDRACHTEN_FIXTURE_H
#define NB_TESTS_API_WEB_OPDRACHTEN_FIXTURE_H

#include "api/web_session.h"

#include <jansson.h>
#include <stddef.h>

/* A person's JSON body: organisation, name, e-mail. */
#define PERSON                                                                \
    "{\"organisatieId\":%lld,\"naam\":\"%s\",\"email\":\"%s\",\"schaal\":11," \
    "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":960}"

extern nb_t_server srv;
extern char *beheer;
extern long long org_a, org_b, org_x, comp, pa, pb, px;
extern nb_t_web coord_a, coord_b, mt, mw;

/* Integer member key of o. */
long long num(const json_t *o, const char *key);

/* cmocka group setup / teardown: the server and the records above. */
int setup(void **state);
int teardown(void **state);

/* How often text occurs in body (non-overlapping). */
size_t occurrences(const char *body, const char *text);

/* Fails the test when r's body lacks / has text. */
void assert_has(const nb_t_resp *r, const char *text);
void assert_lacks(const nb_t_resp *r, const char *text);

/* A page request as web into *r (caller frees). */
void page(const nb_t_web *web, const char *method, const char *path, const char *form,
          nb_t_resp *r);

/* The number of assignments the API knows. */
long long asg_count(void);

/* The id in a Location "/opdrachten/N" of a 303. */
long long location_id(nb_t_resp *r);

/* A form body for an assignment into out[n]; requesters as "&aanvrager1_organisatie=..." etc. */
void form(char *out, size_t n, const char *title, const char *kind, const char *action,
          const char *requesters, long long client);

/* GET /api/v1/opdrachten/{id}{tail} as beheer; the JSON (caller frees). */
json_t *api_get(long long id, const char *tail);

#endif
