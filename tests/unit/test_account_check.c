/*
** test_account_check.c: unit tests of acs__check (internal.h, account.c),
** the one test of whether 256 bytes are a valid account.
**
** acs__check works on the packed words in one pass, with a shortcut for the
** common header; here a reference written the plain way (decode every field,
** then test each rule of the layout comment in account.c on its own) must
** reach the same verdict on every byte of several accounts changed to
** several values, on random words, and on words nudged across the bounds
** the rules compare. The facts acs__check gathers must be what acs__status
** and acs__next_deadline say. And the end mark: the words past it are not
** part of the account, so no value there changes what any function does,
** while a changed end mark or hold count is refused.
**
** With ACS_TEST_QUICK set to anything but 0 (make valgrind-check sets it),
** the assembled accounts are a tenth as many.
*/
#include <stdlib.h>

#include "fixtures.h"
#include "internal.h"

/* ------------------------------------------------------------------------
** The reference.
*/

#define W_HOLDS 8
#define MASK48 ((UINT64_C(1) << 48) - 1)

typedef struct ref_hold {
    int64_t placed, review;
    unsigned id, level, role, flags, reason;
} ref_hold;

static bool ref_time(uint64_t value)
{
    return value <= (uint64_t)ACS_TIME_MAX_MS;
}

static bool ref_reason(unsigned reason)
{
    return (reason >= ACS_REASON_SECURITY_COMPROMISE && reason <= ACS_REASON_PUBLIC_CRITICISM) ||
           (reason >= ACS_REASON_REVIEW_CLEARED && reason <= ACS_REASON_DEADLINE_LAPSED);
}

static ref_hold ref_decode_hold(const uint64_t *slot)
{
    ref_hold h;
    h.placed = (int64_t)(slot[1] & MASK48);
    h.id = (unsigned)(slot[1] >> 48);
    h.review = (int64_t)(slot[2] & MASK48);
    h.level = (unsigned)(slot[2] >> 48) & 3u;
    h.role = (unsigned)(slot[2] >> 50) & 7u;
    h.flags = (unsigned)(slot[2] >> 53) & 7u;
    h.reason = (unsigned)(slot[2] >> 56);
    return h;
}

/* Hold i of count, against the last change, the next id and the hold before. */
static bool ref_hold_ok(const ref_hold *h, const ref_hold *before, int64_t last, unsigned next)
{
    bool overdue = (h->flags & ACS_HOLD_OVERDUE) != 0;
    bool runs = h->review != 0 && !overdue;
    if (h->id == 0 || h->id > ACS_HOLD_ID_MAX || h->id >= next) return false;
    if (before != NULL && h->id <= before->id) return false;
    if (h->level == 0 || h->role < ACS_ROLE_USER || h->role > ACS_ROLE_SYSTEM) return false;
    if (!ref_reason(h->reason) || (h->flags & ~3u) != 0) return false;
    if (!ref_time((uint64_t)h->placed) || !ref_time((uint64_t)h->review)) return false;
    if (h->placed > last || (runs && h->review < last) || (overdue && h->review == 0)) return false;
    return true;
}

static bool ref_window_ok(unsigned lifecycle, unsigned flags, unsigned notice, int64_t last,
                          const uint64_t *w)
{
    int64_t end = (int64_t)w[3], max = (int64_t)w[4], paused_ms = (int64_t)w[5];
    bool paused = (flags & ACS_ACCOUNT_WINDOW_PAUSED) != 0;
    bool ended = (flags & ACS_ACCOUNT_WINDOW_ENDED) != 0;
    if (lifecycle != ACS_LIFECYCLE_CLOSING)
        return end == 0 && max == 0 && paused_ms == 0 && flags == 0 && notice == 0;
    if (end == 0 || max < end || notice == 0 || (paused && ended)) return false;
    if (!paused && paused_ms != 0) return false;
    if (paused && paused_ms > last) return false;
    if (paused && end < paused_ms) return false;
    if (!paused && !ended && end < last) return false;
    return true;
}

