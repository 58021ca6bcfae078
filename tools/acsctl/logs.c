/*
** logs.c: the subcommands that read a log of audit records (logfile.c
** reads it). `verify` checks the hash chain, `replay` re-applies one
** account's records under a policy and checks each comes out as recorded,
** and `show` prints an account as its records left it at a given time.
**
** Findings about the records go to standard output as
** "LOG: record INDEX: SENTENCE (CODE)" with exit status 1; a log or an
** argument that cannot be used goes to standard error with exit status 2.
** Records are numbered from 0 in the order of the file.
*/
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "logfile.h"

#define HEX_DIGITS (2 * (size_t)ACS_DIGEST_SIZE) /* the digits of a digest in hex */
#define HEX_TEXT_MAX (HEX_DIGITS + 1)
#define ACCOUNTS_LISTED 5 /* account ids named when a log mixes accounts */

/* What the arguments of one log subcommand gave. */
typedef struct log_args {
    const char *log;     /* the LOG argument */
    const char *head;    /* verify --head HEX */
    const char *policy;  /* replay, show --policy POLICY */
    const char *account; /* replay, show --account ID */
    const char *at;      /* show --at TIME */
    int chain_log;       /* verify --log */
} log_args;

/* The records of one account, in the order of the log. */
typedef struct selection {
    const acs_record *records;
    size_t count;
    size_t *index;     /* the log index of each record; NULL: the same */
    acs_record *owned; /* records, when this selection copied them */
    uint64_t account;
} selection;

static const char *code_name(int code)
{
    const char *name = acs_code_name(code);
    return name != NULL ? name : "?";
}

static const char *or_dash(const char *name)
{
    return name != NULL ? name : "-";
}

static void to_hex(const uint8_t bytes[ACS_DIGEST_SIZE], char text[HEX_TEXT_MAX])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < ACS_DIGEST_SIZE; i++) {
        text[2 * i] = digits[bytes[i] >> 4];
        text[2 * i + 1] = digits[bytes[i] & 15u];
    }
    text[HEX_DIGITS] = '\0';
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Reads exactly 64 hex digits into bytes; -1 when text is not that. */
static int from_hex(const char *text, uint8_t bytes[ACS_DIGEST_SIZE])
{
    if (strlen(text) != HEX_DIGITS) return -1;
    for (size_t i = 0; i < ACS_DIGEST_SIZE; i++) {
        int high = hex_digit(text[2 * i]);
        int low = hex_digit(text[2 * i + 1]);
        if (high < 0 || low < 0) return -1;
        bytes[i] = (uint8_t)(high * 16 + low);
    }
    return 0;
}

/* ------------------------------------------------------------------------
** One account's records out of a log.
*/

static int compare_ids(const void *a, const void *b)
{
    uint64_t left = *(const uint64_t *)a;
    uint64_t right = *(const uint64_t *)b;
    return (left > right) - (left < right);
}

/* When the log holds more than one account, says so (naming a few and the
** option that picks one) and returns EXIT_BAD_INPUT; else 0. */
static int check_one_account(const logfile *log, const char *command)
{
    uint64_t *ids = malloc(log->count * sizeof(uint64_t));
    if (ids == NULL) return cli_error("%s: out of memory", log->name);
    for (size_t i = 0; i < log->count; i++) ids[i] = log->records[i].account_id;
    qsort(ids, log->count, sizeof(uint64_t), compare_ids);
    size_t distinct = 0;
    char listed[ACCOUNTS_LISTED * 24 + 8] = "";
    for (size_t i = 0; i < log->count; i++) {
        if (i > 0 && ids[i] == ids[i - 1]) continue;
        distinct++;
        size_t used = strlen(listed);
        if (distinct <= ACCOUNTS_LISTED)
            snprintf(listed + used, sizeof(listed) - used, "%s%llu", distinct > 1 ? ", " : "",
                     (unsigned long long)ids[i]);
        else if (distinct == ACCOUNTS_LISTED + 1)
            snprintf(listed + used, sizeof(listed) - used, ", ...");
    }
    free(ids);
    if (distinct <= 1) return 0;
    fprintf(stderr,
            "acsctl %s: %s: the records are of %zu accounts (%s); pick one with --account ID\n",
            command, log->name, distinct, listed);
    return EXIT_BAD_INPUT;
}

