/* rt_float.c — shortest float repr and the float %-conversions.
 *
 * Shortest digits (Python's repr, Gay's dtoa mode 0) without big-number code:
 * glibc's printf and strtod are correctly rounded, so
 *   1. S = "%.16e" of x: the 17 correctly rounded digits (always round-trip);
 *   2. the correctly rounded p-digit candidate for p < 17 is S rounded to p
 *      digits, except when S's digits after p are exactly "50...0" (the true
 *      tail may lie on either side): then ask printf for "%.{p-1}e";
 *   3. a candidate round-trips when strtod reads it back as x (it is written
 *      as "DDDDe<exp>", which no locale can misread).
 * Round-tripping is monotone in p when x's rounding interval is symmetric
 * (the nearest p+1-digit decimal is never farther than the nearest p-digit
 * one), so a binary search over p = 1..17 finds the shortest with ~4 strtod
 * calls. When x is a power of two (above the smallest normal) the interval
 * is twice as wide above x as below: scan p upward and also try the p-digit
 * decimal just above x when the nearest one lies below and fails — the one
 * Gay's algorithm picks. Integral |x| < 1e16 takes a fast path.
 * Fixed precisions go to snprintf with the precision capped where a double's
 * exact expansion has ended (zeros are appended), so buffers stay bounded. */
#include "runtime/text/rt_float.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/text/rt_out.h"

#include <float.h>
#if FLT_EVAL_METHOD != 0
#error "rt_float.c needs double arithmetic evaluated in double (SSE2, not x87)"
#endif

typedef struct Digits {
  char d[20]; /* significant digits, d[0] != '0' */
  int n;      /* digit count */
  int e;      /* decimal exponent of d[0] */
} Digits;

/* Reads printf's "%e" output (any locale radix) into digits + exponent. */
static void parse_e(const char *s, Digits *dg) {
  dg->n = 0;
  for (; *s && *s != 'e' && *s != 'E'; s++)
    if (*s >= '0' && *s <= '9' && dg->n < (int)sizeof dg->d) dg->d[dg->n++] = *s;
  int sign = 1, e = 0;
  if (*s) s++;
  if (*s == '-' || *s == '+') sign = *s++ == '-' ? -1 : 1;
  for (; *s >= '0' && *s <= '9'; s++) e = e * 10 + (*s - '0');
  dg->e = sign * e;
}

static void exact_e(double x, int p, Digits *dg) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.*e", p - 1, x);
  parse_e(buf, dg);
}

/* strtod of the digits as "DDDe<exp>". */
static double read_back(const Digits *dg) {
  char buf[48];
  memcpy(buf, dg->d, (size_t)dg->n);
  snprintf(buf + dg->n, sizeof buf - (size_t)dg->n, "e%d", dg->e - (dg->n - 1));
  return strtod(buf, NULL);
}

/* Adds one unit in the last place of dg (carry may lengthen the exponent). */
static void bump(Digits *dg) {
  int i = dg->n - 1;
  while (i >= 0 && dg->d[i] == '9') dg->d[i--] = '0';
  if (i >= 0) {
    dg->d[i]++;
  } else {
    dg->d[0] = '1';
    for (int k = 1; k < dg->n; k++) dg->d[k] = '0';
    dg->e++;
  }
}

/* The correctly rounded p-digit candidate, from S when that is exact. */
static void candidate(double x, const Digits *s, int p, Digits *c) {
  if (p >= s->n) {
    *c = *s;
    return;
  }
  *c = *s;
  c->n = p;
  char next = s->d[p];
  bool rest = false;
  for (int i = p + 1; i < s->n; i++) rest |= s->d[i] != '0';
  if (next > '5' || (next == '5' && rest)) bump(c);
  else if (next == '5') exact_e(x, p, c);
}

static void strip_zeros(Digits *dg) {
  while (dg->n > 1 && dg->d[dg->n - 1] == '0') dg->n--;
}

