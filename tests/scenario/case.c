/*
** case.c: the December 2022 case, step by step, under each preset.
**
** December 2022: API keys a trader had handed to a trading-bot service leak
** and the account is drained; the exchange freezes it, the trader asks for
** an investigation and appeals, criticises the exchange in public, and the
** exchange turns the account to withdrawal-only, suspends it, and closes it
** with a short window to withdraw. Each step is played under default,
** consumer and discretionary, and each test states what that preset accepts
** or refuses at that step and what the records say.
**
** A test plays every step before its own, so the first failing test names
** the first step where the library and the contract part. Refused attempts
** are also turned into denial records, as an auditor would want them.
*/
#include <string.h>

#include "scenario.h"
#include "suites.h"

/* The timeline, from 2022-12-01T00:00Z. */
#define T_OPEN T0_MS
#define T_VERIFY (T0_MS + 2 * HOUR_MS)
#define T_LEAK (T0_MS + 10 * DAY_MS + 9 * HOUR_MS) /* 2022-12-11 09:00 */
#define T_APPEAL (T_LEAK + DAY_MS)
#define T_TURN (T_APPEAL + DAY_MS) /* the trader criticises the exchange */
#define T_CONDUCT (T_TURN + HOUR_MS)
#define T_SUSPEND (T_TURN + 2 * HOUR_MS)
#define T_COMPLIANT (T_TURN + 3 * HOUR_MS)
#define T_RESOLVE (T_TURN + 4 * HOUR_MS)
#define T_NOTICE (T_TURN + 5 * HOUR_MS)
#define T_EARLY_CLOSE (T_NOTICE + DAY_MS)

typedef struct case_run {
    const preset_figures *f;
    int fair; /* default and consumer: the rules refuse the platform's moves */
    acs_policy policy;
    acs_account account;
    uint32_t sequence; /* expected sequence of the last change */
    unsigned freeze_id;
    unsigned suspension_id;
    int64_t window_end_ms;
} case_run;

typedef void (*case_step)(case_run *run);

static void expect_sequence(const case_run *run, const acs_record *record)
{
    EXPECT_EQ("record sequence", record->sequence, run->sequence);
    EXPECT_EQ("account sequence", INFO(&run->account).sequence, run->sequence);
}

static unsigned capabilities(const case_run *run)
{
    unsigned caps = 0xffff;
    int rc = acs_account_capabilities(&run->policy, &run->account, &caps);
    ck_assert_msg(rc == ACS_OK, "acs_account_capabilities: %s", code_name(rc));
    return caps;
}

/* a. The account is opened and verified by support. */
static void step_open_verify(case_run *run)
{
    acs_record rec;
    OPEN(&run->policy, &run->account, T_OPEN);
    run->sequence = 1;
    EXPECT_EQ("status when opened", STATUS(&run->account), ACS_STATUS_PENDING);
    EXPECT_EQ("capabilities while pending", capabilities(run), ACS_CAP_LOGIN);
    /* Nothing to give notice on before the account is verified. */
    acs_event early = notice_event(run->f, T_VERIFY, ACS_REASON_COMMERCIAL_DECISION, 0);
    APPLY_REFUSED(&run->policy, &run->account, &early, ACS_R_STATUS, NULL, NULL);

    /* The customer cannot verify their own account under any preset. */
    acs_event self = event_of(ACS_EVENT_VERIFY, T_VERIFY, CUSTOMER_ID, ACS_ROLE_USER,
                              ACS_REASON_REQUIREMENT_MET);
    acs_refusal why;
    APPLY_REFUSED(&run->policy, &run->account, &self, ACS_R_ROLE, &why, NULL);
    EXPECT_EQ("role at fault", why.role, ACS_ROLE_USER);

    acs_event verify = event_of(ACS_EVENT_VERIFY, T_VERIFY, SUPPORT_ID, ACS_ROLE_SUPPORT,
                                ACS_REASON_REQUIREMENT_MET);
    APPLY_OK(&run->policy, &run->account, &verify, &rec);
    run->sequence++;
    expect_sequence(run, &rec);
    EXPECT_EQ("VERIFY status before", rec.status_before, ACS_STATUS_PENDING);
    EXPECT_EQ("VERIFY status after", rec.status_after, ACS_STATUS_ACTIVE);
    EXPECT_EQ("VERIFY lifecycle before", rec.lifecycle_before, ACS_LIFECYCLE_PENDING);
    EXPECT_EQ("VERIFY lifecycle after", rec.lifecycle_after, ACS_LIFECYCLE_OPEN);
    EXPECT_EQ("VERIFY sets no deadline", rec.deadline_ms, 0);
    EXPECT_EQ("capabilities when active", capabilities(run), ACS_CAP_ALL);
    EXPECT_NEXT_DEADLINE(&run->account, 0, 0);

    /* Verified once: a second VERIFY has no PENDING account to start from. */
    verify.time_ms = T_VERIFY + MINUTE_MS;
    APPLY_REFUSED(&run->policy, &run->account, &verify, ACS_R_STATUS, NULL, NULL);
}

