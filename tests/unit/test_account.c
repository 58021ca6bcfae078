/*
** test_account.c: unit tests of src/account.c.
**
** Opening an account, reading it back (summary, holds by index and by id),
** the size of the value, and the refusal of bytes that are not a valid
** account by every function that takes one. Every failing call is checked
** to leave its outputs exactly as they were.
*/
#include "fixtures.h"

/* ------------------------------------------------------------------------
** Opening.
*/
static void test_account_size(void **state)
{
    (void)state;
    assert_true(sizeof(acs_account) <= 256);
    assert_int_equal(sizeof(acs_account), ACS_ACCOUNT_SIZE);
}

static void test_open_writes_pending_account(void **state)
{
    (void)state;
    static const int presets[] = {ACS_PRESET_DEFAULT, ACS_PRESET_CONSUMER,
                                  ACS_PRESET_DISCRETIONARY};
    for (size_t p = 0; p < sizeof presets / sizeof presets[0]; p++) {
        acs_policy policy;
        acs_account account;
        acs_record record;
        fx_preset(&policy, presets[p]);
        memset(&account, FX_FILL, sizeof account);
        memset(&record, FX_FILL, sizeof record);
        assert_code(acs_account_open(&account, FX_ACCOUNT_ID, FX_T0, &policy, &record),
                    ACS_OK);

        acs_account_info info;
        memset(&info, FX_FILL, sizeof info);
        assert_code(acs_account_info_get(&account, &info), ACS_OK);
        assert_true(info.id == FX_ACCOUNT_ID);
        assert_int_equal(info.sequence, 1);
        assert_int_equal(info.lifecycle, ACS_LIFECYCLE_PENDING);
        assert_int_equal(info.status, ACS_STATUS_PENDING);
        assert_int_equal(info.hold_count, 0);
        assert_int_equal(info.appeal_count, 0);
        assert_i64(info.last_change_ms, FX_T0);
        assert_i64(info.window_end_ms, 0);
        assert_i64(info.window_paused_ms, 0);
        assert_i64(info.window_max_ms, 0);
        assert_int_equal(info.notice_reason, 0);
        assert_int_equal(info.flags, 0);
        assert_zero_bytes(info.reserved, sizeof info.reserved);

        assert_int_equal(record.format_version, ACS_RECORD_VERSION);
        assert_int_equal(record.kind, ACS_EVENT_OPEN);
        assert_true(record.sequence == 1);
        assert_true(record.account_id == FX_ACCOUNT_ID);
        assert_i64(record.time_ms, FX_T0);
        assert_int_equal(record.status_after, ACS_STATUS_PENDING);
        assert_int_equal(record.lifecycle_after, ACS_LIFECYCLE_PENDING);
        assert_int_equal(record.flags, 0);
        assert_int_equal(record.hold_id, 0);
        assert_int_equal(record.refusal, 0);

        int status = 0;
        assert_code(acs_account_status(&account, &status), ACS_OK);
        assert_int_equal(status, ACS_STATUS_PENDING);
        int64_t deadline = -1;
        int kind = -1;
        assert_code(acs_account_next_deadline(&account, &deadline, &kind), ACS_OK);
        assert_i64(deadline, 0);
        assert_int_equal(kind, 0);
    }
}

/* Any id is the caller's to choose, and it comes back unchanged. */
static void test_open_any_id_and_time_bounds(void **state)
{
    (void)state;
    static const uint64_t ids[] = {0, 1, UINT64_C(0x8000000000000000), UINT64_MAX};
    static const int64_t times[] = {0, 1, FX_T0, ACS_TIME_MAX_MS};
    acs_policy policy;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        for (size_t t = 0; t < sizeof times / sizeof times[0]; t++) {
            acs_account account;
            fx_open(&policy, &account, ids[i], times[t]);
        }
    }
}

/* Two accounts opened alike are byte-for-byte alike: the value carries no
** stray bytes from the memory it was written into. */
static void test_open_is_deterministic(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account a, b;
    acs_record ra, rb;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    memset(&a, 0x00, sizeof a);
    memset(&b, 0xFF, sizeof b);
    memset(&ra, 0x00, sizeof ra);
    memset(&rb, 0xFF, sizeof rb);
    assert_code(acs_account_open(&a, 42, FX_T0, &policy, &ra), ACS_OK);
    assert_code(acs_account_open(&b, 42, FX_T0, &policy, &rb), ACS_OK);
    assert_memory_equal(&a, &b, sizeof a);
    assert_memory_equal(&ra, &rb, sizeof ra);
}

