/*
** sim_report.c: the results of `acsctl simulate` as text (see sim.h). The
** table is for a terminal: the scenario, then one column per policy with
** its totals, then the accounts per status on a few chosen days. The CSV is
** for other programs: one row per (policy, day, metric, value).
**
** Both are pure functions of the scenario and the result: integers only,
** no clock, no locale, so identical inputs give identical bytes. Every
** metric is a row of the metrics table below; adding one is adding a row.
*/
#include "cli.h"
#include "sim.h"

#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#define MS_PER_DAY INT64_C(86400000)
#define MS_PER_HOUR INT64_C(3600000)
#define TABLE_WIDTH 100     /* columns of the table, at most */
#define COLUMNS_MAX 4       /* policy columns side by side, at most */
#define CELL_MAX CLI_COUNT_TEXT_MAX /* one formatted value, with NUL */
#define SAMPLES_MAX 8       /* days shown in "accounts per status" */
#define NOTE_MAX 64         /* why a day is shown, e.g. "leak + 7" */

/* How a metric's value is stored and printed. */
typedef enum metric_kind {
    METRIC_HEADING, /* no value: a group's title */
    METRIC_COUNT,   /* uint64_t, a count */
    METRIC_CENTS,   /* uint64_t, an amount in cents */
    METRIC_HOURS    /* int64_t, a time frozen in ms (whole hours) */
} metric_kind;

typedef struct metric {
    metric_kind kind;
    const char *label; /* in the table */
    const char *name;  /* in the CSV; NULL for a heading */
    size_t offset;     /* of the field in sim_policy_result */
} metric;

#define FIELD(f) offsetof(sim_policy_result, f)
static const metric metrics[] = {
    {METRIC_HEADING, "Holds", NULL, 0},
    {METRIC_COUNT, "  placed", "holds.placed", FIELD(holds_placed)},
    {METRIC_COUNT, "  lifted (LIFT or upheld appeal)", "holds.lifted", FIELD(holds_lifted)},
    {METRIC_COUNT, "  lapsed (review deadline passed)", "holds.lapsed", FIELD(holds_lapsed)},
    {METRIC_HEADING, "Frozen", NULL, 0},
    {METRIC_COUNT, "  spells", "frozen.spells", FIELD(frozen_spells)},
    {METRIC_HOURS, "  time frozen, median", "frozen.median_hours", FIELD(frozen_median_ms)},
    {METRIC_HOURS, "  time frozen, 95th percentile", "frozen.p95_hours", FIELD(frozen_p95_ms)},
    {METRIC_HEADING, "Closing", NULL, 0},
    {METRIC_COUNT, "  windows ended with funds", "windows.ended_with_funds",
     FIELD(windows_ended_with_funds)},
    {METRIC_CENTS, "  funds left in them", "windows.funds_left", FIELD(windows_funds_cents)},
    {METRIC_COUNT, "  closed, funds to unclaimed", "closed_with_funds", FIELD(closed_with_funds)},
    {METRIC_HEADING, "Appeals", NULL, 0},
    {METRIC_COUNT, "  made", "appeals.made", FIELD(appeals_made)},
    {METRIC_COUNT, "  answered", "appeals.answered", FIELD(appeals_answered)},
    {METRIC_COUNT, "  answered late", "appeals.late", FIELD(appeals_late)},
    {METRIC_COUNT, "  unanswered past deadline", "appeals.unanswered", FIELD(appeals_unanswered)},
    {METRIC_HEADING, "Restrictions", NULL, 0},
    {METRIC_COUNT, "  citing a never-valid reason", "restrictions.never_valid_reason",
     FIELD(never_valid_restrictions)},
    {METRIC_HEADING, "Library calls", NULL, 0},
    {METRIC_COUNT, "  events applied", "events.applied", FIELD(events_applied)},
    {METRIC_COUNT, "  events refused", "events.refused", FIELD(events_refused)},
    {METRIC_COUNT, "  deadlines applied", "deadlines.applied", FIELD(deadlines_applied)},
};
#undef FIELD
#define METRIC_COUNT_ALL (sizeof(metrics) / sizeof(metrics[0]))

