/*
** model.h: the reference model of an account, written from DOMAIN.md and
** docs/model.md alone, for the three presets the library ships.
**
** The model keeps its own plain account (one field per fact, no packing),
** works out its own deadlines (hours, days, and the business days of the
** consumer preset's calendar by a day-by-day walk) and states each preset's
** rules as explicit if-chains. It shares no code with src/: from
** acctstate.h it takes only the numbers of the enums, the limits and the
** struct types of events, records and refusals, so that the property suite
** can compare what the library does with what the documents say it should
** do, field by field.
*/
#ifndef ACS_MODEL_H
#define ACS_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "acctstate.h"

/* One hold, as the model keeps it. */
typedef struct model_hold {
    uint16_t id;
    uint8_t level;
    uint8_t reason;
    uint8_t actor_role;
    bool overdue;  /* its review deadline lapsed and it stays */
    bool appealed; /* the customer has appealed it */
    uint64_t actor_id;
    int64_t placed_ms;
    int64_t review_deadline_ms; /* 0: none */
} model_hold;

/* One open appeal. Appeals are kept in the order they were made. */
typedef struct model_appeal {
    uint16_t target; /* hold id, 0 for the closure notice */
    bool overdue;
    int64_t answer_deadline_ms;
} model_appeal;

/* The account. Holds are kept in the order they were placed. */
typedef struct model_account {
    uint64_t id;
    uint32_t sequence;
    int64_t last_change_ms;
    int lifecycle; /* acs_lifecycle */
    unsigned hold_count;
    model_hold holds[ACS_HOLDS_MAX];
    unsigned next_hold_id;
    unsigned appeal_count;
    model_appeal appeals[ACS_APPEALS_MAX];
    /* The closure notice and its withdrawal window; all zero unless
    ** CLOSING. */
    int notice_reason;
    int64_t window_end_ms;    /* while paused, the end when the pause began */
    int64_t window_max_ms;
    int64_t window_paused_ms; /* when the pause began, 0 when not paused */
    bool window_paused;
    bool window_ended;
    bool notice_appealed;
} model_account;

/* The preset the model follows, and the fingerprint its records carry.
** The fingerprint is an input: computing the canonical encoding of a policy
** is not the model's business, only stamping it on every record. */
typedef struct model_policy {
    int preset; /* acs_preset */
    uint8_t fingerprint[ACS_DIGEST_SIZE];
} model_policy;

/* Sets up *policy for preset (1..3) with the given fingerprint. */
void model_policy_init(model_policy *policy, int preset,
                       const uint8_t fingerprint[ACS_DIGEST_SIZE]);

/* The preset's name, as its refusals carry it. */
const char *model_policy_name(const model_policy *policy);

/* Opens an account: PENDING, no holds, sequence 1; writes the opening
** record. now_ms must be in range. */
void model_open(const model_policy *policy, model_account *account, uint64_t id,
                int64_t now_ms, acs_record *record);

/* The status, derived from lifecycle and holds. */
int model_status(const model_account *account);

/* The capability set of a status under the policy. */
unsigned model_capabilities(const model_policy *policy, int status);

/* The earliest deadline still to run (0 when none) and its kind
** (ACS_EVENT_REVIEW_LAPSED, _APPEAL_LAPSED, _WINDOW_ENDED; 0 when none). */
int64_t model_next_deadline(const model_account *account, int *kind);

/* Applies one event as acs_apply is documented to: returns ACS_OK and
** writes *record, or returns the code the library must refuse with, fills
** *refusal and leaves *account and *record as they were. */
int model_apply(const model_policy *policy, model_account *account, const acs_event *event,
                acs_record *record, acs_refusal *refusal);

/* The denial record acs_record_denial must write for event refused with
** code: ACS_OK and *record, or ACS_E_ENUM when the code or kind cannot be
** recorded. */
int model_denial(const model_policy *policy, const model_account *account,
                 const acs_event *event, int code, acs_record *record);

/* Applies every deadline due by now_ms as acs_advance is documented to. */
int model_advance(const model_policy *policy, model_account *account, int64_t now_ms,
                  acs_record *records, unsigned records_max, unsigned *written,
                  int64_t *next_deadline_ms);

/* The end of the withdrawal window as it stands at now_ms: a paused window
** has run only until its pause began, so its end has moved by the time
** paused so far. */
int64_t model_window_end_now(const model_account *account, int64_t now_ms);

#endif /* ACS_MODEL_H */
