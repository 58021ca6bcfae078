/*
** make_logs.c: writes the logs of records that tests/tool/logs.sh feeds to
** acsctl verify, replay and show. It plays accounts through the library's
** public interface, as an exchange would, at fixed times, so every record
** and every hash is the same on each run.
**
**   make_logs DIR writes into DIR (which must exist):
**   story.bin, story.jsonl   account 42 under the default preset, chained on
**                            its own: opened, verified, frozen for a security
**                            compromise, appealed, a refused lift recorded as
**                            a denial, lifted, notice given, the window run
**                            out, closed (9 records)
**   story.head               the head of that chain, 64 hex digits
**   unchained.jsonl          the same records without their chain
**   mixed.bin, mixed.jsonl   accounts 42 and 43 in time order, chained as one
**   mixed.head               log (13 records)
**   house.policy             the default preset's rules named "house": a
**                            policy that is no preset
**   house.bin                account 42's story under house.policy
**
** Exit status 0, or 1 with a message when the library refuses a step the
** story expects to pass (or passes one it expects refused).
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acctstate.h"

#define HOUR INT64_C(3600000)
#define DAY INT64_C(86400000)
#define T0 INT64_C(1709283600000) /* 2024-03-01T09:00:00Z */
#define OPENING 0                 /* a step that opens its account */
#define PATH_MAX_TEXT 4096

/* One step of the story: an account opens, or an event is applied to it
** (after the deadlines due by its time), or an event is refused. */
typedef struct step {
    uint64_t account;
    int64_t time_ms;
    int kind; /* acs_event_kind, or OPENING */
    int actor_role;
    uint64_t actor_id;
    int reason;
    int level;
    uint16_t hold_id;
    int approver_role;
    uint64_t approver_id;
    int flags;
    int refusal; /* the code the step must be refused with, 0: must pass */
} step;

