/*
** fingerprint.c: the SHA-256 fingerprint of a policy, written into every
** record so that a record says which rules were in force.
**
** The fingerprint covers a canonical encoding of the rules: a domain
** string, then every field of acs_policy_rules in declaration order, each
** integer little-endian at its own width, each period as its count then its
** unit (32 bits each), the name as its 32 bytes with everything after the
** first NUL taken as zero, and the calendar's holidays only up to its
** holiday count. Two tables that the library treats the same therefore have
** the same fingerprint, whatever padding or bytes after the name's end they
** carry. docs/audit-format.md lists it.
*/
#include <string.h>

#include "internal.h"

static const char domain[] = "acctstate policy v2";

static void add_u32(acs_sha256_ctx *ctx, uint32_t value)
{
    uint8_t bytes[4];
    for (int i = 0; i < 4; i++) bytes[i] = (uint8_t)(value >> (8 * i));
    acs_sha256_update(ctx, bytes, sizeof(bytes));
}

static void add_u64(acs_sha256_ctx *ctx, uint64_t value)
{
    uint8_t bytes[8];
    for (int i = 0; i < 8; i++) bytes[i] = (uint8_t)(value >> (8 * i));
    acs_sha256_update(ctx, bytes, sizeof(bytes));
}

static void add_periods(acs_sha256_ctx *ctx, const acs_period *periods, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        add_u32(ctx, periods[i].count);
        add_u32(ctx, periods[i].unit);
    }
}

static void add_calendar(acs_sha256_ctx *ctx, const acs_calendar *calendar)
{
    add_u32(ctx, calendar->weekend);
    add_u32(ctx, (uint32_t)calendar->utc_offset_minutes);
    add_u32(ctx, calendar->holiday_count);
    for (uint32_t i = 0; i < calendar->holiday_count && i < ACS_HOLIDAYS_MAX; i++)
        add_u32(ctx, calendar->holidays[i]);
}

static void add_name(acs_sha256_ctx *ctx, const char *name)
{
    uint8_t bytes[ACS_POLICY_NAME_MAX];
    memset(bytes, 0, sizeof(bytes));
    for (size_t i = 0; i < sizeof(bytes) && name[i] != '\0'; i++) bytes[i] = (uint8_t)name[i];
    acs_sha256_update(ctx, bytes, sizeof(bytes));
}

void acs__policy_fingerprint(const acs_policy_rules *rules, uint8_t out[ACS_DIGEST_SIZE])
{
    acs_sha256_ctx ctx;
    acs_sha256_init(&ctx);
    acs_sha256_update(&ctx, domain, sizeof(domain) - 1);
    add_name(&ctx, rules->name);
    for (int i = 0; i < ACS_RULE_COUNT; i++) {
        const acs_rule *rule = &rules->rules[i];
        add_u32(&ctx, rule->from_statuses);
        add_u32(&ctx, rule->actor_roles);
        add_u32(&ctx, rule->approver_roles);
        add_u64(&ctx, rule->reasons);
        add_u64(&ctx, rule->reasons_evidence);
    }
    add_u64(&ctx, rules->reasons_never_valid);
    add_periods(&ctx, rules->review_default, ACS_LEVEL_COUNT);
    add_periods(&ctx, rules->review_max, ACS_LEVEL_COUNT);
    add_periods(&ctx, rules->notice, ACS_REASON_GROUND_SLOTS);
    add_periods(&ctx, &rules->window_extension_max, 1);
    add_periods(&ctx, &rules->appeal_window, 1);
    add_periods(&ctx, &rules->appeal_answer, 1);
    acs_sha256_update(&ctx, rules->capabilities, ACS_STATUS_COUNT);
    add_u32(&ctx, rules->flags);
    add_calendar(&ctx, &rules->calendar);
    acs_sha256_final(&ctx, out);
}
