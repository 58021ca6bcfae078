/*
** test_sha256.c: SHA-256 (sha256.c) against known answers.
**
** The examples of FIPS 180-2 appendix B, the empty message, a selection of
** the NIST CAVP byte-oriented vectors (SHA256ShortMsg.rsp and
** SHA256LongMsg.rsp, CAVS 11.0), messages whose lengths sit on either side
** of the padding and block boundaries, incremental hashing split at every
** offset, and the NULL arguments the header says are tolerated. Every
** message is also hashed padded in place (acs__sha256_in_place, which the
** chain hash uses).
**
** The boundary and 200-byte digests were computed with Python's hashlib;
** every CAVP vector was checked with it too before it went in.
**
** With ACS_TEST_QUICK set to anything but 0 (make valgrind-check sets it),
** the three-piece split takes every QUICK_STRIDE-th first cut instead of
** every one, and the million 'a' are hashed in one call only.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acctstate.h"
#include "internal.h"

#define HEX_MAX 1024 /* bytes; the longest vector below is 361 */

typedef struct vector {
    size_t bits;         /* Len in the .rsp file */
    const char *message; /* Msg, hex */
    const char *digest;  /* MD, hex */
} vector;

/* SHA256ShortMsg.rsp: Len = 0 (written there as Msg = 00) and a spread of
** lengths up to 512 bits, including 440, 448 and 456 around the point where
** the padding no longer fits the block. */
static const vector short_vectors[] = {
    {0, "00", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {8, "d3",
     "28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1"},
    {16, "11af",
     "5ca7133fa735326081558ac312c620eeca9970d1e70a4b95533d956f072d1f98"},
    {24, "b4190e",
     "dff2e73091f6c05e528896c4c831b9448653dc2ff043528f6769437bc7b975c2"},
    {32, "74ba2521",
     "b16aa56be3880d18cd41e68384cf1ec8c17680c45a02b1575dc1518923ae8b0e"},
    {40, "c299209682",
     "f0887fe961c9cd3beab957e8222494abb969b1ce4c6557976df8b0f6d20e9166"},
    {56, "06e076f5a442d5",
     "3fd877e27450e6bbd5d74bb82f9870c64c66e109418baa8e6bbcff355e287926"},
    {64, "5738c929c4f4ccb6",
     "963bb88f27f512777aab6c8b1a02c70ec0ad651d428f870036e1917120fb48bf"},
    {88, "76ed24a0f40a41221ebfcf",
     "044cef802901932e46dc46b2545e6c99c0fc323a0ed99b081bda4216857f38ac"},
    {128, "0a27847cdc98bd6f62220b046edd762b",
     "80c25ec1600587e7f28b18b1b18e3cdc89928e39cab3bc25e4d4a4c139bcedc4"},
    {160, "c1ef39cee58e78f6fcdc12e058b7f902acd1a93b",
     "6dd52b0d8b48cc8146cebd0216fbf5f6ef7eeafc0ff2ff9d1422d6345555a142"},
    {192, "47991301156d1d977c0338efbcad41004133aefbca6bcf7e",
     "feeb4b2b59fec8fdb1e55194a493d8c871757b5723675e93d3ac034b380b7fc9"},
    {248,
     "95a765809caf30ada90ad6d61c2b4b30250df0a7ce23b7753c9187f4319ce2",
     "a4139b74b102cf1e2fce229a6cd84c87501f50afa4c80feacf7d8cf5ed94f042"},
    {256,
     "09fc1accc230a205e4a208e64a8f204291f581a12756392da4b8c0cf5ef02b95",
     "4f44c1c7fbebb6f9601829f3897bfd650c56fa07844be76489076356ac1886a4"},
    {264,
     "0546f7b8682b5b95fd32385faf25854cb3f7b40cc8fa229fbd52b16934aab388"
     "a7",
     "b31ad3cd02b10db282b3576c059b746fb24ca6f09fef69402dc90ece7421cbb7"},
    {320,
     "64cd363ecce05fdfda2486d011a3db95b5206a19d3054046819dd0d36783955d"
     "7e5bf8ba18bf738a",
     "32caef024f84e97c30b4a7b9d04b678b3d8a6eb2259dff5b7f7c011f090845f8"},
    {376,
     "c4ad3c5e78d917ecb0cbbcd1c481fc2aaf232f7e289779f40e504cc309662ee9"
     "6fecbd20647ef00e46199fbc482f46",
     "50dbf40066f8d270484ee2ef6632282dfa300a85a8530eceeb0e04275e1c1efd"},
    {384,
     "4eef5107459bddf8f24fc7656fd4896da8711db50400c0164847f692b886ce8d"
     "7f4d67395090b3534efd7b0d298da34b",
     "7c5d14ed83dab875ac25ce7feed6ef837d58e79dc601fb3c1fca48d4464e8b83"},
    {432,
     "25362a4b9d74bde6128c4fdc672305900947bc3ada9d9d316ebcf1667ad43631"
     "89937251f149c72e064a48608d940b7574b17fefc0df",
     "f8e4ccab6c979229f6066cc0cb0cfa81bb21447c16c68773be7e558e9f9d798d"},
    {440,
     "3ebfb06db8c38d5ba037f1363e118550aad94606e26835a01af05078533cc25f"
     "2f39573c04b632f62f68c294ab31f2a3e2a1a0d8c2be51",
     "6595a2ef537a69ba8583dfbf7f5bec0ab1f93ce4c8ee1916eff44a93af5749c4"},
    {448,
     "2d52447d1244d2ebc28650e7b05654bad35b3a68eedc7f8515306b496d75f3e7"
     "3385dd1b002625024b81a02f2fd6dffb6e6d561cb7d0bd7a",
     "cfb88d6faf2de3a69d36195acec2e255e2af2b7d933997f348e09f6ce5758360"},
    {456,
     "4cace422e4a015a75492b3b3bbfbdf3758eaff4fe504b46a26c90dacc119fa90"
     "50f603d2b58b398cad6d6d9fa922a154d9e0bc4389968274b0",
     "4d54b2d284a6794581224e08f675541c8feab6eefa3ac1cfe5da4e03e62f72e4"},
    {496,
     "6511a2242ddb273178e19a82c57c85cb05a6887ff2014cf1a31cb9ba5df1695a"
     "adb25c22b3c5ed51c10d047d256b8e3442842ae4e6c525f8d7a5a944af2a",
     "d6859c0b5a0b66376a24f56b2ab104286ed0078634ba19112ace0d6d60a9c1ae"},
    {504,
     "e2f76e97606a872e317439f1a03fcd92e632e5bd4e7cbc4e97f1afc19a16fde9"
     "2d77cbe546416b51640cddb92af996534dfd81edb17c4424cf1ac4d75aceeb",
     "18041bd4665083001fba8c5411d2d748e8abbfdcdfd9218cb02b68a78e7d4c23"},
    {512,
     "5a86b737eaea8ee976a0a24da63e7ed7eefad18a101c1211e2b3650c5187c2a8"
     "a650547208251f6d4237e661c7bf4c77f335390394c37fa1a9f9be836ac28509",
     "42e61e174fbb3897d6dd6cef3dd2802fe67b331953b06114a65c772859dfc1aa"},
};

/* SHA256LongMsg.rsp: its first three messages, of 163, 262 and 361 bytes. */
static const vector long_vectors[] = {
    {1304,
     "451101250ec6f26652249d59dc974b7361d571a8101cdfd36aba3b5854d3ae08"
     "6b5fdd4597721b66e3c0dc5d8c606d9657d0e323283a5217d1f53f2f284f57b8"
     "5c8a61ac8924711f895c5ed90ef17745ed2d728abd22a5f7a13479a462d71b56"
     "c19a74a40b655c58edfe0a188ad2cf46cbf30524f65d423c837dd1ff2bf462ac"
     "4198007345bb44dbb7b1c861298cdf61982a833afc728fae1eda2f87aa2c9480"
     "858bec",
     "3c593aa539fdcdae516cdf2f15000f6634185c88f505b39775fb9ab137a10aa2"},
    {2096,
     "6b918fb1a5ad1f9c5e5dbdf10a93a9c8f6bca89f37e79c9fe12a57227941b173"
     "ac79d8d440cde8c64c4ebc84a4c803d198a296f3de060900cc427f58ca6ec373"
     "084f95dd6c7c427ecfbf781f68be572a88dbcbb188581ab200bfb99a3a816407"
     "e7dd6dd21003554d4f7a99c93ebfce5c302ff0e11f26f83fe669acefb0c1bbb8"
     "b1e909bd14aa48ba3445c88b0e1190eef765ad898ab8ca2fe507015f1578f10d"
     "ce3c11a55fb9434ee6e9ad6cc0fdc4684447a9b3b156b908646360f24fec2d8f"
     "a69e2c93db78708fcd2eef743dcb9353819b8d667c48ed54cd436fb1476598c4"
     "a1d7028e6f2ff50751db36ab6bc32435152a00abd3d58d9a8770d9a3e52d5a36"
     "28ae3c9e0325",
     "46500b6ae1ab40bde097ef168b0f3199049b55545a1588792d39d594f493dca7"},
    {2888,
     "82829690aa3733c62b90d3297886952fc1dc473d67bb7d6bb299e088c65fc95e"
     "d3ca0f368d111d9fdcc9476cd4065efce7c481be598537f3f53bbbb6ff67973a"
     "69837454499e31398b463288e3aafb8b0600fdba1a25af806b83e1425f384e9e"
     "ac7570f0c823981ba2cd3d868fba94648759623991e30f997c3bfb33d019150f"
     "0467a914f1eb79cd8727106dbf7d5310d0975943a6067cc79029b09239511417"
     "d922c7c7ac3dfdd8a41c52455b3c5e164b8289e141d820910f17a9668129743d"
     "936f7312e1604bc35f73ab164a3fddfe5fe19b1a4a9f237f61cb8eb792e95d09"
     "9a1455fb789d8d1622f6c5e976cef951737e36f7a9a4ad19ee0d068e53d9f604"
     "57d9148d5a3ce85a546b45c5c631d995f11f037e472fe4e81fa7b9f2ac4068b5"
     "308858cd6d8586165c9bd6b322afa755408da9b90a87f3735a5f50eb8568daa5"
     "8ee7cbc59abf8fd2a44e1eba72928816c890d1b0dbf6004208ff7381c697755a"
     "dac0137cca342b1693",
     "5f4e16a72d6c9857da0ba009ccacd4f26d7f6bf6c1b78a2ed35e68fcb15b8e40"},
};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))
#define QUICK_STRIDE 7

