/*
 * test_topics.c - unit tests of the niche (topic) classifier (lib/topics.c,
 * topics.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "internal.h"
#include "niche/topics.h"
#include "banned.h"

/* Not API: lib/topics.c hands its lexicon rows to this test. */

static int setup(void **state)
{
    struct niche_topics *t = NULL;
    struct niche_error err = NICHE_ERROR_INIT;

    if (niche_topics_new(&t, &err) < 0)
        fail_msg("niche_topics_new: %s", err.msg);
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    niche_topics_free(*state);
    return 0;
}

/* Feed one text into a fresh accumulator. */
static struct niche_topic_acc feed1(struct niche_topics *t, enum niche_topic_source src,
                                    const char *text, const char *lang)
{
    struct niche_topic_acc acc;

    niche_topic_acc_init(&acc);
    niche_topics_feed(t, &acc, src, text, strlen(text), lang);
    return acc;
}

/* The primary label of text, -1 when it has none. */
static int top(struct niche_topics *t, enum niche_topic_source src, const char *text,
               const char *lang)
{
    struct niche_topic_acc acc = feed1(t, src, text, lang);
    struct niche_topic_label l[NICHE_TOPIC_MAX_LABELS];

    return niche_topics_labels(&acc, l) > 0 ? (int)l[0].topic : -1;
}

static void expect_top(struct niche_topics *t, enum niche_topic_source src, const char *text,
                       const char *lang, int want)
{
    int got = top(t, src, text, lang);

    if (got != want)
        fail_msg("'%s' (%s) is %s; want %s", text, lang ? lang : "no language",
                 got < 0 ? "unlabelled" : niche_topic_name((enum niche_topic)got),
                 want < 0 ? "unlabelled" : niche_topic_name((enum niche_topic)want));
}

static void test_topics__names(void **state)
{
    int i;

    (void)state;
    for (i = 0; i < NICHE_TOPIC__COUNT; i++)
        assert_int_equal(niche_topic_parse(niche_topic_name((enum niche_topic)i)), i);
    assert_string_equal(niche_topic_name(NICHE_TOPIC_BEAUTY), "beauty");
    assert_string_equal(niche_topic_name(NICHE_TOPIC_PHOTOGRAPHY), "photography");
    assert_string_equal(niche_topic_name(NICHE_TOPIC_HEALTH), "health");
    assert_string_equal(niche_topic_name(NICHE_TOPIC__COUNT), "unknown");
    assert_int_equal(niche_topic_parse("Gaming"), NICHE_TOPIC_GAMING);
    assert_int_equal(niche_topic_parse("game"), -1);
    assert_int_equal(niche_topic_parse(""), -1);
    assert_int_equal(niche_topic_parse(NULL), -1);
}

static void test_topics__english_bio(void **state)
{
    struct niche_topics *t = *state;
    struct niche_topic_acc acc = feed1(t, NICHE_TOPIC_BIO, "Makeup artist and skincare nerd",
                                       "en");
    struct niche_topic_label l[NICHE_TOPIC_MAX_LABELS];

    assert_int_equal(niche_topics_labels(&acc, l), 2);
    assert_int_equal(l[0].topic, NICHE_TOPIC_BEAUTY);   /* makeup, skincare */
    assert_int_equal(l[1].topic, NICHE_TOPIC_ART);      /* artist */
    assert_true(l[0].score > 0.66 && l[0].score < 0.67);
    assert_int_equal(acc.matches, 3);
    expect_top(t, NICHE_TOPIC_BIO, "Coach. Strength, running, recovery", NULL,
               NICHE_TOPIC_FITNESS);
    expect_top(t, NICHE_TOPIC_BIO, "Two rescue dogs and a cat in charge", "en",
               NICHE_TOPIC_PETS);
    expect_top(t, NICHE_TOPIC_BIO, "Honest gadget reviews", "en", NICHE_TOPIC_TECH);
    expect_top(t, NICHE_TOPIC_CATEGORY, "Video Game Creator", NULL, -1);
    expect_top(t, NICHE_TOPIC_CATEGORY, "Gamer", NULL, NICHE_TOPIC_GAMING);
    expect_top(t, NICHE_TOPIC_CATEGORY, "Photographer", NULL, NICHE_TOPIC_PHOTOGRAPHY);
}

