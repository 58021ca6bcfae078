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
** (internal.h names these words, and words 8 + 3i .. 10 + 3i, hold i's
** slot, keep the same layout in acs__state.)
**
** The account is the header (words 0..7) and the holds in force. Appeal
** slots past the appeal count are zero. After the last hold, word 9 + 3i
** of the next slot (where its id would be) is zero: that end mark is what
** catches a hold count changed to a smaller one, which would otherwise
** drop holds silently. The words past the end mark are not part of the
** account: no function reads them, so no value there can change what a
** function does. The library writes them as zero when it writes a whole
** account (opening, acs_advance); acs_apply writes only the words a change
** touches and leaves them as they were. acs__check refuses
** any other bytes, so every function that reads an account works on a
** valid one.
**
** acs__check (inline in internal.h, for acs_apply) tests all of it in one
** pass, in the order the words lie, and reads no word it does not test; so
** acs_apply, the hot path, touches only the cache lines that hold the
** header and the holds in force. The common header and the holds are
** tested there; here: the table of a hold's top bytes that test uses, the
** full check of any other header (the window and the appeals), the
** conversions between the words and an acs__state, and the queries.
*/
#include <string.h>

#include "internal.h"

_Static_assert(ACS__WORD_HOLDS + ACS__SLOT_WORDS * ACS_HOLDS_MAX == ACS_ACCOUNT_SIZE / 8,
               "the holds fill the account");
_Static_assert(ACS__WORD_APPEALS + ACS_APPEALS_MAX <= ACS__WORD_HOLDS, "appeals fit the header");
_Static_assert(ACS_HOLD_ID_MAX + 1 <= 0xffff, "next hold id fits 16 bits");

static int64_t time_of(uint64_t word)
{
    return (int64_t)(word & ACS__TIME_MASK);
}

static const uint64_t *slot_at(const uint64_t *words, unsigned index)
{
    return &words[ACS__WORD_HOLDS + ACS__SLOT_WORDS * index];
}

acs_hold acs__hold_of(const uint64_t *slot)
{
    acs_hold hold;
    memset(&hold, 0, sizeof(hold));
    hold.actor_id = slot[ACS__SLOT_ACTOR];
    hold.placed_ms = acs__slot_placed(slot);
    hold.id = (uint16_t)acs__slot_id(slot);
    hold.review_deadline_ms = acs__slot_review(slot);
    hold.level = (uint8_t)acs__slot_level(slot);
    hold.actor_role = (uint8_t)acs__bits(slot[ACS__SLOT_REVIEW], ACS__SLOT_ROLE, 3);
    hold.flags = (uint8_t)acs__slot_flags(slot);
    hold.reason = (uint8_t)acs__bits(slot[ACS__SLOT_REVIEW], ACS__SLOT_REASON, 8);
    return hold;
}

/* The hold in force with id hold_id, in place: its slot, or NULL. */
static const uint64_t *find_slot(const uint64_t *words, unsigned hold_id)
{
    unsigned count = acs__bits(words[ACS__WORD_CONTROL], ACS__CONTROL_HOLDS, 4);
    for (unsigned i = 0; i < count; i++) {
        if (acs__slot_id(slot_at(words, i)) == hold_id) return slot_at(words, i);
    }
    return NULL;
}

_Static_assert(ACS_LEVEL_WITHDRAWAL_ONLY == 1 && ACS_LEVEL_SUSPENDED == 3, "levels are 1..3");
_Static_assert(ACS_ROLE_USER == 1 && ACS_ROLE_SYSTEM == 6, "roles are 1..6");
_Static_assert(ACS_HOLD_OVERDUE == 1 && ACS_HOLD_APPEALED == 2, "hold flags 0..1 are known");
_Static_assert(ACS__SLOT_ROLE == ACS__SLOT_LEVEL + 2 && ACS__SLOT_FLAGS == ACS__SLOT_ROLE + 3 &&
                   ACS__SLOT_REASON == ACS__SLOT_FLAGS + 3,
               "a review word's byte 6 is level | role << 2 | flags << 5, byte 7 the reason");

