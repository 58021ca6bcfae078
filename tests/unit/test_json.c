/*
** test_json.c: unit tests of src/json.c.
**
** acs_record_json and acs_record_parse_json: the exact text of a few
** records written out by hand; round trips of every record a run of the
** library produces (each event kind, each deadline kind, denials, and the
** same records chained), struct -> text -> struct and text -> struct ->
** text, and through the binary encoding; snprintf's contract at every
** buffer size; records the writer refuses; and the negative space of the
** parser: each malformed form from a table of mutations with the exact
** offset it must report, every prefix of a valid line, a NUL at every
** byte, and well-formed lines whose values decode would refuse.
*/
#include <stdbool.h>
#include <stdlib.h>

#include "fixtures.h"

#define T1 (FX_T0 + FX_HOUR)
#define RUN_MAX 96
#define SENTINEL_OFFSET ((size_t)0x5eed)

/* ------------------------------------------------------------------------
** A record written out by hand, and its text.
*/
#define EVIDENCE_HEX "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define POLICY_HEX "fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e0"
#define PREVIOUS_HEX "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"
#define HASH_HEX "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define ZERO_HEX "0000000000000000000000000000000000000000000000000000000000000000"

static const char base_line[] =
    "{\"v\":1,\"account\":4242424242424242,\"seq\":7,\"time\":1700003600000,"
    "\"kind\":\"HOLD\",\"reason\":\"SECURITY_COMPROMISE\",\"flags\":32,"
    "\"actor\":1004,\"actor_role\":\"SECURITY\",\"approver\":9003,"
    "\"approver_role\":\"COMPLIANCE\",\"status_before\":\"ACTIVE\","
    "\"status_after\":\"FROZEN\",\"lifecycle_before\":\"OPEN\","
    "\"lifecycle_after\":\"OPEN\",\"hold\":3,\"level\":\"FROZEN\",\"refusal\":0,"
    "\"deadline\":1701213200000,\"previous_deadline\":0,\"window_end\":0,"
    "\"evidence\":\"" EVIDENCE_HEX "\",\"policy\":\"" POLICY_HEX "\","
    "\"previous_hash\":\"" PREVIOUS_HEX "\",\"hash\":\"" HASH_HEX "\"}";

/* A chained HOLD record whose every field has a value of its own. */
static acs_record base_record(void)
{
    static const uint8_t hash_pattern[8] = {0x01, 0x23, 0x45, 0x67,
                                            0x89, 0xab, 0xcd, 0xef};
    acs_record record;
    memset(&record, 0, sizeof record);
    record.format_version = ACS_RECORD_VERSION;
    record.account_id = UINT64_C(4242424242424242);
    record.sequence = 7;
    record.time_ms = INT64_C(1700003600000);
    record.kind = ACS_EVENT_HOLD;
    record.reason = ACS_REASON_SECURITY_COMPROMISE;
    record.flags = ACS_RECORD_CHAINED;
    record.actor_id = 1004;
    record.actor_role = ACS_ROLE_SECURITY;
    record.approver_id = 9003;
    record.approver_role = ACS_ROLE_COMPLIANCE;
    record.status_before = ACS_STATUS_ACTIVE;
    record.status_after = ACS_STATUS_FROZEN;
    record.lifecycle_before = ACS_LIFECYCLE_OPEN;
    record.lifecycle_after = ACS_LIFECYCLE_OPEN;
    record.hold_id = 3;
    record.hold_level = ACS_LEVEL_FROZEN;
    record.deadline_ms = INT64_C(1701213200000);
    for (int i = 0; i < ACS_DIGEST_SIZE; i++) {
        record.evidence[i] = (uint8_t)i;
        record.policy_fingerprint[i] = (uint8_t)(0xff - i);
        record.previous_hash[i] = 0x5a;
        record.hash[i] = hash_pattern[i % 8];
    }
    return record;
}

/* Writes record, which must be one the writer accepts; returns the length. */
static size_t write_json(const acs_record *record, char buf[ACS_RECORD_JSON_MAX])
{
    memset(buf, FX_FILL, ACS_RECORD_JSON_MAX);
    size_t len = acs_record_json(record, buf, ACS_RECORD_JSON_MAX);
    assert_true(len > 0);
    assert_true(len < ACS_RECORD_JSON_MAX);
    assert_int_equal(buf[len], '\0');
    assert_int_equal(strlen(buf), len);
    return len;
}

/* Parses size bytes at text from a heap copy of exactly that size, so that
** a read past the end is caught by the sanitizers. */
static int parse_exact(acs_record *record, const char *text, size_t size, size_t *offset)
{
    char *copy = malloc(size > 0 ? size : 1);
    assert_non_null(copy);
    if (size > 0) memcpy(copy, text, size);
    int rc = acs_record_parse_json(record, copy, size, offset);
    free(copy);
    return rc;
}

/* Parses text, which must be refused with expected; proves that the record
** is untouched, and for ACS_E_SYNTAX that the offset is expected_offset,
** else that the offset is untouched. */
static void check_refused_at(const char *text, size_t size, int expected,
                             size_t expected_offset, const char *what, int line)
{
    acs_record record;
    size_t offset = SENTINEL_OFFSET;
    memset(&record, FX_FILL, sizeof record);
    int rc = parse_exact(&record, text, size, &offset);
    if (rc != expected || offset != expected_offset) {
        print_error("%s (line %d): returned %d (%s) at offset %zu, expected %d (%s) "
                    "at offset %zu\n%.*s\n",
                    what, line, rc, fx_code_name(rc), offset, expected,
                    fx_code_name(expected), expected_offset, (int)size, text);
        fail();
    }
    assert_filled(&record, sizeof record, FX_FILL);
    /* The same without an offset output. */
    rc = parse_exact(&record, text, size, NULL);
    assert_code(rc, expected);
    assert_filled(&record, sizeof record, FX_FILL);
}

