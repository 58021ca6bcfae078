/*
** dot.c: a policy drawn as a Graphviz DOT digraph (acs_policy_dot).
**
** The six statuses are the nodes, always all six, standing from top to
** bottom in order of strictness, each in a colour that says how restricted
** it is and labelled with what the customer can still do there; a status
** that no path of events reaches is drawn dashed.
**
** The moves between statuses come from the abstract status graph of
** graph.c. A move is one "slot": a rule's event, a CLOSE at the customer's
** request, or a review that lapses and lifts a hold. Drawing every move as
** its own edge gives a hairball (a hold can be placed from any laxer status
** and lifted back to any of them), so moves are grouped: around each
** status (the hub), the slots that link it with the same set of laxer
** statuses (the fan) make one group with one label. A fan of one status is
** a plain edge; a fan of every status from ACTIVE down to some status is an
** edge to or from a box drawn around those statuses; any other fan meets
** at a junction that carries the label. Each label block names the event,
** the roles that may perform it, the roles that must approve it and the
** reasons that need evidence.
**
** Every line is written from its laxer end to its stricter end, with the
** arrow turned where the account moves back, so that the layout's ranks
** follow strictness whatever the policy. The text is a function of the
** rules alone, written in a fixed order: the same rules give the same bytes.
*/
#include <string.h>

#include "internal.h"

/* A list in a label wraps before it would pass this many characters. */
#define LABEL_WIDTH 40

/* Of the type this file keeps a status in, which the loops over them use. */
#define STATUS_FIRST ((uint8_t)ACS_STATUS_ACTIVE)
#define STATUS_LAST ((uint8_t)ACS_STATUS_CLOSED)
#define STAFF_ROLES (ACS__ROLES_MASK & ~ACS_ROLE_BIT(ACS_ROLE_USER))

/* The slots: one per rule, then a CLOSE from ACTIVE or PENDING (only ever
** the customer's own: graph.c draws it only where the rule admits the
** customer with USER_REQUEST), then a lapsed review. */
#define SLOT_CUSTOMER_CLOSE ACS_RULE_COUNT
#define SLOT_LAPSE (ACS_RULE_COUNT + 1)
#define SLOT_COUNT (ACS_RULE_COUNT + 2)
#define RULE_SLOTS ((1u << ACS_RULE_COUNT) - 1u)

/* Groups: one per hub, direction and slot at most. */
#define GROUPS_MAX (ACS_STATUS_COUNT * 2 * SLOT_COUNT)

_Static_assert(ACS__STEP_LAPSE >= ACS_RULE_COUNT, "the lapse bit is not a rule's");
_Static_assert(SLOT_COUNT <= 32, "slots fit a 32-bit mask");

/* How a status looks: its fill, and the colour of its border and of the
** lines that lead into it. Laxer statuses are green and amber, stricter
** ones blue and red, the final one grey. */
typedef struct status_look {
    const char *fill;
    const char *line;
} status_look;

static const status_look looks[ACS_STATUS_COUNT] = {
    [ACS_STATUS_ACTIVE] = {"#d5efcf", "#2e7d32"},
    [ACS_STATUS_PENDING] = {"#f1f8e9", "#689f38"},
    [ACS_STATUS_WITHDRAWAL_ONLY] = {"#ffe0b2", "#e65100"},
    [ACS_STATUS_FROZEN] = {"#d0e4fa", "#1565c0"},
    [ACS_STATUS_SUSPENDED] = {"#ffcdd2", "#c62828"},
    [ACS_STATUS_CLOSED] = {"#e0e0e0", "#616161"},
};

