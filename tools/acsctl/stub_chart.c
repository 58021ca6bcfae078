/* placeholder until sim_chart.c exists; delete it then */
#include "sim.h"
int sim_report_svg(FILE *out, const sim_scenario *s, const sim_result *r) { (void)out; (void)s; (void)r; return -1; }
