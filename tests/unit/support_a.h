/*
** support_a.h: helpers shared by the unit tests of the policy, the presets,
** the rule check and the explanations.
**
** Header only: every helper is static inline, so a test file that does not
** use one pays nothing for it. Include it after cmocka.h.
**
** The helpers bring an account into a given status through the public API
** only, under a permissive "setup" policy of their own, so that the policy
** under test decides nothing but the event the test is about. Every step
** asserts that it succeeded, so a broken fixture fails loudly instead of
** making a later assertion pass by accident.
*/
#ifndef ACS_TEST_SUPPORT_A_H
#define ACS_TEST_SUPPORT_A_H

#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "acctstate.h"

#define SA_HOUR_MS ((int64_t)3600 * 1000)
#define SA_DAY_MS (24 * SA_HOUR_MS)

/* The fixture's clock: the account opens at SA_T0, is verified an hour
** later, gets its notice and its hold in the second hour, its appeal in the
** third, and the event under test happens in the fourth. Every deadline the
** fixture sets lies days later, so none is due at SA_T_EVENT. */
#define SA_T0 ((int64_t)1700000000000)
#define SA_T_VERIFY (SA_T0 + SA_HOUR_MS)
#define SA_T_NOTICE (SA_T0 + 2 * SA_HOUR_MS)
#define SA_T_HOLD (SA_T0 + 2 * SA_HOUR_MS + 60 * 1000)
#define SA_T_APPEAL (SA_T0 + 3 * SA_HOUR_MS)
#define SA_T_EVENT (SA_T0 + 4 * SA_HOUR_MS)

#define SA_ACCOUNT_ID 0x5eed0001u
#define SA_ACTOR_ID 100u
#define SA_APPROVER_ID 200u
#define SA_CUSTOMER_ID 300u

/* The review period the setup policy gives every hold. */
#define SA_SETUP_REVIEW_DAYS 10
#define SA_SETUP_REVIEW_MS (SA_SETUP_REVIEW_DAYS * SA_DAY_MS)

#define SA_GROUNDS_MASK 0x0ffeull                 /* reasons 1..11 */
#define SA_OUTCOMES_MASK (0x7full << 32)          /* reasons 32..38 */
#define SA_ALL_ROLES 0x7eu                        /* roles 1..6 */
#define SA_NOT_CLOSED 0x3eu                       /* statuses 1..5 */
#define SA_RESTRICTED                                                        \
    (ACS_STATUS_BIT(ACS_STATUS_WITHDRAWAL_ONLY) |                            \
     ACS_STATUS_BIT(ACS_STATUS_FROZEN) | ACS_STATUS_BIT(ACS_STATUS_SUSPENDED))

/* A policy period of count calendar days, and of count hours. */
static inline acs_period sa_days(uint32_t count)
{
    return (acs_period){count, ACS_UNIT_DAYS};
}

static inline acs_period sa_hours(uint32_t count)
{
    return (acs_period){count, ACS_UNIT_HOURS};
}

/* The length of a period in hours or days. A business-day period has no
** fixed length, so a test that asks for one is wrong and fails. */
static inline int64_t sa_period_ms(acs_period period)
{
    switch (period.unit) {
    case ACS_UNIT_NONE: return 0;
    case ACS_UNIT_HOURS: return (int64_t)period.count * SA_HOUR_MS;
    case ACS_UNIT_DAYS: return (int64_t)period.count * SA_DAY_MS;
    default: fail_msg("period unit %u has no fixed length", (unsigned)period.unit);
    }
    return -1;
}

/* Fails the test with both codes named when got differs from want. */
#define sa_assert_code(got, want) \
    sa_assert_code_at((int)(got), (int)(want), __FILE__, __LINE__)

static inline const char *sa_code_label(int code)
{
    const char *name = acs_code_name(code);
    return name != NULL ? name : "?";
}

static inline void sa_assert_code_at(int got, int want, const char *file,
                                     int line)
{
    if (got == want) return;
    print_error("%s:%d: got %d (%s), want %d (%s)\n", file, line, got,
                sa_code_label(got), want, sa_code_label(want));
    _fail(file, line);
}

/* A zeroed event with the fields every kind uses. */
static inline acs_event sa_event(int kind, int64_t time_ms, int actor_role,
                                 int reason)
{
    acs_event event;
    memset(&event, 0, sizeof event);
    event.kind = (uint8_t)kind;
    event.time_ms = time_ms;
    event.actor_id = SA_ACTOR_ID;
    event.actor_role = (uint8_t)actor_role;
    event.reason = (uint8_t)reason;
    return event;
}

