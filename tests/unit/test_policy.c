/*
** test_policy.c: building a policy from rules (policy.c) and the preset
** entry points.
**
** Each problem acs_policy_build reports is triggered by a copy of a preset's
** rules broken in exactly one place, for each of the three presets, and
** must leave the output policy exactly as it was (filled with 0xA5 before
** the call) while the problem names the rule and value at fault. The
** boundaries next to each problem must build. Periods and calendars are
** tables of rows, each a change to a copy of every preset and the answer
** it must get: the level, reason or holiday index named, or success.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
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

/* Build rules and expect code, with the problem at rule and index (ANY:
** not pinned) when code is a failure. preset and what name the case in a
** failure's message. */
static void expect_rules(const acs_policy_rules *rules, int code, int rule,
                         int index, const char *preset, const char *what)
{
    acs_policy_problem problem;
    int rc = build_checked(rules, &problem);
    if (rc != code || problem.code != code ||
        (code != ACS_OK && rule != ANY && problem.rule != rule) ||
        (code != ACS_OK && index != ANY && problem.index != index))
        print_error("preset %s, %s: problem rule %d index %d\n", preset, what,
                    problem.rule, problem.index);
    sa_assert_code(rc, code);
    sa_assert_code(problem.code, code);
    if (code == ACS_OK) return;
    if (rule != ANY) assert_int_equal(problem.rule, rule);
    if (index != ANY) assert_int_equal(problem.index, index);
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
    expect_problem(break_name_empty, ACS_P_NAME, NOT_ONE, NOT_ONE);
    expect_problem(break_name_unterminated, ACS_P_NAME, NOT_ONE, NOT_ONE);
    expect_builds(name_longest);
}

/* The name "a?b" with the byte c in the middle, under every preset. */
static int build_with_name_byte(unsigned char c, acs_policy_problem *problem)
{
    int result = ACS_OK;
    for (size_t i = 0; i < PRESET_COUNT; i++) {
        acs_policy_rules rules = copy_of(presets[i]);
        memset(rules.name, 0, sizeof rules.name);
        rules.name[0] = 'a';
        rules.name[1] = (char)c;
        rules.name[2] = 'b';
        int rc = build_checked(&rules, problem);
        /* Every preset gives the same answer for the same name. */
        if (i > 0) sa_assert_code(rc, result);
        result = rc;
    }
    return result;
}

/* A name is printable ASCII without '"' and backslash, so that the policy
** text format can quote it and a record's reader can print it. Every byte
** value is tried in the middle of a name. */
static void test_name_bytes(void **state)
{
    (void)state;
    for (unsigned c = 1; c <= 0xff; c++) {
        bool printable = c >= 0x20 && c <= 0x7e;
        bool allowed = printable && c != '"' && c != '\\';
        acs_policy_problem problem;
        int rc = build_with_name_byte((unsigned char)c, &problem);
        if (rc != (allowed ? ACS_OK : ACS_P_NAME)) print_error("byte 0x%02x\n", c);
        sa_assert_code(rc, allowed ? ACS_OK : ACS_P_NAME);
        if (!allowed) {
            assert_int_equal(problem.rule, NOT_ONE);
            assert_int_equal(problem.index, NOT_ONE);
        }
    }
    /* The edges of the printable range and the two characters left out of
    ** it, each on its own line so that a failure names it. */
    acs_policy_problem problem;
    sa_assert_code(build_with_name_byte('\t', &problem), ACS_P_NAME);
    sa_assert_code(build_with_name_byte(0x1f, &problem), ACS_P_NAME);
    sa_assert_code(build_with_name_byte(' ', &problem), ACS_OK);
    sa_assert_code(build_with_name_byte('~', &problem), ACS_OK);
    sa_assert_code(build_with_name_byte(0x7f, &problem), ACS_P_NAME);
    sa_assert_code(build_with_name_byte(0x80, &problem), ACS_P_NAME);
    sa_assert_code(build_with_name_byte('"', &problem), ACS_P_NAME);
    sa_assert_code(build_with_name_byte('\\', &problem), ACS_P_NAME);
    sa_assert_code(build_with_name_byte('\'', &problem), ACS_OK);
}

