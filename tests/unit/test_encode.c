/*
** test_encode.c: unit tests of the binary form of a record (src/encode.c).
**
** Every record the library writes (each event kind, each deadline kind,
** denials, under each preset, chained and not) survives the trip struct ->
** bytes -> struct and bytes -> struct -> bytes unchanged, with each field at
** its documented offset. One record built by hand is checked byte for byte
** against the layout of docs/audit-format.md, written out here as numbers so
** that a change of layout cannot pass unnoticed. Then the negative space:
** every way decode refuses bytes, each with its own code and the output
** untouched, and every way encode refuses a record, with the buffer
** untouched.
*/
#include "audit_fixtures.h"

#define SIZE ACS_RECORD_ENCODED_SIZE

/* Offsets of docs/audit-format.md, written out independently of encode.c. */
enum {
    OFF_VERSION = 4,
    OFF_KIND = 5,
    OFF_REASON = 6,
    OFF_FLAGS = 7,
    OFF_ACTOR_ROLE = 8,
    OFF_APPROVER_ROLE = 9,
    OFF_STATUS_BEFORE = 10,
    OFF_STATUS_AFTER = 11,
    OFF_LIFECYCLE_BEFORE = 12,
    OFF_LIFECYCLE_AFTER = 13,
    OFF_HOLD_LEVEL = 14,
    OFF_RESERVED0 = 15,
    OFF_HOLD_ID = 16,
    OFF_REFUSAL = 18,
    OFF_RESERVED1 = 20,
    OFF_ACCOUNT = 24,
    OFF_SEQUENCE = 32,
    OFF_TIME = 40,
    OFF_ACTOR = 48,
    OFF_APPROVER = 56,
    OFF_DEADLINE = 64,
    OFF_PREVIOUS_DEADLINE = 72,
    OFF_WINDOW_END = 80,
    OFF_EVIDENCE = 88,
    OFF_POLICY = 120,
    OFF_PREVIOUS_HASH = 152,
    OFF_HASH = 184
};

/* The four time fields, which decode limits to 0 .. ACS_TIME_MAX_MS. */
static const size_t time_offsets[] = {OFF_TIME, OFF_DEADLINE, OFF_PREVIOUS_DEADLINE,
                                      OFF_WINDOW_END};

static uint64_t get_le(const uint8_t *at, size_t width)
{
    uint64_t value = 0;
    for (size_t i = width; i > 0; i--) value = value << 8 | at[i - 1];
    return value;
}

static void encode_ok(const acs_record *record, uint8_t out[SIZE])
{
    memset(out, FX_FILL, SIZE);
    assert_code(acs_record_encode(record, out, SIZE), ACS_OK);
}

/* Each field of record at its offset in bytes, little-endian. */
static void check_fields_at_offsets(const acs_record *record, const uint8_t *bytes)
{
    assert_memory_equal(bytes, "ACSR", 4);
    assert_int_equal(bytes[OFF_VERSION], record->format_version);
    assert_int_equal(bytes[OFF_KIND], record->kind);
    assert_int_equal(bytes[OFF_REASON], record->reason);
    assert_int_equal(bytes[OFF_FLAGS], record->flags);
    assert_int_equal(bytes[OFF_ACTOR_ROLE], record->actor_role);
    assert_int_equal(bytes[OFF_APPROVER_ROLE], record->approver_role);
    assert_int_equal(bytes[OFF_STATUS_BEFORE], record->status_before);
    assert_int_equal(bytes[OFF_STATUS_AFTER], record->status_after);
    assert_int_equal(bytes[OFF_LIFECYCLE_BEFORE], record->lifecycle_before);
    assert_int_equal(bytes[OFF_LIFECYCLE_AFTER], record->lifecycle_after);
    assert_int_equal(bytes[OFF_HOLD_LEVEL], record->hold_level);
    assert_int_equal(bytes[OFF_RESERVED0], 0);
    assert_int_equal(get_le(bytes + OFF_HOLD_ID, 2), record->hold_id);
    assert_int_equal(get_le(bytes + OFF_REFUSAL, 2), (uint16_t)record->refusal);
    assert_zero_bytes(bytes + OFF_RESERVED1, 4);
    assert_true(get_le(bytes + OFF_ACCOUNT, 8) == record->account_id);
    assert_true(get_le(bytes + OFF_SEQUENCE, 8) == record->sequence);
    assert_true(get_le(bytes + OFF_TIME, 8) == (uint64_t)record->time_ms);
    assert_true(get_le(bytes + OFF_ACTOR, 8) == record->actor_id);
    assert_true(get_le(bytes + OFF_APPROVER, 8) == record->approver_id);
    assert_true(get_le(bytes + OFF_DEADLINE, 8) == (uint64_t)record->deadline_ms);
    assert_true(get_le(bytes + OFF_PREVIOUS_DEADLINE, 8) ==
                (uint64_t)record->previous_deadline_ms);
    assert_true(get_le(bytes + OFF_WINDOW_END, 8) == (uint64_t)record->window_end_ms);
    assert_memory_equal(bytes + OFF_EVIDENCE, record->evidence, ACS_DIGEST_SIZE);
    assert_memory_equal(bytes + OFF_POLICY, record->policy_fingerprint, ACS_DIGEST_SIZE);
    assert_memory_equal(bytes + OFF_PREVIOUS_HASH, record->previous_hash, ACS_DIGEST_SIZE);
    assert_memory_equal(bytes + OFF_HASH, record->hash, ACS_DIGEST_SIZE);
}

