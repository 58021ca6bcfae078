/*
** events.c: applying one event to an account, whole or not at all.
**
** acs_apply runs three gates in order: the misuse checks (is this a valid
** call on a valid account), the policy's rule (permit.h), and the kind's own
** conditions (the effect functions below, one per kind). Each effect tests
** all of its conditions before it writes anything; only then does it write
** the words of the account it changes and the record (accept). So a refused
** event changes no byte the caller owns except the refusal it asked for,
** which is put together only then.
**
** acs_apply works on the account's packed words (internal.h names them),
** not on a decoded acs__state as the other operations do: a program calls it
** for every event, and decoding the account, working on a copy and encoding
** it again costs more than the rules themselves. The gates read the words
** where they lie in the caller's account, and an accepted effect writes
** just the words it changes. No function out of line sees the call's
** state on the way of an accepted event, so the compiler can keep it in
** registers; the refusals are put together out of line.
**
** acs_apply itself only checks the pointers and the policy and hands the
** event to the path of its kind (KIND_PATH, at the end): one function per
** kind, each the same gates inlined with the kind a constant, so that the
** compiler reduces each to that kind's table rows, rule and effect.
*/
#include <stddef.h>
#include <string.h>

#include "internal.h"
#include "permit.h"

/* How far a call got, which says what its refusal can name: the policy
** from STAGE_ACCOUNT on, the status from STAGE_EVENT on, the role and
** reason the rule found at fault in STAGE_RULE, the limit an effect found
** in STAGE_EFFECT. Nothing is filled in for a refusal before it is made. */
enum { STAGE_POINTERS, STAGE_POLICY, STAGE_ACCOUNT, STAGE_EVENT, STAGE_RULE, STAGE_EFFECT };

/* One call of acs_apply, as the gates have found it. */
typedef struct apply_call {
    const acs_policy *policy;
    const acs_event *event;
    unsigned kind;             /* the event's, a constant in each kind's path */
    uint64_t *words;           /* the caller's account, written only by an accepted effect */
    acs__facts before;         /* status, strictest level and first deadline, as checked */
    unsigned lifecycle_before;
    int target;                /* slot of the event's hold, -1 when it names none */
    int64_t limit_ms;          /* the bound an effect's refusal names */
} apply_call;

/* What the record of an accepted change says beyond the event and the
** account. */
typedef struct change_notes {
    int64_t deadline_ms;
    int64_t previous_deadline_ms;
    unsigned hold_id;  /* the event's, or the hold HOLD placed */
    unsigned hold_level;
    unsigned flags;    /* ACS_RECORD_* */
} change_notes;

/* ------------------------------------------------------------------------
** The words, field by field. The control word (word 2) holds the sequence,
** lifecycle, flags, notice reason and counts.
*/

static unsigned lifecycle_in(uint64_t control)
{
    return acs__bits(control, ACS__CONTROL_LIFECYCLE, 8);
}

static uint64_t with_lifecycle(uint64_t control, unsigned lifecycle)
{
    return acs__with_bits(control, ACS__CONTROL_LIFECYCLE, 8, lifecycle);
}

static unsigned flags_in(uint64_t control)
{
    return acs__bits(control, ACS__CONTROL_FLAGS, 8);
}

static uint64_t with_flags(uint64_t control, unsigned flags)
{
    return acs__with_bits(control, ACS__CONTROL_FLAGS, 8, flags);
}

static unsigned holds_in(uint64_t control)
{
    return acs__bits(control, ACS__CONTROL_HOLDS, 4);
}

static unsigned appeals_in(uint64_t control)
{
    return acs__bits(control, ACS__CONTROL_APPEALS, 4);
}

static uint64_t *slot_at(uint64_t *words, unsigned index)
{
    assert(index < ACS_HOLDS_MAX);
    return &words[ACS__WORD_HOLDS + ACS__SLOT_WORDS * index];
}

/* The slot of the event's hold. */
static ACS__ALWAYS_INLINE uint64_t *target_slot(const apply_call *call)
{
    assert(call->target >= 0 && (unsigned)call->target < holds_in(call->words[ACS__WORD_CONTROL]));
    return slot_at(call->words, (unsigned)call->target);
}

/* The open appeal against target (a hold id, 0 for the notice), or -1. */
static int appeal_index(const uint64_t *words, unsigned target)
{
    unsigned count = appeals_in(words[ACS__WORD_CONTROL]);
    for (unsigned i = 0; i < count; i++) {
        if (acs__bits(words[ACS__WORD_APPEALS + i], ACS__APPEAL_TARGET, 15) == target)
            return (int)i;
    }
    return -1;
}

/* ------------------------------------------------------------------------
** The misuse gate.
*/

/* Which optional fields each kind leaves unused, which must then be zero.
** small has the layout of the event's bytes kind .. hold_id, with the bits
** of the fields a kind does not use (the level, flags it does not take, the
** hold id) set: the gate reads both as one word, in memory order, and
** tests them with one AND. period and deadline are all ones where the kind
** leaves that time unused, else zero. */
typedef struct small_fields {
    uint8_t kind;
    uint8_t actor_role;
    uint8_t approver_role;
    uint8_t reason;
    uint8_t level;
    uint8_t flags;
    uint16_t hold_id;
} small_fields;
_Static_assert(offsetof(acs_event, kind) + sizeof(small_fields) == offsetof(acs_event, reserved) &&
                   offsetof(acs_event, level) - offsetof(acs_event, kind) ==
                       offsetof(small_fields, level) &&
                   offsetof(acs_event, flags) - offsetof(acs_event, kind) ==
                       offsetof(small_fields, flags) &&
                   offsetof(acs_event, hold_id) - offsetof(acs_event, kind) ==
                       offsetof(small_fields, hold_id) &&
                   sizeof(small_fields) == sizeof(uint64_t),
               "kind .. hold_id are the eight bytes before the reserved ones, as in small_fields");

typedef struct unused_fields {
    small_fields small;
    uint64_t period;
    uint64_t deadline;
} unused_fields;

#define UNUSED_TIME UINT64_MAX
#define NO_FLAGS 0xffu
#define NO_HOLD_ID 0xffffu
#define UNUSED(level, flags, hold_id, period, deadline) \
    { {0, 0, 0, 0, level, flags, hold_id}, period, deadline }

