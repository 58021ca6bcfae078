/*
** test_policy_text.c: unit tests of the policy text format,
** src/policy_parse.c and src/policy_format.c.
**
** The preset files in docs/policies/ must parse to exactly the library's
** built-in preset tables (read from the working directory: the tests run
** from the repository's root, as make check runs them). Round trips: rules
** -> text -> rules byte for byte, and text -> rules -> text as a fixed
** point, for the presets and for edge cases. The negative space: a table of
** malformed texts, each with the exact code, line, column and message it
** must give; every prefix of each preset file and a NUL at every byte of
** one; the problems acs_policy_build finds, reported at their statement,
** and skipped with ACS_PARSE_UNCHECKED. The formatter: snprintf's contract
** at every buffer size, and every kind of rules it refuses.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acctstate.h"

#define FILL 0xA5
#define TEXT_MAX 65536
#define PRESET_DIR "docs/policies/"

static const int presets[] = {ACS_PRESET_DEFAULT, ACS_PRESET_CONSUMER,
                              ACS_PRESET_DISCRETIONARY};
static const char *const preset_files[] = {"default", "consumer", "discretionary"};
#define PRESET_COUNT (sizeof presets / sizeof presets[0])

/* ------------------------------------------------------------------------
** Helpers.
*/

#define assert_code(got, want) assert_code_at((int)(got), (int)(want), __FILE__, __LINE__)

static const char *code_label(int code)
{
    const char *name = acs_code_name(code);
    return name != NULL ? name : "?";
}

static void assert_code_at(int got, int want, const char *file, int line)
{
    if (got == want) return;
    print_error("%s:%d: got %d (%s), want %d (%s)\n", file, line, got, code_label(got), want,
                code_label(want));
    _fail(file, line);
}

/* The text of a preset file, into buf; returns its length. */
static size_t read_preset_file(size_t i, char *buf, size_t cap)
{
    char path[256];
    snprintf(path, sizeof path, PRESET_DIR "%s.policy", preset_files[i]);
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        print_error("cannot open %s: run the tests from the repository's root\n", path);
        fail();
    }
    size_t length = fread(buf, 1, cap, file);
    assert_true(length < cap);
    assert_int_equal(ferror(file), 0);
    fclose(file);
    return length;
}

/* Parse into rules prefilled with FILL, which must stay FILL on failure,
** and check the error's shape either way. */
static int parse(const char *text, size_t length, unsigned flags, acs_policy_rules *rules,
                 acs_text_error *error)
{
    acs_policy_rules untouched;
    memset(rules, FILL, sizeof *rules);
    memset(&untouched, FILL, sizeof untouched);
    memset(error, FILL, sizeof *error);
    int rc = acs_policy_parse(rules, text, length, flags, error);
    assert_code(error->code, rc);
    assert_int_equal(error->reserved, 0);
    assert_non_null(memchr(error->message, '\0', sizeof error->message));
    if (rc == ACS_OK) {
        assert_int_equal(error->line, 0);
        assert_int_equal(error->column, 0);
        assert_string_equal(error->message, "");
    } else {
        assert_memory_equal(rules, &untouched, sizeof *rules);
        assert_true(strlen(error->message) > 0);
        /* Without an error out-pointer the answer is the same. */
        assert_code(acs_policy_parse(rules, text, length, flags, NULL), rc);
        assert_memory_equal(rules, &untouched, sizeof *rules);
    }
    return rc;
}

static int parse_string(const char *text, unsigned flags, acs_policy_rules *rules,
                        acs_text_error *error)
{
    return parse(text, strlen(text), flags, rules, error);
}

static void fingerprint_of(const acs_policy_rules *rules, uint8_t out[ACS_DIGEST_SIZE])
{
    acs_policy policy;
    assert_code(acs_policy_build(&policy, rules, NULL), ACS_OK);
    memcpy(out, policy.fingerprint, ACS_DIGEST_SIZE);
}

/* Format rules into a fresh buffer; the length returned must be the
** string's. Returns a pointer into a static buffer. */
static const char *format(const acs_policy_rules *rules, size_t *length)
{
    static char text[TEXT_MAX];
    memset(text, FILL, sizeof text);
    size_t n = acs_policy_format(rules, text, sizeof text);
    assert_true(n > 0);
    assert_true(n < sizeof text);
    assert_int_equal(strlen(text), n);
    if (length != NULL) *length = n;
    return text;
}

/* rules -> text -> rules gives the same bytes, and the text of those is
** the same text. */
static void assert_round_trip(const acs_policy_rules *rules, unsigned flags)
{
    static char first[TEXT_MAX];
    size_t length;
    strcpy(first, format(rules, &length));
    acs_policy_rules back;
    acs_text_error error;
    int rc = parse(first, length, flags, &back, &error);
    if (rc != ACS_OK) print_error("%u:%u %s\n%s", error.line, error.column, error.message, first);
    assert_code(rc, ACS_OK);
    assert_memory_equal(&back, rules, sizeof back);
    size_t again;
    assert_string_equal(format(&back, &again), first);
    assert_int_equal(again, length);
}

/* Rules with a name and nothing else, as an omitted statement leaves. */
static acs_policy_rules named_rules(const char *name)
{
    acs_policy_rules rules;
    memset(&rules, 0, sizeof rules);
    strcpy(rules.name, name);
    return rules;
}

/* ------------------------------------------------------------------------
** The preset files and the built-in presets.
*/

static void test_preset_files_are_the_builtin_presets(void **state)
{
    (void)state;
    static char text[TEXT_MAX];
    for (size_t i = 0; i < PRESET_COUNT; i++) {
        size_t length = read_preset_file(i, text, sizeof text);
        const acs_policy_rules *builtin = acs_preset_rules(presets[i]);
        assert_non_null(builtin);
        acs_policy_rules rules;
        acs_text_error error;
        int rc = parse(text, length, 0, &rules, &error);
        if (rc != ACS_OK) print_error("%s:%u:%u: %s\n", preset_files[i], error.line,
                                      error.column, error.message);
        assert_code(rc, ACS_OK);
        assert_memory_equal(&rules, builtin, sizeof rules);

        uint8_t parsed[ACS_DIGEST_SIZE];
        fingerprint_of(&rules, parsed);
        acs_policy preset;
        assert_code(acs_policy_preset(&preset, presets[i]), ACS_OK);
        assert_memory_equal(parsed, preset.fingerprint, ACS_DIGEST_SIZE);
        assert_string_equal(rules.name, preset_files[i]);
    }
}

static void test_presets_round_trip(void **state)
{
    (void)state;
    for (size_t i = 0; i < PRESET_COUNT; i++) {
        assert_round_trip(acs_preset_rules(presets[i]), 0);
        assert_round_trip(acs_preset_rules(presets[i]), ACS_PARSE_UNCHECKED);
    }
}

