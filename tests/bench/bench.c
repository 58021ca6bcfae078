/*
** bench.c: the benchmark `make bench` runs.
**
** One million accounts are opened (and most of them verified) under the
** default preset, then a seeded random stream of events is generated over
** them: holds, lifts, extensions, notices, rescissions, appeals, decisions
** and closures, mostly accepted, with refusals of every rule mixed in. The
** same stream is then timed through:
**
**   apply            acs_apply, the record kept in a local;
**   baseline         the hand-written switch-statement rules (baseline.c),
**                    which must make the same decision and leave the same
**                    status for every event (a checksum proves it);
**   apply + chain    acs_apply and acs_chain_append into one log chain;
**   apply + OpenSSL  acs_apply, acs_record_encode and OpenSSL's SHA-256 of
**                    the same 1 + 32 + 152 bytes the chain hashes (the
**                    chain heads must match);
**
** and, over the accounts and records the stream leaves behind:
**
**   advance          acs_advance of every account that is not closed, to a
**                    time past all its deadlines, in random order;
**   encode           acs_record_encode of every record of the log;
**   verify           acs_verify of the whole log as one chain, against
**                    OpenSSL's SHA-256 of each record's encoded bytes;
**   replay           acs_replay of each account's records, which must
**                    rebuild exactly the account the stream left.
**
** Then apply and the baseline once more on 20,000 accounts, few enough to
** stay in the processor's caches, to show the cost of the work apart from
** the cost of reaching a million accounts in memory.
**
** --baseline-pad N makes the baseline do N rounds of four register
** additions after each event: work that touches no memory and changes no
** decision, to show how the baseline's time at a million accounts grows
** with the instructions it runs per event (docs/performance.md).
**
** Each measurement runs --reps times (interleaved where two are compared)
** and the best time is kept. Times come from clock_gettime(CLOCK_MONOTONIC)
** (--clock cpu: the thread's CPU time instead). --only runs some of the
** operations. Accounts, events and records live in aligned arrays backed,
** where the system allows, by transparent huge pages (allocate()).
**
** --callgrind runs the same operations once on 10,000 accounts and 40,000
** events, each between callgrind client requests that zero the counters,
** collect, and dump them under the operation's name; --callgrind-report
** FILE... reads those dumps and prints instructions per unit. `make bench`
** does both when valgrind is installed.
*/
#define _DEFAULT_SOURCE /* clock_gettime, posix_memalign, madvise */
/* SHA256_Init, SHA256_Update and SHA256_Final are deprecated in OpenSSL 3
** in favour of EVP, but with a reused context they are the fastest way to
** call OpenSSL's SHA-256 on short messages (EVP_DigestInit_ex costs more
** than hashing a record), so they are the comparison the library must meet. */
#define OPENSSL_SUPPRESS_DEPRECATED

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "internal.h"
#include "baseline.h"

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#endif
#endif
#ifndef HAVE_CALLGRIND
#define HAVE_CALLGRIND 0
#endif

#ifndef BENCH_CFLAGS
#define BENCH_CFLAGS "(not given)"
#endif

#define DAY_MS ((int64_t)86400000)
#define SETUP_MS INT64_C(1700000000000) /* 2023-11-14 */
/* The stream runs over 5 days, shorter than every period of the default
** preset (the shortest is 7 days' notice), so no deadline falls due inside
** it and every event is decided by the rules alone. */
#define STREAM_SPAN_MS (5 * DAY_MS)
#define ADVANCE_AFTER_MS (400 * DAY_MS) /* past every deadline of the preset */

/* Targets, as ratios. */
#define TARGET_APPLY 2.0   /* apply / baseline, at most */
#define TARGET_CHAIN 1.5   /* (apply + chain) / (apply + OpenSSL), at most */
#define TARGET_VERIFY 0.5  /* verify throughput / OpenSSL's, at least */

static void fail(const char *what)
{
    fprintf(stderr, "bench: %s\n", what);
    exit(1);
}

/* Zeroed memory for count values of size bytes, laid out as a program that
** keeps a million accounts in memory would lay them out, the same for the
** library's accounts and the baseline's: aligned, so that a 256-byte
** account fills exactly four cache lines (calloc's memory starts 16 bytes
** into a page, which would spread each account over five), and, for large
** arrays, on a 2 MiB boundary with transparent huge pages asked for, so
** that a random access costs a memory access and not also a page walk. */
#define HUGE_PAGE ((size_t)2 << 20)

