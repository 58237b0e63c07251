/*
 * jsonflat.c - a fast parser for flat JSON objects (jsonflat.h).
 *
 * Why it exists. Importing a million JSON Lines posts spent two thirds of
 * its time in jansson: json_loadb() allocates a json_t per value, a hash
 * table per object and a copy of every key and string, and json_delete()
 * frees them all again, once per line. Yet nearly every line is one flat
 * object with a dozen fields. This parser reads such a line with no
 * allocation in the steady state: one pass over the text, decoding keys and
 * strings into one reusable buffer and recording each field in a reusable
 * array (the items/nr/alloc idiom).
 *
 * The contract is one-sided. A return of 1 promises that jansson, called as
 * json_loadb(text, len, JSON_REJECT_DUPLICATES, &err), would accept the same
 * bytes and build an object with the same keys and equal values (same type,
 * byte-equal strings, equal numbers). A return of 0 promises nothing: the
 * caller falls back to jansson, which then decides, so every error message
 * and position still comes from jansson. Anything odd may therefore return
 * 0 without a second thought, and does:
 *
 *  - values that are objects or arrays (not flat);
 *  - integers outside int64_t (jansson reports "too big integer"), reals
 *    that overflow to infinity ("real number overflow"), and number tokens
 *    longer than NUMBER_MAX bytes (rare; not worth a heap copy);
 *  - \u0000 or a raw NUL (jansson rejects both without JSON_ALLOW_NUL);
 *  - more than NICHE__JFLAT_MAX_FIELDS keys, since duplicates are found by
 *    comparing each key with those before it;
 *  - every syntax error: bad escapes, lone surrogates, control characters
 *    in strings, invalid or overlong UTF-8 or encoded surrogates anywhere,
 *    leading zeros, '+', '.5', '1.', '1e', and anything but the four JSON
 *    whitespace bytes after the closing brace.
 *
 * Numbers follow jansson's lexer: a literal without fraction or exponent is
 * an integer (json_int_t is 64 bits); any other is a real read by strtod()
 * after jansson's own locale trick (the '.' becomes the locale's decimal
 * point), so both give the same double bit for bit. strtod's underflow to 0
 * or a subnormal is accepted, as jansson accepts it.
 *
 * Memory. An unescaped string of r bytes between its quotes decodes to at
 * most r bytes (escapes only shrink: "\u00e9" is 6 bytes in, 2 out; a
 * surrogate pair 12 in, 4 out), and its NUL terminator fits in the space of
 * its two quotes. So the decoded keys and strings of a text of len bytes
 * fit in len bytes, and the buffer is grown once, up front, to len + 1
 * (capped at NICHE__JFLAT_MAX_TEXT; past it we return 0). Decoding then
 * writes without bounds checks and pointers into the buffer stay put while
 * the parse runs.
 */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "jsonflat.h"
#include "internal.h"
#include "banned.h"

/* Longest number token copied for strtod(); longer ones go to jansson. */
#define NUMBER_MAX 63

struct parser {
    const unsigned char *p, *end; /* the unread text */
    char *out;                    /* next free byte of the buffer */
};

void niche__jflat_init(struct niche__jflat *j)
{
    struct niche__jflat init = NICHE__JFLAT_INIT;

    *j = init;
}

void niche__jflat_release(struct niche__jflat *j)
{
    if (!j)
        return;
    niche__buf_release(&j->buf);
    free(j->items);
    niche__jflat_init(j);
}

/* ---- lexing ----------------------------------------------------------- */

