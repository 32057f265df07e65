/* consts.c — annotations of constants and of module globals.
 *
 * ann_of_const is the one place that turns a Constant into an annotation.
 * Module globals: until the prebuild stage freezes them into constants, a
 * small static pass over each module-level graph (ann_scan_modules) records
 * what the annotator can know without running code: functions (with their
 * defaults and decorators), classes (base, methods, constant class
 * attributes, `_immutable_fields_`, `_virtualizable_`), imported modules and
 * built-ins, immutable constants and JitDriver objects. Other module-level
 * values are reported as not supported yet. */
#include <string.h>

#include "annint.h"

/* ---- module members of built-in modules ---------------------------------- */
static Ann *builtin_module_const(Annotator *AN, const char *q, Loc o) {
  static const struct { const char *name; int64_t v; } ints[] = {
      {"os.O_RDONLY", 0},   {"os.O_WRONLY", 1},   {"os.O_RDWR", 2},
      {"os.O_CREAT", 64},   {"os.O_TRUNC", 512},  {"os.O_APPEND", 1024},
      {"sys.maxint", INT64_MAX}, {"rlib.rarithmetic.LONG_BIT", 64}};
  for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++)
    if (strcmp(q, ints[i].name) == 0) return ann_int_const(AN, ints[i].v, o);
  if (strcmp(q, "math.pi") == 0 || strcmp(q, "math.e") == 0) return ann_float(AN, o);
  return NULL;
}

Ann *ann_builtin_named(Annotator *AN, const char *qname, Loc o) {
  ClassDef *cd = ann_builtin_class(AN, qname);
  if (cd) return ann_pbc(AN, cd->desc, o);
  uintptr_t id = (uintptr_t)hmap_get(&AN->bimap, HKEY(intern_cstr(AN->in, qname)));
  if (id) return ann_builtin(AN, (BiId)(id - 1), NULL, o);
  return builtin_module_const(AN, qname, o);
}

Ann *ann_module_member(Annotator *AN, Module *m, const char *name, Loc loc) {
  if (!m->builtin) return ann_global(AN, m, name, loc);
  Module *sub = hmap_get(&m->submods, HKEY(name));
  if (sub) return ann_pbc(AN, ann_module_desc(AN, sub), loc);
  const char *mname = m->name;
  if (strncmp(mname, "rpython.", 8) == 0 && strncmp(mname, "rpython.jit", 11) != 0)
    mname += 8;
  Ann *r = ann_builtin_named(AN, arena_printf(AN->A, "%s.%s", mname, name), loc);
  if (!r) ann_error(AN, loc, "%s.%s is not supported in RL", m->name, name);
  return r;
}

/* ---- constants ------------------------------------------------------------------ */
Ann *ann_of_const(Annotator *AN, Value *c, Loc o) {
  switch ((ConstKind)c->ckind) {
  case CONST_NONE: return ann_none(AN, o);
  case CONST_BOOL: return ann_bool_const(AN, c->u.i != 0, o);
  case CONST_INT: return ann_int_const(AN, c->u.i, o);
  case CONST_FLOAT: {
    Ann *a = ann_float(AN, o);
    a->flags = AF_CONST;
    a->c.f = c->u.f;
    return a;
  }
  case CONST_STR: return ann_str_const(AN, c->u.s.p, c->u.s.len, o);
  case CONST_BUILTIN: {
    Ann *a = ann_builtin_named(AN, c->u.ref.name, o);
    if (a) return a;
    ann_error(AN, o, "%s is not supported in RL", c->u.ref.name);
    return ann_impossible();
  }
  case CONST_FUNC: return ann_pbc(AN, ann_func_desc(AN, c->u.ref.p), o);
  case CONST_CLASS: {
    ClassDef *cd = ann_classdef_of(AN, c->u.ref.p);
    if (!cd) cd = ann_classdef_user(AN, c->u.ref.p, NULL);
    return ann_pbc(AN, cd->desc, o);
  }
  case CONST_MODULE: return ann_pbc(AN, ann_module_desc(AN, c->u.ref.p), o);
  case CONST_OBJ: return ann_of_dyn(AN, dyn_obj(c->u.ref.p), o);
  case CONST_SHAPE: return ann_none(AN, o);
  default: break;
  }
  return ann_impossible();
}

/* ---- the static scan of module-level code ----------------------------------------- */
static Ann unknown_global = {.kind = ANN_IMPOSSIBLE};