static bool ref_appeals_ok(const uint64_t *w, unsigned count, unsigned flags, int64_t last,
                           const ref_hold *holds, unsigned hold_count)
{
    for (unsigned i = 0; i < ACS_APPEALS_MAX; i++) {
        uint64_t word = w[6 + i];
        if (i >= count) {
            if (word != 0) return false;
            continue;
        }
        int64_t deadline = (int64_t)(word & MASK48);
        unsigned target = (unsigned)(word >> 48) & 0x7fffu;
        bool overdue = (word >> 63) != 0;
        if (deadline == 0 || !ref_time((uint64_t)deadline)) return false;
        if (!overdue && deadline < last) return false;
        if (i == 1 && target == ((unsigned)(w[6] >> 48) & 0x7fffu)) return false;
        bool marked = target == 0 && (flags & ACS_ACCOUNT_NOTICE_APPEALED);
        for (unsigned h = 0; h < hold_count && target != 0; h++) {
            if (holds[h].id == target && (holds[h].flags & ACS_HOLD_APPEALED)) marked = true;
        }
        if (!marked) return false;
    }
    return true;
}

/* Whether words are a valid account, rule by rule. */
static bool ref_valid(const uint64_t *w)
{
    int64_t last = (int64_t)(w[1] & MASK48);
    unsigned next = (unsigned)(w[1] >> 48);
    unsigned lifecycle = (unsigned)(w[2] >> 32) & 0xffu;
    unsigned flags = (unsigned)(w[2] >> 40) & 0xffu;
    unsigned notice = (unsigned)(w[2] >> 48) & 0xffu;
    unsigned hold_count = (unsigned)(w[2] >> 56) & 0xfu;
    unsigned appeal_count = (unsigned)(w[2] >> 60);
    if (!ref_time((uint64_t)last) || next == 0 || next > ACS_HOLD_ID_MAX + 1) return false;
    if ((uint32_t)w[2] == 0) return false;
    if (lifecycle < ACS_LIFECYCLE_PENDING || lifecycle > ACS_LIFECYCLE_CLOSED) return false;
    if ((flags & ~7u) != 0 || (notice != 0 && !ref_reason(notice))) return false;
    if (hold_count > ACS_HOLDS_MAX || appeal_count > ACS_APPEALS_MAX) return false;
    if (!ref_time(w[3]) || !ref_time(w[4]) || !ref_time(w[5])) return false;
    if (!ref_window_ok(lifecycle, flags, notice, last, w)) return false;
    ref_hold holds[ACS_HOLDS_MAX];
    for (unsigned i = 0; i < hold_count; i++) {
        holds[i] = ref_decode_hold(&w[W_HOLDS + 3 * i]);
        if (!ref_hold_ok(&holds[i], i > 0 ? &holds[i - 1] : NULL, last, next)) return false;
    }
    /* The end mark: the id word of the slot after the last hold. */
    if (hold_count < ACS_HOLDS_MAX && w[W_HOLDS + 3 * hold_count + 1] != 0) return false;
    return ref_appeals_ok(w, appeal_count, flags, last, holds, hold_count);
}

/* ------------------------------------------------------------------------
** Accounts to change.
*/

/* A few accounts of every shape: pending, active with overdue and running
** holds, CLOSING with a paused window and two appeals, full with its
** window ended, closed. */
static unsigned bases(const acs_policy *policy, acs_account *out)
{
    unsigned n = 0;
    fx_open(policy, &out[n++], FX_ACCOUNT_ID, FX_T0);

    acs_account *a = &out[n++];
    fx_active(policy, a, FX_T0);
    fx_hold(policy, a, FX_T0 + FX_HOUR, ACS_LEVEL_WITHDRAWAL_ONLY);
    fx_hold(policy, a, FX_T0 + 2 * FX_HOUR, ACS_LEVEL_FROZEN);
    acs_record records[ACS_DEADLINES_MAX];
    (void)fx_advance(policy, a, FX_T0 + 20 * FX_DAY, records, NULL); /* the freeze lapses */
    fx_hold(policy, a, FX_T0 + 21 * FX_DAY, ACS_LEVEL_SUSPENDED);

    acs_account *c = &out[n++];
    fx_active(policy, c, FX_T0);
    unsigned w = fx_hold(policy, c, FX_T0 + FX_HOUR, ACS_LEVEL_WITHDRAWAL_ONLY);
    fx_notice(policy, c, FX_T0 + 2 * FX_HOUR, ACS_REASON_COMMERCIAL_DECISION);
    fx_hold(policy, c, FX_T0 + 3 * FX_HOUR, ACS_LEVEL_FROZEN);
    fx_appeal(policy, c, FX_T0 + 4 * FX_HOUR, w);
    fx_appeal(policy, c, FX_T0 + 5 * FX_HOUR, 0);

    acs_account *f = &out[n++];
    fx_active(policy, f, FX_T0);
    for (int i = 0; i < ACS_HOLDS_MAX; i++)
        fx_hold(policy, f, FX_T0 + i, ACS_LEVEL_WITHDRAWAL_ONLY);
    int64_t end = fx_notice(policy, f, FX_T0 + 10, ACS_REASON_USER_REQUEST);
    assert_int_equal(fx_advance(policy, f, end, records, NULL), 1);

    acs_account *d = &out[n++];
    fx_active(policy, d, FX_T0);
    fx_close_by_user(policy, d, FX_T0 + FX_DAY);
    return n;
}

