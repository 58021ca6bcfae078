/*
** test_calendar.c: periods and business days (calendar.c), through
** acs_period_end and acs_business_day, and the consumer preset's appeal
** answer of 15 business days through acs_apply and acs_advance.
**
** Every expected instant is written as a date: a UTC date and time, turned
** into milliseconds by utc() below, which counts days year by year and
** month by month so that it shares nothing with the library's arithmetic.
** The comments name the local days each count runs through, so that a
** reader can check the figure against a wall calendar. The figures were
** worked out by hand and cross-checked with an independent date library.
*/
#include "fixtures.h"

#include <stdbool.h>

/* ------------------------------------------------------------------------
** Dates.
*/

/* A UTC instant as it is written: year, month, day, hour, minute, and
** milliseconds to add (negative for "one millisecond before"). */
typedef struct stamp {
    int year, month, day, hour, minute;
    int extra_ms;
} stamp;

/* Initializers, usable in tables; (stamp)AT(...) makes a value of one. */
#define AT(y, mo, d, h, mi) {(y), (mo), (d), (h), (mi), 0}
#define AT_MS(y, mo, d, h, mi, ms) {(y), (mo), (d), (h), (mi), (ms)}

static bool leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int month_length(int year, int month)
{
    static const int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && leap(year) ? 29 : lengths[month - 1];
}

/* Milliseconds since 1970-01-01 00:00 UTC of a stamp in 1970 .. 9999. */
static int64_t utc(stamp s)
{
    assert_true(s.year >= 1970 && s.year <= 9999);
    assert_true(s.month >= 1 && s.month <= 12);
    assert_true(s.day >= 1 && s.day <= month_length(s.year, s.month));
    int64_t days = 0;
    for (int y = 1970; y < s.year; y++) days += leap(y) ? 366 : 365;
    for (int m = 1; m < s.month; m++) days += month_length(s.year, m);
    days += s.day - 1;
    return days * FX_DAY + s.hour * FX_HOUR + s.minute * 60 * FX_SECOND + s.extra_ms;
}

/* The helper itself, against instants known from elsewhere. */
static void test_utc_helper(void **state)
{
    (void)state;
    assert_i64(utc((stamp)AT(1970, 1, 1, 0, 0)), 0);
    assert_i64(utc((stamp)AT(1970, 1, 2, 0, 0)), FX_DAY);
    assert_i64(utc((stamp)AT(2023, 11, 14, 22, 13)) + 20 * FX_SECOND, FX_T0);
    assert_i64(utc((stamp)AT(2000, 3, 1, 0, 0)), INT64_C(951868800000));
    assert_i64(utc((stamp)AT(2028, 2, 29, 0, 0)) + FX_DAY, utc((stamp)AT(2028, 3, 1, 0, 0)));
    assert_i64(utc((stamp)AT(2027, 2, 28, 0, 0)) + FX_DAY, utc((stamp)AT(2027, 3, 1, 0, 0)));
    /* ACS_TIME_MAX_MS is 6429-10-17 02:45:55.327 UTC. */
    assert_i64(utc((stamp)AT_MS(6429, 10, 17, 2, 45, 55327)), ACS_TIME_MAX_MS);
}

/* ------------------------------------------------------------------------
** Calendars.
*/

#define SAT_SUN (ACS_WEEKDAY_BIT(ACS_SATURDAY) | ACS_WEEKDAY_BIT(ACS_SUNDAY))
#define MON_TO_SAT                                                             \
    (ACS_WEEKDAY_BIT(ACS_MONDAY) | ACS_WEEKDAY_BIT(ACS_TUESDAY) |             \
     ACS_WEEKDAY_BIT(ACS_WEDNESDAY) | ACS_WEEKDAY_BIT(ACS_THURSDAY) |         \
     ACS_WEEKDAY_BIT(ACS_FRIDAY) | ACS_WEEKDAY_BIT(ACS_SATURDAY))

/* The TARGET closing days of 2025 to 2030, as the consumer preset has them:
** New Year's Day, Good Friday, Easter Monday, 1 May, 25 and 26 December. */
static const uint32_t target_days[] = {
    20250101, 20250418, 20250421, 20250501, 20251225, 20251226,
    20260101, 20260403, 20260406, 20260501, 20261225, 20261226,
    20270101, 20270326, 20270329, 20270501, 20271225, 20271226,
    20280101, 20280414, 20280417, 20280501, 20281225, 20281226,
    20290101, 20290330, 20290402, 20290501, 20291225, 20291226,
    20300101, 20300419, 20300422, 20300501, 20301225, 20301226,
};
#define TARGET_DAY_COUNT (sizeof target_days / sizeof target_days[0])

/* The calendars the tables use. */
enum calendar_id {
    CAL_TARGET,      /* Sat, Sun; UTC+1; the TARGET days (consumer's calendar) */
    CAL_WEEKEND_UTC, /* Sat, Sun; UTC; no holiday */
    CAL_EMPTY,       /* no weekend; UTC; no holiday (all zero) */
    CAL_SIX,         /* Monday to Saturday off: Sunday is the one business day */
    CAL_SIX_SUNDAYS, /* as CAL_SIX, and the first 256 Sundays from 1970-01-04 are holidays */
    CAL_PLUS14,      /* Sat, Sun; UTC+14, the largest offset */
    CAL_MINUS5,      /* Sat, Sun; UTC-5 */
    CAL_MINUS12,     /* Sat, Sun; UTC-12, the smallest offset */
    CAL_MAY_DAY,     /* Sat, Sun; UTC+1; only 2026-05-01, a Friday */
    CAL_LEAP,        /* Sat, Sun; UTC; only 2028-02-29, a Tuesday */
    CAL_PLUS14_NEW_YEAR,  /* as CAL_PLUS14, with 1970-01-01 a holiday */
    CAL_MINUS12_NEW_YEAR, /* as CAL_MINUS12, with 1970-01-01 a holiday */
    CAL_COUNT
};

static acs_calendar simple(uint32_t weekend, int32_t offset_minutes, uint32_t holiday)
{
    acs_calendar calendar;
    memset(&calendar, 0, sizeof calendar);
    calendar.weekend = weekend;
    calendar.utc_offset_minutes = offset_minutes;
    if (holiday != 0) {
        calendar.holiday_count = 1;
        calendar.holidays[0] = holiday;
    }
    return calendar;
}

