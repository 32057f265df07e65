/* cw_emit.c — one rtyped graph to one jitcode: registers, operations,
 * block exits (see codewriter.h). */
#include <string.h>

#include "backend/jitcode/cw_internal.h"

int cw_bank(const LLType *t) {
  if (!t) return -1;
  switch (t->kind) {
  case LL_BOOL: case LL_CHAR: case LL_SIGNED: case LL_UNSIGNED: return JC_INT;
  case LL_FLOAT: return JC_FLOAT;
  case LL_PTR: return JC_REF;
  default: return -1;
  }
}

static int vbank(const Value *v) { return cw_bank(v ? v->ll : NULL); }

/* ---- the op mapping -------------------------------------------------------------- */

/* Ops that map one to one: every operand a register, the result last.
 * Returns the jitcode op, or -1. */
static int direct_op(LLOp op) {
  switch (op) {
#define SAME(n) case LLOP_##n: return JC_##n;
  SAME(int_add) SAME(int_sub) SAME(int_mul) SAME(int_floordiv) SAME(int_mod)
  SAME(int_and) SAME(int_or) SAME(int_xor) SAME(int_lshift) SAME(int_rshift)
  SAME(int_neg) SAME(int_abs) SAME(int_invert) SAME(int_is_true)
  SAME(int_lt) SAME(int_le) SAME(int_eq) SAME(int_ne) SAME(int_gt) SAME(int_ge)
  SAME(int_add_ovf) SAME(int_sub_ovf) SAME(int_mul_ovf) SAME(int_neg_ovf) SAME(int_between)
  SAME(uint_floordiv) SAME(uint_mod) SAME(uint_rshift)
  SAME(uint_lt) SAME(uint_le) SAME(uint_gt) SAME(uint_ge)
  SAME(float_add) SAME(float_sub) SAME(float_mul) SAME(float_truediv)
  SAME(float_floordiv) SAME(float_mod) SAME(float_neg) SAME(float_abs) SAME(float_is_true)
  SAME(float_lt) SAME(float_le) SAME(float_eq) SAME(float_ne) SAME(float_gt) SAME(float_ge)
  SAME(cast_int_to_float) SAME(cast_float_to_int) SAME(cast_uint_to_float)
  SAME(ptr_eq) SAME(ptr_ne) SAME(ptr_iszero) SAME(ptr_nonzero)
#undef SAME
  case LLOP_uint_add: return JC_int_add;
  case LLOP_uint_sub: return JC_int_sub;
  case LLOP_uint_mul: return JC_int_mul;
  case LLOP_uint_and: return JC_int_and;
  case LLOP_uint_or: return JC_int_or;
  case LLOP_uint_xor: return JC_int_xor;
  case LLOP_uint_lshift: return JC_int_lshift;
  case LLOP_uint_invert: return JC_int_invert;
  case LLOP_uint_is_true: return JC_int_is_true;
  case LLOP_uint_eq: return JC_int_eq;
  case LLOP_uint_ne: return JC_int_ne;
  case LLOP_char_lt: return JC_int_lt;
  case LLOP_char_le: return JC_int_le;
  case LLOP_char_eq: return JC_int_eq;
  case LLOP_char_ne: return JC_int_ne;
  case LLOP_char_gt: return JC_int_gt;
  case LLOP_char_ge: return JC_int_ge;
  case LLOP_bool_not: return JC_int_is_zero;
  case LLOP_gc_identityhash: return JC_identityhash;
  case LLOP_gc_write_barrier: return JC_write_barrier;
  default: return -1;
  }
}

const LLType *cw_pointee(const LLType *t) { return t && t->kind == LL_PTR ? t->to : NULL; }

static const LLType *pointee(const Value *v) { return cw_pointee(v->ll); }

static const LLField *field_named(const LLType *s, const Value *name) {
  if (!s || s->kind != LL_STRUCT || !name || name->ckind != CONST_STR) return NULL;
  for (uint32_t i = 0; i < s->nfields; i++)
    if (strcmp(s->fields[i].name, name->u.s.p) == 0) return &s->fields[i];
  return NULL;
}

const LLField *cw_op_field(const Op *op) { return field_named(pointee(op->args[0]), op->args[1]); }

/* A value of this type fits a register and a memory slot of 1..8 bytes. */
static bool scalar(const LLType *t) { return cw_bank(t) >= 0; }

static bool array_ok(const LLType *a) {
  return a && a->kind == LL_ARRAY && scalar(a->item);
}

