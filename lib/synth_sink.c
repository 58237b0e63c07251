/*
 * synth_sink.c - where a generated world goes (synth_int.h): into a
 * store, in one transaction, or into files written as the world is made.
 *
 * The file sink formats by hand into large buffers: a world of 30M posts
 * is gigabytes of text, and printf-style formatting would be most of the
 * generation time. Files (docs/synth.md):
 *   accounts.csv, creators.csv, posts.jsonl, snapshots.csv, comments.csv,
 *   audience.csv, truth_accounts.csv, truth_posts.csv, edges.bin, world.json
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "niche/store.h"
#include "niche/value.h"
#include "synth_int.h"
#include "internal.h"
#include "banned.h"

/* ---- into a store ------------------------------------------------------- */

struct store_sink {
    struct synth_sink base;
    struct niche_store *st;
    int64_t *ids;            /* owned: account index -> row id */
    int64_t *creator_ids;    /* owned: creator index -> row id */
    int64_t ncreators, creator_alloc;
};

static int ss_creator(struct synth_sink *b, int64_t idx, const struct niche_creator *c,
                      struct niche_error *err)
{
    struct store_sink *s = (struct store_sink *)b;

    if (idx >= s->creator_alloc) {
        s->creator_alloc = (idx + 1) * 2;
        s->creator_ids = niche_xrealloc(s->creator_ids,
                                        (size_t)s->creator_alloc * sizeof(int64_t));
    }
    if (idx >= s->ncreators)
        s->ncreators = idx + 1;
    return niche_store_creator_add(s->st, c, &s->creator_ids[idx], err);
}

static int ss_account(struct synth_sink *b, int64_t idx, const struct niche_account *a,
                      const struct niche_truth_account *t, struct niche_error *err)
{
    struct store_sink *s = (struct store_sink *)b;
    struct niche_account copy = *a;
    struct niche_truth_account tc = *t;
    int rc;

    copy.creator_id = a->creator_id > 0 && a->creator_id <= s->ncreators
                    ? s->creator_ids[a->creator_id - 1] : 0;
    if ((rc = niche_store_account_upsert(s->st, &copy, &s->ids[idx], err)) < 0)
        return rc;
    tc.account_id = s->ids[idx];
    return niche_store_truth_account_put(s->st, &tc, err);
}

static int ss_post(struct synth_sink *b, int64_t account_idx, const struct niche_post *p,
                   const struct niche_truth_post *t, int64_t *key, struct niche_error *err)
{
    struct store_sink *s = (struct store_sink *)b;
    struct niche_post copy = *p;
    struct niche_truth_post tc = *t;
    int rc;

    copy.account_id = s->ids[account_idx];
    if ((rc = niche_store_post_upsert(s->st, &copy, key, err)) < 0)
        return rc;
    tc.post_id = *key;
    return niche_store_truth_post_put(s->st, &tc, err);
}

static int ss_comment(struct synth_sink *b, int64_t post_key, const char *post_id,
                      enum niche_platform p, int64_t author_idx, int64_t ms,
                      struct niche_error *err)
{
    struct store_sink *s = (struct store_sink *)b;
    struct niche_comment c = { post_key, s->ids[author_idx], ms, NULL };

    (void)post_id;
    (void)p;
    return niche_store_comment_add(s->st, &c, err);
}

static int ss_edge(struct synth_sink *b, int64_t account_idx, int64_t follower_idx,
                   struct niche_error *err)
{
    struct store_sink *s = (struct store_sink *)b;
    struct niche_follower_edge e = { s->ids[account_idx], s->ids[follower_idx],
                                     NICHE_MISSING };

    return niche_store_follower_add(s->st, &e, err);
}

static int ss_snapshot(struct synth_sink *b, int64_t account_idx,
                       const struct niche_snapshot *sn, struct niche_error *err)
{
    struct store_sink *s = (struct store_sink *)b;
    struct niche_snapshot copy = *sn;

    copy.account_id = s->ids[account_idx];
    return niche_store_snapshot_upsert(s->st, &copy, err);
}