/* Accounts 42 and 43, in the order of time. */
static const step steps[] = {
    {42, T0, OPENING, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {42, T0 + HOUR, ACS_EVENT_VERIFY, ACS_ROLE_SUPPORT, 7, ACS_REASON_REQUIREMENT_MET, 0, 0, 0, 0,
     0, 0},
    {43, T0 + 2 * HOUR, OPENING, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {43, T0 + DAY, ACS_EVENT_VERIFY, ACS_ROLE_SYSTEM, 1, ACS_REASON_REQUIREMENT_MET, 0, 0, 0, 0,
     0, 0},
    {43, T0 + 4 * DAY + HOUR, ACS_EVENT_HOLD, ACS_ROLE_COMPLIANCE, 4, ACS_REASON_KYC_REFRESH,
     ACS_LEVEL_WITHDRAWAL_ONLY, 0, 0, 0, 0, 0},
    /* 2024-03-10T10:00Z: security freezes the account after its keys leaked. */
    {42, T0 + 9 * DAY + HOUR, ACS_EVENT_HOLD, ACS_ROLE_SECURITY, 9,
     ACS_REASON_SECURITY_COMPROMISE, ACS_LEVEL_FROZEN, 0, 0, 0, 0, 0},
    /* 2024-03-11T08:00Z: the customer appeals the freeze. */
    {42, T0 + 10 * DAY - HOUR, ACS_EVENT_APPEAL, ACS_ROLE_USER, 42, ACS_REASON_USER_REQUEST, 0,
     1, 0, 0, 0, 0},
    /* 2024-03-12T12:00Z: the customer tries to lift it: refused, recorded. */
    {42, T0 + 11 * DAY + 3 * HOUR, ACS_EVENT_LIFT, ACS_ROLE_USER, 42, ACS_REASON_REVIEW_CLEARED,
     0, 1, 0, 0, 0, ACS_R_ROLE},
    /* 2024-03-14T15:00Z: security clears it. */
    {42, T0 + 13 * DAY + 6 * HOUR, ACS_EVENT_LIFT, ACS_ROLE_SECURITY, 9,
     ACS_REASON_REVIEW_CLEARED, 0, 1, 0, 0, 0, 0},
    {43, T0 + 19 * DAY + HOUR, ACS_EVENT_LIFT, ACS_ROLE_SUPPORT, 7, ACS_REASON_REQUIREMENT_MET, 0,
     1, 0, 0, 0, 0},
    /* 2024-04-02T09:00Z: notice for inactivity, 62 days, two people. */
    {42, T0 + 32 * DAY, ACS_EVENT_NOTICE, ACS_ROLE_MANAGEMENT, 3, ACS_REASON_INACTIVITY, 0, 0,
     ACS_ROLE_COMPLIANCE, 4, 0, 0},
    /* 2024-06-04T00:00Z: the window ended at 2024-06-03T09:00Z; funds remain
    ** and move to the unclaimed-funds account as the account closes. */
    {42, T0 + 95 * DAY - 9 * HOUR, ACS_EVENT_CLOSE, ACS_ROLE_SYSTEM, 1, ACS_REASON_INACTIVITY, 0,
     0, 0, 0, ACS_EVENT_FUNDS_HELD, 0},
};
#define STEP_COUNT (sizeof(steps) / sizeof(steps[0]))

/* Where records go: a binary file, a JSON Lines file (either may be NULL)
** and the chain they join (NULL: not chained). */
typedef struct sink {
    FILE *bin;
    FILE *json;
    acs_chain *chain;
} sink;

static int fail(const char *what, int code)
{
    fprintf(stderr, "make_logs: %s: %s (%s)\n", what, acs_strerror(code),
            acs_code_name(code) != NULL ? acs_code_name(code) : "?");
    return 1;
}

static int put(const sink *out, acs_record *record)
{
    int rc = out->chain != NULL ? acs_chain_append(out->chain, record) : ACS_OK;
    if (rc != ACS_OK) return fail("chain", rc);
    uint8_t bytes[ACS_RECORD_ENCODED_SIZE];
    rc = acs_record_encode(record, bytes, sizeof(bytes));
    if (rc != ACS_OK) return fail("encode", rc);
    if (out->bin != NULL && fwrite(bytes, 1, sizeof(bytes), out->bin) != sizeof(bytes))
        return fail("write", ACS_E_BUFFER);
    char text[ACS_RECORD_JSON_MAX];
    size_t length = acs_record_json(record, text, sizeof(text));
    if (length == 0 || length >= sizeof(text)) return fail("json", ACS_E_BUFFER);
    if (out->json != NULL && fprintf(out->json, "%s\n", text) < 0)
        return fail("write", ACS_E_BUFFER);
    return 0;
}

/* Writes the records of the deadlines due by now_ms. */
static int advance(const sink *out, const acs_policy *policy, acs_account *account,
                   int64_t now_ms)
{
    acs_record records[ACS_DEADLINES_MAX];
    unsigned written = 0;
    int rc = acs_advance(policy, account, now_ms, records, ACS_DEADLINES_MAX, &written, NULL);
    if (rc != ACS_OK) return fail("advance", rc);
    for (unsigned i = 0; i < written; i++) {
        if (put(out, &records[i]) != 0) return 1;
    }
    return 0;
}

/* Plays one step on account. */
static int play(const sink *out, const acs_policy *policy, acs_account *account, const step *s)
{
    acs_record record;
    if (s->kind == OPENING) {
        int rc = acs_account_open(account, s->account, s->time_ms, policy, &record);
        return rc != ACS_OK ? fail("open", rc) : put(out, &record);
    }
    if (advance(out, policy, account, s->time_ms) != 0) return 1;
    acs_event event;
    memset(&event, 0, sizeof(event));
    event.time_ms = s->time_ms;
    event.kind = (uint8_t)s->kind;
    event.actor_role = (uint8_t)s->actor_role;
    event.actor_id = s->actor_id;
    event.reason = (uint8_t)s->reason;
    event.level = (uint8_t)s->level;
    event.hold_id = s->hold_id;
    event.approver_role = (uint8_t)s->approver_role;
    event.approver_id = s->approver_id;
    event.flags = (uint8_t)s->flags;
    int rc = acs_apply(policy, account, &event, &record, NULL);
    if (rc != s->refusal) {
        fprintf(stderr, "make_logs: %s of account %llu: %s, where the story expects %s\n",
                acs_event_name(s->kind), (unsigned long long)s->account, acs_code_name(rc),
                acs_code_name(s->refusal));
        return 1;
    }
    if (rc != ACS_OK) {
        rc = acs_record_denial(policy, account, &event, rc, &record);
        if (rc != ACS_OK) return fail("denial", rc);
    }
    return put(out, &record);
}

/* Plays the steps of account (0: of every account) under policy. */
static int play_all(const sink *out, const acs_policy *policy, uint64_t account)
{
    acs_account accounts[2];
    memset(accounts, 0, sizeof(accounts));
    const uint64_t ids[2] = {42, 43};
    for (size_t i = 0; i < STEP_COUNT; i++) {
        const step *s = &steps[i];
        if (account != 0 && s->account != account) continue;
        if (play(out, policy, &accounts[s->account == ids[0] ? 0 : 1], s) != 0) return 1;
    }
    return 0;
}

static FILE *open_in(const char *dir, const char *name, const char *mode)
{
    char path[PATH_MAX_TEXT];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *file = fopen(path, mode);
    if (file == NULL) perror(path);
    return file;
}

static int close_all(FILE *a, FILE *b)
{
    int bad = 0;
    if (a != NULL && fclose(a) != 0) bad = 1;
    if (b != NULL && fclose(b) != 0) bad = 1;
    if (bad) fprintf(stderr, "make_logs: cannot write a log\n");
    return bad;
}

/* Writes NAME.bin and NAME.jsonl (json only when bin_name is NULL) and,
** when head_name is given, the chain's head in hex. */
static int write_log(const char *dir, const acs_policy *policy, uint64_t account, int chained,
                     const char *bin_name, const char *json_name, const char *head_name)
{
    acs_chain chain;
    acs_chain_init(&chain);
    sink out = {NULL, NULL, chained ? &chain : NULL};
    if (bin_name != NULL && (out.bin = open_in(dir, bin_name, "wb")) == NULL) return 1;
    if (json_name != NULL && (out.json = open_in(dir, json_name, "w")) == NULL) {
        close_all(out.bin, NULL);
        return 1;
    }
    int failed = play_all(&out, policy, account);
    failed |= close_all(out.bin, out.json);
    if (failed || head_name == NULL) return failed;
    FILE *head = open_in(dir, head_name, "w");
    if (head == NULL) return 1;
    for (size_t i = 0; i < ACS_DIGEST_SIZE; i++) fprintf(head, "%02x", (unsigned)chain.head[i]);
    fprintf(head, "\n");
    return close_all(head, NULL);
}

/* The default preset's rules under another name, built and written out. */
static int make_house(const char *dir, acs_policy *house)
{
    acs_policy_rules rules = *acs_preset_rules(ACS_PRESET_DEFAULT);
    memset(rules.name, 0, sizeof(rules.name));
    strcpy(rules.name, "house");
    int rc = acs_policy_build(house, &rules, NULL);
    if (rc != ACS_OK) return fail("house policy", rc);
    char text[16384];
    size_t length = acs_policy_format(&rules, text, sizeof(text));
    if (length == 0 || length >= sizeof(text)) return fail("house policy text", ACS_E_BUFFER);
    FILE *file = open_in(dir, "house.policy", "w");
    if (file == NULL) return 1;
    fputs(text, file);
    return close_all(file, NULL);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_logs DIR\n");
        return 2;
    }
    const char *dir = argv[1];
    acs_policy preset;
    acs_policy house;
    int rc = acs_policy_preset(&preset, ACS_PRESET_DEFAULT);
    if (rc != ACS_OK) return fail("default preset", rc);
    if (write_log(dir, &preset, 42, 1, "story.bin", "story.jsonl", "story.head") ||
        write_log(dir, &preset, 42, 0, NULL, "unchained.jsonl", NULL) ||
        write_log(dir, &preset, 0, 1, "mixed.bin", "mixed.jsonl", "mixed.head") ||
        make_house(dir, &house) || write_log(dir, &house, 42, 1, "house.bin", NULL, NULL))
        return 1;
    return 0;
}