/* The records of the account --account names, or of the log's one account. */
static int select_account(const logfile *log, const char *command, const char *account,
                          selection *sel)
{
    memset(sel, 0, sizeof(*sel));
    if (account == NULL) {
        int status = check_one_account(log, command);
        if (status != 0) return status;
        sel->records = log->records;
        sel->count = log->count;
        sel->account = log->records[0].account_id;
        return 0;
    }
    if (cli_parse_u64(account, 0, UINT64_MAX, &sel->account) != 0)
        return cli_usage_error(command, "--account: '%s' is not an account id", account);
    sel->owned = calloc(log->count, sizeof(acs_record));
    sel->index = calloc(log->count, sizeof(size_t));
    if (sel->owned == NULL || sel->index == NULL) return cli_error("%s: out of memory", log->name);
    for (size_t i = 0; i < log->count; i++) {
        if (log->records[i].account_id != sel->account) continue;
        sel->owned[sel->count] = log->records[i];
        sel->index[sel->count] = i;
        sel->count++;
    }
    sel->records = sel->owned;
    if (sel->count == 0)
        return cli_error("%s: no records of account %llu", log->name,
                         (unsigned long long)sel->account);
    return 0;
}

static void selection_free(selection *sel)
{
    free(sel->owned);
    free(sel->index);
    memset(sel, 0, sizeof(*sel));
}

/* Where the selection's record number index stands in the log. */
static void selection_where(const logfile *log, const selection *sel, size_t index,
                            char buf[LOGFILE_WHERE_MAX])
{
    size_t at = sel->index != NULL && index < sel->count ? sel->index[index] : index;
    logfile_where(log, at, buf);
}

/* ------------------------------------------------------------------------
** Printing records, findings and accounts.
*/

/* One line about a record: whose, which change, by whom, when. */
static void print_record(const acs_record *record)
{
    char when[CLI_TIME_TEXT_MAX];
    cli_format_time(record->time_ms, when);
    printf("  the record: account %llu, sequence %llu, %s", (unsigned long long)record->account_id,
           (unsigned long long)record->sequence, or_dash(acs_event_name(record->kind)));
    if (record->hold_id != 0) printf(" (hold %u", (unsigned)record->hold_id);
    if (record->hold_id != 0 && record->hold_level != 0)
        printf(", %s", or_dash(acs_level_name(record->hold_level)));
    if (record->hold_id != 0) printf(")");
    if (record->reason != 0) printf(" for %s", or_dash(acs_reason_name(record->reason)));
    if (record->actor_role != 0)
        printf(" by %s %llu", or_dash(acs_role_name(record->actor_role)),
               (unsigned long long)record->actor_id);
    printf(" at %s", when);
    if (record->flags & ACS_RECORD_DENIAL) printf(", refused with %s", code_name(record->refusal));
    printf("\n");
}

/* Names the policy a record was made under: a preset, or its fingerprint. */
static void describe_fingerprint(const uint8_t fingerprint[ACS_DIGEST_SIZE], char *buf,
                                 size_t cap)
{
    acs_policy preset;
    if (cli_preset_by_fingerprint(fingerprint, &preset) == 0) {
        snprintf(buf, cap, "policy \"%s\" (a preset)", preset.rules.name);
        return;
    }
    char hex[HEX_TEXT_MAX];
    to_hex(fingerprint, hex);
    snprintf(buf, cap, "a policy with fingerprint %s", hex);
}

