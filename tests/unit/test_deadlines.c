/*
** test_deadlines.c: unit tests of src/deadlines.c.
**
** acs_advance and acs_account_next_deadline: each kind of deadline at one
** millisecond before, at, and after its time; what a lapse does under each
** preset; several deadlines applied in time order, each at its own time,
** with one record and one sequence number each; a records buffer that is
** too small; an advance after years of outage; the withdrawal window's
** pause while withdrawals are blocked; and the bound on records per call.
*/
#include "fixtures.h"

#define T1 (FX_T0 + FX_HOUR)

/* Advances with records_max records of room in a buffer twice that size,
** and checks that nothing past what it reports written was touched. */
static unsigned advance_into(const acs_policy *policy, acs_account *account,
                             int64_t now_ms, unsigned records_max,
                             acs_record *records, int64_t *next_ms)
{
    unsigned written = 999;
    int64_t next = -1;
    memset(records, FX_FILL, sizeof(acs_record) * 2 * ACS_DEADLINES_MAX);
    assert_true(records_max <= 2 * ACS_DEADLINES_MAX);
    assert_code(acs_advance(policy, account, now_ms, records, records_max, &written,
                            &next),
                ACS_OK);
    assert_true(written <= records_max);
    assert_true(written <= ACS_DEADLINES_MAX);
    assert_filled(&records[written],
                  sizeof(acs_record) * (2 * ACS_DEADLINES_MAX - written), FX_FILL);
    if (next_ms != NULL) *next_ms = next;
    return written;
}

/* ------------------------------------------------------------------------
** A review deadline.
*/
static void test_review_deadline_boundaries(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account, saved;
    acs_record records[2 * ACS_DEADLINES_MAX];
    int64_t next;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_FROZEN);
    const int64_t due = T1 + 14 * FX_DAY;
    int kind = 0;
    assert_i64(fx_next_deadline(&account, &kind), due);
    assert_int_equal(kind, ACS_EVENT_REVIEW_LAPSED);

    /* One millisecond before: nothing applied, nothing changed. */
    memcpy(&saved, &account, sizeof saved);
    assert_int_equal(advance_into(&policy, &account, due - 1, ACS_DEADLINES_MAX,
                                  records, &next),
                     0);
    assert_i64(next, due);
    assert_memory_equal(&saved, &account, sizeof saved);

    /* At the deadline: applied, at its time. */
    acs_account_info before = fx_info(&account);
    assert_int_equal(advance_into(&policy, &account, due, ACS_DEADLINES_MAX, records,
                                  &next),
                     1);
    assert_int_equal(records[0].kind, ACS_EVENT_REVIEW_LAPSED);
    assert_i64(records[0].time_ms, due);
    assert_i64(records[0].deadline_ms, due);
    assert_int_equal(records[0].hold_id, id);
    assert_true(records[0].sequence == before.sequence + 1u);
    acs_account_info after = fx_info(&account);
    assert_int_equal(after.sequence, before.sequence + 1);
    assert_i64(after.last_change_ms, due);
    assert_i64(next, 0);
    assert_i64(fx_next_deadline(&account, &kind), 0);
    assert_int_equal(kind, 0);

    /* Once applied it is not applied again. */
    memcpy(&saved, &account, sizeof saved);
    assert_int_equal(advance_into(&policy, &account, due + FX_YEAR, ACS_DEADLINES_MAX,
                                  records, &next),
                     0);
    assert_memory_equal(&saved, &account, sizeof saved);

    /* One millisecond after: applied at the deadline's own time, not now. */
    fx_active(&policy, &account, FX_T0);
    id = fx_hold(&policy, &account, T1, ACS_LEVEL_FROZEN);
    assert_int_equal(advance_into(&policy, &account, due + 1, ACS_DEADLINES_MAX,
                                  records, &next),
                     1);
    assert_i64(records[0].time_ms, due);
    assert_i64(records[0].deadline_ms, due);
    assert_i64(fx_info(&account).last_change_ms, due);
    /* An event between the deadline and now is not backwards. */
    acs_event lift = fx_ev_lift(due, id);
    fx_apply_ok(&policy, &account, &lift, NULL);
}

