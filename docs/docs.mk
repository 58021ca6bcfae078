# make docs: placeholder until the diagram rules are written.
.PHONY: docs
docs:
	@echo "docs: nothing to render yet"
