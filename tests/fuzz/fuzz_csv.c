/*
 * fuzz_csv.c - libFuzzer target for the streaming CSV reader (lib/csv.c).
 *
 * The first byte configures the reader (delimiter, small caps, how many
 * bytes each read() of the descriptor path returns); the rest is the CSV.
 * Checked on every input:
 *  - fields are NUL-terminated, inside the record buffer, and their
 *    positions rise through the record and the input;
 *  - errors carry their code and a FILE:LINE position;
 *  - reading from a descriptor in small pieces gives the same records,
 *    positions and error as reading from memory;
 *  - writing the records back out fully quoted and reading them again
 *    gives the same fields (the quoting rules round-trip).
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "csv.h"
#include "internal.h"
#include "banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PATH "fuzz.csv"
#define MAX_FD_INPUT 4096   /* the descriptor path costs a syscall per piece */

struct config {
    char delim;
    size_t max_record, max_fields;
    size_t chunk;            /* bytes per read() on the descriptor path */
};

/* FNV-1a, to compare long record streams without keeping them. */
static void hash_bytes(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t i;

    for (i = 0; i < n; i++)
        *h = (*h ^ s[i]) * UINT64_C(1099511628211);
}

static void hash_long(uint64_t *h, long v)
{
    hash_bytes(h, &v, sizeof(v));
}

static void check_record(const struct niche__csv *c, const struct config *cfg,
                         long *last_line)
{
    size_t i;
    long line = c->rec_line, col = 0;

    if (c->nr == 0 || c->nr > cfg->max_fields || c->rec.len > cfg->max_record)
        NICHE_BUG("record of %zu fields, %zu bytes", c->nr, c->rec.len);
    if (c->rec_line <= *last_line)
        NICHE_BUG("record line %ld after line %ld", c->rec_line, *last_line);
    for (i = 0; i < c->nr; i++) {
        const struct niche__csv_field *f = &c->fields[i];

        if (f->ptr < c->rec.buf || f->ptr + f->len >= c->rec.buf + c->rec.len ||
            f->ptr[f->len] != '\0')
            NICHE_BUG("field %zu outside the record or not terminated", i);
        if (f->column < 1 || f->line < line || (f->line == line && f->column <= col) ||
            (i == 0 && f->line != c->rec_line))
            NICHE_BUG("field %zu at %ld:%ld after %ld:%ld", i, f->line, f->column,
                      line, col);
        line = f->line, col = f->column;
    }
    *last_line = line;
}

static void check_error(const struct niche_error *err, int rc)
{
    if (err->code != rc || err->line < 1 || strncmp(err->msg, PATH ":", strlen(PATH) + 1))
        NICHE_BUG("error %d badly reported: code %d line %ld '%s'", rc, err->code,
                  err->line, err->msg);
    if (rc != NICHE_EPARSE && rc != NICHE_ETOOBIG)
        NICHE_BUG("unexpected error %d from memory input: %s", rc, err->msg);
}

/* Read every record; return a hash of them (with positions when
 * with_pos) and the error that ended the input, if any. */
static uint64_t read_all(struct niche__csv *c, const struct config *cfg, int with_pos,
                         int *rc_out)
{
    struct niche_error err = NICHE_ERROR_INIT;
    uint64_t h = UINT64_C(14695981039346656037);
    long last_line = 0;
    size_t i;
    int rc;

    c->delim = cfg->delim;
    c->max_record = cfg->max_record;
    c->max_fields = cfg->max_fields;
    while ((rc = niche__csv_next(c, &err)) > 0) {
        check_record(c, cfg, &last_line);
        hash_long(&h, (long)c->nr);
        if (with_pos)
            hash_long(&h, c->rec_line);
        for (i = 0; i < c->nr; i++) {
            hash_long(&h, (long)c->fields[i].len);
            hash_bytes(&h, c->fields[i].ptr, c->fields[i].len);
            if (with_pos) {
                hash_long(&h, c->fields[i].line);
                hash_long(&h, c->fields[i].column);
            }
        }
    }
    hash_long(&h, rc);
    if (rc < 0) {
        check_error(&err, rc);
        if (with_pos)
            hash_bytes(&h, err.msg, strlen(err.msg));
    } else if (niche__csv_next(c, &err) != 0) {
        NICHE_BUG("the end of input did not stay the end");
    }
    *rc_out = rc;
    return h;
}

/* ---- the descriptor path ---------------------------------------------- */

struct writer {
    int fd;
    const uint8_t *data;
    size_t size, chunk;
};