static acs_calendar calendar_of(int id)
{
    acs_calendar calendar;
    switch (id) {
    case CAL_TARGET:
        calendar = simple(SAT_SUN, 60, 0);
        calendar.holiday_count = TARGET_DAY_COUNT;
        memcpy(calendar.holidays, target_days, sizeof target_days);
        return calendar;
    case CAL_WEEKEND_UTC: return simple(SAT_SUN, 0, 0);
    case CAL_EMPTY: return simple(0, 0, 0);
    case CAL_SIX: return simple(MON_TO_SAT, 0, 0);
    case CAL_SIX_SUNDAYS: {
        calendar = simple(MON_TO_SAT, 0, 0);
        /* Sundays a week apart, written as dates by walking the months. */
        int year = 1970, month = 1, day = 4;
        for (uint32_t i = 0; i < ACS_HOLIDAYS_MAX; i++) {
            calendar.holidays[i] = (uint32_t)(year * 10000 + month * 100 + day);
            day += 7;
            if (day > month_length(year, month)) {
                day -= month_length(year, month);
                if (++month > 12) {
                    month = 1;
                    year++;
                }
            }
        }
        calendar.holiday_count = ACS_HOLIDAYS_MAX;
        /* The 256th Sunday from 1970-01-04 is 255 weeks later. */
        assert_int_equal(calendar.holidays[ACS_HOLIDAYS_MAX - 1], 19741124);
        return calendar;
    }
    case CAL_PLUS14: return simple(SAT_SUN, 840, 0);
    case CAL_MINUS5: return simple(SAT_SUN, -300, 0);
    case CAL_MINUS12: return simple(SAT_SUN, -720, 0);
    case CAL_MAY_DAY: return simple(SAT_SUN, 60, 20260501);
    case CAL_LEAP: return simple(SAT_SUN, 0, 20280229);
    case CAL_PLUS14_NEW_YEAR: return simple(SAT_SUN, 840, 19700101);
    case CAL_MINUS12_NEW_YEAR: return simple(SAT_SUN, -720, 19700101);
    default: fail(); return simple(0, 0, 0);
    }
}

/* The consumer preset's calendar is the one this file calls CAL_TARGET, so
** that the figures below are the consumer policy's. */
static void test_consumer_calendar_is_target(void **state)
{
    (void)state;
    const acs_policy_rules *rules = acs_preset_rules(ACS_PRESET_CONSUMER);
    assert_non_null(rules);
    acs_calendar target = calendar_of(CAL_TARGET);
    assert_memory_equal(&rules->calendar, &target, sizeof target);
    assert_int_equal(rules->appeal_answer.count, 15);
    assert_int_equal(rules->appeal_answer.unit, ACS_UNIT_BUSINESS_DAYS);
}

/* ------------------------------------------------------------------------
** acs_period_end: the end of a period, table by table.
*/

typedef struct end_case {
    const char *what;
    int calendar;  /* enum calendar_id */
    acs_period period;
    stamp from;
    stamp end;
} end_case;

/* Initializers of periods; (acs_period)HOURS(n) makes a value of one. */
#define HOURS(n) {(n), ACS_UNIT_HOURS}
#define DAYS(n) {(n), ACS_UNIT_DAYS}
#define BUSINESS(n) {(n), ACS_UNIT_BUSINESS_DAYS}
#define NO_PERIOD {0, ACS_UNIT_NONE}

static void check_end(const end_case *c)
{
    acs_calendar calendar = calendar_of(c->calendar);
    const int64_t from = utc(c->from);
    const int64_t want = utc(c->end);
    int64_t end = -1;
    int rc = acs_period_end(&calendar, c->period, from, &end);
    if (rc != ACS_OK || end != want)
        print_error("%s: from %" PRId64 ", end %" PRId64 ", want %" PRId64 "\n", c->what,
                    from, end, want);
    assert_code(rc, ACS_OK);
    assert_i64(end, want);
}

static void check_ends(const end_case *cases, size_t count)
{
    for (size_t i = 0; i < count; i++) check_end(&cases[i]);
}

/* Hours and days are fixed lengths: no calendar, weekend, holiday or
** offset moves them. */
static const end_case fixed_cases[] = {
    {"2 hours", CAL_TARGET, HOURS(2), AT(2026, 3, 10, 10, 15), AT(2026, 3, 10, 12, 15)},
    {"1 hour over midnight", CAL_TARGET, HOURS(1), AT_MS(2026, 4, 2, 23, 30, 7),
     AT_MS(2026, 4, 3, 0, 30, 7)},
    {"48 hours over Good Friday", CAL_TARGET, HOURS(48), AT(2026, 4, 2, 9, 0),
     AT(2026, 4, 4, 9, 0)},
    {"1 day, to the millisecond", CAL_TARGET, DAYS(1), AT_MS(2026, 3, 28, 23, 30, 999),
     AT_MS(2026, 3, 29, 23, 30, 999)},
    {"14 days over Christmas", CAL_TARGET, DAYS(14), AT(2025, 12, 20, 8, 0),
     AT(2026, 1, 3, 8, 0)},
    {"1 day over Feb 29, 2028", CAL_WEEKEND_UTC, DAYS(1), AT(2028, 2, 28, 12, 0),
     AT(2028, 2, 29, 12, 0)},
    {"1 day over Feb 28, 2027", CAL_WEEKEND_UTC, DAYS(1), AT(2027, 2, 28, 12, 0),
     AT(2027, 3, 1, 12, 0)},
    {"62 days", CAL_SIX, DAYS(62), AT(2026, 1, 1, 0, 0), AT(2026, 3, 4, 0, 0)},
    {"10000 hours", CAL_MINUS12, HOURS(10000), AT(2026, 1, 1, 0, 0),
     AT(2027, 2, 21, 16, 0)},
    {"10000 days", CAL_PLUS14, DAYS(10000), AT(2000, 1, 1, 0, 0), AT(2027, 5, 19, 0, 0)},
    {"no period", CAL_TARGET, NO_PERIOD, AT_MS(2026, 4, 3, 12, 0, 1), AT_MS(2026, 4, 3, 12, 0, 1)},
    {"1 hour from 0", CAL_EMPTY, HOURS(1), AT(1970, 1, 1, 0, 0), AT(1970, 1, 1, 1, 0)},
};

