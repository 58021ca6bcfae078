/*
** test_lint.c: unit tests of src/lint.c, the policy linter.
**
** The three presets are linted and their findings compared with lists
** written out here: the consumer and default presets give none, the
** discretionary preset gives the findings that describe the December 2022 case.
** Then every lint code is made to fire by editing a copy of a preset in
** one place (or by rules written here), and shown not to fire at the
** boundary next to it: 60 days of notice against 59 days 23 hours, a
** second approver against none, and so on. The rest covers the options
** (zero means the defaults), the capacity and the count, misuse, and the
** names of codes and severities.
**
** Every lint run goes through lint_checked, which also checks what holds
** for every finding: known code, the severity the code has, strictly
** increasing (code, rule, index), a full sentence that fits its field, and
** the same count when asked with no room.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdbool.h>
#include <string.h>

#include "acctstate.h"

#define FILL 0xA5
#define ROOM 128 /* more findings than any test produces */
#define HOUR_MS ((int64_t)3600 * 1000)
#define DAY_MS (24 * HOUR_MS)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define S(x) ACS_STATUS_BIT(ACS_STATUS_##x)
#define G(x) ACS_REASON_BIT(ACS_REASON_##x)
#define GROUNDS 0xffeull /* every ground: reasons 1 .. 11 */

typedef struct expected_finding {
    int code;
    int severity;
    int rule;
    int index;
} expected_finding;

#define E(code, severity, rule, index) \
    {ACS_LINT_##code, ACS_SEVERITY_##severity, (rule), (index)}

static acs_policy_rules copy_of(int preset)
{
    const acs_policy_rules *rules = acs_preset_rules(preset);
    assert_non_null(rules);
    return *rules;
}

static acs_period period(uint32_t count, uint32_t unit)
{
    acs_period p = {count, unit};
    return p;
}

static int expected_severity(const acs_finding *finding)
{
    static const int severities[] = {
        [ACS_LINT_INVALID] = ACS_SEVERITY_ERROR,
        [ACS_LINT_TRAP_STATUS] = ACS_SEVERITY_ERROR,
        [ACS_LINT_ANY_REASON] = ACS_SEVERITY_WARNING,
        [ACS_LINT_NEVER_VALID_REASON] = ACS_SEVERITY_ERROR,
        [ACS_LINT_NO_REVIEW] = ACS_SEVERITY_WARNING,
        [ACS_LINT_SHORT_NOTICE] = ACS_SEVERITY_WARNING,
        [ACS_LINT_NO_EVIDENCE] = ACS_SEVERITY_WARNING,
        [ACS_LINT_NO_APPROVER] = ACS_SEVERITY_WARNING,
        [ACS_LINT_UNREACHABLE_STATUS] = ACS_SEVERITY_WARNING,
        [ACS_LINT_UNREACHABLE_EVENT] = ACS_SEVERITY_WARNING,
        [ACS_LINT_NEVER_PERMITTED] = ACS_SEVERITY_INFO,
        [ACS_LINT_NO_APPEAL_ANSWER] = ACS_SEVERITY_ERROR,
        [ACS_LINT_CRITICISM_ALLOWED] = ACS_SEVERITY_WARNING,
    };
    if (finding->code == ACS_LINT_NO_REVIEW && finding->index == ACS_LEVEL_WITHDRAWAL_ONLY)
        return ACS_SEVERITY_INFO;
    return severities[finding->code];
}

static int key_compare(const acs_finding *a, const acs_finding *b)
{
    if (a->code != b->code) return a->code < b->code ? -1 : 1;
    if (a->rule != b->rule) return a->rule < b->rule ? -1 : 1;
    if (a->index != b->index) return a->index < b->index ? -1 : 1;
    return 0;
}

/* What holds for every finding of every run. */
static void check_finding(const acs_finding *finding)
{
    assert_in_range(finding->code, ACS_LINT_INVALID, ACS_LINT_CODE_MAX);
    assert_int_equal(finding->severity, expected_severity(finding));
    assert_in_range(finding->rule + 1, 0, ACS_RULE_COUNT);
    assert_true(finding->index >= -1 && finding->index < 64);
    const char *end = memchr(finding->message, '\0', ACS_MESSAGE_MAX);
    assert_non_null(end);
    size_t length = (size_t)(end - finding->message);
    assert_true(length > 10);
    /* A full sentence, never cut: a capital first and a full stop last. */
    assert_true(finding->message[0] >= 'A' && finding->message[0] <= 'Z');
    assert_int_equal(finding->message[length - 1], '.');
    /* Every value is named; only a policy problem's own sentence may speak
    ** of unknown values. */
    if (finding->code != ACS_LINT_INVALID) assert_null(strstr(finding->message, "unknown"));
}

/* Lint into out (ROOM findings) and check every finding; returns the
** count. */
static size_t lint_checked(const acs_policy_rules *rules, const acs_lint_options *options,
                           acs_finding out[ROOM])
{
    size_t count = 0;
    memset(out, FILL, ROOM * sizeof(acs_finding));
    assert_int_equal(acs_policy_lint(rules, options, out, ROOM, &count), ACS_OK);
    assert_true(count < ROOM);
    for (size_t i = 0; i < count; i++) {
        check_finding(&out[i]);
        if (i > 0) assert_true(key_compare(&out[i - 1], &out[i]) < 0);
    }
    size_t again = SIZE_MAX;
    assert_int_equal(acs_policy_lint(rules, options, NULL, 0, &again), ACS_OK);
    assert_int_equal(again, count);
    return count;
}

static void print_findings(const acs_finding *found, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        print_error("  %s %s rule %d index %d: %s\n", acs_lint_name(found[i].code),
                    acs_severity_name(found[i].severity), (int)found[i].rule,
                    (int)found[i].index, found[i].message);
    }
}

static void check_list(const acs_policy_rules *rules, const acs_lint_options *options,
                       const expected_finding *expected, size_t expected_count,
                       const char *file, int line)
{
    acs_finding found[ROOM];
    size_t count = lint_checked(rules, options, found);
    bool same = count == expected_count;
    for (size_t i = 0; same && i < count; i++) {
        same = found[i].code == expected[i].code && found[i].severity == expected[i].severity &&
               found[i].rule == expected[i].rule && found[i].index == expected[i].index;
    }
    if (!same) {
        print_error("%zu findings, expected %zu:\n", count, expected_count);
        print_findings(found, count);
        _fail(file, line);
    }
}

#define expect_findings(rules, options, ...)                                          \
    do {                                                                              \
        static const expected_finding expected_[] = {__VA_ARGS__};                    \
        check_list((rules), (options), expected_, COUNT(expected_), __FILE__, __LINE__); \
    } while (0)
#define expect_none(rules, options) check_list((rules), (options), NULL, 0, __FILE__, __LINE__)

/* The message of the only finding with code, rule and index. */
static const char *message_of(const acs_policy_rules *rules, const acs_lint_options *options,
                              int code, int rule, int index)
{
    static acs_finding found[ROOM];
    size_t count = lint_checked(rules, options, found);
    for (size_t i = 0; i < count; i++) {
        if (found[i].code == code && found[i].rule == rule && found[i].index == index)
            return found[i].message;
    }
    fail_msg("no finding %s rule %d index %d", acs_lint_name(code), rule, index);
    return "";
}

