/*
 * test_facts.c - unit tests of an account's post facts (lib/facts.c,
 * facts.h): what a build keeps of a handful of hand-made posts, compared
 * with what the functions it stands for (niche_disclosure_check,
 * niche_topics_feed, niche__tags_top) say of the same posts; blob round
 * trips; and blobs cut short, damaged or from another version.
 *
 * The posts go in shuffled, sorted and reversed: the order of the facts
 * must not depend on it, and each order takes another path through the
 * sort. Expectations are written out by hand, not computed by the code
 * under test, so that a change of rule shows up here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "niche/error.h"
#include "niche/metrics.h"
#include "niche/model.h"
#include "niche/topics.h"
#include "buf.h"
#include "facts.h"
#include "tags.h"
#include "banned.h"

#define MISSING NICHE_MISSING

/* Handles one past and exactly at the length kept with a flagged post. */
#define H48 "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv"
#define H47 "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstu"
_Static_assert(sizeof(H48) - 1 == NICHE_FACTS_BRAND_MAX + 1, "H48 must be one too long");
_Static_assert(sizeof(H47) - 1 == NICHE_FACTS_BRAND_MAX, "H47 must just fit");

/* 130 characters, so that a marker after it is past the preview. */
#define LONG130                                                                  \
    "a long story about my morning walk and the weather and the dog and the "   \
    "neighbours and the coffee and the newspaper that came late again today"
_Static_assert(sizeof(LONG130) - 1 > NICHE_PREVIEW_CHARS, "LONG130 must pass the preview");

/* ---- the posts ------------------------------------------------------------- */

struct spec {
    int64_t id, posted_ms;
    const char *caption, *hashtags, *mentions;
    int64_t likes;
    int sponsored;   /* the platform flag: 1, 0 or -1 */
};

/* Shuffled on purpose: neither newest nor oldest first, ties apart. */
static const struct spec shuffled[] = {
    { 6, 3000, "new recipe: pasta carbonara #food #ad", "food ad", "barilla", 60, 0 },
    { 4, MISSING, NULL, "fitness gym workout", NULL, MISSING, -1 },
    { 9, -5000, "Paid partnership with @Brand.", "zzz", "brand", 90, -1 },
    { 1, 1000, "Loved this serum #ad", "ad skincare", NULL, 10, -1 },
    { 10, 2000, "#collab sunday", "collab", H47, 100, 0 },
    { 2, 3000, "thanks to @brand for the gift #gifted", "gifted", "brand", 20, -1 },
    { 5, MISSING, "morning run #fitness", "fitness", "nike", 50, 1 },
    { 8, 4000, "", "travel", "", 80, -1 },
    { 7, 500, "#sp with @" H48, "sp", H48, 70, -1 },
    { 3, 2000, LONG130 " shot with @other. #ad", "ad ad", "brand other", 30, 0 },
};
#define NSPEC (sizeof(shuffled) / sizeof(shuffled[0]))

/* Newest first, ties by id, unknown times last. */
static const int64_t newest_first[NSPEC] = { 8, 2, 6, 3, 10, 1, 7, 9, 4, 5 };

struct want_mention {
    int64_t post;
    const char *brand, *word;
};

/* Ascending post id; within a post, in the order of its mentions. */
static const struct want_mention want_men[] = {
    { 2, "brand", "to" },  { 3, "brand", "" },  { 3, "other", "with" },
    { 5, "nike", "" },     { 6, "barilla", "" }, { 7, H48, "with" },
    { 9, "brand", "with" }, { 10, H47, "" },
};

/* Marked and not plainly compliant: #gifted, a buried #ad, #sp, #collab. */
static const struct want_mention want_kept[] = {
    { 2, "brand", NULL }, { 3, "brand", NULL }, { 7, "", NULL }, { 10, H47, NULL },
};

static const struct spec *spec_of(const struct spec *s, size_t n, int64_t id)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i].id == id)
            return &s[i];
    fail_msg("no post %lld", (long long)id);
    return NULL;
}

/* The other numbers follow from the id, so that each post's are its own. */
static void make_post(const struct spec *s, struct niche_post *p)
{
    niche_post_init(p);
    p->id = s->id;
    p->account_id = 77;
    p->platform = s->id % 3 ? NICHE_PLATFORM_INSTAGRAM : NICHE_PLATFORM_TIKTOK;
    p->post_id = (char *)"borrowed";
    p->posted_ms = s->posted_ms;
    p->caption = (char *)s->caption;
    p->hashtags = (char *)s->hashtags;
    p->mentions = (char *)s->mentions;
    p->likes = s->likes;
    p->comments = s->id * 3;
    p->shares = s->id % 2 ? MISSING : s->id;
    p->views = s->id * 100;
    p->saves = 5;   /* not kept: analysis reuses the field */
    p->sponsored = s->sponsored;
}

static struct niche_topics *topics(void)
{
    struct niche_error err = NICHE_ERROR_INIT;
    struct niche_topics *t = NULL;

    if (niche_topics_new(&t, &err) != 0)
        fail_msg("niche_topics_new: %s", err.msg);
    return t;
}

