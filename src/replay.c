/*
** replay.c: rebuilding an account from its audit records under a policy.
**
** An auditor holds an account's records and the policy that was in force.
** Replay opens the account again from the opening record and, record by
** record, asks the library to do once more what the record says was done:
** apply the recorded event, apply the recorded deadline, or refuse the
** recorded attempt. Each record must come out exactly as the library writes
** it, chain fields aside, so a record that claims a change the policy
** refuses, or an outcome the policy would not give, is found at its index.
** Replay works on its own copy of the account: the caller's account is
** written only when every record has passed.
*/
#include <string.h>

#include "internal.h"

/* What replay found about one record: ACS_OK or an ACS_V_* code, and the
** code the library returned for the record when that is part of it. */
typedef struct finding {
    int code;
    int refusal;
} finding;

static finding found(int code, int refusal)
{
    finding result;
    result.code = code;
    result.refusal = refusal;
    return result;
}

static const finding passed = {ACS_OK, 0};

/* Records are compared without their chain: replay checks what the policy
** produces, and the chain is verified on its own (verify.c). */
static void strip_chain(acs_record *record)
{
    record->flags &= (uint8_t)~ACS_RECORD_CHAINED;
    memset(record->previous_hash, 0, ACS_DIGEST_SIZE);
    memset(record->hash, 0, ACS_DIGEST_SIZE);
}

static bool same_record(const acs_record *given, const acs_record *made)
{
    acs_record left = *given;
    acs_record right = *made;
    strip_chain(&left);
    strip_chain(&right);
    return acs__same_bytes(&left, &right, sizeof(left));
}

static bool is_event_kind(unsigned kind)
{
    return kind >= ACS_EVENT_VERIFY && kind <= ACS_EVENT_DECIDE;
}

static bool is_deadline_kind(unsigned kind)
{
    return kind >= ACS_EVENT_REVIEW_LAPSED && kind <= ACS_EVENT_WINDOW_ENDED;
}

/* The review period a HOLD record implies. A record carries the deadline
** the hold got, not the period asked for: the policy's default gives the
** same deadline as period 0, and any other deadline came from a period of
** its own. A denial carries the deadline its event asked for (records.c),
** read the same way, or 0 when it asked for none. With a
** level or time out of range acs_apply refuses the event for that field
** whatever the period; a deadline out of range gives -1, which it refuses
** as a period. */
static int64_t hold_period(const acs_policy *policy, const acs_record *record)
{
    /* A denial writes 0 for a deadline past ACS_TIME_MAX_MS (records.c).
    ** A period that was asked and refused as too long, or whose deadline
    ** was out of range, is asked again as one the library refuses the
    ** same way: any period does, ACS_TIME_MAX_MS too long, -1 out of range. */
    bool denial = (record->flags & ACS_RECORD_DENIAL) != 0;
    if (denial && record->deadline_ms == 0) {
        if (record->refusal == ACS_R_PERIOD_TOO_LONG) return ACS_TIME_MAX_MS;
        if (record->refusal == ACS_E_TIME_RANGE) return -1;
    }
    if (record->deadline_ms == 0) return 0;
    /* A denial's deadline is always time + the period asked (records.c),
    ** whatever the level, so it is read back as that period. */
    if (denial) {
        if (!acs__time_ok(record->time_ms)) return 0;
        return record->deadline_ms - record->time_ms;
    }
    unsigned level = record->hold_level;
    bool level_ok = level >= ACS_LEVEL_WITHDRAWAL_ONLY && level <= ACS_LEVEL_SUSPENDED;
    if (!level_ok || !acs__time_ok(record->time_ms)) return 0;
    if (!acs__time_ok(record->deadline_ms)) return -1;
    /* Both times are below 2^47, so neither the sum nor the difference
    ** overflows. */
    acs_period fallback = policy->rules.review_default[level];
    int64_t standard = 0;
    if (fallback.unit != ACS_UNIT_NONE &&
        acs__period_end(&policy->rules.calendar, fallback, record->time_ms, &standard) == ACS_OK &&
        record->deadline_ms == standard)
        return 0;
    return record->deadline_ms - record->time_ms;
}