static void test_open_refusals_leave_outputs_untouched(void **state)
{
    (void)state;
    acs_policy policy, unbuilt;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_unbuilt(&unbuilt);
    struct {
        int null_account, null_record, null_policy;
        const acs_policy *policy;
        int64_t now_ms;
        int expected;
    } cases[] = {
        {1, 0, 0, NULL, FX_T0, ACS_E_NULL},
        {0, 1, 0, NULL, FX_T0, ACS_E_NULL},
        {0, 0, 1, NULL, FX_T0, ACS_E_NULL},
        {0, 0, 0, NULL, FX_T0, ACS_E_POLICY_UNBUILT}, /* unbuilt, set below */
        {0, 0, 0, NULL, -1, ACS_E_TIME_RANGE},
        {0, 0, 0, NULL, INT64_MIN, ACS_E_TIME_RANGE},
        {0, 0, 0, NULL, ACS_TIME_MAX_MS + 1, ACS_E_TIME_RANGE},
        {0, 0, 0, NULL, INT64_MAX, ACS_E_TIME_RANGE},
    };
    cases[3].policy = &unbuilt;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        acs_account account;
        acs_record record;
        memset(&account, FX_FILL, sizeof account);
        memset(&record, FX_FILL, sizeof record);
        const acs_policy *p = cases[i].policy != NULL ? cases[i].policy : &policy;
        int rc = acs_account_open(cases[i].null_account ? NULL : &account, 7,
                                  cases[i].now_ms, cases[i].null_policy ? NULL : p,
                                  cases[i].null_record ? NULL : &record);
        if (rc != cases[i].expected) print_error("case %zu\n", i);
        assert_code(rc, cases[i].expected);
        assert_filled(&account, sizeof account, FX_FILL);
        assert_filled(&record, sizeof record, FX_FILL);
    }
}

/* ------------------------------------------------------------------------
** Reading holds.
*/
static void test_hold_by_index_in_placement_order(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);

    unsigned frozen = fx_hold(&policy, &account, FX_T0 + 1, ACS_LEVEL_FROZEN);
    unsigned withdrawal = fx_hold(&policy, &account, FX_T0 + 2, ACS_LEVEL_WITHDRAWAL_ONLY);
    unsigned suspended = fx_hold(&policy, &account, FX_T0 + 3, ACS_LEVEL_SUSPENDED);
    assert_true(frozen != withdrawal && withdrawal != suspended && frozen != suspended);
    assert_int_equal(fx_info(&account).hold_count, 3);

    static const int levels[] = {ACS_LEVEL_FROZEN, ACS_LEVEL_WITHDRAWAL_ONLY,
                                 ACS_LEVEL_SUSPENDED};
    unsigned ids[] = {frozen, withdrawal, suspended};
    for (unsigned i = 0; i < 3; i++) {
        acs_hold hold;
        memset(&hold, FX_FILL, sizeof hold);
        assert_code(acs_account_hold(&account, i, &hold), ACS_OK);
        assert_int_equal(hold.id, ids[i]);
        assert_int_equal(hold.level, levels[i]);
        assert_i64(hold.placed_ms, FX_T0 + 1 + (int64_t)i);
        assert_true(hold.id >= 1 && hold.id <= ACS_HOLD_ID_MAX);
        assert_zero_bytes(hold.reserved, sizeof hold.reserved);
        acs_hold same = fx_find_hold(&account, hold.id);
        assert_memory_equal(&hold, &same, sizeof hold);
    }

    /* The suspension is placed by compliance for a terms breach, with the
    ** canonical actor id. */
    acs_hold hold = fx_find_hold(&account, suspended);
    assert_int_equal(hold.reason, ACS_REASON_TERMS_BREACH);
    assert_int_equal(hold.actor_role, ACS_ROLE_COMPLIANCE);
    assert_true(hold.actor_id == FX_ACTOR_ID(ACS_ROLE_COMPLIANCE));
    assert_int_equal(hold.flags, 0);
    hold = fx_find_hold(&account, frozen);
    assert_int_equal(hold.reason, ACS_REASON_SECURITY_COMPROMISE);
    assert_int_equal(hold.actor_role, ACS_ROLE_SECURITY);
    assert_i64(hold.review_deadline_ms, FX_T0 + 1 + 14 * FX_DAY);

    /* Lifting the first keeps the others in their order. */
    fx_lift(&policy, &account, FX_T0 + 10, frozen);
    assert_int_equal(fx_info(&account).hold_count, 2);
    memset(&hold, 0, sizeof hold);
    assert_code(acs_account_hold(&account, 0, &hold), ACS_OK);
    assert_int_equal(hold.id, withdrawal);
    assert_code(acs_account_hold(&account, 1, &hold), ACS_OK);
    assert_int_equal(hold.id, suspended);
}

