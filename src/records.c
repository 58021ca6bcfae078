/*
** records.c: the audit record of each change and of each refusal.
**
** A record is filled in three steps around a change: begin (what the account
** was), event (what was asked, by whom), end (what the account became);
** those three are inline in internal.h. Each caller writes the record only
** when the change commits, so that a change and its record are never
** separated. Here: the denial record of a refused event.
*/
#include "internal.h"

/* A denial records what acs_apply refused an event with: a misuse code of
** an event (not one of decoding) or a policy's refusal. */
bool acs__is_denial_code(int code)
{
    bool misuse = code <= ACS_E_NULL && code >= ACS_E_LIMIT;
    bool refusal = code <= ACS_R_STATUS && code > ACS_P_NAME;
    return (misuse || refusal) && acs__is_code(code);
}

/* The deadline the refused event asked for, so that a replay can ask
** again: EXTEND's new deadline, or the end of the review period a HOLD
** gave. 0 when it asked for none, or for one out of range. */
static int64_t asked_deadline(const acs_event *event)
{
    int64_t deadline = 0;
    if (event->kind == ACS_EVENT_EXTEND && acs__time_ok(event->deadline_ms))
        deadline = event->deadline_ms;
    if (event->kind == ACS_EVENT_HOLD && event->period_ms != 0 && acs__time_ok(event->time_ms))
        (void)acs__add_time(event->time_ms, event->period_ms, &deadline);
    return deadline;
}

/* A refused event may carry values no record can hold: unknown roles,
** reasons or levels, a hold id or time out of range. The denial keeps what
** fits and writes 0 for the rest, so that it encodes and chains like any
** record; its refusal code says the event was malformed. */
static void keep_what_fits(acs_record *record)
{
    if (!acs__is_valid_enum_role(record->actor_role)) record->actor_role = 0;
    if (!acs__is_valid_enum_role(record->approver_role)) record->approver_role = 0;
    if (!acs__is_valid_reason(record->reason)) record->reason = 0;
    if (record->hold_level > ACS_LEVEL_SUSPENDED) record->hold_level = 0;
    if (record->hold_id > ACS_HOLD_ID_MAX) record->hold_id = 0;
    if (!acs__time_ok(record->time_ms)) record->time_ms = 0;
}

int acs_record_denial(const acs_policy *policy, const acs_account *account,
                      const acs_event *event, int code, acs_record *record)
{
    if (account == NULL || event == NULL || record == NULL) return ACS_E_NULL;
    int rc = acs__policy_usable(policy);
    if (rc != ACS_OK) return rc;
    acs__state state;
    rc = acs__unpack(&state, account);
    if (rc != ACS_OK) return rc;
    if (!acs__is_denial_code(code)) return ACS_E_ENUM;
    /* The event was refused, perhaps for its own bad fields: record what it
    ** said without trusting it, but never a kind the record cannot hold. */
    bool known_kind = acs_event_name(event->kind) != NULL && event->kind <= ACS_EVENT_DECIDE;
    if (!known_kind) return ACS_E_ENUM;

    acs_record denial;
    uint8_t status = acs__status(&state);
    acs__record_begin(&denial, policy, state.id, status, state.lifecycle, event->time_ms,
                      event->kind);
    acs__record_event(&denial, event);
    acs__record_end(&denial, &state, status);
    denial.flags |= ACS_RECORD_DENIAL;
    denial.refusal = (int16_t)code;
    int index = acs__hold_index(&state, event->hold_id);
    if (event->kind == ACS_EVENT_HOLD) denial.hold_level = event->level;
    else if (index >= 0) denial.hold_level = (uint8_t)acs__slot_level(state.holds[index]);
    denial.deadline_ms = asked_deadline(event);
    keep_what_fits(&denial);
    assert(acs__record_check(&denial) == ACS_OK);
    *record = denial;
    return ACS_OK;
}