/* b. The keys leak; security freezes the account for an investigation. */
static void step_leak_freeze(case_run *run)
{
    acs_record rec;
    const preset_figures *f = run->f;
    if (run->fair) {
        /* Support may restrict to withdrawal-only but not freeze. */
        acs_event support = hold_event(T_LEAK, ACS_LEVEL_FROZEN, SUPPORT_ID,
                                       ACS_ROLE_SUPPORT, ACS_REASON_SECURITY_COMPROMISE);
        APPLY_REFUSED(&run->policy, &run->account, &support, ACS_R_ROLE, NULL, NULL);
    }

    acs_event freeze = hold_event(T_LEAK, ACS_LEVEL_FROZEN, SECURITY_ID, ACS_ROLE_SECURITY,
                                  ACS_REASON_SECURITY_COMPROMISE);
    APPLY_OK(&run->policy, &run->account, &freeze, &rec);
    run->sequence++;
    run->freeze_id = rec.hold_id;
    expect_sequence(run, &rec);
    EXPECT_EQ("first hold id", rec.hold_id, 1);
    EXPECT_EQ("freeze level", rec.hold_level, ACS_LEVEL_FROZEN);
    EXPECT_EQ("freeze status before", rec.status_before, ACS_STATUS_ACTIVE);
    EXPECT_EQ("freeze status after", rec.status_after, ACS_STATUS_FROZEN);
    int64_t review = f->review_ms[ACS_LEVEL_FROZEN];
    int64_t want_deadline = review != 0 ? T_LEAK + review : 0;
    EXPECT_EQ("investigation deadline in the record", rec.deadline_ms, want_deadline);

    acs_hold hold = HOLD(&run->account, run->freeze_id);
    EXPECT_EQ("investigation deadline on the hold", hold.review_deadline_ms, want_deadline);
    EXPECT_EQ("hold flags", hold.flags, 0);
    EXPECT_EQ("capabilities when frozen", capabilities(run), ACS_CAP_LOGIN);
    EXPECT_EQ("the leaked API keys stop working",
              acs_account_can(&run->policy, &run->account, ACS_CAP_API), 0);
    EXPECT_EQ("no withdrawal while frozen",
              acs_account_can(&run->policy, &run->account, ACS_CAP_WITHDRAW), 0);
    EXPECT_EQ("the customer can still log in",
              acs_account_can(&run->policy, &run->account, ACS_CAP_LOGIN), 1);
    EXPECT_NEXT_DEADLINE(&run->account, want_deadline,
                         want_deadline != 0 ? ACS_EVENT_REVIEW_LAPSED : 0);
}

/* c. The customer asks for an investigation and appeals the freeze. */
static void step_appeal(case_run *run)
{
    acs_record rec;
    const preset_figures *f = run->f;
    acs_event by_support = target_event(ACS_EVENT_APPEAL, T_APPEAL, run->freeze_id,
                                        SUPPORT_ID, ACS_ROLE_SUPPORT,
                                        ACS_REASON_USER_REQUEST);
    APPLY_REFUSED(&run->policy, &run->account, &by_support, ACS_R_ROLE, NULL, NULL);

    acs_event appeal = target_event(ACS_EVENT_APPEAL, T_APPEAL, run->freeze_id, CUSTOMER_ID,
                                    ACS_ROLE_USER, ACS_REASON_USER_REQUEST);
    APPLY_OK(&run->policy, &run->account, &appeal, &rec);
    run->sequence++;
    expect_sequence(run, &rec);
    int64_t answer = appeal_answer_due(f, T_APPEAL);
    /* Consumer: the appeal of Monday 2022-12-12 10:00 local is answered
    ** within 15 business days, Dec 13 .. 16, 19 .. 23, 26 .. 30 and
    ** Jan 2 (the calendar's holidays start in 2025, so Christmas 2022 is
    ** counted), by 2023-01-02 23:00 UTC. */
    if (f->preset == ACS_PRESET_CONSUMER)
        EXPECT_EQ("consumer answer deadline", answer, INT64_C(1672700400000));
    EXPECT_EQ("answer deadline in the record", rec.deadline_ms, answer);
    EXPECT_EQ("APPEAL status before", rec.status_before, ACS_STATUS_FROZEN);
    EXPECT_EQ("APPEAL status after", rec.status_after, ACS_STATUS_FROZEN);

    acs_account_info info = INFO(&run->account);
    EXPECT_EQ("open appeals", info.appeal_count, 1);
    EXPECT_EQ("appeal target", info.appeals[0].target, run->freeze_id);
    EXPECT_EQ("appeal answer deadline", info.appeals[0].answer_deadline_ms, answer);
    EXPECT_EQ("appeal not overdue", info.appeals[0].overdue, 0);
    acs_hold hold = HOLD(&run->account, run->freeze_id);
    EXPECT_EQ("hold marked appealed", hold.flags & ACS_HOLD_APPEALED, ACS_HOLD_APPEALED);

    /* The earliest of the investigation deadline and the answer deadline. */
    int64_t review = f->review_ms[ACS_LEVEL_FROZEN];
    if (review != 0 && T_LEAK + review <= answer)
        EXPECT_NEXT_DEADLINE(&run->account, T_LEAK + review, ACS_EVENT_REVIEW_LAPSED);
    else
        EXPECT_NEXT_DEADLINE(&run->account, answer, ACS_EVENT_APPEAL_LAPSED);

    appeal.time_ms = T_APPEAL + HOUR_MS;
    APPLY_REFUSED(&run->policy, &run->account, &appeal, ACS_E_APPEAL_DUPLICATE, NULL, NULL);
}

