/*
** test_graph.c: unit tests of src/graph.c, the abstract status graph.
**
** The status of each of the 32 abstract states is checked twice: against a
** table written out by hand from docs/model.md, and against a real account
** brought into that lifecycle with holds of those levels through the public
** API. Reachability, the successor masks and the per-status step masks are
** checked on the presets and on rules written here, each made to switch
** one step on or off: a customer's closure, a lapsed review, an upheld
** appeal, masks with unknown bits, and rules that act on CLOSED.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "internal.h"

enum { PENDING = 0, OPEN = 8, CLOSING = 16, CLOSED = 24 }; /* first state of each lifecycle */
enum { W = 1, F = 2, S = 4 };                              /* bits of the levels held */
#define BIT(state) (1u << (unsigned)(state))
#define RULE(rule) (1u << (unsigned)(rule))
#define LAPSE (1u << ACS__STEP_LAPSE)
#define ALL_STATES 0xffffffffu
#define ALL_STATUSES ACS__STATUSES_MASK
#define ALL_RULES ((1u << ACS_RULE_COUNT) - 1u)
#define DAY_MS ((int64_t)86400000)
#define T0 ((int64_t)1700000000000)

static acs_policy_rules preset(int which)
{
    const acs_policy_rules *rules = acs_preset_rules(which);
    assert_non_null(rules);
    return *rules;
}

static acs__graph graph_of(const acs_policy_rules *rules)
{
    acs__graph graph;
    memset(&graph, 0xA5, sizeof graph);
    acs__graph_build(rules, &graph);
    return graph;
}

/* The smallest rules that let anything happen: verification from PENDING
** and a security freeze from ACTIVE; every other rule permits nothing. */
static acs_policy_rules minimal_rules(void)
{
    acs_policy_rules rules;
    memset(&rules, 0, sizeof rules);
    strcpy(rules.name, "minimal");
    rules.rules[ACS_RULE_VERIFY] = (acs_rule){ACS_STATUS_BIT(ACS_STATUS_PENDING),
                                              ACS_ROLE_BIT(ACS_ROLE_SUPPORT), 0, 0,
                                              ACS_REASON_BIT(ACS_REASON_REQUIREMENT_MET), 0};
    rules.rules[ACS_RULE_HOLD_FROZEN] = (acs_rule){
        ACS_STATUS_BIT(ACS_STATUS_ACTIVE), ACS_ROLE_BIT(ACS_ROLE_SECURITY), 0, 0,
        ACS_REASON_BIT(ACS_REASON_SECURITY_COMPROMISE), 0};
    const acs_policy_rules *consumer = acs_preset_rules(ACS_PRESET_CONSUMER);
    memcpy(rules.capabilities, consumer->capabilities, sizeof rules.capabilities);
    return rules;
}

/* ------------------------------------------------------------------------
** States and their statuses.
*/

/* the status table of docs/model.md, state by state: the lifecycle gives PENDING, ACTIVE,
** WITHDRAWAL_ONLY (CLOSING) or CLOSED, and the strictest hold wins unless
** the account is closed. */
static const uint8_t expected_status[32] = {
    /* PENDING: none, W, F, WF, S, WS, FS, WFS */
    ACS_STATUS_PENDING, ACS_STATUS_WITHDRAWAL_ONLY, ACS_STATUS_FROZEN, ACS_STATUS_FROZEN,
    ACS_STATUS_SUSPENDED, ACS_STATUS_SUSPENDED, ACS_STATUS_SUSPENDED, ACS_STATUS_SUSPENDED,
    /* OPEN */
    ACS_STATUS_ACTIVE, ACS_STATUS_WITHDRAWAL_ONLY, ACS_STATUS_FROZEN, ACS_STATUS_FROZEN,
    ACS_STATUS_SUSPENDED, ACS_STATUS_SUSPENDED, ACS_STATUS_SUSPENDED, ACS_STATUS_SUSPENDED,
    /* CLOSING */
    ACS_STATUS_WITHDRAWAL_ONLY, ACS_STATUS_WITHDRAWAL_ONLY, ACS_STATUS_FROZEN, ACS_STATUS_FROZEN,
    ACS_STATUS_SUSPENDED, ACS_STATUS_SUSPENDED, ACS_STATUS_SUSPENDED, ACS_STATUS_SUSPENDED,
    /* CLOSED */
    ACS_STATUS_CLOSED, ACS_STATUS_CLOSED, ACS_STATUS_CLOSED, ACS_STATUS_CLOSED,
    ACS_STATUS_CLOSED, ACS_STATUS_CLOSED, ACS_STATUS_CLOSED, ACS_STATUS_CLOSED,
};