/* The canonical text of the default preset starts as documented. */
static void test_canonical_text_of_default(void **state)
{
    (void)state;
    const char *text = format(acs_preset_rules(ACS_PRESET_DEFAULT), NULL);
    const char *head = "acctstate-policy 1\n"
                       "name \"default\"\n"
                       "\n"
                       "flags WINDOW_PAUSES UNCLAIMED_SEGREGATED\n"
                       "never-valid PUBLIC_CRITICISM\n"
                       "\n"
                       "rule VERIFY\n"
                       "  from PENDING\n"
                       "  actors SUPPORT COMPLIANCE SYSTEM\n"
                       "  reasons REQUIREMENT_MET\n"
                       "end\n"
                       "\n"
                       "rule HOLD_WITHDRAWAL_ONLY\n";
    assert_memory_equal(text, head, strlen(head));
    const char *tail = "\n"
                       "capabilities ACTIVE LOGIN DEPOSIT TRADE WITHDRAW API\n"
                       "capabilities PENDING LOGIN\n"
                       "capabilities WITHDRAWAL_ONLY LOGIN WITHDRAW\n"
                       "capabilities FROZEN LOGIN\n";
    size_t length = strlen(text);
    assert_true(length > strlen(tail));
    assert_string_equal(text + length - strlen(tail), tail);
    assert_non_null(strstr(text, "\nreview FROZEN default 14 days max 60 days\n"));
    assert_non_null(strstr(text, "\nappeal-answer 14 days\n"));
    assert_null(strstr(text, "#"));
}

/* The preset files formatted come out as the canonical text: comments,
** the explicit 'none' capabilities and blank lines go. */
static void test_preset_files_format_to_canonical_text(void **state)
{
    (void)state;
    static char text[TEXT_MAX];
    static char canonical[TEXT_MAX];
    for (size_t i = 0; i < PRESET_COUNT; i++) {
        size_t length = read_preset_file(i, text, sizeof text);
        acs_policy_rules rules;
        acs_text_error error;
        assert_code(parse(text, length, 0, &rules, &error), ACS_OK);
        strcpy(canonical, format(acs_preset_rules(presets[i]), NULL));
        assert_string_equal(format(&rules, NULL), canonical);
    }
}

/* The same file with CRLF line ends, tabs for the indent, comments after
** every statement and blank lines between all of them means the same. */
static void test_preset_files_with_other_spacing(void **state)
{
    (void)state;
    static char text[TEXT_MAX];
    static char changed[4 * TEXT_MAX];
    for (size_t i = 0; i < PRESET_COUNT; i++) {
        size_t length = read_preset_file(i, text, sizeof text);
        size_t out = 0;
        for (size_t at = 0; at < length; at++) {
            if (text[at] == '\n') {
                const char *tail = "\t# a comment \"with quotes\" \xe2\x82\xac\r\n\r\n";
                memcpy(changed + out, tail, strlen(tail));
                out += strlen(tail);
            } else if (text[at] == ' ' && at > 0 && text[at - 1] == '\n') {
                changed[out++] = '\t';
                at++; /* the second space of the indent */
            } else {
                changed[out++] = text[at];
            }
            assert_true(out < sizeof changed - 64);
        }
        acs_policy_rules rules;
        acs_text_error error;
        int rc = parse(changed, out, 0, &rules, &error);
        if (rc != ACS_OK) print_error("%u:%u %s\n", error.line, error.column, error.message);
        assert_code(rc, ACS_OK);
        assert_memory_equal(&rules, acs_preset_rules(presets[i]), sizeof rules);
    }
}

/* ------------------------------------------------------------------------
** Round trips of edge cases.
*/

static void test_round_trip_minimal_rules(void **state)
{
    (void)state;
    acs_policy_rules rules = named_rules("x");
    assert_round_trip(&rules, 0);
    assert_string_equal(format(&rules, NULL), "acctstate-policy 1\nname \"x\"\n");

    /* The longest name, and every byte a name may hold. */
    rules = named_rules("abcdefghijklmnopqrstuvwxyz01234");
    assert_round_trip(&rules, 0);
    rules = named_rules(" !#$%&'()*+,-./:;<=>?@[]^_`{|}~");
    assert_round_trip(&rules, 0);
}

/* Bytes after the name's NUL are not part of the policy: the text drops
** them, and the fingerprint ignores them. */
static void test_round_trip_name_with_bytes_after_nul(void **state)
{
    (void)state;
    acs_policy_rules rules = *acs_preset_rules(ACS_PRESET_CONSUMER);
    memset(rules.name + strlen(rules.name) + 1, 'z', 3);
    size_t length;
    const char *text = format(&rules, &length);
    acs_policy_rules back;
    acs_text_error error;
    assert_code(parse(text, length, 0, &back, &error), ACS_OK);
    assert_memory_equal(&back, acs_preset_rules(ACS_PRESET_CONSUMER), sizeof back);
    uint8_t original[ACS_DIGEST_SIZE], parsed[ACS_DIGEST_SIZE];
    fingerprint_of(&rules, original);
    fingerprint_of(&back, parsed);
    assert_memory_equal(original, parsed, ACS_DIGEST_SIZE);
}

static void test_round_trip_periods(void **state)
{
    (void)state;
    acs_policy_rules rules = named_rules("periods");
    acs_period one_hour = {1, ACS_UNIT_HOURS};
    acs_period one_day = {1, ACS_UNIT_DAYS};
    acs_period largest = {ACS_PERIOD_COUNT_MAX, ACS_UNIT_BUSINESS_DAYS};
    rules.review_default[ACS_LEVEL_WITHDRAWAL_ONLY] = one_hour;
    rules.review_max[ACS_LEVEL_WITHDRAWAL_ONLY] =
        (acs_period){ACS_PERIOD_COUNT_MAX, ACS_UNIT_HOURS};
    rules.review_max[ACS_LEVEL_SUSPENDED] = one_day;
    rules.review_default[ACS_LEVEL_FROZEN] = (acs_period){1, ACS_UNIT_BUSINESS_DAYS};
    rules.review_max[ACS_LEVEL_FROZEN] = largest;
    for (int reason = 1; reason <= ACS_REASON_PUBLIC_CRITICISM; reason++)
        rules.notice[reason] = (acs_period){(uint32_t)reason, (uint32_t)(reason % 3 + 1)};
    rules.window_extension_max = one_hour;
    rules.appeal_window = largest;
    rules.appeal_answer = one_day;
    assert_round_trip(&rules, 0);
    const char *text = format(&rules, NULL);
    assert_non_null(strstr(text, "review WITHDRAWAL_ONLY default 1 hour max 10000 hours\n"));
    assert_non_null(strstr(text, "review FROZEN default 1 business-day max 10000 business-days\n"));
    assert_non_null(strstr(text, "review SUSPENDED default none max 1 day\n"));
    assert_non_null(strstr(text, "notice SECURITY_COMPROMISE 1 day\n"));
    assert_non_null(strstr(text, "notice SUSPICIOUS_ACTIVITY 2 business-days\n"));
    assert_non_null(strstr(text, "notice LEGAL_ORDER 3 hours\n"));
    assert_non_null(strstr(text, "window-extension-max 1 hour\n"));
}

/* A rule that permits nothing is left out; any other is written whole,
** even one acs_policy_build refuses, when parsed without the checks. */
static void test_round_trip_rules_and_capabilities(void **state)
{
    (void)state;
    acs_policy_rules rules = named_rules("rules");
    rules.rules[ACS_RULE_DECIDE].reasons_evidence = ACS_REASON_BIT(ACS_REASON_APPEAL_UPHELD);
    rules.rules[ACS_RULE_VERIFY].from_statuses = 0x7e; /* CLOSED too */
    rules.rules[ACS_RULE_LIFT].approver_roles = 0x7e;
    rules.reasons_never_valid = (0x7full << 32) | 0xffeu;
    rules.flags = ACS_POLICY_FLAGS_ALL;
    rules.capabilities[ACS_STATUS_CLOSED] = ACS_CAP_ALL;
    rules.capabilities[ACS_STATUS_SUSPENDED] = ACS_CAP_API;
    assert_round_trip(&rules, ACS_PARSE_UNCHECKED);
    const char *text = format(&rules, NULL);
    assert_null(strstr(text, "rule APPEAL"));
    assert_non_null(strstr(text, "rule DECIDE\n  evidence APPEAL_UPHELD\nend\n"));
    assert_non_null(strstr(text, "rule LIFT\n  approvers USER SUPPORT COMPLIANCE SECURITY "
                                 "MANAGEMENT SYSTEM\nend\n"));
    assert_non_null(strstr(text, "flags WINDOW_PAUSES LAPSE_LIFTS UNCLAIMED_SEGREGATED\n"));
    assert_non_null(strstr(text, "capabilities SUSPENDED API\ncapabilities CLOSED LOGIN "
                                 "DEPOSIT TRADE WITHDRAW API\n"));
}

