/*
** policy.c: a policy file, from the command line, through the library's
** policy text API.
**
**   policy fmt FILE    the policy in canonical text (acs_policy_format)
**   policy lint FILE   the linter's findings, one a line, in the form
**                      "severity CODE_NAME rule index: message"
**                      (acs_policy_lint; rule and index are -1 when the
**                      finding is not about one rule or one value)
**   policy dot FILE    the policy as a Graphviz digraph (acs_policy_dot);
**                      `policy dot FILE | dot -Tsvg > FILE.svg` draws it
**
** It shows the path from a file to each output: the program reads the file
** (the library opens none), parses it with acs_policy_parse, and sizes each
** output buffer by asking the library for the length first, as one does
** with snprintf. lint parses with ACS_PARSE_UNCHECKED, so that rules
** acs_policy_build would refuse still reach the linter, which reports the
** problem as an INVALID finding among the others; fmt and dot parse with
** the checks on, so their input always builds.
**
** Errors go to stderr as FILE:LINE:COLUMN: message. Exit status: 0 done,
** 1 lint found a warning or an error, 2 bad usage or bad input.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acctstate.h"

#define EXIT_FINDINGS 1
#define EXIT_BAD_INPUT 2
#define POLICY_FILE_MAX (1024 * 1024) /* a policy text is a few kilobytes */
#define READ_CHUNK 4096

static const char *program = "policy";

static int usage(void)
{
    fprintf(stderr,
            "usage: %s fmt FILE    print the policy in canonical text\n"
            "       %s lint FILE   print the linter's findings\n"
            "       %s dot FILE    print the policy as a Graphviz digraph\n",
            program, program, program);
    return EXIT_BAD_INPUT;
}

/* Reads the whole file into a new buffer; *length gets its size. NULL,
** with the reason on stderr, when it cannot. */
static char *read_file(const char *path, size_t *length)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return NULL;
    }
    char *text = NULL;
    size_t size = 0;
    for (;;) {
        if (size + READ_CHUNK > POLICY_FILE_MAX) {
            fprintf(stderr, "%s: too long (the limit is %d bytes)\n", path, POLICY_FILE_MAX);
            break;
        }
        char *grown = realloc(text, size + READ_CHUNK);
        if (grown == NULL) {
            fprintf(stderr, "%s: out of memory\n", path);
            break;
        }
        text = grown;
        size_t got = fread(text + size, 1, READ_CHUNK, file);
        size += got;
        if (got < READ_CHUNK) {
            if (ferror(file)) {
                fprintf(stderr, "%s: %s\n", path, strerror(errno));
                break;
            }
            fclose(file);
            *length = size;
            return text;
        }
    }
    fclose(file);
    free(text);
    return NULL;
}

/* Parses text into *rules; on failure reports where on stderr. */
static int parse(const char *path, const char *text, size_t length, unsigned flags,
                 acs_policy_rules *rules)
{
    acs_text_error error;
    memset(&error, 0, sizeof(error));
    int rc = acs_policy_parse(rules, text, length, flags, &error);
    if (rc == ACS_OK) return 0;
    const char *message = error.message[0] != '\0' ? error.message : acs_strerror(rc);
    if (error.line != 0)
        fprintf(stderr, "%s:%u:%u: %s\n", path, (unsigned)error.line,
                (unsigned)error.column, message);
    else
        fprintf(stderr, "%s: %s\n", path, message);
    return -1;
}

/* Writes an output the library measures first: writer(rules, NULL, 0)
** gives the length, then a buffer one byte longer takes the text. */
typedef size_t (*text_writer)(const acs_policy_rules *rules, char *buf, size_t cap);

static int print_text(const char *path, const acs_policy_rules *rules, text_writer writer,
                      const char *what)
{
    size_t length = writer(rules, NULL, 0);
    if (length == 0) {
        fprintf(stderr, "%s: the policy cannot be written as %s\n", path, what);
        return EXIT_BAD_INPUT;
    }
    char *text = malloc(length + 1);
    if (text == NULL) {
        fprintf(stderr, "%s: out of memory\n", path);
        return EXIT_BAD_INPUT;
    }
    size_t written = writer(rules, text, length + 1);
    int status = EXIT_SUCCESS;
    if (written != length || fwrite(text, 1, length, stdout) != length) {
        fprintf(stderr, "%s: cannot write the %s\n", path, what);
        status = EXIT_BAD_INPUT;
    }
    free(text);
    return status;
}

static const char *or_unknown(const char *name)
{
    return name != NULL ? name : "unknown";
}

/* Prints every finding; 1 when one is a warning or an error. */
static int print_findings(const char *path, const acs_policy_rules *rules)
{
    size_t count = 0;
    int rc = acs_policy_lint(rules, NULL, NULL, 0, &count);
    if (rc != ACS_OK) {
        fprintf(stderr, "%s: %s\n", path, acs_strerror(rc));
        return EXIT_BAD_INPUT;
    }
    if (count == 0) return EXIT_SUCCESS;
    acs_finding *findings = calloc(count, sizeof(*findings));
    if (findings == NULL) {
        fprintf(stderr, "%s: out of memory\n", path);
        return EXIT_BAD_INPUT;
    }
    size_t again = 0;
    rc = acs_policy_lint(rules, NULL, findings, count, &again);
    int status = EXIT_SUCCESS;
    if (rc != ACS_OK || again != count) {
        fprintf(stderr, "%s: %s\n", path,
                rc != ACS_OK ? acs_strerror(rc) : "the linter's findings changed");
        status = EXIT_BAD_INPUT;
    }
    for (size_t i = 0; status != EXIT_BAD_INPUT && i < count; i++) {
        const acs_finding *f = &findings[i];
        printf("%s %s %d %d: %s\n", or_unknown(acs_severity_name(f->severity)),
               or_unknown(acs_lint_name(f->code)), (int)f->rule, (int)f->index,
               f->message);
        if (f->severity >= ACS_SEVERITY_WARNING) status = EXIT_FINDINGS;
    }
    free(findings);
    return status;
}

int main(int argc, char **argv)
{
    if (argc > 0 && argv[0] != NULL && argv[0][0] != '\0') program = argv[0];
    if (argc != 3) return usage();
    const char *command = argv[1];
    const char *path = argv[2];
    int is_fmt = strcmp(command, "fmt") == 0;
    int is_lint = strcmp(command, "lint") == 0;
    int is_dot = strcmp(command, "dot") == 0;
    if (!is_fmt && !is_lint && !is_dot) return usage();

    size_t length = 0;
    char *text = read_file(path, &length);
    if (text == NULL) return EXIT_BAD_INPUT;
    acs_policy_rules rules;
    int failed = parse(path, text, length, is_lint ? ACS_PARSE_UNCHECKED : 0, &rules);
    free(text);
    if (failed) return EXIT_BAD_INPUT;

    int status;
    if (is_fmt)
        status = print_text(path, &rules, acs_policy_format, "policy text");
    else if (is_dot)
        status = print_text(path, &rules, acs_policy_dot, "diagram");
    else
        status = print_findings(path, &rules);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: cannot write to standard output\n", program);
        return EXIT_BAD_INPUT;
    }
    return status;
}