/* What the two top bytes of a review word say of a hold, as one table:
** entry b is the level of byte 6 = b (level | role << 2 | flags << 5), or
** 4 (ACS__HOLDS_CORRUPT) when it has no level, a role outside 1..6 or the
** unknown flag; entry 256 + r is 0 for a known reason r (byte 7), else 4.
** The two entries of a hold ORed together are its level, or 4 or more when
** it is invalid (acs__check_holds, internal.h). */
#define LEVEL_OF(b) \
    (uint8_t)(((b) & 3) == 0 || ((b) >> 2 & 7) == 0 || ((b) >> 2 & 7) == 7 || ((b) & 0x80) != 0 \
                  ? 4 : (b) & 3)
#define REASON_BAD(r) (uint8_t)((r) >= 64 || ((ACS__REASONS_MASK >> ((r) & 63)) & 1) == 0 ? 4 : 0)
#define BYTES4(f, b) f(b), f((b) + 1), f((b) + 2), f((b) + 3)
#define BYTES16(f, b) BYTES4(f, b), BYTES4(f, (b) + 4), BYTES4(f, (b) + 8), BYTES4(f, (b) + 12)
#define BYTES64(f, b) BYTES16(f, b), BYTES16(f, (b) + 16), BYTES16(f, (b) + 32), \
                      BYTES16(f, (b) + 48)
#define BYTES256(f) BYTES64(f, 0), BYTES64(f, 64), BYTES64(f, 128), BYTES64(f, 192)
_Static_assert(ACS__HOLDS_CORRUPT == 4, "the table's mark of an invalid byte");
const uint8_t acs__level_of_bytes[512] = {BYTES256(LEVEL_OF), BYTES256(REASON_BAD)};

/* Open appeal index: a deadline in range, a running one not before the
** last change, a target no appeal before it has, marked appealed: the
** notice with ACS_ACCOUNT_NOTICE_APPEALED, a hold (which must be in force)
** with ACS_HOLD_APPEALED. */
static int check_appeal(const uint64_t *words, unsigned index)
{
    uint64_t word = words[ACS__WORD_APPEALS + index];
    int64_t deadline = time_of(word);
    unsigned target = acs__bits(word, ACS__APPEAL_TARGET, 15);
    bool overdue = (word & ACS__APPEAL_OVERDUE) != 0;
    if (deadline == 0 || (word & ACS__TIME_TOP) != 0) return ACS_E_ACCOUNT_CORRUPT;
    if (!overdue && deadline < time_of(words[ACS__WORD_CHANGED])) return ACS_E_ACCOUNT_CORRUPT;
    if (index > 0 && target == acs__bits(words[ACS__WORD_APPEALS], ACS__APPEAL_TARGET, 15))
        return ACS_E_ACCOUNT_CORRUPT;
    if (target == 0) {
        unsigned flags = acs__bits(words[ACS__WORD_CONTROL], ACS__CONTROL_FLAGS, 8);
        return (flags & ACS_ACCOUNT_NOTICE_APPEALED) ? ACS_OK : ACS_E_ACCOUNT_CORRUPT;
    }
    const uint64_t *slot = find_slot(words, target);
    if (slot == NULL || !(acs__slot_flags(slot) & ACS_HOLD_APPEALED)) return ACS_E_ACCOUNT_CORRUPT;
    return ACS_OK;
}

/* The earlier of two deadlines, where 0 is none. */
static int64_t earlier(int64_t a_ms, int64_t b_ms)
{
    return (uint64_t)a_ms - 1u < (uint64_t)b_ms - 1u ? a_ms : b_ms;
}

