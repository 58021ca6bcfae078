/*
** acctstate.h: the public interface of libacctstate.
**
** acctstate models the status of a customer's account at a crypto exchange:
** its lifecycle, the holds that restrict it, the events that change it, the
** policy that permits or refuses each event, the deadlines that run on it and
** one audit record for every change. It performs no I/O, reads no clock,
** allocates no memory and keeps no global state: every structure below is
** owned by the caller and every function is reentrant. A built policy is
** read-only and may be shared between threads.
**
** Conventions that hold for every function:
**   - Times are milliseconds since 1970-01-01 UTC, supplied by the caller, in
**     the range 0 .. ACS_TIME_MAX_MS. A deadline field of 0 means "none".
**   - Fallible functions return an int: ACS_OK (0) on success, a negative
**     code from acs_code otherwise. Misuse codes (ACS_E_*) are distinct from
**     policy refusals (ACS_R_*) and from policy-table problems (ACS_P_*).
**   - A call that fails leaves the account and every output exactly as they
**     were, byte for byte.
**   - Enum values are pinned numbers that reach stored records: they are
**     never renumbered; new values are only appended.
**
** Each declaration says the version it appeared in ("Since 0.1.0"). Version
** 0.2.0 replaced the policy's millisecond periods by acs_period values and
** added the calendar, the policy text format, the linter and the diagram.
*/
#ifndef ACCTSTATE_H
#define ACCTSTATE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------
** Version.
** ACS_VERSION_NUMBER is MAJOR * 10000 + MINOR * 100 + PATCH. Compare it with
** acs_version_number() to check that the header a program was compiled with
** matches the library it runs with.
*/
#define ACS_VERSION_MAJOR 0
#define ACS_VERSION_MINOR 2
#define ACS_VERSION_PATCH 0
#define ACS_VERSION_NUMBER \
    (ACS_VERSION_MAJOR * 10000 + ACS_VERSION_MINOR * 100 + ACS_VERSION_PATCH)
#define ACS_VERSION_STRING "0.2.0"

/* Symbols are exported from the shared library through ACS_API; everything
** else is built with hidden visibility. */
#if defined(_WIN32) && defined(ACS_BUILDING_DLL)
#define ACS_API __declspec(dllexport)
#elif defined(__GNUC__) && defined(ACS_BUILDING)
#define ACS_API __attribute__((visibility("default")))
#else
#define ACS_API
#endif

/* The library's version as ACS_VERSION_NUMBER of the build. Since 0.1.0. */
ACS_API unsigned acs_version_number(void);
/* The library's version as ACS_VERSION_STRING of the build; a static
** string, never NULL. Since 0.1.0. */
ACS_API const char *acs_version_string(void);

/* ------------------------------------------------------------------------
** Limits. Each is a named constant; the library checks every one.
*/
#define ACS_HOLDS_MAX 8           /* holds in force at once on one account */
#define ACS_APPEALS_MAX 2         /* appeals open at once on one account */
#define ACS_HOLD_ID_MAX 0x7fff    /* hold ids run 1 .. ACS_HOLD_ID_MAX */
#define ACS_SEQUENCE_MAX 0xffffffffu /* changes one account can record */
/* Every deadline the account can carry at once: one review deadline per
** hold, one answer deadline per appeal and the withdrawal-window end.
** acs_advance never applies more than this many in one call. */
#define ACS_DEADLINES_MAX (ACS_HOLDS_MAX + ACS_APPEALS_MAX + 1)
/* The latest time the library represents: 2^47 - 1 ms, in the year 6429.
** A time, a period, or a deadline computed from them beyond it is refused
** with ACS_E_TIME_RANGE. */
#define ACS_TIME_MAX_MS ((int64_t)0x7fffffffffffLL)
#define ACS_POLICY_NAME_MAX 32    /* bytes, including the terminating NUL */
#define ACS_DIGEST_SIZE 32        /* evidence digests and hashes, bytes */
#define ACS_EXPLAIN_MAX 256       /* longest explanation, with its NUL */
#define ACS_MESSAGE_MAX 160       /* longest parse or lint sentence, with its NUL */
#define ACS_PERIOD_COUNT_MAX 10000 /* largest count of a policy period */
#define ACS_HOLIDAYS_MAX 256      /* holiday dates in one calendar */

/* The account value: 256 bytes with 8 holds. */
#define ACS_ACCOUNT_SIZE 256

/* ------------------------------------------------------------------------
** Result codes. 0 is success; negative values are failures. The numbers are
** pinned. acs_strerror() and acs_code_name() cover every value.
*/
/* The list of result codes: name, pinned number, and the sentence
** acs_strerror() returns. It produces the enum below and the library's tables,
** so the three cannot drift apart.
**   ACS_E_*  misuse: the call itself is wrong; nothing was changed.
**   ACS_R_*  refusal: the policy in force does not permit the event.
**   ACS_P_*  a policy table that acs_policy_build refuses.
**   ACS_V_*  a finding of verification or replay about the records. */
#define ACS_CODE_LIST(X)                                                          \
    X(OK, 0, "success")                                                           \
    X(E_NULL, -1, "a required pointer is NULL")                                   \
    X(E_ENUM, -2, "an enum value is unknown")                                     \
    X(E_RESERVED, -3, "a reserved field or bit is not zero")                      \
    X(E_TIME_BACKWARDS, -4, "the time is earlier than the account's last change") \
    X(E_TIME_RANGE, -5, "a time or period is negative or past ACS_TIME_MAX_MS")   \
    X(E_HOLD_UNKNOWN, -6, "the account has no hold with that id")                 \
    X(E_HOLDS_FULL, -7, "the account already has ACS_HOLDS_MAX holds")            \
    X(E_APPEAL_DUPLICATE, -8, "that hold or notice has already been appealed")    \
    X(E_ACCOUNT_CLOSED, -9, "the account is closed and nothing applies to it")    \
    X(E_ACCOUNT_CORRUPT, -10, "the account bytes are not a valid account")        \
    X(E_POLICY_UNBUILT, -11, "the policy was not built by acs_policy_build")      \
    X(E_DEADLINE_DUE, -12, "a deadline is due: call acs_advance first")           \
    X(E_BUFFER, -13, "an output buffer is too small")                             \
    X(E_LIMIT, -14, "a named limit would be exceeded")                            \
    X(E_MAGIC, -15, "the bytes do not start with the record magic")               \
    X(E_VERSION, -16, "the record's format version is not one this library reads") \
    X(E_TRUNCATED, -17, "the input is shorter than one record")                   \
    X(E_SYNTAX, -18, "the text does not follow the grammar of its format")        \
    X(R_STATUS, -32, "the event is not permitted from the account's status")      \
    X(R_ROLE, -33, "the actor's role may not perform the event")                  \
    X(R_REASON_NOT_VALID, -34, "the reason is not a valid ground for the event")  \
    X(R_REASON_NEVER_VALID, -35, "the policy names the reason never valid")       \
    X(R_EVIDENCE_MISSING, -36, "the reason requires an evidence digest")          \
    X(R_APPROVER_MISSING, -37, "the event needs a second approver")               \
    X(R_APPROVER_SAME, -38, "the approver must be someone other than the actor")  \
    X(R_APPROVER_ROLE, -39, "the approver's role may not approve the event")      \
    X(R_WINDOW_RUNNING, -40, "funds remain and the withdrawal window is running") \
    X(R_DEADLINE_BEYOND_MAX, -41, "the deadline is past the policy's maximum")    \
    X(R_DEADLINE_NOT_LATER, -42, "an extension must move the deadline later")     \
    X(R_PERIOD_TOO_LONG, -43, "the review period is longer than the default")     \
    X(R_FUNDS_UNCLAIMED, -44, "funds remain and the policy names no handling")    \
    X(R_NOTICE_REQUIRED, -45, "closing an open account needs notice first")       \
    X(R_APPEAL_LIMIT, -46, "the account already has ACS_APPEALS_MAX appeals")     \
    X(R_APPEAL_WINDOW, -47, "the time to appeal has passed")                      \
    X(R_NO_APPEAL, -48, "there is no open appeal against that target")            \
    X(R_NO_DEADLINE, -49, "there is no deadline to extend")                       \
    X(R_NO_NOTICE, -50, "no closure notice is running")                           \
    X(R_NOTICE_RUNNING, -51, "a closure notice is already running")               \
    X(P_NAME, -64, "the policy name is empty, unterminated or not plain text")    \
    X(P_MASK, -65, "a mask has bits for unknown values")                          \
    X(P_REASON_CONFLICT, -66, "a reason is both valid and never valid")           \
    X(P_EVIDENCE_ORPHAN, -67, "evidence is required for a reason not valid")      \
    X(P_PERIOD, -68, "a period's unit or count is invalid, or default > maximum") \
    X(P_NO_ROLE, -69, "a rule permits an event that no role may perform")         \
    X(P_NO_REASON, -70, "a rule permits an event for no reason")                  \
    X(P_FROM_CLOSED, -71, "a rule permits an event on a closed account")          \
    X(P_APPEAL_PERIOD, -72, "appeals are permitted with no answer period")        \
    X(P_CAPABILITY, -73, "a capability set has unknown bits or CLOSED has any")   \
    X(P_FLAGS, -74, "the policy has unknown flags")                               \
    X(P_CALENDAR, -75, "the calendar's weekend, offset or holidays are invalid")  \
    X(V_HASH, -96, "a record's hash does not match its contents")                 \
    X(V_LINK, -97, "a record's previous hash is not the hash before it")          \
    X(V_SEQUENCE_GAP, -98, "a record's sequence number skips ahead")              \
    X(V_DUPLICATE, -99, "a record repeats the sequence number before it")         \
    X(V_REORDERED, -100, "a record's sequence number goes back")                  \
    X(V_TIME_BACKWARDS, -101, "a record's time is earlier than the change before") \
    X(V_ACCOUNTS_MIXED, -102, "the records are of more than one account")         \
    X(V_HEAD_MISMATCH, -103, "the chain does not end at the anchored head")       \
    X(V_NOT_CHAINED, -104, "a record carries no chain hash")                      \
    X(V_NOT_OPENING, -105, "the records do not start at the account's opening")   \
    X(V_OUTCOME, -106, "the record differs from what the policy would produce")   \
    X(V_REFUSED, -107, "the policy in force would have refused the change")       \
    X(V_POLICY, -108, "the record was made under another policy")

