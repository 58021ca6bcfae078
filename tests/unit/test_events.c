/*
** test_events.c: unit tests of src/events.c.
**
** Each event kind's effect and each of its own refusals, as the comment
** above acs_apply in acctstate.h lists them, then the misuse checks: NULL
** pointers, an unbuilt policy, unknown enum values, reserved fields, times
** out of range or backwards, unknown holds, a full hold table, a duplicate
** appeal, a CLOSED account, a due deadline, and the order in which those
** checks run. Every refused call goes through fx_apply_fails, which proves
** that the account and the record output are byte-for-byte untouched.
*/
#include "fixtures.h"

#define T1 (FX_T0 + FX_HOUR)

/* ------------------------------------------------------------------------
** VERIFY
*/
static void test_verify(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_open(&policy, &account, FX_ACCOUNT_ID, FX_T0);

    acs_event verify = fx_ev_verify(T1);
    fx_apply_ok(&policy, &account, &verify, NULL);
    acs_account_info info = fx_info(&account);
    assert_int_equal(info.lifecycle, ACS_LIFECYCLE_OPEN);
    assert_int_equal(info.status, ACS_STATUS_ACTIVE);
    assert_int_equal(info.sequence, 2);

    /* Twice: the rule permits VERIFY only from PENDING. */
    verify.time_ms = T1 + 1;
    fx_apply_fails(&policy, &account, &verify, ACS_R_STATUS);

    /* With a policy whose rule also permits WITHDRAWAL_ONLY, the kind's own
    ** condition still refuses an account that is not PENDING. */
    acs_policy_rules rules = *acs_preset_rules(ACS_PRESET_DEFAULT);
    rules.rules[ACS_RULE_VERIFY].from_statuses |=
        ACS_STATUS_BIT(ACS_STATUS_WITHDRAWAL_ONLY);
    acs_policy wide;
    fx_build(&wide, &rules);
    fx_hold(&wide, &account, T1 + 2, ACS_LEVEL_WITHDRAWAL_ONLY);
    verify.time_ms = T1 + 3;
    fx_apply_fails(&wide, &account, &verify, ACS_R_STATUS);
}

/* ------------------------------------------------------------------------
** HOLD
*/
static void test_hold_review_deadlines(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);

    /* The level's default. */
    static const struct {
        int level;
        int64_t default_ms;
    } defaults[] = {
        {ACS_LEVEL_WITHDRAWAL_ONLY, 30 * FX_DAY},
        {ACS_LEVEL_FROZEN, 14 * FX_DAY},
        {ACS_LEVEL_SUSPENDED, 30 * FX_DAY},
    };
    unsigned previous_id = 0;
    for (size_t i = 0; i < 3; i++) {
        int64_t t = T1 + (int64_t)i;
        acs_record record;
        acs_event hold = fx_ev_hold(&policy, t, defaults[i].level);
        fx_apply_ok(&policy, &account, &hold, &record);
        acs_hold h = fx_find_hold(&account, record.hold_id);
        assert_true(h.id > previous_id);
        previous_id = h.id;
        assert_int_equal(h.level, defaults[i].level);
        assert_int_equal(h.reason, hold.reason);
        assert_int_equal(h.actor_role, hold.actor_role);
        assert_true(h.actor_id == hold.actor_id);
        assert_i64(h.placed_ms, t);
        assert_i64(h.review_deadline_ms, t + defaults[i].default_ms);
        assert_int_equal(h.flags, 0);
        /* Placed in rising strictness, each new hold sets the status. */
        assert_int_equal(fx_status(&account), defaults[i].level + 2);
    }
    assert_int_equal(fx_info(&account).hold_count, 3);

    /* A shorter period, and a period equal to the default. */
    acs_record record;
    acs_event hold = fx_ev_hold(&policy, T1 + 10, ACS_LEVEL_FROZEN);
    hold.period_ms = FX_HOUR;
    fx_apply_ok(&policy, &account, &hold, &record);
    assert_i64(fx_find_hold(&account, record.hold_id).review_deadline_ms,
               T1 + 10 + FX_HOUR);
    hold.time_ms = T1 + 11;
    hold.period_ms = 14 * FX_DAY;
    fx_apply_ok(&policy, &account, &hold, &record);
    assert_i64(fx_find_hold(&account, record.hold_id).review_deadline_ms,
               T1 + 11 + 14 * FX_DAY);
    hold.period_ms = 1;
    hold.time_ms = T1 + 12;
    fx_apply_ok(&policy, &account, &hold, &record);
    assert_i64(fx_find_hold(&account, record.hold_id).review_deadline_ms, T1 + 13);
}

static void test_hold_period_too_long(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    static const struct {
        int level;
        int64_t period_ms;
    } cases[] = {
        {ACS_LEVEL_WITHDRAWAL_ONLY, 30 * FX_DAY + 1},
        {ACS_LEVEL_FROZEN, 14 * FX_DAY + 1},
        {ACS_LEVEL_FROZEN, 60 * FX_DAY},
        {ACS_LEVEL_SUSPENDED, 30 * FX_DAY + 1},
        {ACS_LEVEL_SUSPENDED, 10 * FX_YEAR},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        acs_event hold = fx_ev_hold(&policy, T1, cases[i].level);
        hold.period_ms = cases[i].period_ms;
        fx_apply_fails(&policy, &account, &hold, ACS_R_PERIOD_TOO_LONG);
    }
}

/* Under discretionary, no level has a default review period: no deadline. */
static void test_hold_without_review_default(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DISCRETIONARY);
    fx_active(&policy, &account, FX_T0);
    for (int level = ACS_LEVEL_WITHDRAWAL_ONLY; level <= ACS_LEVEL_SUSPENDED; level++) {
        unsigned id = fx_hold(&policy, &account, T1 + level, level);
        assert_i64(fx_find_hold(&account, id).review_deadline_ms, 0);
    }
    int kind = -1;
    assert_i64(fx_next_deadline(&account, &kind), 0);
    assert_int_equal(kind, 0);
}

/* The header: period_ms above the default is refused, and where the level
** has no default (discretionary) a period up to the level's maximum adds a
** review deadline the policy did not ask for; above the maximum it is
** refused. */
static void test_hold_period_above_zero_default(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DISCRETIONARY);
    fx_active(&policy, &account, FX_T0);
    assert_int_equal(policy.rules.review_default[ACS_LEVEL_FROZEN].unit, ACS_UNIT_NONE);
    int64_t maximum = fx_period_ms(policy.rules.review_max[ACS_LEVEL_FROZEN]);
    assert_i64(maximum, 365 * FX_DAY);

    acs_event hold = fx_ev_hold(&policy, T1, ACS_LEVEL_FROZEN);
    hold.period_ms = maximum + 1;
    fx_apply_fails(&policy, &account, &hold, ACS_R_PERIOD_TOO_LONG);

    hold.period_ms = maximum;
    acs_record record;
    assert_int_equal(acs_apply(&policy, &account, &hold, &record, NULL), ACS_OK);
    assert_i64(record.deadline_ms, T1 + maximum);
}

/* Hold ids are never reused: once ACS_HOLD_ID_MAX holds have been placed,
** the next is refused with ACS_E_LIMIT even with room in the table. */
static void test_hold_ids_run_out(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DISCRETIONARY);
    fx_active(&policy, &account, FX_T0);
    int64_t t = T1;
    for (unsigned n = 1; n <= ACS_HOLD_ID_MAX; n++) {
        acs_event hold = fx_ev_hold(&policy, t, ACS_LEVEL_WITHDRAWAL_ONLY);
        acs_record record;
        acs_refusal refusal;
        assert_code(acs_apply(&policy, &account, &hold, &record, &refusal), ACS_OK);
        assert_int_equal(record.hold_id, n);
        acs_event lift = fx_ev_lift(t, n);
        assert_code(acs_apply(&policy, &account, &lift, &record, &refusal), ACS_OK);
        t++;
    }
    assert_int_equal(fx_info(&account).hold_count, 0);
    acs_event hold = fx_ev_hold(&policy, t, ACS_LEVEL_WITHDRAWAL_ONLY);
    fx_apply_fails(&policy, &account, &hold, ACS_E_LIMIT);
}

