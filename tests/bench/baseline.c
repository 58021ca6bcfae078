/*
** baseline.c: the default preset's rules as a hand-written switch-statement
** implementation (see baseline.h). The rules are the ones
** docs/policies/default.policy states, written out as code: which statuses,
** roles, approvers, reasons and evidence each event needs, the periods in
** days, and what each event changes. Checks run in the order acs_apply
** runs them, so that both give the same answer to every event.
*/
#include "baseline.h"

#define DAY_MS ((int64_t)86400000)

enum { PENDING = 1, OPEN = 2, CLOSING = 3, CLOSED = 4 }; /* lifecycle */
enum { ACTIVE = 1, ST_PENDING = 2, WITHDRAWAL_ONLY = 3, FROZEN = 4, SUSPENDED = 5,
       ST_CLOSED = 6 }; /* status */

void base_open(base_account *account, int64_t now_ms)
{
    *account = (base_account){0};
    account->last_ms = now_ms;
    account->sequence = 1;
    account->next_hold_id = 1;
    account->lifecycle = PENDING;
}

static uint8_t status_of(const base_account *a)
{
    uint8_t status;
    switch (a->lifecycle) {
    case PENDING: status = ST_PENDING; break;
    case OPEN: status = ACTIVE; break;
    case CLOSING: status = WITHDRAWAL_ONLY; break;
    default: return ST_CLOSED;
    }
    for (unsigned i = 0; i < a->hold_count; i++) {
        uint8_t held = (uint8_t)(a->holds[i].level + 2);
        if (held > status) status = held;
    }
    return status;
}

static int find_hold(const base_account *a, unsigned id)
{
    for (unsigned i = 0; i < a->hold_count; i++) {
        if (a->holds[i].id == id) return (int)i;
    }
    return -1;
}

static int find_appeal(const base_account *a, unsigned target)
{
    for (unsigned i = 0; i < a->appeal_count; i++) {
        if (a->appeal_target[i] == target) return (int)i;
    }
    return -1;
}

static void remove_appeal(base_account *a, unsigned target)
{
    int i = find_appeal(a, target);
    if (i < 0) return;
    if (i == 0 && a->appeal_count == 2) {
        a->appeal_target[0] = a->appeal_target[1];
        a->appeal_due_ms[0] = a->appeal_due_ms[1];
    }
    a->appeal_count--;
    a->appeal_target[a->appeal_count] = 0;
    a->appeal_due_ms[a->appeal_count] = 0;
}

static void remove_hold(base_account *a, unsigned index)
{
    for (unsigned i = index; i + 1 < a->hold_count; i++) a->holds[i] = a->holds[i + 1];
    a->hold_count--;
    a->holds[a->hold_count] = (base_hold){0};
}

static int has_evidence(const uint8_t *digest)
{
    uint8_t any = 0;
    for (int i = 0; i < ACS_DIGEST_SIZE; i++) any |= digest[i];
    return any != 0;
}

/* The rule of each event under the default preset. */
static base_verdict check_status(const acs_event *e, uint8_t status)
{
    switch (e->kind) {
    case ACS_EVENT_VERIFY:
        return status == ST_PENDING ? BASE_ACCEPTED : BASE_STATUS;
    case ACS_EVENT_HOLD:
        return BASE_ACCEPTED; /* from every status but CLOSED */
    case ACS_EVENT_NOTICE:
    case ACS_EVENT_CLOSE:
        return status != ST_PENDING ? BASE_ACCEPTED : BASE_STATUS;
    default: /* LIFT, EXTEND, RESCIND, APPEAL, DECIDE: only while restricted */
        return status >= WITHDRAWAL_ONLY ? BASE_ACCEPTED : BASE_STATUS;
    }
}

static int role_may_act(const acs_event *e)
{
    switch (e->kind) {
    case ACS_EVENT_VERIFY:
        return e->actor_role == ACS_ROLE_SUPPORT || e->actor_role == ACS_ROLE_COMPLIANCE ||
               e->actor_role == ACS_ROLE_SYSTEM;
    case ACS_EVENT_HOLD:
        switch (e->level) {
        case ACS_LEVEL_WITHDRAWAL_ONLY:
            return e->actor_role != ACS_ROLE_USER && e->actor_role != ACS_ROLE_MANAGEMENT;
        case ACS_LEVEL_FROZEN:
            return e->actor_role == ACS_ROLE_COMPLIANCE || e->actor_role == ACS_ROLE_SECURITY ||
                   e->actor_role == ACS_ROLE_SYSTEM;
        default:
            return e->actor_role == ACS_ROLE_COMPLIANCE;
        }
    case ACS_EVENT_LIFT:
        return e->actor_role != ACS_ROLE_USER && e->actor_role != ACS_ROLE_MANAGEMENT;
    case ACS_EVENT_EXTEND:
        return e->actor_role == ACS_ROLE_SUPPORT || e->actor_role == ACS_ROLE_COMPLIANCE ||
               e->actor_role == ACS_ROLE_SECURITY;
    case ACS_EVENT_NOTICE:
    case ACS_EVENT_RESCIND:
    case ACS_EVENT_DECIDE:
        return e->actor_role == ACS_ROLE_COMPLIANCE || e->actor_role == ACS_ROLE_MANAGEMENT;
    case ACS_EVENT_CLOSE:
        return e->actor_role != ACS_ROLE_SUPPORT && e->actor_role != ACS_ROLE_SECURITY;
    case ACS_EVENT_APPEAL:
        return e->actor_role == ACS_ROLE_USER;
    default:
        return 0;
    }
}