static void test_state_status_table(void **state)
{
    (void)state;
    for (unsigned s = 0; s < ACS__STATES; s++) {
        if (acs__state_status(s) != expected_status[s])
            fail_msg("state %u: status %u, expected %u", s, acs__state_status(s),
                     expected_status[s]);
    }
}

static void apply_ok(const acs_policy *policy, acs_account *account, acs_event *event)
{
    acs_record record;
    acs_refusal refusal;
    int rc = acs_apply(policy, account, event, &record, &refusal);
    if (rc != ACS_OK) fail_msg("event %u refused: %s", event->kind, acs_code_name(rc));
}

static acs_event event_of(int kind, int64_t time_ms, int role, int reason)
{
    acs_event event;
    memset(&event, 0, sizeof event);
    event.kind = (uint8_t)kind;
    event.time_ms = time_ms;
    event.actor_id = 7;
    event.actor_role = (uint8_t)role;
    event.reason = (uint8_t)reason;
    return event;
}

/* An account in abstract state s, built through the public API under the
** discretionary preset, which asks for no approver and no evidence. */
static void account_in(const acs_policy *policy, unsigned s, acs_account *account)
{
    acs_record record;
    int64_t t = T0;
    assert_int_equal(acs_account_open(account, 42, t, policy, &record), ACS_OK);
    unsigned lifecycle = s / 8 + ACS_LIFECYCLE_PENDING;
    if (lifecycle != ACS_LIFECYCLE_PENDING) {
        acs_event verify = event_of(ACS_EVENT_VERIFY, t, ACS_ROLE_SUPPORT,
                                    ACS_REASON_REQUIREMENT_MET);
        apply_ok(policy, account, &verify);
    }
    for (unsigned level = ACS_LEVEL_WITHDRAWAL_ONLY; level <= ACS_LEVEL_SUSPENDED; level++) {
        if ((s % 8 & (1u << (level - 1))) == 0) continue;
        acs_event hold = event_of(ACS_EVENT_HOLD, t += 1000, ACS_ROLE_SECURITY,
                                  ACS_REASON_SECURITY_COMPROMISE);
        hold.level = (uint8_t)level;
        apply_ok(policy, account, &hold);
    }
    if (lifecycle >= ACS_LIFECYCLE_CLOSING) {
        acs_event notice = event_of(ACS_EVENT_NOTICE, t += 1000, ACS_ROLE_COMPLIANCE,
                                    ACS_REASON_COMMERCIAL_DECISION);
        apply_ok(policy, account, &notice);
    }
    if (lifecycle == ACS_LIFECYCLE_CLOSED) {
        acs_event close = event_of(ACS_EVENT_CLOSE, t += 1000, ACS_ROLE_COMPLIANCE,
                                   ACS_REASON_COMMERCIAL_DECISION);
        apply_ok(policy, account, &close);
    }
    acs_account_info info;
    assert_int_equal(acs_account_info_get(account, &info), ACS_OK);
    assert_int_equal(info.lifecycle, lifecycle);
    assert_int_equal(info.hold_count, (s & W ? 1 : 0) + (s & F ? 1 : 0) + (s & S ? 1 : 0));
}

