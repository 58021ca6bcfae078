/*
** boundaries.c: every deadline at its exact boundary.
**
** For each deadline a preset sets (a hold's review, an appeal's answer, the
** withdrawal window's end, an extension's maximum, the time to appeal) the
** tests look one millisecond before it, at it, and one millisecond after
** it. The contract they hold the library to:
**   - acs_advance applies a deadline at exactly now_ms, and not before;
**   - an event at or after a deadline that was not applied yet is refused
**     with ACS_E_DEADLINE_DUE, one millisecond before it is not;
**   - a deadline applied late is recorded at its own time;
**   - EXTEND may reach its maximum exactly, not one millisecond past it;
**   - a hold may be appealed "within appeal_window_ms of its placement":
**     these tests take the instant placed + appeal_window_ms as still
**     within (the bound is inclusive, like EXTEND's maximum) and one
**     millisecond later as past it.
*/
#include <string.h>

#include "scenario.h"
#include "suites.h"

#define T_PLACE (T0_MS + DAY_MS) /* a hold is placed, or notice given */

static acs_event appeal_of(int64_t time_ms, unsigned hold_id)
{
    return target_event(ACS_EVENT_APPEAL, time_ms, hold_id, CUSTOMER_ID, ACS_ROLE_USER,
                        ACS_REASON_USER_REQUEST);
}

static acs_event decide_of(int64_t time_ms, unsigned hold_id, int outcome)
{
    return target_event(ACS_EVENT_DECIDE, time_ms, hold_id, COMPLIANCE_ID,
                        ACS_ROLE_COMPLIANCE, outcome);
}

static acs_event extend_of(int64_t time_ms, unsigned hold_id, int64_t deadline_ms)
{
    acs_event event = target_event(ACS_EVENT_EXTEND, time_ms, hold_id, SECURITY_ID,
                                   ACS_ROLE_SECURITY, ACS_REASON_SECURITY_COMPROMISE);
    event.deadline_ms = deadline_ms;
    return event;
}

static acs_event extend_window_of(int64_t time_ms, int64_t deadline_ms)
{
    acs_event event = target_event(ACS_EVENT_EXTEND, time_ms, 0, SUPPORT_ID,
                                   ACS_ROLE_SUPPORT, ACS_REASON_USER_REQUEST);
    event.deadline_ms = deadline_ms;
    return event;
}

static unsigned freeze_at(const acs_policy *policy, acs_account *account, int64_t time_ms)
{
    acs_record rec;
    acs_event freeze = hold_event(time_ms, ACS_LEVEL_FROZEN, SECURITY_ID, ACS_ROLE_SECURITY,
                                  ACS_REASON_SECURITY_COMPROMISE);
    APPLY_OK(policy, account, &freeze, &rec);
    return rec.hold_id;
}

