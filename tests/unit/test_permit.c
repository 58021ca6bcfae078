/*
** test_permit.c: the policy's rule check for one event (permit.h).
**
** The rule is checked in the order the header documents on acs_rule:
** status, reason never valid (no role or approval could make it valid),
** actor role, dual control (approver missing, approver the actor,
** approver's role), reason not valid, evidence missing. Each test takes an
** event that
** breaks every part of a rule and mends one part at a time, so that each
** refusal shows up in turn and in that order. Every refusal must fill
** acs_refusal with the rule at fault and leave the account, the record and
** the rest of the caller's memory as they were.
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

/* A policy whose FROZEN hold rule has every check: only from ACTIVE, only by
** SECURITY, approved by COMPLIANCE, for SUSPICIOUS_ACTIVITY or LEGAL_ORDER,
** evidence for LEGAL_ORDER, and PUBLIC_CRITICISM never valid. */
static void ladder_policy(acs_policy *policy)
{
    const acs_policy_rules *base = acs_preset_rules(ACS_PRESET_DEFAULT);
    assert_non_null(base);
    acs_policy_rules rules = *base;
    memset(rules.name, 0, sizeof rules.name);
    strcpy(rules.name, "ladder");
    rules.rules[ACS_RULE_HOLD_FROZEN] = (acs_rule){
        ACS_STATUS_BIT(ACS_STATUS_ACTIVE),
        ACS_ROLE_BIT(ACS_ROLE_SECURITY),
        ACS_ROLE_BIT(ACS_ROLE_COMPLIANCE),
        0,
        ACS_REASON_BIT(ACS_REASON_SUSPICIOUS_ACTIVITY) |
            ACS_REASON_BIT(ACS_REASON_LEGAL_ORDER),
        ACS_REASON_BIT(ACS_REASON_LEGAL_ORDER)};
    rules.reasons_never_valid = ACS_REASON_BIT(ACS_REASON_PUBLIC_CRITICISM);
    sa_assert_code(acs_policy_build(policy, &rules, NULL), ACS_OK);
}

/* What a refusal must say, beyond its code. role and reason are the ones
** at fault, 0 when the refusal is not about a role or a reason. */
typedef struct expect_refusal {
    int code;
    int status;
    int role;
    int reason;
    const char *policy_name;
} expect_refusal;

/* Apply event and check that it is refused as expected, with nothing
** changed but the refusal; then again with a NULL refusal. */
static void expect_refused(const acs_policy *policy, acs_account *account,
                           const acs_event *event, expect_refusal want)
{
    acs_account before = *account;
    acs_record record, record_before;
    memset(&record, FILL, sizeof record);
    memcpy(&record_before, &record, sizeof record);
    acs_refusal refusal;
    memset(&refusal, FILL, sizeof refusal);

    sa_assert_code(acs_apply(policy, account, event, &record, &refusal),
                   want.code);
    assert_memory_equal(&before, account, sizeof before);
    assert_memory_equal(&record_before, &record, sizeof record);

    sa_assert_code(refusal.code, want.code);
    assert_int_equal(refusal.kind, event->kind);
    assert_int_equal(refusal.level,
                     event->kind == ACS_EVENT_HOLD ? event->level : 0);
    assert_int_equal(refusal.status, want.status);
    assert_int_equal(refusal.role, want.role);
    assert_int_equal(refusal.reason, want.reason);
    assert_int_equal(refusal.limit_ms, 0);
    assert_non_null(memchr(refusal.policy_name, '\0', sizeof refusal.policy_name));
    assert_string_equal(refusal.policy_name, want.policy_name);

    sa_assert_code(acs_apply(policy, account, event, &record, NULL), want.code);
    assert_memory_equal(&before, account, sizeof before);
    assert_memory_equal(&record_before, &record, sizeof record);
}

/* Apply event and check that it succeeds and leaves the refusal alone. */
static void expect_applied(const acs_policy *policy, acs_account *account,
                           const acs_event *event)
{
    acs_record record;
    acs_refusal refusal, refusal_before;
    memset(&refusal, FILL, sizeof refusal);
    memcpy(&refusal_before, &refusal, sizeof refusal);
    sa_assert_code(acs_apply(policy, account, event, &record, &refusal), ACS_OK);
    assert_memory_equal(&refusal_before, &refusal, sizeof refusal);
    assert_int_equal(record.kind, event->kind);
    assert_int_equal(record.reason, event->reason);
}

