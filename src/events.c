/*
** events.c: applying one event to an account, whole or not at all.
**
** acs_apply runs three gates in order: the misuse checks (is this a valid
** call on a valid account), the policy's rule (permit.c), and the kind's own
** conditions (the effect functions below, one per kind, chosen from a
** table). Every gate works on an unpacked copy of the account; only when all
** three pass is the copy packed back and the record copied out, so a refused
** event changes no byte the caller owns except the refusal it asked for.
*/
#include <string.h>

#include "internal.h"

typedef int (*effect_fn)(const acs_policy *policy, acs__state *state, const acs_event *event,
                         acs_record *record, acs_refusal *why);

/* Which optional fields each kind uses; any other must be zero. */
#define USES_HOLD_ID 0x1u
#define USES_PERIOD 0x2u
#define USES_DEADLINE 0x4u
#define USES_LEVEL 0x8u
#define USES_FUNDS 0x10u

static const uint8_t fields_of_kind[] = {
    [ACS_EVENT_VERIFY] = 0,
    [ACS_EVENT_HOLD] = USES_PERIOD | USES_LEVEL,
    [ACS_EVENT_LIFT] = USES_HOLD_ID,
    [ACS_EVENT_EXTEND] = USES_HOLD_ID | USES_DEADLINE,
    [ACS_EVENT_NOTICE] = 0,
    [ACS_EVENT_RESCIND] = 0,
    [ACS_EVENT_CLOSE] = USES_FUNDS,
    [ACS_EVENT_APPEAL] = USES_HOLD_ID,
    [ACS_EVENT_DECIDE] = USES_HOLD_ID,
};

/* The event's enum values: kind, roles, reason, and the level where the
** kind uses one. */
static int check_enums(const acs_event *event)
{
    if (event->kind < ACS_EVENT_VERIFY || event->kind > ACS_EVENT_DECIDE) return ACS_E_ENUM;
    if (!acs__is_valid_enum_role(event->actor_role)) return ACS_E_ENUM;
    if (event->approver_role != 0 && !acs__is_valid_enum_role(event->approver_role))
        return ACS_E_ENUM;
    if (!acs__is_valid_reason(event->reason)) return ACS_E_ENUM;
    if (!(fields_of_kind[event->kind] & USES_LEVEL)) return ACS_OK;
    if (event->level < ACS_LEVEL_WITHDRAWAL_ONLY || event->level > ACS_LEVEL_SUSPENDED)
        return ACS_E_ENUM;
    return ACS_OK;
}

/* Enum values and reserved fields of the event, before anything else: the
** fields the kind does not use must be zero. */
static int check_fields(const acs_event *event)
{
    int rc = check_enums(event);
    if (rc != ACS_OK) return rc;
    unsigned uses = fields_of_kind[event->kind];
    if (!(uses & USES_LEVEL) && event->level != 0) return ACS_E_RESERVED;
    if (!acs__all_zero(event->reserved, sizeof(event->reserved))) return ACS_E_RESERVED;
    if (event->approver_role == 0 && event->approver_id != 0) return ACS_E_RESERVED;
    if (event->flags & ~((uses & USES_FUNDS) ? ACS_EVENT_FLAGS_ALL : 0u)) return ACS_E_RESERVED;
    if (!(uses & USES_HOLD_ID) && event->hold_id != 0) return ACS_E_RESERVED;
    if (event->hold_id > ACS_HOLD_ID_MAX) return ACS_E_RESERVED; /* the top bit */
    if (!(uses & USES_PERIOD) && event->period_ms != 0) return ACS_E_RESERVED;
    if (!(uses & USES_DEADLINE) && event->deadline_ms != 0) return ACS_E_RESERVED;
    if (!acs__time_ok(event->time_ms)) return ACS_E_TIME_RANGE;
    if (!acs__time_ok(event->period_ms) || !acs__time_ok(event->deadline_ms))
        return ACS_E_TIME_RANGE;
    return ACS_OK;
}

