/* rt_fmt.c — str(int), repr(str) and the int/str/char %-conversions.
 *
 * Python's layout for a numeric conversion (unicode_format_arg_output) is
 *   [spaces] sign prefix [zeros] digits [spaces]
 * where the precision first pads the digits with zeros, the '0' flag fills
 * the width with zeros after sign and prefix (even with a precision, unlike
 * C), and '-' wins over '0'. rt_fmt_pad_number is that layout; rt_float.c
 * uses it too. */
#include "runtime/text/rt_fmt.h"

#include <stdbool.h>

#include "runtime/text/rt_chartable.h"
#include "runtime/text/rt_float.h"
#include "runtime/text/rt_out.h"

/* ---- spec parsing ---------------------------------------------------------- */

static bool is_conv(char c) {
  switch (c) {
  case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': case 'c':
  case 's': case 'r': case 'a': case 'f': case 'F': case 'e': case 'E':
  case 'g': case 'G':
    return true;
  default:
    return false;
  }
}

static unsigned flag_of(char c) {
  switch (c) {
  case '-': return RT_FMT_LEFT;
  case '+': return RT_FMT_PLUS;
  case ' ': return RT_FMT_SPACE;
  case '#': return RT_FMT_ALT;
  case '0': return RT_FMT_ZERO;
  default: return 0;
  }
}

/* Reads decimal digits at fmt[*i]; false when the number exceeds the limit. */
static bool read_num(const char *fmt, size_t len, size_t *i, int32_t *v) {
  int64_t n = 0;
  while (*i < len && fmt[*i] >= '0' && fmt[*i] <= '9') {
    n = n * 10 + (fmt[*i] - '0');
    if (n > RT_FMT_MAX_WIDTH) return false;
    (*i)++;
  }
  *v = (int32_t)n;
  return true;
}

RtSpecStatus rt_fmt_parse_spec(const char *fmt, size_t len, size_t *pos,
                               RtFmtSpec *spec) {
  size_t i = *pos + 1;
  spec->flags = 0;
  spec->width = 0;
  spec->prec = -1;
  spec->conv = 0;
  if (i < len && fmt[i] == '%') { /* "%%" only: Python rejects "%5%" */
    spec->conv = '%';
    *pos = i + 1;
    return RT_SPEC_OK;
  }
  if (i < len && fmt[i] == '(') {
    *pos = i;
    return RT_SPEC_MAPPING;
  }
  for (unsigned f; i < len && (f = flag_of(fmt[i])) != 0; i++) spec->flags |= f;
  if (i < len && fmt[i] == '*') {
    spec->flags |= RT_FMT_WIDTH_STAR;
    i++;
  } else if (!read_num(fmt, len, &i, &spec->width)) {
    *pos = i;
    return RT_SPEC_WIDTH_BIG;
  }
  if (i < len && fmt[i] == '.') {
    i++;
    spec->prec = 0;
    if (i < len && fmt[i] == '*') {
      spec->flags |= RT_FMT_PREC_STAR;
      i++;
    } else if (!read_num(fmt, len, &i, &spec->prec)) {
      *pos = i;
      return RT_SPEC_PREC_BIG;
    }
  }
  while (i < len && (fmt[i] == 'h' || fmt[i] == 'l' || fmt[i] == 'L')) i++;
  if (i >= len) {
    *pos = i;
    return RT_SPEC_INCOMPLETE;
  }
  if (!is_conv(fmt[i])) {
    *pos = i;
    return RT_SPEC_UNSUPPORTED;
  }
  spec->conv = fmt[i];
  *pos = i + 1;
  return RT_SPEC_OK;
}

static void out_str(RtOut *o, const char *s) { rt_out_mem(o, s, strlen(s)); }

static void out_hex2(RtOut *o, unsigned c) {
  static const char hex[] = "0123456789abcdef";
  rt_out_byte(o, hex[(c >> 4) & 15]);
  rt_out_byte(o, hex[c & 15]);
}

static void out_dec(RtOut *o, uint64_t v) {
  char buf[RT_INT_STR_MAX];
  rt_out_mem(o, buf, rt_uint_str(buf, v));
}

