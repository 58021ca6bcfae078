/*
** sim_chart.c: the results of `acsctl simulate` as an SVG chart (see
** sim.h): one panel per policy, each with a line per restricted status
** (every status but ACTIVE) over the days of the run, and ACTIVE's share
** written above the panel, since nearly every account stays ACTIVE. All
** panels share one y scale, so their heights compare; a log scale is used
** when a linear one would flatten the smaller lines. The credential leak
** is a dashed vertical line.
**
** The chart is a pure function of the scenario and the result: positions
** are integers in tenths of a pixel, printed without the locale, and the
** one logarithm is computed here from + - * / alone.
*/
#include "cli.h"
#include "sim.h"

#include <inttypes.h>
#include <string.h>

/* Layout, in pixels. */
#define WIDTH 1000
#define HEADER 96          /* title, subtitle and legend */
#define FOOTER 8
#define PANEL_HEIGHT 250
#define PLOT_LEFT 74       /* from the panel's left edge: room for y labels */
#define PLOT_RIGHT 26      /* from the panel's right edge */
#define PLOT_TOP 54        /* below the panel's title and ACTIVE line */
#define PLOT_BOTTOM 42     /* above the panel's bottom: two lines of x labels */
#define TICK_GAP_MIN 52    /* between x tick labels, at least */
#define Y_TICK_GAP_MIN 11  /* between y tick labels, at least */
#define POINTS_MAX 1000    /* per line; longer runs take each bucket's maximum */
#define LEAK_LABEL "credential leak"
#define LEAK_LABEL_WIDTH 92

/* A position in tenths of a pixel, printed as "123.4". */
#define TP "%ld.%ld"
#define TV(t) (long)(t) / 10, (long)(t) % 10

/* The restricted statuses, in order of strictness (the legend's and the
** drawing's), with their colours (from the Okabe-Ito palette, which
** colour-blind readers tell apart) and dashes. */
static const struct {
    int status;
    const char *colour;
    const char *dash; /* stroke-dasharray, or NULL */
} lines[] = {
    {ACS_STATUS_PENDING, "#56B4E9", "2 3"},
    {ACS_STATUS_WITHDRAWAL_ONLY, "#E69F00", "7 3"},
    {ACS_STATUS_FROZEN, "#0072B2", NULL},
    {ACS_STATUS_SUSPENDED, "#D55E00", NULL},
    {ACS_STATUS_CLOSED, "#000000", NULL},
};
#define LINE_COUNT (sizeof(lines) / sizeof(lines[0]))

static const char *const month_names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Spacing of the x ticks: the first that leaves TICK_GAP_MIN between labels. */
typedef enum tick_unit { TICK_DAYS, TICK_MONTHS, TICK_YEARS } tick_unit;
static const struct {
    tick_unit unit;
    int step;
    int approx_days;
} tick_steps[] = {
    {TICK_DAYS, 1, 1},     {TICK_DAYS, 2, 2},     {TICK_DAYS, 7, 7},     {TICK_DAYS, 14, 14},
    {TICK_MONTHS, 1, 31},  {TICK_MONTHS, 2, 62},  {TICK_MONTHS, 3, 92},  {TICK_MONTHS, 6, 184},
    {TICK_YEARS, 1, 366},  {TICK_YEARS, 2, 731},  {TICK_YEARS, 5, 1827}, {TICK_YEARS, 10, 3653},
};
#define TICK_STEP_COUNT (sizeof(tick_steps) / sizeof(tick_steps[0]))

typedef struct civil {
    int64_t year;
    int month; /* 1 .. 12 */
    int day;   /* 1 .. 31 */
} civil;

/* The panels' shared frame. Positions are tenths of a pixel. */
typedef struct chart {
    FILE *out;
    const sim_scenario *scenario;
    const sim_result *result;
    int columns, rows, height;     /* pixels */
    long panel_width, plot_width, plot_height;
    unsigned drawn;                /* bit per status that gets a line */
    int log_scale;
    uint64_t top;                  /* the y axis's highest value */
    uint64_t step;                 /* between y ticks (linear scale) */
    size_t tick_step;              /* index in tick_steps */
} chart;

