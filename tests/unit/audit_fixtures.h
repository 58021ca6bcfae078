/*
** audit_fixtures.h: records for the tests of the audit trail (test_encode.c,
** test_chain.c, test_tamper.c).
**
** Two sources of records that the library itself wrote, through the public
** API only, kept in the order they were written:
**   - scripted stories, one per preset, that between them produce every
**     record kind, every record flag and denial records (among them a
**     denial dated before the account's last change and one whose event
**     carried values no record can hold);
**   - a seeded random stream of events and advance calls of any length,
**     with a denial record for every refused event, optionally chained as
**     it is written, keeping the chain's state after every record.
** Every step asserts what it expects, so a broken story fails where it
** breaks instead of handing a later test records it did not mean.
*/
#ifndef ACS_TEST_AUDIT_FIXTURES_H
#define ACS_TEST_AUDIT_FIXTURES_H

#include "fixtures.h"

#include <stdbool.h>

#define AF_STORY_MAX 64

/* The records of one account, in the order the library wrote them. */
typedef struct af_log {
    size_t count;
    acs_record records[AF_STORY_MAX];
} af_log;

static inline void af_keep(af_log *log, const acs_record *record)
{
    assert_true(log->count < AF_STORY_MAX);
    log->records[log->count++] = *record;
}

/* An event that must be applied. */
static inline void af_change(const acs_policy *policy, acs_account *account,
                             const acs_event *event, af_log *log)
{
    acs_record record;
    fx_apply_ok(policy, account, event, &record);
    af_keep(log, &record);
}

/* An event that must be refused with expected; its denial record is kept. */
static inline void af_deny(const acs_policy *policy, acs_account *account,
                           const acs_event *event, int expected, af_log *log)
{
    acs_record record;
    fx_apply_fails(policy, account, event, expected);
    memset(&record, FX_FILL, sizeof record);
    assert_code(acs_record_denial(policy, account, event, expected, &record), ACS_OK);
    af_keep(log, &record);
}

/* Advance to now_ms, which must apply exactly expected deadlines. */
static inline void af_advance(const acs_policy *policy, acs_account *account,
                              int64_t now_ms, unsigned expected, af_log *log)
{
    acs_record records[ACS_DEADLINES_MAX];
    unsigned written = fx_advance(policy, account, now_ms, records, NULL);
    assert_int_equal(written, expected);
    for (unsigned i = 0; i < written; i++) af_keep(log, &records[i]);
}

static inline void af_open(const acs_policy *policy, acs_account *account,
                           uint64_t id, int64_t time_ms, af_log *log)
{
    acs_record record;
    memset(&record, FX_FILL, sizeof record);
    assert_code(acs_account_open(account, id, time_ms, policy, &record), ACS_OK);
    af_keep(log, &record);
}

/* ------------------------------------------------------------------------
** The stories.
*/

