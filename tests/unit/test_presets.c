/*
** test_presets.c: the three preset policy tables of presets.c.
**
** The heart of this file is a table written out by hand: for each preset,
** each event kind (HOLD once per level), each status and each role, what
** the status and role part of the preset's rule says (ACS_OK: it passes;
** ACS_R_STATUS: not from that status; ACS_R_ROLE: not by that role; status
** is checked before role). A change to any preset rule shows up as a failing
** row.
**
** The table is checked twice: against the preset's rule data, and through
** acs_apply on an account brought into each status, with a reason, evidence
** and approver the rule accepts, so that only status and role can refuse.
** The fixtures are built so that every row whose check passes applies
** successfully. Two documented misuse checks come before the rule in
** acs_apply and take precedence: a CLOSED account gives
** ACS_E_ACCOUNT_CLOSED, and LIFT on an account with no hold gives
** ACS_E_HOLD_UNKNOWN.
**
** The last tests pin the preset figures that docs/model.md names.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "acctstate.h"
#include "support_a.h"

typedef struct preset_row {
    int preset;
    int kind;
    int level;  /* HOLD only */
    int status;
    int expected[6]; /* by role, USER .. SYSTEM */
} preset_row;

#define DEF ACS_PRESET_DEFAULT
#define CON ACS_PRESET_CONSUMER
#define DIS ACS_PRESET_DISCRETIONARY

#define VERIFY ACS_EVENT_VERIFY, 0
#define HOLD_WO ACS_EVENT_HOLD, ACS_LEVEL_WITHDRAWAL_ONLY
#define HOLD_FR ACS_EVENT_HOLD, ACS_LEVEL_FROZEN
#define HOLD_SU ACS_EVENT_HOLD, ACS_LEVEL_SUSPENDED
#define LIFT ACS_EVENT_LIFT, 0
#define EXTEND ACS_EVENT_EXTEND, 0
#define NOTICE ACS_EVENT_NOTICE, 0
#define RESCIND ACS_EVENT_RESCIND, 0
#define CLOSE ACS_EVENT_CLOSE, 0
#define APPEAL ACS_EVENT_APPEAL, 0
#define DECIDE ACS_EVENT_DECIDE, 0

#define ACTV ACS_STATUS_ACTIVE
#define PEND ACS_STATUS_PENDING
#define WDRO ACS_STATUS_WITHDRAWAL_ONLY
#define FROZ ACS_STATUS_FROZEN
#define SUSP ACS_STATUS_SUSPENDED
#define CLSD ACS_STATUS_CLOSED

#define OK ACS_OK
#define ST ACS_R_STATUS
#define RO ACS_R_ROLE

