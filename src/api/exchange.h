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
 * Document: {"noaber":"registry","formaat":1,"organisaties":[...],
 * "competenties":[...],"rolprofielen":[...],"medewerkers":[...],
 * "opdrachten":[...]} with the API's representations.
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
    int organisations, competencies, profiles, people, assignments;
} nb_exchange_counts;
int nb_exchange_import(nb_store *st, const json_t *doc, nb_exchange_counts *counts, nb_err *err);

#endif