/* Prints what replay or show found at the selection's report->index. */
static void print_replay_finding(const logfile *log, const selection *sel,
                                 const acs_policy *policy, const acs_audit_report *report)
{
    size_t index = (size_t)report->index;
    char where[LOGFILE_WHERE_MAX];
    selection_where(log, sel, index, where);
    printf("%s: %s: %s (%s)", log->name, where, acs_strerror(report->code),
           code_name(report->code));
    if (report->refusal != 0)
        printf("; the policy gives %s: %s", code_name(report->refusal),
               acs_strerror(report->refusal));
    if (report->code == ACS_V_POLICY && index < sel->count) {
        char made[128];
        describe_fingerprint(sel->records[index].policy_fingerprint, made, sizeof(made));
        printf("; it was made under %s, not under policy \"%s\"", made, policy->rules.name);
    }
    printf("\n");
    if (index < sel->count) print_record(&sel->records[index]);
}

static const char *plural(size_t count, const char *one, const char *many)
{
    return count == 1 ? one : many;
}

/* ------------------------------------------------------------------------
** verify
*/

static void verify_usage(void)
{
    printf("usage: acsctl verify LOG [--log] [--head HEX]\n"
           "\n"
           "Verify the hash chain of the records in LOG: every record carries its\n"
           "chain hash, each hash matches its record and links to the record before,\n"
           "and, for the records of one account, sequences rise one by one and times\n"
           "never go back. Prints \"LOG: N records, chain intact, head HEX\", or the\n"
           "first finding as \"LOG: record INDEX: SENTENCE (CODE)\" (records are\n"
           "numbered from 0).\n"
           "\n"
           "LOG holds records in their binary encoding or as JSON Lines (told apart\n"
           "by its first byte); '-' reads standard input.\n"
           "\n"
           "Options:\n"
           "  --log        LOG is one chain of the records of many accounts, in the\n"
           "               order written: check the chain only\n"
           "  --head HEX   the head the chain must end at (64 hex digits), kept apart\n"
           "               from the log: finds records cut off the end\n"
           "  -h, --help   print this help\n"
           "\n"
           "Exit status: 0 the chain is intact, 1 a finding, 2 bad usage or a log\n"
           "that cannot be read.\n");
}

/* Prints what verification found. */
static void print_verify_finding(const logfile *log, const acs_audit_report *report,
                                 int chain_log)
{
    if (report->code == ACS_V_HEAD_MISMATCH) {
        char head[HEX_TEXT_MAX];
        to_hex(log->records[log->count - 1].hash, head);
        printf("%s: end of the log (%zu %s): %s (%s); its head is %s\n", log->name, log->count,
               plural(log->count, "record", "records"), acs_strerror(report->code),
               code_name(report->code), head);
        return;
    }
    char where[LOGFILE_WHERE_MAX];
    logfile_where(log, (size_t)report->index, where);
    printf("%s: %s: %s (%s)\n", log->name, where, acs_strerror(report->code),
           code_name(report->code));
    if (report->index < log->count) print_record(&log->records[report->index]);
    if (report->code == ACS_V_ACCOUNTS_MIXED && !chain_log)
        printf("  (to verify a log of many accounts as one chain, give --log)\n");
}

int cmd_verify(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        verify_usage();
        return EXIT_OK;
    }
    log_args args;
    memset(&args, 0, sizeof(args));
    const cli_spec specs[] = {
        {"--log", NULL, &args.chain_log}, {"--head", &args.head, NULL}, {NULL, NULL, NULL}};
    int status = cli_parse_args(argc, argv, specs, "LOG", &args.log);
    if (status != 0) return status;
    acs_chain anchor;
    acs_chain_init(&anchor);
    if (args.head != NULL && from_hex(args.head, anchor.head) != 0)
        return cli_usage_error(argv[0], "--head: '%s' is not 64 hex digits", args.head);
    logfile log;
    status = logfile_read(args.log, &log);
    if (status != 0) return status;
    anchor.count = log.count;
    acs_audit_report report;
    memset(&report, 0, sizeof(report));
    int rc = acs_verify(log.records, log.count, NULL, args.head != NULL ? &anchor : NULL,
                        args.chain_log ? ACS_VERIFY_LOG : 0u, &report);
    if (rc == ACS_OK) {
        char head[HEX_TEXT_MAX];
        to_hex(log.records[log.count - 1].hash, head);
        printf("%s: %zu %s, chain intact, head %s%s\n", log.name, log.count,
               plural(log.count, "record", "records"), head,
               args.head != NULL ? " (the anchored head)" : "");
        status = EXIT_OK;
    } else if (rc <= ACS_V_HASH && rc >= ACS_V_POLICY) {
        print_verify_finding(&log, &report, args.chain_log);
        status = EXIT_FINDING;
    } else {
        status = cli_error("%s: %s (%s)", log.name, acs_strerror(rc), code_name(rc));
    }
    logfile_free(&log);
    return status;
}

