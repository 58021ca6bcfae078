/*
** version.c: the library's version at run time, so that a program can check
** that the header it was compiled with matches the library it runs with.
*/
#include "internal.h"

unsigned acs_version_number(void)
{
    return ACS_VERSION_NUMBER;
}

const char *acs_version_string(void)
{
    return ACS_VERSION_STRING;
}
