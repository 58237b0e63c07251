/*
 * csv.c - streaming RFC 4180 reader (csv.h).
 *
 * The reader keeps a fixed read buffer and copies each field's unquoted
 * bytes into one record buffer, NUL-terminating every field so that cell
 * parsers get C strings. Unquoted fields and runs inside quoted fields are
 * copied a run at a time (memchr-style scan of the current chunk), which
 * is what keeps a 1M-row import from being CSV-bound.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "csv.h"
#include "internal.h"
#include "banned.h"

#define CSV_READ_SIZE (256 * 1024)
#define CSV_MAX_RECORD (4 * 1024 * 1024)
#define CSV_MAX_FIELDS 4096

static const char *cur(const struct niche__csv *c)
{
    return c->fd < 0 ? c->mem + c->in_pos : c->in + c->in_pos;
}

static void skip_bom(struct niche__csv *c)
{
    if (c->in_len - c->in_pos >= 3 && !memcmp(cur(c), "\xef\xbb\xbf", 3))
        c->in_pos += 3;
}

static void init_common(struct niche__csv *c, const char *path)
{
    struct niche__buf b = NICHE__BUF_INIT(CSV_MAX_RECORD);

    c->path = path;
    c->delim = ',';
    c->max_record = CSV_MAX_RECORD;
    c->max_fields = CSV_MAX_FIELDS;
    c->line = 1;
    c->col = 1;
    c->rec = b;
}

void niche__csv_init_fd(struct niche__csv *c, int fd, const char *path)
{
    memset(c, 0, sizeof(*c));
    init_common(c, path);
    c->fd = fd;
}

void niche__csv_init_mem(struct niche__csv *c, const char *data, size_t len,
                         const char *path)
{
    memset(c, 0, sizeof(*c));
    init_common(c, path);
    c->fd = -1;
    c->mem = data;
    c->in_len = len;
    c->eof = 1;
    skip_bom(c);
}

void niche__csv_release(struct niche__csv *c)
{
    if (!c)
        return;
    free(c->in);
    niche__buf_release(&c->rec);
    free(c->fields);
    memset(c, 0, sizeof(*c));
    c->fd = -1;
}

/* read() into the buffer at off, retrying on EINTR. */
static ssize_t read_at(struct niche__csv *c, size_t off)
{
    ssize_t n;

    do {
        n = read(c->fd, c->in + off, c->in_cap - off);
    } while (n < 0 && errno == EINTR);
    return n;
}

/* Make at least one byte available; 0 at end of input, < 0 on error. */
static int refill(struct niche__csv *c, struct niche_error *err)
{
    ssize_t n;
    int first = !c->in;

    if (c->in_pos < c->in_len)
        return 1;
    if (c->eof)
        return 0;
    if (!c->in) {
        c->in = niche_xmalloc(CSV_READ_SIZE);
        c->in_cap = CSV_READ_SIZE;
    }
    n = read_at(c, 0);
    c->in_len = n > 0 ? (size_t)n : 0;
    c->in_pos = 0;
    /* The byte-order mark can only be at the very start of the input, but
     * a pipe may hand it over a byte at a time: gather three bytes first. */
    while (first && n > 0 && c->in_len < 3 &&
           !memcmp(c->in, "\xef\xbb\xbf", c->in_len)) {
        n = read_at(c, c->in_len);
        if (n > 0)
            c->in_len += (size_t)n;
    }
    if (n < 0)
        return niche_error_at(err, NICHE_EIO, c->path, c->line, 0,
                              "read failed: %s", strerror(errno));
    if (n == 0)
        c->eof = 1;
    if (first)
        skip_bom(c);
    /* A read that held only the mark leaves nothing yet: read on. */
    return c->in_pos < c->in_len ? 1 : refill(c, err);
}

static int too_big(struct niche__csv *c, struct niche_error *err)
{
    return niche_error_at(err, NICHE_ETOOBIG, c->path, c->rec_line, 0,
                          "record is longer than %zu bytes", c->max_record);
}

/* Peek the next byte: 1 with *ch set, 0 at end, < 0 on error. */
static int peek(struct niche__csv *c, int *ch, struct niche_error *err)
{
    int rc = refill(c, err);

    if (rc > 0)
        *ch = (unsigned char)*cur(c);
    return rc;
}

static void consume(struct niche__csv *c, int ch)
{
    c->in_pos++;
    if (ch == '\n') {
        c->line++;
        c->col = 1;
    } else {
        c->col++;
    }
}

/* Copy bytes of an unquoted field up to a delimiter or line end. */
static int read_plain(struct niche__csv *c, struct niche_error *err)
{
    const unsigned char *stop = c->stop;
    int rc;

    while ((rc = refill(c, err)) > 0) {
        const char *p = cur(c), *q = p, *end = p + (c->in_len - c->in_pos);

        /* Unrolled by four: this loop is most of a CSV import's parsing. */
        while (end - q >= 4 && !stop[(unsigned char)q[0]] && !stop[(unsigned char)q[1]] &&
               !stop[(unsigned char)q[2]] && !stop[(unsigned char)q[3]])
            q += 4;
        while (q < end && !stop[(unsigned char)*q])
            q++;
        if (niche__buf_add(&c->rec, p, (size_t)(q - p)) < 0)
            return too_big(c, err);
        c->in_pos += (size_t)(q - p);
        c->col += q - p;
        if (q < end)
            return 0;
    }
    return rc;
}