/* Calendars: the offsets at both ends, a weekend of six days, and the most
** holidays, over several years and across lines. */
static void test_round_trip_calendars(void **state)
{
    (void)state;
    acs_policy_rules rules = named_rules("calendar");
    rules.calendar.utc_offset_minutes = -720;
    assert_round_trip(&rules, 0);
    assert_non_null(strstr(format(&rules, NULL), "\ncalendar\n  utc-offset -12:00\nend\n"));
    rules.calendar.utc_offset_minutes = 840;
    rules.calendar.weekend = 0xfeu & ~ACS_WEEKDAY_BIT(ACS_WEDNESDAY);
    assert_round_trip(&rules, 0);
    rules.calendar.utc_offset_minutes = -330;
    rules.calendar.weekend = ACS_WEEKDAY_BIT(ACS_FRIDAY);
    assert_non_null(strstr(format(&rules, NULL), "  weekend FRIDAY\n  utc-offset -05:30\nend\n"));

    rules.calendar.holiday_count = ACS_HOLIDAYS_MAX;
    for (uint32_t i = 0; i < ACS_HOLIDAYS_MAX; i++)
        rules.calendar.holidays[i] = (1970 + i / 12) * 10000 + (i % 12 + 1) * 100 + 28;
    rules.calendar.holidays[ACS_HOLIDAYS_MAX - 1] = 99991231;
    assert_round_trip(&rules, 0);
    const char *text = format(&rules, NULL);
    assert_non_null(strstr(text, "  holidays 1970-01-28 1970-02-28"));
    assert_non_null(strstr(text, " 1970-12-28\n  holidays 1971-01-28 "));
    assert_non_null(strstr(text, " 9999-12-31\nend\n"));
}

/* Text that is not canonical comes back canonical, and that is a fixed
** point: names in any order, statements in any order, singular and plural,
** an explicit none, holidays split across lines. */
static void test_text_to_canonical_text(void **state)
{
    (void)state;
    const char *text =
        "# any order\n"
        "acctstate-policy 1\n"
        "calendar\n"
        "  holidays 2026-01-01\n"
        "  holidays 2026-05-01 2027-01-01\n"
        "  weekend SUNDAY SATURDAY\n"
        "end\n"
        "capabilities FROZEN none\n"
        "appeal-answer 1 days\n"
        "notice INACTIVITY none\n"
        "rule APPEAL\n"
        "  reasons USER_REQUEST\n"
        "  actors USER\n"
        "  from SUSPENDED FROZEN\n"
        "end\n"
        "rule VERIFY\n"
        "end\n"
        "name \"order\"\n";
    acs_policy_rules rules;
    acs_text_error error;
    assert_code(parse_string(text, 0, &rules, &error), ACS_OK);
    const char *canonical =
        "acctstate-policy 1\n"
        "name \"order\"\n"
        "\n"
        "rule APPEAL\n"
        "  from FROZEN SUSPENDED\n"
        "  actors USER\n"
        "  reasons USER_REQUEST\n"
        "end\n"
        "\n"
        "appeal-answer 1 day\n"
        "\n"
        "calendar\n"
        "  weekend SATURDAY SUNDAY\n"
        "  holidays 2026-01-01 2026-05-01\n"
        "  holidays 2027-01-01\n"
        "end\n";
    assert_string_equal(format(&rules, NULL), canonical);
    assert_round_trip(&rules, 0);
}

/* A text without a final line feed, and one of comments and blank lines
** around the statements. */
static void test_line_ends_and_comments(void **state)
{
    (void)state;
    acs_policy_rules rules;
    acs_text_error error;
    assert_code(parse_string("acctstate-policy 1\nname \"x\"", 0, &rules, &error), ACS_OK);
    assert_string_equal(rules.name, "x");
    assert_code(parse_string("acctstate-policy 1\r\nname \"x\"\r\n", 0, &rules, &error), ACS_OK);
    assert_code(parse_string("\n\n  # c\n\t\nacctstate-policy 1#c\nname \"x\"#c\n#c", 0,
                             &rules, &error), ACS_OK);
    assert_code(parse_string("acctstate-policy 1\nname \"a#b\" # c\n", 0, &rules, &error),
                ACS_OK);
    assert_string_equal(rules.name, "a#b");
    /* Any byte but NUL in a comment, a CR only before a LF. */
    assert_code(parse_string("acctstate-policy 1 # \x01\x7f\xff\"\\\t\nname \"x\"\n", 0, &rules,
                             &error), ACS_OK);
}

/* ------------------------------------------------------------------------
** Malformed texts: each gives exactly this code, place and message.
*/

typedef struct bad_text {
    const char *text;
    int code;
    uint32_t line;
    uint32_t column;
    const char *message;
} bad_text;

#define H "acctstate-policy 1\nname \"x\"\n" /* lines 1 and 2 */
#define RULE_CLOSE(lines) H "rule CLOSE\n" lines "end\n"
#define CAL(lines) H "calendar\n" lines "end\n"
#define E_SYNTAX ACS_E_SYNTAX