static void test_hours_and_days_are_exact(void **state)
{
    (void)state;
    check_ends(fixed_cases, sizeof fixed_cases / sizeof fixed_cases[0]);
}

/* Hours, days and no period need no calendar. */
static void test_fixed_periods_need_no_calendar(void **state)
{
    (void)state;
    const int64_t from = utc((stamp)AT(2026, 4, 2, 10, 0));
    int64_t end = -1;
    assert_code(acs_period_end(NULL, (acs_period)HOURS(3), from, &end), ACS_OK);
    assert_i64(end, from + 3 * FX_HOUR);
    assert_code(acs_period_end(NULL, (acs_period)DAYS(10000), from, &end), ACS_OK);
    assert_i64(end, from + 10000 * FX_DAY);
    assert_code(acs_period_end(NULL, (acs_period)NO_PERIOD, from, &end), ACS_OK);
    assert_i64(end, from);
}

/* Business days in the consumer calendar (UTC+1, so local midnight is
** 23:00 UTC the day before). */
static const end_case target_cases[] = {
    /* Across the year end: from Tuesday Dec 30, 2025 the days are Dec 31,
    ** Jan 2 (Jan 1 is a holiday) and Monday Jan 5 (Jan 3, 4 weekend). */
    {"3 business days across the year end", CAL_TARGET, BUSINESS(3),
     AT(2025, 12, 30, 10, 0), AT(2026, 1, 5, 23, 0)},
    /* From Christmas Eve: Dec 25, 26 holidays, Dec 27, 28 weekend, so the
    ** one day is Monday Dec 29. */
    {"1 business day from Christmas Eve", CAL_TARGET, BUSINESS(1),
     AT(2025, 12, 24, 10, 0), AT(2025, 12, 29, 23, 0)},
    /* A count that would end on Thursday Dec 25 (Dec 8 .. 12, 15 .. 19,
    ** 22 .. 24 are 13 days) ends on the next business day, Monday Dec 29. */
    {"a deadline on Christmas moves to Dec 29", CAL_TARGET, BUSINESS(14),
     AT(2025, 12, 5, 10, 0), AT(2025, 12, 29, 23, 0)},
    /* Good Friday (Apr 3) and Easter Monday (Apr 6) around the weekend:
    ** from Thursday Apr 2, 2026 the next business day is Tuesday Apr 7. */
    {"over Easter 2026", CAL_TARGET, BUSINESS(1), AT(2026, 4, 2, 10, 0),
     AT(2026, 4, 7, 23, 0)},
    /* Starting on a weekend day: from Saturday Jan 3, 2026 the one day is
    ** Monday Jan 5. */
    {"from a Saturday", CAL_TARGET, BUSINESS(1), AT(2026, 1, 3, 15, 0),
     AT(2026, 1, 5, 23, 0)},
    /* Starting on a holiday: from Thursday Jan 1, 2026 the one day is
    ** Friday Jan 2. */
    {"from New Year's Day", CAL_TARGET, BUSINESS(1), AT(2026, 1, 1, 8, 0),
     AT(2026, 1, 2, 23, 0)},
    /* The local day decides: 22:59:59.999 UTC on Monday Jan 5 is still
    ** Monday locally (Tuesday is the one day), 23:00 UTC is Tuesday
    ** locally (Wednesday is). */
    {"the last millisecond of a local Monday", CAL_TARGET, BUSINESS(1),
     AT_MS(2026, 1, 5, 22, 59, 59999), AT(2026, 1, 6, 23, 0)},
    {"the first millisecond of a local Tuesday", CAL_TARGET, BUSINESS(1),
     AT(2026, 1, 5, 23, 0), AT(2026, 1, 7, 23, 0)},
    /* 23:30 UTC on Thursday Jan 8 is 00:30 on Friday Jan 9 locally: the one
    ** day is Monday Jan 12, not Friday. */
    {"23:30 UTC is already the next local day", CAL_TARGET, BUSINESS(1),
     AT(2026, 1, 8, 23, 30), AT(2026, 1, 12, 23, 0)},
    /* 10000 business days from Wednesday Jan 1, 2025: the holidays end
    ** with 2030, and the count ends on Wednesday June 13, 2063. */
    {"10000 business days", CAL_TARGET, BUSINESS(10000), AT(2025, 1, 1, 0, 0),
     AT(2063, 6, 13, 23, 0)},
};

static void test_business_days_in_the_consumer_calendar(void **state)
{
    (void)state;
    check_ends(target_cases, sizeof target_cases / sizeof target_cases[0]);
}