#define assert_message_has(message, text) \
    do {                                   \
        const char *m_ = (message);        \
        if (strstr(m_, (text)) == NULL) fail_msg("\"%s\" does not say \"%s\"", m_, (text)); \
    } while (0)

/* Whether any finding has code. */
static bool fires(const acs_policy_rules *rules, const acs_lint_options *options, int code)
{
    acs_finding found[ROOM];
    size_t count = lint_checked(rules, options, found);
    for (size_t i = 0; i < count; i++) {
        if (found[i].code == code) return true;
    }
    return false;
}

/* Rules written here: verification from PENDING and a security freeze from
** ACTIVE, every other rule permits nothing. */
static acs_policy_rules minimal_rules(void)
{
    acs_policy_rules rules;
    memset(&rules, 0, sizeof rules);
    strcpy(rules.name, "minimal");
    rules.rules[ACS_RULE_VERIFY] = (acs_rule){S(PENDING), ACS_ROLE_BIT(ACS_ROLE_SUPPORT), 0, 0,
                                              G(REQUIREMENT_MET), 0};
    rules.rules[ACS_RULE_HOLD_FROZEN] = (acs_rule){S(ACTIVE), ACS_ROLE_BIT(ACS_ROLE_SECURITY),
                                                   0, 0, G(SECURITY_COMPROMISE), 0};
    const acs_policy_rules *consumer = acs_preset_rules(ACS_PRESET_CONSUMER);
    memcpy(rules.capabilities, consumer->capabilities, sizeof rules.capabilities);
    return rules;
}

/* ------------------------------------------------------------------------
** The presets.
*/

static void test_consumer_preset_is_clean(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER);
    expect_none(&rules, NULL);
}

static void test_default_preset_is_clean(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_DEFAULT);
    expect_none(&rules, NULL);
}

/* What the platform in the December 2022 case did, finding by finding: any
** reason for any hold and for the notice, public criticism included; no
** review deadline; seven days' notice for a no-fault closure; suspension
** without evidence and without a second approver; criticism not named
** never valid. */
static void test_discretionary_preset_describes_the_case(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_DISCRETIONARY);
    expect_findings(&rules, NULL,
                    E(ANY_REASON, WARNING, ACS_RULE_HOLD_WITHDRAWAL_ONLY, -1),
                    E(ANY_REASON, WARNING, ACS_RULE_HOLD_FROZEN, -1),
                    E(ANY_REASON, WARNING, ACS_RULE_HOLD_SUSPENDED, -1),
                    E(ANY_REASON, WARNING, ACS_RULE_NOTICE, -1),
                    E(NEVER_VALID_REASON, ERROR, ACS_RULE_HOLD_WITHDRAWAL_ONLY, 11),
                    E(NEVER_VALID_REASON, ERROR, ACS_RULE_HOLD_FROZEN, 11),
                    E(NEVER_VALID_REASON, ERROR, ACS_RULE_HOLD_SUSPENDED, 11),
                    E(NEVER_VALID_REASON, ERROR, ACS_RULE_NOTICE, 11),
                    E(NEVER_VALID_REASON, ERROR, ACS_RULE_CLOSE, 11),
                    E(NO_REVIEW, INFO, ACS_RULE_HOLD_WITHDRAWAL_ONLY, 1),
                    E(NO_REVIEW, WARNING, ACS_RULE_HOLD_FROZEN, 2),
                    E(NO_REVIEW, WARNING, ACS_RULE_HOLD_SUSPENDED, 3),
                    E(SHORT_NOTICE, WARNING, ACS_RULE_NOTICE, ACS_REASON_INACTIVITY),
                    E(SHORT_NOTICE, WARNING, ACS_RULE_NOTICE, ACS_REASON_COMMERCIAL_DECISION),
                    E(NO_EVIDENCE, WARNING, ACS_RULE_HOLD_SUSPENDED, 1),
                    E(NO_APPROVER, WARNING, ACS_RULE_HOLD_SUSPENDED, -1),
                    E(CRITICISM_ALLOWED, WARNING, -1, ACS_REASON_PUBLIC_CRITICISM));

    assert_message_has(message_of(&rules, NULL, ACS_LINT_ANY_REASON, ACS_RULE_HOLD_SUSPENDED, -1),
                       "every ground, even PUBLIC_CRITICISM");
    assert_message_has(message_of(&rules, NULL, ACS_LINT_NEVER_VALID_REASON, ACS_RULE_NOTICE, 11),
                       "Rule NOTICE admits PUBLIC_CRITICISM");
    const char *notice = message_of(&rules, NULL, ACS_LINT_SHORT_NOTICE, ACS_RULE_NOTICE,
                                    ACS_REASON_COMMERCIAL_DECISION);
    assert_message_has(notice, "COMMERCIAL_DECISION gives 7 days of notice");
    assert_message_has(notice, "60 days");
    assert_message_has(message_of(&rules, NULL, ACS_LINT_NO_EVIDENCE, ACS_RULE_HOLD_SUSPENDED, 1),
                       "no evidence for any ground");
    assert_message_has(message_of(&rules, NULL, ACS_LINT_NO_APPROVER, ACS_RULE_HOLD_SUSPENDED, -1),
                       "SUPPORT, COMPLIANCE, SECURITY, MANAGEMENT, SYSTEM can suspend alone");
    assert_message_has(message_of(&rules, NULL, ACS_LINT_NO_REVIEW, ACS_RULE_HOLD_FROZEN, 2),
                       "FROZEN hold gets no review deadline");
}

/* ------------------------------------------------------------------------
** Each code, fired by a one-place edit, and its boundary.
*/

static void test_invalid(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_HOLD_SUSPENDED].reasons |= G(PUBLIC_CRITICISM);
    expect_findings(&rules, NULL, E(INVALID, ERROR, ACS_RULE_HOLD_SUSPENDED, 11));
    const char *message = message_of(&rules, NULL, ACS_LINT_INVALID, ACS_RULE_HOLD_SUSPENDED, 11);
    assert_message_has(message, "P_REASON_CONFLICT");
    assert_message_has(message, "rule HOLD_SUSPENDED, PUBLIC_CRITICISM");

    /* Every other check still runs on rules that do not build. */
    rules = copy_of(ACS_PRESET_CONSUMER);
    rules.appeal_answer = period(0, ACS_UNIT_NONE);
    expect_findings(&rules, NULL, E(INVALID, ERROR, ACS_RULE_APPEAL, -1),
                    E(NO_APPEAL_ANSWER, ERROR, ACS_RULE_APPEAL, -1));
    assert_message_has(message_of(&rules, NULL, ACS_LINT_INVALID, ACS_RULE_APPEAL, -1),
                       "(P_APPEAL_PERIOD, rule APPEAL).");

    rules = copy_of(ACS_PRESET_CONSUMER);
    rules.name[0] = '\0';
    expect_findings(&rules, NULL, E(INVALID, ERROR, -1, -1));
    assert_message_has(message_of(&rules, NULL, ACS_LINT_INVALID, -1, -1), "(P_NAME).");

    rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_LIFT].from_statuses |= S(CLOSED);
    expect_findings(&rules, NULL, E(INVALID, ERROR, ACS_RULE_LIFT, ACS_STATUS_CLOSED));
    assert_message_has(message_of(&rules, NULL, ACS_LINT_INVALID, ACS_RULE_LIFT, 6),
                       "rule LIFT, CLOSED).");

    /* The boundary: the same reason named never valid nowhere builds. */
    rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_HOLD_SUSPENDED].reasons |= G(SANCTIONS);
    assert_false(fires(&rules, NULL, ACS_LINT_INVALID));
}

