/*
** policy_format.c: a policy's rules as canonical text (docs/policy-format.md).
**
** There is one text for each acs_policy_rules the format can express: the
** statements in a fixed order, the names of each list in the order of their
** values, one space between tokens, two spaces before the lines of a block,
** a blank line between groups of statements, and no comments. A statement
** that would say only what an omitted one says (a rule that permits
** nothing, a period of none, a status without capabilities, an all-zero
** calendar) is left out. So acs_policy_parse of the text gives back the
** rules byte for byte, apart from bytes after the name's NUL, and the text
** of those rules is the same text again.
**
** Rules the format cannot express are refused as a whole (the return value
** is 0): a name acs_policy_build refuses, a mask bit with no name, a set
** reserved field, an invalid period or one in a slot that has no statement
** (review slot 0, notice slots of no ground, capabilities of status 0), and
** a calendar acs_policy_build refuses.
**
** The file also holds the few tables the parser shares with it, so that a
** keyword and the field it stands for are written down once.
*/
#include <string.h>

#include "internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- The vocabulary shared with policy_parse.c. ---- */

typedef struct rule_field {
    const char *keyword;
    acs__name_set names;
} rule_field;

static const rule_field rule_fields[ACS__RULE_FIELDS] = {
    [ACS__RULE_FIELD_FROM] = {"from", ACS__NAMES_STATUS},
    [1] = {"actors", ACS__NAMES_ROLE},
    [2] = {"approvers", ACS__NAMES_ROLE},
    [ACS__RULE_FIELD_REASONS] = {"reasons", ACS__NAMES_REASON},
    [ACS__RULE_FIELD_EVIDENCE] = {"evidence", ACS__NAMES_REASON},
};

const char *acs__rule_field_keyword(int field)
{
    assert(field >= 0 && field < ACS__RULE_FIELDS);
    return rule_fields[field].keyword;
}

acs__name_set acs__rule_field_names(int field)
{
    assert(field >= 0 && field < ACS__RULE_FIELDS);
    return rule_fields[field].names;
}

uint64_t acs__rule_field_get(const acs_rule *rule, int field)
{
    assert(field >= 0 && field < ACS__RULE_FIELDS);
    switch (field) {
    case ACS__RULE_FIELD_FROM: return rule->from_statuses;
    case 1: return rule->actor_roles;
    case 2: return rule->approver_roles;
    case ACS__RULE_FIELD_REASONS: return rule->reasons;
    default:
        assert(field == ACS__RULE_FIELD_EVIDENCE);
        return rule->reasons_evidence;
    }
}

void acs__rule_field_set(acs_rule *rule, int field, uint64_t mask)
{
    assert(field >= 0 && field < ACS__RULE_FIELDS);
    /* Statuses and roles have names at positions below 32 only. */
    if (field < ACS__RULE_FIELD_REASONS) assert(mask <= UINT32_MAX);
    switch (field) {
    case ACS__RULE_FIELD_FROM: rule->from_statuses = (uint32_t)mask; break;
    case 1: rule->actor_roles = (uint32_t)mask; break;
    case 2: rule->approver_roles = (uint32_t)mask; break;
    case ACS__RULE_FIELD_REASONS: rule->reasons = mask; break;
    default:
        assert(field == ACS__RULE_FIELD_EVIDENCE);
        rule->reasons_evidence = mask;
        break;
    }
}

static const char *const single_period_keywords[ACS__SINGLE_PERIODS] = {
    "window-extension-max", "appeal-window", "appeal-answer",
};

const char *acs__single_period_keyword(int which)
{
    assert(which >= 0 && which < ACS__SINGLE_PERIODS);
    return single_period_keywords[which];
}

acs_period acs__single_period_get(const acs_policy_rules *rules, int which)
{
    assert(which >= 0 && which < ACS__SINGLE_PERIODS);
    if (which == 0) return rules->window_extension_max;
    return which == 1 ? rules->appeal_window : rules->appeal_answer;
}

void acs__single_period_set(acs_policy_rules *rules, int which, acs_period period)
{
    assert(which >= 0 && which < ACS__SINGLE_PERIODS);
    if (which == 0) rules->window_extension_max = period;
    else if (which == 1) rules->appeal_window = period;
    else rules->appeal_answer = period;
}

/* ---- What the format can express. ---- */

/* Every bit of mask has a name in set. */
static bool mask_named(acs__name_set set, uint64_t mask)
{
    for (unsigned position = 0; position < ACS__NAME_POSITIONS; position++) {
        bool set_bit = (mask >> position) & 1u;
        if (set_bit && acs__name_at(set, position) == NULL) return false;
    }
    return true;
}

static bool is_none(acs_period period)
{
    return period.unit == ACS_UNIT_NONE && period.count == 0;
}

static bool rules_expressible(const acs_policy_rules *rules)
{
    for (int i = 0; i < ACS_RULE_COUNT; i++) {
        const acs_rule *rule = &rules->rules[i];
        if (rule->reserved != 0) return false;
        for (int field = 0; field < ACS__RULE_FIELDS; field++) {
            uint64_t mask = acs__rule_field_get(rule, field);
            if (!mask_named(acs__rule_field_names(field), mask)) return false;
        }
    }
    return true;
}

