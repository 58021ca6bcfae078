/*
** graph.c: what a policy lets happen to an account, worked out on abstract
** accounts (the model is described at acs__graph in internal.h).
**
** An abstract account keeps only what decides its status: the lifecycle and
** the set of hold levels in force. That leaves 32 states, so the whole
** graph fits in 32-bit masks and every question the linter and the diagram
** ask (which states can be reached, which statuses, which rules ever apply)
** is answered by a bounded fixed-point loop over those masks. A step exists
** when some account in the state could take it: the graph shows what the
** policy permits, not what every account will do.
**
** The status of a state is computed by status.c's own function on an
** account with one hold of each level held, so the graph can never disagree
** with the library about what a state is.
*/
#include <string.h>

#include "internal.h"

#define LEVEL_SETS 8u /* sets of the three levels: bit (level - 1) each */
#define START_STATE 0u /* lifecycle PENDING, no hold */

_Static_assert(ACS__STATES == (ACS_LIFECYCLE_CLOSED - ACS_LIFECYCLE_PENDING + 1) * LEVEL_SETS,
               "one state per lifecycle and set of levels");
_Static_assert(ACS__STATES <= 32, "a set of states fits a 32-bit mask");
_Static_assert(ACS__STEP_LAPSE >= ACS_RULE_COUNT && ACS__STEP_LAPSE < 32,
               "the lapse bit is not a rule's bit and fits a step mask");

static unsigned lifecycle_of(unsigned state)
{
    return state / LEVEL_SETS + ACS_LIFECYCLE_PENDING;
}

static unsigned levels_of(unsigned state)
{
    return state % LEVEL_SETS;
}

static unsigned level_bit(unsigned level)
{
    assert(level >= ACS_LEVEL_WITHDRAWAL_ONLY && level <= ACS_LEVEL_SUSPENDED);
    return 1u << (level - ACS_LEVEL_WITHDRAWAL_ONLY);
}

uint8_t acs__state_status(unsigned state)
{
    assert(state < ACS__STATES);
    unsigned lifecycle = lifecycle_of(state);
    unsigned strictest = 0;
    for (unsigned level = ACS_LEVEL_WITHDRAWAL_ONLY; level <= ACS_LEVEL_SUSPENDED; level++) {
        if (levels_of(state) & level_bit(level)) strictest = level;
    }
    uint8_t status = acs__status_of(lifecycle, strictest);
    assert(status >= ACS_STATUS_ACTIVE && status <= ACS_STATUS_CLOSED);
    assert((status == ACS_STATUS_CLOSED) == (lifecycle == ACS_LIFECYCLE_CLOSED));
    return status;
}

/* The reasons a rule admits that the policy does not name never valid,
** unknown bits left out. */
static uint64_t usable_reasons(const acs_policy_rules *rules, int rule)
{
    uint64_t never_valid = rules->reasons_never_valid & ACS__REASONS_MASK;
    return rules->rules[rule].reasons & ACS__REASONS_MASK & ~never_valid;
}

/* Whether rule lets some role perform its event, for some reason, from
** status. */
static bool permits(const acs_policy_rules *rules, int rule, unsigned status)
{
    const acs_rule *r = &rules->rules[rule];
    if ((r->from_statuses & ACS__STATUSES_MASK & ACS_STATUS_BIT(status)) == 0) return false;
    return (r->actor_roles & ACS__ROLES_MASK) != 0 && usable_reasons(rules, rule) != 0;
}

/* Whether the customer may close an account without notice from status:
** CLOSE by USER for USER_REQUEST. */
static bool customer_closes(const acs_policy_rules *rules, unsigned status)
{
    const acs_rule *r = &rules->rules[ACS_RULE_CLOSE];
    if ((r->from_statuses & ACS__STATUSES_MASK & ACS_STATUS_BIT(status)) == 0) return false;
    return (r->actor_roles & ACS_ROLE_BIT(ACS_ROLE_USER)) != 0 &&
           (usable_reasons(rules, ACS_RULE_CLOSE) & ACS_REASON_BIT(ACS_REASON_USER_REQUEST)) != 0;
}