/* The event a record of kind 1..9 says was applied or refused. A HOLD's
** change record names the hold it created, which the event did not give;
** every other record carries the event's target as it was given. */
static acs_event event_of(const acs_policy *policy, const acs_record *record)
{
    bool denial = (record->flags & ACS_RECORD_DENIAL) != 0;
    acs_event event;
    memset(&event, 0, sizeof(event));
    event.kind = record->kind;
    event.time_ms = record->time_ms;
    event.actor_id = record->actor_id;
    event.actor_role = record->actor_role;
    event.approver_id = record->approver_id;
    event.approver_role = record->approver_role;
    event.reason = record->reason;
    memcpy(event.evidence, record->evidence, ACS_DIGEST_SIZE);
    if (record->flags & ACS_RECORD_FUNDS_HELD) event.flags = ACS_EVENT_FUNDS_HELD;
    if (record->kind == ACS_EVENT_HOLD) {
        event.level = record->hold_level;
        event.period_ms = hold_period(policy, record);
        if (denial) event.hold_id = record->hold_id;
    } else {
        event.hold_id = record->hold_id;
    }
    if (record->kind == ACS_EVENT_EXTEND) event.deadline_ms = record->deadline_ms;
    assert(event.kind == record->kind);
    assert(is_event_kind(event.kind));
    return event;
}

static finding replay_opening(const acs_policy *policy, const acs_record *record,
                              acs_account *account)
{
    if (record->kind != ACS_EVENT_OPEN || (record->flags & ACS_RECORD_DENIAL))
        return found(ACS_V_NOT_OPENING, 0);
    acs_record made;
    int rc = acs_account_open(account, record->account_id, record->time_ms, policy, &made);
    if (rc != ACS_OK) return found(ACS_V_REFUSED, rc);
    assert(made.kind == ACS_EVENT_OPEN);
    assert(made.sequence == 1);
    if (!same_record(record, &made)) return found(ACS_V_OUTCOME, 0);
    return passed;
}

static finding replay_event(const acs_policy *policy, const acs_record *record,
                            acs_account *account)
{
    assert(is_event_kind(record->kind));
    assert(!(record->flags & ACS_RECORD_DENIAL));
    acs_event event = event_of(policy, record);
    acs_record made;
    int rc = acs_apply(policy, account, &event, &made, NULL);
    if (rc != ACS_OK) return found(ACS_V_REFUSED, rc);
    assert(made.kind == record->kind);
    if (!same_record(record, &made)) return found(ACS_V_OUTCOME, 0);
    return passed;
}

/* A deadline record is the one deadline acs_advance applies first once its
** time has come. */
static finding replay_deadline(const acs_policy *policy, const acs_record *record,
                               acs_account *account)
{
    assert(is_deadline_kind(record->kind));
    acs_record made;
    unsigned written = 0;
    int rc = acs_advance(policy, account, record->time_ms, &made, 1, &written, NULL);
    if (rc != ACS_OK) return found(ACS_V_REFUSED, rc);
    assert(written <= 1);
    if (written == 1) assert(is_deadline_kind(made.kind));
    if (written != 1 || !same_record(record, &made)) return found(ACS_V_OUTCOME, 0);
    return passed;
}

/* Refusals for the event's own malformed fields. */
static bool malformed(int code)
{
    return code == ACS_E_NULL || code == ACS_E_ENUM || code == ACS_E_RESERVED ||
           code == ACS_E_TIME_RANGE;
}

