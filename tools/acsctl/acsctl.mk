# acsctl.mk: the command-line tool tools/acsctl/, built, installed and
# tested. Included by the Makefile, whose variables it uses.
#
#   $(BUILD)/acsctl     every tools/acsctl/*.c, linked with the static
#                       library (so it runs from the build tree), threads and
#                       the math library
#   make check-tool     tests/tool/run.sh drives the built program with real
#                       files (part of make check)
#
# make install puts it in $(bindir) (the Makefile's install rule).

ACSCTL := $(BUILD)/acsctl
ACSCTL_SRCS := $(wildcard tools/acsctl/*.c)
ACSCTL_OBJS := $(ACSCTL_SRCS:tools/acsctl/%.c=$(BUILD)/tools/acsctl/%.o)
ACSCTL_LIBS := -lpthread -lm

$(BUILD)/tools/acsctl/objects: STAMP_TEXT = $(ACSCTL_OBJS)
$(BUILD)/tools/acsctl/objects: FORCE
	@mkdir -p $(@D)
	@echo '$(STAMP_TEXT)' | cmp -s - $@ || echo '$(STAMP_TEXT)' > $@

# POSIX for threads, isatty and clock_gettime; the public header only.
$(ACSCTL_OBJS): $(BUILD)/tools/acsctl/%.o: tools/acsctl/%.c $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -D_POSIX_C_SOURCE=200809L -pthread -Iinclude $(DEP_FLAGS) -c $< -o $@

$(ACSCTL): $(ACSCTL_OBJS) $(STATIC) $(BUILD)/tools/acsctl/objects
	$(CC) $(ALL_CFLAGS) -pthread $(ALL_LDFLAGS) -o $@ $(ACSCTL_OBJS) $(STATIC) $(ACSCTL_LIBS)

.PHONY: acsctl check-tool
acsctl: $(ACSCTL)
install: $(ACSCTL)
SUITES += tool

# The tool's tests: tests/tool/run.sh, whose last line is the summary.
check-tool: $(ACSCTL)
	@mkdir -p $(BUILD)/tests
	@echo "---- tests/tool/run.sh"; \
	if ACSCTL='$(ACSCTL)' BUILD='$(BUILD)' CC='$(CC)' CFLAGS='$(ALL_CFLAGS)' \
		STATIC='$(STATIC)' sh tests/tool/run.sh > $(BUILD)/tests/tool.log 2>&1; \
	then rc=0; else rc=$$?; fi; \
	cat $(BUILD)/tests/tool.log; \
	line=$$(grep '^tool: ' $(BUILD)/tests/tool.log | tail -n 1); \
	[ -n "$$line" ] || line="tool: 0 passed, 1 failed (exit status $$rc)"; \
	echo "$$line" > $(BUILD)/tests/tool.summary; \
	[ $$rc -eq 0 ]

# The fuzz harness of the scenario format and the engine
# (tests/fuzz/fuzz_scenario.c) is built with these files of the tool.
FUZZ_EXTRA_scenario := tools/acsctl/sim_scenario.c tools/acsctl/sim_plan.c \
	tools/acsctl/sim_life.c tools/acsctl/sim_engine.c tools/acsctl/cli.c -lm
FUZZ_EXTRA_FLAGS_scenario := -D_POSIX_C_SOURCE=200809L -pthread -Itools/acsctl
$(FUZZ_BUILD)/fuzz_scenario: $(filter %.c,$(FUZZ_EXTRA_scenario)) $(wildcard tools/acsctl/*.h)

-include $(wildcard $(BUILD)/tools/acsctl/*.d)

# The simulator's speed, reported by make bench: the default scenario
# (100,000 accounts over 365 days, the three presets) three times with
# every processor, the best run kept. The target is ten million
# account-days per second.
.PHONY: bench-simulate
bench-simulate: $(ACSCTL)
	@echo "acsctl simulate --timing (default scenario, three presets), best of 3:"
	@best=0; for run in 1 2 3; do \
		rate=$$($(ACSCTL) simulate --timing 2>&1 >/dev/null | \
			sed -n 's/.*: \([0-9.]*\) million account-days per second/\1/p'); \
		echo "  run $$run: $$rate million account-days per second"; \
		best=$$(echo "$$best $$rate" | awk '{ print ($$2 > $$1) ? $$2 : $$1 }'); \
	done; \
	echo "simulate: $$best million account-days per second (target: at least 10)"; \
	echo "$$best" | awk '{ exit ($$1 >= 10) ? 0 : 1 }'

# make bench (tests/bench/bench.mk) reports the simulator's speed first.
bench: bench-simulate
