/*
** test_records.c: unit tests of src/records.c.
**
** Every field of the record each event kind writes, of the records
** acs_advance writes for each kind of deadline, and of denial records:
** the fields every record shares (format, account, sequence, time, kind,
** reason, actor, approver, status and lifecycle before and after, evidence,
** policy fingerprint, the chain hashes still zero), then what each kind
** adds (hold id and level, deadlines, flags). A denial carries the deadline
** its event asked for, and 0 for each value no record can hold.
*/
#include "fixtures.h"

#include <stdbool.h>

#define T1 (FX_T0 + FX_HOUR)

/* What a record says beyond the fields it shares with every record. */
typedef struct expect {
    unsigned hold_id;
    int hold_level;
    unsigned flags;
    int64_t deadline_ms;
    int64_t previous_deadline_ms;
} expect;

/* The fields every change record shares, against the account before and
** after and the policy. */
static void check_shared(const acs_record *record, const acs_policy *policy,
                         const acs_account_info *before,
                         const acs_account_info *after)
{
    assert_int_equal(record->format_version, ACS_RECORD_VERSION);
    assert_true(record->account_id == after->id);
    assert_true(record->sequence == after->sequence);
    assert_int_equal(record->status_before, before->status);
    assert_int_equal(record->status_after, after->status);
    assert_int_equal(record->lifecycle_before, before->lifecycle);
    assert_int_equal(record->lifecycle_after, after->lifecycle);
    assert_i64(record->window_end_ms, after->window_end_ms);
    assert_int_equal(record->refusal, 0);
    assert_int_equal(record->reserved0, 0);
    assert_memory_equal(record->policy_fingerprint, policy->fingerprint,
                        ACS_DIGEST_SIZE);
    assert_zero_bytes(record->previous_hash, ACS_DIGEST_SIZE);
    assert_zero_bytes(record->hash, ACS_DIGEST_SIZE);
}

static void check_expect(const acs_record *record, const expect *want)
{
    assert_int_equal(record->hold_id, want->hold_id);
    assert_int_equal(record->hold_level, want->hold_level);
    assert_int_equal(record->flags, want->flags);
    assert_i64(record->deadline_ms, want->deadline_ms);
    assert_i64(record->previous_deadline_ms, want->previous_deadline_ms);
}

/* Applies event and checks every field of its record; line is the
** caller's, named when a field is wrong. */
#define apply_and_check(policy, account, event, want) \
    apply_and_check_at((policy), (account), (event), (want), __LINE__)
static void apply_and_check_at(const acs_policy *policy, acs_account *account,
                               const acs_event *event, const expect *want, int line)
{
    acs_record record;
    acs_account_info before = fx_info(account);
    fx_apply_ok(policy, account, event, &record);
    acs_account_info after = fx_info(account);
    check_shared(&record, policy, &before, &after);
    assert_int_equal(record.kind, event->kind);
    assert_int_equal(record.reason, event->reason);
    assert_i64(record.time_ms, event->time_ms);
    assert_int_equal(record.actor_role, event->actor_role);
    assert_true(record.actor_id == event->actor_id);
    assert_int_equal(record.approver_role, event->approver_role);
    assert_true(record.approver_id == event->approver_id);
    assert_memory_equal(record.evidence, event->evidence, ACS_DIGEST_SIZE);
    if (record.hold_id != want->hold_id || record.hold_level != want->hold_level ||
        record.flags != want->flags || record.deadline_ms != want->deadline_ms ||
        record.previous_deadline_ms != want->previous_deadline_ms)
        print_error("record of %s (event at line %d):\n", acs_event_name(event->kind),
                    line);
    check_expect(&record, want);
}

/* ------------------------------------------------------------------------
** Change records, kind by kind.
*/
static void test_open_record(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record record;
    fx_preset(&policy, ACS_PRESET_CONSUMER);
    memset(&record, FX_FILL, sizeof record);
    assert_code(acs_account_open(&account, FX_ACCOUNT_ID, FX_T0, &policy, &record),
                ACS_OK);
    assert_int_equal(record.format_version, ACS_RECORD_VERSION);
    assert_int_equal(record.kind, ACS_EVENT_OPEN);
    assert_true(record.account_id == FX_ACCOUNT_ID);
    assert_true(record.sequence == 1);
    assert_i64(record.time_ms, FX_T0);
    assert_int_equal(record.status_after, ACS_STATUS_PENDING);
    assert_int_equal(record.lifecycle_after, ACS_LIFECYCLE_PENDING);
    assert_int_equal(record.flags, 0);
    assert_int_equal(record.hold_id, 0);
    assert_int_equal(record.hold_level, 0);
    assert_int_equal(record.refusal, 0);
    assert_int_equal(record.reserved0, 0);
    assert_i64(record.deadline_ms, 0);
    assert_i64(record.previous_deadline_ms, 0);
    assert_i64(record.window_end_ms, 0);
    assert_true(record.approver_id == 0);
    assert_int_equal(record.approver_role, 0);
    assert_zero_bytes(record.evidence, ACS_DIGEST_SIZE);
    assert_memory_equal(record.policy_fingerprint, policy.fingerprint, ACS_DIGEST_SIZE);
    assert_zero_bytes(record.previous_hash, ACS_DIGEST_SIZE);
    assert_zero_bytes(record.hash, ACS_DIGEST_SIZE);
}

