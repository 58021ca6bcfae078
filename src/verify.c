/*
** verify.c: checking a sequence of records as one hash chain.
**
** Each record must carry a hash that matches its contents and the hash of
** the record before it. For the records of one account, sequence numbers
** must rise by one per change (a denial repeats the last change's number)
** and time must never go back. An anchored head, kept apart from the
** records, catches a tail that was cut off. The checks of one record run
** from the most specific finding to the most general, so that a deleted
** record is reported as a sequence gap and a swapped pair as a reordering
** rather than as a broken link.
*/
#include <string.h>

#include "internal.h"

typedef struct walk {
    uint8_t head[ACS_DIGEST_SIZE]; /* hash of the last record checked */
    uint64_t account_id;
    uint64_t sequence;             /* of the last change */
    int64_t time_ms;               /* of the last change */
    bool started;
} walk;

static int finding(acs_audit_report *report, int code, uint64_t index)
{
    if (report != NULL) {
        report->code = code;
        report->refusal = 0;
        report->index = index;
    }
    return code;
}

static int check_sequence(const walk *w, const acs_record *record)
{
    bool denial = (record->flags & ACS_RECORD_DENIAL) != 0;
    uint64_t expected = denial ? w->sequence : w->sequence + 1;
    if (record->sequence == expected) return ACS_OK;
    if (!denial && record->sequence == w->sequence) return ACS_V_DUPLICATE;
    if (record->sequence < expected) return ACS_V_REORDERED;
    return ACS_V_SEQUENCE_GAP;
}

/* The account-level checks: one account, sequences, time. */
static int check_account(walk *w, const acs_record *record)
{
    bool denial = (record->flags & ACS_RECORD_DENIAL) != 0;
    if (!w->started) {
        /* A denial's time is the refused event's, which may be earlier than
        ** the change before it: only a change sets the time to keep to. */
        w->account_id = record->account_id;
        w->sequence = record->sequence;
        w->time_ms = denial ? 0 : record->time_ms;
        w->started = true;
        return ACS_OK;
    }
    if (record->account_id != w->account_id) return ACS_V_ACCOUNTS_MIXED;
    int rc = check_sequence(w, record);
    if (rc != ACS_OK) return rc;
    if (!denial && record->time_ms < w->time_ms) return ACS_V_TIME_BACKWARDS;
    if (!denial) {
        w->sequence = record->sequence;
        w->time_ms = record->time_ms;
    }
    return ACS_OK;
}

static int check_one(walk *w, const acs_record *record, unsigned options)
{
    uint8_t hash[ACS_DIGEST_SIZE];
    if (!(record->flags & ACS_RECORD_CHAINED)) return ACS_V_NOT_CHAINED;
    /* A record with fields no encoder writes was altered after hashing. */
    if (acs_record_hash(record, hash) != ACS_OK) return ACS_V_HASH;
    if (!acs__same_bytes(hash, record->hash, ACS_DIGEST_SIZE)) return ACS_V_HASH;
    if (!(options & ACS_VERIFY_LOG)) {
        int rc = check_account(w, record);
        if (rc != ACS_OK) return rc;
    }
    if (!acs__same_bytes(record->previous_hash, w->head, ACS_DIGEST_SIZE)) return ACS_V_LINK;
    memcpy(w->head, record->hash, ACS_DIGEST_SIZE);
    return ACS_OK;
}

int acs_verify(const acs_record *records, size_t count, const acs_chain *start,
               const acs_chain *anchor, unsigned options, acs_audit_report *report)
{
    if (records == NULL && count > 0) return ACS_E_NULL;
    if (options & ~ACS_VERIFY_LOG) return ACS_E_RESERVED;
    walk w;
    memset(&w, 0, sizeof(w));
    if (start != NULL) memcpy(w.head, start->head, ACS_DIGEST_SIZE);
    uint64_t appended = start != NULL ? start->count : 0;

    for (size_t i = 0; i < count; i++) {
        int rc = check_one(&w, &records[i], options);
        if (rc != ACS_OK) return finding(report, rc, i);
    }
    if (anchor != NULL) {
        bool same = anchor->count == appended + count &&
                    acs__same_bytes(anchor->head, w.head, ACS_DIGEST_SIZE);
        if (!same) return finding(report, ACS_V_HEAD_MISMATCH, count);
    }
    return finding(report, ACS_OK, count);
}
