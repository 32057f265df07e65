/* jit_x64.c — the x86-64 trace compiler's driver: the backend, and one
 * trace compiled in one forward pass (after jit_x64_ra.c's liveness scan).
 *
 * Shape of the code for a trace:
 *     push rbx rbp r12-r15; sub rsp, XF; mov rbx, rdi   (rbx = the frame)
 *   inner:                                              (chain_entry)
 *     sub rsp, N - XF (when the trace needs more than XF)
 *     inputs loaded from the frame into registers (spilled when too many)
 *   head:                                               (the label)
 *     the ops; a guard is a jcc to its exit stub
 *     jump: parallel move into the head's locations; jmp head
 *     finish: values stored into the frame; mov eax, 0; jmp exit
 *   stub g: the snapshot's values stored into frame[0..n); mov eax, g
 *   exit:                                               (shared)
 *     add rsp, N - XF (when it was subtracted)
 *     *exit_owner = this JitCompiled; epilogue; ret
 *   finish and each stub g, after their stores:
 *     chain[g] set?  add rsp, N - XF; jmp chain[g]  (another trace's inner
 *                    entry); else jmp exit
 * N (outgoing call words + spill slots, keeping RSP 16-byte aligned) is
 * known at the end. Every trace's prologue reserves the same XF bytes
 * and saves the same registers, so an exit goes on in the next trace (a
 * bridge, the loop a finish reaches) with one jump: no epilogue, no
 * prologue (mandel.b 3% faster; most of the time samples showed at the
 * next trace's start was the TLB miss that packing the code removed,
 * jit_x64_mem.c). Contract: jit_x64.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jit_x64_impl.h"

static const int8_t saved_regs[6] = {RBX, RBP, R12, R13, R14, R15};

/* The stack every trace reserves in its prologue (XF % 16 == 8: with the
 * return address and six pushes RSP is then 16-byte aligned). */
enum { XF = 8 * 63 };

JitxBackend *jitx_backend_new(const JitCodegenConfig *cfg) {
  JitxBackend *be = calloc(1, sizeof *be);
  if (!be) return NULL;
  be->cfg = *cfg;
  be->cfg.ir_passes = NULL;
  return be;
}

void jitx_backend_free(JitxBackend *be) {
  if (!be) return;
  xm_free_all(be);
  free(be);
}

void jitx_fail(JitxEmit *X, const char *fmt, ...) {
  if (X->failed) return;
  X->failed = true;
  if (!X->err || !X->errlen) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(X->err, X->errlen, fmt, ap);
  va_end(ap);
}

int64_t jitx_kbits(const JitxEmit *X, JRef r) {
  const JConst *k = jir_k(X->T, r);
  return k->kind == JK_REF ? (int64_t)jir_kgc_of(X->T, r) : k->bits;
}

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* ---- prologue, inputs, epilogue ------------------------------------------------- */
static void push_pop(JitxEmit *X, int r, bool pop) {
  if (r >= 8) xe_byte(X, 0x41);
  xe_byte(X, (pop ? 0x58u : 0x50u) + (unsigned)(r & 7));
}

static void prologue(JitxEmit *X) {
  for (int k = 0; k < 6; k++) push_pop(X, saved_regs[k], false);
  xe_rr(X, 0, true, 0x81, 1, 5, RSP, false);  /* sub rsp, XF */
  xe_u32(X, XF);
  xe_mov_rr(X, FRAME, RDI);
  X->inner_at = X->len;
  xe_rr(X, 0, true, 0x81, 1, 5, RSP, false);  /* sub rsp, imm32: N - XF */
  X->frame_patch = X->len;
  xe_u32(X, 0);
}

static void epilogue(JitxEmit *X) {
  xe_rr(X, 0, true, 0x81, 1, 0, RSP, false);  /* add rsp, XF */
  xe_u32(X, XF);
  for (int k = 5; k >= 0; k--) push_pop(X, saved_regs[k], true);
}

