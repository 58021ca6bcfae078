/*
** test_explain.c: the one-line explanation of a refusal (explain.c).
**
** acs_explain follows snprintf: it returns the length the whole sentence
** needs, writes at most cap bytes, always ends what it wrote with a NUL when
** cap > 0, and accepts a NULL buf when cap is 0. Every refusal and misuse
** code gets a non-empty sentence on one line, shorter than ACS_EXPLAIN_MAX,
** and a refusal's sentence names the policy in force.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "acctstate.h"
#include "support_a.h"

#define GUARD 0x5c /* a byte acs_explain must not write */

static const int refusal_codes[] = {
    ACS_R_STATUS,           ACS_R_ROLE,
    ACS_R_REASON_NOT_VALID, ACS_R_REASON_NEVER_VALID,
    ACS_R_EVIDENCE_MISSING, ACS_R_APPROVER_MISSING,
    ACS_R_APPROVER_SAME,    ACS_R_APPROVER_ROLE,
    ACS_R_WINDOW_RUNNING,   ACS_R_DEADLINE_BEYOND_MAX,
    ACS_R_DEADLINE_NOT_LATER, ACS_R_PERIOD_TOO_LONG,
    ACS_R_FUNDS_UNCLAIMED,  ACS_R_NOTICE_REQUIRED,
    ACS_R_APPEAL_LIMIT,     ACS_R_APPEAL_WINDOW,
    ACS_R_NO_APPEAL,        ACS_R_NO_DEADLINE,
    ACS_R_NO_NOTICE,        ACS_R_NOTICE_RUNNING,
};
#define REFUSAL_COUNT (sizeof refusal_codes / sizeof refusal_codes[0])

static const int misuse_codes[] = {
    ACS_E_NULL,           ACS_E_ENUM,           ACS_E_RESERVED,
    ACS_E_TIME_BACKWARDS, ACS_E_TIME_RANGE,     ACS_E_HOLD_UNKNOWN,
    ACS_E_HOLDS_FULL,     ACS_E_APPEAL_DUPLICATE, ACS_E_ACCOUNT_CLOSED,
    ACS_E_ACCOUNT_CORRUPT, ACS_E_POLICY_UNBUILT, ACS_E_DEADLINE_DUE,
    ACS_E_BUFFER,         ACS_E_LIMIT,
};
#define MISUSE_COUNT (sizeof misuse_codes / sizeof misuse_codes[0])

static acs_refusal make_refusal(int code, int kind, const char *policy_name)
{
    acs_refusal refusal;
    memset(&refusal, 0, sizeof refusal);
    refusal.code = code;
    refusal.kind = (uint8_t)kind;
    refusal.level = kind == ACS_EVENT_HOLD ? ACS_LEVEL_FROZEN : 0;
    refusal.status = ACS_STATUS_ACTIVE;
    refusal.role = ACS_ROLE_SUPPORT;
    refusal.reason = ACS_REASON_LEGAL_ORDER;
    refusal.limit_ms = SA_T0 + 30 * SA_DAY_MS;
    strcpy(refusal.policy_name, policy_name);
    return refusal;
}

/* Explain into a guarded buffer of ACS_EXPLAIN_MAX bytes and check the
** sentence's shape. Returns the length. */
static size_t explain_checked(const acs_refusal *refusal, char *buf)
{
    memset(buf, GUARD, ACS_EXPLAIN_MAX + 16);
    size_t length = acs_explain(refusal, buf, ACS_EXPLAIN_MAX);
    assert_true(length > 0);
    assert_true(length < ACS_EXPLAIN_MAX);
    assert_int_equal(strlen(buf), length);
    assert_null(strchr(buf, '\n'));
    assert_null(strchr(buf, '\r'));
    for (size_t i = ACS_EXPLAIN_MAX; i < ACS_EXPLAIN_MAX + 16; i++)
        assert_int_equal((unsigned char)buf[i], GUARD);
    return length;
}

