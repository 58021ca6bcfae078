/*
** business_days.c: the consumer policy's appeal answer, 15 business days of
** its calendar (Saturday and Sunday off, UTC+1, the TARGET closing days),
** played over the holidays end to end.
**
** Two customers appeal just before a holiday period: one contests a closure
** notice the Friday before Christmas 2025, one a withdrawal-only hold the
** Monday before Easter 2026. Each test follows the appeal through the
** holidays (nothing falls due on them), to one millisecond before its
** deadline (an answer is on time, advance applies nothing), to the deadline
** itself (an answer must wait for advance, which flags the appeal overdue
** at its own time), and past it (a late answer is still an answer, and the
** records show it was late). The deadlines are written out as dates, worked
** out by hand, and checked again against the figures' calendar.
*/
#include <string.h>

#include "scenario.h"
#include "suites.h"

static int leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Milliseconds of a UTC date and time, counting the days year by year and
** month by month. */
static int64_t utc(int year, int month, int day, int hour, int minute)
{
    static const int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    ck_assert_msg(year >= 1970 && month >= 1 && month <= 12, "%d-%d", year, month);
    int64_t days = 0;
    for (int y = 1970; y < year; y++) days += leap(y) ? 366 : 365;
    for (int m = 1; m < month; m++) days += lengths[m - 1] + (m == 2 && leap(year));
    days += day - 1;
    return days * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS;
}

/* The consumer preset's figures (loop index 1 of figures_of). */
static const preset_figures *consumer(void)
{
    const preset_figures *f = figures_of(1);
    ck_assert_int_eq(f->preset, ACS_PRESET_CONSUMER);
    ck_assert_int_eq(f->appeal_answer.unit, ACS_UNIT_BUSINESS_DAYS);
    ck_assert_int_eq(f->appeal_answer.count, 15);
    return f;
}

static acs_event appeal_of(int64_t time_ms, unsigned target)
{
    return target_event(ACS_EVENT_APPEAL, time_ms, target, CUSTOMER_ID, ACS_ROLE_USER,
                        ACS_REASON_USER_REQUEST);
}

static acs_event decide_of(int64_t time_ms, unsigned target, int outcome)
{
    return target_event(ACS_EVENT_DECIDE, time_ms, target, COMPLIANCE_ID,
                        ACS_ROLE_COMPLIANCE, outcome);
}

/* The records of one account, as an auditor would receive them. */
typedef struct trail {
    acs_record records[32];
    size_t count;
} trail;

static void keep(trail *t, const acs_record *record)
{
    ck_assert_msg(t->count < sizeof(t->records) / sizeof(t->records[0]), "trail full");
    t->records[t->count++] = *record;
}

/* Replaying the trail under the consumer policy gives back the account. */
static void expect_replays(const acs_policy *policy, const trail *t,
                           const acs_account *account)
{
    acs_account replayed;
    acs_audit_report report;
    memset(&report, 0, sizeof(report));
    int rc = acs_replay(policy, t->records, t->count, &replayed, &report);
    ck_assert_msg(rc == ACS_OK, "replay: %s at record %llu", code_name(rc),
                  (unsigned long long)report.index);
    ck_assert_msg(memcmp(&replayed, account, sizeof(replayed)) == 0,
                  "the replayed account differs from the live one");
}

/* ------------------------------------------------------------------------
** Christmas 2025: an appeal against a closure notice.
**
**   2025-12-01 09:00  opened; verified at 10:00
**   2025-12-12 10:00  closure notice, commercial decision: the window of
**                     62 days ends 2026-02-12 10:00 UTC
**   2025-12-19 16:30  (Friday, 17:30 local) the customer appeals the notice
**
** The 15 business days: Dec 22, 23, 24; (Dec 25, 26 holidays, Dec 27, 28
** weekend) Dec 29, 30, 31; (Jan 1 holiday) Jan 2; (Jan 3, 4 weekend) Jan 5
** .. 9; Jan 12, 13, 14. The answer is due at the local midnight ending
** Wednesday Jan 14, 2026: 2026-01-14 23:00 UTC. Fourteen calendar days
** (the default preset's answer) would have ended on Jan 2, in the middle of
** the holidays.
*/
#define XMAS_OPEN utc(2025, 12, 1, 9, 0)
#define XMAS_NOTICE utc(2025, 12, 12, 10, 0)
#define XMAS_WINDOW_END utc(2026, 2, 12, 10, 0)
#define XMAS_APPEAL utc(2025, 12, 19, 16, 30)
#define XMAS_DUE utc(2026, 1, 14, 23, 0)

