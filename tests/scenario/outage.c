/*
** outage.c: acs_advance after the host was down for three years.
**
** Every deadline that passed meanwhile is applied at its own time, in time
** order, one record each, the sequence rising by one per record; what one
** deadline changes (a lapse that lifts a freeze resumes a paused window)
** is in force for the deadlines after it; the next deadline is reported;
** and a records buffer of one drains them one call at a time, to the same
** records and the same account as one call with room for all.
*/
#include <string.h>

#include "scenario.h"
#include "suites.h"

#define T_OUTAGE_END (T0_MS + 3 * YEAR_MS)
#define D(n) ((int64_t)(n) * DAY_MS)

/* One record acs_advance must write. */
typedef struct expected {
    int kind;
    int64_t time_ms;
    unsigned hold_id;
    int status_after;
    int hold_lifted;
} expected;

typedef struct outage_plan {
    unsigned count;
    expected records[ACS_DEADLINES_MAX];
} outage_plan;

/* The account before the outage, under every preset:
**   T0+1d  withdrawal-only hold 1 (support, KYC refresh)
**   T0+2d  freeze 2 (security, credentials leaked)
**   T0+3d  the customer appeals hold 1
**   T0+4d  closure notice, commercial decision
** Sequence 6 afterwards. */
#define BASE_SEQUENCE 6

static void build(const acs_policy *policy, acs_account *account, const preset_figures *f)
{
    acs_record rec;
    OPEN_ACTIVE(policy, account, T0_MS);
    acs_event restrict_ = hold_event(T0_MS + D(1), ACS_LEVEL_WITHDRAWAL_ONLY, SUPPORT_ID,
                                     ACS_ROLE_SUPPORT, ACS_REASON_KYC_REFRESH);
    APPLY_OK(policy, account, &restrict_, &rec);
    EXPECT_EQ("hold 1", rec.hold_id, 1);
    acs_event freeze = hold_event(T0_MS + D(2), ACS_LEVEL_FROZEN, SECURITY_ID,
                                  ACS_ROLE_SECURITY, ACS_REASON_SECURITY_COMPROMISE);
    APPLY_OK(policy, account, &freeze, &rec);
    EXPECT_EQ("hold 2", rec.hold_id, 2);
    acs_event appeal = target_event(ACS_EVENT_APPEAL, T0_MS + D(3), 1, CUSTOMER_ID,
                                    ACS_ROLE_USER, ACS_REASON_USER_REQUEST);
    APPLY_OK(policy, account, &appeal, &rec);
    acs_event notice = notice_event(f, T0_MS + D(4), ACS_REASON_COMMERCIAL_DECISION, 0);
    APPLY_OK(policy, account, &notice, &rec);
    EXPECT_EQ("sequence before the outage", INFO(account).sequence, BASE_SEQUENCE);
}

