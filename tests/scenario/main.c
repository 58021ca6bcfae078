/*
** main.c: runs every scenario suite, each test in its own process with a
** timeout, and exits non-zero when any test failed.
*/
#include <stdlib.h>

#include "suites.h"

int main(void)
{
    SRunner *sr = srunner_create(case_suite());
    srunner_add_suite(sr, boundaries_suite());
    srunner_add_suite(sr, window_pause_suite());
    srunner_add_suite(sr, outage_suite());
    srunner_add_suite(sr, business_days_suite());
    srunner_set_fork_status(sr, CK_FORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
