# coverage.mk: `make coverage`, the test coverage of the library's sources.
# Included by the Makefile.
#
#   make coverage        build the library and the test suites with gcc's
#                        --coverage in build-cov/, run `make check` there,
#                        and measure src/ with gcovr: fails unless every
#                        line and at least 95% of the branches ran
#   make coverage-clean  remove build-cov/ only (make clean removes it too)
#
# Reports, written to $(COV_BUILD)/: coverage.txt (lines per file, with the
# numbers of the lines no test ran), coverage-branches.txt (the same for
# branches), coverage.json (gcovr's data) and coverage/index.html (every
# source file annotated). The line table and the summary are printed.
#
# Variables: COV_BUILD (build-cov), COV_CC (gcc: the counts are gcov's),
# GCOV, GCOVR, COV_LINE_MIN (100) and COV_BRANCH_MIN (95), in per cent,
# COV_PROPERTY_EVENTS (events per preset of the property suite).
#
# Choices, and why:
#   - Assertions: the library is measured with -DNDEBUG. Its assert()s
#     check its own invariants and never fail in a correct program, so each
#     one would add a branch that no test can take (the call to
#     __assert_fail), and branch coverage would count the assertions rather
#     than the code. gcovr's --exclude-unreachable-branches does not
#     help: it drops only branches on lines without code, not the failing
#     side of an assert. The assertions are exercised by every other build
#     (make check, sanitize-check, the fuzzers), which keep NDEBUG unset.
#   - -O0, so that each line's count is its own: optimisation merges and
#     moves code between lines and makes lines look unrun. ACS_COVERAGE
#     makes the functions acs_apply's paths force inline plain inline
#     (src/internal.h): at -O0 each is then one function, whose branches
#     count once, not once in each of the nine paths of acs_apply, where
#     the branches that only another kind takes would count as untaken.
#   - Only what the tests run counts: the counts of an earlier run, and any
#     written while building (the preset generator runs the library's
#     parser during the build), are removed after the build and before the
#     first test. The generator (src/gen/, a build tool compiled apart) is
#     not measured; neither are the tests themselves, nor the generated
#     build-cov/gen/presets.inc.
#   - SHA-256: src/sha256_shani.c chooses the SHA-NI block function or the
#     portable one once, at load time. tests/unit/test_sha256_paths.c calls
#     both directly, so on a processor with SHA-NI both count. On one
#     without it the SHA-NI function cannot run at all, so the build there
#     is made with SHA256=portable, in which the SHA-NI code is not
#     compiled and the portable dispatch is what is measured. The cpuid
#     tests that fail only on a processor without SHA-NI are branches (95%),
#     not lines.
#   - make check is run with INSTALL_TEST=no: the install test measures
#     nothing in src/ that the other suites do not, and costs a full build.
#     Every other suite in SUITES runs (the property suite too), each test
#     of Check in its own process: gcov's run time merges the counts of
#     every process into the same files. The property suite runs
#     COV_PROPERTY_EVENTS events per preset (100000), a tenth of its
#     default: code built with -O0 and counters runs several times slower,
#     and the unit and scenario suites alone reach every line (the property
#     suite's streams are random, so no line may depend on them).

COV_BUILD ?= build-cov
COV_CC ?= gcc
GCOV ?= gcov
GCOVR ?= gcovr
COV_LINE_MIN ?= 100
COV_BRANCH_MIN ?= 95
COV_PROPERTY_EVENTS ?= 100000

COV_CFLAGS = -O0 --coverage -DNDEBUG -DACS_COVERAGE
COV_LDFLAGS = --coverage
# SHA256=portable unless the processor has SHA-NI (or the caller chose).
COV_SHA256 = $(or $(SHA256),$(if $(shell grep -qw sha_ni /proc/cpuinfo 2>/dev/null && echo yes),,portable))

