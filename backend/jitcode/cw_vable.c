/* cw_vable.c — which residual calls leave virtualizables alone.
 *
 * A virtualizable's fields (`_virtualizable_` names them, LLF_VABLE) and
 * the items of its lists ('x[*]') are, in the JIT's contract, touched
 * only by code given the frame: PyPy's rule, which lets its traces keep
 * them out of memory across calls. A residual call that never reads or
 * writes such a field (its graph, nor any graph it calls) and is not
 * passed the frame or one of its lists gets JC_FX_NOVABLE in its call
 * descr, and the optimizer keeps what it knows of those locations
 * across it. Runtime helpers in C have no graph: they touch only what
 * they are passed. An indirect call may reach anything: a graph that
 * makes one touches. */
#include <string.h>

#include "backend/jitcode/cw_internal.h"

/* Whether op reads or writes a field named in `_virtualizable_`. */
static bool vable_access(const Op *op) {
  if (op->opc != LLOP_getfield && op->opc != LLOP_setfield) return false;
  const LLField *f = cw_op_field(op);
  return f && (f->flags & LLF_VABLE);
}

enum { VB_NO = 1, VB_YES = 2, VB_VISITING = 3 };

bool cw_touches_vable(Cw *C, LLFunc *f) {
  if (!f->graph) return false;
  uintptr_t got = (uintptr_t)hmap_get(&C->vable_memo, HKEY(f));
  if (got) return got == VB_YES;  /* a cycle counts as no: its graphs answer */
  hmap_put(&C->vable_memo, HKEY(f), (void *)(uintptr_t)VB_VISITING);
  BlockVec blocks = {0};
  cw_blocks(C->A, f->graph, &blocks);
  bool yes = false;
  for (uint32_t i = 0; i < blocks.len && !yes; i++)
    for (uint32_t k = 0; k < blocks.data[i]->ops.len && !yes; k++) {
      const Op *op = blocks.data[i]->ops.data[k];
      if (vable_access(op) || op->opc == LLOP_indirect_call) yes = true;
      else if (op->opc == LLOP_direct_call && op->args[0]->ckind == CONST_LLFUNC)
        yes = cw_touches_vable(C, op->args[0]->u.ref.p);
    }
  hmap_put(&C->vable_memo, HKEY(f), (void *)(uintptr_t)(yes ? VB_YES : VB_NO));
  return yes;
}

/* Whether struct s is a virtualizable's (it has a LLF_VABLE field). */
static bool vable_struct_type(const LLType *s) {
  for (uint32_t i = 0; i < s->nfields; i++)
    if (s->fields[i].flags & LLF_VABLE) return true;
  return false;
}

/* Whether a pointer type points to a virtualizable's struct. */
static bool vable_struct(const LLType *t) {
  const LLType *s = cw_pointee(t);
  return s && s->kind == LL_STRUCT && vable_struct_type(s);
}

/* A list or an array: what a virtualizable's 'x[*]' field may hold. */
static bool list_like(const LLType *t) {
  const LLType *s = cw_pointee(t);
  if (!s) return false;
  if (s->kind == LL_ARRAY) return true;
  if (s->kind != LL_STRUCT) return false;
  for (uint32_t i = 0; i < s->nfields; i++)
    if (strcmp(s->fields[i].name, "items") == 0) return true;
  return false;
}

/* Whether value v, an argument of op k of block b, may be a virtualizable
 * or one of its lists (or their items): the frame's type, or any list or
 * array but a constant or one this block allocates (a list read from
 * anywhere may be the frame's, its items array too). */
static bool may_be_vable(const Block *b, uint32_t k, const Value *v) {
  if (vable_struct(v->ll)) return true;
  if (!list_like(v->ll) || v->kind == VAL_CONST) return false;
  for (uint32_t j = 0; j < k; j++) {
    const Op *d = b->ops.data[j];
    if (d->result == v) return d->opc != LLOP_malloc && d->opc != LLOP_malloc_varsize;
  }
  return true;
}

/* Whether instance struct a is b or the struct of one of b's base classes. */
static bool ancestor_of(const LLType *a, const LLType *b) {
  for (; b; b = b->parent)
    if (a == b) return true;
  return false;
}

/* Whether a value of type t may point to an instance of vable struct v:
 * a pointer to v's struct, a base class's or a subclass's. */
static bool may_point_to(const LLType *t, const LLType *v) {
  if (!t || t->kind != LL_PTR || !t->to || t->to->kind != LL_STRUCT) return false;
  return ancestor_of(t->to, v) || ancestor_of(v, t->to);
}

/* Whether a value of type t may be a virtualizable frame. */
static bool may_hold_frame(const LLTypes *L, const LLType *t) {
  if (!t || t->kind != LL_PTR) return false;
  for (uint32_t i = 0; i < L->containers.len; i++) {
    const LLType *v = L->containers.data[i];
    if (v->kind == LL_STRUCT && vable_struct_type(v) && may_point_to(t, v)) return true;
  }
  return false;
}

bool cw_frames_confined(Cw *C) {
  if (C->frames_confined) return C->frames_confined > 0;
  const LLTypes *L = C->prog->types;
  bool confined = true;
  for (uint32_t i = 0; i < L->containers.len && confined; i++) {
    const LLType *c = L->containers.data[i];
    if (c->kind == LL_ARRAY) confined = !may_hold_frame(L, c->item);
    for (uint32_t k = 0; c->kind == LL_STRUCT && k < c->nfields && confined; k++)
      confined = !may_hold_frame(L, c->fields[k].type);
  }
  C->frames_confined = confined ? 1 : -1;
  return confined;
}

bool cw_call_leaves_vable(Cw *C, const Block *b, uint32_t k) {
  const Op *op = b->ops.data[k];
  if (op->opc != LLOP_direct_call || op->args[0]->ckind != CONST_LLFUNC) return false;
  if (cw_touches_vable(C, op->args[0]->u.ref.p)) return false;
  for (uint32_t a = 1; a < op->nargs; a++)
    if (may_be_vable(b, k, op->args[a])) return false;
  return true;
}
