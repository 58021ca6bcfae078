/*
** cli.c: the helpers every subcommand shares (see cli.h): error messages,
** options and operands, decimal numbers, reading files, presets and
** loading policies, times and counts as text. Nothing here keeps state
** between calls.
*/
#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define READ_CHUNK 65536
#define MS_PER_DAY INT64_C(86400000)

static const struct {
    const char *name;
    int preset;
} presets[] = {
    {"default", ACS_PRESET_DEFAULT},
    {"consumer", ACS_PRESET_CONSUMER},
    {"discretionary", ACS_PRESET_DISCRETIONARY},
};
#define PRESET_COUNT (sizeof(presets) / sizeof(presets[0]))

int cli_is_help(const char *arg)
{
    return arg != NULL && (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0);
}

int cli_usage_error(const char *command, const char *format, ...)
{
    va_list args;
    fprintf(stderr, "acsctl %s: ", command);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fprintf(stderr, "\n(see acsctl %s --help)\n", command);
    return EXIT_BAD_INPUT;
}

int cli_error(const char *format, ...)
{
    va_list args;
    fputs("acsctl: ", stderr);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
    return EXIT_BAD_INPUT;
}

int cli_option(const char *command, int argc, char **argv, int *i, const char *name,
               const char **value)
{
    const char *arg = argv[*i];
    size_t length = strlen(name);
    if (strncmp(arg, name, length) != 0) return 0;
    if (arg[length] == '=') {
        *value = arg + length + 1;
        return 1;
    }
    if (arg[length] != '\0') return 0;
    if (*i + 1 >= argc) {
        cli_usage_error(command, "%s needs a value", name);
        return -1;
    }
    *i += 1;
    *value = argv[*i];
    return 1;
}

int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (cli_is_help(argv[i])) return 1;
    }
    return 0;
}

/* Reads the option of specs at argv[*i] (moving *i past a value); 1 when
** it is one, 0 when it is none, -1 after a usage error. */
static int read_spec(int argc, char **argv, int *i, const cli_spec *specs)
{
    for (const cli_spec *spec = specs; spec->name != NULL; spec++) {
        if (spec->value == NULL) {
            if (strcmp(argv[*i], spec->name) != 0) continue;
            *spec->flag = 1;
            return 1;
        }
        int found = cli_option(argv[0], argc, argv, i, spec->name, spec->value);
        if (found != 0) return found;
    }
    return 0;
}

int cli_parse_args(int argc, char **argv, const cli_spec *specs, const char *operand_name,
                   const char **operand)
{
    const char *command = argv[0];
    int options_done = 0;
    for (const cli_spec *spec = specs; spec->name != NULL; spec++) {
        if (spec->value != NULL)
            *spec->value = NULL;
        else
            *spec->flag = 0;
    }
    *operand = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!options_done && strcmp(arg, "--") == 0) {
            options_done = 1;
            continue;
        }
        if (!options_done) {
            int found = read_spec(argc, argv, &i, specs);
            if (found < 0) return EXIT_BAD_INPUT;
            if (found) continue;
            if (arg[0] == '-' && arg[1] != '\0')
                return cli_usage_error(command, "unknown option '%s'", arg);
        }
        if (*operand != NULL)
            return cli_usage_error(command, "one %s only; '%s' is one too many", operand_name,
                                   arg);
        *operand = arg;
    }
    if (*operand == NULL) return cli_usage_error(command, "a %s is needed", operand_name);
    return 0;
}

int cli_parse_u64(const char *text, uint64_t min, uint64_t max, uint64_t *value)
{
    uint64_t result = 0;
    if (text[0] == '\0') return -1;
    for (const char *p = text; *p != '\0'; p++) {
        if (*p < '0' || *p > '9') return -1;
        uint64_t digit = (uint64_t)(*p - '0');
        if (digit > max || result > (max - digit) / 10) return -1;
        result = result * 10 + digit;
    }
    if (result < min) return -1;
    *value = result;
    return 0;
}

