/*
** test_status.c: unit tests of src/status.c.
**
** The status is a pure function of lifecycle and holds (the status table of docs/model.md):
** every lifecycle crossed with every strictest hold, the strictness order,
** the capability set of each status under each preset and under a policy
** that changes them, and acs_account_can for one capability at a time.
*/
#include "fixtures.h"

static const int presets[] = {ACS_PRESET_DEFAULT, ACS_PRESET_CONSUMER,
                              ACS_PRESET_DISCRETIONARY};
#define PRESET_COUNT (sizeof presets / sizeof presets[0])

static const unsigned single_capabilities[] = {ACS_CAP_LOGIN, ACS_CAP_DEPOSIT,
                                               ACS_CAP_TRADE, ACS_CAP_WITHDRAW,
                                               ACS_CAP_API};

/* Brings a fresh account to lifecycle (PENDING, OPEN, CLOSING or CLOSED)
** with one hold of each level in levels (0-terminated), placed in that
** order. Holds are placed before the closure, since nothing applies to a
** CLOSED account. */
static void build(const acs_policy *policy, acs_account *account, int lifecycle,
                  const int *levels)
{
    int64_t t = FX_T0;
    fx_open(policy, account, FX_ACCOUNT_ID, t);
    if (lifecycle != ACS_LIFECYCLE_PENDING) {
        acs_event verify = fx_ev_verify(t);
        fx_apply_ok(policy, account, &verify, NULL);
    }
    for (const int *level = levels; *level != 0; level++) {
        t += FX_HOUR;
        fx_hold(policy, account, t, *level);
    }
    if (lifecycle == ACS_LIFECYCLE_CLOSING || lifecycle == ACS_LIFECYCLE_CLOSED) {
        t += FX_HOUR;
        fx_notice(policy, account, t, ACS_REASON_COMMERCIAL_DECISION);
    }
    if (lifecycle == ACS_LIFECYCLE_CLOSED) {
        t += FX_HOUR;
        acs_event close = fx_ev_close(t, 0);
        fx_apply_ok(policy, account, &close, NULL);
    }
    assert_int_equal(fx_info(account).lifecycle, lifecycle);
}

/* the status table of docs/model.md, with the holds placed in every order that matters. */
static void test_status_derivation_table(void **state)
{
    (void)state;
    enum { W = ACS_LEVEL_WITHDRAWAL_ONLY, F = ACS_LEVEL_FROZEN, S = ACS_LEVEL_SUSPENDED };
    static const struct {
        int lifecycle;
        int levels[4];
        int status;
    } cases[] = {
        {ACS_LIFECYCLE_PENDING, {0}, ACS_STATUS_PENDING},
        {ACS_LIFECYCLE_PENDING, {W, 0}, ACS_STATUS_WITHDRAWAL_ONLY},
        {ACS_LIFECYCLE_PENDING, {F, 0}, ACS_STATUS_FROZEN},
        {ACS_LIFECYCLE_PENDING, {S, 0}, ACS_STATUS_SUSPENDED},
        {ACS_LIFECYCLE_PENDING, {S, W, 0}, ACS_STATUS_SUSPENDED},

        {ACS_LIFECYCLE_OPEN, {0}, ACS_STATUS_ACTIVE},
        {ACS_LIFECYCLE_OPEN, {W, 0}, ACS_STATUS_WITHDRAWAL_ONLY},
        {ACS_LIFECYCLE_OPEN, {F, 0}, ACS_STATUS_FROZEN},
        {ACS_LIFECYCLE_OPEN, {S, 0}, ACS_STATUS_SUSPENDED},
        {ACS_LIFECYCLE_OPEN, {W, W, 0}, ACS_STATUS_WITHDRAWAL_ONLY},
        {ACS_LIFECYCLE_OPEN, {W, F, 0}, ACS_STATUS_FROZEN},
        {ACS_LIFECYCLE_OPEN, {F, W, 0}, ACS_STATUS_FROZEN},
        {ACS_LIFECYCLE_OPEN, {F, S, 0}, ACS_STATUS_SUSPENDED},
        {ACS_LIFECYCLE_OPEN, {S, F, 0}, ACS_STATUS_SUSPENDED},
        {ACS_LIFECYCLE_OPEN, {W, S, F, 0}, ACS_STATUS_SUSPENDED},

        {ACS_LIFECYCLE_CLOSING, {0}, ACS_STATUS_WITHDRAWAL_ONLY},
        {ACS_LIFECYCLE_CLOSING, {W, 0}, ACS_STATUS_WITHDRAWAL_ONLY},
        {ACS_LIFECYCLE_CLOSING, {F, 0}, ACS_STATUS_FROZEN},
        {ACS_LIFECYCLE_CLOSING, {S, 0}, ACS_STATUS_SUSPENDED},
        {ACS_LIFECYCLE_CLOSING, {F, W, 0}, ACS_STATUS_FROZEN},

        {ACS_LIFECYCLE_CLOSED, {0}, ACS_STATUS_CLOSED},
        {ACS_LIFECYCLE_CLOSED, {W, 0}, ACS_STATUS_CLOSED},
        {ACS_LIFECYCLE_CLOSED, {F, 0}, ACS_STATUS_CLOSED},
        {ACS_LIFECYCLE_CLOSED, {S, F, W, 0}, ACS_STATUS_CLOSED},
    };
    for (size_t p = 0; p < PRESET_COUNT; p++) {
        acs_policy policy;
        fx_preset(&policy, presets[p]);
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            acs_account account;
            build(&policy, &account, cases[i].lifecycle, cases[i].levels);
            int status = -1;
            assert_code(acs_account_status(&account, &status), ACS_OK);
            if (status != cases[i].status)
                print_error("preset %d case %zu: status %d, expected %d\n",
                            presets[p], i, status, cases[i].status);
            assert_int_equal(status, cases[i].status);
            assert_int_equal(fx_info(&account).status, cases[i].status);
        }
    }
}