/* Suspension and closure notice need a second person from compliance or
** management. */
static base_verdict check_approver(const acs_event *e)
{
    int dual = e->kind == ACS_EVENT_NOTICE ||
               (e->kind == ACS_EVENT_HOLD && e->level == ACS_LEVEL_SUSPENDED);
    if (!dual) return BASE_ACCEPTED;
    if (e->approver_role == 0) return BASE_APPROVER_MISSING;
    if (e->approver_id == e->actor_id) return BASE_APPROVER_SAME;
    if (e->approver_role != ACS_ROLE_COMPLIANCE && e->approver_role != ACS_ROLE_MANAGEMENT)
        return BASE_APPROVER_ROLE;
    return BASE_ACCEPTED;
}

static int reason_valid(const acs_event *e)
{
    switch (e->kind) {
    case ACS_EVENT_VERIFY:
        return e->reason == ACS_REASON_REQUIREMENT_MET;
    case ACS_EVENT_HOLD:
        switch (e->reason) {
        case ACS_REASON_LEGAL_ORDER:
        case ACS_REASON_SANCTIONS:
            return 1;
        case ACS_REASON_SECURITY_COMPROMISE:
        case ACS_REASON_SUSPICIOUS_ACTIVITY:
        case ACS_REASON_USER_REQUEST:
            return e->level != ACS_LEVEL_SUSPENDED;
        case ACS_REASON_TERMS_BREACH:
        case ACS_REASON_ABUSIVE_CONDUCT:
            return e->level != ACS_LEVEL_FROZEN;
        case ACS_REASON_KYC_REFRESH:
        case ACS_REASON_INACTIVITY:
            return e->level == ACS_LEVEL_WITHDRAWAL_ONLY;
        default:
            return 0;
        }
    case ACS_EVENT_LIFT:
        switch (e->reason) {
        case ACS_REASON_REVIEW_CLEARED:
        case ACS_REASON_REQUIREMENT_MET:
        case ACS_REASON_ORDER_LIFTED:
        case ACS_REASON_ERROR_CORRECTED:
            return 1;
        default:
            return 0;
        }
    case ACS_EVENT_EXTEND:
        switch (e->reason) {
        case ACS_REASON_SECURITY_COMPROMISE:
        case ACS_REASON_SUSPICIOUS_ACTIVITY:
        case ACS_REASON_LEGAL_ORDER:
        case ACS_REASON_SANCTIONS:
        case ACS_REASON_KYC_REFRESH:
        case ACS_REASON_TERMS_BREACH:
        case ACS_REASON_ABUSIVE_CONDUCT:
        case ACS_REASON_USER_REQUEST:
            return 1;
        default:
            return 0;
        }
    case ACS_EVENT_NOTICE:
    case ACS_EVENT_CLOSE:
        switch (e->reason) {
        case ACS_REASON_LEGAL_ORDER:
        case ACS_REASON_SANCTIONS:
        case ACS_REASON_TERMS_BREACH:
        case ACS_REASON_ABUSIVE_CONDUCT:
        case ACS_REASON_INACTIVITY:
        case ACS_REASON_USER_REQUEST:
        case ACS_REASON_COMMERCIAL_DECISION:
            return 1;
        default:
            return 0;
        }
    case ACS_EVENT_RESCIND:
        return e->reason == ACS_REASON_REVIEW_CLEARED || e->reason == ACS_REASON_ERROR_CORRECTED;
    case ACS_EVENT_APPEAL:
        return e->reason == ACS_REASON_USER_REQUEST;
    case ACS_EVENT_DECIDE:
        return e->reason == ACS_REASON_APPEAL_UPHELD || e->reason == ACS_REASON_APPEAL_DISMISSED;
    default:
        return 0;
    }
}

