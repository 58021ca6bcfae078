/*
** encode.c: the canonical binary form of an audit record.
**
** 216 bytes, little-endian, opened by the magic "ACSR" and a format-version
** byte; docs/audit-format.md documents every byte. The first 152 bytes are
** the record's body, which its chain hash covers; the last 64 hold the
** previous record's hash and its own. Decoding validates every field, so a
** record that decodes is one the library could have written; encoding
** refuses any record that would not decode.
*/
#include <string.h>

#include "internal.h"

static const uint8_t magic[4] = {'A', 'C', 'S', 'R'};

/* Byte offsets of the fields in the encoded form. */
enum {
    AT_MAGIC = 0,
    AT_VERSION = 4,
    AT_KIND = 5,
    AT_REASON = 6,
    AT_FLAGS = 7,
    AT_ACTOR_ROLE = 8,
    AT_APPROVER_ROLE = 9,
    AT_STATUS_BEFORE = 10,
    AT_STATUS_AFTER = 11,
    AT_LIFECYCLE_BEFORE = 12,
    AT_LIFECYCLE_AFTER = 13,
    AT_HOLD_LEVEL = 14,
    AT_RESERVED0 = 15,
    AT_HOLD_ID = 16,
    AT_REFUSAL = 18,
    AT_RESERVED1 = 20,
    AT_ACCOUNT = 24,
    AT_SEQUENCE = 32,
    AT_TIME = 40,
    AT_ACTOR = 48,
    AT_APPROVER = 56,
    AT_DEADLINE = 64,
    AT_PREVIOUS_DEADLINE = 72,
    AT_WINDOW_END = 80,
    AT_EVIDENCE = 88,
    AT_POLICY = 120,
    AT_PREVIOUS_HASH = 152,
    AT_HASH = 184,
    AT_END = 216
};
_Static_assert(AT_END == ACS_RECORD_ENCODED_SIZE, "encoded size");
_Static_assert(AT_PREVIOUS_HASH == ACS_RECORD_BODY_SIZE, "body ends at the chain");

static void put16(uint8_t *at, uint16_t value)
{
    at[0] = (uint8_t)value;
    at[1] = (uint8_t)(value >> 8);
}

/* Written out byte by byte rather than as a loop: compilers turn these
** straight lines into one 8-byte store or load on a little-endian machine
** (the bytes are the same on any), but leave the loop as eight. */
static void put64(uint8_t *at, uint64_t value)
{
    at[0] = (uint8_t)value;
    at[1] = (uint8_t)(value >> 8);
    at[2] = (uint8_t)(value >> 16);
    at[3] = (uint8_t)(value >> 24);
    at[4] = (uint8_t)(value >> 32);
    at[5] = (uint8_t)(value >> 40);
    at[6] = (uint8_t)(value >> 48);
    at[7] = (uint8_t)(value >> 56);
}

static uint16_t get16(const uint8_t *at)
{
    return (uint16_t)(at[0] | at[1] << 8);
}

static uint64_t get64(const uint8_t *at)
{
    return (uint64_t)at[0] | (uint64_t)at[1] << 8 | (uint64_t)at[2] << 16 |
           (uint64_t)at[3] << 24 | (uint64_t)at[4] << 32 | (uint64_t)at[5] << 40 |
           (uint64_t)at[6] << 48 | (uint64_t)at[7] << 56;
}

static bool is_kind(unsigned kind)
{
    return (kind >= ACS_EVENT_VERIFY && kind <= ACS_EVENT_DECIDE) ||
           (kind >= ACS_EVENT_OPEN && kind <= ACS_EVENT_WINDOW_ENDED);
}

static bool in_range(unsigned value, unsigned low, unsigned high)
{
    return value >= low && value <= high;
}

/* The enum fields: each inside its enum. Only the opening record has no
** status or lifecycle before it. */
static int check_enums(const acs_record *record)
{
    unsigned none = record->kind == ACS_EVENT_OPEN ? 0 : 1;
    if (!is_kind(record->kind)) return ACS_E_ENUM;
    if (record->reason != 0 && !acs__is_valid_reason(record->reason)) return ACS_E_ENUM;
    if (!in_range(record->actor_role, 0, ACS_ROLE_SYSTEM)) return ACS_E_ENUM;
    if (!in_range(record->approver_role, 0, ACS_ROLE_SYSTEM)) return ACS_E_ENUM;
    if (!in_range(record->status_before, none, ACS_STATUS_CLOSED)) return ACS_E_ENUM;
    if (!in_range(record->status_after, 1, ACS_STATUS_CLOSED)) return ACS_E_ENUM;
    if (!in_range(record->lifecycle_before, none, ACS_LIFECYCLE_CLOSED)) return ACS_E_ENUM;
    if (!in_range(record->lifecycle_after, 1, ACS_LIFECYCLE_CLOSED)) return ACS_E_ENUM;
    if (!in_range(record->hold_level, 0, ACS_LEVEL_SUSPENDED)) return ACS_E_ENUM;
    bool denial = (record->flags & ACS_RECORD_DENIAL) != 0;
    if (denial != (record->refusal != 0)) return ACS_E_ENUM;
    if (denial && !acs__is_denial_code(record->refusal)) return ACS_E_ENUM;
    return ACS_OK;
}

