/*
** fixtures.h: shared helpers for the unit tests of account.c, status.c,
** events.c, deadlines.c and records.c.
**
** Every helper checks what it does with cmocka assertions, so a test that
** builds an account through these helpers has already checked each step on
** the way. Accounts are built only through the public API: the account's
** layout is private, and a test that reached into it would test the layout
** rather than the contract.
**
** The canonical events below pass the rules of all three presets (an
** approver is added when the policy's rule asks for dual control), so one
** test can run under every preset.
*/
#ifndef ACS_TEST_FIXTURES_H
#define ACS_TEST_FIXTURES_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "acctstate.h"

/* 2023-11-14T22:13:20Z: an ordinary time, far from both ends of the range. */
#define FX_T0 ((int64_t)1700000000000LL)
#define FX_SECOND ((int64_t)1000)
#define FX_HOUR ((int64_t)3600 * 1000)
#define FX_DAY (24 * FX_HOUR)
#define FX_YEAR (365 * FX_DAY)

#define FX_ACCOUNT_ID UINT64_C(0x1122334455667788)
#define FX_FILL 0xA5 /* outputs are prefilled with this to prove "untouched" */

/* Actor ids are derived from the role, approver ids differ from them. */
#define FX_ACTOR_ID(role) (UINT64_C(1000) + (uint64_t)(role))
#define FX_APPROVER_ID(role) (UINT64_C(9000) + (uint64_t)(role))

/* ------------------------------------------------------------------------
** Assertions that print result codes and times as signed numbers with
** their names, which cmocka's assert_int_equal (unsigned) does not.
*/
static inline const char *fx_code_name(int code)
{
    const char *name = acs_code_name(code);
    return name != NULL ? name : "?";
}

