/* builtins.c — built-in functions, classes and module members of RL at
 * translation time (LANGUAGE.md "Built-ins" and "Library modules"): one
 * table from qualified name to C function, plus constant members. Output
 * (print, os.write, files) is an error at module level; the rlib hints are
 * identities that remember decorations in the function's PbFuncFlags. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pbint.h"
#include "runtime/text/rt_parse.h"

typedef struct BiEntry {
  const char *name;
  PbBuiltinFn fn;
} BiEntry;

#define BI(name) static bool name(Prebuild *PB, Dyn self, PbCall *c, Dyn *out)
#define UNUSED_SELF (void)self

bool pb_no_kw(Prebuild *PB, PbCall *c, const char *fname) {
  return c->nkw == 0 || pb_raise(PB, PBX_TypeError, "%s() takes no keyword arguments", fname);
}

bool pb_nargs(Prebuild *PB, PbCall *c, const char *fname, uint32_t lo, uint32_t hi) {
  if (!pb_no_kw(PB, c, fname)) return false;
  if (c->npos >= lo && c->npos <= hi) return true;
  if (lo == hi)
    return pb_raise(PB, PBX_TypeError, "%s() takes exactly %u argument%s (%u given)", fname, lo,
                    lo == 1 ? "" : "s", c->npos);
  if (c->npos < lo)
    return pb_raise(PB, PBX_TypeError, "%s() takes at least %u argument%s (%u given)", fname, lo,
                    lo == 1 ? "" : "s", c->npos);
  return pb_raise(PB, PBX_TypeError, "%s() takes at most %u argument%s (%u given)", fname, hi,
                  hi == 1 ? "" : "s", c->npos);
}

/* A keyword argument by name (interned compare via strcmp: names are few). */
static Dyn *kwarg(PbCall *c, const char *name) {
  for (uint32_t i = 0; i < c->nkw; i++)
    if (strcmp(c->kwnames[i], name) == 0) return &c->args[c->npos + i];
  return NULL;
}

static bool int_arg(Prebuild *PB, Dyn d, int64_t *out) {
  *out = 0;
  if (pb_index_of(PB, d, out)) return true;
  return pb_type_error(PB, "'%s' object cannot be interpreted as an integer", d);
}

/* ---- errors at translation time ---------------------------------------------------- */
BI(bi_output) {
  UNUSED_SELF; (void)c; (void)out;
  return pb_fatal(PB, "module-level output is not allowed: the translated program would not repeat it");
}

BI(bi_unsupported) {
  (void)c; (void)out;
  const PbBuiltin *b = self.kind == DK_OBJ ? (const PbBuiltin *)self.o : NULL;
  return pb_fatal(PB, "%s is not supported at translation time", b ? b->name : "this built-in");
}

BI(bi_open) {
  UNUSED_SELF;
  if (c->npos >= 2 && dyn_is(c->args[1], PB_STR) && strpbrk(DYN_STR(c->args[1])->s, "wa+"))
    return bi_output(PB, self, c, out);
  return pb_fatal(PB, "open() is not supported at translation time");
}

BI(bi_noop) {
  UNUSED_SELF; (void)PB; (void)c;
  *out = dyn_none();
  return true;
}

BI(bi_false) {
  UNUSED_SELF; (void)PB; (void)c;
  *out = dyn_bool(false);
  return true;
}

BI(bi_identity) {
  UNUSED_SELF;
  if (c->npos < 1) return pb_raise(PB, PBX_TypeError, "expected an argument");
  *out = c->args[0];
  return true;
}

/* ---- core built-ins -------------------------------------------------------------------- */
BI(bi_len) {
  UNUSED_SELF;
  int64_t n;
  if (!pb_nargs(PB, c, "len", 1, 1) || !pb_len(PB, c->args[0], &n)) return false;
  *out = dyn_int(n);
  return true;
}

BI(bi_range) {
  UNUSED_SELF;
  int64_t v[3] = {0, 0, 1};
  if (!pb_nargs(PB, c, "range", 1, 3)) return false;
  for (uint32_t i = 0; i < c->npos; i++)
    if (!int_arg(PB, c->args[i], &v[c->npos == 1 ? 1 : i])) return false;
  if (v[2] == 0) return pb_raise(PB, PBX_ValueError, "range() arg 3 must not be zero");
  *out = pb_range(PB, v[0], v[1], v[2]);
  return true;
}

BI(bi_isinstance) {
  UNUSED_SELF;
  bool r;
  if (!pb_nargs(PB, c, "isinstance", 2, 2) || !pb_isinstance(PB, c->args[0], c->args[1], &r))
    return false;
  *out = dyn_bool(r);
  return true;
}

BI(bi_ord) {
  UNUSED_SELF;
  if (!pb_nargs(PB, c, "ord", 1, 1)) return false;
  Dyn s = c->args[0];
  if (!dyn_is(s, PB_STR))
    return pb_type_error(PB, "ord() expected string of length 1, but %s found", s);
  if (DYN_STR(s)->len != 1)
    return pb_raise(PB, PBX_TypeError, "ord() expected a character, but string of length %u found",
                    DYN_STR(s)->len);
  *out = dyn_int((unsigned char)DYN_STR(s)->s[0]);
  return true;
}

BI(bi_chr) {
  UNUSED_SELF;
  int64_t i;
  if (!pb_nargs(PB, c, "chr", 1, 1) || !int_arg(PB, c->args[0], &i)) return false;
  if (i < 0 || i > 255) return pb_raise(PB, PBX_ValueError, "chr() arg not in range(256)");
  char ch = (char)i;
  *out = pb_str(PB, &ch, 1);
  return true;
}

