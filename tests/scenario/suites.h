/*
** suites.h: the Check suites of the scenario program.
**
** Every C file of tests/scenario is linked into one program; main.c builds
** one SRunner from the suites declared here and runs each test in its own
** process, with a timeout.
*/
#ifndef SCENARIO_SUITES_H
#define SCENARIO_SUITES_H

#include <check.h>

Suite *case_suite(void);
Suite *boundaries_suite(void);
Suite *window_pause_suite(void);
Suite *outage_suite(void);
Suite *business_days_suite(void);

#endif /* SCENARIO_SUITES_H */
