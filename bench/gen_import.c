/*
 * gen_import.c - deterministic inputs for the import benchmark (bench/import.sh).
 *
 *   gen_import [--accounts N] [--posts N] [--posters N] [--seed S] DIR
 *
 * writes four files into DIR:
 *
 *   accounts.csv         N accounts with the importer's column names, as an
 *                        analytics export would have them ("true"/"false"
 *                        flags, "@" on some handles, quoted bios)
 *   posts.jsonl          the posts, grouped by account, one JSON object a line
 *   sqlite_accounts.csv  the same accounts laid out as the `account` table,
 *                        column for column, for sqlite3's `.import`
 *   sqlite_posts.csv     the same posts laid out as the `post` table
 *
 * The sqlite_* files hold what niche stores for the same rows: ids in file
 * order (a fresh database numbers rows 1, 2, ... as it inserts them),
 * workspace 1, handles without '@', flags as 0/1, times in Unix ms, and the
 * hashtags and mentions that niche extracts from a caption. Columns niche
 * leaves NULL are empty, which `.import` stores as ''. A column whose CHECK
 * rejects '' (account.has_avatar, post.reach_estimated, post.sponsored)
 * is therefore filled in both files. bench/import.sh compares the two
 * databases after the first run to prove the rows really are the same.
 *
 * Every record draws from its own random stream, seeded by (seed, kind,
 * index), so any account can be rebuilt when a post needs its handle and the
 * output depends on nothing but the arguments. Only libc is used.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "banned.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))
#define T0_MS INT64_C(1672531200000)      /* 2023-01-01T00:00:00Z */
#define UPDATED_MS INT64_C(1735689600000) /* 2025-01-01, the peer's updated_ms */
#define OUT_BUF (1u << 20)

/* ---- random streams ---------------------------------------------------- */

struct rng {
    uint64_t s;
};

/* splitmix64 (Steele, Lea, Flood 2014): one add and a mix per draw. */
static uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));

    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static struct rng rng_for(uint64_t seed, unsigned kind, uint64_t index)
{
    struct rng r = { seed ^ ((uint64_t)kind << 56) ^ (index * UINT64_C(0xd1342543de82ef95)) };

    rng_next(&r);
    return r;
}

/* Uniform in [0, n). */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

/* 1 with probability percent/100. */
static int rng_pct(struct rng *r, uint32_t percent)
{
    return rng_below(r, 100) < percent;
}

#define PICK(r, list) ((list)[rng_below((r), (uint32_t)COUNT_OF(list))])

/* ---- vocabulary -------------------------------------------------------- */