/* Leap years, the end of February, a lone holiday on a Friday. */
static const end_case date_cases[] = {
    /* 2028 is a leap year: from Monday Feb 28, Tuesday Feb 29 is the next
    ** business day and Wednesday Mar 1 the one after. */
    {"to Feb 29, 2028", CAL_WEEKEND_UTC, BUSINESS(1), AT(2028, 2, 28, 12, 0),
     AT(2028, 3, 1, 0, 0)},
    {"over Feb 29, 2028", CAL_WEEKEND_UTC, BUSINESS(2), AT(2028, 2, 28, 12, 0),
     AT(2028, 3, 2, 0, 0)},
    /* Feb 29, 2028 as a holiday: the one day is Wednesday Mar 1. */
    {"Feb 29, 2028 a holiday", CAL_LEAP, BUSINESS(1), AT(2028, 2, 28, 12, 0),
     AT(2028, 3, 2, 0, 0)},
    /* 2027 is not: from Friday Feb 26 the next business day is Monday
    ** Mar 1, and from Sunday Feb 28 as well. */
    {"Feb 26 to Mar 1, 2027", CAL_WEEKEND_UTC, BUSINESS(1), AT(2027, 2, 26, 12, 0),
     AT(2027, 3, 2, 0, 0)},
    {"Feb 28 to Mar 1, 2027", CAL_WEEKEND_UTC, BUSINESS(1), AT(2027, 2, 28, 12, 0),
     AT(2027, 3, 2, 0, 0)},
    /* 2100 is not a leap year (a century), 2400 is (divisible by 400):
    ** Friday Feb 26, 2100 is followed by Monday Mar 1; Monday Feb 28, 2400
    ** by Tuesday Feb 29. */
    {"Feb 26 to Mar 1, 2100", CAL_WEEKEND_UTC, BUSINESS(1), AT(2100, 2, 26, 12, 0),
     AT(2100, 3, 2, 0, 0)},
    {"Feb 28 to Mar 1, 2100", CAL_WEEKEND_UTC, BUSINESS(1), AT(2100, 2, 28, 12, 0),
     AT(2100, 3, 2, 0, 0)},
    {"to Feb 29, 2400", CAL_WEEKEND_UTC, BUSINESS(1), AT(2400, 2, 28, 12, 0),
     AT(2400, 3, 1, 0, 0)},
    /* A lone holiday on a Friday (May 1, 2026) before the weekend: from
    ** Thursday Apr 30 the one day is Monday May 4. */
    {"a Friday holiday before the weekend", CAL_MAY_DAY, BUSINESS(1),
     AT(2026, 4, 30, 10, 0), AT(2026, 5, 4, 23, 0)},
    /* The same count without holidays, for comparison: from Friday Dec 5,
    ** 2025, 14 days end on Thursday Dec 25. */
    {"14 business days without holidays", CAL_WEEKEND_UTC, BUSINESS(14),
     AT(2025, 12, 5, 10, 0), AT(2025, 12, 26, 0, 0)},
    /* Far in the future: from Monday Jan 1, 6390, 10000 business days are
    ** exactly 2000 weeks, so the last is Monday May 1, 6428. */
    {"10000 business days from 6390", CAL_WEEKEND_UTC, BUSINESS(10000),
     AT(6390, 1, 1, 0, 0), AT(6428, 5, 2, 0, 0)},
};

static void test_business_days_across_dates(void **state)
{
    (void)state;
    check_ends(date_cases, sizeof date_cases / sizeof date_cases[0]);
}

/* Offsets where the UTC date and the local date differ, and the first
** hours of 1970 at -720 minutes, which are still Wednesday Dec 31, 1969. */
static const end_case offset_cases[] = {
    /* UTC+14: 10:00 UTC on Thursday Jan 8, 2026 is midnight starting
    ** Friday locally, so the one day is Monday Jan 12 (ending 10:00 UTC);
    ** a millisecond earlier it is still Thursday and the day is Friday. */
    {"UTC+14 from a local Friday", CAL_PLUS14, BUSINESS(1), AT(2026, 1, 8, 10, 0),
     AT(2026, 1, 12, 10, 0)},
    {"UTC+14 from a local Thursday", CAL_PLUS14, BUSINESS(1),
     AT_MS(2026, 1, 8, 9, 59, 59999), AT(2026, 1, 9, 10, 0)},
    /* UTC-5: 03:00 UTC on Tuesday Jan 13 is 22:00 on Monday locally, so
    ** the one day is Tuesday (ending 05:00 UTC on Wednesday); from 05:00 UTC
    ** it is Tuesday locally and the day is Wednesday. */
    {"UTC-5 from a local Monday", CAL_MINUS5, BUSINESS(1), AT(2026, 1, 13, 3, 0),
     AT(2026, 1, 14, 5, 0)},
    {"UTC-5 from a local Tuesday", CAL_MINUS5, BUSINESS(1), AT(2026, 1, 13, 5, 0),
     AT(2026, 1, 15, 5, 0)},
    /* UTC-5, from a local Friday evening that is Saturday in UTC: the one
    ** day is Monday Jan 12 (ending Jan 13, 05:00 UTC). */
    {"UTC-5 from Friday evening", CAL_MINUS5, BUSINESS(1), AT(2026, 1, 10, 3, 0),
     AT(2026, 1, 13, 5, 0)},
    /* UTC-12: 11:59:59.999 UTC on Monday Jan 12 is the last millisecond of
    ** Sunday locally (Monday is the day); 12:00 UTC is Monday (Tuesday is). */
    {"UTC-12 from a local Sunday", CAL_MINUS12, BUSINESS(1),
     AT_MS(2026, 1, 12, 11, 59, 59999), AT(2026, 1, 13, 12, 0)},
    {"UTC-12 from a local Monday", CAL_MINUS12, BUSINESS(1), AT(2026, 1, 12, 12, 0),
     AT(2026, 1, 14, 12, 0)},
    /* Time 0 at UTC-12 is Wednesday Dec 31, 1969, 12:00 locally: the first
    ** business day after it is Thursday Jan 1, 1970, ending at Jan 2 12:00
    ** UTC; the second is Friday Jan 2. */
    {"UTC-12 at time 0", CAL_MINUS12, BUSINESS(1), AT(1970, 1, 1, 0, 0),
     AT(1970, 1, 2, 12, 0)},
    {"UTC-12 at time 0, 2 days", CAL_MINUS12, BUSINESS(2), AT(1970, 1, 1, 0, 0),
     AT(1970, 1, 3, 12, 0)},
    /* Jan 1, 1970 as a holiday of that calendar: Friday Jan 2 is the day. */
    {"UTC-12 at time 0, Jan 1 a holiday", CAL_MINUS12_NEW_YEAR, BUSINESS(1),
     AT(1970, 1, 1, 0, 0), AT(1970, 1, 3, 12, 0)},
    /* Time 0 at UTC+14 is Thursday Jan 1, 14:00: the day is Friday Jan 2,
    ** which ends at 10:00 UTC that day. */
    {"UTC+14 at time 0", CAL_PLUS14, BUSINESS(1), AT(1970, 1, 1, 0, 0),
     AT(1970, 1, 2, 10, 0)},
};

static void test_business_days_with_offsets(void **state)
{
    (void)state;
    check_ends(offset_cases, sizeof offset_cases / sizeof offset_cases[0]);
}

