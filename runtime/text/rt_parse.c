/* rt_parse.c — int() and float() of strings, CPython 3's grammar.
 *
 * Both parsers strip, then scan once. int() accumulates modulo 2**64 and
 * separately notes when the magnitude leaves int64's range, so a long but
 * malformed literal is still "invalid", not "overflow". float() validates the
 * grammar itself (strtod would accept hex floats, "nan(...)", and locale
 * forms) and hands strtod only significant digits and a decimal exponent:
 * "DDDDe-12", which every locale reads the same way. */
#include "runtime/text/rt_parse.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/text/rt_fmt.h"
#include "runtime/text/rt_out.h"

/* What int() and float() strip: CPython turns non-ASCII whitespace into ' '
 * and then strips with the ASCII C isspace. */
static bool num_space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xa0;
}

static void strip(const char **s, size_t *n) {
  const unsigned char *p = (const unsigned char *)*s;
  size_t a = 0, b = *n;
  while (a < b && num_space(p[a])) a++;
  while (b > a && num_space(p[b - 1])) b--;
  *s += a;
  *n = b - a;
}

static int digit_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

static bool is_dec(unsigned char c) { return c >= '0' && c <= '9'; }

static char lower(char c) { return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c); }

/* Resolves base 0 and skips a matching 0x/0o/0b prefix (and one '_'). */
static int prefix(const char *s, size_t n, size_t *i, int base, bool *nonzero_err) {
  char p = n - *i >= 2 && s[*i] == '0' ? lower(s[*i + 1]) : 0;
  if (base == 0) {
    if (n - *i < 1 || s[*i] != '0') base = 10;
    else if (p == 'x') base = 16;
    else if (p == 'o') base = 8;
    else if (p == 'b') base = 2;
    else { base = 10; *nonzero_err = true; }
  }
  if ((base == 16 && p == 'x') || (base == 8 && p == 'o') || (base == 2 && p == 'b')) {
    *i += 2;
    if (*i < n && s[*i] == '_') (*i)++;
  }
  return base;
}

RtParseStatus rt_parse_int(const char *s, size_t n, int base, int64_t *out) {
  *out = 0;
  if (base != 0 && (base < 2 || base > 36)) return RT_PARSE_BAD_BASE;
  strip(&s, &n);
  size_t i = 0;
  bool neg = false, nonzero_err = false;
  if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  base = prefix(s, n, &i, base, &nonzero_err);
  uint64_t mag = 0, b = (uint64_t)base;
  bool big = false;  /* magnitude >= 2**64 */
  size_t ndig = 0;
  for (; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '_') {
      if (ndig == 0 || s[i - 1] == '_') return RT_PARSE_INVALID;
      continue;
    }
    int d = digit_value(c);
    if (d >= base) return RT_PARSE_INVALID;
    if (mag > (UINT64_MAX - (uint64_t)d) / b) big = true;
    mag = mag * b + (uint64_t)d;
    ndig++;
  }
  if (ndig == 0 || s[n - 1] == '_') return RT_PARSE_INVALID;
  if (nonzero_err && (mag != 0 || big)) return RT_PARSE_INVALID;
  *out = (int64_t)(neg ? 0 - mag : mag);
  uint64_t limit = neg ? (uint64_t)1 << 63 : ((uint64_t)1 << 63) - 1;
  return big || mag > limit ? RT_PARSE_OVERFLOW : RT_PARSE_OK;
}

/* ---- float ----------------------------------------------------------------- */

enum {
  MAX_SIG = 800,       /* significant digits kept; more never change rounding */
  EXP_CLAMP = 100000,  /* |exponent| beyond this is inf or 0 anyway */
};

/* Matches "inf", "infinity", "nan" (any case) exactly. */
static bool special(const char *s, size_t n, double *v) {
  static const char *const words[] = {"inf", "infinity", "nan"};
  for (int w = 0; w < 3; w++) {
    size_t k = 0;
    while (words[w][k] && k < n && lower(s[k]) == words[w][k]) k++;
    if (!words[w][k] && k == n) {
      *v = w < 2 ? HUGE_VAL : NAN;
      return true;
    }
  }
  return false;
}

/* An underscore must sit between two decimal digits. */
static bool underscore_ok(const char *s, size_t n, size_t i) {
  return i > 0 && i + 1 < n && is_dec((unsigned char)s[i - 1]) &&
         is_dec((unsigned char)s[i + 1]);
}

typedef struct Mant {
  char d[MAX_SIG + 2]; /* significant digits, then maybe a sticky '1' */
  size_t nd;
  int64_t scale;       /* value = int(d) * 10**scale */
  bool sticky;         /* a dropped digit was non-zero */
  size_t seen;         /* digits read, significant or not */
} Mant;