/* The graph's status of every state is the library's status of a real
** account in that state. */
static void test_state_status_agrees_with_accounts(void **state)
{
    (void)state;
    acs_policy policy;
    assert_int_equal(acs_policy_preset(&policy, ACS_PRESET_DISCRETIONARY), ACS_OK);
    for (unsigned s = 0; s < ACS__STATES; s++) {
        acs_account account;
        int status = 0;
        account_in(&policy, s, &account);
        assert_int_equal(acs_account_status(&account, &status), ACS_OK);
        if (status != acs__state_status(s))
            fail_msg("state %u: account status %d, graph status %u", s, status,
                     acs__state_status(s));
    }
}

/* ------------------------------------------------------------------------
** The presets.
*/

/* Every preset lets an account reach every state, every status, and use
** every rule. */
static void test_presets_reach_everything(void **state)
{
    (void)state;
    for (int which = ACS_PRESET_DEFAULT; which <= ACS_PRESET_DISCRETIONARY; which++) {
        acs_policy_rules rules = preset(which);
        acs__graph graph = graph_of(&rules);
        assert_int_equal(graph.reachable, ALL_STATES);
        assert_int_equal(graph.statuses, ALL_STATUSES);
        assert_int_equal(graph.rules_used, ALL_RULES);
        for (unsigned s = CLOSED; s < ACS__STATES; s++) assert_int_equal(graph.next[s], 0);
        for (int a = 0; a < ACS_STATUS_COUNT; a++) {
            assert_int_equal(graph.steps[a][a], 0);
            assert_int_equal(graph.steps[ACS_STATUS_CLOSED][a], 0);
            assert_int_equal(graph.steps[0][a], 0);
            assert_int_equal(graph.steps[a][0], 0);
        }
    }
}

/* The successors of a few states under the default preset, written out. */
static void test_default_successors(void **state)
{
    (void)state;
    acs_policy_rules rules = preset(ACS_PRESET_DEFAULT);
    acs__graph graph = graph_of(&rules);
    /* PENDING: a hold of each level, or verification. The customer cannot
    ** close from PENDING: the default CLOSE rule does not start there. */
    assert_int_equal(graph.next[PENDING], BIT(PENDING + W) | BIT(PENDING + F) |
                                              BIT(PENDING + S) | BIT(OPEN));
    /* PENDING with a freeze: verification is permitted only from PENDING,
    ** the customer may close from FROZEN. */
    assert_int_equal(graph.next[PENDING + F], BIT(PENDING + W + F) | BIT(PENDING + F + S) |
                                                  BIT(PENDING) | BIT(CLOSED + F));
    /* ACTIVE: holds, notice, the customer's closure. */
    assert_int_equal(graph.next[OPEN], BIT(OPEN + W) | BIT(OPEN + F) | BIT(OPEN + S) |
                                           BIT(CLOSING) | BIT(CLOSED));
    /* CLOSING with every level: lifting one, rescinding, closing. */
    assert_int_equal(graph.next[CLOSING + W + F + S],
                     BIT(CLOSING + F + S) | BIT(CLOSING + W + S) | BIT(CLOSING + W + F) |
                         BIT(OPEN + W + F + S) | BIT(CLOSED + W + F + S));
}

static void test_default_steps(void **state)
{
    (void)state;
    acs_policy_rules rules = preset(ACS_PRESET_DEFAULT);
    acs__graph graph = graph_of(&rules);
    enum {
        A = ACS_STATUS_ACTIVE, P = ACS_STATUS_PENDING, WO = ACS_STATUS_WITHDRAWAL_ONLY,
        FR = ACS_STATUS_FROZEN, SU = ACS_STATUS_SUSPENDED, CL = ACS_STATUS_CLOSED
    };
    const uint32_t hold_w = RULE(ACS_RULE_HOLD_WITHDRAWAL_ONLY);
    const uint32_t hold_f = RULE(ACS_RULE_HOLD_FROZEN);
    const uint32_t hold_s = RULE(ACS_RULE_HOLD_SUSPENDED);
    const uint32_t out = RULE(ACS_RULE_LIFT) | RULE(ACS_RULE_DECIDE);
    const uint32_t expected[ACS_STATUS_COUNT][ACS_STATUS_COUNT] = {
        [A] = {[WO] = hold_w | RULE(ACS_RULE_NOTICE), [FR] = hold_f, [SU] = hold_s,
               [CL] = RULE(ACS_RULE_CLOSE)},
        [P] = {[A] = RULE(ACS_RULE_VERIFY), [WO] = hold_w, [FR] = hold_f, [SU] = hold_s},
        [WO] = {[A] = out | RULE(ACS_RULE_RESCIND), [P] = out, [FR] = hold_f, [SU] = hold_s,
                [CL] = RULE(ACS_RULE_CLOSE)},
        [FR] = {[A] = out, [P] = out, [WO] = out, [SU] = hold_s, [CL] = RULE(ACS_RULE_CLOSE)},
        [SU] = {[A] = out, [P] = out, [WO] = out, [FR] = out, [CL] = RULE(ACS_RULE_CLOSE)},
    };
    for (int a = 0; a < ACS_STATUS_COUNT; a++) {
        for (int b = 0; b < ACS_STATUS_COUNT; b++) {
            if (graph.steps[a][b] != expected[a][b])
                fail_msg("steps[%d][%d] = 0x%x, expected 0x%x", a, b, graph.steps[a][b],
                         expected[a][b]);
        }
    }
}

