/*
** scenario.c: the shared figures, builders and checked wrappers of
** scenario.h. Nothing here decides what a scenario expects; it only holds
** every call to the part of the contract that is the same for all calls.
*/
/* gmtime_r, for working out business days apart from the library. */
#define _POSIX_C_SOURCE 200809L

#include <string.h>
#include <time.h>

#include "scenario.h"

#define DAYS(n) ((int64_t)(n) * DAY_MS)
#define SATURDAY_SUNDAY (ACS_WEEKDAY_BIT(ACS_SATURDAY) | ACS_WEEKDAY_BIT(ACS_SUNDAY))

/* The consumer preset's holidays: the TARGET closing days of 2025 to 2030
** (New Year's Day, Good Friday, Easter Monday, 1 May, 25 and 26 December).
** Easter Sunday falls on 2025-04-20, 2026-04-05, 2027-03-28, 2028-04-16,
** 2029-04-01 and 2030-04-21. */
static const uint32_t consumer_holidays[] = {
    20250101, 20250418, 20250421, 20250501, 20251225, 20251226, /* 2025 */
    20260101, 20260403, 20260406, 20260501, 20261225, 20261226, /* 2026 */
    20270101, 20270326, 20270329, 20270501, 20271225, 20271226, /* 2027 */
    20280101, 20280414, 20280417, 20280501, 20281225, 20281226, /* 2028 */
    20290101, 20290330, 20290402, 20290501, 20291225, 20291226, /* 2029 */
    20300101, 20300419, 20300422, 20300501, 20301225, 20301226, /* 2030 */
};
#define CONSUMER_HOLIDAY_COUNT (sizeof(consumer_holidays) / sizeof(consumer_holidays[0]))

static const preset_figures figures[PRESET_LOOP_COUNT] = {
    {
        .preset = ACS_PRESET_DEFAULT,
        .name = "default",
        .review_ms = {[ACS_LEVEL_WITHDRAWAL_ONLY] = DAYS(30),
                      [ACS_LEVEL_FROZEN] = DAYS(14),
                      [ACS_LEVEL_SUSPENDED] = DAYS(30)},
        .review_max_ms = {[ACS_LEVEL_WITHDRAWAL_ONLY] = DAYS(90),
                          [ACS_LEVEL_FROZEN] = DAYS(60),
                          [ACS_LEVEL_SUSPENDED] = DAYS(180)},
        .notice_conduct_ms = DAYS(30),
        .notice_commercial_ms = DAYS(62),
        .window_extension_max_ms = DAYS(30),
        .appeal_window_ms = DAYS(30),
        .appeal_answer = {14, ACS_UNIT_DAYS},
        .window_pauses = 1,
        .lapse_lifts = 0,
        .unclaimed_segregated = 1,
        .notice_dual_control = 1,
    },
    {
        .preset = ACS_PRESET_CONSUMER,
        .name = "consumer",
        .review_ms = {[ACS_LEVEL_WITHDRAWAL_ONLY] = DAYS(30),
                      [ACS_LEVEL_FROZEN] = DAYS(14),
                      [ACS_LEVEL_SUSPENDED] = DAYS(30)},
        .review_max_ms = {[ACS_LEVEL_WITHDRAWAL_ONLY] = DAYS(60),
                          [ACS_LEVEL_FROZEN] = DAYS(30),
                          [ACS_LEVEL_SUSPENDED] = DAYS(90)},
        .notice_conduct_ms = DAYS(30),
        .notice_commercial_ms = DAYS(62),
        .window_extension_max_ms = DAYS(30),
        .appeal_window_ms = DAYS(60),
        .appeal_answer = {15, ACS_UNIT_BUSINESS_DAYS},
        .weekend = SATURDAY_SUNDAY,
        .utc_offset_minutes = 60,
        .holiday_count = CONSUMER_HOLIDAY_COUNT,
        .holidays = consumer_holidays,
        .window_pauses = 1,
        .lapse_lifts = 1,
        .unclaimed_segregated = 0,
        .notice_dual_control = 1,
    },
    {
        .preset = ACS_PRESET_DISCRETIONARY,
        .name = "discretionary",
        .review_ms = {0},
        .review_max_ms = {[ACS_LEVEL_WITHDRAWAL_ONLY] = DAYS(365),
                          [ACS_LEVEL_FROZEN] = DAYS(365),
                          [ACS_LEVEL_SUSPENDED] = DAYS(365)},
        .notice_conduct_ms = DAYS(7),
        .notice_commercial_ms = DAYS(7),
        .window_extension_max_ms = DAYS(7),
        .appeal_window_ms = DAYS(7),
        .appeal_answer = {30, ACS_UNIT_DAYS},
        .window_pauses = 0,
        .lapse_lifts = 0,
        .unclaimed_segregated = 1,
        .notice_dual_control = 0,
    },
};

