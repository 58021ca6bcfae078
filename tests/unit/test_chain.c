/*
** test_chain.c: unit tests of the hash chain (src/encode.c: acs_chain_init,
** acs_chain_append, acs_record_hash) and of its verification (src/verify.c).
**
** The chain hash is recomputed here from its definition, SHA-256 of 0x01,
** the previous hash and the first 152 bytes of the encoding, with
** acs_sha256 over bytes this file puts together itself. Verification is
** run on valid chains (one account with denials between its changes, the
** suffix after a saved chain state, a prefix against its anchor, a whole
** log of several accounts) and then on chains broken in each way the
** header names, each finding expected at its index. The long tamper sweep
** is test_tamper.c.
*/
#include "audit_fixtures.h"

#define SIZE ACS_RECORD_ENCODED_SIZE
#define BODY ACS_RECORD_BODY_SIZE

/* SHA-256(0x01 || previous_hash || the first 152 bytes of the encoding),
** from the encoding of record. */
static void expected_hash(const acs_record *record, uint8_t out[ACS_DIGEST_SIZE])
{
    uint8_t encoded[SIZE];
    uint8_t message[1 + ACS_DIGEST_SIZE + BODY];
    assert_code(acs_record_encode(record, encoded, sizeof encoded), ACS_OK);
    message[0] = 0x01;
    memcpy(message + 1, encoded + BODY, ACS_DIGEST_SIZE);
    memcpy(message + 1 + ACS_DIGEST_SIZE, encoded, BODY);
    acs_sha256(message, sizeof message, out);
}

/* Chain every record of a log; states[i] is the chain before record i. */
static void chain_log(af_log *log, acs_chain states[AF_STORY_MAX + 1])
{
    assert_code(acs_chain_init(&states[0]), ACS_OK);
    for (size_t i = 0; i < log->count; i++) {
        states[i + 1] = states[i];
        assert_code(acs_chain_append(&states[i + 1], &log->records[i]), ACS_OK);
    }
}

static bool is_denial(const acs_record *record)
{
    return (record->flags & ACS_RECORD_DENIAL) != 0;
}

#define expect_verify(records, count, start, anchor, options, code, index)             \
    expect_verify_at((records), (count), (start), (anchor), (options), (code), (index), \
                     __LINE__)

static void expect_verify_at(const acs_record *records, size_t count, const acs_chain *start,
                             const acs_chain *anchor, unsigned options, int code,
                             uint64_t index, int line)
{
    acs_audit_report report;
    memset(&report, FX_FILL, sizeof report);
    int rc = acs_verify(records, count, start, anchor, options, &report);
    if (rc != code || report.index != index) {
        print_error("line %d: acs_verify returned %d (%s) at %" PRIu64
                    ", expected %d (%s) at %" PRIu64 "\n",
                    line, rc, fx_code_name(rc), report.index, code, fx_code_name(code), index);
        fail();
    }
    assert_code(report.code, code);
    assert_int_equal(report.refusal, 0);
    /* The same answer without a report. */
    assert_code(acs_verify(records, count, start, anchor, options, NULL), code);
}

/* ------------------------------------------------------------------------
** acs_chain_init, acs_chain_append, acs_record_hash.
*/
static void test_chain_init(void **state)
{
    (void)state;
    acs_chain chain;
    memset(&chain, FX_FILL, sizeof chain);
    assert_code(acs_chain_init(&chain), ACS_OK);
    assert_zero_bytes(chain.head, ACS_DIGEST_SIZE);
    assert_true(chain.count == 0);
    assert_code(acs_chain_init(NULL), ACS_E_NULL);
}

