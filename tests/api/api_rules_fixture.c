/*
 * tests/api/api_rules_fixture.c — the server the API-rule tests share; see
 * api_rules_fixture.h. Moved out of test_api_rules.c.
 */
#include "api_rules_fixture.h"

#include <stddef.h>

nb_t_server srv;
char *beheer;

int setup(void **state)
{
    (void)state;
    if (nb_t_start_beheer(&srv, &beheer) != 0)
        return -1;
    static const char *const orgs[] = {
        "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\"}",
        "{\"code\":\"GM0590\",\"soort\":\"gemeente\",\"naam\":\"Papendrecht\"}",
        "{\"code\":\"PA-1\",\"soort\":\"partner\",\"naam\":\"Alblasserdam partner\"}",
        "{\"code\":\"GM0482\",\"soort\":\"gemeente\",\"naam\":\"alblasserdam\"}",
    };
    for (size_t i = 0; i < sizeof orgs / sizeof orgs[0]; i++)
        if (nb_t_create(&srv, "/api/v1/organisaties", beheer, orgs[i]) <= 0)
            return -1;
    return 0;
}

int teardown(void **state)
{
    (void)state;
    return nb_t_stop_beheer(&srv, &beheer);
}
