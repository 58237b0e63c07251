/*
 * import.c - CSV and JSONL importers for accounts, posts, followers and
 * snapshots (import.h).
 *
 * Each kind is a table of fields: name, value type and where the value
 * lands in a `struct row`. Binding matches the file's columns (or JSONL
 * keys) to fields once; then every record is converted cell by cell into a
 * row and handed to the store. The conversion is the same for both formats
 * through `struct cell`, so a rule (missing markers, "1.3M", hidden likes)
 * is written once. Row strings live in a per-row scratch buffer reserved
 * before the row is read, so pointers into it stay valid for the row.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "niche/import.h"
#include "niche/store.h"
#include "niche/value.h"
#include "buf.h"
#include "csv.h"
#include "jsonl.h"
#include "internal.h"
#include "banned.h"

/* ---- field tables ----------------------------------------------------- */

enum ftype {
    F_TEXT,      /* free text, kept as written (name, bio, caption) */
    F_CODE,      /* short label; "N/A" and friends are missing */
    F_HANDLE,    /* '@' dropped, ASCII lowercased */
    F_PLATFORM, F_COUNT,
    F_HIDDEN,    /* a count where -1 means hidden (scrapers' convention) */
    F_REAL, F_RATIO, F_FLAG, F_TIME, F_POSTTYPE,
    F_ID,        /* an identifier: text, or a JSON number written as text */
    F_TAGS       /* hashtags or mentions: a list of words */
};

#define F_TEXT_NAME "text"
#define F_CODE_NAME "text"
#define F_HANDLE_NAME "handle"
#define F_PLATFORM_NAME "platform"
#define F_COUNT_NAME "count"
#define F_HIDDEN_NAME "count (-1 = hidden)"
#define F_REAL_NAME "number"
#define F_RATIO_NAME "rate (1.39 or 1.39%)"
#define F_FLAG_NAME "true/false"
#define F_TIME_NAME "time (ISO 8601 or Unix)"
#define F_POSTTYPE_NAME "post type"
#define F_ID_NAME "id"
#define F_TAGS_NAME "word list"

/* What a record becomes before it reaches the store. */
struct row {
    enum niche_platform platform;
    char *handle, *follower_handle;
    struct niche_account acct;   /* accounts; a follower's own features */
    struct niche_post post;
    struct niche_snapshot snap;
    int64_t since_ms;
};

struct field {
    struct niche_import_field_info info;
    enum ftype type;
    size_t off;                  /* into struct row */
};

