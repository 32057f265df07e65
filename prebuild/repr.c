/* repr.c — str(), repr() and `fmt % args` of dynamic values, through the
 * runtime's own text code (runtime/text) so that translation time and run
 * time print the same. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pbint.h"
#include "runtime/text/rt_float.h"
#include "runtime/text/rt_fmt.h"

enum { PB_REPR_DEPTH = 200 };

static void buf_reserve(PbBuf *b, size_t extra) {
  if (extra > SIZE_MAX / 2 - b->len) rt_oom();
  if (b->len + extra <= b->cap) return;
  size_t ncap = b->cap ? b->cap : 64;
  while (ncap < b->len + extra) ncap *= 2;
  char *p = realloc(b->p, ncap);
  if (!p) rt_oom();
  b->p = p;
  b->cap = ncap;
}

void pb_buf_put(PbBuf *b, const char *s, size_t n) {
  buf_reserve(b, n + 1);
  if (n) memcpy(b->p + b->len, s, n);
  b->len += n;
}

static void buf_cstr(PbBuf *b, const char *s) { pb_buf_put(b, s, strlen(s)); }

/* Runs a rt_out.h writer `call` (which uses _o and _c) into b. */
#define PB_EMIT(b, call)                                                    \
  do {                                                                      \
    buf_reserve((b), 64);                                                   \
    char *_o = (b)->p + (b)->len;                                           \
    size_t _c = (b)->cap - (b)->len;                                        \
    size_t _n = (call);                                                     \
    if (_n > _c) {                                                          \
      buf_reserve((b), _n);                                                 \
      _o = (b)->p + (b)->len;                                               \
      _c = _n;                                                              \
      _n = (call);                                                          \
    }                                                                       \
    (b)->len += _n;                                                         \
  } while (0)

static bool repr_seq(Prebuild *PB, PbBuf *b, const Dyn *items, uint32_t n,
                     const char *open, const char *close, int depth) {
  buf_cstr(b, open);
  for (uint32_t i = 0; i < n; i++) {
    if (i) buf_cstr(b, ", ");
    if (!pb_repr_into(PB, b, items[i], true, depth + 1)) return false;
  }
  if (n == 1 && open[0] == '(') buf_cstr(b, ",");
  buf_cstr(b, close);
  return true;
}

static bool repr_dict(Prebuild *PB, PbBuf *b, PbDict *d, int depth) {
  buf_cstr(b, "{");
  bool first = true;
  for (uint32_t i = 0; i < d->nent; i++) {
    if (!d->ent[i].live) continue;
    if (!first) buf_cstr(b, ", ");
    first = false;
    if (!pb_repr_into(PB, b, d->ent[i].key, true, depth + 1)) return false;
    buf_cstr(b, ": ");
    if (!pb_repr_into(PB, b, d->ent[i].val, true, depth + 1)) return false;
  }
  buf_cstr(b, "}");
  return true;
}

bool pb_exc_message(Prebuild *PB, PbInst *e, PbBuf *b) {
  if (!dyn_is(e->exc_args, PB_TUPLE)) return true;
  PbTuple *t = DYN_TUPLE(e->exc_args);
  if (t->len == 0) return true;
  if (t->len > 1) return pb_repr_into(PB, b, e->exc_args, true, 1);
  bool key = pb_subclass(e->cls, PB->c_exc[PBX_KeyError]);
  return pb_repr_into(PB, b, t->items[0], key, 1);
}

