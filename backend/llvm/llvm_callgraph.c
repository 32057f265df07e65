/* llvm_callgraph.c — which graphs need a stack check at entry, and which
 * are too big to inline.
 *
 * Stack checks. Only a cycle of calls can grow the stack without bound, so a check in
 * one function of every cycle suffices: a graph gets one when it is in a
 * strongly connected component of the direct-call graph with more than
 * one member or calls itself, or when it makes an indirect call (every
 * cycle through a function pointer passes such a call site). The other
 * graphs (leaves, small helpers, methods called from a loop) stay free of
 * the check, which keeps them cheap to inline. RT_STACK_MARGIN leaves room
 * for the acyclic chains of frames between two checks.
 *
 * Inlining. LLVM's inliner adds a large bonus for the only call of an
 * internal function, so that a main calling many functions once becomes
 * one huge function, and the optimizer's and the code generator's time
 * grow faster than the code (a 1,000-line program took twice as long as
 * with its functions kept apart). A call costs nothing next to such
 * bodies. So a graph whose inline size exceeds BE_NOINLINE_OPS is
 * `noinline`: its own operations plus, for each direct call of a graph
 * outside its cycle that is not itself noinline, that graph's inline size
 * (what the inliner would paste there). Small functions and helpers still
 * inline as usual.
 *
 * The other side: a graph below that size with one call site in the
 * program, on no cycle, is `alwaysinline`. LLVM would inline it anyway
 * for that one call, unless the backend copied the caller: a JIT
 * executable has each portal twice (the loop and its re-entry copy,
 * llvm_jit.c), which left the interpreter's helpers called, not inlined,
 * in the very loop the --no-jit build inlines them into.
 *
 * Tarjan's algorithm, iterative (call chains may be long). It pops the
 * components callees first, which is the order the sizes need. */
#include <string.h>

#include "llvm_internal.h"

/* The inline size above which a graph is noinline (see the head). */
enum { BE_NOINLINE_OPS = 60 };

typedef struct CgNode {
  uint32_t *succ;     /* indices into be->graphs, one per call site */
  uint32_t nsucc;
  uint32_t nops;      /* the graph's own operations */
  uint32_t size;      /* inline size, set when its component is popped */
  uint32_t comp;      /* its component: the index of the component's root + 1 */
  uint32_t index;     /* 0: not visited yet; else visit order + 1 */
  uint32_t low;
  uint32_t next;      /* next successor to look at */
  uint32_t ncalls;    /* call sites of it in other graphs */
  bool on_stack;
  bool self_call;
  bool indirect;
} CgNode;

typedef struct Cg {
  Be *be;
  CgNode *n;
  uint32_t *stack;    /* Tarjan's stack */
  uint32_t sp;
  uint32_t *path;     /* the DFS path */
  uint32_t pp;
  uint32_t counter;
} Cg;

static LLFunc *callee_graph(const Op *op) {
  if (op->opc != LLOP_direct_call || op->nargs == 0) return NULL;
  const Value *c = op->args[0];
  if (c->kind != VAL_CONST || c->ckind != CONST_LLFUNC) return NULL;
  LLFunc *f = c->u.ref.p;
  return f->graph ? f : NULL;
}

static void collect_edges(Cg *cg, uint32_t i, BeMap *idx) {
  Be *be = cg->be;
  BlockList bl = {0};
  VEC(uint32_t) out = {0};
  graph_blocks_in(be->graphs.data[i]->graph, &be->scratch, &bl);
  for (unsigned b = 0; b < bl.len; b++) {
    cg->n[i].nops += bl.data[b]->ops.len;
    for (unsigned j = 0; j < bl.data[b]->ops.len; j++) {
      const Op *op = bl.data[b]->ops.data[j];
      if (op->opc == LLOP_indirect_call) cg->n[i].indirect = true;
      LLFunc *f = callee_graph(op);
      uintptr_t k = f ? (uintptr_t)bemap_get(idx, f) : 0;
      if (!k) continue;
      if (k - 1 == i) {
        cg->n[i].self_call = true;
        continue;
      }
      vec_push(&be->scratch, out, (uint32_t)(k - 1));
      cg->n[k - 1].ncalls++;
    }
  }
  cg->n[i].succ = out.data;
  cg->n[i].nsucc = out.len;
}

