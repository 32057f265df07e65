/* defs.c — the shared, mutable definitions behind annotations: list and
 * dict definitions (union-find), class definitions with their attributes,
 * and the descriptions that PBC annotations are sets of.
 *
 * A ListDef/DictDef is created once per creation site and merged with
 * another when two lists meet (a union, a store of one into the other).
 * Readers of an item type are recorded as dependencies and reflowed when
 * it generalizes. Attributes live on the class that first needs them; when
 * a base class needs an attribute its subclasses already have, those move
 * up to the base and merge (RPython's "attribute moved up"). */
#include <string.h>

#include "annint.h"

/* ---- dependencies ----------------------------------------------------------- */
void ann_deps_schedule(Annotator *AN, Deps *d) {
  for (unsigned i = 0; i < d->v.len; i++) ann_schedule(AN, d->v.data[i]);
}

static void deps_merge(Annotator *AN, Deps *into, Deps *from) {
  for (unsigned i = 0; i < from->v.len; i++) {
    BlockInfo *bi = from->v.data[i];
    bool have = false;
    for (unsigned j = 0; j < into->v.len && !have; j++) have = into->v.data[j] == bi;
    if (!have) vec_push(AN->A, into->v, bi);
  }
}

/* ---- lists ----------------------------------------------------------------- */
ListDef *ann_listdef(ListDef *ld) {
  while (ld->parent) {
    if (ld->parent->parent) ld->parent = ld->parent->parent;
    ld = ld->parent;
  }
  return ld;
}

ListDef *ann_listdef_new(Annotator *AN, Ann *item, Loc o) {
  ListDef *ld = arena_alloc(AN->A, sizeof *ld);
  ld->id = AN->next_def++;
  ld->item = item ? item : ann_impossible();
  ld->origin = o;
  vec_push(AN->A, AN->listdefs, ld);
  return ld;
}

bool ann_listdef_generalize(Annotator *AN, ListDef *ld, Ann *s, Loc loc) {
  ld = ann_listdef(ld);
  s = ann_noconst(AN, s);
  Ann *u = ann_union(AN, ld->item, s);
  if (!u) {
    ann_report_conflict(AN, loc, "the list item type", ld->item, s);
    return false;
  }
  if (ann_eq(u, ld->item)) return false;
  ld->item = u;
  ann_deps_schedule(AN, &ld->readers);
  return true;
}

Ann *ann_listdef_read(Annotator *AN, ListDef *ld) {
  ld = ann_listdef(ld);
  ann_dep_add(AN, &ld->readers);
  return ld->item;
}

void ann_listdef_resize(Annotator *AN, ListDef *ld) {
  ld = ann_listdef(ld);
  if (ld->resized) return;
  ld->resized = ld->mutated = true;
  ann_deps_schedule(AN, &ld->readers);
}

void ann_listdef_mutate(Annotator *AN, ListDef *ld) {
  ld = ann_listdef(ld);
  if (ld->mutated) return;
  ld->mutated = true;
  ann_deps_schedule(AN, &ld->readers);
}

bool ann_listdef_merge(Annotator *AN, ListDef *a, ListDef *b) {
  a = ann_listdef(a);
  b = ann_listdef(b);
  if (a == b) return true;
  Ann *u = ann_union(AN, a->item, b->item);
  if (!u) {
    if (!AN->conflict.what) AN->conflict.what = "the list item type";
    return false;
  }
  if (b->id < a->id) { ListDef *t = a; a = b; b = t; }
  bool grew_a = !ann_eq(u, a->item), grew_b = !ann_eq(u, b->item);
  bool flags_b = (a->resized && !b->resized) || (a->mutated && !b->mutated) ||
                 (a->view && !b->view);
  bool flags_a = (b->resized && !a->resized) || (b->mutated && !a->mutated) ||
                 (b->view && !a->view);
  b->parent = a;
  a->item = u;
  a->resized |= b->resized;
  a->mutated |= b->mutated;
  a->range &= b->range;
  if (!a->view) {
    a->view = b->view;
    a->view_loc = b->view_loc;
  }
  if (grew_a || flags_a) ann_deps_schedule(AN, &a->readers);
  if (grew_b || flags_b) ann_deps_schedule(AN, &b->readers);
  deps_merge(AN, &a->readers, &b->readers);
  return true;
}

ListDef *ann_site_listdef(Annotator *AN, Op *op, unsigned salt, Ann *item) {
  uint64_t key = HKEY(op) * 4 + salt + 1;
  ListDef *ld = hmap_get(&AN->sites, key);
  if (!ld) {
    ld = ann_listdef_new(AN, NULL, op->loc);
    hmap_put(&AN->sites, key, ld);
  }
  if (item) ann_listdef_generalize(AN, ld, item, op->loc);
  return ann_listdef(ld);
}