static void test_hold_table_full(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned ids[ACS_HOLDS_MAX];
    for (int i = 0; i < ACS_HOLDS_MAX; i++)
        ids[i] = fx_hold(&policy, &account, T1 + i, ACS_LEVEL_WITHDRAWAL_ONLY);
    assert_int_equal(fx_info(&account).hold_count, ACS_HOLDS_MAX);
    for (int level = ACS_LEVEL_WITHDRAWAL_ONLY; level <= ACS_LEVEL_SUSPENDED; level++) {
        acs_event ninth = fx_ev_hold(&policy, T1 + 20, level);
        fx_apply_fails(&policy, &account, &ninth, ACS_E_HOLDS_FULL);
    }
    /* Room again once one is lifted, and the new hold gets a new id. */
    fx_lift(&policy, &account, T1 + 30, ids[3]);
    unsigned id = fx_hold(&policy, &account, T1 + 31, ACS_LEVEL_FROZEN);
    for (int i = 0; i < ACS_HOLDS_MAX; i++) assert_int_not_equal(id, ids[i]);
    acs_event ninth = fx_ev_hold(&policy, T1 + 32, ACS_LEVEL_FROZEN);
    fx_apply_fails(&policy, &account, &ninth, ACS_E_HOLDS_FULL);
}

/* ------------------------------------------------------------------------
** LIFT
*/
static void test_lift(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned legal = fx_hold(&policy, &account, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    unsigned freeze = fx_hold(&policy, &account, T1 + 1, ACS_LEVEL_FROZEN);
    fx_appeal(&policy, &account, T1 + 2, freeze);
    fx_appeal(&policy, &account, T1 + 3, legal);
    assert_int_equal(fx_info(&account).appeal_count, 2);

    /* Lifting one hold never lifts the other, and takes its appeal along. */
    fx_lift(&policy, &account, T1 + 4, freeze);
    acs_account_info info = fx_info(&account);
    assert_int_equal(info.hold_count, 1);
    assert_true(fx_has_hold(&account, legal));
    assert_int_equal(info.status, ACS_STATUS_WITHDRAWAL_ONLY);
    assert_int_equal(info.appeal_count, 1);
    assert_int_equal(info.appeals[0].target, legal);

    /* Unknown ids, including 0 and the id just lifted. */
    const unsigned unknown[] = {0, freeze, legal + freeze + 1, ACS_HOLD_ID_MAX};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        acs_event lift = fx_ev_lift(T1 + 5, unknown[i]);
        fx_apply_fails(&policy, &account, &lift, ACS_E_HOLD_UNKNOWN);
    }
    /* Above ACS_HOLD_ID_MAX the top bit is reserved: no hold id has it. */
    const unsigned reserved[] = {ACS_HOLD_ID_MAX + 1, 0xffff};
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
        acs_event lift = fx_ev_lift(T1 + 5, reserved[i]);
        fx_apply_fails(&policy, &account, &lift, ACS_E_RESERVED);
    }

    fx_lift(&policy, &account, T1 + 6, legal);
    info = fx_info(&account);
    assert_int_equal(info.hold_count, 0);
    assert_int_equal(info.appeal_count, 0);
    assert_int_equal(info.status, ACS_STATUS_ACTIVE);
}

/* ------------------------------------------------------------------------
** EXTEND
*/
static void test_extend_hold(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_FROZEN);
    const int64_t deadline = T1 + 14 * FX_DAY;
    const int64_t max = T1 + 60 * FX_DAY; /* placed + FROZEN's maximum */
    const int64_t now = T1 + FX_DAY;

    const int64_t not_later[] = {deadline, deadline - 1, now, now - 1, T1};
    for (size_t i = 0; i < sizeof not_later / sizeof not_later[0]; i++) {
        acs_event extend = fx_ev_extend(now, id, not_later[i]);
        fx_apply_fails(&policy, &account, &extend, ACS_R_DEADLINE_NOT_LATER);
    }
    acs_event extend = fx_ev_extend(now, id, max + 1);
    fx_apply_fails(&policy, &account, &extend, ACS_R_DEADLINE_BEYOND_MAX);
    acs_refusal refusal;
    memset(&refusal, 0, sizeof refusal);
    acs_record record;
    assert_code(acs_apply(&policy, &account, &extend, &record, &refusal),
                ACS_R_DEADLINE_BEYOND_MAX);
    assert_i64(refusal.limit_ms, max);
    assert_int_equal(refusal.kind, ACS_EVENT_EXTEND);

    extend = fx_ev_extend(now, id, deadline + 1);
    fx_apply_ok(&policy, &account, &extend, NULL);
    assert_i64(fx_find_hold(&account, id).review_deadline_ms, deadline + 1);
    extend = fx_ev_extend(now + 1, id, max);
    fx_apply_ok(&policy, &account, &extend, NULL);
    assert_i64(fx_find_hold(&account, id).review_deadline_ms, max);
    assert_i64(fx_next_deadline(&account, NULL), max);
    extend = fx_ev_extend(now + 2, id, max);
    fx_apply_fails(&policy, &account, &extend, ACS_R_DEADLINE_NOT_LATER);
}

/* An overdue hold (default: a lapsed review flags it) can be given a new
** deadline later than now, which clears the flag. */
static void test_extend_clears_overdue(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_FROZEN);
    acs_record records[ACS_DEADLINES_MAX];
    const int64_t now = T1 + 20 * FX_DAY;
    assert_int_equal(fx_advance(&policy, &account, now, records, NULL), 1);
    assert_true(fx_find_hold(&account, id).flags & ACS_HOLD_OVERDUE);

    acs_event extend = fx_ev_extend(now, id, now);
    fx_apply_fails(&policy, &account, &extend, ACS_R_DEADLINE_NOT_LATER);
    extend.deadline_ms = T1 + 60 * FX_DAY + 1;
    fx_apply_fails(&policy, &account, &extend, ACS_R_DEADLINE_BEYOND_MAX);
    extend.deadline_ms = now + 1;
    fx_apply_ok(&policy, &account, &extend, NULL);
    acs_hold hold = fx_find_hold(&account, id);
    assert_int_equal(hold.flags & ACS_HOLD_OVERDUE, 0);
    assert_i64(hold.review_deadline_ms, now + 1);
    assert_i64(fx_next_deadline(&account, NULL), now + 1);
}