static void build(struct niche__facts *f, struct niche_topics *t, const struct spec *s,
                  size_t n, const char *lang)
{
    struct niche_post p;
    size_t i;

    niche__facts_reset(f, lang);
    for (i = 0; i < n; i++) {
        make_post(&s[i], &p);
        niche__facts_add(f, t, &p);
    }
    niche__facts_finish(f);
}

/* The hand-made posts in newest-first order (dir 1) or its reverse (-1). */
static void ordered_specs(struct spec *out, int dir)
{
    size_t i;

    for (i = 0; i < NSPEC; i++)
        out[dir > 0 ? i : NSPEC - 1 - i] = *spec_of(shuffled, NSPEC, newest_first[i]);
}

static void encode(const struct niche__facts *f, struct niche__buf *b)
{
    niche__buf_reset(b);
    niche__facts_encode(f, b);
    assert_non_null(b->buf);
}

/* A heap copy of exactly n bytes, so that ASan sees any read past them. */
static unsigned char *dup_bytes(const void *p, size_t n)
{
    unsigned char *d = malloc(n ? n : 1);

    assert_non_null(d);
    if (n)
        memcpy(d, p, n);
    return d;
}

static int decode_copy(struct niche__facts *f, const void *p, size_t n)
{
    unsigned char *d = dup_bytes(p, n);
    int rc = niche__facts_decode(f, d, n);

    free(d);
    return rc;
}

/* ---- comparisons ------------------------------------------------------------ */

static void expect_same_check(const struct niche_disclosure_check *a,
                              const struct niche_disclosure_check *b, int64_t id)
{
    if (a->marker != b->marker || a->compliance != b->compliance || a->word != b->word ||
        a->flag != b->flag || a->buried != b->buried)
        fail_msg("post %lld: check %d/%d '%s' flag %d buried %d; want %d/%d '%s' %d %d",
                 (long long)id, a->marker, a->compliance, a->word ? a->word : "-", a->flag,
                 a->buried, b->marker, b->compliance, b->word ? b->word : "-", b->flag,
                 b->buried);
}

static void expect_same_numbers(const struct niche_post *a, const struct niche_post *b)
{
    assert_int_equal(a->id, b->id);
    assert_int_equal(a->posted_ms, b->posted_ms);
    assert_int_equal(a->platform, b->platform);
    assert_int_equal(a->likes, b->likes);
    assert_int_equal(a->comments, b->comments);
    assert_int_equal(a->shares, b->shares);
    assert_int_equal(a->views, b->views);
}

static void expect_same_text(const struct niche__facts *a, uint32_t aoff, uint32_t alen,
                             const struct niche__facts *b, uint32_t boff, uint32_t blen)
{
    assert_int_equal(alen, blen);
    if (alen)
        assert_memory_equal(a->text.buf + aoff, b->text.buf + boff, alen);
}

static void expect_same_topic(const struct niche_topic_acc *a, const struct niche_topic_acc *b)
{
    int i;

    for (i = 0; i < NICHE_TOPIC__COUNT; i++)
        if (a->score[i] != b->score[i])
            fail_msg("topic %d: %.17g, want %.17g", i, a->score[i], b->score[i]);
    assert_true(a->total == b->total);
    assert_int_equal(a->matches, b->matches);
}

static void expect_same_tags(const struct niche_tag_count *a, int na,
                             const struct niche_tag_count *b, int nb)
{
    int i;

    assert_int_equal(na, nb);
    for (i = 0; i < na; i++) {
        assert_string_equal(a[i].tag, b[i].tag);
        assert_int_equal(a[i].posts, b[i].posts);
    }
}

/* Field by field, strings by content (offsets into text may differ). */
static void expect_same_facts(const struct niche__facts *a, const struct niche__facts *b)
{
    size_t i;

    assert_string_equal(a->lang, b->lang);
    assert_int_equal(a->n, b->n);
    for (i = 0; i < a->n; i++) {
        expect_same_numbers(&a->post[i], &b->post[i]);
        expect_same_check(&a->check[i], &b->check[i], a->post[i].id);
    }
    assert_int_equal(a->nmen, b->nmen);
    for (i = 0; i < a->nmen; i++) {
        assert_int_equal(a->men[i].post, b->men[i].post);
        expect_same_text(a, a->men[i].brand, a->men[i].blen, b, b->men[i].brand,
                         b->men[i].blen);
        expect_same_text(a, a->men[i].word, a->men[i].wlen, b, b->men[i].word,
                         b->men[i].wlen);
    }
    assert_int_equal(a->nkept, b->nkept);
    for (i = 0; i < a->nkept; i++) {
        assert_int_equal(a->kept[i].post, b->kept[i].post);
        expect_same_text(a, a->kept[i].brand, a->kept[i].blen, b, b->kept[i].brand,
                         b->kept[i].blen);
    }
    expect_same_topic(&a->topic, &b->topic);
    expect_same_tags(a->tag, a->ntags, b->tag, b->ntags);
    assert_int_equal(a->nrest, b->nrest);
    for (i = 0; i < a->nrest; i++) {
        assert_int_equal(a->rest[i].posts, b->rest[i].posts);
        expect_same_text(a, a->rest[i].tag, a->rest[i].len, b, b->rest[i].tag,
                         b->rest[i].len);
    }
}