/* Each append sets CHAINED, the previous hash to the head and the hash to
** its definition, changes nothing else in the record, and moves the head
** to the new hash and the count up by one. */
static void test_append_sets_the_chain_fields(void **state)
{
    (void)state;
    static af_log log;
    acs_policy policy;
    af_story_default(&policy, FX_ACCOUNT_ID, &log);
    acs_chain chain;
    assert_code(acs_chain_init(&chain), ACS_OK);
    for (size_t i = 0; i < log.count; i++) {
        acs_record before = log.records[i];
        acs_chain head_before = chain;
        acs_record *record = &log.records[i];
        assert_code(acs_chain_append(&chain, record), ACS_OK);

        assert_int_equal(record->flags, before.flags | ACS_RECORD_CHAINED);
        assert_memory_equal(record->previous_hash, head_before.head, ACS_DIGEST_SIZE);
        uint8_t want[ACS_DIGEST_SIZE];
        expected_hash(record, want);
        assert_memory_equal(record->hash, want, ACS_DIGEST_SIZE);
        assert_memory_equal(chain.head, want, ACS_DIGEST_SIZE);
        assert_true(chain.count == head_before.count + 1);
        assert_true(chain.count == i + 1);

        acs_record rest = *record;
        rest.flags = before.flags;
        memcpy(rest.previous_hash, before.previous_hash, ACS_DIGEST_SIZE);
        memcpy(rest.hash, before.hash, ACS_DIGEST_SIZE);
        assert_memory_equal(&rest, &before, sizeof rest);

        uint8_t hash[ACS_DIGEST_SIZE];
        assert_code(acs_record_hash(record, hash), ACS_OK);
        assert_memory_equal(hash, want, ACS_DIGEST_SIZE);
    }
    /* Each hash differs from every other. */
    for (size_t i = 1; i < log.count; i++)
        assert_memory_not_equal(log.records[i].hash, log.records[i - 1].hash, ACS_DIGEST_SIZE);
}

/* The hash covers the body and the previous hash, not the hash field;
** the domain byte keeps it apart from a plain SHA-256 of the same bytes. */
static void test_hash_covers_body_and_link(void **state)
{
    (void)state;
    static af_log log;
    acs_policy policy;
    af_story_default(&policy, FX_ACCOUNT_ID, &log);
    acs_chain chain;
    assert_code(acs_chain_init(&chain), ACS_OK);
    for (size_t i = 0; i < 4; i++) assert_code(acs_chain_append(&chain, &log.records[i]), ACS_OK);
    const acs_record *base = &log.records[3];
    uint8_t hash[ACS_DIGEST_SIZE], other[ACS_DIGEST_SIZE];
    assert_code(acs_record_hash(base, hash), ACS_OK);

    acs_record changed = *base;
    memset(changed.hash, 0x5a, ACS_DIGEST_SIZE);
    assert_code(acs_record_hash(&changed, other), ACS_OK);
    assert_memory_equal(other, hash, ACS_DIGEST_SIZE);

    for (size_t i = 0; i < ACS_DIGEST_SIZE; i++) {
        changed = *base;
        changed.previous_hash[i] ^= 0x01;
        assert_code(acs_record_hash(&changed, other), ACS_OK);
        assert_memory_not_equal(other, hash, ACS_DIGEST_SIZE);
        changed = *base;
        changed.evidence[i] ^= 0x80;
        assert_code(acs_record_hash(&changed, other), ACS_OK);
        assert_memory_not_equal(other, hash, ACS_DIGEST_SIZE);
        changed = *base;
        changed.policy_fingerprint[i] ^= 0x10;
        assert_code(acs_record_hash(&changed, other), ACS_OK);
        assert_memory_not_equal(other, hash, ACS_DIGEST_SIZE);
    }
    changed = *base;
    changed.time_ms++;
    assert_code(acs_record_hash(&changed, other), ACS_OK);
    assert_memory_not_equal(other, hash, ACS_DIGEST_SIZE);
    changed = *base;
    changed.account_id ^= UINT64_C(1) << 63;
    assert_code(acs_record_hash(&changed, other), ACS_OK);
    assert_memory_not_equal(other, hash, ACS_DIGEST_SIZE);

    /* Without the domain byte the digest is another one. */
    uint8_t encoded[SIZE], message[ACS_DIGEST_SIZE + BODY];
    assert_code(acs_record_encode(base, encoded, sizeof encoded), ACS_OK);
    memcpy(message, encoded + BODY, ACS_DIGEST_SIZE);
    memcpy(message + ACS_DIGEST_SIZE, encoded, BODY);
    acs_sha256(message, sizeof message, other);
    assert_memory_not_equal(other, hash, ACS_DIGEST_SIZE);

    /* An unchained record has a hash too: its previous hash is zero. */
    acs_record plain = log.records[4];
    assert_false(plain.flags & ACS_RECORD_CHAINED);
    uint8_t want[ACS_DIGEST_SIZE];
    expected_hash(&plain, want);
    assert_code(acs_record_hash(&plain, hash), ACS_OK);
    assert_memory_equal(hash, want, ACS_DIGEST_SIZE);
}