static void test_extend_window(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);

    /* No notice running: an OPEN account under a hold (so the rule's status
    ** check passes). */
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    acs_event extend = fx_ev_extend(T1 + 1, 0, T1 + 10 * FX_DAY);
    fx_apply_fails(&policy, &account, &extend, ACS_R_NO_NOTICE);
    fx_lift(&policy, &account, T1 + 2, id);

    const int64_t tn = T1 + 3;
    const int64_t end = fx_notice(&policy, &account, tn, ACS_REASON_COMMERCIAL_DECISION);
    assert_i64(end, tn + 62 * FX_DAY);
    const int64_t max = fx_info(&account).window_max_ms;
    assert_i64(max, end + 30 * FX_DAY);

    const int64_t now = tn + FX_DAY;
    const int64_t not_later[] = {end, end - 1, now};
    for (size_t i = 0; i < sizeof not_later / sizeof not_later[0]; i++) {
        extend = fx_ev_extend(now, 0, not_later[i]);
        fx_apply_fails(&policy, &account, &extend, ACS_R_DEADLINE_NOT_LATER);
    }
    extend = fx_ev_extend(now, 0, max + 1);
    fx_apply_fails(&policy, &account, &extend, ACS_R_DEADLINE_BEYOND_MAX);
    acs_refusal refusal;
    acs_record record;
    memset(&refusal, 0, sizeof refusal);
    assert_code(acs_apply(&policy, &account, &extend, &record, &refusal),
                ACS_R_DEADLINE_BEYOND_MAX);
    assert_i64(refusal.limit_ms, max);

    extend = fx_ev_extend(now, 0, end + FX_DAY);
    fx_apply_ok(&policy, &account, &extend, NULL);
    acs_account_info info = fx_info(&account);
    assert_i64(info.window_end_ms, end + FX_DAY);
    assert_i64(info.window_max_ms, max);
    extend = fx_ev_extend(now + 1, 0, max);
    fx_apply_ok(&policy, &account, &extend, NULL);
    assert_i64(fx_info(&account).window_end_ms, max);
    int kind = 0;
    assert_i64(fx_next_deadline(&account, &kind), max);
    assert_int_equal(kind, ACS_EVENT_WINDOW_ENDED);
}

/* Nothing to extend: a hold without a review deadline (discretionary sets
** none), and a window that is paused. */
static void test_extend_nothing_runs(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DISCRETIONARY);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_FROZEN);
    acs_event extend = fx_ev_extend(T1 + 1, id, T1 + FX_DAY);
    fx_apply_fails(&policy, &account, &extend, ACS_R_NO_DEADLINE);

    /* default pauses the window while FROZEN. */
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    const int64_t end = fx_notice(&policy, &account, T1, ACS_REASON_COMMERCIAL_DECISION);
    id = fx_hold(&policy, &account, T1 + 1, ACS_LEVEL_FROZEN);
    assert_true(fx_info(&account).flags & ACS_ACCOUNT_WINDOW_PAUSED);
    extend = fx_ev_extend(T1 + 2, 0, end + FX_DAY);
    fx_apply_fails(&policy, &account, &extend, ACS_R_NO_DEADLINE);
    /* The hold's own deadline can still be extended. */
    extend = fx_ev_extend(T1 + 2, id, T1 + 1 + 20 * FX_DAY);
    fx_apply_ok(&policy, &account, &extend, NULL);
}

static void test_extend_window_clears_window_ended(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    const int64_t end = fx_notice(&policy, &account, T1, ACS_REASON_USER_REQUEST);
    assert_i64(end, T1 + 7 * FX_DAY);
    acs_record records[ACS_DEADLINES_MAX];
    assert_int_equal(fx_advance(&policy, &account, end, records, NULL), 1);
    assert_true(fx_info(&account).flags & ACS_ACCOUNT_WINDOW_ENDED);

    const int64_t now = end + FX_HOUR;
    acs_event extend = fx_ev_extend(now, 0, now);
    fx_apply_fails(&policy, &account, &extend, ACS_R_DEADLINE_NOT_LATER);
    extend.deadline_ms = now + 3 * FX_DAY;
    fx_apply_ok(&policy, &account, &extend, NULL);
    acs_account_info info = fx_info(&account);
    assert_int_equal(info.flags & ACS_ACCOUNT_WINDOW_ENDED, 0);
    assert_i64(info.window_end_ms, now + 3 * FX_DAY);
    assert_int_equal(info.lifecycle, ACS_LIFECYCLE_CLOSING);

    /* The window runs again: closing with funds waits for it. */
    acs_event close = fx_ev_close(now + FX_HOUR, 1);
    fx_apply_fails(&policy, &account, &close, ACS_R_WINDOW_RUNNING);
}

/* ------------------------------------------------------------------------
** NOTICE and RESCIND
*/
static void test_notice_periods_per_reason(void **state)
{
    (void)state;
    static const struct {
        int preset;
        int reason;
        int64_t notice_ms;
    } cases[] = {
        {ACS_PRESET_DEFAULT, ACS_REASON_COMMERCIAL_DECISION, 62 * FX_DAY},
        {ACS_PRESET_DEFAULT, ACS_REASON_INACTIVITY, 62 * FX_DAY},
        {ACS_PRESET_DEFAULT, ACS_REASON_USER_REQUEST, 7 * FX_DAY},
        {ACS_PRESET_DEFAULT, ACS_REASON_LEGAL_ORDER, 14 * FX_DAY},
        {ACS_PRESET_DEFAULT, ACS_REASON_ABUSIVE_CONDUCT, 30 * FX_DAY},
        {ACS_PRESET_CONSUMER, ACS_REASON_COMMERCIAL_DECISION, 62 * FX_DAY},
        {ACS_PRESET_CONSUMER, ACS_REASON_SANCTIONS, 14 * FX_DAY},
        {ACS_PRESET_DISCRETIONARY, ACS_REASON_PUBLIC_CRITICISM, 7 * FX_DAY},
        {ACS_PRESET_DISCRETIONARY, ACS_REASON_COMMERCIAL_DECISION, 7 * FX_DAY},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        acs_policy policy;
        acs_account account;
        fx_preset(&policy, cases[i].preset);
        fx_active(&policy, &account, FX_T0);
        int64_t end = fx_notice(&policy, &account, T1, cases[i].reason);
        acs_account_info info = fx_info(&account);
        assert_i64(end, T1 + cases[i].notice_ms);
        assert_i64(info.window_max_ms,
                   end + fx_period_ms(policy.rules.window_extension_max));
        assert_int_equal(info.notice_reason, cases[i].reason);
        assert_int_equal(info.lifecycle, ACS_LIFECYCLE_CLOSING);
        assert_int_equal(info.status, ACS_STATUS_WITHDRAWAL_ONLY);
        assert_i64(info.window_paused_ms, 0);
        assert_int_equal(info.flags, 0);
        int kind = 0;
        assert_i64(fx_next_deadline(&account, &kind), end);
        assert_int_equal(kind, ACS_EVENT_WINDOW_ENDED);
    }
}

static void test_notice_refusals(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);

    /* From PENDING: the rule does not permit it. */
    fx_open(&policy, &account, FX_ACCOUNT_ID, FX_T0);
    acs_event notice = fx_ev_notice(&policy, T1, ACS_REASON_COMMERCIAL_DECISION);
    fx_apply_fails(&policy, &account, &notice, ACS_R_STATUS);

    /* PENDING under a hold: the rule permits WITHDRAWAL_ONLY, the kind
    ** refuses a lifecycle that is not OPEN. */
    fx_hold(&policy, &account, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    notice.time_ms = T1 + 1;
    fx_apply_fails(&policy, &account, &notice, ACS_R_STATUS);

    /* CLOSING already: the rule permits WITHDRAWAL_ONLY, the kind refuses. */
    fx_active(&policy, &account, FX_T0);
    fx_notice(&policy, &account, T1, ACS_REASON_COMMERCIAL_DECISION);
    notice = fx_ev_notice(&policy, T1 + 1, ACS_REASON_COMMERCIAL_DECISION);
    fx_apply_fails(&policy, &account, &notice, ACS_R_NOTICE_RUNNING);
    notice = fx_ev_notice(&policy, T1 + 1, ACS_REASON_USER_REQUEST);
    fx_apply_fails(&policy, &account, &notice, ACS_R_NOTICE_RUNNING);
}