/* What each kind takes beyond the fields every event has: a level (only
** HOLD), flags (their mask), a hold id, a period, a deadline. Both tests of
** the event's fields, unused_of_kind here and bytes_of_kind below, are made
** from this one list. */
#define KIND_FIELDS(X)                                                   \
    X(ACS_EVENT_VERIFY, false, 0, false, false, false)                  \
    X(ACS_EVENT_HOLD, true, 0, false, true, false)                      \
    X(ACS_EVENT_LIFT, false, 0, true, false, false)                     \
    X(ACS_EVENT_EXTEND, false, 0, true, false, true)                    \
    X(ACS_EVENT_NOTICE, false, 0, false, false, false)                  \
    X(ACS_EVENT_RESCIND, false, 0, false, false, false)                 \
    X(ACS_EVENT_CLOSE, false, ACS_EVENT_FLAGS_ALL, false, false, false) \
    X(ACS_EVENT_APPEAL, false, 0, true, false, false)                   \
    X(ACS_EVENT_DECIDE, false, 0, true, false, false)

#define UNUSED_ROW(kind, level, flags, hold_id, period, deadline)                          \
    [kind] = UNUSED((level) ? 0 : 0xff, NO_FLAGS & ~(unsigned)(flags),                     \
                    (hold_id) ? 0 : NO_HOLD_ID, (period) ? 0 : UNUSED_TIME,                \
                    (deadline) ? 0 : UNUSED_TIME),
static const unused_fields unused_of_kind[] = {KIND_FIELDS(UNUSED_ROW)};

/* The code of the event's fields at fault, for an event fields_valid_as
** (below) refuses: the groups in the order of the header, enum values
** (ACS_E_ENUM), then the fields the kind does not use, which must be zero,
** and the reserved bytes (ACS_E_RESERVED), then the times
** (ACS_E_TIME_RANGE), the one group left when the others pass. Each group
** is tested at once, without a branch per field: which field of a group is
** at fault does not change the code. Out of line: few events get here. */
static ACS__NOINLINE int check_fields(const acs_event *event)
{
    unsigned kind = event->kind;
    if (kind - ACS_EVENT_VERIFY > ACS_EVENT_DECIDE - ACS_EVENT_VERIFY) return ACS_E_ENUM;
    const unused_fields *unused = &unused_of_kind[kind];
    unsigned reason = event->reason;
    /* A HOLD's level is 1..3; any other kind leaves it unused (zero). */
    bool level_bad = (kind == ACS_EVENT_HOLD) & (event->level - 1u >= ACS_LEVEL_SUSPENDED);
    bool role_ok = acs__is_valid_enum_role(event->actor_role);
    bool reason_ok = acs__is_valid_reason(reason);
    bool enum_bad = (!role_ok) | (event->approver_role > ACS_ROLE_SYSTEM) | (!reason_ok) | level_bad;
    if (enum_bad) return ACS_E_ENUM;

    uint64_t reserved;
    memcpy(&reserved, event->reserved, sizeof(reserved));
    _Static_assert(sizeof(event->reserved) == sizeof(reserved), "reserved bytes are one word");
    /* A dual-control approver's id goes with its role. */
    uint64_t approver_unused = event->approver_role == 0 ? UINT64_MAX : 0;
    /* The bytes kind .. hold_id of the event as one word, in memory order,
    ** like small_unused. */
    uint64_t small;
    memcpy(&small, (const unsigned char *)event + offsetof(acs_event, kind), sizeof(small));
    uint64_t small_unused;
    memcpy(&small_unused, &unused->small, sizeof(small_unused));
    uint64_t any = reserved | (small & small_unused) |
                   ((uint64_t)event->period_ms & unused->period) |
                   ((uint64_t)event->deadline_ms & unused->deadline) |
                   (event->approver_id & approver_unused);
    if ((any != 0) | (event->hold_id > ACS_HOLD_ID_MAX)) return ACS_E_RESERVED;

    /* A negative time sets the top bit: every time must be below 2^47. */
    assert(((uint64_t)event->time_ms | (uint64_t)event->period_ms |
            (uint64_t)event->deadline_ms) > (uint64_t)ACS_TIME_MAX_MS);
    return ACS_E_TIME_RANGE;
}

/* Whether every field of the event is valid, the question check_fields
** answers with a code, in fewer steps for the events that pass, most of
** them: the bytes kind .. hold_id are tested together, each against its
** range for the kind (bytes_of_kind), the reason against the set of known
** ones, the rest as in check_fields.
** The bytes are compared eight at a time: with the top bit of each byte
** cleared, adding 0x7f - largest to a byte carries into its top bit
** exactly when the byte is above largest, and never into the next byte; a
** byte with its top bit set is above every largest value here. Adding
** 0x7f alone finds the bytes that are not zero.
** Each kind's path (KIND_PATH, below) has its own copy, with kind a
** constant: the tables' rows become constants in the code. */
typedef struct kind_bytes {
    uint8_t largest[8]; /* each byte's largest valid value */
    uint8_t tested[8];  /* 0x80 in the bytes whose largest value is tested */
    uint8_t nonzero[8]; /* 0x80 in the bytes that must not be zero */
} kind_bytes;

/* The kind and the reason are tested apart; the low byte of a hold id a
** kind may name can be anything. */
#define EACH_BYTE(b) (UINT64_C(0x0101010101010101) * (b))
#define KIND_BYTES(level, flags, names_hold)                                                \
    {                                                                                       \
        {0, ACS_ROLE_SYSTEM, ACS_ROLE_SYSTEM, 0, level, flags, 0,                           \
         (names_hold) ? ACS_HOLD_ID_MAX >> 8 : 0},                                          \
        {0, 0x80, 0x80, 0, 0x80, 0x80, (names_hold) ? 0 : 0x80, 0x80},                      \
        {0, 0x80, 0, 0, (level) != 0 ? 0x80 : 0, 0, 0, 0},                                 \
    }
#define BYTES_ROW(kind, level, flags, hold_id, period, deadline) \
    [kind] = KIND_BYTES((level) ? ACS_LEVEL_SUSPENDED : 0, flags, hold_id),
static const kind_bytes bytes_of_kind[] = {KIND_FIELDS(BYTES_ROW)};