/* The rules written here let an account be frozen and never unfrozen. */
static void test_trap_status(void **state)
{
    (void)state;
    acs_policy_rules rules = minimal_rules();
    expect_findings(&rules, NULL, E(TRAP_STATUS, ERROR, -1, ACS_STATUS_FROZEN),
                    E(NO_REVIEW, WARNING, ACS_RULE_HOLD_FROZEN, ACS_LEVEL_FROZEN),
                    E(UNREACHABLE_STATUS, WARNING, -1, ACS_STATUS_WITHDRAWAL_ONLY),
                    E(UNREACHABLE_STATUS, WARNING, -1, ACS_STATUS_SUSPENDED),
                    E(UNREACHABLE_STATUS, WARNING, -1, ACS_STATUS_CLOSED),
                    E(NEVER_PERMITTED, INFO, ACS_RULE_HOLD_WITHDRAWAL_ONLY, -1),
                    E(NEVER_PERMITTED, INFO, ACS_RULE_HOLD_SUSPENDED, -1),
                    E(NEVER_PERMITTED, INFO, ACS_RULE_LIFT, -1),
                    E(NEVER_PERMITTED, INFO, ACS_RULE_EXTEND, -1),
                    E(NEVER_PERMITTED, INFO, ACS_RULE_NOTICE, -1),
                    E(NEVER_PERMITTED, INFO, ACS_RULE_RESCIND, -1),
                    E(NEVER_PERMITTED, INFO, ACS_RULE_CLOSE, -1),
                    E(NEVER_PERMITTED, INFO, ACS_RULE_APPEAL, -1),
                    E(NEVER_PERMITTED, INFO, ACS_RULE_DECIDE, -1),
                    E(CRITICISM_ALLOWED, WARNING, -1, ACS_REASON_PUBLIC_CRITICISM));
    assert_message_has(message_of(&rules, NULL, ACS_LINT_TRAP_STATUS, -1, ACS_STATUS_FROZEN),
                       "An account in FROZEN (OPEN, holds FROZEN) can never again reach");

    /* A LIFT from FROZEN is a way out. */
    rules.rules[ACS_RULE_LIFT] = (acs_rule){S(FROZEN), ACS_ROLE_BIT(ACS_ROLE_SECURITY), 0, 0,
                                            G(REVIEW_CLEARED), 0};
    assert_false(fires(&rules, NULL, ACS_LINT_TRAP_STATUS));
    /* So is a review that lapses and lifts, where one can be given. */
    rules = minimal_rules();
    rules.flags = ACS_POLICY_LAPSE_LIFTS;
    assert_true(fires(&rules, NULL, ACS_LINT_TRAP_STATUS));
    rules.review_max[ACS_LEVEL_FROZEN] = period(30, ACS_UNIT_DAYS);
    assert_false(fires(&rules, NULL, ACS_LINT_TRAP_STATUS));
    /* A status that keeps WITHDRAW is never a trap. */
    rules = minimal_rules();
    rules.capabilities[ACS_STATUS_FROZEN] |= ACS_CAP_WITHDRAW;
    assert_false(fires(&rules, NULL, ACS_LINT_TRAP_STATUS));
}

/* Without LIFT, an upheld appeal still frees a frozen account; without
** appeals as well, FROZEN and SUSPENDED become traps. */
static void test_trap_without_lift(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_DEFAULT);
    rules.rules[ACS_RULE_LIFT].from_statuses = 0;
    expect_findings(&rules, NULL, E(NEVER_PERMITTED, INFO, ACS_RULE_LIFT, -1));
    rules.rules[ACS_RULE_APPEAL].from_statuses = 0;
    expect_findings(&rules, NULL, E(TRAP_STATUS, ERROR, -1, ACS_STATUS_FROZEN),
                    E(TRAP_STATUS, ERROR, -1, ACS_STATUS_SUSPENDED),
                    E(NEVER_PERMITTED, INFO, ACS_RULE_LIFT, -1),
                    E(NEVER_PERMITTED, INFO, ACS_RULE_APPEAL, -1));
    /* The first account found in each: a PENDING one with that hold. */
    assert_message_has(message_of(&rules, NULL, ACS_LINT_TRAP_STATUS, -1, ACS_STATUS_SUSPENDED),
                       "(PENDING, holds SUSPENDED)");
    /* Reviews that lapse and lift are a way out too (the default preset
    ** has a review period for every level). */
    rules.flags |= ACS_POLICY_LAPSE_LIFTS;
    expect_findings(&rules, NULL, E(NEVER_PERMITTED, INFO, ACS_RULE_LIFT, -1),
                    E(NEVER_PERMITTED, INFO, ACS_RULE_APPEAL, -1));

    /* Without WITHDRAW anywhere, every status but CLOSED is a trap. */
    rules = copy_of(ACS_PRESET_CONSUMER);
    rules.capabilities[ACS_STATUS_ACTIVE] = ACS_CAP_LOGIN;
    rules.capabilities[ACS_STATUS_WITHDRAWAL_ONLY] = ACS_CAP_LOGIN;
    expect_findings(&rules, NULL, E(TRAP_STATUS, ERROR, -1, ACS_STATUS_ACTIVE),
                    E(TRAP_STATUS, ERROR, -1, ACS_STATUS_PENDING),
                    E(TRAP_STATUS, ERROR, -1, ACS_STATUS_WITHDRAWAL_ONLY),
                    E(TRAP_STATUS, ERROR, -1, ACS_STATUS_FROZEN),
                    E(TRAP_STATUS, ERROR, -1, ACS_STATUS_SUSPENDED));
}