static void test_topics__hashtag_compounds(void **state)
{
    static const struct { const char *tag; int want; } cases[] = {
        { "dogsofinstagram", NICHE_TOPIC_PETS },      /* a whole-tag entry */
        { "momlife", NICHE_TOPIC_FAMILY },
        { "interiordesign", NICHE_TOPIC_HOME },
        { "skincare", NICHE_TOPIC_BEAUTY },
        { "catlife", NICHE_TOPIC_PETS },              /* generic suffix stripped */
        { "fitnessmotivation", NICHE_TOPIC_FITNESS },
        { "travelblogger", NICHE_TOPIC_TRAVEL },
        { "instafood", NICHE_TOPIC_FOOD },
        { "skincareroutines", NICHE_TOPIC_BEAUTY },   /* known modifier */
        { "weddingphotography", NICHE_TOPIC_PHOTOGRAPHY },   /* known head */
        { "veganrecipes", NICHE_TOPIC_FOOD },
        { "ai", NICHE_TOPIC_TECH },                   /* a hashtag-only entry */
        { "nofilter", -1 },
        { "ootd", NICHE_TOPIC_FASHION },
    };
    struct niche_topics *t = *state;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_top(t, NICHE_TOPIC_HASHTAGS, cases[i].tag, "en", cases[i].want);
    /* '#' marks a hashtag inside a caption; without it a word stays a word. */
    expect_top(t, NICHE_TOPIC_CAPTION, "love this #dogsofinstagram", NULL, NICHE_TOPIC_PETS);
    expect_top(t, NICHE_TOPIC_CAPTION, "dogsofinstagram", NULL, -1);
    expect_top(t, NICHE_TOPIC_CAPTION, "ai que saudade", "pt", -1);
    expect_top(t, NICHE_TOPIC_CAPTION, "new video #AI #Tech", "en", NICHE_TOPIC_TECH);
}

static void test_topics__accents_and_case(void **state)
{
    struct niche_topics *t = *state;

    expect_top(t, NICHE_TOPIC_CAPTION, "MAQUIAGEM", "pt", NICHE_TOPIC_BEAUTY);
    expect_top(t, NICHE_TOPIC_CAPTION, "Maquiagem", NULL, NICHE_TOPIC_BEAUTY);
    expect_top(t, NICHE_TOPIC_CAPTION, "Küche", "de", NICHE_TOPIC_FOOD);
    expect_top(t, NICHE_TOPIC_CAPTION, "KÜCHE", "de", NICHE_TOPIC_FOOD);
    /* "Ku" + U+0308 COMBINING DIAERESIS + "che": decomposed, as macOS writes it. */
    expect_top(t, NICHE_TOPIC_CAPTION, "Ku\xcc\x88" "che", "de", NICHE_TOPIC_FOOD);
    expect_top(t, NICHE_TOPIC_CAPTION, "kuche", "de", NICHE_TOPIC_FOOD);
    expect_top(t, NICHE_TOPIC_CAPTION, "la cuisine de maman", "fr", NICHE_TOPIC_FOOD);
    expect_top(t, NICHE_TOPIC_CAPTION, "Fußball", "de", NICHE_TOPIC_SPORTS);   /* ß -> ss */
    expect_top(t, NICHE_TOPIC_CAPTION, "FUSSBALL", "de", NICHE_TOPIC_SPORTS);
    expect_top(t, NICHE_TOPIC_CAPTION, "\xef\xbc\xad\xef\xbc\xa1\xef\xbc\xab\xef\xbc\xa5"
                                       "\xef\xbc\xb5\xef\xbc\xb0", NULL,   /* fullwidth */
               NICHE_TOPIC_BEAUTY);
    expect_top(t, NICHE_TOPIC_CAPTION, "FOTOGRAFÍA", "es", NICHE_TOPIC_PHOTOGRAPHY);
}

