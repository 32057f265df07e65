/* lattice.c — annotations: constructors, equality, union, printing.
 *
 * Annotations are immutable once built; "changing" one builds a copy. The
 * union is the least upper bound of ARCHITECTURE.md §3 (see ann.h); the
 * only side effect it has is merging list and dict definitions, which is
 * done only once the merged item types are known to unify. On a conflict
 * the union returns NULL and records the innermost pair that failed. */
#include <math.h>
#include <string.h>

#include "annint.h"

static Ann impossible_ann = {.kind = ANN_IMPOSSIBLE};

Ann *ann_impossible(void) { return &impossible_ann; }

Ann *ann_new_kind(Annotator *AN, AnnKind k, Loc origin) {
  Ann *a = arena_alloc(AN->A, sizeof *a);
  a->kind = (uint8_t)k;
  a->origin = origin;
  return a;
}

Ann *ann_copy(Annotator *AN, const Ann *a) {
  Ann *c = arena_alloc(AN->A, sizeof *c);
  *c = *a;
  return c;
}

Ann *ann_with_origin(Annotator *AN, Ann *a, Loc o) {
  if (a->kind == ANN_IMPOSSIBLE) return a;
  Ann *c = ann_copy(AN, a);
  c->origin = o;
  return c;
}

Ann *ann_none(Annotator *AN, Loc o) {
  Ann *a = ann_new_kind(AN, ANN_NONE, o);
  a->flags = AF_CONST;
  return a;
}
Ann *ann_bool(Annotator *AN, Loc o) { return ann_new_kind(AN, ANN_BOOL, o); }
Ann *ann_bool_const(Annotator *AN, bool b, Loc o) {
  Ann *a = ann_new_kind(AN, ANN_BOOL, o);
  a->flags = AF_CONST;
  a->c.i = b;
  return a;
}
Ann *ann_int(Annotator *AN, unsigned flags, Loc o) {
  Ann *a = ann_new_kind(AN, ANN_INT, o);
  a->flags = (uint8_t)(flags & (AF_NONNEG | AF_UNSIGNED));
  return a;
}
Ann *ann_int_const(Annotator *AN, int64_t i, Loc o) {
  Ann *a = ann_new_kind(AN, ANN_INT, o);
  a->flags = AF_CONST | (i >= 0 ? AF_NONNEG : 0);
  a->c.i = i;
  return a;
}
Ann *ann_float(Annotator *AN, Loc o) { return ann_new_kind(AN, ANN_FLOAT, o); }
Ann *ann_char(Annotator *AN, Loc o) { return ann_new_kind(AN, ANN_CHAR, o); }
Ann *ann_str(Annotator *AN, bool can_be_none, Loc o) {
  Ann *a = ann_new_kind(AN, ANN_STR, o);
  if (can_be_none) a->flags = AF_NULL;
  return a;
}
Ann *ann_str_const(Annotator *AN, const char *s, uint32_t len, Loc o) {
  Ann *a = ann_new_kind(AN, len == 1 ? ANN_CHAR : ANN_STR, o);
  a->flags = AF_CONST;
  a->c.s.p = s;
  a->c.s.len = len;
  return a;
}
Ann *ann_list(Annotator *AN, ListDef *ld, Loc o) {
  Ann *a = ann_new_kind(AN, ANN_LIST, o);
  a->u.list = ann_listdef(ld);
  return a;
}
Ann *ann_dict(Annotator *AN, DictDef *dd, Loc o) {
  Ann *a = ann_new_kind(AN, ANN_DICT, o);
  a->u.dict = ann_dictdef(dd);
  return a;
}
Ann *ann_tuple(Annotator *AN, uint32_t n, Ann **items, Loc o) {
  Ann *a = ann_new_kind(AN, ANN_TUPLE, o);
  a->n = n;
  a->u.items = arena_alloc_array(AN->A, n ? n : 1, sizeof(Ann *));
  if (n) memcpy(a->u.items, items, n * sizeof(Ann *));
  return a;
}
Ann *ann_instance(Annotator *AN, ClassDef *cd, bool can_be_none, Loc o) {
  Ann *a = ann_new_kind(AN, ANN_INSTANCE, o);
  a->u.cls = cd;
  if (can_be_none) a->flags = AF_NULL;
  return a;
}
Ann *ann_pbc(Annotator *AN, Desc *d, Loc o) {
  Ann *a = ann_new_kind(AN, ANN_PBC, o);
  a->n = 1;
  a->u.descs = arena_alloc(AN->A, sizeof(Desc *));
  a->u.descs[0] = d;
  return a;
}

