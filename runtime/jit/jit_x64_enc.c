/* jit_x64_enc.c — the x86-64 encoder of the trace compiler: bytes into the
 * emitter's growing buffer, REX/ModRM/SIB for register and [base + index *
 * scale + disp] operands, moves between any two locations, ALU ops,
 * rel32 jumps with patching, conditions (setcc, jcc, float parity).
 * Contract: jit_x64_impl.h. */
#include <stdlib.h>
#include <string.h>

#include "jit_x64_impl.h"

static void grow(JitxEmit *X, uint32_t need) {
  if (X->len + need <= X->cap) return;
  uint32_t cap = X->cap ? X->cap * 2 : 4096;
  while (cap < X->len + need) cap *= 2;
  uint8_t *p = realloc(X->buf, cap);
  if (!p) jir_oom();
  X->buf = p;
  X->cap = cap;
}

void xe_byte(JitxEmit *X, unsigned b) {
  grow(X, 16);
  X->buf[X->len++] = (uint8_t)b;
}

void xe_u32(JitxEmit *X, uint32_t v) {
  grow(X, 4);
  memcpy(X->buf + X->len, &v, 4);
  X->len += 4;
}

static void xe_u64(JitxEmit *X, uint64_t v) {
  grow(X, 8);
  memcpy(X->buf + X->len, &v, 8);
  X->len += 8;
}

void xe_patch32(JitxEmit *X, uint32_t at, int32_t v) { memcpy(X->buf + at, &v, 4); }

/* `force`: a byte register SPL..DIL is named (REX makes it not AH..BH) */
static void prefix_rex(JitxEmit *X, unsigned pfx, bool w, int reg, int index, int base,
                       bool force) {
  if (pfx) xe_byte(X, pfx);
  unsigned rex = 0x40 | (w ? 8u : 0u) | (((unsigned)reg >> 3 & 1) << 2) |
                 (index >= 0 ? ((unsigned)index >> 3 & 1) << 1 : 0) | ((unsigned)base >> 3 & 1);
  if (rex != 0x40 || force) xe_byte(X, rex);
}

static bool low_byte_reg(int r) { return r >= 4 && r <= 7; }

static void opcode(JitxEmit *X, uint32_t opc, int oplen) {
  for (int k = oplen - 1; k >= 0; k--) xe_byte(X, opc >> (8 * k) & 0xff);
}

void xe_rr(JitxEmit *X, unsigned pfx, bool w, uint32_t opc, int oplen, int reg, int rm, bool byte) {
  reg &= 15;
  rm &= 15;
  prefix_rex(X, pfx, w, reg, -1, rm, byte && (low_byte_reg(reg) || low_byte_reg(rm)));
  opcode(X, opc, oplen);
  xe_byte(X, 0xc0 | (unsigned)(reg & 7) << 3 | (unsigned)(rm & 7));
}

void xe_rm(JitxEmit *X, unsigned pfx, bool w, uint32_t opc, int oplen, int reg, XMem m, bool byte) {
  reg &= 15;
  int base = m.base & 15;
  prefix_rex(X, pfx, w, reg, m.index, base, byte && low_byte_reg(reg));
  opcode(X, opc, oplen);
  unsigned mod = m.disp == 0 && (base & 7) != 5 ? 0 : (m.disp == (int8_t)m.disp ? 1 : 2);
  bool sib = m.index >= 0 || (base & 7) == 4;
  xe_byte(X, mod << 6 | (unsigned)(reg & 7) << 3 | (sib ? 4u : (unsigned)(base & 7)));
  if (sib) {
    unsigned ss = m.scale == 8 ? 3 : m.scale == 4 ? 2 : m.scale == 2 ? 1 : 0;
    unsigned idx = m.index >= 0 ? (unsigned)(m.index & 7) : 4;
    xe_byte(X, ss << 6 | idx << 3 | (unsigned)(base & 7));
  }
  if (mod == 1) xe_byte(X, (uint8_t)(int8_t)m.disp);
  else if (mod == 2) xe_u32(X, (uint32_t)m.disp);
}

XMem xe_mem(int base, int32_t disp) { return (XMem){(int8_t)base, -1, 1, disp}; }

XMem xe_stack(const JitxEmit *X, int32_t loc) {
  (void)X;
  return xe_mem(RSP, 8 * (loc - LOC_MEM));
}

void xe_mov_rr(JitxEmit *X, int dst, int src) {
  if (dst == src) return;
  if (xisgpr(dst) && xisgpr(src)) xe_rr(X, 0, true, 0x8b, 1, dst, src, false);
  else if (xisxmm(dst) && xisxmm(src)) xe_rr(X, 0x66, false, 0x0f28, 2, dst, src, false);
  else if (xisgpr(dst)) xe_rr(X, 0x66, true, 0x0f7e, 2, src, dst, false);  /* movq r, x */
  else xe_rr(X, 0x66, true, 0x0f6e, 2, dst, src, false);                   /* movq x, r */
}

void xe_mov_ri(JitxEmit *X, int dst, int64_t k) {
  if (xisxmm(dst)) {
    if (k == 0) { xe_rr(X, 0, false, 0x0f57, 2, dst, dst, false); return; }  /* xorps */
    xe_mov_ri(X, SCR, k);
    xe_mov_rr(X, dst, SCR);
    return;
  }
  if (k >= 0 && k <= (int64_t)UINT32_MAX) {
    prefix_rex(X, 0, false, 0, -1, dst, false);
    xe_byte(X, 0xb8 + (unsigned)(dst & 7));
    xe_u32(X, (uint32_t)k);
  } else if (xfits32(k)) {
    xe_rr(X, 0, true, 0xc7, 1, 0, dst, false);
    xe_u32(X, (uint32_t)k);
  } else {
    prefix_rex(X, 0, true, 0, -1, dst, false);
    xe_byte(X, 0xb8 + (unsigned)(dst & 7));
    xe_u64(X, (uint64_t)k);
  }
}