static ACS__ALWAYS_INLINE bool fields_valid_as(const acs_event *event, unsigned kind)
{
    assert(kind >= ACS_EVENT_VERIFY && kind <= ACS_EVENT_DECIDE); /* the path of that kind */
    const kind_bytes *limits = &bytes_of_kind[kind];
    const unused_fields *unused = &unused_of_kind[kind];
    uint64_t small;
    memcpy(&small, (const unsigned char *)event + offsetof(acs_event, kind), sizeof(small));
    /* The tables' bytes as words in the same order as small. */
    uint64_t largest;
    uint64_t tested;
    uint64_t needed;
    memcpy(&largest, limits->largest, sizeof(largest));
    memcpy(&tested, limits->tested, sizeof(tested));
    memcpy(&needed, limits->nonzero, sizeof(needed));
    uint64_t low7 = small & EACH_BYTE(0x7f);
    uint64_t above = ((low7 + (EACH_BYTE(0x7f) - largest)) | small) & tested;
    uint64_t nonzero = ((low7 + EACH_BYTE(0x7f)) | small) & EACH_BYTE(0x80);
    uint64_t zero = ~nonzero & needed;
    bool reason_ok = acs__is_valid_reason(event->reason);
    uint64_t reserved;
    memcpy(&reserved, event->reserved, sizeof(reserved));
    uint64_t approver_unused = event->approver_role == 0 ? UINT64_MAX : 0;
    uint64_t any = above | zero | reserved | ((uint64_t)event->period_ms & unused->period) |
                   ((uint64_t)event->deadline_ms & unused->deadline) |
                   (event->approver_id & approver_unused);
    uint64_t times = (uint64_t)event->time_ms | (uint64_t)event->period_ms |
                     (uint64_t)event->deadline_ms;
    return (any == 0) & reason_ok & (times <= (uint64_t)ACS_TIME_MAX_MS);
}

/* The hold the event names: 0 for none, and always 0 for a kind that
** takes no hold id (unused_of_kind; the event's fields have been tested),
** which each kind's path then knows without reading it. */
static ACS__ALWAYS_INLINE unsigned hold_id_of(const apply_call *call)
{
    bool takes = unused_of_kind[call->kind].small.hold_id == 0;
    return takes ? call->event->hold_id : 0;
}

/* What the account must be for any event: open to change, no deadline due,
** and holding the target hold when the kind names one. */
static ACS__ALWAYS_INLINE int check_account(apply_call *call, unsigned kind)
{
    const acs_event *event = call->event;
    const uint64_t *words = call->words;
    if (event->time_ms < (int64_t)(words[ACS__WORD_CHANGED] & ACS__TIME_MASK))
        return ACS_E_TIME_BACKWARDS;
    if (call->lifecycle_before == ACS_LIFECYCLE_CLOSED) return ACS_E_ACCOUNT_CLOSED;
    /* A deadline at or before the event's time is due (0: none runs). */
    if ((uint64_t)call->before.due_ms - 1u < (uint64_t)event->time_ms) return ACS_E_DEADLINE_DUE;
    unsigned hold_id = hold_id_of(call);
    if (hold_id != 0) {
        unsigned count = holds_in(words[ACS__WORD_CONTROL]);
        for (unsigned i = 0; i < count; i++) {
            if (acs__slot_id(slot_at(call->words, i)) == hold_id) call->target = (int)i;
        }
    }
    bool needs_hold = kind == ACS_EVENT_LIFT || hold_id != 0;
    if (needs_hold && call->target < 0) return ACS_E_HOLD_UNKNOWN;
    return ACS_OK;
}

/* ------------------------------------------------------------------------
** Accepting a change.
*/

/* What the account is after a change, as its record states it. */
typedef struct change_after {
    uint64_t control; /* word 2: sequence and lifecycle */
    int64_t window_end_ms;
    uint8_t status;
} change_after;

/* value, below 2^(8 * size), as a field of size bytes at byte index of a
** word that memcpy then stores: where it lies depends on the byte order,
** which the compiler knows, so each field costs a shift. */
static ACS__ALWAYS_INLINE uint64_t at_byte(uint64_t value, unsigned index, unsigned size)
{
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    (void)size;
    return value << (8 * index);
#elif defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return value << (64 - 8 * (index + size));
#else
    /* A compiler that does not say: the order is read from memory, and the
    ** optimiser folds the test. */
    const uint16_t one = 1;
    uint8_t first;
    memcpy(&first, &one, 1);
    return value << (first == 1 ? 8 * index : 64 - 8 * (index + size));
#endif
}
_Static_assert(offsetof(acs_record, kind) == 1 && offsetof(acs_record, reason) == 2 &&
                   offsetof(acs_record, flags) == 3 && offsetof(acs_record, actor_role) == 4 &&
                   offsetof(acs_record, approver_role) == 5 &&
                   offsetof(acs_record, status_before) == 6 &&
                   offsetof(acs_record, status_after) == 7 &&
                   offsetof(acs_record, lifecycle_before) == 8 &&
                   offsetof(acs_record, lifecycle_after) == 9 &&
                   offsetof(acs_record, hold_level) == 10 &&
                   offsetof(acs_record, reserved0) == 11 && offsetof(acs_record, hold_id) == 12 &&
                   offsetof(acs_record, refusal) == 14 &&
                   offsetof(acs_record, account_id) == 16,
               "a record's first 16 bytes are the small fields, in this order");

/* A digest copied in two halves: as one memcpy of 32 bytes, the compiler
** keeps the address of each second half in a register of its own. */
static ACS__ALWAYS_INLINE void copy_digest(uint8_t *to, const uint8_t *from)
{
    memcpy(to, from, ACS_DIGEST_SIZE / 2);
    memcpy(to + ACS_DIGEST_SIZE / 2, from + ACS_DIGEST_SIZE / 2, ACS_DIGEST_SIZE / 2);
}

