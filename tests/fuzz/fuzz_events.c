/*
** fuzz_events.c: a libFuzzer harness that turns bytes into a stream of
** events and advance calls on one account, and plays the same stream under
** each of the three presets.
**
** After every step it checks, and aborts on any breach:
**   - the status is a function of the lifecycle and the holds alone: the
**     harness computes it from acs_account_info_get and acs_account_hold and
**     compares it with acs_account_status, the summary, the capabilities and
**     the record's status_after;
**   - an account that holds funds (the caller says so with CLOSE's
**     ACS_EVENT_FUNDS_HELD) reaches CLOSED only after its withdrawal window
**     ran in full: a WINDOW_ENDED record since the last notice or extension
**     of the window, at or after the latest end the window was given;
**   - sequence numbers rise by exactly one per change, and a denial repeats
**     the last change's;
**   - a refused event or advance changes no byte of the account and writes
**     no output but the refusal (the outputs are filled with a pattern
**     first); an advance that applies nothing changes nothing either;
**   - every record, changes and denials alike, chains, encodes and decodes
**     to itself, and its JSON line parses back to it.
** At the end the records must pass acs_verify against the chain's head,
** acs_replay must rebuild the account byte for byte, and acs_account_at at
** the last change must give the account too.
**
** The input, one byte at a time (a missing byte reads as 0):
**   start  bits 0-1: the first time (0: 2022-12-01T00:00Z, 1: the epoch,
**          2: ACS_TIME_MAX_MS less 30 days, 3: bits 2-7 times 2^41 ms);
**   then steps until the input or STEPS_MAX runs out, each:
**   op     bits 0-3: 0 and 10 advance, 1..9 the event kind, 11..14 the
**          kind 1 + value mod 9 with one malformed field (see
**          break_field), 15 a kind acs_apply does not take; bits 4-7: how
**          the time moves (see step_time);
**   arg    the time's argument;
**   and for an advance one more byte, records_max (mod 16, above 11:
**   ACS_DEADLINES_MAX); for an event four more:
**   who    bits 0-2 the actor's role (its number less one; 6 and 7 are
**          USER and SUPPORT again), bits 3-5 the approver's (0: none, 1..6
**          the role of that number, 7 COMPLIANCE), bit 6 the approver is
**          the actor, bit 7 evidence attached;
**   reason modulo 18: the reasons in order of their numbers;
**   flags  bit 0 FUNDS_HELD (CLOSE), bits 1-3 the target hold (see
**          target_hold), bits 4-6 the period or deadline (see hold_period
**          and extend_deadline), bit 7 unused;
**   value  the argument of the target, the period or deadline, the level of
**          a HOLD (1 + value mod 3) and the malformed field.
**
** Build it with clang, -fsanitize=fuzzer,address,undefined, -Iinclude -Isrc
** -DACS_BUILDING and every source file of src/ (make fuzz); the seed corpus
** is tests/fuzz/corpus/events (hand-made streams: the December 2022 case,
** a closure with funds, deadlines at their boundaries, misuse).
*/
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acctstate.h"

#define FILL 0xA5
#define STEPS_MAX 256
/* One opening, then at most one record per event or ACS_DEADLINES_MAX per
** advance. */
#define RECORDS_MAX (1 + STEPS_MAX * ACS_DEADLINES_MAX)
#define PRESETS 3
#define ACCOUNT_ID UINT64_C(0x2022120100000001)

#define SECOND_MS INT64_C(1000)
#define HOUR_MS (3600 * SECOND_MS)
#define DAY_MS (24 * HOUR_MS)
#define CASE_START_MS INT64_C(1669852800000) /* 2022-12-01T00:00Z */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A breach names its line and check before it aborts, so that a crash
** found by the fuzzer says which invariant broke. */
#define require(condition) require_at((condition) != 0, __LINE__, #condition)

static void require_at(bool holds, int line, const char *text)
{
    if (holds) return;
    fprintf(stderr, "fuzz_events.c:%d: breach: %s\n", line, text);
    abort();
}

/* Whether n bytes at p all hold FILL. A memcmp against filled bytes: a
** loop over the bytes would be traced compare by compare. */
static int all_filled(const void *p, size_t n)
{
    static unsigned char filled[ACS_DEADLINES_MAX * sizeof(acs_record)];
    require(n <= sizeof filled);
    if (filled[0] != FILL) memset(filled, FILL, sizeof filled);
    return memcmp(p, filled, n) == 0;
}