static void test_hold_index_out_of_range(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);

    static const unsigned indexes[] = {0, 1, 8, 9, 0xffffffffu};
    acs_hold hold;
    for (size_t i = 0; i < sizeof indexes / sizeof indexes[0]; i++) {
        memset(&hold, FX_FILL, sizeof hold);
        assert_code(acs_account_hold(&account, indexes[i], &hold), ACS_E_LIMIT);
        assert_filled(&hold, sizeof hold, FX_FILL);
    }
    fx_hold(&policy, &account, FX_T0, ACS_LEVEL_WITHDRAWAL_ONLY);
    memset(&hold, FX_FILL, sizeof hold);
    assert_code(acs_account_hold(&account, 0, &hold), ACS_OK);
    memset(&hold, FX_FILL, sizeof hold);
    assert_code(acs_account_hold(&account, 1, &hold), ACS_E_LIMIT);
    assert_filled(&hold, sizeof hold, FX_FILL);
}

static void test_find_hold_unknown(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, FX_T0, ACS_LEVEL_WITHDRAWAL_ONLY);

    const unsigned unknown[] = {0, id + 1, ACS_HOLD_ID_MAX, ACS_HOLD_ID_MAX + 1u,
                                0x10000u + id, 0xffffffffu};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        acs_hold hold;
        memset(&hold, FX_FILL, sizeof hold);
        assert_code(acs_account_find_hold(&account, unknown[i], &hold),
                    ACS_E_HOLD_UNKNOWN);
        assert_filled(&hold, sizeof hold, FX_FILL);
    }

    /* A lifted hold is gone, and its id is not given to the next hold. */
    fx_lift(&policy, &account, FX_T0 + 1, id);
    acs_hold hold;
    memset(&hold, FX_FILL, sizeof hold);
    assert_code(acs_account_find_hold(&account, id, &hold), ACS_E_HOLD_UNKNOWN);
    assert_filled(&hold, sizeof hold, FX_FILL);
    unsigned next = fx_hold(&policy, &account, FX_T0 + 2, ACS_LEVEL_WITHDRAWAL_ONLY);
    assert_true(next != id);
}

static void test_null_pointers(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    unsigned id = fx_hold(&policy, &account, FX_T0, ACS_LEVEL_FROZEN);

    acs_account_info info;
    acs_hold hold;
    int status;
    int64_t deadline;
    int kind;
    memset(&info, FX_FILL, sizeof info);
    memset(&hold, FX_FILL, sizeof hold);
    memset(&status, FX_FILL, sizeof status);
    memset(&deadline, FX_FILL, sizeof deadline);
    memset(&kind, FX_FILL, sizeof kind);

    assert_code(acs_account_info_get(NULL, &info), ACS_E_NULL);
    assert_code(acs_account_info_get(&account, NULL), ACS_E_NULL);
    assert_code(acs_account_status(NULL, &status), ACS_E_NULL);
    assert_code(acs_account_status(&account, NULL), ACS_E_NULL);
    assert_code(acs_account_hold(NULL, 0, &hold), ACS_E_NULL);
    assert_code(acs_account_hold(&account, 0, NULL), ACS_E_NULL);
    assert_code(acs_account_find_hold(NULL, id, &hold), ACS_E_NULL);
    assert_code(acs_account_find_hold(&account, id, NULL), ACS_E_NULL);
    assert_code(acs_account_next_deadline(NULL, &deadline, &kind), ACS_E_NULL);
    assert_code(acs_account_next_deadline(&account, NULL, &kind), ACS_E_NULL);

    assert_filled(&info, sizeof info, FX_FILL);
    assert_filled(&hold, sizeof hold, FX_FILL);
    assert_filled(&status, sizeof status, FX_FILL);
    assert_filled(&deadline, sizeof deadline, FX_FILL);
    assert_filled(&kind, sizeof kind, FX_FILL);

    /* kind may be NULL. */
    deadline = -1;
    assert_code(acs_account_next_deadline(&account, &deadline, NULL), ACS_OK);
    assert_i64(deadline, FX_T0 + 14 * FX_DAY);
}

