// header.cpp: proves that a C++ program can include acctstate.h and link
// against the C library (the header's extern "C" block, its types and its
// macros must all work as C++). Built and run by `make cxx-check`.
#include "acctstate.h"

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
    std::printf("cxx: acctstate.h compiles as C++; library %s\n", text);
    return 0;
}