/* A day shown in "accounts per status", and why. */
typedef struct sample {
    uint32_t day;
    char note[NOTE_MAX];
} sample;

/* How the table's columns are laid out: label, then blocks of policies. */
typedef struct layout {
    int label_width;
    int cell_width[SIM_POLICIES_MAX];
    uint32_t blocks;                         /* block b is policies */
    uint32_t block_start[SIM_POLICIES_MAX + 1]; /* [block_start[b], block_start[b + 1]) */
} layout;

static int write_failed(FILE *out)
{
    return fflush(out) != 0 || ferror(out) ? -1 : 0;
}

/* Cents as currency units: "1,234,567.89". */
static void format_cents(char buf[CELL_MAX], uint64_t cents)
{
    cli_format_count(cents / 100u, buf);
    size_t at = strlen(buf);
    snprintf(buf + at, CELL_MAX - at, ".%02u", (unsigned)(cents % 100u));
}

/* A time frozen: "14d 3h", "5h"; "-" when there was no spell. */
static void format_hours(char buf[CELL_MAX], int64_t ms, uint64_t spells)
{
    if (spells == 0 || ms < 0) {
        snprintf(buf, CELL_MAX, "-");
        return;
    }
    uint64_t hours = (uint64_t)((ms + MS_PER_HOUR - 1) / MS_PER_HOUR);
    if (hours < 24)
        snprintf(buf, CELL_MAX, "%" PRIu64 "h", hours);
    else
        snprintf(buf, CELL_MAX, "%" PRIu64 "d %" PRIu64 "h", hours / 24u, hours % 24u);
}

static uint64_t field_u64(const sim_policy_result *policy, const metric *m)
{
    uint64_t value;
    memcpy(&value, (const char *)policy + m->offset, sizeof value);
    return value;
}

static int64_t field_i64(const sim_policy_result *policy, const metric *m)
{
    int64_t value;
    memcpy(&value, (const char *)policy + m->offset, sizeof value);
    return value;
}

/* A metric's value as the table prints it; "" for a heading. */
static void table_cell(char buf[CELL_MAX], const sim_policy_result *policy, const metric *m)
{
    switch (m->kind) {
    case METRIC_COUNT: cli_format_count(field_u64(policy, m), buf); break;
    case METRIC_CENTS: format_cents(buf, field_u64(policy, m)); break;
    case METRIC_HOURS: format_hours(buf, field_i64(policy, m), policy->frozen_spells); break;
    default: buf[0] = '\0'; break;
    }
}

/* A metric's value as the CSV writes it: plain digits, currency units with
** two decimals, whole hours; empty for a time frozen with no spell. */
static void csv_cell(char buf[CELL_MAX], const sim_policy_result *policy, const metric *m)
{
    uint64_t value = m->kind == METRIC_HOURS ? 0 : field_u64(policy, m);
    int64_t ms = m->kind == METRIC_HOURS ? field_i64(policy, m) : 0;
    if (m->kind == METRIC_CENTS)
        snprintf(buf, CELL_MAX, "%" PRIu64 ".%02u", value / 100u, (unsigned)(value % 100u));
    else if (m->kind == METRIC_HOURS && (policy->frozen_spells == 0 || ms < 0))
        buf[0] = '\0';
    else if (m->kind == METRIC_HOURS)
        snprintf(buf, CELL_MAX, "%" PRId64, (ms + MS_PER_HOUR - 1) / MS_PER_HOUR);
    else
        snprintf(buf, CELL_MAX, "%" PRIu64, value);
}

static int64_t first_day(const sim_scenario *scenario)
{
    return scenario->start_ms > 0 ? scenario->start_ms / MS_PER_DAY : 0;
}

static void format_day(char buf[CLI_TIME_TEXT_MAX], const sim_scenario *scenario, uint32_t day)
{
    cli_format_date(first_day(scenario) + (int64_t)day, buf);
}

static int has_leak(const sim_scenario *scenario, const sim_result *result)
{
    return scenario->leak_share > 0.0 && scenario->leak_day < result->days;
}

static uint64_t accounts_on(const sim_policy_result *policy, uint32_t day, int status)
{
    return policy->accounts[(size_t)day * ACS_STATUS_COUNT + (size_t)status];
}