static void mant_digit(Mant *m, char c, bool frac) {
  m->seen++;
  if (m->nd == 0 && c == '0') {
    if (frac) m->scale--;
    return;
  }
  if (m->nd < MAX_SIG) {
    m->d[m->nd++] = c;
    if (frac) m->scale--;
  } else {
    if (c != '0') m->sticky = true;
    if (!frac) m->scale++;
  }
}

/* Scans digits (with underscores) from s[*i]; false on a misplaced '_'. */
static bool scan_digits(const char *s, size_t n, size_t *i, Mant *m, bool frac) {
  for (; *i < n; (*i)++) {
    char c = s[*i];
    if (c == '_') {
      if (!underscore_ok(s, n, *i)) return false;
    } else if (is_dec((unsigned char)c)) {
      mant_digit(m, c, frac);
    } else {
      break;
    }
  }
  return true;
}

/* Exponent digits, saturating; false when there are none or '_' is bad. */
static bool scan_exp(const char *s, size_t n, size_t *i, int64_t *e) {
  bool neg = false;
  if (*i < n && (s[*i] == '+' || s[*i] == '-')) neg = s[(*i)++] == '-';
  size_t start = *i;
  int64_t v = 0;
  for (; *i < n; (*i)++) {
    char c = s[*i];
    if (c == '_') {
      if (!underscore_ok(s, n, *i)) return false;
      continue;
    }
    if (!is_dec((unsigned char)c)) break;
    if (v < EXP_CLAMP * 10) v = v * 10 + (c - '0');
  }
  if (*i == start) return false;
  *e = neg ? -v : v;
  return true;
}

RtParseStatus rt_parse_float(const char *s, size_t n, double *out) {
  *out = 0;
  strip(&s, &n);
  size_t i = 0;
  bool neg = false;
  if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  double v;
  if (special(s + i, n - i, &v)) {
    *out = neg ? -v : v;
    return RT_PARSE_OK;
  }
  Mant m = {.nd = 0, .scale = 0, .sticky = false, .seen = 0};
  if (!scan_digits(s, n, &i, &m, false)) return RT_PARSE_INVALID;
  if (i < n && s[i] == '.') {
    i++;
    if (i < n && s[i] == '_') return RT_PARSE_INVALID;
    if (!scan_digits(s, n, &i, &m, true)) return RT_PARSE_INVALID;
  }
  if (m.seen == 0) return RT_PARSE_INVALID;
  int64_t e = 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (!scan_exp(s, n, &i, &e)) return RT_PARSE_INVALID;
  }
  if (i != n) return RT_PARSE_INVALID;
  if (m.nd == 0) {
    *out = neg ? -0.0 : 0.0;
    return RT_PARSE_OK;
  }
  if (m.sticky) {
    m.d[m.nd++] = '1';
    m.scale--;
  }
  int64_t x = m.scale + e;
  if (x > EXP_CLAMP) x = EXP_CLAMP;
  if (x < -EXP_CLAMP) x = -EXP_CLAMP;
  char buf[MAX_SIG + 2 + 16];
  memcpy(buf, m.d, m.nd);
  snprintf(buf + m.nd, sizeof buf - m.nd, "e%d", (int)x);
  v = strtod(buf, NULL);
  *out = neg ? -v : v;
  return RT_PARSE_OK;
}

/* ---- messages -------------------------------------------------------------- */

static void out_cstr(RtOut *o, const char *s) { rt_out_mem(o, s, strlen(s)); }

size_t rt_int_parse_error(char *out, size_t cap, const char *s, size_t n, int base) {
  RtOut o = rt_out(out, cap);
  if (base != 0 && (base < 2 || base > 36)) {
    out_cstr(&o, "int() base must be >= 2 and <= 36, or 0");
    return o.len;
  }
  char num[RT_INT_STR_MAX];
  out_cstr(&o, "invalid literal for int() with base ");
  rt_out_mem(&o, num, rt_int_str(num, base));
  out_cstr(&o, ": ");
  size_t room = o.len < cap ? cap - o.len : 0;
  size_t full = rt_str_repr(room ? out + o.len : NULL, room < 200 ? room : 200, s, n);
  o.len += full < 200 ? full : 200;
  return o.len;
}

size_t rt_float_parse_error(char *out, size_t cap, const char *s, size_t n) {
  RtOut o = rt_out(out, cap);
  out_cstr(&o, "could not convert string to float: ");
  size_t room = o.len < cap ? cap - o.len : 0;
  o.len += rt_str_repr(room ? out + o.len : NULL, room, s, n);
  return o.len;
}