static void test_verify_record(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_open(&policy, &account, FX_ACCOUNT_ID, FX_T0);
    acs_event verify = fx_ev_verify(T1);
    fx_evidence(&verify, 3);
    const expect want = {0, 0, 0, 0, 0};
    apply_and_check(&policy, &account, &verify, &want);
}

static void test_hold_records(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);

    /* Without evidence, with a shorter period. */
    acs_event hold = fx_ev_hold(&policy, T1, ACS_LEVEL_FROZEN);
    hold.period_ms = 3 * FX_DAY;
    expect want = {1, ACS_LEVEL_FROZEN, 0, T1 + 3 * FX_DAY, 0};
    apply_and_check(&policy, &account, &hold, &want);

    /* A suspension: evidence and a second approver, both recorded. */
    hold = fx_ev_hold(&policy, T1 + 1, ACS_LEVEL_SUSPENDED);
    assert_true(hold.approver_role != 0);
    want = (expect){2, ACS_LEVEL_SUSPENDED, 0, T1 + 1 + 30 * FX_DAY, 0};
    apply_and_check(&policy, &account, &hold, &want);

    /* No review default (discretionary): no deadline. */
    fx_preset(&policy, ACS_PRESET_DISCRETIONARY);
    fx_active(&policy, &account, FX_T0);
    hold = fx_ev_hold(&policy, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    fx_evidence(&hold, 0x77);
    want = (expect){1, ACS_LEVEL_WITHDRAWAL_ONLY, 0, 0, 0};
    apply_and_check(&policy, &account, &hold, &want);
}

static void test_lift_record(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    fx_hold(&policy, &account, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    unsigned id = fx_hold(&policy, &account, T1 + 1, ACS_LEVEL_SUSPENDED);
    acs_event lift = fx_ev_lift(T1 + 2, id);
    lift.reason = ACS_REASON_ERROR_CORRECTED;
    fx_evidence(&lift, 9);
    const expect want = {id, ACS_LEVEL_SUSPENDED, ACS_RECORD_HOLD_LIFTED, 0, 0};
    apply_and_check(&policy, &account, &lift, &want);
}

static void test_extend_records(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_FROZEN);
    acs_event extend = fx_ev_extend(T1 + 1, id, T1 + 40 * FX_DAY);
    expect want = {id, ACS_LEVEL_FROZEN, 0, T1 + 40 * FX_DAY, T1 + 14 * FX_DAY};
    apply_and_check(&policy, &account, &extend, &want);
    extend = fx_ev_extend(T1 + 2, id, T1 + 50 * FX_DAY);
    want = (expect){id, ACS_LEVEL_FROZEN, 0, T1 + 50 * FX_DAY, T1 + 40 * FX_DAY};
    apply_and_check(&policy, &account, &extend, &want);

    /* The window. */
    fx_lift(&policy, &account, T1 + 3, id);
    const int64_t end = fx_notice(&policy, &account, T1 + 4, ACS_REASON_USER_REQUEST);
    extend = fx_ev_extend(T1 + 5, 0, end + 2 * FX_DAY);
    want = (expect){0, 0, 0, end + 2 * FX_DAY, end};
    apply_and_check(&policy, &account, &extend, &want);
}

static void test_notice_and_rescind_records(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    /* A legal order: evidence and an approver, both recorded. */
    acs_event notice = fx_ev_notice(&policy, T1, ACS_REASON_LEGAL_ORDER);
    assert_true(notice.approver_role != 0);
    assert_true(notice.evidence[0] != 0);
    expect want = {0, 0, 0, T1 + 14 * FX_DAY, 0};
    apply_and_check(&policy, &account, &notice, &want);

    acs_event rescind = fx_ev_rescind(T1 + 1);
    want = (expect){0, 0, ACS_RECORD_NOTICE_RESCINDED, 0, 0};
    apply_and_check(&policy, &account, &rescind, &want);
}

static void test_close_records(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record records[ACS_DEADLINES_MAX];
    fx_preset(&policy, ACS_PRESET_DEFAULT);

    /* From CLOSING without funds. */
    fx_active(&policy, &account, FX_T0);
    fx_notice(&policy, &account, T1, ACS_REASON_COMMERCIAL_DECISION);
    acs_event close = fx_ev_close(T1 + 1, 0);
    expect want = {0, 0, 0, 0, 0};
    apply_and_check(&policy, &account, &close, &want);

    /* With funds after the window, moved to the segregated account. */
    fx_active(&policy, &account, FX_T0);
    const int64_t end = fx_notice(&policy, &account, T1, ACS_REASON_USER_REQUEST);
    assert_int_equal(fx_advance(&policy, &account, end, records, NULL), 1);
    close = fx_ev_close(end + 1, 1);
    want = (expect){0, 0, ACS_RECORD_FUNDS_HELD | ACS_RECORD_FUNDS_SEGREGATED, 0, 0};
    apply_and_check(&policy, &account, &close, &want);

    /* From OPEN at the customer's request. */
    fx_active(&policy, &account, FX_T0);
    close = fx_ev_close_by_user(T1, 0);
    want = (expect){0, 0, 0, 0, 0};
    apply_and_check(&policy, &account, &close, &want);
}