/* The account is a value: a memcpy of it is the same account. */
static void test_account_copies_by_value(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account, copy;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    fx_hold(&policy, &account, FX_T0 + 5, ACS_LEVEL_FROZEN);
    memcpy(&copy, &account, sizeof copy);
    acs_account_info a = fx_info(&account);
    acs_account_info b = fx_info(&copy);
    assert_memory_equal(&a, &b, sizeof a);

    /* Reading never writes. */
    acs_account before;
    memcpy(&before, &account, sizeof before);
    (void)fx_info(&account);
    (void)fx_status(&account);
    (void)fx_next_deadline(&account, NULL);
    acs_hold hold;
    assert_code(acs_account_hold(&account, 0, &hold), ACS_OK);
    (void)fx_find_hold(&account, hold.id);
    assert_memory_equal(&before, &account, sizeof before);
}

/* ------------------------------------------------------------------------
** Corrupt bytes.
*/

/* Calls every function that takes an account on the bytes in *account and
** checks that each refuses them with ACS_E_ACCOUNT_CORRUPT, leaving its
** outputs and the account untouched. */
static void check_all_corrupt(const acs_policy *policy, acs_account *account)
{
    acs_account saved;
    memcpy(&saved, account, sizeof saved);

    acs_account_info info;
    memset(&info, FX_FILL, sizeof info);
    assert_code(acs_account_info_get(account, &info), ACS_E_ACCOUNT_CORRUPT);
    assert_filled(&info, sizeof info, FX_FILL);

    int status;
    memset(&status, FX_FILL, sizeof status);
    assert_code(acs_account_status(account, &status), ACS_E_ACCOUNT_CORRUPT);
    assert_filled(&status, sizeof status, FX_FILL);

    unsigned capabilities;
    memset(&capabilities, FX_FILL, sizeof capabilities);
    assert_code(acs_account_capabilities(policy, account, &capabilities),
                ACS_E_ACCOUNT_CORRUPT);
    assert_filled(&capabilities, sizeof capabilities, FX_FILL);

    assert_code(acs_account_can(policy, account, ACS_CAP_LOGIN), ACS_E_ACCOUNT_CORRUPT);

    acs_hold hold;
    memset(&hold, FX_FILL, sizeof hold);
    assert_code(acs_account_hold(account, 0, &hold), ACS_E_ACCOUNT_CORRUPT);
    assert_filled(&hold, sizeof hold, FX_FILL);
    assert_code(acs_account_find_hold(account, 1, &hold), ACS_E_ACCOUNT_CORRUPT);
    assert_filled(&hold, sizeof hold, FX_FILL);

    int64_t deadline;
    int kind;
    memset(&deadline, FX_FILL, sizeof deadline);
    memset(&kind, FX_FILL, sizeof kind);
    assert_code(acs_account_next_deadline(account, &deadline, &kind),
                ACS_E_ACCOUNT_CORRUPT);
    assert_filled(&deadline, sizeof deadline, FX_FILL);
    assert_filled(&kind, sizeof kind, FX_FILL);

    acs_event event = fx_ev_hold(policy, FX_T0 + FX_DAY, ACS_LEVEL_WITHDRAWAL_ONLY);
    acs_record records[ACS_DEADLINES_MAX];
    acs_refusal refusal;
    memset(records, FX_FILL, sizeof records);
    memset(&refusal, FX_FILL, sizeof refusal);
    assert_code(acs_apply(policy, account, &event, &records[0], &refusal),
                ACS_E_ACCOUNT_CORRUPT);
    assert_code(refusal.code, ACS_E_ACCOUNT_CORRUPT);
    assert_code(acs_apply(policy, account, &event, &records[0], NULL),
                ACS_E_ACCOUNT_CORRUPT);

    unsigned written;
    memset(&written, FX_FILL, sizeof written);
    memset(&deadline, FX_FILL, sizeof deadline);
    assert_code(acs_advance(policy, account, FX_T0 + FX_DAY, records,
                            ACS_DEADLINES_MAX, &written, &deadline),
                ACS_E_ACCOUNT_CORRUPT);
    assert_filled(&written, sizeof written, FX_FILL);
    assert_filled(&deadline, sizeof deadline, FX_FILL);

    assert_code(acs_record_denial(policy, account, &event, ACS_R_ROLE, &records[0]),
                ACS_E_ACCOUNT_CORRUPT);
    assert_filled(records, sizeof records, FX_FILL);

    assert_memory_equal(&saved, account, sizeof saved);
}