/* A denial changes nothing: the event it names must still be refused, with
** the same code, and the denial record of that refusal must be this one. */
static finding replay_denial(const acs_policy *policy, const acs_record *record,
                             const acs_account *account)
{
    assert(record->flags & ACS_RECORD_DENIAL);
    if (!is_event_kind(record->kind)) return found(ACS_V_OUTCOME, 0);
    acs_event event = event_of(policy, record);
    acs_account trial = *account;
    acs_record made;
    /* A malformed event is recorded with what fits a record (records.c), so
    ** it cannot be asked again; its record is still checked against the
    ** account it was refused on. */
    if (!malformed(record->refusal)) {
        int rc = acs_apply(policy, &trial, &event, &made, NULL);
        if (rc == ACS_OK || rc != record->refusal) return found(ACS_V_OUTCOME, rc);
        assert(acs__same_bytes(&trial, account, sizeof(trial)));
    }
    int rc = acs_record_denial(policy, account, &event, record->refusal, &made);
    if (rc != ACS_OK || !same_record(record, &made)) return found(ACS_V_OUTCOME, record->refusal);
    return passed;
}

/* Any record after the first. */
static finding replay_record(const acs_policy *policy, const acs_record *record,
                             acs_account *account)
{
    if (record->flags & ACS_RECORD_DENIAL) return replay_denial(policy, record, account);
    if (is_event_kind(record->kind)) return replay_event(policy, record, account);
    if (is_deadline_kind(record->kind)) return replay_deadline(policy, record, account);
    /* A second opening, or a kind no record has: nothing the library makes. */
    return found(ACS_V_OUTCOME, 0);
}

static int report_out(acs_audit_report *report, finding result, size_t index)
{
    assert(result.code == ACS_OK || (result.code <= ACS_V_HASH && result.code >= ACS_V_POLICY));
    if (result.code != ACS_V_REFUSED && result.code != ACS_V_OUTCOME) assert(result.refusal == 0);
    if (report != NULL) {
        memset(report, 0, sizeof(*report));
        report->code = result.code;
        report->refusal = result.refusal;
        report->index = (uint64_t)index;
    }
    return result.code;
}

static int check_call(const acs_policy *policy, const acs_record *records, size_t count,
                      const acs_account *account)
{
    if (account == NULL || (records == NULL && count > 0)) return ACS_E_NULL;
    return acs__policy_usable(policy);
}

int acs_replay(const acs_policy *policy, const acs_record *records, size_t count,
               acs_account *account, acs_audit_report *report)
{
    int rc = check_call(policy, records, count, account);
    if (rc != ACS_OK) return rc;
    if (count == 0) return report_out(report, found(ACS_V_NOT_OPENING, 0), 0);

    acs_account work;
    memset(&work, 0, sizeof(work));
    for (size_t i = 0; i < count; i++) {
        const acs_record *record = &records[i];
        finding result;
        if (!acs__same_bytes(record->policy_fingerprint, policy->fingerprint, ACS_DIGEST_SIZE))
            result = found(ACS_V_POLICY, 0);
        else if (i == 0)
            result = replay_opening(policy, record, &work);
        else
            result = replay_record(policy, record, &work);
        if (result.code != ACS_OK) return report_out(report, result, i);
        assert(result.refusal == 0);
    }
    *account = work;
    return report_out(report, passed, count);
}

/* How many leading records stand at at_ms: every record before the first
** change later than at_ms. A denial changes nothing, so one later than
** at_ms among them leaves the account as it was. */
static size_t records_by(const acs_record *records, size_t count, int64_t at_ms)
{
    size_t index = 0;
    while (index < count) {
        bool change = (records[index].flags & ACS_RECORD_DENIAL) == 0;
        if (change && records[index].time_ms > at_ms) break;
        index++;
    }
    assert(index <= count);
    return index;
}

int acs_account_at(const acs_policy *policy, const acs_record *records, size_t count,
                   int64_t at_ms, acs_account *account, acs_audit_report *report)
{
    int rc = check_call(policy, records, count, account);
    if (rc != ACS_OK) return rc;
    size_t standing = records_by(records, count, at_ms);
    if (standing == 0) return report_out(report, found(ACS_V_NOT_OPENING, 0), 0);
    return acs_replay(policy, records, standing, account, report);
}