/* What the account must be for any event: open to change, no deadline due,
** and holding the target hold when the kind names one. */
static int check_account(const acs__state *state, const acs_event *event)
{
    if (event->time_ms < state->last_change_ms) return ACS_E_TIME_BACKWARDS;
    if (state->lifecycle == ACS_LIFECYCLE_CLOSED) return ACS_E_ACCOUNT_CLOSED;
    int64_t due_ms = acs__next_deadline(state, NULL);
    if (due_ms != 0 && due_ms <= event->time_ms) return ACS_E_DEADLINE_DUE;
    bool needs_hold = event->kind == ACS_EVENT_LIFT || event->hold_id != 0;
    if (needs_hold && acs__hold_index(state, event->hold_id) < 0) return ACS_E_HOLD_UNKNOWN;
    return ACS_OK;
}

static int limit(acs_refusal *why, int code, int64_t limit_ms)
{
    why->limit_ms = limit_ms;
    return code;
}

static acs_hold *target_hold(acs__state *state, const acs_event *event)
{
    int index = acs__hold_index(state, event->hold_id);
    assert(index >= 0);
    return &state->holds[index];
}

static void lift_hold(acs__state *state, unsigned hold_id, acs_record *record)
{
    int appeal = acs__appeal_index(state, hold_id);
    if (appeal >= 0) acs__appeal_remove(state, (unsigned)appeal);
    int index = acs__hold_index(state, hold_id);
    assert(index >= 0);
    record->hold_level = state->holds[index].level;
    acs__hold_remove(state, (unsigned)index);
    record->flags |= ACS_RECORD_HOLD_LIFTED;
}

static void end_notice(acs__state *state, acs_record *record)
{
    assert(state->lifecycle == ACS_LIFECYCLE_CLOSING);
    int appeal = acs__appeal_index(state, 0);
    if (appeal >= 0) acs__appeal_remove(state, (unsigned)appeal);
    state->lifecycle = ACS_LIFECYCLE_OPEN;
    state->notice_reason = 0;
    state->window_end_ms = 0;
    state->window_max_ms = 0;
    state->flags &= (uint8_t)~(ACS_ACCOUNT_WINDOW_ENDED | ACS_ACCOUNT_NOTICE_APPEALED);
    record->flags |= ACS_RECORD_NOTICE_RESCINDED;
}

static int effect_verify(const acs_policy *policy, acs__state *state, const acs_event *event,
                         acs_record *record, acs_refusal *why)
{
    (void)policy, (void)event, (void)record, (void)why;
    if (state->lifecycle != ACS_LIFECYCLE_PENDING) return ACS_R_STATUS;
    state->lifecycle = ACS_LIFECYCLE_OPEN;
    return ACS_OK;
}

static int effect_hold(const acs_policy *policy, acs__state *state, const acs_event *event,
                       acs_record *record, acs_refusal *why)
{
    if (state->hold_count == ACS_HOLDS_MAX) return ACS_E_HOLDS_FULL;
    if (state->next_hold_id > ACS_HOLD_ID_MAX) return ACS_E_LIMIT;
    /* A shorter period than the default may be given; where the level has no
    ** default review, any period up to the maximum adds one. */
    acs_period fallback = policy->rules.review_default[event->level];
    acs_period bound = fallback.unit != ACS_UNIT_NONE ? fallback
                                                      : policy->rules.review_max[event->level];
    /* The bound is the policy's period, even where it reaches past the
    ** last representable time: a deadline there is out of range, not too
    ** long. */
    int64_t latest = acs__period_reach(&policy->rules.calendar, bound, event->time_ms);
    int64_t longest = latest - event->time_ms;
    if (event->period_ms > longest) return limit(why, ACS_R_PERIOD_TOO_LONG, longest);
    int64_t deadline = 0;
    if (event->period_ms != 0) {
        if (acs__add_time(event->time_ms, event->period_ms, &deadline) != ACS_OK)
            return ACS_E_TIME_RANGE;
    } else if (fallback.unit != ACS_UNIT_NONE) {
        if (latest > ACS_TIME_MAX_MS) return ACS_E_TIME_RANGE;
        deadline = latest;
    }

    acs_hold *hold = &state->holds[state->hold_count++];
    memset(hold, 0, sizeof(*hold));
    hold->id = state->next_hold_id++;
    hold->level = event->level;
    hold->reason = event->reason;
    hold->actor_id = event->actor_id;
    hold->actor_role = event->actor_role;
    hold->placed_ms = event->time_ms;
    hold->review_deadline_ms = deadline;
    record->hold_id = hold->id;
    record->hold_level = hold->level;
    record->deadline_ms = deadline;
    return ACS_OK;
}

