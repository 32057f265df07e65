/* cw_select.c — which graphs get jitcodes; loops; liveness. */
#include <string.h>

#include "backend/jitcode/cw_internal.h"

/* ---- walking blocks ------------------------------------------------------------ */

void cw_blocks(Arena *A, Graph *g, BlockVec *out) {
  uint8_t *seen = arena_alloc(A, g->next_block + 1);
  memset(seen, 0, g->next_block + 1);
  VEC(Block *) stack = {0};
  vec_push(A, stack, g->start);
  seen[g->start->id] = 1;
  while (stack.len) {
    Block *b = stack.data[--stack.len];
    vec_push(A, *out, b);
    /* push in reverse so the first exit is visited first */
    for (uint32_t i = b->exits.len; i-- > 0;) {
      Block *t = b->exits.data[i]->target;
      if (!seen[t->id]) {
        seen[t->id] = 1;
        vec_push(A, stack, t);
      }
    }
  }
}

/* Iterative DFS with colours: a back edge is a loop. */
bool cw_has_loop(Arena *A, Graph *g) {
  uint8_t *colour = arena_alloc(A, g->next_block + 1);  /* 0 new, 1 open, 2 done */
  memset(colour, 0, g->next_block + 1);
  VEC(Block *) stack = {0};
  VEC(uint32_t) next = {0};
  vec_push(A, stack, g->start);
  vec_push(A, next, 0);
  colour[g->start->id] = 1;
  while (stack.len) {
    Block *b = vec_last(stack);
    uint32_t *i = &vec_last(next);
    if (*i == b->exits.len) {
      colour[b->id] = 2;
      stack.len--;
      next.len--;
      continue;
    }
    Block *t = b->exits.data[(*i)++]->target;
    if (colour[t->id] == 1) return true;
    if (colour[t->id] == 0) {
      colour[t->id] = 1;
      vec_push(A, stack, t);
      vec_push(A, next, 0);
    }
  }
  return false;
}

/* ---- liveness --------------------------------------------------------------------- */

static void set_bit(uint64_t *s, const Value *v) {
  if (v && v->kind == VAL_VAR) s[v->id / 64] |= 1ull << (v->id % 64);
}
static void clear_bit(uint64_t *s, const Value *v) {
  if (v && v->kind == VAL_VAR) s[v->id / 64] &= ~(1ull << (v->id % 64));
}

/* The live set at the end of b: every variable a link passes on, the exit
 * switch, and what the targets use without receiving it as an input
 * (helper graphs built by the rtyper use variables across blocks) — but
 * never a link's own etype/evalue, which the link defines. */
void cw_live_out(const CwLive *L, Block *b, uint64_t *s) {
  memset(s, 0, L->words * 8);
  for (uint32_t i = 0; i < b->exits.len; i++) {
    Link *l = b->exits.data[i];
    for (uint32_t k = 0; k < l->nargs; k++) set_bit(s, l->args[k]);
    const uint64_t *in = L->in ? L->in[l->target->id] : NULL;
    if (in) {
      uint64_t *tmp = L->tmp;
      memcpy(tmp, in, L->words * 8);
      for (uint32_t k = 0; k < l->target->ninputs; k++) clear_bit(tmp, l->target->inputs[k]);
      for (uint32_t w = 0; w < L->words; w++) s[w] |= tmp[w];
    }
  }
  for (uint32_t i = 0; i < b->exits.len; i++) {
    clear_bit(s, b->exits.data[i]->etype);
    clear_bit(s, b->exits.data[i]->evalue);
  }
  set_bit(s, b->exitswitch);
}

void cw_live_step(const Op *op, uint64_t *s) {
  clear_bit(s, op->result);
  for (uint32_t a = 0; a < op->nargs; a++) set_bit(s, op->args[a]);
}

/* Walks b's ops backwards from the end down to op `stop` (exclusive),
 * turning a live-out set into the set live after op stop-1. */
static void through_ops(Block *b, uint32_t stop, uint64_t *s) {
  for (uint32_t k = b->ops.len; k-- > stop;) cw_live_step(b->ops.data[k], s);
}

/* Live-in sets to a fixpoint, blocks visited in reverse depth-first order. */
CwLive cw_liveness(Arena *A, Graph *g) {
  CwLive L = {(g->next_var + 63) / 64, NULL, NULL};
  size_t w = L.words ? L.words : 1;
  BlockVec blocks = {0};
  cw_blocks(A, g, &blocks);
  L.in = arena_alloc_array(A, g->next_block + 1, sizeof *L.in);
  for (uint32_t i = 0; i < blocks.len; i++) L.in[blocks.data[i]->id] = arena_alloc_array(A, w, 8);
  L.tmp = arena_alloc_array(A, w, 8);
  uint64_t *s = arena_alloc_array(A, w, 8);
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t i = blocks.len; i-- > 0;) {
      Block *b = blocks.data[i];
      cw_live_out(&L, b, s);
      through_ops(b, 0, s);
      if (memcmp(s, L.in[b->id], L.words * 8) != 0) {
        memcpy(L.in[b->id], s, L.words * 8);
        changed = true;
      }
    }
  }
  return L;
}

