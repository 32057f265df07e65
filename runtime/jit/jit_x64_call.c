/* jit_x64_call.c — calls from x86-64 trace code (System V: integers and
 * pointers in RDI RSI RDX RCX R8 R9, doubles in XMM0-7, the rest on the
 * stack in the frame's outgoing words; RSP stays 16-byte aligned), their
 * narrow results, the allocation ops through the config's allocators, and
 * the ops that compile to nothing. Contract: jit_x64_impl.h. */
#include "jit_x64_impl.h"

#include <stdlib.h>

#define A(k) jir_arg(X->T, I, (k))

static const int8_t int_arg_regs[6] = {RDI, RSI, RDX, RCX, R8, R9};

void xo_call(JitxEmit *X, uint32_t i, JRef fnref, int64_t fn, const XArg *args,
             unsigned nargs, char rkind, unsigned rsize, bool rsigned) {
  XMove m[JIR_MAXCALLARGS + 1];
  unsigned n = 0, ni = 0, nf = 0, ns = 0;
  for (unsigned k = 0; k < nargs; k++, n++) {
    int32_t dst = args[k].kind == JK_FLOAT ? (nf < 8 ? XMM0 + (int32_t)nf++ : LOC_MEM + (int32_t)ns++)
                                           : (ni < 6 ? int_arg_regs[ni++] : LOC_MEM + (int32_t)ns++);
    m[n] = (XMove){.dst = dst, .isk = args[k].isk, .k = args[k].k};
    if (!args[k].isk) m[n].src = xr_loc(X, args[k].r);
    if (!args[k].isk && m[n].src == LOC_NONE) {
      jitx_fail(X, "internal error: call argument %u has no location", jir_idx(args[k].r));
      return;
    }
  }
  bool direct = fnref == JREF_NONE || jir_isk(fnref);
  if (fnref != JREF_NONE && jir_isk(fnref)) fn = jitx_kbits(X, fnref);
  if (!direct) m[n++] = (XMove){.dst = RAX, .src = xr_loc(X, fnref)};
  xr_spill_caller_saved(X, i);
  xr_pmove(X, m, n);
  if (direct) xe_mov_ri(X, RAX, fn);
  xe_rr(X, 0, false, 0xff, 1, 2, RAX, false);  /* call rax */
  if (rkind == JK_FLOAT) {
    xr_def(X, i, XMM0);
    return;
  }
  if (rkind != JK_INT && rkind != JK_REF) return;
  if (rkind == JK_INT && rsize == 1) xe_rr(X, 0, rsigned, rsigned ? 0x0fbe : 0x0fb6, 2, RAX, RAX, false);
  else if (rkind == JK_INT && rsize == 2) xe_rr(X, 0, rsigned, rsigned ? 0x0fbf : 0x0fb7, 2, RAX, RAX, false);
  else if (rkind == JK_INT && rsize == 4) xe_rr(X, 0, rsigned, rsigned ? 0x63 : 0x8b, 1, RAX, RAX, false);
  xr_def(X, i, RAX);
}

/* A call_assembler's direct path (jit_backend.h: JitDirectCall), the
 * arguments (cell, reds) already in RDI, RSI, ...:
 *     rax = *entry; if NULL: call portal_fn
 *     frame[ng + k] = red k; frame[k] = green k; ++*count
 *     eax = entry(frame); if eax or exit_owner->returns != kind:
 *         rax = exit_fn(cell, eax)
 *     else rax = frame[0]
 * Saves the portal function's work on every call (fib.lua: a tenth). */