#define ACS__CODE_ENUM(name, number, text) ACS_##name = (number),
typedef enum acs_code { ACS_CODE_LIST(ACS__CODE_ENUM) } acs_code;

/* A static English sentence for code, never NULL ("unknown code" for values
** outside the enum). Since 0.1.0. */
ACS_API const char *acs_strerror(int code);
/* The enum name of code without prefix, e.g. "E_NULL" or "R_ROLE"; NULL for
** values outside the enum. Since 0.1.0. */
ACS_API const char *acs_code_name(int code);

/* ------------------------------------------------------------------------
** The domain's enums. The numbers are pinned.
*/

/* Lifecycle of the account, stored. */
typedef enum acs_lifecycle {
    ACS_LIFECYCLE_PENDING = 1, /* opened, not yet verified */
    ACS_LIFECYCLE_OPEN = 2,
    ACS_LIFECYCLE_CLOSING = 3, /* notice given, withdrawal window running */
    ACS_LIFECYCLE_CLOSED = 4   /* final */
} acs_lifecycle;

/* Status, derived from lifecycle and holds, never stored. The numbers run in
** order of strictness: a larger number is stricter. */
typedef enum acs_status {
    ACS_STATUS_ACTIVE = 1,
    ACS_STATUS_PENDING = 2,
    ACS_STATUS_WITHDRAWAL_ONLY = 3,
    ACS_STATUS_FROZEN = 4,
    ACS_STATUS_SUSPENDED = 5,
    ACS_STATUS_CLOSED = 6
} acs_status;
#define ACS_STATUS_COUNT 7 /* array size indexed by status; slot 0 unused */

/* Level of a hold; the matching status is the level's number plus 2. */
typedef enum acs_level {
    ACS_LEVEL_WITHDRAWAL_ONLY = 1,
    ACS_LEVEL_FROZEN = 2,
    ACS_LEVEL_SUSPENDED = 3
} acs_level;
#define ACS_LEVEL_COUNT 4 /* array size indexed by level; slot 0 unused */

/* Capabilities, as bits. */
typedef enum acs_capability {
    ACS_CAP_LOGIN = 1u << 0,
    ACS_CAP_DEPOSIT = 1u << 1,
    ACS_CAP_TRADE = 1u << 2,
    ACS_CAP_WITHDRAW = 1u << 3,
    ACS_CAP_API = 1u << 4
} acs_capability;
#define ACS_CAP_ALL 0x1fu

/* Roles of actors and approvers. */
typedef enum acs_role {
    ACS_ROLE_USER = 1,
    ACS_ROLE_SUPPORT = 2,
    ACS_ROLE_COMPLIANCE = 3,
    ACS_ROLE_SECURITY = 4,
    ACS_ROLE_MANAGEMENT = 5,
    ACS_ROLE_SYSTEM = 6 /* automated risk engine; also acs_advance */
} acs_role;
#define ACS_ROLE_COUNT 7

/* Reasons: grounds for a restriction (1..15) and outcomes (32..47). */
typedef enum acs_reason {
    ACS_REASON_SECURITY_COMPROMISE = 1, /* credentials or API keys leaked */
    ACS_REASON_SUSPICIOUS_ACTIVITY = 2,
    ACS_REASON_LEGAL_ORDER = 3,
    ACS_REASON_SANCTIONS = 4,
    ACS_REASON_KYC_REFRESH = 5,
    ACS_REASON_TERMS_BREACH = 6,
    ACS_REASON_ABUSIVE_CONDUCT = 7,     /* threats or harassment of staff */
    ACS_REASON_INACTIVITY = 8,
    ACS_REASON_USER_REQUEST = 9,
    ACS_REASON_COMMERCIAL_DECISION = 10, /* no-fault end of the relationship */
    ACS_REASON_PUBLIC_CRITICISM = 11,   /* exists to be named never valid */

    ACS_REASON_REVIEW_CLEARED = 32,
    ACS_REASON_REQUIREMENT_MET = 33,
    ACS_REASON_ORDER_LIFTED = 34,
    ACS_REASON_APPEAL_UPHELD = 35,
    ACS_REASON_APPEAL_DISMISSED = 36,
    ACS_REASON_ERROR_CORRECTED = 37,
    ACS_REASON_DEADLINE_LAPSED = 38
} acs_reason;
#define ACS_REASON_GROUND_SLOTS 16 /* array size for per-ground tables */
/* The bit of a reason in a reason mask. */
#define ACS_REASON_BIT(r) (1ull << (unsigned)(r))

