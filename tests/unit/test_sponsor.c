/*
 * test_sponsor.c - unit tests of disclosure markers and their placement
 * (lib/sponsor.c, metrics.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "niche/metrics.h"
#include "banned.h"

static const char *marker_name(enum niche_marker m)
{
    return m == NICHE_MARKER_EXPLICIT    ? "explicit"
           : m == NICHE_MARKER_AMBIGUOUS ? "ambiguous"
                                         : "none";
}

/* The check of caption (no platform flag) must find want with word (NULL:
 * none), buried or not, and the compliance that follows. */
static void expect_disclosure(const char *caption, int flag, enum niche_marker want,
                              const char *word, int buried, enum niche_compliance comp)
{
    struct niche_disclosure_check c;

    niche_disclosure_check(caption, flag, &c);
    if (c.marker != want || c.buried != buried || c.compliance != comp ||
        (word ? !c.word || strcmp(c.word, word) : c.word != NULL))
        fail_msg("'%s' (flag %d): %s '%s' buried %d %s; want %s '%s' buried %d %s",
                 caption ? caption : "(null)", flag, marker_name(c.marker),
                 c.word ? c.word : "-", c.buried, niche_compliance_name(c.compliance),
                 marker_name(want), word ? word : "-", buried, niche_compliance_name(comp));
}

static void expect_explicit(const char *caption, const char *word)
{
    expect_disclosure(caption, -1, NICHE_MARKER_EXPLICIT, word, 0, NICHE_COMPLIANCE_OK);
}

static void expect_ambiguous(const char *caption, const char *word)
{
    expect_disclosure(caption, -1, NICHE_MARKER_AMBIGUOUS, word, 0, NICHE_COMPLIANCE_REVIEW);
}

static void expect_none(const char *caption)
{
    expect_disclosure(caption, -1, NICHE_MARKER_NONE, NULL, 0, NICHE_COMPLIANCE_NA);
}

/* ---- the lexicon -------------------------------------------------------- */

static void test_sponsor__explicit(void **state)
{
    (void)state;
    expect_explicit("#ad", "ad");
    expect_explicit("Loved it #ad", "ad");
    expect_explicit("#Sponsored", "sponsored");
    expect_explicit("#Werbung", "werbung");
    expect_explicit("#ANZEIGE", "anzeige");
    expect_explicit("#reklaam", "reklaam");
    expect_explicit("#paid", "paid");
    expect_explicit("#partner", "partner");
}

/* Case and accents do not matter, precomposed or not. */
static void test_sponsor__accents(void **state)
{
    (void)state;
    expect_explicit("#sponsoris\xc3\xa9", "sponsorise");  /* é */
    expect_explicit("#SPONSORIS\xc3\x89", "sponsorise");  /* É */
    expect_explicit("#sponsorise\xcc\x81", "sponsorise"); /* e + U+0301 */
    expect_explicit("#publicit\xc3\xa9 chez moi", "publicite");
    expect_explicit("#pubblicit\xc3\xa0", "pubblicita");
    expect_explicit("#yhteisty\xc3\xb6", "yhteistyo");
}

static void test_sponsor__ambiguous(void **state)
{
    (void)state;
    expect_ambiguous("#sp", "sp");
    expect_ambiguous("thanks to the team #collab", "collab");
    expect_ambiguous("#Ambassador", "ambassador");
    expect_ambiguous("#SPON", "spon");
    expect_ambiguous("#gifted", "gifted");
}

/* Words that start like a marker, and markers that are no tag. */
static void test_sponsor__not_markers(void **state)
{
    (void)state;
    expect_none("#adidas");
    expect_none("#advice for today");
    expect_none("#spa day");
    expect_none("an ad for you");
    expect_none("ad");
    expect_none("road#ad");        /* inside a word: no tag */
    expect_none("caf\xc3\xa9#ad"); /* the same after a non-ASCII letter */
    expect_none("#ad_free");
    expect_none("#");
    expect_none("# ad");
    expect_none("#sponsoredby");
}

/* A tag ends where its letters end, ASCII or not: each of these shows
 * "#ad" to a reader. */
