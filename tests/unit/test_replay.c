/*
** test_replay.c: unit tests of src/replay.c.
**
** For each preset, a long run drives one account with a seeded stream of
** random events, valid and not (periods and extensions past the policy's
** maximum, unknown enum values, reserved fields set, times out of range),
** and advance calls. It keeps every record the library writes, a denial
** record for every refused event, and the account as it stood after each
** record. The whole run chains and verifies; replay must rebuild that
** account from the whole list and from every prefix, and acs_account_at
** must give it at each record's time and between records. Then the
** negative space:
** records made under another policy, records with a field changed, a
** deadline record dropped, a list that does not start at the opening, a
** denial whose refusal was changed, and misuse; every failure leaves the
** account output and, for misuse, the report exactly as they were.
*/
#include "fixtures.h"

#include <stdbool.h>
#include <stdlib.h>

#define RUN_STEPS 2500
/* Each event arms at most one deadline and each armed deadline is applied
** once, so a run keeps at most two records for each step besides the
** opening. */
#define RUN_RECORDS_MAX (2 * RUN_STEPS + 1)
/* Room for every code a denial can carry (ACS_E_NULL .. ACS_R_*), by its
** negated value. */
#define DENIAL_CODES (1 - ACS_P_NAME)

/* What a long run keeps. after[i] is the account after records[i]. */
typedef struct run {
    bool built;
    acs_policy policy;
    size_t count;
    acs_record records[RUN_RECORDS_MAX];
    acs_account after[RUN_RECORDS_MAX];
    acs_account live; /* the account the run ended with */
    unsigned changes_of_kind[ACS_EVENT_WINDOW_ENDED + 1];
    unsigned denials;
    unsigned denials_of[DENIAL_CODES]; /* indexed by -refusal */
} run;

static run runs[ACS_PRESET_DISCRETIONARY + 1];
/* Room for a changed copy of a run's records. */
static acs_record scratch[RUN_RECORDS_MAX];

static const int presets[] = {ACS_PRESET_DEFAULT, ACS_PRESET_CONSUMER,
                              ACS_PRESET_DISCRETIONARY};
#define PRESET_COUNT (sizeof presets / sizeof presets[0])

static const uint64_t seeds[ACS_PRESET_DISCRETIONARY + 1] = {
    0, UINT64_C(0x9e3779b97f4a7c15), UINT64_C(0xd1b54a32d192ed03),
    UINT64_C(0x8cb92ba72f3d8dd7)};

/* ------------------------------------------------------------------------
** A small xorshift generator: the same seed gives the same run everywhere.
*/
typedef struct rng {
    uint64_t state;
} rng;

static uint64_t rng_next(rng *r)
{
    uint64_t x = r->state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    r->state = x;
    return x;
}

static unsigned rng_below(rng *r, unsigned n)
{
    assert_true(n > 0);
    return (unsigned)(rng_next(r) % n);
}

static int64_t rng_below64(rng *r, int64_t n)
{
    assert_true(n > 0);
    return (int64_t)(rng_next(r) % (uint64_t)n);
}

static bool rng_percent(rng *r, unsigned percent)
{
    return rng_below(r, 100) < percent;
}

/* A random set bit of mask below limit, 0 when there is none. */
static int rng_bit(rng *r, uint64_t mask, int limit)
{
    int bits[64];
    int count = 0;
    for (int bit = 1; bit < limit; bit++)
        if (mask & (UINT64_C(1) << bit)) bits[count++] = bit;
    return count == 0 ? 0 : bits[rng_below(r, (unsigned)count)];
}

/* Every reason of the enum. */
#define ALL_REASONS (UINT64_C(0x0ffe) | (UINT64_C(0x7f) << 32))

/* ------------------------------------------------------------------------
** Random events. Most follow the policy's rule for their kind, so that the
** account moves; the rest break one rule, carry an unknown enum value, or
** are malformed in a field of their own (random_malformation). The kind is
** always one of 1..9: a denial record can state no other.
*/
static const uint8_t kind_weights[] = {
    ACS_EVENT_VERIFY, ACS_EVENT_HOLD,    ACS_EVENT_HOLD,    ACS_EVENT_HOLD,
    ACS_EVENT_HOLD,   ACS_EVENT_LIFT,    ACS_EVENT_LIFT,    ACS_EVENT_LIFT,
    ACS_EVENT_EXTEND, ACS_EVENT_EXTEND,  ACS_EVENT_EXTEND,  ACS_EVENT_NOTICE,
    ACS_EVENT_NOTICE, ACS_EVENT_RESCIND, ACS_EVENT_CLOSE,   ACS_EVENT_APPEAL,
    ACS_EVENT_APPEAL, ACS_EVENT_APPEAL,  ACS_EVENT_DECIDE,  ACS_EVENT_DECIDE,
    ACS_EVENT_DECIDE,
};

static const acs_rule *rule_of(const acs_policy *policy, int kind, int level)
{
    bool level_ok = level >= ACS_LEVEL_WITHDRAWAL_ONLY && level <= ACS_LEVEL_SUSPENDED;
    int rule = fx_rule_index(kind, level_ok ? level : ACS_LEVEL_FROZEN);
    return &policy->rules.rules[rule];
}

static void random_people(rng *r, const acs_rule *rule, acs_event *event)
{
    int role = rng_bit(r, rule->actor_roles, ACS_ROLE_COUNT);
    if (role == 0 || rng_percent(r, 12)) role = 1 + (int)rng_below(r, ACS_ROLE_SYSTEM);
    if (rng_percent(r, 2)) role = rng_percent(r, 50) ? 0 : ACS_ROLE_COUNT;
    event->actor_role = (uint8_t)role;
    event->actor_id = FX_ACTOR_ID(role);

    int approver = rng_bit(r, rule->approver_roles, ACS_ROLE_COUNT);
    bool give = approver != 0 ? rng_percent(r, 88) : rng_percent(r, 5);
    if (!give) return;
    if (approver == 0) approver = 1 + (int)rng_below(r, ACS_ROLE_SYSTEM);
    event->approver_role = (uint8_t)approver;
    event->approver_id = rng_percent(r, 5) ? event->actor_id : FX_APPROVER_ID(approver);
}

static void random_reason(rng *r, const acs_rule *rule, acs_event *event)
{
    int reason = rng_bit(r, rule->reasons, 64);
    if (reason == 0 || rng_percent(r, 10)) reason = rng_bit(r, ALL_REASONS, 64);
    if (rng_percent(r, 2)) reason = rng_percent(r, 50) ? 12 : 60;
    event->reason = (uint8_t)reason;
    bool needs = reason < 64 && (rule->reasons_evidence & ACS_REASON_BIT(reason)) != 0;
    if (needs ? rng_percent(r, 88) : rng_percent(r, 8))
        fx_evidence(event, (int)rng_below(r, 200));
}

/* A hold id: mostly one the account has, sometimes 0 (the window or the
** notice), sometimes one it may not have. */
static unsigned random_target(rng *r, const acs_account *account, acs_hold *hold)
{
    acs_account_info info = fx_info(account);
    memset(hold, 0, sizeof *hold);
    unsigned choice = rng_below(r, 10);
    if (choice < 7 && info.hold_count > 0) {
        unsigned index = rng_below(r, info.hold_count);
        assert_code(acs_account_hold(account, index, hold), ACS_OK);
        return hold->id;
    }
    if (choice < 9) return 0;
    return 1 + rng_below(r, 40);
}

static void random_extension(rng *r, const acs_account *account, const acs_hold *hold,
                             acs_event *event)
{
    acs_account_info info = fx_info(account);
    int64_t base = event->hold_id != 0 ? hold->review_deadline_ms : info.window_end_ms;
    if (base < event->time_ms) base = event->time_ms;
    unsigned choice = rng_below(r, 20);
    if (choice < 17) event->deadline_ms = base + 1 + rng_below64(r, 40 * FX_DAY);
    else if (choice < 19) event->deadline_ms = base;
    else event->deadline_ms = base + 400 * FX_DAY;
}