static acs_event frozen_hold(int actor_role, int reason)
{
    acs_event event = sa_event(ACS_EVENT_HOLD, SA_T_EVENT, actor_role, reason);
    event.level = ACS_LEVEL_FROZEN;
    return event;
}

/* The whole ladder, one check mended at a time. */
static void test_check_order_ladder(void **state)
{
    (void)state;
    acs_policy setup, policy;
    sa_setup_policy(&setup);
    ladder_policy(&policy);
    acs_event event = frozen_hold(ACS_ROLE_SUPPORT, ACS_REASON_PUBLIC_CRITICISM);

    /* Every part wrong: the status is reported first. */
    acs_account restricted;
    sa_account_in(&setup, &restricted, ACS_STATUS_WITHDRAWAL_ONLY, 0);
    expect_refused(&policy, &restricted, &event,
                   (expect_refusal){ACS_R_STATUS, ACS_STATUS_WITHDRAWAL_ONLY,
                                    0, 0, "ladder"});

    /* Then a reason the policy names never valid, before the role. */
    acs_account account;
    sa_account_in(&setup, &account, ACS_STATUS_ACTIVE, 0);
    expect_refused(&policy, &account, &event,
                   (expect_refusal){ACS_R_REASON_NEVER_VALID, ACS_STATUS_ACTIVE,
                                    0, ACS_REASON_PUBLIC_CRITICISM, "ladder"});

    /* A reason merely not valid for this rule waits until after the role
    ** and dual control. */
    event.reason = ACS_REASON_KYC_REFRESH;
    expect_refused(&policy, &account, &event,
                   (expect_refusal){ACS_R_ROLE, ACS_STATUS_ACTIVE,
                                    ACS_ROLE_SUPPORT, 0, "ladder"});

    event.actor_role = ACS_ROLE_SECURITY;
    expect_refused(&policy, &account, &event,
                   (expect_refusal){ACS_R_APPROVER_MISSING, ACS_STATUS_ACTIVE,
                                    0, 0, "ladder"});

    /* The approver is the actor, and has a role that may not approve:
    ** sameness is reported first. */
    sa_set_approver(&event, ACS_ROLE_SUPPORT, event.actor_id);
    acs_refusal refusal;
    acs_record record;
    sa_assert_code(acs_apply(&policy, &account, &event, &record, &refusal),
                   ACS_R_APPROVER_SAME);
    sa_set_approver(&event, ACS_ROLE_COMPLIANCE, event.actor_id);
    sa_assert_code(acs_apply(&policy, &account, &event, &record, &refusal),
                   ACS_R_APPROVER_SAME);
    assert_int_equal(refusal.code, ACS_R_APPROVER_SAME);
    assert_int_equal(refusal.kind, ACS_EVENT_HOLD);
    assert_int_equal(refusal.level, ACS_LEVEL_FROZEN);
    assert_int_equal(refusal.status, ACS_STATUS_ACTIVE);
    assert_int_equal(refusal.reason, 0);
    assert_string_equal(refusal.policy_name, "ladder");

    sa_set_approver(&event, ACS_ROLE_SUPPORT, SA_APPROVER_ID);
    expect_refused(&policy, &account, &event,
                   (expect_refusal){ACS_R_APPROVER_ROLE, ACS_STATUS_ACTIVE,
                                    ACS_ROLE_SUPPORT, 0, "ladder"});

    sa_set_approver(&event, ACS_ROLE_COMPLIANCE, SA_APPROVER_ID);
    expect_refused(&policy, &account, &event,
                   (expect_refusal){ACS_R_REASON_NOT_VALID, ACS_STATUS_ACTIVE,
                                    0, ACS_REASON_KYC_REFRESH, "ladder"});

    event.reason = ACS_REASON_LEGAL_ORDER;
    expect_refused(&policy, &account, &event,
                   (expect_refusal){ACS_R_EVIDENCE_MISSING, ACS_STATUS_ACTIVE,
                                    0, ACS_REASON_LEGAL_ORDER, "ladder"});

    sa_set_evidence(&event, 0x33);
    expect_applied(&policy, &account, &event);
    assert_int_equal(sa_status(&account), ACS_STATUS_FROZEN);
}

