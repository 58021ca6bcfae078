/*
** sim_engine.c: the population of a run. Accounts are handed out in chunks
** to worker threads; each thread draws an account's plan once, plays it
** under every policy, and adds what happened to tallies of its own. The
** tallies are then added together, which gives the same integers whatever
** the number of threads, and the accounts per status per day are the
** running sums of the day-by-day changes.
*/
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

#define CHUNK_ACCOUNTS 512 /* accounts a thread takes at once */

typedef struct worker {
    const sim_setup *setup;
    const acs_policy *policies;
    unsigned policy_count;
    uint64_t *next_chunk;       /* shared, taken with atomic adds */
    uint64_t chunk_count;
    sim_progress *progress;
    sim_tally tallies[SIM_POLICIES_MAX];
    uint64_t incidents[SIM_INCIDENT_COUNT + 1];
    uint64_t drained;
    pthread_t thread;
    int started;
} worker;

static size_t delta_slots(const sim_scenario *s)
{
    return (size_t)s->days * ACS_STATUS_COUNT;
}

static size_t hour_slots(const sim_scenario *s)
{
    return (size_t)s->days * 24u + 1u;
}

static int tally_init(sim_tally *tally, const sim_scenario *s)
{
    memset(tally, 0, sizeof(*tally));
    tally->status_delta = calloc(delta_slots(s), sizeof(int64_t));
    tally->frozen_hours = calloc(hour_slots(s), sizeof(uint64_t));
    return tally->status_delta != NULL && tally->frozen_hours != NULL ? 0 : -1;
}

static void tally_free(sim_tally *tally)
{
    free(tally->status_delta);
    free(tally->frozen_hours);
    tally->status_delta = NULL;
    tally->frozen_hours = NULL;
}

/* Adds from into into. */
static void tally_add(sim_tally *into, const sim_tally *from, const sim_scenario *s)
{
#define SIM_COUNTER_ADD(name) into->name += from->name;
    SIM_COUNTER_LIST(SIM_COUNTER_ADD)
#undef SIM_COUNTER_ADD
    for (size_t i = 0; i < delta_slots(s); i++) into->status_delta[i] += from->status_delta[i];
    for (size_t i = 0; i < hour_slots(s); i++) into->frozen_hours[i] += from->frozen_hours[i];
}

static void run_account(worker *w, uint64_t number)
{
    sim_plan plan;
    sim_plan_draw(w->setup, number, &plan);
    for (uint32_t i = 0; i < plan.count; i++) {
        w->incidents[plan.incidents[i].kind]++;
        if (plan.incidents[i].loss_cents > 0) w->drained++;
    }
    for (unsigned p = 0; p < w->policy_count; p++)
        sim_life_run(w->setup, &w->policies[p], &plan, &w->tallies[p]);
}

static void *work(void *argument)
{
    worker *w = argument;
    uint64_t accounts = w->setup->scenario->accounts;
    for (;;) {
        uint64_t chunk = __atomic_fetch_add(w->next_chunk, 1, __ATOMIC_RELAXED);
        if (chunk >= w->chunk_count) break;
        uint64_t first = chunk * CHUNK_ACCOUNTS;
        uint64_t last = first + CHUNK_ACCOUNTS < accounts ? first + CHUNK_ACCOUNTS : accounts;
        for (uint64_t number = first; number < last; number++) run_account(w, number);
        if (w->progress != NULL)
            __atomic_fetch_add(&w->progress->accounts_done, last - first, __ATOMIC_RELAXED);
    }
    return NULL;
}

/* The smallest whole hour at or below which at least share of the spells
** ended. */
static int64_t percentile_ms(const uint64_t *hours, size_t slots, uint64_t spells, double share)
{
    if (spells == 0) return 0;
    uint64_t rank = (uint64_t)((double)spells * share);
    if ((double)rank < (double)spells * share) rank++;
    if (rank == 0) rank = 1;
    uint64_t seen = 0;
    for (size_t h = 0; h < slots; h++) {
        seen += hours[h];
        if (seen >= rank) return (int64_t)h * SIM_MS_PER_HOUR;
    }
    return (int64_t)(slots - 1) * SIM_MS_PER_HOUR;
}

/* Writes one policy's merged tally into its result. */
static int fill_result(sim_policy_result *out, const acs_policy *policy, const sim_tally *total,
                       const sim_scenario *s)
{
    memset(out, 0, sizeof(*out));
    memcpy(out->name, policy->rules.name, sizeof(out->name));
    out->name[sizeof(out->name) - 1] = '\0';
#define SIM_COUNTER_COPY(name) out->name = total->name;
    SIM_COUNTER_LIST(SIM_COUNTER_COPY)
#undef SIM_COUNTER_COPY
    out->frozen_median_ms = percentile_ms(total->frozen_hours, hour_slots(s), total->frozen_spells, 0.5);
    out->frozen_p95_ms = percentile_ms(total->frozen_hours, hour_slots(s), total->frozen_spells, 0.95);
    out->accounts = calloc(delta_slots(s), sizeof(uint64_t));
    if (out->accounts == NULL) return -1;
    int64_t running[ACS_STATUS_COUNT] = {0};
    for (uint32_t day = 0; day < s->days; day++) {
        for (int status = 1; status < ACS_STATUS_COUNT; status++) {
            running[status] += total->status_delta[(size_t)day * ACS_STATUS_COUNT + (size_t)status];
            assert(running[status] >= 0);
            out->accounts[(size_t)day * ACS_STATUS_COUNT + (size_t)status] = (uint64_t)running[status];
        }
    }
    return 0;
}

