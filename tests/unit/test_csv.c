/*
 * test_csv.c - unit tests of the streaming CSV reader (lib/csv.c, csv.h):
 * RFC 4180 quoting, line endings, positions, caps, and file descriptors
 * that deliver the input a few bytes at a time.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "csv.h"
#include "input.h"
#include "banned.h"

/* ---- helpers ---------------------------------------------------------- */

/* Read the next record, which must exist and have nfields fields. */
static void next_record(struct niche__csv *c, size_t nfields)
{
    struct niche_error err = NICHE_ERROR_INIT;
    int rc = niche__csv_next(c, &err);

    if (rc != 1)
        fail_msg("csv_next: rc %d (%s); want a record", rc, err.msg);
    if (c->nr != nfields)
        fail_msg("record at line %ld: %zu fields; want %zu", c->rec_line, c->nr, nfields);
}

static void expect_end(struct niche__csv *c)
{
    struct niche_error err = NICHE_ERROR_INIT;
    int rc = niche__csv_next(c, &err);

    if (rc != 0)
        fail_msg("csv_next: rc %d (%s) with %zu fields; want the end", rc, err.msg, c->nr);
}

/* Field i holds want (which may contain NULs: wlen bytes) at line:col. */
static void expect_field_n(const struct niche__csv *c, size_t i, const char *want,
                           size_t wlen, long line, long col)
{
    const struct niche__csv_field *f;

    if (i >= c->nr)
        fail_msg("no field %zu (record has %zu)", i, c->nr);
    f = &c->fields[i];
    if (f->len != wlen || memcmp(f->ptr, want, wlen) != 0)
        fail_msg("field %zu is '%.*s' (%zu bytes); want '%s'", i, (int)f->len, f->ptr,
                 f->len, want);
    if (f->ptr[f->len] != '\0')
        fail_msg("field %zu is not NUL-terminated", i);
    if (f->line != line || f->column != col)
        fail_msg("field %zu '%s' at %ld:%ld; want %ld:%ld", i, want, f->line, f->column,
                 line, col);
}

static void expect_field(const struct niche__csv *c, size_t i, const char *want,
                         long line, long col)
{
    expect_field_n(c, i, want, strlen(want), line, col);
}

/* The next record must fail with code at line:col, message starting so. */
static void expect_error(struct niche__csv *c, int code, long line, long col,
                         const char *msg_prefix)
{
    struct niche_error err = NICHE_ERROR_INIT;
    int rc = niche__csv_next(c, &err);

    if (rc != code || err.code != code)
        fail_msg("csv_next: rc %d err.code %d (%s); want %d", rc, err.code, err.msg, code);
    if (err.line != line || err.column != col)
        fail_msg("error at %ld:%ld (%s); want %ld:%ld", err.line, err.column, err.msg,
                 line, col);
    if (strncmp(err.msg, msg_prefix, strlen(msg_prefix)) != 0)
        fail_msg("message '%s' does not start with '%s'", err.msg, msg_prefix);
}

/* A text rendering of every record and its positions, or of the error
 * that stopped the reader, to compare two ways of reading one input. */
static char *dump_all(struct niche__csv *c)
{
    struct niche_error err = NICHE_ERROR_INIT;
    size_t cap = 1 << 20, n = 0, i;
    char *out = malloc(cap);
    int rc;

    assert_non_null(out);
    out[0] = '\0';
    while ((rc = niche__csv_next(c, &err)) > 0) {
        n += (size_t)snprintf(out + n, cap - n, "record %ld:", c->rec_line);
        for (i = 0; i < c->nr && n < cap; i++)
            n += (size_t)snprintf(out + n, cap - n, " [%ld:%ld %zu '%s']",
                                  c->fields[i].line, c->fields[i].column,
                                  c->fields[i].len, c->fields[i].ptr);
        if (n < cap)
            n += (size_t)snprintf(out + n, cap - n, "\n");
        assert_true(n < cap);
    }
    if (rc < 0)
        snprintf(out + n, cap - n, "error %d %ld:%ld %s\n", rc, err.line, err.column,
                 err.msg);
    return out;
}

static char *dump_mem(const char *data, size_t len)
{
    struct niche__csv c;
    char *out;

    niche__csv_init_mem(&c, data, len, "t.csv");
    out = dump_all(&c);
    niche__csv_release(&c);
    return out;
}