/* Adds day to the samples (kept in order, without duplicates); a day
** already there gets note appended to its own. */
static void add_sample(sample *samples, uint32_t *count, uint32_t day, const char *note)
{
    uint32_t at = 0;
    while (at < *count && samples[at].day < day) at++;
    if (at < *count && samples[at].day == day) {
        size_t used = strlen(samples[at].note);
        if (note[0] != '\0')
            snprintf(samples[at].note + used, NOTE_MAX - used, "%s%s", used > 0 ? ", " : "", note);
        return;
    }
    memmove(samples + at + 1, samples + at, (*count - at) * sizeof *samples);
    samples[at].day = day;
    snprintf(samples[at].note, NOTE_MAX, "%s", note);
    (*count)++;
}

/* The days "accounts per status" shows: first, leak, leak + 7, leak + 30,
** last; with no leak, five days evenly spaced. */
static uint32_t choose_samples(const sim_scenario *scenario, const sim_result *result,
                               sample samples[SAMPLES_MAX])
{
    uint32_t count = 0;
    uint32_t last = result->days - 1;
    add_sample(samples, &count, 0, "first day");
    if (has_leak(scenario, result)) {
        static const struct { uint32_t after; const char *note; } marks[] = {
            {0, "credential leak"}, {7, "leak + 7"}, {30, "leak + 30"}};
        for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
            if (scenario->leak_day + marks[i].after <= last)
                add_sample(samples, &count, scenario->leak_day + marks[i].after, marks[i].note);
    } else {
        for (uint32_t quarter = 1; quarter < 4; quarter++)
            if ((uint32_t)((uint64_t)last * quarter / 4u) > 0)
                add_sample(samples, &count, (uint32_t)((uint64_t)last * quarter / 4u), "");
    }
    if (last > 0) add_sample(samples, &count, last, "last day");
    return count;
}

/* Appends "word" to a line wrapped at TABLE_WIDTH, the continuation lines
** indented by indent; *column is where the line is. */
static void put_wrapped(FILE *out, int *column, int indent, const char *word)
{
    int length = (int)strlen(word);
    if (*column > indent && *column + 1 + length > TABLE_WIDTH) {
        fprintf(out, "\n%*s", indent, "");
        *column = indent;
    } else if (*column > indent) {
        fputc(' ', out);
        (*column)++;
    }
    fputs(word, out);
    *column += length;
}

static void print_scenario(FILE *out, const sim_scenario *scenario, const sim_result *result)
{
    char accounts[CELL_MAX];
    char first[CLI_TIME_TEXT_MAX];
    char last[CLI_TIME_TEXT_MAX];
    cli_format_count(scenario->accounts, accounts);
    format_day(first, scenario, 0);
    format_day(last, scenario, result->days - 1);
    fprintf(out, "Simulation: %s accounts, %" PRIu32 " day%s (%s to %s), seed %" PRIu64 "\n",
            accounts, result->days, result->days == 1 ? "" : "s", first, last, scenario->seed);
    if (has_leak(scenario, result)) {
        char date[CLI_TIME_TEXT_MAX];
        char compromised[CELL_MAX];
        char drained[CELL_MAX];
        /* the share in hundredths of a percent, rounded */
        uint64_t share = (uint64_t)(scenario->leak_share * 10000.0 + 0.5);
        format_day(date, scenario, scenario->leak_day);
        cli_format_count(result->compromised, compromised);
        cli_format_count(result->drained, drained);
        fprintf(out,
                "Credential leak: %s (day %" PRIu32 "), keys of %" PRIu64 ".%02u%% of accounts\n",
                date, scenario->leak_day, share / 100u, (unsigned)(share % 100u));
        fprintf(out, "  %s accounts compromised, %s of them drained\n", compromised, drained);
    } else if (scenario->leak_share > 0.0) {
        fprintf(out, "Credential leak: day %" PRIu32 ", after the last day\n", scenario->leak_day);
    } else {
        fputs("Credential leak: none\n", out);
    }
    int column = fprintf(out, "Incidents: ");
    for (int i = 0; i < SIM_INCIDENT_COUNT; i++) {
        char count[CELL_MAX];
        char word[CELL_MAX + 40];
        cli_format_count(result->incidents[i], count);
        const char *name = sim_incident_name(i);
        snprintf(word, sizeof word, "%s %s%s", name != NULL ? name : "?", count,
                 i + 1 < SIM_INCIDENT_COUNT ? "," : "");
        put_wrapped(out, &column, 11, word);
    }
    fputc('\n', out);
}

