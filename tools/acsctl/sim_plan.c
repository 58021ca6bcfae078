/*
** sim_plan.c: the simulator's random stream. Every draw is a hash of (seed,
** account number, purpose, index), so an account's plan is the same
** whatever thread draws it and in whatever order, and the same under every
** policy. A plan is the account's balance and its incidents in time order,
** each with the draws its playbook will need.
*/
#include <assert.h>
#include <math.h>
#include <string.h>

#include "sim_internal.h"

/* Purposes of the draws of a plan. */
enum {
    DRAW_BALANCE_1 = 1,
    DRAW_BALANCE_2,
    DRAW_GAP,
    DRAW_KIND,
    DRAW_MINUTE,
    DRAW_CLEARED,
    DRAW_DURATION,
    DRAW_APPEALS,
    DRAW_APPEAL_DELAY,
    DRAW_ANSWER_DELAY,
    DRAW_LEAKED,
    DRAW_DRAINED,
    DRAW_DETECT,
    DRAW_COMPLAINS,
    DRAW_COMPLAIN_DELAY,
    DRAW_RETALIATED
};

#define BALANCE_SIGMA 1.5           /* spread of the log-normal balances */
#define BALANCE_MAX_CENTS 1.0e14    /* a trillion units: far past any account */
#define MINUTES_PER_DAY 1440.0

/* The finaliser of SplitMix64: a bijection that spreads every input bit. */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return x;
}