/* A bad byte anywhere before the NUL is refused, even in the last place
** of a longest name; what follows the NUL is not the name's. */
static void test_name_bad_byte_positions(void **state)
{
    (void)state;
    for (size_t i = 0; i < PRESET_COUNT; i++) {
        acs_policy_rules rules = copy_of(presets[i]);
        memset(rules.name, 'x', sizeof rules.name - 1);
        rules.name[sizeof rules.name - 1] = '\0';
        rules.name[sizeof rules.name - 2] = '\n';
        expect_rules(&rules, ACS_P_NAME, NOT_ONE, NOT_ONE, "longest", "newline last");
        rules.name[sizeof rules.name - 2] = '"';
        expect_rules(&rules, ACS_P_NAME, NOT_ONE, NOT_ONE, "longest", "quote last");
        rules.name[0] = '\\';
        rules.name[sizeof rules.name - 2] = 'x';
        expect_rules(&rules, ACS_P_NAME, NOT_ONE, NOT_ONE, "longest", "backslash first");

        /* After the terminating NUL, bytes are not part of the name. */
        memset(rules.name, 0, sizeof rules.name);
        strcpy(rules.name, "ok");
        rules.name[3] = '"';
        rules.name[4] = '\x01';
        expect_rules(&rules, ACS_OK, NOT_ONE, NOT_ONE, "ok", "bytes after the NUL");
    }
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

/* Which period of the rules a table row sets. */
enum period_field {
    FIELD_NONE = 0, /* the row's second assignment is unused */
    FIELD_REVIEW_DEFAULT,
    FIELD_REVIEW_MAX,
    FIELD_NOTICE,
    FIELD_WINDOW_EXTENSION,
    FIELD_APPEAL_WINDOW,
    FIELD_APPEAL_ANSWER
};

typedef struct period_set {
    int field;   /* enum period_field */
    int slot;    /* level or reason for the indexed fields, else 0 */
    uint32_t count;
    uint32_t unit;
} period_set;

typedef struct period_case {
    const char *what;
    period_set sets[2];
    int code;  /* ACS_OK or ACS_P_PERIOD */
    int index; /* the level or reason named, NOT_ONE for a single period */
} period_case;

#define NONE_UNIT ACS_UNIT_NONE
#define HOURS ACS_UNIT_HOURS
#define DAYS ACS_UNIT_DAYS
#define BDAYS ACS_UNIT_BUSINESS_DAYS
#define FROZEN ACS_LEVEL_FROZEN
#define SUSPENDED ACS_LEVEL_SUSPENDED
#define WITHDRAWAL_ONLY ACS_LEVEL_WITHDRAWAL_ONLY

static void set_period(acs_policy_rules *rules, const period_set *set)
{
    acs_period value = {set->count, set->unit};
    switch (set->field) {
    case FIELD_NONE: break;
    case FIELD_REVIEW_DEFAULT: rules->review_default[set->slot] = value; break;
    case FIELD_REVIEW_MAX: rules->review_max[set->slot] = value; break;
    case FIELD_NOTICE: rules->notice[set->slot] = value; break;
    case FIELD_WINDOW_EXTENSION: rules->window_extension_max = value; break;
    case FIELD_APPEAL_WINDOW: rules->appeal_window = value; break;
    case FIELD_APPEAL_ANSWER: rules->appeal_answer = value; break;
    default: fail();
    }
}

/* Each row changes one or two periods of a copy of every preset. A review
** pair is always given whole, so that a row does not depend on what the
** preset's other half of the pair happens to be. The refused rows sit next
** to the boundary that still builds. */
static const period_case period_cases[] = {
    /* The count: 1 .. ACS_PERIOD_COUNT_MAX with a unit. */
    {"notice 10000 days", {{FIELD_NOTICE, ACS_REASON_LEGAL_ORDER, 10000, DAYS}},
     ACS_OK, 0},
    {"notice 10001 days", {{FIELD_NOTICE, ACS_REASON_LEGAL_ORDER, 10001, DAYS}},
     ACS_P_PERIOD, ACS_REASON_LEGAL_ORDER},
    {"notice 1 hour", {{FIELD_NOTICE, ACS_REASON_COMMERCIAL_DECISION, 1, HOURS}},
     ACS_OK, 0},
    {"notice 0 hours", {{FIELD_NOTICE, ACS_REASON_COMMERCIAL_DECISION, 0, HOURS}},
     ACS_P_PERIOD, ACS_REASON_COMMERCIAL_DECISION},
    {"notice UINT32_MAX days",
     {{FIELD_NOTICE, ACS_REASON_INACTIVITY, UINT32_MAX, DAYS}},
     ACS_P_PERIOD, ACS_REASON_INACTIVITY},
    {"window extension 10000 business days",
     {{FIELD_WINDOW_EXTENSION, 0, 10000, BDAYS}}, ACS_OK, 0},
    {"window extension 10001 business days",
     {{FIELD_WINDOW_EXTENSION, 0, 10001, BDAYS}}, ACS_P_PERIOD, NOT_ONE},
    {"appeal window 10000 hours", {{FIELD_APPEAL_WINDOW, 0, 10000, HOURS}},
     ACS_OK, 0},
    {"appeal window 10001 hours", {{FIELD_APPEAL_WINDOW, 0, 10001, HOURS}},
     ACS_P_PERIOD, NOT_ONE},
    {"appeal answer 0 business days", {{FIELD_APPEAL_ANSWER, 0, 0, BDAYS}},
     ACS_P_PERIOD, NOT_ONE},
    {"appeal answer 1 business day", {{FIELD_APPEAL_ANSWER, 0, 1, BDAYS}},
     ACS_OK, 0},

    /* The unit: NONE (count 0), HOURS, DAYS, BUSINESS_DAYS and no other. */
    {"window extension unit 4", {{FIELD_WINDOW_EXTENSION, 0, 1, 4}},
     ACS_P_PERIOD, NOT_ONE},
    {"window extension unit UINT32_MAX",
     {{FIELD_WINDOW_EXTENSION, 0, 1, UINT32_MAX}}, ACS_P_PERIOD, NOT_ONE},
    {"window extension none", {{FIELD_WINDOW_EXTENSION, 0, 0, NONE_UNIT}},
     ACS_OK, 0},
    {"window extension none with count 1",
     {{FIELD_WINDOW_EXTENSION, 0, 1, NONE_UNIT}}, ACS_P_PERIOD, NOT_ONE},
    {"appeal window none", {{FIELD_APPEAL_WINDOW, 0, 0, NONE_UNIT}}, ACS_OK, 0},
    {"appeal window none with count 10000",
     {{FIELD_APPEAL_WINDOW, 0, 10000, NONE_UNIT}}, ACS_P_PERIOD, NOT_ONE},
    {"appeal answer unit 4", {{FIELD_APPEAL_ANSWER, 0, 15, 4}}, ACS_P_PERIOD,
     NOT_ONE},
    {"notice unit 4", {{FIELD_NOTICE, ACS_REASON_SANCTIONS, 14, 4}},
     ACS_P_PERIOD, ACS_REASON_SANCTIONS},
    {"notice none with count 1", {{FIELD_NOTICE, ACS_REASON_SANCTIONS, 1, NONE_UNIT}},
     ACS_P_PERIOD, ACS_REASON_SANCTIONS},
    {"notice none", {{FIELD_NOTICE, ACS_REASON_SANCTIONS, 0, NONE_UNIT}}, ACS_OK, 0},

    /* Notice slots that are not grounds (0 and 12 .. 15) stay none. */
    {"notice slot 0 set", {{FIELD_NOTICE, 0, 1, DAYS}}, ACS_P_PERIOD, 0},
    {"notice slot 12 set", {{FIELD_NOTICE, 12, 1, DAYS}}, ACS_P_PERIOD, 12},
    {"notice slot 15 set", {{FIELD_NOTICE, 15, 1, HOURS}}, ACS_P_PERIOD, 15},
    {"notice slot 15 with count 1 and no unit",
     {{FIELD_NOTICE, 15, 1, NONE_UNIT}}, ACS_P_PERIOD, 15},

    /* A review default and its maximum: same unit, default count not larger,
    ** no default without a maximum; a maximum alone is fine. */
    {"review default = maximum",
     {{FIELD_REVIEW_DEFAULT, FROZEN, 60, DAYS}, {FIELD_REVIEW_MAX, FROZEN, 60, DAYS}},
     ACS_OK, 0},
    {"review default 61 days, maximum 60 days",
     {{FIELD_REVIEW_DEFAULT, FROZEN, 61, DAYS}, {FIELD_REVIEW_MAX, FROZEN, 60, DAYS}},
     ACS_P_PERIOD, FROZEN},
    {"review default 10000 hours, maximum 10000 hours",
     {{FIELD_REVIEW_DEFAULT, SUSPENDED, 10000, HOURS},
      {FIELD_REVIEW_MAX, SUSPENDED, 10000, HOURS}},
     ACS_OK, 0},
    {"review default 10001 hours, maximum 10000 hours",
     {{FIELD_REVIEW_DEFAULT, SUSPENDED, 10001, HOURS},
      {FIELD_REVIEW_MAX, SUSPENDED, 10000, HOURS}},
     ACS_P_PERIOD, SUSPENDED},
    {"review maximum 10001 days, no default",
     {{FIELD_REVIEW_DEFAULT, WITHDRAWAL_ONLY, 0, NONE_UNIT},
      {FIELD_REVIEW_MAX, WITHDRAWAL_ONLY, 10001, DAYS}},
     ACS_P_PERIOD, WITHDRAWAL_ONLY},
    /* One day is shorter than 48 hours, but the units differ: the library
    ** does not compare a day with hours (a business day has no fixed
    ** length), so the pair is refused. */
    {"review default 1 day, maximum 48 hours",
     {{FIELD_REVIEW_DEFAULT, FROZEN, 1, DAYS}, {FIELD_REVIEW_MAX, FROZEN, 48, HOURS}},
     ACS_P_PERIOD, FROZEN},
    {"review default 24 hours, maximum 48 hours",
     {{FIELD_REVIEW_DEFAULT, FROZEN, 24, HOURS},
      {FIELD_REVIEW_MAX, FROZEN, 48, HOURS}},
     ACS_OK, 0},
    {"review default 5 business days, maximum 10 days",
     {{FIELD_REVIEW_DEFAULT, FROZEN, 5, BDAYS}, {FIELD_REVIEW_MAX, FROZEN, 10, DAYS}},
     ACS_P_PERIOD, FROZEN},
    {"review default 5 business days, maximum 10 business days",
     {{FIELD_REVIEW_DEFAULT, FROZEN, 5, BDAYS}, {FIELD_REVIEW_MAX, FROZEN, 10, BDAYS}},
     ACS_OK, 0},
    {"review default 14 days, no maximum",
     {{FIELD_REVIEW_DEFAULT, SUSPENDED, 14, DAYS},
      {FIELD_REVIEW_MAX, SUSPENDED, 0, NONE_UNIT}},
     ACS_P_PERIOD, SUSPENDED},
    {"no review default, maximum 14 days",
     {{FIELD_REVIEW_DEFAULT, SUSPENDED, 0, NONE_UNIT},
      {FIELD_REVIEW_MAX, SUSPENDED, 14, DAYS}},
     ACS_OK, 0},
    {"neither review default nor maximum",
     {{FIELD_REVIEW_DEFAULT, SUSPENDED, 0, NONE_UNIT},
      {FIELD_REVIEW_MAX, SUSPENDED, 0, NONE_UNIT}},
     ACS_OK, 0},
    {"review default unit 4",
     {{FIELD_REVIEW_DEFAULT, FROZEN, 1, 4}, {FIELD_REVIEW_MAX, FROZEN, 1, 4}},
     ACS_P_PERIOD, FROZEN},
    {"review default none with count 1",
     {{FIELD_REVIEW_DEFAULT, WITHDRAWAL_ONLY, 1, NONE_UNIT},
      {FIELD_REVIEW_MAX, WITHDRAWAL_ONLY, 30, DAYS}},
     ACS_P_PERIOD, WITHDRAWAL_ONLY},
    /* Level 0 is not a level: both its periods stay none. */
    {"review default of level 0",
     {{FIELD_REVIEW_DEFAULT, 0, 1, DAYS}, {FIELD_REVIEW_MAX, 0, 1, DAYS}},
     ACS_P_PERIOD, 0},
    {"review maximum of level 0", {{FIELD_REVIEW_MAX, 0, 1, DAYS}}, ACS_P_PERIOD, 0},
};

static void test_period_table(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof period_cases / sizeof period_cases[0]; c++) {
        const period_case *row = &period_cases[c];
        for (size_t i = 0; i < PRESET_COUNT; i++) {
            acs_policy_rules rules = copy_of(presets[i]);
            set_period(&rules, &row->sets[0]);
            set_period(&rules, &row->sets[1]);
            expect_rules(&rules, row->code, NOT_ONE, row->index, rules.name, row->what);
        }
    }
}

