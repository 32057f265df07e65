/* builtin.c — the built-in functions of LANGUAGE.md ("Built-ins" and
 * "Library modules") and their result annotations. The table is
 * builtins.def; methods are in containers.c. */
#include <string.h>

#include "annint.h"

static const char *const bi_names[BI_COUNT] = {
#define ABI(id, qname, rule) qname,
#include "builtins.def"
#undef ABI
};

static const bool bi_is_method[BI_COUNT] = {
#define ABI(id, qname, rule) [BI_##id] = sizeof(#rule) == sizeof("meth"),
#include "builtins.def"
#undef ABI
};

void ann_builtins_init(Annotator *AN) {
  for (unsigned i = 0; i < BI_COUNT; i++)
    hmap_put(&AN->bimap, HKEY(intern_cstr(AN->in, bi_names[i])), (void *)(uintptr_t)(i + 1));
}

const char *ann_builtin_name(BiId id) { return bi_names[id]; }

Ann *ann_builtin(Annotator *AN, BiId id, Ann *self, Loc o) {
  Ann *a = ann_new_kind(AN, ANN_BUILTIN, o);
  a->u.bi.id = (uint16_t)id;
  a->u.bi.self = self;
  return a;
}

/* ---- argument checks ------------------------------------------------------------- */
static bool is_str(const Ann *a) { return a->kind == ANN_STR || a->kind == ANN_CHAR; }
static bool is_intlike(const Ann *a) { return a->kind == ANN_INT || a->kind == ANN_BOOL; }
static bool is_num(const Ann *a) { return is_intlike(a) || a->kind == ANN_FLOAT; }

static bool nargs(Annotator *AN, Call *c, uint32_t lo, uint32_t hi) {
  if (c->n >= lo && c->n <= hi && !c->nkw) return true;
  const char *n = strrchr(c->fname, '.') ? strrchr(c->fname, '.') + 1 : c->fname;
  if (c->nkw) ann_error(AN, c->loc, "%s() takes no keyword arguments", n);
  else if (lo == hi)
    ann_error(AN, c->loc, "%s() takes %u argument%s but %u %s given", n, lo,
              lo == 1 ? "" : "s", c->n, c->n == 1 ? "was" : "were");
  else
    ann_error(AN, c->loc, "%s() takes %u to %u arguments but %u %s given", n, lo, hi,
              c->n, c->n == 1 ? "was" : "were");
  return false;
}

static bool arg_is(Annotator *AN, Call *c, uint32_t i, bool ok, const char *what) {
  if (ok) return true;
  const char *n = strrchr(c->fname, '.') ? strrchr(c->fname, '.') + 1 : c->fname;
  const char *d = ann_describe(AN, c->args[i]);
  ann_error(AN, c->loc, "%s() of %s %s is not supported (it needs %s)", n,
            strchr("aeiou", d[0]) ? "an" : "a", d, what);
  return false;
}

/* ---- families ---------------------------------------------------------------------- */
static Ann *conversions(Annotator *AN, Call *c, BiId id) {
  Loc o = c->loc;
  Ann *a = c->n ? c->args[0] : NULL;
  switch (id) {
  case BI_str: case BI_repr:
    if (!nargs(AN, c, 1, 1) || !ann_str_of_ok(AN, a, o, id == BI_str ? "str() of" : "repr() of"))
      return ann_impossible();
    if (id == BI_str && is_str(a)) return ann_nonnull(AN, a);
    return ann_str(AN, false, o);
  case BI_int:
    if (!nargs(AN, c, 1, 2) || !arg_is(AN, c, 0, is_num(a) || is_str(a), "a number or a str"))
      return ann_impossible();
    return ann_int(AN, 0, o);
  case BI_float:
    if (!nargs(AN, c, 1, 1) || !arg_is(AN, c, 0, is_num(a) || is_str(a), "a number or a str"))
      return ann_impossible();
    return ann_float(AN, o);
  case BI_bool:
    if (!nargs(AN, c, 1, 1)) return ann_impossible();
    return ann_bool(AN, o);
  case BI_ord:
    if (!nargs(AN, c, 1, 1) || !arg_is(AN, c, 0, is_str(a), "a str of length 1"))
      return ann_impossible();
    return ann_int(AN, AF_NONNEG, o);
  case BI_chr:
    if (!nargs(AN, c, 1, 1) || !arg_is(AN, c, 0, is_intlike(a), "an int")) return ann_impossible();
    return ann_char(AN, o);
  case BI_hash: case BI_compute_hash: case BI_compute_identity_hash:
    if (!nargs(AN, c, 1, 1)) return ann_impossible();
    return ann_int(AN, 0, o);
  default: return NULL;
  }
}

