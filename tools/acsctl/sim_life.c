/*
** sim_life.c: one account's life under one policy. The account's plan (its
** incidents, drawn once) is turned into actions in time order: what the
** platform's staff do about each incident, what the customer does (appeal,
** complain, withdraw), and the deadlines acs_advance applies between them.
** Every change goes through the library, and every record it writes is
** counted here.
**
** The staff are the same under every policy and follow it where they can:
** an action the policy refuses for a missing approver is asked again with
** one, for a role that may not act it is handed to a role that may, for
** missing evidence it is asked again with the case file's digest when the
** incident has a case file. A platform acting against a public complaint
** has none; where criticism is refused as a ground it cites abusive
** conduct instead, as in the case the library was shaped by. What the
** policy still refuses stays undone.
*/
#include <assert.h>
#include <string.h>

#include "sim_internal.h"

#define ACTIONS_MAX 48  /* pending actions of one account; each incident
                           keeps at most a few pending at once */
#define ATTEMPTS_MAX 4  /* askings of one action: the first and the
                           approver, role and evidence fixes */
#define SLOTS (SIM_INCIDENTS_MAX + 2) /* the plan's incidents and the holds
                                         placed against a complaint */
#define RETALIATION_SLOT (SIM_INCIDENTS_MAX + 1)
#define STAFF_ID UINT64_C(5000)
#define APPROVER_ID UINT64_C(6000)
#define WITHDRAW_HOUR (12 * SIM_MS_PER_HOUR) /* customers withdraw at noon */

/* What an action does; its incident is the plan's incident it serves. */
typedef enum action_type {
    ACT_INCIDENT = 1, /* the incident happens */
    ACT_SECURE,       /* security freezes a leaked account */
    ACT_CONCLUDE,     /* the investigation, the order or the renewal ends */
    ACT_EXTEND,       /* staff keep a hold past its review deadline */
    ACT_APPEAL,       /* the customer appeals the incident's hold */
    ACT_ANSWER,       /* staff answer that appeal */
    ACT_COMPLAIN,     /* the customer complains in public */
    ACT_RETALIATE,    /* the platform acts against the complaint (step 0..2) */
    ACT_LATE_NOTICE,  /* the customer never renewed: notice after 60 days */
    ACT_WITHDRAW,     /* a day of the window: the customer may withdraw */
    ACT_CLOSE         /* the window ended: the platform closes */
} action_type;

typedef struct action {
    int64_t time_ms;
    uint8_t type;
    uint8_t incident;
    uint8_t step;
    uint8_t reserved;
} action;

typedef struct life {
    const sim_setup *setup;
    const acs_policy *policy;
    const sim_plan *plan;
    sim_tally *tally;
    acs_account account;
    int64_t next_deadline_ms;
    int64_t frozen_since_ms;
    uint64_t balance_cents;
    int64_t concludes_ms[SLOTS]; /* when each incident's work ends */
    uint16_t hold_of[SLOTS];     /* the hold each incident placed last */
    uint16_t appealed[SLOTS];    /* the hold the customer appealed */
    uint8_t dormant;                          /* the notice is for dormancy */
    uint8_t status;
    uint32_t action_count;
    action actions[ACTIONS_MAX];
} life;

/* ------------------------------------------------------------------------
** Counting what the library records.
*/

static int64_t day_of(const life *l, int64_t time_ms)
{
    int64_t day = (time_ms - l->setup->scenario->start_ms) / SIM_MS_PER_DAY;
    if (day < 0) return 0;
    if (day >= (int64_t)l->setup->scenario->days) return (int64_t)l->setup->scenario->days - 1;
    return day;
}

static void count_frozen_spell(life *l, int64_t until_ms)
{
    int64_t hours = (until_ms - l->frozen_since_ms + SIM_MS_PER_HOUR - 1) / SIM_MS_PER_HOUR;
    int64_t max = (int64_t)l->setup->scenario->days * 24;
    assert(hours >= 0);
    l->tally->frozen_hours[hours > max ? max : hours]++;
    l->tally->frozen_spells++;
}

