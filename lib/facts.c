/*
 * facts.c - an account's post facts: built from its posts, kept as a blob.
 *
 * Reading a caption costs more than everything else analysis does with a
 * post (the disclosure check, the niche lexicon, the word before each
 * mention), and SQLite's row-by-row read of the text costs as much again.
 * None of it depends on anything but the post and its account's language,
 * so it is done once: the facts of an account are what analysis uses of
 * its posts, and the next analysis reads one blob per account instead of
 * a row and a caption per post. docs/internals/facts.md has the format.
 *
 * Every number in the blob is an unsigned LEB128 varint; signed ones are
 * zigzag-coded, ids and times as deltas from the post before. Reals are
 * their 8 IEEE bytes, little-endian. The decoder checks every length and
 * range, so a damaged blob is rebuilt, never trusted.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "facts.h"
#include "internal.h"
#include "banned.h"

#define FACTS_MAGIC0 'N'
#define FACTS_MAGIC1 'F'

/* flags byte of a post: which numbers follow */
#define F_POSTED 1
#define F_LIKES 2
#define F_COMMENTS 4
#define F_SHARES 8
#define F_VIEWS 16

void niche__facts_reset(struct niche__facts *f, const char *lang)
{
    f->lang[0] = '\0';
    if (lang && strlen(lang) == 2)
        memcpy(f->lang, lang, 3);
    f->n = f->nmen = f->nkept = 0;
    f->ntags = 0;
    f->nrest = 0;
    niche__buf_reset(&f->text);
    niche_topic_acc_init(&f->topic);
    niche__tags_reset(&f->tally);
    f->nknown = f->nmet = 0;
    f->only_new = 0;
}

void niche__facts_release(struct niche__facts *f)
{
    free(f->post);
    free(f->check);
    free(f->men);
    free(f->kept);
    free(f->rest);
    niche__buf_release(&f->text);
    niche__tags_release(&f->tally);
    free(f->known);
    memset(f, 0, sizeof(*f));
}

/* ---- building ------------------------------------------------------------- */

static uint32_t keep_text(struct niche__facts *f, const char *s, size_t n)
{
    uint32_t off = (uint32_t)f->text.len;

    (void)niche__buf_add(&f->text, s, n);   /* no cap: only OOM, fatal */
    return off;
}

/* Whether "@handle" starts at p and ends there (before a space, a
 * bracket or a stop). handle is a token of the mentions list, not
 * NUL-terminated: any of them, not only the last, can match. */
static int mention_at(const char *p, const char *handle, size_t hlen)
{
    size_t k;
    char after;

    for (k = 0; k < hlen && p[1 + k]; k++)
        if (niche__lower((unsigned char)p[1 + k]) != niche__lower((unsigned char)handle[k]))
            return 0;
    if (k < hlen)
        return 0;
    after = p[1 + hlen];
    return !after || after == ' ' || after == ')' || after == ',' || after == '.' ||
           after == '!';
}

/* The lowercase word just before "@handle" in caption ("with"), or "". */
static void word_before(const char *caption, const char *handle, size_t hlen,
                        char *out, size_t n)
{
    const char *p = caption;
    size_t e, b;

    out[0] = '\0';
    while (p && (p = strchr(p, '@')) != NULL) {
        if (!mention_at(p, handle, hlen)) {
            p++;
            continue;
        }
        for (e = (size_t)(p - caption); e > 0 && caption[e - 1] == ' '; e--)
            ;
        for (b = e; b > 0 && caption[b - 1] != ' ' && caption[b - 1] != '('; b--)
            ;
        if (e - b < n) {
            for (size_t i = b; i < e; i++)
                out[i - b] = (char)niche__lower((unsigned char)caption[i]);
            out[e - b] = '\0';
        }
        return;
    }
}

/* Each mention of p, with the word before it in the caption. */
static void add_mentions(struct niche__facts *f, const struct niche_post *p, uint32_t post)
{
    const char *s = p->mentions, *e;
    char word[32];

    for (; s && *s; s = *e ? e + 1 : e) {
        struct niche__facts_mention *m;

        if (!(e = strchr(s, ' ')))
            e = s + strlen(s);
        if (e == s || (size_t)(e - s) > NICHE_FACTS_HANDLE_MAX)   /* not a handle */
            continue;
        word_before(p->caption, s, (size_t)(e - s), word, sizeof(word));
        NICHE_ALLOC_GROW(f->men, f->nmen + 1, f->amen);
        m = &f->men[f->nmen++];
        m->post = post;
        m->blen = (uint32_t)(e - s);
        m->brand = keep_text(f, s, m->blen);
        m->wlen = (uint32_t)strlen(word);
        m->word = keep_text(f, word, m->wlen);
    }
}