/* values min()/max() can order: numbers, strs, and tuples and lists of them */
static bool orderable(Annotator *AN, Ann *a) {
  if (is_num(a) || is_str(a) || a->kind == ANN_IMPOSSIBLE || a->kind == ANN_NONE) return true;
  if (a->kind == ANN_LIST) return orderable(AN, ann_listdef_read(AN, a->u.list));
  if (a->kind != ANN_TUPLE) return false;
  for (uint32_t i = 0; i < a->n; i++)
    if (!orderable(AN, a->u.items[i])) return false;
  return true;
}

static Ann *minmax(Annotator *AN, Call *c) {
  if (c->n == 0 || c->nkw) return nargs(AN, c, 1, 99), ann_impossible();
  Ann *r = c->n == 1 ? ann_iter_item(AN, c->args[0], c->loc) : c->args[0];
  for (uint32_t i = 0; i < c->n; i++)   /* min(d.keys()) compares keys, not views */
    if (!ann_view_use(AN, c->args[i], c->loc, "comparing", c->n == 1 ? VU_ITEMS : VU_DEEP))
      return ann_impossible();
  for (uint32_t i = 1; i < c->n && r; i++) {
    Ann *u = ann_union(AN, ann_noconst(AN, r), ann_noconst(AN, c->args[i]));
    if (!u) {
      ann_report_conflict(AN, c->loc, "the arguments of min()/max()", r, c->args[i]);
      return ann_impossible();
    }
    r = u;
  }
  if (r->kind == ANN_NONE || !orderable(AN, r))
    return arg_is(AN, c, 0, false, "numbers, strs, or tuples or lists of them"), ann_impossible();
  return ann_noconst(AN, r);
}

static Ann *numeric(Annotator *AN, Call *c, BiId id) {
  Loc o = c->loc;
  Ann *a = c->n ? c->args[0] : NULL;
  switch (id) {
  case BI_abs:
    if (!nargs(AN, c, 1, 1) || !arg_is(AN, c, 0, is_num(a), "a number")) return ann_impossible();
    return a->kind == ANN_FLOAT ? ann_float(AN, o) : ann_int(AN, 0, o);
  case BI_min: case BI_max: return minmax(AN, c);
  case BI_divmod: {
    if (!nargs(AN, c, 2, 2) || !arg_is(AN, c, 0, is_num(a), "numbers") ||
        !arg_is(AN, c, 1, is_num(c->args[1]), "numbers"))
      return ann_impossible();
    bool fl = a->kind == ANN_FLOAT || c->args[1]->kind == ANN_FLOAT;
    Ann *r = fl ? ann_float(AN, o) : ann_int(AN, 0, o);
    Ann *items[2] = {r, r};
    return ann_tuple(AN, 2, items, o);
  }
  case BI_round:
    if (!nargs(AN, c, 1, 2) || !arg_is(AN, c, 0, is_num(a), "a number")) return ann_impossible();
    return c->n == 2 ? ann_float(AN, o) : ann_int(AN, 0, o);
  case BI_sum: {
    if (!nargs(AN, c, 1, 2)) return ann_impossible();
    Ann *item = ann_iter_item(AN, a, o);
    if (item->kind == ANN_FLOAT || (c->n == 2 && c->args[1]->kind == ANN_FLOAT))
      return ann_float(AN, o);
    if (item->kind != ANN_IMPOSSIBLE && !is_intlike(item))
      return arg_is(AN, c, 0, false, "numbers"), ann_impossible();
    return ann_int(AN, 0, o);
  }
  case BI_intmask:
    if (!nargs(AN, c, 1, 1) || !arg_is(AN, c, 0, is_intlike(a), "an int")) return ann_impossible();
    return ann_int(AN, 0, o);
  case BI_r_uint:
    if (!nargs(AN, c, 1, 1) || !arg_is(AN, c, 0, is_intlike(a), "an int")) return ann_impossible();
    return ann_int(AN, AF_UNSIGNED, o);
  case BI_ovfcheck:
    if (!nargs(AN, c, 1, 1) || !arg_is(AN, c, 0, is_intlike(a), "an int")) return ann_impossible();
    return ann_noconst(AN, a->kind == ANN_BOOL ? ann_int(AN, 0, o) : a);
  default: return NULL;
  }
}