static bool repr_inst(Prebuild *PB, PbBuf *b, PbInst *e, bool repr) {
  const char *dot = strrchr(e->cls->name, '.');
  const char *name = dot ? dot + 1 : e->cls->name;
  if (!pb_subclass(e->cls, PB->c_exc[PBX_BaseException])) {
    buf_cstr(b, "<");
    buf_cstr(b, e->cls->name);
    buf_cstr(b, " object>");
    return true;
  }
  if (!repr) return pb_exc_message(PB, e, b);
  buf_cstr(b, name);
  if (!dyn_is(e->exc_args, PB_TUPLE) || DYN_TUPLE(e->exc_args)->len != 1)
    return dyn_is(e->exc_args, PB_TUPLE) ? pb_repr_into(PB, b, e->exc_args, true, 1)
                                         : (buf_cstr(b, "()"), true);
  buf_cstr(b, "(");
  if (!pb_repr_into(PB, b, DYN_TUPLE(e->exc_args)->items[0], true, 1)) return false;
  buf_cstr(b, ")");
  return true;
}

static void repr_other(PbBuf *b, Dyn v) {
  char tmp[64];
  switch ((PbType)v.o->type) {
  case PB_CLASS: buf_cstr(b, "<class '"); buf_cstr(b, DYN_CLASS(v)->name); buf_cstr(b, "'>"); return;
  case PB_FUNC: buf_cstr(b, "<function "); buf_cstr(b, DYN_FUNC(v)->fi->qualname); buf_cstr(b, ">"); return;
  case PB_MODULE: buf_cstr(b, "<module '"); buf_cstr(b, ((PbModule *)v.o)->m->name); buf_cstr(b, "'>"); return;
  case PB_BUILTIN: buf_cstr(b, "<built-in function "); buf_cstr(b, ((PbBuiltin *)v.o)->name); buf_cstr(b, ">"); return;
  case PB_UINTBOX:
    buf_reserve(b, RT_INT_STR_MAX);
    b->len += rt_uint_str(b->p + b->len, ((PbUintBox *)v.o)->u);
    return;
  default:
    snprintf(tmp, sizeof tmp, "<%s object>", pb_type_name(v));
    buf_cstr(b, tmp);
    return;
  }
}

bool pb_repr_into(Prebuild *PB, PbBuf *b, Dyn v, bool repr, int depth) {
  if (depth > PB_REPR_DEPTH) return pb_raise(PB, PBX_RecursionError, "maximum recursion depth exceeded while getting the repr of an object");
  /* the text so far counts against the heap limit: a list repeating one
   * long string reprs to far more than the heap holds */
  if (!pb_heap_room(PB, b->len)) return false;
  buf_reserve(b, RT_INT_STR_MAX + RT_FLOAT_REPR_MAX);
  switch (v.kind) {
  case DK_NONE: buf_cstr(b, "None"); return true;
  case DK_BOOL: buf_cstr(b, v.i ? "True" : "False"); return true;
  case DK_INT: b->len += rt_int_str(b->p + b->len, v.i); return true;
  case DK_UINT: b->len += rt_uint_str(b->p + b->len, v.u); return true;
  case DK_FLOAT: b->len += rt_float_repr(b->p + b->len, v.f); return true;
  default: break;
  }
  switch ((PbType)v.o->type) {
  case PB_STR:
    if (!repr) pb_buf_put(b, DYN_STR(v)->s, DYN_STR(v)->len);
    else PB_EMIT(b, rt_str_repr(_o, _c, DYN_STR(v)->s, DYN_STR(v)->len));
    return true;
  case PB_LIST:
    return repr_seq(PB, b, DYN_LIST(v)->items, DYN_LIST(v)->len, "[", "]", depth);
  case PB_TUPLE:
    return repr_seq(PB, b, DYN_TUPLE(v)->items, DYN_TUPLE(v)->len, "(", ")", depth);
  case PB_DICT: return repr_dict(PB, b, DYN_DICT(v), depth);
  case PB_INST: return repr_inst(PB, b, DYN_INST(v), repr);
  default: repr_other(b, v); return true;
  }
}

bool pb_to_str(Prebuild *PB, Dyn v, bool repr, Dyn *out) {
  if (!repr && dyn_is(v, PB_STR)) { *out = v; return true; }
  PbBuf b = {0};
  bool ok = pb_repr_into(PB, &b, v, repr, 0);
  if (ok) *out = pb_str(PB, b.p, b.len);
  free(b.p);
  return ok;
}

