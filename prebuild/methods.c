/* methods.c — methods of str (through runtime/text's rt_str), list, dict,
 * StringBuilder and JitDriver values, as bound built-ins. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pbint.h"
#include "runtime/text/rt_str.h"

#define M(name) static bool name(Prebuild *PB, Dyn self, PbCall *c, Dyn *out)

static bool int_arg(Prebuild *PB, Dyn d, int64_t *out) {
  *out = 0;
  if (pb_index_of(PB, d, out)) return true;
  return pb_type_error(PB, "'%s' object cannot be interpreted as an integer", d);
}

static bool str_arg(Prebuild *PB, Dyn d, const char *fname, PbStr **out) {
  *out = NULL;
  if (dyn_is(d, PB_STR)) { *out = DYN_STR(d); return true; }
  return pb_raise(PB, PBX_TypeError, "%s() argument must be str, not %s", fname, pb_type_name(d));
}

/* Optional start/end arguments (None allowed) at args[from], args[from+1]. */
static bool range_args(Prebuild *PB, PbCall *c, uint32_t from, int64_t *s, int64_t *e) {
  *s = 0;
  *e = INT64_MAX;
  if (c->npos > from && c->args[from].kind != DK_NONE && !int_arg(PB, c->args[from], s)) return false;
  if (c->npos > from + 1 && c->args[from + 1].kind != DK_NONE && !int_arg(PB, c->args[from + 1], e))
    return false;
  return true;
}

/* ---- str --------------------------------------------------------------------------- */
static bool str_split_ws(Prebuild *PB, PbStr *s, int64_t maxsplit, PbList *l) {
  size_t pos = 0, st, n;
  for (int64_t k = 0; maxsplit < 0 || k < maxsplit; k++) {
    if (!rt_str_split_ws_next(s->s, s->len, &pos, &st, &n)) return true;
    pb_list_push(PB, l, pb_str(PB, s->s + st, n));
  }
  if (rt_str_split_ws_rest(s->s, s->len, &pos, &st, &n)) pb_list_push(PB, l, pb_str(PB, s->s + st, n));
  return true;
}

M(str_split) {
  PbStr *s = DYN_STR(self), *sep = NULL;
  int64_t maxsplit = -1;
  if (!pb_nargs(PB, c, "split", 0, 2)) return false;
  if (c->npos >= 1 && c->args[0].kind != DK_NONE && !str_arg(PB, c->args[0], "split", &sep)) return false;
  if (c->npos == 2 && !int_arg(PB, c->args[1], &maxsplit)) return false;
  PbList *l = (PbList *)pb_list(PB, 0).o;
  *out = dyn_obj(l);
  if (!sep) return str_split_ws(PB, s, maxsplit, l);
  RtSplitter sp;
  if (rt_splitter_init(&sp, s->s, s->len, sep->s, sep->len) < 0)
    return pb_raise(PB, PBX_ValueError, "empty separator");
  size_t st, n;
  for (int64_t k = 0; maxsplit < 0 || k < maxsplit; k++) {
    if (!rt_splitter_next(&sp, &st, &n)) return true;
    pb_list_push(PB, l, pb_str(PB, s->s + st, n));
  }
  if (rt_splitter_rest(&sp, &st, &n)) pb_list_push(PB, l, pb_str(PB, s->s + st, n));
  return true;
}

M(str_join) {
  PbStr *sep = DYN_STR(self);
  PbList *l;
  if (!pb_nargs(PB, c, "join", 1, 1) || !pb_to_list(PB, c->args[0], &l)) return false;
  size_t total = 0;
  for (uint32_t i = 0; i < l->len; i++) {
    if (!dyn_is(l->items[i], PB_STR))
      return pb_raise(PB, PBX_TypeError, "sequence item %u: expected str instance, %s found", i,
                      pb_type_name(l->items[i]));
    total += DYN_STR(l->items[i])->len;
  }
  size_t n = rt_str_join_len(sep->len, l->len, total);
  if (n == SIZE_MAX || n > UINT32_MAX - 1) return pb_raise(PB, PBX_MemoryError, "%s", "");
  if (!pb_heap_room(PB, n)) return false;  /* a long separator between many items */
  PbStr *r = pb_str_alloc(PB, n);
  size_t at = 0;
  for (uint32_t i = 0; i < l->len; i++) {
    if (i) { memcpy(r->s + at, sep->s, sep->len); at += sep->len; }
    memcpy(r->s + at, DYN_STR(l->items[i])->s, DYN_STR(l->items[i])->len);
    at += DYN_STR(l->items[i])->len;
  }
  *out = pb_str_seal(r);
  return true;
}