/* The string at (off, len) of f's text is want. */
static void expect_text(const struct niche__facts *f, uint32_t off, uint32_t len,
                        const char *want, const char *what, int64_t id)
{
    if (len != strlen(want) || memcmp(f->text.buf + off, want, len))
        fail_msg("post %lld: %s '%.*s', want '%s'", (long long)id, what, (int)len,
                 f->text.buf + off, want);
}

/* ---- building ----------------------------------------------------------------- */

/* Newest first, unknown times last, ties by id; numbers kept, text not. */
static void expect_posts(const struct niche__facts *f, const struct spec *s, size_t n)
{
    size_t i;

    assert_int_equal(f->n, NSPEC);
    for (i = 0; i < f->n; i++) {
        struct niche_post want;
        struct niche_disclosure_check chk;
        const struct niche_post *p = &f->post[i];

        if (p->id != newest_first[i])
            fail_msg("post %zu is %lld, want %lld", i, (long long)p->id,
                     (long long)newest_first[i]);
        make_post(spec_of(s, n, p->id), &want);
        expect_same_numbers(p, &want);
        assert_null(p->caption);
        assert_null(p->hashtags);
        assert_null(p->mentions);
        assert_null(p->post_id);
        niche_disclosure_check(want.caption, want.sponsored, &chk);
        expect_same_check(&f->check[i], &chk, p->id);
    }
}

static void expect_mentions(const struct niche__facts *f)
{
    size_t i, n = sizeof(want_men) / sizeof(want_men[0]);

    assert_int_equal(f->nmen, n);
    for (i = 0; i < n; i++) {
        const struct niche__facts_mention *m = &f->men[i];

        assert_true(m->post < f->n);
        if (f->post[m->post].id != want_men[i].post)
            fail_msg("mention %zu is of post %lld, want %lld", i,
                     (long long)f->post[m->post].id, (long long)want_men[i].post);
        expect_text(f, m->brand, m->blen, want_men[i].brand, "brand", want_men[i].post);
        expect_text(f, m->word, m->wlen, want_men[i].word, "word before", want_men[i].post);
    }
}

static void expect_kept(const struct niche__facts *f)
{
    size_t i, n = sizeof(want_kept) / sizeof(want_kept[0]);

    assert_int_equal(f->nkept, n);
    for (i = 0; i < n; i++) {
        const struct niche__facts_kept *k = &f->kept[i];

        assert_true(k->post < f->n);
        if (f->post[k->post].id != want_kept[i].post)
            fail_msg("kept %zu is post %lld, want %lld", i, (long long)f->post[k->post].id,
                     (long long)want_kept[i].post);
        assert_true(k->blen <= NICHE_FACTS_BRAND_MAX);
        expect_text(f, k->brand, k->blen, want_kept[i].brand, "kept brand", want_kept[i].post);
        /* Only marked posts that are not plainly compliant are kept. */
        assert_true(f->check[k->post].flag || f->check[k->post].marker != NICHE_MARKER_NONE);
        assert_int_not_equal(f->check[k->post].compliance, NICHE_COMPLIANCE_OK);
    }
}

/* What analysis fed before the facts: captions in the account's language,
 * hashtags only of posts without a caption, and the hashtag tally. */
static void expect_topics_and_tags(const struct niche__facts *f, struct niche_topics *t,
                                   const struct spec *s, size_t n)
{
    struct niche_topic_acc acc;
    struct niche__tags tally = { 0 };
    struct niche_tag_count top[NICHE_TAGS_KEPT];
    size_t i;
    int ntop;

    niche_topic_acc_init(&acc);
    for (i = 0; i < n; i++) {
        if (s[i].caption && *s[i].caption)
            niche_topics_feed(t, &acc, NICHE_TOPIC_CAPTION, s[i].caption, strlen(s[i].caption),
                              "en");
        else if (!s[i].caption && s[i].hashtags)
            niche_topics_feed(t, &acc, NICHE_TOPIC_HASHTAGS, s[i].hashtags,
                              strlen(s[i].hashtags), NULL);
        niche__tags_add(&tally, s[i].hashtags);
    }
    assert_true(acc.matches > 0);   /* else the comparison says little */
    expect_same_topic(&f->topic, &acc);
    ntop = niche__tags_top(&tally, NICHE_TAGS_KEPT, top);
    expect_same_tags(f->tag, f->ntags, top, ntop);
    niche__tags_release(&tally);
    /* and by hand: eleven tags, "ad" on three posts (once on post 3) */
    assert_int_equal(f->ntags, NICHE_TAGS_KEPT);
    assert_string_equal(f->tag[0].tag, "ad");
    assert_int_equal(f->tag[0].posts, 3);
    assert_string_equal(f->tag[1].tag, "fitness");
    assert_int_equal(f->tag[1].posts, 2);
    assert_string_equal(f->tag[NICHE_TAGS_KEPT - 1].tag, "workout");
}