static char *dump_chunked(const char *data, size_t len, size_t chunk)
{
    struct niche__csv c;
    char *out;
    int fd = -1;
    pid_t pid = spawn_writer(data, len, chunk, &fd);

    niche__csv_init_fd(&c, fd, "t.csv");
    out = dump_all(&c);
    niche__csv_release(&c);
    close(fd);
    reap(pid);
    return out;
}

/* ---- records and fields ----------------------------------------------- */

static void test_csv__simple(void **state)
{
    static const char in[] = "handle,followers,er\nalice,1.3M,1.39%\nbob,\"1,234\",N/A\n";
    struct niche__csv c;

    (void)state;
    niche__csv_init_mem(&c, in, sizeof(in) - 1, "t.csv");
    next_record(&c, 3);
    assert_int_equal(c.rec_line, 1);
    expect_field(&c, 0, "handle", 1, 1);
    expect_field(&c, 1, "followers", 1, 8);
    expect_field(&c, 2, "er", 1, 18);
    next_record(&c, 3);
    assert_int_equal(c.rec_line, 2);
    expect_field(&c, 0, "alice", 2, 1);
    expect_field(&c, 1, "1.3M", 2, 7);
    expect_field(&c, 2, "1.39%", 2, 12);
    next_record(&c, 3);
    expect_field(&c, 0, "bob", 3, 1);
    expect_field(&c, 1, "1,234", 3, 5);
    expect_field(&c, 2, "N/A", 3, 13);
    expect_end(&c);
    expect_end(&c);   /* the end stays the end */
    niche__csv_release(&c);
}

static void test_csv__quoted_delimiters_and_quotes(void **state)
{
    static const char in[] = "\"a,b\",c,\"say \"\"hi\"\"\",\"\"\"\",\"\",d\n";
    struct niche__csv c;

    (void)state;
    niche__csv_init_mem(&c, in, sizeof(in) - 1, "t.csv");
    next_record(&c, 6);
    expect_field(&c, 0, "a,b", 1, 1);
    expect_field(&c, 1, "c", 1, 7);
    expect_field(&c, 2, "say \"hi\"", 1, 9);
    expect_field(&c, 3, "\"", 1, 22);
    expect_field(&c, 4, "", 1, 27);
    expect_field(&c, 5, "d", 1, 30);
    expect_end(&c);
    niche__csv_release(&c);
}

/* A line break inside quotes is data; later fields keep true positions. */
static void test_csv__line_breaks_in_quotes(void **state)
{
    static const char in[] =
        "bio,handle\n"
        "\"line one\nline two\n\",alice,x\n"
        "\"a\r\nb\",\"c\nd\"\"\ne\",f\n"
        "last,row\n";
    struct niche__csv c;

    (void)state;
    niche__csv_init_mem(&c, in, sizeof(in) - 1, "t.csv");
    next_record(&c, 2);
    next_record(&c, 3);
    assert_int_equal(c.rec_line, 2);
    expect_field(&c, 0, "line one\nline two\n", 2, 1);
    expect_field(&c, 1, "alice", 4, 3);
    expect_field(&c, 2, "x", 4, 9);
    next_record(&c, 3);
    assert_int_equal(c.rec_line, 5);
    expect_field(&c, 0, "a\r\nb", 5, 1);
    expect_field(&c, 1, "c\nd\"\ne", 6, 4);
    expect_field(&c, 2, "f", 8, 4);
    next_record(&c, 2);
    assert_int_equal(c.rec_line, 9);
    expect_field(&c, 0, "last", 9, 1);
    expect_field(&c, 1, "row", 9, 6);
    expect_end(&c);
    niche__csv_release(&c);
}

static void test_csv__crlf(void **state)
{
    static const char in[] = "a,b\r\nc,\"d\"\r\n\r\ne,f";
    struct niche__csv c;

    (void)state;
    niche__csv_init_mem(&c, in, sizeof(in) - 1, "t.csv");
    next_record(&c, 2);
    expect_field(&c, 0, "a", 1, 1);
    expect_field(&c, 1, "b", 1, 3);
    next_record(&c, 2);
    expect_field(&c, 0, "c", 2, 1);
    expect_field(&c, 1, "d", 2, 3);
    next_record(&c, 2);   /* the blank CRLF line is skipped */
    expect_field(&c, 0, "e", 4, 1);
    expect_field(&c, 1, "f", 4, 3);
    expect_end(&c);
    niche__csv_release(&c);
}