/* struct -> bytes -> struct gives the same struct, and bytes -> struct ->
** bytes the same bytes; decode reads only the first SIZE bytes of a longer
** buffer. */
static void check_round_trip(const acs_record *record)
{
    uint8_t bytes[SIZE + 8];
    uint8_t again[SIZE];
    acs_record decoded;

    encode_ok(record, bytes);
    check_fields_at_offsets(record, bytes);
    memset(&decoded, FX_FILL, sizeof decoded);
    assert_code(acs_record_decode(&decoded, bytes, SIZE), ACS_OK);
    assert_memory_equal(&decoded, record, sizeof decoded);
    encode_ok(&decoded, again);
    assert_memory_equal(again, bytes, SIZE);

    memset(bytes + SIZE, 0xEE, 8);
    memset(&decoded, FX_FILL, sizeof decoded);
    assert_code(acs_record_decode(&decoded, bytes, sizeof bytes), ACS_OK);
    assert_memory_equal(&decoded, record, sizeof decoded);
}

/* What a set of records covered. */
typedef struct coverage {
    unsigned kinds[ACS_EVENT_WINDOW_ENDED + 1];
    unsigned flags;
    unsigned denials;
} coverage;

static void check_all_round_trip(const acs_record *records, size_t count, coverage *seen)
{
    for (size_t i = 0; i < count; i++) {
        check_round_trip(&records[i]);
        if (seen == NULL) continue;
        seen->kinds[records[i].kind]++;
        seen->flags |= records[i].flags;
        if (records[i].flags & ACS_RECORD_DENIAL) seen->denials++;
    }
}

static void chain_all(acs_record *records, size_t count)
{
    acs_chain chain;
    assert_code(acs_chain_init(&chain), ACS_OK);
    for (size_t i = 0; i < count; i++)
        assert_code(acs_chain_append(&chain, &records[i]), ACS_OK);
}

/* ------------------------------------------------------------------------
** Round trips.
*/
static void test_round_trip_every_kind(void **state)
{
    (void)state;
    static af_log log;
    acs_policy policy;
    coverage seen;
    memset(&seen, 0, sizeof seen);
    void (*const stories[])(acs_policy *, uint64_t, af_log *) = {
        af_story_default, af_story_consumer, af_story_discretionary};

    for (size_t s = 0; s < sizeof stories / sizeof stories[0]; s++) {
        stories[s](&policy, FX_ACCOUNT_ID + s, &log);
        check_all_round_trip(log.records, log.count, &seen);
        chain_all(log.records, log.count);
        check_all_round_trip(log.records, log.count, &seen);
    }
    for (int kind = ACS_EVENT_VERIFY; kind <= ACS_EVENT_WINDOW_ENDED; kind++) {
        if (acs_event_name(kind) == NULL) continue;
        if (seen.kinds[kind] == 0) print_error("no record of kind %s\n", acs_event_name(kind));
        assert_true(seen.kinds[kind] > 0);
    }
    assert_int_equal(seen.flags, ACS_RECORD_FLAGS_ALL);
    assert_true(seen.denials >= 2 * 6);
}

/* Long random streams under each preset, plain and chained. */
#define STREAM_LENGTH 600
static void test_round_trip_random_streams(void **state)
{
    (void)state;
    static acs_record records[STREAM_LENGTH];
    static acs_chain states[STREAM_LENGTH + 1];
    static const int presets[] = {ACS_PRESET_DEFAULT, ACS_PRESET_CONSUMER,
                                  ACS_PRESET_DISCRETIONARY};
    acs_policy policy;
    coverage seen;
    memset(&seen, 0, sizeof seen);
    for (size_t p = 0; p < sizeof presets / sizeof presets[0]; p++) {
        fx_preset(&policy, presets[p]);
        af_stream(&policy, 0x5eed0000u + p, FX_ACCOUNT_ID, records, STREAM_LENGTH, NULL);
        check_all_round_trip(records, STREAM_LENGTH, &seen);
        af_stream(&policy, 0x5eed0000u + p, FX_ACCOUNT_ID, records, STREAM_LENGTH, states);
        check_all_round_trip(records, STREAM_LENGTH, &seen);
    }
    assert_true(seen.denials > 0);
    assert_true(seen.kinds[ACS_EVENT_REVIEW_LAPSED] > 0);
}