static void test_facts__build(void **state)
{
    struct niche_topics *t = topics();
    struct niche__facts f = { 0 };

    (void)state;
    build(&f, t, shuffled, NSPEC, "en");
    assert_string_equal(f.lang, "en");
    expect_posts(&f, shuffled, NSPEC);
    expect_mentions(&f);
    expect_kept(&f);
    expect_topics_and_tags(&f, t, shuffled, NSPEC);
    niche__facts_release(&f);
    niche_topics_free(t);
}

/* Captions are read in the account's language; hashtags in none. */
static void topic_of(struct niche_topics *t, const struct spec *s, size_t n, const char *lang,
                     struct niche_topic_acc *acc)
{
    size_t i;

    niche_topic_acc_init(acc);
    for (i = 0; i < n; i++)
        if (s[i].caption)
            niche_topics_feed(t, acc, NICHE_TOPIC_CAPTION, s[i].caption, strlen(s[i].caption),
                              lang);
        else
            niche_topics_feed(t, acc, NICHE_TOPIC_HASHTAGS, s[i].hashtags,
                              strlen(s[i].hashtags), NULL);
}

static void test_facts__topic_language(void **state)
{
    static const struct spec de[] = {
        { 1, 1000, "Neue Rezepte zum Kochen", "kochen", NULL, 1, -1 },
        { 2, 2000, "Urlaub am Strand mit meinen Kindern", NULL, NULL, 2, -1 },
        { 3, 3000, NULL, "rezepte kochen", NULL, 3, -1 },
    };
    struct niche_topics *t = topics();
    struct niche__facts f = { 0 };
    struct niche_topic_acc in_de, in_none;

    (void)state;
    topic_of(t, de, 3, "de", &in_de);
    topic_of(t, de, 3, NULL, &in_none);
    assert_true(in_de.matches > in_none.matches);   /* the language shows */
    build(&f, t, de, 3, "de");
    expect_same_topic(&f.topic, &in_de);
    build(&f, t, de, 3, NULL);
    expect_same_topic(&f.topic, &in_none);
    niche__facts_release(&f);
    niche_topics_free(t);
}

/* Sorted, reversed and shuffled input give the same facts and blob. */
static void test_facts__input_order(void **state)
{
    struct niche_topics *t = topics();
    struct niche__facts a = { 0 }, b = { 0 };
    struct niche__buf ba = NICHE__BUF_INIT(0), bb = NICHE__BUF_INIT(0);
    struct spec s[NSPEC];
    int dir;

    (void)state;
    build(&a, t, shuffled, NSPEC, "en");
    encode(&a, &ba);
    for (dir = -1; dir <= 1; dir += 2) {
        ordered_specs(s, dir);
        build(&b, t, s, NSPEC, "en");
        expect_posts(&b, s, NSPEC);
        expect_mentions(&b);
        expect_kept(&b);
        expect_same_facts(&b, &a);
        encode(&b, &bb);
        assert_int_equal(ba.len, bb.len);
        assert_memory_equal(ba.buf, bb.buf, ba.len);
    }
    niche__buf_release(&ba);
    niche__buf_release(&bb);
    niche__facts_release(&a);
    niche__facts_release(&b);
    niche_topics_free(t);
}

/* A language is two letters or none; a reset forgets everything. */
static void test_facts__reset(void **state)
{
    struct niche_topics *t = topics();
    struct niche__facts f = { 0 };

    (void)state;
    niche__facts_reset(&f, "eng");
    assert_string_equal(f.lang, "");
    niche__facts_reset(&f, NULL);
    assert_string_equal(f.lang, "");
    build(&f, t, shuffled, NSPEC, "en");
    niche__facts_reset(&f, "de");
    assert_string_equal(f.lang, "de");
    assert_int_equal(f.n, 0);
    assert_int_equal(f.nmen, 0);
    assert_int_equal(f.nkept, 0);
    assert_int_equal(f.ntags, 0);
    assert_int_equal(f.topic.matches, 0);
    niche__facts_finish(&f);
    assert_int_equal(f.ntags, 0);   /* the tally was reset too */
    niche__facts_release(&f);
    niche__facts_release(&f);       /* released twice is fine */
    niche_topics_free(t);
}

/* ---- the blob ------------------------------------------------------------------- */

/* Decoded facts equal the built ones, and encode to the same bytes. */
static void expect_round_trip(const struct niche__facts *f)
{
    struct niche__facts g = { 0 };
    struct niche__buf b1 = NICHE__BUF_INIT(0), b2 = NICHE__BUF_INIT(0);

    encode(f, &b1);
    assert_int_equal(decode_copy(&g, b1.buf, b1.len), 0);
    expect_same_facts(&g, f);
    encode(&g, &b2);
    assert_int_equal(b1.len, b2.len);
    assert_memory_equal(b1.buf, b2.buf, b1.len);
    niche__buf_release(&b1);
    niche__buf_release(&b2);
    niche__facts_release(&g);
}

