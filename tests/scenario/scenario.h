/*
** scenario.h: what the scenario suites share.
**
** The presets' figures the scenarios rely on (checked against the tables
** once, in case.c, so that a changed figure fails in one clear place), the
** people who act in them, builders for events, and checked wrappers around
** acs_apply and acs_advance.
**
** The wrappers hold the library to the contract every call must keep:
** APPLY_OK checks the one record a change writes against the event and the
** account before and after it; APPLY_REFUSED checks that the refusal left
** the account and the record untouched byte for byte, that the refusal
** names the code, and that the denial record of the attempt says what was
** tried and that nothing changed. The assertions name the caller's line.
*/
#ifndef SCENARIO_H
#define SCENARIO_H

#include <stdint.h>

#include <check.h>

#include "acctstate.h"

/* 2022-12-01T00:00:00Z, the month of the December 2022 case. */
#define T0_MS INT64_C(1669852800000)
#define MINUTE_MS INT64_C(60000)
#define HOUR_MS (60 * MINUTE_MS)
#define DAY_MS (24 * HOUR_MS)
#define YEAR_MS (365 * DAY_MS)

#define ACCOUNT_ID UINT64_C(0x5eedc0ffee)

/* The people in the scenarios. */
#define CUSTOMER_ID UINT64_C(1001)    /* ACS_ROLE_USER */
#define SUPPORT_ID UINT64_C(2001)     /* ACS_ROLE_SUPPORT */
#define SECURITY_ID UINT64_C(3001)    /* ACS_ROLE_SECURITY */
#define COMPLIANCE_ID UINT64_C(4001)  /* ACS_ROLE_COMPLIANCE */
#define COMPLIANCE2_ID UINT64_C(4002) /* a second compliance officer */
#define CEO_ID UINT64_C(5001)         /* ACS_ROLE_MANAGEMENT */
#define MANAGER2_ID UINT64_C(5002)    /* a second manager */

/* The figures of one preset that the scenarios use, as the tables in
** src/presets.c state them. Periods in days are given as milliseconds; a
** review period of 0 means no review deadline. The appeal answer is kept as
** the policy states it, because consumer's is counted in business days of
** its calendar, which has no fixed length: appeal_answer_due() gives the
** deadline. */
typedef struct preset_figures {
    int preset;
    const char *name;
    int64_t review_ms[ACS_LEVEL_COUNT];     /* default review period */
    int64_t review_max_ms[ACS_LEVEL_COUNT]; /* placement to latest deadline */
    int64_t notice_conduct_ms;              /* NOTICE for ABUSIVE_CONDUCT */
    int64_t notice_commercial_ms;           /* NOTICE for COMMERCIAL_DECISION */
    int64_t window_extension_max_ms;
    int64_t appeal_window_ms;
    acs_period appeal_answer;
    /* The calendar business days are counted in. */
    uint32_t weekend;           /* ACS_WEEKDAY_BIT of each weekend day */
    int32_t utc_offset_minutes;
    uint32_t holiday_count;
    const uint32_t *holidays;   /* YYYYMMDD, holiday_count of them */
    int window_pauses;        /* ACS_POLICY_WINDOW_PAUSES */
    int lapse_lifts;          /* ACS_POLICY_LAPSE_LIFTS */
    int unclaimed_segregated; /* ACS_POLICY_UNCLAIMED_SEGREGATED */
    int notice_dual_control;  /* NOTICE needs a second approver (compliance
                                 may always approve) */
} preset_figures;

/* Loop tests run over these three, in this order. */
#define PRESET_LOOP_COUNT 3
const preset_figures *figures_of(int loop_index);

/* When an appeal made at appeal_ms must be answered under the preset. For
** business days the deadline is worked out here, from the figures'
** calendar and the C library's gmtime, not by the library under test: the
** local midnight that ends the count-th business day after the local day of
** appeal_ms. */
int64_t appeal_answer_due(const preset_figures *figures, int64_t appeal_ms);

/* Builds the preset's policy; fails the test if it cannot. */
void policy_of(acs_policy *policy, const preset_figures *figures);

/* Events. Every builder zeroes the event first. */
acs_event event_of(int kind, int64_t time_ms, uint64_t actor_id, int actor_role,
                   int reason);
acs_event hold_event(int64_t time_ms, int level, uint64_t actor_id, int actor_role,
                     int reason);