static Ann *math_fn(Annotator *AN, Call *c, BiId id) {
  uint32_t n = id == BI_math_pow ? 2 : 1, hi = id == BI_math_log ? 2 : n;
  if (!nargs(AN, c, n, hi)) return ann_impossible();
  for (uint32_t i = 0; i < c->n; i++)
    if (!arg_is(AN, c, i, is_num(c->args[i]), "a number")) return ann_impossible();
  if (id == BI_math_floor || id == BI_math_ceil) return ann_int(AN, 0, c->loc);
  return ann_float(AN, c->loc);
}

static Ann *new_list_of(Annotator *AN, Call *c, Ann *item) {
  ListDef *ld = ann_site_listdef(AN, c->op, 2, item);
  return ann_list(AN, ld, c->loc);
}

static Ann *range_fn(Annotator *AN, Call *c) {
  if (!nargs(AN, c, 1, 3)) return ann_impossible();
  for (uint32_t i = 0; i < c->n; i++)
    if (!arg_is(AN, c, i, is_intlike(c->args[i]), "ints")) return ann_impossible();
  Ann *r = ann_new_kind(AN, ANN_RANGE, c->loc);
  bool start_nn = c->n == 1 || (c->args[0]->flags & AF_NONNEG) || c->args[0]->kind == ANN_BOOL;
  bool step_pos = c->n < 3 || ((c->args[2]->flags & AF_CONST) && c->args[2]->c.i > 0);
  if (start_nn && step_pos) r->flags = AF_NONNEG;
  return r;
}

static Ann *iterables(Annotator *AN, Call *c, BiId id) {
  Loc o = c->loc;
  switch (id) {
  case BI_range: return range_fn(AN, c);
  case BI_list: {
    if (!nargs(AN, c, 0, 1)) return ann_impossible();
    Ann *item = c->n ? ann_iter_item(AN, c->args[0], o) : NULL;
    if (item && item->kind == ANN_IMPOSSIBLE && c->args[0]->kind != ANN_LIST) return item;
    return new_list_of(AN, c, item);
  }
  case BI_sorted: {
    if (c->n != 1 || (c->nkw && (c->nkw > 1 || strcmp(c->kwnames[0], "reverse") != 0)))
      return nargs(AN, c, 1, 1), ann_impossible();
    Ann *item = ann_iter_item(AN, c->args[0], o);
    if (item->kind != ANN_IMPOSSIBLE && item->kind != ANN_INT && item->kind != ANN_FLOAT &&
        !is_str(item))
      return arg_is(AN, c, 0, false, "ints, floats or strs"), ann_impossible();
    Ann *l = new_list_of(AN, c, item);
    ann_listdef_mutate(AN, l->u.list);
    return l;
  }
  case BI_dict:
    if (!nargs(AN, c, 0, 0)) return ann_impossible();
    return ann_dict(AN, ann_site_dictdef(AN, c->op, 2), o);
  case BI_tuple:
    if (!nargs(AN, c, 1, 1) || !arg_is(AN, c, 0, c->args[0]->kind == ANN_TUPLE, "a tuple"))
      return ann_impossible();
    return c->args[0];
  default: return NULL;
  }
}

static Ann *make_iter(Annotator *AN, IterKind k, Ann *a, Ann *b, Loc o) {
  Ann *it = ann_new_kind(AN, ANN_ITER, o);
  it->sub = (uint8_t)k;
  it->u.it.a = a;
  it->u.it.b = b;
  return it;
}