/*   preset kind   status  USER  SUPP  COMP  SECU  MGMT  SYST */
static const preset_row rows[] = {
    {DEF, VERIFY, ACTV, {ST, ST, ST, ST, ST, ST}},
    {DEF, VERIFY, PEND, {RO, OK, OK, RO, RO, OK}},
    {DEF, VERIFY, WDRO, {ST, ST, ST, ST, ST, ST}},
    {DEF, VERIFY, FROZ, {ST, ST, ST, ST, ST, ST}},
    {DEF, VERIFY, SUSP, {ST, ST, ST, ST, ST, ST}},
    {DEF, VERIFY, CLSD, {ST, ST, ST, ST, ST, ST}},
    {DEF, HOLD_WO, ACTV, {RO, OK, OK, OK, RO, OK}},
    {DEF, HOLD_WO, PEND, {RO, OK, OK, OK, RO, OK}},
    {DEF, HOLD_WO, WDRO, {RO, OK, OK, OK, RO, OK}},
    {DEF, HOLD_WO, FROZ, {RO, OK, OK, OK, RO, OK}},
    {DEF, HOLD_WO, SUSP, {RO, OK, OK, OK, RO, OK}},
    {DEF, HOLD_WO, CLSD, {ST, ST, ST, ST, ST, ST}},
    {DEF, HOLD_FR, ACTV, {RO, RO, OK, OK, RO, OK}},
    {DEF, HOLD_FR, PEND, {RO, RO, OK, OK, RO, OK}},
    {DEF, HOLD_FR, WDRO, {RO, RO, OK, OK, RO, OK}},
    {DEF, HOLD_FR, FROZ, {RO, RO, OK, OK, RO, OK}},
    {DEF, HOLD_FR, SUSP, {RO, RO, OK, OK, RO, OK}},
    {DEF, HOLD_FR, CLSD, {ST, ST, ST, ST, ST, ST}},
    {DEF, HOLD_SU, ACTV, {RO, RO, OK, RO, RO, RO}},
    {DEF, HOLD_SU, PEND, {RO, RO, OK, RO, RO, RO}},
    {DEF, HOLD_SU, WDRO, {RO, RO, OK, RO, RO, RO}},
    {DEF, HOLD_SU, FROZ, {RO, RO, OK, RO, RO, RO}},
    {DEF, HOLD_SU, SUSP, {RO, RO, OK, RO, RO, RO}},
    {DEF, HOLD_SU, CLSD, {ST, ST, ST, ST, ST, ST}},
    {DEF, LIFT,   ACTV, {ST, ST, ST, ST, ST, ST}},
    {DEF, LIFT,   PEND, {ST, ST, ST, ST, ST, ST}},
    {DEF, LIFT,   WDRO, {RO, OK, OK, OK, RO, OK}},
    {DEF, LIFT,   FROZ, {RO, OK, OK, OK, RO, OK}},
    {DEF, LIFT,   SUSP, {RO, OK, OK, OK, RO, OK}},
    {DEF, LIFT,   CLSD, {ST, ST, ST, ST, ST, ST}},
    {DEF, EXTEND, ACTV, {ST, ST, ST, ST, ST, ST}},
    {DEF, EXTEND, PEND, {ST, ST, ST, ST, ST, ST}},
    {DEF, EXTEND, WDRO, {RO, OK, OK, OK, RO, RO}},
    {DEF, EXTEND, FROZ, {RO, OK, OK, OK, RO, RO}},
    {DEF, EXTEND, SUSP, {RO, OK, OK, OK, RO, RO}},
    {DEF, EXTEND, CLSD, {ST, ST, ST, ST, ST, ST}},
    {DEF, NOTICE, ACTV, {RO, RO, OK, RO, OK, RO}},
    {DEF, NOTICE, PEND, {ST, ST, ST, ST, ST, ST}},
    {DEF, NOTICE, WDRO, {RO, RO, OK, RO, OK, RO}},
    {DEF, NOTICE, FROZ, {RO, RO, OK, RO, OK, RO}},
    {DEF, NOTICE, SUSP, {RO, RO, OK, RO, OK, RO}},
    {DEF, NOTICE, CLSD, {ST, ST, ST, ST, ST, ST}},
    {DEF, RESCIND, ACTV, {ST, ST, ST, ST, ST, ST}},
    {DEF, RESCIND, PEND, {ST, ST, ST, ST, ST, ST}},
    {DEF, RESCIND, WDRO, {RO, RO, OK, RO, OK, RO}},
    {DEF, RESCIND, FROZ, {RO, RO, OK, RO, OK, RO}},
    {DEF, RESCIND, SUSP, {RO, RO, OK, RO, OK, RO}},
    {DEF, RESCIND, CLSD, {ST, ST, ST, ST, ST, ST}},
    {DEF, CLOSE,  ACTV, {OK, RO, OK, RO, OK, OK}},
    {DEF, CLOSE,  PEND, {ST, ST, ST, ST, ST, ST}},
    {DEF, CLOSE,  WDRO, {OK, RO, OK, RO, OK, OK}},
    {DEF, CLOSE,  FROZ, {OK, RO, OK, RO, OK, OK}},
    {DEF, CLOSE,  SUSP, {OK, RO, OK, RO, OK, OK}},
    {DEF, CLOSE,  CLSD, {ST, ST, ST, ST, ST, ST}},
    {DEF, APPEAL, ACTV, {ST, ST, ST, ST, ST, ST}},
    {DEF, APPEAL, PEND, {ST, ST, ST, ST, ST, ST}},
    {DEF, APPEAL, WDRO, {OK, RO, RO, RO, RO, RO}},
    {DEF, APPEAL, FROZ, {OK, RO, RO, RO, RO, RO}},
    {DEF, APPEAL, SUSP, {OK, RO, RO, RO, RO, RO}},
    {DEF, APPEAL, CLSD, {ST, ST, ST, ST, ST, ST}},
    {DEF, DECIDE, ACTV, {ST, ST, ST, ST, ST, ST}},
    {DEF, DECIDE, PEND, {ST, ST, ST, ST, ST, ST}},
    {DEF, DECIDE, WDRO, {RO, RO, OK, RO, OK, RO}},
    {DEF, DECIDE, FROZ, {RO, RO, OK, RO, OK, RO}},
    {DEF, DECIDE, SUSP, {RO, RO, OK, RO, OK, RO}},
    {DEF, DECIDE, CLSD, {ST, ST, ST, ST, ST, ST}},

    {CON, VERIFY, ACTV, {ST, ST, ST, ST, ST, ST}},
    {CON, VERIFY, PEND, {RO, OK, OK, RO, RO, OK}},
    {CON, VERIFY, WDRO, {ST, ST, ST, ST, ST, ST}},
    {CON, VERIFY, FROZ, {ST, ST, ST, ST, ST, ST}},
    {CON, VERIFY, SUSP, {ST, ST, ST, ST, ST, ST}},
    {CON, VERIFY, CLSD, {ST, ST, ST, ST, ST, ST}},
    {CON, HOLD_WO, ACTV, {RO, OK, OK, OK, RO, OK}},
    {CON, HOLD_WO, PEND, {RO, OK, OK, OK, RO, OK}},
    {CON, HOLD_WO, WDRO, {RO, OK, OK, OK, RO, OK}},
    {CON, HOLD_WO, FROZ, {RO, OK, OK, OK, RO, OK}},
    {CON, HOLD_WO, SUSP, {RO, OK, OK, OK, RO, OK}},
    {CON, HOLD_WO, CLSD, {ST, ST, ST, ST, ST, ST}},
    {CON, HOLD_FR, ACTV, {RO, RO, OK, OK, RO, OK}},
    {CON, HOLD_FR, PEND, {RO, RO, OK, OK, RO, OK}},
    {CON, HOLD_FR, WDRO, {RO, RO, OK, OK, RO, OK}},
    {CON, HOLD_FR, FROZ, {RO, RO, OK, OK, RO, OK}},
    {CON, HOLD_FR, SUSP, {RO, RO, OK, OK, RO, OK}},
    {CON, HOLD_FR, CLSD, {ST, ST, ST, ST, ST, ST}},
    {CON, HOLD_SU, ACTV, {RO, RO, OK, OK, OK, RO}},
    {CON, HOLD_SU, PEND, {RO, RO, OK, OK, OK, RO}},
    {CON, HOLD_SU, WDRO, {RO, RO, OK, OK, OK, RO}},
    {CON, HOLD_SU, FROZ, {RO, RO, OK, OK, OK, RO}},
    {CON, HOLD_SU, SUSP, {RO, RO, OK, OK, OK, RO}},
    {CON, HOLD_SU, CLSD, {ST, ST, ST, ST, ST, ST}},
    {CON, LIFT,   ACTV, {ST, ST, ST, ST, ST, ST}},
    {CON, LIFT,   PEND, {ST, ST, ST, ST, ST, ST}},
    {CON, LIFT,   WDRO, {RO, OK, OK, OK, RO, OK}},
    {CON, LIFT,   FROZ, {RO, OK, OK, OK, RO, OK}},
    {CON, LIFT,   SUSP, {RO, OK, OK, OK, RO, OK}},
    {CON, LIFT,   CLSD, {ST, ST, ST, ST, ST, ST}},
    {CON, EXTEND, ACTV, {ST, ST, ST, ST, ST, ST}},
    {CON, EXTEND, PEND, {ST, ST, ST, ST, ST, ST}},
    {CON, EXTEND, WDRO, {RO, OK, OK, OK, RO, RO}},
    {CON, EXTEND, FROZ, {RO, OK, OK, OK, RO, RO}},
    {CON, EXTEND, SUSP, {RO, OK, OK, OK, RO, RO}},
    {CON, EXTEND, CLSD, {ST, ST, ST, ST, ST, ST}},
    {CON, NOTICE, ACTV, {RO, RO, OK, RO, OK, RO}},
    {CON, NOTICE, PEND, {ST, ST, ST, ST, ST, ST}},
    {CON, NOTICE, WDRO, {RO, RO, OK, RO, OK, RO}},
    {CON, NOTICE, FROZ, {RO, RO, OK, RO, OK, RO}},
    {CON, NOTICE, SUSP, {RO, RO, OK, RO, OK, RO}},
    {CON, NOTICE, CLSD, {ST, ST, ST, ST, ST, ST}},
    {CON, RESCIND, ACTV, {ST, ST, ST, ST, ST, ST}},
    {CON, RESCIND, PEND, {ST, ST, ST, ST, ST, ST}},
    {CON, RESCIND, WDRO, {RO, RO, OK, RO, OK, RO}},
    {CON, RESCIND, FROZ, {RO, RO, OK, RO, OK, RO}},
    {CON, RESCIND, SUSP, {RO, RO, OK, RO, OK, RO}},
    {CON, RESCIND, CLSD, {ST, ST, ST, ST, ST, ST}},
    {CON, CLOSE,  ACTV, {OK, RO, OK, RO, OK, OK}},
    {CON, CLOSE,  PEND, {ST, ST, ST, ST, ST, ST}},
    {CON, CLOSE,  WDRO, {OK, RO, OK, RO, OK, OK}},
    {CON, CLOSE,  FROZ, {OK, RO, OK, RO, OK, OK}},
    {CON, CLOSE,  SUSP, {OK, RO, OK, RO, OK, OK}},
    {CON, CLOSE,  CLSD, {ST, ST, ST, ST, ST, ST}},
    {CON, APPEAL, ACTV, {ST, ST, ST, ST, ST, ST}},
    {CON, APPEAL, PEND, {ST, ST, ST, ST, ST, ST}},
    {CON, APPEAL, WDRO, {OK, RO, RO, RO, RO, RO}},
    {CON, APPEAL, FROZ, {OK, RO, RO, RO, RO, RO}},
    {CON, APPEAL, SUSP, {OK, RO, RO, RO, RO, RO}},
    {CON, APPEAL, CLSD, {ST, ST, ST, ST, ST, ST}},
    {CON, DECIDE, ACTV, {ST, ST, ST, ST, ST, ST}},
    {CON, DECIDE, PEND, {ST, ST, ST, ST, ST, ST}},
    {CON, DECIDE, WDRO, {RO, RO, OK, RO, OK, RO}},
    {CON, DECIDE, FROZ, {RO, RO, OK, RO, OK, RO}},
    {CON, DECIDE, SUSP, {RO, RO, OK, RO, OK, RO}},
    {CON, DECIDE, CLSD, {ST, ST, ST, ST, ST, ST}},

    {DIS, VERIFY, ACTV, {ST, ST, ST, ST, ST, ST}},
    {DIS, VERIFY, PEND, {RO, OK, OK, OK, OK, OK}},
    {DIS, VERIFY, WDRO, {ST, ST, ST, ST, ST, ST}},
    {DIS, VERIFY, FROZ, {ST, ST, ST, ST, ST, ST}},
    {DIS, VERIFY, SUSP, {ST, ST, ST, ST, ST, ST}},
    {DIS, VERIFY, CLSD, {ST, ST, ST, ST, ST, ST}},
    {DIS, HOLD_WO, ACTV, {RO, OK, OK, OK, OK, OK}},
    {DIS, HOLD_WO, PEND, {RO, OK, OK, OK, OK, OK}},
    {DIS, HOLD_WO, WDRO, {RO, OK, OK, OK, OK, OK}},
    {DIS, HOLD_WO, FROZ, {RO, OK, OK, OK, OK, OK}},
    {DIS, HOLD_WO, SUSP, {RO, OK, OK, OK, OK, OK}},
    {DIS, HOLD_WO, CLSD, {ST, ST, ST, ST, ST, ST}},
    {DIS, HOLD_FR, ACTV, {RO, OK, OK, OK, OK, OK}},
    {DIS, HOLD_FR, PEND, {RO, OK, OK, OK, OK, OK}},
    {DIS, HOLD_FR, WDRO, {RO, OK, OK, OK, OK, OK}},
    {DIS, HOLD_FR, FROZ, {RO, OK, OK, OK, OK, OK}},
    {DIS, HOLD_FR, SUSP, {RO, OK, OK, OK, OK, OK}},
    {DIS, HOLD_FR, CLSD, {ST, ST, ST, ST, ST, ST}},
    {DIS, HOLD_SU, ACTV, {RO, OK, OK, OK, OK, OK}},
    {DIS, HOLD_SU, PEND, {RO, OK, OK, OK, OK, OK}},
    {DIS, HOLD_SU, WDRO, {RO, OK, OK, OK, OK, OK}},
    {DIS, HOLD_SU, FROZ, {RO, OK, OK, OK, OK, OK}},
    {DIS, HOLD_SU, SUSP, {RO, OK, OK, OK, OK, OK}},
    {DIS, HOLD_SU, CLSD, {ST, ST, ST, ST, ST, ST}},
    {DIS, LIFT,   ACTV, {ST, ST, ST, ST, ST, ST}},
    {DIS, LIFT,   PEND, {ST, ST, ST, ST, ST, ST}},
    {DIS, LIFT,   WDRO, {RO, OK, OK, OK, OK, OK}},
    {DIS, LIFT,   FROZ, {RO, OK, OK, OK, OK, OK}},
    {DIS, LIFT,   SUSP, {RO, OK, OK, OK, OK, OK}},
    {DIS, LIFT,   CLSD, {ST, ST, ST, ST, ST, ST}},
    {DIS, EXTEND, ACTV, {ST, ST, ST, ST, ST, ST}},
    {DIS, EXTEND, PEND, {ST, ST, ST, ST, ST, ST}},
    {DIS, EXTEND, WDRO, {RO, OK, OK, OK, OK, OK}},
    {DIS, EXTEND, FROZ, {RO, OK, OK, OK, OK, OK}},
    {DIS, EXTEND, SUSP, {RO, OK, OK, OK, OK, OK}},
    {DIS, EXTEND, CLSD, {ST, ST, ST, ST, ST, ST}},
    {DIS, NOTICE, ACTV, {RO, RO, OK, RO, OK, RO}},
    {DIS, NOTICE, PEND, {ST, ST, ST, ST, ST, ST}},
    {DIS, NOTICE, WDRO, {RO, RO, OK, RO, OK, RO}},
    {DIS, NOTICE, FROZ, {RO, RO, OK, RO, OK, RO}},
    {DIS, NOTICE, SUSP, {RO, RO, OK, RO, OK, RO}},
    {DIS, NOTICE, CLSD, {ST, ST, ST, ST, ST, ST}},
    {DIS, RESCIND, ACTV, {ST, ST, ST, ST, ST, ST}},
    {DIS, RESCIND, PEND, {ST, ST, ST, ST, ST, ST}},
    {DIS, RESCIND, WDRO, {RO, RO, OK, RO, OK, RO}},
    {DIS, RESCIND, FROZ, {RO, RO, OK, RO, OK, RO}},
    {DIS, RESCIND, SUSP, {RO, RO, OK, RO, OK, RO}},
    {DIS, RESCIND, CLSD, {ST, ST, ST, ST, ST, ST}},
    {DIS, CLOSE,  ACTV, {OK, RO, OK, RO, OK, OK}},
    {DIS, CLOSE,  PEND, {ST, ST, ST, ST, ST, ST}},
    {DIS, CLOSE,  WDRO, {OK, RO, OK, RO, OK, OK}},
    {DIS, CLOSE,  FROZ, {OK, RO, OK, RO, OK, OK}},
    {DIS, CLOSE,  SUSP, {OK, RO, OK, RO, OK, OK}},
    {DIS, CLOSE,  CLSD, {ST, ST, ST, ST, ST, ST}},
    {DIS, APPEAL, ACTV, {ST, ST, ST, ST, ST, ST}},
    {DIS, APPEAL, PEND, {ST, ST, ST, ST, ST, ST}},
    {DIS, APPEAL, WDRO, {OK, RO, RO, RO, RO, RO}},
    {DIS, APPEAL, FROZ, {OK, RO, RO, RO, RO, RO}},
    {DIS, APPEAL, SUSP, {OK, RO, RO, RO, RO, RO}},
    {DIS, APPEAL, CLSD, {ST, ST, ST, ST, ST, ST}},
    {DIS, DECIDE, ACTV, {ST, ST, ST, ST, ST, ST}},
    {DIS, DECIDE, PEND, {ST, ST, ST, ST, ST, ST}},
    {DIS, DECIDE, WDRO, {RO, RO, OK, RO, OK, RO}},
    {DIS, DECIDE, FROZ, {RO, RO, OK, RO, OK, RO}},
    {DIS, DECIDE, SUSP, {RO, RO, OK, RO, OK, RO}},
    {DIS, DECIDE, CLSD, {ST, ST, ST, ST, ST, ST}},

};