/* consumer (ACS_POLICY_LAPSE_LIFTS): the lapse lifts the hold, and with it
** any appeal against it. */
static void test_lapse_lifts_under_consumer(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record records[2 * ACS_DEADLINES_MAX];
    fx_preset(&policy, ACS_PRESET_CONSUMER);
    assert_true(policy.rules.flags & ACS_POLICY_LAPSE_LIFTS);
    fx_active(&policy, &account, FX_T0);
    unsigned withdrawal = fx_hold(&policy, &account, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    unsigned frozen = fx_hold(&policy, &account, T1 + 1, ACS_LEVEL_FROZEN);
    fx_appeal(&policy, &account, T1 + 2, frozen);
    const int64_t due = T1 + 1 + 14 * FX_DAY;

    assert_int_equal(advance_into(&policy, &account, due, ACS_DEADLINES_MAX, records,
                                  NULL),
                     1);
    assert_int_equal(records[0].kind, ACS_EVENT_REVIEW_LAPSED);
    assert_int_equal(records[0].hold_id, frozen);
    assert_true(records[0].flags & ACS_RECORD_HOLD_LIFTED);
    assert_int_equal(records[0].status_before, ACS_STATUS_FROZEN);
    assert_int_equal(records[0].status_after, ACS_STATUS_WITHDRAWAL_ONLY);
    assert_false(fx_has_hold(&account, frozen));
    assert_true(fx_has_hold(&account, withdrawal));
    acs_account_info info = fx_info(&account);
    assert_int_equal(info.hold_count, 1);
    assert_int_equal(info.appeal_count, 0);
    assert_int_equal(info.status, ACS_STATUS_WITHDRAWAL_ONLY);
    int kind = 0;
    assert_i64(fx_next_deadline(&account, &kind), T1 + 30 * FX_DAY);
    assert_int_equal(kind, ACS_EVENT_REVIEW_LAPSED);
}

/* default (no LAPSE_LIFTS): the hold stays, flagged overdue; its deadline
** no longer runs. */
static void test_lapse_flags_overdue_under_default(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record records[2 * ACS_DEADLINES_MAX];
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    assert_false(policy.rules.flags & ACS_POLICY_LAPSE_LIFTS);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_SUSPENDED);
    const int64_t due = T1 + 30 * FX_DAY;

    assert_int_equal(advance_into(&policy, &account, due + FX_DAY, ACS_DEADLINES_MAX,
                                  records, NULL),
                     1);
    assert_int_equal(records[0].hold_id, id);
    assert_int_equal(records[0].hold_level, ACS_LEVEL_SUSPENDED);
    assert_int_equal(records[0].flags & ACS_RECORD_HOLD_LIFTED, 0);
    assert_int_equal(records[0].status_before, ACS_STATUS_SUSPENDED);
    assert_int_equal(records[0].status_after, ACS_STATUS_SUSPENDED);
    acs_hold hold = fx_find_hold(&account, id);
    assert_true(hold.flags & ACS_HOLD_OVERDUE);
    assert_i64(hold.review_deadline_ms, due);
    assert_int_equal(fx_status(&account), ACS_STATUS_SUSPENDED);
    int kind = -1;
    assert_i64(fx_next_deadline(&account, &kind), 0);
    assert_int_equal(kind, 0);
}

/* ------------------------------------------------------------------------
** An appeal's answer deadline.
*/
static void test_appeal_answer_lapse(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account, saved;
    acs_record records[2 * ACS_DEADLINES_MAX];
    int64_t next;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    fx_appeal(&policy, &account, T1 + FX_HOUR, id);
    const int64_t answer = T1 + FX_HOUR + 14 * FX_DAY;
    int kind = 0;
    assert_i64(fx_next_deadline(&account, &kind), answer);
    assert_int_equal(kind, ACS_EVENT_APPEAL_LAPSED);

    memcpy(&saved, &account, sizeof saved);
    assert_int_equal(advance_into(&policy, &account, answer - 1, ACS_DEADLINES_MAX,
                                  records, &next),
                     0);
    assert_i64(next, answer);
    assert_memory_equal(&saved, &account, sizeof saved);

    assert_int_equal(advance_into(&policy, &account, answer + 1, ACS_DEADLINES_MAX,
                                  records, &next),
                     1);
    assert_int_equal(records[0].kind, ACS_EVENT_APPEAL_LAPSED);
    assert_i64(records[0].time_ms, answer);
    assert_i64(records[0].deadline_ms, answer);
    assert_int_equal(records[0].hold_id, id);
    acs_account_info info = fx_info(&account);
    assert_int_equal(info.appeal_count, 1);
    assert_int_equal(info.appeals[0].target, id);
    assert_int_equal(info.appeals[0].overdue, 1);
    assert_i64(info.appeals[0].answer_deadline_ms, answer);
    assert_i64(info.last_change_ms, answer);
    /* The hold's review deadline is next. */
    assert_i64(next, T1 + 30 * FX_DAY);
    assert_i64(fx_next_deadline(&account, &kind), T1 + 30 * FX_DAY);
    assert_int_equal(kind, ACS_EVENT_REVIEW_LAPSED);
    assert_true(fx_has_hold(&account, id));
}

static void test_notice_appeal_lapse(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record records[2 * ACS_DEADLINES_MAX];
    fx_preset(&policy, ACS_PRESET_CONSUMER);
    fx_active(&policy, &account, FX_T0);
    fx_notice(&policy, &account, T1, ACS_REASON_COMMERCIAL_DECISION);
    fx_appeal(&policy, &account, T1 + 1, 0);
    /* 15 business days of the consumer calendar. The appeal is made on
    ** Tuesday 2023-11-14 at 23:13:20.001 UTC, which is already Wednesday
    ** Nov 15 at +60 minutes: the days counted are Nov 16, 17, 20 .. 24,
    ** 27 .. 30, Dec 1, 4, 5 and 6, and the answer is due at the local
    ** midnight ending Wednesday Dec 6, 2023-12-06 23:00 UTC. Counting from
    ** the UTC date would end a day earlier. */
    const int64_t answer = 1701903600000; /* 2023-12-06T23:00:00Z */
    int64_t next = 0;
    assert_int_equal(advance_into(&policy, &account, answer - 1, ACS_DEADLINES_MAX,
                                  records, &next),
                     0);
    assert_i64(next, answer);
    assert_int_equal(advance_into(&policy, &account, answer, ACS_DEADLINES_MAX,
                                  records, NULL),
                     1);
    assert_int_equal(records[0].kind, ACS_EVENT_APPEAL_LAPSED);
    assert_int_equal(records[0].hold_id, 0);
    assert_i64(records[0].time_ms, answer);
    acs_account_info info = fx_info(&account);
    assert_int_equal(info.appeals[0].overdue, 1);
    assert_int_equal(info.lifecycle, ACS_LIFECYCLE_CLOSING);
}