static Ann *iterators(Annotator *AN, Call *c, BiId id) {
  Loc o = c->loc;
  switch (id) {
  case BI_enumerate:
    if (!nargs(AN, c, 1, 1)) return ann_impossible();
    return make_iter(AN, IT_ENUMERATE, c->args[0], NULL, o);
  case BI_zip:
    if (!nargs(AN, c, 2, 2)) return ann_impossible();
    return make_iter(AN, IT_ZIP, c->args[0], c->args[1], o);
  case BI_reversed:
    if (!nargs(AN, c, 1, 1) || !arg_is(AN, c, 0, c->args[0]->kind == ANN_LIST, "a list"))
      return ann_impossible();
    return make_iter(AN, IT_REVERSED, c->args[0], NULL, o);
  case BI_iter: {
    if (!nargs(AN, c, 1, 1)) return ann_impossible();
    Ann *item = ann_iter_item(AN, c->args[0], o);
    if (item->kind == ANN_IMPOSSIBLE && c->args[0]->kind != ANN_LIST) return item;
    return c->args[0]->kind == ANN_ITER ? c->args[0]
           : make_iter(AN, c->args[0]->kind == ANN_LIST ? IT_LIST
                           : c->args[0]->kind == ANN_DICT ? IT_DICT
                           : c->args[0]->kind == ANN_RANGE ? IT_RANGE : IT_STR,
                       c->args[0], NULL, o);
  }
  case BI_next:
    if (!nargs(AN, c, 1, 1) || !arg_is(AN, c, 0, c->args[0]->kind == ANN_ITER, "an iterator"))
      return ann_impossible();
    return ann_iter_item(AN, c->args[0], o);
  default: return NULL;
  }
}

/* print(*values, sep=' ', end='\n') */
static Ann *print_fn(Annotator *AN, Call *c) {
  for (uint32_t i = 0; i < c->n; i++)
    if (!ann_str_of_ok(AN, c->args[i], c->loc, "printing")) return ann_impossible();
  for (uint32_t k = 0; k < c->nkw; k++) {
    const char *n = c->kwnames[k];
    if (strcmp(n, "sep") != 0 && strcmp(n, "end") != 0) {
      ann_error(AN, c->loc, "print() got an unexpected keyword argument '%s'", n);
      return ann_impossible();
    }
    if (!is_str(c->kw[k]) && c->kw[k]->kind != ANN_NONE) {
      ann_error(AN, c->loc, "print(%s=...) needs a str", n);
      return ann_impossible();
    }
  }
  return ann_none(AN, c->loc);
}

static Ann *os_fn(Annotator *AN, Call *c, BiId id) {
  Loc o = c->loc;
  switch (id) {
  case BI_os_write:
    if (!nargs(AN, c, 2, 2) || !arg_is(AN, c, 0, is_intlike(c->args[0]), "an int fd") ||
        !arg_is(AN, c, 1, is_str(c->args[1]), "a str"))
      return ann_impossible();
    return ann_int(AN, AF_NONNEG, o);
  case BI_os_read:
    if (!nargs(AN, c, 2, 2) || !arg_is(AN, c, 0, is_intlike(c->args[0]), "ints") ||
        !arg_is(AN, c, 1, is_intlike(c->args[1]), "ints"))
      return ann_impossible();
    return ann_str(AN, false, o);
  case BI_os_open:
    if (!nargs(AN, c, 2, 3) || !arg_is(AN, c, 0, is_str(c->args[0]), "a str path"))
      return ann_impossible();
    return ann_int(AN, AF_NONNEG, o);
  case BI_os_close: case BI_sys_exit: case BI_sys_setrecursionlimit:
    if (!nargs(AN, c, id == BI_sys_exit ? 0 : 1, 1) ||
        (c->n && !arg_is(AN, c, 0, is_intlike(c->args[0]), "an int")))
      return ann_impossible();
    if (id == BI_sys_exit)  /* raises SystemExit */
      ann_class_seen(AN, ann_builtin_class(AN, "SystemExit"));
    return ann_none(AN, o);
  case BI_open:
    if (!nargs(AN, c, 1, 2) || !arg_is(AN, c, 0, is_str(c->args[0]), "a str path"))
      return ann_impossible();
    return ann_new_kind(AN, ANN_FILE, o);
  case BI_time_time: case BI_time_clock:
    if (!nargs(AN, c, 0, 0)) return ann_impossible();
    return ann_float(AN, o);
  default: return NULL;
  }
}

