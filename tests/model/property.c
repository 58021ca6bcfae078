/*
** property.c: the property suite (Check). For each preset it drives the
** library and the reference model (model.c) with the same seeded random
** streams of events and acs_advance calls, and after every step compares
** what the two say: the return code, the refusal, the record (a denial
** record for each refused event), the status, the capabilities, every hold,
** every appeal, the window and the next deadline.
**
** After every step it also checks, on the library alone, the invariants the
** domain rests on: status is a pure function of lifecycle and holds; no
** account that holds funds reaches CLOSED before its withdrawal window ran
** in full; sequence numbers rise by one per change; a refused event changes
** no byte; and replaying the records rebuilds the account exactly (checked
** at random points and at the end of each stream, where the chained records
** are also verified).
**
** Streams are biased towards plausible events so that every kind is
** accepted thousands of times, and mixed with events that are wrong in one
** way (role, reason, evidence, approver, target, time, enum or reserved
** field). Each account's stream comes from the seed, the preset and the
** account's number alone, so a failure reproduces from the seed printed
** with it. Two fixed runs follow the streams: one account given every hold
** id there is, and every value of each byte from the actor role to the hold
** id in an event of each kind (the library tests those bytes together).
**
** Environment: ACS_PROPERTY_EVENTS (events per preset, default 1000000),
** ACS_PROPERTY_SEED (default: a new seed each run, printed),
** ACS_PROPERTY_ACCOUNT (run only that account of each preset, printing its
** steps: for looking at one failure).
*/
#include <check.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "acctstate.h"
#include "model.h"

#define DEFAULT_EVENTS UINT64_C(1000000)
#define MINUTE_MS INT64_C(60000)
#define HOUR_MS (60 * MINUTE_MS)
#define DAY_MS (24 * HOUR_MS)

/* Streams start between 2024-06-01 and 2030-06-01, so that the consumer
** calendar's holidays (2025 to 2030) are crossed. */
#define START_EARLIEST_MS INT64_C(1717200000000)
#define START_SPAN_MS (6 * 365 * DAY_MS)

#define STREAM_EVENTS_MIN 60u
#define STREAM_EVENTS_MAX 340u
/* After an account closes, a few more steps try to change it. */
#define STEPS_AFTER_CLOSE 6u
/* Each event writes one record (a change or a denial) and starts at most
** one deadline, and each deadline applied writes one: an account's log
** holds about twice its events, well inside this. */
#define LOG_MAX (4u * STREAM_EVENTS_MAX + 64u)
#define HISTORY_MAX 16u
#define HISTORY_LINE 200u
#define MESSAGE_MAX 8192u

/* ------------------------------------------------------------------------
** Settings, read once in main before the tests fork.
*/

static uint64_t setting_events = DEFAULT_EVENTS;
static bool setting_events_given = false;
static uint64_t setting_seed = 0;
static bool setting_one_account = false;
static uint64_t setting_account = 0;

/* ------------------------------------------------------------------------
** A small, fast generator (splitmix64): streams must be the same on every
** platform for a seed to reproduce.
*/

typedef struct rng {
    uint64_t state;
} rng;

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static uint64_t next64(rng *g)
{
    g->state += UINT64_C(0x9e3779b97f4a7c15);
    return mix64(g->state);
}

/* A number in 0 .. bound - 1 (bound > 0). The slight bias of a modulo does
** not matter for a test stream. */
static uint64_t below(rng *g, uint64_t bound)
{
    return next64(g) % bound;
}

static int64_t between(rng *g, int64_t low, int64_t high)
{
    return low + (int64_t)below(g, (uint64_t)(high - low + 1));
}

/* true with probability percent / 100. */
static bool chance(rng *g, unsigned percent)
{
    return below(g, 100) < percent;
}

/* ------------------------------------------------------------------------
** Counts, per preset, printed at the end of its test.
*/

#define KIND_SLOTS 20
#define CODE_SLOTS 128 /* indexed by -code */

typedef struct stats {
    uint64_t events;
    uint64_t advances;
    uint64_t accounts;
    uint64_t replays;
    uint64_t accepted[KIND_SLOTS];
    uint64_t refused[KIND_SLOTS];
    uint64_t refused_code[CODE_SLOTS];
    uint64_t deadlines[KIND_SLOTS];
    uint64_t closes_with_funds;
    uint64_t records;
    /* Rarer paths through the rules, to show the streams reach them. */
    uint64_t closes_from[ACS_LIFECYCLE_CLOSED + 1]; /* by lifecycle before */
    uint64_t late_answers;      /* DECIDE of an appeal already overdue */
    uint64_t overdue_extended;  /* EXTEND of a hold flagged overdue */
    uint64_t windows_reopened;  /* EXTEND of a window that had ended */
    uint64_t paused_at_notice;  /* NOTICE to an account that cannot withdraw */
    uint64_t windows_resumed;   /* a paused window running again */
} stats;

/* ------------------------------------------------------------------------
** One account's run: the library's account, the model's, the records so
** far and what the invariants need to remember.
*/

typedef struct run {
    const acs_policy *policy;
    model_policy model_policy;
    int preset;
    uint64_t account_number;
    uint64_t step;
    rng random;
    stats *counts;
    bool verbose;
    bool hoarding; /* this account's staff place holds far more often */

    acs_account account;
    model_account model;
    int64_t now_ms; /* the latest time a call was made at and accepted */

    acs_record *log;
    size_t log_count;
    size_t log_max;
    acs_chain chain;
    uint32_t last_sequence;

    /* The withdrawal window as the customer saw it: how long withdrawals
    ** were possible since the notice, and how long the notice was. */
    bool notice_running;
    int64_t notice_length_ms;
    int64_t withdrawable_ms;
    int64_t window_mark_ms;

    /* An earlier state of the account, for acs_account_at. */
    bool snapshot_valid;
    acs_account snapshot;
    int64_t snapshot_ms;

    char history[HISTORY_MAX][HISTORY_LINE];
    unsigned history_count;
} run;

static const char *preset_name(int preset)
{
    if (preset == ACS_PRESET_CONSUMER) return "consumer";
    if (preset == ACS_PRESET_DISCRETIONARY) return "discretionary";
    return "default";
}

static void remember(run *r, const char *format, ...)
{
    char line[HISTORY_LINE];
    va_list args;
    va_start(args, format);
    vsnprintf(line, sizeof(line), format, args);
    va_end(args);
    if (r->verbose) printf("  [%" PRIu64 "] %s\n", r->step, line);
    memcpy(r->history[r->history_count % HISTORY_MAX], line, HISTORY_LINE);
    r->history_count++;
}

/* Stops the test with everything needed to find and reproduce the failure. */
static void fail_at(run *r, const char *format, ...)
{
    static char message[MESSAGE_MAX];
    char what[1024];
    va_list args;
    va_start(args, format);
    vsnprintf(what, sizeof(what), format, args);
    va_end(args);
    char events[64] = "";
    if (setting_events_given)
        snprintf(events, sizeof(events), "ACS_PROPERTY_EVENTS=%" PRIu64 " ", setting_events);
    size_t used = (size_t)snprintf(
        message, sizeof(message),
        "%s\n  seed %" PRIu64 ", preset %s, account %" PRIu64 ", step %" PRIu64
        "\n  reproduce: ACS_PROPERTY_SEED=%" PRIu64 " %smake check-property"
        "\n  this account alone, step by step: ACS_PROPERTY_SEED=%" PRIu64
        " ACS_PROPERTY_ACCOUNT=%" PRIu64 " make check-property\n  last steps:",
        what, setting_seed, preset_name(r->preset), r->account_number, r->step, setting_seed,
        events, setting_seed, r->account_number);
    unsigned first = r->history_count > HISTORY_MAX ? r->history_count - HISTORY_MAX : 0;
    for (unsigned i = first; i < r->history_count && used < sizeof(message); i++)
        used += (size_t)snprintf(message + used, sizeof(message) - used, "\n    %s",
                                 r->history[i % HISTORY_MAX]);
    /* The test runs in a child process that Check ends on a failure: what
    ** it printed must reach the log first. */
    fflush(stdout);
    ck_abort_msg("%s", message);
}