/* Parses text, which must give record back, and writes it again, which
** must give text back: the identity in both directions. */
static void check_round_trip(const acs_record *record)
{
    char text[ACS_RECORD_JSON_MAX];
    char again[ACS_RECORD_JSON_MAX];
    acs_record parsed;
    size_t offset = SENTINEL_OFFSET;
    size_t len = write_json(record, text);

    memset(&parsed, FX_FILL, sizeof parsed);
    assert_code(parse_exact(&parsed, text, len, &offset), ACS_OK);
    assert_memory_equal(&parsed, record, sizeof parsed);
    assert_true(offset == SENTINEL_OFFSET);
    assert_int_equal(write_json(&parsed, again), len);
    assert_memory_equal(again, text, len);

    /* With the newline a log line ends with. */
    text[len] = '\n';
    memset(&parsed, FX_FILL, sizeof parsed);
    assert_code(parse_exact(&parsed, text, len + 1, NULL), ACS_OK);
    assert_memory_equal(&parsed, record, sizeof parsed);
}

/* ------------------------------------------------------------------------
** A run of the library: every kind of record it writes.
*/
typedef struct run {
    acs_record records[RUN_MAX];
    size_t count;
} run;

static void run_add(run *r, const acs_record *record)
{
    assert_true(r->count < RUN_MAX);
    r->records[r->count++] = *record;
}

static void run_apply(run *r, const acs_policy *policy, acs_account *account,
                      acs_event event)
{
    acs_record record;
    fx_apply_ok(policy, account, &event, &record);
    run_add(r, &record);
}

/* A refused event and its denial record. */
static void run_deny(run *r, const acs_policy *policy, acs_account *account,
                     acs_event event, int code)
{
    acs_record record;
    fx_apply_fails(policy, account, &event, code);
    assert_code(acs_record_denial(policy, account, &event, code, &record), ACS_OK);
    assert_true(record.refusal == code);
    run_add(r, &record);
}

static void run_advance(run *r, const acs_policy *policy, acs_account *account,
                        int64_t now_ms, unsigned expected)
{
    acs_record records[ACS_DEADLINES_MAX];
    unsigned written = fx_advance(policy, account, now_ms, records, NULL);
    assert_int_equal(written, expected);
    for (unsigned i = 0; i < written; i++) run_add(r, &records[i]);
}

static void run_open(run *r, const acs_policy *policy, acs_account *account, uint64_t id)
{
    acs_record record;
    assert_code(acs_account_open(account, id, FX_T0, policy, &record), ACS_OK);
    run_add(r, &record);
    run_apply(r, policy, account, fx_ev_verify(T1));
}

/* Under the default preset: holds of each level, extension, appeals
** answered and unanswered, lapses, denials, notice, rescission, the window
** extended and run out, and a close with funds. */
static void run_default(run *r)
{
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    run_open(r, &policy, &account, FX_ACCOUNT_ID);
    run_apply(r, &policy, &account, fx_ev_hold(&policy, T1 + 1, ACS_LEVEL_FROZEN));
    run_apply(r, &policy, &account, fx_ev_hold(&policy, T1 + 2, ACS_LEVEL_SUSPENDED));
    run_apply(r, &policy, &account,
              fx_ev_hold(&policy, T1 + 3, ACS_LEVEL_WITHDRAWAL_ONLY));
    run_apply(r, &policy, &account, fx_ev_extend(T1 + 4, 1, T1 + 20 * FX_DAY));
    run_apply(r, &policy, &account, fx_ev_appeal(T1 + 5, 2));
    run_apply(r, &policy, &account,
              fx_ev_decide(T1 + 6, 2, ACS_REASON_APPEAL_DISMISSED));
    run_apply(r, &policy, &account, fx_ev_appeal(T1 + 7, 3));
    run_apply(r, &policy, &account, fx_ev_lift(T1 + 8, 2));
    run_deny(r, &policy, &account, fx_ev_verify(T1 + 9), ACS_R_STATUS);
    run_deny(r, &policy, &account,
             fx_event(ACS_EVENT_HOLD, T1 + 9, ACS_ROLE_USER, ACS_REASON_USER_REQUEST),
             ACS_E_ENUM);
    acs_event hold = fx_ev_hold(&policy, T1 + 9, ACS_LEVEL_FROZEN);
    hold.actor_role = ACS_ROLE_USER;
    run_deny(r, &policy, &account, hold, ACS_R_ROLE);
    run_deny(r, &policy, &account, fx_ev_lift(T1 + 9, 99), ACS_E_HOLD_UNKNOWN);

    /* Hold 1's review (day 20) and the appeal against hold 3 (day 14). */
    const int64_t later = T1 + 21 * FX_DAY;
    run_advance(r, &policy, &account, later, 2);
    run_apply(r, &policy, &account, fx_ev_decide(later + 1, 3, ACS_REASON_APPEAL_UPHELD));
    run_apply(r, &policy, &account, fx_ev_lift(later + 2, 1));

    run_apply(r, &policy, &account,
              fx_ev_notice(&policy, later + 3, ACS_REASON_COMMERCIAL_DECISION));
    run_apply(r, &policy, &account, fx_ev_rescind(later + 4));
    run_apply(r, &policy, &account,
              fx_ev_notice(&policy, later + 5, ACS_REASON_USER_REQUEST));
    const int64_t end = fx_info(&account).window_end_ms;
    run_apply(r, &policy, &account, fx_ev_extend(later + 6, 0, end + 2 * FX_DAY));
    run_deny(r, &policy, &account, fx_ev_close(later + 7, 1), ACS_R_WINDOW_RUNNING);
    run_advance(r, &policy, &account, end + 2 * FX_DAY, 1);
    run_apply(r, &policy, &account, fx_ev_close(end + 2 * FX_DAY + 1, 1));
}

