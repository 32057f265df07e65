/* rtyper.c — the rtyper's driver: graphs, blocks, links and the op
 * dispatch (see rtyper.h).
 *
 * Each annotated graph is rewritten in place. Per block: the inputs get the
 * ll types of their reprs; each high-level op is replaced by the ll ops its
 * family emits into R->ops (the last of them defines the op's original
 * result variable); a block that ended in a raising op keeps its exception
 * links only when its last ll op can still raise; link arguments are
 * converted to the target's reprs (constants directly, variables by ops in
 * a block inserted on the link when needed). Blocks the annotator never
 * reached are cut off. */
#include <string.h>

#include "rtyint.h"

void rty_export_vtables(RTyper *R);
bool rty_dict_op(RTyper *R, Op *op);
bool rty_list_more_op(RTyper *R, Op *op);
bool rty_list_slice_op(RTyper *R, Op *op);

/* ---- emitting ---------------------------------------------------------- */

Value *rty_emit(RTyper *R, LLOp opc, LLType *rt, uint32_t n, Value **args) {
  Op *op = arena_alloc(R->A, sizeof *op);
  op->opc = (uint16_t)opc;
  op->nargs = n;
  op->args = arena_alloc_array(R->A, n ? n : 1, sizeof *op->args);
  if (n) memcpy(op->args, args, n * sizeof *args);
  op->result = var_new(R->g, NULL, R->loc);
  op->result->ll = rt ? rt : R->L.void_;
  op->loc = R->loc;
  vec_push(R->A, R->ops, op);
  return op->result;
}

Value *rty_op0(RTyper *R, LLOp opc, LLType *rt) { return rty_emit(R, opc, rt, 0, NULL); }
Value *rty_op1(RTyper *R, LLOp opc, LLType *rt, Value *a) { return rty_emit(R, opc, rt, 1, &a); }
Value *rty_op2(RTyper *R, LLOp opc, LLType *rt, Value *a, Value *b) {
  Value *v[2] = {a, b};
  return rty_emit(R, opc, rt, 2, v);
}
Value *rty_op3(RTyper *R, LLOp opc, LLType *rt, Value *a, Value *b, Value *c) {
  Value *v[3] = {a, b, c};
  return rty_emit(R, opc, rt, 3, v);
}

Value *rty_call(RTyper *R, LLFunc *f, uint32_t n, Value **args) {
  Value *v[16];
  v[0] = rty_ccallee(R, f);
  for (uint32_t i = 0; i < n && i < 15; i++) v[i + 1] = args[i];
  return rty_emit(R, LLOP_direct_call, f->type->result, n + 1, v);
}

Value *rty_getfield(RTyper *R, Value *p, const char *field, LLType *t) {
  return rty_op2(R, LLOP_getfield, t, p, rty_cname(R, field));
}

void rty_setfield(RTyper *R, Value *p, const char *field, Value *x) {
  if (x->ll && ((LLType *)x->ll)->kind == LL_VOID) return;
  if (lltype_is_gcref(x->ll)) rty_op1(R, LLOP_gc_write_barrier, NULL, p);
  rty_op3(R, LLOP_setfield, NULL, p, rty_cname(R, field), x);
}

void rty_done(RTyper *R, Op *op, Value *v) {
  Value *res = op->result;
  LLType *t = v ? v->ll : R->L.void_;
  res->ll = t;
  if (!v || t->kind == LL_VOID) return;
  if (v->kind == VAL_VAR && R->ops.len > R->op_start && vec_last(R->ops)->result == v) {
    vec_last(R->ops)->result = res;
    return;
  }
  Value *a[1] = {v};
  Op *o = arena_alloc(R->A, sizeof *o);
  o->opc = LLOP_same_as;
  o->nargs = 1;
  o->args = arena_alloc_array(R->A, 1, sizeof *o->args);
  o->args[0] = a[0];
  o->result = res;
  o->loc = R->loc;
  vec_push(R->A, R->ops, o);
}

Repr *rty_argr(RTyper *R, Op *op, uint32_t i) { return rty_vrepr(R, op->args[i]); }

Value *rty_arg(RTyper *R, Op *op, uint32_t i) {
  Value *v = op->args[i];
  if (v->kind == VAL_CONST) return rty_const(R, v, rty_vrepr(R, v));
  return v;
}