/* The record of the change: every field written once, in order, from the
** values the change left in registers, not read back from the account it
** has just written. (The three steps of internal.h would write some fields
** twice: a field's first store cannot be dropped when the event it is read
** from could overlap the record.) */
static ACS__ALWAYS_INLINE void write_record(acs_record *record, const apply_call *call,
                                             const change_notes *notes,
                                             const change_after *after)
{
    const acs_event *event = call->event;
    unsigned lifecycle = lifecycle_in(after->control);
    /* A kind that does not take the flag has it 0 (unused_of_kind). */
    bool takes_funds = (unused_of_kind[call->kind].small.flags & ACS_EVENT_FUNDS_HELD) == 0;
    unsigned funds = takes_funds && (event->flags & ACS_EVENT_FUNDS_HELD)
                         ? ACS_RECORD_FUNDS_HELD
                         : 0;
    /* The first 16 bytes, format_version .. refusal, as two stores. */
    uint64_t head[2];
    head[0] = at_byte(ACS_RECORD_VERSION, 0, 1) | at_byte(call->kind, 1, 1) |
              at_byte(event->reason, 2, 1) | at_byte((uint8_t)(notes->flags | funds), 3, 1) |
              at_byte(event->actor_role, 4, 1) | at_byte(event->approver_role, 5, 1) |
              at_byte(call->before.status, 6, 1) | at_byte(after->status, 7, 1);
    head[1] = at_byte((uint8_t)call->lifecycle_before, 0, 1) |
              at_byte((uint8_t)lifecycle, 1, 1) | at_byte((uint8_t)notes->hold_level, 2, 1) |
              at_byte((uint16_t)notes->hold_id, 4, 2);
    memcpy(record, head, sizeof(head));
    record->account_id = call->words[ACS__WORD_ID];
    record->sequence = (uint32_t)after->control;
    record->time_ms = event->time_ms;
    record->actor_id = event->actor_id;
    record->approver_id = event->approver_id;
    record->deadline_ms = notes->deadline_ms;
    record->previous_deadline_ms = notes->previous_deadline_ms;
    record->window_end_ms = lifecycle == ACS_LIFECYCLE_CLOSING ? after->window_end_ms : 0;
    copy_digest(record->evidence, event->evidence);
    copy_digest(record->policy_fingerprint, call->policy->fingerprint);
    static const uint8_t zero[ACS_DIGEST_SIZE];
    copy_digest(record->previous_hash, zero);
    copy_digest(record->hash, zero);
}

/* The window follows the status while CLOSING, and a closure that ends
** leaves no pause behind (acs__window_follow, on the window's words: an
** account that neither is nor was CLOSING, the common case, has no window
** to follow). */
static ACS__NOINLINE void follow_window(const acs_policy *policy, uint64_t *words,
                                        uint8_t status, int64_t now_ms)
{
    uint64_t control = words[ACS__WORD_CONTROL];
    acs__window window = {(uint8_t)flags_in(control), (int64_t)words[ACS__WORD_WINDOW_END],
                          (int64_t)words[ACS__WORD_WINDOW_MAX],
                          (int64_t)words[ACS__WORD_WINDOW_PAUSED]};
    acs__window_follow(policy, lifecycle_in(control), &window, status, now_ms);
    words[ACS__WORD_CONTROL] = with_flags(control, window.flags);
    words[ACS__WORD_WINDOW_END] = (uint64_t)window.end_ms;
    words[ACS__WORD_WINDOW_MAX] = (uint64_t)window.max_ms;
    words[ACS__WORD_WINDOW_PAUSED] = (uint64_t)window.paused_ms;
}

/* The effect has accepted the event and written every word it changes but
** words 1 and 2, which it gives as changed and control: count the change
** in them (the sequence, the last change), write them once, let the window
** follow the status the change leaves (strictest is the strictest level
** held after it), and write the record. Inline in each effect, so that the
** notes and the words stay in registers. */
static ACS__ALWAYS_INLINE void accept(const apply_call *call, acs_record *record,
                                      const change_notes *notes, unsigned strictest,
                                      uint64_t changed, uint64_t control)
{
    uint64_t *words = call->words;
    assert((uint32_t)control < ACS_SEQUENCE_MAX);
    change_after after;
    after.control = control + 1; /* the sequence, below its maximum */
    changed = (changed & ~ACS__TIME_MASK) | (uint64_t)call->event->time_ms;
    unsigned lifecycle = lifecycle_in(control);
    after.status = acs__status_of(lifecycle, strictest);
    after.window_end_ms = 0;
    if (lifecycle == ACS_LIFECYCLE_CLOSING || call->lifecycle_before == ACS_LIFECYCLE_CLOSING) {
        /* The window follows the words as the change leaves them. */
        words[ACS__WORD_CONTROL] = after.control;
        words[ACS__WORD_CHANGED] = changed;
        follow_window(call->policy, words, after.status, call->event->time_ms);
        after.control = words[ACS__WORD_CONTROL];
        after.window_end_ms = (int64_t)words[ACS__WORD_WINDOW_END];
        write_record(record, call, notes, &after);
        return;
    }
    /* The record first: its values are at hand, and the two words last
    ** close the change. */
    write_record(record, call, notes, &after);
    words[ACS__WORD_CONTROL] = after.control;
    words[ACS__WORD_CHANGED] = changed;
}

/* The notes of a change that says nothing more than its event. */
static change_notes plain_notes(const apply_call *call)
{
    change_notes notes = {0, 0, hold_id_of(call), 0, 0};
    return notes;
}

/* ------------------------------------------------------------------------
** Writing an accepted change to the account: helpers the effects call once
** they have tested every condition.
*/

/* Close the open appeal index: the later one moves up. */
static void close_appeal(uint64_t *words, int index)
{
    uint64_t control = words[ACS__WORD_CONTROL];
    unsigned count = appeals_in(control);
    assert(index >= 0 && (unsigned)index < count);
    for (unsigned i = (unsigned)index; i + 1 < count; i++)
        words[ACS__WORD_APPEALS + i] = words[ACS__WORD_APPEALS + i + 1];
    words[ACS__WORD_APPEALS + count - 1] = 0;
    words[ACS__WORD_CONTROL] = acs__with_bits(control, ACS__CONTROL_APPEALS, 4, count - 1);
}

/* Lift the target hold with any appeal against it: the holds after it move
** down a slot, keeping their order, and the slot the last one leaves is
** cleared. Returns the strictest level of the holds left. */
static ACS__NOINLINE unsigned lift_target(uint64_t *words, unsigned target, unsigned hold_id,
                                          change_notes *notes)
{
    int appeal = appeal_index(words, hold_id);
    if (appeal >= 0) close_appeal(words, appeal);
    unsigned count = holds_in(words[ACS__WORD_CONTROL]) - 1;
    assert(target <= count);
    notes->hold_level = acs__slot_level(slot_at(words, target));
    notes->flags |= ACS_RECORD_HOLD_LIFTED;
    for (unsigned i = target; i < count; i++)
        memcpy(slot_at(words, i), slot_at(words, i + 1), ACS__SLOT_WORDS * sizeof(uint64_t));
    memset(slot_at(words, count), 0, ACS__SLOT_WORDS * sizeof(uint64_t));
    words[ACS__WORD_CONTROL] = acs__with_bits(words[ACS__WORD_CONTROL], ACS__CONTROL_HOLDS, 4,
                                              count);
    unsigned strictest = 0;
    for (unsigned i = 0; i < count; i++) {
        unsigned level = acs__slot_level(slot_at(words, i));
        if (level > strictest) strictest = level;
    }
    return strictest;
}