static void test_sponsor__tag_ends(void **state)
{
    (void)state;
    expect_explicit("#ad.", "ad");
    expect_explicit("(#ad)", "ad");
    expect_explicit("#ad's", "ad");
    expect_explicit("##ad", "ad");
    expect_explicit("#ad\xc2\xa0with love", "ad"); /* no-break space */
    expect_explicit("#ad\xe2\x80\xa6", "ad");      /* ellipsis */
    expect_explicit("#ad\xf0\x9f\x8e\x89", "ad");  /* party popper */
    expect_explicit("so good\xf0\x9f\x8e\x89#ad", "ad");
    expect_explicit("#ad\xe2\x9d\xa4\xef\xb8\x8f", "ad"); /* red heart */
}

/* niche_markers() lists are sorted (lookups bsearch them), disjoint, and
 * each word is found as its kind, in any case. */
static void expect_sorted(const char *const *w)
{
    size_t i;

    assert_non_null(w);
    assert_non_null(w[0]);
    for (i = 1; w[i]; i++)
        if (strcmp(w[i - 1], w[i]) >= 0)
            fail_msg("markers not sorted: '%s' before '%s'", w[i - 1], w[i]);
}

static void upper(char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            *s = (char)(*s - 32);
}

static void expect_found(const char *const *w, enum niche_marker kind)
{
    char tag[80];
    size_t i;

    for (i = 0; w[i]; i++) {
        snprintf(tag, sizeof(tag), "#%s", w[i]);
        expect_disclosure(tag, -1, kind, w[i], 0,
                          kind == NICHE_MARKER_EXPLICIT ? NICHE_COMPLIANCE_OK
                                                        : NICHE_COMPLIANCE_REVIEW);
        upper(tag);
        expect_disclosure(tag, -1, kind, w[i], 0,
                          kind == NICHE_MARKER_EXPLICIT ? NICHE_COMPLIANCE_OK
                                                        : NICHE_COMPLIANCE_REVIEW);
    }
}

static void test_sponsor__lexicon(void **state)
{
    const char *const *ex = niche_markers(NICHE_MARKER_EXPLICIT);
    const char *const *am = niche_markers(NICHE_MARKER_AMBIGUOUS);
    size_t i, j;

    (void)state;
    expect_sorted(ex);
    expect_sorted(am);
    for (i = 0; ex[i]; i++)
        for (j = 0; am[j]; j++)
            if (!strcmp(ex[i], am[j]))
                fail_msg("'%s' is both explicit and ambiguous", ex[i]);
    expect_found(ex, NICHE_MARKER_EXPLICIT);
    expect_found(am, NICHE_MARKER_AMBIGUOUS);
    assert_null(niche_markers(NICHE_MARKER_NONE));
}

/* ---- placement ---------------------------------------------------------- */

static void test_sponsor__at_start(void **state)
{
    (void)state;
    expect_explicit("#ad Loving this new serum from @glowco, my skin has never felt better "
                    "#skincare #glow #routine",
                    "ad");
}

/* Only in a trailing crowd of three tags or more, an explicit marker is
 * buried; two tags are no crowd. */
static void test_sponsor__tag_block(void **state)
{
    (void)state;
    expect_disclosure("Loving this new serum from @glowco #skincare #glow #ad", -1,
                      NICHE_MARKER_EXPLICIT, "ad", 1, NICHE_COMPLIANCE_REVIEW);
    expect_disclosure("Loving this new serum from @glowco\n\n#ad #skincare #glow #routine", -1,
                      NICHE_MARKER_EXPLICIT, "ad", 1, NICHE_COMPLIANCE_REVIEW);
    expect_explicit("Loving this new serum from @glowco #glow #ad", "ad");
    expect_explicit("Loving this #ad serum #skincare #glow #routine", "ad");
    /* A caption that is all tags has nothing to bury its first tag under. */
    expect_explicit("#ad #skincare #glow", "ad");
}

/* A caption of `before` characters, then " #ad" and more text (with
 * two-byte characters: the preview counts characters, not bytes). */
