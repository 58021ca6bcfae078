/*
** policy.c: building a policy from a caller's rule table. acs_policy_build
** is the only way to a usable acs_policy, so every rule the library later
** reads has passed the checks here: no mask names an unknown value, no rule
** acts on a closed account, every permitted event has a role and a reason,
** no reason is both valid and never valid, every period has a known unit
** and a count in range, and the calendar is a real one. The same checks
** serve the policy parser (acs__policy_check_part), which reports a problem
** at the statement of the text that caused it.
*/
#include <string.h>

#include "internal.h"

static int problem_at(acs_policy_problem *problem, int code, int rule, int index)
{
    if (problem != NULL) {
        problem->code = code;
        problem->rule = rule;
        problem->index = index;
        problem->reserved = 0;
    }
    return code;
}

/* The lowest set bit of mask, for naming the value at fault. */
static int lowest_bit(uint64_t mask)
{
    assert(mask != 0);
    int bit = 0;
    while ((mask & 1u) == 0) {
        mask >>= 1;
        bit++;
    }
    return bit;
}

/* True when mask has a bit outside allowed; *index names the lowest. */
static bool unknown_bits(uint64_t mask, uint64_t allowed, int *index)
{
    if ((mask & ~allowed) == 0) return false;
    *index = lowest_bit(mask & ~allowed);
    return true;
}

static int check_rule(const acs_rule *rule, uint64_t never_valid, int *index)
{
    *index = -1;
    if (unknown_bits(rule->from_statuses, ACS__STATUSES_MASK, index) ||
        unknown_bits(rule->actor_roles, ACS__ROLES_MASK, index) ||
        unknown_bits(rule->approver_roles, ACS__ROLES_MASK, index) ||
        unknown_bits(rule->reasons, ACS__REASONS_MASK, index) ||
        unknown_bits(rule->reasons_evidence, ACS__REASONS_MASK, index))
        return ACS_P_MASK;
    if (rule->from_statuses & ACS_STATUS_BIT(ACS_STATUS_CLOSED)) {
        *index = ACS_STATUS_CLOSED;
        return ACS_P_FROM_CLOSED;
    }
    if (rule->from_statuses != 0 && rule->actor_roles == 0) return ACS_P_NO_ROLE;
    if (rule->from_statuses != 0 && rule->reasons == 0) return ACS_P_NO_REASON;
    if (rule->reasons & never_valid) {
        *index = lowest_bit(rule->reasons & never_valid);
        return ACS_P_REASON_CONFLICT;
    }
    if (rule->reasons_evidence & ~rule->reasons) {
        *index = lowest_bit(rule->reasons_evidence & ~rule->reasons);
        return ACS_P_EVIDENCE_ORPHAN;
    }
    return ACS_OK;
}

static bool is_none(acs_period period)
{
    return period.unit == ACS_UNIT_NONE;
}

/* A default review period no longer than the maximum: both set in the same
** unit with the default's count not larger, or no default. A default with no
** maximum is refused too: the maximum bounds every deadline of the level. */
static bool review_ok(acs_period fallback, acs_period maximum)
{
    if (is_none(fallback)) return true;
    return fallback.unit == maximum.unit && fallback.count <= maximum.count;
}

/* Periods: each valid, unused slots none, review default <= maximum. */
static int check_periods(const acs_policy_rules *rules, int *index, acs__policy_part *part)
{
    *part = ACS__PART_REVIEW;
    for (int level = 0; level < ACS_LEVEL_COUNT; level++) {
        *index = level;
        acs_period fallback = rules->review_default[level];
        acs_period maximum = rules->review_max[level];
        if (!acs__period_ok(fallback) || !acs__period_ok(maximum)) return ACS_P_PERIOD;
        if (!review_ok(fallback, maximum)) return ACS_P_PERIOD;
        if (level == 0 && (!is_none(fallback) || !is_none(maximum))) return ACS_P_PERIOD;
    }
    *part = ACS__PART_NOTICE;
    for (int reason = 0; reason < ACS_REASON_GROUND_SLOTS; reason++) {
        *index = reason;
        if (!acs__period_ok(rules->notice[reason])) return ACS_P_PERIOD;
        bool ground = (ACS__GROUNDS_MASK & ACS_REASON_BIT(reason)) != 0;
        if (!ground && !is_none(rules->notice[reason])) return ACS_P_PERIOD;
    }
    *index = -1;
    *part = ACS__PART_WINDOW_EXTENSION;
    if (!acs__period_ok(rules->window_extension_max)) return ACS_P_PERIOD;
    *part = ACS__PART_APPEAL_WINDOW;
    if (!acs__period_ok(rules->appeal_window)) return ACS_P_PERIOD;
    *part = ACS__PART_APPEAL_ANSWER;
    if (!acs__period_ok(rules->appeal_answer)) return ACS_P_PERIOD;
    *part = ACS__PART_NONE;
    return ACS_OK;
}