/* ------------------------------------------------------------------------
** The exact layout of one record built by hand: a chained denial, so that
** every field, the refusal and the chain hashes included, is non-zero.
** Decode checks ranges, not what a field means, so the values are chosen
** to be told apart rather than to tell a story.
*/
static acs_record hand_built(void)
{
    acs_record record;
    memset(&record, 0, sizeof record);
    record.format_version = 1;
    record.kind = ACS_EVENT_EXTEND;                  /* 4 */
    record.reason = ACS_REASON_LEGAL_ORDER;          /* 3 */
    record.flags = ACS_RECORD_DENIAL | ACS_RECORD_CHAINED; /* 0x21 */
    record.actor_role = ACS_ROLE_COMPLIANCE;         /* 3 */
    record.approver_role = ACS_ROLE_MANAGEMENT;      /* 5 */
    record.status_before = ACS_STATUS_FROZEN;        /* 4 */
    record.status_after = ACS_STATUS_SUSPENDED;      /* 5 */
    record.lifecycle_before = ACS_LIFECYCLE_OPEN;    /* 2 */
    record.lifecycle_after = ACS_LIFECYCLE_CLOSING;  /* 3 */
    record.hold_level = ACS_LEVEL_FROZEN;            /* 2 */
    record.hold_id = 0x1234;
    record.refusal = ACS_R_DEADLINE_BEYOND_MAX;      /* -41 = 0xffd7 */
    record.account_id = UINT64_C(0x0102030405060708);
    record.sequence = UINT64_C(0xA1B2C3D4);
    record.time_ms = INT64_C(0x7123456789AB);
    record.actor_id = UINT64_C(0xF1E2D3C4B5A69788);
    record.approver_id = UINT64_C(0x8877665544332211);
    record.deadline_ms = ACS_TIME_MAX_MS;
    record.previous_deadline_ms = INT64_C(1700000000000); /* 0x18bcfe56800 */
    record.window_end_ms = INT64_C(0x123456789ABC);
    for (int i = 0; i < ACS_DIGEST_SIZE; i++) {
        record.evidence[i] = (uint8_t)(0x10 + i);
        record.policy_fingerprint[i] = (uint8_t)(0x60 + i);
        record.previous_hash[i] = (uint8_t)(0xA0 + i);
        record.hash[i] = (uint8_t)(0xC0 + i);
    }
    return record;
}

static void test_exact_layout(void **state)
{
    (void)state;
    static const uint8_t head[OFF_EVIDENCE] = {
        /*  0 */ 'A', 'C', 'S', 'R', 0x01, 0x04, 0x03, 0x21,
        /*  8 */ 0x03, 0x05, 0x04, 0x05, 0x02, 0x03, 0x02, 0x00,
        /* 16 */ 0x34, 0x12, 0xD7, 0xFF, 0x00, 0x00, 0x00, 0x00,
        /* 24 */ 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
        /* 32 */ 0xD4, 0xC3, 0xB2, 0xA1, 0x00, 0x00, 0x00, 0x00,
        /* 40 */ 0xAB, 0x89, 0x67, 0x45, 0x23, 0x71, 0x00, 0x00,
        /* 48 */ 0x88, 0x97, 0xA6, 0xB5, 0xC4, 0xD3, 0xE2, 0xF1,
        /* 56 */ 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
        /* 64 */ 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x00, 0x00,
        /* 72 */ 0x00, 0x68, 0xE5, 0xCF, 0x8B, 0x01, 0x00, 0x00,
        /* 80 */ 0xBC, 0x9A, 0x78, 0x56, 0x34, 0x12, 0x00, 0x00,
    };
    uint8_t expected[SIZE];
    memcpy(expected, head, sizeof head);
    for (int i = 0; i < ACS_DIGEST_SIZE; i++) {
        expected[88 + i] = (uint8_t)(0x10 + i);
        expected[120 + i] = (uint8_t)(0x60 + i);
        expected[152 + i] = (uint8_t)(0xA0 + i);
        expected[184 + i] = (uint8_t)(0xC0 + i);
    }

    acs_record record = hand_built();
    uint8_t bytes[SIZE];
    encode_ok(&record, bytes);
    for (size_t i = 0; i < SIZE; i++) {
        if (bytes[i] != expected[i])
            print_error("byte %zu is 0x%02x, expected 0x%02x\n", i, bytes[i], expected[i]);
    }
    assert_memory_equal(bytes, expected, SIZE);

    acs_record decoded;
    memset(&decoded, FX_FILL, sizeof decoded);
    assert_code(acs_record_decode(&decoded, expected, SIZE), ACS_OK);
    assert_memory_equal(&decoded, &record, sizeof decoded);
    assert_int_equal(ACS_RECORD_ENCODED_SIZE, 216);
    assert_int_equal(ACS_RECORD_BODY_SIZE, 152);
}

/* ------------------------------------------------------------------------
** Decode refusals. Each case starts from a valid encoding, changes it and
** expects one code; a refused decode leaves the 0xA5-filled record as it
** was, and bytes that decode encode back to themselves.
*/
#define expect_decode(bytes, size, code, what, value) \
    expect_decode_at((bytes), (size), (code), (what), (long)(value), __LINE__)

static void expect_decode_at(const uint8_t *bytes, size_t size, int code, const char *what,
                             long value, int line)
{
    acs_record record;
    memset(&record, FX_FILL, sizeof record);
    int rc = acs_record_decode(&record, bytes, size);
    if (rc != code) {
        print_error("line %d: %s (%ld): decode returned %d (%s), expected %d (%s)\n", line,
                    what, value, rc, fx_code_name(rc), code, fx_code_name(code));
        fail();
    }
    if (rc != ACS_OK) {
        assert_filled(&record, sizeof record, FX_FILL);
        return;
    }
    uint8_t again[SIZE];
    encode_ok(&record, again);
    assert_memory_equal(again, bytes, SIZE);
}

/* Valid encodings to change: a chained change with a hold (not OPEN), the
** chained opening record and a chained denial, from the default story. */
typedef struct bases {
    uint8_t hold[SIZE];
    uint8_t open[SIZE];
    uint8_t denial[SIZE];
    uint8_t unchained[SIZE]; /* the same hold record before chaining */
} bases;