static bool strip(Prebuild *PB, Dyn self, PbCall *c, int which, const char *name, Dyn *out) {
  PbStr *s = DYN_STR(self), *chars = NULL;
  if (!pb_nargs(PB, c, name, 0, 1)) return false;
  if (c->npos && c->args[0].kind != DK_NONE && !str_arg(PB, c->args[0], name, &chars)) return false;
  size_t st, n;
  rt_str_strip(s->s, s->len, chars ? chars->s : NULL, chars ? chars->len : 0, which, &st, &n);
  *out = n == s->len ? self : pb_str(PB, s->s + st, n);
  return true;
}

M(str_strip) { return strip(PB, self, c, RT_STRIP_BOTH, "strip", out); }
M(str_lstrip) { return strip(PB, self, c, RT_STRIP_LEFT, "lstrip", out); }
M(str_rstrip) { return strip(PB, self, c, RT_STRIP_RIGHT, "rstrip", out); }

static bool affix(Prebuild *PB, Dyn self, PbCall *c, bool end, Dyn *out) {
  const char *name = end ? "endswith" : "startswith";
  PbStr *s = DYN_STR(self);
  int64_t st, en;
  if (!pb_nargs(PB, c, name, 1, 3) || !range_args(PB, c, 1, &st, &en)) return false;
  Dyn p = c->args[0];
  uint32_t n = dyn_is(p, PB_TUPLE) ? DYN_TUPLE(p)->len : 1;
  bool r = false;
  for (uint32_t i = 0; i < n && !r; i++) {
    Dyn x = dyn_is(p, PB_TUPLE) ? DYN_TUPLE(p)->items[i] : p;
    if (!dyn_is(x, PB_STR))
      return pb_raise(PB, PBX_TypeError, "%s first arg must be str or a tuple of str, not %s", name,
                      pb_type_name(x));
    r = end ? rt_str_endswith_range(s->s, s->len, DYN_STR(x)->s, DYN_STR(x)->len, st, en)
            : rt_str_startswith_range(s->s, s->len, DYN_STR(x)->s, DYN_STR(x)->len, st, en);
  }
  *out = dyn_bool(r);
  return true;
}

M(str_startswith) { return affix(PB, self, c, false, out); }
M(str_endswith) { return affix(PB, self, c, true, out); }

enum { FIND, RFIND, COUNT };

static bool search(Prebuild *PB, Dyn self, PbCall *c, int kind, const char *name, Dyn *out) {
  PbStr *s = DYN_STR(self), *x;
  int64_t st, en;
  if (!pb_nargs(PB, c, name, 1, 3) || !range_args(PB, c, 1, &st, &en)) return false;
  if (!dyn_is(c->args[0], PB_STR))
    return pb_raise(PB, PBX_TypeError, "must be str, not %s", pb_type_name(c->args[0]));
  x = DYN_STR(c->args[0]);
  if (kind == COUNT) *out = dyn_int((int64_t)rt_str_count_range(s->s, s->len, x->s, x->len, st, en));
  else if (kind == FIND) *out = dyn_int(rt_str_find_range(s->s, s->len, x->s, x->len, st, en));
  else *out = dyn_int(rt_str_rfind_range(s->s, s->len, x->s, x->len, st, en));
  return true;
}

M(str_find) { return search(PB, self, c, FIND, "find", out); }
M(str_rfind) { return search(PB, self, c, RFIND, "rfind", out); }
M(str_count) { return search(PB, self, c, COUNT, "count", out); }

