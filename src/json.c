/*
** json.c: an audit record as one line of JSON, and back.
**
** The binary encoding (encode.c) is the canonical form of a record; this
** text is for logs, tickets and people, and it carries every field, so a
** record survives the trip through it unchanged. There is exactly one text
** for each record, and the parser accepts that text and nothing else: a
** line that parses is byte for byte the line the writer would write.
**
** The form:
**   - one line, no whitespace, every key present, in the order of the table
**     RECORD_FIELDS below;
**   - numbers in plain decimal: no '+', no leading zero ("0" alone is
**     zero), '-' before a negative value and never "-0", no fraction and no
**     exponent; each must fit its field's C type exactly;
**   - "v" (the format version) and "flags" (the ACS_RECORD_* bits) are
**     numbers;
**   - enum fields are the value's name as acs_event_name, acs_reason_name,
**     acs_role_name, acs_status_name, acs_lifecycle_name or acs_level_name
**     give it, and null when the value is 0;
**   - digests are 64 lowercase hex digits;
**   - reserved0 has no key: the writer refuses a record where it is set
**     (acs__record_check does) and the parser sets it to 0.
** The writer refuses a NULL record and any record acs__record_check refuses
** (encode refuses the same): it returns 0 and, when cap > 0, leaves an empty
** string. The parser also accepts one "\n" after the closing brace; no
** "\r", no second newline, no NUL terminator within size.
**
** When the text is not that form, acs_record_parse_json returns
** ACS_E_SYNTAX and the byte offset of the first problem: the first byte
** that cannot continue the form (size, when the text ends too early), or,
** for an enum name that names nothing and for a number out of its field's
** range, the offset where the value starts. A name holds only 'A'..'Z' and
** '_': any other byte before its closing quote is an unexpected byte. When
** the text is well-formed but acs__record_check refuses a value (a version
** other than 1, "kind":null, a time past ACS_TIME_MAX_MS, ...), that check's
** code is returned and *error_offset is left as it was: it locates syntax
** only. A NULL record or text gives ACS_E_NULL, also leaving it as it was.
**
** Both directions run over one table of the fields, so that a key, its
** order and its type are written down once.
*/
#include <string.h>

#include "internal.h"

/* The longest name any of the enums has ("SECURITY_COMPROMISE" has 19). */
#define NAME_LENGTH_MAX 24

/* The types a value can have, with the width of the struct member and the
** longest text the writer produces for it (names and digests quoted). */
typedef enum value_type { TYPE_U8, TYPE_U16, TYPE_I16, TYPE_U64, TYPE_I64, TYPE_NAME, TYPE_HEX } value_type;

#define CTYPE_U8 uint8_t
#define CTYPE_U16 uint16_t
#define CTYPE_I16 int16_t
#define CTYPE_U64 uint64_t
#define CTYPE_I64 int64_t
#define CTYPE_NAME uint8_t
#define CTYPE_HEX uint8_t *

#define TEXT_MAX_U8 3   /* 255 */
#define TEXT_MAX_U16 5  /* 65535 */
#define TEXT_MAX_I16 6  /* -32768 */
#define TEXT_MAX_U64 20 /* 18446744073709551615 */
#define TEXT_MAX_I64 20 /* -9223372036854775808 */
#define TEXT_MAX_NAME (NAME_LENGTH_MAX + 2)
#define TEXT_MAX_HEX (2 * ACS_DIGEST_SIZE + 2)

/* key, type, member of acs_record, names of an enum field. */
#define RECORD_FIELDS(X)                                                 \
    X("v", U8, format_version, NULL)                                     \
    X("account", U64, account_id, NULL)                                  \
    X("seq", U64, sequence, NULL)                                        \
    X("time", I64, time_ms, NULL)                                        \
    X("kind", NAME, kind, acs_event_name)                                \
    X("reason", NAME, reason, acs_reason_name)                           \
    X("flags", U8, flags, NULL)                                          \
    X("actor", U64, actor_id, NULL)                                      \
    X("actor_role", NAME, actor_role, acs_role_name)                     \
    X("approver", U64, approver_id, NULL)                                \
    X("approver_role", NAME, approver_role, acs_role_name)               \
    X("status_before", NAME, status_before, acs_status_name)             \
    X("status_after", NAME, status_after, acs_status_name)               \
    X("lifecycle_before", NAME, lifecycle_before, acs_lifecycle_name)    \
    X("lifecycle_after", NAME, lifecycle_after, acs_lifecycle_name)      \
    X("hold", U16, hold_id, NULL)                                        \
    X("level", NAME, hold_level, acs_level_name)                         \
    X("refusal", I16, refusal, NULL)                                     \
    X("deadline", I64, deadline_ms, NULL)                                \
    X("previous_deadline", I64, previous_deadline_ms, NULL)              \
    X("window_end", I64, window_end_ms, NULL)                            \
    X("evidence", HEX, evidence, NULL)                                   \
    X("policy", HEX, policy_fingerprint, NULL)                           \
    X("previous_hash", HEX, previous_hash, NULL)                         \
    X("hash", HEX, hash, NULL)