static void test_rescind(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);

    /* Not CLOSING: an OPEN account under a hold, so the rule passes. */
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    acs_event rescind = fx_ev_rescind(T1 + 1);
    fx_apply_fails(&policy, &account, &rescind, ACS_R_NO_NOTICE);
    fx_lift(&policy, &account, T1 + 2, id);
    /* ACTIVE: the rule refuses first. */
    rescind.time_ms = T1 + 3;
    fx_apply_fails(&policy, &account, &rescind, ACS_R_STATUS);

    fx_notice(&policy, &account, T1 + 4, ACS_REASON_COMMERCIAL_DECISION);
    fx_appeal(&policy, &account, T1 + 5, 0);
    assert_int_equal(fx_info(&account).appeal_count, 1);
    rescind.time_ms = T1 + 6;
    fx_apply_ok(&policy, &account, &rescind, NULL);
    acs_account_info info = fx_info(&account);
    assert_int_equal(info.lifecycle, ACS_LIFECYCLE_OPEN);
    assert_int_equal(info.status, ACS_STATUS_ACTIVE);
    assert_i64(info.window_end_ms, 0);
    assert_i64(info.window_paused_ms, 0);
    assert_int_equal(info.appeal_count, 0);
    assert_int_equal(info.flags, 0);
    int kind = -1;
    assert_i64(fx_next_deadline(&account, &kind), 0);
    assert_int_equal(kind, 0);

    /* The account may be given notice again. */
    fx_notice(&policy, &account, T1 + 7, ACS_REASON_USER_REQUEST);
}

/* ------------------------------------------------------------------------
** CLOSE
*/
static void test_close_from_closing(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    const int64_t end = fx_notice(&policy, &account, T1 + 1,
                                  ACS_REASON_COMMERCIAL_DECISION);

    /* With funds, before the window has run: refused, naming the end (and
    ** before the hold's review deadline at 30 days, which would be due). */
    const int64_t running[] = {T1 + 2, T1 + 30 * FX_DAY - 1};
    for (size_t i = 0; i < 2; i++) {
        acs_event close = fx_ev_close(running[i], 1);
        fx_apply_fails(&policy, &account, &close, ACS_R_WINDOW_RUNNING);
        acs_refusal refusal;
        acs_record record;
        memset(&refusal, 0, sizeof refusal);
        assert_code(acs_apply(&policy, &account, &close, &record, &refusal),
                    ACS_R_WINDOW_RUNNING);
        assert_i64(refusal.limit_ms, end);
    }

    /* Without funds: at any time, holds stay, nothing runs afterwards (not
    ** even the appeal against the hold), and no window is left. */
    fx_appeal(&policy, &account, T1 + 2, id);
    acs_event close = fx_ev_close(T1 + 2, 0);
    fx_apply_ok(&policy, &account, &close, NULL);
    acs_account_info info = fx_info(&account);
    assert_int_equal(info.lifecycle, ACS_LIFECYCLE_CLOSED);
    assert_i64(info.window_end_ms, 0);
    assert_i64(info.window_paused_ms, 0);
    assert_int_equal(info.status, ACS_STATUS_CLOSED);
    assert_int_equal(info.hold_count, 1);
    assert_true(fx_has_hold(&account, id));
    int kind = -1;
    assert_i64(fx_next_deadline(&account, &kind), 0);
    assert_int_equal(kind, 0);

    /* One millisecond before the end the window still runs. */
    fx_active(&policy, &account, FX_T0);
    const int64_t end2 = fx_notice(&policy, &account, T1, ACS_REASON_USER_REQUEST);
    close = fx_ev_close(end2 - 1, 1);
    fx_apply_fails(&policy, &account, &close, ACS_R_WINDOW_RUNNING);
}

static void test_close_with_funds_after_window(void **state)
{
    (void)state;
    /* default names a segregated unclaimed-funds account: permitted. */
    acs_policy policy;
    acs_account account;
    acs_record records[ACS_DEADLINES_MAX];
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    int64_t end = fx_notice(&policy, &account, T1, ACS_REASON_USER_REQUEST);
    /* At the end itself the window's deadline is due first. */
    acs_event close = fx_ev_close(end, 1);
    fx_apply_fails(&policy, &account, &close, ACS_E_DEADLINE_DUE);
    assert_int_equal(fx_advance(&policy, &account, end, records, NULL), 1);
    fx_apply_ok(&policy, &account, &close, NULL);
    assert_int_equal(fx_status(&account), ACS_STATUS_CLOSED);

    /* consumer names no handling: refused, the account stays CLOSING and
    ** flagged, and it can still be closed once the funds are gone. */
    fx_preset(&policy, ACS_PRESET_CONSUMER);
    fx_active(&policy, &account, FX_T0);
    end = fx_notice(&policy, &account, T1, ACS_REASON_USER_REQUEST);
    assert_int_equal(fx_advance(&policy, &account, end + FX_DAY, records, NULL), 1);
    close = fx_ev_close(end + 2 * FX_DAY, 1);
    fx_apply_fails(&policy, &account, &close, ACS_R_FUNDS_UNCLAIMED);
    acs_account_info info = fx_info(&account);
    assert_int_equal(info.lifecycle, ACS_LIFECYCLE_CLOSING);
    assert_true(info.flags & ACS_ACCOUNT_WINDOW_ENDED);
    close.flags = 0;
    fx_apply_ok(&policy, &account, &close, NULL);
    assert_int_equal(fx_status(&account), ACS_STATUS_CLOSED);
}

static void test_close_from_open(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);

    /* The customer asks, with no funds: CLOSED at once. */
    fx_active(&policy, &account, FX_T0);
    acs_event close = fx_ev_close_by_user(T1, 0);
    fx_apply_ok(&policy, &account, &close, NULL);
    assert_int_equal(fx_info(&account).lifecycle, ACS_LIFECYCLE_CLOSED);

    /* Also under a hold (the rule permits WITHDRAWAL_ONLY). */
    fx_active(&policy, &account, FX_T0);
    fx_hold(&policy, &account, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    close = fx_ev_close_by_user(T1 + 1, 0);
    fx_apply_ok(&policy, &account, &close, NULL);
    assert_int_equal(fx_status(&account), ACS_STATUS_CLOSED);

    /* With funds, or for any other reason: notice first. */
    fx_active(&policy, &account, FX_T0);
    close = fx_ev_close_by_user(T1, 1);
    fx_apply_fails(&policy, &account, &close, ACS_R_NOTICE_REQUIRED);
    close = fx_ev_close(T1, 0);
    fx_apply_fails(&policy, &account, &close, ACS_R_NOTICE_REQUIRED);
    close = fx_ev_close(T1, 1);
    fx_apply_fails(&policy, &account, &close, ACS_R_NOTICE_REQUIRED);
    close = fx_event(ACS_EVENT_CLOSE, T1, ACS_ROLE_USER, ACS_REASON_INACTIVITY);
    fx_apply_fails(&policy, &account, &close, ACS_R_NOTICE_REQUIRED);

    /* From PENDING the rule refuses. */
    fx_open(&policy, &account, FX_ACCOUNT_ID, FX_T0);
    close = fx_ev_close_by_user(T1, 0);
    fx_apply_fails(&policy, &account, &close, ACS_R_STATUS);
}

/* ------------------------------------------------------------------------
** APPEAL and DECIDE
*/
static void test_appeal_hold(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    fx_appeal(&policy, &account, T1 + FX_HOUR, id);
    acs_account_info info = fx_info(&account);
    assert_int_equal(info.appeal_count, 1);
    assert_int_equal(info.appeals[0].target, id);
    assert_i64(info.appeals[0].answer_deadline_ms, T1 + FX_HOUR + 14 * FX_DAY);
    assert_int_equal(info.appeals[0].overdue, 0);
    assert_true(fx_find_hold(&account, id).flags & ACS_HOLD_APPEALED);
    int kind = 0;
    assert_i64(fx_next_deadline(&account, &kind), T1 + FX_HOUR + 14 * FX_DAY);
    assert_int_equal(kind, ACS_EVENT_APPEAL_LAPSED);

    /* Once only. */
    acs_event again = fx_ev_appeal(T1 + 2 * FX_HOUR, id);
    fx_apply_fails(&policy, &account, &again, ACS_E_APPEAL_DUPLICATE);
}