#undef DEF
#undef CON
#undef DIS
#undef VERIFY
#undef HOLD_WO
#undef HOLD_FR
#undef HOLD_SU
#undef LIFT
#undef EXTEND
#undef NOTICE
#undef RESCIND
#undef CLOSE
#undef APPEAL
#undef DECIDE
#undef ACTV
#undef PEND
#undef WDRO
#undef FROZ
#undef SUSP
#undef CLSD
#undef OK
#undef ST
#undef RO

#define ROW_COUNT (sizeof rows / sizeof rows[0])
#define PRESET_COUNT 3
#define KIND_SLOTS ACS_RULE_COUNT
#define STATUS_FIRST ACS_STATUS_ACTIVE
#define STATUS_LAST ACS_STATUS_CLOSED

static int rule_index(int kind, int level)
{
    switch (kind) {
    case ACS_EVENT_VERIFY: return ACS_RULE_VERIFY;
    case ACS_EVENT_HOLD: return ACS_RULE_VERIFY + level;
    case ACS_EVENT_LIFT: return ACS_RULE_LIFT;
    case ACS_EVENT_EXTEND: return ACS_RULE_EXTEND;
    case ACS_EVENT_NOTICE: return ACS_RULE_NOTICE;
    case ACS_EVENT_RESCIND: return ACS_RULE_RESCIND;
    case ACS_EVENT_CLOSE: return ACS_RULE_CLOSE;
    case ACS_EVENT_APPEAL: return ACS_RULE_APPEAL;
    case ACS_EVENT_DECIDE: return ACS_RULE_DECIDE;
    default: return -1;
    }
}

