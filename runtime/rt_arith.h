/* rt_arith.h — arithmetic the backend does not inline.
 *
 * Promise: Python 3's float floor division and modulo (CPython's
 * float_divmod: the modulo takes the divisor's sign, the quotient is
 * floored and corrected so that q * b + m == a as closely as possible,
 * signed zeros as CPython gives them).
 * Expects: b != 0 (the rtyper raises ZeroDivisionError before). */
#ifndef RT_ARITH_H
#define RT_ARITH_H

double rt_float_floordiv(double a, double b);
double rt_float_mod(double a, double b);

#endif
