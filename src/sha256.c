/*
** sha256.c: SHA-256 as FIPS 180-4 defines it (sections 4.1.2, 4.2.2, 5.1.1,
** 5.3.3 and 6.2), for record hashing, policy fingerprints and callers.
**
** It owns the caller's acs_sha256_ctx: the eight hash words, the count of
** bytes hashed so far and the bytes that do not yet fill a block. Between
** calls it keeps used < 64 and used == length mod 64, so a full block is
** compressed as soon as it is complete and never waits in the buffer.
** Words are read and written one byte at a time, most significant first, so
** the digest is the same on every byte order and alignment. The block
** function here is the portable one; sha256_shani.c has the one for x86-64
** processors with the SHA extensions and picks between them.
*/
#include <string.h>

#include "internal.h"

_Static_assert(ACS_SHA256_BLOCK == 64, "SHA-256 blocks are 64 bytes");
_Static_assert(ACS_SHA256_SIZE == 32, "SHA-256 digests are 32 bytes");
_Static_assert(sizeof(((acs_sha256_ctx *)0)->block) == ACS_SHA256_BLOCK,
               "the context buffers one block");

/* Where the 64-bit message length goes in the last block (section 5.1.1). */
#define LENGTH_OFFSET (ACS_SHA256_BLOCK - 8)