int acs__record_check(const acs_record *record)
{
    if (record->format_version != ACS_RECORD_VERSION) return ACS_E_VERSION;
    int rc = check_enums(record);
    if (rc != ACS_OK) return rc;
    if (record->flags & ~ACS_RECORD_FLAGS_ALL) return ACS_E_RESERVED;
    if (record->reserved0 != 0 || record->hold_id > ACS_HOLD_ID_MAX) return ACS_E_RESERVED;
    if (record->sequence > ACS_SEQUENCE_MAX) return ACS_E_RESERVED;
    if (!acs__time_ok(record->time_ms) || !acs__time_ok(record->deadline_ms) ||
        !acs__time_ok(record->previous_deadline_ms) || !acs__time_ok(record->window_end_ms))
        return ACS_E_RESERVED;
    bool chained = (record->flags & ACS_RECORD_CHAINED) != 0;
    if (!chained && !(acs__all_zero(record->previous_hash, ACS_DIGEST_SIZE) &&
                     acs__all_zero(record->hash, ACS_DIGEST_SIZE)))
        return ACS_E_RESERVED;
    return ACS_OK;
}

/* Write the encoding; record has passed acs__record_check. */
static void encode(const acs_record *record, uint8_t *out)
{
    /* Every byte is written below, so no memset first (which compilers
    ** expand into a slow string instruction at this size). */
    memcpy(out + AT_MAGIC, magic, sizeof(magic));
    const uint8_t bytes[] = {record->format_version, record->kind, record->reason,
                             record->flags, record->actor_role, record->approver_role,
                             record->status_before, record->status_after,
                             record->lifecycle_before, record->lifecycle_after,
                             record->hold_level, record->reserved0};
    _Static_assert(sizeof(bytes) == AT_HOLD_ID - AT_VERSION, "one byte each");
    memcpy(out + AT_VERSION, bytes, sizeof(bytes));
    put16(out + AT_HOLD_ID, record->hold_id);
    put16(out + AT_REFUSAL, (uint16_t)record->refusal);
    memset(out + AT_RESERVED1, 0, AT_ACCOUNT - AT_RESERVED1);
    put64(out + AT_ACCOUNT, record->account_id);
    put64(out + AT_SEQUENCE, record->sequence);
    put64(out + AT_TIME, (uint64_t)record->time_ms);
    put64(out + AT_ACTOR, record->actor_id);
    put64(out + AT_APPROVER, record->approver_id);
    put64(out + AT_DEADLINE, (uint64_t)record->deadline_ms);
    put64(out + AT_PREVIOUS_DEADLINE, (uint64_t)record->previous_deadline_ms);
    put64(out + AT_WINDOW_END, (uint64_t)record->window_end_ms);
    memcpy(out + AT_EVIDENCE, record->evidence, ACS_DIGEST_SIZE);
    memcpy(out + AT_POLICY, record->policy_fingerprint, ACS_DIGEST_SIZE);
    memcpy(out + AT_PREVIOUS_HASH, record->previous_hash, ACS_DIGEST_SIZE);
    memcpy(out + AT_HASH, record->hash, ACS_DIGEST_SIZE);
}

int acs_record_encode(const acs_record *record, uint8_t *buf, size_t cap)
{
    if (record == NULL || buf == NULL) return ACS_E_NULL;
    if (cap < ACS_RECORD_ENCODED_SIZE) return ACS_E_BUFFER;
    int rc = acs__record_check(record);
    if (rc != ACS_OK) return rc;
    encode(record, buf);
    return ACS_OK;
}

