# model.mk: the reference model and its property suite (tests/model/),
# included by the Makefile.
#
#   make check-property   build $(BUILD)/tests/model/property, run it, and
#                         write $(BUILD)/tests/property.summary
#
# The suite is one Check program: model.c (the reference model, which sees
# only the public header) and property.c (the streams and the comparisons),
# linked with the static library. `make check` runs it with the other
# suites. ACS_PROPERTY_EVENTS, ACS_PROPERTY_SEED and ACS_PROPERTY_ACCOUNT in
# the environment reach the program (see property.c).

PROPERTY_SRCS := tests/model/model.c tests/model/property.c
PROPERTY_OBJS := $(PROPERTY_SRCS:tests/model/%.c=$(BUILD)/tests/model/%.o)
PROPERTY_BIN := $(BUILD)/tests/model/property

# Sanitized code runs several times slower, so a sanitizer build (make
# sanitize-check passes -fsanitize in EXTRA_CFLAGS) runs fewer events unless
# ACS_PROPERTY_EVENTS says how many. Empty: the program's own default.
PROPERTY_EVENTS ?= $(if $(findstring -fsanitize,$(EXTRA_CFLAGS)),200000,)

SUITES += property

.PHONY: check-property

$(PROPERTY_OBJS): $(BUILD)/tests/model/%.o: tests/model/%.c $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iinclude $(CHECK_CFLAGS) $(DEP_FLAGS) -c $< -o $@

$(PROPERTY_BIN): $(PROPERTY_OBJS) $(STATIC)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(PROPERTY_OBJS) $(STATIC) $(CHECK_LIBS)

# The program prints its own summary line last ("property: N passed, N
# failed (E events per preset, seed S)"); a program that dies before it
# counts as one failure.
check-property: $(PROPERTY_BIN)
	@mkdir -p $(BUILD)/tests
	@echo "---- $(PROPERTY_BIN)"; \
	if $(if $(PROPERTY_EVENTS),ACS_PROPERTY_EVENTS="$${ACS_PROPERTY_EVENTS:-$(PROPERTY_EVENTS)}") \
		$(PROPERTY_BIN) > $(PROPERTY_BIN).log 2>&1; then rc=0; else rc=$$?; fi; \
	cat $(PROPERTY_BIN).log; \
	line=$$(grep '^property: [0-9]* passed, [0-9]* failed' $(PROPERTY_BIN).log | tail -n 1); \
	[ -n "$$line" ] || line="property: 0 passed, 1 failed (exit status $$rc)"; \
	echo "$$line" > $(BUILD)/tests/property.summary; \
	[ $$rc -eq 0 ]

-include $(wildcard $(BUILD)/tests/model/*.d)