static void test_corrupt_fixed_patterns(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);

    /* Never opened: all zero (lifecycle 0), all 0xFF, all 0xA5. */
    static const int fills[] = {0x00, 0xFF, FX_FILL};
    for (size_t i = 0; i < sizeof fills / sizeof fills[0]; i++) {
        memset(&account, fills[i], sizeof account);
        check_all_corrupt(&policy, &account);
    }
}

/* Checks what an accepted account must be: its summary in range and
** consistent with its holds and its status. */
static void check_decodes_valid(const acs_policy *policy,
                                const acs_account *account)
{
    acs_account_info info;
    memset(&info, 0, sizeof info);
    assert_code(acs_account_info_get(account, &info), ACS_OK);
    assert_in_range(info.lifecycle, ACS_LIFECYCLE_PENDING, ACS_LIFECYCLE_CLOSED);
    assert_in_range(info.status, ACS_STATUS_ACTIVE, ACS_STATUS_CLOSED);
    assert_in_range(info.hold_count, 0, ACS_HOLDS_MAX);
    assert_in_range(info.appeal_count, 0, ACS_APPEALS_MAX);
    assert_true(info.sequence >= 1);
    assert_in_range(info.last_change_ms, 0, ACS_TIME_MAX_MS);
    assert_in_range(info.window_end_ms, 0, ACS_TIME_MAX_MS);
    assert_in_range(info.window_max_ms, 0, ACS_TIME_MAX_MS);
    assert_in_range(info.window_paused_ms, 0, ACS_TIME_MAX_MS);
    if (info.lifecycle != ACS_LIFECYCLE_CLOSING) assert_i64(info.window_end_ms, 0);

    int strictest = 0;
    unsigned ids[ACS_HOLDS_MAX] = {0};
    for (unsigned i = 0; i < info.hold_count; i++) {
        acs_hold hold;
        assert_code(acs_account_hold(account, i, &hold), ACS_OK);
        assert_in_range(hold.id, 1, ACS_HOLD_ID_MAX);
        assert_in_range(hold.level, ACS_LEVEL_WITHDRAWAL_ONLY, ACS_LEVEL_SUSPENDED);
        assert_in_range(hold.actor_role, ACS_ROLE_USER, ACS_ROLE_SYSTEM);
        assert_true((hold.reason >= 1 && hold.reason <= 11) ||
                    (hold.reason >= 32 && hold.reason <= 38));
        assert_true((hold.flags & ~(ACS_HOLD_OVERDUE | ACS_HOLD_APPEALED)) == 0);
        assert_in_range(hold.placed_ms, 0, ACS_TIME_MAX_MS);
        assert_in_range(hold.review_deadline_ms, 0, ACS_TIME_MAX_MS);
        for (unsigned j = 0; j < i; j++) assert_int_not_equal(ids[j], hold.id);
        ids[i] = hold.id;
        acs_hold found;
        assert_code(acs_account_find_hold(account, hold.id, &found), ACS_OK);
        assert_memory_equal(&hold, &found, sizeof hold);
        if (hold.level > strictest) strictest = hold.level;
    }
    acs_hold hold;
    assert_code(acs_account_hold(account, info.hold_count, &hold), ACS_E_LIMIT);
    for (unsigned i = 0; i < info.appeal_count; i++) {
        assert_in_range(info.appeals[i].overdue, 0, 1);
        assert_in_range(info.appeals[i].answer_deadline_ms, 0, ACS_TIME_MAX_MS);
        if (info.appeals[i].target != 0) {
            assert_code(acs_account_find_hold(account, info.appeals[i].target, &hold),
                        ACS_OK);
        }
    }

    int expected;
    if (info.lifecycle == ACS_LIFECYCLE_CLOSED) {
        expected = ACS_STATUS_CLOSED;
    } else if (strictest != 0) {
        expected = strictest + 2;
    } else if (info.lifecycle == ACS_LIFECYCLE_CLOSING) {
        expected = ACS_STATUS_WITHDRAWAL_ONLY;
    } else if (info.lifecycle == ACS_LIFECYCLE_PENDING) {
        expected = ACS_STATUS_PENDING;
    } else {
        expected = ACS_STATUS_ACTIVE;
    }
    assert_int_equal(info.status, expected);
    assert_int_equal(fx_status(account), expected);

    /* Every other function accepts it too. */
    unsigned capabilities = 0;
    assert_code(acs_account_capabilities(policy, account, &capabilities), ACS_OK);
    int can = acs_account_can(policy, account, ACS_CAP_LOGIN);
    assert_true(can == 0 || can == 1);
    int64_t deadline = 0;
    assert_code(acs_account_next_deadline(account, &deadline, NULL), ACS_OK);
    acs_account copy;
    memcpy(&copy, account, sizeof copy);
    acs_record records[ACS_DEADLINES_MAX];
    unsigned written = 0;
    int64_t now = info.last_change_ms;
    int rc = acs_advance(policy, &copy, now, records, ACS_DEADLINES_MAX, &written,
                         NULL);
    assert_int_not_equal(rc, ACS_E_ACCOUNT_CORRUPT);
    acs_event event = fx_ev_lift(ACS_TIME_MAX_MS, info.hold_count ? ids[0] : 1);
    memcpy(&copy, account, sizeof copy);
    rc = acs_apply(policy, &copy, &event, &records[0], NULL);
    assert_int_not_equal(rc, ACS_E_ACCOUNT_CORRUPT);
    rc = acs_record_denial(policy, account, &event, ACS_R_ROLE, &records[0]);
    assert_code(rc, ACS_OK);
}

