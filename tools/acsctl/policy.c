/*
** policy.c: the policy subcommands of acsctl. `lint` prints the linter's
** findings about a policy, one a line; `dot` writes its Graphviz diagram,
** or has Graphviz draw it as SVG; `fmt` writes its canonical text, or with
** --check says whether a file already is in that form.
**
** A POLICY is a preset name or a policy file. lint parses a file with
** ACS_PARSE_UNCHECKED, so that rules acs_policy_build refuses still reach
** the linter, which reports the refusal as an INVALID finding; fmt and dot
** parse with the checks on, so a file they accept always builds.
*/
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#define MS_PER_DAY INT64_C(86400000)
#define DOT_PROGRAM "dot"

extern char **environ;

/* The names of acs_rule_index, as the policy text writes them. */
static const char *const rule_names[ACS_RULE_COUNT] = {
    "VERIFY", "HOLD_WITHDRAWAL_ONLY", "HOLD_FROZEN", "HOLD_SUSPENDED", "LIFT", "EXTEND",
    "NOTICE", "RESCIND",  "CLOSE",          "APPEAL",         "DECIDE",
};

static const char *display_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "standard input" : path;
}

/* Parses a policy text into *rules; on failure prints FILE:LINE:COLUMN and
** the parser's sentence. */
static int parse_text(const char *path, const char *text, size_t length, unsigned flags,
                      acs_policy_rules *rules)
{
    acs_text_error error;
    memset(&error, 0, sizeof(error));
    int rc = acs_policy_parse(rules, text, length, flags, &error);
    if (rc == ACS_OK) return 0;
    const char *message = error.message[0] != '\0' ? error.message : acs_strerror(rc);
    if (error.line != 0)
        return cli_error("%s:%u:%u: %s", display_name(path), (unsigned)error.line,
                         (unsigned)error.column, message);
    return cli_error("%s: %s", display_name(path), message);
}

/* The rules spec names: a preset's, or a policy file's parsed with flags.
** When text is not NULL, *text gets the file's bytes (the caller frees
** them; NULL for a preset). Returns 0 or EXIT_BAD_INPUT. */
static int load_rules(const char *spec, unsigned flags, acs_policy_rules *rules, char **text,
                      size_t *length)
{
    if (text != NULL) *text = NULL;
    int preset = cli_preset_named(spec);
    if (preset != 0) {
        const acs_policy_rules *preset_rules = acs_preset_rules(preset);
        if (preset_rules == NULL) return cli_error("preset %s: not in this library", spec);
        *rules = *preset_rules;
        return 0;
    }
    char *data = NULL;
    size_t size = 0;
    int status = cli_read_file(spec, &data, &size);
    if (status != 0) return status;
    status = parse_text(spec, data != NULL ? data : "", size, flags, rules);
    if (status == 0 && text != NULL) {
        *text = data;
        *length = size;
    } else {
        free(data);
    }
    return status;
}

/* ------------------------------------------------------------------------
** lint
*/

static void lint_usage(void)
{
    printf("usage: acsctl lint POLICY [--notice-min DAYS] [--never-valid REASON[,REASON...]]\n"
           "\n"
           "Print the linter's findings about POLICY, one a line, in the form\n"
           "  SEVERITY CODE RULE SUBJECT: MESSAGE\n"
           "SEVERITY is info, warning or error; CODE names the finding\n"
           "(docs/policy-lint.md); RULE is the rule at fault and SUBJECT the status,\n"
           "reason or level at fault, each '-' when the finding names none.\n"
           "Nothing is printed when there is no finding.\n"
           "\n"
           "POLICY is a preset name (default, consumer, discretionary) or a policy\n"
           "file ('-' reads standard input). A file whose rules do not build is\n"
           "linted too: the refusal is an INVALID finding.\n"
           "\n"
           "Options:\n"
           "  --notice-min DAYS        a no-fault closure notice shorter than DAYS\n"
           "                           days is a finding (default 60)\n"
           "  --never-valid REASONS    the reasons that are never a valid ground,\n"
           "                           comma-separated (default PUBLIC_CRITICISM)\n"
           "  -h, --help               print this help\n"
           "\n"
           "Exit status: 0 no finding above info, 1 a warning or an error,\n"
           "2 bad usage or a policy that cannot be read or parsed.\n");
}

/* The reason named name (any case), or 0. */
static int reason_named(const char *name, size_t length)
{
    for (int reason = 1; reason < 64; reason++) {
        const char *known = acs_reason_name(reason);
        if (known != NULL && strlen(known) == length && strncasecmp(known, name, length) == 0)
            return reason;
    }
    return 0;
}

