/* rtconst.c — constants of rtyped graphs and the prebuilt heap as static
 * data (LLPrebuilt): strings (with their hash, shared by content), lists,
 * tuples, instances, vtables. Each prebuilt object becomes one LLPrebuilt,
 * made once (identity is kept: two globals sharing a list share it). */
#include <string.h>

#include "../runtime/text/rt_hash.h"
#include "rtyint.h"

Value *rty_dict_const(RTyper *R, PbDict *pd, Repr *d, Loc loc);

static Value *mk(RTyper *R, Value *v, LLType *t) {
  (void)R;
  v->ll = t;
  return v;
}

Value *rty_cint(RTyper *R, int64_t i) { return mk(R, const_int(R->A, i), R->L.signed_); }
Value *rty_cbool(RTyper *R, bool b) { return mk(R, const_bool(R->A, b), R->L.bool_); }
Value *rty_cchar(RTyper *R, int c) { return mk(R, const_int(R->A, c & 255), R->L.char_); }
Value *rty_cfloat(RTyper *R, double f) { return mk(R, const_float(R->A, f), R->L.float_); }
Value *rty_cvoid(RTyper *R) { return mk(R, const_none(R->A), R->L.void_); }
Value *rty_cnull(RTyper *R, LLType *ptr) {
  return mk(R, const_ref(R->A, CONST_LLNULL, NULL, "NULL"), ptr);
}
Value *rty_cname(RTyper *R, const char *field) {
  const char *n = rty_name(R, field);
  return const_str(R->A, n, (uint32_t)strlen(n));
}
Value *rty_ctype(RTyper *R, LLType *t) {
  return const_ref(R->A, CONST_LLTYPE, t, t->name ? t->name : "type");
}
/* f as a value: a function pointer that may be stored and called
 * indirectly, so the JIT must be able to trace into it from one */
Value *rty_cfunc(RTyper *R, LLFunc *f) {
  f->jit |= LLJIT_ADDRESS_TAKEN;
  return rty_ccallee(R, f);
}
/* f as the callee of a direct_call: no pointer to it escapes (marking it
 * address-taken would put it in the JIT's address table, where LLVM can
 * no longer inline it into its only caller) */
Value *rty_ccallee(RTyper *R, LLFunc *f) {
  return mk(R, const_ref(R->A, CONST_LLFUNC, f, f->name), lltype_ptr(&R->L, f->type));
}
Value *rty_cobj(RTyper *R, LLPrebuilt *o, LLType *ptr) {
  return mk(R, const_ref(R->A, CONST_LLOBJ, o, o->name), ptr);
}

LLPrebuilt *rty_prebuilt_str(RTyper *R, const char *s, uint32_t len) {
  const char *key = intern(R->I, s, len);
  LLPrebuilt *o = hmap_get(&R->strs, HKEY(key));
  if (!o) {
    o = arena_alloc(R->A, sizeof *o);
    o->type = R->F.str;
    o->name = arena_printf(R->A, "str%u", R->strs.count);
    o->nfields = 1;
    o->fields = arena_alloc_array(R->A, 1, sizeof *o->fields);
    o->fields[0] = rty_cint(R, rt_str_hash(s, len));
    o->nitems = len;
    o->items = arena_alloc_array(R->A, len ? len : 1, sizeof *o->items);
    for (uint32_t i = 0; i < len; i++) o->items[i] = rty_cchar(R, (unsigned char)s[i]);
    o->immutable = true;
    hmap_put(&R->strs, HKEY(key), o);
  }
  return o;
}

Value *rty_cstr(RTyper *R, const char *s, uint32_t len) {
  return rty_cobj(R, rty_prebuilt_str(R, s, len), R->F.str_ptr);
}

static Value *zero(RTyper *R, Repr *r) {
  switch (r->kind) {
  case RK_BOOL: return rty_cbool(R, false);
  case RK_INT: return rty_cint(R, 0);
  case RK_UINT: return mk(R, const_int(R->A, 0), R->L.unsigned_);
  case RK_FLOAT: return rty_cfloat(R, 0.0);
  case RK_CHAR: return rty_cchar(R, 0);
  case RK_VOID: return rty_cvoid(R);
  default: return rty_cnull(R, r->ll);
  }
}

/* ---- the prebuilt heap -------------------------------------------------- */