/* A tuple of one repr copied to a tuple of another, item by item ((int,
 * char) where a list of (int, str) holds it). */
static Value *convert_tuple(RTyper *R, Value *v, Repr *from, Repr *to) {
  Value *p = rty_op1(R, LLOP_malloc, to->ll, rty_ctype(R, to->s));
  for (uint32_t i = 0; i < to->n; i++) {
    Repr *fi = from->items[i], *ti = to->items[i];
    if (ti->kind == RK_VOID) continue;
    const char *name = arena_printf(R->A, "item%u", i);
    Value *x = fi->kind == RK_VOID ? rty_const(R, const_none(R->A), ti)
                                   : rty_convert(R, rty_getfield(R, v, name, fi->ll), fi, ti);
    rty_op3(R, LLOP_setfield, NULL, p, rty_cname(R, name), x);
  }
  return p;
}

/* Pointers of different struct types share a representation in memory;
 * only a few conversions need code. */
Value *rty_convert(RTyper *R, Value *v, Repr *from, Repr *to) {
  if (from == to || to->kind == RK_VOID) return to->kind == RK_VOID ? rty_cvoid(R) : v;
  if (v->kind == VAL_CONST && v->ll && v->ckind == CONST_INT) {  /* already ll */
    if (to->kind == RK_STR && from->kind == RK_CHAR) {
      char c = (char)v->u.i;
      return rty_cstr(R, &c, 1);
    }
    if (to->kind == RK_FLOAT) return rty_cfloat(R, (double)v->u.i);
    if (to->kind == RK_INT) return rty_cint(R, v->u.i);
    return v;
  }
  if (v->kind == VAL_CONST && !(v->ckind >= CONST_LLTYPE)) return rty_const(R, v, to);
  if (from->kind == RK_VOID) return rty_const(R, const_none(R->A), to);
  if (from->kind == RK_CHAR && to->kind == RK_STR)
    return rty_rcall(R, RTH_str_from_char, 1, &v);
  if (from->kind == RK_STR && to->kind == RK_CHAR)  /* a str known to hold one char */
    return rty_op3(R, LLOP_getinteriorfield, R->L.char_, v, rty_cname(R, "chars"), rty_cint(R, 0));
  if (from->kind == RK_INT && to->kind == RK_FLOAT)
    return rty_op1(R, LLOP_cast_int_to_float, R->L.float_, v);
  if (from->kind == RK_BOOL && to->kind == RK_INT)
    return rty_op1(R, LLOP_cast_bool_to_int, R->L.signed_, v);
  if (from->kind == RK_LIST && to->kind == RK_LIST && from->fixed != to->fixed)
    rty_error(R, R->loc, "internal: a %s list where a %s list is expected",
              from->fixed ? "fixed-size" : "resizable", to->fixed ? "fixed-size" : "resizable");
  if (from->kind == RK_TUPLE && to->kind == RK_TUPLE && from->ll != to->ll && from->n == to->n)
    return convert_tuple(R, v, from, to);
  return v;
}

/* ---- functions ------------------------------------------------------------ */

static const char *mangle(RTyper *R, const char *name) {
  char *s = arena_printf(R->A, "rl_%s_%u", name, R->funcs.count);
  for (char *p = s; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
          (*p >= '0' && *p <= '9') || *p == '_'))
      *p = '_';
  return s;
}

LLFunc *rty_graph_func_of(RTyper *R, Graph *g) { return hmap_get(&R->funcs, HKEY(g)); }

