/* llvm_ops.c — each low-level operation (core/llops.def) as LLVM IR.
 *
 * Python semantics, never LLVM's undefined behaviour: integer arithmetic
 * has no nsw/nuw flags (it wraps); `//` and `%` go around sdiv/srem's
 * MIN / -1 trap (a divisor of -1 becomes 1 and the quotient is negated)
 * and then floor; shift counts >= 64 give 0 (or the sign for >>) through a
 * select; *_ovf ops use llvm.s{add,sub,mul}.with.overflow and raise
 * OverflowError through the runtime; float // and % call the runtime
 * (CPython's float_divmod). Memory ops address fields and items with GEPs
 * on the LLType-derived struct types; Bool is a byte in memory. Allocation
 * is the one place that knows Boehm (rt_gc_new*); with --gc=gen, stores of
 * GC references also get the write barrier (llvm_gc.c) and gc_identityhash
 * calls the runtime. The rtyper's gc_write_barrier ops are not used: the
 * stores themselves say where a barrier goes, and some have no such op. */
#include <string.h>

#include "llvm_internal.h"
#include "runtime/rt_gc.h"

#define B (F->be->b)

static LLVMValueRef arg(BeFn *F, const Op *op, unsigned i) {
  return be_value(F, op->args[i]);
}

static LLVMValueRef i64c(BeFn *F, int64_t x) {
  return LLVMConstInt(F->be->t_i64, (unsigned long long)x, 1);
}

static LLVMValueRef intrinsic(BeFn *F, const char *name, LLVMTypeRef ty,
                              LLVMValueRef *args, unsigned n) {
  Be *be = F->be;
  unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
  LLVMValueRef fn = LLVMGetIntrinsicDeclaration(be->mod, id, &ty, 1);
  LLVMTypeRef fty = LLVMIntrinsicGetType(be->ctx, id, &ty, 1);
  return be_call(be, fty, fn, args, n);
}

/* ---- integers ---------------------------------------------------------------- */

/* Divisor with -1 replaced by 1 (sdiv/srem never see MIN / -1). */
static LLVMValueRef safe_divisor(BeFn *F, LLVMValueRef b, LLVMValueRef *is_m1) {
  *is_m1 = LLVMBuildICmp(B, LLVMIntEQ, b, i64c(F, -1), "");
  return LLVMBuildSelect(B, *is_m1, i64c(F, 1), b, "");
}

/* r != 0 and r, b of different signs: floor needs a correction. */
static LLVMValueRef needs_floor(BeFn *F, LLVMValueRef r, LLVMValueRef b) {
  LLVMValueRef nz = LLVMBuildICmp(B, LLVMIntNE, r, i64c(F, 0), "");
  LLVMValueRef x = LLVMBuildXor(B, r, b, "");
  LLVMValueRef neg = LLVMBuildICmp(B, LLVMIntSLT, x, i64c(F, 0), "");
  return LLVMBuildAnd(B, nz, neg, "");
}

static LLVMValueRef int_floordiv(BeFn *F, LLVMValueRef a, LLVMValueRef b) {
  LLVMValueRef m1;
  LLVMValueRef d = safe_divisor(F, b, &m1);
  LLVMValueRef q = LLVMBuildSDiv(B, a, d, "");
  q = LLVMBuildSelect(B, m1, LLVMBuildSub(B, i64c(F, 0), a, ""), q, "");
  LLVMValueRef r = LLVMBuildSRem(B, a, d, "");
  LLVMValueRef fix = LLVMBuildZExt(B, needs_floor(F, r, b), F->be->t_i64, "");
  return LLVMBuildSub(B, q, fix, "");
}

static LLVMValueRef int_mod(BeFn *F, LLVMValueRef a, LLVMValueRef b) {
  LLVMValueRef m1;
  LLVMValueRef d = safe_divisor(F, b, &m1);
  LLVMValueRef r = LLVMBuildSRem(B, a, d, "");  /* a % 1 == 0 == a % -1 */
  LLVMValueRef adj = LLVMBuildAdd(B, r, b, "");
  return LLVMBuildSelect(B, needs_floor(F, r, b), adj, r, "");
}

