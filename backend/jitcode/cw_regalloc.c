/* cw_regalloc.c — registers for a graph's variables, with coalescing.
 *
 * Every variable gets a register of its bank. A link argument and the
 * target block's input it feeds share one when the two never interfere
 * (neither is live where the other is defined): then the link's move
 * disappears. Classes of coalesced variables are kept with union-find and
 * an interference bit matrix over variable ids (rows of a class's root
 * hold the union of its members'). Graphs above CW_COALESCE_MAX variables
 * are not coalesced (the matrix would be too big); they keep their copies
 * and a register per variable. Parameters get registers 0.. of their bank, in order; then each
 * class, in order of its first variable, gets the lowest register of its
 * bank that no class it interferes with has (greedy coloring: a big
 * portal needs a few hundred registers, not one per variable, and every
 * frame the tracer or the blackhole makes clears and fills that many). */
#include <stdlib.h>
#include <string.h>

#include "backend/jitcode/cw_internal.h"

enum { CW_COALESCE_MAX = 16384 };  /* a 32 MB matrix at most */

typedef struct Coal {
  uint32_t n;              /* variables (g->next_var) */
  uint32_t words;          /* per row */
  uint64_t *m;             /* n rows of `words` */
  uint32_t *parent;
} Coal;

static uint64_t *row(Coal *c, uint32_t v) { return c->m + (size_t)v * c->words; }

static void interfere(Coal *c, uint32_t a, uint32_t b) {
  if (a == b) return;
  row(c, a)[b / 64] |= 1ull << (b % 64);
  row(c, b)[a / 64] |= 1ull << (a % 64);
}

static uint32_t find(Coal *c, uint32_t v) {
  while (c->parent[v] != v) v = c->parent[v] = c->parent[c->parent[v]];
  return v;
}

static int bank_of(const Value *v) { return v && v->kind == VAL_VAR ? cw_bank(v->ll) : -1; }

/* x interferes with every variable of its bank in the set s. */
static void against_set(Coal *c, const Value *x, const uint64_t *s, Value *const *byid) {
  int b = bank_of(x);
  if (b < 0) return;
  for (uint32_t w = 0; w < c->words; w++)
    for (uint64_t bits = s[w]; bits; bits &= bits - 1) {
      uint32_t id = w * 64 + (uint32_t)__builtin_ctzll(bits);
      if (byid[id] && bank_of(byid[id]) == b) interfere(c, x->id, id);
    }
}

static bool is_copy(const Op *op);

static void block_interference(Coal *c, const CwLive *L, Block *b, uint64_t *s,
                               Value *const *byid) {
  cw_live_out(L, b, s);
  for (uint32_t i = 0; i < b->exits.len; i++) {  /* defined on the link, before its moves */
    against_set(c, b->exits.data[i]->etype, s, byid);
    against_set(c, b->exits.data[i]->evalue, s, byid);
  }
  for (uint32_t k = b->ops.len; k-- > 0;) {
    Op *op = b->ops.data[k];
    if (op->result && op->result->kind == VAL_VAR) {
      uint64_t keep = s[op->result->id / 64];
      s[op->result->id / 64] &= ~(1ull << (op->result->id % 64));
      against_set(c, op->result, s, byid);
      s[op->result->id / 64] = keep;
      /* never an operand's register (but a copy's): the interpreters of
       * jitcodes may write an op's result before they are done with its
       * operands */
      for (uint32_t a = 0; !is_copy(op) && a < op->nargs; a++)
        if (op->args[a] && op->args[a]->kind == VAL_VAR && bank_of(op->args[a]) == bank_of(op->result))
          interfere(c, op->result->id, op->args[a]->id);
    }
    cw_live_step(op, s);
  }
  /* the inputs are defined together, with everything else live on entry */
  for (uint32_t i = 0; i < b->ninputs; i++) {
    uint64_t keep = s[b->inputs[i]->id / 64];
    s[b->inputs[i]->id / 64] &= ~(1ull << (b->inputs[i]->id % 64));
    against_set(c, b->inputs[i], s, byid);
    s[b->inputs[i]->id / 64] = keep;
    for (uint32_t j = i + 1; j < b->ninputs; j++)
      if (bank_of(b->inputs[i]) >= 0 && bank_of(b->inputs[i]) == bank_of(b->inputs[j]))
        interfere(c, b->inputs[i]->id, b->inputs[j]->id);
  }
}

static void merge(Coal *c, uint32_t a, uint32_t b) {
  uint32_t ra = find(c, a), rb = find(c, b);
  if (ra == rb || (row(c, ra)[rb / 64] >> (rb % 64) & 1)) return;
  uint64_t *x = row(c, ra), *y = row(c, rb);
  for (uint32_t w = 0; w < c->words; w++) {
    x[w] |= y[w];
    for (uint64_t bits = y[w]; bits; bits &= bits - 1) {  /* symmetric */
      uint32_t k = w * 64 + (uint32_t)__builtin_ctzll(bits);
      row(c, k)[ra / 64] |= 1ull << (ra % 64);
    }
  }
  c->parent[rb] = ra;
}

/* Ops the codewriter writes as a plain copy of their operand. */
static bool is_copy(const Op *op) {
  switch ((LLOp)op->opc) {
  case LLOP_same_as: case LLOP_cast_pointer: case LLOP_cast_bool_to_int:
  case LLOP_cast_char_to_int: case LLOP_cast_int_to_uint: case LLOP_cast_uint_to_int:
    return true;
  default: return false;
  }
}

