/* rt_parse.h — int(s), int(s, base) and float(s) of RL strings, as CPython 3.
 *
 * Promise: the accepted language is Python 3's for strings of U+0000..U+00FF:
 * surrounding whitespace is stripped (what int()/float() strip: ASCII
 * " \t\n\v\f\r" and U+0085, U+00A0 — not U+001C..U+001F, which str.isspace
 * accepts but int() and float() reject, as CPython does); an optional sign;
 * single underscores between digits (and, for int with base 0/16/8/2, right
 * after a 0x/0o/0b prefix); base 0 infers the base from the prefix and
 * rejects leading zeros of a non-zero decimal ("010"). float() accepts
 * "1.5", ".5", "5.", exponents, and inf/infinity/nan in any case with a sign
 * — not hex floats, "nan(...)", nor anything locale-specific — and rounds
 * correctly (glibc strtod on a canonical "DDDe<exp>" copy, digits beyond the
 * 800th folded into a sticky digit; a stack buffer, no allocation).
 * Out of range floats give ±inf or ±0.0, like Python. Nothing here reads the
 * locale or allocates.
 * Expects: (ptr, len) strings that may contain NUL bytes (which are invalid). */
#ifndef RT_PARSE_H
#define RT_PARSE_H

#include <stddef.h>
#include <stdint.h>

typedef enum RtParseStatus {
  RT_PARSE_OK,
  RT_PARSE_INVALID,  /* ValueError: rt_int_parse_error / rt_float_parse_error */
  RT_PARSE_OVERFLOW, /* valid literal outside int64; *out = value mod 2**64 */
  RT_PARSE_BAD_BASE, /* ValueError: int() base must be >= 2 and <= 36, or 0 */
} RtParseStatus;

/* int(s, base), base 0 or 2..36 (int(s) is base 10). */
RtParseStatus rt_parse_int(const char *s, size_t n, int base, int64_t *out);
/* float(s). Never overflows: out-of-range magnitudes become inf or 0. */
RtParseStatus rt_parse_float(const char *s, size_t n, double *out);

/* "invalid literal for int() with base 10: 'xyz'" — the repr of the whole
 * argument, cut at 200 bytes as Python's %.200R. RT_PARSE_BAD_BASE's message
 * when base is out of range. Output follows rt_out.h. */
size_t rt_int_parse_error(char *out, size_t cap, const char *s, size_t n, int base);
/* "could not convert string to float: 'x'" */
size_t rt_float_parse_error(char *out, size_t cap, const char *s, size_t n);

#endif
