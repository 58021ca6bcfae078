/*
** test_dot.c: the policy diagram (dot.c).
**
** acs_policy_dot writes a Graphviz digraph. The tests read the text back
** the way Graphviz would: each line from its laxer end to its stricter end
** with its arrow at one end, a line to or from a box standing for every
** status in the box, a junction joining the lines of one group. What they
** read must be exactly the abstract status graph of graph.c, move for
** move, for the presets and for a sweep of rules changed one status at a
** time. Then the labels of key moves are compared with exact text, and
** the text is checked for its form: the buffer contract of snprintf,
** refusal of rules that do not build, identical bytes on every call,
** balanced braces and quotes, printable ASCII.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "acctstate.h"
#include "internal.h"

#define DOT_MAX 32768  /* room for any diagram of the tests */
#define LABEL_MAX 1024 /* room for any one label */
#define JUNCTIONS_MAX 64
#define LABEL_WIDTH 40 /* the widest line a label may have */
#define GUARD 0x5c     /* a byte acs_policy_dot must not write */

/* The moves of the drawing: one slot per rule, the customer's own CLOSE
** from ACTIVE or PENDING, and a review that lapses. */
#define SLOT_CUSTOMER_CLOSE ACS_RULE_COUNT
#define SLOT_LAPSE (ACS_RULE_COUNT + 1)
#define SLOT_COUNT (ACS_RULE_COUNT + 2)

static const char *const slot_titles[SLOT_COUNT] = {
    [ACS_RULE_VERIFY] = "VERIFY",
    [ACS_RULE_HOLD_WITHDRAWAL_ONLY] = "HOLD WITHDRAWAL_ONLY",
    [ACS_RULE_HOLD_FROZEN] = "HOLD FROZEN",
    [ACS_RULE_HOLD_SUSPENDED] = "HOLD SUSPENDED",
    [ACS_RULE_LIFT] = "LIFT",
    [ACS_RULE_EXTEND] = "EXTEND",
    [ACS_RULE_NOTICE] = "NOTICE",
    [ACS_RULE_RESCIND] = "RESCIND",
    [ACS_RULE_CLOSE] = "CLOSE",
    [ACS_RULE_APPEAL] = "APPEAL",
    [ACS_RULE_DECIDE] = "DECIDE (upheld)",
    [SLOT_CUSTOMER_CLOSE] = "CLOSE (customer request)",
    [SLOT_LAPSE] = "review lapses",
};

/* ------------------------------------------------------------------------
** Rendering.
*/

static char dot_text[DOT_MAX];

/* The diagram of rules into dot_text; fails the test when it does not fit
** or is empty. */
static const char *render(const acs_policy_rules *rules)
{
    size_t length = acs_policy_dot(rules, dot_text, sizeof dot_text);
    assert_true(length > 0);
    assert_true(length < sizeof dot_text);
    assert_int_equal(strlen(dot_text), length);
    return dot_text;
}

static acs_policy_rules preset_copy(int preset)
{
    const acs_policy_rules *rules = acs_preset_rules(preset);
    assert_non_null(rules);
    return *rules;
}

static bool builds(const acs_policy_rules *rules)
{
    acs_policy policy;
    return acs_policy_build(&policy, rules, NULL) == ACS_OK;
}

/* ------------------------------------------------------------------------
** Reading the drawing back.
*/

typedef struct drawing {
    uint32_t slots[ACS_STATUS_COUNT][ACS_STATUS_COUNT]; /* moves drawn */
    /* Every label that a move from -> to is drawn with, joined by '|'. */
    char labels[ACS_STATUS_COUNT][ACS_STATUS_COUNT][LABEL_MAX];
    uint32_t box_members[ACS_STATUS_COUNT]; /* by the box's strictest status */
    char junction_labels[JUNCTIONS_MAX + 1][LABEL_MAX];
    /* Junction n: the statuses its undirected lines join (where the move
    ** comes from) and those its arrows point at (where it goes). */
    uint32_t junction_from[JUNCTIONS_MAX + 1];
    uint32_t junction_to[JUNCTIONS_MAX + 1];
    unsigned nodes_seen;
    unsigned nodes_unreachable;
    char node_colours[ACS_STATUS_COUNT][16];
} drawing;

static drawing seen;

static int status_of(const char *name, size_t length)
{
    for (int status = ACS_STATUS_ACTIVE; status <= ACS_STATUS_CLOSED; status++) {
        const char *known = acs_status_name(status);
        if (strlen(known) == length && memcmp(known, name, length) == 0) return status;
    }
    return 0;
}