/* d1. The platform turns withdrawal-only because of public criticism. */
static void step_public_criticism(case_run *run)
{
    acs_record rec;
    acs_refusal why;
    acs_event criticism = hold_event(T_TURN, ACS_LEVEL_WITHDRAWAL_ONLY, CEO_ID,
                                     ACS_ROLE_MANAGEMENT, ACS_REASON_PUBLIC_CRITICISM);
    if (run->fair) {
        acs_record denial;
        APPLY_REFUSED(&run->policy, &run->account, &criticism, ACS_R_REASON_NEVER_VALID,
                      &why, &denial);
        EXPECT_EQ("reason at fault", why.reason, ACS_REASON_PUBLIC_CRITICISM);
        EXPECT_EQ("denial names the reason tried", denial.reason,
                  ACS_REASON_PUBLIC_CRITICISM);
        EXPECT_EQ("denial names who tried", denial.actor_role, ACS_ROLE_MANAGEMENT);
        char text[ACS_EXPLAIN_MAX];
        size_t need = acs_explain(&why, text, sizeof(text));
        ck_assert_msg(need > 0 && text[0] != '\0', "no explanation for the support agent");

        /* No role that may restrict, no evidence and no approval makes
        ** criticism a ground. */
        acs_event support = hold_event(T_TURN, ACS_LEVEL_WITHDRAWAL_ONLY, SUPPORT_ID,
                                       ACS_ROLE_SUPPORT, ACS_REASON_PUBLIC_CRITICISM);
        APPLY_REFUSED(&run->policy, &run->account, &support, ACS_R_REASON_NEVER_VALID, &why,
                      NULL);
        acs_event approved = hold_event(T_TURN, ACS_LEVEL_SUSPENDED, COMPLIANCE_ID,
                                        ACS_ROLE_COMPLIANCE, ACS_REASON_PUBLIC_CRITICISM);
        with_approver(&approved, COMPLIANCE2_ID, ACS_ROLE_COMPLIANCE);
        with_evidence(&approved, 0x11);
        APPLY_REFUSED(&run->policy, &run->account, &approved, ACS_R_REASON_NEVER_VALID,
                      &why, NULL);
        acs_event notice = notice_event(run->f, T_TURN, ACS_REASON_PUBLIC_CRITICISM, 1);
        APPLY_REFUSED(&run->policy, &run->account, &notice, ACS_R_REASON_NEVER_VALID, &why,
                      NULL);
        EXPECT_EQ("status unchanged", STATUS(&run->account), ACS_STATUS_FROZEN);
        return;
    }

    APPLY_OK(&run->policy, &run->account, &criticism, &rec);
    run->sequence++;
    expect_sequence(run, &rec);
    EXPECT_EQ("second hold id", rec.hold_id, 2);
    EXPECT_EQ("level", rec.hold_level, ACS_LEVEL_WITHDRAWAL_ONLY);
    EXPECT_EQ("reason recorded", rec.reason, ACS_REASON_PUBLIC_CRITICISM);
    EXPECT_EQ("no review deadline", rec.deadline_ms, 0);
    /* The freeze is stricter, so the status stays FROZEN. */
    EXPECT_EQ("status before", rec.status_before, ACS_STATUS_FROZEN);
    EXPECT_EQ("status after", rec.status_after, ACS_STATUS_FROZEN);
    EXPECT_EQ("holds in force", INFO(&run->account).hold_count, 2);
}

/* d2. Withdrawal-only citing abusive conduct, by management, no evidence. */
static void step_conduct_without_evidence(case_run *run)
{
    acs_record rec;
    acs_refusal why;
    acs_event conduct = hold_event(T_CONDUCT, ACS_LEVEL_WITHDRAWAL_ONLY, CEO_ID,
                                   ACS_ROLE_MANAGEMENT, ACS_REASON_ABUSIVE_CONDUCT);
    if (run->fair) {
        /* Management is not among the roles that may restrict. */
        APPLY_REFUSED(&run->policy, &run->account, &conduct, ACS_R_ROLE, &why, NULL);
        EXPECT_EQ("role at fault", why.role, ACS_ROLE_MANAGEMENT);
        /* Compliance may, but conduct needs an evidence digest. */
        acs_event compliance = hold_event(T_CONDUCT, ACS_LEVEL_WITHDRAWAL_ONLY,
                                          COMPLIANCE_ID, ACS_ROLE_COMPLIANCE,
                                          ACS_REASON_ABUSIVE_CONDUCT);
        APPLY_REFUSED(&run->policy, &run->account, &compliance, ACS_R_EVIDENCE_MISSING, &why,
                      NULL);
        EXPECT_EQ("reason at fault", why.reason, ACS_REASON_ABUSIVE_CONDUCT);
        /* With the case file's digest it is accepted (tried on a copy). */
        acs_account copy = run->account;
        with_evidence(&compliance, 0x21);
        APPLY_OK(&run->policy, &copy, &compliance, &rec);
        EXPECT_EQ("withdrawal-only with evidence: level", rec.hold_level,
                  ACS_LEVEL_WITHDRAWAL_ONLY);
        EXPECT_EQ("review deadline", rec.deadline_ms,
                  T_CONDUCT + run->f->review_ms[ACS_LEVEL_WITHDRAWAL_ONLY]);
        return;
    }
    /* Discretionary: management restricts for conduct on its own word
    ** (tried on a copy: the case's withdrawal-only step was d1). */
    acs_account copy = run->account;
    APPLY_OK(&run->policy, &copy, &conduct, &rec);
    EXPECT_EQ("hold level", rec.hold_level, ACS_LEVEL_WITHDRAWAL_ONLY);
    EXPECT_EQ("no evidence recorded", rec.evidence[0] | rec.evidence[31], 0);
}

