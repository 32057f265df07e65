/* llvm_func.c — one rtyped graph becomes one LLVM function.
 *
 * Blocks and links: every graph block is an LLVM basic block whose input
 * variables are phi nodes (Void inputs carry nothing and get none); a link
 * adds its arguments as incoming values from the basic block it leaves and
 * branches. A link never shares its source basic block with another link
 * to the same target: switch cases and exception handlers get a basic
 * block of their own. An "entry" block feeds the parameters to the start
 * block's phis (the start block may itself be a loop head).
 *
 * Exceptions (ARCHITECTURE.md §4), lowered here while emitting, on no copy
 * of the graph: the pair of runtime globals rl_exc_type/rl_exc_value holds
 * the exception in flight. After an operation that may raise — a call to
 * a graph or to a helper with LLFX_CANRAISE, an *_ovf, an allocation,
 * stack_check — a test branches (marked unlikely) to a dispatch: when the
 * operation is the last of an EXIT_RAISE block, each exception link in
 * order tests  handler.min <= etype.subclassrange_min < handler.max  (the
 * handler's range is a compile-time constant taken from its vtable
 * object) and, on a match, reads the value, clears both globals and takes
 * the link; otherwise (and when no handler matches) the function returns a
 * zero of its result type leaving the globals set ("propagate"). The
 * except block stores its two inputs into the globals and returns the same
 * way. No unwinding tables are involved; every function is nounwind.
 *
 * Stack depth: every function on a cycle of calls (llvm_callgraph.c)
 * compares its frame address with rt_stack_limit at entry and raises
 * RecursionError below it; the others cannot recurse and skip the check. */
#include <stdlib.h>
#include <string.h>

#include "llvm_internal.h"

static void add_fn_attr(Be *be, LLVMValueRef fn, const char *name) {
  unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
  LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                          LLVMCreateEnumAttribute(be->ctx, kind, 0));
}

LLVMValueRef be_func(Be *be, LLFunc *f) {
  LLVMValueRef fn = bemap_get(&be->funcs, f);
  if (fn) return fn;
  if (f->graph) {
    be_error(be, f->graph->loc, "internal: function %s not declared", f->name);
    be_declare_graph(be, f);
    return bemap_get(&be->funcs, f);
  }
  fn = LLVMGetNamedFunction(be->mod, f->name);
  if (!fn) {
    fn = LLVMAddFunction(be->mod, f->name, be_func_type(be, f->type));
    be_attr_ext(be, fn, false, f->type);
    add_fn_attr(be, fn, "nounwind");  /* C code: never unwinds */
    if (f->effects & LLFX_ALWAYSRAISES) be_attr_raiser(be, fn);
  }
  bemap_put(&be->funcs, f, fn);
  return fn;
}

void be_declare_graph(Be *be, LLFunc *f) {
  LLVMValueRef fn = LLVMAddFunction(be->mod, f->name, be_func_type(be, f->type));
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  be_attr_ext(be, fn, false, f->type);
  add_fn_attr(be, fn, "nounwind");
  if (bemap_get(&be->noinline, f)) add_fn_attr(be, fn, "noinline");
  else if (bemap_get(&be->alwaysinline, f)) add_fn_attr(be, fn, "alwaysinline");
  if (be->opt->debug) {
    LLVMAttributeRef fp = LLVMCreateStringAttribute(be->ctx, "frame-pointer",
                                                    13, "all", 3);
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, fp);
  }
  bemap_put(&be->funcs, f, fn);
}

/* ---- values --------------------------------------------------------------- */

LLVMValueRef be_value(BeFn *F, const Value *v) {
  if (v->kind == VAL_CONST) return be_const(F->be, v, NULL);
  if (v->ll && ((LLType *)v->ll)->kind == LL_VOID) return NULL;
  LLVMValueRef x = v->id < F->g->next_var ? F->vals[v->id] : NULL;
  if (!x) {
    be_error(F->be, v->loc, "internal: variable v%u of %s used but not "
             "defined here", v->id, F->g->name);
    LLVMTypeRef t = v->ll ? be_reg_type(F->be, v->ll) : F->be->t_i64;
    return LLVMGetUndef(t ? t : F->be->t_i64);
  }
  return x;
}

