# quality.mk: the dynamic and static analysis passes. Included by the
# Makefile, whose variables (BUILD, UNIT_BINS, SRCS, PRESETS_INC, MAKE,
# PKG_CONFIG) it uses.
#
#   make valgrind-check  every unit test program under valgrind's memcheck,
#                        VALGRIND_JOBS (default 2) at a time, with
#                        ACS_TEST_QUICK=1 so that the heaviest sweeps run a
#                        sample; any memcheck error, leak or failed test
#                        fails it. Logs: <program>.valgrind.log (the
#                        program's output) and .valgrind.vg (memcheck's).
#   make analyze         cppcheck and clang-tidy over the library's sources,
#                        src/*.c and src/internal.h, and the command-line
#                        tool's, tools/acsctl/*.c and their headers; any
#                        finding fails it. clang-tidy's checks are written
#                        down in tests/quality/clang-tidy.yaml (the tool's
#                        changes to them in tests/quality/clang-tidy-tool.yaml),
#                        cppcheck's options below. Logs in $(BUILD)/analyze/.
#
# Each ends with one summary line, also written to
# $(BUILD)/tests/<valgrind|analyze>.summary. tests/quality/deps.sh checks
# for the tools first and installs what is missing (as root), like
# tests/deps.sh. Variables: VALGRIND, CPPCHECK, CLANG_TIDY (the programs),
# VALGRIND_JOBS and ANALYZE_JOBS (how many run at once).

VALGRIND ?= valgrind
CPPCHECK ?= cppcheck
CLANG_TIDY ?= clang-tidy
VALGRIND_JOBS ?= 2
ANALYZE_JOBS ?= 2

.PHONY: valgrind-check valgrind-programs analyze analyze-cppcheck analyze-clang-tidy

# ---------------------------------------------------------------------------
# valgrind-check. Leaks of every kind but "still reachable" count as errors
# (the test frameworks keep some memory to the end, which is not a leak).

VALGRIND_FLAGS = --tool=memcheck --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible --num-callers=30
VALGRIND_RESULTS := $(UNIT_BINS:=.valgrind)

# One program under memcheck. The result file holds one line: the program,
# its exit status, memcheck's error count ("none" when memcheck wrote no
# summary) and the seconds it took.
$(VALGRIND_RESULTS): %.valgrind: %
	@started=$$(date +%s); \
	if ACS_TEST_QUICK=1 $(VALGRIND) $(VALGRIND_FLAGS) --log-file=$@.vg $< > $@.log 2>&1; \
	then rc=0; else rc=$$?; fi; \
	errors=$$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) error.*/\1/p' $@.vg | tail -n 1); \
	seconds=$$(($$(date +%s) - started)); \
	echo "---- valgrind $<: $${errors:-no} errors, exit status $$rc ($$seconds s)"; \
	echo "$< $$rc $${errors:-none} $$seconds" > $@

# A goal for the programs, quiet when they are up to date.
valgrind-programs: $(UNIT_BINS)
	@:

# The programs are built first (with their dependencies checked, as make
# check does), then run VALGRIND_JOBS at a time; a failure of one never
# stops the others.
valgrind-check:
	@PKG_CONFIG='$(PKG_CONFIG)' sh tests/deps.sh
	@VALGRIND='$(VALGRIND)' sh tests/quality/deps.sh valgrind
	@$(MAKE) --no-print-directory valgrind-programs
	@mkdir -p $(BUILD)/tests
	@rm -f $(VALGRIND_RESULTS)
	@started=$$(date +%s); \
	$(MAKE) --no-print-directory -k -j$(VALGRIND_JOBS) $(VALGRIND_RESULTS); \
	seconds=$$(($$(date +%s) - started)); \
	pass=0; fail=0; errors=0; \
	for result in $(VALGRIND_RESULTS); do \
		set -- $$(cat $$result 2>/dev/null); \
		if [ $$# -ne 4 ]; then set -- $${result%.valgrind} none none 0; fi; \
		case $$3 in [0-9]*) errors=$$((errors + $$3));; esac; \
		if [ "$$2" = 0 ] && [ "$$3" = 0 ]; then pass=$$((pass + 1)); \
		else fail=$$((fail + 1)); \
			echo "FAILED: $$1 (exit status $$2, $$3 memcheck errors; see $$1.valgrind.vg)"; fi; \
	done; \
	line="valgrind: $$pass passed, $$fail failed (programs; $$errors memcheck errors; $$seconds s)"; \
	if [ -z "$(UNIT_BINS)" ]; then line="valgrind: 0 passed, 0 failed (no tests/unit/test_*.c)"; fi; \
	echo "$$line"; echo "$$line" > $(BUILD)/tests/valgrind.summary; \
	[ $$fail -eq 0 ]

