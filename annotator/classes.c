/* classes.c — instances, classes and attributes: getattr/setattr,
 * instantiation, isinstance and exception matching (with narrowing).
 *
 * Reading `x.name` on an instance of C gives the union of the attribute
 * found on C or its bases and of the class-level definitions of `name` in
 * C's subclasses that are in use (overriding methods, class constants);
 * methods come back as a PBC of method descriptions, one per definition,
 * each bound to the class it is called on. */
#include <string.h>

#include "annint.h"

static const char *attr_name(Annotator *AN, Value *v) {
  return intern(AN->in, v->u.s.p, v->u.s.len);
}

/* Adds the methods of `a` (a PBC of functions) bound to class self. */
static Ann *bind_methods(Annotator *AN, Ann *acc, Attr *a, ClassDef *self, Loc loc) {
  if (a->s->kind != ANN_PBC) return acc;
  for (uint32_t i = 0; i < a->s->n; i++) {
    Desc *d = a->s->u.descs[i];
    if (d->kind != DESC_FUNC) continue;
    Ann *m = ann_pbc(AN, ann_method_desc(AN, d, self, false), loc);
    acc = ann_union(AN, acc, m);
  }
  return acc;
}

/* Class-level definitions of `name` in the used subclasses of cd; their
 * methods come bound, also when cd itself does not define `name`. */
static Ann *sub_overrides(Annotator *AN, ClassDef *cd, const char *name, Ann *acc,
                          Loc loc) {
  for (unsigned i = 0; i < cd->subs.len; i++) {
    ClassDef *s = cd->subs.data[i];
    if (!s->seen) continue;
    Attr *a = ann_attr_find(s, name);
    if (a) {
      ann_dep_add(AN, &a->readers);
      Ann *add = a->is_method ? bind_methods(AN, ann_impossible(), a, s, loc) : a->s;
      Ann *u = ann_union(AN, acc, add);
      if (!u) ann_report_conflict(AN, loc, arena_printf(AN->A, "attribute '%s' of class %s",
                                                        name, cd->shortname), acc, add);
      else acc = u;
    }
    acc = sub_overrides(AN, s, name, acc, loc);
  }
  return acc;
}

static Ann *instance_getattr(Annotator *AN, ClassDef *cd, const char *name, Loc loc) {
  if (!cd->info && !strcmp(name, "code") && cd == ann_builtin_class(AN, "SystemExit")) {
    ann_error(AN, loc, "SystemExit.code is not supported in RL (str(e) is the exit "
              "status as a str, '' for sys.exit())");
    return ann_impossible();
  }
  Attr *a = ann_attr_get(AN, cd, name);
  if (!a->first_read.file) a->first_read = loc;
  ann_dep_add(AN, &a->readers);
  if (cd->subs.len) ann_dep_add(AN, &cd->sub_readers);
  if (a->is_static) return a->s;
  Ann *r = a->is_method ? bind_methods(AN, ann_impossible(), a, cd, loc) : a->s;
  return sub_overrides(AN, cd, name, r, loc);
}

static Ann *class_getattr(Annotator *AN, Ann *cls, const char *name, Loc loc) {
  Ann *r = ann_impossible();
  for (uint32_t i = 0; i < cls->n; i++) {
    ClassDef *cd = cls->u.descs[i]->u.cls;
    Attr *a = ann_attr_lookup(cd, name);
    if (!a && strcmp(name, "__init__") == 0 && cls->n == 1)
      return ann_builtin(AN, BI_object, NULL, loc);  /* object/Exception.__init__ */
    if (!a || a->s->kind == ANN_IMPOSSIBLE) {
      ann_error(AN, loc, "class %s has no attribute '%s'", cd->shortname, name);
      return ann_impossible();
    }
    ann_dep_add(AN, &a->readers);
    r = ann_union(AN, r, a->s);
    if (!r) {
      ann_error(AN, loc, "the classes here define '%s' differently", name);
      return ann_impossible();
    }
  }
  return r;
}

/* super().name: the definition in the bases of the enclosing class. */
static Ann *super_getattr(Annotator *AN, Ann *sup, const char *name, Loc loc) {
  ClassDef *cls = sup->u.bi.cls;
  Attr *a = cls->base ? ann_attr_lookup(cls->base, name) : NULL;
  if (!a && cls->is_exception && strcmp(name, "__init__") == 0)
    return ann_builtin(AN, BI_object, sup->u.bi.self, loc);
  if (!a && strcmp(name, "__init__") == 0) return ann_builtin(AN, BI_object, NULL, loc);
  if (!a || !a->is_method) {
    ann_error(AN, loc, "the base classes of %s have no method '%s'", cls->shortname, name);
    return ann_impossible();
  }
  ClassDef *self = sup->u.bi.self->kind == ANN_INSTANCE ? sup->u.bi.self->u.cls : cls;
  Ann *r = ann_impossible();
  for (uint32_t i = 0; i < a->s->n; i++)
    r = ann_union(AN, r, ann_pbc(AN, ann_method_desc(AN, a->s->u.descs[i], self, true), loc));
  return r;
}

