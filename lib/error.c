/* error.c - the per-call error record and its messages. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "banned.h"

void niche_error_clear(struct niche_error *err)
{
    if (!err)
        return;
    memset(err, 0, sizeof(*err));
}

int niche_error_set(struct niche_error *err, int code, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return code;
    niche_error_clear(err);
    err->code = code;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return code;
}

int niche_error_at(struct niche_error *err, int code, const char *file,
                   long line, long column, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (!err)
        return code;
    niche_error_clear(err);
    err->code = code;
    if (!file)
        file = "<input>";
    snprintf(err->file, sizeof(err->file), "%s", file);
    err->line = line;
    err->column = column;
    if (column > 0)
        n = snprintf(err->msg, sizeof(err->msg), "%s:%ld:%ld: ", file, line, column);
    else
        n = snprintf(err->msg, sizeof(err->msg), "%s:%ld: ", file, line);
    if (n < 0 || (size_t)n >= sizeof(err->msg))
        return code;
    va_start(ap, fmt);
    vsnprintf(err->msg + n, sizeof(err->msg) - (size_t)n, fmt, ap);
    va_end(ap);
    return code;
}

/* Indexed by -code. */
static const char *const messages[] = {
    "success",
    "invalid argument",
    "out of memory",
    "input/output error",
    "not found",
    "already exists",
    "malformed input",
    "input too large",
    "storage error",
    "database schema is newer than this build",
    "canceled",
    "not supported by this build",
};

const char *niche_strerror(int code)
{
    size_t i = code <= 0 ? (size_t)-code : 0;

    if (code > 0 || i >= sizeof(messages) / sizeof(messages[0]))
        return "unknown error";
    return messages[i];
}

void niche__bug(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "niche: BUG: %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}
