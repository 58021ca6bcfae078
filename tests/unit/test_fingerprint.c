/*
** test_fingerprint.c: the policy fingerprint (fingerprint.c), which every
** record carries.
**
** The test encodes rules itself, field by field, as docs/audit-format.md
** section 3 lays the canonical encoding out, hashes that with SHA-256 and
** compares with what acs_policy_build computed; so a change of the encoding
** that the document does not make fails here. The presets' fingerprints are
** pinned as well: a changed preset is another policy, and records made
** under it say so.
*/
#include "fixtures.h"

/* ------------------------------------------------------------------------
** The encoding, as the document gives it.
*/

#define ENCODING_MAX (606 + 4 * ACS_HOLIDAYS_MAX)

typedef struct encoding {
    uint8_t bytes[ENCODING_MAX];
    size_t size;
} encoding;

static void put_bytes(encoding *e, const void *data, size_t size)
{
    assert_true(e->size + size <= ENCODING_MAX);
    memcpy(e->bytes + e->size, data, size);
    e->size += size;
}

/* Little-endian, width bytes. */
static void put_le(encoding *e, uint64_t value, int width)
{
    for (int i = 0; i < width; i++) {
        uint8_t byte = (uint8_t)(value >> (8 * i));
        put_bytes(e, &byte, 1);
    }
}

static void put_periods(encoding *e, const acs_period *periods, int count)
{
    for (int i = 0; i < count; i++) {
        put_le(e, periods[i].count, 4);
        put_le(e, periods[i].unit, 4);
    }
}

static void encode_rules(const acs_policy_rules *rules, encoding *e)
{
    memset(e, 0, sizeof *e);
    static const char domain[] = "acctstate policy v2";
    put_bytes(e, domain, 19);
    uint8_t name[32];
    memset(name, 0, sizeof name);
    for (size_t i = 0; i < sizeof name && rules->name[i] != '\0'; i++)
        name[i] = (uint8_t)rules->name[i];
    put_bytes(e, name, sizeof name);
    for (int r = 0; r < ACS_RULE_COUNT; r++) {
        const acs_rule *rule = &rules->rules[r];
        put_le(e, rule->from_statuses, 4);
        put_le(e, rule->actor_roles, 4);
        put_le(e, rule->approver_roles, 4);
        put_le(e, rule->reasons, 8);
        put_le(e, rule->reasons_evidence, 8);
    }
    put_le(e, rules->reasons_never_valid, 8);
    put_periods(e, rules->review_default, 4);
    put_periods(e, rules->review_max, 4);
    put_periods(e, rules->notice, 16);
    put_periods(e, &rules->window_extension_max, 1);
    put_periods(e, &rules->appeal_window, 1);
    put_periods(e, &rules->appeal_answer, 1);
    put_bytes(e, rules->capabilities, 7);
    put_le(e, rules->flags, 4);
    put_le(e, rules->calendar.weekend, 4);
    put_le(e, (uint32_t)rules->calendar.utc_offset_minutes, 4);
    put_le(e, rules->calendar.holiday_count, 4);
    for (uint32_t i = 0; i < rules->calendar.holiday_count; i++)
        put_le(e, rules->calendar.holidays[i], 4);
    assert_int_equal(e->size, 606 + 4 * rules->calendar.holiday_count);
}

static void expect_documented(const acs_policy_rules *rules)
{
    acs_policy policy;
    fx_build(&policy, rules);
    encoding e;
    encode_rules(rules, &e);
    uint8_t digest[ACS_SHA256_SIZE];
    acs_sha256(e.bytes, e.size, digest);
    assert_memory_equal(policy.fingerprint, digest, ACS_SHA256_SIZE);
}

static void test_presets_follow_the_document(void **state)
{
    (void)state;
    for (int preset = ACS_PRESET_DEFAULT; preset <= ACS_PRESET_DISCRETIONARY; preset++)
        expect_documented(acs_preset_rules(preset));
}