/* The library's verdict, by every function that reads an account; they
** must agree. Valid accounts also have their facts compared. */
static bool lib_valid(const acs_account *account)
{
    acs_account_info info;
    int rc = acs_account_info_get(account, &info);
    assert_true(rc == ACS_OK || rc == ACS_E_ACCOUNT_CORRUPT);
    int status;
    assert_code(acs_account_status(account, &status), rc);
    int64_t deadline;
    assert_code(acs_account_next_deadline(account, &deadline, NULL), rc);
    if (rc != ACS_OK) return false;
    acs__state state;
    acs__facts facts = {0, 0, 0};
    assert_code(acs__unpack(&state, account), ACS_OK);
    assert_code(acs__check(account, &facts), ACS_OK);
    assert_int_equal(facts.status, acs__status(&state));
    assert_int_equal(facts.status, status);
    assert_i64(facts.due_ms, acs__next_deadline(&state, NULL));
    assert_i64(facts.due_ms, deadline);
    return true;
}

static void check_same(const acs_account *account, const char *what, size_t at, uint64_t value)
{
    bool expected = ref_valid(account->opaque);
    if (lib_valid(account) != expected) {
        print_error("%s at %zu (value 0x%" PRIx64 "): the reference says %s\n", what, at, value,
                    expected ? "valid" : "corrupt");
        fail();
    }
}