/* End the notice: back to OPEN, no window, no notice reason, no appeal
** against it. */
static void end_notice(uint64_t *words, unsigned lifecycle, change_notes *notes)
{
    int appeal = appeal_index(words, 0);
    if (appeal >= 0) close_appeal(words, appeal);
    uint64_t control = with_lifecycle(words[ACS__WORD_CONTROL], lifecycle);
    control = acs__with_bits(control, ACS__CONTROL_NOTICE, 8, 0);
    words[ACS__WORD_CONTROL] =
        with_flags(control, flags_in(control) & ~(ACS_ACCOUNT_WINDOW_ENDED |
                                                  ACS_ACCOUNT_NOTICE_APPEALED));
    words[ACS__WORD_WINDOW_END] = 0;
    words[ACS__WORD_WINDOW_MAX] = 0;
    if (lifecycle == ACS_LIFECYCLE_OPEN) notes->flags |= ACS_RECORD_NOTICE_RESCINDED;
}

/* ------------------------------------------------------------------------
** The effects, one per kind: each tests the kind's own conditions, then
** writes the change and accepts it.
*/

static int limit(apply_call *call, int code, int64_t limit_ms)
{
    call->limit_ms = limit_ms;
    return code;
}

static ACS__ALWAYS_INLINE int effect_verify(apply_call *call, acs_record *record)
{
    uint64_t control = call->words[ACS__WORD_CONTROL];
    if (lifecycle_in(control) != ACS_LIFECYCLE_PENDING) return ACS_R_STATUS;
    change_notes notes = plain_notes(call);
    accept(call, record, &notes, call->before.strictest, call->words[ACS__WORD_CHANGED],
           with_lifecycle(control, ACS_LIFECYCLE_OPEN));
    return ACS_OK;
}

/* The review deadline a HOLD asks for: time + period_ms, or the end of the
** level's default period when period_ms is 0; 0 for none, or a refusal
** (negative, as every deadline is not). */
static ACS__ALWAYS_INLINE int64_t hold_deadline(apply_call *call)
{
    const acs_policy_rules *rules = &call->policy->rules;
    const acs_event *event = call->event;
    /* A shorter period than the default may be given; where the level has no
    ** default review, any period up to the maximum adds one. */
    acs_period fallback = rules->review_default[event->level];
    acs_period bound = fallback.unit != ACS_UNIT_NONE ? fallback : rules->review_max[event->level];
    /* The bound is the policy's period, even where it reaches past the
    ** last representable time: a deadline there is out of range, not too
    ** long. */
    int64_t latest = acs__period_reach(&rules->calendar, bound, event->time_ms);
    int64_t longest = latest - event->time_ms;
    if (event->period_ms > longest) return limit(call, ACS_R_PERIOD_TOO_LONG, longest);
    if (event->period_ms != 0) {
        /* Both are valid times (the event's fields), so the sum fits. */
        int64_t end = event->time_ms + event->period_ms;
        return end > ACS_TIME_MAX_MS ? ACS_E_TIME_RANGE : end;
    }
    if (fallback.unit == ACS_UNIT_NONE) return 0;
    return latest > ACS_TIME_MAX_MS ? ACS_E_TIME_RANGE : latest;
}
_Static_assert(ACS_E_TIME_RANGE < 0 && ACS_R_PERIOD_TOO_LONG < 0, "refusals are negative");

static ACS__ALWAYS_INLINE int effect_hold(apply_call *call, acs_record *record)
{
    const acs_event *event = call->event;
    uint64_t *words = call->words;
    uint64_t changed = words[ACS__WORD_CHANGED];
    uint64_t control = words[ACS__WORD_CONTROL];
    unsigned count = holds_in(control);
    unsigned id = (unsigned)(changed >> ACS__TIME_BITS);
    if (count == ACS_HOLDS_MAX) return ACS_E_HOLDS_FULL;
    if (id > ACS_HOLD_ID_MAX) return ACS_E_LIMIT;
    int64_t deadline = hold_deadline(call);
    if (deadline < 0) return (int)deadline;

    /* The new hold takes the slot after the last, and moves the end mark
    ** to the slot after it. */
    uint64_t *slot = slot_at(words, count);
    acs__slot_make(slot, event, id, deadline);
    if (count + 1 < ACS_HOLDS_MAX) slot[ACS__SLOT_WORDS + ACS__SLOT_PLACED] = 0;
    change_notes notes = {deadline, 0, id, event->level, 0};
    unsigned strictest = call->before.strictest;
    accept(call, record, &notes, event->level > strictest ? event->level : strictest,
           changed + ((uint64_t)1 << ACS__TIME_BITS), /* the next hold id */
           control + ((uint64_t)1 << ACS__CONTROL_HOLDS));
    return ACS_OK;
}

static ACS__ALWAYS_INLINE int effect_lift(apply_call *call, acs_record *record)
{
    change_notes notes = plain_notes(call);
    unsigned strictest =
        lift_target(call->words, (unsigned)call->target, call->event->hold_id, &notes);
    accept(call, record, &notes, strictest, call->words[ACS__WORD_CHANGED],
           call->words[ACS__WORD_CONTROL]);
    return ACS_OK;
}

static ACS__ALWAYS_INLINE int extend_hold(apply_call *call, acs_record *record)
{
    const acs_event *event = call->event;
    const acs_policy_rules *rules = &call->policy->rules;
    uint64_t *hold = target_slot(call);
    unsigned level = acs__slot_level(hold);
    change_notes notes = plain_notes(call);
    notes.hold_level = level;
    int64_t current = acs__slot_review(hold);
    if (current == 0) return ACS_R_NO_DEADLINE;
    int64_t floor = current > event->time_ms ? current : event->time_ms;
    if (event->deadline_ms <= floor) return limit(call, ACS_R_DEADLINE_NOT_LATER, floor);
    int64_t maximum = 0;
    if (acs__period_end(&rules->calendar, rules->review_max[level], acs__slot_placed(hold),
                        &maximum) != ACS_OK)
        maximum = ACS_TIME_MAX_MS;
    if (event->deadline_ms > maximum) return limit(call, ACS_R_DEADLINE_BEYOND_MAX, maximum);

    uint64_t review = acs__review_with_deadline(hold[ACS__SLOT_REVIEW], event->deadline_ms);
    hold[ACS__SLOT_REVIEW] =
        acs__review_with_flags(review, acs__slot_flags(hold) & ~ACS_HOLD_OVERDUE);
    notes.previous_deadline_ms = current;
    notes.deadline_ms = event->deadline_ms;
    accept(call, record, &notes, call->before.strictest, call->words[ACS__WORD_CHANGED],
           call->words[ACS__WORD_CONTROL]);
    return ACS_OK;
}