/* Under the consumer preset a lapsed review lifts its hold; the customer
** closes at once. Under the discretionary one a hold has no deadline. */
static void run_others(run *r)
{
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_CONSUMER);
    run_open(r, &policy, &account, UINT64_MAX);
    run_apply(r, &policy, &account, fx_ev_hold(&policy, T1 + 1, ACS_LEVEL_FROZEN));
    run_advance(r, &policy, &account, T1 + FX_YEAR, 1);
    run_apply(r, &policy, &account, fx_ev_close_by_user(T1 + FX_YEAR, 0));

    fx_preset(&policy, ACS_PRESET_DISCRETIONARY);
    run_open(r, &policy, &account, 0);
    acs_event hold = fx_ev_hold(&policy, T1 + 1, ACS_LEVEL_WITHDRAWAL_ONLY);
    fx_evidence(&hold, 0x77);
    run_apply(r, &policy, &account, hold);
}

/* The whole run, then every record of it again, chained. */
static void run_all(run *r)
{
    acs_chain chain;
    memset(r, 0, sizeof *r);
    run_default(r);
    run_others(r);
    size_t plain = r->count;
    assert_code(acs_chain_init(&chain), ACS_OK);
    for (size_t i = 0; i < plain; i++) {
        acs_record record = r->records[i];
        assert_code(acs_chain_append(&chain, &record), ACS_OK);
        run_add(r, &record);
    }
}

/* The run is what these tests claim it is: every kind, denials of both
** kinds of code, records chained and not, with and without nulls. */
static void test_run_covers_every_kind(void **state)
{
    (void)state;
    static run r;
    bool kinds[256] = {false};
    unsigned flags = 0;
    bool misuse_denial = false, refusal_denial = false;
    run_all(&r);
    for (size_t i = 0; i < r.count; i++) {
        const acs_record *record = &r.records[i];
        kinds[record->kind] = true;
        flags |= record->flags;
        if (record->refusal <= ACS_R_STATUS && record->refusal != 0) refusal_denial = true;
        if (record->refusal < 0 && record->refusal > ACS_R_STATUS) misuse_denial = true;
    }
    for (int kind = 1; kind < 256; kind++) {
        if (acs_event_name(kind) == NULL) continue;
        if (!kinds[kind]) print_error("no record of kind %s\n", acs_event_name(kind));
        assert_true(kinds[kind]);
    }
    assert_int_equal(flags, ACS_RECORD_FLAGS_ALL);
    assert_true(misuse_denial);
    assert_true(refusal_denial);
}

/* ------------------------------------------------------------------------
** The text of a record.
*/
static void test_exact_text(void **state)
{
    (void)state;
    char text[ACS_RECORD_JSON_MAX];
    acs_record record = base_record();
    assert_int_equal(write_json(&record, text), strlen(base_line));
    assert_string_equal(text, base_line);
}

/* An opening record: zero enums are null, zero digests are zeros. */
static void test_exact_text_with_nulls(void **state)
{
    (void)state;
    static const char expected[] =
        "{\"v\":1,\"account\":0,\"seq\":1,\"time\":0,\"kind\":\"OPEN\",\"reason\":null,"
        "\"flags\":0,\"actor\":0,\"actor_role\":null,\"approver\":0,"
        "\"approver_role\":null,\"status_before\":null,\"status_after\":\"PENDING\","
        "\"lifecycle_before\":null,\"lifecycle_after\":\"PENDING\",\"hold\":0,"
        "\"level\":null,\"refusal\":0,\"deadline\":0,\"previous_deadline\":0,"
        "\"window_end\":0,\"evidence\":\"" ZERO_HEX "\",\"policy\":\"" ZERO_HEX "\","
        "\"previous_hash\":\"" ZERO_HEX "\",\"hash\":\"" ZERO_HEX "\"}";
    char text[ACS_RECORD_JSON_MAX];
    acs_record record;
    memset(&record, 0, sizeof record);
    record.format_version = ACS_RECORD_VERSION;
    record.sequence = 1;
    record.kind = ACS_EVENT_OPEN;
    record.status_after = ACS_STATUS_PENDING;
    record.lifecycle_after = ACS_LIFECYCLE_PENDING;
    write_json(&record, text);
    assert_string_equal(text, expected);
    check_round_trip(&record);
}

/* A denial: a negative refusal code, and the longest reason name. */
static void test_exact_text_of_denial(void **state)
{
    (void)state;
    char text[ACS_RECORD_JSON_MAX];
    acs_record record = base_record();
    record.flags = ACS_RECORD_DENIAL | ACS_RECORD_CHAINED;
    record.refusal = ACS_R_ROLE;
    record.reason = ACS_REASON_COMMERCIAL_DECISION;
    record.status_after = ACS_STATUS_ACTIVE;
    record.hold_level = ACS_LEVEL_WITHDRAWAL_ONLY;
    write_json(&record, text);
    assert_non_null(strstr(text, ",\"flags\":33,"));
    assert_non_null(strstr(text, ",\"refusal\":-33,"));
    assert_non_null(strstr(text, ",\"reason\":\"COMMERCIAL_DECISION\","));
    assert_non_null(strstr(text, ",\"status_after\":\"ACTIVE\","));
    assert_non_null(strstr(text, ",\"level\":\"WITHDRAWAL_ONLY\","));
    check_round_trip(&record);
}