/* Built with -DFUZZ_EVENTS_TRACE, the harness prints each step and its
** outcome to stderr, to read what a crashing input does. */
#ifdef FUZZ_EVENTS_TRACE
#define TRACE(...) fprintf(stderr, __VA_ARGS__)
#else
#define TRACE(...) ((void)0)
#endif

/* ------------------------------------------------------------------------
** The input.
*/
typedef struct reader {
    const uint8_t *data;
    size_t size;
    size_t at;
} reader;

static uint8_t take(reader *in)
{
    return in->at < in->size ? in->data[in->at++] : 0;
}

/* One account's run under one policy, and what the harness knows of it
** from the records alone. */
typedef struct run {
    const acs_policy *policy;
    acs_account account;
    acs_chain chain;
    size_t count;
    acs_record records[RECORDS_MAX];
    int64_t now_ms;          /* the latest time the stream moved to */
    uint32_t sequence;       /* of the last change */
    uint16_t gone_hold_id;   /* the last hold id that left the account */
    bool window_ran;         /* a WINDOW_ENDED record since the window last
                                started or moved */
    int64_t window_floor_ms; /* the latest end the window was given */
} run;

static run the_run;

/* ------------------------------------------------------------------------
** What the account says, and the status recomputed from it.
*/
typedef struct view {
    acs_account_info info;
    acs_hold holds[ACS_HOLDS_MAX];
    int status;
} view;

static int status_of(const view *v)
{
    static const int of_lifecycle[] = {
        [ACS_LIFECYCLE_PENDING] = ACS_STATUS_PENDING,
        [ACS_LIFECYCLE_OPEN] = ACS_STATUS_ACTIVE,
        [ACS_LIFECYCLE_CLOSING] = ACS_STATUS_WITHDRAWAL_ONLY,
        [ACS_LIFECYCLE_CLOSED] = ACS_STATUS_CLOSED,
    };
    require(v->info.lifecycle >= ACS_LIFECYCLE_PENDING);
    require(v->info.lifecycle <= ACS_LIFECYCLE_CLOSED);
    int status = of_lifecycle[v->info.lifecycle];
    if (status == ACS_STATUS_CLOSED) return status;
    /* A hold's status is its level's number plus 2; the strictest wins. */
    for (unsigned i = 0; i < v->info.hold_count; i++) {
        int held = v->holds[i].level + 2;
        if (held > status) status = held;
    }
    return status;
}

/* Reads the account and checks that its status is the one its lifecycle
** and holds give, everywhere the library states it. */
static void look(const run *r, view *v)
{
    memset(v, 0, sizeof *v);
    require(acs_account_info_get(&r->account, &v->info) == ACS_OK);
    require(v->info.hold_count <= ACS_HOLDS_MAX);
    require(v->info.appeal_count <= ACS_APPEALS_MAX);
    for (unsigned i = 0; i < v->info.hold_count; i++) {
        require(acs_account_hold(&r->account, i, &v->holds[i]) == ACS_OK);
        require(v->holds[i].level >= ACS_LEVEL_WITHDRAWAL_ONLY);
        require(v->holds[i].level <= ACS_LEVEL_SUSPENDED);
    }
    acs_hold extra;
    require(acs_account_hold(&r->account, v->info.hold_count, &extra) == ACS_E_LIMIT);
    v->status = status_of(v);
    int status = 0;
    require(acs_account_status(&r->account, &status) == ACS_OK);
    require(status == v->status);
    require(v->info.status == v->status);
    unsigned capabilities = 0;
    require(acs_account_capabilities(r->policy, &r->account, &capabilities) == ACS_OK);
    require(capabilities == r->policy->rules.capabilities[v->status]);
    require(v->info.sequence == r->sequence);
    if (v->info.lifecycle != ACS_LIFECYCLE_CLOSING) require(v->info.window_end_ms == 0);
}