/* ---- dicts ------------------------------------------------------------------ */
DictDef *ann_dictdef(DictDef *dd) {
  while (dd->parent) {
    if (dd->parent->parent) dd->parent = dd->parent->parent;
    dd = dd->parent;
  }
  return dd;
}

DictDef *ann_dictdef_new(Annotator *AN, Ann *key, Ann *value, Loc o) {
  DictDef *dd = arena_alloc(AN->A, sizeof *dd);
  dd->id = AN->next_def++;
  dd->key = key ? key : ann_impossible();
  dd->value = value ? value : ann_impossible();
  dd->origin = o;
  vec_push(AN->A, AN->dictdefs, dd);
  return dd;
}

static bool key_ok(Annotator *AN, Ann *k, Loc loc) {
  switch ((AnnKind)k->kind) {
  case ANN_IMPOSSIBLE: case ANN_INT: case ANN_CHAR: case ANN_STR: case ANN_BOOL:
  case ANN_FLOAT: case ANN_INSTANCE: case ANN_PBC:
    return true;
  case ANN_TUPLE:
    for (uint32_t i = 0; i < k->n; i++)
      if (!key_ok(AN, k->u.items[i], loc)) return false;
    return true;
  default:
    ann_error(AN, loc, "a %s cannot be a dict key", ann_describe(AN, k));
    return false;
  }
}

bool ann_dictdef_generalize(Annotator *AN, DictDef *dd, Ann *k, Ann *v, Loc loc) {
  dd = ann_dictdef(dd);
  bool grew = false;
  if (k) k = ann_noconst(AN, k);
  if (v) v = ann_noconst(AN, v);
  if (k && key_ok(AN, k, loc)) {
    Ann *u = ann_union(AN, dd->key, k);
    if (!u) ann_report_conflict(AN, loc, "the dict key type", dd->key, k);
    else if (!ann_eq(u, dd->key)) { dd->key = u; grew = true; }
  }
  if (v) {
    Ann *u = ann_union(AN, dd->value, v);
    if (!u) ann_report_conflict(AN, loc, "the dict value type", dd->value, v);
    else if (!ann_eq(u, dd->value)) { dd->value = u; grew = true; }
  }
  if (grew) ann_deps_schedule(AN, &dd->readers);
  return grew;
}

/* A lookup of x (in, get, index, count ...) widens the items or keys to
 * x's type when they unify, as RPython's contains and getitem do: a str
 * looked up among chars must not become a char (its first one) to be
 * compared; x that does not unify (an int among floats) widens nothing. */
Ann *ann_listdef_lookup(Annotator *AN, ListDef *ld, Ann *x, Loc loc) {
  Ann *have = ann_listdef_read(AN, ld);
  Ann *u = have->kind == ANN_IMPOSSIBLE ? NULL : ann_union(AN, have, ann_noconst(AN, x));
  if (u && !ann_eq(u, have)) ann_listdef_generalize(AN, ld, x, loc);
  return ann_listdef_read(AN, ld);
}

Ann *ann_dictdef_lookup(Annotator *AN, DictDef *dd, Ann *k, Loc loc) {
  Ann *have = ann_dictdef_key(AN, dd);
  Ann *u = have->kind == ANN_IMPOSSIBLE ? NULL : ann_union(AN, have, ann_noconst(AN, k));
  if (u && !ann_eq(u, have)) ann_dictdef_generalize(AN, dd, k, NULL, loc);
  return ann_dictdef_key(AN, dd);
}

Ann *ann_dictdef_key(Annotator *AN, DictDef *dd) {
  dd = ann_dictdef(dd);
  ann_dep_add(AN, &dd->readers);
  return dd->key;
}

Ann *ann_dictdef_value(Annotator *AN, DictDef *dd) {
  dd = ann_dictdef(dd);
  ann_dep_add(AN, &dd->readers);
  return dd->value;
}