static const char *preset_label(int preset)
{
    const acs_policy_rules *rules = acs_preset_rules(preset);
    return rules != NULL ? rules->name : "?";
}

static void print_row(const preset_row *row, int role, int got, int want,
                      const char *what)
{
    const char *status = acs_status_name(row->status);
    const char *kind = acs_event_name(row->kind);
    const char *role_name = acs_role_name(role);
    print_error("%s: preset %s, %s level %d, status %s, role %s: "
                "got %d (%s), want %d (%s)\n",
                what, preset_label(row->preset), kind ? kind : "?", row->level,
                status ? status : "?", role_name ? role_name : "?", got,
                sa_code_label(got), want, sa_code_label(want));
}

/* Every (preset, kind, level, status) appears exactly once. */
static void test_table_is_complete(void **state)
{
    (void)state;
    int seen[PRESET_COUNT + 1][KIND_SLOTS][ACS_STATUS_COUNT];
    memset(seen, 0, sizeof seen);
    assert_int_equal(ROW_COUNT, PRESET_COUNT * KIND_SLOTS * 6);
    for (size_t i = 0; i < ROW_COUNT; i++) {
        const preset_row *row = &rows[i];
        assert_true(row->preset >= ACS_PRESET_DEFAULT && row->preset <= ACS_PRESET_DISCRETIONARY);
        int index = rule_index(row->kind, row->level);
        assert_true(index >= 0 && index < KIND_SLOTS);
        assert_true(row->status >= STATUS_FIRST && row->status <= STATUS_LAST);
        seen[row->preset][index][row->status]++;
    }
    for (int preset = ACS_PRESET_DEFAULT; preset <= ACS_PRESET_DISCRETIONARY; preset++)
        for (int index = 0; index < KIND_SLOTS; index++)
            for (int status = STATUS_FIRST; status <= STATUS_LAST; status++)
                assert_int_equal(seen[preset][index][status], 1);
}

