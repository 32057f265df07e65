/* rtclass.c — classes: preorder ids, instance structs, vtables.
 *
 * Every class (user classes and the built-in exceptions) gets a preorder
 * id over the single-inheritance forest: isinstance(x, C) is
 * C.min <= x.typeptr.subclassrange_min < C.max. Instance structs are flat:
 * typeptr, then the fields of every class from the root down, so a
 * subclass's struct starts with its parent's fields at the same offsets
 * (exceptions: typeptr, message as rl_exception). Vtables are flat too:
 * the object_vtable head, then one slot per method (a function pointer)
 * and per class attribute, parents' slots first. The built-in exception
 * vtables are exported as rl_vtable_<Name>. */
#include <string.h>

#include "../runtime/rt_exc.h"
#include "rtyint.h"

static const char *const builtin_exc[] = {
#define RT_NAME(n) #n,
  RT_BUILTIN_EXCEPTIONS(RT_NAME)
#undef RT_NAME
};

static void number(RTyper *R, ClassR *c, int64_t *next) {
  c->id_min = (*next)++;
  vec_push(R->A, R->allclasses, c);
  ClassDef *cd = c->cd;
  for (unsigned i = 0; i < cd->subs.len; i++)
    number(R, hmap_get(&R->classes, HKEY(cd->subs.data[i])), next);
  c->id_max = *next;
}

static ClassR *shell(RTyper *R, ClassDef *cd) {
  ClassR *c = arena_alloc(R->A, sizeof *c);
  c->cd = cd;
  c->inst = lltype_struct(&R->L, rty_name(R, arena_printf(R->A, "inst_%s", cd->name)),
                          true, 0, NULL);
  c->inst_ptr = lltype_ptr(&R->L, c->inst);
  c->vt = lltype_struct(&R->L, rty_name(R, arena_printf(R->A, "vtable_%s", cd->name)),
                        false, 0, NULL);
  c->vt->immutable = true;
  c->vt_ptr = lltype_ptr(&R->L, c->vt);
  c->rinst = arena_alloc(R->A, sizeof *c->rinst);
  c->rinst->kind = RK_INST;
  c->rinst->ll = c->inst_ptr;
  c->rinst->s = c->inst;
  c->rinst->cls = c;
  hmap_put(&R->classes, HKEY(cd), c);
  return c;
}

void rty_classes_init(RTyper *R) {
  uint32_t n = ann_class_count(R->AN);
  for (uint32_t i = 0; i < n; i++) shell(R, ann_class_at(R->AN, i));
  for (uint32_t i = 0; i < n; i++) {
    ClassR *c = hmap_get(&R->classes, HKEY(ann_class_at(R->AN, i)));
    if (c->cd->base) c->base = hmap_get(&R->classes, HKEY(c->cd->base));
    c->inst->parent = c->base ? c->base->inst : R->F.object;
  }
  int64_t next = 1;
  for (uint32_t i = 0; i < n; i++) {
    ClassDef *cd = ann_class_at(R->AN, i);
    if (!cd->base) number(R, hmap_get(&R->classes, HKEY(cd)), &next);
  }
}

static void collect(RTyper *R, ClassR *c);
static void fill(RTyper *R, ClassR *c);

static void check_hoisted_hints(RTyper *R, ClassR *c);

/* Fields and slots of every class first (their reprs only need the
 * classes' pointer types), then the structs, parents before children. */
void rty_classes_layout(RTyper *R) {
  for (unsigned i = 0; i < R->allclasses.len; i++) collect(R, R->allclasses.data[i]);
  R->classes_ready = true;
  for (unsigned i = 0; i < R->allclasses.len; i++) fill(R, R->allclasses.data[i]);
  for (unsigned i = 0; i < R->allclasses.len; i++) check_hoisted_hints(R, R->allclasses.data[i]);
}

/* ---- fields and slots ------------------------------------------------ */

/* The function a class (or its nearest base) binds `name` to, or NULL. */
static FuncDesc *method_of(RTyper *R, ClassR *c, const char *name) {
  for (; c; c = c->base) {
    if (!c->cd->info || !R->PB) continue;
    PbClass *pc = pb_class_of(R->PB, c->cd->info);
    Dyn *d = pc ? pb_attrs_get(&pc->attrs, name) : NULL;
    if (!d) continue;
    if (!dyn_is(*d, PB_FUNC)) return NULL;
    return hmap_get(&R->funcs, HKEY(DYN_FUNC(*d)->fi));
  }
  return NULL;
}

