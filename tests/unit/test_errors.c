/*
** test_errors.c: acs_strerror and acs_code_name (errors.c).
**
** Every code of the enum is listed here with its pinned number and its name,
** so that a renumbered, renamed, dropped or added code fails a test.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "acctstate.h"

typedef struct code_row {
    int code;
    int number; /* the pinned number, written out */
    const char *name;
} code_row;

static const code_row codes[] = {
    {ACS_OK, 0, "OK"},
    {ACS_E_NULL, -1, "E_NULL"},
    {ACS_E_ENUM, -2, "E_ENUM"},
    {ACS_E_RESERVED, -3, "E_RESERVED"},
    {ACS_E_TIME_BACKWARDS, -4, "E_TIME_BACKWARDS"},
    {ACS_E_TIME_RANGE, -5, "E_TIME_RANGE"},
    {ACS_E_HOLD_UNKNOWN, -6, "E_HOLD_UNKNOWN"},
    {ACS_E_HOLDS_FULL, -7, "E_HOLDS_FULL"},
    {ACS_E_APPEAL_DUPLICATE, -8, "E_APPEAL_DUPLICATE"},
    {ACS_E_ACCOUNT_CLOSED, -9, "E_ACCOUNT_CLOSED"},
    {ACS_E_ACCOUNT_CORRUPT, -10, "E_ACCOUNT_CORRUPT"},
    {ACS_E_POLICY_UNBUILT, -11, "E_POLICY_UNBUILT"},
    {ACS_E_DEADLINE_DUE, -12, "E_DEADLINE_DUE"},
    {ACS_E_BUFFER, -13, "E_BUFFER"},
    {ACS_E_LIMIT, -14, "E_LIMIT"},
    {ACS_E_MAGIC, -15, "E_MAGIC"},
    {ACS_E_VERSION, -16, "E_VERSION"},
    {ACS_E_TRUNCATED, -17, "E_TRUNCATED"},
    {ACS_E_SYNTAX, -18, "E_SYNTAX"},
    {ACS_R_STATUS, -32, "R_STATUS"},
    {ACS_R_ROLE, -33, "R_ROLE"},
    {ACS_R_REASON_NOT_VALID, -34, "R_REASON_NOT_VALID"},
    {ACS_R_REASON_NEVER_VALID, -35, "R_REASON_NEVER_VALID"},
    {ACS_R_EVIDENCE_MISSING, -36, "R_EVIDENCE_MISSING"},
    {ACS_R_APPROVER_MISSING, -37, "R_APPROVER_MISSING"},
    {ACS_R_APPROVER_SAME, -38, "R_APPROVER_SAME"},
    {ACS_R_APPROVER_ROLE, -39, "R_APPROVER_ROLE"},
    {ACS_R_WINDOW_RUNNING, -40, "R_WINDOW_RUNNING"},
    {ACS_R_DEADLINE_BEYOND_MAX, -41, "R_DEADLINE_BEYOND_MAX"},
    {ACS_R_DEADLINE_NOT_LATER, -42, "R_DEADLINE_NOT_LATER"},
    {ACS_R_PERIOD_TOO_LONG, -43, "R_PERIOD_TOO_LONG"},
    {ACS_R_FUNDS_UNCLAIMED, -44, "R_FUNDS_UNCLAIMED"},
    {ACS_R_NOTICE_REQUIRED, -45, "R_NOTICE_REQUIRED"},
    {ACS_R_APPEAL_LIMIT, -46, "R_APPEAL_LIMIT"},
    {ACS_R_APPEAL_WINDOW, -47, "R_APPEAL_WINDOW"},
    {ACS_R_NO_APPEAL, -48, "R_NO_APPEAL"},
    {ACS_R_NO_DEADLINE, -49, "R_NO_DEADLINE"},
    {ACS_R_NO_NOTICE, -50, "R_NO_NOTICE"},
    {ACS_R_NOTICE_RUNNING, -51, "R_NOTICE_RUNNING"},
    {ACS_P_NAME, -64, "P_NAME"},
    {ACS_P_MASK, -65, "P_MASK"},
    {ACS_P_REASON_CONFLICT, -66, "P_REASON_CONFLICT"},
    {ACS_P_EVIDENCE_ORPHAN, -67, "P_EVIDENCE_ORPHAN"},
    {ACS_P_PERIOD, -68, "P_PERIOD"},
    {ACS_P_NO_ROLE, -69, "P_NO_ROLE"},
    {ACS_P_NO_REASON, -70, "P_NO_REASON"},
    {ACS_P_FROM_CLOSED, -71, "P_FROM_CLOSED"},
    {ACS_P_APPEAL_PERIOD, -72, "P_APPEAL_PERIOD"},
    {ACS_P_CAPABILITY, -73, "P_CAPABILITY"},
    {ACS_P_FLAGS, -74, "P_FLAGS"},
    {ACS_P_CALENDAR, -75, "P_CALENDAR"},
    {ACS_V_HASH, -96, "V_HASH"},
    {ACS_V_LINK, -97, "V_LINK"},
    {ACS_V_SEQUENCE_GAP, -98, "V_SEQUENCE_GAP"},
    {ACS_V_DUPLICATE, -99, "V_DUPLICATE"},
    {ACS_V_REORDERED, -100, "V_REORDERED"},
    {ACS_V_TIME_BACKWARDS, -101, "V_TIME_BACKWARDS"},
    {ACS_V_ACCOUNTS_MIXED, -102, "V_ACCOUNTS_MIXED"},
    {ACS_V_HEAD_MISMATCH, -103, "V_HEAD_MISMATCH"},
    {ACS_V_NOT_CHAINED, -104, "V_NOT_CHAINED"},
    {ACS_V_NOT_OPENING, -105, "V_NOT_OPENING"},
    {ACS_V_OUTCOME, -106, "V_OUTCOME"},
    {ACS_V_REFUSED, -107, "V_REFUSED"},
    {ACS_V_POLICY, -108, "V_POLICY"},
};
#define CODE_COUNT (sizeof codes / sizeof codes[0])