M(str_replace) {
  PbStr *s = DYN_STR(self), *o, *n;
  int64_t count = -1;
  if (!pb_nargs(PB, c, "replace", 2, 3) || !str_arg(PB, c->args[0], "replace", &o) ||
      !str_arg(PB, c->args[1], "replace", &n))
    return false;
  if (c->npos == 3 && !int_arg(PB, c->args[2], &count)) return false;
  size_t len = rt_str_replace(NULL, 0, s->s, s->len, o->s, o->len, n->s, n->len, count);
  if (len == SIZE_MAX || len > UINT32_MAX - 1) return pb_raise(PB, PBX_OverflowError, "replace string is too long");
  if (!pb_heap_room(PB, len)) return false;
  PbStr *r = pb_str_alloc(PB, len);
  rt_str_replace(r->s, len, s->s, s->len, o->s, o->len, n->s, n->len, count);
  *out = pb_str_seal(r);
  return true;
}

static bool recase(Prebuild *PB, Dyn self, PbCall *c, bool up, Dyn *out) {
  PbStr *s = DYN_STR(self);
  if (!pb_nargs(PB, c, up ? "upper" : "lower", 0, 0)) return false;
  size_t n = up ? rt_str_upper(NULL, 0, s->s, s->len) : rt_str_lower(NULL, 0, s->s, s->len);
  PbStr *r = pb_str_alloc(PB, n);
  if (up) rt_str_upper(r->s, n, s->s, s->len);
  else rt_str_lower(r->s, n, s->s, s->len);
  *out = pb_str_seal(r);
  return true;
}

M(str_upper) { return recase(PB, self, c, true, out); }
M(str_lower) { return recase(PB, self, c, false, out); }

