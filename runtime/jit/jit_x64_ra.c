/* jit_x64_ra.c — liveness and register allocation for the x86-64 trace
 * compiler.
 *
 * One backward-free pass first (xr_prescan): the last use of every value
 * (operands, guards' snapshots, finish and jump values), the next call
 * after every op, the loop head. Then allocation happens while the ops are
 * emitted forwards, linear-scan style: a value gets a register when it is
 * defined or first needed, keeps it until its last use, and when none is
 * free the value used furthest away is spilled to a stack slot (a value
 * keeps its slot once it has one, so spilling it again costs no store).
 * Values living across a call prefer the callee-saved registers; before a
 * call the values living on in caller-saved registers are spilled.
 *
 * Deferred ops. An int add, sub or comparison whose value no op reads —
 * only guards' snapshots, for the interpreter to resume with — is not
 * computed on the trace's path: each exit that needs it computes it into
 * R11 from its operands (which live until those guards instead), as
 * `a op b` with b a location or a 32-bit constant and a possibly another
 * such op (BF's `pos + 1` and `len <= pos + 1` live only for resuming in
 * the middle of Tape.advance). Not deferred: ops before the label that a
 * guard after it needs (the loop's values changed by then).
 *
 * Loops: values defined before the label and used after it live to the
 * end. At the label (xr_head) the location of every value live there is
 * pinned; the jump (xr_jump) moves the new values of the label's operands,
 * and the loop-invariant values that moved meanwhile, back there with one
 * parallel move (xr_pmove: moves whose destination nobody still reads go
 * first; a cycle is broken through XMM15), then jumps to the head.
 * Contract: jit_x64_impl.h. */
#include <stdlib.h>
#include <string.h>

#include "jit_x64_impl.h"

static bool is_call_op(unsigned op) {
  return (jir_info[op].flags & (JF_CALL | JF_ALLOC)) != 0;
}

/* ops whose operands are not read by the code */
static bool no_code_uses(unsigned op) {
  return op == JIR_label || op == JIR_debug_merge_point || op == JIR_jit_debug ||
         op == JIR_enter_portal_frame || op == JIR_leave_portal_frame ||
         (op >= JIR_escape_i && op <= JIR_escape_n);
}

static void use(JitxEmit *X, JRef r, uint32_t i) {
  if (!jir_isk(r)) X->last[jir_idx(r)] = i;
}

/* a snapshot's use of r at guard i: a deferred r uses its operands there */
static void use_snap(JitxEmit *X, JRef r, uint32_t i) {
  if (jir_isk(r)) return;
  uint32_t v = jir_idx(r);
  if (!X->deferred[v]) {
    X->last[v] = i;
    return;
  }
  use_snap(X, X->da[v], i);
  use_snap(X, X->db[v], i);
}

static bool deferrable_op(unsigned op) {
  return op == JIR_int_add || op == JIR_int_sub || jir_is_intcmp(op);
}

static bool deferrable_ref(const Trace *T, JRef r) {
  return !jir_isk(r) && deferrable_op(T->ins[jir_idx(r)].op);
}

/* Ins i as `a op b` for its exits: b a ref or a constant of 32 bits, a
 * not a constant; the operand that may itself be deferred goes to a. */
static bool defer_form(JitxEmit *X, uint32_t i) {
  const Trace *T = X->T;
  const JIns *I = &T->ins[i];
  unsigned op = I->op;
  JRef a = jir_arg(T, I, 0), b = jir_arg(T, I, 1);
  bool swap = jir_isk(a) || (!jir_isk(b) && deferrable_ref(T, b) && !deferrable_ref(T, a));
  if (swap) {
    if (op == JIR_int_sub) return false;
    if (op != JIR_int_add) op = jir_cmp_swap(op);
    JRef t = a;
    a = b;
    b = t;
  }
  if (jir_isk(a) || (jir_isk(b) && !xfits32(jitx_kbits(X, b)))) return false;
  X->dop[i] = (uint16_t)op;
  X->da[i] = a;
  X->db[i] = b;
  return true;
}

/* Which ops are deferred (see the head): backwards, an op is needed once
 * a later op that is not itself deferred reads it. */