static void count_status(life *l, const acs_record *record)
{
    if (record->status_before == record->status_after) return;
    int64_t *row = l->tally->status_delta + day_of(l, record->time_ms) * ACS_STATUS_COUNT;
    if (record->status_before != 0) row[record->status_before]--;
    row[record->status_after]++;
    if (record->status_before == ACS_STATUS_FROZEN && l->frozen_since_ms >= 0)
        count_frozen_spell(l, record->time_ms);
    l->frozen_since_ms = record->status_after == ACS_STATUS_FROZEN ? record->time_ms : -1;
    l->status = record->status_after;
}

static void count_record(life *l, const acs_record *record)
{
    sim_tally *t = l->tally;
    count_status(l, record);
    int restricts = record->kind == ACS_EVENT_HOLD || record->kind == ACS_EVENT_NOTICE ||
                    record->kind == ACS_EVENT_CLOSE;
    if (restricts && (l->setup->never_valid & ACS_REASON_BIT(record->reason)) != 0)
        t->never_valid_restrictions++;
    switch (record->kind) {
    case ACS_EVENT_HOLD: t->holds_placed++; break;
    case ACS_EVENT_LIFT: t->holds_lifted++; break;
    case ACS_EVENT_APPEAL: t->appeals_made++; break;
    case ACS_EVENT_DECIDE:
        t->appeals_answered++;
        if (record->time_ms > record->deadline_ms) t->appeals_late++;
        if (record->flags & ACS_RECORD_HOLD_LIFTED) t->holds_lifted++;
        break;
    case ACS_EVENT_REVIEW_LAPSED: t->holds_lapsed++; break;
    case ACS_EVENT_CLOSE:
        if (record->flags & ACS_RECORD_FUNDS_SEGREGATED) t->closed_with_funds++;
        break;
    default: break;
    }
}

/* ------------------------------------------------------------------------
** The agenda: pending actions, taken earliest first (first scheduled first
** among equal times, so the order is fixed).
*/

static void schedule(life *l, int64_t time_ms, action_type type, unsigned incident, unsigned step)
{
    if (time_ms >= l->setup->end_ms) return;
    assert(l->action_count < ACTIONS_MAX);
    if (l->action_count == ACTIONS_MAX) return;
    action *a = &l->actions[l->action_count++];
    a->time_ms = time_ms;
    a->type = (uint8_t)type;
    a->incident = (uint8_t)incident;
    a->step = (uint8_t)step;
    a->reserved = 0;
}

static int take_next(life *l, action *next)
{
    if (l->action_count == 0) return 0;
    uint32_t best = 0;
    for (uint32_t i = 1; i < l->action_count; i++)
        if (l->actions[i].time_ms < l->actions[best].time_ms) best = i;
    *next = l->actions[best];
    memmove(&l->actions[best], &l->actions[best + 1],
            (l->action_count - best - 1) * sizeof(action));
    l->action_count--;
    return 1;
}

/* ------------------------------------------------------------------------
** Deadlines and events through the library.
*/

/* Applies every deadline due by now_ms; a window that ends is counted and
** the platform's closing scheduled. */
static void advance_to(life *l, int64_t now_ms)
{
    while (l->status != ACS_STATUS_CLOSED && l->next_deadline_ms != 0 && l->next_deadline_ms <= now_ms) {
        acs_record records[ACS_DEADLINES_MAX];
        unsigned written = 0;
        int rc = acs_advance(l->policy, &l->account, now_ms, records, ACS_DEADLINES_MAX, &written,
                             &l->next_deadline_ms);
        assert(rc == ACS_OK);
        if (rc != ACS_OK) return;
        for (unsigned i = 0; i < written; i++) {
            count_record(l, &records[i]);
            l->tally->deadlines_applied++;
            if (records[i].kind != ACS_EVENT_WINDOW_ENDED) continue;
            if (l->balance_cents > 0) {
                l->tally->windows_ended_with_funds++;
                l->tally->windows_funds_cents += l->balance_cents;
            }
            schedule(l, records[i].time_ms + SIM_MS_PER_HOUR, ACT_CLOSE, 0, 0);
        }
    }
}

