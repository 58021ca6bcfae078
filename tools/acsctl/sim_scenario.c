/*
** sim_scenario.c: the simulator's scenario: the default one, the text
** format a scenario file is written in, and the limits every scenario is
** checked against.
**
** A scenario file is plain text, one setting per line ("key value", or
** "incident NAME RATE"); "#" starts a comment that runs to the end of the
** line. A file sets only what it names: the rest keeps the default, which
** is itself a scenario text (default_text below, documented line by line).
*/
#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sim.h"

#define LINE_MAX_BYTES 256
#define RATE_MAX 1.0
#define MEAN_DAYS_MAX 3650.0
#define BALANCE_MEDIAN_MAX 1.0e9

static const char *const incident_names[SIM_INCIDENT_COUNT] = {
    "suspicious", "legal-order", "sanctions", "kyc", "conduct", "dormancy", "user-close",
};

const char *sim_incident_name(int incident)
{
    if (incident < 0 || incident >= SIM_INCIDENT_COUNT) return NULL;
    return incident_names[incident];
}

/* The default scenario, as a scenario file: `acsctl simulate
** --print-scenario` prints it, so that a user starts from it. */
static const char default_text[] =
    "# The default scenario of acsctl simulate. A file sets only what it\n"
    "# names; everything else keeps these values.\n"
    "accounts 100000\n"
    "days 365\n"
    "start 2026-01-01\n"
    "seed 1\n"
    "\n"
    "# Incidents, each with its rate per account and day.\n"
    "incident suspicious 0.0002    # the risk engine freezes; staff investigate\n"
    "incident legal-order 0.00001  # a court or agency orders a freeze\n"
    "incident sanctions 0.000002   # a sanctions match: suspension and notice\n"
    "incident kyc 0.0003           # identity papers to renew: withdrawal-only\n"
    "incident conduct 0.000005     # staff report threats: suspension and notice\n"
    "incident dormancy 0.0001      # a dormant account is given notice\n"
    "incident user-close 0.0002    # the customer closes the account\n"
    "\n"
    "# The credential leak: on leak-day (0-based) the API keys of leak-share\n"
    "# of the accounts leak through a third-party service; attackers drain\n"
    "# loss-share of those, taking loss-fraction of the balance.\n"
    "leak-day 30\n"
    "leak-share 0.02\n"
    "loss-share 0.5\n"
    "loss-fraction 0.8\n"
    "\n"
    "# Customers: a restricted customer appeals; a drained customer complains\n"
    "# in public; during a withdrawal window a customer takes everything out\n"
    "# on a given day with these probabilities (a dormant one rarely).\n"
    "appeal 0.6\n"
    "complain 0.3\n"
    "withdraw 0.3\n"
    "withdraw-dormant 0.02\n"
    "\n"
    "# Staff: the platform acts against a public complaint (retaliate);\n"
    "# investigations find nothing (cleared) and take investigation-days on\n"
    "# average (legal orders three times as long); appeals are answered in\n"
    "# answer-days on average.\n"
    "retaliate 0.5\n"
    "cleared 0.8\n"
    "investigation-days 10\n"
    "answer-days 10\n"
    "\n"
    "# Balances are log-normal around this median, in currency units.\n"
    "balance-median 2500\n";

const char *sim_scenario_default_text(void)
{
    return default_text;
}

void sim_scenario_default(sim_scenario *scenario)
{
    char error[SIM_ERROR_MAX];
    memset(scenario, 0, sizeof(*scenario));
    int rc = sim_scenario_parse(scenario, default_text, sizeof(default_text) - 1, error);
    assert(rc == 0);
    (void)rc;
}

/* A setting with a number in a range, stored as a double or an integer. */
typedef enum kind { KIND_PROBABILITY, KIND_MEAN_DAYS, KIND_MONEY, KIND_COUNT } kind;

typedef struct setting {
    const char *key;
    kind type;
    size_t offset;
} setting;