/* The account with the notice appealed, and its trail so far. */
static void christmas_appeal(const acs_policy *policy, acs_account *account, trail *t)
{
    const preset_figures *f = consumer();
    acs_record rec;
    memset(t, 0, sizeof(*t));
    EXPECT_EQ("the clock", XMAS_APPEAL, INT64_C(1766161800000));
    ck_assert_int_eq(acs_account_open(account, ACCOUNT_ID, XMAS_OPEN, policy, &rec), ACS_OK);
    keep(t, &rec);
    acs_event verify = event_of(ACS_EVENT_VERIFY, XMAS_OPEN + HOUR_MS, SUPPORT_ID,
                                ACS_ROLE_SUPPORT, ACS_REASON_REQUIREMENT_MET);
    APPLY_OK(policy, account, &verify, &rec);
    keep(t, &rec);
    acs_event notice = notice_event(f, XMAS_NOTICE, ACS_REASON_COMMERCIAL_DECISION, 0);
    APPLY_OK(policy, account, &notice, &rec);
    keep(t, &rec);
    EXPECT_EQ("window end", rec.deadline_ms, XMAS_WINDOW_END);

    acs_event appeal = appeal_of(XMAS_APPEAL, 0);
    APPLY_OK(policy, account, &appeal, &rec);
    keep(t, &rec);
    EXPECT_EQ("answer deadline in the record", rec.deadline_ms, XMAS_DUE);
    EXPECT_EQ("answer deadline by the figures' calendar",
              appeal_answer_due(f, XMAS_APPEAL), XMAS_DUE);
    acs_account_info info = INFO(account);
    EXPECT_EQ("open appeals", info.appeal_count, 1);
    EXPECT_EQ("appeal against the notice", info.appeals[0].target, 0);
    EXPECT_EQ("answer deadline on the account", info.appeals[0].answer_deadline_ms, XMAS_DUE);
    EXPECT_EQ("notice appealed", info.flags & ACS_ACCOUNT_NOTICE_APPEALED,
              ACS_ACCOUNT_NOTICE_APPEALED);
    EXPECT_NEXT_DEADLINE(account, XMAS_DUE, ACS_EVENT_APPEAL_LAPSED);
}

/* Nothing falls due over the holidays: advance at noon on each holiday and
** on New Year's Eve applies nothing and names the answer deadline next. */
START_TEST(test_christmas_holidays_pass)
{
    acs_policy policy;
    acs_account account;
    trail t;
    acs_record recs[ACS_DEADLINES_MAX];
    unsigned written;
    int64_t next;
    policy_of(&policy, consumer());
    christmas_appeal(&policy, &account, &t);
    const int64_t days[] = {utc(2025, 12, 25, 11, 0), utc(2025, 12, 26, 11, 0),
                            utc(2025, 12, 31, 22, 59), utc(2026, 1, 1, 11, 0),
                            utc(2026, 1, 9, 11, 0)};
    for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
        ADVANCE(&policy, &account, days[i], recs, ACS_DEADLINES_MAX, &written, &next);
        EXPECT_EQ("nothing due over the holidays", written, 0);
        EXPECT_EQ("next: the answer", next, XMAS_DUE);
    }
    /* The calendar the deadline was counted in closes those days. */
    EXPECT_EQ("Christmas Day closed", acs_business_day(&policy.rules.calendar, days[0]), 0);
    EXPECT_EQ("Boxing Day closed", acs_business_day(&policy.rules.calendar, days[1]), 0);
    EXPECT_EQ("New Year's Eve open", acs_business_day(&policy.rules.calendar, days[2]), 1);
    EXPECT_EQ("New Year's Day closed", acs_business_day(&policy.rules.calendar, days[3]), 0);
    /* Staff work on holidays too: an answer given on Christmas Day counts. */
    acs_account copy = account;
    acs_record rec;
    acs_event dismiss = decide_of(days[0] + HOUR_MS, 0, ACS_REASON_APPEAL_DISMISSED);
    APPLY_OK(&policy, &copy, &dismiss, &rec);
    EXPECT_EQ("the answer names the deadline it met", rec.deadline_ms, XMAS_DUE);
    EXPECT_EQ("no appeal left", INFO(&copy).appeal_count, 0);
}
END_TEST