/* Whether an appeal made in status can be upheld there. */
static bool upholds(const acs_policy_rules *rules, unsigned status)
{
    return permits(rules, ACS_RULE_APPEAL, status) && permits(rules, ACS_RULE_DECIDE, status) &&
           (usable_reasons(rules, ACS_RULE_DECIDE) & ACS_REASON_BIT(ACS_REASON_APPEAL_UPHELD)) != 0;
}

/* Whether a hold of level can be given a review deadline that, lapsing,
** lifts it: the policy lifts on lapse, and the level has a default review
** period or a maximum under which the actor may give one. */
static bool lapse_lifts(const acs_policy_rules *rules, unsigned level)
{
    if ((rules->flags & ACS_POLICY_LAPSE_LIFTS) == 0) return false;
    return rules->review_default[level].unit != ACS_UNIT_NONE ||
           rules->review_max[level].unit != ACS_UNIT_NONE;
}

/* The steps that change the lifecycle and keep the holds. */
enum { WHEN_PERMITTED, WHEN_CUSTOMER_CLOSES, WHEN_UPHELD };
typedef struct lifecycle_step {
    uint8_t from;
    uint8_t to;
    uint8_t rule;
    uint8_t when;
} lifecycle_step;

static const lifecycle_step lifecycle_steps[] = {
    {ACS_LIFECYCLE_PENDING, ACS_LIFECYCLE_OPEN, ACS_RULE_VERIFY, WHEN_PERMITTED},
    {ACS_LIFECYCLE_OPEN, ACS_LIFECYCLE_CLOSING, ACS_RULE_NOTICE, WHEN_PERMITTED},
    {ACS_LIFECYCLE_CLOSING, ACS_LIFECYCLE_OPEN, ACS_RULE_RESCIND, WHEN_PERMITTED},
    {ACS_LIFECYCLE_CLOSING, ACS_LIFECYCLE_OPEN, ACS_RULE_DECIDE, WHEN_UPHELD},
    {ACS_LIFECYCLE_CLOSING, ACS_LIFECYCLE_CLOSED, ACS_RULE_CLOSE, WHEN_PERMITTED},
    {ACS_LIFECYCLE_OPEN, ACS_LIFECYCLE_CLOSED, ACS_RULE_CLOSE, WHEN_CUSTOMER_CLOSES},
    {ACS_LIFECYCLE_PENDING, ACS_LIFECYCLE_CLOSED, ACS_RULE_CLOSE, WHEN_CUSTOMER_CLOSES},
};
#define LIFECYCLE_STEP_COUNT (sizeof(lifecycle_steps) / sizeof(lifecycle_steps[0]))

static uint32_t lifecycle_step_bits(const acs_policy_rules *rules, unsigned status,
                                    unsigned from, unsigned to)
{
    uint32_t bits = 0;
    for (size_t i = 0; i < LIFECYCLE_STEP_COUNT; i++) {
        const lifecycle_step *step = &lifecycle_steps[i];
        if (step->from != from || step->to != to) continue;
        bool taken = step->when == WHEN_PERMITTED ? permits(rules, step->rule, status)
                     : step->when == WHEN_UPHELD  ? upholds(rules, status)
                                                  : customer_closes(rules, status);
        if (taken) bits |= 1u << step->rule;
    }
    return bits;
}