static void test_any_reason(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_HOLD_FROZEN].reasons = GROUNDS & ~G(PUBLIC_CRITICISM);
    expect_findings(&rules, NULL, E(ANY_REASON, WARNING, ACS_RULE_HOLD_FROZEN, -1));
    assert_message_has(message_of(&rules, NULL, ACS_LINT_ANY_REASON, ACS_RULE_HOLD_FROZEN, -1),
                       "Rule HOLD_FROZEN admits every ground not named never valid");
    /* One ground fewer: the reason says something again. */
    rules.rules[ACS_RULE_HOLD_FROZEN].reasons &= ~G(KYC_REFRESH);
    expect_none(&rules, NULL);
    /* Unless the options name that ground never valid too (which the
    ** policy does not). */
    acs_lint_options options = {0, G(PUBLIC_CRITICISM) | G(KYC_REFRESH)};
    expect_findings(&rules, &options, E(ANY_REASON, WARNING, ACS_RULE_HOLD_FROZEN, -1),
                    E(NEVER_VALID_REASON, ERROR, ACS_RULE_HOLD_WITHDRAWAL_ONLY,
                      ACS_REASON_KYC_REFRESH),
                    E(CRITICISM_ALLOWED, WARNING, -1, ACS_REASON_KYC_REFRESH));

    rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_NOTICE].reasons = GROUNDS & ~G(PUBLIC_CRITICISM);
    expect_findings(&rules, NULL, E(ANY_REASON, WARNING, ACS_RULE_NOTICE, -1));
    /* CLOSE, EXTEND and the rest are not restrictions. */
    rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_CLOSE].reasons = GROUNDS & ~G(PUBLIC_CRITICISM);
    rules.rules[ACS_RULE_EXTEND].reasons = GROUNDS & ~G(PUBLIC_CRITICISM);
    expect_none(&rules, NULL);
    /* A rule that permits nothing admits nothing. */
    rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_HOLD_FROZEN].reasons = GROUNDS & ~G(PUBLIC_CRITICISM);
    rules.rules[ACS_RULE_HOLD_FROZEN].from_statuses = 0;
    expect_findings(&rules, NULL, E(UNREACHABLE_STATUS, WARNING, -1, ACS_STATUS_FROZEN),
                    E(NEVER_PERMITTED, INFO, ACS_RULE_HOLD_FROZEN, -1));
}

static void test_never_valid_reason(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_DEFAULT);
    rules.reasons_never_valid = 0;
    expect_findings(&rules, NULL, E(CRITICISM_ALLOWED, WARNING, -1, 11));
    rules.rules[ACS_RULE_HOLD_SUSPENDED].reasons |= G(PUBLIC_CRITICISM);
    expect_findings(&rules, NULL, E(NEVER_VALID_REASON, ERROR, ACS_RULE_HOLD_SUSPENDED, 11),
                    E(NO_EVIDENCE, WARNING, ACS_RULE_HOLD_SUSPENDED, 11),
                    E(CRITICISM_ALLOWED, WARNING, -1, 11));

    /* Options name another reason: every restriction that admits it. */
    rules = copy_of(ACS_PRESET_DEFAULT);
    acs_lint_options options = {0, G(ABUSIVE_CONDUCT)};
    expect_findings(&rules, &options,
                    E(NEVER_VALID_REASON, ERROR, ACS_RULE_HOLD_WITHDRAWAL_ONLY, 7),
                    E(NEVER_VALID_REASON, ERROR, ACS_RULE_HOLD_SUSPENDED, 7),
                    E(NEVER_VALID_REASON, ERROR, ACS_RULE_NOTICE, 7),
                    E(NEVER_VALID_REASON, ERROR, ACS_RULE_CLOSE, 7),
                    E(CRITICISM_ALLOWED, WARNING, -1, 7));
    /* A restriction that is never permitted cites nothing. */
    rules.rules[ACS_RULE_HOLD_WITHDRAWAL_ONLY].from_statuses = 0;
    expect_findings(&rules, &options, E(NEVER_VALID_REASON, ERROR, ACS_RULE_HOLD_SUSPENDED, 7),
                    E(NEVER_VALID_REASON, ERROR, ACS_RULE_NOTICE, 7),
                    E(NEVER_VALID_REASON, ERROR, ACS_RULE_CLOSE, 7),
                    E(NEVER_PERMITTED, INFO, ACS_RULE_HOLD_WITHDRAWAL_ONLY, -1),
                    E(CRITICISM_ALLOWED, WARNING, -1, 7));
}

/* The suspension step of the December 2022 case written into the consumer
** preset, as docs/policy-lint.md shows it. */
static void test_case_in_consumer_preset(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER);
    rules.reasons_never_valid = 0;
    rules.rules[ACS_RULE_HOLD_SUSPENDED] =
        (acs_rule){S(ACTIVE) | S(PENDING) | S(WITHDRAWAL_ONLY) | S(FROZEN),
                   ACS_ROLE_BIT(ACS_ROLE_MANAGEMENT), 0, 0,
                   G(ABUSIVE_CONDUCT) | G(PUBLIC_CRITICISM), 0};
    rules.review_default[ACS_LEVEL_SUSPENDED] = period(0, ACS_UNIT_NONE);
    rules.review_max[ACS_LEVEL_SUSPENDED] = period(365, ACS_UNIT_DAYS);
    rules.notice[ACS_REASON_COMMERCIAL_DECISION] = period(7, ACS_UNIT_DAYS);
    expect_findings(&rules, NULL, E(NEVER_VALID_REASON, ERROR, ACS_RULE_HOLD_SUSPENDED, 11),
                    E(NO_REVIEW, WARNING, ACS_RULE_HOLD_SUSPENDED, ACS_LEVEL_SUSPENDED),
                    E(SHORT_NOTICE, WARNING, ACS_RULE_NOTICE, ACS_REASON_COMMERCIAL_DECISION),
                    E(NO_EVIDENCE, WARNING, ACS_RULE_HOLD_SUSPENDED, ACS_REASON_ABUSIVE_CONDUCT),
                    E(NO_APPROVER, WARNING, ACS_RULE_HOLD_SUSPENDED, -1),
                    E(CRITICISM_ALLOWED, WARNING, -1, ACS_REASON_PUBLIC_CRITICISM));
    assert_message_has(
        message_of(&rules, NULL, ACS_LINT_NO_EVIDENCE, ACS_RULE_HOLD_SUSPENDED, 7),
        "for ABUSIVE_CONDUCT, PUBLIC_CRITICISM, so");
    assert_message_has(message_of(&rules, NULL, ACS_LINT_NO_APPROVER, ACS_RULE_HOLD_SUSPENDED, -1),
                       "one person in MANAGEMENT can suspend alone.");

    /* With evidence for each reason, PUBLIC_CRITICISM is still cited. */
    rules = copy_of(ACS_PRESET_CONSUMER);
    rules.reasons_never_valid = 0;
    rules.rules[ACS_RULE_HOLD_SUSPENDED].reasons |= G(PUBLIC_CRITICISM);
    rules.rules[ACS_RULE_HOLD_SUSPENDED].reasons_evidence |= G(PUBLIC_CRITICISM);
    expect_findings(&rules, NULL, E(NEVER_VALID_REASON, ERROR, ACS_RULE_HOLD_SUSPENDED, 11),
                    E(CRITICISM_ALLOWED, WARNING, -1, ACS_REASON_PUBLIC_CRITICISM));
}