size_t rt_fmt_spec_error(char *out, size_t cap, RtSpecStatus st,
                         const char *fmt, size_t len, size_t pos) {
  RtOut o = rt_out(out, cap);
  switch (st) {
  case RT_SPEC_OK: break;
  case RT_SPEC_INCOMPLETE: out_str(&o, "incomplete format"); break;
  case RT_SPEC_MAPPING: out_str(&o, "format requires a mapping"); break;
  case RT_SPEC_WIDTH_BIG: out_str(&o, "width too big"); break;
  case RT_SPEC_PREC_BIG: out_str(&o, "precision too big"); break;
  case RT_SPEC_UNSUPPORTED: {
    unsigned c = pos < len ? (unsigned char)fmt[pos] : 0;
    out_str(&o, "unsupported format character '");
    rt_out_byte(&o, c >= 32 && c <= 126 ? (char)c : '?');
    out_str(&o, "' (0x");
    if (c >= 16) rt_out_byte(&o, "0123456789abcdef"[c >> 4]);
    rt_out_byte(&o, "0123456789abcdef"[c & 15]);
    out_str(&o, ") at index ");
    out_dec(&o, pos);
    break;
  }
  }
  return o.len;
}

int rt_fmt_star_width(RtFmtSpec *spec, int64_t w) {
  if (w < 0) {
    spec->flags |= RT_FMT_LEFT;
    if (w < -(int64_t)RT_FMT_MAX_WIDTH) return -1;
    w = -w;
  }
  if (w > RT_FMT_MAX_WIDTH) return -1;
  spec->width = (int32_t)w;
  return 0;
}

int rt_fmt_star_prec(RtFmtSpec *spec, int64_t p) {
  if (p > RT_FMT_MAX_WIDTH) return -1;
  spec->prec = p < 0 ? 0 : (int32_t)p;
  return 0;
}

/* ---- integers -------------------------------------------------------------- */

size_t rt_uint_str(char *out, uint64_t v) {
  char tmp[RT_INT_STR_MAX];
  size_t n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
  return n;
}

size_t rt_int_str(char *out, int64_t v) {
  if (v >= 0) return rt_uint_str(out, (uint64_t)v);
  out[0] = '-';
  return 1 + rt_uint_str(out + 1, 0 - (uint64_t)v);
}

size_t rt_fmt_pad_number(char *out, size_t cap, const RtFmtSpec *spec,
                         const char *sign, const char *prefix,
                         size_t zeros, const char *body, size_t blen) {
  RtOut o = rt_out(out, cap);
  size_t slen = strlen(sign), plen = strlen(prefix);
  size_t w = spec->width > 0 ? (size_t)spec->width : 0;
  size_t n = slen + plen + zeros + blen;
  size_t fill = w > n ? w - n : 0;
  bool left = spec->flags & RT_FMT_LEFT;
  if (!left && !(spec->flags & RT_FMT_ZERO)) rt_out_fill(&o, ' ', fill);
  rt_out_mem(&o, sign, slen);
  rt_out_mem(&o, prefix, plen);
  if (!left && (spec->flags & RT_FMT_ZERO)) rt_out_fill(&o, '0', fill);
  rt_out_fill(&o, '0', zeros);
  rt_out_mem(&o, body, blen);
  if (left) rt_out_fill(&o, ' ', fill);
  return o.len;
}

static const char *sign_of(const RtFmtSpec *spec, bool neg) {
  if (neg) return "-";
  if (spec->flags & RT_FMT_PLUS) return "+";
  if (spec->flags & RT_FMT_SPACE) return " ";
  return "";
}

static size_t fmt_integer(char *out, size_t cap, const RtFmtSpec *spec,
                          bool neg, uint64_t mag) {
  char buf[72];
  size_t n = 0;
  const char *prefix = "";
  bool alt = spec->flags & RT_FMT_ALT;
  switch (spec->conv) {
  case 'x': case 'X': {
    const char *dig = spec->conv == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
    do { buf[n++] = dig[mag & 15]; mag >>= 4; } while (mag);
    if (alt) prefix = spec->conv == 'x' ? "0x" : "0X";
    break;
  }
  case 'o':
    do { buf[n++] = (char)('0' + (mag & 7)); mag >>= 3; } while (mag);
    if (alt) prefix = "0o";
    break;
  default:
    do { buf[n++] = (char)('0' + mag % 10); mag /= 10; } while (mag);
    break;
  }
  for (size_t i = 0; i < n / 2; i++) {
    char t = buf[i];
    buf[i] = buf[n - 1 - i];
    buf[n - 1 - i] = t;
  }
  size_t zeros = spec->prec > 0 && (size_t)spec->prec > n ? (size_t)spec->prec - n : 0;
  return rt_fmt_pad_number(out, cap, spec, sign_of(spec, neg), prefix, zeros, buf, n);
}

