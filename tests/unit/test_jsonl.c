/*
 * test_jsonl.c - unit tests of the streaming JSON Lines reader
 * (lib/jsonl.c, jsonl.h).
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
#include "jsonl.h"
#include "input.h"
#include "banned.h"

/* ---- helpers ---------------------------------------------------------- */

/* The next object must exist, start on line, and hold key = want (an
 * integer). */
static void expect_object(struct niche__jsonl *j, long line, const char *key,
                          json_int_t want)
{
    struct niche_error err = NICHE_ERROR_INIT;
    int rc = niche__jsonl_next(j, &err);
    json_t *v;

    if (rc != 1)
        fail_msg("jsonl_next: rc %d (%s); want an object", rc, err.msg);
    if (!json_is_object(niche__jsonl_object(j)))
        fail_msg("jsonl_next returned 1 without an object");
    if (j->line != line)
        fail_msg("object on line %ld; want %ld", j->line, line);
    v = json_object_get(niche__jsonl_object(j), key);
    if (!json_is_integer(v) || json_integer_value(v) != want)
        fail_msg("line %ld: '%s' is not %lld", line, key, (long long)want);
}

static void expect_end(struct niche__jsonl *j)
{
    struct niche_error err = NICHE_ERROR_INIT;
    int rc = niche__jsonl_next(j, &err);

    if (rc != 0 || j->obj || niche__jsonl_flat(j))
        fail_msg("jsonl_next: rc %d (%s); want the end", rc, err.msg);
}

static void expect_error(struct niche__jsonl *j, int code, long line, long col,
                         const char *msg_prefix)
{
    struct niche_error err = NICHE_ERROR_INIT;
    int rc = niche__jsonl_next(j, &err);

    if (rc != code || err.code != code)
        fail_msg("jsonl_next: rc %d err.code %d (%s); want %d", rc, err.code, err.msg, code);
    if (j->obj || niche__jsonl_flat(j))
        fail_msg("an object is left after an error");
    if (err.line != line || err.column != col)
        fail_msg("error at %ld:%ld (%s); want %ld:%ld", err.line, err.column, err.msg,
                 line, col);
    if (strncmp(err.msg, msg_prefix, strlen(msg_prefix)) != 0)
        fail_msg("message '%s' does not start with '%s'", err.msg, msg_prefix);
}

/* Every object (as compact JSON, with its line) or the error that ended
 * the input, to compare two ways of reading it. */
static char *dump_all(struct niche__jsonl *j)
{
    struct niche_error err = NICHE_ERROR_INIT;
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    int rc;

    assert_non_null(out);
    out[0] = '\0';
    while ((rc = niche__jsonl_next(j, &err)) > 0) {
        char *s = json_dumps(niche__jsonl_object(j), JSON_COMPACT | JSON_SORT_KEYS);

        assert_non_null(s);
        n += (size_t)snprintf(out + n, cap - n, "%ld %s\n", j->line, s);
        free(s);
        assert_true(n < cap);
    }
    if (rc < 0)
        snprintf(out + n, cap - n, "error %d %ld:%ld %s\n", rc, err.line, err.column,
                 err.msg);
    return out;
}

static char *dump_mem(const char *data, size_t len)
{
    struct niche__jsonl j;
    char *out;

    niche__jsonl_init_mem(&j, data, len, "t.jsonl");
    out = dump_all(&j);
    niche__jsonl_release(&j);
    return out;
}

static char *dump_chunked(const char *data, size_t len, size_t chunk)
{
    struct niche__jsonl j;
    char *out;
    int fd = -1;
    pid_t pid = spawn_writer(data, len, chunk, &fd);

    niche__jsonl_init_fd(&j, fd, "t.jsonl");
    out = dump_all(&j);
    niche__jsonl_release(&j);
    close(fd);
    reap(pid);
    return out;
}

/* ---- objects and lines ------------------------------------------------ */

