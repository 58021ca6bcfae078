# Makefile for libacctstate. GNU make; nothing else but a C compiler, ar and
# a shell is needed to build the library and the demo. The tests also need
# pkg-config, cmocka, Check and OpenSSL's libcrypto (tests/deps.sh checks
# for them).
#
#   make                 build/libacctstate.a and the shared library
#   make demo            build and run examples/demo.c (static link)
#   make check           unit (cmocka), scenario (Check) and install tests
#   make sanitize-check  the same suites with ASan and UBSan, in build-san/
#   make symbols-check   the library calls nothing outside a short list
#   make cxx-check       a C++ program can include the header and link
#   make static-check    a static program built with -fstack-protector-all runs
#   make fuzz            build the libFuzzer harnesses (clang), in build-fuzz/
#   make fuzz-run        run each harness FUZZ_SECONDS (default 60) seconds,
#                        FUZZ_JOBS (default 2) at a time
#   make docs            draw docs/policies/*.policy with Graphviz (docs/docs.mk)
#   make exports-check   the header's functions = src/acctstate.map = exports
#   make abi-check       the ABI against tests/abi/libacctstate.abi (abidiff)
#   make abi-baseline    release step: rewrite that baseline
#   make acsctl          build/acsctl, the command-line tool (tools/acsctl/)
#   make check-tool      the tool's tests (part of make check)
#   make install         PREFIX, DESTDIR, bindir, libdir, includedir, pkgconfigdir
#   make uninstall       remove exactly what install put there
#   make clean           remove build/ and every build-*/ directory
#
# Variables: CC, CFLAGS, WERROR (CI: WERROR=-Werror), SHA256=portable (no
# SHA-NI block function), HOST_CC (compiles the preset generator, which runs
# on the build machine), EXTRA_CFLAGS and
# EXTRA_LDFLAGS (added to every compile and link), BUILD (output directory),
# FUZZ_CC and FUZZ_SECONDS (make fuzz, make fuzz-run).

.SUFFIXES:
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

# ---------------------------------------------------------------------------
# Version, read from the public header.

HEADER := include/acctstate.h
header_define = $(shell awk '$$2 == "$(1)" { print $$3; exit }' $(HEADER))
MAJOR := $(call header_define,ACS_VERSION_MAJOR)
MINOR := $(call header_define,ACS_VERSION_MINOR)
PATCH := $(call header_define,ACS_VERSION_PATCH)
ifeq ($(MAJOR)$(MINOR)$(PATCH),)
$(error cannot read ACS_VERSION_MAJOR/MINOR/PATCH from $(HEADER))
endif
VERSION := $(MAJOR).$(MINOR).$(PATCH)

# ---------------------------------------------------------------------------
# Tools and flags.

CC ?= cc
CXX ?= c++
AR ?= ar
PKG_CONFIG ?= pkg-config

WARNINGS = -Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes -Wpedantic
CFLAGS ?= -std=c11 -O2 -g $(WARNINGS)
CXXFLAGS ?= -std=c++11 -O2 -g -Wall -Wextra -Wpedantic
WERROR ?=
EXTRA_CFLAGS ?=
EXTRA_LDFLAGS ?=

# SHA256=portable builds without the SHA-NI block function, to test the
# portable one on a processor that has SHA-NI.
SHA256 ?=
SHA256_FLAGS = $(if $(filter portable,$(SHA256)),-DACS_SHA256_PORTABLE)
ALL_CFLAGS = $(strip $(CFLAGS) $(WERROR) $(SHA256_FLAGS) $(EXTRA_CFLAGS))
ALL_LDFLAGS = $(strip $(LDFLAGS) $(EXTRA_LDFLAGS))
# Library objects: position independent, only ACS_API symbols exported.
LIB_CFLAGS = -fPIC -fvisibility=hidden -DACS_BUILDING -Iinclude -Isrc
DEP_FLAGS = -MMD -MP

# Test frameworks, asked only when a test is built (the library and the demo
# never run pkg-config).
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check)
LIBCRYPTO_CFLAGS = $(shell $(PKG_CONFIG) --cflags libcrypto)
LIBCRYPTO_LIBS = $(shell $(PKG_CONFIG) --libs libcrypto)

# ---------------------------------------------------------------------------
# Install locations.

PREFIX ?= /usr/local
prefix ?= $(PREFIX)
bindir ?= $(prefix)/bin
libdir ?= $(prefix)/lib
includedir ?= $(prefix)/include
pkgconfigdir ?= $(libdir)/pkgconfig
DESTDIR ?=
INSTALL ?= install

