/*
 * csv.h - streaming RFC 4180 reader with positions. Not API.
 *
 * Reads records one at a time from a file descriptor or a memory block in
 * constant memory: a fixed read buffer plus one record, capped at max_record
 * bytes (NICHE_ETOOBIG past it). Fields may be quoted ("a ""b"" c"), quoted
 * fields may hold delimiters and line breaks, lines end in LF or CRLF, and a
 * leading UTF-8 byte-order mark is skipped. Lenient where real exports are
 * sloppy and the meaning is still plain: a quote inside an unquoted field is
 * kept as text. Strict where the meaning is lost: text after a closing quote
 * and a quote left open at the end of input are errors, with the position.
 *
 *     struct niche__csv c;
 *     niche__csv_init_fd(&c, fd, "accounts.csv");
 *     while ((rc = niche__csv_next(&c, &err)) > 0)
 *         for (i = 0; i < c.nr; i++) use(c.fields[i].ptr, c.fields[i].len);
 *     niche__csv_release(&c);
 */
#ifndef NICHE_CSV_H
#define NICHE_CSV_H

#include <stddef.h>
#include "buf.h"
#include "niche/error.h"

struct niche__csv_field {
    const char *ptr;   /* borrowed: valid until the next niche__csv_next() */
    size_t len;        /* ptr[len] is '\0' */
    long line, column; /* where the field starts, 1-based */
    size_t off;        /* private: offset into the record buffer */
};

struct niche__csv {
    /* input: either fd >= 0 or a memory block */
    int fd;
    const char *mem;
    const char *path;            /* borrowed, for messages */
    char *in;                    /* owned read buffer */
    size_t in_len, in_pos, in_cap;
    int eof;
    char delim;                  /* ',' unless set before the first read */
    char stop_delim;             /* the delimiter stop[] was built for */
    unsigned char stop[256];     /* 1 for bytes that end an unquoted field */
    size_t max_record;           /* cap on one record's bytes */
    size_t max_fields;
    long line, col;              /* position of the next byte */
    long rec_line;               /* first line of the current record */
    struct niche__buf rec;       /* unquoted bytes of the current record */
    struct niche__csv_field *fields; /* owned; nr fields of the current record */
    size_t nr, alloc;
};

void niche__csv_init_fd(struct niche__csv *c, int fd, const char *path);
void niche__csv_init_mem(struct niche__csv *c, const char *data, size_t len,
                         const char *path);
void niche__csv_release(struct niche__csv *c);

/* 1: a record is in c->fields; 0: end of input; < 0: error set in err. */
int niche__csv_next(struct niche__csv *c, struct niche_error *err);

#endif
