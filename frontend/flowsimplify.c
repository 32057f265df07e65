/* flowsimplify.c — cleans up freshly built flow graphs, in three passes:
 *   1. bypass empty forwarding blocks (no ops, one plain exit): each
 *      incoming link goes straight to the target, its arguments mapped
 *      through the forwarder's inputs;
 *   2. merge a block into its single predecessor when that one ends with a
 *      single plain exit (the inputs are replaced by the link's values);
 *   3. remove unused block inputs: an input is needed when an op or the
 *      exit switch of its block uses it, or when a link passes it on to a
 *      needed input (a worklist over variables, each visited once), then
 *      drop the others and the matching link arguments.
 * Predecessor lists are built once; links out of removed blocks are
 * recognised by their dead source block. All passes are linear. The return
 * and except blocks and the start block's inputs are never touched. */
#include <stdlib.h>
#include <string.h>

#include "flowint.h"

typedef struct Simp {
  Graph *g;
  Arena scratch;
  BlockList blocks;
  VEC(Link *) *preds;    /* block id -> incoming links (some dead) */
  uint8_t *dead;         /* block id -> removed */
  Value **repl;          /* var id -> replacement (merge / bypass) */
  int32_t *index;        /* var id -> input index in its block, or -1 */
  Block **inblk;         /* var id -> block whose input it is */
} Simp;

/* A link still in the graph and still going to `to`. */
static bool live_link(const Simp *s, const Link *l, const Block *to) {
  return !s->dead[l->prev->id] && l->target == to;
}

static unsigned live_preds(const Simp *s, const Block *b) {
  unsigned n = 0;
  for (unsigned i = 0; i < s->preds[b->id].len; i++)
    n += live_link(s, s->preds[b->id].data[i], b);
  return n;
}

static void simp_init(Simp *s, Graph *g) {
  memset(s, 0, sizeof *s);
  s->g = g;
  arena_init(&s->scratch);
  fg_blocks(g, &s->scratch, &s->blocks);
  uint32_t nb = g->next_block + 1, nv = g->next_var + 1;
  s->preds = arena_alloc_array(&s->scratch, nb, sizeof *s->preds);
  s->dead = arena_alloc_array(&s->scratch, nb, 1);
  s->repl = arena_alloc_array(&s->scratch, nv, sizeof(Value *));
  s->index = arena_alloc_array(&s->scratch, nv, sizeof(int32_t));
  s->inblk = arena_alloc_array(&s->scratch, nv, sizeof(Block *));
  for (unsigned i = 0; i < s->blocks.len; i++) {
    Block *b = s->blocks.data[i];
    for (unsigned k = 0; k < b->exits.len; k++)
      vec_push(&s->scratch, s->preds[b->exits.data[k]->target->id], b->exits.data[k]);
  }
}

static bool is_final(const Simp *s, const Block *b) {
  return b == s->g->ret || b == s->g->except || b == s->g->start;
}

/* ---- 1. forwarding blocks ------------------------------------------------ */
static void bypass(Simp *s, Block *b) {
  Link *out = b->exits.data[0];
  Block *t = out->target;
  for (uint32_t i = 0; i < b->ninputs; i++) s->index[b->inputs[i]->id] = (int32_t)i + 1;
  for (unsigned p = 0; p < s->preds[b->id].len; p++) {
    Link *m = s->preds[b->id].data[p];
    if (!live_link(s, m, b)) continue;
    Value **args = arena_alloc_array(s->g->arena, out->nargs + 1, sizeof(Value *));
    for (uint32_t k = 0; k < out->nargs; k++) {
      Value *a = out->args[k];
      int32_t ix = a->kind == VAL_VAR ? s->index[a->id] : 0;
      args[k] = ix > 0 ? m->args[ix - 1] : a;
    }
    m->target = t;
    m->args = args;
    m->nargs = out->nargs;
    vec_push(&s->scratch, s->preds[t->id], m);
  }
  for (uint32_t i = 0; i < b->ninputs; i++) s->index[b->inputs[i]->id] = 0;
  s->dead[b->id] = 1;
}

static void bypass_all(Simp *s) {
  for (unsigned i = 0; i < s->blocks.len; i++) {
    Block *b = s->blocks.data[i];
    if (is_final(s, b) || b->ops.len || b->exitkind != EXIT_NONE ||
        b->exits.len != 1 || b->exits.data[0]->target == b)
      continue;
    bypass(s, b);
  }
}

/* ---- 2. merging ------------------------------------------------------------ */
static Value *subst(const Simp *s, Value *v) {
  if (v && v->kind == VAL_VAR && s->repl[v->id]) return s->repl[v->id];
  return v;
}

static void merge(Simp *s, Block *p, Block *b) {
  Link *l = p->exits.data[0];
  for (uint32_t i = 0; i < b->ninputs; i++) s->repl[b->inputs[i]->id] = l->args[i];
  for (unsigned i = 0; i < b->ops.len; i++) {
    Op *op = b->ops.data[i];
    for (uint32_t k = 0; k < op->nargs; k++) op->args[k] = subst(s, op->args[k]);
    vec_push(s->g->arena, p->ops, op);
  }
  p->exits.len = 0;
  for (unsigned i = 0; i < b->exits.len; i++) {
    Link *x = b->exits.data[i];
    for (uint32_t k = 0; k < x->nargs; k++) x->args[k] = subst(s, x->args[k]);
    x->prev = p;
    vec_push(s->g->arena, p->exits, x);
  }
  p->exitkind = b->exitkind;
  p->exitswitch = subst(s, b->exitswitch);
  for (uint32_t i = 0; i < b->ninputs; i++) s->repl[b->inputs[i]->id] = NULL;
  s->dead[b->id] = 1;
}