/* Fast path for "human" numbers (Clinger's observation): for k = 1, 2, ...
 * take D = nearest integer to x * 10^k while D < 2^50; D / 10^k (both exact
 * doubles) is then correctly rounded, so it equals x exactly when D·10^-k
 * round-trips. Below 2^50 the computed product is within 1/4 of the exact
 * one, so D is the nearest integer, and the rounding interval (narrower than
 * one unit of D) holds at most one integer: the first k that works gives the
 * shortest and nearest digits. Needs a symmetric interval and a non-integral
 * x < 2^50 (no shorter integer candidate). */
static bool shortest_fast(double x, Digits *out) {
  static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if (!(x >= 1e-5 && x < 0x1p50)) return false;
  for (int k = 1; k <= 22; k++) {
    double y = x * p10[k];
    if (y >= 0x1p50) return false;
    double d = nearbyint(y);
    if (d / p10[k] != x) continue;
    char tmp[RT_INT_STR_MAX];
    size_t n = rt_uint_str(tmp, (uint64_t)d);
    out->e = (int)n - 1 - k;
    while (n > 1 && tmp[n - 1] == '0') n--; /* cannot happen: k is minimal */
    memcpy(out->d, tmp, n);
    out->n = (int)n;
    return true;
  }
  return false;
}

static void shortest(double x, Digits *out) {
  Digits s, c;
  int fexp;
  double m = frexp(x, &fexp);
  if (m != 0.5 && shortest_fast(x, out)) return;
  exact_e(x, 17, &s);
  if (m == 0.5 && fexp > -1021) { /* power of two, asymmetric interval */
    for (int p = 1; p < 17; p++) {
      candidate(x, &s, p, &c);
      double back = read_back(&c);
      if (back == x) goto done;
      if (back < x) {
        bump(&c);
        if (read_back(&c) == x) goto done;
      }
    }
    c = s;
    goto done;
  }
  int lo = 1, hi = 17;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    candidate(x, &s, mid, &c);
    if (read_back(&c) == x) hi = mid;
    else lo = mid + 1;
  }
  candidate(x, &s, hi, &c);
done:
  strip_zeros(&c);
  *out = c;
}

int rt_float_shortest(double x, char *digits, int *exp10) {
  Digits dg;
  shortest(fabs(x), &dg);
  memcpy(digits, dg.d, (size_t)dg.n);
  *exp10 = dg.e;
  return dg.n;
}