static void test_no_review(void **state)
{
    (void)state;
    static const struct {
        int level;
        int rule;
        int severity;
    } cases[] = {
        {ACS_LEVEL_WITHDRAWAL_ONLY, ACS_RULE_HOLD_WITHDRAWAL_ONLY, ACS_SEVERITY_INFO},
        {ACS_LEVEL_FROZEN, ACS_RULE_HOLD_FROZEN, ACS_SEVERITY_WARNING},
        {ACS_LEVEL_SUSPENDED, ACS_RULE_HOLD_SUSPENDED, ACS_SEVERITY_WARNING},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER);
        rules.review_default[cases[i].level] = period(0, ACS_UNIT_NONE);
        expected_finding expected = {ACS_LINT_NO_REVIEW, cases[i].severity, cases[i].rule,
                                     cases[i].level};
        check_list(&rules, NULL, &expected, 1, __FILE__, __LINE__);
        /* One day is a review. */
        rules.review_default[cases[i].level] = period(1, ACS_UNIT_DAYS);
        expect_none(&rules, NULL);
        /* A level no rule places needs no review. */
        rules.review_default[cases[i].level] = period(0, ACS_UNIT_NONE);
        rules.rules[cases[i].rule].from_statuses = 0;
        assert_false(fires(&rules, NULL, ACS_LINT_NO_REVIEW));
    }
}

/* Notice for a no-fault closure against the 60-day threshold: a business
** day counts as one day. */
static void test_short_notice(void **state)
{
    (void)state;
    static const struct {
        acs_period notice;
        bool short_notice;
        const char *says;
    } cases[] = {
        {{1439, ACS_UNIT_HOURS}, true, "1439 hours of notice"},
        {{1440, ACS_UNIT_HOURS}, false, NULL},
        {{59, ACS_UNIT_DAYS}, true, "59 days of notice"},
        {{60, ACS_UNIT_DAYS}, false, NULL},
        {{59, ACS_UNIT_BUSINESS_DAYS}, true, "59 business days of notice"},
        {{60, ACS_UNIT_BUSINESS_DAYS}, false, NULL},
        {{1, ACS_UNIT_DAYS}, true, "gives 1 day of notice"},
        {{0, ACS_UNIT_NONE}, true, "gives no notice, less than the 60 days"},
    };
    static const int reasons[] = {ACS_REASON_INACTIVITY, ACS_REASON_COMMERCIAL_DECISION};
    for (size_t r = 0; r < COUNT(reasons); r++) {
        for (size_t i = 0; i < COUNT(cases); i++) {
            acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER);
            rules.notice[reasons[r]] = cases[i].notice;
            if (!cases[i].short_notice) {
                expect_none(&rules, NULL);
                continue;
            }
            expected_finding expected = {ACS_LINT_SHORT_NOTICE, ACS_SEVERITY_WARNING,
                                         ACS_RULE_NOTICE, reasons[r]};
            check_list(&rules, NULL, &expected, 1, __FILE__, __LINE__);
            assert_message_has(message_of(&rules, NULL, ACS_LINT_SHORT_NOTICE, ACS_RULE_NOTICE,
                                          reasons[r]),
                               cases[i].says);
        }
    }
    /* Other reasons may give short notice; a reason NOTICE does not admit
    ** gives none at all. */
    acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER);
    rules.notice[ACS_REASON_USER_REQUEST] = period(1, ACS_UNIT_HOURS);
    expect_none(&rules, NULL);
    rules.notice[ACS_REASON_COMMERCIAL_DECISION] = period(7, ACS_UNIT_DAYS);
    rules.rules[ACS_RULE_NOTICE].reasons &= ~G(COMMERCIAL_DECISION);
    expect_none(&rules, NULL);
}

/* The threshold comes from the options; 0 means 60 days. */
static void test_short_notice_threshold(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER); /* 62 days for both */
    acs_lint_options options = {62 * DAY_MS, 0};
    expect_none(&rules, &options);
    options.notice_min_ms = 62 * DAY_MS + 1;
    expect_findings(&rules, &options, E(SHORT_NOTICE, WARNING, ACS_RULE_NOTICE, 8),
                    E(SHORT_NOTICE, WARNING, ACS_RULE_NOTICE, 10));
    assert_message_has(message_of(&rules, &options, ACS_LINT_SHORT_NOTICE, ACS_RULE_NOTICE, 8),
                       "less than the 5356800001 milliseconds");
    options.notice_min_ms = 90 * DAY_MS; /* the UK from April 2026 */
    assert_message_has(message_of(&rules, &options, ACS_LINT_SHORT_NOTICE, ACS_RULE_NOTICE, 10),
                       "62 days of notice, less than the 90 days");
    options.notice_min_ms = 1489 * HOUR_MS;
    assert_message_has(message_of(&rules, &options, ACS_LINT_SHORT_NOTICE, ACS_RULE_NOTICE, 10),
                       "less than the 1489 hours");
    /* The discretionary preset's 7 days meet a 7-day threshold. */
    rules = copy_of(ACS_PRESET_DISCRETIONARY);
    options.notice_min_ms = 7 * DAY_MS;
    assert_false(fires(&rules, &options, ACS_LINT_SHORT_NOTICE));
    options.notice_min_ms = 7 * DAY_MS + 1;
    assert_true(fires(&rules, &options, ACS_LINT_SHORT_NOTICE));
}

static void test_no_evidence(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_HOLD_SUSPENDED].reasons_evidence &= ~G(ABUSIVE_CONDUCT);
    expect_findings(&rules, NULL,
                    E(NO_EVIDENCE, WARNING, ACS_RULE_HOLD_SUSPENDED, ACS_REASON_ABUSIVE_CONDUCT));
    assert_message_has(message_of(&rules, NULL, ACS_LINT_NO_EVIDENCE, ACS_RULE_HOLD_SUSPENDED, 7),
                       "needs no evidence for ABUSIVE_CONDUCT, so");

    /* One finding names the lowest reason and lists them all. */
    rules.rules[ACS_RULE_HOLD_SUSPENDED].reasons_evidence = G(LEGAL_ORDER);
    expect_findings(&rules, NULL,
                    E(NO_EVIDENCE, WARNING, ACS_RULE_HOLD_SUSPENDED, ACS_REASON_SANCTIONS));
    assert_message_has(message_of(&rules, NULL, ACS_LINT_NO_EVIDENCE, ACS_RULE_HOLD_SUSPENDED, 4),
                       "for SANCTIONS, TERMS_BREACH, ABUSIVE_CONDUCT, so");

    /* Evidence for each reason, or no suspension at all: no finding. */
    rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_HOLD_SUSPENDED].reasons_evidence =
        rules.rules[ACS_RULE_HOLD_SUSPENDED].reasons;
    expect_none(&rules, NULL);
    rules.rules[ACS_RULE_HOLD_SUSPENDED].reasons_evidence = 0;
    rules.rules[ACS_RULE_HOLD_SUSPENDED].from_statuses = 0;
    assert_false(fires(&rules, NULL, ACS_LINT_NO_EVIDENCE));
    /* Freezes without evidence are not this finding. */
    rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_HOLD_FROZEN].reasons_evidence = 0;
    expect_none(&rules, NULL);
}