static void workers_free(worker *workers, unsigned count)
{
    for (unsigned t = 0; t < count; t++)
        for (unsigned p = 0; p < SIM_POLICIES_MAX; p++) tally_free(&workers[t].tallies[p]);
    free(workers);
}

/* Starts the threads (the first worker runs in the caller's) and waits. */
static int run_workers(worker *workers, unsigned count)
{
    int failed = 0;
    for (unsigned t = 1; t < count; t++) {
        if (pthread_create(&workers[t].thread, NULL, work, &workers[t]) != 0) {
            failed = 1; /* the others take its share */
            continue;
        }
        workers[t].started = 1;
    }
    work(&workers[0]);
    for (unsigned t = 1; t < count; t++)
        if (workers[t].started) pthread_join(workers[t].thread, NULL);
    return failed;
}

static int merge(worker *workers, unsigned count, const acs_policy *policies, sim_result *result,
                 const sim_scenario *s)
{
    for (unsigned t = 1; t < count; t++) {
        for (unsigned p = 0; p < result->policy_count; p++)
            tally_add(&workers[0].tallies[p], &workers[t].tallies[p], s);
        for (int k = 0; k <= SIM_INCIDENT_COUNT; k++) workers[0].incidents[k] += workers[t].incidents[k];
        workers[0].drained += workers[t].drained;
    }
    for (int k = 0; k < SIM_INCIDENT_COUNT; k++) result->incidents[k] = workers[0].incidents[k];
    result->compromised = workers[0].incidents[SIM_INCIDENT_LEAK];
    result->drained = workers[0].drained;
    for (unsigned p = 0; p < result->policy_count; p++)
        if (fill_result(&result->policies[p], &policies[p], &workers[0].tallies[p], s) != 0)
            return -1;
    return 0;
}

int sim_run(const sim_scenario *scenario, const acs_policy *policies, unsigned count,
            unsigned threads, sim_progress *progress, sim_result *result,
            char error[SIM_ERROR_MAX])
{
    memset(result, 0, sizeof(*result));
    if (sim_scenario_check(scenario, error) != 0) return -1;
    if (count == 0 || count > SIM_POLICIES_MAX || threads == 0 || threads > SIM_THREADS_MAX) {
        snprintf(error, SIM_ERROR_MAX, "1 .. %d policies and 1 .. %d threads", SIM_POLICIES_MAX,
                 SIM_THREADS_MAX);
        return -1;
    }
    sim_setup setup;
    memset(&setup, 0, sizeof(setup));
    setup.scenario = scenario;
    setup.end_ms = scenario->start_ms + (int64_t)scenario->days * SIM_MS_PER_DAY;
    for (int k = 0; k < SIM_INCIDENT_COUNT; k++) setup.total_rate += scenario->rate[k];
    setup.never_valid = acs_preset_rules(ACS_PRESET_CONSUMER)->reasons_never_valid;

    uint64_t next_chunk = 0;
    uint64_t chunk_count = (scenario->accounts + CHUNK_ACCOUNTS - 1) / CHUNK_ACCOUNTS;
    if (threads > chunk_count) threads = (unsigned)chunk_count;
    worker *workers = calloc(threads, sizeof(worker));
    int failed = workers == NULL;
    for (unsigned t = 0; !failed && t < threads; t++) {
        worker *w = &workers[t];
        w->setup = &setup;
        w->policies = policies;
        w->policy_count = count;
        w->next_chunk = &next_chunk;
        w->chunk_count = chunk_count;
        w->progress = progress;
        for (unsigned p = 0; p < count && !failed; p++) failed = tally_init(&w->tallies[p], scenario) != 0;
    }
    if (!failed) {
        run_workers(workers, threads);
        result->days = scenario->days;
        result->policy_count = count;
        failed = merge(workers, threads, policies, result, scenario) != 0;
    }
    if (workers != NULL) workers_free(workers, threads);
    if (failed) {
        sim_result_free(result);
        snprintf(error, SIM_ERROR_MAX, "out of memory");
        return -1;
    }
    return 0;
}

void sim_result_free(sim_result *result)
{
    for (unsigned p = 0; p < SIM_POLICIES_MAX; p++) {
        free(result->policies[p].accounts);
        result->policies[p].accounts = NULL;
    }
}