/* Every period at the largest count, in each unit, builds; the deadlines
** they give are checked where they are used, not here. */
static void test_periods_at_their_limits(void **state)
{
    (void)state;
    const uint32_t units[] = {ACS_UNIT_HOURS, ACS_UNIT_DAYS, ACS_UNIT_BUSINESS_DAYS};
    for (size_t u = 0; u < 3; u++) {
        const acs_period longest = {ACS_PERIOD_COUNT_MAX, units[u]};
        for (size_t i = 0; i < PRESET_COUNT; i++) {
            acs_policy_rules rules = copy_of(presets[i]);
            for (int level = ACS_LEVEL_WITHDRAWAL_ONLY; level <= ACS_LEVEL_SUSPENDED;
                 level++) {
                rules.review_default[level] = longest;
                rules.review_max[level] = longest;
            }
            for (int reason = ACS_REASON_SECURITY_COMPROMISE;
                 reason <= ACS_REASON_PUBLIC_CRITICISM; reason++)
                rules.notice[reason] = longest;
            rules.window_extension_max = longest;
            rules.appeal_window = longest;
            rules.appeal_answer = longest;
            expect_rules(&rules, ACS_OK, NOT_ONE, NOT_ONE, rules.name, "longest");
        }
    }
}

/* The first bad period is the one named: the levels are checked before the
** notices, and a lower level before a higher one. */
static void test_period_first_problem_is_named(void **state)
{
    (void)state;
    for (size_t i = 0; i < PRESET_COUNT; i++) {
        acs_policy_rules rules = copy_of(presets[i]);
        rules.review_max[ACS_LEVEL_SUSPENDED] = (acs_period){1, 4};
        rules.review_max[ACS_LEVEL_FROZEN] = (acs_period){0, ACS_UNIT_DAYS};
        rules.notice[ACS_REASON_TERMS_BREACH] = (acs_period){1, 9};
        expect_rules(&rules, ACS_P_PERIOD, NOT_ONE, ACS_LEVEL_FROZEN, rules.name,
                     "two bad levels and a bad notice");
        rules.review_max[ACS_LEVEL_FROZEN] = (acs_period){60, ACS_UNIT_DAYS};
        rules.review_default[ACS_LEVEL_FROZEN] = (acs_period){0, ACS_UNIT_NONE};
        expect_rules(&rules, ACS_P_PERIOD, NOT_ONE, ACS_LEVEL_SUSPENDED, rules.name,
                     "a bad level and a bad notice");
        rules.review_max[ACS_LEVEL_SUSPENDED] = (acs_period){60, ACS_UNIT_DAYS};
        rules.review_default[ACS_LEVEL_SUSPENDED] = (acs_period){0, ACS_UNIT_NONE};
        expect_rules(&rules, ACS_P_PERIOD, NOT_ONE, ACS_REASON_TERMS_BREACH,
                     rules.name, "a bad notice");
    }
}