static const char *const first_names[] = {
    "maria", "lena", "sofia", "noah", "liam", "emma", "mateo", "yuki", "amara", "omar",
    "chloe", "lucas", "ines", "david", "priya", "kofi", "hannah", "leo", "aisha", "jonas",
    "camila", "ethan", "zoe", "rafael", "mei", "felix", "nora", "tariq", "elif", "sam",
};
static const char *const first_display[] = {
    "Maria", "Lena", "Sofía", "Noah", "Liam", "Emma", "Mateo", "Yuki", "Amara", "Omar",
    "Chloé", "Lucas", "Inês", "David", "Priya", "Kofi", "Hannah", "Leo", "Aisha", "Jonas",
    "Camila", "Ethan", "Zoë", "Rafael", "Mei", "Felix", "Nora", "Tariq", "Elif", "Sam",
};
static const char *const last_names[] = {
    "lopez", "schmidt", "rossi", "tanaka", "okafor", "dubois", "silva", "kowalski", "nguyen",
    "haddad", "jensen", "garcia", "murphy", "novak", "kim", "mensah", "fischer", "costa",
    "ali", "berg", "moreau", "santos", "yilmaz", "walker", "ivanova", "park",
};
static const char *const categories[] = {
    "food", "fitness", "beauty", "travel", "gaming", "tech", "fashion", "parenting",
    "pets", "music", "home", "books", "outdoors", "wellness", "diy", "cycling",
};
/* One handle word per category, same order. */
static const char *const category_words[] = {
    "eats", "fit", "glow", "wanders", "plays", "codes", "style", "mama", "pawsome",
    "beats", "nest", "reads", "trails", "calm", "makes", "rides",
};
static const char *const countries[] = {
    "US", "GB", "DE", "FR", "ES", "IT", "BR", "MX", "PT", "NL", "SE", "PL", "JP", "IN",
    "NG", "KE", "AU", "CA", "TR", "KR",
};
static const char *const languages[] = { "en", "es", "pt", "de", "fr", "it", "ja", "tr" };
static const char *const bio_parts[] = {
    "Home cook sharing weeknight recipes",
    "Coffee, plants and slow mornings",
    "Marathoner in training, 3:29 PB",
    "Mum of two, surviving on snacks",
    "Vintage finds & thrift hauls",
    "Budget travel, one backpack",
    "Skincare for sensitive skin, no gatekeeping",
    "Indie games, cozy streams",
    "Building things with wood and patience",
    "Rescue dog dad",
    "\"Eat well, live well\"",
    "Plant-based since 2019",
    "📍 Lisbon",
    "📍 Berlin ↔ Madrid",
    "DM for collabs",
    "✉️ hello@studio-mail.com",
    "Opinions are my own, mostly",
    "Reading 52 books a year 📚",
    "Gravel bikes, bad coffee, good views",
    "New video every Sunday ✨",
};
static const char *const name_tails[] = {
    "", "", "", "", " ✨", " | Creator", " 🌿", " - Food & Travel", " (she/her)",
};
static const char *const sentences[] = {
    "Sunday reset: prep, playlist, and a very messy kitchen",
    "Tried the viral recipe so you don't have to",
    "Golden hour never misses",
    "Day 14 of the challenge and my legs have opinions",
    "Three things I'd buy again, and one I wouldn't",
    "This view, though",
    "Small win today: finally finished the shelf",
    "Packing for 10 days in one carry-on? Here's how",
    "My honest review after a month of daily use",
    "Rainy day, good book, \"just one more chapter\"",
    "Behind the scenes of today's shoot",
    "Q&A: you asked, I answered (part 2)",
    "Swipe for the before/after",
    "New routine, same coffee",
    "Can't believe we hit 10k, thank you!",
};
static const char *const emojis[] = { "", "", "", " ✨", " 🙌", " 🌞", " ☕", " 🔥", " 💚" };
static const char *const hashtags[] = {
    "FoodBlogger", "homecooking", "recipe", "fitfam", "RunningCommunity", "skincare",
    "SkincareRoutine", "travelgram", "wanderlust", "gaming", "cozygames", "ootd",
    "thrifted", "momlife", "dogsofinstagram", "diy", "woodworking", "booktok",
    "plantbased", "slowliving", "gravel", "sundayreset", "explore", "reels",
};
static const char *const brands[] = {
    "oatly", "glossier", "patagonia", "decathlon.uk", "lego", "ikea", "nintendo",
    "the.ordinary", "allbirds", "rapha",
};

/* ---- output helpers ---------------------------------------------------- */

struct text {
    char buf[1024];
    size_t len;
};

static void text_reset(struct text *t)
{
    t->len = 0;
    t->buf[0] = '\0';
}

static void text_add(struct text *t, const char *s)
{
    size_t n = strlen(s);

    if (t->len + n >= sizeof(t->buf))
        n = sizeof(t->buf) - 1 - t->len;
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

static void text_lower(struct text *t, const char *s)
{
    size_t start = t->len;

    text_add(t, s);
    for (; start < t->len; start++)
        if (t->buf[start] >= 'A' && t->buf[start] <= 'Z')
            t->buf[start] = (char)(t->buf[start] - 'A' + 'a');
}

/* Append s with its first letter capitalised (s is lowercase ASCII). */
static void text_title(struct text *t, const char *s)
{
    size_t start = t->len;

    text_add(t, s);
    if (start < t->len && t->buf[start] >= 'a' && t->buf[start] <= 'z')
        t->buf[start] = (char)(t->buf[start] - 'a' + 'A');
}

/* A CSV field: quoted when it holds a comma, quote or line break. */
static void put_csv(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    putc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', f);
        putc(*s, f);
    }
    putc('"', f);
}

