/*
** simulate.c: `acsctl simulate`, the policy simulator's command line: the
** options, the scenario file, the policies to compare, the progress bar
** (on stderr, only when stderr is a terminal), the run (sim_engine.c) and
** the outputs (sim_report.c, sim_chart.c). Everything it prints on stdout
** and writes to files depends on the scenario, the seed and the policies
** only, never on the number of threads or on the time the run took.
*/
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "sim.h"

#define PROGRESS_WIDTH 40
#define PROGRESS_PERIOD_NS 200000000L /* five redraws a second */

static const char usage_text[] =
    "usage: acsctl simulate [--policy POLICY]... [--scenario FILE] [--seed N]\n"
    "                       [--accounts N] [--days N] [--threads N]\n"
    "                       [--csv FILE] [--svg FILE] [--timing]\n"
    "       acsctl simulate --print-scenario\n"
    "\n"
    "Runs a population of accounts through the library under each POLICY, on\n"
    "the identical stream of incidents, and prints a table comparing them.\n"
    "\n"
    "  --policy POLICY   a preset name or a policy file; repeat to compare (at\n"
    "                    most 8); default: default, consumer and discretionary\n"
    "  --scenario FILE   a scenario file (see --print-scenario); default: the\n"
    "                    embedded default scenario\n"
    "  --seed N          the seed of every random draw (overrides the scenario)\n"
    "  --accounts N      the population (overrides the scenario)\n"
    "  --days N          the length of the run (overrides the scenario)\n"
    "  --threads N       worker threads, 1 .. 64; default: the processors online.\n"
    "                    The output is the same for every N\n"
    "  --csv FILE        every figure, and the accounts per status per day, as CSV\n"
    "  --svg FILE        a chart of the accounts per status over time, one panel\n"
    "                    per policy\n"
    "  --timing          print the run's speed (account-days per second) on stderr\n"
    "  --print-scenario  print the default scenario as a file to start from\n"
    "\n"
    "A progress bar is drawn on stderr when stderr is a terminal.\n"
    "Exit status: 0 done, 2 bad usage or bad input.\n";

typedef struct options {
    const char *policies[SIM_POLICIES_MAX];
    unsigned policy_count;
    const char *scenario_path;
    const char *seed;
    const char *accounts;
    const char *days;
    const char *threads;
    const char *csv_path;
    const char *svg_path;
    int timing;
    int print_scenario;
} options;

/* Reads the options; 0, or EXIT_BAD_INPUT after a message. */
static int read_options(int argc, char **argv, options *o)
{
    static const char *const valued[] = {"--scenario", "--seed", "--accounts", "--days",
                                         "--threads", "--csv", "--svg"};
    memset(o, 0, sizeof(*o));
    for (int i = 1; i < argc; i++) {
        const char *value = NULL;
        int found = cli_option("simulate", argc, argv, &i, "--policy", &value);
        if (found < 0) return EXIT_BAD_INPUT;
        if (found) {
            if (o->policy_count == SIM_POLICIES_MAX)
                return cli_usage_error("simulate", "at most %d policies", SIM_POLICIES_MAX);
            o->policies[o->policy_count++] = value;
            continue;
        }
        const char **slots[] = {&o->scenario_path, &o->seed, &o->accounts, &o->days,
                                &o->threads, &o->csv_path, &o->svg_path};
        size_t k = 0;
        for (; k < sizeof(valued) / sizeof(valued[0]); k++) {
            found = cli_option("simulate", argc, argv, &i, valued[k], &value);
            if (found < 0) return EXIT_BAD_INPUT;
            if (found) break;
        }
        if (found) {
            *slots[k] = value;
        } else if (strcmp(argv[i], "--timing") == 0) {
            o->timing = 1;
        } else if (strcmp(argv[i], "--print-scenario") == 0) {
            o->print_scenario = 1;
        } else {
            return cli_usage_error("simulate", "unknown argument '%s'", argv[i]);
        }
    }
    return 0;
}

/* The scenario: the default, the file over it, the options over both. */
static int load_scenario(const options *o, sim_scenario *scenario)
{
    char error[SIM_ERROR_MAX];
    uint64_t value = 0;
    sim_scenario_default(scenario);
    if (o->scenario_path != NULL) {
        char *text = NULL;
        size_t length = 0;
        int status = cli_read_file(o->scenario_path, &text, &length);
        if (status != 0) return status;
        int rc = sim_scenario_parse(scenario, text, length, error);
        free(text);
        if (rc != 0) /* "LINE: sentence", or a sentence about the whole file */
            return cli_error("%s:%s%s", o->scenario_path, error[0] >= '0' && error[0] <= '9' ? "" : " ",
                             error);
    }
    if (o->seed != NULL) {
        if (cli_parse_u64(o->seed, 0, UINT64_MAX, &value))
            return cli_usage_error("simulate", "--seed must be a whole number");
        scenario->seed = value;
    }
    if (o->accounts != NULL) {
        if (cli_parse_u64(o->accounts, 1, SIM_ACCOUNTS_MAX, &value))
            return cli_usage_error("simulate", "--accounts must be 1 .. %llu",
                                   (unsigned long long)SIM_ACCOUNTS_MAX);
        scenario->accounts = value;
    }
    if (o->days != NULL) {
        if (cli_parse_u64(o->days, 1, SIM_DAYS_MAX, &value))
            return cli_usage_error("simulate", "--days must be 1 .. %d", SIM_DAYS_MAX);
        scenario->days = (uint32_t)value;
    }
    if (sim_scenario_check(scenario, error) != 0) return cli_usage_error("simulate", "%s", error);
    return 0;
}