/* A value where type `t` is expected (types ll-less constants). */
static LLVMValueRef value_as(BeFn *F, const Value *v, const LLType *t) {
  if (v->kind == VAL_CONST && !v->ll) return be_const(F->be, v, t);
  return be_value(F, v);
}

void be_set_value(BeFn *F, const Value *v, LLVMValueRef x) {
  if (v && v->kind == VAL_VAR && v->id < F->g->next_var) F->vals[v->id] = x;
}

/* ---- links ---------------------------------------------------------------- */

static void emit_link(BeFn *F, const Link *l) {
  Be *be = F->be;
  LLVMBasicBlockRef from = LLVMGetInsertBlock(be->b);
  Block *t = l->target;
  if (l->nargs != t->ninputs)
    be_error(be, t->loc, "internal: link passes %u values to %u inputs",
             l->nargs, t->ninputs);
  for (uint32_t i = 0; i < t->ninputs && i < l->nargs; i++) {
    LLVMValueRef phi = F->phis[t->inputs[i]->id];
    if (!phi) continue;  /* a Void input */
    LLVMValueRef x = value_as(F, l->args[i], t->inputs[i]->ll);
    if (!x) x = LLVMGetUndef(LLVMTypeOf(phi));
    LLVMAddIncoming(phi, &x, &from, 1);
  }
  LLVMBuildBr(be->b, F->bbs[t->id]);
}

static LLVMValueRef zero_result(BeFn *F) {
  LLVMTypeRef rt = LLVMGetReturnType(LLVMGlobalGetValueType(F->fn));
  if (LLVMGetTypeKind(rt) == LLVMVoidTypeKind) return NULL;
  return LLVMConstNull(rt);
}

static void build_ret(BeFn *F, LLVMValueRef x) {
  if (x) LLVMBuildRet(F->be->b, x);
  else LLVMBuildRetVoid(F->be->b);
}

LLVMBasicBlockRef be_propagate_bb(BeFn *F) {
  if (F->propagate) return F->propagate;
  LLVMBasicBlockRef here = LLVMGetInsertBlock(F->be->b);
  F->propagate = LLVMAppendBasicBlockInContext(F->be->ctx, F->fn, "propagate");
  LLVMPositionBuilderAtEnd(F->be->b, F->propagate);
  build_ret(F, zero_result(F));
  LLVMPositionBuilderAtEnd(F->be->b, here);
  return F->propagate;
}

/* ---- exceptions ------------------------------------------------------------- */

void be_mark_unlikely(Be *be, LLVMValueRef br) {
  LLVMSetMetadata(br, be->md_prof, be->md_unlikely);
}

void be_tag_heap(Be *be, LLVMValueRef x) {
  LLVMSetMetadata(x, be->md_tbaa, be->tbaa_heap);
}

LLVMValueRef be_load_state(Be *be, LLVMValueRef global, const char *name) {
  LLVMValueRef x = LLVMBuildLoad2(be->b, be->t_ptr, global, name);
  LLVMSetMetadata(x, be->md_tbaa, be->tbaa_state);
  return x;
}

void be_store_state(Be *be, LLVMValueRef x, LLVMValueRef global) {
  LLVMSetMetadata(LLVMBuildStore(be->b, x, global), be->md_tbaa, be->tbaa_state);
}

/* Calls are `notail`: LLVM's tail-recursion elimination would otherwise
 * turn unbounded recursion (even `f(n + 1) + 1`, by accumulation) into a
 * loop, and the program would hang where RL promises RecursionError. */
LLVMValueRef be_call(Be *be, LLVMTypeRef fty, LLVMValueRef fn,
                     LLVMValueRef *args, unsigned nargs) {
  LLVMValueRef call = LLVMBuildCall2(be->b, fty, fn, args, nargs, "");
  LLVMSetTailCallKind(call, LLVMTailCallKindNoTail);
  return call;
}