/* ------------------------------------------------------------------------
** replay
*/

static void replay_usage(void)
{
    printf("usage: acsctl replay LOG --policy POLICY [--account ID]\n"
           "\n"
           "Replay the records of one account in LOG under POLICY, from its opening:\n"
           "each recorded change, deadline and refusal is made again and must come\n"
           "out exactly as recorded (the chain is not checked: see acsctl verify).\n"
           "Prints the number of records and the account as they leave it, or the\n"
           "first finding as \"LOG: record INDEX: SENTENCE (CODE)\" (records are\n"
           "numbered from 0 in the order of the file).\n"
           "\n"
           "LOG holds records in their binary encoding or as JSON Lines; '-' reads\n"
           "standard input. POLICY is a preset name (default, consumer,\n"
           "discretionary) or a policy file.\n"
           "\n"
           "Options:\n"
           "  --policy POLICY   the policy the records were made under (required)\n"
           "  --account ID      replay only the records of account ID, for a log that\n"
           "                    holds several accounts (needed then)\n"
           "  -h, --help        print this help\n"
           "\n"
           "Exit status: 0 every record as the policy makes it, 1 a finding, 2 bad\n"
           "usage, or a log or policy that cannot be read.\n");
}

/* Reads LOG, picks the account, and loads the policy (if spec is not
** NULL). Returns 0 or EXIT_BAD_INPUT; on failure nothing is left to free. */
static int open_account_log(const log_args *args, const char *command, logfile *log,
                            selection *sel, acs_policy *policy)
{
    int status = logfile_read(args->log, log);
    if (status != 0) return status;
    status = select_account(log, command, args->account, sel);
    if (status == 0 && args->policy != NULL) status = cli_load_policy(args->policy, policy);
    if (status != 0) {
        selection_free(sel);
        logfile_free(log);
    }
    return status;
}

static void print_account_end(const acs_account *account)
{
    acs_account_info info;
    if (acs_account_info_get(account, &info) != ACS_OK) return;
    char when[CLI_TIME_TEXT_MAX];
    cli_format_time(info.last_change_ms, when);
    printf("account %llu ends %s (lifecycle %s), %u %s, sequence %u, last change %s\n",
           (unsigned long long)info.id, or_dash(acs_status_name(info.status)),
           or_dash(acs_lifecycle_name(info.lifecycle)), (unsigned)info.hold_count,
           plural(info.hold_count, "hold", "holds"), (unsigned)info.sequence, when);
}

int cmd_replay(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        replay_usage();
        return EXIT_OK;
    }
    log_args args;
    memset(&args, 0, sizeof(args));
    const cli_spec specs[] = {{"--policy", &args.policy, NULL},
                              {"--account", &args.account, NULL},
                              {NULL, NULL, NULL}};
    int status = cli_parse_args(argc, argv, specs, "LOG", &args.log);
    if (status != 0) return status;
    if (args.policy == NULL) return cli_usage_error(argv[0], "--policy POLICY is needed");
    logfile log;
    selection sel;
    acs_policy policy;
    status = open_account_log(&args, argv[0], &log, &sel, &policy);
    if (status != 0) return status;
    acs_account account;
    acs_audit_report report;
    memset(&report, 0, sizeof(report));
    int rc = acs_replay(&policy, sel.records, sel.count, &account, &report);
    if (rc == ACS_OK) {
        printf("%s: %zu %s of account %llu replayed under policy \"%s\": each as recorded\n",
               log.name, sel.count, plural(sel.count, "record", "records"),
               (unsigned long long)sel.account, policy.rules.name);
        print_account_end(&account);
        status = EXIT_OK;
    } else if (rc <= ACS_V_HASH && rc >= ACS_V_POLICY) {
        print_replay_finding(&log, &sel, &policy, &report);
        status = EXIT_FINDING;
    } else {
        status = cli_error("%s: %s (%s)", log.name, acs_strerror(rc), code_name(rc));
    }
    selection_free(&sel);
    logfile_free(&log);
    return status;
}