bool ann_dictdef_merge(Annotator *AN, DictDef *a, DictDef *b) {
  a = ann_dictdef(a);
  b = ann_dictdef(b);
  if (a == b) return true;
  Ann *k = ann_union(AN, a->key, b->key);
  if (!k) {
    if (!AN->conflict.what) AN->conflict.what = "the dict key type";
    return false;
  }
  Ann *v = ann_union(AN, a->value, b->value);
  if (!v) {
    if (!AN->conflict.what) AN->conflict.what = "the dict value type";
    return false;
  }
  if (b->id < a->id) { DictDef *t = a; a = b; b = t; }
  bool ga = !ann_eq(k, a->key) || !ann_eq(v, a->value);
  bool gb = !ann_eq(k, b->key) || !ann_eq(v, b->value);
  b->parent = a;
  a->key = k;
  a->value = v;
  if (ga) ann_deps_schedule(AN, &a->readers);
  if (gb) ann_deps_schedule(AN, &b->readers);
  deps_merge(AN, &a->readers, &b->readers);
  return true;
}

DictDef *ann_site_dictdef(Annotator *AN, Op *op, unsigned salt) {
  uint64_t key = HKEY(op) * 4 + salt + 1;
  DictDef *dd = hmap_get(&AN->sites, key);
  if (!dd) {
    dd = ann_dictdef_new(AN, NULL, NULL, op->loc);
    hmap_put(&AN->sites, key, dd);
  }
  return ann_dictdef(dd);
}

/* ---- descriptions ------------------------------------------------------------ */
static Desc *desc_new(Annotator *AN, DescKind k, const char *name) {
  Desc *d = arena_alloc(AN->A, sizeof *d);
  d->id = AN->next_desc++;
  d->kind = (uint8_t)k;
  d->name = name;
  return d;
}

static void parse_specialize(Annotator *AN, FuncDesc *fd);

/* The i-th default of fi's def: a constant of the module graph, or the
 * object prebuild made when it ran the def (`acc=[]`: one list, which
 * every call shares, as in Python). */
static Value *default_value(Annotator *AN, FuncInfo *fi, Op *mk, uint32_t i) {
  Value *v = mk->args[1 + i];
  if (v->kind == VAL_CONST || !AN->PB) return v;
  PbFuncFlags *fl = pb_func_flags(AN->PB, fi);
  if (!fl || !fl->func || i >= fl->func->ndefaults) return v;
  Value *c = pb_const(AN->PB, fl->func->defaults[i], NULL);
  return c ? c : v;
}

Desc *ann_func_desc(Annotator *AN, FuncInfo *fi) {
  Desc *d = hmap_get(&AN->funcmap, HKEY(fi));
  if (d) return d;
  d = desc_new(AN, DESC_FUNC, fi->qualname);
  FuncDesc *fd = arena_alloc(AN->A, sizeof *fd);
  d->u.func = fd;
  fd->fi = fi;
  fd->graph = fi->graph;
  fd->nparams = fi->graph ? fi->graph->start->ninputs : 0;
  fd->pnames = arena_alloc_array(AN->A, fd->nparams + 1, sizeof(char *));
  fd->defaults = arena_alloc_array(AN->A, fd->nparams + 1, sizeof(Value *));
  for (uint32_t i = 0; i < fd->nparams; i++)
    fd->pnames[i] = fi->graph->start->inputs[i]->name;
  Op *mk = hmap_get(&AN->defaults, HKEY(fi));
  uint32_t nd = mk ? mk->nargs - 1 : 0;
  for (uint32_t i = 0; i < nd && i < fd->nparams; i++)
    fd->defaults[fd->nparams - nd + i] = default_value(AN, fi, mk, i);
  parse_specialize(AN, fd);
  hmap_put(&AN->funcmap, HKEY(fi), d);
  return d;
}

/* `@specialize.argtype(0, 1)` / `.arg(n)` / `.memo()` / `@staticmethod`,
 * read from the def's decorators. */
static void parse_specialize(Annotator *AN, FuncDesc *fd) {
  NodeList decos = fd->fi->node->u.func.decorators;
  for (uint32_t i = 0; i < decos.len; i++) {
    Node *e = decos.items[i];
    if (e->kind == AST_NAME && strcmp(e->u.name.id, "staticmethod") == 0)
      fd->is_static = true;
    if (e->kind != AST_CALL || e->u.call.func->kind != AST_ATTR) continue;
    Node *f = e->u.call.func;
    const char *what = f->u.attr.attr;
    if (f->u.attr.value->kind != AST_NAME && f->u.attr.value->kind != AST_ATTR) continue;
    const char *on = f->u.attr.value->kind == AST_NAME ? f->u.attr.value->u.name.id
                                                       : f->u.attr.value->u.attr.attr;
    if (strcmp(on, "specialize") != 0) continue;
    fd->spec = strcmp(what, "argtype") == 0 ? SPEC_ARGTYPE
               : strcmp(what, "arg") == 0   ? SPEC_ARG
               : strcmp(what, "memo") == 0  ? SPEC_MEMO
                                            : SPEC_NONE;
    for (uint32_t k = 0; k < e->u.call.args.len; k++) {
      Node *a = e->u.call.args.items[k];
      if (a->kind == AST_INT && a->u.num.v >= 0 && a->u.num.v < 32)
        fd->specmask |= 1u << a->u.num.v;
      else ann_error(AN, a->loc, "specialize arguments must be parameter positions");
    }
  }
  (void)AN;
}

