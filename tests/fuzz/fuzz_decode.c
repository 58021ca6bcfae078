/*
** fuzz_decode.c: a libFuzzer harness for acs_record_decode.
**
** Any bytes: decode must not crash, must not read past size, and must
** leave the record untouched when it refuses, with one of the codes its
** contract names (ACS_E_TRUNCATED exactly when there are fewer than 216
** bytes). Bytes it accepts must be exactly what encode writes for the
** record it decoded, the first 216 of them; the record must have a chain
** hash, a JSON line that parses back to the same record, and decode must
** give the same answer for the first 216 bytes alone. Any breach aborts.
**
** Build it with clang, -fsanitize=fuzzer,address,undefined, -Iinclude -Isrc
** -DACS_BUILDING and every source file of src/ (make fuzz); the seed corpus
** is tests/fuzz/corpus/decode (encoded records of several kinds, chained
** and not, and denials).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acctstate.h"

#define FILL 0xA5

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int condition)
{
    if (!condition) abort();
}

static int all_filled(const void *p, size_t n)
{
    const unsigned char *bytes = p;
    for (size_t i = 0; i < n; i++) {
        if (bytes[i] != FILL) return 0;
    }
    return 1;
}

static int is_decode_refusal(int rc)
{
    return rc == ACS_E_TRUNCATED || rc == ACS_E_MAGIC || rc == ACS_E_VERSION ||
           rc == ACS_E_ENUM || rc == ACS_E_RESERVED;
}

/* A record decode accepted: it encodes back to the bytes, hashes, and
** survives its JSON line. */
static void check_accepted(const acs_record *record, const uint8_t *bytes)
{
    uint8_t encoded[ACS_RECORD_ENCODED_SIZE];
    memset(encoded, FILL, sizeof encoded);
    require(acs_record_encode(record, encoded, sizeof encoded) == ACS_OK);
    require(memcmp(encoded, bytes, sizeof encoded) == 0);

    uint8_t hash[ACS_DIGEST_SIZE];
    require(acs_record_hash(record, hash) == ACS_OK);

    char text[ACS_RECORD_JSON_MAX];
    size_t len = acs_record_json(record, text, sizeof text);
    require(len > 0 && len < sizeof text);
    require(strlen(text) == len);
    acs_record parsed;
    memset(&parsed, FILL, sizeof parsed);
    require(acs_record_parse_json(&parsed, text, len, NULL) == ACS_OK);
    require(memcmp(&parsed, record, sizeof parsed) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly size bytes, so that AddressSanitizer sees a read
    ** past the end. */
    uint8_t *bytes = malloc(size > 0 ? size : 1);
    require(bytes != NULL);
    if (size > 0) memcpy(bytes, data, size);

    acs_record record;
    memset(&record, FILL, sizeof record);
    int rc = acs_record_decode(&record, bytes, size);
    require((rc == ACS_E_TRUNCATED) == (size < ACS_RECORD_ENCODED_SIZE));
    if (rc == ACS_OK) {
        check_accepted(&record, bytes);
    } else {
        require(is_decode_refusal(rc));
        require(all_filled(&record, sizeof record));
    }

    /* Bytes past the first 216 are never read. */
    if (size > ACS_RECORD_ENCODED_SIZE) {
        acs_record again;
        memset(&again, FILL, sizeof again);
        int rc_again = acs_record_decode(&again, bytes, ACS_RECORD_ENCODED_SIZE);
        require(rc_again == rc);
        if (rc == ACS_OK) require(memcmp(&again, &record, sizeof again) == 0);
    }
    free(bytes);
    return 0;
}