/* The consumer preset lifts a hold whose review lapses; the others flag it
** overdue. */
static void test_lapse_steps_in_presets(void **state)
{
    (void)state;
    acs_policy_rules consumer = preset(ACS_PRESET_CONSUMER);
    acs__graph graph = graph_of(&consumer);
    assert_true(graph.steps[ACS_STATUS_FROZEN][ACS_STATUS_ACTIVE] & LAPSE);
    assert_true(graph.steps[ACS_STATUS_SUSPENDED][ACS_STATUS_WITHDRAWAL_ONLY] & LAPSE);
    assert_false(graph.steps[ACS_STATUS_ACTIVE][ACS_STATUS_FROZEN] & LAPSE);
    for (int which = ACS_PRESET_DEFAULT; which <= ACS_PRESET_DISCRETIONARY; which += 2) {
        acs_policy_rules rules = preset(which);
        graph = graph_of(&rules);
        for (int a = 0; a < ACS_STATUS_COUNT; a++) {
            for (int b = 0; b < ACS_STATUS_COUNT; b++) assert_false(graph.steps[a][b] & LAPSE);
        }
    }
}

/* ------------------------------------------------------------------------
** Rules written here.
*/

static void test_minimal_rules(void **state)
{
    (void)state;
    acs_policy_rules rules = minimal_rules();
    acs_policy policy;
    assert_int_equal(acs_policy_build(&policy, &rules, NULL), ACS_OK);
    acs__graph graph = graph_of(&rules);
    assert_int_equal(graph.reachable, BIT(PENDING) | BIT(OPEN) | BIT(OPEN + F));
    assert_int_equal(graph.statuses, ACS_STATUS_BIT(ACS_STATUS_PENDING) |
                                         ACS_STATUS_BIT(ACS_STATUS_ACTIVE) |
                                         ACS_STATUS_BIT(ACS_STATUS_FROZEN));
    assert_int_equal(graph.rules_used, RULE(ACS_RULE_VERIFY) | RULE(ACS_RULE_HOLD_FROZEN));
    /* Nothing leads out of a freeze: no LIFT, no appeal, no lapse. */
    assert_int_equal(graph.next[OPEN + F], 0);
    assert_int_equal(acs__graph_closure(&graph, BIT(OPEN + F)), BIT(OPEN + F));
    assert_int_equal(acs__graph_closure(&graph, BIT(PENDING)), graph.reachable);
    assert_int_equal(acs__graph_closure(&graph, 0), 0);
    assert_int_equal(graph.steps[ACS_STATUS_ACTIVE][ACS_STATUS_FROZEN],
                     RULE(ACS_RULE_HOLD_FROZEN));
    assert_int_equal(graph.steps[ACS_STATUS_PENDING][ACS_STATUS_ACTIVE], RULE(ACS_RULE_VERIFY));
    assert_int_equal(graph.next[PENDING], BIT(OPEN));
    assert_int_equal(graph.next[OPEN], BIT(OPEN + F));
    /* Successors are worked out for unreachable states too: with
    ** verification permitted from FROZEN as well, a frozen PENDING account
    ** (which no account becomes here) could open. */
    assert_int_equal(graph.next[PENDING + F], 0);
    rules.rules[ACS_RULE_VERIFY].from_statuses |= ACS_STATUS_BIT(ACS_STATUS_FROZEN);
    graph = graph_of(&rules);
    assert_int_equal(graph.next[PENDING + F], BIT(OPEN + F));
    assert_int_equal(graph.reachable, BIT(PENDING) | BIT(OPEN) | BIT(OPEN + F));
}