static unsigned rule_of(const acs_event *event)
{
    if (event->kind == ACS_EVENT_HOLD) return event->level;
    return event->kind == ACS_EVENT_VERIFY ? ACS_RULE_VERIFY : (unsigned)event->kind + 1u;
}

/* The first staff role of preference the mask admits, or 0. */
static uint8_t staff_role(uint32_t mask)
{
    static const uint8_t preference[] = {ACS_ROLE_COMPLIANCE, ACS_ROLE_SECURITY,
                                         ACS_ROLE_MANAGEMENT, ACS_ROLE_SUPPORT, ACS_ROLE_SYSTEM};
    for (size_t i = 0; i < sizeof(preference); i++)
        if (mask & ACS_ROLE_BIT(preference[i])) return preference[i];
    return 0;
}

/* Asks the library to apply event, fixing what staff can fix (see the top
** of the file). Returns ACS_OK or the last refusal. */
static int attempt(life *l, acs_event *event, int has_case_file, acs_refusal *refusal_out)
{
    const acs_rule *rule = &l->policy->rules.rules[rule_of(event)];
    int rc = ACS_OK;
    advance_to(l, event->time_ms);
    for (int asked = 0; asked < ATTEMPTS_MAX; asked++) {
        acs_record record;
        acs_refusal refusal;
        rc = acs_apply(l->policy, &l->account, event, &record, &refusal);
        if (refusal_out != NULL && rc != ACS_OK) *refusal_out = refusal;
        if (rc == ACS_OK) {
            l->tally->events_applied++;
            count_record(l, &record);
            acs_account_next_deadline(&l->account, &l->next_deadline_ms, NULL);
            return rc;
        }
        l->tally->events_refused++;
        if (event->actor_role == ACS_ROLE_USER) return rc;
        if ((rc == ACS_R_APPROVER_MISSING || rc == ACS_R_APPROVER_ROLE) &&
            staff_role(rule->approver_roles) != 0) {
            event->approver_role = staff_role(rule->approver_roles);
            event->approver_id = APPROVER_ID;
        } else if (rc == ACS_R_ROLE && staff_role(rule->actor_roles) != 0 &&
                   staff_role(rule->actor_roles) != event->actor_role) {
            event->actor_role = staff_role(rule->actor_roles);
        } else if (rc == ACS_R_EVIDENCE_MISSING && has_case_file && event->evidence[0] == 0) {
            memset(event->evidence, 0xca, sizeof(event->evidence));
        } else {
            return rc;
        }
    }
    return rc;
}

static void event_init(acs_event *event, int64_t time_ms, acs_event_kind kind, acs_role role,
                       acs_reason reason)
{
    memset(event, 0, sizeof(*event));
    event->time_ms = time_ms;
    event->kind = (uint8_t)kind;
    event->actor_role = (uint8_t)role;
    event->actor_id = role == ACS_ROLE_USER ? 1 : STAFF_ID;
    event->reason = (uint8_t)reason;
}

/* Places a hold for incident; remembers its id. */
static int place_hold(life *l, int64_t time_ms, unsigned incident, acs_level level,
                      acs_role role, acs_reason reason, int has_case_file)
{
    acs_event event;
    event_init(&event, time_ms, ACS_EVENT_HOLD, role, reason);
    event.level = (uint8_t)level;
    int rc = attempt(l, &event, has_case_file, NULL);
    if (rc == ACS_OK) {
        acs_account_info info;
        acs_hold hold;
        acs_account_info_get(&l->account, &info);
        acs_account_hold(&l->account, info.hold_count - 1u, &hold);
        l->hold_of[incident] = hold.id;
    }
    return rc;
}

