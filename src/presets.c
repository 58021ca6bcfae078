/*
** presets.c: the three policies the library ships, as const tables.
**
** default       the library's recommended rules.
** consumer      modelled on consumer-protection rules (EU PSD2, the Payment
**               Accounts Directive): stated reasons, two months' notice for a
**               no-fault closure, complaints answered within 15 business
**               days (21 calendar days until business-day periods exist),
**               conduct suspensions need evidence and a second approver
**               from compliance, public criticism is never a ground, and an
**               investigation freeze is reviewed within a bounded period.
** discretionary what the platform in DOMAIN.md's case did: anyone on staff
**               may restrict at once for any reason, with no evidence, no
**               second approver, no review deadline and a short notice.
**
** The figures are for simulation and tests; they are not legal advice. Each
** table goes through acs_policy_build like any caller's table, so a preset
** is checked by the same rules.
*/
#include "internal.h"

#define S(x) ACS_STATUS_BIT(ACS_STATUS_##x)
#define R(x) ACS_ROLE_BIT(ACS_ROLE_##x)
#define G(x) ACS_REASON_BIT(ACS_REASON_##x)
#define DAYS(n) {(n), ACS_UNIT_DAYS}
#define BUSINESS_DAYS(n) {(n), ACS_UNIT_BUSINESS_DAYS}

/* Statuses of an account that is not closed, and of one under a hold or a
** closure notice. */
#define NOT_CLOSED (S(ACTIVE) | S(PENDING) | S(WITHDRAWAL_ONLY) | S(FROZEN) | S(SUSPENDED))
#define RESTRICTED (S(WITHDRAWAL_ONLY) | S(FROZEN) | S(SUSPENDED))
#define STAFF (R(SUPPORT) | R(COMPLIANCE) | R(SECURITY) | R(MANAGEMENT) | R(SYSTEM))
#define LIFT_OUTCOMES \
    (G(REVIEW_CLEARED) | G(REQUIREMENT_MET) | G(ORDER_LIFTED) | G(ERROR_CORRECTED))
#define CONDUCT (G(TERMS_BREACH) | G(ABUSIVE_CONDUCT))
#define ORDERS (G(LEGAL_ORDER) | G(SANCTIONS))
#define CLOSURE_GROUNDS \
    (ORDERS | CONDUCT | G(INACTIVITY) | G(USER_REQUEST) | G(COMMERCIAL_DECISION))
#define DEFAULT_CAPABILITIES                                                   \
    {                                                                          \
        [ACS_STATUS_ACTIVE] = ACS_CAP_ALL, [ACS_STATUS_PENDING] = ACS_CAP_LOGIN, \
        [ACS_STATUS_WITHDRAWAL_ONLY] = ACS_CAP_LOGIN | ACS_CAP_WITHDRAW,       \
        [ACS_STATUS_FROZEN] = ACS_CAP_LOGIN,                                   \
    }