static void test_jsonl__objects(void **state)
{
    static const char in[] = "{\"n\":1}\n{\"n\":2,\"s\":\"x\\ny\"}\n{\"n\":3}";
    struct niche__jsonl j;

    (void)state;
    niche__jsonl_init_mem(&j, in, sizeof(in) - 1, "t.jsonl");
    expect_object(&j, 1, "n", 1);
    expect_object(&j, 2, "n", 2);
    assert_string_equal(json_string_value(json_object_get(niche__jsonl_object(&j), "s")),
                        "x\ny");
    expect_object(&j, 3, "n", 3);   /* no newline at the end */
    expect_end(&j);
    expect_end(&j);
    niche__jsonl_release(&j);
    niche__jsonl_release(NULL);
}

/* A flat object takes the fast path and leaves j->obj alone until asked;
 * anything else is jansson's, as before. */
static void test_jsonl__flat_fast_path(void **state)
{
    static const char in[] = "{\"n\":1,\"s\":\"\\u00e9\"}\n{\"n\":2,\"a\":[1]}\n{\"n\":3}\n";
    struct niche__jsonl j;
    const struct niche__jflat *flat;

    (void)state;
    niche__jsonl_init_mem(&j, in, sizeof(in) - 1, "t.jsonl");
    assert_int_equal(niche__jsonl_next(&j, NULL), 1);
    assert_non_null(flat = niche__jsonl_flat(&j));
    assert_null(j.obj);
    assert_int_equal(flat->nr, 2);
    assert_string_equal(niche__jflat_get(flat, "s")->s, "\xc3\xa9");
    /* Asked for, the jansson object is built once and kept. */
    assert_ptr_equal(niche__jsonl_object(&j), niche__jsonl_object(&j));
    assert_string_equal(json_string_value(json_object_get(j.obj, "s")), "\xc3\xa9");
    expect_object(&j, 2, "n", 2);
    assert_null(niche__jsonl_flat(&j));
    assert_true(json_is_array(json_object_get(j.obj, "a")));
    expect_object(&j, 3, "n", 3);
    assert_non_null(niche__jsonl_flat(&j));
    expect_end(&j);
    niche__jsonl_release(&j);
}

static void test_jsonl__blank_lines(void **state)
{
    static const char in[] = "\n  \n{\"n\":1}\r\n\t\r\n\n{\"n\":2}\n \n";
    struct niche__jsonl j;

    (void)state;
    niche__jsonl_init_mem(&j, in, sizeof(in) - 1, "t.jsonl");
    expect_object(&j, 3, "n", 1);
    expect_object(&j, 6, "n", 2);
    expect_end(&j);
    niche__jsonl_release(&j);

    niche__jsonl_init_mem(&j, "", 0, "t.jsonl");
    expect_end(&j);
    niche__jsonl_release(&j);
    niche__jsonl_init_mem(&j, "\n\n \r\n", 5, "t.jsonl");
    expect_end(&j);
    niche__jsonl_release(&j);
}

static void test_jsonl__bom(void **state)
{
    static const char in[] = "\xef\xbb\xbf{\"n\":1}\n\xef\xbb\xbf{\"n\":2}\n";
    struct niche__jsonl j;

    (void)state;
    niche__jsonl_init_mem(&j, in, sizeof(in) - 1, "t.jsonl");
    expect_object(&j, 1, "n", 1);
    /* Only the first line may open with the mark; elsewhere it is a bad
     * token, and columns count bytes, so its end is column 3. */
    expect_error(&j, NICHE_EPARSE, 2, 3, "t.jsonl:2:3: invalid JSON");
    niche__jsonl_release(&j);

    niche__jsonl_init_mem(&j, "\xef\xbb\xbf\n{\"n\":5}\n", 12, "t.jsonl");
    expect_object(&j, 2, "n", 5);
    niche__jsonl_release(&j);
}

/* ---- errors ----------------------------------------------------------- */