/* Event kinds. 1..9 are events a caller applies; 16..19 appear only in
** records, for the account's opening and for deadlines acs_advance applies. */
typedef enum acs_event_kind {
    ACS_EVENT_VERIFY = 1,  /* PENDING to OPEN */
    ACS_EVENT_HOLD = 2,    /* place a hold of event.level */
    ACS_EVENT_LIFT = 3,    /* remove hold event.hold_id */
    ACS_EVENT_EXTEND = 4,  /* move a deadline later (hold_id 0: the window) */
    ACS_EVENT_NOTICE = 5,  /* OPEN to CLOSING, the withdrawal window starts */
    ACS_EVENT_RESCIND = 6, /* CLOSING to OPEN */
    ACS_EVENT_CLOSE = 7,   /* to CLOSED */
    ACS_EVENT_APPEAL = 8,  /* contest hold event.hold_id (0: the notice) */
    ACS_EVENT_DECIDE = 9,  /* answer the appeal against event.hold_id */

    ACS_EVENT_OPEN = 16,          /* record of acs_account_open */
    ACS_EVENT_REVIEW_LAPSED = 17, /* a hold's review deadline passed */
    ACS_EVENT_APPEAL_LAPSED = 18, /* an appeal was left unanswered */
    ACS_EVENT_WINDOW_ENDED = 19   /* the withdrawal window ran out */
} acs_event_kind;

/* Names for the enums above, e.g. "WITHDRAWAL_ONLY"; NULL for an unknown
** value. Static strings. Since 0.1.0. */
ACS_API const char *acs_status_name(int status);
ACS_API const char *acs_lifecycle_name(int lifecycle);
ACS_API const char *acs_level_name(int level);
ACS_API const char *acs_role_name(int role);
ACS_API const char *acs_reason_name(int reason);
ACS_API const char *acs_event_name(int kind);
ACS_API const char *acs_capability_name(unsigned capability);

/* ------------------------------------------------------------------------
** Policy.
**
** A policy is data: one rule per event kind (three for HOLD, one per level),
** the periods, the capability set of each status and a few flags. The caller
** writes an acs_policy_rules (usually as a const table), and acs_policy_build
** checks it and produces an acs_policy. A built policy is never changed by
** the library and may be shared between threads.
*/

/* Index of a rule in acs_policy_rules.rules. */
typedef enum acs_rule_index {
    ACS_RULE_VERIFY = 0,
    ACS_RULE_HOLD_WITHDRAWAL_ONLY = 1,
    ACS_RULE_HOLD_FROZEN = 2,
    ACS_RULE_HOLD_SUSPENDED = 3,
    ACS_RULE_LIFT = 4,
    ACS_RULE_EXTEND = 5,
    ACS_RULE_NOTICE = 6,
    ACS_RULE_RESCIND = 7,
    ACS_RULE_CLOSE = 8,
    ACS_RULE_APPEAL = 9,
    ACS_RULE_DECIDE = 10
} acs_rule_index;
#define ACS_RULE_COUNT 11

/* The bit of a status in from_statuses, and of a role in role masks. */
#define ACS_STATUS_BIT(s) (1u << (unsigned)(s))
#define ACS_ROLE_BIT(r) (1u << (unsigned)(r))

/* One rule: when an event is permitted. Checked in this order: the status
** (ACS_R_STATUS), a reason the policy names never valid
** (ACS_R_REASON_NEVER_VALID: first, because no role or approval can make it
** valid), the actor's role (ACS_R_ROLE), dual control (ACS_R_APPROVER_*), the
** reason (ACS_R_REASON_NOT_VALID), the evidence (ACS_R_EVIDENCE_MISSING). */
typedef struct acs_rule {
    uint32_t from_statuses;   /* ACS_STATUS_BIT of each status it may start from */
    uint32_t actor_roles;     /* ACS_ROLE_BIT of each role that may perform it */
    uint32_t approver_roles;  /* dual control when not 0: roles that may approve */
    uint32_t reserved;        /* must be 0 */
    uint64_t reasons;         /* ACS_REASON_BIT of each valid reason */
    uint64_t reasons_evidence; /* valid reasons that need an evidence digest */
} acs_rule;

/* Policy flags. */
#define ACS_POLICY_WINDOW_PAUSES 0x1u  /* the window pauses while withdrawals are blocked */
#define ACS_POLICY_LAPSE_LIFTS 0x2u    /* a lapsed review lifts the hold (else: flagged overdue) */
#define ACS_POLICY_UNCLAIMED_SEGREGATED 0x4u /* funds left after the window move to a
                                                segregated unclaimed-funds account,
                                                so CLOSE with funds is permitted then */
#define ACS_POLICY_FLAGS_ALL 0x7u

/* The unit of a policy period. Since 0.2.0. */
typedef enum acs_unit {
    ACS_UNIT_NONE = 0,          /* no period (count 0) */
    ACS_UNIT_HOURS = 1,         /* count * 3,600,000 ms */
    ACS_UNIT_DAYS = 2,          /* calendar days: count * 86,400,000 ms */
    ACS_UNIT_BUSINESS_DAYS = 3  /* the end of the count-th business day of the
                                   policy's calendar after the local day of
                                   the start (see acs_period_end) */
} acs_unit;

/* A period of the policy: count units. count is 0 with unit ACS_UNIT_NONE
** (no period), else 1 .. ACS_PERIOD_COUNT_MAX with another unit. Since
** 0.2.0. */
typedef struct acs_period {
    uint32_t count;
    uint32_t unit; /* acs_unit */
} acs_period;

/* Days of the week, ISO numbering, for the calendar's weekend mask. */
typedef enum acs_weekday {
    ACS_MONDAY = 1,
    ACS_TUESDAY = 2,
    ACS_WEDNESDAY = 3,
    ACS_THURSDAY = 4,
    ACS_FRIDAY = 5,
    ACS_SATURDAY = 6,
    ACS_SUNDAY = 7
} acs_weekday;
#define ACS_WEEKDAY_BIT(d) (1u << (unsigned)(d))

/* The calendar business days are counted in. A local day runs from
** midnight at utc_offset_minutes from UTC (a fixed offset: no daylight
** saving) to the next midnight. A business day is a local day that is not a
** weekend day and not a holiday. Since 0.2.0. */
typedef struct acs_calendar {
    uint32_t weekend;            /* ACS_WEEKDAY_BIT of each weekend day; not all 7 */
    int32_t utc_offset_minutes;  /* -720 .. +840 */
    uint32_t holiday_count;      /* 0 .. ACS_HOLIDAYS_MAX */
    uint32_t reserved;           /* must be 0 */
    /* Holiday dates as YYYYMMDD numbers (20261225), real dates of the years
    ** 1970 .. 9999, strictly increasing; entries past holiday_count are 0. */
    uint32_t holidays[ACS_HOLIDAYS_MAX];
} acs_calendar;

typedef struct acs_policy_rules {
    char name[ACS_POLICY_NAME_MAX]; /* NUL-terminated, not empty, printable
                                       ASCII without '"' and '\\' */
    acs_rule rules[ACS_RULE_COUNT];
    uint64_t reasons_never_valid;   /* refused for every event, whatever the rule says */
    /* Review period of a hold, indexed by level: the default (none: no
    ** review deadline) and the maximum from placement to deadline,
    ** extensions included. When both are set they have the same unit and the
    ** default's count is not larger. */
    acs_period review_default[ACS_LEVEL_COUNT];
    acs_period review_max[ACS_LEVEL_COUNT];
    /* Notice period of a closure, indexed by the reason given with NOTICE. */
    acs_period notice[ACS_REASON_GROUND_SLOTS];
    acs_period window_extension_max; /* total EXTEND of the window end, counted
                                        from the end the notice set */
    acs_period appeal_window;  /* a hold may be appealed this long after placement */
    acs_period appeal_answer;  /* an appeal must be answered within this */
    uint8_t capabilities[ACS_STATUS_COUNT]; /* capability bits per status */
    uint8_t reserved_bytes[1];              /* must be 0 */
    uint32_t flags;                         /* ACS_POLICY_* */
    acs_calendar calendar;  /* for ACS_UNIT_BUSINESS_DAYS periods */
} acs_policy_rules;