/* A reason that needs no evidence passes without a digest. */
static void test_evidence_only_for_the_reasons_that_need_it(void **state)
{
    (void)state;
    acs_policy setup, policy;
    sa_setup_policy(&setup);
    ladder_policy(&policy);
    acs_account account;
    sa_account_in(&setup, &account, ACS_STATUS_ACTIVE, 0);
    acs_event event =
        frozen_hold(ACS_ROLE_SECURITY, ACS_REASON_SUSPICIOUS_ACTIVITY);
    sa_set_approver(&event, ACS_ROLE_COMPLIANCE, SA_APPROVER_ID);
    expect_applied(&policy, &account, &event);
}

/* Evidence is any digest that is not all zero: one nonzero byte, first or
** last, is enough. */
static void test_evidence_digest_one_nonzero_byte(void **state)
{
    (void)state;
    acs_policy setup, policy;
    sa_setup_policy(&setup);
    ladder_policy(&policy);
    const size_t positions[] = {0, ACS_DIGEST_SIZE - 1};
    for (size_t i = 0; i < 2; i++) {
        acs_account account;
        sa_account_in(&setup, &account, ACS_STATUS_ACTIVE, 0);
        acs_event event = frozen_hold(ACS_ROLE_SECURITY, ACS_REASON_LEGAL_ORDER);
        sa_set_approver(&event, ACS_ROLE_COMPLIANCE, SA_APPROVER_ID);
        expect_refused(&policy, &account, &event,
                       (expect_refusal){ACS_R_EVIDENCE_MISSING, ACS_STATUS_ACTIVE,
                                        0, ACS_REASON_LEGAL_ORDER, "ladder"});
        event.evidence[positions[i]] = 1;
        expect_applied(&policy, &account, &event);
    }
}

/* Status comes before role for an event whose kind has no level. */
static void test_status_before_role_without_level(void **state)
{
    (void)state;
    acs_policy setup, policy;
    sa_setup_policy(&setup);
    sa_preset(&policy, ACS_PRESET_DEFAULT);
    acs_account account;
    sa_account_in(&setup, &account, ACS_STATUS_ACTIVE, 0);
    /* VERIFY on an ACTIVE account by a customer: wrong status, wrong role. */
    acs_event event =
        sa_event(ACS_EVENT_VERIFY, SA_T_EVENT, ACS_ROLE_USER,
                 ACS_REASON_REQUIREMENT_MET);
    expect_refused(&policy, &account, &event,
                   (expect_refusal){ACS_R_STATUS, ACS_STATUS_ACTIVE, 0, 0,
                                    "default"});

    acs_account pending;
    sa_account_in(&setup, &pending, ACS_STATUS_PENDING, 0);
    expect_refused(&policy, &pending, &event,
                   (expect_refusal){ACS_R_ROLE, ACS_STATUS_PENDING,
                                    ACS_ROLE_USER, 0, "default"});
    event.actor_role = ACS_ROLE_SUPPORT;
    expect_applied(&policy, &pending, &event);
    assert_int_equal(sa_status(&pending), ACS_STATUS_ACTIVE);
}

/* Role comes before dual control: an actor who may not act is refused as
** such even with no approver. */
static void test_role_before_dual_control(void **state)
{
    (void)state;
    acs_policy setup, policy;
    sa_setup_policy(&setup);
    sa_preset(&policy, ACS_PRESET_DEFAULT);
    acs_account account;
    sa_account_in(&setup, &account, ACS_STATUS_ACTIVE, 0);
    /* Default: only COMPLIANCE suspends, with a COMPLIANCE or MANAGEMENT
    ** approver. */
    acs_event event = sa_event(ACS_EVENT_HOLD, SA_T_EVENT, ACS_ROLE_MANAGEMENT,
                               ACS_REASON_TERMS_BREACH);
    event.level = ACS_LEVEL_SUSPENDED;
    expect_refused(&policy, &account, &event,
                   (expect_refusal){ACS_R_ROLE, ACS_STATUS_ACTIVE,
                                    ACS_ROLE_MANAGEMENT, 0, "default"});
    event.actor_role = ACS_ROLE_COMPLIANCE;
    expect_refused(&policy, &account, &event,
                   (expect_refusal){ACS_R_APPROVER_MISSING, ACS_STATUS_ACTIVE,
                                    0, 0, "default"});
    /* A second compliance officer is a valid approver: same role, other
    ** person. */
    sa_set_approver(&event, ACS_ROLE_COMPLIANCE, SA_APPROVER_ID);
    expect_refused(&policy, &account, &event,
                   (expect_refusal){ACS_R_EVIDENCE_MISSING, ACS_STATUS_ACTIVE,
                                    0, ACS_REASON_TERMS_BREACH, "default"});
    sa_set_evidence(&event, 0x10);
    expect_applied(&policy, &account, &event);
    assert_int_equal(sa_status(&account), ACS_STATUS_SUSPENDED);
}

