/* flowrepair.c — threads values used outside their defining block through
 * block inputs.
 *
 * The builder uses a Value in whatever block it happens to be emitting into
 * (an expression temporary live across an `and`, the environment after a
 * split at a raising op in `try`, a loop-invariant local inside the loop).
 * Every such value's definition dominates its uses, so the repair is local:
 * for a use of v in block B that B does not define, B gets a fresh input
 * v' (named like v), each predecessor passes its own version of v
 * (recursively created the same way until a block that defines v), and
 * uses of v in B become v'. A worklist, a map (block, var) -> input and a
 * final pass that extends the links' argument lists make this linear in
 * the number of (block, value) pairs created. Link etype/evalue are defined
 * on the link itself and are never threaded. */
#include <stdlib.h>
#include <string.h>

#include "flowint.h"

/* A block input added for an original variable, in order of creation. */
typedef struct Added {
  struct Added *next;      /* next one of the same block */
  Block *b;
  Value *v;                /* the original variable */
  Value *w;                /* b's input standing for it */
} Added;

typedef struct Repair {
  Graph *g;
  uint32_t nvar;           /* variables before the repair */
  Arena scratch;
  Block **defblk;          /* var id -> defining block */
  Link ***preds;           /* block id -> incoming links, NULL-terminated */
  Added **added, **last;   /* block id -> its added inputs (list ends) */
  uint64_t *keys;          /* map (block id, var id) -> Added: open */
  Added **vals;            /* addressing, `mask + 1` slots */
  uint32_t mask, count;
  VEC(Added *) work;       /* inputs whose predecessors are not done */
} Repair;

static uint64_t rkey(const Block *b, const Value *v) {
  return (((uint64_t)b->id << 32) | v->id) + 1;
}