static const bad_text bad_texts[] = {
    /* The header. */
    {"", E_SYNTAX, 0, 0, "The text has no 'acctstate-policy 1' line."},
    {"# only a comment\n\n", E_SYNTAX, 0, 0, "The text has no 'acctstate-policy 1' line."},
    {"name \"x\"\nacctstate-policy 1\n", E_SYNTAX, 1, 1,
     "The text must begin with 'acctstate-policy 1', not with 'name'."},
    {"  frobnicate\n", E_SYNTAX, 1, 3,
     "The text must begin with 'acctstate-policy 1', not with 'frobnicate'."},
    {"acctstate-policy 2\n", E_SYNTAX, 1, 18,
     "'2' is not a format version this library reads: it reads 1."},
    {"acctstate-policy 01\n", E_SYNTAX, 1, 18,
     "'01' is not a format version this library reads: it reads 1."},
    {"acctstate-policy\n", E_SYNTAX, 1, 17, "'acctstate-policy' is missing the format version."},
    {"acctstate-policy 1 1\n", E_SYNTAX, 1, 20, "'1' follows a complete statement."},
    {H "acctstate-policy 1\n", E_SYNTAX, 3, 1,
     "'acctstate-policy' is given twice (first on line 1)."},
    /* The name. */
    {"acctstate-policy 1\nname\n", E_SYNTAX, 2, 5, "'name' is missing a quoted name."},
    {"acctstate-policy 1\nname x\n", E_SYNTAX, 2, 6, "The name 'x' must be in double quotes."},
    {"acctstate-policy 1\nname \"\"\n", E_SYNTAX, 2, 6, "The name is empty."},
    {"acctstate-policy 1\nname \"x\n", E_SYNTAX, 2, 6,
     "The quoted name has no closing quote on its line."},
    {"acctstate-policy 1\nname \"x", E_SYNTAX, 2, 6,
     "The quoted name has no closing quote on its line."},
    {"acctstate-policy 1\nname \"a\\b\"\n", E_SYNTAX, 2, 8, "A name may not hold a backslash."},
    {"acctstate-policy 1\nname \"a\tb\"\n", E_SYNTAX, 2, 8,
     "Byte 0x09 is not allowed outside a comment."},
    {"acctstate-policy 1\nname \"x\"y\n", E_SYNTAX, 2, 9, "A space must follow the closing quote."},
    {"acctstate-policy 1\nname \"x\" \"y\"\n", E_SYNTAX, 2, 10,
     "'\"y\"' follows a complete statement."},
    {"acctstate-policy 1\nname \"abcdefghijabcdefghijabcdefghij12\"\n", ACS_E_LIMIT, 2, 6,
     "The name has 32 characters; at most 31 fit."},
    {H "name \"y\"\n", E_SYNTAX, 3, 1, "'name' is given twice (first on line 2)."},
    /* Bytes and lines. */
    {"acctstate-policy 1\rname \"x\"\n", E_SYNTAX, 1, 19,
     "A carriage return is allowed only before a line feed."},
    {"acctstate-policy 1 # \r\n\r", E_SYNTAX, 2, 1,
     "A carriage return is allowed only before a line feed."},
    {H "\x01\n", E_SYNTAX, 3, 1, "Byte 0x01 is not allowed outside a comment."},
    {H "flags WINDOW_PAUSES\xc3\xa9\n", E_SYNTAX, 3, 20,
     "Byte 0xC3 is not allowed outside a comment."},
    {H "flags\x0bWINDOW_PAUSES\n", E_SYNTAX, 3, 6, "Byte 0x0B is not allowed outside a comment."},
    {H "flags WINDOW_PAUSES\x7f\n", E_SYNTAX, 3, 20, "Byte 0x7F is not allowed outside a comment."},
    {H "# a\rb\n", E_SYNTAX, 3, 4, "A carriage return is allowed only before a line feed."},
    {"acctstate-policy 1\nname \"x\ry\"\n", E_SYNTAX, 2, 6,
     "The quoted name has no closing quote on its line."},
    {"acctstate-policy 1\nname \"a\x7f\"\n", E_SYNTAX, 2, 8,
     "Byte 0x7F is not allowed outside a comment."},
    /* Keywords and blocks. */
    {H "RULE VERIFY\n", E_SYNTAX, 3, 1, "'RULE' is not a keyword."},
    {H "\t  reveiw FROZEN\n", E_SYNTAX, 3, 4, "'reveiw' is not a keyword."},
    {H "end\n", E_SYNTAX, 3, 1, "'end' closes no block."},
    {H "from PENDING\n", E_SYNTAX, 3, 1, "'from' belongs inside a rule block."},
    {H "holidays 2026-01-01\n", E_SYNTAX, 3, 1, "'holidays' belongs inside the calendar block."},
    {H "rule VERIFY\n  weekend SUNDAY\nend\n", E_SYNTAX, 4, 3,
     "'weekend' belongs inside the calendar block."},
    {H "calendar\n  actors USER\nend\n", E_SYNTAX, 4, 3, "'actors' belongs inside a rule block."},
    {H "rule VERIFY\nreview FROZEN default none max none\n", E_SYNTAX, 4, 1,
     "'review' cannot stand inside the rule block of line 3: is its 'end' missing?"},
    {H "calendar\nrule VERIFY\nend\n", E_SYNTAX, 4, 1,
     "'rule' cannot stand inside the calendar block of line 3: is its 'end' missing?"},
    {H "rule VERIFY\n  from PENDING\n", E_SYNTAX, 3, 1, "The rule block for VERIFY has no 'end'."},
    {H "\n  calendar # c\n", E_SYNTAX, 4, 3, "The calendar block has no 'end'."},
    {H "rule VERIFY\nend now\n", E_SYNTAX, 4, 5, "'now' follows a complete statement."},
    /* Rules. */
    {H "rule\n", E_SYNTAX, 3, 5, "'rule' is missing a rule name."},
    {H "rule HOLD\n", E_SYNTAX, 3, 6, "'HOLD' is not a rule name."},
    {H "rule VERIFY extra\n", E_SYNTAX, 3, 13, "'extra' follows a complete statement."},
    {H "rule VERIFY\nend\nrule VERIFY\nend\n", E_SYNTAX, 5, 1,
     "'rule' for VERIFY is given twice (first on line 3)."},
    {RULE_CLOSE("  from\n"), E_SYNTAX, 4, 7, "'from' is missing a status."},
    {RULE_CLOSE("  from FROZN\n"), E_SYNTAX, 4, 8, "'FROZN' is not a status."},
    {RULE_CLOSE("  from frozen\n"), E_SYNTAX, 4, 8, "'frozen' is not a status."},
    {RULE_CLOSE("  from ACTIVE FROZEN ACTIVE\n"), E_SYNTAX, 4, 22,
     "'ACTIVE' is named twice in this list."},
    {RULE_CLOSE("  actors ADMIN\n"), E_SYNTAX, 4, 10, "'ADMIN' is not a role."},
    {RULE_CLOSE("  approvers USER, SUPPORT\n"), E_SYNTAX, 4, 13, "'USER,' is not a role."},
    {RULE_CLOSE("  reasons THREATS\n"), E_SYNTAX, 4, 11, "'THREATS' is not a reason."},
    {RULE_CLOSE("  evidence\n"), E_SYNTAX, 4, 11, "'evidence' is missing a reason."},
    {RULE_CLOSE("  actors USER\n  reasons USER_REQUEST\n  actors SUPPORT\n"), E_SYNTAX, 6, 3,
     "'actors' is given twice in this rule (first on line 4)."},
    /* Top-level lists. */
    {H "flags\n", E_SYNTAX, 3, 6, "'flags' is missing a policy flag."},
    {H "flags WINDOW_PAUSE\n", E_SYNTAX, 3, 7, "'WINDOW_PAUSE' is not a policy flag."},
    {H "flags LAPSE_LIFTS\nflags LAPSE_LIFTS\n", E_SYNTAX, 4, 1,
     "'flags' is given twice (first on line 3)."},
    {H "never-valid PUBLIC_CRITICISM PUBLIC_CRITICISM\n", E_SYNTAX, 3, 30,
     "'PUBLIC_CRITICISM' is named twice in this list."},
    {H "never-valid none\n", E_SYNTAX, 3, 13, "'none' is not a reason."},
    {H "never-valid PUBLIC_CRITICISM\nnever-valid PUBLIC_CRITICISM\n", E_SYNTAX, 4, 1,
     "'never-valid' is given twice (first on line 3)."},
    /* Periods. */
    {H "review\n", E_SYNTAX, 3, 7, "'review' is missing a hold level."},
    {H "review ACTIVE default none max none\n", E_SYNTAX, 3, 8, "'ACTIVE' is not a hold level."},
    {H "review FROZEN\n", E_SYNTAX, 3, 14, "'review' is missing 'default'."},
    {H "review FROZEN dflt 14 days\n", E_SYNTAX, 3, 15, "Expected 'default', found 'dflt'."},
    {H "review FROZEN default 14 days\n", E_SYNTAX, 3, 30, "'review' is missing 'max'."},
    {H "review FROZEN default 14 days maximum 30 days\n", E_SYNTAX, 3, 31,
     "Expected 'max', found 'maximum'."},
    {H "review FROZEN default\n", E_SYNTAX, 3, 22, "'review' is missing a period."},
    {H "review FROZEN default 14\n", E_SYNTAX, 3, 25,
     "'review' is missing the unit after the count."},
    {H "review FROZEN default 0 days max 30 days\n", E_SYNTAX, 3, 23,
     "A count of '0' is not a period: write 'none'."},
    {H "review FROZEN default 014 days max 30 days\n", E_SYNTAX, 3, 23,
     "'014' has a leading zero."},
    {H "review FROZEN default 00 days max 30 days\n", E_SYNTAX, 3, 23, "'00' has a leading zero."},
    {H "review FROZEN default +14 days max 30 days\n", E_SYNTAX, 3, 23,
     "'+14' is not a count or 'none'."},
    {H "review FROZEN default 1.5 days max 30 days\n", E_SYNTAX, 3, 23,
     "'1.5' is not a count or 'none'."},
    {H "review FROZEN default 10001 days max 30 days\n", ACS_E_LIMIT, 3, 23,
     "'10001' is more than 10000, the largest count."},
    {H "review FROZEN default 99999999999999999999 days max 30 days\n", ACS_E_LIMIT, 3, 23,
     "'99999999999999999999' is more than 10000, the largest count."},
    {H "review FROZEN default 2 day max 30 days\n", E_SYNTAX, 3, 25,
     "'day' is for a count of 1: write 'days'."},
    {H "review FROZEN default 2 business-day max 30 days\n", E_SYNTAX, 3, 25,
     "'business-day' is for a count of 1: write 'business-days'."},
    {H "review FROZEN default 14 Days max 30 days\n", E_SYNTAX, 3, 26,
     "'Days' is not a unit: write hours, days or business-days."},
    {H "review FROZEN default 1 week max 30 days\n", E_SYNTAX, 3, 25,
     "'week' is not a unit: write hours, days or business-days."},
    {H "review FROZEN default none max 30 days\nreview FROZEN default none max 30 days\n",
     E_SYNTAX, 4, 1, "'review' for FROZEN is given twice (first on line 3)."},
    {H "notice PUBLIC_CRITICISM 62 days\nnotice PUBLIC_CRITICISM none\n", E_SYNTAX, 4, 1,
     "'notice' for PUBLIC_CRITICISM is given twice (first on line 3)."},
    {H "notice APPEAL_UPHELD 14 days\n", E_SYNTAX, 3, 8,
     "'APPEAL_UPHELD' is an outcome, not a ground: notice periods are per ground."},
    {H "notice INACTIVITY 62 days 7 days\n", E_SYNTAX, 3, 27, "'7' follows a complete statement."},
    {H "appeal-window\n", E_SYNTAX, 3, 14, "'appeal-window' is missing a period."},
    {H "appeal-answer none\nappeal-answer none\n", E_SYNTAX, 4, 1,
     "'appeal-answer' is given twice (first on line 3)."},
    {H "window-extension-max 30 days none\n", E_SYNTAX, 3, 30,
     "'none' follows a complete statement."},
    /* Capabilities. */
    {H "capabilities\n", E_SYNTAX, 3, 13, "'capabilities' is missing a status."},
    {H "capabilities FROZEN\n", E_SYNTAX, 3, 20,
     "'capabilities' is missing a capability or 'none'."},
    {H "capabilities FROZEN none LOGIN\n", E_SYNTAX, 3, 26,
     "'LOGIN' follows a complete statement."},
    {H "capabilities FROZEN LOGIN none\n", E_SYNTAX, 3, 27, "'none' is not a capability."},
    {H "capabilities FROZEN LOGIN LOGIN\n", E_SYNTAX, 3, 27,
     "'LOGIN' is named twice in this list."},
    {H "capabilities ACTIVE LOGIN\ncapabilities ACTIVE none\n", E_SYNTAX, 4, 1,
     "'capabilities' for ACTIVE is given twice (first on line 3)."},
    /* The calendar. */
    {H "calendar\ncalendar\n", E_SYNTAX, 4, 1,
     "'calendar' cannot stand inside the calendar block of line 3: is its 'end' missing?"},
    {H "calendar\nend\ncalendar\nend\n", E_SYNTAX, 5, 1,
     "'calendar' is given twice (first on line 3)."},
    {CAL("  weekend\n"), E_SYNTAX, 4, 10, "'weekend' is missing a day of the week."},
    {CAL("  weekend SAT\n"), E_SYNTAX, 4, 11, "'SAT' is not a day of the week."},
    {CAL("  weekend SUNDAY\n  weekend SUNDAY\n"), E_SYNTAX, 5, 3,
     "'weekend' is given twice (first on line 4)."},
    {CAL("  utc-offset\n"), E_SYNTAX, 4, 13, "'utc-offset' is missing an offset such as +01:00."},
    {CAL("  utc-offset +1:00\n"), E_SYNTAX, 4, 14,
     "'+1:00' is not an offset: write +HH:MM or -HH:MM."},
    {CAL("  utc-offset 01:00\n"), E_SYNTAX, 4, 14,
     "'01:00' is not an offset: write +HH:MM or -HH:MM."},
    {CAL("  utc-offset +01:60\n"), E_SYNTAX, 4, 14,
     "'+01:60' is not an offset: write +HH:MM or -HH:MM."},
    {CAL("  utc-offset +01:00\n  utc-offset +01:00\n"), E_SYNTAX, 5, 3,
     "'utc-offset' is given twice (first on line 4)."},
    {CAL("  holidays\n"), E_SYNTAX, 4, 11, "'holidays' is missing a date."},
    {CAL("  holidays 2026-1-01\n"), E_SYNTAX, 4, 12,
     "'2026-1-01' is not a date: write YYYY-MM-DD."},
    {CAL("  holidays 20260101\n"), E_SYNTAX, 4, 12, "'20260101' is not a date: write YYYY-MM-DD."},
    {CAL("  holidays 2026-01-01,\n"), E_SYNTAX, 4, 12,
     "'2026-01-01,' is not a date: write YYYY-MM-DD."},
    /* A token too long to show whole. */
    {H "flags ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJ\n", E_SYNTAX, 3, 7,
     "'ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJ...' is not a policy flag."},
};