/* A never-valid reason is refused before the role and dual control are
** looked at; a reason merely not valid only after them. */
static void test_never_valid_first_not_valid_last(void **state)
{
    (void)state;
    acs_policy setup, policy;
    sa_setup_policy(&setup);
    sa_preset(&policy, ACS_PRESET_CONSUMER);
    acs_account account;
    sa_account_in(&setup, &account, ACS_STATUS_ACTIVE, 0);
    /* A customer giving notice for public criticism, with no approver. */
    acs_event event = sa_event(ACS_EVENT_NOTICE, SA_T_EVENT, ACS_ROLE_USER,
                               ACS_REASON_PUBLIC_CRITICISM);
    expect_refused(&policy, &account, &event,
                   (expect_refusal){ACS_R_REASON_NEVER_VALID, ACS_STATUS_ACTIVE,
                                    0, ACS_REASON_PUBLIC_CRITICISM, "consumer"});
    /* An outcome is not a ground for a closure, but the role and the
    ** missing approver are reported first. */
    event.reason = ACS_REASON_REVIEW_CLEARED;
    expect_refused(&policy, &account, &event,
                   (expect_refusal){ACS_R_ROLE, ACS_STATUS_ACTIVE,
                                    ACS_ROLE_USER, 0, "consumer"});
    event.actor_role = ACS_ROLE_MANAGEMENT;
    expect_refused(&policy, &account, &event,
                   (expect_refusal){ACS_R_APPROVER_MISSING, ACS_STATUS_ACTIVE,
                                    0, 0, "consumer"});
    sa_set_approver(&event, ACS_ROLE_MANAGEMENT, SA_APPROVER_ID);
    expect_refused(&policy, &account, &event,
                   (expect_refusal){ACS_R_APPROVER_ROLE, ACS_STATUS_ACTIVE,
                                    ACS_ROLE_MANAGEMENT, 0, "consumer"});
    sa_set_approver(&event, ACS_ROLE_COMPLIANCE, SA_APPROVER_ID);
    expect_refused(&policy, &account, &event,
                   (expect_refusal){ACS_R_REASON_NOT_VALID, ACS_STATUS_ACTIVE,
                                    0, ACS_REASON_REVIEW_CLEARED, "consumer"});
    event.reason = ACS_REASON_COMMERCIAL_DECISION;
    expect_applied(&policy, &account, &event);
    assert_int_equal(sa_status(&account), ACS_STATUS_WITHDRAWAL_ONLY);
}

/* The status comes before a never-valid reason. */
static void test_status_before_never_valid(void **state)
{
    (void)state;
    acs_policy setup, policy;
    sa_setup_policy(&setup);
    sa_preset(&policy, ACS_PRESET_DEFAULT);
    acs_account account;
    sa_account_in(&setup, &account, ACS_STATUS_PENDING, 0);
    acs_event event = sa_event(ACS_EVENT_NOTICE, SA_T_EVENT, ACS_ROLE_COMPLIANCE,
                               ACS_REASON_PUBLIC_CRITICISM);
    sa_set_approver(&event, ACS_ROLE_MANAGEMENT, SA_APPROVER_ID);
    expect_refused(&policy, &account, &event,
                   (expect_refusal){ACS_R_STATUS, ACS_STATUS_PENDING, 0, 0,
                                    "default"});
}