/* Weekends of no day and of six days. */
static const end_case weekend_cases[] = {
    /* No weekend: Saturday and Sunday count. From Friday Jan 9, 2026 two
    ** business days are Jan 10 and 11. */
    {"no weekend", CAL_EMPTY, BUSINESS(2), AT(2026, 1, 9, 12, 0), AT(2026, 1, 12, 0, 0)},
    {"no weekend from time 0", CAL_EMPTY, BUSINESS(1), AT(1970, 1, 1, 0, 0),
     AT(1970, 1, 3, 0, 0)},
    /* Sunday the only business day: from Thursday Jan 1, 1970 the first is
    ** Jan 4. */
    {"six weekend days", CAL_SIX, BUSINESS(1), AT(1970, 1, 1, 0, 0), AT(1970, 1, 5, 0, 0)},
    /* The 10000th Sunday from Jan 4, 1970 is 9999 weeks later, Sunday
    ** Aug 23, 2161. */
    {"six weekend days, 10000", CAL_SIX, BUSINESS(10000), AT(1970, 1, 1, 0, 0),
     AT(2161, 8, 24, 0, 0)},
    /* The longest walk the limits allow: one business day a week and 256
    ** of those days holidays, so the count ends 256 weeks later, on Sunday
    ** July 20, 2166. */
    {"six weekend days, 256 holidays, 10000", CAL_SIX_SUNDAYS, BUSINESS(10000),
     AT(1970, 1, 1, 0, 0), AT(2166, 7, 21, 0, 0)},
};

static void test_business_days_with_odd_weekends(void **state)
{
    (void)state;
    check_ends(weekend_cases, sizeof weekend_cases / sizeof weekend_cases[0]);
}

/* ------------------------------------------------------------------------
** acs_period_end at the top of the time range.
*/

typedef struct range_case {
    const char *what;
    int calendar;
    acs_period period;
    int64_t from_ms;
    int code;       /* ACS_OK or ACS_E_TIME_RANGE */
    int64_t end_ms; /* when ACS_OK */
} range_case;

/* The last local midnight in range, in UTC: 6429-10-17 00:00. */
#define LAST_MIDNIGHT (ACS_TIME_MAX_MS - 2 * FX_HOUR - 45 * 60 * FX_SECOND - 55327)

static void test_end_past_time_max(void **state)
{
    (void)state;
    assert_i64(LAST_MIDNIGHT, utc((stamp)AT(6429, 10, 17, 0, 0)));
    const range_case cases[] = {
        {"1 hour to the last millisecond", CAL_EMPTY, HOURS(1), ACS_TIME_MAX_MS - FX_HOUR,
         ACS_OK, ACS_TIME_MAX_MS},
        {"1 hour past it", CAL_EMPTY, HOURS(1), ACS_TIME_MAX_MS - FX_HOUR + 1,
         ACS_E_TIME_RANGE, 0},
        {"1 day to the last millisecond", CAL_EMPTY, DAYS(1), ACS_TIME_MAX_MS - FX_DAY,
         ACS_OK, ACS_TIME_MAX_MS},
        {"1 day past it", CAL_EMPTY, DAYS(1), ACS_TIME_MAX_MS - FX_DAY + 1,
         ACS_E_TIME_RANGE, 0},
        {"10000 days from 6410", CAL_EMPTY, DAYS(10000), utc((stamp)AT(6410, 1, 1, 0, 0)),
         ACS_E_TIME_RANGE, 0},
        /* From Oct 15 the one business day is Oct 16, ending at the last
        ** midnight in range; from Oct 16 it would end a day later. */
        {"1 business day to the last midnight", CAL_EMPTY, BUSINESS(1),
         LAST_MIDNIGHT - 2 * FX_DAY, ACS_OK, LAST_MIDNIGHT},
        {"1 business day from the last millisecond before it", CAL_EMPTY, BUSINESS(1),
         LAST_MIDNIGHT - FX_DAY - 1, ACS_OK, LAST_MIDNIGHT},
        {"1 business day past it", CAL_EMPTY, BUSINESS(1), LAST_MIDNIGHT - FX_DAY,
         ACS_E_TIME_RANGE, 0},
        {"1 business day from the last millisecond", CAL_TARGET, BUSINESS(1),
         ACS_TIME_MAX_MS, ACS_E_TIME_RANGE, 0},
        {"10000 business days from 6400", CAL_TARGET, BUSINESS(10000),
         utc((stamp)AT(6400, 1, 1, 0, 0)), ACS_E_TIME_RANGE, 0},
        {"10000 business days from the last millisecond", CAL_SIX_SUNDAYS,
         BUSINESS(10000), ACS_TIME_MAX_MS, ACS_E_TIME_RANGE, 0},
        {"no period at the last millisecond", CAL_EMPTY, NO_PERIOD, ACS_TIME_MAX_MS,
         ACS_OK, ACS_TIME_MAX_MS},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        acs_calendar calendar = calendar_of(cases[i].calendar);
        int64_t end = INT64_C(0x5a5a5a5a5a5a5a5a);
        int rc = acs_period_end(&calendar, cases[i].period, cases[i].from_ms, &end);
        if (rc != cases[i].code) print_error("%s\n", cases[i].what);
        assert_code(rc, cases[i].code);
        assert_i64(end, rc == ACS_OK ? cases[i].end_ms : INT64_C(0x5a5a5a5a5a5a5a5a));
    }
}

/* ------------------------------------------------------------------------
** Argument errors: each returns its code and leaves *end_ms alone.
*/

#define UNTOUCHED INT64_C(0x1234567887654321)

static void expect_end_error(const acs_calendar *calendar, acs_period period,
                             int64_t from_ms, int code, const char *what)
{
    int64_t end = UNTOUCHED;
    int rc = acs_period_end(calendar, period, from_ms, &end);
    if (rc != code) print_error("%s\n", what);
    assert_code(rc, code);
    assert_i64(end, UNTOUCHED);
}