static void check_bad_text(const bad_text *bad, size_t length, unsigned flags)
{
    acs_policy_rules rules;
    acs_text_error error;
    int rc = parse(bad->text, length, flags, &rules, &error);
    if (rc != bad->code || error.line != bad->line || error.column != bad->column ||
        strcmp(error.message, bad->message) != 0)
        print_error("text:\n%s\ngot %s %u:%u \"%s\"\n", bad->text, code_label(rc), error.line,
                    error.column, error.message);
    assert_code(rc, bad->code);
    assert_int_equal(error.line, bad->line);
    assert_int_equal(error.column, bad->column);
    assert_string_equal(error.message, bad->message);
}

/* Each malformed text gives the same error with and without the checks:
** the text is refused before the rules are checked. */
static void test_malformed_texts(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_texts / sizeof bad_texts[0]; i++) {
        check_bad_text(&bad_texts[i], strlen(bad_texts[i].text), 0);
        check_bad_text(&bad_texts[i], strlen(bad_texts[i].text), ACS_PARSE_UNCHECKED);
    }
}

/* A NUL byte is refused wherever it is, even in a comment or a name. */
static void test_nul_byte(void **state)
{
    (void)state;
    static const char text[] = "acctstate-policy 1 # a\0comment\nname \"x\"\n";
    acs_policy_rules rules;
    acs_text_error error;
    assert_code(parse(text, sizeof text - 1, 0, &rules, &error), E_SYNTAX);
    assert_int_equal(error.line, 1);
    assert_int_equal(error.column, 23);
    assert_string_equal(error.message, "A NUL byte is not allowed in a policy text.");
    static const char name[] = "acctstate-policy 1\nname \"x\0\"\n";
    assert_code(parse(name, sizeof name - 1, 0, &rules, &error), E_SYNTAX);
    assert_int_equal(error.line, 2);
    assert_int_equal(error.column, 8);
    /* The terminating NUL of a C string, passed as part of the text. */
    static const char whole[] = "acctstate-policy 1\nname \"x\"\n";
    assert_code(parse(whole, sizeof whole, 0, &rules, &error), E_SYNTAX);
    assert_int_equal(error.line, 3);
    assert_int_equal(error.column, 1);
}