/* The condition "the exception's class is in the handler's range". */
static LLVMValueRef match_cond(BeFn *F, LLVMValueRef tmin, const Link *l) {
  Be *be = F->be;
  const Value *c = l->exitcase;
  int64_t lo, hi;
  LLVMValueRef vlo, vhi;
  if (!c || c->kind != VAL_CONST || c->ckind != CONST_LLOBJ) {
    be_error(be, F->block->loc, "internal: exception link without a class");
    return LLVMConstInt(be->t_i1, 0, 0);
  }
  if (llfixed_vtable_range(c->u.ref.p, &lo, &hi)) {
    vlo = LLVMConstInt(be->t_i64, (unsigned long long)lo, 1);
    vhi = LLVMConstInt(be->t_i64, (unsigned long long)hi, 1);
  } else {  /* read the handler's range from its vtable (the head, offset 0) */
    LLVMValueRef vt = be_global(be, c->u.ref.p);
    vlo = LLVMBuildLoad2(be->b, be->t_i64, vt, "hmin");
    LLVMValueRef pmax = LLVMBuildInBoundsGEP2(
        be->b, be->t_i8, vt, &(LLVMValueRef){LLVMConstInt(be->t_i64, 8, 0)},
        1, "");
    vhi = LLVMBuildLoad2(be->b, be->t_i64, pmax, "hmax");
  }
  LLVMValueRef ge = LLVMBuildICmp(be->b, LLVMIntSGE, tmin, vlo, "");
  LLVMValueRef lt = LLVMBuildICmp(be->b, LLVMIntSLT, tmin, vhi, "");
  return LLVMBuildAnd(be->b, ge, lt, "caught");
}

/* In an "exception set" basic block: catch with the block's handlers or
 * propagate. */
static void dispatch(BeFn *F) {
  Be *be = F->be;
  Block *blk = F->block;
  if (!F->may_raise_here || !blk || blk->exits.len <= 1) {
    LLVMBuildBr(be->b, be_propagate_bb(F));
    return;
  }
  LLVMValueRef etype = be_load_state(be, be->g_exc_type, "etype");
  LLVMValueRef tmin = LLVMBuildLoad2(be->b, be->t_i64, etype, "etype.min");
  for (unsigned j = 1; j < blk->exits.len; j++) {
    const Link *l = blk->exits.data[j];
    LLVMBasicBlockRef hit = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "catch");
    LLVMBasicBlockRef miss = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "nocatch");
    LLVMBuildCondBr(be->b, match_cond(F, tmin, l), hit, miss);
    LLVMPositionBuilderAtEnd(be->b, hit);
    LLVMValueRef evalue = be_load_state(be, be->g_exc_value, "evalue");
    be_store_state(be, LLVMConstNull(be->t_ptr), be->g_exc_type);
    be_store_state(be, LLVMConstNull(be->t_ptr), be->g_exc_value);
    be_set_value(F, l->etype, etype);
    be_set_value(F, l->evalue, evalue);
    emit_link(F, l);
    LLVMPositionBuilderAtEnd(be->b, miss);
  }
  LLVMBuildBr(be->b, be_propagate_bb(F));
}

void be_attr_raiser(Be *be, LLVMValueRef fn) {
  add_fn_attr(be, fn, "cold");
  add_fn_attr(be, fn, "nounwind");
  unsigned kind = LLVMGetEnumAttributeKindForName("nonnull", 7);
  LLVMAddAttributeAtIndex(fn, LLVMAttributeReturnIndex,
                          LLVMCreateEnumAttribute(be->ctx, kind, 0));
}

/* The runtime has already stored the same value: this store only tells
 * LLVM, whose load of rl_exc_type after it then folds to non-NULL. */
void be_note_raised(Be *be, LLVMValueRef vtable) {
  be_store_state(be, vtable, be->g_exc_type);
}

void be_raise_if(BeFn *F, LLVMValueRef cond, LLVMValueRef raiser,
                 LLVMTypeRef raiser_ty) {
  Be *be = F->be;
  LLVMBasicBlockRef exc = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "raised");
  LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "ok");
  be_mark_unlikely(be, LLVMBuildCondBr(be->b, cond, exc, cont));
  LLVMPositionBuilderAtEnd(be->b, exc);
  if (raiser) be_note_raised(be, be_call(be, raiser_ty, raiser, NULL, 0));
  dispatch(F);
  LLVMPositionBuilderAtEnd(be->b, cont);
}

void be_raise_known_if(BeFn *F, LLVMValueRef cond, LLVMValueRef vtable) {
  Be *be = F->be;
  LLVMBasicBlockRef exc = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "raised");
  LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "ok");
  be_mark_unlikely(be, LLVMBuildCondBr(be->b, cond, exc, cont));
  LLVMPositionBuilderAtEnd(be->b, exc);
  if (vtable) be_note_raised(be, vtable);
  dispatch(F);
  LLVMPositionBuilderAtEnd(be->b, cont);
}

