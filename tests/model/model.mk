# model.mk: rules included by the Makefile (being written).
