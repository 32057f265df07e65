/* lex.c — the scanner's helpers: keywords, literal decoding, lexical errors.
 *
 * String literals are decoded from the raw source bytes (prefix, quotes and
 * all): escapes as Python 3 str literals, UTF-8 characters up to U+00FF to
 * one byte each, CRLF inside a literal to LF (as CPython's universal
 * newlines would). Only the first error of a literal is reported. */
#include "frontend/lex.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser.h"

static const struct {
  const char *s;
  uint8_t len;
  int tok;
} kw_table[] = {
#define KW(spelling, tok) {spelling, sizeof(spelling) - 1, T_##tok},
#include "frontend/keywords.def"
#undef KW
};
enum { KW_COUNT = sizeof kw_table / sizeof kw_table[0] };
_Static_assert(KW_COUNT < LEX_KW_SLOTS / 2, "keyword table too full");

static unsigned kw_hash(const char *s, size_t len) {
  return ((unsigned)len * 31u + (unsigned char)s[0] * 7u +
          (unsigned char)s[len - 1] * 3u + (len > 2 ? (unsigned char)s[2] : 0u)) &
         (LEX_KW_SLOTS - 1);
}

void lex_ctx_init(LexCtx *X, Arena *A, Interner *I, Diag *D, uint32_t file,
                  uint32_t start) {
  SourceFile *f = sm_file(D->sm, file);
  memset(X, 0, sizeof *X);
  X->A = A;
  X->I = I;
  X->D = D;
  X->file = file;
  X->text = f ? f->text : "";
  X->len = f ? f->len : 0;
  X->pos = start;
  for (unsigned k = 0; k < KW_COUNT; k++) {
    unsigned h = kw_hash(kw_table[k].s, kw_table[k].len);
    while (X->kw[h]) h = (h + 1) & (LEX_KW_SLOTS - 1);
    X->kw[h] = (uint8_t)(k + 1);
  }
}

void fe_verror(Diag *D, Loc loc, const char *fmt, va_list ap) {
  char buf[512];
  if (D->stop) return;
  vsnprintf(buf, sizeof buf, fmt, ap);
  diag_error(D, loc, "%s", buf);
}

void lex_error(LexCtx *X, RlLoc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  X->error = true;
  fe_verror(X->D, loc_make(X->file, loc.start, loc.end), fmt, ap);
  va_end(ap);
}

int lex_ident(LexCtx *X, RlLoc loc, const char **name) {
  const char *s = X->text + loc.start;
  size_t len = loc.end - loc.start;
  if (len <= 8) {
    unsigned h = kw_hash(s, len);
    while (X->kw[h]) {
      unsigned k = X->kw[h] - 1u;
      if (kw_table[k].len == len && memcmp(kw_table[k].s, s, len) == 0)
        return kw_table[k].tok;
      h = (h + 1) & (LEX_KW_SLOTS - 1);
    }
  }
  *name = intern(X->I, s, len);
  return T_NAME;
}

/* Decodes one UTF-8 sequence at s (n bytes available); returns its length
 * and sets *cp, or 0 when invalid. */