static int ss_share(struct synth_sink *b, int64_t account_idx, const char *dimension,
                    const char *key, double share, struct niche_error *err)
{
    struct store_sink *s = (struct store_sink *)b;
    struct niche_audience_share a = { s->ids[account_idx], (char *)dimension,
                                      (char *)key, share };

    return niche_store_audience_share_put(s->st, &a, err);
}

static int ss_finish(struct synth_sink *b, int ok, struct niche_error *err)
{
    struct store_sink *s = (struct store_sink *)b;
    int rc = 0;

    if (ok)
        rc = niche_store_commit(s->st, err);
    else
        niche_store_rollback(s->st);
    free(s->ids);
    free(s->creator_ids);
    free(s);
    return rc;
}

static const struct synth_sink_ops store_ops = {
    ss_creator, ss_account, ss_post, ss_comment, ss_edge, ss_snapshot, ss_share, ss_finish
};

int niche__synth_sink_store(struct niche_store *st, int64_t naccounts,
                            struct synth_sink **out, struct niche_error *err)
{
    struct niche_store_counts n;
    struct store_sink *s;
    int rc;

    if (!st)
        return niche_error_set(err, NICHE_EINVAL, "no store and no output directory");
    if ((rc = niche_store_counts(st, NULL, &n, err)) < 0)
        return rc;
    if (n.accounts[0])
        return niche_error_set(err, NICHE_EEXIST,
                               "workspace '%s' already holds %lld accounts; synth into an"
                               " empty workspace", niche_store_workspace_name(st),
                               (long long)n.accounts[0]);
    if ((rc = niche_store_begin(st, err)) < 0)
        return rc;
    s = niche_xcalloc(1, sizeof(*s));
    s->base.ops = &store_ops;
    s->base.naccounts = naccounts;
    s->st = st;
    s->ids = niche_xcalloc((size_t)naccounts, sizeof(int64_t));
    *out = &s->base;
    return 0;
}

/* ---- into files --------------------------------------------------------- */

enum { O_ACCOUNTS, O_CREATORS, O_POSTS, O_SNAPSHOTS, O_COMMENTS, O_AUDIENCE,
       O_TRUTH_ACCOUNTS, O_TRUTH_POSTS, O_EDGES, O__COUNT };

static const char *const file_names[O__COUNT] = {
    "accounts.csv", "creators.csv", "posts.jsonl", "snapshots.csv", "comments.csv",
    "audience.csv", "truth_accounts.csv", "truth_posts.csv", "edges.bin"
};

static const char *const file_headers[O__COUNT] = {
    "id,platform,handle,name,followers,following,posts,bio,country,language,category,"
    "verified,has_avatar,last_active,creator\n",
    "creator,name\n",
    NULL,
    "platform,handle,date,followers\n",
    "platform,post_id,author_handle,commented_at\n",
    "platform,handle,dimension,key,share\n",
    "id,platform,handle,role,niches,bought_followers,bought_at,pod\n",
    "platform,post_id,disclosure,brand\n",
    NULL
};

#define OUTBUF (1 << 16)
#define DATE_CACHE 512

/* A file's output buffer; without a FILE it is a memory buffer that grows
 * (a chunk of parallel generation). */
struct out {
    FILE *f;
    size_t len, cap;
    char *buf;                     /* owned */
};

struct file_sink {
    struct synth_sink base;
    /* Dates formatted lately, direct-mapped by day: a world writes most of
     * its times within a few hundred days. */
    int64_t date_day[DATE_CACHE];
    char date_text[DATE_CACHE][12];   /* "YYYY-MM-DDT" */
    int64_t cached_idx;            /* the account whose handle is cached */
    char cached_handle[128];
    size_t cached_len;
    const struct niche_synth_opts *o;
    char *dir;                     /* owned */
    struct out *out[O__COUNT];     /* owned */
    int64_t edges, posts;
    int failed;
};

static void flush(struct file_sink *s, struct out *o)
{
    if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
        s->failed = errno ? errno : EIO;
    o->len = 0;
}

