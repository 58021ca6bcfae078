/*
** internal.h: declarations shared between the library's source files.
**
** The caller's acs_account is 256 packed bytes (account.c). Every operation
** checks it first (acs__check, which reads the words that make up the
** account: the header and the holds in force). Most then unpack it into an
** acs__state, a plain struct with one field per fact, work on that, and
** pack it back only when the whole operation succeeded. acs_apply, which a
** program calls for every event, works on the packed words themselves and
** writes the words it changes only once every condition has passed
** (events.c). Either way a refusal changes nothing: that is what makes an
** event "applied whole or refused whole".
*/
#ifndef ACS_INTERNAL_H
#define ACS_INTERNAL_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "acctstate.h"

#define ACS__POLICY_BUILT 0x41435350u /* "ACSP": marks a built policy */

/* Reasons that are grounds for a restriction, and those that are outcomes. */
#define ACS__GROUNDS_MASK                                                  \
    (ACS_REASON_BIT(ACS_REASON_SECURITY_COMPROMISE) |                      \
     ACS_REASON_BIT(ACS_REASON_SUSPICIOUS_ACTIVITY) |                      \
     ACS_REASON_BIT(ACS_REASON_LEGAL_ORDER) |                              \
     ACS_REASON_BIT(ACS_REASON_SANCTIONS) |                                \
     ACS_REASON_BIT(ACS_REASON_KYC_REFRESH) |                              \
     ACS_REASON_BIT(ACS_REASON_TERMS_BREACH) |                             \
     ACS_REASON_BIT(ACS_REASON_ABUSIVE_CONDUCT) |                          \
     ACS_REASON_BIT(ACS_REASON_INACTIVITY) |                               \
     ACS_REASON_BIT(ACS_REASON_USER_REQUEST) |                             \
     ACS_REASON_BIT(ACS_REASON_COMMERCIAL_DECISION) |                      \
     ACS_REASON_BIT(ACS_REASON_PUBLIC_CRITICISM))
#define ACS__OUTCOMES_MASK                                                 \
    (ACS_REASON_BIT(ACS_REASON_REVIEW_CLEARED) |                           \
     ACS_REASON_BIT(ACS_REASON_REQUIREMENT_MET) |                          \
     ACS_REASON_BIT(ACS_REASON_ORDER_LIFTED) |                             \
     ACS_REASON_BIT(ACS_REASON_APPEAL_UPHELD) |                            \
     ACS_REASON_BIT(ACS_REASON_APPEAL_DISMISSED) |                         \
     ACS_REASON_BIT(ACS_REASON_ERROR_CORRECTED) |                          \
     ACS_REASON_BIT(ACS_REASON_DEADLINE_LAPSED))
#define ACS__REASONS_MASK (ACS__GROUNDS_MASK | ACS__OUTCOMES_MASK)
#define ACS__STATUSES_MASK 0x7eu /* bits 1..6 */
#define ACS__ROLES_MASK 0x7eu    /* bits 1..6 */

_Static_assert(ACS_REASON_PUBLIC_CRITICISM < ACS_REASON_GROUND_SLOTS,
               "every ground has a notice slot");
_Static_assert(ACS_REASON_DEADLINE_LAPSED < 64, "reasons fit a 64-bit mask");
_Static_assert(ACS_HOLD_ID_MAX < 0x8000, "hold ids leave the top bit free");
_Static_assert(ACS_HOLDS_MAX <= 15, "hold count fits four bits");


/* For acs_apply's path. ACS__ALWAYS_INLINE: the gates each kind's path
** inlines (events.c), which the compiler would otherwise leave out of line
** once nine paths call them; inlined, each path keeps its values in
** registers and folds its kind's constants. ACS__NOINLINE: rare work kept
** out of the path, so that its locals do not crowd the path's registers.
** (Marking the refusals cold as well made acs_apply slower: a tenth of
** the events are refused.)
** The coverage build (tests/coverage/coverage.mk) defines ACS_COVERAGE:
** there ACS__ALWAYS_INLINE is plain inline, which at -O0 leaves one copy
** of each function, so that each line's branches are counted once and not
** once for every path that inlines it. */
#if defined(__GNUC__) && !defined(ACS_COVERAGE)
#define ACS__ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define ACS__ALWAYS_INLINE inline
#endif
#if defined(__GNUC__)
#define ACS__NOINLINE __attribute__((noinline))
#else
#define ACS__NOINLINE
#endif

/* Hours and days in milliseconds. */
#define ACS__HOUR_MS ((int64_t)3600 * 1000)
#define ACS__DAY_MS (24 * ACS__HOUR_MS)

/* Times take 48 bits in the packed account and in a hold's slot below;
** bit 47 is set in no valid time (ACS_TIME_MAX_MS is 2^47 - 1). */
#define ACS__TIME_BITS 48
#define ACS__TIME_MASK ((UINT64_C(1) << ACS__TIME_BITS) - 1)
#define ACS__TIME_TOP (UINT64_C(1) << 47)
_Static_assert(ACS_TIME_MAX_MS == (int64_t)(ACS__TIME_TOP - 1), "a valid time is below 2^47");

