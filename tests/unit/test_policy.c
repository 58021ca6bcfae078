/*
** test_policy.c: building a policy from rules (policy.c) and the preset
** entry points.
**
** Each problem acs_policy_build reports is triggered by a copy of a preset's
** rules broken in exactly one place, for each of the three presets, and
** must leave the output policy exactly as it was (filled with 0xA5 before
** the call) while the problem names the rule and value at fault. The
** boundaries next to each problem must build.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "acctstate.h"
#include "support_a.h"

#define FILL 0xA5
#define NOT_ONE -1 /* problem->rule or ->index when not one rule or value */
#define ANY -2     /* this test does not pin the field */

static const int presets[] = {ACS_PRESET_DEFAULT, ACS_PRESET_CONSUMER,
                              ACS_PRESET_DISCRETIONARY};
#define PRESET_COUNT (sizeof presets / sizeof presets[0])

typedef void (*breaker)(acs_policy_rules *rules);

static acs_policy_rules copy_of(int preset)
{
    const acs_policy_rules *rules = acs_preset_rules(preset);
    assert_non_null(rules);
    return *rules;
}

/* Build rules into a policy filled with FILL; on failure the policy must
** still be all FILL. Returns the code; *problem gets the problem. */
static int build_checked(const acs_policy_rules *rules,
                         acs_policy_problem *problem)
{
    acs_policy policy, untouched;
    memset(&policy, FILL, sizeof policy);
    memset(&untouched, FILL, sizeof untouched);
    memset(problem, FILL, sizeof *problem);
    int rc = acs_policy_build(&policy, rules, problem);
    if (rc != ACS_OK) {
        assert_memory_equal(&policy, &untouched, sizeof policy);
        /* Without a problem out-pointer the answer is the same. */
        sa_assert_code(acs_policy_build(&policy, rules, NULL), rc);
        assert_memory_equal(&policy, &untouched, sizeof policy);
    } else {
        assert_memory_equal(&policy.rules, rules, sizeof *rules);
    }
    return rc;
}

/* Break a copy of every preset with brk and expect code, at rule and
** index (ANY: not pinned). */
static void expect_problem(breaker brk, int code, int rule, int index)
{
    for (size_t i = 0; i < PRESET_COUNT; i++) {
        acs_policy_rules rules = copy_of(presets[i]);
        brk(&rules);
        acs_policy_problem problem;
        int rc = build_checked(&rules, &problem);
        if (rc != code)
            print_error("preset %s\n", acs_preset_rules(presets[i])->name);
        sa_assert_code(rc, code);
        sa_assert_code(problem.code, code);
        if (rule != ANY) assert_int_equal(problem.rule, rule);
        if (index != ANY) assert_int_equal(problem.index, index);
    }
}

/* Break a copy of every preset with brk and expect it still to build. */
static void expect_builds(breaker brk)
{
    for (size_t i = 0; i < PRESET_COUNT; i++) {
        acs_policy_rules rules = copy_of(presets[i]);
        brk(&rules);
        acs_policy_problem problem;
        int rc = build_checked(&rules, &problem);
        if (rc != ACS_OK)
            print_error("preset %s, problem rule %d index %d\n",
                        acs_preset_rules(presets[i])->name, problem.rule,
                        problem.index);
        sa_assert_code(rc, ACS_OK);
        sa_assert_code(problem.code, ACS_OK);
    }
}

/* ---- The presets themselves. ---- */

static void test_every_preset_builds(void **state)
{
    (void)state;
    for (size_t i = 0; i < PRESET_COUNT; i++) {
        const acs_policy_rules *rules = acs_preset_rules(presets[i]);
        assert_non_null(rules);
        acs_policy_problem problem;
        sa_assert_code(build_checked(rules, &problem), ACS_OK);
        sa_assert_code(problem.code, ACS_OK);
    }
}

static void test_policy_preset_builds_each_preset(void **state)
{
    (void)state;
    const char *names[] = {"default", "consumer", "discretionary"};
    for (size_t i = 0; i < PRESET_COUNT; i++) {
        acs_policy policy;
        memset(&policy, FILL, sizeof policy);
        sa_assert_code(acs_policy_preset(&policy, presets[i]), ACS_OK);
        assert_memory_equal(&policy.rules, acs_preset_rules(presets[i]),
                            sizeof policy.rules);
        assert_string_equal(policy.rules.name, names[i]);
        /* The result is a usable policy. */
        acs_account account;
        acs_record record;
        sa_assert_code(acs_account_open(&account, 1, SA_T0, &policy, &record),
                       ACS_OK);
    }
}

