/*
** test_deadlines_more.c: more unit tests of src/deadlines.c, for what
** test_deadlines.c does not reach: acs_advance with no room for records,
** an account whose sequence runs out while deadlines are due, and the sum
** of a time and a period at the end of the time range.
**
** An account with an exhausted sequence cannot be reached by calls in a
** test's time (4 billion changes), so it is made by unpacking a real
** account, setting its sequence and packing it again (internal.h).
*/
#include "fixtures.h"
#include "internal.h"

#define T1 (FX_T0 + FX_HOUR)

static void set_sequence(acs_account *account, uint32_t sequence)
{
    acs__state state;
    assert_code(acs__unpack(&state, account), ACS_OK);
    state.sequence = sequence;
    acs__pack(account, &state);
    assert_int_equal(fx_info(account).sequence, sequence);
}

/* An account with two FROZEN holds, due T1 + 14 days and T1 + 15 days. */
static void two_holds(const acs_policy *policy, acs_account *account)
{
    fx_active(policy, account, FX_T0);
    fx_hold(policy, account, T1, ACS_LEVEL_FROZEN);
    fx_hold(policy, account, T1 + FX_DAY, ACS_LEVEL_FROZEN);
    assert_i64(fx_next_deadline(account, NULL), T1 + 14 * FX_DAY);
}

/* records may be NULL when records_max is 0: nothing is applied, and the
** next deadline says that some are due. */
static void test_advance_without_room(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    two_holds(&policy, &account);
    acs_account saved = account;

    unsigned written = 99;
    int64_t next = -1;
    assert_code(acs_advance(&policy, &account, T1 + 30 * FX_DAY, NULL, 0, &written, &next),
                ACS_OK);
    assert_int_equal(written, 0);
    assert_i64(next, T1 + 14 * FX_DAY);
    assert_memory_equal(&saved, &account, sizeof saved);
}

/* With the sequence at its maximum a due deadline cannot be recorded:
** ACS_E_LIMIT, nothing changed. With one change left, the first due
** deadline is applied and the call stops there, telling the caller that
** the next is due. With nothing due, an exhausted account advances
** without error. */
static void test_advance_sequence_exhausted(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    const int64_t now = T1 + 30 * FX_DAY;
    acs_record records[ACS_DEADLINES_MAX];
    unsigned written;
    int64_t next;

    two_holds(&policy, &account);
    set_sequence(&account, ACS_SEQUENCE_MAX);
    acs_account saved = account;
    written = 99;
    next = -1;
    memset(records, FX_FILL, sizeof records);
    assert_code(acs_advance(&policy, &account, now, records, ACS_DEADLINES_MAX, &written,
                            &next),
                ACS_E_LIMIT);
    assert_int_equal(written, 99);
    assert_i64(next, -1);
    assert_filled(records, sizeof records, FX_FILL);
    assert_memory_equal(&saved, &account, sizeof saved);
    /* Before the first deadline nothing is due, so nothing is refused. */
    assert_int_equal(fx_advance(&policy, &account, T1 + FX_DAY, records, &next), 0);
    assert_i64(next, T1 + 14 * FX_DAY);

    two_holds(&policy, &account);
    set_sequence(&account, ACS_SEQUENCE_MAX - 1);
    assert_int_equal(fx_advance(&policy, &account, now, records, &next), 1);
    assert_int_equal(records[0].kind, ACS_EVENT_REVIEW_LAPSED);
    assert_i64(records[0].time_ms, T1 + 14 * FX_DAY);
    assert_true(records[0].sequence == ACS_SEQUENCE_MAX);
    assert_i64(next, T1 + 15 * FX_DAY);
    assert_true(next <= now);
    acs_account_info info = fx_info(&account);
    assert_true(info.sequence == ACS_SEQUENCE_MAX);
    assert_i64(info.last_change_ms, T1 + 14 * FX_DAY);
}

/* acs__add_time: a period out of range, or a sum past ACS_TIME_MAX_MS, is
** ACS_E_TIME_RANGE and leaves the output alone; the sum at exactly the
** maximum is in range. */
static void test_add_time_bounds(void **state)
{
    (void)state;
    int64_t out = -7;
    assert_code(acs__add_time(ACS_TIME_MAX_MS, 1, &out), ACS_E_TIME_RANGE);
    assert_code(acs__add_time(1, ACS_TIME_MAX_MS, &out), ACS_E_TIME_RANGE);
    assert_code(acs__add_time(0, -1, &out), ACS_E_TIME_RANGE);
    assert_code(acs__add_time(0, ACS_TIME_MAX_MS + 1, &out), ACS_E_TIME_RANGE);
    assert_i64(out, -7);
    assert_code(acs__add_time(ACS_TIME_MAX_MS - 5, 5, &out), ACS_OK);
    assert_i64(out, ACS_TIME_MAX_MS);
    assert_code(acs__add_time(ACS_TIME_MAX_MS, 0, &out), ACS_OK);
    assert_i64(out, ACS_TIME_MAX_MS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_advance_without_room),
        cmocka_unit_test(test_advance_sequence_exhausted),
        cmocka_unit_test(test_add_time_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