/* Python's repr layout of digits d[0..n) with exponent e. */
static size_t layout_repr(char *out, bool neg, const Digits *dg) {
  RtOut o = rt_out(out, RT_FLOAT_REPR_MAX);
  if (neg) rt_out_byte(&o, '-');
  int n = dg->n, e = dg->e;
  if (e < -4 || e >= 16) {
    rt_out_byte(&o, dg->d[0]);
    if (n > 1) {
      rt_out_byte(&o, '.');
      rt_out_mem(&o, dg->d + 1, (size_t)n - 1);
    }
    char buf[8];
    int k = snprintf(buf, sizeof buf, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
    rt_out_mem(&o, buf, (size_t)k);
  } else if (e >= 0) {
    int ip = e + 1; /* digits before the point */
    if (n <= ip) {
      rt_out_mem(&o, dg->d, (size_t)n);
      rt_out_fill(&o, '0', (size_t)(ip - n));
      rt_out_mem(&o, ".0", 2);
    } else {
      rt_out_mem(&o, dg->d, (size_t)ip);
      rt_out_byte(&o, '.');
      rt_out_mem(&o, dg->d + ip, (size_t)(n - ip));
    }
  } else {
    rt_out_mem(&o, "0.", 2);
    rt_out_fill(&o, '0', (size_t)(-e - 1));
    rt_out_mem(&o, dg->d, (size_t)n);
  }
  return o.len;
}

size_t rt_float_repr(char *out, double x) {
  if (isnan(x)) {
    memcpy(out, "nan", 3);
    return 3;
  }
  bool neg = signbit(x);
  double a = fabs(x);
  if (isinf(a) || a == 0) {
    const char *t = isinf(a) ? "-inf" : "-0.0";
    size_t k = neg ? 4 : 3;
    memcpy(out, t + 4 - k, k);
    return k;
  }
  if (a < 1e16 && a == floor(a)) { /* integral: exact, digits as printed */
    size_t k = 0;
    if (neg) out[k++] = '-';
    k += rt_uint_str(out + k, (uint64_t)a);
    out[k++] = '.';
    out[k++] = '0';
    return k;
  }
  Digits dg;
  shortest(a, &dg);
  return layout_repr(out, neg, &dg);
}

/* ---- fixed-precision conversions ------------------------------------------- */

enum {
  CAP_F = 1100, /* fraction digits: a double's expansion ends by 1074 */
  CAP_E = 800,  /* significant digits: a double has at most 767 */
  FBUF = 1500,  /* 309 integer digits + CAP_F + sign, point, exponent */
};

/* Rewrites the locale's radix (whatever bytes printf put between digits,
 * outside an exponent) to '.', in place; returns the new length. */
static size_t fix_radix(char *s, size_t n) {
  size_t i = 0, j = 0;
  while (i < n) {
    char c = s[i];
    bool keep = (c >= '0' && c <= '9') || c == 'e' || c == 'E' || c == '+' ||
                c == '-';
    if (keep) {
      s[j++] = s[i++];
      continue;
    }
    s[j++] = '.';
    while (i < n && !((s[i] >= '0' && s[i] <= '9') || s[i] == 'e' || s[i] == 'E'))
      i++;
  }
  return j;
}

static size_t fmt_nonfinite(char *out, size_t cap, const RtFmtSpec *spec, double x) {
  bool upper = spec->conv == 'F' || spec->conv == 'E' || spec->conv == 'G';
  const char *body = isnan(x) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
  bool neg = !isnan(x) && x < 0;
  const char *sign = neg ? "-" : spec->flags & RT_FMT_PLUS ? "+"
                   : spec->flags & RT_FMT_SPACE ? " " : "";
  return rt_fmt_pad_number(out, cap, spec, sign, "", 0, body, 3);
}

/* printf of one conversion with the locale radix rewritten; 0 on failure
 * (impossible within the caps). */
static size_t gen_ef(char *buf, char conv, int prec, bool alt, double a) {
  char fmt[8];
  snprintf(fmt, sizeof fmt, alt ? "%%#.*%c" : "%%.*%c", conv);
  int k = snprintf(buf, FBUF, fmt, prec, a);
  if (k < 0 || k >= FBUF) return 0;
  return fix_radix(buf, (size_t)k);
}

/* %.Pg (no '#') of a finite a >= 0 that is m / 10^k for an integer m of at
 * most P <= 15 digits, with -4 <= X: m's digits and a point, what printf
 * prints — the exact binary value is within 2^-52 of m / 10^k, on the
 * grid of P-digit decimals, so rounding to P digits gives m / 10^k (a
 * multiplication by 10^k that rounds to such an m is as good). Skips the
 * two printf calls of gen_g, ~5% of Lua's json.lua (tostring of prices
 * like 12.375). 0 when it does not apply. */
static size_t fast_g(char *buf, int P, double a) {
  static const double p10[16] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
                                 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  if (P > 15 || !(a < p10[P]) || a == 0) return 0;
  for (int k = 0; k <= P; k++) {
    double m = a * p10[k];
    if (!(m < p10[P])) return 0;  /* more than P digits */
    if (m != floor(m)) continue;
    uint64_t v = (uint64_t)m;
    while (k > 0 && v % 10 == 0) v /= 10, k--;  /* 1240 at k = 1 after 123.99... at k = 0 */
    char d[16];
    int nd = 0;
    for (; v; v /= 10) d[nd++] = (char)('0' + v % 10);
    if (nd - 1 - k < -4) return 0;  /* style e */
    size_t n = 0;
    if (nd <= k) {  /* 0.00ddd */
      buf[n++] = '0';
      buf[n++] = '.';
      for (int z = 0; z < k - nd; z++) buf[n++] = '0';
    }
    for (int i = nd - 1; i >= 0; i--) {
      buf[n++] = d[i];
      if (i == k && k > 0 && nd > k) buf[n++] = '.';
    }
    return n;
  }
  return 0;
}

/* '%g' by its definition (C11 7.21.6.1, which Python follows): style e with
 * P - 1 digits gives the exponent X; if -4 <= X < P use style f with
 * P - 1 - X digits, else style e; without '#' drop trailing fraction zeros
 * and a bare point. Built on %e/%f because glibc's own %#g loses zeros
 * after a rounding carry ("%#.3g" of 999.5 gives "1.e+03"). */
static size_t gen_g(char *buf, char conv, int prec, bool alt, double a) {
  int P = prec == 0 ? 1 : prec;
  size_t fast = alt ? 0 : fast_g(buf, P, a);
  if (fast) return fast;
  char e = conv == 'G' ? 'E' : 'e';
  size_t n = gen_ef(buf, e, P - 1, false, a);
  const char *ep = memchr(buf, e, n);
  int X = ep ? atoi(ep + 1) : 0;
  if (X >= -4 && X < P) n = gen_ef(buf, conv == 'G' ? 'F' : 'f', P - 1 - X, alt, a);
  else n = gen_ef(buf, e, P - 1, alt, a);
  if (alt) return n;
  char *ex = memchr(buf, e, n);
  size_t head = ex ? (size_t)(ex - buf) : n;
  if (!memchr(buf, '.', head)) return n;
  size_t h = head;
  while (buf[h - 1] == '0') h--;
  if (buf[h - 1] == '.') h--;
  memmove(buf + h, buf + head, n - head);
  return n - (head - h);
}

size_t rt_fmt_float(char *out, size_t cap, const RtFmtSpec *spec, double x) {
  char conv = spec->conv;
  if (conv == 's' || conv == 'r' || conv == 'a') {
    char buf[RT_FLOAT_REPR_MAX];
    RtFmtSpec sp = *spec;
    sp.conv = 's';
    return rt_fmt_str(out, cap, &sp, buf, rt_float_repr(buf, x));
  }
  if (!isfinite(x)) return fmt_nonfinite(out, cap, spec, x);
  int prec = spec->prec < 0 ? 6 : spec->prec;
  bool alt = spec->flags & RT_FMT_ALT;
  char lc = (char)(conv | 0x20);
  int cap_p = lc == 'f' ? CAP_F : CAP_E;
  int p = prec < cap_p ? prec : cap_p;
  size_t extra = lc == 'g' && !alt ? 0 : (size_t)(prec - p);
  char buf[FBUF];
  size_t n = lc == 'g' ? gen_g(buf, conv, p, alt, fabs(x)) : gen_ef(buf, conv, p, alt, fabs(x));
  bool neg = signbit(x);
  const char *sign = neg ? "-" : spec->flags & RT_FMT_PLUS ? "+"
                   : spec->flags & RT_FMT_SPACE ? " " : "";
  if (extra == 0)
    return rt_fmt_pad_number(out, cap, spec, sign, "", 0, buf, n);
  /* Append zeros where the capped digits end: before an exponent if any. */
  char *ep = memchr(buf, conv == 'e' || conv == 'g' ? 'e' : 'E', n);
  size_t head = ep ? (size_t)(ep - buf) : n;
  size_t body = head + extra + (n - head);
  size_t w = spec->width > 0 ? (size_t)spec->width : 0;
  size_t slen = strlen(sign);
  size_t fill = w > slen + body ? w - slen - body : 0;
  RtOut o = rt_out(out, cap);
  bool left = spec->flags & RT_FMT_LEFT, zero = spec->flags & RT_FMT_ZERO;
  if (!left && !zero) rt_out_fill(&o, ' ', fill);
  rt_out_mem(&o, sign, slen);
  if (!left && zero) rt_out_fill(&o, '0', fill);
  rt_out_mem(&o, buf, head);
  rt_out_fill(&o, '0', extra);
  rt_out_mem(&o, buf + head, n - head);
  if (left) rt_out_fill(&o, ' ', fill);
  return o.len;
}
