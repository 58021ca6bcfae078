/*
** window_pause.c: the withdrawal window only counts time in which the
** customer could withdraw.
**
** Under default and consumer (ACS_POLICY_WINDOW_PAUSES) a FROZEN or
** SUSPENDED hold during the notice period stops the window, and lifting it
** moves the end later by exactly the time it was stopped, so a platform
** cannot freeze an account through its notice period and then close it.
** Under discretionary the window runs through a freeze, and that is what
** the December 2022 case needed: the last test plays it under all three.
*/
#include <string.h>

#include "scenario.h"
#include "suites.h"

#define T_NOTICE (T0_MS + DAY_MS)

static void give_notice(const acs_policy *policy, acs_account *account,
                        const preset_figures *f)
{
    acs_record rec;
    OPEN_ACTIVE(policy, account, T0_MS);
    acs_event notice = notice_event(f, T_NOTICE, ACS_REASON_COMMERCIAL_DECISION, 0);
    APPLY_OK(policy, account, &notice, &rec);
    EXPECT_EQ("window end", rec.deadline_ms, T_NOTICE + f->notice_commercial_ms);
}

static unsigned freeze_at(const acs_policy *policy, acs_account *account, int64_t time_ms)
{
    acs_record rec;
    acs_event freeze = hold_event(time_ms, ACS_LEVEL_FROZEN, SECURITY_ID, ACS_ROLE_SECURITY,
                                  ACS_REASON_SECURITY_COMPROMISE);
    APPLY_OK(policy, account, &freeze, &rec);
    return rec.hold_id;
}

static void lift_at(const acs_policy *policy, acs_account *account, int64_t time_ms,
                    unsigned hold_id, acs_record *rec)
{
    acs_event lift = target_event(ACS_EVENT_LIFT, time_ms, hold_id, COMPLIANCE_ID,
                                  ACS_ROLE_COMPLIANCE, ACS_REASON_REVIEW_CLEARED);
    APPLY_OK(policy, account, &lift, rec);
}

static void expect_paused(const acs_account *account, int64_t since_ms, int64_t end_ms)
{
    acs_account_info info = INFO(account);
    EXPECT_EQ("paused flag", info.flags & ACS_ACCOUNT_WINDOW_PAUSED, ACS_ACCOUNT_WINDOW_PAUSED);
    EXPECT_EQ("paused since", info.window_paused_ms, since_ms);
    EXPECT_EQ("end as it stood when the pause began", info.window_end_ms, end_ms);
}

static void expect_running(const acs_account *account, int64_t end_ms)
{
    acs_account_info info = INFO(account);
    EXPECT_EQ("paused flag", info.flags & ACS_ACCOUNT_WINDOW_PAUSED, 0);
    EXPECT_EQ("paused since", info.window_paused_ms, 0);
    EXPECT_EQ("window end", info.window_end_ms, end_ms);
}