/* ------------------------------------------------------------------------
** show
*/

static void show_usage(void)
{
    printf("usage: acsctl show LOG --at TIME [--policy POLICY] [--account ID]\n"
           "\n"
           "Show the account of LOG as its records left it at TIME: status,\n"
           "lifecycle, capabilities, holds, the withdrawal window, appeals and the\n"
           "next deadline. The records up to TIME are replayed under the policy;\n"
           "a deadline that had passed by TIME without a record of it is marked\n"
           "\"(passed)\".\n"
           "\n"
           "TIME is milliseconds since 1970 or an ISO 8601 UTC time: YYYY-MM-DD,\n"
           "YYYY-MM-DDTHH:MM, YYYY-MM-DDTHH:MM:SS or with .mmm, optionally ending\n"
           "in Z. LOG holds records in their binary encoding or as JSON Lines; '-'\n"
           "reads standard input.\n"
           "\n"
           "Options:\n"
           "  --at TIME         the time to show the account at (required)\n"
           "  --policy POLICY   the policy the records were made under: a preset name\n"
           "                    or a policy file (default: the preset whose\n"
           "                    fingerprint the records carry)\n"
           "  --account ID      the account to show, for a log that holds several\n"
           "                    (needed then)\n"
           "  -h, --help        print this help\n"
           "\n"
           "Exit status: 0 shown, 1 the account was not open yet at TIME or a replay\n"
           "finding, 2 bad usage, or a log or policy that cannot be read.\n");
}

/* Writes the capability bits as names, "none" when there are none. */
static void capability_names(unsigned capabilities, char *buf, size_t cap)
{
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {{ACS_CAP_LOGIN, "LOGIN"},
                 {ACS_CAP_DEPOSIT, "DEPOSIT"},
                 {ACS_CAP_TRADE, "TRADE"},
                 {ACS_CAP_WITHDRAW, "WITHDRAW"},
                 {ACS_CAP_API, "API"}};
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if ((capabilities & names[i].bit) == 0) continue;
        int wrote = snprintf(buf + used, cap - used, "%s%s", used > 0 ? " " : "", names[i].name);
        if (wrote > 0) used += (size_t)wrote;
        if (used >= cap) return;
    }
    if (used == 0) snprintf(buf, cap, "none");
}

/* Writes a deadline, marked "(passed)" when it lies at or before at_ms. */
static void format_deadline(int64_t deadline_ms, int64_t at_ms, char *buf, size_t cap)
{
    char when[CLI_TIME_TEXT_MAX];
    cli_format_time(deadline_ms, when);
    snprintf(buf, cap, "%s%s", when, deadline_ms != 0 && deadline_ms <= at_ms ? " (passed)" : "");
}

static void print_holds(const acs_account *account, const acs_account_info *info, int64_t at_ms)
{
    printf("  holds          %u\n", (unsigned)info->hold_count);
    for (unsigned i = 0; i < info->hold_count; i++) {
        acs_hold hold;
        if (acs_account_hold(account, i, &hold) != ACS_OK) continue;
        char placed[CLI_TIME_TEXT_MAX];
        char review[CLI_TIME_TEXT_MAX + 16];
        cli_format_time(hold.placed_ms, placed);
        if (hold.flags & ACS_HOLD_OVERDUE)
            cli_format_time(hold.review_deadline_ms, review);
        else
            format_deadline(hold.review_deadline_ms, at_ms, review, sizeof(review));
        printf("    hold %u: %s for %s by %s %llu, placed %s, review by %s%s%s\n",
               (unsigned)hold.id, or_dash(acs_level_name(hold.level)),
               or_dash(acs_reason_name(hold.reason)), or_dash(acs_role_name(hold.actor_role)),
               (unsigned long long)hold.actor_id, placed, review,
               (hold.flags & ACS_HOLD_OVERDUE) ? ", OVERDUE" : "",
               (hold.flags & ACS_HOLD_APPEALED) ? ", APPEALED" : "");
    }
}