static inline void fx_assert_code_at(int actual, int expected, const char *expr,
                                     const char *file, int line)
{
    if (actual != expected) {
        print_error("%s returned %d (%s), expected %d (%s)\n", expr, actual,
                    fx_code_name(actual), expected, fx_code_name(expected));
        _fail(file, line);
    }
}
#define assert_code(actual, expected) \
    fx_assert_code_at((actual), (expected), #actual, __FILE__, __LINE__)

static inline void fx_assert_i64_at(int64_t actual, int64_t expected,
                                    const char *expr, const char *file, int line)
{
    if (actual != expected) {
        print_error("%s is %" PRId64 ", expected %" PRId64 " (difference %" PRId64
                    ")\n",
                    expr, actual, expected, actual - expected);
        _fail(file, line);
    }
}
#define assert_i64(actual, expected) \
    fx_assert_i64_at((int64_t)(actual), (int64_t)(expected), #actual, __FILE__, \
                     __LINE__)

/* Asserts that n bytes at p all equal byte. */
static inline void fx_assert_filled_at(const void *p, size_t n, int byte,
                                       const char *expr, const char *file,
                                       int line)
{
    const unsigned char *bytes = p;
    for (size_t i = 0; i < n; i++) {
        if (bytes[i] != (unsigned char)byte) {
            print_error("%s: byte %zu is 0x%02x, expected 0x%02x\n", expr, i,
                        bytes[i], (unsigned)(unsigned char)byte);
            _fail(file, line);
        }
    }
}
#define assert_filled(p, n, byte) \
    fx_assert_filled_at((p), (n), (byte), #p, __FILE__, __LINE__)
#define assert_zero_bytes(p, n) assert_filled((p), (n), 0)

/* ------------------------------------------------------------------------
** Policies.
*/
static inline void fx_preset(acs_policy *policy, int preset)
{
    memset(policy, 0, sizeof *policy);
    assert_code(acs_policy_preset(policy, preset), ACS_OK);
}

static inline void fx_build(acs_policy *policy, const acs_policy_rules *rules)
{
    acs_policy_problem problem;
    memset(policy, 0, sizeof *policy);
    memset(&problem, 0, sizeof problem);
    int rc = acs_policy_build(policy, rules, &problem);
    if (rc != ACS_OK) {
        print_error("acs_policy_build: %d (%s), rule %d, index %d\n", rc,
                    fx_code_name(rc), (int)problem.rule, (int)problem.index);
    }
    assert_code(rc, ACS_OK);
}

/* The length of a period in hours or days. A business-day period has no
** fixed length, so a test that asks for one is wrong and fails. */
static inline int64_t fx_period_ms(acs_period period)
{
    switch (period.unit) {
    case ACS_UNIT_NONE: return 0;
    case ACS_UNIT_HOURS: return (int64_t)period.count * FX_HOUR;
    case ACS_UNIT_DAYS: return (int64_t)period.count * FX_DAY;
    default: fail_msg("period unit %u has no fixed length", (unsigned)period.unit);
    }
    return -1;
}

/* The rule that governs an event of kind (and level, for HOLD). */
static inline int fx_rule_index(int kind, int level)
{
    switch (kind) {
    case ACS_EVENT_VERIFY: return ACS_RULE_VERIFY;
    case ACS_EVENT_HOLD: return ACS_RULE_HOLD_WITHDRAWAL_ONLY + level - 1;
    case ACS_EVENT_LIFT: return ACS_RULE_LIFT;
    case ACS_EVENT_EXTEND: return ACS_RULE_EXTEND;
    case ACS_EVENT_NOTICE: return ACS_RULE_NOTICE;
    case ACS_EVENT_RESCIND: return ACS_RULE_RESCIND;
    case ACS_EVENT_CLOSE: return ACS_RULE_CLOSE;
    case ACS_EVENT_APPEAL: return ACS_RULE_APPEAL;
    case ACS_EVENT_DECIDE: return ACS_RULE_DECIDE;
    default: fail(); return 0;
    }
}

/* ------------------------------------------------------------------------
** Events.
*/
static inline acs_event fx_event(int kind, int64_t time_ms, int actor_role,
                                 int reason)
{
    acs_event event;
    memset(&event, 0, sizeof event);
    event.kind = (uint8_t)kind;
    event.time_ms = time_ms;
    event.actor_role = (uint8_t)actor_role;
    event.actor_id = FX_ACTOR_ID(actor_role);
    event.reason = (uint8_t)reason;
    return event;
}

/* A recognisable, non-zero evidence digest. */
static inline void fx_evidence(acs_event *event, int seed)
{
    for (int i = 0; i < ACS_DIGEST_SIZE; i++) {
        event->evidence[i] = (uint8_t)(seed + 7 * i + 1);
        if (event->evidence[i] == 0) event->evidence[i] = 0x5a;
    }
}

/* Adds an approver when the policy's rule for the event asks for dual
** control: a role the rule permits, preferably not the actor's, and an id
** that is never the actor's. */
static inline void fx_dual(const acs_policy *policy, acs_event *event)
{
    int rule = fx_rule_index(event->kind, event->level);
    uint32_t roles = policy->rules.rules[rule].approver_roles;
    if (roles == 0) return;
    int chosen = 0;
    for (int role = ACS_ROLE_USER; role < ACS_ROLE_COUNT; role++) {
        if ((roles & ACS_ROLE_BIT(role)) == 0) continue;
        if (chosen == 0 || role != event->actor_role) chosen = role;
    }
    assert_true(chosen != 0);
    event->approver_role = (uint8_t)chosen;
    event->approver_id = FX_APPROVER_ID(chosen);
}

/* Adds evidence when the rule asks for it for the event's reason. */
static inline void fx_evidence_if_needed(const acs_policy *policy,
                                         acs_event *event)
{
    int rule = fx_rule_index(event->kind, event->level);
    if (policy->rules.rules[rule].reasons_evidence & ACS_REASON_BIT(event->reason))
        fx_evidence(event, event->kind);
}

static inline acs_event fx_ev_verify(int64_t time_ms)
{
    return fx_event(ACS_EVENT_VERIFY, time_ms, ACS_ROLE_SUPPORT,
                    ACS_REASON_REQUIREMENT_MET);
}

/* A hold of level that each preset accepts: a security freeze or
** withdrawal-only hold for a compromise, a suspension for a terms breach,
** with evidence and an approver. */
static inline acs_event fx_ev_hold(const acs_policy *policy, int64_t time_ms,
                                   int level)
{
    acs_event event;
    if (level == ACS_LEVEL_SUSPENDED) {
        event = fx_event(ACS_EVENT_HOLD, time_ms, ACS_ROLE_COMPLIANCE,
                         ACS_REASON_TERMS_BREACH);
        fx_evidence(&event, 0x40);
    } else {
        event = fx_event(ACS_EVENT_HOLD, time_ms, ACS_ROLE_SECURITY,
                         ACS_REASON_SECURITY_COMPROMISE);
    }
    event.level = (uint8_t)level;
    fx_dual(policy, &event);
    return event;
}

static inline acs_event fx_ev_lift(int64_t time_ms, unsigned hold_id)
{
    acs_event event = fx_event(ACS_EVENT_LIFT, time_ms, ACS_ROLE_SECURITY,
                               ACS_REASON_REVIEW_CLEARED);
    event.hold_id = (uint16_t)hold_id;
    return event;
}

static inline acs_event fx_ev_extend(int64_t time_ms, unsigned hold_id,
                                     int64_t deadline_ms)
{
    acs_event event = fx_event(ACS_EVENT_EXTEND, time_ms, ACS_ROLE_SECURITY,
                               ACS_REASON_SECURITY_COMPROMISE);
    event.hold_id = (uint16_t)hold_id;
    event.deadline_ms = deadline_ms;
    return event;
}

static inline acs_event fx_ev_notice(const acs_policy *policy, int64_t time_ms,
                                     int reason)
{
    acs_event event =
        fx_event(ACS_EVENT_NOTICE, time_ms, ACS_ROLE_COMPLIANCE, reason);
    fx_dual(policy, &event);
    fx_evidence_if_needed(policy, &event);
    return event;
}

static inline acs_event fx_ev_rescind(int64_t time_ms)
{
    return fx_event(ACS_EVENT_RESCIND, time_ms, ACS_ROLE_COMPLIANCE,
                    ACS_REASON_ERROR_CORRECTED);
}

/* CLOSE by compliance after a notice; funds: whether funds remain. */
static inline acs_event fx_ev_close(int64_t time_ms, int funds)
{
    acs_event event = fx_event(ACS_EVENT_CLOSE, time_ms, ACS_ROLE_COMPLIANCE,
                               ACS_REASON_COMMERCIAL_DECISION);
    if (funds) event.flags = ACS_EVENT_FUNDS_HELD;
    return event;
}

/* CLOSE the customer asks for. */
static inline acs_event fx_ev_close_by_user(int64_t time_ms, int funds)
{
    acs_event event = fx_event(ACS_EVENT_CLOSE, time_ms, ACS_ROLE_USER,
                               ACS_REASON_USER_REQUEST);
    if (funds) event.flags = ACS_EVENT_FUNDS_HELD;
    return event;
}

static inline acs_event fx_ev_appeal(int64_t time_ms, unsigned target)
{
    acs_event event = fx_event(ACS_EVENT_APPEAL, time_ms, ACS_ROLE_USER,
                               ACS_REASON_USER_REQUEST);
    event.hold_id = (uint16_t)target;
    return event;
}

static inline acs_event fx_ev_decide(int64_t time_ms, unsigned target,
                                     int reason)
{
    acs_event event =
        fx_event(ACS_EVENT_DECIDE, time_ms, ACS_ROLE_COMPLIANCE, reason);
    event.hold_id = (uint16_t)target;
    return event;
}

/* ------------------------------------------------------------------------
** Reading an account.
*/
static inline acs_account_info fx_info(const acs_account *account)
{
    acs_account_info info;
    memset(&info, 0, sizeof info);
    assert_code(acs_account_info_get(account, &info), ACS_OK);
    return info;
}

static inline int fx_status(const acs_account *account)
{
    int status = 0;
    assert_code(acs_account_status(account, &status), ACS_OK);
    return status;
}

static inline acs_hold fx_find_hold(const acs_account *account, unsigned hold_id)
{
    acs_hold hold;
    memset(&hold, 0, sizeof hold);
    assert_code(acs_account_find_hold(account, hold_id, &hold), ACS_OK);
    return hold;
}

static inline int fx_has_hold(const acs_account *account, unsigned hold_id)
{
    acs_hold hold;
    int rc = acs_account_find_hold(account, hold_id, &hold);
    assert_true(rc == ACS_OK || rc == ACS_E_HOLD_UNKNOWN);
    return rc == ACS_OK;
}

static inline int64_t fx_next_deadline(const acs_account *account, int *kind)
{
    int64_t deadline_ms = -1;
    int k = -1;
    assert_code(acs_account_next_deadline(account, &deadline_ms, &k), ACS_OK);
    if (kind != NULL) *kind = k;
    return deadline_ms;
}

/* ------------------------------------------------------------------------
** Changing an account.
*/

/* Opens account id at time_ms and checks the opening: PENDING, sequence 1,
** an OPEN record. */
static inline void fx_open(const acs_policy *policy, acs_account *account,
                           uint64_t id, int64_t time_ms)
{
    acs_record record;
    memset(account, FX_FILL, sizeof *account);
    memset(&record, FX_FILL, sizeof record);
    assert_code(acs_account_open(account, id, time_ms, policy, &record), ACS_OK);
    acs_account_info info = fx_info(account);
    assert_true(info.id == id);
    assert_int_equal(info.sequence, 1);
    assert_int_equal(info.lifecycle, ACS_LIFECYCLE_PENDING);
    assert_int_equal(info.status, ACS_STATUS_PENDING);
    assert_i64(info.last_change_ms, time_ms);
    assert_int_equal(record.kind, ACS_EVENT_OPEN);
    assert_true(record.sequence == 1);
    assert_true(record.account_id == id);
    assert_i64(record.time_ms, time_ms);
}

/* Applies event, which must succeed: the refusal output stays untouched,
** the sequence rises by one, the last change becomes the event's time, and
** the record names the event. record may be NULL when the caller does not
** need it. */
static inline void fx_apply_ok_at(const acs_policy *policy, acs_account *account,
                                  const acs_event *event, acs_record *record,
                                  const char *file, int line)
{
    acs_record local;
    acs_refusal refusal;
    if (record == NULL) record = &local;
    acs_account_info before = fx_info(account);
    memset(record, FX_FILL, sizeof *record);
    memset(&refusal, FX_FILL, sizeof refusal);
    int rc = acs_apply(policy, account, event, record, &refusal);
    if (rc != ACS_OK) {
        print_error("acs_apply(%s) refused with %d (%s)\n",
                    acs_event_name(event->kind) ? acs_event_name(event->kind) : "?",
                    rc, fx_code_name(rc));
        _fail(file, line);
    }
    fx_assert_filled_at(&refusal, sizeof refusal, FX_FILL, "refusal", file, line);
    acs_account_info after = fx_info(account);
    fx_assert_i64_at((int64_t)after.sequence, (int64_t)before.sequence + 1,
                     "sequence", file, line);
    fx_assert_i64_at(after.last_change_ms, event->time_ms, "last_change_ms",
                     file, line);
    fx_assert_i64_at((int64_t)record->sequence, (int64_t)after.sequence,
                     "record sequence", file, line);
    fx_assert_i64_at(record->kind, event->kind, "record kind", file, line);
    fx_assert_i64_at(record->time_ms, event->time_ms, "record time", file, line);
}
#define fx_apply_ok(policy, account, event, record) \
    fx_apply_ok_at((policy), (account), (event), (record), __FILE__, __LINE__)

/* Applies event, which must fail with expected, and proves that the account
** and the record output are untouched and that the refusal names the code.
** The call is made twice: with a refusal output and with NULL. */
static inline void fx_apply_fails_at(const acs_policy *policy,
                                     acs_account *account, const acs_event *event,
                                     int expected, const char *file, int line)
{
    acs_account saved;
    acs_record record;
    acs_refusal refusal;
    if (account != NULL) memcpy(&saved, account, sizeof saved);
    memset(&record, FX_FILL, sizeof record);
    memset(&refusal, FX_FILL, sizeof refusal);
    int rc = acs_apply(policy, account, event, &record, &refusal);
    fx_assert_code_at(rc, expected, "acs_apply", file, line);
    if (account != NULL &&
        memcmp(&saved, account, sizeof saved) != 0) {
        print_error("acs_apply failed with %d but changed the account\n", rc);
        _fail(file, line);
    }
    fx_assert_filled_at(&record, sizeof record, FX_FILL, "record", file, line);
    fx_assert_code_at(refusal.code, expected, "refusal.code", file, line);

    rc = acs_apply(policy, account, event, &record, NULL);
    fx_assert_code_at(rc, expected, "acs_apply (refusal NULL)", file, line);
    if (account != NULL && memcmp(&saved, account, sizeof saved) != 0) {
        print_error("acs_apply failed with %d but changed the account\n", rc);
        _fail(file, line);
    }
    fx_assert_filled_at(&record, sizeof record, FX_FILL, "record", file, line);
}
#define fx_apply_fails(policy, account, event, expected) \
    fx_apply_fails_at((policy), (account), (event), (expected), __FILE__, __LINE__)

/* Opens and verifies: an ACTIVE account whose last change is at time_ms. */
static inline void fx_active(const acs_policy *policy, acs_account *account,
                             int64_t time_ms)
{
    fx_open(policy, account, FX_ACCOUNT_ID, time_ms);
    acs_event event = fx_ev_verify(time_ms);
    fx_apply_ok(policy, account, &event, NULL);
    assert_int_equal(fx_status(account), ACS_STATUS_ACTIVE);
}

/* Places the canonical hold of level at time_ms; returns its id. */
static inline unsigned fx_hold(const acs_policy *policy, acs_account *account,
                               int64_t time_ms, int level)
{
    acs_record record;
    acs_event event = fx_ev_hold(policy, time_ms, level);
    fx_apply_ok(policy, account, &event, &record);
    assert_true(record.hold_id != 0);
    acs_hold hold = fx_find_hold(account, record.hold_id);
    assert_int_equal(hold.level, level);
    assert_i64(hold.placed_ms, time_ms);
    return record.hold_id;
}

static inline void fx_lift(const acs_policy *policy, acs_account *account,
                           int64_t time_ms, unsigned hold_id)
{
    acs_event event = fx_ev_lift(time_ms, hold_id);
    fx_apply_ok(policy, account, &event, NULL);
    assert_false(fx_has_hold(account, hold_id));
}

/* Gives closure notice for reason; returns the window's end. */
static inline int64_t fx_notice(const acs_policy *policy, acs_account *account,
                                int64_t time_ms, int reason)
{
    acs_event event = fx_ev_notice(policy, time_ms, reason);
    fx_apply_ok(policy, account, &event, NULL);
    acs_account_info info = fx_info(account);
    assert_int_equal(info.lifecycle, ACS_LIFECYCLE_CLOSING);
    return info.window_end_ms;
}

static inline void fx_appeal(const acs_policy *policy, acs_account *account,
                             int64_t time_ms, unsigned target)
{
    acs_event event = fx_ev_appeal(time_ms, target);
    fx_apply_ok(policy, account, &event, NULL);
}

/* Closes an ACTIVE account at the customer's request, without funds. */
static inline void fx_close_by_user(const acs_policy *policy,
                                    acs_account *account, int64_t time_ms)
{
    acs_event event = fx_ev_close_by_user(time_ms, 0);
    fx_apply_ok(policy, account, &event, NULL);
    assert_int_equal(fx_status(account), ACS_STATUS_CLOSED);
}

/* Calls acs_advance with room for ACS_DEADLINES_MAX records and checks that
** it succeeds; returns how many were written. */
static inline unsigned fx_advance(const acs_policy *policy, acs_account *account,
                                  int64_t now_ms,
                                  acs_record records[ACS_DEADLINES_MAX],
                                  int64_t *next_deadline_ms)
{
    unsigned written = 999;
    int64_t next = -1;
    memset(records, FX_FILL, sizeof(acs_record) * ACS_DEADLINES_MAX);
    assert_code(acs_advance(policy, account, now_ms, records, ACS_DEADLINES_MAX,
                            &written, &next),
                ACS_OK);
    assert_true(written <= ACS_DEADLINES_MAX);
    if (next_deadline_ms != NULL) *next_deadline_ms = next;
    return written;
}

/* A policy that is not built: all zero. */
static inline void fx_unbuilt(acs_policy *policy)
{
    memset(policy, 0, sizeof *policy);
}

#endif /* ACS_TEST_FIXTURES_H */