static void get_bases(bases *out)
{
    static af_log log;
    acs_policy policy;
    af_story_default(&policy, FX_ACCOUNT_ID, &log);
    size_t hold = 0, denial = 0;
    for (size_t i = 0; i < log.count; i++) {
        if (log.records[i].kind == ACS_EVENT_HOLD && hold == 0) hold = i;
        if ((log.records[i].flags & ACS_RECORD_DENIAL) && denial == 0) denial = i;
    }
    assert_true(hold != 0 && denial != 0);
    assert_true(log.records[hold].hold_id != 0 && log.records[hold].status_before != 0);
    encode_ok(&log.records[hold], out->unchained);
    chain_all(log.records, log.count);
    encode_ok(&log.records[hold], out->hold);
    encode_ok(&log.records[0], out->open);
    encode_ok(&log.records[denial], out->denial);
    assert_int_equal(log.records[0].kind, ACS_EVENT_OPEN);
}

static void test_decode_truncated(void **state)
{
    (void)state;
    bases b;
    get_bases(&b);
    for (size_t size = 0; size < SIZE; size++) {
        expect_decode(b.hold, size, ACS_E_TRUNCATED, "size", size);
        expect_decode(b.denial, size, ACS_E_TRUNCATED, "size", size);
    }
    /* Shortness is found before anything else: here a wrong magic. */
    uint8_t bytes[SIZE];
    memset(bytes, 0, sizeof bytes);
    expect_decode(bytes, SIZE - 1, ACS_E_TRUNCATED, "zeros, size", SIZE - 1);
    expect_decode(b.hold, SIZE, ACS_OK, "size", SIZE);
}

static void test_decode_magic(void **state)
{
    (void)state;
    bases b;
    get_bases(&b);
    for (size_t at = 0; at < 4; at++) {
        for (unsigned value = 0; value < 256; value++) {
            uint8_t bytes[SIZE];
            memcpy(bytes, b.hold, SIZE);
            bytes[at] = (uint8_t)value;
            expect_decode(bytes, SIZE, value == b.hold[at] ? ACS_OK : ACS_E_MAGIC,
                          "magic byte value", at * 1000 + value);
        }
    }
    /* The magic is case-sensitive and in this order. */
    uint8_t bytes[SIZE];
    memcpy(bytes, b.hold, SIZE);
    memcpy(bytes, "acsr", 4);
    expect_decode(bytes, SIZE, ACS_E_MAGIC, "acsr", 0);
    memcpy(bytes, "RSCA", 4);
    expect_decode(bytes, SIZE, ACS_E_MAGIC, "RSCA", 0);
}

static void test_decode_version(void **state)
{
    (void)state;
    bases b;
    get_bases(&b);
    static const unsigned named[] = {0, 2, 255};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        uint8_t bytes[SIZE];
        memcpy(bytes, b.hold, SIZE);
        bytes[OFF_VERSION] = (uint8_t)named[i];
        expect_decode(bytes, SIZE, ACS_E_VERSION, "version", named[i]);
    }
    for (unsigned value = 0; value < 256; value++) {
        uint8_t bytes[SIZE];
        memcpy(bytes, b.denial, SIZE);
        bytes[OFF_VERSION] = (uint8_t)value;
        expect_decode(bytes, SIZE, value == ACS_RECORD_VERSION ? ACS_OK : ACS_E_VERSION,
                      "version", value);
    }
}

/* The one-byte enum fields: every value of each, against the values the
** field admits. */
typedef struct enum_field {
    const char *name;
    size_t offset;
    uint64_t admitted_low;  /* bit v: value v (0..63) is admitted */
    uint64_t admitted_high; /* bit v: value 64 + v is admitted */
} enum_field;

#define BITS(low, high) (((UINT64_C(2) << (high)) - 1) & ~((UINT64_C(1) << (low)) - 1))

static const enum_field enum_fields[] = {
    {"kind", OFF_KIND, BITS(1, 9) | BITS(16, 19), 0},
    {"reason", OFF_REASON, BITS(0, 11) | BITS(32, 38), 0},
    {"actor_role", OFF_ACTOR_ROLE, BITS(0, 6), 0},
    {"approver_role", OFF_APPROVER_ROLE, BITS(0, 6), 0},
    {"status_before", OFF_STATUS_BEFORE, BITS(1, 6), 0},
    {"status_after", OFF_STATUS_AFTER, BITS(1, 6), 0},
    {"lifecycle_before", OFF_LIFECYCLE_BEFORE, BITS(1, 4), 0},
    {"lifecycle_after", OFF_LIFECYCLE_AFTER, BITS(1, 4), 0},
    {"hold_level", OFF_HOLD_LEVEL, BITS(0, 3), 0},
};

static bool admitted(const enum_field *f, unsigned value)
{
    if (value < 64) return (f->admitted_low >> value) & 1;
    if (value < 128) return (f->admitted_high >> (value - 64)) & 1;
    return false;
}

