# make docs: the policy diagrams. Included by the Makefile, whose variables
# (BUILD) it uses; the diagrams are drawn by acsctl, which
# tools/acsctl/acsctl.mk builds.
#
#   $(BUILD)/docs/<name>.dot   `acsctl dot` of docs/policies/<name>.policy
#   $(BUILD)/docs/<name>.svg   that text drawn by Graphviz (dot -Tsvg)
#   docs/policy-default.svg    a copy of default.svg, committed: the README
#                              shows it
#   docs/simulate.svg          `acsctl simulate --svg` of the default scenario
#                              under the three presets, committed: the README
#                              and docs/acsctl.md show it (its table goes to
#                              $(BUILD)/docs/simulate.txt)
#
# docs/deps.sh runs first and checks for Graphviz, as tests/deps.sh does for
# the test frameworks. Variables: DOT (Graphviz's dot), DOC_POLICY_DIR (where
# the .policy files are read from).

DOT ?= dot
DOC_POLICY_DIR ?= docs/policies

# Named here rather than through acsctl.mk's ACSCTL, which is set after this
# file is read; its rule is in tools/acsctl/acsctl.mk.
DOC_ACSCTL := $(BUILD)/acsctl
DOC_POLICIES := $(wildcard $(DOC_POLICY_DIR)/*.policy)
DOC_DOTS := $(DOC_POLICIES:$(DOC_POLICY_DIR)/%.policy=$(BUILD)/docs/%.dot)
DOC_SVGS := $(DOC_DOTS:.dot=.svg)
DOC_README_SVG := docs/policy-default.svg
DOC_SIMULATE_SVG := docs/simulate.svg

.PHONY: docs docs-deps

# The .dot files are named here so that make keeps them.
docs: docs-deps $(DOC_DOTS) $(DOC_SVGS) $(DOC_README_SVG) $(DOC_SIMULATE_SVG)

docs-deps:
	@DOT='$(DOT)' sh docs/deps.sh

$(BUILD)/docs/%.dot: $(DOC_POLICY_DIR)/%.policy $(DOC_ACSCTL)
	@mkdir -p $(@D)
	$(DOC_ACSCTL) dot $< > $@

# Order-only: Graphviz is checked for before the first drawing, even with -j.
$(BUILD)/docs/%.svg: $(BUILD)/docs/%.dot | docs-deps
	$(DOT) -Tsvg $< -o $@

$(DOC_README_SVG): $(BUILD)/docs/default.svg
	cp $< $@

# The chart is a pure function of the scenario, the seed and the policies,
# so it is redrawn only when acsctl changes.
$(DOC_SIMULATE_SVG): $(DOC_ACSCTL)
	@mkdir -p $(BUILD)/docs
	$(DOC_ACSCTL) simulate --svg $@ > $(BUILD)/docs/simulate.txt