static bool plan_deferred(JitxEmit *X) {
  const Trace *T = X->T;
  uint32_t n = T->nins, label = 0;
  X->deferred = calloc(n + 2, 1);
  X->dop = calloc(n + 2, sizeof *X->dop);
  X->da = calloc(n + 2, sizeof *X->da);
  X->db = calloc(n + 2, sizeof *X->db);
  uint8_t *needed = calloc(n + 2, 1), *cross = calloc(n + 2, 1);
  bool ok = X->deferred && X->dop && X->da && X->db && needed && cross;
  for (uint32_t i = 1; ok && i < n && !label; i++)
    if (T->ins[i].op == JIR_label) label = i;
  for (uint32_t i = n; ok && i-- > 1;) {
    const JIns *I = &T->ins[i];
    if (jir_info[I->op].flags & JF_GUARD) {
      uint32_t ns;
      const JRef *refs = jir_snap_refs(T, I, &ns);
      for (uint32_t k = 0; k < ns && label && i > label; k++)
        if (!jir_isk(refs[k]) && jir_idx(refs[k]) < label) cross[jir_idx(refs[k])] = 1;
    }
    if (!needed[i] && !cross[i] && deferrable_op(I->op) && defer_form(X, i)) {
      X->deferred[i] = 1;
      if (!jir_isk(X->db[i])) needed[jir_idx(X->db[i])] = 1;
      if (label && i > label && jir_idx(X->da[i]) < label) needed[jir_idx(X->da[i])] = 1;
      continue;
    }
    if (no_code_uses(I->op)) continue;
    for (unsigned k = 0; k < I->nargs; k++) {
      JRef r = jir_arg(T, I, k);
      if (!jir_isk(r)) needed[jir_idx(r)] = 1;
    }
  }
  free(needed);
  free(cross);
  return ok;
}

/* stack words a call's arguments need beyond the registers */
static uint32_t stack_words(const JitxEmit *X, const JIns *I) {
  if (!(jir_info[I->op].flags & JF_CALL) || !I->descr) return 0;
  const JDescr *d = jir_descr(X->T->env, I->descr);
  uint32_t ni = 0, nf = 0;
  for (unsigned k = 0; k < d->nargs && k < JIR_MAXCALLARGS; k++)
    if (d->argkinds[k] == JK_FLOAT) nf++;
    else ni++;
  return (ni > 6 ? ni - 6 : 0) + (nf > 8 ? nf - 8 : 0);
}

static void scan_op(JitxEmit *X, uint32_t i, bool *targeted, uint32_t *jumps) {
  const Trace *T = X->T;
  const JIns *I = &T->ins[i];
  unsigned op = I->op;
  if (op <= JIR_input_f) X->ninputs++;
  if (jir_info[op].flags & JF_GUARD) {
    uint32_t n;
    const JRef *refs = jir_snap_refs(T, I, &n);
    for (uint32_t k = 0; k < n; k++) use_snap(X, refs[k], i);
    X->nguards++;
    if (n > X->nslots) X->nslots = n;
  }
  if (op == JIR_label && !X->label_at) {
    X->label_at = i;
    X->label_descr = I->descr;
  }
  if (op == JIR_jump) {
    (*jumps)++;
    *targeted |= I->descr != 0;
  }
  if (op == JIR_finish && I->nargs > X->nslots) X->nslots = I->nargs;
  if (!no_code_uses(op) && !X->deferred[i])
    for (unsigned k = 0; k < I->nargs; k++) use(X, jir_arg(T, I, k), i);
  uint32_t w = stack_words(X, I);
  if (w > X->maxout) X->maxout = w;
}

static bool repeated(const JitxEmit *X, uint32_t k) {
  for (uint32_t j = 0; j < k; j++)
    if (X->head_ref[j] == X->head_ref[k]) return true;
  return false;
}

/* The values pinned at the loop head: the label's operands (their k-th
 * is the jump's k-th), then the loop invariants (they live to the end). */
static bool find_head(JitxEmit *X) {
  const Trace *T = X->T;
  const JIns *L = X->implicit_label ? NULL : &T->ins[X->label_at];
  uint32_t nl = L ? L->nargs : X->ninputs, cap = nl + X->label_at + 1;
  X->head_ref = malloc(cap * sizeof *X->head_ref);
  X->head_loc = malloc(cap * sizeof *X->head_loc);
  if (!X->head_ref || !X->head_loc) return false;
  for (uint32_t k = 0; k < nl; k++) {
    JRef r = L ? jir_arg(T, L, k) : jir_ref(k + 1);
    X->head_ref[k] = r;
    if (!jir_isk(r) && X->last[jir_idx(r)] < X->label_at) X->last[jir_idx(r)] = X->label_at;
  }
  X->nlabel = X->nhead = nl;
  for (uint32_t i = 1; i < X->label_at; i++) {
    if (X->last[i] < X->label_at) continue;
    bool operand = false;
    for (uint32_t k = 0; k < nl && !operand; k++) operand = X->head_ref[k] == jir_ref(i);
    if (operand) continue;
    X->last[i] = T->nins;  /* lives through the loop */
    X->head_ref[X->nhead++] = jir_ref(i);
  }
  return true;
}