# ---------------------------------------------------------------------------
# analyze. Both tools read the sources as the build compiles them: the
# library's with C11, ACS_BUILDING and the generated presets, the tool's
# with C11 and POSIX (tools/acsctl/acsctl.mk); cppcheck, which has no
# compiler of its own, also gets the predefined macros of the target (gcc
# on x86-64 ELF), so that it checks that one configuration, the SHA-NI code
# included, instead of guessing every combination of #if. It reports
# warnings, style, performance and portability findings; none is
# suppressed (a suppression would be inline, with its reason).

ANALYZE_DIR := $(BUILD)/analyze
# The tool's sources (acsctl.mk's ACSCTL_SRCS, which is set after this file
# is read).
ANALYZE_TOOL_SRCS := $(wildcard tools/acsctl/*.c)
CPPCHECK_FLAGS = --enable=warning,style,performance,portability --error-exitcode=1 \
	--inline-suppr --std=c11 --language=c --platform=unix64 --quiet \
	-D__GNUC__ -D__x86_64__ -D__ELF__ \
	--template='{file}:{line}:{column}: {severity}: {message} [{id}]'
CPPCHECK_LIB_FLAGS = -DACS_BUILDING -Iinclude -Isrc -I$(BUILD)/gen
CPPCHECK_TOOL_FLAGS = -D_POSIX_C_SOURCE=200809L -Iinclude
CLANG_TIDY_FLAGS = --quiet --config-file=tests/quality/clang-tidy.yaml
CLANG_TIDY_CFLAGS = -std=c11 -DACS_BUILDING -Iinclude -Isrc -I$(BUILD)/gen
TIDY_RESULTS := $(SRCS:src/%.c=$(ANALYZE_DIR)/%.tidy)

# The tool: the library's checks with the changes of
# tests/quality/clang-tidy-tool.yaml, whose settings Checks and
# HeaderFilterRegex are each one line, the value in single quotes.
CLANG_TIDY_TOOL_CONFIG = tests/quality/clang-tidy-tool.yaml
tool_tidy_setting = $(shell sed -n "s/^$(1): *'\(.*\)'.*/\1/p" $(CLANG_TIDY_TOOL_CONFIG))
CLANG_TIDY_TOOL_FLAGS = $(CLANG_TIDY_FLAGS) --checks='$(call tool_tidy_setting,Checks)' \
	--header-filter='$(call tool_tidy_setting,HeaderFilterRegex)'
CLANG_TIDY_TOOL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude
TOOL_TIDY_RESULTS := $(ANALYZE_TOOL_SRCS:tools/acsctl/%.c=$(ANALYZE_DIR)/acsctl/%.tidy)

# One source file through clang-tidy, with $(1) clang-tidy's options and
# $(2) the compiler's; its output is the result (a file that fails for
# another reason than findings shows as a finding).
define clang_tidy_file
@mkdir -p $(@D)
@if $(CLANG_TIDY) $(1) $< -- $(2) > $@.log 2>&1; then :; \
elif ! grep -q ': error: ' $@.log; then \
	echo "$<:0:0: error: clang-tidy failed [tool]" >> $@.log; fi; \
mv $@.log $@
endef

$(TIDY_RESULTS): $(ANALYZE_DIR)/%.tidy: src/%.c $(PRESETS_INC) FORCE
	$(call clang_tidy_file,$(CLANG_TIDY_FLAGS),$(CLANG_TIDY_CFLAGS))

$(TOOL_TIDY_RESULTS): $(ANALYZE_DIR)/acsctl/%.tidy: tools/acsctl/%.c FORCE
	$(call clang_tidy_file,$(CLANG_TIDY_TOOL_FLAGS),$(CLANG_TIDY_TOOL_CFLAGS))

# The library's sources, then the tool's, into one log.
analyze-cppcheck: $(PRESETS_INC)
	@mkdir -p $(ANALYZE_DIR)
	@$(CPPCHECK) $(CPPCHECK_FLAGS) $(CPPCHECK_LIB_FLAGS) $(SRCS) \
		> $(ANALYZE_DIR)/cppcheck.log 2>&1 || true
	@$(CPPCHECK) $(CPPCHECK_FLAGS) $(CPPCHECK_TOOL_FLAGS) $(ANALYZE_TOOL_SRCS) \
		>> $(ANALYZE_DIR)/cppcheck.log 2>&1 || true

analyze-clang-tidy: $(TIDY_RESULTS) $(TOOL_TIDY_RESULTS)

# Findings are counted once each (a header's finding is reported by every
# file that includes it). The tool's settings must be readable first.
analyze:
	@CPPCHECK='$(CPPCHECK)' CLANG_TIDY='$(CLANG_TIDY)' sh tests/quality/deps.sh cppcheck clang-tidy
	@if [ -z "$(call tool_tidy_setting,Checks)" ] || \
		[ -z "$(call tool_tidy_setting,HeaderFilterRegex)" ]; then \
		echo "analyze: $(CLANG_TIDY_TOOL_CONFIG) has no one-line Checks and HeaderFilterRegex"; \
		exit 1; fi
	@$(MAKE) --no-print-directory $(PRESETS_INC)
	@mkdir -p $(BUILD)/tests
	@rm -f $(ANALYZE_DIR)/cppcheck.log $(TIDY_RESULTS) $(TOOL_TIDY_RESULTS)
	@$(MAKE) --no-print-directory -k -j$(ANALYZE_JOBS) analyze-cppcheck analyze-clang-tidy; \
	grep -E '^[^ ]+:[0-9]+:[0-9]+: [a-z]+: ' $(ANALYZE_DIR)/cppcheck.log 2>/dev/null | \
		sort -u > $(ANALYZE_DIR)/cppcheck.findings; \
	cat $(TIDY_RESULTS) $(TOOL_TIDY_RESULTS) 2>/dev/null | \
		grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error): ' | \
		sort -u > $(ANALYZE_DIR)/clang-tidy.findings; \
	cppcheck=$$(wc -l < $(ANALYZE_DIR)/cppcheck.findings | tr -d ' '); \
	tidy=$$(wc -l < $(ANALYZE_DIR)/clang-tidy.findings | tr -d ' '); \
	status=0; \
	if [ -s $(ANALYZE_DIR)/cppcheck.log ] && [ $$cppcheck -eq 0 ]; then \
		echo "cppcheck wrote something that is not a finding:"; \
		cat $(ANALYZE_DIR)/cppcheck.log; status=1; fi; \
	for tool in cppcheck clang-tidy; do \
		if [ -s $(ANALYZE_DIR)/$$tool.findings ]; then \
			echo "---- $$tool"; cat $(ANALYZE_DIR)/$$tool.findings; status=1; fi; \
	done; \
	line="analyze: $$((cppcheck + tidy)) findings"; \
	line="$$line (cppcheck $$cppcheck, clang-tidy $$tidy; $(words $(SRCS)) library and"; \
	line="$$line $(words $(ANALYZE_TOOL_SRCS)) tool files)"; \
	echo "$$line"; echo "$$line" > $(BUILD)/tests/analyze.summary; \
	exit $$status