static HMap *module_table(Annotator *AN, Module *m) {
  HMap *t = hmap_get(&AN->globals, HKEY(m));
  if (!t) {
    t = arena_alloc(AN->A, sizeof *t);
    hmap_init(t, AN->A);
    hmap_put(&AN->globals, HKEY(m), t);
  }
  return t;
}

/* The newlist/newtuple op that defined v (recorded by the scan). */
static Op *def_op(Annotator *AN, Value *v) {
  return hmap_get(&AN->sites, HKEY(v) * 4);
}

/* The constant strings of a `newlist('a', 'b')` defining v, into out. */
static void const_strs(Annotator *AN, Value *v, void *vecp) {
  VEC(const char *) *out = vecp;
  Op *op = v->kind == VAL_VAR ? def_op(AN, v) : NULL;
  if (!op || (op->opc != HL_newlist && op->opc != HL_newtuple)) return;
  for (uint32_t i = 0; i < op->nargs; i++)
    if (op->args[i]->ckind == CONST_STR && op->args[i]->kind == VAL_CONST)
      vec_push(AN->A, *out, intern(AN->in, op->args[i]->u.s.p, op->args[i]->u.s.len));
}

static Ann *scan_value(Annotator *AN, Value *v) {
  if (v->kind == VAL_CONST) return ann_of_const(AN, v, v->loc);
  return v->ann ? v->ann : &unknown_global;
}

static Ann *scan_jitdriver(Annotator *AN, Op *op) {
  FrozenDesc *fz = arena_alloc(AN->A, sizeof *fz);
  fz->loc = op->loc;
  CallShape *sh = op->opc == HL_call_args ? op->args[1]->u.shape : NULL;
  uint32_t first = op->opc == HL_call_args ? 2 : 1;
  for (uint32_t k = 0; sh && k < sh->nkw; k++) {
    Value *v = op->args[first + sh->npos + k];
    const char *kw = sh->kwnames[k];
    if (strcmp(kw, "greens") == 0) const_strs(AN, v, &fz->greens);
    else if (strcmp(kw, "reds") == 0) {
      if (v->kind == VAL_CONST && v->ckind == CONST_STR) fz->reds_auto = true;
      else const_strs(AN, v, &fz->reds);
    } else if (strcmp(kw, "virtualizables") == 0) const_strs(AN, v, &fz->virtualizables);
    else if (strcmp(kw, "is_recursive") == 0) fz->is_recursive = v->u.i != 0;
    else if (strcmp(kw, "get_printable_location") == 0) {
      Ann *f = scan_value(AN, v);
      if (f != &unknown_global) fz->get_printable_location = f;
    }
  }
  return ann_pbc(AN, ann_frozen_desc(AN, fz, "JitDriver"), op->loc);
}

static bool is_func_pbc(const Ann *a) {
  return a->kind == ANN_PBC && a->n == 1 && a->u.descs[0]->kind == DESC_FUNC;
}

static unsigned deco_flag(BiId id) {
  switch (id) {
  case BI_elidable: case BI_purefunction: return JF_ELIDABLE;
  case BI_elidable_promote: return JF_ELIDABLE | JF_PROMOTE;
  case BI_unroll_safe: return JF_UNROLL_SAFE;
  case BI_dont_look_inside: return JF_DONT_LOOK_INSIDE;
  case BI_look_inside: return JF_LOOK_INSIDE;
  default: return 0;
  }
}

static Ann *scan_call(Annotator *AN, Op *op) {
  Ann *f = scan_value(AN, op->args[0]);
  if (f->kind == ANN_BUILTIN && f->u.bi.id == BI_JitDriver) return scan_jitdriver(AN, op);
  if (op->opc == HL_simple_call && op->nargs == 2) {
    Ann *a = scan_value(AN, op->args[1]);
    if (is_func_pbc(a)) {
      if (f->kind == ANN_BUILTIN) a->u.descs[0]->u.func->jitflags |= deco_flag((BiId)f->u.bi.id);
      if (f->kind == ANN_BUILTIN && f->u.bi.id == BI_staticmethod)
        a->u.descs[0]->u.func->is_static = true;
      if (f->kind == ANN_BUILTIN && f->u.bi.cls == NULL && f->u.bi.self &&
          f->u.bi.id == BI_look_inside_iff)
        a->u.descs[0]->u.func->jitflags |= JF_LOOK_INSIDE_IFF;
      return a;
    }
    if (f->kind == ANN_BUILTIN && f->u.bi.id == BI_look_inside_iff)
      return ann_builtin(AN, BI_look_inside_iff, a, op->loc);
  }
  if (f->kind == ANN_BUILTIN && f->u.bi.id == BI_specialize)
    return f;  /* specialize.argtype(...) etc.: read from the AST */
  return &unknown_global;
}