static void merge_all(Simp *s) {
  for (unsigned i = 0; i < s->blocks.len; i++) {
    Block *p = s->blocks.data[i];
    if (s->dead[p->id]) continue;
    while (p->exitkind == EXIT_NONE && p->exits.len == 1) {
      Block *b = p->exits.data[0]->target;
      if (b == p || is_final(s, b) || live_preds(s, b) != 1) break;
      merge(s, p, b);
    }
  }
}

/* ---- 3. unused inputs -------------------------------------------------------- */
typedef VEC(Value *) ValueList;

static void need(Simp *s, uint8_t *needed, ValueList *work, Value *v) {
  if (!v || v->kind != VAL_VAR || !s->inblk[v->id] || needed[v->id]) return;
  needed[v->id] = 1;
  vec_push(&s->scratch, *work, v);
}

static void seed_needs(Simp *s, Block *b, uint8_t *needed, ValueList *work) {
  for (uint32_t i = 0; i < b->ninputs; i++) {
    s->inblk[b->inputs[i]->id] = b;
    s->index[b->inputs[i]->id] = (int32_t)i;
  }
  for (unsigned i = 0; i < b->ops.len; i++)
    for (uint32_t k = 0; k < b->ops.data[i]->nargs; k++)
      need(s, needed, work, b->ops.data[i]->args[k]);
  need(s, needed, work, b->exitswitch);
  if (is_final(s, b))
    for (uint32_t i = 0; i < b->ninputs; i++) need(s, needed, work, b->inputs[i]);
}

static void drop_inputs(Simp *s, Block *b, const uint8_t *needed) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < b->ninputs; i++) n += needed[b->inputs[i]->id];
  if (n == b->ninputs) return;
  for (unsigned p = 0; p < s->preds[b->id].len; p++) {
    Link *l = s->preds[b->id].data[p];
    if (!live_link(s, l, b)) continue;
    uint32_t k = 0;
    for (uint32_t i = 0; i < b->ninputs; i++)
      if (needed[b->inputs[i]->id]) l->args[k++] = l->args[i];
    l->nargs = k;
  }
  uint32_t k = 0;
  for (uint32_t i = 0; i < b->ninputs; i++)
    if (needed[b->inputs[i]->id]) b->inputs[k++] = b->inputs[i];
  b->ninputs = k;
}

static void prune_inputs(Simp *s) {
  uint8_t *needed = arena_alloc(&s->scratch, s->g->next_var + 1);
  ValueList work = {0};
  for (unsigned i = 0; i < s->blocks.len; i++)
    if (!s->dead[s->blocks.data[i]->id]) seed_needs(s, s->blocks.data[i], needed, &work);
  while (work.len) {
    Value *v = work.data[--work.len];
    Block *b = s->inblk[v->id];
    int32_t ix = s->index[v->id];
    for (unsigned p = 0; p < s->preds[b->id].len; p++) {
      Link *l = s->preds[b->id].data[p];
      if (live_link(s, l, b)) need(s, needed, &work, l->args[ix]);
    }
  }
  for (unsigned i = 0; i < s->blocks.len; i++) {
    Block *b = s->blocks.data[i];
    if (!s->dead[b->id] && !is_final(s, b)) drop_inputs(s, b, needed);
  }
}

void fg_simplify(Graph *g) {
  Simp s;
  simp_init(&s, g);
  bypass_all(&s);
  merge_all(&s);
  prune_inputs(&s);
  arena_free(&s.scratch);
}

/* ---- renumbering ---------------------------------------------------------------- */
/* Results of HL_NORESULT ops are numbered last: dumps do not show them. */
static void number_block(Block *b, uint32_t *nv) {
  for (uint32_t i = 0; i < b->ninputs; i++) b->inputs[i]->id = (*nv)++;
  for (unsigned i = 0; i < b->ops.len; i++)
    if (!(hlop_info[b->ops.data[i]->opc].flags & HL_NORESULT))
      b->ops.data[i]->result->id = (*nv)++;
  for (unsigned i = 0; i < b->exits.len; i++) {
    Link *l = b->exits.data[i];
    if (l->etype) l->etype->id = (*nv)++;
    if (l->evalue) l->evalue->id = (*nv)++;
  }
}

void fg_renumber(Graph *g) {
  Arena scratch;
  arena_init(&scratch);
  BlockList bl;
  fg_blocks(g, &scratch, &bl);
  uint32_t nb = 0, nv = 0;
  bool ret = false, exc = false;
  for (unsigned i = 0; i < bl.len; i++) {
    Block *b = bl.data[i];
    ret |= b == g->ret;
    exc |= b == g->except;
    b->id = nb++;
    number_block(b, &nv);
  }
  if (!ret) { g->ret->id = nb++; number_block(g->ret, &nv); }
  if (!exc) { g->except->id = nb++; number_block(g->except, &nv); }
  for (unsigned i = 0; i < bl.len; i++)
    for (unsigned k = 0; k < bl.data[i]->ops.len; k++)
      if (hlop_info[bl.data[i]->ops.data[k]->opc].flags & HL_NORESULT)
        bl.data[i]->ops.data[k]->result->id = nv++;
  g->next_block = nb;
  g->next_var = nv;
  arena_free(&scratch);
}