/* ---- ACS_P_CALENDAR and the calendar's reserved field. ---- */

typedef struct calendar_case {
    const char *what;
    uint32_t weekend;
    int32_t utc_offset_minutes;
    uint32_t holiday_count;
    uint32_t holidays[4]; /* the first entries; every later one is 0 */
    int code;             /* ACS_OK or ACS_P_CALENDAR */
    int index;            /* the holiday named, or NOT_ONE */
} calendar_case;

#define DAY_BIT(d) ACS_WEEKDAY_BIT(ACS_##d)
#define SAT_SUN (DAY_BIT(SATURDAY) | DAY_BIT(SUNDAY))
#define SIX_DAYS                                                            \
    (DAY_BIT(MONDAY) | DAY_BIT(TUESDAY) | DAY_BIT(WEDNESDAY) |              \
     DAY_BIT(THURSDAY) | DAY_BIT(FRIDAY) | DAY_BIT(SATURDAY))
#define SEVEN_DAYS (SIX_DAYS | DAY_BIT(SUNDAY))

static const calendar_case calendar_cases[] = {
    /* The weekend: any set of days but all seven. */
    {"empty weekend", 0, 0, 0, {0}, ACS_OK, 0},
    {"Saturday and Sunday", SAT_SUN, 0, 0, {0}, ACS_OK, 0},
    {"six weekend days", SIX_DAYS, 0, 0, {0}, ACS_OK, 0},
    {"six weekend days, Tuesday to Sunday",
     SIX_DAYS - DAY_BIT(MONDAY) + DAY_BIT(SUNDAY), 0, 0, {0}, ACS_OK, 0},
    {"seven weekend days", SEVEN_DAYS, 0, 0, {0}, ACS_P_CALENDAR, NOT_ONE},
    {"weekend bit 0", SAT_SUN | 1u, 0, 0, {0}, ACS_P_CALENDAR, NOT_ONE},
    {"weekend bit 8", SAT_SUN | 1u << 8, 0, 0, {0}, ACS_P_CALENDAR, NOT_ONE},
    {"weekend top bit", 1u << 31, 0, 0, {0}, ACS_P_CALENDAR, NOT_ONE},

    /* The offset: -720 .. +840 minutes. */
    {"offset -721", SAT_SUN, -721, 0, {0}, ACS_P_CALENDAR, NOT_ONE},
    {"offset -720", SAT_SUN, -720, 0, {0}, ACS_OK, 0},
    {"offset +840", SAT_SUN, 840, 0, {0}, ACS_OK, 0},
    {"offset +841", SAT_SUN, 841, 0, {0}, ACS_P_CALENDAR, NOT_ONE},
    {"offset INT32_MIN", SAT_SUN, INT32_MIN, 0, {0}, ACS_P_CALENDAR, NOT_ONE},

    /* The count: 0 .. ACS_HOLIDAYS_MAX (256 is test_calendar_full). */
    {"257 holidays", SAT_SUN, 0, ACS_HOLIDAYS_MAX + 1, {0}, ACS_P_CALENDAR, NOT_ONE},
    {"UINT32_MAX holidays", SAT_SUN, 0, UINT32_MAX, {0}, ACS_P_CALENDAR, NOT_ONE},

    /* The dates: real dates of 1970 .. 9999, strictly increasing. */
    {"increasing", SAT_SUN, 60, 3, {20251225, 20251226, 20260101}, ACS_OK, 0},
    {"unsorted", SAT_SUN, 60, 3, {20251225, 20260101, 20251226}, ACS_P_CALENDAR, 2},
    {"unsorted first pair", 0, 0, 2, {20260101, 20251231}, ACS_P_CALENDAR, 1},
    {"duplicate", SAT_SUN, 60, 3, {20251225, 20251226, 20251226}, ACS_P_CALENDAR, 2},
    {"Feb 29 of 2028, a leap year", 0, 0, 2, {20280228, 20280229}, ACS_OK, 0},
    {"Feb 29 of 2027", 0, 0, 2, {20270101, 20270229}, ACS_P_CALENDAR, 1},
    {"Feb 29 of 2000, a leap century", 0, 0, 1, {20000229}, ACS_OK, 0},
    {"Feb 29 of 2100, not a leap century", 0, 0, 1, {21000229}, ACS_P_CALENDAR, 0},
    {"Feb 30 of 2028", 0, 0, 1, {20280230}, ACS_P_CALENDAR, 0},
    {"Apr 31", 0, 0, 2, {20260430, 20260431}, ACS_P_CALENDAR, 1},
    {"Dec 31", 0, 0, 1, {20261231}, ACS_OK, 0},
    {"Dec 32", 0, 0, 1, {20261232}, ACS_P_CALENDAR, 0},
    {"day 0", 0, 0, 1, {20260100}, ACS_P_CALENDAR, 0},
    {"month 12", 0, 0, 1, {20261201}, ACS_OK, 0},
    {"month 13", 0, 0, 3, {20260101, 20260501, 20261301}, ACS_P_CALENDAR, 2},
    {"month 0", 0, 0, 1, {20260001}, ACS_P_CALENDAR, 0},
    {"year 1970", 0, 0, 1, {19700101}, ACS_OK, 0},
    {"year 1969", 0, 0, 2, {19691231, 19700101}, ACS_P_CALENDAR, 0},
    {"year 9999", 0, 0, 1, {99991231}, ACS_OK, 0},
    {"year 10000", 0, 0, 2, {99991231, 100000101}, ACS_P_CALENDAR, 1},
    {"date 0 inside the count", 0, 0, 2, {20260101, 0}, ACS_P_CALENDAR, 1},
    {"date UINT32_MAX", 0, 0, 1, {UINT32_MAX}, ACS_P_CALENDAR, 0},

    /* Entries past the count are 0. */
    {"one entry past the count", SAT_SUN, 60, 2, {20251225, 20251226, 20260101},
     ACS_P_CALENDAR, 2},
    {"entries with count 0", 0, 0, 0, {20251225}, ACS_P_CALENDAR, 0},
    {"a gap of zeros, then an entry", 0, 0, 1, {20251225, 0, 0, 20260101},
     ACS_P_CALENDAR, 3},
};