static void caption_at(char *buf, size_t n, int before, int wide)
{
    size_t len = 0;
    int i;

    for (i = 0; i < before - 1 && len + 3 < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s", wide ? "\xc3\xa9" : "x");
    snprintf(buf + len, n - len, " #ad and then some more words");
}

static void test_sponsor__preview(void **state)
{
    char buf[512];
    int wide;

    (void)state;
    for (wide = 0; wide <= 1; wide++) {
        /* '#' at character 122: "#ad" ends at 125, the last one shown. */
        caption_at(buf, sizeof(buf), 122, wide);
        expect_explicit(buf, "ad");
        /* At 123 the "d" falls past the cut. */
        caption_at(buf, sizeof(buf), 123, wide);
        expect_disclosure(buf, -1, NICHE_MARKER_EXPLICIT, "ad", 1, NICHE_COMPLIANCE_REVIEW);
        caption_at(buf, sizeof(buf), 200, wide);
        expect_disclosure(buf, -1, NICHE_MARKER_EXPLICIT, "ad", 1, NICHE_COMPLIANCE_REVIEW);
    }
}

/* The platform's flag is disclosure enough; 0 and -1 are not. */
static void test_sponsor__flag(void **state)
{
    struct niche_disclosure_check c;

    (void)state;
    expect_disclosure("New drop from @glowco", 1, NICHE_MARKER_NONE, NULL, 0,
                      NICHE_COMPLIANCE_OK);
    niche_disclosure_check("New drop", 1, &c);
    assert_int_equal(c.flag, 1);
    expect_disclosure("New drop from @glowco", 0, NICHE_MARKER_NONE, NULL, 0,
                      NICHE_COMPLIANCE_NA);
    niche_disclosure_check("New drop", 0, &c);
    assert_int_equal(c.flag, 0);
    niche_disclosure_check("New drop", -1, &c);
    assert_int_equal(c.flag, 0);
    expect_disclosure("#collab with @glowco", 1, NICHE_MARKER_AMBIGUOUS, "collab", 0,
                      NICHE_COMPLIANCE_OK);
    expect_disclosure("New drop #a #b #ad", 1, NICHE_MARKER_EXPLICIT, "ad", 1,
                      NICHE_COMPLIANCE_OK);
}

/* Explicit over ambiguous, then visible over buried. */
static void test_sponsor__strongest(void **state)
{
    (void)state;
    expect_explicit("#collab with @glowco #ad", "ad");
    expect_explicit("#ad with @glowco #collab", "ad");
    expect_explicit("#sponsored by @glowco #skincare #glow #ad", "sponsored");
    /* A buried explicit marker still outranks a visible ambiguous one. */
    expect_disclosure("#collab with @glowco #skincare #glow #ad", -1, NICHE_MARKER_EXPLICIT,
                      "ad", 1, NICHE_COMPLIANCE_REVIEW);
}

static void test_sponsor__empty(void **state)
{
    (void)state;
    expect_none(NULL);
    expect_none("");
    expect_none("   \n ");
    expect_none("just a sunny day");
    expect_disclosure(NULL, 1, NICHE_MARKER_NONE, NULL, 0, NICHE_COMPLIANCE_OK);
}

static void test_sponsor__names(void **state)
{
    (void)state;
    assert_string_equal(niche_compliance_name(NICHE_COMPLIANCE_NA), "n/a");
    assert_string_equal(niche_compliance_name(NICHE_COMPLIANCE_OK), "compliant");
    assert_string_equal(niche_compliance_name(NICHE_COMPLIANCE_REVIEW), "needs_review");
    assert_string_equal(niche_compliance_name(NICHE_COMPLIANCE_FAIL), "non_compliant");
    assert_string_equal(niche_compliance_name((enum niche_compliance)9), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sponsor__explicit),  cmocka_unit_test(test_sponsor__accents),
        cmocka_unit_test(test_sponsor__ambiguous), cmocka_unit_test(test_sponsor__not_markers),
        cmocka_unit_test(test_sponsor__tag_ends),  cmocka_unit_test(test_sponsor__lexicon),
        cmocka_unit_test(test_sponsor__at_start),  cmocka_unit_test(test_sponsor__tag_block),
        cmocka_unit_test(test_sponsor__preview),   cmocka_unit_test(test_sponsor__flag),
        cmocka_unit_test(test_sponsor__strongest), cmocka_unit_test(test_sponsor__empty),
        cmocka_unit_test(test_sponsor__names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