/* ------------------------------------------------------------------------
** Records: each one chained, round-tripped through both encodings and kept.
*/
static void keep(run *r, const acs_record *made)
{
    require(r->count < RECORDS_MAX);
    acs_record *record = &r->records[r->count++];
    *record = *made;
    require(record->account_id == ACCOUNT_ID);
    require(memcmp(record->policy_fingerprint, r->policy->fingerprint, ACS_DIGEST_SIZE) == 0);
    require(acs_chain_append(&r->chain, record) == ACS_OK);
    require(r->chain.count == r->count);

    uint8_t bytes[ACS_RECORD_ENCODED_SIZE];
    acs_record back;
    require(acs_record_encode(record, bytes, sizeof bytes) == ACS_OK);
    memset(&back, FILL, sizeof back);
    require(acs_record_decode(&back, bytes, sizeof bytes) == ACS_OK);
    require(memcmp(&back, record, sizeof back) == 0);

    char text[ACS_RECORD_JSON_MAX];
    size_t len = acs_record_json(record, text, sizeof text);
    require(len > 0 && len < sizeof text);
    memset(&back, FILL, sizeof back);
    require(acs_record_parse_json(&back, text, len, NULL) == ACS_OK);
    require(memcmp(&back, record, sizeof back) == 0);
}

/* What the harness learns from a change record about the window: a notice
** or an extension of the window sets its end, a WINDOW_ENDED record says
** it ran out, and anything that leaves CLOSING ends it. */
static void follow_window(run *r, const acs_record *record)
{
    if (record->kind == ACS_EVENT_NOTICE ||
        (record->kind == ACS_EVENT_EXTEND && record->hold_id == 0)) {
        r->window_ran = false;
        r->window_floor_ms = record->deadline_ms;
    }
    if (record->kind == ACS_EVENT_WINDOW_ENDED) {
        /* Pauses and extensions only move the end later. */
        require(record->time_ms >= r->window_floor_ms);
        r->window_ran = true;
    }
    if (record->lifecycle_after != ACS_LIFECYCLE_CLOSING) r->window_ran = false;
}

/* A change record against the account it left: the status, lifecycle and
** window it names are the account's, and the harness's view of the window
** agrees with the account's flag. */
static void check_after(const run *r, const acs_record *record, const view *after)
{
    require(!(record->flags & ACS_RECORD_DENIAL));
    require(record->sequence == (uint64_t)r->sequence);
    require(record->status_after == after->status);
    require(record->lifecycle_after == after->info.lifecycle);
    require(record->window_end_ms == after->info.window_end_ms);
    require(after->info.last_change_ms == record->time_ms);
    if (after->info.lifecycle == ACS_LIFECYCLE_CLOSING)
        require(r->window_ran == ((after->info.flags & ACS_ACCOUNT_WINDOW_ENDED) != 0));
}

/* A change record against the account before it. */
static void check_before(const acs_record *record, const view *before)
{
    require(record->status_before == before->status);
    require(record->lifecycle_before == before->info.lifecycle);
    require(record->time_ms >= before->info.last_change_ms);
}

/* ------------------------------------------------------------------------
** Time.
*/

/* The time a step asks for. Modes 10, 11 and 13 may go back or out of
** range; the others move on from the latest time. */
static int64_t step_time(const run *r, unsigned mode, uint8_t arg)
{
    int64_t now = r->now_ms;
    int64_t due = 0;
    require(acs_account_next_deadline(&r->account, &due, NULL) == ACS_OK);
    if (due == 0) due = now;
    acs_account_info info;
    require(acs_account_info_get(&r->account, &info) == ACS_OK);
    switch (mode) {
    case 0: return now;
    case 1: return now + arg;
    case 2: return now + arg * SECOND_MS;
    case 3: return now + arg * HOUR_MS;
    case 4: return now + arg * DAY_MS;
    case 5: return now + arg * 30 * DAY_MS;
    case 6: return due - 1 - (arg & 3); /* just before the deadline */
    case 7: return due;
    case 8: return due + arg;
    case 9: return due + arg * HOUR_MS;
    case 10: return info.last_change_ms - 1 - arg; /* before the last change */
    case 11: return now - arg * HOUR_MS;
    case 12: return ACS_TIME_MAX_MS - arg * DAY_MS;
    case 13: return (arg & 1) ? ACS_TIME_MAX_MS + 1 + arg : -1 - arg;
    case 14: return now + ((int64_t)arg << 24);
    default: return now + ((int64_t)arg << 32);
    }
}

