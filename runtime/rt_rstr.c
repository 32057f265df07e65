/* rt_rstr.c — runtime helpers of rtyped graphs (see rt_rstr.h). */
#include "rt_rstr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rt_exc.h"
#include "rt_gc.h"
#include "rt_gc_gen.h"
#include "rt_io.h"
#include "text/rt_float.h"
#include "text/rt_fmt.h"
#include "text/rt_hash.h"
#include "text/rt_parse.h"
#include "text/rt_str.h"

#define CH(s) ((const char *)(s)->chars)
#define LEN(s) ((size_t)(s)->length)

/* ---- output ------------------------------------------------------------ */

/* Defined when the JIT runtime is linked in (runtime/jit/jit_runtime.h). */
extern void rl_jit_set_param(const char *name, size_t len, int64_t value) __attribute__((weak));

extern void rl_jit_quasi_write(void *obj, int64_t offset) __attribute__((weak));

void rt_jit_quasi_write(void *obj, int64_t offset) {
  if (rl_jit_quasi_write) rl_jit_quasi_write(obj, offset);
}

void rt_jit_set_param(RlStr *name, int64_t value) {
  if (rl_jit_set_param && name) rl_jit_set_param((const char *)name->chars, (size_t)name->length, value);
}

void rth_print_int(int64_t v) {
  char buf[RT_INT_STR_MAX];
  rt_print_bytes(buf, rt_int_str(buf, v));
}

void rth_print_float(double v) {
  char buf[RT_FLOAT_REPR_MAX];
  rt_print_bytes(buf, rt_float_repr(buf, v));
}

void rth_print_char(unsigned char c) { rt_print_bytes((const char *)&c, 1); }