/* The steps that keep the lifecycle: a hold placed, or a level no longer
** held because its hold was lifted, its appeal upheld or its review
** lapsed. */
static uint32_t level_step_bits(const acs_policy_rules *rules, unsigned status,
                                unsigned held, unsigned after)
{
    assert(held != after);
    unsigned added = after & ~held;
    unsigned removed = held & ~after;
    if ((added != 0) == (removed != 0)) return 0;
    unsigned changed = added | removed;
    if ((changed & (changed - 1)) != 0) return 0; /* one level at a time */
    unsigned level = ACS_LEVEL_WITHDRAWAL_ONLY;
    while (level_bit(level) != changed) level++;

    uint32_t bits = 0;
    if (added != 0) {
        int rule = ACS_RULE_HOLD_WITHDRAWAL_ONLY + (int)level - ACS_LEVEL_WITHDRAWAL_ONLY;
        if (permits(rules, rule, status)) bits |= 1u << rule;
        return bits;
    }
    if (permits(rules, ACS_RULE_LIFT, status)) bits |= 1u << ACS_RULE_LIFT;
    if (rules->appeal_window.unit != ACS_UNIT_NONE && upholds(rules, status))
        bits |= 1u << ACS_RULE_DECIDE;
    if (lapse_lifts(rules, level)) bits |= 1u << ACS__STEP_LAPSE;
    return bits;
}

/* Every step from one state to another, as rule bits and ACS__STEP_LAPSE. */
static uint32_t step_bits(const acs_policy_rules *rules, unsigned from, unsigned to,
                          unsigned status)
{
    unsigned lifecycle = lifecycle_of(from);
    if (from == to || lifecycle == ACS_LIFECYCLE_CLOSED) return 0;
    if (lifecycle == lifecycle_of(to)) {
        return level_step_bits(rules, status, levels_of(from), levels_of(to));
    }
    if (levels_of(from) != levels_of(to)) return 0;
    return lifecycle_step_bits(rules, status, lifecycle, lifecycle_of(to));
}

uint32_t acs__graph_closure(const acs__graph *graph, uint32_t from)
{
    uint32_t reached = from;
    bool fixed = false;
    /* Each round that changes anything adds a state, so the fixed point is
    ** reached within ACS__STATES + 1 rounds. */
    for (unsigned round = 0; round <= ACS__STATES && !fixed; round++) {
        uint32_t grown = reached;
        for (unsigned state = 0; state < ACS__STATES; state++) {
            if (reached & (1u << state)) grown |= graph->next[state];
        }
        fixed = grown == reached;
        reached = grown;
    }
    assert(fixed);
    assert((reached & from) == from);
    return reached;
}

void acs__graph_build(const acs_policy_rules *rules, acs__graph *graph)
{
    uint8_t status[ACS__STATES];
    uint32_t via[ACS__STATES][ACS__STATES];
    memset(graph, 0, sizeof(*graph));
    for (unsigned state = 0; state < ACS__STATES; state++) status[state] = acs__state_status(state);
    for (unsigned from = 0; from < ACS__STATES; from++) {
        for (unsigned to = 0; to < ACS__STATES; to++) {
            via[from][to] = step_bits(rules, from, to, status[from]);
            if (via[from][to] != 0) graph->next[from] |= 1u << to;
        }
    }
    graph->reachable = acs__graph_closure(graph, 1u << START_STATE);
    assert(graph->reachable & (1u << START_STATE));

    for (unsigned from = 0; from < ACS__STATES; from++) {
        if ((graph->reachable & (1u << from)) == 0) continue;
        graph->statuses |= ACS_STATUS_BIT(status[from]);
        if (lifecycle_of(from) == ACS_LIFECYCLE_CLOSED) continue; /* nothing applies */
        for (int rule = 0; rule < ACS_RULE_COUNT; rule++) {
            if (permits(rules, rule, status[from])) graph->rules_used |= 1u << rule;
        }
        for (unsigned to = 0; to < ACS__STATES; to++) {
            if (status[to] != status[from]) graph->steps[status[from]][status[to]] |= via[from][to];
        }
    }
    assert(graph->statuses & ACS_STATUS_BIT(ACS_STATUS_PENDING));
    assert((graph->rules_used & ~((1u << ACS_RULE_COUNT) - 1u)) == 0);
}