/* ------------------------------------------------------------------------
** Problems acs_policy_build finds, reported at the statement at fault.
** Without the checks the same texts parse, to rules that build refuses
** with the same code.
*/

#define APPEAL_RULE "rule APPEAL\n  from FROZEN\n  actors USER\n  reasons USER_REQUEST\nend\n"

static const bad_text problems[] = {
    {"acctstate-policy 1\nflags LAPSE_LIFTS\n", ACS_P_NAME, 0, 0,
     "The policy name is empty, unterminated or not plain text: the text has no name "
     "statement."},
    {RULE_CLOSE("  from ACTIVE CLOSED\n  actors USER\n  reasons USER_REQUEST\n"),
     ACS_P_FROM_CLOSED, 4, 3,
     "A rule permits an event on a closed account: rule CLOSE starts from CLOSED."},
    {RULE_CLOSE("  from ACTIVE\n  reasons USER_REQUEST\n"), ACS_P_NO_ROLE, 3, 1,
     "A rule permits an event that no role may perform: rule CLOSE names no actors."},
    {RULE_CLOSE("  from ACTIVE\n  actors USER\n"), ACS_P_NO_REASON, 3, 1,
     "A rule permits an event for no reason: rule CLOSE names no reasons."},
    {H "never-valid USER_REQUEST\n"
       "rule CLOSE\n  from ACTIVE\n  actors USER\n  reasons USER_REQUEST\nend\n",
     ACS_P_REASON_CONFLICT, 7, 3,
     "A reason is both valid and never valid: rule CLOSE admits USER_REQUEST, which "
     "never-valid names."},
    {RULE_CLOSE("  from ACTIVE\n  actors USER\n  reasons USER_REQUEST\n  evidence SANCTIONS\n"),
     ACS_P_EVIDENCE_ORPHAN, 7, 3,
     "Evidence is required for a reason not valid: rule CLOSE asks evidence for SANCTIONS, "
     "which its reasons do not admit."},
    {H "\n\nreview WITHDRAWAL_ONLY default 14 days max 10 days\n", ACS_P_PERIOD, 5, 1,
     "A period's unit or count is invalid, or default > maximum: the review of "
     "WITHDRAWAL_ONLY has a default longer than its max."},
    {H "review FROZEN default 14 days max 30 business-days\n", ACS_P_PERIOD, 3, 1,
     "A period's unit or count is invalid, or default > maximum: the review of FROZEN has "
     "its default and max in different units."},
    {H "review SUSPENDED default 1 hour max none\n", ACS_P_PERIOD, 3, 1,
     "A period's unit or count is invalid, or default > maximum: the review of SUSPENDED "
     "has a default but no max."},
    {H APPEAL_RULE, ACS_P_APPEAL_PERIOD, 3, 1,
     "Appeals are permitted with no answer period: rule APPEAL permits appeals and there is "
     "no appeal-answer."},
    {H APPEAL_RULE "  appeal-answer none\n", ACS_P_APPEAL_PERIOD, 8, 3,
     "Appeals are permitted with no answer period: rule APPEAL permits appeals, "
     "appeal-answer is none."},
    {H "capabilities CLOSED LOGIN\n", ACS_P_CAPABILITY, 3, 1,
     "A capability set has unknown bits or CLOSED has any: the capabilities of CLOSED."},
    {CAL("  weekend MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY\n"),
     ACS_P_CALENDAR, 4, 3,
     "The calendar's weekend, offset or holidays are invalid: the weekend has every day of "
     "the week."},
    {CAL("  weekend SUNDAY\n  utc-offset +14:01\n"), ACS_P_CALENDAR, 5, 3,
     "The calendar's weekend, offset or holidays are invalid: utc-offset +14:01 is outside "
     "-12:00 .. +14:00."},
    {CAL("  utc-offset -12:01\n"), ACS_P_CALENDAR, 4, 3,
     "The calendar's weekend, offset or holidays are invalid: utc-offset -12:01 is outside "
     "-12:00 .. +14:00."},
    {CAL("  holidays 2026-01-01\n  holidays 2026-01-02   2026-01-02\n"), ACS_P_CALENDAR, 5, 25,
     "The calendar's weekend, offset or holidays are invalid: holiday 2026-01-02 is not later "
     "than the one before it."},
    {CAL("  holidays 2026-05-01\n  # a comment\n  holidays 2026-04-30\n"), ACS_P_CALENDAR, 6, 12,
     "The calendar's weekend, offset or holidays are invalid: holiday 2026-04-30 is not later "
     "than the one before it."},
    {CAL("  holidays 2026-01-01 2026-02-29\n"), ACS_P_CALENDAR, 4, 23,
     "The calendar's weekend, offset or holidays are invalid: holiday 2026-02-29 is not a "
     "date of the years 1970 to 9999."},
    {CAL("  holidays 1969-12-31\n"), ACS_P_CALENDAR, 4, 12,
     "The calendar's weekend, offset or holidays are invalid: holiday 1969-12-31 is not a "
     "date of the years 1970 to 9999."},
    {CAL("  holidays 2026-13-01\n"), ACS_P_CALENDAR, 4, 12,
     "The calendar's weekend, offset or holidays are invalid: holiday 2026-13-01 is not a "
     "date of the years 1970 to 9999."},
    {CAL("  holidays 0000-00-00\n"), ACS_P_CALENDAR, 4, 12,
     "The calendar's weekend, offset or holidays are invalid: holiday 0000-00-00 is not a "
     "date of the years 1970 to 9999."},
};

static void test_problems_at_their_statement(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof problems / sizeof problems[0]; i++) {
        const bad_text *bad = &problems[i];
        check_bad_text(bad, strlen(bad->text), 0);

        acs_policy_rules rules;
        acs_text_error error;
        assert_code(parse_string(bad->text, ACS_PARSE_UNCHECKED, &rules, &error), ACS_OK);
        acs_policy policy;
        acs_policy_problem problem;
        assert_code(acs_policy_build(&policy, &rules, &problem), bad->code);
        if (bad->code == ACS_P_NAME || bad->code == ACS_P_CALENDAR) {
            /* The format writes no policy without a name, and no calendar
            ** that acs_policy_build refuses. */
            char text[8] = "?";
            assert_int_equal(acs_policy_format(&rules, text, sizeof text), 0);
            assert_string_equal(text, "");
        } else {
            assert_round_trip(&rules, ACS_PARSE_UNCHECKED);
        }
    }
}