/* A built policy. Treat as read-only; fill only with acs_policy_build or
** acs_policy_preset. */
typedef struct acs_policy {
    acs_policy_rules rules;
    uint8_t fingerprint[ACS_DIGEST_SIZE]; /* SHA-256 of the rules' canonical
                                             encoding, written into records */
    uint32_t built;                       /* private marker */
    uint32_t reserved;
} acs_policy;

/* Where acs_policy_build found a problem. */
typedef struct acs_policy_problem {
    int32_t code;  /* the ACS_P_* code, or ACS_OK */
    int32_t rule;  /* the acs_rule_index at fault, or -1 when not one rule */
    int32_t index; /* the status, role, reason or level at fault, or -1 */
    int32_t reserved;
} acs_policy_problem;

/* Check rules and build a policy from them into *policy.
** policy: out, written only on success. rules: in. problem: out, may be
** NULL; on a refusal it says which rule and value are at fault, and on
** success it is set to ACS_OK. Returns ACS_OK, ACS_E_NULL, ACS_E_RESERVED or
** an ACS_P_* code. Since 0.1.0. */
ACS_API int acs_policy_build(acs_policy *policy, const acs_policy_rules *rules,
                             acs_policy_problem *problem);

/* The presets shipped with the library (figures from public rules, not legal advice). */
typedef enum acs_preset {
    ACS_PRESET_DEFAULT = 1,      /* the library's recommended rules */
    ACS_PRESET_CONSUMER = 2,     /* modelled on consumer-protection rules */
    ACS_PRESET_DISCRETIONARY = 3 /* management may act at once, for any reason */
} acs_preset;

/* Build preset into *policy. Returns ACS_OK, ACS_E_NULL or ACS_E_ENUM.
** Since 0.1.0. */
ACS_API int acs_policy_preset(acs_policy *policy, int preset);
/* The rules of a preset, for a caller who wants to start from one and
** change it; NULL for an unknown preset. Static data. Since 0.1.0. */
ACS_API const acs_policy_rules *acs_preset_rules(int preset);

/* The end of period counted from from_ms, into *end_ms:
**   ACS_UNIT_HOURS, ACS_UNIT_DAYS  from_ms + count hours or count * 24 hours;
**   ACS_UNIT_BUSINESS_DAYS         the local midnight that ends the count-th
**                                  business day after the local day holding
**                                  from_ms (a request on a Friday with one
**                                  business day is due at the end of Monday);
**   ACS_UNIT_NONE                  from_ms itself (no period).
** calendar: needed for business days only (else may be NULL); it is
** checked as acs_policy_build checks it. Returns ACS_OK, ACS_E_NULL,
** ACS_E_ENUM (unknown unit), ACS_E_RESERVED, ACS_P_PERIOD (count out of
** range or not 0 with ACS_UNIT_NONE), ACS_P_CALENDAR, or ACS_E_TIME_RANGE
** (from_ms or the end out of range). *end_ms is written only on success.
** Since 0.2.0. */
ACS_API int acs_period_end(const acs_calendar *calendar, acs_period period,
                           int64_t from_ms, int64_t *end_ms);

/* Whether the local day holding time_ms is a business day of calendar:
** 1 yes, 0 no, or a negative code: ACS_E_NULL, ACS_E_TIME_RANGE,
** ACS_E_RESERVED, ACS_P_CALENDAR. Since 0.2.0. */
ACS_API int acs_business_day(const acs_calendar *calendar, int64_t time_ms);

/* ------------------------------------------------------------------------
** Policies as text, checked by a linter and drawn as a diagram.
**
** docs/policy-format.md gives the grammar. The text is read from a caller
** buffer of length bytes (no NUL needed; a NUL byte in it is an error) and
** written into one; the library opens no file.
*/

/* Where a text was refused. line and column are 1-based (column counts
** bytes); both 0 when the problem has no place. message is one sentence,
** NUL-terminated. Since 0.2.0. */
typedef struct acs_text_error {
    int32_t code;   /* ACS_OK, or the code the call returned */
    uint32_t line;
    uint32_t column;
    uint32_t reserved;
    char message[ACS_MESSAGE_MAX];
} acs_text_error;

/* acs_policy_parse flags. */
#define ACS_PARSE_UNCHECKED 0x1u /* skip acs_policy_build's checks (for a
                                    linter that reports them itself) */

/* Parse a policy text into *rules. Unless ACS_PARSE_UNCHECKED is given, the
** rules are then checked as acs_policy_build checks them and a problem is
** reported at the line of the statement at fault, so rules parsed without
** that flag always build. Returns ACS_OK, ACS_E_NULL, ACS_E_RESERVED
** (unknown flags), ACS_E_SYNTAX, ACS_E_LIMIT (more than ACS_HOLIDAYS_MAX
** holidays, a count above ACS_PERIOD_COUNT_MAX, a name too long) or an
** ACS_P_* code; error (may be NULL) says where and why. *rules is written
** only on success; then *error is zeroed (ACS_OK, line and column 0, empty
** message). text must not be NULL, even when length is 0. The parser reads
** each byte at most a fixed number of times and never past length, and
** needs about 6 KiB of stack. Since 0.2.0. */
ACS_API int acs_policy_parse(acs_policy_rules *rules, const char *text, size_t length,
                             unsigned flags, acs_text_error *error);

/* Write rules as canonical text into buf (cap bytes, NUL-terminated when
** cap > 0). Returns the length the whole text needs without the NUL, like
** snprintf, or 0 when rules is NULL or has a value the format cannot
** express (a name acs_policy_build refuses, an unknown unit or bit, a count
** out of range, a reserved field that is not zero, a period or capability
** set in a slot no statement writes, or a calendar acs_policy_build
** refuses); when cap > 0 it then writes an empty string.
** Parsing the text gives back rules with the same fingerprint; rules that
** came from acs_policy_parse come back byte for byte. Since 0.2.0. */
ACS_API size_t acs_policy_format(const acs_policy_rules *rules, char *buf, size_t cap);

/* Severity of a lint finding. */
typedef enum acs_severity {
    ACS_SEVERITY_INFO = 1,    /* worth knowing; not a defect */
    ACS_SEVERITY_WARNING = 2, /* a rule that can harm a customer */
    ACS_SEVERITY_ERROR = 3    /* the policy is broken or defeats its purpose */
} acs_severity;