static void test_csv__lone_cr(void **state)
{
    static const char in[] = "a,b\rc,d\r\re\r";
    struct niche__csv c;

    (void)state;
    niche__csv_init_mem(&c, in, sizeof(in) - 1, "t.csv");
    next_record(&c, 2);
    expect_field(&c, 1, "b", 1, 3);
    next_record(&c, 2);
    expect_field(&c, 0, "c", 2, 1);
    expect_field(&c, 1, "d", 2, 3);
    next_record(&c, 1);
    expect_field(&c, 0, "e", 4, 1);
    expect_end(&c);
    niche__csv_release(&c);
}

static void test_csv__bom(void **state)
{
    static const char in[] = "\xef\xbb\xbfid,name\n1,x\n";
    static const char mid[] = "a\n\xef\xbb\xbf" "b\n";
    struct niche__csv c;

    (void)state;
    niche__csv_init_mem(&c, in, sizeof(in) - 1, "t.csv");
    next_record(&c, 2);
    expect_field(&c, 0, "id", 1, 1);
    expect_field(&c, 1, "name", 1, 4);
    next_record(&c, 2);
    expect_end(&c);
    niche__csv_release(&c);
    /* Only the very start may hold the mark; elsewhere it is text. */
    niche__csv_init_mem(&c, mid, sizeof(mid) - 1, "t.csv");
    next_record(&c, 1);
    next_record(&c, 1);
    expect_field(&c, 0, "\xef\xbb\xbf" "b", 2, 1);
    niche__csv_release(&c);
}

static void test_csv__blank_lines_skipped(void **state)
{
    static const char in[] = "\n\r\n\na,b\n\n\n\rc,d\n\n";
    struct niche__csv c;

    (void)state;
    niche__csv_init_mem(&c, in, sizeof(in) - 1, "t.csv");
    next_record(&c, 2);
    assert_int_equal(c.rec_line, 4);
    expect_field(&c, 0, "a", 4, 1);
    next_record(&c, 2);
    assert_int_equal(c.rec_line, 8);
    expect_field(&c, 0, "c", 8, 1);
    expect_field(&c, 1, "d", 8, 3);
    expect_end(&c);
    niche__csv_release(&c);
}

static void test_csv__empty_input(void **state)
{
    struct niche__csv c;

    (void)state;
    niche__csv_init_mem(&c, "", 0, "t.csv");
    expect_end(&c);
    niche__csv_release(&c);
    niche__csv_init_mem(&c, "\xef\xbb\xbf\r\n\n", 6, "t.csv");
    expect_end(&c);
    niche__csv_release(&c);
    niche__csv_release(NULL);
}

static void test_csv__empty_fields(void **state)
{
    static const char in[] = ",,\na,\n  \n,\"\"";
    struct niche__csv c;

    (void)state;
    niche__csv_init_mem(&c, in, sizeof(in) - 1, "t.csv");
    next_record(&c, 3);
    expect_field(&c, 0, "", 1, 1);
    expect_field(&c, 1, "", 1, 2);
    expect_field(&c, 2, "", 1, 3);
    next_record(&c, 2);
    expect_field(&c, 0, "a", 2, 1);
    expect_field(&c, 1, "", 2, 3);
    next_record(&c, 1);   /* spaces are a value, not a blank line */
    expect_field(&c, 0, "  ", 3, 1);
    next_record(&c, 2);
    expect_field(&c, 0, "", 4, 1);
    expect_field(&c, 1, "", 4, 2);
    expect_end(&c);
    niche__csv_release(&c);
}

/* A quote inside an unquoted field is kept as text (lenient). */
static void test_csv__stray_quote_is_text(void **state)
{
    static const char in[] = "5'11\",ab\"c\"d,x\n";
    struct niche__csv c;

    (void)state;
    niche__csv_init_mem(&c, in, sizeof(in) - 1, "t.csv");
    next_record(&c, 3);
    expect_field(&c, 0, "5'11\"", 1, 1);
    expect_field(&c, 1, "ab\"c\"d", 1, 7);
    expect_field(&c, 2, "x", 1, 14);
    niche__csv_release(&c);
}