/* The table against the rule data of each preset: status first, then the
** actor's role. */
static void test_table_matches_preset_rules(void **state)
{
    (void)state;
    int mismatches = 0;
    for (size_t i = 0; i < ROW_COUNT; i++) {
        const preset_row *row = &rows[i];
        const acs_policy_rules *rules = acs_preset_rules(row->preset);
        assert_non_null(rules);
        const acs_rule *rule = &rules->rules[rule_index(row->kind, row->level)];
        for (int role = ACS_ROLE_USER; role <= ACS_ROLE_SYSTEM; role++) {
            int got = ACS_OK;
            if (!(rule->from_statuses & ACS_STATUS_BIT(row->status)))
                got = ACS_R_STATUS;
            else if (!(rule->actor_roles & ACS_ROLE_BIT(role)))
                got = ACS_R_ROLE;
            int want = row->expected[role - 1];
            if (got != want) {
                print_row(row, role, got, want, "rule data");
                mismatches++;
            }
        }
    }
    assert_int_equal(mismatches, 0);
}

/* A reason each kind's rule accepts in all three presets; the fixture
** checks it against the rule so that a preset change is reported as such. */
static int reason_for(int kind)
{
    switch (kind) {
    case ACS_EVENT_VERIFY: return ACS_REASON_REQUIREMENT_MET;
    case ACS_EVENT_HOLD: return ACS_REASON_LEGAL_ORDER;
    case ACS_EVENT_LIFT: return ACS_REASON_REVIEW_CLEARED;
    case ACS_EVENT_EXTEND: return ACS_REASON_LEGAL_ORDER;
    case ACS_EVENT_NOTICE: return ACS_REASON_LEGAL_ORDER;
    case ACS_EVENT_RESCIND: return ACS_REASON_ERROR_CORRECTED;
    case ACS_EVENT_CLOSE: return ACS_REASON_USER_REQUEST;
    case ACS_EVENT_APPEAL: return ACS_REASON_USER_REQUEST;
    case ACS_EVENT_DECIDE: return ACS_REASON_APPEAL_DISMISSED;
    default: return 0;
    }
}

/* The event of row by role against an account whose hold (0: none) is
** hold. Everything but status and role satisfies the preset's rule, and the
** kind's own conditions hold too. */
static acs_event row_event(const preset_row *row, int role,
                           const acs_rule *rule, const acs_hold *hold)
{
    acs_event event =
        sa_event(row->kind, SA_T_EVENT, role, reason_for(row->kind));
    sa_set_evidence(&event, 0x5a);
    if (rule->approver_roles != 0)
        sa_set_approver(&event, sa_lowest_role(rule->approver_roles),
                        SA_APPROVER_ID);
    switch (row->kind) {
    case ACS_EVENT_HOLD:
        event.level = (uint8_t)row->level;
        break;
    case ACS_EVENT_LIFT:
        /* Without a hold the target is unknown whatever id is named. */
        event.hold_id = hold->id != 0 ? hold->id : 1;
        break;
    case ACS_EVENT_EXTEND:
        event.hold_id = hold->id;
        event.deadline_ms = hold->id != 0 ? hold->placed_ms + 20 * SA_DAY_MS
                                          : SA_T_EVENT + 20 * SA_DAY_MS;
        break;
    case ACS_EVENT_APPEAL:
    case ACS_EVENT_DECIDE:
        event.hold_id = hold->id;
        break;
    default:
        break;
    }
    return event;
}