/* Orders, sanctions and conduct need the case file's digest, where the
** event places a hold or gives notice (a freeze: orders and sanctions). */
static int needs_evidence(const acs_event *e)
{
    if (e->kind != ACS_EVENT_HOLD && e->kind != ACS_EVENT_NOTICE) return 0;
    switch (e->reason) {
    case ACS_REASON_LEGAL_ORDER:
    case ACS_REASON_SANCTIONS:
        return 1;
    case ACS_REASON_TERMS_BREACH:
    case ACS_REASON_ABUSIVE_CONDUCT:
        return e->kind == ACS_EVENT_NOTICE || e->level != ACS_LEVEL_FROZEN;
    default:
        return 0;
    }
}

static base_verdict check_rule(const acs_event *e, uint8_t status)
{
    base_verdict v = check_status(e, status);
    if (v != BASE_ACCEPTED) return v;
    if (e->reason == ACS_REASON_PUBLIC_CRITICISM) return BASE_NEVER_VALID;
    if (!role_may_act(e)) return BASE_ROLE;
    v = check_approver(e);
    if (v != BASE_ACCEPTED) return v;
    if (!reason_valid(e)) return BASE_REASON;
    if (needs_evidence(e) && !has_evidence(e->evidence)) return BASE_EVIDENCE;
    return BASE_ACCEPTED;
}

static int64_t review_days(unsigned level)
{
    switch (level) {
    case ACS_LEVEL_WITHDRAWAL_ONLY: return 30;
    case ACS_LEVEL_FROZEN: return 14;
    default: return 30;
    }
}

static int64_t review_max_days(unsigned level)
{
    switch (level) {
    case ACS_LEVEL_WITHDRAWAL_ONLY: return 90;
    case ACS_LEVEL_FROZEN: return 60;
    default: return 180;
    }
}

static int64_t notice_days(unsigned reason)
{
    switch (reason) {
    case ACS_REASON_LEGAL_ORDER:
    case ACS_REASON_SANCTIONS: return 14;
    case ACS_REASON_TERMS_BREACH:
    case ACS_REASON_ABUSIVE_CONDUCT: return 30;
    case ACS_REASON_USER_REQUEST: return 7;
    default: return 62; /* INACTIVITY, COMMERCIAL_DECISION */
    }
}

static void end_notice(base_account *a)
{
    remove_appeal(a, 0);
    a->lifecycle = OPEN;
    a->window_end_ms = 0;
    a->window_max_ms = 0;
    a->notice_appealed = 0;
}

static base_verdict do_hold(base_account *a, const acs_event *e)
{
    if (a->hold_count == BASE_HOLDS_MAX) return BASE_HOLDS_FULL;
    if (a->next_hold_id > ACS_HOLD_ID_MAX) return BASE_OTHER;
    int64_t period = review_days(e->level) * DAY_MS;
    if (e->period_ms > period) return BASE_OTHER;
    if (e->period_ms != 0) period = e->period_ms;
    base_hold *h = &a->holds[a->hold_count++];
    h->id = a->next_hold_id++;
    h->level = e->level;
    h->appealed = 0;
    h->placed_ms = e->time_ms;
    h->review_ms = e->time_ms + period;
    return BASE_ACCEPTED;
}

static base_verdict do_extend(base_account *a, const acs_event *e)
{
    int64_t current, maximum;
    base_hold *h = 0;
    if (e->hold_id != 0) {
        h = &a->holds[find_hold(a, e->hold_id)];
        if (h->review_ms == 0) return BASE_NO_DEADLINE;
        current = h->review_ms;
        maximum = h->placed_ms + review_max_days(h->level) * DAY_MS;
    } else {
        if (a->lifecycle != CLOSING) return BASE_NO_NOTICE;
        if (a->window_paused) return BASE_NO_DEADLINE;
        current = a->window_end_ms;
        maximum = a->window_max_ms;
    }
    int64_t floor = current > e->time_ms ? current : e->time_ms;
    if (e->deadline_ms <= floor) return BASE_NOT_LATER;
    if (e->deadline_ms > maximum) return BASE_BEYOND_MAX;
    if (h != 0) h->review_ms = e->deadline_ms;
    else a->window_end_ms = e->deadline_ms;
    return BASE_ACCEPTED;
}

static base_verdict do_close(base_account *a, const acs_event *e)
{
    int funds = (e->flags & ACS_EVENT_FUNDS_HELD) != 0;
    if (a->lifecycle != CLOSING) {
        int customer = e->actor_role == ACS_ROLE_USER && e->reason == ACS_REASON_USER_REQUEST;
        if (funds || !customer) return BASE_NOTICE_REQUIRED;
    } else if (funds && (a->window_paused || e->time_ms < a->window_end_ms)) {
        return BASE_WINDOW_RUNNING;
    }
    remove_appeal(a, 0);
    a->lifecycle = CLOSED;
    a->window_end_ms = 0;
    a->window_max_ms = 0;
    a->notice_appealed = 0;
    return BASE_ACCEPTED;
}