/* ------------------------------------------------------------------------
** Events.
*/
static const uint8_t reasons[18] = {
    ACS_REASON_SECURITY_COMPROMISE, ACS_REASON_SUSPICIOUS_ACTIVITY, ACS_REASON_LEGAL_ORDER,
    ACS_REASON_SANCTIONS,           ACS_REASON_KYC_REFRESH,         ACS_REASON_TERMS_BREACH,
    ACS_REASON_ABUSIVE_CONDUCT,     ACS_REASON_INACTIVITY,          ACS_REASON_USER_REQUEST,
    ACS_REASON_COMMERCIAL_DECISION, ACS_REASON_PUBLIC_CRITICISM,    ACS_REASON_REVIEW_CLEARED,
    ACS_REASON_REQUIREMENT_MET,     ACS_REASON_ORDER_LIFTED,        ACS_REASON_APPEAL_UPHELD,
    ACS_REASON_APPEAL_DISMISSED,    ACS_REASON_ERROR_CORRECTED,     ACS_REASON_DEADLINE_LAPSED,
};

#define MALFORMED_FIRST 11 /* op values 11..14: an event with a malformed field */
#define NOT_TAKEN 15       /* op value 15: a kind acs_apply does not take */

static uint8_t kind_of(unsigned what, uint8_t value)
{
    static const uint8_t not_taken[] = {0, ACS_EVENT_OPEN, ACS_EVENT_WINDOW_ENDED, 10, 255};
    if (what >= ACS_EVENT_VERIFY && what <= ACS_EVENT_DECIDE) return (uint8_t)what;
    if (what == NOT_TAKEN) return not_taken[value % sizeof not_taken];
    return (uint8_t)(ACS_EVENT_VERIFY + value % 9);
}

static void set_people(acs_event *event, uint8_t who)
{
    event->actor_role = (uint8_t)(ACS_ROLE_USER + (who & 7) % 6);
    event->actor_id = 100u + event->actor_role;
    unsigned approver = (who >> 3) & 7;
    if (approver != 0) {
        event->approver_role = (uint8_t)(approver == 7 ? ACS_ROLE_COMPLIANCE : approver);
        event->approver_id = (who & 0x40) ? event->actor_id : 200u + approver;
    }
    if (who & 0x80) {
        for (size_t i = 0; i < ACS_DIGEST_SIZE; i++) event->evidence[i] = (uint8_t)(0x30 + i);
    }
}

/* The hold an event names: 0 (the window or the notice), one of the
** account's holds, one that has left it, one it has not had yet, any id,
** or an id past ACS_HOLD_ID_MAX. */
static uint16_t target_hold(const run *r, const view *v, unsigned choice, uint8_t value)
{
    unsigned count = v->info.hold_count;
    switch (choice) {
    case 0: return 0;
    case 1: return count > 0 ? v->holds[value % count].id : 0;
    case 2: return count > 0 ? v->holds[count - 1].id : 0;
    case 3: return count > 0 ? v->holds[0].id : 0;
    case 4: return r->gone_hold_id;
    case 5: return (uint16_t)(count > 0 ? v->holds[count - 1].id + 1 : 1);
    case 6: return value;
    default: return (uint16_t)(ACS_HOLD_ID_MAX + 1 + value);
    }
}

/* The end of period from from_ms, or ACS_TIME_MAX_MS + 1 when it has no
** end the library can represent. */
static int64_t end_of(const acs_policy *policy, acs_period period, int64_t from_ms)
{
    int64_t end = 0;
    if (acs_period_end(&policy->rules.calendar, period, from_ms, &end) != ACS_OK)
        return ACS_TIME_MAX_MS + 1;
    return end;
}

/* A HOLD's period: the default, the default's length and one either side
** of it, the maximum's length (one over it with an odd value), a few hours
** or days, or a length out of range. */
static int64_t hold_period(const acs_policy *policy, const acs_event *event, unsigned choice,
                           uint8_t value)
{
    int64_t t = event->time_ms;
    unsigned level = event->level % ACS_LEVEL_COUNT;
    bool in_range = t >= 0 && t <= ACS_TIME_MAX_MS;
    int64_t standard = 0, longest = 0;
    if (in_range) {
        standard = end_of(policy, policy->rules.review_default[level], t) - t;
        longest = end_of(policy, policy->rules.review_max[level], t) - t;
    }
    switch (choice) {
    case 0: return 0;
    case 1: return standard;
    case 2: return standard + 1;
    case 3: return standard - 1;
    case 4: return longest + (value & 1);
    case 5: return value * HOUR_MS;
    case 6: return value * DAY_MS;
    default: return (value & 1) ? ACS_TIME_MAX_MS - value : -1 - value;
    }
}