/* A record chained twice takes the head of the second chain. */
static void test_append_rechains(void **state)
{
    (void)state;
    static af_log log;
    acs_policy policy;
    af_story_default(&policy, FX_ACCOUNT_ID, &log);
    acs_chain first, second;
    assert_code(acs_chain_init(&first), ACS_OK);
    assert_code(acs_chain_init(&second), ACS_OK);
    memset(second.head, 0x77, ACS_DIGEST_SIZE);
    second.count = 41;
    acs_record record = log.records[1];
    assert_code(acs_chain_append(&first, &record), ACS_OK);
    assert_code(acs_chain_append(&second, &record), ACS_OK);
    assert_true(second.count == 42);
    assert_filled(record.previous_hash, ACS_DIGEST_SIZE, 0x77);
    uint8_t want[ACS_DIGEST_SIZE];
    expected_hash(&record, want);
    assert_memory_equal(record.hash, want, ACS_DIGEST_SIZE);
    assert_memory_equal(second.head, want, ACS_DIGEST_SIZE);
    assert_memory_not_equal(first.head, second.head, ACS_DIGEST_SIZE);
}

static void test_chain_misuse(void **state)
{
    (void)state;
    static af_log log;
    acs_policy policy;
    af_story_default(&policy, FX_ACCOUNT_ID, &log);
    acs_chain chain, saved;
    assert_code(acs_chain_init(&chain), ACS_OK);
    assert_code(acs_chain_append(&chain, &log.records[0]), ACS_OK);
    saved = chain;
    acs_record record = log.records[1];
    acs_record original = record;

    assert_code(acs_chain_append(NULL, &record), ACS_E_NULL);
    assert_code(acs_chain_append(&chain, NULL), ACS_E_NULL);
    assert_memory_equal(&record, &original, sizeof record);
    assert_memory_equal(&chain, &saved, sizeof chain);

    /* A record encode refuses: its code, and nothing changes. */
    static const struct {
        int code;
        uint8_t version, kind, reserved0;
        int64_t time_ms;
    } bad[] = {
        {ACS_E_VERSION, 2, ACS_EVENT_VERIFY, 0, FX_T0},
        {ACS_E_ENUM, 1, 0, 0, FX_T0},
        {ACS_E_RESERVED, 1, ACS_EVENT_VERIFY, 1, FX_T0},
        {ACS_E_RESERVED, 1, ACS_EVENT_VERIFY, 0, -1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        acs_record broken = original;
        broken.format_version = bad[i].version;
        broken.kind = bad[i].kind;
        broken.reserved0 = bad[i].reserved0;
        broken.time_ms = bad[i].time_ms;
        acs_record copy = broken;
        assert_code(acs_chain_append(&chain, &broken), bad[i].code);
        assert_memory_equal(&broken, &copy, sizeof broken);
        assert_memory_equal(&chain, &saved, sizeof chain);

        uint8_t out[ACS_DIGEST_SIZE];
        memset(out, FX_FILL, sizeof out);
        assert_code(acs_record_hash(&broken, out), bad[i].code);
        assert_filled(out, sizeof out, FX_FILL);
    }
    uint8_t out[ACS_DIGEST_SIZE];
    memset(out, FX_FILL, sizeof out);
    assert_code(acs_record_hash(NULL, out), ACS_E_NULL);
    assert_filled(out, sizeof out, FX_FILL);
    assert_code(acs_record_hash(&record, NULL), ACS_E_NULL);
}

/* ------------------------------------------------------------------------
** Verification of valid chains.
*/
static void test_verify_valid_chains(void **state)
{
    (void)state;
    static af_log log;
    static acs_chain states[AF_STORY_MAX + 1];
    acs_policy policy;
    void (*const stories[])(acs_policy *, uint64_t, af_log *) = {
        af_story_default, af_story_consumer, af_story_discretionary};
    for (size_t s = 0; s < sizeof stories / sizeof stories[0]; s++) {
        stories[s](&policy, FX_ACCOUNT_ID, &log);
        chain_log(&log, states);
        const size_t n = log.count;
        const acs_chain *last = &states[n];
        expect_verify(log.records, n, NULL, NULL, 0, ACS_OK, n);
        expect_verify(log.records, n, &states[0], NULL, 0, ACS_OK, n);
        expect_verify(log.records, n, NULL, last, 0, ACS_OK, n);
        expect_verify(log.records, n, &states[0], last, 0, ACS_OK, n);
        expect_verify(log.records, n, NULL, last, ACS_VERIFY_LOG, ACS_OK, n);
    }
    /* The default story has denials between changes, one of them dated
    ** before the last change. */
    af_story_default(&policy, FX_ACCOUNT_ID, &log);
    size_t denials = 0;
    for (size_t i = 1; i + 1 < log.count; i++) denials += is_denial(&log.records[i]);
    assert_true(denials >= 4);
}

/* Every suffix verifies from the chain state saved before it, against the
** final head; every prefix against the head saved after it. */
static void test_verify_suffixes_and_prefixes(void **state)
{
    (void)state;
    static af_log log;
    static acs_chain states[AF_STORY_MAX + 1];
    acs_policy policy;
    af_story_default(&policy, FX_ACCOUNT_ID, &log);
    chain_log(&log, states);
    const size_t n = log.count;
    for (size_t k = 0; k <= n; k++) {
        expect_verify(log.records + k, n - k, &states[k], &states[n], 0, ACS_OK, n - k);
        expect_verify(log.records, k, NULL, &states[k], 0, ACS_OK, k);
        expect_verify(log.records, k, &states[0], &states[k], 0, ACS_OK, k);
        /* A suffix checked as if it were the whole chain does not link. */
        if (k > 0 && k < n) expect_verify(log.records + k, n - k, NULL, NULL, 0, ACS_V_LINK, 0);
    }
}

/* A suffix that starts at a denial verifies like any other suffix. The
** denial here is dated after a deadline that was due: the caller records
** it, then advances, and the deadline's record carries the deadline's own,
** earlier time. The whole chain is valid; the suffix from the denial must
** be too. */
static void test_verify_suffix_starting_at_a_denial(void **state)
{
    (void)state;
    static af_log log;
    static acs_chain states[AF_STORY_MAX + 1];
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    log.count = 0;
    af_open(&policy, &account, FX_ACCOUNT_ID, FX_T0, &log);
    acs_event event = fx_ev_verify(FX_T0);
    af_change(&policy, &account, &event, &log);
    event = fx_ev_hold(&policy, FX_T0 + FX_HOUR, ACS_LEVEL_FROZEN);
    af_change(&policy, &account, &event, &log);
    const int64_t later = FX_T0 + 20 * FX_DAY; /* the review was due at 14 days */
    event = fx_ev_lift(later, 1);
    af_deny(&policy, &account, &event, ACS_E_DEADLINE_DUE, &log);
    af_advance(&policy, &account, later, 1, &log);
    af_change(&policy, &account, &event, &log);
    chain_log(&log, states);
    const size_t n = log.count;
    const size_t denial = 3;
    assert_true(is_denial(&log.records[denial]));
    assert_true(log.records[denial + 1].time_ms < log.records[denial].time_ms);

    expect_verify(log.records, n, NULL, &states[n], 0, ACS_OK, n);
    expect_verify(log.records + denial + 1, n - denial - 1, &states[denial + 1], &states[n], 0,
                  ACS_OK, n - denial - 1);
    expect_verify(log.records + denial, n - denial, &states[denial], &states[n], 0, ACS_OK,
                  n - denial);
}

/* One chain for the records of several accounts, in the order written to
** a log: valid with ACS_VERIFY_LOG, a mix of accounts without it. */
static void test_verify_whole_log(void **state)
{
    (void)state;
    static af_log logs[3];
    static acs_record merged[3 * AF_STORY_MAX];
    static acs_chain states[3 * AF_STORY_MAX + 1];
    acs_policy policy;
    af_story_default(&policy, FX_ACCOUNT_ID, &logs[0]);
    af_story_consumer(&policy, FX_ACCOUNT_ID + 1, &logs[1]);
    af_story_discretionary(&policy, FX_ACCOUNT_ID + 2, &logs[2]);
    size_t n = 0;
    for (size_t i = 0; i < AF_STORY_MAX; i++) {
        for (size_t a = 0; a < 3; a++) {
            if (i < logs[a].count) merged[n++] = logs[a].records[i];
        }
    }
    assert_code(acs_chain_init(&states[0]), ACS_OK);
    for (size_t i = 0; i < n; i++) {
        states[i + 1] = states[i];
        assert_code(acs_chain_append(&states[i + 1], &merged[i]), ACS_OK);
    }
    const acs_chain *last = &states[n];
    expect_verify(merged, n, NULL, last, ACS_VERIFY_LOG, ACS_OK, n);
    expect_verify(merged, n, NULL, NULL, ACS_VERIFY_LOG, ACS_OK, n);
    expect_verify(merged + 7, n - 7, &states[7], last, ACS_VERIFY_LOG, ACS_OK, n - 7);
    expect_verify(merged, n, NULL, last, 0, ACS_V_ACCOUNTS_MIXED, 1);

    /* In a log, the chain alone finds what was changed, dropped, swapped
    ** or cut off. */
    static acs_record copy[3 * AF_STORY_MAX];
    memcpy(copy, merged, n * sizeof copy[0]);
    copy[10].actor_id++;
    expect_verify(copy, n, NULL, last, ACS_VERIFY_LOG, ACS_V_HASH, 10);
    memcpy(copy, merged, n * sizeof copy[0]);
    memmove(copy + 10, copy + 11, (n - 11) * sizeof copy[0]);
    expect_verify(copy, n - 1, NULL, last, ACS_VERIFY_LOG, ACS_V_LINK, 10);
    memcpy(copy, merged, n * sizeof copy[0]);
    copy[10] = merged[11];
    copy[11] = merged[10];
    expect_verify(copy, n, NULL, last, ACS_VERIFY_LOG, ACS_V_LINK, 10);
    expect_verify(merged, n - 1, NULL, last, ACS_VERIFY_LOG, ACS_V_HEAD_MISMATCH, n - 1);
}

/* ------------------------------------------------------------------------
** Each finding, at its index, on the default story's chain.
*/
typedef struct story {
    af_log plain; /* the records as written, unchained */
    af_log log;   /* chained */
    acs_chain states[AF_STORY_MAX + 1];
    acs_record work[AF_STORY_MAX + 2];
} story;

static story *get_story(void)
{
    static story s;
    acs_policy policy;
    af_story_default(&policy, FX_ACCOUNT_ID, &s.plain);
    s.log = s.plain;
    chain_log(&s.log, s.states);
    return &s;
}

/* The index of the first change record at or after from whose successor is
** a change too. */
static size_t change_pair_from(const af_log *log, size_t from)
{
    for (size_t i = from; i + 1 < log->count; i++) {
        if (!is_denial(&log->records[i]) && !is_denial(&log->records[i + 1])) return i;
    }
    fail();
    return 0;
}

/* Chain records[from .. count - 1] again after state_before, as a forger
** who changed records[from] would. */
static void rechain_from(acs_record *records, size_t from, size_t count,
                         const acs_chain *state_before)
{
    acs_chain chain = *state_before;
    for (size_t i = from; i < count; i++) assert_code(acs_chain_append(&chain, &records[i]), ACS_OK);
}

static void test_finding_hash(void **state)
{
    (void)state;
    story *s = get_story();
    const size_t n = s->log.count;
    for (size_t i = 0; i < n; i++) {
        memcpy(s->work, s->log.records, n * sizeof s->work[0]);
        s->work[i].time_ms--;
        expect_verify(s->work, n, NULL, &s->states[n], 0, ACS_V_HASH, i);
        memcpy(s->work, s->log.records, n * sizeof s->work[0]);
        s->work[i].hash[i % ACS_DIGEST_SIZE] ^= 0x40;
        expect_verify(s->work, n, NULL, &s->states[n], 0, ACS_V_HASH, i);
        /* A field no encoder writes. */
        memcpy(s->work, s->log.records, n * sizeof s->work[0]);
        s->work[i].kind = 0;
        expect_verify(s->work, n, NULL, NULL, 0, ACS_V_HASH, i);
        /* The hash is checked before the account's order. */
        memcpy(s->work, s->log.records, n * sizeof s->work[0]);
        s->work[i].sequence += 5;
        expect_verify(s->work, n, NULL, NULL, 0, ACS_V_HASH, i);
    }
}

/* A record with a valid hash of its own, chained onto another head. */
static void test_finding_link(void **state)
{
    (void)state;
    story *s = get_story();
    const size_t n = s->log.count;
    for (size_t i = 0; i < n; i++) {
        memcpy(s->work, s->log.records, n * sizeof s->work[0]);
        acs_chain elsewhere = s->states[i];
        elsewhere.head[0] ^= 0x01;
        assert_code(acs_chain_append(&elsewhere, &s->work[i]), ACS_OK);
        expect_verify(s->work, n, NULL, NULL, 0, ACS_V_LINK, i);
        expect_verify(s->work, n, NULL, NULL, ACS_VERIFY_LOG, ACS_V_LINK, i);
    }
    /* The first record against a start it does not follow. */
    acs_chain start = s->states[0];
    start.head[31] = 1;
    expect_verify(s->log.records, n, &start, NULL, 0, ACS_V_LINK, 0);
}

/* A change dropped: the next change skips a sequence number, and so does a
** denial that repeats the dropped change's number. */
static void test_finding_sequence_gap(void **state)
{
    (void)state;
    story *s = get_story();
    const size_t n = s->log.count;
    size_t gaps = 0, denial_gaps = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        if (is_denial(&s->log.records[i])) continue;
        memcpy(s->work, s->log.records, i * sizeof s->work[0]);
        memcpy(s->work + i, s->log.records + i + 1, (n - i - 1) * sizeof s->work[0]);
        expect_verify(s->work, n - 1, NULL, &s->states[n], 0, ACS_V_SEQUENCE_GAP, i);
        gaps++;
        denial_gaps += is_denial(&s->log.records[i + 1]);
    }
    assert_true(gaps > 20);
    assert_true(denial_gaps > 0);
    /* Without its opening, the chain does not start at the zero head. */
    expect_verify(s->log.records + 1, n - 1, NULL, &s->states[n], 0, ACS_V_LINK, 0);
}