static unsigned default_threads(void)
{
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    if (online < 1) return 1;
    return online > SIM_THREADS_MAX ? SIM_THREADS_MAX : (unsigned)online;
}

/* ------------------------------------------------------------------------
** The progress bar: a thread redraws it on stderr until the run ends.
*/

typedef struct progress_bar {
    sim_progress progress;
    uint64_t total;
    int done;
    pthread_t thread;
} progress_bar;

static void draw_bar(uint64_t done, uint64_t total)
{
    unsigned filled = total == 0 ? PROGRESS_WIDTH : (unsigned)(done * PROGRESS_WIDTH / total);
    char bar[PROGRESS_WIDTH + 1];
    for (unsigned i = 0; i < PROGRESS_WIDTH; i++) bar[i] = i < filled ? '#' : '.';
    bar[PROGRESS_WIDTH] = '\0';
    fprintf(stderr, "\r[%s] %3u%% of %llu accounts", bar,
            total == 0 ? 100u : (unsigned)(done * 100 / total), (unsigned long long)total);
    fflush(stderr);
}

static void *redraw(void *argument)
{
    progress_bar *bar = argument;
    struct timespec period = {0, PROGRESS_PERIOD_NS};
    while (!__atomic_load_n(&bar->done, __ATOMIC_ACQUIRE)) {
        draw_bar(__atomic_load_n(&bar->progress.accounts_done, __ATOMIC_RELAXED), bar->total);
        nanosleep(&period, NULL);
    }
    return NULL;
}

static double seconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* Runs the simulation, with the progress bar when stderr is a terminal. */
static int run(const sim_scenario *scenario, const acs_policy *policies, unsigned count,
               unsigned threads, int timing, sim_result *result)
{
    char error[SIM_ERROR_MAX];
    progress_bar bar;
    memset(&bar, 0, sizeof(bar));
    bar.total = scenario->accounts;
    int drawing = isatty(STDERR_FILENO) &&
                  pthread_create(&bar.thread, NULL, redraw, &bar) == 0;
    double started = seconds_now();
    int rc = sim_run(scenario, policies, count, threads, &bar.progress, result, error);
    double seconds = seconds_now() - started;
    if (drawing) {
        __atomic_store_n(&bar.done, 1, __ATOMIC_RELEASE);
        pthread_join(bar.thread, NULL);
        draw_bar(bar.total, bar.total);
        fputc('\n', stderr);
    }
    if (rc != 0) return cli_error("simulate: %s", error);
    if (timing) {
        double account_days = (double)scenario->accounts * (double)scenario->days;
        fprintf(stderr,
                "simulate: %.0f account-days under %u policies in %.3f s with %u threads: "
                "%.1f million account-days per second\n",
                account_days, count, seconds, threads,
                seconds > 0.0 ? account_days / seconds / 1e6 : 0.0);
    }
    return 0;
}

/* Writes one output file with writer. */
static int write_output(const char *path, const sim_scenario *scenario, const sim_result *result,
                        int (*writer)(FILE *, const sim_scenario *, const sim_result *))
{
    FILE *file = fopen(path, "w");
    if (file == NULL) return cli_error("%s: %s", path, strerror(errno));
    int failed = writer(file, scenario, result) != 0;
    if (fclose(file) != 0) failed = 1;
    if (failed) return cli_error("%s: cannot write it", path);
    return 0;
}

static int outputs(const options *o, const sim_scenario *scenario, const sim_result *result)
{
    if (sim_report_table(stdout, scenario, result) != 0)
        return cli_error("simulate: cannot write to standard output");
    if (o->csv_path != NULL && write_output(o->csv_path, scenario, result, sim_report_csv) != 0)
        return EXIT_BAD_INPUT;
    if (o->svg_path != NULL && write_output(o->svg_path, scenario, result, sim_report_svg) != 0)
        return EXIT_BAD_INPUT;
    return EXIT_OK;
}

int cmd_simulate(int argc, char **argv)
{
    if (argc == 2 && cli_is_help(argv[1])) {
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    options o;
    int status = read_options(argc, argv, &o);
    if (status != 0) return status;
    if (o.print_scenario) {
        if (argc != 2) return cli_usage_error("simulate", "--print-scenario takes no other option");
        fputs(sim_scenario_default_text(), stdout);
        return EXIT_OK;
    }
    sim_scenario scenario;
    status = load_scenario(&o, &scenario);
    if (status != 0) return status;
    uint64_t threads = default_threads();
    if (o.threads != NULL && cli_parse_u64(o.threads, 1, SIM_THREADS_MAX, &threads))
        return cli_usage_error("simulate", "--threads must be 1 .. %d", SIM_THREADS_MAX);
    if (o.policy_count == 0) { /* every preset, in order */
        const char *preset;
        while (o.policy_count < SIM_POLICIES_MAX &&
               (preset = cli_preset_name(o.policy_count)) != NULL)
            o.policies[o.policy_count++] = preset;
    }
    acs_policy policies[SIM_POLICIES_MAX];
    for (unsigned i = 0; i < o.policy_count; i++) {
        status = cli_load_policy(o.policies[i], &policies[i]);
        if (status != 0) return status;
    }
    sim_result result;
    status = run(&scenario, policies, o.policy_count, (unsigned)threads, o.timing, &result);
    if (status != 0) return status;
    status = outputs(&o, &scenario, &result);
    sim_result_free(&result);
    return status;
}
