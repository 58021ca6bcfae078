/*
** model.c: the reference model of an account under the three presets.
**
** Written from DOMAIN.md and docs/model.md, deliberately plain: each rule
** of each preset is an if-chain in the order the documents give (status, a
** reason never valid, role, dual control, reason, evidence), each period is
** a small function of the preset, dates are walked one day at a time, and
** the account is a struct with one field per fact. Nothing here is shared
** with the library, so that where the two disagree one of them is wrong and
** the property suite says where.
*/
#include "model.h"

#include <string.h>

#define MINUTE_MS ((int64_t)60 * 1000)
#define HOUR_MS (60 * MINUTE_MS)
#define DAY_MS (24 * HOUR_MS)

/* ------------------------------------------------------------------------
** Periods and the calendar.
*/

enum { UNIT_NONE, UNIT_HOURS, UNIT_DAYS, UNIT_BUSINESS_DAYS };

typedef struct period {
    int unit;
    int count;
} period;

static period none(void)
{
    period p = {UNIT_NONE, 0};
    return p;
}

static period days(int count)
{
    period p = {UNIT_DAYS, count};
    return p;
}

static period business_days(int count)
{
    period p = {UNIT_BUSINESS_DAYS, count};
    return p;
}

static bool leap_year(int64_t year)
{
    if (year % 400 == 0) return true;
    if (year % 100 == 0) return false;
    return year % 4 == 0;
}

static int month_length(int64_t year, int month)
{
    if (month == 2) return leap_year(year) ? 29 : 28;
    if (month == 4 || month == 6 || month == 9 || month == 11) return 30;
    return 31;
}

typedef struct civil {
    int64_t year;
    int month;
    int day;
} civil;

/* The date of a day number (days since 1970-01-01), found by walking whole
** years and then whole months: slow and obviously right. */
static civil civil_of_day(int64_t day)
{
    civil date = {1970, 1, 1};
    int64_t left = day;
    while (left < 0) {
        date.year--;
        left += leap_year(date.year) ? 366 : 365;
    }
    while (left >= (leap_year(date.year) ? 366 : 365)) {
        left -= leap_year(date.year) ? 366 : 365;
        date.year++;
    }
    while (left >= month_length(date.year, date.month)) {
        left -= month_length(date.year, date.month);
        date.month++;
    }
    date.day = (int)left + 1;
    return date;
}

static civil next_day(civil date)
{
    date.day++;
    if (date.day > month_length(date.year, date.month)) {
        date.day = 1;
        date.month++;
        if (date.month > 12) {
            date.month = 1;
            date.year++;
        }
    }
    return date;
}

static civil previous_day(civil date)
{
    date.day--;
    if (date.day < 1) {
        date.month--;
        if (date.month < 1) {
            date.month = 12;
            date.year--;
        }
        date.day = month_length(date.year, date.month);
    }
    return date;
}

static bool same_date(civil a, civil b)
{
    return a.year == b.year && a.month == b.month && a.day == b.day;
}

/* ISO weekday (1 Monday .. 7 Sunday) of a day number: 1970-01-01 was a
** Thursday. */
static int weekday_of_day(int64_t day)
{
    int64_t rest = day % 7;
    if (rest < 0) rest += 7;
    return (int)((rest + 3) % 7) + 1;
}

/* Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, as
** published by Meeus). The consumer calendar's Good Friday and Easter
** Monday are computed from it rather than listed, so that the model checks
** the preset's holiday list instead of repeating it. */
static civil easter_sunday(int64_t year)
{
    int64_t a = year % 19;
    int64_t b = year / 100;
    int64_t c = year % 100;
    int64_t d = b / 4;
    int64_t e = b % 4;
    int64_t f = (b + 8) / 25;
    int64_t g = (b - f + 1) / 3;
    int64_t h = (19 * a + b - d - g + 15) % 30;
    int64_t i = c / 4;
    int64_t k = c % 4;
    int64_t l = (32 + 2 * e + 2 * i - h - k) % 7;
    int64_t m = (a + 11 * h + 22 * l) / 451;
    civil date;
    date.year = year;
    date.month = (int)((h + l - 7 * m + 114) / 31);
    date.day = (int)((h + l - 7 * m + 114) % 31) + 1;
    return date;
}

/* The consumer preset's holidays: the TARGET closing days (New Year's Day,
** Good Friday, Easter Monday, 1 May, 25 and 26 December) of 2025 to 2030. */
static bool consumer_holiday(civil date)
{
    if (date.year < 2025 || date.year > 2030) return false;
    if (date.month == 1 && date.day == 1) return true;
    if (date.month == 5 && date.day == 1) return true;
    if (date.month == 12 && (date.day == 25 || date.day == 26)) return true;
    civil easter = easter_sunday(date.year);
    if (same_date(date, previous_day(previous_day(easter)))) return true;
    if (same_date(date, next_day(easter))) return true;
    return false;
}

/* The consumer calendar: Saturday and Sunday off, local days at UTC+01:00. */
#define CONSUMER_OFFSET_MS (60 * MINUTE_MS)

static bool consumer_business_day(int64_t day, civil date)
{
    int weekday = weekday_of_day(day);
    if (weekday == ACS_SATURDAY || weekday == ACS_SUNDAY) return false;
    return !consumer_holiday(date);
}

/* Floor division by a positive divisor. */
static int64_t floor_div(int64_t value, int64_t divisor)
{
    int64_t quotient = value / divisor;
    if (value % divisor != 0 && value < 0) quotient--;
    return quotient;
}

/* The local midnight that ends the count-th business day after the local
** day holding from_ms, walking one day at a time. Only the consumer preset
** counts business days. */
static int64_t business_days_end(int count, int64_t from_ms)
{
    int64_t day = floor_div(from_ms + CONSUMER_OFFSET_MS, DAY_MS);
    civil date = civil_of_day(day);
    int found = 0;
    while (found < count) {
        day++;
        date = next_day(date);
        if (consumer_business_day(day, date)) found++;
    }
    return (day + 1) * DAY_MS - CONSUMER_OFFSET_MS;
}

/* The end of a period from from_ms, not limited to the representable range:
** from_ms is below 2^47 and a period is a few years at most, so the sum
** cannot overflow. The caller decides what an end past ACS_TIME_MAX_MS
** means. */
static int64_t period_end(period p, int64_t from_ms)
{
    if (p.unit == UNIT_HOURS) return from_ms + p.count * HOUR_MS;
    if (p.unit == UNIT_DAYS) return from_ms + p.count * DAY_MS;
    if (p.unit == UNIT_BUSINESS_DAYS) return business_days_end(p.count, from_ms);
    return from_ms;
}

static int64_t at_most_time_max(int64_t time_ms)
{
    return time_ms > ACS_TIME_MAX_MS ? ACS_TIME_MAX_MS : time_ms;
}