static bool periods_expressible(const acs_policy_rules *rules)
{
    for (unsigned level = 0; level < ACS_LEVEL_COUNT; level++) {
        acs_period fallback = rules->review_default[level];
        acs_period maximum = rules->review_max[level];
        if (!acs__period_ok(fallback) || !acs__period_ok(maximum)) return false;
        bool named = acs__name_at(ACS__NAMES_LEVEL, level) != NULL;
        if (!named && (!is_none(fallback) || !is_none(maximum))) return false;
    }
    for (unsigned reason = 0; reason < ACS_REASON_GROUND_SLOTS; reason++) {
        acs_period notice = rules->notice[reason];
        if (!acs__period_ok(notice)) return false;
        bool ground = (ACS__GROUNDS_MASK & ACS_REASON_BIT(reason)) != 0;
        if (!ground && !is_none(notice)) return false;
    }
    for (int which = 0; which < ACS__SINGLE_PERIODS; which++) {
        if (!acs__period_ok(acs__single_period_get(rules, which))) return false;
    }
    return true;
}

static bool expressible(const acs_policy_rules *rules)
{
    int index;
    if (!acs__policy_name_ok(rules->name)) return false;
    if (!mask_named(ACS__NAMES_POLICY_FLAG, rules->flags)) return false;
    if (!mask_named(ACS__NAMES_REASON, rules->reasons_never_valid)) return false;
    if (rules->reserved_bytes[0] != 0) return false;
    if (!rules_expressible(rules) || !periods_expressible(rules)) return false;
    for (unsigned status = 0; status < ACS_STATUS_COUNT; status++) {
        uint8_t capabilities = rules->capabilities[status];
        if (!mask_named(ACS__NAMES_CAPABILITY, capabilities)) return false;
        bool named = acs__name_at(ACS__NAMES_STATUS, status) != NULL;
        if (!named && capabilities != 0) return false;
    }
    return acs__calendar_check(&rules->calendar, &index) == ACS_OK;
}

/* ---- Writing. ---- */

/* A writer that puts one blank line between groups of statements: a group
** begins with group(), and the blank line is written only before the first
** line of a group that has one, and never at the start. */
typedef struct formatter {
    acs__writer w;
    bool group_begins;
} formatter;

static void group(formatter *f)
{
    f->group_begins = true;
}

static void line_begin(formatter *f, const char *keyword)
{
    if (f->group_begins && f->w.len > 0) acs__put_char(&f->w, '\n');
    f->group_begins = false;
    acs__put(&f->w, keyword);
}

static void line_end(formatter *f)
{
    acs__put_char(&f->w, '\n');
}

static void put_name(formatter *f, acs__name_set set, unsigned position)
{
    const char *name = acs__name_at(set, position);
    assert(name != NULL);
    acs__put_char(&f->w, ' ');
    acs__put(&f->w, name);
}

/* The names of the bits of mask, in the order of their positions. */
static void put_names(formatter *f, acs__name_set set, uint64_t mask)
{
    assert(mask_named(set, mask));
    for (unsigned position = 0; position < ACS__NAME_POSITIONS; position++) {
        if ((mask >> position) & 1u) put_name(f, set, position);
    }
}

/* " none", " 1 day", " 15 business-days": the singular for a count of 1. */
static void put_period(formatter *f, acs_period period)
{
    assert(acs__period_ok(period));
    acs__put_char(&f->w, ' ');
    if (is_none(period)) {
        acs__put(&f->w, "none");
        return;
    }
    const char *unit = acs__name_at(ACS__NAMES_UNIT, period.unit);
    assert(unit != NULL);
    acs__put_number(&f->w, period.count, 1);
    acs__put_char(&f->w, ' ');
    size_t length = strlen(unit);
    assert(length > 1 && unit[length - 1] == 's');
    acs__put_bytes(&f->w, unit, period.count == 1 ? length - 1 : length);
}

static void write_head(formatter *f, const acs_policy_rules *rules)
{
    line_begin(f, "acctstate-policy 1");
    line_end(f);
    line_begin(f, "name \"");
    acs__put(&f->w, rules->name);
    acs__put_char(&f->w, '"');
    line_end(f);
    group(f);
    if (rules->flags != 0) {
        line_begin(f, "flags");
        put_names(f, ACS__NAMES_POLICY_FLAG, rules->flags);
        line_end(f);
    }
    if (rules->reasons_never_valid != 0) {
        line_begin(f, "never-valid");
        put_names(f, ACS__NAMES_REASON, rules->reasons_never_valid);
        line_end(f);
    }
}