/* A rich account to mutate: CLOSING, three holds of each level, appeals
** against a hold and against the notice, a paused window. */
static void rich_account(const acs_policy *policy, acs_account *account)
{
    fx_active(policy, account, FX_T0);
    unsigned w = fx_hold(policy, account, FX_T0 + FX_HOUR, ACS_LEVEL_WITHDRAWAL_ONLY);
    fx_notice(policy, account, FX_T0 + 2 * FX_HOUR, ACS_REASON_COMMERCIAL_DECISION);
    fx_hold(policy, account, FX_T0 + 3 * FX_HOUR, ACS_LEVEL_FROZEN);
    fx_hold(policy, account, FX_T0 + 4 * FX_HOUR, ACS_LEVEL_SUSPENDED);
    fx_appeal(policy, account, FX_T0 + 5 * FX_HOUR, w);
    fx_appeal(policy, account, FX_T0 + 6 * FX_HOUR, 0);
    acs_account_info info = fx_info(account);
    assert_int_equal(info.hold_count, 3);
    assert_int_equal(info.appeal_count, 2);
    assert_true(info.window_paused_ms != 0);
}

/* A full account: ACS_HOLDS_MAX holds, ACS_APPEALS_MAX appeals, a window
** that ended. */
static void full_account(const acs_policy *policy, acs_account *account)
{
    fx_active(policy, account, FX_T0);
    unsigned first = 0, second = 0;
    for (int i = 0; i < ACS_HOLDS_MAX; i++) {
        unsigned id = fx_hold(policy, account, FX_T0 + i, ACS_LEVEL_WITHDRAWAL_ONLY);
        if (i == 0) first = id;
        if (i == 1) second = id;
    }
    int64_t end = fx_notice(policy, account, FX_T0 + 10, ACS_REASON_USER_REQUEST);
    fx_appeal(policy, account, FX_T0 + 11, first);
    fx_appeal(policy, account, FX_T0 + 12, second);
    acs_record records[ACS_DEADLINES_MAX];
    assert_int_equal(fx_advance(policy, account, end, records, NULL), 1);
    acs_account_info info = fx_info(account);
    assert_int_equal(info.hold_count, ACS_HOLDS_MAX);
    assert_int_equal(info.appeal_count, ACS_APPEALS_MAX);
    assert_true(info.flags & ACS_ACCOUNT_WINDOW_ENDED);
}

