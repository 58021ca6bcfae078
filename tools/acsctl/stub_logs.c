/* placeholder until logs.c exists; delete it then */
#include "cli.h"
int cmd_verify(int argc, char **argv) { (void)argc; (void)argv; return cli_error("verify: not built"); }
int cmd_replay(int argc, char **argv) { (void)argc; (void)argv; return cli_error("replay: not built"); }
int cmd_show(int argc, char **argv) { (void)argc; (void)argv; return cli_error("show: not built"); }
