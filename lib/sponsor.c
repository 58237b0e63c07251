/*
 * sponsor.c - disclosure markers in captions and where they sit
 * (metrics.h; the lexicon and the placement rule are in docs/quality.md).
 *
 * Explicit markers say "this is paid" in some language; ambiguous ones
 * (#sp, #collab) need a human. A marker past the caption's visible preview,
 * or lost in a trailing crowd of hashtags, is buried: it needs review even
 * when explicit [FTC, PROOF].
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "niche/metrics.h"
#include "internal.h"
#include "banned.h"

/* Normalised (lowercase, no accents), without '#'; kept sorted for readers. */
static const char *const explicit_words[] = {
    "ad", "adv", "advert", "advertentie", "advertisement", "advertising", "annonce",
    "anuncio", "anzeige", "gesponsert", "gesponsord", "iklan", "mainos", "paid",
    "paidad", "paidpartnership", "partner", "partnership", "patrocinado",
    "patrocinio", "pub", "pubblicita", "publi", "publicidad", "publicidade",
    "publicite", "reklaam", "reklam", "reklama", "reklame", "samarbeid",
    "samarbejde", "samarbete", "sponsor", "sponsored", "sponsorise",
    "sponsorizzato", "sponsorship", "werbung", "yhteistyo", NULL
};

static const char *const ambiguous_words[] = {
    "ambassador", "brandambassador", "colab", "collab", "collaboration", "gifted",
    "kooperation", "pr", "prsample", "sp", "spon", "thanks", NULL
};

static const char *const compliance_names[] = { "n/a", "compliant", "needs_review",
                                                "non_compliant" };

const char *niche_compliance_name(enum niche_compliance c)
{
    return (unsigned)c <= NICHE_COMPLIANCE_FAIL ? compliance_names[c] : "unknown";
}

const char *const *niche_markers(enum niche_marker kind)
{
    return kind == NICHE_MARKER_EXPLICIT ? explicit_words
         : kind == NICHE_MARKER_AMBIGUOUS ? ambiguous_words : NULL;
}

/*
 * Most hashtags are not markers, and a caption has several: a small hash
 * table of both lists, built once, answers in one probe where a binary
 * search would compare strings six times.
 */
#define MARKER_SLOTS 256   /* a power of two, over twice the words */

static const char *marker_slot[MARKER_SLOTS];
static enum niche_marker marker_kind[MARKER_SLOTS];
static pthread_once_t marker_once = PTHREAD_ONCE_INIT;

static unsigned marker_hash(const char *s)
{
    unsigned h = 2166136261u;   /* FNV-1a */

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h & (MARKER_SLOTS - 1);
}

static void marker_add(const char *const *words, enum niche_marker kind)
{
    for (; *words; words++) {
        unsigned h = marker_hash(*words);

        while (marker_slot[h])
            h = (h + 1) & (MARKER_SLOTS - 1);
        marker_slot[h] = *words;
        marker_kind[h] = kind;
    }
}

static void marker_init(void)
{
    marker_add(explicit_words, NICHE_MARKER_EXPLICIT);
    marker_add(ambiguous_words, NICHE_MARKER_AMBIGUOUS);
}

/* The marker word equal to tag (static), and its kind; NULL if none. */
static const char *lookup(const char *tag, enum niche_marker *kind)
{
    unsigned h;

    pthread_once(&marker_once, marker_init);
    for (h = marker_hash(tag); marker_slot[h]; h = (h + 1) & (MARKER_SLOTS - 1))
        if (!strcmp(marker_slot[h], tag)) {
            *kind = marker_kind[h];
            return marker_slot[h];
        }
    return NULL;
}

/* The tag at s[0..len) lowercased, accents stripped, into out (cap n).
 * 0 when it does not fit (no marker is that long). */
static int normalise_tag(const char *s, size_t len, char *out, size_t n)
{
    size_t i;
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t r;

    for (i = 0; i < len && (unsigned char)s[i] < 0x80; i++)
        ;
    if (i == len) {
        if (len >= n)
            return 0;
        for (i = 0; i < len; i++)
            out[i] = (char)niche__lower((unsigned char)s[i]);
        out[len] = '\0';
        return 1;
    }
    r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &m,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                     UTF8PROC_STRIPMARK);
    if (r < 0 || (size_t)r >= n) {
        free(m);
        return 0;
    }
    memcpy(out, m, (size_t)r + 1);
    free(m);
    return 1;
}