static void scan_class_attr(Annotator *AN, Op *op) {
  Ann *c = scan_value(AN, op->args[0]);
  if (c->kind != ANN_PBC || c->u.descs[0]->kind != DESC_CLASS) return;
  ClassDef *cd = c->u.descs[0]->u.cls;
  const char *name = intern(AN->in, op->args[1]->u.s.p, op->args[1]->u.s.len);
  if (strcmp(name, "_immutable_fields_") == 0) {
    const_strs(AN, op->args[2], &cd->immutable_fields);
    return;
  }
  if (strcmp(name, "_virtualizable_") == 0) {
    const_strs(AN, op->args[2], &cd->virtualizable);
    return;
  }
  Ann *v = scan_value(AN, op->args[2]);
  if (v == &unknown_global && AN->PB && cd->info) {
    /* a list, dict, tuple or instance built by the class body: the
     * prebuilt value (the object stays mutable, the attribute constant) */
    PbClass *pc = pb_class_of(AN->PB, cd->info);
    Dyn *d = pc ? pb_attrs_get(&pc->attrs, name) : NULL;
    if (d) v = ann_of_dyn(AN, *d, op->loc);
  }
  if (v == &unknown_global) return;
  ann_attr_set(AN, cd, name, v, op->loc, true);
  Attr *a = ann_attr_find(cd, name);
  if (a && is_func_pbc(v)) {
    a->is_static = v->u.descs[0]->u.func->is_static;
    a->is_method = !a->is_static;
  }
}

static ClassDef *scan_base(Ann *b) {
  if (b->kind == ANN_PBC && b->u.descs[0]->kind == DESC_CLASS) return b->u.descs[0]->u.cls;
  return NULL;  /* object (or an error reported by the frontend) */
}

static Ann *scan_op(Annotator *AN, Module *m, Op *op) {
  switch (op->opc) {
  case HL_newlist: case HL_newtuple:
    hmap_put(&AN->sites, HKEY(op->result) * 4, op);
    return &unknown_global;
  case HL_import_module: return scan_value(AN, op->args[0]);
  case HL_make_function:
    hmap_put(&AN->defaults, HKEY(op->args[0]->u.ref.p), op);
    return scan_value(AN, op->args[0]);
  case HL_make_class: {
    ClassDef *base = scan_base(scan_value(AN, op->args[1]));
    ClassDef *cd = ann_classdef_user(AN, op->args[0]->u.ref.p, base);
    return ann_pbc(AN, cd->desc, op->loc);
  }
  case HL_getattr: {
    Ann *x = scan_value(AN, op->args[0]);
    const char *n = intern(AN->in, op->args[1]->u.s.p, op->args[1]->u.s.len);
    if (x->kind == ANN_PBC && x->u.descs[0]->kind == DESC_MODULE)
      return ann_module_member(AN, x->u.descs[0]->u.mod, n, op->loc);
    if (x->kind == ANN_BUILTIN && x->u.bi.id == BI_specialize) return x;
    return &unknown_global;
  }
  case HL_getglobal: {
    Ann *r = hmap_get(module_table(AN, m), HKEY(intern(AN->in, op->args[1]->u.s.p,
                                                           op->args[1]->u.s.len)));
    return r ? r : &unknown_global;
  }
  case HL_setglobal: {
    const char *n = intern(AN->in, op->args[1]->u.s.p, op->args[1]->u.s.len);
    Module *tm = op->args[0]->u.ref.p;
    hmap_put(module_table(AN, tm), HKEY(n), scan_value(AN, op->args[2]));
    return NULL;
  }
  case HL_setattr: scan_class_attr(AN, op); return NULL;
  case HL_simple_call: case HL_call_args: return scan_call(AN, op);
  default: return &unknown_global;
  }
}

static void scan_module(Annotator *AN, Module *m) {
  if (!m->graph) return;
  BlockList bl = {0};
  graph_blocks(m->graph, &bl);
  for (unsigned i = 0; i < bl.len; i++) {
    Block *b = bl.data[i];
    for (unsigned j = 0; j < b->ops.len; j++) {
      Op *op = b->ops.data[j];
      Ann *r = scan_op(AN, m, op);
      op->result->ann = r && r != &unknown_global ? r : NULL;
    }
  }
}

void ann_scan_modules(Annotator *AN) {
  if (AN->scanned) return;
  AN->scanned = true;
  /* Imports load after the importer: scan dependencies (later modules) first
   * so that `from other import C` sees C's class. */
  for (unsigned i = AN->P->modules.len; i-- > 0;) scan_module(AN, AN->P->modules.data[i]);
}

