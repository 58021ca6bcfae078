// header.cpp: proves that a C++ program can include acctstate.h and link
// against the C library (the header's extern "C" block, its types and its
// macros must all work as C++). Built and run by `make cxx-check`.
#include "acctstate.h"

#include <cstdint>
#include <cstdio>
#include <cstring>

static_assert(sizeof(acs_account) == ACS_ACCOUNT_SIZE, "account size in C++");
static_assert(sizeof(acs_record) == 208, "record size in C++ equals C's");

int main()
{
    const unsigned number = acs_version_number();
    const char *text = acs_version_string();
    if (number != static_cast<unsigned>(ACS_VERSION_NUMBER) ||
        std::strcmp(text, ACS_VERSION_STRING) != 0) {
        std::fprintf(stderr, "cxx: header %s, library %s\n",
                     ACS_VERSION_STRING, text);
        return 1;
    }
    // The period and calendar types of 0.2.0, value-initialised as C++
    // does: one business day of an all-zero calendar (no weekend, UTC) from
    // Thursday 1970-01-01 00:00 is Friday, which ends at 1970-01-03 00:00.
    acs_calendar calendar{};
    const acs_period period{1, ACS_UNIT_BUSINESS_DAYS};
    int64_t end_ms = -1;
    const int rc = acs_period_end(&calendar, period, 0, &end_ms);
    if (rc != ACS_OK || end_ms != INT64_C(172800000)) {
        std::fprintf(stderr, "cxx: acs_period_end: %d, end %lld\n", rc,
                     static_cast<long long>(end_ms));
        return 1;
    }
    std::printf("cxx: acctstate.h compiles as C++; library %s\n", text);
    return 0;
}
