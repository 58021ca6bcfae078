/*
** main.c: acsctl, the command-line tool of libacctstate. This file holds
** the table of subcommands and the top-level help; each subcommand lives in
** its own file (policy.c, logs.c, simulate.c) and shares cli.c's helpers.
**
** Exit codes: 0 done, 1 a finding or a refusal, 2 bad usage or bad input.
*/
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_command commands[] = {
    {"lint", "report what a policy lets happen (the linter's findings)", cmd_lint},
    {"dot", "draw a policy as a Graphviz diagram (--svg OUT to render it)", cmd_dot},
    {"fmt", "write a policy in canonical text", cmd_fmt},
    {"verify", "verify the hash chain of a log of records", cmd_verify},
    {"replay", "replay a log against a policy and check every record", cmd_replay},
    {"show", "show an account as a log left it at a given time", cmd_show},
    {"simulate", "run a population of accounts under policies and compare them",
     cmd_simulate},
};
#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

static void help(FILE *out)
{
    fprintf(out,
            "usage: acsctl COMMAND [ARGUMENTS]\n"
            "       acsctl COMMAND --help\n"
            "       acsctl --version\n"
            "\n"
            "Commands:\n");
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\n"
            "A POLICY is a preset name (default, consumer, discretionary) or the\n"
            "path of a policy text file (docs/policy-format.md).\n"
            "\n"
            "Exit status: 0 done, 1 a finding or a refusal, 2 bad usage or bad input.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        help(stderr);
        return EXIT_BAD_INPUT;
    }
    const char *name = argv[1];
    if (cli_is_help(name) || strcmp(name, "help") == 0) {
        help(stdout);
        return cli_finish(EXIT_OK);
    }
    if (strcmp(name, "--version") == 0) {
        printf("acsctl %s (libacctstate %s)\n", ACS_VERSION_STRING, acs_version_string());
        return cli_finish(EXIT_OK);
    }
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        if (strcmp(name, commands[i].name) == 0)
            return cli_finish(commands[i].run(argc - 1, argv + 1));
    }
    fprintf(stderr, "acsctl: no command named '%s'\n(see acsctl --help)\n", name);
    return EXIT_BAD_INPUT;
}
