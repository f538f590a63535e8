/*
 * cli/cmd_version.c — `noaber version`: the program and schema versions.
 */
#include "cli/cli.h"

#include <stdio.h>

#ifndef NB_VERSION
#define NB_VERSION "0.0.0"
#endif

int nb_cmd_version(int argc, char **argv)
{
    if (nb_cli_wants_help(argc, argv)) {
        printf("usage: noaber version\n\nPrints the version of noaber.\n");
        return NB_EXIT_OK;
    }
    printf("noaber %s\n", NB_VERSION);
    return NB_EXIT_OK;
}