static void test_facts__round_trip(void **state)
{
    struct niche_topics *t = topics();
    struct niche__facts f = { 0 };

    (void)state;
    build(&f, t, shuffled, NSPEC, "en");
    assert_true(f.nmen > 0 && f.nkept > 0 && f.ntags > 0 && f.topic.total > 0);
    expect_round_trip(&f);
    build(&f, t, shuffled, NSPEC, NULL);
    expect_round_trip(&f);
    niche__facts_release(&f);
    niche_topics_free(t);
}

/* Feed specs s[0..n) to reopened facts, the first `bump` with one more
 * like and an hour earlier than they were. */
static void feed_bumped(struct niche__facts *f, struct niche_topics *t, const struct spec *s,
                        size_t n, size_t bump)
{
    struct niche_post p;
    size_t i;

    for (i = 0; i < n; i++) {
        make_post(&s[i], &p);
        if (i < bump && p.likes != MISSING)
            p.likes++;
        if (i < bump && p.posted_ms != MISSING)
            p.posted_ms -= 3600000;
        niche__facts_add(f, t, &p);
    }
}

/* The facts of blob old, reopened (for new posts only, or not) and fed
 * s[0..n), the first `bump` with new numbers, encode to want. */
static void expect_refresh(const struct niche__buf *old, struct niche_topics *t, int only_new,
                           const struct spec *s, size_t n, size_t bump,
                           const struct niche__buf *want)
{
    struct niche__facts g = { 0 };
    struct niche__buf b = NICHE__BUF_INIT(0);

    assert_int_equal(decode_copy(&g, old->buf, old->len), 0);
    niche__facts_reopen(&g, only_new);
    feed_bumped(&g, t, s, n, bump);
    assert_int_equal(niche__facts_finish(&g), 0);
    encode(&g, &b);
    assert_int_equal(b.len, want->len);
    assert_memory_equal(b.buf, want->buf, b.len);
    expect_round_trip(&g);
    niche__buf_release(&b);
    niche__facts_release(&g);
}

/* Facts of six posts, reopened and fed all ten with new numbers for the
 * six, are byte for byte the facts of the ten built whole; fed without
 * one of the six, they cannot finish. */
static void test_facts__refresh(void **state)
{
    struct niche_topics *t = topics();
    struct niche__facts f = { 0 }, g = { 0 };
    struct niche__buf old = NICHE__BUF_INIT(0), whole = NICHE__BUF_INIT(0);

    (void)state;
    build(&f, t, shuffled, 6, "en");
    encode(&f, &old);
    niche__facts_reset(&f, "en");
    feed_bumped(&f, t, shuffled, NSPEC, 6);
    assert_int_equal(niche__facts_finish(&f), 0);
    assert_true(f.ntags > 0 && f.nmen > 0 && f.nkept > 0);
    encode(&f, &whole);
    expect_refresh(&old, t, 0, shuffled, NSPEC, 6, &whole);

    assert_int_equal(decode_copy(&g, old.buf, old.len), 0);
    niche__facts_reopen(&g, 0);
    feed_bumped(&g, t, shuffled + 1, NSPEC - 1, 5);   /* the first post is gone */
    assert_int_equal(niche__facts_finish(&g), -1);
    niche__buf_release(&old);
    niche__buf_release(&whole);
    niche__facts_release(&f);
    niche__facts_release(&g);
    niche_topics_free(t);
}

/* Facts of six posts, reopened for new posts only and fed the other four,
 * are byte for byte the facts of the ten built whole: the four carry tags
 * that push "zzz", in the top ten of the six, out of it. */
static void test_facts__refresh_new_only(void **state)
{
    struct niche_topics *t = topics();
    struct niche__facts f = { 0 };
    struct niche__buf old = NICHE__BUF_INIT(0), whole = NICHE__BUF_INIT(0);

    (void)state;
    build(&f, t, shuffled, 6, "en");
    assert_int_equal(f.nrest, 0);
    assert_int_equal(niche__facts_newest_id(&f), 10);
    encode(&f, &old);
    build(&f, t, shuffled, NSPEC, "en");
    assert_int_equal(f.ntags, NICHE_TAGS_KEPT);
    assert_int_equal(f.nrest, 1);
    expect_text(&f, f.rest[0].tag, f.rest[0].len, "zzz", "the tag past the top", 9);
    encode(&f, &whole);
    expect_refresh(&old, t, 1, shuffled + 6, NSPEC - 6, 0, &whole);
    niche__buf_release(&old);
    niche__buf_release(&whole);
    niche__facts_release(&f);
    niche_topics_free(t);
}

/* Twelve tags once each keep two past the top ten; new posts that carry
 * the last of them twice bring it to the top, as a build of them all. */