static void *allocate(size_t count, size_t size)
{
    if (count == 0) count = 1;
    if (size != 0 && count > SIZE_MAX / size) fail("out of memory");
    size_t bytes = count * size;
    void *p = NULL;
    if (posix_memalign(&p, bytes >= HUGE_PAGE ? HUGE_PAGE : 64, bytes) != 0)
        fail("out of memory");
#ifdef MADV_HUGEPAGE
    if (bytes >= HUGE_PAGE) (void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
    memset(p, 0, bytes);
    return p;
}

/* CLOCK_MONOTONIC by default; --clock cpu switches to the thread's CPU
** time, which leaves out the time the thread waited for a processor, for
** comparing two builds on a busy machine. */
static clockid_t bench_clock = CLOCK_MONOTONIC;

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(bench_clock, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* ------------------------------------------------------------------------
** Random numbers: splitmix64, the same sequence on every platform.
*/
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* 0 .. bound - 1 */
static uint32_t below(uint64_t *state, uint32_t bound)
{
    return (uint32_t)(next_random(state) % bound);
}

static bool chance(uint64_t *state, unsigned percent)
{
    return below(state, 100) < percent;
}

/* A random set bit of mask (mask != 0). */
static unsigned pick_bit(uint64_t *state, uint64_t mask)
{
    unsigned bits[64];
    unsigned n = 0;
    for (unsigned i = 0; i < 64; i++) {
        if (mask & (UINT64_C(1) << i)) bits[n++] = i;
    }
    if (n == 0) fail("pick_bit: empty mask");
    return bits[below(state, n)];
}

/* ------------------------------------------------------------------------
** Decisions, as the library and the baseline both report them.
*/
static unsigned verdict_of(int code)
{
    switch (code) {
    case ACS_OK: return BASE_ACCEPTED;
    case ACS_E_ACCOUNT_CLOSED: return BASE_CLOSED;
    case ACS_E_TIME_BACKWARDS: return BASE_TIME_BACKWARDS;
    case ACS_E_HOLD_UNKNOWN: return BASE_HOLD_UNKNOWN;
    case ACS_R_STATUS: return BASE_STATUS;
    case ACS_R_REASON_NEVER_VALID: return BASE_NEVER_VALID;
    case ACS_R_ROLE: return BASE_ROLE;
    case ACS_R_APPROVER_MISSING: return BASE_APPROVER_MISSING;
    case ACS_R_APPROVER_SAME: return BASE_APPROVER_SAME;
    case ACS_R_APPROVER_ROLE: return BASE_APPROVER_ROLE;
    case ACS_R_REASON_NOT_VALID: return BASE_REASON;
    case ACS_R_EVIDENCE_MISSING: return BASE_EVIDENCE;
    case ACS_E_HOLDS_FULL: return BASE_HOLDS_FULL;
    case ACS_R_DEADLINE_NOT_LATER: return BASE_NOT_LATER;
    case ACS_R_DEADLINE_BEYOND_MAX: return BASE_BEYOND_MAX;
    case ACS_R_NO_DEADLINE: return BASE_NO_DEADLINE;
    case ACS_R_NO_NOTICE: return BASE_NO_NOTICE;
    case ACS_R_NOTICE_RUNNING: return BASE_NOTICE_RUNNING;
    case ACS_R_NOTICE_REQUIRED: return BASE_NOTICE_REQUIRED;
    case ACS_R_WINDOW_RUNNING: return BASE_WINDOW_RUNNING;
    case ACS_E_APPEAL_DUPLICATE: return BASE_APPEAL_DUPLICATE;
    case ACS_R_APPEAL_WINDOW: return BASE_APPEAL_WINDOW;
    case ACS_R_APPEAL_LIMIT: return BASE_APPEAL_LIMIT;
    case ACS_R_NO_APPEAL: return BASE_NO_APPEAL;
    default: return BASE_OTHER;
    }
}

/* One decision folded into the running checksum (FNV-1a style). */
static uint64_t fold(uint64_t sum, unsigned verdict, unsigned status)
{
    return (sum ^ ((uint64_t)verdict << 8 | status)) * UINT64_C(0x100000001b3);
}

#define CHECKSUM_START UINT64_C(0xcbf29ce484222325)

/* ------------------------------------------------------------------------
** The benchmark's data.
*/
typedef struct bench {
    size_t accounts;
    size_t events;
    int reps;
    uint64_t seed;
    size_t baseline_pad;     /* --baseline-pad: rounds per baseline event */
    acs_policy policy;
    const acs_policy_rules *rules;
    SHA256_CTX sha;          /* OpenSSL's, reused for every message */

    acs_account *start;      /* every account before the stream */
    acs_account *after;      /* every account after it */
    acs_account *work;
    base_account *base_start;
    base_account *base_work;

    acs_event *stream;
    uint32_t *target;        /* the account of each event */
    uint64_t checksum;       /* of the library's decisions in generation */
    size_t kind_count[ACS_EVENT_DECIDE + 1];
    size_t kind_accepted[ACS_EVENT_DECIDE + 1];
    size_t verdict_count[BASE_OTHER + 1];

    acs_record *log;         /* the accepted events' records, chained */
    uint32_t *log_account;
    size_t log_count;
    acs_chain log_head;
    uint8_t *encoded;        /* the log, encoded */

    uint32_t *order;         /* accounts not closed, in random order */
    size_t order_count;
    int64_t advance_ms;

    acs_record *history;     /* each account's records, from its opening */
    size_t *history_at;      /* accounts + 1 offsets into history */
    size_t history_count;
} bench;

static uint64_t account_id(size_t index)
{
    return UINT64_C(0x100000000) + index;
}

/* 2% of accounts are left unverified before the stream. */
static bool verified_at_setup(size_t index)
{
    uint64_t state = index * UINT64_C(0x2545f4914f6cdd1d);
    return next_random(&state) % 50 != 0;
}

static acs_event verify_event(void)
{
    acs_event e;
    memset(&e, 0, sizeof(e));
    e.kind = ACS_EVENT_VERIFY;
    e.time_ms = SETUP_MS + 1000;
    e.actor_id = 7;
    e.actor_role = ACS_ROLE_SUPPORT;
    e.reason = ACS_REASON_REQUIREMENT_MET;
    return e;
}

/* Open account number index (and mostly verify it) into *account, writing
** its setup records to records (room for 2). Returns how many. */
static size_t open_account(const bench *b, size_t index, acs_account *account,
                           acs_record *records)
{
    if (acs_account_open(account, account_id(index), SETUP_MS, &b->policy, &records[0]) !=
        ACS_OK)
        fail("acs_account_open failed");
    if (!verified_at_setup(index)) return 1;
    acs_event e = verify_event();
    if (acs_apply(&b->policy, account, &e, &records[1], NULL) != ACS_OK)
        fail("setup verify refused");
    return 2;
}

/* The same account for the library and for the baseline. */
static void setup_account(bench *b, size_t index)
{
    acs_record records[2];
    (void)open_account(b, index, &b->start[index], records);
    base_open(&b->base_start[index], SETUP_MS);
    if (!verified_at_setup(index)) return;
    acs_event e = verify_event();
    uint8_t status;
    if (base_apply(&b->base_start[index], &e, &status) != BASE_ACCEPTED)
        fail("setup verify refused by the baseline");
}

/* ------------------------------------------------------------------------
** The event stream. Each event is made for the account as the library
** leaves it at that point, so most are accepted; about one in twelve
** carries one fault a rule refuses (a role, a reason never valid or not
** valid, a missing or wrong approver, missing evidence), and the kinds'
** own conditions refuse others (a full hold table, an extension past the
** maximum, a second appeal, a closure with funds while the window runs).
*/
static const acs_rule *rule_of(const bench *b, unsigned kind, unsigned level)
{
    static const int index_of_kind[] = {
        [ACS_EVENT_VERIFY] = ACS_RULE_VERIFY, [ACS_EVENT_HOLD] = ACS_RULE_HOLD_WITHDRAWAL_ONLY,
        [ACS_EVENT_LIFT] = ACS_RULE_LIFT,     [ACS_EVENT_EXTEND] = ACS_RULE_EXTEND,
        [ACS_EVENT_NOTICE] = ACS_RULE_NOTICE, [ACS_EVENT_RESCIND] = ACS_RULE_RESCIND,
        [ACS_EVENT_CLOSE] = ACS_RULE_CLOSE,   [ACS_EVENT_APPEAL] = ACS_RULE_APPEAL,
        [ACS_EVENT_DECIDE] = ACS_RULE_DECIDE,
    };
    int index = index_of_kind[kind];
    if (kind == ACS_EVENT_HOLD) index += (int)level - 1;
    return &b->rules->rules[index];
}

static unsigned choose_kind(uint64_t *r, const acs_account_info *info)
{
    if (info->lifecycle == ACS_LIFECYCLE_PENDING)
        return chance(r, 90) ? ACS_EVENT_VERIFY : ACS_EVENT_HOLD;
    bool closing = info->lifecycle == ACS_LIFECYCLE_CLOSING;
    unsigned holds = info->hold_count;
    unsigned weight[ACS_EVENT_DECIDE + 1] = {0};
    weight[ACS_EVENT_VERIFY] = 1;
    weight[ACS_EVENT_HOLD] = holds < ACS_HOLDS_MAX ? 30 : 3;
    weight[ACS_EVENT_LIFT] = holds > 0 ? 16 : 0;
    weight[ACS_EVENT_EXTEND] = (holds > 0 ? 10u : 0u) + (closing ? 3u : 0u);
    weight[ACS_EVENT_NOTICE] = closing ? 1 : 4;
    weight[ACS_EVENT_RESCIND] = closing ? 3 : 0;
    weight[ACS_EVENT_CLOSE] = 2;
    weight[ACS_EVENT_APPEAL] = (holds > 0 ? 10u : 0u) + (closing ? 3u : 0u);
    weight[ACS_EVENT_DECIDE] = info->appeal_count > 0 ? 14 : 0;
    unsigned total = 0;
    for (unsigned k = 1; k <= ACS_EVENT_DECIDE; k++) total += weight[k];
    unsigned pick = below(r, total);
    for (unsigned k = 1; k <= ACS_EVENT_DECIDE; k++) {
        if (pick < weight[k]) return k;
        pick -= weight[k];
    }
    return ACS_EVENT_HOLD;
}

static uint64_t staff_id(uint64_t *r)
{
    return 1 + below(r, 1000);
}

static void random_digest(uint64_t *r, uint8_t digest[ACS_DIGEST_SIZE])
{
    for (int i = 0; i < ACS_DIGEST_SIZE; i += 8) {
        uint64_t v = next_random(r);
        memcpy(digest + i, &v, 8);
    }
    digest[0] |= 1;
}

/* A hold of the account, chosen at random (the account has one). */
static acs_hold some_hold(uint64_t *r, const acs_account *account, unsigned count)
{
    acs_hold hold;
    if (acs_account_hold(account, below(r, count), &hold) != ACS_OK) fail("acs_account_hold");
    return hold;
}

/* The fields a rule looks at, filled from the rule so that it permits
** them: a role that may act, a valid reason, an approver where needed,
** evidence where the reason needs it. */
static void fill_from_rule(uint64_t *r, const acs_rule *rule, acs_event *e)
{
    e->actor_role = (uint8_t)pick_bit(r, rule->actor_roles);
    e->actor_id = staff_id(r);
    e->reason = (uint8_t)pick_bit(r, rule->reasons);
    if (rule->approver_roles != 0) {
        e->approver_role = (uint8_t)pick_bit(r, rule->approver_roles);
        e->approver_id = e->actor_id + 1 + below(r, 100);
    }
    if (rule->reasons_evidence & ACS_REASON_BIT(e->reason)) random_digest(r, e->evidence);
}

/* One fault that the rule refuses. */
static void add_fault(uint64_t *r, const bench *b, const acs_rule *rule, acs_event *e)
{
    const uint64_t roles = 0x7e;
    uint64_t reasons = 0;
    for (unsigned reason = 1; reason < 64; reason++) {
        if (acs_reason_name((int)reason) != NULL) reasons |= ACS_REASON_BIT(reason);
    }
    reasons &= ~b->rules->reasons_never_valid;
    switch (below(r, 5)) {
    case 0:
        if ((roles & ~(uint64_t)rule->actor_roles) != 0)
            e->actor_role = (uint8_t)pick_bit(r, roles & ~(uint64_t)rule->actor_roles);
        break;
    case 1:
        e->reason = ACS_REASON_PUBLIC_CRITICISM;
        break;
    case 2:
        e->reason = (uint8_t)pick_bit(r, reasons & ~rule->reasons);
        memset(e->evidence, 0, sizeof(e->evidence));
        break;
    case 3:
        if (rule->approver_roles == 0) break;
        switch (below(r, 3)) {
        case 0: e->approver_role = 0, e->approver_id = 0; break;
        case 1: e->approver_id = e->actor_id; break;
        default:
            e->approver_role = (uint8_t)pick_bit(r, roles & ~(uint64_t)rule->approver_roles);
            break;
        }
        break;
    default:
        if (rule->reasons_evidence == 0) break;
        e->reason = (uint8_t)pick_bit(r, rule->reasons_evidence);
        memset(e->evidence, 0, sizeof(e->evidence));
        break;
    }
}

static acs_event make_event(bench *b, uint64_t *r, size_t index, int64_t time_ms)
{
    const acs_account *account = &b->work[index];
    acs_account_info info;
    if (acs_account_info_get(account, &info) != ACS_OK) fail("acs_account_info_get");
    acs_event e;
    memset(&e, 0, sizeof(e));
    e.time_ms = time_ms;
    unsigned kind = info.lifecycle == ACS_LIFECYCLE_CLOSED ? ACS_EVENT_HOLD
                                                           : choose_kind(r, &info);
    e.kind = (uint8_t)kind;
    if (kind == ACS_EVENT_HOLD) {
        unsigned p = below(r, 10);
        e.level = p < 4 ? ACS_LEVEL_WITHDRAWAL_ONLY : p < 8 ? ACS_LEVEL_FROZEN : ACS_LEVEL_SUSPENDED;
    }
    const acs_rule *rule = rule_of(b, kind, e.level);
    fill_from_rule(r, rule, &e);
    bool closing = info.lifecycle == ACS_LIFECYCLE_CLOSING;
    switch (kind) {
    case ACS_EVENT_LIFT:
        e.hold_id = some_hold(r, account, info.hold_count).id;
        break;
    case ACS_EVENT_EXTEND:
        if (info.hold_count > 0 && (!closing || chance(r, 75))) {
            acs_hold hold = some_hold(r, account, info.hold_count);
            e.hold_id = hold.id;
            e.deadline_ms = hold.review_deadline_ms + 1 + below(r, 10 * 86400) * INT64_C(1000);
        } else {
            e.deadline_ms = info.window_end_ms + 1 + below(r, 10 * 86400) * INT64_C(1000);
        }
        break;
    case ACS_EVENT_CLOSE:
        if (!closing && chance(r, 70)) {
            e.actor_role = ACS_ROLE_USER;
            e.actor_id = account_id(index);
            e.reason = ACS_REASON_USER_REQUEST;
        } else if (closing && chance(r, 40)) {
            e.flags = ACS_EVENT_FUNDS_HELD;
        }
        break;
    case ACS_EVENT_APPEAL:
        e.actor_id = account_id(index);
        if (info.hold_count > 0 && (!closing || chance(r, 70)))
            e.hold_id = some_hold(r, account, info.hold_count).id;
        break;
    case ACS_EVENT_DECIDE:
        e.hold_id = info.appeals[below(r, info.appeal_count)].target;
        e.reason = chance(r, 40) ? ACS_REASON_APPEAL_UPHELD : ACS_REASON_APPEAL_DISMISSED;
        break;
    default:
        break;
    }
    if (chance(r, 8)) add_fault(r, b, rule, &e);
    return e;
}

/* Most events go to an account that is not closed: a closed one is passed
** over up to three times. */
static size_t pick_account(bench *b, uint64_t *r)
{
    size_t index = 0;
    for (int attempt = 0; attempt < 4; attempt++) {
        index = (size_t)(next_random(r) % b->accounts);
        int status = 0;
        if (acs_account_status(&b->work[index], &status) != ACS_OK) fail("acs_account_status");
        if (status != ACS_STATUS_CLOSED) break;
    }
    return index;
}

/* Generate the stream by applying it: the accounts the library leaves are
** what the next event is made for, the accepted events' records are
** chained into the log, and the library's decisions give the checksum
** every timed run must reproduce. */
static void generate(bench *b)
{
    uint64_t r = b->seed;
    memcpy(b->work, b->start, b->accounts * sizeof(acs_account));
    acs_chain_init(&b->log_head);
    int64_t step_ms = STREAM_SPAN_MS / (int64_t)b->events;
    int64_t time_ms = SETUP_MS + DAY_MS;
    uint64_t sum = CHECKSUM_START;
    for (size_t i = 0; i < b->events; i++) {
        size_t index = pick_account(b, &r);
        time_ms += step_ms;
        acs_event e = make_event(b, &r, index, time_ms);
        acs_record record;
        acs_refusal why;
        int rc = acs_apply(&b->policy, &b->work[index], &e, &record, &why);
        unsigned verdict = verdict_of(rc);
        if (verdict == BASE_OTHER) {
            fprintf(stderr, "bench: event %zu (kind %u) refused with %s\n", i, e.kind,
                    acs_code_name(rc));
            fail("the stream has an event the baseline does not decide");
        }
        sum = fold(sum, verdict, rc == ACS_OK ? record.status_after : why.status);
        b->kind_count[e.kind]++;
        b->verdict_count[verdict]++;
        if (rc == ACS_OK) {
            b->kind_accepted[e.kind]++;
            if (acs_chain_append(&b->log_head, &record) != ACS_OK) fail("acs_chain_append");
            b->log[b->log_count] = record;
            b->log_account[b->log_count] = (uint32_t)index;
            b->log_count++;
        }
        b->stream[i] = e;
        b->target[i] = (uint32_t)index;
    }
    b->checksum = sum;
    memcpy(b->after, b->work, b->accounts * sizeof(acs_account));
    b->advance_ms = time_ms + ADVANCE_AFTER_MS;
}

/* Accounts left open by the stream, shuffled: acs_advance's callers. */
static void make_order(bench *b)
{
    uint64_t r = b->seed ^ UINT64_C(0x5851f42d4c957f2d);
    b->order = allocate(b->accounts, sizeof(uint32_t));
    b->order_count = 0;
    for (size_t i = 0; i < b->accounts; i++) {
        int status = 0;
        if (acs_account_status(&b->after[i], &status) != ACS_OK) fail("acs_account_status");
        if (status != ACS_STATUS_CLOSED) b->order[b->order_count++] = (uint32_t)i;
    }
    for (size_t i = b->order_count; i > 1; i--) {
        size_t j = (size_t)(next_random(&r) % i);
        uint32_t t = b->order[i - 1];
        b->order[i - 1] = b->order[j];
        b->order[j] = t;
    }
}

/* Each account's records in order: its setup records, then its records
** from the log. */
static void make_history(bench *b)
{
    size_t *count = allocate(b->accounts, sizeof(size_t));
    for (size_t i = 0; i < b->accounts; i++) count[i] = verified_at_setup(i) ? 2 : 1;
    for (size_t i = 0; i < b->log_count; i++) count[b->log_account[i]]++;
    b->history_at = allocate(b->accounts + 1, sizeof(size_t));
    size_t total = 0;
    for (size_t i = 0; i < b->accounts; i++) {
        b->history_at[i] = total;
        total += count[i];
    }
    b->history_at[b->accounts] = total;
    b->history_count = total;
    b->history = allocate(total, sizeof(acs_record));
    size_t *fill = count; /* reused as the next free slot of each account */
    for (size_t i = 0; i < b->accounts; i++) {
        acs_account scratch;
        fill[i] = b->history_at[i] + open_account(b, i, &scratch, &b->history[b->history_at[i]]);
    }
    for (size_t i = 0; i < b->log_count; i++) b->history[fill[b->log_account[i]]++] = b->log[i];
    free(count);
}

/* ------------------------------------------------------------------------
** The timed operations. Each returns its time in nanoseconds; each checks
** its own result, so a run that computes the wrong thing stops the bench.
*/
static int64_t run_apply(bench *b, uint64_t *checksum)
{
    memcpy(b->work, b->start, b->accounts * sizeof(acs_account));
    uint64_t sum = CHECKSUM_START;
    int64_t t0 = now_ns();
    for (size_t i = 0; i < b->events; i++) {
        acs_record record;
        acs_refusal why;
        int rc = acs_apply(&b->policy, &b->work[b->target[i]], &b->stream[i], &record, &why);
        sum = fold(sum, verdict_of(rc), rc == ACS_OK ? record.status_after : why.status);
    }
    int64_t t1 = now_ns();
    *checksum = sum;
    return t1 - t0;
}

/* rounds rounds of four additions, each to its own register: the empty
** asm statements keep the compiler from folding them, and nothing is
** loaded or stored. */
static uint64_t pad_registers(size_t rounds)
{
    uint64_t r0 = 0, r1 = 0, r2 = 0, r3 = 0;
    for (size_t k = 0; k < rounds; k++) {
        r0++;
        r1++;
        r2++;
        r3++;
        __asm__ volatile("" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3));
    }
    return r0 ^ r1 ^ r2 ^ r3;
}

static int64_t run_baseline(bench *b, uint64_t *checksum)
{
    memcpy(b->base_work, b->base_start, b->accounts * sizeof(base_account));
    uint64_t sum = CHECKSUM_START;
    int64_t t0 = now_ns();
    for (size_t i = 0; i < b->events; i++) {
        uint8_t status;
        base_verdict verdict = base_apply(&b->base_work[b->target[i]], &b->stream[i], &status);
        if (b->baseline_pad != 0) (void)pad_registers(b->baseline_pad);
        sum = fold(sum, (unsigned)verdict, status);
    }
    int64_t t1 = now_ns();
    *checksum = sum;
    return t1 - t0;
}

static int64_t run_apply_chain(bench *b, uint64_t *checksum, acs_chain *chain)
{
    memcpy(b->work, b->start, b->accounts * sizeof(acs_account));
    uint64_t sum = CHECKSUM_START;
    acs_chain_init(chain);
    int64_t t0 = now_ns();
    for (size_t i = 0; i < b->events; i++) {
        acs_record record;
        acs_refusal why;
        int rc = acs_apply(&b->policy, &b->work[b->target[i]], &b->stream[i], &record, &why);
        if (rc == ACS_OK && acs_chain_append(chain, &record) != ACS_OK) fail("chain_append");
        sum = fold(sum, verdict_of(rc), rc == ACS_OK ? record.status_after : why.status);
    }
    int64_t t1 = now_ns();
    *checksum = sum;
    return t1 - t0;
}

/* What acs_chain_append does, with OpenSSL's SHA-256: mark the record
** chained, link it to the head, encode it and hash 0x01, the previous hash
** and the 152-byte body. */
static void openssl_chain(bench *b, acs_record *record, uint8_t head[ACS_DIGEST_SIZE])
{
    static const uint8_t domain = 0x01;
    uint8_t encoded[ACS_RECORD_ENCODED_SIZE];
    record->flags |= ACS_RECORD_CHAINED;
    memcpy(record->previous_hash, head, ACS_DIGEST_SIZE);
    if (acs_record_encode(record, encoded, sizeof(encoded)) != ACS_OK) fail("encode");
    if (SHA256_Init(&b->sha) != 1 || SHA256_Update(&b->sha, &domain, 1) != 1 ||
        SHA256_Update(&b->sha, encoded + ACS_RECORD_BODY_SIZE, ACS_DIGEST_SIZE) != 1 ||
        SHA256_Update(&b->sha, encoded, ACS_RECORD_BODY_SIZE) != 1 ||
        SHA256_Final(record->hash, &b->sha) != 1)
        fail("OpenSSL SHA-256");
    memcpy(head, record->hash, ACS_DIGEST_SIZE);
}

static int64_t run_apply_openssl(bench *b, uint64_t *checksum, uint8_t head[ACS_DIGEST_SIZE])
{
    memcpy(b->work, b->start, b->accounts * sizeof(acs_account));
    uint64_t sum = CHECKSUM_START;
    memset(head, 0, ACS_DIGEST_SIZE);
    int64_t t0 = now_ns();
    for (size_t i = 0; i < b->events; i++) {
        acs_record record;
        acs_refusal why;
        int rc = acs_apply(&b->policy, &b->work[b->target[i]], &b->stream[i], &record, &why);
        if (rc == ACS_OK) openssl_chain(b, &record, head);
        sum = fold(sum, verdict_of(rc), rc == ACS_OK ? record.status_after : why.status);
    }
    int64_t t1 = now_ns();
    *checksum = sum;
    return t1 - t0;
}

static int64_t run_advance(bench *b, size_t *records)
{
    memcpy(b->work, b->after, b->accounts * sizeof(acs_account));
    size_t total = 0;
    int64_t t0 = now_ns();
    for (size_t i = 0; i < b->order_count; i++) {
        acs_record out[ACS_DEADLINES_MAX];
        unsigned written = 0;
        int64_t next = 0;
        if (acs_advance(&b->policy, &b->work[b->order[i]], b->advance_ms, out, ACS_DEADLINES_MAX,
                        &written, &next) != ACS_OK)
            fail("acs_advance");
        total += written;
    }
    int64_t t1 = now_ns();
    *records = total;
    return t1 - t0;
}

static int64_t run_encode(bench *b)
{
    int64_t t0 = now_ns();
    for (size_t i = 0; i < b->log_count; i++) {
        if (acs_record_encode(&b->log[i], b->encoded + i * ACS_RECORD_ENCODED_SIZE,
                              ACS_RECORD_ENCODED_SIZE) != ACS_OK)
            fail("acs_record_encode");
    }
    return now_ns() - t0;
}

static int64_t run_verify(bench *b)
{
    acs_audit_report report;
    int64_t t0 = now_ns();
    int rc = acs_verify(b->log, b->log_count, NULL, &b->log_head, ACS_VERIFY_LOG, &report);
    int64_t t1 = now_ns();
    if (rc != ACS_OK) fail("acs_verify refused the log");
    return t1 - t0;
}

/* OpenSSL's SHA-256 of each record's 216 encoded bytes, one digest per
** record with one reused context: the hashing a verifier of the same bytes
** cannot avoid. */
static int64_t run_openssl_verify(bench *b, uint8_t *sink)
{
    uint8_t acc = 0;
    int64_t t0 = now_ns();
    for (size_t i = 0; i < b->log_count; i++) {
        uint8_t digest[ACS_DIGEST_SIZE];
        if (SHA256_Init(&b->sha) != 1 ||
            SHA256_Update(&b->sha, b->encoded + i * ACS_RECORD_ENCODED_SIZE,
                          ACS_RECORD_ENCODED_SIZE) != 1 ||
            SHA256_Final(digest, &b->sha) != 1)
            fail("OpenSSL SHA-256");
        acc ^= digest[0];
    }
    int64_t t1 = now_ns();
    *sink ^= acc;
    return t1 - t0;
}

static int64_t run_replay(bench *b)
{
    int64_t t0 = now_ns();
    for (size_t i = 0; i < b->accounts; i++) {
        acs_account account;
        acs_audit_report report;
        size_t at = b->history_at[i];
        if (acs_replay(&b->policy, &b->history[at], b->history_at[i + 1] - at, &account,
                       &report) != ACS_OK)
            fail("acs_replay refused an account's records");
        if (memcmp(&account, &b->after[i], sizeof(account)) != 0)
            fail("acs_replay rebuilt another account than the stream left");
    }
    return now_ns() - t0;
}

/* ------------------------------------------------------------------------
** Setup and the two modes.
*/
static void setup(bench *b)
{
    if (acs_policy_preset(&b->policy, ACS_PRESET_DEFAULT) != ACS_OK) fail("preset");
    b->rules = &b->policy.rules;

    b->start = allocate(b->accounts, sizeof(acs_account));
    b->after = allocate(b->accounts, sizeof(acs_account));
    b->work = allocate(b->accounts, sizeof(acs_account));
    b->base_start = allocate(b->accounts, sizeof(base_account));
    b->base_work = allocate(b->accounts, sizeof(base_account));
    b->stream = allocate(b->events, sizeof(acs_event));
    b->target = allocate(b->events, sizeof(uint32_t));
    b->log = allocate(b->events, sizeof(acs_record));
    b->log_account = allocate(b->events, sizeof(uint32_t));
    for (size_t i = 0; i < b->accounts; i++) setup_account(b, i);
    generate(b);
}

/* The inputs of the apply runs are no longer needed once they are done. */
static void release_stream(bench *b)
{
    free(b->stream);
    free(b->target);
    free(b->base_start);
    free(b->base_work);
    b->stream = NULL;
    b->target = NULL;
    b->base_start = NULL;
    b->base_work = NULL;
}

static void teardown(bench *b)
{
    release_stream(b);
    free(b->start);
    free(b->after);
    free(b->work);
    free(b->log);
    free(b->log_account);
    free(b->encoded);
    free(b->order);
    free(b->history);
    free(b->history_at);
}

static void check_checksum(const bench *b, uint64_t sum, const char *who)
{
    if (sum == b->checksum) return;
    fprintf(stderr, "bench: %s checksum %016" PRIx64 " differs from the library's %016" PRIx64
                    "\n", who, sum, b->checksum);
    fail("the decisions differ");
}

static void check_head(const bench *b, const uint8_t head[ACS_DIGEST_SIZE], const char *who)
{
    if (memcmp(head, b->log_head.head, ACS_DIGEST_SIZE) == 0) return;
    fprintf(stderr, "bench: %s chain head differs from the log's\n", who);
    fail("the chains differ");
}

static int64_t best(int64_t current, int64_t measured)
{
    return current == 0 || measured < current ? measured : current;
}

static void cpu_model(char *out, size_t cap)
{
    snprintf(out, cap, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (f == NULL) return;
    char line[512];
    while (fgets(line, sizeof(line), f) != NULL) {
        if (strncmp(line, "model name", 10) != 0) continue;
        const char *colon = strchr(line, ':');
        if (colon == NULL) break;
        colon++;
        while (*colon == ' ' || *colon == '\t') colon++;
        snprintf(out, cap, "%s", colon);
        out[strcspn(out, "\n")] = '\0';
        break;
    }
    fclose(f);
}

static const char *sha_path(void)
{
    return acs__sha256_shani_usable() ? "SHA-NI" : "portable";
}

#define STRING_OF(x) #x
#define STRING(x) STRING_OF(x)

static const char *compiler(void)
{
#if defined(__clang__)
    return "clang " STRING(__clang_major__) "." STRING(__clang_minor__) "." STRING(
        __clang_patchlevel__);
#elif defined(__GNUC__)
    return "gcc " __VERSION__;
#else
    return "unknown compiler";
#endif
}

static const char *kind_name(unsigned kind)
{
    const char *name = acs_event_name((int)kind);
    return name != NULL ? name : "?";
}

static void print_header(const bench *b)
{
    char cpu[256];
    cpu_model(cpu, sizeof(cpu));
    printf("libacctstate %s benchmark: %zu accounts, %zu events, seed %" PRIu64
           ", best of %d runs, clock %s\n",
           acs_version_string(), b->accounts, b->events, b->seed, b->reps,
           bench_clock == CLOCK_MONOTONIC ? "CLOCK_MONOTONIC" : "CLOCK_THREAD_CPUTIME_ID");
    printf("machine: %s, %ld logical CPUs\n", cpu, sysconf(_SC_NPROCESSORS_ONLN));
    printf("build: %s; %s\n", compiler(), BENCH_CFLAGS);
    printf("SHA-256 in the library: %s; OpenSSL: %s\n", sha_path(),
           OpenSSL_version(OPENSSL_VERSION));
    if (b->baseline_pad != 0)
        printf("baseline padded: %zu rounds of four register additions per event\n",
               b->baseline_pad);
}

static void print_stream(const bench *b)
{
    size_t accepted = b->verdict_count[BASE_ACCEPTED];
    printf("\nstream: %zu events, %zu accepted (%.1f%%), %zu refused; by kind (accepted/all):",
           b->events, accepted, 100.0 * (double)accepted / (double)b->events,
           b->events - accepted);
    for (unsigned k = ACS_EVENT_VERIFY; k <= ACS_EVENT_DECIDE; k++) {
        printf("%s %s %zu/%zu", k == ACS_EVENT_VERIFY ? "" : ",", kind_name(k),
               b->kind_accepted[k], b->kind_count[k]);
    }
    printf("\ndecisions checksum %016" PRIx64 ": library and baseline agree on every event\n",
           b->checksum);
}

typedef struct row {
    const char *name;
    const char *unit;
    double ns;           /* per unit */
    double bytes;        /* per unit, for a throughput; 0: none */
} row;

static void print_row(const row *r, const char *against, double ratio, const char *relation,
                      double target)
{
    double per_second = 1e9 / r->ns;
    printf("%-26s %-8s %9.1f %8.2f M", r->name, r->unit, r->ns, per_second / 1e6);
    if (r->bytes > 0) printf(" %8.1f", per_second * r->bytes / 1e6);
    if (against == NULL) {
        printf("\n");
        return;
    }
    if (r->bytes <= 0) printf(" %8s", "");
    if (relation[0] == '\0') {
        printf("  %-28s %6.2f  %-7s  %s\n", against, ratio, "-", "-");
        return;
    }
    bool pass = relation[0] == '<' ? ratio <= target : ratio >= target;
    printf("  %-28s %6.2f  %s %.2f  %s\n", against, ratio, relation, target,
           pass ? "PASS" : "MISS");
}

static void print_memory(const bench *b)
{
    printf("\nmemory: acs_account %zu B per account (%zu accounts: %.1f MB); acs_record %zu B "
           "in memory, %d B encoded (%d B hashed by the chain); acs_policy %zu B, one per "
           "policy, shared; acs_event %zu B; acs_chain %zu B; baseline account %zu B\n",
           sizeof(acs_account), b->accounts,
           (double)(b->accounts * sizeof(acs_account)) / 1e6, sizeof(acs_record),
           ACS_RECORD_ENCODED_SIZE, 1 + ACS_DIGEST_SIZE + ACS_RECORD_BODY_SIZE,
           sizeof(acs_policy), sizeof(acs_event), sizeof(acs_chain), sizeof(base_account));
}

/* The operations --only can choose; by default all run. */
#define OP_APPLY 0x1u   /* apply and the switch baseline */
#define OP_CHAIN 0x2u   /* apply + chain and apply + OpenSSL */
#define OP_ADVANCE 0x4u
#define OP_ENCODE 0x8u
#define OP_VERIFY 0x10u /* verify and OpenSSL of each record */
#define OP_REPLAY 0x20u
#define OP_ALL 0x3fu

typedef struct timings {
    int64_t apply, base, chain, ssl, advance, encode, verify, ssl_verify, replay;
    int64_t resident_apply, resident_base; /* RESIDENT_EVENTS events */
    size_t advance_records;
} timings;

static void time_apply(bench *b, unsigned ops, timings *t)
{
    for (int rep = 0; rep < b->reps; rep++) {
        uint64_t sum;
        acs_chain chain;
        uint8_t head[ACS_DIGEST_SIZE];
        if (ops & OP_APPLY) {
            t->apply = best(t->apply, run_apply(b, &sum));
            check_checksum(b, sum, "apply");
            t->base = best(t->base, run_baseline(b, &sum));
            check_checksum(b, sum, "baseline");
        }
        if (ops & OP_CHAIN) {
            t->chain = best(t->chain, run_apply_chain(b, &sum, &chain));
            check_checksum(b, sum, "apply + chain");
            check_head(b, chain.head, "acs_chain_append");
            t->ssl = best(t->ssl, run_apply_openssl(b, &sum, head));
            check_checksum(b, sum, "apply + OpenSSL");
            check_head(b, head, "OpenSSL");
        }
    }
}

static void time_records(bench *b, unsigned ops, timings *t)
{
    if (ops & OP_ADVANCE) {
        make_order(b);
        for (int rep = 0; rep < b->reps; rep++)
            t->advance = best(t->advance, run_advance(b, &t->advance_records));
    }
    if (ops & (OP_ENCODE | OP_VERIFY)) {
        b->encoded = allocate(b->log_count, ACS_RECORD_ENCODED_SIZE);
        for (int rep = 0; rep < b->reps; rep++) t->encode = best(t->encode, run_encode(b));
    }
    uint8_t sink = 0;
    for (int rep = 0; rep < b->reps && (ops & OP_VERIFY); rep++) {
        t->verify = best(t->verify, run_verify(b));
        t->ssl_verify = best(t->ssl_verify, run_openssl_verify(b, &sink));
    }
    (void)sink;
    free(b->encoded);
    b->encoded = NULL;
    if (ops & OP_REPLAY) {
        make_history(b);
        for (int rep = 0; rep < b->reps; rep++) t->replay = best(t->replay, run_replay(b));
    }
}

/* The same comparison on few enough accounts that they stay in the
** processor's caches: what apply costs against the baseline when memory
** latency is taken out. Short runs, so more of them. */
#define RESIDENT_ACCOUNTS 20000
#define RESIDENT_EVENTS 80000
#define RESIDENT_REPS_MIN 20

static void time_resident(const bench *b, timings *t)
{
    bench small;
    memset(&small, 0, sizeof(small));
    small.accounts = RESIDENT_ACCOUNTS;
    small.events = RESIDENT_EVENTS;
    small.reps = b->reps > RESIDENT_REPS_MIN ? b->reps : RESIDENT_REPS_MIN;
    small.seed = b->seed;
    small.baseline_pad = b->baseline_pad;
    setup(&small);
    timings measured;
    memset(&measured, 0, sizeof(measured));
    time_apply(&small, OP_APPLY, &measured);
    t->resident_apply = measured.apply;
    t->resident_base = measured.base;
    teardown(&small);
}

static void print_table(const bench *b, unsigned ops, const timings *t)
{
    double events = (double)b->events;
    double logged = (double)b->log_count;
    row apply = {"apply, no chain", "event", (double)t->apply / events, 0};
    row base = {"switch baseline", "event", (double)t->base / events, 0};
    row chain = {"apply + chain_append", "event", (double)t->chain / events, 0};
    row ssl = {"apply + OpenSSL SHA-256", "event", (double)t->ssl / events, 0};
    row advance = {"advance", "account", (double)t->advance / (double)b->order_count, 0};
    row encode = {"encode", "record", (double)t->encode / logged, ACS_RECORD_ENCODED_SIZE};
    row verify = {"verify", "record", (double)t->verify / logged, ACS_RECORD_ENCODED_SIZE};
    row ssl_verify = {"OpenSSL SHA-256 of record", "record", (double)t->ssl_verify / logged,
                      ACS_RECORD_ENCODED_SIZE};
    row replay = {"replay", "record", (double)t->replay / (double)b->history_count, 0};

    printf("\n%-26s %-8s %9s %10s %8s  %-28s %6s  %-7s  %s\n", "operation", "unit", "ns/unit",
           "units/s", "MB/s", "compared with", "ratio", "target", "result");
    if (ops & OP_APPLY) {
        /* A padded baseline is not the baseline: no target is judged. */
        print_row(&apply, "switch baseline", apply.ns / base.ns,
                  b->baseline_pad == 0 ? "<=" : "", TARGET_APPLY);
        print_row(&base, NULL, 0, "", 0);
    }
    if (ops & OP_CHAIN) {
        print_row(&chain, "apply + OpenSSL SHA-256", chain.ns / ssl.ns, "<=", TARGET_CHAIN);
        print_row(&ssl, NULL, 0, "", 0);
    }
    if (ops & OP_ADVANCE) print_row(&advance, NULL, 0, "", 0);
    if (ops & (OP_ENCODE | OP_VERIFY)) print_row(&encode, NULL, 0, "", 0);
    if (ops & OP_VERIFY) {
        print_row(&verify, "OpenSSL SHA-256 of record", ssl_verify.ns / verify.ns, ">=",
                  TARGET_VERIFY);
        print_row(&ssl_verify, NULL, 0, "", 0);
    }
    if (ops & OP_REPLAY) print_row(&replay, NULL, 0, "", 0);
    if (ops & OP_APPLY) {
        row in_cache = {"apply, in cache", "event", (double)t->resident_apply / RESIDENT_EVENTS, 0};
        row base_in_cache = {"switch baseline, in cache", "event",
                             (double)t->resident_base / RESIDENT_EVENTS, 0};
        print_row(&in_cache, "switch baseline, in cache", in_cache.ns / base_in_cache.ns, "", 0);
        print_row(&base_in_cache, NULL, 0, "", 0);
    }
    printf("\n");
    if (ops & OP_APPLY)
        printf("in cache: the same comparison on %d accounts and %d events (best of %d), "
               "no target\n",
               RESIDENT_ACCOUNTS, RESIDENT_EVENTS,
               b->reps > RESIDENT_REPS_MIN ? b->reps : RESIDENT_REPS_MIN);
    if (ops & OP_ADVANCE)
        printf("advance: %zu accounts not closed, %zu deadlines applied (%.2f per account), "
               "%.1f ns per deadline\n",
               b->order_count, t->advance_records,
               (double)t->advance_records / (double)b->order_count,
               (double)t->advance / (double)(t->advance_records > 0 ? t->advance_records : 1));
    if (ops & (OP_ENCODE | OP_VERIFY))
        printf("encode and verify: the log of %zu chained records (%.1f MB encoded)\n",
               b->log_count, logged * ACS_RECORD_ENCODED_SIZE / 1e6);
    if (ops & OP_REPLAY)
        printf("replay: %zu accounts, %zu records, %.1f ns per account\n", b->accounts,
               b->history_count, (double)t->replay / (double)b->accounts);
}

static void run_timed(bench *b, unsigned ops)
{
    print_header(b);
    fflush(stdout);
    setup(b);
    print_stream(b);
    fflush(stdout);
    timings t;
    memset(&t, 0, sizeof(t));
    time_apply(b, ops, &t);
    release_stream(b);
    time_records(b, ops, &t);
    teardown(b);
    if (ops & OP_APPLY) time_resident(b, &t);
    print_table(b, ops, &t);
    print_memory(b);
}

/* ------------------------------------------------------------------------
** Instruction counts under callgrind. Each operation runs once between
** client requests; its dump is named "bench <operation> <units>".
*/
#if HAVE_CALLGRIND
#define MEASURE_BEGIN() \
    do {                 \
        CALLGRIND_ZERO_STATS; \
        CALLGRIND_TOGGLE_COLLECT; \
    } while (0)
#define MEASURE_END(name, units)                                         \
    do {                                                                 \
        char label_[96];                                                 \
        CALLGRIND_TOGGLE_COLLECT;                                        \
        snprintf(label_, sizeof(label_), "bench %s %zu", name, (size_t)(units)); \
        CALLGRIND_DUMP_STATS_AT(label_);                                 \
    } while (0)

static void run_callgrind(bench *b)
{
    printf("callgrind run: %zu accounts, %zu events; SHA-256 in the library: %s\n", b->accounts,
           b->events, sha_path());
    setup(b);
    uint64_t sum;
    acs_chain chain;
    uint8_t head[ACS_DIGEST_SIZE];
    MEASURE_BEGIN();
    (void)run_apply(b, &sum);
    MEASURE_END("apply", b->events);
    check_checksum(b, sum, "apply");
    MEASURE_BEGIN();
    (void)run_baseline(b, &sum);
    MEASURE_END("baseline", b->events);
    check_checksum(b, sum, "baseline");
    MEASURE_BEGIN();
    (void)run_apply_chain(b, &sum, &chain);
    MEASURE_END("apply_chain", b->events);
    check_head(b, chain.head, "acs_chain_append");
    MEASURE_BEGIN();
    (void)run_apply_openssl(b, &sum, head);
    MEASURE_END("apply_openssl", b->events);
    check_head(b, head, "OpenSSL");
    release_stream(b);

    make_order(b);
    size_t records;
    MEASURE_BEGIN();
    (void)run_advance(b, &records);
    MEASURE_END("advance", b->order_count);
    b->encoded = allocate(b->log_count, ACS_RECORD_ENCODED_SIZE);
    MEASURE_BEGIN();
    (void)run_encode(b);
    MEASURE_END("encode", b->log_count);
    MEASURE_BEGIN();
    (void)run_verify(b);
    MEASURE_END("verify", b->log_count);
    uint8_t sink = 0;
    MEASURE_BEGIN();
    (void)run_openssl_verify(b, &sink);
    MEASURE_END("openssl_verify", b->log_count);
    make_history(b);
    MEASURE_BEGIN();
    (void)run_replay(b);
    MEASURE_END("replay", b->history_count);
    printf("callgrind run: done\n");
}
#else
static void run_callgrind(bench *b)
{
    (void)b;
    printf("callgrind run: skipped, built without valgrind/callgrind.h\n");
}
#endif

/* Read the dumps the callgrind run wrote and print instructions per unit. */
typedef struct counted {
    const char *name;
    const char *label;
    const char *unit;
    double instructions;
    double units;
} counted;

static void read_dump(const char *path, counted *ops, size_t count)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        return;
    }
    char line[512];
    char name[64] = "";
    double units = 0, total = -1;
    while (fgets(line, sizeof(line), f) != NULL) {
        const char *trigger = strstr(line, "Client Request: bench ");
        if (strncmp(line, "desc:", 5) == 0 && trigger != NULL) {
            if (sscanf(trigger + strlen("Client Request: bench "), "%63s %lf", name, &units) != 2)
                name[0] = '\0';
        }
        if (strncmp(line, "totals:", 7) == 0) total = strtod(line + 7, NULL);
        if (strncmp(line, "summary:", 8) == 0 && total < 0) total = strtod(line + 8, NULL);
    }
    fclose(f);
    for (size_t i = 0; i < count; i++) {
        if (name[0] != '\0' && strcmp(ops[i].name, name) == 0 && total >= 0) {
            ops[i].instructions = total;
            ops[i].units = units;
        }
    }
}

