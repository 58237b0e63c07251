/*
 * test_jsonflat.c - unit tests of the flat JSON object parser
 * (lib/jsonflat.c, jsonflat.h).
 *
 * Every text the parser accepts is also handed to jansson, which must
 * accept it too: the parser's whole contract is never to accept more.
 */
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>
#include "jsonflat.h"
#include "banned.h"

/* ---- helpers ---------------------------------------------------------- */

static void jansson_accepts(const char *text, size_t len)
{
    json_error_t jerr;
    json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);

    if (!json_is_object(o))
        fail_msg("flat parser accepted '%.*s' but jansson says: %s", (int)len, text, jerr.text);
    json_decref(o);
}

/* text must parse, into nr fields. */
static void accept_n(struct niche__jflat *j, const char *text, size_t len, size_t nr)
{
    if (niche__jflat_parse(j, text, len) != 1)
        fail_msg("rejected '%.*s'", (int)len, text);
    jansson_accepts(text, len);
    if (j->nr != nr)
        fail_msg("'%.*s': %zu fields; want %zu", (int)len, text, j->nr, nr);
}

static void accept(struct niche__jflat *j, const char *text, size_t nr)
{
    accept_n(j, text, strlen(text), nr);
}

static void reject_n(const char *text, size_t len)
{
    struct niche__jflat j = NICHE__JFLAT_INIT;

    if (niche__jflat_parse(&j, text, len) != 0)
        fail_msg("accepted '%.*s'", (int)len, text);
    assert_int_equal(j.nr, 0);
    niche__jflat_release(&j);
}

static void reject(const char *text)
{
    reject_n(text, strlen(text));
}

static const struct niche__jflat_field *field(const struct niche__jflat *j, const char *key,
                                              enum niche__jflat_kind kind)
{
    const struct niche__jflat_field *f = niche__jflat_get(j, key);

    if (!f)
        fail_msg("no field '%s'", key);
    if (f->kind != kind)
        fail_msg("field '%s' is of kind %d; want %d", key, (int)f->kind, (int)kind);
    return f;
}

static void expect_str(const struct niche__jflat *j, const char *key, const char *want,
                       size_t want_len)
{
    const struct niche__jflat_field *f = field(j, key, NICHE__JFLAT_STR);

    assert_int_equal(f->len, want_len);
    assert_memory_equal(f->s, want, want_len);
    assert_int_equal(f->s[f->len], '\0');
}

static void expect_int(const struct niche__jflat *j, const char *key, int64_t want)
{
    const struct niche__jflat_field *f = field(j, key, NICHE__JFLAT_INT);

    if (f->i != want)
        fail_msg("'%s' is %lld; want %lld", key, (long long)f->i, (long long)want);
}

static void expect_real(const struct niche__jflat *j, const char *key, double want)
{
    const struct niche__jflat_field *f = field(j, key, NICHE__JFLAT_REAL);

    if (memcmp(&f->d, &want, sizeof(want)) != 0)
        fail_msg("'%s' is %.17g; want %.17g", key, f->d, want);
}

/* ---- values ----------------------------------------------------------- */

static void test_jsonflat__every_kind(void **state)
{
    struct niche__jflat j = NICHE__JFLAT_INIT;

    (void)state;
    accept(&j,
           "{\"s\":\"hi\",\"i\":-42,\"r\":2.5,\"t\":true,\"f\":false,\"n\":null,"
           "\"e\":\"\"}",
           7);
    expect_str(&j, "s", "hi", 2);
    expect_int(&j, "i", -42);
    expect_real(&j, "r", 2.5);
    field(&j, "t", NICHE__JFLAT_TRUE);
    field(&j, "f", NICHE__JFLAT_FALSE);
    field(&j, "n", NICHE__JFLAT_NULL);
    expect_str(&j, "e", "", 0);
    assert_null(niche__jflat_get(&j, "x"));
    assert_null(niche__jflat_get(&j, "S"));
    /* Fields keep the order of the text. */
    assert_string_equal(j.items[0].key, "s");
    assert_string_equal(j.items[6].key, "e");
    niche__jflat_release(&j);
    niche__jflat_release(NULL);
}

