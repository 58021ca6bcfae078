/*
** logfile.c: a log of audit records read whole into memory (see
** logfile.h). This file owns telling a binary log from JSON Lines, cutting
** either into records, and the messages for a file that is not a log: an
** empty file, a binary log cut short, a record the library does not decode
** or parse. The library checks each record's bytes or text; this file only
** says where in the file the record stands.
*/
#include "logfile.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const uint8_t record_magic[4] = {'A', 'C', 'S', 'R'};

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static const char *code_name(int code)
{
    const char *name = acs_code_name(code);
    return name != NULL ? name : "?";
}

/* Reads size bytes of concatenated record encodings. */
static int read_binary(logfile *log, const uint8_t *data, size_t size)
{
    size_t whole = size / ACS_RECORD_ENCODED_SIZE;
    size_t rest = size % ACS_RECORD_ENCODED_SIZE;
    /* A file too short for one record is a log cut short only when it
    ** starts like one. */
    size_t head = size < sizeof(record_magic) ? size : sizeof(record_magic);
    if (whole == 0 && memcmp(data, record_magic, head) != 0)
        return cli_error("%s: record 0: %s (%s)", log->name, acs_strerror(ACS_E_MAGIC),
                         code_name(ACS_E_MAGIC));
    if (whole > 0) {
        log->records = malloc(whole * sizeof(acs_record));
        if (log->records == NULL) return cli_error("%s: out of memory", log->name);
    }
    for (size_t i = 0; i < whole; i++) {
        int rc = acs_record_decode(&log->records[i], data + i * ACS_RECORD_ENCODED_SIZE,
                                   ACS_RECORD_ENCODED_SIZE);
        if (rc != ACS_OK)
            return cli_error("%s: record %zu: %s (%s)", log->name, i, acs_strerror(rc),
                             code_name(rc));
    }
    if (rest != 0)
        return cli_error("%s: truncated: record %zu has %zu of %d bytes", log->name, whole, rest,
                         ACS_RECORD_ENCODED_SIZE);
    log->count = whole;
    return 0;
}

/* Parses one line of a JSON log (without its line feed) as record number
** log->count. */
static int parse_line(logfile *log, const char *line, size_t length, size_t line_number)
{
    if (length > 0 && line[length - 1] == '\r') length--;
    size_t blank = 0;
    while (blank < length && is_blank(line[blank])) blank++;
    if (blank == length) return 0;
    size_t offset = 0;
    int rc = acs_record_parse_json(&log->records[log->count], line, length, &offset);
    if (rc == ACS_E_SYNTAX)
        return cli_error("%s:%zu:%zu: record %zu: %s (%s)", log->name, line_number, offset + 1,
                         log->count, acs_strerror(rc), code_name(rc));
    if (rc != ACS_OK)
        return cli_error("%s:%zu: record %zu: %s (%s)", log->name, line_number, log->count,
                         acs_strerror(rc), code_name(rc));
    log->lines[log->count] = line_number;
    log->count++;
    return 0;
}

/* Reads size bytes of JSON Lines. */
static int read_json(logfile *log, const char *text, size_t size)
{
    size_t most = 1;
    for (size_t i = 0; i < size; i++) most += text[i] == '\n';
    log->records = malloc(most * sizeof(acs_record));
    log->lines = malloc(most * sizeof(size_t));
    if (log->records == NULL || log->lines == NULL)
        return cli_error("%s: out of memory", log->name);
    size_t start = 0;
    size_t line_number = 1;
    while (start < size) {
        const char *end = memchr(text + start, '\n', size - start);
        size_t length = end != NULL ? (size_t)(end - (text + start)) : size - start;
        int status = parse_line(log, text + start, length, line_number);
        if (status != 0) return status;
        start += length + 1;
        line_number++;
    }
    return 0;
}

int logfile_read(const char *path, logfile *log)
{
    memset(log, 0, sizeof(*log));
    log->name = strcmp(path, "-") == 0 ? "standard input" : path;
    char *data = NULL;
    size_t size = 0;
    int status = cli_read_file(path, &data, &size);
    if (status != 0) return status;
    size_t first = 0;
    while (first < size && is_blank(data[first])) first++;
    if (first == size)
        status = cli_error("%s: empty: the file holds no records", log->name);
    else if (data[first] == '{')
        status = read_json(log, data, size);
    else
        status = read_binary(log, (const uint8_t *)data, size);
    free(data);
    if (status != 0) logfile_free(log);
    return status;
}

void logfile_free(logfile *log)
{
    free(log->records);
    free(log->lines);
    log->records = NULL;
    log->lines = NULL;
    log->count = 0;
}

void logfile_where(const logfile *log, size_t index, char buf[LOGFILE_WHERE_MAX])
{
    if (log->lines != NULL && index < log->count)
        snprintf(buf, LOGFILE_WHERE_MAX, "record %zu (line %zu)", index, log->lines[index]);
    else
        snprintf(buf, LOGFILE_WHERE_MAX, "record %zu", index);
}
