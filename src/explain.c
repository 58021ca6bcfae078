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

typedef struct writer {
    char *buf;
    size_t cap;
    size_t len; /* what the whole text needs, even past cap */
} writer;

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

static void put_char(writer *w, char c)
{
    if (w->len + 1 < w->cap) w->buf[w->len] = c;
    w->len++;
}

static void put(writer *w, const char *text)
{
    while (*text != '\0') put_char(w, *text++);
}

/* Writes value with at least width digits. */
static void put_number(writer *w, uint64_t value, int width)
{
    char digits[20];
    int count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (count < width) digits[count++] = '0';
    while (count > 0) put_char(w, digits[--count]);
}

/* Writes a name, or "unknown" when the value has none. */
static void put_name(writer *w, const char *name)
{
    put(w, name != NULL ? name : "unknown");
}

/* Days since 1970-01-01 to a civil date, by the era arithmetic of the
** proleptic Gregorian calendar (eras of 400 years, 146097 days). */
static void put_time(writer *w, int64_t time_ms)
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

    put_number(w, (uint64_t)year, 4);
    put_char(w, '-');
    put_number(w, (uint64_t)month, 2);
    put_char(w, '-');
    put_number(w, (uint64_t)day, 2);
    put_char(w, ' ');
    put_number(w, (uint64_t)(ms_of_day / ACS__HOUR_MS), 2);
    put_char(w, ':');
    put_number(w, (uint64_t)(ms_of_day % ACS__HOUR_MS / 60000), 2);
    put(w, " UTC");
}

/* A duration in whole days, or hours, or milliseconds, whichever is exact. */
static void put_duration(writer *w, int64_t period_ms)
{
    if (period_ms < 0) period_ms = 0;
    if (period_ms % ACS__DAY_MS == 0 && period_ms != 0) {
        put_number(w, (uint64_t)(period_ms / ACS__DAY_MS), 1);
        put(w, period_ms == ACS__DAY_MS ? " day" : " days");
    } else if (period_ms % ACS__HOUR_MS == 0 && period_ms != 0) {
        put_number(w, (uint64_t)(period_ms / ACS__HOUR_MS), 1);
        put(w, period_ms == ACS__HOUR_MS ? " hour" : " hours");
    } else {
        put_number(w, (uint64_t)period_ms, 1);
        put(w, " ms");
    }
}

static void put_event(writer *w, const acs_refusal *refusal)
{
    switch (refusal->kind) {
    case ACS_EVENT_VERIFY: put(w, "verifying the account"); break;
    case ACS_EVENT_HOLD:
        put(w, "placing a ");
        put_name(w, acs_level_name(refusal->level));
        put(w, " hold");
        break;
    case ACS_EVENT_LIFT: put(w, "lifting a hold"); break;
    case ACS_EVENT_EXTEND: put(w, "extending a deadline"); break;
    case ACS_EVENT_NOTICE: put(w, "giving closure notice"); break;
    case ACS_EVENT_RESCIND: put(w, "rescinding the closure notice"); break;
    case ACS_EVENT_CLOSE: put(w, "closing the account"); break;
    case ACS_EVENT_APPEAL: put(w, "an appeal"); break;
    case ACS_EVENT_DECIDE: put(w, "answering an appeal"); break;
    default: put(w, "this event"); break;
    }
}

static void put_policy(writer *w, const acs_refusal *refusal)
{
    /* The name is the caller's bytes: stop at the field's end even when no
    ** NUL terminates it. */
    size_t i = 0;
    while (i < ACS_POLICY_NAME_MAX && refusal->policy_name[i] != '\0') {
        put_char(w, refusal->policy_name[i]);
        i++;
    }
    if (i == 0) put(w, "unnamed");
}

static void fill(writer *w, const char *text, const acs_refusal *refusal)
{
    for (; *text != '\0'; text++) {
        if (*text != '%') {
            put_char(w, *text);
            continue;
        }
        text++;
        assert(*text != '\0');
        switch (*text) {
        case 'P': put_policy(w, refusal); break;
        case 'E': put_event(w, refusal); break;
        case 'S': put_name(w, acs_status_name(refusal->status)); break;
        case 'R': put_name(w, acs_role_name(refusal->role)); break;
        case 'G': put_name(w, acs_reason_name(refusal->reason)); break;
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
    writer w = {buf, cap, 0};
    const char *text = NULL;
    for (size_t i = 0; i < sizeof(templates) / sizeof(templates[0]); i++) {
        if (templates[i].code == refusal->code) text = templates[i].text;
    }
    if (text != NULL) {
        fill(&w, text, refusal);
    } else {
        put(&w, "The request was not processed: ");
        put(&w, acs_strerror(refusal->code));
        put_char(&w, '.');
    }
    if (cap > 0) buf[w.len < cap ? w.len : cap - 1] = '\0';
    assert(w.len > 0);
    return w.len;
}