/* What each preset must make of the outage, worked out by hand. */
static outage_plan plan_of(const preset_figures *f)
{
    outage_plan plan;
    memset(&plan, 0, sizeof(plan));
    switch (f->preset) {
    case ACS_PRESET_DEFAULT:
        /* Notice given while frozen: the window never starts, and the
        ** freeze stays (overdue) when its review lapses, so the window
        ** never ends. */
        plan.count = 3;
        plan.records[0] = (expected){ACS_EVENT_REVIEW_LAPSED, T0_MS + D(16), 2,
                                     ACS_STATUS_FROZEN, 0};
        plan.records[1] = (expected){ACS_EVENT_APPEAL_LAPSED, T0_MS + D(17), 1,
                                     ACS_STATUS_FROZEN, 0};
        plan.records[2] = (expected){ACS_EVENT_REVIEW_LAPSED, T0_MS + D(31), 1,
                                     ACS_STATUS_FROZEN, 0};
        break;
    case ACS_PRESET_CONSUMER:
        /* The freeze's lapse lifts it at T0+16d; the window, stopped
        ** since T0+4d, resumes 12 days late: 4 + 62 + 12 = 78. The appeal
        ** of Sunday 2022-12-04 01:00 local time is answered within 15
        ** business days: Dec 5 .. 9, 12 .. 16 and 19 .. 23 (the calendar's
        ** holidays start in 2025), so it lapses at the local midnight
        ** ending Friday Dec 23, 2022-12-23 23:00 UTC. */
        plan.count = 4;
        plan.records[0] = (expected){ACS_EVENT_REVIEW_LAPSED, T0_MS + D(16), 2,
                                     ACS_STATUS_WITHDRAWAL_ONLY, 1};
        plan.records[1] = (expected){ACS_EVENT_APPEAL_LAPSED,
                                     T0_MS + D(22) + 23 * HOUR_MS, 1,
                                     ACS_STATUS_WITHDRAWAL_ONLY, 0};
        plan.records[2] = (expected){ACS_EVENT_REVIEW_LAPSED, T0_MS + D(31), 1,
                                     ACS_STATUS_WITHDRAWAL_ONLY, 1};
        plan.records[3] = (expected){ACS_EVENT_WINDOW_ENDED, T0_MS + D(78), 0,
                                     ACS_STATUS_WITHDRAWAL_ONLY, 0};
        break;
    default:
        /* No reviews; the window runs through the freeze: 4 + 7 = 11. */
        plan.count = 2;
        plan.records[0] = (expected){ACS_EVENT_WINDOW_ENDED, T0_MS + D(11), 0,
                                     ACS_STATUS_FROZEN, 0};
        plan.records[1] = (expected){ACS_EVENT_APPEAL_LAPSED, T0_MS + D(33), 1,
                                     ACS_STATUS_FROZEN, 0};
        break;
    }
    return plan;
}

static void expect_record(const acs_record *rec, const expected *want, uint64_t sequence)
{
    EXPECT_DEADLINE_RECORD(rec, want->kind, want->time_ms, want->hold_id, sequence);
    EXPECT_EQ("status after", rec->status_after, want->status_after);
    EXPECT_EQ("hold lifted", (rec->flags & ACS_RECORD_HOLD_LIFTED) != 0, want->hold_lifted);
    EXPECT_EQ("still CLOSING", rec->lifecycle_after, ACS_LIFECYCLE_CLOSING);
}