static int is_leap(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int month_length(int64_t year, int month)
{
    static const int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return lengths[month - 1] + (month == 2 && is_leap(year));
}

/* The date of a day counted from 1970-01-01 (0 or later). Any 400
** consecutive years hold 146097 days, so whole such spans are skipped. */
static civil civil_from_day(int64_t day)
{
    civil date = {1970 + 400 * (day / 146097), 1, 1};
    day %= 146097;
    while (day >= 365 + is_leap(date.year)) day -= 365 + is_leap(date.year++);
    while (day >= month_length(date.year, date.month)) day -= month_length(date.year, date.month++);
    date.day = 1 + (int)day;
    return date;
}

static void next_day(civil *date)
{
    if (++date->day <= month_length(date->year, date->month)) return;
    date->day = 1;
    if (++date->month <= 12) return;
    date->month = 1;
    date->year++;
}

static civil date_of(const chart *c, uint32_t index)
{
    int64_t first = c->scenario->start_ms > 0 ? c->scenario->start_ms / INT64_C(86400000) : 0;
    return civil_from_day(first + (int64_t)index);
}

/* Writes text with XML's special characters escaped. */
static void put_escaped(FILE *out, const char *text, size_t max)
{
    for (size_t i = 0; i < max && text[i] != '\0'; i++) {
        switch (text[i]) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&apos;", out); break;
        default: fputc(text[i], out); break;
        }
    }
}

/* ln(x) for x >= 1: x = m * 2^e with m in [0.707, 1.414), and ln(m) from
** the series 2 (t + t^3/3 + t^5/5 ...), t = (m - 1) / (m + 1), |t| < 0.172. */
static double natural_log(double x)
{
    int exponent = 0;
    while (x >= 1.4142135623730951) {
        x *= 0.5;
        exponent++;
    }
    double t = (x - 1.0) / (x + 1.0);
    double t2 = t * t;
    double power = t;
    double sum = 0.0;
    for (int k = 1; k < 40; k += 2) {
        sum += power / k;
        power *= t2;
    }
    return exponent * 0.6931471805599453 + 2.0 * sum;
}

static uint64_t accounts_on(const sim_policy_result *policy, uint32_t day, int status)
{
    return policy->accounts[(size_t)day * ACS_STATUS_COUNT + (size_t)status];
}

/* The highest value of a status's line under one policy. */
static uint64_t line_peak(const sim_policy_result *policy, uint32_t days, int status)
{
    uint64_t peak = 0;
    for (uint32_t d = 0; d < days; d++) {
        uint64_t value = accounts_on(policy, d, status);
        if (value > peak) peak = value;
    }
    return peak;
}

/* A linear y axis up to highest: a step of 1, 2 or 5 times a power of ten,
** about 5 ticks. */
static void choose_linear_scale(chart *c, uint64_t highest)
{
    static const uint64_t multiples[3] = {1, 2, 5};
    for (uint64_t power = 1;; power *= 10)
        for (int i = 0; i < 3; i++) {
            c->step = multiples[i] * power;
            if (c->step * 5 >= highest) {
                c->top = (highest + c->step - 1) / c->step * c->step;
                if (c->top == 0) c->top = c->step * 5;
                return;
            }
        }
}

/* The y axis: which statuses get a line, the highest value, and the scale:
** log when the smallest line's peak is under a twentieth of the highest. */
static void choose_y_axis(chart *c)
{
    uint64_t highest = 0;
    uint64_t lowest_peak = UINT64_MAX;
    for (size_t l = 0; l < LINE_COUNT; l++)
        for (uint32_t p = 0; p < c->result->policy_count; p++) {
            uint64_t peak = line_peak(&c->result->policies[p], c->result->days, lines[l].status);
            if (peak == 0) continue;
            c->drawn |= 1u << lines[l].status;
            if (peak > highest) highest = peak;
            if (peak < lowest_peak) lowest_peak = peak;
        }
    c->log_scale = highest > 0 && lowest_peak < highest / 20u;
    if (c->log_scale) {
        c->top = 10;
        while (c->top < highest) c->top *= 10;
    } else {
        choose_linear_scale(c, highest);
    }
}