/* Under the default preset: every event kind, every deadline kind, every
** record flag but CHAINED (acs_chain_append sets that), and denials of a
** kind's own condition, of a time before the last change, of values no
** record holds, and of an event on a closed account. */
static inline void af_story_default(acs_policy *policy, uint64_t id, af_log *log)
{
    acs_account account;
    const int64_t t = FX_T0;
    fx_preset(policy, ACS_PRESET_DEFAULT);
    log->count = 0;
    af_open(policy, &account, id, t, log);
    acs_event event = fx_ev_verify(t + FX_HOUR);
    af_change(policy, &account, &event, log);

    /* Three holds: ids 1 (frozen), 2 (suspended, evidence and approver),
    ** 3 (withdrawal-only with a shorter period than the default). */
    event = fx_ev_hold(policy, t + 2 * FX_HOUR, ACS_LEVEL_FROZEN);
    af_change(policy, &account, &event, log);
    event = fx_ev_hold(policy, t + 2 * FX_HOUR + 1, ACS_LEVEL_SUSPENDED);
    af_change(policy, &account, &event, log);
    event = fx_ev_hold(policy, t + 2 * FX_HOUR + 2, ACS_LEVEL_WITHDRAWAL_ONLY);
    event.period_ms = 20 * FX_DAY;
    af_change(policy, &account, &event, log);
    event = fx_ev_extend(t + 3 * FX_HOUR, 1, t + 20 * FX_DAY);
    af_change(policy, &account, &event, log);

    /* No notice to rescind: a kind's own refusal. */
    event = fx_ev_rescind(t + 3 * FX_HOUR + 1);
    af_deny(policy, &account, &event, ACS_R_NO_NOTICE, log);

    /* Appeals against holds 1 and 2; hold 1's is never answered in time. */
    event = fx_ev_appeal(t + 4 * FX_HOUR, 1);
    af_change(policy, &account, &event, log);
    event = fx_ev_appeal(t + 4 * FX_HOUR + 1, 2);
    af_change(policy, &account, &event, log);
    event = fx_ev_decide(t + 5 * FX_HOUR, 2, ACS_REASON_APPEAL_DISMISSED);
    af_change(policy, &account, &event, log);
    event = fx_ev_lift(t + 6 * FX_HOUR, 2);
    event.reason = ACS_REASON_ERROR_CORRECTED;
    fx_evidence(&event, 0x21);
    af_change(policy, &account, &event, log);

    /* A time before the last change, and a role and reason no record can
    ** hold: the denials keep what fits. */
    event = fx_ev_lift(t, 1);
    af_deny(policy, &account, &event, ACS_E_TIME_BACKWARDS, log);
    event = fx_ev_lift(t + 6 * FX_HOUR + 1, 1);
    event.actor_role = 99;
    event.reason = 200;
    af_deny(policy, &account, &event, ACS_E_ENUM, log);

    /* Hold 1's answer is due at 4 h + 14 d, hold 3's review at 2 h + 20 d,
    ** hold 1's extended review at 20 d: three deadline records. */
    af_advance(policy, &account, t + 21 * FX_DAY, 3, log);
    event = fx_ev_decide(t + 21 * FX_DAY, 1, ACS_REASON_APPEAL_UPHELD);
    af_change(policy, &account, &event, log);
    event = fx_ev_lift(t + 21 * FX_DAY + 1, 3);
    af_change(policy, &account, &event, log);
    assert_int_equal(fx_status(&account), ACS_STATUS_ACTIVE);

    /* The closure notice: extended, appealed and upheld; given again and
    ** rescinded; given a third time and run to its end. */
    int64_t now = t + 22 * FX_DAY;
    event = fx_ev_notice(policy, now, ACS_REASON_COMMERCIAL_DECISION);
    af_change(policy, &account, &event, log);
    int64_t end = fx_info(&account).window_end_ms;
    event = fx_ev_extend(now + 1, 0, end + 2 * FX_DAY);
    af_change(policy, &account, &event, log);
    event = fx_ev_appeal(now + 2, 0);
    af_change(policy, &account, &event, log);
    event = fx_ev_decide(now + 3, 0, ACS_REASON_APPEAL_UPHELD);
    af_change(policy, &account, &event, log);
    event = fx_ev_notice(policy, now + 4, ACS_REASON_LEGAL_ORDER);
    af_change(policy, &account, &event, log);
    event = fx_ev_rescind(now + 5);
    af_change(policy, &account, &event, log);
    event = fx_ev_notice(policy, now + 6, ACS_REASON_USER_REQUEST);
    af_change(policy, &account, &event, log);
    end = fx_info(&account).window_end_ms;
    event = fx_ev_close(now + 7, 1);
    af_deny(policy, &account, &event, ACS_R_WINDOW_RUNNING, log);
    af_advance(policy, &account, end, 1, log);
    event = fx_ev_close(end + 1, 1);
    af_change(policy, &account, &event, log);
    event = fx_ev_verify(end + 2);
    af_deny(policy, &account, &event, ACS_E_ACCOUNT_CLOSED, log);
}

/* Under the consumer preset: a lapsed review lifts its hold, and the
** customer closes the account from OPEN. */
static inline void af_story_consumer(acs_policy *policy, uint64_t id, af_log *log)
{
    acs_account account;
    const int64_t t = FX_T0 + FX_YEAR;
    fx_preset(policy, ACS_PRESET_CONSUMER);
    log->count = 0;
    af_open(policy, &account, id, t, log);
    acs_event event = fx_ev_verify(t + FX_SECOND);
    af_change(policy, &account, &event, log);
    event = fx_ev_hold(policy, t + 2 * FX_SECOND, ACS_LEVEL_SUSPENDED);
    event.actor_id = event.approver_id; /* the same person twice */
    af_deny(policy, &account, &event, ACS_R_APPROVER_SAME, log);
    event = fx_ev_hold(policy, t + 3 * FX_SECOND, ACS_LEVEL_FROZEN);
    af_change(policy, &account, &event, log);
    af_advance(policy, &account, t + 30 * FX_DAY, 1, log);
    assert_int_equal(fx_status(&account), ACS_STATUS_ACTIVE);
    event = fx_ev_close_by_user(t + 31 * FX_DAY, 0);
    af_change(policy, &account, &event, log);
}