static void test_policy_preset_unknown_values(void **state)
{
    (void)state;
    const int unknown[] = {0, 4, -1};
    for (size_t i = 0; i < 3; i++) {
        acs_policy policy, untouched;
        memset(&policy, FILL, sizeof policy);
        memset(&untouched, FILL, sizeof untouched);
        sa_assert_code(acs_policy_preset(&policy, unknown[i]), ACS_E_ENUM);
        assert_memory_equal(&policy, &untouched, sizeof policy);
        assert_null(acs_preset_rules(unknown[i]));
    }
}

static void test_policy_preset_null(void **state)
{
    (void)state;
    sa_assert_code(acs_policy_preset(NULL, ACS_PRESET_DEFAULT), ACS_E_NULL);
}

static void test_preset_rules_are_static_and_distinct(void **state)
{
    (void)state;
    for (size_t i = 0; i < PRESET_COUNT; i++) {
        assert_non_null(acs_preset_rules(presets[i]));
        /* Static data: the same pointer every time. */
        assert_ptr_equal(acs_preset_rules(presets[i]),
                         acs_preset_rules(presets[i]));
    }
    assert_ptr_not_equal(acs_preset_rules(ACS_PRESET_DEFAULT),
                         acs_preset_rules(ACS_PRESET_CONSUMER));
    assert_ptr_not_equal(acs_preset_rules(ACS_PRESET_CONSUMER),
                         acs_preset_rules(ACS_PRESET_DISCRETIONARY));
}

/* ---- Misuse. ---- */

static void test_build_null_arguments(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_DEFAULT);
    acs_policy policy;
    acs_policy_problem problem;
    sa_assert_code(acs_policy_build(NULL, &rules, &problem), ACS_E_NULL);
    sa_assert_code(acs_policy_build(NULL, &rules, NULL), ACS_E_NULL);

    acs_policy untouched;
    memset(&policy, FILL, sizeof policy);
    memset(&untouched, FILL, sizeof untouched);
    sa_assert_code(acs_policy_build(&policy, NULL, &problem), ACS_E_NULL);
    sa_assert_code(acs_policy_build(&policy, NULL, NULL), ACS_E_NULL);
    assert_memory_equal(&policy, &untouched, sizeof policy);
}

static void break_rule_reserved(acs_policy_rules *rules)
{
    rules->rules[ACS_RULE_HOLD_SUSPENDED].reserved = 1;
}

static void break_reserved_bytes(acs_policy_rules *rules)
{
    rules->reserved_bytes[0] = 0x80;
}

static void test_build_reserved_fields(void **state)
{
    (void)state;
    const breaker breakers[] = {break_rule_reserved, break_reserved_bytes};
    for (size_t b = 0; b < 2; b++)
        for (size_t i = 0; i < PRESET_COUNT; i++) {
            acs_policy_rules rules = copy_of(presets[i]);
            breakers[b](&rules);
            acs_policy_problem problem;
            sa_assert_code(build_checked(&rules, &problem), ACS_E_RESERVED);
        }
}

/* ---- ACS_P_NAME. ---- */

static void break_name_empty(acs_policy_rules *rules)
{
    memset(rules->name, 0, sizeof rules->name);
}

static void break_name_unterminated(acs_policy_rules *rules)
{
    memset(rules->name, 'x', sizeof rules->name);
}

static void name_longest(acs_policy_rules *rules)
{
    memset(rules->name, 'x', sizeof rules->name - 1);
    rules->name[sizeof rules->name - 1] = '\0';
}

static void test_name(void **state)
{
    (void)state;
    expect_problem(break_name_empty, ACS_P_NAME, NOT_ONE, ANY);
    expect_problem(break_name_unterminated, ACS_P_NAME, NOT_ONE, ANY);
    expect_builds(name_longest);
}

/* ---- ACS_P_MASK: a bit for a value that does not exist. ---- */

static void break_status_bit7(acs_policy_rules *rules)
{
    rules->rules[ACS_RULE_LIFT].from_statuses |= 1u << 7;
}

static void break_status_bit0(acs_policy_rules *rules)
{
    rules->rules[ACS_RULE_LIFT].from_statuses |= 1u << 0;
}