static acs_calendar calendar_of(const calendar_case *row)
{
    acs_calendar calendar;
    memset(&calendar, 0, sizeof calendar);
    calendar.weekend = row->weekend;
    calendar.utc_offset_minutes = row->utc_offset_minutes;
    calendar.holiday_count = row->holiday_count;
    for (size_t i = 0; i < 4; i++) calendar.holidays[i] = row->holidays[i];
    return calendar;
}

static void test_calendar_table(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof calendar_cases / sizeof calendar_cases[0]; c++) {
        const calendar_case *row = &calendar_cases[c];
        for (size_t i = 0; i < PRESET_COUNT; i++) {
            acs_policy_rules rules = copy_of(presets[i]);
            rules.calendar = calendar_of(row);
            expect_rules(&rules, row->code, NOT_ONE, row->index, rules.name, row->what);
        }
    }
}

/* 256 holidays, one a day from 2026-01-01 (day 256 of 2026 is Sep 13). */
static void fill_holidays(acs_calendar *calendar, uint32_t count)
{
    static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    uint32_t month = 1, day = 1;
    for (uint32_t i = 0; i < count; i++) {
        calendar->holidays[i] = 20260000u + month * 100u + day;
        if (++day > (uint32_t)month_days[month - 1]) {
            day = 1;
            month++;
        }
    }
    calendar->holiday_count = count;
}