/* Without LIFT, a freeze is still left by an upheld appeal, but not when
** APPEAL is also switched off. */
static void test_no_lift(void **state)
{
    (void)state;
    acs_policy_rules rules = preset(ACS_PRESET_DEFAULT);
    rules.rules[ACS_RULE_LIFT].from_statuses = 0;
    acs__graph graph = graph_of(&rules);
    assert_int_equal(graph.steps[ACS_STATUS_FROZEN][ACS_STATUS_ACTIVE], RULE(ACS_RULE_DECIDE));
    rules.rules[ACS_RULE_APPEAL].from_statuses = 0;
    graph = graph_of(&rules);
    assert_int_equal(graph.steps[ACS_STATUS_FROZEN][ACS_STATUS_ACTIVE], 0);
    uint32_t from_freeze = acs__graph_closure(&graph, BIT(OPEN + F));
    for (unsigned s = 0; s < ACS__STATES; s++) {
        if (from_freeze & BIT(s)) assert_true(acs__state_status(s) >= ACS_STATUS_FROZEN);
    }
    assert_int_equal(graph.reachable, ALL_STATES);
}

/* CLOSE without notice needs the customer (USER) with USER_REQUEST, not
** named never valid; from CLOSING any role and reason will do. */
static void test_customer_closure(void **state)
{
    (void)state;
    acs_policy_rules rules = preset(ACS_PRESET_DEFAULT);
    acs_rule *close = &rules.rules[ACS_RULE_CLOSE];
    assert_true(graph_of(&rules).next[OPEN] & BIT(CLOSED));

    close->actor_roles &= ~ACS_ROLE_BIT(ACS_ROLE_USER);
    acs__graph graph = graph_of(&rules);
    assert_false(graph.next[OPEN] & BIT(CLOSED));
    assert_true(graph.next[CLOSING] & BIT(CLOSED));
    assert_int_equal(graph.steps[ACS_STATUS_ACTIVE][ACS_STATUS_CLOSED], 0);

    rules = preset(ACS_PRESET_DEFAULT);
    close->reasons &= ~ACS_REASON_BIT(ACS_REASON_USER_REQUEST);
    assert_false(graph_of(&rules).next[OPEN] & BIT(CLOSED));

    rules = preset(ACS_PRESET_DEFAULT);
    rules.reasons_never_valid |= ACS_REASON_BIT(ACS_REASON_USER_REQUEST);
    graph = graph_of(&rules);
    assert_false(graph.next[OPEN] & BIT(CLOSED));
    assert_true(graph.next[CLOSING] & BIT(CLOSED));

    /* From PENDING only where the rule starts from PENDING. */
    rules = preset(ACS_PRESET_DEFAULT);
    assert_false(graph_of(&rules).next[PENDING] & BIT(CLOSED));
    close->from_statuses |= ACS_STATUS_BIT(ACS_STATUS_PENDING);
    assert_true(graph_of(&rules).next[PENDING] & BIT(CLOSED));
}