static void break_actor_role_bit7(acs_policy_rules *rules)
{
    rules->rules[ACS_RULE_RESCIND].actor_roles |= 1u << 7;
}

static void break_approver_role_bit0(acs_policy_rules *rules)
{
    rules->rules[ACS_RULE_NOTICE].approver_roles |=
        ACS_ROLE_BIT(ACS_ROLE_COMPLIANCE) | 1u << 0;
}

static void break_reason_bit12(acs_policy_rules *rules)
{
    rules->rules[ACS_RULE_DECIDE].reasons |= 1ull << 12;
}

static void break_reason_bit0(acs_policy_rules *rules)
{
    rules->rules[ACS_RULE_DECIDE].reasons |= 1ull << 0;
}

/* An unknown reason in both masks of one rule: a mask problem whichever
** mask is checked first. */
static void break_evidence_bit40(acs_policy_rules *rules)
{
    rules->rules[ACS_RULE_VERIFY].reasons |= 1ull << 40;
    rules->rules[ACS_RULE_VERIFY].reasons_evidence |= 1ull << 40;
}

static void break_never_valid_bit63(acs_policy_rules *rules)
{
    rules->reasons_never_valid |= 1ull << 63;
}

static void test_mask_unknown_bits(void **state)
{
    (void)state;
    expect_problem(break_status_bit7, ACS_P_MASK, ACS_RULE_LIFT, ANY);
    expect_problem(break_status_bit0, ACS_P_MASK, ACS_RULE_LIFT, ANY);
    expect_problem(break_actor_role_bit7, ACS_P_MASK, ACS_RULE_RESCIND, ANY);
    expect_problem(break_approver_role_bit0, ACS_P_MASK, ACS_RULE_NOTICE, ANY);
    expect_problem(break_reason_bit12, ACS_P_MASK, ACS_RULE_DECIDE, ANY);
    expect_problem(break_reason_bit0, ACS_P_MASK, ACS_RULE_DECIDE, ANY);
    expect_problem(break_evidence_bit40, ACS_P_MASK, ACS_RULE_VERIFY, ANY);
    expect_problem(break_never_valid_bit63, ACS_P_MASK, NOT_ONE, ANY);
}

/* The problem names the value at fault: for a mask, the unknown value
** whose bit is set. */
static void test_mask_names_the_unknown_value(void **state)
{
    (void)state;
    expect_problem(break_status_bit7, ACS_P_MASK, ACS_RULE_LIFT, 7);
    expect_problem(break_status_bit0, ACS_P_MASK, ACS_RULE_LIFT, 0);
    expect_problem(break_actor_role_bit7, ACS_P_MASK, ACS_RULE_RESCIND, 7);
    expect_problem(break_approver_role_bit0, ACS_P_MASK, ACS_RULE_NOTICE, 0);
    expect_problem(break_reason_bit12, ACS_P_MASK, ACS_RULE_DECIDE, 12);
    expect_problem(break_reason_bit0, ACS_P_MASK, ACS_RULE_DECIDE, 0);
    expect_problem(break_evidence_bit40, ACS_P_MASK, ACS_RULE_VERIFY, 40);
    expect_problem(break_never_valid_bit63, ACS_P_MASK, NOT_ONE, 63);
}

/* ---- ACS_P_REASON_CONFLICT and ACS_P_EVIDENCE_ORPHAN. ---- */

/* APPEAL_DISMISSED is valid in the DECIDE rule only, in every preset. */
static void break_conflict(acs_policy_rules *rules)
{
    rules->reasons_never_valid |= ACS_REASON_BIT(ACS_REASON_APPEAL_DISMISSED);
}

/* PUBLIC_CRITICISM is never valid in default and consumer; naming it valid
** for LIFT conflicts there, and in discretionary once it is named never
** valid. */
static void break_conflict_in_rule(acs_policy_rules *rules)
{
    rules->reasons_never_valid |= ACS_REASON_BIT(ACS_REASON_PUBLIC_CRITICISM);
    rules->rules[ACS_RULE_LIFT].reasons |=
        ACS_REASON_BIT(ACS_REASON_PUBLIC_CRITICISM);
    /* Keep the conflict in LIFT alone. */
    for (int r = 0; r < ACS_RULE_COUNT; r++) {
        if (r == ACS_RULE_LIFT) continue;
        rules->rules[r].reasons &= ~ACS_REASON_BIT(ACS_REASON_PUBLIC_CRITICISM);
        rules->rules[r].reasons_evidence &=
            ~ACS_REASON_BIT(ACS_REASON_PUBLIC_CRITICISM);
    }
}