static int check_capabilities(const acs_policy_rules *rules, int *index)
{
    for (int status = 0; status < ACS_STATUS_COUNT; status++) {
        *index = status;
        if (rules->capabilities[status] & ~ACS_CAP_ALL) return ACS_P_CAPABILITY;
        bool must_be_empty = status == 0 || status == ACS_STATUS_CLOSED;
        if (must_be_empty && rules->capabilities[status] != 0) return ACS_P_CAPABILITY;
    }
    *index = -1;
    return ACS_OK;
}

/* Not empty, NUL-terminated inside its field, and plain text that the
** policy format can quote: printable ASCII without '"' and backslash. */
bool acs__policy_name_ok(const char *name)
{
    if (name[0] == '\0') return false;
    for (size_t i = 0; i < ACS_POLICY_NAME_MAX; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c == '\0') return true;
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
    }
    return false;
}

/* The checks in a fixed order; *part says where the first problem is. */
static int check_rules(const acs_policy_rules *rules, acs_policy_problem *problem,
                       acs__policy_part *part)
{
    int index = -1;
    *part = ACS__PART_NAME;
    if (!acs__policy_name_ok(rules->name)) return problem_at(problem, ACS_P_NAME, -1, -1);
    *part = ACS__PART_FLAGS;
    if (rules->flags & ~ACS_POLICY_FLAGS_ALL) return problem_at(problem, ACS_P_FLAGS, -1, -1);
    *part = ACS__PART_NEVER_VALID;
    if (unknown_bits(rules->reasons_never_valid, ACS__REASONS_MASK, &index))
        return problem_at(problem, ACS_P_MASK, -1, index);
    *part = ACS__PART_RULE;
    for (int i = 0; i < ACS_RULE_COUNT; i++) {
        int rc = check_rule(&rules->rules[i], rules->reasons_never_valid, &index);
        if (rc != ACS_OK) return problem_at(problem, rc, i, index);
    }
    int rc = check_periods(rules, &index, part);
    if (rc != ACS_OK) return problem_at(problem, rc, -1, index);
    *part = ACS__PART_APPEAL_ANSWER;
    if (rules->rules[ACS_RULE_APPEAL].from_statuses != 0 && is_none(rules->appeal_answer))
        return problem_at(problem, ACS_P_APPEAL_PERIOD, ACS_RULE_APPEAL, -1);
    *part = ACS__PART_CAPABILITIES;
    rc = check_capabilities(rules, &index);
    if (rc != ACS_OK) return problem_at(problem, rc, -1, index);
    *part = ACS__PART_CALENDAR;
    rc = acs__calendar_check(&rules->calendar, &index);
    if (rc != ACS_OK) return problem_at(problem, rc, -1, index);
    *part = ACS__PART_NONE;
    return ACS_OK;
}

static bool reserved_clear(const acs_policy_rules *rules)
{
    for (int i = 0; i < ACS_RULE_COUNT; i++) {
        if (rules->rules[i].reserved != 0) return false;
    }
    return rules->reserved_bytes[0] == 0 && rules->calendar.reserved == 0;
}

int acs__policy_check_part(const acs_policy_rules *rules, acs_policy_problem *problem,
                           acs__policy_part *part)
{
    assert(rules != NULL);
    assert(part != NULL);
    *part = ACS__PART_RESERVED;
    if (!reserved_clear(rules)) return problem_at(problem, ACS_E_RESERVED, -1, -1);
    int rc = check_rules(rules, problem, part);
    if (rc != ACS_OK) return rc;
    assert(*part == ACS__PART_NONE);
    return problem_at(problem, ACS_OK, -1, -1);
}

int acs__policy_check(const acs_policy_rules *rules, acs_policy_problem *problem)
{
    acs__policy_part part;
    return acs__policy_check_part(rules, problem, &part);
}

int acs_policy_build(acs_policy *policy, const acs_policy_rules *rules,
                     acs_policy_problem *problem)
{
    if (policy == NULL || rules == NULL) return problem_at(problem, ACS_E_NULL, -1, -1);
    int rc = acs__policy_check(rules, problem);
    if (rc != ACS_OK) return rc;

    memset(policy, 0, sizeof(*policy));
    policy->rules = *rules;
    acs__policy_fingerprint(rules, policy->fingerprint);
    policy->built = ACS__POLICY_BUILT;
    assert(acs__policy_usable(policy) == ACS_OK);
    return ACS_OK;
}
