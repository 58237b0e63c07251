/*
 * fuzz_jsonflat.c - differential libFuzzer target for the flat JSON object
 * parser (lib/jsonflat.c) against jansson.
 *
 * The input is one text. Whenever niche__jflat_parse() accepts it, jansson,
 * called as the JSON Lines reader calls it (json_loadb with
 * JSON_REJECT_DUPLICATES), must accept the same bytes and build an object
 * with the same keys and equal values: the same type, byte-equal strings,
 * equal integers, bit-equal reals. The parser's own promises are checked
 * too: keys and strings NUL-terminated with no NUL inside, decoded text no
 * longer than the input, and lookups finding every field. A rejection is
 * never an error: jansson then decides.
 *
 * One parser struct serves every input, as it serves every line of a file,
 * so stale state from an earlier input would show.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "jsonflat.h"
#include "internal.h"
#include "banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_value(const struct niche__jflat_field *f, json_t *v)
{
    int same;

    switch (f->kind) {
    case NICHE__JFLAT_STR:
        same = json_is_string(v) && json_string_length(v) == f->len &&
               memcmp(json_string_value(v), f->s, f->len) == 0;
        break;
    case NICHE__JFLAT_INT:
        same = json_is_integer(v) && json_integer_value(v) == (json_int_t)f->i;
        break;
    case NICHE__JFLAT_REAL: {
        double d = json_real_value(v);

        same = json_is_real(v) && memcmp(&d, &f->d, sizeof(d)) == 0;
        break;
    }
    case NICHE__JFLAT_TRUE:
        same = json_is_true(v);
        break;
    case NICHE__JFLAT_FALSE:
        same = json_is_false(v);
        break;
    case NICHE__JFLAT_NULL:
        same = json_is_null(v);
        break;
    default:
        same = 0;
    }
    if (!same)
        NICHE_BUG("key '%s' (kind %d): jansson's value differs", f->key, (int)f->kind);
}

static void check_field(const struct niche__jflat *j, const struct niche__jflat_field *f)
{
    if (f->key[f->key_len] != '\0' || memchr(f->key, '\0', f->key_len))
        NICHE_BUG("key '%s' badly terminated", f->key);
    if (f->kind == NICHE__JFLAT_STR && (f->s[f->len] != '\0' || memchr(f->s, '\0', f->len)))
        NICHE_BUG("string of key '%s' badly terminated", f->key);
    if (niche__jflat_get(j, f->key) != f)
        NICHE_BUG("lookup of key '%s' finds another field", f->key);
}

static void check_with_jansson(const struct niche__jflat *j, const uint8_t *data, size_t size)
{
    json_error_t jerr;
    json_t *o = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
    size_t i;

    if (!o)
        NICHE_BUG("accepted what jansson rejects: %s (column %d)", jerr.text, jerr.column);
    if (!json_is_object(o) || json_object_size(o) != j->nr)
        NICHE_BUG("jansson sees %zu keys, the flat parser %zu", json_object_size(o), j->nr);
    for (i = 0; i < j->nr; i++) {
        const struct niche__jflat_field *f = &j->items[i];
        json_t *v = json_object_getn(o, f->key, f->key_len);

        if (!v)
            NICHE_BUG("key '%s' is missing in jansson's object", f->key);
        check_field(j, f);
        check_value(f, v);
    }
    json_decref(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct niche__jflat j = NICHE__JFLAT_INIT;

    if (!niche__jflat_parse(&j, (const char *)data, size)) {
        if (j.nr != 0)
            NICHE_BUG("declined with %zu fields left", j.nr);
        return 0;
    }
    if (j.buf.len > size || j.nr > NICHE__JFLAT_MAX_FIELDS)
        NICHE_BUG("%zu decoded bytes from %zu, %zu fields", j.buf.len, size, j.nr);
    check_with_jansson(&j, data, size);
    return 0;
}