/* d3. Suspension by management alone, citing conduct, no evidence. */
static void step_suspension_by_management(case_run *run)
{
    acs_record rec;
    acs_refusal why;
    acs_event suspend = hold_event(T_SUSPEND, ACS_LEVEL_SUSPENDED, CEO_ID,
                                   ACS_ROLE_MANAGEMENT, ACS_REASON_ABUSIVE_CONDUCT);
    switch (run->f->preset) {
    case ACS_PRESET_DEFAULT: {
        /* Only compliance may suspend. */
        APPLY_REFUSED(&run->policy, &run->account, &suspend, ACS_R_ROLE, &why, NULL);
        EXPECT_EQ("role at fault", why.role, ACS_ROLE_MANAGEMENT);
        /* Compliance alone: dual control. */
        acs_event alone = hold_event(T_SUSPEND, ACS_LEVEL_SUSPENDED, COMPLIANCE_ID,
                                     ACS_ROLE_COMPLIANCE, ACS_REASON_ABUSIVE_CONDUCT);
        with_evidence(&alone, 0x31);
        APPLY_REFUSED(&run->policy, &run->account, &alone, ACS_R_APPROVER_MISSING, NULL,
                      NULL);
        /* Approving one's own suspension is not a second pair of eyes. */
        with_approver(&alone, COMPLIANCE_ID, ACS_ROLE_COMPLIANCE);
        APPLY_REFUSED(&run->policy, &run->account, &alone, ACS_R_APPROVER_SAME, NULL, NULL);
        /* Support may not approve a suspension. */
        with_approver(&alone, SUPPORT_ID, ACS_ROLE_SUPPORT);
        APPLY_REFUSED(&run->policy, &run->account, &alone, ACS_R_APPROVER_ROLE, &why, NULL);
        EXPECT_EQ("approver role at fault", why.role, ACS_ROLE_SUPPORT);
        break;
    }
    case ACS_PRESET_CONSUMER: {
        /* Management may suspend, but only with a second approver. */
        APPLY_REFUSED(&run->policy, &run->account, &suspend, ACS_R_APPROVER_MISSING, NULL,
                      NULL);
        /* ... who must come from compliance ... */
        acs_event peer = suspend;
        with_approver(&peer, MANAGER2_ID, ACS_ROLE_MANAGEMENT);
        APPLY_REFUSED(&run->policy, &run->account, &peer, ACS_R_APPROVER_ROLE, &why, NULL);
        EXPECT_EQ("approver role at fault", why.role, ACS_ROLE_MANAGEMENT);
        /* ... and the conduct must be evidenced. */
        acs_event approved = suspend;
        with_approver(&approved, COMPLIANCE_ID, ACS_ROLE_COMPLIANCE);
        APPLY_REFUSED(&run->policy, &run->account, &approved, ACS_R_EVIDENCE_MISSING, &why,
                      NULL);
        EXPECT_EQ("reason at fault", why.reason, ACS_REASON_ABUSIVE_CONDUCT);
        break;
    }
    default:
        APPLY_OK(&run->policy, &run->account, &suspend, &rec);
        run->sequence++;
        run->suspension_id = rec.hold_id;
        expect_sequence(run, &rec);
        EXPECT_EQ("third hold id", rec.hold_id, 3);
        EXPECT_EQ("level", rec.hold_level, ACS_LEVEL_SUSPENDED);
        EXPECT_EQ("no approver", rec.approver_role, 0);
        EXPECT_EQ("no review deadline", rec.deadline_ms, 0);
        EXPECT_EQ("status before", rec.status_before, ACS_STATUS_FROZEN);
        EXPECT_EQ("status after", rec.status_after, ACS_STATUS_SUSPENDED);
        EXPECT_EQ("capabilities when suspended", capabilities(run), 0);
        EXPECT_EQ("not even login",
                  acs_account_can(&run->policy, &run->account, ACS_CAP_LOGIN), 0);
        return;
    }
    EXPECT_EQ("status unchanged", STATUS(&run->account), ACS_STATUS_FROZEN);
    EXPECT_EQ("holds unchanged", INFO(&run->account).hold_count, 1);
}