static void test_jsonflat__whitespace(void **state)
{
    struct niche__jflat j = NICHE__JFLAT_INIT;

    (void)state;
    accept(&j, " \t\r\n{ \"a\" : 1 , \"b\"\n:\r\"x\"\t}\r\n ", 2);
    expect_int(&j, "a", 1);
    expect_str(&j, "b", "x", 1);
    /* \v and \f are whitespace to C, not to JSON. */
    reject("\v{}");
    reject("{}\f");
    reject("{\"a\":\v1}");
    niche__jflat_release(&j);
}

static void test_jsonflat__empty_object(void **state)
{
    struct niche__jflat j = NICHE__JFLAT_INIT;

    (void)state;
    accept(&j, "{}", 0);
    accept(&j, "  {  }  ", 0);
    assert_null(niche__jflat_get(&j, ""));
    reject("");
    reject("   ");
    niche__jflat_release(&j);
}

static void test_jsonflat__empty_key(void **state)
{
    struct niche__jflat j = NICHE__JFLAT_INIT;

    (void)state;
    accept(&j, "{\"\":1,\"a\":2}", 2);
    expect_int(&j, "", 1);
    expect_int(&j, "a", 2);
    niche__jflat_release(&j);
}

/* ---- strings ---------------------------------------------------------- */

static void test_jsonflat__escapes(void **state)
{
    struct niche__jflat j = NICHE__JFLAT_INIT;

    (void)state;
    accept(&j, "{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", 1);
    expect_str(&j, "s", "\"\\/\b\f\n\r\t", 8);
    accept(&j, "{\"a\":\"\\u0041\\u00e9\\u00E9\\u20ac\",\"\\u006b\":\"\\u0001\\u007f\"}", 2);
    expect_str(&j, "a", "A\xc3\xa9\xc3\xa9\xe2\x82\xac", 8);
    expect_str(&j, "k", "\x01\x7f", 2);
    reject("{\"s\":\"\\x\"}");
    reject("{\"s\":\"\\'\"}");
    reject("{\"s\":\"\\u12\"}");
    reject("{\"s\":\"\\u12g4\"}");
    reject("{\"s\":\"\\");
    reject("{\"s\":\"\\u");
    reject("{\"s\":\"abc");
    niche__jflat_release(&j);
}

static void test_jsonflat__surrogates(void **state)
{
    struct niche__jflat j = NICHE__JFLAT_INIT;

    (void)state;
    accept(&j, "{\"s\":\"\\ud83d\\ude00!\",\"t\":\"\\uDBFF\\uDFFF\"}", 2);
    expect_str(&j, "s", "\xf0\x9f\x98\x80!", 5);
    expect_str(&j, "t", "\xf4\x8f\xbf\xbf", 4);
    reject("{\"s\":\"\\ud83d\"}"); /* a lone high surrogate */
    reject("{\"s\":\"\\ud83dx\"}");
    reject("{\"s\":\"\\ude00\"}");        /* a lone low surrogate */
    reject("{\"s\":\"\\ud83d\\ud83d\"}"); /* high, then high */
    reject("{\"s\":\"\\ud83d\\u0041\"}");
    reject("{\"s\":\"\\ud83d\\n\"}");
    niche__jflat_release(&j);
}

static void test_jsonflat__nul(void **state)
{
    (void)state;
    reject("{\"s\":\"\\u0000\"}");
    reject("{\"\\u0000\":1}");
    reject_n("{\"s\":\"a\0b\"}", 11);
    reject_n("{\"s\":1}\0", 8);
}

static void test_jsonflat__control_chars(void **state)
{
    struct niche__jflat j = NICHE__JFLAT_INIT;
    char text[16];
    int c;

    (void)state;
    for (c = 1; c < 0x20; c++) {
        snprintf(text, sizeof(text), "{\"s\":\"a%cb\"}", c);
        reject(text);
        snprintf(text, sizeof(text), "{\"%c\":1}", c);
        reject(text);
    }
    accept(&j, "{\"s\":\"\x7f\"}", 1); /* DEL is no control to JSON */
    niche__jflat_release(&j);
}

