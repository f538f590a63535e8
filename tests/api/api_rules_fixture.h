/*
 * tests/api/api_rules_fixture.h — the server the API-rule tests share
 * (test_api_rules.c, test_api_contract.c): beheer's token and four
 * organisations (Dordrecht, Papendrecht, a partner and "alblasserdam"), made
 * by the group setup. Test code only.
 */
#ifndef NB_TESTS_API_API_RULES_FIXTURE_H
#define NB_TESTS_API_API_RULES_FIXTURE_H

#include "harness.h"

extern nb_t_server srv;
extern char *beheer;

/* cmocka group setup / teardown: the server with the records above, then stopped. */
int setup(void **state);
int teardown(void **state);

#endif