double rth_time_time(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- strings ---------------------------------------------------------------- */

static RlStr *none_str(void) { return rt_str_from("None", 4); }

RlStr *rth_str_concat(RlStr *a, RlStr *b) {
  if (!a) a = none_str();
  if (!b) b = none_str();
  if (!a || !b) return NULL;
  RlStr *r = rt_str_new(a->length + b->length);
  if (!r) return NULL;
  memcpy(r->chars, a->chars, LEN(a));
  memcpy(r->chars + a->length, b->chars, LEN(b));
  return r;
}

bool rth_str_eq(RlStr *a, RlStr *b) {
  if (a == b) return true;
  if (!a || !b || a->length != b->length) return false;
  return memcmp(a->chars, b->chars, LEN(a)) == 0;
}

int64_t rth_str_cmp(RlStr *a, RlStr *b) {
  size_t n = LEN(a) < LEN(b) ? LEN(a) : LEN(b);
  int c = memcmp(a->chars, b->chars, n);
  if (c) return c;
  return a->length < b->length ? -1 : a->length > b->length;
}

int64_t rth_str_hash(RlStr *s) {
  if (!s) return 0;
  if (!s->hash) s->hash = rt_str_hash(CH(s), LEN(s));
  return s->hash;
}

RlStr *rth_str_slice(RlStr *s, int64_t i, int64_t j) {
  int64_t n = s->length;
  if (i < 0) i = i + n < 0 ? 0 : i + n;
  if (j < 0) j = j + n < 0 ? 0 : j + n;
  if (i > n) i = n;
  if (j > n) j = n;
  if (j <= i) return rt_str_new(0);
  if (i == 0 && j == n) return s;
  return rt_str_from(CH(s) + i, (size_t)(j - i));
}

RlStr *rth_str_from_char(unsigned char c) { return rt_str_from((const char *)&c, 1); }

RlStr *rth_str_of_int(int64_t v) {
  char buf[RT_INT_STR_MAX];
  return rt_str_from(buf, rt_int_str(buf, v));
}

RlStr *rth_str_of_uint(uint64_t v) {
  char buf[RT_INT_STR_MAX];
  return rt_str_from(buf, rt_uint_str(buf, v));
}

RlStr *rth_str_of_float(double v) {
  char buf[RT_FLOAT_REPR_MAX];
  return rt_str_from(buf, rt_float_repr(buf, v));
}

/* Runs a writer (rt_out.h protocol) twice: size, then into a new string. */
#define WRITE_STR(call_with_out_cap)                                     \
  do {                                                                   \
    char *out = NULL;                                                    \
    size_t cap = 0;                                                      \
    size_t need = call_with_out_cap;                                     \
    if (need == SIZE_MAX) { rt_raise_overflow(); return NULL; }          \
    RlStr *r = rt_str_new((int64_t)need);                                \
    if (!r) return NULL;                                                 \
    out = (char *)r->chars;                                              \
    cap = need;                                                          \
    (void)(call_with_out_cap);                                           \
    return r;                                                            \
  } while (0)

RlStr *rth_str_repr(RlStr *s) {
  if (!s) return none_str();
  WRITE_STR(rt_str_repr(out, cap, CH(s), LEN(s)));
}

RlStr *rth_str_mul(RlStr *s, int64_t n) { WRITE_STR(rt_str_repeat(out, cap, CH(s), LEN(s), n)); }

RlStr *rth_str_replace(RlStr *s, RlStr *a, RlStr *b) {
  WRITE_STR(rt_str_replace(out, cap, CH(s), LEN(s), CH(a), LEN(a), CH(b), LEN(b), -1));
}

RlStr *rth_str_upper(RlStr *s) { WRITE_STR(rt_str_upper(out, cap, CH(s), LEN(s))); }
RlStr *rth_str_lower(RlStr *s) { WRITE_STR(rt_str_lower(out, cap, CH(s), LEN(s))); }

bool rth_str_contains(RlStr *s, RlStr *t) {
  return rt_str_find(CH(s), LEN(s), CH(t), LEN(t)) >= 0;
}

int64_t rth_str_find(RlStr *s, RlStr *t, int64_t start, int64_t end) {
  return rt_str_find_range(CH(s), LEN(s), CH(t), LEN(t), start, end);
}

int64_t rth_str_rfind(RlStr *s, RlStr *t, int64_t start, int64_t end) {
  return rt_str_rfind_range(CH(s), LEN(s), CH(t), LEN(t), start, end);
}

int64_t rth_str_count(RlStr *s, RlStr *t, int64_t start, int64_t end) {
  return (int64_t)rt_str_count_range(CH(s), LEN(s), CH(t), LEN(t), start, end);
}

bool rth_str_startswith(RlStr *s, RlStr *t) { return rt_str_startswith(CH(s), LEN(s), CH(t), LEN(t)); }
bool rth_str_endswith(RlStr *s, RlStr *t) { return rt_str_endswith(CH(s), LEN(s), CH(t), LEN(t)); }

RlStr *rth_str_strip(RlStr *s, RlStr *chars, int64_t which) {
  size_t start, len;
  rt_str_strip(CH(s), LEN(s), chars ? CH(chars) : NULL, chars ? LEN(chars) : 0,
               (int)which, &start, &len);
  if (start == 0 && len == LEN(s)) return s;
  return rt_str_from(CH(s) + start, len);
}

bool rth_str_isdigit(RlStr *s) { return rt_str_isdigit(CH(s), LEN(s)); }
bool rth_str_isalpha(RlStr *s) { return rt_str_isalpha(CH(s), LEN(s)); }
bool rth_str_isalnum(RlStr *s) { return rt_str_isalnum(CH(s), LEN(s)); }
bool rth_str_isspace(RlStr *s) { return rt_str_isspace(CH(s), LEN(s)); }

/* ---- lists of str ------------------------------------------------------------ */

static RlList *str_list_new(void) {
  RlList *l = rt_gc_new(rt_gc_hdr(rl_tid_argv_list), sizeof(RlList));
  if (!l) return NULL;
  RlArray *a = rt_gc_new_varsize(rt_gc_hdr(rl_tid_argv_items), sizeof(RlArray), 8, 4,
                                 offsetof(RlArray, length));
  if (!a) return NULL;
  rt_gc_before_store(l);  /* allocating a may have made l old */
  l->items = a;
  return l;
}

static bool str_list_push(RlList *l, RlStr *s) {
  if (!s) return false;
  if (l->length == l->items->length) {
    int64_t cap = l->length * 2 + 4;
    RlArray *a = rt_gc_new_varsize(rt_gc_hdr(rl_tid_argv_items), sizeof(RlArray), 8, cap,
                                   offsetof(RlArray, length));
    if (!a) return false;
    memcpy(a->items, l->items->items, (size_t)l->length * 8);
    rt_gc_before_store(l);
    l->items = a;
  }
  rt_gc_before_store(l->items);
  l->items->items[l->length++] = s;
  return true;
}

RlList *rth_str_split(RlStr *s, RlStr *sep, int64_t maxsplit) {
  RlList *l = str_list_new();
  if (!l) return NULL;
  size_t pos = 0, start, len;
  int64_t k = 0;
  if (!sep) {
    for (;;) {
      bool more = (maxsplit >= 0 && k >= maxsplit)
                      ? rt_str_split_ws_rest(CH(s), LEN(s), &pos, &start, &len)
                      : rt_str_split_ws_next(CH(s), LEN(s), &pos, &start, &len);
      if (!more) break;
      if (!str_list_push(l, rt_str_from(CH(s) + start, len))) return NULL;
      if (maxsplit >= 0 && k++ >= maxsplit) break;
    }
    return l;
  }
  RtSplitter sp;
  if (rt_splitter_init(&sp, CH(s), LEN(s), CH(sep), LEN(sep)) < 0) {
    rt_raise(&rl_vtable_ValueError, "empty separator");
    return NULL;
  }
  for (;;) {
    bool more = (maxsplit >= 0 && k >= maxsplit) ? rt_splitter_rest(&sp, &start, &len)
                                                  : rt_splitter_next(&sp, &start, &len);
    if (!more) break;
    k++;
    if (!str_list_push(l, rt_str_from(CH(s) + start, len))) return NULL;
  }
  return l;
}

RlStr *rth_str_join(RlStr *sep, RlArray *items, int64_t count) {
  size_t total = 0;
  for (int64_t i = 0; i < count; i++) total += LEN((RlStr *)items->items[i]);
  size_t n = rt_str_join_len(LEN(sep), (size_t)count, total);
  if (n == SIZE_MAX) { rt_raise_overflow(); return NULL; }
  RlStr *r = rt_str_new((int64_t)n);
  if (!r) return NULL;
  unsigned char *p = r->chars;
  for (int64_t i = 0; i < count; i++) {
    RlStr *it = items->items[i];
    if (i) { memcpy(p, sep->chars, LEN(sep)); p += sep->length; }
    memcpy(p, it->chars, LEN(it));
    p += it->length;
  }
  return r;
}

/* ---- numbers from strings ------------------------------------------------------ */

static void raise_buf(size_t (*fn)(char *, size_t, const char *, size_t), RlStr *s) {
  char buf[512];
  size_t n = fn(buf, sizeof buf - 1, CH(s), LEN(s));
  buf[n < sizeof buf - 1 ? n : sizeof buf - 1] = 0;
  rt_raise(&rl_vtable_ValueError, buf);
}

static size_t float_err(char *out, size_t cap, const char *s, size_t n) {
  return rt_float_parse_error(out, cap, s, n);
}

int64_t rth_str_to_int(RlStr *s, int64_t base) {
  int64_t v = 0;
  RtParseStatus st = rt_parse_int(CH(s), LEN(s), (int)base, &v);
  if (st == RT_PARSE_OK) return v;
  if (st == RT_PARSE_OVERFLOW) { rt_raise_overflow(); return 0; }
  char buf[512];
  size_t n = rt_int_parse_error(buf, sizeof buf - 1, CH(s), LEN(s), (int)base);
  buf[n < sizeof buf - 1 ? n : sizeof buf - 1] = 0;
  rt_raise(&rl_vtable_ValueError, buf);
  return 0;
}

double rth_str_to_float(RlStr *s) {
  double v = 0;
  if (rt_parse_float(CH(s), LEN(s), &v) == RT_PARSE_OK) return v;
  raise_buf(float_err, s);
  return 0;
}

int64_t rth_float_to_int(double f) {
  if (isnan(f)) { rt_raise(&rl_vtable_ValueError, "cannot convert float NaN to integer"); return 0; }
  if (!(f > -9223372036854775809.0 && f < 9223372036854775808.0)) {
    rt_raise(&rl_vtable_OverflowError, isinf(f) ? "cannot convert float infinity to integer"
                                                : "int too large to convert to int64");
    return 0;
  }
  return (int64_t)f;
}

/* ---- the string builder and %-conversions ---------------------------------------- */

RlBuilder *rth_sb_new(int64_t cap) {
  RlBuilder *b = rt_gc_malloc(sizeof *b);
  if (!b) return NULL;
  b->buf = rt_str_new_old(cap < 16 ? 16 : cap);  /* b is untyped: never young */
  return b->buf ? b : NULL;
}

static unsigned char *sb_room(RlBuilder *b, size_t n) {
  if ((size_t)(b->buf->length - b->length) < n) {
    int64_t cap = (b->length + (int64_t)n) * 2;
    RlStr *nb = rt_str_new_old(cap);
    if (!nb) return NULL;
    memcpy(nb->chars, b->buf->chars, (size_t)b->length);
    b->buf = nb;
  }
  return b->buf->chars + b->length;
}

void rth_sb_append(RlBuilder *b, RlStr *s) {
  if (!s) s = none_str();
  unsigned char *p = sb_room(b, LEN(s));
  if (!p) return;
  memcpy(p, s->chars, LEN(s));
  b->length += s->length;
}

void rth_sb_append_char(RlBuilder *b, unsigned char c) {
  unsigned char *p = sb_room(b, 1);
  if (!p) return;
  *p = c;
  b->length++;
}

RlStr *rth_sb_build(RlBuilder *b) { return rt_str_from((const char *)b->buf->chars, (size_t)b->length); }
int64_t rth_sb_getlength(RlBuilder *b) { return b->length; }

static RtFmtSpec spec_of(int64_t flags, int64_t width, int64_t prec, int64_t conv) {
  RtFmtSpec sp = {(unsigned)flags, (int32_t)width, (int32_t)prec, (char)conv};
  return sp;
}

#define FMT_INTO(b, call_out_cap)                          \
  do {                                                     \
    char *out = NULL;                                      \
    size_t cap = 0;                                        \
    size_t need = call_out_cap;                            \
    out = (char *)sb_room(b, need);                        \
    if (!out) return;                                      \
    cap = need;                                            \
    (void)(call_out_cap);                                  \
    b->length += (int64_t)need;                            \
  } while (0)

void rth_fmt_int(RlBuilder *b, int64_t v, int64_t flags, int64_t width, int64_t prec, int64_t conv) {
  RtFmtSpec sp = spec_of(flags, width, prec, conv);
  if (conv == 's' || conv == 'r') {
    char buf[RT_INT_STR_MAX];
    size_t n = rt_int_str(buf, v);
    FMT_INTO(b, rt_fmt_str(out, cap, &sp, buf, n));
    return;
  }
  if (conv == 'c') {
    if (v < 0 || v > 255) { rt_raise(&rl_vtable_OverflowError, "%c arg not in range(256)"); return; }
    FMT_INTO(b, rt_fmt_char(out, cap, &sp, (unsigned char)v));
    return;
  }
  if (conv == 'f' || conv == 'F' || conv == 'e' || conv == 'E' || conv == 'g' || conv == 'G') {
    FMT_INTO(b, rt_fmt_float(out, cap, &sp, (double)v));
    return;
  }
  FMT_INTO(b, rt_fmt_int(out, cap, &sp, v));
}

void rth_fmt_float(RlBuilder *b, double v, int64_t flags, int64_t width, int64_t prec, int64_t conv) {
  RtFmtSpec sp = spec_of(flags, width, prec, conv);
  if (conv == 'd' || conv == 'i' || conv == 'u') {
    int64_t i = rth_float_to_int(v);
    if (rl_exc_type) return;
    FMT_INTO(b, rt_fmt_int(out, cap, &sp, i));
    return;
  }
  if (conv == 'x' || conv == 'X' || conv == 'o' || conv == 'c') {
    rt_raise(&rl_vtable_TypeError, "%x format: an integer is required, not float");
    return;
  }
  FMT_INTO(b, rt_fmt_float(out, cap, &sp, v));
}

void rth_fmt_str(RlBuilder *b, RlStr *s, int64_t flags, int64_t width, int64_t prec, int64_t conv) {
  RtFmtSpec sp = spec_of(flags, width, prec, conv);
  if (!s) s = none_str();
  if (conv == 'c') {
    if (s->length != 1) { rt_raise(&rl_vtable_TypeError, "%c requires int or char"); return; }
    FMT_INTO(b, rt_fmt_char(out, cap, &sp, s->chars[0]));
    return;
  }
  if (conv != 's' && conv != 'r' && conv != 'a') {
    rt_raise(&rl_vtable_TypeError, "%d format: a number is required, not str");
    return;
  }
  FMT_INTO(b, rt_fmt_str(out, cap, &sp, CH(s), LEN(s)));
}

/* ---- lists -------------------------------------------------------------------------- */

int64_t rth_float_hash(double x) {
  if (x == 0.0) return 0;   /* -0.0 == 0.0 */
  int64_t bits;
  memcpy(&bits, &x, sizeof bits);
  return bits ^ (bits >> 29);
}

int64_t rth_float_bits(double x) {
  int64_t bits;
  memcpy(&bits, &x, sizeof bits);
  return bits;
}

double rth_bits_float(int64_t bits) {
  double x;
  memcpy(&x, &bits, sizeof x);
  return x;
}

void rth_array_copy(RlArray *dst, RlArray *src, int64_t i, int64_t j, int64_t n, int64_t size) {
  if (n <= 0) return;
  char *d = (char *)dst + offsetof(RlArray, items), *s = (char *)src + offsetof(RlArray, items);
  memmove(d + j * size, s + i * size, (size_t)(n * size));
  /* no allocation since the copy; a source without young references
   * (sieve.lua's growing tables: 9% scanning them) needs no barrier */
  if (rt_gc_gen_on && !rt_gc_gen_holds_no_young(src)) rt_gc_gen_wb_copied(dst, j, n);
}

/* ---- numbers -------------------------------------------------------------------------- */

int64_t rth_int_pow(int64_t a, int64_t b) {
  if (b < 0) {
    rt_raise(&rl_vtable_ValueError, "integer power with a negative exponent");
    return 0;
  }
  uint64_t r = 1, x = (uint64_t)a;
  while (b) {
    if (b & 1) r *= x;
    x *= x;
    b >>= 1;
  }
  return (int64_t)r;
}

double rth_float_pow(double a, double b) {
  if (a == 0.0 && b < 0.0) {
    rt_raise(&rl_vtable_ZeroDivisionError, "0.0 cannot be raised to a negative power");
    return 0;
  }
  if (a < 0.0 && b != floor(b) && isfinite(b)) {
    rt_raise(&rl_vtable_ValueError, "math domain error");
    return 0;
  }
  double r = pow(a, b);
  if (isinf(r) && isfinite(a) && isfinite(b)) {
    rt_raise(&rl_vtable_OverflowError, "(34, 'Numerical result out of range')");
    return 0;
  }
  return r;
}

double rth_math_call(double x, int64_t which) {
  double r;
  switch (which) {
  case 0:
    if (x < 0) { rt_raise(&rl_vtable_ValueError, "math domain error"); return 0; }
    return sqrt(x);
  case 1: return floor(x);
  case 2: return ceil(x);
  case 3: return fabs(x);
  case 4: case 5:
    if (isinf(x)) { rt_raise(&rl_vtable_ValueError, "math domain error"); return 0; }
    return which == 4 ? sin(x) : cos(x);
  case 6:
    r = exp(x);
    if (isinf(r) && isfinite(x)) { rt_raise(&rl_vtable_OverflowError, "math range error"); return 0; }
    return r;
  default:
    if (x <= 0) { rt_raise(&rl_vtable_ValueError, "math domain error"); return 0; }
    return log(x);
  }
}

double rth_math_pow(double a, double b) {
  double r = pow(a, b);
  if (isnan(r) && !isnan(a) && !isnan(b)) { rt_raise(&rl_vtable_ValueError, "math domain error"); return 0; }
  if (isinf(r) && isfinite(a) && isfinite(b)) {
    if (a == 0.0) rt_raise(&rl_vtable_ValueError, "math domain error");
    else rt_raise(&rl_vtable_OverflowError, "math range error");
    return 0;
  }
  return r;
}

void rth_array_repeat(RlArray *dst, RlArray *src, int64_t n, int64_t times, int64_t size) {
  char *d = (char *)dst + offsetof(RlArray, items), *s = (char *)src + offsetof(RlArray, items);
  for (int64_t t = 0; t < times; t++) memcpy(d + t * n * size, s, (size_t)(n * size));
  if (rt_gc_gen_on && times > 0 && !rt_gc_gen_holds_no_young(src))
    rt_gc_gen_wb_copied(dst, 0, n);  /* the rest are the same */
}

RlStr *rth_str_join_chars(RlStr *sep, RlArray *items, int64_t n) {
  RlStr *r = rt_str_new(n ? n + (n - 1) * sep->length : 0);
  if (!r) return NULL;
  const unsigned char *src = (const unsigned char *)items->items;
  unsigned char *p = r->chars;
  for (int64_t i = 0; i < n; i++) {
    if (i) { memcpy(p, sep->chars, LEN(sep)); p += sep->length; }
    *p++ = src[i];
  }
  return r;
}

void rth_array_reverse(RlArray *a, int64_t n, int64_t size) {
  char *p = (char *)a + offsetof(RlArray, items), tmp[16];
  for (int64_t i = 0, j = n - 1; i < j; i++, j--) {
    memcpy(tmp, p + i * size, (size_t)size);
    memcpy(p + i * size, p + j * size, (size_t)size);
    memcpy(p + j * size, tmp, (size_t)size);
  }
}

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}
static int cmp_f64(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}
static int cmp_u8(const void *a, const void *b) {
  return (int)*(const unsigned char *)a - (int)*(const unsigned char *)b;
}
static int cmp_str(const void *a, const void *b) {
  int64_t c = rth_str_cmp(*(RlStr *const *)a, *(RlStr *const *)b);
  return (c > 0) - (c < 0);
}