typedef const char *name_function(int value);

typedef struct field {
    const char *key;
    value_type type;
    size_t offset;       /* of the member in acs_record */
    name_function *name; /* TYPE_NAME only */
} field;

#define FIELD_ROW(key, type, member, names) \
    {key, TYPE_##type, offsetof(acs_record, member), names},
static const field fields[] = {RECORD_FIELDS(FIELD_ROW)};
#define FIELD_COUNT (sizeof(fields) / sizeof(fields[0]))

/* Each member has the C type its row says, so that loading and storing by
** offset and width below is right. */
#define FIELD_TYPE_CHECK(key, type, member, names)                            \
    _Static_assert(_Generic(((acs_record *)0)->member, CTYPE_##type: 1, default: 0), \
                   "the member of \"" key "\" has another type");
RECORD_FIELDS(FIELD_TYPE_CHECK)

/* The longest text: per field a separator ('{' or ','), the quoted key (its
** sizeof counts a NUL, one less than the two quotes), ':' and the value;
** then '}'. It must leave room for the NUL in ACS_RECORD_JSON_MAX. Each
** expansion of FIELD_TEXT_MAX is one term of that sum, joined to the term
** before by its leading '+', so it cannot be parenthesised whole. */
/* NOLINTNEXTLINE(bugprone-macro-parentheses) */
#define FIELD_TEXT_MAX(key, type, member, names) +(sizeof(key) + 2 + TEXT_MAX_##type)
#define RECORD_TEXT_MAX (0 RECORD_FIELDS(FIELD_TEXT_MAX) + 1)
_Static_assert(RECORD_TEXT_MAX < ACS_RECORD_JSON_MAX, "ACS_RECORD_JSON_MAX is enough");

/* Per type: the width of the member and the range of its values. */
typedef struct type_info {
    size_t width;
    bool is_signed;
    uint64_t max;          /* the largest value */
    uint64_t min_negative; /* signed: the magnitude of the smallest value */
} type_info;

static const type_info types[] = {
    [TYPE_U8] = {1, false, UINT8_MAX, 0},
    [TYPE_U16] = {2, false, UINT16_MAX, 0},
    [TYPE_I16] = {2, true, INT16_MAX, (uint64_t)INT16_MAX + 1},
    [TYPE_U64] = {8, false, UINT64_MAX, 0},
    [TYPE_I64] = {8, true, INT64_MAX, (uint64_t)INT64_MAX + 1},
    [TYPE_NAME] = {1, false, UINT8_MAX, 0},
    [TYPE_HEX] = {ACS_DIGEST_SIZE, false, 0, 0},
};

static const char hex_digits[16] = "0123456789abcdef";

/* ------------------------------------------------------------------------
** Members by offset. Only the widths of the table occur.
*/
static uint64_t load_unsigned(const unsigned char *at, size_t width)
{
    uint8_t u8;
    uint16_t u16;
    uint64_t u64;
    switch (width) {
    case 1: memcpy(&u8, at, 1); return u8;
    case 2: memcpy(&u16, at, 2); return u16;
    default: assert(width == 8); memcpy(&u64, at, 8); return u64;
    }
}

static int64_t load_signed(const unsigned char *at, size_t width)
{
    int16_t i16;
    int64_t i64;
    if (width == 2) {
        memcpy(&i16, at, 2);
        return i16;
    }
    assert(width == 8);
    memcpy(&i64, at, 8);
    return i64;
}

/* value is within the range of width (the parser checked it). */
static void store_unsigned(unsigned char *at, size_t width, uint64_t value)
{
    uint8_t u8 = (uint8_t)value;
    uint16_t u16 = (uint16_t)value;
    switch (width) {
    case 1: assert(value <= UINT8_MAX); memcpy(at, &u8, 1); break;
    case 2: assert(value <= UINT16_MAX); memcpy(at, &u16, 2); break;
    default: assert(width == 8); memcpy(at, &value, 8); break;
    }
}

static void store_signed(unsigned char *at, size_t width, int64_t value)
{
    int16_t i16 = (int16_t)value;
    if (width == 2) {
        assert(value >= INT16_MIN && value <= INT16_MAX);
        memcpy(at, &i16, 2);
        return;
    }
    assert(width == 8);
    memcpy(at, &value, 8);
}

/* ------------------------------------------------------------------------
** Writing, with snprintf's contract, by hand (see explain.c).
*/
typedef struct writer {
    char *buf;
    size_t cap;
    size_t len; /* what the whole text needs, even past cap */
} writer;

static void put_char(writer *w, char c)
{
    if (w->len + 1 < w->cap) w->buf[w->len] = c;
    w->len++;
}

static void put_text(writer *w, const char *text)
{
    while (*text != '\0') put_char(w, *text++);
}

static void put_unsigned(writer *w, uint64_t value)
{
    char digits[TEXT_MAX_U64];
    int count = 0;
    do {
        assert(count < TEXT_MAX_U64);
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (count > 0) put_char(w, digits[--count]);
}

static void put_signed(writer *w, int64_t value)
{
    if (value >= 0) {
        put_unsigned(w, (uint64_t)value);
        return;
    }
    /* The magnitude in unsigned arithmetic, where INT64_MIN has one. */
    put_char(w, '-');
    put_unsigned(w, (uint64_t)0 - (uint64_t)value);
}

static void put_name(writer *w, const field *f, unsigned value)
{
    if (value == 0) {
        put_text(w, "null");
        return;
    }
    /* acs__record_check admitted the record: every value has its name. */
    const char *name = f->name((int)value);
    assert(name != NULL);
    assert(strlen(name) <= NAME_LENGTH_MAX);
    put_char(w, '"');
    put_text(w, name);
    put_char(w, '"');
}

static void put_hex(writer *w, const unsigned char *bytes)
{
    put_char(w, '"');
    for (size_t i = 0; i < ACS_DIGEST_SIZE; i++) {
        put_char(w, hex_digits[bytes[i] >> 4]);
        put_char(w, hex_digits[bytes[i] & 0xf]);
    }
    put_char(w, '"');
}

static void put_field(writer *w, const field *f, const unsigned char *record)
{
    const unsigned char *at = record + f->offset;
    const type_info *type = &types[f->type];
    size_t start = w->len;
    put_char(w, f == &fields[0] ? '{' : ',');
    put_char(w, '"');
    put_text(w, f->key);
    put_char(w, '"');
    put_char(w, ':');
    if (f->type == TYPE_NAME) put_name(w, f, (unsigned)at[0]);
    else if (f->type == TYPE_HEX) put_hex(w, at);
    else if (type->is_signed) put_signed(w, load_signed(at, type->width));
    else put_unsigned(w, load_unsigned(at, type->width));
    assert(w->len > start);
    (void)start; /* read only by the assertion, which -DNDEBUG removes */
}

size_t acs_record_json(const acs_record *record, char *buf, size_t cap)
{
    if (buf == NULL) cap = 0;
    if (record == NULL || acs__record_check(record) != ACS_OK) {
        if (cap > 0) buf[0] = '\0';
        return 0;
    }
    writer w = {buf, cap, 0};
    for (size_t i = 0; i < FIELD_COUNT; i++)
        put_field(&w, &fields[i], (const unsigned char *)record);
    put_char(&w, '}');
    assert(w.len <= RECORD_TEXT_MAX);
    assert(w.len < ACS_RECORD_JSON_MAX);
    if (cap > 0) buf[w.len < cap ? w.len : cap - 1] = '\0';
    return w.len;
}

/* ------------------------------------------------------------------------
** Parsing. Every read goes through peek, which never looks past size; each
** step either moves on or records the offset of the problem and fails.
*/
typedef struct reader {
    const char *text;
    size_t size;
    size_t at;    /* the next byte to read */
    size_t error; /* where the first problem is, once a step failed */
} reader;

/* The next byte, or -1 at the end of the text. */
static int peek(const reader *r)
{
    assert(r->at <= r->size);
    return r->at < r->size ? (unsigned char)r->text[r->at] : -1;
}

static bool fail_at(reader *r, size_t offset)
{
    assert(offset <= r->size);
    r->error = offset;
    return false;
}

static bool expect_char(reader *r, char c)
{
    if (peek(r) != (unsigned char)c) return fail_at(r, r->at);
    r->at++;
    return true;
}

static bool expect_text(reader *r, const char *text)
{
    for (; *text != '\0'; text++) {
        if (!expect_char(r, *text)) return false;
    }
    return true;
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* The digits of a number that starts at start: "0", or a digit 1..9 and
** more digits, while the magnitude fits 64 bits. */
static bool read_digits(reader *r, size_t start, uint64_t *magnitude)
{
    int c = peek(r);
    if (!is_digit(c)) return fail_at(r, r->at);
    *magnitude = 0;
    if (c == '0') {
        r->at++;
        return true;
    }
    while (is_digit(c)) {
        unsigned digit = (unsigned)(c - '0');
        if (*magnitude > (UINT64_MAX - digit) / 10) return fail_at(r, start);
        *magnitude = *magnitude * 10 + digit;
        r->at++;
        c = peek(r);
    }
    return true;
}

static bool read_integer(reader *r, const type_info *type, unsigned char *at)
{
    size_t start = r->at;
    bool negative = type->is_signed && peek(r) == '-';
    if (negative) {
        r->at++;
        if (peek(r) == '0') return fail_at(r, r->at); /* "-0" */
    }
    uint64_t magnitude = 0;
    if (!read_digits(r, start, &magnitude)) return false;
    if (magnitude > (negative ? type->min_negative : type->max)) return fail_at(r, start);
    if (!type->is_signed) {
        store_unsigned(at, type->width, magnitude);
    } else if (negative) {
        assert(magnitude >= 1);
        store_signed(at, type->width, -(int64_t)(magnitude - 1) - 1);
    } else {
        store_signed(at, type->width, (int64_t)magnitude);
    }
    return true;
}

/* The value whose name is length bytes at text, 0 when none has it. */
static unsigned lookup_name(name_function *name_of, const char *text, size_t length)
{
    for (int value = 1; value <= UINT8_MAX; value++) {
        const char *name = name_of(value);
        if (name != NULL && strlen(name) == length && acs__same_bytes(name, text, length))
            return (unsigned)value;
    }
    return 0;
}

static bool is_name_byte(int c)
{
    return (c >= 'A' && c <= 'Z') || c == '_';
}

static bool read_name(reader *r, const field *f, unsigned char *at)
{
    size_t start = r->at;
    if (peek(r) == 'n') {
        if (!expect_text(r, "null")) return false;
        *at = 0;
        return true;
    }
    if (!expect_char(r, '"')) return false;
    size_t name_start = r->at;
    while (is_name_byte(peek(r))) {
        if (r->at - name_start == NAME_LENGTH_MAX) return fail_at(r, start);
        r->at++;
    }
    size_t length = r->at - name_start;
    if (!expect_char(r, '"')) return false;
    unsigned value = lookup_name(f->name, r->text + name_start, length);
    if (value == 0) return fail_at(r, start);
    assert(value <= UINT8_MAX);
    *at = (unsigned char)value;
    return true;
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static bool read_hex(reader *r, unsigned char *bytes)
{
    if (!expect_char(r, '"')) return false;
    for (size_t i = 0; i < 2 * (size_t)ACS_DIGEST_SIZE; i++) {
        int nibble = hex_value(peek(r));
        if (nibble < 0) return fail_at(r, r->at);
        if (i % 2 == 0) bytes[i / 2] = (unsigned char)(nibble << 4);
        else bytes[i / 2] = (unsigned char)(bytes[i / 2] | nibble);
        r->at++;
    }
    return expect_char(r, '"');
}

/* One field: its separator, its key and its value, into record. */
static bool read_field(reader *r, const field *f, unsigned char *record)
{
    unsigned char *at = record + f->offset;
    if (!expect_char(r, f == &fields[0] ? '{' : ',')) return false;
    if (!expect_char(r, '"') || !expect_text(r, f->key) || !expect_char(r, '"')) return false;
    if (!expect_char(r, ':')) return false;
    switch (f->type) {
    case TYPE_NAME: return read_name(r, f, at);
    case TYPE_HEX: return read_hex(r, at);
    default: return read_integer(r, &types[f->type], at);
    }
}

static bool read_record(reader *r, acs_record *record)
{
    memset(record, 0, sizeof(*record));
    for (size_t i = 0; i < FIELD_COUNT; i++) {
        if (!read_field(r, &fields[i], (unsigned char *)record)) return false;
    }
    if (!expect_char(r, '}')) return false;
    if (peek(r) == '\n') r->at++;
    if (r->at != r->size) return fail_at(r, r->at);
    return true;
}

int acs_record_parse_json(acs_record *record, const char *text, size_t size,
                          size_t *error_offset)
{
    if (record == NULL || text == NULL) return ACS_E_NULL;
    reader r = {text, size, 0, 0};
    acs_record parsed;
    if (!read_record(&r, &parsed)) {
        assert(r.error <= size);
        if (error_offset != NULL) *error_offset = r.error;
        return ACS_E_SYNTAX;
    }
    assert(r.at == size);
    int rc = acs__record_check(&parsed);
    if (rc != ACS_OK) return rc;
    *record = parsed;
    return ACS_OK;
}