/* A marked post whose check is not plainly compliant: a reviewer sees it
 * with its first mention (the whole first token, as the store had it). */
static void add_kept(struct niche__facts *f, const struct niche_post *p, uint32_t post)
{
    struct niche__facts_kept *k;
    const char *sp = p->mentions ? strchr(p->mentions, ' ') : NULL;
    size_t blen = !p->mentions ? 0 : sp ? (size_t)(sp - p->mentions) : strlen(p->mentions);

    NICHE_ALLOC_GROW(f->kept, f->nkept + 1, f->akept);
    k = &f->kept[f->nkept++];
    k->post = post;
    k->blen = blen <= NICHE_FACTS_BRAND_MAX ? (uint32_t)blen : 0;
    k->brand = keep_text(f, p->mentions ? p->mentions : "", k->blen);
}

static int cmp_known(const void *a, const void *b)
{
    const struct niche__facts_known *x = a, *y = b;

    return x->id < y->id ? -1 : x->id > y->id;
}

void niche__facts_reopen(struct niche__facts *f, int only_new)
{
    size_t i;

    NICHE_ALLOC_GROW(f->known, f->n, f->aknown);
    for (i = 0; i < f->n; i++)
        f->known[i] = (struct niche__facts_known){ f->post[i].id, (uint32_t)i };
    if (f->n)   /* no posts: known may not exist */
        qsort(f->known, f->n, sizeof(*f->known), cmp_known);
    f->nknown = f->n;
    f->nmet = 0;
    f->only_new = only_new;
    niche__tags_reset(&f->tally);
    for (i = 0; i < (size_t)f->ntags; i++)
        niche__tags_put(&f->tally, f->tag[i].tag, strlen(f->tag[i].tag), f->tag[i].posts);
    for (i = 0; i < f->nrest; i++)
        niche__tags_put(&f->tally, f->text.buf + f->rest[i].tag, f->rest[i].len,
                        f->rest[i].posts);
}

int64_t niche__facts_newest_id(const struct niche__facts *f)
{
    int64_t id = INT64_MIN;
    size_t i;

    for (i = 0; i < f->n; i++)
        if (f->post[i].id > id)
            id = f->post[i].id;
    return id;
}

/* A post the reopened blob held: new numbers (its hashtags are counted). */
static int refresh_known(struct niche__facts *f, const struct niche_post *p)
{
    struct niche__facts_known key = { p->id, 0 }, *k;
    struct niche_post *q;

    if (!f->nknown ||
        !(k = bsearch(&key, f->known, f->nknown, sizeof(*f->known), cmp_known)))
        return 0;
    q = &f->post[k->post];
    q->posted_ms = p->posted_ms;
    q->likes = p->likes;
    q->comments = p->comments;
    q->shares = p->shares;
    q->views = p->views;
    f->nmet++;
    return 1;
}

void niche__facts_add(struct niche__facts *f, struct niche_topics *t, const struct niche_post *p)
{
    struct niche_disclosure_check *chk;
    struct niche_post *q;
    uint32_t i = (uint32_t)f->n;

    if (refresh_known(f, p))
        return;

    NICHE_ALLOC_GROW(f->post, f->n + 1, f->apost);
    NICHE_ALLOC_GROW(f->check, f->n + 1, f->acheck);
    q = &f->post[i];
    chk = &f->check[i];
    f->n++;
    *q = *p;
    q->caption = q->hashtags = q->mentions = q->post_id = NULL;
    niche_disclosure_check(p->caption, p->sponsored, chk);
    if ((chk->flag || chk->marker != NICHE_MARKER_NONE) &&
        chk->compliance != NICHE_COMPLIANCE_OK)
        add_kept(f, p, i);
    add_mentions(f, p, i);
    if (p->caption && *p->caption)
        niche_topics_feed(t, &f->topic, NICHE_TOPIC_CAPTION, p->caption, strlen(p->caption),
                          f->lang[0] ? f->lang : NULL);
    else if (!p->caption && p->hashtags && *p->hashtags)
        niche_topics_feed(t, &f->topic, NICHE_TOPIC_HASHTAGS, p->hashtags, strlen(p->hashtags),
                          NULL);
    niche__tags_add(&f->tally, p->hashtags);
}