# The acsctl suite is left out: the tool's threads would update the
# library's counters at once (gcov's counters are not atomic), and what
# coverage measures is the library's own tests.
COV_MAKE = $(MAKE) --no-print-directory BUILD=$(COV_BUILD) CC=$(COV_CC) \
	SHA256=$(COV_SHA256) INSTALL_TEST=no PROPERTY_EVENTS=$(COV_PROPERTY_EVENTS) \
	SUITES='$(filter-out tool,$(SUITES))' \
	EXTRA_CFLAGS="$(strip $(EXTRA_CFLAGS) $(COV_CFLAGS))" \
	EXTRA_LDFLAGS="$(strip $(EXTRA_LDFLAGS) $(COV_LDFLAGS))"

# Only the library's sources: not the tests, not the generator, not what
# the build generates. Paths are relative to the root (this directory).
COV_GCOVR_FILTERS = --root . --filter 'src/' --exclude 'src/gen/' \
	--exclude 'tests/' --exclude '$(COV_BUILD)/'

.PHONY: coverage coverage-deps coverage-programs coverage-clean

coverage-deps:
	@GCOVR='$(GCOVR)' GCOV='$(GCOV)' CC='$(COV_CC)' sh tests/coverage/deps.sh

# Run by the recursive make below, in $(COV_BUILD): the library (and with
# it the preset generator) and the unit and scenario programs, so that the
# counts of the build can be removed before any test runs.
coverage-programs: all $(UNIT_BINS) $(if $(SCENARIO_SRCS),$(SCENARIO_BIN))

coverage: coverage-deps
	@start=$$(date +%s); \
	find $(COV_BUILD) -name '*.gcda' -delete 2>/dev/null; \
	rm -f $(COV_BUILD)/coverage.txt $(COV_BUILD)/coverage-branches.txt \
		$(COV_BUILD)/coverage.json; \
	rm -rf $(COV_BUILD)/coverage; \
	echo "coverage: building in $(COV_BUILD) (sha256: $(or $(COV_SHA256),SHA-NI and portable))"; \
	$(COV_MAKE) coverage-programs || exit 1; \
	find $(COV_BUILD) -name '*.gcda' -delete; \
	CK_TIMEOUT_MULTIPLIER=$${CK_TIMEOUT_MULTIPLIER:-2} $(COV_MAKE) check; \
	tests=$$?; \
	mkdir -p $(COV_BUILD)/coverage; \
	$(GCOVR) $(COV_GCOVR_FILTERS) --gcov-executable '$(GCOV)' \
		--json $(COV_BUILD)/coverage.json $(COV_BUILD)/obj || exit 1; \
	$(GCOVR) --add-tracefile $(COV_BUILD)/coverage.json $(COV_GCOVR_FILTERS) \
		--txt $(COV_BUILD)/coverage.txt \
		--html-details $(COV_BUILD)/coverage/index.html \
		--html-title 'libacctstate coverage' || exit 1; \
	$(GCOVR) --add-tracefile $(COV_BUILD)/coverage.json $(COV_GCOVR_FILTERS) \
		--branches --txt $(COV_BUILD)/coverage-branches.txt || exit 1; \
	echo; echo "==== coverage of src/ ($(COV_BUILD)) ===="; \
	cat $(COV_BUILD)/coverage.txt; \
	$(GCOVR) --add-tracefile $(COV_BUILD)/coverage.json $(COV_GCOVR_FILTERS) \
		--print-summary --txt /dev/null \
		--fail-under-line $(COV_LINE_MIN) --fail-under-branch $(COV_BRANCH_MIN); \
	measured=$$?; \
	echo "coverage: reports in $(COV_BUILD)/coverage.txt, $(COV_BUILD)/coverage-branches.txt, $(COV_BUILD)/coverage/index.html ($$(($$(date +%s) - start)) s)"; \
	status=0; \
	if [ $$tests -ne 0 ]; then echo "coverage: FAILED: a test failed (see above)"; status=1; fi; \
	if [ $$measured -ne 0 ]; then \
		echo "coverage: FAILED: below $(COV_LINE_MIN)% of lines or $(COV_BRANCH_MIN)% of branches"; \
		status=1; \
	else echo "coverage: ok (at least $(COV_LINE_MIN)% of lines, $(COV_BRANCH_MIN)% of branches)"; fi; \
	exit $$status

coverage-clean:
	rm -rf $(COV_BUILD)
