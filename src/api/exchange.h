/*
 * api/exchange.h — export and import of the registry as one JSON document.
 *
 * Both go through the API's own handlers, in process, as network management:
 * export pages through the list routes; import sends every record to the
 * create route (so it is validated exactly like an API request, audited, and
 * its references checked), remapping ids, and then walks each assignment to
 * its exported status along legal transitions. The caller owns the
 * transaction: import is all or nothing.
 *
 * Consents (DOMAIN rule 9): each exported assignment carries "instemmingen",
 * its consent records except the network's acceptance (organisatieId,
 * wijze, aandeel, totaalAandelen, door, rol, notitie, aangemaakt). Import
 * stores them with their original who and when and marks them imported
 * (geimporteerd = the time of the import); the status walk by network
 * management records the acceptance of regional assignments again. An
 * assignment that is not regional and has two or more requesters must carry
 * a consent covering each requester, or the import is refused.
 *
 * Document: {"noaber":"registry","formaat":1,"organisaties":[...],
 * "competenties":[...],"rolprofielen":[...],"medewerkers":[...],
 * "programmas":[...],"opdrachten":[...]} with the API's representations (an
 * assignment's programmaId is remapped to its imported programme; a document
 * without "programmas", from before issue 10, imports as before). Import
 * sends every field the create route's schema knows, into nested lists
 * (nb_x_project): so a line's month profile (regels[i].maandprofiel) goes
 * both ways and is checked as on a POST.
 */
#ifndef NB_API_EXCHANGE_H
#define NB_API_EXCHANGE_H

#include "store/store.h"

#include <jansson.h>

/* Builds the export document into *out (caller owns). 0 = ok. */
int nb_exchange_export(nb_store *st, json_t **out, nb_err *err);

/*
 * Imports doc into the store (inside the caller's transaction). On failure
 * err names the record ("medewerkers[12]") and every problem of it; counts
 * (may be NULL) receives how many records of each kind were created.
 */
typedef struct nb_exchange_counts {
    int organisations, competencies, profiles, people, programmes, assignments;
} nb_exchange_counts;
int nb_exchange_import(nb_store *st, const json_t *doc, nb_exchange_counts *counts, nb_err *err);

#endif
