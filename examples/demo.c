/*
** demo.c: the December 2022 case, played under two policies side by side.
**
** In December 2022 API keys that traders had handed to a third-party
** trading-bot service leaked. One trader asked their exchange for an
** investigation, appealed the freeze and criticised the exchange in public;
** management made the account withdrawal-only, suspended it and closed it
** with a short delay to withdraw the rest. The steps below feed the same
** events to two accounts, one under the default preset (the library's
** recommended rules) and one under the discretionary preset (what the
** platform did). For each step the demo prints what each policy did, and at
** the end the audit trail of each account, refusals included.
**
** Before the steps, the demo asks the linter what it finds in each policy:
** a policy designer sees there, before deploying a policy, that the
** discretionary one lets a suspension happen because a customer complained
** in public.
**
** Where the default policy refuses a step, a "compliant path" step follows
** with the version of it that the default policy accepts, so that its column
** tells a whole story. Both accounts receive those steps too. A step that
** names a hold names it by the step that placed it: the two accounts number
** their holds apart once one policy refuses a hold the other places.
**
** It uses only the public header and the C standard library.
*/
#include <stdint.h>
#include <stdio.h>

#include "acctstate.h"

#define MINUTE_MS ((int64_t)60 * 1000)
#define HOUR_MS (60 * MINUTE_MS)
#define DAY_MS (24 * HOUR_MS)

/* Times of the case, UTC. 2022-12-01 is day 19327 after 1970-01-01. */
#define DEC_2022(day, hour, minute) \
    ((19327 + (day) - 1) * DAY_MS + (hour) * HOUR_MS + (minute) * MINUTE_MS)
#define JAN_2023(day, hour, minute) DEC_2022(31 + (day), hour, minute)
#define FEB_2023(day, hour, minute) JAN_2023(31 + (day), hour, minute)

/* The people in the case, by the ids the exchange gives them. */
#define ACCOUNT_ID 7001u
#define TRADER 7001u
#define SUPPORT_CLERK 101u
#define SECURITY_OFFICER 201u
#define COMPLIANCE_OFFICER 301u
#define CHIEF_EXECUTIVE 900u

/* The SHA-256 of the compliance case file that documents the alleged
** threats (made-up bytes: the library only checks that a digest is there). */
#define CASE_FILE                                                       \
    {0x5e, 0x11, 0xa0, 0xc2, 0x73, 0x19, 0xd4, 0x08, 0x9b, 0x26, 0xe1, \
     0x4f, 0x30, 0x87, 0xc5, 0x6a, 0x12, 0xfd, 0x48, 0x93, 0x0e, 0x7c, \
     0xb1, 0x55, 0x2a, 0xd6, 0x69, 0x03, 0xee, 0x41, 0x98, 0x7f}

#define BY(role, id) .actor_role = ACS_ROLE_##role, .actor_id = (id)
#define APPROVED_BY(role, id) .approver_role = ACS_ROLE_##role, .approver_id = (id)
#define FOR(ground) .reason = ACS_REASON_##ground
#define LEVEL(name) .kind = ACS_EVENT_HOLD, .level = ACS_LEVEL_##name

typedef enum step_action { STEP_OPEN, STEP_APPLY, STEP_ADVANCE } step_action;

typedef struct step {
    const char *story;     /* what happens, in one line */
    step_action action;    /* open the account, apply the event, or advance */
    unsigned hold_of_step; /* the step whose hold the event targets; 0: none */
    acs_event event;       /* STEP_OPEN and STEP_ADVANCE use only time_ms */
} step;

