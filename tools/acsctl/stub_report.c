/* placeholder until sim_report.c exists; delete it then */
#include "sim.h"
int sim_report_table(FILE *out, const sim_scenario *s, const sim_result *r) { (void)out; (void)s; (void)r; return -1; }
int sim_report_csv(FILE *out, const sim_scenario *s, const sim_result *r) { (void)out; (void)s; (void)r; return -1; }