static void test_facts__refresh_tag_climbs(void **state)
{
    static const struct spec first[] = {
        { 1, 1000, NULL, "t01 t02 t03", NULL, 1, -1 },
        { 2, 2000, NULL, "t04 t05 t06", NULL, 2, -1 },
        { 3, 3000, NULL, "t07 t08 t09", NULL, 3, -1 },
        { 4, 4000, NULL, "t10 t11 t12", NULL, 4, -1 },
        { 5, 5000, NULL, "t12 t12 t13", NULL, 5, -1 },   /* a tag counts once a post */
        { 6, 6000, NULL, "t13", NULL, 6, -1 },
    };
    struct niche_topics *t = topics();
    struct niche__facts f = { 0 };
    struct niche__buf old = NICHE__BUF_INIT(0), whole = NICHE__BUF_INIT(0);

    (void)state;
    build(&f, t, first, 4, NULL);
    assert_int_equal(f.ntags, NICHE_TAGS_KEPT);
    assert_int_equal(f.nrest, 2);   /* t11 and t12, once each */
    expect_text(&f, f.rest[1].tag, f.rest[1].len, "t12", "the last tag", 4);
    encode(&f, &old);
    build(&f, t, first, 6, NULL);
    assert_string_equal(f.tag[0].tag, "t12");
    assert_string_equal(f.tag[1].tag, "t13");
    encode(&f, &whole);
    expect_refresh(&old, t, 1, first + 4, 2, 0, &whole);
    niche__buf_release(&old);
    niche__buf_release(&whole);
    niche__facts_release(&f);
    niche_topics_free(t);
}

static void test_facts__round_trip_empty(void **state)
{
    struct niche__facts f = { 0 }, g = { 0 };
    struct niche__buf b = NICHE__BUF_INIT(0);

    (void)state;
    niche__facts_reset(&f, "de");
    niche__facts_finish(&f);
    expect_round_trip(&f);
    encode(&f, &b);
    assert_int_equal(niche__facts_decode(&g, b.buf, b.len), 0);
    assert_string_equal(g.lang, "de");
    assert_int_equal(g.n, 0);
    assert_int_equal(g.nmen + g.nkept, 0);
    assert_int_equal(g.ntags, 0);
    niche__buf_release(&b);
    niche__facts_release(&f);
    niche__facts_release(&g);
}

/* Deltas that wrap, counts at the ends of their range, every platform. */
static void test_facts__round_trip_extremes(void **state)
{
    static const int64_t ids[] = { INT64_MAX, 1, INT64_MAX - 1, 2, 0 };
    static const int64_t times[] = { INT64_MAX, INT64_MIN + 1, 0, -1, MISSING };
    struct niche_topics *t = topics();
    struct niche__facts f = { 0 };
    struct niche_post p;
    size_t i;

    (void)state;
    niche__facts_reset(&f, "en");
    for (i = 0; i < 5; i++) {
        niche_post_init(&p);
        p.id = ids[i];
        p.posted_ms = times[i];
        p.platform = (enum niche_platform)(i * 2 % NICHE_PLATFORM__COUNT);
        p.likes = i % 2 ? INT64_MAX : 0;
        p.views = i % 2 ? MISSING : INT64_MAX;
        p.caption = (char *)"#werbung";
        niche__facts_add(&f, t, &p);
    }
    niche__facts_finish(&f);
    assert_int_equal(f.post[0].posted_ms, INT64_MAX);
    assert_int_equal(f.post[4].posted_ms, MISSING);
    expect_round_trip(&f);
    niche__facts_release(&f);
    niche_topics_free(t);
}

/* Two hundred posts, some with every number and some with none. */
static void build_many(struct niche__facts *f, struct niche_topics *t, size_t n)
{
    static const char *const captions[] = {
        "leg day at the gym #fitness", "#ad new lipstick from @glowco", NULL,
        "pasta night with @chef", "", "#gifted by @brand and @other",
    };
    struct niche_post p;
    size_t i;

    niche__facts_reset(f, "en");
    for (i = 0; i < n; i++) {
        niche_post_init(&p);
        p.id = (int64_t)(i * 7919 % 1000) + 1;
        p.posted_ms = i % 11 == 3 ? MISSING : 1700000000000 - (int64_t)(i * 3600000 % 86400000);
        p.platform = (enum niche_platform)(i % NICHE_PLATFORM__COUNT);
        p.caption = (char *)captions[i % 6];
        p.hashtags = i % 4 ? (char *)"fitness food" : NULL;
        p.mentions = i % 6 == 5 ? (char *)"brand other" : i % 3 == 1 ? (char *)"glowco" : NULL;
        p.likes = i % 5 ? (int64_t)(i * 13) : MISSING;
        p.comments = i % 7 ? (int64_t)i : MISSING;
        p.shares = i % 2 ? MISSING : 3;
        p.views = i % 9 ? (int64_t)(i * 1000) : MISSING;
        p.sponsored = (int)(i % 3) - 1;
        niche__facts_add(f, t, &p);
    }
    niche__facts_finish(f);
}

static void test_facts__round_trip_many(void **state)
{
    struct niche_topics *t = topics();
    struct niche__facts f = { 0 };
    size_t i;

    (void)state;
    build_many(&f, t, 200);
    assert_int_equal(f.n, 200);
    for (i = 1; i < f.nmen; i++)   /* post id order */
        assert_true(f.post[f.men[i - 1].post].id <= f.post[f.men[i].post].id);
    for (i = 1; i < f.nkept; i++)
        assert_true(f.post[f.kept[i - 1].post].id < f.post[f.kept[i].post].id);
    expect_round_trip(&f);
    niche__facts_release(&f);
    niche_topics_free(t);
}