/* The appeal words: the open ones checked, the others zero. On the way,
** each running answer deadline joins *due_ms (0: none). */
static int check_appeals(const uint64_t *words, int64_t *due_ms)
{
    unsigned count = acs__bits(words[ACS__WORD_CONTROL], ACS__CONTROL_APPEALS, 4);
    for (unsigned i = 0; i < ACS_APPEALS_MAX; i++) {
        uint64_t word = words[ACS__WORD_APPEALS + i];
        if (i >= count) {
            if (word != 0) return ACS_E_ACCOUNT_CORRUPT;
            continue;
        }
        int rc = check_appeal(words, i);
        if (rc != ACS_OK) return rc;
        int64_t deadline = time_of(word);
        if (!(word & ACS__APPEAL_OVERDUE)) *due_ms = earlier(*due_ms, deadline);
    }
    return ACS_OK;
}

/* Words 0..5, each field in its own range. Word 1 and the window words
** hold times, which must be below 2^47; the window words hold nothing
** else, so bits 47..63 of each are clear. */
static int check_header(const uint64_t *words)
{
    uint64_t changed = words[ACS__WORD_CHANGED];
    uint64_t control = words[ACS__WORD_CONTROL];
    uint64_t window = words[ACS__WORD_WINDOW_END] | words[ACS__WORD_WINDOW_MAX] |
                      words[ACS__WORD_WINDOW_PAUSED];
    unsigned lifecycle = acs__bits(control, ACS__CONTROL_LIFECYCLE, 8);
    unsigned flags = acs__bits(control, ACS__CONTROL_FLAGS, 8);
    unsigned notice_reason = acs__bits(control, ACS__CONTROL_NOTICE, 8);
    unsigned next_hold_id = (unsigned)(changed >> ACS__TIME_BITS);
    if ((changed & ACS__TIME_TOP) != 0) return ACS_E_ACCOUNT_CORRUPT;
    if ((window & ~(uint64_t)ACS_TIME_MAX_MS) != 0) return ACS_E_ACCOUNT_CORRUPT;
    if (lifecycle < ACS_LIFECYCLE_PENDING || lifecycle > ACS_LIFECYCLE_CLOSED)
        return ACS_E_ACCOUNT_CORRUPT;
    if ((uint32_t)control == 0) return ACS_E_ACCOUNT_CORRUPT; /* the sequence */
    if (next_hold_id == 0 || next_hold_id > ACS_HOLD_ID_MAX + 1) return ACS_E_ACCOUNT_CORRUPT;
    if (flags & ~(ACS_ACCOUNT_WINDOW_PAUSED | ACS_ACCOUNT_WINDOW_ENDED |
                  ACS_ACCOUNT_NOTICE_APPEALED))
        return ACS_E_ACCOUNT_CORRUPT;
    if (notice_reason != 0 && !acs__is_valid_reason(notice_reason)) return ACS_E_ACCOUNT_CORRUPT;
    if (acs__bits(control, ACS__CONTROL_HOLDS, 4) > ACS_HOLDS_MAX ||
        acs__bits(control, ACS__CONTROL_APPEALS, 4) > ACS_APPEALS_MAX)
        return ACS_E_ACCOUNT_CORRUPT;
    return ACS_OK;
}

/* The window exists only while CLOSING: outside it the window words, the
** account flags and the notice reason are all zero. While CLOSING the
** window has an end, a maximum not before it and a notice reason, is not
** both paused and ended, has a pause time only while paused and not after
** the last change, and a running end not before the last change (advance
** applies each deadline in time order). */
static int check_window(const uint64_t *words)
{
    uint64_t control = words[ACS__WORD_CONTROL];
    int64_t last_change_ms = (int64_t)(words[ACS__WORD_CHANGED] & ACS__TIME_MASK);
    int64_t end = (int64_t)words[ACS__WORD_WINDOW_END];
    int64_t maximum = (int64_t)words[ACS__WORD_WINDOW_MAX];
    int64_t paused_ms = (int64_t)words[ACS__WORD_WINDOW_PAUSED];
    unsigned flags = acs__bits(control, ACS__CONTROL_FLAGS, 8);
    bool paused = (flags & ACS_ACCOUNT_WINDOW_PAUSED) != 0;
    bool ended = (flags & ACS_ACCOUNT_WINDOW_ENDED) != 0;
    if (acs__bits(control, ACS__CONTROL_LIFECYCLE, 8) != ACS_LIFECYCLE_CLOSING) {
        uint64_t flags_and_notice = control >> ACS__CONTROL_FLAGS & 0xffffu;
        uint64_t any = (uint64_t)(end | maximum | paused_ms) | flags_and_notice;
        return any == 0 ? ACS_OK : ACS_E_ACCOUNT_CORRUPT;
    }
    if (end == 0 || maximum < end) return ACS_E_ACCOUNT_CORRUPT;
    if (acs__bits(control, ACS__CONTROL_NOTICE, 8) == 0 || (paused && ended))
        return ACS_E_ACCOUNT_CORRUPT;
    if (!paused && paused_ms != 0) return ACS_E_ACCOUNT_CORRUPT;
    if (paused && paused_ms > last_change_ms) return ACS_E_ACCOUNT_CORRUPT;
    /* A paused window stopped before its end: resuming moves the end later
    ** by the paused time, so it can never fall before the last change. */
    if (paused && end < paused_ms) return ACS_E_ACCOUNT_CORRUPT;
    if (!paused && !ended && end < last_change_ms) return ACS_E_ACCOUNT_CORRUPT;
    return ACS_OK;
}