bool ann_nullable_kind(AnnKind k) {
  return k == ANN_STR || k == ANN_LIST || k == ANN_DICT || k == ANN_INSTANCE ||
         k == ANN_PBC || k == ANN_TYPE;
}

Ann *ann_nonnull(Annotator *AN, Ann *a) {
  if (!(a->flags & AF_NULL)) return a;
  Ann *c = ann_copy(AN, a);
  c->flags &= (uint8_t)~AF_NULL;
  return c;
}

Ann *ann_noconst(Annotator *AN, Ann *a) {
  if (!(a->flags & AF_CONST) || a->kind == ANN_NONE) return a;
  Ann *c = ann_copy(AN, a);
  c->flags &= (uint8_t)~AF_CONST;
  if (c->kind == ANN_BOOL) c->u.ktd = NULL;
  return c;
}

/* ---- equality ----------------------------------------------------------- */
static bool const_eq(const Ann *a, const Ann *b) {
  if (!(a->flags & AF_CONST)) return true;
  switch ((AnnKind)a->kind) {
  case ANN_BOOL: case ANN_INT: return a->c.i == b->c.i;
  case ANN_FLOAT:
    return memcmp(&a->c.f, &b->c.f, sizeof(double)) == 0;
  case ANN_CHAR: case ANN_STR:
    return a->c.s.len == b->c.s.len &&
           memcmp(a->c.s.p, b->c.s.p, a->c.s.len) == 0;
  default: return true;
  }
}

/* Whether two narrowings say the same of the same variables. */
static bool ktd_eq(const KnownTypes *a, const KnownTypes *b) {
  if (a == b) return true;
  if (!a || !b || a->var != b->var || a->var2 != b->var2) return false;
  return ann_eq(a->if_true, b->if_true) && ann_eq(a->if_false, b->if_false) &&
         (a->if_true2 == b->if_true2 || (a->if_true2 && b->if_true2 && ann_eq(a->if_true2, b->if_true2)));
}

bool ann_eq(const Ann *a, const Ann *b) {
  if (a == b) return true;
  if (!a || !b || a->kind != b->kind || a->flags != b->flags || a->n != b->n ||
      a->sub != b->sub || !const_eq(a, b))
    return false;
  switch ((AnnKind)a->kind) {
  case ANN_LIST: return ann_listdef(a->u.list) == ann_listdef(b->u.list);
  case ANN_DICT: return ann_dictdef(a->u.dict) == ann_dictdef(b->u.dict);
  case ANN_INSTANCE: case ANN_TYPE: return a->u.cls == b->u.cls;
  case ANN_BOOL: return ktd_eq(a->u.ktd, b->u.ktd);
  case ANN_TUPLE:
    for (uint32_t i = 0; i < a->n; i++)
      if (!ann_eq(a->u.items[i], b->u.items[i])) return false;
    return true;
  case ANN_PBC:
    return memcmp(a->u.descs, b->u.descs, a->n * sizeof(Desc *)) == 0;
  case ANN_BUILTIN:
    return a->u.bi.id == b->u.bi.id && a->u.bi.cls == b->u.bi.cls &&
           ((!a->u.bi.self && !b->u.bi.self) ||
            (a->u.bi.self && b->u.bi.self && ann_eq(a->u.bi.self, b->u.bi.self)));
  case ANN_ITER:
    return ann_eq(a->u.it.a, b->u.it.a) &&
           ((!a->u.it.b && !b->u.it.b) ||
            (a->u.it.b && b->u.it.b && ann_eq(a->u.it.b, b->u.it.b)));
  default: return true;
  }
}

/* ---- union --------------------------------------------------------------- */
static Ann *conflict(Annotator *AN, Ann *a, Ann *b, const char *what) {
  if (!AN->conflict.a) {
    AN->conflict.a = a;
    AN->conflict.b = b;
    AN->conflict.what = what;
  }
  return NULL;
}