uint64_t *cw_live_after(Arena *A, Graph *g, Block *b, uint32_t k) {
  CwLive L = cw_liveness(A, g);
  uint64_t *s = arena_alloc_array(A, L.words ? L.words : 1, 8);
  cw_live_out(&L, b, s);
  through_ops(b, k + 1, s);
  return s;
}

/* ---- selection ------------------------------------------------------------------------ */

static bool is_merge_point(const Op *op) {
  return op->opc == LLOP_jit_marker && op->nargs >= 1 && op->args[0]->kind == VAL_CONST &&
         op->args[0]->ckind == CONST_STR && strcmp(op->args[0]->u.s.p, "jit_merge_point") == 0;
}

static bool graph_has_merge_point(Graph *g, Arena *A) {
  BlockVec blocks = {0};
  cw_blocks(A, g, &blocks);
  for (uint32_t i = 0; i < blocks.len; i++)
    for (uint32_t k = 0; k < blocks.data[i]->ops.len; k++)
      if (is_merge_point(blocks.data[i]->ops.data[k])) return true;
  return false;
}

static CwCode *add_code(Cw *C, LLFunc *f, bool portal) {
  CwCode *K = arena_alloc(C->A, sizeof *K);
  memset(K, 0, sizeof *K);
  K->func = f;
  K->g = f->graph;
  K->portal = portal;
  K->index = C->codes.len;
  for (int b = 0; b < JC_NBANKS; b++) hmap_init(&K->kmap[b], C->A);
  vec_push(C->A, C->codes, K);
  hmap_put(&C->codes_of, HKEY(f), K);
  return K;
}

static bool inlinable(Cw *C, LLFunc *f) {
  if (!f->graph || hmap_get(&C->portal_of, HKEY(f->graph))) return false;
  if (f->jit & LLJIT_DONT_LOOK_INSIDE) return false;
  if ((f->effects & LLFX_ELIDABLE) && !(f->jit & LLJIT_LOOK_INSIDE)) return false;
  if (!(f->jit & (LLJIT_UNROLL_SAFE | LLJIT_LOOK_INSIDE)) && cw_has_loop(C->A, f->graph))
    return false;
  return cw_supported(f->graph);
}

/* Adds the graphs K's graph calls that it may trace into. */
static void add_callees(Cw *C, CwCode *K) {
  BlockVec blocks = {0};
  cw_blocks(C->A, K->g, &blocks);
  for (uint32_t i = 0; i < blocks.len; i++)
    for (uint32_t k = 0; k < blocks.data[i]->ops.len; k++) {
      Op *op = blocks.data[i]->ops.data[k];
      if (op->opc != LLOP_direct_call || op->args[0]->ckind != CONST_LLFUNC) continue;
      LLFunc *f = op->args[0]->u.ref.p;
      if (!hmap_get(&C->codes_of, HKEY(f)) && inlinable(C, f)) add_code(C, f, false);
    }
}

void cw_select(Cw *C) {
  const BeProgram *P = C->prog;
  for (uint32_t i = 0; i <= P->nroots; i++) {
    LLFunc *f = i < P->nroots ? P->roots[i] : P->entry;
    if (!f || !f->graph || hmap_get(&C->codes_of, HKEY(f))) continue;
    if (!graph_has_merge_point(f->graph, C->A)) continue;
    if (!cw_supported(f->graph)) {
      diag_error(C->D, f->graph->loc,
                 "the JIT cannot run '%s' (it holds an operation the codewriter does "
                 "not support)", f->graph->name);
      C->failed = true;
      continue;
    }
    hmap_put(&C->portal_of, HKEY(f->graph), (void *)1);
    add_code(C, f, true);
  }
  /* functions an indirect call may reach: the tracer follows such a call
   * into the callee's jitcode once it has promoted the function pointer */
  for (uint32_t i = 0; i < P->nroots && C->codes.len; i++) {
    LLFunc *f = P->roots[i];
    if (!f || !(f->jit & LLJIT_ADDRESS_TAKEN) || !inlinable(C, f)) continue;
    CwCode *K = hmap_get(&C->codes_of, HKEY(f));
    if (!K) K = add_code(C, f, false);
    K->indirect = true;
  }
  for (uint32_t i = 0; i < C->codes.len; i++) add_callees(C, C->codes.data[i]);
}