/* Never valid and not valid anywhere is fine: that is its purpose. */
static void never_valid_unused(acs_policy_rules *rules)
{
    rules->reasons_never_valid |= ACS_REASON_BIT(ACS_REASON_INACTIVITY);
    for (int r = 0; r < ACS_RULE_COUNT; r++) {
        rules->rules[r].reasons &= ~ACS_REASON_BIT(ACS_REASON_INACTIVITY);
        rules->rules[r].reasons_evidence &= ~ACS_REASON_BIT(ACS_REASON_INACTIVITY);
    }
}

/* KYC_REFRESH is not a ground for VERIFY in any preset. */
static void break_orphan(acs_policy_rules *rules)
{
    rules->rules[ACS_RULE_VERIFY].reasons_evidence |=
        ACS_REASON_BIT(ACS_REASON_KYC_REFRESH);
}

static void evidence_for_a_valid_reason(acs_policy_rules *rules)
{
    rules->rules[ACS_RULE_VERIFY].reasons_evidence |=
        ACS_REASON_BIT(ACS_REASON_REQUIREMENT_MET);
}

static void test_reason_conflict(void **state)
{
    (void)state;
    expect_problem(break_conflict, ACS_P_REASON_CONFLICT, ACS_RULE_DECIDE,
                   ACS_REASON_APPEAL_DISMISSED);
    expect_problem(break_conflict_in_rule, ACS_P_REASON_CONFLICT, ACS_RULE_LIFT,
                   ACS_REASON_PUBLIC_CRITICISM);
    expect_builds(never_valid_unused);
}

static void test_evidence_orphan(void **state)
{
    (void)state;
    expect_problem(break_orphan, ACS_P_EVIDENCE_ORPHAN, ACS_RULE_VERIFY,
                   ACS_REASON_KYC_REFRESH);
    expect_builds(evidence_for_a_valid_reason);
}

/* ---- ACS_P_PERIOD. ---- */

static void break_review_default_negative(acs_policy_rules *rules)
{
    rules->review_default_ms[ACS_LEVEL_FROZEN] = -1;
}

static void break_review_max_negative(acs_policy_rules *rules)
{
    rules->review_max_ms[ACS_LEVEL_SUSPENDED] = -1;
}

static void break_review_max_too_large(acs_policy_rules *rules)
{
    rules->review_max_ms[ACS_LEVEL_WITHDRAWAL_ONLY] = ACS_TIME_MAX_MS + 1;
}

static void break_review_default_above_max(acs_policy_rules *rules)
{
    rules->review_default_ms[ACS_LEVEL_SUSPENDED] =
        rules->review_max_ms[ACS_LEVEL_SUSPENDED] + 1;
}

static void break_notice_negative(acs_policy_rules *rules)
{
    rules->notice_ms[ACS_REASON_COMMERCIAL_DECISION] = -1;
}

static void break_notice_too_large(acs_policy_rules *rules)
{
    rules->notice_ms[ACS_REASON_LEGAL_ORDER] = ACS_TIME_MAX_MS + 1;
}

static void break_window_extension_negative(acs_policy_rules *rules)
{
    rules->window_extension_max_ms = -1;
}

static void break_appeal_window_too_large(acs_policy_rules *rules)
{
    rules->appeal_window_ms = ACS_TIME_MAX_MS + 1;
}

static void break_appeal_answer_negative(acs_policy_rules *rules)
{
    rules->appeal_answer_ms = INT64_MIN;
}

static void periods_at_their_limits(acs_policy_rules *rules)
{
    for (int level = ACS_LEVEL_WITHDRAWAL_ONLY; level <= ACS_LEVEL_SUSPENDED;
         level++) {
        rules->review_max_ms[level] = ACS_TIME_MAX_MS;
        rules->review_default_ms[level] = ACS_TIME_MAX_MS;
    }
    rules->notice_ms[ACS_REASON_LEGAL_ORDER] = ACS_TIME_MAX_MS;
    rules->window_extension_max_ms = ACS_TIME_MAX_MS;
    rules->appeal_window_ms = ACS_TIME_MAX_MS;
    rules->appeal_answer_ms = ACS_TIME_MAX_MS;
}