const preset_figures *figures_of(int loop_index)
{
    ck_assert_msg(loop_index >= 0 && loop_index < PRESET_LOOP_COUNT,
                  "loop index %d out of range", loop_index);
    return &figures[loop_index];
}

/* Whether the local day that starts at local_midnight_ms (milliseconds of
** local time since 1970-01-01) is a business day of the figures' calendar. */
static int business_day(const preset_figures *f, int64_t local_midnight_ms)
{
    time_t seconds = (time_t)(local_midnight_ms / 1000);
    struct tm date;
    ck_assert_ptr_nonnull(gmtime_r(&seconds, &date));
    ck_assert_int_eq(date.tm_hour, 0);
    unsigned iso_weekday = date.tm_wday == 0 ? 7u : (unsigned)date.tm_wday;
    if (f->weekend & ACS_WEEKDAY_BIT(iso_weekday)) return 0;
    uint32_t yyyymmdd = (uint32_t)(date.tm_year + 1900) * 10000u +
                        (uint32_t)(date.tm_mon + 1) * 100u + (uint32_t)date.tm_mday;
    for (uint32_t i = 0; i < f->holiday_count; i++)
        if (f->holidays[i] == yyyymmdd) return 0;
    return 1;
}

/* The local midnight that ends the count-th business day after the local
** day holding from_ms. */
static int64_t business_days_end(const preset_figures *f, uint32_t count, int64_t from_ms)
{
    const int64_t offset_ms = f->utc_offset_minutes * MINUTE_MS;
    int64_t local = from_ms + offset_ms;
    ck_assert_msg(local >= 0, "a local time before 1970 is outside the scenarios");
    int64_t midnight = local - local % DAY_MS;
    /* Each business day is found within a week of the one before, plus the
    ** holidays in between. */
    uint32_t steps_left = 7u * count + f->holiday_count;
    for (uint32_t found = 0; found < count;) {
        ck_assert_msg(steps_left-- > 0, "no business day found");
        midnight += DAY_MS;
        if (business_day(f, midnight)) found++;
    }
    return midnight + DAY_MS - offset_ms;
}

int64_t appeal_answer_due(const preset_figures *f, int64_t appeal_ms)
{
    switch (f->appeal_answer.unit) {
    case ACS_UNIT_HOURS: return appeal_ms + (int64_t)f->appeal_answer.count * HOUR_MS;
    case ACS_UNIT_DAYS: return appeal_ms + (int64_t)f->appeal_answer.count * DAY_MS;
    case ACS_UNIT_BUSINESS_DAYS: return business_days_end(f, f->appeal_answer.count, appeal_ms);
    default: ck_abort_msg("preset %s: no appeal answer period", f->name);
    }
    return 0;
}

void policy_of(acs_policy *policy, const preset_figures *f)
{
    memset(policy, 0, sizeof(*policy));
    int rc = acs_policy_preset(policy, f->preset);
    ck_assert_msg(rc == ACS_OK, "preset %s does not build: %s", f->name, code_name(rc));
    ck_assert_str_eq(policy->rules.name, f->name);
}

const char *code_name(int code)
{
    const char *name = acs_code_name(code);
    return name != NULL ? name : "(not a code)";
}