bool cw_supported(Graph *g) {
  Arena scratch;
  arena_init(&scratch);
  BlockVec blocks = {0};
  cw_blocks(&scratch, g, &blocks);
  bool ok = true;
  for (uint32_t i = 0; i < blocks.len && ok; i++)
    for (uint32_t k = 0; k < blocks.data[i]->ops.len && ok; k++) {
      Op *op = blocks.data[i]->ops.data[k];
      switch ((LLOp)op->opc) {
      case LLOP_getfield: case LLOP_setfield: {
        const LLField *f = field_named(pointee(op->args[0]), op->args[1]);
        ok = f && scalar(f->type);
        break;
      }
      case LLOP_getinteriorfield: case LLOP_setinteriorfield:
      case LLOP_getinteriorarraysize: {
        const LLField *f = field_named(pointee(op->args[0]), op->args[1]);
        ok = f && array_ok(f->type);
        break;
      }
      case LLOP_getarrayitem: case LLOP_setarrayitem: case LLOP_getarraysize:
        ok = array_ok(pointee(op->args[0]));
        break;
      case LLOP_malloc_varsize: {
        const LLType *t = op->args[0]->u.ref.p;
        const LLField *tail = t && t->kind == LL_STRUCT ? lltype_varsize_field(t) : NULL;
        ok = array_ok(t) || (tail && array_ok(tail->type));
        break;
      }
      default:
        break;
      }
    }
  arena_free(&scratch);
  return ok;
}

/* ---- the emitter's state ------------------------------------------------------------ */

typedef struct Fixup {
  uint32_t at;             /* position of the u32 in the code */
  uint32_t label;
} Fixup;

typedef struct Emit {
  Cw *C;
  CwCode *K;
  Graph *g;
  uint16_t *reg;           /* per variable id */
  uint16_t nvars[JC_NBANKS];
  uint16_t tmp[JC_NBANKS]; /* a scratch register per bank (move cycles) */
  VEC(uint32_t) labels;    /* label -> code offset, UINT32_MAX until placed */
  VEC(Fixup) fixups;
  uint32_t *block_label;   /* per block id */
  BlockVec order;
  uint32_t cur;            /* index in order of the block being emitted */
  int8_t *vbank;           /* per variable id: its bank, -1 for Void */
  uint32_t words;          /* of a liveness bitset */
  uint64_t *after;         /* the current block: live after op k at k*words */
  uint64_t *out;           /* ... and at its end */
  uint64_t *scratch;       /* one set */
  CwLive live;             /* live-in of every block */
  HMap live_sets;          /* hash of an encoded set -> pool offset + 1 */
} Emit;

static Bytes *code(Emit *E) { return &E->K->code; }
static uint32_t here(Emit *E) { return code(E)->len; }

static void error_at(Emit *E, Loc loc, const char *msg, const char *what) {
  diag_error(E->C->D, loc, msg, what);
  E->C->failed = true;
}

static uint32_t new_label(Emit *E) {
  vec_push(E->C->A, E->labels, UINT32_MAX);
  return E->labels.len - 1;
}

static void place(Emit *E, uint32_t label) { E->labels.data[label] = here(E); }

static void put_op(Emit *E, JcOp op) { cw_put8(E->C, code(E), (uint8_t)op); }

static void put_label(Emit *E, uint32_t label) {
  Fixup f = {here(E), label};
  vec_push(E->C->A, E->fixups, f);
  cw_put32(E->C, code(E), 0);
}

/* ---- registers and constants -------------------------------------------------------- */

static void assign_registers(Emit *E) {
  E->reg = arena_alloc_array(E->C->A, E->g->next_var + 1, sizeof *E->reg);
  cw_assign_registers(E->C, E->g, &E->order, E->reg, E->nvars, E->K->hdr.nparams);
  for (int b = 0; b < JC_NBANKS; b++) E->tmp[b] = E->nvars[b];
}

static uint16_t const_reg(Emit *E, int b, uint64_t bits) {
  CwCode *K = E->K;
  uint32_t idx;
  if (bits == 0 && b != JC_REF) {
    if (!K->kzero[b]) {
      K->kzero[b] = true;
      K->kzero_at[b] = (uint16_t)(b == JC_INT ? K->ki.len : K->kf.len);
      if (b == JC_INT) vec_push(E->C->A, K->ki, 0);
      else vec_push(E->C->A, K->kf, 0.0);
    }
    idx = K->kzero_at[b];
  } else {
    void *got = hmap_get(&K->kmap[b], bits);
    if (got) {
      idx = (uint32_t)(uintptr_t)got - 1;
    } else {
      if (b == JC_INT) {
        idx = K->ki.len;
        vec_push(E->C->A, K->ki, (int64_t)bits);
      } else if (b == JC_REF) {
        idx = K->kr.len;
        vec_push(E->C->A, K->kr, (uint32_t)(bits - 1));
      } else {
        idx = K->kf.len;
        double d;
        memcpy(&d, &bits, 8);
        vec_push(E->C->A, K->kf, d);
      }
      hmap_put(&K->kmap[b], bits, (void *)(uintptr_t)(idx + 1));
    }
  }
  return (uint16_t)(E->nvars[b] + 1 + idx);
}