static void test_calendar_full(void **state)
{
    (void)state;
    for (size_t i = 0; i < PRESET_COUNT; i++) {
        acs_policy_rules rules = copy_of(presets[i]);
        memset(&rules.calendar, 0, sizeof rules.calendar);
        fill_holidays(&rules.calendar, ACS_HOLIDAYS_MAX);
        assert_int_equal(rules.calendar.holidays[ACS_HOLIDAYS_MAX - 1], 20260913);
        expect_rules(&rules, ACS_OK, NOT_ONE, NOT_ONE, rules.name, "256 holidays");

        /* One more than the table holds is refused before any date is read. */
        rules.calendar.holiday_count = ACS_HOLIDAYS_MAX + 1;
        expect_rules(&rules, ACS_P_CALENDAR, NOT_ONE, NOT_ONE, rules.name,
                     "257 holidays");

        /* The last entry out of order is named by its index. */
        rules.calendar.holiday_count = ACS_HOLIDAYS_MAX;
        rules.calendar.holidays[ACS_HOLIDAYS_MAX - 1] = 20260101;
        expect_rules(&rules, ACS_P_CALENDAR, NOT_ONE, ACS_HOLIDAYS_MAX - 1,
                     rules.name, "the last of 256 out of order");

        /* 255 holidays and a nonzero last entry past the count. */
        rules.calendar.holidays[ACS_HOLIDAYS_MAX - 1] = 20260913;
        rules.calendar.holiday_count = ACS_HOLIDAYS_MAX - 1;
        expect_rules(&rules, ACS_P_CALENDAR, NOT_ONE, ACS_HOLIDAYS_MAX - 1,
                     rules.name, "an entry at 255 past a count of 255");
        rules.calendar.holidays[ACS_HOLIDAYS_MAX - 1] = 0;
        expect_rules(&rules, ACS_OK, NOT_ONE, NOT_ONE, rules.name, "255 holidays");
    }
}