void expect_eq_at(const char *file, int line, const char *what, long long got,
                  long long want)
{
    ck_assert_msg(got == want, "%s:%d: %s: expected %lld, got %lld", file, line, what,
                  want, got);
}

TCase *scenario_tcase(Suite *suite, const char *name)
{
    TCase *tc = tcase_create(name);
    tcase_set_timeout(tc, 10);
    suite_add_tcase(suite, tc);
    return tc;
}

/* ------------------------------------------------------------------------
** Events.
*/

acs_event event_of(int kind, int64_t time_ms, uint64_t actor_id, int actor_role,
                   int reason)
{
    acs_event event;
    memset(&event, 0, sizeof(event));
    event.kind = (uint8_t)kind;
    event.time_ms = time_ms;
    event.actor_id = actor_id;
    event.actor_role = (uint8_t)actor_role;
    event.reason = (uint8_t)reason;
    return event;
}

acs_event hold_event(int64_t time_ms, int level, uint64_t actor_id, int actor_role,
                     int reason)
{
    acs_event event = event_of(ACS_EVENT_HOLD, time_ms, actor_id, actor_role, reason);
    event.level = (uint8_t)level;
    return event;
}

acs_event target_event(int kind, int64_t time_ms, unsigned hold_id, uint64_t actor_id,
                       int actor_role, int reason)
{
    acs_event event = event_of(kind, time_ms, actor_id, actor_role, reason);
    event.hold_id = (uint16_t)hold_id;
    return event;
}

void with_approver(acs_event *event, uint64_t approver_id, int approver_role)
{
    event->approver_id = approver_id;
    event->approver_role = (uint8_t)approver_role;
}

void with_evidence(acs_event *event, uint8_t seed)
{
    for (unsigned i = 0; i < ACS_DIGEST_SIZE; i++)
        event->evidence[i] = (uint8_t)(seed + 31u * i + 1u);
}

acs_event notice_event(const preset_figures *f, int64_t time_ms, int reason, int evidence)
{
    acs_event event = event_of(ACS_EVENT_NOTICE, time_ms, CEO_ID, ACS_ROLE_MANAGEMENT, reason);
    if (f->notice_dual_control) with_approver(&event, COMPLIANCE_ID, ACS_ROLE_COMPLIANCE);
    if (evidence) with_evidence(&event, 0x40);
    return event;
}

acs_event close_event(int64_t time_ms, int reason, int funds_held)
{
    acs_event event = event_of(ACS_EVENT_CLOSE, time_ms, CEO_ID, ACS_ROLE_MANAGEMENT, reason);
    if (funds_held) event.flags = ACS_EVENT_FUNDS_HELD;
    return event;
}

/* ------------------------------------------------------------------------
** Accounts.
*/

acs_account_info info_at(const char *file, int line, const acs_account *account)
{
    acs_account_info info;
    memset(&info, 0, sizeof(info));
    int rc = acs_account_info_get(account, &info);
    ck_assert_msg(rc == ACS_OK, "%s:%d: acs_account_info_get: %s", file, line, code_name(rc));
    return info;
}

int status_at(const char *file, int line, const acs_account *account)
{
    int status = 0;
    int rc = acs_account_status(account, &status);
    ck_assert_msg(rc == ACS_OK, "%s:%d: acs_account_status: %s", file, line, code_name(rc));
    acs_account_info info = info_at(file, line, account);
    expect_eq_at(file, line, "status from info and from acs_account_status", info.status,
                 status);
    return status;
}

acs_hold hold_at(const char *file, int line, const acs_account *account, unsigned hold_id)
{
    acs_hold hold;
    memset(&hold, 0, sizeof(hold));
    int rc = acs_account_find_hold(account, hold_id, &hold);
    ck_assert_msg(rc == ACS_OK, "%s:%d: hold %u: %s", file, line, hold_id, code_name(rc));
    expect_eq_at(file, line, "hold id", hold.id, hold_id);
    return hold;
}