static Ann *pbc_getattr(Annotator *AN, Ann *obj, const char *name, Loc loc) {
  Desc *d = obj->u.descs[0];
  if (d->kind == DESC_CLASS) return class_getattr(AN, obj, name, loc);
  if (obj->n == 1 && d->kind == DESC_MODULE) {
    Ann *r = ann_module_member(AN, d->u.mod, name, loc);
    return r ? r : ann_impossible();
  }
  if (obj->n == 1 && d->kind == DESC_FROZEN) {
    Ann *r = ann_method_of(AN, obj, name, loc);
    return r ? r : ann_impossible();
  }
  ann_error(AN, loc, "%s has no attribute '%s'", ann_describe(AN, obj), name);
  return ann_impossible();
}

Ann *ann_getattr(Annotator *AN, Ann *obj, const char *name, Loc loc) {
  switch ((AnnKind)obj->kind) {
  case ANN_INSTANCE: return instance_getattr(AN, obj->u.cls, name, loc);
  case ANN_PBC: return pbc_getattr(AN, obj, name, loc);
  case ANN_BUILTIN:
    if (obj->u.bi.id == BI_super) return super_getattr(AN, obj, name, loc);
    if (obj->u.bi.id == BI_specialize) return obj;
    break;
  case ANN_CHAR: case ANN_STR: case ANN_LIST: case ANN_DICT: case ANN_SBUILDER:
  case ANN_FILE: {
    Ann *r = ann_method_of(AN, obj, name, loc);
    return r ? r : ann_impossible();
  }
  default: break;
  }
  ann_error(AN, loc, "%s has no attribute '%s'", ann_describe(AN, obj), name);
  return ann_impossible();
}

Ann *ann_rule_getattr(Annotator *AN, Op *op, Ann **args) {
  return ann_getattr(AN, args[0], attr_name(AN, op->args[1]), op->loc);
}

Ann *ann_rule_setattr(Annotator *AN, Op *op, Ann **args) {
  const char *name = attr_name(AN, op->args[1]);
  if (args[0]->kind == ANN_INSTANCE) {
    ann_attr_set(AN, args[0]->u.cls, name, args[2], op->loc, false);
    return ann_none(AN, op->loc);
  }
  if (args[0]->kind == ANN_PBC && args[0]->u.descs[0]->kind == DESC_CLASS)
    ann_error(AN, op->loc, "class attributes cannot be changed at run time; use an "
              "instance or a mutable object");
  else
    ann_error(AN, op->loc, "cannot set attribute '%s' on %s", name,
              ann_describe(AN, args[0]));
  return ann_impossible();
}

/* ---- instantiation ----------------------------------------------------------- */
/* The arguments of a built-in exception class: at most one, the message;
 * SystemExit's is the exit status, an int (str(e) is then str(status),
 * from which the runtime takes the status; a str would be printed). */
static bool exception_args(Annotator *AN, Call *c, ClassDef *cd) {
  if (c->n > 1 || c->nkw) {
    ann_error(AN, c->loc, "%s() takes at most 1 argument (the message)", cd->shortname);
    return false;
  }
  if (!c->n) return true;
  Ann *a = c->args[0];
  if (cd != ann_builtin_class(AN, "SystemExit"))
    return ann_str_of_ok(AN, a, c->loc, "an exception message of");
  if (a->kind == ANN_INT || a->kind == ANN_BOOL || a->kind == ANN_IMPOSSIBLE) return true;
  const char *d = ann_describe(AN, a);
  ann_error(AN, c->loc, "SystemExit() of %s %s is not supported in RL (it needs an int exit "
            "status)", strchr("aeiou", d[0]) ? "an" : "a", d);
  return false;
}

Ann *ann_instantiate(Annotator *AN, Call *c, ClassDef *cd) {
  ann_class_seen(AN, cd);
  Ann *inst = ann_instance(AN, cd, false, c->loc);
  Attr *init = ann_attr_lookup(cd, intern_cstr(AN->in, "__init__"));
  if (init && init->is_method && init->s->kind == ANN_PBC) {
    for (uint32_t i = 0; i < init->s->n; i++)
      ann_call_func(AN, c, init->s->u.descs[i], inst);
    return inst;
  }
  if (cd->is_exception) return exception_args(AN, c, cd) ? inst : ann_impossible();
  if (c->n || c->nkw) {
    ann_error(AN, c->loc, "%s() takes no arguments", cd->shortname);
    return ann_impossible();
  }
  return inst;
}