/* Every byte of three valid accounts, changed to each of several values: the
** mutated bytes are either refused as corrupt by every function that takes
** an account, or accepted by every one of them and decode to a valid,
** self-consistent account (never, say, a hold count above 8 or lifecycle
** 0). */
static void test_corrupt_mutations_are_refused_or_valid(void **state)
{
    (void)state;
    acs_policy policy;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    acs_account bases[3];
    fx_open(&policy, &bases[0], FX_ACCOUNT_ID, FX_T0);
    rich_account(&policy, &bases[1]);
    full_account(&policy, &bases[2]);

    unsigned refused = 0, accepted = 0;
    for (size_t b = 0; b < 3; b++) {
        for (size_t i = 0; i < ACS_ACCOUNT_SIZE; i++) {
            unsigned char *bytes = (unsigned char *)&bases[b];
            const unsigned char orig = bytes[i];
            const unsigned char values[] = {
                (unsigned char)(orig ^ 0xFFu), (unsigned char)(orig ^ 0x01u),
                (unsigned char)(orig ^ 0x80u), (unsigned char)(orig ^ 0x08u),
                0x00, 0xFF, 0x09, 0x10};
            for (size_t v = 0; v < sizeof values; v++) {
                if (values[v] == orig) continue;
                acs_account account;
                memcpy(&account, &bases[b], sizeof account);
                ((unsigned char *)&account)[i] = values[v];
                acs_account_info info;
                int rc = acs_account_info_get(&account, &info);
                if (rc != ACS_OK && rc != ACS_E_ACCOUNT_CORRUPT) {
                    print_error("base %zu byte %zu value 0x%02x\n", b, i, values[v]);
                }
                assert_true(rc == ACS_OK || rc == ACS_E_ACCOUNT_CORRUPT);
                if (rc == ACS_E_ACCOUNT_CORRUPT) {
                    check_all_corrupt(&policy, &account);
                    refused++;
                } else {
                    check_decodes_valid(&policy, &account);
                    accepted++;
                }
            }
        }
    }
    /* Some mutations are refused: the library does check the bytes. */
    assert_true(refused > 0);
    assert_true(accepted + refused > 0);
}

/* Raw garbage in the opaque words, from a seeded pseudo-random sequence so
** a failure repeats: each word of a valid account replaced by random bits,
** then whole accounts of random bits. Each is refused by every function or
** decodes valid. */
static void test_corrupt_random_words(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account base;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    rich_account(&policy, &base);
    uint64_t x = UINT64_C(0x9E3779B97F4A7C15);
    for (int round = 0; round < 64; round++) {
        for (size_t w = 0; w < ACS_ACCOUNT_SIZE / 8; w++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            acs_account account;
            memcpy(&account, &base, sizeof account);
            account.opaque[w] = x;
            acs_account_info info;
            int rc = acs_account_info_get(&account, &info);
            assert_true(rc == ACS_OK || rc == ACS_E_ACCOUNT_CORRUPT);
            if (rc == ACS_OK) {
                check_decodes_valid(&policy, &account);
            } else {
                check_all_corrupt(&policy, &account);
            }
        }
    }
    /* Fully random bytes: refused, or (however unlikely) a valid account. */
    unsigned refused = 0;
    for (int round = 0; round < 256; round++) {
        acs_account account;
        for (size_t w = 0; w < ACS_ACCOUNT_SIZE / 8; w++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            account.opaque[w] = x;
        }
        acs_account_info info;
        if (acs_account_info_get(&account, &info) == ACS_OK) {
            check_decodes_valid(&policy, &account);
        } else {
            check_all_corrupt(&policy, &account);
            refused++;
        }
    }
    assert_true(refused > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_account_size),
        cmocka_unit_test(test_open_writes_pending_account),
        cmocka_unit_test(test_open_any_id_and_time_bounds),
        cmocka_unit_test(test_open_is_deterministic),
        cmocka_unit_test(test_open_refusals_leave_outputs_untouched),
        cmocka_unit_test(test_hold_by_index_in_placement_order),
        cmocka_unit_test(test_hold_index_out_of_range),
        cmocka_unit_test(test_find_hold_unknown),
        cmocka_unit_test(test_null_pointers),
        cmocka_unit_test(test_account_copies_by_value),
        cmocka_unit_test(test_corrupt_fixed_patterns),
        cmocka_unit_test(test_corrupt_mutations_are_refused_or_valid),
        cmocka_unit_test(test_corrupt_random_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