/* Newest first, unknown times last, then by id: the order the rates need. */
static int cmp_newest(const struct niche_post *x, const struct niche_post *y)
{
    int64_t tx = x->posted_ms == NICHE_MISSING ? INT64_MIN : x->posted_ms;
    int64_t ty = y->posted_ms == NICHE_MISSING ? INT64_MIN : y->posted_ms;

    if (tx != ty)
        return tx < ty ? 1 : -1;
    return x->id < y->id ? -1 : x->id > y->id;
}

struct order {
    const struct niche_post *p;
    uint32_t old;
};

static int cmp_order(const void *a, const void *b)
{
    return cmp_newest(((const struct order *)a)->p, ((const struct order *)b)->p);
}

/* A mention's or kept post's sort key: its post's id, then its place. */
struct by_id {
    int64_t id;
    uint32_t seq;
};

static int cmp_by_id(const void *a, const void *b)
{
    const struct by_id *x = a, *y = b;

    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Put records of size sz (each starting with its uint32_t post index) in
 * post id order, their indexes already the final ones. */
static void order_by_id(const struct niche__facts *f, void *rec, size_t n, size_t sz)
{
    struct by_id *k = niche_xmalloc((n ? n : 1) * sizeof(*k));
    unsigned char *tmp = niche_xmalloc((n ? n : 1) * sz), *r = rec;
    size_t i;
    int sorted = 1;

    for (i = 0; i < n; i++) {
        uint32_t post;

        memcpy(&post, r + i * sz, sizeof(post));
        k[i].id = f->post[post].id;
        k[i].seq = (uint32_t)i;
        sorted &= i == 0 || k[i - 1].id <= k[i].id;
    }
    if (sorted) {   /* as a store scan gives them */
        free(tmp);
        free(k);
        return;
    }
    qsort(k, n, sizeof(*k), cmp_by_id);
    for (i = 0; i < n; i++)
        memcpy(tmp + i * sz, r + (size_t)k[i].seq * sz, sz);
    if (n)
        memcpy(r, tmp, n * sz);
    free(tmp);
    free(k);
}

/* Whether o[0..n) is in cmp_order's order (dir 1) or its reverse (-1). */
static int in_order(const struct order *o, size_t n, int dir)
{
    size_t i;

    for (i = 1; i < n; i++)
        if (cmp_order(&o[i - 1], &o[i]) * dir > 0)
            return 0;
    return 1;
}

/* Sort the posts newest first and renumber what points at them. */
static void order_posts(struct niche__facts *f)
{
    struct order *o = niche_xmalloc((f->n ? f->n : 1) * sizeof(*o));
    struct niche_post *post = niche_xmalloc((f->n ? f->n : 1) * sizeof(*post));
    struct niche_disclosure_check *chk = niche_xmalloc((f->n ? f->n : 1) * sizeof(*chk));
    uint32_t *pos = niche_xmalloc((f->n ? f->n : 1) * sizeof(*pos));
    size_t i;

    for (i = 0; i < f->n; i++)
        o[i] = (struct order){ &f->post[i], (uint32_t)i };
    /* A store scan gives them oldest first, a query for one account
     * newest first: neither needs a sort. */
    if (in_order(o, f->n, -1))
        for (i = 0; i < f->n / 2; i++) {
            struct order t = o[i];

            o[i] = o[f->n - 1 - i];
            o[f->n - 1 - i] = t;
        }
    else if (!in_order(o, f->n, 1))
        qsort(o, f->n, sizeof(*o), cmp_order);
    for (i = 0; i < f->n; i++) {
        post[i] = f->post[o[i].old];
        chk[i] = f->check[o[i].old];
        pos[o[i].old] = (uint32_t)i;
    }
    if (f->n) {   /* no posts: the arrays may not exist */
        memcpy(f->post, post, f->n * sizeof(*post));
        memcpy(f->check, chk, f->n * sizeof(*chk));
    }
    for (i = 0; i < f->nmen; i++)
        f->men[i].post = pos[f->men[i].post];
    for (i = 0; i < f->nkept; i++)
        f->kept[i].post = pos[f->kept[i].post];
    free(pos);
    free(chk);
    free(post);
    free(o);
}

/* The tally into tag[] (the top ones) and rest[] (the others). */
static void take_tags(struct niche__facts *f)
{
    size_t all = f->tally.n;
    struct niche_tag_count *v = niche_xmalloc((all ? all : 1) * sizeof(*v));
    int i, n = niche__tags_top(&f->tally, (int)all, v);

    f->ntags = 0;
    f->nrest = 0;
    for (i = 0; i < n; i++) {
        size_t len = strlen(v[i].tag);

        /* A tag with a line break (only a hand-edited database has one)
         * would not survive the "posts tag" lines analysis stores tags
         * through: it is only counted. */
        if (i < NICHE_TAGS_KEPT && !memchr(v[i].tag, '\n', len)) {
            f->tag[f->ntags++] = v[i];
            continue;
        }
        NICHE_ALLOC_GROW(f->rest, f->nrest + 1, f->arest);
        f->rest[f->nrest++] = (struct niche__facts_rest){ keep_text(f, v[i].tag, len),
                                                          (uint32_t)len, v[i].posts };
    }
    free(v);
}

int niche__facts_finish(struct niche__facts *f)
{
    if (!f->only_new && f->nmet != f->nknown)
        return -1;
    f->nknown = f->nmet = 0;
    f->only_new = 0;

    order_posts(f);
    order_by_id(f, f->men, f->nmen, sizeof(*f->men));
    order_by_id(f, f->kept, f->nkept, sizeof(*f->kept));
    take_tags(f);
    niche__tags_reset(&f->tally);
    return 0;
}

/* ---- the blob ---------------------------------------------------------------- */

static void put_u64(struct niche__buf *b, uint64_t v)
{
    unsigned char x[10];
    size_t n = 0;

    do {
        x[n] = (unsigned char)(v & 0x7f);
        v >>= 7;
        x[n++] |= v ? 0x80 : 0;
    } while (v);
    (void)niche__buf_add(b, x, n);
}

static uint64_t zigzag(int64_t v)
{
    return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static void put_i64(struct niche__buf *b, int64_t v)
{
    put_u64(b, zigzag(v));
}

static void put_real(struct niche__buf *b, double d)
{
    unsigned char x[8];
    uint64_t u;
    int i;

    memcpy(&u, &d, sizeof(u));
    for (i = 0; i < 8; i++)
        x[i] = (unsigned char)(u >> (8 * i));
    (void)niche__buf_add(b, x, sizeof(x));
}

static void put_str(struct niche__buf *b, const char *s, size_t n)
{
    put_u64(b, n);
    (void)niche__buf_add(b, s, n);
}

/* The marker's place in its lexicon list (its word is a static string). */
static uint64_t marker_index(const struct niche_disclosure_check *c)
{
    const char *const *w = niche_markers(c->marker);
    uint64_t i;

    for (i = 0; w && c->word && w[i]; i++)
        if (w[i] == c->word)
            return i + 1;
    return 0;
}

static void encode_post(struct niche__buf *b, const struct niche_post *p,
                        const struct niche_disclosure_check *c, int64_t *prev_id,
                        int64_t *prev_t)
{
    unsigned char fl = (unsigned char)((p->posted_ms != NICHE_MISSING ? F_POSTED : 0) |
                                       (p->likes != NICHE_MISSING ? F_LIKES : 0) |
                                       (p->comments != NICHE_MISSING ? F_COMMENTS : 0) |
                                       (p->shares != NICHE_MISSING ? F_SHARES : 0) |
                                       (p->views != NICHE_MISSING ? F_VIEWS : 0));
    unsigned char ck = (unsigned char)((unsigned)c->marker | (unsigned)c->compliance << 2 |
                                       (unsigned)(c->flag != 0) << 4 |
                                       (unsigned)(c->buried != 0) << 5);

    (void)niche__buf_addch(b, (char)fl);
    (void)niche__buf_addch(b, (char)ck);
    (void)niche__buf_addch(b, (char)p->platform);
    if (c->marker != NICHE_MARKER_NONE)
        put_u64(b, marker_index(c));
    put_i64(b, (int64_t)((uint64_t)p->id - (uint64_t)*prev_id));
    *prev_id = p->id;
    if (fl & F_POSTED) {
        put_i64(b, (int64_t)((uint64_t)p->posted_ms - (uint64_t)*prev_t));
        *prev_t = p->posted_ms;
    }
    if (fl & F_LIKES)
        put_i64(b, p->likes);
    if (fl & F_COMMENTS)
        put_i64(b, p->comments);
    if (fl & F_SHARES)
        put_i64(b, p->shares);
    if (fl & F_VIEWS)
        put_i64(b, p->views);
}

static void encode_topic(struct niche__buf *b, const struct niche_topic_acc *a)
{
    int i, k = 0;

    for (i = 0; i < NICHE_TOPIC__COUNT; i++)
        k += a->score[i] != 0;
    put_u64(b, (uint64_t)a->matches);
    put_real(b, a->total);
    put_u64(b, (uint64_t)k);
    for (i = 0; i < NICHE_TOPIC__COUNT; i++) {
        if (a->score[i] == 0)
            continue;
        put_u64(b, (uint64_t)i);
        put_real(b, a->score[i]);
    }
}

void niche__facts_encode(const struct niche__facts *f, struct niche__buf *b)
{
    int64_t prev_id = 0, prev_t = 0;
    size_t i;

    (void)niche__buf_addch(b, FACTS_MAGIC0);
    (void)niche__buf_addch(b, FACTS_MAGIC1);
    put_u64(b, NICHE_FACTS_VERSION);
    put_str(b, f->lang, strlen(f->lang));
    put_u64(b, f->n);
    for (i = 0; i < f->n; i++)
        encode_post(b, &f->post[i], &f->check[i], &prev_id, &prev_t);
    encode_topic(b, &f->topic);
    put_u64(b, (uint64_t)f->ntags);
    for (i = 0; i < (size_t)f->ntags; i++) {
        put_str(b, f->tag[i].tag, strlen(f->tag[i].tag));
        put_i64(b, f->tag[i].posts);
    }
    put_u64(b, f->nmen);
    for (i = 0; i < f->nmen; i++) {
        put_u64(b, f->men[i].post);
        put_str(b, f->text.buf + f->men[i].brand, f->men[i].blen);
        put_str(b, f->text.buf + f->men[i].word, f->men[i].wlen);
    }
    put_u64(b, f->nkept);
    for (i = 0; i < f->nkept; i++) {
        put_u64(b, f->kept[i].post);
        put_str(b, f->text.buf + f->kept[i].brand, f->kept[i].blen);
    }
    put_u64(b, f->nrest);
    for (i = 0; i < f->nrest; i++) {
        put_str(b, f->text.buf + f->rest[i].tag, f->rest[i].len);
        put_i64(b, f->rest[i].posts);
    }
}

/* ---- reading it back ----------------------------------------------------------- */

struct rd {
    const unsigned char *p, *end;
    int bad;
};

static uint64_t get_u64(struct rd *r)
{
    uint64_t v = 0;
    int shift;

    for (shift = 0; shift < 64 && r->p < r->end; shift += 7) {
        unsigned char c = *r->p++;

        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80))
            return v;
    }
    r->bad = 1;
    return 0;
}