/* ---- isinstance ------------------------------------------------------------------ */
static Ann *known(Annotator *AN, Loc loc, Value *var, Ann *t, Ann *f) {
  Ann *r = ann_bool(AN, loc);
  if (!var || var->kind != VAL_VAR) return r;
  KnownTypes *k = arena_alloc(AN->A, sizeof *k);
  k->var = var;
  k->if_true = t;
  k->if_false = f;
  r->u.ktd = k;
  return r;
}

static int builtin_type_kind(const Ann *t) {
  if (t->kind != ANN_BUILTIN || t->u.bi.self) return -1;
  switch (t->u.bi.id) {
  case BI_int: return ANN_INT;
  case BI_float: return ANN_FLOAT;
  case BI_bool: return ANN_BOOL;
  case BI_str: return ANN_STR;
  case BI_list: return ANN_LIST;
  case BI_dict: return ANN_DICT;
  case BI_tuple: return ANN_TUPLE;
  default: return -1;
  }
}

static Ann *isinstance_builtin(Annotator *AN, Call *c, Ann *s, int k) {
  int sk = s->kind == ANN_CHAR ? ANN_STR : s->kind;
  Value *var = c->vals ? c->vals[0] : NULL;
  if (s->kind == ANN_INT && (s->flags & AF_UNSIGNED)) sk = -2;
  if (sk != k) return ann_bool_const(AN, false, c->loc);
  if (!(s->flags & AF_NULL)) return ann_bool_const(AN, true, c->loc);
  return known(AN, c->loc, var, ann_nonnull(AN, s), s);
}

Ann *ann_isinstance(Annotator *AN, Call *c) {
  if (c->n != 2) {
    ann_error(AN, c->loc, "isinstance() takes 2 arguments but %u were given", c->n);
    return ann_impossible();
  }
  Ann *s = c->args[0], *t = c->args[1];
  Value *var = c->vals ? c->vals[0] : NULL;
  int bk = builtin_type_kind(t);
  if (bk >= 0) return isinstance_builtin(AN, c, s, bk);
  if (t->kind != ANN_PBC || t->n != 1 || t->u.descs[0]->kind != DESC_CLASS) {
    ann_error(AN, c->loc, "isinstance() needs a class as its second argument");
    return ann_impossible();
  }
  ClassDef *cd = t->u.descs[0]->u.cls;
  if (s->kind == ANN_NONE) return ann_bool_const(AN, false, c->loc);
  if (s->kind != ANN_INSTANCE) return ann_bool_const(AN, false, c->loc);
  if (ann_is_subclass(s->u.cls, cd)) {
    if (!(s->flags & AF_NULL)) return ann_bool_const(AN, true, c->loc);
    return known(AN, c->loc, var, ann_nonnull(AN, s), s);
  }
  if (!ann_is_subclass(cd, s->u.cls)) return ann_bool_const(AN, false, c->loc);
  return known(AN, c->loc, var, ann_instance(AN, cd, false, c->loc), s);
}

/* ---- exceptions -------------------------------------------------------------------- */
static ClassDef *match_class(Annotator *AN, Ann *c, Loc loc) {
  if (c->kind == ANN_PBC && c->n == 1 && c->u.descs[0]->kind == DESC_CLASS) {
    ClassDef *cd = c->u.descs[0]->u.cls;
    if (!cd->is_exception) {
      ann_error(AN, loc, "class %s is not an exception class", cd->shortname);
      return NULL;
    }
    return cd;
  }
  if (c->kind == ANN_TUPLE) {
    ClassDef *common = NULL;
    for (uint32_t i = 0; i < c->n; i++) {
      ClassDef *one = match_class(AN, c->u.items[i], loc);
      if (!one) return NULL;
      common = i ? ann_common_base(common, one) : one;
    }
    return common;
  }
  ann_error(AN, loc, "except needs an exception class or a tuple of them, not %s",
            ann_describe(AN, c));
  return NULL;
}

/* The exception value paired with `et` in block b: the evalue of the same
 * exception link, carried along the chain of `except` tests. An input of b
 * is paired with et when every link into b passes, at their two positions,
 * the link's own etype/evalue, `type(x)` and x (a raise inside the try) or
 * a pair of its source block. The inputs
 * need not be adjacent (block-input repair orders them by use). */
/* x when v is `type(x)` computed in block p (a `raise` inside the try). */
static Value *type_arg(Block *p, Value *v) {
  for (unsigned k = 0; k < p->ops.len; k++) {
    Op *o = p->ops.data[k];
    if (o->result == v) return o->opc == HL_type && o->nargs == 1 ? o->args[0] : NULL;
  }
  return NULL;
}

