# make docs: the policy diagrams. Included by the Makefile, whose variables
# (BUILD, STATIC, CC, ALL_CFLAGS, ALL_LDFLAGS, DEP_FLAGS) and $(BUILD)/flags
# stamp it uses.
#
#   $(BUILD)/examples/policy   examples/policy.c, linked statically like the demo
#   $(BUILD)/docs/<name>.dot   `policy dot` of docs/policies/<name>.policy
#   $(BUILD)/docs/<name>.svg   that text drawn by Graphviz (dot -Tsvg)
#   docs/policy-default.svg    a copy of default.svg, committed: the README
#                              shows it
#
# docs/deps.sh runs first and checks for Graphviz, as tests/deps.sh does for
# the test frameworks. Variables: DOT (Graphviz's dot), DOC_POLICY_DIR (where
# the .policy files are read from).

DOT ?= dot
DOC_POLICY_DIR ?= docs/policies

POLICY_EXAMPLE := $(BUILD)/examples/policy
DOC_POLICIES := $(wildcard $(DOC_POLICY_DIR)/*.policy)
DOC_DOTS := $(DOC_POLICIES:$(DOC_POLICY_DIR)/%.policy=$(BUILD)/docs/%.dot)
DOC_SVGS := $(DOC_DOTS:.dot=.svg)
DOC_README_SVG := docs/policy-default.svg

.PHONY: docs docs-deps

# The .dot files are named here so that make keeps them.
docs: docs-deps $(DOC_DOTS) $(DOC_SVGS) $(DOC_README_SVG)

docs-deps:
	@DOT='$(DOT)' sh docs/deps.sh

# Public header only, static link, no test framework: like the demo.
$(POLICY_EXAMPLE): examples/policy.c $(STATIC) $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iinclude $(DEP_FLAGS) -MF $@.d -MT $@ \
		$(ALL_LDFLAGS) -o $@ $< $(STATIC)

$(BUILD)/docs/%.dot: $(DOC_POLICY_DIR)/%.policy $(POLICY_EXAMPLE)
	@mkdir -p $(@D)
	$(POLICY_EXAMPLE) dot $< > $@

# Order-only: Graphviz is checked for before the first drawing, even with -j.
$(BUILD)/docs/%.svg: $(BUILD)/docs/%.dot | docs-deps
	$(DOT) -Tsvg $< -o $@

$(DOC_README_SVG): $(BUILD)/docs/default.svg
	cp $< $@

-include $(POLICY_EXAMPLE).d
