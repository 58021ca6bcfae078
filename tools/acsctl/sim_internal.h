/*
** sim_internal.h: what the simulator's own files share and nothing else
** sees: one account's plan (its balance and the incidents that befall it,
** the same under every policy), the tallies a thread keeps per policy, and
** the functions that draw a plan and play it under a policy.
**
**   sim_plan.c    the random stream: each account's plan from the seed
**   sim_life.c    one account's life under one policy: what staff and the
**                 customer do, through the library, and what is counted
**   sim_engine.c  the population in threads, and the merge of the tallies
*/
#ifndef ACSCTL_SIM_INTERNAL_H
#define ACSCTL_SIM_INTERNAL_H

#include <stdint.h>

#include "acctstate.h"
#include "sim.h"

#define SIM_MS_PER_HOUR INT64_C(3600000)
#define SIM_MS_PER_DAY INT64_C(86400000)

/* Incidents drawn for one account over a run; a rare account past this
** keeps its first ones. Rates of a few in ten thousand per day make more
** than two a year unusual. */
#define SIM_INCIDENTS_MAX 8
/* The credential leak, as a plan's incident kind after the drawn ones. */
#define SIM_INCIDENT_LEAK SIM_INCIDENT_COUNT

/* One incident and every draw its playbook will need, made before any
** policy runs, so that every policy meets the same customer. */
typedef struct sim_planned {
    int64_t time_ms;          /* when it happens */
    int64_t duration_ms;      /* investigation, order, or time to comply */
    int64_t appeal_delay_ms;  /* from the restriction to the customer's appeal */
    int64_t answer_delay_ms;  /* from the appeal to the staff's answer */
    int64_t complain_delay_ms;/* from the leak to the public complaint */
    int64_t detect_delay_ms;  /* from the leak to the security freeze */
    uint64_t loss_cents;      /* taken by the attackers */
    uint8_t kind;             /* sim_incident or SIM_INCIDENT_LEAK */
    uint8_t cleared;          /* the investigation finds nothing; for KYC:
                                 the customer renews the papers */
    uint8_t appeals;          /* the customer appeals the restriction */
    uint8_t complains;        /* the customer complains in public */
    uint8_t retaliated;       /* the platform acts against the complaint */
    uint8_t reserved[3];
} sim_planned;

typedef struct sim_plan {
    uint64_t number;          /* the account's number in the population */
    uint64_t balance_cents;
    uint32_t count;
    sim_planned incidents[SIM_INCIDENTS_MAX + 1]; /* + the leak */
} sim_plan;

/* The counters a thread adds up for one policy; merged by addition. */
#define SIM_COUNTER_LIST(X)                                                     \
    X(holds_placed) X(holds_lifted) X(holds_lapsed) X(frozen_spells)           \
    X(windows_ended_with_funds) X(windows_funds_cents) X(closed_with_funds)    \
    X(appeals_made) X(appeals_answered) X(appeals_late) X(appeals_unanswered)  \
    X(never_valid_restrictions) X(events_applied) X(events_refused)            \
    X(deadlines_applied)

typedef struct sim_tally {
#define SIM_COUNTER_FIELD(name) uint64_t name;
    SIM_COUNTER_LIST(SIM_COUNTER_FIELD)
#undef SIM_COUNTER_FIELD
    int64_t *status_delta;    /* [day * ACS_STATUS_COUNT + status]: accounts
                                 entering (+) and leaving (-) on that day */
    uint64_t *frozen_hours;   /* histogram of spells frozen, by whole hours
                                 (0 .. days * 24) */
} sim_tally;

/* The draws of one run, fixed before it starts. */
typedef struct sim_setup {
    const sim_scenario *scenario;
    int64_t end_ms;           /* the end of the last day */
    double total_rate;        /* sum of the incident rates */
    uint64_t never_valid;     /* the consumer preset's never-valid reasons */
} sim_setup;

/* Fills *plan for account number (sim_plan.c). */
void sim_plan_draw(const sim_setup *setup, uint64_t number, sim_plan *plan);

/* A uniform draw in (0, 1) from (seed, account, purpose, index) alone. */
double sim_uniform(uint64_t seed, uint64_t account, unsigned purpose, uint64_t index);

/* Draw purposes that the life of an account needs during a run. */
#define SIM_DRAW_WITHDRAW 100u

/* Plays plan under policy, adding to *tally (sim_life.c). */
void sim_life_run(const sim_setup *setup, const acs_policy *policy, const sim_plan *plan,
                  sim_tally *tally);

#endif /* ACSCTL_SIM_INTERNAL_H */