/* A JSON string; the vocabulary has no control characters but '\n'. */
static void put_json(FILE *f, const char *s)
{
    putc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            putc('\\', f);
        if (*s == '\n')
            fputs("\\n", f);
        else
            putc(*s, f);
    }
    putc('"', f);
}

/* Unix seconds as ISO 8601 UTC, by Hinnant's civil_from_days (no gmtime). */
static void iso_time(int64_t secs, char *out, size_t n)
{
    int64_t days = secs / 86400, rem = secs % 86400;
    int64_t z = days + 719468, era = z / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);

    snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, (int)m, (int)d,
             (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
}

/* ---- accounts ---------------------------------------------------------- */

struct account {
    const char *platform, *country, *language, *category;
    char handle[96];             /* as stored: lowercase, no '@' */
    int at;                      /* the export writes "@handle" */
    struct text name, bio;
    int64_t followers, following, posts;
    int verified, has_avatar;
};

static const char *pick_platform(struct rng *r)
{
    uint32_t p = rng_below(r, 100);

    return p < 60 ? "instagram" : p < 90 ? "tiktok" : "youtube";
}

/* Handles end in a scrambled form of the index: an odd multiplier modulo
 * a power of two (mask + 1) permutes the indexes, and the words carry no
 * digits, so the trailing number alone makes every handle unique. */
static void make_handle(struct account *a, struct rng *r, uint32_t i, uint32_t mask,
                        uint32_t cat, uint32_t first, uint32_t last)
{
    unsigned long tag = (unsigned long)((i * UINT64_C(0x9e3779b1)) & mask);

    switch (rng_below(r, 4)) {
    case 0:
        snprintf(a->handle, sizeof(a->handle), "%s.%s%lu", first_names[first],
                 last_names[last], tag);
        break;
    case 1:
        snprintf(a->handle, sizeof(a->handle), "%s_%s_%lu", first_names[first],
                 category_words[cat], tag);
        break;
    case 2:
        snprintf(a->handle, sizeof(a->handle), "the%s%s%lu", category_words[cat],
                 first_names[first], tag);
        break;
    default:
        snprintf(a->handle, sizeof(a->handle), "%s%s_%lu", first_names[first],
                 last_names[last], tag);
    }
    a->at = rng_pct(r, 10);
}

static void make_bio(struct account *a, struct rng *r)
{
    uint32_t k, n = 1 + rng_below(r, 3);

    text_reset(&a->bio);
    for (k = 0; k < n; k++) {
        if (k)
            text_add(&a->bio, rng_pct(r, 50) ? " | " : ". ");
        text_add(&a->bio, PICK(r, bio_parts));
    }
}

/* Follower counts centred on micro-influencers (1k-100k). */
static int64_t pick_followers(struct rng *r)
{
    uint32_t band = rng_below(r, 100);

    if (band < 10)
        return 100 + rng_below(r, 900);
    if (band < 85)
        return 1000 + rng_below(r, 99000);
    return 100000 + rng_below(r, 900000);
}

/* Account i of a file of mask + 1 or fewer accounts. */
static void account_make(struct account *a, uint64_t seed, uint32_t mask, uint32_t i)
{
    struct rng r = rng_for(seed, 1, i);
    uint32_t cat = rng_below(&r, (uint32_t)COUNT_OF(categories));
    uint32_t first = rng_below(&r, (uint32_t)COUNT_OF(first_names));
    uint32_t last = rng_below(&r, (uint32_t)COUNT_OF(last_names));

    a->platform = pick_platform(&r);
    make_handle(a, &r, i, mask, cat, first, last);
    text_reset(&a->name);
    text_add(&a->name, first_display[first]);
    text_add(&a->name, " ");
    text_title(&a->name, last_names[last]);
    text_add(&a->name, PICK(&r, name_tails));
    make_bio(a, &r);
    a->followers = pick_followers(&r);
    a->following = 50 + rng_below(&r, 3000);
    a->posts = 10 + rng_below(&r, 2500);
    a->country = PICK(&r, countries);
    a->language = PICK(&r, languages);
    a->category = categories[cat];
    a->verified = rng_pct(&r, 2);
    a->has_avatar = rng_pct(&r, 95);
}