/* ---- fmt % args -------------------------------------------------------------------- */
typedef struct FmtArgs {
  const Dyn *v;
  uint32_t n, next;
} FmtArgs;

static bool next_arg(Prebuild *PB, FmtArgs *a, Dyn *out) {
  *out = dyn_none();
  if (a->next >= a->n) return pb_raise(PB, PBX_TypeError, "not enough arguments for format string");
  *out = a->v[a->next++];
  return true;
}

static bool fmt_star(Prebuild *PB, FmtArgs *a, RtFmtSpec *spec) {
  Dyn w;
  if (spec->flags & RT_FMT_WIDTH_STAR) {
    if (!next_arg(PB, a, &w)) return false;
    if (w.kind != DK_INT && w.kind != DK_BOOL) return pb_raise(PB, PBX_TypeError, "* wants int");
    if (rt_fmt_star_width(spec, w.i) < 0) return pb_raise(PB, PBX_ValueError, "width too big");
  }
  if (spec->flags & RT_FMT_PREC_STAR) {
    if (!next_arg(PB, a, &w)) return false;
    if (w.kind != DK_INT && w.kind != DK_BOOL) return pb_raise(PB, PBX_TypeError, "* wants int");
    if (rt_fmt_star_prec(spec, w.i) < 0) return pb_raise(PB, PBX_ValueError, "precision too big");
  }
  return true;
}

static bool float_to_int(Prebuild *PB, double f, int64_t *out) {
  *out = 0;
  if (isnan(f)) return pb_raise(PB, PBX_ValueError, "cannot convert float NaN to integer");
  if (isinf(f)) return pb_raise(PB, PBX_OverflowError, "cannot convert float infinity to integer");
  if (f >= 9223372036854775808.0 || f < -9223372036854775808.0)
    return pb_raise(PB, PBX_OverflowError, "int too large to convert");
  *out = (int64_t)f;
  return true;
}

static bool fmt_integer(Prebuild *PB, PbBuf *b, const RtFmtSpec *spec, Dyn v) {
  bool dec = strchr("diu", spec->conv) != NULL;
  int64_t i;
  if (v.kind == DK_UINT) { PB_EMIT(b, rt_fmt_uint(_o, _c, spec, v.u)); return true; }
  if (v.kind == DK_INT || v.kind == DK_BOOL) i = v.i;
  else if (v.kind == DK_FLOAT && dec) { if (!float_to_int(PB, v.f, &i)) return false; }
  else if (dec) return pb_raise(PB, PBX_TypeError, "%%%c format: a real number is required, not %s", spec->conv, pb_type_name(v));
  else return pb_raise(PB, PBX_TypeError, "%%%c format: an integer is required, not %s", spec->conv, pb_type_name(v));
  PB_EMIT(b, rt_fmt_int(_o, _c, spec, i));
  return true;
}

static bool fmt_float(Prebuild *PB, PbBuf *b, const RtFmtSpec *spec, Dyn v) {
  double f;
  if (v.kind == DK_FLOAT) f = v.f;
  else if (v.kind == DK_INT || v.kind == DK_BOOL) f = (double)v.i;
  else if (v.kind == DK_UINT) f = (double)v.u;
  else return pb_raise(PB, PBX_TypeError, "must be real number, not %s", pb_type_name(v));
  PB_EMIT(b, rt_fmt_float(_o, _c, spec, f));
  return true;
}

static bool fmt_char(Prebuild *PB, PbBuf *b, const RtFmtSpec *spec, Dyn v) {
  unsigned char ch;
  if (dyn_is(v, PB_STR) && DYN_STR(v)->len == 1) ch = (unsigned char)DYN_STR(v)->s[0];
  else if (v.kind == DK_INT || v.kind == DK_BOOL) {
    if (v.i < 0 || v.i > 255) return pb_raise(PB, PBX_OverflowError, "%%c arg not in range(256)");
    ch = (unsigned char)v.i;
  } else return pb_raise(PB, PBX_TypeError, "%%c requires int or char");
  PB_EMIT(b, rt_fmt_char(_o, _c, spec, ch));
  return true;
}