/* d4. The compliant path: compliance suspends with evidence, and a second
** compliance officer approves. */
static void step_compliant_suspension(case_run *run)
{
    acs_record rec;
    acs_event suspend = hold_event(T_COMPLIANT, ACS_LEVEL_SUSPENDED, COMPLIANCE_ID,
                                   ACS_ROLE_COMPLIANCE, ACS_REASON_ABUSIVE_CONDUCT);
    with_approver(&suspend, COMPLIANCE2_ID, ACS_ROLE_COMPLIANCE);
    with_evidence(&suspend, 0x41);
    if (!run->fair) {
        /* Discretionary asks for none of it, and refuses none of it
        ** (tried on a copy: the account is already suspended). */
        acs_account copy = run->account;
        APPLY_OK(&run->policy, &copy, &suspend, &rec);
        EXPECT_EQ("level", rec.hold_level, ACS_LEVEL_SUSPENDED);
        return;
    }
    APPLY_OK(&run->policy, &run->account, &suspend, &rec);
    run->sequence++;
    run->suspension_id = rec.hold_id;
    expect_sequence(run, &rec);
    EXPECT_EQ("second hold id", rec.hold_id, 2);
    EXPECT_EQ("level", rec.hold_level, ACS_LEVEL_SUSPENDED);
    EXPECT_EQ("approver id", (long long)rec.approver_id, (long long)COMPLIANCE2_ID);
    EXPECT_EQ("approver role", rec.approver_role, ACS_ROLE_COMPLIANCE);
    EXPECT_EQ("review deadline", rec.deadline_ms,
              T_COMPLIANT + run->f->review_ms[ACS_LEVEL_SUSPENDED]);
    EXPECT_EQ("status before", rec.status_before, ACS_STATUS_FROZEN);
    EXPECT_EQ("status after", rec.status_after, ACS_STATUS_SUSPENDED);
    EXPECT_EQ("capabilities when suspended", capabilities(run), 0);
}

/* e1. Closure notice. Under default and consumer the freeze appeal is
** upheld (the keys leaked at the bot service) and the suspension is lifted
** first, so that the customer can withdraw during the notice: a window
** under a suspension would not run. Under discretionary the platform gives
** notice while the account stays suspended. */
static void resolve_before_notice(case_run *run)
{
    acs_record rec;
    acs_event wrong = target_event(ACS_EVENT_DECIDE, T_RESOLVE, run->freeze_id,
                                   COMPLIANCE_ID, ACS_ROLE_COMPLIANCE,
                                   ACS_REASON_REVIEW_CLEARED);
    APPLY_REFUSED(&run->policy, &run->account, &wrong, ACS_R_REASON_NOT_VALID, NULL, NULL);

    acs_event upheld = target_event(ACS_EVENT_DECIDE, T_RESOLVE, run->freeze_id,
                                    COMPLIANCE_ID, ACS_ROLE_COMPLIANCE,
                                    ACS_REASON_APPEAL_UPHELD);
    APPLY_OK(&run->policy, &run->account, &upheld, &rec);
    run->sequence++;
    expect_sequence(run, &rec);
    EXPECT_EQ("upheld lifts the hold", rec.flags & ACS_RECORD_HOLD_LIFTED,
              ACS_RECORD_HOLD_LIFTED);
    EXPECT_EQ("DECIDE level", rec.hold_level, ACS_LEVEL_FROZEN);
    EXPECT_EQ("status stays suspended", rec.status_after, ACS_STATUS_SUSPENDED);
    acs_hold gone;
    EXPECT_EQ("freeze gone", acs_account_find_hold(&run->account, run->freeze_id, &gone),
              ACS_E_HOLD_UNKNOWN);
    EXPECT_EQ("appeal answered", INFO(&run->account).appeal_count, 0);

    acs_event lift = target_event(ACS_EVENT_LIFT, T_RESOLVE, run->suspension_id,
                                  COMPLIANCE_ID, ACS_ROLE_COMPLIANCE,
                                  ACS_REASON_REVIEW_CLEARED);
    APPLY_OK(&run->policy, &run->account, &lift, &rec);
    run->sequence++;
    expect_sequence(run, &rec);
    EXPECT_EQ("LIFT flag", rec.flags & ACS_RECORD_HOLD_LIFTED, ACS_RECORD_HOLD_LIFTED);
    EXPECT_EQ("LIFT level", rec.hold_level, ACS_LEVEL_SUSPENDED);
    EXPECT_EQ("status before", rec.status_before, ACS_STATUS_SUSPENDED);
    EXPECT_EQ("status after", rec.status_after, ACS_STATUS_ACTIVE);
    EXPECT_NEXT_DEADLINE(&run->account, 0, 0);
}