/* Lint codes. The numbers are pinned; acs_lint_name gives the stable name
** ("TRAP_STATUS"), docs/policy-lint.md describes each. Since 0.2.0. */
typedef enum acs_lint_code {
    ACS_LINT_INVALID = 1,            /* acs_policy_build refuses the rules */
    ACS_LINT_TRAP_STATUS = 2,        /* a status from which funds can never be
                                        withdrawn again */
    ACS_LINT_ANY_REASON = 3,         /* a restriction admits every ground, so
                                        the reason states nothing */
    ACS_LINT_NEVER_VALID_REASON = 4, /* a restriction admits a reason that is
                                        never a valid ground */
    ACS_LINT_NO_REVIEW = 5,          /* a hold level with no default review
                                        deadline (info for WITHDRAWAL_ONLY) */
    ACS_LINT_SHORT_NOTICE = 6,       /* a no-fault closure notice shorter than
                                        the threshold */
    ACS_LINT_NO_EVIDENCE = 7,        /* suspension for a reason that needs no
                                        evidence */
    ACS_LINT_NO_APPROVER = 8,        /* suspension without a second approver */
    ACS_LINT_UNREACHABLE_STATUS = 9, /* no path of events reaches the status */
    ACS_LINT_UNREACHABLE_EVENT = 10, /* the rule permits its event from no
                                        status an account reaches before it
                                        is closed, or names no role or no
                                        usable reason */
    ACS_LINT_NEVER_PERMITTED = 11,   /* the rule permits the event nowhere */
    ACS_LINT_NO_APPEAL_ANSWER = 12,  /* appeals with no answer period, or that
                                        no DECIDE can answer */
    ACS_LINT_CRITICISM_ALLOWED = 13  /* PUBLIC_CRITICISM is not named never
                                        valid */
} acs_lint_code;
#define ACS_LINT_CODE_MAX 13

/* One finding. rule: the acs_rule_index at fault or -1; index: the status,
** reason or level at fault, or -1. */
typedef struct acs_finding {
    int32_t code;     /* acs_lint_code */
    int32_t severity; /* acs_severity */
    int32_t rule;
    int32_t index;
    char message[ACS_MESSAGE_MAX]; /* one sentence, NUL-terminated */
} acs_finding;

/* What the linter compares against. Zero-filled options mean the defaults
** below. Since 0.2.0. */
typedef struct acs_lint_options {
    /* A no-fault closure (INACTIVITY, COMMERCIAL_DECISION) with a shorter
    ** notice is a finding; 0: 60 days. A business day counts as one day.
    ** 0 .. ACS_TIME_MAX_MS, else ACS_E_TIME_RANGE. */
    int64_t notice_min_ms;
    /* Reasons that are never a valid ground; 0: PUBLIC_CRITICISM. Known
    ** reasons only, else ACS_E_ENUM. */
    uint64_t reasons_never_valid;
} acs_lint_options;

/* Lint rules: write up to cap findings into findings (may be NULL when cap
** is 0), in a fixed order (by code, then rule, then index), and their total
** number into *count, which may exceed cap; findings past cap are counted,
** not written. options may be NULL; a zero field means its default. Rules
** that acs_policy_build refuses give an ACS_LINT_INVALID finding naming the
** problem, and every other check still runs on them, reading each mask by
** its known bits. docs/policy-lint.md describes each code. Returns ACS_OK,
** ACS_E_NULL (rules or count NULL, or findings NULL with cap > 0),
** ACS_E_RESERVED (the rules' reserved fields), ACS_E_ENUM
** (options->reasons_never_valid has bits of unknown reasons) or
** ACS_E_TIME_RANGE (options->notice_min_ms negative or past
** ACS_TIME_MAX_MS); on failure nothing is written, not even *count.
** Since 0.2.0. */
ACS_API int acs_policy_lint(const acs_policy_rules *rules, const acs_lint_options *options,
                            acs_finding *findings, size_t cap, size_t *count);

/* The stable name of a lint code, e.g. "TRAP_STATUS", and the name of a
** severity: "info", "warning", "error"; both NULL for unknown values.
** Static strings. Since 0.2.0. */
ACS_API const char *acs_lint_name(int code);
ACS_API const char *acs_severity_name(int severity);

/* Write a Graphviz DOT digraph of rules into buf (cap bytes, NUL-terminated
** when cap > 0): the six statuses as nodes, from top to bottom in order of
** strictness, a status no event reaches drawn dashed; the events that can
** move an account from one status to another as edges labelled with the
** event, the roles that may perform it, the roles that must approve it and
** the reasons that need evidence; a review that lapses and lifts a hold as
** a dashed edge. Events that link a status with the same laxer statuses
** share one edge and one label, and an edge to or from a box (a DOT
** cluster) stands for every status in the box. The same rules always give
** the same bytes. Returns the length the whole text needs without the NUL,
** or 0 (and an empty string when cap > 0) when rules is NULL or does not
** build. Since 0.2.0. */
ACS_API size_t acs_policy_dot(const acs_policy_rules *rules, char *buf, size_t cap);

/* ------------------------------------------------------------------------
** Account.
**
** The account is a 256-byte value in caller memory. Its layout is private:
** read it through the functions below. It may be copied with memcpy and
** stored; acs_account_* functions refuse bytes that are not a valid account
** with ACS_E_ACCOUNT_CORRUPT.
*/
typedef struct acs_account {
    uint64_t opaque[ACS_ACCOUNT_SIZE / 8];
} acs_account;

/* Hold flags. */
#define ACS_HOLD_OVERDUE 0x1u  /* its review deadline lapsed and it stays */
#define ACS_HOLD_APPEALED 0x2u /* the customer has appealed it (once only) */

/* One hold, as read from an account. */
typedef struct acs_hold {
    int64_t placed_ms;
    int64_t review_deadline_ms; /* 0: none; with ACS_HOLD_OVERDUE set it
                                   has passed and no longer runs */
    uint64_t actor_id;          /* who placed it */
    uint16_t id;                /* 1 .. ACS_HOLD_ID_MAX, unique in the account */
    uint8_t level;              /* acs_level */
    uint8_t reason;             /* acs_reason */
    uint8_t actor_role;         /* acs_role */
    uint8_t flags;              /* ACS_HOLD_* */
    uint8_t reserved[2];
} acs_hold;

/* Account flags. */
#define ACS_ACCOUNT_WINDOW_PAUSED 0x1u /* withdrawals blocked: window stopped */
#define ACS_ACCOUNT_WINDOW_ENDED 0x2u  /* window ran out (overdue if funds remain) */
#define ACS_ACCOUNT_NOTICE_APPEALED 0x4u /* the closure notice was appealed */

/* One open appeal, as read from an account. */
typedef struct acs_appeal {
    int64_t answer_deadline_ms; /* when the answer is due */
    uint16_t target;            /* hold id, or 0 for the closure notice */
    uint8_t overdue;            /* 1 when left unanswered past its deadline;
                                   it stays open for a late answer */
    uint8_t reserved[5];
} acs_appeal;

/* Everything about an account but its holds. */
typedef struct acs_account_info {
    uint64_t id;
    uint32_t sequence;          /* of the last change; 1 after opening */
    uint8_t lifecycle;          /* acs_lifecycle */
    uint8_t status;             /* acs_status */
    uint8_t hold_count;
    uint8_t appeal_count;
    int64_t last_change_ms;
    int64_t window_end_ms;      /* CLOSING only, else 0; while paused, the end
                                   as it stood when the pause began */
    int64_t window_paused_ms;   /* when the pause began, 0 when not paused */
    int64_t window_max_ms;      /* latest end EXTEND may set */
    uint8_t notice_reason;      /* reason given with NOTICE, CLOSING only */
    uint8_t flags;              /* ACS_ACCOUNT_* */
    uint8_t reserved[6];
    acs_appeal appeals[ACS_APPEALS_MAX];
} acs_account_info;

/* Record of one change or one refusal. Fixed size, self-contained. */
typedef struct acs_record acs_record;

