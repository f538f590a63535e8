/*
 * api/routes.c — THE route table. Every endpoint of noaber is one row here:
 * method, path, handler, who may call it, the body it takes and its Dutch
 * documentation. The server enforces it; openapi.json is generated from it.
 * Default deny: a role not named in a row cannot call that row.
 */
#include "api/api.h"

#include "store/allocations.h"
#include "store/assignments.h"
#include "store/audit.h"
#include "store/budget.h"
#include "store/bundles.h"
#include "store/competencies.h"
#include "store/ledger_store.h"
#include "store/lessons.h"
#include "store/settlements.h"
#include "store/organisations.h"
#include "store/people.h"
#include "store/programmes.h"
#include "store/proposals.h"
#include "store/reports.h"
#include "store/role_profiles.h"
#include "store/time_entries.h"

#define NB_PAGING                                                                \
    NB_QUERY_RANGE("pagina", 1, 1000000, "Paginanummer, vanaf 1 (standaard 1)"), \
        NB_QUERY_RANGE("paginaGrootte", 1, 100, "Aantal per pagina (standaard 20)")
/* The large lists also page by keyset: no offset, nothing counted. */
#define NB_PAGING_KEYSET                                                                      \
    NB_PAGING, NB_QUERY_RANGE("na", 0, 0,                                                     \
                              "Bladeren op id: de resources met een id boven dit id, in de "  \
                              "volgorde van id (0: vanaf het begin). Zonder totaal; de link " \
                              "next geeft de volgende pagina. Niet samen met pagina of sorteer")