static void test_jsonl__invalid_json(void **state)
{
    static const char in[] = "{\"n\":1}\n{\"a\": }\n";
    struct niche__jsonl j;

    (void)state;
    niche__jsonl_init_mem(&j, in, sizeof(in) - 1, "in.jsonl");
    expect_object(&j, 1, "n", 1);
    expect_error(&j, NICHE_EPARSE, 2, 7, "in.jsonl:2:7: invalid JSON");
    niche__jsonl_release(&j);

    niche__jsonl_init_mem(&j, "\n\n  {\"a\":1,,}", 13, NULL);
    expect_error(&j, NICHE_EPARSE, 3, 10, "<input>:3:10: invalid JSON");
    niche__jsonl_release(&j);

    /* Two objects on one line are not JSON Lines. */
    niche__jsonl_init_mem(&j, "{\"a\":1} {\"b\":2}\n", 16, "t.jsonl");
    expect_error(&j, NICHE_EPARSE, 1, 9, "t.jsonl:1:9: invalid JSON");
    niche__jsonl_release(&j);

    /* An object broken over two lines is two bad lines. */
    niche__jsonl_init_mem(&j, "{\"a\":\n1}\n", 9, "t.jsonl");
    expect_error(&j, NICHE_EPARSE, 1, 5, "t.jsonl:1:5: invalid JSON");
    niche__jsonl_release(&j);
}

static void test_jsonl__invalid_bytes(void **state)
{
    struct niche__jsonl j;

    (void)state;
    niche__jsonl_init_mem(&j, "{\"a\":\"\xff\"}\n", 10, "t.jsonl");
    expect_error(&j, NICHE_EPARSE, 1, 6, "t.jsonl:1:6: invalid JSON");
    niche__jsonl_release(&j);
    niche__jsonl_init_mem(&j, "{\"a\":1}\0\n", 9, "t.jsonl");
    expect_error(&j, NICHE_EPARSE, 1, 8, "t.jsonl:1:8: invalid JSON");
    niche__jsonl_release(&j);
}

static void test_jsonl__not_an_object(void **state)
{
    static const char *const arrays[] = { "[1,2]\n", "[{\"n\":1}]\n", "[]" };
    static const char *const scalars[] = { "\"text\"\n", "42\n", "null\n", "true\n" };
    struct niche__jsonl j;
    struct niche_error err = NICHE_ERROR_INIT;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++) {
        niche__jsonl_init_mem(&j, arrays[i], strlen(arrays[i]), "t.jsonl");
        expect_error(&j, NICHE_EPARSE, 1, 1, "t.jsonl:1:1: expected a JSON object");
        niche__jsonl_release(&j);
    }
    /* jansson itself refuses a bare scalar at the top. */
    for (i = 0; i < sizeof(scalars) / sizeof(scalars[0]); i++) {
        niche__jsonl_init_mem(&j, scalars[i], strlen(scalars[i]), "t.jsonl");
        niche_error_clear(&err);
        assert_int_equal(niche__jsonl_next(&j, &err), NICHE_EPARSE);
        assert_null(j.obj);
        assert_null(niche__jsonl_flat(&j));
        assert_int_equal(err.line, 1);
        if (!strstr(err.msg, "t.jsonl:1:") || !strstr(err.msg, "'[' or '{' expected"))
            fail_msg("'%s': message '%s'", scalars[i], err.msg);
        niche__jsonl_release(&j);
    }
}

static void test_jsonl__duplicate_keys(void **state)
{
    static const char in[] = "{\"handle\":\"a\",\"followers\":1,\"followers\":2}\n";
    struct niche__jsonl j;

    (void)state;
    niche__jsonl_init_mem(&j, in, sizeof(in) - 1, "t.jsonl");
    /* jansson points at the end of the repeated key. */
    expect_error(&j, NICHE_EPARSE, 1, 39, "t.jsonl:1:39: invalid JSON: duplicate object key");
    niche__jsonl_release(&j);
    /* Nested objects are checked too; the same key at two levels is fine. */
    niche__jsonl_init_mem(&j, "{\"a\":{\"a\":1,\"b\":2},\"b\":3}\n", 27, "t.jsonl");
    expect_object(&j, 1, "b", 3);
    niche__jsonl_release(&j);
    niche__jsonl_init_mem(&j, "{\"o\":{\"k\":1,\"k\":1}}\n", 21, "t.jsonl");
    expect_error(&j, NICHE_EPARSE, 1, 15, "t.jsonl:1:15: invalid JSON: duplicate object key");
    niche__jsonl_release(&j);
}