/* Open an account in *account, lifecycle PENDING, no holds, and write the
** opening record (kind ACS_EVENT_OPEN, sequence 1) into *record.
** account, record: out, written only on success. policy: the policy in
** force, for the record's fingerprint. id: chosen by the caller, any value.
** Returns ACS_OK, ACS_E_NULL, ACS_E_POLICY_UNBUILT or ACS_E_TIME_RANGE.
** Since 0.1.0. */
ACS_API int acs_account_open(acs_account *account, uint64_t id, int64_t now_ms,
                             const acs_policy *policy, acs_record *record);

/* Read the account's summary into *info. Returns ACS_OK, ACS_E_NULL or
** ACS_E_ACCOUNT_CORRUPT. Since 0.1.0. */
ACS_API int acs_account_info_get(const acs_account *account,
                                 acs_account_info *info);

/* The account's status into *status (an acs_status). Returns ACS_OK,
** ACS_E_NULL or ACS_E_ACCOUNT_CORRUPT. Since 0.1.0. */
ACS_API int acs_account_status(const acs_account *account, int *status);

/* The capability set of the account's status under policy into
** *capabilities (ACS_CAP_* bits). Since 0.1.0. */
ACS_API int acs_account_capabilities(const acs_policy *policy,
                                     const acs_account *account,
                                     unsigned *capabilities);

/* Whether the customer may use one capability now: returns 1 (yes), 0 (no),
** or a negative code (ACS_E_NULL, ACS_E_ENUM for anything but exactly one
** ACS_CAP_* bit, ACS_E_POLICY_UNBUILT, ACS_E_ACCOUNT_CORRUPT).
** Since 0.1.0. */
ACS_API int acs_account_can(const acs_policy *policy, const acs_account *account,
                            unsigned capability);

/* Hold number index (0 .. hold_count - 1, in order of placement) into
** *hold. Returns ACS_OK, ACS_E_NULL, ACS_E_ACCOUNT_CORRUPT or ACS_E_LIMIT
** when index is not below hold_count. Since 0.1.0. */
ACS_API int acs_account_hold(const acs_account *account, unsigned index,
                             acs_hold *hold);

/* The hold with id hold_id into *hold. Returns ACS_OK, ACS_E_NULL,
** ACS_E_ACCOUNT_CORRUPT or ACS_E_HOLD_UNKNOWN. Since 0.1.0. */
ACS_API int acs_account_find_hold(const acs_account *account, unsigned hold_id,
                                  acs_hold *hold);

/* The earliest deadline still to run into *deadline_ms (0 when none) and
** its kind into *kind when kind is not NULL (ACS_EVENT_REVIEW_LAPSED,
** ACS_EVENT_APPEAL_LAPSED or ACS_EVENT_WINDOW_ENDED; 0 when none). A paused
** window has no deadline. Since 0.1.0. */
ACS_API int acs_account_next_deadline(const acs_account *account,
                                      int64_t *deadline_ms, int *kind);

/* ------------------------------------------------------------------------
** Events.
*/

/* Event flags. */
#define ACS_EVENT_FUNDS_HELD 0x1u /* CLOSE: the account still holds funds */
#define ACS_EVENT_FLAGS_ALL 0x1u

/* One event. Zero it, then fill what the kind uses; unused fields must stay
** zero. approver_role 0 means no approver, and approver_id must then be 0.
** An evidence digest of all zero bytes means no evidence. */
typedef struct acs_event {
    int64_t time_ms;
    uint64_t actor_id;
    uint64_t approver_id;
    int64_t period_ms;   /* HOLD: a review period shorter than the default
                            (0: the policy's default) */
    int64_t deadline_ms; /* EXTEND: the new, later deadline */
    uint8_t evidence[ACS_DIGEST_SIZE];
    uint8_t kind;          /* acs_event_kind, 1..9 */
    uint8_t actor_role;    /* acs_role */
    uint8_t approver_role; /* acs_role or 0 */
    uint8_t reason;        /* acs_reason */
    uint8_t level;         /* HOLD: acs_level; else 0 */
    uint8_t flags;         /* ACS_EVENT_* */
    uint16_t hold_id;      /* LIFT, EXTEND, APPEAL, DECIDE: target hold, 0 for
                              the window or the closure notice; above
                              ACS_HOLD_ID_MAX: ACS_E_RESERVED */
    uint8_t reserved[8];   /* must be 0 */
} acs_event;

/* Record flags. */
#define ACS_RECORD_DENIAL 0x1u          /* a refused event, nothing changed */
#define ACS_RECORD_FUNDS_HELD 0x2u      /* CLOSE said funds remained */
#define ACS_RECORD_FUNDS_SEGREGATED 0x4u /* and they moved to the segregated
                                            unclaimed-funds account */
#define ACS_RECORD_HOLD_LIFTED 0x8u     /* the change removed hold_id */
#define ACS_RECORD_NOTICE_RESCINDED 0x10u /* the change ended the closure notice */
#define ACS_RECORD_CHAINED 0x20u        /* previous_hash and hash are set */
#define ACS_RECORD_FLAGS_ALL 0x3fu

#define ACS_RECORD_VERSION 1

struct acs_record {
    uint8_t format_version;  /* ACS_RECORD_VERSION */
    uint8_t kind;            /* acs_event_kind */
    uint8_t reason;          /* acs_reason */
    uint8_t flags;           /* ACS_RECORD_* */
    uint8_t actor_role;
    uint8_t approver_role;
    uint8_t status_before;   /* acs_status */
    uint8_t status_after;
    uint8_t lifecycle_before; /* acs_lifecycle */
    uint8_t lifecycle_after;
    uint8_t hold_level;      /* level of hold_id, 0 when none */
    uint8_t reserved0;
    uint16_t hold_id;        /* the hold the change concerns, 0 when none */
    int16_t refusal;         /* denial records: the acs_code; else 0 */
    uint64_t account_id;
    uint64_t sequence;       /* the account's sequence after the change;
                                for a denial, the last change's */
    int64_t time_ms;
    uint64_t actor_id;
    uint64_t approver_id;
    int64_t deadline_ms;          /* the deadline set or moved, or that passed;
                                     DECIDE: the answer deadline of the appeal */
    int64_t previous_deadline_ms; /* before an EXTEND, 0 otherwise */
    int64_t window_end_ms;        /* the account's window end after the change */
    uint8_t evidence[ACS_DIGEST_SIZE];
    uint8_t policy_fingerprint[ACS_DIGEST_SIZE];
    uint8_t previous_hash[ACS_DIGEST_SIZE]; /* chain: the hash before; 0 until
                                               acs_chain_append */
    uint8_t hash[ACS_DIGEST_SIZE];          /* chain: this record's hash */
};

/* Why an event was refused. */
typedef struct acs_refusal {
    int32_t code;     /* the acs_code returned */
    uint8_t kind;     /* the event's kind */
    uint8_t level;    /* HOLD: the level of the rule */
    uint8_t status;   /* the account's status */
    uint8_t role;     /* the role at fault (actor or approver), or 0 */
    uint8_t reason;   /* the reason at fault, or 0 */
    uint8_t reserved[7];
    int64_t limit_ms; /* the bound that refused it (window end, maximum
                         deadline, appeal window end), or 0 */
    char policy_name[ACS_POLICY_NAME_MAX];
} acs_refusal;