/* The strictest hold decides, and lifting a hold falls back to the next
** strictest still in force, whatever the order of placement. */
static void test_status_follows_strictest_hold_as_holds_are_lifted(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    int64_t t = FX_T0;
    unsigned frozen = fx_hold(&policy, &account, t += FX_HOUR, ACS_LEVEL_FROZEN);
    assert_int_equal(fx_status(&account), ACS_STATUS_FROZEN);
    unsigned suspended = fx_hold(&policy, &account, t += FX_HOUR, ACS_LEVEL_SUSPENDED);
    assert_int_equal(fx_status(&account), ACS_STATUS_SUSPENDED);
    unsigned withdrawal = fx_hold(&policy, &account, t += FX_HOUR, ACS_LEVEL_WITHDRAWAL_ONLY);
    assert_int_equal(fx_status(&account), ACS_STATUS_SUSPENDED);

    fx_lift(&policy, &account, t += FX_HOUR, suspended);
    assert_int_equal(fx_status(&account), ACS_STATUS_FROZEN);
    fx_lift(&policy, &account, t += FX_HOUR, frozen);
    assert_int_equal(fx_status(&account), ACS_STATUS_WITHDRAWAL_ONLY);
    fx_lift(&policy, &account, t += FX_HOUR, withdrawal);
    assert_int_equal(fx_status(&account), ACS_STATUS_ACTIVE);

    /* The other way round: lifting the weaker hold leaves the stricter. */
    withdrawal = fx_hold(&policy, &account, t += FX_HOUR, ACS_LEVEL_WITHDRAWAL_ONLY);
    frozen = fx_hold(&policy, &account, t += FX_HOUR, ACS_LEVEL_FROZEN);
    fx_lift(&policy, &account, t += FX_HOUR, withdrawal);
    assert_int_equal(fx_status(&account), ACS_STATUS_FROZEN);
    fx_lift(&policy, &account, t += FX_HOUR, frozen);
    assert_int_equal(fx_status(&account), ACS_STATUS_ACTIVE);

    /* Rescinding a notice while a hold is in force leaves the hold's status. */
    fx_notice(&policy, &account, t += FX_HOUR, ACS_REASON_COMMERCIAL_DECISION);
    assert_int_equal(fx_status(&account), ACS_STATUS_WITHDRAWAL_ONLY);
    frozen = fx_hold(&policy, &account, t += FX_HOUR, ACS_LEVEL_FROZEN);
    acs_event rescind = fx_ev_rescind(t += FX_HOUR);
    fx_apply_ok(&policy, &account, &rescind, NULL);
    assert_int_equal(fx_status(&account), ACS_STATUS_FROZEN);
    fx_lift(&policy, &account, t += FX_HOUR, frozen);
    assert_int_equal(fx_status(&account), ACS_STATUS_ACTIVE);
}