static void test_jsonflat__utf8(void **state)
{
    struct niche__jflat j = NICHE__JFLAT_INIT;

    (void)state;
    accept(&j, "{\"caf\xc3\xa9\":\"\xe2\x98\x95 \xf0\x9f\x98\x80 \xc2\xa0\"}", 1);
    expect_str(&j, "caf\xc3\xa9", "\xe2\x98\x95 \xf0\x9f\x98\x80 \xc2\xa0", 11);
    reject("{\"s\":\"\x80\"}");             /* a lone continuation byte */
    reject("{\"s\":\"\xc3\"}");             /* cut short by the quote */
    reject("{\"s\":\"\xc3");                /* cut short by the end */
    reject("{\"s\":\"\xc0\x80\"}");         /* overlong NUL */
    reject("{\"s\":\"\xc1\xbf\"}");         /* overlong */
    reject("{\"s\":\"\xe0\x80\xaf\"}");     /* overlong '/' */
    reject("{\"s\":\"\xf0\x80\x80\xaf\"}"); /* overlong '/' */
    reject("{\"s\":\"\xed\xa0\x80\"}");     /* an encoded surrogate */
    reject("{\"s\":\"\xf4\x90\x80\x80\"}"); /* past U+10FFFF */
    reject("{\"s\":\"\xf5\x80\x80\x80\"}");
    reject("{\"s\":\"\xff\"}");
    reject("{\"\xe9\":1}");      /* Latin-1 in a key */
    reject("{\"s\":1}\xc2\xa0"); /* no-break space is no JSON space */
    reject("\xef\xbb\xbf{}");    /* a BOM is the reader's business */
    niche__jflat_release(&j);
}

/* ---- numbers ---------------------------------------------------------- */

static void test_jsonflat__integers(void **state)
{
    struct niche__jflat j = NICHE__JFLAT_INIT;

    (void)state;
    accept(&j, "{\"a\":0,\"b\":-0,\"c\":7,\"d\":1234567890123}", 4);
    expect_int(&j, "a", 0);
    expect_int(&j, "b", 0);
    expect_int(&j, "c", 7);
    expect_int(&j, "d", INT64_C(1234567890123));
    niche__jflat_release(&j);
}

static void test_jsonflat__big_integers(void **state)
{
    struct niche__jflat j = NICHE__JFLAT_INIT;

    (void)state;
    accept(&j, "{\"max\":9223372036854775807,\"min\":-9223372036854775808}", 2);
    expect_int(&j, "max", INT64_MAX);
    expect_int(&j, "min", INT64_MIN);
    /* One past either end: jansson reports the overflow, so we decline. */
    reject("{\"a\":9223372036854775808}");
    reject("{\"a\":-9223372036854775809}");
    reject("{\"a\":18446744073709551616}");
    reject("{\"a\":123456789012345678901234567890}");
    /* Too big as an integer is fine as a real. */
    accept(&j, "{\"a\":123456789012345678901234567890.5,\"b\":9223372036854775808e0}", 2);
    expect_real(&j, "a", 123456789012345678901234567890.5);
    expect_real(&j, "b", 9223372036854775808.0);
    niche__jflat_release(&j);
}

static void test_jsonflat__reals(void **state)
{
    struct niche__jflat j = NICHE__JFLAT_INIT;

    (void)state;
    accept(&j,
           "{\"a\":1.5,\"b\":-0.25,\"c\":1e3,\"d\":1E-2,\"e\":2.5e+3,\"f\":0.0,"
           "\"g\":-0.0}",
           7);
    expect_real(&j, "a", 1.5);
    expect_real(&j, "b", -0.25);
    expect_real(&j, "c", 1000.0); /* an exponent makes a real */
    expect_real(&j, "d", 0.01);
    expect_real(&j, "e", 2500.0);
    expect_real(&j, "f", 0.0);
    expect_real(&j, "g", -0.0);
    accept(&j, "{\"a\":0.1,\"b\":1.7976931348623157e308,\"c\":1e-400}", 3);
    expect_real(&j, "a", 0.1);
    expect_real(&j, "b", 1.7976931348623157e308);
    expect_real(&j, "c", 0.0); /* underflow is accepted, as by jansson */
    reject("{\"a\":1e400}");   /* overflow is not */
    reject("{\"a\":-1e400}");
    niche__jflat_release(&j);
}

static void test_jsonflat__bad_numbers(void **state)
{
    static const char *const bad[] = {
        "01",  "-01",      "00",        "+1",    ".5",  "-.5",  "1.",    "1.e5",
        "1e",  "1e+",      "1E-",       "-",     "--1", "0x10", "1.5.5", "1e5e5",
        "NaN", "Infinity", "-Infinity", "1_000", "1 2", "- 1",  "0-",    "1,",
    };
    char text[64];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(text, sizeof(text), "{\"a\":%s}", bad[i]);
        reject(text);
    }
}