/* The largest value of every number and the longest name of every enum
** stay within ACS_RECORD_JSON_MAX. */
static acs_record longest_record(void)
{
    acs_record record = base_record();
    record.account_id = UINT64_MAX;
    record.sequence = ACS_SEQUENCE_MAX;
    record.actor_id = UINT64_MAX;
    record.approver_id = UINT64_MAX;
    record.time_ms = ACS_TIME_MAX_MS;
    record.deadline_ms = ACS_TIME_MAX_MS;
    record.previous_deadline_ms = ACS_TIME_MAX_MS;
    record.window_end_ms = ACS_TIME_MAX_MS;
    record.kind = ACS_EVENT_REVIEW_LAPSED;
    record.reason = ACS_REASON_SECURITY_COMPROMISE;
    record.flags = ACS_RECORD_FLAGS_ALL;
    record.refusal = ACS_R_NOTICE_RUNNING; /* the longest a denial carries */
    record.actor_role = ACS_ROLE_MANAGEMENT;
    record.approver_role = ACS_ROLE_COMPLIANCE;
    record.status_before = ACS_STATUS_WITHDRAWAL_ONLY;
    record.status_after = ACS_STATUS_WITHDRAWAL_ONLY;
    record.lifecycle_before = ACS_LIFECYCLE_CLOSING;
    record.lifecycle_after = ACS_LIFECYCLE_CLOSING;
    record.hold_id = ACS_HOLD_ID_MAX;
    record.hold_level = ACS_LEVEL_WITHDRAWAL_ONLY;
    return record;
}

static void test_longest_record(void **state)
{
    (void)state;
    char text[ACS_RECORD_JSON_MAX];
    acs_record record = longest_record();
    size_t len = write_json(&record, text);
    assert_non_null(strstr(text, "\"account\":18446744073709551615,"));
    assert_non_null(strstr(text, "\"time\":140737488355327,"));
    assert_non_null(strstr(text, "\"refusal\":-51,"));
    assert_non_null(strstr(text, "\"hold\":32767,"));
    assert_non_null(strstr(text, "\"flags\":63,"));
    assert_true(len < ACS_RECORD_JSON_MAX);
    check_round_trip(&record);
}

/* Every name of every enum field, in a record that is otherwise valid. */
static void test_every_name_round_trips(void **state)
{
    (void)state;
    acs_record record = base_record();
    for (int value = 1; value < 256; value++) {
        if (acs_event_name(value) != NULL) {
            record = base_record();
            record.kind = (uint8_t)value;
            check_round_trip(&record);
        }
        if (acs_reason_name(value) != NULL) {
            record = base_record();
            record.reason = (uint8_t)value;
            check_round_trip(&record);
        }
        if (acs_role_name(value) != NULL) {
            record = base_record();
            record.actor_role = (uint8_t)value;
            record.approver_role = (uint8_t)(ACS_ROLE_COUNT - value);
            check_round_trip(&record);
        }
        if (acs_status_name(value) != NULL) {
            record = base_record();
            record.status_before = (uint8_t)value;
            record.status_after = (uint8_t)(ACS_STATUS_COUNT - value);
            check_round_trip(&record);
        }
        if (acs_lifecycle_name(value) != NULL) {
            record = base_record();
            record.lifecycle_before = (uint8_t)value;
            record.lifecycle_after = (uint8_t)(5 - value);
            check_round_trip(&record);
        }
        if (acs_level_name(value) != NULL) {
            record = base_record();
            record.hold_level = (uint8_t)value;
            check_round_trip(&record);
        }
    }
}

/* Numbers at the edges of each field's valid values, and every code a
** denial can carry. */
static void test_number_edges_round_trip(void **state)
{
    (void)state;
    static const uint64_t u64s[] = {0, 1, 9, 10, 99, 100, UINT64_C(10000000000000000000),
                                    UINT64_MAX - 1, UINT64_MAX};
    static const int64_t times[] = {0, 1, 9, 10, ACS_TIME_MAX_MS - 1, ACS_TIME_MAX_MS};
    acs_record record;
    for (size_t i = 0; i < sizeof u64s / sizeof u64s[0]; i++) {
        record = base_record();
        record.account_id = u64s[i];
        record.actor_id = u64s[i];
        record.approver_id = u64s[i];
        record.sequence = u64s[i] % ((uint64_t)ACS_SEQUENCE_MAX + 1);
        check_round_trip(&record);
    }
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        record = base_record();
        record.time_ms = times[i];
        record.deadline_ms = times[i];
        record.previous_deadline_ms = times[i];
        record.window_end_ms = times[i];
        check_round_trip(&record);
    }
    for (int code = -1; code >= -255; code--) {
        /* The codes acs_apply refuses an event with: those a denial holds. */
        bool misuse = code >= ACS_E_LIMIT;
        bool refusal = code <= ACS_R_STATUS && code > ACS_P_NAME;
        if (acs_code_name(code) == NULL || !(misuse || refusal)) continue;
        record = base_record();
        record.flags |= ACS_RECORD_DENIAL;
        record.refusal = (int16_t)code;
        check_round_trip(&record);
    }
    for (unsigned hold = 0; hold <= ACS_HOLD_ID_MAX; hold += 0x1111) {
        record = base_record();
        record.hold_id = (uint16_t)hold;
        check_round_trip(&record);
    }
}

