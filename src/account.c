/*
** account.c: the 256-byte account value and the queries on it.
**
** The caller's acs_account is 32 little words. Times take 48 bits (every
** valid time is below 2^47), which leaves room in the same word for a small
** field; that is what lets eight holds, two appeals and the withdrawal
** window fit in 256 bytes. The layout, word by word:
**
**   0            account id
**   1            last change ms (0..47) | next hold id (48..63)
**   2            sequence (0..31) | lifecycle (32..39) | flags (40..47) |
**                notice reason (48..55) | hold count (56..59) |
**                appeal count (60..63)
**   3, 4, 5      window end, window maximum, window paused since (0..47)
**   6, 7         appeals: answer deadline (0..47) | target (48..62) |
**                overdue (63)
**   8 + 3i       hold i: actor id
**   9 + 3i       hold i: placed ms (0..47) | hold id (48..63)
**   10 + 3i      hold i: review deadline (0..47) | level (48..49) |
**                actor role (50..52) | flags (53..55) | reason (56..63)
**
** Slots past the counts are zero. acs__unpack refuses any other bytes, so
** every function that reads an account works on a valid one.
*/
#include <string.h>

#include "internal.h"

#define TIME_BITS 48
#define TIME_MASK ((UINT64_C(1) << TIME_BITS) - 1)
#define WORD_HOLDS 8
#define WORD_APPEALS 6
#define WORDS_PER_HOLD 3

_Static_assert(WORD_HOLDS + WORDS_PER_HOLD * ACS_HOLDS_MAX <= ACS_ACCOUNT_SIZE / 8,
               "holds fit the account");
_Static_assert(WORD_APPEALS + ACS_APPEALS_MAX <= WORD_HOLDS, "appeals fit the header");
_Static_assert(ACS_TIME_MAX_MS <= (int64_t)TIME_MASK, "a time fits 48 bits");
_Static_assert(ACS_HOLD_ID_MAX + 1 <= 0xffff, "next hold id fits 16 bits");

static uint64_t field(uint64_t word, unsigned shift, unsigned bits)
{
    return (word >> shift) & ((UINT64_C(1) << bits) - 1);
}

static int64_t time_of(uint64_t word)
{
    return (int64_t)(word & TIME_MASK);
}

static uint64_t with_time(int64_t time_ms, uint64_t upper16)
{
    assert(time_ms >= 0 && time_ms <= ACS_TIME_MAX_MS);
    assert(upper16 <= 0xffff);
    return (uint64_t)time_ms | (upper16 << TIME_BITS);
}

static int unpack_hold(acs_hold *hold, const uint64_t *words)
{
    memset(hold, 0, sizeof(*hold));
    hold->actor_id = words[0];
    hold->placed_ms = time_of(words[1]);
    hold->id = (uint16_t)field(words[1], 48, 16);
    hold->review_deadline_ms = time_of(words[2]);
    hold->level = (uint8_t)field(words[2], 48, 2);
    hold->actor_role = (uint8_t)field(words[2], 50, 3);
    hold->flags = (uint8_t)field(words[2], 53, 3);
    hold->reason = (uint8_t)field(words[2], 56, 8);
    if (hold->id == 0 || hold->id > ACS_HOLD_ID_MAX) return ACS_E_ACCOUNT_CORRUPT;
    if (hold->level == 0) return ACS_E_ACCOUNT_CORRUPT;
    if (!acs__is_valid_enum_role(hold->actor_role)) return ACS_E_ACCOUNT_CORRUPT;
    if (!acs__is_valid_reason(hold->reason)) return ACS_E_ACCOUNT_CORRUPT;
    if (hold->flags & ~(ACS_HOLD_OVERDUE | ACS_HOLD_APPEALED)) return ACS_E_ACCOUNT_CORRUPT;
    if (!acs__time_ok(hold->placed_ms) || !acs__time_ok(hold->review_deadline_ms))
        return ACS_E_ACCOUNT_CORRUPT;
    return ACS_OK;
}