START_TEST(test_three_year_outage)
{
    const preset_figures *f = figures_of(_i);
    acs_policy policy;
    acs_account account;
    acs_record recs[ACS_DEADLINES_MAX];
    unsigned written;
    int64_t next;
    policy_of(&policy, f);
    build(&policy, &account, f);
    const outage_plan plan = plan_of(f);
    EXPECT_NEXT_DEADLINE(&account, plan.records[0].time_ms, plan.records[0].kind);

    /* Nothing may happen before the missed deadlines are applied. */
    acs_event restrict_ = hold_event(T_OUTAGE_END, ACS_LEVEL_WITHDRAWAL_ONLY, SUPPORT_ID,
                                     ACS_ROLE_SUPPORT, ACS_REASON_KYC_REFRESH);
    APPLY_REFUSED(&policy, &account, &restrict_, ACS_E_DEADLINE_DUE, NULL, NULL);

    ADVANCE(&policy, &account, T_OUTAGE_END, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("records written", written, plan.count);
    for (unsigned i = 0; i < plan.count; i++)
        expect_record(&recs[i], &plan.records[i], BASE_SEQUENCE + i + 1);
    EXPECT_EQ("next deadline", next, 0);
    EXPECT_NEXT_DEADLINE(&account, 0, 0);

    acs_account_info info = INFO(&account);
    EXPECT_EQ("sequence", info.sequence, BASE_SEQUENCE + plan.count);
    EXPECT_EQ("last change: the last deadline, not the call",
              info.last_change_ms, plan.records[plan.count - 1].time_ms);
    switch (f->preset) {
    case ACS_PRESET_DEFAULT:
        EXPECT_EQ("window still stopped", info.flags & ACS_ACCOUNT_WINDOW_PAUSED,
                  ACS_ACCOUNT_WINDOW_PAUSED);
        EXPECT_EQ("stopped since the notice", info.window_paused_ms, T0_MS + D(4));
        EXPECT_EQ("end as it stood", info.window_end_ms, T0_MS + D(66));
        EXPECT_EQ("both holds stay", info.hold_count, 2);
        EXPECT_EQ("hold 1 overdue", HOLD(&account, 1).flags & ACS_HOLD_OVERDUE,
                  ACS_HOLD_OVERDUE);
        EXPECT_EQ("hold 2 overdue", HOLD(&account, 2).flags & ACS_HOLD_OVERDUE,
                  ACS_HOLD_OVERDUE);
        break;
    case ACS_PRESET_CONSUMER:
        EXPECT_EQ("window end", info.window_end_ms, T0_MS + D(78));
        EXPECT_EQ("window ended", info.flags & ACS_ACCOUNT_WINDOW_ENDED,
                  ACS_ACCOUNT_WINDOW_ENDED);
        EXPECT_EQ("both holds lifted", info.hold_count, 0);
        break;
    default:
        EXPECT_EQ("window end", info.window_end_ms, T0_MS + D(11));
        EXPECT_EQ("window ended", info.flags & ACS_ACCOUNT_WINDOW_ENDED,
                  ACS_ACCOUNT_WINDOW_ENDED);
        EXPECT_EQ("appeal overdue", info.appeals[0].overdue, 1);
        break;
    }

    /* Applied once: a second call finds nothing, and events go through. */
    ADVANCE(&policy, &account, T_OUTAGE_END, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("records on a second call", written, 0);
    acs_record rec;
    APPLY_OK(&policy, &account, &restrict_, &rec);
}
END_TEST

/* Part of the way: only the deadlines passed by then, and the next one. */
START_TEST(test_partial_advance)
{
    const preset_figures *f = figures_of(_i);
    acs_policy policy;
    acs_account account;
    acs_record recs[ACS_DEADLINES_MAX];
    unsigned written;
    int64_t next;
    policy_of(&policy, f);
    build(&policy, &account, f);
    const outage_plan plan = plan_of(f);
    const expected *first = &plan.records[0], *second = &plan.records[1];

    ADVANCE(&policy, &account, second->time_ms - 1, recs, ACS_DEADLINES_MAX, &written,
            &next);
    EXPECT_EQ("records before the second deadline", written, 1);
    expect_record(&recs[0], first, BASE_SEQUENCE + 1);
    EXPECT_EQ("next: the second deadline", next, second->time_ms);
    EXPECT_NEXT_DEADLINE(&account, second->time_ms, second->kind);
    ADVANCE(&policy, &account, second->time_ms, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("records at the second deadline", written, 1);
    expect_record(&recs[0], second, BASE_SEQUENCE + 2);
    if (plan.count > 2)
        EXPECT_EQ("next: the third deadline", next, plan.records[2].time_ms);
    else
        EXPECT_EQ("next: none", next, 0);
}
END_TEST

/* A buffer of one record: each call applies one deadline and reports the
** next, which is already due; the result is the same as one full call. */
START_TEST(test_drain_one_by_one)
{
    const preset_figures *f = figures_of(_i);
    acs_policy policy;
    acs_account account;
    acs_record full[ACS_DEADLINES_MAX], one[1];
    unsigned written;
    int64_t next;
    policy_of(&policy, f);
    build(&policy, &account, f);
    const outage_plan plan = plan_of(f);

    acs_account reference = account;
    ADVANCE(&policy, &reference, T_OUTAGE_END, full, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("full call", written, plan.count);

    acs_event restrict_ = hold_event(T_OUTAGE_END, ACS_LEVEL_WITHDRAWAL_ONLY, SUPPORT_ID,
                                     ACS_ROLE_SUPPORT, ACS_REASON_KYC_REFRESH);
    for (unsigned k = 0; k < plan.count; k++) {
        ADVANCE(&policy, &account, T_OUTAGE_END, one, 1, &written, &next);
        EXPECT_EQ("one record per call", written, 1);
        ck_assert_msg(memcmp(&one[0], &full[k], sizeof(one[0])) == 0,
                      "record %u of the drain differs from the full call's", k);
        expect_record(&one[0], &plan.records[k], BASE_SEQUENCE + k + 1);
        EXPECT_EQ("last change", INFO(&account).last_change_ms, plan.records[k].time_ms);
        if (k + 1 < plan.count) {
            EXPECT_EQ("next: due already", next, plan.records[k + 1].time_ms);
            ck_assert_msg(next <= T_OUTAGE_END, "more due, but next is in the future");
            APPLY_REFUSED(&policy, &account, &restrict_, ACS_E_DEADLINE_DUE, NULL, NULL);
        } else {
            EXPECT_EQ("next after the last", next, 0);
        }
    }
    ADVANCE(&policy, &account, T_OUTAGE_END, one, 1, &written, &next);
    EXPECT_EQ("drained", written, 0);
    EXPECT_EQ("next when drained", next, 0);
    ck_assert_msg(memcmp(&account, &reference, sizeof(account)) == 0,
                  "the drained account differs from the one a full call left");
}
END_TEST

/* Every deadline an account can carry, ACS_DEADLINES_MAX of them, applied
** in one call with room for exactly that many (default preset). */
START_TEST(test_every_deadline_at_once)
{
    const preset_figures *f = figures_of(0);
    acs_policy policy;
    acs_account account;
    acs_record rec, recs[ACS_DEADLINES_MAX];
    unsigned written;
    int64_t next;
    ck_assert_int_eq(f->preset, ACS_PRESET_DEFAULT);
    policy_of(&policy, f);
    OPEN_ACTIVE(&policy, &account, T0_MS);

    /* Hold i is placed at T0+1d+i hours with a review of 28-2i days, so its
    ** deadline is T0 + (29-2i) days + i hours. */
    for (int i = 0; i < ACS_HOLDS_MAX; i++) {
        acs_event restrict_ = hold_event(T0_MS + D(1) + i * HOUR_MS,
                                         ACS_LEVEL_WITHDRAWAL_ONLY, SUPPORT_ID,
                                         ACS_ROLE_SUPPORT, ACS_REASON_KYC_REFRESH);
        restrict_.period_ms = D(28 - 2 * i);
        APPLY_OK(&policy, &account, &restrict_, &rec);
        EXPECT_EQ("hold id", rec.hold_id, i + 1);
    }
    acs_event ninth = hold_event(T0_MS + D(2), ACS_LEVEL_WITHDRAWAL_ONLY, SUPPORT_ID,
                                 ACS_ROLE_SUPPORT, ACS_REASON_KYC_REFRESH);
    APPLY_REFUSED(&policy, &account, &ninth, ACS_E_HOLDS_FULL, NULL, NULL);

    for (unsigned id = 1; id <= ACS_APPEALS_MAX; id++) {
        acs_event appeal = target_event(ACS_EVENT_APPEAL, T0_MS + D(2) + (id - 1) * HOUR_MS,
                                        id, CUSTOMER_ID, ACS_ROLE_USER,
                                        ACS_REASON_USER_REQUEST);
        APPLY_OK(&policy, &account, &appeal, &rec);
    }
    acs_event third = target_event(ACS_EVENT_APPEAL, T0_MS + D(2) + 2 * HOUR_MS, 3,
                                   CUSTOMER_ID, ACS_ROLE_USER, ACS_REASON_USER_REQUEST);
    APPLY_REFUSED(&policy, &account, &third, ACS_R_APPEAL_LIMIT, NULL, NULL);

    acs_event notice = notice_event(f, T0_MS + D(3), ACS_REASON_COMMERCIAL_DECISION, 0);
    APPLY_OK(&policy, &account, &notice, &rec);
    const uint64_t base = INFO(&account).sequence;
    EXPECT_EQ("sequence before", base, 2 + ACS_HOLDS_MAX + ACS_APPEALS_MAX + 1);

    static const struct {
        int kind;
        int64_t offset_ms;
        unsigned hold_id;
    } order[ACS_DEADLINES_MAX] = {
        {ACS_EVENT_REVIEW_LAPSED, D(15) + 7 * HOUR_MS, 8},
        {ACS_EVENT_APPEAL_LAPSED, D(16), 1},
        {ACS_EVENT_APPEAL_LAPSED, D(16) + 1 * HOUR_MS, 2},
        {ACS_EVENT_REVIEW_LAPSED, D(17) + 6 * HOUR_MS, 7},
        {ACS_EVENT_REVIEW_LAPSED, D(19) + 5 * HOUR_MS, 6},
        {ACS_EVENT_REVIEW_LAPSED, D(21) + 4 * HOUR_MS, 5},
        {ACS_EVENT_REVIEW_LAPSED, D(23) + 3 * HOUR_MS, 4},
        {ACS_EVENT_REVIEW_LAPSED, D(25) + 2 * HOUR_MS, 3},
        {ACS_EVENT_REVIEW_LAPSED, D(27) + 1 * HOUR_MS, 2},
        {ACS_EVENT_REVIEW_LAPSED, D(29), 1},
        {ACS_EVENT_WINDOW_ENDED, D(65), 0},
    };
    EXPECT_NEXT_DEADLINE(&account, T0_MS + order[0].offset_ms, order[0].kind);

    ADVANCE(&policy, &account, T_OUTAGE_END, recs, ACS_DEADLINES_MAX, &written, &next);
    EXPECT_EQ("every deadline", written, ACS_DEADLINES_MAX);
    for (unsigned i = 0; i < ACS_DEADLINES_MAX; i++) {
        EXPECT_DEADLINE_RECORD(&recs[i], order[i].kind, T0_MS + order[i].offset_ms,
                               order[i].hold_id, base + i + 1);
        EXPECT_EQ("withdrawal-only throughout", recs[i].status_after,
                  ACS_STATUS_WITHDRAWAL_ONLY);
    }
    EXPECT_EQ("next", next, 0);
    acs_account_info info = INFO(&account);
    EXPECT_EQ("holds stay, overdue", info.hold_count, ACS_HOLDS_MAX);
    for (unsigned id = 1; id <= ACS_HOLDS_MAX; id++)
        EXPECT_EQ("overdue", HOLD(&account, id).flags & ACS_HOLD_OVERDUE, ACS_HOLD_OVERDUE);
    EXPECT_EQ("appeals stay, overdue", info.appeal_count, ACS_APPEALS_MAX);
    EXPECT_EQ("appeal 1 overdue", info.appeals[0].overdue, 1);
    EXPECT_EQ("appeal 2 overdue", info.appeals[1].overdue, 1);
    EXPECT_EQ("window ended", info.flags & ACS_ACCOUNT_WINDOW_ENDED, ACS_ACCOUNT_WINDOW_ENDED);
}
END_TEST

Suite *outage_suite(void)
{
    Suite *s = suite_create("outage");
    TCase *tc = scenario_tcase(s, "outage");
    tcase_add_loop_test(tc, test_three_year_outage, 0, PRESET_LOOP_COUNT);
    tcase_add_loop_test(tc, test_partial_advance, 0, PRESET_LOOP_COUNT);
    tcase_add_loop_test(tc, test_drain_one_by_one, 0, PRESET_LOOP_COUNT);
    tcase_add_test(tc, test_every_deadline_at_once);
    return s;
}