static void random_period(rng *r, const acs_policy *policy, acs_event *event)
{
    bool level_ok = event->level >= ACS_LEVEL_WITHDRAWAL_ONLY &&
                    event->level <= ACS_LEVEL_SUSPENDED;
    if (!level_ok || rng_percent(r, 70)) return;
    int64_t fallback = fx_period_ms(policy->rules.review_default[event->level]);
    int64_t longest =
        fallback != 0 ? fallback : fx_period_ms(policy->rules.review_max[event->level]);
    if (longest == 0) return;
    if (rng_percent(r, 85)) event->period_ms = 1 + rng_below64(r, longest);
    else event->period_ms = longest + 1 + rng_below64(r, 10 * FX_DAY);
}

/* A field of the event made malformed: a reserved field set (ACS_E_RESERVED)
** or a time, period or deadline out of range (ACS_E_TIME_RANGE), unless an
** enum value the event already carries is refused first. Some of these
** fields are not in a record at all (the reserved bytes, a period), and the
** denial keeps only what fits a record. */
static void random_malformation(rng *r, acs_event *event)
{
    bool has_target = event->kind == ACS_EVENT_LIFT || event->kind == ACS_EVENT_EXTEND ||
                      event->kind == ACS_EVENT_APPEAL || event->kind == ACS_EVENT_DECIDE;
    int64_t past_max = ACS_TIME_MAX_MS + 1 + rng_below64(r, FX_DAY);
    int64_t negative = -1 - rng_below64(r, FX_DAY);
    switch (rng_below(r, 8)) {
    case 0: /* a reserved byte */
        event->reserved[rng_below(r, sizeof event->reserved)] =
            (uint8_t)(1 + rng_below(r, 255));
        break;
    case 1: /* an approver's id without an approver */
        event->approver_role = 0;
        event->approver_id = FX_APPROVER_ID(ACS_ROLE_COMPLIANCE);
        break;
    case 2: /* an event flag the kind does not take, or no kind does */
        event->flags = event->kind == ACS_EVENT_CLOSE ? 0x2 : ACS_EVENT_FUNDS_HELD;
        break;
    case 3: /* a target where the kind takes none, or a level */
        if (!has_target && (event->kind == ACS_EVENT_HOLD || rng_percent(r, 50)))
            event->hold_id = (uint16_t)(1 + rng_below(r, 40));
        else
            event->level = (uint8_t)(1 + rng_below(r, ACS_LEVEL_SUSPENDED));
        break;
    case 4: /* a period where the kind takes none, or a deadline */
        if (event->kind == ACS_EVENT_HOLD) event->deadline_ms = event->time_ms + FX_DAY;
        else event->period_ms = 1 + rng_below64(r, 10 * FX_DAY);
        break;
    case 5: /* a time out of range */
        event->time_ms = rng_percent(r, 50) ? negative : past_max;
        break;
    default: /* a period or deadline out of range, else the time */
        if (event->kind == ACS_EVENT_HOLD)
            event->period_ms = rng_percent(r, 50) ? negative : past_max;
        else if (event->kind == ACS_EVENT_EXTEND)
            event->deadline_ms = rng_percent(r, 50) ? negative : past_max;
        else
            event->time_ms = rng_percent(r, 50) ? negative : past_max;
        break;
    }
}

/* A kind from the weights, steered a little by the account: a pending
** account is verified sooner, and a crowded hold table gets fewer holds, so
** that the run spends its time in every status rather than at the limits. */
static int random_kind(rng *r, const acs_account *account)
{
    acs_account_info info = fx_info(account);
    if (info.lifecycle == ACS_LIFECYCLE_PENDING && rng_percent(r, 25))
        return info.hold_count > 0 && rng_percent(r, 50) ? ACS_EVENT_LIFT : ACS_EVENT_VERIFY;
    if (info.lifecycle == ACS_LIFECYCLE_CLOSING && rng_percent(r, 5)) return ACS_EVENT_RESCIND;
    int kind = kind_weights[rng_below(r, sizeof kind_weights)];
    if (kind == ACS_EVENT_HOLD && info.hold_count >= 3 && rng_percent(r, 60))
        kind = ACS_EVENT_LIFT;
    return kind;
}

static acs_event random_event(rng *r, const acs_policy *policy, const acs_account *account,
                              int64_t now_ms)
{
    int kind = random_kind(r, account);
    int level = 0;
    if (kind == ACS_EVENT_HOLD) {
        level = 1 + (int)rng_below(r, ACS_LEVEL_SUSPENDED);
        if (rng_percent(r, 2)) level = rng_percent(r, 50) ? 0 : ACS_LEVEL_COUNT;
    }
    int64_t time_ms = now_ms;
    if (rng_percent(r, 4)) time_ms = now_ms - 1 - rng_below64(r, 2 * FX_DAY);
    acs_event event = fx_event(kind, time_ms, 0, 0);
    event.level = (uint8_t)level;
    const acs_rule *rule = rule_of(policy, kind, level);
    random_people(r, rule, &event);
    random_reason(r, rule, &event);

    acs_hold hold;
    bool targets = kind == ACS_EVENT_LIFT || kind == ACS_EVENT_EXTEND ||
                   kind == ACS_EVENT_APPEAL || kind == ACS_EVENT_DECIDE;
    if (targets) event.hold_id = (uint16_t)random_target(r, account, &hold);
    if (kind == ACS_EVENT_EXTEND) random_extension(r, account, &hold, &event);
    if (kind == ACS_EVENT_HOLD) random_period(r, policy, &event);
    if (kind == ACS_EVENT_CLOSE && rng_percent(r, 50)) event.flags = ACS_EVENT_FUNDS_HELD;
    if (rng_percent(r, 4)) random_malformation(r, &event);
    return event;
}

/* The time between two steps: often nothing or a moment, sometimes days,
** now and then weeks, so that every kind of deadline comes due. */
static int64_t random_step(rng *r)
{
    switch (rng_below(r, 10)) {
    case 0: return 0;
    case 1: return 1;
    case 2:
    case 3:
    case 4: return FX_SECOND * (1 + rng_below64(r, 3600));
    case 5:
    case 6:
    case 7: return rng_below64(r, 48 * FX_HOUR);
    case 8: return FX_DAY * (1 + rng_below64(r, 7));
    default: return FX_DAY * (5 + rng_below64(r, 36));
    }
}

/* ------------------------------------------------------------------------
** Building a run.
*/
static void keep(run *out, const acs_record *record, const acs_account *account)
{
    assert_true(out->count < RUN_RECORDS_MAX);
    out->records[out->count] = *record;
    out->after[out->count] = *account;
    out->count++;
    if (record->flags & ACS_RECORD_DENIAL) {
        assert_true(record->refusal < 0 && -record->refusal < DENIAL_CODES);
        out->denials++;
        out->denials_of[-record->refusal]++;
    } else {
        out->changes_of_kind[record->kind]++;
    }
}

/* Every refused attempt is kept as its denial record, which carries the
** deadline the event asked for (a HOLD's period, an EXTEND's deadline) and
** of a malformed event what fits a record. */
static void apply_and_keep(run *out, acs_account *account, const acs_event *event)
{
    acs_record record;
    int rc = acs_apply(&out->policy, account, event, &record, NULL);
    if (rc == ACS_OK) {
        keep(out, &record, account);
        return;
    }
    assert_code(acs_record_denial(&out->policy, account, event, rc, &record), ACS_OK);
    assert_code(record.refusal, rc);
    keep(out, &record, account);
}