static int callgrind_report(int files, char **paths)
{
    counted ops[] = {
        {"apply", "apply, no chain", "event", 0, 0},
        {"baseline", "switch baseline", "event", 0, 0},
        {"apply_chain", "apply + chain_append", "event", 0, 0},
        {"apply_openssl", "apply + OpenSSL SHA-256", "event", 0, 0},
        {"advance", "advance", "account", 0, 0},
        {"encode", "encode", "record", 0, 0},
        {"verify", "verify", "record", 0, 0},
        {"openssl_verify", "OpenSSL SHA-256 of record", "record", 0, 0},
        {"replay", "replay", "record", 0, 0},
    };
    size_t count = sizeof(ops) / sizeof(ops[0]);
    for (int i = 0; i < files; i++) read_dump(paths[i], ops, count);
    double per[sizeof(ops) / sizeof(ops[0])];
    printf("\n%-26s %-8s %14s  %s\n", "operation (callgrind)", "unit", "instructions",
           "compared with");
    for (size_t i = 0; i < count; i++)
        per[i] = ops[i].units > 0 ? ops[i].instructions / ops[i].units : 0;
    for (size_t i = 0; i < count; i++) {
        if (ops[i].units <= 0) {
            printf("%-26s %-8s %14s\n", ops[i].label, ops[i].unit, "not measured");
            continue;
        }
        printf("%-26s %-8s %14.0f", ops[i].label, ops[i].unit, per[i]);
        if (i == 0 && per[1] > 0) printf("  %.2f x switch baseline", per[0] / per[1]);
        if (i == 2 && per[3] > 0) printf("  %.2f x apply + OpenSSL SHA-256", per[2] / per[3]);
        if (i == 6 && per[7] > 0) printf("  %.2f x OpenSSL SHA-256 of record", per[6] / per[7]);
        printf("\n");
    }
    return 0;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: bench [--accounts N] [--events N] [--reps N] [--seed N]\n"
            "             [--only apply,chain,advance,encode,verify,replay]\n"
            "             [--clock monotonic|cpu] [--baseline-pad N]\n"
            "       bench --callgrind          (under valgrind --tool=callgrind)\n"
            "       bench --callgrind-report FILE...\n");
    exit(2);
}

