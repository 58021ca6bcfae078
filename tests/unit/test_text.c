/*
** test_text.c: the writer every text of the library goes through (text.c).
**
** A writer has snprintf's contract: it counts the length the whole text
** needs, stores only what fits below cap - 1, never writes at or past cap,
** and acs__writer_end terminates what it stored. The number writers give
** plain decimal, padded with zeros to a width, and the signed one a minus
** sign for negative values down to INT64_MIN.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "internal.h"

#define GUARD 0x5c /* a byte the writer must not write */
#define ROOM 64

typedef void (*write_fn)(acs__writer *w);

/* Runs write into a buffer of ROOM bytes with a guard after it; checks the
** terminated text and that nothing past it was written. */
static void check_text(write_fn write, const char *want)
{
    char buf[ROOM + 8];
    memset(buf, GUARD, sizeof buf);
    acs__writer w;
    acs__writer_init(&w, buf, ROOM);
    write(&w);
    size_t length = acs__writer_end(&w);
    assert_int_equal(length, strlen(want));
    assert_string_equal(buf, want);
    for (size_t i = strlen(want) + 1; i < sizeof buf; i++)
        assert_int_equal((unsigned char)buf[i], GUARD);
}

static void write_signed_zero(acs__writer *w) { acs__put_signed(w, 0); }
static void write_signed_positive(acs__writer *w) { acs__put_signed(w, 1234567); }
static void write_signed_negative(acs__writer *w) { acs__put_signed(w, -42); }
static void write_signed_max(acs__writer *w) { acs__put_signed(w, INT64_MAX); }
static void write_signed_min(acs__writer *w) { acs__put_signed(w, INT64_MIN); }
static void write_signed_minus_one(acs__writer *w) { acs__put_signed(w, -1); }

static void test_signed_numbers(void **state)
{
    (void)state;
    check_text(write_signed_zero, "0");
    check_text(write_signed_positive, "1234567");
    check_text(write_signed_negative, "-42");
    check_text(write_signed_minus_one, "-1");
    check_text(write_signed_max, "9223372036854775807");
    check_text(write_signed_min, "-9223372036854775808");
}

static void write_padded(acs__writer *w)
{
    acs__put_number(w, 7, 4);
    acs__put_char(w, ' ');
    acs__put_number(w, 12345, 2);
    acs__put_char(w, ' ');
    acs__put_number(w, 0, 0);
    acs__put_char(w, ' ');
    acs__put_number(w, UINT64_MAX, 1);
}

/* A width wider than any number is cut to the 20 digits of the largest. */
static void write_too_wide(acs__writer *w)
{
    acs__put_number(w, 5, 30);
}

static void test_unsigned_numbers_and_widths(void **state)
{
    (void)state;
    check_text(write_padded, "0007 12345 0 18446744073709551615");
    check_text(write_too_wide, "00000000000000000005");
}

static void write_names_and_bytes(acs__writer *w)
{
    acs__put_name(w, "FROZEN");
    acs__put_char(w, '/');
    acs__put_name(w, NULL);
    acs__put_char(w, '/');
    acs__put_bytes(w, "abcdef", 3);
    acs__put_bytes(w, "ignored", 0);
    acs__put(w, "");
}

static void test_names_and_bytes(void **state)
{
    (void)state;
    check_text(write_names_and_bytes, "FROZEN/unknown/abc");
}

/* The length counts the whole text; what is stored is cut at cap - 1 and
** terminated; nothing at or past cap is written. */
static void test_truncation_keeps_the_length(void **state)
{
    (void)state;
    const char *full = "-9223372036854775808";
    for (size_t cap = 1; cap <= strlen(full) + 2; cap++) {
        char buf[32];
        memset(buf, GUARD, sizeof buf);
        acs__writer w;
        acs__writer_init(&w, buf, cap);
        acs__put_signed(&w, INT64_MIN);
        assert_int_equal(acs__writer_end(&w), strlen(full));
        size_t kept = cap - 1 < strlen(full) ? cap - 1 : strlen(full);
        assert_memory_equal(buf, full, kept);
        assert_int_equal(buf[kept], '\0');
        for (size_t i = kept + 1; i < sizeof buf; i++)
            assert_int_equal((unsigned char)buf[i], GUARD);
    }
}

/* cap 0, or a NULL buffer whatever the cap, stores nothing and still
** counts. */
static void test_nothing_stored_without_room(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, GUARD, sizeof buf);
    acs__writer w;
    acs__writer_init(&w, buf, 0);
    acs__put(&w, "text");
    acs__put_signed(&w, -5);
    assert_int_equal(acs__writer_end(&w), 6);
    for (size_t i = 0; i < sizeof buf; i++) assert_int_equal((unsigned char)buf[i], GUARD);

    acs__writer_init(&w, NULL, 100);
    assert_int_equal(w.cap, 0);
    acs__put(&w, "text");
    assert_int_equal(acs__writer_end(&w), 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signed_numbers),
        cmocka_unit_test(test_unsigned_numbers_and_widths),
        cmocka_unit_test(test_names_and_bytes),
        cmocka_unit_test(test_truncation_keeps_the_length),
        cmocka_unit_test(test_nothing_stored_without_room),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