static bool time_in_range(int64_t time_ms)
{
    return time_ms >= 0 && time_ms <= ACS_TIME_MAX_MS;
}

/* ------------------------------------------------------------------------
** The presets' figures and flags, one function each.
*/

void model_policy_init(model_policy *policy, int preset,
                       const uint8_t fingerprint[ACS_DIGEST_SIZE])
{
    policy->preset = preset;
    memcpy(policy->fingerprint, fingerprint, ACS_DIGEST_SIZE);
}

const char *model_policy_name(const model_policy *policy)
{
    if (policy->preset == ACS_PRESET_CONSUMER) return "consumer";
    if (policy->preset == ACS_PRESET_DISCRETIONARY) return "discretionary";
    return "default";
}

static bool is_consumer(const model_policy *policy)
{
    return policy->preset == ACS_PRESET_CONSUMER;
}

static bool is_discretionary(const model_policy *policy)
{
    return policy->preset == ACS_PRESET_DISCRETIONARY;
}

static period review_default(const model_policy *policy, int level)
{
    if (is_discretionary(policy)) return none();
    if (level == ACS_LEVEL_FROZEN) return days(14);
    return days(30);
}

static period review_max(const model_policy *policy, int level)
{
    if (is_discretionary(policy)) return days(365);
    if (is_consumer(policy)) {
        if (level == ACS_LEVEL_WITHDRAWAL_ONLY) return days(60);
        if (level == ACS_LEVEL_FROZEN) return days(30);
        return days(90);
    }
    if (level == ACS_LEVEL_WITHDRAWAL_ONLY) return days(90);
    if (level == ACS_LEVEL_FROZEN) return days(60);
    return days(180);
}

static period notice_period(const model_policy *policy, int reason)
{
    if (is_discretionary(policy)) {
        if (reason >= ACS_REASON_SECURITY_COMPROMISE && reason <= ACS_REASON_PUBLIC_CRITICISM)
            return days(7);
        return none();
    }
    if (reason == ACS_REASON_LEGAL_ORDER || reason == ACS_REASON_SANCTIONS) return days(14);
    if (reason == ACS_REASON_TERMS_BREACH || reason == ACS_REASON_ABUSIVE_CONDUCT) return days(30);
    if (reason == ACS_REASON_INACTIVITY || reason == ACS_REASON_COMMERCIAL_DECISION)
        return days(62);
    if (reason == ACS_REASON_USER_REQUEST) return days(7);
    return none();
}

static period window_extension_max(const model_policy *policy)
{
    return is_discretionary(policy) ? days(7) : days(30);
}

static period appeal_window(const model_policy *policy)
{
    if (is_consumer(policy)) return days(60);
    if (is_discretionary(policy)) return days(7);
    return days(30);
}

static period appeal_answer(const model_policy *policy)
{
    if (is_consumer(policy)) return business_days(15);
    if (is_discretionary(policy)) return days(30);
    return days(14);
}

static bool window_pauses(const model_policy *policy)
{
    return !is_discretionary(policy);
}

static bool lapse_lifts(const model_policy *policy)
{
    return is_consumer(policy);
}

static bool unclaimed_segregated(const model_policy *policy)
{
    return !is_consumer(policy);
}

unsigned model_capabilities(const model_policy *policy, int status)
{
    (void)policy; /* the three presets give every status the same set */
    if (status == ACS_STATUS_ACTIVE)
        return ACS_CAP_LOGIN | ACS_CAP_DEPOSIT | ACS_CAP_TRADE | ACS_CAP_WITHDRAW | ACS_CAP_API;
    if (status == ACS_STATUS_PENDING) return ACS_CAP_LOGIN;
    if (status == ACS_STATUS_WITHDRAWAL_ONLY) return ACS_CAP_LOGIN | ACS_CAP_WITHDRAW;
    if (status == ACS_STATUS_FROZEN) return ACS_CAP_LOGIN;
    return 0;
}

/* ------------------------------------------------------------------------
** Status and deadlines.
*/

int model_status(const model_account *account)
{
    if (account->lifecycle == ACS_LIFECYCLE_CLOSED) return ACS_STATUS_CLOSED;
    int status = ACS_STATUS_ACTIVE;
    if (account->lifecycle == ACS_LIFECYCLE_PENDING) status = ACS_STATUS_PENDING;
    if (account->lifecycle == ACS_LIFECYCLE_CLOSING) status = ACS_STATUS_WITHDRAWAL_ONLY;
    for (unsigned i = 0; i < account->hold_count; i++) {
        int held = ACS_STATUS_WITHDRAWAL_ONLY;
        if (account->holds[i].level == ACS_LEVEL_FROZEN) held = ACS_STATUS_FROZEN;
        if (account->holds[i].level == ACS_LEVEL_SUSPENDED) held = ACS_STATUS_SUSPENDED;
        if (held > status) status = held;
    }
    return status;
}

/* Which deadline runs first. Holds are looked at in order of placement and
** appeals in the order they were made, and a later one wins only when it is
** strictly earlier, so ties go to holds, then appeals, then the window. */
typedef struct due {
    int64_t time_ms; /* 0: none */
    int kind;
    unsigned index;
} due;

static due earliest_deadline(const model_account *account)
{
    due first = {0, 0, 0};
    if (account->lifecycle == ACS_LIFECYCLE_CLOSED) return first;
    for (unsigned i = 0; i < account->hold_count; i++) {
        const model_hold *hold = &account->holds[i];
        if (hold->review_deadline_ms == 0 || hold->overdue) continue;
        if (first.time_ms == 0 || hold->review_deadline_ms < first.time_ms) {
            first.time_ms = hold->review_deadline_ms;
            first.kind = ACS_EVENT_REVIEW_LAPSED;
            first.index = i;
        }
    }
    for (unsigned i = 0; i < account->appeal_count; i++) {
        const model_appeal *appeal = &account->appeals[i];
        if (appeal->overdue) continue;
        if (first.time_ms == 0 || appeal->answer_deadline_ms < first.time_ms) {
            first.time_ms = appeal->answer_deadline_ms;
            first.kind = ACS_EVENT_APPEAL_LAPSED;
            first.index = i;
        }
    }
    if (account->lifecycle == ACS_LIFECYCLE_CLOSING && !account->window_paused &&
        !account->window_ended) {
        if (first.time_ms == 0 || account->window_end_ms < first.time_ms) {
            first.time_ms = account->window_end_ms;
            first.kind = ACS_EVENT_WINDOW_ENDED;
            first.index = 0;
        }
    }
    return first;
}

int64_t model_next_deadline(const model_account *account, int *kind)
{
    due first = earliest_deadline(account);
    if (kind != NULL) *kind = first.kind;
    return first.time_ms;
}