static const acs_policy_rules preset_default = {
    .name = "default",
    .rules = {
        [ACS_RULE_VERIFY] = {S(PENDING), R(SUPPORT) | R(COMPLIANCE) | R(SYSTEM), 0, 0,
                             G(REQUIREMENT_MET), 0},
        [ACS_RULE_HOLD_WITHDRAWAL_ONLY] = {
            NOT_CLOSED, R(SUPPORT) | R(COMPLIANCE) | R(SECURITY) | R(SYSTEM), 0, 0,
            G(SECURITY_COMPROMISE) | G(SUSPICIOUS_ACTIVITY) | ORDERS | CONDUCT |
                G(KYC_REFRESH) | G(INACTIVITY) | G(USER_REQUEST),
            ORDERS | CONDUCT},
        [ACS_RULE_HOLD_FROZEN] = {
            NOT_CLOSED, R(COMPLIANCE) | R(SECURITY) | R(SYSTEM), 0, 0,
            G(SECURITY_COMPROMISE) | G(SUSPICIOUS_ACTIVITY) | ORDERS | G(USER_REQUEST),
            ORDERS},
        [ACS_RULE_HOLD_SUSPENDED] = {NOT_CLOSED, R(COMPLIANCE),
                                     R(COMPLIANCE) | R(MANAGEMENT), 0,
                                     ORDERS | CONDUCT, ORDERS | CONDUCT},
        [ACS_RULE_LIFT] = {RESTRICTED,
                           R(SUPPORT) | R(COMPLIANCE) | R(SECURITY) | R(SYSTEM), 0, 0,
                           LIFT_OUTCOMES, 0},
        [ACS_RULE_EXTEND] = {RESTRICTED, R(SUPPORT) | R(COMPLIANCE) | R(SECURITY), 0, 0,
                             G(SECURITY_COMPROMISE) | G(SUSPICIOUS_ACTIVITY) | ORDERS |
                                 CONDUCT | G(KYC_REFRESH) | G(USER_REQUEST),
                             0},
        [ACS_RULE_NOTICE] = {S(ACTIVE) | RESTRICTED, R(COMPLIANCE) | R(MANAGEMENT),
                             R(COMPLIANCE) | R(MANAGEMENT), 0, CLOSURE_GROUNDS,
                             ORDERS | CONDUCT},
        [ACS_RULE_RESCIND] = {RESTRICTED, R(COMPLIANCE) | R(MANAGEMENT), 0, 0,
                              G(ERROR_CORRECTED) | G(REVIEW_CLEARED), 0},
        [ACS_RULE_CLOSE] = {S(ACTIVE) | RESTRICTED,
                            R(USER) | R(COMPLIANCE) | R(MANAGEMENT) | R(SYSTEM), 0, 0,
                            CLOSURE_GROUNDS, 0},
        [ACS_RULE_APPEAL] = {RESTRICTED, R(USER), 0, 0, G(USER_REQUEST), 0},
        [ACS_RULE_DECIDE] = {RESTRICTED, R(COMPLIANCE) | R(MANAGEMENT), 0, 0,
                             G(APPEAL_UPHELD) | G(APPEAL_DISMISSED), 0},
    },
    .reasons_never_valid = G(PUBLIC_CRITICISM),
    .review_default = {[ACS_LEVEL_WITHDRAWAL_ONLY] = DAYS(30),
                          [ACS_LEVEL_FROZEN] = DAYS(14),
                          [ACS_LEVEL_SUSPENDED] = DAYS(30)},
    .review_max = {[ACS_LEVEL_WITHDRAWAL_ONLY] = DAYS(90),
                      [ACS_LEVEL_FROZEN] = DAYS(60),
                      [ACS_LEVEL_SUSPENDED] = DAYS(180)},
    .notice = {[ACS_REASON_LEGAL_ORDER] = DAYS(14),
                  [ACS_REASON_SANCTIONS] = DAYS(14),
                  [ACS_REASON_TERMS_BREACH] = DAYS(30),
                  [ACS_REASON_ABUSIVE_CONDUCT] = DAYS(30),
                  [ACS_REASON_INACTIVITY] = DAYS(62),
                  [ACS_REASON_USER_REQUEST] = DAYS(7),
                  [ACS_REASON_COMMERCIAL_DECISION] = DAYS(62)},
    .window_extension_max = DAYS(30),
    .appeal_window = DAYS(30),
    .appeal_answer = DAYS(14),
    .capabilities = DEFAULT_CAPABILITIES,
    .flags = ACS_POLICY_WINDOW_PAUSES | ACS_POLICY_UNCLAIMED_SEGREGATED,
};

