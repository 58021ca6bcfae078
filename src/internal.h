/*
** internal.h: declarations shared between the library's source files.
**
** The caller's acs_account is 256 packed bytes (account.c). Every operation
** unpacks it into an acs__state, a plain struct with one field per fact,
** works on that, and packs it back only when the whole operation succeeded.
** That is what makes an event "applied whole or refused whole": a refusal
** simply never reaches the pack.
*/
#ifndef ACS_INTERNAL_H
#define ACS_INTERNAL_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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


/* Hours and days in milliseconds. */
#define ACS__HOUR_MS ((int64_t)3600 * 1000)
#define ACS__DAY_MS (24 * ACS__HOUR_MS)

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
    acs_hold holds[ACS_HOLDS_MAX];
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

/* Whether size bytes are all zero (reserved fields, absent digests). */
static inline bool acs__all_zero(const void *bytes, size_t size)
{
    const uint8_t *b = bytes;
    uint8_t any = 0;
    for (size_t i = 0; i < size; i++) any |= b[i];
    return any == 0;
}

/* account.c: the packed layout. unpack validates every field. */
int acs__unpack(acs__state *state, const acs_account *account);
void acs__pack(acs_account *account, const acs__state *state);
int acs__hold_index(const acs__state *state, unsigned hold_id);
int acs__appeal_index(const acs__state *state, unsigned target);
void acs__hold_remove(acs__state *state, unsigned index);
void acs__appeal_remove(acs__state *state, unsigned index);

/* status.c: what the account is and may do. acs__status is here, inline,
** because every operation asks for it several times: the stricter of what
** the lifecycle gives and what the strictest hold gives. */
static inline uint8_t acs__status(const acs__state *state)
{
    /* What the lifecycle alone gives, indexed by acs_lifecycle. */
    static const uint8_t of_lifecycle[] = {
        [ACS_LIFECYCLE_PENDING] = ACS_STATUS_PENDING,
        [ACS_LIFECYCLE_OPEN] = ACS_STATUS_ACTIVE,
        [ACS_LIFECYCLE_CLOSING] = ACS_STATUS_WITHDRAWAL_ONLY,
        [ACS_LIFECYCLE_CLOSED] = ACS_STATUS_CLOSED,
    };
    /* What a hold alone gives, indexed by acs_level. */
    static const uint8_t of_level[] = {
        [ACS_LEVEL_WITHDRAWAL_ONLY] = ACS_STATUS_WITHDRAWAL_ONLY,
        [ACS_LEVEL_FROZEN] = ACS_STATUS_FROZEN,
        [ACS_LEVEL_SUSPENDED] = ACS_STATUS_SUSPENDED,
    };
    assert(state->lifecycle >= ACS_LIFECYCLE_PENDING);
    assert(state->lifecycle <= ACS_LIFECYCLE_CLOSED);
    uint8_t status = of_lifecycle[state->lifecycle];
    if (status == ACS_STATUS_CLOSED) return status;
    for (unsigned i = 0; i < state->hold_count; i++) {
        uint8_t held = of_level[state->holds[i].level];
        if (held > status) status = held;
    }
    assert(status >= ACS_STATUS_ACTIVE && status < ACS_STATUS_CLOSED);
    return status;
}
unsigned acs__capabilities(const acs_policy *policy, uint8_t status);
void acs__window_follow(const acs_policy *policy, acs__state *state,
                        int64_t now_ms);

/* calendar.c: periods and business days. */
bool acs__period_ok(acs_period period);
int acs__calendar_check(const acs_calendar *calendar, int *index);
int64_t acs__date_day(uint32_t date);
/* The end of a valid period from from_ms, even past ACS_TIME_MAX_MS (it
** stays far below 2^63). */
int64_t acs__period_reach(const acs_calendar *calendar, acs_period period, int64_t from_ms);
/* The end of a valid period from from_ms: ACS_OK or ACS_E_TIME_RANGE. */
int acs__period_end(const acs_calendar *calendar, acs_period period, int64_t from_ms,
                    int64_t *end_ms);
/* The shortest time a period can last (a business day counts as a day). */
int64_t acs__period_min_ms(acs_period period);

/* policy.c, fingerprint.c */
int acs__policy_usable(const acs_policy *policy);
void acs__policy_fingerprint(const acs_policy_rules *rules, uint8_t out[ACS_DIGEST_SIZE]);

/* permit.c: the policy's rule for an event. */
int acs__permit(const acs_policy *policy, const acs__state *state,
                const acs_event *event, acs_refusal *why);
/* Inline: the misuse checks and acs__unpack ask these for every field. */
static inline bool acs__is_valid_enum_role(unsigned role)
{
    return role >= ACS_ROLE_USER && role <= ACS_ROLE_SYSTEM;
}
static inline bool acs__is_valid_reason(unsigned reason)
{
    return reason < 64 && (ACS__REASONS_MASK & ACS_REASON_BIT(reason)) != 0;
}

/* deadlines.c */
int64_t acs__next_deadline(const acs__state *state, int *kind);
static inline bool acs__time_ok(int64_t time_ms) /* inline, as above */
{
    return time_ms >= 0 && time_ms <= ACS_TIME_MAX_MS;
}
int acs__add_time(int64_t base_ms, int64_t period_ms, int64_t *out_ms);

/* records.c */
bool acs__is_denial_code(int code);
void acs__record_begin(acs_record *record, const acs_policy *policy,
                       const acs__state *before, int64_t time_ms, int kind);
void acs__record_event(acs_record *record, const acs_event *event);
void acs__record_end(acs_record *record, const acs__state *after);

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
