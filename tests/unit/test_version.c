/*
** test_version.c: the library's version (version.c) against the header's.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "acctstate.h"

static void test_number_matches_header(void **state)
{
    (void)state;
    assert_int_equal(acs_version_number(), ACS_VERSION_NUMBER);
    assert_int_equal(ACS_VERSION_NUMBER, ACS_VERSION_MAJOR * 10000 +
                                             ACS_VERSION_MINOR * 100 +
                                             ACS_VERSION_PATCH);
}

static void test_string_matches_header(void **state)
{
    (void)state;
    const char *version = acs_version_string();
    assert_non_null(version);
    assert_string_equal(version, ACS_VERSION_STRING);
    /* A static string. */
    assert_ptr_equal(version, acs_version_string());
}

/* The string and the number say the same thing: MAJOR.MINOR.PATCH. */
static void test_string_agrees_with_number(void **state)
{
    (void)state;
    unsigned number = acs_version_number();
    char expected[32];
    int length = snprintf(expected, sizeof expected, "%u.%u.%u",
                          number / 10000, number / 100 % 100, number % 100);
    assert_true(length > 0 && (size_t)length < sizeof expected);
    assert_string_equal(acs_version_string(), expected);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_matches_header),
        cmocka_unit_test(test_string_matches_header),
        cmocka_unit_test(test_string_agrees_with_number),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