static void test_jsonflat__long_number(void **state)
{
    struct niche__jflat j = NICHE__JFLAT_INIT;
    char text[256];

    (void)state;
    /* A real token too long to copy on the stack is left to jansson. */
    snprintf(text, sizeof(text), "{\"a\":0.%0100d1}", 0);
    reject(text);
    /* Up to 63 bytes it is read here. */
    snprintf(text, sizeof(text), "{\"a\":-0.%059d5}", 0);
    accept(&j, text, 1);
    expect_real(&j, "a", -5e-60);
    niche__jflat_release(&j);
}

static void test_jsonflat__locale(void **state)
{
    static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
                                        "fr_FR.utf8", "ru_RU.UTF-8"};
    struct niche__jflat j = NICHE__JFLAT_INIT;
    char *old = strdup(setlocale(LC_NUMERIC, NULL));
    size_t i;

    (void)state;
    assert_non_null(old);
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (setlocale(LC_NUMERIC, names[i]) && *localeconv()->decimal_point == ',')
            break;
    if (i == sizeof(names) / sizeof(names[0])) {
        free(old);
        skip(); /* no locale with a decimal comma is installed */
    }
    accept(&j, "{\"a\":2.5}", 1);
    expect_real(&j, "a", 2.5);
    setlocale(LC_NUMERIC, old);
    free(old);
    niche__jflat_release(&j);
}

/* ---- structure -------------------------------------------------------- */

static void test_jsonflat__literals(void **state)
{
    (void)state;
    reject("{\"a\":tru}");
    reject("{\"a\":truex}");
    reject("{\"a\":True}");
    reject("{\"a\":nul}");
    reject("{\"a\":nulll}");
    reject("{\"a\":fals}");
    reject("{\"a\":t");
    reject("{\"a\":undefined}");
}

static void test_jsonflat__duplicates(void **state)
{
    struct niche__jflat j = NICHE__JFLAT_INIT;

    (void)state;
    reject("{\"a\":1,\"a\":2}");
    reject("{\"a\":1,\"b\":2,\"a\":1}");
    reject("{\"a\":1,\"\\u0061\":2}"); /* the same key once decoded */
    reject("{\"\":1,\"\":2}");
    accept(&j, "{\"a\":1,\"A\":2,\"a \":3,\"ab\":4}", 4);
    niche__jflat_release(&j);
}

static void test_jsonflat__nested(void **state)
{
    (void)state;
    reject("{\"a\":{}}");
    reject("{\"a\":{\"b\":1}}");
    reject("{\"a\":[]}");
    reject("{\"a\":[1,2]}");
    reject("{\"a\":1,\"b\":{\"c\":2}}");
    reject("[]");
    reject("[{\"a\":1}]");
    reject("1");
    reject("\"a\"");
    reject("null");
}

static void test_jsonflat__trailing_garbage(void **state)
{
    (void)state;
    reject("{} x");
    reject("{}{}");
    reject("{\"a\":1}{\"b\":2}");
    reject("{},");
    reject("{}}");
    reject("{\"a\":1}\"");
    reject("{\"a\":1} //");
}