/* Two months is at most 62 days, so 62 days is never shorter than the
** two months' notice PSD2 Art. 55 and PAD Art. 19 require. */
static const acs_policy_rules preset_consumer = {
    .name = "consumer",
    .rules = {
        [ACS_RULE_VERIFY] = {S(PENDING), R(SUPPORT) | R(COMPLIANCE) | R(SYSTEM), 0, 0,
                             G(REQUIREMENT_MET), 0},
        [ACS_RULE_HOLD_WITHDRAWAL_ONLY] = {
            NOT_CLOSED, R(SUPPORT) | R(COMPLIANCE) | R(SECURITY) | R(SYSTEM), 0, 0,
            G(SECURITY_COMPROMISE) | G(SUSPICIOUS_ACTIVITY) | ORDERS | CONDUCT |
                G(KYC_REFRESH) | G(USER_REQUEST),
            ORDERS | CONDUCT},
        [ACS_RULE_HOLD_FROZEN] = {
            NOT_CLOSED, R(COMPLIANCE) | R(SECURITY) | R(SYSTEM), 0, 0,
            G(SECURITY_COMPROMISE) | G(SUSPICIOUS_ACTIVITY) | ORDERS | G(USER_REQUEST),
            ORDERS},
        [ACS_RULE_HOLD_SUSPENDED] = {NOT_CLOSED, R(COMPLIANCE) | R(SECURITY) | R(MANAGEMENT),
                                     R(COMPLIANCE), 0, ORDERS | CONDUCT,
                                     ORDERS | CONDUCT},
        [ACS_RULE_LIFT] = {RESTRICTED,
                           R(SUPPORT) | R(COMPLIANCE) | R(SECURITY) | R(SYSTEM), 0, 0,
                           LIFT_OUTCOMES, 0},
        [ACS_RULE_EXTEND] = {RESTRICTED, R(SUPPORT) | R(COMPLIANCE) | R(SECURITY), 0, 0,
                             G(SECURITY_COMPROMISE) | G(SUSPICIOUS_ACTIVITY) | ORDERS |
                                 CONDUCT | G(KYC_REFRESH) | G(USER_REQUEST),
                             ORDERS | CONDUCT},
        [ACS_RULE_NOTICE] = {S(ACTIVE) | RESTRICTED, R(COMPLIANCE) | R(MANAGEMENT),
                             R(COMPLIANCE), 0, CLOSURE_GROUNDS, ORDERS | CONDUCT},
        [ACS_RULE_RESCIND] = {RESTRICTED, R(COMPLIANCE) | R(MANAGEMENT), 0, 0,
                              G(ERROR_CORRECTED) | G(REVIEW_CLEARED), 0},
        [ACS_RULE_CLOSE] = {S(ACTIVE) | RESTRICTED,
                            R(USER) | R(COMPLIANCE) | R(MANAGEMENT) | R(SYSTEM), 0, 0,
                            CLOSURE_GROUNDS, 0},
        [ACS_RULE_APPEAL] = {RESTRICTED, R(USER), 0, 0, G(USER_REQUEST), 0},
        [ACS_RULE_DECIDE] = {RESTRICTED, R(COMPLIANCE) | R(MANAGEMENT), 0, 0,
                             G(APPEAL_UPHELD) | G(APPEAL_DISMISSED), 0},
    },
    .reasons_never_valid = G(PUBLIC_CRITICISM),
    .review_default = {[ACS_LEVEL_WITHDRAWAL_ONLY] = DAYS(30),
                          [ACS_LEVEL_FROZEN] = DAYS(14),
                          [ACS_LEVEL_SUSPENDED] = DAYS(30)},
    .review_max = {[ACS_LEVEL_WITHDRAWAL_ONLY] = DAYS(60),
                      [ACS_LEVEL_FROZEN] = DAYS(30),
                      [ACS_LEVEL_SUSPENDED] = DAYS(90)},
    .notice = {[ACS_REASON_LEGAL_ORDER] = DAYS(14),
                  [ACS_REASON_SANCTIONS] = DAYS(14),
                  [ACS_REASON_TERMS_BREACH] = DAYS(30),
                  [ACS_REASON_ABUSIVE_CONDUCT] = DAYS(30),
                  [ACS_REASON_INACTIVITY] = DAYS(62),
                  [ACS_REASON_USER_REQUEST] = DAYS(7),
                  [ACS_REASON_COMMERCIAL_DECISION] = DAYS(62)},
    .window_extension_max = DAYS(30),
    .appeal_window = DAYS(60),
    .appeal_answer = BUSINESS_DAYS(15),
    .capabilities = DEFAULT_CAPABILITIES,
    .flags = ACS_POLICY_WINDOW_PAUSES | ACS_POLICY_LAPSE_LIFTS,
    .calendar = {.weekend = ACS_WEEKDAY_BIT(ACS_SATURDAY) | ACS_WEEKDAY_BIT(ACS_SUNDAY),
                 .utc_offset_minutes = 60,
                 .holiday_count = 36,
                 .holidays = {20250101, 20250418, 20250421, 20250501, 20251225, 20251226,
                              20260101, 20260403, 20260406, 20260501, 20261225, 20261226,
                              20270101, 20270326, 20270329, 20270501, 20271225, 20271226,
                              20280101, 20280414, 20280417, 20280501, 20281225, 20281226,
                              20290101, 20290330, 20290402, 20290501, 20291225, 20291226,
                              20300101, 20300419, 20300422, 20300501, 20301225, 20301226}},
};