static const nb_query_doc nb_q_org[] = {
    NB_PAGING,
    NB_QUERY_SORT(nb_org_sort_fields),
    NB_QUERY_ENUM("soort", nb_org_kinds, "Alleen organisaties van deze soort"),
    NB_QUERY("code", "string", "Alleen de organisatie met deze code"),
    NB_QUERY("zoek", "string", "Alleen organisaties waarvan de naam dit bevat"),
    NB_QUERY("naam", "string",
             "Verouderd: gebruik zoek (zelfde betekenis; naam en zoek samen met verschillende "
             "waarden geeft 400)"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_kwetsbaarheid[] = {
    NB_QUERY_RANGE(
        "organisatieId", 1, 0,
        "Alleen deze organisatie (dragers, uitstroom, kartrekkers); zonder: het netwerk"),
    NB_QUERY("peildatum", "date", "De dag waarop gemeten wordt (standaard vandaag)"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_watals[] = {
    NB_QUERY("medewerkers", "string",
             "Verplicht: de medewerker-ids die (in de vraag) vertrekken, gescheiden door komma's "
             "(1 tot 20), bijvoorbeeld 12,40"),
    NB_QUERY("peildatum", "date", "Vanaf welke dag het resterende werk telt (standaard vandaag)"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_drie_k[] = {
    NB_QUERY_RANGE("organisatieId", 1, 0, "Verplicht: de gemeente (of andere organisatie)"),
    NB_QUERY("peildatum", "date", "De dag waarop gemeten wordt (standaard vandaag)"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_prog[] = {
    NB_PAGING,
    NB_QUERY_SORT(nb_prog_sort_fields),
    NB_QUERY_ENUM("soort", nb_prog_kinds, "Alleen programma's van deze soort"),
    NB_QUERY_RANGE("organisatieId", 1, 0, "Alleen programma's van deze gemeente"),
    NB_QUERY_RANGE("jaar", 2000, 2100, "Alleen programma's die in dit jaar lopen"),
    NB_QUERY("zoek", "string", "Alleen programma's waarvan de naam dit bevat"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_werkvoorraad[] = {
    NB_QUERY("van", "string", "De eerste maand, JJJJ-MM (standaard deze maand)"),
    NB_QUERY("tot", "string",
             "De laatste maand, JJJJ-MM, inbegrepen (standaard van plus elf maanden; hoogstens "
             "120 maanden)"),
    NB_QUERY_RANGE("programmaId", 1, 0, "Alleen opdrachten in dit programma"),
    NB_QUERY_RANGE("organisatieId", 1, 0,
                   "Alleen opdrachten waarvan deze organisatie aanvrager is"),
    NB_QUERY_ENUM("soort", nb_asg_kinds, "Alleen opdrachten van deze soort"),
    NB_QUERY_ENUM("status", nb_asg_statuses,
                  "Alleen opdrachten met deze status (standaard: ingediend, geaccepteerd, bemenst "
                  "en in-uitvoering)"),
    NB_QUERY_RANGE("competentieId", 1, 0, "Alleen regels die om deze competentie vragen"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_lessons[] = {
    NB_PAGING,
    NB_QUERY_RANGE("opdrachtId", 1, 0, "Alleen leerervaringen bij deze opdracht"),
    NB_QUERY_ENUM("categorie", nb_lesson_categories, "Alleen leerervaringen in deze categorie"),
    NB_QUERY_RANGE("organisatieId", 1, 0, "Alleen leerervaringen van deze organisatie"),
    NB_QUERY("vanaf", "date", "Alleen leerervaringen vastgelegd op of na deze dag"),
    NB_QUERY("tot", "date", "Alleen leerervaringen vastgelegd op of vóór deze dag"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_comp[] = {
    NB_PAGING,
    NB_QUERY_SORT(nb_comp_sort_fields),
    NB_QUERY_ENUM("domein", nb_comp_domains, "Alleen competenties uit dit domein"),
    NB_QUERY("code", "string", "Alleen de competentie met deze code"),
    NB_QUERY("zoek", "string", "Alleen competenties waarvan naam of code dit bevat"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_profile[] = {
    NB_PAGING,
    NB_QUERY_SORT(nb_profile_sort_fields),
    NB_QUERY("zoek", "string", "Alleen rolprofielen waarvan de naam dit bevat"),
    NB_QUERY_RANGE("competentieId", 1, 0, "Alleen rolprofielen die deze competentie bevatten"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_person[] = {
    NB_PAGING_KEYSET,
    NB_QUERY_SORT(nb_person_sort_fields),
    NB_QUERY_RANGE("organisatieId", 1, 0, "Alleen medewerkers van deze organisatie"),
    NB_QUERY_RANGE("competentieId", 1, 0, "Alleen medewerkers met deze competentie"),
    NB_QUERY_RANGE(
        "minNiveau", 1, 5,
        "Met competentieId: alleen medewerkers met ten minste dit niveau. Niveaus zijn "
        "persoonlijk: alleen voor beheer, en voor een coördinator samen met organisatieId van de "
        "eigen organisatie; anders 403"),
    NB_QUERY("actief", "boolean", "true: alleen actieve medewerkers; false: alleen niet-actieve"),
    NB_QUERY("zoek", "string", "Alleen medewerkers waarvan de naam dit bevat"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_asg[] = {
    NB_PAGING_KEYSET,
    NB_QUERY_SORT(nb_asg_sort_fields),
    NB_QUERY_ENUM("status", nb_asg_statuses, "Alleen opdrachten met deze status"),
    NB_QUERY_ENUM("soort", nb_asg_kinds, "Alleen opdrachten van deze soort"),
    NB_QUERY_ENUM("werksoort", nb_asg_work_types, "Alleen opdrachten van deze werksoort"),
    NB_QUERY_RANGE("organisatieId", 1, 0,
                   "Alleen opdrachten waarvan deze organisatie aanvrager is"),
    NB_QUERY("vanaf", "date", "Alleen opdrachten waarvan de periode op of na deze datum eindigt"),
    NB_QUERY("tot", "date", "Alleen opdrachten waarvan de periode op of vóór deze datum begint"),
    NB_QUERY_RANGE("programmaId", 1, 0, "Alleen opdrachten in dit programma"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_boeking[] = {
    NB_PAGING,
    NB_QUERY_SORT(nb_ledger_sort_fields),
    NB_QUERY_RANGE("organisatieId", 1, 0,
                   "Alleen boekingen van of naar deze organisatie (coördinator: alleen de eigen)"),
    NB_QUERY_ENUM("soort", nb_api_ledger_kinds, "Alleen boekingen van deze soort"),
    NB_QUERY("vanaf", "date", "Alleen boekingen op of na deze datum (UTC)"),
    NB_QUERY("tot", "date", "Alleen boekingen op of vóór deze datum (UTC)"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_rapportage[] = {
    NB_QUERY_RANGE("organisatie", 1, 0,
                   "De gemeente (standaard: de eigen organisatie van de aanvrager)"),
    NB_QUERY("kwartaal", "string", "Het kwartaal als 2026-K3 (standaard: het huidige)"),
    NB_QUERY_ENUM("formaat", nb_report_formats,
                  "json (standaard), csv, xlsx of pdf; gaat vóór de Accept-header"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_advies[] = {
    NB_QUERY("vanaf", "date", "Eerste dag van de periode (standaard: een jaar terug)"),
    NB_QUERY("tot", "date", "Laatste dag van de periode (standaard: vandaag)"),
    NB_QUERY_RANGE("externTariefCent", 1, 0,
                   "Extern uurtarief in eurocent voor deze rapportage (standaard: de instelling "
                   "extern_uurtarief_cent)"),
    NB_QUERY_ENUM("formaat", nb_report_formats,
                  "json (standaard), csv, xlsx of pdf; gaat vóór de Accept-header"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_grootboek[] = {
    NB_QUERY_RANGE(
        "drempelProcent", 0, 100,
        "Bijna op limiet: beschikbaar onder dit percentage van de kredietlijn (standaard 10)"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_afschrift[] = {
    NB_QUERY("vanaf", "date", "Eerste dag van de periode (UTC); weglaten: vanaf het begin"),
    NB_QUERY("tot", "date", "Laatste dag van de periode (UTC, inclusief); weglaten: tot nu"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_urenbegroting[] = {
    NB_QUERY_RANGE("jaar", NB_BUDGET_YEAR_MIN, NB_BUDGET_YEAR_MAX,
                   "Het jaar (kalenderjaar, dagen in Europe/Amsterdam); standaard dit jaar"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_inzet[] = {
    NB_PAGING_KEYSET,
    NB_QUERY_SORT(nb_alloc_sort_fields),
    NB_QUERY_RANGE("opdrachtId", 1, 0, "Alleen inzet op deze opdracht"),
    NB_QUERY_RANGE("medewerkerId", 1, 0, "Alleen inzet van deze medewerker"),
    NB_QUERY_RANGE(
        "organisatieId", 1, 0,
        "Alleen inzet van medewerkers van deze organisatie of op opdrachten die zij aanvraagt"),
    NB_QUERY_ENUM("status", nb_inzet_statuses, "Alleen inzet met deze status"),
    NB_QUERY_ENUM("expand", nb_inzet_expands,
                  "reserveringen: elke inzet met zijn reserveringen in het grootboek (zonder: "
                  "alleen gereserveerdMinuten; het verouderde pad /inzet geeft ze altijd)"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_uren[] = {
    NB_PAGING_KEYSET,
    NB_QUERY_SORT(nb_entry_sort_fields),
    NB_QUERY_RANGE("medewerkerId", 1, 0, "Alleen uren van deze medewerker"),
    NB_QUERY_RANGE("opdrachtId", 1, 0, "Alleen uren op deze opdracht"),
    NB_QUERY_RANGE(
        "organisatieId", 1, 0,
        "Alleen uren van medewerkers van deze organisatie (coördinator: alleen de eigen)"),
    NB_QUERY_ENUM("status", nb_uren_statuses, "Alleen uren met deze status"),
    NB_QUERY("vanaf", "date", "Alleen uren op of na deze datum"),
    NB_QUERY("tot", "date", "Alleen uren op of vóór deze datum"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_perioden[] = {
    NB_PAGING,
    NB_QUERY_SORT(nb_period_sort_fields),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_teamvoorstellen[] = {
    NB_PAGING,
    NB_QUERY_SORT(nb_proposal_sort_fields),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_bundelvoorstellen[] = {
    NB_PAGING,
    NB_QUERY_SORT(nb_bundle_sort_fields),
    NB_QUERY_ENUM("status", nb_bundle_statuses, "Alleen voorstellen met deze status"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_verrekeningen[] = {
    NB_PAGING,
    NB_QUERY_END,
};

static const nb_query_doc nb_q_verrekenvoorstel[] = {
    NB_QUERY_RANGE("jaar", NB_SETTLE_YEAR_MIN, NB_SETTLE_YEAR_MAX,
                   "Het jaar dat zou worden verrekend; of periodeId"),
    NB_QUERY_RANGE("periodeId", 1, 0, "De afgesloten periode die zou worden verrekend; of jaar"),
    NB_QUERY("verrekenen", "string",
             "Organisatie-ids, gescheiden door komma's, die in geld zouden worden verrekend; de "
             "andere boeken over"),
    NB_QUERY_END,
};

static const nb_query_doc nb_q_audit[] = {
    NB_PAGING,
    NB_QUERY_SORT(nb_audit_sort_fields),
    NB_QUERY("entiteit", "string",
             "Alleen wijzigingen van deze soort record (organisatie, medewerker, ...)"),
    NB_QUERY("entiteitId", "integer", "Alleen wijzigingen van het record met dit id"),
    NB_QUERY("actor", "string",
             "Alleen wijzigingen door deze actor: rol:label zoals in het veld actor "
             "(beheer:demo, system:cli), of alleen het label (elke rol)"),
    NB_QUERY("vanaf", "date", "Alleen wijzigingen op of na deze dag (UTC)"),
    NB_QUERY("tot", "date", "Alleen wijzigingen op of voor deze dag (UTC)"),
    NB_QUERY_END,
};

const nb_route nb_routes[] = {
    /* Probes for a load balancer: outside /api/v1, so not in openapi.json. */
    {"GET", "/health/live", nb_api_health_live, NB_ROLE_PUBLIC | NB_ROLES_ALL, NULL, "Beheer",
     "Leeft het proces", NULL, 200, NULL, NULL, NULL},
    {"GET", "/health/ready", nb_api_health_ready, NB_ROLE_PUBLIC | NB_ROLES_ALL, NULL, "Beheer",
     "Kan de server verzoeken aannemen (database bereikbaar, niet aan het stoppen)", NULL, 200,
     NULL, NULL, NULL},

    {"GET", "/api/v1/openapi.json", nb_api_openapi, NB_ROLE_PUBLIC | NB_ROLES_ALL, NULL,
     "Documentatie", "De OpenAPI-beschrijving van deze API", NULL, 200, NULL, NULL, NULL},

    {"GET", "/api/v1/auditregels", nb_api_audit_list, NB_ROLE_BEHEER, NULL, "Auditlog",
     "Wie wijzigde wat, wanneer en vanaf waar (nieuwste eerst)", &nb_out_auditregel_lijst, 200,
     nb_q_audit, NULL, NULL},
    {"GET", "/api/v1/auditlog", nb_api_alias, NB_ROLE_BEHEER, NULL, "Auditlog",
     "Verouderd: gebruik GET /auditregels (deze lijst heet daar _embedded.auditregels)",
     &nb_out_auditlog_lijst, 200, nb_q_audit, NULL, NULL},

    {"GET", "/api/v1/organisaties", nb_api_org_list, NB_ROLES_ALL, NULL, "Organisaties",
     "Organisaties in het netwerk opvragen", &nb_out_organisatie_lijst, 200, nb_q_org, NULL, NULL},
    {"POST", "/api/v1/organisaties", nb_api_org_create, NB_ROLE_BEHEER, &nb_schema_organisatie,
     "Organisaties", "Een organisatie toevoegen", &nb_out_organisatie, 201, NULL, NULL, NULL},
    {"GET", "/api/v1/organisaties/{id}", nb_api_org_get, NB_ROLES_ALL, NULL, "Organisaties",
     "Een organisatie opvragen", &nb_out_organisatie, 200, NULL, NULL, NULL},
    {"PUT", "/api/v1/organisaties/{id}", nb_api_org_update, NB_ROLE_BEHEER, &nb_schema_organisatie,
     "Organisaties", "Een organisatie wijzigen", &nb_out_organisatie, 200, NULL, NULL, NULL},

    {"GET", "/api/v1/competenties", nb_api_comp_list, NB_ROLES_ALL, NULL, "Competenties",
     "De competentiecatalogus opvragen", &nb_out_competentie_lijst, 200, nb_q_comp, NULL, NULL},
    {"POST", "/api/v1/competenties", nb_api_comp_create, NB_ROLE_BEHEER, &nb_schema_competentie,
     "Competenties", "Een competentie aan de catalogus toevoegen", &nb_out_competentie, 201, NULL,
     NULL, NULL},
    {"GET", "/api/v1/competenties/{id}", nb_api_comp_get, NB_ROLES_ALL, NULL, "Competenties",
     "Een competentie opvragen", &nb_out_competentie, 200, NULL, NULL, NULL},
    {"PUT", "/api/v1/competenties/{id}", nb_api_comp_update, NB_ROLE_BEHEER, &nb_schema_competentie,
     "Competenties", "Een competentie wijzigen", &nb_out_competentie, 200, NULL, NULL, NULL},

    {"GET", "/api/v1/rolprofielen", nb_api_profile_list, NB_ROLES_ALL, NULL, "Rolprofielen",
     "Rolprofielen opvragen", &nb_out_rolprofiel_lijst, 200, nb_q_profile, NULL, NULL},
    {"POST", "/api/v1/rolprofielen", nb_api_profile_create, NB_ROLE_BEHEER, &nb_schema_rolprofiel,
     "Rolprofielen", "Een rolprofiel toevoegen", &nb_out_rolprofiel, 201, NULL, NULL, NULL},
    {"GET", "/api/v1/rolprofielen/{id}", nb_api_profile_get, NB_ROLES_ALL, NULL, "Rolprofielen",
     "Een rolprofiel opvragen", &nb_out_rolprofiel, 200, NULL, NULL, NULL},
    {"PUT", "/api/v1/rolprofielen/{id}", nb_api_profile_update, NB_ROLE_BEHEER,
     &nb_schema_rolprofiel, "Rolprofielen",
     "Een rolprofiel wijzigen (de lijst competenties wordt vervangen)", &nb_out_rolprofiel, 200,
     NULL, NULL, NULL},

    {"GET", "/api/v1/medewerkers", nb_api_person_list, NB_ROLES_ALL, NULL, "Medewerkers",
     "Medewerkers opvragen (persoonlijke velden alleen voor wie ze mag zien)",
     &nb_out_medewerker_lijst, 200, nb_q_person, NULL, NULL},
    {"POST", "/api/v1/medewerkers", nb_api_person_create, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR,
     &nb_schema_medewerker, "Medewerkers",
     "Een medewerker toevoegen (coördinator: alleen in de eigen organisatie)", &nb_out_medewerker,
     201, NULL, NULL, NULL},
    {"GET", "/api/v1/medewerkers/{id}", nb_api_person_get, NB_ROLES_ALL, NULL, "Medewerkers",
     "Een medewerker opvragen (persoonlijke velden alleen voor wie ze mag zien)",
     &nb_out_medewerker, 200, NULL, NULL, NULL},
    {"PUT", "/api/v1/medewerkers/{id}", nb_api_person_update, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR,
     &nb_schema_medewerker, "Medewerkers",
     "Een medewerker wijzigen of op non-actief zetten (coördinator: alleen de eigen organisatie)",
     &nb_out_medewerker, 200, NULL, NULL, NULL},

    {"GET", "/api/v1/opdrachten", nb_api_asg_list, NB_ROLES_ALL, NULL, "Opdrachten",
     "Opdrachten opvragen (alle rollen: opdrachten zijn geen persoonsgegevens)",
     &nb_out_opdracht_lijst, 200, nb_q_asg, NULL, NULL},
    {"POST", "/api/v1/opdrachten", nb_api_asg_create, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR,
     &nb_schema_opdracht, "Opdrachten",
     "Een opdracht indienen of als concept aanmaken (coördinator: met de eigen organisatie als "
     "aanvrager)",
     &nb_out_opdracht, 201, NULL, NULL, NULL},
    {"GET", "/api/v1/opdrachten/{id}", nb_api_asg_get, NB_ROLES_ALL, NULL, "Opdrachten",
     "Een opdracht opvragen", &nb_out_opdracht, 200, NULL, NULL, NULL},
    {"PUT", "/api/v1/opdrachten/{id}", nb_api_asg_update, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR,
     &nb_schema_opdracht, "Opdrachten",
     "Een opdracht wijzigen, ook de status langs een toegestane overgang (coördinator: alleen "
     "opdrachten van de eigen organisatie)",
     &nb_out_opdracht, 200, NULL, NULL, NULL},
    {"PUT", "/api/v1/opdrachten/{id}/status", nb_api_asg_status,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR, &nb_schema_opdracht_status, "Opdrachten",
     "De status van een opdracht wijzigen (coördinator: alleen indienen en annuleren vóór "
     "bemensing)",
     &nb_out_opdracht, 200, NULL, NULL, NULL},

    {"GET", "/api/v1/opdrachten/{id}/instemmingen", nb_api_consent_list, NB_ROLES_ALL, NULL,
     "Opdrachten",
     "De instemmingen van een opdracht: per aanvrager verleend of gevraagd, de acceptatie door "
     "het netwerk (regionaal) en alle vastgelegde instemmingen (wie, wanneer, hoe)",
     &nb_out_instemmingen_opdracht, 200, NULL, NULL, NULL},
    {"GET", "/api/v1/opdrachten/{id}/instemmingen/{organisatie-id}", nb_api_consent_get,
     NB_ROLES_ALL, NULL, "Opdrachten",
     "De instemming van één aanvragende organisatie met haar aandeel in een opdracht",
     &nb_out_instemming_aanvrager, 200, NULL, NULL, NULL},
    {"PUT", "/api/v1/opdrachten/{id}/instemmingen/{organisatie-id}", nb_api_consent_put,
     NB_ROLE_COORDINATOR, &nb_schema_instemming, "Opdrachten",
     "Instemmen met het aandeel van de eigen organisatie in een opdracht (alleen een coördinator "
     "van die organisatie; zonder instemming wordt zij niet belast)",
     &nb_out_instemming_aanvrager, 200, NULL, NULL, NULL},

    {"GET", "/api/v1/netwerk/instellingen", nb_api_settings_get, NB_ROLES_ALL, NULL, "Grootboek",
     "De instellingen van het netwerk (uurtarief, verdeelsleutel) opvragen",
     &nb_out_netwerkinstellingen, 200, NULL, NULL, NULL},
    {"PUT", "/api/v1/netwerk/instellingen", nb_api_settings_put, NB_ROLE_BEHEER,
     &nb_schema_instellingen, "Grootboek",
     "Het uurtarief en de verdeelsleutel van het netwerk "
     "wijzigen",
     &nb_out_netwerkinstellingen, 200, NULL, NULL, NULL},
    {"GET", "/api/v1/boekingen", nb_api_boeking_list,
     NB_ROLE_BEHEER | NB_ROLE_LEZER | NB_ROLE_COORDINATOR, NULL, "Grootboek",
     "Boekingen opvragen (coördinator: alleen die van de eigen organisatie)", &nb_out_boeking_lijst,
     200, nb_q_boeking, NULL, NULL},
    {"POST", "/api/v1/boekingen", nb_api_boeking_create, NB_ROLE_BEHEER, &nb_schema_boekingen,
     "Grootboek", "Een of meer boekingen samen (gekoppeld) verwerken; idempotent per id",
     &nb_out_boekingen, 201, NULL, NULL, NULL},
    {"GET", "/api/v1/boekingen/{id}", nb_api_boeking_get,
     NB_ROLE_BEHEER | NB_ROLE_LEZER | NB_ROLE_COORDINATOR, NULL, "Grootboek",
     "Een boeking opvragen (coördinator: alleen van de eigen organisatie)", &nb_out_boeking, 200,
     NULL, NULL, NULL},
    {"GET", "/api/v1/grootboek", nb_api_grootboek_get, NB_ROLE_BEHEER | NB_ROLE_LEZER, NULL,
     "Grootboek", "Saldi van alle leden en het netwerkfonds, met wie bijna op de limiet zit",
     &nb_out_grootboek, 200, nb_q_grootboek, NULL, NULL},
    {"GET", "/api/v1/grootboek/controle", nb_api_controle_get, NB_ROLE_BEHEER, NULL, "Grootboek",
     "Alle saldi herberekenen uit de boekingen en vergelijken", &nb_out_controle, 200, NULL, NULL,
     NULL},
    {"GET", "/api/v1/leerervaringen", nb_api_lesson_list, NB_ROLES_ALL, NULL, "Leerervaringen",
     "Leerervaringen opvragen, nieuwste eerst (zonder namen: de rol en de organisatie van wie "
     "schreef)",
     &nb_out_leerervaring_lijst, 200, nb_q_lessons, NULL, NULL},
    {"POST", "/api/v1/leerervaringen", nb_api_lesson_create,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_MEDEWERKER, &nb_schema_leerervaring,
     "Leerervaringen",
     "Een leerervaring vastleggen: wie aan de opdracht werkte, de ambtelijk opdrachtgever, een "
     "coördinator van een aanvragende organisatie of het netwerk-MT (403 voor anderen, 409 voor "
     "een concept)",
     &nb_out_leerervaring, 201, NULL, NULL, NULL},
    {"GET", "/api/v1/leerervaringen/{id}", nb_api_lesson_get, NB_ROLES_ALL, NULL, "Leerervaringen",
     "Eén leerervaring opvragen", &nb_out_leerervaring, 200, NULL, NULL, NULL},
    {"GET", "/api/v1/kwetsbaarheid", nb_api_kwetsbaarheid_get,
     NB_ROLE_BEHEER | NB_ROLE_LEZER | NB_ROLE_COORDINATOR, NULL, "Kwetsbaarheid",
     "Kwetsbaarheid van het netwerk of één organisatie: competenties met één drager, gevraagde "
     "niveaus zonder drager, uitstroom binnen 1, 3 en 5 jaar, de verdeling van het werk "
     "(Gini, top 10 %) en de kartrekkers (namen alleen voor beheer en de eigen coördinator)",
     &nb_out_kwetsbaarheid, 200, nb_q_kwetsbaarheid, NULL, NULL},
    {"GET", "/api/v1/kwetsbaarheid/watals", nb_api_watals_get,
     NB_ROLE_BEHEER | NB_ROLE_LEZER | NB_ROLE_COORDINATOR, NULL, "Kwetsbaarheid",
     "Wat als deze medewerkers vertrekken: de teaming-engine berekent de werkvoorraad vóór en na "
     "vertrek (warm herberekend) en geeft het tekort per opdrachtregel en competentie, wie het "
     "kan overnemen en welke competenties naar één of geen drager gaan. Een GET: er wordt niets "
     "opgeslagen (namen alleen voor beheer en de eigen coördinator)",
     &nb_out_watals, 200, nb_q_watals, NULL, NULL},
    {"GET", "/api/v1/kwetsbaarheid/drie-k", nb_api_drie_k_get,
     NB_ROLE_BEHEER | NB_ROLE_LEZER | NB_ROLE_COORDINATOR, NULL, "Kwetsbaarheid",
     "De 3K's van één gemeente (kwetsbaarheid, kwaliteit, kosten): enkele cijfers per K uit de "
     "registratie, elk met een korte uitleg; alleen aantallen, geen namen",
     &nb_out_drie_k, 200, nb_q_drie_k, NULL, NULL},
    {"GET", "/api/v1/rapportages/college", nb_api_report_college,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR, NULL, "Rapportages",
     "Tussentijdse rapportage voor het college van een gemeente over een kwartaal: uren, saldo "
     "en verloop, opdrachten, bundeling, kwetsbaarheid, leerervaringen (coördinator: de eigen "
     "gemeente); ook als CSV, XLSX of PDF",
     &nb_out_rapportage, 200, nb_q_rapportage, NULL, nb_report_alternates},
    {"GET", "/api/v1/rapportages/raad", nb_api_report_raad,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER, NULL, "Rapportages",
     "Raadsinformatie: de rapportage van een kwartaal zonder persoonsgegevens, in eenvoudig "
     "Nederlands met uitleg bij elk cijfer; ook als CSV, XLSX of PDF",
     &nb_out_rapportage, 200, nb_q_rapportage, NULL, nb_report_alternates},
    {"GET", "/api/v1/rapportages/advies", nb_api_report_advies, NB_ROLE_BEHEER | NB_ROLE_LEZER,
     NULL, "Rapportages",
     "Adviesrapportage van de proeftuin: vermeden inhuur, gemeten besparing door bundeling, "
     "benutte capaciteit, enige dragers gedekt door het netwerk, evenwicht in de saldi en wat "
     "niet gemeten kon worden; elk cijfer met methode en bron; ook als CSV, XLSX of PDF",
     &nb_out_rapportage, 200, nb_q_advies, NULL, nb_report_alternates},
    {"GET", "/api/v1/organisaties/{id}/saldo", nb_api_saldo_get,
     NB_ROLE_BEHEER | NB_ROLE_LEZER | NB_ROLE_COORDINATOR, NULL, "Grootboek",
     "Het saldo van een organisatie (coördinator: alleen de eigen)", &nb_out_saldo, 200, NULL, NULL,
     NULL},
    {"GET", "/api/v1/organisaties/{id}/afschrift", nb_api_afschrift_get,
     NB_ROLE_BEHEER | NB_ROLE_LEZER | NB_ROLE_COORDINATOR, NULL, "Grootboek",
     "Afschrift over een periode: beginsaldo, elke boeking met tegenpartij, eindsaldo",
     &nb_out_afschrift, 200, nb_q_afschrift, NULL, NULL},
    {"GET", "/api/v1/organisaties/{id}/afschrift.csv", nb_api_afschrift_csv,
     NB_ROLE_BEHEER | NB_ROLE_LEZER | NB_ROLE_COORDINATOR, NULL, "Grootboek",
     "Afschrift als CSV voor Excel (puntkomma's, decimale komma, UTF-8 met BOM)", NULL, 200,
     nb_q_afschrift, "text/csv", NULL},
    {"GET", "/api/v1/inzetten", nb_api_inzet_list, NB_ROLES_ALL, NULL, "Inzet",
     "Inzet (geplande minuten van medewerkers op opdrachtregels) opvragen", &nb_out_inzet_lijst,
     200, nb_q_inzet, NULL, NULL},
    {"POST", "/api/v1/inzetten", nb_api_inzet_create, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR,
     &nb_schema_inzet, "Inzet",
     "Een medewerker op een opdrachtregel inzetten, als concept (coördinator: alleen op "
     "opdrachten van de eigen organisatie)",
     &nb_out_inzet, 201, NULL, NULL, NULL},
    {"GET", "/api/v1/inzetten/{id}", nb_api_inzet_get, NB_ROLES_ALL, NULL, "Inzet",
     "Een inzet opvragen, met de reserveringen in het grootboek", &nb_out_inzet, 200, NULL, NULL,
     NULL},
    {"PUT", "/api/v1/inzetten/{id}/status", nb_api_inzet_status,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR, &nb_schema_inzet_status, "Inzet",
     "Inzet bevestigen (reserveert de minuten bij de aanvragers; 422 als een organisatie te "
     "weinig ruimte heeft) of beëindigen (geeft de rest vrij)",
     &nb_out_inzet, 200, NULL, NULL, NULL},

    /* Deprecated paths (api/alias.c): the rows above under their old name. */
    {"GET", "/api/v1/inzet", nb_api_alias, NB_ROLES_ALL, NULL, "Inzet",
     "Verouderd: gebruik GET /inzetten (deze lijst heet daar _embedded.inzetten)",
     &nb_out_inzet_lijst_oud, 200, nb_q_inzet, NULL, NULL},
    {"POST", "/api/v1/inzet", nb_api_alias, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR, &nb_schema_inzet,
     "Inzet", "Verouderd: gebruik POST /inzetten", &nb_out_inzet, 201, NULL, NULL, NULL},
    {"GET", "/api/v1/inzet/{id}", nb_api_alias, NB_ROLES_ALL, NULL, "Inzet",
     "Verouderd: gebruik GET /inzetten/{id}", &nb_out_inzet, 200, NULL, NULL, NULL},
    {"PUT", "/api/v1/inzet/{id}/status", nb_api_alias, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR,
     &nb_schema_inzet_status, "Inzet", "Verouderd: gebruik PUT /inzetten/{id}/status",
     &nb_out_inzet, 200, NULL, NULL, NULL},

    {"GET", "/api/v1/urenregistraties", nb_api_uren_list, NB_ROLES_STAFF, NULL, "Urenregistraties",
     "Urenregistraties opvragen (medewerker: eigen uren en uren die hij beoordeelt; "
     "coördinator: van de eigen organisatie)",
     &nb_out_urenregistratie_lijst, 200, nb_q_uren, NULL, NULL},
    {"POST", "/api/v1/urenregistraties", nb_api_uren_create, NB_ROLES_STAFF,
     &nb_schema_urenregistratie, "Urenregistraties",
     "Gewerkte uren registreren (medewerker: alleen de eigen; coördinator: namens een medewerker "
     "van de eigen organisatie)",
     &nb_out_urenregistratie, 201, NULL, NULL, NULL},
    {"GET", "/api/v1/urenregistraties/{id}", nb_api_uren_get, NB_ROLES_STAFF, NULL,
     "Urenregistraties", "Een urenregistratie opvragen, met de boekingen van de goedkeuring",
     &nb_out_urenregistratie, 200, NULL, NULL, NULL},
    {"PUT", "/api/v1/urenregistraties/{id}/beoordeling", nb_api_uren_decide,
     NB_ROLE_BEHEER | NB_ROLE_MEDEWERKER, &nb_schema_beoordeling, "Urenregistraties",
     "Uren goedkeuren (boekt ze in het grootboek) of afkeuren, door de ambtelijk opdrachtgever "
     "of beheer",
     &nb_out_urenregistratie, 200, NULL, NULL, NULL},

    {"GET", "/api/v1/perioden", nb_api_periode_list, NB_ROLES_ALL, NULL, "Perioden",
     "Afgesloten perioden opvragen", &nb_out_periode_lijst, 200, nb_q_perioden, NULL, NULL},
    {"POST", "/api/v1/perioden", nb_api_periode_create, NB_ROLE_BEHEER, &nb_schema_periode,
     "Perioden",
     "Een periode afsluiten: uren daarin zijn niet meer te registreren of te beoordelen",
     &nb_out_periode, 201, NULL, NULL, NULL},
    {"GET", "/api/v1/perioden/{id}", nb_api_periode_get, NB_ROLES_ALL, NULL, "Perioden",
     "Een afgesloten periode opvragen", &nb_out_periode, 200, NULL, NULL, NULL},

    {"GET", "/api/v1/teamvoorstellen", nb_api_tv_list,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER, NULL, "Teamvoorstellen",
     "Teamvoorstellen opvragen, nieuwste eerst", &nb_out_teamvoorstel_lijst, 200,
     nb_q_teamvoorstellen, NULL, NULL},
    {"POST", "/api/v1/teamvoorstellen", nb_api_tv_create, NB_ROLE_BEHEER, &nb_schema_teamvoorstel,
     "Teamvoorstellen",
     "Een teamvoorstel laten maken voor een of meer (of alle geaccepteerde) opdrachten: inzet met "
     "redenen en kosten, tekorten met hun oorzaak, en het verschil met het zuivere optimum",
     &nb_out_teamvoorstel, 201, NULL, NULL, NULL},
    {"GET", "/api/v1/teamvoorstellen/{id}", nb_api_tv_get,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER, NULL, "Teamvoorstellen",
     "Een teamvoorstel opvragen (niveau, redenen en kosten alleen voor wie ze mag zien)",
     &nb_out_teamvoorstel, 200, NULL, NULL, NULL},
    {"POST", "/api/v1/teamvoorstellen/{id}/acceptatie", nb_api_tv_accept, NB_ROLE_BEHEER,
     &nb_schema_teamvoorstel_acceptatie, "Teamvoorstellen",
     "Een teamvoorstel geheel of per regel accepteren: maakt bevestigde inzet en reserveert de "
     "minuten (422 als een organisatie te weinig ruimte heeft; dan wordt niets vastgelegd)",
     &nb_out_teamvoorstel, 200, NULL, NULL, NULL},
    /* issue 10 §2: bundling with consent */
    {"GET", "/api/v1/bundelvoorstellen", nb_api_bundle_list, NB_ROLES_ALL, NULL,
     "Bundelvoorstellen",
     "Bundelvoorstellen opvragen met score, waarom en geschatte besparing (open voorstellen "
     "eerst, hoogste score eerst); wie niet van beheer is ziet alleen die over de eigen "
     "organisatie",
     &nb_out_bundelvoorstel_lijst, 200, nb_q_bundelvoorstellen, NULL, NULL},
    {"POST", "/api/v1/bundelvoorstellen", nb_api_bundle_refresh, NB_ROLE_BEHEER, NULL,
     "Bundelvoorstellen",
     "Bundeldetectie: vergelijkbare lokale opdrachten van verschillende gemeenten zoeken en als "
     "voorstel vastleggen; voorstellen met een opdracht die niet meer open is vervallen",
     &nb_out_bundeldetectie, 200, NULL, NULL, NULL},
    {"GET", "/api/v1/bundelvoorstellen/{id}", nb_api_bundle_get, NB_ROLES_ALL, NULL,
     "Bundelvoorstellen",
     "Een bundelvoorstel met de gemeenten, hun besluiten en (na afronding) de gemeten besparing",
     &nb_out_bundelvoorstel, 200, NULL, NULL, NULL},
    {"PUT", "/api/v1/bundelvoorstellen/{id}/instemmingen/{organisatie-id}", nb_api_bundle_decide,
     NB_ROLE_COORDINATOR | NB_ROLE_MEDEWERKER, &nb_schema_bundelinstemming, "Bundelvoorstellen",
     "Een gemeente stemt in met bundelen of wijst het af, met een notitie (een coördinator van "
     "die gemeente of de ambtelijk opdrachtgever van haar opdracht); stemt de laatste in, dan "
     "ontstaat één meervoudig-lokale opdracht en krijgen de oorspronkelijke de status "
     "samengevoegd; één afwijzing beëindigt het voorstel",
     &nb_out_bundelvoorstel, 200, NULL, NULL, NULL},
    /* urenbegroting.c: the hours budget of a year (issue 10 §3) */
    {"GET", "/api/v1/urenbegroting", nb_api_urenbegroting_get,
     NB_ROLE_BEHEER | NB_ROLE_LEZER | NB_ROLE_COORDINATOR, NULL, "Grootboek",
     "De urenbegroting van een jaar: per organisatie afgenomen, geleverd, gestort, gepland, "
     "saldo nu en prognose aan het jaareinde tegen de kredietlijn (coördinator: alleen de "
     "eigen); het totaal van het netwerk en hoeveel daarvan gedaan is",
     &nb_out_urenbegroting, 200, nb_q_urenbegroting, NULL, NULL},
    {"GET", "/api/v1/urenbegroting/tabel.csv", nb_api_urenbegroting_csv,
     NB_ROLE_BEHEER | NB_ROLE_LEZER | NB_ROLE_COORDINATOR, NULL, "Grootboek",
     "De urenbegroting als CSV voor Excel (puntkomma's, decimale komma, UTF-8 met BOM)", NULL, 200,
     nb_q_urenbegroting, "text/csv", NULL},
    {"GET", "/api/v1/urenbegroting/tabel.xlsx", nb_api_urenbegroting_xlsx,
     NB_ROLE_BEHEER | NB_ROLE_LEZER | NB_ROLE_COORDINATOR, NULL, "Grootboek",
     "De urenbegroting als Excel-werkmap (getallen met opmaak)", NULL, 200, nb_q_urenbegroting,
     NB_BUDGET_XLSX_TYPE, NULL},

    {"GET", "/api/v1/verrekeningen", nb_api_settle_list,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER, NULL, "Verrekeningen",
     "Verrekeningen opvragen, nieuwste periode eerst (zonder regels)", &nb_out_verrekening_lijst,
     200, nb_q_verrekeningen, NULL, NULL},
    {"POST", "/api/v1/verrekeningen", nb_api_settle_create, NB_ROLE_BEHEER, &nb_schema_verrekening,
     "Verrekeningen",
     "Een afgesloten periode verrekenen: per organisatie het saldo overboeken of in geld "
     "verrekenen tegen het uurtarief (boekingen tegen het netwerkfonds, alles of niets); "
     "idempotent per verzoekId",
     &nb_out_verrekening, 201, NULL, NULL, NULL},
    {"GET", "/api/v1/verrekeningen/voorstel", nb_api_settle_preview, NB_ROLE_BEHEER, NULL,
     "Verrekeningen",
     "Wat een verrekening nu zou doen (saldi, uren, bedragen), zonder iets te boeken",
     &nb_out_verrekenvoorstel, 200, nb_q_verrekenvoorstel, NULL, NULL},
    {"GET", "/api/v1/verrekeningen/{id}", nb_api_settle_get,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER, NULL, "Verrekeningen",
     "Een verrekening met haar regels (coördinator: alleen de regel van de eigen organisatie)",
     &nb_out_verrekening, 200, NULL, NULL, NULL},
    /* issue 10 §1: programmes and the work stock */
    {"GET", "/api/v1/programmas", nb_api_prog_list, NB_ROLES_ALL, NULL, "Programma's",
     "Programma's opvragen: het regionale werkprogramma (rMJP) en gemeentelijke programma's",
     &nb_out_programma_lijst, 200, nb_q_prog, NULL, NULL},
    {"POST", "/api/v1/programmas", nb_api_prog_create, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR,
     &nb_schema_programma, "Programma's",
     "Een programma maken (coördinator: alleen een gemeentelijk programma van de eigen gemeente)",
     &nb_out_programma, 201, NULL, NULL, NULL},
    {"GET", "/api/v1/programmas/{id}", nb_api_prog_get, NB_ROLES_ALL, NULL, "Programma's",
     "Een programma opvragen (de opdrachten erin: _links.opdrachten)", &nb_out_programma, 200, NULL,
     NULL, NULL},
    {"PUT", "/api/v1/programmas/{id}", nb_api_prog_update, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR,
     &nb_schema_programma, "Programma's",
     "Een programma wijzigen (coördinator: alleen een gemeentelijk programma van de eigen "
     "gemeente)",
     &nb_out_programma, 200, NULL, NULL, NULL},
    {"GET", "/api/v1/werkvoorraad", nb_api_werkvoorraad_get,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER, NULL, "Werkvoorraad",
     "De werkvoorraad per maand: gevraagde uren per competentie en niveau tegen de beschikbare "
     "uren van het netwerk, met overbelaste maanden (geen namen)",
     &nb_out_werkvoorraad, 200, nb_q_werkvoorraad, NULL, NULL},
};

const size_t nb_routes_count = sizeof nb_routes / sizeof nb_routes[0];

int nb_api_route_rows(const nb_route *route)
{
    /* The approval of hours: store/entry_flow.h locks the entry, its
     * allocation and the ledger accounts (nb_entry_get's read, the ledger's
     * account read). */
    return route->handler == nb_api_uren_decide;
}
