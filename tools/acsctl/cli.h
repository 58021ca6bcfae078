/*
** cli.h: what every acsctl subcommand shares: the exit codes, the command
** table's row, error messages in one form, the arguments of a command that
** takes one operand, decimal numbers, reading a whole file, naming a policy
** (a preset or a policy file), times and counts written as text.
**
** The library performs no I/O; acsctl is where files are opened, the clock
** is read and text is printed. Every subcommand is a function
** `int cmd_NAME(int argc, char **argv)` whose argv[0] is the subcommand's
** name; it returns one of the exit codes below.
*/
#ifndef ACSCTL_CLI_H
#define ACSCTL_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "acctstate.h"

/* Exit codes a script can rely on. */
#define EXIT_OK 0        /* done, nothing to report */
#define EXIT_FINDING 1   /* a lint warning or error, a verification or
                            replay finding, a refusal */
#define EXIT_BAD_INPUT 2 /* bad usage, or a file that cannot be read or
                            parsed */

/* The largest file acsctl reads whole: a policy text, or a log of records
** (a million records in binary form are 216 MB). */
#define CLI_FILE_MAX ((size_t)1 << 30)

/* One subcommand. */
typedef struct cli_command {
    const char *name;
    const char *summary;                /* one line for `acsctl --help` */
    int (*run)(int argc, char **argv);  /* argv[0] is the name */
} cli_command;

/* The subcommands (each in its own file). */
int cmd_lint(int argc, char **argv);
int cmd_dot(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_simulate(int argc, char **argv);

/* 1 when arg is -h or --help. */
int cli_is_help(const char *arg);

/* Prints "acsctl COMMAND: MESSAGE" and a pointer to COMMAND --help on
** stderr; returns EXIT_BAD_INPUT. For bad usage. */
int cli_usage_error(const char *command, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints "acsctl: MESSAGE" on stderr; returns EXIT_BAD_INPUT. For input
** that cannot be read or used; MESSAGE usually starts with the file name. */
int cli_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Reads an option with a value at argv[*i]: "--name VALUE" (moving *i past
** the value) or "--name=VALUE". Returns 1 and sets *value when argv[*i] is
** that option, 0 when it is another argument, -1 (after a usage error on
** stderr naming command) when the value is missing. */
int cli_option(const char *command, int argc, char **argv, int *i, const char *name,
               const char **value);

/* 1 when any argument before "--" asks for help (cli_is_help). */
int cli_wants_help(int argc, char **argv);

/* One option of a command: a valued option ("--name VALUE" or
** "--name=VALUE") stores its value through value; a flag option (value
** NULL) sets *flag to 1. The last one given counts. A list of them ends
** with a NULL name. */
typedef struct cli_spec {
    const char *name;
    const char **value;
    int *flag;
} cli_spec;

/* Reads argv[1 ..], argv[0] being the command's name: the options of specs
** and exactly one operand, called operand_name in messages ("POLICY",
** "LOG"); "--" ends the options. First sets every value of specs and
** *operand to NULL and every flag to 0. Returns 0, or EXIT_BAD_INPUT after
** a usage error: an unknown option, an option's missing value, a second
** operand or none. */
int cli_parse_args(int argc, char **argv, const cli_spec *specs, const char *operand_name,
                   const char **operand);

/* Reads a decimal number: the whole of text, digits only (no sign, no
** space), in min .. max. Returns 0 and sets *value, or -1 (leaving *value
** as it was) when text is not such a number. */
int cli_parse_u64(const char *text, uint64_t min, uint64_t max, uint64_t *value);

/* Reads a whole file (at most CLI_FILE_MAX bytes) into a new buffer the
** caller frees; "-" is standard input. Returns 0, or EXIT_BAD_INPUT after
** an error on stderr that names the path. *data is NULL on failure. */
int cli_read_file(const char *path, char **data, size_t *length);

/* A policy named on the command line: a preset name ("default",
** "consumer", "discretionary") or the path of a policy text file. Builds it
** into *policy. Returns 0, or EXIT_BAD_INPUT after an error on stderr
** (FILE:LINE:COLUMN: message for a text the parser refuses). */
int cli_load_policy(const char *spec, acs_policy *policy);

/* The acs_preset a preset name ("default", "consumer", "discretionary")
** stands for; 0 when name is none of them. */
int cli_preset_named(const char *name);

/* The name of preset number index (0, 1, ...) in the order above; NULL past
** the last. */
const char *cli_preset_name(size_t index);

/* The preset whose fingerprint is fingerprint, into *policy; 0 when found,
** -1 when no preset has it. */
int cli_preset_by_fingerprint(const uint8_t fingerprint[ACS_DIGEST_SIZE], acs_policy *policy);

/* Parses a time: milliseconds since 1970 as a plain integer, or an ISO 8601
** UTC date and time "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "YYYY-MM-DDTHH:MM:SS"
** or with ".mmm", each optionally ending in "Z". Returns 0, or -1 when the
** text is none of those or is out of 0 .. ACS_TIME_MAX_MS. */
int cli_parse_time(const char *text, int64_t *time_ms);

/* Writes time_ms as "YYYY-MM-DDTHH:MM:SSZ" (".mmm" added when the
** milliseconds are not 0) into buf; "-" for 0 (no time). */
#define CLI_TIME_TEXT_MAX 48
void cli_format_time(int64_t time_ms, char buf[CLI_TIME_TEXT_MAX]);

/* Writes a day number (days since 1970-01-01) as "YYYY-MM-DD". */
void cli_format_date(int64_t day, char buf[CLI_TIME_TEXT_MAX]);

/* Writes value with a comma every three digits ("1,234,567") into buf. */
#define CLI_COUNT_TEXT_MAX 32
void cli_format_count(uint64_t value, char buf[CLI_COUNT_TEXT_MAX]);

/* Flushes standard output; EXIT_BAD_INPUT with a message when writing it
** failed, else status. */
int cli_finish(int status);

#endif /* ACSCTL_CLI_H */