int64_t model_window_end_now(const model_account *account, int64_t now_ms)
{
    if (!account->window_paused) return account->window_end_ms;
    return at_most_time_max(account->window_end_ms + (now_ms - account->window_paused_ms));
}

/* After every change: the window stops while the status blocks withdrawals
** (under a policy whose window pauses) and, when it starts again, its end
** and its maximum move later by the time it stood still. */
static void window_follows_status(const model_policy *policy, model_account *account,
                                  int64_t now_ms)
{
    if (account->lifecycle != ACS_LIFECYCLE_CLOSING) {
        account->window_paused = false;
        account->window_paused_ms = 0;
        return;
    }
    unsigned capabilities = model_capabilities(policy, model_status(account));
    bool withdrawals_blocked = (capabilities & ACS_CAP_WITHDRAW) == 0;
    bool stop = withdrawals_blocked && window_pauses(policy) && !account->window_ended;
    if (stop && !account->window_paused) {
        account->window_paused = true;
        account->window_paused_ms = now_ms;
    } else if (!stop && account->window_paused) {
        int64_t stood_still = now_ms - account->window_paused_ms;
        account->window_end_ms = at_most_time_max(account->window_end_ms + stood_still);
        account->window_max_ms = at_most_time_max(account->window_max_ms + stood_still);
        account->window_paused = false;
        account->window_paused_ms = 0;
    }
}

/* ------------------------------------------------------------------------
** Holds and appeals of the account.
*/

static model_hold *find_hold(model_account *account, unsigned id)
{
    for (unsigned i = 0; i < account->hold_count; i++)
        if (account->holds[i].id == id) return &account->holds[i];
    return NULL;
}

static const model_hold *find_hold_const(const model_account *account, unsigned id)
{
    for (unsigned i = 0; i < account->hold_count; i++)
        if (account->holds[i].id == id) return &account->holds[i];
    return NULL;
}

static model_appeal *find_appeal(model_account *account, unsigned target)
{
    for (unsigned i = 0; i < account->appeal_count; i++)
        if (account->appeals[i].target == target) return &account->appeals[i];
    return NULL;
}

/* Removing keeps the order of what remains. */
static void remove_appeal(model_account *account, unsigned target)
{
    unsigned kept = 0;
    for (unsigned i = 0; i < account->appeal_count; i++)
        if (account->appeals[i].target != target) account->appeals[kept++] = account->appeals[i];
    for (unsigned i = kept; i < account->appeal_count; i++)
        memset(&account->appeals[i], 0, sizeof(account->appeals[i]));
    account->appeal_count = kept;
}

static void remove_hold(model_account *account, unsigned id)
{
    unsigned kept = 0;
    for (unsigned i = 0; i < account->hold_count; i++)
        if (account->holds[i].id != id) account->holds[kept++] = account->holds[i];
    for (unsigned i = kept; i < account->hold_count; i++)
        memset(&account->holds[i], 0, sizeof(account->holds[i]));
    account->hold_count = kept;
}

/* ------------------------------------------------------------------------
** Records.
*/

static void record_begin(const model_policy *policy, const model_account *account,
                         acs_record *record, int kind, int64_t time_ms)
{
    memset(record, 0, sizeof(*record));
    record->format_version = ACS_RECORD_VERSION;
    record->kind = (uint8_t)kind;
    record->account_id = account->id;
    record->time_ms = time_ms;
    record->status_before = (uint8_t)model_status(account);
    record->lifecycle_before = (uint8_t)account->lifecycle;
    memcpy(record->policy_fingerprint, policy->fingerprint, ACS_DIGEST_SIZE);
}

static void record_end(acs_record *record, const model_account *account)
{
    record->sequence = account->sequence;
    record->status_after = (uint8_t)model_status(account);
    record->lifecycle_after = (uint8_t)account->lifecycle;
    if (account->lifecycle == ACS_LIFECYCLE_CLOSING) record->window_end_ms = account->window_end_ms;
}

void model_open(const model_policy *policy, model_account *account, uint64_t id,
                int64_t now_ms, acs_record *record)
{
    memset(account, 0, sizeof(*account));
    account->id = id;
    account->sequence = 1;
    account->last_change_ms = now_ms;
    account->lifecycle = ACS_LIFECYCLE_PENDING;
    account->next_hold_id = 1;
    memset(record, 0, sizeof(*record));
    record->format_version = ACS_RECORD_VERSION;
    record->kind = ACS_EVENT_OPEN;
    record->account_id = id;
    record->sequence = 1;
    record->time_ms = now_ms;
    record->status_after = ACS_STATUS_PENDING;
    record->lifecycle_after = ACS_LIFECYCLE_PENDING;
    memcpy(record->policy_fingerprint, policy->fingerprint, ACS_DIGEST_SIZE);
}

/* ------------------------------------------------------------------------
** The misuse gate, in the documented order.
*/

static bool known_role(int role)
{
    return role >= ACS_ROLE_USER && role <= ACS_ROLE_SYSTEM;
}

static bool known_reason(int reason)
{
    if (reason >= ACS_REASON_SECURITY_COMPROMISE && reason <= ACS_REASON_PUBLIC_CRITICISM)
        return true;
    return reason >= ACS_REASON_REVIEW_CLEARED && reason <= ACS_REASON_DEADLINE_LAPSED;
}

static bool kind_names_target(int kind)
{
    return kind == ACS_EVENT_LIFT || kind == ACS_EVENT_EXTEND || kind == ACS_EVENT_APPEAL ||
           kind == ACS_EVENT_DECIDE;
}

static int check_enums(const acs_event *event)
{
    if (event->kind < ACS_EVENT_VERIFY || event->kind > ACS_EVENT_DECIDE) return ACS_E_ENUM;
    if (!known_role(event->actor_role)) return ACS_E_ENUM;
    if (event->approver_role != 0 && !known_role(event->approver_role)) return ACS_E_ENUM;
    if (!known_reason(event->reason)) return ACS_E_ENUM;
    if (event->kind == ACS_EVENT_HOLD &&
        (event->level < ACS_LEVEL_WITHDRAWAL_ONLY || event->level > ACS_LEVEL_SUSPENDED))
        return ACS_E_ENUM;
    return ACS_OK;
}

/* A field the kind does not use must be zero, and so must every reserved
** byte. */
static int check_reserved(const acs_event *event)
{
    int kind = event->kind;
    if (kind != ACS_EVENT_HOLD && event->level != 0) return ACS_E_RESERVED;
    for (unsigned i = 0; i < sizeof(event->reserved); i++)
        if (event->reserved[i] != 0) return ACS_E_RESERVED;
    if (event->approver_role == 0 && event->approver_id != 0) return ACS_E_RESERVED;
    if (kind == ACS_EVENT_CLOSE && (event->flags & ~ACS_EVENT_FUNDS_HELD) != 0)
        return ACS_E_RESERVED;
    if (kind != ACS_EVENT_CLOSE && event->flags != 0) return ACS_E_RESERVED;
    if (!kind_names_target(kind) && event->hold_id != 0) return ACS_E_RESERVED;
    if (event->hold_id > ACS_HOLD_ID_MAX) return ACS_E_RESERVED;
    if (kind != ACS_EVENT_HOLD && event->period_ms != 0) return ACS_E_RESERVED;
    if (kind != ACS_EVENT_EXTEND && event->deadline_ms != 0) return ACS_E_RESERVED;
    return ACS_OK;
}