static void test_decode_enum_bytes(void **state)
{
    (void)state;
    bases b;
    get_bases(&b);
    for (size_t i = 0; i < sizeof enum_fields / sizeof enum_fields[0]; i++) {
        const enum_field *f = &enum_fields[i];
        for (unsigned value = 0; value < 256; value++) {
            uint8_t bytes[SIZE];
            memcpy(bytes, b.hold, SIZE);
            bytes[f->offset] = (uint8_t)value;
            expect_decode(bytes, SIZE, admitted(f, value) ? ACS_OK : ACS_E_ENUM, f->name,
                          value);
        }
    }
    /* Only the opening record has no status or lifecycle before it. */
    uint8_t bytes[SIZE];
    memcpy(bytes, b.open, SIZE);
    assert_int_equal(bytes[OFF_STATUS_BEFORE], 0);
    assert_int_equal(bytes[OFF_LIFECYCLE_BEFORE], 0);
    expect_decode(bytes, SIZE, ACS_OK, "opening record", 0);
    bytes[OFF_KIND] = ACS_EVENT_VERIFY;
    expect_decode(bytes, SIZE, ACS_E_ENUM, "status_before 0 of VERIFY", 0);
    bytes[OFF_STATUS_BEFORE] = ACS_STATUS_PENDING;
    expect_decode(bytes, SIZE, ACS_E_ENUM, "lifecycle_before 0 of VERIFY", 0);
    bytes[OFF_LIFECYCLE_BEFORE] = ACS_LIFECYCLE_PENDING;
    expect_decode(bytes, SIZE, ACS_OK, "VERIFY with both before", 0);
    memcpy(bytes, b.open, SIZE);
    bytes[OFF_STATUS_BEFORE] = 7;
    expect_decode(bytes, SIZE, ACS_E_ENUM, "opening status_before", 7);
    memcpy(bytes, b.open, SIZE);
    bytes[OFF_LIFECYCLE_BEFORE] = 5;
    expect_decode(bytes, SIZE, ACS_E_ENUM, "opening lifecycle_before", 5);
}

static void put_refusal(uint8_t *bytes, int refusal)
{
    bytes[OFF_REFUSAL] = (uint8_t)((unsigned)refusal & 0xff);
    bytes[OFF_REFUSAL + 1] = (uint8_t)(((unsigned)refusal >> 8) & 0xff);
}

/* The refusal field: not 0 exactly when the record is a denial, and then a
** code of the library. */
static void test_decode_refusal(void **state)
{
    (void)state;
    bases b;
    get_bases(&b);
    uint8_t bytes[SIZE];

    static const int changes[] = {ACS_R_ROLE, ACS_E_NULL, -1000, 1};
    for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
        memcpy(bytes, b.hold, SIZE);
        put_refusal(bytes, changes[i]);
        expect_decode(bytes, SIZE, ACS_E_ENUM, "refusal of a change", changes[i]);
    }
    memcpy(bytes, b.denial, SIZE);
    put_refusal(bytes, 0);
    expect_decode(bytes, SIZE, ACS_E_ENUM, "denial without refusal", 0);

    /* Values that are no code at all. */
    static const int unknown[] = {1, 2, 0x7fff, -19, -31, -52, -63, -75, -95, -109,
                                  -200, -32768};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        memcpy(bytes, b.denial, SIZE);
        put_refusal(bytes, unknown[i]);
        expect_decode(bytes, SIZE, ACS_E_ENUM, "denial refusal", unknown[i]);
    }
    /* Every code acs_apply can return. */
    for (int code = ACS_E_NULL; code >= ACS_E_LIMIT; code--) {
        memcpy(bytes, b.denial, SIZE);
        put_refusal(bytes, code);
        expect_decode(bytes, SIZE, ACS_OK, "denial refusal", code);
    }
    for (int code = ACS_R_STATUS; code >= ACS_R_NOTICE_RUNNING; code--) {
        memcpy(bytes, b.denial, SIZE);
        put_refusal(bytes, code);
        expect_decode(bytes, SIZE, ACS_OK, "denial refusal", code);
    }
}

/* A denial carries what acs_apply refused an event with: ACS_E_NULL ..
** ACS_E_LIMIT or an ACS_R_* code, the codes acs_record_denial accepts.
** The codes of decoding and parsing, of policy building and of
** verification are never an event's refusal, so no record the library
** writes carries one, and decode refuses them as values outside the
** field's enum. */
static void test_decode_refusal_only_codes_a_denial_carries(void **state)
{
    (void)state;
    bases b;
    get_bases(&b);
    static const int never[] = {ACS_E_MAGIC, ACS_E_VERSION, ACS_E_TRUNCATED, ACS_E_SYNTAX,
                                ACS_P_NAME,  ACS_P_FLAGS,   ACS_V_HASH,      ACS_V_POLICY};
    acs_policy policy;
    acs_account account;
    acs_record record;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    acs_event event = fx_ev_verify(FX_T0 + 1);
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++) {
        /* The library writes no such denial ... */
        assert_code(acs_record_denial(&policy, &account, &event, never[i], &record), ACS_E_ENUM);
        /* ... and reads none. */
        uint8_t bytes[SIZE];
        memcpy(bytes, b.denial, SIZE);
        put_refusal(bytes, never[i]);
        expect_decode(bytes, SIZE, ACS_E_ENUM, "denial refusal", never[i]);
    }
}

static void test_decode_reserved_bytes(void **state)
{
    (void)state;
    bases b;
    get_bases(&b);
    uint8_t bytes[SIZE];
    for (unsigned value = 1; value < 256; value++) {
        memcpy(bytes, b.hold, SIZE);
        bytes[OFF_RESERVED0] = (uint8_t)value;
        expect_decode(bytes, SIZE, ACS_E_RESERVED, "byte 15", value);
        for (size_t at = OFF_RESERVED1; at < OFF_ACCOUNT; at++) {
            memcpy(bytes, b.denial, SIZE);
            bytes[at] = (uint8_t)value;
            expect_decode(bytes, SIZE, ACS_E_RESERVED, "bytes 20..23", at * 1000 + value);
        }
    }
}