/* One millisecond before the deadline: not due, and an answer is on time. */
START_TEST(test_christmas_answer_just_in_time)
{
    acs_policy policy;
    acs_account account;
    trail t;
    acs_record rec, recs[ACS_DEADLINES_MAX];
    unsigned written;
    int64_t next;
    policy_of(&policy, consumer());
    christmas_appeal(&policy, &account, &t);

    ADVANCE(&policy, &account, XMAS_DUE - 1, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied at the deadline - 1 ms", written, 0);
    EXPECT_EQ("next at the deadline - 1 ms", next, XMAS_DUE);
    EXPECT_EQ("not overdue yet", INFO(&account).appeals[0].overdue, 0);

    acs_event uphold = decide_of(XMAS_DUE - 1, 0, ACS_REASON_APPEAL_UPHELD);
    APPLY_OK(&policy, &account, &uphold, &rec);
    keep(&t, &rec);
    EXPECT_EQ("upheld rescinds the notice", rec.flags & ACS_RECORD_NOTICE_RESCINDED,
              ACS_RECORD_NOTICE_RESCINDED);
    EXPECT_EQ("the answer's deadline", rec.deadline_ms, XMAS_DUE);
    ck_assert_msg(rec.time_ms < rec.deadline_ms, "the record must show an answer on time");
    acs_account_info info = INFO(&account);
    EXPECT_EQ("lifecycle after", info.lifecycle, ACS_LIFECYCLE_OPEN);
    EXPECT_EQ("status after", info.status, ACS_STATUS_ACTIVE);
    EXPECT_EQ("no appeal left", info.appeal_count, 0);
    EXPECT_NEXT_DEADLINE(&account, 0, 0);
    expect_replays(&policy, &t, &account);
}
END_TEST

/* At the deadline: the answer waits for advance, which flags the appeal
** overdue at the deadline's own time; a late answer is still an answer. */
START_TEST(test_christmas_answer_late)
{
    acs_policy policy;
    acs_account account;
    trail t;
    acs_record rec, recs[ACS_DEADLINES_MAX];
    unsigned written;
    int64_t next;
    policy_of(&policy, consumer());
    christmas_appeal(&policy, &account, &t);

    acs_event uphold = decide_of(XMAS_DUE, 0, ACS_REASON_APPEAL_UPHELD);
    APPLY_REFUSED(&policy, &account, &uphold, ACS_E_DEADLINE_DUE, NULL, NULL);

    ADVANCE(&policy, &account, XMAS_DUE, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied at the deadline", written, 1);
    EXPECT_DEADLINE_RECORD(&recs[0], ACS_EVENT_APPEAL_LAPSED, XMAS_DUE, 0, 5);
    keep(&t, &recs[0]);
    EXPECT_EQ("lapse keeps the notice", recs[0].lifecycle_after, ACS_LIFECYCLE_CLOSING);
    EXPECT_EQ("status unchanged", recs[0].status_after, ACS_STATUS_WITHDRAWAL_ONLY);
    acs_account_info info = INFO(&account);
    EXPECT_EQ("the appeal stays open", info.appeal_count, 1);
    EXPECT_EQ("overdue", info.appeals[0].overdue, 1);
    EXPECT_EQ("last change: the deadline", info.last_change_ms, XMAS_DUE);
    EXPECT_EQ("next: the window's end", next, XMAS_WINDOW_END);
    EXPECT_NEXT_DEADLINE(&account, XMAS_WINDOW_END, ACS_EVENT_WINDOW_ENDED);

    uphold.time_ms = XMAS_DUE + 14 * HOUR_MS;
    APPLY_OK(&policy, &account, &uphold, &rec);
    keep(&t, &rec);
    EXPECT_EQ("late answer rescinds", rec.flags & ACS_RECORD_NOTICE_RESCINDED,
              ACS_RECORD_NOTICE_RESCINDED);
    EXPECT_EQ("the answer's deadline", rec.deadline_ms, XMAS_DUE);
    ck_assert_msg(rec.time_ms > rec.deadline_ms, "the record must show a late answer");
    EXPECT_EQ("lifecycle after", INFO(&account).lifecycle, ACS_LIFECYCLE_OPEN);
    expect_replays(&policy, &t, &account);
}
END_TEST

/* The host was down from before Christmas to after the window: advance
** applies the lapsed appeal and the window's end, each at its own time. */
START_TEST(test_christmas_outage)
{
    acs_policy policy;
    acs_account account;
    trail t;
    acs_record recs[ACS_DEADLINES_MAX];
    unsigned written;
    int64_t next;
    policy_of(&policy, consumer());
    christmas_appeal(&policy, &account, &t);

    ADVANCE(&policy, &account, utc(2026, 2, 20, 8, 0), recs, ACS_DEADLINES_MAX, &written,
            &next);
    EXPECT_EQ("records", written, 2);
    EXPECT_DEADLINE_RECORD(&recs[0], ACS_EVENT_APPEAL_LAPSED, XMAS_DUE, 0, 5);
    EXPECT_DEADLINE_RECORD(&recs[1], ACS_EVENT_WINDOW_ENDED, XMAS_WINDOW_END, 0, 6);
    keep(&t, &recs[0]);
    keep(&t, &recs[1]);
    EXPECT_EQ("nothing more", next, 0);
    acs_account_info info = INFO(&account);
    EXPECT_EQ("appeal overdue", info.appeals[0].overdue, 1);
    EXPECT_EQ("window ended", info.flags & ACS_ACCOUNT_WINDOW_ENDED, ACS_ACCOUNT_WINDOW_ENDED);
    EXPECT_EQ("never closes by itself", info.lifecycle, ACS_LIFECYCLE_CLOSING);
    expect_replays(&policy, &t, &account);
}
END_TEST

/* ------------------------------------------------------------------------
** Easter 2026: an appeal against a withdrawal-only hold.
**
**   2026-03-02 09:00  opened; verified at 10:00
**   2026-03-27 15:00  (Friday) security restricts to withdrawal-only; its
**                     review of 30 days ends 2026-04-26 15:00 UTC
**   2026-03-30 11:00  (Monday, 12:00 local) the customer appeals the hold
**
** The 15 business days: Mar 31, Apr 1, 2; (Good Friday Apr 3, the weekend,
** Easter Monday Apr 6) Apr 7 .. 10; Apr 13 .. 17; Apr 20, 21, 22. The
** answer is due at the local midnight ending Wednesday Apr 22, 2026:
** 2026-04-22 23:00 UTC, before the hold's review.
*/
#define EASTER_OPEN utc(2026, 3, 2, 9, 0)
#define EASTER_HOLD utc(2026, 3, 27, 15, 0)
#define EASTER_REVIEW utc(2026, 4, 26, 15, 0)
#define EASTER_APPEAL utc(2026, 3, 30, 11, 0)
#define EASTER_DUE utc(2026, 4, 22, 23, 0)

static unsigned easter_appeal(const acs_policy *policy, acs_account *account, trail *t)
{
    const preset_figures *f = consumer();
    acs_record rec;
    memset(t, 0, sizeof(*t));
    EXPECT_EQ("the clock", EASTER_APPEAL, INT64_C(1774868400000));
    ck_assert_int_eq(acs_account_open(account, ACCOUNT_ID, EASTER_OPEN, policy, &rec),
                     ACS_OK);
    keep(t, &rec);
    acs_event verify = event_of(ACS_EVENT_VERIFY, EASTER_OPEN + HOUR_MS, SUPPORT_ID,
                                ACS_ROLE_SUPPORT, ACS_REASON_REQUIREMENT_MET);
    APPLY_OK(policy, account, &verify, &rec);
    keep(t, &rec);
    acs_event restrict_ = hold_event(EASTER_HOLD, ACS_LEVEL_WITHDRAWAL_ONLY, SECURITY_ID,
                                     ACS_ROLE_SECURITY, ACS_REASON_SECURITY_COMPROMISE);
    APPLY_OK(policy, account, &restrict_, &rec);
    keep(t, &rec);
    const unsigned id = rec.hold_id;
    EXPECT_EQ("review deadline", rec.deadline_ms, EASTER_REVIEW);

    acs_event appeal = appeal_of(EASTER_APPEAL, id);
    APPLY_OK(policy, account, &appeal, &rec);
    keep(t, &rec);
    EXPECT_EQ("answer deadline in the record", rec.deadline_ms, EASTER_DUE);
    EXPECT_EQ("answer deadline by the figures' calendar",
              appeal_answer_due(f, EASTER_APPEAL), EASTER_DUE);
    EXPECT_NEXT_DEADLINE(account, EASTER_DUE, ACS_EVENT_APPEAL_LAPSED);
    return id;
}

/* Over Easter nothing falls due; one millisecond before the deadline an
** answer is on time; at the deadline advance flags the appeal overdue, and
** the late answer that upholds it lifts the hold. */
START_TEST(test_easter_boundaries)
{
    acs_policy policy;
    acs_account account;
    trail t;
    acs_record rec, recs[ACS_DEADLINES_MAX];
    unsigned written;
    int64_t next;
    policy_of(&policy, consumer());
    const unsigned id = easter_appeal(&policy, &account, &t);

    const int64_t easter[] = {utc(2026, 4, 3, 12, 0), utc(2026, 4, 6, 12, 0),
                              utc(2026, 4, 6, 22, 59)};
    for (size_t i = 0; i < sizeof(easter) / sizeof(easter[0]); i++) {
        EXPECT_EQ("a closed day", acs_business_day(&policy.rules.calendar, easter[i]), 0);
        ADVANCE(&policy, &account, easter[i], recs, ACS_DEADLINES_MAX, &written, &next);
        EXPECT_EQ("nothing due over Easter", written, 0);
        EXPECT_EQ("next: the answer", next, EASTER_DUE);
    }
    EXPECT_EQ("Tuesday after Easter open",
              acs_business_day(&policy.rules.calendar, utc(2026, 4, 6, 23, 0)), 1);

    ADVANCE(&policy, &account, EASTER_DUE - 1, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied at the deadline - 1 ms", written, 0);
    EXPECT_EQ("next at the deadline - 1 ms", next, EASTER_DUE);
    const acs_account before_due = account;
    const trail trail_before_due = t;

    /* On time, by one millisecond. */
    acs_event dismiss = decide_of(EASTER_DUE - 1, id, ACS_REASON_APPEAL_DISMISSED);
    APPLY_OK(&policy, &account, &dismiss, &rec);
    keep(&t, &rec);
    EXPECT_EQ("dismissal keeps the hold", rec.flags & ACS_RECORD_HOLD_LIFTED, 0);
    EXPECT_EQ("the answer's deadline", rec.deadline_ms, EASTER_DUE);
    EXPECT_NEXT_DEADLINE(&account, EASTER_REVIEW, ACS_EVENT_REVIEW_LAPSED);
    expect_replays(&policy, &t, &account);

    /* At the deadline. */
    account = before_due;
    t = trail_before_due;
    acs_event uphold = decide_of(EASTER_DUE, id, ACS_REASON_APPEAL_UPHELD);
    APPLY_REFUSED(&policy, &account, &uphold, ACS_E_DEADLINE_DUE, NULL, NULL);
    ADVANCE(&policy, &account, EASTER_DUE, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("applied at the deadline", written, 1);
    EXPECT_DEADLINE_RECORD(&recs[0], ACS_EVENT_APPEAL_LAPSED, EASTER_DUE, id, 5);
    keep(&t, &recs[0]);
    EXPECT_EQ("status unchanged", recs[0].status_after, ACS_STATUS_WITHDRAWAL_ONLY);
    EXPECT_EQ("overdue", INFO(&account).appeals[0].overdue, 1);
    EXPECT_EQ("next: the hold's review", next, EASTER_REVIEW);

    /* Late, the next morning. */
    uphold.time_ms = EASTER_DUE + 10 * HOUR_MS;
    APPLY_OK(&policy, &account, &uphold, &rec);
    keep(&t, &rec);
    EXPECT_EQ("late upheld lifts", rec.flags & ACS_RECORD_HOLD_LIFTED, ACS_RECORD_HOLD_LIFTED);
    ck_assert_msg(rec.time_ms > rec.deadline_ms, "the record must show a late answer");
    EXPECT_EQ("status after", rec.status_after, ACS_STATUS_ACTIVE);
    EXPECT_NEXT_DEADLINE(&account, 0, 0);
    expect_replays(&policy, &t, &account);
}
END_TEST

Suite *business_days_suite(void)
{
    Suite *s = suite_create("business_days");
    TCase *tc = scenario_tcase(s, "christmas");
    tcase_add_test(tc, test_christmas_holidays_pass);
    tcase_add_test(tc, test_christmas_answer_just_in_time);
    tcase_add_test(tc, test_christmas_answer_late);
    tcase_add_test(tc, test_christmas_outage);
    tc = scenario_tcase(s, "easter");
    tcase_add_test(tc, test_easter_boundaries);
    return s;
}