/* A refusal is the policy in force saying no: its sentence names that
** policy, so the agent can tell the customer which rules applied. Every
** code without the name is listed before the test fails. */
static void test_every_refusal_code_names_the_policy(void **state)
{
    (void)state;
    char buf[ACS_EXPLAIN_MAX + 16];
    int unnamed = 0;
    for (size_t i = 0; i < REFUSAL_COUNT; i++) {
        acs_refusal refusal =
            make_refusal(refusal_codes[i], ACS_EVENT_HOLD, "consumer");
        explain_checked(&refusal, buf);
        if (strstr(buf, "consumer") == NULL) {
            print_error("%s does not name the policy: \"%s\"\n",
                        acs_code_name(refusal_codes[i]), buf);
            unnamed++;
        }
    }
    assert_int_equal(unnamed, 0);
}

static void test_every_misuse_code_has_a_sentence(void **state)
{
    (void)state;
    char buf[ACS_EXPLAIN_MAX + 16];
    for (size_t i = 0; i < MISUSE_COUNT; i++) {
        acs_refusal refusal =
            make_refusal(misuse_codes[i], ACS_EVENT_LIFT, "default");
        explain_checked(&refusal, buf);
    }
}

/* Each refusal code reads differently: the sentence says which rule
** refused. */
static void test_refusal_sentences_are_distinct(void **state)
{
    (void)state;
    char first[ACS_EXPLAIN_MAX + 16], second[ACS_EXPLAIN_MAX + 16];
    for (size_t i = 0; i < REFUSAL_COUNT; i++)
        for (size_t j = i + 1; j < REFUSAL_COUNT; j++) {
            acs_refusal a = make_refusal(refusal_codes[i], ACS_EVENT_HOLD, "default");
            acs_refusal b = make_refusal(refusal_codes[j], ACS_EVENT_HOLD, "default");
            explain_checked(&a, first);
            explain_checked(&b, second);
            assert_string_not_equal(first, second);
        }
}

/* Every kind, with and without a level, role and reason, still gives one
** short line. */
static void test_every_kind_and_field_combination(void **state)
{
    (void)state;
    char buf[ACS_EXPLAIN_MAX + 16];
    for (size_t i = 0; i < REFUSAL_COUNT; i++)
        for (int kind = ACS_EVENT_VERIFY; kind <= ACS_EVENT_DECIDE; kind++)
            for (int status = ACS_STATUS_ACTIVE; status <= ACS_STATUS_CLOSED;
                 status++) {
                acs_refusal refusal =
                    make_refusal(refusal_codes[i], kind, "discretionary");
                refusal.status = (uint8_t)status;
                explain_checked(&refusal, buf);
                refusal.role = 0;
                refusal.reason = 0;
                refusal.limit_ms = 0;
                explain_checked(&refusal, buf);
                refusal.limit_ms = ACS_TIME_MAX_MS;
                explain_checked(&refusal, buf);
            }
}

/* The longest policy name, the longest names and the latest time still
** give a sentence below the limit. */
static void test_longest_policy_name(void **state)
{
    (void)state;
    char name[ACS_POLICY_NAME_MAX];
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    char buf[ACS_EXPLAIN_MAX + 16];
    for (size_t i = 0; i < REFUSAL_COUNT; i++) {
        acs_refusal refusal = make_refusal(refusal_codes[i], ACS_EVENT_HOLD, name);
        refusal.reason = ACS_REASON_COMMERCIAL_DECISION;
        refusal.role = ACS_ROLE_MANAGEMENT;
        refusal.status = ACS_STATUS_WITHDRAWAL_ONLY;
        refusal.level = ACS_LEVEL_WITHDRAWAL_ONLY;
        refusal.limit_ms = ACS_TIME_MAX_MS;
        explain_checked(&refusal, buf);
    }
}