/* Whether time_ms is a valid time. Inline: every function that takes a time
** asks it. */
static inline bool acs__time_ok(int64_t time_ms)
{
    return time_ms >= 0 && time_ms <= ACS_TIME_MAX_MS;
}

/* The packed account, as account.c lays it out and checks it: eight header
** words, then ACS_HOLDS_MAX hold slots of ACS__SLOT_WORDS words each.
** acs_apply reads and changes these words directly; every other operation
** works on the acs__state that acs__unpack decodes from them. */
#define ACS__WORD_ID 0          /* the account id */
#define ACS__WORD_CHANGED 1     /* last change ms (0..47) | next hold id (48..63) */
#define ACS__WORD_CONTROL 2     /* sequence (0..31) | lifecycle (32..39) | flags (40..47) |
                                   notice reason (48..55) | hold count (56..59) |
                                   appeal count (60..63) */
#define ACS__WORD_WINDOW_END 3  /* the window's times, nothing else in their words */
#define ACS__WORD_WINDOW_MAX 4
#define ACS__WORD_WINDOW_PAUSED 5
#define ACS__WORD_APPEALS 6     /* appeal i: deadline (0..47) | target (48..62) | overdue (63) */
#define ACS__WORD_HOLDS 8       /* hold slot i from word 8 + 3i */
#define ACS__HEADER_WORDS 8
#define ACS__CONTROL_LIFECYCLE 32
#define ACS__CONTROL_FLAGS 40
#define ACS__CONTROL_NOTICE 48
#define ACS__CONTROL_HOLDS 56
#define ACS__CONTROL_APPEALS 60
#define ACS__APPEAL_TARGET 48
#define ACS__APPEAL_OVERDUE (UINT64_C(1) << 63)

/* bits bits of word from bit shift, and word with them set to value. */
static inline unsigned acs__bits(uint64_t word, unsigned shift, unsigned bits)
{
    return (unsigned)(word >> shift) & ((1u << bits) - 1u);
}
static inline uint64_t acs__with_bits(uint64_t word, unsigned shift, unsigned bits,
                                      unsigned value)
{
    uint64_t mask = (((uint64_t)1 << bits) - 1u) << shift;
    assert(value < (1u << bits));
    return (word & ~mask) | (uint64_t)value << shift;
}

/* A hold's slot: three words, the same in the account and in acs__state.
**   [ACS__SLOT_ACTOR]   the actor's id
**   [ACS__SLOT_PLACED]  placement time (bits 0..47) | hold id (48..63)
**   [ACS__SLOT_REVIEW]  review deadline (0..47) | level (48..49) |
**                       actor role (50..52) | flags (53..55) | reason (56..63)
** Slots are plain word arrays, read and written as uint64_t like the rest
** of the account. The accessors read and change one field; account.c
** converts a slot to and from an acs_hold. */
#define ACS__SLOT_WORDS 3
#define ACS__SLOT_ACTOR 0
#define ACS__SLOT_PLACED 1
#define ACS__SLOT_REVIEW 2
#define ACS__SLOT_LEVEL 48
#define ACS__SLOT_ROLE 50
#define ACS__SLOT_FLAGS 53
#define ACS__SLOT_REASON 56

static inline unsigned acs__slot_id(const uint64_t *slot)
{
    return (unsigned)(slot[ACS__SLOT_PLACED] >> ACS__TIME_BITS);
}
static inline int64_t acs__slot_placed(const uint64_t *slot)
{
    return (int64_t)(slot[ACS__SLOT_PLACED] & ACS__TIME_MASK);
}
static inline int64_t acs__slot_review(const uint64_t *slot)
{
    return (int64_t)(slot[ACS__SLOT_REVIEW] & ACS__TIME_MASK);
}
static inline unsigned acs__slot_level(const uint64_t *slot)
{
    return acs__bits(slot[ACS__SLOT_REVIEW], ACS__SLOT_LEVEL, 2);
}
static inline unsigned acs__slot_flags(const uint64_t *slot)
{
    return acs__bits(slot[ACS__SLOT_REVIEW], ACS__SLOT_FLAGS, 3);
}
/* The review deadline while it runs (set, and not lapsed into OVERDUE); 0
** when none runs. */
static inline int64_t acs__slot_running(const uint64_t *slot)
{
    bool overdue = (acs__slot_flags(slot) & ACS_HOLD_OVERDUE) != 0;
    return overdue ? 0 : acs__slot_review(slot);
}
/* A slot's review word with its deadline or its flags replaced. */
static inline uint64_t acs__review_with_deadline(uint64_t review, int64_t deadline_ms)
{
    assert(deadline_ms >= 0 && deadline_ms <= ACS_TIME_MAX_MS);
    return (review & ~ACS__TIME_MASK) | (uint64_t)deadline_ms;
}
static inline uint64_t acs__review_with_flags(uint64_t review, unsigned flags)
{
    return acs__with_bits(review, ACS__SLOT_FLAGS, 3, flags);
}
/* The slot of a hold event places: hold id, its actor, role, reason and
** level, placed at its time, review deadline review_ms (0: none). */
static inline void acs__slot_make(uint64_t *slot, const acs_event *event, unsigned id,
                                  int64_t review_ms)
{
    assert(id >= 1 && id <= ACS_HOLD_ID_MAX && review_ms >= 0 && review_ms <= ACS_TIME_MAX_MS);
    slot[ACS__SLOT_ACTOR] = event->actor_id;
    slot[ACS__SLOT_PLACED] = (uint64_t)event->time_ms | (uint64_t)id << ACS__TIME_BITS;
    slot[ACS__SLOT_REVIEW] = (uint64_t)review_ms | (uint64_t)event->level << ACS__SLOT_LEVEL |
                             (uint64_t)event->actor_role << ACS__SLOT_ROLE |
                             (uint64_t)event->reason << ACS__SLOT_REASON;
}