void ann_conflict(const Annotator *AN, Ann **a, Ann **b, const char **what) {
  *a = AN->conflict.a;
  *b = AN->conflict.b;
  *what = AN->conflict.what;
}

ClassDef *ann_common_base(ClassDef *a, ClassDef *b) {
  while (a && b && a != b) {
    if (a->depth > b->depth) a = a->base;
    else if (b->depth > a->depth) b = b->base;
    else { a = a->base; b = b->base; }
  }
  return a == b ? a : NULL;
}

bool ann_is_subclass(const ClassDef *sub, const ClassDef *base) {
  for (; sub; sub = sub->base)
    if (sub == base) return true;
  return false;
}

static Ann *union_pbc(Annotator *AN, Ann *a, Ann *b) {
  Desc **d = arena_alloc_array(AN->A, a->n + b->n, sizeof(Desc *));
  uint32_t i = 0, j = 0, n = 0;
  while (i < a->n || j < b->n) {
    if (j >= b->n || (i < a->n && a->u.descs[i]->id < b->u.descs[j]->id))
      d[n++] = a->u.descs[i++];
    else if (i >= a->n || b->u.descs[j]->id < a->u.descs[i]->id)
      d[n++] = b->u.descs[j++];
    else { d[n++] = a->u.descs[i++]; j++; }
  }
  if (n == a->n) return a;
  Ann *r = ann_copy(AN, a);
  r->n = n;
  r->u.descs = d;
  return r;
}

static Ann *union_tuple(Annotator *AN, Ann *a, Ann *b) {
  if (a->n != b->n) return conflict(AN, a, b, NULL);
  Ann **items = arena_alloc_array(AN->A, a->n ? a->n : 1, sizeof(Ann *));
  bool same = true;
  for (uint32_t i = 0; i < a->n; i++) {
    Ann *c = ann_union(AN, a->u.items[i], b->u.items[i]);
    if (!c) return NULL;
    same = same && c == a->u.items[i];
    items[i] = c;
  }
  if (same) return a;
  Ann *r = ann_copy(AN, a);
  r->u.items = items;
  return r;
}

/* The union of two annotations of the same kind. */
static Ann *union_same(Annotator *AN, Ann *a, Ann *b) {
  Ann *r = ann_copy(AN, a);
  r->flags = a->flags | b->flags;
  if (!(a->flags & b->flags & AF_CONST) || !const_eq(a, b))
    r->flags &= (uint8_t)~AF_CONST;
  switch ((AnnKind)a->kind) {
  case ANN_BOOL:
    if (!ktd_eq(a->u.ktd, b->u.ktd)) r->u.ktd = NULL;
    break;
  case ANN_INT:
    if ((a->flags ^ b->flags) & AF_UNSIGNED) return conflict(AN, a, b, NULL);
    if (!(a->flags & b->flags & AF_NONNEG)) r->flags &= (uint8_t)~AF_NONNEG;
    break;
  case ANN_RANGE:
    if (!(a->flags & b->flags & AF_NONNEG)) r->flags &= (uint8_t)~AF_NONNEG;
    break;
  case ANN_LIST:
    if (!ann_listdef_merge(AN, a->u.list, b->u.list)) return NULL;
    r->u.list = ann_listdef(a->u.list);
    break;
  case ANN_DICT:
    if (!ann_dictdef_merge(AN, a->u.dict, b->u.dict)) return NULL;
    r->u.dict = ann_dictdef(a->u.dict);
    break;
  case ANN_TUPLE: {
    Ann *t = union_tuple(AN, a, b);
    if (!t) return NULL;
    r->u.items = t->u.items;
    break;
  }
  case ANN_INSTANCE: case ANN_TYPE:
    r->u.cls = ann_common_base(a->u.cls, b->u.cls);
    if (!r->u.cls) return conflict(AN, a, b, NULL);
    break;
  case ANN_PBC: {
    Ann *p = union_pbc(AN, a, b);
    r->n = p->n;
    r->u.descs = p->u.descs;
    break;
  }
  case ANN_BUILTIN: {
    if (a->u.bi.id != b->u.bi.id || a->u.bi.cls != b->u.bi.cls ||
        !a->u.bi.self != !b->u.bi.self)
      return conflict(AN, a, b, NULL);
    if (a->u.bi.self && !(r->u.bi.self = ann_union(AN, a->u.bi.self, b->u.bi.self)))
      return NULL;
    break;
  }
  case ANN_ITER: {
    if (a->sub != b->sub || !a->u.it.b != !b->u.it.b) return conflict(AN, a, b, NULL);
    if (!(r->u.it.a = ann_union(AN, a->u.it.a, b->u.it.a))) return NULL;
    if (a->u.it.b && !(r->u.it.b = ann_union(AN, a->u.it.b, b->u.it.b))) return NULL;
    break;
  }
  default: break;
  }
  return ann_eq(r, a) ? a : ann_eq(r, b) ? b : r;
}