/* Advance with room for records_max records. To keep the account after
** each deadline, the same advance is made on a copy one deadline at a time;
** both must give the same records and the same account. */
static void advance_and_keep(run *out, acs_account *account, int64_t now_ms,
                             unsigned records_max)
{
    acs_record batch[ACS_DEADLINES_MAX];
    unsigned written = 0;
    acs_account stepped = *account;
    int rc = acs_advance(&out->policy, account, now_ms, batch, records_max, &written, NULL);
    if (rc == ACS_E_ACCOUNT_CLOSED) return;
    assert_code(rc, ACS_OK);
    for (unsigned i = 0; i < written; i++) {
        acs_record one;
        unsigned one_written = 0;
        assert_code(acs_advance(&out->policy, &stepped, now_ms, &one, 1, &one_written, NULL),
                    ACS_OK);
        assert_int_equal(one_written, 1);
        assert_memory_equal(&one, &batch[i], sizeof one);
        keep(out, &one, &stepped);
    }
    assert_memory_equal(&stepped, account, sizeof stepped);
}

/* A CLOSE ends the run's interest in the account, so only the last tenth
** of the steps may close it; before that a CLOSE the policy would accept
** is not made (refused ones are). */
static bool would_close(const acs_policy *policy, const acs_account *account,
                        const acs_event *event)
{
    acs_account trial = *account;
    acs_record record;
    if (event->kind != ACS_EVENT_CLOSE) return false;
    return acs_apply(policy, &trial, event, &record, NULL) == ACS_OK;
}

static void build_run(run *out, int preset)
{
    memset(out, 0, sizeof *out);
    fx_preset(&out->policy, preset);
    rng r = {seeds[preset]};
    acs_account account;
    acs_record record;
    int64_t now_ms = FX_T0;
    assert_code(acs_account_open(&account, FX_ACCOUNT_ID, now_ms, &out->policy, &record),
                ACS_OK);
    keep(out, &record, &account);
    for (unsigned step = 0; step < RUN_STEPS; step++) {
        now_ms += random_step(&r);
        if (rng_below(&r, 10) == 0) {
            advance_and_keep(out, &account, now_ms, 1 + rng_below(&r, ACS_DEADLINES_MAX));
            continue;
        }
        if (rng_below(&r, 4) != 0) advance_and_keep(out, &account, now_ms, ACS_DEADLINES_MAX);
        acs_event event = random_event(&r, &out->policy, &account, now_ms);
        bool late = step >= RUN_STEPS - RUN_STEPS / 10;
        if (!late && would_close(&out->policy, &account, &event)) continue;
        apply_and_keep(out, &account, &event);
    }
    out->live = account;
    out->built = true;
}

static const run *run_of(int preset)
{
    assert_true(preset >= ACS_PRESET_DEFAULT && preset <= ACS_PRESET_DISCRETIONARY);
    if (!runs[preset].built) build_run(&runs[preset], preset);
    return &runs[preset];
}

static int preset_of(void **state)
{
    return *(const int *)*state;
}

/* ------------------------------------------------------------------------
** Expectations.
*/
#define ANY_REFUSAL 1 /* no acs_code is positive */

/* Replays count records and expects the finding code at index, with the
** refusal the report names (ANY_REFUSAL: not checked). The account output
** must keep its fill. */
static void expect_finding_at(const acs_policy *policy, const acs_record *records,
                              size_t count, int code, int refusal, size_t index,
                              const char *file, int line)
{
    acs_account account;
    acs_audit_report report;
    memset(&account, FX_FILL, sizeof account);
    memset(&report, FX_FILL, sizeof report);
    int rc = acs_replay(policy, records, count, &account, &report);
    fx_assert_code_at(rc, code, "acs_replay", file, line);
    fx_assert_code_at(report.code, code, "report.code", file, line);
    fx_assert_i64_at((int64_t)report.index, (int64_t)index, "report.index", file, line);
    if (refusal != ANY_REFUSAL)
        fx_assert_code_at(report.refusal, refusal, "report.refusal", file, line);
    fx_assert_filled_at(&account, sizeof account, FX_FILL, "account", file, line);
    /* The report may be NULL; the result is the same. */
    rc = acs_replay(policy, records, count, &account, NULL);
    fx_assert_code_at(rc, code, "acs_replay (report NULL)", file, line);
    fx_assert_filled_at(&account, sizeof account, FX_FILL, "account", file, line);
}
#define expect_finding(policy, records, count, code, refusal, index)              \
    expect_finding_at((policy), (records), (count), (code), (refusal), (index), \
                      __FILE__, __LINE__)

/* Replays count records, which must pass, into an account that must equal
** *want. */
static void expect_replay_at(const acs_policy *policy, const acs_record *records,
                             size_t count, const acs_account *want, const char *file,
                             int line)
{
    acs_account account;
    acs_audit_report report;
    memset(&account, FX_FILL, sizeof account);
    memset(&report, FX_FILL, sizeof report);
    int rc = acs_replay(policy, records, count, &account, &report);
    if (rc != ACS_OK)
        print_error("replay of %zu records: finding at index %" PRIu64 ", refusal %d (%s)\n",
                    count, report.index, (int)report.refusal, fx_code_name(report.refusal));
    fx_assert_code_at(rc, ACS_OK, "acs_replay", file, line);
    fx_assert_code_at(report.code, ACS_OK, "report.code", file, line);
    fx_assert_code_at(report.refusal, ACS_OK, "report.refusal", file, line);
    fx_assert_i64_at((int64_t)report.index, (int64_t)count, "report.index", file, line);
    if (memcmp(&account, want, sizeof account) != 0) {
        print_error("replay of %zu records rebuilt another account\n", count);
        _fail(file, line);
    }
}
#define expect_replay(policy, records, count, want) \
    expect_replay_at((policy), (records), (count), (want), __FILE__, __LINE__)

static bool is_change(const acs_record *record, int kind)
{
    return !(record->flags & ACS_RECORD_DENIAL) && record->kind == kind;
}

/* The index of the first (or last) change record of kind after index 0. */
static size_t find_change(const run *r, int kind, bool last)
{
    size_t found = 0;
    for (size_t i = 1; i < r->count; i++) {
        if (!is_change(&r->records[i], kind)) continue;
        found = i;
        if (!last) break;
    }
    if (found == 0) print_error("the run has no %s record\n", acs_event_name(kind));
    assert_true(found != 0);
    return found;
}

static const run *copy_to_scratch(int preset)
{
    const run *r = run_of(preset);
    memcpy(scratch, r->records, r->count * sizeof scratch[0]);
    return r;
}

/* ------------------------------------------------------------------------
** The long run.
*/

/* The run reaches what it is meant to: every kind of change, and denials,
** among them of periods and extensions past the maximum and of malformed
** events; change records never go back in time. */
static void test_run_covers_every_kind(void **state)
{
    const run *r = run_of(preset_of(state));
    static const int kinds[] = {
        ACS_EVENT_OPEN,    ACS_EVENT_VERIFY,        ACS_EVENT_HOLD,
        ACS_EVENT_LIFT,    ACS_EVENT_EXTEND,        ACS_EVENT_NOTICE,
        ACS_EVENT_RESCIND, ACS_EVENT_APPEAL,        ACS_EVENT_DECIDE,
        ACS_EVENT_REVIEW_LAPSED, ACS_EVENT_APPEAL_LAPSED, ACS_EVENT_WINDOW_ENDED,
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (r->changes_of_kind[kinds[i]] == 0)
            print_error("no %s change in the run\n", acs_event_name(kinds[i]));
        assert_true(r->changes_of_kind[kinds[i]] > 0);
    }
    assert_int_equal(r->changes_of_kind[ACS_EVENT_OPEN], 1);
    assert_true(r->denials > RUN_STEPS / 10);
    static const int codes[] = {ACS_R_PERIOD_TOO_LONG, ACS_R_DEADLINE_BEYOND_MAX, ACS_E_ENUM,
                                ACS_E_RESERVED};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        if (r->denials_of[-codes[i]] == 0)
            print_error("no denial with %s in the run\n", fx_code_name(codes[i]));
        assert_true(r->denials_of[-codes[i]] > 0);
    }
    int64_t last_change_ms = 0;
    for (size_t i = 0; i < r->count; i++) {
        const acs_record *record = &r->records[i];
        if (record->flags & ACS_RECORD_DENIAL) continue;
        assert_true(record->time_ms >= last_change_ms);
        last_change_ms = record->time_ms;
    }
}