static void step_notice(case_run *run)
{
    acs_record rec;
    const preset_figures *f = run->f;
    int status_before;
    if (run->fair) {
        resolve_before_notice(run);
        status_before = ACS_STATUS_ACTIVE;
        /* Notice for conduct needs a second approver and evidence. */
        acs_event alone = event_of(ACS_EVENT_NOTICE, T_NOTICE, CEO_ID, ACS_ROLE_MANAGEMENT,
                                   ACS_REASON_ABUSIVE_CONDUCT);
        with_evidence(&alone, 0x51);
        APPLY_REFUSED(&run->policy, &run->account, &alone, ACS_R_APPROVER_MISSING, NULL,
                      NULL);
        acs_event unevidenced = notice_event(f, T_NOTICE, ACS_REASON_ABUSIVE_CONDUCT, 0);
        APPLY_REFUSED(&run->policy, &run->account, &unevidenced, ACS_R_EVIDENCE_MISSING,
                      NULL, NULL);
    } else {
        status_before = ACS_STATUS_SUSPENDED;
    }

    acs_event notice = notice_event(f, T_NOTICE, ACS_REASON_ABUSIVE_CONDUCT, run->fair);
    APPLY_OK(&run->policy, &run->account, &notice, &rec);
    run->sequence++;
    run->window_end_ms = T_NOTICE + f->notice_conduct_ms;
    expect_sequence(run, &rec);
    EXPECT_EQ("NOTICE lifecycle before", rec.lifecycle_before, ACS_LIFECYCLE_OPEN);
    EXPECT_EQ("NOTICE lifecycle after", rec.lifecycle_after, ACS_LIFECYCLE_CLOSING);
    EXPECT_EQ("NOTICE status before", rec.status_before, status_before);
    EXPECT_EQ("NOTICE status after", rec.status_after,
              run->fair ? ACS_STATUS_WITHDRAWAL_ONLY : ACS_STATUS_SUSPENDED);
    EXPECT_EQ("window end in the record (deadline)", rec.deadline_ms, run->window_end_ms);
    EXPECT_EQ("window end in the record", rec.window_end_ms, run->window_end_ms);

    acs_account_info info = INFO(&run->account);
    EXPECT_EQ("window end", info.window_end_ms, run->window_end_ms);
    EXPECT_EQ("latest end an extension may set", info.window_max_ms,
              run->window_end_ms + f->window_extension_max_ms);
    EXPECT_EQ("notice reason", info.notice_reason, ACS_REASON_ABUSIVE_CONDUCT);
    EXPECT_EQ("window not paused", info.window_paused_ms, 0);
    EXPECT_EQ("account flags", info.flags, 0);
    EXPECT_NEXT_DEADLINE(&run->account, run->window_end_ms, ACS_EVENT_WINDOW_ENDED);
    if (run->fair) {
        EXPECT_EQ("the customer can withdraw during the notice",
                  acs_account_can(&run->policy, &run->account, ACS_CAP_WITHDRAW), 1);
        EXPECT_EQ("but not trade",
                  acs_account_can(&run->policy, &run->account, ACS_CAP_TRADE), 0);
    } else {
        EXPECT_EQ("discretionary: no withdrawal during the notice",
                  acs_account_can(&run->policy, &run->account, ACS_CAP_WITHDRAW), 0);
    }

    /* Notice already given. */
    notice.time_ms = T_NOTICE + MINUTE_MS;
    APPLY_REFUSED(&run->policy, &run->account, &notice, ACS_R_NOTICE_RUNNING, NULL, NULL);
}

/* e2. Closing with funds before the window has run: refused everywhere. */
static void step_close_before_window(case_run *run)
{
    acs_refusal why;
    acs_record denial;
    acs_event close = close_event(T_EARLY_CLOSE, ACS_REASON_ABUSIVE_CONDUCT, 1);
    APPLY_REFUSED(&run->policy, &run->account, &close, ACS_R_WINDOW_RUNNING, &why, &denial);
    EXPECT_EQ("bound that refused it: the window end", why.limit_ms, run->window_end_ms);
    EXPECT_EQ("denial of a CLOSE", denial.kind, ACS_EVENT_CLOSE);
    EXPECT_EQ("lifecycle stays", INFO(&run->account).lifecycle, ACS_LIFECYCLE_CLOSING);
}

/* e3. The window runs out: advance records it, the account stays CLOSING. */
static void step_window_ends(case_run *run)
{
    acs_record recs[ACS_DEADLINES_MAX];
    unsigned written;
    int64_t next;
    ADVANCE(&run->policy, &run->account, run->window_end_ms, recs, ACS_DEADLINES_MAX,
            &written, &next);
    EXPECT_EQ("records written", written, 1);
    run->sequence++;
    EXPECT_DEADLINE_RECORD(&recs[0], ACS_EVENT_WINDOW_ENDED, run->window_end_ms, 0,
                           run->sequence);
    EXPECT_EQ("lifecycle after the window", recs[0].lifecycle_after, ACS_LIFECYCLE_CLOSING);
    EXPECT_EQ("status unchanged by the window's end", recs[0].status_after,
              recs[0].status_before);
    acs_account_info info = INFO(&run->account);
    EXPECT_EQ("window-ended flag", info.flags & ACS_ACCOUNT_WINDOW_ENDED,
              ACS_ACCOUNT_WINDOW_ENDED);
    EXPECT_EQ("never closes by itself", info.lifecycle, ACS_LIFECYCLE_CLOSING);
    if (run->fair) {
        EXPECT_EQ("nothing more to run", next, 0);
    } else {
        /* The customer's appeal of the freeze is still unanswered. */
        EXPECT_EQ("next: the unanswered appeal", next, appeal_answer_due(run->f, T_APPEAL));
        EXPECT_NEXT_DEADLINE(&run->account, next, ACS_EVENT_APPEAL_LAPSED);
    }
}

