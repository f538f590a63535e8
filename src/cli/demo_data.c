/*
 * cli/demo_data.c — fixed tables of the demo network (see demo_data.h).
 *
 * Inhabitants and areas are rounded figures of the real municipalities
 * (CBS, 2023); formation, caseload and fund figures are plausible, not real.
 */
#include "cli/demo_data.h"

static const nb_demo_member nb_demo_drechtsteden[] = {
    {"GM0482", "gemeente", "Alblasserdam", 20400, 1000, 14500, 610, 31000000},
    {"GM0505", "gemeente", "Dordrecht", 121200, 9950, 98000, 4800, 212000000},
    {"GM0523", "gemeente", "Hardinxveld-Giessendam", 18500, 1900, 12800, 520, 28000000},
    {"GM0531", "gemeente", "Hendrik-Ido-Ambacht", 31800, 1160, 19500, 790, 41000000},
    {"GM0590", "gemeente", "Papendrecht", 32600, 1080, 21000, 880, 45000000},
    {"GM0610", "gemeente", "Sliedrecht", 25800, 1480, 17000, 820, 38000000},
    {"GM0642", "gemeente", "Zwijndrecht", 45300, 2250, 30500, 1500, 66000000},
    {"POOL-DS", "pool", "Regionale pool Drechtsteden", 0, 0, 4000, 0, 0},
};

static const nb_demo_member nb_demo_twente[] = {
    {"GM1774", "gemeente", "Dinkelland", 26500, 17650, 16500, 640, 39000000},
    {"GM0168", "gemeente", "Losser", 22800, 9990, 15500, 700, 35000000},
    {"GM0173", "gemeente", "Oldenzaal", 32000, 2240, 21500, 1100, 47000000},
    {"GM0183", "gemeente", "Tubbergen", 21500, 14740, 13500, 520, 32000000},
    {"POOL-NOT", "pool", "Regionale pool Noordoost-Twente", 0, 0, 2500, 0, 0},
};

const nb_demo_network nb_demo_networks[] = {
    {"drechtsteden", nb_demo_drechtsteden, sizeof nb_demo_drechtsteden / sizeof nb_demo_drechtsteden[0]},
    {"noordoost-twente", nb_demo_twente, sizeof nb_demo_twente / sizeof nb_demo_twente[0]},
};
const size_t nb_demo_nnetworks = sizeof nb_demo_networks / sizeof nb_demo_networks[0];

/* Domain order matches nb_demo_titles: sociaal, fysiek, bedrijfsvoering,
 * dienstverlening, veiligheid, bestuur-en-strategie. */