/* The register holding constant v of bank b. */
static uint16_t const_of(Emit *E, const Value *v, int b) {
  if (b == JC_REF) {
    uint32_t a = JC_NULL_ADDR;
    if (v->ckind == CONST_LLOBJ) a = cw_addr(E->C, false, v->u.ref.p);
    else if (v->ckind == CONST_LLFUNC) a = cw_addr(E->C, true, v->u.ref.p);
    return const_reg(E, b, (uint64_t)a + 1);  /* NULL: 0x100000000 */
  }
  if (b == JC_FLOAT) {
    double d = v->ckind == CONST_FLOAT ? v->u.f : (double)v->u.i;
    uint64_t bits;
    memcpy(&bits, &d, 8);
    return const_reg(E, b, bits);
  }
  int64_t i = v->ckind == CONST_STR ? (v->u.s.len ? (uint8_t)v->u.s.p[0] : 0) : v->u.i;
  return const_reg(E, b, (uint64_t)i);
}

static uint16_t reg_of(Emit *E, const Value *v) {
  int b = vbank(v);
  return v->kind == VAL_VAR ? E->reg[v->id] : const_of(E, v, b);
}

static void put_val(Emit *E, const Value *v) { cw_put16(E->C, code(E), reg_of(E, v)); }

/* The values of bank b among args[0..n), as a register list. */
static void put_list(Emit *E, Value *const *args, uint32_t n, int b, Loc loc) {
  uint32_t count = 0;
  for (uint32_t k = 0; k < n; k++) count += vbank(args[k]) == b;
  if (count > 255) {
    error_at(E, loc, "too many arguments for the JIT (%s)", "more than 255 of one kind");
    count = 0;
  }
  cw_put8(E->C, code(E), (uint8_t)count);
  for (uint32_t k = 0; k < n && count; k++)
    if (vbank(args[k]) == b) put_val(E, args[k]);
}

static void put_lists(Emit *E, Value *const *args, uint32_t n, Loc loc) {
  for (int b = 0; b < JC_NBANKS; b++) put_list(E, args, n, b, loc);
}

static void put_result(Emit *E, const Value *v) { cw_put16(E->C, code(E), E->reg[v->id]); }

static JcOp by_bank(JcOp int_op, int b) { return (JcOp)(int_op + (b < 0 ? 0 : b)); }

/* ---- operations ------------------------------------------------------------------------ */

static void emit_copy(Emit *E, int b, uint16_t dst, uint16_t src) {
  if (dst == src) return;
  put_op(E, by_bank(JC_int_copy, b));
  cw_put16(E->C, code(E), src);
  cw_put16(E->C, code(E), dst);
}

static void emit_call(Emit *E, Op *op, bool novable) {
  Value *fv = op->args[0];
  int rb = vbank(op->result);
  bool direct = op->opc == LLOP_direct_call && fv->ckind == CONST_LLFUNC;
  LLFunc *f = direct ? fv->u.ref.p : NULL;
  /* a portal calls itself (is_recursive) through its native function:
   * inlining the recursion would unroll it until the trace is too long */
  CwCode *callee = f && !(f->graph && hmap_get(&E->C->portal_of, HKEY(f->graph)))
                   ? hmap_get(&E->C->codes_of, HKEY(f)) : NULL;
  /* an indirect_call may end with the list of its possible graphs */
  const LLType *ift = op->opc == LLOP_indirect_call ? pointee(fv) : NULL;
  uint32_t nargs = op->nargs - 1;
  if (ift && ift->kind == LL_FUNC && nargs == ift->nargs + 1) nargs--;
  Value *const *args = op->args + 1;
  if (callee) {
    put_op(E, rb < 0 ? JC_inline_call_v : by_bank(JC_inline_call_i, rb));
    cw_put32(E->C, code(E), callee->index);
  } else {
    const LLType *ft = pointee(fv);
    put_op(E, rb < 0 ? JC_residual_call_v : by_bank(JC_residual_call_i, rb));
    put_val(E, fv);
    cw_put32(E->C, code(E), novable ? cw_call_descr_novable(E->C, f, ft) : cw_call_descr(E->C, f, ft));
  }
  put_lists(E, args, nargs, op->loc);
  if (rb >= 0) put_result(E, op->result);
}

/* The variable of E's graph numbered id (NULL if none). */
static Value *var_by_id(Emit *E, uint32_t id) {
  for (uint32_t i = 0; i < E->order.len; i++) {
    Block *bl = E->order.data[i];
    for (uint32_t k = 0; k < bl->ninputs; k++)
      if (bl->inputs[k]->id == id) return bl->inputs[k];
    for (uint32_t k = 0; k < bl->ops.len; k++)
      if (bl->ops.data[k]->result && bl->ops.data[k]->result->id == id) return bl->ops.data[k]->result;
  }
  return NULL;
}

static bool in_bits(const uint64_t *s, uint32_t id) { return s[id / 64] >> (id % 64) & 1; }

/* Checks what is live across a jit_merge_point: greens and reds only. With
 * reds='auto' the live variables that are not greens become the reds: they
 * are appended to the marker's operands (the LLVM backend's portal code
 * passes the same ones). */