static int check_misuse(const model_account *account, const acs_event *event)
{
    int code = check_enums(event);
    if (code != ACS_OK) return code;
    code = check_reserved(event);
    if (code != ACS_OK) return code;
    if (!time_in_range(event->time_ms) || !time_in_range(event->period_ms) ||
        !time_in_range(event->deadline_ms))
        return ACS_E_TIME_RANGE;
    if (event->time_ms < account->last_change_ms) return ACS_E_TIME_BACKWARDS;
    if (account->lifecycle == ACS_LIFECYCLE_CLOSED) return ACS_E_ACCOUNT_CLOSED;
    int64_t next = model_next_deadline(account, NULL);
    if (next != 0 && next <= event->time_ms) return ACS_E_DEADLINE_DUE;
    bool names_hold = event->kind == ACS_EVENT_LIFT || event->hold_id != 0;
    if (names_hold && find_hold_const(account, event->hold_id) == NULL) return ACS_E_HOLD_UNKNOWN;
    return ACS_OK;
}

/* ------------------------------------------------------------------------
** The rules of the presets. Each preset is one function; each kind is one
** if-chain in the documented order.
*/

static int refuse(acs_refusal *why, int code, int role, int reason)
{
    why->role = (uint8_t)role;
    why->reason = (uint8_t)reason;
    return code;
}

static int refuse_status(acs_refusal *why)
{
    return refuse(why, ACS_R_STATUS, 0, 0);
}

static int refuse_never_valid(acs_refusal *why, int reason)
{
    return refuse(why, ACS_R_REASON_NEVER_VALID, 0, reason);
}

static int refuse_role(acs_refusal *why, int role)
{
    return refuse(why, ACS_R_ROLE, role, 0);
}

static int refuse_reason(acs_refusal *why, int reason)
{
    return refuse(why, ACS_R_REASON_NOT_VALID, 0, reason);
}

static int refuse_evidence(acs_refusal *why, int reason)
{
    return refuse(why, ACS_R_EVIDENCE_MISSING, 0, reason);
}

static bool has_evidence(const acs_event *event)
{
    for (unsigned i = 0; i < ACS_DIGEST_SIZE; i++)
        if (event->evidence[i] != 0) return true;
    return false;
}

/* Dual control: an approver, someone else, in one of the approving roles. */
static int approval(const acs_event *event, bool compliance_approves, bool management_approves,
                    acs_refusal *why)
{
    if (event->approver_role == 0) return refuse(why, ACS_R_APPROVER_MISSING, 0, 0);
    if (event->approver_id == event->actor_id)
        return refuse(why, ACS_R_APPROVER_SAME, event->approver_role, 0);
    bool permitted = (event->approver_role == ACS_ROLE_COMPLIANCE && compliance_approves) ||
                     (event->approver_role == ACS_ROLE_MANAGEMENT && management_approves);
    if (!permitted) return refuse(why, ACS_R_APPROVER_ROLE, event->approver_role, 0);
    return ACS_OK;
}

static bool is_restricted(int status)
{
    return status == ACS_STATUS_WITHDRAWAL_ONLY || status == ACS_STATUS_FROZEN ||
           status == ACS_STATUS_SUSPENDED;
}

static bool is_not_closed(int status)
{
    return status == ACS_STATUS_ACTIVE || status == ACS_STATUS_PENDING || is_restricted(status);
}

static bool is_order(int reason)
{
    return reason == ACS_REASON_LEGAL_ORDER || reason == ACS_REASON_SANCTIONS;
}

static bool is_conduct(int reason)
{
    return reason == ACS_REASON_TERMS_BREACH || reason == ACS_REASON_ABUSIVE_CONDUCT;
}

static bool is_closure_ground(int reason)
{
    return is_order(reason) || is_conduct(reason) || reason == ACS_REASON_INACTIVITY ||
           reason == ACS_REASON_USER_REQUEST || reason == ACS_REASON_COMMERCIAL_DECISION;
}

static bool is_lift_outcome(int reason)
{
    return reason == ACS_REASON_REVIEW_CLEARED || reason == ACS_REASON_REQUIREMENT_MET ||
           reason == ACS_REASON_ORDER_LIFTED || reason == ACS_REASON_ERROR_CORRECTED;
}

static bool is_ground(int reason)
{
    return reason >= ACS_REASON_SECURITY_COMPROMISE && reason <= ACS_REASON_PUBLIC_CRITICISM;
}

static bool is_staff(int role)
{
    return role == ACS_ROLE_SUPPORT || role == ACS_ROLE_COMPLIANCE || role == ACS_ROLE_SECURITY ||
           role == ACS_ROLE_MANAGEMENT || role == ACS_ROLE_SYSTEM;
}

/* The reasons the EXTEND rule of default and consumer admits: the grounds
** an investigation or a sanction can be kept for. */
static bool is_extend_ground(int reason)
{
    return reason == ACS_REASON_SECURITY_COMPROMISE ||
           reason == ACS_REASON_SUSPICIOUS_ACTIVITY || is_order(reason) || is_conduct(reason) ||
           reason == ACS_REASON_KYC_REFRESH || reason == ACS_REASON_USER_REQUEST;
}