static void test_decode_flags(void **state)
{
    (void)state;
    bases b;
    get_bases(&b);
    uint8_t bytes[SIZE];
    /* Unknown bits, on a change and on a denial. */
    for (unsigned bit = 6; bit < 8; bit++) {
        memcpy(bytes, b.hold, SIZE);
        bytes[OFF_FLAGS] = (uint8_t)(bytes[OFF_FLAGS] | 1u << bit);
        expect_decode(bytes, SIZE, ACS_E_RESERVED, "flag bit", bit);
        memcpy(bytes, b.denial, SIZE);
        bytes[OFF_FLAGS] = (uint8_t)(bytes[OFF_FLAGS] | 1u << bit);
        expect_decode(bytes, SIZE, ACS_E_RESERVED, "flag bit", bit);
    }
    /* Every value of the byte on an unchained change: the known bits but
    ** DENIAL (which needs a refusal) and CHAINED (which needs hashes) are
    ** admitted. */
    for (unsigned value = 0; value < 256; value++) {
        memcpy(bytes, b.unchained, SIZE);
        bytes[OFF_FLAGS] = (uint8_t)value;
        int code = ACS_OK;
        if (value & ACS_RECORD_DENIAL) code = ACS_E_ENUM;
        else if (value & ~ACS_RECORD_FLAGS_ALL) code = ACS_E_RESERVED;
        expect_decode(bytes, SIZE, code, "flags", value);
    }
}

static void put_le(uint8_t *at, size_t width, uint64_t value)
{
    for (size_t i = 0; i < width; i++) at[i] = (uint8_t)(value >> (8 * i));
}

static void test_decode_hold_id_and_sequence(void **state)
{
    (void)state;
    bases b;
    get_bases(&b);
    uint8_t bytes[SIZE];
    static const uint16_t ids[] = {0x8000, 0x8001, 0x9234, 0xffff};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        memcpy(bytes, b.hold, SIZE);
        put_le(bytes + OFF_HOLD_ID, 2, ids[i]);
        expect_decode(bytes, SIZE, ACS_E_RESERVED, "hold_id", ids[i]);
    }
    memcpy(bytes, b.hold, SIZE);
    bytes[OFF_HOLD_ID + 1] |= 0x80;
    expect_decode(bytes, SIZE, ACS_E_RESERVED, "hold_id top bit", 0);
    memcpy(bytes, b.hold, SIZE);
    put_le(bytes + OFF_HOLD_ID, 2, ACS_HOLD_ID_MAX);
    expect_decode(bytes, SIZE, ACS_OK, "hold_id", ACS_HOLD_ID_MAX);

    /* Sequence numbers are 32 bits wide in an 8-byte field. */
    for (unsigned bit = 32; bit < 64; bit++) {
        memcpy(bytes, b.hold, SIZE);
        bytes[OFF_SEQUENCE + bit / 8] = (uint8_t)(bytes[OFF_SEQUENCE + bit / 8] | 1u << (bit % 8));
        expect_decode(bytes, SIZE, ACS_E_RESERVED, "sequence bit", bit);
    }
    memcpy(bytes, b.hold, SIZE);
    put_le(bytes + OFF_SEQUENCE, 8, ACS_SEQUENCE_MAX);
    expect_decode(bytes, SIZE, ACS_OK, "sequence", ACS_SEQUENCE_MAX);
}

/* Times are 0 .. 2^47 - 1: any of the top 17 bits set is refused, which
** also refuses every negative time. */
static void test_decode_time_fields(void **state)
{
    (void)state;
    bases b;
    get_bases(&b);
    uint8_t bytes[SIZE];
    for (size_t f = 0; f < sizeof time_offsets / sizeof time_offsets[0]; f++) {
        const size_t at = time_offsets[f];
        for (unsigned bit = 47; bit < 64; bit++) {
            memcpy(bytes, b.hold, SIZE);
            bytes[at + bit / 8] = (uint8_t)(bytes[at + bit / 8] | 1u << (bit % 8));
            expect_decode(bytes, SIZE, ACS_E_RESERVED, "time field bit", at * 100 + bit);
        }
        memcpy(bytes, b.hold, SIZE);
        put_le(bytes + at, 8, (uint64_t)ACS_TIME_MAX_MS);
        expect_decode(bytes, SIZE, ACS_OK, "time field at its maximum", at);
        put_le(bytes + at, 8, (uint64_t)ACS_TIME_MAX_MS + 1);
        expect_decode(bytes, SIZE, ACS_E_RESERVED, "time field past its maximum", at);
        put_le(bytes + at, 8, UINT64_MAX);
        expect_decode(bytes, SIZE, ACS_E_RESERVED, "time field -1", at);
        put_le(bytes + at, 8, 0);
        expect_decode(bytes, SIZE, ACS_OK, "time field 0", at);
    }
}

/* A record that is not chained carries no hashes. */
static void test_decode_unchained_with_hash(void **state)
{
    (void)state;
    bases b;
    get_bases(&b);
    uint8_t bytes[SIZE];
    expect_decode(b.unchained, SIZE, ACS_OK, "unchained", 0);
    for (size_t at = OFF_PREVIOUS_HASH; at < SIZE; at++) {
        memcpy(bytes, b.unchained, SIZE);
        bytes[at] = 0x01;
        expect_decode(bytes, SIZE, ACS_E_RESERVED, "unchained, hash byte", at);
        bytes[at] = 0x80;
        expect_decode(bytes, SIZE, ACS_E_RESERVED, "unchained, hash byte", at);
    }
    /* The chained record with its CHAINED flag cleared. */
    memcpy(bytes, b.hold, SIZE);
    bytes[OFF_FLAGS] = (uint8_t)(bytes[OFF_FLAGS] & ~ACS_RECORD_CHAINED);
    expect_decode(bytes, SIZE, ACS_E_RESERVED, "chain flag cleared", 0);
    /* A chained record may carry any hashes, even zero ones: whether they
    ** are right is acs_verify's question. */
    memcpy(bytes, b.hold, SIZE);
    memset(bytes + OFF_PREVIOUS_HASH, 0, 2 * ACS_DIGEST_SIZE);
    expect_decode(bytes, SIZE, ACS_OK, "chained, zero hashes", 0);
}