void be_check_exc(BeFn *F) {
  Be *be = F->be;
  LLVMValueRef t = be_load_state(be, be->g_exc_type, "exc");
  LLVMValueRef set = LLVMBuildICmp(be->b, LLVMIntNE, t,
                                   LLVMConstNull(be->t_ptr), "");
  be_raise_if(F, set, NULL, NULL);
}

void be_stack_check(BeFn *F) {
  Be *be = F->be;
  static const char name[] = "llvm.frameaddress";
  unsigned id = LLVMLookupIntrinsicID(name, sizeof name - 1);
  LLVMTypeRef pt = be->t_ptr;
  LLVMValueRef fa_fn = LLVMGetIntrinsicDeclaration(be->mod, id, &pt, 1);
  LLVMTypeRef fa_ty = LLVMIntrinsicGetType(be->ctx, id, &pt, 1);
  LLVMValueRef zero = LLVMConstInt(be->t_i32, 0, 0);
  LLVMValueRef fa = be_call(be, fa_ty, fa_fn, &zero, 1);
  LLVMValueRef lim = be_load_state(be, be->g_stack_limit, "stack.limit");
  LLVMValueRef below = LLVMBuildICmp(be->b, LLVMIntULT, fa, lim, "stack.low");
  be_raise_if(F, below, be->fn_raise_recursion, be->fty_raiser);
}

/* ---- blocks ------------------------------------------------------------------ */

static void make_block(BeFn *F, Block *b) {
  Be *be = F->be;
  char name[32];
  snprintf(name, sizeof name, "block%u", b->id);
  LLVMBasicBlockRef bb = LLVMAppendBasicBlockInContext(be->ctx, F->fn, name);
  F->bbs[b->id] = bb;
  LLVMPositionBuilderAtEnd(be->b, bb);
  for (uint32_t i = 0; i < b->ninputs; i++) {
    Value *v = b->inputs[i];
    if (!v->ll) {
      be_error(be, v->loc, "internal: block input without a low-level type");
      continue;
    }
    LLVMTypeRef t = be_reg_type(be, v->ll);
    if (t) F->vals[v->id] = F->phis[v->id] = LLVMBuildPhi(be->b, t, "");
  }
}

static void emit_switch(BeFn *F, Block *b) {
  Be *be = F->be;
  LLVMValueRef x = be_value(F, b->exitswitch);
  LLVMBasicBlockRef here = LLVMGetInsertBlock(be->b);
  LLVMBasicBlockRef *dest = arena_alloc_array(&be->scratch, b->exits.len + 1,
                                              sizeof *dest);
  LLVMBasicBlockRef deflt = NULL;
  for (unsigned i = 0; i < b->exits.len; i++) {
    Link *l = b->exits.data[i];
    dest[i] = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "case");
    LLVMPositionBuilderAtEnd(be->b, dest[i]);
    emit_link(F, l);
    const Value *c = l->exitcase;
    if (!c || (c->ckind == CONST_STR && c->u.s.len == 7 &&
               memcmp(c->u.s.p, "default", 7) == 0))
      deflt = dest[i];
  }
  if (!deflt) {
    deflt = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "nocase");
    LLVMPositionBuilderAtEnd(be->b, deflt);
    LLVMBuildUnreachable(be->b);
  }
  LLVMPositionBuilderAtEnd(be->b, here);
  LLVMValueRef sw = LLVMBuildSwitch(be->b, x, deflt, b->exits.len);
  for (unsigned i = 0; i < b->exits.len; i++) {
    const Value *c = b->exits.data[i]->exitcase;
    if (!c || dest[i] == deflt) continue;
    LLVMValueRef cv = LLVMConstInt(LLVMTypeOf(x), (unsigned long long)c->u.i, 0);
    if (c->ckind == CONST_STR && c->u.s.len == 1)
      cv = LLVMConstInt(LLVMTypeOf(x), (unsigned char)c->u.s.p[0], 0);
    LLVMAddCase(sw, cv, dest[i]);
  }
}