static ACS__ALWAYS_INLINE int extend_window(apply_call *call, acs_record *record)
{
    const acs_event *event = call->event;
    uint64_t *words = call->words;
    uint64_t control = words[ACS__WORD_CONTROL];
    if (lifecycle_in(control) != ACS_LIFECYCLE_CLOSING) return ACS_R_NO_NOTICE;
    /* While paused the end does not run; it moves when the pause ends. */
    if (flags_in(control) & ACS_ACCOUNT_WINDOW_PAUSED) return ACS_R_NO_DEADLINE;
    int64_t current = (int64_t)words[ACS__WORD_WINDOW_END];
    int64_t maximum = (int64_t)words[ACS__WORD_WINDOW_MAX];
    int64_t floor = current > event->time_ms ? current : event->time_ms;
    if (event->deadline_ms <= floor) return limit(call, ACS_R_DEADLINE_NOT_LATER, floor);
    if (event->deadline_ms > maximum) return limit(call, ACS_R_DEADLINE_BEYOND_MAX, maximum);

    words[ACS__WORD_WINDOW_END] = (uint64_t)event->deadline_ms;
    change_notes notes = plain_notes(call);
    notes.previous_deadline_ms = current;
    notes.deadline_ms = event->deadline_ms;
    accept(call, record, &notes, call->before.strictest, words[ACS__WORD_CHANGED],
           with_flags(control, flags_in(control) & ~ACS_ACCOUNT_WINDOW_ENDED));
    return ACS_OK;
}

static ACS__ALWAYS_INLINE int effect_extend(apply_call *call, acs_record *record)
{
    if (call->event->hold_id != 0) return extend_hold(call, record);
    return extend_window(call, record);
}

static ACS__ALWAYS_INLINE int effect_notice(apply_call *call, acs_record *record)
{
    const acs_event *event = call->event;
    const acs_policy_rules *rules = &call->policy->rules;
    uint64_t *words = call->words;
    uint64_t control = words[ACS__WORD_CONTROL];
    if (lifecycle_in(control) == ACS_LIFECYCLE_CLOSING) return ACS_R_NOTICE_RUNNING;
    if (lifecycle_in(control) != ACS_LIFECYCLE_OPEN) return ACS_R_STATUS;
    static const acs_period none = {0, ACS_UNIT_NONE};
    acs_period notice = event->reason < ACS_REASON_GROUND_SLOTS ? rules->notice[event->reason]
                                                               : none;
    int64_t end = 0;
    if (acs__period_end(&rules->calendar, notice, event->time_ms, &end) != ACS_OK)
        return ACS_E_TIME_RANGE;
    /* 0 means "no deadline", so a window ending at the epoch itself ends
    ** one millisecond later. */
    if (end == 0) end = 1;
    int64_t maximum = 0;
    if (acs__period_end(&rules->calendar, rules->window_extension_max, end, &maximum) != ACS_OK)
        maximum = ACS_TIME_MAX_MS;

    control = with_lifecycle(control, ACS_LIFECYCLE_CLOSING);
    control = acs__with_bits(control, ACS__CONTROL_NOTICE, 8, event->reason);
    control = with_flags(control, flags_in(control) & ~(ACS_ACCOUNT_WINDOW_ENDED |
                                                        ACS_ACCOUNT_NOTICE_APPEALED));
    words[ACS__WORD_WINDOW_END] = (uint64_t)end;
    words[ACS__WORD_WINDOW_MAX] = (uint64_t)(maximum > ACS_TIME_MAX_MS ? ACS_TIME_MAX_MS : maximum);
    change_notes notes = plain_notes(call);
    notes.deadline_ms = end;
    accept(call, record, &notes, call->before.strictest, words[ACS__WORD_CHANGED], control);
    return ACS_OK;
}

static ACS__ALWAYS_INLINE int effect_rescind(apply_call *call, acs_record *record)
{
    if (call->lifecycle_before != ACS_LIFECYCLE_CLOSING) return ACS_R_NO_NOTICE;
    change_notes notes = plain_notes(call);
    end_notice(call->words, ACS_LIFECYCLE_OPEN, &notes);
    accept(call, record, &notes, call->before.strictest, call->words[ACS__WORD_CHANGED],
           call->words[ACS__WORD_CONTROL]);
    return ACS_OK;
}

/* The window's end as it stands at now_ms: a paused window has run on
** only until its pause began. */
static int64_t window_end_now(const uint64_t *words, int64_t now_ms)
{
    int64_t end = (int64_t)words[ACS__WORD_WINDOW_END];
    if (!(flags_in(words[ACS__WORD_CONTROL]) & ACS_ACCOUNT_WINDOW_PAUSED)) return end;
    end += now_ms - (int64_t)words[ACS__WORD_WINDOW_PAUSED];
    return end > ACS_TIME_MAX_MS ? ACS_TIME_MAX_MS : end;
}

static ACS__ALWAYS_INLINE int effect_close(apply_call *call, acs_record *record)
{
    const acs_event *event = call->event;
    const uint64_t *words = call->words;
    bool funds = (event->flags & ACS_EVENT_FUNDS_HELD) != 0;
    change_notes notes = plain_notes(call);
    if (call->lifecycle_before != ACS_LIFECYCLE_CLOSING) {
        /* Without notice only the customer may close, and only an empty
        ** account: funds always go through a withdrawal window. */
        bool customer_asks =
            event->actor_role == ACS_ROLE_USER && event->reason == ACS_REASON_USER_REQUEST;
        if (funds || !customer_asks) return ACS_R_NOTICE_REQUIRED;
    } else if (funds) {
        if (!(flags_in(words[ACS__WORD_CONTROL]) & ACS_ACCOUNT_WINDOW_ENDED))
            return limit(call, ACS_R_WINDOW_RUNNING, window_end_now(words, event->time_ms));
        if (!(call->policy->rules.flags & ACS_POLICY_UNCLAIMED_SEGREGATED))
            return ACS_R_FUNDS_UNCLAIMED;
        notes.flags |= ACS_RECORD_FUNDS_SEGREGATED;
    }
    /* Nothing runs on a closed account: the window and an appeal against
    ** the notice go with the notice. */
    end_notice(call->words, ACS_LIFECYCLE_CLOSED, &notes);
    accept(call, record, &notes, call->before.strictest, call->words[ACS__WORD_CHANGED],
           call->words[ACS__WORD_CONTROL]);
    return ACS_OK;
}

