/*
** errors.c: the sentence and the name of every result code. Both tables come
** from ACS_CODE_LIST in the header, the same list that makes the enum.
*/
#include "internal.h"

typedef struct code_entry {
    int code;
    const char *name;
    const char *text;
} code_entry;

#define CODE_ENTRY(name, number, text) {number, #name, text},
static const code_entry code_table[] = {ACS_CODE_LIST(CODE_ENTRY)};
#define CODE_COUNT (sizeof(code_table) / sizeof(code_table[0]))

static const code_entry *code_find(int code)
{
    for (size_t i = 0; i < CODE_COUNT; i++) {
        if (code_table[i].code == code) return &code_table[i];
    }
    return NULL;
}

bool acs__is_code(int code)
{
    return code_find(code) != NULL;
}

const char *acs_strerror(int code)
{
    const code_entry *entry = code_find(code);
    return entry != NULL ? entry->text : "unknown code";
}

const char *acs_code_name(int code)
{
    const code_entry *entry = code_find(code);
    return entry != NULL ? entry->name : NULL;
}
