/* version.c - the library version and the missing-value helpers. */
#include <math.h>
#include "internal.h"
#include "banned.h"

#ifndef NICHE_VERSION_STRING
#define NICHE_VERSION_STRING "0.0.0"
#endif

const char *niche_version(void)
{
    return NICHE_VERSION_STRING;
}

int niche_is_missing_real(double x)
{
    return isnan(x);
}

double niche_missing_real(void)
{
    return NAN;
}