/* ------------------------------------------------------------------------
** Round trips over the run.
*/
static void test_run_round_trips(void **state)
{
    (void)state;
    static run r;
    run_all(&r);
    for (size_t i = 0; i < r.count; i++) check_round_trip(&r.records[i]);
}

/* binary -> struct -> text -> struct -> binary is the identity. */
static void test_run_through_binary(void **state)
{
    (void)state;
    static run r;
    run_all(&r);
    for (size_t i = 0; i < r.count; i++) {
        uint8_t binary[ACS_RECORD_ENCODED_SIZE], again[ACS_RECORD_ENCODED_SIZE];
        char text[ACS_RECORD_JSON_MAX];
        acs_record decoded, parsed;
        assert_code(acs_record_encode(&r.records[i], binary, sizeof binary), ACS_OK);
        assert_code(acs_record_decode(&decoded, binary, sizeof binary), ACS_OK);
        size_t len = write_json(&decoded, text);
        assert_code(acs_record_parse_json(&parsed, text, len, NULL), ACS_OK);
        assert_code(acs_record_encode(&parsed, again, sizeof again), ACS_OK);
        assert_memory_equal(again, binary, sizeof binary);
        assert_memory_equal(&parsed, &r.records[i], sizeof parsed);
    }
}

/* ------------------------------------------------------------------------
** The writer's contract.
*/

/* At every cap from 0 to past the length: the same return, the text cut
** and terminated inside cap, nothing written past it. */
static void check_truncation(const acs_record *record)
{
    char full[ACS_RECORD_JSON_MAX];
    char buf[ACS_RECORD_JSON_MAX + 8];
    size_t len = write_json(record, full);
    assert_int_equal(acs_record_json(record, NULL, 0), len);
    assert_int_equal(acs_record_json(record, NULL, 64), len);
    for (size_t cap = 0; cap <= len + 2; cap++) {
        memset(buf, FX_FILL, sizeof buf);
        assert_int_equal(acs_record_json(record, buf, cap), len);
        if (cap == 0) {
            assert_filled(buf, sizeof buf, FX_FILL);
            continue;
        }
        size_t kept = len < cap ? len : cap - 1;
        assert_memory_equal(buf, full, kept);
        assert_int_equal(buf[kept], '\0');
        assert_filled(buf + kept + 1, sizeof buf - kept - 1, FX_FILL);
    }
}

static void test_truncation(void **state)
{
    (void)state;
    acs_record record = base_record();
    check_truncation(&record);
    record = longest_record();
    check_truncation(&record);
}

/* The writer refuses what encode refuses: 0, and an empty string. */
static void test_writer_refuses_invalid_records(void **state)
{
    (void)state;
    char buf[ACS_RECORD_JSON_MAX];
    acs_record records[12];
    for (size_t i = 0; i < 12; i++) records[i] = base_record();
    records[0].format_version = 2;
    records[1].kind = 0;
    records[2].kind = ACS_EVENT_DECIDE + 1;
    records[3].reason = 12;
    records[4].actor_role = ACS_ROLE_COUNT;
    records[5].status_before = 0;
    records[6].hold_level = ACS_LEVEL_COUNT;
    records[7].reserved0 = 1;
    records[8].flags = 0x40;
    records[9].time_ms = -1;
    records[10].refusal = ACS_R_ROLE; /* without ACS_RECORD_DENIAL */
    records[11].hold_id = ACS_HOLD_ID_MAX + 1;
    for (size_t i = 0; i < 12; i++) {
        memset(buf, FX_FILL, sizeof buf);
        assert_int_equal(acs_record_json(&records[i], buf, sizeof buf), 0);
        assert_int_equal(buf[0], '\0');
        assert_filled(buf + 1, sizeof buf - 1, FX_FILL);
        assert_int_equal(acs_record_json(&records[i], NULL, 0), 0);
    }
    memset(buf, FX_FILL, sizeof buf);
    assert_int_equal(acs_record_json(NULL, buf, sizeof buf), 0);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(acs_record_json(NULL, NULL, 0), 0);
    memset(buf, FX_FILL, sizeof buf);
    assert_int_equal(acs_record_json(NULL, buf, 0), 0);
    assert_filled(buf, sizeof buf, FX_FILL);
}

/* ------------------------------------------------------------------------
** The parser's negative space.
*/
static void test_parse_null_arguments(void **state)
{
    (void)state;
    acs_record record;
    size_t offset = SENTINEL_OFFSET;
    memset(&record, FX_FILL, sizeof record);
    assert_code(acs_record_parse_json(NULL, base_line, strlen(base_line), &offset),
                ACS_E_NULL);
    assert_code(acs_record_parse_json(&record, NULL, 0, &offset), ACS_E_NULL);
    assert_code(acs_record_parse_json(&record, NULL, 10, &offset), ACS_E_NULL);
    assert_true(offset == SENTINEL_OFFSET);
    assert_filled(&record, sizeof record, FX_FILL);
    assert_code(acs_record_parse_json(&record, base_line, strlen(base_line), NULL), ACS_OK);
}

/* One change to the base line: the first occurrence of find (which must
** occur once) becomes replace, and the parser must report the problem at
** the offset of find plus delta. */
typedef struct mutation {
    const char *what;
    const char *find;
    const char *replace;
    size_t delta;
} mutation;