static void test_topics__language_stemmers(void **state)
{
    struct niche_topics *t = *state;

    /* Inflected forms reach the lexicon's stems through the stemmer of the
     * text's language only. */
    expect_top(t, NICHE_TOPIC_CAPTION, "Rezepten", "de", NICHE_TOPIC_FOOD);
    expect_top(t, NICHE_TOPIC_CAPTION, "Rezepten", NULL, -1);
    expect_top(t, NICHE_TOPIC_CAPTION, "mit unseren Hunden", "de", NICHE_TOPIC_PETS);
    expect_top(t, NICHE_TOPIC_CAPTION, "von Künstlern", "de", NICHE_TOPIC_ART);
    expect_top(t, NICHE_TOPIC_CAPTION, "receitas fáceis", "pt-BR", NICHE_TOPIC_FOOD);
    expect_top(t, NICHE_TOPIC_CAPTION, "viajando", "es", NICHE_TOPIC_TRAVEL);
    /* The text's language does not turn English off: captions mix them. */
    expect_top(t, NICHE_TOPIC_CAPTION, "neues Workout", "de", NICHE_TOPIC_FITNESS);
    /* Stop words: "car" is French for "because", "Art" German for "kind". */
    expect_top(t, NICHE_TOPIC_CAPTION, "car je pense", "fr", -1);
    expect_top(t, NICHE_TOPIC_CAPTION, "new car", "en", NICHE_TOPIC_AUTOMOTIVE);
    expect_top(t, NICHE_TOPIC_CAPTION, "diese Art von Tag", "de", -1);
    expect_top(t, NICHE_TOPIC_CAPTION, "c'est ma #car", "fr", NICHE_TOPIC_AUTOMOTIVE);
    /* A term of one language does not count in another: "calcio" is
     * football in Italian, calcium in Spanish. */
    expect_top(t, NICHE_TOPIC_CAPTION, "calcio", "it", NICHE_TOPIC_SPORTS);
    expect_top(t, NICHE_TOPIC_CAPTION, "calcio", "es", -1);
    expect_top(t, NICHE_TOPIC_CAPTION, "calcio", NULL, NICHE_TOPIC_SPORTS);
}

static void test_topics__invalid_utf8_and_empty(void **state)
{
    static const char *const junk[] = {
        "", " ", "\xff", "\xff\xfe\xfd", "\xc3", "\xe2\x82", "\xf0\x9f\x98", "\xed\xa0\x80",
        "\xc0\xaf", "\xf8\x88\x80\x80\x80", "#", "@", "###", "http", "\x80\x80 \x80",
        "1234 5678", "a b c", "\xf0\x9f\x98\x80\xf0\x9f\x92\x84",
    };
    struct niche_topics *t = *state;
    struct niche_topic_acc acc;
    struct niche_topic_label l[NICHE_TOPIC_MAX_LABELS];
    size_t i;

    for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
        acc = feed1(t, NICHE_TOPIC_CAPTION, junk[i], "de");
        assert_int_equal(niche_topics_labels(&acc, l), 0);
        assert_int_equal(acc.matches, 0);
    }
    /* A truncated text: the length is what counts, not a NUL. */
    niche_topic_acc_init(&acc);
    niche_topics_feed(t, &acc, NICHE_TOPIC_BIO, "makeup", 3, NULL);
    assert_int_equal(acc.matches, 0);
    niche_topics_feed(t, &acc, NICHE_TOPIC_BIO, NULL, 10, NULL);
    niche_topics_feed(NULL, &acc, NICHE_TOPIC_BIO, "makeup", 6, NULL);
    niche_topics_feed(t, NULL, NICHE_TOPIC_BIO, "makeup", 6, NULL);
    assert_int_equal(acc.matches, 0);
    /* Bytes that are not UTF-8 are dropped; the words around them stay. */
    expect_top(t, NICHE_TOPIC_CAPTION, "make\xffup", NULL, NICHE_TOPIC_BEAUTY);
    expect_top(t, NICHE_TOPIC_CAPTION, "\xfe\xff skincare \xc3", NULL, NICHE_TOPIC_BEAUTY);
    assert_int_equal(niche_topics_labels(NULL, l), 0);
}

static void test_topics__mentions_and_links(void **state)
{
    struct niche_topics *t = *state;
    struct niche_topic_acc acc;

    acc = feed1(t, NICHE_TOPIC_CAPTION,
                "@skincare https://makeup.example/serum www.fitness.example "
                "HTTP://GYM.EXAMPLE hello@travel.example (@beauty)", NULL);
    assert_int_equal(acc.matches, 0);
    acc = feed1(t, NICHE_TOPIC_BIO, "Makeup | collabs: maria@mail.example", "en");
    assert_int_equal(acc.matches, 1);
}