static unsigned extras_for(int kind)
{
    if (kind == ACS_EVENT_RESCIND) return SA_WITH_NOTICE;
    if (kind == ACS_EVENT_DECIDE) return SA_WITH_APPEAL;
    return 0;
}

/* One row, one role, through acs_apply. Returns 1 on a mismatch. */
static int check_row_role(const acs_policy *setup, const acs_policy *policy,
                          const preset_row *row, int role)
{
    const acs_rule *rule =
        &policy->rules.rules[rule_index(row->kind, row->level)];
    uint64_t reason_bit = ACS_REASON_BIT(reason_for(row->kind));
    if (!(rule->reasons & reason_bit) ||
        (policy->rules.reasons_never_valid & reason_bit)) {
        print_row(row, role, 0, 0, "fixture reason no longer valid");
        return 1;
    }

    acs_account account;
    acs_hold hold;
    sa_account_in(setup, &account, row->status, extras_for(row->kind));
    sa_first_hold(&account, &hold);
    acs_event event = row_event(row, role, rule, &hold);

    int want = row->expected[role - 1];
    if (row->status == ACS_STATUS_CLOSED)
        want = ACS_E_ACCOUNT_CLOSED;
    else if (row->kind == ACS_EVENT_LIFT && hold.id == 0)
        want = ACS_E_HOLD_UNKNOWN;
    else if (row->kind == ACS_EVENT_CLOSE && want == ACS_OK && role != ACS_ROLE_USER)
        want = ACS_R_NOTICE_REQUIRED; /* no notice given: only the customer closes */

    acs_account before = account;
    acs_record record;
    acs_refusal refusal;
    memset(&refusal, 0, sizeof refusal);
    int got = acs_apply(policy, &account, &event, &record, &refusal);
    if (got != want) {
        print_row(row, role, got, want, "acs_apply");
        return 1;
    }
    if (got == ACS_OK) {
        if (record.kind != row->kind || record.status_before != row->status) {
            print_row(row, role, got, want, "record of the change is wrong");
            return 1;
        }
        return 0;
    }
    if (memcmp(&before, &account, sizeof account) != 0) {
        print_row(row, role, got, want, "refused event changed the account");
        return 1;
    }
    if (refusal.code != got) {
        print_row(row, role, refusal.code, got, "refusal.code");
        return 1;
    }
    if ((got == ACS_R_STATUS || got == ACS_R_ROLE) &&
        refusal.status != row->status) {
        print_row(row, role, got, want, "refusal.status is not the status");
        return 1;
    }
    return 0;
}

static void check_preset_through_apply(int preset)
{
    acs_policy setup;
    acs_policy policy;
    sa_setup_policy(&setup);
    sa_preset(&policy, preset);
    int mismatches = 0;
    int checked = 0;
    for (size_t i = 0; i < ROW_COUNT; i++) {
        if (rows[i].preset != preset) continue;
        for (int role = ACS_ROLE_USER; role <= ACS_ROLE_SYSTEM; role++) {
            mismatches += check_row_role(&setup, &policy, &rows[i], role);
            checked++;
        }
    }
    assert_int_equal(checked, KIND_SLOTS * 6 * 6);
    assert_int_equal(mismatches, 0);
}

static void test_default_rows_through_apply(void **state)
{
    (void)state;
    check_preset_through_apply(ACS_PRESET_DEFAULT);
}

static void test_consumer_rows_through_apply(void **state)
{
    (void)state;
    check_preset_through_apply(ACS_PRESET_CONSUMER);
}

static void test_discretionary_rows_through_apply(void **state)
{
    (void)state;
    check_preset_through_apply(ACS_PRESET_DISCRETIONARY);
}

/* ---- Preset figures named in docs/model.md. ---- */

/* A no-fault closure under consumer rules gives at least two months'
** notice: the window runs at least 61 days from the notice. */
static void test_consumer_commercial_notice_is_two_months(void **state)
{
    (void)state;
    const acs_policy_rules *rules = acs_preset_rules(ACS_PRESET_CONSUMER);
    assert_non_null(rules);
    const acs_period notice = rules->notice[ACS_REASON_COMMERCIAL_DECISION];
    assert_int_equal(notice.unit, ACS_UNIT_DAYS);
    assert_true(notice.count >= 61);

    acs_policy setup, consumer;
    sa_setup_policy(&setup);
    sa_preset(&consumer, ACS_PRESET_CONSUMER);
    acs_account account;
    sa_account_in(&setup, &account, ACS_STATUS_ACTIVE, 0);
    acs_event event = sa_event(ACS_EVENT_NOTICE, SA_T_EVENT,
                               ACS_ROLE_MANAGEMENT,
                               ACS_REASON_COMMERCIAL_DECISION);
    sa_set_approver(&event, ACS_ROLE_COMPLIANCE, SA_APPROVER_ID);
    sa_apply_ok(&consumer, &account, &event);
    acs_account_info info;
    sa_assert_code(acs_account_info_get(&account, &info), ACS_OK);
    assert_int_equal(info.lifecycle, ACS_LIFECYCLE_CLOSING);
    assert_true(info.window_end_ms - SA_T_EVENT >= 61 * SA_DAY_MS);
    assert_int_equal(info.window_end_ms, SA_T_EVENT + sa_period_ms(notice));
}