/* Merge sort (stable, as Python's), then copied back. */
static void msort(char *p, char *tmp, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  if (n < 2) return;
  size_t h = n / 2;
  msort(p, tmp, h, size, cmp);
  msort(p + h * size, tmp, n - h, size, cmp);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n) {
    if (cmp(p + j * size, p + i * size) < 0) memcpy(tmp + k++ * size, p + j++ * size, size);
    else memcpy(tmp + k++ * size, p + i++ * size, size);
  }
  while (i < h) memcpy(tmp + k++ * size, p + i++ * size, size);
  while (j < n) memcpy(tmp + k++ * size, p + j++ * size, size);
  memcpy(p, tmp, n * size);
}

void rth_list_sort(RlArray *items, int64_t length, int64_t kind) {
  size_t size = kind == 3 ? 1 : 8, n = (size_t)length;
  int (*cmp)(const void *, const void *) = kind == 0 ? cmp_i64 : kind == 1 ? cmp_f64
                                         : kind == 2 ? cmp_str : cmp_u8;
  char *tmp = malloc(n * size + 1);
  if (!tmp) { rt_raise_memory(); return; }
  msort((char *)items + offsetof(RlArray, items), tmp, n, size, cmp);
  free(tmp);
}

void rth_fmt_uint(RlBuilder *b, uint64_t v, int64_t flags, int64_t width, int64_t prec, int64_t conv) {
  RtFmtSpec sp = spec_of(flags, width, prec, conv == 's' || conv == 'r' ? 'd' : conv);
  FMT_INTO(b, rt_fmt_uint(out, cap, &sp, v));
}

RlStr *rth_str_or(RlStr *a, RlStr *b) { return a ? a : b; }

double rth_round(double x, int64_t n) {
  if (!isfinite(x) || n > 330) return x;
  if (n < -330) return 0.0 * x;
  char buf[512];
  if (n >= 0) {
    snprintf(buf, sizeof buf, "%.*f", (int)n, x);
    return strtod(buf, NULL);
  }
  double p = pow(10.0, (double)-n);
  double y = nearbyint(x / p) * p;
  return isfinite(y) ? y : 0.0 * x;
}

int64_t rth_round_int(double x) { return rth_float_to_int(nearbyint(x)); }