static void test_long_run_replays(void **state)
{
    const run *r = run_of(preset_of(state));
    expect_replay(&r->policy, r->records, r->count, &r->live);
    assert_memory_equal(&r->after[r->count - 1], &r->live, sizeof r->live);
    acs_account account;
    memset(&account, FX_FILL, sizeof account);
    assert_code(acs_replay(&r->policy, r->records, r->count, &account, NULL), ACS_OK);
    assert_memory_equal(&account, &r->live, sizeof account);
}

/* Every record of the run, denials of malformed events included, chains,
** and the chain verifies against its own head as the anchor. Chained, the
** run still replays: replay compares records without their chain. */
static void test_run_chains_and_verifies(void **state)
{
    const run *r = copy_to_scratch(preset_of(state));
    acs_chain chain;
    assert_code(acs_chain_init(&chain), ACS_OK);
    for (size_t i = 0; i < r->count; i++) {
        const acs_record *record = &r->records[i];
        int rc = acs_chain_append(&chain, &scratch[i]);
        if (rc != ACS_OK)
            print_error("record %zu (%s, refusal %s) does not chain\n", i,
                        acs_event_name(record->kind), fx_code_name(record->refusal));
        assert_code(rc, ACS_OK);
        assert_true(scratch[i].flags & ACS_RECORD_CHAINED);
    }
    assert_true(chain.count == r->count);
    acs_audit_report report;
    memset(&report, FX_FILL, sizeof report);
    int rc = acs_verify(scratch, r->count, NULL, &chain, 0, &report);
    if (rc != ACS_OK)
        print_error("acs_verify: finding at index %" PRIu64 "\n", report.index);
    assert_code(rc, ACS_OK);
    assert_code(report.code, ACS_OK);
    assert_true(report.index == r->count);
    expect_replay(&r->policy, scratch, r->count, &r->live);
}

/* With ACS_TEST_QUICK set to anything but 0 (make valgrind-check sets it),
** the sweeps over every prefix and every record's time take every
** QUICK_STRIDE-th record, and the whole run, instead. */
#define QUICK_STRIDE 64

static size_t sweep_stride(void)
{
    const char *quick = getenv("ACS_TEST_QUICK");
    bool on = quick != NULL && quick[0] != '\0' && strcmp(quick, "0") != 0;
    return on ? QUICK_STRIDE : 1;
}

static void test_every_prefix_replays(void **state)
{
    const run *r = run_of(preset_of(state));
    for (size_t count = 1; count <= r->count; count += sweep_stride())
        expect_replay(&r->policy, r->records, count, &r->after[count - 1]);
    expect_replay(&r->policy, r->records, r->count, &r->after[r->count - 1]);
}

/* The chain fields are verify's to check: replay compares records without
** them, whatever they hold. */
static void test_chain_fields_ignored(void **state)
{
    const run *r = copy_to_scratch(preset_of(state));
    for (size_t i = 0; i < r->count; i++) {
        scratch[i].flags |= ACS_RECORD_CHAINED;
        memset(scratch[i].previous_hash, (int)(i & 0xff), ACS_DIGEST_SIZE);
        memset(scratch[i].hash, (int)((i + 1) & 0xff), ACS_DIGEST_SIZE);
    }
    expect_replay(&r->policy, scratch, r->count, &r->live);
}

/* The account as it stood at at_ms: after the last change at or before it.
** Change records never go back in time (test_run_covers_every_kind). */
static const acs_account *standing_at(const run *r, int64_t at_ms)
{
    const acs_account *standing = NULL;
    for (size_t i = 0; i < r->count; i++) {
        const acs_record *record = &r->records[i];
        if (!(record->flags & ACS_RECORD_DENIAL) && record->time_ms <= at_ms)
            standing = &r->after[i];
    }
    return standing;
}

/* How many records acs_account_at replays: those before the first change
** later than at_ms. */
static size_t replayed_at(const run *r, int64_t at_ms)
{
    size_t count = 0;
    while (count < r->count) {
        const acs_record *record = &r->records[count];
        if (!(record->flags & ACS_RECORD_DENIAL) && record->time_ms > at_ms) break;
        count++;
    }
    return count;
}

static void expect_account_at(const run *r, int64_t at_ms)
{
    const acs_account *want = standing_at(r, at_ms);
    acs_account account;
    acs_audit_report report;
    memset(&account, FX_FILL, sizeof account);
    memset(&report, FX_FILL, sizeof report);
    int rc = acs_account_at(&r->policy, r->records, r->count, at_ms, &account, &report);
    if (want == NULL) {
        assert_code(rc, ACS_V_NOT_OPENING);
        assert_code(report.code, ACS_V_NOT_OPENING);
        assert_true(report.index == 0);
        assert_filled(&account, sizeof account, FX_FILL);
        return;
    }
    if (rc != ACS_OK) print_error("acs_account_at(%" PRId64 ")\n", at_ms);
    assert_code(rc, ACS_OK);
    assert_code(report.code, ACS_OK);
    assert_code(report.refusal, ACS_OK);
    assert_true(report.index == replayed_at(r, at_ms));
    assert_memory_equal(&account, want, sizeof account);
}

/* At each time a record names, just before it, and halfway to the next. */
static void test_account_at_every_time(void **state)
{
    const run *r = run_of(preset_of(state));
    expect_account_at(r, INT64_MIN);
    expect_account_at(r, FX_T0 - 1);
    for (size_t i = 0; i < r->count; i += sweep_stride()) {
        int64_t t = r->records[i].time_ms;
        if (i > 0 && t == r->records[i - 1].time_ms) continue;
        expect_account_at(r, t);
        expect_account_at(r, t - 1);
        if (i + 1 < r->count) expect_account_at(r, t + (r->records[i + 1].time_ms - t) / 2);
    }
    expect_account_at(r, r->records[r->count - 1].time_ms + FX_YEAR);
    expect_account_at(r, INT64_MAX);
}

/* ------------------------------------------------------------------------
** Another policy.
*/
static void test_other_policy(void **state)
{
    int preset = preset_of(state);
    const run *r = copy_to_scratch(preset);
    for (size_t p = 0; p < PRESET_COUNT; p++) {
        if (presets[p] == preset) continue;
        acs_policy other;
        fx_preset(&other, presets[p]);
        /* The fingerprints of two presets differ, or nothing here can. */
        assert_true(memcmp(other.fingerprint, r->policy.fingerprint, ACS_DIGEST_SIZE) != 0);
        expect_finding(&other, r->records, r->count, ACS_V_POLICY, ACS_OK, 0);
        /* One record in the middle made under the other policy. */
        size_t middle = r->count / 2;
        memcpy(scratch[middle].policy_fingerprint, other.fingerprint, ACS_DIGEST_SIZE);
        expect_finding(&r->policy, scratch, r->count, ACS_V_POLICY, ACS_OK, middle);
        scratch[middle] = r->records[middle];
    }
    /* The same rules built again are the same policy. */
    acs_policy again;
    fx_build(&again, acs_preset_rules(preset));
    expect_replay(&again, r->records, r->count, &r->live);
}