/* A freeze stops the window; lifting it moves the end by the paused time. */
START_TEST(test_freeze_pauses_window)
{
    const preset_figures *f = figures_of(_i);
    acs_policy policy;
    acs_account account;
    acs_record rec, recs[ACS_DEADLINES_MAX];
    acs_refusal why;
    unsigned written;
    int64_t next;
    policy_of(&policy, f);
    ck_assert_msg(f->window_pauses, "this test is for presets whose window pauses");
    give_notice(&policy, &account, f);
    const int64_t w = T_NOTICE + f->notice_commercial_ms;
    const int64_t wmax = w + f->window_extension_max_ms;
    const int64_t tf = T_NOTICE + 10 * DAY_MS;
    const int64_t paused = 3 * DAY_MS;

    unsigned id = freeze_at(&policy, &account, tf);
    expect_paused(&account, tf, w);
    EXPECT_EQ("window max while paused", INFO(&account).window_max_ms, wmax);
    /* A paused window has no deadline: the next one is the freeze's review. */
    EXPECT_NEXT_DEADLINE(&account, tf + f->review_ms[ACS_LEVEL_FROZEN],
                         ACS_EVENT_REVIEW_LAPSED);
    acs_event extend = target_event(ACS_EVENT_EXTEND, tf + HOUR_MS, 0, SUPPORT_ID,
                                    ACS_ROLE_SUPPORT, ACS_REASON_USER_REQUEST);
    extend.deadline_ms = w + DAY_MS;
    APPLY_REFUSED(&policy, &account, &extend, ACS_R_NO_DEADLINE, NULL, NULL);

    lift_at(&policy, &account, tf + paused, id, &rec);
    EXPECT_EQ("LIFT status before", rec.status_before, ACS_STATUS_FROZEN);
    EXPECT_EQ("LIFT status after", rec.status_after, ACS_STATUS_WITHDRAWAL_ONLY);
    EXPECT_EQ("LIFT record: window end moved", rec.window_end_ms, w + paused);
    expect_running(&account, w + paused);
    EXPECT_EQ("window max moved too", INFO(&account).window_max_ms, wmax + paused);
    EXPECT_NEXT_DEADLINE(&account, w + paused, ACS_EVENT_WINDOW_ENDED);

    /* The original end is no longer the end. */
    ADVANCE(&policy, &account, w, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("nothing ends at the original end", written, 0);
    EXPECT_EQ("next", next, w + paused);
    acs_event with_funds = close_event(w, ACS_REASON_COMMERCIAL_DECISION, 1);
    APPLY_REFUSED(&policy, &account, &with_funds, ACS_R_WINDOW_RUNNING, &why, NULL);
    EXPECT_EQ("bound: the moved end", why.limit_ms, w + paused);
    ADVANCE(&policy, &account, w + paused - 1, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied one ms before the moved end", written, 0);
    with_funds.time_ms = w + paused - 1;
    APPLY_REFUSED(&policy, &account, &with_funds, ACS_R_WINDOW_RUNNING, NULL, NULL);
    ADVANCE(&policy, &account, w + paused, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied at the moved end", written, 1);
    EXPECT_DEADLINE_RECORD(&recs[0], ACS_EVENT_WINDOW_ENDED, w + paused, 0, 6);

    /* Once ended, the window no longer pauses: a freeze now moves nothing. */
    const int64_t t2 = w + paused + HOUR_MS;
    unsigned late = freeze_at(&policy, &account, t2);
    acs_account_info info = INFO(&account);
    EXPECT_EQ("no pause after the end", info.flags & ACS_ACCOUNT_WINDOW_PAUSED, 0);
    EXPECT_EQ("still ended", info.flags & ACS_ACCOUNT_WINDOW_ENDED, ACS_ACCOUNT_WINDOW_ENDED);
    lift_at(&policy, &account, t2 + DAY_MS, late, &rec);
    info = INFO(&account);
    EXPECT_EQ("end unchanged", info.window_end_ms, w + paused);
    EXPECT_EQ("still ended after the lift", info.flags & ACS_ACCOUNT_WINDOW_ENDED,
              ACS_ACCOUNT_WINDOW_ENDED);
}
END_TEST

/* Only time in which no withdrawal was possible counts as paused:
** overlapping freezes and suspensions are one pause, a withdrawal-only
** hold is none, and successive pauses add up. */
START_TEST(test_pause_accounting)
{
    const preset_figures *f = figures_of(_i);
    acs_policy policy;
    acs_account account;
    acs_record rec;
    policy_of(&policy, f);
    give_notice(&policy, &account, f);
    const int64_t w = T_NOTICE + f->notice_commercial_ms;

    acs_event restrict_ = hold_event(T_NOTICE + DAY_MS, ACS_LEVEL_WITHDRAWAL_ONLY, SUPPORT_ID,
                                     ACS_ROLE_SUPPORT, ACS_REASON_KYC_REFRESH);
    APPLY_OK(&policy, &account, &restrict_, &rec);
    unsigned withdrawal_only = rec.hold_id;
    expect_running(&account, w);

    unsigned frozen = freeze_at(&policy, &account, T_NOTICE + 2 * DAY_MS);
    expect_paused(&account, T_NOTICE + 2 * DAY_MS, w);

    acs_event suspend = hold_event(T_NOTICE + 3 * DAY_MS, ACS_LEVEL_SUSPENDED, COMPLIANCE_ID,
                                   ACS_ROLE_COMPLIANCE, ACS_REASON_LEGAL_ORDER);
    with_approver(&suspend, COMPLIANCE2_ID, ACS_ROLE_COMPLIANCE);
    with_evidence(&suspend, 0x71);
    APPLY_OK(&policy, &account, &suspend, &rec);
    unsigned suspended = rec.hold_id;
    expect_paused(&account, T_NOTICE + 2 * DAY_MS, w);

    lift_at(&policy, &account, T_NOTICE + 4 * DAY_MS, frozen, &rec);
    EXPECT_EQ("still suspended", rec.status_after, ACS_STATUS_SUSPENDED);
    expect_paused(&account, T_NOTICE + 2 * DAY_MS, w);

    lift_at(&policy, &account, T_NOTICE + 6 * DAY_MS, suspended, &rec);
    EXPECT_EQ("withdrawal-only again", rec.status_after, ACS_STATUS_WITHDRAWAL_ONLY);
    expect_running(&account, w + 4 * DAY_MS);

    lift_at(&policy, &account, T_NOTICE + 7 * DAY_MS, withdrawal_only, &rec);
    expect_running(&account, w + 4 * DAY_MS);

    /* A second pause of five hours adds to the first. */
    unsigned again = freeze_at(&policy, &account, T_NOTICE + 10 * DAY_MS);
    expect_paused(&account, T_NOTICE + 10 * DAY_MS, w + 4 * DAY_MS);
    lift_at(&policy, &account, T_NOTICE + 10 * DAY_MS + 5 * HOUR_MS, again, &rec);
    expect_running(&account, w + 4 * DAY_MS + 5 * HOUR_MS);
    EXPECT_EQ("window max moved by both pauses", INFO(&account).window_max_ms,
              w + f->window_extension_max_ms + 4 * DAY_MS + 5 * HOUR_MS);
    EXPECT_NEXT_DEADLINE(&account, w + 4 * DAY_MS + 5 * HOUR_MS, ACS_EVENT_WINDOW_ENDED);
}
END_TEST

/* Discretionary has no pause: the window runs through a freeze. */
START_TEST(test_discretionary_runs_through_freeze)
{
    const preset_figures *f = figures_of(_i);
    acs_policy policy;
    acs_account account;
    acs_record rec, recs[ACS_DEADLINES_MAX];
    unsigned written;
    int64_t next;
    policy_of(&policy, f);
    ck_assert_msg(!f->window_pauses, "this test is for a preset whose window never pauses");
    give_notice(&policy, &account, f);
    const int64_t w = T_NOTICE + f->notice_commercial_ms;

    acs_event freeze = hold_event(T_NOTICE + HOUR_MS, ACS_LEVEL_FROZEN, CEO_ID,
                                  ACS_ROLE_MANAGEMENT, ACS_REASON_SECURITY_COMPROMISE);
    APPLY_OK(&policy, &account, &freeze, &rec);
    EXPECT_EQ("frozen", rec.status_after, ACS_STATUS_FROZEN);
    expect_running(&account, w);
    EXPECT_NEXT_DEADLINE(&account, w, ACS_EVENT_WINDOW_ENDED);

    ADVANCE(&policy, &account, w, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("window ended under the freeze", written, 1);
    EXPECT_DEADLINE_RECORD(&recs[0], ACS_EVENT_WINDOW_ENDED, w, 0, 5);
    EXPECT_EQ("frozen all along", recs[0].status_after, ACS_STATUS_FROZEN);
}
END_TEST

/* The platform of the case freezes the account for as long as the policy
** lets it, through the notice period, then closes it with the funds in it. */
START_TEST(test_freeze_through_notice_then_close)
{
    const preset_figures *f = figures_of(_i);
    acs_policy policy;
    acs_account account;
    acs_record rec, recs[ACS_DEADLINES_MAX];
    acs_refusal why;
    unsigned written;
    int64_t next;
    policy_of(&policy, f);
    give_notice(&policy, &account, f);
    const int64_t w = T_NOTICE + f->notice_commercial_ms;
    const int64_t tf = T_NOTICE + HOUR_MS;

    unsigned id = freeze_at(&policy, &account, tf);
    int64_t lapse = 0;
    if (f->review_ms[ACS_LEVEL_FROZEN] != 0) {
        lapse = tf + f->review_max_ms[ACS_LEVEL_FROZEN];
        acs_event extend = target_event(ACS_EVENT_EXTEND, tf + MINUTE_MS, id, SECURITY_ID,
                                        ACS_ROLE_SECURITY, ACS_REASON_SECURITY_COMPROMISE);
        extend.deadline_ms = lapse;
        APPLY_OK(&policy, &account, &extend, &rec);
        ck_assert_msg(lapse < w, "setup: the freeze's longest review ends in the notice");
    }

    ADVANCE(&policy, &account, w, recs, ACS_DEADLINES_MAX, &written, &next);
    acs_event with_funds = close_event(w, ACS_REASON_COMMERCIAL_DECISION, 1);

    if (!f->window_pauses) {
        /* Discretionary: it works. */
        EXPECT_EQ("the window ended under the freeze", written, 1);
        EXPECT_DEADLINE_RECORD(&recs[0], ACS_EVENT_WINDOW_ENDED, w, 0, 5);
        APPLY_OK(&policy, &account, &with_funds, &rec);
        EXPECT_EQ("closed from FROZEN", rec.status_before, ACS_STATUS_FROZEN);
        EXPECT_EQ("closed", rec.lifecycle_after, ACS_LIFECYCLE_CLOSED);
        EXPECT_EQ("funds moved to the unclaimed account", rec.flags,
                  ACS_RECORD_FUNDS_HELD | ACS_RECORD_FUNDS_SEGREGATED);
        return;
    }

    /* The review lapsed inside the notice; the window did not end. */
    EXPECT_EQ("only the review lapsed", written, 1);
    EXPECT_DEADLINE_RECORD(&recs[0], ACS_EVENT_REVIEW_LAPSED, lapse, id, 6);
    APPLY_REFUSED(&policy, &account, &with_funds, ACS_R_WINDOW_RUNNING, &why, NULL);
    EXPECT_EQ("not ended", INFO(&account).flags & ACS_ACCOUNT_WINDOW_ENDED, 0);

    if (f->lapse_lifts) {
        /* Consumer: the lapse lifted the freeze and the window resumed,
        ** later by the time it was frozen. */
        const int64_t end = w + (lapse - tf);
        EXPECT_EQ("lapse lifted the freeze", recs[0].flags & ACS_RECORD_HOLD_LIFTED,
                  ACS_RECORD_HOLD_LIFTED);
        EXPECT_EQ("window end in the lapse record", recs[0].window_end_ms, end);
        expect_running(&account, end);
        EXPECT_EQ("next: the moved end", next, end);
        EXPECT_EQ("bound: the moved end", why.limit_ms, end);
        ADVANCE(&policy, &account, end, recs, ACS_DEADLINES_MAX, &written, &next);
        EXPECT_EQ("ended at the moved end", written, 1);
        EXPECT_DEADLINE_RECORD(&recs[0], ACS_EVENT_WINDOW_ENDED, end, 0, 7);
        with_funds.time_ms = end;
        if (f->unclaimed_segregated) {
            APPLY_OK(&policy, &account, &with_funds, &rec);
        } else {
            APPLY_REFUSED(&policy, &account, &with_funds, ACS_R_FUNDS_UNCLAIMED, NULL, NULL);
            EXPECT_EQ("stays CLOSING", INFO(&account).lifecycle, ACS_LIFECYCLE_CLOSING);
        }
        return;
    }

    /* Default: the freeze stays, flagged overdue, and the window stays
    ** stopped for as long as it does. */
    EXPECT_EQ("overdue, not lifted", HOLD(&account, id).flags & ACS_HOLD_OVERDUE,
              ACS_HOLD_OVERDUE);
    expect_paused(&account, tf, w);
    EXPECT_EQ("no deadline left", next, 0);
    ADVANCE(&policy, &account, w + YEAR_MS, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("a year later, still nothing ends", written, 0);
    with_funds.time_ms = w + YEAR_MS;
    APPLY_REFUSED(&policy, &account, &with_funds, ACS_R_WINDOW_RUNNING, NULL, NULL);
    EXPECT_EQ("still CLOSING", INFO(&account).lifecycle, ACS_LIFECYCLE_CLOSING);
}
END_TEST

Suite *window_pause_suite(void)
{
    Suite *s = suite_create("window_pause");
    TCase *tc = scenario_tcase(s, "pause");
    /* default and consumer pause the window; discretionary does not */
    tcase_add_loop_test(tc, test_freeze_pauses_window, 0, 2);
    tcase_add_loop_test(tc, test_pause_accounting, 0, 2);
    tcase_add_loop_test(tc, test_discretionary_runs_through_freeze, 2, 3);
    tcase_add_loop_test(tc, test_freeze_through_notice_then_close, 0, PRESET_LOOP_COUNT);
    return s;
}
