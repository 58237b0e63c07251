/*
 * test_buf.c - unit tests of the capped byte buffer (lib/buf.c, buf.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "buf.h"
#include "niche/error.h"
#include "banned.h"

static void test_buf__init_is_empty(void **state)
{
    struct niche__buf b = NICHE__BUF_INIT(10);

    (void)state;
    assert_null(b.buf);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.alloc, 0);
    assert_int_equal(b.max, 10);
    niche__buf_reset(&b);   /* on a NULL buffer: nothing to touch */
    assert_null(b.buf);
    niche__buf_release(&b);
    niche__buf_release(NULL);
}

static void test_buf__add_terminates(void **state)
{
    struct niche__buf b = NICHE__BUF_INIT(0);

    (void)state;
    assert_int_equal(niche__buf_add(&b, "abc", 3), 0);
    assert_int_equal(b.len, 3);
    assert_string_equal(b.buf, "abc");
    assert_int_equal(niche__buf_addch(&b, 'd'), 0);
    assert_string_equal(b.buf, "abcd");
    assert_int_equal(niche__buf_add(&b, "", 0), 0);
    assert_int_equal(b.len, 4);
    assert_true(b.alloc > b.len);
    niche__buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.buf, "");
    niche__buf_release(&b);
    assert_null(b.buf);
    assert_int_equal(b.alloc, 0);
}

static void test_buf__add_nothing_allocates(void **state)
{
    struct niche__buf b = NICHE__BUF_INIT(0);

    (void)state;
    assert_int_equal(niche__buf_add(&b, NULL, 0), 0);
    assert_non_null(b.buf);
    assert_string_equal(b.buf, "");
    niche__buf_release(&b);
}

static void test_buf__grows_past_initial(void **state)
{
    struct niche__buf b = NICHE__BUF_INIT(0);
    char chunk[1000];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(chunk); i++)
        chunk[i] = (char)('a' + i % 26);
    for (i = 0; i < 100; i++)
        assert_int_equal(niche__buf_add(&b, chunk, sizeof(chunk)), 0);
    assert_int_equal(b.len, 100000);
    assert_true(b.alloc >= 100001);
    assert_memory_equal(b.buf + 99000, chunk, sizeof(chunk));
    assert_int_equal(b.buf[b.len], '\0');
    niche__buf_release(&b);
}

static void test_buf__cap(void **state)
{
    struct niche__buf b = NICHE__BUF_INIT(5);

    (void)state;
    assert_int_equal(niche__buf_add(&b, "abcde", 5), 0);   /* exactly max */
    assert_int_equal(niche__buf_addch(&b, 'f'), NICHE_ETOOBIG);
    assert_int_equal(b.len, 5);
    assert_string_equal(b.buf, "abcde");   /* a failed add changes nothing */
    niche__buf_reset(&b);
    assert_int_equal(niche__buf_add(&b, "abcdef", 6), NICHE_ETOOBIG);
    assert_int_equal(b.len, 0);
    niche__buf_release(&b);
}

/* The cap bounds memory too: the allocation stops at max + 1. */
static void test_buf__cap_bounds_alloc(void **state)
{
    struct niche__buf b = NICHE__BUF_INIT(300);

    (void)state;
    assert_int_equal(niche__buf_grow(&b, 10), 0);
    assert_int_equal(b.alloc, 256);
    assert_int_equal(niche__buf_grow(&b, 290), 0);   /* 512 would pass the cap */
    assert_int_equal(b.alloc, 301);
    assert_int_equal(niche__buf_grow(&b, 300), 0);
    assert_int_equal(b.alloc, 301);
    assert_int_equal(niche__buf_grow(&b, 301), NICHE_ETOOBIG);
    niche__buf_release(&b);
}

static void test_buf__grow_huge(void **state)
{
    struct niche__buf capped = NICHE__BUF_INIT(100);
    struct niche__buf open = NICHE__BUF_INIT(0);

    (void)state;
    assert_int_equal(niche__buf_grow(&capped, SIZE_MAX), NICHE_ETOOBIG);
    assert_int_equal(niche__buf_add(&capped, "x", 1), 0);
    assert_int_equal(niche__buf_grow(&capped, SIZE_MAX - 1), NICHE_ETOOBIG);
    /* Without a cap, a size that wraps around must fail, not "fit". */
    assert_int_equal(niche__buf_add(&open, "x", 1), 0);
    assert_int_equal(niche__buf_grow(&open, SIZE_MAX), NICHE_ETOOBIG);
    assert_int_equal(niche__buf_grow(&open, SIZE_MAX - 1), NICHE_ETOOBIG);
    /* Nor may the doubling of the allocation wrap (it used to spin). */
    assert_int_equal(niche__buf_grow(&open, SIZE_MAX / 2 + 1), NICHE_ETOOBIG);
    assert_int_equal(niche__buf_grow(&open, SIZE_MAX / 2 - 1), NICHE_ETOOBIG);
    assert_int_equal(open.len, 1);
    niche__buf_release(&capped);
    niche__buf_release(&open);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf__init_is_empty),
        cmocka_unit_test(test_buf__add_terminates),
        cmocka_unit_test(test_buf__add_nothing_allocates),
        cmocka_unit_test(test_buf__grows_past_initial),
        cmocka_unit_test(test_buf__cap),
        cmocka_unit_test(test_buf__cap_bounds_alloc),
        cmocka_unit_test(test_buf__grow_huge),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