/* The case, step by step. */
static const step steps[] = {
    {"The trader's account is opened", STEP_OPEN, 0, {.time_ms = DEC_2022(1, 9, 0)}},
    {"Support verifies the trader", STEP_APPLY, 0,
     {.time_ms = DEC_2022(1, 9, 30), .kind = ACS_EVENT_VERIFY, BY(SUPPORT, SUPPORT_CLERK),
      FOR(REQUIREMENT_MET)}},
    {"Keys leaked via a trading-bot service: security freezes, 14-day review", STEP_APPLY, 0,
     {.time_ms = DEC_2022(10, 8, 0), LEVEL(FROZEN), BY(SECURITY, SECURITY_OFFICER),
      FOR(SECURITY_COMPROMISE), .period_ms = 14 * DAY_MS}},
    {"The trader asks for an investigation and appeals the freeze", STEP_APPLY, 2,
     {.time_ms = DEC_2022(10, 15, 0), .kind = ACS_EVENT_APPEAL, BY(USER, TRADER),
      FOR(USER_REQUEST)}},
    {"After the trader's public criticism, management orders withdrawal-only", STEP_APPLY, 0,
     {.time_ms = DEC_2022(12, 10, 0), LEVEL(WITHDRAWAL_ONLY), BY(MANAGEMENT, CHIEF_EXECUTIVE),
      FOR(PUBLIC_CRITICISM)}},
    {"Compliant path: compliance documents the alleged threats first", STEP_APPLY, 0,
     {.time_ms = DEC_2022(12, 10, 30), LEVEL(WITHDRAWAL_ONLY),
      BY(COMPLIANCE, COMPLIANCE_OFFICER), FOR(ABUSIVE_CONDUCT), .evidence = CASE_FILE}},
    {"Management suspends, citing threats, on its own word", STEP_APPLY, 0,
     {.time_ms = DEC_2022(12, 14, 0), LEVEL(SUSPENDED), BY(MANAGEMENT, CHIEF_EXECUTIVE),
      FOR(ABUSIVE_CONDUCT)}},
    {"Compliant path: compliance suspends with evidence, a manager approves", STEP_APPLY, 0,
     {.time_ms = DEC_2022(12, 14, 30), LEVEL(SUSPENDED), BY(COMPLIANCE, COMPLIANCE_OFFICER),
      APPROVED_BY(MANAGEMENT, CHIEF_EXECUTIVE), FOR(ABUSIVE_CONDUCT),
      .evidence = CASE_FILE}},
    {"Management gives closure notice, citing threats, approved by no one", STEP_APPLY, 0,
     {.time_ms = DEC_2022(12, 18, 0), .kind = ACS_EVENT_NOTICE,
      BY(MANAGEMENT, CHIEF_EXECUTIVE), FOR(ABUSIVE_CONDUCT)}},
    {"Compliant path: the notice carries evidence and a compliance approver", STEP_APPLY, 0,
     {.time_ms = DEC_2022(12, 18, 30), .kind = ACS_EVENT_NOTICE,
      BY(MANAGEMENT, CHIEF_EXECUTIVE), APPROVED_BY(COMPLIANCE, COMPLIANCE_OFFICER),
      FOR(ABUSIVE_CONDUCT), .evidence = CASE_FILE}},
    {"Next morning management closes the account with the funds still in it", STEP_APPLY, 0,
     {.time_ms = DEC_2022(13, 9, 0), .kind = ACS_EVENT_CLOSE, BY(MANAGEMENT, CHIEF_EXECUTIVE),
      FOR(ABUSIVE_CONDUCT), .flags = ACS_EVENT_FUNDS_HELD}},
    {"A month passes; the scheduler calls acs_advance", STEP_ADVANCE, 0,
     {.time_ms = JAN_2023(12, 12, 0)}},
    {"Management closes the account with the funds still in it", STEP_APPLY, 0,
     {.time_ms = JAN_2023(12, 12, 0), .kind = ACS_EVENT_CLOSE, BY(MANAGEMENT, CHIEF_EXECUTIVE),
      FOR(ABUSIVE_CONDUCT), .flags = ACS_EVENT_FUNDS_HELD}},
    {"Compliant path: security ends its investigation and lifts the freeze", STEP_APPLY, 2,
     {.time_ms = JAN_2023(12, 13, 0), .kind = ACS_EVENT_LIFT, BY(SECURITY, SECURITY_OFFICER),
      FOR(REVIEW_CLEARED)}},
    {"Compliant path: compliance lifts the suspension so the trader can withdraw", STEP_APPLY, 7,
     {.time_ms = JAN_2023(12, 13, 10), .kind = ACS_EVENT_LIFT,
      BY(COMPLIANCE, COMPLIANCE_OFFICER), FOR(REVIEW_CLEARED)}},
    {"The rest of the notice runs; the scheduler calls acs_advance", STEP_ADVANCE, 0,
     {.time_ms = FEB_2023(13, 12, 0)}},
    {"Management closes the account with the funds still in it", STEP_APPLY, 0,
     {.time_ms = FEB_2023(13, 12, 30), .kind = ACS_EVENT_CLOSE, BY(MANAGEMENT, CHIEF_EXECUTIVE),
      FOR(ABUSIVE_CONDUCT), .flags = ACS_EVENT_FUNDS_HELD}},
};