/* One period changed is another policy, even where no record turns on it. */
static void test_policy_with_one_period_changed(void **state)
{
    int preset = preset_of(state);
    const run *r = run_of(preset);
    acs_policy_rules rules = *acs_preset_rules(preset);
    assert_int_not_equal(rules.window_extension_max.unit, ACS_UNIT_NONE);
    rules.window_extension_max.count += 1;
    acs_policy changed;
    fx_build(&changed, &rules);
    expect_finding(&changed, r->records, r->count, ACS_V_POLICY, ACS_OK, 0);
}

/* ------------------------------------------------------------------------
** A field changed in a change record. Replay finds what the policy would
** refuse or produce differently; a field the policy does not constrain
** (an actor's id, the evidence bytes) is the chain's to protect.
*/
typedef struct field_case {
    const char *name;
    int kind;                          /* the kind of change record to alter */
    void (*alter)(acs_record *record);
    int code;                          /* ACS_V_OUTCOME or ACS_V_REFUSED */
    int refusal;                       /* what the report names */
} field_case;

static void reason_outcome(acs_record *record) { record->reason = ACS_REASON_REVIEW_CLEARED; }
static void reason_unknown(acs_record *record) { record->reason = 12; }
static void role_user(acs_record *record) { record->actor_role = ACS_ROLE_USER; }
static void role_unknown(acs_record *record) { record->actor_role = ACS_ROLE_COUNT; }
static void status_after(acs_record *record)
{
    record->status_after = record->status_after == ACS_STATUS_SUSPENDED
                               ? ACS_STATUS_FROZEN : ACS_STATUS_SUSPENDED;
}
static void status_before(acs_record *record) { record->status_before = ACS_STATUS_ACTIVE; }
static void lifecycle_after(acs_record *record) { record->lifecycle_after = ACS_LIFECYCLE_OPEN; }
static void deadline_later(acs_record *record) { record->deadline_ms += 1; }
static void deadline_earlier(acs_record *record) { record->deadline_ms -= 1; }
static void deadline_before_time(acs_record *record) { record->deadline_ms = record->time_ms - 1; }
static void previous_deadline(acs_record *record) { record->previous_deadline_ms += 1; }
static void window_end(acs_record *record) { record->window_end_ms += FX_DAY; }
static void flag_funds_held(acs_record *record) { record->flags |= ACS_RECORD_FUNDS_HELD; }
static void flag_lifted_cleared(acs_record *record)
{
    record->flags &= (uint8_t)~ACS_RECORD_HOLD_LIFTED;
}
static void flag_rescinded(acs_record *record) { record->flags |= ACS_RECORD_NOTICE_RESCINDED; }
static void flag_denial(acs_record *record) { record->flags |= ACS_RECORD_DENIAL; }
static void flag_segregated(acs_record *record) { record->flags |= ACS_RECORD_FUNDS_SEGREGATED; }
static void hold_unknown(acs_record *record) { record->hold_id = ACS_HOLD_ID_MAX; }
static void level_unknown(acs_record *record) { record->hold_level = ACS_LEVEL_COUNT; }
static void sequence_skips(acs_record *record) { record->sequence += 1; }
static void time_before_opening(acs_record *record) { record->time_ms = FX_T0 - 1; }
static void time_later(acs_record *record) { record->time_ms += 1; }
static void account_other(acs_record *record) { record->account_id ^= 1; }
static void kind_opening(acs_record *record) { record->kind = ACS_EVENT_OPEN; }
static void kind_unknown(acs_record *record) { record->kind = 12; }

static const field_case field_cases[] = {
    {"reason: an outcome for a hold", ACS_EVENT_HOLD, reason_outcome, ACS_V_REFUSED,
     ACS_R_REASON_NOT_VALID},
    {"reason: unknown", ACS_EVENT_LIFT, reason_unknown, ACS_V_REFUSED, ACS_E_ENUM},
    {"actor role: the customer places a hold", ACS_EVENT_HOLD, role_user, ACS_V_REFUSED,
     ACS_R_ROLE},
    {"actor role: unknown", ACS_EVENT_NOTICE, role_unknown, ACS_V_REFUSED, ACS_E_ENUM},
    {"status after (event)", ACS_EVENT_VERIFY, status_after, ACS_V_OUTCOME, ACS_OK},
    {"status after (hold)", ACS_EVENT_HOLD, status_after, ACS_V_OUTCOME, ACS_OK},
    {"status after (deadline)", ACS_EVENT_REVIEW_LAPSED, status_after, ACS_V_OUTCOME,
     ACS_OK},
    {"status before", ACS_EVENT_LIFT, status_before, ACS_V_OUTCOME, ACS_OK},
    {"lifecycle after", ACS_EVENT_NOTICE, lifecycle_after, ACS_V_OUTCOME, ACS_OK},
    {"deadline: notice", ACS_EVENT_NOTICE, deadline_later, ACS_V_OUTCOME, ACS_OK},
    {"deadline: appeal answer", ACS_EVENT_APPEAL, deadline_later, ACS_V_OUTCOME, ACS_OK},
    {"deadline: decide", ACS_EVENT_DECIDE, deadline_earlier, ACS_V_OUTCOME, ACS_OK},
    {"deadline: before the hold", ACS_EVENT_HOLD, deadline_before_time, ACS_V_REFUSED,
     ACS_E_TIME_RANGE},
    {"deadline: lapsed review", ACS_EVENT_REVIEW_LAPSED, deadline_earlier, ACS_V_OUTCOME,
     ACS_OK},
    {"deadline: window ended", ACS_EVENT_WINDOW_ENDED, deadline_later, ACS_V_OUTCOME,
     ACS_OK},
    {"deadline: appeal lapsed", ACS_EVENT_APPEAL_LAPSED, deadline_later, ACS_V_OUTCOME,
     ACS_OK},
    {"previous deadline", ACS_EVENT_EXTEND, previous_deadline, ACS_V_OUTCOME, ACS_OK},
    {"window end", ACS_EVENT_NOTICE, window_end, ACS_V_OUTCOME, ACS_OK},
    {"flags: funds held on a verify", ACS_EVENT_VERIFY, flag_funds_held, ACS_V_REFUSED,
     ACS_E_RESERVED},
    {"flags: hold lifted cleared", ACS_EVENT_LIFT, flag_lifted_cleared, ACS_V_OUTCOME,
     ACS_OK},
    {"flags: notice rescinded on a hold", ACS_EVENT_HOLD, flag_rescinded, ACS_V_OUTCOME,
     ACS_OK},
    {"flags: funds segregated on a rescind", ACS_EVENT_RESCIND, flag_segregated,
     ACS_V_OUTCOME, ACS_OK},
    /* A change shown as a denial: the policy accepts the event, so the
    ** report names ACS_OK as what the library returned. */
    {"flags: a change shown as a denial", ACS_EVENT_VERIFY, flag_denial, ACS_V_OUTCOME,
     ACS_OK},
    /* A HOLD's change record names the hold it created; shown as a denial,
    ** it names that hold as the event's target, which a HOLD has none of. */
    {"flags: a hold shown as a denial", ACS_EVENT_HOLD, flag_denial, ACS_V_OUTCOME,
     ACS_E_RESERVED},
    {"hold id: unknown", ACS_EVENT_LIFT, hold_unknown, ACS_V_REFUSED, ACS_E_HOLD_UNKNOWN},
    {"hold level: unknown", ACS_EVENT_HOLD, level_unknown, ACS_V_REFUSED, ACS_E_ENUM},
    {"sequence", ACS_EVENT_EXTEND, sequence_skips, ACS_V_OUTCOME, ACS_OK},
    {"time: before the opening", ACS_EVENT_HOLD, time_before_opening, ACS_V_REFUSED,
     ACS_E_TIME_BACKWARDS},
    /* advance applies a deadline at its own time, not at a later one. */
    {"time: a lapse recorded late", ACS_EVENT_REVIEW_LAPSED, time_later, ACS_V_OUTCOME,
     ACS_OK},
    {"time: a window end recorded late", ACS_EVENT_WINDOW_ENDED, time_later, ACS_V_OUTCOME,
     ACS_OK},
    {"account id", ACS_EVENT_DECIDE, account_other, ACS_V_OUTCOME, ACS_OK},
    {"kind: a second opening", ACS_EVENT_VERIFY, kind_opening, ACS_V_OUTCOME, ACS_OK},
    {"kind: unknown", ACS_EVENT_LIFT, kind_unknown, ACS_V_OUTCOME, ACS_OK},
};