/* super(): the enclosing method's class and self. */
static Ann *super_fn(Annotator *AN, Call *c) {
  AnnGraph *ag = AN->cur ? AN->cur->ag : NULL;
  FuncDesc *fd = ag ? ag->fd : NULL;
  ClassDef *cd = fd && fd->fi->cls ? ann_classdef_of(AN, fd->fi->cls) : NULL;
  if (c->n || !cd || !fd->nparams) {
    ann_error(AN, c->loc, "super() is only supported without arguments, in a method");
    return ann_impossible();
  }
  Ann *r = ann_builtin(AN, BI_super, ann_value(AN, ag->g->start->inputs[0]), c->loc);
  r->u.bi.cls = cd;
  return r;
}

static Ann *jit_fn(Annotator *AN, Call *c, BiId id) {
  Loc o = c->loc;
  switch (id) {
  case BI_we_are_translated: return ann_bool_const(AN, true, o);
  case BI_we_are_jitted: return ann_bool(AN, o);
  case BI_promote: case BI_promote_string:
    if (!nargs(AN, c, 1, 1)) return ann_impossible();
    if (id == BI_promote_string && !arg_is(AN, c, 0, is_str(c->args[0]), "a str"))
      return ann_impossible();
    return c->args[0];
  case BI_hint:
    if (c->n != 1) return nargs(AN, c, 1, 1), ann_impossible();
    return c->args[0];
  case BI_isconstant: case BI_isvirtual:
    if (!nargs(AN, c, 1, 1)) return ann_impossible();
    return ann_bool(AN, o);
  case BI_set_param:
    if (!nargs(AN, c, 3, 3) || !arg_is(AN, c, 1, is_str(c->args[1]), "a parameter name"))
      return ann_impossible();
    return ann_none(AN, o);
  case BI_StringBuilder:
    if (!nargs(AN, c, 0, 1)) return ann_impossible();
    return ann_new_kind(AN, ANN_SBUILDER, o);
  default: return NULL;
  }
}

/* object.__init__ through super(): no arguments, or the message of an
 * exception. */
static Ann *object_init(Annotator *AN, Call *c) {
  Ann *self = c->self ? c->self : c->n ? c->args[0] : NULL;
  uint32_t first = c->self ? 0 : 1;
  if (!self || self->kind != ANN_INSTANCE) {
    ann_error(AN, c->loc, "__init__() of a built-in class needs an instance (self)");
    return ann_impossible();
  }
  uint32_t max = first + (self->u.cls->is_exception ? 1 : 0);
  if (c->n > max) return nargs(AN, c, first, max), ann_impossible();
  if (c->n > first && !ann_str_of_ok(AN, c->args[first], c->loc, "an exception message of"))
    return ann_impossible();
  return ann_none(AN, c->loc);
}

Ann *ann_builtin_call(Annotator *AN, Call *c, BiId id) {
  c->fname = bi_names[id];
  if (bi_is_method[id]) {
    c->fname = strchr(bi_names[id], '.') + 1;
    return ann_method_call(AN, c, id);
  }
  if (id == BI_isinstance) return ann_isinstance(AN, c);
  if (id == BI_len) return nargs(AN, c, 1, 1) ? ann_len_of(AN, c->args[0], c->loc)
                                              : ann_impossible();
  if (id == BI_print) return print_fn(AN, c);
  if (id == BI_super) return super_fn(AN, c);
  if (id == BI_object) return object_init(AN, c);
  Ann *r = conversions(AN, c, id);
  if (!r) r = numeric(AN, c, id);
  if (!r && id >= BI_math_sqrt && id <= BI_math_pow) r = math_fn(AN, c, id);
  if (!r) r = iterables(AN, c, id);
  if (!r) r = iterators(AN, c, id);
  if (!r) r = os_fn(AN, c, id);
  if (!r) r = jit_fn(AN, c, id);
  if (r) return r;
  ann_error(AN, c->loc, "%s() can only be used at module level", bi_names[id]);
  return ann_impossible();
}