static bool quick_run(void)
{
    const char *quick = getenv("ACS_TEST_QUICK");
    return quick != NULL && quick[0] != '\0' && strcmp(quick, "0") != 0;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Decodes lower-case hex into out; fails the test on anything malformed. */
static size_t from_hex(const char *hex, uint8_t *out, size_t cap)
{
    size_t length = strlen(hex);
    assert_int_equal(length % 2, 0);
    assert_true(length / 2 <= cap);
    for (size_t i = 0; i < length / 2; i++) {
        int high = hex_value(hex[2 * i]);
        int low = hex_value(hex[2 * i + 1]);
        assert_true(high >= 0);
        assert_true(low >= 0);
        out[i] = (uint8_t)(high * 16 + low);
    }
    return length / 2;
}

static void to_hex(const uint8_t digest[ACS_SHA256_SIZE],
                   char out[2 * ACS_SHA256_SIZE + 1])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < ACS_SHA256_SIZE; i++) {
        out[2 * i] = digits[digest[i] >> 4];
        out[2 * i + 1] = digits[digest[i] & 15];
    }
    out[2 * ACS_SHA256_SIZE] = '\0';
}

static void assert_digest(const uint8_t digest[ACS_SHA256_SIZE], const char *hex)
{
    char text[2 * ACS_SHA256_SIZE + 1];
    to_hex(digest, text);
    assert_string_equal(text, hex);
}