static void check_merge_point(Emit *E, Block *b, uint32_t k, Op *op, const FrozenDesc *fr) {
  uint64_t *live = cw_live_after(E->C->A, E->g, b, k);
  for (uint32_t a = 2; a < op->nargs; a++)
    if (op->args[a]->kind == VAL_VAR) live[op->args[a]->id / 64] &= ~(1ull << (op->args[a]->id % 64));
  VEC(Value *) extra = {0};
  for (uint32_t id = 0; id < E->g->next_var; id++)
    if (in_bits(live, id)) {
      Value *v = var_by_id(E, id);
      if (v && vbank(v) >= 0) vec_push(E->C->A, extra, v);
    }
  if (!extra.len) return;
  if (fr->reds_auto) {
    Value **args = arena_alloc_array(E->C->A, op->nargs + extra.len, sizeof *args);
    memcpy(args, op->args, op->nargs * sizeof *args);
    memcpy(args + op->nargs, extra.data, extra.len * sizeof *args);
    op->args = args;
    op->nargs += extra.len;
    return;
  }
  Value *v = extra.data[0];
  diag_error(E->C->D, op->loc, "'%s' is live across jit_merge_point but is neither a green "
             "nor a red of the driver", v->name ? v->name : "a temporary value");
  diag_note(E->C->D, v->loc, "'%s' is defined here; add it to the driver's reds",
            v->name ? v->name : "it");
  E->C->failed = true;
}

static void emit_marker(Emit *E, Block *b, uint32_t k, Op *op) {
  bool merge = strcmp(op->args[0]->u.s.p, "jit_merge_point") == 0;
  Value *drv = op->args[1];
  if (drv->ckind != CONST_OBJ) {
    error_at(E, op->loc, "%s of an unknown JitDriver", op->args[0]->u.s.p);
    return;
  }
  const FrozenDesc *fr = drv->u.ref.p;
  if (!merge && fr->reds_auto) {
    error_at(E, op->loc, "can_enter_jit needs the reds listed (%s has reds='auto')",
             drv->u.ref.name);
    return;
  }
  if (merge) check_merge_point(E, b, k, op, fr);
  uint32_t d = cw_driver(E->C, fr, drv->u.ref.name, merge ? E->K : NULL, here(E),
                         fr->greens.len, op->nargs - 2, op->args + 2, op->loc);
  put_op(E, merge ? JC_jit_merge_point : JC_can_enter_jit);
  cw_put32(E->C, code(E), d);
  put_lists(E, op->args + 2, op->nargs - 2, op->loc);
}

static void emit_mem(Emit *E, Op *op) {
  Cw *C = E->C;
  const LLType *s = pointee(op->args[0]);
  switch ((LLOp)op->opc) {
  case LLOP_getfield: {
    const LLField *f = field_named(s, op->args[1]);
    put_op(E, by_bank(JC_getfield_i, cw_bank(f->type)));
    put_val(E, op->args[0]);
    cw_put32(C, code(E), cw_field_descr(C, s, f));
    put_result(E, op->result);
    break;
  }
  case LLOP_setfield: {
    const LLField *f = field_named(s, op->args[1]);
    put_op(E, by_bank(JC_setfield_i, cw_bank(f->type)));
    put_val(E, op->args[0]);
    put_val(E, op->args[2]);
    cw_put32(C, code(E), cw_field_descr(C, s, f));
    break;
  }
  case LLOP_getarrayitem: case LLOP_getinteriorfield: {
    bool inner = op->opc == LLOP_getinteriorfield;
    const LLField *f = inner ? field_named(s, op->args[1]) : NULL;
    const LLType *a = inner ? f->type : s;
    put_op(E, by_bank(JC_getarrayitem_i, cw_bank(a->item)));
    put_val(E, op->args[0]);
    put_val(E, op->args[inner ? 2 : 1]);
    cw_put32(C, code(E), inner ? cw_interior_descr(C, s, f) : cw_array_descr(C, a));
    put_result(E, op->result);
    break;
  }
  case LLOP_setarrayitem: case LLOP_setinteriorfield: {
    bool inner = op->opc == LLOP_setinteriorfield;
    const LLField *f = inner ? field_named(s, op->args[1]) : NULL;
    const LLType *a = inner ? f->type : s;
    put_op(E, by_bank(JC_setarrayitem_i, cw_bank(a->item)));
    put_val(E, op->args[0]);
    put_val(E, op->args[inner ? 2 : 1]);
    put_val(E, op->args[inner ? 3 : 2]);
    cw_put32(C, code(E), inner ? cw_interior_descr(C, s, f) : cw_array_descr(C, a));
    break;
  }
  case LLOP_getarraysize: case LLOP_getinteriorarraysize: {
    bool inner = op->opc == LLOP_getinteriorarraysize;
    put_op(E, JC_arraylen);
    put_val(E, op->args[0]);
    cw_put32(C, code(E), inner ? cw_interior_descr(C, s, field_named(s, op->args[1]))
                               : cw_array_descr(C, s));
    put_result(E, op->result);
    break;
  }
  case LLOP_malloc:
    put_op(E, JC_new);
    cw_put32(C, code(E), cw_size_descr(C, op->args[0]->u.ref.p));
    put_result(E, op->result);
    break;
  case LLOP_malloc_varsize: {
    const LLType *t = op->args[0]->u.ref.p;
    put_op(E, JC_new_array);
    put_val(E, op->args[1]);
    cw_put32(C, code(E), t->kind == LL_ARRAY ? cw_array_descr(C, t)
                                             : cw_interior_descr(C, t, lltype_varsize_field(t)));
    put_result(E, op->result);
    break;
  }
  default:
    break;
  }
}