static int unpack_header(acs__state *state, const uint64_t *words)
{
    state->id = words[0];
    state->last_change_ms = time_of(words[1]);
    state->next_hold_id = (uint16_t)field(words[1], 48, 16);
    state->sequence = (uint32_t)field(words[2], 0, 32);
    state->lifecycle = (uint8_t)field(words[2], 32, 8);
    state->flags = (uint8_t)field(words[2], 40, 8);
    state->notice_reason = (uint8_t)field(words[2], 48, 8);
    state->hold_count = (unsigned)field(words[2], 56, 4);
    state->appeal_count = (unsigned)field(words[2], 60, 4);
    state->window_end_ms = time_of(words[3]);
    state->window_max_ms = time_of(words[4]);
    state->window_paused_ms = time_of(words[5]);

    if (state->lifecycle < ACS_LIFECYCLE_PENDING || state->lifecycle > ACS_LIFECYCLE_CLOSED)
        return ACS_E_ACCOUNT_CORRUPT;
    if (state->sequence == 0) return ACS_E_ACCOUNT_CORRUPT;
    if (state->next_hold_id == 0 || state->next_hold_id > ACS_HOLD_ID_MAX + 1)
        return ACS_E_ACCOUNT_CORRUPT;
    if (state->flags & ~(ACS_ACCOUNT_WINDOW_PAUSED | ACS_ACCOUNT_WINDOW_ENDED |
                         ACS_ACCOUNT_NOTICE_APPEALED))
        return ACS_E_ACCOUNT_CORRUPT;
    if (state->notice_reason != 0 && !acs__is_valid_reason(state->notice_reason))
        return ACS_E_ACCOUNT_CORRUPT;
    if (state->hold_count > ACS_HOLDS_MAX || state->appeal_count > ACS_APPEALS_MAX)
        return ACS_E_ACCOUNT_CORRUPT;
    for (int w = 3; w <= 5; w++) {
        if (field(words[w], TIME_BITS, 16) != 0) return ACS_E_ACCOUNT_CORRUPT;
        if (!acs__time_ok(time_of(words[w]))) return ACS_E_ACCOUNT_CORRUPT;
    }
    if (!acs__time_ok(state->last_change_ms)) return ACS_E_ACCOUNT_CORRUPT;
    return ACS_OK;
}

static int unpack_appeals(acs__state *state, const uint64_t *words)
{
    for (unsigned i = 0; i < ACS_APPEALS_MAX; i++) {
        uint64_t word = words[WORD_APPEALS + i];
        acs__appeal *appeal = &state->appeals[i];
        if (i >= state->appeal_count) {
            if (word != 0) return ACS_E_ACCOUNT_CORRUPT;
            appeal->deadline_ms = 0;
            appeal->target = 0;
            appeal->overdue = false;
            continue;
        }
        appeal->deadline_ms = time_of(word);
        appeal->target = (uint16_t)field(word, 48, 15);
        appeal->overdue = field(word, 63, 1) != 0;
        if (appeal->deadline_ms == 0 || !acs__time_ok(appeal->deadline_ms))
            return ACS_E_ACCOUNT_CORRUPT;
        if (appeal->target != 0 && acs__hold_index(state, appeal->target) < 0)
            return ACS_E_ACCOUNT_CORRUPT;
    }
    return ACS_OK;
}

/* What a valid account holds beyond each field's own range: the window
** exists only while CLOSING, no deadline still to run lies before the last
** change (advance applies each in time order), and every appeal matches the
** flag that marks its target appealed. */
static int check_window(const acs__state *state)
{
    uint8_t window_flags = ACS_ACCOUNT_WINDOW_PAUSED | ACS_ACCOUNT_WINDOW_ENDED |
                           ACS_ACCOUNT_NOTICE_APPEALED;
    bool paused = (state->flags & ACS_ACCOUNT_WINDOW_PAUSED) != 0;
    bool ended = (state->flags & ACS_ACCOUNT_WINDOW_ENDED) != 0;
    if (state->lifecycle != ACS_LIFECYCLE_CLOSING) {
        bool clear = state->window_end_ms == 0 && state->window_max_ms == 0 &&
                     state->window_paused_ms == 0 && (state->flags & window_flags) == 0 &&
                     state->notice_reason == 0;
        return clear ? ACS_OK : ACS_E_ACCOUNT_CORRUPT;
    }
    if (state->window_end_ms == 0 || state->window_max_ms < state->window_end_ms)
        return ACS_E_ACCOUNT_CORRUPT;
    if (state->notice_reason == 0 || (paused && ended)) return ACS_E_ACCOUNT_CORRUPT;
    if (!paused && state->window_paused_ms != 0) return ACS_E_ACCOUNT_CORRUPT;
    if (paused && state->window_paused_ms > state->last_change_ms) return ACS_E_ACCOUNT_CORRUPT;
    bool runs = !paused && !ended;
    if (runs && state->window_end_ms < state->last_change_ms) return ACS_E_ACCOUNT_CORRUPT;
    return ACS_OK;
}