/* Decoding into facts that held more leaves nothing of them behind. */
static void test_facts__decode_reuses(void **state)
{
    struct niche_topics *t = topics();
    struct niche__facts big = { 0 }, small = { 0 }, g = { 0 };
    struct niche__buf bb = NICHE__BUF_INIT(0), bs = NICHE__BUF_INIT(0);

    (void)state;
    build_many(&big, t, 200);
    build(&small, t, shuffled, 3, "de");
    encode(&big, &bb);
    encode(&small, &bs);
    assert_int_equal(niche__facts_decode(&g, bb.buf, bb.len), 0);
    assert_int_equal(niche__facts_decode(&g, bs.buf, bs.len), 0);
    expect_same_facts(&g, &small);
    assert_int_equal(niche__facts_decode(&g, bb.buf, bb.len), 0);
    expect_same_facts(&g, &big);
    niche__buf_release(&bb);
    niche__buf_release(&bs);
    niche__facts_release(&big);
    niche__facts_release(&small);
    niche__facts_release(&g);
    niche_topics_free(t);
}

/* ---- damaged blobs ---------------------------------------------------------------- */

static void valid_blob(struct niche__buf *b)
{
    struct niche_topics *t = topics();
    struct niche__facts f = { 0 };

    build(&f, t, shuffled, NSPEC, "en");
    encode(&f, b);
    niche__facts_release(&f);
    niche_topics_free(t);
}

static void test_facts__truncated(void **state)
{
    struct niche__buf b = NICHE__BUF_INIT(0);
    struct niche__facts g = { 0 };
    size_t n;

    (void)state;
    valid_blob(&b);
    assert_int_equal(decode_copy(&g, b.buf, b.len), 0);
    for (n = 0; n < b.len; n++)
        if (decode_copy(&g, b.buf, n) != -1)
            fail_msg("a blob cut to %zu of %zu bytes was accepted", n, b.len);
    assert_int_equal(niche__facts_decode(&g, NULL, 0), -1);
    niche__buf_release(&b);
    niche__facts_release(&g);
}

/* What decodes must encode to a blob that decodes, to the same bytes. */
static void expect_stable(const struct niche__facts *g)
{
    struct niche__facts h = { 0 };
    struct niche__buf e1 = NICHE__BUF_INIT(0), e2 = NICHE__BUF_INIT(0);

    encode(g, &e1);
    if (decode_copy(&h, e1.buf, e1.len) != 0)
        fail_msg("accepted facts re-encode to a blob that does not decode");
    encode(&h, &e2);
    assert_int_equal(e1.len, e2.len);
    assert_memory_equal(e1.buf, e2.buf, e1.len);
    niche__buf_release(&e1);
    niche__buf_release(&e2);
    niche__facts_release(&h);
}

static void test_facts__flipped_bytes(void **state)
{
    struct niche__buf b = NICHE__BUF_INIT(0);
    struct niche__facts g = { 0 };
    unsigned char *d;
    size_t i, k, accepted = 0, tried = 0;

    (void)state;
    valid_blob(&b);
    d = dup_bytes(b.buf, b.len);
    for (i = 0; i < b.len; i++) {
        const unsigned char was = d[i];
        const unsigned char to[] = { (unsigned char)(was ^ 0x01), (unsigned char)(was ^ 0x80),
                                     (unsigned char)(was + 1), 0x00, 0x7f, 0x80, 0xff };

        for (k = 0; k < sizeof(to); k++) {
            if (to[k] == was)
                continue;
            d[i] = to[k];
            tried++;
            if (niche__facts_decode(&g, d, b.len) == 0) {
                accepted++;
                expect_stable(&g);
            }
        }
        d[i] = was;
    }
    /* Numbers and strings change without breaking the blob: some must pass
     * (else this test checks nothing), and the structure: most must not. */
    assert_true(accepted > 0);
    assert_true(accepted < tried);
    free(d);
    niche__buf_release(&b);
    niche__facts_release(&g);
}

static void test_facts__bad_header(void **state)
{
    struct niche__buf b = NICHE__BUF_INIT(0);
    struct niche__facts g = { 0 };
    unsigned char *d;

    (void)state;
    valid_blob(&b);
    assert_int_equal((unsigned char)b.buf[2], NICHE_FACTS_VERSION);   /* one varint byte */
    d = dup_bytes(b.buf, b.len);
    d[2] = NICHE_FACTS_VERSION + 1;
    assert_int_equal(niche__facts_decode(&g, d, b.len), -1);
    d[2] = 0;
    assert_int_equal(niche__facts_decode(&g, d, b.len), -1);
    d[2] = NICHE_FACTS_VERSION;
    d[0] = 'n';
    assert_int_equal(niche__facts_decode(&g, d, b.len), -1);
    d[0] = 'N';
    d[1] = 'G';
    assert_int_equal(niche__facts_decode(&g, d, b.len), -1);
    d[1] = 'F';
    assert_int_equal(niche__facts_decode(&g, d, b.len), 0);   /* restored */
    free(d);
    niche__buf_release(&b);
    niche__facts_release(&g);
}