/* The status numbers run in the order of strictness, and a hold's status is
** its level plus two. */
static void test_strictness_order(void **state)
{
    (void)state;
    static const int order[] = {ACS_STATUS_ACTIVE, ACS_STATUS_PENDING,
                                ACS_STATUS_WITHDRAWAL_ONLY, ACS_STATUS_FROZEN,
                                ACS_STATUS_SUSPENDED, ACS_STATUS_CLOSED};
    for (size_t i = 1; i < sizeof order / sizeof order[0]; i++)
        assert_true(order[i - 1] < order[i]);
    assert_int_equal(ACS_LEVEL_WITHDRAWAL_ONLY + 2, ACS_STATUS_WITHDRAWAL_ONLY);
    assert_int_equal(ACS_LEVEL_FROZEN + 2, ACS_STATUS_FROZEN);
    assert_int_equal(ACS_LEVEL_SUSPENDED + 2, ACS_STATUS_SUSPENDED);

    /* A hold of any level is stricter than PENDING: a PENDING account with a
    ** withdrawal-only hold shows WITHDRAWAL_ONLY, not PENDING. */
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_open(&policy, &account, FX_ACCOUNT_ID, FX_T0);
    fx_hold(&policy, &account, FX_T0, ACS_LEVEL_WITHDRAWAL_ONLY);
    assert_int_equal(fx_status(&account), ACS_STATUS_WITHDRAWAL_ONLY);
    /* Verifying under the hold changes the lifecycle, not the status. */
    acs_policy_rules rules = *acs_preset_rules(ACS_PRESET_DEFAULT);
    rules.rules[ACS_RULE_VERIFY].from_statuses |= ACS_STATUS_BIT(ACS_STATUS_WITHDRAWAL_ONLY);
    acs_policy wide;
    fx_build(&wide, &rules);
    acs_event verify = fx_ev_verify(FX_T0 + 1);
    fx_apply_ok(&wide, &account, &verify, NULL);
    assert_int_equal(fx_info(&account).lifecycle, ACS_LIFECYCLE_OPEN);
    assert_int_equal(fx_status(&account), ACS_STATUS_WITHDRAWAL_ONLY);
}

/* the default capability table of docs/model.md, which all three presets use. */
static unsigned default_capabilities(int status)
{
    switch (status) {
    case ACS_STATUS_ACTIVE:
        return ACS_CAP_LOGIN | ACS_CAP_DEPOSIT | ACS_CAP_TRADE | ACS_CAP_WITHDRAW |
               ACS_CAP_API;
    case ACS_STATUS_PENDING: return ACS_CAP_LOGIN;
    case ACS_STATUS_WITHDRAWAL_ONLY: return ACS_CAP_LOGIN | ACS_CAP_WITHDRAW;
    case ACS_STATUS_FROZEN: return ACS_CAP_LOGIN;
    default: return 0;
    }
}

/* One account in each status, built under policy. */
static void account_in_status(const acs_policy *policy, acs_account *account,
                              int status)
{
    static const int none[] = {0};
    static const int w[] = {ACS_LEVEL_WITHDRAWAL_ONLY, 0};
    static const int f[] = {ACS_LEVEL_FROZEN, 0};
    static const int s[] = {ACS_LEVEL_SUSPENDED, 0};
    switch (status) {
    case ACS_STATUS_ACTIVE: build(policy, account, ACS_LIFECYCLE_OPEN, none); break;
    case ACS_STATUS_PENDING: build(policy, account, ACS_LIFECYCLE_PENDING, none); break;
    case ACS_STATUS_WITHDRAWAL_ONLY: build(policy, account, ACS_LIFECYCLE_OPEN, w); break;
    case ACS_STATUS_FROZEN: build(policy, account, ACS_LIFECYCLE_OPEN, f); break;
    case ACS_STATUS_SUSPENDED: build(policy, account, ACS_LIFECYCLE_OPEN, s); break;
    case ACS_STATUS_CLOSED: build(policy, account, ACS_LIFECYCLE_CLOSED, none); break;
    default: fail();
    }
    assert_int_equal(fx_status(account), status);
}

/* Checks acs_account_capabilities and acs_account_can against expected. */
static void check_capabilities(const acs_policy *policy, const acs_account *account,
                               unsigned expected)
{
    unsigned capabilities;
    memset(&capabilities, FX_FILL, sizeof capabilities);
    assert_code(acs_account_capabilities(policy, account, &capabilities), ACS_OK);
    assert_int_equal(capabilities, expected);
    for (size_t c = 0; c < sizeof single_capabilities / sizeof single_capabilities[0]; c++) {
        int can = acs_account_can(policy, account, single_capabilities[c]);
        int want = (expected & single_capabilities[c]) != 0;
        if (can != want)
            print_error("capability 0x%x: can %d, expected %d\n",
                        single_capabilities[c], can, want);
        assert_int_equal(can, want);
    }
}