static void test_jsonflat__syntax(void **state)
{
    static const char *const bad[] = {
        "{",           "}",           "{\"a\"}",           "{\"a\" 1}",          "{\"a\":}",
        "{\"a\":1,}",  "{,\"a\":1}",  "{\"a\":1 \"b\":2}", "{\"a\":1,,\"b\":2}", "{a:1}",
        "{'a':1}",     "{\"a\":'x'}", "{\"a\"::1}",        "{\"a\":1",           "{\"a\"",
        "{\"a\":\"x}", "{1:1}",       "{null:1}",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        reject(bad[i]);
}

/* ---- buffers and limits ----------------------------------------------- */

static void test_jsonflat__not_terminated(void **state)
{
    struct niche__jflat j = NICHE__JFLAT_INIT;
    const char text[] = "{\"a\":12,\"b\":1.5}999";

    (void)state;
    /* The parser reads only len bytes: the digits after must not count. */
    accept_n(&j, text, strlen(text) - 3, 2);
    expect_int(&j, "a", 12);
    expect_real(&j, "b", 1.5);
    reject_n("{\"a\":12}", 7);
    reject_n("{\"a\":1.5}", 8);
    niche__jflat_release(&j);
}

static void test_jsonflat__reuse(void **state)
{
    struct niche__jflat j = NICHE__JFLAT_INIT;

    (void)state;
    accept(&j, "{\"a\":\"one\",\"b\":2}", 2);
    accept(&j, "{\"c\":\"three\"}", 1);
    assert_null(niche__jflat_get(&j, "a"));
    expect_str(&j, "c", "three", 5);
    assert_int_equal(niche__jflat_parse(&j, "{\"c\":\"x\",", 9), 0);
    assert_int_equal(j.nr, 0);
    assert_null(niche__jflat_get(&j, "c"));
    accept(&j, "{}", 0);
    niche__jflat_release(&j);
    accept(&j, "{\"d\":4}", 1); /* usable again after release */
    niche__jflat_release(&j);
}

static void test_jsonflat__many_fields(void **state)
{
    struct niche__jflat j = NICHE__JFLAT_INIT;
    size_t cap = 16 * (NICHE__JFLAT_MAX_FIELDS + 1) + 8, n = 0;
    char *text = malloc(cap);
    char key[16];
    int i;

    (void)state;
    assert_non_null(text);
    text[n++] = '{';
    for (i = 0; i < NICHE__JFLAT_MAX_FIELDS; i++)
        n += (size_t)snprintf(text + n, cap - n, "%s\"k%d\":%d", i ? "," : "", i, i);
    text[n++] = '}';
    accept_n(&j, text, n, NICHE__JFLAT_MAX_FIELDS);
    for (i = 0; i < NICHE__JFLAT_MAX_FIELDS; i += 37) {
        snprintf(key, sizeof(key), "k%d", i);
        expect_int(&j, key, i);
    }
    /* One more field than the duplicate check is meant for: jansson's. */
    n--;
    n += (size_t)snprintf(text + n, cap - n, ",\"last\":1}");
    reject_n(text, n);
    free(text);
    niche__jflat_release(&j);
}

static void test_jsonflat__long_string(void **state)
{
    struct niche__jflat j = NICHE__JFLAT_INIT;
    size_t big = 100000, n = 0;
    char *text = malloc(big + 32);

    (void)state;
    assert_non_null(text);
    n += (size_t)snprintf(text, 32, "{\"bio\":\"");
    memset(text + n, 'b', big);
    n += big;
    memcpy(text + n, "\\n\"}", 4);
    n += 4;
    accept_n(&j, text, n, 1);
    field(&j, "bio", NICHE__JFLAT_STR);
    assert_int_equal(niche__jflat_get(&j, "bio")->len, big + 1);
    assert_int_equal(niche__jflat_get(&j, "bio")->s[big], '\n');
    /* Past the cap on the decoded text, the parser declines. */
    j.buf.max = 1000;
    assert_int_equal(niche__jflat_parse(&j, text, n), 0);
    free(text);
    niche__jflat_release(&j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonflat__every_kind),
        cmocka_unit_test(test_jsonflat__whitespace),
        cmocka_unit_test(test_jsonflat__empty_object),
        cmocka_unit_test(test_jsonflat__empty_key),
        cmocka_unit_test(test_jsonflat__escapes),
        cmocka_unit_test(test_jsonflat__surrogates),
        cmocka_unit_test(test_jsonflat__nul),
        cmocka_unit_test(test_jsonflat__control_chars),
        cmocka_unit_test(test_jsonflat__utf8),
        cmocka_unit_test(test_jsonflat__integers),
        cmocka_unit_test(test_jsonflat__big_integers),
        cmocka_unit_test(test_jsonflat__reals),
        cmocka_unit_test(test_jsonflat__bad_numbers),
        cmocka_unit_test(test_jsonflat__long_number),
        cmocka_unit_test(test_jsonflat__locale),
        cmocka_unit_test(test_jsonflat__literals),
        cmocka_unit_test(test_jsonflat__duplicates),
        cmocka_unit_test(test_jsonflat__nested),
        cmocka_unit_test(test_jsonflat__trailing_garbage),
        cmocka_unit_test(test_jsonflat__syntax),
        cmocka_unit_test(test_jsonflat__not_terminated),
        cmocka_unit_test(test_jsonflat__reuse),
        cmocka_unit_test(test_jsonflat__many_fields),
        cmocka_unit_test(test_jsonflat__long_string),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