#define FLD(n, t, req, member, help) \
    { { n, t##_NAME, req, help }, t, offsetof(struct row, member) }
#define PLATFORM_FIELD \
    FLD("platform", F_PLATFORM, 2, platform, "instagram, tiktok, youtube, x, ...")
#define HANDLE_FIELD FLD("handle", F_HANDLE, 1, handle, "the account's handle")

static const struct field account_fields[] = {
    PLATFORM_FIELD, HANDLE_FIELD,
    FLD("name", F_TEXT, 0, acct.name, "display name"),
    FLD("followers", F_COUNT, 0, acct.followers, "follower count"),
    FLD("following", F_COUNT, 0, acct.following, "accounts it follows"),
    FLD("posts", F_COUNT, 0, acct.posts, "posts published"),
    FLD("bio", F_TEXT, 0, acct.bio, "profile text"),
    FLD("country", F_CODE, 0, acct.country, "where the account is based"),
    FLD("language", F_CODE, 0, acct.language, "main language"),
    FLD("category", F_CODE, 0, acct.category, "source categories (map several)"),
    FLD("verified", F_FLAG, 0, acct.verified, "platform verification"),
    FLD("has_avatar", F_FLAG, 0, acct.has_avatar, "has a profile picture"),
    FLD("last_active", F_TIME, 0, acct.last_active_ms, "latest known activity"),
    FLD("avg_likes", F_REAL, 0, acct.avg_likes, "reported likes per post"),
    FLD("avg_comments", F_REAL, 0, acct.avg_comments, "reported comments per post"),
    FLD("avg_views", F_REAL, 0, acct.avg_views, "reported views per post"),
    FLD("avg_shares", F_REAL, 0, acct.avg_shares, "reported shares per post"),
    FLD("reported_er", F_RATIO, 0, acct.reported_er,
        "engagement rate as the export reports it"),
    FLD("audience_country", F_CODE, 0, acct.audience_country,
        "top audience country, as reported"),
};

static const struct field post_fields[] = {
    PLATFORM_FIELD, HANDLE_FIELD,
    FLD("post_id", F_ID, 1, post.post_id, "the platform's post id"),
    FLD("posted_at", F_TIME, 0, post.posted_ms, "publication time"),
    FLD("type", F_POSTTYPE, 0, post.type,
        "image, carousel, video, reel, story, short, live"),
    FLD("caption", F_TEXT, 0, post.caption, "caption text"),
    FLD("hashtags", F_TAGS, 0, post.hashtags, "tags (default: from the caption)"),
    FLD("mentions", F_TAGS, 0, post.mentions, "handles (default: from the caption)"),
    FLD("likes", F_HIDDEN, 0, post.likes, "like count; -1 or empty = hidden"),
    FLD("comments", F_HIDDEN, 0, post.comments, "comment count"),
    FLD("shares", F_COUNT, 0, post.shares, "share count"),
    FLD("saves", F_COUNT, 0, post.saves, "save count"),
    FLD("views", F_HIDDEN, 0, post.views, "view count"),
    FLD("reach", F_COUNT, 0, post.reach, "measured reach"),
    FLD("impressions", F_COUNT, 0, post.impressions, "measured impressions"),
    FLD("reach_estimated", F_FLAG, 0, post.reach_estimated,
        "reach and impressions are estimates"),
    FLD("sponsored", F_FLAG, 0, post.sponsored, "paid-partnership flag"),
};

static const struct field follower_fields[] = {
    PLATFORM_FIELD, HANDLE_FIELD,
    FLD("follower_handle", F_HANDLE, 1, follower_handle, "the follower's handle"),
    FLD("follower_name", F_TEXT, 0, acct.name, "the follower's display name"),
    FLD("follower_followers", F_COUNT, 0, acct.followers, "the follower's followers"),
    FLD("follower_following", F_COUNT, 0, acct.following, "accounts the follower follows"),
    FLD("follower_posts", F_COUNT, 0, acct.posts, "the follower's posts"),
    FLD("follower_has_avatar", F_FLAG, 0, acct.has_avatar, "the follower has a picture"),
    FLD("follower_bio", F_TEXT, 0, acct.bio, "the follower's profile text"),
    FLD("follower_last_active", F_TIME, 0, acct.last_active_ms,
        "the follower's latest activity"),
    FLD("since", F_TIME, 0, since_ms, "when the follow started"),
};

static const struct field snapshot_fields[] = {
    PLATFORM_FIELD, HANDLE_FIELD,
    FLD("date", F_TIME, 1, snap.taken_ms, "when the counts were taken"),
    FLD("followers", F_COUNT, 0, snap.followers, "follower count"),
    FLD("following", F_COUNT, 0, snap.following, "following count"),
    FLD("posts", F_COUNT, 0, snap.posts, "post count"),
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static const struct { const char *name; const struct field *f; size_t n; } kinds[] = {
    { "accounts", account_fields, COUNT_OF(account_fields) },
    { "posts", post_fields, COUNT_OF(post_fields) },
    { "followers", follower_fields, COUNT_OF(follower_fields) },
    { "snapshots", snapshot_fields, COUNT_OF(snapshot_fields) },
};

#define MAX_FIELDS 32
#define MAX_COLS 4          /* columns joined into one text field */
#define MAX_SCRATCH (64u * 1024 * 1024)

const char *niche_import_kind_name(enum niche_import_kind k)
{
    return (unsigned)k < NICHE_IMPORT__COUNT ? kinds[k].name : "unknown";
}

int niche_import_kind_parse(const char *s)
{
    int k;

    for (k = 0; k < NICHE_IMPORT__COUNT; k++)
        if (!strcmp(s, kinds[k].name))
            return k;
    return -1;
}

const struct niche_import_field_info *niche_import_field(enum niche_import_kind k,
                                                         size_t i)
{
    if ((unsigned)k >= NICHE_IMPORT__COUNT || i >= kinds[k].n)
        return NULL;
    return &kinds[k].f[i].info;
}

void niche_import_result_release(struct niche_import_result *r)
{
    if (!r)
        return;
    free(r->ignored_columns);
    r->ignored_columns = NULL;
}

/* ---- import state ----------------------------------------------------- */

struct bind {
    int n;                       /* columns bound; 0: field absent */
    int col[MAX_COLS];           /* CSV column indexes */
    const char *key[MAX_COLS];   /* JSONL key paths (borrowed from opts) */
};

struct imp {
    struct niche_store *st;
    const struct niche_import_opts *o;
    const char *path;
    const struct field *f;
    size_t nf;
    struct bind bind[MAX_FIELDS];
    int jsonl;
    struct niche__csv csv;
    struct niche__jsonl jl;
    char **headers;              /* owned: normalised CSV headers */
    size_t nheaders;
    struct niche__buf scratch;   /* row strings; reserved per row */
    struct row row;
    long line;                   /* first line of the current record */
    int64_t bytes;
    enum niche_platform cache_platform;  /* last account looked up */
    char *cache_handle;          /* owned */
    int64_t cache_id;
    struct niche_import_result *res;
};

/* A cell of the current record, whatever the format. */
struct cell {
    enum { C_ABSENT, C_NULL, C_STR, C_INT, C_REAL, C_BOOL, C_LIST, C_OBJECT } kind;
    const char *s;
    size_t len;
    int64_t i;
    double d;
    long line, col;
    const char *key;             /* JSONL: the key, whose column is found only
                                  * for an error (it costs a scan of the line) */
    json_t *list;                /* C_LIST: borrowed JSON array */
};

/* Append to the row scratch, which reserve_scratch() sized for the whole
 * row: it must never move while the row holds pointers into it. */
static char *scratch_add(struct imp *im, const char *s, size_t len)
{
    struct niche__buf *b = &im->scratch;
    char *p;

    if (b->len + len + 1 > b->alloc)
        NICHE_BUG("row scratch overflow");
    p = b->buf + b->len;
    if (len)
        memcpy(p, s, len);
    b->len += len;
    b->buf[b->len] = '\0';
    return p;
}

/* A NUL-terminated scratch copy of s[0..len). */
static char *scratch_put(struct imp *im, const char *s, size_t len)
{
    char *p = scratch_add(im, s, len);

    im->scratch.len++;   /* keep the NUL */
    return p;
}

/* Room for every string a row can make from a record of record_len bytes:
 * one copy of each cell (1x), joins of up to MAX_COLS columns re-copying
 * what they join (3x), hashtags and mentions each extracted and normalised
 * (4x), numbers printed from JSON (256 per field). 12x leaves a margin; a
 * 4 MiB record needs 48 MiB, under MAX_SCRATCH. */
static int reserve_scratch(struct imp *im, size_t record_len)
{
    size_t need = 12 * record_len + 256 * (im->nf + 1) + 1024;

    niche__buf_reset(&im->scratch);
    return niche__buf_grow(&im->scratch, need);
}

/* ---- header binding (CSV) --------------------------------------------- */

/* Header text as matched: trimmed, inner whitespace runs made one space. */
static char *normalise_header(const char *s, size_t len)
{
    char *out = niche_xmalloc(len + 1);
    size_t i, n = 0;
    int space = 0;

    niche__trim(&s, &len);
    for (i = 0; i < len; i++) {
        if (niche__isspace((unsigned char)s[i])) {
            space = 1;
            continue;
        }
        if (space && n)
            out[n++] = ' ';
        space = 0;
        out[n++] = s[i];
    }
    out[n] = '\0';
    return out;
}

/* Equal ignoring ASCII case, and treating ' ', '_' and '-' alike. */
static int name_eq(const char *a, const char *b, size_t blen)
{
    size_t i;

    for (i = 0; i < blen; i++) {
        int x = niche__lower((unsigned char)a[i]), y = niche__lower((unsigned char)b[i]);

        if (x == '-' || x == ' ')
            x = '_';
        if (y == '-' || y == ' ')
            y = '_';
        if (!x || x != y)
            return 0;
    }
    return a[blen] == '\0';
}

/* Index of the column named spec ("NAME" or "NAME#N"), or -1. */
static int find_column(const struct imp *im, const char *spec)
{
    char *want = normalise_header(spec, strlen(spec));
    const char *hash = strrchr(want, '#');
    size_t blen = strlen(want);
    long nth = 1, seen = 0;
    size_t i;
    int found = -1;

    if (hash && hash[1] && strspn(hash + 1, "0123456789") == strlen(hash + 1)) {
        nth = strtol(hash + 1, NULL, 10);
        blen = (size_t)(hash - want);
    }
    for (i = 0; i < im->nheaders && found < 0; i++)
        if (name_eq(im->headers[i], want, blen) && ++seen == nth)
            found = (int)i;
    if (found < 0 && blen != strlen(want))   /* a header with '#' in it */
        for (i = 0; i < im->nheaders && found < 0; i++)
            if (name_eq(im->headers[i], want, strlen(want)))
                found = (int)i;
    free(want);
    return found;
}

static int field_index(const struct imp *im, const char *name)
{
    size_t i;

    for (i = 0; i < im->nf; i++)
        if (!strcmp(im->f[i].info.name, name))
            return (int)i;
    return -1;
}

static int bad_map(const struct imp *im, const char *field, struct niche_error *err)
{
    char list[512];
    size_t i, n = 0;

    list[0] = '\0';
    for (i = 0; i < im->nf && n < sizeof(list); i++)
        n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "",
                              im->f[i].info.name);
    return niche_error_set(err, NICHE_EINVAL, "--map: %s has no field '%s' (fields: %s)",
                           kinds[im->o->kind].name, field, list);
}

static int add_binding(struct imp *im, int fi, int col, const char *key,
                       struct niche_error *err)
{
    struct bind *b = &im->bind[fi];

    if (b->n && im->f[fi].type != F_TEXT && im->f[fi].type != F_CODE &&
        im->f[fi].type != F_TAGS)
        return niche_error_set(err, NICHE_EINVAL,
                               "--map: field '%s' takes one column, not several",
                               im->f[fi].info.name);
    if (b->n == MAX_COLS)
        return niche_error_set(err, NICHE_EINVAL, "--map: field '%s' takes at most %d columns",
                               im->f[fi].info.name, MAX_COLS);
    b->col[b->n] = col;
    b->key[b->n] = key;
    b->n++;
    return 0;
}

static void column_list(const struct imp *im, char *out, size_t n)
{
    size_t i, len = 0;

    out[0] = '\0';
    for (i = 0; i < im->nheaders && len < n; i++)
        len += (size_t)snprintf(out + len, n - len, "%s'%s'", i ? ", " : "",
                                im->headers[i]);
}

/* Apply the user's maps: explicit bindings win over names. */
static int bind_maps(struct imp *im, struct niche_error *err)
{
    char cols[400];
    size_t i;
    int fi, col, rc;

    for (i = 0; i < im->o->nmaps; i++) {
        const struct niche_import_map *m = &im->o->maps[i];

        if ((fi = field_index(im, m->field)) < 0)
            return bad_map(im, m->field, err);
        col = -1;
        if (!im->jsonl && (col = find_column(im, m->column)) < 0) {
            column_list(im, cols, sizeof(cols));
            return niche_error_at(err, NICHE_EINVAL, im->path, 1, 0,
                                  "--map %s=%s: no such column (columns: %s)",
                                  m->field, m->column, cols);
        }
        if ((rc = add_binding(im, fi, col, m->column, err)) < 0)
            return rc;
    }
    return 0;
}

/* 1 when an explicit --map already feeds column col to some field. */
static int column_bound(const struct imp *im, int col)
{
    size_t i;
    int k;

    for (i = 0; i < im->nf; i++)
        for (k = 0; k < im->bind[i].n; k++)
            if (im->bind[i].col[k] == col)
                return 1;
    return 0;
}

/* Fields not mapped take the column (or key) of their own name, unless a
 * map already claimed that column for another field. */
static int bind_defaults(struct imp *im, struct niche_error *err)
{
    size_t i;
    int col;

    for (i = 0; i < im->nf; i++) {
        if (im->bind[i].n)
            continue;
        if (im->jsonl) {
            add_binding(im, (int)i, -1, im->f[i].info.name, err);
        } else if ((col = find_column(im, im->f[i].info.name)) >= 0 &&
                   !column_bound(im, col)) {
            add_binding(im, (int)i, col, NULL, err);
        }
    }
    return 0;
}

static int check_required(struct imp *im, struct niche_error *err)
{
    size_t i;

    for (i = 0; i < im->nf; i++) {
        const struct field *f = &im->f[i];

        if (im->bind[i].n || !f->info.required)
            continue;
        if (f->info.required == 2 && im->o->platform != NICHE_PLATFORM_UNKNOWN)
            continue;
        if (f->info.required == 2)
            return niche_error_at(err, NICHE_EINVAL, im->path, 1, 0,
                                  "no platform column: name one with --map platform=COLUMN"
                                  " or give --platform");
        return niche_error_at(err, NICHE_EINVAL, im->path, 1, 0,
                              "no column for %s: name one with --map %s=COLUMN",
                              f->info.name, f->info.name);
    }
    return 0;
}

/* Which occurrence of its name column c is (1 for the first). */
static int occurrence(const struct imp *im, size_t c)
{
    size_t i;
    int nth = 1;

    for (i = 0; i < c; i++)
        if (name_eq(im->headers[i], im->headers[c], strlen(im->headers[c])))
            nth++;
    return nth;
}

static void note_ignored(struct imp *im)
{
    struct niche__buf b = NICHE__BUF_INIT(0);
    size_t c, i;
    int k, used, nth;

    for (c = 0; c < im->nheaders; c++) {
        used = 0;
        for (i = 0; i < im->nf && !used; i++)
            for (k = 0; k < im->bind[i].n; k++)
                used |= im->bind[i].col[k] == (int)c;
        if (used)
            continue;
        if (b.len)
            niche__buf_add(&b, ", ", 2);
        if (*im->headers[c])
            niche__buf_add(&b, im->headers[c], strlen(im->headers[c]));
        else
            niche__buf_add(&b, "(unnamed)", 9);
        nth = occurrence(im, c);
        if (nth > 1) {   /* name it the way --map would address it */
            char tag[24];
            int n = snprintf(tag, sizeof(tag), "#%d", nth);
            niche__buf_add(&b, tag, (size_t)n);
        }
    }
    im->res->ignored_columns = b.buf;
}

static int read_header(struct imp *im, struct niche_error *err)
{
    size_t i;
    int rc = niche__csv_next(&im->csv, err);

    if (rc < 0)
        return rc;
    if (rc == 0)
        return niche_error_at(err, NICHE_EPARSE, im->path, 1, 0,
                              "file is empty: expected a header row");
    im->nheaders = im->csv.nr;
    im->headers = niche_xcalloc(im->nheaders, sizeof(char *));
    for (i = 0; i < im->nheaders; i++) {
        const struct niche__csv_field *f = &im->csv.fields[i];

        if (!niche__utf8_valid(f->ptr, f->len, NULL))
            return niche_error_at(err, NICHE_EPARSE, im->path, f->line, f->column,
                                  "header is not valid UTF-8 (convert the file to UTF-8)");
        im->headers[i] = normalise_header(f->ptr, f->len);
    }
    return 0;
}

static int bind_fields(struct imp *im, struct niche_error *err)
{
    int rc;

    if (!im->jsonl && (rc = read_header(im, err)) < 0)
        return rc;
    if ((rc = bind_maps(im, err)) < 0 || (rc = bind_defaults(im, err)) < 0 ||
        (rc = check_required(im, err)) < 0)
        return rc;
    if (!im->jsonl)
        note_ignored(im);
    return 0;
}

/* ---- cells ------------------------------------------------------------ */

static json_t *json_path(json_t *obj, const char *path)
{
    const char *dot;

    while (obj && (dot = strchr(path, '.')) != NULL) {
        obj = json_object_getn(obj, path, (size_t)(dot - path));
        path = dot + 1;
    }
    return obj ? json_object_get(obj, path) : NULL;
}

/* A cell of a flat record (jsonflat.h): its kinds map as jansson's do. A
 * dotted path names a nested value, which a flat record never has. */
static void flat_cell(const struct niche__jflat *flat, const char *key, struct cell *c)
{
    const struct niche__jflat_field *f = NULL;

    if (!strchr(key, '.'))
        f = niche__jflat_get(flat, key);
    if (!f) {
        c->kind = C_ABSENT;
        return;
    }
    switch (f->kind) {
    case NICHE__JFLAT_STR:
        c->kind = C_STR, c->s = f->s, c->len = f->len;
        break;
    case NICHE__JFLAT_INT:
        c->kind = C_INT, c->i = f->i;
        break;
    case NICHE__JFLAT_REAL:
        c->kind = C_REAL, c->d = f->d;
        break;
    case NICHE__JFLAT_TRUE:
    case NICHE__JFLAT_FALSE:
        c->kind = C_BOOL, c->i = f->kind == NICHE__JFLAT_TRUE;
        break;
    case NICHE__JFLAT_NULL:
        c->kind = C_NULL;
        break;
    }
}

static void json_cell(struct imp *im, const char *key, struct cell *c)
{
    const struct niche__jflat *flat = niche__jsonl_flat(&im->jl);
    const char *last = strrchr(key, '.');
    json_t *v;

    c->line = im->line;
    c->key = last ? last + 1 : key;
    if (flat) {
        flat_cell(flat, key, c);
        return;
    }
    v = json_path(im->jl.obj, key);
    if (!v) {
        c->kind = C_ABSENT;
    } else if (json_is_null(v)) {
        c->kind = C_NULL;
    } else if (json_is_string(v)) {
        c->kind = C_STR, c->s = json_string_value(v), c->len = json_string_length(v);
    } else if (json_is_integer(v)) {
        c->kind = C_INT, c->i = json_integer_value(v);
    } else if (json_is_real(v)) {
        c->kind = C_REAL, c->d = json_real_value(v);
    } else if (json_is_boolean(v)) {
        c->kind = C_BOOL, c->i = json_is_true(v);
    } else if (json_is_array(v)) {
        c->kind = C_LIST, c->list = v;
    } else {
        c->kind = C_OBJECT;
    }
}

static void get_cell(struct imp *im, const struct bind *b, int k, struct cell *c)
{
    memset(c, 0, sizeof(*c));
    if (im->jsonl) {
        json_cell(im, b->key[k], c);
        return;
    }
    c->line = im->line;
    if ((size_t)b->col[k] >= im->csv.nr) {   /* a short row */
        c->kind = C_ABSENT;
        return;
    }
    c->kind = C_STR;
    c->s = im->csv.fields[b->col[k]].ptr;
    c->len = im->csv.fields[b->col[k]].len;
    c->line = im->csv.fields[b->col[k]].line;
    c->col = im->csv.fields[b->col[k]].column;
}

/* ---- converting cells ------------------------------------------------- */

static int cell_error(struct imp *im, const struct field *f, const struct cell *c,
                      const char *why, struct niche_error *err)
{
    long col = c->key ? niche__jsonl_key_column(&im->jl, c->key) : c->col;
    char shown[48];

    if (c->kind == C_STR) {
        size_t n = c->len < 40 ? c->len : 40;

        /* Cut on a character boundary so the message stays valid UTF-8. */
        while (n < c->len && n > 0 && ((unsigned char)c->s[n] & 0xc0) == 0x80)
            n--;
        snprintf(shown, sizeof(shown), "'%.*s%s'", (int)n, c->s, n < c->len ? "..." : "");
    } else if (c->kind == C_INT) {
        snprintf(shown, sizeof(shown), "%lld", (long long)c->i);
    } else if (c->kind == C_REAL) {
        snprintf(shown, sizeof(shown), "%g", c->d);
    } else {
        snprintf(shown, sizeof(shown), "(%s)", c->kind == C_BOOL ? "a boolean" : "a list or object");
    }
    return niche_error_at(err, NICHE_EPARSE, im->path, c->line, col, "%s %s %s",
                          f->info.name, shown, why);
}

static int is_missing_cell(const struct cell *c)
{
    return c->kind == C_ABSENT || c->kind == C_NULL;
}

/* Text of a cell, as a scratch copy; NULL when it holds nothing. */
static char *cell_text(struct imp *im, const struct cell *c, size_t *len)
{
    char num[48];
    const char *s = c->s;
    size_t n = c->len;

    if (c->kind == C_INT)
        n = (size_t)snprintf(num, sizeof(num), "%lld", (long long)c->i), s = num;
    else if (c->kind == C_REAL)
        n = (size_t)snprintf(num, sizeof(num), "%.17g", c->d), s = num;
    else if (c->kind != C_STR)
        return NULL;
    niche__trim(&s, &n);
    *len = n;
    return n ? scratch_put(im, s, n) : NULL;
}

static int conv_int(struct imp *im, const struct field *f, const struct cell *c,
                    int64_t *out, struct niche_error *err)
{
    const char *why = "is not a number";
    int rc;

    if (c->kind == C_INT) {
        *out = c->i;
    } else if (c->kind == C_REAL) {
        /* Range first: casting a double outside int64 is undefined. */
        if (!(c->d > -9223372036854775808.0 && c->d < 9223372036854775808.0))
            return cell_error(im, f, c, "is too large", err);
        if (c->d != (double)(int64_t)c->d)
            return cell_error(im, f, c, "is not a whole number", err);
        *out = (int64_t)c->d;
    } else if (c->kind == C_STR) {
        rc = niche_value_int(c->s, c->len, out, &why);
        if (rc == NICHE_VALUE_MISSING)
            return 0;
        if (rc < 0)
            return cell_error(im, f, c, why, err);
    } else {
        return cell_error(im, f, c, why, err);
    }
    if (*out == -1 && f->type == F_HIDDEN) {
        *out = NICHE_MISSING;    /* hidden, not zero */
        return 0;
    }
    if (*out < 0)
        return cell_error(im, f, c, "is negative", err);
    return 0;
}

static int conv_real(struct imp *im, const struct field *f, const struct cell *c,
                     double *out, struct niche_error *err)
{
    const char *why = "is not a number";
    int rc;

    if (c->kind == C_INT || c->kind == C_REAL) {
        *out = c->kind == C_INT ? (double)c->i : c->d;
        if (f->type == F_RATIO)
            *out /= 100.0;   /* rates are in percent points (value.h) */
    } else if (c->kind == C_STR) {
        rc = f->type == F_RATIO ? niche_value_ratio(c->s, c->len, out, &why)
                                : niche_value_real(c->s, c->len, out, &why);
        if (rc == NICHE_VALUE_MISSING)
            return 0;
        if (rc < 0)
            return cell_error(im, f, c, why, err);
    } else {
        return cell_error(im, f, c, why, err);
    }
    if (*out < 0)
        return cell_error(im, f, c, "is negative", err);
    return 0;
}

static int conv_flag(struct imp *im, const struct field *f, const struct cell *c,
                     int *out, struct niche_error *err)
{
    const char *why = "is not true or false";

    if (c->kind == C_BOOL || (c->kind == C_INT && (c->i == 0 || c->i == 1))) {
        *out = (int)c->i;
        return 0;
    }
    if (c->kind == C_STR) {
        int rc = niche_value_bool(c->s, c->len, out, &why);

        if (rc >= 0)
            return 0;
    }
    return cell_error(im, f, c, why, err);
}

static int conv_time(struct imp *im, const struct field *f, const struct cell *c,
                     int64_t *out, struct niche_error *err)
{
    const char *why = "is not a time";
    char num[32];
    int rc;

    if (c->kind == C_INT && c->i >= 0) {
        int n = snprintf(num, sizeof(num), "%lld", (long long)c->i);
        rc = niche_value_time(num, (size_t)n, out, &why);
    } else if (c->kind == C_STR) {
        rc = niche_value_time(c->s, c->len, out, &why);
    } else {
        rc = NICHE_EINVAL;
    }
    return rc < 0 ? cell_error(im, f, c, why, err) : 0;
}

static int conv_handle(struct imp *im, const struct field *f, const struct cell *c,
                       char **out, struct niche_error *err)
{
    size_t n, i;
    char *h = cell_text(im, c, &n);

    if (!h)
        return 0;
    if (h[0] == '@')
        h++, n--;
    if (!n || n > 256)
        return cell_error(im, f, c, n ? "is longer than 256 bytes" : "is empty", err);
    for (i = 0; i < n; i++)
        h[i] = (char)niche__lower((unsigned char)h[i]);
    *out = h;
    return 0;
}

static int conv_enum(struct imp *im, const struct field *f, const struct cell *c,
                     int *out, struct niche_error *err)
{
    size_t n;
    const char *s = cell_text(im, c, &n);

    if (!s || niche_value_is_missing(s, n))
        return 0;
    if (f->type == F_PLATFORM)
        *out = (int)niche_platform_parse(s, n);
    else
        *out = (int)niche_post_type_parse(s, n);
    if (*out)
        return 0;
    return cell_error(im, f, c, f->type == F_PLATFORM
        ? "is not a platform (instagram, tiktok, youtube, x, facebook, pinterest, twitch, blog)"
        : "is not a post type (image, carousel, video, reel, story, short, live)", err);
}

static int is_tag_char(unsigned char ch, char lead)
{
    return niche__isdigit(ch) || ch == '_' || ch >= 0x80 ||
           ((ch | 32) >= 'a' && (ch | 32) <= 'z') || (lead == '@' && ch == '.');
}

/* Lowercase words of a tag list ("#a, #B c" -> "a b c") in the scratch.
 * For mentions, dots inside handles stay and trailing dots go. */
static char *normalise_tags(struct imp *im, const char *s, size_t len, char lead)
{
    char *out = scratch_add(im, "", 0);
    size_t i = 0, start, k;

    while (i < len) {
        if (!is_tag_char((unsigned char)s[i], lead) || s[i] == '.') {
            i++;
            continue;
        }
        for (start = i; i < len && is_tag_char((unsigned char)s[i], lead); i++)
            ;
        k = i;
        while (k > start && s[k - 1] == '.')
            k--;
        if (im->scratch.buf + im->scratch.len != out)
            scratch_add(im, " ", 1);
        for (; start < k; start++) {
            char ch = (char)niche__lower((unsigned char)s[start]);
            scratch_add(im, &ch, 1);
        }
    }
    if (im->scratch.buf + im->scratch.len == out)
        return NULL;
    im->scratch.len++;   /* keep the NUL */
    return out;
}

/* Tags written after '#' (or '@') in free text. */
static char *extract_tags(struct imp *im, const char *s, char lead)
{
    const char *p, *start = NULL;
    size_t i, first = im->scratch.len;

    if (!s)
        return NULL;
    for (p = strchr(s, lead); p; p = strchr(p, lead)) {
        for (i = 1; p[i] && is_tag_char((unsigned char)p[i], lead); i++)
            ;
        if (i > 1) {
            if (!start)
                start = scratch_add(im, "", 0);
            else
                scratch_add(im, " ", 1);
            scratch_add(im, p + 1, i - 1);
        }
        p += i;
    }
    if (!start)
        return NULL;
    scratch_put(im, "", 0);
    return normalise_tags(im, im->scratch.buf + first, strlen(im->scratch.buf + first),
                          lead);
}

static char *join_list(struct imp *im, json_t *list)
{
    size_t i, first = im->scratch.len;

    for (i = 0; i < json_array_size(list); i++) {
        json_t *v = json_array_get(list, i);

        if (json_is_string(v)) {
            scratch_add(im, json_string_value(v), json_string_length(v));
            scratch_add(im, " ", 1);
        }
    }
    scratch_put(im, "", 0);
    return normalise_tags(im, im->scratch.buf + first, strlen(im->scratch.buf + first),
                          '#');
}

static int conv_text(struct imp *im, const struct field *f, const struct cell *c,
                     char **out, struct niche_error *err)
{
    int mention = f->off == offsetof(struct row, post.mentions);
    size_t n, bad;
    char *s;

    if (c->kind == C_LIST && f->type == F_TAGS) {
        *out = join_list(im, c->list);
        return 0;
    }
    if (c->kind == C_BOOL || c->kind == C_LIST || c->kind == C_OBJECT)
        return cell_error(im, f, c, "is not text", err);
    s = cell_text(im, c, &n);
    if (!s || (f->type == F_CODE && niche_value_is_missing(s, n)))
        return 0;
    if (!niche__utf8_valid(s, n, &bad))
        return cell_error(im, f, c, "is not valid UTF-8 (convert the file to UTF-8)", err);
    if (f->type == F_TAGS) {
        *out = normalise_tags(im, s, n, mention ? '@' : '#');
        return 0;
    }
    if (*out) {   /* a second column mapped to this field: join */
        char *joined = scratch_add(im, *out, strlen(*out));
        scratch_add(im, "; ", 2);
        scratch_put(im, s, n);
        *out = joined;
        return 0;
    }
    *out = s;
    return 0;
}

static int convert(struct imp *im, const struct field *f, const struct cell *c,
                   struct niche_error *err)
{
    char *base = (char *)&im->row;
    void *dst = base + f->off;

    if (is_missing_cell(c))
        return 0;
    switch (f->type) {
    case F_TEXT: case F_CODE: case F_ID: case F_TAGS:
        return conv_text(im, f, c, (char **)dst, err);
    case F_HANDLE:
        return conv_handle(im, f, c, (char **)dst, err);
    case F_PLATFORM: case F_POSTTYPE:
        return conv_enum(im, f, c, (int *)dst, err);
    case F_COUNT: case F_HIDDEN:
        return conv_int(im, f, c, (int64_t *)dst, err);
    case F_REAL: case F_RATIO:
        return conv_real(im, f, c, (double *)dst, err);
    case F_FLAG:
        return conv_flag(im, f, c, (int *)dst, err);
    case F_TIME:
        return conv_time(im, f, c, (int64_t *)dst, err);
    }
    NICHE_BUG("unknown field type %d", (int)f->type);
}

/* ---- rows ------------------------------------------------------------- */

/* Only the parts of a row its kind fills (this runs once per record). */
static void row_init(struct row *r, enum niche_import_kind kind)
{
    r->platform = NICHE_PLATFORM_UNKNOWN;
    r->handle = r->follower_handle = NULL;
    r->since_ms = NICHE_MISSING;
    if (kind == NICHE_IMPORT_ACCOUNTS || kind == NICHE_IMPORT_FOLLOWERS)
        niche_account_init(&r->acct);
    if (kind == NICHE_IMPORT_POSTS)
        niche_post_init(&r->post);
    if (kind == NICHE_IMPORT_SNAPSHOTS)
        niche_snapshot_init(&r->snap);
}

/* 1 when every bound cell of the record is empty. */
static int record_blank(struct imp *im)
{
    size_t i;

    if (im->jsonl)
        return niche__jsonl_flat(&im->jl) ? niche__jsonl_flat(&im->jl)->nr == 0
                                          : json_object_size(im->jl.obj) == 0;
    for (i = 0; i < im->csv.nr; i++) {
        const char *s = im->csv.fields[i].ptr;
        size_t n = im->csv.fields[i].len;

        niche__trim(&s, &n);
        if (n)
            return 0;
    }
    return 1;
}

static int fill_row(struct imp *im, struct niche_error *err)
{
    struct cell c;
    size_t i;
    int k, rc;

    row_init(&im->row, im->o->kind);
    for (i = 0; i < im->nf; i++) {
        for (k = 0; k < im->bind[i].n; k++) {
            get_cell(im, &im->bind[i], k, &c);
            if ((rc = convert(im, &im->f[i], &c, err)) < 0)
                return rc;
        }
    }
    if (im->row.platform == NICHE_PLATFORM_UNKNOWN)
        im->row.platform = im->o->platform;
    if (im->row.platform == NICHE_PLATFORM_UNKNOWN)
        return niche_error_at(err, NICHE_EPARSE, im->path, im->line, 0,
                              "platform is empty (fill it in or give --platform)");
    for (i = 0; i < im->nf; i++) {
        const struct field *f = &im->f[i];
        const char *const *p = (const char *const *)((char *)&im->row + f->off);

        if (f->info.required == 1 && (f->type == F_HANDLE || f->type == F_ID) && !*p)
            return niche_error_at(err, NICHE_EPARSE, im->path, im->line, 0,
                                  "%s is empty", f->info.name);
        if (f->info.required == 1 && f->type == F_TIME &&
            *(const int64_t *)((char *)&im->row + f->off) == NICHE_MISSING)
            return niche_error_at(err, NICHE_EPARSE, im->path, im->line, 0,
                                  "%s is empty", f->info.name);
    }
    return 0;
}

/* Id of the row's account, creating a bare one when unknown. The last
 * lookup is cached: post and snapshot files come grouped by account. */
static int row_account(struct imp *im, const char *handle, int64_t *id,
                       struct niche_error *err)
{
    int created = 0, rc;

    if (im->cache_handle && im->cache_platform == im->row.platform &&
        !strcmp(im->cache_handle, handle)) {
        *id = im->cache_id;
        return 0;
    }
    rc = niche_store_account_ensure(im->st, im->row.platform, handle, id, &created, err);
    if (rc < 0)
        return rc;
    im->res->accounts_created += created;
    free(im->cache_handle);
    im->cache_handle = niche_xstrdup(handle);
    im->cache_platform = im->row.platform;
    im->cache_id = *id;
    return 0;
}

static int has_features(const struct niche_account *a)
{
    return a->name || a->bio || a->followers != NICHE_MISSING ||
           a->following != NICHE_MISSING || a->posts != NICHE_MISSING ||
           a->has_avatar >= 0 || a->last_active_ms != NICHE_MISSING;
}

/* A dry run's stand-in for store_row(): every check and derivation that
 * does not need the store. */
static int check_row(struct imp *im, struct niche_error *err)
{
    struct row *r = &im->row;

    if (im->o->kind == NICHE_IMPORT_FOLLOWERS && !strcmp(r->handle, r->follower_handle))
        return niche_error_set(err, NICHE_EINVAL, "an account cannot follow itself");
    if (im->o->kind == NICHE_IMPORT_POSTS) {
        if (!r->post.hashtags)
            r->post.hashtags = extract_tags(im, r->post.caption, '#');
        if (!r->post.mentions)
            r->post.mentions = extract_tags(im, r->post.caption, '@');
    }
    return 0;
}

static int store_row(struct imp *im, struct niche_error *err)
{
    struct row *r = &im->row;
    struct niche_follower_edge e;
    int64_t id = 0;
    int rc, created = 0;

    if (im->o->dry_run)
        return check_row(im, err);
    switch (im->o->kind) {
    case NICHE_IMPORT_ACCOUNTS:
        r->acct.platform = r->platform;
        r->acct.handle = r->handle;
        return niche_store_account_upsert(im->st, &r->acct, NULL, err);
    case NICHE_IMPORT_POSTS:
        if ((rc = row_account(im, r->handle, &id, err)) < 0)
            return rc;
        r->post.account_id = id;
        r->post.platform = r->platform;
        if (!r->post.hashtags)
            r->post.hashtags = extract_tags(im, r->post.caption, '#');
        if (!r->post.mentions)
            r->post.mentions = extract_tags(im, r->post.caption, '@');
        return niche_store_post_upsert(im->st, &r->post, NULL, err);
    case NICHE_IMPORT_FOLLOWERS:
        /* Before any write: a row skipped under skip_bad must leave nothing
         * behind, not the account or the follower's features. */
        if (!strcmp(r->handle, r->follower_handle))
            return niche_error_set(err, NICHE_EINVAL, "an account cannot follow itself");
        if ((rc = row_account(im, r->handle, &e.account_id, err)) < 0)
            return rc;
        r->acct.platform = r->platform;
        r->acct.handle = r->follower_handle;
        rc = niche_store_account_ensure(im->st, r->platform, r->follower_handle,
                                        &e.follower_id, &created, err);
        im->res->accounts_created += created;
        if (rc == 0 && has_features(&r->acct))
            rc = niche_store_account_upsert(im->st, &r->acct, NULL, err);
        if (rc < 0)
            return rc;
        e.since_ms = r->since_ms;
        return niche_store_follower_add(im->st, &e, err);
    case NICHE_IMPORT_SNAPSHOTS:
        if ((rc = row_account(im, r->handle, &id, err)) < 0)
            return rc;
        r->snap.account_id = id;
        return niche_store_snapshot_upsert(im->st, &r->snap, err);
    case NICHE_IMPORT__COUNT:
        break;
    }
    NICHE_BUG("unknown import kind");
}

/* A row-level failure: a skipped row under skip_bad, else the end. */
static int row_failed(struct imp *im, int rc, struct niche_error *err)
{
    if (rc != NICHE_EPARSE && rc != NICHE_EINVAL)
        return rc;
    if (err && !err->line) {   /* a store check: point at the row */
        char msg[sizeof(err->msg)];

        memcpy(msg, err->msg, sizeof(msg));
        niche_error_at(err, rc, im->path, im->line, 0, "%s", msg);
    }
    if (!im->o->skip_bad)
        return rc;
    im->res->skipped++;
    if (im->o->on_skip)
        im->o->on_skip(im->o->ctx, err);
    return 0;
}

/* Read the next record; 1 with one ready, 0 at end. */
static int next_record(struct imp *im, struct niche_error *err)
{
    int rc;

    if (im->jsonl) {
        rc = niche__jsonl_next(&im->jl, err);
        if (rc > 0) {
            im->line = im->jl.line;
            im->bytes += (int64_t)im->jl.text_len + 1;
            rc = reserve_scratch(im, im->jl.text_len) < 0
                ? niche_error_at(err, NICHE_ETOOBIG, im->path, im->line, 0, "row too big")
                : 1;
        }
        return rc;
    }
    rc = niche__csv_next(&im->csv, err);
    if (rc > 0) {
        im->line = im->csv.rec_line;
        im->bytes += (int64_t)im->csv.rec.len + 1;
        rc = reserve_scratch(im, im->csv.rec.len) < 0
            ? niche_error_at(err, NICHE_ETOOBIG, im->path, im->line, 0, "row too big")
            : 1;
    }
    return rc;
}

/* A JSON Lines line that does not parse is one bad row: the reader is at
 * the next line already. A CSV syntax error is not: the reader has lost
 * its place in the record, so it ends the import even under skip_bad. */
static int next_record_or_skip(struct imp *im, struct niche_error *err)
{
    int rc;

    while ((rc = next_record(im, err)) == NICHE_EPARSE && im->jsonl && im->o->skip_bad) {
        im->res->rows++;
        if ((rc = row_failed(im, rc, err)) < 0)
            return rc;
    }
    return rc;
}

static int import_rows(struct imp *im, struct niche_error *err)
{
    struct niche_error rowerr = NICHE_ERROR_INIT;
    int rc;

    while ((rc = next_record_or_skip(im, err)) > 0) {
        if (record_blank(im)) {
            im->res->blank++;
            continue;
        }
        im->res->rows++;
        rowerr.code = 0;   /* every failure path sets the whole record */
        rc = fill_row(im, &rowerr);
        if (rc == 0)
            rc = store_row(im, &rowerr);
        if (rc == 0) {
            im->res->imported++;
        } else if ((rc = row_failed(im, rc, &rowerr)) < 0) {
            if (err)
                *err = rowerr;
            break;
        }
        if (im->o->on_progress && (im->res->rows & 0xffff) == 0 &&
            im->o->on_progress(im->o->ctx, im->res->rows, im->bytes)) {
            return niche_error_set(err, NICHE_ECANCELED, "import canceled");
        }
    }
    /* Only a row that ended the import reports its error: a row skipped
     * earlier must not mask a later error of the reader. */
    return rc;
}

/* ---- entry points ----------------------------------------------------- */

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && niche__strncaseeq(s + n - m, m, suffix);
}

static int pick_format(const struct niche_import_opts *o, const char *name)
{
    if (o->format != NICHE_FORMAT_AUTO)
        return o->format == NICHE_FORMAT_JSONL;
    return ends_with(name, ".jsonl") || ends_with(name, ".ndjson") ||
           ends_with(name, ".json");
}

static void imp_release(struct imp *im)
{
    size_t i;

    if (im->jsonl)
        niche__jsonl_release(&im->jl);
    else
        niche__csv_release(&im->csv);
    for (i = 0; i < im->nheaders; i++)
        free(im->headers[i]);
    free(im->headers);
    niche__buf_release(&im->scratch);
    free(im->cache_handle);
}

/* Bind, then import every row in one transaction. */
static int run(struct imp *im, struct niche_error *err)
{
    int rc;

    if ((rc = bind_fields(im, err)) < 0)
        return rc;
    if (im->o->dry_run)
        return import_rows(im, err);
    if ((rc = niche_store_begin(im->st, err)) < 0)
        return rc;
    rc = import_rows(im, err);
    if (rc < 0) {
        niche_store_rollback(im->st);
        return rc;
    }
    return niche_store_commit(im->st, err);
}

static int start(struct imp *im, struct niche_store *st, const char *path,
                 const struct niche_import_opts *o, struct niche_import_result *res,
                 struct niche_error *err)
{
    struct niche__buf b = NICHE__BUF_INIT(MAX_SCRATCH);

    memset(im, 0, sizeof(*im));
    memset(res, 0, sizeof(*res));
    if ((unsigned)o->kind >= NICHE_IMPORT__COUNT)
        return niche_error_set(err, NICHE_EINVAL, "unknown import kind %d", (int)o->kind);
    im->st = st;
    im->o = o;
    im->path = path;
    im->res = res;
    im->f = kinds[o->kind].f;
    im->nf = kinds[o->kind].n;
    im->scratch = b;
    im->jsonl = pick_format(o, path);
    return 0;
}

static int finish(struct imp *im, int rc, struct niche_import_result *res,
                  struct niche_import_result *out)
{
    imp_release(im);
    if (rc < 0)
        niche_import_result_release(res);
    if (out)
        *out = *res;
    else
        niche_import_result_release(res);
    return rc;
}

int niche_import_mem(struct niche_store *st, const char *name, const char *data,
                     size_t len, const struct niche_import_opts *o,
                     struct niche_import_result *out, struct niche_error *err)
{
    struct niche_import_result res;
    struct imp im;
    int rc = start(&im, st, name, o, &res, err);

    if (rc == 0) {
        if (im.jsonl)
            niche__jsonl_init_mem(&im.jl, data, len, name);
        else
            niche__csv_init_mem(&im.csv, data, len, name);
        rc = run(&im, err);
    }
    return finish(&im, rc, &res, out);
}

int niche_import_file(struct niche_store *st, const char *path,
                      const struct niche_import_opts *o,
                      struct niche_import_result *out, struct niche_error *err)
{
    struct niche_import_result res;
    struct imp im;
    int fd = -1, rc = start(&im, st, path, o, &res, err);

    if (rc < 0)
        return finish(&im, rc, &res, out);
    fd = strcmp(path, "-") ? open(path, O_RDONLY) : 0;
    if (fd < 0) {
        rc = niche_error_set(err, errno == ENOENT ? NICHE_ENOTFOUND : NICHE_EIO,
                             "cannot open '%s': %s", path, strerror(errno));
        return finish(&im, rc, &res, out);
    }
    if (im.jsonl)
        niche__jsonl_init_fd(&im.jl, fd, path);
    else
        niche__csv_init_fd(&im.csv, fd, path);
    rc = run(&im, err);
    if (fd > 0)
        close(fd);
    return finish(&im, rc, &res, out);
}
