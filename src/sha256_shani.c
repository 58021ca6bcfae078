/*
** sha256_shani.c: the SHA-256 block function on x86-64 processors with the
** SHA extensions (SHA-NI), and the choice between it and the portable block
** function of sha256.c.
**
** The choice is made once, when the program is loaded: the dynamic linker,
** or in a static program the C library's start-up code, calls
** choose_blocks, which asks the processor with cpuid and returns the
** function that every call to acs__sha256_blocks then reaches (a GNU
** indirect function). No hash pays for cpuid, which costs microseconds
** inside a virtual machine, and the library keeps no variable of its own.
** Built with -DACS_SHA256_PORTABLE, for another processor, or by a compiler
** without these features, acs__sha256_blocks is the portable function.
*/
#include "internal.h"

#if ACS__SHA256_SHANI

#include <cpuid.h>
#include <immintrin.h>

/* The round constants again, for 128-bit loads four at a time. */
static const uint32_t round_constants[64] __attribute__((aligned(16))) = {
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

#define SHANI_TARGET __attribute__((target("sha,sse4.1,ssse3")))

/* Four big-endian message words of a block, as four 32-bit lanes. */
SHANI_TARGET static __m128i load_words(const uint8_t *bytes)
{
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    return _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)bytes), swap);
}

/* The SHA instructions keep the working variables as ABEF and CDGH; the
** context keeps them as A..H. */
SHANI_TARGET void acs__sha256_blocks_shani(uint32_t state[8], const uint8_t *blocks,
                                           size_t count)
{
    assert(state != NULL);
    assert(blocks != NULL || count == 0);
    __m128i dcba = _mm_loadu_si128((const __m128i *)(void *)&state[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)(void *)&state[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xb1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1b);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xf0);

    for (size_t block = 0; block < count; block++, blocks += 64) {
        __m128i saved_abef = abef;
        __m128i saved_cdgh = cdgh;
        /* w[i % 4] holds schedule words 4i .. 4i + 3 while round group i
        ** runs; groups 0..11 also make the words of group i + 4. */
        __m128i w[4];
        for (size_t i = 0; i < 4; i++) w[i] = load_words(blocks + 16 * i);
        for (size_t i = 0; i < 16; i++) {
            __m128i k = _mm_load_si128((const __m128i *)(const void *)&round_constants[4 * i]);
            __m128i words = _mm_add_epi32(w[i & 3], k);
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, words);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(words, 0x0e));
            if (i < 12) {
                __m128i next = _mm_sha256msg1_epu32(w[i & 3], w[(i + 1) & 3]);
                next = _mm_add_epi32(next, _mm_alignr_epi8(w[(i + 3) & 3], w[(i + 2) & 3], 4));
                w[i & 3] = _mm_sha256msg2_epu32(next, w[(i + 3) & 3]);
            }
        }
        abef = _mm_add_epi32(abef, saved_abef);
        cdgh = _mm_add_epi32(cdgh, saved_cdgh);
    }

    __m128i feba = _mm_shuffle_epi32(abef, 0x1b);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xb1);
    dcba = _mm_blend_epi16(feba, dchg, 0xf0);
    hgfe = _mm_alignr_epi8(dchg, feba, 8);
    _mm_storeu_si128((__m128i *)(void *)&state[0], dcba);
    _mm_storeu_si128((__m128i *)(void *)&state[4], hgfe);
}

/* The resolver below runs while the dynamic linker is still relocating the
** program, before a sanitizer's run time is set up and, in a static
** program, before thread-local storage exists (where a stack protector
** keeps its canary), so what it runs must not be instrumented; cpuid.h's
** __cpuid macros expand to the instruction itself, where its __get_cpuid
** functions would be instrumented calls. */
#if defined(__clang__)
#define NOT_INSTRUMENTED \
    __attribute__((no_sanitize("address", "undefined", "coverage"), no_stack_protector))
#else
#define NOT_INSTRUMENTED __attribute__((no_sanitize("address", "undefined"), no_stack_protector))
#endif

/* cpuid: leaf 1 ECX bit 9 SSSE3 and bit 19 SSE4.1; leaf 7 EBX bit 29 SHA. */
NOT_INSTRUMENTED static int shani_present(void)
{
    unsigned a;
    unsigned b;
    unsigned c;
    unsigned d;
    __cpuid(0, a, b, c, d);
    if (a < 7) return 0;
    __cpuid(1, a, b, c, d);
    if (!(c & (1u << 9)) || !(c & (1u << 19))) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (b & (1u << 29)) != 0;
}

int acs__sha256_shani_usable(void)
{
    return shani_present();
}

typedef void blocks_function(uint32_t state[8], const uint8_t *blocks, size_t count);

/* Runs before the program's relocations are complete: it may use only the
** processor, not other functions of the program or library. */
NOT_INSTRUMENTED __attribute__((used)) static blocks_function *choose_blocks(void)
{
    return shani_present() ? acs__sha256_blocks_shani : acs__sha256_blocks_portable;
}

void acs__sha256_blocks(uint32_t state[8], const uint8_t *blocks, size_t count)
    __attribute__((ifunc("choose_blocks")));

#else /* !ACS__SHA256_SHANI */

int acs__sha256_shani_usable(void)
{
    return 0;
}

void acs__sha256_blocks(uint32_t state[8], const uint8_t *blocks, size_t count)
{
    acs__sha256_blocks_portable(state, blocks, count);
}

#endif