/* ------------------------------------------------------------------------
** Comparing the library with the model.
*/

/* Values of every integer type the two sides report are compared as
** int64_t: ids above INT64_MAX wrap alike on both sides. */
#define SAME(r, what, lib, mod)                                                    \
    do {                                                                           \
        int64_t lib_value_ = (int64_t)(lib);                                       \
        int64_t model_value_ = (int64_t)(mod);                                     \
        if (lib_value_ != model_value_)                                            \
            fail_at(r, "%s: library %" PRId64 ", model %" PRId64, what, lib_value_, \
                    model_value_);                                                 \
    } while (0)

static void same_bytes(run *r, const char *what, const void *lib, const void *mod, size_t size)
{
    if (memcmp(lib, mod, size) != 0)
        fail_at(r, "%s: the library's bytes differ from the model's", what);
}

/* Every field of two records, chain fields aside. Names are formatted only
** for a field that differs: this runs for millions of records. */
static void same_record(run *r, const char *what, const acs_record *lib, const acs_record *mod)
{
    char name[96];
#define FIELD(field)                                                      \
    do {                                                                  \
        if ((int64_t)lib->field != (int64_t)mod->field) {                 \
            snprintf(name, sizeof(name), "%s: record " #field, what);     \
            SAME(r, name, lib->field, mod->field);                        \
        }                                                                 \
    } while (0)
    FIELD(format_version);
    FIELD(kind);
    FIELD(reason);
    FIELD(flags);
    FIELD(actor_role);
    FIELD(approver_role);
    FIELD(status_before);
    FIELD(status_after);
    FIELD(lifecycle_before);
    FIELD(lifecycle_after);
    FIELD(hold_level);
    FIELD(reserved0);
    FIELD(hold_id);
    FIELD(refusal);
    FIELD(account_id);
    FIELD(sequence);
    FIELD(time_ms);
    FIELD(actor_id);
    FIELD(approver_id);
    FIELD(deadline_ms);
    FIELD(previous_deadline_ms);
    FIELD(window_end_ms);
#undef FIELD
    if (memcmp(lib->evidence, mod->evidence, ACS_DIGEST_SIZE) != 0)
        fail_at(r, "%s: record evidence differs", what);
    if (memcmp(lib->policy_fingerprint, mod->policy_fingerprint, ACS_DIGEST_SIZE) != 0)
        fail_at(r, "%s: record policy_fingerprint differs", what);
    static const uint8_t zero[ACS_DIGEST_SIZE];
    if (memcmp(lib->previous_hash, zero, ACS_DIGEST_SIZE) != 0 ||
        memcmp(lib->hash, zero, ACS_DIGEST_SIZE) != 0)
        fail_at(r, "%s: a fresh record carries chain hashes", what);
}

static void same_refusal(run *r, const acs_refusal *lib, const acs_refusal *mod)
{
    SAME(r, "refusal code", lib->code, mod->code);
    SAME(r, "refusal kind", lib->kind, mod->kind);
    SAME(r, "refusal level", lib->level, mod->level);
    SAME(r, "refusal status", lib->status, mod->status);
    SAME(r, "refusal role", lib->role, mod->role);
    SAME(r, "refusal reason", lib->reason, mod->reason);
    SAME(r, "refusal limit_ms", lib->limit_ms, mod->limit_ms);
    for (unsigned i = 0; i < sizeof(lib->reserved); i++)
        SAME(r, "refusal reserved", lib->reserved[i], 0);
    same_bytes(r, "refusal policy_name", lib->policy_name, mod->policy_name, ACS_POLICY_NAME_MAX);
}

/* The status the domain's table gives for a lifecycle and a set of hold
** levels: the invariant "status is a pure function of lifecycle and holds",
** checked on what the library reports. */
static int status_from(int lifecycle, const int *levels, unsigned count)
{
    if (lifecycle == ACS_LIFECYCLE_CLOSED) return ACS_STATUS_CLOSED;
    int status = lifecycle == ACS_LIFECYCLE_PENDING   ? ACS_STATUS_PENDING
                 : lifecycle == ACS_LIFECYCLE_CLOSING ? ACS_STATUS_WITHDRAWAL_ONLY
                                                      : ACS_STATUS_ACTIVE;
    for (unsigned i = 0; i < count; i++)
        if (levels[i] + 2 > status) status = levels[i] + 2;
    return status;
}

static void same_account(run *r)
{
    const model_account *m = &r->model;
    acs_account_info info;
    SAME(r, "acs_account_info_get", acs_account_info_get(&r->account, &info), ACS_OK);
    SAME(r, "account id", info.id, m->id);
    SAME(r, "sequence", info.sequence, m->sequence);
    SAME(r, "lifecycle", info.lifecycle, m->lifecycle);
    SAME(r, "status", info.status, model_status(m));
    SAME(r, "hold_count", info.hold_count, m->hold_count);
    SAME(r, "appeal_count", info.appeal_count, m->appeal_count);
    SAME(r, "last_change_ms", info.last_change_ms, m->last_change_ms);
    SAME(r, "window_end_ms", info.window_end_ms, m->window_end_ms);
    SAME(r, "window_paused_ms", info.window_paused_ms, m->window_paused_ms);
    SAME(r, "window_max_ms", info.window_max_ms, m->window_max_ms);
    SAME(r, "notice_reason", info.notice_reason, m->notice_reason);
    unsigned flags = (m->window_paused ? ACS_ACCOUNT_WINDOW_PAUSED : 0u) |
                     (m->window_ended ? ACS_ACCOUNT_WINDOW_ENDED : 0u) |
                     (m->notice_appealed ? ACS_ACCOUNT_NOTICE_APPEALED : 0u);
    SAME(r, "account flags", info.flags, flags);
    for (unsigned i = 0; i < sizeof(info.reserved); i++)
        SAME(r, "info reserved", info.reserved[i], 0);
    for (unsigned i = 0; i < ACS_APPEALS_MAX; i++) {
        model_appeal none;
        memset(&none, 0, sizeof(none));
        const model_appeal *appeal = i < m->appeal_count ? &m->appeals[i] : &none;
        SAME(r, "appeal answer_deadline_ms", info.appeals[i].answer_deadline_ms,
             appeal->answer_deadline_ms);
        SAME(r, "appeal target", info.appeals[i].target, appeal->target);
        SAME(r, "appeal overdue", info.appeals[i].overdue, appeal->overdue);
    }

    int status = 0;
    SAME(r, "acs_account_status", acs_account_status(&r->account, &status), ACS_OK);
    SAME(r, "acs_account_status value", status, model_status(m));
    unsigned capabilities = 0;
    SAME(r, "acs_account_capabilities",
         acs_account_capabilities(r->policy, &r->account, &capabilities), ACS_OK);
    unsigned expected = model_capabilities(&r->model_policy, model_status(m));
    SAME(r, "capabilities", capabilities, expected);
    if (r->step % 8 == 0) {
        for (unsigned bit = ACS_CAP_LOGIN; bit <= ACS_CAP_API; bit <<= 1)
            SAME(r, "acs_account_can", acs_account_can(r->policy, &r->account, bit),
                 (expected & bit) != 0);
    }

    int levels[ACS_HOLDS_MAX];
    for (unsigned i = 0; i < m->hold_count; i++) {
        acs_hold hold;
        SAME(r, "acs_account_hold", acs_account_hold(&r->account, i, &hold), ACS_OK);
        const model_hold *expect = &m->holds[i];
        SAME(r, "hold id", hold.id, expect->id);
        SAME(r, "hold level", hold.level, expect->level);
        SAME(r, "hold reason", hold.reason, expect->reason);
        SAME(r, "hold actor_role", hold.actor_role, expect->actor_role);
        SAME(r, "hold actor_id", hold.actor_id, expect->actor_id);
        SAME(r, "hold placed_ms", hold.placed_ms, expect->placed_ms);
        SAME(r, "hold review_deadline_ms", hold.review_deadline_ms, expect->review_deadline_ms);
        unsigned hold_flags = (expect->overdue ? ACS_HOLD_OVERDUE : 0u) |
                              (expect->appealed ? ACS_HOLD_APPEALED : 0u);
        SAME(r, "hold flags", hold.flags, hold_flags);
        SAME(r, "hold reserved", hold.reserved[0] | hold.reserved[1], 0);
        levels[i] = hold.level;
        if (r->step % 8 == 0) {
            acs_hold found;
            SAME(r, "acs_account_find_hold", acs_account_find_hold(&r->account, hold.id, &found),
                 ACS_OK);
            same_bytes(r, "acs_account_find_hold", &found, &hold, sizeof(hold));
        }
    }
    if (r->step % 8 == 0) {
        acs_hold past;
        SAME(r, "acs_account_hold past the count",
             acs_account_hold(&r->account, m->hold_count, &past), ACS_E_LIMIT);
    }
    SAME(r, "status from lifecycle and holds", info.status,
         status_from(info.lifecycle, levels, info.hold_count));

    int64_t deadline = -1;
    int kind = -1;
    SAME(r, "acs_account_next_deadline", acs_account_next_deadline(&r->account, &deadline, &kind),
         ACS_OK);
    int model_kind = 0;
    SAME(r, "next deadline", deadline, model_next_deadline(m, &model_kind));
    SAME(r, "next deadline kind", kind, model_kind);
}

/* ------------------------------------------------------------------------
** The log of records, the chain and replay.
*/

static void keep_record(run *r, const acs_record *record)
{
    if (r->log_count == r->log_max)
        fail_at(r, "the account's log is full (%zu records)", r->log_max);
    acs_record chained = *record;
    SAME(r, "acs_chain_append", acs_chain_append(&r->chain, &chained), ACS_OK);
    r->log[r->log_count++] = chained;
    r->counts->records++;
    bool denial = (record->flags & ACS_RECORD_DENIAL) != 0;
    if (denial) {
        SAME(r, "a denial's sequence is the last change's", record->sequence, r->last_sequence);
    } else {
        SAME(r, "sequence rises by one", record->sequence, (uint64_t)r->last_sequence + 1);
        r->last_sequence = (uint32_t)record->sequence;
        if (r->snapshot_valid && record->time_ms <= r->snapshot_ms) r->snapshot_valid = false;
    }
}

static void check_replay(run *r)
{
    acs_account rebuilt;
    acs_audit_report report;
    memset(&report, 0, sizeof(report));
    int rc = acs_replay(r->policy, r->log, r->log_count, &rebuilt, &report);
    if (rc != ACS_OK)
        fail_at(r, "acs_replay of %zu records: %s (refusal %s) at record %" PRIu64, r->log_count,
                acs_code_name(rc), acs_code_name(report.refusal), report.index);
    if (memcmp(&rebuilt, &r->account, sizeof(rebuilt)) != 0)
        fail_at(r, "replaying %zu records does not rebuild the account byte for byte",
                r->log_count);
    r->counts->replays++;
}

static void check_end(run *r)
{
    check_replay(r);
    acs_audit_report report;
    int rc = acs_verify(r->log, r->log_count, NULL, &r->chain, 0, &report);
    if (rc != ACS_OK)
        fail_at(r, "acs_verify of %zu chained records: %s at record %" PRIu64, r->log_count,
                acs_code_name(rc), report.index);
    acs_account then;
    rc = acs_account_at(r->policy, r->log, r->log_count, r->model.last_change_ms, &then, &report);
    SAME(r, "acs_account_at the last change", rc, ACS_OK);
    if (memcmp(&then, &r->account, sizeof(then)) != 0)
        fail_at(r, "acs_account_at the last change is not the account");
    if (r->snapshot_valid) {
        rc = acs_account_at(r->policy, r->log, r->log_count, r->snapshot_ms, &then, &report);
        SAME(r, "acs_account_at an earlier time", rc, ACS_OK);
        if (memcmp(&then, &r->snapshot, sizeof(then)) != 0)
            fail_at(r, "acs_account_at %" PRId64 " is not the account as it stood then",
                    r->snapshot_ms);
    }
}

/* ------------------------------------------------------------------------
** The withdrawal window as the customer lived it. Between two changes the
** status does not move, so the time withdrawals were possible is summed
** record by record: each record's status before the change held since the
** change before it. Only the records and the policy's capability sets are
** used, not the window fields of either implementation.
*/

static void window_follow_record(run *r, const acs_record *record)
{
    if (r->notice_running) {
        bool pauses = (r->policy->rules.flags & ACS_POLICY_WINDOW_PAUSES) != 0;
        bool could_withdraw =
            (r->policy->rules.capabilities[record->status_before] & ACS_CAP_WITHDRAW) != 0;
        if (!pauses || could_withdraw) r->withdrawable_ms += record->time_ms - r->window_mark_ms;
        r->window_mark_ms = record->time_ms;
    }
    if (record->lifecycle_before != ACS_LIFECYCLE_CLOSING &&
        record->lifecycle_after == ACS_LIFECYCLE_CLOSING) {
        r->notice_running = true;
        r->notice_length_ms = record->deadline_ms - record->time_ms;
        r->withdrawable_ms = 0;
        r->window_mark_ms = record->time_ms;
    }
    if (record->lifecycle_after == ACS_LIFECYCLE_CLOSED &&
        record->lifecycle_before != ACS_LIFECYCLE_CLOSED &&
        (record->flags & ACS_RECORD_FUNDS_HELD) != 0) {
        if (record->lifecycle_before != ACS_LIFECYCLE_CLOSING)
            fail_at(r, "an account holding funds closed without notice");
        /* The one exception is documented: when a paused window resumes,
        ** its end moves later by the time paused but never past
        ** ACS_TIME_MAX_MS, so a notice given at the very end of time can
        ** end short, and then only at ACS_TIME_MAX_MS itself. */
        bool end_of_time = record->time_ms == ACS_TIME_MAX_MS;
        if (r->withdrawable_ms < r->notice_length_ms && !end_of_time)
            fail_at(r, "an account holding funds closed after %" PRId64
                    " ms of withdrawal window out of %" PRId64,
                    r->withdrawable_ms, r->notice_length_ms);
        r->counts->closes_with_funds++;
    }
    if (record->lifecycle_after != ACS_LIFECYCLE_CLOSING) r->notice_running = false;
}

/* ------------------------------------------------------------------------
** Choosing times.
*/

static int64_t clamp_time(int64_t time_ms)
{
    if (time_ms < 0) return 0;
    return time_ms > ACS_TIME_MAX_MS ? ACS_TIME_MAX_MS : time_ms;
}

/* The time of the next call: mostly a little later, sometimes much later,
** often right at a deadline, now and then earlier than the last change. */
static int64_t pick_time(run *r)
{
    rng *g = &r->random;
    int64_t base = r->now_ms;
    unsigned roll = (unsigned)below(g, 100);
    int64_t next = model_next_deadline(&r->model, NULL);
    /* A hoarding account's holds are placed faster than they lapse. */
    if (r->hoarding && roll < 60) return base + between(g, 0, HOUR_MS);
    if (roll < 14 && next != 0) {
        int64_t offsets[] = {-1, 0, 0, 1, -MINUTE_MS, HOUR_MS};
        return clamp_time(next + offsets[below(g, 6)]);
    }
    if (roll < 17) return base;
    if (roll < 20) return clamp_time(base - between(g, 1, 2 * DAY_MS));
    if (roll < 50) return base + between(g, 1, HOUR_MS);
    if (roll < 74) return base + between(g, HOUR_MS, 3 * DAY_MS);
    if (roll < 90) return base + between(g, 3 * DAY_MS, 20 * DAY_MS);
    if (roll < 98) return base + between(g, 20 * DAY_MS, 80 * DAY_MS);
    return base + between(g, 80 * DAY_MS, 400 * DAY_MS);
}

/* ------------------------------------------------------------------------
** Choosing events. A plausible event of a kind is built from what an
** exchange's staff would send; wrong ones come from breaking one field.
*/

static const uint8_t staff_roles[] = {ACS_ROLE_SUPPORT, ACS_ROLE_COMPLIANCE, ACS_ROLE_SECURITY,
                                      ACS_ROLE_MANAGEMENT, ACS_ROLE_SYSTEM};

static uint8_t pick_role(rng *g, int kind)
{
    if (chance(g, 6)) return (uint8_t)between(g, ACS_ROLE_USER, ACS_ROLE_SYSTEM);
    switch (kind) {
    case ACS_EVENT_NOTICE:
    case ACS_EVENT_RESCIND:
    case ACS_EVENT_DECIDE:
        return chance(g, 55) ? ACS_ROLE_COMPLIANCE : ACS_ROLE_MANAGEMENT;
    case ACS_EVENT_APPEAL: return ACS_ROLE_USER;
    case ACS_EVENT_CLOSE: {
        static const uint8_t closers[] = {ACS_ROLE_USER, ACS_ROLE_USER, ACS_ROLE_COMPLIANCE,
                                          ACS_ROLE_MANAGEMENT, ACS_ROLE_SYSTEM};
        return closers[below(g, sizeof(closers))];
    }
    default: return staff_roles[below(g, sizeof(staff_roles))];
    }
}

static uint8_t any_ground(rng *g)
{
    return (uint8_t)between(g, ACS_REASON_SECURITY_COMPROMISE, ACS_REASON_PUBLIC_CRITICISM);
}

static uint8_t any_reason(rng *g)
{
    if (chance(g, 60)) return any_ground(g);
    return (uint8_t)between(g, ACS_REASON_REVIEW_CLEARED, ACS_REASON_DEADLINE_LAPSED);
}

static uint8_t pick_reason(rng *g, int kind, int role)
{
    if (chance(g, 6)) return any_reason(g);
    switch (kind) {
    case ACS_EVENT_VERIFY: return ACS_REASON_REQUIREMENT_MET;
    case ACS_EVENT_LIFT: {
        static const uint8_t outcomes[] = {ACS_REASON_REVIEW_CLEARED, ACS_REASON_REQUIREMENT_MET,
                                           ACS_REASON_ORDER_LIFTED, ACS_REASON_ERROR_CORRECTED};
        return outcomes[below(g, sizeof(outcomes))];
    }
    case ACS_EVENT_RESCIND:
        return chance(g, 50) ? ACS_REASON_ERROR_CORRECTED : ACS_REASON_REVIEW_CLEARED;
    case ACS_EVENT_APPEAL: return ACS_REASON_USER_REQUEST;
    case ACS_EVENT_DECIDE:
        return chance(g, 50) ? ACS_REASON_APPEAL_UPHELD : ACS_REASON_APPEAL_DISMISSED;
    case ACS_EVENT_CLOSE:
        if (role == ACS_ROLE_USER && chance(g, 85)) return ACS_REASON_USER_REQUEST;
        return any_ground(g);
    default: return any_ground(g);
    }
}

/* A target for the kinds that name one: mostly a hold the account has,
** sometimes the window or notice (0), rarely an id it does not have. */
static uint16_t pick_target(run *r, int kind)
{
    rng *g = &r->random;
    const model_account *m = &r->model;
    bool closing = m->lifecycle == ACS_LIFECYCLE_CLOSING;
    if (kind == ACS_EVENT_DECIDE && m->appeal_count > 0 && chance(g, 90))
        return m->appeals[below(g, m->appeal_count)].target;
    if (kind != ACS_EVENT_LIFT && closing && chance(g, 40)) return 0;
    /* A customer appeals what they have not appealed yet, the newest
    ** first, while the time to appeal it runs. */
    if (kind == ACS_EVENT_APPEAL && chance(g, 80)) {
        for (unsigned i = m->hold_count; i > 0; i--)
            if (!m->holds[i - 1].appealed) return m->holds[i - 1].id;
    }
    if (m->hold_count > 0 && chance(g, 94)) return m->holds[below(g, m->hold_count)].id;
    if (kind != ACS_EVENT_LIFT && chance(g, 40)) return 0;
    /* An id never given, or one already lifted. */
    if (chance(g, 50) || m->next_hold_id <= 1) return (uint16_t)m->next_hold_id;
    return (uint16_t)between(g, 1, (int64_t)m->next_hold_id - 1);
}

/* A review period for HOLD: usually the default, often shorter, and at the
** bounds of the presets' defaults and maximums. */
static int64_t pick_period(rng *g)
{
    unsigned roll = (unsigned)below(g, 100);
    if (roll < 55) return 0;
    if (roll < 80) return between(g, 1, 40 * DAY_MS);
    static const int64_t bounds_days[] = {14, 30, 365};
    int64_t bound = bounds_days[below(g, 3)] * DAY_MS;
    return bound + between(g, -1, 1);
}

/* A new deadline for EXTEND, around what the target allows. */
static int64_t pick_deadline(run *r, uint16_t target, int64_t time_ms)
{
    rng *g = &r->random;
    unsigned roll = (unsigned)below(g, 100);
    if (target == 0) {
        acs_account_info info;
        acs_account_info_get(&r->account, &info);
        if (roll < 30 && info.window_max_ms != 0) return info.window_max_ms + between(g, -1, 1);
        int64_t from = info.window_end_ms > time_ms ? info.window_end_ms : time_ms;
        if (roll < 40) return from + between(g, -1, 1);
        return from + between(g, 1, 20 * DAY_MS);
    }
    acs_hold hold;
    if (acs_account_find_hold(&r->account, target, &hold) != ACS_OK) {
        return time_ms + between(g, 1, 30 * DAY_MS);
    }
    if (roll < 35) {
        static const int64_t maximum_days[] = {30, 60, 90, 180, 365};
        return hold.placed_ms + maximum_days[below(g, 5)] * DAY_MS + between(g, -1, 1);
    }
    int64_t from = hold.review_deadline_ms > time_ms ? hold.review_deadline_ms : time_ms;
    if (roll < 45) return from + between(g, -1, 1);
    return from + between(g, 1, 60 * DAY_MS);
}

static void plausible_event(run *r, int kind, int64_t time_ms, acs_event *event)
{
    rng *g = &r->random;
    memset(event, 0, sizeof(*event));
    event->kind = (uint8_t)kind;
    event->time_ms = time_ms;
    event->actor_role = pick_role(g, kind);
    event->actor_id = event->actor_role * UINT64_C(1000) + (uint64_t)between(g, 1, 3);
    event->reason = pick_reason(g, kind, event->actor_role);
    if (chance(g, 85)) {
        for (unsigned i = 0; i < ACS_DIGEST_SIZE; i++) event->evidence[i] = (uint8_t)next64(g);
        event->evidence[0] |= 1; /* never all zero by chance */
    }
    if (chance(g, 75)) {
        unsigned roll = (unsigned)below(g, 10);
        event->approver_role = roll < 6   ? ACS_ROLE_COMPLIANCE
                               : roll < 9 ? ACS_ROLE_MANAGEMENT
                                          : (uint8_t)between(g, ACS_ROLE_USER, ACS_ROLE_SYSTEM);
        event->approver_id = event->approver_role * UINT64_C(1000) + (uint64_t)between(g, 1, 3);
    }
    if (kind == ACS_EVENT_HOLD) {
        event->level = (uint8_t)between(g, ACS_LEVEL_WITHDRAWAL_ONLY, ACS_LEVEL_SUSPENDED);
        event->period_ms = pick_period(g);
    }
    if (kind == ACS_EVENT_LIFT || kind == ACS_EVENT_EXTEND || kind == ACS_EVENT_APPEAL ||
        kind == ACS_EVENT_DECIDE)
        event->hold_id = pick_target(r, kind);
    if (kind == ACS_EVENT_EXTEND) event->deadline_ms = pick_deadline(r, event->hold_id, time_ms);
    if (kind == ACS_EVENT_CLOSE && chance(g, 45)) event->flags = ACS_EVENT_FUNDS_HELD;
}

/* Breaks one thing about an event, the way callers get events wrong. */
static void break_event(run *r, acs_event *event)
{
    rng *g = &r->random;
    switch (below(g, 16)) {
    case 0: event->actor_role = (uint8_t)between(g, ACS_ROLE_USER, ACS_ROLE_SYSTEM); break;
    case 1: event->reason = any_reason(g); break;
    case 2: memset(event->evidence, 0, sizeof(event->evidence)); break;
    case 3:
        event->approver_role = 0;
        event->approver_id = 0;
        break;
    case 4:
        if (event->approver_role == 0) event->approver_role = ACS_ROLE_COMPLIANCE;
        event->approver_id = event->actor_id;
        break;
    case 5: {
        static const uint16_t ids[] = {1, 2, 5, ACS_HOLD_ID_MAX, ACS_HOLD_ID_MAX + 1, 0xffff};
        event->hold_id = ids[below(g, 6)];
        break;
    }
    case 6: event->time_ms = clamp_time(r->model.last_change_ms - between(g, 1, DAY_MS)); break;
    case 7: {
        static const uint8_t kinds[] = {0, 10, 15, 16, 19, 255};
        event->kind = kinds[below(g, 6)];
        break;
    }
    case 8: {
        static const uint8_t roles[] = {0, 7, 200};
        if (chance(g, 50)) event->actor_role = roles[below(g, 3)];
        else event->approver_role = roles[1 + below(g, 2)];
        break;
    }
    case 9: {
        static const uint8_t reasons[] = {0, 12, 15, 16, 31, 39, 63, 64, 255};
        event->reason = reasons[below(g, 9)];
        break;
    }
    case 10: event->level = (uint8_t)(chance(g, 50) ? 0 : between(g, 4, 255)); break;
    case 11: {
        unsigned which = (unsigned)below(g, 6);
        if (which == 0) event->reserved[below(g, sizeof(event->reserved))] = 1;
        if (which == 1) event->period_ms = event->period_ms == 0 ? DAY_MS : event->period_ms;
        if (which == 2) event->deadline_ms = event->deadline_ms == 0 ? DAY_MS : event->deadline_ms;
        if (which == 3) event->flags |= 0x2u;
        if (which == 4) event->flags |= ACS_EVENT_FUNDS_HELD;
        if (which == 5) {
            event->approver_role = 0;
            event->approver_id = 42;
        }
        break;
    }
    case 12: {
        static const int64_t times[] = {-1, INT64_MIN, ACS_TIME_MAX_MS + 1, INT64_MAX};
        event->time_ms = times[below(g, 4)];
        break;
    }
    case 13: {
        static const int64_t periods[] = {-1, INT64_MIN, ACS_TIME_MAX_MS + 1, ACS_TIME_MAX_MS};
        if (chance(g, 50)) event->period_ms = periods[below(g, 4)];
        else event->deadline_ms = periods[below(g, 4)];
        break;
    }
    case 14: event->flags ^= ACS_EVENT_FUNDS_HELD; break;
    default: event->kind = (uint8_t)between(g, ACS_EVENT_VERIFY, ACS_EVENT_DECIDE); break;
    }
}

/* How likely each kind is now: kinds that can do something in the
** account's state are chosen more often, so that each is accepted many
** times; every kind keeps a small chance, to be refused. */
static int pick_kind(run *r, double progress)
{
    const model_account *m = &r->model;
    bool pending = m->lifecycle == ACS_LIFECYCLE_PENDING;
    bool open = m->lifecycle == ACS_LIFECYCLE_OPEN;
    bool closing = m->lifecycle == ACS_LIFECYCLE_CLOSING;
    unsigned weights[ACS_EVENT_DECIDE + 1] = {0};
    weights[ACS_EVENT_VERIFY] = pending ? 40 : 1;
    weights[ACS_EVENT_HOLD] = r->hoarding ? 60 : m->hold_count >= 6 ? 5 : 16;
    weights[ACS_EVENT_LIFT] = m->hold_count > 0 ? 10 : 1;
    weights[ACS_EVENT_EXTEND] = (m->hold_count > 0 || closing) ? 10 : 1;
    weights[ACS_EVENT_NOTICE] = open ? 7 : 1;
    weights[ACS_EVENT_RESCIND] = closing ? 4 : 1;
    weights[ACS_EVENT_CLOSE] = progress < 0.5 ? 1 : (closing && m->window_ended ? 14 : 3);
    weights[ACS_EVENT_APPEAL] = (m->hold_count > 0 || closing) ? 10 : 1;
    weights[ACS_EVENT_DECIDE] = m->appeal_count > 0 ? 12 : 1;
    unsigned total = 0;
    for (int kind = ACS_EVENT_VERIFY; kind <= ACS_EVENT_DECIDE; kind++) total += weights[kind];
    unsigned roll = (unsigned)below(&r->random, total);
    for (int kind = ACS_EVENT_VERIFY; kind <= ACS_EVENT_DECIDE; kind++) {
        if (roll < weights[kind]) return kind;
        roll -= weights[kind];
    }
    return ACS_EVENT_DECIDE;
}

/* ------------------------------------------------------------------------
** Steps.
*/

static void describe_event(char *buffer, size_t size, const acs_event *e)
{
    const char *kind = acs_event_name(e->kind);
    snprintf(buffer, size,
             "%s(%u) t=%" PRId64 " actor=%u:%" PRIu64 " approver=%u:%" PRIu64
             " reason=%u level=%u hold=%u period=%" PRId64 " deadline=%" PRId64
             " flags=%u evidence=%s%s",
             kind != NULL ? kind : "?", e->kind, e->time_ms, e->actor_role, e->actor_id,
             e->approver_role, e->approver_id, e->reason, e->level, e->hold_id, e->period_ms,
             e->deadline_ms, e->flags, e->evidence[0] != 0 ? "yes" : "no",
             e->reserved[0] | e->reserved[1] | e->reserved[2] | e->reserved[3] |
                     e->reserved[4] | e->reserved[5] | e->reserved[6] | e->reserved[7]
                 ? " reserved!"
                 : "");
}

static void count_paths(stats *counts, const model_account *before, const model_account *after,
                        const acs_event *event)
{
    if (event->kind == ACS_EVENT_CLOSE) counts->closes_from[before->lifecycle]++;
    for (unsigned i = 0; i < before->appeal_count; i++)
        if (event->kind == ACS_EVENT_DECIDE && before->appeals[i].target == event->hold_id &&
            before->appeals[i].overdue)
            counts->late_answers++;
    for (unsigned i = 0; i < before->hold_count; i++)
        if (event->kind == ACS_EVENT_EXTEND && before->holds[i].id == event->hold_id &&
            before->holds[i].overdue)
            counts->overdue_extended++;
    if (event->kind == ACS_EVENT_EXTEND && event->hold_id == 0 && before->window_ended)
        counts->windows_reopened++;
    if (event->kind == ACS_EVENT_NOTICE && after->window_paused) counts->paused_at_notice++;
    if (before->window_paused && after->lifecycle == ACS_LIFECYCLE_CLOSING &&
        !after->window_paused)
        counts->windows_resumed++;
}

static void step_advance(run *r, int64_t now_ms, unsigned records_max)
{
    acs_record lib_records[ACS_DEADLINES_MAX + 5];
    acs_record model_records[ACS_DEADLINES_MAX + 5];
    memset(lib_records, 0xa5, sizeof(lib_records));
    acs_account before = r->account;
    unsigned lib_written = 777;
    unsigned model_written = 0;
    int64_t lib_next = -7;
    int64_t model_next = 0;
    acs_record *out = records_max == 0 ? NULL : lib_records;
    r->step++;
    int lib_rc = acs_advance(r->policy, &r->account, now_ms, out, records_max, &lib_written,
                             &lib_next);
    int model_rc = model_advance(&r->model_policy, &r->model, now_ms, model_records, records_max,
                                 &model_written, &model_next);
    remember(r, "advance to %" PRId64 " (room %u) -> %s, %u record(s), next %" PRId64, now_ms,
             records_max, acs_code_name(lib_rc), lib_rc == ACS_OK ? lib_written : 0,
             lib_rc == ACS_OK ? lib_next : 0);
    r->counts->advances++;
    SAME(r, "acs_advance result", lib_rc, model_rc);
    if (lib_rc != ACS_OK) {
        if (memcmp(&before, &r->account, sizeof(before)) != 0)
            fail_at(r, "a refused acs_advance changed the account");
        SAME(r, "a refused acs_advance leaves written alone", lib_written, 777);
        same_account(r);
        return;
    }
    SAME(r, "acs_advance written", lib_written, model_written);
    SAME(r, "acs_advance next deadline", lib_next, model_next);
    if (lib_written == 0 && memcmp(&before, &r->account, sizeof(before)) != 0)
        fail_at(r, "an acs_advance with nothing due changed the account");
    for (unsigned i = 0; i < lib_written; i++) {
        char what[48];
        snprintf(what, sizeof(what), "advance record %u", i);
        same_record(r, what, &lib_records[i], &model_records[i]);
        window_follow_record(r, &lib_records[i]);
        keep_record(r, &lib_records[i]);
        if (lib_records[i].kind < KIND_SLOTS) r->counts->deadlines[lib_records[i].kind]++;
    }
    for (unsigned i = lib_written; i < ACS_DEADLINES_MAX + 5 && out != NULL; i++) {
        acs_record untouched;
        memset(&untouched, 0xa5, sizeof(untouched));
        if (memcmp(&untouched, &lib_records[i], sizeof(untouched)) != 0)
            fail_at(r, "acs_advance wrote past the records it reported");
    }
    if (lib_written < (records_max < ACS_DEADLINES_MAX ? records_max : ACS_DEADLINES_MAX) &&
        lib_next != 0 && lib_next <= now_ms)
        fail_at(r, "acs_advance left a deadline due with room to spare");
    if (now_ms > r->now_ms) r->now_ms = now_ms;
    same_account(r);
}

/* Room for records in an advance call: usually enough, sometimes too
** little, once in a while none at all. */
static unsigned pick_room(rng *g)
{
    unsigned roll = (unsigned)below(g, 100);
    if (roll < 72) return ACS_DEADLINES_MAX;
    if (roll < 80) return ACS_DEADLINES_MAX + 5;
    if (roll < 96) return (unsigned)between(g, 1, 3);
    return 0;
}

static void step_event(run *r, const acs_event *event)
{
    char line[HISTORY_LINE];
    describe_event(line, sizeof(line), event);
    acs_account before = r->account;
    acs_record lib_record;
    acs_record model_record;
    acs_refusal lib_refusal;
    acs_refusal model_refusal;
    memset(&lib_record, 0xa5, sizeof(lib_record));
    memset(&lib_refusal, 0x5a, sizeof(lib_refusal));
    memset(&model_record, 0, sizeof(model_record));
    memset(&model_refusal, 0, sizeof(model_refusal));
    r->step++;
    model_account model_before = r->model;
    int lib_rc = acs_apply(r->policy, &r->account, event, &lib_record, &lib_refusal);
    int model_rc = model_apply(&r->model_policy, &r->model, event, &model_record, &model_refusal);
    remember(r, "%s -> %s", line, acs_code_name(lib_rc));
    r->counts->events++;
    SAME(r, "acs_apply result", lib_rc, model_rc);
    unsigned kind_slot = event->kind < KIND_SLOTS ? event->kind : 0;

    if (lib_rc == ACS_OK) {
        r->counts->accepted[kind_slot]++;
        acs_refusal untouched;
        memset(&untouched, 0x5a, sizeof(untouched));
        if (memcmp(&untouched, &lib_refusal, sizeof(untouched)) != 0)
            fail_at(r, "acs_apply wrote the refusal of an event it applied");
        same_record(r, "change", &lib_record, &model_record);
        count_paths(r->counts, &model_before, &r->model, event);
        window_follow_record(r, &lib_record);
        keep_record(r, &lib_record);
        if (event->time_ms > r->now_ms) r->now_ms = event->time_ms;
        same_account(r);
        return;
    }

    r->counts->refused[kind_slot]++;
    if (-lib_rc > 0 && -lib_rc < CODE_SLOTS) r->counts->refused_code[-lib_rc]++;
    if (memcmp(&before, &r->account, sizeof(before)) != 0)
        fail_at(r, "a refused event changed the account's bytes");
    acs_record untouched;
    memset(&untouched, 0xa5, sizeof(untouched));
    if (memcmp(&untouched, &lib_record, sizeof(untouched)) != 0)
        fail_at(r, "a refused event wrote the record");
    same_refusal(r, &lib_refusal, &model_refusal);

    acs_record lib_denial;
    acs_record model_denial_record;
    memset(&model_denial_record, 0, sizeof(model_denial_record));
    int lib_denial_rc = acs_record_denial(r->policy, &r->account, event, lib_rc, &lib_denial);
    int model_denial_rc =
        model_denial(&r->model_policy, &r->model, event, lib_rc, &model_denial_record);
    SAME(r, "acs_record_denial result", lib_denial_rc, model_denial_rc);
    if (lib_denial_rc == ACS_OK) {
        same_record(r, "denial", &lib_denial, &model_denial_record);
        keep_record(r, &lib_denial);
    }
    same_account(r);
}

/* The refusals of a policy's rule, as opposed to the kind's own conditions
** that are checked after it. */
static bool is_rule_refusal(int code)
{
    return code == ACS_R_STATUS || code == ACS_R_REASON_NEVER_VALID || code == ACS_R_ROLE ||
           code == ACS_R_APPROVER_MISSING || code == ACS_R_APPROVER_SAME ||
           code == ACS_R_APPROVER_ROLE || code == ACS_R_REASON_NOT_VALID ||
           code == ACS_R_EVIDENCE_MISSING;
}

/* One event step: the scheduler usually catches up to the event's time
** first; the event is one the model accepts when a few tries find one, and
** now and then broken on purpose. */
static void step_plausible(run *r, double progress)
{
    rng *g = &r->random;
    int64_t time_ms = pick_time(r);
    if (chance(g, 80) && time_ms >= r->now_ms) step_advance(r, time_ms, pick_room(g));
    int kind = pick_kind(r, progress);
    acs_event event;
    plausible_event(r, kind, time_ms, &event);
    if (chance(g, 72)) {
        /* Look for an event the model accepts; failing that, one that gets
        ** past the rule and meets the kind's own conditions. */
        acs_event deeper;
        bool have_deeper = false;
        bool accepted = false;
        for (unsigned attempt = 0; attempt < 12 && !accepted; attempt++) {
            if (attempt > 0) plausible_event(r, kind, time_ms, &event);
            model_account trial = r->model;
            acs_record ignored_record;
            acs_refusal ignored_refusal;
            int code = model_apply(&r->model_policy, &trial, &event, &ignored_record,
                                   &ignored_refusal);
            accepted = code == ACS_OK;
            if (!have_deeper && !is_rule_refusal(code)) {
                deeper = event;
                have_deeper = true;
            }
        }
        if (!accepted && have_deeper) event = deeper;
    }
    if (chance(g, 12)) break_event(r, &event);
    step_event(r, &event);
}

/* ------------------------------------------------------------------------
** One account's stream.
*/

static void run_account(run *r, unsigned stream_events)
{
    rng *g = &r->random;
    int64_t start_ms = START_EARLIEST_MS + between(g, 0, START_SPAN_MS);
    /* A few accounts live at the far end of time, where periods run past
    ** ACS_TIME_MAX_MS, and a few at its very start. */
    unsigned where = (unsigned)below(g, 100);
    if (where < 2) start_ms = ACS_TIME_MAX_MS - between(g, 0, 400 * DAY_MS);
    else if (where < 3) start_ms = between(g, 0, 3 * DAY_MS);
    uint64_t id = next64(g);
    /* Some accounts gather holds until the table is full. */
    r->hoarding = chance(g, 8);

    acs_record lib_record;
    acs_record model_record;
    r->step = 0;
    SAME(r, "acs_account_open", acs_account_open(&r->account, id, start_ms, r->policy, &lib_record),
         ACS_OK);
    model_open(&r->model_policy, &r->model, id, start_ms, &model_record);
    remember(r, "open account %" PRIu64 " at %" PRId64, id, start_ms);
    same_record(r, "opening", &lib_record, &model_record);
    r->last_sequence = 0;
    keep_record(r, &lib_record);
    r->now_ms = start_ms;
    same_account(r);

    unsigned done = 0;
    unsigned after_close = 0;
    while (done < stream_events && after_close < STEPS_AFTER_CLOSE) {
        if (r->model.lifecycle == ACS_LIFECYCLE_CLOSED) after_close++;
        if (chance(g, 15)) {
            step_advance(r, pick_time(r), pick_room(g));
        } else {
            step_plausible(r, (double)done / stream_events);
            done++;
        }
        if (below(g, 160) == 0) check_replay(r);
        if (!r->snapshot_valid && below(g, 100) == 0) {
            r->snapshot = r->account;
            r->snapshot_ms = r->model.last_change_ms;
            r->snapshot_valid = true;
        }
    }
    check_end(r);
}

/* ------------------------------------------------------------------------
** The test of one preset.
*/

static uint64_t account_seed(int preset, uint64_t account_number)
{
    return mix64(setting_seed ^ mix64((uint64_t)preset * UINT64_C(0x100000001b3) +
                                      account_number * UINT64_C(0x9e3779b97f4a7c15)));
}

static void print_counts(int preset, const stats *s)
{
    printf("\nproperty: preset %s: %" PRIu64 " events, %" PRIu64 " advance calls, %" PRIu64
           " accounts, %" PRIu64 " records, %" PRIu64 " replays\n",
           preset_name(preset), s->events, s->advances, s->accounts, s->records, s->replays);
    printf("  %-10s %10s %10s\n", "kind", "accepted", "refused");
    for (int kind = ACS_EVENT_VERIFY; kind <= ACS_EVENT_DECIDE; kind++)
        printf("  %-10s %10" PRIu64 " %10" PRIu64 "\n", acs_event_name(kind), s->accepted[kind],
               s->refused[kind]);
    printf("  %-10s %10s %10" PRIu64 "\n", "bad kind", "-", s->refused[0]);
    printf("  deadlines applied: REVIEW_LAPSED %" PRIu64 ", APPEAL_LAPSED %" PRIu64
           ", WINDOW_ENDED %" PRIu64 "; closes with funds %" PRIu64 "\n",
           s->deadlines[ACS_EVENT_REVIEW_LAPSED], s->deadlines[ACS_EVENT_APPEAL_LAPSED],
           s->deadlines[ACS_EVENT_WINDOW_ENDED], s->closes_with_funds);
    printf("  paths: closes from PENDING %" PRIu64 ", OPEN %" PRIu64 ", CLOSING %" PRIu64
           "; late answers %" PRIu64 "; overdue holds extended %" PRIu64
           "; ended windows reopened %" PRIu64 "; windows paused at notice %" PRIu64
           ", resumed by an event %" PRIu64 "\n",
           s->closes_from[ACS_LIFECYCLE_PENDING], s->closes_from[ACS_LIFECYCLE_OPEN],
           s->closes_from[ACS_LIFECYCLE_CLOSING], s->late_answers, s->overdue_extended,
           s->windows_reopened, s->paused_at_notice, s->windows_resumed);
    printf("  refusals by code:");
    unsigned shown = 0;
    for (int code = 1; code < CODE_SLOTS; code++) {
        if (s->refused_code[code] == 0) continue;
        printf("%s %s %" PRIu64, shown % 6 == 0 ? "\n   " : ",", acs_code_name(-code),
               s->refused_code[code]);
        shown++;
    }
    printf("\n");
    fflush(stdout);
}

/* The refusals every preset's streams must reach, so that a generator that
** stopped producing one is noticed. */
static const int expected_codes[] = {
    ACS_E_ENUM, ACS_E_RESERVED, ACS_E_TIME_BACKWARDS, ACS_E_TIME_RANGE, ACS_E_HOLD_UNKNOWN,
    ACS_E_HOLDS_FULL, ACS_E_APPEAL_DUPLICATE, ACS_E_ACCOUNT_CLOSED, ACS_E_DEADLINE_DUE,
    ACS_R_STATUS, ACS_R_ROLE, ACS_R_REASON_NOT_VALID, ACS_R_WINDOW_RUNNING,
    ACS_R_DEADLINE_BEYOND_MAX, ACS_R_DEADLINE_NOT_LATER, ACS_R_NOTICE_REQUIRED,
    ACS_R_APPEAL_LIMIT, ACS_R_APPEAL_WINDOW, ACS_R_NO_APPEAL, ACS_R_NO_NOTICE,
    ACS_R_NOTICE_RUNNING,
};

static void check_coverage(int preset, const stats *s)
{
    /* Thresholds scale with the number of events, so that a short run
    ** (ACS_PROPERTY_EVENTS) is held to the same proportions. */
    uint64_t least = s->events / 500;
    for (int kind = ACS_EVENT_VERIFY; kind <= ACS_EVENT_DECIDE; kind++)
        ck_assert_msg(s->accepted[kind] >= least && s->refused[kind] >= least,
                      "preset %s: %s accepted %" PRIu64 " and refused %" PRIu64
                      " times, fewer than %" PRIu64 " (seed %" PRIu64 ")",
                      preset_name(preset), acs_event_name(kind), s->accepted[kind],
                      s->refused[kind], least, setting_seed);
    uint64_t few = s->events / 40000;
    for (int kind = ACS_EVENT_REVIEW_LAPSED; kind <= ACS_EVENT_WINDOW_ENDED; kind++)
        ck_assert_msg(s->deadlines[kind] >= few,
                      "preset %s: %s applied %" PRIu64 " times (seed %" PRIu64 ")",
                      preset_name(preset), acs_event_name(kind), s->deadlines[kind],
                      setting_seed);
    for (size_t i = 0; i < sizeof(expected_codes) / sizeof(expected_codes[0]); i++)
        ck_assert_msg(s->refused_code[-expected_codes[i]] >= few,
                      "preset %s: refusal %s seen %" PRIu64 " times (seed %" PRIu64 ")",
                      preset_name(preset), acs_code_name(expected_codes[i]),
                      s->refused_code[-expected_codes[i]], setting_seed);
}

static void run_preset(int preset)
{
    acs_policy policy;
    ck_assert_int_eq(acs_policy_preset(&policy, preset), ACS_OK);
    stats counts;
    memset(&counts, 0, sizeof(counts));
    acs_record *log = malloc(LOG_MAX * sizeof(*log));
    ck_assert_ptr_nonnull(log);

    run r;
    uint64_t account_number = setting_one_account ? setting_account : 0;
    while (counts.events < setting_events) {
        memset(&r, 0, sizeof(r));
        r.policy = &policy;
        r.preset = preset;
        model_policy_init(&r.model_policy, preset, policy.fingerprint);
        r.account_number = account_number;
        r.random.state = account_seed(preset, account_number);
        r.counts = &counts;
        r.log = log;
        r.log_max = LOG_MAX;
        r.verbose = setting_one_account;
        acs_chain_init(&r.chain);
        unsigned stream_events = (unsigned)between(&r.random, STREAM_EVENTS_MIN, STREAM_EVENTS_MAX);
        run_account(&r, stream_events);
        counts.accounts++;
        account_number++;
        if (setting_one_account) break;
    }
    free(log);
    print_counts(preset, &counts);
    if (!setting_one_account) check_coverage(preset, &counts);
}

/* r made ready for a fixed run of its own under policy (of preset), with
** counts and the log given, and its account (number) opened at time_ms in
** both implementations, compared and kept. */
static void open_fixed(run *r, const acs_policy *policy, int preset, stats *counts,
                       acs_record *log, size_t log_max, uint64_t number, int64_t time_ms)
{
    memset(r, 0, sizeof(*r));
    r->policy = policy;
    r->preset = preset;
    model_policy_init(&r->model_policy, preset, policy->fingerprint);
    r->account_number = number;
    r->counts = counts;
    r->log = log;
    r->log_max = log_max;
    acs_chain_init(&r->chain);
    acs_record lib_record;
    acs_record model_record;
    SAME(r, "acs_account_open", acs_account_open(&r->account, 7, time_ms, policy, &lib_record),
         ACS_OK);
    model_open(&r->model_policy, &r->model, 7, time_ms, &model_record);
    same_record(r, "opening", &lib_record, &model_record);
    keep_record(r, &lib_record);
}

/* One account is given every hold id there is: ACS_HOLD_ID_MAX holds,
** each lifted again, and then one more HOLD, which both must refuse with
** ACS_E_LIMIT (ids are never reused). Too long for the random streams'
** logs, so it runs on its own, compared step by step and replayed whole. */
static void run_hold_ids(int preset)
{
    acs_policy policy;
    ck_assert_int_eq(acs_policy_preset(&policy, preset), ACS_OK);
    stats counts;
    memset(&counts, 0, sizeof(counts));
    size_t log_max = 2u * ACS_HOLD_ID_MAX + 16u;
    acs_record *log = malloc(log_max * sizeof(*log));
    ck_assert_ptr_nonnull(log);
    run r;
    int64_t time_ms = START_EARLIEST_MS;
    open_fixed(&r, &policy, preset, &counts, log, log_max, UINT64_MAX, time_ms);
    acs_event event;
    memset(&event, 0, sizeof(event));
    event.kind = ACS_EVENT_VERIFY;
    event.time_ms = ++time_ms;
    event.actor_role = ACS_ROLE_SUPPORT;
    event.actor_id = 2001;
    event.reason = ACS_REASON_REQUIREMENT_MET;
    step_event(&r, &event);
    for (unsigned id = 1; id <= ACS_HOLD_ID_MAX + 1u; id++) {
        memset(&event, 0, sizeof(event));
        event.kind = ACS_EVENT_HOLD;
        event.time_ms = ++time_ms;
        event.actor_role = ACS_ROLE_SUPPORT;
        event.actor_id = 2001;
        event.reason = ACS_REASON_SECURITY_COMPROMISE;
        event.level = ACS_LEVEL_WITHDRAWAL_ONLY;
        step_event(&r, &event);
        if (id > ACS_HOLD_ID_MAX) break;
        memset(&event, 0, sizeof(event));
        event.kind = ACS_EVENT_LIFT;
        event.time_ms = ++time_ms;
        event.actor_role = ACS_ROLE_SUPPORT;
        event.actor_id = 2001;
        event.reason = ACS_REASON_REVIEW_CLEARED;
        event.hold_id = (uint16_t)id;
        step_event(&r, &event);
    }
    ck_assert_msg(counts.refused_code[-ACS_E_LIMIT] == 1 &&
                      counts.accepted[ACS_EVENT_HOLD] == ACS_HOLD_ID_MAX,
                  "preset %s: the hold after the last id was not refused with E_LIMIT",
                  preset_name(preset));
    check_end(&r);
    free(log);
}

/* An event of kind that the default rules could accept on an account with
** hold 1 at time_ms, before one of its bytes is changed. */
static acs_event plain_event(unsigned kind, int64_t time_ms)
{
    acs_event event;
    memset(&event, 0, sizeof(event));
    event.kind = (uint8_t)kind;
    event.time_ms = time_ms;
    event.actor_role = kind == ACS_EVENT_APPEAL ? ACS_ROLE_USER : ACS_ROLE_COMPLIANCE;
    event.actor_id = 2001;
    event.reason = ACS_REASON_SUSPICIOUS_ACTIVITY;
    if (kind == ACS_EVENT_HOLD) event.level = ACS_LEVEL_WITHDRAWAL_ONLY;
    if (kind == ACS_EVENT_LIFT) event.reason = ACS_REASON_REVIEW_CLEARED;
    if (kind == ACS_EVENT_DECIDE) event.reason = ACS_REASON_APPEAL_DISMISSED;
    bool names_hold = kind == ACS_EVENT_LIFT || kind == ACS_EVENT_EXTEND ||
                      kind == ACS_EVENT_APPEAL || kind == ACS_EVENT_DECIDE;
    if (names_hold) event.hold_id = 1;
    if (kind == ACS_EVENT_EXTEND) event.deadline_ms = time_ms + 30 * DAY_MS;
    return event;
}

/* Every value of each byte from the actor role to the hold id's second, in
** an event of each kind on a verified account with one hold, compared step
** by step: the library tests these bytes of most events together, eight at
** a time, and each of the 9 x 7 x 256 events must get the model's answer. */
static void run_field_bytes(int preset)
{
    acs_policy policy;
    ck_assert_int_eq(acs_policy_preset(&policy, preset), ACS_OK);
    size_t log_max = 7u * 256u + 8u;
    acs_record *log = malloc(log_max * sizeof(*log));
    ck_assert_ptr_nonnull(log);
    for (unsigned kind = ACS_EVENT_VERIFY; kind <= ACS_EVENT_DECIDE; kind++) {
        stats counts;
        memset(&counts, 0, sizeof(counts));
        run r;
        int64_t time_ms = START_EARLIEST_MS;
        open_fixed(&r, &policy, preset, &counts, log, log_max, UINT64_MAX - kind, time_ms);
        acs_event event = plain_event(ACS_EVENT_VERIFY, ++time_ms);
        event.actor_role = ACS_ROLE_SUPPORT;
        event.reason = ACS_REASON_REQUIREMENT_MET;
        step_event(&r, &event);
        event = plain_event(ACS_EVENT_HOLD, ++time_ms);
        event.reason = ACS_REASON_SECURITY_COMPROMISE;
        step_event(&r, &event);
        for (size_t byte = 1; byte < 8; byte++) {
            for (unsigned value = 0; value < 256; value++) {
                event = plain_event(kind, ++time_ms);
                unsigned char *bytes = (unsigned char *)&event;
                bytes[offsetof(acs_event, kind) + byte] = (unsigned char)value;
                step_event(&r, &event);
            }
        }
        check_end(&r);
    }
    free(log);
}

START_TEST(property_default)
{
    run_preset(ACS_PRESET_DEFAULT);
    if (!setting_one_account) run_hold_ids(ACS_PRESET_DEFAULT);
    if (!setting_one_account) run_field_bytes(ACS_PRESET_DEFAULT);
}
END_TEST

START_TEST(property_consumer)
{
    run_preset(ACS_PRESET_CONSUMER);
    if (!setting_one_account) run_hold_ids(ACS_PRESET_CONSUMER);
    if (!setting_one_account) run_field_bytes(ACS_PRESET_CONSUMER);
}
END_TEST

START_TEST(property_discretionary)
{
    run_preset(ACS_PRESET_DISCRETIONARY);
    if (!setting_one_account) run_hold_ids(ACS_PRESET_DISCRETIONARY);
    if (!setting_one_account) run_field_bytes(ACS_PRESET_DISCRETIONARY);
}
END_TEST

/* ------------------------------------------------------------------------
** Settings and the runner.
*/

static bool read_number(const char *name, uint64_t *value)
{
    const char *text = getenv(name);
    if (text == NULL || *text == '\0') return false;
    char *end = NULL;
    unsigned long long parsed = strtoull(text, &end, 0);
    if (*end != '\0' || text[0] == '-') {
        fprintf(stderr, "property: %s=%s is not a number\n", name, text);
        exit(EXIT_FAILURE);
    }
    *value = (uint64_t)parsed;
    return true;
}

static void read_settings(void)
{
    setting_events_given = read_number("ACS_PROPERTY_EVENTS", &setting_events);
    if (!read_number("ACS_PROPERTY_SEED", &setting_seed)) {
        /* A new seed each run explores new streams; it is printed, and a
        ** failure names it. */
        setting_seed = mix64((uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32));
    }
    setting_one_account = read_number("ACS_PROPERTY_ACCOUNT", &setting_account);
}

static Suite *property_suite(void)
{
    Suite *suite = suite_create("property");
    TCase *presets = tcase_create("presets");
    /* About ten seconds a preset at -O2; the margin covers slow machines
    ** and CK_TIMEOUT_MULTIPLIER stretches it for the sanitizers. */
    tcase_set_timeout(presets, 600);
    tcase_add_test(presets, property_default);
    tcase_add_test(presets, property_consumer);
    tcase_add_test(presets, property_discretionary);
    suite_add_tcase(suite, presets);
    return suite;
}

int main(void)
{
    read_settings();
    printf("property: seed %" PRIu64 ", %" PRIu64 " events per preset\n", setting_seed,
           setting_events);
    fflush(stdout);
    SRunner *runner = srunner_create(property_suite());
    srunner_set_fork_status(runner, CK_FORK);
    srunner_run_all(runner, CK_NORMAL);
    int run_count = srunner_ntests_run(runner);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    printf("property: %d passed, %d failed (%" PRIu64 " events per preset, seed %" PRIu64 ")\n",
           run_count - failed, failed, setting_events, setting_seed);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