LLFunc *rty_graph_func(RTyper *R, AnnGraph *ag) {
  LLFunc *f = hmap_get(&R->funcs, HKEY(ag->g));
  if (f) return f;
  Graph *g = ag->g;
  uint32_t n = g->start->ninputs;
  LLType **ps = arena_alloc_array(R->A, n + 1, sizeof *ps);
  /* reprs first: they may reach this graph again (a method's class) */
  for (uint32_t i = 0; i < n; i++) ps[i] = rty_vrepr(R, g->start->inputs[i])->ll;
  LLType *res = rty_vrepr(R, g->ret->inputs[0])->ll;
  if (ag == ann_entry_graph(R->AN) && res->kind == LL_VOID) res = R->L.signed_;  /* always raises */
  f = hmap_get(&R->funcs, HKEY(g));
  if (f) return f;
  f = arena_alloc(R->A, sizeof *f);
  f->name = mangle(R, ag->name);
  f->type = lltype_func(&R->L, res, n, ps);
  f->graph = g;
  f->effects = LLFX_CANRAISE | LLFX_CANMALLOC | LLFX_WRITES | LLFX_IO;
  unsigned jf = ag->fd ? ag->fd->jitflags : 0;
  if (jf & JF_ELIDABLE) f->effects |= LLFX_ELIDABLE;
  f->jit = (jf & JF_DONT_LOOK_INSIDE ? LLJIT_DONT_LOOK_INSIDE : 0u) |
           (jf & JF_UNROLL_SAFE ? LLJIT_UNROLL_SAFE : 0u) |
           (jf & JF_LOOK_INSIDE ? LLJIT_LOOK_INSIDE : 0u);
  hmap_put(&R->funcs, HKEY(g), f);
  return f;
}

/* ---- runtime helpers -------------------------------------------------------- */

static const struct { const char *sym, *sig; unsigned fx; } rth_table[] = {
#define RTH(id, sym, sig, fx, meaning) {#sym, sig, fx},
#include "rthelpers.def"
#undef RTH
};

static LLType *sig_type(RTyper *R, char c) {
  switch (c) {
  case 'i': return R->L.signed_;
  case 'u': return R->L.unsigned_;
  case 'f': return R->L.float_;
  case 'b': return R->L.bool_;
  case 'c': return R->L.char_;
  case 's': return R->F.str_ptr;
  case 'p': return R->F.object_ptr;
  case 't': return R->F.vtable_ptr;
  default: return R->L.void_;
  }
}

LLFunc *rty_rth(RTyper *R, RthId id) {
  LLFunc *f = hmap_get(&R->rths, (uint64_t)id + 1);
  if (f) return f;
  const char *sig = rth_table[id].sig;
  LLType *ps[16];
  uint32_t n = 0;
  for (const char *p = sig + 2; *p && n < 16; p++) ps[n++] = sig_type(R, *p);
  f = arena_alloc(R->A, sizeof *f);
  f->name = rth_table[id].sym;
  f->type = lltype_func(&R->L, sig_type(R, sig[0]), n, ps);
  f->effects = rth_table[id].fx;
  hmap_put(&R->rths, (uint64_t)id + 1, f);
  return f;
}

Value *rty_rcall(RTyper *R, RthId id, uint32_t n, Value **args) {
  return rty_call(R, rty_rth(R, id), n, args);
}

/* ---- blocks ------------------------------------------------------------------ */

static bool reached(AnnGraph *ag, Block *b) {
  if (b == ag->g->ret || b == ag->g->except || b == ag->g->start) return true;
  return b->id >= ag->nblocks || ag->blocks[b->id].reached;  /* new blocks: ours */
}

static bool generic_op(RTyper *R, Op *op) {
  switch ((HlOp)op->opc) {
  case HL_getglobal: {
    Repr *r = rty_vrepr(R, op->result);
    Dyn d;
    if (r->kind != RK_VOID && R->PB && op->args[0]->ckind == CONST_MODULE &&
        pb_global(R->PB, op->args[0]->u.ref.p, op->args[1]->u.s.p, &d)) {
      rty_done(R, op, rty_dyn_const(R, d, r, op->loc));
      return true;
    }
    if (r->kind != RK_VOID) rty_error(R, op->loc, "global '%s' cannot be read at run time",
                                      op->args[1]->u.s.p);
    rty_done(R, op, rty_cvoid(R));
    return true;
  }
  case HL_import_module: case HL_make_function: case HL_make_class:
    rty_done(R, op, rty_cvoid(R));
    return true;
  default: return false;
  }
}