/* The rules of default and consumer, which differ in four places: the
** grounds of a withdrawal-only hold, who places and approves a suspension,
** the evidence an extension needs, and who approves a notice. */
static int protective_rule(bool consumer, const acs_event *event, int status, acs_refusal *why)
{
    const int kind = event->kind;
    const int level = event->level;
    const int role = event->actor_role;
    const int reason = event->reason;
    const bool never_valid = reason == ACS_REASON_PUBLIC_CRITICISM;
    int code;

    if (kind == ACS_EVENT_VERIFY) {
        if (status != ACS_STATUS_PENDING) return refuse_status(why);
        if (never_valid) return refuse_never_valid(why, reason);
        if (role != ACS_ROLE_SUPPORT && role != ACS_ROLE_COMPLIANCE && role != ACS_ROLE_SYSTEM)
            return refuse_role(why, role);
        if (reason != ACS_REASON_REQUIREMENT_MET) return refuse_reason(why, reason);
        return ACS_OK;
    }
    if (kind == ACS_EVENT_HOLD && level == ACS_LEVEL_WITHDRAWAL_ONLY) {
        if (!is_not_closed(status)) return refuse_status(why);
        if (never_valid) return refuse_never_valid(why, reason);
        if (role != ACS_ROLE_SUPPORT && role != ACS_ROLE_COMPLIANCE &&
            role != ACS_ROLE_SECURITY && role != ACS_ROLE_SYSTEM)
            return refuse_role(why, role);
        bool valid = reason == ACS_REASON_SECURITY_COMPROMISE ||
                     reason == ACS_REASON_SUSPICIOUS_ACTIVITY || is_order(reason) ||
                     reason == ACS_REASON_KYC_REFRESH || is_conduct(reason) ||
                     reason == ACS_REASON_USER_REQUEST;
        if (!consumer && reason == ACS_REASON_INACTIVITY) valid = true;
        if (!valid) return refuse_reason(why, reason);
        if ((is_order(reason) || is_conduct(reason)) && !has_evidence(event))
            return refuse_evidence(why, reason);
        return ACS_OK;
    }
    if (kind == ACS_EVENT_HOLD && level == ACS_LEVEL_FROZEN) {
        if (!is_not_closed(status)) return refuse_status(why);
        if (never_valid) return refuse_never_valid(why, reason);
        if (role != ACS_ROLE_COMPLIANCE && role != ACS_ROLE_SECURITY && role != ACS_ROLE_SYSTEM)
            return refuse_role(why, role);
        if (reason != ACS_REASON_SECURITY_COMPROMISE &&
            reason != ACS_REASON_SUSPICIOUS_ACTIVITY && !is_order(reason) &&
            reason != ACS_REASON_USER_REQUEST)
            return refuse_reason(why, reason);
        if (is_order(reason) && !has_evidence(event)) return refuse_evidence(why, reason);
        return ACS_OK;
    }
    if (kind == ACS_EVENT_HOLD) {
        /* SUSPENDED: a sanction. */
        if (!is_not_closed(status)) return refuse_status(why);
        if (never_valid) return refuse_never_valid(why, reason);
        if (consumer) {
            if (role != ACS_ROLE_COMPLIANCE && role != ACS_ROLE_SECURITY &&
                role != ACS_ROLE_MANAGEMENT)
                return refuse_role(why, role);
            code = approval(event, true, false, why);
        } else {
            if (role != ACS_ROLE_COMPLIANCE) return refuse_role(why, role);
            code = approval(event, true, true, why);
        }
        if (code != ACS_OK) return code;
        if (!is_order(reason) && !is_conduct(reason)) return refuse_reason(why, reason);
        if (!has_evidence(event)) return refuse_evidence(why, reason);
        return ACS_OK;
    }
    if (kind == ACS_EVENT_LIFT) {
        if (!is_restricted(status)) return refuse_status(why);
        if (never_valid) return refuse_never_valid(why, reason);
        if (role != ACS_ROLE_SUPPORT && role != ACS_ROLE_COMPLIANCE &&
            role != ACS_ROLE_SECURITY && role != ACS_ROLE_SYSTEM)
            return refuse_role(why, role);
        if (!is_lift_outcome(reason)) return refuse_reason(why, reason);
        return ACS_OK;
    }
    if (kind == ACS_EVENT_EXTEND) {
        if (!is_restricted(status)) return refuse_status(why);
        if (never_valid) return refuse_never_valid(why, reason);
        if (role != ACS_ROLE_SUPPORT && role != ACS_ROLE_COMPLIANCE && role != ACS_ROLE_SECURITY)
            return refuse_role(why, role);
        if (!is_extend_ground(reason)) return refuse_reason(why, reason);
        if (consumer && (is_order(reason) || is_conduct(reason)) && !has_evidence(event))
            return refuse_evidence(why, reason);
        return ACS_OK;
    }
    if (kind == ACS_EVENT_NOTICE) {
        if (status != ACS_STATUS_ACTIVE && !is_restricted(status)) return refuse_status(why);
        if (never_valid) return refuse_never_valid(why, reason);
        if (role != ACS_ROLE_COMPLIANCE && role != ACS_ROLE_MANAGEMENT)
            return refuse_role(why, role);
        code = approval(event, true, !consumer, why);
        if (code != ACS_OK) return code;
        if (!is_closure_ground(reason)) return refuse_reason(why, reason);
        if ((is_order(reason) || is_conduct(reason)) && !has_evidence(event))
            return refuse_evidence(why, reason);
        return ACS_OK;
    }
    if (kind == ACS_EVENT_RESCIND) {
        if (!is_restricted(status)) return refuse_status(why);
        if (never_valid) return refuse_never_valid(why, reason);
        if (role != ACS_ROLE_COMPLIANCE && role != ACS_ROLE_MANAGEMENT)
            return refuse_role(why, role);
        if (reason != ACS_REASON_ERROR_CORRECTED && reason != ACS_REASON_REVIEW_CLEARED)
            return refuse_reason(why, reason);
        return ACS_OK;
    }
    if (kind == ACS_EVENT_CLOSE) {
        if (status != ACS_STATUS_ACTIVE && !is_restricted(status)) return refuse_status(why);
        if (never_valid) return refuse_never_valid(why, reason);
        if (role != ACS_ROLE_USER && role != ACS_ROLE_COMPLIANCE &&
            role != ACS_ROLE_MANAGEMENT && role != ACS_ROLE_SYSTEM)
            return refuse_role(why, role);
        if (!is_closure_ground(reason)) return refuse_reason(why, reason);
        return ACS_OK;
    }
    if (kind == ACS_EVENT_APPEAL) {
        if (!is_restricted(status)) return refuse_status(why);
        if (never_valid) return refuse_never_valid(why, reason);
        if (role != ACS_ROLE_USER) return refuse_role(why, role);
        if (reason != ACS_REASON_USER_REQUEST) return refuse_reason(why, reason);
        return ACS_OK;
    }
    /* DECIDE */
    if (!is_restricted(status)) return refuse_status(why);
    if (never_valid) return refuse_never_valid(why, reason);
    if (role != ACS_ROLE_COMPLIANCE && role != ACS_ROLE_MANAGEMENT) return refuse_role(why, role);
    if (reason != ACS_REASON_APPEAL_UPHELD && reason != ACS_REASON_APPEAL_DISMISSED)
        return refuse_reason(why, reason);
    return ACS_OK;
}