static void test_appeal_and_decide_records(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned a = fx_hold(&policy, &account, T1, ACS_LEVEL_FROZEN);
    unsigned b = fx_hold(&policy, &account, T1 + 1, ACS_LEVEL_WITHDRAWAL_ONLY);

    acs_event appeal = fx_ev_appeal(T1 + 2, a);
    fx_evidence(&appeal, 0x31);
    expect want = {a, ACS_LEVEL_FROZEN, 0, T1 + 2 + 14 * FX_DAY, 0};
    apply_and_check(&policy, &account, &appeal, &want);
    appeal = fx_ev_appeal(T1 + 3, b);
    want = (expect){b, ACS_LEVEL_WITHDRAWAL_ONLY, 0, T1 + 3 + 14 * FX_DAY, 0};
    apply_and_check(&policy, &account, &appeal, &want);

    /* A DECIDE record carries the answer deadline of the appeal it answers,
    ** so an audit shows whether the answer came in time. */
    acs_event decide = fx_ev_decide(T1 + 4, b, ACS_REASON_APPEAL_DISMISSED);
    want = (expect){b, ACS_LEVEL_WITHDRAWAL_ONLY, 0, T1 + 3 + 14 * FX_DAY, 0};
    apply_and_check(&policy, &account, &decide, &want);
    decide = fx_ev_decide(T1 + 5, a, ACS_REASON_APPEAL_UPHELD);
    want = (expect){a, ACS_LEVEL_FROZEN, ACS_RECORD_HOLD_LIFTED, T1 + 2 + 14 * FX_DAY, 0};
    apply_and_check(&policy, &account, &decide, &want);

    /* Against the closure notice. */
    fx_lift(&policy, &account, T1 + 6, b);
    fx_notice(&policy, &account, T1 + 7, ACS_REASON_COMMERCIAL_DECISION);
    appeal = fx_ev_appeal(T1 + 8, 0);
    want = (expect){0, 0, 0, T1 + 8 + 14 * FX_DAY, 0};
    apply_and_check(&policy, &account, &appeal, &want);
    decide = fx_ev_decide(T1 + 9, 0, ACS_REASON_APPEAL_UPHELD);
    want = (expect){0, 0, ACS_RECORD_NOTICE_RESCINDED, T1 + 8 + 14 * FX_DAY, 0};
    apply_and_check(&policy, &account, &decide, &want);
    assert_int_equal(fx_info(&account).lifecycle, ACS_LIFECYCLE_OPEN);
}

/* ------------------------------------------------------------------------
** Records of deadlines acs_advance applies.
*/

/* The fields a deadline record has: written by the system at the
** deadline's own time for the lapse, with no approver and no evidence. */
static void check_deadline_record(const acs_record *record, const acs_policy *policy,
                                  const acs_account_info *before,
                                  const acs_account_info *after, int kind,
                                  int64_t due, const expect *want)
{
    check_shared(record, policy, before, after);
    assert_int_equal(record->kind, kind);
    assert_i64(record->time_ms, due);
    assert_int_equal(record->reason, ACS_REASON_DEADLINE_LAPSED);
    assert_int_equal(record->actor_role, ACS_ROLE_SYSTEM);
    assert_int_equal(record->approver_role, 0);
    assert_true(record->approver_id == 0);
    assert_zero_bytes(record->evidence, ACS_DIGEST_SIZE);
    check_expect(record, want);
}

static void test_review_lapsed_records(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record records[ACS_DEADLINES_MAX];

    /* default: flagged overdue, nothing lifted. */
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_FROZEN);
    acs_account_info before = fx_info(&account);
    const int64_t due = T1 + 14 * FX_DAY;
    assert_int_equal(fx_advance(&policy, &account, due + FX_DAY, records, NULL), 1);
    acs_account_info after = fx_info(&account);
    expect want = {id, ACS_LEVEL_FROZEN, 0, due, 0};
    check_deadline_record(&records[0], &policy, &before, &after,
                          ACS_EVENT_REVIEW_LAPSED, due, &want);

    /* consumer: lifted. */
    fx_preset(&policy, ACS_PRESET_CONSUMER);
    fx_active(&policy, &account, FX_T0);
    id = fx_hold(&policy, &account, T1, ACS_LEVEL_FROZEN);
    before = fx_info(&account);
    assert_int_equal(fx_advance(&policy, &account, due, records, NULL), 1);
    after = fx_info(&account);
    assert_int_equal(after.status, ACS_STATUS_ACTIVE);
    want = (expect){id, ACS_LEVEL_FROZEN, ACS_RECORD_HOLD_LIFTED, due, 0};
    check_deadline_record(&records[0], &policy, &before, &after,
                          ACS_EVENT_REVIEW_LAPSED, due, &want);
}

