/*
** deadlines.c: the deadlines that run on an account and the advance
** operation that applies them.
**
** Three kinds run: each hold's review deadline, each open appeal's answer
** deadline and, while CLOSING, the withdrawal-window end. Time passing is
** never an event the caller invents: acs_advance, given now, applies each
** deadline that has passed, earliest first, at the deadline's own time, one
** change and one record each. Every applied deadline stops running (the
** hold is lifted or flagged overdue, the appeal flagged overdue, the window
** marked ended), which is why one call applies at most ACS_DEADLINES_MAX.
*/
#include <string.h>

#include "internal.h"

int acs__add_time(int64_t base_ms, int64_t period_ms, int64_t *out_ms)
{
    assert(acs__time_ok(base_ms));
    if (!acs__time_ok(period_ms)) return ACS_E_TIME_RANGE;
    /* Both are below 2^47, so the sum cannot overflow 64 bits. */
    int64_t sum = base_ms + period_ms;
    if (sum > ACS_TIME_MAX_MS) return ACS_E_TIME_RANGE;
    *out_ms = sum;
    return ACS_OK;
}

/* The earliest running deadline: its time (0 when none), kind and the index
** of its hold or appeal. Ties go to holds, then appeals, then the window. */
static int64_t earliest(const acs__state *state, int *kind, unsigned *index)
{
    int64_t best = 0;
    *kind = 0;
    *index = 0;
    if (state->lifecycle == ACS_LIFECYCLE_CLOSED) return 0;
    for (unsigned i = 0; i < state->hold_count; i++) {
        int64_t running = acs__slot_running(state->holds[i]);
        if (running != 0 && (best == 0 || running < best)) {
            best = running;
            *kind = ACS_EVENT_REVIEW_LAPSED;
            *index = i;
        }
    }
    for (unsigned i = 0; i < state->appeal_count; i++) {
        const acs__appeal *appeal = &state->appeals[i];
        if (!appeal->overdue && (best == 0 || appeal->deadline_ms < best)) {
            best = appeal->deadline_ms;
            *kind = ACS_EVENT_APPEAL_LAPSED;
            *index = i;
        }
    }
    bool window_runs = state->lifecycle == ACS_LIFECYCLE_CLOSING &&
                       !(state->flags & (ACS_ACCOUNT_WINDOW_PAUSED | ACS_ACCOUNT_WINDOW_ENDED));
    if (window_runs && (best == 0 || state->window_end_ms < best)) {
        best = state->window_end_ms;
        *kind = ACS_EVENT_WINDOW_ENDED;
        *index = 0;
    }
    if (best == 0) assert(*kind == 0);
    return best;
}

int64_t acs__next_deadline(const acs__state *state, int *kind)
{
    unsigned index;
    int ignored;
    return earliest(state, kind != NULL ? kind : &ignored, &index);
}

/* Apply the review deadline of hold index. */
static void lapse_review(const acs_policy *policy, acs__state *state, unsigned index,
                         acs_record *record)
{
    uint64_t *hold = state->holds[index];
    record->hold_id = (uint16_t)acs__slot_id(hold);
    record->hold_level = (uint8_t)acs__slot_level(hold);
    if (policy->rules.flags & ACS_POLICY_LAPSE_LIFTS) {
        int appeal = acs__appeal_index(state, acs__slot_id(hold));
        if (appeal >= 0) acs__appeal_remove(state, (unsigned)appeal);
        acs__hold_remove(state, index);
        record->flags |= ACS_RECORD_HOLD_LIFTED;
    } else {
        hold[ACS__SLOT_REVIEW] = acs__review_with_flags(hold[ACS__SLOT_REVIEW],
                                                        acs__slot_flags(hold) | ACS_HOLD_OVERDUE);
    }
}

static void lapse_appeal(acs__state *state, unsigned index, acs_record *record)
{
    acs__appeal *appeal = &state->appeals[index];
    appeal->overdue = true;
    record->hold_id = appeal->target;
    int hold = acs__hold_index(state, appeal->target);
    record->hold_level = hold >= 0 ? (uint8_t)acs__slot_level(state->holds[hold]) : 0;
}

/* Apply the earliest deadline, due at time_ms, as one change. */
static void apply_one(const acs_policy *policy, acs__state *state, int kind, unsigned index,
                      int64_t time_ms, acs_record *record)
{
    assert(time_ms >= state->last_change_ms);
    acs__record_begin(record, policy, state->id, acs__status(state), state->lifecycle, time_ms,
                      kind);
    record->reason = ACS_REASON_DEADLINE_LAPSED;
    record->actor_role = ACS_ROLE_SYSTEM;
    record->deadline_ms = time_ms;
    switch (kind) {
    case ACS_EVENT_REVIEW_LAPSED: lapse_review(policy, state, index, record); break;
    case ACS_EVENT_APPEAL_LAPSED: lapse_appeal(state, index, record); break;
    default:
        assert(kind == ACS_EVENT_WINDOW_ENDED);
        state->flags |= ACS_ACCOUNT_WINDOW_ENDED;
        break;
    }
    state->sequence++;
    state->last_change_ms = time_ms;
    uint8_t status = acs__status(state);
    acs__window window = {state->flags, state->window_end_ms, state->window_max_ms,
                          state->window_paused_ms};
    acs__window_follow(policy, state->lifecycle, &window, status, time_ms);
    state->flags = window.flags;
    state->window_end_ms = window.end_ms;
    state->window_max_ms = window.max_ms;
    state->window_paused_ms = window.paused_ms;
    acs__record_end(record, state, status);
}

int acs_advance(const acs_policy *policy, acs_account *account, int64_t now_ms,
                acs_record *records, unsigned records_max, unsigned *written,
                int64_t *next_deadline_ms)
{
    if (account == NULL || written == NULL) return ACS_E_NULL;
    if (records == NULL && records_max > 0) return ACS_E_NULL;
    int rc = acs__policy_usable(policy);
    if (rc != ACS_OK) return rc;
    acs__state state;
    rc = acs__unpack(&state, account);
    if (rc != ACS_OK) return rc;
    if (!acs__time_ok(now_ms)) return ACS_E_TIME_RANGE;
    if (now_ms < state.last_change_ms) return ACS_E_TIME_BACKWARDS;
    if (state.lifecycle == ACS_LIFECYCLE_CLOSED) return ACS_E_ACCOUNT_CLOSED;

    unsigned count = 0;
    unsigned limit = ACS_DEADLINES_MAX;
    if (records_max < limit) limit = records_max;
    for (; count < limit; count++) {
        int kind;
        unsigned index;
        int64_t due_ms = earliest(&state, &kind, &index);
        if (due_ms == 0 || due_ms > now_ms) break;
        if (state.sequence == ACS_SEQUENCE_MAX) {
            if (count == 0) return ACS_E_LIMIT;
            break;
        }
        apply_one(policy, &state, kind, index, due_ms, &records[count]);
    }
    if (count > 0) acs__pack(account, &state);
    *written = count;
    if (next_deadline_ms != NULL) *next_deadline_ms = acs__next_deadline(&state, NULL);
    return ACS_OK;
}

int acs_account_next_deadline(const acs_account *account, int64_t *deadline_ms, int *kind)
{
    if (account == NULL || deadline_ms == NULL) return ACS_E_NULL;
    acs__state state;
    int rc = acs__unpack(&state, account);
    if (rc != ACS_OK) return rc;
    *deadline_ms = acs__next_deadline(&state, kind);
    return ACS_OK;
}