static void test_period_end_errors(void **state)
{
    (void)state;
    const acs_calendar good = calendar_of(CAL_TARGET);
    const int64_t t = utc((stamp)AT(2026, 4, 2, 10, 0));

    /* No place for the answer, whatever the unit. */
    assert_code(acs_period_end(&good, (acs_period)BUSINESS(1), t, NULL), ACS_E_NULL);
    assert_code(acs_period_end(&good, (acs_period)HOURS(1), t, NULL), ACS_E_NULL);
    assert_code(acs_period_end(NULL, (acs_period)DAYS(1), t, NULL), ACS_E_NULL);
    assert_code(acs_period_end(NULL, (acs_period)NO_PERIOD, t, NULL), ACS_E_NULL);

    /* No calendar matters only for business days. */
    expect_end_error(NULL, (acs_period)BUSINESS(1), t, ACS_E_NULL, "no calendar");
    expect_end_error(NULL, (acs_period)BUSINESS(10000), t, ACS_E_NULL, "no calendar, 10000");

    /* Units past BUSINESS_DAYS are unknown. */
    expect_end_error(&good, (acs_period){1, 4}, t, ACS_E_ENUM, "unit 4");
    expect_end_error(&good, (acs_period){1, UINT32_MAX}, t, ACS_E_ENUM, "unit max");
    expect_end_error(NULL, (acs_period){0, 4}, t, ACS_E_ENUM, "unit 4, count 0");

    /* Counts: 1 .. 10000 with a unit, 0 with none. */
    expect_end_error(&good, (acs_period)HOURS(0), t, ACS_P_PERIOD, "0 hours");
    expect_end_error(&good, (acs_period)DAYS(ACS_PERIOD_COUNT_MAX + 1), t, ACS_P_PERIOD, "10001 days");
    expect_end_error(&good, (acs_period)BUSINESS(0), t, ACS_P_PERIOD, "0 business days");
    expect_end_error(&good, (acs_period)BUSINESS(ACS_PERIOD_COUNT_MAX + 1), t, ACS_P_PERIOD,
                     "10001 business days");
    expect_end_error(&good, (acs_period)HOURS(UINT32_MAX), t, ACS_P_PERIOD, "UINT32_MAX hours");
    expect_end_error(&good, (acs_period){1, ACS_UNIT_NONE}, t, ACS_P_PERIOD,
                     "none with count 1");

    /* The start out of range, for every unit. */
    const acs_period periods[] = {NO_PERIOD, HOURS(1), DAYS(1), BUSINESS(1)};
    const int64_t bad_times[] = {-1, ACS_TIME_MAX_MS + 1, INT64_MIN, INT64_MAX};
    for (size_t p = 0; p < 4; p++)
        for (size_t i = 0; i < 4; i++)
            expect_end_error(&good, periods[p], bad_times[i], ACS_E_TIME_RANGE,
                             "start out of range");

    /* The calendar is checked as acs_policy_build checks it. */
    acs_calendar bad = good;
    bad.reserved = 1;
    expect_end_error(&bad, (acs_period)BUSINESS(1), t, ACS_E_RESERVED, "reserved");
    bad = good;
    bad.weekend = SAT_SUN | MON_TO_SAT;
    expect_end_error(&bad, (acs_period)BUSINESS(1), t, ACS_P_CALENDAR, "seven weekend days");
    bad = good;
    bad.weekend |= 1u;
    expect_end_error(&bad, (acs_period)BUSINESS(1), t, ACS_P_CALENDAR, "weekend bit 0");
    bad = good;
    bad.utc_offset_minutes = 841;
    expect_end_error(&bad, (acs_period)BUSINESS(1), t, ACS_P_CALENDAR, "offset 841");
    bad.utc_offset_minutes = -721;
    expect_end_error(&bad, (acs_period)BUSINESS(1), t, ACS_P_CALENDAR, "offset -721");
    bad = good;
    bad.holidays[7] = 20260406;
    bad.holidays[8] = 20260403;
    expect_end_error(&bad, (acs_period)BUSINESS(1), t, ACS_P_CALENDAR, "holidays out of order");
    bad = good;
    bad.holidays[TARGET_DAY_COUNT] = 20310101;
    expect_end_error(&bad, (acs_period)BUSINESS(1), t, ACS_P_CALENDAR, "an entry past the count");
    bad = good;
    bad.holidays[0] = 20250229;
    expect_end_error(&bad, (acs_period)BUSINESS(1), t, ACS_P_CALENDAR, "Feb 29, 2025");
    bad = good;
    bad.holiday_count = ACS_HOLIDAYS_MAX + 1;
    expect_end_error(&bad, (acs_period)BUSINESS(1), t, ACS_P_CALENDAR, "257 holidays");
}

/* ------------------------------------------------------------------------
** acs_business_day.
*/

typedef struct day_case {
    const char *what;
    int calendar;
    stamp at;
    int business; /* 1 or 0 */
} day_case;