/* Whether the target of an APPEAL may still be appealed: ACS_OK or the
** refusal. */
static int appealable(apply_call *call)
{
    const acs_policy_rules *rules = &call->policy->rules;
    const uint64_t *words = call->words;
    if (call->event->hold_id == 0) {
        unsigned flags = flags_in(words[ACS__WORD_CONTROL]);
        if (call->lifecycle_before != ACS_LIFECYCLE_CLOSING) return ACS_R_NO_NOTICE;
        if (flags & ACS_ACCOUNT_NOTICE_APPEALED) return ACS_E_APPEAL_DUPLICATE;
        if (flags & ACS_ACCOUNT_WINDOW_ENDED)
            return limit(call, ACS_R_APPEAL_WINDOW, (int64_t)words[ACS__WORD_WINDOW_END]);
        return ACS_OK;
    }
    const uint64_t *hold = target_slot(call);
    int64_t placed = acs__slot_placed(hold);
    if (acs__slot_flags(hold) & ACS_HOLD_APPEALED) return ACS_E_APPEAL_DUPLICATE;
    /* No appeal window: holds cannot be appealed at all. */
    if (rules->appeal_window.unit == ACS_UNIT_NONE)
        return limit(call, ACS_R_APPEAL_WINDOW, placed);
    int64_t closes = 0;
    if (acs__period_end(&rules->calendar, rules->appeal_window, placed, &closes) != ACS_OK)
        closes = ACS_TIME_MAX_MS;
    if (call->event->time_ms > closes) return limit(call, ACS_R_APPEAL_WINDOW, closes);
    return ACS_OK;
}

static ACS__ALWAYS_INLINE int effect_appeal(apply_call *call, acs_record *record)
{
    const acs_event *event = call->event;
    const acs_policy_rules *rules = &call->policy->rules;
    uint64_t *words = call->words;
    int rc = appealable(call);
    if (rc != ACS_OK) return rc;
    uint64_t control = words[ACS__WORD_CONTROL];
    unsigned count = appeals_in(control);
    if (count == ACS_APPEALS_MAX) return ACS_R_APPEAL_LIMIT;
    int64_t deadline = 0;
    if (acs__period_end(&rules->calendar, rules->appeal_answer, event->time_ms, &deadline) !=
        ACS_OK)
        return ACS_E_TIME_RANGE;

    change_notes notes = plain_notes(call);
    notes.deadline_ms = deadline;
    if (event->hold_id != 0) {
        uint64_t *hold = target_slot(call);
        notes.hold_level = acs__slot_level(hold);
        unsigned flags = acs__slot_flags(hold) | ACS_HOLD_APPEALED;
        hold[ACS__SLOT_REVIEW] = acs__review_with_flags(hold[ACS__SLOT_REVIEW], flags);
    } else {
        control = with_flags(control, flags_in(control) | ACS_ACCOUNT_NOTICE_APPEALED);
    }
    words[ACS__WORD_APPEALS + count] =
        (uint64_t)deadline | (uint64_t)event->hold_id << ACS__APPEAL_TARGET;
    accept(call, record, &notes, call->before.strictest, words[ACS__WORD_CHANGED],
           acs__with_bits(control, ACS__CONTROL_APPEALS, 4, count + 1));
    return ACS_OK;
}

static ACS__ALWAYS_INLINE int effect_decide(apply_call *call, acs_record *record)
{
    const acs_event *event = call->event;
    uint64_t *words = call->words;
    int appeal = appeal_index(words, event->hold_id);
    if (appeal < 0) return ACS_R_NO_APPEAL;
    /* An answer either upholds or dismisses; a rule that admits any other
    ** reason for DECIDE still gets no third kind of answer. */
    bool upheld = event->reason == ACS_REASON_APPEAL_UPHELD;
    if (!upheld && event->reason != ACS_REASON_APPEAL_DISMISSED) return ACS_R_REASON_NOT_VALID;

    change_notes notes = plain_notes(call);
    notes.deadline_ms = (int64_t)(words[ACS__WORD_APPEALS + (unsigned)appeal] & ACS__TIME_MASK);
    unsigned strictest = call->before.strictest;
    if (!upheld) {
        if (event->hold_id != 0) notes.hold_level = acs__slot_level(target_slot(call));
        close_appeal(words, appeal);
    } else if (event->hold_id != 0) {
        strictest = lift_target(call->words, (unsigned)call->target, call->event->hold_id, &notes);
    } else {
        end_notice(call->words, ACS_LIFECYCLE_OPEN, &notes);
    }
    accept(call, record, &notes, strictest, words[ACS__WORD_CHANGED], words[ACS__WORD_CONTROL]);
    return ACS_OK;
}

/* The kind's effect: ACS_OK once it has written the change and its record,
** else the refusal, with nothing written. */
static ACS__ALWAYS_INLINE int effect(apply_call *call, acs_record *record, unsigned kind)
{
    switch (kind) {
    case ACS_EVENT_VERIFY: return effect_verify(call, record);
    case ACS_EVENT_HOLD: return effect_hold(call, record);
    case ACS_EVENT_LIFT: return effect_lift(call, record);
    case ACS_EVENT_EXTEND: return effect_extend(call, record);
    case ACS_EVENT_NOTICE: return effect_notice(call, record);
    case ACS_EVENT_RESCIND: return effect_rescind(call, record);
    case ACS_EVENT_CLOSE: return effect_close(call, record);
    case ACS_EVENT_APPEAL: return effect_appeal(call, record);
    default: assert(kind == ACS_EVENT_DECIDE); return effect_decide(call, record);
    }
}

/* ------------------------------------------------------------------------
** The call.
*/