static void put_slow(struct file_sink *s, struct out *o, const char *p, size_t n)
{
    if (!o->f) {
        while (o->len + n > o->cap)
            o->cap = o->cap ? 2 * o->cap : OUTBUF;
        o->buf = niche_xrealloc(o->buf, o->cap);
    } else {
        flush(s, o);
        if (n > o->cap) {
            if (fwrite(p, 1, n, o->f) != n)
                s->failed = errno ? errno : EIO;
            return;
        }
    }
    memcpy(o->buf + o->len, p, n);
    o->len += n;
}

/* The fast path is inline: a world is billions of short appends. */
static inline void put(struct file_sink *s, int which, const char *p, size_t n)
{
    struct out *o = s->out[which];

    if (n == 0)
        return;
    if (o->len + n > o->cap) {
        put_slow(s, o, p, n);
        return;
    }
    memcpy(o->buf + o->len, p, n);
    o->len += n;
}

/* A string literal, without measuring it at run time. */
#define PUT_LIT(s, which, lit) put((s), (which), (lit), sizeof(lit) - 1)

static void puts_(struct file_sink *s, int which, const char *p)
{
    put(s, which, p, strlen(p));
}

static void put_i64(struct file_sink *s, int which, int64_t v)
{
    char tmp[24], *e = tmp + sizeof(tmp), *p = e;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    put(s, which, p, (size_t)(e - p));
}

/* A CSV cell: quoted when it holds a comma, quote or line break. */
static void put_csv(struct file_sink *s, int which, const char *v)
{
    const char *p;

    if (!v)
        return;
    if (!strpbrk(v, ",\"\r\n")) {
        puts_(s, which, v);
        return;
    }
    PUT_LIT(s, which, "\"");
    for (p = v; *p; p++) {
        if (*p == '"')
            PUT_LIT(s, which, "\"");
        put(s, which, p, 1);
    }
    PUT_LIT(s, which, "\"");
}