/* The first problem in acs_policy_build's order is the one reported. */
static void test_first_problem_is_reported(void **state)
{
    (void)state;
    const char *text = H "capabilities CLOSED LOGIN\n"
                         "review FROZEN default 2 days max 1 day\n"
                         "rule LIFT\n  from ACTIVE\nend\n";
    acs_policy_rules rules;
    acs_text_error error;
    assert_code(parse_string(text, 0, &rules, &error), ACS_P_NO_ROLE);
    assert_int_equal(error.line, 5);
    assert_code(parse_string(text, ACS_PARSE_UNCHECKED, &rules, &error), ACS_OK);
}

static void test_too_many_holidays(void **state)
{
    (void)state;
    static char text[TEXT_MAX];
    int n = snprintf(text, sizeof text, H "calendar\n  holidays");
    for (int i = 0; i < ACS_HOLIDAYS_MAX; i++) {
        if (i == 100) n += snprintf(text + n, sizeof text - (size_t)n, "\n  holidays");
        n += snprintf(text + n, sizeof text - (size_t)n, " %04d-06-15", 2000 + i);
    }
    const char *end = "\nend\n";
    strcpy(text + n, end);
    acs_policy_rules rules;
    acs_text_error error;
    assert_code(parse_string(text, 0, &rules, &error), ACS_OK);
    assert_int_equal(rules.calendar.holiday_count, ACS_HOLIDAYS_MAX);
    assert_int_equal(rules.calendar.holidays[ACS_HOLIDAYS_MAX - 1], 22550615);
    assert_round_trip(&rules, 0);

    /* One more, on a line of its own. */
    snprintf(text + n, sizeof text - (size_t)n, "\n  holidays 2300-01-01 2301-01-01\nend\n");
    assert_code(parse_string(text, 0, &rules, &error), ACS_E_LIMIT);
    assert_int_equal(error.line, 6);
    assert_int_equal(error.column, 12);
    assert_string_equal(error.message,
                        "'2300-01-01' is one holiday too many: a calendar holds at most 256.");
    assert_code(parse_string(text, ACS_PARSE_UNCHECKED, &rules, &error), ACS_E_LIMIT);
}

/* ------------------------------------------------------------------------
** Every prefix of each preset file, and a NUL at every byte of one: an
** error or a success, never a read past the end (the prefix is copied to a
** buffer of its own length, for the sanitizers), and the error's place
** inside the text.
*/

static uint32_t line_count(const char *text, size_t length)
{
    uint32_t lines = 1;
    for (size_t i = 0; i < length; i++) lines += text[i] == '\n';
    return lines;
}

static void test_every_prefix_of_the_preset_files(void **state)
{
    (void)state;
    static char text[TEXT_MAX];
    for (size_t i = 0; i < PRESET_COUNT; i++) {
        size_t length = read_preset_file(i, text, sizeof text);
        size_t successes = 0;
        for (size_t prefix = 0; prefix <= length; prefix++) {
            char *copy = malloc(prefix > 0 ? prefix : 1);
            assert_non_null(copy);
            memcpy(copy, text, prefix);
            acs_policy_rules rules;
            acs_text_error error;
            int rc = parse(copy, prefix, ACS_PARSE_UNCHECKED, &rules, &error);
            int checked = parse(copy, prefix, 0, &rules, &error);
            if (rc != ACS_OK) assert_code(checked, rc);
            if (rc == ACS_OK) successes++;
            assert_true(rc == ACS_OK || rc == ACS_E_SYNTAX || rc == ACS_E_LIMIT);
            assert_true(checked == ACS_OK || checked == ACS_E_SYNTAX || checked <= ACS_P_NAME);
            assert_true(error.line <= line_count(copy, prefix));
            free(copy);
        }
        /* Whole statements end at line feeds outside blocks, and those
        ** prefixes parse. */
        assert_true(successes > 10);
    }
}

static void test_nul_at_every_byte(void **state)
{
    (void)state;
    static char text[TEXT_MAX];
    size_t length = read_preset_file(1, text, sizeof text);
    uint32_t line = 1;
    size_t line_start = 0;
    for (size_t at = 0; at < length; at++) {
        char saved = text[at];
        text[at] = '\0';
        acs_policy_rules rules;
        acs_text_error error;
        assert_code(parse(text, length, ACS_PARSE_UNCHECKED, &rules, &error), E_SYNTAX);
        assert_int_equal(error.line, line);
        assert_int_equal(error.column, at - line_start + 1);
        assert_string_equal(error.message, "A NUL byte is not allowed in a policy text.");
        text[at] = saved;
        if (saved == '\n') {
            line++;
            line_start = at + 1;
        }
    }
}

/* ------------------------------------------------------------------------
** The formatter's buffer contract and the rules it refuses.
*/

static void test_format_buffer_contract(void **state)
{
    (void)state;
    static char full[TEXT_MAX];
    static char buf[TEXT_MAX];
    const acs_policy_rules *rules = acs_preset_rules(ACS_PRESET_CONSUMER);
    size_t length = acs_policy_format(rules, full, sizeof full);
    assert_true(length > 0 && length < sizeof full);
    assert_int_equal(acs_policy_format(rules, NULL, 0), length);
    memset(buf, FILL, sizeof buf);
    assert_int_equal(acs_policy_format(rules, buf, 0), length);
    assert_int_equal((unsigned char)buf[0], FILL);
    /* Every cap from 1 to past the length: the prefix that fits, always
    ** NUL-terminated, nothing written past cap, the same return value. */
    for (size_t cap = 1; cap <= length + 2; cap++) {
        memset(buf, FILL, cap + 1);
        assert_int_equal(acs_policy_format(rules, buf, cap), length);
        size_t kept = cap - 1 < length ? cap - 1 : length;
        assert_memory_equal(buf, full, kept);
        assert_int_equal(buf[kept], '\0');
        assert_int_equal((unsigned char)buf[cap], FILL);
    }
}

typedef void (*breaker)(acs_policy_rules *rules);

