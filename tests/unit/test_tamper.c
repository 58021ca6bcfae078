/*
** test_tamper.c: every single change to a chain of 1,000 records of one
** account is detected.
**
** The chain comes from a seeded random stream of events and advance calls
** under the default preset, with a denial record for each refused event,
** each record chained as it is written; the chain's state after each record
** is kept, and the last one is the anchored head an auditor keeps apart
** from the records. Then:
**   (a) every bit of every record's 216-byte encoding, flipped: decode
**       refuses the bytes, or acs_verify refuses the chain with the decoded
**       record in its place;
**   (b) every record deleted;
**   (c) every pair of adjacent records swapped;
**   (d) the tail cut off at every length, against the anchored head;
**   (e) every record repeated right after itself.
** Each sweep counts what it detected, prints the count beside the total
** and the findings by code, and requires all of them.
**
** With ACS_TEST_QUICK set to anything but 0 (make valgrind-check sets it,
** where every instruction costs some fifty), each sweep visits every
** QUICK_STRIDE-th record and the last one instead of every record; the
** chain itself is the same.
*/
#include "audit_fixtures.h"

#include <stdlib.h>
#include <time.h>

#define CHAIN_LENGTH 1000
#define CHAIN_SEED UINT64_C(0x7a3e5c1d9b4f2a60)
#define ENCODED_BITS (ACS_RECORD_ENCODED_SIZE * 8)
#define CODE_SLOTS 128 /* findings and refusals by -code */
#define QUICK_STRIDE 16

typedef struct tamper_chain {
    bool built;
    acs_policy policy;
    size_t denials;
    acs_record records[CHAIN_LENGTH];
    acs_chain states[CHAIN_LENGTH + 1]; /* states[i]: before records[i] */
    acs_record work[CHAIN_LENGTH + 1];
} tamper_chain;

static tamper_chain chain;

static tamper_chain *get_chain(void)
{
    if (chain.built) return &chain;
    fx_preset(&chain.policy, ACS_PRESET_DEFAULT);
    chain.denials = af_stream(&chain.policy, CHAIN_SEED, FX_ACCOUNT_ID, chain.records,
                              CHAIN_LENGTH, chain.states);
    /* Enough of both kinds of record for the sweeps to mean something. */
    assert_true(chain.denials > CHAIN_LENGTH / 5);
    assert_true(chain.denials < CHAIN_LENGTH - CHAIN_LENGTH / 5);
    assert_true(chain.states[CHAIN_LENGTH].count == CHAIN_LENGTH);
    /* Changes of every kind but CLOSE, which the stream leaves out so the
    ** account stays open. */
    unsigned kinds[ACS_EVENT_WINDOW_ENDED + 1] = {0};
    for (size_t i = 0; i < CHAIN_LENGTH; i++) {
        if (!(chain.records[i].flags & ACS_RECORD_DENIAL)) kinds[chain.records[i].kind]++;
    }
    for (int kind = ACS_EVENT_VERIFY; kind <= ACS_EVENT_WINDOW_ENDED; kind++) {
        if (acs_event_name(kind) != NULL && kind != ACS_EVENT_CLOSE) assert_true(kinds[kind] > 0);
    }
    acs_audit_report report;
    assert_code(acs_verify(chain.records, CHAIN_LENGTH, NULL, &chain.states[CHAIN_LENGTH], 0,
                           &report),
                ACS_OK);
    print_message("chain: %d records of one account, %zu changes and %zu denials\n",
                  CHAIN_LENGTH, CHAIN_LENGTH - chain.denials, chain.denials);
    chain.built = true;
    return &chain;
}

/* 1, or QUICK_STRIDE when ACS_TEST_QUICK asks for a quick run. */
static size_t sweep_stride(void)
{
    const char *quick = getenv("ACS_TEST_QUICK");
    bool on = quick != NULL && quick[0] != '\0' && strcmp(quick, "0") != 0;
    return on ? QUICK_STRIDE : 1;
}

/* The index a sweep over 0 .. count - 1 visits after i: the next one, or
** in a quick run the next multiple of the stride, and always the last;
** count when the sweep is done. */
static size_t sweep_next(size_t i, size_t count)
{
    if (i + 1 >= count) return count;
    size_t next = i + sweep_stride();
    return next < count - 1 ? next : count - 1;
}

/* How many indexes a sweep over 0 .. count - 1 visits. */
static size_t sweep_visits(size_t count)
{
    size_t visits = 0;
    for (size_t i = 0; i < count; i = sweep_next(i, count)) visits++;
    if (sweep_stride() == 1) assert_true(visits == count);
    return visits;
}