Dyn *rty_class_value(RTyper *R, ClassR *c, const char *name) {
  for (; c; c = c->base) {
    if (!c->cd->info || !R->PB) continue;
    PbClass *pc = pb_class_of(R->PB, c->cd->info);
    Dyn *d = pc ? pb_attrs_get(&pc->attrs, name) : NULL;
    if (d) return d;
  }
  return NULL;
}

/* The function type of a method slot: from any annotated implementation
 * in c's subtree. */
static LLType *method_type(RTyper *R, ClassR *c, const char *name) {
  LLType *any = NULL;
  Ann *res = NULL;
  for (unsigned i = 0; i < R->allclasses.len; i++) {
    ClassR *d = R->allclasses.data[i];
    if (d->id_min < c->id_min || d->id_min >= c->id_max) continue;
    FuncDesc *fd = method_of(R, d, name);
    if (!fd || !fd->graphs.len) continue;
    AnnGraph *ag = fd->graphs.data[0];
    LLType *t = rty_graph_func(R, ag)->type;
    if (!any || (any->to->result->kind == LL_VOID && t->result->kind != LL_VOID))
      any = lltype_ptr(&R->L, t);
    Ann *r = ann_of(ag->g->ret->inputs[0]);
    if (r && r->kind != ANN_IMPOSSIBLE) {
      Ann *u = res ? ann_union(R->AN, res, r) : r;
      if (u) res = u;
    }
  }
  if (!any || !res) return any;
  /* the result of a call through the slot: every implementation's */
  LLType *ft = any->to;
  return lltype_ptr(&R->L, lltype_func(&R->L, rty_repr(R, res)->ll, ft->nargs, ft->args));
}

static void add_slot(RTyper *R, ClassR *c, Attr *at) {
  ClassSlot s = {at->name, NULL, NULL, c};
  if (at->is_method) {
    LLType *t = method_type(R, c, at->name);
    if (!t) return;
    s.fname = rty_name(R, arena_printf(R->A, "m_%s", at->name));
    s.r = arena_alloc(R->A, sizeof *s.r);
    s.r->kind = RK_FUNCS;
    s.r->ll = t;
  } else {
    s.fname = rty_name(R, arena_printf(R->A, "c_%s", at->name));
    s.r = rty_repr(R, at->s);
    if (s.r->kind == RK_VOID) return;
  }
  vec_push(R->A, c->slots, s);
}

static void collect(RTyper *R, ClassR *c) {
  if (c->cd->is_exception && !c->base) {
    ClassSlot m = {rty_name(R, "message"), rty_name(R, "message"), R->r_str, c};
    vec_push(R->A, c->fields, m);
  }
  for (unsigned i = 0; i < c->cd->attrs.len; i++) {
    Attr *at = c->cd->attrs.data[i];
    if (at->is_method || at->readonly) {
      add_slot(R, c, at);
      continue;
    }
    Repr *r = rty_repr(R, at->s);
    if (r->kind == RK_VOID) continue;
    ClassSlot s = {at->name, rty_name(R, arena_printf(R->A, "f_%s", at->name)), r, c};
    vec_push(R->A, c->fields, s);
  }
}

static void fill_struct(LLType *t, LLField *fs, unsigned n) {
  t->fields = fs;
  t->nfields = n;
  lltype_layout(t);
}

/* The LLF_* flags `_immutable_fields_` gives attribute `name` of class
 * y: its own list or an ancestor's ('x', 'x[*]', 'x?', 'x?[*]'). */
static uint8_t immutable_flags(const ClassR *y, const char *name) {
  size_t n = strlen(name);
  for (const ClassR *c = y; c; c = c->base)
    for (unsigned k = 0; k < c->cd->immutable_fields.len; k++) {
      const char *s = c->cd->immutable_fields.data[k];
      if (strncmp(s, name, n)) continue;
      const char *rest = s + n;
      uint8_t f = 0;
      if (*rest == '?') { f |= LLF_QUASI; rest++; }
      if (!strcmp(rest, "[*]")) { f |= LLF_ITEMS_IMMUTABLE; rest += 3; }
      if (*rest) continue;  /* another name with this one as prefix */
      return (f & LLF_QUASI) ? f : (uint8_t)(f | LLF_IMMUTABLE);
    }
  return 0;
}