/* ------------------------------------------------------------------------
** The withdrawal window's end.
*/
static void test_window_end(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account, saved;
    acs_record records[2 * ACS_DEADLINES_MAX];
    int64_t next;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    const int64_t end = fx_notice(&policy, &account, T1, ACS_REASON_USER_REQUEST);
    assert_i64(end, T1 + 7 * FX_DAY);
    int kind = 0;
    assert_i64(fx_next_deadline(&account, &kind), end);
    assert_int_equal(kind, ACS_EVENT_WINDOW_ENDED);

    memcpy(&saved, &account, sizeof saved);
    assert_int_equal(advance_into(&policy, &account, end - 1, ACS_DEADLINES_MAX,
                                  records, &next),
                     0);
    assert_i64(next, end);
    assert_memory_equal(&saved, &account, sizeof saved);

    assert_int_equal(advance_into(&policy, &account, end, ACS_DEADLINES_MAX, records,
                                  &next),
                     1);
    assert_int_equal(records[0].kind, ACS_EVENT_WINDOW_ENDED);
    assert_i64(records[0].time_ms, end);
    assert_i64(records[0].deadline_ms, end);
    assert_i64(next, 0);
    acs_account_info info = fx_info(&account);
    assert_true(info.flags & ACS_ACCOUNT_WINDOW_ENDED);
    assert_int_equal(info.lifecycle, ACS_LIFECYCLE_CLOSING);
    assert_int_equal(info.status, ACS_STATUS_WITHDRAWAL_ONLY);

    /* The account never closes by itself, however long nobody acts. */
    memcpy(&saved, &account, sizeof saved);
    assert_int_equal(advance_into(&policy, &account, end + 10 * FX_YEAR,
                                  ACS_DEADLINES_MAX, records, &next),
                     0);
    assert_i64(next, 0);
    assert_memory_equal(&saved, &account, sizeof saved);
    assert_int_equal(fx_info(&account).lifecycle, ACS_LIFECYCLE_CLOSING);
}

/* ------------------------------------------------------------------------
** Several deadlines in one call.
*/

/* Four deadlines of three kinds under default (withdrawal-only holds, which
** do not pause the window): B's review at 3 days, the window at 7, the
** appeal's answer at 14, A's review at 20. */
struct four {
    unsigned a, b;
    int64_t due[4];
    int kind[4];
    unsigned target[4];
};