static int effect_lift(const acs_policy *policy, acs__state *state, const acs_event *event,
                       acs_record *record, acs_refusal *why)
{
    (void)policy, (void)why;
    lift_hold(state, event->hold_id, record);
    return ACS_OK;
}

static int extend_hold(const acs_policy *policy, acs__state *state, const acs_event *event,
                       acs_record *record, acs_refusal *why)
{
    acs_hold *hold = target_hold(state, event);
    record->hold_level = hold->level;
    if (hold->review_deadline_ms == 0) return ACS_R_NO_DEADLINE;
    int64_t current = hold->review_deadline_ms;
    int64_t floor = current > event->time_ms ? current : event->time_ms;
    if (event->deadline_ms <= floor) return limit(why, ACS_R_DEADLINE_NOT_LATER, floor);
    int64_t maximum = 0;
    if (acs__period_end(&policy->rules.calendar, policy->rules.review_max[hold->level],
                        hold->placed_ms, &maximum) != ACS_OK)
        maximum = ACS_TIME_MAX_MS;
    if (event->deadline_ms > maximum) return limit(why, ACS_R_DEADLINE_BEYOND_MAX, maximum);
    hold->review_deadline_ms = event->deadline_ms;
    hold->flags &= (uint8_t)~ACS_HOLD_OVERDUE;
    record->previous_deadline_ms = current;
    record->deadline_ms = event->deadline_ms;
    return ACS_OK;
}

static int extend_window(acs__state *state, const acs_event *event, acs_record *record,
                         acs_refusal *why)
{
    if (state->lifecycle != ACS_LIFECYCLE_CLOSING) return ACS_R_NO_NOTICE;
    /* While paused the end does not run; it moves when the pause ends. */
    if (state->flags & ACS_ACCOUNT_WINDOW_PAUSED) return ACS_R_NO_DEADLINE;
    int64_t current = state->window_end_ms;
    int64_t floor = current > event->time_ms ? current : event->time_ms;
    if (event->deadline_ms <= floor) return limit(why, ACS_R_DEADLINE_NOT_LATER, floor);
    if (event->deadline_ms > state->window_max_ms)
        return limit(why, ACS_R_DEADLINE_BEYOND_MAX, state->window_max_ms);
    state->window_end_ms = event->deadline_ms;
    state->flags &= (uint8_t)~ACS_ACCOUNT_WINDOW_ENDED;
    record->previous_deadline_ms = current;
    record->deadline_ms = event->deadline_ms;
    return ACS_OK;
}

static int effect_extend(const acs_policy *policy, acs__state *state, const acs_event *event,
                         acs_record *record, acs_refusal *why)
{
    if (event->hold_id != 0) return extend_hold(policy, state, event, record, why);
    return extend_window(state, event, record, why);
}

static int effect_notice(const acs_policy *policy, acs__state *state, const acs_event *event,
                         acs_record *record, acs_refusal *why)
{
    (void)why;
    if (state->lifecycle == ACS_LIFECYCLE_CLOSING) return ACS_R_NOTICE_RUNNING;
    if (state->lifecycle != ACS_LIFECYCLE_OPEN) return ACS_R_STATUS;
    static const acs_period none = {0, ACS_UNIT_NONE};
    acs_period notice = event->reason < ACS_REASON_GROUND_SLOTS
                            ? policy->rules.notice[event->reason] : none;
    const acs_calendar *calendar = &policy->rules.calendar;
    int64_t end = 0;
    if (acs__period_end(calendar, notice, event->time_ms, &end) != ACS_OK)
        return ACS_E_TIME_RANGE;
    /* 0 means "no deadline", so a window ending at the epoch itself ends
    ** one millisecond later. */
    if (end == 0) end = 1;
    int64_t maximum = 0;
    if (acs__period_end(calendar, policy->rules.window_extension_max, end, &maximum) != ACS_OK)
        maximum = ACS_TIME_MAX_MS;
    state->lifecycle = ACS_LIFECYCLE_CLOSING;
    state->notice_reason = event->reason;
    state->window_end_ms = end;
    state->window_max_ms = maximum > ACS_TIME_MAX_MS ? ACS_TIME_MAX_MS : maximum;
    state->flags &= (uint8_t)~(ACS_ACCOUNT_WINDOW_ENDED | ACS_ACCOUNT_NOTICE_APPEALED);
    record->deadline_ms = end;
    return ACS_OK;
}

