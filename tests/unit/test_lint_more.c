/*
** test_lint_more.c: more unit tests of src/lint.c, for the sentences of
** rules that do not build and the edges test_lint.c leaves: an invalid
** notice period, a period problem named by its index, a suspension rule
** with no actor at all, and options that name every ground never valid.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "acctstate.h"

#define ROOM 128
#define GROUNDS 0xffeull /* every ground: reasons 1 .. 11 */

static acs_policy_rules copy_of(int preset)
{
    const acs_policy_rules *rules = acs_preset_rules(preset);
    assert_non_null(rules);
    return *rules;
}

typedef struct lint_result {
    acs_finding found[ROOM];
    size_t count;
} lint_result;

static void lint(const acs_policy_rules *rules, const acs_lint_options *options,
                 lint_result *out)
{
    memset(out, 0, sizeof *out);
    assert_int_equal(acs_policy_lint(rules, options, out->found, ROOM, &out->count), ACS_OK);
    assert_true(out->count < ROOM);
}

/* The message of the finding with code, rule and index; fails if none. */
static const char *message_of(const lint_result *result, int code, int rule, int index)
{
    for (size_t i = 0; i < result->count; i++) {
        const acs_finding *f = &result->found[i];
        if (f->code == code && f->rule == rule && f->index == index) return f->message;
    }
    for (size_t i = 0; i < result->count; i++)
        print_error("  %s rule %d index %d: %s\n", acs_lint_name(result->found[i].code),
                    (int)result->found[i].rule, (int)result->found[i].index,
                    result->found[i].message);
    fail_msg("no finding %s rule %d index %d", acs_lint_name(code), rule, index);
    return "";
}

static bool fires(const lint_result *result, int code)
{
    for (size_t i = 0; i < result->count; i++) {
        if (result->found[i].code == code) return true;
    }
    return false;
}

/* A notice period with an unknown unit or a count of 0 does not build, is
** named by the reason's index, and is short notice: no valid period of
** notice at all. */
static void test_invalid_notice_period(void **state)
{
    (void)state;
    static const acs_period bad[] = {
        {5, 9}, {0, ACS_UNIT_DAYS}, {ACS_PERIOD_COUNT_MAX + 1, ACS_UNIT_HOURS}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER);
        rules.notice[ACS_REASON_INACTIVITY] = bad[i];
        lint_result result;
        lint(&rules, NULL, &result);
        assert_int_equal(result.count, 2);
        assert_string_equal(message_of(&result, ACS_LINT_INVALID, -1, ACS_REASON_INACTIVITY),
                            "The rules do not build: a period's unit or count is invalid, or "
                            "default > maximum (P_PERIOD, index 8).");
        assert_string_equal(
            message_of(&result, ACS_LINT_SHORT_NOTICE, ACS_RULE_NOTICE, ACS_REASON_INACTIVITY),
            "A closure for INACTIVITY gives an invalid period of notice, less than the 60 days "
            "a no-fault closure should give.");
    }
}

/* A review default longer than its maximum: the index is the level. */
static void test_review_problem_index(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER);
    rules.review_default[ACS_LEVEL_FROZEN] = rules.review_max[ACS_LEVEL_FROZEN];
    rules.review_default[ACS_LEVEL_FROZEN].count += 1;
    lint_result result;
    lint(&rules, NULL, &result);
    assert_int_equal(result.count, 1);
    assert_string_equal(message_of(&result, ACS_LINT_INVALID, -1, ACS_LEVEL_FROZEN),
                        "The rules do not build: a period's unit or count is invalid, or "
                        "default > maximum (P_PERIOD, index 2).");
}

/* A suspension rule that is permitted but names no known actor: there is
** no one to list, and the sentence ends after "approver". */
static void test_no_approver_and_no_actor(void **state)
{
    (void)state;
    static const uint32_t actors[] = {0, 0x80u};
    for (size_t i = 0; i < sizeof actors / sizeof actors[0]; i++) {
        acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER);
        rules.rules[ACS_RULE_HOLD_SUSPENDED].approver_roles = 0;
        rules.rules[ACS_RULE_HOLD_SUSPENDED].actor_roles = actors[i];
        lint_result result;
        lint(&rules, NULL, &result);
        assert_true(fires(&result, ACS_LINT_INVALID));
        assert_string_equal(
            message_of(&result, ACS_LINT_NO_APPROVER, ACS_RULE_HOLD_SUSPENDED, -1),
            "Rule HOLD_SUSPENDED needs no second approver.");
    }
}

/* ANY_REASON is about grounds a rule could cite; when the options name
** every ground never valid there is none left, and it does not fire. */
static void test_any_reason_with_every_ground_never_valid(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_DISCRETIONARY);
    lint_result result;
    lint(&rules, NULL, &result);
    assert_true(fires(&result, ACS_LINT_ANY_REASON));
    acs_lint_options options = {0, GROUNDS};
    lint(&rules, &options, &result);
    assert_false(fires(&result, ACS_LINT_ANY_REASON));
    assert_true(fires(&result, ACS_LINT_NEVER_VALID_REASON));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invalid_notice_period),
        cmocka_unit_test(test_review_problem_index),
        cmocka_unit_test(test_no_approver_and_no_actor),
        cmocka_unit_test(test_any_reason_with_every_ground_never_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