/* Height above the plot's bottom, in tenths of a pixel. */
static long y_offset(const chart *c, uint64_t value)
{
    if (value > c->top) value = c->top;
    if (!c->log_scale) return (long)(value * (uint64_t)c->plot_height / c->top);
    double share = natural_log(1.0 + (double)value) / natural_log(1.0 + (double)c->top);
    return (long)(share * (double)c->plot_height + 0.5);
}

static long x_offset(const chart *c, uint32_t day)
{
    uint32_t span = c->result->days > 1 ? c->result->days - 1 : 1;
    return (long)((int64_t)day * c->plot_width / span);
}

static void choose_layout(chart *c)
{
    uint32_t count = c->result->policy_count;
    c->columns = count > 3 ? 2 : 1;
    c->rows = (int)((count + (uint32_t)c->columns - 1) / (uint32_t)c->columns);
    c->height = HEADER + c->rows * PANEL_HEIGHT + FOOTER;
    c->panel_width = 10L * WIDTH / c->columns;
    c->plot_width = c->panel_width - 10L * (PLOT_LEFT + PLOT_RIGHT);
    c->plot_height = 10L * (PANEL_HEIGHT - PLOT_TOP - PLOT_BOTTOM);
    uint32_t span = c->result->days > 1 ? c->result->days - 1 : 1;
    c->tick_step = 0;
    while (c->tick_step + 1 < TICK_STEP_COUNT &&
           (int64_t)c->plot_width * tick_steps[c->tick_step].approx_days / span <
               10L * TICK_GAP_MIN)
        c->tick_step++;
}

static void put_header(const chart *c)
{
    char accounts[CLI_COUNT_TEXT_MAX];
    char start[16];
    civil first = date_of(c, 0);
    cli_format_count(c->scenario->accounts, accounts);
    snprintf(start, sizeof start, "%04d-%02d-%02d", (int)(first.year % 10000), first.month,
             first.day);
    fprintf(c->out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" "
            "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n"
            "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
            WIDTH, c->height, WIDTH, c->height, WIDTH, c->height);
    fprintf(c->out,
            "<text x=\"20\" y=\"30\" font-size=\"19\" font-weight=\"bold\" fill=\"#111\">"
            "Accounts per status: %s accounts, %" PRIu32 " day%s from %s, seed %" PRIu64
            "</text>\n",
            accounts, c->result->days, c->result->days == 1 ? "" : "s", start, c->scenario->seed);
    fprintf(c->out,
            "<text x=\"20\" y=\"52\" font-size=\"13\" fill=\"#333\">Accounts in each status"
            " but ACTIVE at the end of each day (%s scale%s)%s",
            c->log_scale ? "log" : "linear",
            c->result->policy_count > 1 ? ", the same in every panel" : "",
            c->result->days > POINTS_MAX ? "; each point the highest of up to " : "");
    if (c->result->days > POINTS_MAX)
        fprintf(c->out, "%" PRIu32 " days", (c->result->days + POINTS_MAX - 1) / POINTS_MAX);
    fputs("</text>\n", c->out);
}

/* One legend entry per status that has a line, the same in every panel. */
static void put_legend(const chart *c)
{
    long x = 200;
    fputs("<g font-size=\"13\" fill=\"#111\">\n", c->out);
    if (c->drawn == 0)
        fputs("<text x=\"20\" y=\"81.5\">Every account stayed ACTIVE.</text>\n", c->out);
    for (size_t l = 0; l < LINE_COUNT; l++) {
        if (!(c->drawn & (1u << lines[l].status))) continue;
        const char *name = acs_status_name(lines[l].status);
        fprintf(c->out,
                "<line x1=\"" TP "\" y1=\"77\" x2=\"" TP "\" y2=\"77\" stroke=\"%s\" "
                "stroke-width=\"2.5\"%s%s%s/>",
                TV(x), TV(x + 260), lines[l].colour, lines[l].dash ? " stroke-dasharray=\"" : "",
                lines[l].dash ? lines[l].dash : "", lines[l].dash ? "\"" : "");
        fprintf(c->out, "<text x=\"" TP "\" y=\"81.5\">%s</text>\n", TV(x + 320), name);
        x += 320 + 82L * (long)strlen(name) + 260;
    }
    fputs("</g>\n", c->out);
}

