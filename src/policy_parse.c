/*
** policy_parse.c: reading the policy text of docs/policy-format.md into an
** acs_policy_rules.
**
** The text is a caller's buffer of length bytes, read once from the front:
** a cursor moves forward over it, never back and never past length, so
** every loop is bounded by the length. A line is split into tokens (runs of
** printable bytes, or one quoted name) as the statement that begins it asks
** for them; each statement checks its own arguments, and the line must end
** after them. The rules are built in a zeroed table of the parser's own and
** reach the caller only when the whole text was read and, unless the caller
** asked otherwise, acs_policy_build's checks passed.
**
** Every statement remembers where it was given, so that a second one can
** name the first, and so that a problem the checks find in the rules can be
** pointed at the statement that caused it.
*/
#include <string.h>

#include "internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define QUOTE_MAX 40 /* bytes of a token shown in a message; longer ones are cut */

/* Where a statement or value was given; line 0: not given. */
typedef struct place {
    uint32_t line;
    uint32_t column;
} place;

/* A token of the current line. length 0: the line has no more tokens. */
typedef struct token {
    size_t start;
    size_t length;
    uint32_t column;
} token;

enum block { BLOCK_NONE, BLOCK_RULE, BLOCK_CALENDAR, BLOCK_ANY };

typedef struct parser {
    const char *text;
    size_t length;
    size_t pos;        /* the next byte to read */
    size_t line_start; /* offset of the current line's first byte */
    uint32_t line;     /* the current line, from 1 */
    int block;         /* the block open: BLOCK_NONE, _RULE or _CALENDAR */
    int rule;          /* BLOCK_RULE: the rule's index */
    place block_at;    /* where the open block began */
    acs_policy_rules rules;
    acs_text_error error;
    acs__writer message; /* writes error.message */
    place header, name, flags, never_valid, calendar, weekend, utc_offset;
    place single[ACS__SINGLE_PERIODS];
    place rule_at[ACS_RULE_COUNT];
    place rule_field[ACS_RULE_COUNT][ACS__RULE_FIELDS];
    place review[ACS_LEVEL_COUNT];
    place notice[ACS_REASON_GROUND_SLOTS];
    place capabilities[ACS_STATUS_COUNT];
    place holiday[ACS_HOLIDAYS_MAX];
} parser;

/* What each set of names is called in a message. */
static const char *const set_nouns[] = {
    [ACS__NAMES_STATUS] = "a status",
    [ACS__NAMES_ROLE] = "a role",
    [ACS__NAMES_REASON] = "a reason",
    [ACS__NAMES_LEVEL] = "a hold level",
    [ACS__NAMES_CAPABILITY] = "a capability",
    [ACS__NAMES_WEEKDAY] = "a day of the week",
    [ACS__NAMES_POLICY_FLAG] = "a policy flag",
    [ACS__NAMES_RULE] = "a rule name",
    [ACS__NAMES_UNIT] = "a unit",
};

/* ---- Messages. ---- */

static void error_begin(parser *p, int code, uint32_t line, uint32_t column)
{
    assert(code != ACS_OK);
    assert(p->error.code == ACS_OK);
    p->error.code = code;
    p->error.line = line;
    p->error.column = column;
    acs__writer_init(&p->message, p->error.message, sizeof(p->error.message));
}

static void say(parser *p, const char *text)
{
    acs__put(&p->message, text);
}

static void say_number(parser *p, uint64_t number)
{
    acs__put_number(&p->message, number, 1);
}

/* The token in single quotes, cut to QUOTE_MAX bytes. */
static void say_token(parser *p, const token *t)
{
    size_t shown = t->length <= QUOTE_MAX ? t->length : QUOTE_MAX;
    acs__put_char(&p->message, '\'');
    acs__put_bytes(&p->message, p->text + t->start, shown);
    if (shown < t->length) acs__put(&p->message, "...");
    acs__put_char(&p->message, '\'');
}

static int error_end(parser *p)
{
    (void)acs__writer_end(&p->message);
    assert(p->error.code != ACS_OK); /* error_begin set it */
    return p->error.code;
}

/* A message of the common shape: before, the token quoted, after. */
static int fail_token(parser *p, int code, const token *t, const char *before,
                      const char *after)
{
    error_begin(p, code, p->line, t->column);
    say(p, before);
    say_token(p, t);
    say(p, after);
    return error_end(p);
}

static int fail_at(parser *p, int code, uint32_t column, const char *sentence)
{
    error_begin(p, code, p->line, column);
    say(p, sentence);
    return error_end(p);
}

static int not_a(parser *p, const token *t, acs__name_set set)
{
    assert((size_t)set < COUNT(set_nouns));
    error_begin(p, ACS_E_SYNTAX, p->line, t->column);
    say_token(p, t);
    say(p, " is not ");
    say(p, set_nouns[set]);
    say(p, ".");
    return error_end(p);
}

/* "'review' for FROZEN is given twice (first on line 12)." */
static int given_twice(parser *p, const token *keyword, const char *what, place first)
{
    assert(first.line != 0);
    error_begin(p, ACS_E_SYNTAX, p->line, keyword->column);
    say_token(p, keyword);
    if (what != NULL) {
        say(p, " for ");
        say(p, what);
    }
    say(p, p->block == BLOCK_RULE ? " is given twice in this rule" : " is given twice");
    say(p, " (first on line ");
    say_number(p, first.line);
    say(p, ").");
    return error_end(p);
}