static LLPrebuilt *new_obj(RTyper *R, LLType *t, const char *name, PbObj *key) {
  LLPrebuilt *o = arena_alloc(R->A, sizeof *o);
  o->type = t;
  o->name = arena_printf(R->A, "%s.%u", name, key ? key->id : 0);
  if (t->kind == LL_STRUCT) {
    o->nfields = t->nfields - (lltype_varsize_field(t) ? 1 : 0);
    o->fields = arena_alloc_array(R->A, o->nfields + 1, sizeof *o->fields);
  }
  if (key) hmap_put(&R->objs, HKEY(key), o);
  return o;
}

static Value *list_const(RTyper *R, PbList *l, Repr *r, Loc loc) {
  LLPrebuilt *o = hmap_get(&R->objs, HKEY(&l->h));
  if (o) return rty_cobj(R, o, r->ll);
  LLPrebuilt *arr = new_obj(R, r->arr, "items", NULL);
  if (r->fixed) {
    hmap_put(&R->objs, HKEY(&l->h), arr);
    o = arr;
  } else {
    o = new_obj(R, r->s, "list", &l->h);
    o->fields[0] = rty_cint(R, l->len);
    o->fields[1] = rty_cobj(R, arr, lltype_ptr(&R->L, r->arr));
  }
  arr->nitems = l->len;
  arr->items = arena_alloc_array(R->A, l->len + 1, sizeof *arr->items);
  for (uint32_t i = 0; i < l->len; i++)
    arr->items[i] = rty_dyn_const(R, l->items[i], r->item, loc);
  return rty_cobj(R, o, r->ll);
}

static Value *tuple_const(RTyper *R, PbTuple *t, Repr *r, Loc loc) {
  LLPrebuilt *o = hmap_get(&R->objs, HKEY(&t->h));
  if (o) return rty_cobj(R, o, r->ll);
  o = new_obj(R, r->s, "tuple", &t->h);
  o->immutable = true;
  uint32_t k = 0;
  for (uint32_t i = 0; i < t->len && i < r->n; i++) {
    if (r->items[i]->kind == RK_VOID) continue;
    o->fields[k++] = rty_dyn_const(R, t->items[i], r->items[i], loc);
  }
  return rty_cobj(R, o, r->ll);
}

static ClassR *class_of_pb(RTyper *R, PbClass *pc) {
  ClassDef *cd = pc->ci ? ann_classdef_of(R->AN, pc->ci)
                        : ann_builtin_class(R->AN, pc->name);
  return cd ? rty_class(R, cd) : NULL;
}

static Value *inst_const(RTyper *R, PbInst *pi, Repr *r, Loc loc) {
  LLPrebuilt *o = hmap_get(&R->objs, HKEY(&pi->h));
  if (o) return rty_cobj(R, o, r->ll);
  ClassR *c = class_of_pb(R, pi->cls);
  if (!c) {
    rty_error(R, loc, "internal: prebuilt instance of an unknown class %s", pi->cls->name);
    return rty_cnull(R, r->ll);
  }
  o = new_obj(R, c->inst, "inst", &pi->h);
  o->fields[0] = rty_vtable_const(R, c);
  for (uint32_t k = 1; k < o->nfields; k++) {
    const char *fname = c->inst->fields[k].name;
    const char *attr = fname + 2;  /* f_<name> */
    const ClassSlot *s = rty_class_field(R, c, strcmp(fname, "message") ? attr : fname);
    Dyn *d = s ? pb_attrs_get(&pi->attrs, s->name) : NULL;
    if (s && !d) d = rty_field_default(R, c, s->name);   /* a class attribute */
    if (s && !strcmp(fname, "message")) d = NULL;
    o->fields[k] = d && s ? rty_dyn_const(R, *d, s->r, loc) : zero(R, s ? s->r : R->r_int);
  }
  return rty_cobj(R, o, r->ll);
}