/* What each event does, once the misuse checks and the policy's rule
** (status, role, dual control, reason, evidence; see acs_rule) have passed.
** For HOLD the rule is the one of event.level.
**
**   VERIFY   lifecycle PENDING -> OPEN; else ACS_R_STATUS.
**   HOLD     adds a hold with the next hold id. Its review deadline is
**            time + period_ms, or the end of the level's default period
**            from time when period_ms is 0 (no deadline when there is no
**            default). A period_ms reaching past the end of the default, or
**            of the level's maximum where there is no default (a deadline
**            the policy did not ask for may still be given):
**            ACS_R_PERIOD_TOO_LONG. Full table: ACS_E_HOLDS_FULL.
**   LIFT     removes hold_id (ACS_E_HOLD_UNKNOWN if absent), and any appeal
**            against it.
**   EXTEND   hold_id != 0: the hold's review deadline becomes deadline_ms,
**            which must be later than now and than the current deadline
**            (ACS_R_DEADLINE_NOT_LATER) and at most the end of the level's
**            review maximum from placed_ms (ACS_R_DEADLINE_BEYOND_MAX);
**            clears OVERDUE.
**            A hold with no review deadline and no overdue flag has
**            nothing to extend: ACS_R_NO_DEADLINE.
**            hold_id == 0: the withdrawal-window end, while CLOSING
**            (ACS_R_NO_NOTICE otherwise) and not paused (ACS_R_NO_DEADLINE),
**            later than now and the current end, at most window_max_ms;
**            clears WINDOW_ENDED.
**   NOTICE   lifecycle OPEN -> CLOSING; the window ends at the end of
**            notice[reason] from time; window_max_ms is the end of
**            window_extension_max from there. CLOSING already:
**            ACS_R_NOTICE_RUNNING; PENDING: ACS_R_STATUS.
**   RESCIND  lifecycle CLOSING -> OPEN; ends the window and any appeal
**            against the notice. Not CLOSING: ACS_R_NO_NOTICE.
**   CLOSE    from CLOSING: without ACS_EVENT_FUNDS_HELD at any time; with
**            it only once the window has run in full (WINDOW_ENDED set,
**            else ACS_R_WINDOW_RUNNING) and only when the policy has
**            ACS_POLICY_UNCLAIMED_SEGREGATED (else ACS_R_FUNDS_UNCLAIMED).
**            From OPEN (or PENDING, where the rule admits it): only by the
**            customer (role USER, reason USER_REQUEST) and with no funds,
**            else ACS_R_NOTICE_REQUIRED. Holds stay as they were; nothing runs
**            on a CLOSED account.
**   APPEAL   hold_id != 0: contests that hold, by the end of
**            appeal_window from its placement (ACS_R_APPEAL_WINDOW; with no
**            appeal window holds cannot be appealed); hold_id == 0: contests
**            the closure notice while the window has not ended
**            (ACS_R_NO_NOTICE, ACS_R_APPEAL_WINDOW). A target is appealed
**            once (ACS_E_APPEAL_DUPLICATE); at most ACS_APPEALS_MAX open
**            (ACS_R_APPEAL_LIMIT). The answer is due at the end of
**            appeal_answer from the appeal.
**   DECIDE   answers the open appeal against hold_id (ACS_R_NO_APPEAL if
**            none). Reason APPEAL_UPHELD lifts the hold or rescinds the
**            notice in the same change; APPEAL_DISMISSED only closes the
**            appeal. Any other reason: ACS_R_REASON_NOT_VALID, even where
**            the rule admits it. The record's deadline_ms is the answer
**            deadline of the appeal, so an audit shows a late answer.
**
** Misuse checks come first, in this order: NULL pointers, the policy, the
** account bytes, enum values and reserved fields, the time (range, then
** earlier than the last change: ACS_E_TIME_BACKWARDS), ACS_E_ACCOUNT_CLOSED,
** a deadline at or before the event's time still to be applied
** (ACS_E_DEADLINE_DUE), then the target hold (ACS_E_HOLD_UNKNOWN). The
** policy's rule is checked next, and the kind's own conditions last.
**
** After every change, the window pauses when the new status has no
** ACS_CAP_WITHDRAW under the policy and ACS_POLICY_WINDOW_PAUSES is set, and
** when it resumes its end and window_max_ms move later by the paused time
** (never past ACS_TIME_MAX_MS). Once the window has ended it no longer
** pauses.
*/

/* Apply one event to an account under a policy: check it against the
** policy, change the account and write exactly one record, or refuse it
** whole.
** policy, event: in. account: in/out, changed only on success. record: out,
** written only on success. refusal: out, may be NULL; on failure it is
** filled with the code and the rule at fault (this is the one output a
** failed call writes), on success it is left as it was.
** Returns ACS_OK, a misuse code (ACS_E_*) or a refusal (ACS_R_*).
** Since 0.1.0. */
ACS_API int acs_apply(const acs_policy *policy, acs_account *account,
                      const acs_event *event, acs_record *record,
                      acs_refusal *refusal);

/* Apply every deadline that has passed by now_ms, earliest first, each as
** its own change with its own record at the deadline's own time, and set
** the account's last change to the last of them.
** records: out, room for records_max records (ACS_DEADLINES_MAX is always
** enough). *written: out, how many were written. next_deadline_ms: out,
** may be NULL: the next deadline after the call (0: none); when it is not
** later than now_ms, records_max was too small and more are due.
** Deadlines at exactly now_ms are applied. A review deadline that lapses
** lifts its hold (ACS_POLICY_LAPSE_LIFTS) or flags it ACS_HOLD_OVERDUE; an
** unanswered appeal is flagged overdue and stays open for a late answer; a
** window that runs out sets ACS_ACCOUNT_WINDOW_ENDED and never closes the
** account. Returns ACS_OK, ACS_E_NULL, ACS_E_POLICY_UNBUILT,
** ACS_E_ACCOUNT_CORRUPT, ACS_E_TIME_RANGE, ACS_E_TIME_BACKWARDS,
** ACS_E_ACCOUNT_CLOSED, or ACS_E_LIMIT when a deadline is due and the
** account has recorded ACS_SEQUENCE_MAX changes. Since 0.1.0. */
ACS_API int acs_advance(const acs_policy *policy, acs_account *account,
                        int64_t now_ms, acs_record *records,
                        unsigned records_max, unsigned *written,
                        int64_t *next_deadline_ms);

/* Fill *record as the denial record of event, refused with code, against
** the account as it stands (which a refusal left unchanged). The record has
** ACS_RECORD_DENIAL set, status before and after equal, and refusal = code;
** deadline_ms is the deadline the event asked for (EXTEND's deadline_ms, or
** time + period_ms of a HOLD), so a replay can ask again. Values no record
** can hold (an unknown role, reason or level, a hold id or time out of
** range) are written as 0, so every denial encodes and chains.
** Returns ACS_OK, ACS_E_NULL, ACS_E_ENUM (code is not one acs_apply
** returns: an ACS_R_* code or ACS_E_NULL .. ACS_E_LIMIT),
** ACS_E_POLICY_UNBUILT or ACS_E_ACCOUNT_CORRUPT. Since 0.1.0. */
ACS_API int acs_record_denial(const acs_policy *policy,
                              const acs_account *account,
                              const acs_event *event, int code,
                              acs_record *record);

/* Write a one-line English explanation of a refusal, for a support agent
** to read out, into buf (cap bytes, always NUL-terminated when cap > 0).
** Returns the length the full sentence needs, without the NUL, like
** snprintf; the sentence is cut when that is >= cap. buf may be NULL when
** cap is 0. Returns 0 when refusal is NULL. Since 0.1.0. */
ACS_API size_t acs_explain(const acs_refusal *refusal, char *buf, size_t cap);

/* ------------------------------------------------------------------------
** SHA-256 (FIPS 180-4), inside the library so that record hashing and
** policy fingerprints need no other library. Also for callers who want to
** hash their evidence the same way.
*/
#define ACS_SHA256_SIZE 32
#define ACS_SHA256_BLOCK 64