# ---------------------------------------------------------------------------
# Outputs. BUILD keeps builds with different flags apart (build-san/,
# build-fuzz/).

BUILD ?= build
SAN_BUILD ?= build-san
FUZZ_BUILD ?= build-fuzz

SRCS := $(wildcard src/*.c)
OBJS := $(SRCS:src/%.c=$(BUILD)/obj/%.o)

SONAME := libacctstate.so.$(MAJOR)
STATIC := $(BUILD)/libacctstate.a
SHARED := $(BUILD)/libacctstate.so.$(VERSION)
SHARED_LINKS := $(BUILD)/$(SONAME) $(BUILD)/libacctstate.so

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_OBJS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/unit/%.o)
UNIT_BINS := $(UNIT_OBJS:.o=)

SCENARIO_SRCS := $(wildcard tests/scenario/*.c)
SCENARIO_OBJS := $(SCENARIO_SRCS:tests/scenario/%.c=$(BUILD)/tests/scenario/%.o)
SCENARIO_BIN := $(BUILD)/tests/scenario/scenario

DEMO := $(BUILD)/demo
CXX_BIN := $(BUILD)/cxx/header

# The install test needs a normal build; the sanitizer pass turns it off.
INSTALL_TEST ?= yes
SUITES = unit scenario install

.PHONY: all demo check check-deps check-unit check-scenario check-install \
        sanitize-check symbols-check cxx-check fuzz fuzz-deps fuzz-run install \
        uninstall clean test FORCE

all: $(STATIC) $(SHARED) $(SHARED_LINKS)

# ---------------------------------------------------------------------------
# Stamps: small files rewritten (so their time moves) only when their text
# changes. $(BUILD)/flags makes every object depend on the compiler and its
# flags, so `make CC=clang` after a gcc build never mixes objects; the
# object lists make a link run again when a source file is added or removed.

$(BUILD)/flags: STAMP_TEXT = $(CC) $(ALL_CFLAGS) | $(ALL_LDFLAGS)
$(BUILD)/lib-objects: STAMP_TEXT = $(OBJS)
$(BUILD)/tests/scenario/objects: STAMP_TEXT = $(SCENARIO_OBJS)

$(FUZZ_BUILD)/flags: STAMP_TEXT = $(FUZZ_CC) $(FUZZ_CFLAGS)

$(BUILD)/flags $(BUILD)/lib-objects $(BUILD)/tests/scenario/objects $(FUZZ_BUILD)/flags: FORCE
	@mkdir -p $(@D)
	@echo '$(STAMP_TEXT)' | cmp -s - $@ || echo '$(STAMP_TEXT)' > $@

# ---------------------------------------------------------------------------
# The library.

$(OBJS): $(BUILD)/obj/%.o: src/%.c $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LIB_CFLAGS) $(DEP_FLAGS) -c $< -o $@

# Start from an empty archive so that objects of deleted sources go too.
$(STATIC): $(OBJS) $(BUILD)/lib-objects
	@mkdir -p $(@D)
	@rm -f $@
	$(AR) rcs $@ $(OBJS)

$(SHARED): $(OBJS) $(BUILD)/lib-objects src/acctstate.map
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -shared -Wl,-soname,$(SONAME) \
		-Wl,--version-script=src/acctstate.map $(ALL_LDFLAGS) -o $@ $(OBJS)

# libacctstate.so -> libacctstate.so.MAJOR -> libacctstate.so.MAJOR.MINOR.PATCH
$(BUILD)/$(SONAME): $(SHARED)
	ln -sf $(notdir $(SHARED)) $@

$(BUILD)/libacctstate.so: $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $@

# ---------------------------------------------------------------------------
# The built-in presets are generated from their text in docs/policies/ by
# src/gen/presets_gen.c, a program linked with every library object except
# presets.o (whose input it writes), so the documented presets and the
# library's cannot drift apart.

# The generator runs on the build machine, so it is compiled from the
# sources with HOST_CC (the build machine's compiler; CC by default), apart
# from the library objects, which may be for another machine.
HOST_CC ?= $(CC)
HOST_CFLAGS ?= -std=c11 -O1
PRESET_NAMES := default consumer discretionary
PRESET_FILES := $(PRESET_NAMES:%=docs/policies/%.policy)
PRESETS_GEN := $(BUILD)/gen/presets_gen
PRESETS_INC := $(BUILD)/gen/presets.inc
GEN_SRCS := $(filter-out src/presets.c,$(SRCS))

$(PRESETS_GEN): src/gen/presets_gen.c $(GEN_SRCS) $(wildcard src/*.h) $(HEADER) $(BUILD)/flags
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -DACS_SHA256_PORTABLE -Iinclude -Isrc -o $@ $< $(GEN_SRCS)

$(PRESETS_INC): $(PRESETS_GEN) $(PRESET_FILES)
	$(PRESETS_GEN) $@ $(foreach name,$(PRESET_NAMES),$(name)=docs/policies/$(name).policy)

$(BUILD)/obj/presets.o: $(PRESETS_INC)
$(BUILD)/obj/presets.o: LIB_CFLAGS += -I$(BUILD)/gen

# ---------------------------------------------------------------------------
# The demo: public header only, static link, no test framework.

$(DEMO): examples/demo.c $(STATIC) $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iinclude $(DEP_FLAGS) -MF $@.d -MT $@ \
		$(ALL_LDFLAGS) -o $@ $< $(STATIC)

demo: $(DEMO)
	$(DEMO)

# ---------------------------------------------------------------------------
# Test programs. Unit tests: one cmocka program per tests/unit/test_*.c,
# allowed to include src/internal.h; one named test_*_openssl.c also
# compiles and links with OpenSSL's libcrypto, to compare against it.
# Scenario tests: every tests/scenario/*.c linked into one Check program
# (exactly one of them defines main).

UNIT_OPENSSL_BINS := $(filter %_openssl,$(UNIT_BINS))
$(UNIT_OPENSSL_BINS:=.o): UNIT_CFLAGS = $(LIBCRYPTO_CFLAGS)
$(UNIT_OPENSSL_BINS): UNIT_LIBS = $(LIBCRYPTO_LIBS)

$(UNIT_OBJS): $(BUILD)/tests/unit/%.o: tests/unit/%.c $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iinclude -Isrc $(CMOCKA_CFLAGS) $(UNIT_CFLAGS) $(DEP_FLAGS) -c $< -o $@

$(UNIT_BINS): %: %.o $(STATIC)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(STATIC) $(CMOCKA_LIBS) $(UNIT_LIBS)

$(SCENARIO_OBJS): $(BUILD)/tests/scenario/%.o: tests/scenario/%.c $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iinclude $(CHECK_CFLAGS) $(DEP_FLAGS) -c $< -o $@

$(SCENARIO_BIN): $(SCENARIO_OBJS) $(STATIC) $(BUILD)/tests/scenario/objects
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(SCENARIO_OBJS) $(STATIC) $(CHECK_LIBS)

# ---------------------------------------------------------------------------
# make check: every suite runs even when an earlier one failed; each writes
# one summary line to $(BUILD)/tests/<suite>.summary, printed again at the end.

check: check-deps
	@rm -f $(SUITES:%=$(BUILD)/tests/%.summary)
	@status=0; \
	for suite in $(SUITES); do \
		$(MAKE) --no-print-directory check-$$suite || status=1; \
	done; \
	echo; echo "==== test summary ($(BUILD)) ===="; \
	for suite in $(SUITES); do \
		cat $(BUILD)/tests/$$suite.summary 2>/dev/null || \
			{ echo "$$suite: FAILED before running (see above)"; status=1; }; \
	done; \
	exit $$status

test: check

check-deps:
	@PKG_CONFIG='$(PKG_CONFIG)' sh tests/deps.sh

# Each program runs on its own; the first numbers count programs, the
# tests in brackets are read from cmocka's "[  PASSED  ] N test(s)." and
# "[  FAILED  ] N test(s)" lines.
check-unit: $(UNIT_BINS)
	@mkdir -p $(BUILD)/tests
	@pass=0; fail=0; \
	for t in $(UNIT_BINS); do \
		echo "---- $$t"; \
		if $$t > $$t.log 2>&1; then cat $$t.log; pass=$$((pass + 1)); \
		else rc=$$?; cat $$t.log; echo "FAILED: $$t (exit status $$rc)"; \
			fail=$$((fail + 1)); fi; \
	done; \
	tests=$$(cat /dev/null $(UNIT_BINS:=.log) | awk ' \
		/^\[  PASSED  \] [0-9]+ test/ { p += $$4 } \
		/^\[  FAILED  \] [0-9]+ test/ { f += $$4 } \
		END { printf "%d tests passed, %d failed", p, f }'); \
	line="unit: $$pass passed, $$fail failed (programs; $$tests)"; \
	if [ -z "$(UNIT_BINS)" ]; then line="unit: 0 passed, 0 failed (no tests/unit/test_*.c)"; fi; \
	echo "$$line"; echo "$$line" > $(BUILD)/tests/unit.summary; \
	[ $$fail -eq 0 ]

# Counts come from Check's "N%: Checks: C, Failures: F, Errors: E" line; a
# program that fails without that line counts as one failure.
ifeq ($(SCENARIO_SRCS),)
check-scenario:
	@mkdir -p $(BUILD)/tests
	@echo "scenario: 0 passed, 0 failed (no tests/scenario/*.c)" | \
		tee $(BUILD)/tests/scenario.summary
else
check-scenario: $(SCENARIO_BIN)
	@mkdir -p $(BUILD)/tests
	@echo "---- $(SCENARIO_BIN)"; \
	if $(SCENARIO_BIN) > $(SCENARIO_BIN).log 2>&1; then rc=0; else rc=$$?; fi; \
	cat $(SCENARIO_BIN).log; \
	set -- $$(sed -n 's/.*Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p' \
		$(SCENARIO_BIN).log | tail -n 1); \
	if [ $$# -eq 3 ]; then pass=$$(($$1 - $$2 - $$3)); fail=$$(($$2 + $$3)); \
	else pass=0; fail=0; fi; \
	if [ $$rc -ne 0 ] && [ $$fail -eq 0 ]; then fail=1; fi; \
	line="scenario: $$pass passed, $$fail failed"; \
	if [ $$rc -ne 0 ]; then line="$$line (exit status $$rc)"; fi; \
	echo "$$line"; echo "$$line" > $(BUILD)/tests/scenario.summary; \
	[ $$rc -eq 0 ] && [ $$fail -eq 0 ]
endif

# Installs into a temporary DESTDIR and builds a program against it; see
# tests/install/run.sh. Its last line is the summary.
ifeq ($(INSTALL_TEST),yes)
check-install: all
	@mkdir -p $(BUILD)/tests
	@echo "---- tests/install/run.sh"; \
	if MAKE='$(MAKE)' BUILD='$(BUILD)' PROG_CC='$(CC)' \
		PROG_CFLAGS='$(ALL_CFLAGS)' PKG_CONFIG='$(PKG_CONFIG)' \
		sh tests/install/run.sh > $(BUILD)/tests/install.log 2>&1; \
	then rc=0; else rc=$$?; fi; \
	cat $(BUILD)/tests/install.log; \
	line=$$(grep '^install: ' $(BUILD)/tests/install.log | tail -n 1); \
	[ -n "$$line" ] || line="install: 0 passed, 1 failed (exit status $$rc)"; \
	echo "$$line" > $(BUILD)/tests/install.summary; \
	[ $$rc -eq 0 ]
else
check-install:
	@mkdir -p $(BUILD)/tests
	@echo "install: skipped (INSTALL_TEST=$(INSTALL_TEST))" | \
		tee $(BUILD)/tests/install.summary
endif

# ---------------------------------------------------------------------------
# The same suites with AddressSanitizer and UndefinedBehaviorSanitizer, in
# their own directory. Check forks each test; Check's timeouts are
# stretched because sanitized code runs slower.

SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

sanitize-check:
	@ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:$${ASAN_OPTIONS:-}" \
	UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:$${UBSAN_OPTIONS:-}" \
	CK_TIMEOUT_MULTIPLIER=$${CK_TIMEOUT_MULTIPLIER:-4} \
	$(MAKE) --no-print-directory check BUILD=$(SAN_BUILD) INSTALL_TEST=no \
		EXTRA_CFLAGS="$(strip $(EXTRA_CFLAGS) $(SANITIZE))" \
		EXTRA_LDFLAGS="$(strip $(EXTRA_LDFLAGS) $(SANITIZE))"

# ---------------------------------------------------------------------------
# The library may call only these outside itself: the mem* functions,
# strlen, and what the compiler emits (stack protector, assert, GOT,
# fortified mem*, sanitizer runtimes). The shared library exports acs_*
# names only.

ALLOWED_UNDEFINED = memcpy|memmove|memset|memcmp|strlen|__stack_chk_fail|__assert_fail|_GLOBAL_OFFSET_TABLE_|__memcpy_chk|__memmove_chk|__memset_chk|__ubsan_.*|__asan_.*|__sanitizer_.*

symbols-check: all
	@nm -u $(STATIC) | awk 'NF == 2 { print $$2 }' | sort -u > $(BUILD)/symbols.undefined
	@nm --defined-only $(STATIC) | awk 'NF == 3 { print $$3 }' | sort -u > $(BUILD)/symbols.defined
	@comm -23 $(BUILD)/symbols.undefined $(BUILD)/symbols.defined | \
		grep -Ev '^($(ALLOWED_UNDEFINED))$$' > $(BUILD)/symbols.bad || true
	@nm -D --defined-only $(SHARED) | awk 'NF == 3 { sub(/@.*/, "", $$3); print $$3 }' | \
		grep -Ev '^(acs_[a-z0-9][a-z0-9_]*|ACS_[0-9]+\.[0-9]+|_init|_fini)$$' > $(BUILD)/symbols.exported || true
	@status=0; \
	if [ -s $(BUILD)/symbols.bad ]; then status=1; \
		echo "symbols: $(STATIC) calls outside the allowed list:"; \
		sed 's/^/  /' $(BUILD)/symbols.bad; fi; \
	if [ -s $(BUILD)/symbols.exported ]; then status=1; \
		echo "symbols: $(SHARED) exports names other than acs_*:"; \
		sed 's/^/  /' $(BUILD)/symbols.exported; fi; \
	if [ $$status -eq 0 ]; then \
		echo "symbols: ok ($$(wc -l < $(BUILD)/symbols.undefined | tr -d ' ') undefined names checked)"; fi; \
	exit $$status