static void put_json_str(struct file_sink *s, int which, const char *v)
{
    const char *p, *run = v;

    PUT_LIT(s, which, "\"");
    for (p = v; *p; p++) {
        if (*p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
            continue;
        put(s, which, run, (size_t)(p - run));   /* copy plain runs whole */
        run = p + 1;
        if (*p == '"' || *p == '\\') {
            PUT_LIT(s, which, "\\");
            put(s, which, p, 1);
        } else {
            char esc[8];
            snprintf(esc, sizeof(esc), "\\u%04x", (unsigned char)*p);
            puts_(s, which, esc);
        }
    }
    put(s, which, run, (size_t)(p - run));
    PUT_LIT(s, which, "\"");
}

/* ISO 8601 UTC, the date part from the cache. */
static void put_time(struct file_sink *s, int which, int64_t ms)
{
    int64_t day, sec;
    char t[10];
    int slot;

    if (ms == NICHE_MISSING || ms < 0) {
        char buf[40];
        if (ms != NICHE_MISSING)
            puts_(s, which, niche_time_format(ms, buf, sizeof(buf)));
        return;
    }
    day = ms / 86400000;
    slot = (int)(day % DATE_CACHE);
    if (s->date_day[slot] != day) {
        char buf[40];
        niche_time_format(day * 86400000, buf, sizeof(buf));
        memcpy(s->date_text[slot], buf, 11);
        s->date_day[slot] = day;
    }
    sec = (ms % 86400000) / 1000;
    t[0] = (char)('0' + sec / 36000), t[1] = (char)('0' + sec / 3600 % 10);
    t[2] = ':';
    t[3] = (char)('0' + sec / 600 % 6), t[4] = (char)('0' + sec / 60 % 10);
    t[5] = ':';
    t[6] = (char)('0' + sec % 60 / 10), t[7] = (char)('0' + sec % 10);
    t[8] = 'Z';
    put(s, which, s->date_text[slot], 11);
    put(s, which, t, 9);
}

static void put_count(struct file_sink *s, int which, int64_t v)
{
    if (v != NICHE_MISSING)
        put_i64(s, which, v);
}

/* The handle of account idx; the last one is cached, since an account's
 * posts, snapshots and shares come one after another. */
static const char *handle(struct file_sink *s, int64_t idx)
{
    if (idx != s->cached_idx) {
        s->base.handle_of(s->base.gen, idx, s->cached_handle, sizeof(s->cached_handle));
        s->cached_idx = idx;
    }
    return s->cached_handle;
}

static void put_ref(struct file_sink *s, int which, int64_t idx)
{
    puts_(s, which, niche_platform_name(s->base.platform_of(s->base.gen, idx)));
    PUT_LIT(s, which, ",");
    put_csv(s, which, handle(s, idx));
}

static int fs_creator(struct synth_sink *b, int64_t idx, const struct niche_creator *c,
                      struct niche_error *err)
{
    struct file_sink *s = (struct file_sink *)b;

    (void)err;
    put_i64(s, O_CREATORS, idx + 1);
    PUT_LIT(s, O_CREATORS, ",");
    put_csv(s, O_CREATORS, c->name);
    PUT_LIT(s, O_CREATORS, "\n");
    return 0;
}

static void account_row(struct file_sink *s, int64_t idx, const struct niche_account *a)
{
    const int o = O_ACCOUNTS;

    put_i64(s, o, idx);
    PUT_LIT(s, o, ",");
    put_ref(s, o, idx);
    PUT_LIT(s, o, ",");
    put_csv(s, o, a->name);
    PUT_LIT(s, o, ",");
    put_count(s, o, a->followers);
    PUT_LIT(s, o, ",");
    put_count(s, o, a->following);
    PUT_LIT(s, o, ",");
    put_count(s, o, a->posts);
    PUT_LIT(s, o, ",");
    put_csv(s, o, a->bio);
    PUT_LIT(s, o, ",");
    put_csv(s, o, a->country);
    PUT_LIT(s, o, ",");
    put_csv(s, o, a->language);
    PUT_LIT(s, o, ",");
    put_csv(s, o, a->category);
    PUT_LIT(s, o, ",");
    puts_(s, o, a->verified < 0 ? "" : a->verified ? "true" : "false");
    PUT_LIT(s, o, ",");
    puts_(s, o, a->has_avatar < 0 ? "" : a->has_avatar ? "true" : "false");
    PUT_LIT(s, o, ",");
    put_time(s, o, a->last_active_ms);
    PUT_LIT(s, o, ",");
    if (a->creator_id > 0)
        put_i64(s, o, a->creator_id);
    PUT_LIT(s, o, "\n");
}

static int fs_account(struct synth_sink *b, int64_t idx, const struct niche_account *a,
                      const struct niche_truth_account *t, struct niche_error *err)
{
    struct file_sink *s = (struct file_sink *)b;
    const int o = O_TRUTH_ACCOUNTS;

    (void)err;
    account_row(s, idx, a);
    put_i64(s, o, idx);
    PUT_LIT(s, o, ",");
    put_ref(s, o, idx);
    PUT_LIT(s, o, ",");
    puts_(s, o, niche_role_name(t->role));
    PUT_LIT(s, o, ",");
    put_csv(s, o, t->niches);
    PUT_LIT(s, o, ",");
    put_i64(s, o, t->bought_followers);
    PUT_LIT(s, o, ",");
    put_time(s, o, t->bought_at_ms);
    PUT_LIT(s, o, ",");
    put_i64(s, o, t->pod);
    PUT_LIT(s, o, "\n");
    return s->failed ? niche_error_set(err, NICHE_EIO, "writing the world failed: %s",
                                       strerror(s->failed)) : 0;
}

static void json_count(struct file_sink *s, const char *key, int64_t v)
{
    if (v == NICHE_MISSING)
        return;
    put(s, O_POSTS, ",\"", 2);
    puts_(s, O_POSTS, key);
    put(s, O_POSTS, "\":", 2);
    put_i64(s, O_POSTS, v);
}

static int fs_post(struct synth_sink *b, int64_t account_idx, const struct niche_post *p,
                   const struct niche_truth_post *t, int64_t *key, struct niche_error *err)
{
    struct file_sink *s = (struct file_sink *)b;

    PUT_LIT(s, O_POSTS, "{\"platform\":\"");
    puts_(s, O_POSTS, niche_platform_name(p->platform));
    PUT_LIT(s, O_POSTS, "\",\"handle\":");
    put_json_str(s, O_POSTS, handle(s, account_idx));
    PUT_LIT(s, O_POSTS, ",\"post_id\":");
    put_json_str(s, O_POSTS, p->post_id);
    PUT_LIT(s, O_POSTS, ",\"posted_at\":\"");
    put_time(s, O_POSTS, p->posted_ms);
    PUT_LIT(s, O_POSTS, "\",\"type\":\"");
    puts_(s, O_POSTS, niche_post_type_name(p->type));
    PUT_LIT(s, O_POSTS, "\",\"caption\":");
    put_json_str(s, O_POSTS, p->caption ? p->caption : "");
    /* Hidden like counts are written -1, as scrapers write them. */
    json_count(s, "likes", p->likes == NICHE_MISSING ? -1 : p->likes);
    json_count(s, "comments", p->comments);
    json_count(s, "shares", p->shares);
    json_count(s, "saves", p->saves);
    json_count(s, "views", p->views);
    puts_(s, O_POSTS, p->sponsored == 1 ? ",\"sponsored\":true}\n" : ",\"sponsored\":false}\n");
    puts_(s, O_TRUTH_POSTS, niche_platform_name(p->platform));
    PUT_LIT(s, O_TRUTH_POSTS, ",");
    put_csv(s, O_TRUTH_POSTS, p->post_id);
    PUT_LIT(s, O_TRUTH_POSTS, ",");
    puts_(s, O_TRUTH_POSTS, niche_disclosure_name(t->disclosure));
    PUT_LIT(s, O_TRUTH_POSTS, ",");
    put_csv(s, O_TRUTH_POSTS, t->brand);
    PUT_LIT(s, O_TRUTH_POSTS, "\n");
    *key = ++s->posts;
    return s->failed ? niche_error_set(err, NICHE_EIO, "writing the world failed: %s",
                                       strerror(s->failed)) : 0;
}

static int fs_comment(struct synth_sink *b, int64_t post_key, const char *post_id,
                      enum niche_platform p, int64_t author_idx, int64_t ms,
                      struct niche_error *err)
{
    struct file_sink *s = (struct file_sink *)b;
    char h[128];

    (void)post_key;
    (void)err;
    puts_(s, O_COMMENTS, niche_platform_name(p));
    PUT_LIT(s, O_COMMENTS, ",");
    put_csv(s, O_COMMENTS, post_id);
    PUT_LIT(s, O_COMMENTS, ",");
    put_csv(s, O_COMMENTS, s->base.handle_of(s->base.gen, author_idx, h, sizeof(h)));
    PUT_LIT(s, O_COMMENTS, ",");
    put_time(s, O_COMMENTS, ms);
    PUT_LIT(s, O_COMMENTS, "\n");
    return 0;
}

/* edges.bin: little-endian (u32 account id, u32 follower id) pairs, ids
 * being the id column of accounts.csv, after a 32-byte header. */
static void put_u32le(struct file_sink *s, uint32_t v)
{
    unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8),
                           (unsigned char)(v >> 16), (unsigned char)(v >> 24) };

    put(s, O_EDGES, (const char *)b, 4);
}