static int check_holds_and_appeals(const acs__state *state)
{
    for (unsigned i = 0; i < state->hold_count; i++) {
        const acs_hold *hold = &state->holds[i];
        bool runs = hold->review_deadline_ms != 0 && !(hold->flags & ACS_HOLD_OVERDUE);
        if (hold->placed_ms > state->last_change_ms) return ACS_E_ACCOUNT_CORRUPT;
        if (runs && hold->review_deadline_ms < state->last_change_ms) return ACS_E_ACCOUNT_CORRUPT;
        if ((hold->flags & ACS_HOLD_OVERDUE) && hold->review_deadline_ms == 0)
            return ACS_E_ACCOUNT_CORRUPT;
    }
    for (unsigned i = 0; i < state->appeal_count; i++) {
        const acs__appeal *appeal = &state->appeals[i];
        if (!appeal->overdue && appeal->deadline_ms < state->last_change_ms)
            return ACS_E_ACCOUNT_CORRUPT;
        if (acs__appeal_index(state, appeal->target) != (int)i) return ACS_E_ACCOUNT_CORRUPT;
        bool marked = appeal->target == 0
                          ? (state->flags & ACS_ACCOUNT_NOTICE_APPEALED) != 0
                          : (state->holds[acs__hold_index(state, appeal->target)].flags &
                             ACS_HOLD_APPEALED) != 0;
        if (!marked) return ACS_E_ACCOUNT_CORRUPT;
    }
    return ACS_OK;
}

static const acs_hold empty_hold;

/* Every field of *state is written: the header's in unpack_header, the
** slots past the counts as zero. A memset of the whole state first would be
** simpler but slow: compilers expand a memset of this size into a string
** instruction that costs as much as the rest of the unpack. */
int acs__unpack(acs__state *state, const acs_account *account)
{
    const uint64_t *words = account->opaque;
    int rc = unpack_header(state, words);
    if (rc != ACS_OK) return rc;
    for (unsigned i = 0; i < ACS_HOLDS_MAX; i++) {
        const uint64_t *slot = &words[WORD_HOLDS + WORDS_PER_HOLD * i];
        if (i >= state->hold_count) {
            if ((slot[0] | slot[1] | slot[2]) != 0) return ACS_E_ACCOUNT_CORRUPT;
            state->holds[i] = empty_hold;
            continue;
        }
        rc = unpack_hold(&state->holds[i], slot);
        if (rc != ACS_OK) return rc;
        /* Holds are kept in order of placement, so ids rise strictly. */
        uint16_t previous = i == 0 ? 0 : state->holds[i - 1].id;
        if (state->holds[i].id <= previous || state->holds[i].id >= state->next_hold_id)
            return ACS_E_ACCOUNT_CORRUPT;
    }
    rc = unpack_appeals(state, words);
    if (rc != ACS_OK) return rc;
    rc = check_window(state);
    if (rc != ACS_OK) return rc;
    return check_holds_and_appeals(state);
}

void acs__pack(acs_account *account, const acs__state *state)
{
    assert(state->hold_count <= ACS_HOLDS_MAX);
    assert(state->appeal_count <= ACS_APPEALS_MAX);
    uint64_t *words = account->opaque;
    /* Every word is written once, the unused ones as zero: no memset
    ** first (see acs__unpack). */
    words[0] = state->id;
    words[1] = with_time(state->last_change_ms, state->next_hold_id);
    words[2] = (uint64_t)state->sequence | (uint64_t)state->lifecycle << 32 |
               (uint64_t)state->flags << 40 | (uint64_t)state->notice_reason << 48 |
               (uint64_t)state->hold_count << 56 | (uint64_t)state->appeal_count << 60;
    words[3] = with_time(state->window_end_ms, 0);
    words[4] = with_time(state->window_max_ms, 0);
    words[5] = with_time(state->window_paused_ms, 0);
    for (unsigned i = 0; i < ACS_APPEALS_MAX; i++) {
        if (i >= state->appeal_count) {
            words[WORD_APPEALS + i] = 0;
            continue;
        }
        const acs__appeal *appeal = &state->appeals[i];
        uint64_t upper = (uint64_t)appeal->target | (appeal->overdue ? 0x8000u : 0u);
        words[WORD_APPEALS + i] = with_time(appeal->deadline_ms, upper);
    }
    for (unsigned i = 0; i < ACS_HOLDS_MAX; i++) {
        uint64_t *slot = &words[WORD_HOLDS + WORDS_PER_HOLD * i];
        if (i >= state->hold_count) {
            slot[0] = slot[1] = slot[2] = 0;
            continue;
        }
        const acs_hold *hold = &state->holds[i];
        uint64_t small = (uint64_t)hold->level | (uint64_t)hold->actor_role << 2 |
                         (uint64_t)hold->flags << 5 | (uint64_t)hold->reason << 8;
        slot[0] = hold->actor_id;
        slot[1] = with_time(hold->placed_ms, hold->id);
        slot[2] = with_time(hold->review_deadline_ms, small);
    }
    _Static_assert(WORD_HOLDS + WORDS_PER_HOLD * ACS_HOLDS_MAX == ACS_ACCOUNT_SIZE / 8,
                   "the holds fill the account: every word is written above");
}