/* Under the discretionary preset: management suspends for public
** criticism, which this preset admits, without a review deadline. */
static inline void af_story_discretionary(acs_policy *policy, uint64_t id, af_log *log)
{
    acs_account account;
    const int64_t t = FX_T0 + 2 * FX_YEAR;
    fx_preset(policy, ACS_PRESET_DISCRETIONARY);
    log->count = 0;
    af_open(policy, &account, id, t, log);
    acs_event event = fx_ev_verify(t + FX_SECOND);
    af_change(policy, &account, &event, log);
    event = fx_event(ACS_EVENT_HOLD, t + FX_HOUR, ACS_ROLE_MANAGEMENT,
                     ACS_REASON_PUBLIC_CRITICISM);
    event.level = ACS_LEVEL_SUSPENDED;
    af_change(policy, &account, &event, log);
    event = fx_ev_notice(policy, t + FX_HOUR + 1, ACS_REASON_PUBLIC_CRITICISM);
    af_change(policy, &account, &event, log);
    event = fx_ev_appeal(t + 2 * FX_HOUR, 0);
    af_change(policy, &account, &event, log);
    event = fx_ev_decide(t + 3 * FX_HOUR, 0, ACS_REASON_APPEAL_DISMISSED);
    af_change(policy, &account, &event, log);
}

/* ------------------------------------------------------------------------
** A seeded random stream. xorshift64: the same seed gives the same stream
** on every machine.
*/
typedef struct af_rng {
    uint64_t state;
} af_rng;

static inline uint64_t af_next(af_rng *r)
{
    uint64_t x = r->state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    r->state = x;
    return x;
}

static inline unsigned af_below(af_rng *r, unsigned n)
{
    assert_true(n > 0);
    return (unsigned)(af_next(r) % n);
}

static inline bool af_percent(af_rng *r, unsigned percent)
{
    return af_below(r, 100) < percent;
}

/* A random set bit of mask (bits 0..63), 0 when mask is empty. */
static inline int af_bit(af_rng *r, uint64_t mask)
{
    int set[64];
    int count = 0;
    for (int bit = 0; bit < 64; bit++) {
        if (mask & (UINT64_C(1) << bit)) set[count++] = bit;
    }
    return count == 0 ? 0 : set[af_below(r, (unsigned)count)];
}

/* Event kinds, weighted so that holds come and go and the other kinds
** find something to act on. */
static const uint8_t af_kinds[] = {
    ACS_EVENT_VERIFY, ACS_EVENT_HOLD,   ACS_EVENT_HOLD,    ACS_EVENT_HOLD,
    ACS_EVENT_LIFT,   ACS_EVENT_LIFT,   ACS_EVENT_LIFT,    ACS_EVENT_EXTEND,
    ACS_EVENT_EXTEND, ACS_EVENT_NOTICE, ACS_EVENT_NOTICE,  ACS_EVENT_RESCIND,
    ACS_EVENT_CLOSE,  ACS_EVENT_APPEAL, ACS_EVENT_APPEAL,  ACS_EVENT_DECIDE,
    ACS_EVENT_DECIDE,
};

/* The target of LIFT, EXTEND, APPEAL or DECIDE: mostly a hold the account
** has, sometimes the window or notice (0), sometimes an id it lacks. */
static inline unsigned af_target(af_rng *r, const acs_account *account, acs_hold *hold)
{
    acs_account_info info = fx_info(account);
    memset(hold, 0, sizeof *hold);
    if (info.hold_count > 0 && af_percent(r, 75)) {
        assert_code(acs_account_hold(account, af_below(r, info.hold_count), hold), ACS_OK);
        return hold->id;
    }
    return af_percent(r, 70) ? 0 : 1 + af_below(r, 40);
}