/* An end of a line: a status (1..6) or junction n as 100 + n. */
static int end_of(const char *token, size_t length)
{
    int status = status_of(token, length);
    if (status != 0) return status;
    assert_true(length >= 2 && token[0] == 't');
    int junction = 0;
    for (size_t i = 1; i < length; i++) {
        assert_true(token[i] >= '0' && token[i] <= '9');
        junction = junction * 10 + (token[i] - '0');
    }
    assert_true(junction >= 1 && junction <= JUNCTIONS_MAX);
    return 100 + junction;
}

static size_t token_length(const char *text)
{
    size_t length = 0;
    while ((text[length] >= 'A' && text[length] <= 'Z') ||
           (text[length] >= 'a' && text[length] <= 'z') ||
           (text[length] >= '0' && text[length] <= '9') || text[length] == '_')
        length++;
    return length;
}

/* The value of attribute name= in line (up to its end), or NULL. */
static const char *attribute(const char *line, const char *end, const char *name)
{
    size_t length = strlen(name);
    for (const char *p = line; p + length < end; p++) {
        if ((p == line || p[-1] == ' ' || p[-1] == '[') && memcmp(p, name, length) == 0 &&
            p[length] == '=')
            return p + length + 1;
    }
    return NULL;
}

/* The quoted string at value into out, without its quotes; escapes are
** kept as written. */
static void read_string(const char *value, char *out, size_t cap)
{
    assert_int_equal(value[0], '"');
    size_t n = 0;
    for (const char *p = value + 1; *p != '"'; p++) {
        assert_true(*p != '\0' && *p != '\n');
        if (*p == '\\') {
            assert_true(n + 1 < cap);
            out[n++] = *p++;
        }
        assert_true(n + 1 < cap);
        out[n++] = *p;
    }
    out[n] = '\0';
}

/* The slots a label names: one per block, each opened by its title. */
static uint32_t slots_of(const char *label)
{
    uint32_t slots = 0;
    const char *line = label;
    for (;;) {
        const char *next = strstr(line, "\\n");
        size_t length = next != NULL ? (size_t)(next - line) : strlen(line);
        assert_true(length <= LABEL_WIDTH);
        for (unsigned slot = 0; slot < SLOT_COUNT; slot++) {
            if (strlen(slot_titles[slot]) == length && memcmp(slot_titles[slot], line, length) == 0) {
                assert_int_equal(slots & (1u << slot), 0);
                slots |= 1u << slot;
            }
        }
        if (next == NULL) break;
        line = next + 2;
    }
    assert_true(slots != 0);
    return slots;
}

static uint32_t expand(int end)
{
    assert_true(end >= ACS_STATUS_ACTIVE && end <= ACS_STATUS_CLOSED);
    return ACS_STATUS_BIT(end);
}

static void add_moves(uint32_t from_statuses, uint32_t to_statuses, const char *label)
{
    uint32_t slots = slots_of(label);
    bool lapse = (slots & (1u << SLOT_LAPSE)) != 0;
    /* A lapsed review is drawn apart, dashed. */
    if (lapse) assert_int_equal(slots, 1u << SLOT_LAPSE);
    for (int from = ACS_STATUS_ACTIVE; from <= ACS_STATUS_CLOSED; from++) {
        if ((from_statuses & ACS_STATUS_BIT(from)) == 0) continue;
        for (int to = ACS_STATUS_ACTIVE; to <= ACS_STATUS_CLOSED; to++) {
            if ((to_statuses & ACS_STATUS_BIT(to)) == 0) continue;
            assert_int_not_equal(from, to);
            /* No move is drawn twice. */
            assert_int_equal(seen.slots[from][to] & slots, 0);
            seen.slots[from][to] |= slots;
            char *joined = seen.labels[from][to];
            if (joined[0] != '\0') strcat(joined, "|");
            assert_true(strlen(joined) + strlen(label) < LABEL_MAX);
            strcat(joined, label);
        }
    }
}