static void test_csv__nul_bytes_kept(void **state)
{
    static const char in[] = "a\0b,\"c\0\"\n";
    struct niche__csv c;

    (void)state;
    niche__csv_init_mem(&c, in, sizeof(in) - 1, "t.csv");
    next_record(&c, 2);
    expect_field_n(&c, 0, "a\0b", 3, 1, 1);
    expect_field_n(&c, 1, "c\0", 2, 1, 5);
    niche__csv_release(&c);
}

/* Columns count bytes, so a two-byte character moves later fields by two. */
static void test_csv__columns_are_bytes(void **state)
{
    static const char in[] = "\xc3\xa9t\xc3\xa9,x\n";
    struct niche__csv c;

    (void)state;
    niche__csv_init_mem(&c, in, sizeof(in) - 1, "t.csv");
    next_record(&c, 2);
    expect_field(&c, 1, "x", 1, 7);
    niche__csv_release(&c);
}

static void test_csv__other_delimiter(void **state)
{
    static const char in[] = "a;\"b;c\";1,5\n";
    struct niche__csv c;

    (void)state;
    niche__csv_init_mem(&c, in, sizeof(in) - 1, "t.csv");
    c.delim = ';';
    next_record(&c, 3);
    expect_field(&c, 0, "a", 1, 1);
    expect_field(&c, 1, "b;c", 1, 3);
    expect_field(&c, 2, "1,5", 1, 9);
    niche__csv_release(&c);
}

/* ---- errors ----------------------------------------------------------- */

static void test_csv__unterminated_quote(void **state)
{
    static const char in[] = "a,b\nc,\"never closed\nstill open,\n";
    struct niche__csv c;

    (void)state;
    niche__csv_init_mem(&c, in, sizeof(in) - 1, "in.csv");
    next_record(&c, 2);
    expect_error(&c, NICHE_EPARSE, 2, 3, "in.csv:2:3: quoted field is not closed");
    niche__csv_release(&c);

    niche__csv_init_mem(&c, "\"", 1, NULL);
    expect_error(&c, NICHE_EPARSE, 1, 1, "<input>:1:1: quoted field is not closed");
    niche__csv_release(&c);
}

static void test_csv__text_after_closing_quote(void **state)
{
    struct niche__csv c;

    (void)state;
    niche__csv_init_mem(&c, "x,\"ab\"cd,e\n", 11, "t.csv");
    expect_error(&c, NICHE_EPARSE, 1, 7, "t.csv:1:7: unexpected text after a closing quote");
    niche__csv_release(&c);
    /* After a multi-line field the position is on the later line. */
    niche__csv_init_mem(&c, "h\n\"a\nbc\" ,d\n", 12, "t.csv");
    next_record(&c, 1);
    expect_error(&c, NICHE_EPARSE, 3, 4, "t.csv:3:4: unexpected text after a closing quote");
    niche__csv_release(&c);
}

static void test_csv__record_cap(void **state)
{
    static const char in[] = "short,row\n0123456789,0123456789,0123456789\nok\n";
    static const char quoted[] = "\"0123456789\n0123456789\n0123456789\"\n";
    struct niche__csv c;

    (void)state;
    niche__csv_init_mem(&c, in, sizeof(in) - 1, "t.csv");
    c.max_record = 24;
    next_record(&c, 2);
    expect_error(&c, NICHE_ETOOBIG, 2, 0, "t.csv:2: record is longer than 24 bytes");
    niche__csv_release(&c);

    niche__csv_init_mem(&c, quoted, sizeof(quoted) - 1, "t.csv");
    c.max_record = 16;
    expect_error(&c, NICHE_ETOOBIG, 1, 0, "t.csv:1: record is longer than 16 bytes");
    niche__csv_release(&c);

    /* At the cap exactly (bytes plus one NUL per field) it still fits. */
    niche__csv_init_mem(&c, "abc,de\n", 7, "t.csv");
    c.max_record = 7;
    next_record(&c, 2);
    niche__csv_release(&c);
    niche__csv_init_mem(&c, "abc,def\n", 8, "t.csv");
    c.max_record = 7;
    expect_error(&c, NICHE_ETOOBIG, 1, 0, "t.csv:1: record is longer than 7 bytes");
    niche__csv_release(&c);
}