BI(bi_str) {
  UNUSED_SELF;
  if (!pb_nargs(PB, c, "str", 0, 1)) return false;
  if (!c->npos) { *out = pb_str(PB, "", 0); return true; }
  return pb_to_str(PB, c->args[0], false, out);
}

BI(bi_repr) {
  UNUSED_SELF;
  return pb_nargs(PB, c, "repr", 1, 1) && pb_to_str(PB, c->args[0], true, out);
}

static bool float_to_int(Prebuild *PB, double f, Dyn *out) {
  if (isnan(f)) return pb_raise(PB, PBX_ValueError, "cannot convert float NaN to integer");
  if (isinf(f)) return pb_raise(PB, PBX_OverflowError, "cannot convert float infinity to integer");
  if (f >= 9223372036854775808.0 || f < -9223372036854775808.0)
    return pb_raise(PB, PBX_OverflowError, "int too large to convert to a machine word");
  *out = dyn_int((int64_t)f);
  return true;
}

static bool parse_int(Prebuild *PB, PbStr *s, int64_t base, Dyn *out) {
  int64_t v;
  RtParseStatus st = rt_parse_int(s->s, s->len, (int)base, &v);
  if (st == RT_PARSE_OK) { *out = dyn_int(v); return true; }
  if (st == RT_PARSE_OVERFLOW)
    return pb_raise(PB, PBX_OverflowError, "int too large to convert to a machine word");
  char msg[300];
  size_t n = rt_int_parse_error(msg, sizeof msg - 1, s->s, s->len, (int)base);
  msg[n < sizeof msg - 1 ? n : sizeof msg - 1] = '\0';
  return pb_raise(PB, PBX_ValueError, "%s", msg);
}

BI(bi_int) {
  UNUSED_SELF;
  int64_t base = 10;
  Dyn *kb = kwarg(c, "base");
  if (c->npos > 2 || c->nkw > (kb ? 1u : 0u)) return pb_nargs(PB, c, "int", 0, 2);
  if (c->npos == 2 && !int_arg(PB, c->args[1], &base)) return false;
  if (kb && !int_arg(PB, *kb, &base)) return false;
  if (base != 10 && (base < 0 || base == 1 || base > 36))
    return pb_raise(PB, PBX_ValueError, "int() base must be >= 2 and <= 36, or 0");
  if (!c->npos) { *out = dyn_int(0); return true; }
  Dyn x = c->args[0];
  if (dyn_is(x, PB_STR)) return parse_int(PB, DYN_STR(x), base, out);
  if (c->npos == 2 || kb) return pb_raise(PB, PBX_TypeError, "int() can't convert non-string with explicit base");
  switch (x.kind) {
  case DK_INT: case DK_BOOL: *out = dyn_int(x.i); return true;
  case DK_UINT: *out = dyn_int((int64_t)x.u); return true;
  case DK_FLOAT: return float_to_int(PB, x.f, out);
  default: return pb_type_error(PB, "int() argument must be a string, a bytes-like object or a number, not '%s'", x);
  }
}

BI(bi_float) {
  UNUSED_SELF;
  if (!pb_nargs(PB, c, "float", 0, 1)) return false;
  if (!c->npos) { *out = dyn_float(0.0); return true; }
  Dyn x = c->args[0];
  double f;
  switch (x.kind) {
  case DK_FLOAT: *out = x; return true;
  case DK_INT: case DK_BOOL: *out = dyn_float((double)x.i); return true;
  case DK_UINT: *out = dyn_float((double)x.u); return true;
  default: break;
  }
  if (!dyn_is(x, PB_STR))
    return pb_type_error(PB, "float() argument must be a string or a number, not '%s'", x);
  if (rt_parse_float(DYN_STR(x)->s, DYN_STR(x)->len, &f) == RT_PARSE_OK) {
    *out = dyn_float(f);
    return true;
  }
  char msg[300];
  size_t n = rt_float_parse_error(msg, sizeof msg - 1, DYN_STR(x)->s, DYN_STR(x)->len);
  msg[n < sizeof msg - 1 ? n : sizeof msg - 1] = '\0';
  return pb_raise(PB, PBX_ValueError, "%s", msg);
}

BI(bi_bool) {
  UNUSED_SELF;
  if (!pb_nargs(PB, c, "bool", 0, 1)) return false;
  *out = dyn_bool(c->npos && pb_truth(c->args[0]));
  return true;
}

BI(bi_abs) {
  UNUSED_SELF;
  if (!pb_nargs(PB, c, "abs", 1, 1)) return false;
  Dyn x = c->args[0];
  switch (x.kind) {
  case DK_INT: case DK_BOOL: *out = dyn_int(x.i < 0 ? (int64_t)(0 - (uint64_t)x.i) : x.i); return true;
  case DK_FLOAT: *out = dyn_float(fabs(x.f)); return true;
  case DK_UINT: *out = x; return true;
  default: return pb_type_error(PB, "bad operand type for abs(): '%s'", x);
  }
}

static bool minmax(Prebuild *PB, PbCall *c, bool max, Dyn *out) {
  const char *name = max ? "max" : "min";
  if (!pb_no_kw(PB, c, name)) return false;
  if (!c->npos) return pb_raise(PB, PBX_TypeError, "%s expected 1 argument, got 0", name);
  const Dyn *items = c->args;
  uint32_t n = c->npos;
  if (n == 1) {
    PbList *l;
    if (!pb_to_list(PB, c->args[0], &l)) return false;
    items = l->items;
    n = l->len;
    if (!n) return pb_raise(PB, PBX_ValueError, "%s() arg is an empty sequence", name);
  }
  Dyn best = items[0];
  for (uint32_t i = 1; i < n; i++) {
    bool better;
    if (!(max ? pb_less(PB, best, items[i], &better) : pb_less(PB, items[i], best, &better)))
      return false;
    if (better) best = items[i];
  }
  *out = best;
  return true;
}

