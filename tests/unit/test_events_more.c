/*
** test_events_more.c: more unit tests of src/events.c, for conditions
** test_events.c does not reach: deadlines at the two ends of the time
** range, rules wider than the presets' (a notice for an outcome, a policy
** with no appeal window, a DECIDE rule that admits a third reason), and an
** account whose sequence is exhausted.
**
** The last needs an account no sequence of calls can reach in a test's
** time (4 billion changes), so it is made by unpacking a real account,
** setting its sequence and packing it again (internal.h).
*/
#include "fixtures.h"
#include "internal.h"

/* The default preset's rules, for a test to widen. */
static acs_policy_rules default_rules(void)
{
    const acs_policy_rules *rules = acs_preset_rules(ACS_PRESET_DEFAULT);
    assert_non_null(rules);
    return *rules;
}

/* account with its sequence number set, packed again. */
static void set_sequence(acs_account *account, uint32_t sequence)
{
    acs__state state;
    assert_code(acs__unpack(&state, account), ACS_OK);
    state.sequence = sequence;
    acs__pack(account, &state);
    assert_int_equal(fx_info(account).sequence, sequence);
}

/* ------------------------------------------------------------------------
** EXTEND of a hold placed so late that its maximum review lies past the
** last representable time: the maximum is that time, so an extension up to
** it is permitted.
*/
static void test_extend_hold_near_the_end_of_time(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    /* WITHDRAWAL_ONLY: default 30 days, max 90 days. */
    const int64_t placed = ACS_TIME_MAX_MS - 40 * FX_DAY;
    fx_active(&policy, &account, placed);
    unsigned id = fx_hold(&policy, &account, placed, ACS_LEVEL_WITHDRAWAL_ONLY);
    assert_i64(fx_find_hold(&account, id).review_deadline_ms, placed + 30 * FX_DAY);

    acs_event extend = fx_ev_extend(placed + FX_HOUR, id, ACS_TIME_MAX_MS);
    acs_record record;
    fx_apply_ok(&policy, &account, &extend, &record);
    assert_i64(record.previous_deadline_ms, placed + 30 * FX_DAY);
    assert_i64(record.deadline_ms, ACS_TIME_MAX_MS);
    assert_i64(fx_find_hold(&account, id).review_deadline_ms, ACS_TIME_MAX_MS);
}

/* ------------------------------------------------------------------------
** NOTICE for a reason without a notice slot (an outcome, admitted by a
** wider rule) and for a ground whose notice is none: the window ends at
** the notice itself, and a notice at the epoch ends it 1 ms later, because
** 0 means "no deadline".
*/
static void test_notice_without_notice_period(void **state)
{
    (void)state;
    acs_policy_rules rules = default_rules();
    rules.rules[ACS_RULE_NOTICE].reasons |= ACS_REASON_BIT(ACS_REASON_REVIEW_CLEARED);
    rules.notice[ACS_REASON_USER_REQUEST] = (acs_period){0, ACS_UNIT_NONE};
    acs_policy policy;
    fx_build(&policy, &rules);
    const int64_t extension = 30 * FX_DAY; /* window-extension-max */

    static const struct {
        int64_t time_ms;
        int reason;
        int64_t window_end_ms;
    } cases[] = {
        {FX_T0, ACS_REASON_REVIEW_CLEARED, FX_T0},
        {0, ACS_REASON_REVIEW_CLEARED, 1},
        {0, ACS_REASON_USER_REQUEST, 1},
        {FX_T0, ACS_REASON_USER_REQUEST, FX_T0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        acs_account account;
        fx_active(&policy, &account, cases[i].time_ms);
        acs_event notice = fx_ev_notice(&policy, cases[i].time_ms, cases[i].reason);
        acs_record record;
        fx_apply_ok(&policy, &account, &notice, &record);
        acs_account_info info = fx_info(&account);
        assert_int_equal(info.lifecycle, ACS_LIFECYCLE_CLOSING);
        assert_int_equal(info.notice_reason, cases[i].reason);
        assert_i64(record.deadline_ms, cases[i].window_end_ms);
        assert_i64(info.window_end_ms, cases[i].window_end_ms);
        assert_i64(info.window_max_ms, cases[i].window_end_ms + extension);
        /* The window's end is due at once: the next event must wait for
        ** acs_advance. */
        int kind = 0;
        assert_i64(fx_next_deadline(&account, &kind), cases[i].window_end_ms);
        assert_int_equal(kind, ACS_EVENT_WINDOW_ENDED);
    }
}

/* ------------------------------------------------------------------------
** A policy that permits appeals but has no appeal window: a hold cannot be
** appealed at all, and the refusal names the time the hold was placed.
** The notice can still be appealed while its window runs.
*/
static void test_appeal_without_appeal_window(void **state)
{
    (void)state;
    acs_policy_rules rules = default_rules();
    rules.appeal_window = (acs_period){0, ACS_UNIT_NONE};
    acs_policy policy;
    fx_build(&policy, &rules);
    acs_account account;
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, FX_T0 + FX_HOUR, ACS_LEVEL_FROZEN);

    acs_event appeal = fx_ev_appeal(FX_T0 + 2 * FX_HOUR, id);
    fx_apply_fails(&policy, &account, &appeal, ACS_R_APPEAL_WINDOW);
    acs_refusal refusal;
    acs_record record;
    memset(&refusal, 0, sizeof refusal);
    assert_code(acs_apply(&policy, &account, &appeal, &record, &refusal),
                ACS_R_APPEAL_WINDOW);
    assert_i64(refusal.limit_ms, FX_T0 + FX_HOUR);

    fx_lift(&policy, &account, FX_T0 + 3 * FX_HOUR, id);
    fx_notice(&policy, &account, FX_T0 + 4 * FX_HOUR, ACS_REASON_USER_REQUEST);
    fx_appeal(&policy, &account, FX_T0 + 5 * FX_HOUR, 0);
    assert_int_equal(fx_info(&account).appeal_count, 1);
}