#define SETTING(key, type, field) {key, type, offsetof(sim_scenario, field)}
static const setting settings[] = {
    SETTING("leak-share", KIND_PROBABILITY, leak_share),
    SETTING("loss-share", KIND_PROBABILITY, loss_share),
    SETTING("loss-fraction", KIND_PROBABILITY, loss_fraction),
    SETTING("appeal", KIND_PROBABILITY, appeal_probability),
    SETTING("complain", KIND_PROBABILITY, complain_probability),
    SETTING("retaliate", KIND_PROBABILITY, retaliation_probability),
    SETTING("withdraw", KIND_PROBABILITY, withdraw_probability),
    SETTING("withdraw-dormant", KIND_PROBABILITY, dormant_withdraw_probability),
    SETTING("cleared", KIND_PROBABILITY, cleared_share),
    SETTING("investigation-days", KIND_MEAN_DAYS, investigation_days),
    SETTING("answer-days", KIND_MEAN_DAYS, answer_days),
    SETTING("balance-median", KIND_MONEY, balance_median),
};
#define SETTING_COUNT (sizeof(settings) / sizeof(settings[0]))

/* Writes a sentence into error; returns -1. */
static int refuse(char *error, const char *format, ...) __attribute__((format(printf, 2, 3)));
static int refuse(char *error, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(error, SIM_ERROR_MAX, format, args);
    va_end(args);
    return -1;
}

/* A decimal number, the whole word. */
static int parse_number(const char *word, double *value)
{
    char *end = NULL;
    if (word[0] == '\0' || word[0] == '+' || word[0] == ' ') return -1;
    double parsed = strtod(word, &end);
    if (end == word || *end != '\0' || !isfinite(parsed)) return -1;
    *value = parsed;
    return 0;
}

static int in_range(kind type, double value)
{
    switch (type) {
    case KIND_PROBABILITY: return value >= 0.0 && value <= 1.0;
    case KIND_MEAN_DAYS: return value > 0.0 && value <= MEAN_DAYS_MAX;
    case KIND_MONEY: return value > 0.0 && value <= BALANCE_MEDIAN_MAX;
    case KIND_COUNT: break;
    }
    return 0;
}

/* Applies "incident NAME RATE" split into words; 0 or -1 with a sentence
** in error. */
static int apply_incident(sim_scenario *scenario, char **words, int count, char *error)
{
    if (count != 3) return refuse(error, "incident takes a name and a rate");
    for (int i = 0; i < SIM_INCIDENT_COUNT; i++) {
        if (strcmp(words[1], incident_names[i]) != 0) continue;
        double value = 0.0;
        if (parse_number(words[2], &value) || !(value >= 0.0 && value <= RATE_MAX))
            return refuse(error, "the rate of %s must be 0 .. 1", words[1]);
        scenario->rate[i] = value;
        return 0;
    }
    return refuse(error, "no incident named '%.40s'", words[1]);
}

/* Applies "key value" for a key of the settings table; 0 or -1 with a
** sentence in error (also when no setting is named key). */
static int apply_setting(sim_scenario *scenario, const char *key, const char *word, char *error)
{
    for (size_t i = 0; i < SETTING_COUNT; i++) {
        if (strcmp(key, settings[i].key) != 0) continue;
        double value = 0.0;
        if (parse_number(word, &value) || !in_range(settings[i].type, value))
            return refuse(error, "%s: %.40s is out of range", key, word);
        memcpy((char *)scenario + settings[i].offset, &value, sizeof(value));
        return 0;
    }
    return refuse(error, "no setting named '%.40s'", key);
}

/* Applies one "key value..." line split into words; 0 or -1 with a
** sentence in error. */
static int apply_line(sim_scenario *scenario, char **words, int count, char *error)
{
    const char *key = words[0];
    if (strcmp(key, "incident") == 0) return apply_incident(scenario, words, count, error);
    if (count != 2) return refuse(error, "%.40s takes one value", key);
    const char *word = words[1];
    uint64_t number = 0;
    if (strcmp(key, "accounts") == 0) {
        if (cli_parse_u64(word, 1, SIM_ACCOUNTS_MAX, &number))
            return refuse(error, "accounts must be 1 .. %llu",
                            (unsigned long long)SIM_ACCOUNTS_MAX);
        scenario->accounts = number;
    } else if (strcmp(key, "days") == 0) {
        if (cli_parse_u64(word, 1, SIM_DAYS_MAX, &number))
            return refuse(error, "days must be 1 .. %d", SIM_DAYS_MAX);
        scenario->days = (uint32_t)number;
    } else if (strcmp(key, "leak-day") == 0) {
        if (cli_parse_u64(word, 0, SIM_DAYS_MAX - 1, &number))
            return refuse(error, "leak-day must be 0 .. %d", SIM_DAYS_MAX - 1);
        scenario->leak_day = (uint32_t)number;
    } else if (strcmp(key, "seed") == 0) {
        if (cli_parse_u64(word, 0, UINT64_MAX, &number))
            return refuse(error, "seed must be a whole number");
        scenario->seed = number;
    } else if (strcmp(key, "start") == 0) {
        int64_t start = 0;
        if (cli_parse_time(word, &start) || start % INT64_C(86400000) != 0 ||
            strchr(word, 'T') != NULL)
            return refuse(error, "start must be a date, YYYY-MM-DD");
        scenario->start_ms = start;
    } else {
        return apply_setting(scenario, key, word, error);
    }
    return 0;
}