Desc *ann_method_desc(Annotator *AN, Desc *func, ClassDef *self, bool direct) {
  FuncDesc *fd = func->u.func;
  for (unsigned i = 0; i < fd->methods.len; i++) {
    Desc *m = fd->methods.data[i];
    if (m->u.meth.self == self && m->u.meth.direct == direct) return m;
  }
  Desc *m = desc_new(AN, DESC_METHOD, func->name);
  m->u.meth.func = func;
  m->u.meth.self = self;
  m->u.meth.direct = direct;
  vec_push(AN->A, fd->methods, m);
  return m;
}

Desc *ann_module_desc(Annotator *AN, Module *mod) {
  Desc *d = hmap_get(&AN->modmap, HKEY(mod));
  if (d) return d;
  d = desc_new(AN, DESC_MODULE, mod->name);
  d->u.mod = mod;
  hmap_put(&AN->modmap, HKEY(mod), d);
  return d;
}

Desc *ann_frozen_desc(Annotator *AN, FrozenDesc *fz, const char *name) {
  Desc *d = desc_new(AN, DESC_FROZEN, name);
  d->u.frozen = fz;
  return d;
}

/* ---- classes ------------------------------------------------------------------ */
static ClassDef *classdef_new(Annotator *AN, const char *name, const char *shortname,
                              ClassDef *base, Loc loc) {
  ClassDef *cd = arena_alloc(AN->A, sizeof *cd);
  cd->id = AN->next_def++;
  cd->name = name;
  cd->shortname = shortname;
  cd->base = base;
  cd->loc = loc;
  cd->depth = base ? base->depth + 1 : 0;
  cd->is_exception = base ? base->is_exception : strcmp(name, "BaseException") == 0;
  if (base) vec_push(AN->A, base->subs, cd);
  vec_push(AN->A, AN->classes, cd);
  cd->desc = desc_new(AN, DESC_CLASS, name);
  cd->desc->u.cls = cd;
  return cd;
}

ClassDef *ann_classdef_new(Annotator *AN, const char *name, ClassDef *base) {
  return classdef_new(AN, name, name, base, loc_make(0, 0, 0));
}

/* The built-in exceptions: Python 3's hierarchy restricted to RL's list.
 * BaseException is the root: what `finally` and bare `except:` catch
 * (SystemExit, from sys.exit, is no Exception). */
void ann_classes_init(Annotator *AN) {
  static const char *const tree[][2] = {
      {"BaseException", NULL},      {"Exception", "BaseException"},
      {"ArithmeticError", "Exception"},
      {"ZeroDivisionError", "ArithmeticError"},
      {"OverflowError", "ArithmeticError"}, {"LookupError", "Exception"},
      {"IndexError", "LookupError"}, {"KeyError", "LookupError"},
      {"RuntimeError", "Exception"}, {"NotImplementedError", "RuntimeError"},
      {"RecursionError", "RuntimeError"}, {"OSError", "Exception"},
      {"ValueError", "Exception"},   {"TypeError", "Exception"},
      {"AssertionError", "Exception"}, {"MemoryError", "Exception"},
      {"StopIteration", "Exception"}, {"SystemExit", "BaseException"}};
  for (unsigned i = 0; i < sizeof tree / sizeof tree[0]; i++) {
    const char *name = intern_cstr(AN->in, tree[i][0]);
    ClassDef *base = tree[i][1] ? ann_builtin_class(AN, tree[i][1]) : NULL;
    ClassDef *cd = classdef_new(AN, name, name, base, loc_make(0, 0, 0));
    hmap_put(&AN->classmap, HKEY(name), cd);
  }
}

ClassDef *ann_builtin_class(Annotator *AN, const char *name) {
  return hmap_get(&AN->classmap, HKEY(intern_cstr(AN->in, name)));
}

ClassDef *ann_classdef_user(Annotator *AN, ClassInfo *ci, ClassDef *base) {
  ClassDef *cd = hmap_get(&AN->classmap, HKEY(ci));
  if (cd) return cd;
  if (base && base == ann_builtin_class(AN, "SystemExit"))  /* its code is an int */
    ann_error(AN, ci->node->loc, "subclassing SystemExit is not supported in RL");
  cd = classdef_new(AN, ci->qualname, ci->name, base, ci->node->loc);
  cd->info = ci;
  hmap_put(&AN->classmap, HKEY(ci), cd);
  return cd;
}