/* The unpacked account. Times are 0 when absent. */
typedef struct acs__appeal {
    int64_t deadline_ms; /* when the answer is due */
    uint16_t target;     /* hold id, 0 for the closure notice */
    bool overdue;
} acs__appeal;

typedef struct acs__state {
    uint64_t id;
    uint32_t sequence;
    int64_t last_change_ms;
    uint8_t lifecycle;
    uint8_t flags;          /* ACS_ACCOUNT_* */
    uint8_t notice_reason;
    uint16_t next_hold_id;  /* the id the next hold gets */
    int64_t window_end_ms;
    int64_t window_max_ms;
    int64_t window_paused_ms;
    unsigned hold_count;
    uint64_t holds[ACS_HOLDS_MAX][ACS__SLOT_WORDS]; /* slots, in order of placement */
    unsigned appeal_count;
    acs__appeal appeals[ACS_APPEALS_MAX];
} acs__state;

/* Whether two byte ranges are equal. A loop rather than memcmp: clang turns
** an equality test of memcmp into a call to bcmp, which is not among the
** few functions the library may call (make symbols-check). */
static inline bool acs__same_bytes(const void *left, const void *right, size_t size)
{
    const uint8_t *a = left;
    const uint8_t *b = right;
    uint8_t differ = 0;
    for (size_t i = 0; i < size; i++) differ |= (uint8_t)(a[i] ^ b[i]);
    return differ == 0;
}

/* Whether a digest is all zero (no evidence): four words, which acs_apply
** asks of an event's evidence. */
static inline bool acs__digest_zero(const uint8_t digest[ACS_DIGEST_SIZE])
{
    uint64_t words[ACS_DIGEST_SIZE / 8];
    memcpy(words, digest, sizeof(words));
    return (words[0] | words[1] | words[2] | words[3]) == 0;
}

/* Whether size bytes are all zero (reserved fields). Eight bytes at a
** time. */
static inline bool acs__all_zero(const void *bytes, size_t size)
{
    const uint8_t *b = bytes;
    uint64_t any = 0;
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        uint64_t word;
        memcpy(&word, b + i, sizeof(word));
        any |= word;
    }
    for (; i < size; i++) any |= b[i];
    return any == 0;
}

/* What acs__check learns while it checks an account, so that acs_apply
** need not walk the holds again: the account's status (acs__status), the
** strictest level of its holds (0: none) and its earliest running deadline
** (acs__next_deadline; 0 when none). */
typedef struct acs__facts {
    int64_t due_ms;
    uint8_t status;
    uint8_t strictest;
} acs__facts;

/* account.c: the packed layout. acs__check (below, inline) is the one test
** of whether bytes are a valid account; unpack checks and decodes, pack
** writes every word. */
int acs__unpack(acs__state *state, const acs_account *account);
void acs__pack(acs_account *account, const acs__state *state);
acs_hold acs__hold_of(const uint64_t *slot);
int acs__hold_index(const acs__state *state, unsigned hold_id);
int acs__appeal_index(const acs__state *state, unsigned target);
void acs__hold_remove(acs__state *state, unsigned index);
void acs__appeal_remove(acs__state *state, unsigned index);