/* snprintf semantics: the return value is the full length whatever cap is;
** with a cap of 1 .. length the sentence is cut to cap - 1 bytes and
** NUL-terminated, and nothing past cap is written. */
static void test_truncation(void **state)
{
    (void)state;
    const int sample[] = {ACS_R_ROLE, ACS_R_WINDOW_RUNNING, ACS_E_NULL};
    for (size_t s = 0; s < 3; s++) {
        acs_refusal refusal = make_refusal(sample[s], ACS_EVENT_CLOSE, "default");
        char full[ACS_EXPLAIN_MAX + 16];
        size_t length = explain_checked(&refusal, full);
        assert_int_equal(acs_explain(&refusal, NULL, 0), length);

        for (size_t cap = 1; cap <= length + 1; cap++) {
            char buf[ACS_EXPLAIN_MAX + 16];
            memset(buf, GUARD, sizeof buf);
            assert_int_equal(acs_explain(&refusal, buf, cap), length);
            size_t kept = cap - 1 < length ? cap - 1 : length;
            assert_memory_equal(buf, full, kept);
            assert_int_equal(buf[kept], '\0');
            for (size_t i = cap; i < sizeof buf; i++)
                assert_int_equal((unsigned char)buf[i], GUARD);
        }
    }
}

/* cap 0 writes nothing, whether buf is NULL or not. */
static void test_cap_zero(void **state)
{
    (void)state;
    acs_refusal refusal = make_refusal(ACS_R_STATUS, ACS_EVENT_VERIFY, "default");
    char full[ACS_EXPLAIN_MAX + 16];
    size_t length = explain_checked(&refusal, full);
    assert_int_equal(acs_explain(&refusal, NULL, 0), length);
    char buf[8];
    memset(buf, GUARD, sizeof buf);
    assert_int_equal(acs_explain(&refusal, buf, 0), length);
    for (size_t i = 0; i < sizeof buf; i++)
        assert_int_equal((unsigned char)buf[i], GUARD);
}

/* A NULL refusal explains nothing: 0, and an empty string when there is
** room for one. */
static void test_null_refusal(void **state)
{
    (void)state;
    assert_int_equal(acs_explain(NULL, NULL, 0), 0);
    char buf[16];
    memset(buf, GUARD, sizeof buf);
    assert_int_equal(acs_explain(NULL, buf, sizeof buf), 0);
    assert_int_equal(buf[0], '\0');
    for (size_t i = 1; i < sizeof buf; i++)
        assert_int_equal((unsigned char)buf[i], GUARD);
}

/* A refusal's policy_name is a fixed 32-byte field: an unterminated one is
** not read past its end. */
static void test_unterminated_policy_name_is_not_overread(void **state)
{
    (void)state;
    struct {
        acs_refusal refusal;
        char after[64];
    } block;
    memset(&block, 0, sizeof block);
    block.refusal = make_refusal(ACS_R_ROLE, ACS_EVENT_HOLD, "x");
    memset(block.refusal.policy_name, 'p', sizeof block.refusal.policy_name);
    memset(block.after, '#', sizeof block.after - 1);
    char buf[ACS_EXPLAIN_MAX + 16];
    explain_checked(&block.refusal, buf);
    assert_null(strchr(buf, '#'));
}

/* The explanation of a refusal acs_apply really produced. */
static void test_explains_a_real_refusal(void **state)
{
    (void)state;
    acs_policy setup, policy;
    sa_setup_policy(&setup);
    sa_preset(&policy, ACS_PRESET_DEFAULT);
    acs_account account;
    sa_account_in(&setup, &account, ACS_STATUS_ACTIVE, 0);
    acs_event event = sa_event(ACS_EVENT_HOLD, SA_T_EVENT, ACS_ROLE_SUPPORT,
                               ACS_REASON_ABUSIVE_CONDUCT);
    event.level = ACS_LEVEL_SUSPENDED;
    acs_record record;
    acs_refusal refusal;
    memset(&refusal, 0, sizeof refusal);
    sa_assert_code(acs_apply(&policy, &account, &event, &record, &refusal),
                   ACS_R_ROLE);
    char buf[ACS_EXPLAIN_MAX + 16];
    explain_checked(&refusal, buf);
    assert_non_null(strstr(buf, "default"));
}