static int effect_rescind(const acs_policy *policy, acs__state *state, const acs_event *event,
                          acs_record *record, acs_refusal *why)
{
    (void)policy, (void)event, (void)why;
    if (state->lifecycle != ACS_LIFECYCLE_CLOSING) return ACS_R_NO_NOTICE;
    end_notice(state, record);
    return ACS_OK;
}

/* The window's end as it stands at now_ms: a paused window has run on
** only until its pause began. */
static int64_t window_end_now(const acs__state *state, int64_t now_ms)
{
    if (!(state->flags & ACS_ACCOUNT_WINDOW_PAUSED)) return state->window_end_ms;
    int64_t end = state->window_end_ms + (now_ms - state->window_paused_ms);
    return end > ACS_TIME_MAX_MS ? ACS_TIME_MAX_MS : end;
}

static int effect_close(const acs_policy *policy, acs__state *state, const acs_event *event,
                        acs_record *record, acs_refusal *why)
{
    bool funds = (event->flags & ACS_EVENT_FUNDS_HELD) != 0;
    if (state->lifecycle != ACS_LIFECYCLE_CLOSING) {
        /* Without notice only the customer may close, and only an empty
        ** account: funds always go through a withdrawal window. */
        bool customer_asks =
            event->actor_role == ACS_ROLE_USER && event->reason == ACS_REASON_USER_REQUEST;
        if (funds || !customer_asks) return ACS_R_NOTICE_REQUIRED;
    } else if (funds) {
        if (!(state->flags & ACS_ACCOUNT_WINDOW_ENDED))
            return limit(why, ACS_R_WINDOW_RUNNING, window_end_now(state, event->time_ms));
        if (!(policy->rules.flags & ACS_POLICY_UNCLAIMED_SEGREGATED))
            return ACS_R_FUNDS_UNCLAIMED;
        record->flags |= ACS_RECORD_FUNDS_SEGREGATED;
    }
    /* Nothing runs on a closed account: the window and an appeal against
    ** the notice go with the notice. */
    int appeal = acs__appeal_index(state, 0);
    if (appeal >= 0) acs__appeal_remove(state, (unsigned)appeal);
    state->lifecycle = ACS_LIFECYCLE_CLOSED;
    state->notice_reason = 0;
    state->window_end_ms = 0;
    state->window_max_ms = 0;
    state->flags &= (uint8_t)~(ACS_ACCOUNT_WINDOW_ENDED | ACS_ACCOUNT_NOTICE_APPEALED);
    return ACS_OK;
}

static int effect_appeal(const acs_policy *policy, acs__state *state, const acs_event *event,
                         acs_record *record, acs_refusal *why)
{
    if (event->hold_id != 0) {
        acs_hold *hold = target_hold(state, event);
        record->hold_level = hold->level;
        if (hold->flags & ACS_HOLD_APPEALED) return ACS_E_APPEAL_DUPLICATE;
        /* No appeal window: holds cannot be appealed at all. */
        if (policy->rules.appeal_window.unit == ACS_UNIT_NONE)
            return limit(why, ACS_R_APPEAL_WINDOW, hold->placed_ms);
        int64_t closes = 0;
        if (acs__period_end(&policy->rules.calendar, policy->rules.appeal_window,
                            hold->placed_ms, &closes) != ACS_OK)
            closes = ACS_TIME_MAX_MS;
        if (event->time_ms > closes) return limit(why, ACS_R_APPEAL_WINDOW, closes);
    } else {
        if (state->lifecycle != ACS_LIFECYCLE_CLOSING) return ACS_R_NO_NOTICE;
        if (state->flags & ACS_ACCOUNT_NOTICE_APPEALED) return ACS_E_APPEAL_DUPLICATE;
        if (state->flags & ACS_ACCOUNT_WINDOW_ENDED)
            return limit(why, ACS_R_APPEAL_WINDOW, state->window_end_ms);
    }
    if (state->appeal_count == ACS_APPEALS_MAX) return ACS_R_APPEAL_LIMIT;
    int64_t deadline = 0;
    if (acs__period_end(&policy->rules.calendar, policy->rules.appeal_answer, event->time_ms,
                        &deadline) != ACS_OK)
        return ACS_E_TIME_RANGE;

    if (event->hold_id != 0) target_hold(state, event)->flags |= ACS_HOLD_APPEALED;
    else state->flags |= ACS_ACCOUNT_NOTICE_APPEALED;
    acs__appeal *appeal = &state->appeals[state->appeal_count++];
    appeal->deadline_ms = deadline;
    appeal->target = event->hold_id;
    appeal->overdue = false;
    record->deadline_ms = deadline;
    return ACS_OK;
}