/* The title of each slot's label block. */
static const char *const titles[SLOT_COUNT] = {
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
** Labels. Every text written inside a label is a fixed phrase or one of
** the library's names (capital letters and '_'), so none needs escaping.
*/

/* A label being written: the writer, and how many characters the label's
** current line holds, for wrapping lists. */
typedef struct label {
    acs__writer *w;
    size_t column;
} label;

static void label_put(label *l, const char *text)
{
    assert(text != NULL);
    acs__put(l->w, text);
    l->column += strlen(text);
}

static void label_break(label *l)
{
    acs__put(l->w, "\\n");
    l->column = 0;
}

typedef const char *(*namer)(int value);

/* The names of the values whose bits are set in mask, comma-separated,
** wrapped where a line would grow past LABEL_WIDTH. Graphviz centres each
** line, so a wrapped line needs no indent. */
static void label_list(label *l, uint64_t mask, namer name_of)
{
    assert(mask != 0);
    bool first = true;
    for (int value = 0; value < 64; value++) {
        if ((mask & ((uint64_t)1 << value)) == 0) continue;
        const char *name = name_of(value);
        assert(name != NULL);
        if (!first) {
            /* The name, its space and, unless it is the last, its comma. */
            bool last = (mask >> value) == 1;
            label_put(l, ",");
            if (l->column + 1 + strlen(name) + (last ? 0 : 1) > LABEL_WIDTH)
                label_break(l);
            else
                label_put(l, " ");
        }
        label_put(l, name);
        first = false;
    }
}

/* Role lists read as a phrase where they are every role or every staff
** role. */
static void label_roles(label *l, uint32_t roles)
{
    assert(roles != 0);
    assert((roles & ~(uint32_t)ACS__ROLES_MASK) == 0);
    if (roles == ACS__ROLES_MASK) {
        label_put(l, "anyone");
    } else if (roles == STAFF_ROLES) {
        label_put(l, "any staff");
    } else {
        label_list(l, roles, acs_role_name);
    }
}

/* One slot's block: the event, who may perform it, who must approve it,
** which reasons need evidence (nothing when none does). A DECIDE that
** moves an account is one that upholds the appeal, and a customer's CLOSE
** is for USER_REQUEST, so only those reasons' evidence counts there. */
static void label_slot(label *l, const acs_policy_rules *rules, unsigned slot)
{
    assert(slot < SLOT_COUNT);
    label_put(l, titles[slot]);
    if (slot == SLOT_LAPSE) return;

    unsigned index = slot == SLOT_CUSTOMER_CLOSE ? ACS_RULE_CLOSE : slot;
    const acs_rule *rule = &rules->rules[index];
    uint32_t actors = rule->actor_roles & ACS__ROLES_MASK;
    uint32_t approvers = rule->approver_roles & ACS__ROLES_MASK;
    uint64_t evidence = rule->reasons_evidence & ACS__REASONS_MASK;
    if (slot == ACS_RULE_DECIDE) evidence &= ACS_REASON_BIT(ACS_REASON_APPEAL_UPHELD);
    if (slot == SLOT_CUSTOMER_CLOSE) {
        actors &= ACS_ROLE_BIT(ACS_ROLE_USER);
        evidence &= ACS_REASON_BIT(ACS_REASON_USER_REQUEST);
    }
    /* A built policy gives every rule a role, asks evidence only for valid
    ** reasons, and names no valid reason never valid; the customer's CLOSE
    ** is drawn only where the rule admits the customer. */
    assert(actors != 0);
    assert((evidence & ~rule->reasons) == 0);
    assert((rule->reasons & rules->reasons_never_valid) == 0);

    label_break(l);
    label_put(l, "by ");
    label_roles(l, actors);
    if (approvers != 0) {
        label_break(l);
        label_put(l, "approved by ");
        label_roles(l, approvers);
    }
    if (evidence != 0) {
        label_break(l);
        label_put(l, "evidence: ");
        label_list(l, evidence, acs_reason_name);
    }
}

static void put_label(acs__writer *w, const acs_policy_rules *rules, uint32_t slots)
{
    assert(slots != 0);
    label l = {w, 0};
    bool first = true;
    acs__put(w, ", label=\"");
    for (unsigned slot = 0; slot < SLOT_COUNT; slot++) {
        if ((slots & (1u << slot)) == 0) continue;
        if (!first) label_break(&l);
        label_slot(&l, rules, slot);
        first = false;
    }
    acs__put(w, "\"");
}

/* ------------------------------------------------------------------------
** Moves and groups.
*/

/* slots[from][to]: bit s when slot s takes an account from status from to
** status to. */
typedef struct moves {
    uint32_t slots[ACS_STATUS_COUNT][ACS_STATUS_COUNT];
} moves;

static void collect_moves(const acs__graph *graph, moves *m)
{
    memset(m, 0, sizeof(*m));
    for (uint8_t from = STATUS_FIRST; from <= STATUS_LAST; from++) {
        for (uint8_t to = STATUS_FIRST; to <= STATUS_LAST; to++) {
            if (from == to) continue;
            uint32_t steps = graph->steps[from][to];
            uint32_t slots = steps & RULE_SLOTS;
            if ((slots & (1u << ACS_RULE_CLOSE)) != 0 &&
                (from == ACS_STATUS_ACTIVE || from == ACS_STATUS_PENDING))
                slots ^= (1u << ACS_RULE_CLOSE) | (1u << SLOT_CUSTOMER_CLOSE);
            if ((steps & (1u << ACS__STEP_LAPSE)) != 0) slots |= 1u << SLOT_LAPSE;
            m->slots[from][to] = slots;
        }
    }
}

/* A group: the same slots between status hub and each status of fan (a
** mask of ACS_STATUS_BIT, all laxer than hub). forward: from the fan to
** the hub; else from the hub back to the fan. box: the fan is a box. */
typedef struct group {
    uint32_t slots;
    uint32_t fan;
    uint8_t hub;
    bool forward;
    bool box;
} group;

typedef struct groups {
    group list[GROUPS_MAX];
    unsigned count;
    uint32_t reachable; /* ACS_STATUS_BIT of each status reachable */
    uint32_t boxes;     /* ACS_STATUS_BIT(k) when a fan is the box to k */
} groups;

/* The statuses laxer than hub that slot links with it in one direction. */
static uint32_t fan_of(const moves *m, uint8_t hub, unsigned slot, bool forward)
{
    uint32_t fan = 0;
    for (uint8_t other = STATUS_FIRST; other < hub; other++) {
        uint32_t slots = forward ? m->slots[other][hub] : m->slots[hub][other];
        if ((slots & (1u << slot)) != 0) fan |= ACS_STATUS_BIT(other);
    }
    return fan;
}

static uint8_t strictest(uint32_t statuses)
{
    assert((statuses & ACS__STATUSES_MASK) != 0);
    uint8_t status = STATUS_LAST;
    while ((statuses & ACS_STATUS_BIT(status)) == 0) status--;
    return status;
}

static uint8_t laxest(uint32_t statuses)
{
    assert((statuses & ACS__STATUSES_MASK) != 0);
    uint8_t status = STATUS_FIRST;
    while ((statuses & ACS_STATUS_BIT(status)) == 0) status++;
    return status;
}

/* The box to status k holds every reachable status from ACTIVE to k.
** Statuses no path reaches stand outside every box, so that a line from a
** box never seems to leave one of them. */
static uint32_t box_members(uint32_t reachable, uint8_t k)
{
    return reachable & ACS__STATUSES_MASK & ((ACS_STATUS_BIT(k) << 1) - 1u);
}

static bool is_box(uint32_t reachable, uint32_t fan)
{
    return (fan & (fan - 1)) != 0 && fan == box_members(reachable, strictest(fan));
}

/* The groups around hub in one direction. Slots that link hub with the
** same fan share a group; a lapsed review is always a group of its own,
** because it is drawn dashed. */
static void collect_groups(const moves *m, uint8_t hub, bool forward, groups *out)
{
    uint32_t done = 0;
    for (unsigned slot = 0; slot < SLOT_COUNT; slot++) {
        group g = {1u << slot, fan_of(m, hub, slot, forward), hub, forward, false};
        if (g.fan == 0 || (done & g.slots) != 0) continue;
        for (unsigned other = slot + 1; other < SLOT_LAPSE && slot != SLOT_LAPSE; other++)
            if (fan_of(m, hub, other, forward) == g.fan) g.slots |= 1u << other;
        done |= g.slots;
        g.box = is_box(out->reachable, g.fan);
        if (g.box) out->boxes |= ACS_STATUS_BIT(strictest(g.fan));
        assert(out->count < GROUPS_MAX);
        out->list[out->count++] = g;
    }
}

/* ------------------------------------------------------------------------
** The drawing.
*/

/* The policy's name inside a DOT string. A built policy's name has no '"'
** and no '\\', but escaping costs nothing and keeps the text valid. */
static void put_escaped(acs__writer *w, const char *text, size_t max)
{
    for (size_t i = 0; i < max && text[i] != '\0'; i++) {
        if (text[i] == '"' || text[i] == '\\') acs__put_char(w, '\\');
        acs__put_char(w, text[i]);
    }
}

static void put_status_id(acs__writer *w, uint8_t status)
{
    const char *name = acs_status_name(status);
    assert(name != NULL);
    acs__put(w, name);
}

static void put_colour(acs__writer *w, const char *attribute, uint8_t status)
{
    acs__put(w, attribute);
    acs__put(w, "=\"");
    acs__put(w, looks[status].line);
    acs__put(w, "\"");
}

/* The capabilities of a status in lower case ("login, withdraw"). */
static void put_capabilities(acs__writer *w, unsigned capabilities)
{
    if ((capabilities & ACS_CAP_ALL) == 0) {
        acs__put(w, "no access");
        return;
    }
    bool first = true;
    for (unsigned bit = 1; bit <= ACS_CAP_ALL; bit <<= 1) {
        if ((capabilities & bit) == 0) continue;
        const char *name = acs_capability_name(bit);
        assert(name != NULL);
        if (!first) acs__put(w, ", ");
        for (; *name != '\0'; name++) {
            char c = *name;
            if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
            acs__put_char(w, c);
        }
        first = false;
    }
}

static void put_node(acs__writer *w, const acs_policy_rules *rules, uint32_t reachable,
                     uint8_t status)
{
    assert(status >= STATUS_FIRST && status <= STATUS_LAST);
    bool reached = (reachable & ACS_STATUS_BIT(status)) != 0;
    acs__put(w, "  ");
    put_status_id(w, status);
    acs__put(w, " [label=\"");
    put_status_id(w, status);
    acs__put(w, "\\n");
    put_capabilities(w, rules->capabilities[status]);
    if (!reached) acs__put(w, "\\n(unreachable)");
    acs__put(w, "\", fillcolor=\"");
    acs__put(w, reached ? looks[status].fill : "#ffffff");
    acs__put(w, "\", ");
    put_colour(w, "color", status);
    if (!reached) acs__put(w, ", style=\"rounded,dashed\", fontcolor=\"#757575\"");
    if (status == ACS_STATUS_CLOSED) acs__put(w, ", peripheries=2");
    acs__put(w, "];\n");
}

static void put_box_id(acs__writer *w, uint8_t strictest_status)
{
    acs__put(w, "cluster_");
    put_status_id(w, strictest_status);
}

/* The nodes, in order of strictness, inside the boxes the groups use. The
** boxes nest, so they are opened outermost first and each is closed after
** its strictest status; the statuses no path reaches come last, outside. */
static void put_nodes(acs__writer *w, const acs_policy_rules *rules, uint32_t reachable,
                      uint32_t boxes)
{
    static const char *const shades[] = {"#f7f7f7", "#efefef", "#e7e7e7", "#dfdfdf"};
    unsigned depth = 0;
    for (uint8_t box = STATUS_LAST; box >= STATUS_FIRST; box--) {
        if ((boxes & ACS_STATUS_BIT(box)) == 0) continue;
        assert(depth < sizeof(shades) / sizeof(shades[0]));
        acs__put(w, "  subgraph ");
        put_box_id(w, box);
        acs__put(w, " {\n    style=\"rounded,filled\"; color=\"#bdbdbd\"; fillcolor=\"");
        acs__put(w, shades[depth++]);
        acs__put(w, "\";\n    fontsize=9; fontcolor=\"#757575\"; labeljust=r; labelloc=t; label=\"");
        put_status_id(w, laxest(box_members(reachable, box)));
        acs__put(w, " to ");
        put_status_id(w, box);
        acs__put(w, "\";\n");
    }
    for (uint8_t status = STATUS_FIRST; status <= STATUS_LAST; status++) {
        if ((reachable & ACS_STATUS_BIT(status)) != 0) put_node(w, rules, reachable, status);
        if ((boxes & ACS_STATUS_BIT(status)) != 0) acs__put(w, "  }\n");
    }
    for (uint8_t status = STATUS_FIRST; status <= STATUS_LAST; status++)
        if ((reachable & ACS_STATUS_BIT(status)) == 0) put_node(w, rules, reachable, status);
    /* Invisible edges stand the statuses in order of strictness. */
    acs__put(w, "  ");
    for (uint8_t status = STATUS_FIRST; status <= STATUS_LAST; status++) {
        put_status_id(w, status);
        acs__put(w, status < STATUS_LAST ? " -> " : " [style=invis];\n");
    }
}

/* One end of a line: a status, a box (drawn to its strictest status and
** clipped at the box), or junction n. */
typedef struct end {
    uint8_t status; /* 0 for a junction */
    bool box;
    unsigned junction;
} end;

static void put_end(acs__writer *w, end e)
{
    if (e.status != 0) {
        put_status_id(w, e.status);
    } else {
        acs__put(w, "t");
        acs__put_number(w, e.junction, 1);
    }
}

/* One line from its laxer end top to its stricter end bottom, its arrow at
** the bottom (forward), the top (back) or nowhere (none), coloured as
** status colour; labelled with slots unless they are 0. */
static void put_line(acs__writer *w, const acs_policy_rules *rules, end top, end bottom,
                     const char *dir, uint8_t colour, bool dashed, uint32_t slots)
{
    acs__put(w, "  ");
    put_end(w, top);
    acs__put(w, " -> ");
    put_end(w, bottom);
    acs__put(w, " [dir=");
    acs__put(w, dir);
    acs__put(w, ", ");
    put_colour(w, "color", colour);
    if (dashed) acs__put(w, ", style=dashed");
    if (top.box) {
        acs__put(w, ", ltail=");
        put_box_id(w, top.status);
    }
    if (slots != 0) {
        acs__put(w, ", ");
        put_colour(w, "fontcolor", colour);
        put_label(w, rules, slots);
    }
    acs__put(w, "];\n");
}

/* A group: one labelled line when the fan is one status or a box, else a
** junction that carries the label, with a line to each status of the fan.
** Lines are coloured as the status the account moves to; a junction
** back to several statuses takes the colour of the laxest. */
static void put_group(acs__writer *w, const acs_policy_rules *rules, const group *g,
                      unsigned *junctions)
{
    assert(g->slots != 0);
    assert(g->fan != 0);
    assert(strictest(g->fan) < g->hub);
    bool dashed = (g->slots & (1u << SLOT_LAPSE)) != 0;
    const char *arrow = g->forward ? "forward" : "back";
    end hub = {g->hub, false, 0};
    bool single = (g->fan & (g->fan - 1)) == 0;
    if (single || g->box) {
        end fan = {strictest(g->fan), !single, 0};
        uint8_t colour = g->forward ? g->hub : laxest(g->fan);
        put_line(w, rules, fan, hub, arrow, colour, dashed, g->slots);
        return;
    }
    end junction = {0, false, ++*junctions};
    uint8_t colour = g->forward ? g->hub : laxest(g->fan);
    acs__put(w, "  ");
    put_end(w, junction);
    acs__put(w, " [shape=plaintext, style=\"\", fontsize=10, ");
    put_colour(w, "fontcolor", colour);
    put_label(w, rules, g->slots);
    acs__put(w, "];\n");
    for (uint8_t status = STATUS_FIRST; status <= STATUS_LAST; status++) {
        if ((g->fan & ACS_STATUS_BIT(status)) == 0) continue;
        end other = {status, false, 0};
        put_line(w, rules, other, junction, g->forward ? "none" : "back",
                 g->forward ? g->hub : status, dashed, 0);
    }
    put_line(w, rules, junction, hub, g->forward ? "forward" : "none", colour, dashed, 0);
}

static void put_header(acs__writer *w, const acs_policy_rules *rules)
{
    acs__put(w, "digraph policy {\n");
    acs__put(w, "  label=\"policy ");
    put_escaped(w, rules->name, sizeof(rules->name));
    acs__put(w, "\\nsolid: an event and who may do it; dashed: a review that lapses"
                "\\na line to or from a grey box: any status in the box\";\n");
    acs__put(w, "  labelloc=t;\n");
    acs__put(w, "  fontname=\"Helvetica\";\n");
    acs__put(w, "  rankdir=TB;\n");
    acs__put(w, "  compound=true;\n");
    acs__put(w, "  nodesep=0.4;\n");
    acs__put(w, "  ranksep=0.5;\n");
    acs__put(w, "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n");
    acs__put(w, "  edge [fontname=\"Helvetica\", fontsize=10];\n");
}

size_t acs_policy_dot(const acs_policy_rules *rules, char *buf, size_t cap)
{
    acs__writer w;
    acs__writer_init(&w, buf, cap);
    /* Rules that do not build give 0 and, like every writer of the library,
    ** an empty string. */
    acs_policy policy;
    if (rules == NULL || acs_policy_build(&policy, rules, NULL) != ACS_OK)
        return acs__writer_end(&w);

    acs__graph graph;
    acs__graph_build(rules, &graph);
    /* Every account starts PENDING, so a policy always reaches it. */
    assert((graph.statuses & ACS_STATUS_BIT(ACS_STATUS_PENDING)) != 0);
    moves m;
    collect_moves(&graph, &m);
    groups all;
    all.count = 0;
    all.reachable = graph.statuses;
    all.boxes = 0;
    for (uint8_t hub = STATUS_FIRST; hub <= STATUS_LAST; hub++) {
        collect_groups(&m, hub, true, &all);
        collect_groups(&m, hub, false, &all);
    }

    put_header(&w, rules);
    put_nodes(&w, rules, graph.statuses, all.boxes);
    unsigned junctions = 0;
    for (unsigned i = 0; i < all.count; i++) put_group(&w, rules, &all.list[i], &junctions);
    acs__put(&w, "}\n");
    size_t length = acs__writer_end(&w);
    assert(length > 0);
    return length;
}