/* An EXTEND's deadline: the current one and one past it, the maximum and
** one past it, the event's time and one past it, some days later, none, or
** the last representable time. */
static int64_t extend_deadline(const run *r, const view *v, const acs_event *event,
                               unsigned choice, uint8_t value)
{
    int64_t current = v->info.window_end_ms;
    int64_t maximum = v->info.window_max_ms;
    for (unsigned i = 0; i < v->info.hold_count; i++) {
        if (v->holds[i].id != event->hold_id) continue;
        current = v->holds[i].review_deadline_ms;
        maximum = end_of(r->policy, r->policy->rules.review_max[v->holds[i].level],
                         v->holds[i].placed_ms);
    }
    switch (choice) {
    case 0: return current;
    case 1: return current + 1;
    case 2: return maximum;
    case 3: return maximum + 1;
    case 4: return event->time_ms + (value & 1);
    case 5: return current + value * DAY_MS;
    case 6: return 0;
    default: return ACS_TIME_MAX_MS + (value & 1);
    }
}

/* One field the kind does not allow, or a value out of its enum. */
static void break_field(acs_event *event, uint8_t value)
{
    static const uint8_t not_reasons[] = {0, 12, 31, 39, 64, 255};
    switch (value / 9 % 9) {
    case 0: event->reserved[value % sizeof event->reserved] = (uint8_t)(value | 1); break;
    case 1: event->level = event->kind == ACS_EVENT_HOLD ? (uint8_t)(value & 4) : 1; break;
    case 2: event->approver_role = 0; event->approver_id = 7; break;
    case 3: event->period_ms = value + 1; event->deadline_ms = value + 1; break;
    case 4: event->flags = (uint8_t)(2u << (value & 3)); break;
    case 5: event->hold_id = (uint16_t)(0x8000u | value); break;
    case 6: event->approver_role = (uint8_t)(7 + value % 3); break;
    case 7: event->actor_role = (value & 1) ? 7 : 0; break;
    default: event->reason = not_reasons[value % sizeof not_reasons]; break;
    }
}

static acs_event make_event(const run *r, const view *v, reader *in, uint8_t op, int64_t time_ms)
{
    acs_event event;
    memset(&event, 0, sizeof event);
    uint8_t who = take(in), why = take(in), flags = take(in), value = take(in);
    unsigned what = op & 15u, target = (flags >> 1) & 7u, amount = (flags >> 4) & 7u;
    event.kind = kind_of(what, value);
    event.time_ms = time_ms;
    set_people(&event, who);
    event.reason = reasons[why % sizeof reasons];
    switch (event.kind) {
    case ACS_EVENT_HOLD:
        event.level = (uint8_t)(1 + value % 3);
        event.period_ms = hold_period(r->policy, &event, amount, value);
        break;
    case ACS_EVENT_EXTEND:
        event.hold_id = target_hold(r, v, target, value);
        event.deadline_ms = extend_deadline(r, v, &event, amount, value);
        break;
    case ACS_EVENT_LIFT: case ACS_EVENT_APPEAL: case ACS_EVENT_DECIDE:
        event.hold_id = target_hold(r, v, target, value);
        break;
    case ACS_EVENT_CLOSE:
        if (flags & 1) event.flags = ACS_EVENT_FUNDS_HELD;
        break;
    default: break;
    }
    if (what >= MALFORMED_FIRST && what < NOT_TAKEN) break_field(&event, value);
    return event;
}

/* ------------------------------------------------------------------------
** Steps.
*/
static bool is_denial_code(int rc)
{
    bool misuse = rc <= ACS_E_NULL && rc >= ACS_E_LIMIT;
    bool refusal = rc <= ACS_R_STATUS && rc >= ACS_R_NOTICE_RUNNING;
    return misuse || refusal;
}