static void four_deadlines(const acs_policy *policy, acs_account *account,
                           struct four *f)
{
    fx_active(policy, account, FX_T0);
    acs_record record;
    acs_event hold = fx_ev_hold(policy, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    hold.period_ms = 20 * FX_DAY;
    fx_apply_ok(policy, account, &hold, &record);
    f->a = record.hold_id;
    hold.time_ms = T1 + FX_HOUR;
    hold.period_ms = 3 * FX_DAY;
    fx_apply_ok(policy, account, &hold, &record);
    f->b = record.hold_id;
    fx_appeal(policy, account, T1 + 2 * FX_HOUR, f->a);
    fx_notice(policy, account, T1 + 3 * FX_HOUR, ACS_REASON_USER_REQUEST);

    const int64_t due[4] = {T1 + FX_HOUR + 3 * FX_DAY, T1 + 3 * FX_HOUR + 7 * FX_DAY,
                            T1 + 2 * FX_HOUR + 14 * FX_DAY, T1 + 20 * FX_DAY};
    const int kind[4] = {ACS_EVENT_REVIEW_LAPSED, ACS_EVENT_WINDOW_ENDED,
                         ACS_EVENT_APPEAL_LAPSED, ACS_EVENT_REVIEW_LAPSED};
    const unsigned target[4] = {f->b, 0, f->a, f->a};
    memcpy(f->due, due, sizeof due);
    memcpy(f->kind, kind, sizeof kind);
    memcpy(f->target, target, sizeof target);
}

static void test_several_in_time_order(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record records[2 * ACS_DEADLINES_MAX];
    struct four f;
    int64_t next;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    four_deadlines(&policy, &account, &f);
    int kind = 0;
    assert_i64(fx_next_deadline(&account, &kind), f.due[0]);
    assert_int_equal(kind, f.kind[0]);

    const uint32_t sequence = fx_info(&account).sequence;
    assert_int_equal(advance_into(&policy, &account, T1 + 30 * FX_DAY,
                                  ACS_DEADLINES_MAX, records, &next),
                     4);
    for (unsigned i = 0; i < 4; i++) {
        assert_int_equal(records[i].kind, f.kind[i]);
        assert_i64(records[i].time_ms, f.due[i]);
        assert_i64(records[i].deadline_ms, f.due[i]);
        assert_int_equal(records[i].hold_id, f.target[i]);
        assert_true(records[i].sequence == sequence + 1u + i);
        assert_true(records[i].account_id == FX_ACCOUNT_ID);
    }
    acs_account_info info = fx_info(&account);
    assert_int_equal(info.sequence, sequence + 4);
    assert_i64(info.last_change_ms, f.due[3]);
    assert_i64(next, 0);
}

/* Room for fewer records than are due: a partial advance that says more
** are due, and later calls that pick up where it stopped. */
static void test_records_max_smaller_than_due(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record records[2 * ACS_DEADLINES_MAX];
    struct four f;
    int64_t next;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    four_deadlines(&policy, &account, &f);
    const uint32_t sequence = fx_info(&account).sequence;
    const int64_t now = T1 + 30 * FX_DAY;

    assert_int_equal(advance_into(&policy, &account, now, 1, records, &next), 1);
    assert_int_equal(records[0].kind, f.kind[0]);
    assert_i64(records[0].time_ms, f.due[0]);
    assert_true(next <= now);
    assert_i64(next, f.due[1]);
    assert_i64(fx_info(&account).last_change_ms, f.due[0]);

    /* An event now must wait: a deadline is due. */
    acs_event hold = fx_ev_hold(&policy, now, ACS_LEVEL_WITHDRAWAL_ONLY);
    fx_apply_fails(&policy, &account, &hold, ACS_E_DEADLINE_DUE);

    assert_int_equal(advance_into(&policy, &account, now, 2, records, &next), 2);
    assert_int_equal(records[0].kind, f.kind[1]);
    assert_int_equal(records[1].kind, f.kind[2]);
    assert_true(records[0].sequence == sequence + 2u);
    assert_true(records[1].sequence == sequence + 3u);
    assert_i64(next, f.due[3]);
    assert_int_equal(advance_into(&policy, &account, now, 2, records, &next), 1);
    assert_int_equal(records[0].kind, f.kind[3]);
    assert_i64(records[0].time_ms, f.due[3]);
    assert_i64(next, 0);
    assert_int_equal(advance_into(&policy, &account, now, 2, records, &next), 0);
    assert_int_equal(fx_info(&account).sequence, sequence + 4);

    fx_apply_ok(&policy, &account, &hold, NULL);
}

/* The host was down for years: each deadline is applied at its own time. */
static void test_advance_after_long_outage(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record records[2 * ACS_DEADLINES_MAX];
    struct four f;
    int64_t next;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    four_deadlines(&policy, &account, &f);
    const int64_t now = T1 + 7 * FX_YEAR;
    assert_int_equal(advance_into(&policy, &account, now, ACS_DEADLINES_MAX, records,
                                  &next),
                     4);
    for (unsigned i = 0; i < 4; i++) assert_i64(records[i].time_ms, f.due[i]);
    assert_i64(fx_info(&account).last_change_ms, f.due[3]);
    assert_i64(next, 0);
    /* Nothing was applied at now. */
    for (unsigned i = 0; i < 4; i++) assert_true(records[i].time_ms < now);
    acs_event hold = fx_ev_hold(&policy, now, ACS_LEVEL_FROZEN);
    fx_apply_ok(&policy, &account, &hold, NULL);
}

/* Eight review deadlines, two answer deadlines and the window's end: all
** eleven in one call, never more than ACS_DEADLINES_MAX. */
static void test_advance_bound(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record records[2 * ACS_DEADLINES_MAX];
    int64_t next;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned ids[ACS_HOLDS_MAX];
    for (int i = 0; i < ACS_HOLDS_MAX; i++)
        ids[i] = fx_hold(&policy, &account, T1 + i, ACS_LEVEL_WITHDRAWAL_ONLY);
    fx_notice(&policy, &account, T1 + 10, ACS_REASON_COMMERCIAL_DECISION);
    fx_appeal(&policy, &account, T1 + 11, ids[0]);
    fx_appeal(&policy, &account, T1 + 12, ids[1]);
    const uint32_t sequence = fx_info(&account).sequence;

    unsigned written = advance_into(&policy, &account, T1 + 100 * FX_DAY,
                                    2 * ACS_DEADLINES_MAX, records, &next);
    assert_int_equal(written, ACS_DEADLINES_MAX);
    for (unsigned i = 0; i < written; i++) {
        assert_true(records[i].sequence == sequence + 1u + i);
        if (i > 0) assert_true(records[i - 1].time_ms <= records[i].time_ms);
    }
    assert_int_equal(records[written - 1].kind, ACS_EVENT_WINDOW_ENDED);
    assert_i64(next, 0);
}

/* ------------------------------------------------------------------------
** The window pauses while withdrawals are blocked.
*/

/* Under a preset with ACS_POLICY_WINDOW_PAUSES: a freeze placed during the
** window stops it; lifting the freeze moves the end and the maximum later by
** exactly the time it was paused. */
static void check_window_pause(int preset)
{
    acs_policy policy;
    acs_account account;
    acs_record records[2 * ACS_DEADLINES_MAX];
    fx_preset(&policy, preset);
    assert_true(policy.rules.flags & ACS_POLICY_WINDOW_PAUSES);
    fx_active(&policy, &account, FX_T0);
    const int64_t end = fx_notice(&policy, &account, T1, ACS_REASON_COMMERCIAL_DECISION);
    const int64_t max = fx_info(&account).window_max_ms;
    assert_i64(end, T1 + 62 * FX_DAY);

    const int64_t frozen_at = T1 + 10 * FX_DAY;
    unsigned id = fx_hold(&policy, &account, frozen_at, ACS_LEVEL_FROZEN);
    acs_account_info info = fx_info(&account);
    assert_true(info.flags & ACS_ACCOUNT_WINDOW_PAUSED);
    assert_i64(info.window_paused_ms, frozen_at);
    assert_i64(info.window_end_ms, end);
    assert_i64(info.window_max_ms, max);
    /* A paused window has no deadline: the freeze's review is next. */
    int kind = 0;
    assert_i64(fx_next_deadline(&account, &kind), frozen_at + 14 * FX_DAY);
    assert_int_equal(kind, ACS_EVENT_REVIEW_LAPSED);

    const int64_t paused = 5 * FX_DAY + 17;
    fx_lift(&policy, &account, frozen_at + paused, id);
    info = fx_info(&account);
    assert_int_equal(info.flags & ACS_ACCOUNT_WINDOW_PAUSED, 0);
    assert_i64(info.window_paused_ms, 0);
    assert_i64(info.window_end_ms, end + paused);
    assert_i64(info.window_max_ms, max + paused);
    assert_i64(fx_next_deadline(&account, &kind), end + paused);
    assert_int_equal(kind, ACS_EVENT_WINDOW_ENDED);

    /* The window now ends at the moved time, not before. */
    assert_int_equal(advance_into(&policy, &account, end + paused - 1,
                                  ACS_DEADLINES_MAX, records, NULL),
                     0);
    assert_int_equal(advance_into(&policy, &account, end + paused, ACS_DEADLINES_MAX,
                                  records, NULL),
                     1);
    assert_int_equal(records[0].kind, ACS_EVENT_WINDOW_ENDED);
    assert_i64(records[0].time_ms, end + paused);
}

static void test_window_pauses_under_default(void **state)
{
    (void)state;
    check_window_pause(ACS_PRESET_DEFAULT);
}

static void test_window_pauses_under_consumer(void **state)
{
    (void)state;
    check_window_pause(ACS_PRESET_CONSUMER);
}

/* discretionary has no WINDOW_PAUSES: a freeze does not stop the window. */
static void test_window_runs_under_discretionary(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record records[2 * ACS_DEADLINES_MAX];
    fx_preset(&policy, ACS_PRESET_DISCRETIONARY);
    assert_false(policy.rules.flags & ACS_POLICY_WINDOW_PAUSES);
    fx_active(&policy, &account, FX_T0);
    const int64_t end = fx_notice(&policy, &account, T1, ACS_REASON_PUBLIC_CRITICISM);
    const int64_t max = fx_info(&account).window_max_ms;
    unsigned id = fx_hold(&policy, &account, T1 + FX_DAY, ACS_LEVEL_FROZEN);
    acs_account_info info = fx_info(&account);
    assert_int_equal(info.flags & ACS_ACCOUNT_WINDOW_PAUSED, 0);
    assert_i64(info.window_paused_ms, 0);
    int kind = 0;
    assert_i64(fx_next_deadline(&account, &kind), end);
    assert_int_equal(kind, ACS_EVENT_WINDOW_ENDED);
    fx_lift(&policy, &account, T1 + 3 * FX_DAY, id);
    info = fx_info(&account);
    assert_i64(info.window_end_ms, end);
    assert_i64(info.window_max_ms, max);

    /* Frozen through the whole window: it still ends on time. */
    fx_hold(&policy, &account, T1 + 4 * FX_DAY, ACS_LEVEL_SUSPENDED);
    assert_int_equal(advance_into(&policy, &account, end, ACS_DEADLINES_MAX, records,
                                  NULL),
                     1);
    assert_int_equal(records[0].kind, ACS_EVENT_WINDOW_ENDED);
    assert_i64(records[0].time_ms, end);
}

/* Only levels that block withdrawals pause it, and the pause lasts until
** the last of them is lifted. */
static void test_window_pause_follows_withdrawal_capability(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    const int64_t end = fx_notice(&policy, &account, T1, ACS_REASON_COMMERCIAL_DECISION);
    unsigned w = fx_hold(&policy, &account, T1 + FX_DAY, ACS_LEVEL_WITHDRAWAL_ONLY);
    assert_int_equal(fx_info(&account).flags & ACS_ACCOUNT_WINDOW_PAUSED, 0);

    unsigned f = fx_hold(&policy, &account, T1 + 2 * FX_DAY, ACS_LEVEL_FROZEN);
    unsigned s = fx_hold(&policy, &account, T1 + 3 * FX_DAY, ACS_LEVEL_SUSPENDED);
    fx_lift(&policy, &account, T1 + 4 * FX_DAY, f);
    acs_account_info info = fx_info(&account);
    assert_true(info.flags & ACS_ACCOUNT_WINDOW_PAUSED);
    assert_i64(info.window_paused_ms, T1 + 2 * FX_DAY);
    fx_lift(&policy, &account, T1 + 6 * FX_DAY, s);
    info = fx_info(&account);
    assert_int_equal(info.flags & ACS_ACCOUNT_WINDOW_PAUSED, 0);
    assert_i64(info.window_end_ms, end + 4 * FX_DAY);
    fx_lift(&policy, &account, T1 + 7 * FX_DAY, w);
    assert_i64(fx_info(&account).window_end_ms, end + 4 * FX_DAY);

    /* A policy under which FROZEN keeps withdrawals: no pause. */
    acs_policy_rules rules = *acs_preset_rules(ACS_PRESET_DEFAULT);
    rules.capabilities[ACS_STATUS_FROZEN] = ACS_CAP_LOGIN | ACS_CAP_WITHDRAW;
    acs_policy custom;
    fx_build(&custom, &rules);
    fx_active(&custom, &account, FX_T0);
    fx_notice(&custom, &account, T1, ACS_REASON_COMMERCIAL_DECISION);
    fx_hold(&custom, &account, T1 + FX_DAY, ACS_LEVEL_FROZEN);
    info = fx_info(&account);
    assert_int_equal(info.flags & ACS_ACCOUNT_WINDOW_PAUSED, 0);
    assert_i64(info.window_paused_ms, 0);
}

/* A lapse that lifts a freeze (consumer) resumes the window at the
** deadline's own time, and the moved end can fall due in the same call. */
static void test_lapse_resumes_window_at_its_own_time(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record records[2 * ACS_DEADLINES_MAX];
    int64_t next;
    fx_preset(&policy, ACS_PRESET_CONSUMER);
    fx_active(&policy, &account, FX_T0);
    const int64_t end = fx_notice(&policy, &account, T1, ACS_REASON_USER_REQUEST);
    assert_i64(end, T1 + 7 * FX_DAY);
    const int64_t frozen_at = T1 + FX_DAY;
    fx_hold(&policy, &account, frozen_at, ACS_LEVEL_FROZEN);
    const int64_t lapse = frozen_at + 14 * FX_DAY;
    const int64_t moved_end = end + (lapse - frozen_at);

    assert_int_equal(advance_into(&policy, &account, T1 + 60 * FX_DAY,
                                  ACS_DEADLINES_MAX, records, &next),
                     2);
    assert_int_equal(records[0].kind, ACS_EVENT_REVIEW_LAPSED);
    assert_i64(records[0].time_ms, lapse);
    assert_true(records[0].flags & ACS_RECORD_HOLD_LIFTED);
    assert_int_equal(records[1].kind, ACS_EVENT_WINDOW_ENDED);
    assert_i64(records[1].time_ms, moved_end);
    assert_i64(records[1].deadline_ms, moved_end);
    acs_account_info info = fx_info(&account);
    assert_i64(info.window_end_ms, moved_end);
    assert_true(info.flags & ACS_ACCOUNT_WINDOW_ENDED);
    assert_i64(info.last_change_ms, moved_end);
    assert_i64(next, 0);
}

/* Under default a lapse only flags the freeze: the window stays paused and
** no deadline is left to run. */
static void test_overdue_freeze_keeps_window_paused(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record records[2 * ACS_DEADLINES_MAX];
    int64_t next;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    const int64_t end = fx_notice(&policy, &account, T1, ACS_REASON_USER_REQUEST);
    fx_hold(&policy, &account, T1 + FX_DAY, ACS_LEVEL_FROZEN);
    assert_int_equal(advance_into(&policy, &account, T1 + 2 * FX_YEAR,
                                  ACS_DEADLINES_MAX, records, &next),
                     1);
    assert_int_equal(records[0].kind, ACS_EVENT_REVIEW_LAPSED);
    assert_i64(next, 0);
    acs_account_info info = fx_info(&account);
    assert_true(info.flags & ACS_ACCOUNT_WINDOW_PAUSED);
    assert_int_equal(info.flags & ACS_ACCOUNT_WINDOW_ENDED, 0);
    assert_i64(info.window_end_ms, end);
    assert_i64(info.window_paused_ms, T1 + FX_DAY);
}

/* Once the window has ended it no longer pauses. */
static void test_ended_window_does_not_pause(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record records[2 * ACS_DEADLINES_MAX];
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    const int64_t end = fx_notice(&policy, &account, T1, ACS_REASON_USER_REQUEST);
    assert_int_equal(advance_into(&policy, &account, end, ACS_DEADLINES_MAX, records,
                                  NULL),
                     1);
    unsigned id = fx_hold(&policy, &account, end + FX_DAY, ACS_LEVEL_FROZEN);
    acs_account_info info = fx_info(&account);
    assert_int_equal(info.flags & ACS_ACCOUNT_WINDOW_PAUSED, 0);
    assert_i64(info.window_paused_ms, 0);
    fx_lift(&policy, &account, end + 3 * FX_DAY, id);
    info = fx_info(&account);
    assert_i64(info.window_end_ms, end);
    assert_true(info.flags & ACS_ACCOUNT_WINDOW_ENDED);
}

/* Notice given while withdrawals are already blocked: the window is paused
** from the notice on, and runs in full once the block is lifted. */
static void test_notice_under_freeze_starts_paused(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_FROZEN);
    const int64_t noticed = T1 + FX_DAY;
    const int64_t end = fx_notice(&policy, &account, noticed, ACS_REASON_USER_REQUEST);
    assert_i64(end, noticed + 7 * FX_DAY);
    acs_account_info info = fx_info(&account);
    assert_true(info.flags & ACS_ACCOUNT_WINDOW_PAUSED);
    assert_i64(info.window_paused_ms, noticed);
    const int64_t lifted = noticed + 3 * FX_DAY;
    fx_lift(&policy, &account, lifted, id);
    info = fx_info(&account);
    assert_i64(info.window_end_ms, lifted + 7 * FX_DAY);
    assert_i64(info.window_max_ms, lifted + 7 * FX_DAY + 30 * FX_DAY);
}