/* One line "  TOP -> BOTTOM [attributes];" of the drawing. */
static void read_edge(const char *line, const char *end, const char *arrow)
{
    size_t top_length = token_length(line);
    int top = end_of(line, top_length);
    const char *rest = arrow + 4;
    int bottom = end_of(rest, token_length(rest));
    const char *dir = attribute(line, end, "dir");
    assert_non_null(dir);
    bool forward = strncmp(dir, "forward", 7) == 0;
    bool back = strncmp(dir, "back", 4) == 0;
    bool none = strncmp(dir, "none", 4) == 0;
    assert_true(forward || back || none);
    const char *ltail = attribute(line, end, "ltail");
    uint32_t top_statuses = top < 100 ? expand(top) : 0;
    if (ltail != NULL) {
        assert_true(strncmp(ltail, "cluster_", 8) == 0);
        int box = status_of(ltail + 8, token_length(ltail + 8));
        assert_int_equal(box, top);
        top_statuses = seen.box_members[box];
        assert_true(top_statuses != 0);
    }
    bool dashed = attribute(line, end, "style") != NULL;
    const char *label_value = attribute(line, end, "label");
    char label[LABEL_MAX] = "";
    if (label_value != NULL) read_string(label_value, label, sizeof label);
    if (label[0] != '\0') assert_int_equal(dashed, strstr(label, "review lapses") != NULL);

    if (top < 100 && bottom < 100) {
        /* A move between statuses, or between a box and a status, in the
        ** colour of the status it leads to. */
        assert_true(label[0] != '\0');
        assert_false(none);
        char colour[16];
        read_string(attribute(line, end, "color"), colour, sizeof colour);
        if (forward) assert_string_equal(colour, seen.node_colours[bottom]);
        if (back && ltail == NULL) assert_string_equal(colour, seen.node_colours[top]);
        if (forward) add_moves(top_statuses, expand(bottom), label);
        else add_moves(expand(bottom), top_statuses, label);
        return;
    }
    /* A line of a junction's group carries no label. */
    assert_true(label[0] == '\0');
    assert_null(ltail);
    if (bottom > 100) {
        assert_true(top < 100);
        if (none) seen.junction_from[bottom - 100] |= expand(top);
        else if (back) seen.junction_to[bottom - 100] |= expand(top);
        else fail_msg("a line points into junction t%d", bottom - 100);
    } else {
        assert_true(top > 100);
        if (none) seen.junction_from[top - 100] |= expand(bottom);
        else if (forward) seen.junction_to[top - 100] |= expand(bottom);
        else fail_msg("a line points into junction t%d", top - 100);
    }
}

/* Reads the whole text into seen. */
static void read_drawing(const char *text)
{
    memset(&seen, 0, sizeof seen);
    int boxes_open[ACS_STATUS_COUNT];
    int depth = 0;
    const char *line = text;
    assert_true(strncmp(text, "digraph policy {\n", 17) == 0);
    while (*line != '\0') {
        const char *end = strchr(line, '\n');
        assert_non_null(end);
        const char *arrow = strstr(line, " -> ");
        if (arrow != NULL && arrow > end) arrow = NULL;
        if (strncmp(line, "  subgraph cluster_", 19) == 0) {
            int box = status_of(line + 19, token_length(line + 19));
            assert_true(box != 0);
            assert_true(depth < ACS_STATUS_COUNT);
            boxes_open[depth++] = box;
        } else if (end - line == 3 && strncmp(line, "  }", 3) == 0) {
            assert_true(depth > 0);
            depth--;
        } else if (arrow != NULL) {
            if (attribute(line, end, "style") != NULL &&
                strncmp(attribute(line, end, "style"), "invis", 5) == 0)
                ; /* the order of the statuses */
            else
                read_edge(line + 2, end, arrow);
        } else if (line[0] == ' ' && line[1] == ' ' && line[2] != ' ') {
            size_t length = token_length(line + 2);
            int status = status_of(line + 2, length);
            if (status != 0 && line[2 + length] == ' ' && line[3 + length] == '[') {
                seen.nodes_seen |= ACS_STATUS_BIT(status);
                const char *colour = attribute(line, end, "color");
                assert_non_null(colour);
                read_string(colour, seen.node_colours[status], sizeof seen.node_colours[status]);
                const char *mark = strstr(line, "(unreachable)");
                if (mark != NULL && mark < end) seen.nodes_unreachable |= ACS_STATUS_BIT(status);
                for (int i = 0; i < depth; i++)
                    seen.box_members[boxes_open[i]] |= ACS_STATUS_BIT(status);
            } else if (line[2] == 't' && length > 1 && line[2 + length] == ' ') {
                int junction = end_of(line + 2, length) - 100;
                const char *value = attribute(line, end, "label");
                assert_non_null(value);
                read_string(value, seen.junction_labels[junction],
                            sizeof seen.junction_labels[junction]);
            }
        }
        line = end + 1;
    }
    assert_int_equal(depth, 0);
    for (int junction = 1; junction <= JUNCTIONS_MAX; junction++) {
        if (seen.junction_labels[junction][0] == '\0') {
            assert_int_equal(seen.junction_from[junction] | seen.junction_to[junction], 0);
            continue;
        }
        assert_true(seen.junction_from[junction] != 0);
        assert_true(seen.junction_to[junction] != 0);
        add_moves(seen.junction_from[junction], seen.junction_to[junction],
                  seen.junction_labels[junction]);
    }
    /* Every status is a node; a box to status k holds every status up to
    ** k that a path reaches, and nothing else. */
    assert_int_equal(seen.nodes_seen, ACS__STATUSES_MASK);
    for (int box = ACS_STATUS_ACTIVE; box <= ACS_STATUS_CLOSED; box++) {
        if (seen.box_members[box] != 0)
            assert_int_equal(seen.box_members[box],
                             ACS__STATUSES_MASK & ~seen.nodes_unreachable &
                                 ((ACS_STATUS_BIT(box) << 1) - 1u));
    }
}