static void coalesce(Coal *c, BlockVec *order) {
  for (uint32_t i = 0; i < order->len; i++) {
    Block *b = order->data[i];
    for (uint32_t k = 0; k < b->ops.len; k++) {
      Op *op = b->ops.data[k];
      if (is_copy(op) && bank_of(op->args[0]) >= 0 && bank_of(op->args[0]) == bank_of(op->result))
        merge(c, op->args[0]->id, op->result->id);
    }
    for (uint32_t e = 0; e < b->exits.len; e++) {
      Link *l = b->exits.data[e];
      for (uint32_t k = 0; k < l->nargs && k < l->target->ninputs; k++) {
        Value *a = l->args[k], *t = l->target->inputs[k];
        if (bank_of(a) >= 0 && bank_of(a) == bank_of(t)) merge(c, a->id, t->id);
      }
    }
  }
}

/* The lowest register of bank b that no class interfering with class r
 * (a root) holds; registers not given yet are 0xffff. */
static uint16_t lowest_free(Coal *c, uint32_t r, int b, const uint16_t *root_reg,
                            Value *const *byid) {
  uint64_t used[1024] = {0};  /* 65536 registers */
  const uint64_t *x = row(c, r);
  for (uint32_t w = 0; w < c->words; w++)
    for (uint64_t bits = x[w]; bits; bits &= bits - 1) {
      uint32_t id = w * 64 + (uint32_t)__builtin_ctzll(bits);
      if (!byid[id] || bank_of(byid[id]) != b) continue;
      uint16_t g = root_reg[find(c, id)];
      if (g != 0xffff) used[g / 64] |= 1ull << (g % 64);
    }
  uint32_t w = 0;
  while (w < 1023 && used[w] == ~0ull) w++;
  return (uint16_t)(w * 64 + (uint32_t)__builtin_ctzll(~used[w]));
}

/* The register of every variable of g: reg[id], counts per bank in nvars,
 * parameters per bank in nparams. */
void cw_assign_registers(Cw *C, Graph *g, BlockVec *order, uint16_t *reg,
                         uint16_t nvars[JC_NBANKS], uint16_t nparams[JC_NBANKS]) {
  uint32_t n = g->next_var;
  Value **byid = arena_alloc_array(C->A, n + 1, sizeof *byid);
  for (uint32_t i = 0; i < order->len; i++) {
    Block *b = order->data[i];
    for (uint32_t k = 0; k < b->ninputs; k++) byid[b->inputs[k]->id] = b->inputs[k];
    for (uint32_t k = 0; k < b->ops.len; k++)
      if (b->ops.data[k]->result) byid[b->ops.data[k]->result->id] = b->ops.data[k]->result;
    for (uint32_t k = 0; k < b->exits.len; k++) {
      Link *l = b->exits.data[k];
      if (l->etype) byid[l->etype->id] = l->etype;
      if (l->evalue) byid[l->evalue->id] = l->evalue;
    }
  }
  for (uint32_t k = 0; k < g->start->ninputs; k++) byid[g->start->inputs[k]->id] = g->start->inputs[k];
  Coal c = {n, (n + 63) / 64, NULL, NULL};
  c.parent = arena_alloc_array(C->A, n + 1, sizeof *c.parent);
  for (uint32_t v = 0; v < n; v++) c.parent[v] = v;
  bool have_matrix = n && n <= CW_COALESCE_MAX;
  if (have_matrix) {
    c.m = calloc((size_t)n * c.words, 8);
    if (!c.m) rt_oom();
    CwLive L = cw_liveness(C->A, g);
    uint64_t *s = arena_alloc_array(C->A, c.words, 8);
    for (uint32_t i = 0; i < order->len; i++) block_interference(&c, &L, order->data[i], s, byid);
    for (uint32_t i = 0; i < g->start->ninputs; i++)  /* distinct registers 0.. */
      for (uint32_t j = i + 1; j < g->start->ninputs; j++)
        if (bank_of(g->start->inputs[i]) >= 0)
          interfere(&c, g->start->inputs[i]->id, g->start->inputs[j]->id);
    coalesce(&c, order);
  }
  const uint16_t none = 0xffff;
  uint16_t *root_reg = arena_alloc_array(C->A, n + 1, sizeof *root_reg);
  for (uint32_t v = 0; v <= n; v++) root_reg[v] = none;
  memset(nvars, 0, JC_NBANKS * sizeof *nvars);
  for (int pass = 0; pass < 2; pass++) {  /* parameters first */
    uint32_t lim = pass ? n : 0;
    for (uint32_t k = 0; !pass && k < g->start->ninputs; k++) {
      Value *v = g->start->inputs[k];
      int b = bank_of(v);
      if (b < 0) continue;
      root_reg[find(&c, v->id)] = nvars[b]++;
    }
    if (!pass) memcpy(nparams, nvars, JC_NBANKS * sizeof *nvars);
    for (uint32_t id = 0; id < lim; id++) {
      int b = bank_of(byid[id]);
      if (b < 0) continue;
      uint32_t r = find(&c, id);
      if (root_reg[r] != none) continue;
      root_reg[r] = have_matrix ? lowest_free(&c, r, b, root_reg, byid) : nvars[b];
      if (root_reg[r] >= nvars[b]) nvars[b] = (uint16_t)(root_reg[r] + 1);
    }
  }
  free(c.m);
  for (uint32_t id = 0; id < n; id++)
    if (bank_of(byid[id]) >= 0) reg[id] = root_reg[find(&c, id)];
}