static void emit_block(BeFn *F, Block *b) {
  Be *be = F->be;
  Graph *g = F->g;
  LLVMPositionBuilderAtEnd(be->b, F->bbs[b->id]);
  F->block = b;
  F->nnobar = 0;
  be_debug_loc(F, b->loc);
  if (b == g->ret) {
    build_ret(F, b->ninputs ? F->vals[b->inputs[0]->id] : NULL);
    return;
  }
  if (b == g->except) {
    be_store_state(be, F->vals[b->inputs[0]->id], be->g_exc_type);
    be_store_state(be, F->vals[b->inputs[1]->id], be->g_exc_value);
    build_ret(F, zero_result(F));
    return;
  }
  for (unsigned i = 0; i < b->ops.len; i++) {
    Op *op = b->ops.data[i];
    F->may_raise_here = b->exitkind == EXIT_RAISE && i + 1 == b->ops.len;
    be_debug_loc(F, op->loc);
    be_emit_op(F, op);
  }
  F->may_raise_here = false;
  if (b->exitkind == EXIT_VALUE) {
    emit_switch(F, b);
  } else if (b->exits.len == 0) {
    LLVMBuildUnreachable(be->b);
  } else {
    emit_link(F, b->exits.data[0]);  /* EXIT_NONE, or EXIT_RAISE's normal path */
  }
}

/* Emits graph f into fn: the function itself, or (in_reentry) the JIT
 * portal's re-entry copy, whose entry goes to the merge point. */
static void define_body(Be *be, LLFunc *f, LLVMValueRef fn, LLVMValueRef reentry,
                        bool in_reentry) {
  Graph *g = f->graph;
  BeFn F = {.be = be, .lf = f, .g = g, .fn = fn, .reentry = reentry, .in_reentry = in_reentry};
  F.vals = calloc(g->next_var + 1, sizeof *F.vals);
  F.phis = calloc(g->next_var + 1, sizeof *F.phis);
  F.bbs = calloc(g->next_block + 1, sizeof *F.bbs);
  if (!F.vals || !F.phis || !F.bbs) rt_oom();
  BlockList bl = {0};
  graph_blocks_in(g, &be->scratch, &bl);
  F.sp = be->opt->debug ? be_debug_function(be, g, F.fn) : NULL;
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(be->ctx, F.fn, "entry");
  LLVMSetCurrentDebugLocation2(be->b, NULL);  /* phis: no location */
  for (unsigned i = 0; i < bl.len; i++) make_block(&F, bl.data[i]);
  if (!F.bbs[g->start->id]) make_block(&F, g->start);

  LLVMPositionBuilderAtEnd(be->b, entry);
  be_debug_loc(&F, g->loc);
  if (bemap_get(&be->needs_stack_check, f)) be_stack_check(&F);
  if (!in_reentry) {
    LLVMBasicBlockRef from = LLVMGetInsertBlock(be->b);
    unsigned np = LLVMCountParams(F.fn), k = 0;
    for (uint32_t i = 0; i < g->start->ninputs; i++) {
      LLVMValueRef phi = F.phis[g->start->inputs[i]->id];
      if (!phi) continue;
      if (k >= np) {
        be_error(be, g->loc, "internal: %s has more parameters than its type",
                 f->name);
        break;
      }
      LLVMValueRef p = LLVMGetParam(F.fn, k++);
      LLVMAddIncoming(phi, &p, &from, 1);
    }
    if (k != np)
      be_error(be, g->loc, "internal: %s: %u parameters for a type of %u",
               f->name, k, np);
    LLVMBuildBr(be->b, F.bbs[g->start->id]);
  }
  LLVMBasicBlockRef entry_end = LLVMGetInsertBlock(be->b);
  for (unsigned i = 0; i < bl.len; i++) emit_block(&F, bl.data[i]);
  if (in_reentry) be_jit_reentry_entry(&F, entry_end);
  if (F.sp) LLVMDIBuilderFinalizeSubprogram(be->di, F.sp);
  free(F.vals);
  free(F.phis);
  free(F.bbs);
  free(F.reentry_phis);
}

void be_define_graph(Be *be, LLFunc *f) {
  LLVMValueRef fn = bemap_get(&be->funcs, f);
  LLVMValueRef reentry = be->prog->jit ? be_jit_reentry_decl(be, f) : NULL;
  define_body(be, f, fn, reentry, false);
  if (reentry) define_body(be, f, reentry, reentry, true);
}
