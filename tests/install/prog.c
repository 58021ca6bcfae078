/*
** prog.c: a program built against an installed libacctstate through
** pkg-config (see run.sh). It opens an account under the default preset
** and checks that the library it runs with is the version of the header it
** was compiled with. Exits 0 on success.
*/
#include <acctstate.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    acs_policy policy;
    acs_account account;
    acs_record record;
    int rc;

    rc = acs_policy_preset(&policy, ACS_PRESET_DEFAULT);
    if (rc != ACS_OK) {
        fprintf(stderr, "prog: acs_policy_preset: %d\n", rc);
        return 1;
    }
    rc = acs_account_open(&account, 1, INT64_C(1700000000000), &policy, &record);
    if (rc != ACS_OK) {
        fprintf(stderr, "prog: acs_account_open: %d\n", rc);
        return 1;
    }

    printf("prog: libacctstate %s (header %s)\n", acs_version_string(),
           ACS_VERSION_STRING);
    if (acs_version_number() != ACS_VERSION_NUMBER) {
        fprintf(stderr, "prog: library version %u, header version %u\n",
                acs_version_number(), (unsigned)ACS_VERSION_NUMBER);
        return 1;
    }
    if (strcmp(acs_version_string(), ACS_VERSION_STRING) != 0) {
        fprintf(stderr, "prog: library version string differs from header\n");
        return 1;
    }
    return 0;
}