/* The discretionary preset: no reason is never valid, no evidence and no
** second approver anywhere. */
static int discretionary_rule(const acs_event *event, int status, acs_refusal *why)
{
    const int kind = event->kind;
    const int role = event->actor_role;
    const int reason = event->reason;

    if (kind == ACS_EVENT_VERIFY) {
        if (status != ACS_STATUS_PENDING) return refuse_status(why);
        if (!is_staff(role)) return refuse_role(why, role);
        if (reason != ACS_REASON_REQUIREMENT_MET) return refuse_reason(why, reason);
        return ACS_OK;
    }
    if (kind == ACS_EVENT_HOLD) {
        if (!is_not_closed(status)) return refuse_status(why);
        if (!is_staff(role)) return refuse_role(why, role);
        if (!is_ground(reason)) return refuse_reason(why, reason);
        return ACS_OK;
    }
    if (kind == ACS_EVENT_LIFT) {
        if (!is_restricted(status)) return refuse_status(why);
        if (!is_staff(role)) return refuse_role(why, role);
        if (!is_lift_outcome(reason)) return refuse_reason(why, reason);
        return ACS_OK;
    }
    if (kind == ACS_EVENT_EXTEND) {
        if (!is_restricted(status)) return refuse_status(why);
        if (!is_staff(role)) return refuse_role(why, role);
        if (!is_ground(reason)) return refuse_reason(why, reason);
        return ACS_OK;
    }
    if (kind == ACS_EVENT_NOTICE) {
        if (status != ACS_STATUS_ACTIVE && !is_restricted(status)) return refuse_status(why);
        if (role != ACS_ROLE_COMPLIANCE && role != ACS_ROLE_MANAGEMENT)
            return refuse_role(why, role);
        if (!is_ground(reason)) return refuse_reason(why, reason);
        return ACS_OK;
    }
    if (kind == ACS_EVENT_RESCIND) {
        if (!is_restricted(status)) return refuse_status(why);
        if (role != ACS_ROLE_COMPLIANCE && role != ACS_ROLE_MANAGEMENT)
            return refuse_role(why, role);
        if (reason != ACS_REASON_ERROR_CORRECTED && reason != ACS_REASON_REVIEW_CLEARED)
            return refuse_reason(why, reason);
        return ACS_OK;
    }
    if (kind == ACS_EVENT_CLOSE) {
        if (status != ACS_STATUS_ACTIVE && !is_restricted(status)) return refuse_status(why);
        if (role != ACS_ROLE_USER && role != ACS_ROLE_COMPLIANCE &&
            role != ACS_ROLE_MANAGEMENT && role != ACS_ROLE_SYSTEM)
            return refuse_role(why, role);
        if (!is_ground(reason)) return refuse_reason(why, reason);
        return ACS_OK;
    }
    if (kind == ACS_EVENT_APPEAL) {
        if (!is_restricted(status)) return refuse_status(why);
        if (role != ACS_ROLE_USER) return refuse_role(why, role);
        if (reason != ACS_REASON_USER_REQUEST) return refuse_reason(why, reason);
        return ACS_OK;
    }
    /* DECIDE */
    if (!is_restricted(status)) return refuse_status(why);
    if (role != ACS_ROLE_COMPLIANCE && role != ACS_ROLE_MANAGEMENT) return refuse_role(why, role);
    if (reason != ACS_REASON_APPEAL_UPHELD && reason != ACS_REASON_APPEAL_DISMISSED)
        return refuse_reason(why, reason);
    return ACS_OK;
}

static int check_rule(const model_policy *policy, const acs_event *event, int status,
                      acs_refusal *why)
{
    if (is_discretionary(policy)) return discretionary_rule(event, status, why);
    return protective_rule(is_consumer(policy), event, status, why);
}

/* ------------------------------------------------------------------------
** What each kind does once the rule has passed. Each works on the caller's
** scratch copy of the account and the record being written; a refusal
** throws both away.
*/

static int refuse_at(acs_refusal *why, int code, int64_t limit_ms)
{
    why->limit_ms = limit_ms;
    return code;
}

static int do_verify(model_account *account)
{
    if (account->lifecycle != ACS_LIFECYCLE_PENDING) return ACS_R_STATUS;
    account->lifecycle = ACS_LIFECYCLE_OPEN;
    return ACS_OK;
}

static int do_hold(const model_policy *policy, model_account *account, const acs_event *event,
                   acs_record *record, acs_refusal *why)
{
    if (account->hold_count == ACS_HOLDS_MAX) return ACS_E_HOLDS_FULL;
    if (account->next_hold_id > ACS_HOLD_ID_MAX) return ACS_E_LIMIT;
    /* A shorter review than the default may be asked for; without a
    ** default, any review up to the maximum. The bound is the policy's
    ** period as written, even where it runs past ACS_TIME_MAX_MS: the
    ** refusal states it, and a deadline the range cannot hold is refused
    ** after it as ACS_E_TIME_RANGE (docs/model.md, HOLD's refusals). */
    period standard = review_default(policy, event->level);
    period bound = standard.unit != UNIT_NONE ? standard : review_max(policy, event->level);
    int64_t longest = period_end(bound, event->time_ms) - event->time_ms;
    if (event->period_ms > longest) return refuse_at(why, ACS_R_PERIOD_TOO_LONG, longest);
    int64_t deadline = 0;
    if (event->period_ms != 0) deadline = event->time_ms + event->period_ms;
    else if (standard.unit != UNIT_NONE) deadline = period_end(standard, event->time_ms);
    if (deadline > ACS_TIME_MAX_MS) return ACS_E_TIME_RANGE;

    model_hold *hold = &account->holds[account->hold_count++];
    memset(hold, 0, sizeof(*hold));
    hold->id = (uint16_t)account->next_hold_id++;
    hold->level = event->level;
    hold->reason = event->reason;
    hold->actor_role = event->actor_role;
    hold->actor_id = event->actor_id;
    hold->placed_ms = event->time_ms;
    hold->review_deadline_ms = deadline;
    record->hold_id = hold->id;
    record->hold_level = hold->level;
    record->deadline_ms = deadline;
    return ACS_OK;
}

static void lift(model_account *account, unsigned id, acs_record *record)
{
    model_hold *hold = find_hold(account, id);
    record->hold_level = hold->level;
    record->flags |= ACS_RECORD_HOLD_LIFTED;
    remove_appeal(account, id);
    remove_hold(account, id);
}

static void end_notice(model_account *account, acs_record *record)
{
    remove_appeal(account, 0);
    account->lifecycle = ACS_LIFECYCLE_OPEN;
    account->notice_reason = 0;
    account->window_end_ms = 0;
    account->window_max_ms = 0;
    account->window_ended = false;
    account->notice_appealed = false;
    record->flags |= ACS_RECORD_NOTICE_RESCINDED;
}