static void test_appeal_lapsed_and_window_ended_records(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record records[ACS_DEADLINES_MAX];
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    fx_appeal(&policy, &account, T1 + 1, id);
    const int64_t answer = T1 + 1 + 14 * FX_DAY;
    const int64_t end = fx_notice(&policy, &account, T1 + 2, ACS_REASON_USER_REQUEST);
    assert_true(end < answer);

    acs_account_info before = fx_info(&account);
    assert_int_equal(fx_advance(&policy, &account, end, records, NULL), 1);
    acs_account_info after = fx_info(&account);
    expect want = {0, 0, 0, end, 0};
    check_deadline_record(&records[0], &policy, &before, &after,
                          ACS_EVENT_WINDOW_ENDED, end, &want);
    assert_i64(records[0].window_end_ms, end);

    before = after;
    assert_int_equal(fx_advance(&policy, &account, answer, records, NULL), 1);
    after = fx_info(&account);
    want = (expect){id, ACS_LEVEL_WITHDRAWAL_ONLY, 0, answer, 0};
    check_deadline_record(&records[0], &policy, &before, &after,
                          ACS_EVENT_APPEAL_LAPSED, answer, &want);
}

/* Across a whole story the records chain: consecutive sequence numbers,
** each record's "before" equal to the previous record's "after", times
** that never go back. */
static void test_records_chain(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record chain[32];
    unsigned n = 0;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    memset(chain, 0, sizeof chain);
    assert_code(acs_account_open(&account, FX_ACCOUNT_ID, FX_T0, &policy, &chain[n++]),
                ACS_OK);

    acs_event events[] = {
        fx_ev_verify(T1),
        fx_ev_hold(&policy, T1 + FX_HOUR, ACS_LEVEL_FROZEN),
        fx_ev_appeal(T1 + 2 * FX_HOUR, 1),
        fx_ev_hold(&policy, T1 + 3 * FX_HOUR, ACS_LEVEL_SUSPENDED),
        fx_ev_notice(&policy, T1 + 4 * FX_HOUR, ACS_REASON_ABUSIVE_CONDUCT),
        fx_ev_lift(T1 + 5 * FX_HOUR, 2),
    };
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++)
        fx_apply_ok(&policy, &account, &events[i], &chain[n++]);
    acs_record records[ACS_DEADLINES_MAX];
    unsigned written = fx_advance(&policy, &account, T1 + FX_YEAR, records, NULL);
    assert_true(written >= 2);
    for (unsigned i = 0; i < written; i++) chain[n++] = records[i];
    acs_event decide = fx_ev_decide(T1 + FX_YEAR, 1, ACS_REASON_APPEAL_UPHELD);
    fx_apply_ok(&policy, &account, &decide, &chain[n++]);

    for (unsigned i = 0; i < n; i++) {
        assert_true(chain[i].sequence == i + 1u);
        assert_true(chain[i].account_id == FX_ACCOUNT_ID);
        assert_zero_bytes(chain[i].hash, ACS_DIGEST_SIZE);
        if (i == 0) continue;
        assert_int_equal(chain[i].status_before, chain[i - 1].status_after);
        assert_int_equal(chain[i].lifecycle_before, chain[i - 1].lifecycle_after);
        assert_true(chain[i].time_ms >= chain[i - 1].time_ms);
    }
    acs_account_info info = fx_info(&account);
    assert_int_equal(chain[n - 1].status_after, info.status);
    assert_true(chain[n - 1].sequence == info.sequence);
}

/* ------------------------------------------------------------------------
** Denial records.
*/

/* The deadline a denial of event carries: EXTEND's new deadline, or the
** end of the period a HOLD gave; 0 for a HOLD with period 0 (what the
** default would have given is not what it asked) and for every other kind. */
static int64_t asked_deadline(const acs_event *event)
{
    if (event->kind == ACS_EVENT_EXTEND) return event->deadline_ms;
    if (event->kind == ACS_EVENT_HOLD && event->period_ms != 0)
        return event->time_ms + event->period_ms;
    return 0;
}

