/*
** test_records_more.c: more unit tests of src/records.c: the denial record
** of an event whose kind no caller applies, and of a HOLD whose time is out
** of range although it gives a period.
*/
#include "fixtures.h"

#define T1 (FX_T0 + FX_HOUR)

/* Only kinds 1..9 are events a caller applies and can be refused: the
** record-only kinds (OPEN, the deadlines) and unknown kinds are ACS_E_ENUM,
** and nothing is written. */
static void test_denial_of_a_kind_no_caller_applies(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    static const int kinds[] = {0, 10, 15, ACS_EVENT_OPEN, ACS_EVENT_REVIEW_LAPSED,
                                ACS_EVENT_APPEAL_LAPSED, ACS_EVENT_WINDOW_ENDED, 20, 255};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        acs_event event = fx_ev_verify(T1);
        event.kind = (uint8_t)kinds[i];
        acs_record record;
        memset(&record, FX_FILL, sizeof record);
        int rc = acs_record_denial(&policy, &account, &event, ACS_R_STATUS, &record);
        if (rc != ACS_E_ENUM) print_error("kind %d\n", kinds[i]);
        assert_code(rc, ACS_E_ENUM);
        assert_filled(&record, sizeof record, FX_FILL);
    }
    /* The boundaries inside: VERIFY and DECIDE are recorded. */
    acs_event event = fx_ev_verify(T1);
    acs_record record;
    assert_code(acs_record_denial(&policy, &account, &event, ACS_R_STATUS, &record), ACS_OK);
    assert_int_equal(record.kind, ACS_EVENT_VERIFY);
    event = fx_ev_decide(T1, 0, ACS_REASON_APPEAL_UPHELD);
    assert_code(acs_record_denial(&policy, &account, &event, ACS_R_NO_APPEAL, &record), ACS_OK);
    assert_int_equal(record.kind, ACS_EVENT_DECIDE);
}

/* A HOLD refused for its time out of range asked for no deadline a record
** can hold: time and deadline are both written as 0, and the denial still
** passes the record checks (it encodes). */
static void test_denial_of_hold_with_time_out_of_range(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    static const int64_t times[] = {-1, ACS_TIME_MAX_MS + 1, INT64_MIN};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        acs_event event = fx_ev_hold(&policy, times[i], ACS_LEVEL_FROZEN);
        event.period_ms = FX_DAY;
        fx_apply_fails(&policy, &account, &event, ACS_E_TIME_RANGE);
        acs_record record;
        memset(&record, FX_FILL, sizeof record);
        assert_code(acs_record_denial(&policy, &account, &event, ACS_E_TIME_RANGE, &record),
                    ACS_OK);
        assert_true(record.flags & ACS_RECORD_DENIAL);
        assert_i64(record.time_ms, 0);
        assert_i64(record.deadline_ms, 0);
        assert_int_equal(record.hold_level, ACS_LEVEL_FROZEN);
        uint8_t bytes[ACS_RECORD_ENCODED_SIZE];
        assert_code(acs_record_encode(&record, bytes, sizeof bytes), ACS_OK);
    }
    /* In range, the same event's denial carries time + period. */
    acs_event event = fx_ev_hold(&policy, T1, ACS_LEVEL_FROZEN);
    event.period_ms = FX_DAY;
    acs_record record;
    assert_code(acs_record_denial(&policy, &account, &event, ACS_R_ROLE, &record), ACS_OK);
    assert_i64(record.time_ms, T1);
    assert_i64(record.deadline_ms, T1 + FX_DAY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_denial_of_a_kind_no_caller_applies),
        cmocka_unit_test(test_denial_of_hold_with_time_out_of_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