/* status.c: what the account is and may do. acs__status is here, inline,
** with acs__status_of, which acs__check uses on the way: the stricter
** of what the lifecycle gives and what the strictest hold gives. */
static inline uint8_t acs__status_of(unsigned lifecycle, unsigned strictest_level)
{
    /* Indexed by acs_lifecycle, then by the strictest acs_level held (0:
    ** none): what the lifecycle gives, or the hold's status where that is
    ** stricter. Nothing is stricter than CLOSED. */
    static const uint8_t of[ACS_LIFECYCLE_CLOSED + 1][ACS_LEVEL_SUSPENDED + 1] = {
        [ACS_LIFECYCLE_PENDING] = {ACS_STATUS_PENDING, ACS_STATUS_WITHDRAWAL_ONLY,
                                   ACS_STATUS_FROZEN, ACS_STATUS_SUSPENDED},
        [ACS_LIFECYCLE_OPEN] = {ACS_STATUS_ACTIVE, ACS_STATUS_WITHDRAWAL_ONLY, ACS_STATUS_FROZEN,
                                ACS_STATUS_SUSPENDED},
        [ACS_LIFECYCLE_CLOSING] = {ACS_STATUS_WITHDRAWAL_ONLY, ACS_STATUS_WITHDRAWAL_ONLY,
                                   ACS_STATUS_FROZEN, ACS_STATUS_SUSPENDED},
        [ACS_LIFECYCLE_CLOSED] = {ACS_STATUS_CLOSED, ACS_STATUS_CLOSED, ACS_STATUS_CLOSED,
                                  ACS_STATUS_CLOSED},
    };
    _Static_assert(ACS_STATUS_PENDING < ACS_STATUS_WITHDRAWAL_ONLY &&
                       ACS_STATUS_WITHDRAWAL_ONLY == ACS_LEVEL_WITHDRAWAL_ONLY + 2 &&
                       ACS_STATUS_SUSPENDED == ACS_LEVEL_SUSPENDED + 2,
                   "a hold's status is its level + 2, stricter than PENDING");
    assert(lifecycle - ACS_LIFECYCLE_PENDING <= ACS_LIFECYCLE_CLOSED - ACS_LIFECYCLE_PENDING &&
           strictest_level <= ACS_LEVEL_SUSPENDED);
    return of[lifecycle][strictest_level];
}
static inline uint8_t acs__status(const acs__state *state)
{
    unsigned level_max = 0;
    for (unsigned i = 0; i < state->hold_count; i++) {
        unsigned level = acs__slot_level(state->holds[i]);
        if (level > level_max) level_max = level;
    }
    uint8_t status = acs__status_of(state->lifecycle, level_max);
    assert(status >= ACS_STATUS_ACTIVE && status <= ACS_STATUS_CLOSED);
    return status;
}
unsigned acs__capabilities(const acs_policy *policy, uint8_t status);
/* The withdrawal window's part of an account: its flags (ACS_ACCOUNT_*)
** and times, as acs__state and the packed words both hold them. */
typedef struct acs__window {
    uint8_t flags;
    int64_t end_ms;
    int64_t max_ms;
    int64_t paused_ms;
} acs__window;
/* Pause or resume the window of an account of lifecycle after a change at
** now_ms that left it with status (acs__status of the account). */
void acs__window_follow(const acs_policy *policy, unsigned lifecycle, acs__window *window,
                        uint8_t status, int64_t now_ms);

/* calendar.c: periods and business days. */
bool acs__period_ok(acs_period period);
int acs__calendar_check(const acs_calendar *calendar, int *index);
int64_t acs__date_day(uint32_t date);
/* The end of count business days of calendar from from_ms (count >= 1). */
int64_t acs__business_end(const acs_calendar *calendar, uint32_t count, int64_t from_ms);
/* The end of a valid period from from_ms, even past ACS_TIME_MAX_MS (it
** stays far below 2^63: from_ms < 2^47 and a period is at most 10000 * 7 +
** 256 days). Inline, as every HOLD asks it; only business days are
** counted out of line. */
static inline int64_t acs__period_reach(const acs_calendar *calendar, acs_period period,
                                        int64_t from_ms)
{
    switch (period.unit) {
    case ACS_UNIT_HOURS: return from_ms + (int64_t)period.count * ACS__HOUR_MS;
    case ACS_UNIT_DAYS: return from_ms + (int64_t)period.count * ACS__DAY_MS;
    case ACS_UNIT_BUSINESS_DAYS: return acs__business_end(calendar, period.count, from_ms);
    default: assert(period.unit == ACS_UNIT_NONE); return from_ms;
    }
}
/* The end of a valid period from from_ms: ACS_OK or ACS_E_TIME_RANGE. */
static inline int acs__period_end(const acs_calendar *calendar, acs_period period,
                                  int64_t from_ms, int64_t *end_ms)
{
    int64_t end = acs__period_reach(calendar, period, from_ms);
    if (end > ACS_TIME_MAX_MS) return ACS_E_TIME_RANGE;
    *end_ms = end;
    return ACS_OK;
}
/* The shortest time a period can last (a business day counts as a day). */
int64_t acs__period_min_ms(acs_period period);

/* policy.c, fingerprint.c. acs__policy_usable is inline: every operation
** that takes a policy asks it first. */
static inline int acs__policy_usable(const acs_policy *policy)
{
    if (policy == NULL) return ACS_E_NULL;
    if (policy->built != ACS__POLICY_BUILT) return ACS_E_POLICY_UNBUILT;
    return ACS_OK;
}
void acs__policy_fingerprint(const acs_policy_rules *rules, uint8_t out[ACS_DIGEST_SIZE]);

/* What a refusal of acs_apply names beyond its code and the event: the role
** or the reason at fault and the bound that refused the event (0 when
** none). acs_apply fills the acs_refusal from it only when it refuses. */
typedef struct acs__fault {
    int64_t limit_ms;
    uint8_t role;
    uint8_t reason;
} acs__fault;

/* permit.h: the policy's rule for an event, on an account of status
** (acs__permit, inline; on a refusal it fills the role and reason of
** *fault). */
/* Inline: the misuse checks and acs__unpack ask these for every field. */
/* Both without a branch, so that callers can gather several tests into
** one flag. */
static inline bool acs__is_valid_enum_role(unsigned role)
{
    return role - ACS_ROLE_USER <= ACS_ROLE_SYSTEM - ACS_ROLE_USER;
}
static inline bool acs__is_valid_reason(unsigned reason)
{
    return (reason < 64) & (((ACS__REASONS_MASK >> (reason & 63u)) & 1u) != 0);
}