void xe_load(JitxEmit *X, int dst, XMem m) {
  if (xisxmm(dst)) xe_rm(X, 0xf2, false, 0x0f10, 2, dst, m, false);
  else xe_rm(X, 0, true, 0x8b, 1, dst, m, false);
}

void xe_store(JitxEmit *X, XMem m, int src) {
  if (xisxmm(src)) xe_rm(X, 0xf2, false, 0x0f11, 2, src, m, false);
  else xe_rm(X, 0, true, 0x89, 1, src, m, false);
}

void xe_store_k(JitxEmit *X, XMem m, int64_t k) {
  if (xfits32(k)) {
    xe_rm(X, 0, true, 0xc7, 1, 0, m, false);
    xe_u32(X, (uint32_t)k);
    return;
  }
  xe_mov_ri(X, SCR, k);
  xe_store(X, m, SCR);
}

void xe_move(JitxEmit *X, int32_t dst, int32_t src) {
  if (dst == src) return;
  bool dm = dst >= LOC_MEM, sm = src >= LOC_MEM;
  if (dm && sm) {
    xe_load(X, SCR, xe_stack(X, src));
    xe_store(X, xe_stack(X, dst), SCR);
  } else if (dm) {
    xe_store(X, xe_stack(X, dst), src);
  } else if (sm) {
    xe_load(X, dst, xe_stack(X, src));
  } else {
    xe_mov_rr(X, dst, src);
  }
}

void xe_move_k(JitxEmit *X, int32_t dst, int64_t k) {
  if (dst >= LOC_MEM) xe_store_k(X, xe_stack(X, dst), k);
  else xe_mov_ri(X, dst, k);
}

void xe_alu_rr(JitxEmit *X, int op, int dst, int src) {
  xe_rr(X, 0, true, (uint32_t)op * 8 + 3, 1, dst, src, false);
}

void xe_alu_ri(JitxEmit *X, int op, int dst, int32_t k) {
  bool b8 = k == (int8_t)k;
  xe_rr(X, 0, true, b8 ? 0x83 : 0x81, 1, op, dst, false);
  if (b8) xe_byte(X, (uint8_t)(int8_t)k);
  else xe_u32(X, (uint32_t)k);
}

void xe_alu_rm(JitxEmit *X, int op, int dst, XMem m) {
  xe_rm(X, 0, true, (uint32_t)op * 8 + 3, 1, dst, m, false);
}

void xe_alu_mi(JitxEmit *X, int op, XMem m, int32_t k) {
  bool b8 = k == (int8_t)k;
  xe_rm(X, 0, true, b8 ? 0x83 : 0x81, 1, op, m, false);
  if (b8) xe_byte(X, (uint8_t)(int8_t)k);
  else xe_u32(X, (uint32_t)k);
}

uint32_t xe_jcc(JitxEmit *X, int cc) {
  if (cc == CC_ALWAYS) {
    xe_byte(X, 0xe9);
  } else {
    xe_byte(X, 0x0f);
    xe_byte(X, 0x80 + (unsigned)cc);
  }
  uint32_t at = X->len;
  xe_u32(X, 0);
  return at;
}

void xe_bind(JitxEmit *X, uint32_t field) {
  xe_patch32(X, field, (int32_t)(X->len - (field + 4)));
}

void xe_jcc_to(JitxEmit *X, int cc, uint32_t target) {
  uint32_t f = xe_jcc(X, cc);
  xe_patch32(X, f, (int32_t)(target - (f + 4)));
}

void xe_setcc(JitxEmit *X, XCond c, int dst) {
  xe_rr(X, 0, false, 0x0f90u + c.cc, 2, 0, dst, true);
  if (c.pmode) {
    xe_rr(X, 0, false, 0x0f90u + (c.pmode == 1 ? CC_NP : CC_P), 2, 0, SCR, true);
    xe_rr(X, 0, false, c.pmode == 1 ? 0x20 : 0x08, 1, SCR, dst, true);  /* and/or r/m8, r8 */
  }
  xe_rr(X, 0, false, 0x0fb6, 2, dst, dst, true);  /* movzx r32, r8 */
}

int xe_jcond(JitxEmit *X, XCond c, bool when, uint32_t *fields) {
  if (c.cc == CC_ALWAYS) { fields[0] = xe_jcc(X, CC_ALWAYS); return 1; }
  int cc = when ? c.cc : c.cc ^ 1;
  if (c.pmode == 0) { fields[0] = xe_jcc(X, cc); return 1; }
  /* C = cc && NP (pmode 1) or cc || P (pmode 2): jump when C == when */
  bool parity_jumps = (c.pmode == 1) != when;  /* P alone decides: jump on P */
  if (parity_jumps) {
    fields[0] = xe_jcc(X, CC_P);
    fields[1] = xe_jcc(X, cc);
    return 2;
  }
  uint32_t skip = xe_jcc(X, CC_P);  /* P decides against jumping */
  fields[0] = xe_jcc(X, cc);
  xe_bind(X, skip);
  return 1;
}