static void name_empty(acs_policy_rules *r) { r->name[0] = '\0'; }
static void name_quote(acs_policy_rules *r) { r->name[1] = '"'; }
static void name_backslash(acs_policy_rules *r) { r->name[0] = '\\'; }
static void name_control(acs_policy_rules *r) { r->name[2] = '\t'; }
static void name_high(acs_policy_rules *r) { r->name[0] = (char)0xe9; }
static void name_unterminated(acs_policy_rules *r) { memset(r->name, 'n', sizeof r->name); }
static void flag_unknown(acs_policy_rules *r) { r->flags |= 0x8u; }
static void never_valid_unknown(acs_policy_rules *r) { r->reasons_never_valid |= 1ull << 20; }
static void status_zero(acs_policy_rules *r) { r->rules[ACS_RULE_LIFT].from_statuses |= 1u; }
static void status_seven(acs_policy_rules *r) { r->rules[ACS_RULE_LIFT].from_statuses |= 1u << 7; }
static void role_unknown(acs_policy_rules *r) { r->rules[ACS_RULE_CLOSE].actor_roles |= 1u << 7; }
static void approver_unknown(acs_policy_rules *r) { r->rules[ACS_RULE_CLOSE].approver_roles |= 1u; }
static void reason_unknown(acs_policy_rules *r) { r->rules[ACS_RULE_DECIDE].reasons |= 1ull << 63; }
static void evidence_unknown(acs_policy_rules *r)
{
    r->rules[ACS_RULE_NOTICE].reasons_evidence |= 1ull << 12;
}
static void rule_reserved(acs_policy_rules *r) { r->rules[ACS_RULE_VERIFY].reserved = 1; }
static void bytes_reserved(acs_policy_rules *r) { r->reserved_bytes[0] = 1; }
static void unit_unknown(acs_policy_rules *r) { r->appeal_answer.unit = 4; }
static void count_zero(acs_policy_rules *r) { r->appeal_window.count = 0; }
static void count_over(acs_policy_rules *r) { r->notice[ACS_REASON_INACTIVITY].count = 10001; }
static void none_with_count(acs_policy_rules *r) { r->window_extension_max = (acs_period){3, 0}; }
static void review_slot_zero(acs_policy_rules *r)
{
    r->review_max[0] = (acs_period){1, ACS_UNIT_DAYS};
}
static void review_default_slot_zero(acs_policy_rules *r)
{
    r->review_default[0] = (acs_period){1, ACS_UNIT_DAYS};
}
static void review_default_unit_unknown(acs_policy_rules *r)
{
    r->review_default[ACS_LEVEL_FROZEN].unit = 7;
}
static void review_max_count_zero(acs_policy_rules *r)
{
    r->review_max[ACS_LEVEL_SUSPENDED].count = 0;
}
static void notice_slot_zero(acs_policy_rules *r) { r->notice[0] = (acs_period){1, ACS_UNIT_DAYS}; }
static void notice_slot_twelve(acs_policy_rules *r)
{
    r->notice[12] = (acs_period){1, ACS_UNIT_DAYS};
}
static void capability_unknown(acs_policy_rules *r) { r->capabilities[ACS_STATUS_FROZEN] |= 0x20; }
static void capability_slot_zero(acs_policy_rules *r) { r->capabilities[0] = ACS_CAP_LOGIN; }
static void weekend_all(acs_policy_rules *r) { r->calendar.weekend = 0xfe; }
static void weekend_bit_zero(acs_policy_rules *r) { r->calendar.weekend = 1; }
static void offset_far(acs_policy_rules *r) { r->calendar.utc_offset_minutes = 841; }
static void holidays_unsorted(acs_policy_rules *r)
{
    r->calendar.holiday_count = 2;
    r->calendar.holidays[0] = 20260102;
    r->calendar.holidays[1] = 20260101;
}
static void holiday_not_a_date(acs_policy_rules *r)
{
    r->calendar.holiday_count = 1;
    r->calendar.holidays[0] = 20260431;
}
static void holiday_past_count(acs_policy_rules *r) { r->calendar.holidays[200] = 20260101; }
static void holiday_count_over(acs_policy_rules *r)
{
    r->calendar.holiday_count = ACS_HOLIDAYS_MAX + 1;
}
static void calendar_reserved(acs_policy_rules *r) { r->calendar.reserved = 1; }

static const breaker refused[] = {
    name_empty, name_quote, name_backslash, name_control, name_high, name_unterminated,
    flag_unknown, never_valid_unknown, status_zero, status_seven, role_unknown,
    approver_unknown, reason_unknown, evidence_unknown, rule_reserved, bytes_reserved,
    unit_unknown, count_zero, count_over, none_with_count, review_slot_zero,
    review_default_slot_zero, review_default_unit_unknown, review_max_count_zero,
    notice_slot_zero, notice_slot_twelve, capability_unknown, capability_slot_zero,
    weekend_all, weekend_bit_zero, offset_far, holidays_unsorted, holiday_not_a_date,
    holiday_past_count, holiday_count_over, calendar_reserved,
};

/* Each break of each preset is refused whole: 0, and an empty string. */
static void test_format_refuses_what_it_cannot_express(void **state)
{
    (void)state;
    static char buf[TEXT_MAX];
    memset(buf, FILL, 8);
    assert_int_equal(acs_policy_format(NULL, buf, sizeof buf), 0);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(acs_policy_format(NULL, NULL, 0), 0);
    for (size_t i = 0; i < PRESET_COUNT; i++) {
        for (size_t b = 0; b < sizeof refused / sizeof refused[0]; b++) {
            acs_policy_rules rules = *acs_preset_rules(presets[i]);
            refused[b](&rules);
            memset(buf, FILL, 8);
            if (acs_policy_format(&rules, buf, sizeof buf) != 0)
                print_error("preset %s, breaker %zu\n", preset_files[i], b);
            assert_int_equal(acs_policy_format(&rules, buf, sizeof buf), 0);
            assert_int_equal(buf[0], '\0');
            assert_int_equal((unsigned char)buf[1], FILL);
            assert_int_equal(acs_policy_format(&rules, NULL, 0), 0);
            /* Every one of them is rules acs_policy_build refuses too. */
            acs_policy policy;
            assert_true(acs_policy_build(&policy, &rules, NULL) != ACS_OK);
        }
    }
}

/* ------------------------------------------------------------------------
** Misuse.
*/

static void test_parse_misuse(void **state)
{
    (void)state;
    const char *text = H;
    acs_policy_rules rules;
    acs_text_error error;
    memset(&error, FILL, sizeof error);
    assert_code(acs_policy_parse(NULL, text, strlen(text), 0, &error), ACS_E_NULL);
    assert_code(error.code, ACS_E_NULL);
    assert_int_equal(error.line, 0);
    assert_int_equal(error.column, 0);
    assert_string_equal(error.message, "A required pointer is NULL.");
    memset(&rules, FILL, sizeof rules);
    assert_code(acs_policy_parse(&rules, NULL, 0, 0, &error), ACS_E_NULL);
    assert_code(acs_policy_parse(&rules, NULL, 5, 0, NULL), ACS_E_NULL);
    assert_code(parse_string(text, 0x2u, &rules, &error), ACS_E_RESERVED);
    assert_string_equal(error.message, "The flags have a bit this library does not know.");
    assert_code(parse_string(text, 0x80000001u, &rules, &error), ACS_E_RESERVED);
    /* The empty text with a pointer is text, and has no header. */
    assert_code(parse(text, 0, 0, &rules, &error), E_SYNTAX);
    assert_code(parse(text, 0, 0, &rules, &error), E_SYNTAX);
    /* Success overwrites a stale error. */
    assert_code(parse_string(text, ACS_PARSE_UNCHECKED, &rules, &error), ACS_OK);
    assert_string_equal(rules.name, "x");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_preset_files_are_the_builtin_presets),
        cmocka_unit_test(test_presets_round_trip),
        cmocka_unit_test(test_canonical_text_of_default),
        cmocka_unit_test(test_preset_files_format_to_canonical_text),
        cmocka_unit_test(test_preset_files_with_other_spacing),
        cmocka_unit_test(test_round_trip_minimal_rules),
        cmocka_unit_test(test_round_trip_name_with_bytes_after_nul),
        cmocka_unit_test(test_round_trip_periods),
        cmocka_unit_test(test_round_trip_rules_and_capabilities),
        cmocka_unit_test(test_round_trip_calendars),
        cmocka_unit_test(test_text_to_canonical_text),
        cmocka_unit_test(test_line_ends_and_comments),
        cmocka_unit_test(test_malformed_texts),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_problems_at_their_statement),
        cmocka_unit_test(test_first_problem_is_reported),
        cmocka_unit_test(test_too_many_holidays),
        cmocka_unit_test(test_every_prefix_of_the_preset_files),
        cmocka_unit_test(test_nul_at_every_byte),
        cmocka_unit_test(test_format_buffer_contract),
        cmocka_unit_test(test_format_refuses_what_it_cannot_express),
        cmocka_unit_test(test_parse_misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
