/*
** fuzz_policy.c: a libFuzzer harness for the policy text format
** (acs_policy_parse, acs_policy_format), and for the linter and the
** diagram on whatever rules the parser accepts.
**
** Any bytes are parsed twice, with and without ACS_PARSE_UNCHECKED. The
** parser must not crash or read past size, must leave the rules untouched
** when it refuses, and must place its error inside the text. The two parses
** must agree: a text refused without the checks is refused the same way
** with them, and one accepted without them is accepted with them exactly
** when acs_policy_build accepts its rules (else the checks give build's
** code). Rules the parser accepted are formatted: the text parses back to
** the same bytes and the same fingerprint, formatting those gives the same
** text again, and a text the checked parse accepts always formats. Rules
** the formatter refuses must be rules acs_policy_build refuses. The linter
** and the diagram run on every accepted text. Any breach aborts.
**
** Build it with clang, -fsanitize=fuzzer,address,undefined, -Iinclude -Isrc
** -DACS_BUILDING and every source file of src/; the seed corpus is
** tests/fuzz/corpus/policy (the three presets and a few small policies).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define FILL 0xA5
#define TEXT_MAX (1u << 16) /* more than any policy's canonical text */
#define FINDINGS_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int condition)
{
    if (!condition) abort();
}

static int all_filled(const void *p, size_t n)
{
    const unsigned char *bytes = p;
    for (size_t i = 0; i < n; i++) {
        if (bytes[i] != FILL) return 0;
    }
    return 1;
}

static int is_problem_code(int code)
{
    return code <= ACS_P_NAME && code >= ACS_P_CALENDAR;
}

/* Parse with rules and error prefilled; check what holds for any answer. */
static int parse(const char *text, size_t size, unsigned flags, acs_policy_rules *rules,
                 acs_text_error *error)
{
    memset(rules, FILL, sizeof *rules);
    memset(error, FILL, sizeof *error);
    int rc = acs_policy_parse(rules, text, size, flags, error);
    require(error->code == rc);
    require(memchr(error->message, '\0', sizeof error->message) != NULL);
    if (rc == ACS_OK) {
        require(error->line == 0 && error->column == 0 && error->message[0] == '\0');
        return rc;
    }
    require(all_filled(rules, sizeof *rules));
    require(error->message[0] != '\0');
    size_t lines = 1;
    for (size_t i = 0; i < size; i++) lines += text[i] == '\n';
    require(error->line <= lines);
    require(error->column <= size + 1);
    require((error->line == 0) == (error->column == 0));
    return rc;
}

static size_t format(const acs_policy_rules *rules, char *text)
{
    size_t length = acs_policy_format(rules, text, TEXT_MAX);
    require(length < TEXT_MAX);
    require(strlen(text) == length);
    return length;
}

/* The linter and the diagram on rules the parser accepted. */
static void lint_and_draw(const acs_policy_rules *rules, int builds, char *text)
{
    acs_finding findings[FINDINGS_MAX];
    size_t count = 0;
    require(acs_policy_lint(rules, NULL, findings, FINDINGS_MAX, &count) == ACS_OK);
    int invalid = 0;
    for (size_t i = 0; i < count && i < FINDINGS_MAX; i++) {
        require(memchr(findings[i].message, '\0', sizeof findings[i].message) != NULL);
        invalid |= findings[i].code == ACS_LINT_INVALID;
    }
    require(invalid == !builds);
    size_t length = acs_policy_dot(rules, text, TEXT_MAX);
    require(builds ? length > 0 && length < TEXT_MAX : length == 0);
}

/* Rules the unchecked parse accepted: their text, its reparse, its text. */
static void check_format(const acs_policy_rules *rules, int builds, char *first, char *second)
{
    size_t length = format(rules, first);
    if (length == 0) {
        require(!builds);
        return;
    }
    acs_policy_rules again;
    acs_text_error error;
    require(parse(first, length, ACS_PARSE_UNCHECKED, &again, &error) == ACS_OK);
    require(memcmp(&again, rules, sizeof again) == 0);
    uint8_t before[ACS_DIGEST_SIZE], after[ACS_DIGEST_SIZE];
    acs__policy_fingerprint(rules, before);
    acs__policy_fingerprint(&again, after);
    require(memcmp(before, after, sizeof before) == 0);
    require(format(&again, second) == length);
    require(memcmp(first, second, length) == 0);
    /* The canonical text meets the same checks. */
    int checked = parse(first, length, 0, &again, &error);
    require(builds ? checked == ACS_OK : is_problem_code(checked));
    /* snprintf's contract on a buffer cut in half. */
    size_t cap = length / 2 + 1;
    memset(second, FILL, cap + 1);
    require(acs_policy_format(rules, second, cap) == length);
    require(memcmp(second, first, cap - 1) == 0 && second[cap - 1] == '\0');
    require((unsigned char)second[cap] == FILL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly size bytes, so that AddressSanitizer sees a read
    ** past the end. */
    static char first[TEXT_MAX];
    static char second[TEXT_MAX];
    char *text = malloc(size > 0 ? size : 1);
    require(text != NULL);
    if (size > 0) memcpy(text, data, size);

    acs_policy_rules unchecked, checked;
    acs_text_error unchecked_error, checked_error;
    int rc = parse(text, size, ACS_PARSE_UNCHECKED, &unchecked, &unchecked_error);
    int rc_checked = parse(text, size, 0, &checked, &checked_error);
    require(rc == ACS_OK || rc == ACS_E_SYNTAX || rc == ACS_E_LIMIT);
    if (rc != ACS_OK) {
        /* Refused before any check: the same answer, word for word. */
        require(memcmp(&checked_error, &unchecked_error, sizeof checked_error) == 0);
    } else {
        acs_policy policy;
        int built = acs_policy_build(&policy, &unchecked, NULL);
        require(rc_checked == built);
        if (built == ACS_OK) require(memcmp(&checked, &unchecked, sizeof checked) == 0);
        else require(is_problem_code(built));
        check_format(&unchecked, built == ACS_OK, first, second);
        lint_and_draw(&unchecked, built == ACS_OK, first);
    }
    free(text);
    return 0;
}