/* Ops with a rule of their own; false when op is not one of them. */
static bool emit_special(Emit *E, Block *b, uint32_t k, Op *op) {
  int rb = vbank(op->result);
  switch ((LLOp)op->opc) {
  case LLOP_same_as: case LLOP_cast_pointer:
  case LLOP_cast_bool_to_int: case LLOP_cast_char_to_int:
  case LLOP_cast_int_to_uint: case LLOP_cast_uint_to_int:
    if (rb >= 0) emit_copy(E, rb, E->reg[op->result->id], reg_of(E, op->args[0]));
    return true;
  case LLOP_cast_int_to_char:
    put_op(E, JC_int_and);
    put_val(E, op->args[0]);
    cw_put16(E->C, code(E), const_reg(E, JC_INT, 255));
    put_result(E, op->result);
    return true;
  case LLOP_jit_promote: {
    int ab = vbank(op->args[0]);
    if (ab < 0) return true;
    put_op(E, by_bank(JC_int_guard_value, ab));
    put_val(E, op->args[0]);
    emit_copy(E, ab, E->reg[op->result->id], reg_of(E, op->args[0]));
    return true;
  }
  case LLOP_jit_is_constant: case LLOP_jit_is_virtual: {
    int ab = vbank(op->args[0]);
    bool virt = op->opc == LLOP_jit_is_virtual;
    if (ab < 0 || (virt && ab != JC_REF)) {
      emit_copy(E, JC_INT, E->reg[op->result->id], const_reg(E, JC_INT, 0));
      return true;
    }
    put_op(E, virt ? JC_ref_isvirtual : by_bank(JC_int_isconstant, ab));
    put_val(E, op->args[0]);
    put_result(E, op->result);
    return true;
  }
  case LLOP_jit_we_are_jitted:
    emit_copy(E, JC_INT, E->reg[op->result->id], const_reg(E, JC_INT, 1));
    return true;
  case LLOP_jit_marker: emit_marker(E, b, k, op); return true;
  case LLOP_stack_check: case LLOP_debug_assert: return true;
  case LLOP_direct_call: case LLOP_indirect_call:
    emit_call(E, op, op->opc == LLOP_direct_call && cw_call_leaves_vable(E->C, b, k));
    return true;
  case LLOP_getfield: case LLOP_setfield: case LLOP_getarrayitem: case LLOP_setarrayitem:
  case LLOP_getinteriorfield: case LLOP_setinteriorfield: case LLOP_getarraysize:
  case LLOP_getinteriorarraysize: case LLOP_malloc: case LLOP_malloc_varsize:
    emit_mem(E, op);
    return true;
  default: return false;
  }
}

static void emit_op_only(Emit *E, Block *b, uint32_t k);

/* ---- liveness markers ---------------------------------------------------------------- */

/* A `live` op naming the registers of the variables in set s: where a
 * guard of the trace can fail, so that resume data records exactly these
 * registers (and the blackhole rebuilds them). Sets are shared in the pool. */
static void emit_live(Emit *E, const uint64_t *s) {
  Cw *C = E->C;
  VEC(uint16_t) regs[JC_NBANKS] = {{0}};
  uint8_t *seen = arena_alloc(C->A, (size_t)E->nvars[0] + E->nvars[1] + E->nvars[2] + 3);
  for (uint32_t w = 0; w < E->words; w++)
    for (uint64_t bits = s[w]; bits; bits &= bits - 1) {
      uint32_t id = w * 64 + (uint32_t)__builtin_ctzll(bits);
      int b = E->vbank[id];
      if (b < 0) continue;
      uint32_t key = (uint32_t)(b == 0 ? 0 : b == 1 ? E->nvars[0] + 1 : E->nvars[0] + E->nvars[1] + 2) + E->reg[id];
      if (seen[key]) continue;  /* coalesced variables share a register */
      seen[key] = 1;
      vec_push(C->A, regs[b], E->reg[id]);
    }
  for (int b = 0; b < JC_NBANKS; b++)  /* sorted: equal sets encode equally */
    for (uint32_t i = 1; i < regs[b].len; i++)
      for (uint32_t j = i; j > 0 && regs[b].data[j - 1] > regs[b].data[j]; j--) {
        uint16_t t = regs[b].data[j];
        regs[b].data[j] = regs[b].data[j - 1];
        regs[b].data[j - 1] = t;
      }
  Bytes enc = {0};
  for (int b = 0; b < JC_NBANKS; b++) cw_put16(C, &enc, (uint16_t)regs[b].len);
  for (int b = 0; b < JC_NBANKS; b++)
    for (uint32_t i = 0; i < regs[b].len; i++) cw_put16(C, &enc, regs[b].data[i]);
  uint64_t h = 1469598103934665603ull;
  for (uint32_t i = 0; i < enc.len; i++) h = (h ^ enc.data[i]) * 1099511628211ull;
  h |= 1;
  void *got = hmap_get(&E->live_sets, h);
  uint32_t at = got ? (uint32_t)(uintptr_t)got - 1 : UINT32_MAX;
  if (at == UINT32_MAX || at + enc.len > C->pool.len || memcmp(C->pool.data + at, enc.data, enc.len)) {
    at = cw_pool(C, enc.data, enc.len, 2);
    hmap_put(&E->live_sets, h, (void *)(uintptr_t)(at + 1));
  }
  put_op(E, JC_live);
  cw_put32(C, code(E), at);
}