static void rewrite_op(RTyper *R, Op *op) {
  R->loc = op->loc;
  R->op_start = R->ops.len;
  for (uint32_t i = 0; i < op->nargs; i++) {
    if (op->args[i]->kind != VAL_VAR) continue;
    Ann *a = ann_of(op->args[i]);
    if (!a || a->kind == ANN_IMPOSSIBLE) {  /* never reached with a value */
      rty_done(R, op, NULL);
      return;
    }
  }
  typedef bool (*OpFamily)(RTyper *, Op *);
  static const OpFamily families[] = {
      generic_op, rty_num_op, rty_str_op, rty_container_op, rty_dict_op,
      rty_list_more_op, rty_list_slice_op, rty_attr_op, rty_call_op};
  for (size_t i = 0; i < sizeof families / sizeof *families; i++) {
    if (families[i](R, op)) return;
    R->ops.len = R->op_start;   /* a family that declines leaves nothing behind */
  }
  rty_error(R, op->loc, "operation '%s' on %s is not supported by the rtyper yet",
            hlop_info[op->opc].name,
            op->nargs ? ann_describe(R->AN, ann_value(R->AN, op->args[0])) : "nothing");
}

static void fix_link(RTyper *R, Link *l);

static bool op_can_raise(Op *o) {
  if (o->opc == LLOP_direct_call) {
    LLFunc *f = o->args[0]->u.ref.p;
    return f->graph || (f->effects & LLFX_CANRAISE);
  }
  if (o->opc == LLOP_indirect_call) return true;
  return (llop_info[o->opc].flags & (LL_CANRAISE | LL_CANMALLOC)) != 0;
}

/* The raising op must end the block: ops after the last one that can
 * raise move to a block of their own on the normal exit. False when no op
 * can raise. */
static bool raise_last(RTyper *R, Block *b) {
  int last = -1;
  for (unsigned i = R->op_start; i < b->ops.len; i++)
    if (op_can_raise(b->ops.data[i])) last = (int)i;
  if (last < 0) return false;
  if ((unsigned)last + 1 == b->ops.len) return true;
  Link *l = b->exits.data[0];
  Block *nb = block_new(R->g, 0, R->loc);
  for (unsigned i = (unsigned)last + 1; i < b->ops.len; i++) vec_push(R->A, nb->ops, b->ops.data[i]);
  b->ops.len = (unsigned)last + 1;
  Link *nl = block_add_exit(R->g, nb, l->target, l->nargs, l->args, NULL);
  l->target = nb;
  l->nargs = 0;
  fix_link(R, nl);
  return true;
}

static Value *exc_case(RTyper *R, Value *c) {
  Repr cr = {.kind = RK_CLASS, .ll = R->F.vtable_ptr};
  return rty_const(R, c, &cr);
}

static void fix_exits(RTyper *R, AnnGraph *ag, Block *b) {
  if (b->exitkind == EXIT_RAISE) {
    if (!raise_last(R, b)) {
      b->exitkind = EXIT_NONE;
      b->exits.len = 1;
    } else {
      unsigned k = 1;
      for (unsigned i = 1; i < b->exits.len; i++) {
        Link *l = b->exits.data[i];
        if (!reached(ag, l->target)) continue;
        l->exitcase = exc_case(R, l->exitcase);
        if (l->etype) l->etype->ll = R->F.vtable_ptr;
        if (l->evalue) l->evalue->ll = rty_vrepr(R, l->evalue)->ll;
        b->exits.data[k++] = l;
      }
      b->exits.len = k;
      if (k == 1) b->exitkind = EXIT_NONE;
    }
  } else if (b->exitkind == EXIT_VALUE) {
    Repr *sr = rty_vrepr(R, b->exitswitch);
    unsigned k = 0;
    for (unsigned i = 0; i < b->exits.len; i++) {
      Link *l = b->exits.data[i];
      if (!reached(ag, l->target)) continue;
      if (l->exitcase && !(l->exitcase->ckind == CONST_STR && sr->kind != RK_CHAR &&
                           !strcmp(l->exitcase->u.s.p, "default")))
        l->exitcase = rty_const(R, l->exitcase, sr);
      b->exits.data[k++] = l;
    }
    b->exits.len = k;
    if (k == 1) {
      b->exitkind = EXIT_NONE;
      b->exitswitch = NULL;
      b->exits.data[0]->exitcase = NULL;
    }
  }
}