/* A change repeated right after itself. */
static void test_finding_duplicate(void **state)
{
    (void)state;
    story *s = get_story();
    const size_t n = s->log.count;
    for (size_t i = 0; i < n; i++) {
        if (is_denial(&s->log.records[i])) continue;
        memcpy(s->work, s->log.records, (i + 1) * sizeof s->work[0]);
        memcpy(s->work + i + 1, s->log.records + i, (n - i) * sizeof s->work[0]);
        expect_verify(s->work, n + 1, NULL, NULL, 0, ACS_V_DUPLICATE, i + 1);
    }
}

/* A sequence number that goes back: an earlier change or an earlier denial
** after later records, each with a valid hash of its own. Of a swapped
** pair, the first record out of place is the finding: a change that comes
** too early skips ahead (a gap); a change moved before the denial that
** preceded it passes the account's checks and then does not link. */
static void test_finding_reordered(void **state)
{
    (void)state;
    story *s = get_story();
    const size_t n = s->log.count;
    size_t changes = 0, denials = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        memcpy(s->work, s->log.records, n * sizeof s->work[0]);
        s->work[n] = s->log.records[i];
        /* Not the last change itself: that is a duplicate. */
        if (s->log.records[i].sequence == s->log.records[n - 1].sequence) continue;
        expect_verify(s->work, n + 1, NULL, NULL, 0, ACS_V_REORDERED, n);
        if (is_denial(&s->log.records[i])) denials++;
        else changes++;
    }
    assert_true(changes > 20);
    assert_true(denials >= 3);

    const size_t i = change_pair_from(&s->log, 2);
    memcpy(s->work, s->log.records, n * sizeof s->work[0]);
    s->work[i] = s->log.records[i + 1];
    s->work[i + 1] = s->log.records[i];
    expect_verify(s->work, n, NULL, &s->states[n], 0, ACS_V_SEQUENCE_GAP, i);

    size_t moved = 0;
    for (size_t j = 1; j + 1 < n; j++) {
        if (!is_denial(&s->log.records[j]) || is_denial(&s->log.records[j + 1])) continue;
        memcpy(s->work, s->log.records, n * sizeof s->work[0]);
        s->work[j] = s->log.records[j + 1];
        s->work[j + 1] = s->log.records[j];
        expect_verify(s->work, n, NULL, &s->states[n], 0, ACS_V_LINK, j);
        moved++;
    }
    assert_true(moved >= 3);
}

