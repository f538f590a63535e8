/*
 * cli/cmd_openapi.c — `noaber openapi`: prints the OpenAPI document of the
 * API, the same one GET /api/v1/openapi.json answers, without a database or a
 * server. For client generators and for the contract check in `make test`
 * (tests/contract: Spectral with the ADR ruleset).
 */
#include "cli/cli.h"

#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>

int nb_cmd_openapi(int argc, char **argv)
{
    if (nb_cli_wants_help(argc, argv)) {
        printf("usage: noaber openapi\n\nPrints the OpenAPI 3 document of the API (JSON) on "
               "standard output:\nthe one GET /api/v1/openapi.json answers.\n");
        return NB_EXIT_OK;
    }
    if (argc > 1) {
        fprintf(stderr, "noaber openapi: unexpected argument '%s'\n", argv[1]);
        return NB_EXIT_USAGE;
    }
    json_t *doc = nb_api_openapi_document(nb_routes, nb_routes_count);
    char *text = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(15)) : NULL;
    json_decref(doc);
    if (text == NULL) {
        fprintf(stderr, "noaber openapi: out of memory\n");
        return NB_EXIT_FAIL;
    }
    int ok = fputs(text, stdout) >= 0 && fputc('\n', stdout) != EOF;
    free(text);
    return ok ? NB_EXIT_OK : NB_EXIT_FAIL;
}