static void test_no_approver(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_HOLD_SUSPENDED].approver_roles = 0;
    expect_findings(&rules, NULL, E(NO_APPROVER, WARNING, ACS_RULE_HOLD_SUSPENDED, -1));
    assert_message_has(message_of(&rules, NULL, ACS_LINT_NO_APPROVER, ACS_RULE_HOLD_SUSPENDED, -1),
                       "one person in COMPLIANCE, SECURITY, MANAGEMENT can suspend alone.");
    /* Any approver role is a second approver. */
    rules.rules[ACS_RULE_HOLD_SUSPENDED].approver_roles = ACS_ROLE_BIT(ACS_ROLE_SUPPORT);
    expect_none(&rules, NULL);
    /* An approver mask of unknown bits only reads as none. */
    rules.rules[ACS_RULE_HOLD_SUSPENDED].approver_roles = 0x80u;
    expect_findings(&rules, NULL, E(INVALID, ERROR, ACS_RULE_HOLD_SUSPENDED, 7),
                    E(NO_APPROVER, WARNING, ACS_RULE_HOLD_SUSPENDED, -1));
    /* Dual control on other holds is not this finding. */
    rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_NOTICE].approver_roles = 0;
    expect_none(&rules, NULL);
}

static void test_unreachable_status(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_HOLD_SUSPENDED].from_statuses = 0;
    expect_findings(&rules, NULL, E(UNREACHABLE_STATUS, WARNING, -1, ACS_STATUS_SUSPENDED),
                    E(NEVER_PERMITTED, INFO, ACS_RULE_HOLD_SUSPENDED, -1));
    assert_message_has(
        message_of(&rules, NULL, ACS_LINT_UNREACHABLE_STATUS, -1, ACS_STATUS_SUSPENDED),
        "leads an account to SUSPENDED");

    rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_CLOSE].from_statuses = 0;
    expect_findings(&rules, NULL, E(UNREACHABLE_STATUS, WARNING, -1, ACS_STATUS_CLOSED),
                    E(NEVER_PERMITTED, INFO, ACS_RULE_CLOSE, -1));
    /* The boundary: closing only from CLOSING reaches CLOSED too. */
    rules.rules[ACS_RULE_CLOSE].from_statuses = S(WITHDRAWAL_ONLY);
    expect_none(&rules, NULL);
}

static void test_unreachable_event(void **state)
{
    (void)state;
    /* Verification from ACTIVE: no account ever opens. */
    acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_VERIFY].from_statuses = S(ACTIVE);
    expect_findings(&rules, NULL, E(UNREACHABLE_STATUS, WARNING, -1, ACS_STATUS_ACTIVE),
                    E(UNREACHABLE_EVENT, WARNING, ACS_RULE_VERIFY, -1));
    assert_message_has(message_of(&rules, NULL, ACS_LINT_UNREACHABLE_EVENT, ACS_RULE_VERIFY, -1),
                       "Rule VERIFY is permitted only from ACTIVE, which no account reaches");
    /* From PENDING and ACTIVE it is used. */
    rules.rules[ACS_RULE_VERIFY].from_statuses = S(ACTIVE) | S(PENDING);
    expect_none(&rules, NULL);

    /* Permitted from reachable statuses, but by nobody. */
    rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_EXTEND].actor_roles = 0;
    expect_findings(&rules, NULL, E(INVALID, ERROR, ACS_RULE_EXTEND, -1),
                    E(UNREACHABLE_EVENT, WARNING, ACS_RULE_EXTEND, -1));
    assert_message_has(message_of(&rules, NULL, ACS_LINT_UNREACHABLE_EVENT, ACS_RULE_EXTEND, -1),
                       "Rule EXTEND names no role");

    /* A rule for suspended accounts where nothing suspends. */
    rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_HOLD_SUSPENDED].from_statuses = 0;
    rules.rules[ACS_RULE_RESCIND].from_statuses = S(SUSPENDED);
    expect_findings(&rules, NULL, E(UNREACHABLE_STATUS, WARNING, -1, ACS_STATUS_SUSPENDED),
                    E(UNREACHABLE_EVENT, WARNING, ACS_RULE_RESCIND, -1),
                    E(NEVER_PERMITTED, INFO, ACS_RULE_HOLD_SUSPENDED, -1));
    /* Only from CLOSED, where nothing applies. */
    rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_EXTEND].from_statuses = S(CLOSED);
    expect_findings(&rules, NULL, E(INVALID, ERROR, ACS_RULE_EXTEND, ACS_STATUS_CLOSED),
                    E(UNREACHABLE_EVENT, WARNING, ACS_RULE_EXTEND, -1));
}

static void test_never_permitted(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_EXTEND].from_statuses = 0;
    expect_findings(&rules, NULL, E(NEVER_PERMITTED, INFO, ACS_RULE_EXTEND, -1));
    assert_message_has(message_of(&rules, NULL, ACS_LINT_NEVER_PERMITTED, ACS_RULE_EXTEND, -1),
                       "Rule EXTEND is permitted from no status");
    rules.rules[ACS_RULE_EXTEND].from_statuses = S(FROZEN);
    expect_none(&rules, NULL);
    /* Unknown bits only: read as no status. */
    rules.rules[ACS_RULE_EXTEND].from_statuses = 0x80u;
    expect_findings(&rules, NULL, E(INVALID, ERROR, ACS_RULE_EXTEND, 7),
                    E(NEVER_PERMITTED, INFO, ACS_RULE_EXTEND, -1));
}

static void test_no_appeal_answer(void **state)
{
    (void)state;
    /* DECIDE missing where APPEAL starts. */
    acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_DECIDE].from_statuses = S(FROZEN) | S(SUSPENDED);
    expect_findings(&rules, NULL,
                    E(NO_APPEAL_ANSWER, ERROR, ACS_RULE_DECIDE, ACS_STATUS_WITHDRAWAL_ONLY));
    assert_message_has(message_of(&rules, NULL, ACS_LINT_NO_APPEAL_ANSWER, ACS_RULE_DECIDE, 3),
                       "Appeals are permitted from WITHDRAWAL_ONLY but DECIDE is not");
    /* DECIDE from more statuses than APPEAL is fine. */
    rules.rules[ACS_RULE_DECIDE].from_statuses = S(ACTIVE) | S(WITHDRAWAL_ONLY) | S(FROZEN) |
                                                 S(SUSPENDED);
    expect_none(&rules, NULL);

    /* DECIDE with no answer it could give. */
    rules = copy_of(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_DECIDE].reasons = G(REVIEW_CLEARED);
    expect_findings(&rules, NULL, E(NO_APPEAL_ANSWER, ERROR, ACS_RULE_DECIDE, -1));
    /* Either answer is enough. */
    rules.rules[ACS_RULE_DECIDE].reasons = G(APPEAL_DISMISSED);
    expect_none(&rules, NULL);
    rules.rules[ACS_RULE_DECIDE].reasons = G(APPEAL_UPHELD);
    expect_none(&rules, NULL);

    /* No answer period (also refused by the build; see test_invalid), and
    ** no finding when appeals are not permitted at all. */
    rules = copy_of(ACS_PRESET_CONSUMER);
    rules.appeal_answer = period(0, ACS_UNIT_NONE);
    rules.rules[ACS_RULE_APPEAL].from_statuses = 0;
    rules.rules[ACS_RULE_DECIDE].reasons = G(REVIEW_CLEARED);
    expect_findings(&rules, NULL, E(NEVER_PERMITTED, INFO, ACS_RULE_APPEAL, -1));
}