static void test_jsonl__key_column(void **state)
{
    static const char in[] =
        "{\"handle\": \"alice\", \"followers\": \"1,3Q\", \"follow\": 1}\n";
    static const char bom[] = "\xef\xbb\xbf{\"x\":1,\"followers\":2}\n";
    static const char vfirst[] = "{\"a\":\"handle\",\"handle\" : \"n\",\"n\":1}\n";
    struct niche__jsonl j;

    (void)state;
    niche__jsonl_init_mem(&j, in, sizeof(in) - 1, "t.jsonl");
    assert_int_equal(niche__jsonl_key_column(&j, "handle"), 0);   /* no line yet */
    expect_object(&j, 1, "follow", 1);
    assert_int_equal(niche__jsonl_key_column(&j, "handle"), 2);
    assert_int_equal(niche__jsonl_key_column(&j, "followers"), 21);
    assert_int_equal(niche__jsonl_key_column(&j, "follow"), 42);
    assert_int_equal(niche__jsonl_key_column(&j, "absent"), 0);
    assert_int_equal(niche__jsonl_key_column(&j, "alice"), 0);   /* a value */
    niche__jsonl_release(&j);

    /* A value spelled like the key comes first; the key is still found. */
    niche__jsonl_init_mem(&j, vfirst, sizeof(vfirst) - 1, "t.jsonl");
    expect_object(&j, 1, "n", 1);
    assert_int_equal(niche__jsonl_key_column(&j, "handle"), 15);
    assert_int_equal(niche__jsonl_key_column(&j, "n"), 30);
    niche__jsonl_release(&j);

    /* Columns count from after the byte-order mark, as errors do. */
    niche__jsonl_init_mem(&j, bom, sizeof(bom) - 1, "t.jsonl");
    expect_object(&j, 1, "followers", 2);
    assert_int_equal(niche__jsonl_key_column(&j, "followers"), 8);
    niche__jsonl_release(&j);
}

/* ---- file descriptors and long lines ---------------------------------- */

static const char messy[] =
    "\xef\xbb\xbf{\"handle\":\"alice\",\"followers\":\"1.3M\"}\r\n"
    "\n"
    "   \n"
    "{\"handle\":\"bob\",\"tags\":[\"a\",\"b\"],\"n\":{\"x\":null}}\n"
    "{\"handle\":\"caf\xc3\xa9\",\"er\":1.39}\n"
    "{\"handle\":\"dup\",\"handle\":\"dup\"}\n";

static void test_jsonl__fd_small_reads(void **state)
{
    static const size_t chunks[] = { 1, 2, 3, 5, 64 };
    char *want = dump_mem(messy, sizeof(messy) - 1);
    size_t i;

    (void)state;
    assert_non_null(strstr(want, "1 {\"followers\":\"1.3M\",\"handle\":\"alice\"}\n"));
    assert_non_null(strstr(want, "error -6 6:"));
    for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
        char *got = dump_chunked(messy, sizeof(messy) - 1, chunks[i]);

        if (strcmp(got, want) != 0)
            fail_msg("reading %zu bytes at a time:\n%s\nwant:\n%s", chunks[i], got, want);
        free(got);
    }
    free(want);
}