static void direct_call_tail(JitxEmit *X, int64_t fn, int64_t cell, const JitDirectCall *dc) {
  xe_mov_ri(X, RAX, (int64_t)(uintptr_t)dc->entry);
  xe_load(X, RAX, xe_mem(RAX, 0));
  xe_rr(X, 0, true, 0x85, 1, RAX, RAX, false);  /* test rax, rax */
  uint32_t slow = xe_jcc(X, CC_E);
  xe_mov_ri(X, R10, (int64_t)(uintptr_t)dc->frame);
  for (uint32_t k = 0; k < dc->nreds; k++)
    xe_store(X, xe_mem(R10, (int32_t)(8 * (dc->ngreens + k))), int_arg_regs[1 + k]);
  for (uint32_t k = 0; k < dc->ngreens; k++) xe_store_k(X, xe_mem(R10, (int32_t)(8 * k)), dc->greens[k]);
  xe_mov_ri(X, SCR, (int64_t)(uintptr_t)dc->count);
  xe_rm(X, 0, true, 0xff, 1, 0, xe_mem(SCR, 0), false);  /* inc qword [r11] */
  xe_mov_rr(X, RDI, R10);
  xe_rr(X, 0, false, 0xff, 1, 2, RAX, false);  /* call rax */
  xe_rr(X, 0, false, 0x85, 1, RAX, RAX, false);  /* test eax, eax */
  uint32_t exited = xe_jcc(X, CC_NE);
  xe_mov_ri(X, RCX, (int64_t)(uintptr_t)X->cfg->exit_owner);
  xe_load(X, RCX, xe_mem(RCX, 0));
  xe_rm(X, 0, false, 0x80, 1, 7, xe_mem(RCX, (int32_t)offsetof(JitCompiled, returns)), false);
  xe_byte(X, (uint8_t)dc->kind);  /* cmp byte [rcx + returns], kind */
  uint32_t other = xe_jcc(X, CC_NE);
  xe_mov_ri(X, RCX, (int64_t)(uintptr_t)dc->frame);
  xe_load(X, RAX, xe_mem(RCX, 0));
  uint32_t done = xe_jcc(X, CC_ALWAYS);
  xe_bind(X, exited);
  xe_bind(X, other);
  xe_rr(X, 0, false, 0x8b, 1, RSI, RAX, false);  /* mov esi, eax */
  xe_mov_ri(X, RDI, cell);
  xe_mov_ri(X, RAX, (int64_t)(uintptr_t)dc->exit_fn);
  xe_rr(X, 0, false, 0xff, 1, 2, RAX, false);  /* call rax */
  uint32_t done2 = xe_jcc(X, CC_ALWAYS);
  xe_bind(X, slow);
  xe_mov_ri(X, RAX, fn);
  xe_rr(X, 0, false, 0xff, 1, 2, RAX, false);  /* call rax */
  xe_bind(X, done);
  xe_bind(X, done2);
}

/* Whether call I (descr d) is a call_assembler the config can make
 * direct: a call of portal_fn with a constant cell and at most five
 * integer or reference reds. */
static bool direct_call_of(JitxEmit *X, const JIns *I, const JDescr *d, JitDirectCall *dc) {
  const JitCodegenConfig *cfg = X->cfg;
  if (!cfg->direct_call || !cfg->portal_fn || !cfg->exit_owner || d->nargs < 1 || d->nargs > 6)
    return false;
  if (!jir_isk(A(0)) || jitx_kbits(X, A(0)) != (int64_t)(uintptr_t)cfg->portal_fn) return false;
  if (!jir_isk(A(1))) return false;
  for (unsigned k = 0; k < d->nargs; k++)
    if (d->argkinds[k] != JK_INT && d->argkinds[k] != JK_REF) return false;
  if (I->op != JIR_call_i && I->op != JIR_call_r && I->op != JIR_call_may_force_i &&
      I->op != JIR_call_may_force_r)
    return false;
  if (!cfg->direct_call((void *)(uintptr_t)jitx_kbits(X, A(1)), dc)) return false;
  return dc->nreds == d->nargs - 1u && dc->kind == jir_info[I->op].res && d->size != 1 &&
         d->size != 2 && d->size != 4;  /* a full word */
}