static void test_appeal_window_of_a_hold(void **state)
{
    (void)state;
    /* discretionary: 7 days to appeal, no review deadlines in the way. */
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DISCRETIONARY);
    fx_active(&policy, &account, FX_T0);
    unsigned late = fx_hold(&policy, &account, T1, ACS_LEVEL_FROZEN);
    unsigned timely = fx_hold(&policy, &account, T1 + 1, ACS_LEVEL_FROZEN);

    /* Within 7 days of placement, the last millisecond included. */
    fx_appeal(&policy, &account, T1 + 7 * FX_DAY, late);
    acs_event appeal = fx_ev_appeal(T1 + 7 * FX_DAY + 2, timely);
    fx_apply_fails(&policy, &account, &appeal, ACS_R_APPEAL_WINDOW);
    acs_refusal refusal;
    acs_record record;
    memset(&refusal, 0, sizeof refusal);
    assert_code(acs_apply(&policy, &account, &appeal, &record, &refusal),
                ACS_R_APPEAL_WINDOW);
    assert_i64(refusal.limit_ms, T1 + 1 + 7 * FX_DAY);
    appeal.time_ms = T1 + 30 * FX_DAY;
    fx_apply_fails(&policy, &account, &appeal, ACS_R_APPEAL_WINDOW);
}

static void test_appeal_notice(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record records[ACS_DEADLINES_MAX];
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);

    /* No notice: an OPEN account under a hold. */
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    acs_event appeal = fx_ev_appeal(T1 + 1, 0);
    fx_apply_fails(&policy, &account, &appeal, ACS_R_NO_NOTICE);
    fx_lift(&policy, &account, T1 + 2, id);

    int64_t end = fx_notice(&policy, &account, T1 + 3, ACS_REASON_USER_REQUEST);
    fx_appeal(&policy, &account, T1 + 4, 0);
    acs_account_info info = fx_info(&account);
    assert_int_equal(info.appeal_count, 1);
    assert_int_equal(info.appeals[0].target, 0);
    assert_i64(info.appeals[0].answer_deadline_ms, T1 + 4 + 14 * FX_DAY);
    assert_true(info.flags & ACS_ACCOUNT_NOTICE_APPEALED);
    appeal.time_ms = T1 + 5;
    fx_apply_fails(&policy, &account, &appeal, ACS_E_APPEAL_DUPLICATE);

    /* After the window ended the notice can no longer be appealed. */
    fx_active(&policy, &account, FX_T0);
    end = fx_notice(&policy, &account, T1, ACS_REASON_USER_REQUEST);
    assert_int_equal(fx_advance(&policy, &account, end, records, NULL), 1);
    appeal.time_ms = end + 1;
    fx_apply_fails(&policy, &account, &appeal, ACS_R_APPEAL_WINDOW);
    /* One millisecond before the end it still could. */
    fx_active(&policy, &account, FX_T0);
    end = fx_notice(&policy, &account, T1, ACS_REASON_USER_REQUEST);
    fx_appeal(&policy, &account, end - 1, 0);
}