static int give_notice(life *l, int64_t time_ms, acs_role role, acs_reason reason,
                       int has_case_file)
{
    acs_event event;
    event_init(&event, time_ms, ACS_EVENT_NOTICE, role, reason);
    int rc = attempt(l, &event, has_case_file, NULL);
    if (rc == ACS_OK) {
        /* The first day of the window the customer may withdraw. */
        int64_t day_start = time_ms - (time_ms - l->setup->scenario->start_ms) % SIM_MS_PER_DAY;
        int64_t noon = day_start + WITHDRAW_HOUR;
        schedule(l, noon > time_ms ? noon : noon + SIM_MS_PER_DAY, ACT_WITHDRAW, 0, 0);
    }
    return rc;
}


/* ------------------------------------------------------------------------
** The playbook: what each action does.
*/

static int find_hold(const life *l, unsigned incident, acs_hold *hold)
{
    return l->hold_of[incident] != 0 &&
           acs_account_find_hold(&l->account, l->hold_of[incident], hold) == ACS_OK;
}

static void lift(life *l, int64_t now_ms, unsigned incident, acs_role role, acs_reason outcome)
{
    acs_hold hold;
    if (!find_hold(l, incident, &hold)) return; /* it lapsed, or an appeal lifted it */
    acs_event event;
    event_init(&event, now_ms, ACS_EVENT_LIFT, role, outcome);
    event.hold_id = hold.id;
    attempt(l, &event, 0, NULL);
}

/* After a restriction for incident: the work ends at concludes_ms (or
** never, past the run); staff keep the hold past its review deadline when
** the work is not done by then; the customer may appeal. */
static void follow(life *l, int64_t now_ms, unsigned incident, int64_t concludes_ms)
{
    const sim_planned *planned = &l->plan->incidents[incident];
    acs_hold hold;
    l->concludes_ms[incident] = concludes_ms;
    schedule(l, concludes_ms, ACT_CONCLUDE, incident, 0);
    if (!find_hold(l, incident, &hold)) return;
    int64_t deadline = hold.review_deadline_ms;
    if (deadline != 0 && deadline < concludes_ms) {
        int64_t before = deadline - SIM_MS_PER_HOUR;
        schedule(l, before > now_ms ? before : now_ms, ACT_EXTEND, incident, 0);
    }
    if (planned->appeals) schedule(l, now_ms + planned->appeal_delay_ms, ACT_APPEAL, incident, 0);
}

/* Moves the hold's review deadline to when the work ends, or as far as
** the policy allows. */
static void extend(life *l, int64_t now_ms, unsigned incident)
{
    acs_hold hold;
    if (!find_hold(l, incident, &hold) || hold.review_deadline_ms == 0) return;
    acs_event event;
    acs_refusal refusal;
    event_init(&event, now_ms, ACS_EVENT_EXTEND, ACS_ROLE_COMPLIANCE, (acs_reason)hold.reason);
    event.hold_id = hold.id;
    event.deadline_ms = l->concludes_ms[incident] + SIM_MS_PER_HOUR;
    if (event.deadline_ms > l->setup->end_ms) event.deadline_ms = l->setup->end_ms;
    int rc = attempt(l, &event, 1, &refusal);
    if (rc == ACS_R_DEADLINE_BEYOND_MAX && refusal.limit_ms > hold.review_deadline_ms &&
        refusal.limit_ms > now_ms) {
        event.deadline_ms = refusal.limit_ms;
        attempt(l, &event, 1, NULL);
    }
}

static void appeal(life *l, int64_t now_ms, unsigned incident)
{
    acs_hold hold;
    if (!find_hold(l, incident, &hold)) return;
    acs_event event;
    event_init(&event, now_ms, ACS_EVENT_APPEAL, ACS_ROLE_USER, ACS_REASON_USER_REQUEST);
    event.hold_id = hold.id;
    if (attempt(l, &event, 0, NULL) != ACS_OK) return;
    l->appealed[incident] = hold.id;
    schedule(l, now_ms + l->plan->incidents[incident].answer_delay_ms, ACT_ANSWER, incident, 0);
}