/* Complaints answered within 15 business days (PSD2 Art. 101), counted in
** a calendar with Saturday and Sunday off, an offset of +60 minutes (the
** euro area's winter time, fixed) and the TARGET closing days of 2025 to
** 2030. */
static void test_consumer_appeal_answer_is_15_business_days(void **state)
{
    (void)state;
    const acs_policy_rules *rules = acs_preset_rules(ACS_PRESET_CONSUMER);
    assert_non_null(rules);
    assert_int_equal(rules->appeal_answer.count, 15);
    assert_int_equal(rules->appeal_answer.unit, ACS_UNIT_BUSINESS_DAYS);
    assert_int_equal(rules->calendar.weekend,
                     ACS_WEEKDAY_BIT(ACS_SATURDAY) | ACS_WEEKDAY_BIT(ACS_SUNDAY));
    assert_int_equal(rules->calendar.utc_offset_minutes, 60);
    assert_int_equal(rules->calendar.holiday_count, 36);
    assert_int_equal(rules->calendar.holidays[0], 20250101);
    assert_int_equal(rules->calendar.holidays[35], 20301226);

    acs_policy setup, consumer;
    sa_setup_policy(&setup);
    sa_preset(&consumer, ACS_PRESET_CONSUMER);
    acs_account account;
    unsigned hold_id = sa_account_in(&setup, &account, ACS_STATUS_FROZEN, 0);
    assert_int_not_equal(hold_id, 0);
    /* SA_T_EVENT is Wednesday 2023-11-15 02:13:20 UTC, 03:13:20 local. The
    ** 15 business days are Nov 16, 17, 20 .. 24, 27 .. 30, Dec 1, 4, 5 and
    ** 6 (no holiday of the calendar falls in 2023), so the answer is due at
    ** the local midnight ending Wednesday Dec 6: 2023-12-06 23:00 UTC. */
    const int64_t due = 1701903600000; /* 2023-12-06T23:00:00Z */
    sa_appeal(&consumer, &account, hold_id, SA_T_EVENT);
    acs_account_info info;
    sa_assert_code(acs_account_info_get(&account, &info), ACS_OK);
    assert_int_equal(info.appeal_count, 1);
    assert_int_equal(info.appeals[0].target, hold_id);
    assert_int_equal(info.appeals[0].answer_deadline_ms, due);
    /* Not 21 calendar days: the count is of business days. */
    assert_int_not_equal(info.appeals[0].answer_deadline_ms, SA_T_EVENT + 21 * SA_DAY_MS);
}

/* The December 2022 case: a suspension citing public criticism, approved by
** compliance, with evidence. */
static int suspend_for_criticism(int preset, int actor_role)
{
    acs_policy setup, policy;
    sa_setup_policy(&setup);
    sa_preset(&policy, preset);
    acs_account account;
    sa_account_in(&setup, &account, ACS_STATUS_ACTIVE, 0);
    acs_event event = sa_event(ACS_EVENT_HOLD, SA_T_EVENT, actor_role,
                               ACS_REASON_PUBLIC_CRITICISM);
    event.level = ACS_LEVEL_SUSPENDED;
    sa_set_evidence(&event, 0x77);
    const acs_rule *rule = &policy.rules.rules[ACS_RULE_HOLD_SUSPENDED];
    if (rule->approver_roles != 0)
        sa_set_approver(&event, sa_lowest_role(rule->approver_roles),
                        SA_APPROVER_ID);
    acs_record record;
    return acs_apply(&policy, &account, &event, &record, NULL);
}

static void test_public_criticism_never_valid_in_default_and_consumer(void **state)
{
    (void)state;
    const uint64_t bit = ACS_REASON_BIT(ACS_REASON_PUBLIC_CRITICISM);
    const int presets[] = {ACS_PRESET_DEFAULT, ACS_PRESET_CONSUMER};
    for (size_t i = 0; i < 2; i++) {
        const acs_policy_rules *rules = acs_preset_rules(presets[i]);
        assert_non_null(rules);
        assert_true(rules->reasons_never_valid & bit);
        for (int r = 0; r < ACS_RULE_COUNT; r++)
            assert_false(rules->rules[r].reasons & bit);
        sa_assert_code(suspend_for_criticism(presets[i], ACS_ROLE_COMPLIANCE),
                       ACS_R_REASON_NEVER_VALID);
    }
}

static void test_public_criticism_valid_in_discretionary(void **state)
{
    (void)state;
    const uint64_t bit = ACS_REASON_BIT(ACS_REASON_PUBLIC_CRITICISM);
    const acs_policy_rules *rules = acs_preset_rules(ACS_PRESET_DISCRETIONARY);
    assert_non_null(rules);
    assert_false(rules->reasons_never_valid & bit);
    assert_true(rules->rules[ACS_RULE_HOLD_SUSPENDED].reasons & bit);
    assert_true(rules->rules[ACS_RULE_NOTICE].reasons & bit);
    /* Management suspends at once, for any reason. */
    sa_assert_code(suspend_for_criticism(ACS_PRESET_DISCRETIONARY,
                                         ACS_ROLE_MANAGEMENT),
                   ACS_OK);
}