/* x << c, x >> c with counts >= 64 (or negative, seen unsigned) defined. */
static LLVMValueRef shift(BeFn *F, LLOp opc, LLVMValueRef x, LLVMValueRef c) {
  LLVMValueRef big = LLVMBuildICmp(B, LLVMIntUGE, c, i64c(F, 64), "");
  if (opc == LLOP_int_rshift) {
    LLVMValueRef c2 = LLVMBuildSelect(B, big, i64c(F, 63), c, "");
    return LLVMBuildAShr(B, x, c2, "");
  }
  LLVMValueRef c2 = LLVMBuildSelect(B, big, i64c(F, 0), c, "");
  LLVMValueRef s = (opc == LLOP_uint_rshift) ? LLVMBuildLShr(B, x, c2, "")
                                             : LLVMBuildShl(B, x, c2, "");
  return LLVMBuildSelect(B, big, i64c(F, 0), s, "");
}

static LLVMValueRef ovf(BeFn *F, const char *name, LLVMValueRef a,
                        LLVMValueRef b) {
  LLVMValueRef args[2] = {a, b};
  LLVMValueRef pair = intrinsic(F, name, F->be->t_i64, args, 2);
  LLVMValueRef r = LLVMBuildExtractValue(B, pair, 0, "");
  LLVMValueRef o = LLVMBuildExtractValue(B, pair, 1, "ovf");
  be_raise_if(F, o, F->be->fn_raise_overflow, F->be->fty_raiser);
  return r;
}

static const LLVMIntPredicate signed_cmp[6] = {
    LLVMIntSLT, LLVMIntSLE, LLVMIntEQ, LLVMIntNE, LLVMIntSGT, LLVMIntSGE};
static const LLVMIntPredicate unsigned_cmp[6] = {
    LLVMIntULT, LLVMIntULE, LLVMIntEQ, LLVMIntNE, LLVMIntUGT, LLVMIntUGE};
static const LLVMRealPredicate float_cmp[6] = {
    LLVMRealOLT, LLVMRealOLE, LLVMRealOEQ, LLVMRealUNE, LLVMRealOGT,
    LLVMRealOGE};

/* ---- memory -------------------------------------------------------------------- */

static bool is_name(const Value *v) {
  return v->kind == VAL_CONST && v->ckind == CONST_STR;
}

/* The address reached from pointer p along `path` (field names and
 * indices); *elem gets the low-level type there. len: then the length
 * word of the array reached. NULL after an error. */
/* The TBAA access tag of a location: one type per (named LLVM type,
 * field) — a struct's field, an array's items ("[]"), its length ("#") —
 * under "rl heap", so that stores to one field do not make LLVM reload
 * another (a list's length while the tape's cells change), while generic
 * heap accesses (tagged "rl heap") still alias them all. The owner is the
 * innermost struct or array of the access path, so a field inherited
 * through a nested `super` struct has one tag whatever the pointer type;
 * unnamed types get the generic tag. */
static LLVMValueRef location_tag(Be *be, const LLType *owner, const char *field) {
  if (!owner) return be->tbaa_heap;
  LLVMTypeRef lt = be_mem_type(be, owner);
  const char *tn = lt && LLVMGetTypeKind(lt) == LLVMStructTypeKind ? LLVMGetStructName(lt) : NULL;
  if (!tn || !*tn) return be->tbaa_heap;
  char *name = arena_printf(&be->scratch, "%s.%s", tn, field);
  return be_tbaa_tag(be, be->tbaa_heap_type, name, NULL);
}

