/*
** test_names.c: the names of the domain's enums (names.c).
**
** Each enum is a table of (pinned number, name). Every listed value must
** have exactly its name; every other value in a wide range around the enum,
** and the extremes of int, must give NULL.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "acctstate.h"
#include "internal.h"

typedef struct name_row {
    int value;
    const char *name;
} name_row;

typedef const char *(*namer)(int value);

/* Checks every row, then every int from low to high not in the rows. */
static void check_names(namer name_of, const name_row *rows, size_t count,
                        int low, int high)
{
    for (size_t i = 0; i < count; i++) {
        const char *name = name_of(rows[i].value);
        if (name == NULL) print_error("value %d has no name\n", rows[i].value);
        assert_non_null(name);
        assert_string_equal(name, rows[i].name);
        /* A static string: the same pointer every time. */
        assert_ptr_equal(name, name_of(rows[i].value));
    }
    for (int value = low; value <= high; value++) {
        int known = 0;
        for (size_t i = 0; i < count; i++)
            if (rows[i].value == value) known = 1;
        if (known) continue;
        const char *name = name_of(value);
        if (name != NULL) print_error("value %d is named %s\n", value, name);
        assert_null(name);
    }
    assert_null(name_of(INT_MIN));
    assert_null(name_of(INT_MAX));
}

#define ROWS(rows) rows, sizeof rows / sizeof rows[0]

static void test_status_names(void **state)
{
    (void)state;
    static const name_row rows[] = {
        {1, "ACTIVE"}, {2, "PENDING"}, {3, "WITHDRAWAL_ONLY"},
        {4, "FROZEN"}, {5, "SUSPENDED"}, {6, "CLOSED"},
    };
    assert_int_equal(ACS_STATUS_CLOSED, 6);
    check_names(acs_status_name, ROWS(rows), -300, 300);
}

static void test_lifecycle_names(void **state)
{
    (void)state;
    static const name_row rows[] = {
        {1, "PENDING"}, {2, "OPEN"}, {3, "CLOSING"}, {4, "CLOSED"},
    };
    check_names(acs_lifecycle_name, ROWS(rows), -300, 300);
}

static void test_level_names(void **state)
{
    (void)state;
    static const name_row rows[] = {
        {1, "WITHDRAWAL_ONLY"}, {2, "FROZEN"}, {3, "SUSPENDED"},
    };
    check_names(acs_level_name, ROWS(rows), -300, 300);
}

static void test_role_names(void **state)
{
    (void)state;
    static const name_row rows[] = {
        {1, "USER"},     {2, "SUPPORT"},    {3, "COMPLIANCE"},
        {4, "SECURITY"}, {5, "MANAGEMENT"}, {6, "SYSTEM"},
    };
    check_names(acs_role_name, ROWS(rows), -300, 300);
}

static void test_reason_names(void **state)
{
    (void)state;
    static const name_row rows[] = {
        {1, "SECURITY_COMPROMISE"}, {2, "SUSPICIOUS_ACTIVITY"},
        {3, "LEGAL_ORDER"},         {4, "SANCTIONS"},
        {5, "KYC_REFRESH"},         {6, "TERMS_BREACH"},
        {7, "ABUSIVE_CONDUCT"},     {8, "INACTIVITY"},
        {9, "USER_REQUEST"},        {10, "COMMERCIAL_DECISION"},
        {11, "PUBLIC_CRITICISM"},   {32, "REVIEW_CLEARED"},
        {33, "REQUIREMENT_MET"},    {34, "ORDER_LIFTED"},
        {35, "APPEAL_UPHELD"},      {36, "APPEAL_DISMISSED"},
        {37, "ERROR_CORRECTED"},    {38, "DEADLINE_LAPSED"},
    };
    check_names(acs_reason_name, ROWS(rows), -300, 300);
}

static void test_event_names(void **state)
{
    (void)state;
    static const name_row rows[] = {
        {1, "VERIFY"},         {2, "HOLD"},           {3, "LIFT"},
        {4, "EXTEND"},         {5, "NOTICE"},         {6, "RESCIND"},
        {7, "CLOSE"},          {8, "APPEAL"},         {9, "DECIDE"},
        {16, "OPEN"},          {17, "REVIEW_LAPSED"}, {18, "APPEAL_LAPSED"},
        {19, "WINDOW_ENDED"},
    };
    check_names(acs_event_name, ROWS(rows), -300, 300);
}