static inline void sa_set_evidence(acs_event *event, uint8_t byte)
{
    memset(event->evidence, byte, sizeof event->evidence);
}

static inline void sa_set_approver(acs_event *event, int role, uint64_t id)
{
    event->approver_role = (uint8_t)role;
    event->approver_id = id;
}

/* The lowest role in a role mask, 0 when the mask is empty. */
static inline int sa_lowest_role(uint32_t roles)
{
    for (int role = ACS_ROLE_USER; role <= ACS_ROLE_SYSTEM; role++)
        if (roles & ACS_ROLE_BIT(role)) return role;
    return 0;
}

/* The permissive policy the fixtures are built under: every role may do
** everything from every status the event makes sense in, for any reason of
** the right family, without evidence or a second approver; every hold gets
** a review deadline SA_SETUP_REVIEW_MS after placement. */
static inline void sa_setup_rules(acs_policy_rules *rules)
{
    const uint32_t active_or_restricted =
        ACS_STATUS_BIT(ACS_STATUS_ACTIVE) | SA_RESTRICTED;
    memset(rules, 0, sizeof *rules);
    strcpy(rules->name, "setup");
    rules->rules[ACS_RULE_VERIFY] = (acs_rule){
        ACS_STATUS_BIT(ACS_STATUS_PENDING), SA_ALL_ROLES, 0, 0,
        ACS_REASON_BIT(ACS_REASON_REQUIREMENT_MET), 0};
    for (int rule = ACS_RULE_HOLD_WITHDRAWAL_ONLY;
         rule <= ACS_RULE_HOLD_SUSPENDED; rule++)
        rules->rules[rule] =
            (acs_rule){SA_NOT_CLOSED, SA_ALL_ROLES, 0, 0, SA_GROUNDS_MASK, 0};
    rules->rules[ACS_RULE_LIFT] =
        (acs_rule){SA_RESTRICTED, SA_ALL_ROLES, 0, 0, SA_OUTCOMES_MASK, 0};
    rules->rules[ACS_RULE_EXTEND] =
        (acs_rule){SA_RESTRICTED, SA_ALL_ROLES, 0, 0, SA_GROUNDS_MASK, 0};
    rules->rules[ACS_RULE_NOTICE] = (acs_rule){
        active_or_restricted, SA_ALL_ROLES, 0, 0, SA_GROUNDS_MASK, 0};
    rules->rules[ACS_RULE_RESCIND] =
        (acs_rule){SA_RESTRICTED, SA_ALL_ROLES, 0, 0, SA_OUTCOMES_MASK, 0};
    rules->rules[ACS_RULE_CLOSE] = (acs_rule){
        active_or_restricted, SA_ALL_ROLES, 0, 0, SA_GROUNDS_MASK, 0};
    rules->rules[ACS_RULE_APPEAL] =
        (acs_rule){SA_RESTRICTED, SA_ALL_ROLES, 0, 0, SA_GROUNDS_MASK, 0};
    rules->rules[ACS_RULE_DECIDE] =
        (acs_rule){SA_RESTRICTED, SA_ALL_ROLES, 0, 0, SA_OUTCOMES_MASK, 0};
    for (int level = ACS_LEVEL_WITHDRAWAL_ONLY; level <= ACS_LEVEL_SUSPENDED;
         level++) {
        rules->review_default[level] = sa_days(SA_SETUP_REVIEW_DAYS);
        rules->review_max[level] = sa_days(365);
    }
    for (int reason = ACS_REASON_SECURITY_COMPROMISE;
         reason <= ACS_REASON_PUBLIC_CRITICISM; reason++)
        rules->notice[reason] = sa_days(30);
    rules->window_extension_max = sa_days(30);
    rules->appeal_window = sa_days(30);
    rules->appeal_answer = sa_days(30);
    rules->capabilities[ACS_STATUS_ACTIVE] = ACS_CAP_ALL;
    rules->capabilities[ACS_STATUS_PENDING] = ACS_CAP_LOGIN;
    rules->capabilities[ACS_STATUS_WITHDRAWAL_ONLY] =
        ACS_CAP_LOGIN | ACS_CAP_WITHDRAW;
    rules->capabilities[ACS_STATUS_FROZEN] = ACS_CAP_LOGIN;
}

static inline void sa_setup_policy(acs_policy *policy)
{
    acs_policy_rules rules;
    sa_setup_rules(&rules);
    sa_assert_code(acs_policy_build(policy, &rules, NULL), ACS_OK);
}

static inline void sa_preset(acs_policy *policy, int preset)
{
    sa_assert_code(acs_policy_preset(policy, preset), ACS_OK);
}