/* When bytes have several faults, the first in this order is reported:
** size, magic, version, bytes 20..23, the enum fields, the flags, byte 15
** and the hold id, the sequence, the times, the hashes of an unchained
** record. */
static void test_decode_order_of_checks(void **state)
{
    (void)state;
    bases b;
    get_bases(&b);
    uint8_t bytes[SIZE];
    memcpy(bytes, b.unchained, SIZE);
    bytes[OFF_HASH] = 1;
    expect_decode(bytes, SIZE, ACS_E_RESERVED, "hash", 0);
    bytes[OFF_TIME + 7] = 0x80;
    expect_decode(bytes, SIZE, ACS_E_RESERVED, "time", 0);
    bytes[OFF_RESERVED0] = 1;
    expect_decode(bytes, SIZE, ACS_E_RESERVED, "byte 15", 0);
    bytes[OFF_KIND] = 0;
    expect_decode(bytes, SIZE, ACS_E_ENUM, "kind over byte 15", 0);
    bytes[OFF_RESERVED1] = 1;
    expect_decode(bytes, SIZE, ACS_E_RESERVED, "byte 20 over kind", 0);
    bytes[OFF_VERSION] = 2;
    expect_decode(bytes, SIZE, ACS_E_VERSION, "version over byte 20", 0);
    bytes[0] = 'X';
    expect_decode(bytes, SIZE, ACS_E_MAGIC, "magic over version", 0);
    expect_decode(bytes, SIZE - 1, ACS_E_TRUNCATED, "size over magic", 0);
}

static void test_decode_null(void **state)
{
    (void)state;
    bases b;
    get_bases(&b);
    acs_record record;
    memset(&record, FX_FILL, sizeof record);
    assert_code(acs_record_decode(NULL, b.hold, SIZE), ACS_E_NULL);
    assert_code(acs_record_decode(&record, NULL, SIZE), ACS_E_NULL);
    assert_code(acs_record_decode(&record, NULL, 0), ACS_E_NULL);
    assert_filled(&record, sizeof record, FX_FILL);
}

/* ------------------------------------------------------------------------
** Encode refusals: the buffer is untouched.
*/
#define expect_encode_refused(record, cap, code) \
    expect_encode_refused_at((record), (cap), (code), __LINE__)

static void expect_encode_refused_at(const acs_record *record, size_t cap, int code, int line)
{
    uint8_t buf[SIZE + 16];
    memset(buf, FX_FILL, sizeof buf);
    int rc = acs_record_encode(record, buf, cap);
    if (rc != code) {
        print_error("line %d: cap %zu: encode returned %d (%s), expected %d (%s)\n", line,
                    cap, rc, fx_code_name(rc), code, fx_code_name(code));
        fail();
    }
    assert_filled(buf, sizeof buf, FX_FILL);
}

static void test_encode_buffer(void **state)
{
    (void)state;
    acs_record record = hand_built();
    for (size_t cap = 0; cap < SIZE; cap++) expect_encode_refused(&record, cap, ACS_E_BUFFER);

    /* A larger buffer: exactly SIZE bytes are written. */
    uint8_t buf[SIZE + 16];
    memset(buf, FX_FILL, sizeof buf);
    assert_code(acs_record_encode(&record, buf, sizeof buf), ACS_OK);
    assert_filled(buf + SIZE, 16, FX_FILL);

    memset(buf, FX_FILL, sizeof buf);
    assert_code(acs_record_encode(NULL, buf, sizeof buf), ACS_E_NULL);
    assert_code(acs_record_encode(&record, NULL, sizeof buf), ACS_E_NULL);
    assert_code(acs_record_encode(NULL, buf, 0), ACS_E_NULL);
    assert_filled(buf, sizeof buf, FX_FILL);
}

typedef struct bad_record {
    const char *what;
    void (*change)(acs_record *record);
    int code;
} bad_record;