/* Horizontal grid lines with their values at the left; a tick too close
** to the one below (1 over 0 on a tall log scale) is left out. */
static void put_y_axis(const chart *c, long left, long bottom)
{
    char label[CLI_COUNT_TEXT_MAX];
    uint64_t value = 0;
    long below = bottom + 10L * Y_TICK_GAP_MIN;
    fputs("<g font-size=\"11\" fill=\"#444\" text-anchor=\"end\">\n", c->out);
    for (;; value = c->log_scale ? (value == 0 ? 1 : value * 10) : value + c->step) {
        long y = bottom - y_offset(c, value);
        if (below - y < 10L * Y_TICK_GAP_MIN && value < c->top) continue;
        below = y;
        if (value >= 1000000u && value % 1000000u == 0)
            snprintf(label, sizeof label, "%" PRIu64 "M", value / 1000000u);
        else
            cli_format_count(value, label);
        fprintf(c->out,
                "<line x1=\"" TP "\" y1=\"" TP "\" x2=\"" TP "\" y2=\"" TP "\" stroke=\"%s\"/>"
                "<text x=\"" TP "\" y=\"" TP "\">%s</text>\n",
                TV(left), TV(y), TV(left + c->plot_width), TV(y), value ? "#e2e2e2" : "#888",
                TV(left - 70), TV(y + 40), label);
        if (value >= c->top) break;
    }
    fputs("</g>\n", c->out);
}

static int is_tick(const chart *c, uint32_t index, const civil *date)
{
    int step = tick_steps[c->tick_step].step;
    switch (tick_steps[c->tick_step].unit) {
    case TICK_DAYS: return index % (uint32_t)step == 0;
    case TICK_MONTHS: return date->day == 1 && (date->month - 1) % step == 0;
    default: return date->day == 1 && date->month == 1 && date->year % step == 0;
    }
}

/* Vertical grid lines at the x ticks, labelled with the date: the month
** (and day) on one line, the year below where it changes. */
static void put_x_axis(const chart *c, long left, long top, long bottom)
{
    civil date = date_of(c, 0);
    int64_t year_shown = -1;
    tick_unit unit = tick_steps[c->tick_step].unit;
    fputs("<g font-size=\"11\" fill=\"#444\" text-anchor=\"middle\">\n", c->out);
    for (uint32_t d = 0; d < c->result->days; d++, next_day(&date)) {
        if (!is_tick(c, d, &date)) continue;
        long x = left + x_offset(c, d);
        fprintf(c->out,
                "<line x1=\"" TP "\" y1=\"" TP "\" x2=\"" TP "\" y2=\"" TP "\" stroke=\"#e2e2e2\"/>"
                "<line x1=\"" TP "\" y1=\"" TP "\" x2=\"" TP "\" y2=\"" TP "\" stroke=\"#888\"/>",
                TV(x), TV(top), TV(x), TV(bottom), TV(x), TV(bottom), TV(x), TV(bottom + 40));
        if (unit == TICK_YEARS)
            fprintf(c->out, "<text x=\"" TP "\" y=\"" TP "\">%" PRId64 "</text>", TV(x),
                    TV(bottom + 170), date.year);
        else if (unit == TICK_MONTHS)
            fprintf(c->out, "<text x=\"" TP "\" y=\"" TP "\">%s</text>", TV(x), TV(bottom + 170),
                    month_names[date.month - 1]);
        else
            fprintf(c->out, "<text x=\"" TP "\" y=\"" TP "\">%s %d</text>", TV(x),
                    TV(bottom + 170), month_names[date.month - 1], date.day);
        if (unit != TICK_YEARS && date.year != year_shown)
            fprintf(c->out, "<text x=\"" TP "\" y=\"" TP "\">%" PRId64 "</text>", TV(x),
                    TV(bottom + 320), date.year);
        if (unit != TICK_YEARS) year_shown = date.year;
        fputc('\n', c->out);
    }
    fputs("</g>\n", c->out);
}