static void put_i64(FILE *f, int64_t v)
{
    fprintf(f, "%lld", (long long)v);
}

static void account_write_niche(FILE *f, const struct account *a)
{
    fprintf(f, "%s,%s%s,", a->platform, a->at ? "@" : "", a->handle);
    put_csv(f, a->name.buf);
    fprintf(f, ",%lld,%lld,%lld,", (long long)a->followers, (long long)a->following,
            (long long)a->posts);
    put_csv(f, a->bio.buf);
    fprintf(f, ",%s,%s,%s,%s,%s\n", a->country, a->language, a->category,
            a->verified ? "true" : "false", a->has_avatar ? "true" : "false");
}

/* Columns of `account` in table order; creator_id, last_active_ms, the
 * averages, reported_er and audience_country stay empty. */
static void account_write_sqlite(FILE *f, const struct account *a, uint32_t i)
{
    fprintf(f, "%lu,1,,%s,%s,", (unsigned long)i + 1, a->platform, a->handle);
    put_csv(f, a->name.buf);
    fprintf(f, ",%lld,%lld,%lld,", (long long)a->followers, (long long)a->following,
            (long long)a->posts);
    put_csv(f, a->bio.buf);
    fprintf(f, ",%s,%s,%s,%d,%d,,,,,,,,", a->country, a->language, a->category,
            a->verified, a->has_avatar);
    put_i64(f, UPDATED_MS);
    putc('\n', f);
}

/* ---- posts ------------------------------------------------------------- */

struct post {
    char post_id[32];
    int64_t posted_secs;
    const char *type;
    struct text caption, tags, mentions;   /* tags, mentions: as niche stores them */
    int64_t likes, comments, shares, saves, views, reach, impressions;
    int reach_estimated, sponsored;
};

static const char *pick_type(struct rng *r, const char *platform)
{
    static const char *const ig[] = { "image", "image", "carousel", "reel", "reel", "story" };
    static const char *const yt[] = { "video", "video", "short", "short", "live" };

    if (!strcmp(platform, "tiktok"))
        return "video";
    return !strcmp(platform, "youtube") ? PICK(r, yt) : PICK(r, ig);
}

static void add_tag(struct post *p, const char *tag)
{
    text_add(&p->caption, " #");
    text_add(&p->caption, tag);
    if (p->tags.len)
        text_add(&p->tags, " ");
    text_lower(&p->tags, tag);
}

/* Caption: a sentence, maybe a brand mention, then hashtags, sometimes on
 * a line of their own. Tags are followed by a space or the end, never by a
 * character niche would take as part of the tag. */
static void make_caption(struct post *p, struct rng *r)
{
    uint32_t k, ntags = rng_below(r, 6);
    const char *brand;

    text_reset(&p->caption);
    text_reset(&p->tags);
    text_reset(&p->mentions);
    text_add(&p->caption, PICK(r, sentences));
    text_add(&p->caption, PICK(r, emojis));
    if (p->sponsored || rng_pct(r, 10)) {
        brand = PICK(r, brands);
        text_add(&p->caption, " with @");
        text_add(&p->caption, brand);
        text_add(&p->mentions, brand);
    }
    if (ntags && rng_pct(r, 40))
        text_add(&p->caption, "\n\n");
    if (p->sponsored)
        add_tag(p, "ad");
    for (k = 0; k < ntags; k++)
        add_tag(p, PICK(r, hashtags));
}