static LLVMValueRef gep_path(BeFn *F, const Op *op, Value **path, unsigned n,
                             bool len, const LLType **elem) {
  Be *be = F->be;
  const Value *p = op->args[0];
  const LLType *pt = p->ll;
  if (!pt || pt->kind != LL_PTR) {
    be_error(be, op->loc, "internal: %s on a non-pointer",
             llop_info[op->opc].name);
    return NULL;
  }
  const LLType *t = pt->to;
  LLVMValueRef *idx = arena_alloc_array(&be->scratch, 2 * n + 3, sizeof *idx);
  unsigned k = 0;
  idx[k++] = i64c(F, 0);
  F->loc_owner = NULL;
  F->loc_field = NULL;
  for (unsigned i = 0; i < n; i++) {
    F->loc_owner = t;
    F->loc_field = is_name(path[i]) ? path[i]->u.s.p : "[]";
    if (is_name(path[i])) {
      int fi = t->kind == LL_STRUCT ? be_find_field(t, path[i]->u.s.p) : -1;
      if (fi < 0) {
        be_error(be, op->loc, "internal: %s has no field '%s'",
                 t->name ? t->name : "?", path[i]->u.s.p);
        return NULL;
      }
      idx[k++] = LLVMConstInt(be->t_i32, be_field_index(t, (uint32_t)fi), 0);
      t = t->fields[fi].type;
    } else {
      if (t->kind != LL_ARRAY) {
        be_error(be, op->loc, "internal: index into a non-array");
        return NULL;
      }
      idx[k++] = LLVMConstInt(be->t_i32, be_items_index(t), 0);
      idx[k++] = be_value(F, path[i]);
      t = t->item;
    }
  }
  if (len) {
    if (t->kind != LL_ARRAY || t->nolength) {
      be_error(be, op->loc, "internal: length of an array without one");
      return NULL;
    }
    idx[k++] = LLVMConstInt(be->t_i32, t->gc ? 1 : 0, 0);
    F->loc_owner = t;
    F->loc_field = "#";
    t = be->prog->types->signed_;
  }
  *elem = t;
  return LLVMBuildInBoundsGEP2(B, be_mem_type(be, pt->to), be_value(F, p),
                               idx, k, "");
}

static LLVMValueRef load(BeFn *F, const Op *op, Value **path, unsigned n,
                         bool len) {
  const LLType *t;
  LLVMValueRef a = gep_path(F, op, path, n, len, &t);
  if (!a) return NULL;
  if (t->kind == LL_VOID) return NULL;
  if (t->kind == LL_STRUCT || t->kind == LL_ARRAY) {
    be_error(F->be, op->loc, "internal: loading a whole struct or array");
    return NULL;
  }
  LLVMValueRef x = LLVMBuildLoad2(B, be_mem_type(F->be, t), a, "");
  LLVMSetMetadata(x, F->be->md_tbaa, location_tag(F->be, F->loc_owner, F->loc_field));
  if (t->kind == LL_BOOL) x = LLVMBuildTrunc(B, x, F->be->t_i1, "");
  return x;
}

static void store(BeFn *F, const Op *op, Value **path, unsigned n,
                  const Value *v) {
  const LLType *t;
  LLVMValueRef a = gep_path(F, op, path, n, false, &t);
  if (!a || t->kind == LL_VOID) return;
  LLVMValueRef x = (v->kind == VAL_CONST && !v->ll) ? be_const(F->be, v, t)
                                                    : be_value(F, v);
  if (!x) return;
  if (t->kind == LL_BOOL) x = LLVMBuildZExt(B, x, F->be->t_i8, "");
  be_gc_store_barrier(F, op, t, v);
  LLVMSetMetadata(LLVMBuildStore(B, x, a), F->be->md_tbaa,
                  location_tag(F->be, F->loc_owner, F->loc_field));
}

/* The runtime wrote the header (and the length word at lenofs >= 0): the
 * same stores here tell LLVM, which takes the allocation functions for
 * zeroing ones (llvm_emit.c), what is really there. Not the header with
 * --gc=gen: the runtime may set flags in it (an object allocated old has
 * RT_GC_FLAG_TRACK), and only the write barrier reads it, volatile. */