static void answer(life *l, int64_t now_ms, unsigned incident)
{
    acs_account_info info;
    acs_account_info_get(&l->account, &info);
    for (unsigned i = 0; i < info.appeal_count; i++) {
        if (info.appeals[i].target != l->appealed[incident]) continue;
        acs_event event;
        acs_reason outcome = l->plan->incidents[incident].cleared ? ACS_REASON_APPEAL_UPHELD
                                                                  : ACS_REASON_APPEAL_DISMISSED;
        event_init(&event, now_ms, ACS_EVENT_DECIDE, ACS_ROLE_COMPLIANCE, outcome);
        event.hold_id = l->appealed[incident];
        attempt(l, &event, 0, NULL);
        return;
    }
}

/* The investigation, the order or the renewal is over. */
static void conclude(life *l, int64_t now_ms, unsigned incident)
{
    const sim_planned *planned = &l->plan->incidents[incident];
    switch (planned->kind) {
    case SIM_INCIDENT_SUSPICIOUS:
        if (planned->cleared) {
            lift(l, now_ms, incident, ACS_ROLE_COMPLIANCE, ACS_REASON_REVIEW_CLEARED);
        } else {
            place_hold(l, now_ms, incident, ACS_LEVEL_SUSPENDED, ACS_ROLE_COMPLIANCE,
                       ACS_REASON_TERMS_BREACH, 1);
            give_notice(l, now_ms, ACS_ROLE_COMPLIANCE, ACS_REASON_TERMS_BREACH, 1);
        }
        break;
    case SIM_INCIDENT_LEGAL_ORDER:
        lift(l, now_ms, incident, ACS_ROLE_COMPLIANCE, ACS_REASON_ORDER_LIFTED);
        break;
    case SIM_INCIDENT_KYC:
        lift(l, now_ms, incident, ACS_ROLE_SYSTEM, ACS_REASON_REQUIREMENT_MET);
        break;
    case SIM_INCIDENT_LEAK:
        lift(l, now_ms, incident, ACS_ROLE_SECURITY, ACS_REASON_REVIEW_CLEARED);
        break;
    default: break;
    }
}

/* The platform acts against a public complaint, in three steps two hours
** apart: withdrawal-only, suspension, closure notice. */
static void retaliate(life *l, int64_t now_ms, unsigned incident, unsigned step)
{
    static const acs_reason grounds[] = {ACS_REASON_PUBLIC_CRITICISM, ACS_REASON_ABUSIVE_CONDUCT};
    for (size_t g = 0; g < sizeof(grounds) / sizeof(grounds[0]); g++) {
        int rc;
        if (step == 2) {
            rc = give_notice(l, now_ms, ACS_ROLE_MANAGEMENT, grounds[g], 0);
        } else {
            acs_level level = step == 0 ? ACS_LEVEL_WITHDRAWAL_ONLY : ACS_LEVEL_SUSPENDED;
            rc = place_hold(l, now_ms, RETALIATION_SLOT, level, ACS_ROLE_MANAGEMENT, grounds[g], 0);
        }
        if (rc != ACS_R_REASON_NEVER_VALID && rc != ACS_R_REASON_NOT_VALID) break;
    }
    if (step < 2) schedule(l, now_ms + 2 * SIM_MS_PER_HOUR, ACT_RETALIATE, incident, step + 1);
}

static int can_withdraw(const life *l)
{
    return acs_account_can(l->policy, &l->account, ACS_CAP_WITHDRAW) == 1;
}

static void user_close(life *l, int64_t now_ms)
{
    if (can_withdraw(l)) l->balance_cents = 0;
    acs_event event;
    event_init(&event, now_ms, ACS_EVENT_CLOSE, ACS_ROLE_USER, ACS_REASON_USER_REQUEST);
    if (l->balance_cents > 0) event.flags = ACS_EVENT_FUNDS_HELD;
    attempt(l, &event, 0, NULL);
}

/* A suspension and a closure notice, both by role for reason, for work
** that does not conclude within the run (sanctions, conduct). */
static void suspend_with_notice(life *l, int64_t now_ms, unsigned incident, acs_role role,
                                acs_reason reason)
{
    place_hold(l, now_ms, incident, ACS_LEVEL_SUSPENDED, role, reason, 1);
    follow(l, now_ms, incident, l->setup->end_ms);
    give_notice(l, now_ms, role, reason, 1);
}