/* The one-shot digest and a byte-at-a-time digest of the same message. */
static void check_message(const uint8_t *message, size_t size, const char *hex)
{
    uint8_t digest[ACS_SHA256_SIZE];
    acs_sha256(message, size, digest);
    assert_digest(digest, hex);

    acs_sha256_ctx ctx;
    acs_sha256_init(&ctx);
    for (size_t i = 0; i < size; i++) acs_sha256_update(&ctx, message + i, 1);
    acs_sha256_final(&ctx, digest);
    assert_digest(digest, hex);

    /* Padded in place and hashed in one call, as the chain hash does: the
    ** padding fills the buffer exactly up to the padded size. */
    static uint8_t padded[HEX_MAX + 2 * ACS_SHA256_BLOCK];
    size_t padded_size = acs__sha256_padded_size(size);
    assert_true(padded_size <= sizeof padded);
    assert_int_equal(padded_size % ACS_SHA256_BLOCK, 0);
    assert_true(padded_size - size >= 9 && padded_size - size <= 9 + 63);
    memset(padded, 0xA5, sizeof padded);
    if (size > 0) memcpy(padded, message, size);
    acs__sha256_in_place(padded, size, digest);
    assert_digest(digest, hex);
    for (size_t i = padded_size; i < sizeof padded; i++) assert_int_equal(padded[i], 0xA5);
}

static void check_vectors(const vector *vectors, size_t count)
{
    static uint8_t message[HEX_MAX];
    for (size_t i = 0; i < count; i++) {
        size_t size = from_hex(vectors[i].message, message, sizeof message);
        /* The .rsp files write the empty message as Msg = 00, Len = 0. */
        if (vectors[i].bits == 0) size = 0;
        assert_int_equal(size * 8, vectors[i].bits);
        check_message(message, size, vectors[i].digest);
    }
}