/* A refused event: nothing changed, the refusal says why, and its denial
** record joins the others. */
static void refused(run *r, const acs_event *event, int rc, const acs_account *before,
                    const acs_record *record, const acs_refusal *why)
{
    require(rc < 0 && acs_code_name(rc) != NULL);
    require(memcmp(&r->account, before, sizeof r->account) == 0);
    require(all_filled(record, sizeof *record));
    require(why->code == rc);
    require(why->kind == event->kind);
    acs_record denial;
    memset(&denial, FILL, sizeof denial);
    int denied = acs_record_denial(r->policy, &r->account, event, rc, &denial);
    bool kind_known = event->kind >= ACS_EVENT_VERIFY && event->kind <= ACS_EVENT_DECIDE;
    if (!kind_known || !is_denial_code(rc)) {
        require(denied == ACS_E_ENUM);
        require(all_filled(&denial, sizeof denial));
        return;
    }
    require(denied == ACS_OK);
    require(denial.flags & ACS_RECORD_DENIAL);
    require(denial.refusal == rc);
    require(denial.sequence == (uint64_t)r->sequence);
    keep(r, &denial);
}

/* CLOSE with funds is the one change that could lose a customer's money. */
static void check_close(const run *r, const acs_event *event, const view *before,
                        const acs_record *record)
{
    if (!(event->flags & ACS_EVENT_FUNDS_HELD)) return;
    require(before->info.lifecycle == ACS_LIFECYCLE_CLOSING);
    require(r->window_ran);
    require(before->info.flags & ACS_ACCOUNT_WINDOW_ENDED);
    require(event->time_ms >= r->window_floor_ms);
    require(r->policy->rules.flags & ACS_POLICY_UNCLAIMED_SEGREGATED);
    require(record->flags & ACS_RECORD_FUNDS_HELD);
    require(record->flags & ACS_RECORD_FUNDS_SEGREGATED);
}

static void play_event(run *r, reader *in, uint8_t op, int64_t time_ms)
{
    view before, after;
    look(r, &before);
    acs_event event = make_event(r, &before, in, op, time_ms);
    acs_account saved = r->account;
    acs_record record;
    acs_refusal why;
    memset(&record, FILL, sizeof record);
    memset(&why, FILL, sizeof why);
    int rc = acs_apply(r->policy, &r->account, &event, &record, &why);
    TRACE("%s t=%lld kind %u role %u/%u reason %u level %u hold %u flags %u: %s\n",
          r->policy->rules.name, (long long)time_ms, event.kind, event.actor_role,
          event.approver_role, event.reason, event.level, event.hold_id, event.flags,
          acs_code_name(rc));
    if (rc != ACS_OK) {
        refused(r, &event, rc, &saved, &record, &why);
        return;
    }
    require(all_filled(&why, sizeof why));
    require(record.kind == event.kind);
    require(record.time_ms == event.time_ms);
    if (event.kind == ACS_EVENT_CLOSE) check_close(r, &event, &before, &record);
    if (record.flags & ACS_RECORD_HOLD_LIFTED) r->gone_hold_id = record.hold_id;
    r->sequence++;
    follow_window(r, &record);
    look(r, &after);
    check_before(&record, &before);
    check_after(r, &record, &after);
    keep(r, &record);
}

