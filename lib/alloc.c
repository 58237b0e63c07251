/*
 * alloc.c - allocation wrappers with a replaceable out-of-memory handler,
 * plus the small string helpers every module uses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "internal.h"
#include "banned.h"

static void default_oom(size_t size)
{
    fprintf(stderr, "niche: out of memory allocating %zu bytes\n", size);
    abort();
}

static niche_oom_handler oom_handler = default_oom;

void niche_set_oom_handler(niche_oom_handler handler)
{
    oom_handler = handler ? handler : default_oom;
}

/* The handler must not return; if a replacement does, stop anyway. */
static void *oom(size_t size)
{
    oom_handler(size);
    abort();
}

void *niche_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    return p ? p : oom(size);
}

void *niche_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    return p ? p : oom(n * size);
}

void *niche_xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    return q ? q : oom(size);
}

char *niche_xstrndup(const char *s, size_t n)
{
    char *p = niche_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *niche_xstrdup(const char *s)
{
    return niche_xstrndup(s, strlen(s));
}

int niche__strncaseeq(const char *a, size_t alen, const char *b)
{
    size_t i;

    for (i = 0; i < alen; i++)
        if (!b[i] || niche__lower((unsigned char)a[i]) != niche__lower((unsigned char)b[i]))
            return 0;
    return b[alen] == '\0';
}

void niche__trim(const char **s, size_t *len)
{
    const unsigned char *p = (const unsigned char *)*s;
    size_t n = *len;

    for (;;) {
        if (n && niche__isspace(p[0])) {
            p++, n--;
        } else if (n >= 2 && p[0] == 0xc2 && p[1] == 0xa0) {
            p += 2, n -= 2;
        } else {
            break;
        }
    }
    for (;;) {
        if (n && niche__isspace(p[n - 1]))
            n--;
        else if (n >= 2 && p[n - 2] == 0xc2 && p[n - 1] == 0xa0)
            n -= 2;
        else
            break;
    }
    *s = (const char *)p;
    *len = n;
}

/* Length of the UTF-8 sequence starting at s[i], 0 if invalid. */
size_t niche__utf8_seq(const unsigned char *s, size_t i, size_t len)
{
    unsigned c = s[i];
    size_t n, k;
    uint32_t cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2, cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3, cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    if (i + n > len)
        return 0;
    for (k = 1; k < n; k++) {
        if ((s[i + k] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i + k] & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

int niche__utf8_valid(const char *str, size_t len, size_t *bad_at)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, n;

    while (i < len) {
        /* Eight ASCII bytes at a time: most text is ASCII. */
        if (i + 8 <= len) {
            uint64_t w;

            memcpy(&w, s + i, 8);
            if (!(w & 0x8080808080808080ULL)) {
                i += 8;
                continue;
            }
        }
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        n = niche__utf8_seq(s, i, len);
        if (!n) {
            if (bad_at)
                *bad_at = i;
            return 0;
        }
        i += n;
    }
    return 1;
}

int64_t niche__now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* For libraries that report OOM by a NULL result (CRoaring). */
void niche__oom(size_t size)
{
    oom(size);
}