/* Rules that use every part of the encoding: hours, business days, a
** negative offset (its two's complement), a full holiday table. */
static void test_every_part_follows_the_document(void **state)
{
    (void)state;
    acs_policy_rules rules = *acs_preset_rules(ACS_PRESET_DEFAULT);
    rules.review_default[ACS_LEVEL_FROZEN] = (acs_period){36, ACS_UNIT_HOURS};
    rules.review_max[ACS_LEVEL_FROZEN] = (acs_period){72, ACS_UNIT_HOURS};
    rules.notice[ACS_REASON_USER_REQUEST] = (acs_period){10000, ACS_UNIT_BUSINESS_DAYS};
    rules.appeal_answer = (acs_period){15, ACS_UNIT_BUSINESS_DAYS};
    rules.window_extension_max = (acs_period){0, ACS_UNIT_NONE};
    rules.calendar.weekend = ACS_WEEKDAY_BIT(ACS_FRIDAY) | ACS_WEEKDAY_BIT(ACS_SATURDAY);
    rules.calendar.utc_offset_minutes = -720;
    rules.calendar.holiday_count = ACS_HOLIDAYS_MAX;
    /* The first 256 days of 2030. */
    static const int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    uint32_t month = 1, day = 1;
    for (int i = 0; i < ACS_HOLIDAYS_MAX; i++) {
        rules.calendar.holidays[i] = 20300000u + 100u * month + day;
        if (++day > (uint32_t)lengths[month - 1]) {
            day = 1;
            month++;
        }
    }
    expect_documented(&rules);
}

/* ------------------------------------------------------------------------
** Pinned digests: the fingerprints of the shipped presets.
*/

static void hex(const char *text, uint8_t out[ACS_SHA256_SIZE])
{
    assert_int_equal(strlen(text), 2 * ACS_SHA256_SIZE);
    for (size_t i = 0; i < ACS_SHA256_SIZE; i++) {
        unsigned value = 0;
        for (size_t j = 0; j < 2; j++) {
            char c = text[2 * i + j];
            unsigned digit = c >= 'a' ? (unsigned)(c - 'a' + 10) : (unsigned)(c - '0');
            assert_true(digit < 16);
            value = value * 16 + digit;
        }
        out[i] = (uint8_t)value;
    }
}

static void test_preset_fingerprints(void **state)
{
    (void)state;
    static const struct {
        int preset;
        const char *digest;
    } pinned[] = {
        {ACS_PRESET_DEFAULT, "6a3e045b26e2d50b158e9be08f714bb6c4f005d348d214ff5028a549c4ce243f"},
        {ACS_PRESET_CONSUMER, "b03d6e556b4232842f2d89811ca59efb5e98845c522912dfd609d5b89d25f236"},
        {ACS_PRESET_DISCRETIONARY,
         "02a94797a32670e47fff5cf91562b1f59f42eb06f87d9b579baa69d4dc3c5530"},
    };
    for (size_t i = 0; i < sizeof pinned / sizeof pinned[0]; i++) {
        acs_policy policy;
        fx_preset(&policy, pinned[i].preset);
        uint8_t want[ACS_SHA256_SIZE];
        hex(pinned[i].digest, want);
        assert_memory_equal(policy.fingerprint, want, ACS_SHA256_SIZE);
    }
}

/* ------------------------------------------------------------------------
** What the fingerprint covers and what it does not.
*/

static void fingerprint_of(const acs_policy_rules *rules, uint8_t out[ACS_DIGEST_SIZE])
{
    acs_policy policy;
    fx_build(&policy, rules);
    memcpy(out, policy.fingerprint, ACS_DIGEST_SIZE);
}