# ---------------------------------------------------------------------------
# A C++ program includes the header and links the C library. Always rebuilt:
# it is one small file, and CXX and CXXFLAGS are not in $(BUILD)/flags.

$(CXX_BIN): tests/cxx/header.cpp $(STATIC) FORCE
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) $(WERROR) $(EXTRA_CFLAGS) -Iinclude $(ALL_LDFLAGS) \
		-o $@ $< $(STATIC)

cxx-check: $(CXX_BIN)
	$(CXX_BIN)

# ---------------------------------------------------------------------------
# Fuzzing with libFuzzer. One program per tests/fuzz/fuzz_*.c, compiled with
# clang together with every source file of src/ (so that the sanitizers and
# the fuzzer's coverage see the whole library), in a directory of its own.
# A harness NAME may add sources and flags in FUZZ_EXTRA_NAME and
# FUZZ_EXTRA_FLAGS_NAME (the simulator's, in tools/acsctl/acsctl.mk).
# tests/fuzz-deps.sh checks first that clang can link such a program, and
# installs clang's runtime if not. fuzz-run runs each harness for
# FUZZ_SECONDS on a copy of its seed corpus, tests/fuzz/corpus/<name without
# fuzz_>/, in $(FUZZ_BUILD)/corpus/, so that the inputs it finds never land
# in the repository; an input that crashes is kept in
# $(FUZZ_BUILD)/artifacts/<name>/. Any crash, sanitizer report or breach of
# a harness's checks fails the run.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS = -std=c11 -g -O1 $(WARNINGS) $(WERROR) \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES := $(FUZZ_SRCS:tests/fuzz/fuzz_%.c=%)
FUZZ_BINS := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)