static unsigned utf8_decode(const unsigned char *s, size_t n, uint32_t *cp) {
  unsigned len;
  uint32_t c = s[0], min;
  if (c < 0x80) { *cp = c; return 1; }
  if (c >= 0xC2 && c <= 0xDF) { len = 2; c &= 0x1F; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { len = 3; c &= 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { len = 4; c &= 0x07; min = 0x10000; }
  else return 0;
  if (n < len) return 0;
  for (unsigned i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    c = (c << 6) | (s[i] & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
  *cp = c;
  return len;
}

int lex_bad_ident(LexCtx *X, RlLoc loc, const char **name) {
  const unsigned char *s = (const unsigned char *)X->text + loc.start;
  size_t len = loc.end - loc.start;
  uint32_t cp = 0;
  unsigned n = utf8_decode(s, len, &cp);
  bool punct = n == len && ((cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 ||
                            cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
                            (cp >= 0x3000 && cp <= 0x303F) || cp == 0xFEFF);
  if (punct)
    lex_error(X, loc, "invalid character '%.*s' (U+%04X) in source", (int)len,
              (const char *)s, (unsigned)cp);
  else
    lex_error(X, loc, "non-ASCII identifiers are not supported in RL");
  *name = intern(X->I, (const char *)s, len);
  return T_NAME;
}

void lex_bad_char(LexCtx *X, RlLoc loc) {
  unsigned char c = (unsigned char)X->text[loc.start];
  if (c == '\r')
    lex_error(X, loc, "carriage return without a line feed (line ends must "
                      "be LF or CRLF)");
  else if (c > 0x20 && c < 0x7f)
    lex_error(X, loc, "invalid character '%c' in source", c);
  else
    lex_error(X, loc, "invalid byte 0x%02X in source", c);
}

void lex_bad_utf8(LexCtx *X, RlLoc loc) {
  const unsigned char *s = (const unsigned char *)X->text;
  uint32_t i = loc.start, cp;
  for (unsigned n; i < loc.end && (n = utf8_decode(s + i, loc.end - i, &cp)); i += n) {}
  if (i >= loc.end) i = loc.end - 1;
  lex_error(X, (RlLoc){i, i + 1}, "invalid byte 0x%02X in source", s[i]);
}

void lex_comment(LexCtx *X, RlLoc loc) {
  const unsigned char *s = (const unsigned char *)X->text;
  for (uint32_t i = loc.start; i < loc.end;) {
    if (s[i] < 0x80) { i++; continue; }
    uint32_t cp;
    unsigned n = utf8_decode(s + i, loc.end - i, &cp);
    if (!n) {
      lex_error(X, (RlLoc){i, i + 1}, "invalid byte 0x%02X in source", s[i]);
      return;
    }
    i += n;
  }
}

/* ---- strings ------------------------------------------------------------ */

typedef struct StrDec {
  LexCtx *X;
  const unsigned char *s;  /* file text */
  uint32_t i, end;         /* body cursor and end */
  char *out;
  uint32_t n;
  bool failed;             /* an error was reported: report no more */
} StrDec;

static void sd_error(StrDec *d, uint32_t start, uint32_t end, const char *fmt,
                     ...) __attribute__((format(printf, 4, 5)));
static void sd_error(StrDec *d, uint32_t start, uint32_t end, const char *fmt,
                     ...) {
  if (d->failed) return;
  d->failed = true;
  va_list ap;
  va_start(ap, fmt);
  d->X->error = true;
  fe_verror(d->X->D, loc_make(d->X->file, start, end), fmt, ap);
  va_end(ap);
}

static int hexval(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static void sd_put_cp(StrDec *d, uint32_t cp, uint32_t start, uint32_t end) {
  if (cp > 0xFF) {
    sd_error(d, start, end,
             "character U+%04X does not fit in an RL str (U+0000..U+00FF)",
             (unsigned)cp);
    return;
  }
  d->out[d->n++] = (char)cp;
}

/* A source byte (or UTF-8 sequence, or CRLF) at d->i, copied as is. */
static void sd_plain(StrDec *d) {
  unsigned char c = d->s[d->i];
  if (c == '\r' && d->i + 1 < d->end && d->s[d->i + 1] == '\n') {
    d->out[d->n++] = '\n';
    d->i += 2;
  } else if (c < 0x80) {
    d->out[d->n++] = (char)c;
    d->i++;
  } else {
    uint32_t cp;
    unsigned len = utf8_decode(d->s + d->i, d->end - d->i, &cp);
    if (!len) {
      sd_error(d, d->i, d->i + 1, "invalid UTF-8 byte 0x%02X in string literal",
               c);
      d->i++;
      return;
    }
    sd_put_cp(d, cp, d->i, d->i + len);
    d->i += len;
  }
}

/* \x, \u, \U escapes: exactly `digits` hex digits. */
static void sd_hex_escape(StrDec *d, uint32_t start, unsigned digits) {
  uint32_t v = 0;
  for (unsigned k = 0; k < digits; k++) {
    int h = d->i < d->end ? hexval(d->s[d->i]) : -1;
    if (h < 0) {
      sd_error(d, start, d->i, "truncated \\%c escape in string literal",
               d->s[start + 1]);
      return;
    }
    v = v * 16 + (uint32_t)h;
    d->i++;
  }
  sd_put_cp(d, v, start, d->i);
}

static void sd_escape(StrDec *d) {
  uint32_t start = d->i;
  unsigned char c = d->s[d->i + 1];
  d->i += 2;
  switch (c) {
  case '\n': return;
  case '\r':
    if (d->i < d->end && d->s[d->i] == '\n') { d->i++; return; }
    break;
  case '\\': d->out[d->n++] = '\\'; return;
  case '\'': d->out[d->n++] = '\''; return;
  case '"': d->out[d->n++] = '"'; return;
  case 'a': d->out[d->n++] = '\a'; return;
  case 'b': d->out[d->n++] = '\b'; return;
  case 'f': d->out[d->n++] = '\f'; return;
  case 'n': d->out[d->n++] = '\n'; return;
  case 'r': d->out[d->n++] = '\r'; return;
  case 't': d->out[d->n++] = '\t'; return;
  case 'v': d->out[d->n++] = '\v'; return;
  case 'x': sd_hex_escape(d, start, 2); return;
  case 'u': sd_hex_escape(d, start, 4); return;
  case 'U': sd_hex_escape(d, start, 8); return;
  case 'N':
    sd_error(d, start, d->i, "\\N{...} escapes are not supported in RL");
    return;
  default:
    if (c >= '0' && c <= '7') {
      unsigned v = c - '0';
      for (int k = 0; k < 2 && d->i < d->end && d->s[d->i] >= '0' &&
                      d->s[d->i] <= '7'; k++)
        v = v * 8 + (unsigned)(d->s[d->i++] - '0');
      if (v > 0377)
        sd_error(d, start, d->i,
                 "octal escape \\%o does not fit in an RL str (at most \\377)", v);
      else
        d->out[d->n++] = (char)v;
      return;
    }
    break;
  }
  /* Unknown escape: the backslash stays, the character is read normally. */
  d->out[d->n++] = '\\';
  d->i = start + 1;
}

void lex_string(LexCtx *X, RlLoc loc, StrLit *out) {
  const unsigned char *s = (const unsigned char *)X->text;
  uint32_t i = loc.start;
  bool raw = false, bytes = false, fstr = false;
  for (; s[i] != '\'' && s[i] != '"'; i++) {
    unsigned char c = s[i] | 0x20;
    raw |= c == 'r';
    bytes |= c == 'b';
    fstr |= c == 'f';
  }
  unsigned char q = s[i];
  bool triple = loc.end - i >= 6 && s[i + 1] == q && s[i + 2] == q;
  uint32_t qlen = triple ? 3 : 1;
  *out = (StrLit){0};
  if (bytes) {
    lex_error(X, loc, "bytes literals are not supported in RL (str is already "
                      "a byte string)");
    return;
  }
  if (fstr) {
    lex_error(X, loc, "f-strings are not supported in RL");
    return;
  }
  StrDec d = {X, s, i + qlen, loc.end - qlen, NULL, 0, false};
  d.out = arena_alloc(X->A, d.end - d.i + 1);
  while (d.i < d.end) {
    if (s[d.i] == '\\' && d.i + 1 < d.end) {
      if (raw) {  /* the backslash and the next byte are both kept */
        d.out[d.n++] = '\\';
        d.i++;
        sd_plain(&d);
      } else {
        sd_escape(&d);
      }
    } else {
      sd_plain(&d);
    }
  }
  out->s = d.out;
  out->len = out->cap = d.n;
}

/* ---- numbers ------------------------------------------------------------ */

void lex_int(LexCtx *X, RlLoc loc, NumLit *out) {
  const char *s = X->text + loc.start;
  uint32_t len = loc.end - loc.start, i = 0;
  unsigned base = 10;
  *out = (NumLit){0};
  if (len > 1 && s[0] == '0' && s[1] != '_' && (s[1] < '0' || s[1] > '9')) {
    char p = (char)(s[1] | 0x20);
    base = p == 'x' ? 16 : p == 'o' ? 8 : 2;
    i = 2;
  }
  uint64_t v = 0;
  bool over = false;
  for (; i < len; i++) {
    if (s[i] == '_') continue;
    unsigned dgt = (unsigned)hexval((unsigned char)s[i]);
    if (v > (UINT64_MAX - dgt) / base) over = true;
    v = v * base + dgt;
  }
  if (base == 10 && v > (uint64_t)1 << 63) over = true;
  if (over) {
    lex_error(X, loc, "integer literal is too large for 64 bits");
    return;
  }
  out->big = base == 10 && v == (uint64_t)1 << 63;
  out->i = (int64_t)v;  /* wraps as intmask for hex/octal/binary */
}

void lex_float(LexCtx *X, RlLoc loc, NumLit *out) {
  uint32_t len = loc.end - loc.start;
  char small[64];
  char *buf = len < sizeof small ? small : arena_alloc(X->A, (size_t)len + 1);
  uint32_t n = 0;
  for (uint32_t i = loc.start; i < loc.end; i++)
    if (X->text[i] != '_') buf[n++] = X->text[i];
  buf[n] = '\0';
  *out = (NumLit){0};
  out->is_float = true;
  out->f = strtod(buf, NULL);  /* correctly rounded; overflow gives inf */
}

void lex_bad_number(LexCtx *X, RlLoc loc, NumLit *out, bool imaginary) {
  const char *s = X->text + loc.start;
  uint32_t len = loc.end - loc.start;
  *out = (NumLit){0};
  if (imaginary) {
    lex_error(X, loc, "complex numbers are not supported in RL");
    return;
  }
  char p = len > 1 && s[0] == '0' ? (char)(s[1] | 0x20) : 0;
  if (p == 'x') lex_error(X, loc, "invalid hexadecimal literal");
  else if (p == 'o') lex_error(X, loc, "invalid octal literal");
  else if (p == 'b') lex_error(X, loc, "invalid binary literal");
  else if (s[0] == '0' && strspn(s, "0123456789_") >= len)
    lex_error(X, loc, "leading zeros in decimal integer literals are not "
                      "permitted; use an 0o prefix for octal integers");
  else
    lex_error(X, loc, "invalid decimal literal");
}