static void test_capabilities_per_status_per_preset(void **state)
{
    (void)state;
    for (size_t p = 0; p < PRESET_COUNT; p++) {
        acs_policy policy;
        fx_preset(&policy, presets[p]);
        for (int status = ACS_STATUS_ACTIVE; status <= ACS_STATUS_CLOSED; status++) {
            acs_account account;
            account_in_status(&policy, &account, status);
            check_capabilities(&policy, &account, default_capabilities(status));
        }
    }
}

/* Capabilities come from the policy in force, not from a fixed table: a
** policy that narrows ACTIVE and widens FROZEN is followed, and the same
** account reads differently under two policies. */
static void test_capabilities_follow_the_policy(void **state)
{
    (void)state;
    acs_policy_rules rules = *acs_preset_rules(ACS_PRESET_DEFAULT);
    rules.capabilities[ACS_STATUS_ACTIVE] = ACS_CAP_LOGIN | ACS_CAP_TRADE;
    rules.capabilities[ACS_STATUS_PENDING] = 0;
    rules.capabilities[ACS_STATUS_WITHDRAWAL_ONLY] = ACS_CAP_WITHDRAW;
    rules.capabilities[ACS_STATUS_FROZEN] = ACS_CAP_LOGIN | ACS_CAP_WITHDRAW | ACS_CAP_API;
    acs_policy custom, standard;
    fx_build(&custom, &rules);
    fx_preset(&standard, ACS_PRESET_DEFAULT);

    static const unsigned expected[ACS_STATUS_COUNT] = {
        [ACS_STATUS_ACTIVE] = ACS_CAP_LOGIN | ACS_CAP_TRADE,
        [ACS_STATUS_PENDING] = 0,
        [ACS_STATUS_WITHDRAWAL_ONLY] = ACS_CAP_WITHDRAW,
        [ACS_STATUS_FROZEN] = ACS_CAP_LOGIN | ACS_CAP_WITHDRAW | ACS_CAP_API,
        [ACS_STATUS_SUSPENDED] = 0,
        [ACS_STATUS_CLOSED] = 0,
    };
    for (int status = ACS_STATUS_ACTIVE; status <= ACS_STATUS_CLOSED; status++) {
        acs_account account;
        account_in_status(&standard, &account, status);
        check_capabilities(&custom, &account, expected[status]);
        check_capabilities(&standard, &account, default_capabilities(status));
    }
}

static void test_can_refuses_anything_but_one_capability(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    account_in_status(&policy, &account, ACS_STATUS_ACTIVE);
    static const unsigned invalid[] = {
        0u,
        ACS_CAP_LOGIN | ACS_CAP_DEPOSIT,
        ACS_CAP_TRADE | ACS_CAP_API,
        ACS_CAP_ALL,
        1u << 5,
        1u << 6,
        1u << 31,
        0xffffffffu,
        ACS_CAP_LOGIN | (1u << 5),
    };
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        int rc = acs_account_can(&policy, &account, invalid[i]);
        if (rc != ACS_E_ENUM) print_error("capability 0x%x\n", invalid[i]);
        assert_code(rc, ACS_E_ENUM);
    }
    /* The same holds on an account with no capability at all. */
    account_in_status(&policy, &account, ACS_STATUS_SUSPENDED);
    assert_code(acs_account_can(&policy, &account, 0), ACS_E_ENUM);
    assert_code(acs_account_can(&policy, &account, 1u << 5), ACS_E_ENUM);
    assert_code(acs_account_can(&policy, &account, ACS_CAP_LOGIN), 0);
}