bool xr_prescan(JitxEmit *X) {
  const Trace *T = X->T;
  uint32_t n = T->nins;
  X->last = calloc(n + 2, sizeof *X->last);
  X->next_call = calloc(n + 2, sizeof *X->next_call);
  X->reg = malloc((n + 2) * sizeof *X->reg);
  X->slot = malloc((n + 2) * sizeof *X->slot);
  if (!X->last || !X->next_call || !X->reg || !X->slot) return false;
  memset(X->reg, -1, (n + 2) * sizeof *X->reg);
  memset(X->slot, -1, (n + 2) * sizeof *X->slot);
  if (!plan_deferred(X)) return false;
  bool targeted = false;
  uint32_t jumps = 0;
  for (uint32_t i = 1; i < n; i++) scan_op(X, i, &targeted, &jumps);
  X->next_call[n] = X->next_call[n + 1] = n + 1;
  for (uint32_t i = n; i-- > 1;)
    X->next_call[i] = is_call_op(T->ins[i].op) ? i : X->next_call[i + 1];
  if (!X->label_at && jumps && !targeted) {
    X->implicit_label = true;
    X->label_at = X->ninputs + 1;
  }
  return !X->label_at || find_head(X);
}

/* ---- locations ------------------------------------------------------------------ */
int32_t xr_slot_loc(const JitxEmit *X, int32_t s) {
  return LOC_MEM + (int32_t)X->maxout + s;
}

int32_t xr_loc(const JitxEmit *X, JRef r) {
  uint32_t v = jir_idx(r);
  if (X->reg[v] >= 0) return X->reg[v];
  if (X->slot[v] >= 0) return xr_slot_loc(X, X->slot[v]);
  return LOC_NONE;
}

bool xr_dies(const JitxEmit *X, JRef r, uint32_t i) {
  return !jir_isk(r) && X->last[jir_idx(r)] <= i;
}

static int32_t new_slot(JitxEmit *X) {
  for (uint32_t s = 0; s < X->nspill; s++)
    if (!X->slot_busy[s]) {
      X->slot_busy[s] = 1;
      return (int32_t)s;
    }
  JIR_GROW(X->slot_busy, X->spillcap, X->nspill + 1);
  X->slot_busy[X->nspill] = 1;
  return (int32_t)X->nspill++;
}

static void spill(JitxEmit *X, int reg) {
  uint32_t v = X->owner[reg];
  if (X->slot[v] < 0) {
    X->slot[v] = new_slot(X);
    xe_store(X, xe_stack(X, xr_slot_loc(X, X->slot[v])), reg);
  }
  X->reg[v] = -1;
  X->owner[reg] = 0;
}

static bool across_call(const JitxEmit *X, uint32_t v) {
  return X->next_call[X->cur + 1] < X->last[v];
}

static const int8_t order_plain[] = {R10, R9, R8, RDI, RSI, RDX, RCX, RAX, R12, R13, R14, R15, RBP};
static const int8_t order_saved[] = {R12, R13, R14, R15, RBP, R10, R9, R8, RDI, RSI, RDX, RCX, RAX};

static int pick_free(const JitxEmit *X, uint32_t mask, bool xmm, bool across) {
  if (xmm) {
    for (int r = XMM0; r < XMM15; r++)
      if ((mask & XBIT(r)) && !X->owner[r]) return r;
    return -1;
  }
  const int8_t *order = across ? order_saved : order_plain;
  for (size_t k = 0; k < sizeof order_plain; k++)
    if ((mask & XBIT(order[k])) && !X->owner[order[k]]) return order[k];
  return -1;
}

int xr_alloc(JitxEmit *X, bool xmm, uint32_t allowed, bool across) {
  uint32_t mask = (xmm ? XMM_ALLOC : GPR_ALLOC) & allowed & ~X->locked;
  int r = pick_free(X, mask, xmm, across);
  if (r < 0) {  /* spill the value used furthest away */
    uint32_t far = 0;
    for (int k = 0; k < 32; k++)
      if ((mask & XBIT(k)) && X->last[X->owner[k]] >= far) {
        far = X->last[X->owner[k]];
        r = k;
      }
    if (r < 0) {
      jitx_fail(X, "out of registers at op %u", X->cur);
      r = xmm ? XMM0 : RAX;
    }
    spill(X, r);
  }
  X->locked |= XBIT(r);
  return r;
}