/* Each rule that permits anything, as a block of its own. */
static void write_rules(formatter *f, const acs_policy_rules *rules)
{
    for (unsigned i = 0; i < ACS_RULE_COUNT; i++) {
        const acs_rule *rule = &rules->rules[i];
        assert(rule->reserved == 0);
        if (acs__all_zero(rule, sizeof(*rule))) continue;
        group(f);
        line_begin(f, "rule");
        put_name(f, ACS__NAMES_RULE, i);
        line_end(f);
        for (int field = 0; field < ACS__RULE_FIELDS; field++) {
            uint64_t mask = acs__rule_field_get(rule, field);
            if (mask == 0) continue;
            line_begin(f, "  ");
            acs__put(&f->w, acs__rule_field_keyword(field));
            put_names(f, acs__rule_field_names(field), mask);
            line_end(f);
        }
        line_begin(f, "end");
        line_end(f);
    }
}

static void write_periods(formatter *f, const acs_policy_rules *rules)
{
    group(f);
    for (unsigned level = 1; level < ACS_LEVEL_COUNT; level++) {
        acs_period fallback = rules->review_default[level];
        acs_period maximum = rules->review_max[level];
        if (is_none(fallback) && is_none(maximum)) continue;
        line_begin(f, "review");
        put_name(f, ACS__NAMES_LEVEL, level);
        acs__put(&f->w, " default");
        put_period(f, fallback);
        acs__put(&f->w, " max");
        put_period(f, maximum);
        line_end(f);
    }
    group(f);
    for (unsigned reason = 0; reason < ACS_REASON_GROUND_SLOTS; reason++) {
        if (is_none(rules->notice[reason])) continue;
        line_begin(f, "notice");
        put_name(f, ACS__NAMES_REASON, reason);
        put_period(f, rules->notice[reason]);
        line_end(f);
    }
    group(f);
    for (int which = 0; which < ACS__SINGLE_PERIODS; which++) {
        acs_period period = acs__single_period_get(rules, which);
        if (is_none(period)) continue;
        line_begin(f, acs__single_period_keyword(which));
        put_period(f, period);
        line_end(f);
    }
}

static void write_capabilities(formatter *f, const acs_policy_rules *rules)
{
    group(f);
    for (unsigned status = 0; status < ACS_STATUS_COUNT; status++) {
        if (rules->capabilities[status] == 0) continue;
        line_begin(f, "capabilities");
        put_name(f, ACS__NAMES_STATUS, status);
        put_names(f, ACS__NAMES_CAPABILITY, rules->capabilities[status]);
        line_end(f);
    }
}

void acs__put_date(acs__writer *w, uint32_t date)
{
    acs__put_number(w, date / 10000, 4);
    acs__put_char(w, '-');
    acs__put_number(w, date / 100 % 100, 2);
    acs__put_char(w, '-');
    acs__put_number(w, date % 100, 2);
}

void acs__put_utc_offset(acs__writer *w, int32_t minutes)
{
    acs__put_char(w, minutes < 0 ? '-' : '+');
    uint32_t magnitude = minutes < 0 ? 0u - (uint32_t)minutes : (uint32_t)minutes;
    acs__put_number(w, magnitude / 60, 2);
    acs__put_char(w, ':');
    acs__put_number(w, magnitude % 60, 2);
}

/* The holidays one line per year, so that a year's dates read together. */
static void write_holidays(formatter *f, const acs_calendar *calendar)
{
    assert(calendar->holiday_count <= ACS_HOLIDAYS_MAX);
    uint32_t year = 0;
    for (uint32_t i = 0; i < calendar->holiday_count; i++) {
        uint32_t date = calendar->holidays[i];
        if (i == 0 || date / 10000 != year) {
            if (i > 0) line_end(f);
            line_begin(f, "  holidays");
            year = date / 10000;
        }
        assert(acs__date_day(date) >= 0);
        acs__put_char(&f->w, ' ');
        acs__put_date(&f->w, date);
    }
    if (calendar->holiday_count > 0) line_end(f);
}

static void write_calendar(formatter *f, const acs_calendar *calendar)
{
    if (calendar->weekend == 0 && calendar->utc_offset_minutes == 0 &&
        calendar->holiday_count == 0)
        return;
    group(f);
    line_begin(f, "calendar");
    line_end(f);
    if (calendar->weekend != 0) {
        line_begin(f, "  weekend");
        put_names(f, ACS__NAMES_WEEKDAY, calendar->weekend);
        line_end(f);
    }
    if (calendar->utc_offset_minutes != 0) {
        line_begin(f, "  utc-offset ");
        acs__put_utc_offset(&f->w, calendar->utc_offset_minutes);
        line_end(f);
    }
    write_holidays(f, calendar);
    line_begin(f, "end");
    line_end(f);
}

size_t acs_policy_format(const acs_policy_rules *rules, char *buf, size_t cap)
{
    formatter f;
    acs__writer_init(&f.w, buf, cap);
    f.group_begins = false;
    if (rules == NULL || !expressible(rules)) {
        (void)acs__writer_end(&f.w); /* an empty string, when there is room */
        return 0;
    }
    write_head(&f, rules);
    write_rules(&f, rules);
    write_periods(&f, rules);
    write_capabilities(&f, rules);
    write_calendar(&f, &rules->calendar);
    assert(f.w.len > 0);
    return acs__writer_end(&f.w);
}