static Ann *add_null(Annotator *AN, Ann *a) {
  if (a->flags & AF_NULL) return a;
  Ann *r = ann_copy(AN, a);
  r->flags = (uint8_t)((r->flags | AF_NULL) & ~AF_CONST);
  return r;
}

static Ann *union_impl(Annotator *AN, Ann *a, Ann *b);

Ann *ann_union(Annotator *AN, Ann *a, Ann *b) {
  if (AN->udepth++ == 0) memset(&AN->conflict, 0, sizeof AN->conflict);
  Ann *r = union_impl(AN, a, b);
  AN->udepth--;
  return r;
}

static Ann *union_impl(Annotator *AN, Ann *a, Ann *b) {
  if (!a || a->kind == ANN_IMPOSSIBLE) return b;
  if (!b || b->kind == ANN_IMPOSSIBLE) return a;
  if (a == b || ann_eq(a, b)) return a;
  if (a->kind == ANN_CHAR && b->kind == ANN_STR) return union_same(AN, b, a);
  if (a->kind == ANN_STR && b->kind == ANN_CHAR) {
    Ann *r = union_same(AN, a, b);
    return r;
  }
  if (a->kind == ANN_NONE || b->kind == ANN_NONE) {
    Ann *o = a->kind == ANN_NONE ? b : a;
    if (o->kind == ANN_CHAR) {
      Ann *s = ann_copy(AN, o);
      s->kind = ANN_STR;
      return add_null(AN, s);
    }
    if (ann_nullable_kind(o->kind)) return add_null(AN, o);
    return conflict(AN, a, b, NULL);
  }
  if (a->kind != b->kind) return conflict(AN, a, b, NULL);
  if (a->kind == ANN_CHAR && (!(a->flags & b->flags & AF_CONST) || !const_eq(a, b)))
    return ann_noconst(AN, a);
  return union_same(AN, a, b);
}

bool ann_contains(Annotator *AN, Ann *a, Ann *b) {
  Ann *u = ann_union(AN, a, b);
  return u && ann_eq(u, a);
}

/* ---- printing --------------------------------------------------------------- */
const char *ann_kind_word(const Ann *a) {
  static const char *const words[ANN_KIND_COUNT] = {
      [ANN_IMPOSSIBLE] = "impossible", [ANN_NONE] = "None", [ANN_BOOL] = "bool",
      [ANN_INT] = "int", [ANN_FLOAT] = "float", [ANN_CHAR] = "str",
      [ANN_STR] = "str", [ANN_LIST] = "list", [ANN_DICT] = "dict",
      [ANN_TUPLE] = "tuple", [ANN_INSTANCE] = "instance", [ANN_TYPE] = "class",
      [ANN_PBC] = "function", [ANN_BUILTIN] = "built-in function",
      [ANN_ITER] = "iterator", [ANN_RANGE] = "range",
      [ANN_SBUILDER] = "StringBuilder", [ANN_FILE] = "file"};
  if (a->kind == ANN_INT && (a->flags & AF_UNSIGNED)) return "r_uint";
  return words[a->kind];
}

static const char *const iter_names[] = {"list", "str", "dict", "range",
                                         "enumerate", "zip", "reversed", "tuple"};

static void print_pbc(FILE *out, const Ann *a) {
  fputs("pbc(", out);
  for (uint32_t i = 0; i < a->n; i++) {
    const Desc *d = a->u.descs[i];
    if (i) fputs(", ", out);
    static const char *const pre[] = {"func:", "class:", "method:", "module:", "obj:"};
    fprintf(out, "%s%s", pre[d->kind], d->name);
  }
  fputc(')', out);
}