/* account.c, partly inline here: the one test of whether bytes are a valid
** account (the layout is account.c's). It reads every word that makes up
** the account, each once, and no other: the header, the holds in force and
** the end mark after them. The tests of the common header and of the
** holds are inline, so that acs_apply, which every event goes through,
** makes them without a call; any other header is checked out of line. */

/* The holds in force, checked in place in order of placement, then the end
** mark after the last. What it finds: the earliest running review deadline
** (0 when none) and the strictest level held (0: none), or strictest
** ACS__HOLDS_CORRUPT when a hold or the end mark is not valid.
** A hold's slot is valid when it has an id above the one before it and
** below the next hold id (which keeps it in 1 .. ACS_HOLD_ID_MAX), is not
** placed after the last change (which keeps the placement below 2^47 too),
** has a review deadline below 2^47, a level, a known role and reason, no
** unknown flag; an overdue hold has a deadline, and a running one is not
** before the last change (advance applies each deadline in time order).
** Every hold of every account goes through these tests, so they are few:
** account.c's table acs__level_of_bytes tests the two top bytes of the
** review word at once. Inline, for acs_apply. */
typedef struct acs__holds_found {
    int64_t due_ms;
    unsigned strictest;
} acs__holds_found;
#define ACS__HOLDS_CORRUPT 4u
extern const uint8_t acs__level_of_bytes[512];
static ACS__ALWAYS_INLINE acs__holds_found acs__check_holds(const uint64_t *words)
{
    acs__holds_found corrupt = {0, ACS__HOLDS_CORRUPT};
    uint64_t changed = words[ACS__WORD_CHANGED];
    unsigned count = acs__bits(words[ACS__WORD_CONTROL], ACS__CONTROL_HOLDS, 4);
    unsigned next_id = (unsigned)(changed >> ACS__TIME_BITS);
    uint64_t last_change_ms = changed & ACS__TIME_MASK;
    unsigned previous = 0;
    unsigned level_max = 0;
    uint64_t first_due = UINT64_MAX; /* the earliest running deadline */
    const uint64_t *slot = &words[ACS__WORD_HOLDS];
    const uint64_t *end = &words[ACS__WORD_HOLDS + ACS__SLOT_WORDS * count];
    for (; slot != end; slot += ACS__SLOT_WORDS) {
        uint64_t placed = slot[ACS__SLOT_PLACED];
        uint64_t review = slot[ACS__SLOT_REVIEW];
        unsigned id = (unsigned)(placed >> ACS__TIME_BITS);
        uint64_t deadline = review & ACS__TIME_MASK;
        unsigned level = acs__level_of_bytes[review >> ACS__SLOT_LEVEL & 0xffu] |
                         acs__level_of_bytes[256 + (review >> ACS__SLOT_REASON)];
        if (id <= previous || id >= next_id) return corrupt;
        if ((placed & ACS__TIME_MASK) > last_change_ms || level >= ACS__HOLDS_CORRUPT)
            return corrupt;
        if (review & (ACS__TIME_TOP | ((uint64_t)ACS_HOLD_OVERDUE << ACS__SLOT_FLAGS))) {
            /* Rare: bit 47 set, or overdue, which needs a deadline. */
            if ((review & ACS__TIME_TOP) != 0 || deadline == 0) return corrupt;
        } else if (deadline != 0) {
            if (deadline < last_change_ms) return corrupt;
            if (deadline < first_due) first_due = deadline;
        }
        if (level > level_max) level_max = level;
        previous = id;
    }
    /* The end mark, where the holds leave room for it. */
    if (slot != words + ACS_ACCOUNT_SIZE / 8 && slot[ACS__SLOT_PLACED] != 0) return corrupt;
    acs__holds_found held = {first_due == UINT64_MAX ? 0 : (int64_t)first_due, level_max};
    return held;
}

/* A header that is not plain (acs__plain_header, below): its own fields,
** the window, the holds and the appeals, then the window's end joins the
** deadlines; the same findings as acs__check_holds. Out of line: few
** accounts have such a header. */
acs__holds_found acs__check_unusual(const uint64_t *words);