/* Bytes after the name's NUL and padding are not the policy's: two tables
** the library treats the same have the same fingerprint. */
static void test_same_policy_same_fingerprint(void **state)
{
    (void)state;
    const acs_policy_rules *base = acs_preset_rules(ACS_PRESET_CONSUMER);
    uint8_t want[ACS_DIGEST_SIZE], got[ACS_DIGEST_SIZE];
    fingerprint_of(base, want);

    /* The same rules in a table filled with other bytes first, padding
    ** included. */
    acs_policy_rules copy;
    memset(&copy, 0xee, sizeof copy);
    memset(copy.name, 0, sizeof copy.name);
    strcpy(copy.name, base->name);
    memcpy(copy.rules, base->rules, sizeof copy.rules);
    for (int r = 0; r < ACS_RULE_COUNT; r++) copy.rules[r].reserved = 0;
    copy.reasons_never_valid = base->reasons_never_valid;
    memcpy(copy.review_default, base->review_default, sizeof copy.review_default);
    memcpy(copy.review_max, base->review_max, sizeof copy.review_max);
    memcpy(copy.notice, base->notice, sizeof copy.notice);
    copy.window_extension_max = base->window_extension_max;
    copy.appeal_window = base->appeal_window;
    copy.appeal_answer = base->appeal_answer;
    memcpy(copy.capabilities, base->capabilities, sizeof copy.capabilities);
    copy.reserved_bytes[0] = 0;
    copy.flags = base->flags;
    copy.calendar = base->calendar;
    fingerprint_of(&copy, got);
    assert_memory_equal(got, want, ACS_DIGEST_SIZE);

    /* Bytes after the name's NUL. */
    copy.name[sizeof copy.name - 1] = 'z';
    copy.name[strlen(base->name) + 1] = '"';
    fingerprint_of(&copy, got);
    assert_memory_equal(got, want, ACS_DIGEST_SIZE);
}

typedef void (*change)(acs_policy_rules *rules);

static void change_name(acs_policy_rules *rules) { rules->name[0] = 'C'; }
static void change_rule(acs_policy_rules *rules)
{
    rules->rules[ACS_RULE_DECIDE].actor_roles |= ACS_ROLE_BIT(ACS_ROLE_SUPPORT);
}
static void change_count(acs_policy_rules *rules) { rules->appeal_answer.count = 16; }
static void change_unit(acs_policy_rules *rules)
{
    rules->appeal_answer.unit = ACS_UNIT_DAYS;
}
/* The same length of time in another unit is another policy. */
static void change_days_to_hours(acs_policy_rules *rules)
{
    rules->notice[ACS_REASON_COMMERCIAL_DECISION] = (acs_period){62 * 24, ACS_UNIT_HOURS};
}
static void change_weekend(acs_policy_rules *rules)
{
    rules->calendar.weekend |= ACS_WEEKDAY_BIT(ACS_FRIDAY);
}
static void change_offset(acs_policy_rules *rules) { rules->calendar.utc_offset_minutes = 120; }
static void change_holiday(acs_policy_rules *rules) { rules->calendar.holidays[35] = 20301231; }
static void drop_holiday(acs_policy_rules *rules)
{
    rules->calendar.holidays[35] = 0;
    rules->calendar.holiday_count = 35;
}
static void change_capability(acs_policy_rules *rules)
{
    rules->capabilities[ACS_STATUS_FROZEN] |= ACS_CAP_WITHDRAW;
}
static void change_flags(acs_policy_rules *rules) { rules->flags ^= ACS_POLICY_LAPSE_LIFTS; }

/* Every field the library reads is covered: changing one changes the
** fingerprint. */
static void test_every_field_counts(void **state)
{
    (void)state;
    const change changes[] = {
        change_name, change_rule, change_count, change_unit, change_days_to_hours,
        change_weekend, change_offset, change_holiday, drop_holiday, change_capability,
        change_flags,
    };
    const acs_policy_rules *base = acs_preset_rules(ACS_PRESET_CONSUMER);
    uint8_t original[ACS_DIGEST_SIZE];
    fingerprint_of(base, original);
    for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
        acs_policy_rules rules = *base;
        changes[i](&rules);
        uint8_t changed[ACS_DIGEST_SIZE];
        fingerprint_of(&rules, changed);
        if (memcmp(changed, original, ACS_DIGEST_SIZE) == 0) print_error("change %zu\n", i);
        assert_memory_not_equal(changed, original, ACS_DIGEST_SIZE);
        expect_documented(&rules);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_presets_follow_the_document),
        cmocka_unit_test(test_every_part_follows_the_document),
        cmocka_unit_test(test_preset_fingerprints),
        cmocka_unit_test(test_same_policy_same_fingerprint),
        cmocka_unit_test(test_every_field_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