static uint64_t next_random(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* ------------------------------------------------------------------------
** The tests.
*/

static void test_bases_are_valid(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account accounts[8];
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    unsigned n = bases(&policy, accounts);
    for (unsigned b = 0; b < n; b++) {
        assert_true(ref_valid(accounts[b].opaque));
        assert_true(lib_valid(&accounts[b]));
    }
}

/* Every byte of every base, changed to several values. */
static void test_byte_mutations_agree(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account accounts[8];
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    unsigned n = bases(&policy, accounts);
    for (unsigned b = 0; b < n; b++) {
        for (size_t i = 0; i < ACS_ACCOUNT_SIZE; i++) {
            const unsigned char orig = ((const unsigned char *)&accounts[b])[i];
            const unsigned char values[] = {
                (unsigned char)(orig ^ 0xFFu), (unsigned char)(orig ^ 0x01u),
                (unsigned char)(orig ^ 0x80u), (unsigned char)(orig ^ 0x08u),
                (unsigned char)(orig ^ 0x20u), 0x00, 0x01, 0xFF};
            for (size_t v = 0; v < sizeof(values); v++) {
                acs_account account = accounts[b];
                ((unsigned char *)&account)[i] = values[v];
                check_same(&account, "byte", i, values[v]);
            }
        }
    }
}

/* Each word moved by small amounts and across the 2^47 and 2^48 bounds of
** its time, and replaced by random bits. */
static void test_word_changes_agree(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account accounts[8];
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    unsigned n = bases(&policy, accounts);
    static const uint64_t nudges[] = {1, 2, 1000, FX_HOUR, FX_DAY, UINT64_C(1) << 47,
                                      UINT64_C(1) << 48, UINT64_C(1) << 56, UINT64_C(1) << 60};
    uint64_t x = UINT64_C(0x9E3779B97F4A7C15);
    for (unsigned b = 0; b < n; b++) {
        for (size_t w = 0; w < ACS_ACCOUNT_SIZE / 8; w++) {
            for (size_t k = 0; k < sizeof(nudges) / sizeof(nudges[0]); k++) {
                acs_account up = accounts[b], down = accounts[b];
                up.opaque[w] += nudges[k];
                down.opaque[w] -= nudges[k];
                check_same(&up, "word + nudge", w, nudges[k]);
                check_same(&down, "word - nudge", w, nudges[k]);
            }
            for (int round = 0; round < 16; round++) {
                acs_account account = accounts[b];
                account.opaque[w] = next_random(&x);
                check_same(&account, "random word", w, account.opaque[w]);
            }
        }
    }
}

/* Accounts put together from random fields in their ranges, so that the
** rules that compare fields with each other are reached. */
static void test_assembled_accounts_agree(void **state)
{
    (void)state;
    const char *quick = getenv("ACS_TEST_QUICK");
    int rounds = quick != NULL && strcmp(quick, "0") != 0 ? 20000 : 200000;
    uint64_t x = UINT64_C(0x2545F4914F6CDD1D);
    unsigned valid = 0;
    for (int round = 0; round < rounds; round++) {
        acs_account account;
        memset(&account, 0, sizeof(account));
        uint64_t *w = account.opaque;
        uint64_t r = next_random(&x);
        int64_t last = FX_T0 + (int64_t)(r % 8);
        unsigned holds = (unsigned)(r >> 8) % 4;
        unsigned appeals = (unsigned)(r >> 12) % 3;
        unsigned lifecycle = 1 + (unsigned)(r >> 16) % 4;
        unsigned flags = (unsigned)(r >> 20) % 8;
        w[1] = (uint64_t)last | (uint64_t)(holds + 1 + (r >> 24) % 2) << 48;
        w[2] = 1 | (uint64_t)lifecycle << 32 | (uint64_t)flags << 40 |
               (uint64_t)(lifecycle == 3 ? 9u : 0u) << 48 | (uint64_t)holds << 56 |
               (uint64_t)appeals << 60;
        if (lifecycle == 3 || (r >> 28) % 8 == 0) {
            w[3] = (uint64_t)(last + (int64_t)((r >> 32) % 5) - 2);
            w[4] = (uint64_t)(last + (int64_t)((r >> 36) % 5) - 2);
            w[5] = (r >> 40) % 2 ? (uint64_t)(last + (int64_t)((r >> 41) % 3) - 1) : 0;
        }
        for (unsigned i = 0; i < holds; i++) {
            uint64_t h = next_random(&x);
            uint64_t *slot = &w[W_HOLDS + 3 * i];
            slot[1] = (uint64_t)(last - (int64_t)(h % 2)) | (uint64_t)(i + 1) << 48;
            slot[2] = (h >> 8) % 3 == 0 ? 0 : (uint64_t)(last + (int64_t)((h >> 10) % 3) - 1);
            slot[2] |= (uint64_t)(1 + (h >> 12) % 3) << 48 | (uint64_t)ACS_ROLE_COMPLIANCE << 50 |
                       (uint64_t)((h >> 14) % 4) << 53 | (uint64_t)ACS_REASON_SANCTIONS << 56;
        }
        for (unsigned i = 0; i < appeals; i++) {
            uint64_t a = next_random(&x);
            unsigned target = (unsigned)(a % (holds + 1));
            w[6 + i] = (uint64_t)(last + (int64_t)((a >> 4) % 3) - 1) | (uint64_t)target << 48 |
                       ((a >> 8) % 2 ? UINT64_C(1) << 63 : 0);
        }
        if (ref_valid(w)) valid++;
        check_same(&account, "assembled", (size_t)round, w[2]);
    }
    /* The assembly reaches valid accounts too, not only refusals. */
    assert_true(valid > (unsigned)rounds / 1000);
}

/* ------------------------------------------------------------------------
** The end mark.
*/

/* account with every word past its end mark set to garbage. */
static acs_account with_garbage(const acs_account *account, uint64_t seed)
{
    acs_account out = *account;
    unsigned count = fx_info(account).hold_count;
    for (size_t w = W_HOLDS + 3 * count; w < ACS_ACCOUNT_SIZE / 8; w++) {
        if (w == W_HOLDS + 3 * count + 1) continue; /* the end mark itself */
        out.opaque[w] = next_random(&seed);
    }
    return out;
}

/* Garbage past the end mark changes nothing: the same events on the clean
** account and on one with garbage give the same results and records, and
** once every slot has been written, the same bytes. */
static void test_words_past_the_end_mark_do_not_matter(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account clean;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &clean, FX_T0);
    unsigned first = fx_hold(&policy, &clean, FX_T0 + FX_HOUR, ACS_LEVEL_WITHDRAWAL_ONLY);
    acs_account dirty = with_garbage(&clean, 42);
    assert_true(lib_valid(&dirty));
    acs_account_info a = fx_info(&clean), b = fx_info(&dirty);
    assert_memory_equal(&a, &b, sizeof(a));

    acs_event events[ACS_HOLDS_MAX + 2];
    size_t n = 0;
    events[n++] = fx_ev_lift(FX_T0 + 2 * FX_HOUR, first);
    for (int i = 0; i < ACS_HOLDS_MAX; i++)
        events[n++] = fx_ev_hold(&policy, FX_T0 + 3 * FX_HOUR + i, ACS_LEVEL_WITHDRAWAL_ONLY);
    events[n++] = fx_ev_hold(&policy, FX_T0 + 4 * FX_HOUR, ACS_LEVEL_WITHDRAWAL_ONLY);
    for (size_t i = 0; i < n; i++) {
        acs_record left, right;
        acs_refusal why_left, why_right;
        memset(&left, 0, sizeof(left));
        memset(&right, 0, sizeof(right));
        int rc = acs_apply(&policy, &clean, &events[i], &left, &why_left);
        assert_code(acs_apply(&policy, &dirty, &events[i], &right, &why_right), rc);
        assert_memory_equal(&left, &right, sizeof(left));
        a = fx_info(&clean);
        b = fx_info(&dirty);
        assert_memory_equal(&a, &b, sizeof(a));
        assert_true(lib_valid(&dirty));
        if (i == 0) dirty = with_garbage(&dirty, 7); /* garbage again past the lift */
    }
    /* The last HOLD found the table full; every slot has been written. */
    assert_int_equal(fx_info(&clean).hold_count, ACS_HOLDS_MAX);
    assert_memory_equal(&clean, &dirty, sizeof(clean));
}

