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

typedef struct Repair {
  Graph *g;
  uint32_t nvar;           /* variables before the repair */
  Arena scratch;
  Block **defblk;          /* var id -> defining block */
  VEC(Link *) *preds;      /* block id -> incoming links */
  VEC(Value *) *added;     /* block id -> original vars given an input */
  HMap map;                /* (block id, var id) -> input var */
  VEC(Block *) work_b;     /* worklist: (block, original var) */
  VEC(Value *) work_v;
} Repair;

static uint64_t rkey(const Block *b, const Value *v) {
  return (((uint64_t)b->id << 32) | v->id) + 1;
}

static Value *ensure(Repair *r, Block *b, Value *v) {
  if (r->defblk[v->id] == b) return v;
  Value *w = hmap_get(&r->map, rkey(b, v));
  if (w) return w;
  if (b == r->g->start) return v;  /* undefined: left for the verifier */
  w = var_new(r->g, v->name, v->loc);
  hmap_put(&r->map, rkey(b, v), w);
  vec_push(&r->scratch, r->added[b->id], v);
  vec_push(&r->scratch, r->work_b, b);
  vec_push(&r->scratch, r->work_v, v);
  return w;
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
  for (unsigned i = 0; i < b->exits.len; i++) {
    Link *l = b->exits.data[i];
    vec_push(&r->scratch, r->preds[l->target->id], l);
  }
}

/* Gives each block its new inputs and each incoming link the values. */
static void extend(Repair *r, Block *b) {
  unsigned n = r->added[b->id].len;
  if (!n) return;
  Value **ins = arena_alloc_array(r->g->arena, b->ninputs + n, sizeof(Value *));
  memcpy(ins, b->inputs, b->ninputs * sizeof(Value *));
  for (unsigned i = 0; i < n; i++)
    ins[b->ninputs + i] = hmap_get(&r->map, rkey(b, r->added[b->id].data[i]));
  for (unsigned p = 0; p < r->preds[b->id].len; p++) {
    Link *l = r->preds[b->id].data[p];
    Value **args = arena_alloc_array(r->g->arena, l->nargs + n, sizeof(Value *));
    memcpy(args, l->args, l->nargs * sizeof(Value *));
    for (unsigned i = 0; i < n; i++) {
      Value *v = r->added[b->id].data[i];
      args[l->nargs + i] = r->defblk[v->id] == l->prev ? v
                                                        : hmap_get(&r->map, rkey(l->prev, v));
    }
    l->args = args;
    l->nargs += n;
  }
  b->inputs = ins;
  b->ninputs += n;
}

void fg_blocks(Graph *g, Arena *A, BlockList *out) {
  out->cap = g->next_block + 1;
  out->len = 0;
  out->data = arena_alloc_array(A, out->cap, sizeof(Block *));
  graph_blocks(g, out);
}

void fg_repair(Graph *g) {
  Repair r = {.g = g};
  arena_init(&r.scratch);
  hmap_init(&r.map, &r.scratch);
  BlockList bl;
  fg_blocks(g, &r.scratch, &bl);
  uint32_t nvar = r.nvar = g->next_var, nblk = g->next_block;
  r.defblk = arena_alloc_array(&r.scratch, nvar + 1, sizeof(Block *));
  r.preds = arena_alloc_array(&r.scratch, nblk + 1, sizeof *r.preds);
  r.added = arena_alloc_array(&r.scratch, nblk + 1, sizeof *r.added);
  for (unsigned i = 0; i < bl.len; i++) index_block(&r, bl.data[i]);
  for (unsigned i = 0; i < bl.len; i++) fix_uses(&r, bl.data[i]);
  while (r.work_b.len) {
    Block *b = r.work_b.data[--r.work_b.len];
    Value *v = r.work_v.data[--r.work_v.len];
    for (unsigned p = 0; p < r.preds[b->id].len; p++)
      ensure(&r, r.preds[b->id].data[p]->prev, v);
  }
  for (unsigned i = 0; i < bl.len; i++) extend(&r, bl.data[i]);
  arena_free(&r.scratch);
}
