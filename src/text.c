/*
** text.c: the library's one way of writing text into a caller's buffer,
** with snprintf's contract but no formatting function: a writer counts the
** length the whole text needs, stores what fits, and always leaves room for
** the terminating NUL. Explanations, the policy formatter, lint messages,
** parse errors and the DOT diagram are all written through it.
*/
#include "internal.h"

void acs__writer_init(acs__writer *w, char *buf, size_t cap)
{
    w->buf = buf;
    w->cap = buf != NULL ? cap : 0;
    w->len = 0;
}

void acs__put_char(acs__writer *w, char c)
{
    if (w->len + 1 < w->cap) w->buf[w->len] = c;
    w->len++;
}

void acs__put(acs__writer *w, const char *text)
{
    while (*text != '\0') acs__put_char(w, *text++);
}

void acs__put_bytes(acs__writer *w, const char *bytes, size_t size)
{
    for (size_t i = 0; i < size; i++) acs__put_char(w, bytes[i]);
}

void acs__put_number(acs__writer *w, uint64_t value, int width)
{
    char digits[20];
    int count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (count < width && count < (int)sizeof(digits)) digits[count++] = '0';
    while (count > 0) acs__put_char(w, digits[--count]);
}

void acs__put_signed(acs__writer *w, int64_t value)
{
    if (value < 0) {
        acs__put_char(w, '-');
        acs__put_number(w, (uint64_t)0 - (uint64_t)value, 1);
    } else {
        acs__put_number(w, (uint64_t)value, 1);
    }
}

void acs__put_name(acs__writer *w, const char *name)
{
    acs__put(w, name != NULL ? name : "unknown");
}

size_t acs__writer_end(acs__writer *w)
{
    if (w->cap > 0) w->buf[w->len < w->cap ? w->len : w->cap - 1] = '\0';
    return w->len;
}