static void test_facts__trailing_garbage(void **state)
{
    struct niche__buf b = NICHE__BUF_INIT(0);
    struct niche__facts g = { 0 };
    size_t len;

    (void)state;
    valid_blob(&b);
    len = b.len;
    (void)niche__buf_addch(&b, '\0');
    assert_int_equal(decode_copy(&g, b.buf, b.len), -1);
    (void)niche__buf_add(&b, "junk", 4);
    assert_int_equal(decode_copy(&g, b.buf, b.len), -1);
    assert_int_equal(decode_copy(&g, b.buf, len), 0);
    niche__buf_release(&b);
    niche__facts_release(&g);
}

/* Facts that were never finished (posts oldest first) and counts the store
 * never holds (negative) are not trusted when read back. */
static void test_facts__rejects_what_a_build_never_gives(void **state)
{
    struct niche_topics *t = topics();
    struct niche__facts f = { 0 }, g = { 0 };
    struct niche__buf b = NICHE__BUF_INIT(0);
    struct spec s[NSPEC];
    struct niche_post p;
    size_t i;

    (void)state;
    ordered_specs(s, -1);
    niche__facts_reset(&f, "en");
    for (i = 0; i < NSPEC; i++) {
        make_post(&s[i], &p);
        niche__facts_add(&f, t, &p);
    }
    encode(&f, &b);   /* not finished: oldest first */
    assert_int_equal(decode_copy(&g, b.buf, b.len), -1);
    niche__facts_finish(&f);
    encode(&f, &b);
    assert_int_equal(decode_copy(&g, b.buf, b.len), 0);

    niche__facts_reset(&f, "en");
    make_post(&s[0], &p);
    p.likes = -5;
    niche__facts_add(&f, t, &p);
    niche__facts_finish(&f);
    encode(&f, &b);
    assert_int_equal(decode_copy(&g, b.buf, b.len), -1);
    niche__buf_release(&b);
    niche__facts_release(&f);
    niche__facts_release(&g);
    niche_topics_free(t);
}

/* ---- mentions in a caption ------------------------------------------------------- */

/*
 * Each handle of "brand other" is a token followed by a space, not a
 * string of its own: every mention of a post gets its word, not only the
 * last (as it did before the facts). And the character after "@handle" is
 * read only once the handle matched, never past a short caption's end.
 */
static void test_facts__word_before_each_mention(void **state)
{
    static const struct spec s = { 1, 1000, "thanks to @brand for, and @other!", NULL,
                                   "brand other", 1, -1 };
    static const struct want_mention want[] = { { 1, "brand", "to" }, { 1, "other", "and" } };
    struct niche_topics *t = topics();
    struct niche__facts f = { 0 };
    size_t i;

    (void)state;
    build(&f, t, &s, 1, "en");
    assert_int_equal(f.nmen, 2);
    for (i = 0; i < 2; i++)
        expect_text(&f, f.men[i].word, f.men[i].wlen, want[i].word, "word before", 1);
    niche__facts_release(&f);
    niche_topics_free(t);
}

static void test_facts__mention_near_caption_end(void **state)
{
    struct niche_topics *t = topics();
    struct niche__facts f = { 0 };
    struct niche_post p;
    char *caption = (char *)dup_bytes("hi @b", 6);   /* exactly, for ASan */

    (void)state;
    niche__facts_reset(&f, "en");
    niche_post_init(&p);
    p.id = 1;
    p.caption = caption;
    p.mentions = (char *)"brandname";
    niche__facts_add(&f, t, &p);
    niche__facts_finish(&f);
    assert_int_equal(f.nmen, 1);
    assert_int_equal(f.men[0].wlen, 0);
    free(caption);
    niche__facts_release(&f);
    niche_topics_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_facts__build),
        cmocka_unit_test(test_facts__input_order),
        cmocka_unit_test(test_facts__topic_language),
        cmocka_unit_test(test_facts__reset),
        cmocka_unit_test(test_facts__round_trip),
        cmocka_unit_test(test_facts__refresh),
        cmocka_unit_test(test_facts__refresh_new_only),
        cmocka_unit_test(test_facts__refresh_tag_climbs),
        cmocka_unit_test(test_facts__round_trip_empty),
        cmocka_unit_test(test_facts__round_trip_extremes),
        cmocka_unit_test(test_facts__round_trip_many),
        cmocka_unit_test(test_facts__decode_reuses),
        cmocka_unit_test(test_facts__truncated),
        cmocka_unit_test(test_facts__flipped_bytes),
        cmocka_unit_test(test_facts__bad_header),
        cmocka_unit_test(test_facts__trailing_garbage),
        cmocka_unit_test(test_facts__rejects_what_a_build_never_gives),
        cmocka_unit_test(test_facts__word_before_each_mention),
        cmocka_unit_test(test_facts__mention_near_caption_end),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