static void load_inputs(JitxEmit *X) {
  for (uint32_t i = 1; i <= X->ninputs; i++) {
    X->cur = i;
    if (!X->last[i]) continue;
    bool f = X->T->ins[i].op == JIR_input_f;
    int r = xr_alloc(X, f, f ? XMM_ALLOC : GPR_ALLOC, X->next_call[i] < X->last[i]);
    xe_load(X, r, xe_mem(FRAME, 8 * (int32_t)(i - 1)));
    xr_def(X, i, r);
    X->locked = 0;
  }
}

/* ---- exits ------------------------------------------------------------------------------ */
/* R11 = deferred op d (jit_x64_ra.c): a into R11, then op b. */
static void compute_def(JitxEmit *X, uint32_t d) {
  const XDef *D = &X->defs[d];
  if (D->a.loc == LOC_DEFER) compute_def(X, (uint32_t)D->a.k);
  else if (D->a.loc == LOC_NONE) xe_mov_ri(X, SCR, D->a.k);
  else if (D->a.loc >= LOC_MEM) xe_load(X, SCR, xe_stack(X, D->a.loc));
  else xe_mov_rr(X, SCR, D->a.loc);
  int alu = D->op == JIR_int_add ? ALU_ADD : D->op == JIR_int_sub ? ALU_SUB : ALU_CMP;
  if (D->b.loc == LOC_NONE) xe_alu_ri(X, alu, SCR, (int32_t)D->b.k);
  else if (D->b.loc >= LOC_MEM) xe_alu_rm(X, alu, SCR, xe_stack(X, D->b.loc));
  else xe_alu_rr(X, alu, SCR, D->b.loc);
  if (alu == ALU_CMP) xe_setcc(X, (XCond){xo_icc[D->op - JIR_int_lt], 0}, SCR);
}

static void store_value(JitxEmit *X, uint32_t k, int32_t loc, int64_t kval) {
  XMem m = xe_mem(FRAME, 8 * (int32_t)k);
  if (loc == LOC_DEFER) {
    compute_def(X, (uint32_t)kval);
    xe_store(X, m, SCR);
  } else if (loc == LOC_NONE) xe_store_k(X, m, kval);
  else if (loc >= LOC_MEM) {
    xe_load(X, SCR, xe_stack(X, loc));
    xe_store(X, m, SCR);
  } else xe_store(X, m, loc);
}

static void emit_finish(JitxEmit *X, const JIns *I, uint32_t *to_exit) {
  uint32_t n = I ? I->nargs : 0;
  X->exits[0] = (JitExit){.ins = I ? (uint32_t)(I - X->T->ins) : 0, .nvalues = n};
  for (uint32_t k = 0; k < n; k++) {
    JRef r = jir_arg(X->T, I, k);
    if (jir_isk(r)) store_value(X, k, LOC_NONE, jitx_kbits(X, r));
    else if (xr_loc(X, r) != LOC_NONE) store_value(X, k, xr_loc(X, r), 0);
    else jitx_fail(X, "internal error: finish value %u has no location", jir_idx(r));
  }
  xe_mov_ri(X, RAX, 0);
  *to_exit = xe_jcc(X, CC_ALWAYS);
  X->done = true;
}

/* The shared exit: exit code in EAX. */
static void emit_exit(JitxEmit *X, uint32_t extra) {
  if (extra) xe_alu_ri(X, ALU_ADD, RSP, (int32_t)extra);
  if (X->cfg->exit_owner) {
    xe_mov_ri(X, SCR, (int64_t)(uintptr_t)X->cfg->exit_owner);
    xe_mov_ri(X, RCX, (int64_t)(uintptr_t)X->owner_ptr);
    xe_store(X, xe_mem(SCR, 0), RCX);
  }
  epilogue(X);
  xe_byte(X, 0xc3);
}

/* Exit `code` (in EAX) goes on in chain[code] when set — with an
 * indirect jump of its own, which the processor predicts per exit (one
 * shared jump for all exits mispredicted: ~11% of mandel.b) — else to the
 * shared exit at exit_at. */
