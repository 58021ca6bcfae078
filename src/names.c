/*
** names.c: the printable name of every value of the domain's enums, as the
** enum constant without its prefix ("WITHDRAWAL_ONLY"). Unknown values give
** NULL, so that a caller can tell them from real names.
*/
#include "internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *name_at(const char *const *names, size_t count, int value)
{
    if (value < 0 || (size_t)value >= count) return NULL;
    return names[value];
}

const char *acs_status_name(int status)
{
    static const char *const names[] = {
        [ACS_STATUS_ACTIVE] = "ACTIVE",       [ACS_STATUS_PENDING] = "PENDING",
        [ACS_STATUS_WITHDRAWAL_ONLY] = "WITHDRAWAL_ONLY",
        [ACS_STATUS_FROZEN] = "FROZEN",       [ACS_STATUS_SUSPENDED] = "SUSPENDED",
        [ACS_STATUS_CLOSED] = "CLOSED",
    };
    return name_at(names, COUNT(names), status);
}

const char *acs_lifecycle_name(int lifecycle)
{
    static const char *const names[] = {
        [ACS_LIFECYCLE_PENDING] = "PENDING", [ACS_LIFECYCLE_OPEN] = "OPEN",
        [ACS_LIFECYCLE_CLOSING] = "CLOSING", [ACS_LIFECYCLE_CLOSED] = "CLOSED",
    };
    return name_at(names, COUNT(names), lifecycle);
}

const char *acs_level_name(int level)
{
    static const char *const names[] = {
        [ACS_LEVEL_WITHDRAWAL_ONLY] = "WITHDRAWAL_ONLY",
        [ACS_LEVEL_FROZEN] = "FROZEN",
        [ACS_LEVEL_SUSPENDED] = "SUSPENDED",
    };
    return name_at(names, COUNT(names), level);
}

const char *acs_role_name(int role)
{
    static const char *const names[] = {
        [ACS_ROLE_USER] = "USER",           [ACS_ROLE_SUPPORT] = "SUPPORT",
        [ACS_ROLE_COMPLIANCE] = "COMPLIANCE", [ACS_ROLE_SECURITY] = "SECURITY",
        [ACS_ROLE_MANAGEMENT] = "MANAGEMENT", [ACS_ROLE_SYSTEM] = "SYSTEM",
    };
    return name_at(names, COUNT(names), role);
}

const char *acs_reason_name(int reason)
{
    static const char *const names[] = {
        [ACS_REASON_SECURITY_COMPROMISE] = "SECURITY_COMPROMISE",
        [ACS_REASON_SUSPICIOUS_ACTIVITY] = "SUSPICIOUS_ACTIVITY",
        [ACS_REASON_LEGAL_ORDER] = "LEGAL_ORDER",
        [ACS_REASON_SANCTIONS] = "SANCTIONS",
        [ACS_REASON_KYC_REFRESH] = "KYC_REFRESH",
        [ACS_REASON_TERMS_BREACH] = "TERMS_BREACH",
        [ACS_REASON_ABUSIVE_CONDUCT] = "ABUSIVE_CONDUCT",
        [ACS_REASON_INACTIVITY] = "INACTIVITY",
        [ACS_REASON_USER_REQUEST] = "USER_REQUEST",
        [ACS_REASON_COMMERCIAL_DECISION] = "COMMERCIAL_DECISION",
        [ACS_REASON_PUBLIC_CRITICISM] = "PUBLIC_CRITICISM",
        [ACS_REASON_REVIEW_CLEARED] = "REVIEW_CLEARED",
        [ACS_REASON_REQUIREMENT_MET] = "REQUIREMENT_MET",
        [ACS_REASON_ORDER_LIFTED] = "ORDER_LIFTED",
        [ACS_REASON_APPEAL_UPHELD] = "APPEAL_UPHELD",
        [ACS_REASON_APPEAL_DISMISSED] = "APPEAL_DISMISSED",
        [ACS_REASON_ERROR_CORRECTED] = "ERROR_CORRECTED",
        [ACS_REASON_DEADLINE_LAPSED] = "DEADLINE_LAPSED",
    };
    return name_at(names, COUNT(names), reason);
}

const char *acs_event_name(int kind)
{
    static const char *const names[] = {
        [ACS_EVENT_VERIFY] = "VERIFY",   [ACS_EVENT_HOLD] = "HOLD",
        [ACS_EVENT_LIFT] = "LIFT",       [ACS_EVENT_EXTEND] = "EXTEND",
        [ACS_EVENT_NOTICE] = "NOTICE",   [ACS_EVENT_RESCIND] = "RESCIND",
        [ACS_EVENT_CLOSE] = "CLOSE",     [ACS_EVENT_APPEAL] = "APPEAL",
        [ACS_EVENT_DECIDE] = "DECIDE",   [ACS_EVENT_OPEN] = "OPEN",
        [ACS_EVENT_REVIEW_LAPSED] = "REVIEW_LAPSED",
        [ACS_EVENT_APPEAL_LAPSED] = "APPEAL_LAPSED",
        [ACS_EVENT_WINDOW_ENDED] = "WINDOW_ENDED",
    };
    return name_at(names, COUNT(names), kind);
}