static void restate_words(BeFn *F, LLVMValueRef p, LLVMValueRef hdr,
                          int64_t lenofs, LLVMValueRef n) {
  if (!F->be->gc_gen) be_tag_heap(F->be, LLVMBuildStore(B, hdr, p));
  if (lenofs < 0) return;
  LLVMValueRef at = LLVMBuildInBoundsGEP2(B, F->be->t_i8, p,
                                          &(LLVMValueRef){i64c(F, lenofs)}, 1, "");
  be_tag_heap(F->be, LLVMBuildStore(B, n, at));
}

/* malloc / malloc_varsize: the one place that knows how the GC allocates. */
static LLVMValueRef emit_malloc(BeFn *F, const Op *op, bool varsize) {
  Be *be = F->be;
  const Value *tv = op->args[0];
  if (tv->kind != VAL_CONST || tv->ckind != CONST_LLTYPE) {
    be_error(be, op->loc, "internal: malloc without a type operand");
    return NULL;
  }
  const LLType *t = tv->u.ref.p;
  bool atomic = !be_has_gcptrs(be, t);
  LLVMValueRef hdr = LLVMConstInt(be->t_i64, be_gc_header(t, false), 0);
  LLVMValueRef r, n = NULL;
  BeAllocShape s = be_alloc_shape(t);
  if (!varsize) {
    LLVMValueRef args[2] = {hdr, i64c(F, t->size)};
    r = be_call(be, be->fty_gc_new,
                atomic ? be->fn_gc_new_atomic : be->fn_gc_new, args, 2);
    s.lenofs = -1;
  } else {
    if (!s.item) {
      be_error(be, op->loc, "internal: malloc_varsize of a fixed struct");
      return NULL;
    }
    n = arg(F, op, 1);
    LLVMValueRef args[5] = {hdr, i64c(F, s.fixed), i64c(F, s.itemsize),
                            n, i64c(F, s.lenofs)};
    r = be_call(be, be->fty_gc_varsize,
                atomic ? be->fn_gc_varsize_atomic : be->fn_gc_varsize, args, 5);
  }
  LLVMValueRef failed = LLVMBuildICmp(B, LLVMIntEQ, r,
                                      LLVMConstNull(be->t_ptr), "");
  be_raise_known_if(F, failed, LLVMGetNamedGlobal(be->mod, "rl_vtable_MemoryError"));
  restate_words(F, r, hdr, s.lenofs, n);
  return r;
}

/* ---- calls ------------------------------------------------------------------------ */

static LLVMValueRef emit_call(BeFn *F, const Op *op, LLVMValueRef fn,
                              const LLType *ft, unsigned first, unsigned n,
                              unsigned fx) {
  Be *be = F->be;
  if (n != ft->nargs) {
    be_error(be, op->loc, "internal: call with %u arguments for %u", n,
             ft->nargs);
    return NULL;
  }
  LLVMValueRef *av = arena_alloc_array(&be->scratch, n + 1, sizeof *av);
  unsigned k = 0;
  for (unsigned i = 0; i < n; i++) {
    if (ft->args[i]->kind == LL_VOID) continue;
    const Value *v = op->args[first + i];
    av[k++] = (v->kind == VAL_CONST && !v->ll) ? be_const(be, v, ft->args[i])
                                               : be_value(F, v);
  }
  LLVMValueRef call = be_call(be, be_func_type(be, ft), fn, av, k);
  be_attr_ext(be, call, true, ft);
  if (fx & LLFX_ALWAYSRAISES) be_note_raised(be, call);
  if (fx & LLFX_CANRAISE) be_check_exc(F);
  return ft->result->kind == LL_VOID ? NULL : call;
}

static LLVMValueRef direct_call(BeFn *F, const Op *op) {
  const Value *c = op->nargs ? op->args[0] : NULL;
  if (!c || c->kind != VAL_CONST || c->ckind != CONST_LLFUNC) {
    be_error(F->be, op->loc, "internal: direct_call without a function");
    return NULL;
  }
  LLFunc *f = c->u.ref.p;
  unsigned fx = f->effects & (LLFX_CANRAISE | LLFX_ALWAYSRAISES);
  if (f->graph) fx |= LLFX_CANRAISE;
  return emit_call(F, op, be_func(F->be, f), f->type, 1, op->nargs - 1, fx);
}