static void version_0(acs_record *r) { r->format_version = 0; }
static void version_2(acs_record *r) { r->format_version = 2; }
static void kind_0(acs_record *r) { r->kind = 0; }
static void kind_10(acs_record *r) { r->kind = 10; }
static void kind_20(acs_record *r) { r->kind = 20; }
static void reason_12(acs_record *r) { r->reason = 12; }
static void reason_39(acs_record *r) { r->reason = 39; }
static void actor_role_7(acs_record *r) { r->actor_role = 7; }
static void approver_role_7(acs_record *r) { r->approver_role = 7; }
static void status_before_0(acs_record *r) { r->status_before = 0; }
static void status_after_7(acs_record *r) { r->status_after = 7; }
static void lifecycle_after_0(acs_record *r) { r->lifecycle_after = 0; }
static void lifecycle_before_5(acs_record *r) { r->lifecycle_before = 5; }
static void level_4(acs_record *r) { r->hold_level = 4; }
static void refusal_0(acs_record *r) { r->refusal = 0; }
static void refusal_positive(acs_record *r) { r->refusal = 5; }
static void refusal_unknown(acs_record *r) { r->refusal = -19; }
static void not_denial(acs_record *r) { r->flags &= (uint8_t)~ACS_RECORD_DENIAL; }
static void flag_0x40(acs_record *r) { r->flags |= 0x40; }
static void flag_0x80(acs_record *r) { r->flags |= 0x80; }
static void reserved0(acs_record *r) { r->reserved0 = 1; }
static void hold_id_top(acs_record *r) { r->hold_id = 0x8000; }
static void sequence_wide(acs_record *r) { r->sequence = UINT64_C(0x100000000); }
static void time_negative(acs_record *r) { r->time_ms = -1; }
static void time_past_max(acs_record *r) { r->time_ms = ACS_TIME_MAX_MS + 1; }
static void deadline_negative(acs_record *r) { r->deadline_ms = INT64_MIN; }
static void previous_deadline_past(acs_record *r) { r->previous_deadline_ms = INT64_MAX; }
static void window_end_past(acs_record *r) { r->window_end_ms = ACS_TIME_MAX_MS + 1; }
static void unchained(acs_record *r) { r->flags &= (uint8_t)~ACS_RECORD_CHAINED; }
static void unchained_zero_hash(acs_record *r)
{
    r->flags &= (uint8_t)~ACS_RECORD_CHAINED;
    memset(r->hash, 0, ACS_DIGEST_SIZE);
}

static const bad_record bad_records[] = {
    {"version 0", version_0, ACS_E_VERSION},
    {"version 2", version_2, ACS_E_VERSION},
    {"kind 0", kind_0, ACS_E_ENUM},
    {"kind 10", kind_10, ACS_E_ENUM},
    {"kind 20", kind_20, ACS_E_ENUM},
    {"reason 12", reason_12, ACS_E_ENUM},
    {"reason 39", reason_39, ACS_E_ENUM},
    {"actor role 7", actor_role_7, ACS_E_ENUM},
    {"approver role 7", approver_role_7, ACS_E_ENUM},
    {"status before 0", status_before_0, ACS_E_ENUM},
    {"status after 7", status_after_7, ACS_E_ENUM},
    {"lifecycle after 0", lifecycle_after_0, ACS_E_ENUM},
    {"lifecycle before 5", lifecycle_before_5, ACS_E_ENUM},
    {"level 4", level_4, ACS_E_ENUM},
    {"denial, refusal 0", refusal_0, ACS_E_ENUM},
    {"denial, refusal 5", refusal_positive, ACS_E_ENUM},
    {"denial, refusal -19", refusal_unknown, ACS_E_ENUM},
    {"refusal without DENIAL", not_denial, ACS_E_ENUM},
    {"flag 0x40", flag_0x40, ACS_E_RESERVED},
    {"flag 0x80", flag_0x80, ACS_E_RESERVED},
    {"reserved0", reserved0, ACS_E_RESERVED},
    {"hold id 0x8000", hold_id_top, ACS_E_RESERVED},
    {"sequence 2^32", sequence_wide, ACS_E_RESERVED},
    {"time -1", time_negative, ACS_E_RESERVED},
    {"time 2^47", time_past_max, ACS_E_RESERVED},
    {"deadline INT64_MIN", deadline_negative, ACS_E_RESERVED},
    {"previous deadline INT64_MAX", previous_deadline_past, ACS_E_RESERVED},
    {"window end 2^47", window_end_past, ACS_E_RESERVED},
    {"unchained with hashes", unchained, ACS_E_RESERVED},
    {"unchained with a previous hash", unchained_zero_hash, ACS_E_RESERVED},
};

static void test_encode_invalid_records(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_records / sizeof bad_records[0]; i++) {
        acs_record record = hand_built();
        bad_records[i].change(&record);
        uint8_t buf[SIZE];
        memset(buf, FX_FILL, sizeof buf);
        int rc = acs_record_encode(&record, buf, sizeof buf);
        if (rc != bad_records[i].code)
            print_error("%s: encode returned %d (%s)\n", bad_records[i].what, rc,
                        fx_code_name(rc));
        assert_code(rc, bad_records[i].code);
        assert_filled(buf, sizeof buf, FX_FILL);
        /* The buffer's size is checked before the record. */
        expect_encode_refused(&record, SIZE - 1, ACS_E_BUFFER);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_every_kind),
        cmocka_unit_test(test_round_trip_random_streams),
        cmocka_unit_test(test_exact_layout),
        cmocka_unit_test(test_decode_truncated),
        cmocka_unit_test(test_decode_magic),
        cmocka_unit_test(test_decode_version),
        cmocka_unit_test(test_decode_enum_bytes),
        cmocka_unit_test(test_decode_refusal),
        cmocka_unit_test(test_decode_refusal_only_codes_a_denial_carries),
        cmocka_unit_test(test_decode_reserved_bytes),
        cmocka_unit_test(test_decode_flags),
        cmocka_unit_test(test_decode_hold_id_and_sequence),
        cmocka_unit_test(test_decode_time_fields),
        cmocka_unit_test(test_decode_unchained_with_hash),
        cmocka_unit_test(test_decode_order_of_checks),
        cmocka_unit_test(test_decode_null),
        cmocka_unit_test(test_encode_buffer),
        cmocka_unit_test(test_encode_invalid_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