ClassDef *ann_classdef_of(Annotator *AN, ClassInfo *ci) {
  return hmap_get(&AN->classmap, HKEY(ci));
}

void ann_class_seen(Annotator *AN, ClassDef *cd) {
  if (cd->seen) return;
  for (; cd; cd = cd->base) {
    cd->seen = true;
    ann_deps_schedule(AN, &cd->sub_readers);
  }
}

Attr *ann_attr_find(ClassDef *cd, const char *name) {
  for (unsigned i = 0; i < cd->attrs.len; i++)
    if (cd->attrs.data[i]->name == name) return cd->attrs.data[i];
  return NULL;
}

Attr *ann_attr_lookup(ClassDef *cd, const char *name) {
  for (; cd; cd = cd->base) {
    Attr *a = ann_attr_find(cd, name);
    if (a) return a;
  }
  return NULL;
}

static Attr *attr_new(Annotator *AN, ClassDef *cd, const char *name) {
  Attr *a = arena_alloc(AN->A, sizeof *a);
  a->name = name;
  a->owner = cd;
  a->s = ann_impossible();
  a->readonly = true;
  vec_push(AN->A, cd->attrs, a);
  return a;
}

/* Instance attributes of subclasses named `name` (not methods) move up to
 * cd: their annotations and readers merge into one Attr on cd. */
static void collect_sub_attrs(ClassDef *cd, const char *name, Attr **out, unsigned *n,
                              unsigned max) {
  for (unsigned i = 0; i < cd->subs.len; i++) {
    ClassDef *s = cd->subs.data[i];
    Attr *a = ann_attr_find(s, name);
    if (a && !a->is_method && *n < max) out[(*n)++] = a;
    else collect_sub_attrs(s, name, out, n, max);
  }
}

static void remove_attr(ClassDef *cd, Attr *a) {
  for (unsigned i = 0; i < cd->attrs.len; i++)
    if (cd->attrs.data[i] == a) {
      memmove(cd->attrs.data + i, cd->attrs.data + i + 1,
              (cd->attrs.len - i - 1) * sizeof(Attr *));
      cd->attrs.len--;
      return;
    }
}

static Attr *attr_move_up(Annotator *AN, ClassDef *cd, const char *name) {
  Attr *subs[64];
  unsigned n = 0;
  collect_sub_attrs(cd, name, subs, &n, 64);
  Attr *a = attr_new(AN, cd, name);
  for (unsigned i = 0; i < n; i++) {
    Attr *s = subs[i];
    Ann *u = ann_union(AN, a->s, s->s);
    if (!u) {
      ann_report_conflict(AN, s->def, arena_printf(AN->A, "attribute '%s' of class %s",
                                                   name, cd->shortname), a->s, s->s);
      u = a->s;
    }
    a->s = u;
    a->readonly &= s->readonly;
    if (!a->def.file) a->def = s->def;
    if (!a->first_read.file) a->first_read = s->first_read;
    deps_merge(AN, &a->readers, &s->readers);
    remove_attr(s->owner, s);
  }
  if (n) ann_deps_schedule(AN, &a->readers);
  return a;
}

Attr *ann_attr_get(Annotator *AN, ClassDef *cd, const char *name) {
  Attr *a = ann_attr_lookup(cd, name);
  if (!a) {
    a = attr_move_up(AN, cd, name);
    vec_push(AN->A, AN->attrs_read, a);
  }
  return a;
}

void ann_attr_set(Annotator *AN, ClassDef *cd, const char *name, Ann *s, Loc loc,
                  bool classlevel) {
  Attr *a = classlevel ? ann_attr_find(cd, name) : ann_attr_get(AN, cd, name);
  if (!a) a = attr_new(AN, cd, name);
  if (!a->def.file) a->def = loc;
  if (a->is_method && !classlevel) {
    ann_error(AN, loc, "cannot assign to '%s': it is a method of class %s", name,
              a->owner->shortname);
    return;
  }
  if (!classlevel) {
    a->readonly = false;
    s = ann_noconst(AN, s);
  }
  Ann *u = ann_union(AN, a->s, s);
  if (!u) {
    ann_report_conflict(AN, loc, arena_printf(AN->A, "attribute '%s' of class %s", name,
                                              a->owner->shortname), a->s, s);
    return;
  }
  if (ann_eq(u, a->s)) return;
  a->s = u;
  ann_deps_schedule(AN, &a->readers);
}