/* Ending the notice while the window is paused leaves no pause behind; an
** upheld appeal against the freeze resumes it like a lift. */
static void test_pause_ends_with_rescind_and_decide(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    fx_notice(&policy, &account, T1, ACS_REASON_COMMERCIAL_DECISION);
    unsigned id = fx_hold(&policy, &account, T1 + FX_DAY, ACS_LEVEL_FROZEN);
    assert_true(fx_info(&account).flags & ACS_ACCOUNT_WINDOW_PAUSED);
    acs_event rescind = fx_ev_rescind(T1 + 2 * FX_DAY);
    fx_apply_ok(&policy, &account, &rescind, NULL);
    acs_account_info info = fx_info(&account);
    assert_int_equal(info.flags & ACS_ACCOUNT_WINDOW_PAUSED, 0);
    assert_i64(info.window_paused_ms, 0);
    assert_i64(info.window_end_ms, 0);
    assert_int_equal(info.status, ACS_STATUS_FROZEN);
    fx_lift(&policy, &account, T1 + 3 * FX_DAY, id);

    const int64_t end = fx_notice(&policy, &account, T1 + 4 * FX_DAY,
                                  ACS_REASON_COMMERCIAL_DECISION);
    const int64_t max = fx_info(&account).window_max_ms;
    id = fx_hold(&policy, &account, T1 + 5 * FX_DAY, ACS_LEVEL_FROZEN);
    fx_appeal(&policy, &account, T1 + 6 * FX_DAY, id);
    acs_event decide = fx_ev_decide(T1 + 8 * FX_DAY, id, ACS_REASON_APPEAL_UPHELD);
    fx_apply_ok(&policy, &account, &decide, NULL);
    info = fx_info(&account);
    assert_int_equal(info.flags & ACS_ACCOUNT_WINDOW_PAUSED, 0);
    assert_i64(info.window_end_ms, end + 3 * FX_DAY);
    assert_i64(info.window_max_ms, max + 3 * FX_DAY);
}