/* ---- Bytes and tokens. ---- */

static uint32_t column_of(const parser *p, size_t pos)
{
    size_t column = pos - p->line_start + 1;
    return column > UINT32_MAX ? UINT32_MAX : (uint32_t)column;
}

static place place_of(const parser *p, const token *t)
{
    place at = {p->line, t->column};
    return at;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* A byte a bare token may hold: printable ASCII except the space and '#'. */
static bool is_token_byte(char c)
{
    unsigned char byte = (unsigned char)c;
    return byte > 0x20 && byte < 0x7f && byte != '#';
}

/* The end of the text, a line feed, or a carriage return before one. */
static bool at_line_end(const parser *p, size_t pos)
{
    if (pos >= p->length) return true;
    if (p->text[pos] == '\n') return true;
    return p->text[pos] == '\r' && pos + 1 < p->length && p->text[pos + 1] == '\n';
}

static int bad_byte(parser *p, size_t pos)
{
    static const char hex[] = "0123456789ABCDEF";
    assert(pos < p->length);
    unsigned char byte = (unsigned char)p->text[pos];
    error_begin(p, ACS_E_SYNTAX, p->line, column_of(p, pos));
    if (byte == '\0') {
        say(p, "A NUL byte is not allowed in a policy text.");
    } else if (byte == '\r') {
        say(p, "A carriage return is allowed only before a line feed.");
    } else {
        say(p, "Byte 0x");
        acs__put_char(&p->message, hex[byte >> 4]);
        acs__put_char(&p->message, hex[byte & 0xf]);
        say(p, " is not allowed outside a comment.");
    }
    return error_end(p);
}

/* A comment runs to the end of the line; it may hold any byte but NUL and
** a carriage return that ends no line. */
static int skip_comment(parser *p)
{
    assert(p->text[p->pos] == '#');
    while (!at_line_end(p, p->pos)) {
        char c = p->text[p->pos];
        if (c == '\0' || c == '\r') return bad_byte(p, p->pos);
        p->pos++;
    }
    return ACS_OK;
}

/* A token ends at a blank, a comment or the end of the line. */
static int after_token(parser *p)
{
    if (at_line_end(p, p->pos)) return ACS_OK;
    char c = p->text[p->pos];
    if (is_blank(c) || c == '#') return ACS_OK;
    if (is_token_byte(c))
        return fail_at(p, ACS_E_SYNTAX, column_of(p, p->pos),
                       "A space must follow the closing quote.");
    return bad_byte(p, p->pos);
}

/* A quoted name: printable ASCII up to the closing quote on the same line,
** without a backslash. The token keeps its quotes. */
static int read_quoted(parser *p, token *t)
{
    assert(p->text[p->pos] == '"');
    p->pos++;
    while (p->pos < p->length && p->text[p->pos] != '"') {
        unsigned char byte = (unsigned char)p->text[p->pos];
        if (byte == '\n' || byte == '\r') break;
        if (byte == '\\')
            return fail_at(p, ACS_E_SYNTAX, column_of(p, p->pos),
                           "A name may not hold a backslash.");
        if (byte < 0x20 || byte >= 0x7f) return bad_byte(p, p->pos);
        p->pos++;
    }
    if (p->pos >= p->length || p->text[p->pos] != '"')
        return fail_at(p, ACS_E_SYNTAX, t->column,
                       "The quoted name has no closing quote on its line.");
    p->pos++;
    t->length = p->pos - t->start;
    return after_token(p);
}

/* The next token of the line, or length 0 at its end (a comment skipped). */
static int read_token(parser *p, token *t)
{
    while (p->pos < p->length && is_blank(p->text[p->pos])) p->pos++;
    t->start = p->pos;
    t->length = 0;
    t->column = column_of(p, p->pos);
    if (at_line_end(p, p->pos)) return ACS_OK;
    char c = p->text[p->pos];
    if (c == '#') return skip_comment(p);
    if (c == '"') return read_quoted(p, t);
    if (!is_token_byte(c)) return bad_byte(p, p->pos);
    while (p->pos < p->length && is_token_byte(p->text[p->pos])) p->pos++;
    t->length = p->pos - t->start;
    assert(t->length > 0);
    return after_token(p);
}

static bool token_is(const parser *p, const token *t, const char *word)
{
    size_t length = strlen(word);
    return t->length == length && acs__same_bytes(p->text + t->start, word, length);
}

/* The next token, which the statement needs: "'review' is missing a hold
** level." at the end of the line when there is none. */
static int need_token(parser *p, const token *keyword, const char *what, token *t)
{
    int rc = read_token(p, t);
    if (rc != ACS_OK || t->length != 0) return rc;
    error_begin(p, ACS_E_SYNTAX, p->line, t->column);
    say_token(p, keyword);
    say(p, " is missing ");
    say(p, what);
    say(p, ".");
    return error_end(p);
}

static int lookup(parser *p, const token *t, acs__name_set set, unsigned *position)
{
    int found = acs__name_position(set, p->text + t->start, t->length);
    if (found < 0) {
        int rc = not_a(p, t, set);
        assert(rc != ACS_OK); /* so *position is set whenever ACS_OK is returned */
        return rc;
    }
    assert(found < ACS__NAME_POSITIONS);
    *position = (unsigned)found;
    return ACS_OK;
}

/* Names from first to the end of the line, none twice, as a mask. */
static int names_from(parser *p, token *t, acs__name_set set, uint64_t *mask)
{
    uint64_t names = 0;
    int rc = ACS_OK;
    while (rc == ACS_OK && t->length != 0) {
        unsigned position;
        rc = lookup(p, t, set, &position);
        if (rc != ACS_OK) return rc;
        uint64_t bit = (uint64_t)1 << position;
        if (names & bit) return fail_token(p, ACS_E_SYNTAX, t, "", " is named twice in this list.");
        names |= bit;
        rc = read_token(p, t);
    }
    if (rc == ACS_OK) *mask = names;
    return rc;
}

/* At least one name of set, to the end of the line. */
static int read_names(parser *p, const token *keyword, acs__name_set set, uint64_t *mask)
{
    token t;
    int rc = need_token(p, keyword, set_nouns[set], &t);
    if (rc != ACS_OK) return rc;
    return names_from(p, &t, set, mask);
}

/* ---- Periods, dates and offsets. ---- */

/* A count: decimal, no leading zero, 1 .. ACS_PERIOD_COUNT_MAX. Digits past
** the maximum are still checked but no longer added, so that no length of
** number overflows. */
static int parse_count(parser *p, const token *t, uint32_t *count)
{
    const char *digits = p->text + t->start;
    uint32_t value = 0;
    bool over = false;
    for (size_t i = 0; i < t->length; i++) {
        if (digits[i] < '0' || digits[i] > '9')
            return fail_token(p, ACS_E_SYNTAX, t, "", " is not a count or 'none'.");
        if (!over) value = value * 10 + (uint32_t)(digits[i] - '0');
        if (value > ACS_PERIOD_COUNT_MAX) over = true;
    }
    if (t->length == 1 && digits[0] == '0')
        return fail_token(p, ACS_E_SYNTAX, t, "A count of ", " is not a period: write 'none'.");
    if (digits[0] == '0') return fail_token(p, ACS_E_SYNTAX, t, "", " has a leading zero.");
    if (over) {
        error_begin(p, ACS_E_LIMIT, p->line, t->column);
        say_token(p, t);
        say(p, " is more than ");
        say_number(p, ACS_PERIOD_COUNT_MAX);
        say(p, ", the largest count.");
        return error_end(p);
    }
    assert(value >= 1 && value <= ACS_PERIOD_COUNT_MAX);
    *count = value;
    return ACS_OK;
}

/* A unit: the plural with any count, the singular with a count of 1. */
static int parse_unit(parser *p, const token *t, uint32_t count, uint32_t *unit)
{
    for (unsigned u = ACS_UNIT_HOURS; u <= ACS_UNIT_BUSINESS_DAYS; u++) {
        const char *plural = acs__name_at(ACS__NAMES_UNIT, u);
        assert(plural != NULL);
        size_t length = strlen(plural);
        bool singular = t->length + 1 == length &&
                        acs__same_bytes(p->text + t->start, plural, t->length);
        if (!singular && !token_is(p, t, plural)) continue;
        if (singular && count != 1) {
            error_begin(p, ACS_E_SYNTAX, p->line, t->column);
            say_token(p, t);
            say(p, " is for a count of 1: write '");
            say(p, plural);
            say(p, "'.");
            return error_end(p);
        }
        *unit = u;
        return ACS_OK;
    }
    return fail_token(p, ACS_E_SYNTAX, t, "",
                      " is not a unit: write hours, days or business-days.");
}

/* A period: 'none', or a count and a unit. */
static int parse_period(parser *p, const token *keyword, acs_period *period)
{
    token t;
    int rc = need_token(p, keyword, "a period", &t);
    if (rc != ACS_OK) return rc;
    if (token_is(p, &t, "none")) {
        period->count = 0;
        period->unit = ACS_UNIT_NONE;
        return ACS_OK;
    }
    uint32_t count = 0;
    uint32_t unit = ACS_UNIT_NONE;
    rc = parse_count(p, &t, &count);
    if (rc == ACS_OK) rc = need_token(p, keyword, "the unit after the count", &t);
    if (rc == ACS_OK) rc = parse_unit(p, &t, count, &unit);
    if (rc != ACS_OK) return rc;
    period->count = count;
    period->unit = unit;
    assert(acs__period_ok(*period));
    return ACS_OK;
}

/* Whether the bytes at text are digits where shape has '9' and equal to
** shape elsewhere, the whole length of shape. */
static bool has_shape(const char *text, size_t length, const char *shape)
{
    if (length != strlen(shape)) return false;
    for (size_t i = 0; i < length; i++) {
        bool digit = text[i] >= '0' && text[i] <= '9';
        if (shape[i] == '9' ? !digit : text[i] != shape[i]) return false;
    }
    return true;
}

static uint32_t digits_value(const char *digits, size_t count)
{
    uint32_t value = 0;
    for (size_t i = 0; i < count; i++) value = value * 10 + (uint32_t)(digits[i] - '0');
    return value;
}

/* YYYY-MM-DD as the number YYYYMMDD. Whether it is a real date is the
** calendar check's to say, so that the problem names the holiday. */
static int parse_date(parser *p, const token *t, uint32_t *date)
{
    const char *text = p->text + t->start;
    if (!has_shape(text, t->length, "9999-99-99"))
        return fail_token(p, ACS_E_SYNTAX, t, "", " is not a date: write YYYY-MM-DD.");
    *date = digits_value(text, 4) * 10000 + digits_value(text + 5, 2) * 100 +
            digits_value(text + 8, 2);
    return ACS_OK;
}

/* +HH:MM or -HH:MM, minutes 00 .. 59. The range is the calendar check's. */
static int parse_offset(parser *p, const token *t, int32_t *minutes)
{
    const char *text = p->text + t->start;
    bool shape = has_shape(text, t->length, "+99:99") || has_shape(text, t->length, "-99:99");
    if (!shape || digits_value(text + 4, 2) > 59)
        return fail_token(p, ACS_E_SYNTAX, t, "", " is not an offset: write +HH:MM or -HH:MM.");
    int32_t value = (int32_t)(digits_value(text + 1, 2) * 60 + digits_value(text + 4, 2));
    *minutes = text[0] == '-' ? -value : value;
    return ACS_OK;
}

/* ---- Statements. Each reads its arguments after the keyword; the line
** must end after them (parse_line checks). ---- */

static int parse_header(parser *p, const token *keyword, int which)
{
    (void)which;
    if (p->header.line != 0) return given_twice(p, keyword, NULL, p->header);
    token t;
    int rc = need_token(p, keyword, "the format version", &t);
    if (rc != ACS_OK) return rc;
    if (!token_is(p, &t, "1"))
        return fail_token(p, ACS_E_SYNTAX, &t, "",
                          " is not a format version this library reads: it reads 1.");
    p->header = place_of(p, keyword);
    return ACS_OK;
}

static int parse_name(parser *p, const token *keyword, int which)
{
    (void)which;
    if (p->name.line != 0) return given_twice(p, keyword, NULL, p->name);
    token t;
    int rc = need_token(p, keyword, "a quoted name", &t);
    if (rc != ACS_OK) return rc;
    if (p->text[t.start] != '"')
        return fail_token(p, ACS_E_SYNTAX, &t, "The name ", " must be in double quotes.");
    assert(t.length >= 2);
    size_t length = t.length - 2;
    if (length == 0) return fail_at(p, ACS_E_SYNTAX, t.column, "The name is empty.");
    if (length >= ACS_POLICY_NAME_MAX) {
        error_begin(p, ACS_E_LIMIT, p->line, t.column);
        say(p, "The name has ");
        say_number(p, length);
        say(p, " characters; at most ");
        say_number(p, ACS_POLICY_NAME_MAX - 1);
        say(p, " fit.");
        return error_end(p);
    }
    memcpy(p->rules.name, p->text + t.start + 1, length);
    assert(acs__policy_name_ok(p->rules.name));
    p->name = place_of(p, keyword);
    return ACS_OK;
}

static int parse_flags(parser *p, const token *keyword, int which)
{
    (void)which;
    if (p->flags.line != 0) return given_twice(p, keyword, NULL, p->flags);
    uint64_t mask = 0;
    int rc = read_names(p, keyword, ACS__NAMES_POLICY_FLAG, &mask);
    if (rc != ACS_OK) return rc;
    assert((mask & ~(uint64_t)ACS_POLICY_FLAGS_ALL) == 0);
    p->rules.flags = (uint32_t)mask;
    p->flags = place_of(p, keyword);
    return ACS_OK;
}

static int parse_never_valid(parser *p, const token *keyword, int which)
{
    (void)which;
    if (p->never_valid.line != 0) return given_twice(p, keyword, NULL, p->never_valid);
    int rc = read_names(p, keyword, ACS__NAMES_REASON, &p->rules.reasons_never_valid);
    if (rc != ACS_OK) return rc;
    p->never_valid = place_of(p, keyword);
    return ACS_OK;
}

static int parse_rule(parser *p, const token *keyword, int which)
{
    (void)which;
    token t;
    unsigned rule = 0;
    int rc = need_token(p, keyword, set_nouns[ACS__NAMES_RULE], &t);
    if (rc == ACS_OK) rc = lookup(p, &t, ACS__NAMES_RULE, &rule);
    if (rc != ACS_OK) return rc;
    assert(rule < ACS_RULE_COUNT);
    if (p->rule_at[rule].line != 0)
        return given_twice(p, keyword, acs__name_at(ACS__NAMES_RULE, rule), p->rule_at[rule]);
    p->rule_at[rule] = place_of(p, keyword);
    p->block = BLOCK_RULE;
    p->rule = (int)rule;
    p->block_at = p->rule_at[rule];
    return ACS_OK;
}

/* from, actors, approvers, reasons, evidence: which is the field. */
static int parse_rule_field(parser *p, const token *keyword, int which)
{
    assert(p->block == BLOCK_RULE);
    assert(which >= 0 && which < ACS__RULE_FIELDS);
    place *at = &p->rule_field[p->rule][which];
    if (at->line != 0) return given_twice(p, keyword, NULL, *at);
    uint64_t mask = 0;
    int rc = read_names(p, keyword, acs__rule_field_names(which), &mask);
    if (rc != ACS_OK) return rc;
    acs__rule_field_set(&p->rules.rules[p->rule], which, mask);
    *at = place_of(p, keyword);
    return ACS_OK;
}

static int parse_end(parser *p, const token *keyword, int which)
{
    (void)keyword;
    (void)which;
    assert(p->block == BLOCK_RULE || p->block == BLOCK_CALENDAR);
    p->block = BLOCK_NONE;
    return ACS_OK;
}

/* A word the statement needs next, such as 'default' or 'max'. */
static int expect_word(parser *p, const token *keyword, const char *word)
{
    token t;
    int rc = need_token(p, keyword, word[0] == 'd' ? "'default'" : "'max'", &t);
    if (rc != ACS_OK || token_is(p, &t, word)) return rc;
    error_begin(p, ACS_E_SYNTAX, p->line, t.column);
    say(p, "Expected '");
    say(p, word);
    say(p, "', found ");
    say_token(p, &t);
    say(p, ".");
    return error_end(p);
}

/* review LEVEL default PERIOD max PERIOD */
static int parse_review(parser *p, const token *keyword, int which)
{
    (void)which;
    token t;
    unsigned level = 0;
    int rc = need_token(p, keyword, set_nouns[ACS__NAMES_LEVEL], &t);
    if (rc == ACS_OK) rc = lookup(p, &t, ACS__NAMES_LEVEL, &level);
    if (rc != ACS_OK) return rc;
    assert(level >= 1 && level < ACS_LEVEL_COUNT);
    if (p->review[level].line != 0)
        return given_twice(p, keyword, acs__name_at(ACS__NAMES_LEVEL, level), p->review[level]);
    rc = expect_word(p, keyword, "default");
    if (rc == ACS_OK) rc = parse_period(p, keyword, &p->rules.review_default[level]);
    if (rc == ACS_OK) rc = expect_word(p, keyword, "max");
    if (rc == ACS_OK) rc = parse_period(p, keyword, &p->rules.review_max[level]);
    if (rc != ACS_OK) return rc;
    p->review[level] = place_of(p, keyword);
    return ACS_OK;
}

/* notice REASON PERIOD, for a ground (the reasons that have a slot). */
static int parse_notice(parser *p, const token *keyword, int which)
{
    (void)which;
    token t;
    unsigned reason = 0;
    int rc = need_token(p, keyword, set_nouns[ACS__NAMES_REASON], &t);
    if (rc == ACS_OK) rc = lookup(p, &t, ACS__NAMES_REASON, &reason);
    if (rc != ACS_OK) return rc;
    if (reason >= ACS_REASON_GROUND_SLOTS || !(ACS__GROUNDS_MASK & ACS_REASON_BIT(reason)))
        return fail_token(p, ACS_E_SYNTAX, &t, "",
                          " is an outcome, not a ground: notice periods are per ground.");
    if (p->notice[reason].line != 0)
        return given_twice(p, keyword, acs__name_at(ACS__NAMES_REASON, reason),
                           p->notice[reason]);
    rc = parse_period(p, keyword, &p->rules.notice[reason]);
    if (rc != ACS_OK) return rc;
    p->notice[reason] = place_of(p, keyword);
    return ACS_OK;
}

/* window-extension-max, appeal-window, appeal-answer: which is the period. */
static int parse_single_period(parser *p, const token *keyword, int which)
{
    assert(which >= 0 && which < ACS__SINGLE_PERIODS);
    if (p->single[which].line != 0) return given_twice(p, keyword, NULL, p->single[which]);
    acs_period period;
    int rc = parse_period(p, keyword, &period);
    if (rc != ACS_OK) return rc;
    acs__single_period_set(&p->rules, which, period);
    p->single[which] = place_of(p, keyword);
    return ACS_OK;
}

/* capabilities STATUS none, or capabilities STATUS CAPABILITY... */
static int parse_capabilities(parser *p, const token *keyword, int which)
{
    (void)which;
    token t;
    unsigned status = 0;
    int rc = need_token(p, keyword, set_nouns[ACS__NAMES_STATUS], &t);
    if (rc == ACS_OK) rc = lookup(p, &t, ACS__NAMES_STATUS, &status);
    if (rc != ACS_OK) return rc;
    assert(status >= 1 && status < ACS_STATUS_COUNT);
    if (p->capabilities[status].line != 0)
        return given_twice(p, keyword, acs__name_at(ACS__NAMES_STATUS, status),
                           p->capabilities[status]);
    uint64_t mask = 0;
    rc = need_token(p, keyword, "a capability or 'none'", &t);
    /* After 'none' the line must end, as after any complete statement. */
    if (rc == ACS_OK && !token_is(p, &t, "none"))
        rc = names_from(p, &t, ACS__NAMES_CAPABILITY, &mask);
    if (rc != ACS_OK) return rc;
    assert(mask <= ACS_CAP_ALL);
    p->rules.capabilities[status] = (uint8_t)mask;
    p->capabilities[status] = place_of(p, keyword);
    return ACS_OK;
}

static int parse_calendar(parser *p, const token *keyword, int which)
{
    (void)which;
    if (p->calendar.line != 0) return given_twice(p, keyword, NULL, p->calendar);
    p->calendar = place_of(p, keyword);
    p->block = BLOCK_CALENDAR;
    p->block_at = p->calendar;
    return ACS_OK;
}

static int parse_weekend(parser *p, const token *keyword, int which)
{
    (void)which;
    if (p->weekend.line != 0) return given_twice(p, keyword, NULL, p->weekend);
    uint64_t mask = 0;
    int rc = read_names(p, keyword, ACS__NAMES_WEEKDAY, &mask);
    if (rc != ACS_OK) return rc;
    assert(mask <= 0xfeu);
    p->rules.calendar.weekend = (uint32_t)mask;
    p->weekend = place_of(p, keyword);
    return ACS_OK;
}

static int parse_utc_offset(parser *p, const token *keyword, int which)
{
    (void)which;
    if (p->utc_offset.line != 0) return given_twice(p, keyword, NULL, p->utc_offset);
    token t;
    int rc = need_token(p, keyword, "an offset such as +01:00", &t);
    if (rc == ACS_OK) rc = parse_offset(p, &t, &p->rules.calendar.utc_offset_minutes);
    if (rc != ACS_OK) return rc;
    p->utc_offset = place_of(p, keyword);
    return ACS_OK;
}

/* holidays DATE...; the statement may repeat, and adds its dates. */
static int parse_holidays(parser *p, const token *keyword, int which)
{
    (void)which;
    acs_calendar *calendar = &p->rules.calendar;
    token t;
    int rc = need_token(p, keyword, "a date", &t);
    while (rc == ACS_OK && t.length != 0) {
        uint32_t date = 0;
        rc = parse_date(p, &t, &date);
        if (rc != ACS_OK) return rc;
        if (calendar->holiday_count == ACS_HOLIDAYS_MAX) {
            error_begin(p, ACS_E_LIMIT, p->line, t.column);
            say_token(p, &t);
            say(p, " is one holiday too many: a calendar holds at most ");
            say_number(p, ACS_HOLIDAYS_MAX);
            say(p, ".");
            return error_end(p);
        }
        assert(calendar->holiday_count < ACS_HOLIDAYS_MAX);
        p->holiday[calendar->holiday_count] = place_of(p, &t);
        calendar->holidays[calendar->holiday_count++] = date;
        rc = read_token(p, &t);
    }
    return rc;
}

/* ---- Lines. ---- */

typedef int (*statement_parser)(parser *p, const token *keyword, int which);

typedef struct statement {
    const char *keyword;
    int block; /* the block it is written in; BLOCK_ANY: either block */
    int which; /* passed to parse */
    statement_parser parse;
} statement;

static const statement statements[] = {
    {"acctstate-policy", BLOCK_NONE, 0, parse_header},
    {"name", BLOCK_NONE, 0, parse_name},
    {"flags", BLOCK_NONE, 0, parse_flags},
    {"never-valid", BLOCK_NONE, 0, parse_never_valid},
    {"rule", BLOCK_NONE, 0, parse_rule},
    {"review", BLOCK_NONE, 0, parse_review},
    {"notice", BLOCK_NONE, 0, parse_notice},
    {"capabilities", BLOCK_NONE, 0, parse_capabilities},
    {"calendar", BLOCK_NONE, 0, parse_calendar},
    {"weekend", BLOCK_CALENDAR, 0, parse_weekend},
    {"utc-offset", BLOCK_CALENDAR, 0, parse_utc_offset},
    {"holidays", BLOCK_CALENDAR, 0, parse_holidays},
    {"end", BLOCK_ANY, 0, parse_end},
};

/* The statement keyword begins: one of the table above, a line of a rule
** block, or one of the periods that stand alone. */
static bool find_statement(const parser *p, const token *keyword, statement *found)
{
    for (size_t i = 0; i < COUNT(statements); i++) {
        if (!token_is(p, keyword, statements[i].keyword)) continue;
        *found = statements[i];
        return true;
    }
    for (int field = 0; field < ACS__RULE_FIELDS; field++) {
        if (!token_is(p, keyword, acs__rule_field_keyword(field))) continue;
        statement line = {acs__rule_field_keyword(field), BLOCK_RULE, field, parse_rule_field};
        *found = line;
        return true;
    }
    for (int which = 0; which < ACS__SINGLE_PERIODS; which++) {
        if (!token_is(p, keyword, acs__single_period_keyword(which))) continue;
        statement line = {acs__single_period_keyword(which), BLOCK_NONE, which,
                          parse_single_period};
        *found = line;
        return true;
    }
    return false;
}

/* The statement belongs where the parser is: at the top, or in its block. */
static int check_block(parser *p, const token *keyword, int block)
{
    if (block == p->block || (block == BLOCK_ANY && p->block != BLOCK_NONE)) return ACS_OK;
    error_begin(p, ACS_E_SYNTAX, p->line, keyword->column);
    say_token(p, keyword);
    if (block == BLOCK_ANY) {
        say(p, " closes no block.");
    } else if (block == BLOCK_RULE) {
        say(p, " belongs inside a rule block.");
    } else if (block == BLOCK_CALENDAR) {
        say(p, " belongs inside the calendar block.");
    } else {
        say(p, p->block == BLOCK_RULE ? " cannot stand inside the rule block of line "
                                      : " cannot stand inside the calendar block of line ");
        say_number(p, p->block_at.line);
        say(p, ": is its 'end' missing?");
    }
    return error_end(p);
}

static int parse_statement(parser *p, const token *keyword)
{
    statement s;
    bool known = find_statement(p, keyword, &s);
    if (p->header.line == 0 && !(known && s.parse == parse_header))
        return fail_token(p, ACS_E_SYNTAX, keyword,
                          "The text must begin with 'acctstate-policy 1', not with ", ".");
    if (!known) return fail_token(p, ACS_E_SYNTAX, keyword, "", " is not a keyword.");
    int rc = check_block(p, keyword, s.block);
    if (rc != ACS_OK) return rc;
    return s.parse(p, keyword, s.which);
}

/* After the statement, nothing but blanks and a comment; then past the line
** feed (or CR LF) to the next line. */
static int finish_line(parser *p)
{
    token t;
    int rc = read_token(p, &t);
    if (rc != ACS_OK) return rc;
    if (t.length != 0) return fail_token(p, ACS_E_SYNTAX, &t, "", " follows a complete statement.");
    assert(at_line_end(p, p->pos));
    if (p->pos < p->length) p->pos += p->text[p->pos] == '\r' ? 2 : 1;
    assert(p->pos <= p->length);
    if (p->line < UINT32_MAX) p->line++;
    p->line_start = p->pos;
    return ACS_OK;
}

/* One line: blank, a comment, or one statement. */
static int parse_line(parser *p)
{
    token keyword;
    int rc = read_token(p, &keyword);
    if (rc == ACS_OK && keyword.length != 0) rc = parse_statement(p, &keyword);
    if (rc != ACS_OK) return rc;
    return finish_line(p);
}

static int parse_text(parser *p)
{
    while (p->pos < p->length) {
        size_t before = p->pos;
        int rc = parse_line(p);
        if (rc != ACS_OK) return rc;
        assert(p->pos > before); /* each line takes at least its line feed */
        (void)before;            /* read only by the assertion */
    }
    if (p->block != BLOCK_NONE) {
        error_begin(p, ACS_E_SYNTAX, p->block_at.line, p->block_at.column);
        if (p->block == BLOCK_RULE) {
            say(p, "The rule block for ");
            say(p, acs__name_at(ACS__NAMES_RULE, (unsigned)p->rule));
            say(p, " has no 'end'.");
        } else {
            say(p, "The calendar block has no 'end'.");
        }
        return error_end(p);
    }
    if (p->header.line == 0) {
        /* Only blank lines and comments: nothing to point at. */
        error_begin(p, ACS_E_SYNTAX, 0, 0);
        say(p, "The text has no 'acctstate-policy 1' line.");
        return error_end(p);
    }
    return ACS_OK;
}

/* ---- Problems acs_policy_build's checks find, at their statement. ---- */

/* The line within a rule block that a rule's problem is about, else the
** rule line itself. */
static place rule_problem_place(const parser *p, int code, int rule)
{
    assert(rule >= 0 && rule < ACS_RULE_COUNT);
    int field = -1;
    if (code == ACS_P_FROM_CLOSED) field = ACS__RULE_FIELD_FROM;
    if (code == ACS_P_REASON_CONFLICT) field = ACS__RULE_FIELD_REASONS;
    if (code == ACS_P_EVIDENCE_ORPHAN) field = ACS__RULE_FIELD_EVIDENCE;
    if (field >= 0 && p->rule_field[rule][field].line != 0) return p->rule_field[rule][field];
    return p->rule_at[rule];
}

/* Whether the weekend alone is what the calendar check refuses. */
static bool weekend_refused(const acs_calendar *calendar)
{
    acs_calendar weekend_only;
    memset(&weekend_only, 0, sizeof(weekend_only));
    weekend_only.weekend = calendar->weekend;
    int index;
    return acs__calendar_check(&weekend_only, &index) != ACS_OK;
}

static place calendar_problem_place(const parser *p, int holiday)
{
    place at = p->utc_offset;
    if (holiday >= 0 && holiday < ACS_HOLIDAYS_MAX) at = p->holiday[holiday];
    else if (weekend_refused(&p->rules.calendar)) at = p->weekend;
    return at.line != 0 ? at : p->calendar;
}

static place problem_place(const parser *p, int code, const acs_policy_problem *problem,
                           acs__policy_part part)
{
    int index = problem->index;
    switch (part) {
    case ACS__PART_NAME: return p->name;
    case ACS__PART_RULE: return rule_problem_place(p, code, problem->rule);
    case ACS__PART_REVIEW:
        return index >= 0 && index < ACS_LEVEL_COUNT ? p->review[index] : p->header;
    case ACS__PART_APPEAL_ANSWER:
        return p->single[2].line != 0 ? p->single[2] : p->rule_at[ACS_RULE_APPEAL];
    case ACS__PART_CAPABILITIES:
        return index >= 0 && index < ACS_STATUS_COUNT ? p->capabilities[index] : p->header;
    default:
        /* The parser writes only named flags and reasons, valid periods and
        ** notices for grounds, so no other part of parsed rules fails. */
        assert(part == ACS__PART_CALENDAR);
        return calendar_problem_place(p, index);
    }
}

static void say_name(parser *p, acs__name_set set, int position)
{
    const char *name = position >= 0 ? acs__name_at(set, (unsigned)position) : NULL;
    acs__put_name(&p->message, name);
}

static void say_rule_problem(parser *p, int code, const acs_policy_problem *problem)
{
    say(p, "rule ");
    say_name(p, ACS__NAMES_RULE, problem->rule);
    switch (code) {
    case ACS_P_FROM_CLOSED: say(p, " starts from CLOSED"); break;
    case ACS_P_NO_ROLE: say(p, " names no actors"); break;
    case ACS_P_NO_REASON: say(p, " names no reasons"); break;
    case ACS_P_REASON_CONFLICT:
        say(p, " admits ");
        say_name(p, ACS__NAMES_REASON, problem->index);
        say(p, ", which never-valid names");
        break;
    default:
        /* No unknown bit reaches parsed rules (ACS_P_MASK). */
        assert(code == ACS_P_EVIDENCE_ORPHAN);
        say(p, " asks evidence for ");
        say_name(p, ACS__NAMES_REASON, problem->index);
        say(p, ", which its reasons do not admit");
        break;
    }
}

static void say_review_problem(parser *p, int level)
{
    assert(level >= 0 && level < ACS_LEVEL_COUNT);
    acs_period fallback = p->rules.review_default[level];
    acs_period maximum = p->rules.review_max[level];
    say(p, "the review of ");
    say_name(p, ACS__NAMES_LEVEL, level);
    if (maximum.unit == ACS_UNIT_NONE) say(p, " has a default but no max");
    else if (fallback.unit != maximum.unit) say(p, " has its default and max in different units");
    else say(p, " has a default longer than its max");
}

static void say_calendar_problem(parser *p, int holiday)
{
    const acs_calendar *calendar = &p->rules.calendar;
    if (holiday >= 0 && holiday < ACS_HOLIDAYS_MAX) {
        uint32_t date = calendar->holidays[holiday];
        say(p, "holiday ");
        acs__put_date(&p->message, date);
        say(p, acs__date_day(date) < 0 ? " is not a date of the years 1970 to 9999"
                                       : " is not later than the one before it");
    } else if (weekend_refused(calendar)) {
        say(p, "the weekend has every day of the week");
    } else {
        say(p, "utc-offset ");
        acs__put_utc_offset(&p->message, calendar->utc_offset_minutes);
        say(p, " is outside -12:00 .. +14:00");
    }
}

static void say_problem(parser *p, int code, const acs_policy_problem *problem,
                        acs__policy_part part)
{
    int index = problem->index;
    switch (part) {
    case ACS__PART_NAME: say(p, "the text has no name statement"); break;
    case ACS__PART_RULE: say_rule_problem(p, code, problem); break;
    case ACS__PART_REVIEW: say_review_problem(p, index); break;
    case ACS__PART_APPEAL_ANSWER:
        /* Parsed periods are valid: the only problem is a missing one. */
        assert(code == ACS_P_APPEAL_PERIOD);
        if (p->single[2].line != 0)
            say(p, "rule APPEAL permits appeals, appeal-answer is none");
        else
            say(p, "rule APPEAL permits appeals and there is no appeal-answer");
        break;
    case ACS__PART_CAPABILITIES:
        say(p, "the capabilities of ");
        say_name(p, ACS__NAMES_STATUS, index);
        break;
    default:
        assert(part == ACS__PART_CALENDAR); /* as in problem_place */
        say_calendar_problem(p, index);
        break;
    }
}

/* acs_policy_build's checks on the parsed rules: the first problem, as the
** code's sentence and what is at fault, at the statement at fault. */
static int check_rules(parser *p)
{
    acs_policy_problem problem;
    acs__policy_part part;
    int code = acs__policy_check_part(&p->rules, &problem, &part);
    if (code == ACS_OK) return ACS_OK;
    /* The parser writes no reserved field. */
    assert(part != ACS__PART_RESERVED && part != ACS__PART_NONE);
    assert(problem.code == code);
    place at = problem_place(p, code, &problem, part);
    error_begin(p, code, at.line, at.column);
    const char *sentence = acs_strerror(code);
    char first = sentence[0];
    if (first >= 'a' && first <= 'z') first = (char)(first - 'a' + 'A');
    acs__put_char(&p->message, first);
    say(p, sentence + 1);
    say(p, ": ");
    say_problem(p, code, &problem, part);
    say(p, ".");
    return error_end(p);
}

int acs_policy_parse(acs_policy_rules *rules, const char *text, size_t length,
                     unsigned flags, acs_text_error *error)
{
    parser p;
    memset(&p, 0, sizeof(p));
    p.text = text;
    p.length = length;
    p.line = 1;
    int rc;
    if (rules == NULL || text == NULL) {
        error_begin(&p, ACS_E_NULL, 0, 0);
        say(&p, "A required pointer is NULL.");
        rc = error_end(&p);
    } else if (flags & ~ACS_PARSE_UNCHECKED) {
        error_begin(&p, ACS_E_RESERVED, 0, 0);
        say(&p, "The flags have a bit this library does not know.");
        rc = error_end(&p);
    } else {
        rc = parse_text(&p);
        if (rc == ACS_OK && !(flags & ACS_PARSE_UNCHECKED)) rc = check_rules(&p);
    }
    assert(rc == p.error.code);
    if (rc == ACS_OK) memcpy(rules, &p.rules, sizeof(*rules));
    if (error != NULL) *error = p.error;
    return rc;
}
