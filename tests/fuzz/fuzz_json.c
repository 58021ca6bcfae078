/*
** fuzz_json.c: a libFuzzer harness for acs_record_parse_json.
**
** Any bytes: the parser must not crash, must not read past size, must
** leave the record untouched when it refuses, and must report a syntax
** error at an offset within the text. Bytes it accepts must be exactly the
** line acs_record_json writes for the record (an optional trailing newline
** aside), that line must parse to the same record, and the record must
** survive the binary encoding unchanged. Any breach aborts.
**
** Build it with clang, -fsanitize=fuzzer,address,undefined, -Iinclude -Isrc
** -DACS_BUILDING and every source file of src/; the seed corpus is
** tests/fuzz/corpus/json (one line of each kind of record).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acctstate.h"

#define FILL 0xA5
#define NO_OFFSET ((size_t)-1)

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

/* A record the parser accepted: the writer gives the text back, the text
** parses to the same record, and encode and decode keep it. */
static void check_accepted(const acs_record *record, const uint8_t *data, size_t size)
{
    char text[ACS_RECORD_JSON_MAX];
    acs_record again;
    uint8_t encoded[ACS_RECORD_ENCODED_SIZE];

    size_t expected = size;
    if (size > 0 && data[size - 1] == '\n') expected--;
    size_t len = acs_record_json(record, text, sizeof text);
    require(len == expected);
    require(len < sizeof text);
    require(memcmp(text, data, len) == 0);

    memset(&again, FILL, sizeof again);
    require(acs_record_parse_json(&again, text, len, NULL) == ACS_OK);
    require(memcmp(&again, record, sizeof again) == 0);

    require(acs_record_encode(record, encoded, sizeof encoded) == ACS_OK);
    memset(&again, FILL, sizeof again);
    require(acs_record_decode(&again, encoded, sizeof encoded) == ACS_OK);
    require(memcmp(&again, record, sizeof again) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly size bytes, so that AddressSanitizer sees a read
    ** past the end. */
    char *text = malloc(size > 0 ? size : 1);
    require(text != NULL);
    if (size > 0) memcpy(text, data, size);

    acs_record record;
    size_t offset = NO_OFFSET;
    memset(&record, FILL, sizeof record);
    int rc = acs_record_parse_json(&record, text, size, &offset);
    if (rc == ACS_OK) {
        require(offset == NO_OFFSET);
        check_accepted(&record, data, size);
    } else if (rc == ACS_E_SYNTAX) {
        require(offset <= size);
        require(all_filled(&record, sizeof record));
    } else {
        /* Well-formed, with a value decode refuses. */
        require(rc == ACS_E_VERSION || rc == ACS_E_ENUM || rc == ACS_E_RESERVED);
        require(offset == NO_OFFSET);
        require(all_filled(&record, sizeof record));
    }
    free(text);
    return 0;
}