static void expect_field_case(const run *r, const field_case *c, size_t index)
{
    assert_true(is_change(&r->records[index], c->kind));
    c->alter(&scratch[index]);
    assert_true(memcmp(&scratch[index], &r->records[index], sizeof scratch[0]) != 0);
    acs_account account;
    acs_audit_report report;
    memset(&account, FX_FILL, sizeof account);
    memset(&report, FX_FILL, sizeof report);
    int rc = acs_replay(&r->policy, scratch, r->count, &account, &report);
    if (rc != c->code || report.index != index || report.refusal != c->refusal)
        print_error("%s (record %zu): %d (%s) at %" PRIu64 ", refusal %d (%s)\n", c->name,
                    index, rc, fx_code_name(rc), report.index, (int)report.refusal,
                    fx_code_name(report.refusal));
    assert_code(rc, c->code);
    assert_code(report.code, c->code);
    assert_true(report.index == index);
    assert_code(report.refusal, c->refusal);
    assert_filled(&account, sizeof account, FX_FILL);
    scratch[index] = r->records[index];
}

static void test_changed_field(void **state)
{
    const run *r = copy_to_scratch(preset_of(state));
    for (size_t i = 0; i < sizeof field_cases / sizeof field_cases[0]; i++) {
        const field_case *c = &field_cases[i];
        expect_field_case(r, c, find_change(r, c->kind, false));
        expect_field_case(r, c, find_change(r, c->kind, true));
    }
    /* Every change survives: the list as it was still replays. */
    expect_replay(&r->policy, scratch, r->count, &r->live);
}

/* Two change records swapped: the later one comes first, and the policy
** refuses it or produces something else. */
static void test_reordered(void **state)
{
    const run *r = copy_to_scratch(preset_of(state));
    size_t first = find_change(r, ACS_EVENT_HOLD, false);
    size_t second = find_change(r, ACS_EVENT_LIFT, false);
    if (second < first) {
        size_t t = first;
        first = second;
        second = t;
    }
    scratch[first] = r->records[second];
    scratch[second] = r->records[first];
    acs_account account;
    acs_audit_report report;
    memset(&account, FX_FILL, sizeof account);
    int rc = acs_replay(&r->policy, scratch, r->count, &account, &report);
    assert_true(rc == ACS_V_OUTCOME || rc == ACS_V_REFUSED);
    assert_true(report.index == first);
    assert_filled(&account, sizeof account, FX_FILL);
}

/* ------------------------------------------------------------------------
** Dropped records.
*/
static bool is_deadline(const acs_record *record)
{
    return !(record->flags & ACS_RECORD_DENIAL) && record->kind >= ACS_EVENT_REVIEW_LAPSED &&
           record->kind <= ACS_EVENT_WINDOW_ENDED;
}

static bool is_event_change(const acs_record *record)
{
    return !(record->flags & ACS_RECORD_DENIAL) && record->kind >= ACS_EVENT_VERIFY &&
           record->kind <= ACS_EVENT_DECIDE;
}

/* Drops record index from a copy of the run's records; returns the count. */
static size_t drop(const run *r, size_t index)
{
    size_t count = 0;
    for (size_t i = 0; i < r->count; i++)
        if (i != index) scratch[count++] = r->records[i];
    assert_true(count + 1 == r->count);
    return count;
}

/* A deadline record dropped before an event: the deadline is still due when
** the event comes, and the library refuses events while one is. */
static void test_dropped_deadline_before_event(void **state)
{
    const run *r = run_of(preset_of(state));
    unsigned tried = 0;
    for (size_t i = 1; i + 1 < r->count; i++) {
        if (!is_deadline(&r->records[i]) || !is_event_change(&r->records[i + 1])) continue;
        size_t count = drop(r, i);
        expect_finding(&r->policy, scratch, count, ACS_V_REFUSED, ACS_E_DEADLINE_DUE, i);
        tried++;
    }
    assert_true(tried > 0);
}

/* A deadline record dropped before another: advance applies the dropped
** one first, which is not the record that follows. */
static void test_dropped_deadline_before_deadline(void **state)
{
    const run *r = run_of(preset_of(state));
    unsigned tried = 0;
    for (size_t i = 1; i + 1 < r->count && tried < 50; i++) {
        if (!is_deadline(&r->records[i]) || !is_deadline(&r->records[i + 1])) continue;
        size_t count = drop(r, i);
        expect_finding(&r->policy, scratch, count, ACS_V_OUTCOME, ACS_OK, i);
        tried++;
    }
    assert_true(tried > 0);
}

/* A deadline record earlier than its deadline, though not earlier than the
** change before it: nothing is due yet, so advance applies nothing. */
static void test_deadline_recorded_early(void **state)
{
    const run *r = copy_to_scratch(preset_of(state));
    unsigned tried = 0;
    int64_t last_change_ms = r->records[0].time_ms;
    for (size_t i = 1; i < r->count; i++) {
        const acs_record *record = &r->records[i];
        if (is_deadline(record) && record->time_ms > last_change_ms) {
            scratch[i].time_ms -= 1;
            expect_finding(&r->policy, scratch, r->count, ACS_V_OUTCOME, ACS_OK, i);
            scratch[i] = *record;
            tried++;
        }
        if (!(record->flags & ACS_RECORD_DENIAL)) last_change_ms = record->time_ms;
    }
    assert_true(tried > 0);
}

/* A record repeated: a deadline already applied runs no more, and an event
** applied twice is another change. */
static void test_inserted_record(void **state)
{
    const run *r = run_of(preset_of(state));
    static const int kinds[] = {ACS_EVENT_REVIEW_LAPSED, ACS_EVENT_WINDOW_ENDED,
                                ACS_EVENT_HOLD, ACS_EVENT_NOTICE};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        size_t index = find_change(r, kinds[k], false);
        size_t count = 0;
        for (size_t i = 0; i < r->count; i++) {
            scratch[count++] = r->records[i];
            if (i == index) scratch[count++] = r->records[i];
        }
        acs_account account;
        acs_audit_report report;
        memset(&account, FX_FILL, sizeof account);
        int rc = acs_replay(&r->policy, scratch, count, &account, &report);
        assert_true(rc == ACS_V_OUTCOME || rc == ACS_V_REFUSED);
        assert_true(report.index == index + 1);
        assert_filled(&account, sizeof account, FX_FILL);
    }
}

/* An event record dropped: the next change starts from another account. */
static void test_dropped_event(void **state)
{
    const run *r = run_of(preset_of(state));
    size_t index = find_change(r, ACS_EVENT_HOLD, false);
    size_t count = drop(r, index);
    acs_account account;
    acs_audit_report report;
    memset(&account, FX_FILL, sizeof account);
    int rc = acs_replay(&r->policy, scratch, count, &account, &report);
    assert_true(rc == ACS_V_OUTCOME || rc == ACS_V_REFUSED);
    assert_true(report.index >= index);
    assert_filled(&account, sizeof account, FX_FILL);
}