/* A reason never valid is refused for every event, whatever its rule says;
** a policy that does not name it lets the same event through. */
static void test_never_valid_applies_to_every_rule(void **state)
{
    (void)state;
    acs_policy setup, strict, lax;
    sa_setup_policy(&setup);
    sa_preset(&strict, ACS_PRESET_DEFAULT);
    sa_preset(&lax, ACS_PRESET_DISCRETIONARY);
    const int levels[] = {ACS_LEVEL_WITHDRAWAL_ONLY, ACS_LEVEL_FROZEN};
    for (size_t i = 0; i < 2; i++) {
        acs_account account;
        sa_account_in(&setup, &account, ACS_STATUS_ACTIVE, 0);
        acs_event event = sa_event(ACS_EVENT_HOLD, SA_T_EVENT,
                                   ACS_ROLE_COMPLIANCE,
                                   ACS_REASON_PUBLIC_CRITICISM);
        event.level = (uint8_t)levels[i];
        sa_set_evidence(&event, 0x99);
        expect_refused(&strict, &account, &event,
                       (expect_refusal){ACS_R_REASON_NEVER_VALID,
                                        ACS_STATUS_ACTIVE, 0,
                                        ACS_REASON_PUBLIC_CRITICISM, "default"});
        expect_applied(&lax, &account, &event);
    }
}

/* The refusal of a HOLD names the level of the rule that refused it. */
static void test_refusal_names_the_level(void **state)
{
    (void)state;
    acs_policy setup, policy;
    sa_setup_policy(&setup);
    sa_preset(&policy, ACS_PRESET_DEFAULT);
    for (int level = ACS_LEVEL_WITHDRAWAL_ONLY; level <= ACS_LEVEL_SUSPENDED;
         level++) {
        acs_account account;
        sa_account_in(&setup, &account, ACS_STATUS_FROZEN, 0);
        /* No level's rule in default lets a customer restrict an account. */
        acs_event event = sa_event(ACS_EVENT_HOLD, SA_T_EVENT, ACS_ROLE_USER,
                                   ACS_REASON_LEGAL_ORDER);
        event.level = (uint8_t)level;
        expect_refused(&policy, &account, &event,
                       (expect_refusal){ACS_R_ROLE, ACS_STATUS_FROZEN,
                                        ACS_ROLE_USER, 0, "default"});
    }
}

/* The status a refusal reports is the derived status, here CLOSING with a
** stricter hold: FROZEN. */
static void test_refusal_reports_derived_status(void **state)
{
    (void)state;
    acs_policy setup, policy;
    sa_setup_policy(&setup);
    sa_preset(&policy, ACS_PRESET_DEFAULT);
    acs_account account;
    sa_account_in(&setup, &account, ACS_STATUS_FROZEN, SA_WITH_NOTICE);
    acs_event event = sa_event(ACS_EVENT_RESCIND, SA_T_EVENT, ACS_ROLE_SUPPORT,
                               ACS_REASON_ERROR_CORRECTED);
    expect_refused(&policy, &account, &event,
                   (expect_refusal){ACS_R_ROLE, ACS_STATUS_FROZEN,
                                    ACS_ROLE_SUPPORT, 0, "default"});
    event.actor_role = ACS_ROLE_COMPLIANCE;
    expect_applied(&policy, &account, &event);
    acs_account_info info;
    sa_assert_code(acs_account_info_get(&account, &info), ACS_OK);
    assert_int_equal(info.lifecycle, ACS_LIFECYCLE_OPEN);
    assert_int_equal(info.status, ACS_STATUS_FROZEN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_order_ladder),
        cmocka_unit_test(test_evidence_only_for_the_reasons_that_need_it),
        cmocka_unit_test(test_evidence_digest_one_nonzero_byte),
        cmocka_unit_test(test_status_before_role_without_level),
        cmocka_unit_test(test_role_before_dual_control),
        cmocka_unit_test(test_never_valid_first_not_valid_last),
        cmocka_unit_test(test_status_before_never_valid),
        cmocka_unit_test(test_never_valid_applies_to_every_rule),
        cmocka_unit_test(test_refusal_names_the_level),
        cmocka_unit_test(test_refusal_reports_derived_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