static const mutation syntax_errors[] = {
    /* Structure and whitespace. */
    {"empty object", base_line, "{}", 1},
    {"leading space", "{\"v\"", " {\"v\"", 0},
    {"no opening brace", "{\"v\"", "\"v\"", 0},
    {"array", "{\"v\"", "[{\"v\"", 0},
    {"space after colon", "\"v\":1", "\"v\": 1", 4},
    {"space before colon", "\"v\":1", "\"v\" :1", 3},
    {"space after comma", ",\"account\"", ", \"account\"", 1},
    {"tab after comma", ",\"seq\"", ",\t\"seq\"", 1},
    {"newline inside", ",\"seq\"", ",\n\"seq\"", 1},
    {"space before the brace", "\"}", "\" }", 1},
    {"newline before the brace", "\"}", "\"\n}", 1},
    {"missing comma", ",\"seq\"", "\"seq\"", 0},
    {"double comma", ",\"seq\"", ",,\"seq\"", 1},
    {"missing colon", "\"seq\":7", "\"seq\"7", 5},
    {"trailing comma", "\"}", "\",}", 1},
    {"missing closing brace", "\"}", "\"", 1},
    /* Keys. */
    {"missing first key", "{\"v\":1,", "{", 2},
    {"missing key", ",\"seq\":7", "", 2},
    {"missing last key", ",\"hash\":\"" HASH_HEX "\"", "", 0},
    {"keys swapped", "\"seq\":7,\"time\":1700003600000", "\"time\":1700003600000,\"seq\":7", 1},
    {"key renamed", "\"seq\"", "\"sequence\"", 4},
    {"key in capitals", "\"kind\"", "\"KIND\"", 1},
    {"key unquoted", "\"seq\":7", "seq:7", 0},
    {"key in single quotes", "\"seq\"", "'seq'", 0},
    {"key escaped", "\"seq\"", "\"s\\u0065q\"", 2},
    {"extra key at the end", "\"}", "\",\"extra\":1}", 1},
    {"extra key in the middle", ",\"time\"", ",\"extra\":1,\"time\"", 2},
    {"key repeated", ",\"seq\":7", ",\"seq\":7,\"seq\":7", 10},
    /* Numbers. */
    {"leading zero", "\"seq\":7", "\"seq\":07", 7},
    {"two zeros", "\"refusal\":0", "\"refusal\":00", 11},
    {"plus sign", "\"seq\":7", "\"seq\":+7", 6},
    {"minus in an unsigned field", "\"seq\":7", "\"seq\":-7", 6},
    {"minus zero", "\"refusal\":0", "\"refusal\":-0", 11},
    {"minus and a leading zero", "\"refusal\":0", "\"refusal\":-01", 11},
    {"minus alone", "\"refusal\":0", "\"refusal\":-", 11},
    {"double minus", "\"refusal\":0", "\"refusal\":--1", 11},
    {"fraction", "\"seq\":7", "\"seq\":7.0", 7},
    {"exponent", "\"seq\":7", "\"seq\":7e0", 7},
    {"hexadecimal", "\"seq\":7", "\"seq\":0x7", 7},
    {"quoted number", "\"seq\":7", "\"seq\":\"7\"", 6},
    {"number missing", "\"seq\":7", "\"seq\":", 6},
    {"null number", "\"seq\":7", "\"seq\":null", 6},
    {"true for a number", "\"flags\":32", "\"flags\":true", 8},
    {"u8 overflow (v)", "\"v\":1", "\"v\":256", 4},
    {"u8 overflow (flags)", "\"flags\":32", "\"flags\":256", 8},
    {"u8 overflow, long", "\"flags\":32", "\"flags\":99999999999999999999999", 8},
    {"u16 overflow", "\"hold\":3", "\"hold\":65536", 7},
    {"i16 overflow", "\"refusal\":0", "\"refusal\":32768", 10},
    {"i16 underflow", "\"refusal\":0", "\"refusal\":-32769", 10},
    {"u64 overflow", "\"account\":4242424242424242",
     "\"account\":18446744073709551616", 10},
    {"u64 overflow by far", "\"account\":4242424242424242",
     "\"account\":184467440737095516150", 10},
    {"u64 overflow, long", "\"actor\":1004", "\"actor\":99999999999999999999999999", 8},
    {"i64 overflow", "\"time\":1700003600000", "\"time\":9223372036854775808", 7},
    {"i64 underflow", "\"time\":1700003600000", "\"time\":-9223372036854775809", 7},
    {"i64 overflow of u64", "\"deadline\":1701213200000",
     "\"deadline\":18446744073709551616", 11},
    /* Names. */
    {"unknown name", "\"kind\":\"HOLD\"", "\"kind\":\"HOLDS\"", 7},
    {"name of a prefix", "\"reason\":\"SECURITY_COMPROMISE\"", "\"reason\":\"SECURITY\"", 9},
    {"name of another enum", "\"level\":\"FROZEN\"", "\"level\":\"ACTIVE\"", 8},
    {"reason as a kind", "\"kind\":\"HOLD\"", "\"kind\":\"SANCTIONS\"", 7},
    {"empty name", "\"kind\":\"HOLD\"", "\"kind\":\"\"", 7},
    {"name too long", "\"kind\":\"HOLD\"", "\"kind\":\"HOLDHOLDHOLDHOLDHOLDHOLDHOLD\"", 7},
    {"name in lower case", "\"status_after\":\"FROZEN\"", "\"status_after\":\"frozen\"", 16},
    {"name with a digit", "\"kind\":\"HOLD\"", "\"kind\":\"HOLD2\"", 12},
    {"name with a space", "\"kind\":\"HOLD\"", "\"kind\":\"HOLD \"", 12},
    {"name escaped", "\"kind\":\"HOLD\"", "\"kind\":\"HO\\u004cD\"", 10},
    {"name unquoted", "\"kind\":\"HOLD\"", "\"kind\":HOLD", 7},
    {"name unterminated", "\"kind\":\"HOLD\"", "\"kind\":\"HOLD", 12},
    {"NULL in capitals", "\"kind\":\"HOLD\"", "\"kind\":NULL", 7},
    {"null cut short", "\"kind\":\"HOLD\"", "\"kind\":nul", 10},
    {"null quoted", "\"kind\":\"HOLD\"", "\"kind\":\"null\"", 8},
    {"role as a number", "\"actor_role\":\"SECURITY\"", "\"actor_role\":4", 13},
    /* Digests. */
    {"hex in capitals", "0a0b0c", "0A0b0c", 1},
    {"hex not hex", "0a0b0c", "0a0g0c", 3},
    {"hex short", "1e1f\"", "1e1\"", 3},
    {"hex long", "1e1f\"", "1e1f0\"", 4},
    {"hex empty", "\"evidence\":\"" EVIDENCE_HEX "\"", "\"evidence\":\"\"", 12},
    {"hex null", "\"evidence\":\"" EVIDENCE_HEX "\"", "\"evidence\":null", 11},
    {"hex unquoted", "\"evidence\":\"", "\"evidence\":", 11},
    {"hex with 0x", "\"evidence\":\"", "\"evidence\":\"0x", 13},
    {"hex with a space", "0a0b0c", "0a 0b0c", 2},
    /* After the record. */
    {"trailing garbage", "\"}", "\"}x", 2},
    {"trailing space", "\"}", "\"} ", 2},
    {"two newlines", "\"}", "\"}\n\n", 3},
    {"carriage return", "\"}", "\"}\r\n", 2},
    {"space after the newline", "\"}", "\"}\n ", 3},
    {"second brace", "\"}", "\"}}", 2},
    {"two records", "\"}", "\"}\n{\"v\":1}", 3},
};