static void test_csv__field_cap(void **state)
{
    struct niche__csv c;

    (void)state;
    niche__csv_init_mem(&c, "a,b,c\na,b,c,d\n", 14, "t.csv");
    c.max_fields = 3;
    next_record(&c, 3);
    expect_error(&c, NICHE_ETOOBIG, 2, 7, "t.csv:2:7: record has more than 3 fields");
    niche__csv_release(&c);
}

static void test_csv__many_fields(void **state)
{
    enum { N = 3000 };
    struct niche__csv c;
    char *in = malloc(N * 8 + 2), want[16];
    size_t n = 0, i;
    long col = 1;

    (void)state;
    assert_non_null(in);
    for (i = 0; i < N; i++)
        n += (size_t)snprintf(in + n, 16, "%s%zu", i ? "," : "", i);
    in[n++] = '\n';
    niche__csv_init_mem(&c, in, n, "t.csv");
    next_record(&c, N);
    for (i = 0; i < N; i++) {
        snprintf(want, sizeof(want), "%zu", i);
        expect_field(&c, i, want, 1, col);
        col += (long)strlen(want) + 1;
    }
    expect_end(&c);
    niche__csv_release(&c);
    free(in);
}

/* The default cap on fields is what csv.h promises to keep memory bounded. */
static void test_csv__default_field_cap(void **state)
{
    struct niche__csv c;
    size_t n = 5000, i;
    char *in = malloc(2 * n + 1);

    (void)state;
    assert_non_null(in);
    for (i = 0; i < n; i++)
        in[2 * i] = 'x', in[2 * i + 1] = ',';
    in[2 * n - 1] = '\n';
    niche__csv_init_mem(&c, in, 2 * n, "t.csv");
    expect_error(&c, NICHE_ETOOBIG, 1, 2 * (long)c.max_fields + 1,
                 "t.csv:1:8193: record has more than 4096 fields");
    niche__csv_release(&c);
    free(in);
}

/* ---- file descriptors ------------------------------------------------- */

static const char messy[] =
    "\xef\xbb\xbfhandle,bio,followers\r\n"
    "alice,\"line one\r\nline \"\"two\"\"\",1.3M\r\n"
    "\r\n"
    "bob,plain,\"1,234\"\n"
    "\"car\nol\",\"\",N/A'\r"
    "dave,x,\"unterminated\n";

/* Reading a descriptor in pieces of any size gives what memory gives,
 * including a byte-order mark split over two or three reads. */
static void test_csv__fd_small_reads(void **state)
{
    static const size_t chunks[] = { 1, 2, 3, 4, 7, 64 };
    char *want = dump_mem(messy, sizeof(messy) - 1);
    size_t i;

    (void)state;
    assert_non_null(strstr(want, "[2:7 20 'line one\r\nline \"two\"']"));
    assert_non_null(strstr(want, "error -6 8:8 t.csv:8:8: quoted field is not closed"));
    for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
        char *got = dump_chunked(messy, sizeof(messy) - 1, chunks[i]);

        if (strcmp(got, want) != 0)
            fail_msg("reading %zu bytes at a time:\n%s\nwant:\n%s", chunks[i], got, want);
        free(got);
    }
    free(want);
}

/* A first read() that returns exactly the byte-order mark is not the end
 * of the input (it used to read as an empty file). */
static void test_csv__fd_bom_alone_in_first_read(void **state)
{
    static const char in[] = "\xef\xbb\xbf" "a,b\n";
    struct niche__csv c;
    int fd = -1;
    pid_t pid = spawn_writer(in, sizeof(in) - 1, 3, &fd);

    (void)state;
    niche__csv_init_fd(&c, fd, "t.csv");
    next_record(&c, 2);
    expect_field(&c, 0, "a", 1, 1);
    expect_field(&c, 1, "b", 1, 3);
    expect_end(&c);
    niche__csv_release(&c);
    close(fd);
    reap(pid);
}