static void post_counts(struct post *p, struct rng *r, int64_t followers)
{
    int64_t reach = followers / 10 + (int64_t)rng_below(r, (uint32_t)(followers / 2 + 1));

    p->likes = reach / 8 + rng_below(r, (uint32_t)(reach / 10 + 1));
    p->comments = p->likes / 40 + rng_below(r, 20);
    p->shares = p->likes / 60 + rng_below(r, 10);
    p->saves = p->likes / 30 + rng_below(r, 15);
    p->views = !strcmp(p->type, "image") || !strcmp(p->type, "carousel")
        ? 0 : reach * 2 + rng_below(r, 1000);
    p->reach = reach;
    p->impressions = reach + reach / 3 + rng_below(r, 500);
    p->reach_estimated = rng_pct(r, 70);
}

/* Post j is the k-th of its account; accounts post every 1-3 days. */
static void post_make(struct post *p, uint64_t seed, uint32_t j, uint32_t k,
                      const struct account *a)
{
    struct rng r = rng_for(seed, 2, j);
    uint64_t id = UINT64_C(3100000000000000000) + (uint64_t)j * UINT64_C(982451653) +
                  rng_below(&r, 1000);

    snprintf(p->post_id, sizeof(p->post_id), "%llu", (unsigned long long)id);
    p->posted_secs = T0_MS / 1000 + (int64_t)k * 2 * 86400 + rng_below(&r, 86400);
    p->type = pick_type(&r, a->platform);
    p->sponsored = rng_pct(&r, 5);
    make_caption(p, &r);
    post_counts(p, &r, a->followers);
}

static void post_write_niche(FILE *f, const struct post *p, const struct account *a)
{
    char when[40];

    iso_time(p->posted_secs, when, sizeof(when));
    fprintf(f, "{\"platform\":\"%s\",\"handle\":\"%s%s\",\"post_id\":\"%s\","
               "\"posted_at\":\"%s\",\"type\":\"%s\",\"caption\":",
            a->platform, a->at ? "@" : "", a->handle, p->post_id, when, p->type);
    put_json(f, p->caption.buf);
    fprintf(f, ",\"likes\":%lld,\"comments\":%lld,\"shares\":%lld,\"saves\":%lld,"
               "\"views\":%lld,\"reach\":%lld,\"impressions\":%lld,"
               "\"reach_estimated\":%s,\"sponsored\":%s}\n",
            (long long)p->likes, (long long)p->comments, (long long)p->shares,
            (long long)p->saves, (long long)p->views, (long long)p->reach,
            (long long)p->impressions, p->reach_estimated ? "true" : "false",
            p->sponsored ? "true" : "false");
}

/* Columns of `post` in table order. */
static void post_write_sqlite(FILE *f, const struct post *p, uint32_t j, uint32_t acct,
                              const struct account *a)
{
    fprintf(f, "%lu,1,%lu,%s,%s,%lld,%s,", (unsigned long)j + 1, (unsigned long)acct + 1,
            a->platform, p->post_id, (long long)p->posted_secs * 1000, p->type);
    put_csv(f, p->caption.buf);
    fprintf(f, ",%s,%s,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%d,%d,", p->tags.buf,
            p->mentions.buf, (long long)p->likes, (long long)p->comments,
            (long long)p->shares, (long long)p->saves, (long long)p->views,
            (long long)p->reach, (long long)p->impressions, p->reach_estimated,
            p->sponsored);
    put_i64(f, UPDATED_MS);
    putc('\n', f);
}

/* ---- driver ------------------------------------------------------------ */

struct opts {
    uint32_t accounts, posts, posters;
    uint64_t seed;
    const char *dir;
    uint32_t mask;               /* 2^k - 1 >= every account index */
};

struct files {
    FILE *f[4];
    char *buf[4];
};

static const char *const file_names[4] = {
    "accounts.csv", "posts.jsonl", "sqlite_accounts.csv", "sqlite_posts.csv",
};

static int files_open(struct files *fs, const char *dir)
{
    char path[4096];
    int i;

    for (i = 0; i < 4; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, file_names[i]);
        if (!(fs->f[i] = fopen(path, "w"))) {
            fprintf(stderr, "gen_import: cannot create '%s': %s\n", path, strerror(errno));
            return -1;
        }
        fs->buf[i] = malloc(OUT_BUF);
        if (fs->buf[i])
            setvbuf(fs->f[i], fs->buf[i], _IOFBF, OUT_BUF);
    }
    return 0;
}