/* The incident happens: the platform's first response. */
static void start(life *l, int64_t now_ms, unsigned incident)
{
    const sim_planned *planned = &l->plan->incidents[incident];
    int64_t done_ms = now_ms + planned->duration_ms;
    int64_t never = l->setup->end_ms;
    switch (planned->kind) {
    case SIM_INCIDENT_SUSPICIOUS:
        place_hold(l, now_ms, incident, ACS_LEVEL_FROZEN, ACS_ROLE_SYSTEM,
                   ACS_REASON_SUSPICIOUS_ACTIVITY, 1);
        follow(l, now_ms, incident, done_ms);
        break;
    case SIM_INCIDENT_LEGAL_ORDER:
        place_hold(l, now_ms, incident, ACS_LEVEL_FROZEN, ACS_ROLE_COMPLIANCE,
                   ACS_REASON_LEGAL_ORDER, 1);
        follow(l, now_ms, incident, done_ms);
        break;
    case SIM_INCIDENT_SANCTIONS:
        suspend_with_notice(l, now_ms, incident, ACS_ROLE_COMPLIANCE, ACS_REASON_SANCTIONS);
        break;
    case SIM_INCIDENT_KYC:
        place_hold(l, now_ms, incident, ACS_LEVEL_WITHDRAWAL_ONLY, ACS_ROLE_SYSTEM,
                   ACS_REASON_KYC_REFRESH, 0);
        follow(l, now_ms, incident, planned->cleared ? done_ms : never);
        if (!planned->cleared) schedule(l, now_ms + 60 * SIM_MS_PER_DAY, ACT_LATE_NOTICE, incident, 0);
        break;
    case SIM_INCIDENT_CONDUCT:
        suspend_with_notice(l, now_ms, incident, ACS_ROLE_MANAGEMENT, ACS_REASON_ABUSIVE_CONDUCT);
        break;
    case SIM_INCIDENT_DORMANCY:
        if (give_notice(l, now_ms, ACS_ROLE_COMPLIANCE, ACS_REASON_INACTIVITY, 0) == ACS_OK)
            l->dormant = 1;
        break;
    case SIM_INCIDENT_USER_CLOSE: user_close(l, now_ms); break;
    case SIM_INCIDENT_LEAK:
        l->balance_cents -= planned->loss_cents < l->balance_cents ? planned->loss_cents
                                                                   : l->balance_cents;
        schedule(l, now_ms + planned->detect_delay_ms, ACT_SECURE, incident, 0);
        if (planned->complains)
            schedule(l, now_ms + planned->complain_delay_ms, ACT_COMPLAIN, incident, 0);
        break;
    default: assert(0); break;
    }
}

static int closing(const life *l)
{
    acs_account_info info;
    return acs_account_info_get(&l->account, &info) == ACS_OK &&
           info.lifecycle == ACS_LIFECYCLE_CLOSING;
}

/* A day of the window at noon: the customer may take everything out. */
static void withdraw_day(life *l, int64_t now_ms)
{
    if (!closing(l) || l->balance_cents == 0) return;
    const sim_scenario *s = l->setup->scenario;
    double p = l->dormant ? s->dormant_withdraw_probability : s->withdraw_probability;
    uint64_t day = (uint64_t)((now_ms - s->start_ms) / SIM_MS_PER_DAY);
    if (can_withdraw(l) && sim_uniform(s->seed, l->plan->number, SIM_DRAW_WITHDRAW, day) < p)
        l->balance_cents = 0;
    if (l->balance_cents > 0) schedule(l, now_ms + SIM_MS_PER_DAY, ACT_WITHDRAW, 0, 0);
}

/* The window ended: the platform closes, saying whether funds remain. */
static void platform_close(life *l, int64_t now_ms)
{
    acs_account_info info;
    if (acs_account_info_get(&l->account, &info) != ACS_OK ||
        info.lifecycle != ACS_LIFECYCLE_CLOSING)
        return;
    acs_event event;
    event_init(&event, now_ms, ACS_EVENT_CLOSE, ACS_ROLE_COMPLIANCE,
               (acs_reason)info.notice_reason);
    if (l->balance_cents > 0) event.flags = ACS_EVENT_FUNDS_HELD;
    if (attempt(l, &event, 1, NULL) == ACS_OK) l->balance_cents = 0;
}