/* SEQPACKET keeps each write a packet of its own, so every read() returns
 * at most `chunk` bytes: the split points are the same on every run. */
static void *write_chunks(void *arg)
{
    struct writer *w = arg;
    size_t off = 0;

    while (off < w->size) {
        size_t n = w->size - off < w->chunk ? w->size - off : w->chunk;
        ssize_t k = send(w->fd, w->data + off, n, MSG_NOSIGNAL);

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        off += (size_t)k;
    }
    close(w->fd);
    return NULL;
}

static uint64_t read_chunked(const uint8_t *data, size_t size, const struct config *cfg,
                             int *rc)
{
    struct niche__csv c;
    struct writer w;
    pthread_t th;
    uint64_t h;
    int sv[2];

    if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0)
        NICHE_BUG("socketpair: %s", strerror(errno));
    w.fd = sv[1], w.data = data, w.size = size, w.chunk = cfg->chunk;
    if (pthread_create(&th, NULL, write_chunks, &w) != 0)
        NICHE_BUG("pthread_create failed");
    niche__csv_init_fd(&c, sv[0], PATH);
    h = read_all(&c, cfg, 1, rc);
    niche__csv_release(&c);
    close(sv[0]);   /* before the join: a writer blocked on a full socket ends */
    pthread_join(th, NULL);
    return h;
}

/* ---- the round trip --------------------------------------------------- */

/* The records again, every field quoted, quotes doubled, LF line ends. */
static char *requote(const uint8_t *data, size_t size, const struct config *cfg,
                     size_t *out_len)
{
    struct niche__buf out = NICHE__BUF_INIT(0);
    struct niche__csv c;
    size_t i, k;

    niche__csv_init_mem(&c, (const char *)data, size, PATH);
    c.delim = cfg->delim;
    c.max_record = cfg->max_record;
    c.max_fields = cfg->max_fields;
    while (niche__csv_next(&c, NULL) > 0) {
        for (i = 0; i < c.nr; i++) {
            if (i)
                niche__buf_addch(&out, cfg->delim);
            niche__buf_addch(&out, '"');
            for (k = 0; k < c.fields[i].len; k++) {
                if (c.fields[i].ptr[k] == '"')
                    niche__buf_addch(&out, '"');
                niche__buf_addch(&out, c.fields[i].ptr[k]);
            }
            niche__buf_addch(&out, '"');
        }
        niche__buf_addch(&out, '\n');
    }
    niche__csv_release(&c);
    niche__buf_add(&out, "", 0);
    *out_len = out.len;
    return out.buf;
}

static void round_trip(const uint8_t *data, size_t size, const struct config *cfg,
                       uint64_t content)
{
    struct niche__csv c;
    size_t len;
    char *again = requote(data, size, cfg, &len);
    struct config big = *cfg;
    uint64_t h;
    int rc;

    /* Quoting adds no record bytes, but keep the caps out of the way. */
    big.max_record = 64 * 1024 * 1024;
    niche__csv_init_mem(&c, again, len, PATH);
    h = read_all(&c, &big, 0, &rc);
    niche__csv_release(&c);
    if (rc != 0 || h != content)
        NICHE_BUG("fields changed on a round trip through quoting (rc %d)", rc);
    free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t chunks[] = { 1, 2, 3, 5, 8, 64, 1000, 4096 };
    struct config cfg = { ',', 4 * 1024 * 1024, 4096, 1 };
    struct niche__csv c;
    uint64_t with_pos, content, h;
    int rc, rc2;
    uint8_t b;

    if (size == 0)
        return 0;
    b = data[0];
    data++, size--;
    cfg.delim = (b & 1) ? ';' : ',';
    if (b & 2)
        cfg.max_record = 48;
    if (b & 4)
        cfg.max_fields = 4;
    cfg.chunk = chunks[(b >> 3) & 7];

    niche__csv_init_mem(&c, (const char *)data, size, PATH);
    with_pos = read_all(&c, &cfg, 1, &rc);
    niche__csv_release(&c);

    niche__csv_init_mem(&c, (const char *)data, size, PATH);
    content = read_all(&c, &cfg, 0, &rc2);
    niche__csv_release(&c);

    if (rc == 0)
        round_trip(data, size, &cfg, content);
    if (size <= MAX_FD_INPUT) {
        h = read_chunked(data, size, &cfg, &rc2);
        if (h != with_pos || rc2 != rc)
            NICHE_BUG("reading %zu bytes at a time differs from memory (rc %d vs %d)",
                      cfg.chunk, rc2, rc);
    }
    return 0;
}