/* Whether the header (words 0..7) is that of most accounts and valid: not
** CLOSING and without appeals, so that the window words, the appeal words,
** the account flags, the notice reason and the appeal count are all zero
** (what the checks of acs__check_unusual ask of such an account), with the
** remaining fields in range: lifecycle PENDING, OPEN or CLOSED, a sequence,
** a last change below 2^47, a next hold id in 1 .. ACS_HOLD_ID_MAX + 1 and
** at most ACS_HOLDS_MAX holds. Such a header is checked with one test of
** those words together and a few of the rest; any other goes through
** acs__check_unusual, which decides. */
static ACS__ALWAYS_INLINE bool acs__plain_header(const uint64_t *words)
{
    uint64_t changed = words[ACS__WORD_CHANGED];
    uint64_t control = words[ACS__WORD_CONTROL];
    /* Bits of the control word a plain header leaves clear: the top five
    ** of the lifecycle (so it is below 8), the flags, the notice reason and
    ** the appeal count. */
    const uint64_t control_clear = UINT64_C(0xf8) << ACS__CONTROL_LIFECYCLE |
                                   UINT64_C(0xffff) << ACS__CONTROL_FLAGS |
                                   UINT64_C(0xf) << ACS__CONTROL_APPEALS;
    /* Lifecycles 1, 2 and 4: PENDING, OPEN and CLOSED. */
    const unsigned plain_lifecycles = 1u << ACS_LIFECYCLE_PENDING | 1u << ACS_LIFECYCLE_OPEN |
                                      1u << ACS_LIFECYCLE_CLOSED;
    uint64_t zero = words[ACS__WORD_WINDOW_END] | words[ACS__WORD_WINDOW_MAX] |
                    words[ACS__WORD_WINDOW_PAUSED] | words[ACS__WORD_APPEALS] |
                    words[ACS__WORD_APPEALS + 1] | (control & control_clear) |
                    (changed & ACS__TIME_TOP);
    unsigned lifecycle = acs__bits(control, ACS__CONTROL_LIFECYCLE, 3);
    unsigned next_hold_id = (unsigned)(changed >> ACS__TIME_BITS);
    unsigned holds = acs__bits(control, ACS__CONTROL_HOLDS, 4);
    /* One branch a test, each taken only by an unusual header. */
    if (zero != 0 || ((plain_lifecycles >> lifecycle) & 1u) == 0) return false;
    if ((uint32_t)control == 0 || next_hold_id - 1u > ACS_HOLD_ID_MAX) return false;
    return holds <= ACS_HOLDS_MAX;
}

/* Reads only the words that make up the account, each once. */
static ACS__ALWAYS_INLINE int acs__check(const acs_account *account, acs__facts *facts)
{
    const uint64_t *words = account->opaque;
    acs__holds_found held = acs__plain_header(words) ? acs__check_holds(words)
                                                     : acs__check_unusual(words);
    if (held.strictest == ACS__HOLDS_CORRUPT) return ACS_E_ACCOUNT_CORRUPT;
    /* Nothing runs on a closed account (acs__next_deadline). */
    unsigned lifecycle = acs__bits(words[ACS__WORD_CONTROL], ACS__CONTROL_LIFECYCLE, 8);
    facts->due_ms = lifecycle == ACS_LIFECYCLE_CLOSED ? 0 : held.due_ms;
    facts->strictest = (uint8_t)held.strictest;
    facts->status = acs__status_of(lifecycle, held.strictest);
    return ACS_OK;
}

/* deadlines.c */
int64_t acs__next_deadline(const acs__state *state, int *kind);
/* acs__time_ok: above, with the packed times. */
int acs__add_time(int64_t base_ms, int64_t period_ms, int64_t *out_ms);

/* records.c: a record is filled in three steps around a change. begin
** clears it and says what the account was (its id, status and lifecycle
** before the change), event what was asked, end what the account became
** (status_after is acs__status of *after). */
bool acs__is_denial_code(int code);
_Static_assert(sizeof(acs_record) == 16 + 8 * 8 + 4 * ACS_DIGEST_SIZE,
               "a record has no padding: acs__record_begin writes every byte");
/* Inline, so that in acs_apply the compiler writes each field once: begin
** writes every field (the record has no padding), and the stores event and
** end repeat are dropped. A memset or a copy of an empty record would cost
** more than filling it. */
static inline void acs__record_begin(acs_record *record, const acs_policy *policy,
                                     uint64_t account_id, uint8_t status_before,
                                     uint8_t lifecycle_before, int64_t time_ms, int kind)
{
    assert(kind > 0 && kind <= ACS_EVENT_WINDOW_ENDED);
    record->format_version = ACS_RECORD_VERSION;
    record->kind = (uint8_t)kind;
    record->reason = 0;
    record->flags = 0;
    record->actor_role = 0;
    record->approver_role = 0;
    record->status_before = status_before;
    record->status_after = 0;
    record->lifecycle_before = lifecycle_before;
    record->lifecycle_after = 0;
    record->hold_level = 0;
    record->reserved0 = 0;
    record->hold_id = 0;
    record->refusal = 0;
    record->account_id = account_id;
    record->sequence = 0;
    record->time_ms = time_ms;
    record->actor_id = 0;
    record->approver_id = 0;
    record->deadline_ms = 0;
    record->previous_deadline_ms = 0;
    record->window_end_ms = 0;
    memset(record->evidence, 0, ACS_DIGEST_SIZE);
    memcpy(record->policy_fingerprint, policy->fingerprint, ACS_DIGEST_SIZE);
    memset(record->previous_hash, 0, ACS_DIGEST_SIZE);
    memset(record->hash, 0, ACS_DIGEST_SIZE);
}
static inline void acs__record_event(acs_record *record, const acs_event *event)
{
    record->reason = event->reason;
    record->actor_id = event->actor_id;
    record->actor_role = event->actor_role;
    record->approver_id = event->approver_id;
    record->approver_role = event->approver_role;
    record->hold_id = event->hold_id;
    memcpy(record->evidence, event->evidence, ACS_DIGEST_SIZE);
    if (event->flags & ACS_EVENT_FUNDS_HELD) record->flags |= ACS_RECORD_FUNDS_HELD;
}
static inline void acs__record_end(acs_record *record, const acs__state *after,
                                   uint8_t status_after)
{
    assert(after->sequence >= 1);
    record->sequence = after->sequence;
    record->status_after = status_after;
    record->lifecycle_after = after->lifecycle;
    record->window_end_ms = after->lifecycle == ACS_LIFECYCLE_CLOSING ? after->window_end_ms : 0;
}