static void print_window(const acs_account_info *info, int64_t at_ms)
{
    if (info->lifecycle != ACS_LIFECYCLE_CLOSING) return;
    char end[CLI_TIME_TEXT_MAX + 16];
    char paused[CLI_TIME_TEXT_MAX];
    char latest[CLI_TIME_TEXT_MAX];
    if (info->window_paused_ms != 0 || (info->flags & ACS_ACCOUNT_WINDOW_ENDED))
        cli_format_time(info->window_end_ms, end);
    else
        format_deadline(info->window_end_ms, at_ms, end, sizeof(end));
    cli_format_time(info->window_paused_ms, paused);
    cli_format_time(info->window_max_ms, latest);
    printf("  notice reason  %s%s\n", or_dash(acs_reason_name(info->notice_reason)),
           (info->flags & ACS_ACCOUNT_NOTICE_APPEALED) ? ", APPEALED" : "");
    printf("  window end     %s", end);
    if (info->window_paused_ms != 0) printf(", paused since %s", paused);
    if (info->flags & ACS_ACCOUNT_WINDOW_ENDED) printf(", ENDED");
    printf("\n  window max     %s\n", latest);
}

static void print_appeals(const acs_account_info *info, int64_t at_ms)
{
    printf("  appeals        %u\n", (unsigned)info->appeal_count);
    for (unsigned i = 0; i < info->appeal_count && i < ACS_APPEALS_MAX; i++) {
        const acs_appeal *appeal = &info->appeals[i];
        char due[CLI_TIME_TEXT_MAX + 16];
        if (appeal->overdue)
            cli_format_time(appeal->answer_deadline_ms, due);
        else
            format_deadline(appeal->answer_deadline_ms, at_ms, due, sizeof(due));
        if (appeal->target != 0)
            printf("    against hold %u: answer due %s%s\n", (unsigned)appeal->target, due,
                   appeal->overdue ? ", OVERDUE" : "");
        else
            printf("    against the closure notice: answer due %s%s\n", due,
                   appeal->overdue ? ", OVERDUE" : "");
    }
}

/* Prints the account as it stood at at_ms; standing of total records. */
static void print_account_at(const acs_policy *policy, const acs_account *account, int64_t at_ms,
                             size_t standing, size_t total)
{
    acs_account_info info;
    if (acs_account_info_get(account, &info) != ACS_OK) return;
    char at[CLI_TIME_TEXT_MAX];
    char last[CLI_TIME_TEXT_MAX];
    char next[CLI_TIME_TEXT_MAX + 16];
    char capabilities[64];
    unsigned bits = 0;
    int64_t deadline = 0;
    int kind = 0;
    cli_format_time(at_ms, at);
    cli_format_time(info.last_change_ms, last);
    acs_account_capabilities(policy, account, &bits);
    capability_names(bits, capabilities, sizeof(capabilities));
    acs_account_next_deadline(account, &deadline, &kind);
    format_deadline(deadline, at_ms, next, sizeof(next));
    printf("account %llu at %s, under policy \"%s\" (%zu of %zu %s)\n",
           (unsigned long long)info.id, at, policy->rules.name, standing, total,
           plural(total, "record", "records"));
    printf("  status         %s\n", or_dash(acs_status_name(info.status)));
    printf("  lifecycle      %s\n", or_dash(acs_lifecycle_name(info.lifecycle)));
    printf("  sequence       %u\n", (unsigned)info.sequence);
    printf("  last change    %s\n", last);
    printf("  capabilities   %s\n", capabilities);
    print_holds(account, &info, at_ms);
    print_window(&info, at_ms);
    print_appeals(&info, at_ms);
    if (deadline != 0)
        printf("  next deadline  %s, %s\n", next, or_dash(acs_event_name(kind)));
    else
        printf("  next deadline  none\n");
}