BI(bi_min) { UNUSED_SELF; return minmax(PB, c, false, out); }
BI(bi_max) { UNUSED_SELF; return minmax(PB, c, true, out); }

BI(bi_hash) {
  UNUSED_SELF;
  int64_t h;
  if (!pb_nargs(PB, c, "hash", 1, 1) || !pb_hash(PB, c->args[0], &h)) return false;
  *out = dyn_int(h);
  return true;
}

BI(bi_identity_hash) {
  UNUSED_SELF;
  if (!pb_nargs(PB, c, "compute_identity_hash", 1, 1)) return false;
  Dyn x = c->args[0];
  *out = dyn_int(x.kind == DK_OBJ ? (int64_t)x.o->id * 16 : x.i);
  return true;
}

/* Stable merge sort with pb_less (which may raise). */
static bool merge_sort(Prebuild *PB, Dyn *a, Dyn *tmp, uint32_t n) {
  if (n < 2) return true;
  uint32_t h = n / 2;
  if (!merge_sort(PB, a, tmp, h) || !merge_sort(PB, a + h, tmp, n - h)) return false;
  uint32_t i = 0, j = h, k = 0;
  while (i < h && j < n) {
    bool lt;
    if (!pb_less(PB, a[j], a[i], &lt)) return false;
    tmp[k++] = lt ? a[j++] : a[i++];
  }
  while (i < h) tmp[k++] = a[i++];
  while (j < n) tmp[k++] = a[j++];
  memcpy(a, tmp, n * sizeof *a);
  return true;
}

bool pb_sort(Prebuild *PB, PbList *l, bool reverse) {
  if (l->len < 2) return true;
  Dyn *tmp = malloc(l->len * sizeof *tmp);
  Dyn *items = malloc(l->len * sizeof *items);
  if (!tmp || !items) rt_oom();
  memcpy(items, l->items, l->len * sizeof *items);
  uint32_t n = l->len;
  if (reverse)
    for (uint32_t i = 0; i < n / 2; i++) { Dyn t = items[i]; items[i] = items[n - 1 - i]; items[n - 1 - i] = t; }
  bool ok = merge_sort(PB, items, tmp, n);
  if (ok && reverse)
    for (uint32_t i = 0; i < n / 2; i++) { Dyn t = items[i]; items[i] = items[n - 1 - i]; items[n - 1 - i] = t; }
  if (ok && l->len == n) memcpy(l->items, items, n * sizeof *items);
  free(tmp);
  free(items);
  return ok;
}

BI(bi_sorted) {
  UNUSED_SELF;
  Dyn *rev = kwarg(c, "reverse");
  if (c->npos != 1 || c->nkw > (rev ? 1u : 0u)) return pb_nargs(PB, c, "sorted", 1, 1);
  PbList *l;
  if (!pb_to_list(PB, c->args[0], &l) || !pb_sort(PB, l, rev && pb_truth(*rev))) return false;
  *out = dyn_obj(l);
  return true;
}

BI(bi_reversed) {
  UNUSED_SELF;
  PbList *l;
  if (!pb_nargs(PB, c, "reversed", 1, 1)) return false;
  Dyn x = c->args[0];
  if (dyn_is(x, PB_LIST)) l = DYN_LIST(x);
  else if (!dyn_is(x, PB_STR) && !dyn_is(x, PB_TUPLE))
    return pb_type_error(PB, "'%s' object is not reversible", x);
  else if (!pb_to_list(PB, x, &l)) return false;
  *out = pb_iter_new(PB, PBI_REVERSED, dyn_obj(l), (int64_t)l->len - 1, 0, -1);
  return true;
}