/* Bytes of the character at s[0..len) when it continues a tag (a letter,
 * mark or digit of any script, or '_'), else 0. Spaces, punctuation and
 * emoji end a tag, even non-ASCII ones: "#ad\u00a0", "#ad\u2026" and
 * "#ad\U0001F389" all show "#ad" to a reader. */
static size_t tag_char_len(const char *s, size_t len)
{
    unsigned char c = (unsigned char)s[0];
    utf8proc_int32_t cp;
    utf8proc_ssize_t r;
    utf8proc_category_t cat;

    if (c < 0x80)
        return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
               (c >= 'A' && c <= 'Z');
    r = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp);
    if (r <= 0)
        return 0;   /* invalid UTF-8 ends the tag */
    cat = utf8proc_category(cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO ? (size_t)r : 0;
}

/* 1 when the character before c[at] continues a word, so that a '#' at
 * `at` is inside it ("road#ad", "caf\u00e9#ad") and starts no tag. */
static int inside_word(const char *c, size_t at)
{
    size_t k = at;

    if (at == 0)
        return 0;
    do
        k--;
    while (k > 0 && at - k < 4 && ((unsigned char)c[k] & 0xC0) == 0x80);
    return tag_char_len(c + k, at - k) > 0;
}

/* Start of the trailing hashtag block: the suffix of whitespace-separated
 * words that all start with '#', when it holds three tags or more. */
static size_t tag_block_start(const char *c, size_t len)
{
    size_t end = len, start = len;
    int tags = 0;

    for (;;) {
        size_t w;

        while (end > 0 && niche__isspace((unsigned char)c[end - 1]))
            end--;
        w = end;
        while (w > 0 && !niche__isspace((unsigned char)c[w - 1]))
            w--;
        if (w == end || c[w] != '#')
            break;
        start = w;
        tags++;
        end = w;
    }
    return tags >= 3 && start > 0 ? start : len;
}

/* UTF-8 characters in c[0..off). */
static size_t chars_before(const char *c, size_t off)
{
    size_t i, n = 0;

    for (i = 0; i < off; i++)
        n += ((unsigned char)c[i] & 0xC0) != 0x80;
    return n;
}

/* Keep the strongest marker: explicit over ambiguous, visible over buried. */
static void consider(struct niche_disclosure_check *out, const char *c, size_t at,
                     const char *tag, size_t tlen, size_t block)
{
    char norm[64];
    const char *w;
    enum niche_marker kind = NICHE_MARKER_NONE;
    int buried, rank, cur;

    if (!normalise_tag(tag, tlen, norm, sizeof(norm)))
        return;
    if (!(w = lookup(norm, &kind)))
        return;
    /* The whole marker must show: "#a" before the cut is no disclosure. */
    buried = chars_before(c, (size_t)(tag - c) + tlen) > NICHE_PREVIEW_CHARS || at >= block;
    rank = (int)kind * 2 + !buried;
    cur = out->marker ? (int)out->marker * 2 + !out->buried : 0;
    if (rank > cur) {
        out->marker = kind;
        out->word = w;
        out->buried = buried;
    }
}

void niche_disclosure_check(const char *caption, int sponsored_flag,
                            struct niche_disclosure_check *out)
{
    size_t len = caption ? strlen(caption) : 0, i, block;

    memset(out, 0, sizeof(*out));
    out->flag = sponsored_flag == 1;
    block = tag_block_start(caption ? caption : "", len);
    for (i = 0; i < len; i++) {
        size_t j, w;

        if (caption[i] != '#' || inside_word(caption, i))
            continue;
        for (j = i + 1; j < len && (w = tag_char_len(caption + j, len - j)) > 0; j += w)
            ;
        if (j > i + 1)
            consider(out, caption, i, caption + i + 1, j - i - 1, block);
        i = j - 1;
    }
    if (out->flag || (out->marker == NICHE_MARKER_EXPLICIT && !out->buried))
        out->compliance = NICHE_COMPLIANCE_OK;
    else if (out->marker != NICHE_MARKER_NONE)
        out->compliance = NICHE_COMPLIANCE_REVIEW;
    else
        out->compliance = NICHE_COMPLIANCE_NA;
}