static void decode(acs_record *record, const uint8_t *in)
{
    memset(record, 0, sizeof(*record));
    record->format_version = in[AT_VERSION];
    record->kind = in[AT_KIND];
    record->reason = in[AT_REASON];
    record->flags = in[AT_FLAGS];
    record->actor_role = in[AT_ACTOR_ROLE];
    record->approver_role = in[AT_APPROVER_ROLE];
    record->status_before = in[AT_STATUS_BEFORE];
    record->status_after = in[AT_STATUS_AFTER];
    record->lifecycle_before = in[AT_LIFECYCLE_BEFORE];
    record->lifecycle_after = in[AT_LIFECYCLE_AFTER];
    record->hold_level = in[AT_HOLD_LEVEL];
    record->reserved0 = in[AT_RESERVED0];
    record->hold_id = get16(in + AT_HOLD_ID);
    record->refusal = (int16_t)get16(in + AT_REFUSAL);
    record->account_id = get64(in + AT_ACCOUNT);
    record->sequence = get64(in + AT_SEQUENCE);
    record->time_ms = (int64_t)get64(in + AT_TIME);
    record->actor_id = get64(in + AT_ACTOR);
    record->approver_id = get64(in + AT_APPROVER);
    record->deadline_ms = (int64_t)get64(in + AT_DEADLINE);
    record->previous_deadline_ms = (int64_t)get64(in + AT_PREVIOUS_DEADLINE);
    record->window_end_ms = (int64_t)get64(in + AT_WINDOW_END);
    memcpy(record->evidence, in + AT_EVIDENCE, ACS_DIGEST_SIZE);
    memcpy(record->policy_fingerprint, in + AT_POLICY, ACS_DIGEST_SIZE);
    memcpy(record->previous_hash, in + AT_PREVIOUS_HASH, ACS_DIGEST_SIZE);
    memcpy(record->hash, in + AT_HASH, ACS_DIGEST_SIZE);
}

int acs_record_decode(acs_record *record, const uint8_t *buf, size_t size)
{
    if (record == NULL || buf == NULL) return ACS_E_NULL;
    if (size < ACS_RECORD_ENCODED_SIZE) return ACS_E_TRUNCATED;
    if (!acs__same_bytes(buf + AT_MAGIC, magic, sizeof(magic))) return ACS_E_MAGIC;
    if (buf[AT_VERSION] != ACS_RECORD_VERSION) return ACS_E_VERSION;
    for (int i = AT_RESERVED1; i < AT_ACCOUNT; i++) {
        if (buf[i] != 0) return ACS_E_RESERVED;
    }
    acs_record decoded;
    decode(&decoded, buf);
    int rc = acs__record_check(&decoded);
    if (rc != ACS_OK) return rc;
    *record = decoded;
    return ACS_OK;
}

/* The chain hash: SHA-256 over a domain byte, the previous hash and the
** body, so a record's hash depends on everything before it. */
#define CHAIN_DOMAIN 0x01u

#define CHAIN_MESSAGE_SIZE (1 + ACS_DIGEST_SIZE + ACS_RECORD_BODY_SIZE)
#define CHAIN_PADDED_SIZE (4 * ACS_SHA256_BLOCK) /* 185 bytes, padded */

static void chain_hash(const uint8_t *encoded, uint8_t out[ACS_DIGEST_SIZE])
{
    uint8_t message[CHAIN_PADDED_SIZE];
    assert(acs__sha256_padded_size(CHAIN_MESSAGE_SIZE) == sizeof(message));
    message[0] = CHAIN_DOMAIN;
    memcpy(message + 1, encoded + AT_PREVIOUS_HASH, ACS_DIGEST_SIZE);
    memcpy(message + 1 + ACS_DIGEST_SIZE, encoded, ACS_RECORD_BODY_SIZE);
    acs__sha256_in_place(message, CHAIN_MESSAGE_SIZE, out);
}

int acs_record_hash(const acs_record *record, uint8_t out[ACS_DIGEST_SIZE])
{
    if (record == NULL || out == NULL) return ACS_E_NULL;
    uint8_t encoded[ACS_RECORD_ENCODED_SIZE];
    int rc = acs_record_encode(record, encoded, sizeof(encoded));
    if (rc != ACS_OK) return rc;
    chain_hash(encoded, out);
    return ACS_OK;
}

int acs_chain_init(acs_chain *chain)
{
    if (chain == NULL) return ACS_E_NULL;
    memset(chain, 0, sizeof(*chain));
    return ACS_OK;
}

int acs_chain_append(acs_chain *chain, acs_record *record)
{
    if (chain == NULL || record == NULL) return ACS_E_NULL;
    acs_record linked = *record;
    linked.flags |= ACS_RECORD_CHAINED;
    memcpy(linked.previous_hash, chain->head, ACS_DIGEST_SIZE);
    memset(linked.hash, 0, ACS_DIGEST_SIZE);
    int rc = acs_record_hash(&linked, linked.hash);
    if (rc != ACS_OK) return rc;
    *record = linked;
    memcpy(chain->head, linked.hash, ACS_DIGEST_SIZE);
    chain->count++;
    return ACS_OK;
}