static int has_leak(const chart *c)
{
    return c->scenario->leak_share > 0.0 && c->scenario->leak_day < c->result->days;
}

/* The dashed line on the leak's day, under the status lines. */
static void put_leak_line(const chart *c, long left, long top, long bottom)
{
    if (!has_leak(c)) return;
    long x = left + x_offset(c, c->scenario->leak_day);
    fprintf(c->out,
            "<line x1=\"" TP "\" y1=\"" TP "\" x2=\"" TP "\" y2=\"" TP "\" stroke=\"#555\" "
            "stroke-width=\"1.2\" stroke-dasharray=\"5 4\"/>\n",
            TV(x), TV(top), TV(x), TV(bottom));
}

/* Its label, over the status lines, on whichever side has room. */
static void put_leak_label(const chart *c, long left, long top)
{
    if (!has_leak(c)) return;
    long x = left + x_offset(c, c->scenario->leak_day);
    int room_right = x + 10L * (LEAK_LABEL_WIDTH + 8) <= left + c->plot_width;
    long box = room_right ? x + 30 : x - 30 - 10L * LEAK_LABEL_WIDTH;
    fprintf(c->out,
            "<rect x=\"" TP "\" y=\"" TP "\" width=\"%d\" height=\"15\" fill=\"#ffffff\" "
            "fill-opacity=\"0.85\"/>"
            "<text x=\"" TP "\" y=\"" TP "\" font-size=\"11\" fill=\"#333\">" LEAK_LABEL
            "</text>\n",
            TV(box), TV(top + 20), LEAK_LABEL_WIDTH, TV(box + 20), TV(top + 135));
}

/* The points of one status's line, into xs and ys (POINTS_MAX + 1 each):
** a point per day, or per bucket of days (its highest value) on long runs.
** Returns how many. */
static uint32_t series_points(const chart *c, const sim_policy_result *policy, int status,
                              long left, long bottom, long *xs, long *ys)
{
    uint32_t days = c->result->days;
    uint32_t buckets = days;
    if (buckets > POINTS_MAX) buckets = POINTS_MAX;
    uint32_t n = 0;
    for (uint32_t b = 0; b < buckets; b++) {
        uint32_t from = (uint32_t)((uint64_t)b * days / buckets);
        uint32_t to = (uint32_t)((uint64_t)(b + 1) * days / buckets);
        uint32_t best = from;
        for (uint32_t d = from + 1; d < to; d++)
            if (accounts_on(policy, d, status) > accounts_on(policy, best, status)) best = d;
        xs[n] = left + x_offset(c, best);
        ys[n++] = bottom - y_offset(c, accounts_on(policy, best, status));
    }
    if (n == 1) { /* a single day spans the plot */
        xs[n] = left + c->plot_width;
        ys[n] = ys[0];
        n++;
    }
    return n;
}

/* One status's line; points inside a flat stretch are left out. */
static void put_series(const chart *c, const sim_policy_result *policy, size_t l, long left,
                       long bottom)
{
    long xs[POINTS_MAX + 1];
    long ys[POINTS_MAX + 1];
    uint32_t n = series_points(c, policy, lines[l].status, left, bottom, xs, ys);
    fprintf(c->out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\" "
            "stroke-linejoin=\"round\"%s%s%s points=\"", lines[l].colour,
            lines[l].dash ? " stroke-dasharray=\"" : "", lines[l].dash ? lines[l].dash : "",
            lines[l].dash ? "\"" : "");
    for (uint32_t i = 0; i < n; i++)
        if (i == 0 || i + 1 == n || ys[i] != ys[i - 1] || ys[i] != ys[i + 1])
            fprintf(c->out, "%s" TP "," TP, i ? " " : "", TV(xs[i]), TV(ys[i]));
    fputs("\"/>\n", c->out);
}

