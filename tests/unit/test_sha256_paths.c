/*
** test_sha256_paths.c: the two SHA-256 block functions (sha256.c's portable
** one and sha256_shani.c's SHA-NI one) give the FIPS 180-4 digests and
** agree on random input, and so does the one the library dispatches to.
**
** Each block function is driven here through a small padding routine of
** the test's own, so that a fault in one block function cannot hide behind
** the other. On a processor without SHA-NI the SHA-NI test says so and
** returns; in a build without that path (make SHA256=portable, or not
** x86-64 with glibc) it is skipped.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "internal.h"

typedef void blocks_function(uint32_t state[8], const uint8_t *blocks, size_t count);

static const uint32_t initial[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                                    0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};

/* SHA-256 of size bytes with the given block function (FIPS 180-4 5.1.1). */
static void digest_with(blocks_function *blocks, const uint8_t *data, size_t size,
                        uint8_t out[32])
{
    uint32_t state[8];
    memcpy(state, initial, sizeof state);
    size_t whole = size / 64;
    blocks(state, data, whole);
    uint8_t tail[128];
    size_t rest = size - whole * 64;
    memset(tail, 0, sizeof tail);
    memcpy(tail, data + whole * 64, rest);
    tail[rest] = 0x80;
    size_t tail_size = rest + 1 + 8 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)size * 8;
    for (int i = 0; i < 8; i++) tail[tail_size - 1 - (size_t)i] = (uint8_t)(bits >> (8 * i));
    blocks(state, tail, tail_size / 64);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(state[i] >> 24);
        out[4 * i + 1] = (uint8_t)(state[i] >> 16);
        out[4 * i + 2] = (uint8_t)(state[i] >> 8);
        out[4 * i + 3] = (uint8_t)state[i];
    }
}

static void hex(const char *text, uint8_t out[32])
{
    for (int i = 0; i < 32; i++) {
        unsigned value = 0;
        sscanf(text + 2 * i, "%2x", &value);
        out[i] = (uint8_t)value;
    }
}

/* FIPS 180-4 examples and their digests. */
static void check_vectors(blocks_function *blocks)
{
    static uint8_t million[1000000];
    memset(million, 'a', sizeof million);
    const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    struct {
        const uint8_t *data;
        size_t size;
        const char *digest;
    } cases[] = {
        {(const uint8_t *)"", 0,
         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {(const uint8_t *)"abc", 3,
         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {(const uint8_t *)two_blocks, strlen(two_blocks),
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {million, sizeof million,
         "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t got[32], want[32];
        digest_with(blocks, cases[i].data, cases[i].size, got);
        hex(cases[i].digest, want);
        assert_memory_equal(got, want, 32);
    }
}

static void test_portable_vectors(void **state)
{
    (void)state;
    check_vectors(acs__sha256_blocks_portable);
}

static void test_dispatched_vectors(void **state)
{
    (void)state;
    check_vectors(acs__sha256_blocks);
}

#if ACS__SHA256_SHANI
/* xorshift64: a fixed stream of test bytes. */
static uint64_t next_random(uint64_t *seed)
{
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    return *seed;
}
#endif

static void test_shani_vectors_and_random(void **state)
{
    (void)state;
#if ACS__SHA256_SHANI
    if (!acs__sha256_shani_usable()) {
        printf("# this processor has no SHA-NI: only the portable path runs here\n");
        return;
    }
    check_vectors(acs__sha256_blocks_shani);
    static uint8_t data[64 * 40];
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    for (int round = 0; round < 3000; round++) {
        size_t count = (size_t)(next_random(&seed) % 40) + 1;
        for (size_t i = 0; i < 64 * count; i++) data[i] = (uint8_t)next_random(&seed);
        uint32_t a[8], b[8];
        for (int i = 0; i < 8; i++) a[i] = b[i] = (uint32_t)next_random(&seed);
        acs__sha256_blocks_portable(a, data, count);
        acs__sha256_blocks_shani(b, data, count);
        assert_memory_equal(a, b, sizeof a);
    }
#else
    skip(); /* built without the SHA-NI path: nothing to compare */
#endif
}

/* A build without the SHA-NI path never reports it usable: every hash goes
** through the portable function. */
static void test_build_without_shani_reports_portable(void **state)
{
    (void)state;
#if ACS__SHA256_SHANI
    skip(); /* built with the SHA-NI path: test_shani_vectors_and_random */
#else
    assert_int_equal(acs__sha256_shani_usable(), 0);
#endif
}

/* Zero blocks change nothing on either path. */
static void test_zero_blocks(void **state)
{
    (void)state;
    uint32_t a[8], b[8];
    memcpy(a, initial, sizeof a);
    memcpy(b, initial, sizeof b);
    acs__sha256_blocks_portable(a, (const uint8_t *)"", 0);
    acs__sha256_blocks(b, (const uint8_t *)"", 0);
    assert_memory_equal(a, initial, sizeof a);
    assert_memory_equal(b, initial, sizeof b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_portable_vectors),
        cmocka_unit_test(test_dispatched_vectors),
        cmocka_unit_test(test_shani_vectors_and_random),
        cmocka_unit_test(test_build_without_shani_reports_portable),
        cmocka_unit_test(test_zero_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