static void call_op(JitxEmit *X, uint32_t i, const JIns *I) {
  const JDescr *d = jir_descr(X->T->env, I->descr);
  if (d->dkind != JD_CALL || I->nargs != d->nargs + 1u || d->nargs > JIR_MAXCALLARGS) {
    jitx_fail(X, "%s: %u arguments, the call descr says %u", jir_info[I->op].name, I->nargs - 1,
              d->nargs);
    return;
  }
  XArg args[JIR_MAXCALLARGS];
  for (unsigned k = 0; k < d->nargs; k++) {
    JRef r = A(k + 1);
    args[k] = (XArg){.r = r, .isk = jir_isk(r), .kind = d->argkinds[k]};
    if (jir_isk(r)) args[k].k = jitx_kbits(X, r);
  }
  char rk = jir_info[I->op].res;
  JitDirectCall dc;
  if (direct_call_of(X, I, d, &dc)) {
    XMove m[6];
    for (unsigned k = 0; k < d->nargs; k++) {
      m[k] = (XMove){.dst = int_arg_regs[k], .isk = args[k].isk, .k = args[k].k};
      if (!args[k].isk) m[k].src = xr_loc(X, args[k].r);
      if (!args[k].isk && m[k].src == LOC_NONE) {
        jitx_fail(X, "internal error: call argument %u has no location", jir_idx(args[k].r));
        return;
      }
    }
    xr_spill_caller_saved(X, i);
    xr_pmove(X, m, d->nargs);
    direct_call_tail(X, jitx_kbits(X, A(0)), args[0].k, &dc);
    xr_def(X, i, RAX);
    return;
  }
  xo_call(X, i, A(0), 0, args, d->nargs, rk, d->size, d->flags & JDF_SIGNED);
}

/* The fast path of an inline allocation into RAX: a pop of the stack of
 * objects, or the nursery's bump; the offset of the jump taken when it
 * cannot (the stack is empty, the chunk full). */
static uint32_t alloc_fast(JitxEmit *X, const JitAllocInline *a) {
  if (a->nursery) {  /* rax = free; rdx = rax + size; rdx > top: full */
    xe_mov_ri(X, RCX, (int64_t)(uintptr_t)a->nursery);
    xe_load(X, RAX, xe_mem(RCX, 0));
    xe_rm(X, 0, true, 0x8d, 1, RDX, xe_mem(RAX, (int32_t)a->size), false);  /* lea */
    xe_alu_rm(X, ALU_CMP, RDX, xe_mem(RCX, 8));
    uint32_t full = xe_jcc(X, CC_A);
    xe_store(X, xe_mem(RCX, 0), RDX);
    return full;
  }
  xe_mov_ri(X, RCX, (int64_t)(uintptr_t)a->stack);
  xe_load(X, RDX, xe_mem(RCX, 0));
  xe_rr(X, 0, true, 0x85, 1, RDX, RDX, false);  /* test rdx, rdx */
  uint32_t empty = xe_jcc(X, CC_E);
  xe_alu_ri(X, ALU_SUB, RDX, 1);
  xe_store(X, xe_mem(RCX, 0), RDX);
  xe_load(X, RAX, (XMem){RCX, RDX, 8, 8});      /* obj[n] */
  return empty;
}

/* new / new_with_vtable / new_array(_clear) of a constant length taking
 * an object of the config's stack or nursery and writing its header (and
 * length, vtable), with the call of the allocator (which alloc_op checked
 * is there, and which writes them itself) only when it cannot. */