/* Converts a link's arguments; may insert a block on the link. */
static void fix_link(RTyper *R, Link *l) {
  Block *t = l->target;
  R->ops.len = 0;
  R->ops.data = NULL;
  R->ops.cap = 0;
  for (uint32_t i = 0; i < l->nargs; i++) {
    Value *a = l->args[i];
    Repr *to = rty_vrepr(R, t->inputs[i]);
    if (a->kind == VAL_CONST) {
      l->args[i] = t == R->g->ret && to->kind == RK_VOID ? lb_zero(R, t->inputs[i]->ll)
                                                         : rty_const(R, a, to);
      continue;
    }
    if (a == l->etype || a == l->evalue) continue;
    if (t == R->g->ret && ((LLType *)t->inputs[i]->ll)->kind != LL_VOID &&
        (!a->ll || ((LLType *)a->ll)->kind == LL_VOID)) {
      l->args[i] = lb_zero(R, t->inputs[i]->ll);  /* the entry point's status */
      continue;
    }
    l->args[i] = rty_convert(R, a, rty_vrepr(R, a), to);
  }
  if (!R->ops.len) return;
  /* the conversions go into a block of their own on the link */
  Block *nb = block_new(R->g, 0, R->loc);
  for (unsigned i = 0; i < R->ops.len; i++) vec_push(R->A, nb->ops, R->ops.data[i]);
  Link *nl = block_add_exit(R->g, nb, t, l->nargs, l->args, NULL);
  (void)nl;
  l->target = nb;
  l->nargs = 0;
}

static void rewrite_block(RTyper *R, AnnGraph *ag, Block *b) {
  for (uint32_t i = 0; i < b->ninputs; i++) b->inputs[i]->ll = rty_vrepr(R, b->inputs[i])->ll;
  R->ops.len = 0;
  R->ops.data = NULL;
  R->ops.cap = 0;
  R->op_start = 0;
  for (unsigned i = 0; i < b->ops.len; i++) {
    Op *op = b->ops.data[i];
    if (op->result && !op->result->ll) op->result->ll = R->L.void_;
    rewrite_op(R, op);
  }
  b->ops.data = R->ops.data;
  b->ops.len = R->ops.len;
  b->ops.cap = R->ops.cap;
  R->loc = b->ops.len ? vec_last(b->ops)->loc : b->loc;
  fix_exits(R, ag, b);
}

static void rewrite_graph(RTyper *R, AnnGraph *ag) {
  Graph *g = ag->g;
  R->g = g;
  rty_graph_func(R, ag);
  rty_mark_ovf(R, g);
  BlockList bl = {0};
  graph_blocks_in(g, R->A, &bl);
  g->ret->inputs[0]->ll = rty_graph_func(R, ag)->type->result;
  g->except->inputs[0]->ll = R->F.vtable_ptr;
  g->except->inputs[1]->ll = R->F.object_ptr;
  for (unsigned i = 0; i < bl.len; i++) {
    Block *b = bl.data[i];
    if (b == g->ret || b == g->except) continue;
    if (b != g->start && !reached(ag, b)) continue;
    rewrite_block(R, ag, b);
  }
  for (unsigned i = 0; i < bl.len; i++) {
    Block *b = bl.data[i];
    if (b == g->ret || b == g->except || (b != g->start && !reached(ag, b))) continue;
    for (unsigned k = 0; k < b->exits.len; k++) {
      R->loc = b->ops.len ? vec_last(b->ops)->loc : b->loc;
      Link *l = b->exits.data[k];
      if (!reached(ag, l->target)) {  /* an op before never returns */
        l->target = g->ret;
        l->nargs = 1;
        l->args = arena_alloc_array(R->A, 1, sizeof *l->args);
        l->args[0] = lb_zero(R, g->ret->inputs[0]->ll);
        continue;
      }
      fix_link(R, l);
    }
  }
}

/* ---- checking: every link passes values of its target's kinds ---------- */

static int kind_class(const LLType *t) {
  if (!t) return -1;
  return t->kind == LL_PTR ? LL_PTR : t->kind;
}