static void chain_jump(JitxEmit *X, uint32_t code, uint32_t exit_at, uint32_t extra) {
  if (!X->cfg->exit_owner) {
    xe_jcc_to(X, CC_ALWAYS, exit_at);
    return;
  }
  xe_mov_ri(X, SCR, (int64_t)(uintptr_t)&X->chain[code]);
  xe_load(X, SCR, xe_mem(SCR, 0));
  xe_rr(X, 0, true, 0x85, 1, SCR, SCR, false);  /* test r11, r11 */
  xe_jcc_to(X, CC_E, exit_at);
  if (extra) xe_alu_ri(X, ALU_ADD, RSP, (int32_t)extra);
  xe_rr(X, 0, false, 0xff, 1, 4, SCR, false);  /* jmp r11: an inner entry */
}

static void emit_stubs(JitxEmit *X, uint32_t exit_at, uint32_t extra) {
  for (uint32_t e = 0; e < X->nxs; e++) {
    const XExit *x = &X->xs[e];
    for (uint32_t k = 0; k < x->npatch; k++) xe_bind(X, x->patch[k]);
    for (uint32_t k = 0; k < x->n; k++) {
      const XSnapVal *v = &X->vals[x->first + k];
      if (v->loc != LOC_SNAPK) store_value(X, k, v->loc, v->k);
    }
    xe_mov_ri(X, RAX, x->code);
    chain_jump(X, x->code, exit_at, extra);
  }
}

/* ---- the trace ------------------------------------------------------------------------------ */
static bool control(JitxEmit *X, uint32_t i, const JIns *I, uint32_t *to_exit) {
  switch (I->op) {
  case JIR_label:
    if (i != X->label_at) jitx_fail(X, "a second label: not supported");
    else xr_head(X);
    return true;
  case JIR_jump:
    if (!X->label_at || X->label_at > i) {
      jitx_fail(X, "jump to a loop outside this trace: not supported yet");
    } else if (!X->implicit_label && I->descr && X->label_descr && I->descr != X->label_descr) {
      jitx_fail(X, "jump to another label (descr %u): not supported yet", I->descr);
    } else if (I->nargs != X->nlabel) {
      jitx_fail(X, "jump with %u values to a loop head of %u: not supported", I->nargs, X->nlabel);
    } else {
      xr_jump(X, I);
      X->done = true;
    }
    return true;
  case JIR_finish:
    emit_finish(X, I, to_exit);
    return true;
  case JIR_call_assembler_i: case JIR_call_assembler_r: case JIR_call_assembler_f:
  case JIR_call_assembler_n:
    jitx_fail(X, "%s: not supported yet", jir_info[I->op].name);
    return true;
  default:
    return false;
  }
}

static void emit_body(JitxEmit *X, uint32_t *to_exit) {
  const Trace *T = X->T;
  for (uint32_t i = X->ninputs + 1; i < T->nins && !X->failed && !X->done; i++) {
    const JIns *I = &T->ins[i];
    X->cur = i;
    if (X->implicit_label && i == X->label_at) {
      xr_head(X);
      X->fresh.n = 0;
    }
    if (jir_info[I->op].flags & JF_GUARD) {
      X->gnum++;
      uint32_t n;
      jir_snap_refs(T, I, &n);
      X->exits[X->gnum] = (JitExit){.ins = i, .snap = I->snap, .nvalues = n};
    }
    if (!control(X, i, I, to_exit) && !X->deferred[i]) xo_emit_op(X, i);
    jit_fresh_after(&X->fresh, T, i, I);
    if (X->cond_at != i) X->cond_at = 0;
    if (X->ovf_at != i) X->ovf_at = 0;
    xr_end_op(X, i);
  }
  if (!X->done && !X->failed) emit_finish(X, NULL, to_exit);
}