/* ... and the flags `_virtualizable_` gives it ('x', 'x[*]'). */
static uint8_t field_flags(const ClassR *y, const char *name) {
  size_t n = strlen(name);
  uint8_t f = immutable_flags(y, name);
  for (const ClassR *c = y; c; c = c->base)
    for (unsigned k = 0; k < c->cd->virtualizable.len; k++) {
      const char *s = c->cd->virtualizable.data[k];
      if (strncmp(s, name, n)) continue;
      if (!s[n]) f |= LLF_VABLE;
      else if (!strcmp(s + n, "[*]")) f |= LLF_VABLE | LLF_VABLE_ITEMS;
    }
  return f;
}

/* The name `_immutable_fields_` entry s is about ('x?[*]' -> 'x'). */
static size_t hint_name_len(const char *s) {
  size_t n = 0;
  while (s[n] && s[n] != '?' && s[n] != '[') n++;
  return n;
}

/* A warning for an `_immutable_fields_` entry of class c naming an
 * attribute that the annotator placed on a base class (code reads it on
 * values typed as that base): the hint applies where the field lives
 * (PyPy refuses such a program; the JIT here only misses the hint). */
static void check_hoisted_hints(RTyper *R, ClassR *c) {
  const ClassDef *cd = c->cd;
  for (unsigned k = 0; k < cd->immutable_fields.len; k++) {
    const char *s = cd->immutable_fields.data[k];
    size_t n = hint_name_len(s);
    for (const ClassR *b = c->base; b; b = b->base)
      for (unsigned j = 0; j < b->fields.len; j++) {
        const char *f = b->fields.data[j].name;
        if (strlen(f) != n || strncmp(f, s, n)) continue;
        if (!immutable_flags(b, f))  /* not declared where it lives either */
          diag_warning(R->D, cd->loc,
                       "'%s' in %s._immutable_fields_ has no effect: the attribute lives in "
                       "class %s (code reads it there), so declare it in %s._immutable_fields_",
                       f, cd->shortname, b->cd->shortname, b->cd->shortname);
      }
  }
}

static void fill(RTyper *R, ClassR *c) {
  if (c->filled || c->filling) return;
  c->filling = true;
  if (c->base) fill(R, c->base);
  VEC(LLField) fi = {0}, vf = {0};
  LLField tp = {rty_name(R, "typeptr"), R->F.vtable_ptr, 0, LLF_IMMUTABLE};
  vec_push(R->A, fi, tp);
  for (unsigned k = 0; k < R->F.vtable->nfields; k++)
    vec_push(R->A, vf, R->F.vtable->fields[k]);
  ClassR *chain[256];
  unsigned n = 0;
  for (ClassR *y = c; y && n < 256; y = y->base) chain[n++] = y;
  while (n--) {
    ClassR *y = chain[n];
    for (unsigned k = 0; k < y->fields.len; k++) {
      LLField f = {y->fields.data[k].fname, y->fields.data[k].r->ll, 0,
                   field_flags(y, y->fields.data[k].name)};
      vec_push(R->A, fi, f);
    }
    for (unsigned k = 0; k < y->slots.len; k++) {
      LLField f = {y->slots.data[k].fname, y->slots.data[k].r->ll, 0, LLF_IMMUTABLE};
      vec_push(R->A, vf, f);
    }
  }
  fill_struct(c->inst, fi.data, fi.len);
  fill_struct(c->vt, vf.data, vf.len);
  c->filled = true;
}

ClassR *rty_class(RTyper *R, ClassDef *cd) {
  ClassR *c = hmap_get(&R->classes, HKEY(cd));
  if (!c) c = shell(R, cd);  /* made after init (should not happen) */
  if (!c->filled && R->classes_ready) fill(R, c);
  return c;
}

ClassR *rty_class_named(RTyper *R, const char *name) {
  return rty_class(R, ann_builtin_class(R->AN, name));
}