/* sha256.c, sha256_shani.c: the block function, over count 64-byte blocks.
** acs__sha256_blocks is the one the library calls: the SHA-NI function where
** it is built and the processor has it, else the portable one. The SHA-NI
** path needs GNU indirect functions, which glibc supports and musl does
** not. */
#if defined(__x86_64__) && defined(__ELF__) && defined(__GNUC__) && defined(__GLIBC__) && \
    !defined(ACS_SHA256_PORTABLE)
#define ACS__SHA256_SHANI 1
#else
#define ACS__SHA256_SHANI 0
#endif
/* K of FIPS 180-4 section 4.2.2, 16-byte aligned. */
extern const uint32_t acs__sha256_round_constants[64];
void acs__sha256_blocks(uint32_t state[8], const uint8_t *blocks, size_t count);
void acs__sha256_blocks_portable(uint32_t state[8], const uint8_t *blocks, size_t count);
#if ACS__SHA256_SHANI
void acs__sha256_blocks_shani(uint32_t state[8], const uint8_t *blocks, size_t count);
#endif
/* A short message hashed without a context: acs__sha256_in_place pads the
** length bytes at the start of buffer in place (buffer holds at least
** acs__sha256_padded_size(length) bytes) and hashes the padded blocks with
** one call of the block function. The chain hash, whose message has one
** fixed length, uses it: a context's buffering costs more than a block. */
size_t acs__sha256_padded_size(size_t length);
void acs__sha256_in_place(uint8_t *buffer, size_t length, uint8_t out[ACS_SHA256_SIZE]);
/* 1 when acs__sha256_blocks is the SHA-NI function, for tests. */
int acs__sha256_shani_usable(void);

/* encode.c: every field of a record within its enum, reserved bits clear,
** and the version one this library writes. ACS_OK or the code decode gives. */
int acs__record_check(const acs_record *record);

/* text.c: writing into a caller's buffer with snprintf's contract. len
** counts the whole text, even past cap; acs__writer_end NUL-terminates what
** fits and returns len. */
typedef struct acs__writer {
    char *buf;
    size_t cap;
    size_t len;
} acs__writer;
void acs__writer_init(acs__writer *w, char *buf, size_t cap);
void acs__put_char(acs__writer *w, char c);
void acs__put(acs__writer *w, const char *text);
void acs__put_bytes(acs__writer *w, const char *bytes, size_t size);
void acs__put_number(acs__writer *w, uint64_t value, int width); /* >= width digits */
void acs__put_signed(acs__writer *w, int64_t value);
void acs__put_name(acs__writer *w, const char *name); /* NULL: "unknown" */
size_t acs__writer_end(acs__writer *w);

/* graph.c: what a policy lets happen to an account, on abstract accounts.
** An abstract account is its lifecycle and the set of hold levels in force
** (several holds of one level count once): 4 x 8 = 32 states, numbered
** (lifecycle - 1) * 8 + levels, where bit (level - 1) of levels is set for
** each level held. Its status is what acs__status gives an account with
** that lifecycle and one hold of each level held (acs__state_status).
** A step is one event the policy permits from the state's status (by some
** role in actor_roles, for some reason the rule admits and the policy does
** not name never valid), or one deadline acs_advance applies, that changes
** the state; nothing applies to a CLOSED account, so no step leaves one:
**   VERIFY PENDING -> OPEN; HOLD adds its level; LIFT removes one level
**   held; NOTICE OPEN -> CLOSING; RESCIND CLOSING -> OPEN; CLOSE CLOSING ->
**   CLOSED, and PENDING or OPEN -> CLOSED when the rule admits the customer
**   (USER) with USER_REQUEST; DECIDE upholding an appeal (APPEAL and DECIDE
**   both permitted from the status, APPEAL_UPHELD valid for DECIDE) removes
**   one level held (when appeal_window is not none: the library would take
**   an appeal at the very millisecond of placement, but no customer can)
**   or takes CLOSING back to OPEN; a review that lapses removes a level when
**   LAPSE_LIFTS is set and the level has a default review period or a
**   maximum (under which the actor may give a deadline). EXTEND and APPEAL
**   change no state. Each step keeps every other part of the state.
** A step exists when some account in the state could take it: holds that
** were appealed already, appeal windows that have passed and the limit on
** holds are not followed. An appeal made in one status and answered in
** another is not followed either (the linter's NO_APPEAL_ANSWER reports
** rules where DECIDE is not permitted wherever APPEAL is).
** Masks with unknown bits are read as their known bits, so rules that
** acs_policy_build refuses can still be drawn and linted. */
#define ACS__STATES 32
#define ACS__STEP_LAPSE 11 /* bit of a lapsed review in acs__graph.steps */
typedef struct acs__graph {
    uint32_t next[ACS__STATES]; /* bit j of next[i]: a step leads from state i to j */
    uint32_t reachable;         /* states reachable from (PENDING, no hold) */
    uint32_t statuses;          /* ACS_STATUS_BIT of each status reachable */
    uint32_t rules_used;        /* bit r: rule r permits its event (some
                                   role, some reason) from the status of a
                                   reachable state that is not CLOSED */
    /* steps[a][b], a != b: bit r (acs_rule_index) when rule r's event, or bit
    ** ACS__STEP_LAPSE when a lapsed review, takes a reachable state of
    ** status a to one of status b. */
    uint32_t steps[ACS_STATUS_COUNT][ACS_STATUS_COUNT];
} acs__graph;
uint8_t acs__state_status(unsigned state);
void acs__graph_build(const acs_policy_rules *rules, acs__graph *graph);
/* The states reachable from the set from (included) by steps of graph. */
uint32_t acs__graph_closure(const acs__graph *graph, uint32_t from);