size_t rt_fmt_int(char *out, size_t cap, const RtFmtSpec *spec, int64_t v) {
  bool neg = v < 0;
  return fmt_integer(out, cap, spec, neg, neg ? 0 - (uint64_t)v : (uint64_t)v);
}

size_t rt_fmt_uint(char *out, size_t cap, const RtFmtSpec *spec, uint64_t v) {
  return fmt_integer(out, cap, spec, false, v);
}

/* ---- strings --------------------------------------------------------------- */

/* One pass of str.__repr__ (ascii() when `ascii`) into o, or only measuring. */
static void repr_to(RtOut *o, const char *s, size_t n, bool ascii) {
  const unsigned char *u = (const unsigned char *)s;
  char quote = '\'';
  if (memchr(s, '\'', n) && !memchr(s, '"', n)) quote = '"';
  rt_out_byte(o, quote);
  size_t run = 0; /* start of the pending run of bytes shown as themselves */
  for (size_t i = 0; i < n; i++) {
    unsigned c = u[i];
    bool plain = c != (unsigned char)quote && c != '\\' && rt_isprint((int)c) &&
                 !(ascii && c >= 0x7f);
    if (plain) continue;
    rt_out_mem(o, s + run, i - run);
    run = i + 1;
    rt_out_byte(o, '\\');
    switch (c) {
    case '\n': rt_out_byte(o, 'n'); break;
    case '\r': rt_out_byte(o, 'r'); break;
    case '\t': rt_out_byte(o, 't'); break;
    case '\\': case '\'': case '"': rt_out_byte(o, (char)c); break;
    default: rt_out_byte(o, 'x'); out_hex2(o, c); break;
    }
  }
  rt_out_mem(o, s + run, n - run);
  rt_out_byte(o, quote);
}

size_t rt_str_repr(char *out, size_t cap, const char *s, size_t n) {
  RtOut o = rt_out(out, cap);
  repr_to(&o, s, n, false);
  return o.len;
}

size_t rt_str_ascii(char *out, size_t cap, const char *s, size_t n) {
  RtOut o = rt_out(out, cap);
  repr_to(&o, s, n, true);
  return o.len;
}

/* %s/%r/%a: the (repr of the) string, cut to the precision, padded. A repr
 * is measured first, then rendered straight into its window of the output. */
size_t rt_fmt_str(char *out, size_t cap, const RtFmtSpec *spec,
                  const char *s, size_t n) {
  bool repr = spec->conv == 'r' || spec->conv == 'a';
  size_t full = n;
  if (repr) {
    RtOut m = rt_out(NULL, 0);
    repr_to(&m, s, n, spec->conv == 'a');
    full = m.len;
  }
  size_t shown = spec->prec >= 0 && (size_t)spec->prec < full ? (size_t)spec->prec : full;
  size_t w = spec->width > 0 ? (size_t)spec->width : 0;
  size_t fill = w > shown ? w - shown : 0;
  RtOut o = rt_out(out, cap);
  if (!(spec->flags & RT_FMT_LEFT)) rt_out_fill(&o, ' ', fill);
  if (repr) {
    /* Render the repr into the window [o.len, o.len + shown) of the output. */
    size_t avail = o.len < cap ? cap - o.len : 0;
    RtOut r = rt_out(avail ? out + o.len : NULL, avail < shown ? avail : shown);
    repr_to(&r, s, n, spec->conv == 'a');
    o.len += shown;
  } else {
    rt_out_mem(&o, s, shown);
  }
  if (spec->flags & RT_FMT_LEFT) rt_out_fill(&o, ' ', fill);
  return o.len;
}

size_t rt_fmt_char(char *out, size_t cap, const RtFmtSpec *spec, unsigned char c) {
  RtFmtSpec sp = *spec;
  sp.conv = 's';
  sp.prec = -1;
  char ch = (char)c;
  return rt_fmt_str(out, cap, &sp, &ch, 1);
}