BI(bi_sum) {
  UNUSED_SELF;
  PbList *l;
  if (!pb_nargs(PB, c, "sum", 1, 2) || !pb_to_list(PB, c->args[0], &l)) return false;
  Dyn acc = c->npos == 2 ? c->args[1] : dyn_int(0);
  if (dyn_is(acc, PB_STR)) return pb_raise(PB, PBX_TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
  for (uint32_t i = 0; i < l->len; i++)
    if (!pb_binop(PB, HL_add, acc, l->items[i], &acc)) return false;
  *out = acc;
  return true;
}

BI(bi_divmod) {
  UNUSED_SELF;
  Dyn q, r;
  if (!pb_nargs(PB, c, "divmod", 2, 2) || !pb_binop(PB, HL_floordiv, c->args[0], c->args[1], &q) ||
      !pb_binop(PB, HL_mod, c->args[0], c->args[1], &r))
    return false;
  *out = pb_tuple2(PB, q, r);
  return true;
}

static double round_digits(double x, int64_t nd) {
  if (!isfinite(x) || nd > 330) return x;
  if (nd >= 0) {
    char buf[400];
    snprintf(buf, sizeof buf, "%.*f", (int)nd, x);
    return strtod(buf, NULL);
  }
  if (nd < -330) return copysign(0.0, x);
  double p = pow(10.0, (double)-nd), y = nearbyint(x / p) * p;
  return isfinite(y) ? y : copysign(0.0, x);
}

BI(bi_round) {
  UNUSED_SELF;
  int64_t nd = 0;
  if (!pb_nargs(PB, c, "round", 1, 2)) return false;
  Dyn x = c->args[0];
  bool has_nd = c->npos == 2 && c->args[1].kind != DK_NONE;
  if (has_nd && !int_arg(PB, c->args[1], &nd)) return false;
  if (x.kind == DK_INT || x.kind == DK_BOOL || x.kind == DK_UINT) {
    if (!has_nd || nd >= 0) { *out = x.kind == DK_BOOL ? dyn_int(x.i) : x; return true; }
    if (nd < -18) { *out = dyn_int(0); return true; }
    int64_t p = 1, r, q;
    for (int64_t i = 0; i < -nd; i++) p *= 10;
    q = x.i / p; r = x.i % p;
    if (r < 0) { r += p; q--; }
    if (2 * r > p || (2 * r == p && (q & 1))) q++;
    *out = dyn_int((int64_t)((uint64_t)q * (uint64_t)p));
    return true;
  }
  if (x.kind != DK_FLOAT) return pb_type_error(PB, "type %s doesn't define __round__ method", x);
  if (has_nd) { *out = dyn_float(round_digits(x.f, nd)); return true; }
  return float_to_int(PB, nearbyint(x.f), out);
}

BI(bi_list) {
  UNUSED_SELF;
  PbList *l;
  if (!pb_nargs(PB, c, "list", 0, 1)) return false;
  if (!c->npos) { *out = pb_list(PB, 0); return true; }
  if (!pb_to_list(PB, c->args[0], &l)) return false;
  *out = dyn_obj(l);
  return true;
}

BI(bi_tuple) {
  UNUSED_SELF;
  PbList *l;
  if (!pb_nargs(PB, c, "tuple", 0, 1)) return false;
  if (c->npos && dyn_is(c->args[0], PB_TUPLE)) { *out = c->args[0]; return true; }
  if (!c->npos) { *out = pb_tuple(PB, 0); return true; }
  if (!pb_to_list(PB, c->args[0], &l)) return false;
  *out = pb_tuple(PB, l->len);
  if (l->len) memcpy(DYN_TUPLE(*out)->items, l->items, l->len * sizeof(Dyn));
  return true;
}

bool pb_dict_update(Prebuild *PB, PbDict *d, Dyn src) {
  if (dyn_is(src, PB_DICT)) {
    PbDict *s = DYN_DICT(src);
    for (uint32_t i = 0; i < s->nent; i++)
      if (s->ent[i].live && !pb_dict_set(PB, d, s->ent[i].key, s->ent[i].val)) return false;
    return true;
  }
  PbList *l;
  if (!pb_to_list(PB, src, &l)) return false;
  for (uint32_t i = 0; i < l->len; i++) {
    Dyn p = l->items[i];
    int64_t n;
    if (!pb_len(PB, p, &n)) return false;
    if (n != 2)
      return pb_raise(PB, PBX_ValueError, "dictionary update sequence element #%u has length %lld; 2 is required",
                      i, (long long)n);
    Dyn k, v;
    if (!pb_getitem(PB, p, dyn_int(0), &k) || !pb_getitem(PB, p, dyn_int(1), &v) ||
        !pb_dict_set(PB, d, k, v))
      return false;
  }
  return true;
}

BI(bi_dict) {
  UNUSED_SELF;
  if (c->npos > 1) return pb_raise(PB, PBX_TypeError, "dict expected at most 1 argument, got %u", c->npos);
  *out = pb_dict(PB);
  if (c->npos && !pb_dict_update(PB, DYN_DICT(*out), c->args[0])) return false;
  for (uint32_t i = 0; i < c->nkw; i++)
    if (!pb_dict_set(PB, DYN_DICT(*out), pb_cstr(PB, c->kwnames[i]), c->args[c->npos + i]))
      return false;
  return true;
}

BI(bi_enumerate) {
  UNUSED_SELF;
  int64_t start = 0;
  Dyn *ks = kwarg(c, "start"), it;
  if (c->npos < 1 || c->npos > 2 || c->nkw > (ks ? 1u : 0u)) return pb_nargs(PB, c, "enumerate", 1, 2);
  if (c->npos == 2 && !int_arg(PB, c->args[1], &start)) return false;
  if (ks && !int_arg(PB, *ks, &start)) return false;
  if (!pb_iter(PB, c->args[0], &it)) return false;
  *out = pb_iter_pair(PB, PBI_ENUMERATE, it, dyn_none(), start);
  return true;
}

BI(bi_zip) {
  UNUSED_SELF;
  Dyn a, b;
  if (!pb_nargs(PB, c, "zip", 2, 2)) return false;
  if (!pb_iter(PB, c->args[0], &a) || !pb_iter(PB, c->args[1], &b)) return false;
  *out = pb_iter_pair(PB, PBI_ZIP, a, b, 0);
  return true;
}

BI(bi_iter) {
  UNUSED_SELF;
  return pb_nargs(PB, c, "iter", 1, 1) && pb_iter(PB, c->args[0], out);
}

BI(bi_next) {
  UNUSED_SELF;
  bool done;
  if (!pb_nargs(PB, c, "next", 1, 2) || !pb_next(PB, c->args[0], out, &done)) return false;
  if (!done) return true;
  if (c->npos == 2) { *out = c->args[1]; return true; }
  return pb_raise(PB, PBX_StopIteration, "%s", "");
}

BI(bi_super) {
  UNUSED_SELF;
  if (!pb_nargs(PB, c, "super", 0, 2)) return false;
  if (c->npos == 2) {
    if (!dyn_is(c->args[0], PB_CLASS)) return pb_type_error(PB, "super() argument 1 must be type, not %s", c->args[0]);
    *out = pb_super(PB, DYN_CLASS(c->args[0]), c->args[1]);
    return true;
  }
  PbFrame *f = PB->frame;
  PbClass *cls = f && f->func && f->func->fi->cls ? pb_class_of(PB, f->func->fi->cls) : NULL;
  if (!cls || f->g->start->ninputs == 0)
    return pb_raise(PB, PBX_RuntimeError, "super(): no arguments");
  *out = pb_super(PB, cls, f->self);
  return true;
}

BI(bi_staticmethod) {
  UNUSED_SELF;
  if (!pb_nargs(PB, c, "staticmethod", 1, 1)) return false;
  if (dyn_is(c->args[0], PB_FUNC)) DYN_FUNC(c->args[0])->flags->staticmethod = true;
  *out = c->args[0];
  return true;
}

/* Exception.__init__(self, *args) and object.__init__(self). */
static bool init_self(Prebuild *PB, Dyn *self, PbCall *c, uint32_t *first) {
  *first = 0;
  if (self->kind == DK_NONE) {
    if (!c->npos || !dyn_is(c->args[0], PB_INST))
      return pb_raise(PB, PBX_TypeError, "descriptor '__init__' needs an argument");
    *self = c->args[0];
    *first = 1;
  }
  return true;
}

BI(bi_exc_init) {
  uint32_t first;
  if (!pb_no_kw(PB, c, "Exception") || !init_self(PB, &self, c, &first)) return false;
  Dyn args = pb_tuple(PB, c->npos - first);
  if (c->npos > first) memcpy(DYN_TUPLE(args)->items, c->args + first, (c->npos - first) * sizeof(Dyn));
  DYN_INST(self)->exc_args = args;
  *out = dyn_none();
  return true;
}

BI(bi_object_init) {
  uint32_t first;
  if (!init_self(PB, &self, c, &first)) return false;
  if (c->npos > first || c->nkw)
    return pb_raise(PB, PBX_TypeError, "%s() takes no arguments", pb_type_name(self));
  *out = dyn_none();
  return true;
}

/* ---- math, time, sys ------------------------------------------------------------------ */
static bool real_arg(Prebuild *PB, Dyn d, double *f) {
  *f = 0.0;
  switch (d.kind) {
  case DK_FLOAT: *f = d.f; return true;
  case DK_INT: case DK_BOOL: *f = (double)d.i; return true;
  case DK_UINT: *f = (double)d.u; return true;
  default: return pb_type_error(PB, "must be real number, not %s", d);
  }
}

static bool math_result(Prebuild *PB, double x, double r, Dyn *out) {
  if (isnan(r) && !isnan(x)) return pb_raise(PB, PBX_ValueError, "math domain error");
  if (isinf(r) && isfinite(x)) return pb_raise(PB, PBX_OverflowError, "math range error");
  *out = dyn_float(r);
  return true;
}

#define MATH1(name, expr, domain)                                           \
  BI(bi_##name) {                                                           \
    UNUSED_SELF;                                                            \
    double x;                                                               \
    if (!pb_nargs(PB, c, #name, 1, 1) || !real_arg(PB, c->args[0], &x))    \
      return false;                                                         \
    if (domain) return pb_raise(PB, PBX_ValueError, "math domain error");   \
    return math_result(PB, x, (expr), out);                                 \
  }
MATH1(sqrt, sqrt(x), x < 0)
MATH1(fabs, fabs(x), false)
MATH1(sin, sin(x), isinf(x))
MATH1(cos, cos(x), isinf(x))
MATH1(exp, exp(x), false)

BI(bi_log) {
  UNUSED_SELF;
  double x, b = 0;
  if (!pb_nargs(PB, c, "log", 1, 2) || !real_arg(PB, c->args[0], &x)) return false;
  if (c->npos == 2 && !real_arg(PB, c->args[1], &b)) return false;
  if (x <= 0 || (c->npos == 2 && (b <= 0 || b == 1)))
    return pb_raise(PB, x <= 0 || b <= 0 ? PBX_ValueError : PBX_ZeroDivisionError,
                    x <= 0 || b <= 0 ? "math domain error" : "float division by zero");
  *out = dyn_float(c->npos == 2 ? log(x) / log(b) : log(x));
  return true;
}

BI(bi_mpow) {
  UNUSED_SELF;
  double x, y;
  if (!pb_nargs(PB, c, "pow", 2, 2) || !real_arg(PB, c->args[0], &x) || !real_arg(PB, c->args[1], &y))
    return false;
  if ((x == 0 && y < 0) || (x < 0 && isfinite(x) && isfinite(y) && y != floor(y)))
    return pb_raise(PB, PBX_ValueError, "math domain error");
  double r = pow(x, y);
  if (isinf(r) && isfinite(x) && isfinite(y)) return pb_raise(PB, PBX_OverflowError, "math range error");
  *out = dyn_float(r);
  return true;
}

static bool floor_ceil(Prebuild *PB, PbCall *c, bool ceil_, Dyn *out) {
  double x;
  if (!pb_nargs(PB, c, ceil_ ? "ceil" : "floor", 1, 1)) return false;
  if (c->args[0].kind == DK_INT || c->args[0].kind == DK_BOOL) { *out = dyn_int(c->args[0].i); return true; }
  if (!real_arg(PB, c->args[0], &x)) return false;
  return float_to_int(PB, ceil_ ? ceil(x) : floor(x), out);
}

BI(bi_floor) { UNUSED_SELF; return floor_ceil(PB, c, false, out); }
BI(bi_ceil) { UNUSED_SELF; return floor_ceil(PB, c, true, out); }

BI(bi_time) {
  UNUSED_SELF; (void)PB; (void)c;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  *out = dyn_float((double)ts.tv_sec + (double)ts.tv_nsec * 1e-9);
  return true;
}

BI(bi_exit) {
  UNUSED_SELF; (void)c; (void)out;
  return pb_fatal(PB, "sys.exit() called at translation time");
}

/* ---- rlib ------------------------------------------------------------------------------ */
BI(bi_intmask) {
  UNUSED_SELF;
  if (!pb_nargs(PB, c, "intmask", 1, 1)) return false;
  Dyn x = c->args[0];
  if (x.kind == DK_FLOAT) {
    if (!isfinite(x.f)) return float_to_int(PB, x.f, out);
    double t = trunc(x.f), m = fmod(t, 18446744073709551616.0);
    if (m < 0) m += 18446744073709551616.0;
    *out = dyn_int((int64_t)(m >= 9223372036854775808.0 ? (uint64_t)(m - 9223372036854775808.0) + (1ULL << 63) : (uint64_t)m));
    return true;
  }
  if (x.kind == DK_INT || x.kind == DK_BOOL || x.kind == DK_UINT) { *out = dyn_int(x.i); return true; }
  return pb_type_error(PB, "intmask() of a %s", x);
}

BI(bi_r_uint) {
  UNUSED_SELF;
  if (!pb_nargs(PB, c, "r_uint", 0, 1)) return false;
  Dyn x = c->npos ? c->args[0] : dyn_int(0);
  if (x.kind == DK_FLOAT) {
    Dyn i;
    if (!bi_intmask(PB, self, c, &i)) return false;
    x = i;
  }
  if (x.kind != DK_INT && x.kind != DK_BOOL && x.kind != DK_UINT)
    return pb_type_error(PB, "r_uint() of a %s", x);
  *out = dyn_uint(x.u);
  return true;
}

/* ovfcheck's operand carries whether the + - * or unary - that made it
 * wrapped (Dyn.ovf, set by ops.c). */
BI(bi_ovfcheck) {
  UNUSED_SELF;
  if (!pb_nargs(PB, c, "ovfcheck", 1, 1)) return false;
  Dyn x = c->args[0];
  if (x.kind == DK_UINT) return pb_raise(PB, PBX_TypeError, "ovfcheck() of an r_uint");
  if (x.kind != DK_INT && x.kind != DK_BOOL) return pb_type_error(PB, "ovfcheck() of a %s", x);
  if (x.ovf) return pb_raise(PB, PBX_OverflowError, "integer overflow");
  *out = x;
  return true;
}

static bool decorate(Prebuild *PB, PbCall *c, const char *what, PbFuncFlags **fl, Dyn *out) {
  *fl = NULL;
  if (c->npos != 1 || c->nkw || !dyn_is(c->args[0], PB_FUNC))
    return pb_fatal(PB, "@%s applies to a function", what);
  *fl = DYN_FUNC(c->args[0])->flags;
  *out = c->args[0];
  return true;
}

#define DECORATOR_FN(cname, field)                                          \
  BI(cname) {                                                               \
    UNUSED_SELF;                                                            \
    PbFuncFlags *fl;                                                        \
    if (!decorate(PB, c, #field, &fl, out)) return false;                   \
    fl->field = true;                                                       \
    return true;                                                            \
  }
DECORATOR_FN(bi_elidable, elidable)
DECORATOR_FN(bi_unroll_safe, unroll_safe)
DECORATOR_FN(bi_dont_look_inside, dont_look_inside)
DECORATOR_FN(bi_look_inside, look_inside)

BI(bi_elidable_promote_dec) {
  UNUSED_SELF;
  PbFuncFlags *fl;
  if (!decorate(PB, c, "elidable_promote", &fl, out)) return false;
  fl->elidable = fl->elidable_promote = true;
  return true;
}

BI(bi_elidable_promote) {
  if (c->npos == 1 && dyn_is(c->args[0], PB_FUNC)) return bi_elidable_promote_dec(PB, self, c, out);
  *out = pb_builtin_fn(PB, "rlib.jit.elidable_promote", bi_elidable_promote_dec, dyn_none());
  return true;
}

BI(bi_look_inside_iff_dec) {
  PbFuncFlags *fl;
  if (!decorate(PB, c, "look_inside_iff", &fl, out)) return false;
  fl->look_inside_iff = DYN_FUNC(self);
  return true;
}

BI(bi_look_inside_iff) {
  UNUSED_SELF;
  if (!pb_nargs(PB, c, "look_inside_iff", 1, 1)) return false;
  if (!dyn_is(c->args[0], PB_FUNC)) return pb_fatal(PB, "look_inside_iff(pred): pred must be a named function");
  *out = pb_builtin_fn(PB, "rlib.jit.look_inside_iff", bi_look_inside_iff_dec, c->args[0]);
  return true;
}

static bool spec_decorator(Prebuild *PB, Dyn self, PbCall *c, Dyn *out) {
  PbFuncFlags *fl;
  if (!decorate(PB, c, "specialize", &fl, out)) return false;
  PbTuple *t = DYN_TUPLE(self);
  fl->specialize = (uint8_t)t->items[0].i;
  fl->nspec = 0;
  for (uint32_t i = 1; i < t->len && fl->nspec < 8; i++) fl->spec_args[fl->nspec++] = t->items[i].i;
  return true;
}

static bool specialize(Prebuild *PB, PbCall *c, PbSpecialize kind, Dyn *out) {
  if (!pb_no_kw(PB, c, "specialize")) return false;
  Dyn t = pb_tuple(PB, c->npos + 1);
  DYN_TUPLE(t)->items[0] = dyn_int(kind);
  for (uint32_t i = 0; i < c->npos; i++) {
    int64_t k;
    if (!pb_index_of(PB, c->args[i], &k) || k < 0)
      return pb_fatal(PB, "specialize takes argument positions (ints >= 0)");
    DYN_TUPLE(t)->items[i + 1] = dyn_int(k);
  }
  *out = pb_builtin_fn(PB, "rlib.objectmodel.specialize", spec_decorator, t);
  return true;
}

BI(bi_spec_argtype) { UNUSED_SELF; return specialize(PB, c, PB_SPEC_ARGTYPE, out); }
BI(bi_spec_arg) { UNUSED_SELF; return specialize(PB, c, PB_SPEC_ARG, out); }
BI(bi_spec_memo) { UNUSED_SELF; return specialize(PB, c, PB_SPEC_MEMO, out); }

static bool list_of_str(Dyn d) {
  if (!dyn_is(d, PB_LIST)) return false;
  for (uint32_t i = 0; i < DYN_LIST(d)->len; i++)
    if (!dyn_is(DYN_LIST(d)->items[i], PB_STR)) return false;
  return true;
}

BI(bi_jitdriver) {
  UNUSED_SELF;
  PbJitDriver *j = pb_alloc(PB, sizeof(PbJitDriver), PB_JITDRIVER);
  j->greens = j->reds = j->virtualizables = j->get_printable_location = dyn_none();
  j->is_recursive = dyn_bool(false);
  if (c->npos > 2) return pb_raise(PB, PBX_TypeError, "JitDriver() takes keyword arguments");
  if (c->npos > 0) j->greens = c->args[0];
  if (c->npos > 1) j->reds = c->args[1];
  for (uint32_t i = 0; i < c->nkw; i++) {
    const char *k = c->kwnames[i];
    Dyn v = c->args[c->npos + i];
    if (strcmp(k, "greens") == 0) j->greens = v;
    else if (strcmp(k, "reds") == 0) j->reds = v;
    else if (strcmp(k, "virtualizables") == 0) j->virtualizables = v;
    else if (strcmp(k, "get_printable_location") == 0) j->get_printable_location = v;
    else if (strcmp(k, "is_recursive") == 0) j->is_recursive = v;
  }
  if (!list_of_str(j->greens)) return pb_fatal(PB, "JitDriver: greens must be a list of variable names");
  if (!list_of_str(j->reds) && !dyn_is(j->reds, PB_STR))
    return pb_fatal(PB, "JitDriver: reds must be a list of variable names or 'auto'");
  *out = dyn_obj(j);
  return true;
}

BI(bi_stringbuilder) {
  UNUSED_SELF;
  if (!pb_nargs(PB, c, "StringBuilder", 0, 1)) return false;
  *out = dyn_obj(pb_alloc(PB, sizeof(PbBuilder), PB_BUILDER));
  return true;
}

BI(bi_jitpolicy) {
  UNUSED_SELF; (void)c;
  *out = dyn_obj(pb_alloc(PB, sizeof(PbObj), PB_DRIVER));
  return true;
}

static const BiEntry bi_table[] = {
  {"len", bi_len}, {"range", bi_range}, {"isinstance", bi_isinstance}, {"ord", bi_ord},
  {"chr", bi_chr}, {"str", bi_str}, {"int", bi_int}, {"float", bi_float}, {"bool", bi_bool},
  {"abs", bi_abs}, {"min", bi_min}, {"max", bi_max}, {"print", bi_output}, {"hash", bi_hash},
  {"repr", bi_repr}, {"sorted", bi_sorted}, {"reversed", bi_reversed}, {"sum", bi_sum},
  {"divmod", bi_divmod}, {"round", bi_round}, {"list", bi_list}, {"dict", bi_dict},
  {"tuple", bi_tuple}, {"enumerate", bi_enumerate}, {"zip", bi_zip}, {"open", bi_open},
  {"super", bi_super}, {"iter", bi_iter}, {"next", bi_next}, {"staticmethod", bi_staticmethod},
  {"os.write", bi_output}, {"os.read", bi_unsupported}, {"os.open", bi_unsupported},
  {"os.close", bi_unsupported}, {"sys.exit", bi_exit}, {"sys.setrecursionlimit", bi_noop},
  {"math.sqrt", bi_sqrt}, {"math.floor", bi_floor}, {"math.ceil", bi_ceil},
  {"math.fabs", bi_fabs}, {"math.sin", bi_sin}, {"math.cos", bi_cos}, {"math.exp", bi_exp},
  {"math.log", bi_log}, {"math.pow", bi_mpow}, {"time.time", bi_time}, {"time.clock", bi_time},
  {"rlib.jit.JitDriver", bi_jitdriver}, {"rlib.jit.elidable", bi_elidable},
  {"rlib.jit.purefunction", bi_elidable}, {"rlib.jit.unroll_safe", bi_unroll_safe},
  {"rlib.jit.dont_look_inside", bi_dont_look_inside}, {"rlib.jit.look_inside", bi_look_inside},
  {"rlib.jit.look_inside_iff", bi_look_inside_iff},
  {"rlib.jit.elidable_promote", bi_elidable_promote}, {"rlib.jit.promote", bi_identity},
  {"rlib.jit.promote_string", bi_identity}, {"rlib.jit.we_are_jitted", bi_false},
  {"rlib.jit.hint", bi_identity}, {"rlib.jit.set_param", bi_noop},
  {"rlib.jit.isconstant", bi_false}, {"rlib.jit.isvirtual", bi_false},
  {"rlib.rarithmetic.intmask", bi_intmask}, {"rlib.rarithmetic.r_uint", bi_r_uint},
  {"rlib.rarithmetic.ovfcheck", bi_ovfcheck},
  {"rlib.objectmodel.we_are_translated", bi_false},
  {"rlib.objectmodel.compute_hash", bi_hash},
  {"rlib.objectmodel.compute_identity_hash", bi_identity_hash},
  {"rlib.objectmodel.specialize", NULL},
  {"rlib.objectmodel.specialize.argtype", bi_spec_argtype},
  {"rlib.objectmodel.specialize.arg", bi_spec_arg},
  {"rlib.objectmodel.specialize.memo", bi_spec_memo},
  {"rlib.rstring.StringBuilder", bi_stringbuilder},
  {"rpython.jit.codewriter.policy.JitPolicy", bi_jitpolicy},
  {"Exception.__init__", bi_exc_init}, {"object.__init__", bi_object_init},
};

/* ---- registry ------------------------------------------------------------------------ */
Dyn pb_builtin_fn(Prebuild *PB, const char *name, PbBuiltinFn fn, Dyn data) {
  PbBuiltin *b = pb_alloc(PB, sizeof(PbBuiltin), PB_BUILTIN);
  b->name = name;
  b->fn = fn;
  b->data = data;
  b->self = data;
  return dyn_obj(b);
}

static PbClass *builtin_class(Prebuild *PB, const char *name, PbClass *base) {
  PbClass *c = pb_alloc(PB, sizeof(PbClass), PB_CLASS);
  c->name = intern_cstr(PB->in, name);
  c->base = base;
  c->builtin = true;
  hmap_put(&PB->builtins, HKEY(c->name), c);
  return c;
}

static void add_init(Prebuild *PB, PbClass *c, const char *qname) {
  Dyn f;
  pb_builtin_value(PB, intern_cstr(PB->in, qname), &f);
  ((PbBuiltin *)f.o)->cls = c;
  pb_attrs_set(PB, &c->attrs, PB->s_init, f);
}

void pb_builtins_init(Prebuild *PB) {
  PB->c_object = builtin_class(PB, "object", NULL);
#define PBX_CLASS(name, base)                                                \
  PB->c_exc[PBX_##name] = builtin_class(                                     \
      PB, #name, hmap_get(&PB->builtins, HKEY(intern_cstr(PB->in, #base))));
  PB_EXCEPTIONS(PBX_CLASS)
#undef PBX_CLASS
  add_init(PB, PB->c_object, "object.__init__");
  add_init(PB, PB->c_exc[PBX_BaseException], "Exception.__init__");
}

static bool constant_member(const char *q, Dyn *out) {
  static const struct { const char *name; int64_t v; } ints[] = {
    {"os.O_RDONLY", 0}, {"os.O_WRONLY", 1}, {"os.O_RDWR", 2}, {"os.O_CREAT", 0100},
    {"os.O_TRUNC", 01000}, {"os.O_APPEND", 02000}, {"sys.maxint", INT64_MAX},
    {"rlib.rarithmetic.LONG_BIT", 64},
  };
  for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
    if (strcmp(q, ints[i].name) == 0) { *out = dyn_int(ints[i].v); return true; }
  if (strcmp(q, "math.pi") == 0) { *out = dyn_float(3.141592653589793); return true; }
  if (strcmp(q, "math.e") == 0) { *out = dyn_float(2.718281828459045); return true; }
  return false;
}

bool pb_builtin_value(Prebuild *PB, const char *qname, Dyn *out) {
  PbObj *o = hmap_get(&PB->builtins, HKEY(qname));
  if (o) { *out = dyn_obj(o); return true; }
  if (constant_member(qname, out)) return true;
  PbBuiltinFn fn = bi_unsupported;
  bool found = false;
  for (size_t i = 0; i < sizeof bi_table / sizeof *bi_table && !found; i++)
    if (strcmp(qname, bi_table[i].name) == 0) { fn = bi_table[i].fn; found = true; }
  if (!found && pb_method_fn(qname)) { fn = pb_method_fn(qname); found = true; }
  *out = pb_builtin_fn(PB, qname, fn, dyn_none());
  if (fn == bi_unsupported) ((PbBuiltin *)out->o)->self = *out;
  hmap_put(&PB->builtins, HKEY(qname), out->o);
  return found;
}

/* ---- isinstance ------------------------------------------------------------------------- */
static bool is_type(Dyn v, const char *t) {
  if (strcmp(t, "int") == 0) return v.kind == DK_INT || v.kind == DK_BOOL || v.kind == DK_UINT;
  if (strcmp(t, "bool") == 0) return v.kind == DK_BOOL;
  if (strcmp(t, "float") == 0) return v.kind == DK_FLOAT;
  if (strcmp(t, "rlib.rarithmetic.r_uint") == 0) return v.kind == DK_UINT;
  if (strcmp(t, "str") == 0) return dyn_is(v, PB_STR);
  if (strcmp(t, "list") == 0) return dyn_is(v, PB_LIST);
  if (strcmp(t, "dict") == 0) return dyn_is(v, PB_DICT);
  if (strcmp(t, "tuple") == 0) return dyn_is(v, PB_TUPLE);
  return false;
}

bool pb_isinstance(Prebuild *PB, Dyn v, Dyn cls, bool *res) {
  *res = false;
  if (dyn_is(cls, PB_TUPLE)) {
    for (uint32_t i = 0; i < DYN_TUPLE(cls)->len && !*res; i++)
      if (!pb_isinstance(PB, v, DYN_TUPLE(cls)->items[i], res)) return false;
    return true;
  }
  if (dyn_is(cls, PB_CLASS)) {
    PbClass *c = DYN_CLASS(cls);
    *res = c == PB->c_object || (dyn_is(v, PB_INST) && pb_subclass(DYN_INST(v)->cls, c));
    return true;
  }
  if (dyn_is(cls, PB_BUILTIN)) { *res = is_type(v, ((PbBuiltin *)cls.o)->name); return true; }
  return pb_raise(PB, PBX_TypeError, "isinstance() arg 2 must be a type or tuple of types");
}