static void test_topics__weights(void **state)
{
    struct niche_topics *t = *state;
    struct niche_topic_acc acc;

    acc = feed1(t, NICHE_TOPIC_CAPTION, "skincare #makeup, #Lipstick!", NULL);
    assert_int_equal(acc.matches, 3);
    assert_true(acc.score[NICHE_TOPIC_BEAUTY] == 5.0);   /* 1 + 2 + 2 */
    assert_true(acc.total == 5.0);
    acc = feed1(t, NICHE_TOPIC_HASHTAGS, "skincare #makeup", NULL);
    assert_true(acc.score[NICHE_TOPIC_BEAUTY] == 4.0);
    acc = feed1(t, NICHE_TOPIC_BIO, "skincare #makeup", NULL);
    assert_true(acc.score[NICHE_TOPIC_BEAUTY] == 6.0);
    acc = feed1(t, NICHE_TOPIC_CATEGORY, "Health/Beauty", NULL);
    assert_true(acc.score[NICHE_TOPIC_BEAUTY] == 3.0);
    assert_true(acc.score[NICHE_TOPIC_HEALTH] == 3.0);
    assert_true(acc.total == 6.0);
    /* Accumulation over several feeds. */
    niche_topic_acc_init(&acc);
    niche_topics_feed(t, &acc, NICHE_TOPIC_BIO, "gamer", 5, NULL);
    niche_topics_feed(t, &acc, NICHE_TOPIC_CAPTION, "gamer gamer", 11, NULL);
    assert_true(acc.score[NICHE_TOPIC_GAMING] == 5.0);
    assert_int_equal(acc.matches, 3);
}

static void test_topics__labels(void **state)
{
    struct niche_topic_acc acc;
    struct niche_topic_label l[NICHE_TOPIC_MAX_LABELS];

    (void)state;
    niche_topic_acc_init(&acc);
    assert_int_equal(niche_topics_labels(&acc, l), 0);   /* nothing matched */
    /* Threshold: 0.2 is in, 0.19 is out. */
    acc.score[NICHE_TOPIC_FOOD] = 45;
    acc.score[NICHE_TOPIC_TRAVEL] = 36;
    acc.score[NICHE_TOPIC_ART] = 19;
    acc.total = 100;
    assert_int_equal(niche_topics_labels(&acc, l), 2);
    assert_int_equal(l[0].topic, NICHE_TOPIC_FOOD);
    assert_int_equal(l[1].topic, NICHE_TOPIC_TRAVEL);
    assert_true(l[0].score == 0.45 && l[1].score == 0.36);
    acc.score[NICHE_TOPIC_ART] = 20;
    acc.score[NICHE_TOPIC_FOOD] = 44;
    assert_int_equal(niche_topics_labels(&acc, l), 3);
    assert_int_equal(l[2].topic, NICHE_TOPIC_ART);
    /* At most three, best first, ties by niche id. */
    niche_topic_acc_init(&acc);
    acc.score[NICHE_TOPIC_HEALTH] = 1;
    acc.score[NICHE_TOPIC_TECH] = 1;
    acc.score[NICHE_TOPIC_BEAUTY] = 1;
    acc.score[NICHE_TOPIC_MUSIC] = 1;
    acc.score[NICHE_TOPIC_FAMILY] = 1;
    acc.total = 5;
    assert_int_equal(niche_topics_labels(&acc, l), 3);
    assert_int_equal(l[0].topic, NICHE_TOPIC_BEAUTY);
    assert_int_equal(l[1].topic, NICHE_TOPIC_FAMILY);
    assert_int_equal(l[2].topic, NICHE_TOPIC_TECH);
    acc.score[NICHE_TOPIC_MUSIC] = 2;
    acc.total = 6;
    assert_int_equal(niche_topics_labels(&acc, l), 1);   /* 1/6 < 0.2 */
    assert_int_equal(l[0].topic, NICHE_TOPIC_MUSIC);
}

/* Every lexicon term classifies as its own niche and only its own, in its
 * own language; a stop word is no topic in its language. niche_topics_new()
 * already refused the table if a term or stem were in two niches. */
