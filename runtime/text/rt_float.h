/* rt_float.h — float repr/str and the float %-conversions, as CPython 3.
 *
 * Promise: rt_float_repr gives repr(x) == str(x) of Python 3: the shortest
 * digit string that reads back as x (David Gay's mode 0: among the shortest,
 * the nearest, ties to even), positional when -4 <= exponent < 16 with at
 * least one digit after the point ("100.0", "0.0001"), else exponent form
 * ("1e+16", "1.5e-05"); "inf", "-inf", "nan" (never "-nan"), "-0.0".
 * rt_fmt_float implements '%f %F %e %E %g %G' (default precision 6; '%g'
 * strips trailing zeros unless '#'; INF/NAN for the uppercase letters) and
 * '%s %r %a' (the repr, padded as a string). Digits come from the C library's
 * correctly rounded printf/strtod (glibc); the result never depends on the
 * locale (any locale radix is rewritten to '.'). Output follows rt_out.h.
 * Expects: the default floating-point rounding mode. */
#ifndef RT_FLOAT_H
#define RT_FLOAT_H

#include <stddef.h>

#include "runtime/text/rt_fmt.h"

enum { RT_FLOAT_REPR_MAX = 32 }; /* longest repr is 24 bytes */

/* repr(x) into out[RT_FLOAT_REPR_MAX] (no NUL); returns the length. */
size_t rt_float_repr(char *out, double x);

/* The shortest round-trip digits of finite x != 0 (sign ignored): writes
 * 1..17 digits (no trailing zero) to digits[17], sets *exp10 so that
 * |x| ~ d.ddd * 10^exp10; returns the digit count. */
int rt_float_shortest(double x, char *digits, int *exp10);

/* '%' conversion of a float; conv f F e E g G s r a. */
size_t rt_fmt_float(char *out, size_t cap, const RtFmtSpec *spec, double x);

#endif