/* A policy's column: its name or its widest value, and a margin. */
static int column_width(const sim_policy_result *policy, const sample *samples, uint32_t sampled)
{
    char cell[CELL_MAX];
    int width = (int)strnlen(policy->name, ACS_POLICY_NAME_MAX);
    for (size_t m = 0; m < METRIC_COUNT_ALL; m++) {
        table_cell(cell, policy, &metrics[m]);
        if ((int)strlen(cell) > width) width = (int)strlen(cell);
    }
    for (uint32_t s = 0; s < sampled; s++)
        for (int status = ACS_STATUS_ACTIVE; status < ACS_STATUS_COUNT; status++) {
            cli_format_count(accounts_on(policy, samples[s].day, status), cell);
            if ((int)strlen(cell) > width) width = (int)strlen(cell);
        }
    return width < 8 ? 11 : width + 3;
}

/* The widest label decides the first column; then as many policies side
** by side as fit in TABLE_WIDTH (1 .. COLUMNS_MAX in a block). */
static void choose_layout(layout *lay, const sim_result *result, const sample *samples,
                          uint32_t sampled)
{
    lay->label_width = (int)strlen("  WITHDRAWAL_ONLY");
    for (size_t m = 0; m < METRIC_COUNT_ALL; m++)
        if ((int)strlen(metrics[m].label) > lay->label_width)
            lay->label_width = (int)strlen(metrics[m].label);
    lay->label_width += 2;
    lay->blocks = 0;
    int used = TABLE_WIDTH;
    for (uint32_t p = 0; p < result->policy_count; p++) {
        lay->cell_width[p] = column_width(&result->policies[p], samples, sampled);
        uint32_t in_block = lay->blocks > 0 ? p - lay->block_start[lay->blocks - 1] : 0;
        if (lay->blocks == 0 || in_block == COLUMNS_MAX ||
            used + lay->cell_width[p] > TABLE_WIDTH) {
            lay->block_start[lay->blocks++] = p;
            used = lay->label_width;
        }
        used += lay->cell_width[p];
    }
    lay->block_start[lay->blocks] = result->policy_count;
}

/* The policies' names over their columns, under a section's title. */
static void print_names(FILE *out, const sim_result *result, const layout *lay, uint32_t from,
                        uint32_t to, const char *title)
{
    fprintf(out, "\n%-*s", lay->label_width, title);
    for (uint32_t p = from; p < to; p++)
        fprintf(out, "%*.*s", lay->cell_width[p], ACS_POLICY_NAME_MAX - 1,
                result->policies[p].name);
    fputc('\n', out);
}

static void print_totals(FILE *out, const sim_result *result, const layout *lay, uint32_t from,
                         uint32_t to)
{
    char cell[CELL_MAX];
    print_names(out, result, lay, from, to, "Totals");
    for (size_t m = 0; m < METRIC_COUNT_ALL; m++) {
        if (metrics[m].kind == METRIC_HEADING) {
            fprintf(out, "%s\n", metrics[m].label);
            continue;
        }
        fprintf(out, "%-*s", lay->label_width, metrics[m].label);
        for (uint32_t p = from; p < to; p++) {
            table_cell(cell, &result->policies[p], &metrics[m]);
            fprintf(out, "%*s", lay->cell_width[p], cell);
        }
        fputc('\n', out);
    }
}

/* Statuses no policy ever had on a shown day are left out; ACTIVE stays. */
static int status_shown(const sim_result *result, const sample *samples, uint32_t sampled,
                        int status)
{
    if (status == ACS_STATUS_ACTIVE) return 1;
    for (uint32_t p = 0; p < result->policy_count; p++)
        for (uint32_t s = 0; s < sampled; s++)
            if (accounts_on(&result->policies[p], samples[s].day, status) != 0) return 1;
    return 0;
}