void next_deadline_at(const char *file, int line, const acs_account *account,
                      int64_t want_ms, int want_kind)
{
    int64_t deadline_ms = -1;
    int kind = -1;
    int rc = acs_account_next_deadline(account, &deadline_ms, &kind);
    ck_assert_msg(rc == ACS_OK, "%s:%d: acs_account_next_deadline: %s", file, line,
                  code_name(rc));
    expect_eq_at(file, line, "next deadline", deadline_ms, want_ms);
    expect_eq_at(file, line, "kind of the next deadline", kind, want_kind);
}

void open_at(const char *file, int line, const acs_policy *policy, acs_account *account,
             int64_t time_ms)
{
    acs_record record;
    memset(&record, 0xa5, sizeof(record));
    int rc = acs_account_open(account, ACCOUNT_ID, time_ms, policy, &record);
    ck_assert_msg(rc == ACS_OK, "%s:%d: acs_account_open: %s", file, line, code_name(rc));
    expect_eq_at(file, line, "opening record kind", record.kind, ACS_EVENT_OPEN);
    expect_eq_at(file, line, "opening record sequence", (long long)record.sequence, 1);
    expect_eq_at(file, line, "opening record time", record.time_ms, time_ms);
    expect_eq_at(file, line, "opening record account", (long long)record.account_id,
                 (long long)ACCOUNT_ID);
    expect_eq_at(file, line, "opening record status after", record.status_after,
                 ACS_STATUS_PENDING);
    expect_eq_at(file, line, "opening record lifecycle after", record.lifecycle_after,
                 ACS_LIFECYCLE_PENDING);
    expect_eq_at(file, line, "opening record flags", record.flags, 0);
    acs_account_info info = info_at(file, line, account);
    expect_eq_at(file, line, "sequence after opening", info.sequence, 1);
    expect_eq_at(file, line, "lifecycle after opening", info.lifecycle,
                 ACS_LIFECYCLE_PENDING);
    expect_eq_at(file, line, "last change after opening", info.last_change_ms, time_ms);
}

void open_active_at(const char *file, int line, const acs_policy *policy,
                    acs_account *account, int64_t time_ms)
{
    open_at(file, line, policy, account, time_ms);
    acs_event verify = event_of(ACS_EVENT_VERIFY, time_ms + HOUR_MS, SUPPORT_ID,
                                ACS_ROLE_SUPPORT, ACS_REASON_REQUIREMENT_MET);
    acs_record record;
    apply_ok_at(file, line, policy, account, &verify, &record);
    expect_eq_at(file, line, "status after VERIFY", status_at(file, line, account),
                 ACS_STATUS_ACTIVE);
}

/* ------------------------------------------------------------------------
** Checked calls.
*/

static void expect_memeq_at(const char *file, int line, const char *what, const void *got,
                            const void *want, size_t size)
{
    ck_assert_msg(memcmp(got, want, size) == 0, "%s:%d: %s differs", file, line, what);
}

/* The fields every record of an event carries from the event itself. */
static void record_matches_event(const char *file, int line, const acs_policy *policy,
                                 const acs_record *record, const acs_event *event)
{
    expect_eq_at(file, line, "record format version", record->format_version,
                 ACS_RECORD_VERSION);
    expect_eq_at(file, line, "record kind", record->kind, event->kind);
    expect_eq_at(file, line, "record reason", record->reason, event->reason);
    expect_eq_at(file, line, "record time", record->time_ms, event->time_ms);
    expect_eq_at(file, line, "record account id", (long long)record->account_id,
                 (long long)ACCOUNT_ID);
    expect_eq_at(file, line, "record actor id", (long long)record->actor_id,
                 (long long)event->actor_id);
    expect_eq_at(file, line, "record actor role", record->actor_role, event->actor_role);
    expect_eq_at(file, line, "record approver id", (long long)record->approver_id,
                 (long long)event->approver_id);
    expect_eq_at(file, line, "record approver role", record->approver_role,
                 event->approver_role);
    expect_memeq_at(file, line, "record evidence", record->evidence, event->evidence,
                    ACS_DIGEST_SIZE);
    expect_memeq_at(file, line, "record policy fingerprint", record->policy_fingerprint,
                    policy->fingerprint, ACS_DIGEST_SIZE);
}