static void check_denial(const acs_policy *policy, const acs_account *account,
                         const acs_event *event, int code)
{
    acs_account saved;
    acs_record record;
    memcpy(&saved, account, sizeof saved);
    memset(&record, FX_FILL, sizeof record);
    acs_account_info info = fx_info(account);
    assert_code(acs_record_denial(policy, account, event, code, &record), ACS_OK);
    assert_memory_equal(&saved, account, sizeof saved);

    assert_int_equal(record.format_version, ACS_RECORD_VERSION);
    assert_true(record.flags & ACS_RECORD_DENIAL);
    assert_int_equal(record.flags & (ACS_RECORD_HOLD_LIFTED | ACS_RECORD_NOTICE_RESCINDED |
                                     ACS_RECORD_FUNDS_SEGREGATED),
                     0);
    assert_int_equal(record.refusal, code);
    assert_true(record.account_id == info.id);
    assert_true(record.sequence == info.sequence);
    assert_int_equal(record.status_before, info.status);
    assert_int_equal(record.status_after, info.status);
    assert_int_equal(record.lifecycle_before, info.lifecycle);
    assert_int_equal(record.lifecycle_after, info.lifecycle);
    assert_int_equal(record.kind, event->kind);
    assert_int_equal(record.reason, event->reason);
    assert_i64(record.time_ms, event->time_ms);
    assert_int_equal(record.actor_role, event->actor_role);
    assert_true(record.actor_id == event->actor_id);
    assert_int_equal(record.approver_role, event->approver_role);
    assert_true(record.approver_id == event->approver_id);
    assert_memory_equal(record.evidence, event->evidence, ACS_DIGEST_SIZE);
    assert_memory_equal(record.policy_fingerprint, policy->fingerprint,
                        ACS_DIGEST_SIZE);
    assert_zero_bytes(record.previous_hash, ACS_DIGEST_SIZE);
    assert_zero_bytes(record.hash, ACS_DIGEST_SIZE);
    assert_int_equal(record.reserved0, 0);
    assert_i64(record.deadline_ms, asked_deadline(event));
    assert_i64(record.previous_deadline_ms, 0);
    bool closing = info.lifecycle == ACS_LIFECYCLE_CLOSING;
    assert_i64(record.window_end_ms, closing ? info.window_end_ms : 0);
}

/* The denial of event, refused by acs_apply with code (checked), after
** check_denial has checked every field of it. */
static acs_record denial_of(const acs_policy *policy, acs_account *account,
                            const acs_event *event, int code)
{
    acs_record record;
    acs_account saved = *account;
    int rc = acs_apply(policy, account, event, &record, NULL);
    assert_code(rc, code);
    assert_memory_equal(&saved, account, sizeof saved);
    check_denial(policy, account, event, rc);
    assert_code(acs_record_denial(policy, account, event, rc, &record), ACS_OK);
    return record;
}

static void test_denial_of_refused_events(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record record;
    fx_preset(&policy, ACS_PRESET_CONSUMER);
    fx_active(&policy, &account, FX_T0);

    /* the December 2022 case: a suspension for public criticism, by management,
    ** without evidence or a second approver. */
    acs_event event = fx_event(ACS_EVENT_HOLD, T1, ACS_ROLE_MANAGEMENT,
                               ACS_REASON_PUBLIC_CRITICISM);
    event.level = ACS_LEVEL_SUSPENDED;
    int rc = acs_apply(&policy, &account, &event, &record, NULL);
    assert_code(rc, ACS_R_REASON_NEVER_VALID);
    check_denial(&policy, &account, &event, rc);

    /* With evidence and an approver, for a rule refusal. */
    event = fx_ev_hold(&policy, T1, ACS_LEVEL_SUSPENDED);
    event.approver_id = event.actor_id;
    rc = acs_apply(&policy, &account, &event, &record, NULL);
    assert_code(rc, ACS_R_APPROVER_SAME);
    check_denial(&policy, &account, &event, rc);

    /* A kind's own refusal on a restricted account. */
    fx_hold(&policy, &account, T1, ACS_LEVEL_FROZEN);
    event = fx_ev_rescind(T1 + 1);
    rc = acs_apply(&policy, &account, &event, &record, NULL);
    assert_code(rc, ACS_R_NO_NOTICE);
    check_denial(&policy, &account, &event, rc);

    /* Misuse codes are refusals too: a time from the past. */
    event = fx_ev_lift(FX_T0, 1);
    rc = acs_apply(&policy, &account, &event, &record, NULL);
    assert_code(rc, ACS_E_TIME_BACKWARDS);
    check_denial(&policy, &account, &event, rc);

    /* And on a closed account. */
    fx_active(&policy, &account, FX_T0);
    fx_close_by_user(&policy, &account, T1);
    event = fx_ev_verify(T1 + 1);
    rc = acs_apply(&policy, &account, &event, &record, NULL);
    assert_code(rc, ACS_E_ACCOUNT_CLOSED);
    check_denial(&policy, &account, &event, rc);
    assert_int_equal(fx_info(&account).status, ACS_STATUS_CLOSED);
}