/* The refusal of a call that stopped with code at stage: what the gates
** passed so far have learnt (the status from STAGE_EVENT on, fault from the
** rule, limit_ms from an effect), zero for the rest. Out of line: every
** refusal of acs_apply ends here, and none is on the path of an accepted
** event. */
static ACS__NOINLINE int refused(acs_refusal *out, const acs_policy *policy,
                                 const acs_event *event, uint8_t status, int64_t limit_ms,
                                 const acs__fault *fault, int stage, int code)
{
    assert(code != ACS_OK);
    if (out == NULL) return code;
    acs_refusal why;
    memset(&why, 0, sizeof(why));
    why.code = code;
    if (stage > STAGE_POINTERS) {
        why.kind = event->kind;
        why.level = event->level;
    }
    if (stage >= STAGE_ACCOUNT) memcpy(why.policy_name, policy->rules.name, ACS_POLICY_NAME_MAX);
    if (stage >= STAGE_EVENT) why.status = status;
    if (stage == STAGE_RULE) {
        why.role = fault->role;
        why.reason = fault->reason;
    }
    if (stage == STAGE_EFFECT) why.limit_ms = limit_ms;
    *out = why;
    return code;
}

/* The test of an event's fields for one kind: fields_valid_as with the
** kind a constant. */
typedef bool fields_test(const acs_event *event);

/* The gates after the pointers and the policy, for an event of kind, whose
** fields fields_ok tests. Inline in one function per kind (below), which
** the compiler reduces to the path of that kind alone: the kind's tables
** read as constants, one rule, one effect, no dispatch. */
static ACS__ALWAYS_INLINE int apply_as(const acs_policy *policy, acs_account *account,
                                       const acs_event *event, acs_record *record,
                                       acs_refusal *refusal, unsigned kind,
                                       fields_test *fields_ok)
{
    /* No function out of line sees the call, so that it can stay in
    ** registers. */
    apply_call call;
    call.policy = policy;
    call.event = event;
    call.kind = kind;
    call.words = account->opaque;
    call.target = -1;
    call.limit_ms = 0;
    int rc = acs__check(account, &call.before);
    if (rc != ACS_OK) return refused(refusal, policy, event, 0, 0, NULL, STAGE_ACCOUNT, rc);
    uint8_t status = call.before.status;

    call.lifecycle_before = lifecycle_in(call.words[ACS__WORD_CONTROL]);
    if (!fields_ok(event))
        return refused(refusal, policy, event, status, 0, NULL, STAGE_EVENT, check_fields(event));
    rc = check_account(&call, kind);
    if (rc != ACS_OK) return refused(refusal, policy, event, status, 0, NULL, STAGE_EVENT, rc);

    acs__fault fault;
    rc = acs__permit(policy, status, event, kind, &fault);
    if (rc != ACS_OK) return refused(refusal, policy, event, status, 0, &fault, STAGE_RULE, rc);
    if ((uint32_t)call.words[ACS__WORD_CONTROL] == ACS_SEQUENCE_MAX)
        return refused(refusal, policy, event, status, 0, NULL, STAGE_EVENT, ACS_E_LIMIT);

    rc = effect(&call, record, kind);
    if (rc != ACS_OK)
        return refused(refusal, policy, event, status, call.limit_ms, NULL, STAGE_EFFECT, rc);
    return ACS_OK;
}

/* An event of no known kind: the account is checked first, as for any
** event, then the event's fields refuse it. */
static ACS__NOINLINE int apply_unknown(const acs_policy *policy, acs_account *account,
                                       const acs_event *event, acs_refusal *refusal)
{
    acs__facts facts;
    int rc = acs__check(account, &facts);
    if (rc != ACS_OK) return refused(refusal, policy, event, 0, 0, NULL, STAGE_ACCOUNT, rc);
    return refused(refusal, policy, event, facts.status, 0, NULL, STAGE_EVENT,
                   check_fields(event));
}

/* The path of each kind: its test of the fields, out of line although
** every event goes through it (it reads the event alone, and inlined, its
** loads and masks took registers the path keeps for the account, which
** then went to the stack and back: 7 instructions more an event, by
** callgrind), and the gates. */
#define KIND_PATH(name, kind)                                                              \
    static ACS__NOINLINE bool fields_##name(const acs_event *event)                        \
    {                                                                                      \
        return fields_valid_as(event, kind);                                               \
    }                                                                                      \
    static ACS__NOINLINE int apply_##name(const acs_policy *policy, acs_account *account,  \
                                          const acs_event *event, acs_record *record,      \
                                          acs_refusal *refusal)                            \
    {                                                                                      \
        return apply_as(policy, account, event, record, refusal, kind, fields_##name);     \
    }
#define KIND_PATHS(X)                \
    X(verify, ACS_EVENT_VERIFY)      \
    X(hold, ACS_EVENT_HOLD)          \
    X(lift, ACS_EVENT_LIFT)          \
    X(extend, ACS_EVENT_EXTEND)      \
    X(notice, ACS_EVENT_NOTICE)      \
    X(rescind, ACS_EVENT_RESCIND)    \
    X(close, ACS_EVENT_CLOSE)        \
    X(appeal, ACS_EVENT_APPEAL)      \
    X(decide, ACS_EVENT_DECIDE)
KIND_PATHS(KIND_PATH)

/* Indexed by the event's kind; 0 and any kind above the last have none. */
typedef int apply_path(const acs_policy *policy, acs_account *account, const acs_event *event,
                       acs_record *record, acs_refusal *refusal);
#define PATH_ROW(name, kind) [kind] = apply_##name,
static apply_path *const path_of_kind[] = {KIND_PATHS(PATH_ROW)};

/* The gates in the order the header gives: the misuse checks that do not
** depend on the policy's rules, the rule, then the kind's effect. */
int acs_apply(const acs_policy *policy, acs_account *account, const acs_event *event,
              acs_record *record, acs_refusal *refusal)
{
    if (account == NULL || event == NULL || record == NULL)
        return refused(refusal, policy, event, 0, 0, NULL, STAGE_POINTERS, ACS_E_NULL);
    int rc = acs__policy_usable(policy);
    if (rc != ACS_OK) return refused(refusal, policy, event, 0, 0, NULL, STAGE_POLICY, rc);
    unsigned kind = event->kind;
    if (kind - ACS_EVENT_VERIFY <= ACS_EVENT_DECIDE - ACS_EVENT_VERIFY)
        return path_of_kind[kind](policy, account, event, record, refusal);
    return apply_unknown(policy, account, event, refusal);
}