static void expect_closed_for_good(case_run *run, int64_t time_ms)
{
    EXPECT_EQ("status", STATUS(&run->account), ACS_STATUS_CLOSED);
    EXPECT_EQ("capabilities when closed", capabilities(run), 0);
    acs_event reopen = event_of(ACS_EVENT_VERIFY, time_ms + HOUR_MS, SUPPORT_ID,
                                ACS_ROLE_SUPPORT, ACS_REASON_REQUIREMENT_MET);
    APPLY_REFUSED(&run->policy, &run->account, &reopen, ACS_E_ACCOUNT_CLOSED, NULL, NULL);
    acs_record recs[ACS_DEADLINES_MAX];
    unsigned written = 0;
    int64_t next = 0;
    acs_account saved = run->account;
    EXPECT_EQ("advance on a closed account",
              acs_advance(&run->policy, &run->account, time_ms + 10 * YEAR_MS, recs,
                          ACS_DEADLINES_MAX, &written, &next),
              ACS_E_ACCOUNT_CLOSED);
    ck_assert_msg(memcmp(&saved, &run->account, sizeof(saved)) == 0,
                  "advance changed a closed account");
}

/* e4. Closing with funds after the window: only where unclaimed funds have
** somewhere to go. */
static void step_close_after_window(case_run *run)
{
    acs_record rec;
    int64_t t = run->window_end_ms + HOUR_MS;
    acs_event close = close_event(t, ACS_REASON_ABUSIVE_CONDUCT, 1);
    acs_account_info before = INFO(&run->account);
    if (run->f->unclaimed_segregated) {
        APPLY_OK(&run->policy, &run->account, &close, &rec);
        run->sequence++;
        expect_sequence(run, &rec);
        EXPECT_EQ("CLOSE flags", rec.flags,
                  ACS_RECORD_FUNDS_HELD | ACS_RECORD_FUNDS_SEGREGATED);
        EXPECT_EQ("lifecycle before", rec.lifecycle_before, ACS_LIFECYCLE_CLOSING);
        EXPECT_EQ("lifecycle after", rec.lifecycle_after, ACS_LIFECYCLE_CLOSED);
        EXPECT_EQ("status before", rec.status_before, before.status);
        EXPECT_EQ("status after", rec.status_after, ACS_STATUS_CLOSED);
        expect_closed_for_good(run, t);
        return;
    }

    acs_refusal why;
    APPLY_REFUSED(&run->policy, &run->account, &close, ACS_R_FUNDS_UNCLAIMED, &why, NULL);
    acs_account_info info = INFO(&run->account);
    EXPECT_EQ("stays CLOSING", info.lifecycle, ACS_LIFECYCLE_CLOSING);
    EXPECT_EQ("flagged overdue (window ended)", info.flags & ACS_ACCOUNT_WINDOW_ENDED,
              ACS_ACCOUNT_WINDOW_ENDED);
    EXPECT_EQ("status", info.status, ACS_STATUS_WITHDRAWAL_ONLY);

    /* Once the customer has withdrawn everything, the account closes. */
    acs_event empty = close_event(t + 2 * DAY_MS, ACS_REASON_ABUSIVE_CONDUCT, 0);
    APPLY_OK(&run->policy, &run->account, &empty, &rec);
    run->sequence++;
    expect_sequence(run, &rec);
    EXPECT_EQ("CLOSE without funds: flags", rec.flags, 0);
    EXPECT_EQ("lifecycle after", rec.lifecycle_after, ACS_LIFECYCLE_CLOSED);
    EXPECT_EQ("status after", rec.status_after, ACS_STATUS_CLOSED);
    expect_closed_for_good(run, t + 2 * DAY_MS);
}

static const case_step steps[] = {
    step_open_verify,
    step_leak_freeze,
    step_appeal,
    step_public_criticism,
    step_conduct_without_evidence,
    step_suspension_by_management,
    step_compliant_suspension,
    step_notice,
    step_close_before_window,
    step_window_ends,
    step_close_after_window,
};

/* Plays the case up to and including step number last under the preset of
** the loop index. */
static void play(int loop_index, case_step last)
{
    case_run run;
    memset(&run, 0, sizeof(run));
    run.f = figures_of(loop_index);
    run.fair = run.f->preset != ACS_PRESET_DISCRETIONARY;
    policy_of(&run.policy, run.f);
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        steps[i](&run);
        if (steps[i] == last) return;
    }
    ck_abort_msg("step not in the case");
}

/* The length of a period the scenarios treat as fixed. A period in business
** days has none, and a figure kept in milliseconds must not become one
** unnoticed. */
static int64_t fixed_ms(const char *what, acs_period period)
{
    switch (period.unit) {
    case ACS_UNIT_NONE: return 0;
    case ACS_UNIT_HOURS: return (int64_t)period.count * HOUR_MS;
    case ACS_UNIT_DAYS: return (int64_t)period.count * DAY_MS;
    default: ck_abort_msg("%s: unit %u has no fixed length", what, (unsigned)period.unit);
    }
    return -1;
}