static void test_criticism_allowed(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER);
    rules.reasons_never_valid = 0;
    expect_findings(&rules, NULL, E(CRITICISM_ALLOWED, WARNING, -1, 11));
    assert_message_has(message_of(&rules, NULL, ACS_LINT_CRITICISM_ALLOWED, -1, 11),
                       "does not name PUBLIC_CRITICISM never valid");
    /* Naming it among others is enough. */
    rules.reasons_never_valid = G(PUBLIC_CRITICISM) | G(INACTIVITY);
    rules.rules[ACS_RULE_NOTICE].reasons &= ~G(INACTIVITY);
    rules.rules[ACS_RULE_CLOSE].reasons &= ~G(INACTIVITY);
    expect_none(&rules, NULL);

    /* Options that name another reason check that one instead. */
    rules = copy_of(ACS_PRESET_CONSUMER);
    acs_lint_options options = {0, G(SANCTIONS)};
    expect_findings(&rules, &options,
                    E(NEVER_VALID_REASON, ERROR, ACS_RULE_HOLD_WITHDRAWAL_ONLY, 4),
                    E(NEVER_VALID_REASON, ERROR, ACS_RULE_HOLD_FROZEN, 4),
                    E(NEVER_VALID_REASON, ERROR, ACS_RULE_HOLD_SUSPENDED, 4),
                    E(NEVER_VALID_REASON, ERROR, ACS_RULE_NOTICE, 4),
                    E(NEVER_VALID_REASON, ERROR, ACS_RULE_CLOSE, 4),
                    E(CRITICISM_ALLOWED, WARNING, -1, 4));
}

/* ------------------------------------------------------------------------
** Options, capacity, count and misuse.
*/

/* NULL, zero-filled and the defaults written out give the same findings. */
static void test_options_defaults(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_DISCRETIONARY);
    acs_finding by_null[ROOM], by_zero[ROOM], by_value[ROOM];
    acs_lint_options zero;
    memset(&zero, 0, sizeof zero);
    acs_lint_options explicit_defaults = {60 * DAY_MS, G(PUBLIC_CRITICISM)};
    size_t count = lint_checked(&rules, NULL, by_null);
    assert_int_equal(count, 17);
    assert_int_equal(lint_checked(&rules, &zero, by_zero), count);
    assert_int_equal(lint_checked(&rules, &explicit_defaults, by_value), count);
    assert_memory_equal(by_null, by_zero, count * sizeof(acs_finding));
    assert_memory_equal(by_null, by_value, count * sizeof(acs_finding));

    /* Each field on its own: a threshold with the default reasons. */
    acs_lint_options threshold_only = {1, 0};
    assert_false(fires(&rules, &threshold_only, ACS_LINT_SHORT_NOTICE));
    assert_true(fires(&rules, &threshold_only, ACS_LINT_CRITICISM_ALLOWED));
    /* Outcome reasons may be named too: they replace PUBLIC_CRITICISM,
    ** and no restriction of this preset admits them. */
    acs_lint_options outcome = {0, G(REVIEW_CLEARED)};
    assert_false(fires(&rules, &outcome, ACS_LINT_NEVER_VALID_REASON));
    assert_message_has(message_of(&rules, &outcome, ACS_LINT_CRITICISM_ALLOWED, -1,
                                  ACS_REASON_REVIEW_CLEARED),
                       "does not name REVIEW_CLEARED never valid");
}

static void test_options_misuse(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_DISCRETIONARY);
    static const struct {
        int64_t notice_min_ms;
        uint64_t reasons;
        int code;
    } cases[] = {
        {-1, 0, ACS_E_TIME_RANGE},
        {INT64_MIN, 0, ACS_E_TIME_RANGE},
        {ACS_TIME_MAX_MS + 1, 0, ACS_E_TIME_RANGE},
        {INT64_MAX, 0, ACS_E_TIME_RANGE},
        {ACS_TIME_MAX_MS, 0, ACS_OK},
        {0, 1ull << 0, ACS_E_ENUM},
        {0, 1ull << 12, ACS_E_ENUM},
        {0, 1ull << 31, ACS_E_ENUM},
        {0, 1ull << 39, ACS_E_ENUM},
        {0, 1ull << 63, ACS_E_ENUM},
        {0, G(PUBLIC_CRITICISM) | 1ull << 20, ACS_E_ENUM},
        {0, G(DEADLINE_LAPSED), ACS_OK},
        {-1, 1ull << 63, ACS_E_ENUM}, /* reasons are checked first */
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        acs_lint_options options = {cases[i].notice_min_ms, cases[i].reasons};
        acs_finding out[4], untouched[4];
        memset(out, FILL, sizeof out);
        memset(untouched, FILL, sizeof untouched);
        size_t count = 12345;
        int rc = acs_policy_lint(&rules, &options, out, COUNT(out), &count);
        if (rc != cases[i].code) fail_msg("case %zu: %d, expected %d", i, rc, cases[i].code);
        if (rc != ACS_OK) {
            assert_int_equal(count, 12345);
            assert_memory_equal(out, untouched, sizeof out);
        }
    }
}

static void test_capacity_and_count(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_DISCRETIONARY);
    acs_finding all[ROOM];
    size_t total = lint_checked(&rules, NULL, all);
    assert_int_equal(total, 17);

    size_t count = 0;
    assert_int_equal(acs_policy_lint(&rules, NULL, NULL, 0, &count), ACS_OK);
    assert_int_equal(count, total);

    /* Capacity 0 with an array: nothing written. */
    acs_finding out[ROOM], untouched[ROOM];
    memset(untouched, FILL, sizeof untouched);
    static const size_t caps[] = {0, 1, 5, 16, 17, 18, ROOM};
    for (size_t i = 0; i < COUNT(caps); i++) {
        memset(out, FILL, sizeof out);
        count = 0;
        assert_int_equal(acs_policy_lint(&rules, NULL, out, caps[i], &count), ACS_OK);
        assert_int_equal(count, total);
        size_t written = caps[i] < total ? caps[i] : total;
        assert_memory_equal(out, all, written * sizeof(acs_finding));
        assert_memory_equal(out + written, untouched, (ROOM - written) * sizeof(acs_finding));
    }
}

static void test_null_arguments(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_DISCRETIONARY);
    acs_finding out[2], untouched[2];
    memset(out, FILL, sizeof out);
    memset(untouched, FILL, sizeof untouched);
    size_t count = 777;
    assert_int_equal(acs_policy_lint(NULL, NULL, out, 2, &count), ACS_E_NULL);
    assert_int_equal(acs_policy_lint(&rules, NULL, out, 2, NULL), ACS_E_NULL);
    assert_int_equal(acs_policy_lint(&rules, NULL, NULL, 1, &count), ACS_E_NULL);
    assert_int_equal(acs_policy_lint(NULL, NULL, NULL, 0, NULL), ACS_E_NULL);
    assert_int_equal(count, 777);
    assert_memory_equal(out, untouched, sizeof out);
}