/* explain.c / errors.c */
bool acs__is_code(int code);

/* names.c: the names the policy text uses, by set. A set maps a position
** 0 .. ACS__NAME_POSITIONS - 1 to a name, or to NULL where it has none: the
** value itself for statuses, roles, reasons, levels, weekdays, rule indexes
** and units (plural: "days"), the bit number for capabilities and policy
** flags. acs__name_position is the way back, from length bytes of text
** (no NUL needed) to the position, or -1. */
typedef enum acs__name_set {
    ACS__NAMES_STATUS,
    ACS__NAMES_ROLE,
    ACS__NAMES_REASON,
    ACS__NAMES_LEVEL,
    ACS__NAMES_CAPABILITY,
    ACS__NAMES_WEEKDAY,
    ACS__NAMES_POLICY_FLAG,
    ACS__NAMES_RULE,
    ACS__NAMES_UNIT
} acs__name_set;
#define ACS__NAME_POSITIONS 64
const char *acs__name_at(acs__name_set set, unsigned position);
int acs__name_position(acs__name_set set, const char *text, size_t length);

/* policy.c: acs_policy_build's checks, for a caller that reports a problem
** in its own terms (the policy parser points at the statement at fault).
** They return what acs_policy_build returns for non-NULL arguments and fill
** *problem (may be NULL) the same way, without building anything.
** acs__policy_check_part also says which part of the rules is at fault. */
typedef enum acs__policy_part {
    ACS__PART_NONE,              /* no problem */
    ACS__PART_RESERVED,          /* a reserved field (ACS_E_RESERVED) */
    ACS__PART_NAME,
    ACS__PART_FLAGS,
    ACS__PART_NEVER_VALID,
    ACS__PART_RULE,              /* problem->rule is the rule */
    ACS__PART_REVIEW,            /* problem->index is the level */
    ACS__PART_NOTICE,            /* problem->index is the reason */
    ACS__PART_WINDOW_EXTENSION,
    ACS__PART_APPEAL_WINDOW,
    ACS__PART_APPEAL_ANSWER,     /* also ACS_P_APPEAL_PERIOD */
    ACS__PART_CAPABILITIES,      /* problem->index is the status */
    ACS__PART_CALENDAR           /* problem->index is the holiday, or -1 */
} acs__policy_part;
int acs__policy_check(const acs_policy_rules *rules, acs_policy_problem *problem);
int acs__policy_check_part(const acs_policy_rules *rules, acs_policy_problem *problem,
                           acs__policy_part *part);
/* A policy name acs_policy_build accepts (and the policy text can quote). */
bool acs__policy_name_ok(const char *name);

/* policy_format.c: the parts of the policy text that the parser and the
** formatter share. A rule block has up to ACS__RULE_FIELDS lines, in this
** order: from, actors, approvers, reasons, evidence; each names a set and
** reads or writes one mask of the rule. The periods written alone on their
** line (window-extension-max, appeal-window, appeal-answer) are numbered
** 0 .. ACS__SINGLE_PERIODS - 1 in that order. */
#define ACS__RULE_FIELDS 5
#define ACS__RULE_FIELD_FROM 0
#define ACS__RULE_FIELD_REASONS 3
#define ACS__RULE_FIELD_EVIDENCE 4
const char *acs__rule_field_keyword(int field);
acs__name_set acs__rule_field_names(int field);
uint64_t acs__rule_field_get(const acs_rule *rule, int field);
void acs__rule_field_set(acs_rule *rule, int field, uint64_t mask);
#define ACS__SINGLE_PERIODS 3
const char *acs__single_period_keyword(int which);
acs_period acs__single_period_get(const acs_policy_rules *rules, int which);
void acs__single_period_set(acs_policy_rules *rules, int which, acs_period period);
/* A YYYYMMDD number as YYYY-MM-DD, and minutes east of UTC as +HH:MM, as the
** policy text writes them (any value: messages show invalid ones too). */
void acs__put_date(acs__writer *w, uint32_t date);
void acs__put_utc_offset(acs__writer *w, int32_t minutes);

#endif /* ACS_INTERNAL_H */