/* What the drawing must show: the moves of the abstract status graph. */
static void expected_moves(const acs_policy_rules *rules,
                           uint32_t slots[ACS_STATUS_COUNT][ACS_STATUS_COUNT])
{
    acs__graph graph;
    acs__graph_build(rules, &graph);
    memset(slots, 0, sizeof(uint32_t) * ACS_STATUS_COUNT * ACS_STATUS_COUNT);
    for (int from = ACS_STATUS_ACTIVE; from <= ACS_STATUS_CLOSED; from++) {
        for (int to = ACS_STATUS_ACTIVE; to <= ACS_STATUS_CLOSED; to++) {
            if (from == to) continue;
            uint32_t steps = graph.steps[from][to];
            uint32_t expected = steps & ((1u << ACS_RULE_COUNT) - 1u);
            if ((expected & (1u << ACS_RULE_CLOSE)) != 0 &&
                (from == ACS_STATUS_ACTIVE || from == ACS_STATUS_PENDING)) {
                expected &= ~(1u << ACS_RULE_CLOSE);
                expected |= 1u << SLOT_CUSTOMER_CLOSE;
            }
            if ((steps & (1u << ACS__STEP_LAPSE)) != 0) expected |= 1u << SLOT_LAPSE;
            slots[from][to] = expected;
        }
    }
}

/* Renders rules, reads the drawing back and compares it with the graph. */
static void check_drawing(const acs_policy_rules *rules)
{
    uint32_t expected[ACS_STATUS_COUNT][ACS_STATUS_COUNT];
    expected_moves(rules, expected);
    read_drawing(render(rules));
    for (int from = ACS_STATUS_ACTIVE; from <= ACS_STATUS_CLOSED; from++) {
        for (int to = ACS_STATUS_ACTIVE; to <= ACS_STATUS_CLOSED; to++) {
            if (seen.slots[from][to] != expected[from][to])
                print_error("%s: %s -> %s drawn 0x%x, graph 0x%x\n", rules->name,
                            acs_status_name(from), acs_status_name(to),
                            seen.slots[from][to], expected[from][to]);
            assert_int_equal(seen.slots[from][to], expected[from][to]);
        }
    }
}

/* The block of slot's title in the labels of from -> to, up to the next
** block or the label's end, into out. Fails when there is none. */
static void block_of(int from, int to, const char *title, char *out, size_t cap)
{
    const char *labels = seen.labels[from][to];
    size_t title_length = strlen(title);
    const char *start = NULL;
    for (const char *p = labels; *p != '\0'; p++) {
        bool at_line = p == labels || p[-1] == '|' || (p >= labels + 2 && p[-2] == '\\' && p[-1] == 'n');
        if (at_line && strncmp(p, title, title_length) == 0 &&
            (p[title_length] == '\0' || p[title_length] == '|' || p[title_length] == '\\')) {
            start = p;
            break;
        }
    }
    if (start == NULL) fail_msg("no %s between %s and %s in \"%s\"", title,
                                acs_status_name(from), acs_status_name(to), labels);
    size_t n = 0;
    const char *p = start;
    for (;;) {
        assert_true(n + 1 < cap);
        out[n++] = *p++;
        if (*p == '\0' || *p == '|') break;
        if (p[0] == '\\' && p[1] == 'n') {
            /* Another block starts where a line is a title. */
            const char *next = p + 2;
            const char *line_end = strstr(next, "\\n");
            size_t length = line_end != NULL ? (size_t)(line_end - next) : strcspn(next, "|");
            bool title_line = false;
            for (unsigned slot = 0; slot < SLOT_COUNT; slot++)
                if (strlen(slot_titles[slot]) == length &&
                    memcmp(slot_titles[slot], next, length) == 0)
                    title_line = true;
            if (title_line) break;
        }
    }
    out[n] = '\0';
}

static void assert_block(const acs_policy_rules *rules, int from, int to, const char *title,
                         const char *expected)
{
    char block[LABEL_MAX];
    read_drawing(render(rules));
    block_of(from, to, title, block, sizeof block);
    assert_string_equal(block, expected);
}

/* ------------------------------------------------------------------------
** The tests.
*/

