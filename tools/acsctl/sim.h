/*
** sim.h: the policy simulator of `acsctl simulate`. A scenario (how many
** accounts, over how many days, how often each incident happens, how
** customers and staff behave) is played on a population of accounts under
** several policies, through the library, on the identical stream of
** incidents; the results are counted per policy.
**
**   sim_scenario.c  the scenario: its file format, its limits, the default
**   sim_engine.c    the accounts' lives under each policy, in threads
**   sim_report.c    the results as a table and as CSV
**   sim_chart.c     the results as an SVG chart, one panel per policy
**   simulate.c      the subcommand: options, progress bar, outputs
**
** Determinism: every random draw is a function of (seed, account number,
** purpose, day) alone, and every result is an integer sum, so the results
** are the same bytes for any number of threads.
*/
#ifndef ACSCTL_SIM_H
#define ACSCTL_SIM_H

#include <stdint.h>
#include <stdio.h>

#include "acctstate.h"

/* Limits, checked when a scenario is read and when a run starts. */
#define SIM_POLICIES_MAX 8
#define SIM_DAYS_MAX 3660                  /* ten years */
#define SIM_ACCOUNTS_MAX UINT64_C(100000000)
#define SIM_THREADS_MAX 64
#define SIM_ERROR_MAX 160                  /* a scenario error sentence, with NUL */

/* Incidents drawn per account and day, each at its own rate. */
typedef enum sim_incident {
    SIM_INCIDENT_SUSPICIOUS = 0, /* the risk engine sees suspicious activity */
    SIM_INCIDENT_LEGAL_ORDER = 1,/* a court or agency orders a freeze */
    SIM_INCIDENT_SANCTIONS = 2,  /* the customer matches a sanctions list */
    SIM_INCIDENT_KYC = 3,        /* the customer's identity papers must be renewed */
    SIM_INCIDENT_CONDUCT = 4,    /* staff report threats or harassment */
    SIM_INCIDENT_DORMANCY = 5,   /* the account has been dormant long enough */
    SIM_INCIDENT_USER_CLOSE = 6, /* the customer asks to close the account */
    SIM_INCIDENT_COUNT = 7
} sim_incident;

/* A scenario. Probabilities are 0 .. 1; rates are per account and day. */
typedef struct sim_scenario {
    uint64_t accounts;          /* 1 .. SIM_ACCOUNTS_MAX */
    uint32_t days;              /* 1 .. SIM_DAYS_MAX */
    int64_t start_ms;           /* midnight UTC of the first day */
    uint64_t seed;
    double rate[SIM_INCIDENT_COUNT];
    uint32_t leak_day;          /* the credential leak's day, 0-based; with
                                   leak_share 0 there is no leak */
    double leak_share;          /* accounts whose API keys leak */
    double loss_share;          /* of those, accounts the attackers drain */
    double loss_fraction;       /* of a drained account's balance, taken */
    double appeal_probability;  /* a restricted customer appeals */
    double complain_probability;/* a customer who lost funds complains in public */
    double retaliation_probability; /* the platform acts against a complaint */
    double withdraw_probability;/* daily, while a customer may withdraw during a
                                   withdrawal window */
    double dormant_withdraw_probability; /* the same for a dormant customer */
    double cleared_share;       /* investigations that find nothing */
    double investigation_days;  /* mean time staff take to finish one */
    double answer_days;         /* mean time staff take to answer an appeal */
    double balance_median;      /* a balance, in currency units */
} sim_scenario;

/* What one policy's run gave. Amounts are in cents. Times frozen are
** counted in whole hours (rounded up). */
typedef struct sim_policy_result {
    char name[ACS_POLICY_NAME_MAX];
    /* accounts[day * ACS_STATUS_COUNT + status]: accounts in each status at
    ** the end of each day (day 0 .. days - 1; slot 0 of each row unused). */
    uint64_t *accounts;
    uint64_t holds_placed;
    uint64_t holds_lifted;       /* by LIFT or an upheld appeal */
    uint64_t holds_lapsed;       /* their review deadline passed */
    uint64_t frozen_spells;      /* spells in status FROZEN; one still running
                                    at the end counts up to the end */
    int64_t frozen_median_ms;    /* 0 when there was no spell */
    int64_t frozen_p95_ms;
    uint64_t windows_ended_with_funds;
    uint64_t windows_funds_cents;  /* left in those accounts when their window ended */
    uint64_t closed_with_funds;    /* closed with funds moved to unclaimed funds */
    uint64_t appeals_made;
    uint64_t appeals_answered;
    uint64_t appeals_late;         /* answered after their deadline */
    uint64_t appeals_unanswered;   /* still open past their deadline at the end */
    uint64_t never_valid_restrictions; /* HOLD, NOTICE or CLOSE applied citing a
                                          reason the consumer preset names never
                                          valid */
    uint64_t events_applied;
    uint64_t events_refused;
    uint64_t deadlines_applied;    /* changes acs_advance made */
} sim_policy_result;

typedef struct sim_result {
    uint32_t days;
    uint32_t policy_count;
    uint64_t compromised;          /* accounts whose keys leaked (all policies) */
    uint64_t drained;              /* of those, accounts drained */
    uint64_t incidents[SIM_INCIDENT_COUNT];
    sim_policy_result policies[SIM_POLICIES_MAX];
} sim_result;

/* Progress of a run, read by another thread for the progress bar. */
typedef struct sim_progress {
    volatile uint64_t accounts_done; /* updated with atomic adds */
} sim_progress;

/* The default scenario (the one `acsctl simulate` runs with no file), and
** its text in the scenario file format. */
void sim_scenario_default(sim_scenario *scenario);
const char *sim_scenario_default_text(void);

/* Reads a scenario text over *scenario (which holds the defaults first: a
** file sets only what it names). Returns 0, or -1 with "LINE: sentence" in
** error. The format is described in sim_scenario.c and docs/acsctl.md. */
int sim_scenario_parse(sim_scenario *scenario, const char *text, size_t length,
                       char error[SIM_ERROR_MAX]);

/* Checks the limits; 0 or -1 with a sentence in error. */
int sim_scenario_check(const sim_scenario *scenario, char error[SIM_ERROR_MAX]);

/* The incident's name in scenario files ("suspicious", ...). */
const char *sim_incident_name(int incident);

/* Runs the scenario under policies[0 .. count - 1] with threads threads.
** result is filled (its arrays allocated); progress may be NULL. Returns 0,
** or -1 with a sentence in error (out of memory, a thread that failed). */
int sim_run(const sim_scenario *scenario, const acs_policy *policies, unsigned count,
            unsigned threads, sim_progress *progress, sim_result *result,
            char error[SIM_ERROR_MAX]);

/* Frees what sim_run allocated. */
void sim_result_free(sim_result *result);

/* Outputs. Each returns 0, or -1 when writing failed. */
int sim_report_table(FILE *out, const sim_scenario *scenario, const sim_result *result);
int sim_report_csv(FILE *out, const sim_scenario *scenario, const sim_result *result);
int sim_report_svg(FILE *out, const sim_scenario *scenario, const sim_result *result);

#endif /* ACSCTL_SIM_H */
