/*
** permit.h: whether the policy's rule for an event lets it happen.
**
** One rule per event kind (three for HOLD, one per level) says from which
** statuses, by which roles, with which approvers and for which reasons the
** event is permitted. The checks run in a fixed order so that a refusal
** always names the most fundamental rule at fault: a reason the policy
** calls never valid is named before the role, because no role or approval
** could make it valid.
**
** A header of inline functions rather than a source file: acs_apply
** (events.c), the one caller, asks it for every event, and inlined there
** the check needs no call and shares the event's fields already in
** registers.
*/
#ifndef ACS_PERMIT_H
#define ACS_PERMIT_H

#include "internal.h"

/* The rule of each event kind; HOLD adds its level to the first HOLD rule. */
static const uint8_t acs__rule_of_kind[] = {
    [ACS_EVENT_VERIFY] = ACS_RULE_VERIFY,
    [ACS_EVENT_HOLD] = ACS_RULE_HOLD_WITHDRAWAL_ONLY,
    [ACS_EVENT_LIFT] = ACS_RULE_LIFT,
    [ACS_EVENT_EXTEND] = ACS_RULE_EXTEND,
    [ACS_EVENT_NOTICE] = ACS_RULE_NOTICE,
    [ACS_EVENT_RESCIND] = ACS_RULE_RESCIND,
    [ACS_EVENT_CLOSE] = ACS_RULE_CLOSE,
    [ACS_EVENT_APPEAL] = ACS_RULE_APPEAL,
    [ACS_EVENT_DECIDE] = ACS_RULE_DECIDE,
};

static ACS__ALWAYS_INLINE const acs_rule *acs__rule_for(const acs_policy *policy, const acs_event *event,
                                            unsigned kind)
{
    int index = acs__rule_of_kind[kind];
    if (kind == ACS_EVENT_HOLD) index += event->level - ACS_LEVEL_WITHDRAWAL_ONLY;
    assert(index >= 0 && index < ACS_RULE_COUNT);
    return &policy->rules.rules[index];
}

static inline int acs__refuse(acs__fault *fault, int code, unsigned role, unsigned reason)
{
    fault->role = (uint8_t)role;
    fault->reason = (uint8_t)reason;
    return code;
}

/* The dual-control part of a rule, when the rule asks for it. */
static ACS__ALWAYS_INLINE int acs__permit_approver(const acs_rule *rule, const acs_event *event, acs__fault *fault)
{
    if (rule->approver_roles == 0) return ACS_OK;
    if (event->approver_role == 0) return acs__refuse(fault, ACS_R_APPROVER_MISSING, 0, 0);
    if (event->approver_id == event->actor_id)
        return acs__refuse(fault, ACS_R_APPROVER_SAME, event->approver_role, 0);
    if (((rule->approver_roles >> event->approver_role) & 1u) == 0)
        return acs__refuse(fault, ACS_R_APPROVER_ROLE, event->approver_role, 0);
    return ACS_OK;
}

/* Check event against its rule, on an account of status. On a refusal,
** fills the role and reason of *fault (the caller has filled the rest).
** The event's fields have been checked (acs_apply's misuse gate): its kind,
** level, roles and reason index the tables and pick the bits below (the
** reason is below 64). */
static ACS__ALWAYS_INLINE int acs__permit(const acs_policy *policy, uint8_t status,
                              const acs_event *event, unsigned kind, acs__fault *fault)
{
    const acs_rule *rule = acs__rule_for(policy, event, kind);
    unsigned reason = event->reason;
    assert(status >= ACS_STATUS_ACTIVE && status <= ACS_STATUS_CLOSED);

    /* Each test reads one bit of a mask: (mask >> value) & 1. */
    if (((rule->from_statuses >> status) & 1u) == 0) return acs__refuse(fault, ACS_R_STATUS, 0, 0);
    if ((policy->rules.reasons_never_valid >> reason) & 1u)
        return acs__refuse(fault, ACS_R_REASON_NEVER_VALID, 0, reason);
    if (((rule->actor_roles >> event->actor_role) & 1u) == 0)
        return acs__refuse(fault, ACS_R_ROLE, event->actor_role, 0);
    int rc = acs__permit_approver(rule, event, fault);
    if (rc != ACS_OK) return rc;
    if (((rule->reasons >> reason) & 1u) == 0)
        return acs__refuse(fault, ACS_R_REASON_NOT_VALID, 0, reason);
    if (((rule->reasons_evidence >> reason) & 1u) != 0 && acs__digest_zero(event->evidence))
        return acs__refuse(fault, ACS_R_EVIDENCE_MISSING, 0, reason);
    return ACS_OK;
}

#endif /* ACS_PERMIT_H */