Ann *ann_global(Annotator *AN, Module *m, const char *name, Loc loc) {
  if (m->builtin) return ann_module_member(AN, m, name, loc);
  Dyn d;
  if (AN->PB && pb_global(AN->PB, m, name, &d)) return ann_of_dyn(AN, d, loc);
  Ann *r = hmap_get(module_table(AN, m), HKEY(name));
  if (!r) {
    const Sym *y = scope_global_sym(m, name);
    if (y && y->kind == SYM_MEMBER && y->mod) return ann_module_member(AN, y->mod, y->member, loc);
    if (y && y->kind == SYM_MODULE && y->mod) return ann_pbc(AN, ann_module_desc(AN, y->mod), loc);
    ann_error(AN, loc, "name '%s' is not defined at module level", name);
    return NULL;
  }
  if (r == &unknown_global) {
    ann_error(AN, loc, "the module global '%s' is not supported yet (only functions, "
              "classes, modules and constants until prebuild)", name);
    return NULL;
  }
  return ann_with_origin(AN, r, loc);
}

/* ---- rules --------------------------------------------------------------------- */
Ann *ann_rule_getglobal(Annotator *AN, Op *op, Ann **args) {
  Ann *m = args[0];
  const char *n = intern(AN->in, op->args[1]->u.s.p, op->args[1]->u.s.len);
  if (m->kind != ANN_PBC || m->u.descs[0]->kind != DESC_MODULE) return ann_impossible();
  Ann *r = ann_global(AN, m->u.descs[0]->u.mod, n, op->loc);
  return r ? r : ann_impossible();
}

Ann *ann_rule_setglobal(Annotator *AN, Op *op, Ann **args) {
  (void)args;
  ann_error(AN, op->loc, "module globals cannot be rebound at run time; use a mutable "
            "object");
  return ann_impossible();
}

Ann *ann_rule_module_only(Annotator *AN, Op *op, Ann **args) {
  if (op->opc == HL_import_module) return args[0];
  ann_error(AN, op->loc, "%s inside a function is not supported in RL",
            op->opc == HL_make_class ? "a class statement" : "a nested function");
  return ann_impossible();
}

/* ---- the prebuilt heap ------------------------------------------------------------ */
static ClassDef *class_of_pb(Annotator *AN, PbClass *c) {
  if (c->ci) {
    ClassDef *cd = ann_classdef_of(AN, c->ci);
    return cd ? cd : ann_classdef_user(AN, c->ci, c->base ? class_of_pb(AN, c->base) : NULL);
  }
  return ann_builtin_class(AN, c->name);
}

static Ann *memo(Annotator *AN, PbObj *o, Ann *a) {
  hmap_put(&AN->objmap, HKEY(o), a);
  return a;
}

static Ann *prebuilt_list(Annotator *AN, PbList *l, Loc o) {
  ListDef *ld = ann_listdef_new(AN, NULL, o);
  Ann *a = memo(AN, &l->h, ann_list(AN, ld, o));
  for (uint32_t i = 0; i < l->len; i++) ann_listdef_generalize(AN, ld, ann_of_dyn(AN, l->items[i], o), o);
  return a;
}

static Ann *prebuilt_dict(Annotator *AN, PbDict *d, Loc o) {
  DictDef *dd = ann_dictdef_new(AN, NULL, NULL, o);
  Ann *a = memo(AN, &d->h, ann_dict(AN, dd, o));
  for (uint32_t i = 0; i < d->nent; i++)
    if (d->ent[i].live)
      ann_dictdef_generalize(AN, dd, ann_of_dyn(AN, d->ent[i].key, o),
                             ann_of_dyn(AN, d->ent[i].val, o), o);
  return a;
}

static Ann *prebuilt_inst(Annotator *AN, PbInst *in, Loc o) {
  ClassDef *cd = class_of_pb(AN, in->cls);
  if (!cd) return ann_impossible();
  ann_class_seen(AN, cd);
  Ann *a = memo(AN, &in->h, ann_instance(AN, cd, false, o));
  for (uint32_t i = 0; i < in->attrs.len; i++)
    ann_attr_set(AN, cd, in->attrs.names[i], ann_of_dyn(AN, in->attrs.vals[i], o), o, false);
  return a;
}