#define ALL_GROUNDS ACS__GROUNDS_MASK

static const acs_policy_rules preset_discretionary = {
    .name = "discretionary",
    .rules = {
        [ACS_RULE_VERIFY] = {S(PENDING), STAFF, 0, 0, G(REQUIREMENT_MET), 0},
        [ACS_RULE_HOLD_WITHDRAWAL_ONLY] = {NOT_CLOSED, STAFF, 0, 0, ALL_GROUNDS, 0},
        [ACS_RULE_HOLD_FROZEN] = {NOT_CLOSED, STAFF, 0, 0, ALL_GROUNDS, 0},
        [ACS_RULE_HOLD_SUSPENDED] = {NOT_CLOSED, STAFF, 0, 0, ALL_GROUNDS, 0},
        [ACS_RULE_LIFT] = {RESTRICTED, STAFF, 0, 0, LIFT_OUTCOMES, 0},
        [ACS_RULE_EXTEND] = {RESTRICTED, STAFF, 0, 0, ALL_GROUNDS, 0},
        [ACS_RULE_NOTICE] = {S(ACTIVE) | RESTRICTED, R(COMPLIANCE) | R(MANAGEMENT), 0, 0,
                             ALL_GROUNDS, 0},
        [ACS_RULE_RESCIND] = {RESTRICTED, R(COMPLIANCE) | R(MANAGEMENT), 0, 0,
                              G(ERROR_CORRECTED) | G(REVIEW_CLEARED), 0},
        [ACS_RULE_CLOSE] = {S(ACTIVE) | RESTRICTED,
                            R(USER) | R(COMPLIANCE) | R(MANAGEMENT) | R(SYSTEM), 0, 0,
                            ALL_GROUNDS, 0},
        [ACS_RULE_APPEAL] = {RESTRICTED, R(USER), 0, 0, G(USER_REQUEST), 0},
        [ACS_RULE_DECIDE] = {RESTRICTED, R(COMPLIANCE) | R(MANAGEMENT), 0, 0,
                             G(APPEAL_UPHELD) | G(APPEAL_DISMISSED), 0},
    },
    .reasons_never_valid = 0,
    .review_default = {{0, 0}},
    .review_max = {[ACS_LEVEL_WITHDRAWAL_ONLY] = DAYS(365),
                      [ACS_LEVEL_FROZEN] = DAYS(365),
                      [ACS_LEVEL_SUSPENDED] = DAYS(365)},
    .notice = {[ACS_REASON_SECURITY_COMPROMISE] = DAYS(7),
                  [ACS_REASON_SUSPICIOUS_ACTIVITY] = DAYS(7),
                  [ACS_REASON_LEGAL_ORDER] = DAYS(7),
                  [ACS_REASON_SANCTIONS] = DAYS(7),
                  [ACS_REASON_KYC_REFRESH] = DAYS(7),
                  [ACS_REASON_TERMS_BREACH] = DAYS(7),
                  [ACS_REASON_ABUSIVE_CONDUCT] = DAYS(7),
                  [ACS_REASON_INACTIVITY] = DAYS(7),
                  [ACS_REASON_USER_REQUEST] = DAYS(7),
                  [ACS_REASON_COMMERCIAL_DECISION] = DAYS(7),
                  [ACS_REASON_PUBLIC_CRITICISM] = DAYS(7)},
    .window_extension_max = DAYS(7),
    .appeal_window = DAYS(7),
    .appeal_answer = DAYS(30),
    .capabilities = DEFAULT_CAPABILITIES,
    .flags = ACS_POLICY_UNCLAIMED_SEGREGATED,
};

const acs_policy_rules *acs_preset_rules(int preset)
{
    switch (preset) {
    case ACS_PRESET_DEFAULT: return &preset_default;
    case ACS_PRESET_CONSUMER: return &preset_consumer;
    case ACS_PRESET_DISCRETIONARY: return &preset_discretionary;
    default: return NULL;
    }
}

int acs_policy_preset(acs_policy *policy, int preset)
{
    if (policy == NULL) return ACS_E_NULL;
    const acs_policy_rules *rules = acs_preset_rules(preset);
    if (rules == NULL) return ACS_E_ENUM;
    int rc = acs_policy_build(policy, rules, NULL);
    /* A preset that fails its own checks is a defect of the library. */
    assert(rc == ACS_OK);
    return rc;
}