static void test_appeal_limit(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned a = fx_hold(&policy, &account, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    unsigned b = fx_hold(&policy, &account, T1 + 1, ACS_LEVEL_WITHDRAWAL_ONLY);
    unsigned c = fx_hold(&policy, &account, T1 + 2, ACS_LEVEL_WITHDRAWAL_ONLY);
    fx_notice(&policy, &account, T1 + 3, ACS_REASON_COMMERCIAL_DECISION);
    fx_appeal(&policy, &account, T1 + 4, a);
    fx_appeal(&policy, &account, T1 + 5, b);
    acs_event appeal = fx_ev_appeal(T1 + 6, c);
    fx_apply_fails(&policy, &account, &appeal, ACS_R_APPEAL_LIMIT);
    appeal.hold_id = 0;
    fx_apply_fails(&policy, &account, &appeal, ACS_R_APPEAL_LIMIT);

    /* An answered appeal makes room. */
    acs_event decide = fx_ev_decide(T1 + 7, a, ACS_REASON_APPEAL_DISMISSED);
    fx_apply_ok(&policy, &account, &decide, NULL);
    appeal.time_ms = T1 + 8;
    appeal.hold_id = (uint16_t)c;
    fx_apply_ok(&policy, &account, &appeal, NULL);
    assert_int_equal(fx_info(&account).appeal_count, 2);
}

static void test_decide(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned a = fx_hold(&policy, &account, T1, ACS_LEVEL_FROZEN);
    unsigned b = fx_hold(&policy, &account, T1 + 1, ACS_LEVEL_WITHDRAWAL_ONLY);

    /* No appeal against the hold. */
    acs_event decide = fx_ev_decide(T1 + 2, a, ACS_REASON_APPEAL_UPHELD);
    fx_apply_fails(&policy, &account, &decide, ACS_R_NO_APPEAL);
    decide.hold_id = 0;
    fx_apply_fails(&policy, &account, &decide, ACS_R_NO_APPEAL);

    fx_appeal(&policy, &account, T1 + 3, a);
    fx_appeal(&policy, &account, T1 + 4, b);
    /* Any reason but the two answers is refused by the rule. */
    decide = fx_ev_decide(T1 + 5, a, ACS_REASON_REVIEW_CLEARED);
    fx_apply_fails(&policy, &account, &decide, ACS_R_REASON_NOT_VALID);

    /* Dismissed: the appeal closes, the hold stays, and it cannot be
    ** appealed again. */
    decide = fx_ev_decide(T1 + 5, b, ACS_REASON_APPEAL_DISMISSED);
    fx_apply_ok(&policy, &account, &decide, NULL);
    acs_account_info info = fx_info(&account);
    assert_int_equal(info.appeal_count, 1);
    assert_int_equal(info.appeals[0].target, a);
    assert_true(fx_has_hold(&account, b));
    acs_event appeal = fx_ev_appeal(T1 + 6, b);
    fx_apply_fails(&policy, &account, &appeal, ACS_E_APPEAL_DUPLICATE);
    decide.time_ms = T1 + 6;
    fx_apply_fails(&policy, &account, &decide, ACS_R_NO_APPEAL);

    /* Upheld: the hold is lifted in the same change. */
    decide = fx_ev_decide(T1 + 7, a, ACS_REASON_APPEAL_UPHELD);
    fx_apply_ok(&policy, &account, &decide, NULL);
    info = fx_info(&account);
    assert_false(fx_has_hold(&account, a));
    assert_int_equal(info.hold_count, 1);
    assert_int_equal(info.appeal_count, 0);
    assert_int_equal(info.status, ACS_STATUS_WITHDRAWAL_ONLY);
}

static void test_decide_notice_upheld_rescinds(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    fx_notice(&policy, &account, T1, ACS_REASON_COMMERCIAL_DECISION);
    fx_appeal(&policy, &account, T1 + 1, 0);
    acs_event decide = fx_ev_decide(T1 + 2, 0, ACS_REASON_APPEAL_UPHELD);
    fx_apply_ok(&policy, &account, &decide, NULL);
    acs_account_info info = fx_info(&account);
    assert_int_equal(info.lifecycle, ACS_LIFECYCLE_OPEN);
    assert_int_equal(info.status, ACS_STATUS_ACTIVE);
    assert_i64(info.window_end_ms, 0);
    assert_int_equal(info.appeal_count, 0);

    /* Dismissed: the notice keeps running. */
    int64_t end = fx_notice(&policy, &account, T1 + 3, ACS_REASON_COMMERCIAL_DECISION);
    fx_appeal(&policy, &account, T1 + 4, 0);
    decide = fx_ev_decide(T1 + 5, 0, ACS_REASON_APPEAL_DISMISSED);
    fx_apply_ok(&policy, &account, &decide, NULL);
    info = fx_info(&account);
    assert_int_equal(info.lifecycle, ACS_LIFECYCLE_CLOSING);
    assert_i64(info.window_end_ms, end);
    assert_int_equal(info.appeal_count, 0);
}

/* An appeal left unanswered past its deadline stays open for a late
** answer. */
static void test_decide_after_appeal_lapsed(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record records[ACS_DEADLINES_MAX];
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    fx_appeal(&policy, &account, T1 + 1, id);
    const int64_t now = T1 + 15 * FX_DAY;
    assert_int_equal(fx_advance(&policy, &account, now, records, NULL), 1);
    assert_int_equal(fx_info(&account).appeals[0].overdue, 1);
    acs_event decide = fx_ev_decide(now, id, ACS_REASON_APPEAL_UPHELD);
    fx_apply_ok(&policy, &account, &decide, NULL);
    assert_false(fx_has_hold(&account, id));
    assert_int_equal(fx_info(&account).appeal_count, 0);
}

/* ------------------------------------------------------------------------
** Misuse: bad input.
*/

/* An ACTIVE account with one hold (last change T1) and a valid LIFT of it:
** the base that each bad-input case spoils in one way. */
static void bad_input_base(acs_policy *policy, acs_account *account,
                           acs_event *lift)
{
    fx_preset(policy, ACS_PRESET_DEFAULT);
    fx_active(policy, account, FX_T0);
    unsigned id = fx_hold(policy, account, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    *lift = fx_ev_lift(T1 + FX_HOUR, id);
}

static void test_null_pointers(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account, saved;
    acs_event event;
    acs_record record;
    acs_refusal refusal;
    bad_input_base(&policy, &account, &event);
    memcpy(&saved, &account, sizeof saved);

    fx_apply_fails(NULL, &account, &event, ACS_E_NULL);
    fx_apply_fails(&policy, NULL, &event, ACS_E_NULL);
    fx_apply_fails(&policy, &account, NULL, ACS_E_NULL);
    memset(&refusal, FX_FILL, sizeof refusal);
    assert_code(acs_apply(&policy, &account, &event, NULL, &refusal), ACS_E_NULL);
    assert_code(acs_apply(&policy, &account, &event, NULL, NULL), ACS_E_NULL);
    assert_memory_equal(&saved, &account, sizeof saved);
    assert_code(refusal.code, ACS_E_NULL);

    /* The base event itself is fine. */
    fx_apply_ok(&policy, &account, &event, &record);
}

static void test_unbuilt_policy(void **state)
{
    (void)state;
    acs_policy policy, unbuilt;
    acs_account account;
    acs_event event;
    bad_input_base(&policy, &account, &event);
    fx_unbuilt(&unbuilt);
    fx_apply_fails(&unbuilt, &account, &event, ACS_E_POLICY_UNBUILT);
    /* A built policy's rules with the private marker cleared. */
    memcpy(&unbuilt.rules, &policy.rules, sizeof unbuilt.rules);
    fx_apply_fails(&unbuilt, &account, &event, ACS_E_POLICY_UNBUILT);
}

static void test_unknown_enum_values(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_event base;
    bad_input_base(&policy, &account, &base);
    acs_event hold = fx_ev_hold(&policy, T1 + 1, ACS_LEVEL_FROZEN);

    static const uint8_t kinds[] = {0, 10, 11, 15, 16, 17, 18, 19, 20, 255};
    for (size_t i = 0; i < sizeof kinds; i++) {
        acs_event event = base;
        event.kind = kinds[i];
        fx_apply_fails(&policy, &account, &event, ACS_E_ENUM);
    }
    static const uint8_t roles[] = {0, 7, 8, 255};
    for (size_t i = 0; i < sizeof roles; i++) {
        acs_event event = base;
        event.actor_role = roles[i];
        fx_apply_fails(&policy, &account, &event, ACS_E_ENUM);
        if (roles[i] == 0) continue; /* approver_role 0 means no approver */
        event = base;
        event.approver_role = roles[i];
        event.approver_id = 77;
        fx_apply_fails(&policy, &account, &event, ACS_E_ENUM);
    }
    static const uint8_t levels[] = {0, 4, 5, 255};
    for (size_t i = 0; i < sizeof levels; i++) {
        acs_event event = hold;
        event.level = levels[i];
        fx_apply_fails(&policy, &account, &event, ACS_E_ENUM);
    }
    static const uint8_t reasons[] = {0, 12, 13, 15, 16, 31, 39, 47, 48, 63, 64, 255};
    for (size_t i = 0; i < sizeof reasons; i++) {
        acs_event event = base;
        event.reason = reasons[i];
        fx_apply_fails(&policy, &account, &event, ACS_E_ENUM);
        event = hold;
        event.reason = reasons[i];
        fx_apply_fails(&policy, &account, &event, ACS_E_ENUM);
    }
    fx_apply_ok(&policy, &account, &hold, NULL);
}

static void test_reserved_fields(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_event base;
    bad_input_base(&policy, &account, &base);

    for (size_t i = 0; i < sizeof base.reserved; i++) {
        static const uint8_t values[] = {1, 0x80, 0xFF};
        for (size_t v = 0; v < sizeof values; v++) {
            acs_event event = base;
            event.reserved[i] = values[v];
            fx_apply_fails(&policy, &account, &event, ACS_E_RESERVED);
        }
    }
    /* An approver id without an approver role. */
    static const uint64_t ids[] = {1, 9002, UINT64_MAX};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        acs_event event = base;
        event.approver_id = ids[i];
        fx_apply_fails(&policy, &account, &event, ACS_E_RESERVED);
    }
    /* Unknown event flags, on the kind that has flags and on another. */
    static const uint8_t flags[] = {0x02, 0x04, 0x80, 0xFE, 0xFF};
    acs_event close = fx_ev_close_by_user(T1 + FX_HOUR, 0);
    for (size_t i = 0; i < sizeof flags; i++) {
        acs_event event = base;
        event.flags = flags[i];
        fx_apply_fails(&policy, &account, &event, ACS_E_RESERVED);
        event = close;
        event.flags = flags[i];
        fx_apply_fails(&policy, &account, &event, ACS_E_RESERVED);
    }
    fx_apply_ok(&policy, &account, &base, NULL);
}

/* "Zero it, then fill what the kind uses; unused fields must stay zero":
** period_ms is HOLD's, deadline_ms EXTEND's, level HOLD's, hold_id that of
** LIFT, EXTEND, APPEAL and DECIDE, ACS_EVENT_FUNDS_HELD CLOSE's. */
static void test_unused_fields(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    fx_notice(&policy, &account, T1, ACS_REASON_COMMERCIAL_DECISION);
    fx_appeal(&policy, &account, T1, id);
    const int64_t t = T1 + 1;

    enum { PERIOD, DEADLINE, LEVEL, HOLD_ID, FUNDS, FIELDS };
    const struct {
        acs_event event;
        unsigned uses; /* bits of the enum above */
    } kinds[] = {
        {fx_ev_verify(t), 0},
        {fx_ev_hold(&policy, t, ACS_LEVEL_FROZEN), 1u << PERIOD | 1u << LEVEL},
        {fx_ev_lift(t, id), 1u << HOLD_ID},
        {fx_ev_extend(t, id, t + FX_DAY), 1u << HOLD_ID | 1u << DEADLINE},
        {fx_ev_notice(&policy, t, ACS_REASON_COMMERCIAL_DECISION), 0},
        {fx_ev_rescind(t), 0},
        {fx_ev_close(t, 0), 1u << FUNDS},
        {fx_ev_appeal(t, 0), 1u << HOLD_ID},
        {fx_ev_decide(t, id, ACS_REASON_APPEAL_DISMISSED), 1u << HOLD_ID},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        for (int field = 0; field < FIELDS; field++) {
            if (kinds[k].uses & (1u << field)) continue;
            acs_event event = kinds[k].event;
            switch (field) {
            case PERIOD: event.period_ms = FX_HOUR; break;
            case DEADLINE: event.deadline_ms = t + FX_DAY; break;
            case LEVEL: event.level = ACS_LEVEL_FROZEN; break;
            case HOLD_ID: event.hold_id = (uint16_t)id; break;
            default: event.flags = ACS_EVENT_FUNDS_HELD; break;
            }
            fx_apply_fails(&policy, &account, &event, ACS_E_RESERVED);
        }
    }
}

static void test_time_backwards_and_range(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_event base;
    bad_input_base(&policy, &account, &base); /* last change at T1 */

    acs_event event = base;
    event.time_ms = T1 - 1;
    fx_apply_fails(&policy, &account, &event, ACS_E_TIME_BACKWARDS);
    event.time_ms = FX_T0;
    fx_apply_fails(&policy, &account, &event, ACS_E_TIME_BACKWARDS);

    static const int64_t out_of_range[] = {-1, INT64_MIN, ACS_TIME_MAX_MS + 1,
                                           INT64_MAX};
    for (size_t i = 0; i < sizeof out_of_range / sizeof out_of_range[0]; i++) {
        event = base;
        event.time_ms = out_of_range[i];
        fx_apply_fails(&policy, &account, &event, ACS_E_TIME_RANGE);
    }

    /* Periods and deadlines out of range. */
    static const int64_t bad_periods[] = {-1, INT64_MIN, ACS_TIME_MAX_MS + 1, INT64_MAX};
    for (size_t i = 0; i < sizeof bad_periods / sizeof bad_periods[0]; i++) {
        event = fx_ev_hold(&policy, T1, ACS_LEVEL_FROZEN);
        event.period_ms = bad_periods[i];
        fx_apply_fails(&policy, &account, &event, ACS_E_TIME_RANGE);
        event = fx_ev_extend(T1, base.hold_id, bad_periods[i]);
        fx_apply_fails(&policy, &account, &event, ACS_E_TIME_RANGE);
    }

    /* The same time as the last change is not backwards. */
    event = base;
    event.time_ms = T1;
    fx_apply_ok(&policy, &account, &event, NULL);
}

/* Deadlines computed from a valid time and a valid period that would fall
** past ACS_TIME_MAX_MS. */
static void test_deadline_overflow(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    const int64_t late = ACS_TIME_MAX_MS - FX_DAY;

    /* HOLD: the default review (14 days) overflows; a short one fits. */
    acs_event hold = fx_ev_hold(&policy, late, ACS_LEVEL_FROZEN);
    fx_apply_fails(&policy, &account, &hold, ACS_E_TIME_RANGE);
    hold.period_ms = FX_HOUR;
    fx_apply_ok(&policy, &account, &hold, NULL);

    /* NOTICE: 62 days of notice overflow. */
    fx_active(&policy, &account, FX_T0);
    acs_event notice = fx_ev_notice(&policy, late, ACS_REASON_COMMERCIAL_DECISION);
    fx_apply_fails(&policy, &account, &notice, ACS_E_TIME_RANGE);
    /* The end fits; the latest end an extension may set stays within the
    ** range. */
    notice.time_ms = ACS_TIME_MAX_MS - 63 * FX_DAY;
    fx_apply_ok(&policy, &account, &notice, NULL);
    acs_account_info info = fx_info(&account);
    assert_i64(info.window_end_ms, ACS_TIME_MAX_MS - FX_DAY);
    assert_true(info.window_max_ms >= info.window_end_ms);
    assert_true(info.window_max_ms <= ACS_TIME_MAX_MS);

    /* APPEAL: the answer deadline overflows (discretionary: no review
    ** deadline on the hold, 30 days to answer). */
    fx_preset(&policy, ACS_PRESET_DISCRETIONARY);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, late, ACS_LEVEL_FROZEN);
    acs_event appeal = fx_ev_appeal(late + FX_HOUR, id);
    fx_apply_fails(&policy, &account, &appeal, ACS_E_TIME_RANGE);

    /* An event at ACS_TIME_MAX_MS itself that sets no deadline is fine. */
    acs_event lift = fx_ev_lift(ACS_TIME_MAX_MS, id);
    fx_apply_ok(&policy, &account, &lift, NULL);
}