/* A change dated before the change before it, chained as if it were
** genuine; a denial dated earlier is no finding (the default story has
** one). */
static void test_finding_time_backwards(void **state)
{
    (void)state;
    story *s = get_story();
    const size_t n = s->log.count;
    size_t found = 0;
    for (size_t i = 1; i < n; i++) {
        if (is_denial(&s->log.records[i]) || is_denial(&s->log.records[i - 1])) continue;
        memcpy(s->work, s->log.records, n * sizeof s->work[0]);
        s->work[i].time_ms = s->log.records[i - 1].time_ms - 1;
        rechain_from(s->work, i, n, &s->states[i]);
        expect_verify(s->work, n, NULL, NULL, 0, ACS_V_TIME_BACKWARDS, i);
        expect_verify(s->work, n, NULL, NULL, ACS_VERIFY_LOG, ACS_OK, n);
        found++;
    }
    assert_true(found > 10);
}

/* A record of another account inside one account's chain. */
static void test_finding_accounts_mixed(void **state)
{
    (void)state;
    story *s = get_story();
    const size_t n = s->log.count;
    for (size_t i = 1; i < n; i++) {
        memcpy(s->work, s->log.records, n * sizeof s->work[0]);
        s->work[i].account_id ^= 0x100;
        rechain_from(s->work, i, n, &s->states[i]);
        expect_verify(s->work, n, NULL, NULL, 0, ACS_V_ACCOUNTS_MIXED, i);
        expect_verify(s->work, n, NULL, NULL, ACS_VERIFY_LOG, ACS_OK, n);
    }
}