static const char unknown_text[] = "unknown code";

static int listed(int code)
{
    for (size_t i = 0; i < CODE_COUNT; i++)
        if (codes[i].code == code) return 1;
    return 0;
}

static void test_numbers_are_pinned(void **state)
{
    (void)state;
    assert_int_equal(CODE_COUNT, 64);
    for (size_t i = 0; i < CODE_COUNT; i++)
        assert_int_equal(codes[i].code, codes[i].number);
}

static void test_every_code_has_its_name(void **state)
{
    (void)state;
    for (size_t i = 0; i < CODE_COUNT; i++) {
        const char *name = acs_code_name(codes[i].code);
        if (name == NULL) print_error("code %d has no name\n", codes[i].code);
        assert_non_null(name);
        assert_string_equal(name, codes[i].name);
    }
}

static void test_every_code_has_a_sentence(void **state)
{
    (void)state;
    for (size_t i = 0; i < CODE_COUNT; i++) {
        const char *text = acs_strerror(codes[i].code);
        assert_non_null(text);
        assert_true(strlen(text) > 0);
        assert_null(strchr(text, '\n'));
        if (strcmp(text, unknown_text) == 0)
            print_error("code %s reads as unknown\n", codes[i].name);
        assert_string_not_equal(text, unknown_text);
    }
}

static void test_names_and_sentences_are_distinct(void **state)
{
    (void)state;
    for (size_t i = 0; i < CODE_COUNT; i++)
        for (size_t j = i + 1; j < CODE_COUNT; j++) {
            assert_string_not_equal(acs_code_name(codes[i].code),
                                    acs_code_name(codes[j].code));
            assert_string_not_equal(acs_strerror(codes[i].code),
                                    acs_strerror(codes[j].code));
        }
}

/* Each code's sentence is the one the header's list gives it. */
static void test_sentences_match_the_header_list(void **state)
{
    (void)state;
#ifdef ACS_CODE_LIST
#define CHECK_SENTENCE(name, number, text) \
    assert_string_equal(acs_strerror(number), text);
    ACS_CODE_LIST(CHECK_SENTENCE)
#undef CHECK_SENTENCE
#else
    skip();
#endif
}

/* Every int around the enum that is not a code, and the extremes. */
static void test_unknown_codes(void **state)
{
    (void)state;
    for (int code = -130; code <= 10; code++) {
        if (listed(code)) continue;
        const char *text = acs_strerror(code);
        assert_non_null(text);
        if (strcmp(text, unknown_text) != 0)
            print_error("code %d reads as \"%s\"\n", code, text);
        assert_string_equal(text, unknown_text);
        if (acs_code_name(code) != NULL)
            print_error("code %d is named %s\n", code, acs_code_name(code));
        assert_null(acs_code_name(code));
    }
    const int extremes[] = {INT_MIN, INT_MIN + 1, INT_MAX, 1000, -1000};
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(acs_strerror(extremes[i]), unknown_text);
        assert_null(acs_code_name(extremes[i]));
    }
}

/* The strings are static: the same pointer on every call. */
static void test_strings_are_static(void **state)
{
    (void)state;
    for (size_t i = 0; i < CODE_COUNT; i++) {
        assert_ptr_equal(acs_strerror(codes[i].code),
                         acs_strerror(codes[i].code));
        assert_ptr_equal(acs_code_name(codes[i].code),
                         acs_code_name(codes[i].code));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_are_pinned),
        cmocka_unit_test(test_every_code_has_its_name),
        cmocka_unit_test(test_every_code_has_a_sentence),
        cmocka_unit_test(test_names_and_sentences_are_distinct),
        cmocka_unit_test(test_sentences_match_the_header_list),
        cmocka_unit_test(test_unknown_codes),
        cmocka_unit_test(test_strings_are_static),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