/* Reads lint's --notice-min DAYS and --never-valid REASONS (each NULL when
** not given) into *options. Returns 0 or EXIT_BAD_INPUT. */
static int lint_options(const char *command, const char *notice_min, const char *never_valid,
                        acs_lint_options *options)
{
    memset(options, 0, sizeof(*options));
    if (notice_min != NULL) {
        int64_t most = ACS_TIME_MAX_MS / MS_PER_DAY;
        uint64_t days = 0;
        if (cli_parse_u64(notice_min, 1, (uint64_t)most, &days) != 0)
            return cli_usage_error(command, "--notice-min needs a whole number of days from 1 to %lld",
                                   (long long)most);
        options->notice_min_ms = (int64_t)days * MS_PER_DAY;
    }
    if (never_valid != NULL) {
        const char *p = never_valid;
        for (;;) {
            size_t length = strcspn(p, ",");
            int reason = reason_named(p, length);
            if (reason == 0)
                return cli_usage_error(command, "--never-valid: '%.*s' is not a reason",
                                       (int)length, p);
            options->reasons_never_valid |= ACS_REASON_BIT(reason);
            if (p[length] == '\0') break;
            p += length + 1;
        }
    }
    return 0;
}

/* What a finding's index names, by its code: a status, a reason or a
** level; NULL when it names none (or none this program can name). */
static const char *finding_subject(const acs_finding *finding)
{
    if (finding->index < 0) return NULL;
    switch (finding->code) {
    case ACS_LINT_TRAP_STATUS:
    case ACS_LINT_UNREACHABLE_STATUS:
    case ACS_LINT_NO_APPEAL_ANSWER:
        return acs_status_name(finding->index);
    case ACS_LINT_NEVER_VALID_REASON:
    case ACS_LINT_SHORT_NOTICE:
    case ACS_LINT_NO_EVIDENCE:
    case ACS_LINT_CRITICISM_ALLOWED:
        return acs_reason_name(finding->index);
    case ACS_LINT_NO_REVIEW:
        return acs_level_name(finding->index);
    default:
        return NULL;
    }
}

static const char *or_dash(const char *name)
{
    return name != NULL ? name : "-";
}

/* Prints one finding as "SEVERITY CODE RULE SUBJECT: MESSAGE". */
static void print_finding(const acs_finding *finding)
{
    const char *rule = NULL;
    if (finding->rule >= 0 && finding->rule < ACS_RULE_COUNT) rule = rule_names[finding->rule];
    printf("%s %s %s %s: %s\n", or_dash(acs_severity_name(finding->severity)),
           or_dash(acs_lint_name(finding->code)), or_dash(rule), or_dash(finding_subject(finding)),
           finding->message);
}

/* Lints rules and prints the findings; EXIT_FINDING when one is a warning
** or an error. */
static int print_findings(const char *path, const acs_policy_rules *rules,
                          const acs_lint_options *options)
{
    size_t count = 0;
    int rc = acs_policy_lint(rules, options, NULL, 0, &count);
    if (rc != ACS_OK) return cli_error("%s: %s", display_name(path), acs_strerror(rc));
    if (count == 0) return EXIT_OK;
    acs_finding *findings = calloc(count, sizeof(*findings));
    if (findings == NULL) return cli_error("%s: out of memory", display_name(path));
    size_t again = 0;
    rc = acs_policy_lint(rules, options, findings, count, &again);
    int status = EXIT_OK;
    if (rc != ACS_OK || again != count) {
        status = cli_error("%s: %s", display_name(path),
                           rc != ACS_OK ? acs_strerror(rc) : "the findings changed between calls");
    }
    for (size_t i = 0; status != EXIT_BAD_INPUT && i < count; i++) {
        print_finding(&findings[i]);
        if (findings[i].severity >= ACS_SEVERITY_WARNING) status = EXIT_FINDING;
    }
    free(findings);
    return status;
}

int cmd_lint(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        lint_usage();
        return EXIT_OK;
    }
    const char *policy = NULL;
    const char *notice_min = NULL;
    const char *never_valid = NULL;
    const cli_spec specs[] = {{"--notice-min", &notice_min, NULL},
                              {"--never-valid", &never_valid, NULL},
                              {NULL, NULL, NULL}};
    int status = cli_parse_args(argc, argv, specs, "POLICY", &policy);
    if (status != 0) return status;
    acs_lint_options options;
    status = lint_options(argv[0], notice_min, never_valid, &options);
    if (status != 0) return status;
    acs_policy_rules rules;
    status = load_rules(policy, ACS_PARSE_UNCHECKED, &rules, NULL, NULL);
    if (status != 0) return status;
    return print_findings(policy, &rules, &options);
}

/* ------------------------------------------------------------------------
** Texts the library writes: the DOT diagram and the canonical text.
*/