/* Hold review deadline: before, at, after. */
START_TEST(test_review_deadline)
{
    const preset_figures *f = figures_of(_i);
    acs_policy policy;
    acs_account account;
    acs_record recs[ACS_DEADLINES_MAX];
    unsigned written;
    int64_t next;
    policy_of(&policy, f);
    OPEN_ACTIVE(&policy, &account, T0_MS);
    unsigned id = freeze_at(&policy, &account, T_PLACE);
    int64_t review = f->review_ms[ACS_LEVEL_FROZEN];

    if (review == 0) {
        /* Discretionary: an investigation freeze runs without end. */
        EXPECT_EQ("no review deadline", HOLD(&account, id).review_deadline_ms, 0);
        EXPECT_NEXT_DEADLINE(&account, 0, 0);
        ADVANCE(&policy, &account, T_PLACE + 10 * YEAR_MS, recs, ACS_DEADLINES_MAX,
                &written, &next);
        EXPECT_EQ("nothing applied in ten years", written, 0);
        EXPECT_EQ("next", next, 0);
        EXPECT_EQ("still frozen", STATUS(&account), ACS_STATUS_FROZEN);
        return;
    }

    const int64_t d = T_PLACE + review;
    const acs_account base = account;
    EXPECT_NEXT_DEADLINE(&account, d, ACS_EVENT_REVIEW_LAPSED);

    /* One millisecond before: nothing due, events go through. */
    ADVANCE(&policy, &account, d - 1, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied at d-1", written, 0);
    EXPECT_EQ("next at d-1", next, d);
    EXPECT_EQ("hold flags at d-1", HOLD(&account, id).flags, 0);
    acs_event appeal = appeal_of(d - 1, id);
    APPLY_OK(&policy, &account, &appeal, &recs[0]);

    /* At the deadline, before advance: events wait for it. */
    account = base;
    appeal.time_ms = d;
    APPLY_REFUSED(&policy, &account, &appeal, ACS_E_DEADLINE_DUE, NULL, NULL);

    /* advance at exactly the deadline applies it, once. */
    ADVANCE(&policy, &account, d, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied at d", written, 1);
    EXPECT_DEADLINE_RECORD(&recs[0], ACS_EVENT_REVIEW_LAPSED, d, id, 4);
    EXPECT_EQ("lapsed hold level", recs[0].hold_level, ACS_LEVEL_FROZEN);
    EXPECT_EQ("status before the lapse", recs[0].status_before, ACS_STATUS_FROZEN);
    EXPECT_EQ("next after the lapse", next, 0);
    if (f->lapse_lifts) {
        acs_hold gone;
        EXPECT_EQ("lapse lifts: record flag", recs[0].flags & ACS_RECORD_HOLD_LIFTED,
                  ACS_RECORD_HOLD_LIFTED);
        EXPECT_EQ("lapse lifts: status after", recs[0].status_after, ACS_STATUS_ACTIVE);
        EXPECT_EQ("lapse lifts: hold gone", acs_account_find_hold(&account, id, &gone),
                  ACS_E_HOLD_UNKNOWN);
    } else {
        EXPECT_EQ("lapse flags: no lift", recs[0].flags & ACS_RECORD_HOLD_LIFTED, 0);
        EXPECT_EQ("lapse flags: status after", recs[0].status_after, ACS_STATUS_FROZEN);
        EXPECT_EQ("lapse flags: hold overdue", HOLD(&account, id).flags & ACS_HOLD_OVERDUE,
                  ACS_HOLD_OVERDUE);
    }
    ADVANCE(&policy, &account, d + 1, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied again at d+1", written, 0);
    acs_event later = hold_event(d + 1, ACS_LEVEL_WITHDRAWAL_ONLY, SUPPORT_ID,
                                 ACS_ROLE_SUPPORT, ACS_REASON_KYC_REFRESH);
    APPLY_OK(&policy, &account, &later, &recs[0]);

    /* One millisecond after, on the account as it was: applied at d. */
    account = base;
    ADVANCE(&policy, &account, d + 1, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied late", written, 1);
    EXPECT_DEADLINE_RECORD(&recs[0], ACS_EVENT_REVIEW_LAPSED, d, id, 4);
    EXPECT_EQ("last change is the deadline's time", INFO(&account).last_change_ms, d);
}
END_TEST

/* HOLD period_ms: exactly the default is allowed, one millisecond more is
** not. Default and consumer (discretionary has no default to compare). */
START_TEST(test_review_period_given)
{
    const preset_figures *f = figures_of(_i);
    acs_policy policy;
    acs_account account;
    acs_record rec;
    acs_refusal why;
    policy_of(&policy, f);
    OPEN_ACTIVE(&policy, &account, T0_MS);
    int64_t review = f->review_ms[ACS_LEVEL_FROZEN];
    ck_assert_msg(review > 0, "this test needs a review default");

    acs_event freeze = hold_event(T_PLACE, ACS_LEVEL_FROZEN, SECURITY_ID, ACS_ROLE_SECURITY,
                                  ACS_REASON_SECURITY_COMPROMISE);
    freeze.period_ms = review + 1;
    APPLY_REFUSED(&policy, &account, &freeze, ACS_R_PERIOD_TOO_LONG, &why, NULL);

    acs_account copy = account;
    freeze.period_ms = review;
    APPLY_OK(&policy, &copy, &freeze, &rec);
    EXPECT_EQ("deadline with the default given", rec.deadline_ms, T_PLACE + review);

    freeze.period_ms = review - 1;
    APPLY_OK(&policy, &account, &freeze, &rec);
    EXPECT_EQ("deadline with a shorter period", rec.deadline_ms, T_PLACE + review - 1);
    EXPECT_NEXT_DEADLINE(&account, T_PLACE + review - 1, ACS_EVENT_REVIEW_LAPSED);
}
END_TEST

/* Appeal answer deadline: before, at, after. */
START_TEST(test_appeal_answer_deadline)
{
    const preset_figures *f = figures_of(_i);
    acs_policy policy;
    acs_account account;
    acs_record rec, recs[ACS_DEADLINES_MAX];
    unsigned written;
    int64_t next;
    policy_of(&policy, f);
    OPEN_ACTIVE(&policy, &account, T0_MS);
    /* A withdrawal-only hold: its review (if any) comes after the answer. */
    acs_event restrict_ = hold_event(T_PLACE, ACS_LEVEL_WITHDRAWAL_ONLY, SECURITY_ID,
                                     ACS_ROLE_SECURITY, ACS_REASON_SECURITY_COMPROMISE);
    APPLY_OK(&policy, &account, &restrict_, &rec);
    unsigned id = rec.hold_id;
    int64_t review_ms = rec.deadline_ms;
    acs_event appeal = appeal_of(T_PLACE + HOUR_MS, id);
    APPLY_OK(&policy, &account, &appeal, &rec);
    const int64_t a = appeal_answer_due(f, T_PLACE + HOUR_MS);
    EXPECT_EQ("answer deadline", rec.deadline_ms, a);
    /* Consumer: the appeal of Friday 2022-12-02 02:00 local is answered
    ** within Dec 5 .. 9, 12 .. 16 and 19 .. 23, by 2022-12-23 23:00 UTC. */
    if (f->preset == ACS_PRESET_CONSUMER)
        EXPECT_EQ("consumer answer deadline", a, INT64_C(1671836400000));
    ck_assert_msg(review_ms == 0 || review_ms > a + 1, "setup: review before the answer");
    const acs_account base = account;
    EXPECT_NEXT_DEADLINE(&account, a, ACS_EVENT_APPEAL_LAPSED);

    /* One millisecond before: not due; an answer then is on time. */
    ADVANCE(&policy, &account, a - 1, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied at a-1", written, 0);
    EXPECT_EQ("next at a-1", next, a);
    acs_event dismiss = decide_of(a - 1, id, ACS_REASON_APPEAL_DISMISSED);
    APPLY_OK(&policy, &account, &dismiss, &rec);
    EXPECT_EQ("dismissal keeps the hold", rec.flags & ACS_RECORD_HOLD_LIFTED, 0);
    EXPECT_EQ("appeal closed", INFO(&account).appeal_count, 0);
    EXPECT_EQ("hold still there", HOLD(&account, id).level, ACS_LEVEL_WITHDRAWAL_ONLY);

    /* At the deadline, not yet applied: the answer waits for advance. */
    account = base;
    acs_event uphold = decide_of(a, id, ACS_REASON_APPEAL_UPHELD);
    APPLY_REFUSED(&policy, &account, &uphold, ACS_E_DEADLINE_DUE, NULL, NULL);
    ADVANCE(&policy, &account, a, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied at a", written, 1);
    EXPECT_DEADLINE_RECORD(&recs[0], ACS_EVENT_APPEAL_LAPSED, a, id, 5);
    EXPECT_EQ("status unchanged by a lapsed appeal", recs[0].status_after,
              ACS_STATUS_WITHDRAWAL_ONLY);
    acs_account_info info = INFO(&account);
    EXPECT_EQ("the appeal stays open", info.appeal_count, 1);
    EXPECT_EQ("appeal target", info.appeals[0].target, id);
    EXPECT_EQ("appeal overdue", info.appeals[0].overdue, 1);
    EXPECT_EQ("next after the lapse", next, review_ms);
    /* A late answer is still an answer. */
    APPLY_OK(&policy, &account, &uphold, &rec);
    EXPECT_EQ("late upheld lifts", rec.flags & ACS_RECORD_HOLD_LIFTED, ACS_RECORD_HOLD_LIFTED);
    EXPECT_EQ("status after the late answer", rec.status_after, ACS_STATUS_ACTIVE);
    EXPECT_EQ("no appeal left", INFO(&account).appeal_count, 0);

    /* One millisecond after: applied at its own time. */
    account = base;
    ADVANCE(&policy, &account, a + 1, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied late", written, 1);
    EXPECT_DEADLINE_RECORD(&recs[0], ACS_EVENT_APPEAL_LAPSED, a, id, 5);
}
END_TEST

/* Withdrawal-window end: before, at, after. */
START_TEST(test_window_end)
{
    const preset_figures *f = figures_of(_i);
    acs_policy policy;
    acs_account account;
    acs_record rec, recs[ACS_DEADLINES_MAX];
    acs_refusal why;
    unsigned written;
    int64_t next;
    policy_of(&policy, f);
    OPEN_ACTIVE(&policy, &account, T0_MS);
    acs_event notice = notice_event(f, T_PLACE, ACS_REASON_COMMERCIAL_DECISION, 0);
    APPLY_OK(&policy, &account, &notice, &rec);
    const int64_t w = T_PLACE + f->notice_commercial_ms;
    EXPECT_EQ("window end", rec.deadline_ms, w);
    const acs_account base = account;

    /* One millisecond before the end. */
    acs_event with_funds = close_event(w - 1, ACS_REASON_COMMERCIAL_DECISION, 1);
    APPLY_REFUSED(&policy, &account, &with_funds, ACS_R_WINDOW_RUNNING, &why, NULL);
    EXPECT_EQ("bound: the window end", why.limit_ms, w);
    acs_account copy = account;
    acs_event empty = close_event(w - 1, ACS_REASON_COMMERCIAL_DECISION, 0);
    APPLY_OK(&policy, &copy, &empty, &rec);
    EXPECT_EQ("an empty account closes during the window", rec.lifecycle_after,
              ACS_LIFECYCLE_CLOSED);
    copy = account;
    acs_event contest = appeal_of(w - 1, 0);
    APPLY_OK(&policy, &copy, &contest, &rec);
    EXPECT_EQ("notice appeal answer", rec.deadline_ms, appeal_answer_due(f, w - 1));
    /* Consumer: w - 1 is 2023-02-01 23:59:59.999 UTC, already Thursday
    ** Feb 2 in local time (+60 minutes). The 15 business days are Feb 3,
    ** 6 .. 10, 13 .. 17 and 20 .. 23, so the answer is due at the end of
    ** Thursday Feb 23 local, 2023-02-23 23:00 UTC; counted from the UTC
    ** date it would be a day earlier. */
    if (f->preset == ACS_PRESET_CONSUMER)
        EXPECT_EQ("consumer notice appeal answer", rec.deadline_ms,
                  INT64_C(1677193200000));
    EXPECT_EQ("notice appealed flag", INFO(&copy).flags & ACS_ACCOUNT_NOTICE_APPEALED,
              ACS_ACCOUNT_NOTICE_APPEALED);
    ADVANCE(&policy, &account, w - 1, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied at w-1", written, 0);
    EXPECT_EQ("next at w-1", next, w);

    /* At the end, before advance. */
    with_funds.time_ms = w;
    APPLY_REFUSED(&policy, &account, &with_funds, ACS_E_DEADLINE_DUE, NULL, NULL);
    ADVANCE(&policy, &account, w, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied at w", written, 1);
    EXPECT_DEADLINE_RECORD(&recs[0], ACS_EVENT_WINDOW_ENDED, w, 0, 4);
    EXPECT_EQ("window end in the record", recs[0].window_end_ms, w);
    EXPECT_EQ("still CLOSING", recs[0].lifecycle_after, ACS_LIFECYCLE_CLOSING);
    EXPECT_EQ("ended flag", INFO(&account).flags & ACS_ACCOUNT_WINDOW_ENDED,
              ACS_ACCOUNT_WINDOW_ENDED);
    EXPECT_EQ("next", next, 0);

    /* The notice can no longer be appealed once its window has ended. */
    contest.time_ms = w;
    APPLY_REFUSED(&policy, &account, &contest, ACS_R_APPEAL_WINDOW, &why, NULL);
    EXPECT_EQ("bound: the window end", why.limit_ms, w);

    if (f->unclaimed_segregated) {
        APPLY_OK(&policy, &account, &with_funds, &rec);
        EXPECT_EQ("CLOSE at w: flags", rec.flags,
                  ACS_RECORD_FUNDS_HELD | ACS_RECORD_FUNDS_SEGREGATED);
        EXPECT_EQ("CLOSE at w: lifecycle", rec.lifecycle_after, ACS_LIFECYCLE_CLOSED);
    } else {
        APPLY_REFUSED(&policy, &account, &with_funds, ACS_R_FUNDS_UNCLAIMED, NULL, NULL);
        EXPECT_EQ("stays CLOSING", INFO(&account).lifecycle, ACS_LIFECYCLE_CLOSING);
    }

    /* One millisecond after, from the account as it was. */
    account = base;
    ADVANCE(&policy, &account, w + 1, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied late", written, 1);
    EXPECT_DEADLINE_RECORD(&recs[0], ACS_EVENT_WINDOW_ENDED, w, 0, 4);
}
END_TEST

/* EXTEND of a review deadline: the maximum exactly, not one past it. */
START_TEST(test_review_extend_to_max)
{
    const preset_figures *f = figures_of(_i);
    acs_policy policy;
    acs_account account;
    acs_record rec, recs[ACS_DEADLINES_MAX];
    acs_refusal why;
    unsigned written;
    int64_t next;
    policy_of(&policy, f);
    OPEN_ACTIVE(&policy, &account, T0_MS);
    unsigned id = freeze_at(&policy, &account, T_PLACE);
    const int64_t te = T_PLACE + HOUR_MS;
    const int64_t m = T_PLACE + f->review_max_ms[ACS_LEVEL_FROZEN];
    int64_t review = f->review_ms[ACS_LEVEL_FROZEN];

    if (review == 0) {
        /* Discretionary: a freeze without a review deadline has nothing
        ** to extend, even within the maximum. */
        acs_event extend = extend_of(te, id, T_PLACE + DAY_MS);
        APPLY_REFUSED(&policy, &account, &extend, ACS_R_NO_DEADLINE, NULL, NULL);
        return;
    }
    const int64_t d = T_PLACE + review;
    const acs_account base = account;

    acs_event extend = extend_of(te, id, d);
    APPLY_REFUSED(&policy, &account, &extend, ACS_R_DEADLINE_NOT_LATER, NULL, NULL);
    extend.deadline_ms = m + 1;
    APPLY_REFUSED(&policy, &account, &extend, ACS_R_DEADLINE_BEYOND_MAX, &why, NULL);
    EXPECT_EQ("bound: the maximum", why.limit_ms, m);
    extend.deadline_ms = m;
    APPLY_OK(&policy, &account, &extend, &rec);
    EXPECT_EQ("EXTEND record: new deadline", rec.deadline_ms, m);
    EXPECT_EQ("EXTEND record: previous deadline", rec.previous_deadline_ms, d);
    EXPECT_EQ("hold deadline", HOLD(&account, id).review_deadline_ms, m);
    EXPECT_NEXT_DEADLINE(&account, m, ACS_EVENT_REVIEW_LAPSED);
    extend.time_ms = te + MINUTE_MS;
    APPLY_REFUSED(&policy, &account, &extend, ACS_R_DEADLINE_NOT_LATER, NULL, NULL);
    extend.deadline_ms = m + 1;
    APPLY_REFUSED(&policy, &account, &extend, ACS_R_DEADLINE_BEYOND_MAX, NULL, NULL);

    /* The old deadline no longer applies; the new one does, exactly. */
    ADVANCE(&policy, &account, m - 1, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied before the extended deadline", written, 0);
    EXPECT_EQ("next", next, m);
    ADVANCE(&policy, &account, m, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied at the extended deadline", written, 1);
    EXPECT_DEADLINE_RECORD(&recs[0], ACS_EVENT_REVIEW_LAPSED, m, id, 5);

    if (!f->lapse_lifts) {
        /* An overdue hold may be given a new deadline, up to the maximum. */
        account = base;
        ADVANCE(&policy, &account, d, recs, ACS_DEADLINES_MAX, &written, &next);
        EXPECT_EQ("lapsed", written, 1);
        EXPECT_EQ("overdue", HOLD(&account, id).flags & ACS_HOLD_OVERDUE, ACS_HOLD_OVERDUE);
        extend = extend_of(d, id, m + 1);
        APPLY_REFUSED(&policy, &account, &extend, ACS_R_DEADLINE_BEYOND_MAX, NULL, NULL);
        extend.deadline_ms = m;
        APPLY_OK(&policy, &account, &extend, &rec);
        EXPECT_EQ("overdue cleared", HOLD(&account, id).flags & ACS_HOLD_OVERDUE, 0);
        EXPECT_NEXT_DEADLINE(&account, m, ACS_EVENT_REVIEW_LAPSED);
    }
}
END_TEST

/* EXTEND of the withdrawal window: the maximum exactly, not one past it. */
START_TEST(test_window_extend_to_max)
{
    const preset_figures *f = figures_of(_i);
    acs_policy policy;
    acs_account account;
    acs_record rec, recs[ACS_DEADLINES_MAX];
    acs_refusal why;
    unsigned written;
    int64_t next;
    policy_of(&policy, f);
    OPEN_ACTIVE(&policy, &account, T0_MS);
    acs_event extend = extend_window_of(T0_MS + 2 * HOUR_MS, T0_MS + DAY_MS);
    /* A restriction makes EXTEND's status rule pass; still no notice. */
    acs_event restrict_ = hold_event(T0_MS + 2 * HOUR_MS, ACS_LEVEL_WITHDRAWAL_ONLY,
                                     SUPPORT_ID, ACS_ROLE_SUPPORT, ACS_REASON_KYC_REFRESH);
    acs_account copy = account;
    APPLY_OK(&policy, &copy, &restrict_, &rec);
    APPLY_REFUSED(&policy, &copy, &extend, ACS_R_NO_NOTICE, NULL, NULL);

    acs_event notice = notice_event(f, T_PLACE, ACS_REASON_COMMERCIAL_DECISION, 0);
    APPLY_OK(&policy, &account, &notice, &rec);
    const int64_t w = T_PLACE + f->notice_commercial_ms;
    const int64_t wmax = w + f->window_extension_max_ms;
    EXPECT_EQ("window max", INFO(&account).window_max_ms, wmax);
    const acs_account base = account;
    const int64_t te = T_PLACE + HOUR_MS;

    extend = extend_window_of(te, w);
    APPLY_REFUSED(&policy, &account, &extend, ACS_R_DEADLINE_NOT_LATER, NULL, NULL);
    extend.deadline_ms = wmax + 1;
    APPLY_REFUSED(&policy, &account, &extend, ACS_R_DEADLINE_BEYOND_MAX, &why, NULL);
    EXPECT_EQ("bound: the window maximum", why.limit_ms, wmax);
    extend.deadline_ms = wmax;
    APPLY_OK(&policy, &account, &extend, &rec);
    EXPECT_EQ("EXTEND record: new end", rec.deadline_ms, wmax);
    EXPECT_EQ("EXTEND record: previous end", rec.previous_deadline_ms, w);
    EXPECT_EQ("EXTEND record: window end", rec.window_end_ms, wmax);
    acs_account_info info = INFO(&account);
    EXPECT_EQ("window end", info.window_end_ms, wmax);
    EXPECT_EQ("window max unchanged", info.window_max_ms, wmax);

    ADVANCE(&policy, &account, w, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("the old end applies nothing", written, 0);
    acs_event with_funds = close_event(wmax - 1, ACS_REASON_COMMERCIAL_DECISION, 1);
    APPLY_REFUSED(&policy, &account, &with_funds, ACS_R_WINDOW_RUNNING, &why, NULL);
    EXPECT_EQ("bound: the extended end", why.limit_ms, wmax);
    ADVANCE(&policy, &account, wmax - 1, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied at wmax-1", written, 0);
    EXPECT_EQ("next", next, wmax);
    ADVANCE(&policy, &account, wmax, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied at wmax", written, 1);
    EXPECT_DEADLINE_RECORD(&recs[0], ACS_EVENT_WINDOW_ENDED, wmax, 0, 5);

    /* A window that has ended may be reopened by an extension, which
    ** clears the ended flag. */
    account = base;
    ADVANCE(&policy, &account, w, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("ended at w", written, 1);
    extend = extend_window_of(w, w + DAY_MS);
    APPLY_OK(&policy, &account, &extend, &rec);
    EXPECT_EQ("ended flag cleared", INFO(&account).flags & ACS_ACCOUNT_WINDOW_ENDED, 0);
    EXPECT_NEXT_DEADLINE(&account, w + DAY_MS, ACS_EVENT_WINDOW_ENDED);
    with_funds.time_ms = w;
    APPLY_REFUSED(&policy, &account, &with_funds, ACS_R_WINDOW_RUNNING, NULL, NULL);
}
END_TEST

/* The time to appeal a hold: placed + appeal_window_ms is within, one
** millisecond later is not. */
START_TEST(test_appeal_window)
{
    const preset_figures *f = figures_of(_i);
    acs_policy policy;
    acs_account account;
    acs_record rec;
    acs_refusal why;
    policy_of(&policy, f);
    OPEN_ACTIVE(&policy, &account, T0_MS);
    acs_event suspend = hold_event(T_PLACE, ACS_LEVEL_SUSPENDED, COMPLIANCE_ID,
                                   ACS_ROLE_COMPLIANCE, ACS_REASON_LEGAL_ORDER);
    with_evidence(&suspend, 0x61);
    if (f->preset != ACS_PRESET_DISCRETIONARY)
        with_approver(&suspend, COMPLIANCE2_ID, ACS_ROLE_COMPLIANCE);
    APPLY_OK(&policy, &account, &suspend, &rec);
    unsigned id = rec.hold_id;
    const int64_t p = T_PLACE + f->appeal_window_ms;
    if (rec.deadline_ms != 0 && rec.deadline_ms <= p + 1) {
        /* Keep the review deadline out of the way of the boundary. */
        acs_event extend = target_event(ACS_EVENT_EXTEND, T_PLACE + HOUR_MS, id,
                                        COMPLIANCE_ID, ACS_ROLE_COMPLIANCE,
                                        ACS_REASON_LEGAL_ORDER);
        with_evidence(&extend, 0x62);
        extend.deadline_ms = p + DAY_MS;
        APPLY_OK(&policy, &account, &extend, &rec);
    }
    const acs_account base = account;

    acs_event appeal = appeal_of(p - 1, id);
    APPLY_OK(&policy, &account, &appeal, &rec);

    account = base;
    appeal.time_ms = p;
    APPLY_OK(&policy, &account, &appeal, &rec);
    EXPECT_EQ("appeal at the boundary: answer deadline", rec.deadline_ms,
              appeal_answer_due(f, p));
    /* Consumer: p is Tuesday 2023-01-31 01:00 local; the 15 business days
    ** are Feb 1 .. 3, 6 .. 10, 13 .. 17, 20 and 21, so the answer is due at
    ** 2023-02-21 23:00 UTC. */
    if (f->preset == ACS_PRESET_CONSUMER)
        EXPECT_EQ("consumer answer deadline", rec.deadline_ms, INT64_C(1677020400000));

    account = base;
    appeal.time_ms = p + 1;
    APPLY_REFUSED(&policy, &account, &appeal, ACS_R_APPEAL_WINDOW, &why, NULL);
    EXPECT_EQ("bound: the end of the time to appeal", why.limit_ms, p);
}
END_TEST

/* Times: the instant of the last change is allowed, one millisecond
** earlier is not, for events and for advance. */
START_TEST(test_time_order)
{
    const preset_figures *f = figures_of(_i);
    acs_policy policy;
    acs_account account;
    acs_record rec, recs[ACS_DEADLINES_MAX];
    unsigned written;
    int64_t next;
    policy_of(&policy, f);
    OPEN_ACTIVE(&policy, &account, T0_MS);
    const int64_t last = T0_MS + HOUR_MS;
    EXPECT_EQ("last change", INFO(&account).last_change_ms, last);

    acs_event early = hold_event(last - 1, ACS_LEVEL_WITHDRAWAL_ONLY, SUPPORT_ID,
                                 ACS_ROLE_SUPPORT, ACS_REASON_KYC_REFRESH);
    APPLY_REFUSED(&policy, &account, &early, ACS_E_TIME_BACKWARDS, NULL, NULL);
    acs_account saved = account;
    EXPECT_EQ("advance before the last change",
              acs_advance(&policy, &account, last - 1, recs, ACS_DEADLINES_MAX, &written,
                          &next),
              ACS_E_TIME_BACKWARDS);
    ck_assert_msg(memcmp(&saved, &account, sizeof(saved)) == 0,
                  "a refused advance changed the account");
    ADVANCE(&policy, &account, last, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("nothing due", written, 0);
    acs_event same = early;
    same.time_ms = last;
    APPLY_OK(&policy, &account, &same, &rec);
}
END_TEST

Suite *boundaries_suite(void)
{
    Suite *s = suite_create("boundaries");
    TCase *tc = scenario_tcase(s, "deadlines");
    tcase_add_loop_test(tc, test_review_deadline, 0, PRESET_LOOP_COUNT);
    /* default and consumer: the presets with a review default */
    tcase_add_loop_test(tc, test_review_period_given, 0, 2);
    tcase_add_loop_test(tc, test_appeal_answer_deadline, 0, PRESET_LOOP_COUNT);
    tcase_add_loop_test(tc, test_window_end, 0, PRESET_LOOP_COUNT);
    tc = scenario_tcase(s, "maxima");
    tcase_add_loop_test(tc, test_review_extend_to_max, 0, PRESET_LOOP_COUNT);
    tcase_add_loop_test(tc, test_window_extend_to_max, 0, PRESET_LOOP_COUNT);
    tcase_add_loop_test(tc, test_appeal_window, 0, PRESET_LOOP_COUNT);
    tc = scenario_tcase(s, "time");
    tcase_add_loop_test(tc, test_time_order, 0, PRESET_LOOP_COUNT);
    return s;
}