static int fs_edge(struct synth_sink *b, int64_t account_idx, int64_t follower_idx,
                   struct niche_error *err)
{
    struct file_sink *s = (struct file_sink *)b;

    put_u32le(s, (uint32_t)account_idx);
    put_u32le(s, (uint32_t)follower_idx);
    s->edges++;
    return s->failed ? niche_error_set(err, NICHE_EIO, "writing the world failed: %s",
                                       strerror(s->failed)) : 0;
}

static int fs_snapshot(struct synth_sink *b, int64_t account_idx,
                       const struct niche_snapshot *sn, struct niche_error *err)
{
    struct file_sink *s = (struct file_sink *)b;

    (void)err;
    put_ref(s, O_SNAPSHOTS, account_idx);
    PUT_LIT(s, O_SNAPSHOTS, ",");
    put_time(s, O_SNAPSHOTS, sn->taken_ms);
    PUT_LIT(s, O_SNAPSHOTS, ",");
    put_count(s, O_SNAPSHOTS, sn->followers);
    PUT_LIT(s, O_SNAPSHOTS, "\n");
    return 0;
}

static int fs_share(struct synth_sink *b, int64_t account_idx, const char *dimension,
                    const char *key, double share, struct niche_error *err)
{
    struct file_sink *s = (struct file_sink *)b;
    long v = lround(share * 10000.0);
    char num[8];

    (void)err;
    put_ref(s, O_AUDIENCE, account_idx);
    PUT_LIT(s, O_AUDIENCE, ",");
    puts_(s, O_AUDIENCE, dimension);
    PUT_LIT(s, O_AUDIENCE, ",");
    put_csv(s, O_AUDIENCE, key);
    /* share in [0, 1] to four places, by hand: ",0.1234" or ",1.0000" */
    num[0] = ',', num[1] = (char)('0' + v / 10000), num[2] = '.';
    num[3] = (char)('0' + v / 1000 % 10), num[4] = (char)('0' + v / 100 % 10);
    num[5] = (char)('0' + v / 10 % 10), num[6] = (char)('0' + v % 10), num[7] = '\n';
    put(s, O_AUDIENCE, num, 8);
    return 0;
}

