/*
 * api/routes.c — THE route table. Every endpoint of noaber is one row here:
 * method, path, handler, who may call it, the body it takes and its Dutch
 * documentation. The server enforces it; openapi.json is generated from it.
 * Default deny: a role not named in a row cannot call that row.
 */
#include "api/api.h"

#define NB_PAGING {"pagina", "integer", "Paginanummer, vanaf 1"}, \
                  {"paginaGrootte", "integer", "Aantal per pagina, 1 tot en met 100 (standaard 20)"}

static const nb_query_doc nb_q_org[] = {
    NB_PAGING,
    {"soort", "string", "Alleen organisaties van deze soort (gemeente, pool, partner)"},
    {"code", "string", "Alleen de organisatie met deze code"},
    {"naam", "string", "Alleen organisaties waarvan de naam dit bevat"},
    {NULL, NULL, NULL},
};

const nb_route nb_routes[] = {
    {"GET", "/api/v1/openapi.json", nb_api_openapi, NB_ROLE_PUBLIC | NB_ROLES_ALL, NULL,
     "Documentatie", "De OpenAPI-beschrijving van deze API", NULL, 200, NULL, NULL},

    {"GET", "/api/v1/organisaties", nb_api_org_list, NB_ROLES_ALL, NULL, "Organisaties",
     "Organisaties in het netwerk opvragen", "OrganisatieLijst", 200, nb_q_org, NULL},
    {"POST", "/api/v1/organisaties", nb_api_org_create, NB_ROLE_BEHEER, &nb_schema_organisatie,
     "Organisaties", "Een organisatie toevoegen", "OrganisatieUit", 201, NULL, NULL},
    {"GET", "/api/v1/organisaties/{id}", nb_api_org_get, NB_ROLES_ALL, NULL, "Organisaties",
     "Een organisatie opvragen", "OrganisatieUit", 200, NULL, NULL},
    {"PUT", "/api/v1/organisaties/{id}", nb_api_org_update, NB_ROLE_BEHEER, &nb_schema_organisatie,
     "Organisaties", "Een organisatie wijzigen", "OrganisatieUit", 200, NULL, NULL},
};

const size_t nb_routes_count = sizeof nb_routes / sizeof nb_routes[0];