const ClassSlot *rty_class_field(RTyper *R, ClassR *c, const char *attr) {
  attr = rty_name(R, attr);
  for (; c; c = c->base)
    for (unsigned k = 0; k < c->fields.len; k++)
      if (c->fields.data[k].name == attr) return &c->fields.data[k];
  return NULL;
}

const ClassSlot *rty_class_vslot(RTyper *R, ClassR *c, const char *attr) {
  attr = rty_name(R, attr);
  for (; c; c = c->base)
    for (unsigned k = 0; k < c->slots.len; k++)
      if (c->slots.data[k].name == attr) {
        hmap_put(&R->read_slots, HKEY(attr), (void *)1);
        return &c->slots.data[k];
      }
  return NULL;
}

/* ---- vtables --------------------------------------------------------- */

static Value *slot_value(RTyper *R, ClassR *c, const ClassSlot *s) {
  if (s->r->kind == RK_FUNCS) {
    FuncDesc *fd = method_of(R, c, s->name);
    if (!fd || !fd->graphs.len) return rty_cnull(R, s->r->ll);
    return rty_cfunc(R, rty_graph_func(R, fd->graphs.data[0]));
  }
  Dyn *d = rty_class_value(R, c, s->name);
  if (!d) return rty_const(R, const_none(R->A), s->r);
  return rty_dyn_const(R, *d, s->r, c->cd->loc);
}

static void make_vtable(RTyper *R, ClassR *c) {
  LLPrebuilt *o = arena_alloc(R->A, sizeof *o);
  c->vtable = o;
  o->type = c->vt;
  o->name = arena_printf(R->A, "vtable_%s", c->cd->name);
  o->immutable = true;
  o->nfields = c->vt->nfields;
  o->fields = arena_alloc_array(R->A, o->nfields + 1, sizeof *o->fields);
  o->fields[0] = rty_cint(R, c->id_min);
  o->fields[1] = rty_cint(R, c->id_max);
  o->fields[2] = rty_cstr(R, c->cd->shortname, (uint32_t)strlen(c->cd->shortname));
  uint32_t k = 3;
  ClassR *chain[256];
  unsigned n = 0;
  for (ClassR *y = c; y && n < 256; y = y->base) chain[n++] = y;
  while (n--) {
    for (unsigned i = 0; i < chain[n]->slots.len; i++, k++) {
      ClassSlot *s = &chain[n]->slots.data[i];
      if (s->r->kind != RK_FUNCS) {
        o->fields[k] = slot_value(R, c, s);
        continue;
      }
      o->fields[k] = rty_cnull(R, s->r->ll);
      PendingSlot p = {o, k, c, chain[n], i};
      vec_push(R->A, R->pending_slots, p);
    }
  }
}

/* A method slot whose name no code reads (in any class: a read may go
 * through a subclass's slot of the same name) stays NULL: the vtable then
 * does not keep the function alive, and LLVM drops it once inlined at its
 * call sites. */
void rty_fill_method_slots(RTyper *R) {
  for (unsigned i = 0; i < R->pending_slots.len; i++) {
    PendingSlot *p = &R->pending_slots.data[i];
    const ClassSlot *s = &p->owner->slots.data[p->index];
    if (hmap_get(&R->read_slots, HKEY(s->name)))
      p->vtable->fields[p->field] = slot_value(R, p->cls, s);
  }
  R->pending_slots.len = 0;
}

Value *rty_vtable_const(RTyper *R, ClassR *c) {
  if (!c->filled && R->classes_ready) fill(R, c);
  if (!c->vtable) make_vtable(R, c);
  return rty_cobj(R, c->vtable, R->F.vtable_ptr);
}

/* The exports rl_vtable_<Name> of the built-in exceptions. */
void rty_export_vtables(RTyper *R);
void rty_export_vtables(RTyper *R) {
  for (unsigned i = 0; i < sizeof builtin_exc / sizeof *builtin_exc; i++) {
    ClassR *c = rty_class_named(R, builtin_exc[i]);
    rty_vtable_const(R, c);
    BeExport e = {arena_printf(R->A, "rl_vtable_%s", builtin_exc[i]), c->vtable};
    vec_push(R->A, R->exports, e);
  }
}