/* Reads everything from file into a growing buffer. */
static int read_stream(const char *path, FILE *file, char **data, size_t *length)
{
    char *buffer = NULL;
    size_t size = 0;
    size_t capacity = 0;
    for (;;) {
        if (size + READ_CHUNK > capacity) {
            size_t grown_capacity = capacity == 0 ? READ_CHUNK : capacity * 2;
            if (grown_capacity > CLI_FILE_MAX + READ_CHUNK) {
                free(buffer);
                return cli_error("%s: longer than the limit of %zu bytes", path,
                                 (size_t)CLI_FILE_MAX);
            }
            char *grown = realloc(buffer, grown_capacity);
            if (grown == NULL) {
                free(buffer);
                return cli_error("%s: out of memory", path);
            }
            buffer = grown;
            capacity = grown_capacity;
        }
        size_t got = fread(buffer + size, 1, capacity - size, file);
        size += got;
        if (got == 0) break;
    }
    if (ferror(file)) {
        int saved = errno;
        free(buffer);
        return cli_error("%s: %s", path, strerror(saved));
    }
    if (size > CLI_FILE_MAX) {
        free(buffer);
        return cli_error("%s: longer than the limit of %zu bytes", path, (size_t)CLI_FILE_MAX);
    }
    *data = buffer;
    *length = size;
    return 0;
}

int cli_read_file(const char *path, char **data, size_t *length)
{
    *data = NULL;
    *length = 0;
    if (strcmp(path, "-") == 0) return read_stream("standard input", stdin, data, length);
    FILE *file = fopen(path, "rb");
    if (file == NULL) return cli_error("%s: %s", path, strerror(errno));
    int status = read_stream(path, file, data, length);
    fclose(file);
    return status;
}

int cli_preset_named(const char *name)
{
    for (size_t i = 0; i < PRESET_COUNT; i++) {
        if (strcmp(name, presets[i].name) == 0) return presets[i].preset;
    }
    return 0;
}

const char *cli_preset_name(size_t index)
{
    return index < PRESET_COUNT ? presets[index].name : NULL;
}

int cli_load_policy(const char *spec, acs_policy *policy)
{
    int preset = cli_preset_named(spec);
    if (preset != 0) {
        int rc = acs_policy_preset(policy, preset);
        if (rc != ACS_OK) return cli_error("preset %s: %s", spec, acs_strerror(rc));
        return 0;
    }
    char *text = NULL;
    size_t length = 0;
    int status = cli_read_file(spec, &text, &length);
    if (status != 0) return status;
    acs_policy_rules rules;
    acs_text_error error;
    memset(&error, 0, sizeof(error));
    int rc = acs_policy_parse(&rules, text, length, 0, &error);
    free(text);
    if (rc != ACS_OK) {
        const char *message = error.message[0] != '\0' ? error.message : acs_strerror(rc);
        if (error.line != 0)
            return cli_error("%s:%u:%u: %s", spec, (unsigned)error.line, (unsigned)error.column,
                             message);
        return cli_error("%s: %s", spec, message);
    }
    acs_policy_problem problem;
    rc = acs_policy_build(policy, &rules, &problem);
    if (rc != ACS_OK) return cli_error("%s: %s", spec, acs_strerror(rc));
    return 0;
}

int cli_preset_by_fingerprint(const uint8_t fingerprint[ACS_DIGEST_SIZE], acs_policy *policy)
{
    for (size_t i = 0; i < PRESET_COUNT; i++) {
        acs_policy candidate;
        if (acs_policy_preset(&candidate, presets[i].preset) != ACS_OK) continue;
        if (memcmp(candidate.fingerprint, fingerprint, ACS_DIGEST_SIZE) == 0) {
            *policy = candidate;
            return 0;
        }
    }
    return -1;
}

/* Days from 1970-01-01 to year-month-day (proleptic Gregorian). */
static int64_t days_from_civil(int64_t year, int64_t month, int64_t day)
{
    year -= month <= 2;
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    int64_t year_of_era = year - era * 400;
    int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

static void civil_from_days(int64_t days, int64_t *year, int64_t *month, int64_t *day)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t day_of_era = days - era * 146097;
    int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t mp = (5 * day_of_year + 2) / 153;
    *day = day_of_year - (153 * mp + 2) / 5 + 1;
    *month = mp < 10 ? mp + 3 : mp - 9;
    *year = year_of_era + era * 400 + (*month <= 2);
}

/* Reads exactly digits decimal digits at *p into *value. */
static int read_digits(const char **p, int digits, int64_t *value)
{
    int64_t result = 0;
    for (int i = 0; i < digits; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9') return -1;
        result = result * 10 + (c - '0');
    }
    *p += digits;
    *value = result;
    return 0;
}

static int days_in_month(int64_t year, int64_t month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return days[month - 1] + (month == 2 && leap);
}

/* Moves *p past the character c when c is there; 1 when it was. */
static int skip_char(const char **p, char c)
{
    if (**p != c) return 0;
    *p += 1;
    return 1;
}