static void test_topics__lexicon(void **state)
{
    struct niche_topics *t = *state;
    const char *terms, *lang;
    size_t i, nterms = 0;
    int niche, per[NICHE_TOPIC__COUNT] = { 0 };

    for (i = 0; (terms = niche__topics_row(i, &niche, &lang)); i++) {
        char code[8], term[80];
        const char *p = terms;
        int tag = !strcmp(lang, "#");

        snprintf(code, sizeof(code), "%.*s", (int)strcspn(lang, "="), lang);
        while (*p) {
            size_t n = strcspn(p, " ");
            struct niche_topic_acc acc;

            snprintf(term, sizeof(term), "%.*s", (int)n, p);
            p += n + (p[n] == ' ');
            acc = feed1(t, tag ? NICHE_TOPIC_HASHTAGS : NICHE_TOPIC_CAPTION, term,
                        code[0] ? code : NULL);
            if (niche < 0) {
                assert_int_equal(acc.matches, 0);
                continue;
            }
            if (acc.matches != 1 || acc.score[niche] != acc.total)
                fail_msg("lexicon term '%s' (%s) is not only %s", term, lang,
                         niche_topic_name((enum niche_topic)niche));
            per[niche]++, nterms++;
        }
    }
    for (i = 0; i < NICHE_TOPIC__COUNT; i++)
        if (per[i] < 20)
            fail_msg("niche %s has %d terms", niche_topic_name((enum niche_topic)i), per[i]);
    assert_true(nterms > 500);
}

/* Many distinct words: the memo grows (and rehashes) without changing any
 * answer; lang codes of every shape are accepted. */
static void test_topics__memo_and_langs(void **state)
{
    static const char *const langs[] = {
        NULL, "", "en", "EN", "pt-BR", "pt_br", "de", "xx", "et", "ja", "toolonglanguagecode",
        "d", "1", "es=", "german",
    };
    struct niche_topics *t = *state;
    char word[32], code[4];
    size_t i;

    for (i = 0; i < 50000; i++) {
        snprintf(word, sizeof(word), "zq%zux #w%zu", i * 7919, i);
        (void)top(t, NICHE_TOPIC_CAPTION, word, NULL);
    }
    for (i = 0; i < 200; i++) {   /* more languages than the cache holds */
        snprintf(code, sizeof(code), "%c%c", 'a' + (int)(i / 26 % 26), 'a' + (int)(i % 26));
        expect_top(t, NICHE_TOPIC_CAPTION, "skincare", code, NICHE_TOPIC_BEAUTY);
    }
    for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
        expect_top(t, NICHE_TOPIC_CAPTION, "skincare serum", langs[i], NICHE_TOPIC_BEAUTY);
        expect_top(t, NICHE_TOPIC_HASHTAGS, "dogsofinstagram", langs[i], NICHE_TOPIC_PETS);
    }
}

static void test_topics__long_words(void **state)
{
    struct niche_topics *t = *state;
    char text[400];
    struct niche_topic_acc acc;

    memset(text, 'a', sizeof(text) - 1);
    text[sizeof(text) - 1] = '\0';
    acc = feed1(t, NICHE_TOPIC_CAPTION, text, NULL);
    assert_int_equal(acc.matches, 0);
    /* A long run of non-ASCII letters, then a word. */
    text[0] = '\0';
    while (strlen(text) + 2 < 300)
        memcpy(text + strlen(text), "\xc3\xa9", 3);
    memcpy(text + strlen(text), " makeup", 8);
    acc = feed1(t, NICHE_TOPIC_CAPTION, text, "fr");
    assert_int_equal(acc.matches, 1);
    niche_topics_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_topics__names),
        cmocka_unit_test(test_topics__english_bio),
        cmocka_unit_test(test_topics__hashtag_compounds),
        cmocka_unit_test(test_topics__accents_and_case),
        cmocka_unit_test(test_topics__language_stemmers),
        cmocka_unit_test(test_topics__invalid_utf8_and_empty),
        cmocka_unit_test(test_topics__mentions_and_links),
        cmocka_unit_test(test_topics__weights),
        cmocka_unit_test(test_topics__labels),
        cmocka_unit_test(test_topics__lexicon),
        cmocka_unit_test(test_topics__memo_and_langs),
        cmocka_unit_test(test_topics__long_words),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