typedef size_t (*text_writer)(const acs_policy_rules *rules, char *buf, size_t cap);

/* What POLICY is, in the help of dot and fmt. */
#define TEXT_POLICY_HELP                                                      \
    "POLICY is a preset name (default, consumer, discretionary) or a policy\n" \
    "file ('-' reads standard input); a file whose rules do not build is\n"    \
    "refused.\n"

/* Writes the text writer makes of rules into a new buffer (*text, freed by
** the caller), sizing it with a first call of cap 0. Returns 0 or
** EXIT_BAD_INPUT. */
static int make_text(const char *path, const acs_policy_rules *rules, text_writer writer,
                     const char *what, char **text, size_t *length)
{
    *text = NULL;
    size_t needed = writer(rules, NULL, 0);
    if (needed == 0)
        return cli_error("%s: the policy cannot be written as %s", display_name(path), what);
    char *buffer = malloc(needed + 1);
    if (buffer == NULL) return cli_error("%s: out of memory", display_name(path));
    if (writer(rules, buffer, needed + 1) != needed) {
        free(buffer);
        return cli_error("%s: the %s changed between calls", display_name(path), what);
    }
    *text = buffer;
    *length = needed;
    return 0;
}

/* The text writer makes of the policy spec names, a file parsed with the
** checks on (as dot and fmt want it), into *text as make_text gives it.
** When file is not NULL, *file gets the file's bytes as load_rules gives
** them. Returns 0, or EXIT_BAD_INPUT with nothing left to free. */
static int policy_text(const char *spec, text_writer writer, const char *what, char **text,
                       size_t *length, char **file, size_t *file_length)
{
    acs_policy_rules rules;
    *text = NULL;
    int status = load_rules(spec, 0, &rules, file, file_length);
    if (status != 0) return status;
    status = make_text(spec, &rules, writer, what, text, length);
    if (status != 0 && file != NULL) {
        free(*file);
        *file = NULL;
    }
    return status;
}

/* Writes text on standard output; 0, or EXIT_BAD_INPUT after a message. */
static int write_stdout(const char *text, size_t length)
{
    if (fwrite(text, 1, length, stdout) != length)
        return cli_error("cannot write to standard output");
    return 0;
}

/* ------------------------------------------------------------------------
** dot
*/

static void dot_usage(void)
{
    printf("usage: acsctl dot POLICY [--svg OUT]\n"
           "\n"
           "Write POLICY as a Graphviz DOT digraph on standard output: the statuses\n"
           "as nodes, the events that move an account between them as edges.\n"
           "\n"
           TEXT_POLICY_HELP
           "\n"
           "Options:\n"
           "  --svg OUT    have Graphviz's dot draw the diagram into the SVG file OUT\n"
           "               instead (dot must be on the PATH)\n"
           "  -h, --help   print this help\n"
           "\n"
           "Exit status: 0 done, 2 bad usage, a policy that cannot be read, parsed\n"
           "or built, or Graphviz missing or failing.\n");
}

