/*
** explain.c: the one-line English sentence that tells a support agent why an
** event was refused.
**
** Each code has a template; the template's markers are filled from the
** acs_refusal: %P the policy's name, %E what was attempted, %S the account's
** status, %R the role, %G the reason, %T the limit as a UTC date and time,
** %D the limit as a duration. The text is written with snprintf's
** contract, by hand, because the library calls no formatting function.
*/
#include "internal.h"

typedef struct template_entry {
    int code;
    const char *text;
} template_entry;

static const template_entry templates[] = {
    {ACS_R_STATUS, "Under policy %P, %E is not permitted while the account is %S."},
    {ACS_R_ROLE, "Under policy %P, %E is not permitted to the role %R."},
    {ACS_R_REASON_NOT_VALID, "Under policy %P, %G is not a valid reason for %E."},
    {ACS_R_REASON_NEVER_VALID,
     "Under policy %P, %G is never a valid reason for any action on an account."},
    {ACS_R_EVIDENCE_MISSING,
     "Under policy %P, %E for the reason %G needs evidence, and none was attached."},
    {ACS_R_APPROVER_MISSING,
     "Under policy %P, %E needs a second person to approve it, and none did."},
    {ACS_R_APPROVER_SAME,
     "Under policy %P, %E must be approved by someone other than the person asking."},
    {ACS_R_APPROVER_ROLE, "Under policy %P, the role %R may not approve %E."},
    {ACS_R_WINDOW_RUNNING,
     "Under policy %P, the account still holds funds and its withdrawal window runs "
     "until %T at the earliest, so it cannot be closed yet."},
    {ACS_R_DEADLINE_BEYOND_MAX,
     "Under policy %P, the new deadline may not be later than %T."},
    {ACS_R_DEADLINE_NOT_LATER,
     "Under policy %P, an extension must set a deadline later than %T."},
    {ACS_R_PERIOD_TOO_LONG,
     "Under policy %P, the review period of this hold may not be longer than %D."},
    {ACS_R_FUNDS_UNCLAIMED,
     "Under policy %P, which names no way to handle unclaimed funds, an account whose "
     "window ended with funds still in it cannot be closed."},
    {ACS_R_NOTICE_REQUIRED,
     "Under policy %P, an open account closes at once only at the customer's request "
     "and when it holds no funds; otherwise closure notice must be given first."},
    {ACS_R_APPEAL_LIMIT,
     "Under policy %P, the account already has the most open appeals allowed; one "
     "must be answered first."},
    {ACS_R_APPEAL_WINDOW, "Under policy %P, the time to appeal ended at %T."},
    {ACS_R_NO_APPEAL,
     "Under policy %P, there is no open appeal against that hold or notice to answer."},
    {ACS_R_NO_DEADLINE, "Under policy %P, there is no running deadline to extend."},
    {ACS_R_NO_NOTICE, "Under policy %P, no closure notice is running on this account."},
    {ACS_R_NOTICE_RUNNING,
     "Under policy %P, a closure notice is already running on this account."},
};

/* Days since 1970-01-01 to a civil date, by the era arithmetic of the
** proleptic Gregorian calendar (eras of 400 years, 146097 days). */
static void put_time(acs__writer *w, int64_t time_ms)
{
    if (time_ms < 0) time_ms = 0;
    int64_t days = time_ms / ACS__DAY_MS;
    int64_t ms_of_day = time_ms % ACS__DAY_MS;
    int64_t shifted = days + 719468; /* days since 0000-03-01 */
    int64_t era = shifted / 146097;
    int64_t day_of_era = shifted - era * 146097;
    int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t month_index = (5 * day_of_year + 2) / 153; /* 0 = March */
    int64_t day = day_of_year - (153 * month_index + 2) / 5 + 1;
    int64_t month = month_index < 10 ? month_index + 3 : month_index - 9;
    int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
    assert(month >= 1 && month <= 12);
    assert(day >= 1 && day <= 31);

    acs__put_number(w, (uint64_t)year, 4);
    acs__put_char(w, '-');
    acs__put_number(w, (uint64_t)month, 2);
    acs__put_char(w, '-');
    acs__put_number(w, (uint64_t)day, 2);
    acs__put_char(w, ' ');
    acs__put_number(w, (uint64_t)(ms_of_day / ACS__HOUR_MS), 2);
    acs__put_char(w, ':');
    acs__put_number(w, (uint64_t)(ms_of_day % ACS__HOUR_MS / 60000), 2);
    acs__put(w, " UTC");
}

/* A duration in whole days, or hours, or milliseconds, whichever is exact. */
/* Writes count and unit, with the unit in the plural when count is not 1. */
static void put_count(acs__writer *w, int64_t count, const char *unit)
{
    acs__put_number(w, (uint64_t)count, 1);
    acs__put_char(w, ' ');
    acs__put(w, unit);
    if (count != 1) acs__put_char(w, 's');
}