const nb_demo_comp nb_demo_comps[] = {
    {"SOC-JEUGD", "Jeugdhulp en Jeugdwet", "sociaal", 0},
    {"SOC-WMO", "Wmo-indicatiestelling", "sociaal", 0},
    {"SOC-PART", "Participatiewet en re-integratie", "sociaal", 0},
    {"SOC-SCHULD", "Schuldhulpverlening", "sociaal", 0},
    {"SOC-ONDERW", "Onderwijshuisvesting en leerplicht", "sociaal", 0},
    {"SOC-GEZOND", "Publieke gezondheid", "sociaal", 0},
    {"SOC-INBURG", "Inburgering", "sociaal", 0},
    {"SOC-SPORT", "Sport en bewegen", "sociaal", 0},
    {"SOC-CULT", "Cultuur en erfgoed", "sociaal", 0},
    {"SOC-WIJK", "Wijkgericht werken", "sociaal", 0},
    {"FYS-RO", "Ruimtelijke ordening", "fysiek", 0},
    {"FYS-OMGW", "Omgevingswet en omgevingsplan", "fysiek", 0},
    {"FYS-VERGUN", "Vergunningverlening", "fysiek", 0},
    {"FYS-HANDH", "Toezicht en handhaving", "fysiek", 0},
    {"FYS-MILIEU", "Milieu en bodem", "fysiek", 0},
    {"FYS-ENERGIE", "Energietransitie", "fysiek", 0},
    {"FYS-MOBIL", "Mobiliteit en verkeer", "fysiek", 0},
    {"FYS-WONEN", "Volkshuisvesting", "fysiek", 0},
    {"FYS-BEHEER", "Beheer openbare ruimte", "fysiek", 0},
    {"FYS-WATER", "Water en klimaatadaptatie", "fysiek", 1},
    {"FYS-GIS", "Geo-informatie", "fysiek", 1},
    {"BV-FIN", "Financieel advies en begroting", "bedrijfsvoering", 0},
    {"BV-CONTROL", "Control en rechtmatigheid", "bedrijfsvoering", 0},
    {"BV-HRM", "Personeel en organisatie", "bedrijfsvoering", 0},
    {"BV-ICT", "Informatievoorziening en ICT", "bedrijfsvoering", 0},
    {"BV-INKOOP", "Inkoop en aanbesteding", "bedrijfsvoering", 0},
    {"BV-JUR", "Juridische zaken", "bedrijfsvoering", 0},
    {"BV-FACIL", "Facilitaire zaken en huisvesting", "bedrijfsvoering", 0},
    {"BV-COMM", "Communicatie", "bedrijfsvoering", 0},
    {"BV-ARCHIEF", "Documentaire informatievoorziening", "bedrijfsvoering", 0},
    {"BV-PRIVACY", "Privacy en AVG", "bedrijfsvoering", 1},
    {"BV-DATA", "Data-analyse", "bedrijfsvoering", 1},
    {"BV-INFOSEC", "Informatiebeveiliging", "bedrijfsvoering", 1},
    {"DV-KCC", "Klantcontact", "dienstverlening", 0},
    {"DV-BURGZ", "Burgerzaken en BRP", "dienstverlening", 0},
    {"DV-BELAST", "Belastingen en WOZ", "dienstverlening", 0},
    {"DV-DIGI", "Digitale dienstverlening", "dienstverlening", 0},
    {"DV-KLACHT", "Klachten en bezwaar", "dienstverlening", 0},
    {"DV-VERKIEZ", "Verkiezingen", "dienstverlening", 1},
    {"DV-TAAL", "Heldere taal", "dienstverlening", 0},
    {"DV-ONDERN", "Ondernemersdienstverlening", "dienstverlening", 0},
    {"VG-OOV", "Openbare orde en veiligheid", "veiligheid", 0},
    {"VG-CRISIS", "Crisisbeheersing", "veiligheid", 0},
    {"VG-ONDERM", "Ondermijning", "veiligheid", 1},
    {"VG-BIBOB", "Bibob-onderzoek", "veiligheid", 1},
    {"VG-ZORGV", "Zorg en veiligheid", "veiligheid", 0},
    {"VG-BRAND", "Brandveiligheid en evenementen", "veiligheid", 0},
    {"BS-STRAT", "Strategie en beleidsontwikkeling", "bestuur-en-strategie", 0},
    {"BS-BESTADV", "Bestuursadvisering", "bestuur-en-strategie", 0},
    {"BS-REGIO", "Regionale samenwerking", "bestuur-en-strategie", 0},
    {"BS-PROGR", "Programmamanagement", "bestuur-en-strategie", 0},
    {"BS-PROJ", "Projectmanagement", "bestuur-en-strategie", 0},
    {"BS-PARTIC", "Burgerparticipatie", "bestuur-en-strategie", 0},
    {"BS-ECON", "Economische zaken", "bestuur-en-strategie", 0},
    {"BS-EUROPA", "Europese subsidies en lobby", "bestuur-en-strategie", 1},
    {"BS-ONDERZ", "Onderzoek en statistiek", "bestuur-en-strategie", 1},
    {"BS-CHANGE", "Verandermanagement", "bestuur-en-strategie", 0},
};
const size_t nb_demo_ncomps = sizeof nb_demo_comps / sizeof nb_demo_comps[0];

/* Lochem's four government roles (seed 003). */
const nb_demo_profile nb_demo_profiles[] = {
    {"Retro in Control",
     "De rechtmatige overheid: regels, procedures en verantwoording op orde.",
     {"BV-CONTROL", "BV-JUR", "FYS-VERGUN", "FYS-HANDH", "BV-FIN", NULL},
     {30, 25, 15, 15, 15}},
    {"Manoeuvres in de Markt",
     "De presterende overheid: resultaten leveren, sturen op output en contracten.",
     {"BV-INKOOP", "BS-PROJ", "BV-FIN", "DV-KCC", "BS-PROGR", NULL},
     {25, 25, 20, 15, 15}},
    {"Maatschappelijke Carrousel",
     "De netwerkende overheid: samen met partners in het netwerk werken aan opgaven.",
     {"BS-REGIO", "BS-PARTIC", "SOC-WIJK", "BS-STRAT", "BV-COMM", NULL},
     {25, 25, 20, 15, 15}},
    {"Flashmob",
     "De responsieve overheid: ruimte voor initiatieven uit de samenleving.",
     {"BS-PARTIC", "BS-CHANGE", "BV-COMM", "SOC-WIJK", NULL},
     {30, 30, 20, 20}},
};
const size_t nb_demo_nprofiles = sizeof nb_demo_profiles / sizeof nb_demo_profiles[0];