static void test_presets_render(void **state)
{
    (void)state;
    for (int preset = ACS_PRESET_DEFAULT; preset <= ACS_PRESET_DISCRETIONARY; preset++) {
        const acs_policy_rules *rules = acs_preset_rules(preset);
        const char *text = render(rules);
        assert_true(strncmp(text, "digraph policy {\n", 17) == 0);
        size_t length = strlen(text);
        assert_true(length > 2 && strcmp(text + length - 2, "}\n") == 0);
        char title[64];
        snprintf(title, sizeof title, "  label=\"policy %s\\n", rules->name);
        assert_non_null(strstr(text, title));
        for (int status = ACS_STATUS_ACTIVE; status <= ACS_STATUS_CLOSED; status++) {
            char node[64];
            snprintf(node, sizeof node, "  %s [label=\"%s\\n", acs_status_name(status),
                     acs_status_name(status));
            assert_non_null(strstr(text, node));
        }
        /* Every preset reaches every status. */
        assert_null(strstr(text, "unreachable"));
    }
}

static void test_presets_draw_the_graph(void **state)
{
    (void)state;
    for (int preset = ACS_PRESET_DEFAULT; preset <= ACS_PRESET_DISCRETIONARY; preset++)
        check_drawing(acs_preset_rules(preset));
}

/* Each rule of each preset with one status added to or taken from where it
** is permitted, and the lapse flag both ways: the drawing follows. */
static void test_changed_rules_draw_the_graph(void **state)
{
    (void)state;
    unsigned checked = 0;
    for (int preset = ACS_PRESET_DEFAULT; preset <= ACS_PRESET_DISCRETIONARY; preset++) {
        for (unsigned rule = 0; rule < ACS_RULE_COUNT; rule++) {
            for (int status = ACS_STATUS_ACTIVE; status < ACS_STATUS_CLOSED; status++) {
                for (int lapse = 0; lapse < 2; lapse++) {
                    acs_policy_rules rules = preset_copy(preset);
                    rules.rules[rule].from_statuses ^= ACS_STATUS_BIT(status);
                    if (lapse) rules.flags ^= ACS_POLICY_LAPSE_LIFTS;
                    if (!builds(&rules)) continue;
                    check_drawing(&rules);
                    checked++;
                }
            }
        }
    }
    /* Most changes build; the sweep must not pass by checking nothing. */
    assert_true(checked > 200);
}

static void test_default_labels(void **state)
{
    (void)state;
    const acs_policy_rules *rules = acs_preset_rules(ACS_PRESET_DEFAULT);
    assert_block(rules, ACS_STATUS_ACTIVE, ACS_STATUS_SUSPENDED, "HOLD SUSPENDED",
                 "HOLD SUSPENDED\\nby COMPLIANCE\\napproved by COMPLIANCE, MANAGEMENT"
                 "\\nevidence: LEGAL_ORDER, SANCTIONS,\\nTERMS_BREACH, ABUSIVE_CONDUCT");
    assert_block(rules, ACS_STATUS_FROZEN, ACS_STATUS_SUSPENDED, "HOLD SUSPENDED",
                 "HOLD SUSPENDED\\nby COMPLIANCE\\napproved by COMPLIANCE, MANAGEMENT"
                 "\\nevidence: LEGAL_ORDER, SANCTIONS,\\nTERMS_BREACH, ABUSIVE_CONDUCT");
    assert_block(rules, ACS_STATUS_ACTIVE, ACS_STATUS_FROZEN, "HOLD FROZEN",
                 "HOLD FROZEN\\nby COMPLIANCE, SECURITY, SYSTEM"
                 "\\nevidence: LEGAL_ORDER, SANCTIONS");
    assert_block(rules, ACS_STATUS_ACTIVE, ACS_STATUS_WITHDRAWAL_ONLY, "NOTICE",
                 "NOTICE\\nby COMPLIANCE, MANAGEMENT\\napproved by COMPLIANCE, MANAGEMENT"
                 "\\nevidence: LEGAL_ORDER, SANCTIONS,\\nTERMS_BREACH, ABUSIVE_CONDUCT");
    assert_block(rules, ACS_STATUS_PENDING, ACS_STATUS_ACTIVE, "VERIFY",
                 "VERIFY\\nby SUPPORT, COMPLIANCE, SYSTEM");
    /* Outcomes need no evidence in the default policy: nothing is said. */
    assert_block(rules, ACS_STATUS_SUSPENDED, ACS_STATUS_ACTIVE, "LIFT",
                 "LIFT\\nby SUPPORT, COMPLIANCE, SECURITY, SYSTEM");
    assert_block(rules, ACS_STATUS_SUSPENDED, ACS_STATUS_ACTIVE, "DECIDE (upheld)",
                 "DECIDE (upheld)\\nby COMPLIANCE, MANAGEMENT");
    assert_block(rules, ACS_STATUS_WITHDRAWAL_ONLY, ACS_STATUS_ACTIVE, "RESCIND",
                 "RESCIND\\nby COMPLIANCE, MANAGEMENT");
    /* An open account closes at once only at the customer's request. */
    assert_block(rules, ACS_STATUS_ACTIVE, ACS_STATUS_CLOSED, "CLOSE (customer request)",
                 "CLOSE (customer request)\\nby USER");
    assert_block(rules, ACS_STATUS_FROZEN, ACS_STATUS_CLOSED, "CLOSE",
                 "CLOSE\\nby USER, COMPLIANCE, MANAGEMENT, SYSTEM");
    /* Holds are placed from, and lifted back to, boxes of laxer statuses. */
    assert_non_null(strstr(dot_text, "label=\"ACTIVE to FROZEN\";"));
    assert_int_equal(seen.box_members[ACS_STATUS_PENDING],
                     ACS_STATUS_BIT(ACS_STATUS_ACTIVE) | ACS_STATUS_BIT(ACS_STATUS_PENDING));
    /* No review lapses into a lift in the default policy. */
    assert_null(strstr(dot_text, "review lapses"));
    assert_null(strstr(dot_text, "style=dashed"));
}