static bool emit_trace(JitxEmit *X) {
  if (!xr_prescan(X)) return false;
  X->exits = calloc(X->nguards + 1, sizeof *X->exits);
  if (!X->exits) return false;
  if (X->cfg->exit_owner && !(X->chain = calloc(X->nguards + 1, sizeof *X->chain))) return false;
  prologue(X);
  load_inputs(X);
  uint32_t to_exit = 0;
  emit_body(X, &to_exit);
  if (X->failed) return true;
  uint32_t N = 8 * (X->maxout + X->nspill);
  if (N % 16 != 8) N += 8;
  uint32_t extra = N > XF ? N - XF : 0;  /* a multiple of 16 */
  if (extra) {
    xe_patch32(X, X->frame_patch, (int32_t)extra);
  } else {  /* the 7-byte sub becomes a 7-byte nop */
    static const uint8_t nop7[7] = {0x0f, 0x1f, 0x80, 0, 0, 0, 0};
    memcpy(X->buf + X->inner_at, nop7, sizeof nop7);
  }
  uint32_t exit_at = X->len;
  emit_exit(X, extra);
  if (to_exit) {  /* the finish (a loop has none) */
    xe_bind(X, to_exit);
    chain_jump(X, 0, exit_at, extra);
  }
  emit_stubs(X, exit_at, extra);
  xo_barrier_stubs(X);
  return true;
}

static void emit_free(JitxEmit *X) {
  free(X->buf);
  free(X->last);
  free(X->next_call);
  free(X->reg);
  free(X->slot);
  free(X->slot_busy);
  free(X->head_ref);
  free(X->head_loc);
  free(X->xs);
  free(X->wbs);
  free(X->vals);
  free(X->defs);
  free(X->deferred);
  free(X->dop);
  free(X->da);
  free(X->db);
  free(X->exits);
  free(X->chain);
}

static void dump_code(const JitxBackend *be, const uint8_t *p, uint32_t n) {
  fprintf(stderr, "# jitx trace %llu: %u bytes at %p\n", (unsigned long long)be->ntraces, n,
          (const void *)p);
  for (uint32_t k = 0; k < n; k++) fprintf(stderr, "%02x%s", p[k], k % 32 == 31 || k + 1 == n ? "\n" : "");
}

bool jitx_compile(JitxBackend *be, const Trace *T, JitCompiled *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  if (err && errlen) err[0] = 0;
  JitxCode *code = calloc(1, sizeof *code);
  JitxEmit X = {.cfg = &be->cfg, .T = T, .err = err, .errlen = errlen, .owner_ptr = out,
                .invalid = code ? &code->invalid : NULL};
  double t0 = now_us();
  bool ok = code && emit_trace(&X);
  if (ok && X.failed) ok = false;
  else if (!ok) jitx_fail(&X, "out of memory");
  double t1 = now_us();
  void *p = ok ? xm_install(be, X.buf, X.len) : NULL;
  if (ok && !p) jitx_fail(&X, "cannot map executable memory");
  if (!p) {
    free(code);
    emit_free(&X);
    return false;
  }
  be->ntraces++;
  if (be->cfg.dump_ir) dump_code(be, p, X.len);
  out->entry = (JitEntry *)p;
  out->chain_entry = (uint8_t *)p + X.inner_at;
  out->code_size = X.len;
  out->impl = code;
  out->ir_us = t1 - t0;
  out->codegen_us = now_us() - t1;
  jit_compiled_tables(out, &X.exits, &X.chain, X.nguards, X.ninputs, X.nslots);
  emit_free(&X);
  return true;
}

void jitx_release(JitxBackend *be, JitCompiled *c) {
  (void)be;  /* the code's pages stay mapped until jitx_backend_free */
  free(c->impl);
  free(c->exits);
  free(c->chain);
  memset(c, 0, sizeof *c);
}

void jitx_invalidate(JitCompiled *c) {
  if (c->impl) ((JitxCode *)c->impl)->invalid = 1;
}

/* ---- the backend table (jit_backend.h) --------------------------------------------- */
static void *ops_create(const JitCodegenConfig *cfg) { return jitx_backend_new(cfg); }
static void ops_destroy(void *be) { jitx_backend_free(be); }
static bool ops_compile(void *be, const Trace *T, JitCompiled *out, char *err, size_t errlen) {
  return jitx_compile(be, T, out, err, errlen);
}
static void ops_release(void *be, JitCompiled *c) { jitx_release(be, c); }

const JitBackendOps jitx_ops = {"x64", ops_create, ops_destroy, ops_compile, ops_release,
                                jitx_invalidate};
