# bench.mk: `make bench`, the benchmark of docs/performance.md. Included by
# the Makefile; not part of `make check` or CI.
#
#   make bench                          time every operation (tests/bench/bench.c),
#                                       then count instructions under callgrind
#   make bench BENCH_ARGS='--reps 5'    options passed to the timed run (bench --help
#                                       lists them)
#   make bench-build                    build $(BUILD)/bench/bench only
#
# The program links the static library as built with CFLAGS (default -O2)
# and OpenSSL's libcrypto (pkg-config). It may include src/internal.h to
# report which SHA-256 block function the library chose. Where valgrind is
# installed, a second, smaller run under callgrind counts the instructions
# of each operation; its dumps stay in $(BUILD)/bench/callgrind/.

BENCH_DIR := $(BUILD)/bench
BENCH_BIN := $(BENCH_DIR)/bench
BENCH_SRCS := tests/bench/bench.c tests/bench/baseline.c
BENCH_CALLGRIND_DIR := $(BENCH_DIR)/callgrind
BENCH_ARGS ?=

.PHONY: bench bench-build

$(BENCH_BIN): $(BENCH_SRCS) tests/bench/baseline.h $(STATIC) $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iinclude -Isrc $(LIBCRYPTO_CFLAGS) \
		-DBENCH_CFLAGS='"$(ALL_CFLAGS)"' $(ALL_LDFLAGS) \
		-o $@ $(BENCH_SRCS) $(STATIC) $(LIBCRYPTO_LIBS)

bench-build: $(BENCH_BIN)

bench: $(BENCH_BIN)
	$(BENCH_BIN) $(BENCH_ARGS)
	@if command -v valgrind >/dev/null 2>&1; then \
		rm -rf $(BENCH_CALLGRIND_DIR); mkdir -p $(BENCH_CALLGRIND_DIR); \
		echo; echo "valgrind --tool=callgrind $(BENCH_BIN) --callgrind"; \
		if valgrind --tool=callgrind --collect-atstart=no \
			--callgrind-out-file=$(BENCH_CALLGRIND_DIR)/callgrind.out.%p \
			$(BENCH_BIN) --callgrind > $(BENCH_CALLGRIND_DIR)/run.log 2>&1; \
		then grep '^callgrind run:' $(BENCH_CALLGRIND_DIR)/run.log | head -n 1; \
			$(BENCH_BIN) --callgrind-report $(BENCH_CALLGRIND_DIR)/callgrind.out.*; \
		else cat $(BENCH_CALLGRIND_DIR)/run.log; \
			echo "bench: the callgrind run failed"; exit 1; fi; \
	else echo; echo "bench: valgrind not found: instruction counts skipped"; fi