static bool alloc_inline(JitxEmit *X, uint32_t i, const JIns *I) {
  const JitCodegenConfig *cfg = X->cfg;
  bool array = I->op == JIR_new_array || I->op == JIR_new_array_clear;
  int64_t n = -1;
  if (array) {
    if (!jir_isk(A(0))) return false;
    n = jitx_kbits(X, A(0));
    if (n < 0) return false;
  }
  JitAllocInline a;
  if (!cfg->alloc_inline || !cfg->alloc_inline(I->descr, n, &a)) return false;
  xr_spill_caller_saved(X, i);
  uint32_t slow = alloc_fast(X, &a);
  xe_store_k(X, xe_mem(RAX, 0), (int64_t)a.hdr);
  if (a.len_ofs >= 0) xe_store_k(X, xe_mem(RAX, a.len_ofs), n);
  if (a.ref_ofs >= 0) xe_store_k(X, xe_mem(RAX, a.ref_ofs), (int64_t)(uintptr_t)a.ref);
  uint32_t done = xe_jcc(X, CC_ALWAYS);
  xe_bind(X, slow);
  xe_mov_ri(X, RDI, I->descr);
  if (array) xe_mov_ri(X, RSI, n);
  xe_mov_ri(X, RAX, array ? (int64_t)(uintptr_t)cfg->new_array
                          : (int64_t)(uintptr_t)cfg->new_struct);
  xe_rr(X, 0, false, 0xff, 1, 2, RAX, false);  /* call rax */
  xe_bind(X, done);
  xr_def(X, i, RAX);
  return true;
}

/* ---- the write barrier -------------------------------------------------------------- */

/* The slow path's call: [rsp+8] the function, [rsp+16] its argument (the
 * object). Keeps every register but R11 (which the caller saves) and the
 * whole x87/SSE state (fxsave): trace code keeps values in caller-saved
 * registers across a barrier, which is not a call for the allocator. */
void jitx_wb_trampoline(void);
__asm__(".text\n"
        ".p2align 4\n"
        ".type jitx_wb_trampoline, @function\n"
        "jitx_wb_trampoline:\n"
        "  push %rbp\n"
        "  mov %rsp, %rbp\n"
        "  push %rax\n  push %rcx\n  push %rdx\n  push %rsi\n  push %rdi\n"
        "  push %r8\n  push %r9\n  push %r10\n  push %r11\n"
        "  sub $512, %rsp\n"
        "  and $-64, %rsp\n"
        "  fxsave64 (%rsp)\n"
        "  mov 24(%rbp), %rdi\n"
        "  call *16(%rbp)\n"
        "  fxrstor64 (%rsp)\n"
        "  lea -72(%rbp), %rsp\n"
        "  pop %r11\n  pop %r10\n  pop %r9\n  pop %r8\n"
        "  pop %rdi\n  pop %rsi\n  pop %rdx\n  pop %rcx\n  pop %rax\n"
        "  pop %rbp\n"
        "  ret\n"
        ".size jitx_wb_trampoline, .-jitx_wb_trampoline\n");

/* The bit of cfg->wb_flag as a byte of the header and a mask. */
static void wb_bit(const JitCodegenConfig *cfg, int32_t *byte, unsigned *mask) {
  unsigned bit = (unsigned)__builtin_ctzll(cfg->wb_flag);
  *byte = (int32_t)(bit / 8);
  *mask = 1u << (bit % 8);
}

void xo_write_barrier(JitxEmit *X, int reg) {
  int32_t byte;
  unsigned mask;
  wb_bit(X->cfg, &byte, &mask);
  xe_rm(X, 0, false, 0xf6, 1, 0, xe_mem(reg, byte), false);  /* test byte [reg+byte], mask */
  xe_byte(X, mask);
  uint32_t patch = xe_jcc(X, CC_NE);
  if (X->nwbs == X->wbcap) {
    uint32_t cap = X->wbcap ? 2 * X->wbcap : 16;
    XBarrier *w = realloc(X->wbs, cap * sizeof *w);
    if (!w) {
      jitx_fail(X, "out of memory");
      return;
    }
    X->wbs = w;
    X->wbcap = cap;
  }
  X->wbs[X->nwbs++] = (XBarrier){patch, X->len, (int8_t)reg};
}

static void push_reg(JitxEmit *X, int r, bool pop) {
  if (r >= 8) xe_byte(X, 0x41);
  xe_byte(X, (pop ? 0x58u : 0x50u) + (unsigned)(r & 7));
}