/* Incremental state. Caller-owned; initialise with acs_sha256_init. */
typedef struct acs_sha256_ctx {
    uint32_t state[8];
    uint64_t length;                  /* bytes hashed so far */
    uint8_t block[ACS_SHA256_BLOCK];  /* bytes waiting for a full block */
    uint32_t used;                    /* how many of block are waiting */
    uint32_t reserved;
} acs_sha256_ctx;

/* Start a hash. Does nothing when ctx is NULL. Since 0.1.0. */
ACS_API void acs_sha256_init(acs_sha256_ctx *ctx);
/* Add size bytes at data (data may be NULL when size is 0). Hashing more
** than 2^61 - 1 bytes in total is not supported. Since 0.1.0. */
ACS_API void acs_sha256_update(acs_sha256_ctx *ctx, const void *data, size_t size);
/* Finish and write the 32-byte digest to out; ctx must be initialised again
** before reuse. Since 0.1.0. */
ACS_API void acs_sha256_final(acs_sha256_ctx *ctx, uint8_t out[ACS_SHA256_SIZE]);
/* The digest of size bytes at data, in one call. Since 0.1.0. */
ACS_API void acs_sha256(const void *data, size_t size, uint8_t out[ACS_SHA256_SIZE]);

/* ------------------------------------------------------------------------
** The audit trail: records as portable bytes and text, chained by hash,
** verified, and replayed against the policy that was in force.
** docs/audit-format.md documents every byte.
*/

#define ACS_RECORD_ENCODED_SIZE 216 /* bytes of one encoded record */
#define ACS_RECORD_BODY_SIZE 152    /* the leading bytes a record's hash covers */
#define ACS_RECORD_JSON_MAX 1024    /* room for any record's JSON text and NUL */

/* Encode record into buf (cap bytes; ACS_RECORD_ENCODED_SIZE are written).
** The record must be one decode accepts. Returns ACS_OK, ACS_E_NULL,
** ACS_E_BUFFER, ACS_E_ENUM, ACS_E_RESERVED or ACS_E_VERSION; buf is
** untouched on failure. Since 0.1.0. */
ACS_API int acs_record_encode(const acs_record *record, uint8_t *buf, size_t cap);

/* Decode the first ACS_RECORD_ENCODED_SIZE bytes of buf into *record,
** validating every field. Returns ACS_OK, ACS_E_NULL, ACS_E_TRUNCATED
** (size too small), ACS_E_MAGIC, ACS_E_VERSION, ACS_E_ENUM (a value outside
** its enum) or ACS_E_RESERVED (reserved bits set); *record is untouched on
** failure. Since 0.1.0. */
ACS_API int acs_record_decode(acs_record *record, const uint8_t *buf, size_t size);

/* Write record as one line of JSON, keys in a fixed order, into buf (cap
** bytes, NUL-terminated when cap > 0). Returns the length the whole text
** needs without the NUL, like snprintf; 0 when record is NULL or not a
** record encode accepts. Since 0.1.0. */
ACS_API size_t acs_record_json(const acs_record *record, char *buf, size_t cap);

/* Parse exactly the text acs_record_json writes (size bytes; a trailing
** newline is allowed) into *record. Anything else is refused with
** ACS_E_SYNTAX and *error_offset (may be NULL) set to the byte offset of the
** first problem; a well-formed text with a bad value gives the code decode
** would. *record is untouched on failure. Since 0.1.0. */
ACS_API int acs_record_parse_json(acs_record *record, const char *text, size_t size,
                                  size_t *error_offset);

/* A hash chain's head. One per account or one for a whole log: the caller
** decides. */
typedef struct acs_chain {
    uint8_t head[ACS_DIGEST_SIZE]; /* hash of the last record appended */
    uint64_t count;                /* records appended */
} acs_chain;

/* Start an empty chain: head all zero, count 0. Returns ACS_OK or
** ACS_E_NULL. Since 0.1.0. */
ACS_API int acs_chain_init(acs_chain *chain);

/* Chain record: set ACS_RECORD_CHAINED, previous_hash to the head, hash to
** SHA-256(0x01 || previous_hash || the first ACS_RECORD_BODY_SIZE bytes of
** the record's encoding), and move the head to it. Returns ACS_OK,
** ACS_E_NULL, or what encode returns; nothing changes on failure.
** Since 0.1.0. */
ACS_API int acs_chain_append(acs_chain *chain, acs_record *record);

/* The hash record should carry, from its previous_hash and its contents.
** Returns ACS_OK, ACS_E_NULL or what encode returns. Since 0.1.0. */
ACS_API int acs_record_hash(const acs_record *record, uint8_t out[ACS_DIGEST_SIZE]);

/* What verification or replay found: code is ACS_OK or an ACS_V_* code
** (replay: also the ACS_R_* or ACS_E_* code the policy gave), index is the
** first bad record. */
typedef struct acs_audit_report {
    int32_t code;
    int32_t refusal; /* replay: the code the library returned for the record */
    uint64_t index;
} acs_audit_report;

/* Verification options. */
#define ACS_VERIFY_LOG 0x1u /* records of many accounts in one chain: check
                               the chain only, not sequences or accounts */

/* Verify records[0 .. count - 1] as one chain. start: the chain as it stood
** before records[0], or NULL for a new chain (head zero). anchor: NULL, or
** the head the chain must end at, kept apart from the records (a shorter
** list than the anchor's count is a truncation). Without ACS_VERIFY_LOG the
** records must be of one account, with sequences rising by one per change
** (a denial repeats the last change's sequence) and times never going back.
** Returns ACS_OK, ACS_E_NULL, ACS_E_RESERVED (unknown options) or the first
** ACS_V_* finding, also written with its index into *report (may be NULL).
** Since 0.1.0. */
ACS_API int acs_verify(const acs_record *records, size_t count, const acs_chain *start,
                       const acs_chain *anchor, unsigned options,
                       acs_audit_report *report);

/* Replay the records of one account, from its opening record, under
** policy: re-apply each recorded event (and each deadline acs_advance
** applied, and each denial) and check that the library produces exactly
** that record, chain fields aside. On success *account is the account as
** the records leave it. Returns ACS_OK, a misuse code, or the first finding:
** ACS_V_NOT_OPENING, ACS_V_POLICY (fingerprint differs), ACS_V_REFUSED (the
** policy refuses a recorded change; report->refusal has the code),
** ACS_V_OUTCOME (the change differs from the record), with its index in
** *report (may be NULL). *account is written only on success.
** Since 0.1.0. */
ACS_API int acs_replay(const acs_policy *policy, const acs_record *records, size_t count,
                       acs_account *account, acs_audit_report *report);

/* The account as it stood at at_ms: the replay of the records whose time is
** at or before at_ms. Returns what acs_replay returns; ACS_V_NOT_OPENING
** when the account was not yet open at at_ms. Since 0.1.0. */
ACS_API int acs_account_at(const acs_policy *policy, const acs_record *records,
                           size_t count, int64_t at_ms, acs_account *account,
                           acs_audit_report *report);

#ifdef __cplusplus
}
#endif

#if defined(__cplusplus) && __cplusplus >= 201103L
static_assert(sizeof(acs_account) == ACS_ACCOUNT_SIZE, "account size");
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(acs_account) == ACS_ACCOUNT_SIZE, "account size");
_Static_assert(sizeof(acs_record) == 208, "record size");
#endif

#endif /* ACCTSTATE_H */