/* Splits line (modified in place) into at most max words. */
static int split(char *line, char **words, int max)
{
    int count = 0;
    char *hash = strchr(line, '#');
    if (hash != NULL) *hash = '\0';
    for (char *p = line; *p != '\0';) {
        while (*p == ' ' || *p == '\t' || *p == '\r') *p++ = '\0';
        if (*p == '\0') break;
        if (count == max) return max + 1;
        words[count++] = p;
        while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r') p++;
    }
    return count;
}

int sim_scenario_parse(sim_scenario *scenario, const char *text, size_t length,
                       char error[SIM_ERROR_MAX])
{
    sim_scenario parsed = *scenario;
    size_t line_number = 0;
    for (size_t at = 0; at < length;) {
        line_number++;
        size_t end = at;
        while (end < length && text[end] != '\n') end++;
        char line[LINE_MAX_BYTES];
        char sentence[SIM_ERROR_MAX];
        if (end - at >= sizeof(line)) {
            snprintf(error, SIM_ERROR_MAX, "%zu: the line is longer than %d bytes", line_number,
                     LINE_MAX_BYTES - 1);
            return -1;
        }
        if (memchr(text + at, '\0', end - at) != NULL) {
            snprintf(error, SIM_ERROR_MAX, "%zu: the line holds a NUL byte", line_number);
            return -1;
        }
        memcpy(line, text + at, end - at);
        line[end - at] = '\0';
        at = end + 1;
        char *words[3];
        int count = split(line, words, 3);
        if (count == 0) continue;
        if (count > 3)
            snprintf(sentence, sizeof(sentence), "too many words");
        else if (apply_line(&parsed, words, count, sentence) == 0)
            continue;
        snprintf(error, SIM_ERROR_MAX, "%zu: %.120s", line_number, sentence);
        return -1;
    }
    if (sim_scenario_check(&parsed, error) != 0) return -1;
    *scenario = parsed;
    return 0;
}

int sim_scenario_check(const sim_scenario *scenario, char error[SIM_ERROR_MAX])
{
    if (scenario->accounts == 0 || scenario->accounts > SIM_ACCOUNTS_MAX) {
        snprintf(error, SIM_ERROR_MAX, "accounts must be 1 .. %llu",
                 (unsigned long long)SIM_ACCOUNTS_MAX);
        return -1;
    }
    if (scenario->days == 0 || scenario->days > SIM_DAYS_MAX) {
        snprintf(error, SIM_ERROR_MAX, "days must be 1 .. %d", SIM_DAYS_MAX);
        return -1;
    }
    if (scenario->leak_share > 0.0 && scenario->leak_day >= scenario->days) {
        snprintf(error, SIM_ERROR_MAX, "leak-day %u is past the last day (%u)",
                 (unsigned)scenario->leak_day, (unsigned)scenario->days - 1);
        return -1;
    }
    /* The run must end before the library's last time, with room for the
    ** longest period a policy can set after it. */
    int64_t end_ms = scenario->start_ms + (int64_t)scenario->days * INT64_C(86400000);
    if (scenario->start_ms < INT64_C(86400000) * 3 || end_ms > ACS_TIME_MAX_MS / 2) {
        snprintf(error, SIM_ERROR_MAX, "start must be a date from 1970-01-04 and before 3000");
        return -1;
    }
    return 0;
}
