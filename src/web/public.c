/*
 * web/public.c — the public pages: start page, toegankelijkheidsverklaring,
 * privacyverklaring (logging in: web/account.c).
 */
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"

#include <string.h>

#define P_OPEN "<p class=\"utrecht-paragraph\">"
#define H2_OPEN "<h2 class=\"utrecht-heading-2\">"

int nb_web_home(nb_web_req *w, nb_resp *resp)
{
    nb_buf b = NB_BUF_INIT;
    nb_web_begin(&b, w);
    nb_html_lit(
        &b,
        "<p class=\"utrecht-paragraph utrecht-paragraph--lead\">noaber helpt gemeenten in een "
        "netwerk om mensen en uren met elkaar te delen.</p>\n" P_OPEN
        "Een gemeente vraagt hulp bij een opdracht; het netwerk stelt een team samen uit "
        "medewerkers van de deelnemende organisaties; de gewerkte uren worden geboekt in een "
        "gezamenlijk urengrootboek. Zo ziet iedere gemeente wat zij aan het netwerk gaf en wat "
        "zij ervan kreeg.</p>\n" H2_OPEN "Wat u hier kunt doen</h2>\n"
        "<ul class=\"utrecht-unordered-list\">\n"
        "<li class=\"utrecht-unordered-list__item\">Bekijk <a class=\"utrecht-link\" "
        "href=\"/netwerk\">het netwerk</a>: de deelnemende organisaties en hun urensaldo.</li>\n"
        "<li class=\"utrecht-unordered-list__item\"><a class=\"utrecht-link\" "
        "href=\"/inloggen\">Inloggen</a> als netwerk-MT, coördinator, opdrachtgever, medewerker "
        "of lezer.</li>\n"
        "</ul>\n" P_OPEN "Programmeurs en koppelingen gebruiken de <a class=\"utrecht-link\" "
        "href=\"/api/v1/openapi.json\">API (OpenAPI-beschrijving)</a> met een token.</p>\n");
    nb_web_end(&b);
    return nb_web_reply(resp, 200, &b);
}

int nb_web_accessibility(nb_web_req *w, nb_resp *resp)
{
    nb_buf b = NB_BUF_INIT;
    nb_web_begin(&b, w);
    nb_html_lit(
        &b, P_OPEN
        "Het netwerk wil dat iedereen noaber kan gebruiken, ook met een beperking. "
        "Deze verklaring gaat over de webapplicatie van noaber.</p>\n" H2_OPEN
        "Nalevingsstatus</h2>\n" P_OPEN
        "noaber is gebouwd volgens de Web Content Accessibility Guidelines (WCAG) 2.1 op "
        "niveau A en AA en de EN 301 549. Iedere pagina wordt bij elke wijziging automatisch "
        "getoetst met axe-core en met alleen het toetsenbord bediend. Een onderzoek door een "
        "onafhankelijke partij is nog niet gedaan; tot dan is de status: "
        "<strong>voldoet gedeeltelijk</strong>.</p>\n" H2_OPEN "Wat wij doen</h2>\n"
        "<ul class=\"utrecht-unordered-list\">\n"
        "<li class=\"utrecht-unordered-list__item\">Alle functies werken zonder JavaScript en met "
        "alleen het toetsenbord; de focus is steeds zichtbaar.</li>\n"
        "<li class=\"utrecht-unordered-list__item\">Pagina's zijn bruikbaar vanaf 320 pixels breed "
        "en bij 200% zoom.</li>\n"
        "<li class=\"utrecht-unordered-list__item\">Bij iedere grafiek staat een tabel met dezelfde "
        "cijfers.</li>\n"
        "<li class=\"utrecht-unordered-list__item\">Foutmeldingen staan bij het veld en in een "
        "overzicht bovenaan het formulier.</li>\n"
        "</ul>\n" H2_OPEN "Problemen melden</h2>\n" P_OPEN
        "Loopt u tegen een probleem aan? Meld het bij de functioneel beheerder van uw "
        "netwerk (netwerk-MT). U krijgt binnen vijf werkdagen antwoord.</p>\n");
    nb_web_end(&b);
    return nb_web_reply(resp, 200, &b);
}

int nb_web_privacy(nb_web_req *w, nb_resp *resp)
{
    nb_buf b = NB_BUF_INIT;
    nb_web_begin(&b, w);
    nb_html_lit(
        &b, P_OPEN
        "In noaber staan gegevens van medewerkers van de organisaties in het netwerk. "
        "Deze verklaring zegt welke gegevens dat zijn, waarvoor ze worden gebruikt en wie ze "
        "ziet.</p>\n" H2_OPEN "Welke gegevens</h2>\n"
        "<ul class=\"utrecht-unordered-list\">\n"
        "<li class=\"utrecht-unordered-list__item\">Naam, organisatie, competenties met niveau, "
        "beschikbaarheid en leerwensen van medewerkers.</li>\n"
        "<li class=\"utrecht-unordered-list__item\">Op welke opdrachten iemand werkt en de "
        "geregistreerde uren.</li>\n"
        "<li class=\"utrecht-unordered-list__item\">Wie wat heeft gewijzigd (het auditlog).</li>\n"
        "</ul>\n" H2_OPEN "Waarvoor</h2>\n" P_OPEN
        "Alleen om teams samen te stellen voor opdrachten in het netwerk en om de gewerkte "
        "uren tussen de organisaties te verrekenen (de samenwerkingsafspraak van het netwerk is "
        "de grondslag).</p>\n" H2_OPEN "Wie ziet wat</h2>\n" P_OPEN
        "Het netwerk-MT ziet alles. Een coördinator ziet de medewerkers van de eigen "
        "organisatie. Een medewerker ziet de eigen gegevens. Lezers (college, raad) zien alleen "
        "cijfers zonder persoonsgegevens, zoals de pagina <a class=\"utrecht-link\" "
        "href=\"/netwerk\">Het netwerk</a>.</p>\n" H2_OPEN "Bewaren en uw rechten</h2>\n" P_OPEN
        "Boekingen worden nooit gewist, zodat de verrekening controleerbaar blijft. U kunt "
        "uw gegevens inzien en laten corrigeren via de coördinator van uw organisatie; de "
        "functionaris gegevensbescherming van uw gemeente helpt bij vragen of klachten.</p>\n");
    nb_web_end(&b);
    return nb_web_reply(resp, 200, &b);
}