/* Applies m to the base line into out; returns the length and the offset
** where find was. */
static size_t mutate(const mutation *m, char *out, size_t cap, size_t *at)
{
    const char *found = strstr(base_line, m->find);
    if (found == NULL || strstr(found + 1, m->find) != NULL)
        print_error("%s: \"%s\" is not in the base line exactly once\n", m->what, m->find);
    assert_non_null(found);
    assert_null(strstr(found + 1, m->find));
    size_t before = (size_t)(found - base_line);
    size_t find_len = strlen(m->find);
    size_t replace_len = strlen(m->replace);
    size_t after = strlen(base_line) - before - find_len;
    assert_true(before + replace_len + after < cap);
    memcpy(out, base_line, before);
    memcpy(out + before, m->replace, replace_len);
    memcpy(out + before + replace_len, found + find_len, after);
    *at = before;
    return before + replace_len + after;
}

static void test_syntax_errors(void **state)
{
    (void)state;
    char text[2 * ACS_RECORD_JSON_MAX];
    for (size_t i = 0; i < sizeof syntax_errors / sizeof syntax_errors[0]; i++) {
        const mutation *m = &syntax_errors[i];
        size_t at = 0;
        size_t len = mutate(m, text, sizeof text, &at);
        check_refused_at(text, len, ACS_E_SYNTAX, at + m->delta, m->what, (int)i);
    }
}

/* Texts that are not near a record at all. */
static void test_syntax_errors_of_odd_texts(void **state)
{
    (void)state;
    check_refused_at("", 0, ACS_E_SYNTAX, 0, "empty", __LINE__);
    check_refused_at("\n", 1, ACS_E_SYNTAX, 0, "newline", __LINE__);
    check_refused_at("{}", 2, ACS_E_SYNTAX, 1, "empty object", __LINE__);
    check_refused_at("null", 4, ACS_E_SYNTAX, 0, "null", __LINE__);
    check_refused_at("\xef\xbb\xbf{", 4, ACS_E_SYNTAX, 0, "byte order mark", __LINE__);
    check_refused_at("{\"v\":1", 6, ACS_E_SYNTAX, 6, "cut after a value", __LINE__);
}

/* Every prefix of a valid line is refused, at its own end. */
static void check_every_prefix(const char *text, size_t len)
{
    for (size_t n = 0; n < len; n++)
        check_refused_at(text, n, ACS_E_SYNTAX, n, "prefix", (int)n);
    acs_record record;
    assert_code(parse_exact(&record, text, len, NULL), ACS_OK);
}

static void test_every_prefix(void **state)
{
    (void)state;
    char text[ACS_RECORD_JSON_MAX];
    check_every_prefix(base_line, strlen(base_line));
    acs_record record = longest_record();
    size_t len = write_json(&record, text);
    check_every_prefix(text, len);
    /* A prefix with the newline is no better. */
    text[len - 1] = '\n';
    check_refused_at(text, len, ACS_E_SYNTAX, len - 1, "prefix and newline", __LINE__);
}

static void test_every_prefix_of_the_run(void **state)
{
    (void)state;
    static run r;
    char text[ACS_RECORD_JSON_MAX];
    run_all(&r);
    /* The plain records of the run; the chained ones differ in digits. */
    for (size_t i = 0; i < r.count / 2; i++) {
        size_t len = write_json(&r.records[i], text);
        check_every_prefix(text, len);
    }
}