static void print_const(FILE *out, const Ann *a) {
  if (!(a->flags & AF_CONST)) return;
  if (a->kind == ANN_INT) fprintf(out, " const %lld", (long long)a->c.i);
  else if (a->kind == ANN_BOOL) fputs(a->c.i ? " const True" : " const False", out);
}

static void print_list(FILE *out, const Ann *a) {
  ListDef *ld = ann_listdef(a->u.list);
  fputs("list(", out);
  ann_print(out, ld->item);
  if (ld->resized) fputs(", resized", out);
  else if (ld->mutated) fputs(", mutated", out);
  fputc(')', out);
}

void ann_print(FILE *out, const Ann *a) {
  if (!a) { fputs("?", out); return; }
  switch ((AnnKind)a->kind) {
  case ANN_INT:
    fputs(a->flags & AF_UNSIGNED ? "r_uint" : a->flags & AF_NONNEG ? "int>=0" : "int", out);
    break;
  case ANN_CHAR: fputs("char", out); break;
  case ANN_LIST: print_list(out, a); break;
  case ANN_DICT: {
    DictDef *dd = ann_dictdef(a->u.dict);
    fputs("dict(", out);
    ann_print(out, dd->key);
    fputs(", ", out);
    ann_print(out, dd->value);
    fputc(')', out);
    break;
  }
  case ANN_TUPLE:
    fputs("tuple(", out);
    for (uint32_t i = 0; i < a->n; i++) {
      if (i) fputs(", ", out);
      ann_print(out, a->u.items[i]);
    }
    fputc(')', out);
    break;
  case ANN_INSTANCE: fprintf(out, "inst(%s)", a->u.cls->name); break;
  case ANN_TYPE: fprintf(out, "type(%s)", a->u.cls->name); break;
  case ANN_PBC: print_pbc(out, a); break;
  case ANN_BUILTIN:
    fprintf(out, "builtin(%s", ann_builtin_name((BiId)a->u.bi.id));
    if (a->u.bi.self) { fputs(" of ", out); ann_print(out, a->u.bi.self); }
    fputc(')', out);
    break;
  case ANN_ITER: {
    bool wrap = a->sub == IT_ENUMERATE || a->sub == IT_ZIP || a->sub == IT_REVERSED;
    fputs("iter(", out);
    if (wrap) fprintf(out, "%s(", iter_names[a->sub]);
    ann_print(out, a->u.it.a);
    if (a->u.it.b) { fputs(", ", out); ann_print(out, a->u.it.b); }
    fputs(wrap ? "))" : ")", out);
    break;
  }
  case ANN_RANGE: fputs(a->flags & AF_NONNEG ? "range(int>=0)" : "range(int)", out); break;
  default: fputs(ann_kind_word(a), out); break;
  }
  if (a->flags & AF_NULL) fputs("?", out);
  print_const(out, a);
}

/* The message form: "int", "list of int", "instance of Node". */
const char *ann_describe(Annotator *AN, const Ann *a) {
  switch ((AnnKind)a->kind) {
  case ANN_LIST: {
    ListDef *ld = ann_listdef(a->u.list);
    if (ld->item->kind == ANN_IMPOSSIBLE) return "list";
    return arena_printf(AN->A, "list of %s", ann_describe(AN, ld->item));
  }
  case ANN_DICT: return "dict";
  case ANN_TUPLE: return arena_printf(AN->A, "tuple of %u items", a->n);
  case ANN_INSTANCE: return arena_printf(AN->A, "instance of %s", a->u.cls->shortname);
  case ANN_TYPE: return arena_printf(AN->A, "class %s", a->u.cls->shortname);
  case ANN_PBC:
    if (a->n == 1) {
      static const char *const kinds[] = {"function", "class", "method", "module", "object"};
      const Desc *d = a->u.descs[0];
      return arena_printf(AN->A, "%s %s", kinds[d->kind], d->name);
    }
    return "function";
  case ANN_BUILTIN:
    return arena_printf(AN->A, "built-in %s", ann_builtin_name((BiId)a->u.bi.id));
  default: return ann_kind_word(a);
  }
}
