/*
 * fuzz_text.c - libFuzzer target for the readers of free text: the niche
 * classifier (niche_topics_feed, lib/topics.c) and the disclosure check
 * (niche_disclosure_check, lib/sponsor.c). Bios and captions come from
 * scrapes, so any bytes may come in: invalid UTF-8, NULs, huge words.
 *
 * What must hold: no crash or overrun; scores are finite, non-negative and
 * sum to the total; labels are at most NICHE_TOPIC_MAX_LABELS, best first,
 * each with at least NICHE_TOPIC_MIN_SHARE; the check's verdict agrees
 * with what it found (a flag or a visible explicit marker is compliant).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "niche/metrics.h"
#include "niche/topics.h"
#include "internal.h"
#include "banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct niche_topics *topics;

static void check_scores(const struct niche_topic_acc *acc)
{
    struct niche_topic_label l[NICHE_TOPIC_MAX_LABELS];
    double sum = 0;
    int i, n;

    for (i = 0; i < NICHE_TOPIC__COUNT; i++) {
        if (!isfinite(acc->score[i]) || acc->score[i] < 0)
            abort();
        sum += acc->score[i];
    }
    if (fabs(sum - acc->total) > 1e-6 * (1 + sum))
        abort();
    n = niche_topics_labels(acc, l);
    if (n < 0 || n > NICHE_TOPIC_MAX_LABELS)
        abort();
    for (i = 0; i < n; i++)
        if (l[i].score < NICHE_TOPIC_MIN_SHARE - 1e-12 || l[i].score > 1 + 1e-12 ||
            (i > 0 && l[i].score > l[i - 1].score))
            abort();
}

static void check_disclosure(const char *caption, int flag)
{
    struct niche_disclosure_check c;

    niche_disclosure_check(caption, flag, &c);
    if ((c.flag || (c.marker == NICHE_MARKER_EXPLICIT && !c.buried)) !=
        (c.compliance == NICHE_COMPLIANCE_OK))
        abort();
    if ((c.marker == NICHE_MARKER_NONE) != (c.word == NULL))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = { NULL, "en", "de", "pt", "et", "zz" };
    struct niche_topic_acc acc;
    char *text;
    int src;

    if (!topics && niche_topics_new(&topics, NULL) < 0)
        abort();
    if (size == 0)
        return 0;
    /* The first byte picks the source and the language. */
    src = data[0] & 3;
    niche_topic_acc_init(&acc);
    niche_topics_feed(topics, &acc, (enum niche_topic_source)src, (const char *)data + 1,
                      size - 1, langs[(data[0] >> 2) % 6]);
    check_scores(&acc);
    text = niche_xmalloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';   /* the check reads C strings */
    check_disclosure(text, data[0] >> 7);
    free(text);
    return 0;
}