static void dyn_strs(Annotator *AN, Dyn l, void *vecp) {
  VEC(const char *) *out = vecp;
  if (!dyn_is(l, PB_LIST)) return;
  for (uint32_t i = 0; i < DYN_LIST(l)->len; i++)
    if (dyn_is(DYN_LIST(l)->items[i], PB_STR))
      vec_push(AN->A, *out, intern_cstr(AN->in, DYN_STR(DYN_LIST(l)->items[i])->s));
}

static Ann *prebuilt_jitdriver(Annotator *AN, PbJitDriver *j, Loc o) {
  FrozenDesc *fz = arena_alloc(AN->A, sizeof *fz);
  fz->loc = o;
  dyn_strs(AN, j->greens, &fz->greens);
  if (dyn_is(j->reds, PB_STR)) fz->reds_auto = true;
  else dyn_strs(AN, j->reds, &fz->reds);
  dyn_strs(AN, j->virtualizables, &fz->virtualizables);
  fz->is_recursive = j->is_recursive.kind == DK_BOOL && j->is_recursive.i;
  if (dyn_is(j->get_printable_location, PB_FUNC))
    fz->get_printable_location = ann_of_dyn(AN, j->get_printable_location, o);
  return memo(AN, &j->h, ann_pbc(AN, ann_frozen_desc(AN, fz, "JitDriver"), o));
}

static Ann *prebuilt_obj(Annotator *AN, PbObj *ob, Loc o) {
  switch ((PbType)ob->type) {
  case PB_STR: {
    PbStr *s = (PbStr *)ob;
    return ann_str_const(AN, s->s, s->len, o);
  }
  case PB_LIST: return prebuilt_list(AN, (PbList *)ob, o);
  case PB_DICT: return prebuilt_dict(AN, (PbDict *)ob, o);
  case PB_TUPLE: {
    PbTuple *t = (PbTuple *)ob;
    Ann **items = arena_alloc_array(AN->A, t->len + 1, sizeof(Ann *));
    for (uint32_t i = 0; i < t->len; i++) items[i] = ann_of_dyn(AN, t->items[i], o);
    return ann_tuple(AN, t->len, items, o);
  }
  case PB_INST: return prebuilt_inst(AN, (PbInst *)ob, o);
  case PB_CLASS: {
    ClassDef *cd = class_of_pb(AN, (PbClass *)ob);
    return cd ? ann_pbc(AN, cd->desc, o) : ann_impossible();
  }
  case PB_FUNC: return ann_pbc(AN, ann_func_desc(AN, ((PbFunc *)ob)->fi), o);
  case PB_METHOD: {
    PbMethod *m = (PbMethod *)ob;
    Ann *self = ann_of_dyn(AN, m->self, o);
    Desc *f = ann_func_desc(AN, m->func->fi);
    if (self->kind != ANN_INSTANCE) return ann_pbc(AN, f, o);
    return ann_pbc(AN, ann_method_desc(AN, f, self->u.cls, false), o);
  }
  case PB_MODULE: return ann_pbc(AN, ann_module_desc(AN, ((PbModule *)ob)->m), o);
  case PB_BUILTIN: {
    PbBuiltin *b = (PbBuiltin *)ob;
    Ann *a = ann_builtin_named(AN, b->name, o);
    if (a && a->kind == ANN_BUILTIN && b->self.kind != DK_NONE)
      a->u.bi.self = ann_of_dyn(AN, b->self, o);
    return a ? a : ann_impossible();
  }
  case PB_JITDRIVER: return prebuilt_jitdriver(AN, (PbJitDriver *)ob, o);
  case PB_BUILDER: return ann_new_kind(AN, ANN_SBUILDER, o);
  case PB_UINTBOX: return ann_int(AN, AF_UNSIGNED, o);
  default: break;
  }
  ann_error(AN, o, "this prebuilt object is not supported at run time");
  return ann_impossible();
}

Ann *ann_of_dyn(Annotator *AN, Dyn d, Loc o) {
  switch ((DynKind)d.kind) {
  case DK_NONE: return ann_none(AN, o);
  case DK_BOOL: return ann_bool_const(AN, d.i != 0, o);
  case DK_INT: return ann_int_const(AN, d.i, o);
  case DK_UINT: return ann_int(AN, AF_UNSIGNED, o);
  case DK_FLOAT: {
    Ann *a = ann_float(AN, o);
    a->flags = AF_CONST;
    a->c.f = d.f;
    return a;
  }
  case DK_OBJ: {
    Ann *a = hmap_get(&AN->objmap, HKEY(d.o));
    return a ? ann_with_origin(AN, a, o) : prebuilt_obj(AN, d.o, o);
  }
  }
  return ann_impossible();
}
