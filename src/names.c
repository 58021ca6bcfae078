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
