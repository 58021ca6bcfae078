/*
** lint.c: checking a policy's rules for what a customer, a compliance
** officer or an auditor would object to, before the policy is deployed.
**
** Each check is one function, run in the order of the lint codes, and each
** writes its findings in order of rule, then index; a finding's key must be
** greater than the one before (asserted), so the caller always receives
** findings in the order the header promises. The checks that depend on
** what can happen to an account (traps, unreachable statuses and events)
** read the abstract status graph of graph.c. Every check reads masks by
** their known bits, so rules that acs_policy_build refuses are linted too,
** alongside the INVALID finding that names the problem.
**
** Findings past the caller's capacity are counted, not written: a caller
** can ask with a capacity of 0 how many there are.
*/
#include <string.h>

#include "internal.h"

#define NOTICE_MIN_DEFAULT_MS (60 * ACS__DAY_MS)
#define NEVER_VALID_DEFAULT ACS_REASON_BIT(ACS_REASON_PUBLIC_CRITICISM)
#define MESSAGE_END (ACS_MESSAGE_MAX - 1) /* longest message, without its NUL */
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const lint_names[] = {
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
_Static_assert(COUNT(lint_names) == ACS_LINT_CODE_MAX + 1, "a name for every lint code");

/* The severity of each code; NO_REVIEW is INFO for WITHDRAWAL_ONLY holds,
** which still let the customer withdraw. */
static const uint8_t lint_severities[] = {
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
_Static_assert(COUNT(lint_severities) == ACS_LINT_CODE_MAX + 1, "a severity for every code");

static const char *const severity_names[] = {
    [ACS_SEVERITY_INFO] = "info",
    [ACS_SEVERITY_WARNING] = "warning",
    [ACS_SEVERITY_ERROR] = "error",
};

static const char *const rule_names[] = {
    [ACS_RULE_VERIFY] = "VERIFY",
    [ACS_RULE_HOLD_WITHDRAWAL_ONLY] = "HOLD_WITHDRAWAL_ONLY",
    [ACS_RULE_HOLD_FROZEN] = "HOLD_FROZEN",
    [ACS_RULE_HOLD_SUSPENDED] = "HOLD_SUSPENDED",
    [ACS_RULE_LIFT] = "LIFT",
    [ACS_RULE_EXTEND] = "EXTEND",
    [ACS_RULE_NOTICE] = "NOTICE",
    [ACS_RULE_RESCIND] = "RESCIND",
    [ACS_RULE_CLOSE] = "CLOSE",
    [ACS_RULE_APPEAL] = "APPEAL",
    [ACS_RULE_DECIDE] = "DECIDE",
};
_Static_assert(COUNT(rule_names) == ACS_RULE_COUNT, "a name for every rule");

/* The rules that restrict an account for a stated ground. */
static const uint8_t hold_rules[] = {ACS_RULE_HOLD_WITHDRAWAL_ONLY, ACS_RULE_HOLD_FROZEN,
                                     ACS_RULE_HOLD_SUSPENDED};
static const uint8_t ground_rules[] = {ACS_RULE_HOLD_WITHDRAWAL_ONLY, ACS_RULE_HOLD_FROZEN,
                                       ACS_RULE_HOLD_SUSPENDED, ACS_RULE_NOTICE};
static const uint8_t never_valid_rules[] = {ACS_RULE_HOLD_WITHDRAWAL_ONLY, ACS_RULE_HOLD_FROZEN,
                                            ACS_RULE_HOLD_SUSPENDED, ACS_RULE_NOTICE,
                                            ACS_RULE_CLOSE};
/* The grounds of a closure that is nobody's fault. */
static const uint8_t no_fault_reasons[] = {ACS_REASON_INACTIVITY, ACS_REASON_COMMERCIAL_DECISION};

/* A lint run: the rules, the options in force, the graph, and where the
** findings go. */
typedef struct lint {
    const acs_policy_rules *rules;
    int64_t notice_min_ms;
    uint64_t never_valid_options; /* what the options call never valid */
    uint64_t never_valid_policy;  /* what the policy names, known bits */
    acs__graph graph;
    acs_finding *findings;
    size_t cap;
    size_t count;
    acs__writer writer;  /* the message of the finding being written */
    int32_t last_key[3]; /* code, rule and index of the finding before */
} lint;

typedef void (*check_fn)(lint *l);
typedef const char *(*name_fn)(int value);

/* ------------------------------------------------------------------------
** Writing findings.
*/

static bool key_after(const int32_t last[3], int32_t code, int32_t rule, int32_t index)
{
    if (code != last[0]) return code > last[0];
    if (rule != last[1]) return rule > last[1];
    return index > last[2];
}

/* Start a finding and return the writer of its message. */
static acs__writer *finding_begin(lint *l, int code, int severity, int rule, int index)
{
    assert(code >= ACS_LINT_INVALID && code <= ACS_LINT_CODE_MAX);
    assert(severity >= ACS_SEVERITY_INFO && severity <= ACS_SEVERITY_ERROR);
    bool in_order = key_after(l->last_key, code, rule, index);
    assert(in_order);
    (void)in_order;
    l->last_key[0] = code;
    l->last_key[1] = rule;
    l->last_key[2] = index;
    if (l->count >= l->cap) {
        acs__writer_init(&l->writer, NULL, 0);
        return &l->writer;
    }
    acs_finding *out = &l->findings[l->count];
    memset(out, 0, sizeof(*out));
    out->code = code;
    out->severity = severity;
    out->rule = rule;
    out->index = index;
    acs__writer_init(&l->writer, out->message, ACS_MESSAGE_MAX);
    return &l->writer;
}

static void finding_end(lint *l)
{
    size_t length = acs__writer_end(&l->writer);
    /* Every message is written to fit, lists included (put_list). */
    assert(length > 0);
    assert(length <= MESSAGE_END);
    (void)length;
    l->count++;
}

static acs__writer *finding(lint *l, int code, int rule, int index)
{
    return finding_begin(l, code, lint_severities[code], rule, index);
}

static unsigned lowest_bit(uint64_t mask)
{
    assert(mask != 0);
    unsigned bit = 0;
    while ((mask & (1ull << bit)) == 0) bit++;
    return bit;
}

static unsigned bit_count(uint64_t mask)
{
    unsigned count = 0;
    for (; mask != 0; mask &= mask - 1) count++;
    return count;
}

/* The names of the values whose bits are set in mask, separated by ", ",
** then suffix. When the rest of the list would leave no room for the
** suffix in a message, the list ends with " and N more" instead. */
static void put_list(acs__writer *w, uint64_t mask, name_fn name, const char *suffix)
{
    static const size_t more_length = sizeof(" and 64 more") - 1;
    size_t room = MESSAGE_END - strlen(suffix);
    unsigned left = bit_count(mask);
    bool first = true;
    for (unsigned value = 0; value < 64 && left > 0; value++) {
        if ((mask & (1ull << value)) == 0) continue;
        const char *text = name((int)value);
        if (text == NULL) text = "unknown";
        size_t needed = (first ? 0 : 2) + strlen(text) + (left > 1 ? more_length : 0);
        if (w->len + needed > room) {
            acs__put(w, " and ");
            acs__put_number(w, left, 1);
            acs__put(w, " more");
            break;
        }
        if (!first) acs__put(w, ", ");
        acs__put(w, text);
        first = false;
        left--;
    }
    acs__put(w, suffix);
}

static void put_rule(acs__writer *w, int rule)
{
    assert(rule >= 0 && rule < ACS_RULE_COUNT);
    acs__put(w, rule_names[rule]);
}

static void put_plural(acs__writer *w, uint64_t count, const char *unit)
{
    acs__put_number(w, count, 1);
    acs__put_char(w, ' ');
    acs__put(w, unit);
    if (count != 1) acs__put_char(w, 's');
}

/* A notice period: "no notice", "7 days of notice". */
static void put_notice(acs__writer *w, acs_period period)
{
    static const char *const units[] = {
        [ACS_UNIT_HOURS] = "hour", [ACS_UNIT_DAYS] = "day",
        [ACS_UNIT_BUSINESS_DAYS] = "business day",
    };
    if (period.unit == ACS_UNIT_NONE) {
        acs__put(w, "no notice");
    } else if (!acs__period_ok(period)) {
        acs__put(w, "an invalid period of notice");
    } else {
        put_plural(w, period.count, units[period.unit]);
        acs__put(w, " of notice");
    }
}

/* A threshold in the largest unit that divides it. */
static void put_duration(acs__writer *w, int64_t ms)
{
    assert(ms > 0 && ms <= ACS_TIME_MAX_MS);
    if (ms % ACS__DAY_MS == 0) put_plural(w, (uint64_t)(ms / ACS__DAY_MS), "day");
    else if (ms % ACS__HOUR_MS == 0) put_plural(w, (uint64_t)(ms / ACS__HOUR_MS), "hour");
    else put_plural(w, (uint64_t)ms, "millisecond");
}

static const char *level_name(int level)
{
    return acs_level_name(level + ACS_LEVEL_WITHDRAWAL_ONLY);
}

/* An abstract account, "OPEN, holds FROZEN" or "PENDING, no hold", then
** suffix. */
static void put_state(acs__writer *w, unsigned state, const char *suffix)
{
    assert(state < ACS__STATES);
    unsigned levels = state % 8u;
    acs__put_name(w, acs_lifecycle_name((int)(state / 8u) + ACS_LIFECYCLE_PENDING));
    if (levels == 0) {
        acs__put(w, ", no hold");
        acs__put(w, suffix);
        return;
    }
    acs__put(w, ", holds ");
    put_list(w, levels, level_name, suffix);
}

/* ------------------------------------------------------------------------
** Reading the rules by their known bits.
*/

static bool permitted(const lint *l, int rule)
{
    return (l->rules->rules[rule].from_statuses & ACS__STATUSES_MASK) != 0;
}

/* The reasons a rule admits that the policy does not name never valid. */
static uint64_t admitted(const lint *l, int rule)
{
    return l->rules->rules[rule].reasons & ACS__REASONS_MASK & ~l->never_valid_policy;
}

static bool has_withdraw(const lint *l, unsigned status)
{
    return (l->rules->capabilities[status] & ACS_CAP_WITHDRAW) != 0;
}

/* Statuses of reachable states that are not CLOSED: where events apply. */
static uint32_t live_statuses(const lint *l)
{
    uint32_t statuses = 0;
    for (unsigned state = 0; state < ACS__STATES; state++) {
        if ((l->graph.reachable & (1u << state)) == 0) continue;
        uint8_t status = acs__state_status(state);
        if (status != ACS_STATUS_CLOSED) statuses |= ACS_STATUS_BIT(status);
    }
    return statuses;
}

/* ------------------------------------------------------------------------
** The checks, in the order of the lint codes.
*/

/* How the index of each policy problem reads. */
typedef struct problem_index {
    int code;
    const char *prefix;
    name_fn name; /* NULL: a number after the prefix */
} problem_index;

static const problem_index problem_indexes[] = {
    {ACS_P_MASK, "bit ", NULL},
    {ACS_P_REASON_CONFLICT, "", acs_reason_name},
    {ACS_P_EVIDENCE_ORPHAN, "", acs_reason_name},
    {ACS_P_FROM_CLOSED, "", acs_status_name},
    {ACS_P_CAPABILITY, "status ", NULL},
    {ACS_P_CALENDAR, "holiday ", NULL},
};

static void put_problem_index(acs__writer *w, int code, int index)
{
    assert(index >= 0);
    const problem_index *how = NULL;
    for (size_t i = 0; i < COUNT(problem_indexes); i++) {
        if (problem_indexes[i].code == code) how = &problem_indexes[i];
    }
    if (how == NULL) {
        acs__put(w, "index ");
    } else if (how->name != NULL && how->name(index) != NULL) {
        acs__put(w, how->name(index));
        return;
    } else {
        acs__put(w, how->prefix);
    }
    acs__put_number(w, (uint64_t)index, 1);
}

static void check_invalid(lint *l)
{
    acs_policy scratch;
    acs_policy_problem problem;
    int rc = acs_policy_build(&scratch, l->rules, &problem);
    if (rc == ACS_OK) return;
    /* Misuse was refused before any check ran. */
    assert(rc != ACS_E_NULL && rc != ACS_E_RESERVED);
    assert(problem.code == rc);
    acs__writer *w = finding(l, ACS_LINT_INVALID, problem.rule, problem.index);
    acs__put(w, "The rules do not build: ");
    acs__put(w, acs_strerror(rc));
    acs__put(w, " (");
    acs__put_name(w, acs_code_name(rc));
    if (problem.rule >= 0) {
        acs__put(w, ", rule ");
        put_rule(w, problem.rule);
    }
    if (problem.index >= 0) {
        acs__put(w, ", ");
        put_problem_index(w, rc, problem.index);
    }
    acs__put(w, ").");
    finding_end(l);
}

/* A status without WITHDRAW that some account, once there, can never leave
** for a status with it. */
static void check_trap_status(lint *l)
{
    uint32_t withdraw_states = 0;
    for (unsigned state = 0; state < ACS__STATES; state++) {
        if (has_withdraw(l, acs__state_status(state))) withdraw_states |= 1u << state;
    }
    for (unsigned status = ACS_STATUS_ACTIVE; status < ACS_STATUS_CLOSED; status++) {
        if (has_withdraw(l, status)) continue;
        for (unsigned state = 0; state < ACS__STATES; state++) {
            if ((l->graph.reachable & (1u << state)) == 0) continue;
            if (acs__state_status(state) != status) continue;
            if (acs__graph_closure(&l->graph, 1u << state) & withdraw_states) continue;
            acs__writer *w = finding(l, ACS_LINT_TRAP_STATUS, -1, (int)status);
            acs__put(w, "An account in ");
            acs__put_name(w, acs_status_name((int)status));
            acs__put(w, " (");
            put_state(w, state,
                      ") can never again reach a status with WITHDRAW: its funds are trapped.");
            finding_end(l);
            break;
        }
    }
}

static void check_any_reason(lint *l)
{
    uint64_t never_valid = l->never_valid_policy | l->never_valid_options;
    for (size_t i = 0; i < COUNT(ground_rules); i++) {
        int rule = ground_rules[i];
        uint64_t grounds = ACS__GROUNDS_MASK & ~never_valid;
        uint64_t included = admitted(l, rule) & l->never_valid_options;
        if (!permitted(l, rule) || grounds == 0) continue;
        if ((grounds & ~l->rules->rules[rule].reasons) != 0) continue;
        acs__writer *w = finding(l, ACS_LINT_ANY_REASON, rule, -1);
        acs__put(w, "Rule ");
        put_rule(w, rule);
        if (included == 0) {
            acs__put(w, " admits every ground not named never valid, so its reason states "
                        "nothing.");
        } else {
            acs__put(w, " admits every ground, even ");
            put_list(w, included, acs_reason_name, ", so its reason states nothing.");
        }
        finding_end(l);
    }
}

static void check_never_valid_reason(lint *l)
{
    for (size_t i = 0; i < COUNT(never_valid_rules); i++) {
        int rule = never_valid_rules[i];
        if (!permitted(l, rule)) continue;
        uint64_t cited = admitted(l, rule) & l->never_valid_options;
        for (; cited != 0; cited &= cited - 1) {
            unsigned reason = lowest_bit(cited);
            acs__writer *w = finding(l, ACS_LINT_NEVER_VALID_REASON, rule, (int)reason);
            acs__put(w, "Rule ");
            put_rule(w, rule);
            acs__put(w, " admits ");
            acs__put_name(w, acs_reason_name((int)reason));
            acs__put(w, ", which is never a valid ground to restrict or close an account.");
            finding_end(l);
        }
    }
}

static void check_no_review(lint *l)
{
    for (size_t i = 0; i < COUNT(hold_rules); i++) {
        int rule = hold_rules[i];
        int level = rule - ACS_RULE_HOLD_WITHDRAWAL_ONLY + ACS_LEVEL_WITHDRAWAL_ONLY;
        if (!permitted(l, rule) || l->rules->review_default[level].unit != ACS_UNIT_NONE)
            continue;
        int severity = level == ACS_LEVEL_WITHDRAWAL_ONLY ? ACS_SEVERITY_INFO
                                                          : ACS_SEVERITY_WARNING;
        acs__writer *w = finding_begin(l, ACS_LINT_NO_REVIEW, severity, rule, level);
        acs__put(w, "A ");
        acs__put_name(w, acs_level_name(level));
        acs__put(w, " hold gets no review deadline by default, so it can stay in force until "
                    "someone lifts it.");
        finding_end(l);
    }
}

static void check_short_notice(lint *l)
{
    if (!permitted(l, ACS_RULE_NOTICE)) return;
    for (size_t i = 0; i < COUNT(no_fault_reasons); i++) {
        unsigned reason = no_fault_reasons[i];
        acs_period notice = l->rules->notice[reason];
        if ((admitted(l, ACS_RULE_NOTICE) & ACS_REASON_BIT(reason)) == 0) continue;
        if (acs__period_ok(notice) && acs__period_min_ms(notice) >= l->notice_min_ms) continue;
        acs__writer *w = finding(l, ACS_LINT_SHORT_NOTICE, ACS_RULE_NOTICE, (int)reason);
        acs__put(w, "A closure for ");
        acs__put_name(w, acs_reason_name((int)reason));
        acs__put(w, " gives ");
        put_notice(w, notice);
        acs__put(w, ", less than the ");
        put_duration(w, l->notice_min_ms);
        acs__put(w, " a no-fault closure should give.");
        finding_end(l);
    }
}

static void check_no_evidence(lint *l)
{
    int rule = ACS_RULE_HOLD_SUSPENDED;
    uint64_t bare = admitted(l, rule) & ~l->rules->rules[rule].reasons_evidence;
    if (!permitted(l, rule) || bare == 0) return;
    acs__writer *w = finding(l, ACS_LINT_NO_EVIDENCE, rule, (int)lowest_bit(bare));
    acs__put(w, "Rule HOLD_SUSPENDED needs no evidence for ");
    static const char *const suffix = ", so a suspension can rest on nothing on file.";
    if ((bare & ACS__GROUNDS_MASK) == ACS__GROUNDS_MASK) {
        acs__put(w, "any ground");
        acs__put(w, suffix);
    } else {
        put_list(w, bare, acs_reason_name, suffix);
    }
    finding_end(l);
}

static void check_no_approver(lint *l)
{
    int rule = ACS_RULE_HOLD_SUSPENDED;
    const acs_rule *r = &l->rules->rules[rule];
    if (!permitted(l, rule) || (r->approver_roles & ACS__ROLES_MASK) != 0) return;
    uint32_t actors = r->actor_roles & ACS__ROLES_MASK;
    acs__writer *w = finding(l, ACS_LINT_NO_APPROVER, rule, -1);
    acs__put(w, "Rule HOLD_SUSPENDED needs no second approver");
    if (actors != 0) {
        acs__put(w, ": one person in ");
        put_list(w, actors, acs_role_name, " can suspend alone.");
    } else {
        acs__put_char(w, '.');
    }
    finding_end(l);
}

static void check_unreachable_status(lint *l)
{
    for (unsigned status = ACS_STATUS_ACTIVE; status <= ACS_STATUS_CLOSED; status++) {
        if (l->graph.statuses & ACS_STATUS_BIT(status)) continue;
        acs__writer *w = finding(l, ACS_LINT_UNREACHABLE_STATUS, -1, (int)status);
        acs__put(w, "No sequence of permitted events leads an account to ");
        acs__put_name(w, acs_status_name((int)status));
        acs__put(w, ", so what the policy says of it never applies.");
        finding_end(l);
    }
}

static void check_unreachable_event(lint *l)
{
    uint32_t live = live_statuses(l);
    for (int rule = 0; rule < ACS_RULE_COUNT; rule++) {
        uint32_t from = l->rules->rules[rule].from_statuses & ACS__STATUSES_MASK;
        if (from == 0 || (l->graph.rules_used & (1u << rule))) continue;
        acs__writer *w = finding(l, ACS_LINT_UNREACHABLE_EVENT, rule, -1);
        acs__put(w, "Rule ");
        put_rule(w, rule);
        if ((from & live) == 0) {
            acs__put(w, " is permitted only from ");
            put_list(w, from, acs_status_name, ", which no account reaches before it is closed.");
        } else {
            acs__put(w, " names no role, or no reason that is not never valid, so it permits "
                        "nothing.");
        }
        finding_end(l);
    }
}

static void check_never_permitted(lint *l)
{
    for (int rule = 0; rule < ACS_RULE_COUNT; rule++) {
        if (permitted(l, rule)) continue;
        acs__writer *w = finding(l, ACS_LINT_NEVER_PERMITTED, rule, -1);
        acs__put(w, "Rule ");
        put_rule(w, rule);
        acs__put(w, " is permitted from no status, so its event never happens.");
        finding_end(l);
    }
}

static void check_no_appeal_answer(lint *l)
{
    if (!permitted(l, ACS_RULE_APPEAL)) return;
    const acs_policy_rules *rules = l->rules;
    if (rules->appeal_answer.unit == ACS_UNIT_NONE) {
        acs__writer *w = finding(l, ACS_LINT_NO_APPEAL_ANSWER, ACS_RULE_APPEAL, -1);
        acs__put(w, "Appeals are permitted but have no answer period, so no answer is ever due.");
        finding_end(l);
    }
    uint64_t answers = ACS_REASON_BIT(ACS_REASON_APPEAL_UPHELD) |
                       ACS_REASON_BIT(ACS_REASON_APPEAL_DISMISSED);
    if ((admitted(l, ACS_RULE_DECIDE) & answers) == 0) {
        acs__writer *w = finding(l, ACS_LINT_NO_APPEAL_ANSWER, ACS_RULE_DECIDE, -1);
        acs__put(w, "Rule DECIDE admits neither APPEAL_UPHELD nor APPEAL_DISMISSED, so no "
                    "appeal can be answered.");
        finding_end(l);
    }
    uint32_t unanswered = rules->rules[ACS_RULE_APPEAL].from_statuses &
                          ~rules->rules[ACS_RULE_DECIDE].from_statuses & ACS__STATUSES_MASK;
    if (unanswered != 0) {
        acs__writer *w = finding(l, ACS_LINT_NO_APPEAL_ANSWER, ACS_RULE_DECIDE,
                                 (int)lowest_bit(unanswered));
        acs__put(w, "Appeals are permitted from ");
        put_list(w, unanswered, acs_status_name,
                 " but DECIDE is not, so those appeals go unanswered.");
        finding_end(l);
    }
}

static void check_criticism_allowed(lint *l)
{
    uint64_t allowed = l->never_valid_options & ~l->never_valid_policy;
    for (; allowed != 0; allowed &= allowed - 1) {
        unsigned reason = lowest_bit(allowed);
        acs__writer *w = finding(l, ACS_LINT_CRITICISM_ALLOWED, -1, (int)reason);
        acs__put(w, "The policy does not name ");
        acs__put_name(w, acs_reason_name((int)reason));
        acs__put(w, " never valid, so a rule may cite it as a ground.");
        finding_end(l);
    }
}

static const check_fn checks[] = {
    check_invalid,           check_trap_status,       check_any_reason,
    check_never_valid_reason, check_no_review,        check_short_notice,
    check_no_evidence,       check_no_approver,       check_unreachable_status,
    check_unreachable_event, check_never_permitted,   check_no_appeal_answer,
    check_criticism_allowed,
};
_Static_assert(COUNT(checks) == ACS_LINT_CODE_MAX, "one check per lint code");

/* ------------------------------------------------------------------------
** The public functions.
*/

static bool reserved_clear(const acs_policy_rules *rules)
{
    for (int i = 0; i < ACS_RULE_COUNT; i++) {
        if (rules->rules[i].reserved != 0) return false;
    }
    return rules->reserved_bytes[0] == 0 && rules->calendar.reserved == 0;
}

/* The options in force, zero fields read as the defaults. */
static int read_options(lint *l, const acs_lint_options *options)
{
    int64_t notice_min_ms = options != NULL ? options->notice_min_ms : 0;
    uint64_t never_valid = options != NULL ? options->reasons_never_valid : 0;
    if (never_valid & ~ACS__REASONS_MASK) return ACS_E_ENUM;
    if (notice_min_ms < 0 || notice_min_ms > ACS_TIME_MAX_MS) return ACS_E_TIME_RANGE;
    l->notice_min_ms = notice_min_ms != 0 ? notice_min_ms : NOTICE_MIN_DEFAULT_MS;
    l->never_valid_options = never_valid != 0 ? never_valid : NEVER_VALID_DEFAULT;
    return ACS_OK;
}

int acs_policy_lint(const acs_policy_rules *rules, const acs_lint_options *options,
                    acs_finding *findings, size_t cap, size_t *count)
{
    if (rules == NULL || count == NULL) return ACS_E_NULL;
    if (findings == NULL && cap > 0) return ACS_E_NULL;
    if (!reserved_clear(rules)) return ACS_E_RESERVED;
    lint l;
    memset(&l, 0, sizeof(l));
    int rc = read_options(&l, options);
    if (rc != ACS_OK) return rc;

    l.rules = rules;
    l.never_valid_policy = rules->reasons_never_valid & ACS__REASONS_MASK;
    l.findings = findings;
    l.cap = cap;
    acs__graph_build(rules, &l.graph);
    for (size_t i = 0; i < COUNT(checks); i++) checks[i](&l);
    assert(l.last_key[0] <= ACS_LINT_CODE_MAX);
    *count = l.count;
    return ACS_OK;
}

const char *acs_lint_name(int code)
{
    if (code < ACS_LINT_INVALID || code > ACS_LINT_CODE_MAX) return NULL;
    return lint_names[code];
}

const char *acs_severity_name(int severity)
{
    if (severity < ACS_SEVERITY_INFO || severity > ACS_SEVERITY_ERROR) return NULL;
    return severity_names[severity];
}