static void test_discretionary_labels(void **state)
{
    (void)state;
    const acs_policy_rules *rules = acs_preset_rules(ACS_PRESET_DISCRETIONARY);
    /* Anyone on staff, no second approver, no evidence. */
    assert_block(rules, ACS_STATUS_ACTIVE, ACS_STATUS_SUSPENDED, "HOLD SUSPENDED",
                 "HOLD SUSPENDED\\nby any staff");
    assert_block(rules, ACS_STATUS_ACTIVE, ACS_STATUS_WITHDRAWAL_ONLY, "NOTICE",
                 "NOTICE\\nby COMPLIANCE, MANAGEMENT");
    assert_null(strstr(dot_text, "approved by"));
    assert_null(strstr(dot_text, "evidence:"));
}

static void test_consumer_labels(void **state)
{
    (void)state;
    const acs_policy_rules *rules = acs_preset_rules(ACS_PRESET_CONSUMER);
    assert_block(rules, ACS_STATUS_ACTIVE, ACS_STATUS_SUSPENDED, "HOLD SUSPENDED",
                 "HOLD SUSPENDED\\nby COMPLIANCE, SECURITY, MANAGEMENT"
                 "\\napproved by COMPLIANCE\\nevidence: LEGAL_ORDER, SANCTIONS,"
                 "\\nTERMS_BREACH, ABUSIVE_CONDUCT");
    /* A lapsed review lifts the hold: a dashed move back. */
    assert_block(rules, ACS_STATUS_FROZEN, ACS_STATUS_ACTIVE, "review lapses",
                 "review lapses");
    assert_non_null(strstr(dot_text, "style=dashed"));
}

/* Role lists read as a phrase for every role; evidence lists wrap. */
static void test_role_phrases_and_wrapping(void **state)
{
    (void)state;
    acs_policy_rules rules = preset_copy(ACS_PRESET_DEFAULT);
    acs_rule *suspend = &rules.rules[ACS_RULE_HOLD_SUSPENDED];
    suspend->actor_roles = ACS__ROLES_MASK;
    suspend->approver_roles = ACS__ROLES_MASK & ~ACS_ROLE_BIT(ACS_ROLE_USER);
    suspend->reasons = ACS__GROUNDS_MASK & ~ACS_REASON_BIT(ACS_REASON_PUBLIC_CRITICISM);
    suspend->reasons_evidence = suspend->reasons;
    assert_true(builds(&rules));
    assert_block(&rules, ACS_STATUS_ACTIVE, ACS_STATUS_SUSPENDED, "HOLD SUSPENDED",
                 "HOLD SUSPENDED\\nby anyone\\napproved by any staff"
                 "\\nevidence: SECURITY_COMPROMISE,\\nSUSPICIOUS_ACTIVITY, LEGAL_ORDER,"
                 "\\nSANCTIONS, KYC_REFRESH, TERMS_BREACH,\\nABUSIVE_CONDUCT, INACTIVITY,"
                 "\\nUSER_REQUEST, COMMERCIAL_DECISION");
    check_drawing(&rules);
}