static void visit(Cg *cg, uint32_t v) {
  cg->n[v].index = cg->n[v].low = ++cg->counter;
  cg->n[v].next = 0;
  cg->n[v].on_stack = true;
  cg->stack[cg->sp++] = v;
  cg->path[cg->pp++] = v;
}

/* Node w's inline size; its callees outside its component have theirs.
 * Saturates at UINT32_MAX / 2. */
static void size_node(Cg *cg, uint32_t w) {
  CgNode *n = &cg->n[w];
  uint64_t size = n->nops;
  for (uint32_t k = 0; k < n->nsucc; k++) {
    const CgNode *c = &cg->n[n->succ[k]];
    if (c->comp != n->comp && c->size <= BE_NOINLINE_OPS) size += c->size;
  }
  n->size = size > UINT32_MAX / 2 ? UINT32_MAX / 2 : (uint32_t)size;
  if (n->size > BE_NOINLINE_OPS)
    bemap_put(&cg->be->noinline, cg->be->graphs.data[w], (void *)(uintptr_t)n->size);
}

/* Pops the component rooted at v: marks it when it is a real cycle, sizes
 * its members. */
static void pop_component(Cg *cg, uint32_t v) {
  uint32_t start = cg->sp;
  while (cg->stack[start - 1] != v) start--;
  start--;
  bool cyclic = cg->sp - start > 1;
  for (uint32_t k = start; k < cg->sp; k++) {
    uint32_t w = cg->stack[k];
    cg->n[w].on_stack = false;
    cg->n[w].comp = v + 1;
    bemap_put(&cg->be->component, cg->be->graphs.data[w], (void *)(uintptr_t)(v + 1));
    if (cyclic || cg->n[w].self_call || cg->n[w].indirect)
      bemap_put(&cg->be->needs_stack_check, cg->be->graphs.data[w], (void *)1);
  }
  for (uint32_t k = start; k < cg->sp; k++) size_node(cg, cg->stack[k]);
  if (!cyclic && !cg->n[v].self_call && cg->n[v].ncalls == 1 && cg->n[v].size <= BE_NOINLINE_OPS)
    bemap_put(&cg->be->alwaysinline, cg->be->graphs.data[v], (void *)1);
  cg->sp = start;
}

static void strongconnect(Cg *cg, uint32_t root) {
  visit(cg, root);
  while (cg->pp) {
    uint32_t v = cg->path[cg->pp - 1];
    CgNode *n = &cg->n[v];
    if (n->next < n->nsucc) {
      uint32_t w = n->succ[n->next++];
      if (!cg->n[w].index) visit(cg, w);
      else if (cg->n[w].on_stack && cg->n[w].index < n->low) n->low = cg->n[w].index;
      continue;
    }
    cg->pp--;
    if (n->low == n->index) pop_component(cg, v);
    if (cg->pp) {
      CgNode *parent = &cg->n[cg->path[cg->pp - 1]];
      if (n->low < parent->low) parent->low = n->low;
    }
  }
}

void be_callgraph(Be *be) {
  uint32_t n = be->graphs.len;
  if (!n) return;
  Cg cg = {.be = be};
  cg.n = arena_alloc_array(&be->scratch, n, sizeof *cg.n);
  cg.stack = arena_alloc_array(&be->scratch, n, sizeof *cg.stack);
  cg.path = arena_alloc_array(&be->scratch, n, sizeof *cg.path);
  memset(cg.n, 0, n * sizeof *cg.n);
  BeMap idx = {0};
  for (uint32_t i = 0; i < n; i++)
    bemap_put(&idx, be->graphs.data[i], (void *)(uintptr_t)(i + 1));
  for (uint32_t i = 0; i < n; i++) collect_edges(&cg, i, &idx);
  bemap_free(&idx);
  for (uint32_t i = 0; i < n; i++)
    if (!cg.n[i].index) strongconnect(&cg, i);
}