static void edge_header(struct file_sink *s, int64_t nedges)
{
    unsigned char h[32];
    uint64_t n = (uint64_t)s->base.naccounts, e = (uint64_t)nedges;
    int i;

    memcpy(h, "NICHEEDG", 8);
    h[8] = 1, h[9] = h[10] = h[11] = 0;            /* format version */
    memset(h + 12, 0, 4);
    for (i = 0; i < 8; i++) {
        h[16 + i] = (unsigned char)(n >> (8 * i));
        h[24 + i] = (unsigned char)(e >> (8 * i));
    }
    if (fwrite(h, 1, sizeof(h), s->out[O_EDGES]->f) != sizeof(h))
        s->failed = errno ? errno : EIO;
}

static void write_world_json(struct file_sink *s)
{
    char path[4200];
    int p, first;
    FILE *f;

    snprintf(path, sizeof(path), "%s/world.json", s->dir);
    if (!(f = fopen(path, "w"))) {
        s->failed = errno;
        return;
    }
    fprintf(f, "{\"generator\":\"niche synth\",\"version\":%d,\"seed\":%llu,"
               "\"accounts\":%lld,\"platforms\":[", NICHE_SYNTH_VERSION,
            (unsigned long long)s->o->seed, (long long)s->o->accounts);
    for (p = 1, first = 1; p < NICHE_PLATFORM__COUNT; p++)
        if (!s->o->platforms ? p <= NICHE_PLATFORM_X : (s->o->platforms >> p) & 1) {
            fprintf(f, "%s\"%s\"", first ? "" : ",", niche_platform_name((enum niche_platform)p));
            first = 0;
        }
    fprintf(f, "],\"audience_ratio\":%.17g,\"accounts_total\":%lld,"
               "\"posts\":%lld,\"follower_edges\":%lld}\n",
            s->o->audience_ratio, (long long)s->base.naccounts, (long long)s->posts,
            (long long)s->edges);
    if (fclose(f) != 0)
        s->failed = errno ? errno : EIO;
}

static void close_all(struct file_sink *s)
{
    int i;

    for (i = 0; i < O__COUNT; i++) {
        if (!s->out[i])
            continue;
        if (s->out[i]->f) {
            flush(s, s->out[i]);
            if (i == O_EDGES && !fseek(s->out[i]->f, 0, SEEK_SET))
                edge_header(s, s->edges);
            if (fclose(s->out[i]->f) != 0)
                s->failed = errno ? errno : EIO;
        }
        free(s->out[i]->buf);
        free(s->out[i]);
    }
}