#define STEP_COUNT (sizeof(steps) / sizeof(steps[0]))
#define TRAIL_MAX 48
#define COLUMN_COUNT 2
#define TEXT_SIZE 64

/* One account under one policy, and everything recorded about it. */
typedef struct column {
    const char *name;
    int preset;
    acs_policy policy;
    acs_account account;
    uint16_t hold_of_step[STEP_COUNT]; /* the hold id each step placed, or 0 */
    acs_record trail[TRAIL_MAX];
    unsigned trail_count;
} column;

/* Record flags as printed in the trail. */
static const struct {
    unsigned flag;
    const char *name;
} record_flags[] = {
    {ACS_RECORD_DENIAL, "DENIAL"},
    {ACS_RECORD_FUNDS_HELD, "FUNDS_HELD"},
    {ACS_RECORD_FUNDS_SEGREGATED, "FUNDS_SEGREGATED"},
    {ACS_RECORD_HOLD_LIFTED, "HOLD_LIFTED"},
    {ACS_RECORD_NOTICE_RESCINDED, "NOTICE_RESCINDED"},
};

static const char *or_dash(const char *name)
{
    return name != NULL ? name : "-";
}

static int is_leap(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* time_ms as "YYYY-MM-DD HH:MM" (UTC), counting forward from 1970. */
static const char *format_time(int64_t time_ms, char text[TEXT_SIZE])
{
    static const int64_t month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int64_t days = time_ms / DAY_MS;
    int64_t minutes = time_ms % DAY_MS / MINUTE_MS;
    int64_t year = 1970;
    while (days >= 365 + is_leap(year)) days -= 365 + is_leap(year++);
    int month = 0;
    while (days >= month_days[month] + (month == 1 && is_leap(year))) {
        days -= month_days[month] + (month == 1 && is_leap(year));
        month++;
    }
    snprintf(text, TEXT_SIZE, "%04lld-%02d-%02lld %02lld:%02lld", (long long)year, month + 1,
             (long long)days + 1, (long long)(minutes / 60), (long long)(minutes % 60));
    return text;
}

static const char *format_person(int role, uint64_t id, char text[TEXT_SIZE])
{
    if (role == 0) snprintf(text, TEXT_SIZE, "none");
    else snprintf(text, TEXT_SIZE, "%s #%llu", or_dash(acs_role_name(role)), (unsigned long long)id);
    return text;
}

static const char *format_evidence(const uint8_t *digest, char text[TEXT_SIZE])
{
    unsigned any = 0;
    for (unsigned i = 0; i < ACS_DIGEST_SIZE; i++) any |= digest[i];
    if (any == 0) snprintf(text, TEXT_SIZE, "none");
    else snprintf(text, TEXT_SIZE, "%02x%02x%02x%02x..", digest[0], digest[1], digest[2], digest[3]);
    return text;
}

static const char *format_what(const step *s, char text[TEXT_SIZE])
{
    const acs_event *e = &s->event;
    if (s->action == STEP_OPEN) snprintf(text, TEXT_SIZE, "acs_account_open");
    else if (s->action == STEP_ADVANCE) snprintf(text, TEXT_SIZE, "acs_advance");
    else if (e->kind == ACS_EVENT_HOLD)
        snprintf(text, TEXT_SIZE, "HOLD %s", or_dash(acs_level_name(e->level)));
    else if (s->hold_of_step != 0)
        snprintf(text, TEXT_SIZE, "%s hold of step %u", acs_event_name(e->kind), s->hold_of_step);
    else if (e->flags & ACS_EVENT_FUNDS_HELD)
        snprintf(text, TEXT_SIZE, "%s, funds remain", acs_event_name(e->kind));
    else snprintf(text, TEXT_SIZE, "%s", acs_event_name(e->kind));
    return text;
}

static void print_step(const step *s, unsigned index)
{
    char when[TEXT_SIZE], who[TEXT_SIZE], what[TEXT_SIZE], evidence[TEXT_SIZE],
        approver[TEXT_SIZE];
    const acs_event *e = &s->event;
    printf("\n[%2u] %s  %s\n", index, format_time(e->time_ms, when), s->story);
    if (s->action != STEP_APPLY) {
        printf("     %-16s  %s\n", s->action == STEP_ADVANCE ? "SYSTEM" : "-",
               format_what(s, what));
        return;
    }
    printf("     %-16s  %-24s  reason %-19s  evidence %-10s  approver %s\n",
           format_person(e->actor_role, e->actor_id, who), format_what(s, what),
           or_dash(acs_reason_name(e->reason)), format_evidence(e->evidence, evidence),
           format_person(e->approver_role, e->approver_id, approver));
}

static int trail_add(column *col, const acs_record *record)
{
    if (col->trail_count == TRAIL_MAX) {
        fprintf(stderr, "demo: the %s trail is full\n", col->name);
        return -1;
    }
    col->trail[col->trail_count++] = *record;
    return 0;
}

static void print_refusal(const column *col, int code, const acs_refusal *refusal)
{
    char explanation[ACS_EXPLAIN_MAX];
    acs_explain(refusal, explanation, sizeof(explanation));
    printf("     %-14s refused   %s\n", col->name, or_dash(acs_code_name(code)));
    printf("     %-14s           %s\n", "", explanation);
}

/* What the withdrawal window did in a change, when it changed. */
static void print_window(const column *col, const acs_account_info *before,
                         const acs_account_info *after)
{
    char when[TEXT_SIZE];
    int paused = (after->flags & ACS_ACCOUNT_WINDOW_PAUSED) != 0;
    int was_paused = (before->flags & ACS_ACCOUNT_WINDOW_PAUSED) != 0;
    if (after->lifecycle != ACS_LIFECYCLE_CLOSING) return;
    if (paused == was_paused && after->window_end_ms == before->window_end_ms) return;
    if (paused) {
        int64_t left_ms = after->window_end_ms - after->window_paused_ms;
        printf("; window paused, %lld days left", (long long)(left_ms / DAY_MS));
        return;
    }
    printf("; window ends %s", format_time(after->window_end_ms, when));
    if (acs_account_can(&col->policy, &col->account, ACS_CAP_WITHDRAW) == 0)
        printf(", though the trader cannot withdraw");
}

static void print_change(const column *col, const acs_account_info *before,
                         const acs_record *record)
{
    char when[TEXT_SIZE];
    acs_account_info after;
    if (acs_account_info_get(&col->account, &after) != ACS_OK) return;
    printf("     %-14s accepted  %s -> %s", col->name, or_dash(acs_status_name(record->status_before)),
           or_dash(acs_status_name(record->status_after)));
    if (record->kind == ACS_EVENT_HOLD && record->deadline_ms != 0)
        printf("; hold %u, review due %s", (unsigned)record->hold_id, format_time(record->deadline_ms, when));
    else if (record->kind == ACS_EVENT_HOLD)
        printf("; hold %u, no review deadline", (unsigned)record->hold_id);
    if (record->kind == ACS_EVENT_APPEAL)
        printf("; answer due %s", format_time(record->deadline_ms, when));
    if (record->flags & ACS_RECORD_HOLD_LIFTED) printf("; hold %u lifted", (unsigned)record->hold_id);
    if (record->flags & ACS_RECORD_FUNDS_SEGREGATED)
        printf("; funds moved to the unclaimed-funds account");
    print_window(col, before, &after);
    printf("\n");
}

static int play_open(column *col, const step *s)
{
    acs_record record;
    int rc = acs_account_open(&col->account, ACCOUNT_ID, s->event.time_ms, &col->policy, &record);
    if (rc != ACS_OK) {
        fprintf(stderr, "demo: acs_account_open: %s\n", acs_strerror(rc));
        return -1;
    }
    printf("     %-14s opened    %s\n", col->name, or_dash(acs_status_name(record.status_after)));
    return trail_add(col, &record);
}

/* Apply the step's event; a refusal goes into the trail as a denial. */
static int play_event(column *col, const step *s, unsigned index)
{
    acs_event event = s->event;
    acs_account_info before;
    acs_record record;
    acs_refusal refusal;
    event.hold_id = col->hold_of_step[s->hold_of_step];
    if (acs_account_info_get(&col->account, &before) != ACS_OK) return -1;
    int rc = acs_apply(&col->policy, &col->account, &event, &record, &refusal);
    if (rc != ACS_OK) {
        print_refusal(col, rc, &refusal);
        if (acs_record_denial(&col->policy, &col->account, &event, rc, &record) != ACS_OK) {
            fprintf(stderr, "demo: acs_record_denial failed\n");
            return -1;
        }
        return trail_add(col, &record);
    }
    if (event.kind == ACS_EVENT_HOLD) col->hold_of_step[index] = record.hold_id;
    print_change(col, &before, &record);
    return trail_add(col, &record);
}

static void print_lapse(const column *col, const acs_record *record, int first)
{
    char when[TEXT_SIZE], what[TEXT_SIZE];
    const char *level = or_dash(acs_level_name(record->hold_level));
    if (record->kind == ACS_EVENT_REVIEW_LAPSED)
        snprintf(what, TEXT_SIZE, "hold %u (%s) %s", (unsigned)record->hold_id, level,
                 (record->flags & ACS_RECORD_HOLD_LIFTED) ? "lifted" : "flagged overdue");
    else if (record->kind == ACS_EVENT_APPEAL_LAPSED && record->hold_id != 0)
        snprintf(what, TEXT_SIZE, "appeal on hold %u unanswered", (unsigned)record->hold_id);
    else if (record->kind == ACS_EVENT_APPEAL_LAPSED)
        snprintf(what, TEXT_SIZE, "appeal on the notice unanswered");
    else snprintf(what, TEXT_SIZE, "withdrawal window ended");
    printf("     %-14s %s  %-14s %-40s  %s -> %s\n", first ? col->name : "",
           format_time(record->time_ms, when), or_dash(acs_event_name(record->kind)), what,
           or_dash(acs_status_name(record->status_before)),
           or_dash(acs_status_name(record->status_after)));
}

/* Apply every deadline that has passed, and print each record. */
static int play_advance(column *col, const step *s)
{
    acs_record records[ACS_DEADLINES_MAX];
    unsigned written = 0;
    int rc = acs_advance(&col->policy, &col->account, s->event.time_ms, records,
                         ACS_DEADLINES_MAX, &written, NULL);
    if (rc != ACS_OK) {
        printf("     %-14s refused   %s: %s\n", col->name, or_dash(acs_code_name(rc)),
               acs_strerror(rc));
        return 0;
    }
    if (written == 0) printf("     %-14s nothing was due\n", col->name);
    for (unsigned i = 0; i < written; i++) {
        print_lapse(col, &records[i], i == 0);
        if (trail_add(col, &records[i]) != 0) return -1;
    }
    return 0;
}

/* Play one step on every account. */
static int play_step(column columns[COLUMN_COUNT], unsigned index)
{
    const step *s = &steps[index];
    print_step(s, index);
    for (unsigned c = 0; c < COLUMN_COUNT; c++) {
        int rc = -1;
        switch (s->action) {
        case STEP_OPEN: rc = play_open(&columns[c], s); break;
        case STEP_APPLY: rc = play_event(&columns[c], s, index); break;
        case STEP_ADVANCE: rc = play_advance(&columns[c], s); break;
        }
        if (rc != 0) return rc;
    }
    return 0;
}

/* The record's flags, a denial's code first. */
static void flags_text(const acs_record *record, char text[TEXT_SIZE])
{
    size_t used = 0;
    text[0] = '\0';
    for (size_t i = 0; i < sizeof(record_flags) / sizeof(record_flags[0]); i++) {
        if (!(record->flags & record_flags[i].flag) || used >= TEXT_SIZE) continue;
        const char *code = record_flags[i].flag == ACS_RECORD_DENIAL
                               ? or_dash(acs_code_name(record->refusal)) : NULL;
        int n = snprintf(text + used, TEXT_SIZE - used, "%s%s%s%s", used > 0 ? " " : "",
                         record_flags[i].name, code != NULL ? " " : "", code != NULL ? code : "");
        if (n > 0) used += (size_t)n;
    }
}

static void print_trail(const column *col)
{
    char when[TEXT_SIZE], hold[TEXT_SIZE], status[TEXT_SIZE], flags[TEXT_SIZE];
    printf("\nAudit trail: %s policy, %u records\n", col->name, col->trail_count);
    printf("%4s  %-16s  %-13s  %-19s  %-10s  %4s  %-34s  %s\n", "seq", "time (UTC)", "event",
           "reason", "actor", "hold", "status before -> after", "flags");
    for (unsigned i = 0; i < col->trail_count; i++) {
        const acs_record *r = &col->trail[i];
        if (r->hold_id != 0) snprintf(hold, TEXT_SIZE, "%u", (unsigned)r->hold_id);
        else snprintf(hold, TEXT_SIZE, "-");
        snprintf(status, TEXT_SIZE, "%s -> %s", or_dash(acs_status_name(r->status_before)),
                 or_dash(acs_status_name(r->status_after)));
        flags_text(r, flags);
        printf("%4llu  %-16s  %-13s  %-19s  %-10s  %4s  %-*s%s\n",
               (unsigned long long)r->sequence, format_time(r->time_ms, when),
               or_dash(acs_event_name(r->kind)), or_dash(acs_reason_name(r->reason)),
               or_dash(acs_role_name(r->actor_role)), hold, flags[0] != '\0' ? 36 : 0, status,
               flags);
    }
}

/* What the linter says of a policy, one finding a line. */
static int print_lint(const column *col)
{
    acs_finding findings[32];
    size_t count = 0;
    int rc = acs_policy_lint(&col->policy.rules, NULL, findings, 32, &count);
    if (rc != ACS_OK) {
        fprintf(stderr, "demo: acs_policy_lint: %s\n", acs_strerror(rc));
        return 1;
    }
    printf("\nThe linter on policy %s: %zu finding%s.\n", col->name, count,
           count == 1 ? "" : "s");
    for (size_t i = 0; i < count && i < 32; i++)
        printf("  %-7s %-18s %s\n", acs_severity_name(findings[i].severity),
               acs_lint_name(findings[i].code), findings[i].message);
    return 0;
}

int main(void)
{
    static column columns[COLUMN_COUNT] = {
        {.name = "default", .preset = ACS_PRESET_DEFAULT},
        {.name = "discretionary", .preset = ACS_PRESET_DISCRETIONARY},
    };
    for (unsigned c = 0; c < COLUMN_COUNT; c++) {
        int rc = acs_policy_preset(&columns[c].policy, columns[c].preset);
        if (rc != ACS_OK) {
            fprintf(stderr, "demo: acs_policy_preset: %s\n", acs_strerror(rc));
            return 1;
        }
    }
    printf("libacctstate %s: the December 2022 leaked-API-key case, under two policies.\n",
           acs_version_string());
    for (unsigned c = 0; c < COLUMN_COUNT; c++) {
        if (print_lint(&columns[c]) != 0) return 1;
    }
    printf("\nBoth accounts receive the same steps. Times are UTC; evidence is a case-file digest.\n");
    for (unsigned i = 0; i < STEP_COUNT; i++) {
        if (play_step(columns, i) != 0) return 1;
    }
    for (unsigned c = 0; c < COLUMN_COUNT; c++) print_trail(&columns[c]);
    return 0;
}