/* A lapsed review lifts only with LAPSE_LIFTS, and only a level that can
** have a review deadline: a default period, or a maximum under which the
** actor may give one. */
static void test_lapse(void **state)
{
    (void)state;
    acs_policy_rules rules = minimal_rules();
    acs_period none = {0, ACS_UNIT_NONE};
    acs_period thirty = {30, ACS_UNIT_DAYS};
    rules.flags = ACS_POLICY_LAPSE_LIFTS;
    assert_int_equal(graph_of(&rules).next[OPEN + F], 0);

    rules.review_max[ACS_LEVEL_FROZEN] = thirty;
    acs__graph graph = graph_of(&rules);
    assert_int_equal(graph.next[OPEN + F], BIT(OPEN));
    assert_int_equal(graph.steps[ACS_STATUS_FROZEN][ACS_STATUS_ACTIVE], LAPSE);

    rules.review_default[ACS_LEVEL_FROZEN] = thirty;
    rules.review_max[ACS_LEVEL_FROZEN] = none; /* refused by the build, read as given */
    assert_int_equal(graph_of(&rules).next[OPEN + F], BIT(OPEN));

    rules.flags = ACS_POLICY_WINDOW_PAUSES | ACS_POLICY_UNCLAIMED_SEGREGATED;
    assert_int_equal(graph_of(&rules).next[OPEN + F], 0);
}

/* DECIDE upholds an appeal against a hold only when holds may be appealed
** at all (an appeal window), and only where both APPEAL and DECIDE start;
** an appeal against the closure notice needs no appeal window. */
static void test_upheld_appeal(void **state)
{
    (void)state;
    acs_policy_rules rules = preset(ACS_PRESET_DEFAULT);
    rules.rules[ACS_RULE_LIFT].from_statuses = 0;
    rules.rules[ACS_RULE_RESCIND].from_statuses = 0;
    acs__graph graph = graph_of(&rules);
    assert_true(graph.next[OPEN + F] & BIT(OPEN));
    assert_true(graph.next[CLOSING] & BIT(OPEN));

    rules.appeal_window = (acs_period){0, ACS_UNIT_NONE};
    graph = graph_of(&rules);
    assert_false(graph.next[OPEN + F] & BIT(OPEN));
    assert_true(graph.next[CLOSING] & BIT(OPEN));
    assert_int_equal(graph.steps[ACS_STATUS_WITHDRAWAL_ONLY][ACS_STATUS_ACTIVE],
                     RULE(ACS_RULE_DECIDE));

    rules = preset(ACS_PRESET_DEFAULT);
    rules.rules[ACS_RULE_LIFT].from_statuses = 0;
    rules.rules[ACS_RULE_DECIDE].reasons = ACS_REASON_BIT(ACS_REASON_APPEAL_DISMISSED);
    assert_false(graph_of(&rules).next[OPEN + F] & BIT(OPEN));

    rules = preset(ACS_PRESET_DEFAULT);
    rules.rules[ACS_RULE_LIFT].from_statuses = 0;
    rules.rules[ACS_RULE_APPEAL].from_statuses = ACS_STATUS_BIT(ACS_STATUS_WITHDRAWAL_ONLY);
    rules.rules[ACS_RULE_DECIDE].from_statuses = ACS_STATUS_BIT(ACS_STATUS_FROZEN);
    graph = graph_of(&rules);
    assert_false(graph.next[OPEN + F] & BIT(OPEN));
    assert_false(graph.next[OPEN + W] & BIT(OPEN));
    assert_int_equal(graph.rules_used, ALL_RULES & ~RULE(ACS_RULE_LIFT));
}

/* Unknown bits are ignored: a mask of unknown bits only reads as empty. */
static void test_unknown_bits(void **state)
{
    (void)state;
    acs_policy_rules plain = minimal_rules();
    acs_policy_rules odd = minimal_rules();
    odd.rules[ACS_RULE_VERIFY].from_statuses |= 0x81u;
    odd.rules[ACS_RULE_VERIFY].actor_roles |= 0x80000001u;
    odd.rules[ACS_RULE_VERIFY].reasons |= 1ull << 63 | 1ull << 20;
    odd.rules[ACS_RULE_LIFT] = (acs_rule){0x80u, 0x80u, 0, 0, 1ull << 63, 0};
    odd.rules[ACS_RULE_HOLD_SUSPENDED] =
        (acs_rule){ACS_STATUS_BIT(ACS_STATUS_ACTIVE), 0x1u, 0, 0,
                   ACS_REASON_BIT(ACS_REASON_TERMS_BREACH), 0};
    odd.reasons_never_valid = 1ull << 62;
    odd.flags = 0x80u;
    acs_policy policy;
    assert_int_not_equal(acs_policy_build(&policy, &odd, NULL), ACS_OK);
    acs__graph expected = graph_of(&plain);
    acs__graph actual = graph_of(&odd);
    assert_memory_equal(&actual, &expected, sizeof actual);
}