const char *acs_capability_name(unsigned capability)
{
    switch (capability) {
    case ACS_CAP_LOGIN: return "LOGIN";
    case ACS_CAP_DEPOSIT: return "DEPOSIT";
    case ACS_CAP_TRADE: return "TRADE";
    case ACS_CAP_WITHDRAW: return "WITHDRAW";
    case ACS_CAP_API: return "API";
    default: return NULL;
    }
}

/* ---- Names the policy text uses (policy_parse.c, policy_format.c). ----
** The text names values that the public API has no name function for (the
** rule indexes, weekdays, policy flags and period units) and looks names up
** the other way, from a token to its value. Each set maps a position 0..63
** to a name: the value itself, or the bit number for capabilities and
** policy flags, so that a set of names is always a 64-bit mask. */

static const char *weekday_name(unsigned day)
{
    static const char *const names[] = {
        [ACS_MONDAY] = "MONDAY",     [ACS_TUESDAY] = "TUESDAY",
        [ACS_WEDNESDAY] = "WEDNESDAY", [ACS_THURSDAY] = "THURSDAY",
        [ACS_FRIDAY] = "FRIDAY",     [ACS_SATURDAY] = "SATURDAY",
        [ACS_SUNDAY] = "SUNDAY",
    };
    return name_at(names, COUNT(names), (int)day);
}

static const char *policy_flag_name(unsigned bit)
{
    static const char *const names[] = {
        "WINDOW_PAUSES",        /* ACS_POLICY_WINDOW_PAUSES, bit 0 */
        "LAPSE_LIFTS",          /* ACS_POLICY_LAPSE_LIFTS, bit 1 */
        "UNCLAIMED_SEGREGATED", /* ACS_POLICY_UNCLAIMED_SEGREGATED, bit 2 */
    };
    _Static_assert(ACS_POLICY_WINDOW_PAUSES == 1u << 0, "flag bit 0");
    _Static_assert(ACS_POLICY_LAPSE_LIFTS == 1u << 1, "flag bit 1");
    _Static_assert(ACS_POLICY_UNCLAIMED_SEGREGATED == 1u << 2, "flag bit 2");
    _Static_assert(ACS_POLICY_FLAGS_ALL == 0x7u, "every flag has a name");
    return name_at(names, COUNT(names), (int)bit);
}

static const char *rule_name(unsigned rule)
{
    static const char *const names[] = {
        [ACS_RULE_VERIFY] = "VERIFY",
        [ACS_RULE_HOLD_WITHDRAWAL_ONLY] = "HOLD_WITHDRAWAL_ONLY",
        [ACS_RULE_HOLD_FROZEN] = "HOLD_FROZEN",
        [ACS_RULE_HOLD_SUSPENDED] = "HOLD_SUSPENDED",
        [ACS_RULE_LIFT] = "LIFT",       [ACS_RULE_EXTEND] = "EXTEND",
        [ACS_RULE_NOTICE] = "NOTICE",   [ACS_RULE_RESCIND] = "RESCIND",
        [ACS_RULE_CLOSE] = "CLOSE",     [ACS_RULE_APPEAL] = "APPEAL",
        [ACS_RULE_DECIDE] = "DECIDE",
    };
    _Static_assert(COUNT(names) == ACS_RULE_COUNT, "every rule has a name");
    return name_at(names, COUNT(names), (int)rule);
}

/* Plural; the singular drops the final 's'. */
static const char *unit_name(unsigned unit)
{
    static const char *const names[] = {
        [ACS_UNIT_HOURS] = "hours",
        [ACS_UNIT_DAYS] = "days",
        [ACS_UNIT_BUSINESS_DAYS] = "business-days",
    };
    return name_at(names, COUNT(names), (int)unit);
}

const char *acs__name_at(acs__name_set set, unsigned position)
{
    if (position >= ACS__NAME_POSITIONS) return NULL;
    switch (set) {
    case ACS__NAMES_STATUS: return acs_status_name((int)position);
    case ACS__NAMES_ROLE: return acs_role_name((int)position);
    case ACS__NAMES_REASON: return acs_reason_name((int)position);
    case ACS__NAMES_LEVEL: return acs_level_name((int)position);
    case ACS__NAMES_CAPABILITY:
        return position < 32 ? acs_capability_name(1u << position) : NULL;
    case ACS__NAMES_WEEKDAY: return weekday_name(position);
    case ACS__NAMES_POLICY_FLAG: return policy_flag_name(position);
    case ACS__NAMES_RULE: return rule_name(position);
    case ACS__NAMES_UNIT: return unit_name(position);
    default: return NULL;
    }
}

/* Whether name is exactly the length bytes at text (which need no NUL). */
static bool name_is(const char *name, const char *text, size_t length)
{
    size_t i = 0;
    while (i < length && name[i] != '\0' && name[i] == text[i]) i++;
    return i == length && name[i] == '\0';
}

int acs__name_position(acs__name_set set, const char *text, size_t length)
{
    assert(text != NULL || length == 0);
    for (unsigned position = 0; position < ACS__NAME_POSITIONS; position++) {
        const char *name = acs__name_at(set, position);
        if (name != NULL && name_is(name, text, length)) return (int)position;
    }
    return -1;
}