/* The consumer preset's own calendar, broken in place: each problem is
** named at the entry where it is seen. */
static void test_calendar_consumer_in_place(void **state)
{
    (void)state;
    const acs_policy_rules base = copy_of(ACS_PRESET_CONSUMER);
    assert_int_equal(base.calendar.holiday_count, 36);
    acs_policy_rules rules = base;

    /* Swapping Good Friday and Easter Monday 2026 (entries 7 and 8). */
    assert_int_equal(rules.calendar.holidays[7], 20260403);
    rules.calendar.holidays[7] = 20260406;
    rules.calendar.holidays[8] = 20260403;
    expect_rules(&rules, ACS_P_CALENDAR, NOT_ONE, 8, "consumer", "swapped");

    /* The last holiday repeated. */
    rules = base;
    rules.calendar.holidays[35] = rules.calendar.holidays[34];
    expect_rules(&rules, ACS_P_CALENDAR, NOT_ONE, 35, "consumer", "repeated");

    /* A count one short leaves the last date past it. */
    rules = base;
    rules.calendar.holiday_count = 35;
    expect_rules(&rules, ACS_P_CALENDAR, NOT_ONE, 35, "consumer", "count short");

    /* A date after the last, with the count unchanged. */
    rules = base;
    rules.calendar.holidays[36] = 20310101;
    expect_rules(&rules, ACS_P_CALENDAR, NOT_ONE, 36, "consumer", "entry past");

    /* And with the count raised to take it, the calendar is fine. */
    rules.calendar.holiday_count = 37;
    expect_rules(&rules, ACS_OK, NOT_ONE, NOT_ONE, "consumer", "37 holidays");
}