static bool is_xmm_mask(uint32_t allowed) { return !(allowed & 0xffffu); }

int xr_use(JitxEmit *X, JRef r, uint32_t allowed) {
  bool xmm = is_xmm_mask(allowed);
  if (jir_isk(r)) {
    int t = xr_alloc(X, xmm, allowed, false);
    xe_mov_ri(X, t, jitx_kbits(X, r));
    return t;
  }
  uint32_t v = jir_idx(r);
  int cur = X->reg[v];
  if (cur >= 0 && (allowed & XBIT(cur))) {
    X->locked |= XBIT(cur);
    return cur;
  }
  int nr = xr_alloc(X, xmm, allowed, across_call(X, v));
  if (cur >= 0) {
    xe_mov_rr(X, nr, cur);
    X->owner[cur] = 0;
  } else if (X->slot[v] >= 0) {
    xe_load(X, nr, xe_stack(X, xr_slot_loc(X, X->slot[v])));
  } else {
    jitx_fail(X, "value %u used at op %u has no location", v, X->cur);
  }
  X->owner[nr] = v;
  X->reg[v] = (int8_t)nr;
  return nr;
}

int xr_use_gpr(JitxEmit *X, JRef r) { return xr_use(X, r, GPR_ALLOC); }
int xr_use_xmm(JitxEmit *X, JRef r) { return xr_use(X, r, XMM_ALLOC); }

void xr_def(JitxEmit *X, uint32_t i, int reg) {
  X->owner[reg] = i;
  X->reg[i] = (int8_t)reg;
  X->locked |= XBIT(reg);
}

/* Takes a's register for i when a dies at i (its slot is freed later). */
static bool take_over(JitxEmit *X, uint32_t i, JRef a, bool xmm) {
  if (jir_isk(a) || !xr_dies(X, a, i)) return false;
  uint32_t v = jir_idx(a);
  int r = X->reg[v];
  if (r < 0 || xisxmm(r) != xmm) return false;
  X->reg[v] = -1;
  xr_def(X, i, r);
  return true;
}

int xr_def_copy(JitxEmit *X, uint32_t i, JRef a, bool xmm) {
  if (take_over(X, i, a, xmm)) return X->reg[i];
  int r = xr_alloc(X, xmm, xmm ? XMM_ALLOC : GPR_ALLOC, across_call(X, i));
  if (jir_isk(a)) xe_mov_ri(X, r, jitx_kbits(X, a));
  else xe_move(X, r, xr_loc(X, a));
  xr_def(X, i, r);
  return r;
}

int xr_def_new(JitxEmit *X, uint32_t i, bool xmm, uint32_t allowed) {
  int r = xr_alloc(X, xmm, allowed, across_call(X, i));
  xr_def(X, i, r);
  return r;
}

void xr_evict(JitxEmit *X, int reg, uint32_t avoid) {
  uint32_t v = X->owner[reg];
  if (!v) return;
  bool xmm = xisxmm(reg);
  uint32_t mask = (xmm ? XMM_ALLOC : GPR_ALLOC) & ~avoid & ~X->locked & ~XBIT(reg);
  int to = pick_free(X, mask, xmm, across_call(X, v));
  if (to < 0) {
    spill(X, reg);
    return;
  }
  xe_mov_rr(X, to, reg);
  X->owner[to] = v;
  X->reg[v] = (int8_t)to;
  X->owner[reg] = 0;
}

void xr_spill_caller_saved(JitxEmit *X, uint32_t i) {
  for (int r = 0; r < 32; r++) {
    uint32_t v = X->owner[r];
    if (!(CALLER_SAVED & XBIT(r)) || !v) continue;
    if (X->last[v] > i) {
      spill(X, r);
    } else {
      X->reg[v] = -1;
      X->owner[r] = 0;
    }
  }
  X->locked &= ~CALLER_SAVED;
}

static void release(JitxEmit *X, JRef r, uint32_t i) {
  if (!xr_dies(X, r, i)) return;
  uint32_t v = jir_idx(r);
  if (X->reg[v] >= 0 && X->owner[X->reg[v]] == v) X->owner[X->reg[v]] = 0;
  X->reg[v] = -1;
  if (X->slot[v] >= 0) X->slot_busy[X->slot[v]] = 0;
  X->slot[v] = -1;
}