/* How many records made by at_ms the account at at_ms rests on: those
** before the first change later than at_ms (acs_account_at replays a later
** denial among them too, which changes nothing, so it is not counted). */
static size_t records_standing(const selection *sel, int64_t at_ms)
{
    size_t standing = 0;
    for (size_t i = 0; i < sel->count; i++) {
        const acs_record *record = &sel->records[i];
        if (record->time_ms <= at_ms)
            standing++;
        else if ((record->flags & ACS_RECORD_DENIAL) == 0)
            break;
    }
    return standing;
}

/* Without --policy: the preset whose fingerprint the records carry. */
static int show_policy(const logfile *log, const selection *sel, acs_policy *policy)
{
    if (cli_preset_by_fingerprint(sel->records[0].policy_fingerprint, policy) == 0) return 0;
    return cli_error("%s: the records were made under a policy that is not a preset; "
                     "give it with --policy",
                     log->name);
}

/* Prints what acs_account_at found; EXIT_FINDING. */
static int show_finding(const logfile *log, const selection *sel, const acs_policy *policy,
                        const acs_audit_report *report, int64_t at_ms)
{
    const acs_record *first = &sel->records[0];
    if (report->code == ACS_V_NOT_OPENING && report->index == 0 &&
        first->kind == ACS_EVENT_OPEN && first->time_ms > at_ms) {
        char at[CLI_TIME_TEXT_MAX];
        char opened[CLI_TIME_TEXT_MAX];
        cli_format_time(at_ms, at);
        cli_format_time(first->time_ms, opened);
        printf("%s: account %llu was not open yet at %s: it opened at %s (%s)\n", log->name,
               (unsigned long long)sel->account, at, opened, code_name(report->code));
        return EXIT_FINDING;
    }
    print_replay_finding(log, sel, policy, report);
    return EXIT_FINDING;
}

int cmd_show(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        show_usage();
        return EXIT_OK;
    }
    log_args args;
    memset(&args, 0, sizeof(args));
    const cli_spec specs[] = {{"--at", &args.at, NULL},
                              {"--policy", &args.policy, NULL},
                              {"--account", &args.account, NULL},
                              {NULL, NULL, NULL}};
    int status = cli_parse_args(argc, argv, specs, "LOG", &args.log);
    if (status != 0) return status;
    int64_t at_ms = 0;
    if (args.at == NULL) return cli_usage_error(argv[0], "--at TIME is needed");
    if (cli_parse_time(args.at, &at_ms) != 0)
        return cli_usage_error(argv[0],
                               "--at: '%s' is not a time (milliseconds since 1970, or "
                               "YYYY-MM-DD[THH:MM[:SS[.mmm]]][Z] in UTC)",
                               args.at);
    logfile log;
    selection sel;
    acs_policy policy;
    status = open_account_log(&args, argv[0], &log, &sel, &policy);
    if (status == 0 && args.policy == NULL) {
        status = show_policy(&log, &sel, &policy);
        if (status != 0) {
            selection_free(&sel);
            logfile_free(&log);
        }
    }
    if (status != 0) return status;
    acs_account account;
    acs_audit_report report;
    memset(&report, 0, sizeof(report));
    int rc = acs_account_at(&policy, sel.records, sel.count, at_ms, &account, &report);
    if (rc == ACS_OK)
        print_account_at(&policy, &account, at_ms, records_standing(&sel, at_ms), sel.count);
    else if (rc <= ACS_V_HASH && rc >= ACS_V_POLICY)
        status = show_finding(&log, &sel, &policy, &report, at_ms);
    else
        status = cli_error("%s: %s (%s)", log.name, acs_strerror(rc), code_name(rc));
    selection_free(&sel);
    logfile_free(&log);
    return status;
}