static int do_extend(const model_policy *policy, model_account *account, const acs_event *event,
                     acs_record *record, acs_refusal *why)
{
    if (event->hold_id != 0) {
        model_hold *hold = find_hold(account, event->hold_id);
        record->hold_level = hold->level;
        if (hold->review_deadline_ms == 0) return ACS_R_NO_DEADLINE;
        int64_t floor = hold->review_deadline_ms > event->time_ms ? hold->review_deadline_ms
                                                                  : event->time_ms;
        if (event->deadline_ms <= floor) return refuse_at(why, ACS_R_DEADLINE_NOT_LATER, floor);
        /* A maximum past ACS_TIME_MAX_MS holds back no deadline in range. */
        int64_t latest = period_end(review_max(policy, hold->level), hold->placed_ms);
        if (event->deadline_ms > latest)
            return refuse_at(why, ACS_R_DEADLINE_BEYOND_MAX, latest);
        record->previous_deadline_ms = hold->review_deadline_ms;
        record->deadline_ms = event->deadline_ms;
        hold->review_deadline_ms = event->deadline_ms;
        hold->overdue = false;
        return ACS_OK;
    }
    if (account->lifecycle != ACS_LIFECYCLE_CLOSING) return ACS_R_NO_NOTICE;
    if (account->window_paused) return ACS_R_NO_DEADLINE;
    int64_t floor = account->window_end_ms > event->time_ms ? account->window_end_ms
                                                            : event->time_ms;
    if (event->deadline_ms <= floor) return refuse_at(why, ACS_R_DEADLINE_NOT_LATER, floor);
    if (event->deadline_ms > account->window_max_ms)
        return refuse_at(why, ACS_R_DEADLINE_BEYOND_MAX, account->window_max_ms);
    record->previous_deadline_ms = account->window_end_ms;
    record->deadline_ms = event->deadline_ms;
    account->window_end_ms = event->deadline_ms;
    account->window_ended = false;
    return ACS_OK;
}

static int do_notice(const model_policy *policy, model_account *account, const acs_event *event,
                     acs_record *record)
{
    if (account->lifecycle == ACS_LIFECYCLE_CLOSING) return ACS_R_NOTICE_RUNNING;
    if (account->lifecycle != ACS_LIFECYCLE_OPEN) return ACS_R_STATUS;
    int64_t end = period_end(notice_period(policy, event->reason), event->time_ms);
    if (end > ACS_TIME_MAX_MS) return ACS_E_TIME_RANGE;
    int64_t latest = at_most_time_max(period_end(window_extension_max(policy), end));
    account->lifecycle = ACS_LIFECYCLE_CLOSING;
    account->notice_reason = event->reason;
    account->window_end_ms = end;
    account->window_max_ms = latest;
    account->window_ended = false;
    account->notice_appealed = false;
    record->deadline_ms = end;
    return ACS_OK;
}

static int do_rescind(model_account *account, acs_record *record)
{
    if (account->lifecycle != ACS_LIFECYCLE_CLOSING) return ACS_R_NO_NOTICE;
    end_notice(account, record);
    return ACS_OK;
}

static int do_close(const model_policy *policy, model_account *account, const acs_event *event,
                    acs_record *record, acs_refusal *why)
{
    bool funds = (event->flags & ACS_EVENT_FUNDS_HELD) != 0;
    if (account->lifecycle != ACS_LIFECYCLE_CLOSING) {
        /* Without notice only the customer closes, and only when empty. */
        bool customer = event->actor_role == ACS_ROLE_USER &&
                        event->reason == ACS_REASON_USER_REQUEST;
        if (funds || !customer) return ACS_R_NOTICE_REQUIRED;
    } else if (funds) {
        if (!account->window_ended)
            return refuse_at(why, ACS_R_WINDOW_RUNNING,
                             model_window_end_now(account, event->time_ms));
        if (!unclaimed_segregated(policy)) return ACS_R_FUNDS_UNCLAIMED;
        record->flags |= ACS_RECORD_FUNDS_SEGREGATED;
    }
    remove_appeal(account, 0);
    account->lifecycle = ACS_LIFECYCLE_CLOSED;
    account->notice_reason = 0;
    account->window_end_ms = 0;
    account->window_max_ms = 0;
    account->window_ended = false;
    account->notice_appealed = false;
    return ACS_OK;
}

static int do_appeal(const model_policy *policy, model_account *account, const acs_event *event,
                     acs_record *record, acs_refusal *why)
{
    model_hold *hold = NULL;
    if (event->hold_id != 0) {
        hold = find_hold(account, event->hold_id);
        record->hold_level = hold->level;
        if (hold->appealed) return ACS_E_APPEAL_DUPLICATE;
        int64_t closes = period_end(appeal_window(policy), hold->placed_ms);
        if (event->time_ms > closes) return refuse_at(why, ACS_R_APPEAL_WINDOW, closes);
    } else {
        if (account->lifecycle != ACS_LIFECYCLE_CLOSING) return ACS_R_NO_NOTICE;
        if (account->notice_appealed) return ACS_E_APPEAL_DUPLICATE;
        if (account->window_ended)
            return refuse_at(why, ACS_R_APPEAL_WINDOW, account->window_end_ms);
    }
    if (account->appeal_count == ACS_APPEALS_MAX) return ACS_R_APPEAL_LIMIT;
    int64_t answer = period_end(appeal_answer(policy), event->time_ms);
    if (answer > ACS_TIME_MAX_MS) return ACS_E_TIME_RANGE;
    if (hold != NULL) hold->appealed = true;
    else account->notice_appealed = true;
    model_appeal *appeal = &account->appeals[account->appeal_count++];
    appeal->target = event->hold_id;
    appeal->overdue = false;
    appeal->answer_deadline_ms = answer;
    record->deadline_ms = answer;
    return ACS_OK;
}

static int do_decide(model_account *account, const acs_event *event, acs_record *record)
{
    model_appeal *appeal = find_appeal(account, event->hold_id);
    if (appeal == NULL) return ACS_R_NO_APPEAL;
    bool upheld = event->reason == ACS_REASON_APPEAL_UPHELD;
    if (!upheld && event->reason != ACS_REASON_APPEAL_DISMISSED) return ACS_R_REASON_NOT_VALID;
    record->deadline_ms = appeal->answer_deadline_ms;
    if (upheld && event->hold_id != 0) {
        lift(account, event->hold_id, record);
    } else if (upheld) {
        end_notice(account, record);
    } else {
        if (event->hold_id != 0) record->hold_level = find_hold(account, event->hold_id)->level;
        remove_appeal(account, event->hold_id);
    }
    return ACS_OK;
}

static int do_kind(const model_policy *policy, model_account *account, const acs_event *event,
                   acs_record *record, acs_refusal *why)
{
    if (event->kind == ACS_EVENT_VERIFY) return do_verify(account);
    if (event->kind == ACS_EVENT_HOLD) return do_hold(policy, account, event, record, why);
    if (event->kind == ACS_EVENT_LIFT) {
        lift(account, event->hold_id, record);
        return ACS_OK;
    }
    if (event->kind == ACS_EVENT_EXTEND) return do_extend(policy, account, event, record, why);
    if (event->kind == ACS_EVENT_NOTICE) return do_notice(policy, account, event, record);
    if (event->kind == ACS_EVENT_RESCIND) return do_rescind(account, record);
    if (event->kind == ACS_EVENT_CLOSE) return do_close(policy, account, event, record, why);
    if (event->kind == ACS_EVENT_APPEAL) return do_appeal(policy, account, event, record, why);
    return do_decide(account, event, record);
}