/* An EXTEND's denial carries the deadline it asked for, whatever refused
** it, and no previous deadline: nothing was moved. */
static void test_denial_of_extend_carries_its_deadline(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_FROZEN);

    /* Past the maximum of 60 days from placement. */
    acs_event extend = fx_ev_extend(T1 + 1, id, T1 + 61 * FX_DAY);
    acs_record record = denial_of(&policy, &account, &extend, ACS_R_DEADLINE_BEYOND_MAX);
    assert_i64(record.deadline_ms, T1 + 61 * FX_DAY);
    assert_i64(record.previous_deadline_ms, 0);
    assert_int_equal(record.hold_id, id);
    assert_int_equal(record.hold_level, ACS_LEVEL_FROZEN);

    /* Earlier than the review deadline it would move. */
    extend = fx_ev_extend(T1 + 1, id, T1 + 2 * FX_DAY);
    record = denial_of(&policy, &account, &extend, ACS_R_DEADLINE_NOT_LATER);
    assert_i64(record.deadline_ms, T1 + 2 * FX_DAY);

    /* A rule's refusal: the customer may not extend. */
    extend = fx_ev_extend(T1 + 1, id, T1 + 20 * FX_DAY);
    extend.actor_role = ACS_ROLE_USER;
    extend.actor_id = FX_ACTOR_ID(ACS_ROLE_USER);
    record = denial_of(&policy, &account, &extend, ACS_R_ROLE);
    assert_i64(record.deadline_ms, T1 + 20 * FX_DAY);

    /* The window, with no notice running. */
    extend = fx_ev_extend(T1 + 1, 0, T1 + 30 * FX_DAY);
    record = denial_of(&policy, &account, &extend, ACS_R_NO_NOTICE);
    assert_i64(record.deadline_ms, T1 + 30 * FX_DAY);
    assert_int_equal(record.hold_id, 0);
}

/* A HOLD's denial carries time + period_ms when it gave a period, and 0
** when it gave none, even where the policy's default would set one. */
static void test_denial_of_hold_carries_its_period_end(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    const int64_t fallback = fx_period_ms(policy.rules.review_default[ACS_LEVEL_FROZEN]);
    assert_true(fallback != 0);

    /* Longer than the default. */
    acs_event hold = fx_ev_hold(&policy, T1, ACS_LEVEL_FROZEN);
    hold.period_ms = fallback + 1;
    acs_record record = denial_of(&policy, &account, &hold, ACS_R_PERIOD_TOO_LONG);
    assert_i64(record.deadline_ms, T1 + fallback + 1);
    assert_int_equal(record.hold_level, ACS_LEVEL_FROZEN);
    assert_int_equal(record.hold_id, 0);

    /* A shorter period, refused by the rule. */
    hold = fx_ev_hold(&policy, T1, ACS_LEVEL_FROZEN);
    hold.period_ms = 3 * FX_DAY;
    hold.actor_role = ACS_ROLE_USER;
    hold.actor_id = FX_ACTOR_ID(ACS_ROLE_USER);
    record = denial_of(&policy, &account, &hold, ACS_R_ROLE);
    assert_i64(record.deadline_ms, T1 + 3 * FX_DAY);

    /* Period 0: no deadline asked for, so none recorded. */
    hold.period_ms = 0;
    record = denial_of(&policy, &account, &hold, ACS_R_ROLE);
    assert_i64(record.deadline_ms, 0);

    /* Period 0 where the level has no default: none either; a period up
    ** to the maximum is carried. */
    fx_preset(&policy, ACS_PRESET_DISCRETIONARY);
    fx_active(&policy, &account, FX_T0);
    hold = fx_ev_hold(&policy, T1, ACS_LEVEL_FROZEN);
    hold.actor_role = ACS_ROLE_USER;
    hold.actor_id = FX_ACTOR_ID(ACS_ROLE_USER);
    record = denial_of(&policy, &account, &hold, ACS_R_ROLE);
    assert_i64(record.deadline_ms, 0);
    const int64_t maximum = fx_period_ms(policy.rules.review_max[ACS_LEVEL_FROZEN]);
    assert_true(maximum != 0);
    hold.period_ms = maximum;
    record = denial_of(&policy, &account, &hold, ACS_R_ROLE);
    assert_i64(record.deadline_ms, T1 + maximum);
}

/* A value no record can hold, in the refused event and in the denial
** record expected of it (the same value written as 0). */
typedef struct unfit_case {
    const char *name;
    acs_event event;
    int code;           /* what acs_apply refuses the event with */
    acs_record expect;  /* the fields check_unfit compares */
} unfit_case;