/* %D writes the period in the largest unit that divides it exactly, with
** the singular for one, and a negative limit as 0. */
static void test_duration_units(void **state)
{
    (void)state;
    static const struct {
        int64_t limit_ms;
        const char *text;
    } cases[] = {
        {SA_DAY_MS, "longer than 1 day."},
        {14 * SA_DAY_MS, "longer than 14 days."},
        {SA_HOUR_MS, "longer than 1 hour."},
        {5 * SA_HOUR_MS, "longer than 5 hours."},
        {SA_DAY_MS + SA_HOUR_MS, "longer than 25 hours."},
        {90 * 60 * 1000, "longer than 1 hour and 30 minutes."},
        {60 * 1000, "longer than 1 minute."},
        {59 * 1000, "longer than 59000 ms."},
        {14 * SA_DAY_MS + 9 * SA_HOUR_MS + 17 * 60 * 1000 + 3000,
         "longer than 14 days, 9 hours and 17 minutes."},
        {2 * SA_DAY_MS + 60 * 1000, "longer than 2 days and 1 minute."},
        {1, "longer than 1 ms."},
        {0, "longer than 0 ms."},
        {-SA_DAY_MS, "longer than 0 ms."},
    };
    char buf[ACS_EXPLAIN_MAX + 16];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        acs_refusal refusal = make_refusal(ACS_R_PERIOD_TOO_LONG, ACS_EVENT_HOLD, "default");
        refusal.limit_ms = cases[i].limit_ms;
        explain_checked(&refusal, buf);
        const char *tail = buf + strlen(buf) - strlen(cases[i].text);
        if (strcmp(tail, cases[i].text) != 0) print_error("case %zu: %s\n", i, buf);
        assert_string_equal(tail, cases[i].text);
    }
}

/* %T writes the limit as a UTC date and minute of the proleptic Gregorian
** calendar; a negative limit reads as the epoch. */
static void test_time_dates(void **state)
{
    (void)state;
    static const struct {
        int64_t limit_ms;
        const char *text;
    } cases[] = {
        {0, "1970-01-01 00:00 UTC"},
        {-1, "1970-01-01 00:00 UTC"},
        {SA_T0, "2023-11-14 22:13 UTC"},
        {1709209859000, "2024-02-29 12:30 UTC"},
        {951868799999, "2000-02-29 23:59 UTC"},
        {946684799000, "1999-12-31 23:59 UTC"},
        {ACS_TIME_MAX_MS, "6429-10-17 02:45 UTC"},
    };
    char buf[ACS_EXPLAIN_MAX + 16];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        acs_refusal refusal = make_refusal(ACS_R_APPEAL_WINDOW, ACS_EVENT_APPEAL, "default");
        refusal.limit_ms = cases[i].limit_ms;
        explain_checked(&refusal, buf);
        char want[ACS_EXPLAIN_MAX];
        strcpy(want, "Under policy default, the time to appeal ended at ");
        strcat(want, cases[i].text);
        strcat(want, ".");
        assert_string_equal(buf, want);
    }
}

/* A kind that is not an event a caller applies reads as "this event", and
** an empty policy name as "unnamed". */
static void test_unknown_kind_and_unnamed_policy(void **state)
{
    (void)state;
    static const int kinds[] = {0, ACS_EVENT_OPEN, ACS_EVENT_WINDOW_ENDED, 255};
    char buf[ACS_EXPLAIN_MAX + 16];
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        acs_refusal refusal = make_refusal(ACS_R_STATUS, kinds[i], "default");
        explain_checked(&refusal, buf);
        assert_string_equal(
            buf, "Under policy default, this event is not permitted while the account is ACTIVE.");
    }
    acs_refusal refusal = make_refusal(ACS_R_STATUS, ACS_EVENT_VERIFY, "");
    explain_checked(&refusal, buf);
    assert_string_equal(
        buf, "Under policy unnamed, verifying the account is not permitted while the account "
             "is ACTIVE.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_refusal_code_names_the_policy),
        cmocka_unit_test(test_every_misuse_code_has_a_sentence),
        cmocka_unit_test(test_refusal_sentences_are_distinct),
        cmocka_unit_test(test_every_kind_and_field_combination),
        cmocka_unit_test(test_longest_policy_name),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_cap_zero),
        cmocka_unit_test(test_null_refusal),
        cmocka_unit_test(test_unterminated_policy_name_is_not_overread),
        cmocka_unit_test(test_explains_a_real_refusal),
        cmocka_unit_test(test_duration_units),
        cmocka_unit_test(test_time_dates),
        cmocka_unit_test(test_unknown_kind_and_unnamed_policy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