/* A header that is not plain (acs__plain_header): its own fields, the
** window, the holds and the appeals; then the window's end joins the
** deadlines: it runs unless paused or ended. */
acs__holds_found acs__check_unusual(const uint64_t *words)
{
    acs__holds_found corrupt = {0, ACS__HOLDS_CORRUPT};
    if (check_header(words) != ACS_OK || check_window(words) != ACS_OK) return corrupt;
    acs__holds_found held = acs__check_holds(words);
    if (held.strictest == ACS__HOLDS_CORRUPT || check_appeals(words, &held.due_ms) != ACS_OK)
        return corrupt;
    uint64_t control = words[ACS__WORD_CONTROL];
    unsigned flags = acs__bits(control, ACS__CONTROL_FLAGS, 8);
    bool window_runs = acs__bits(control, ACS__CONTROL_LIFECYCLE, 8) == ACS_LIFECYCLE_CLOSING &&
                       !(flags & (ACS_ACCOUNT_WINDOW_PAUSED | ACS_ACCOUNT_WINDOW_ENDED));
    if (window_runs) held.due_ms = earlier(held.due_ms, (int64_t)words[ACS__WORD_WINDOW_END]);
    return held;
}

/* Words 0..7 of a checked account into the header fields of a state, and
** back. */
static void header_decode(acs__state *state, const uint64_t *words)
{
    uint64_t changed = words[ACS__WORD_CHANGED];
    uint64_t control = words[ACS__WORD_CONTROL];
    state->id = words[ACS__WORD_ID];
    state->last_change_ms = time_of(changed);
    state->next_hold_id = (uint16_t)(changed >> ACS__TIME_BITS);
    state->sequence = (uint32_t)control;
    state->lifecycle = (uint8_t)acs__bits(control, ACS__CONTROL_LIFECYCLE, 8);
    state->flags = (uint8_t)acs__bits(control, ACS__CONTROL_FLAGS, 8);
    state->notice_reason = (uint8_t)acs__bits(control, ACS__CONTROL_NOTICE, 8);
    state->hold_count = acs__bits(control, ACS__CONTROL_HOLDS, 4);
    state->appeal_count = acs__bits(control, ACS__CONTROL_APPEALS, 4);
    state->window_end_ms = (int64_t)words[ACS__WORD_WINDOW_END];
    state->window_max_ms = (int64_t)words[ACS__WORD_WINDOW_MAX];
    state->window_paused_ms = (int64_t)words[ACS__WORD_WINDOW_PAUSED];
    for (unsigned i = 0; i < ACS_APPEALS_MAX; i++) {
        uint64_t word = i < state->appeal_count ? words[ACS__WORD_APPEALS + i] : 0;
        state->appeals[i].deadline_ms = time_of(word);
        state->appeals[i].target = (uint16_t)acs__bits(word, ACS__APPEAL_TARGET, 15);
        state->appeals[i].overdue = (word & ACS__APPEAL_OVERDUE) != 0;
    }
}