static void test_fips_abc(void **state)
{
    (void)state;
    const char *abc = "abc";
    check_message((const uint8_t *)abc, strlen(abc),
                  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_fips_two_blocks(void **state)
{
    (void)state;
    const char *text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    assert_int_equal(strlen(text) * 8, 448);
    check_message((const uint8_t *)text, strlen(text),
                  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_fips_million_a(void **state)
{
    (void)state;
    static uint8_t million[1000000];
    const char *expected =
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    memset(million, 'a', sizeof million);

    uint8_t digest[ACS_SHA256_SIZE];
    acs_sha256(million, sizeof million, digest);
    assert_digest(digest, expected);
    if (quick_run()) return;

    /* The same in 1000 pieces of 1000, which do not line up with blocks. */
    acs_sha256_ctx ctx;
    acs_sha256_init(&ctx);
    for (size_t i = 0; i < 1000; i++) acs_sha256_update(&ctx, million, 1000);
    assert_true(ctx.length == 1000000);
    acs_sha256_final(&ctx, digest);
    assert_digest(digest, expected);
}

static void test_empty(void **state)
{
    (void)state;
    const char *expected =
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    uint8_t digest[ACS_SHA256_SIZE];

    acs_sha256(NULL, 0, digest);
    assert_digest(digest, expected);
    acs_sha256("", 0, digest);
    assert_digest(digest, expected);

    acs_sha256_ctx ctx;
    acs_sha256_init(&ctx);
    acs_sha256_update(&ctx, NULL, 0);
    acs_sha256_update(&ctx, "ignored", 0);
    acs_sha256_final(&ctx, digest);
    assert_digest(digest, expected);
}

static void test_cavp_short(void **state)
{
    (void)state;
    assert_true(COUNT(short_vectors) >= 20);
    check_vectors(short_vectors, COUNT(short_vectors));
}

static void test_cavp_long(void **state)
{
    (void)state;
    check_vectors(long_vectors, COUNT(long_vectors));
}

/* A message that is no run of one byte, so a misplaced byte shows. */
static void fill_pattern(uint8_t *message, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        message[i] = (uint8_t)((i * 167u + 13u) & 0xffu);
    }
}

/* Lengths on each side of 55 (the last that leaves room for the length in
** the same block), 64 and their second-block counterparts. */
static void test_boundary_lengths(void **state)
{
    (void)state;
    static const struct {
        size_t size;
        const char *digest;
    } rows[] = {
        {55, "b2ca0adc388a66d3a5a7f6541239331d5a867eede554e11262241271faaf36c5"},
        {56, "3768eff44f1df02704a832cf708935fbed9bb74d0714fbe75454c266c4e12856"},
        {63, "dc06ea9e456da9f9fc2276564018231c36196ff7745bf505fd7f503aec5c67fd"},
        {64, "b68fe543b0b5a544e32eb08712e697bfcd3a3cb491563c3b1cba112d378f4bdb"},
        {65, "587cdb9ad9be371721f2f84a84eb09f2b698ec19bbe2d7c222179996547a04a6"},
        {119, "b27b61037be684924f5497ee79c784f09c971d8c8c3136f6270e0fd34775aa1b"},
        {120, "00c666e960132985e9c99dc98bf25782df791138d0f1252b69781694ed97d693"},
        {127, "805f2702e76ff5d578052c965ded05a689d9293fd86c5584b0db399d33e9745c"},
        {128, "cd77acfc16d0964a4c3ef06f0678a5c88d2d610de00f7b997676fea5b4d2ae9e"},
    };
    uint8_t message[128];
    for (size_t i = 0; i < COUNT(rows); i++) {
        assert_true(rows[i].size <= sizeof message);
        fill_pattern(message, rows[i].size);
        check_message(message, rows[i].size, rows[i].digest);
    }
}

#define SPLIT_SIZE 200
static const char split_digest[] =
    "db057a75ef112511a720d3e712bc7299cc1a3037fc53cd8fe11197fc6df0c6dc";

/* Hashes message in three pieces, cut at first and second. */
static void hash_in_three(const uint8_t *message, size_t first, size_t second,
                          uint8_t digest[ACS_SHA256_SIZE])
{
    acs_sha256_ctx ctx;
    acs_sha256_init(&ctx);
    acs_sha256_update(&ctx, message, first);
    acs_sha256_update(&ctx, message + first, second - first);
    acs_sha256_update(&ctx, message + second, SPLIT_SIZE - second);
    assert_true(ctx.length == SPLIT_SIZE);
    assert_int_equal(ctx.used, SPLIT_SIZE % ACS_SHA256_BLOCK);
    acs_sha256_final(&ctx, digest);
}

static void test_split_every_offset(void **state)
{
    (void)state;
    uint8_t message[SPLIT_SIZE];
    fill_pattern(message, sizeof message);
    uint8_t one_shot[ACS_SHA256_SIZE];
    acs_sha256(message, sizeof message, one_shot);
    assert_digest(one_shot, split_digest);

    uint8_t digest[ACS_SHA256_SIZE];
    for (size_t cut = 0; cut <= SPLIT_SIZE; cut++) {
        hash_in_three(message, cut, cut, digest);
        if (memcmp(digest, one_shot, sizeof digest) != 0) {
            fail_msg("split at %zu differs from the one-shot digest", cut);
        }
    }
    /* Every pair of cuts: three pieces of every size that adds up (in a
    ** quick run, every second cut after every QUICK_STRIDE-th first). */
    const size_t stride = quick_run() ? QUICK_STRIDE : 1;
    for (size_t first = 0; first <= SPLIT_SIZE; first += stride) {
        for (size_t second = first; second <= SPLIT_SIZE; second++) {
            hash_in_three(message, first, second, digest);
            if (memcmp(digest, one_shot, sizeof digest) != 0) {
                fail_msg("split at %zu and %zu differs", first, second);
            }
        }
    }
}

static void test_context_fields(void **state)
{
    (void)state;
    static const uint32_t initial[8] = {
        0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
        0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u,
    };
    acs_sha256_ctx ctx;
    memset(&ctx, 0xa5, sizeof ctx);
    acs_sha256_init(&ctx);
    assert_memory_equal(ctx.state, initial, sizeof initial);
    assert_true(ctx.length == 0);
    assert_int_equal(ctx.used, 0);
    assert_int_equal(ctx.reserved, 0);

    uint8_t message[70];
    fill_pattern(message, sizeof message);
    acs_sha256_update(&ctx, message, sizeof message);
    assert_true(ctx.length == 70);
    assert_int_equal(ctx.used, 6);
    assert_memory_equal(ctx.block, message + 64, 6);
    /* One block went through the compression function. */
    assert_memory_not_equal(ctx.state, initial, sizeof initial);

    /* The context is wiped by final, and works again after init. */
    static const acs_sha256_ctx zero;
    uint8_t first[ACS_SHA256_SIZE], second[ACS_SHA256_SIZE];
    acs_sha256_final(&ctx, first);
    assert_memory_equal(&ctx, &zero, sizeof ctx);
    acs_sha256_init(&ctx);
    acs_sha256_update(&ctx, message, sizeof message);
    acs_sha256_final(&ctx, second);
    assert_memory_equal(first, second, sizeof first);
}

static void test_null_arguments(void **state)
{
    (void)state;
    uint8_t digest[ACS_SHA256_SIZE];
    uint8_t untouched[ACS_SHA256_SIZE];
    memset(digest, 0x5a, sizeof digest);
    memcpy(untouched, digest, sizeof digest);

    acs_sha256_init(NULL);
    acs_sha256_update(NULL, "abc", 3);
    acs_sha256_final(NULL, digest);
    assert_memory_equal(digest, untouched, sizeof digest);

    /* NULL data with a size, and NULL out: nothing is written. */
    acs_sha256(NULL, 3, digest);
    assert_memory_equal(digest, untouched, sizeof digest);
    acs_sha256("abc", 3, NULL);

    acs_sha256_ctx ctx, before;
    acs_sha256_init(&ctx);
    acs_sha256_update(&ctx, "ab", 2);
    memcpy(&before, &ctx, sizeof ctx);
    acs_sha256_update(&ctx, NULL, 5);
    assert_memory_equal(&ctx, &before, sizeof ctx);
    acs_sha256_final(&ctx, NULL);
    assert_memory_equal(&ctx, &before, sizeof ctx);

    /* The context still finishes "abc" correctly after all that. */
    acs_sha256_update(&ctx, "c", 1);
    acs_sha256_final(&ctx, digest);
    assert_digest(digest,
                  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips_abc),
        cmocka_unit_test(test_fips_two_blocks),
        cmocka_unit_test(test_fips_million_a),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_cavp_short),
        cmocka_unit_test(test_cavp_long),
        cmocka_unit_test(test_boundary_lengths),
        cmocka_unit_test(test_split_every_offset),
        cmocka_unit_test(test_context_fields),
        cmocka_unit_test(test_null_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