static int fs_finish(struct synth_sink *b, int ok, struct niche_error *err)
{
    struct file_sink *s = (struct file_sink *)b;
    int rc = 0;

    close_all(s);
    if (ok)
        write_world_json(s);
    if (ok && s->failed)
        rc = niche_error_set(err, NICHE_EIO, "writing the world to '%s' failed: %s", s->dir,
                             strerror(s->failed));
    free(s->dir);
    free(s);
    return rc;
}

static const struct synth_sink_ops file_ops = {
    fs_creator, fs_account, fs_post, fs_comment, fs_edge, fs_snapshot, fs_share, fs_finish
};

static int open_files(struct file_sink *s, struct niche_error *err)
{
    char path[4200];
    int i;

    if (mkdir(s->dir, 0777) < 0 && errno != EEXIST)
        return niche_error_set(err, NICHE_EIO, "cannot create '%s': %s", s->dir,
                               strerror(errno));
    /* world.json is written last, on success: an old one must not vouch
     * for files a failed run left half written. */
    snprintf(path, sizeof(path), "%s/world.json", s->dir);
    if (unlink(path) < 0 && errno != ENOENT)
        return niche_error_set(err, NICHE_EIO, "cannot remove '%s': %s", path,
                               strerror(errno));
    for (i = 0; i < O__COUNT; i++) {
        s->out[i] = niche_xcalloc(1, sizeof(struct out));
        s->out[i]->cap = OUTBUF;
        s->out[i]->buf = niche_xmalloc(OUTBUF);
        snprintf(path, sizeof(path), "%s/%s", s->dir, file_names[i]);
        if (!(s->out[i]->f = fopen(path, "wb")))
            return niche_error_set(err, NICHE_EIO, "cannot write '%s': %s", path,
                                   strerror(errno));
        if (file_headers[i])
            puts_(s, i, file_headers[i]);
    }
    edge_header(s, 0);   /* rewritten with the count at the end */
    return 0;
}

int niche__synth_sink_files(const char *dir, int64_t naccounts,
                            const struct niche_synth_opts *o, struct synth_sink **out,
                            struct niche_error *err)
{
    struct file_sink *s = niche_xcalloc(1, sizeof(*s));
    int rc;

    s->base.ops = &file_ops;
    s->base.naccounts = naccounts;
    s->cached_idx = -1;
    memset(s->date_day, 0xff, sizeof(s->date_day));
    s->o = o;
    s->dir = niche_xstrdup(dir);
    if ((rc = open_files(s, err)) < 0) {
        close_all(s);
        free(s->dir);
        free(s);
        return rc;
    }
    *out = &s->base;
    return 0;
}

/* ---- chunks of parallel generation ------------------------------------ */

struct synth_sink *niche__synth_sink_chunk(struct synth_sink *files)
{
    struct file_sink *s = niche_xcalloc(1, sizeof(*s));
    int i;

    s->base = *files;
    s->o = ((struct file_sink *)files)->o;
    s->cached_idx = -1;
    memset(s->date_day, 0xff, sizeof(s->date_day));
    for (i = 0; i < O__COUNT; i++)
        s->out[i] = niche_xcalloc(1, sizeof(struct out));   /* memory buffers */
    return &s->base;
}

int niche__synth_sink_chunk_flush(struct synth_sink *files, struct synth_sink *chunk,
                                  struct niche_error *err)
{
    struct file_sink *f = (struct file_sink *)files, *c = (struct file_sink *)chunk;
    int i;

    for (i = 0; i < O__COUNT; i++) {
        put(f, i, c->out[i]->buf, c->out[i]->len);
        c->out[i]->len = 0;
    }
    f->edges += c->edges;
    f->posts += c->posts;
    c->edges = c->posts = 0;
    if (f->failed)
        return niche_error_set(err, NICHE_EIO, "writing the world to '%s' failed: %s",
                               f->dir, strerror(f->failed));
    return 0;
}

void niche__synth_sink_chunk_free(struct synth_sink *chunk)
{
    struct file_sink *c = (struct file_sink *)chunk;
    int i;

    if (!c)
        return;
    for (i = 0; i < O__COUNT; i++) {
        free(c->out[i]->buf);
        free(c->out[i]);
    }
    free(c);
}