static inline void sa_apply_ok(const acs_policy *policy, acs_account *account,
                               const acs_event *event)
{
    acs_record record;
    sa_assert_code(acs_apply(policy, account, event, &record, NULL), ACS_OK);
}

static inline int sa_status(const acs_account *account)
{
    int status = 0;
    sa_assert_code(acs_account_status(account, &status), ACS_OK);
    return status;
}

static inline void sa_open(const acs_policy *policy, acs_account *account)
{
    acs_record record;
    sa_assert_code(
        acs_account_open(account, SA_ACCOUNT_ID, SA_T0, policy, &record),
        ACS_OK);
}

static inline void sa_verify(const acs_policy *policy, acs_account *account)
{
    acs_event event = sa_event(ACS_EVENT_VERIFY, SA_T_VERIFY,
                               ACS_ROLE_SUPPORT, ACS_REASON_REQUIREMENT_MET);
    sa_apply_ok(policy, account, &event);
}

static inline void sa_hold(const acs_policy *policy, acs_account *account,
                           int level, int64_t time_ms)
{
    acs_event event = sa_event(ACS_EVENT_HOLD, time_ms, ACS_ROLE_COMPLIANCE,
                               ACS_REASON_SUSPICIOUS_ACTIVITY);
    event.level = (uint8_t)level;
    sa_apply_ok(policy, account, &event);
}

static inline void sa_notice(const acs_policy *policy, acs_account *account,
                             int64_t time_ms)
{
    acs_event event = sa_event(ACS_EVENT_NOTICE, time_ms, ACS_ROLE_MANAGEMENT,
                               ACS_REASON_COMMERCIAL_DECISION);
    sa_apply_ok(policy, account, &event);
}

static inline void sa_appeal(const acs_policy *policy, acs_account *account,
                             unsigned hold_id, int64_t time_ms)
{
    acs_event event = sa_event(ACS_EVENT_APPEAL, time_ms, ACS_ROLE_USER,
                               ACS_REASON_USER_REQUEST);
    event.actor_id = SA_CUSTOMER_ID;
    event.hold_id = (uint16_t)hold_id;
    sa_apply_ok(policy, account, &event);
}

static inline void sa_close_on_request(const acs_policy *policy,
                                       acs_account *account, int64_t time_ms)
{
    acs_event event = sa_event(ACS_EVENT_CLOSE, time_ms, ACS_ROLE_USER,
                               ACS_REASON_USER_REQUEST);
    event.actor_id = SA_CUSTOMER_ID;
    sa_apply_ok(policy, account, &event);
}

/* The id of the account's first hold, 0 when it has none. */
static inline unsigned sa_first_hold(const acs_account *account,
                                     acs_hold *hold)
{
    acs_hold local;
    if (hold == NULL) hold = &local;
    memset(hold, 0, sizeof *hold);
    acs_account_info info;
    sa_assert_code(acs_account_info_get(account, &info), ACS_OK);
    if (info.hold_count == 0) return 0;
    sa_assert_code(acs_account_hold(account, 0, hold), ACS_OK);
    return hold->id;
}

/* What the fixture adds on top of the status. */
#define SA_WITH_NOTICE 0x1u /* closure notice given (lifecycle CLOSING) */
#define SA_WITH_APPEAL 0x2u /* the first hold has been appealed */

/* Bring *account, opened under setup, into status. A restricted status is
** reached with one hold of the matching level, except WITHDRAWAL_ONLY with
** SA_WITH_NOTICE, which is reached by the notice alone. CLOSED is reached by
** the customer closing a verified account that holds no funds. Returns the
** id of the account's hold, 0 when it has none. */
static inline unsigned sa_account_in(const acs_policy *setup,
                                     acs_account *account, int status,
                                     unsigned extras)
{
    sa_open(setup, account);
    if (status != ACS_STATUS_PENDING) sa_verify(setup, account);
    if (status == ACS_STATUS_CLOSED) {
        sa_close_on_request(setup, account, SA_T_NOTICE);
    } else if (status >= ACS_STATUS_WITHDRAWAL_ONLY) {
        if (extras & SA_WITH_NOTICE) sa_notice(setup, account, SA_T_NOTICE);
        if (!(status == ACS_STATUS_WITHDRAWAL_ONLY && (extras & SA_WITH_NOTICE)))
            sa_hold(setup, account, status - 2, SA_T_HOLD);
    }
    unsigned hold_id = sa_first_hold(account, NULL);
    if ((extras & SA_WITH_APPEAL) && hold_id != 0)
        sa_appeal(setup, account, hold_id, SA_T_APPEAL);
    assert_int_equal(sa_status(account), status);
    return hold_id;
}

#endif /* ACS_TEST_SUPPORT_A_H */