void apply_ok_at(const char *file, int line, const acs_policy *policy,
                 acs_account *account, const acs_event *event, acs_record *record)
{
    acs_account_info before = info_at(file, line, account);
    acs_hold target;
    memset(&target, 0, sizeof(target));
    int had_target = event->hold_id != 0 &&
                     acs_account_find_hold(account, event->hold_id, &target) == ACS_OK;
    acs_refusal why, untouched;
    memset(&why, 0x5a, sizeof(why));
    untouched = why;
    memset(record, 0xa5, sizeof(*record));

    int rc = acs_apply(policy, account, event, record, &why);
    if (rc != ACS_OK) {
        char text[ACS_EXPLAIN_MAX];
        acs_explain(&why, text, sizeof(text));
        ck_abort_msg("%s:%d: %s (%s) at %lld refused under %s with %s: %s", file, line,
                     acs_event_name(event->kind), acs_reason_name(event->reason),
                     (long long)event->time_ms, policy->rules.name, code_name(rc), text);
    }
    expect_memeq_at(file, line, "refusal after a success (must be left as it was)", &why,
                    &untouched, sizeof(why));

    acs_account_info after = info_at(file, line, account);
    record_matches_event(file, line, policy, record, event);
    expect_eq_at(file, line, "sequence after the change", after.sequence,
                 before.sequence + 1);
    expect_eq_at(file, line, "record sequence", (long long)record->sequence, after.sequence);
    expect_eq_at(file, line, "last change", after.last_change_ms, event->time_ms);
    expect_eq_at(file, line, "record flags: denial", record->flags & ACS_RECORD_DENIAL, 0);
    expect_eq_at(file, line, "record refusal", record->refusal, 0);
    expect_eq_at(file, line, "record status before", record->status_before, before.status);
    expect_eq_at(file, line, "record status after", record->status_after, after.status);
    expect_eq_at(file, line, "record lifecycle before", record->lifecycle_before,
                 before.lifecycle);
    expect_eq_at(file, line, "record lifecycle after", record->lifecycle_after,
                 after.lifecycle);
    expect_eq_at(file, line, "record window end", record->window_end_ms,
                 after.window_end_ms);
    if (event->kind != ACS_EVENT_EXTEND)
        expect_eq_at(file, line, "record previous deadline", record->previous_deadline_ms, 0);

    if (event->kind == ACS_EVENT_HOLD) {
        expect_eq_at(file, line, "hold count after HOLD", after.hold_count,
                     before.hold_count + 1);
        expect_eq_at(file, line, "record hold level", record->hold_level, event->level);
        acs_hold placed = hold_at(file, line, account, record->hold_id);
        expect_eq_at(file, line, "placed hold level", placed.level, event->level);
        expect_eq_at(file, line, "placed hold reason", placed.reason, event->reason);
        expect_eq_at(file, line, "placed hold time", placed.placed_ms, event->time_ms);
        expect_eq_at(file, line, "placed hold actor", (long long)placed.actor_id,
                     (long long)event->actor_id);
        expect_eq_at(file, line, "placed hold actor role", placed.actor_role,
                     event->actor_role);
        expect_eq_at(file, line, "placed hold review deadline = record deadline",
                     placed.review_deadline_ms, record->deadline_ms);
    } else {
        expect_eq_at(file, line, "record hold id", record->hold_id, event->hold_id);
        if (had_target)
            expect_eq_at(file, line, "record hold level", record->hold_level, target.level);
    }
}

