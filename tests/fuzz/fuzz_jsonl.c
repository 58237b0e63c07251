/*
 * fuzz_jsonl.c - libFuzzer target for the JSON Lines reader (lib/jsonl.c).
 *
 * The first byte configures the reader (a small line cap, how many bytes
 * each read() of the descriptor path returns); the rest is the input.
 * Checked on every input:
 *  - each result is an object on a later line than the one before;
 *  - niche__jsonl_key_column() points at the key's opening quote;
 *  - errors carry their code and a FILE:LINE position;
 *  - reading from a descriptor in small pieces gives the same objects,
 *    lines and error as reading from memory.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "jsonl.h"
#include "internal.h"
#include "banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PATH "fuzz.jsonl"
#define MAX_FD_INPUT 4096

struct config {
    size_t max_line;
    size_t chunk;
};

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

/* Each key of the object that key_column finds must sit at a quote. */
static void check_key_columns(struct niche__jsonl *j)
{
    const char *key;
    json_t *v;

    json_object_foreach(niche__jsonl_object(j), key, v) {
        long col = niche__jsonl_key_column(j, key);
        size_t klen = strlen(key);

        (void)v;
        if (col == 0)
            continue;   /* an escaped key is not found as written */
        if (col < 1 || (size_t)col + klen + 1 > j->text_len ||
            j->text[col - 1] != '"' || memcmp(j->text + col, key, klen) != 0 ||
            j->text[col + (long)klen] != '"')
            NICHE_BUG("key '%s' found at column %ld", key, col);
    }
}

static uint64_t read_all(struct niche__jsonl *j, const struct config *cfg, int *rc_out)
{
    struct niche_error err = NICHE_ERROR_INIT;
    uint64_t h = UINT64_C(14695981039346656037);
    long last = 0;
    int rc;

    j->acc.max = cfg->max_line;
    while ((rc = niche__jsonl_next(j, &err)) > 0) {
        char *s;

        if (!json_is_object(niche__jsonl_object(j)) || j->line <= last)
            NICHE_BUG("object on line %ld after line %ld", j->line, last);
        if (j->text_len > cfg->max_line)
            NICHE_BUG("line of %zu bytes past the cap", j->text_len);
        last = j->line;
        check_key_columns(j);
        s = json_dumps(niche__jsonl_object(j), JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
        if (!s)
            NICHE_BUG("json_dumps failed");
        hash_long(&h, j->line);
        hash_bytes(&h, s, strlen(s) + 1);
        free(s);
    }
    hash_long(&h, rc);
    if (rc < 0) {
        if (err.code != rc || err.line < 1 || err.line <= last ||
            strncmp(err.msg, PATH ":", strlen(PATH) + 1) != 0)
            NICHE_BUG("error %d badly reported: code %d line %ld '%s'", rc, err.code,
                      err.line, err.msg);
        if (rc != NICHE_EPARSE && rc != NICHE_ETOOBIG)
            NICHE_BUG("unexpected error %d: %s", rc, err.msg);
        if (j->obj || niche__jsonl_flat(j))
            NICHE_BUG("an object is left after an error");
        hash_bytes(&h, err.msg, strlen(err.msg));
    } else if (niche__jsonl_next(j, &err) != 0 || j->obj || niche__jsonl_flat(j)) {
        NICHE_BUG("the end of input did not stay the end");
    }
    *rc_out = rc;
    return h;
}

struct writer {
    int fd;
    const uint8_t *data;
    size_t size, chunk;
};

/* SEQPACKET: each send is one packet, so each read() gets at most chunk
 * bytes, the same way on every run. */
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
    struct niche__jsonl j;
    struct writer w;
    pthread_t th;
    uint64_t h;
    int sv[2];

    if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0)
        NICHE_BUG("socketpair: %s", strerror(errno));
    w.fd = sv[1], w.data = data, w.size = size, w.chunk = cfg->chunk;
    if (pthread_create(&th, NULL, write_chunks, &w) != 0)
        NICHE_BUG("pthread_create failed");
    niche__jsonl_init_fd(&j, sv[0], PATH);
    h = read_all(&j, cfg, rc);
    niche__jsonl_release(&j);
    close(sv[0]);
    pthread_join(th, NULL);
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t chunks[] = { 1, 2, 3, 5, 8, 64, 1000, 4096 };
    struct config cfg = { 4 * 1024 * 1024, 1 };
    struct niche__jsonl j;
    uint64_t h, h2;
    int rc, rc2;
    uint8_t b;

    if (size == 0)
        return 0;
    b = data[0];
    data++, size--;
    if (b & 1)
        cfg.max_line = 40;
    cfg.chunk = chunks[(b >> 1) & 7];

    niche__jsonl_init_mem(&j, (const char *)data, size, PATH);
    h = read_all(&j, &cfg, &rc);
    niche__jsonl_release(&j);

    if (size <= MAX_FD_INPUT) {
        h2 = read_chunked(data, size, &cfg, &rc2);
        if (h2 != h || rc2 != rc)
            NICHE_BUG("reading %zu bytes at a time differs from memory (rc %d vs %d)",
                      cfg.chunk, rc2, rc);
    }
    return 0;
}