static void review_default_equal_to_max(acs_policy_rules *rules)
{
    rules->review_default_ms[ACS_LEVEL_FROZEN] =
        rules->review_max_ms[ACS_LEVEL_FROZEN];
}

static void test_period(void **state)
{
    (void)state;
    expect_problem(break_review_default_negative, ACS_P_PERIOD, NOT_ONE,
                   ACS_LEVEL_FROZEN);
    expect_problem(break_review_max_negative, ACS_P_PERIOD, NOT_ONE,
                   ACS_LEVEL_SUSPENDED);
    expect_problem(break_review_max_too_large, ACS_P_PERIOD, NOT_ONE,
                   ACS_LEVEL_WITHDRAWAL_ONLY);
    expect_problem(break_review_default_above_max, ACS_P_PERIOD, NOT_ONE,
                   ACS_LEVEL_SUSPENDED);
    expect_problem(break_notice_negative, ACS_P_PERIOD, NOT_ONE,
                   ACS_REASON_COMMERCIAL_DECISION);
    expect_problem(break_notice_too_large, ACS_P_PERIOD, NOT_ONE,
                   ACS_REASON_LEGAL_ORDER);
    expect_problem(break_window_extension_negative, ACS_P_PERIOD, NOT_ONE, ANY);
    expect_problem(break_appeal_window_too_large, ACS_P_PERIOD, NOT_ONE, ANY);
    expect_problem(break_appeal_answer_negative, ACS_P_PERIOD, NOT_ONE, ANY);
    expect_builds(periods_at_their_limits);
    expect_builds(review_default_equal_to_max);
}

/* ---- ACS_P_NO_ROLE, ACS_P_NO_REASON, ACS_P_FROM_CLOSED. ---- */

static void break_no_role(acs_policy_rules *rules)
{
    rules->rules[ACS_RULE_LIFT].actor_roles = 0;
}

static void break_no_reason(acs_policy_rules *rules)
{
    rules->rules[ACS_RULE_EXTEND].reasons = 0;
    rules->rules[ACS_RULE_EXTEND].reasons_evidence = 0;
}

static void break_from_closed(acs_policy_rules *rules)
{
    rules->rules[ACS_RULE_CLOSE].from_statuses |=
        ACS_STATUS_BIT(ACS_STATUS_CLOSED);
}

/* A rule permitted from no status permits nothing and needs neither roles
** nor reasons. */
static void rule_switched_off(acs_policy_rules *rules)
{
    memset(&rules->rules[ACS_RULE_RESCIND], 0, sizeof rules->rules[0]);
}

static void test_no_role_no_reason_from_closed(void **state)
{
    (void)state;
    expect_problem(break_no_role, ACS_P_NO_ROLE, ACS_RULE_LIFT, ANY);
    expect_problem(break_no_reason, ACS_P_NO_REASON, ACS_RULE_EXTEND, ANY);
    expect_problem(break_from_closed, ACS_P_FROM_CLOSED, ACS_RULE_CLOSE,
                   ACS_STATUS_CLOSED);
    expect_builds(rule_switched_off);
}

/* ---- ACS_P_APPEAL_PERIOD. ---- */

static void break_appeal_answer_zero(acs_policy_rules *rules)
{
    rules->appeal_answer_ms = 0;
}

static void appeals_off_answer_zero(acs_policy_rules *rules)
{
    memset(&rules->rules[ACS_RULE_APPEAL], 0, sizeof rules->rules[0]);
    rules->appeal_answer_ms = 0;
}

static void appeal_answer_one_ms(acs_policy_rules *rules)
{
    rules->appeal_answer_ms = 1;
}

static void test_appeal_period(void **state)
{
    (void)state;
    expect_problem(break_appeal_answer_zero, ACS_P_APPEAL_PERIOD,
                   ACS_RULE_APPEAL, ANY);
    expect_builds(appeals_off_answer_zero);
    expect_builds(appeal_answer_one_ms);
}

/* ---- ACS_P_CAPABILITY and ACS_P_FLAGS. ---- */

static void break_closed_capability(acs_policy_rules *rules)
{
    rules->capabilities[ACS_STATUS_CLOSED] = ACS_CAP_LOGIN;
}

static void break_capability_bit5(acs_policy_rules *rules)
{
    rules->capabilities[ACS_STATUS_ACTIVE] |= 1u << 5;
}

