/*
** baseline.h: the benchmark's reference point, the account rules of the
** default preset written by hand with switch statements over a small
** struct, the way an exchange's engineer would write them without the
** library.
**
** It makes the same decisions as acs_apply under ACS_PRESET_DEFAULT for
** the events the benchmark generates (the status check, the actor's role,
** dual control, the reason, the evidence, and each kind's own conditions
** and state change), and nothing else: no validation of the account bytes
** or of the event's fields, no audit record, no deadlines run by time, no
** policy as data. It reads the same acs_event values as the library so that
** both are fed the same input.
*/
#ifndef BENCH_BASELINE_H
#define BENCH_BASELINE_H

#include <stdint.h>

#include "acctstate.h"

/* What the baseline decided. The benchmark maps the library's codes onto
** these to compare decisions. */
typedef enum base_verdict {
    BASE_ACCEPTED = 0,
    BASE_CLOSED,
    BASE_TIME_BACKWARDS,
    BASE_HOLD_UNKNOWN,
    BASE_STATUS,
    BASE_NEVER_VALID,
    BASE_ROLE,
    BASE_APPROVER_MISSING,
    BASE_APPROVER_SAME,
    BASE_APPROVER_ROLE,
    BASE_REASON,
    BASE_EVIDENCE,
    BASE_HOLDS_FULL,
    BASE_NOT_LATER,
    BASE_BEYOND_MAX,
    BASE_NO_DEADLINE,
    BASE_NO_NOTICE,
    BASE_NOTICE_RUNNING,
    BASE_NOTICE_REQUIRED,
    BASE_WINDOW_RUNNING,
    BASE_APPEAL_DUPLICATE,
    BASE_APPEAL_WINDOW,
    BASE_APPEAL_LIMIT,
    BASE_NO_APPEAL,
    BASE_OTHER /* a library code the baseline never gives */
} base_verdict;

typedef struct base_hold {
    int64_t placed_ms;
    int64_t review_ms;
    uint16_t id;
    uint8_t level;
    uint8_t appealed;
    uint8_t padding[4];
} base_hold;

#define BASE_HOLDS_MAX 8

typedef struct base_account {
    int64_t last_ms;
    int64_t window_end_ms;
    int64_t window_max_ms;
    int64_t paused_since_ms;
    int64_t appeal_due_ms[2];
    uint16_t appeal_target[2];
    uint32_t sequence;
    uint16_t next_hold_id;
    uint8_t lifecycle;      /* acs_lifecycle numbers */
    uint8_t hold_count;
    uint8_t appeal_count;
    uint8_t notice_appealed;
    uint8_t window_paused;
    uint8_t padding;
    base_hold holds[BASE_HOLDS_MAX];
} base_account;

/* An account as acs_account_open leaves it, at now_ms. */
void base_open(base_account *account, int64_t now_ms);

/* Apply event to account: on BASE_ACCEPTED the account has changed; on any
** other verdict it is as it was. *status is the account's status after the
** call (acs_status numbers). */
base_verdict base_apply(base_account *account, const acs_event *event, uint8_t *status);

#endif /* BENCH_BASELINE_H */