/* The live sets of block b after each op (E->after) and at its end. */
static void block_liveness(Emit *E, Block *b) {
  size_t w = E->words;
  E->after = arena_alloc_array(E->C->A, (size_t)b->ops.len * w + 1, 8);
  cw_live_out(&E->live, b, E->out);
  memcpy(E->scratch, E->out, w * 8);
  for (uint32_t k = b->ops.len; k-- > 0;) {
    memcpy(E->after + k * w, E->scratch, w * 8);
    cw_live_step(b->ops.data[k], E->scratch);
  }
}

static const uint64_t *live_before(Emit *E, Block *b, uint32_t k) {
  if (k > 0) return E->after + (size_t)(k - 1) * E->words;
  memcpy(E->scratch, E->after, E->words * 8);
  cw_live_step(b->ops.data[0], E->scratch);
  return E->scratch;
}

/* A read of an instance's class: the tracer promotes it (JC_MEM_CLASS). */
static bool class_read(const Op *op) {
  if (op->opc != LLOP_getfield) return false;
  const LLField *f = cw_op_field(op);
  return f && strcmp(f->name, "typeptr") == 0;
}

/* A list item access (LLJIT_LIST_INDEX) on a list that op k of block b
 * (or an earlier one) read from a virtualizable's 'x[*]' field: the
 * index is promoted, as PyPy promotes the index into a virtualizable
 * array, so the item becomes a fixed slot that the optimizer can keep
 * in a register around the loop. */
static bool vable_index(const Block *b, uint32_t k) {
  const Op *op = b->ops.data[k];
  if (op->opc != LLOP_direct_call || op->nargs < 3 || op->args[0]->ckind != CONST_LLFUNC) return false;
  const LLFunc *f = op->args[0]->u.ref.p;
  if (!(f->jit & LLJIT_LIST_INDEX)) return false;
  for (uint32_t j = 0; j < k; j++) {
    const Op *d = b->ops.data[j];
    if (d->result != op->args[1] || d->opc != LLOP_getfield) continue;
    const LLField *fl = cw_op_field(d);
    return fl && (fl->flags & LLF_VABLE_ITEMS);
  }
  return false;
}

/* Ops where a guard of the trace can fail before them (they are re-run
 * on resume) or after them (calls: resume after the call). */
static bool guard_before(const Op *op) {
  if (class_read(op)) return true;
  switch ((LLOp)op->opc) {
  case LLOP_jit_marker:  /* a portal called from a trace: its greens are
                            promoted there (call_assembler) */
    return op->nargs >= 1 && op->args[0]->kind == VAL_CONST && op->args[0]->ckind == CONST_STR &&
           strcmp(op->args[0]->u.s.p, "jit_merge_point") == 0;
  case LLOP_int_add_ovf: case LLOP_int_sub_ovf: case LLOP_int_mul_ovf: case LLOP_int_neg_ovf:
  case LLOP_jit_promote:
  case LLOP_getarraysize:  /* of a virtualizable's list: the tracer promotes
                              it (as long for every run of the trace: the
                              bounds checks at constant indices fold), and
                              the array may come from a caller (the list
                              index helpers) */
  case LLOP_indirect_call:  /* the tracer promotes the function pointer there */
    return true;
  default: return false;
  }
}
static bool guard_after(const Op *op) {
  return op->opc == LLOP_direct_call || op->opc == LLOP_indirect_call;
}

static void emit_op(Emit *E, Block *b, uint32_t k) {
  Op *op = b->ops.data[k];
  if (vable_index(b, k) && vbank(op->args[2]) == JC_INT && op->args[2]->kind != VAL_CONST) {
    emit_live(E, live_before(E, b, k));
    put_op(E, JC_int_guard_value);
    put_val(E, op->args[2]);
  }
  if (guard_before(op)) emit_live(E, live_before(E, b, k));
  bool last_raising = b->exitkind == EXIT_RAISE && b->exits.len > 1 && k + 1 == b->ops.len;
  if (guard_after(op) && !last_raising) {  /* there: after its catch_exception */
    emit_op_only(E, b, k);
    emit_live(E, E->after + (size_t)k * E->words);
    return;
  }
  emit_op_only(E, b, k);
}

static void emit_op_only(Emit *E, Block *b, uint32_t k) {
  Op *op = b->ops.data[k];
  if (emit_special(E, b, k, op)) return;
  int jop = direct_op((LLOp)op->opc);
  if (jop < 0) {
    error_at(E, op->loc, "the JIT's codewriter does not support the operation %s",
             llop_info[op->opc].name);
    return;
  }
  put_op(E, (JcOp)jop);
  for (uint32_t a = 0; a < op->nargs; a++) put_val(E, op->args[a]);
  if (strchr(jc_op_info[jop].args, '>')) put_result(E, op->result);
}