static base_verdict do_appeal(base_account *a, const acs_event *e)
{
    base_hold *h = 0;
    if (e->hold_id != 0) {
        h = &a->holds[find_hold(a, e->hold_id)];
        if (h->appealed) return BASE_APPEAL_DUPLICATE;
        if (e->time_ms > h->placed_ms + 30 * DAY_MS) return BASE_APPEAL_WINDOW;
    } else {
        if (a->lifecycle != CLOSING) return BASE_NO_NOTICE;
        if (a->notice_appealed) return BASE_APPEAL_DUPLICATE;
        if (!a->window_paused && e->time_ms > a->window_end_ms) return BASE_APPEAL_WINDOW;
    }
    if (a->appeal_count == 2) return BASE_APPEAL_LIMIT;
    if (h != 0) h->appealed = 1;
    else a->notice_appealed = 1;
    a->appeal_target[a->appeal_count] = e->hold_id;
    a->appeal_due_ms[a->appeal_count] = e->time_ms + 14 * DAY_MS;
    a->appeal_count++;
    return BASE_ACCEPTED;
}

static base_verdict do_decide(base_account *a, const acs_event *e)
{
    if (find_appeal(a, e->hold_id) < 0) return BASE_NO_APPEAL;
    if (e->reason != ACS_REASON_APPEAL_UPHELD) {
        remove_appeal(a, e->hold_id);
    } else if (e->hold_id != 0) {
        remove_appeal(a, e->hold_id);
        remove_hold(a, (unsigned)find_hold(a, e->hold_id));
    } else {
        end_notice(a);
    }
    return BASE_ACCEPTED;
}

static base_verdict do_effect(base_account *a, const acs_event *e)
{
    switch (e->kind) {
    case ACS_EVENT_VERIFY:
        if (a->lifecycle != PENDING) return BASE_STATUS;
        a->lifecycle = OPEN;
        return BASE_ACCEPTED;
    case ACS_EVENT_HOLD:
        return do_hold(a, e);
    case ACS_EVENT_LIFT:
        remove_appeal(a, e->hold_id);
        remove_hold(a, (unsigned)find_hold(a, e->hold_id));
        return BASE_ACCEPTED;
    case ACS_EVENT_EXTEND:
        return do_extend(a, e);
    case ACS_EVENT_NOTICE:
        if (a->lifecycle == CLOSING) return BASE_NOTICE_RUNNING;
        if (a->lifecycle != OPEN) return BASE_STATUS;
        a->lifecycle = CLOSING;
        a->window_end_ms = e->time_ms + notice_days(e->reason) * DAY_MS;
        a->window_max_ms = a->window_end_ms + 30 * DAY_MS;
        a->notice_appealed = 0;
        return BASE_ACCEPTED;
    case ACS_EVENT_RESCIND:
        if (a->lifecycle != CLOSING) return BASE_NO_NOTICE;
        end_notice(a);
        return BASE_ACCEPTED;
    case ACS_EVENT_CLOSE:
        return do_close(a, e);
    case ACS_EVENT_APPEAL:
        return do_appeal(a, e);
    case ACS_EVENT_DECIDE:
        return do_decide(a, e);
    default:
        return BASE_OTHER;
    }
}

/* The window stops while a freeze or suspension blocks withdrawals during
** the notice, and its end and maximum move later by the time it stood. */
static void follow_window(base_account *a, uint8_t status, int64_t now_ms)
{
    if (a->lifecycle != CLOSING) {
        a->window_paused = 0;
        a->paused_since_ms = 0;
        return;
    }
    int blocked = status >= FROZEN;
    if (blocked && !a->window_paused) {
        a->window_paused = 1;
        a->paused_since_ms = now_ms;
    } else if (!blocked && a->window_paused) {
        a->window_end_ms += now_ms - a->paused_since_ms;
        a->window_max_ms += now_ms - a->paused_since_ms;
        a->window_paused = 0;
        a->paused_since_ms = 0;
    }
}

base_verdict base_apply(base_account *a, const acs_event *e, uint8_t *status)
{
    uint8_t before = status_of(a);
    *status = before;
    if (e->time_ms < a->last_ms) return BASE_TIME_BACKWARDS;
    if (a->lifecycle == CLOSED) return BASE_CLOSED;
    if ((e->kind == ACS_EVENT_LIFT || e->hold_id != 0) && find_hold(a, e->hold_id) < 0)
        return BASE_HOLD_UNKNOWN;
    base_verdict v = check_rule(e, before);
    if (v != BASE_ACCEPTED) return v;

    /* Each effect checks its own conditions before it changes anything, so
    ** a refusal leaves the account as it was. */
    v = do_effect(a, e);
    if (v != BASE_ACCEPTED) return v;
    a->sequence++;
    a->last_ms = e->time_ms;
    uint8_t after = status_of(a);
    follow_window(a, after, e->time_ms);
    *status = after;
    return BASE_ACCEPTED;
}