static int files_close(struct files *fs)
{
    int i, rc = 0;

    for (i = 0; i < 4; i++) {
        if (fs->f[i] && (ferror(fs->f[i]) | fclose(fs->f[i]))) {
            fprintf(stderr, "gen_import: writing '%s' failed\n", file_names[i]);
            rc = -1;
        }
        free(fs->buf[i]);
    }
    return rc;
}

static void write_headers(struct files *fs)
{
    fputs("platform,handle,name,followers,following,posts,bio,country,language,"
          "category,verified,has_avatar\n", fs->f[0]);
    fputs("id,workspace_id,creator_id,platform,handle,name,followers,following,posts,"
          "bio,country,language,category,verified,has_avatar,last_active_ms,avg_likes,"
          "avg_comments,avg_views,avg_shares,reported_er,audience_country,updated_ms\n",
          fs->f[2]);
    fputs("id,workspace_id,account_id,platform,post_id,posted_ms,type,caption,hashtags,"
          "mentions,likes,comments,shares,saves,views,reach,impressions,reach_estimated,"
          "sponsored,updated_ms\n", fs->f[3]);
}

/* Posts go to `posters` accounts spread evenly over the file, each with an
 * equal run of consecutive posts (the last takes the remainder). */
static void write_posts(struct files *fs, const struct opts *o)
{
    uint32_t per = o->posts / o->posters, stride = o->accounts / o->posters;
    uint32_t j, n, acct;
    struct account a;
    struct post p;

    for (j = 0; j < o->posts; j++) {
        n = j / per < o->posters ? j / per : o->posters - 1;
        acct = n * stride;
        if (j == 0 || j == n * per)
            account_make(&a, o->seed, o->mask, acct);
        post_make(&p, o->seed, j, j - n * per, &a);
        post_write_niche(fs->f[1], &p, &a);
        post_write_sqlite(fs->f[3], &p, j, acct, &a);
    }
}

static int generate(const struct opts *o)
{
    struct files fs;
    struct account a;
    uint32_t i;

    memset(&fs, 0, sizeof(fs));
    if (files_open(&fs, o->dir) < 0) {
        files_close(&fs);
        return -1;
    }
    write_headers(&fs);
    for (i = 0; i < o->accounts; i++) {
        account_make(&a, o->seed, o->mask, i);
        account_write_niche(fs.f[0], &a);
        account_write_sqlite(fs.f[2], &a, i);
    }
    if (o->posts)
        write_posts(&fs, o);
    return files_close(&fs);
}

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || end == s || *end || *s == '-' || v > max)
        return -1;
    *out = v;
    return 0;
}

static int usage(void)
{
    fputs("usage: gen_import [--accounts N] [--posts N] [--posters N] [--seed S] DIR\n",
          stderr);
    return 2;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
    uint64_t v;
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (a[0] != '-' && !o->dir) {
            o->dir = a;
            continue;
        }
        if (i + 1 >= argc || parse_u64(argv[i + 1], UINT32_MAX, &v) < 0)
            return -1;
        i++;
        if (!strcmp(a, "--accounts"))
            o->accounts = (uint32_t)v;
        else if (!strcmp(a, "--posts"))
            o->posts = (uint32_t)v;
        else if (!strcmp(a, "--posters"))
            o->posters = (uint32_t)v;
        else if (!strcmp(a, "--seed"))
            o->seed = v;
        else
            return -1;
    }
    return o->dir ? 0 : -1;
}

int main(int argc, char **argv)
{
    struct opts o = { 1000000, 1000000, 50000, 42, NULL, 0 };

    if (parse_args(argc, argv, &o) < 0)
        return usage();
    while (o.mask < o.accounts - (o.accounts > 0))
        o.mask = o.mask * 2 + 1;
    if (o.posts && (!o.posters || o.posters > o.accounts || o.posters > o.posts)) {
        fputs("gen_import: --posters must be between 1 and both --accounts and --posts\n",
              stderr);
        return 2;
    }
    return generate(&o) < 0 ? 1 : 0;
}