/* Records and fields larger than the 256 KiB read buffer. */
static void test_csv__fd_record_bigger_than_buffer(void **state)
{
    size_t big = 300 * 1024, n = 0, i;
    char *in = malloc(4 * big), path[4096];
    struct niche__csv c;
    int fd;

    (void)state;
    assert_non_null(in);
    n += (size_t)snprintf(in, 64, "h1,h2,h3\n\"");
    for (i = 0; i < big; i++) {   /* a quoted field with quotes and breaks */
        if (i % 1000 == 999)
            in[n++] = '\n';
        else if (i % 1000 == 500)
            in[n++] = '"', in[n++] = '"';
        else
            in[n++] = (char)('a' + i % 26);
    }
    n += (size_t)snprintf(in + n, 64, "\",mid,");
    memset(in + n, 'z', big);   /* a plain field across two reads */
    n += big;
    n += (size_t)snprintf(in + n, 64, "\nx,y,z\n");

    fd = temp_file(in, n, path, sizeof(path));
    niche__csv_init_fd(&c, fd, "big.csv");
    next_record(&c, 3);
    next_record(&c, 3);
    assert_int_equal(c.fields[0].len, big);
    assert_int_equal(c.fields[0].ptr[500], '"');
    assert_int_equal(c.fields[0].ptr[999], '\n');
    assert_int_equal(c.fields[0].ptr[big - 1], 'a' + (big - 1) % 26);
    expect_field(&c, 1, "mid", 2 + (long)(big / 1000), (long)(big % 1000) + 3);
    assert_int_equal(c.fields[2].len, big);
    assert_int_equal(c.fields[2].ptr[0], 'z');
    assert_int_equal(c.fields[2].ptr[big - 1], 'z');
    assert_int_equal(c.fields[2].line, 2 + (long)(big / 1000));
    next_record(&c, 3);
    expect_field(&c, 0, "x", 3 + (long)(big / 1000), 1);
    expect_end(&c);
    niche__csv_release(&c);
    close(fd);

    /* The same file through a reader with a smaller cap. */
    fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    niche__csv_init_fd(&c, fd, "big.csv");
    c.max_record = 256 * 1024;
    next_record(&c, 3);
    expect_error(&c, NICHE_ETOOBIG, 2, 0, "big.csv:2: record is longer than 262144 bytes");
    niche__csv_release(&c);
    close(fd);
    unlink(path);
    free(in);
}

static void test_csv__fd_read_error(void **state)
{
    struct niche__csv c;
    int fd = open("/", O_RDONLY);   /* a directory: read() fails */

    (void)state;
    assert_true(fd >= 0);
    niche__csv_init_fd(&c, fd, "dir.csv");
    expect_error(&c, NICHE_EIO, 1, 0, "dir.csv:1: read failed");
    niche__csv_release(&c);
    close(fd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv__simple),
        cmocka_unit_test(test_csv__quoted_delimiters_and_quotes),
        cmocka_unit_test(test_csv__line_breaks_in_quotes),
        cmocka_unit_test(test_csv__crlf),
        cmocka_unit_test(test_csv__lone_cr),
        cmocka_unit_test(test_csv__bom),
        cmocka_unit_test(test_csv__blank_lines_skipped),
        cmocka_unit_test(test_csv__empty_input),
        cmocka_unit_test(test_csv__empty_fields),
        cmocka_unit_test(test_csv__stray_quote_is_text),
        cmocka_unit_test(test_csv__nul_bytes_kept),
        cmocka_unit_test(test_csv__columns_are_bytes),
        cmocka_unit_test(test_csv__other_delimiter),
        cmocka_unit_test(test_csv__unterminated_quote),
        cmocka_unit_test(test_csv__text_after_closing_quote),
        cmocka_unit_test(test_csv__record_cap),
        cmocka_unit_test(test_csv__field_cap),
        cmocka_unit_test(test_csv__many_fields),
        cmocka_unit_test(test_csv__default_field_cap),
        cmocka_unit_test(test_csv__fd_small_reads),
        cmocka_unit_test(test_csv__fd_bom_alone_in_first_read),
        cmocka_unit_test(test_csv__fd_record_bigger_than_buffer),
        cmocka_unit_test(test_csv__fd_read_error),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