/* A status no path reaches is still drawn, dashed, and no move touches it. */
static void test_unreachable_status(void **state)
{
    (void)state;
    acs_policy_rules rules = preset_copy(ACS_PRESET_DEFAULT);
    rules.rules[ACS_RULE_HOLD_SUSPENDED].from_statuses = 0;
    assert_true(builds(&rules));
    const char *text = render(&rules);
    const char *node = strstr(text, "  SUSPENDED [label=\"SUSPENDED\\nno access\\n(unreachable)\"");
    assert_non_null(node);
    const char *node_end = strchr(node, '\n');
    const char *dashed = strstr(node, "style=\"rounded,dashed\"");
    assert_true(dashed != NULL && dashed < node_end);
    /* The other statuses are solid. */
    assert_ptr_equal(strstr(text, "(unreachable)"),
                     node + strlen("  SUSPENDED [label=\"SUSPENDED\\nno access\\n"));
    check_drawing(&rules);
    for (int other = ACS_STATUS_ACTIVE; other <= ACS_STATUS_CLOSED; other++) {
        assert_int_equal(seen.slots[other][ACS_STATUS_SUSPENDED], 0);
        assert_int_equal(seen.slots[ACS_STATUS_SUSPENDED][other], 0);
    }
}

/* Without VERIFY no account becomes ACTIVE: it stands outside the boxes,
** which start at PENDING. */
static void test_unreachable_status_outside_boxes(void **state)
{
    (void)state;
    acs_policy_rules rules = preset_copy(ACS_PRESET_DEFAULT);
    rules.rules[ACS_RULE_VERIFY].from_statuses = 0;
    assert_true(builds(&rules));
    check_drawing(&rules);
    assert_int_equal(seen.nodes_unreachable, ACS_STATUS_BIT(ACS_STATUS_ACTIVE));
    assert_non_null(strstr(dot_text, "label=\"PENDING to FROZEN\";"));
    assert_null(strstr(dot_text, "label=\"ACTIVE to"));
    assert_int_equal(seen.box_members[ACS_STATUS_FROZEN],
                     ACS_STATUS_BIT(ACS_STATUS_PENDING) |
                         ACS_STATUS_BIT(ACS_STATUS_WITHDRAWAL_ONLY) |
                         ACS_STATUS_BIT(ACS_STATUS_FROZEN));
}

/* The capabilities a policy gives a status are on its node. */
static void test_capabilities_on_nodes(void **state)
{
    (void)state;
    acs_policy_rules rules = preset_copy(ACS_PRESET_DEFAULT);
    rules.capabilities[ACS_STATUS_FROZEN] = ACS_CAP_LOGIN | ACS_CAP_WITHDRAW;
    rules.capabilities[ACS_STATUS_PENDING] = 0;
    assert_true(builds(&rules));
    const char *text = render(&rules);
    assert_non_null(strstr(text, "  FROZEN [label=\"FROZEN\\nlogin, withdraw\""));
    assert_non_null(strstr(text, "  PENDING [label=\"PENDING\\nno access\""));
    assert_non_null(strstr(text, "  ACTIVE [label=\"ACTIVE\\nlogin, deposit, trade, withdraw, api\""));
}

static void test_buffer_contract(void **state)
{
    (void)state;
    const acs_policy_rules *rules = acs_preset_rules(ACS_PRESET_DEFAULT);
    size_t length = acs_policy_dot(rules, NULL, 0);
    assert_true(length > 100);
    assert_true(length < DOT_MAX);
    static char full[DOT_MAX];
    assert_int_equal(acs_policy_dot(rules, full, sizeof full), length);
    assert_int_equal(strlen(full), length);

    /* cap 0 writes nothing, even with a buffer. */
    char one[2] = {GUARD, GUARD};
    assert_int_equal(acs_policy_dot(rules, one, 0), length);
    assert_int_equal(one[0], GUARD);
    /* cap 1: only the NUL. */
    assert_int_equal(acs_policy_dot(rules, one, 1), length);
    assert_int_equal(one[0], '\0');
    assert_int_equal(one[1], GUARD);

    /* Every cap from 2 to one past the length: the longest prefix that fits,
    ** NUL-terminated, the same return value, nothing written past cap. */
    static char cut[DOT_MAX + 1];
    for (size_t cap = 2; cap <= length + 1; cap++) {
        memset(cut, GUARD, sizeof cut);
        assert_int_equal(acs_policy_dot(rules, cut, cap), length);
        size_t kept = cap - 1 < length ? cap - 1 : length;
        assert_memory_equal(cut, full, kept);
        assert_int_equal(cut[kept], '\0');
        assert_int_equal(cut[cap], GUARD);
    }
    /* Exactly the length: the last character gives way to the NUL. */
    memset(cut, GUARD, sizeof cut);
    assert_int_equal(acs_policy_dot(rules, cut, length), length);
    assert_int_equal(cut[length - 1], '\0');
    assert_int_equal(strlen(cut), length - 1);
}

