/* placeholder until policy.c exists; delete it then */
#include "cli.h"
int cmd_lint(int argc, char **argv) { (void)argc; (void)argv; return cli_error("lint: not built"); }
int cmd_dot(int argc, char **argv) { (void)argc; (void)argv; return cli_error("dot: not built"); }
int cmd_fmt(int argc, char **argv) { (void)argc; (void)argv; return cli_error("fmt: not built"); }