/* A pause that would move the end past ACS_TIME_MAX_MS stops there. */
static void test_pause_shift_is_clamped(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    const int64_t noticed = ACS_TIME_MAX_MS - 63 * FX_DAY;
    const int64_t end = fx_notice(&policy, &account, noticed, ACS_REASON_COMMERCIAL_DECISION);
    assert_i64(end, ACS_TIME_MAX_MS - FX_DAY);
    unsigned id = fx_hold(&policy, &account, noticed + FX_DAY, ACS_LEVEL_FROZEN);
    fx_lift(&policy, &account, noticed + 10 * FX_DAY, id);
    acs_account_info info = fx_info(&account);
    assert_i64(info.window_end_ms, ACS_TIME_MAX_MS);
    assert_i64(info.window_max_ms, ACS_TIME_MAX_MS);
    int kind = 0;
    assert_i64(fx_next_deadline(&account, &kind), ACS_TIME_MAX_MS);
    assert_int_equal(kind, ACS_EVENT_WINDOW_ENDED);
}

/* Deadlines at the same millisecond: one record each, same time. */
static void test_deadlines_at_the_same_time(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record records[2 * ACS_DEADLINES_MAX];
    int64_t next;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned a = fx_hold(&policy, &account, T1, ACS_LEVEL_FROZEN);
    unsigned b = fx_hold(&policy, &account, T1, ACS_LEVEL_FROZEN);
    const int64_t due = T1 + 14 * FX_DAY;
    const uint32_t sequence = fx_info(&account).sequence;
    assert_int_equal(advance_into(&policy, &account, due, ACS_DEADLINES_MAX, records,
                                  &next),
                     2);
    assert_i64(records[0].time_ms, due);
    assert_i64(records[1].time_ms, due);
    assert_true(records[0].hold_id != records[1].hold_id);
    assert_true(records[0].hold_id == a || records[0].hold_id == b);
    assert_true(records[1].hold_id == a || records[1].hold_id == b);
    assert_true(records[0].sequence == sequence + 1u);
    assert_true(records[1].sequence == sequence + 2u);
    assert_i64(next, 0);
}