static void test_unbuildable_rules(void **state)
{
    (void)state;
    char buf[64];
    memset(buf, GUARD, sizeof buf);
    assert_int_equal(acs_policy_dot(NULL, buf, sizeof buf), 0);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(acs_policy_dot(NULL, NULL, 0), 0);

    acs_policy_rules rules[6];
    for (size_t i = 0; i < 6; i++) rules[i] = preset_copy(ACS_PRESET_DEFAULT);
    rules[0].name[0] = '\0';                                          /* P_NAME */
    rules[1].rules[ACS_RULE_LIFT].actor_roles |= 1u << 9;             /* P_MASK */
    rules[2].rules[ACS_RULE_LIFT].reserved = 1;                       /* E_RESERVED */
    rules[3].rules[ACS_RULE_LIFT].from_statuses |=
        ACS_STATUS_BIT(ACS_STATUS_CLOSED);                            /* P_FROM_CLOSED */
    rules[4].reasons_never_valid = ACS_REASON_BIT(ACS_REASON_LEGAL_ORDER); /* conflict */
    rules[5].flags = 0x80;                                            /* P_FLAGS */
    for (size_t i = 0; i < 6; i++) {
        assert_false(builds(&rules[i]));
        memset(buf, GUARD, sizeof buf);
        assert_int_equal(acs_policy_dot(&rules[i], buf, sizeof buf), 0);
        assert_int_equal(buf[0], '\0');
        assert_int_equal(buf[1], GUARD);
        assert_int_equal(acs_policy_dot(&rules[i], NULL, 0), 0);
    }
}

static void test_same_bytes_every_time(void **state)
{
    (void)state;
    static char first[DOT_MAX], second[DOT_MAX];
    for (int preset = ACS_PRESET_DEFAULT; preset <= ACS_PRESET_DISCRETIONARY; preset++) {
        /* A copy at another address, after the stack has been used. */
        acs_policy_rules copy = preset_copy(preset);
        memset(first, 1, sizeof first);
        memset(second, 2, sizeof second);
        size_t a = acs_policy_dot(acs_preset_rules(preset), first, sizeof first);
        check_drawing(&copy);
        size_t b = acs_policy_dot(&copy, second, sizeof second);
        assert_int_equal(a, b);
        assert_memory_equal(first, second, a + 1);
    }
    /* Different policies give different drawings. */
    size_t a = acs_policy_dot(acs_preset_rules(ACS_PRESET_DEFAULT), first, sizeof first);
    size_t b = acs_policy_dot(acs_preset_rules(ACS_PRESET_CONSUMER), second, sizeof second);
    assert_true(a != b || memcmp(first, second, a) != 0);
}

/* Braces balance outside strings, strings close, escapes are \" \\ and \n
** only, and the text is printable ASCII and newlines. */
static void check_form(const char *text)
{
    int braces = 0;
    bool in_string = false;
    for (const char *p = text; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        assert_true(c == '\n' || (c >= 0x20 && c < 0x7f));
        if (in_string) {
            assert_true(c != '\n');
            if (c == '\\') {
                p++;
                assert_true(*p == '"' || *p == '\\' || *p == 'n');
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') in_string = true;
        if (c == '{') braces++;
        if (c == '}') braces--;
        assert_true(braces >= 0);
    }
    assert_false(in_string);
    assert_int_equal(braces, 0);
}

static void test_form(void **state)
{
    (void)state;
    for (int preset = ACS_PRESET_DEFAULT; preset <= ACS_PRESET_DISCRETIONARY; preset++)
        check_form(render(acs_preset_rules(preset)));
    acs_policy_rules rules = preset_copy(ACS_PRESET_CONSUMER);
    memcpy(rules.name, "a policy {with} 'odd' name~", 28);
    assert_true(builds(&rules));
    const char *text = render(&rules);
    check_form(text);
    assert_non_null(strstr(text, "label=\"policy a policy {with} 'odd' name~\\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_presets_render),
        cmocka_unit_test(test_presets_draw_the_graph),
        cmocka_unit_test(test_changed_rules_draw_the_graph),
        cmocka_unit_test(test_default_labels),
        cmocka_unit_test(test_discretionary_labels),
        cmocka_unit_test(test_consumer_labels),
        cmocka_unit_test(test_role_phrases_and_wrapping),
        cmocka_unit_test(test_unreachable_status),
        cmocka_unit_test(test_unreachable_status_outside_boxes),
        cmocka_unit_test(test_capabilities_on_nodes),
        cmocka_unit_test(test_buffer_contract),
        cmocka_unit_test(test_unbuildable_rules),
        cmocka_unit_test(test_same_bytes_every_time),
        cmocka_unit_test(test_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