/* An advance: each deadline one change with its own record, in order of
** time; nothing else written; the next deadline reported as the account
** has it. */
static void play_advance(run *r, uint8_t room, int64_t now_ms)
{
    acs_record records[ACS_DEADLINES_MAX];
    unsigned records_max = room % 16 > ACS_DEADLINES_MAX ? ACS_DEADLINES_MAX : room % 16;
    unsigned written = 0xA5A5A5A5u;
    int64_t next_ms = -7;
    acs_account saved = r->account;
    view before, after;
    look(r, &before);
    memset(records, FILL, sizeof records);
    int rc = acs_advance(r->policy, &r->account, now_ms, records, records_max, &written, &next_ms);
    TRACE("%s t=%lld advance (room %u): %s, %u written\n", r->policy->rules.name,
          (long long)now_ms, records_max, acs_code_name(rc), rc == ACS_OK ? written : 0);
    if (rc != ACS_OK) {
        require(rc == ACS_E_TIME_RANGE || rc == ACS_E_TIME_BACKWARDS ||
                rc == ACS_E_ACCOUNT_CLOSED);
        require(memcmp(&r->account, &saved, sizeof saved) == 0);
        require(written == 0xA5A5A5A5u && next_ms == -7);
        require(all_filled(records, sizeof records));
        return;
    }
    require(written <= records_max);
    require(all_filled(&records[written], (ACS_DEADLINES_MAX - written) * sizeof records[0]));
    if (written == 0) require(memcmp(&r->account, &saved, sizeof saved) == 0);
    int64_t due = 0;
    require(acs_account_next_deadline(&r->account, &due, NULL) == ACS_OK);
    require(next_ms == due);
    if (written < records_max) require(due == 0 || due > now_ms);
    /* Each record starts from what the one before it left. */
    view step = before;
    for (unsigned i = 0; i < written; i++) {
        const acs_record *record = &records[i];
        require(record->kind >= ACS_EVENT_REVIEW_LAPSED && record->kind <= ACS_EVENT_WINDOW_ENDED);
        require(record->time_ms <= now_ms && record->deadline_ms == record->time_ms);
        require(record->lifecycle_after == before.info.lifecycle);
        check_before(record, &step);
        r->sequence++;
        follow_window(r, record);
        require(record->sequence == (uint64_t)r->sequence);
        step.status = record->status_after;
        step.info.last_change_ms = record->time_ms;
        keep(r, record);
    }
    look(r, &after);
    if (written > 0) check_after(r, &records[written - 1], &after);
}

static int64_t start_time(uint8_t start)
{
    switch (start & 3) {
    case 0: return CASE_START_MS;
    case 1: return 0;
    case 2: return ACS_TIME_MAX_MS - 30 * DAY_MS;
    default: return (int64_t)(start >> 2) << 41;
    }
}

/* The whole stream under one policy, then the audit of its records. */
static void play(run *r, const acs_policy *policy, const uint8_t *data, size_t size)
{
    reader in = {data, size, 0};
    r->policy = policy;
    r->count = 0;
    r->now_ms = start_time(take(&in));
    r->gone_hold_id = 0;
    r->window_ran = false;
    r->window_floor_ms = 0;
    require(acs_chain_init(&r->chain) == ACS_OK);
    acs_record opening;
    memset(&opening, FILL, sizeof opening);
    require(acs_account_open(&r->account, ACCOUNT_ID, r->now_ms, policy, &opening) == ACS_OK);
    r->sequence = 1;
    require(opening.sequence == 1 && opening.kind == ACS_EVENT_OPEN);
    keep(r, &opening);

    for (unsigned step = 0; step < STEPS_MAX && in.at < in.size; step++) {
        uint8_t op = take(&in);
        int64_t time_ms = step_time(r, op >> 4, take(&in));
        if (time_ms > r->now_ms && time_ms <= ACS_TIME_MAX_MS) r->now_ms = time_ms;
        if ((op & 15) == 0 || (op & 15) == 10) play_advance(r, take(&in), time_ms);
        else play_event(r, &in, op, time_ms);
    }

    acs_audit_report report;
    require(acs_verify(r->records, r->count, NULL, &r->chain, 0, &report) == ACS_OK);
    require(report.index == r->count);
    acs_account rebuilt;
    memset(&rebuilt, FILL, sizeof rebuilt);
    require(acs_replay(policy, r->records, r->count, &rebuilt, &report) == ACS_OK);
    require(memcmp(&rebuilt, &r->account, sizeof rebuilt) == 0);
    view last;
    look(r, &last);
    memset(&rebuilt, FILL, sizeof rebuilt);
    require(acs_account_at(policy, r->records, r->count, last.info.last_change_ms, &rebuilt,
                           NULL) == ACS_OK);
    require(memcmp(&rebuilt, &r->account, sizeof rebuilt) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static acs_policy policies[PRESETS];
    static bool built;
    if (!built) {
        for (int i = 0; i < PRESETS; i++)
            require(acs_policy_preset(&policies[i], ACS_PRESET_DEFAULT + i) == ACS_OK);
        built = true;
    }
    for (int i = 0; i < PRESETS; i++) play(&the_run, &policies[i], data, size);
    return 0;
}