/* ------------------------------------------------------------------------
** acs_account_next_deadline.
*/
static void test_next_deadline_kinds(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    int kind;
    fx_preset(&policy, ACS_PRESET_DEFAULT);

    fx_active(&policy, &account, FX_T0);
    kind = -1;
    assert_i64(fx_next_deadline(&account, &kind), 0);
    assert_int_equal(kind, 0);

    /* A review deadline. */
    unsigned id = fx_hold(&policy, &account, T1, ACS_LEVEL_WITHDRAWAL_ONLY);
    assert_i64(fx_next_deadline(&account, &kind), T1 + 30 * FX_DAY);
    assert_int_equal(kind, ACS_EVENT_REVIEW_LAPSED);
    /* An earlier answer deadline. */
    fx_appeal(&policy, &account, T1 + 1, id);
    assert_i64(fx_next_deadline(&account, &kind), T1 + 1 + 14 * FX_DAY);
    assert_int_equal(kind, ACS_EVENT_APPEAL_LAPSED);
    /* An earlier window end. */
    fx_notice(&policy, &account, T1 + 2, ACS_REASON_USER_REQUEST);
    assert_i64(fx_next_deadline(&account, &kind), T1 + 2 + 7 * FX_DAY);
    assert_int_equal(kind, ACS_EVENT_WINDOW_ENDED);
    /* kind may be NULL. */
    int64_t deadline = -1;
    assert_code(acs_account_next_deadline(&account, &deadline, NULL), ACS_OK);
    assert_i64(deadline, T1 + 2 + 7 * FX_DAY);

    /* Misuse. */
    acs_account corrupt;
    memset(&corrupt, 0xFF, sizeof corrupt);
    deadline = 5;
    kind = 6;
    assert_code(acs_account_next_deadline(NULL, &deadline, &kind), ACS_E_NULL);
    assert_code(acs_account_next_deadline(&account, NULL, &kind), ACS_E_NULL);
    assert_code(acs_account_next_deadline(&corrupt, &deadline, &kind),
                ACS_E_ACCOUNT_CORRUPT);
    assert_i64(deadline, 5);
    assert_int_equal(kind, 6);
}