static void header_encode(uint64_t *words, const acs__state *state)
{
    uint64_t times = (uint64_t)state->last_change_ms | (uint64_t)state->window_end_ms |
                     (uint64_t)state->window_max_ms | (uint64_t)state->window_paused_ms;
    assert((times & ~(uint64_t)ACS_TIME_MAX_MS) == 0 && state->appeal_count <= ACS_APPEALS_MAX);
    (void)times;
    words[ACS__WORD_ID] = state->id;
    words[ACS__WORD_CHANGED] =
        (uint64_t)state->last_change_ms | (uint64_t)state->next_hold_id << ACS__TIME_BITS;
    words[ACS__WORD_CONTROL] = (uint64_t)state->sequence |
                               (uint64_t)state->lifecycle << ACS__CONTROL_LIFECYCLE |
                               (uint64_t)state->flags << ACS__CONTROL_FLAGS |
                               (uint64_t)state->notice_reason << ACS__CONTROL_NOTICE |
                               (uint64_t)state->hold_count << ACS__CONTROL_HOLDS |
                               (uint64_t)state->appeal_count << ACS__CONTROL_APPEALS;
    words[ACS__WORD_WINDOW_END] = (uint64_t)state->window_end_ms;
    words[ACS__WORD_WINDOW_MAX] = (uint64_t)state->window_max_ms;
    words[ACS__WORD_WINDOW_PAUSED] = (uint64_t)state->window_paused_ms;
    for (unsigned i = 0; i < ACS_APPEALS_MAX; i++) {
        const acs__appeal *appeal = &state->appeals[i];
        uint64_t word = (uint64_t)appeal->deadline_ms |
                        (uint64_t)appeal->target << ACS__APPEAL_TARGET |
                        (appeal->overdue ? ACS__APPEAL_OVERDUE : 0);
        words[ACS__WORD_APPEALS + i] = i < state->appeal_count ? word : 0;
    }
}

/* Fills every field of *state but the hold slots past the hold count,
** which no function reads. */
int acs__unpack(acs__state *state, const acs_account *account)
{
    acs__facts facts;
    int rc = acs__check(account, &facts);
    if (rc != ACS_OK) return rc;
    header_decode(state, account->opaque);
    for (unsigned i = 0; i < state->hold_count; i++)
        memcpy(state->holds[i], slot_at(account->opaque, i), sizeof(state->holds[i]));
    return ACS_OK;
}

/* Every word is written once, the slots past the hold count as zero. */
void acs__pack(acs_account *account, const acs__state *state)
{
    assert(state->hold_count <= ACS_HOLDS_MAX);
    uint64_t *words = account->opaque;
    header_encode(words, state);
    for (unsigned i = 0; i < ACS_HOLDS_MAX; i++) {
        uint64_t *slot = &words[ACS__WORD_HOLDS + ACS__SLOT_WORDS * i];
        if (i < state->hold_count) memcpy(slot, state->holds[i], sizeof(state->holds[i]));
        else memset(slot, 0, ACS__SLOT_WORDS * sizeof(uint64_t));
    }
}

int acs__hold_index(const acs__state *state, unsigned hold_id)
{
    for (unsigned i = 0; i < state->hold_count; i++) {
        if (acs__slot_id(state->holds[i]) == hold_id) return (int)i;
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
    for (unsigned i = index; i + 1 < state->hold_count; i++)
        memcpy(state->holds[i], state->holds[i + 1], sizeof(state->holds[i]));
    state->hold_count--;
    memset(state->holds[state->hold_count], 0, sizeof(state->holds[0]));
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

    /* Before its opening the account was nothing: status and lifecycle 0. */
    acs_record opening;
    acs__record_begin(&opening, policy, id, 0, 0, now_ms, ACS_EVENT_OPEN);
    acs__record_end(&opening, &state, acs__status(&state));
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
    *hold = acs__hold_of(state.holds[index]);
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
    *hold = acs__hold_of(state.holds[index]);
    return ACS_OK;
}
