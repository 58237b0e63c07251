/*
 * jsonl.c - streaming JSON Lines reader (jsonl.h).
 *
 * Lines wholly inside the read buffer are parsed in place; only a line
 * that spans two reads is copied into the (capped) accumulator.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "jsonl.h"
#include "internal.h"
#include "banned.h"

#define JSONL_READ_SIZE (256 * 1024)
#define JSONL_MAX_LINE (4 * 1024 * 1024)

static void init_common(struct niche__jsonl *j, const char *path)
{
    struct niche__buf b = NICHE__BUF_INIT(JSONL_MAX_LINE);

    memset(j, 0, sizeof(*j));
    j->path = path;
    j->next_line = 1;
    j->acc = b;
    niche__jflat_init(&j->flat);
}

void niche__jsonl_init_fd(struct niche__jsonl *j, int fd, const char *path)
{
    init_common(j, path);
    j->fd = fd;
}

void niche__jsonl_init_mem(struct niche__jsonl *j, const char *data, size_t len,
                           const char *path)
{
    init_common(j, path);
    j->fd = -1;
    j->mem = data;
    j->in_len = len;
    j->eof = 1;
}

void niche__jsonl_release(struct niche__jsonl *j)
{
    if (!j)
        return;
    json_decref(j->obj);
    free(j->in);
    niche__buf_release(&j->acc);
    niche__jflat_release(&j->flat);
    memset(j, 0, sizeof(*j));
    j->fd = -1;
}

static const char *base(const struct niche__jsonl *j)
{
    return j->fd < 0 ? j->mem : j->in;
}

static int refill(struct niche__jsonl *j, struct niche_error *err)
{
    ssize_t n;

    if (j->in_pos < j->in_len)
        return 1;
    if (j->eof)
        return 0;
    if (!j->in)
        j->in = niche_xmalloc(JSONL_READ_SIZE);
    do {
        n = read(j->fd, j->in, JSONL_READ_SIZE);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return niche_error_at(err, NICHE_EIO, j->path, j->next_line, 0,
                              "read failed: %s", strerror(errno));
    j->in_len = (size_t)n;
    j->in_pos = 0;
    if (n == 0)
        j->eof = 1;
    return n > 0;
}

/* Set j->text to the next line (without its newline); 0 at end. */
static int read_line(struct niche__jsonl *j, struct niche_error *err)
{
    int rc;

    niche__buf_reset(&j->acc);
    j->line = j->next_line;
    while ((rc = refill(j, err)) > 0) {
        const char *p = base(j) + j->in_pos;
        size_t avail = j->in_len - j->in_pos;
        const char *nl = memchr(p, '\n', avail);
        size_t n = nl ? (size_t)(nl - p) : avail;

        j->in_pos += nl ? n + 1 : n;
        /* The cap holds for lines parsed in place too, so that memory
         * input and a file with the same bytes behave alike. */
        if (j->acc.max && n > j->acc.max - j->acc.len)
            return niche_error_at(err, NICHE_ETOOBIG, j->path, j->line, 0,
                                  "line is longer than %zu bytes", j->acc.max);
        if (nl && j->acc.len == 0) {
            j->text = p, j->text_len = n;   /* parse in place */
            j->next_line++;
            return 1;
        }
        if (niche__buf_add(&j->acc, p, n) < 0)
            return niche_error_at(err, NICHE_ETOOBIG, j->path, j->line, 0,
                                  "line is longer than %zu bytes", j->acc.max);
        if (nl)
            break;
    }
    if (rc < 0)
        return rc;
    if (rc == 0 && j->acc.len == 0)
        return 0;
    j->next_line++;
    j->text = j->acc.buf, j->text_len = j->acc.len;
    return 1;
}

static int blank(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!niche__isspace((unsigned char)s[i]))
            return 0;
    return 1;
}

int niche__jsonl_next(struct niche__jsonl *j, struct niche_error *err)
{
    json_error_t jerr;
    int rc;

    json_decref(j->obj);
    j->obj = NULL;
    j->is_flat = 0;
    do {
        if ((rc = read_line(j, err)) <= 0)
            return rc;
        /* A byte-order mark may open the file. */
        if (j->line == 1 && j->text_len >= 3 && !memcmp(j->text, "\xef\xbb\xbf", 3))
            j->text += 3, j->text_len -= 3;
    } while (blank(j->text, j->text_len));
    if (niche__jflat_parse(&j->flat, j->text, j->text_len)) {
        j->is_flat = 1;
        return 1;
    }
    /* Not a flat object, or not valid: jansson decides, and its message
     * and position are the ones users see. */
    j->obj = json_loadb(j->text, j->text_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!j->obj)
        return niche_error_at(err, NICHE_EPARSE, j->path, j->line,
                              /* jansson's column counts characters; ours
                               * count bytes, like the CSV reader's. */
                              jerr.position > 0 ? (long)jerr.position : 1,
                              "invalid JSON: %s", jerr.text);
    if (!json_is_object(j->obj)) {
        json_decref(j->obj);
        j->obj = NULL;
        return niche_error_at(err, NICHE_EPARSE, j->path, j->line, 1,
                              "expected a JSON object");
    }
    return 1;
}

long niche__jsonl_key_column(const struct niche__jsonl *j, const char *key)
{
    size_t klen = strlen(key), i;

    /* A key is a matching string followed by ':' (a value equal to the key
     * name is followed by ',' or '}'). */
    for (i = 0; i + klen + 2 <= j->text_len; i++) {
        size_t k = i + klen + 2;

        if (j->text[i] != '"' || memcmp(j->text + i + 1, key, klen) ||
            j->text[i + 1 + klen] != '"')
            continue;
        while (k < j->text_len && niche__isspace((unsigned char)j->text[k]))
            k++;
        if (k < j->text_len && j->text[k] == ':')
            return (long)i + 1;
    }
    return 0;
}

static json_t *flat_value(const struct niche__jflat_field *f)
{
    switch (f->kind) {
    case NICHE__JFLAT_STR:
        return json_stringn_nocheck(f->s, f->len);   /* checked UTF-8 */
    case NICHE__JFLAT_INT:
        return json_integer((json_int_t)f->i);
    case NICHE__JFLAT_REAL:
        return json_real(f->d);
    case NICHE__JFLAT_TRUE:
        return json_true();
    case NICHE__JFLAT_FALSE:
        return json_false();
    case NICHE__JFLAT_NULL:
        return json_null();
    }
    NICHE_BUG("flat field of kind %d", (int)f->kind);
}

json_t *niche__jsonl_object(struct niche__jsonl *j)
{
    size_t i;

    if (j->obj || !j->is_flat)
        return j->obj;
    j->obj = json_object();
    if (!j->obj)
        NICHE_BUG("json_object failed");
    for (i = 0; i < j->flat.nr; i++) {
        const struct niche__jflat_field *f = &j->flat.items[i];

        if (json_object_setn_new_nocheck(j->obj, f->key, f->key_len, flat_value(f)) < 0)
            NICHE_BUG("json_object_setn_new_nocheck failed");
    }
    return j->obj;
}
