/*
** test_account_more.c: more unit tests of src/account.c: the consistency
** checks acs__unpack makes beyond each field's own range, one fact at a
** time.
**
** test_account.c mutates bytes blindly; most of its mutations break a
** field's range first. Here a real account is unpacked (internal.h), one
** fact is changed so that every field stays in range but the facts no
** longer agree, and the account is packed again. Each such account must be
** refused as corrupt by every function that reads an account; the same
** account packed without the change, or with the change at its limit,
** must be accepted.
*/
#include "fixtures.h"
#include "internal.h"

typedef void (*change_fn)(acs__state *state);

/* account with change applied to its unpacked state. */
static acs_account changed(const acs_account *account, change_fn change)
{
    acs__state state;
    assert_code(acs__unpack(&state, account), ACS_OK);
    change(&state);
    acs_account out;
    acs__pack(&out, &state);
    return out;
}

static void check_corrupt(const acs_policy *policy, acs_account *account)
{
    acs_account saved = *account;
    acs_account_info info;
    assert_code(acs_account_info_get(account, &info), ACS_E_ACCOUNT_CORRUPT);
    int status;
    assert_code(acs_account_status(account, &status), ACS_E_ACCOUNT_CORRUPT);
    int64_t deadline;
    assert_code(acs_account_next_deadline(account, &deadline, NULL), ACS_E_ACCOUNT_CORRUPT);
    acs_record records[ACS_DEADLINES_MAX];
    unsigned written;
    assert_code(acs_advance(policy, account, ACS_TIME_MAX_MS, records, ACS_DEADLINES_MAX,
                            &written, NULL),
                ACS_E_ACCOUNT_CORRUPT);
    acs_event event = fx_ev_rescind(ACS_TIME_MAX_MS);
    fx_apply_fails(policy, account, &event, ACS_E_ACCOUNT_CORRUPT);
    assert_code(acs_record_denial(policy, account, &event, ACS_R_ROLE, &records[0]),
                ACS_E_ACCOUNT_CORRUPT);
    assert_memory_equal(&saved, account, sizeof saved);
}

static void check_valid(const acs_account *account)
{
    acs_account_info info;
    assert_code(acs_account_info_get(account, &info), ACS_OK);
}

/* CLOSING, the window running: notice at T0 for USER_REQUEST (7 days,
** extensions up to 30 days more), last change T0 + 1 hour. */
static void closing_account(const acs_policy *policy, acs_account *account)
{
    fx_active(policy, account, FX_T0);
    int64_t end = fx_notice(policy, account, FX_T0, ACS_REASON_USER_REQUEST);
    assert_i64(end, FX_T0 + 7 * FX_DAY);
    fx_hold(policy, account, FX_T0 + FX_HOUR, ACS_LEVEL_WITHDRAWAL_ONLY);
    acs_account_info info = fx_info(account);
    assert_i64(info.window_max_ms, end + 30 * FX_DAY);
    assert_int_equal(info.flags & (ACS_ACCOUNT_WINDOW_PAUSED | ACS_ACCOUNT_WINDOW_ENDED), 0);
}

static void max_before_end(acs__state *state)
{
    state->window_max_ms = state->window_end_ms - 1;
}

static void max_at_end(acs__state *state)
{
    state->window_max_ms = state->window_end_ms;
}

static void end_before_last_change(acs__state *state)
{
    state->window_end_ms = state->last_change_ms - 1;
}

static void end_at_last_change(acs__state *state)
{
    state->window_end_ms = state->last_change_ms;
}

/* The window's maximum is never before its end, and a running window's end
** is never before the last change (acs_advance would have ended it). */
static void test_window_facts(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    closing_account(&policy, &account);

    acs_account bad = changed(&account, max_before_end);
    check_corrupt(&policy, &bad);
    acs_account good = changed(&account, max_at_end);
    check_valid(&good);

    bad = changed(&account, end_before_last_change);
    check_corrupt(&policy, &bad);
    good = changed(&account, end_at_last_change);
    check_valid(&good);
}

/* Hold 0's review word with its deadline and flags replaced (its slot's
** layout: internal.h). */
static void set_review(acs__state *state, int64_t deadline_ms, unsigned flags)
{
    uint64_t *review = &state->holds[0][ACS__SLOT_REVIEW];
    *review = acs__review_with_flags(acs__review_with_deadline(*review, deadline_ms), flags);
}

static void overdue_without_deadline(acs__state *state)
{
    set_review(state, 0, acs__slot_flags(state->holds[0]) | ACS_HOLD_OVERDUE);
}

static void no_deadline(acs__state *state)
{
    set_review(state, 0, acs__slot_flags(state->holds[0]));
}

static void overdue_with_deadline(acs__state *state)
{
    set_review(state, acs__slot_placed(state->holds[0]),
               acs__slot_flags(state->holds[0]) | ACS_HOLD_OVERDUE);
}

/* A hold is flagged overdue only when it has a review deadline that
** passed. */
static void test_overdue_needs_a_deadline(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    fx_hold(&policy, &account, FX_T0 + FX_HOUR, ACS_LEVEL_FROZEN);

    acs_account bad = changed(&account, overdue_without_deadline);
    check_corrupt(&policy, &bad);
    acs_account good = changed(&account, no_deadline);
    check_valid(&good);
    assert_i64(fx_next_deadline(&good, NULL), 0);
    good = changed(&account, overdue_with_deadline);
    check_valid(&good);
    acs_hold hold;
    assert_code(acs_account_hold(&good, 0, &hold), ACS_OK);
    assert_true(hold.flags & ACS_HOLD_OVERDUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window_facts),
        cmocka_unit_test(test_overdue_needs_a_deadline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