/* push obj; push fn; call the trampoline; drop both; back after the test. */
void xo_barrier_stubs(JitxEmit *X) {
  for (uint32_t k = 0; k < X->nwbs; k++) {
    const XBarrier *w = &X->wbs[k];
    xe_bind(X, w->patch);
    push_reg(X, w->reg, false);
    xe_mov_ri(X, SCR, (int64_t)(uintptr_t)X->cfg->write_barrier);
    push_reg(X, SCR, false);
    xe_mov_ri(X, SCR, (int64_t)(uintptr_t)jitx_wb_trampoline);
    xe_rr(X, 0, false, 0xff, 1, 2, SCR, false);  /* call r11 */
    push_reg(X, SCR, true);
    push_reg(X, SCR, true);
    xe_jcc_to(X, CC_ALWAYS, w->back);
  }
}

static void alloc_op(JitxEmit *X, uint32_t i, const JIns *I) {
  const JitCodegenConfig *cfg = X->cfg;
  XArg dk = {.isk = true, .k = I->descr, .kind = JK_INT};
  if (I->op == JIR_newstr) {
    if (!cfg->new_str) { jitx_fail(X, "newstr needs JitCodegenConfig.new_str"); return; }
    XArg n = {.r = A(0), .isk = jir_isk(A(0)), .k = jir_isk(A(0)) ? jitx_kbits(X, A(0)) : 0,
              .kind = JK_INT};
    xo_call(X, i, JREF_NONE, (int64_t)(uintptr_t)cfg->new_str, &n, 1, JK_REF, 8, false);
  } else if (I->op == JIR_new_array || I->op == JIR_new_array_clear) {
    if (!cfg->new_array) { jitx_fail(X, "new_array needs JitCodegenConfig.new_array"); return; }
    if (alloc_inline(X, i, I)) return;
    XArg a[2] = {dk, {.r = A(0), .isk = jir_isk(A(0)),
                      .k = jir_isk(A(0)) ? jitx_kbits(X, A(0)) : 0, .kind = JK_INT}};
    xo_call(X, i, JREF_NONE, (int64_t)(uintptr_t)cfg->new_array, a, 2, JK_REF, 8, false);
  } else {
    if (!cfg->new_struct) { jitx_fail(X, "new needs JitCodegenConfig.new_struct"); return; }
    if (!alloc_inline(X, i, I))
      xo_call(X, i, JREF_NONE, (int64_t)(uintptr_t)cfg->new_struct, &dk, 1, JK_REF, 8, false);
    if (I->op == JIR_new_with_vtable)
      xe_store_k(X, xe_mem(RAX, (int32_t)cfg->vtable_ofs), jir_descr(X->T->env, I->descr)->vtable);
  }
}

void xo_call_op(JitxEmit *X, uint32_t i, const JIns *I) {
  unsigned op = I->op;
  if (jir_info[op].flags & JF_ALLOC) {
    alloc_op(X, i, I);
    return;
  }
  switch (op) {
  case JIR_call_i: case JIR_call_r: case JIR_call_f: case JIR_call_n:
  case JIR_call_pure_i: case JIR_call_pure_r: case JIR_call_pure_f: case JIR_call_pure_n:
  case JIR_call_may_force_i: case JIR_call_may_force_r: case JIR_call_may_force_f:
  case JIR_call_may_force_n:
    call_op(X, i, I);
    break;
  case JIR_debug_merge_point: case JIR_jit_debug:
  case JIR_enter_portal_frame: case JIR_leave_portal_frame: case JIR_escape_n:
    break;
  case JIR_escape_i: case JIR_escape_r: case JIR_escape_f: {
    bool f = op == JIR_escape_f;
    xe_mov_ri(X, xr_def_new(X, i, f, f ? XMM_ALLOC : GPR_ALLOC), 0);
    break;
  }
  default:
    jitx_fail(X, "op %s: not supported by the x64 trace compiler yet", jir_info[op].name);
  }
}