/* ------------------------------------------------------------------------
** The opening.
*/
static void test_not_opening(void **state)
{
    const run *r = copy_to_scratch(preset_of(state));
    /* The list starts one record late. */
    expect_finding(&r->policy, r->records + 1, r->count - 1, ACS_V_NOT_OPENING, ACS_OK, 0);
    /* It starts with a deadline record, or with a denial. */
    size_t deadline = find_change(r, ACS_EVENT_REVIEW_LAPSED, false);
    expect_finding(&r->policy, r->records + deadline, r->count - deadline, ACS_V_NOT_OPENING,
                   ACS_OK, 0);
    scratch[0].flags |= ACS_RECORD_DENIAL;
    expect_finding(&r->policy, scratch, r->count, ACS_V_NOT_OPENING, ACS_OK, 0);
    scratch[0] = r->records[0];
    /* No records at all, with or without a pointer. */
    expect_finding(&r->policy, r->records, 0, ACS_V_NOT_OPENING, ACS_OK, 0);
    expect_finding(&r->policy, NULL, 0, ACS_V_NOT_OPENING, ACS_OK, 0);
}

static void test_opening_changed(void **state)
{
    const run *r = copy_to_scratch(preset_of(state));
    scratch[0].status_after = ACS_STATUS_ACTIVE;
    expect_finding(&r->policy, scratch, r->count, ACS_V_OUTCOME, ACS_OK, 0);
    scratch[0] = r->records[0];
    scratch[0].sequence = 2;
    expect_finding(&r->policy, scratch, r->count, ACS_V_OUTCOME, ACS_OK, 0);
    scratch[0] = r->records[0];
    /* An opening no account can have: its time is past the range. */
    scratch[0].time_ms = ACS_TIME_MAX_MS + 1;
    expect_finding(&r->policy, scratch, r->count, ACS_V_REFUSED, ACS_E_TIME_RANGE, 0);
    scratch[0] = r->records[0];
    /* Another account's opening: it replays, and the next record, of this
    ** account, does not. */
    scratch[0].account_id ^= 1;
    expect_finding(&r->policy, scratch, r->count, ACS_V_OUTCOME, ANY_REFUSAL, 1);
    scratch[0] = r->records[0];
    /* A later opening time: the first event comes before it. */
    scratch[0].time_ms = r->records[1].time_ms + 1;
    size_t first_change = 1;
    while (r->records[first_change].flags & ACS_RECORD_DENIAL) first_change++;
    acs_account account;
    acs_audit_report report;
    memset(&account, FX_FILL, sizeof account);
    int rc = acs_replay(&r->policy, scratch, r->count, &account, &report);
    assert_true(rc == ACS_V_OUTCOME || rc == ACS_V_REFUSED);
    assert_true(report.index >= 1 && report.index <= first_change);
    assert_filled(&account, sizeof account, FX_FILL);
}

/* ------------------------------------------------------------------------
** Denial records.
*/
static size_t find_denial(const run *r, int code)
{
    for (size_t i = 1; i < r->count; i++) {
        const acs_record *record = &r->records[i];
        if ((record->flags & ACS_RECORD_DENIAL) && (code == 0 || record->refusal == code))
            return i;
    }
    print_error("the run has no denial with %s\n", fx_code_name(code));
    fail();
    return 0;
}

static void test_denial_refusal_changed(void **state)
{
    const run *r = copy_to_scratch(preset_of(state));
    static const int codes[] = {ACS_R_STATUS, ACS_R_ROLE, ACS_E_DEADLINE_DUE,
                                ACS_E_TIME_BACKWARDS, ACS_E_HOLD_UNKNOWN};
    for (size_t c = 0; c < sizeof codes / sizeof codes[0]; c++) {
        size_t index = find_denial(r, codes[c]);
        int other = codes[c] == ACS_R_ROLE ? ACS_R_STATUS : ACS_R_ROLE;
        scratch[index].refusal = (int16_t)other;
        /* The report names the code the library gave. */
        expect_finding(&r->policy, scratch, r->count, ACS_V_OUTCOME, codes[c], index);
        scratch[index] = r->records[index];
    }
}

/* The refusal is right but the record says something else about the
** account: acs_record_denial does not make that record. */
static void test_denial_record_changed(void **state)
{
    const run *r = copy_to_scratch(preset_of(state));
    size_t index = find_denial(r, ACS_R_ROLE);
    scratch[index].sequence += 1;
    expect_finding(&r->policy, scratch, r->count, ACS_V_OUTCOME, ACS_R_ROLE, index);
    scratch[index] = r->records[index];
    scratch[index].status_after = ACS_STATUS_CLOSED;
    expect_finding(&r->policy, scratch, r->count, ACS_V_OUTCOME, ACS_R_ROLE, index);
    scratch[index] = r->records[index];
    /* A denial of a kind only the library's own changes have. */
    scratch[index].kind = ACS_EVENT_WINDOW_ENDED;
    expect_finding(&r->policy, scratch, r->count, ACS_V_OUTCOME, ACS_OK, index);
    scratch[index] = r->records[index];
}

/* A denial of an event the policy accepts: the change is shown as refused,
** and the report names ACS_OK as what the library returned. The list ends
** there, since the account the later records start from did change. */
static void test_denial_of_accepted_event(void **state)
{
    const run *r = copy_to_scratch(preset_of(state));
    size_t index = find_change(r, ACS_EVENT_NOTICE, false);
    scratch[index].flags |= ACS_RECORD_DENIAL;
    scratch[index].refusal = ACS_R_ROLE;
    expect_finding(&r->policy, scratch, index + 1, ACS_V_OUTCOME, ACS_OK, index);
}

/* A denial carries the deadline its event asked for, and replay asks again
** with it: a HOLD refused for a period past the default, shown with a
** period of 1 ms, is one the policy accepts. */
static void test_denial_deadline_changed(void **state)
{
    const run *r = copy_to_scratch(preset_of(state));
    size_t index = find_denial(r, ACS_R_PERIOD_TOO_LONG);
    assert_int_equal(r->records[index].kind, ACS_EVENT_HOLD);
    assert_true(r->records[index].deadline_ms > r->records[index].time_ms);
    scratch[index].deadline_ms = scratch[index].time_ms + 1;
    expect_finding(&r->policy, scratch, r->count, ACS_V_OUTCOME, ACS_OK, index);
}

/* Denial records change nothing: the list without them replays to the
** same account. */
static void test_denials_change_nothing(void **state)
{
    const run *r = run_of(preset_of(state));
    size_t count = 0;
    for (size_t i = 0; i < r->count; i++)
        if (!(r->records[i].flags & ACS_RECORD_DENIAL)) scratch[count++] = r->records[i];
    assert_true(count < r->count);
    expect_replay(&r->policy, scratch, count, &r->live);
}

/* ------------------------------------------------------------------------
** Misuse: the account and the report stay as they were.
*/
static void expect_misuse(int rc, int code, const acs_account *account,
                          const acs_audit_report *report)
{
    assert_code(rc, code);
    assert_filled(account, sizeof *account, FX_FILL);
    assert_filled(report, sizeof *report, FX_FILL);
}

static void test_replay_misuse(void **state)
{
    (void)state;
    const run *r = run_of(ACS_PRESET_DEFAULT);
    acs_policy unbuilt;
    fx_unbuilt(&unbuilt);
    acs_account account;
    acs_audit_report report;
    memset(&account, FX_FILL, sizeof account);
    memset(&report, FX_FILL, sizeof report);
    const acs_record *records = r->records;
    size_t count = r->count;
    expect_misuse(acs_replay(NULL, records, count, &account, &report), ACS_E_NULL, &account,
                  &report);
    expect_misuse(acs_replay(&r->policy, NULL, count, &account, &report), ACS_E_NULL,
                  &account, &report);
    expect_misuse(acs_replay(&r->policy, records, count, NULL, &report), ACS_E_NULL, &account,
                  &report);
    expect_misuse(acs_replay(&unbuilt, records, count, &account, &report),
                  ACS_E_POLICY_UNBUILT, &account, &report);
    expect_misuse(acs_replay(&unbuilt, records, 0, &account, &report), ACS_E_POLICY_UNBUILT,
                  &account, &report);
    expect_misuse(acs_replay(NULL, NULL, 0, NULL, NULL), ACS_E_NULL, &account, &report);
}

