/*
** test_sha256_openssl.c: SHA-256 (sha256.c) against OpenSSL's libcrypto.
**
** 5,000 messages of random length 0..4096 with random contents, drawn from a
** xorshift generator with a fixed seed, are hashed by acs_sha256 in one call
** and again fed to acs_sha256_update in random pieces; both digests must
** equal what EVP_Digest with EVP_sha256() gives. On a mismatch the seed and
** the message's number are printed, so the failure can be replayed.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "acctstate.h"

#define SEED UINT64_C(0x9e3779b97f4a7c15)
#define MESSAGES 5000
#define LENGTH_MAX 4096

/* xorshift64 (Marsaglia): small, fast and the same on every platform. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return x;
}

/* A number in 0..bound, both ends included. */
static size_t random_upto(uint64_t *state, size_t bound)
{
    return (size_t)(next_random(state) % ((uint64_t)bound + 1));
}

static void fill_random(uint64_t *state, uint8_t *bytes, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        bytes[i] = (uint8_t)(next_random(state) >> 56);
    }
}

static void openssl_sha256(const uint8_t *bytes, size_t size,
                           uint8_t digest[ACS_SHA256_SIZE])
{
    unsigned int digest_size = 0;
    assert_int_equal(EVP_Digest(bytes, size, digest, &digest_size,
                                EVP_sha256(), NULL), 1);
    assert_int_equal(digest_size, ACS_SHA256_SIZE);
}

/* Feeds bytes in pieces of random size. The largest piece is itself drawn
** per message, so that some messages go a byte or a few bytes at a time
** and others in pieces larger than a block. */
static void hash_in_pieces(uint64_t *state, const uint8_t *bytes, size_t size,
                           uint8_t digest[ACS_SHA256_SIZE])
{
    static const size_t piece_max[] = {1, 3, 17, 63, 64, 65, 200, LENGTH_MAX};
    size_t most = piece_max[random_upto(state, 7)];
    acs_sha256_ctx ctx;
    acs_sha256_init(&ctx);
    size_t done = 0;
    while (done < size) {
        size_t left = size - done;
        size_t piece = random_upto(state, most < left ? most : left);
        acs_sha256_update(&ctx, bytes + done, piece);
        done += piece;
    }
    assert_true(ctx.length == size);
    acs_sha256_final(&ctx, digest);
}

static void report_mismatch(const char *how, size_t message, size_t size)
{
    fail_msg("%s digest differs from OpenSSL: message %zu of length %zu, "
             "seed 0x%016llx",
             how, message, size, (unsigned long long)SEED);
}

static void test_against_openssl(void **state)
{
    (void)state;
    static uint8_t bytes[LENGTH_MAX];
    uint64_t random = SEED;
    size_t lengths_seen[3] = {0, 0, 0}; /* 0, 1..64, more than one block */

    for (size_t message = 0; message < MESSAGES; message++) {
        size_t size = random_upto(&random, LENGTH_MAX);
        fill_random(&random, bytes, size);
        lengths_seen[size == 0 ? 0 : size <= ACS_SHA256_BLOCK ? 1 : 2]++;

        uint8_t expected[ACS_SHA256_SIZE], digest[ACS_SHA256_SIZE];
        openssl_sha256(bytes, size, expected);
        acs_sha256(bytes, size, digest);
        if (memcmp(digest, expected, sizeof digest) != 0) {
            report_mismatch("one-call", message, size);
        }
        hash_in_pieces(&random, bytes, size, digest);
        if (memcmp(digest, expected, sizeof digest) != 0) {
            report_mismatch("piecewise", message, size);
        }
    }
    /* The generator must actually spread the lengths. */
    assert_true(lengths_seen[1] > 0);
    assert_true(lengths_seen[2] > MESSAGES / 2);
}

/* The lengths around every padding boundary up to four blocks, each with
** contents of its own, so that the sweep does not depend on the draw. */
static void test_every_short_length(void **state)
{
    (void)state;
    static uint8_t bytes[4 * ACS_SHA256_BLOCK + 1];
    uint64_t random = SEED ^ UINT64_C(0x5555555555555555);
    for (size_t size = 0; size <= sizeof bytes; size++) {
        fill_random(&random, bytes, size);
        uint8_t expected[ACS_SHA256_SIZE], digest[ACS_SHA256_SIZE];
        openssl_sha256(bytes, size, expected);
        acs_sha256(bytes, size, digest);
        if (memcmp(digest, expected, sizeof digest) != 0) {
            fail_msg("digest of length %zu differs from OpenSSL", size);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_openssl),
        cmocka_unit_test(test_every_short_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