static void denial_matches(const char *file, int line, const acs_policy *policy,
                           const acs_account *account, const acs_event *event, int code,
                           acs_record *out)
{
    acs_account_info info = info_at(file, line, account);
    acs_record denial;
    memset(&denial, 0xa5, sizeof(denial));
    int rc = acs_record_denial(policy, account, event, code, &denial);
    ck_assert_msg(rc == ACS_OK, "%s:%d: acs_record_denial(%s): %s", file, line,
                  code_name(code), code_name(rc));
    record_matches_event(file, line, policy, &denial, event);
    expect_eq_at(file, line, "denial flag", denial.flags & ACS_RECORD_DENIAL,
                 ACS_RECORD_DENIAL);
    expect_eq_at(file, line, "denial refusal code", denial.refusal, code);
    expect_eq_at(file, line, "denial sequence (the last change's)",
                 (long long)denial.sequence, info.sequence);
    expect_eq_at(file, line, "denial status before", denial.status_before, info.status);
    expect_eq_at(file, line, "denial status after", denial.status_after, info.status);
    expect_eq_at(file, line, "denial lifecycle before", denial.lifecycle_before,
                 info.lifecycle);
    expect_eq_at(file, line, "denial lifecycle after", denial.lifecycle_after,
                 info.lifecycle);
    expect_eq_at(file, line, "denial hold id", denial.hold_id, event->hold_id);
    if (out != NULL) *out = denial;
}

void apply_refused_at(const char *file, int line, const acs_policy *policy,
                      acs_account *account, const acs_event *event, int code,
                      acs_refusal *refusal_out, acs_record *denial_out)
{
    acs_account saved = *account;
    acs_account_info info = info_at(file, line, account);
    acs_record record, untouched;
    memset(&record, 0xa5, sizeof(record));
    untouched = record;
    acs_refusal why;
    memset(&why, 0, sizeof(why));

    int rc = acs_apply(policy, account, event, &record, &why);
    ck_assert_msg(rc == code, "%s:%d: %s (%s) at %lld under %s: expected %s, got %s", file,
                  line, acs_event_name(event->kind), acs_reason_name(event->reason),
                  (long long)event->time_ms, policy->rules.name, code_name(code),
                  code_name(rc));
    expect_memeq_at(file, line, "account after a refusal", account, &saved, sizeof(saved));
    expect_memeq_at(file, line, "record after a refusal", &record, &untouched,
                    sizeof(record));
    expect_eq_at(file, line, "refusal code", why.code, code);
    expect_eq_at(file, line, "refusal kind", why.kind, event->kind);
    if (code <= ACS_R_STATUS && code > ACS_P_NAME) { /* a refusal by the policy */
        expect_eq_at(file, line, "refusal status", why.status, info.status);
        ck_assert_msg(strcmp(why.policy_name, policy->rules.name) == 0,
                      "%s:%d: refusal policy name \"%.*s\", want \"%s\"", file, line,
                      (int)sizeof(why.policy_name), why.policy_name, policy->rules.name);
        if (event->kind == ACS_EVENT_HOLD)
            expect_eq_at(file, line, "refusal level", why.level, event->level);
    }

    char text[ACS_EXPLAIN_MAX];
    memset(text, 0x7f, sizeof(text));
    size_t need = acs_explain(&why, text, sizeof(text));
    ck_assert_msg(need > 0, "%s:%d: empty explanation of %s", file, line, code_name(code));
    ck_assert_msg(memchr(text, '\0', sizeof(text)) != NULL,
                  "%s:%d: explanation not NUL-terminated", file, line);
    ck_assert_msg(text[0] != '\0', "%s:%d: explanation buffer empty", file, line);
    expect_eq_at(file, line, "explanation length",
                 (long long)strlen(text),
                 (long long)(need < sizeof(text) ? need : sizeof(text) - 1));

    denial_matches(file, line, policy, account, event, code, denial_out);
    expect_memeq_at(file, line, "account after acs_record_denial", account, &saved,
                    sizeof(saved));
    if (refusal_out != NULL) *refusal_out = why;
}