fuzz-deps:
	@CC='$(FUZZ_CC)' sh tests/fuzz-deps.sh

$(FUZZ_BINS): $(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(SRCS) $(wildcard src/*.h) $(HEADER) \
		$(FUZZ_BUILD)/flags $(PRESETS_INC) | fuzz-deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_EXTRA_FLAGS_$*) -Iinclude -Isrc -I$(BUILD)/gen -DACS_BUILDING \
		-o $@ $< $(SRCS) $(FUZZ_EXTRA_$*)

fuzz: $(FUZZ_BINS)

# Each harness's output goes to $(FUZZ_BUILD)/fuzz_<name>.log; its last
# lines (libFuzzer's final statistics, or the report of what failed) are
# printed.
# Harnesses run FUZZ_JOBS (default 2) at a time, one per core.
FUZZ_JOBS ?= 2

fuzz-run: fuzz
	@rm -f $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%.result)
	@$(MAKE) --no-print-directory -k -j$(FUZZ_JOBS) $(FUZZ_NAMES:%=fuzz-run-%) || true
	@pass=0; fail=0; \
	for name in $(FUZZ_NAMES); do \
		if [ "$$(cat $(FUZZ_BUILD)/fuzz_$$name.result 2>/dev/null)" = pass ]; \
		then pass=$$((pass + 1)); else fail=$$((fail + 1)); fi; \
	done; \
	echo "fuzz: $$pass passed, $$fail failed (harnesses, $(FUZZ_SECONDS) s each)"; \
	[ $$fail -eq 0 ]

# One harness: its result ("pass" or "fail") goes to fuzz_<name>.result.
fuzz-run-%:
	@name=$*; bin=$(FUZZ_BUILD)/fuzz_$$name; corpus=$(FUZZ_BUILD)/corpus/$$name; \
	artifacts=$(FUZZ_BUILD)/artifacts/$$name; \
	rm -rf $$corpus $$artifacts; mkdir -p $$corpus $$artifacts; \
	if [ -d tests/fuzz/corpus/$$name ]; then cp -R tests/fuzz/corpus/$$name/. $$corpus/; \
	else echo "fuzz: no tests/fuzz/corpus/$$name: starting from nothing"; fi; \
	echo "---- $$bin: $(FUZZ_SECONDS) s from $$(ls $$corpus | wc -l) seeds"; \
	if $$bin -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 \
		-artifact_prefix=$$artifacts/ $$corpus > $$bin.log 2>&1; \
	then echo "---- $$bin passed:"; \
		grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' $$bin.log; \
		echo pass > $$bin.result; \
	else rc=$$?; tail -n 60 $$bin.log; \
		echo "FAILED: $$bin (exit status $$rc); input kept in $$artifacts/"; \
		echo fail > $$bin.result; fi

# ---------------------------------------------------------------------------
# Install and uninstall. The .pc file is generated at install time so that
# it names the directories of this install.

PC_FILE := $(BUILD)/acctstate.pc

install: all
	sed -e 's|@prefix@|$(prefix)|g' -e 's|@libdir@|$(libdir)|g' \
		-e 's|@includedir@|$(includedir)|g' -e 's|@version@|$(VERSION)|g' \
		pkgconfig/acctstate.pc.in > $(PC_FILE)
	$(INSTALL) -d $(DESTDIR)$(includedir) $(DESTDIR)$(libdir) $(DESTDIR)$(pkgconfigdir)
	$(INSTALL) -m 644 $(HEADER) $(DESTDIR)$(includedir)/acctstate.h
	$(INSTALL) -m 644 $(STATIC) $(DESTDIR)$(libdir)/libacctstate.a
	$(INSTALL) -m 755 $(SHARED) $(DESTDIR)$(libdir)/libacctstate.so.$(VERSION)
	ln -sf libacctstate.so.$(VERSION) $(DESTDIR)$(libdir)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(libdir)/libacctstate.so
	$(INSTALL) -m 644 $(PC_FILE) $(DESTDIR)$(pkgconfigdir)/acctstate.pc
	$(INSTALL) -d $(DESTDIR)$(bindir)
	$(INSTALL) -m 755 $(ACSCTL) $(DESTDIR)$(bindir)/acsctl

uninstall:
	rm -f $(DESTDIR)$(includedir)/acctstate.h
	rm -f $(DESTDIR)$(libdir)/libacctstate.a
	rm -f $(DESTDIR)$(libdir)/libacctstate.so.$(VERSION)
	rm -f $(DESTDIR)$(libdir)/$(SONAME)
	rm -f $(DESTDIR)$(libdir)/libacctstate.so
	rm -f $(DESTDIR)$(pkgconfigdir)/acctstate.pc
	rm -f $(DESTDIR)$(bindir)/acsctl

clean:
	rm -rf $(sort build $(wildcard build-*) $(SAN_BUILD) $(BUILD) $(FUZZ_BUILD))

FORCE:

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/tests/unit/*.d \
	$(BUILD)/tests/scenario/*.d $(DEMO).d)

# ---------------------------------------------------------------------------
# A static, stack-protected program links and runs (tests/install/static.sh).

static-check:
	sh tests/install/static.sh build-static $(CC)

.PHONY: static-check

# ---------------------------------------------------------------------------
# Documentation: `make docs` (rules in docs/docs.mk).

include docs/docs.mk

# ---------------------------------------------------------------------------
# Rules kept beside what they build: the reference-model property suite, the
# benchmark, the ABI checks, the static and dynamic analysis passes and the
# coverage report.

include tests/model/model.mk
include tests/bench/bench.mk
include tests/abi/abi.mk
include tests/quality/quality.mk
include tests/coverage/coverage.mk
include tools/acsctl/acsctl.mk