/* A changed end mark, or a hold count made smaller (which would drop holds
** silently), is refused. */
static void test_end_mark_and_count_are_checked(void **state)
{
    (void)state;
    acs_policy policy;
    acs_account account;
    fx_preset(&policy, ACS_PRESET_DEFAULT);
    fx_active(&policy, &account, FX_T0);
    fx_hold(&policy, &account, FX_T0 + FX_HOUR, ACS_LEVEL_WITHDRAWAL_ONLY);
    fx_hold(&policy, &account, FX_T0 + 2 * FX_HOUR, ACS_LEVEL_FROZEN);

    for (int bit = 0; bit < 64; bit++) {
        acs_account marked = account;
        marked.opaque[W_HOLDS + 3 * 2 + 1] ^= UINT64_C(1) << bit;
        assert_false(lib_valid(&marked));
    }
    acs_account fewer = account;
    fewer.opaque[2] -= UINT64_C(1) << 56;
    assert_false(ref_valid(fewer.opaque));
    assert_false(lib_valid(&fewer));
    acs_record record;
    acs_event lift = fx_ev_lift(FX_T0 + 3 * FX_HOUR, 1);
    fx_apply_fails(&policy, &fewer, &lift, ACS_E_ACCOUNT_CORRUPT);
    fx_apply_ok(&policy, &account, &lift, &record);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bases_are_valid),
        cmocka_unit_test(test_byte_mutations_agree),
        cmocka_unit_test(test_word_changes_agree),
        cmocka_unit_test(test_assembled_accounts_agree),
        cmocka_unit_test(test_words_past_the_end_mark_do_not_matter),
        cmocka_unit_test(test_end_mark_and_count_are_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