static const day_case day_cases[] = {
    /* Easter 2026 in the consumer calendar, where local days start at
    ** 23:00 UTC. */
    {"Thursday Apr 2, last millisecond", CAL_TARGET, AT_MS(2026, 4, 2, 22, 59, 59999), 1},
    {"Good Friday, first millisecond", CAL_TARGET, AT(2026, 4, 2, 23, 0), 0},
    {"Easter Saturday", CAL_TARGET, AT(2026, 4, 4, 12, 0), 0},
    {"Easter Sunday", CAL_TARGET, AT(2026, 4, 5, 12, 0), 0},
    {"Easter Monday, first millisecond", CAL_TARGET, AT(2026, 4, 5, 23, 0), 0},
    {"Easter Monday, last millisecond", CAL_TARGET, AT_MS(2026, 4, 6, 22, 59, 59999), 0},
    {"Tuesday Apr 7", CAL_TARGET, AT(2026, 4, 6, 23, 0), 1},
    /* Dec 26, 2026 is a holiday on a Saturday, closed either way. */
    {"Boxing Day 2026, a Saturday", CAL_TARGET, AT(2026, 12, 26, 12, 0), 0},
    /* The holidays are only those listed: 2031 has none. */
    {"Jan 1, 2031 is not listed", CAL_TARGET, AT(2031, 1, 1, 12, 0), 1},
    {"Dec 31, 2030", CAL_TARGET, AT(2030, 12, 31, 12, 0), 1},
    {"Jan 1, 2025, the first listed", CAL_TARGET, AT(2025, 1, 1, 12, 0), 0},
    /* Feb 29, 2028 as a holiday, and as a plain Tuesday. */
    {"Feb 29, 2028, a holiday", CAL_LEAP, AT(2028, 2, 29, 12, 0), 0},
    {"Feb 29, 2028, a Tuesday", CAL_WEEKEND_UTC, AT(2028, 2, 29, 12, 0), 1},
    {"Mar 1, 2028", CAL_LEAP, AT(2028, 3, 1, 0, 0), 1},
    /* Around time 0: at UTC-12 time 0 is Wednesday Dec 31, 1969 locally. */
    {"time 0 at UTC-12", CAL_MINUS12_NEW_YEAR, AT(1970, 1, 1, 0, 0), 1},
    {"Jan 1, 1970 at UTC-12", CAL_MINUS12_NEW_YEAR, AT(1970, 1, 1, 12, 0), 0},
    {"time 0 at UTC+14", CAL_PLUS14_NEW_YEAR, AT(1970, 1, 1, 0, 0), 0},
    {"Jan 2, 1970 at UTC+14", CAL_PLUS14_NEW_YEAR, AT(1970, 1, 1, 10, 0), 1},
    /* At UTC+14, 10:00 UTC on a Friday is Saturday locally. */
    {"Friday 10:00 UTC at UTC+14", CAL_PLUS14, AT(2026, 1, 9, 10, 0), 0},
    {"Friday 09:59 UTC at UTC+14", CAL_PLUS14, AT(2026, 1, 9, 9, 59), 1},
    /* At UTC-5, 03:00 UTC on a Saturday is still Friday locally. */
    {"Saturday 03:00 UTC at UTC-5", CAL_MINUS5, AT(2026, 1, 10, 3, 0), 1},
    {"Saturday 05:00 UTC at UTC-5", CAL_MINUS5, AT(2026, 1, 10, 5, 0), 0},
    /* Weekends of no day and of six days. */
    {"a Saturday with no weekend", CAL_EMPTY, AT(2026, 1, 10, 12, 0), 1},
    {"a Sunday with six weekend days", CAL_SIX, AT(1970, 1, 4, 12, 0), 1},
    {"a Monday with six weekend days", CAL_SIX, AT(1970, 1, 5, 12, 0), 0},
    {"a Sunday that is a holiday", CAL_SIX_SUNDAYS, AT(1974, 11, 24, 12, 0), 0},
    {"the Sunday after the last holiday", CAL_SIX_SUNDAYS, AT(1974, 12, 1, 12, 0), 1},
    /* The last millisecond in range, a Wednesday. */
    {"ACS_TIME_MAX_MS", CAL_TARGET, AT_MS(6429, 10, 17, 2, 45, 55327), 1},
    {"ACS_TIME_MAX_MS at UTC+14", CAL_PLUS14, AT_MS(6429, 10, 17, 2, 45, 55327), 1},
};

static void test_business_day_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof day_cases / sizeof day_cases[0]; i++) {
        const day_case *c = &day_cases[i];
        acs_calendar calendar = calendar_of(c->calendar);
        int got = acs_business_day(&calendar, utc(c->at));
        if (got != c->business) print_error("%s\n", c->what);
        assert_int_equal(got, c->business);
    }
}

/* Whole years of the consumer calendar, day by day at local noon (11:00
** UTC). 2026 starts on a Thursday: 104 weekend days, and of its six
** holidays all but Saturday Dec 26 fall on weekdays, so 365 - 104 - 5 =
** 256 business days. 2028 (a leap year starting on a Saturday) has 106
** weekend days and five holidays on weekdays (Jan 1 is a Saturday): 255.
** 2031 lists no holidays: 365 - 104 = 261. */
static void test_business_days_per_year(void **state)
{
    (void)state;
    const struct {
        int year;
        int days;
        int business;
    } years[] = {{2026, 365, 256}, {2027, 365, 258}, {2028, 366, 255}, {2031, 365, 261}};
    const acs_calendar calendar = calendar_of(CAL_TARGET);
    for (size_t y = 0; y < sizeof years / sizeof years[0]; y++) {
        const int64_t first = utc((stamp)AT(years[y].year, 1, 1, 11, 0));
        int business = 0;
        for (int d = 0; d < years[y].days; d++) {
            int answer = acs_business_day(&calendar, first + d * FX_DAY);
            assert_true(answer == 0 || answer == 1);
            business += answer;
        }
        if (business != years[y].business) print_error("year %d\n", years[y].year);
        assert_int_equal(business, years[y].business);
    }
}

/* acs_period_end and acs_business_day agree on which days count: one
** business day from t ends at a local midnight, the local day before that
** midnight is a business day, and every local day between t's own and that
** one is closed. */
static void test_period_end_agrees_with_business_day(void **state)
{
    (void)state;
    const int ids[] = {CAL_TARGET, CAL_PLUS14, CAL_MINUS12, CAL_SIX, CAL_MAY_DAY};
    for (size_t c = 0; c < sizeof ids / sizeof ids[0]; c++) {
        const acs_calendar calendar = calendar_of(ids[c]);
        const int64_t offset_ms = calendar.utc_offset_minutes * 60 * FX_SECOND;
        /* Every seven hours through 2026 and 2027, so that the start falls
        ** at every hour of the local day. */
        const int64_t start = utc((stamp)AT(2026, 1, 1, 0, 0));
        for (int64_t t = start; t < start + 730 * FX_DAY; t += 7 * FX_HOUR) {
            int64_t end = -1;
            assert_code(acs_period_end(&calendar, (acs_period)BUSINESS(1), t, &end), ACS_OK);
            assert_i64((end + offset_ms) % FX_DAY, 0);
            /* The local midnight that starts t's day. */
            const int64_t midnight = t - (t + offset_ms) % FX_DAY;
            assert_true(end - FX_DAY >= midnight + FX_DAY);
            assert_int_equal(acs_business_day(&calendar, end - FX_DAY), 1);
            assert_int_equal(acs_business_day(&calendar, end - 1), 1);
            for (int64_t day = midnight + FX_DAY; day < end - FX_DAY; day += FX_DAY)
                assert_int_equal(acs_business_day(&calendar, day), 0);
        }
    }
}

