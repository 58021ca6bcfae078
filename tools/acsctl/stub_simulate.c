/* placeholder until simulate.c, sim_engine.c and sim_scenario.c exist; delete it then */
#include "cli.h"
int cmd_simulate(int argc, char **argv) { (void)argc; (void)argv; return cli_error("simulate: not built"); }