static void print_statuses(FILE *out, const sim_scenario *scenario, const sim_result *result,
                           const layout *lay, const sample *samples, uint32_t sampled,
                           uint32_t from, uint32_t to)
{
    char cell[CELL_MAX];
    char date[CLI_TIME_TEXT_MAX];
    print_names(out, result, lay, from, to, "Accounts per status, end of day");
    for (uint32_t s = 0; s < sampled; s++) {
        format_day(date, scenario, samples[s].day);
        fprintf(out, "%s, day %" PRIu32 "%s%s%s\n", date, samples[s].day,
                samples[s].note[0] ? " (" : "", samples[s].note, samples[s].note[0] ? ")" : "");
        for (int status = ACS_STATUS_ACTIVE; status < ACS_STATUS_COUNT; status++) {
            if (!status_shown(result, samples, sampled, status)) continue;
            fprintf(out, "  %-*s", lay->label_width - 2, acs_status_name(status));
            for (uint32_t p = from; p < to; p++) {
                cli_format_count(accounts_on(&result->policies[p], samples[s].day, status), cell);
                fprintf(out, "%*s", lay->cell_width[p], cell);
            }
            fputc('\n', out);
        }
    }
}

int sim_report_table(FILE *out, const sim_scenario *scenario, const sim_result *result)
{
    sample samples[SAMPLES_MAX];
    if (result->days == 0) return -1;
    uint32_t sampled = choose_samples(scenario, result, samples);
    layout lay;
    choose_layout(&lay, result, samples, sampled);
    print_scenario(out, scenario, result);
    for (uint32_t b = 0; b < lay.blocks; b++)
        print_totals(out, result, &lay, lay.block_start[b], lay.block_start[b + 1]);
    for (uint32_t b = 0; b < lay.blocks; b++)
        print_statuses(out, scenario, result, &lay, samples, sampled, lay.block_start[b],
                       lay.block_start[b + 1]);
    return write_failed(out);
}

/* A policy name as a CSV field: quoted when it holds a comma, a quote or a
** line break, its quotes doubled. */
static void csv_field(char *buf, size_t size, const char *text)
{
    size_t length = strnlen(text, ACS_POLICY_NAME_MAX - 1);
    int quote = strcspn(text, ",\"\r\n") < length;
    size_t at = 0;
    if (quote) buf[at++] = '"';
    for (size_t i = 0; i < length && at + 3 < size; i++) {
        if (text[i] == '"') buf[at++] = '"';
        buf[at++] = text[i];
    }
    if (quote) buf[at++] = '"';
    buf[at] = '\0';
}

static void csv_policy(FILE *out, const sim_scenario *scenario, const sim_result *result,
                       const sim_policy_result *policy)
{
    char name[2 * ACS_POLICY_NAME_MAX + 3];
    char date[CLI_TIME_TEXT_MAX];
    char cell[CELL_MAX];
    csv_field(name, sizeof name, policy->name);
    for (uint32_t day = 0; day < result->days; day++) {
        format_day(date, scenario, day);
        for (int status = ACS_STATUS_ACTIVE; status < ACS_STATUS_COUNT; status++)
            fprintf(out, "%s,%" PRIu32 ",%s,status.%s,%" PRIu64 "\n", name, day, date,
                    acs_status_name(status), accounts_on(policy, day, status));
    }
    uint32_t last = result->days - 1;
    format_day(date, scenario, last);
    for (size_t m = 0; m < METRIC_COUNT_ALL; m++) {
        if (metrics[m].kind == METRIC_HEADING) continue;
        csv_cell(cell, policy, &metrics[m]);
        fprintf(out, "%s,%" PRIu32 ",%s,%s,%s\n", name, last, date, metrics[m].name, cell);
    }
}

int sim_report_csv(FILE *out, const sim_scenario *scenario, const sim_result *result)
{
    if (result->days == 0) return -1;
    fputs("policy,day,date,metric,value\n", out);
    for (uint32_t p = 0; p < result->policy_count; p++) {
        csv_policy(out, scenario, result, &result->policies[p]);
        if (ferror(out)) break;
    }
    return write_failed(out);
}