#define STR_PRED(name)                                                      \
  M(str_##name) {                                                           \
    if (!pb_nargs(PB, c, #name, 0, 0)) return false;                        \
    *out = dyn_bool(rt_str_##name(DYN_STR(self)->s, DYN_STR(self)->len));   \
    return true;                                                            \
  }
STR_PRED(isdigit)
STR_PRED(isalpha)
STR_PRED(isalnum)
STR_PRED(isspace)
STR_PRED(isupper)
STR_PRED(islower)

/* ---- list -------------------------------------------------------------------------- */
M(list_append) {
  if (!pb_nargs(PB, c, "append", 1, 1)) return false;
  pb_list_push(PB, DYN_LIST(self), c->args[0]);
  *out = dyn_none();
  return true;
}

M(list_pop) {
  PbList *l = DYN_LIST(self);
  int64_t i = -1;
  if (!pb_nargs(PB, c, "pop", 0, 1)) return false;
  if (c->npos && !int_arg(PB, c->args[0], &i)) return false;
  if (!l->len) return pb_raise(PB, PBX_IndexError, "pop from empty list");
  if (i < 0) i += l->len;
  if (i < 0 || i >= l->len) return pb_raise(PB, PBX_IndexError, "pop index out of range");
  *out = l->items[i];
  memmove(l->items + i, l->items + i + 1, (l->len - (uint32_t)i - 1) * sizeof(Dyn));
  l->len--;
  return true;
}

M(list_insert) {
  PbList *l = DYN_LIST(self);
  int64_t i;
  if (!pb_nargs(PB, c, "insert", 2, 2) || !int_arg(PB, c->args[0], &i)) return false;
  if (i < 0) { i += l->len; if (i < 0) i = 0; }
  if (i > l->len) i = l->len;
  pb_list_reserve(PB, l, l->len + 1);
  memmove(l->items + i + 1, l->items + i, (l->len - (uint32_t)i) * sizeof(Dyn));
  l->items[i] = c->args[1];
  l->len++;
  *out = dyn_none();
  return true;
}

M(list_extend) {
  PbList *l = DYN_LIST(self), *src;
  if (!pb_nargs(PB, c, "extend", 1, 1) || !pb_to_list(PB, c->args[0], &src)) return false;
  pb_list_reserve(PB, l, l->len + src->len);
  if (src->len) memcpy(l->items + l->len, src->items, src->len * sizeof(Dyn));
  l->len += src->len;
  *out = dyn_none();
  return true;
}

M(list_reverse) {
  PbList *l = DYN_LIST(self);
  if (!pb_nargs(PB, c, "reverse", 0, 0)) return false;
  for (uint32_t i = 0; i < l->len / 2; i++) {
    Dyn t = l->items[i];
    l->items[i] = l->items[l->len - 1 - i];
    l->items[l->len - 1 - i] = t;
  }
  *out = dyn_none();
  return true;
}

/* Index of the first item == x in [s, e), or -1. */
static bool list_find(Prebuild *PB, PbList *l, Dyn x, int64_t s, int64_t e, int64_t *at) {
  rt_str_adjust_indices(l->len, &s, &e);
  *at = -1;
  for (int64_t i = s; i < e && i < l->len; i++) {
    bool eq;
    if (!pb_eq(PB, l->items[i], x, &eq)) return false;
    if (eq) { *at = i; break; }
  }
  return true;
}

M(list_index) {
  int64_t s, e, at;
  if (!pb_nargs(PB, c, "index", 1, 3) || !range_args(PB, c, 1, &s, &e) ||
      !list_find(PB, DYN_LIST(self), c->args[0], s, e, &at))
    return false;
  if (at < 0) {
    Dyn r;
    if (!pb_to_str(PB, c->args[0], true, &r)) return false;
    return pb_raise(PB, PBX_ValueError, "%s is not in list", DYN_STR(r)->s);
  }
  *out = dyn_int(at);
  return true;
}

M(list_remove) {
  int64_t at;
  if (!pb_nargs(PB, c, "remove", 1, 1) || !list_find(PB, DYN_LIST(self), c->args[0], 0, INT64_MAX, &at))
    return false;
  if (at < 0) return pb_raise(PB, PBX_ValueError, "list.remove(x): x not in list");
  PbList *l = DYN_LIST(self);
  memmove(l->items + at, l->items + at + 1, (l->len - (uint32_t)at - 1) * sizeof(Dyn));
  l->len--;
  *out = dyn_none();
  return true;
}

M(list_count) {
  PbList *l = DYN_LIST(self);
  int64_t n = 0;
  if (!pb_nargs(PB, c, "count", 1, 1)) return false;
  for (uint32_t i = 0; i < l->len; i++) {
    bool eq;
    if (!pb_eq(PB, l->items[i], c->args[0], &eq)) return false;
    n += eq;
  }
  *out = dyn_int(n);
  return true;
}

M(list_sort) {
  bool rev = false;
  if (c->npos) return pb_raise(PB, PBX_TypeError, "sort() takes no positional arguments");
  for (uint32_t i = 0; i < c->nkw; i++) {
    if (strcmp(c->kwnames[i], "reverse") != 0)
      return pb_raise(PB, PBX_TypeError, "'%s' is an invalid keyword argument for sort()", c->kwnames[i]);
    rev = pb_truth(c->args[i]);
  }
  *out = dyn_none();
  return pb_sort(PB, DYN_LIST(self), rev);
}

/* ---- dict ----------------------------------------------------------------------------- */
M(dict_get) {
  bool found;
  if (!pb_nargs(PB, c, "get", 1, 2) || !pb_dict_get(PB, DYN_DICT(self), c->args[0], out, &found))
    return false;
  if (!found) *out = c->npos == 2 ? c->args[1] : dyn_none();
  return true;
}

M(dict_setdefault) {
  bool found;
  if (!pb_nargs(PB, c, "setdefault", 1, 2) || !pb_dict_get(PB, DYN_DICT(self), c->args[0], out, &found))
    return false;
  if (found) return true;
  *out = c->npos == 2 ? c->args[1] : dyn_none();
  return pb_dict_set(PB, DYN_DICT(self), c->args[0], *out);
}

M(dict_pop) {
  bool found;
  if (!pb_nargs(PB, c, "pop", 1, 2) || !pb_dict_del(PB, DYN_DICT(self), c->args[0], out, &found))
    return false;
  if (found) return true;
  if (c->npos == 2) { *out = c->args[1]; return true; }
  return pb_raise_dyn(PB, PBX_KeyError, c->args[0]);
}

static bool dict_list(Prebuild *PB, Dyn self, PbCall *c, int kind, const char *name, Dyn *out) {
  PbDict *d = DYN_DICT(self);
  if (!pb_nargs(PB, c, name, 0, 0)) return false;
  PbList *l = (PbList *)pb_list(PB, d->len).o;
  uint32_t k = 0;
  for (uint32_t i = 0; i < d->nent; i++) {
    PbDictEntry *e = &d->ent[i];
    if (!e->live) continue;
    l->items[k++] = kind == PBI_DICT_KEYS ? e->key : kind == PBI_DICT_VALUES ? e->val
                                                   : pb_tuple2(PB, e->key, e->val);
  }
  *out = dyn_obj(l);
  return true;
}

M(dict_keys) { return dict_list(PB, self, c, PBI_DICT_KEYS, "keys", out); }
M(dict_values) { return dict_list(PB, self, c, PBI_DICT_VALUES, "values", out); }
M(dict_items) { return dict_list(PB, self, c, PBI_DICT_ITEMS, "items", out); }

M(dict_clear) {
  if (!pb_nargs(PB, c, "clear", 0, 0)) return false;
  pb_dict_clear(DYN_DICT(self));
  *out = dyn_none();
  return true;
}

M(dict_copy) {
  if (!pb_nargs(PB, c, "copy", 0, 0)) return false;
  *out = pb_dict(PB);
  return pb_dict_update(PB, DYN_DICT(*out), self);
}

M(dict_update) {
  if (!pb_nargs(PB, c, "update", 0, 1)) return false;
  *out = dyn_none();
  return !c->npos || pb_dict_update(PB, DYN_DICT(self), c->args[0]);
}

/* ---- StringBuilder, JitDriver ---------------------------------------------------------- */
static void builder_put(Prebuild *PB, PbBuilder *b, const char *s, size_t n) {
  if (n > UINT32_MAX - 1 - b->len) rt_oom();
  if (b->len + n > b->cap) {
    uint32_t ncap = b->cap ? b->cap : 64;
    while (ncap < b->len + n) ncap *= 2;
    char *buf = arena_alloc(&PB->heap, ncap);
    if (b->len) memcpy(buf, b->buf, b->len);
    b->buf = buf;
    b->cap = ncap;
  }
  if (n) memcpy(b->buf + b->len, s, n);
  b->len += (uint32_t)n;
}

M(sb_append) {
  PbStr *s;
  if (!pb_nargs(PB, c, "append", 1, 1) || !str_arg(PB, c->args[0], "append", &s)) return false;
  builder_put(PB, (PbBuilder *)self.o, s->s, s->len);
  *out = dyn_none();
  return true;
}

M(sb_append_slice) {
  PbStr *s;
  int64_t a, b;
  if (!pb_nargs(PB, c, "append_slice", 3, 3) || !str_arg(PB, c->args[0], "append_slice", &s) ||
      !int_arg(PB, c->args[1], &a) || !int_arg(PB, c->args[2], &b))
    return false;
  if (a < 0 || a > b || b > s->len)
    return pb_raise(PB, PBX_ValueError, "append_slice: bad slice [%lld:%lld] of a str of length %u",
                    (long long)a, (long long)b, s->len);
  builder_put(PB, (PbBuilder *)self.o, s->s + a, (size_t)(b - a));
  *out = dyn_none();
  return true;
}

M(sb_append_multiple_char) {
  PbStr *s;
  int64_t n;
  if (!pb_nargs(PB, c, "append_multiple_char", 2, 2) || !str_arg(PB, c->args[0], "append_multiple_char", &s) ||
      !int_arg(PB, c->args[1], &n))
    return false;
  if (s->len != 1) return pb_raise(PB, PBX_TypeError, "append_multiple_char() takes a char");
  for (int64_t i = 0; i < n; i++) builder_put(PB, (PbBuilder *)self.o, s->s, 1);
  *out = dyn_none();
  return true;
}

M(sb_build) {
  PbBuilder *b = (PbBuilder *)self.o;
  if (!pb_nargs(PB, c, "build", 0, 0)) return false;
  *out = pb_str(PB, b->buf ? b->buf : "", b->len);
  return true;
}

M(sb_getlength) {
  if (!pb_nargs(PB, c, "getlength", 0, 0)) return false;
  *out = dyn_int(((PbBuilder *)self.o)->len);
  return true;
}

M(jd_noop) {
  (void)PB; (void)self; (void)c;
  *out = dyn_none();
  return true;
}

static const struct {
  const char *name;
  PbBuiltinFn fn;
} methods[] = {
  {"str.split", str_split}, {"str.join", str_join}, {"str.strip", str_strip},
  {"str.lstrip", str_lstrip}, {"str.rstrip", str_rstrip}, {"str.startswith", str_startswith},
  {"str.endswith", str_endswith}, {"str.find", str_find}, {"str.rfind", str_rfind},
  {"str.count", str_count}, {"str.replace", str_replace}, {"str.upper", str_upper},
  {"str.lower", str_lower}, {"str.isdigit", str_isdigit}, {"str.isalpha", str_isalpha},
  {"str.isalnum", str_isalnum}, {"str.isspace", str_isspace}, {"str.isupper", str_isupper},
  {"str.islower", str_islower},
  {"list.append", list_append}, {"list.pop", list_pop}, {"list.insert", list_insert},
  {"list.extend", list_extend}, {"list.reverse", list_reverse}, {"list.index", list_index},
  {"list.sort", list_sort}, {"list.count", list_count}, {"list.remove", list_remove},
  {"dict.get", dict_get}, {"dict.setdefault", dict_setdefault}, {"dict.pop", dict_pop},
  {"dict.keys", dict_keys}, {"dict.values", dict_values}, {"dict.items", dict_items},
  {"dict.clear", dict_clear}, {"dict.copy", dict_copy}, {"dict.update", dict_update},
  {"StringBuilder.append", sb_append}, {"StringBuilder.append_slice", sb_append_slice},
  {"StringBuilder.append_multiple_char", sb_append_multiple_char},
  {"StringBuilder.build", sb_build}, {"StringBuilder.getlength", sb_getlength},
  {"JitDriver.jit_merge_point", jd_noop}, {"JitDriver.can_enter_jit", jd_noop},
  {"JitDriver.loop_header", jd_noop},
};

PbBuiltinFn pb_method_fn(const char *qname) {
  for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
    if (strcmp(qname, methods[i].name) == 0) return methods[i].fn;
  return NULL;
}

static bool jitdriver_field(Dyn self, const char *name, Dyn *out) {
  PbJitDriver *j = (PbJitDriver *)self.o;
  if (strcmp(name, "greens") == 0) *out = j->greens;
  else if (strcmp(name, "reds") == 0) *out = j->reds;
  else if (strcmp(name, "virtualizables") == 0) *out = j->virtualizables;
  else return false;
  return true;
}

bool pb_method(Prebuild *PB, Dyn self, const char *name, Dyn *out) {
  const char *type;
  switch (self.o->type) {
  case PB_STR: type = "str"; break;
  case PB_LIST: type = "list"; break;
  case PB_DICT: type = "dict"; break;
  case PB_BUILDER: type = "StringBuilder"; break;
  case PB_JITDRIVER:
    if (jitdriver_field(self, name, out)) return true;
    type = "JitDriver";
    break;
  default: return false;
  }
  char q[128];
  int n = snprintf(q, sizeof q, "%s.%s", type, name);
  if (n < 0 || (size_t)n >= sizeof q || !pb_method_fn(q)) return false;
  Dyn unbound;
  pb_builtin_value(PB, pb_intern(PB, q, (size_t)n), &unbound);
  *out = pb_bind(PB, self, unbound.o);
  return true;
}
