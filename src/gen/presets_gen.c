/*
** presets_gen.c: the build step that turns the preset policies written in
** the text format (docs/policies/<name>.policy) into the C tables of
** src/presets.c, so that the documented presets and the built-in ones
** cannot drift apart.
**
**   presets_gen OUT NAME=FILE...
**
** Each FILE is parsed with the library's own parser, with every check of
** acs_policy_build, and must carry the name NAME; OUT receives one
** `static const acs_policy_rules preset_NAME` per argument, every field
** written out by its designator. Any problem stops the build with the
** file, line, column and sentence of the parser. This program is linked
** with the library's objects except presets.o, which it produces the input
** of.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acctstate.h"

#define TEXT_MAX (1u << 20) /* a policy file is a few kilobytes */

static int read_file(const char *path, char *text, size_t cap, size_t *length)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        fprintf(stderr, "%s: cannot open\n", path);
        return -1;
    }
    *length = fread(text, 1, cap, file);
    int failed = ferror(file) || !feof(file);
    fclose(file);
    if (failed) {
        fprintf(stderr, "%s: cannot read, or larger than %zu bytes\n", path, cap - 1);
        return -1;
    }
    return 0;
}

static void put_rule(FILE *out, const acs_rule *rule)
{
    fprintf(out, "        {0x%xu, 0x%xu, 0x%xu, 0, 0x%llxull, 0x%llxull},\n",
            (unsigned)rule->from_statuses, (unsigned)rule->actor_roles,
            (unsigned)rule->approver_roles, (unsigned long long)rule->reasons,
            (unsigned long long)rule->reasons_evidence);
}

static void put_periods(FILE *out, const char *field, const acs_period *periods, size_t count)
{
    fprintf(out, "    .%s = {", field);
    for (size_t i = 0; i < count; i++)
        fprintf(out, "%s{%u, %u}", i == 0 ? "" : ", ", (unsigned)periods[i].count,
                (unsigned)periods[i].unit);
    fprintf(out, "},\n");
}

static void put_period(FILE *out, const char *field, acs_period period)
{
    fprintf(out, "    .%s = {%u, %u},\n", field, (unsigned)period.count, (unsigned)period.unit);
}

static void put_calendar(FILE *out, const acs_calendar *calendar)
{
    fprintf(out, "    .calendar = {.weekend = 0x%xu, .utc_offset_minutes = %d,\n",
            (unsigned)calendar->weekend, (int)calendar->utc_offset_minutes);
    fprintf(out, "                 .holiday_count = %u, .holidays = {",
            (unsigned)calendar->holiday_count);
    for (uint32_t i = 0; i < calendar->holiday_count; i++)
        fprintf(out, "%s%s%lu", i == 0 ? "" : ",", i % 6 == 0 ? "\n        " : " ",
                (unsigned long)calendar->holidays[i]);
    /* C11 has no empty initializer: an empty list is written {0}. */
    if (calendar->holiday_count == 0) fprintf(out, "0");
    fprintf(out, "}},\n");
}

static void put_table(FILE *out, const char *name, const char *path,
                      const acs_policy_rules *rules)
{
    fprintf(out, "/* From %s. */\nstatic const acs_policy_rules preset_%s = {\n", path, name);
    fprintf(out, "    .name = \"%s\",\n    .rules = {\n", rules->name);
    for (int i = 0; i < ACS_RULE_COUNT; i++) put_rule(out, &rules->rules[i]);
    fprintf(out, "    },\n    .reasons_never_valid = 0x%llxull,\n",
            (unsigned long long)rules->reasons_never_valid);
    put_periods(out, "review_default", rules->review_default, ACS_LEVEL_COUNT);
    put_periods(out, "review_max", rules->review_max, ACS_LEVEL_COUNT);
    put_periods(out, "notice", rules->notice, ACS_REASON_GROUND_SLOTS);
    put_period(out, "window_extension_max", rules->window_extension_max);
    put_period(out, "appeal_window", rules->appeal_window);
    put_period(out, "appeal_answer", rules->appeal_answer);
    fprintf(out, "    .capabilities = {");
    for (int s = 0; s < ACS_STATUS_COUNT; s++)
        fprintf(out, "%s0x%x", s == 0 ? "" : ", ", (unsigned)rules->capabilities[s]);
    fprintf(out, "},\n    .flags = 0x%xu,\n", (unsigned)rules->flags);
    put_calendar(out, &rules->calendar);
    fprintf(out, "};\n\n");
}

/* Parse one NAME=FILE argument and write its table. */
static int generate(FILE *out, const char *argument, char *text)
{
    const char *equals = strchr(argument, '=');
    if (equals == NULL || equals == argument) {
        fprintf(stderr, "presets_gen: '%s' is not NAME=FILE\n", argument);
        return -1;
    }
    char name[ACS_POLICY_NAME_MAX];
    size_t name_length = (size_t)(equals - argument);
    if (name_length >= sizeof(name)) {
        fprintf(stderr, "presets_gen: name too long in '%s'\n", argument);
        return -1;
    }
    memcpy(name, argument, name_length);
    name[name_length] = '\0';
    const char *path = equals + 1;

    size_t length = 0;
    if (read_file(path, text, TEXT_MAX, &length) != 0) return -1;
    acs_policy_rules rules;
    acs_text_error error;
    int rc = acs_policy_parse(&rules, text, length, 0, &error);
    if (rc != ACS_OK) {
        fprintf(stderr, "%s:%u:%u: %s\n", path, (unsigned)error.line, (unsigned)error.column,
                error.message);
        return -1;
    }
    if (strcmp(rules.name, name) != 0) {
        fprintf(stderr, "%s: the policy is named \"%s\", expected \"%s\"\n", path,
                rules.name, name);
        return -1;
    }
    put_table(out, name, path, &rules);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: presets_gen OUT NAME=FILE...\n");
        return 2;
    }
    char *text = malloc(TEXT_MAX);
    FILE *out = fopen(argv[1], "w");
    if (text == NULL || out == NULL) {
        fprintf(stderr, "presets_gen: cannot write %s\n", argv[1]);
        return 2;
    }
    fprintf(out, "/* Generated by src/gen/presets_gen.c from docs/policies/: do not edit. */\n\n");
    int status = 0;
    for (int i = 2; i < argc && status == 0; i++) {
        if (generate(out, argv[i], text) != 0) status = 1;
    }
    if (fclose(out) != 0) status = 1;
    free(text);
    if (status != 0) remove(argv[1]);
    return status;
}