/* The anchor: a chain cut short, one that goes on past it, and an anchor
** whose head or count alone differs. */
static void test_finding_head_mismatch(void **state)
{
    (void)state;
    story *s = get_story();
    const size_t n = s->log.count;
    const acs_chain *last = &s->states[n];
    for (size_t k = 0; k < n; k++) {
        expect_verify(s->log.records, k, NULL, last, 0, ACS_V_HEAD_MISMATCH, k);
        expect_verify(s->log.records + k, n - k, &s->states[k], &s->states[n - 1], 0,
                      ACS_V_HEAD_MISMATCH, n - k);
    }
    acs_chain anchor = *last;
    anchor.count++;
    expect_verify(s->log.records, n, NULL, &anchor, 0, ACS_V_HEAD_MISMATCH, n);
    anchor = *last;
    anchor.count--;
    expect_verify(s->log.records, n, NULL, &anchor, 0, ACS_V_HEAD_MISMATCH, n);
    anchor = *last;
    anchor.head[17] ^= 0x08;
    expect_verify(s->log.records, n, NULL, &anchor, 0, ACS_V_HEAD_MISMATCH, n);
    /* A start's count counts towards the anchor's. */
    acs_chain start = s->states[0];
    start.count = 1;
    expect_verify(s->log.records, n, &start, last, 0, ACS_V_HEAD_MISMATCH, n);
}