int model_apply(const model_policy *policy, model_account *account, const acs_event *event,
                acs_record *record, acs_refusal *refusal)
{
    acs_refusal why;
    memset(&why, 0, sizeof(why));
    why.kind = event->kind;
    why.level = event->level;
    why.status = (uint8_t)model_status(account);
    const char *name = model_policy_name(policy);
    memcpy(why.policy_name, name, strlen(name));

    int code = check_misuse(account, event);
    if (code == ACS_OK) code = check_rule(policy, event, why.status, &why);
    if (code == ACS_OK && account->sequence == ACS_SEQUENCE_MAX) code = ACS_E_LIMIT;
    model_account after = *account;
    acs_record change;
    if (code == ACS_OK) {
        record_begin(policy, account, &change, event->kind, event->time_ms);
        change.reason = event->reason;
        change.actor_role = event->actor_role;
        change.actor_id = event->actor_id;
        change.approver_role = event->approver_role;
        change.approver_id = event->approver_id;
        change.hold_id = event->hold_id;
        memcpy(change.evidence, event->evidence, ACS_DIGEST_SIZE);
        if (event->flags & ACS_EVENT_FUNDS_HELD) change.flags |= ACS_RECORD_FUNDS_HELD;
        code = do_kind(policy, &after, event, &change, &why);
    }
    if (code != ACS_OK) {
        why.code = code;
        *refusal = why;
        return code;
    }
    after.sequence++;
    after.last_change_ms = event->time_ms;
    window_follows_status(policy, &after, event->time_ms);
    record_end(&change, &after);
    *account = after;
    *record = change;
    return ACS_OK;
}

/* ------------------------------------------------------------------------
** Denials and advance.
*/

static bool denial_code(int code)
{
    if (code <= ACS_E_NULL && code >= ACS_E_LIMIT) return true;
    return code <= ACS_R_STATUS && code >= ACS_R_NOTICE_RUNNING;
}

int model_denial(const model_policy *policy, const model_account *account,
                 const acs_event *event, int code, acs_record *record)
{
    if (!denial_code(code)) return ACS_E_ENUM;
    if (event->kind < ACS_EVENT_VERIFY || event->kind > ACS_EVENT_DECIDE) return ACS_E_ENUM;
    acs_record denial;
    int64_t time_ms = time_in_range(event->time_ms) ? event->time_ms : 0;
    record_begin(policy, account, &denial, event->kind, time_ms);
    denial.flags = ACS_RECORD_DENIAL;
    if (event->flags & ACS_EVENT_FUNDS_HELD) denial.flags |= ACS_RECORD_FUNDS_HELD;
    denial.refusal = (int16_t)code;
    denial.reason = known_reason(event->reason) ? event->reason : 0;
    denial.actor_role = known_role(event->actor_role) ? event->actor_role : 0;
    denial.actor_id = event->actor_id;
    denial.approver_role = known_role(event->approver_role) ? event->approver_role : 0;
    denial.approver_id = event->approver_id;
    denial.hold_id = event->hold_id <= ACS_HOLD_ID_MAX ? event->hold_id : 0;
    memcpy(denial.evidence, event->evidence, ACS_DIGEST_SIZE);
    if (event->kind == ACS_EVENT_HOLD) {
        denial.hold_level = event->level <= ACS_LEVEL_SUSPENDED ? event->level : 0;
    } else {
        const model_hold *hold = find_hold_const(account, event->hold_id);
        if (event->hold_id != 0 && hold != NULL) denial.hold_level = hold->level;
    }
    if (event->kind == ACS_EVENT_EXTEND && time_in_range(event->deadline_ms))
        denial.deadline_ms = event->deadline_ms;
    if (event->kind == ACS_EVENT_HOLD && event->period_ms != 0 &&
        time_in_range(event->time_ms) && time_in_range(event->period_ms) &&
        event->time_ms + event->period_ms <= ACS_TIME_MAX_MS)
        denial.deadline_ms = event->time_ms + event->period_ms;
    record_end(&denial, account);
    *record = denial;
    return ACS_OK;
}

/* One deadline, due at time_ms, as its own change. */
static void apply_deadline(const model_policy *policy, model_account *account, due first,
                           acs_record *record)
{
    record_begin(policy, account, record, first.kind, first.time_ms);
    record->reason = ACS_REASON_DEADLINE_LAPSED;
    record->actor_role = ACS_ROLE_SYSTEM;
    record->deadline_ms = first.time_ms;
    if (first.kind == ACS_EVENT_REVIEW_LAPSED) {
        model_hold *hold = &account->holds[first.index];
        record->hold_id = hold->id;
        record->hold_level = hold->level;
        if (lapse_lifts(policy)) {
            record->flags |= ACS_RECORD_HOLD_LIFTED;
            unsigned id = hold->id;
            remove_appeal(account, id);
            remove_hold(account, id);
        } else {
            hold->overdue = true;
        }
    } else if (first.kind == ACS_EVENT_APPEAL_LAPSED) {
        model_appeal *appeal = &account->appeals[first.index];
        appeal->overdue = true;
        record->hold_id = appeal->target;
        const model_hold *hold = find_hold_const(account, appeal->target);
        if (appeal->target != 0 && hold != NULL) record->hold_level = hold->level;
    } else {
        account->window_ended = true;
    }
    account->sequence++;
    account->last_change_ms = first.time_ms;
    window_follows_status(policy, account, first.time_ms);
    record_end(record, account);
}

int model_advance(const model_policy *policy, model_account *account, int64_t now_ms,
                  acs_record *records, unsigned records_max, unsigned *written,
                  int64_t *next_deadline_ms)
{
    if (!time_in_range(now_ms)) return ACS_E_TIME_RANGE;
    if (now_ms < account->last_change_ms) return ACS_E_TIME_BACKWARDS;
    if (account->lifecycle == ACS_LIFECYCLE_CLOSED) return ACS_E_ACCOUNT_CLOSED;
    unsigned most = records_max < ACS_DEADLINES_MAX ? records_max : ACS_DEADLINES_MAX;
    unsigned count = 0;
    while (count < most) {
        due first = earliest_deadline(account);
        if (first.time_ms == 0 || first.time_ms > now_ms) break;
        apply_deadline(policy, account, first, &records[count]);
        count++;
    }
    *written = count;
    if (next_deadline_ms != NULL) *next_deadline_ms = model_next_deadline(account, NULL);
    return ACS_OK;
}