int acs__hold_index(const acs__state *state, unsigned hold_id)
{
    for (unsigned i = 0; i < state->hold_count; i++) {
        if (state->holds[i].id == hold_id) return (int)i;
    }
    return -1;
}

int acs__appeal_index(const acs__state *state, unsigned target)
{
    for (unsigned i = 0; i < state->appeal_count; i++) {
        if (state->appeals[i].target == target) return (int)i;
    }
    return -1;
}

/* Removing keeps the order of the rest, which keeps hold ids rising. */
void acs__hold_remove(acs__state *state, unsigned index)
{
    assert(index < state->hold_count);
    for (unsigned i = index; i + 1 < state->hold_count; i++) state->holds[i] = state->holds[i + 1];
    state->hold_count--;
    memset(&state->holds[state->hold_count], 0, sizeof(acs_hold));
}

void acs__appeal_remove(acs__state *state, unsigned index)
{
    assert(index < state->appeal_count);
    for (unsigned i = index; i + 1 < state->appeal_count; i++)
        state->appeals[i] = state->appeals[i + 1];
    state->appeal_count--;
    memset(&state->appeals[state->appeal_count], 0, sizeof(acs__appeal));
}

int acs_account_open(acs_account *account, uint64_t id, int64_t now_ms,
                     const acs_policy *policy, acs_record *record)
{
    if (account == NULL || record == NULL) return ACS_E_NULL;
    int rc = acs__policy_usable(policy);
    if (rc != ACS_OK) return rc;
    if (!acs__time_ok(now_ms)) return ACS_E_TIME_RANGE;

    acs__state state;
    memset(&state, 0, sizeof(state));
    state.id = id;
    state.sequence = 1;
    state.last_change_ms = now_ms;
    state.lifecycle = ACS_LIFECYCLE_PENDING;
    state.next_hold_id = 1;

    acs_record opening;
    acs__record_begin(&opening, policy, &state, now_ms, ACS_EVENT_OPEN);
    opening.status_before = 0;
    opening.lifecycle_before = 0;
    acs__record_end(&opening, &state);
    acs__pack(account, &state);
    *record = opening;
    return ACS_OK;
}

static int load(acs__state *state, const acs_account *account)
{
    if (account == NULL) return ACS_E_NULL;
    return acs__unpack(state, account);
}

int acs_account_info_get(const acs_account *account, acs_account_info *info)
{
    acs__state state;
    if (info == NULL) return ACS_E_NULL;
    int rc = load(&state, account);
    if (rc != ACS_OK) return rc;

    acs_account_info out;
    memset(&out, 0, sizeof(out));
    out.id = state.id;
    out.sequence = state.sequence;
    out.lifecycle = state.lifecycle;
    out.status = acs__status(&state);
    out.hold_count = (uint8_t)state.hold_count;
    out.appeal_count = (uint8_t)state.appeal_count;
    out.last_change_ms = state.last_change_ms;
    out.window_end_ms = state.window_end_ms;
    out.window_paused_ms = state.window_paused_ms;
    out.window_max_ms = state.window_max_ms;
    out.notice_reason = state.notice_reason;
    out.flags = state.flags;
    for (unsigned i = 0; i < state.appeal_count; i++) {
        out.appeals[i].answer_deadline_ms = state.appeals[i].deadline_ms;
        out.appeals[i].target = state.appeals[i].target;
        out.appeals[i].overdue = state.appeals[i].overdue ? 1 : 0;
    }
    *info = out;
    return ACS_OK;
}

int acs_account_status(const acs_account *account, int *status)
{
    acs__state state;
    if (status == NULL) return ACS_E_NULL;
    int rc = load(&state, account);
    if (rc != ACS_OK) return rc;
    *status = acs__status(&state);
    return ACS_OK;
}

int acs_account_hold(const acs_account *account, unsigned index, acs_hold *hold)
{
    acs__state state;
    if (hold == NULL) return ACS_E_NULL;
    int rc = load(&state, account);
    if (rc != ACS_OK) return rc;
    if (index >= state.hold_count) return ACS_E_LIMIT;
    *hold = state.holds[index];
    return ACS_OK;
}

int acs_account_find_hold(const acs_account *account, unsigned hold_id, acs_hold *hold)
{
    acs__state state;
    if (hold == NULL) return ACS_E_NULL;
    int rc = load(&state, account);
    if (rc != ACS_OK) return rc;
    int index = acs__hold_index(&state, hold_id);
    if (index < 0) return ACS_E_HOLD_UNKNOWN;
    *hold = state.holds[index];
    return ACS_OK;
}