static void test_calendar_reserved(void **state)
{
    (void)state;
    for (size_t i = 0; i < PRESET_COUNT; i++) {
        acs_policy_rules rules = copy_of(presets[i]);
        rules.calendar.reserved = 1;
        expect_rules(&rules, ACS_E_RESERVED, NOT_ONE, NOT_ONE, rules.name,
                     "calendar reserved 1");
        rules.calendar.reserved = 0x80000000u;
        expect_rules(&rules, ACS_E_RESERVED, NOT_ONE, NOT_ONE, rules.name,
                     "calendar reserved top bit");
        /* Reserved comes before the other checks: a broken calendar with a
        ** reserved bit is a misuse first. */
        rules.calendar.weekend = SEVEN_DAYS;
        expect_rules(&rules, ACS_E_RESERVED, NOT_ONE, NOT_ONE, rules.name,
                     "reserved and seven weekend days");
    }
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

static void break_appeal_answer_none(acs_policy_rules *rules)
{
    rules->appeal_answer = (acs_period){0, ACS_UNIT_NONE};
}

static void appeals_off_answer_none(acs_policy_rules *rules)
{
    memset(&rules->rules[ACS_RULE_APPEAL], 0, sizeof rules->rules[0]);
    rules->appeal_answer = (acs_period){0, ACS_UNIT_NONE};
}

static void appeal_answer_one_hour(acs_policy_rules *rules)
{
    rules->appeal_answer = sa_hours(1);
}

static void test_appeal_period(void **state)
{
    (void)state;
    expect_problem(break_appeal_answer_none, ACS_P_APPEAL_PERIOD,
                   ACS_RULE_APPEAL, NOT_ONE);
    expect_builds(appeals_off_answer_none);
    expect_builds(appeal_answer_one_hour);
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
        cmocka_unit_test(test_name_bytes),
        cmocka_unit_test(test_name_bad_byte_positions),
        cmocka_unit_test(test_mask_unknown_bits),
        cmocka_unit_test(test_mask_names_the_unknown_value),
        cmocka_unit_test(test_reason_conflict),
        cmocka_unit_test(test_evidence_orphan),
        cmocka_unit_test(test_period_table),
        cmocka_unit_test(test_periods_at_their_limits),
        cmocka_unit_test(test_period_first_problem_is_named),
        cmocka_unit_test(test_calendar_table),
        cmocka_unit_test(test_calendar_full),
        cmocka_unit_test(test_calendar_consumer_in_place),
        cmocka_unit_test(test_calendar_reserved),
        cmocka_unit_test(test_no_role_no_reason_from_closed),
        cmocka_unit_test(test_appeal_period),
        cmocka_unit_test(test_capability),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_success_sets_problem_ok),
        cmocka_unit_test(test_unbuilt_policy_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