/* "ACTIVE: 99.12% at the end (99,120 of 100,000); lowest 97.80% on DATE". */
static void put_active(const chart *c, const sim_policy_result *policy, long x, long y)
{
    uint32_t last = c->result->days - 1;
    uint32_t low = 0;
    uint64_t low_active = 0;
    uint64_t low_total = 0;
    uint64_t total_end = 0;
    for (uint32_t d = 0; d < c->result->days; d++) {
        uint64_t total = 0;
        uint64_t active = accounts_on(policy, d, ACS_STATUS_ACTIVE);
        for (int s = ACS_STATUS_ACTIVE; s < ACS_STATUS_COUNT; s++)
            total += accounts_on(policy, d, s);
        if (d == 0 || active * low_total < low_active * total) {
            low = d;
            low_active = active;
            low_total = total;
        }
        total_end = total;
    }
    uint64_t end_active = accounts_on(policy, last, ACS_STATUS_ACTIVE);
    uint64_t end_share = total_end ? end_active * 10000u / total_end : 0;
    uint64_t low_share = low_total ? low_active * 10000u / low_total : 0;
    char active[CLI_COUNT_TEXT_MAX];
    char total[CLI_COUNT_TEXT_MAX];
    civil date = date_of(c, low);
    cli_format_count(end_active, active);
    cli_format_count(total_end, total);
    fprintf(c->out,
            "<text x=\"" TP "\" y=\"" TP "\" font-size=\"12\" fill=\"#333\">ACTIVE: %" PRIu64
            ".%02u%% at the end",
            TV(x), TV(y), end_share / 100u, (unsigned)(end_share % 100u));
    if (c->columns == 1) fprintf(c->out, " (%s of %s)", active, total);
    fprintf(c->out, "; lowest %" PRIu64 ".%02u%% on %04d-%02d-%02d</text>\n", low_share / 100u,
            (unsigned)(low_share % 100u), (int)(date.year % 10000), date.month, date.day);
}

static void put_panel(const chart *c, uint32_t p)
{
    const sim_policy_result *policy = &c->result->policies[p];
    long x = (long)(p % (uint32_t)c->columns) * c->panel_width;
    long y = 10L * (HEADER + (long)(p / (uint32_t)c->columns) * PANEL_HEIGHT);
    long left = x + 10L * PLOT_LEFT;
    long top = y + 10L * PLOT_TOP;
    long bottom = top + c->plot_height;
    fprintf(c->out, "<g>\n<text x=\"" TP "\" y=\"" TP "\" font-size=\"15\" font-weight=\"bold\" "
            "fill=\"#111\">", TV(x + 200), TV(y + 220));
    put_escaped(c->out, policy->name, ACS_POLICY_NAME_MAX);
    fputs("</text>\n", c->out);
    put_active(c, policy, x + 200, y + 400);
    put_y_axis(c, left, bottom);
    put_x_axis(c, left, top, bottom);
    put_leak_line(c, left, top, bottom);
    for (size_t l = 0; l < LINE_COUNT; l++)
        if (c->drawn & (1u << lines[l].status)) put_series(c, policy, l, left, bottom);
    put_leak_label(c, left, top);
    fputs("</g>\n", c->out);
}

int sim_report_svg(FILE *out, const sim_scenario *scenario, const sim_result *result)
{
    chart c;
    memset(&c, 0, sizeof c);
    c.out = out;
    c.scenario = scenario;
    c.result = result;
    if (result->days == 0 || result->policy_count == 0) return -1;
    choose_layout(&c);
    choose_y_axis(&c);
    put_header(&c);
    put_legend(&c);
    for (uint32_t p = 0; p < result->policy_count && !ferror(out); p++) put_panel(&c, p);
    fputs("</svg>\n", out);
    return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