/* A comma-separated list of apply, chain, advance, encode, verify, replay. */
static unsigned operations(const char *text)
{
    static const char *const names[] = {"apply", "chain", "advance", "encode", "verify",
                                        "replay"};
    unsigned ops = 0;
    while (*text != '\0') {
        size_t length = strcspn(text, ",");
        unsigned found = 0;
        for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
            if (strlen(names[i]) == length && strncmp(names[i], text, length) == 0)
                found = 1u << i;
        }
        if (found == 0) usage();
        ops |= found;
        text += length;
        if (*text == ',') text++;
    }
    return ops != 0 ? ops : OP_ALL;
}

static clockid_t clock_named(const char *text)
{
    if (strcmp(text, "monotonic") == 0) return CLOCK_MONOTONIC;
    if (strcmp(text, "cpu") == 0) return CLOCK_THREAD_CPUTIME_ID;
    usage();
    return CLOCK_MONOTONIC;
}

static size_t number(const char *text)
{
    char *end = NULL;
    unsigned long long value = strtoull(text, &end, 0);
    if (end == text || *end != '\0') usage();
    return (size_t)value;
}

int main(int argc, char **argv)
{
    bench b;
    memset(&b, 0, sizeof(b));
    b.accounts = 1000000;
    b.events = 4000000;
    b.reps = 3;
    b.seed = 20221207;
    bool callgrind = false;
    unsigned ops = OP_ALL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--callgrind-report") == 0)
            return callgrind_report(argc - i - 1, argv + i + 1);
        if (strcmp(argv[i], "--callgrind") == 0) {
            callgrind = true;
            b.accounts = 10000;
            b.events = 40000;
            b.reps = 1;
            continue;
        }
        if (i + 1 >= argc) usage();
        if (strcmp(argv[i], "--accounts") == 0) b.accounts = number(argv[++i]);
        else if (strcmp(argv[i], "--events") == 0) b.events = number(argv[++i]);
        else if (strcmp(argv[i], "--reps") == 0) b.reps = (int)number(argv[++i]);
        else if (strcmp(argv[i], "--seed") == 0) b.seed = number(argv[++i]);
        else if (strcmp(argv[i], "--only") == 0) ops = operations(argv[++i]);
        else if (strcmp(argv[i], "--clock") == 0) bench_clock = clock_named(argv[++i]);
        else if (strcmp(argv[i], "--baseline-pad") == 0) b.baseline_pad = number(argv[++i]);
        else usage();
    }
    if (b.accounts == 0 || b.accounts > UINT32_MAX || b.events == 0 || b.reps < 1) usage();
    if (callgrind) run_callgrind(&b);
    else run_timed(&b, ops);
    return 0;
}
