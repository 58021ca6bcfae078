/*
** logfile.h: reading a log of audit records for verify, replay and show.
** A log is either binary (records in their 216-byte encoding, one after the
** other) or JSON Lines (one record's JSON text a line, blank lines allowed);
** the first byte that is not blank tells which: '{' is JSON. The reader
** decodes every record, and refuses the whole file at the first record it
** cannot read, with a message that names the file and the record.
*/
#ifndef ACSCTL_LOGFILE_H
#define ACSCTL_LOGFILE_H

#include <stddef.h>

#include "acctstate.h"

/* The longest text logfile_where writes, with its NUL. */
#define LOGFILE_WHERE_MAX 64

/* A log read whole. Records are numbered from 0 in the order of the file. */
typedef struct logfile {
    const char *name;    /* the path as given, "standard input" for "-" */
    acs_record *records; /* count records */
    size_t count;
    size_t *lines;       /* JSON Lines: the line of each record (from 1);
                            NULL for a binary log */
} logfile;

/* Reads the log at path ("-": standard input) into *log. Returns 0, or
** EXIT_BAD_INPUT after a one-line message on stderr: the file cannot be
** read, is empty, is cut short (binary), or a record does not decode or
** parse (naming the record, and for JSON the line and column). *log holds
** no records on failure. */
int logfile_read(const char *path, logfile *log);

/* Frees what logfile_read allocated; the log is empty after. */
void logfile_free(logfile *log);

/* Writes where record index of log stands: "record 3", or for JSON Lines
** "record 3 (line 5)". */
void logfile_where(const logfile *log, size_t index, char buf[LOGFILE_WHERE_MAX]);

#endif /* ACSCTL_LOGFILE_H */
