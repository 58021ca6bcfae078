# abi.mk: the stable ABI of the shared library; included by the Makefile.
#
#   make exports-check  the functions the header declares ACS_API, the global
#                       names of src/acctstate.map and the library's dynamic
#                       symbols are one set, each symbol in its version node
#                       (make check runs it as the suite "abi")
#   make abi-check      compares the library's ABI with the baseline of the
#                       last release, tests/abi/libacctstate.abi, with
#                       libabigail's abidiff; fails on an incompatible change
#                       unless ACS_VERSION_MAJOR moved (tests/abi/compare.sh)
#   make abi-baseline   writes the baseline from the current tree: a step of
#                       every release, after its version is set in the header
#
# src/acctstate.map, the linker version script, is append-only: see its
# opening comment. abi-check and abi-baseline build the library in
# $(ABI_BUILD) with fixed flags that keep the debug information abidw reads,
# whatever CFLAGS the main build uses, and install libabigail's tools
# through tests/abi/deps.sh when they are missing.

ABI_MAP := src/acctstate.map
ABI_BASELINE := tests/abi/libacctstate.abi
ABI_BASELINE_VERSION := tests/abi/baseline-version
ABI_BUILD = $(BUILD)/abi
ABI_SHARED = $(ABI_BUILD)/libacctstate.so.$(VERSION)
ABI_CFLAGS = -std=c11 -O2 -g

SUITES += abi

.PHONY: exports-check check-abi abi-deps abi-library abi-check abi-baseline

exports-check: $(SHARED)
	@sh tests/abi/exports.sh $(HEADER) $(ABI_MAP) $(SHARED)

# The suite of make check: its last line is the summary.
check-abi: $(SHARED)
	@mkdir -p $(BUILD)/tests
	@echo "---- tests/abi/exports.sh"; \
	if sh tests/abi/exports.sh $(HEADER) $(ABI_MAP) $(SHARED) \
		> $(BUILD)/tests/abi.log 2>&1; then rc=0; else rc=$$?; fi; \
	cat $(BUILD)/tests/abi.log; \
	line=$$(grep '^abi: ' $(BUILD)/tests/abi.log | tail -n 1); \
	[ -n "$$line" ] || line="abi: 0 passed, 1 failed (exit status $$rc)"; \
	echo "$$line" > $(BUILD)/tests/abi.summary; \
	[ $$rc -eq 0 ]

abi-deps:
	@sh tests/abi/deps.sh

# The library as the baseline is made from: the default compiler flags with
# debug information and nothing added (no sanitizer, no SHA256 variant).
abi-library:
	@$(MAKE) --no-print-directory BUILD=$(ABI_BUILD) CFLAGS='$(ABI_CFLAGS)' \
		WERROR= SHA256= EXTRA_CFLAGS= EXTRA_LDFLAGS= LDFLAGS= $(ABI_SHARED)

abi-check: abi-deps abi-library
	@sh tests/abi/exports.sh $(HEADER) $(ABI_MAP) $(ABI_SHARED)
	@sh tests/abi/compare.sh $(ABI_BASELINE) $(ABI_BASELINE_VERSION) $(ABI_SHARED) \
		include $(VERSION) $(ABI_BUILD)

# Release step: set the version in the header, then make abi-baseline and
# commit tests/abi/libacctstate.abi and tests/abi/baseline-version with it.
abi-baseline: abi-deps abi-library
	@sh tests/abi/exports.sh $(HEADER) $(ABI_MAP) $(ABI_SHARED)
	abidw --headers-dir include --drop-private-types --no-comp-dir-path \
		--no-corpus-path --out-file $(ABI_BASELINE) $(ABI_SHARED)
	echo $(VERSION) > $(ABI_BASELINE_VERSION)
	@echo "abi-baseline: $(ABI_BASELINE) is the ABI of $(VERSION)"