static void test_reserved_fields(void **state)
{
    (void)state;
    acs_finding out[2], untouched[2];
    memset(untouched, FILL, sizeof untouched);
    for (int field = 0; field < 3; field++) {
        acs_policy_rules rules = copy_of(ACS_PRESET_CONSUMER);
        if (field == 0) rules.rules[ACS_RULE_DECIDE].reserved = 1;
        if (field == 1) rules.reserved_bytes[0] = 0x80;
        if (field == 2) rules.calendar.reserved = 1;
        memset(out, FILL, sizeof out);
        size_t count = 777;
        assert_int_equal(acs_policy_lint(&rules, NULL, out, 2, &count), ACS_E_RESERVED);
        assert_int_equal(count, 777);
        assert_memory_equal(out, untouched, sizeof out);
    }
}

/* Long lists end with "and N more" so that each sentence still fits. */
static void test_long_messages_fit(void **state)
{
    (void)state;
    acs_policy_rules rules = copy_of(ACS_PRESET_DISCRETIONARY);
    acs_lint_options options = {0, GROUNDS & ~G(SECURITY_COMPROMISE)};
    rules.rules[ACS_RULE_HOLD_SUSPENDED].reasons =
        (GROUNDS & ~G(SECURITY_COMPROMISE)) | G(REVIEW_CLEARED) | G(ORDER_LIFTED);
    const char *message =
        message_of(&rules, &options, ACS_LINT_ANY_REASON, ACS_RULE_HOLD_WITHDRAWAL_ONLY, -1);
    assert_message_has(message, "even SUSPICIOUS_ACTIVITY, LEGAL_ORDER");
    assert_message_has(message, " more, so its reason states nothing.");
    message = message_of(&rules, &options, ACS_LINT_NO_EVIDENCE, ACS_RULE_HOLD_SUSPENDED, 2);
    assert_message_has(message, " more, so a suspension can rest on nothing on file.");

    /* Every role may suspend alone, from every status, into a trap. */
    rules = copy_of(ACS_PRESET_DISCRETIONARY);
    for (int rule = 0; rule < ACS_RULE_COUNT; rule++)
        rules.rules[rule].actor_roles = 0x7eu;
    rules.rules[ACS_RULE_LIFT].from_statuses = 0;
    rules.rules[ACS_RULE_APPEAL].from_statuses = S(ACTIVE) | S(PENDING) | S(WITHDRAWAL_ONLY);
    assert_message_has(
        message_of(&rules, NULL, ACS_LINT_NO_APPROVER, ACS_RULE_HOLD_SUSPENDED, -1),
        "USER, SUPPORT, COMPLIANCE, SECURITY, MANAGEMENT, SYSTEM can suspend alone.");
    assert_message_has(message_of(&rules, NULL, ACS_LINT_NO_APPEAL_ANSWER, ACS_RULE_DECIDE, 1),
                       "from ACTIVE, PENDING but DECIDE is not");
    assert_message_has(message_of(&rules, NULL, ACS_LINT_TRAP_STATUS, -1, ACS_STATUS_SUSPENDED),
                       "(PENDING, holds SUSPENDED)");
}

/* ------------------------------------------------------------------------
** Names.
*/

static void test_lint_names(void **state)
{
    (void)state;
    static const char *const names[] = {
        [ACS_LINT_INVALID] = "INVALID",
        [ACS_LINT_TRAP_STATUS] = "TRAP_STATUS",
        [ACS_LINT_ANY_REASON] = "ANY_REASON",
        [ACS_LINT_NEVER_VALID_REASON] = "NEVER_VALID_REASON",
        [ACS_LINT_NO_REVIEW] = "NO_REVIEW",
        [ACS_LINT_SHORT_NOTICE] = "SHORT_NOTICE",
        [ACS_LINT_NO_EVIDENCE] = "NO_EVIDENCE",
        [ACS_LINT_NO_APPROVER] = "NO_APPROVER",
        [ACS_LINT_UNREACHABLE_STATUS] = "UNREACHABLE_STATUS",
        [ACS_LINT_UNREACHABLE_EVENT] = "UNREACHABLE_EVENT",
        [ACS_LINT_NEVER_PERMITTED] = "NEVER_PERMITTED",
        [ACS_LINT_NO_APPEAL_ANSWER] = "NO_APPEAL_ANSWER",
        [ACS_LINT_CRITICISM_ALLOWED] = "CRITICISM_ALLOWED",
    };
    assert_int_equal(COUNT(names), ACS_LINT_CODE_MAX + 1);
    for (int code = ACS_LINT_INVALID; code <= ACS_LINT_CODE_MAX; code++)
        assert_string_equal(acs_lint_name(code), names[code]);
    static const int unknown[] = {0, -1, ACS_LINT_CODE_MAX + 1, 64, INT_MIN, INT_MAX};
    for (size_t i = 0; i < COUNT(unknown); i++) assert_null(acs_lint_name(unknown[i]));
}

static void test_severity_names(void **state)
{
    (void)state;
    assert_string_equal(acs_severity_name(ACS_SEVERITY_INFO), "info");
    assert_string_equal(acs_severity_name(ACS_SEVERITY_WARNING), "warning");
    assert_string_equal(acs_severity_name(ACS_SEVERITY_ERROR), "error");
    static const int unknown[] = {0, -1, 4, INT_MIN, INT_MAX};
    for (size_t i = 0; i < COUNT(unknown); i++) assert_null(acs_severity_name(unknown[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_consumer_preset_is_clean),
        cmocka_unit_test(test_default_preset_is_clean),
        cmocka_unit_test(test_discretionary_preset_describes_the_case),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_trap_status),
        cmocka_unit_test(test_trap_without_lift),
        cmocka_unit_test(test_any_reason),
        cmocka_unit_test(test_never_valid_reason),
        cmocka_unit_test(test_case_in_consumer_preset),
        cmocka_unit_test(test_no_review),
        cmocka_unit_test(test_short_notice),
        cmocka_unit_test(test_short_notice_threshold),
        cmocka_unit_test(test_no_evidence),
        cmocka_unit_test(test_no_approver),
        cmocka_unit_test(test_unreachable_status),
        cmocka_unit_test(test_unreachable_event),
        cmocka_unit_test(test_never_permitted),
        cmocka_unit_test(test_no_appeal_answer),
        cmocka_unit_test(test_criticism_allowed),
        cmocka_unit_test(test_options_defaults),
        cmocka_unit_test(test_options_misuse),
        cmocka_unit_test(test_capacity_and_count),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_reserved_fields),
        cmocka_unit_test(test_long_messages_fit),
        cmocka_unit_test(test_lint_names),
        cmocka_unit_test(test_severity_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
