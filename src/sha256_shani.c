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
            const uint32_t *four = &acs__sha256_round_constants[4 * i];
            __m128i k = _mm_load_si128((const __m128i *)(const void *)four);
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