static Value *pair_in(AnnGraph *ag, Block *b, Value *et, unsigned depth) {
  uint32_t i = 0;
  while (i < b->ninputs && b->inputs[i] != et) i++;
  if (i == b->ninputs || depth > 64) return NULL;
  int64_t j = -1;
  for (uint32_t k = 0; k < ag->nblocks; k++) {
    Block *p = ag->blocks[k].b;
    if (!p) continue;
    for (unsigned e = 0; e < p->exits.len; e++) {
      Link *l = p->exits.data[e];
      if (l->target != b) continue;
      Value *a = l->args[i];
      Value *pv = a == l->etype && l->etype ? l->evalue : type_arg(p, a);
      if (!pv) pv = pair_in(ag, p, a, depth + 1);
      if (!pv) return NULL;
      int64_t found = -1;
      for (uint32_t x = 0; x < l->nargs; x++)
        if (l->args[x] == pv) {
          if (found >= 0 && found != (int64_t)x) return NULL;  /* ambiguous */
          found = x;
        }
      if (found < 0 || (j >= 0 && found != j)) return NULL;
      j = found;
    }
  }
  return j >= 0 ? b->inputs[j] : NULL;
}

static Value *paired_value(Annotator *AN, Value *et) {
  if (!AN->cur || !AN->cur->b || !AN->cur->ag) return NULL;
  return pair_in(AN->cur->ag, AN->cur->b, et, 0);
}

/* What is known of `exception type et matches one of the classes of c`
 * (a class, or a tuple of them): 1 always, 0 never, -1 it depends. */
static int match_known(ClassDef *et, Ann *c) {
  if (c->kind != ANN_TUPLE) {
    ClassDef *cd = c->u.descs[0]->u.cls;
    if (ann_is_subclass(et, cd)) return 1;
    return ann_is_subclass(cd, et) ? -1 : 0;
  }
  int r = 0;
  for (uint32_t i = 0; i < c->n; i++) {
    int one = match_known(et, c->u.items[i]);
    if (one == 1) return 1;
    if (one == -1) r = -1;
  }
  return r;
}

Ann *ann_rule_exception_match(Annotator *AN, Op *op, Ann **args) {
  Ann *et = args[0];
  ClassDef *cd = match_class(AN, args[1], op->loc);
  if (!cd) return ann_impossible();
  if (et->kind != ANN_TYPE) return ann_bool(AN, op->loc);
  int known_match = match_known(et->u.cls, args[1]);
  if (known_match >= 0) return ann_bool_const(AN, known_match == 1, op->loc);
  Ann *t = ann_new_kind(AN, ANN_TYPE, op->loc);
  t->u.cls = cd;
  Ann *r = known(AN, op->loc, op->args[0], t, et);
  if (r->u.ktd) {
    r->u.ktd->var2 = paired_value(AN, op->args[0]);
    r->u.ktd->if_true2 = ann_instance(AN, cd, false, op->loc);
  }
  return r;
}

/* ---- str() / print / %s of a value ---------------------------------------------------- */
static bool str_of_ok(Annotator *AN, Ann *a, Loc loc, const char *what) {
  switch ((AnnKind)a->kind) {
  case ANN_NONE: case ANN_BOOL: case ANN_INT: case ANN_FLOAT: case ANN_CHAR: case ANN_STR:
  case ANN_IMPOSSIBLE:
    return true;
  case ANN_LIST: return str_of_ok(AN, ann_listdef_read(AN, a->u.list), loc, what);
  case ANN_DICT:
    return str_of_ok(AN, ann_dictdef_key(AN, a->u.dict), loc, what) &&
           str_of_ok(AN, ann_dictdef_value(AN, a->u.dict), loc, what);
  case ANN_TUPLE:
    for (uint32_t i = 0; i < a->n; i++)
      if (!str_of_ok(AN, a->u.items[i], loc, what)) return false;
    return true;
  case ANN_INSTANCE:
    if (a->u.cls->is_exception) return true;
    ann_error(AN, loc, "%s an instance (of %s) is not supported in RL", what,
              a->u.cls->shortname);
    return false;
  default:
    ann_error(AN, loc, "%s %s is not supported in RL", what, ann_describe(AN, a));
    return false;
  }
}

/* A dict view prints as dict_keys([...]) (containers.c). */
bool ann_str_of_ok(Annotator *AN, Ann *a, Loc loc, const char *what) {
  return ann_view_use(AN, a, loc, what, VU_DEEP) && str_of_ok(AN, a, loc, what);
}