static void test_account_at_misuse(void **state)
{
    (void)state;
    const run *r = run_of(ACS_PRESET_DEFAULT);
    acs_policy unbuilt;
    fx_unbuilt(&unbuilt);
    acs_account account;
    acs_audit_report report;
    memset(&account, FX_FILL, sizeof account);
    memset(&report, FX_FILL, sizeof report);
    const acs_record *records = r->records;
    size_t count = r->count;
    int64_t at_ms = records[count - 1].time_ms;
    expect_misuse(acs_account_at(NULL, records, count, at_ms, &account, &report), ACS_E_NULL,
                  &account, &report);
    expect_misuse(acs_account_at(&r->policy, NULL, count, at_ms, &account, &report),
                  ACS_E_NULL, &account, &report);
    expect_misuse(acs_account_at(&r->policy, records, count, at_ms, NULL, &report),
                  ACS_E_NULL, &account, &report);
    expect_misuse(acs_account_at(&unbuilt, records, count, at_ms, &account, &report),
                  ACS_E_POLICY_UNBUILT, &account, &report);
    /* Misuse comes before the time: unbuilt, even before the opening. */
    expect_misuse(acs_account_at(&unbuilt, records, count, FX_T0 - 1, &account, &report),
                  ACS_E_POLICY_UNBUILT, &account, &report);
    /* No records: the account was never open. */
    int rc = acs_account_at(&r->policy, NULL, 0, at_ms, &account, &report);
    assert_code(rc, ACS_V_NOT_OPENING);
    assert_code(report.code, ACS_V_NOT_OPENING);
    assert_true(report.index == 0);
    assert_filled(&account, sizeof account, FX_FILL);
}

/* acs_account_at reports what replay finds in the records it replays, and
** nothing about records after at_ms. */
static void test_account_at_findings(void **state)
{
    const run *r = copy_to_scratch(preset_of(state));
    size_t index = find_change(r, ACS_EVENT_NOTICE, false);
    scratch[index].deadline_ms += 1;
    int64_t at_ms = r->records[index].time_ms;
    acs_account account;
    acs_audit_report report;
    memset(&account, FX_FILL, sizeof account);
    int rc = acs_account_at(&r->policy, scratch, r->count, at_ms, &account, &report);
    assert_code(rc, ACS_V_OUTCOME);
    assert_true(report.index == index);
    assert_filled(&account, sizeof account, FX_FILL);
    /* Before the changed record's time it is not replayed. */
    int64_t before_ms = at_ms - 1;
    const acs_account *want = standing_at(r, before_ms);
    if (r->records[index - 1].time_ms < at_ms) {
        assert_code(acs_account_at(&r->policy, scratch, r->count, before_ms, &account, &report),
                    ACS_OK);
        assert_memory_equal(&account, want, sizeof account);
    }
}

#define PER_PRESET(f)                                                \
    cmocka_unit_test_prestate(f, (void *)&presets[0]),               \
        cmocka_unit_test_prestate(f, (void *)&presets[1]),           \
        cmocka_unit_test_prestate(f, (void *)&presets[2])

/* Denials the random run rarely makes, each replayed: a HOLD refused with a
** period equal to the default (its record's deadline must not be read as
** "the default, period 0"), a HOLD of an unknown level with a period (the
** level is recorded as 0, the asked deadline kept), and targets with the
** reserved top bit of a hold id. */
static void test_rare_denials_replay(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    acs_record records[8];
    size_t count = 0;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    assert_int_equal(acs_account_open(&account, 77, FX_T0, &policy, &records[count++]), ACS_OK);

    acs_event verify;
    memset(&verify, 0, sizeof verify);
    verify.kind = ACS_EVENT_VERIFY;
    verify.time_ms = FX_T0 + 1;
    verify.actor_role = ACS_ROLE_SUPPORT;
    verify.actor_id = 5;
    verify.reason = ACS_REASON_REQUIREMENT_MET;
    assert_int_equal(acs_apply(&policy, &account, &verify, &records[count++], NULL), ACS_OK);

    acs_event by_role = fx_ev_hold(&policy, FX_T0 + 2, ACS_LEVEL_FROZEN);
    by_role.actor_role = ACS_ROLE_USER;
    by_role.period_ms = fx_period_ms(policy.rules.review_default[ACS_LEVEL_FROZEN]);
    acs_event bad_level = fx_ev_hold(&policy, FX_T0 + 3, ACS_LEVEL_FROZEN);
    bad_level.level = 4;
    bad_level.period_ms = FX_DAY;
    acs_event lift = fx_ev_lift(FX_T0 + 4, 0x8000);
    acs_event extend;
    memset(&extend, 0, sizeof extend);
    extend.kind = ACS_EVENT_EXTEND;
    extend.time_ms = FX_T0 + 5;
    extend.actor_role = ACS_ROLE_COMPLIANCE;
    extend.actor_id = 9;
    extend.reason = ACS_REASON_SUSPICIOUS_ACTIVITY;
    extend.hold_id = 0xffff;
    extend.deadline_ms = FX_T0 + FX_DAY;
    const acs_event *refused[] = {&by_role, &bad_level, &lift, &extend};
    const int codes[] = {ACS_R_ROLE, ACS_E_ENUM, ACS_E_RESERVED, ACS_E_RESERVED};
    for (size_t i = 0; i < 4; i++) {
        acs_record unused;
        int rc = acs_apply(&policy, &account, refused[i], &unused, NULL);
        assert_int_equal(rc, codes[i]);
        assert_int_equal(acs_record_denial(&policy, &account, refused[i], rc, &records[count++]),
                         ACS_OK);
    }
    assert_int_equal(records[2].deadline_ms, by_role.time_ms + by_role.period_ms);
    assert_int_equal(records[3].hold_level, 0);
    assert_int_equal(records[3].deadline_ms, bad_level.time_ms + FX_DAY);

    acs_account replayed;
    acs_audit_report report;
    assert_int_equal(acs_replay(&policy, records, count, &replayed, &report), ACS_OK);
    assert_int_equal(report.index, count);
    assert_memory_equal(&replayed, &account, sizeof account);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        PER_PRESET(test_run_covers_every_kind),
        PER_PRESET(test_long_run_replays),
        PER_PRESET(test_run_chains_and_verifies),
        PER_PRESET(test_every_prefix_replays),
        PER_PRESET(test_chain_fields_ignored),
        PER_PRESET(test_account_at_every_time),
        PER_PRESET(test_other_policy),
        PER_PRESET(test_policy_with_one_period_changed),
        PER_PRESET(test_changed_field),
        PER_PRESET(test_reordered),
        PER_PRESET(test_dropped_deadline_before_event),
        PER_PRESET(test_dropped_deadline_before_deadline),
        PER_PRESET(test_dropped_event),
        PER_PRESET(test_deadline_recorded_early),
        PER_PRESET(test_inserted_record),
        PER_PRESET(test_not_opening),
        PER_PRESET(test_opening_changed),
        PER_PRESET(test_denial_refusal_changed),
        PER_PRESET(test_denial_record_changed),
        PER_PRESET(test_denial_of_accepted_event),
        PER_PRESET(test_denial_deadline_changed),
        PER_PRESET(test_denials_change_nothing),
        cmocka_unit_test(test_replay_misuse),
        cmocka_unit_test(test_account_at_misuse),
        PER_PRESET(test_account_at_findings),
        cmocka_unit_test(test_rare_denials_replay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