acs_event target_event(int kind, int64_t time_ms, unsigned hold_id, uint64_t actor_id,
                       int actor_role, int reason);
void with_approver(acs_event *event, uint64_t approver_id, int approver_role);
/* A digest that is not all zero; seed tells digests apart. */
void with_evidence(acs_event *event, uint8_t seed);
/* Closure notice by the chief executive for reason, with a compliance
** approver where the preset asks for dual control, and evidence when
** evidence is true. */
acs_event notice_event(const preset_figures *figures, int64_t time_ms, int reason,
                       int evidence);
/* CLOSE by the chief executive; funds_held sets ACS_EVENT_FUNDS_HELD. */
acs_event close_event(int64_t time_ms, int reason, int funds_held);

/* Accounts. */
void open_at(const char *file, int line, const acs_policy *policy,
             acs_account *account, int64_t time_ms);
/* Opened at time_ms and verified by support one hour later. */
void open_active_at(const char *file, int line, const acs_policy *policy,
                    acs_account *account, int64_t time_ms);
acs_account_info info_at(const char *file, int line, const acs_account *account);
int status_at(const char *file, int line, const acs_account *account);
acs_hold hold_at(const char *file, int line, const acs_account *account,
                 unsigned hold_id);
void next_deadline_at(const char *file, int line, const acs_account *account,
                      int64_t want_ms, int want_kind);

#define OPEN(policy, account, time_ms) open_at(__FILE__, __LINE__, policy, account, time_ms)
#define OPEN_ACTIVE(policy, account, time_ms) \
    open_active_at(__FILE__, __LINE__, policy, account, time_ms)
#define INFO(account) info_at(__FILE__, __LINE__, account)
#define STATUS(account) status_at(__FILE__, __LINE__, account)
#define HOLD(account, hold_id) hold_at(__FILE__, __LINE__, account, hold_id)
#define EXPECT_NEXT_DEADLINE(account, want_ms, want_kind) \
    next_deadline_at(__FILE__, __LINE__, account, want_ms, want_kind)

/* acs_apply that must succeed: checks the record against the event and the
** account before and after, and returns it in *record. */
void apply_ok_at(const char *file, int line, const acs_policy *policy,
                 acs_account *account, const acs_event *event, acs_record *record);
/* acs_apply that must be refused with code: checks that nothing changed,
** the refusal, its explanation and the denial record (returned in *denial
** when not NULL); returns the refusal in *refusal when not NULL. */
void apply_refused_at(const char *file, int line, const acs_policy *policy,
                      acs_account *account, const acs_event *event, int code,
                      acs_refusal *refusal, acs_record *denial);
/* acs_advance that must succeed; checks that written <= records_max and
** that the records are one change each, in order. */
void advance_at(const char *file, int line, const acs_policy *policy,
                acs_account *account, int64_t now_ms, acs_record *records,
                unsigned records_max, unsigned *written, int64_t *next_ms);
/* One record written by acs_advance for a deadline of kind at time_ms. */
void deadline_record_at(const char *file, int line, const acs_record *record, int kind,
                        int64_t time_ms, unsigned hold_id, uint64_t sequence);

#define APPLY_OK(policy, account, event, record) \
    apply_ok_at(__FILE__, __LINE__, policy, account, event, record)
#define APPLY_REFUSED(policy, account, event, code, refusal, denial) \
    apply_refused_at(__FILE__, __LINE__, policy, account, event, code, refusal, denial)
#define ADVANCE(policy, account, now_ms, records, records_max, written, next_ms) \
    advance_at(__FILE__, __LINE__, policy, account, now_ms, records, records_max, \
               written, next_ms)
#define EXPECT_DEADLINE_RECORD(record, kind, time_ms, hold_id, sequence) \
    deadline_record_at(__FILE__, __LINE__, record, kind, time_ms, hold_id, sequence)

/* Integer equality with the caller's line in the message. */
void expect_eq_at(const char *file, int line, const char *what, long long got,
                  long long want);
#define EXPECT_EQ(what, got, want) \
    expect_eq_at(__FILE__, __LINE__, what, (long long)(got), (long long)(want))

/* The enum name of a code, never NULL. */
const char *code_name(int code);

/* Adds a test case of name to suite with the scenario timeout. */
TCase *scenario_tcase(Suite *suite, const char *name);

#endif /* SCENARIO_H */