void advance_at(const char *file, int line, const acs_policy *policy,
                acs_account *account, int64_t now_ms, acs_record *records,
                unsigned records_max, unsigned *written, int64_t *next_ms)
{
    acs_account_info before = info_at(file, line, account);
    memset(records, 0xa5, sizeof(*records) * records_max);
    *written = 0xdead;
    int64_t next = -1;

    int rc = acs_advance(policy, account, now_ms, records, records_max, written, &next);
    ck_assert_msg(rc == ACS_OK, "%s:%d: acs_advance(%lld) under %s: %s", file, line,
                  (long long)now_ms, policy->rules.name, code_name(rc));
    ck_assert_msg(*written <= records_max, "%s:%d: %u records written into room for %u",
                  file, line, *written, records_max);

    acs_account_info after = info_at(file, line, account);
    expect_eq_at(file, line, "sequence after advance", after.sequence,
                 before.sequence + *written);
    uint8_t status = before.status;
    uint8_t lifecycle = before.lifecycle;
    int64_t last_ms = before.last_change_ms;
    for (unsigned i = 0; i < *written; i++) {
        const acs_record *r = &records[i];
        expect_eq_at(file, line, "advance record sequence", (long long)r->sequence,
                     before.sequence + i + 1);
        ck_assert_msg(r->time_ms >= last_ms && r->time_ms <= now_ms,
                      "%s:%d: advance record %u at %lld, not in [%lld, %lld]", file, line, i,
                      (long long)r->time_ms, (long long)last_ms, (long long)now_ms);
        expect_eq_at(file, line, "advance record status before", r->status_before, status);
        expect_eq_at(file, line, "advance record lifecycle before", r->lifecycle_before,
                     lifecycle);
        expect_eq_at(file, line, "advance record: not a denial", r->flags & ACS_RECORD_DENIAL,
                     0);
        expect_memeq_at(file, line, "advance record policy fingerprint",
                        r->policy_fingerprint, policy->fingerprint, ACS_DIGEST_SIZE);
        status = r->status_after;
        lifecycle = r->lifecycle_after;
        last_ms = r->time_ms;
    }
    expect_eq_at(file, line, "status after advance", after.status, status);
    expect_eq_at(file, line, "lifecycle after advance", after.lifecycle, lifecycle);
    expect_eq_at(file, line, "last change after advance", after.last_change_ms, last_ms);
    if (*written > 0)
        expect_eq_at(file, line, "window end in the last record",
                     records[*written - 1].window_end_ms, after.window_end_ms);

    int64_t account_next = -1;
    rc = acs_account_next_deadline(account, &account_next, NULL);
    ck_assert_msg(rc == ACS_OK, "%s:%d: acs_account_next_deadline: %s", file, line,
                  code_name(rc));
    expect_eq_at(file, line, "next deadline reported by advance", next, account_next);
    if (next_ms != NULL) *next_ms = next;
}

void deadline_record_at(const char *file, int line, const acs_record *record, int kind,
                        int64_t time_ms, unsigned hold_id, uint64_t sequence)
{
    expect_eq_at(file, line, "deadline record format", record->format_version,
                 ACS_RECORD_VERSION);
    expect_eq_at(file, line, "deadline record kind", record->kind, kind);
    expect_eq_at(file, line, "deadline record time (the deadline's own)", record->time_ms,
                 time_ms);
    expect_eq_at(file, line, "deadline record deadline", record->deadline_ms, time_ms);
    expect_eq_at(file, line, "deadline record hold id", record->hold_id, hold_id);
    expect_eq_at(file, line, "deadline record sequence", (long long)record->sequence,
                 (long long)sequence);
    expect_eq_at(file, line, "deadline record actor role", record->actor_role,
                 ACS_ROLE_SYSTEM);
    expect_eq_at(file, line, "deadline record account", (long long)record->account_id,
                 (long long)ACCOUNT_ID);
    expect_eq_at(file, line, "deadline record refusal", record->refusal, 0);
    if (kind == ACS_EVENT_REVIEW_LAPSED)
        expect_eq_at(file, line, "review lapse reason", record->reason,
                     ACS_REASON_DEADLINE_LAPSED);
}