/* The figures scenario.c states are those of the shipped tables. */
START_TEST(test_preset_figures)
{
    const preset_figures *f = figures_of(_i);
    const acs_policy_rules *rules = acs_preset_rules(f->preset);
    ck_assert_ptr_nonnull(rules);
    ck_assert_str_eq(rules->name, f->name);
    for (int level = ACS_LEVEL_WITHDRAWAL_ONLY; level <= ACS_LEVEL_SUSPENDED; level++) {
        EXPECT_EQ("review default", fixed_ms("review default", rules->review_default[level]),
                  f->review_ms[level]);
        EXPECT_EQ("review maximum", fixed_ms("review maximum", rules->review_max[level]),
                  f->review_max_ms[level]);
    }
    EXPECT_EQ("notice for conduct",
              fixed_ms("notice", rules->notice[ACS_REASON_ABUSIVE_CONDUCT]),
              f->notice_conduct_ms);
    EXPECT_EQ("notice for a commercial decision",
              fixed_ms("notice", rules->notice[ACS_REASON_COMMERCIAL_DECISION]),
              f->notice_commercial_ms);
    EXPECT_EQ("window extension",
              fixed_ms("window extension", rules->window_extension_max),
              f->window_extension_max_ms);
    EXPECT_EQ("appeal window", fixed_ms("appeal window", rules->appeal_window),
              f->appeal_window_ms);
    EXPECT_EQ("appeal answer count", rules->appeal_answer.count, f->appeal_answer.count);
    EXPECT_EQ("appeal answer unit", rules->appeal_answer.unit, f->appeal_answer.unit);
    EXPECT_EQ("weekend", rules->calendar.weekend, f->weekend);
    EXPECT_EQ("UTC offset", rules->calendar.utc_offset_minutes, f->utc_offset_minutes);
    EXPECT_EQ("holiday count", rules->calendar.holiday_count, f->holiday_count);
    for (uint32_t i = 0; i < f->holiday_count; i++)
        EXPECT_EQ("holiday", rules->calendar.holidays[i], f->holidays[i]);
    EXPECT_EQ("window pauses", (rules->flags & ACS_POLICY_WINDOW_PAUSES) != 0,
              f->window_pauses);
    EXPECT_EQ("lapse lifts", (rules->flags & ACS_POLICY_LAPSE_LIFTS) != 0, f->lapse_lifts);
    EXPECT_EQ("unclaimed segregated", (rules->flags & ACS_POLICY_UNCLAIMED_SEGREGATED) != 0,
              f->unclaimed_segregated);
    EXPECT_EQ("notice dual control", rules->rules[ACS_RULE_NOTICE].approver_roles != 0,
              f->notice_dual_control);
    acs_policy policy;
    policy_of(&policy, f);
}
END_TEST

START_TEST(test_a_open_and_verify) { play(_i, step_open_verify); }
END_TEST
START_TEST(test_b_leak_freeze) { play(_i, step_leak_freeze); }
END_TEST
START_TEST(test_c_appeal) { play(_i, step_appeal); }
END_TEST
START_TEST(test_d1_public_criticism) { play(_i, step_public_criticism); }
END_TEST
START_TEST(test_d2_conduct_without_evidence) { play(_i, step_conduct_without_evidence); }
END_TEST
START_TEST(test_d3_suspension_by_management_alone) { play(_i, step_suspension_by_management); }
END_TEST
START_TEST(test_d4_compliant_suspension) { play(_i, step_compliant_suspension); }
END_TEST
START_TEST(test_e1_notice) { play(_i, step_notice); }
END_TEST
START_TEST(test_e2_close_before_window) { play(_i, step_close_before_window); }
END_TEST
START_TEST(test_e3_window_ends) { play(_i, step_window_ends); }
END_TEST
START_TEST(test_e4_close_after_window) { play(_i, step_close_after_window); }
END_TEST

Suite *case_suite(void)
{
    Suite *s = suite_create("case");
    TCase *tc = scenario_tcase(s, "presets");
    tcase_add_loop_test(tc, test_preset_figures, 0, PRESET_LOOP_COUNT);
    tc = scenario_tcase(s, "case");
    tcase_add_loop_test(tc, test_a_open_and_verify, 0, PRESET_LOOP_COUNT);
    tcase_add_loop_test(tc, test_b_leak_freeze, 0, PRESET_LOOP_COUNT);
    tcase_add_loop_test(tc, test_c_appeal, 0, PRESET_LOOP_COUNT);
    tcase_add_loop_test(tc, test_d1_public_criticism, 0, PRESET_LOOP_COUNT);
    tcase_add_loop_test(tc, test_d2_conduct_without_evidence, 0, PRESET_LOOP_COUNT);
    tcase_add_loop_test(tc, test_d3_suspension_by_management_alone, 0, PRESET_LOOP_COUNT);
    tcase_add_loop_test(tc, test_d4_compliant_suspension, 0, PRESET_LOOP_COUNT);
    tcase_add_loop_test(tc, test_e1_notice, 0, PRESET_LOOP_COUNT);
    tcase_add_loop_test(tc, test_e2_close_before_window, 0, PRESET_LOOP_COUNT);
    tcase_add_loop_test(tc, test_e3_window_ends, 0, PRESET_LOOP_COUNT);
    tcase_add_loop_test(tc, test_e4_close_after_window, 0, PRESET_LOOP_COUNT);
    return s;
}