/* Writes all of text to fd; 0, or -1 with errno set. */
static int write_all(int fd, const char *text, size_t length)
{
    while (length > 0) {
        ssize_t wrote = write(fd, text, length);
        if (wrote < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        text += wrote;
        length -= (size_t)wrote;
    }
    return 0;
}

/* Starts `dot -Tsvg -o out` reading from a pipe; *input is the pipe's
** writing end. Returns 0, or EXIT_BAD_INPUT after a message. */
static int start_dot(const char *out, pid_t *pid, int *input)
{
    int fds[2];
    if (pipe(fds) != 0) return cli_error("cannot start %s: %s", DOT_PROGRAM, strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    char program[] = DOT_PROGRAM;
    char format[] = "-Tsvg";
    char option[] = "-o";
    char *target = strdup(out);
    char *spawn_argv[] = {program, format, option, target, NULL};
    int rc = target == NULL ? ENOMEM
                            : posix_spawnp(pid, DOT_PROGRAM, &actions, NULL, spawn_argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    free(target);
    close(fds[0]);
    if (rc != 0) {
        close(fds[1]);
        if (rc == ENOENT)
            return cli_error("Graphviz's %s is not installed (not found on the PATH); "
                             "install graphviz, or write DOT text without --svg",
                             DOT_PROGRAM);
        return cli_error("cannot start %s: %s", DOT_PROGRAM, strerror(rc));
    }
    *input = fds[1];
    return 0;
}

/* Pipes the DOT text into Graphviz, which writes the SVG file out. */
static int draw_svg(const char *text, size_t length, const char *out)
{
    pid_t pid = 0;
    int input = -1;
    int status = start_dot(out, &pid, &input);
    if (status != 0) return status;
    /* dot may exit before reading everything: a write error, not a signal. */
    struct sigaction ignore;
    struct sigaction saved;
    memset(&ignore, 0, sizeof(ignore));
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, &saved);
    int write_failed = write_all(input, text, length) != 0;
    int saved_errno = errno;
    close(input);
    int wait_status = 0;
    pid_t waited;
    do {
        waited = waitpid(pid, &wait_status, 0);
    } while (waited < 0 && errno == EINTR);
    sigaction(SIGPIPE, &saved, NULL);
    if (waited < 0) return cli_error("%s: %s", DOT_PROGRAM, strerror(errno));
    if (WIFSIGNALED(wait_status))
        return cli_error("%s was killed by signal %d while drawing %s", DOT_PROGRAM,
                         WTERMSIG(wait_status), out);
    if (WEXITSTATUS(wait_status) != 0)
        return cli_error("%s failed (exit status %d) while drawing %s", DOT_PROGRAM,
                         WEXITSTATUS(wait_status), out);
    if (write_failed)
        return cli_error("cannot pass the diagram to %s: %s", DOT_PROGRAM, strerror(saved_errno));
    return EXIT_OK;
}

int cmd_dot(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        dot_usage();
        return EXIT_OK;
    }
    const char *policy = NULL;
    const char *svg = NULL;
    const cli_spec specs[] = {{"--svg", &svg, NULL}, {NULL, NULL, NULL}};
    int status = cli_parse_args(argc, argv, specs, "POLICY", &policy);
    if (status != 0) return status;
    if (svg != NULL && svg[0] == '\0') return cli_usage_error(argv[0], "--svg needs a file name");
    char *text = NULL;
    size_t length = 0;
    status = policy_text(policy, acs_policy_dot, "a diagram", &text, &length, NULL, NULL);
    if (status != 0) return status;
    status = svg != NULL ? draw_svg(text, length, svg) : write_stdout(text, length);
    free(text);
    return status;
}

/* ------------------------------------------------------------------------
** fmt
*/

static void fmt_usage(void)
{
    printf("usage: acsctl fmt POLICY [--check]\n"
           "\n"
           "Write POLICY in canonical text on standard output: the statements in a\n"
           "fixed order and layout, without comments (docs/policy-format.md).\n"
           "\n"
           TEXT_POLICY_HELP
           "\n"
           "Options:\n"
           "  --check      print nothing; exit 1, with a message on standard error,\n"
           "               when the file's bytes differ from its canonical text\n"
           "               (POLICY must then be a file)\n"
           "  -h, --help   print this help\n"
           "\n"
           "Exit status: 0 done (with --check: the file is canonical), 1 with --check\n"
           "the file is not canonical, 2 bad usage or a policy that cannot be read,\n"
           "parsed or built.\n");
}

/* The 1-based line at which a and b first differ; 0 when they are the same
** bytes. */
static unsigned long first_difference_line(const char *a, size_t a_length, const char *b,
                                           size_t b_length)
{
    unsigned long line = 1;
    size_t i = 0;
    for (; i < a_length && i < b_length && a[i] == b[i]; i++) {
        if (a[i] == '\n') line++;
    }
    return i == a_length && i == b_length ? 0 : line;
}

/* fmt --check: EXIT_OK when the file's bytes are its canonical text. */
static int check_canonical(const char *path, const char *file, size_t file_length,
                           const char *canonical, size_t canonical_length)
{
    unsigned long line = first_difference_line(file, file_length, canonical, canonical_length);
    if (line == 0) return EXIT_OK;
    fprintf(stderr,
            "acsctl: %s:%lu: not in canonical form (from this line on); "
            "acsctl fmt %s writes the canonical text\n",
            display_name(path), line, path);
    return EXIT_FINDING;
}

int cmd_fmt(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fmt_usage();
        return EXIT_OK;
    }
    const char *policy = NULL;
    int check = 0;
    const cli_spec specs[] = {{"--check", NULL, &check}, {NULL, NULL, NULL}};
    int status = cli_parse_args(argc, argv, specs, "POLICY", &policy);
    if (status != 0) return status;
    if (check && cli_preset_named(policy) != 0)
        return cli_usage_error(argv[0], "--check compares a file with its canonical text; "
                                        "'%s' is a preset, not a file", policy);
    char *file = NULL;
    char *text = NULL;
    size_t file_length = 0;
    size_t length = 0;
    status = policy_text(policy, acs_policy_format, "policy text", &text, &length, &file,
                         &file_length);
    if (status != 0) return status;
    if (check)
        status = check_canonical(policy, file != NULL ? file : "", file_length, text, length);
    else
        status = write_stdout(text, length);
    free(text);
    free(file);
    return status;
}