static bool fmt_text(Prebuild *PB, PbBuf *b, const RtFmtSpec *spec, Dyn v) {
  if (dyn_is(v, PB_STR)) {
    PB_EMIT(b, rt_fmt_str(_o, _c, spec, DYN_STR(v)->s, DYN_STR(v)->len));
    return true;
  }
  PbBuf t = {0};
  if (!pb_repr_into(PB, &t, v, spec->conv != 's', 0)) { free(t.p); return false; }
  RtFmtSpec s2 = *spec;
  s2.conv = 's';
  PB_EMIT(b, rt_fmt_text(_o, _c, &s2, t.p ? t.p : "", t.len));
  free(t.p);
  return true;
}

static bool fmt_one(Prebuild *PB, PbBuf *b, RtFmtSpec *spec, FmtArgs *a) {
  Dyn v;
  if (!fmt_star(PB, a, spec) || !next_arg(PB, a, &v)) return false;
  /* the piece takes its width and precision at least, on top of what is
   * made so far: the translation-time heap must hold that ("%01380632922x"
   * % 7 asked for 1.4 GB, past the fuzzer's memory limit) */
  uint64_t need = (uint64_t)b->len + (uint64_t)(spec->width > 0 ? spec->width : 0) +
                  (uint64_t)(spec->prec > 0 ? spec->prec : 0);
  if (!pb_heap_room(PB, need)) return false;
  switch (spec->conv) {
  case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': return fmt_integer(PB, b, spec, v);
  case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': return fmt_float(PB, b, spec, v);
  case 'c': return fmt_char(PB, b, spec, v);
  default: return fmt_text(PB, b, spec, v);
  }
}

static bool format_into(Prebuild *PB, PbBuf *b, PbStr *fmt, FmtArgs *a) {
  size_t i = 0, n = fmt->len;
  while (i < n) {
    const char *pct = memchr(fmt->s + i, '%', n - i);
    size_t stop = pct ? (size_t)(pct - fmt->s) : n;
    pb_buf_put(b, fmt->s + i, stop - i);
    if (!pct) break;
    i = stop;
    RtFmtSpec spec;
    RtSpecStatus st = rt_fmt_parse_spec(fmt->s, n, &i, &spec);
    if (st == RT_SPEC_MAPPING) return pb_raise(PB, PBX_TypeError, "format requires a mapping");
    if (st != RT_SPEC_OK) {
      char msg[256];
      size_t m = rt_fmt_spec_error(msg, sizeof msg - 1, st, fmt->s, n, i);
      msg[m < sizeof msg - 1 ? m : sizeof msg - 1] = '\0';
      return pb_raise(PB, PBX_ValueError, "%s", msg);
    }
    if (spec.conv == '%') pb_buf_put(b, "%", 1);
    else if (!fmt_one(PB, b, &spec, a)) return false;
  }
  bool mapping = a->n == 1 && dyn_is(a->v[0], PB_DICT);  /* need not be used */
  if (a->next < a->n && !mapping) return pb_raise(PB, PBX_TypeError, "not all arguments converted during string formatting");
  return true;
}

bool pb_format(Prebuild *PB, PbStr *fmt, Dyn args, Dyn *out) {
  FmtArgs a = {&args, 1, 0};
  if (dyn_is(args, PB_TUPLE)) {
    a.v = DYN_TUPLE(args)->items;
    a.n = DYN_TUPLE(args)->len;
  }
  PbBuf b = {0};
  bool ok = format_into(PB, &b, fmt, &a);
  if (ok) *out = pb_str(PB, b.p ? b.p : "", b.len);
  free(b.p);
  return ok;
}
