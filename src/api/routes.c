/*
 * api/routes.c — THE route table. Every endpoint of noaber is one row here:
 * method, path, handler, who may call it, the body it takes and its Dutch
 * documentation. The server enforces it; openapi.json is generated from it.
 * Default deny: a role not named in a row cannot call that row.
 */
#include "api/api.h"

#define NB_PAGING                                                                        \
    {"pagina", "integer", "Paginanummer, vanaf 1"},                                      \
    {                                                                                    \
        "paginaGrootte", "integer", "Aantal per pagina, 1 tot en met 100 (standaard 20)" \
    }

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

static const nb_query_doc nb_q_asg[] = {
    NB_PAGING,
    {"status", "string",
     "Alleen opdrachten met deze status (concept, ingediend, geaccepteerd, bemenst, "
     "in-uitvoering, afgerond, geannuleerd)"},
    {"soort", "string", "Alleen opdrachten van deze soort (lokaal, meervoudig-lokaal, regionaal)"},
    {"werksoort", "string", "Alleen opdrachten van deze werksoort (regulier, verandering)"},
    {"organisatieId", "integer", "Alleen opdrachten waarvan deze organisatie aanvrager is"},
    {"vanaf", "date", "Alleen opdrachten waarvan de periode op of na deze datum eindigt"},
    {"tot", "date", "Alleen opdrachten waarvan de periode op of vóór deze datum begint"},
    {NULL, NULL, NULL},
};

static const nb_query_doc nb_q_boeking[] = {
    NB_PAGING,
    {"organisatieId", "integer",
     "Alleen boekingen van of naar deze organisatie (coördinator: alleen de eigen)"},
    {"soort", "string",
     "Alleen boekingen van deze soort (werk, storting, kredietlijn, correctie, "
     "terugboeking)"},
    {"vanaf", "date", "Alleen boekingen op of na deze datum (UTC)"},
    {"tot", "date", "Alleen boekingen op of vóór deze datum (UTC)"},
    {NULL, NULL, NULL},
};

static const nb_query_doc nb_q_grootboek[] = {
    {"drempelProcent", "integer",
     "Bijna op limiet: beschikbaar onder dit percentage van de kredietlijn (standaard 10)"},
    {NULL, NULL, NULL},
};

static const nb_query_doc nb_q_afschrift[] = {
    {"vanaf", "date", "Eerste dag van de periode (UTC); weglaten: vanaf het begin"},
    {"tot", "date", "Laatste dag van de periode (UTC, inclusief); weglaten: tot nu"},
    {NULL, NULL, NULL},
};

static const nb_query_doc nb_q_inzet[] = {
    NB_PAGING,
    {"opdrachtId", "integer", "Alleen inzet op deze opdracht"},
    {"medewerkerId", "integer", "Alleen inzet van deze medewerker"},
    {"organisatieId", "integer",
     "Alleen inzet van medewerkers van deze organisatie of op opdrachten die zij aanvraagt"},
    {"status", "string", "Alleen inzet met deze status (concept, bevestigd, beeindigd)"},
    {NULL, NULL, NULL},
};

static const nb_query_doc nb_q_uren[] = {
    NB_PAGING,
    {"medewerkerId", "integer", "Alleen uren van deze medewerker"},
    {"opdrachtId", "integer", "Alleen uren op deze opdracht"},
    {"organisatieId", "integer",
     "Alleen uren van medewerkers van deze organisatie (coördinator: alleen de eigen)"},
    {"status", "string", "Alleen uren met deze status (ingediend, goedgekeurd, afgekeurd)"},
    {"vanaf", "date", "Alleen uren op of na deze datum"},
    {"tot", "date", "Alleen uren op of vóór deze datum"},
    {NULL, NULL, NULL},
};

static const nb_query_doc nb_q_perioden[] = {
    NB_PAGING,
    {NULL, NULL, NULL},
};

static const nb_query_doc nb_q_teamvoorstellen[] = {
    NB_PAGING,
    {NULL, NULL, NULL},
};