/* Rules that act on CLOSED (refused by the build) still move nothing out
** of a closed account, and do not count as used there. */
static void test_nothing_leaves_closed(void **state)
{
    (void)state;
    acs_policy_rules rules = preset(ACS_PRESET_DEFAULT);
    for (int rule = 0; rule < ACS_RULE_COUNT; rule++)
        rules.rules[rule].from_statuses |= ACS_STATUS_BIT(ACS_STATUS_CLOSED);
    rules.rules[ACS_RULE_EXTEND].from_statuses = ACS_STATUS_BIT(ACS_STATUS_CLOSED);
    rules.flags |= ACS_POLICY_LAPSE_LIFTS;
    acs__graph graph = graph_of(&rules);
    for (unsigned s = CLOSED; s < ACS__STATES; s++) assert_int_equal(graph.next[s], 0);
    assert_int_equal(graph.rules_used, ALL_RULES & ~RULE(ACS_RULE_EXTEND));
}

/* A rule with no role, or whose every reason is named never valid, permits
** nothing. */
static void test_no_role_no_reason(void **state)
{
    (void)state;
    acs_policy_rules rules = minimal_rules();
    rules.rules[ACS_RULE_HOLD_FROZEN].actor_roles = 0;
    acs__graph graph = graph_of(&rules);
    assert_int_equal(graph.reachable, BIT(PENDING) | BIT(OPEN));
    assert_int_equal(graph.rules_used, RULE(ACS_RULE_VERIFY));

    rules = minimal_rules();
    rules.reasons_never_valid = ACS_REASON_BIT(ACS_REASON_SECURITY_COMPROMISE);
    graph = graph_of(&rules);
    assert_int_equal(graph.reachable, BIT(PENDING) | BIT(OPEN));
    assert_int_equal(graph.statuses, ACS_STATUS_BIT(ACS_STATUS_PENDING) |
                                         ACS_STATUS_BIT(ACS_STATUS_ACTIVE));
}

/* Holds placed on a PENDING account, and nothing else: the account never
** opens, so ACTIVE is never reached. */
static void test_pending_holds(void **state)
{
    (void)state;
    acs_policy_rules rules = preset(ACS_PRESET_CONSUMER);
    rules.rules[ACS_RULE_VERIFY].from_statuses = ACS_STATUS_BIT(ACS_STATUS_ACTIVE);
    acs__graph graph = graph_of(&rules);
    assert_int_equal(graph.statuses & ACS_STATUS_BIT(ACS_STATUS_ACTIVE), 0);
    assert_int_equal(graph.reachable & (BIT(OPEN) | BIT(CLOSING)), 0);
    assert_true(graph.reachable & BIT(CLOSED + W)); /* the customer closes */
    assert_int_equal(graph.rules_used & RULE(ACS_RULE_VERIFY), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state_status_table),
        cmocka_unit_test(test_state_status_agrees_with_accounts),
        cmocka_unit_test(test_presets_reach_everything),
        cmocka_unit_test(test_default_successors),
        cmocka_unit_test(test_default_steps),
        cmocka_unit_test(test_lapse_steps_in_presets),
        cmocka_unit_test(test_minimal_rules),
        cmocka_unit_test(test_no_lift),
        cmocka_unit_test(test_customer_closure),
        cmocka_unit_test(test_lapse),
        cmocka_unit_test(test_upheld_appeal),
        cmocka_unit_test(test_unknown_bits),
        cmocka_unit_test(test_nothing_leaves_closed),
        cmocka_unit_test(test_no_role_no_reason),
        cmocka_unit_test(test_pending_holds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