/* ------------------------------------------------------------------------
** acs_advance misuse: every failure leaves the account and every output
** untouched.
*/
static void advance_fails(const acs_policy *policy, acs_account *account,
                          int64_t now_ms, int null_records, int null_written,
                          int expected)
{
    acs_account saved;
    acs_record records[ACS_DEADLINES_MAX];
    unsigned written;
    int64_t next;
    if (account != NULL) memcpy(&saved, account, sizeof saved);
    memset(records, FX_FILL, sizeof records);
    memset(&written, FX_FILL, sizeof written);
    memset(&next, FX_FILL, sizeof next);
    assert_code(acs_advance(policy, account, now_ms, null_records ? NULL : records,
                            ACS_DEADLINES_MAX, null_written ? NULL : &written, &next),
                expected);
    if (account != NULL) assert_memory_equal(&saved, account, sizeof saved);
    assert_filled(records, sizeof records, FX_FILL);
    assert_filled(&written, sizeof written, FX_FILL);
    assert_filled(&next, sizeof next, FX_FILL);
    /* The same with next_deadline_ms NULL. */
    assert_code(acs_advance(policy, account, now_ms, null_records ? NULL : records,
                            ACS_DEADLINES_MAX, null_written ? NULL : &written, NULL),
                expected);
    if (account != NULL) assert_memory_equal(&saved, account, sizeof saved);
    assert_filled(records, sizeof records, FX_FILL);
    assert_filled(&written, sizeof written, FX_FILL);
}

static void test_advance_misuse(void **state)
{
    (void)state;
    acs_policy policy, unbuilt;
    acs_account account, corrupt, closed;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_unbuilt(&unbuilt);
    memset(&corrupt, 0xFF, sizeof corrupt);
    fx_active(&policy, &account, FX_T0);
    fx_hold(&policy, &account, T1, ACS_LEVEL_FROZEN); /* due T1 + 14 days */
    const int64_t now = T1 + 20 * FX_DAY;

    advance_fails(NULL, &account, now, 0, 0, ACS_E_NULL);
    advance_fails(&policy, NULL, now, 0, 0, ACS_E_NULL);
    advance_fails(&policy, &account, now, 1, 0, ACS_E_NULL);
    advance_fails(&policy, &account, now, 0, 1, ACS_E_NULL);
    advance_fails(&unbuilt, &account, now, 0, 0, ACS_E_POLICY_UNBUILT);
    advance_fails(&policy, &corrupt, now, 0, 0, ACS_E_ACCOUNT_CORRUPT);
    advance_fails(&policy, &account, -1, 0, 0, ACS_E_TIME_RANGE);
    advance_fails(&policy, &account, INT64_MIN, 0, 0, ACS_E_TIME_RANGE);
    advance_fails(&policy, &account, ACS_TIME_MAX_MS + 1, 0, 0, ACS_E_TIME_RANGE);
    advance_fails(&policy, &account, INT64_MAX, 0, 0, ACS_E_TIME_RANGE);
    advance_fails(&policy, &account, T1 - 1, 0, 0, ACS_E_TIME_BACKWARDS);
    advance_fails(&policy, &account, FX_T0, 0, 0, ACS_E_TIME_BACKWARDS);

    fx_active(&policy, &closed, FX_T0);
    fx_close_by_user(&policy, &closed, T1);
    advance_fails(&policy, &closed, now, 0, 0, ACS_E_ACCOUNT_CLOSED);

    /* The time of the last change itself is not backwards. */
    acs_record records[2 * ACS_DEADLINES_MAX];
    int64_t next;
    assert_int_equal(advance_into(&policy, &account, T1, ACS_DEADLINES_MAX, records,
                                  &next),
                     0);
    assert_i64(next, T1 + 14 * FX_DAY);
    /* ACS_TIME_MAX_MS itself is in range. */
    assert_int_equal(advance_into(&policy, &account, ACS_TIME_MAX_MS, ACS_DEADLINES_MAX,
                                  records, &next),
                     1);
    assert_i64(records[0].time_ms, T1 + 14 * FX_DAY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_review_deadline_boundaries),
        cmocka_unit_test(test_lapse_lifts_under_consumer),
        cmocka_unit_test(test_lapse_flags_overdue_under_default),
        cmocka_unit_test(test_appeal_answer_lapse),
        cmocka_unit_test(test_notice_appeal_lapse),
        cmocka_unit_test(test_window_end),
        cmocka_unit_test(test_several_in_time_order),
        cmocka_unit_test(test_records_max_smaller_than_due),
        cmocka_unit_test(test_advance_after_long_outage),
        cmocka_unit_test(test_advance_bound),
        cmocka_unit_test(test_window_pauses_under_default),
        cmocka_unit_test(test_window_pauses_under_consumer),
        cmocka_unit_test(test_window_runs_under_discretionary),
        cmocka_unit_test(test_window_pause_follows_withdrawal_capability),
        cmocka_unit_test(test_lapse_resumes_window_at_its_own_time),
        cmocka_unit_test(test_overdue_freeze_keeps_window_paused),
        cmocka_unit_test(test_ended_window_does_not_pause),
        cmocka_unit_test(test_notice_under_freeze_starts_paused),
        cmocka_unit_test(test_pause_ends_with_rescind_and_decide),
        cmocka_unit_test(test_pause_shift_is_clamped),
        cmocka_unit_test(test_deadlines_at_the_same_time),
        cmocka_unit_test(test_next_deadline_kinds),
        cmocka_unit_test(test_advance_misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