/* Reads "YYYY-MM-DD" at *p, a day the calendar has. */
static int read_date(const char **p, int64_t *year, int64_t *month, int64_t *day)
{
    if (read_digits(p, 4, year) || !skip_char(p, '-') || read_digits(p, 2, month) ||
        !skip_char(p, '-') || read_digits(p, 2, day))
        return -1;
    if (*month < 1 || *month > 12 || *day < 1 || *day > days_in_month(*year, *month)) return -1;
    return 0;
}

/* Reads "HH:MM", "HH:MM:SS" or "HH:MM:SS.mmm" at *p into *ms, the
** milliseconds since midnight. */
static int read_time_of_day(const char **p, int64_t *ms)
{
    int64_t hour = 0;
    int64_t minute = 0;
    int64_t second = 0;
    int64_t milli = 0;
    if (read_digits(p, 2, &hour) || !skip_char(p, ':') || read_digits(p, 2, &minute)) return -1;
    if (skip_char(p, ':')) {
        if (read_digits(p, 2, &second)) return -1;
        if (skip_char(p, '.') && read_digits(p, 3, &milli)) return -1;
    }
    if (hour > 23 || minute > 59 || second > 59) return -1;
    *ms = ((hour * 60 + minute) * 60 + second) * 1000 + milli;
    return 0;
}

int cli_parse_time(const char *text, int64_t *time_ms)
{
    if (text[0] == '\0') return -1;
    if (strchr(text, '-') == NULL) {
        uint64_t value = 0;
        if (cli_parse_u64(text, 0, (uint64_t)ACS_TIME_MAX_MS, &value) != 0) return -1;
        *time_ms = (int64_t)value;
        return 0;
    }
    const char *p = text;
    int64_t year = 0;
    int64_t month = 0;
    int64_t day = 0;
    int64_t time_of_day = 0;
    if (read_date(&p, &year, &month, &day) != 0) return -1;
    if (skip_char(&p, 'T') && read_time_of_day(&p, &time_of_day) != 0) return -1;
    skip_char(&p, 'Z');
    if (*p != '\0' || year < 1970) return -1;
    int64_t ms = days_from_civil(year, month, day) * MS_PER_DAY + time_of_day;
    if (ms > ACS_TIME_MAX_MS) return -1;
    *time_ms = ms;
    return 0;
}

void cli_format_date(int64_t day, char buf[CLI_TIME_TEXT_MAX])
{
    int64_t year = 0;
    int64_t month = 0;
    int64_t dom = 0;
    if (day < 0) day = 0;
    if (day > ACS_TIME_MAX_MS / MS_PER_DAY) day = ACS_TIME_MAX_MS / MS_PER_DAY;
    civil_from_days(day, &year, &month, &dom);
    snprintf(buf, CLI_TIME_TEXT_MAX, "%04u-%02u-%02u", (unsigned)year % 10000u,
             (unsigned)month % 100u, (unsigned)dom % 100u);
}

void cli_format_time(int64_t time_ms, char buf[CLI_TIME_TEXT_MAX])
{
    if (time_ms <= 0 || time_ms > ACS_TIME_MAX_MS) {
        snprintf(buf, CLI_TIME_TEXT_MAX, time_ms == 0 ? "-" : "?");
        return;
    }
    char date[CLI_TIME_TEXT_MAX];
    cli_format_date(time_ms / MS_PER_DAY, date);
    unsigned rest = (unsigned)(time_ms % MS_PER_DAY);
    unsigned seconds = rest / 1000u;
    unsigned milli = rest % 1000u;
    if (milli != 0)
        snprintf(buf, CLI_TIME_TEXT_MAX, "%.10sT%02u:%02u:%02u.%03uZ", date, seconds / 3600u % 24u,
                 seconds / 60u % 60u, seconds % 60u, milli);
    else
        snprintf(buf, CLI_TIME_TEXT_MAX, "%.10sT%02u:%02u:%02uZ", date, seconds / 3600u % 24u,
                 seconds / 60u % 60u, seconds % 60u);
}

void cli_format_count(uint64_t value, char buf[CLI_COUNT_TEXT_MAX])
{
    char digits[24];
    int length = snprintf(digits, sizeof digits, "%" PRIu64, value);
    int at = 0;
    for (int i = 0; i < length; i++) {
        if (i > 0 && (length - i) % 3 == 0) buf[at++] = ',';
        buf[at++] = digits[i];
    }
    buf[at] = '\0';
}

int cli_finish(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "acsctl: cannot write to standard output\n");
        return EXIT_BAD_INPUT;
    }
    return status;
}