static void test_status_and_capabilities_misuse(void **state)
{
    (void)state;
    acs_policy policy, unbuilt;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_unbuilt(&unbuilt);
    account_in_status(&policy, &account, ACS_STATUS_ACTIVE);

    int status;
    memset(&status, FX_FILL, sizeof status);
    assert_code(acs_account_status(NULL, &status), ACS_E_NULL);
    assert_code(acs_account_status(&account, NULL), ACS_E_NULL);
    assert_filled(&status, sizeof status, FX_FILL);

    unsigned capabilities;
    memset(&capabilities, FX_FILL, sizeof capabilities);
    assert_code(acs_account_capabilities(NULL, &account, &capabilities), ACS_E_NULL);
    assert_code(acs_account_capabilities(&policy, NULL, &capabilities), ACS_E_NULL);
    assert_code(acs_account_capabilities(&policy, &account, NULL), ACS_E_NULL);
    assert_code(acs_account_capabilities(&unbuilt, &account, &capabilities),
                ACS_E_POLICY_UNBUILT);
    assert_filled(&capabilities, sizeof capabilities, FX_FILL);

    assert_code(acs_account_can(NULL, &account, ACS_CAP_LOGIN), ACS_E_NULL);
    assert_code(acs_account_can(&policy, NULL, ACS_CAP_LOGIN), ACS_E_NULL);
    assert_code(acs_account_can(&unbuilt, &account, ACS_CAP_LOGIN),
                ACS_E_POLICY_UNBUILT);

    acs_account corrupt;
    memset(&corrupt, 0xFF, sizeof corrupt);
    assert_code(acs_account_status(&corrupt, &status), ACS_E_ACCOUNT_CORRUPT);
    assert_code(acs_account_capabilities(&policy, &corrupt, &capabilities),
                ACS_E_ACCOUNT_CORRUPT);
    assert_code(acs_account_can(&policy, &corrupt, ACS_CAP_LOGIN),
                ACS_E_ACCOUNT_CORRUPT);
    assert_filled(&status, sizeof status, FX_FILL);
    assert_filled(&capabilities, sizeof capabilities, FX_FILL);
}

/* Status changes exactly with the events that change lifecycle or holds:
** a walk through the December 2022 case, checking the status and what the
** customer may do at each step. */
static void test_status_walk_through_the_case(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DISCRETIONARY);
    fx_active(&policy, &account, FX_T0);
    assert_int_equal(acs_account_can(&policy, &account, ACS_CAP_API), 1);

    int64_t t = FX_T0 + FX_DAY;
    unsigned w = fx_hold(&policy, &account, t, ACS_LEVEL_WITHDRAWAL_ONLY);
    assert_int_equal(fx_status(&account), ACS_STATUS_WITHDRAWAL_ONLY);
    assert_int_equal(acs_account_can(&policy, &account, ACS_CAP_WITHDRAW), 1);
    assert_int_equal(acs_account_can(&policy, &account, ACS_CAP_TRADE), 0);
    assert_int_equal(acs_account_can(&policy, &account, ACS_CAP_API), 0);

    unsigned s = fx_hold(&policy, &account, t += FX_HOUR, ACS_LEVEL_SUSPENDED);
    assert_int_equal(fx_status(&account), ACS_STATUS_SUSPENDED);
    assert_int_equal(acs_account_can(&policy, &account, ACS_CAP_LOGIN), 0);
    assert_int_equal(acs_account_can(&policy, &account, ACS_CAP_WITHDRAW), 0);

    fx_notice(&policy, &account, t += FX_HOUR, ACS_REASON_ABUSIVE_CONDUCT);
    assert_int_equal(fx_status(&account), ACS_STATUS_SUSPENDED);
    fx_lift(&policy, &account, t += FX_HOUR, s);
    assert_int_equal(fx_status(&account), ACS_STATUS_WITHDRAWAL_ONLY);
    fx_lift(&policy, &account, t += FX_HOUR, w);
    /* CLOSING without holds: withdrawal only. */
    assert_int_equal(fx_status(&account), ACS_STATUS_WITHDRAWAL_ONLY);
    assert_int_equal(acs_account_can(&policy, &account, ACS_CAP_WITHDRAW), 1);
    assert_int_equal(acs_account_can(&policy, &account, ACS_CAP_DEPOSIT), 0);

    acs_event close = fx_ev_close(t += FX_HOUR, 0);
    fx_apply_ok(&policy, &account, &close, NULL);
    assert_int_equal(fx_status(&account), ACS_STATUS_CLOSED);
    for (size_t c = 0; c < sizeof single_capabilities / sizeof single_capabilities[0]; c++)
        assert_int_equal(acs_account_can(&policy, &account, single_capabilities[c]), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_derivation_table),
        cmocka_unit_test(test_status_follows_strictest_hold_as_holds_are_lifted),
        cmocka_unit_test(test_strictness_order),
        cmocka_unit_test(test_capabilities_per_status_per_preset),
        cmocka_unit_test(test_capabilities_follow_the_policy),
        cmocka_unit_test(test_can_refuses_anything_but_one_capability),
        cmocka_unit_test(test_status_and_capabilities_misuse),
        cmocka_unit_test(test_status_walk_through_the_case),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