/* A random event at now_ms that the policy's rule mostly admits. */
static inline acs_event af_random_event(af_rng *r, const acs_policy *policy,
                                        const acs_account *account, int64_t now_ms)
{
    int kind = af_kinds[af_below(r, sizeof af_kinds)];
    int level = kind == ACS_EVENT_HOLD ? 1 + (int)af_below(r, 3) : 0;
    const acs_rule *rule = &policy->rules.rules[fx_rule_index(kind, level)];
    int role = af_percent(r, 85) ? af_bit(r, rule->actor_roles) : 0;
    if (role == 0) role = 1 + (int)af_below(r, ACS_ROLE_SYSTEM);
    uint64_t valid = rule->reasons & ~policy->rules.reasons_never_valid;
    int reason = af_percent(r, 85) ? af_bit(r, valid) : 0;
    if (reason == 0) reason = af_bit(r, ACS_REASON_BIT(1 + af_below(r, 11)) |
                                            ACS_REASON_BIT(32 + af_below(r, 7)));
    acs_event event = fx_event(kind, now_ms, role, reason);
    event.level = (uint8_t)level;
    if (rule->approver_roles != 0 && af_percent(r, 85)) {
        int approver = af_bit(r, rule->approver_roles);
        event.approver_role = (uint8_t)approver;
        event.approver_id = FX_APPROVER_ID(approver);
    }
    bool needs = (rule->reasons_evidence & ACS_REASON_BIT(event.reason)) != 0;
    if (af_percent(r, needs ? 85 : 10)) fx_evidence(&event, (int)af_below(r, 200));

    acs_hold hold;
    if (kind == ACS_EVENT_LIFT || kind == ACS_EVENT_EXTEND || kind == ACS_EVENT_APPEAL ||
        kind == ACS_EVENT_DECIDE)
        event.hold_id = (uint16_t)af_target(r, account, &hold);
    if (kind == ACS_EVENT_EXTEND) {
        int64_t current = event.hold_id != 0 ? hold.review_deadline_ms
                                             : fx_info(account).window_end_ms;
        if (current < now_ms) current = now_ms;
        event.deadline_ms = current + 1 + (int64_t)af_below(r, 20) * FX_DAY;
    }
    if (kind == ACS_EVENT_HOLD && af_percent(r, 20))
        event.period_ms = FX_HOUR + (int64_t)af_below(r, 40) * FX_DAY;
    if (kind == ACS_EVENT_CLOSE && af_percent(r, 50)) event.flags = ACS_EVENT_FUNDS_HELD;
    if (kind == ACS_EVENT_APPEAL && af_percent(r, 80)) {
        event.actor_role = ACS_ROLE_USER;
        event.actor_id = FX_ACTOR_ID(ACS_ROLE_USER);
        event.reason = ACS_REASON_USER_REQUEST;
    }
    return event;
}

/* Keep one record of the stream, chaining it first when states is not
** NULL: states[n + 1] is the chain after records[n]. */
static inline void af_stream_keep(acs_record *records, acs_chain *states, size_t *n,
                                  const acs_record *record)
{
    records[*n] = *record;
    if (states != NULL) {
        states[*n + 1] = states[*n];
        assert_code(acs_chain_append(&states[*n + 1], &records[*n]), ACS_OK);
    }
    (*n)++;
}

/* Fill records[0 .. count - 1] with the records of one account, opened and
** verified at FX_T0 under policy, then driven by a stream of random events
** and advance calls from seed. A refused event is kept as its denial record; one in
** thirty events is dated before the account's last change. A CLOSE that
** would succeed is left out, so the account stays open to the end. With
** states (room for count + 1), each record is chained as it is kept and
** states[i] is the chain before records[i]. Returns how many records are
** denials. */
static inline size_t af_stream(const acs_policy *policy, uint64_t seed, uint64_t id,
                               acs_record *records, size_t count, acs_chain *states)
{
    af_rng r = {seed != 0 ? seed : 1};
    acs_account account;
    acs_record record;
    size_t n = 0;
    size_t denials = 0;
    int64_t now = FX_T0;
    if (states != NULL) assert_code(acs_chain_init(&states[0]), ACS_OK);
    assert_true(count > 0);
    assert_code(acs_account_open(&account, id, now, policy, &record), ACS_OK);
    af_stream_keep(records, states, &n, &record);
    if (n < count) {
        /* Verified at once, as most accounts are; the stream may still try
        ** VERIFY again later. */
        acs_event verify = fx_ev_verify(now);
        assert_code(acs_apply(policy, &account, &verify, &record, NULL), ACS_OK);
        af_stream_keep(records, states, &n, &record);
    }
    while (n < count) {
        if (!af_percent(&r, 10)) now += 1 + (int64_t)af_below(&r, 72) * FX_HOUR;
        acs_record due[ACS_DEADLINES_MAX];
        unsigned room = (unsigned)(count - n < ACS_DEADLINES_MAX ? count - n : ACS_DEADLINES_MAX);
        unsigned written = 0;
        assert_code(acs_advance(policy, &account, now, due, room, &written, NULL), ACS_OK);
        for (unsigned i = 0; i < written; i++) af_stream_keep(records, states, &n, &due[i]);
        if (n == count) break;

        acs_event event = af_random_event(&r, policy, &account, now);
        if (af_percent(&r, 3)) event.time_ms = fx_info(&account).last_change_ms - 1 -
                                               (int64_t)af_below(&r, 1000);
        acs_account trial = account;
        int rc = acs_apply(policy, &trial, &event, &record, NULL);
        if (rc == ACS_OK && event.kind == ACS_EVENT_CLOSE) continue;
        if (rc == ACS_OK) {
            account = trial;
        } else {
            assert_code(acs_record_denial(policy, &account, &event, rc, &record), ACS_OK);
            denials++;
        }
        af_stream_keep(records, states, &n, &record);
    }
    return denials;
}

#endif /* ACS_TEST_AUDIT_FIXTURES_H */