static void test_business_day_errors(void **state)
{
    (void)state;
    const acs_calendar good = calendar_of(CAL_TARGET);
    const int64_t t = utc((stamp)AT(2026, 4, 2, 10, 0));
    assert_code(acs_business_day(NULL, t), ACS_E_NULL);
    assert_code(acs_business_day(&good, -1), ACS_E_TIME_RANGE);
    assert_code(acs_business_day(&good, ACS_TIME_MAX_MS + 1), ACS_E_TIME_RANGE);
    assert_code(acs_business_day(&good, INT64_MIN), ACS_E_TIME_RANGE);
    assert_int_equal(acs_business_day(&good, 0), 1); /* Thursday Jan 1, 1970 */

    acs_calendar bad = good;
    bad.reserved = 0x80000000u;
    assert_code(acs_business_day(&bad, t), ACS_E_RESERVED);
    bad = good;
    bad.weekend = SAT_SUN | MON_TO_SAT;
    assert_code(acs_business_day(&bad, t), ACS_P_CALENDAR);
    bad = good;
    bad.utc_offset_minutes = -721;
    assert_code(acs_business_day(&bad, t), ACS_P_CALENDAR);
    bad = good;
    bad.holidays[35] = bad.holidays[34];
    assert_code(acs_business_day(&bad, t), ACS_P_CALENDAR);
    bad = good;
    bad.holidays[0] = 19691231;
    assert_code(acs_business_day(&bad, t), ACS_P_CALENDAR);
}

/* ------------------------------------------------------------------------
** Through the library: the consumer policy's appeal answer.
*/

/* Under the consumer preset, a withdrawal-only hold is placed an hour
** before the customer appeals it at appeal (its review, 30 days later,
** comes after the answer); the answer must be due at due, acs_advance must
** leave it alone one millisecond before and flag it overdue at due. */
static void check_consumer_answer(stamp appeal, stamp due_at)
{
    acs_policy policy;
    acs_account account;
    acs_record records[ACS_DEADLINES_MAX];
    const int64_t t = utc(appeal);
    const int64_t due = utc(due_at);
    fx_preset(&policy, ACS_PRESET_CONSUMER);
    fx_active(&policy, &account, t - 2 * FX_HOUR);
    unsigned id = fx_hold(&policy, &account, t - FX_HOUR, ACS_LEVEL_WITHDRAWAL_ONLY);
    assert_true(fx_find_hold(&account, id).review_deadline_ms > due);

    acs_event event = fx_ev_appeal(t, id);
    acs_record record;
    fx_apply_ok(&policy, &account, &event, &record);
    assert_i64(record.deadline_ms, due);
    acs_account_info info = fx_info(&account);
    assert_int_equal(info.appeal_count, 1);
    assert_i64(info.appeals[0].answer_deadline_ms, due);
    int kind = 0;
    assert_i64(fx_next_deadline(&account, &kind), due);
    assert_int_equal(kind, ACS_EVENT_APPEAL_LAPSED);

    int64_t next = 0;
    assert_int_equal(fx_advance(&policy, &account, due - 1, records, &next), 0);
    assert_i64(next, due);
    assert_int_equal(fx_info(&account).appeals[0].overdue, 0);

    assert_int_equal(fx_advance(&policy, &account, due, records, &next), 1);
    assert_int_equal(records[0].kind, ACS_EVENT_APPEAL_LAPSED);
    assert_i64(records[0].time_ms, due);
    assert_i64(records[0].deadline_ms, due);
    assert_int_equal(records[0].hold_id, id);
    info = fx_info(&account);
    assert_int_equal(info.appeals[0].overdue, 1);
    assert_i64(info.last_change_ms, due);
}

/* Appeal on Wednesday Mar 25, 2026, 15:00 local. The 15 business days are
** Mar 26, 27, 30, 31, Apr 1, 2, then (Good Friday Apr 3, the weekend and
** Easter Monday Apr 6 skipped) Apr 7 .. 10 and 13 .. 17: the answer is due
** at the end of Friday Apr 17 local, 2026-04-17 23:00 UTC. */
static void test_consumer_answer_across_easter_2026(void **state)
{
    (void)state;
    check_consumer_answer((stamp)AT(2026, 3, 25, 14, 0), (stamp)AT(2026, 4, 17, 23, 0));
}

/* Appeal on Thursday Dec 17, 2026, 10:00 local. The 15 business days are
** Dec 18, 21 .. 24, 28 .. 31 (Christmas Friday Dec 25 and the weekend
** skipped), then (New Year's Day, Friday Jan 1, 2027 skipped) Jan 4 .. 8
** and Monday Jan 11: the answer is due at 2027-01-11 23:00 UTC. */
static void test_consumer_answer_across_new_year_2027(void **state)
{
    (void)state;
    check_consumer_answer((stamp)AT(2026, 12, 17, 9, 0), (stamp)AT(2027, 1, 11, 23, 0));
}

/* An appeal made at 23:30 UTC on Thursday Apr 2, 2026 is made on Good
** Friday locally; the count starts after that day: Apr 7 .. 10, 13 .. 17,
** 20 .. 24 and 27, so the answer is due at 2026-04-27 23:00 UTC. Counted
** from the UTC date it would end on Friday Apr 24. */
static void test_consumer_answer_from_a_local_holiday(void **state)
{
    (void)state;
    check_consumer_answer((stamp)AT(2026, 4, 2, 23, 30), (stamp)AT(2026, 4, 27, 23, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utc_helper),
        cmocka_unit_test(test_consumer_calendar_is_target),
        cmocka_unit_test(test_hours_and_days_are_exact),
        cmocka_unit_test(test_fixed_periods_need_no_calendar),
        cmocka_unit_test(test_business_days_in_the_consumer_calendar),
        cmocka_unit_test(test_business_days_across_dates),
        cmocka_unit_test(test_business_days_with_offsets),
        cmocka_unit_test(test_business_days_with_odd_weekends),
        cmocka_unit_test(test_end_past_time_max),
        cmocka_unit_test(test_period_end_errors),
        cmocka_unit_test(test_business_day_table),
        cmocka_unit_test(test_business_days_per_year),
        cmocka_unit_test(test_period_end_agrees_with_business_day),
        cmocka_unit_test(test_business_day_errors),
        cmocka_unit_test(test_consumer_answer_across_easter_2026),
        cmocka_unit_test(test_consumer_answer_across_new_year_2027),
        cmocka_unit_test(test_consumer_answer_from_a_local_holiday),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