static Value *obj_const(RTyper *R, PbObj *ob, Repr *r, Loc loc) {
  switch ((PbType)ob->type) {
  case PB_STR: {
    PbStr *s = (PbStr *)ob;
    if (r->kind == RK_CHAR) return rty_cchar(R, (unsigned char)s->s[0]);
    return rty_cstr(R, s->s, s->len);
  }
  case PB_LIST: if (r->kind == RK_LIST) return list_const(R, (PbList *)ob, r, loc); break;
  case PB_DICT: if (r->kind == RK_DICT) return rty_dict_const(R, (PbDict *)ob, r, loc); break;
  case PB_TUPLE: if (r->kind == RK_TUPLE) return tuple_const(R, (PbTuple *)ob, r, loc); break;
  case PB_INST: if (r->kind == RK_INST) return inst_const(R, (PbInst *)ob, r, loc); break;
  case PB_CLASS: {
    ClassR *c = class_of_pb(R, (PbClass *)ob);
    if (c) return rty_vtable_const(R, c);
    break;
  }
  case PB_FUNC: {
    FuncDesc *fd = hmap_get(&R->funcs, HKEY(((PbFunc *)ob)->fi));
    if (fd && fd->graphs.len) return rty_cfunc(R, rty_graph_func(R, fd->graphs.data[0]));
    return rty_cnull(R, r->ll);
  }
  case PB_UINTBOX:
    return mk(R, const_int(R->A, (int64_t)((PbUintBox *)ob)->u), R->L.unsigned_);
  default: break;
  }
  rty_error(R, loc, "this prebuilt constant cannot be represented yet");
  return zero(R, r);
}

Value *rty_dyn_const(RTyper *R, Dyn d, Repr *r, Loc loc) {
  if (r->kind == RK_VOID) return rty_cvoid(R);
  switch ((DynKind)d.kind) {
  case DK_NONE: return zero(R, r);
  case DK_BOOL: case DK_INT:
    if (r->kind == RK_FLOAT) return rty_cfloat(R, (double)d.i);
    if (r->kind == RK_BOOL) return rty_cbool(R, d.i != 0);
    if (r->kind == RK_UINT) return mk(R, const_int(R->A, d.i), R->L.unsigned_);
    return rty_cint(R, d.i);
  case DK_UINT: return mk(R, const_int(R->A, (int64_t)d.u), R->L.unsigned_);
  case DK_FLOAT: return rty_cfloat(R, d.f);
  case DK_OBJ: return obj_const(R, d.o, r, loc);
  }
  return zero(R, r);
}

/* ---- graph constants ----------------------------------------------------- */

static Value *builtin_const(RTyper *R, Value *c, Repr *r) {
  if (r->kind == RK_CLASS || r->kind == RK_INST) {
    ClassDef *cd = ann_builtin_class(R->AN, c->u.ref.name);
    if (cd) return rty_vtable_const(R, rty_class(R, cd));
  }
  rty_error(R, c->loc, "built-in '%s' cannot be used as a value here", c->u.ref.name);
  return zero(R, r);
}

Value *rty_const(RTyper *R, Value *c, Repr *r) {
  if (r->kind == RK_VOID) return rty_cvoid(R);
  switch ((ConstKind)c->ckind) {
  case CONST_NONE: return zero(R, r);
  case CONST_BOOL: case CONST_INT:
    return rty_dyn_const(R, c->ckind == CONST_BOOL ? dyn_bool(c->u.i != 0) : dyn_int(c->u.i), r, c->loc);
  case CONST_FLOAT: return rty_cfloat(R, c->u.f);
  case CONST_STR:
    if (r->kind == RK_CHAR) return rty_cchar(R, (unsigned char)c->u.s.p[0]);
    return rty_cstr(R, c->u.s.p, c->u.s.len);
  case CONST_OBJ: return obj_const(R, c->u.ref.p, r, c->loc);
  case CONST_BUILTIN:
    if (c->u.ref.p) return obj_const(R, c->u.ref.p, r, c->loc);
    return builtin_const(R, c, r);
  case CONST_CLASS: {
    ClassDef *cd = ann_classdef_of(R->AN, c->u.ref.p);
    if (cd) return rty_vtable_const(R, rty_class(R, cd));
    break;
  }
  case CONST_FUNC: {
    FuncDesc *fd = hmap_get(&R->funcs, HKEY(c->u.ref.p));
    if (fd && fd->graphs.len) return rty_cfunc(R, rty_graph_func(R, fd->graphs.data[0]));
    break;
  }
  case CONST_LLTYPE: case CONST_LLFUNC: case CONST_LLOBJ: case CONST_LLNULL:
    return c;
  default: break;
  }
  rty_error(R, c->loc, "this constant cannot be represented yet");
  return zero(R, r);
}
