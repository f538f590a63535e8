/*
 * main.c — entry point of the `noaber` binary; all work is in the subcommands.
 */
#include "cli/cli.h"

int main(int argc, char **argv)
{
    return nb_cli_main(argc, argv);
}