static const nb_query_doc nb_q_audit[] = {
    NB_PAGING,
    {"entiteit", "string",
     "Alleen wijzigingen van deze soort record (organisatie, medewerker, ...)"},
    {"entiteitId", "integer", "Alleen wijzigingen van het record met dit id"},
    {"actor", "string", "Alleen wijzigingen door deze actor (tokenlabel of cli)"},
    {"vanaf", "date", "Alleen wijzigingen op of na deze dag (UTC)"},
    {"tot", "date", "Alleen wijzigingen op of voor deze dag (UTC)"},
    {NULL, NULL, NULL},
};

const nb_route nb_routes[] = {
    {"GET", "/api/v1/openapi.json", nb_api_openapi, NB_ROLE_PUBLIC | NB_ROLES_ALL, NULL,
     "Documentatie", "De OpenAPI-beschrijving van deze API", NULL, 200, NULL, NULL},

    {"GET", "/api/v1/auditlog", nb_api_audit_list, NB_ROLE_BEHEER, NULL, "Auditlog",
     "Wie wijzigde wat, wanneer en vanaf waar (nieuwste eerst)", "AuditregelLijst", 200, nb_q_audit,
     NULL},

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
     "Competenties", "Een competentie aan de catalogus toevoegen", "CompetentieUit", 201, NULL,
     NULL},
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

    {"GET", "/api/v1/opdrachten", nb_api_asg_list, NB_ROLES_ALL, NULL, "Opdrachten",
     "Opdrachten opvragen (alle rollen: opdrachten zijn geen persoonsgegevens)", "OpdrachtLijst",
     200, nb_q_asg, NULL},
    {"POST", "/api/v1/opdrachten", nb_api_asg_create, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR,
     &nb_schema_opdracht, "Opdrachten",
     "Een opdracht indienen of als concept aanmaken (coördinator: met de eigen organisatie als "
     "aanvrager)",
     "OpdrachtUit", 201, NULL, NULL},
    {"GET", "/api/v1/opdrachten/{id}", nb_api_asg_get, NB_ROLES_ALL, NULL, "Opdrachten",
     "Een opdracht opvragen", "OpdrachtUit", 200, NULL, NULL},
    {"PUT", "/api/v1/opdrachten/{id}", nb_api_asg_update, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR,
     &nb_schema_opdracht, "Opdrachten",
     "Een opdracht wijzigen, ook de status langs een toegestane overgang (coördinator: alleen "
     "opdrachten van de eigen organisatie)",
     "OpdrachtUit", 200, NULL, NULL},
    {"PUT", "/api/v1/opdrachten/{id}/status", nb_api_asg_status,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR, &nb_schema_opdracht_status, "Opdrachten",
     "De status van een opdracht wijzigen (coördinator: alleen indienen en annuleren vóór "
     "bemensing)",
     "OpdrachtUit", 200, NULL, NULL},

    {"GET", "/api/v1/opdrachten/{id}/instemmingen", nb_api_consent_list, NB_ROLES_ALL, NULL,
     "Opdrachten",
     "De instemmingen van een opdracht: per aanvrager verleend of gevraagd, de acceptatie door "
     "het netwerk (regionaal) en alle vastgelegde instemmingen (wie, wanneer, hoe)",
     "InstemmingenOpdracht", 200, NULL, NULL},
    {"GET", "/api/v1/opdrachten/{id}/instemmingen/{organisatie-id}", nb_api_consent_get,
     NB_ROLES_ALL, NULL, "Opdrachten",
     "De instemming van één aanvragende organisatie met haar aandeel in een opdracht",
     "InstemmingAanvrager", 200, NULL, NULL},
    {"PUT", "/api/v1/opdrachten/{id}/instemmingen/{organisatie-id}", nb_api_consent_put,
     NB_ROLE_COORDINATOR, &nb_schema_instemming, "Opdrachten",
     "Instemmen met het aandeel van de eigen organisatie in een opdracht (alleen een coördinator "
     "van die organisatie; zonder instemming wordt zij niet belast)",
     "InstemmingAanvrager", 200, NULL, NULL},

    {"GET", "/api/v1/netwerk/instellingen", nb_api_settings_get, NB_ROLES_ALL, NULL, "Grootboek",
     "De instellingen van het netwerk (uurtarief, verdeelsleutel) opvragen", "Netwerkinstellingen",
     200, NULL, NULL},
    {"PUT", "/api/v1/netwerk/instellingen", nb_api_settings_put, NB_ROLE_BEHEER,
     &nb_schema_instellingen, "Grootboek",
     "Het uurtarief en de verdeelsleutel van het netwerk "
     "wijzigen",
     "Netwerkinstellingen", 200, NULL, NULL},
    {"GET", "/api/v1/boekingen", nb_api_boeking_list,
     NB_ROLE_BEHEER | NB_ROLE_LEZER | NB_ROLE_COORDINATOR, NULL, "Grootboek",
     "Boekingen opvragen (coördinator: alleen die van de eigen organisatie)", "BoekingLijst", 200,
     nb_q_boeking, NULL},
    {"POST", "/api/v1/boekingen", nb_api_boeking_create, NB_ROLE_BEHEER, &nb_schema_boekingen,
     "Grootboek", "Een of meer boekingen samen (gekoppeld) verwerken; idempotent per id",
     "Boekingen", 201, NULL, NULL},
    {"GET", "/api/v1/boekingen/{id}", nb_api_boeking_get,
     NB_ROLE_BEHEER | NB_ROLE_LEZER | NB_ROLE_COORDINATOR, NULL, "Grootboek",
     "Een boeking opvragen (coördinator: alleen van de eigen organisatie)", "Boeking", 200, NULL,
     NULL},
    {"GET", "/api/v1/grootboek", nb_api_grootboek_get, NB_ROLE_BEHEER | NB_ROLE_LEZER, NULL,
     "Grootboek", "Saldi van alle leden en het netwerkfonds, met wie bijna op de limiet zit",
     "Grootboek", 200, nb_q_grootboek, NULL},
    {"GET", "/api/v1/grootboek/controle", nb_api_controle_get, NB_ROLE_BEHEER, NULL, "Grootboek",
     "Alle saldi herberekenen uit de boekingen en vergelijken", "Controle", 200, NULL, NULL},
    {"GET", "/api/v1/organisaties/{id}/saldo", nb_api_saldo_get,
     NB_ROLE_BEHEER | NB_ROLE_LEZER | NB_ROLE_COORDINATOR, NULL, "Grootboek",
     "Het saldo van een organisatie (coördinator: alleen de eigen)", "Saldo", 200, NULL, NULL},
    {"GET", "/api/v1/organisaties/{id}/afschrift", nb_api_afschrift_get,
     NB_ROLE_BEHEER | NB_ROLE_LEZER | NB_ROLE_COORDINATOR, NULL, "Grootboek",
     "Afschrift over een periode: beginsaldo, elke boeking met tegenpartij, eindsaldo", "Afschrift",
     200, nb_q_afschrift, NULL},
    {"GET", "/api/v1/organisaties/{id}/afschrift.csv", nb_api_afschrift_csv,
     NB_ROLE_BEHEER | NB_ROLE_LEZER | NB_ROLE_COORDINATOR, NULL, "Grootboek",
     "Afschrift als CSV voor Excel (puntkomma's, decimale komma, UTF-8 met BOM)", NULL, 200,
     nb_q_afschrift, "text/csv"},
    {"GET", "/api/v1/inzet", nb_api_inzet_list, NB_ROLES_ALL, NULL, "Inzet",
     "Inzet (geplande minuten van medewerkers op opdrachtregels) opvragen", "InzetLijst", 200,
     nb_q_inzet, NULL},
    {"POST", "/api/v1/inzet", nb_api_inzet_create, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR,
     &nb_schema_inzet, "Inzet",
     "Een medewerker op een opdrachtregel inzetten, als concept (coördinator: alleen op "
     "opdrachten van de eigen organisatie)",
     "InzetUit", 201, NULL, NULL},
    {"GET", "/api/v1/inzet/{id}", nb_api_inzet_get, NB_ROLES_ALL, NULL, "Inzet",
     "Een inzet opvragen, met de reserveringen in het grootboek", "InzetUit", 200, NULL, NULL},
    {"PUT", "/api/v1/inzet/{id}/status", nb_api_inzet_status, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR,
     &nb_schema_inzet_status, "Inzet",
     "Inzet bevestigen (reserveert de minuten bij de aanvragers; 422 als een organisatie te "
     "weinig ruimte heeft) of beëindigen (geeft de rest vrij)",
     "InzetUit", 200, NULL, NULL},

    {"GET", "/api/v1/urenregistraties", nb_api_uren_list, NB_ROLES_STAFF, NULL, "Urenregistraties",
     "Urenregistraties opvragen (medewerker: eigen uren en uren die hij beoordeelt; "
     "coördinator: van de eigen organisatie)",
     "UrenregistratieLijst", 200, nb_q_uren, NULL},
    {"POST", "/api/v1/urenregistraties", nb_api_uren_create, NB_ROLES_STAFF,
     &nb_schema_urenregistratie, "Urenregistraties",
     "Gewerkte uren registreren (medewerker: alleen de eigen; coördinator: namens een medewerker "
     "van de eigen organisatie)",
     "UrenregistratieUit", 201, NULL, NULL},
    {"GET", "/api/v1/urenregistraties/{id}", nb_api_uren_get, NB_ROLES_STAFF, NULL,
     "Urenregistraties", "Een urenregistratie opvragen, met de boekingen van de goedkeuring",
     "UrenregistratieUit", 200, NULL, NULL},
    {"PUT", "/api/v1/urenregistraties/{id}/beoordeling", nb_api_uren_decide,
     NB_ROLE_BEHEER | NB_ROLE_MEDEWERKER, &nb_schema_beoordeling, "Urenregistraties",
     "Uren goedkeuren (boekt ze in het grootboek) of afkeuren, door de ambtelijk opdrachtgever "
     "of beheer",
     "UrenregistratieUit", 200, NULL, NULL},

    {"GET", "/api/v1/perioden", nb_api_periode_list, NB_ROLES_ALL, NULL, "Perioden",
     "Afgesloten perioden opvragen", "PeriodeLijst", 200, nb_q_perioden, NULL},
    {"POST", "/api/v1/perioden", nb_api_periode_create, NB_ROLE_BEHEER, &nb_schema_periode,
     "Perioden",
     "Een periode afsluiten: uren daarin zijn niet meer te registreren of te beoordelen",
     "PeriodeUit", 201, NULL, NULL},
    {"GET", "/api/v1/perioden/{id}", nb_api_periode_get, NB_ROLES_ALL, NULL, "Perioden",
     "Een afgesloten periode opvragen", "PeriodeUit", 200, NULL, NULL},

    {"GET", "/api/v1/teamvoorstellen", nb_api_tv_list,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER, NULL, "Teamvoorstellen",
     "Teamvoorstellen opvragen, nieuwste eerst", "TeamvoorstelLijst", 200, nb_q_teamvoorstellen,
     NULL},
    {"POST", "/api/v1/teamvoorstellen", nb_api_tv_create, NB_ROLE_BEHEER, &nb_schema_teamvoorstel,
     "Teamvoorstellen",
     "Een teamvoorstel laten maken voor een of meer (of alle geaccepteerde) opdrachten: inzet met "
     "redenen en kosten, tekorten met hun oorzaak, en het verschil met het zuivere optimum",
     "TeamvoorstelUit", 201, NULL, NULL},
    {"GET", "/api/v1/teamvoorstellen/{id}", nb_api_tv_get,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER, NULL, "Teamvoorstellen",
     "Een teamvoorstel opvragen (niveau, redenen en kosten alleen voor wie ze mag zien)",
     "TeamvoorstelUit", 200, NULL, NULL},
    {"POST", "/api/v1/teamvoorstellen/{id}/acceptatie", nb_api_tv_accept, NB_ROLE_BEHEER,
     &nb_schema_teamvoorstel_acceptatie, "Teamvoorstellen",
     "Een teamvoorstel geheel of per regel accepteren: maakt bevestigde inzet en reserveert de "
     "minuten (422 als een organisatie te weinig ruimte heeft; dan wordt niets vastgelegd)",
     "TeamvoorstelUit", 200, NULL, NULL},
};

const size_t nb_routes_count = sizeof nb_routes / sizeof nb_routes[0];