/* ---- links and exits ----------------------------------------------------------------------- */

typedef struct Move {
  uint16_t dst, src;
} Move;

/* Parallel moves of one bank, in an order that reads every source before
 * it is overwritten (cycles broken through the scratch register). */
static void emit_moves(Emit *E, int b, Move *m, uint32_t n) {
  while (n) {
    uint32_t pick = n;
    for (uint32_t i = 0; i < n && pick == n; i++) {
      bool blocked = false;
      for (uint32_t j = 0; j < n && !blocked; j++) blocked = j != i && m[j].src == m[i].dst;
      if (!blocked) pick = i;
    }
    if (pick == n) {  /* a cycle: free m[0].dst through the scratch */
      emit_copy(E, b, E->tmp[b], m[0].dst);
      for (uint32_t j = 0; j < n; j++)
        if (m[j].src == m[0].dst) m[j].src = E->tmp[b];
      continue;
    }
    emit_copy(E, b, m[pick].dst, m[pick].src);
    m[pick] = m[--n];
  }
}

static void emit_link(Emit *E, Link *l, bool may_fall) {
  Block *t = l->target;
  if (t == E->g->ret) {
    int b = vbank(t->inputs[0]);
    put_op(E, b < 0 ? JC_void_return : by_bank(JC_int_return, b));
    if (b >= 0) put_val(E, l->args[0]);
    return;
  }
  if (t == E->g->except) {
    put_op(E, JC_raise);
    put_val(E, l->args[0]);
    put_val(E, l->args[1]);
    return;
  }
  Move *m = arena_alloc_array(E->C->A, l->nargs + 1, sizeof *m);
  for (int b = 0; b < JC_NBANKS; b++) {
    uint32_t n = 0;
    for (uint32_t k = 0; k < l->nargs; k++) {
      if (vbank(t->inputs[k]) != b) continue;
      Move mv = {E->reg[t->inputs[k]->id], reg_of(E, l->args[k])};
      if (mv.dst != mv.src) m[n++] = mv;
    }
    emit_moves(E, b, m, n);
  }
  bool next = E->cur + 1 < E->order.len && E->order.data[E->cur + 1] == t;
  if (!(may_fall && next)) {
    put_op(E, JC_goto);
    put_label(E, E->block_label[t->id]);
  }
}

static bool is_default(const Value *c) {
  return !c || (c->kind == VAL_CONST && c->ckind == CONST_STR &&
                strcmp(c->u.s.p, "default") == 0);
}

static int64_t case_value(const Value *c) {
  if (c->ckind == CONST_STR) return c->u.s.len ? (uint8_t)c->u.s.p[0] : 0;
  return c->u.i;
}

static void emit_bool_exit(Emit *E, Block *b) {
  Link *t = b->exits.data[0], *f = b->exits.data[1];
  if (case_value(t->exitcase) == 0) {
    Link *x = t;
    t = f;
    f = x;
  }
  uint32_t lf = new_label(E);
  emit_live(E, E->out);
  put_op(E, JC_goto_if_not);
  put_val(E, b->exitswitch);
  put_label(E, lf);
  emit_link(E, t, false);
  place(E, lf);
  emit_link(E, f, true);
}

static void emit_switch_exit(Emit *E, Block *b) {
  uint32_t n = b->exits.len, ncases = 0;
  Link *deflt = NULL;
  int64_t *values = arena_alloc_array(E->C->A, n, sizeof *values);
  uint32_t *labels = arena_alloc_array(E->C->A, n, sizeof *labels);
  for (uint32_t i = 0; i < n; i++) {
    Link *l = b->exits.data[i];
    if (is_default(l->exitcase)) deflt = l;
    else values[ncases++] = case_value(l->exitcase);
  }
  uint32_t d = cw_switch_descr(E->C, ncases, values, labels, 0);
  emit_live(E, E->out);
  put_op(E, JC_switch);
  put_val(E, b->exitswitch);
  cw_put32(E->C, code(E), d);
  uint32_t deflt_at = UINT32_MAX, c = 0;
  for (uint32_t i = 0; i < n; i++) {
    Link *l = b->exits.data[i];
    if (l == deflt) deflt_at = here(E);
    else labels[c++] = here(E);
    emit_link(E, l, i + 1 == n);
  }
  cw_switch_patch(E->C, d, labels, deflt_at == UINT32_MAX ? labels[0] : deflt_at);
}

