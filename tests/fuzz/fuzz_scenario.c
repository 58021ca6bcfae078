/*
** fuzz_scenario.c: a libFuzzer harness for the simulator of acsctl: its
** scenario file format (tools/acsctl/sim_scenario.c) and, on every scenario
** the parser accepts, a small run of the engine (sim_engine.c, sim_plan.c,
** sim_life.c) under the three presets.
**
** Any bytes are parsed over the default scenario. A refusal must leave the
** scenario untouched and say which line; an accepted scenario must pass
** the limits check and parse the same way twice. It then runs with its
** population cut to a few accounts (every other setting as parsed, rates of
** 1 included), with one thread and with three, and the results must be
** equal; on every day each policy must count every account once. Any
** breach aborts.
**
** Built like the other harnesses, with tools/acsctl/sim_scenario.c,
** sim_plan.c, sim_life.c, sim_engine.c and cli.c added (FUZZ_EXTRA_scenario
** in the Makefile); the seed corpus is tests/fuzz/corpus/scenario.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define ACCOUNTS_RUN 24 /* enough for several threads' chunks, cheap to run */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int condition)
{
    if (!condition) abort();
}

static void run_and_compare(const sim_scenario *scenario)
{
    acs_policy policies[3];
    for (int p = 0; p < 3; p++) require(acs_policy_preset(&policies[p], p + 1) == ACS_OK);
    sim_result one, three;
    char error[SIM_ERROR_MAX];
    require(sim_run(scenario, policies, 3, 1, NULL, &one, error) == 0);
    require(sim_run(scenario, policies, 3, 3, NULL, &three, error) == 0);
    require(memcmp(one.incidents, three.incidents, sizeof(one.incidents)) == 0);
    require(one.compromised == three.compromised && one.drained == three.drained);
    size_t cells = (size_t)scenario->days * ACS_STATUS_COUNT;
    for (int p = 0; p < 3; p++) {
        const sim_policy_result *a = &one.policies[p], *b = &three.policies[p];
        require(memcmp(a->accounts, b->accounts, cells * sizeof(uint64_t)) == 0);
        require(a->events_applied == b->events_applied && a->events_refused == b->events_refused);
        require(a->frozen_median_ms == b->frozen_median_ms && a->frozen_p95_ms == b->frozen_p95_ms);
        require(a->frozen_median_ms <= a->frozen_p95_ms);
        require(a->appeals_answered <= a->appeals_made);
        require(a->appeals_late <= a->appeals_answered);
        for (uint32_t day = 0; day < scenario->days; day++) {
            uint64_t total = 0;
            for (int s = 1; s < ACS_STATUS_COUNT; s++)
                total += a->accounts[(size_t)day * ACS_STATUS_COUNT + (size_t)s];
            require(total == scenario->accounts);
        }
    }
    sim_result_free(&one);
    sim_result_free(&three);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sim_scenario scenario, before, again;
    char error[SIM_ERROR_MAX];
    sim_scenario_default(&scenario);
    before = scenario;
    memset(error, 0, sizeof(error));
    if (sim_scenario_parse(&scenario, (const char *)data, size, error) != 0) {
        require(memcmp(&scenario, &before, sizeof(scenario)) == 0);
        require(error[0] != '\0');
        require(memchr(error, '\0', sizeof(error)) != NULL);
        return 0;
    }
    require(sim_scenario_check(&scenario, error) == 0);
    sim_scenario_default(&again);
    require(sim_scenario_parse(&again, (const char *)data, size, error) == 0);
    require(memcmp(&scenario, &again, sizeof(scenario)) == 0);
    if (scenario.accounts > ACCOUNTS_RUN) scenario.accounts = ACCOUNTS_RUN;
    run_and_compare(&scenario);
    return 0;
}