static bool is_denial(const acs_record *record)
{
    return (record->flags & ACS_RECORD_DENIAL) != 0;
}

static double seconds_now(void)
{
    struct timespec now;
    assert_int_equal(timespec_get(&now, TIME_UTC), TIME_UTC);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* A tally of detections by code, printed after each sweep. */
typedef struct tally {
    uint64_t total;
    uint64_t detected;
    uint64_t by_decode[CODE_SLOTS];
    uint64_t by_verify[CODE_SLOTS];
    double started;
} tally;

static void tally_start(tally *t)
{
    memset(t, 0, sizeof *t);
    t->started = seconds_now();
}

static void count_code(uint64_t *slots, int code)
{
    assert_true(code < 0 && -code < CODE_SLOTS);
    slots[-code]++;
}

static void tally_print(const tally *t, const char *what)
{
    print_message("%s: %" PRIu64 " of %" PRIu64 " detected (%.2f s)\n", what, t->detected,
                  t->total, seconds_now() - t->started);
    for (int slot = 1; slot < CODE_SLOTS; slot++) {
        if (t->by_decode[slot] != 0)
            print_message("    decode %-18s %" PRIu64 "\n", acs_code_name(-slot),
                          t->by_decode[slot]);
    }
    for (int slot = 1; slot < CODE_SLOTS; slot++) {
        if (t->by_verify[slot] != 0)
            print_message("    verify %-18s %" PRIu64 "\n", acs_code_name(-slot),
                          t->by_verify[slot]);
    }
}

/* ------------------------------------------------------------------------
** (a) Bit flips, each verified on a short slice of the chain.
**
** Why a slice gives the answer the whole chain would. acs_verify walks the
** records in order and stops at the first finding; what it knows when it
** reaches a record is the head (the hash of the record before) and, for
** one account, the last change's account, sequence and time. A flip in
** record i changes record i alone. So:
**   - Records before the slice are unchanged and pass, in the whole chain
**     as in the original.
**   - The slice starts at lo, the last change (not denial) before i, with
**     start = the chain state before lo. Its head is then exactly the head
**     the whole walk has there, and the walk's account state, which
**     acs_verify takes from the first record it is given, is exactly what
**     the whole walk holds after lo: a change sets sequence and time, a
**     denial does not, so starting at a denial could differ in the time.
**     From lo on, the slice and the whole walk make the same checks on the
**     same records, so the first finding in the slice is the first finding
**     of the whole chain, at lo plus its index.
**   - The slice ends after record i + 1, which links to record i's hash;
**     its anchor is the chain state after record i + 1. If the slice
**     passes, every record after it is unchanged and links as before, so
**     the whole chain passes too; if only the anchor fails, the slice's
**     last hash differs from the original's, and in the whole chain the
**     record after the slice would fail to link (or, at the end, the same
**     anchor check fails).
** test_slices_agree_with_the_whole_chain checks this on a sample.
*/
static size_t slice_start(const tamper_chain *c, size_t i)
{
    if (i == 0) return 0;
    size_t lo = i - 1;
    while (lo > 0 && is_denial(&c->records[lo])) lo--;
    return lo;
}

static size_t slice_end(size_t i)
{
    return i + 2 < CHAIN_LENGTH ? i + 2 : CHAIN_LENGTH;
}

/* Flip bit of record i's encoding. Returns the decode's code, and when it
** decodes, the slice verification's code and index into *report. */
static int flip_and_check(tamper_chain *c, size_t i, unsigned bit, acs_audit_report *report,
                          acs_record *changed)
{
    uint8_t bytes[ACS_RECORD_ENCODED_SIZE];
    assert_code(acs_record_encode(&c->records[i], bytes, sizeof bytes), ACS_OK);
    bytes[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    memset(changed, FX_FILL, sizeof *changed);
    int rc = acs_record_decode(changed, bytes, sizeof bytes);
    if (rc != ACS_OK) return rc;
    const size_t lo = slice_start(c, i), hi = slice_end(i);
    memcpy(c->work, c->records + lo, (hi - lo) * sizeof c->work[0]);
    c->work[i - lo] = *changed;
    acs_verify(c->work, hi - lo, &c->states[lo], &c->states[hi], 0, report);
    return ACS_OK;
}

static void test_every_bit_flip(void **state)
{
    (void)state;
    tamper_chain *c = get_chain();
    tally t;
    uint64_t decoded = 0;
    tally_start(&t);
    for (size_t i = 0; i < CHAIN_LENGTH; i = sweep_next(i, CHAIN_LENGTH)) {
        uint8_t bytes[ACS_RECORD_ENCODED_SIZE];
        assert_code(acs_record_encode(&c->records[i], bytes, sizeof bytes), ACS_OK);
        const size_t lo = slice_start(c, i), hi = slice_end(i);
        acs_record *slice = c->work;
        memcpy(slice, c->records + lo, (hi - lo) * sizeof slice[0]);
        for (unsigned bit = 0; bit < ENCODED_BITS; bit++) {
            const uint8_t mask = (uint8_t)(1u << (bit % 8));
            acs_record changed;
            t.total++;
            bytes[bit / 8] ^= mask;
            int rc = acs_record_decode(&changed, bytes, sizeof bytes);
            bytes[bit / 8] ^= mask;
            if (rc != ACS_OK) {
                count_code(t.by_decode, rc);
                t.detected++;
                continue;
            }
            decoded++;
            slice[i - lo] = changed;
            rc = acs_verify(slice, hi - lo, &c->states[lo], &c->states[hi], 0, NULL);
            slice[i - lo] = c->records[i];
            if (rc == ACS_OK) {
                print_error("record %zu, bit %u: not detected\n", i, bit);
                continue;
            }
            count_code(t.by_verify, rc);
            t.detected++;
        }
    }
    tally_print(&t, "bit flips");
    print_message("    (%" PRIu64 " flipped records decoded and went to acs_verify)\n", decoded);
    assert_true(t.total == (uint64_t)sweep_visits(CHAIN_LENGTH) * ENCODED_BITS);
    assert_true(decoded > 0);
    assert_true(t.detected == t.total);
}

/* The slice's finding, moved to the whole chain's indices, is the whole
** chain's finding, for a sample of records (the first, the last, denials,
** changes after a run of denials) and bits (each field). */
static void test_slices_agree_with_the_whole_chain(void **state)
{
    (void)state;
    tamper_chain *c = get_chain();
    static acs_record whole[CHAIN_LENGTH];
    size_t records[24];
    size_t count = 0;
    records[count++] = 0;
    records[count++] = 1;
    records[count++] = CHAIN_LENGTH - 2;
    records[count++] = CHAIN_LENGTH - 1;
    for (size_t i = 2; i < CHAIN_LENGTH && count < 16; i += 37) {
        records[count++] = i;
        /* The first change after a denial: its slice starts further back. */
        size_t j = i;
        while (j + 1 < CHAIN_LENGTH && !(is_denial(&c->records[j]) &&
                                         !is_denial(&c->records[j + 1])))
            j++;
        if (j + 1 < CHAIN_LENGTH) records[count++] = j + 1;
    }
    static const unsigned bits[] = {0,       4 * 8,      5 * 8,      7 * 8 + 5, 16 * 8 + 3,
                                    40 * 8,  64 * 8 + 9, 88 * 8 + 1, 120 * 8,   152 * 8 + 6,
                                    184 * 8, ENCODED_BITS - 1};
    unsigned compared = 0;
    for (size_t r = 0; r < count; r++) {
        const size_t i = records[r];
        for (size_t b = 0; b < sizeof bits / sizeof bits[0]; b++) {
            acs_audit_report slice, full;
            acs_record changed;
            memset(&slice, 0, sizeof slice);
            if (flip_and_check(c, i, bits[b], &slice, &changed) != ACS_OK) continue;
            memcpy(whole, c->records, sizeof whole);
            whole[i] = changed;
            int rc = acs_verify(whole, CHAIN_LENGTH, NULL, &c->states[CHAIN_LENGTH], 0, &full);
            assert_true(rc != ACS_OK);
            assert_true(slice.code != ACS_OK);
            const uint64_t lo = slice_start(c, i), hi = slice_end(i);
            if (slice.code == ACS_V_HEAD_MISMATCH && hi < CHAIN_LENGTH) {
                assert_code(full.code, ACS_V_LINK);
                assert_true(full.index == hi);
            } else {
                assert_code(full.code, slice.code);
                assert_true(full.index == lo + slice.index);
            }
            compared++;
        }
    }
    print_message("slices and whole chain: %u findings agree\n", compared);
    assert_true(compared >= 100);
}

/* ------------------------------------------------------------------------
** (b) .. (e): each changed chain verified whole, against the anchored head.
** The finding is always at the first record that differs from the
** original chain (for a cut, at the end of the records).
*/
static void expect_detected(tally *t, const acs_record *records, size_t count,
                            const acs_chain *anchor, uint64_t index, const char *what,
                            size_t which)
{
    acs_audit_report report;
    memset(&report, 0, sizeof report);
    int rc = acs_verify(records, count, NULL, anchor, 0, &report);
    t->total++;
    if (rc == ACS_OK) {
        print_error("%s %zu: not detected\n", what, which);
        return;
    }
    count_code(t->by_verify, rc);
    if (report.index != index)
        print_error("%s %zu: %s at %" PRIu64 ", expected at %" PRIu64 "\n", what, which,
                    acs_code_name(rc), report.index, index);
    assert_true(report.index == index);
    t->detected++;
}

static void test_every_deletion(void **state)
{
    (void)state;
    tamper_chain *c = get_chain();
    const acs_chain *anchor = &c->states[CHAIN_LENGTH];
    tally t;
    tally_start(&t);
    /* work holds the chain without record i: each step puts the records
    ** from the last one left out up to i back in their places, moves the
    ** ones after i one place on, and leaves out i. */
    memcpy(c->work, c->records + 1, (CHAIN_LENGTH - 1) * sizeof c->work[0]);
    size_t left_out = 0;
    for (size_t i = 0; i < CHAIN_LENGTH; i = sweep_next(i, CHAIN_LENGTH)) {
        memcpy(c->work + left_out, c->records + left_out, (i - left_out) * sizeof c->work[0]);
        left_out = i;
        expect_detected(&t, c->work, CHAIN_LENGTH - 1, anchor, i, "deletion of record", i);
    }
    tally_print(&t, "deletions");
    assert_true(t.total == sweep_visits(CHAIN_LENGTH));
    assert_true(t.detected == t.total);
}

static void test_every_adjacent_swap(void **state)
{
    (void)state;
    tamper_chain *c = get_chain();
    const acs_chain *anchor = &c->states[CHAIN_LENGTH];
    tally t;
    tally_start(&t);
    memcpy(c->work, c->records, CHAIN_LENGTH * sizeof c->work[0]);
    for (size_t i = 0; i + 1 < CHAIN_LENGTH; i = sweep_next(i, CHAIN_LENGTH - 1)) {
        c->work[i] = c->records[i + 1];
        c->work[i + 1] = c->records[i];
        expect_detected(&t, c->work, CHAIN_LENGTH, anchor, i, "swap of records", i);
        c->work[i] = c->records[i];
        c->work[i + 1] = c->records[i + 1];
    }
    tally_print(&t, "adjacent swaps");
    assert_true(t.total == sweep_visits(CHAIN_LENGTH - 1));
    assert_true(t.detected == t.total);
}

static void test_every_truncation(void **state)
{
    (void)state;
    tamper_chain *c = get_chain();
    const acs_chain *anchor = &c->states[CHAIN_LENGTH];
    tally t;
    tally_start(&t);
    for (size_t length = 0; length < CHAIN_LENGTH; length = sweep_next(length, CHAIN_LENGTH))
        expect_detected(&t, c->records, length, anchor, length, "truncation to", length);
    tally_print(&t, "truncations");
    assert_true(t.total == sweep_visits(CHAIN_LENGTH));
    assert_true(t.detected == t.total);
    assert_true(t.by_verify[-ACS_V_HEAD_MISMATCH] == t.total);
}

static void test_every_repetition(void **state)
{
    (void)state;
    tamper_chain *c = get_chain();
    const acs_chain *anchor = &c->states[CHAIN_LENGTH];
    tally t;
    tally_start(&t);
    /* work holds the chain with record i twice: each step moves the
    ** records from the last copy up to i one place back, and copies i. */
    memcpy(c->work + 1, c->records, CHAIN_LENGTH * sizeof c->work[0]);
    c->work[0] = c->records[0];
    size_t repeated = 0;
    for (size_t i = 0; i < CHAIN_LENGTH; i = sweep_next(i, CHAIN_LENGTH)) {
        memcpy(c->work + repeated, c->records + repeated, (i - repeated) * sizeof c->work[0]);
        c->work[i] = c->records[i];
        repeated = i;
        expect_detected(&t, c->work, CHAIN_LENGTH + 1, anchor, i + 1, "repetition of record",
                        i);
    }
    tally_print(&t, "repetitions");
    assert_true(t.total == sweep_visits(CHAIN_LENGTH));
    assert_true(t.detected == t.total);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_bit_flip),
        cmocka_unit_test(test_slices_agree_with_the_whole_chain),
        cmocka_unit_test(test_every_deletion),
        cmocka_unit_test(test_every_adjacent_swap),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_every_repetition),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