/* JSON whitespace is these four bytes only; \v and \f are not. */
static void skip_ws(struct parser *ps)
{
    while (ps->p < ps->end &&
           (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static int eat(struct parser *ps, unsigned char c)
{
    if (ps->p < ps->end && *ps->p == c) {
        ps->p++;
        return 1;
    }
    return 0;
}

/* 1: the byte may be copied as it is inside a string (printable ASCII
 * other than '"' and '\\'). Built at compile time from the ranges. */
/* clang-format off */
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
static const unsigned char plain[256] = {
    R16(0), R16(0),                                 /* 0x00-0x1f: controls */
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20-0x2f: not '"' */
    R16(1), R16(1),                                 /* 0x30-0x4f */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50-0x5f: not '\\' */
    R16(1), R16(1),                                 /* 0x60-0x7f */
    /* 0x80-0xff: zero, checked as UTF-8 */
};
#undef R16
/* clang-format on */

/* Length of the valid UTF-8 sequence at s (s[0] >= 0x80), or 0 if it is
 * not one; the rules are jansson's utf8_check_full() (lib/alloc.c). */
static size_t utf8_len(const unsigned char *s, const unsigned char *end)
{
    return niche__utf8_seq(s, 0, (size_t)(end - s));
}

static char *utf8_put(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        *o++ = (char)cp;
    } else if (cp < 0x800) {
        *o++ = (char)(0xc0 | cp >> 6);
        *o++ = (char)(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        *o++ = (char)(0xe0 | cp >> 12);
        *o++ = (char)(0x80 | (cp >> 6 & 0x3f));
        *o++ = (char)(0x80 | (cp & 0x3f));
    } else {
        *o++ = (char)(0xf0 | cp >> 18);
        *o++ = (char)(0x80 | (cp >> 12 & 0x3f));
        *o++ = (char)(0x80 | (cp >> 6 & 0x3f));
        *o++ = (char)(0x80 | (cp & 0x3f));
    }
    return o;
}

/* Read "uXXXX" at ps->p (after the backslash) into *cp; 0 if malformed. */
static int hex4(struct parser *ps, uint32_t *cp)
{
    const unsigned char *s = ps->p;
    int k;

    if (ps->end - s < 5 || s[0] != 'u')
        return 0;
    *cp = 0;
    for (k = 1; k <= 4; k++) {
        unsigned c = s[k], v;

        if (c >= '0' && c <= '9')
            v = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            v = (c | 0x20) - 'a' + 10;
        else
            return 0;
        *cp = *cp << 4 | v;
    }
    ps->p += 5;
    return 1;
}

/* A \u escape, with ps->p on the 'u': a surrogate pair must be complete,
 * and U+0000 is refused as jansson refuses it. */
static int unicode_escape(struct parser *ps)
{
    uint32_t cp, lo;

    if (!hex4(ps, &cp) || cp == 0 || (cp >= 0xdc00 && cp <= 0xdfff))
        return 0;
    if (cp >= 0xd800 && cp <= 0xdbff) {
        if (!eat(ps, '\\') || !hex4(ps, &lo) || lo < 0xdc00 || lo > 0xdfff)
            return 0;
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    }
    ps->out = utf8_put(ps->out, cp);
    return 1;
}

/* An escape, with ps->p on the backslash. */
static int escape(struct parser *ps)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *hit;

    if (ps->end - ps->p < 2)
        return 0;
    ps->p++;
    if (*ps->p == 'u')
        return unicode_escape(ps);
    if (*ps->p == '\0' || !(hit = strchr(from, *ps->p)))
        return 0;
    *ps->out++ = to[hit - from];
    ps->p++;
    return 1;
}

/* A string, with ps->p just past its opening quote: decoded into the
 * buffer and NUL-terminated there. */
static int string(struct parser *ps, const char **s, size_t *len)
{
    char *start = ps->out;
    size_t n;

    for (;;) {
        while (ps->p < ps->end && plain[*ps->p])
            *ps->out++ = (char)*ps->p++;
        if (ps->p == ps->end)
            return 0;
        if (*ps->p == '"')
            break;
        if (*ps->p == '\\') {
            if (!escape(ps))
                return 0;
        } else if (*ps->p < 0x80 || !(n = utf8_len(ps->p, ps->end))) {
            return 0; /* a control character or bad UTF-8 */
        } else {
            memcpy(ps->out, ps->p, n);
            ps->out += n, ps->p += n;
        }
    }
    ps->p++;
    *s = start;
    *len = (size_t)(ps->out - start);
    *ps->out++ = '\0';
    return 1;
}

/* ---- numbers ---------------------------------------------------------- */

static void digits(struct parser *ps)
{
    while (ps->p < ps->end && niche__isdigit(*ps->p))
        ps->p++;
}

/* The fraction and exponent of a real, if any; 0 if malformed. */
static int real_tail(struct parser *ps)
{
    if (eat(ps, '.')) {
        if (ps->p == ps->end || !niche__isdigit(*ps->p))
            return 0;
        digits(ps);
    }
    if (eat(ps, 'e') || eat(ps, 'E')) {
        if (!eat(ps, '+'))
            (void)eat(ps, '-');
        if (ps->p == ps->end || !niche__isdigit(*ps->p))
            return 0;
        digits(ps);
    }
    return 1;
}

/* The token as jansson reads it: its '.' becomes the locale's decimal
 * point (jansson's to_locale()), then strtod(). */
static int real(const unsigned char *s, size_t n, double *d)
{
    char tmp[NUMBER_MAX + 1], *dot, *end;
    const char *point = localeconv()->decimal_point;

    if (n > NUMBER_MAX)
        return 0;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    if (*point != '.' && (dot = strchr(tmp, '.')) != NULL)
        *dot = *point;
    *d = strtod(tmp, &end);
    return end == tmp + n && !isinf(*d);
}

/* An integer's digits into *u; 0 when it exceeds 2^63. */
static int magnitude(const unsigned char *s, const unsigned char *e, uint64_t *u)
{
    const uint64_t lim = (uint64_t)INT64_MAX + 1;

    *u = 0;
    for (; s < e; s++) {
        unsigned d = (unsigned)(*s - '0');

        if (*u > (lim - d) / 10)
            return 0;
        *u = *u * 10 + d;
    }
    return 1;
}

static int number(struct parser *ps, struct niche__jflat_field *f)
{
    const unsigned char *start = ps->p, *digits_at;
    int neg = eat(ps, '-');
    uint64_t u;

    digits_at = ps->p;
    if (ps->p == ps->end || !niche__isdigit(*ps->p))
        return 0;
    if (!eat(ps, '0')) /* a lone zero: "01" fails after the value */
        digits(ps);
    if (ps->p < ps->end && (*ps->p == '.' || *ps->p == 'e' || *ps->p == 'E')) {
        f->kind = NICHE__JFLAT_REAL;
        return real_tail(ps) && real(start, (size_t)(ps->p - start), &f->d);
    }
    f->kind = NICHE__JFLAT_INT;
    if (!magnitude(digits_at, ps->p, &u) || (!neg && u > (uint64_t)INT64_MAX))
        return 0; /* jansson: "too big integer" */
    f->i = neg ? (u == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)u) : (int64_t)u;
    return 1;
}

/* ---- objects ---------------------------------------------------------- */

static int literal(struct parser *ps, const char *word, size_t n)
{
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
        return 0;
    ps->p += n;
    return 1;
}

static int value(struct parser *ps, struct niche__jflat_field *f)
{
    if (ps->p == ps->end)
        return 0;
    switch (*ps->p) {
    case '"':
        ps->p++;
        f->kind = NICHE__JFLAT_STR;
        return string(ps, &f->s, &f->len);
    case 't':
        f->kind = NICHE__JFLAT_TRUE;
        return literal(ps, "true", 4);
    case 'f':
        f->kind = NICHE__JFLAT_FALSE;
        return literal(ps, "false", 5);
    case 'n':
        f->kind = NICHE__JFLAT_NULL;
        return literal(ps, "null", 4);
    default:
        return number(ps, f); /* '{' and '[' fail here too */
    }
}

/* FNV-1a: cheap, and keys are short. */
static uint32_t hash_key(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int duplicate(const struct niche__jflat *j, const struct niche__jflat_field *f)
{
    size_t i;

    for (i = 0; i < j->nr; i++)
        if (j->items[i].hash == f->hash && j->items[i].key_len == f->key_len &&
            memcmp(j->items[i].key, f->key, f->key_len) == 0)
            return 1;
    return 0;
}

/* One "key": value pair, appended to j->items. */
static int member(struct niche__jflat *j, struct parser *ps)
{
    struct niche__jflat_field *f;

    if (j->nr == NICHE__JFLAT_MAX_FIELDS || !eat(ps, '"'))
        return 0;
    NICHE_ALLOC_GROW(j->items, j->nr + 1, j->alloc);
    f = &j->items[j->nr];
    memset(f, 0, sizeof(*f));
    if (!string(ps, &f->key, &f->key_len))
        return 0;
    f->hash = hash_key(f->key, f->key_len);
    if (duplicate(j, f))
        return 0;
    skip_ws(ps);
    if (!eat(ps, ':'))
        return 0;
    skip_ws(ps);
    if (!value(ps, f))
        return 0;
    j->nr++;
    return 1;
}

static int object(struct niche__jflat *j, struct parser *ps)
{
    skip_ws(ps);
    if (!eat(ps, '{'))
        return 0;
    skip_ws(ps);
    if (!eat(ps, '}')) {
        do {
            skip_ws(ps);
            if (!member(j, ps))
                return 0;
            skip_ws(ps);
        } while (eat(ps, ','));
        if (!eat(ps, '}'))
            return 0;
    }
    skip_ws(ps);
    return ps->p == ps->end;
}

int niche__jflat_parse(struct niche__jflat *j, const char *text, size_t len)
{
    struct parser ps;

    j->nr = 0;
    niche__buf_reset(&j->buf);
    /* Decoding never outgrows the text (see the top of the file). */
    if (niche__buf_grow(&j->buf, len) < 0)
        return 0;
    ps.p = (const unsigned char *)text;
    ps.end = ps.p + len;
    ps.out = j->buf.buf;
    if (!object(j, &ps)) {
        j->nr = 0;
        j->buf.buf[0] = '\0';
        return 0;
    }
    *ps.out = '\0';
    j->buf.len = (size_t)(ps.out - j->buf.buf);
    NICHE_ASSERT(j->buf.len <= len);
    return 1;
}

const struct niche__jflat_field *niche__jflat_get(const struct niche__jflat *j, const char *key)
{
    size_t n = strlen(key), i;
    uint32_t h = hash_key(key, n);

    for (i = 0; i < j->nr; i++)
        if (j->items[i].hash == h && j->items[i].key_len == n &&
            memcmp(j->items[i].key, key, n) == 0)
            return &j->items[i];
    return NULL;
}