static int64_t get_i64(struct rd *r)
{
    uint64_t u = get_u64(r);

    return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

static unsigned get_byte(struct rd *r)
{
    if (r->p >= r->end) {
        r->bad = 1;
        return 0;
    }
    return *r->p++;
}

static double get_real(struct rd *r)
{
    uint64_t u = 0;
    double d;
    int i;

    if (r->end - r->p < 8) {
        r->bad = 1;
        return 0;
    }
    for (i = 0; i < 8; i++)
        u |= (uint64_t)r->p[i] << (8 * i);
    r->p += 8;
    memcpy(&d, &u, sizeof(d));
    return d;
}

/* A string of at most max bytes, copied into f->text; its offset. */
static uint32_t get_str(struct rd *r, struct niche__facts *f, size_t max, uint32_t *len)
{
    uint64_t n = get_u64(r);

    *len = 0;
    if (r->bad || n > max || n > (uint64_t)(r->end - r->p)) {
        r->bad = 1;
        return 0;
    }
    *len = (uint32_t)n;
    r->p += n;
    return keep_text(f, (const char *)r->p - n, (size_t)n);
}

/* A count that must fit: each item takes at least min_bytes. */
static size_t get_count(struct rd *r, size_t min_bytes)
{
    uint64_t n = get_u64(r);

    if (r->bad || n > (uint64_t)(r->end - r->p) / min_bytes) {
        r->bad = 1;
        return 0;
    }
    return (size_t)n;
}

static int64_t get_number(struct rd *r, unsigned fl, unsigned bit)
{
    int64_t v;

    if (!(fl & bit))
        return NICHE_MISSING;
    v = get_i64(r);
    if (v < 0)   /* the store keeps counts >= 0 */
        r->bad = 1;
    return v;
}

static void decode_check(struct rd *r, unsigned ck, struct niche_disclosure_check *c)
{
    const char *const *w;
    uint64_t n, k;

    memset(c, 0, sizeof(*c));
    c->marker = (enum niche_marker)(ck & 3);
    c->compliance = (enum niche_compliance)(ck >> 2 & 3);
    c->flag = ck >> 4 & 1;
    c->buried = ck >> 5 & 1;
    if ((ck & 0xc0) || c->marker > NICHE_MARKER_EXPLICIT) {
        r->bad = 1;
        return;
    }
    if (c->marker == NICHE_MARKER_NONE)
        return;
    w = niche_markers(c->marker);
    for (n = 0; w[n]; n++)
        ;
    k = get_u64(r);
    if (k == 0 || k > n)
        r->bad = 1;
    else
        c->word = w[k - 1];
}

static void decode_post(struct rd *r, struct niche_post *p, struct niche_disclosure_check *c,
                        int64_t *prev_id, int64_t *prev_t)
{
    unsigned fl = get_byte(r), ck = get_byte(r), pl = get_byte(r);

    niche_post_init(p);
    if (fl & ~0x1fu || pl >= NICHE_PLATFORM__COUNT)
        r->bad = 1;
    p->platform = (enum niche_platform)(pl < NICHE_PLATFORM__COUNT ? pl : 0);
    decode_check(r, ck, c);
    p->id = (int64_t)((uint64_t)*prev_id + (uint64_t)get_i64(r));
    *prev_id = p->id;
    if (fl & F_POSTED) {
        p->posted_ms = (int64_t)((uint64_t)*prev_t + (uint64_t)get_i64(r));
        *prev_t = p->posted_ms;
        if (p->posted_ms == NICHE_MISSING)
            r->bad = 1;
    }
    p->likes = get_number(r, fl, F_LIKES);
    p->comments = get_number(r, fl, F_COMMENTS);
    p->shares = get_number(r, fl, F_SHARES);
    p->views = get_number(r, fl, F_VIEWS);
}

static void decode_topic(struct rd *r, struct niche_topic_acc *a)
{
    size_t k, i;

    niche_topic_acc_init(a);
    a->matches = (long)get_u64(r);
    a->total = get_real(r);
    k = get_count(r, 9);
    if (a->matches < 0 || !isfinite(a->total) || a->total < 0 || k > NICHE_TOPIC__COUNT)
        r->bad = 1;
    for (i = 0; i < k && !r->bad; i++) {
        uint64_t t = get_u64(r);
        double s = get_real(r);

        if (t >= NICHE_TOPIC__COUNT || !isfinite(s) || s <= 0 || a->score[t] != 0)
            r->bad = 1;
        else
            a->score[t] = s;
    }
}

static void decode_tags(struct rd *r, struct niche__facts *f)
{
    size_t k = get_count(r, 2), i;

    if (k > NICHE_TAGS_KEPT)
        r->bad = 1;
    for (i = 0; i < k && !r->bad; i++) {
        uint32_t len, off = get_str(r, f, NICHE_TAG_MAX, &len);

        if (r->bad || !len || memchr(f->text.buf + off, '\0', len) ||
            memchr(f->text.buf + off, '\n', len) || memchr(f->text.buf + off, ' ', len)) {
            r->bad = 1;
            break;
        }
        memcpy(f->tag[i].tag, f->text.buf + off, len);
        f->tag[i].tag[len] = '\0';
        if ((f->tag[i].posts = get_i64(r)) <= 0)
            r->bad = 1;
    }
    f->ntags = (int)i;
}

/* Text that analysis interns: no NUL inside; handles not empty. */
static int clean_text(const struct niche__facts *f, uint32_t off, uint32_t len)
{
    return !memchr(f->text.buf + off, '\0', len);
}

static void decode_mentions(struct rd *r, struct niche__facts *f)
{
    size_t k = get_count(r, 3), i;

    NICHE_ALLOC_GROW(f->men, k, f->amen);
    for (i = 0; i < k && !r->bad; i++) {
        struct niche__facts_mention *m = &f->men[i];

        m->post = (uint32_t)get_u64(r);
        m->brand = get_str(r, f, NICHE_FACTS_HANDLE_MAX, &m->blen);
        m->word = get_str(r, f, 31, &m->wlen);
        if (r->bad || m->post >= f->n || !m->blen || !clean_text(f, m->brand, m->blen) ||
            !clean_text(f, m->word, m->wlen))
            r->bad = 1;
    }
    f->nmen = i;
}

static void decode_kept(struct rd *r, struct niche__facts *f)
{
    size_t k = get_count(r, 2), i;

    NICHE_ALLOC_GROW(f->kept, k, f->akept);
    for (i = 0; i < k && !r->bad; i++) {
        struct niche__facts_kept *x = &f->kept[i];

        x->post = (uint32_t)get_u64(r);
        x->brand = get_str(r, f, NICHE_FACTS_BRAND_MAX, &x->blen);
        if (r->bad || x->post >= f->n || !clean_text(f, x->brand, x->blen))
            r->bad = 1;
    }
    f->nkept = i;
}

/* The tally past the top tags: what niche__tags_add() can have counted. */
static void decode_rest(struct rd *r, struct niche__facts *f)
{
    size_t k = get_count(r, 2), i;

    NICHE_ALLOC_GROW(f->rest, k, f->arest);
    for (i = 0; i < k && !r->bad; i++) {
        struct niche__facts_rest *x = &f->rest[i];

        x->tag = get_str(r, f, NICHE_TAG_MAX, &x->len);
        x->posts = get_i64(r);
        if (r->bad || !x->len || memchr(f->text.buf + x->tag, ' ', x->len) ||
            !clean_text(f, x->tag, x->len) || x->posts <= 0)
            r->bad = 1;
    }
    f->nrest = i;
}

int niche__facts_decode(struct niche__facts *f, const void *data, size_t len)
{
    struct rd r = { data, data, 0 };
    int64_t prev_id = 0, prev_t = 0;
    uint32_t llen, loff;
    size_t i, n;

    niche__facts_reset(f, NULL);
    if (!data || len < 4 || r.p[0] != FACTS_MAGIC0 || r.p[1] != FACTS_MAGIC1)
        return -1;
    r.end = r.p + len;
    r.p += 2;
    if (get_u64(&r) != NICHE_FACTS_VERSION || r.bad)
        return -1;
    loff = get_str(&r, f, 2, &llen);
    if (r.bad || (llen != 0 && llen != 2) || !clean_text(f, loff, llen))
        return -1;
    memcpy(f->lang, f->text.buf + loff, llen);
    f->lang[llen] = '\0';
    n = get_count(&r, 4);   /* flags, check, platform, id: 4 bytes at least */
    NICHE_ALLOC_GROW(f->post, n, f->apost);
    NICHE_ALLOC_GROW(f->check, n, f->acheck);
    for (i = 0; i < n && !r.bad; i++)
        decode_post(&r, &f->post[i], &f->check[i], &prev_id, &prev_t);
    f->n = i;
    for (i = 1; i < f->n && !r.bad; i++)   /* the order the rates rely on */
        if (cmp_newest(&f->post[i - 1], &f->post[i]) >= 0)
            r.bad = 1;
    decode_topic(&r, &f->topic);
    if (!r.bad)
        decode_tags(&r, f);
    if (!r.bad)
        decode_mentions(&r, f);
    if (!r.bad)
        decode_kept(&r, f);
    if (!r.bad)
        decode_rest(&r, f);
    return r.bad || r.p != r.end ? -1 : 0;
}