static void break_capability_bit7(acs_policy_rules *rules)
{
    rules->capabilities[ACS_STATUS_FROZEN] |= 1u << 7;
}

/* A policy may widen a status: a frozen or suspended customer who may
** still withdraw. */
static void frozen_may_withdraw(acs_policy_rules *rules)
{
    rules->capabilities[ACS_STATUS_FROZEN] = ACS_CAP_LOGIN | ACS_CAP_WITHDRAW;
}

static void suspended_may_withdraw(acs_policy_rules *rules)
{
    rules->capabilities[ACS_STATUS_SUSPENDED] = ACS_CAP_WITHDRAW;
}

static void every_open_status_has_all(acs_policy_rules *rules)
{
    for (int status = ACS_STATUS_ACTIVE; status < ACS_STATUS_CLOSED; status++)
        rules->capabilities[status] = ACS_CAP_ALL;
}

static void break_flags(acs_policy_rules *rules)
{
    rules->flags |= ACS_POLICY_FLAGS_ALL + 1;
}

static void break_flags_top(acs_policy_rules *rules)
{
    rules->flags |= 0x80000000u;
}

static void all_flags(acs_policy_rules *rules)
{
    rules->flags = ACS_POLICY_FLAGS_ALL;
}

static void test_capability(void **state)
{
    (void)state;
    expect_problem(break_closed_capability, ACS_P_CAPABILITY, NOT_ONE,
                   ACS_STATUS_CLOSED);
    expect_problem(break_capability_bit5, ACS_P_CAPABILITY, NOT_ONE,
                   ACS_STATUS_ACTIVE);
    expect_problem(break_capability_bit7, ACS_P_CAPABILITY, NOT_ONE,
                   ACS_STATUS_FROZEN);
    expect_builds(frozen_may_withdraw);
    expect_builds(suspended_may_withdraw);
    expect_builds(every_open_status_has_all);
}

static void test_flags(void **state)
{
    (void)state;
    expect_problem(break_flags, ACS_P_FLAGS, NOT_ONE, ANY);
    expect_problem(break_flags_top, ACS_P_FLAGS, NOT_ONE, ANY);
    expect_builds(all_flags);
}

/* ---- Success. ---- */

static void test_success_sets_problem_ok(void **state)
{
    (void)state;
    acs_policy_rules rules;
    sa_setup_rules(&rules);
    acs_policy policy;
    acs_policy_problem problem;
    memset(&problem, FILL, sizeof problem);
    sa_assert_code(acs_policy_build(&policy, &rules, &problem), ACS_OK);
    sa_assert_code(problem.code, ACS_OK);
    assert_memory_equal(&policy.rules, &rules, sizeof rules);

    /* The input is not changed by building. */
    acs_policy_rules again;
    sa_setup_rules(&again);
    assert_memory_equal(&again, &rules, sizeof rules);
}

/* A policy not built by acs_policy_build is refused where it is used. */
static void test_unbuilt_policy_is_refused(void **state)
{
    (void)state;
    acs_policy policy;
    memset(&policy, 0, sizeof policy);
    policy.rules = copy_of(ACS_PRESET_DEFAULT);
    acs_account account;
    acs_record record;
    sa_assert_code(acs_account_open(&account, 1, SA_T0, &policy, &record),
                   ACS_E_POLICY_UNBUILT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_preset_builds),
        cmocka_unit_test(test_policy_preset_builds_each_preset),
        cmocka_unit_test(test_policy_preset_unknown_values),
        cmocka_unit_test(test_policy_preset_null),
        cmocka_unit_test(test_preset_rules_are_static_and_distinct),
        cmocka_unit_test(test_build_null_arguments),
        cmocka_unit_test(test_build_reserved_fields),
        cmocka_unit_test(test_name),
        cmocka_unit_test(test_mask_unknown_bits),
        cmocka_unit_test(test_mask_names_the_unknown_value),
        cmocka_unit_test(test_reason_conflict),
        cmocka_unit_test(test_evidence_orphan),
        cmocka_unit_test(test_period),
        cmocka_unit_test(test_no_role_no_reason_from_closed),
        cmocka_unit_test(test_appeal_period),
        cmocka_unit_test(test_capability),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_success_sets_problem_ok),
        cmocka_unit_test(test_unbuilt_policy_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