/* A NUL at any byte of a valid line is an unexpected byte right there. */
static void test_nul_at_every_byte(void **state)
{
    (void)state;
    char text[ACS_RECORD_JSON_MAX + 2];
    size_t len = strlen(base_line);
    for (size_t i = 0; i < len; i++) {
        memcpy(text, base_line, len);
        text[i] = '\0';
        check_refused_at(text, len, ACS_E_SYNTAX, i, "NUL", (int)i);
    }
    /* After the record, with and without the newline: the caller counted
    ** the terminator into size. */
    memcpy(text, base_line, len + 1);
    check_refused_at(text, len + 1, ACS_E_SYNTAX, len, "NUL terminator", __LINE__);
    text[len] = '\n';
    text[len + 1] = '\0';
    check_refused_at(text, len + 2, ACS_E_SYNTAX, len + 1, "newline and NUL", __LINE__);
}

/* Well-formed lines whose values decode would refuse: its code, the
** offset untouched. And the edges that are still valid. */
typedef struct value_case {
    const char *what;
    const char *find;
    const char *replace;
    int code;
} value_case;

static const value_case value_cases[] = {
    {"version 2", "\"v\":1", "\"v\":2", ACS_E_VERSION},
    {"version 0", "\"v\":1", "\"v\":0", ACS_E_VERSION},
    {"version 255", "\"v\":1", "\"v\":255", ACS_E_VERSION},
    {"no kind", "\"kind\":\"HOLD\"", "\"kind\":null", ACS_E_ENUM},
    {"no status after", "\"status_after\":\"FROZEN\"", "\"status_after\":null", ACS_E_ENUM},
    {"no status before", "\"status_before\":\"ACTIVE\"", "\"status_before\":null",
     ACS_E_ENUM},
    {"no lifecycle after", "\"lifecycle_after\":\"OPEN\"", "\"lifecycle_after\":null",
     ACS_E_ENUM},
    {"refusal without denial", "\"refusal\":0", "\"refusal\":-33", ACS_E_ENUM},
    {"refusal that is no code", "\"flags\":32", "\"flags\":33", ACS_E_ENUM},
    {"refusal of i16's minimum", "\"refusal\":0", "\"refusal\":-32768", ACS_E_ENUM},
    {"every flag", "\"flags\":32", "\"flags\":255", ACS_E_ENUM},
    {"unknown flag", "\"flags\":32", "\"flags\":96", ACS_E_RESERVED},
    {"hashes without the chain flag", "\"flags\":32", "\"flags\":0", ACS_E_RESERVED},
    {"hold id past the maximum", "\"hold\":3", "\"hold\":32768", ACS_E_RESERVED},
    {"hold id of u16's maximum", "\"hold\":3", "\"hold\":65535", ACS_E_RESERVED},
    {"sequence past the maximum", "\"seq\":7", "\"seq\":4294967296", ACS_E_RESERVED},
    {"negative time", "\"time\":1700003600000", "\"time\":-1", ACS_E_RESERVED},
    {"time of i64's maximum", "\"time\":1700003600000", "\"time\":9223372036854775807",
     ACS_E_RESERVED},
    {"time of i64's minimum", "\"time\":1700003600000", "\"time\":-9223372036854775808",
     ACS_E_RESERVED},
    {"deadline past the maximum", "\"deadline\":1701213200000",
     "\"deadline\":140737488355328", ACS_E_RESERVED},
    {"account of u64's maximum", "\"account\":4242424242424242",
     "\"account\":18446744073709551615", ACS_OK},
    {"approver of zero", "\"approver\":9003", "\"approver\":0", ACS_OK},
    {"no reason", "\"reason\":\"SECURITY_COMPROMISE\"", "\"reason\":null", ACS_OK},
    {"no level", "\"level\":\"FROZEN\"", "\"level\":null", ACS_OK},
    {"deadline at the maximum", "\"deadline\":1701213200000", "\"deadline\":140737488355327",
     ACS_OK},
};

static void test_valid_syntax_invalid_values(void **state)
{
    (void)state;
    char text[2 * ACS_RECORD_JSON_MAX];
    char again[ACS_RECORD_JSON_MAX];
    for (size_t i = 0; i < sizeof value_cases / sizeof value_cases[0]; i++) {
        const value_case *c = &value_cases[i];
        const mutation m = {c->what, c->find, c->replace, 0};
        size_t at = 0;
        size_t len = mutate(&m, text, sizeof text, &at);
        if (c->code != ACS_OK) {
            check_refused_at(text, len, c->code, SENTINEL_OFFSET, c->what, (int)i);
            continue;
        }
        acs_record record;
        size_t offset = SENTINEL_OFFSET;
        assert_code(parse_exact(&record, text, len, &offset), ACS_OK);
        assert_true(offset == SENTINEL_OFFSET);
        assert_int_equal(write_json(&record, again), len);
        assert_memory_equal(again, text, len);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_covers_every_kind),
        cmocka_unit_test(test_exact_text),
        cmocka_unit_test(test_exact_text_with_nulls),
        cmocka_unit_test(test_exact_text_of_denial),
        cmocka_unit_test(test_longest_record),
        cmocka_unit_test(test_every_name_round_trips),
        cmocka_unit_test(test_number_edges_round_trip),
        cmocka_unit_test(test_run_round_trips),
        cmocka_unit_test(test_run_through_binary),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_writer_refuses_invalid_records),
        cmocka_unit_test(test_parse_null_arguments),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_syntax_errors_of_odd_texts),
        cmocka_unit_test(test_every_prefix),
        cmocka_unit_test(test_every_prefix_of_the_run),
        cmocka_unit_test(test_nul_at_every_byte),
        cmocka_unit_test(test_valid_syntax_invalid_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
