/*
 * sample.c - the demo's small generated exports (sample.h).
 *
 * Follower counts are log-uniform from 300 to 3M so that every tier
 * appears; nothing here is calibrated (the synth module will be). The
 * generator is splitmix64 so that output is the same on every machine.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "niche/sample.h"
#include "internal.h"
#include "banned.h"

static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double uniform(uint64_t *s)
{
    return (double)(next(s) >> 11) / 9007199254740992.0;
}

static const char *const niches[] = {
    "beauty", "fitness", "food", "travel", "gaming", "tech", "pets", "family"
};
static const char *const countries[] = { "US", "GB", "DE", "FR", "BR", "IN", "N/A" };
static const char *const platforms[] = { "instagram", "tiktok", "youtube" };

/* "12.3K" and "1.2M" for some rows, plain digits for others: both parse. */
static void human(char *out, size_t n, int64_t v, int messy)
{
    if (messy && v >= 1000000)
        snprintf(out, n, "%.1fM", (double)v / 1e6);
    else if (messy && v >= 10000)
        snprintf(out, n, "%.1fK", (double)v / 1e3);
    else
        snprintf(out, n, "%lld", (long long)v);
}

struct files { FILE *acc, *post, *fol, *snap; };

static int open_files(struct files *f, const char *dir, struct niche_error *err)
{
    const char *names[] = { "accounts.csv", "posts.jsonl", "followers.csv", "snapshots.csv" };
    FILE **fp[] = { &f->acc, &f->post, &f->fol, &f->snap };
    char path[4096];
    int i;

    for (i = 0; i < 4; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        if (!(*fp[i] = fopen(path, "w")))
            return niche_error_set(err, NICHE_EIO, "cannot write '%s': %s", path,
                                   strerror(errno));
    }
    fputs("\xef\xbb\xbfplatform,handle,name,followers,following,posts,bio,country,"
          "language,category,verified\n", f->acc);
    fputs("platform,handle,follower_handle,follower_followers,follower_following\n", f->fol);
    fputs("platform,handle,date,followers,following,posts\n", f->snap);
    return 0;
}

static void write_account(struct files *f, uint64_t *s, int i, int64_t followers)
{
    const char *niche = niches[next(s) % 8];
    const char *plat = platforms[next(s) % 3];
    char fol[32];
    int p, d;
    double er = 0.08 * pow((double)followers, -0.18);

    human(fol, sizeof(fol), followers, i % 3 == 0);
    fprintf(f->acc, "%s,creator%04d,\"Creator %d, %s\",%s,%d,%d,"
            "\"%s tips and stories #%s\",%s,en,%s,%s\n",
            plat, i, i, niche, fol, 100 + (int)(next(s) % 1500), 20 + (int)(next(s) % 900),
            niche, niche, countries[next(s) % 7], niche, followers > 500000 ? "yes" : "no");
    for (p = 0; p < 12; p++) {
        int64_t likes = (int64_t)(followers * er * (0.5 + uniform(s)));
        fprintf(f->post, "{\"platform\":\"%s\",\"handle\":\"creator%04d\","
                "\"post_id\":\"%d-%d\",\"posted_at\":\"2026-%02d-%02dT12:00:00Z\","
                "\"type\":\"%s\",\"caption\":\"My %s day #%s #%s%s\",\"likes\":%lld,"
                "\"comments\":%lld}\n", plat, i, i, p, 1 + p % 10, 1 + (int)(next(s) % 28),
                p % 3 ? "image" : "reel", niche, niche, plat,
                p == 5 ? " #ad @brand" : "", p == 7 ? -1LL : (long long)likes,
                (long long)(likes / 30));
    }
    for (d = 0; d < 6; d++)
        fprintf(f->snap, "%s,creator%04d,2026-%02d-01,%lld,,\n", plat, i, 1 + d,
                (long long)(followers * (0.9 + 0.02 * d)));
    for (d = 0; d < 10 && i > 0; d++)
        fprintf(f->fol, "%s,creator%04d,fan%05d,%d,%d\n", plat, i,
                (int)(next(s) % 5000), (int)(next(s) % 800), (int)(next(s) % 3000));
}

int niche_sample_write(const char *dir, uint64_t seed, int n, struct niche_error *err)
{
    struct files f = { NULL, NULL, NULL, NULL };
    uint64_t s = seed;
    int i, rc;

    if (n < 1 || n > 1000000)
        return niche_error_set(err, NICHE_EINVAL, "sample size must be 1 to 1000000");
    if ((rc = open_files(&f, dir, err)) < 0)
        goto out;
    for (i = 0; i < n; i++)
        write_account(&f, &s, i, (int64_t)(300.0 * pow(10.0, 4.0 * uniform(&s))));
out:
    if (f.acc && fclose(f.acc) && !rc)
        rc = niche_error_set(err, NICHE_EIO, "writing the sample failed");
    if (f.post && fclose(f.post) && !rc)
        rc = niche_error_set(err, NICHE_EIO, "writing the sample failed");
    if (f.fol && fclose(f.fol) && !rc)
        rc = niche_error_set(err, NICHE_EIO, "writing the sample failed");
    if (f.snap && fclose(f.snap) && !rc)
        rc = niche_error_set(err, NICHE_EIO, "writing the sample failed");
    return rc;
}