static int effect_decide(const acs_policy *policy, acs__state *state, const acs_event *event,
                         acs_record *record, acs_refusal *why)
{
    (void)policy, (void)why;
    int appeal = acs__appeal_index(state, event->hold_id);
    if (appeal < 0) return ACS_R_NO_APPEAL;
    /* An answer either upholds or dismisses; a rule that admits any other
    ** reason for DECIDE still gets no third kind of answer. */
    bool upheld = event->reason == ACS_REASON_APPEAL_UPHELD;
    if (!upheld && event->reason != ACS_REASON_APPEAL_DISMISSED) return ACS_R_REASON_NOT_VALID;
    record->deadline_ms = state->appeals[appeal].deadline_ms;
    if (!upheld) {
        if (event->hold_id != 0) record->hold_level = target_hold(state, event)->level;
        acs__appeal_remove(state, (unsigned)appeal);
        return ACS_OK;
    }
    if (event->hold_id != 0) lift_hold(state, event->hold_id, record);
    else end_notice(state, record);
    return ACS_OK;
}

static const effect_fn effect_of_kind[] = {
    [ACS_EVENT_VERIFY] = effect_verify,   [ACS_EVENT_HOLD] = effect_hold,
    [ACS_EVENT_LIFT] = effect_lift,       [ACS_EVENT_EXTEND] = effect_extend,
    [ACS_EVENT_NOTICE] = effect_notice,   [ACS_EVENT_RESCIND] = effect_rescind,
    [ACS_EVENT_CLOSE] = effect_close,     [ACS_EVENT_APPEAL] = effect_appeal,
    [ACS_EVENT_DECIDE] = effect_decide,
};

/* The misuse gate: every check that does not depend on the policy's rules. */
static int check_call(const acs_policy *policy, const acs_account *account,
                      const acs_event *event, acs__state *state, acs_refusal *why)
{
    int rc = acs__policy_usable(policy);
    if (rc != ACS_OK) return rc;
    memcpy(why->policy_name, policy->rules.name, ACS_POLICY_NAME_MAX);
    rc = acs__unpack(state, account);
    if (rc != ACS_OK) return rc;
    why->status = acs__status(state);
    rc = check_fields(event);
    if (rc != ACS_OK) return rc;
    return check_account(state, event);
}

static int refused(acs_refusal *out, acs_refusal *why, int code)
{
    assert(code != ACS_OK);
    why->code = code;
    if (out != NULL) *out = *why;
    return code;
}

int acs_apply(const acs_policy *policy, acs_account *account, const acs_event *event,
              acs_record *record, acs_refusal *refusal)
{
    acs_refusal why;
    memset(&why, 0, sizeof(why));
    if (account == NULL || event == NULL || record == NULL)
        return refused(refusal, &why, ACS_E_NULL);
    why.kind = event->kind;
    why.level = event->level;

    acs__state state;
    int rc = check_call(policy, account, event, &state, &why);
    if (rc != ACS_OK) return refused(refusal, &why, rc);
    rc = acs__permit(policy, &state, event, &why);
    if (rc != ACS_OK) return refused(refusal, &why, rc);
    if (state.sequence == ACS_SEQUENCE_MAX) return refused(refusal, &why, ACS_E_LIMIT);

    acs_record change;
    acs__record_begin(&change, policy, &state, event->time_ms, event->kind);
    acs__record_event(&change, event);
    rc = effect_of_kind[event->kind](policy, &state, event, &change, &why);
    if (rc != ACS_OK) return refused(refusal, &why, rc);

    state.sequence++;
    state.last_change_ms = event->time_ms;
    acs__window_follow(policy, &state, event->time_ms);
    acs__record_end(&change, &state);
    acs__pack(account, &state);
    *record = change;
    return ACS_OK;
}