/* The denial of c->event keeps the refusal code, the DENIAL flag and every
** field that fits, writes 0 for the one that does not, and encodes,
** decodes to itself and chains. */
static void check_unfit(const acs_policy *policy, acs_account *account, const unfit_case *c)
{
    acs_record record, made, decoded;
    acs_account saved = *account;
    acs_account_info info = fx_info(account);
    int rc = acs_apply(policy, account, &c->event, &made, NULL);
    if (rc != c->code) print_error("%s\n", c->name);
    assert_code(rc, c->code);
    memset(&record, FX_FILL, sizeof record);
    rc = acs_record_denial(policy, account, &c->event, c->code, &record);
    if (rc != ACS_OK) print_error("%s\n", c->name);
    assert_code(rc, ACS_OK);
    assert_memory_equal(&saved, account, sizeof saved);

    const acs_record *want = &c->expect;
    if (record.actor_role != want->actor_role || record.approver_role != want->approver_role ||
        record.reason != want->reason || record.hold_level != want->hold_level ||
        record.hold_id != want->hold_id || record.time_ms != want->time_ms)
        print_error("%s: role %d, approver role %d, reason %d, level %d, hold %d, time %" PRId64
                    "\n",
                    c->name, record.actor_role, record.approver_role, record.reason,
                    record.hold_level, record.hold_id, record.time_ms);
    assert_int_equal(record.actor_role, want->actor_role);
    assert_int_equal(record.approver_role, want->approver_role);
    assert_int_equal(record.reason, want->reason);
    assert_int_equal(record.hold_level, want->hold_level);
    assert_int_equal(record.hold_id, want->hold_id);
    assert_i64(record.time_ms, want->time_ms);
    assert_i64(record.deadline_ms, want->deadline_ms);

    assert_int_equal(record.refusal, c->code);
    assert_int_equal(record.flags, ACS_RECORD_DENIAL);
    assert_int_equal(record.kind, c->event.kind);
    assert_true(record.actor_id == c->event.actor_id);
    assert_true(record.approver_id == c->event.approver_id);
    assert_memory_equal(record.evidence, c->event.evidence, ACS_DIGEST_SIZE);
    assert_true(record.account_id == info.id);
    assert_true(record.sequence == info.sequence);
    assert_int_equal(record.status_before, info.status);
    assert_int_equal(record.status_after, info.status);
    assert_int_equal(record.lifecycle_before, info.lifecycle);
    assert_int_equal(record.lifecycle_after, info.lifecycle);

    uint8_t buf[ACS_RECORD_ENCODED_SIZE];
    rc = acs_record_encode(&record, buf, sizeof buf);
    if (rc != ACS_OK) print_error("%s: encode\n", c->name);
    assert_code(rc, ACS_OK);
    assert_code(acs_record_decode(&decoded, buf, sizeof buf), ACS_OK);
    assert_memory_equal(&decoded, &record, sizeof record);
    acs_chain chain;
    assert_code(acs_chain_init(&chain), ACS_OK);
    assert_code(acs_chain_append(&chain, &record), ACS_OK);
    assert_true(record.flags == (ACS_RECORD_DENIAL | ACS_RECORD_CHAINED));
    assert_int_equal(record.refusal, c->code);
}

/* The expected record of event: its fields as given. */
static acs_record as_given(const acs_event *event, int hold_level)
{
    acs_record record;
    memset(&record, 0, sizeof record);
    record.actor_role = event->actor_role;
    record.approver_role = event->approver_role;
    record.reason = event->reason;
    record.hold_level = (uint8_t)hold_level;
    record.hold_id = event->hold_id;
    record.time_ms = event->time_ms;
    record.deadline_ms = asked_deadline(event);
    return record;
}

static void test_denial_writes_zero_for_what_no_record_holds(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_SUSPENDED);
    unfit_case c;

    /* An unknown actor role, on a hold that carries a period. */
    c.name = "actor role 7";
    c.event = fx_ev_hold(&policy, T1 + 1, ACS_LEVEL_FROZEN);
    c.event.period_ms = 2 * FX_DAY;
    c.event.actor_role = ACS_ROLE_COUNT;
    c.code = ACS_E_ENUM;
    c.expect = as_given(&c.event, ACS_LEVEL_FROZEN);
    c.expect.actor_role = 0;
    assert_i64(c.expect.deadline_ms, T1 + 1 + 2 * FX_DAY);
    check_unfit(&policy, &account, &c);

    /* An unknown approver role. */
    c.name = "approver role 7";
    c.event = fx_ev_hold(&policy, T1 + 1, ACS_LEVEL_SUSPENDED);
    assert_true(c.event.approver_role != 0);
    c.event.approver_role = ACS_ROLE_COUNT;
    c.code = ACS_E_ENUM;
    c.expect = as_given(&c.event, ACS_LEVEL_SUSPENDED);
    c.expect.approver_role = 0;
    check_unfit(&policy, &account, &c);

    /* An unknown reason, in the gap between grounds and outcomes. */
    c.name = "reason 12";
    c.event = fx_ev_lift(T1 + 1, id);
    c.event.reason = 12;
    c.code = ACS_E_ENUM;
    c.expect = as_given(&c.event, ACS_LEVEL_SUSPENDED);
    c.expect.reason = 0;
    check_unfit(&policy, &account, &c);

    /* An unknown level on a HOLD. */
    c.name = "level 4";
    c.event = fx_ev_hold(&policy, T1 + 1, ACS_LEVEL_FROZEN);
    c.event.level = ACS_LEVEL_COUNT;
    c.code = ACS_E_ENUM;
    c.expect = as_given(&c.event, 0);
    check_unfit(&policy, &account, &c);

    /* A hold id past ACS_HOLD_ID_MAX: no hold has it. */
    c.name = "hold id 0x8000";
    c.event = fx_ev_lift(T1 + 1, 0x8000);
    c.code = ACS_E_RESERVED;
    c.expect = as_given(&c.event, 0);
    c.expect.hold_id = 0;
    check_unfit(&policy, &account, &c);

    /* A time before 1970, on an EXTEND whose deadline is kept. */
    c.name = "time -5";
    c.event = fx_ev_extend(-5, id, T1 + 40 * FX_DAY);
    c.code = ACS_E_TIME_RANGE;
    c.expect = as_given(&c.event, ACS_LEVEL_SUSPENDED);
    c.expect.time_ms = 0;
    check_unfit(&policy, &account, &c);

    /* And a time past the range, on a VERIFY. */
    c.name = "time past ACS_TIME_MAX_MS";
    c.event = fx_ev_verify(ACS_TIME_MAX_MS + 1);
    c.code = ACS_E_TIME_RANGE;
    c.expect = as_given(&c.event, 0);
    c.expect.time_ms = 0;
    check_unfit(&policy, &account, &c);
}