static LLVMValueRef indirect_call(BeFn *F, const Op *op) {
  const Value *p = op->nargs ? op->args[0] : NULL;
  const LLType *pt = p ? p->ll : NULL;
  if (!pt || pt->kind != LL_PTR || pt->to->kind != LL_FUNC) {
    be_error(F->be, op->loc, "internal: indirect_call without a function pointer");
    return NULL;
  }
  const LLType *ft = pt->to;
  /* the last operand lists the possible graphs (when present) */
  unsigned n = op->nargs - 1;
  if (n == ft->nargs + 1) n--;
  return emit_call(F, op, be_value(F, p), ft, 1, n, LLFX_CANRAISE);
}

static void debug_assert(BeFn *F, const Op *op) {
  Be *be = F->be;
  LLVMValueRef ok = arg(F, op, 0);
  const Value *m = op->args[1];
  const char *msg = "debug_assert failed";
  if (is_name(m)) msg = arena_strndup(&be->scratch, m->u.s.p, m->u.s.len);
  LLVMBasicBlockRef fail = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "assert.fail");
  LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "assert.ok");
  be_mark_unlikely(be, LLVMBuildCondBr(B, LLVMBuildNot(B, ok, ""), fail, cont));
  LLVMPositionBuilderAtEnd(B, fail);
  LLVMValueRef s = LLVMBuildGlobalString(B, msg, "assert.msg");
  be_call(be, be->fty_assert, be->fn_assert_fail, &s, 1);
  LLVMBuildUnreachable(B);
  LLVMPositionBuilderAtEnd(B, cont);
}

static LLVMValueRef float_call(BeFn *F, LLVMValueRef fn, const Op *op) {
  LLVMValueRef args[2] = {arg(F, op, 0), arg(F, op, 1)};
  return be_call(F->be, F->be->fty_ff, fn, args, 2);
}

/* ---- the dispatch -------------------------------------------------------------------- */

/* Two-operand ops with a Bool result (comparisons) need two values of
 * one LLVM type: an rtyper bug is reported, not a crash inside LLVM. */
static bool comparable_operands(BeFn *F, const Op *op) {
  const LLOpInfo *in = &llop_info[op->opc];
  if (in->nargs != 2 || in->result != 'b') return true;
  LLVMValueRef a = arg(F, op, 0), b = arg(F, op, 1);
  if (a && b && LLVMTypeOf(a) == LLVMTypeOf(b)) return true;
  be_error(F->be, op->loc, "internal: %s on operands of different or void types", in->name);
  return false;
}