const char *const nb_demo_first_names[] = {
    "Anne", "Bram", "Daan", "Emma", "Fleur", "Gijs", "Hanna", "Ilse", "Jeroen", "Kim",
    "Lars", "Marloes", "Niels", "Olga", "Pieter", "Quinten", "Roos", "Sander", "Tessa", "Ufuk",
    "Vera", "Willem", "Yasmina", "Zoë", "Ahmed", "Bianca", "Chantal", "Dirk", "Esther", "Frank",
    "Gerda", "Henk", "Ingrid", "Jan", "Karin", "Leon", "Mirjam", "Nadia", "Otto", "Petra",
    "Rik", "Sanne", "Thijs", "Wendy", "Youssef", "Annemiek", "Bart", "Corine", "Dewi", "Erik",
    "Fatima", "Gert-Jan", "Hilde", "Ivo", "Joyce", "Koen", "Linda", "Mark", "Noor", "Ruud",
};
const size_t nb_demo_nfirst = sizeof nb_demo_first_names / sizeof nb_demo_first_names[0];

const char *const nb_demo_last_names[] = {
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
    "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
    "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
    "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
    "van den Broek", "de Bruijn", "de Bruin", "van der Heijden", "Schouten", "van Beek", "Willems",
    "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam", "Prins",
    "Blom", "Huisman", "Peeters", "Kuipers", "Wolters", "Nijhuis", "Oude Groeniger", "Kamphuis",
    "Ter Horst", "Bulut", "El Amrani", "Yilmaz", "Nguyen",
};
const size_t nb_demo_nlast = sizeof nb_demo_last_names / sizeof nb_demo_last_names[0];

const char *const nb_demo_titles[6][4] = {
    {"Beleidsadviseur sociaal domein", "Consulent Wmo", "Jeugdconsulent", "Klantmanager werk en inkomen"},
    {"Beleidsadviseur ruimte", "Vergunningverlener", "Toezichthouder", "Projectleider openbare ruimte"},
    {"Financieel adviseur", "HR-adviseur", "Informatiemanager", "Jurist"},
    {"Klantcontactmedewerker", "Medewerker burgerzaken", "Belastingadviseur", "Adviseur dienstverlening"},
    {"Adviseur openbare orde en veiligheid", "Beleidsmedewerker veiligheid", "Crisiscoördinator", "Bibob-coördinator"},
    {"Strateeg", "Bestuursadviseur", "Programmamanager", "Projectleider"},
};

const char *const nb_demo_assignment_topics[6][6] = {
    {"Herijking jeugdhulpbeleid", "Aanpak armoede en schulden", "Inkoop Wmo-voorzieningen",
     "Integrale wijkteams", "Doorbraakaanpak arbeidsmarkt", "Sportakkoord"},
    {"Omgevingsplan", "Warmtevisie", "Woningbouwversnelling", "Mobiliteitsplan fiets",
     "Klimaatadaptatie hittekaart", "Beheerplan groen"},
    {"Begroting en kadernota", "Rechtmatigheidsverantwoording", "Migratie zaaksysteem",
     "Strategische personeelsplanning", "Informatiebeveiliging BIO", "Aanbesteding schoonmaak"},
    {"Digitaal loket", "Klanttevredenheidsonderzoek", "Heldere brieven", "WOZ-bezwaren piek",
     "Verkiezingen organisatie", "Ondernemersloket"},
    {"Aanpak ondermijning", "Crisisplan hoogwater", "Evenementenbeleid", "Zorg- en veiligheidshuis",
     "Bibob-beleid", "Cameratoezicht evaluatie"},
    {"Regionale koers", "Raadsprogramma", "Samenwerkingsagenda", "Burgerberaad",
     "Economische visie", "Europese subsidieaanvraag"},
};