/* A line longer than the 256 KiB read buffer is put together whole. */
static void test_jsonl__fd_line_bigger_than_buffer(void **state)
{
    size_t big = 600 * 1024, n = 0;
    char *in = malloc(big + 256), path[4096];
    struct niche__jsonl j;
    struct niche_error err = NICHE_ERROR_INIT;
    json_t *bio;
    int fd;

    (void)state;
    assert_non_null(in);
    n += (size_t)snprintf(in, 64, "{\"n\":1}\n{\"bio\":\"");
    memset(in + n, 'b', big);
    n += big;
    n += (size_t)snprintf(in + n, 64, "\",\"n\":2}\n\n{\"n\":3}\n");

    fd = temp_file(in, n, path, sizeof(path));
    niche__jsonl_init_fd(&j, fd, "big.jsonl");
    expect_object(&j, 1, "n", 1);
    expect_object(&j, 2, "n", 2);
    bio = json_object_get(niche__jsonl_object(&j), "bio");
    assert_true(json_is_string(bio));
    assert_int_equal(json_string_length(bio), big);
    assert_int_equal(niche__jsonl_key_column(&j, "n"), (long)big + 11);
    expect_object(&j, 4, "n", 3);
    expect_end(&j);
    niche__jsonl_release(&j);
    close(fd);

    /* Under a smaller cap the long line fails, with its line number. */
    fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    niche__jsonl_init_fd(&j, fd, "big.jsonl");
    j.acc.max = 300 * 1024;
    expect_object(&j, 1, "n", 1);
    assert_int_equal(niche__jsonl_next(&j, &err), NICHE_ETOOBIG);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.msg, "big.jsonl:2: line is longer than 307200 bytes");
    niche__jsonl_release(&j);
    close(fd);
    unlink(path);
    free(in);
}

/* The cap holds for memory input too, whether or not a newline ends the
 * line, so a file and the same bytes in memory behave alike. */
static void test_jsonl__mem_line_cap(void **state)
{
    static const char with_nl[] = "{\"a\":12345678901234}\n{\"b\":1}\n";
    static const char without_nl[] = "{\"a\":12345678901234}";
    struct niche__jsonl j;

    (void)state;
    niche__jsonl_init_mem(&j, with_nl, sizeof(with_nl) - 1, "t.jsonl");
    j.acc.max = 10;
    expect_error(&j, NICHE_ETOOBIG, 1, 0, "t.jsonl:1: line is longer than 10 bytes");
    niche__jsonl_release(&j);
    niche__jsonl_init_mem(&j, without_nl, sizeof(without_nl) - 1, "t.jsonl");
    j.acc.max = 10;
    expect_error(&j, NICHE_ETOOBIG, 1, 0, "t.jsonl:1: line is longer than 10 bytes");
    niche__jsonl_release(&j);
    niche__jsonl_init_mem(&j, with_nl, sizeof(with_nl) - 1, "t.jsonl");
    j.acc.max = 20;   /* exactly the first line */
    expect_object(&j, 1, "a", 12345678901234);
    expect_object(&j, 2, "b", 1);
    niche__jsonl_release(&j);
}

static void test_jsonl__fd_read_error(void **state)
{
    struct niche__jsonl j;
    int fd = open("/", O_RDONLY);

    (void)state;
    assert_true(fd >= 0);
    niche__jsonl_init_fd(&j, fd, "dir.jsonl");
    expect_error(&j, NICHE_EIO, 1, 0, "dir.jsonl:1: read failed");
    niche__jsonl_release(&j);
    close(fd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonl__objects),
        cmocka_unit_test(test_jsonl__flat_fast_path),
        cmocka_unit_test(test_jsonl__blank_lines),
        cmocka_unit_test(test_jsonl__bom),
        cmocka_unit_test(test_jsonl__invalid_json),
        cmocka_unit_test(test_jsonl__invalid_bytes),
        cmocka_unit_test(test_jsonl__not_an_object),
        cmocka_unit_test(test_jsonl__duplicate_keys),
        cmocka_unit_test(test_jsonl__key_column),
        cmocka_unit_test(test_jsonl__fd_small_reads),
        cmocka_unit_test(test_jsonl__fd_line_bigger_than_buffer),
        cmocka_unit_test(test_jsonl__mem_line_cap),
        cmocka_unit_test(test_jsonl__fd_read_error),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
