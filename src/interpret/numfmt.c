/* Numbers for sentences: fixed notation with a chosen number of
 * significant digits and commas between thousands, independent of the
 * C locale (the digits come from the locale-independent snprintf). */
#include "../core/internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int lr_format_grouped(char *buf, size_t size, double v, int sig, int decimals)
{
    if (!buf || size == 0)
        return 0;
    if (!isfinite(v))
        return snprintf(buf, size, "%s", isnan(v) ? "NaN" : v > 0 ? "Inf" : "-Inf");
    if (sig < 1)
        sig = 1;
    if (decimals < 0) {
        int e = v == 0.0 ? 0 : (int)floor(log10(fabs(v)));
        decimals = sig - 1 - e;
        if (decimals < 0)
            decimals = 0;
    }
    if (decimals > 40 || fabs(v) >= 1e40)
        return lr__snprintf_c(buf, size, "%.*g", sig, v);
    char raw[96];
    lr__snprintf_c(raw, sizeof raw, "%.*f", decimals, v);
    const char *p = raw;
    char out[160];
    size_t o = 0;
    if (*p == '-')
        out[o++] = *p++;
    size_t intlen = strcspn(p, ".");
    for (size_t i = 0; i < intlen; i++) {
        out[o++] = p[i];
        size_t left = intlen - i - 1;
        if (left > 0 && left % 3 == 0)
            out[o++] = ',';
    }
    snprintf(out + o, sizeof out - o, "%s", p + intlen);
    return snprintf(buf, size, "%s", out);
}