/* Consumer: a suspension citing conduct needs evidence and a second
** approver from compliance. */
static void test_consumer_conduct_suspension_needs_compliance_and_evidence(
    void **state)
{
    (void)state;
    const acs_policy_rules *rules = acs_preset_rules(ACS_PRESET_CONSUMER);
    assert_non_null(rules);
    const acs_rule *rule = &rules->rules[ACS_RULE_HOLD_SUSPENDED];
    assert_int_equal(rule->approver_roles, ACS_ROLE_BIT(ACS_ROLE_COMPLIANCE));

    acs_policy setup, consumer;
    sa_setup_policy(&setup);
    sa_preset(&consumer, ACS_PRESET_CONSUMER);
    const int conduct[] = {ACS_REASON_TERMS_BREACH, ACS_REASON_ABUSIVE_CONDUCT};
    for (size_t i = 0; i < 2; i++) {
        uint64_t bit = ACS_REASON_BIT(conduct[i]);
        assert_true(rule->reasons & bit);
        assert_true(rule->reasons_evidence & bit);

        acs_account account;
        sa_account_in(&setup, &account, ACS_STATUS_ACTIVE, 0);
        acs_record record;
        acs_event event = sa_event(ACS_EVENT_HOLD, SA_T_EVENT,
                                   ACS_ROLE_MANAGEMENT, conduct[i]);
        event.level = ACS_LEVEL_SUSPENDED;
        sa_assert_code(acs_apply(&consumer, &account, &event, &record, NULL),
                       ACS_R_APPROVER_MISSING);
        sa_set_approver(&event, ACS_ROLE_MANAGEMENT, SA_APPROVER_ID);
        sa_assert_code(acs_apply(&consumer, &account, &event, &record, NULL),
                       ACS_R_APPROVER_ROLE);
        sa_set_approver(&event, ACS_ROLE_COMPLIANCE, SA_APPROVER_ID);
        sa_assert_code(acs_apply(&consumer, &account, &event, &record, NULL),
                       ACS_R_EVIDENCE_MISSING);
        sa_set_evidence(&event, 0x42);
        sa_assert_code(acs_apply(&consumer, &account, &event, &record, NULL),
                       ACS_OK);
        assert_int_equal(sa_status(&account), ACS_STATUS_SUSPENDED);
    }
}

/* Discretionary: holds get no review deadline. */
static void test_discretionary_has_no_review_deadline(void **state)
{
    (void)state;
    const acs_policy_rules *rules = acs_preset_rules(ACS_PRESET_DISCRETIONARY);
    assert_non_null(rules);
    acs_policy setup, discretionary;
    sa_setup_policy(&setup);
    sa_preset(&discretionary, ACS_PRESET_DISCRETIONARY);
    for (int level = ACS_LEVEL_WITHDRAWAL_ONLY; level <= ACS_LEVEL_SUSPENDED;
         level++) {
        assert_int_equal(rules->review_default[level].unit, ACS_UNIT_NONE);
        assert_int_equal(rules->review_default[level].count, 0);

        acs_account account;
        sa_account_in(&setup, &account, ACS_STATUS_ACTIVE, 0);
        acs_event event = sa_event(ACS_EVENT_HOLD, SA_T_EVENT,
                                   ACS_ROLE_MANAGEMENT,
                                   ACS_REASON_ABUSIVE_CONDUCT);
        event.level = (uint8_t)level;
        sa_apply_ok(&discretionary, &account, &event);
        acs_hold hold;
        assert_int_not_equal(sa_first_hold(&account, &hold), 0);
        assert_int_equal(hold.review_deadline_ms, 0);
        int64_t next = -1;
        sa_assert_code(acs_account_next_deadline(&account, &next, NULL), ACS_OK);
        assert_int_equal(next, 0);
    }
}

/* Default and consumer: an investigation freeze is reviewed within a
** bounded period, and the hold carries that deadline. */
static void test_freeze_is_reviewed_in_default_and_consumer(void **state)
{
    (void)state;
    const int presets[] = {ACS_PRESET_DEFAULT, ACS_PRESET_CONSUMER};
    acs_policy setup;
    sa_setup_policy(&setup);
    for (size_t i = 0; i < 2; i++) {
        const acs_policy_rules *rules = acs_preset_rules(presets[i]);
        assert_non_null(rules);
        const acs_period fallback = rules->review_default[ACS_LEVEL_FROZEN];
        const acs_period maximum = rules->review_max[ACS_LEVEL_FROZEN];
        assert_int_equal(fallback.unit, ACS_UNIT_DAYS);
        assert_true(fallback.count > 0);
        assert_int_equal(maximum.unit, fallback.unit);
        assert_true(maximum.count >= fallback.count);
        int64_t review = sa_period_ms(fallback);

        acs_policy policy;
        sa_preset(&policy, presets[i]);
        acs_account account;
        sa_account_in(&setup, &account, ACS_STATUS_ACTIVE, 0);
        acs_event event = sa_event(ACS_EVENT_HOLD, SA_T_EVENT,
                                   ACS_ROLE_SECURITY,
                                   ACS_REASON_SECURITY_COMPROMISE);
        event.level = ACS_LEVEL_FROZEN;
        sa_apply_ok(&policy, &account, &event);
        acs_hold hold;
        assert_int_not_equal(sa_first_hold(&account, &hold), 0);
        assert_int_equal(hold.review_deadline_ms, SA_T_EVENT + review);
    }
}

/* Each preset's name is the one its documentation uses. */
static void test_preset_names(void **state)
{
    (void)state;
    assert_string_equal(preset_label(ACS_PRESET_DEFAULT), "default");
    assert_string_equal(preset_label(ACS_PRESET_CONSUMER), "consumer");
    assert_string_equal(preset_label(ACS_PRESET_DISCRETIONARY), "discretionary");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_is_complete),
        cmocka_unit_test(test_table_matches_preset_rules),
        cmocka_unit_test(test_default_rows_through_apply),
        cmocka_unit_test(test_consumer_rows_through_apply),
        cmocka_unit_test(test_discretionary_rows_through_apply),
        cmocka_unit_test(test_consumer_commercial_notice_is_two_months),
        cmocka_unit_test(test_consumer_appeal_answer_is_15_business_days),
        cmocka_unit_test(test_public_criticism_never_valid_in_default_and_consumer),
        cmocka_unit_test(test_public_criticism_valid_in_discretionary),
        cmocka_unit_test(test_consumer_conduct_suspension_needs_compliance_and_evidence),
        cmocka_unit_test(test_discretionary_has_no_review_deadline),
        cmocka_unit_test(test_freeze_is_reviewed_in_default_and_consumer),
        cmocka_unit_test(test_preset_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