/* One name per capability bit; zero, several bits and unknown bits have
** none. */
static void test_capability_names(void **state)
{
    (void)state;
    static const struct {
        unsigned bit;
        const char *name;
    } rows[] = {
        {ACS_CAP_LOGIN, "LOGIN"}, {ACS_CAP_DEPOSIT, "DEPOSIT"},
        {ACS_CAP_TRADE, "TRADE"}, {ACS_CAP_WITHDRAW, "WITHDRAW"},
        {ACS_CAP_API, "API"},
    };
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(rows[i].bit, 1u << i);
        const char *name = acs_capability_name(rows[i].bit);
        assert_non_null(name);
        assert_string_equal(name, rows[i].name);
    }
    for (unsigned value = 0; value <= 0x400; value++) {
        int single_known = value != 0 && (value & (value - 1)) == 0 &&
                           (value & ~ACS_CAP_ALL) == 0;
        if (single_known) continue;
        const char *name = acs_capability_name(value);
        if (name != NULL) print_error("capability %#x is named %s\n", value, name);
        assert_null(name);
    }
    assert_null(acs_capability_name(0x80000000u));
    assert_null(acs_capability_name(0xffffffffu));
}

/* The sets the policy text names values by (internal.h): how many names
** each has, a few of them, the way back from each name to its position,
** and NULL past the last position or for a set that does not exist. */
static void test_text_name_sets(void **state)
{
    (void)state;
    static const struct {
        acs__name_set set;
        unsigned named; /* positions with a name */
        unsigned position;
        const char *name;
    } sets[] = {
        {ACS__NAMES_STATUS, 6, ACS_STATUS_FROZEN, "FROZEN"},
        {ACS__NAMES_ROLE, 6, ACS_ROLE_SYSTEM, "SYSTEM"},
        {ACS__NAMES_REASON, 18, ACS_REASON_DEADLINE_LAPSED, "DEADLINE_LAPSED"},
        {ACS__NAMES_LEVEL, 3, ACS_LEVEL_SUSPENDED, "SUSPENDED"},
        {ACS__NAMES_CAPABILITY, 5, 3, "WITHDRAW"},
        {ACS__NAMES_WEEKDAY, 7, ACS_SUNDAY, "SUNDAY"},
        {ACS__NAMES_POLICY_FLAG, 3, 1, "LAPSE_LIFTS"},
        {ACS__NAMES_RULE, ACS_RULE_COUNT, ACS_RULE_DECIDE, "DECIDE"},
        {ACS__NAMES_UNIT, 3, ACS_UNIT_BUSINESS_DAYS, "business-days"},
    };
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        acs__name_set set = sets[i].set;
        assert_string_equal(acs__name_at(set, sets[i].position), sets[i].name);
        unsigned named = 0;
        for (unsigned position = 0; position < ACS__NAME_POSITIONS; position++) {
            const char *name = acs__name_at(set, position);
            if (name == NULL) continue;
            named++;
            assert_int_equal(acs__name_position(set, name, strlen(name)), (int)position);
        }
        assert_int_equal(named, sets[i].named);
        assert_null(acs__name_at(set, ACS__NAME_POSITIONS));
        assert_null(acs__name_at(set, 0xffffffffu));
        assert_int_equal(acs__name_position(set, "NO_SUCH_NAME", 12), -1);
        assert_int_equal(acs__name_position(set, "", 0), -1);
    }
    /* The length decides, not a NUL: a prefix or a longer token is no name. */
    assert_int_equal(acs__name_position(ACS__NAMES_RULE, "DECIDED", 6), ACS_RULE_DECIDE);
    assert_int_equal(acs__name_position(ACS__NAMES_RULE, "DECIDE", 5), -1);
    assert_int_equal(acs__name_position(ACS__NAMES_RULE, "DECIDEX", 7), -1);
    /* A value outside the enum names no set. */
    assert_null(acs__name_at((acs__name_set)(ACS__NAMES_UNIT + 1), 0));
    assert_null(acs__name_at((acs__name_set)99, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_names),
        cmocka_unit_test(test_lifecycle_names),
        cmocka_unit_test(test_level_names),
        cmocka_unit_test(test_role_names),
        cmocka_unit_test(test_reason_names),
        cmocka_unit_test(test_event_names),
        cmocka_unit_test(test_capability_names),
        cmocka_unit_test(test_text_name_sets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
