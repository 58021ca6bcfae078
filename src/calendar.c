/*
** calendar.c: periods and the calendar they are counted in. Every deadline
** the policy sets (review, notice, window extension, appeal window and
** answer) is computed here from a period and a start time: hours and days
** are fixed lengths of time, business days walk the local days of the
** policy's calendar, skipping weekend days and holidays.
**
** Dates are handled as day numbers: days since 1970-01-01 in the calendar's
** local time. Holidays are given as YYYYMMDD numbers and converted with the
** proleptic Gregorian calendar (era-based arithmetic on 400-year cycles).
*/
#include "internal.h"

#define DAY_MS ACS__DAY_MS
#define HOUR_MS ACS__HOUR_MS
#define MINUTE_MS ((int64_t)60000)
#define OFFSET_MIN_MINUTES (-720)
#define OFFSET_MAX_MINUTES 840
#define YEAR_MIN 1970
#define YEAR_MAX 9999

static bool leap_year(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int64_t year, int64_t month)
{
    static const int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && leap_year(year)) return 29;
    return lengths[month - 1];
}

/* Days from 1970-01-01 to year-month-day. Years start in March inside the
** computation so that the leap day is the last day of its year. */
static int64_t day_number(int64_t year, int64_t month, int64_t day)
{
    year -= month <= 2;
    int64_t era = year / 400; /* year >= 1969 here, so no negative division */
    int64_t year_of_era = year - era * 400;
    int64_t shifted_month = month > 2 ? month - 3 : month + 9;
    int64_t day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

/* The day number of a YYYYMMDD date, or -1 when it is not a real date of
** the years YEAR_MIN .. YEAR_MAX. */
int64_t acs__date_day(uint32_t date)
{
    int64_t year = date / 10000;
    int64_t month = (date / 100) % 100;
    int64_t day = date % 100;
    if (year < YEAR_MIN || year > YEAR_MAX) return -1;
    if (month < 1 || month > 12) return -1;
    if (day < 1 || day > days_in_month(year, month)) return -1;
    return day_number(year, month, day);
}

/* ISO weekday (1 Monday .. 7 Sunday) of a day number: day 0 was a Thursday. */
static unsigned weekday(int64_t day)
{
    return (unsigned)((day + 3) % 7) + 1;
}

int acs__calendar_check(const acs_calendar *calendar, int *index)
{
    *index = -1;
    if (calendar->reserved != 0) return ACS_E_RESERVED;
    const uint32_t all_days = 0xfeu; /* bits 1..7 */
    if ((calendar->weekend & ~all_days) != 0 || calendar->weekend == all_days)
        return ACS_P_CALENDAR;
    if (calendar->utc_offset_minutes < OFFSET_MIN_MINUTES ||
        calendar->utc_offset_minutes > OFFSET_MAX_MINUTES)
        return ACS_P_CALENDAR;
    if (calendar->holiday_count > ACS_HOLIDAYS_MAX) return ACS_P_CALENDAR;
    int64_t previous = -1;
    for (uint32_t i = 0; i < ACS_HOLIDAYS_MAX; i++) {
        *index = (int)i;
        if (i >= calendar->holiday_count) {
            if (calendar->holidays[i] != 0) return ACS_P_CALENDAR;
            continue;
        }
        int64_t day = acs__date_day(calendar->holidays[i]);
        if (day < 0 || day <= previous) return ACS_P_CALENDAR;
        previous = day;
    }
    *index = -1;
    return ACS_OK;
}

/* The local day number holding time_ms (time_ms in range, offset checked). */
static int64_t local_day(const acs_calendar *calendar, int64_t time_ms)
{
    int64_t local = time_ms + calendar->utc_offset_minutes * MINUTE_MS;
    /* Floor division: a negative offset puts the first hours of 1970 on
    ** day -1. */
    return local >= 0 ? local / DAY_MS : -((-local + DAY_MS - 1) / DAY_MS);
}

/* The index of the first holiday on or after day (holiday_count if none). */
static uint32_t first_holiday_from(const acs_calendar *calendar, int64_t day)
{
    uint32_t low = 0;
    uint32_t high = calendar->holiday_count;
    while (low < high) {
        uint32_t middle = low + (high - low) / 2;
        if (acs__date_day(calendar->holidays[middle]) < day) low = middle + 1;
        else high = middle;
    }
    return low;
}

static bool is_holiday(const acs_calendar *calendar, int64_t day)
{
    uint32_t i = first_holiday_from(calendar, day);
    return i < calendar->holiday_count && acs__date_day(calendar->holidays[i]) == day;
}

/* The local midnight ending the count-th business day after the day holding
** from_ms. The walk is bounded: at most 7 days per business day, plus one
** day per holiday. */
static int64_t business_end(const acs_calendar *calendar, uint32_t count, int64_t from_ms)
{
    int64_t day = local_day(calendar, from_ms);
    uint32_t next = first_holiday_from(calendar, day + 1);
    int64_t next_holiday = next < calendar->holiday_count
                               ? acs__date_day(calendar->holidays[next]) : -1;
    uint32_t found = 0;
    while (found < count) {
        day++;
        bool holiday = day == next_holiday;
        if (holiday) {
            next++;
            next_holiday = next < calendar->holiday_count
                               ? acs__date_day(calendar->holidays[next]) : -1;
        }
        if (!holiday && !(calendar->weekend & ACS_WEEKDAY_BIT(weekday(day)))) found++;
    }
    return (day + 1) * DAY_MS - calendar->utc_offset_minutes * MINUTE_MS;
}

bool acs__period_ok(acs_period period)
{
    if (period.unit == ACS_UNIT_NONE) return period.count == 0;
    if (period.unit > ACS_UNIT_BUSINESS_DAYS) return false;
    return period.count >= 1 && period.count <= ACS_PERIOD_COUNT_MAX;
}

int64_t acs__business_end(const acs_calendar *calendar, uint32_t count, int64_t from_ms)
{
    assert(count >= 1 && count <= ACS_PERIOD_COUNT_MAX);
    assert(acs__time_ok(from_ms));
    int64_t end = business_end(calendar, count, from_ms);
    assert(end >= from_ms);
    return end;
}

int64_t acs__period_min_ms(acs_period period)
{
    switch (period.unit) {
    case ACS_UNIT_HOURS: return (int64_t)period.count * HOUR_MS;
    case ACS_UNIT_DAYS:
    case ACS_UNIT_BUSINESS_DAYS: return (int64_t)period.count * DAY_MS;
    default: return 0;
    }
}

int acs_period_end(const acs_calendar *calendar, acs_period period, int64_t from_ms,
                   int64_t *end_ms)
{
    if (end_ms == NULL) return ACS_E_NULL;
    if (period.unit > ACS_UNIT_BUSINESS_DAYS) return ACS_E_ENUM;
    if (!acs__period_ok(period)) return ACS_P_PERIOD;
    if (!acs__time_ok(from_ms)) return ACS_E_TIME_RANGE;
    if (period.unit == ACS_UNIT_BUSINESS_DAYS) {
        if (calendar == NULL) return ACS_E_NULL;
        int index;
        int rc = acs__calendar_check(calendar, &index);
        if (rc != ACS_OK) return rc;
    }
    return acs__period_end(calendar, period, from_ms, end_ms);
}

int acs_business_day(const acs_calendar *calendar, int64_t time_ms)
{
    if (calendar == NULL) return ACS_E_NULL;
    int index;
    int rc = acs__calendar_check(calendar, &index);
    if (rc != ACS_OK) return rc;
    if (!acs__time_ok(time_ms)) return ACS_E_TIME_RANGE;
    int64_t day = local_day(calendar, time_ms);
    if (calendar->weekend & ACS_WEEKDAY_BIT(weekday(day))) return 0;
    return is_holiday(calendar, day) ? 0 : 1;
}