/* K: the first 32 bits of the fractional parts of the cube roots of the
** first 64 primes (section 4.2.2). */
/* Shared with sha256_shani.c, whose 128-bit loads want 16-byte alignment. */
_Alignas(16) const uint32_t acs__sha256_round_constants[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u,
    0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
    0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u,
    0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
    0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu,
    0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u,
    0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
    0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u,
    0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
    0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u,
    0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u,
    0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u,
    0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

/* H(0): the first 32 bits of the fractional parts of the square roots of
** the first 8 primes (section 5.3.3). */
static const uint32_t initial_state[8] = {
    0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
    0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u,
};

static uint32_t rotate_right(uint32_t x, unsigned n)
{
    assert(n > 0);
    assert(n < 32);
    return (x >> n) | (x << (32 - n));
}

static uint32_t load_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
           ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void store_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void store_be64(uint8_t *p, uint64_t v)
{
    store_be32(p, (uint32_t)(v >> 32));
    store_be32(p + 4, (uint32_t)v);
}

/* The six logical functions of section 4.1.2. */
static uint32_t choose(uint32_t x, uint32_t y, uint32_t z)
{
    return (x & y) ^ (~x & z);
}

static uint32_t majority(uint32_t x, uint32_t y, uint32_t z)
{
    return (x & y) ^ (x & z) ^ (y & z);
}

static uint32_t big_sigma0(uint32_t x)
{
    return rotate_right(x, 2) ^ rotate_right(x, 13) ^ rotate_right(x, 22);
}

static uint32_t big_sigma1(uint32_t x)
{
    return rotate_right(x, 6) ^ rotate_right(x, 11) ^ rotate_right(x, 25);
}

static uint32_t small_sigma0(uint32_t x)
{
    return rotate_right(x, 7) ^ rotate_right(x, 18) ^ (x >> 3);
}

static uint32_t small_sigma1(uint32_t x)
{
    return rotate_right(x, 17) ^ rotate_right(x, 19) ^ (x >> 10);
}

/* Section 6.2.2, step 1: the message schedule W0..W63 of one block. */
static void expand_schedule(uint32_t schedule[64], const uint8_t *block)
{
    for (size_t t = 0; t < 16; t++) {
        schedule[t] = load_be32(block + 4 * t);
    }
    for (unsigned t = 16; t < 64; t++) {
        schedule[t] = small_sigma1(schedule[t - 2]) + schedule[t - 7] +
                      small_sigma0(schedule[t - 15]) + schedule[t - 16];
    }
}

/* Section 6.2.2, steps 2 to 4: fold one 64-byte block into the hash words.
** ROUND is one round of the working variables a..h, written with their
** names rotated instead of their values moved: eight rounds bring every
** name back to its place, so the 64 rounds are eight passes of eight and
** the variables stay in registers. */
#define ROUND(a, b, c, d, e, f, g, h, t)                                            \
    do {                                                                            \
        uint32_t t1_ = (h) + big_sigma1(e) + choose(e, f, g) +                      \
                       acs__sha256_round_constants[t] + schedule[t];                \
        uint32_t t2_ = big_sigma0(a) + majority(a, b, c);                           \
        (d) += t1_;                                                                 \
        (h) = t1_ + t2_;                                                            \
    } while (0)

static void compress(uint32_t state[8], const uint8_t *block)
{
    assert(state != NULL);
    assert(block != NULL);
    uint32_t schedule[64];
    expand_schedule(schedule, block);

    uint32_t a = state[0];
    uint32_t b = state[1];
    uint32_t c = state[2];
    uint32_t d = state[3];
    uint32_t e = state[4];
    uint32_t f = state[5];
    uint32_t g = state[6];
    uint32_t h = state[7];
    for (size_t t = 0; t < 64; t += 8) {
        ROUND(a, b, c, d, e, f, g, h, t);
        ROUND(h, a, b, c, d, e, f, g, t + 1);
        ROUND(g, h, a, b, c, d, e, f, t + 2);
        ROUND(f, g, h, a, b, c, d, e, t + 3);
        ROUND(e, f, g, h, a, b, c, d, t + 4);
        ROUND(d, e, f, g, h, a, b, c, t + 5);
        ROUND(c, d, e, f, g, h, a, b, t + 6);
        ROUND(b, c, d, e, f, g, h, a, t + 7);
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

#undef ROUND

void acs__sha256_blocks_portable(uint32_t state[8], const uint8_t *blocks, size_t count)
{
    for (size_t i = 0; i < count; i++) compress(state, blocks + ACS_SHA256_BLOCK * i);
}

void acs_sha256_init(acs_sha256_ctx *ctx)
{
    if (ctx == NULL) return;
    memset(ctx, 0, sizeof *ctx);
    memcpy(ctx->state, initial_state, sizeof ctx->state);
    assert(ctx->used == 0);
    assert(ctx->length == 0);
}

/* Copies up to one block's remainder from bytes into the buffer and
** compresses it when it is full. Returns how many bytes it took. */
static size_t fill_block(acs_sha256_ctx *ctx, const uint8_t *bytes, size_t size)
{
    assert(ctx->used < ACS_SHA256_BLOCK);
    size_t room = ACS_SHA256_BLOCK - ctx->used;
    size_t take = size < room ? size : room;
    memcpy(ctx->block + ctx->used, bytes, take);
    ctx->used += (uint32_t)take;
    if (ctx->used == ACS_SHA256_BLOCK) {
        acs__sha256_blocks(ctx->state, ctx->block, 1);
        ctx->used = 0;
    }
    assert(ctx->used < ACS_SHA256_BLOCK);
    return take;
}

void acs_sha256_update(acs_sha256_ctx *ctx, const void *data, size_t size)
{
    if (ctx == NULL || data == NULL || size == 0) return;
    assert(ctx->used < ACS_SHA256_BLOCK);
    assert(ctx->length % ACS_SHA256_BLOCK == ctx->used);
    const uint8_t *bytes = data;
    ctx->length += (uint64_t)size;

    /* Top up a partial block first; whole blocks of the input are then
    ** compressed where they lie, without a copy. */
    if (ctx->used > 0) {
        size_t taken = fill_block(ctx, bytes, size);
        bytes += taken;
        size -= taken;
    }
    /* Either the buffer is empty now or the input is used up. */
    if (ctx->used > 0) assert(size == 0);
    size_t whole = size / ACS_SHA256_BLOCK;
    if (whole > 0) {
        acs__sha256_blocks(ctx->state, bytes, whole);
        bytes += whole * ACS_SHA256_BLOCK;
        size -= whole * ACS_SHA256_BLOCK;
    }
    if (size > 0) fill_block(ctx, bytes, size);

    assert(ctx->used < ACS_SHA256_BLOCK);
    assert(ctx->length % ACS_SHA256_BLOCK == ctx->used);
}

/* Section 5.1.1: a 1 bit, zeros up to 56 bytes into a block, then the
** length of the message in bits as a 64-bit big-endian number. */
static void pad_and_compress(acs_sha256_ctx *ctx)
{
    assert(ctx->used < ACS_SHA256_BLOCK);
    uint64_t bits = ctx->length * 8;
    size_t used = ctx->used;
    ctx->block[used++] = 0x80;
    if (used > LENGTH_OFFSET) {
        memset(ctx->block + used, 0, ACS_SHA256_BLOCK - used);
        acs__sha256_blocks(ctx->state, ctx->block, 1);
        used = 0;
    }
    assert(used <= LENGTH_OFFSET);
    memset(ctx->block + used, 0, LENGTH_OFFSET - used);
    store_be64(ctx->block + LENGTH_OFFSET, bits);
    acs__sha256_blocks(ctx->state, ctx->block, 1);
}

void acs_sha256_final(acs_sha256_ctx *ctx, uint8_t out[ACS_SHA256_SIZE])
{
    if (ctx == NULL || out == NULL) return;
    pad_and_compress(ctx);
    for (size_t i = 0; i < 8; i++) {
        store_be32(out + 4 * i, ctx->state[i]);
    }
    /* Nothing of the message stays behind in the caller's context. A copy
    ** of an empty context rather than a memset, which compilers expand
    ** into a string instruction that costs as much as a block here. */
    static const acs_sha256_ctx empty = {{0}, 0, {0}, 0, 0};
    *ctx = empty;
}

size_t acs__sha256_padded_size(size_t length)
{
    return (length + 1 + 8 + ACS_SHA256_BLOCK - 1) / ACS_SHA256_BLOCK * ACS_SHA256_BLOCK;
}

void acs__sha256_in_place(uint8_t *buffer, size_t length, uint8_t out[ACS_SHA256_SIZE])
{
    size_t padded = acs__sha256_padded_size(length);
    assert(padded % ACS_SHA256_BLOCK == 0 && padded - length >= 1 + 8);
    /* Section 5.1.1: a 1 bit, zeros, the length in bits, big-endian. */
    buffer[length] = 0x80;
    memset(buffer + length + 1, 0, padded - 8 - (length + 1));
    store_be64(buffer + padded - 8, (uint64_t)length * 8);
    uint32_t state[8];
    memcpy(state, initial_state, sizeof(state));
    acs__sha256_blocks(state, buffer, padded / ACS_SHA256_BLOCK);
    for (size_t i = 0; i < 8; i++) store_be32(out + 4 * i, state[i]);
}

void acs_sha256(const void *data, size_t size, uint8_t out[ACS_SHA256_SIZE])
{
    if (out == NULL) return;
    if (data == NULL && size > 0) return;
    acs_sha256_ctx ctx;
    acs_sha256_init(&ctx);
    acs_sha256_update(&ctx, data, size);
    acs_sha256_final(&ctx, out);
}