static void dispatch(life *l, const action *a)
{
    switch ((action_type)a->type) {
    case ACT_INCIDENT: start(l, a->time_ms, a->incident); break;
    case ACT_SECURE: {
        const sim_planned *planned = &l->plan->incidents[a->incident];
        place_hold(l, a->time_ms, a->incident, ACS_LEVEL_FROZEN, ACS_ROLE_SECURITY,
                   ACS_REASON_SECURITY_COMPROMISE, 1);
        follow(l, a->time_ms, a->incident, a->time_ms + planned->duration_ms);
        break;
    }
    case ACT_CONCLUDE: conclude(l, a->time_ms, a->incident); break;
    case ACT_EXTEND: extend(l, a->time_ms, a->incident); break;
    case ACT_APPEAL: appeal(l, a->time_ms, a->incident); break;
    case ACT_ANSWER: answer(l, a->time_ms, a->incident); break;
    case ACT_COMPLAIN:
        if (l->plan->incidents[a->incident].retaliated)
            schedule(l, a->time_ms + 2 * SIM_MS_PER_HOUR, ACT_RETALIATE, a->incident, 0);
        break;
    case ACT_RETALIATE: retaliate(l, a->time_ms, a->incident, a->step); break;
    case ACT_LATE_NOTICE:
        give_notice(l, a->time_ms, ACS_ROLE_COMPLIANCE, ACS_REASON_KYC_REFRESH, 1);
        break;
    case ACT_WITHDRAW: withdraw_day(l, a->time_ms); break;
    case ACT_CLOSE: platform_close(l, a->time_ms); break;
    }
}

/* The end of the run: the deadlines up to it, a spell still frozen, the
** appeals left unanswered past their deadline. */
static void finish(life *l)
{
    advance_to(l, l->setup->end_ms - 1);
    if (l->status == ACS_STATUS_FROZEN && l->frozen_since_ms >= 0)
        count_frozen_spell(l, l->setup->end_ms);
    acs_account_info info;
    if (acs_account_info_get(&l->account, &info) != ACS_OK) return;
    for (unsigned i = 0; i < info.appeal_count; i++)
        if (info.appeals[i].overdue) l->tally->appeals_unanswered++;
}

void sim_life_run(const sim_setup *setup, const acs_policy *policy, const sim_plan *plan,
                  sim_tally *tally)
{
    life l;
    memset(&l, 0, sizeof(l));
    l.setup = setup;
    l.policy = policy;
    l.plan = plan;
    l.tally = tally;
    l.frozen_since_ms = -1;
    l.balance_cents = plan->balance_cents;
    int64_t start_ms = setup->scenario->start_ms;
    acs_record record;
    /* Opened two days and verified one day before the run: ACTIVE on day 0. */
    int rc = acs_account_open(&l.account, plan->number + 1, start_ms - 2 * SIM_MS_PER_DAY, policy,
                              &record);
    assert(rc == ACS_OK);
    if (rc != ACS_OK) return;
    count_record(&l, &record);
    acs_event verify;
    event_init(&verify, start_ms - SIM_MS_PER_DAY, ACS_EVENT_VERIFY, ACS_ROLE_SYSTEM,
               ACS_REASON_REQUIREMENT_MET);
    attempt(&l, &verify, 0, NULL);
    for (uint32_t i = 0; i < plan->count; i++)
        schedule(&l, plan->incidents[i].time_ms, ACT_INCIDENT, i, 0);
    action next;
    while (take_next(&l, &next)) {
        if (l.status == ACS_STATUS_CLOSED) break;
        advance_to(&l, next.time_ms);
        if (l.status != ACS_STATUS_CLOSED) dispatch(&l, &next);
    }
    finish(&l);
}