/* a snapshot's r at guard i: a deferred r's operands may die there */
static void release_snap(JitxEmit *X, JRef r, uint32_t i) {
  if (jir_isk(r)) return;
  uint32_t v = jir_idx(r);
  if (!X->deferred[v]) {
    release(X, r, i);
    return;
  }
  release_snap(X, X->da[v], i);
  release_snap(X, X->db[v], i);
}

void xr_end_op(JitxEmit *X, uint32_t i) {
  const Trace *T = X->T;
  const JIns *I = &T->ins[i];
  if (!X->deferred[i])
    for (unsigned k = 0; k < I->nargs; k++) release(X, jir_arg(T, I, k), i);
  uint32_t n;
  const JRef *refs = jir_snap_refs(T, I, &n);
  for (uint32_t k = 0; k < n; k++) release_snap(X, refs[k], i);
  if (X->last[i] == 0) release(X, jir_ref(i), i);  /* never used */
  X->locked = 0;
}

/* ---- parallel moves ------------------------------------------------------------------- */
static bool read_later(const XMove *m, const uint8_t *done, uint32_t n, int32_t loc, uint32_t skip) {
  for (uint32_t k = 0; k < n; k++)
    if (!done[k] && k != skip && !m[k].isk && m[k].src == loc) return true;
  return false;
}

void xr_pmove(JitxEmit *X, XMove *m, uint32_t n) {
  uint8_t small[64], *done = n <= 64 ? small : malloc(n);
  if (!done) jir_oom();
  uint32_t left = 0;
  for (uint32_t k = 0; k < n; k++) {
    done[k] = !m[k].isk && m[k].src == m[k].dst;
    left += !done[k];
  }
  while (left) {
    bool progress = false;
    for (uint32_t k = 0; k < n; k++) {
      if (done[k] || read_later(m, done, n, m[k].dst, k)) continue;
      if (m[k].isk) xe_move_k(X, m[k].dst, m[k].k);
      else xe_move(X, m[k].dst, m[k].src);
      done[k] = 1;
      left--;
      progress = true;
    }
    if (progress) continue;
    for (uint32_t k = 0; k < n; k++) {  /* a cycle: save one destination */
      if (done[k]) continue;
      int32_t d = m[k].dst;
      xe_move(X, XSCR, d);
      for (uint32_t j = 0; j < n; j++)
        if (!done[j] && !m[j].isk && m[j].src == d) m[j].src = XSCR;
      break;
    }
  }
  if (done != small) free(done);
}

/* ---- the loop ---------------------------------------------------------------------------- */
void xr_head(JitxEmit *X) {
  for (uint32_t k = 0; k < X->nhead; k++) {
    JRef r = X->head_ref[k];
    X->head_loc[k] = LOC_NONE;
    if (jir_isk(r) || (k < X->nlabel && repeated(X, k))) continue;
    uint32_t v = jir_idx(r);
    if (k < X->nlabel && X->reg[v] >= 0 && X->slot[v] >= 0) {
      X->slot_busy[X->slot[v]] = 0;  /* the jump writes the register only */
      X->slot[v] = -1;
    }
    X->head_loc[k] = xr_loc(X, r);
  }
  X->label_pos = X->len;
}

void xr_jump(JitxEmit *X, const JIns *I) {
  XMove *m = malloc((X->nhead + 1) * sizeof *m);
  if (!m) jir_oom();
  uint32_t n = 0;
  for (uint32_t k = 0; k < X->nhead; k++) {
    int32_t d = X->head_loc[k];
    if (d == LOC_NONE || (k >= X->nlabel && d >= LOC_MEM)) continue;  /* slots of
                                                   invariants stay valid */
    JRef r = k < X->nlabel ? jir_arg(X->T, I, k) : X->head_ref[k];
    m[n] = (XMove){.dst = d};
    if (jir_isk(r)) {
      m[n].isk = true;
      m[n].k = jitx_kbits(X, r);
    } else {
      m[n].src = xr_loc(X, r);
      if (m[n].src == LOC_NONE) {
        jitx_fail(X, "internal error: jump value %u has no location", jir_idx(r));
        continue;
      }
    }
    n++;
  }
  xr_pmove(X, m, n);
  free(m);
  xe_jcc_to(X, CC_ALWAYS, X->label_pos);
}