static void test_finding_not_chained(void **state)
{
    (void)state;
    story *s = get_story();
    const size_t n = s->log.count;
    for (size_t i = 0; i < n; i++) {
        memcpy(s->work, s->log.records, n * sizeof s->work[0]);
        s->work[i] = s->plain.records[i];
        expect_verify(s->work, n, NULL, NULL, 0, ACS_V_NOT_CHAINED, i);
        expect_verify(s->work, n, NULL, NULL, ACS_VERIFY_LOG, ACS_V_NOT_CHAINED, i);
    }
    expect_verify(s->plain.records, n, NULL, NULL, 0, ACS_V_NOT_CHAINED, 0);
}

static void test_verify_misuse(void **state)
{
    (void)state;
    story *s = get_story();
    const size_t n = s->log.count;
    acs_audit_report report;
    memset(&report, FX_FILL, sizeof report);
    assert_code(acs_verify(NULL, 1, NULL, NULL, 0, &report), ACS_E_NULL);
    assert_filled(&report, sizeof report, FX_FILL);
    static const unsigned options[] = {0x2u, 0x4u, 0x80000000u, ~0u};
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        assert_code(acs_verify(s->log.records, n, NULL, NULL, options[i], &report),
                    ACS_E_RESERVED);
        assert_filled(&report, sizeof report, FX_FILL);
    }
    /* No records: the empty chain, against its anchor. */
    expect_verify(NULL, 0, NULL, NULL, 0, ACS_OK, 0);
    expect_verify(NULL, 0, NULL, &s->states[0], 0, ACS_OK, 0);
    expect_verify(NULL, 0, &s->states[3], &s->states[3], 0, ACS_OK, 0);
    expect_verify(NULL, 0, NULL, &s->states[1], 0, ACS_V_HEAD_MISMATCH, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_init),
        cmocka_unit_test(test_append_sets_the_chain_fields),
        cmocka_unit_test(test_hash_covers_body_and_link),
        cmocka_unit_test(test_append_rechains),
        cmocka_unit_test(test_chain_misuse),
        cmocka_unit_test(test_verify_valid_chains),
        cmocka_unit_test(test_verify_suffixes_and_prefixes),
        cmocka_unit_test(test_verify_suffix_starting_at_a_denial),
        cmocka_unit_test(test_verify_whole_log),
        cmocka_unit_test(test_finding_hash),
        cmocka_unit_test(test_finding_link),
        cmocka_unit_test(test_finding_sequence_gap),
        cmocka_unit_test(test_finding_duplicate),
        cmocka_unit_test(test_finding_reordered),
        cmocka_unit_test(test_finding_time_backwards),
        cmocka_unit_test(test_finding_accounts_mixed),
        cmocka_unit_test(test_finding_head_mismatch),
        cmocka_unit_test(test_finding_not_chained),
        cmocka_unit_test(test_verify_misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