/* ------------------------------------------------------------------------
** A DECIDE rule that admits a reason other than the two answers: the rule
** passes, and DECIDE itself refuses it, naming no reason at fault.
*/
static void test_decide_with_a_third_reason(void **state)
{
    (void)state;
    acs_policy_rules rules = default_rules();
    rules.rules[ACS_RULE_DECIDE].reasons |= ACS_REASON_BIT(ACS_REASON_ERROR_CORRECTED);
    acs_policy policy;
    fx_build(&policy, &rules);
    acs_account account;
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, FX_T0 + FX_HOUR, ACS_LEVEL_FROZEN);
    fx_appeal(&policy, &account, FX_T0 + 2 * FX_HOUR, id);

    acs_event decide = fx_ev_decide(FX_T0 + 3 * FX_HOUR, id, ACS_REASON_ERROR_CORRECTED);
    fx_apply_fails(&policy, &account, &decide, ACS_R_REASON_NOT_VALID);
    acs_refusal refusal;
    acs_record record;
    memset(&refusal, FX_FILL, sizeof refusal);
    assert_code(acs_apply(&policy, &account, &decide, &record, &refusal),
                ACS_R_REASON_NOT_VALID);
    assert_int_equal(refusal.reason, 0);
    assert_int_equal(refusal.role, 0);

    /* The answers themselves still work under the wider rule. */
    decide.reason = ACS_REASON_APPEAL_DISMISSED;
    fx_apply_ok(&policy, &account, &decide, &record);
    assert_int_equal(fx_info(&account).appeal_count, 0);
    assert_true(fx_has_hold(&account, id));
}

/* ------------------------------------------------------------------------
** The sequence: the change that would take it past ACS_SEQUENCE_MAX is
** refused with ACS_E_LIMIT, after the policy's own checks; the change that
** reaches it is the last.
*/
static void test_sequence_exhausted(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);

    set_sequence(&account, ACS_SEQUENCE_MAX - 1);
    unsigned id = fx_hold(&policy, &account, FX_T0 + FX_HOUR, ACS_LEVEL_FROZEN);
    assert_int_equal(fx_info(&account).sequence, ACS_SEQUENCE_MAX);

    acs_event lift = fx_ev_lift(FX_T0 + 2 * FX_HOUR, id);
    fx_apply_fails(&policy, &account, &lift, ACS_E_LIMIT);
    acs_refusal refusal;
    acs_record record;
    memset(&refusal, 0, sizeof refusal);
    assert_code(acs_apply(&policy, &account, &lift, &record, &refusal), ACS_E_LIMIT);
    assert_int_equal(refusal.kind, ACS_EVENT_LIFT);
    assert_int_equal(refusal.status, ACS_STATUS_FROZEN);

    /* A refusal of the policy comes first: it does not depend on the
    ** sequence. */
    acs_event verify = fx_ev_verify(FX_T0 + 2 * FX_HOUR);
    fx_apply_fails(&policy, &account, &verify, ACS_R_STATUS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_extend_hold_near_the_end_of_time),
        cmocka_unit_test(test_notice_without_notice_period),
        cmocka_unit_test(test_appeal_without_appeal_window),
        cmocka_unit_test(test_decide_with_a_third_reason),
        cmocka_unit_test(test_sequence_exhausted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