void be_emit_op(BeFn *F, Op *op) {
  Be *be = F->be;
  LLVMValueRef r = NULL;
  LLOp opc = (LLOp)op->opc;
  if (opc >= LLOP_COUNT) {
    be_error(be, op->loc, "internal: not a low-level operation (%u)", op->opc);
    return;
  }
  int na = llop_info[opc].nargs;
  if (na >= 0 && op->nargs != (uint32_t)na) {
    be_error(be, op->loc, "internal: %s takes %d operands, not %u",
             llop_info[opc].name, na, op->nargs);
    return;
  }
  if (!comparable_operands(F, op)) return;
#define A0 arg(F, op, 0)
#define A1 arg(F, op, 1)
  switch (opc) {
  case LLOP_int_add: case LLOP_uint_add: r = LLVMBuildAdd(B, A0, A1, ""); break;
  case LLOP_int_sub: case LLOP_uint_sub: r = LLVMBuildSub(B, A0, A1, ""); break;
  case LLOP_int_mul: case LLOP_uint_mul: r = LLVMBuildMul(B, A0, A1, ""); break;
  case LLOP_int_floordiv: r = int_floordiv(F, A0, A1); break;
  case LLOP_int_mod: r = int_mod(F, A0, A1); break;
  case LLOP_uint_floordiv: r = LLVMBuildUDiv(B, A0, A1, ""); break;
  case LLOP_uint_mod: r = LLVMBuildURem(B, A0, A1, ""); break;
  case LLOP_int_and: case LLOP_uint_and: r = LLVMBuildAnd(B, A0, A1, ""); break;
  case LLOP_int_or: case LLOP_uint_or: r = LLVMBuildOr(B, A0, A1, ""); break;
  case LLOP_int_xor: case LLOP_uint_xor: r = LLVMBuildXor(B, A0, A1, ""); break;
  case LLOP_int_lshift: case LLOP_int_rshift:
  case LLOP_uint_lshift: case LLOP_uint_rshift:
    r = shift(F, opc, A0, A1);
    break;
  case LLOP_int_neg: r = LLVMBuildSub(B, i64c(F, 0), A0, ""); break;
  case LLOP_int_abs: {
    LLVMValueRef args[2] = {A0, LLVMConstInt(be->t_i1, 0, 0)};
    r = intrinsic(F, "llvm.abs", be->t_i64, args, 2);
    break;
  }
  case LLOP_int_invert: case LLOP_uint_invert: r = LLVMBuildNot(B, A0, ""); break;
  case LLOP_int_is_true: case LLOP_uint_is_true:
    r = LLVMBuildICmp(B, LLVMIntNE, A0, i64c(F, 0), "");
    break;
  case LLOP_int_lt: case LLOP_int_le: case LLOP_int_eq:
  case LLOP_int_ne: case LLOP_int_gt: case LLOP_int_ge:
    r = LLVMBuildICmp(B, signed_cmp[opc - LLOP_int_lt], A0, A1, "");
    break;
  case LLOP_uint_lt: case LLOP_uint_le: case LLOP_uint_eq:
  case LLOP_uint_ne: case LLOP_uint_gt: case LLOP_uint_ge:
    r = LLVMBuildICmp(B, unsigned_cmp[opc - LLOP_uint_lt], A0, A1, "");
    break;
  case LLOP_char_lt: case LLOP_char_le: case LLOP_char_eq:
  case LLOP_char_ne: case LLOP_char_gt: case LLOP_char_ge:
    r = LLVMBuildICmp(B, unsigned_cmp[opc - LLOP_char_lt], A0, A1, "");
    break;
  case LLOP_int_add_ovf: r = ovf(F, "llvm.sadd.with.overflow", A0, A1); break;
  case LLOP_int_sub_ovf: r = ovf(F, "llvm.ssub.with.overflow", A0, A1); break;
  case LLOP_int_mul_ovf: r = ovf(F, "llvm.smul.with.overflow", A0, A1); break;
  case LLOP_int_neg_ovf: r = ovf(F, "llvm.ssub.with.overflow", i64c(F, 0), A0); break;
  case LLOP_int_between: {
    LLVMValueRef x = arg(F, op, 1);
    LLVMValueRef lo = LLVMBuildICmp(B, LLVMIntSLE, A0, x, "");
    LLVMValueRef hi = LLVMBuildICmp(B, LLVMIntSLT, x, arg(F, op, 2), "");
    r = LLVMBuildAnd(B, lo, hi, "");
    break;
  }
  case LLOP_float_add: r = LLVMBuildFAdd(B, A0, A1, ""); break;
  case LLOP_float_sub: r = LLVMBuildFSub(B, A0, A1, ""); break;
  case LLOP_float_mul: r = LLVMBuildFMul(B, A0, A1, ""); break;
  case LLOP_float_truediv: r = LLVMBuildFDiv(B, A0, A1, ""); break;
  case LLOP_float_floordiv: r = float_call(F, be->fn_float_floordiv, op); break;
  case LLOP_float_mod: r = float_call(F, be->fn_float_mod, op); break;
  case LLOP_float_neg: r = LLVMBuildFNeg(B, A0, ""); break;
  case LLOP_float_abs: {
    LLVMValueRef x = A0;
    r = intrinsic(F, "llvm.fabs", be->t_f64, &x, 1);
    break;
  }
  case LLOP_float_is_true:
    r = LLVMBuildFCmp(B, LLVMRealUNE, A0, LLVMConstReal(be->t_f64, 0.0), "");
    break;
  case LLOP_float_lt: case LLOP_float_le: case LLOP_float_eq:
  case LLOP_float_ne: case LLOP_float_gt: case LLOP_float_ge:
    r = LLVMBuildFCmp(B, float_cmp[opc - LLOP_float_lt], A0, A1, "");
    break;
  case LLOP_bool_not: r = LLVMBuildNot(B, A0, ""); break;
  case LLOP_cast_bool_to_int:
  case LLOP_cast_char_to_int: r = LLVMBuildZExt(B, A0, be->t_i64, ""); break;
  case LLOP_cast_int_to_char: r = LLVMBuildTrunc(B, A0, be->t_i8, ""); break;
  case LLOP_cast_int_to_float: r = LLVMBuildSIToFP(B, A0, be->t_f64, ""); break;
  case LLOP_cast_float_to_int: r = LLVMBuildFPToSI(B, A0, be->t_i64, ""); break;
  case LLOP_cast_uint_to_float: r = LLVMBuildUIToFP(B, A0, be->t_f64, ""); break;
  case LLOP_cast_int_to_uint: case LLOP_cast_uint_to_int:
  case LLOP_same_as: case LLOP_cast_pointer: case LLOP_jit_promote:

    r = op->args[0]->kind == VAL_CONST && !op->args[0]->ll
            ? be_const(be, op->args[0], op->result->ll) : A0;
    break;
  case LLOP_ptr_eq: r = LLVMBuildICmp(B, LLVMIntEQ, A0, A1, ""); break;
  case LLOP_ptr_ne: r = LLVMBuildICmp(B, LLVMIntNE, A0, A1, ""); break;
  case LLOP_ptr_iszero: r = LLVMBuildIsNull(B, A0, ""); break;
  case LLOP_ptr_nonzero: r = LLVMBuildIsNotNull(B, A0, ""); break;
  case LLOP_malloc: r = emit_malloc(F, op, false); break;
  case LLOP_malloc_varsize: r = emit_malloc(F, op, true); break;
  case LLOP_getfield: r = load(F, op, op->args + 1, 1, false); break;
  case LLOP_setfield: store(F, op, op->args + 1, 1, op->args[2]); break;
  case LLOP_getarrayitem: r = load(F, op, op->args + 1, 1, false); break;
  case LLOP_setarrayitem: store(F, op, op->args + 1, 1, op->args[2]); break;
  case LLOP_getarraysize: r = load(F, op, NULL, 0, true); break;
  case LLOP_getinteriorfield: r = load(F, op, op->args + 1, 2, false); break;
  case LLOP_setinteriorfield: store(F, op, op->args + 1, 2, op->args[3]); break;
  case LLOP_getinteriorarraysize: r = load(F, op, op->args + 1, 1, true); break;
  case LLOP_gc_write_barrier: break;  /* the stores have their own (llvm_gc.c) */
  case LLOP_gc_identityhash:
    r = be->gc_gen ? be_gc_identityhash(F, A0) : LLVMBuildPtrToInt(B, A0, be->t_i64, "");
    break;
  case LLOP_direct_call: r = direct_call(F, op); break;
  case LLOP_indirect_call: r = indirect_call(F, op); break;
  case LLOP_stack_check: be_stack_check(F); break;
  case LLOP_debug_assert: debug_assert(F, op); break;
  case LLOP_jit_marker:
    if (be->prog->jit) be_jit_marker(F, op);
    break;
  case LLOP_jit_is_virtual: case LLOP_jit_is_constant:
  case LLOP_jit_we_are_jitted: r = LLVMConstInt(be->t_i1, 0, 0); break;
  case LLOP_COUNT: break;
  }
#undef A0
#undef A1
  if (r && op->result) be_set_value(F, op->result, r);
  if (be->gc_gen) be_gc_after_op(F, op);
}