/* After the opening quote: copy until the closing one; "" is a quote. */
static int read_quoted(struct niche__csv *c, long fline, long fcol,
                       struct niche_error *err)
{
    int rc, ch;

    for (;;) {
        if ((rc = refill(c, err)) < 0)
            return rc;
        if (rc == 0)
            return niche_error_at(err, NICHE_EPARSE, c->path, fline, fcol,
                                  "quoted field is not closed before the end of input");
        {
            const char *p = cur(c), *q = p, *end = p + (c->in_len - c->in_pos);

            while (q < end && *q != '"' && *q != '\n')
                q++;
            if (niche__buf_add(&c->rec, p, (size_t)(q - p)) < 0)
                return too_big(c, err);
            c->in_pos += (size_t)(q - p);
            c->col += q - p;
            if (q == end)
                continue;
        }
        ch = (unsigned char)*cur(c);
        consume(c, ch);
        if (ch == '\n') {
            if (niche__buf_addch(&c->rec, '\n') < 0)
                return too_big(c, err);
            continue;
        }
        if ((rc = peek(c, &ch, err)) < 0)
            return rc;
        if (rc == 0 || ch != '"')
            break;   /* closing quote */
        consume(c, ch);
        if (niche__buf_addch(&c->rec, '"') < 0)
            return too_big(c, err);
    }
    if (rc > 0 && ch != c->delim && ch != '\n' && ch != '\r')
        return niche_error_at(err, NICHE_EPARSE, c->path, c->line, c->col,
                              "unexpected text after a closing quote; expected '%c' or end of line",
                              c->delim);
    return 0;
}

static int push_field(struct niche__csv *c, size_t off, long fline, long fcol,
                      struct niche_error *err)
{
    if (c->nr >= c->max_fields)
        return niche_error_at(err, NICHE_ETOOBIG, c->path, fline, fcol,
                              "record has more than %zu fields", c->max_fields);
    if (niche__buf_addch(&c->rec, '\0') < 0)
        return too_big(c, err);
    NICHE_ALLOC_GROW(c->fields, c->nr + 1, c->alloc);
    c->fields[c->nr].off = off;
    c->fields[c->nr].line = fline;
    c->fields[c->nr].column = fcol;
    c->nr++;
    return 0;
}

/* Read one field and the separator after it; *more is 1 when another
 * field of the same record follows. */
static int read_field(struct niche__csv *c, int *more, struct niche_error *err)
{
    long fline = c->line, fcol = c->col;
    size_t off = c->rec.len;
    int rc, ch = 0;

    if ((rc = peek(c, &ch, err)) < 0)
        return rc;
    if (rc > 0 && ch == '"') {
        consume(c, ch);
        rc = read_quoted(c, fline, fcol, err);
    } else {
        rc = read_plain(c, err);
    }
    if (rc < 0 || (rc = push_field(c, off, fline, fcol, err)) < 0)
        return rc;
    *more = 0;
    if ((rc = peek(c, &ch, err)) <= 0)
        return rc;
    consume(c, ch);
    if (ch == c->delim) {
        *more = 1;
    } else if (ch == '\r') {
        if ((rc = peek(c, &ch, err)) < 0)
            return rc;
        if (rc > 0 && ch == '\n')
            consume(c, ch);
        else
            c->line++, c->col = 1;   /* a lone CR ends a line too */
    }
    return 0;
}

/* Skip empty lines between records; 1 if a record starts, 0 at end. */
static int skip_blank_lines(struct niche__csv *c, struct niche_error *err)
{
    int rc, ch;

    while ((rc = peek(c, &ch, err)) > 0) {
        if (ch != '\n' && ch != '\r')
            return 1;
        consume(c, ch);
        if (ch == '\r') {
            if ((rc = peek(c, &ch, err)) < 0)
                return rc;
            if (rc > 0 && ch == '\n')
                consume(c, ch);
            else
                c->line++, c->col = 1;
        }
    }
    return rc;
}

int niche__csv_next(struct niche__csv *c, struct niche_error *err)
{
    int rc, more = 1;
    size_t i;

    if (c->stop_delim != c->delim) {   /* bytes that end an unquoted field */
        memset(c->stop, 0, sizeof(c->stop));
        c->stop[(unsigned char)c->delim] = c->stop['\n'] = c->stop['\r'] = 1;
        c->stop_delim = c->delim;
    }
    c->rec.max = c->max_record;
    niche__buf_reset(&c->rec);
    c->nr = 0;
    if ((rc = skip_blank_lines(c, err)) <= 0)
        return rc;
    c->rec_line = c->line;
    while (more)
        if ((rc = read_field(c, &more, err)) < 0)
            return rc;
    /* The record buffer may have moved while it grew: point fields now. */
    for (i = 0; i < c->nr; i++) {
        struct niche__csv_field *f = &c->fields[i];
        size_t next = i + 1 < c->nr ? c->fields[i + 1].off : c->rec.len;

        f->ptr = c->rec.buf + f->off;
        f->len = next - f->off - 1;
    }
    return 1;
}