static void emit_raise_exit(Emit *E, Block *b) {
  uint32_t lh = new_label(E);
  put_op(E, JC_catch_exception);
  put_label(E, lh);
  if (b->ops.len && guard_after(vec_last(b->ops))) emit_live(E, E->out);
  emit_link(E, b->exits.data[0], false);
  place(E, lh);
  for (uint32_t i = 1; i < b->exits.len; i++) {
    Link *l = b->exits.data[i];
    uint32_t next = UINT32_MAX;
    if (l->exitcase && l->exitcase->ckind == CONST_LLOBJ) {
      next = new_label(E);
      put_op(E, JC_goto_if_exception_mismatch);
      cw_put32(E->C, code(E), cw_exc_descr(E->C, l->exitcase->u.ref.p, b->loc));
      put_label(E, next);
    }
    if (l->etype && vbank(l->etype) >= 0) {
      put_op(E, JC_last_exc_type);
      put_result(E, l->etype);
    }
    if (l->evalue && vbank(l->evalue) >= 0) {
      put_op(E, JC_last_exc_value);
      put_result(E, l->evalue);
    }
    emit_link(E, l, false);
    if (next == UINT32_MAX) return;  /* catches everything */
    place(E, next);
  }
  put_op(E, JC_reraise);
}

static void emit_block(Emit *E, Block *b) {
  place(E, E->block_label[b->id]);
  block_liveness(E, b);
  for (uint32_t k = 0; k < b->ops.len; k++) emit_op(E, b, k);
  if (b->exitkind == EXIT_RAISE && b->exits.len > 1) emit_raise_exit(E, b);
  else if (b->exitkind == EXIT_VALUE && b->exits.len == 2 && b->exitswitch->ll &&
           ((LLType *)b->exitswitch->ll)->kind == LL_BOOL)
    emit_bool_exit(E, b);
  else if (b->exitkind == EXIT_VALUE) emit_switch_exit(E, b);
  else emit_link(E, b->exits.data[0], true);
}

static void finish_header(Emit *E) {
  CwCode *K = E->K;
  JcCode *h = &K->hdr;
  h->nconsts[JC_INT] = (uint16_t)K->ki.len;
  h->nconsts[JC_REF] = (uint16_t)K->kr.len;
  h->nconsts[JC_FLOAT] = (uint16_t)K->kf.len;
  for (int b = 0; b < JC_NBANKS; b++) {
    uint32_t n = (uint32_t)E->nvars[b] + 1 + h->nconsts[b];
    if (n > 0xffff) {
      error_at(E, E->g->loc, "'%s' needs more than 65535 registers of one kind for the JIT",
               E->g->name);
      n = 0xffff;
    }
    h->nregs[b] = (uint16_t)n;
  }
  int rb = vbank(E->g->ret->inputs[0]);
  h->result_kind = rb < 0 ? 'v' : "irf"[rb];
  h->flags = K->portal ? JC_CODE_PORTAL : 0;
  h->fn_addr = K->indirect ? cw_addr(E->C, true, K->func) : JC_NULL_ADDR;
  h->name = cw_str(E->C, E->g->name);
}

void cw_emit_code(Cw *C, CwCode *K) {
  Emit E;
  memset(&E, 0, sizeof E);
  E.C = C;
  E.K = K;
  E.g = K->g;
  cw_blocks(C->A, E.g, &E.order);
  /* the return and except blocks become return / raise at their links */
  uint32_t n = 0;
  for (uint32_t i = 0; i < E.order.len; i++)
    if (E.order.data[i] != E.g->ret && E.order.data[i] != E.g->except)
      E.order.data[n++] = E.order.data[i];
  E.order.len = n;
  assign_registers(&E);
  E.words = (E.g->next_var + 63) / 64;
  E.out = arena_alloc_array(C->A, E.words + 1, 8);
  E.scratch = arena_alloc_array(C->A, E.words + 1, 8);
  hmap_init(&E.live_sets, C->A);
  E.live = cw_liveness(C->A, E.g);
  E.vbank = arena_alloc(C->A, E.g->next_var + 1);
  memset(E.vbank, -1, E.g->next_var + 1);
  for (uint32_t i = 0; i < E.order.len; i++) {
    Block *bl = E.order.data[i];
    for (uint32_t k = 0; k < bl->ninputs; k++) E.vbank[bl->inputs[k]->id] = (int8_t)vbank(bl->inputs[k]);
    for (uint32_t k = 0; k < bl->ops.len; k++)
      if (bl->ops.data[k]->result) E.vbank[bl->ops.data[k]->result->id] = (int8_t)vbank(bl->ops.data[k]->result);
    for (uint32_t k = 0; k < bl->exits.len; k++) {
      Link *l = bl->exits.data[k];
      if (l->etype) E.vbank[l->etype->id] = (int8_t)vbank(l->etype);
      if (l->evalue) E.vbank[l->evalue->id] = (int8_t)vbank(l->evalue);
    }
  }
  E.block_label = arena_alloc_array(C->A, E.g->next_block + 1, sizeof *E.block_label);
  for (uint32_t i = 0; i < E.order.len; i++) E.block_label[E.order.data[i]->id] = new_label(&E);
  for (E.cur = 0; E.cur < E.order.len; E.cur++) emit_block(&E, E.order.data[E.cur]);
  for (uint32_t i = 0; i < E.fixups.len; i++)
    cw_set32(code(&E), E.fixups.data[i].at, E.labels.data[E.fixups.data[i].label]);
  finish_header(&E);
}