/* Every ACS_E_* and ACS_R_* code is accepted. */
static void test_denial_accepts_every_misuse_and_refusal_code(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    acs_event event = fx_ev_hold(&policy, T1, ACS_LEVEL_FROZEN);
    for (int code = ACS_E_NULL; code >= ACS_E_LIMIT; code--)
        check_denial(&policy, &account, &event, code);
    for (int code = ACS_R_STATUS; code >= ACS_R_NOTICE_RUNNING; code--)
        check_denial(&policy, &account, &event, code);
}

static void test_denial_misuse(void **state)
{
    (void)state;
    acs_policy policy, unbuilt;
    acs_account account, corrupt;
    acs_record record;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_unbuilt(&unbuilt);
    fx_active(&policy, &account, FX_T0);
    memset(&corrupt, 0xFF, sizeof corrupt);
    acs_event event = fx_ev_hold(&policy, T1, ACS_LEVEL_FROZEN);
    acs_account saved;
    memcpy(&saved, &account, sizeof saved);

    /* Codes that are not ACS_E_* or ACS_R_*: success, positive numbers,
    ** gaps, ACS_P_* and unknown values. */
    static const int codes[] = {ACS_OK, 1, 2, 100, -19, -31, -52, -63,
                                ACS_P_NAME, ACS_P_FLAGS, -75, -999, INT32_MIN,
                                ACS_E_MAGIC, ACS_E_SYNTAX, ACS_V_HASH, ACS_V_POLICY};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        memset(&record, FX_FILL, sizeof record);
        int rc = acs_record_denial(&policy, &account, &event, codes[i], &record);
        if (rc != ACS_E_ENUM) print_error("code %d\n", codes[i]);
        assert_code(rc, ACS_E_ENUM);
        assert_filled(&record, sizeof record, FX_FILL);
    }

    memset(&record, FX_FILL, sizeof record);
    assert_code(acs_record_denial(NULL, &account, &event, ACS_R_ROLE, &record),
                ACS_E_NULL);
    assert_code(acs_record_denial(&policy, NULL, &event, ACS_R_ROLE, &record),
                ACS_E_NULL);
    assert_code(acs_record_denial(&policy, &account, NULL, ACS_R_ROLE, &record),
                ACS_E_NULL);
    assert_code(acs_record_denial(&policy, &account, &event, ACS_R_ROLE, NULL),
                ACS_E_NULL);
    assert_code(acs_record_denial(&unbuilt, &account, &event, ACS_R_ROLE, &record),
                ACS_E_POLICY_UNBUILT);
    assert_code(acs_record_denial(&policy, &corrupt, &event, ACS_R_ROLE, &record),
                ACS_E_ACCOUNT_CORRUPT);
    assert_filled(&record, sizeof record, FX_FILL);
    assert_memory_equal(&saved, &account, sizeof saved);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_record),
        cmocka_unit_test(test_verify_record),
        cmocka_unit_test(test_hold_records),
        cmocka_unit_test(test_lift_record),
        cmocka_unit_test(test_extend_records),
        cmocka_unit_test(test_notice_and_rescind_records),
        cmocka_unit_test(test_close_records),
        cmocka_unit_test(test_appeal_and_decide_records),
        cmocka_unit_test(test_review_lapsed_records),
        cmocka_unit_test(test_appeal_lapsed_and_window_ended_records),
        cmocka_unit_test(test_records_chain),
        cmocka_unit_test(test_denial_of_refused_events),
        cmocka_unit_test(test_denial_of_extend_carries_its_deadline),
        cmocka_unit_test(test_denial_of_hold_carries_its_period_end),
        cmocka_unit_test(test_denial_writes_zero_for_what_no_record_holds),
        cmocka_unit_test(test_denial_accepts_every_misuse_and_refusal_code),
        cmocka_unit_test(test_denial_misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