static uint32_t rslot(const Repair *r, uint64_t key) {
  return (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & r->mask;
}

static void map_alloc(Repair *r, uint32_t cap) {
  r->keys = arena_alloc_array(&r->scratch, cap, sizeof *r->keys);
  r->vals = arena_alloc_array(&r->scratch, cap, sizeof *r->vals);
  r->mask = cap - 1;
}

static Added *map_get(const Repair *r, uint64_t key) {
  for (uint32_t j = rslot(r, key);; j = (j + 1) & r->mask) {
    if (r->keys[j] == key) return r->vals[j];
    if (!r->keys[j]) return NULL;
  }
}

static void map_put(Repair *r, uint64_t key, Added *a);

static void map_grow(Repair *r) {
  uint64_t *keys = r->keys;
  Added **vals = r->vals;
  uint32_t cap = r->mask + 1;
  map_alloc(r, cap * 2);
  r->count = 0;
  for (uint32_t i = 0; i < cap; i++)
    if (keys[i]) map_put(r, keys[i], vals[i]);
}

static void map_put(Repair *r, uint64_t key, Added *a) {
  if (2 * (r->count + 1) > r->mask + 1) map_grow(r);
  uint32_t j = rslot(r, key);
  while (r->keys[j]) j = (j + 1) & r->mask;
  r->keys[j] = key;
  r->vals[j] = a;
  r->count++;
}

/* The version of original variable v in block b. */
static Value *version(const Repair *r, Block *b, Value *v) {
  if (r->defblk[v->id] == b) return v;
  Added *a = map_get(r, rkey(b, v));
  return a ? a->w : NULL;
}

static Value *ensure(Repair *r, Block *b, Value *v) {
  if (r->defblk[v->id] == b) return v;
  Added *a = map_get(r, rkey(b, v));
  if (a) return a->w;
  if (b == r->g->start) return v;  /* undefined: left for the verifier */
  a = arena_alloc(&r->scratch, sizeof *a);
  a->b = b;
  a->v = v;
  a->w = var_new(r->g, v->name, v->loc);
  map_put(r, rkey(b, v), a);
  if (r->last[b->id]) r->last[b->id]->next = a;
  else r->added[b->id] = a;
  r->last[b->id] = a;
  vec_push(&r->scratch, r->work, a);
  return a->w;
}

static bool foreign(Repair *r, Block *b, const Value *v) {
  return v && v->kind == VAL_VAR && v->id < r->nvar &&
         r->defblk[v->id] != b;
}

static void fix_uses(Repair *r, Block *b) {
  for (unsigned i = 0; i < b->ops.len; i++) {
    Op *op = b->ops.data[i];
    for (uint32_t k = 0; k < op->nargs; k++)
      if (foreign(r, b, op->args[k])) op->args[k] = ensure(r, b, op->args[k]);
  }
  if (foreign(r, b, b->exitswitch)) b->exitswitch = ensure(r, b, b->exitswitch);
  for (unsigned i = 0; i < b->exits.len; i++) {
    Link *l = b->exits.data[i];
    for (uint32_t k = 0; k < l->nargs; k++) {
      Value *a = l->args[k];
      if (a != l->etype && a != l->evalue && foreign(r, b, a))
        l->args[k] = ensure(r, b, a);
    }
  }
}

static void index_block(Repair *r, Block *b) {
  for (uint32_t i = 0; i < b->ninputs; i++) r->defblk[b->inputs[i]->id] = b;
  for (unsigned i = 0; i < b->ops.len; i++) r->defblk[b->ops.data[i]->result->id] = b;
}

/* Incoming links of every block, in the order of bl and of exits. */
static void index_preds(Repair *r, const BlockList *bl, uint32_t nblk) {
  uint32_t *n = arena_alloc_array(&r->scratch, nblk + 1, sizeof *n);
  for (unsigned i = 0; i < bl->len; i++)
    for (unsigned k = 0; k < bl->data[i]->exits.len; k++)
      n[bl->data[i]->exits.data[k]->target->id]++;
  for (unsigned i = 0; i < bl->len; i++) {
    Block *b = bl->data[i];
    r->preds[b->id] = arena_alloc_array(&r->scratch, n[b->id] + 1, sizeof(Link *));
    n[b->id] = 0;
  }
  for (unsigned i = 0; i < bl->len; i++)
    for (unsigned k = 0; k < bl->data[i]->exits.len; k++) {
      Link *l = bl->data[i]->exits.data[k];
      r->preds[l->target->id][n[l->target->id]++] = l;
    }
}

/* Gives each block its new inputs and each incoming link the values. */
static void extend(Repair *r, Block *b) {
  unsigned n = 0;
  for (Added *a = r->added[b->id]; a; a = a->next) n++;
  if (!n) return;
  Value **ins = arena_alloc_array(r->g->arena, b->ninputs + n, sizeof(Value *));
  memcpy(ins, b->inputs, b->ninputs * sizeof(Value *));
  unsigned i = b->ninputs;
  for (Added *a = r->added[b->id]; a; a = a->next) ins[i++] = a->w;
  for (Link **p = r->preds[b->id]; *p; p++) {
    Link *l = *p;
    Value **args = arena_alloc_array(r->g->arena, l->nargs + n, sizeof(Value *));
    memcpy(args, l->args, l->nargs * sizeof(Value *));
    i = l->nargs;
    for (Added *a = r->added[b->id]; a; a = a->next)
      args[i++] = version(r, l->prev, a->v);
    l->args = args;
    l->nargs += n;
  }
  b->inputs = ins;
  b->ninputs += n;
}

void fg_blocks(Graph *g, Arena *A, BlockList *out) { graph_blocks_in(g, A, out); }

static uint32_t pow2_at_least(uint32_t n) {
  uint32_t c = 64;
  while (c < n && c < (1u << 30)) c *= 2;
  return c;
}

void fg_repair(Graph *g) {
  Repair r = {.g = g};
  arena_init(&r.scratch);
  BlockList bl;
  fg_blocks(g, &r.scratch, &bl);
  uint32_t nvar = r.nvar = g->next_var, nblk = g->next_block;
  map_alloc(&r, pow2_at_least(2 * (nvar + nblk)));
  r.defblk = arena_alloc_array(&r.scratch, nvar + 1, sizeof(Block *));
  r.preds = arena_alloc_array(&r.scratch, nblk + 1, sizeof *r.preds);
  r.added = arena_alloc_array(&r.scratch, nblk + 1, sizeof *r.added);
  r.last = arena_alloc_array(&r.scratch, nblk + 1, sizeof *r.last);
  for (unsigned i = 0; i < bl.len; i++) index_block(&r, bl.data[i]);
  index_preds(&r, &bl, nblk);
  for (unsigned i = 0; i < bl.len; i++) fix_uses(&r, bl.data[i]);
  while (r.work.len) {
    Added *a = r.work.data[--r.work.len];
    for (Link **p = r.preds[a->b->id]; *p; p++) ensure(&r, (*p)->prev, a->v);
  }
  for (unsigned i = 0; i < bl.len; i++) extend(&r, bl.data[i]);
  arena_free(&r.scratch);
}
