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

static const nb_query_doc nb_q_comp[] = {
    NB_PAGING,
    {"domein", "string",
     "Alleen competenties uit dit domein (sociaal, fysiek, bedrijfsvoering, dienstverlening, "
     "veiligheid, bestuur-en-strategie)"},
    {"code", "string", "Alleen de competentie met deze code"},
    {"zoek", "string", "Alleen competenties waarvan naam of code dit bevat"},
    {NULL, NULL, NULL},
};

static const nb_query_doc nb_q_profile[] = {
    NB_PAGING,
    {"zoek", "string", "Alleen rolprofielen waarvan de naam dit bevat"},
    {"competentieId", "integer", "Alleen rolprofielen die deze competentie bevatten"},
    {NULL, NULL, NULL},
};

static const nb_query_doc nb_q_person[] = {
    NB_PAGING,
    {"organisatieId", "integer", "Alleen medewerkers van deze organisatie"},
    {"competentieId", "integer", "Alleen medewerkers met deze competentie"},
    {"minNiveau", "integer",
     "Met competentieId: alleen medewerkers met ten minste dit niveau (1-5). Niveaus zijn "
     "persoonlijk: alleen voor beheer, en voor een coördinator samen met organisatieId van de "
     "eigen organisatie; anders 403"},
    {"actief", "boolean", "true: alleen actieve medewerkers; false: alleen niet-actieve"},
    {"zoek", "string", "Alleen medewerkers waarvan de naam dit bevat"},
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

    {"GET", "/api/v1/competenties", nb_api_comp_list, NB_ROLES_ALL, NULL, "Competenties",
     "De competentiecatalogus opvragen", "CompetentieLijst", 200, nb_q_comp, NULL},
    {"POST", "/api/v1/competenties", nb_api_comp_create, NB_ROLE_BEHEER, &nb_schema_competentie,
     "Competenties", "Een competentie aan de catalogus toevoegen", "CompetentieUit", 201, NULL, NULL},
    {"GET", "/api/v1/competenties/{id}", nb_api_comp_get, NB_ROLES_ALL, NULL, "Competenties",
     "Een competentie opvragen", "CompetentieUit", 200, NULL, NULL},
    {"PUT", "/api/v1/competenties/{id}", nb_api_comp_update, NB_ROLE_BEHEER, &nb_schema_competentie,
     "Competenties", "Een competentie wijzigen", "CompetentieUit", 200, NULL, NULL},

    {"GET", "/api/v1/rolprofielen", nb_api_profile_list, NB_ROLES_ALL, NULL, "Rolprofielen",
     "Rolprofielen opvragen", "RolprofielLijst", 200, nb_q_profile, NULL},
    {"POST", "/api/v1/rolprofielen", nb_api_profile_create, NB_ROLE_BEHEER, &nb_schema_rolprofiel,
     "Rolprofielen", "Een rolprofiel toevoegen", "RolprofielUit", 201, NULL, NULL},
    {"GET", "/api/v1/rolprofielen/{id}", nb_api_profile_get, NB_ROLES_ALL, NULL, "Rolprofielen",
     "Een rolprofiel opvragen", "RolprofielUit", 200, NULL, NULL},
    {"PUT", "/api/v1/rolprofielen/{id}", nb_api_profile_update, NB_ROLE_BEHEER,
     &nb_schema_rolprofiel, "Rolprofielen",
     "Een rolprofiel wijzigen (de lijst competenties wordt vervangen)", "RolprofielUit", 200, NULL,
     NULL},

    {"GET", "/api/v1/medewerkers", nb_api_person_list, NB_ROLES_ALL, NULL, "Medewerkers",
     "Medewerkers opvragen (persoonlijke velden alleen voor wie ze mag zien)", "MedewerkerLijst",
     200, nb_q_person, NULL},
    {"POST", "/api/v1/medewerkers", nb_api_person_create, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR,
     &nb_schema_medewerker, "Medewerkers",
     "Een medewerker toevoegen (coördinator: alleen in de eigen organisatie)", "MedewerkerUit", 201,
     NULL, NULL},
    {"GET", "/api/v1/medewerkers/{id}", nb_api_person_get, NB_ROLES_ALL, NULL, "Medewerkers",
     "Een medewerker opvragen (persoonlijke velden alleen voor wie ze mag zien)", "MedewerkerUit",
     200, NULL, NULL},
    {"PUT", "/api/v1/medewerkers/{id}", nb_api_person_update, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR,
     &nb_schema_medewerker, "Medewerkers",
     "Een medewerker wijzigen of op non-actief zetten (coördinator: alleen de eigen organisatie)",
     "MedewerkerUit", 200, NULL, NULL},
};

const size_t nb_routes_count = sizeof nb_routes / sizeof nb_routes[0];