/* A duration in the largest unit that states it exactly (days, hours);
** otherwise, from a minute up, in days, hours and minutes (a bound counted
** to the end of a business day is rarely whole hours, and a support agent
** reads minutes out better than milliseconds); below a minute, in ms. */
static void put_duration(acs__writer *w, int64_t period_ms)
{
    const int64_t minute_ms = (int64_t)60 * 1000;
    if (period_ms < 0) period_ms = 0;
    if (period_ms != 0 && period_ms % ACS__DAY_MS == 0) {
        put_count(w, period_ms / ACS__DAY_MS, "day");
    } else if (period_ms != 0 && period_ms % ACS__HOUR_MS == 0) {
        put_count(w, period_ms / ACS__HOUR_MS, "hour");
    } else if (period_ms >= minute_ms) {
        int64_t parts[3] = {period_ms / ACS__DAY_MS, period_ms % ACS__DAY_MS / ACS__HOUR_MS,
                            period_ms % ACS__HOUR_MS / minute_ms};
        static const char *const units[3] = {"day", "hour", "minute"};
        int shown = 0;
        int left = (parts[0] != 0) + (parts[1] != 0) + (parts[2] != 0);
        for (int i = 0; i < 3; i++) {
            if (parts[i] == 0) continue;
            if (shown > 0) acs__put(w, left == 1 ? " and " : ", ");
            put_count(w, parts[i], units[i]);
            shown++;
            left--;
        }
        assert(shown > 0);
    } else {
        acs__put_number(w, (uint64_t)period_ms, 1);
        acs__put(w, " ms");
    }
}

static void put_event(acs__writer *w, const acs_refusal *refusal)
{
    switch (refusal->kind) {
    case ACS_EVENT_VERIFY: acs__put(w, "verifying the account"); break;
    case ACS_EVENT_HOLD:
        acs__put(w, "placing a ");
        acs__put_name(w, acs_level_name(refusal->level));
        acs__put(w, " hold");
        break;
    case ACS_EVENT_LIFT: acs__put(w, "lifting a hold"); break;
    case ACS_EVENT_EXTEND: acs__put(w, "extending a deadline"); break;
    case ACS_EVENT_NOTICE: acs__put(w, "giving closure notice"); break;
    case ACS_EVENT_RESCIND: acs__put(w, "rescinding the closure notice"); break;
    case ACS_EVENT_CLOSE: acs__put(w, "closing the account"); break;
    case ACS_EVENT_APPEAL: acs__put(w, "an appeal"); break;
    case ACS_EVENT_DECIDE: acs__put(w, "answering an appeal"); break;
    default: acs__put(w, "this event"); break;
    }
}

static void put_policy(acs__writer *w, const acs_refusal *refusal)
{
    /* The name is the caller's bytes: stop at the field's end even when no
    ** NUL terminates it. */
    size_t i = 0;
    while (i < ACS_POLICY_NAME_MAX && refusal->policy_name[i] != '\0') {
        acs__put_char(w, refusal->policy_name[i]);
        i++;
    }
    if (i == 0) acs__put(w, "unnamed");
}

static void fill(acs__writer *w, const char *text, const acs_refusal *refusal)
{
    for (; *text != '\0'; text++) {
        if (*text != '%') {
            acs__put_char(w, *text);
            continue;
        }
        text++;
        assert(*text != '\0');
        switch (*text) {
        case 'P': put_policy(w, refusal); break;
        case 'E': put_event(w, refusal); break;
        case 'S': acs__put_name(w, acs_status_name(refusal->status)); break;
        case 'R': acs__put_name(w, acs_role_name(refusal->role)); break;
        case 'G': acs__put_name(w, acs_reason_name(refusal->reason)); break;
        case 'T': put_time(w, refusal->limit_ms); break;
        default:
            assert(*text == 'D');
            put_duration(w, refusal->limit_ms);
            break;
        }
    }
}

size_t acs_explain(const acs_refusal *refusal, char *buf, size_t cap)
{
    if (buf == NULL) cap = 0;
    if (refusal == NULL) {
        if (cap > 0) buf[0] = '\0';
        return 0;
    }
    acs__writer w;
    acs__writer_init(&w, buf, cap);
    const char *text = NULL;
    for (size_t i = 0; i < sizeof(templates) / sizeof(templates[0]); i++) {
        if (templates[i].code == refusal->code) text = templates[i].text;
    }
    if (text != NULL) {
        fill(&w, text, refusal);
    } else {
        acs__put(&w, "The request was not processed: ");
        acs__put(&w, acs_strerror(refusal->code));
        acs__put_char(&w, '.');
    }
    size_t length = acs__writer_end(&w);
    assert(length > 0);
    return length;
}