static void test_unknown_hold(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_event base;
    bad_input_base(&policy, &account, &base);
    const unsigned id = base.hold_id;
    const int64_t t = T1 + 1;
    acs_event events[] = {
        fx_ev_lift(t, id + 1),
        fx_ev_extend(t, id + 1, t + FX_DAY),
        fx_ev_appeal(t, id + 1),
        fx_ev_decide(t, id + 1, ACS_REASON_APPEAL_UPHELD),
        fx_ev_lift(t, 0),
        fx_ev_lift(t, ACS_HOLD_ID_MAX),
    };
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++)
        fx_apply_fails(&policy, &account, &events[i], ACS_E_HOLD_UNKNOWN);
    acs_event reserved = fx_ev_appeal(t, 0xffff);
    fx_apply_fails(&policy, &account, &reserved, ACS_E_RESERVED);
}

static void test_closed_account(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    fx_close_by_user(&policy, &account, T1 + 1);

    const int64_t t = T1 + FX_HOUR;
    acs_event events[] = {
        fx_ev_verify(t),
        fx_ev_hold(&policy, t, ACS_LEVEL_FROZEN),
        fx_ev_lift(t, id),
        fx_ev_extend(t, id, t + FX_DAY),
        fx_ev_notice(&policy, t, ACS_REASON_COMMERCIAL_DECISION),
        fx_ev_rescind(t),
        fx_ev_close(t, 0),
        fx_ev_close_by_user(t, 0),
        fx_ev_appeal(t, id),
        fx_ev_appeal(t, 0),
        fx_ev_decide(t, id, ACS_REASON_APPEAL_UPHELD),
        fx_ev_lift(t, id + 5), /* closed comes before the unknown hold */
    };
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++)
        fx_apply_fails(&policy, &account, &events[i], ACS_E_ACCOUNT_CLOSED);

    /* A past time is still backwards first, an unknown kind still misuse. */
    acs_event event = fx_ev_verify(T1);
    fx_apply_fails(&policy, &account, &event, ACS_E_TIME_BACKWARDS);
    event = fx_ev_verify(t);
    event.kind = 0;
    fx_apply_fails(&policy, &account, &event, ACS_E_ENUM);
}