double sim_uniform(uint64_t seed, uint64_t account, unsigned purpose, uint64_t index)
{
    uint64_t x = mix(seed + UINT64_C(0x9e3779b97f4a7c15));
    x = mix(x ^ (account * UINT64_C(0xd1b54a32d192ed03)));
    x = mix(x ^ ((uint64_t)purpose << 40) ^ index);
    /* 53 random bits, centred in their interval: never 0, never 1. */
    return ((double)(x >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

/* An exponential draw with the given mean, in milliseconds, at least an
** hour and at most a year. */
static int64_t exponential_ms(double u, double mean_days)
{
    double days = -log(u) * mean_days;
    if (days > 365.0) days = 365.0;
    int64_t ms = (int64_t)(days * (double)SIM_MS_PER_DAY);
    return ms < SIM_MS_PER_HOUR ? SIM_MS_PER_HOUR : ms;
}

static uint64_t draw_balance(const sim_setup *setup, uint64_t number)
{
    const sim_scenario *s = setup->scenario;
    double u1 = sim_uniform(s->seed, number, DRAW_BALANCE_1, 0);
    double u2 = sim_uniform(s->seed, number, DRAW_BALANCE_2, 0);
    /* Box-Muller: a standard normal from two uniforms. */
    double normal = sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
    double cents = s->balance_median * 100.0 * exp(BALANCE_SIGMA * normal);
    if (cents > BALANCE_MAX_CENTS) cents = BALANCE_MAX_CENTS;
    return (uint64_t)cents;
}

/* The draws every incident carries; index tells incidents apart. */
static void draw_common(const sim_setup *setup, uint64_t number, uint64_t index,
                        sim_planned *incident)
{
    const sim_scenario *s = setup->scenario;
    uint64_t seed = s->seed;
    double mean = s->investigation_days;
    if (incident->kind == SIM_INCIDENT_LEGAL_ORDER) mean *= 3.0; /* orders outlast reviews */
    incident->cleared = sim_uniform(seed, number, DRAW_CLEARED, index) < s->cleared_share;
    incident->duration_ms = exponential_ms(sim_uniform(seed, number, DRAW_DURATION, index), mean);
    incident->appeals = sim_uniform(seed, number, DRAW_APPEALS, index) < s->appeal_probability;
    incident->appeal_delay_ms =
        exponential_ms(sim_uniform(seed, number, DRAW_APPEAL_DELAY, index), 2.0);
    incident->answer_delay_ms =
        exponential_ms(sim_uniform(seed, number, DRAW_ANSWER_DELAY, index), s->answer_days);
}

/* Which incident a draw u in (0, 1) picks, in proportion to the rates. */
static uint8_t pick_kind(const sim_scenario *s, double total, double u)
{
    double target = u * total;
    double sum = 0.0;
    for (int kind = 0; kind < SIM_INCIDENT_COUNT; kind++) {
        sum += s->rate[kind];
        if (target < sum) return (uint8_t)kind;
    }
    for (int kind = SIM_INCIDENT_COUNT - 1; kind > 0; kind--)
        if (s->rate[kind] > 0.0) return (uint8_t)kind;
    return 0;
}

/* The drawn incidents: the gap to the next is geometric with the total
** rate, so an account costs one draw per incident, not one per day. */
static void draw_incidents(const sim_setup *setup, sim_plan *plan)
{
    const sim_scenario *s = setup->scenario;
    double total = setup->total_rate;
    if (total <= 0.0) return;
    double log_stay = total >= 1.0 ? 0.0 : log1p(-total);
    int64_t day = -1;
    for (uint64_t index = 0; plan->count < SIM_INCIDENTS_MAX; index++) {
        double u = sim_uniform(s->seed, plan->number, DRAW_GAP, index);
        double gap = log_stay == 0.0 ? 0.0 : floor(log(u) / log_stay);
        if (gap >= (double)s->days) break;
        day += 1 + (int64_t)gap;
        if (day >= (int64_t)s->days) break;
        sim_planned *incident = &plan->incidents[plan->count++];
        memset(incident, 0, sizeof(*incident));
        incident->kind = pick_kind(s, total, sim_uniform(s->seed, plan->number, DRAW_KIND, index));
        double minute = floor(sim_uniform(s->seed, plan->number, DRAW_MINUTE, index) * MINUTES_PER_DAY);
        incident->time_ms = s->start_ms + day * SIM_MS_PER_DAY + (int64_t)minute * 60000;
        draw_common(setup, plan->number, index, incident);
    }
}

/* The leak: the account's keys leak on the leak day, maybe it is drained. */
static void draw_leak(const sim_setup *setup, sim_plan *plan)
{
    const sim_scenario *s = setup->scenario;
    uint64_t seed = s->seed;
    uint64_t n = plan->number;
    if (s->leak_share <= 0.0 || sim_uniform(seed, n, DRAW_LEAKED, 0) >= s->leak_share) return;
    sim_planned *incident = &plan->incidents[plan->count++];
    memset(incident, 0, sizeof(*incident));
    incident->kind = SIM_INCIDENT_LEAK;
    double minute = floor(sim_uniform(seed, n, DRAW_MINUTE, UINT64_MAX) * MINUTES_PER_DAY);
    incident->time_ms = s->start_ms + (int64_t)s->leak_day * SIM_MS_PER_DAY + (int64_t)minute * 60000;
    draw_common(setup, n, UINT64_MAX, incident);
    incident->cleared = 1; /* a leaked key is revoked; the account was not at fault */
    if (sim_uniform(seed, n, DRAW_DRAINED, 0) < s->loss_share)
        incident->loss_cents = (uint64_t)((double)plan->balance_cents * s->loss_fraction);
    /* The drained customer is the one who asks, appeals and complains. */
    incident->appeals = incident->appeals && incident->loss_cents > 0;
    incident->detect_delay_ms = SIM_MS_PER_HOUR + (int64_t)(sim_uniform(seed, n, DRAW_DETECT, 0) *
                                                            (double)(11 * SIM_MS_PER_HOUR));
    incident->complains = incident->loss_cents > 0 &&
                          sim_uniform(seed, n, DRAW_COMPLAINS, 0) < s->complain_probability;
    incident->complain_delay_ms =
        exponential_ms(sim_uniform(seed, n, DRAW_COMPLAIN_DELAY, 0), 2.0);
    incident->retaliated = sim_uniform(seed, n, DRAW_RETALIATED, 0) < s->retaliation_probability;
}

/* Sorts the incidents by time (a few, so by insertion). */
static void sort_by_time(sim_plan *plan)
{
    for (uint32_t i = 1; i < plan->count; i++) {
        sim_planned moving = plan->incidents[i];
        uint32_t j = i;
        while (j > 0 && plan->incidents[j - 1].time_ms > moving.time_ms) {
            plan->incidents[j] = plan->incidents[j - 1];
            j--;
        }
        plan->incidents[j] = moving;
    }
}

void sim_plan_draw(const sim_setup *setup, uint64_t number, sim_plan *plan)
{
    plan->number = number;
    plan->count = 0;
    plan->balance_cents = draw_balance(setup, number);
    draw_incidents(setup, plan);
    draw_leak(setup, plan);
    sort_by_time(plan);
    assert(plan->count <= SIM_INCIDENTS_MAX + 1);
    for (uint32_t i = 0; i < plan->count; i++) {
        assert(plan->incidents[i].time_ms >= setup->scenario->start_ms);
        assert(plan->incidents[i].time_ms < setup->end_ms);
    }
}