static void check_graph(RTyper *R, LLFunc *f) {
  BlockList bl = {0};
  graph_blocks_in(f->graph, R->A, &bl);
  for (unsigned i = 0; i < bl.len; i++) {
    Block *b = bl.data[i];
    for (unsigned k = 0; k < b->exits.len; k++) {
      Link *l = b->exits.data[k];
      for (uint32_t a = 0; a < l->nargs && a < l->target->ninputs; a++) {
        const LLType *want = l->target->inputs[a]->ll, *got = l->args[a]->ll;
        if (!want || want->kind == LL_VOID || !got) continue;
        if (kind_class(want) != kind_class(got)) {
          Loc at = b->ops.len ? vec_last(b->ops)->loc : b->loc;
          rty_error(R, at, "internal: %s: link to block%u passes a %s as input %u",
                    f->name, l->target->id, llop_info[0].name && got->kind == LL_PTR ? "pointer" : "non-pointer", a);
          return;
        }
      }
    }
  }
}

/* ---- the pass ------------------------------------------------------------------- */

RTyper *rty_new(Program *P, Annotator *AN, Prebuild *PB) {
  RTyper *R = arena_alloc(P->arena, sizeof *R);
  R->P = P;
  R->AN = AN;
  R->PB = PB;
  R->A = P->arena;
  R->I = P->in;
  R->D = P->diag;
  lltypes_init(&R->L, R->A);
  llfixed_init(&R->F, &R->L, R->I);
  HMap *maps[] = {&R->lists, &R->dicts, &R->classes, &R->funcs, &R->objs,
                  &R->strs, &R->helpers, &R->rths, &R->ovfops, &R->read_slots};
  for (unsigned i = 0; i < sizeof maps / sizeof *maps; i++) hmap_init(maps[i], R->A);
  struct { Repr **r; ReprKind k; LLType *t; } prim[] = {
    {&R->r_void, RK_VOID, R->L.void_}, {&R->r_bool, RK_BOOL, R->L.bool_},
    {&R->r_int, RK_INT, R->L.signed_}, {&R->r_uint, RK_UINT, R->L.unsigned_},
    {&R->r_float, RK_FLOAT, R->L.float_}, {&R->r_char, RK_CHAR, R->L.char_},
    {&R->r_str, RK_STR, R->F.str_ptr}};
  for (unsigned i = 0; i < sizeof prim / sizeof *prim; i++) {
    Repr *r = arena_alloc(R->A, sizeof *r);
    r->kind = (uint8_t)prim[i].k;
    r->ll = prim[i].t;
    if (prim[i].k == RK_STR) r->s = R->F.str;
    *prim[i].r = r;
  }
  R->r_str->item = R->r_char;
  return R;
}

static void map_funcdescs(RTyper *R) {
  for (uint32_t i = 0; i < ann_graph_count(R->AN); i++) {
    AnnGraph *ag = ann_graph_at(R->AN, i);
    if (ag->fd && ag->fd->fi) hmap_put(&R->funcs, HKEY(ag->fd->fi), ag->fd);
  }
}

bool rty_run(RTyper *R) {
  map_funcdescs(R);
  rty_classes_init(R);
  rty_classes_layout(R);
  uint32_t n = ann_graph_count(R->AN);
  AnnGraph *entry = ann_entry_graph(R->AN);
  for (uint32_t i = 0; i < n; i++) {
    AnnGraph *ag = ann_graph_at(R->AN, i);
    vec_push(R->A, R->graphs, rty_graph_func(R, ag));
  }
  for (uint32_t i = 0; i < n; i++) rewrite_graph(R, ann_graph_at(R->AN, i));
  rty_export_vtables(R);
  rty_fill_method_slots(R);
  for (unsigned i = 0; i < R->graphs.len; i++) check_graph(R, R->graphs.data[i]);
  R->entry = entry ? rty_graph_func(R, entry) : NULL;
  return R->nerrors == 0 && R->D->nerrors == 0;
}

void rty_program(RTyper *R, BeProgram *out) {
  memset(out, 0, sizeof *out);
  out->types = &R->L;
  out->fixed = &R->F;
  out->entry = R->entry;
  out->roots = R->graphs.data;
  out->nroots = R->graphs.len;
  out->exports = R->exports.data;
  out->nexports = R->exports.len;
  out->sm = R->P->sm;
}

void rty_free(RTyper *R) { (void)R; }