static void test_deadline_due(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_FROZEN);
    const int64_t due = T1 + 14 * FX_DAY;

    const int64_t times[] = {due, due + 1, due + FX_YEAR};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        const int64_t t = times[i];
        acs_event events[] = {
            fx_ev_hold(&policy, t, ACS_LEVEL_WITHDRAWAL_ONLY),
            fx_ev_lift(t, id),
            fx_ev_extend(t, id, t + FX_DAY),
            fx_ev_appeal(t, id),
            fx_ev_notice(&policy, t, ACS_REASON_COMMERCIAL_DECISION),
            fx_ev_lift(t, id + 1), /* due comes before the unknown hold */
        };
        for (size_t e = 0; e < sizeof events / sizeof events[0]; e++)
            fx_apply_fails(&policy, &account, &events[e], ACS_E_DEADLINE_DUE);
    }

    /* One millisecond earlier nothing is due. */
    acs_event lift = fx_ev_lift(due - 1, id);
    fx_apply_ok(&policy, &account, &lift, NULL);
}

/* The misuse checks run in the documented order: NULL pointers, the policy,
** the account bytes, enum values and reserved fields, the time (range, then
** backwards), CLOSED, a due deadline, the target hold; then the rule, then
** the kind's own conditions. Each case breaks two checks at once and
** expects the earlier one. */
static void test_misuse_order(void **state)
{
    (void)state;
    acs_policy policy, unbuilt;
    acs_account account, corrupt;
    acs_event base;
    bad_input_base(&policy, &account, &base);
    fx_unbuilt(&unbuilt);
    memset(&corrupt, 0xFF, sizeof corrupt);

    /* NULL before the policy; the policy before the account bytes. */
    fx_apply_fails(&unbuilt, &account, NULL, ACS_E_NULL);
    fx_apply_fails(&unbuilt, &corrupt, &base, ACS_E_POLICY_UNBUILT);

    /* The account bytes before the event's values. */
    acs_event event = base;
    event.kind = 0;
    fx_apply_fails(&policy, &corrupt, &event, ACS_E_ACCOUNT_CORRUPT);

    /* Enum values and reserved fields before the time. */
    event = base;
    event.reason = 12;
    event.time_ms = -1;
    fx_apply_fails(&policy, &account, &event, ACS_E_ENUM);
    event = base;
    event.reserved[0] = 1;
    event.time_ms = FX_T0;
    fx_apply_fails(&policy, &account, &event, ACS_E_RESERVED);

    /* Range before backwards: -1 is both. */
    event = base;
    event.time_ms = -1;
    fx_apply_fails(&policy, &account, &event, ACS_E_TIME_RANGE);

    /* A due deadline before an unknown hold; an unknown hold before the
    ** rule (LIFT is not permitted from ACTIVE). */
    event = fx_ev_lift(T1 + 30 * FX_DAY, base.hold_id + 1);
    fx_apply_fails(&policy, &account, &event, ACS_E_DEADLINE_DUE);
    acs_account active;
    fx_active(&policy, &active, FX_T0);
    event = fx_ev_lift(T1, 1);
    fx_apply_fails(&policy, &active, &event, ACS_E_HOLD_UNKNOWN);

    /* Out-of-range periods are misuse, found before the rule (the actor's
    ** role may not place a freeze). */
    event = fx_ev_hold(&policy, T1, ACS_LEVEL_FROZEN);
    event.actor_role = ACS_ROLE_USER;
    event.period_ms = -1;
    fx_apply_fails(&policy, &account, &event, ACS_E_TIME_RANGE);
    event.period_ms = 0;
    fx_apply_fails(&policy, &account, &event, ACS_R_ROLE);

    /* The rule before the kind's conditions: a second NOTICE from a user
    ** is refused for the role, not for the lifecycle. */
    fx_notice(&policy, &active, T1, ACS_REASON_COMMERCIAL_DECISION);
    event = fx_ev_notice(&policy, T1 + 1, ACS_REASON_COMMERCIAL_DECISION);
    event.actor_role = ACS_ROLE_USER;
    fx_apply_fails(&policy, &active, &event, ACS_R_ROLE);
    /* And a period too long is the kind's, after the rule. */
    event = fx_ev_hold(&policy, T1 + 1, ACS_LEVEL_FROZEN);
    event.actor_role = ACS_ROLE_USER;
    event.period_ms = 100 * FX_DAY;
    fx_apply_fails(&policy, &active, &event, ACS_R_ROLE);
}

/* A refusal by the rule says which rule and which value refused it. */
static void test_refusal_names_the_rule(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);

    acs_event event = fx_ev_hold(&policy, T1, ACS_LEVEL_FROZEN);
    event.actor_role = ACS_ROLE_SUPPORT;
    event.actor_id = FX_ACTOR_ID(ACS_ROLE_SUPPORT);
    acs_refusal refusal;
    acs_record record;
    memset(&refusal, FX_FILL, sizeof refusal);
    assert_code(acs_apply(&policy, &account, &event, &record, &refusal), ACS_R_ROLE);
    assert_int_equal(refusal.code, ACS_R_ROLE);
    assert_int_equal(refusal.kind, ACS_EVENT_HOLD);
    assert_int_equal(refusal.level, ACS_LEVEL_FROZEN);
    assert_int_equal(refusal.status, ACS_STATUS_ACTIVE);
    assert_int_equal(refusal.role, ACS_ROLE_SUPPORT);
    assert_int_equal(refusal.reason, 0);
    assert_string_equal(refusal.policy_name, "default");

    event = fx_ev_hold(&policy, T1, ACS_LEVEL_FROZEN);
    event.reason = ACS_REASON_PUBLIC_CRITICISM;
    memset(&refusal, FX_FILL, sizeof refusal);
    assert_code(acs_apply(&policy, &account, &event, &record, &refusal),
                ACS_R_REASON_NEVER_VALID);
    assert_int_equal(refusal.reason, ACS_REASON_PUBLIC_CRITICISM);
    assert_int_equal(refusal.kind, ACS_EVENT_HOLD);
    fx_apply_fails(&policy, &account, &event, ACS_R_REASON_NEVER_VALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verify),
        cmocka_unit_test(test_hold_review_deadlines),
        cmocka_unit_test(test_hold_period_too_long),
        cmocka_unit_test(test_hold_without_review_default),
        cmocka_unit_test(test_hold_period_above_zero_default),
        cmocka_unit_test(test_hold_ids_run_out),
        cmocka_unit_test(test_hold_table_full),
        cmocka_unit_test(test_lift),
        cmocka_unit_test(test_extend_hold),
        cmocka_unit_test(test_extend_clears_overdue),
        cmocka_unit_test(test_extend_window),
        cmocka_unit_test(test_extend_nothing_runs),
        cmocka_unit_test(test_extend_window_clears_window_ended),
        cmocka_unit_test(test_notice_periods_per_reason),
        cmocka_unit_test(test_notice_refusals),
        cmocka_unit_test(test_rescind),
        cmocka_unit_test(test_close_from_closing),
        cmocka_unit_test(test_close_with_funds_after_window),
        cmocka_unit_test(test_close_from_open),
        cmocka_unit_test(test_appeal_hold),
        cmocka_unit_test(test_appeal_window_of_a_hold),
        cmocka_unit_test(test_appeal_notice),
        cmocka_unit_test(test_appeal_limit),
        cmocka_unit_test(test_decide),
        cmocka_unit_test(test_decide_notice_upheld_rescinds),
        cmocka_unit_test(test_decide_after_appeal_lapsed),
        cmocka_unit_test(test_null_pointers),
        cmocka_unit_test(test_unbuilt_policy),
        cmocka_unit_test(test_unknown_enum_values),
        cmocka_unit_test(test_reserved_fields),
        cmocka_unit_test(test_unused_fields),
        cmocka_unit_test(test_time_backwards_and_range),
        cmocka_unit_test(test_deadline_overflow),
        cmocka_unit_test(test_unknown_hold),
        cmocka_unit_test(test_closed_account),
        cmocka_unit_test(test_deadline_due),
        cmocka_unit_test(test_misuse_order),
        cmocka_unit_test(test_refusal_names_the_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
