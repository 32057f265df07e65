/* graph.c — constructors, traversal and printing for the graph model. */
#include "graph.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const HlOpInfo hlop_info[HL_OP_COUNT] = {
#define HLOP(name, nargs, flags, meaning) {#name, nargs, flags, meaning},
#include "hlops.def"
#undef HLOP
};

Graph *graph_new(Arena *A, const char *name, Loc loc) {
  Graph *g = arena_alloc(A, sizeof *g);
  g->name = name;
  g->loc = loc;
  g->arena = A;
  g->start = block_new(g, 0, loc);
  g->ret = block_new(g, 1, loc);
  g->ret->inputs[0] = var_new(g, NULL, loc);
  g->except = block_new(g, 2, loc);
  g->except->inputs[0] = var_new(g, "etype", loc);
  g->except->inputs[1] = var_new(g, "evalue", loc);
  return g;
}

Block *block_new(Graph *g, uint32_t ninputs, Loc loc) {
  Block *b = arena_alloc(g->arena, sizeof *b);
  b->id = g->next_block++;
  b->ninputs = ninputs;
  b->inputs = arena_alloc_array(g->arena, ninputs ? ninputs : 1,
                                sizeof(Value *));
  b->exitkind = EXIT_NONE;
  b->loc = loc;
  return b;
}

Value *var_new(Graph *g, const char *name, Loc loc) {
  Value *v = arena_alloc(g->arena, sizeof *v);
  v->kind = VAL_VAR;
  v->id = g->next_var++;
  v->name = name;
  v->loc = loc;
  return v;
}

static Value *const_new(Arena *A, ConstKind ck) {
  Value *v = arena_alloc(A, sizeof *v);
  v->kind = VAL_CONST;
  v->ckind = (uint8_t)ck;
  return v;
}

Value *const_none(Arena *A) { return const_new(A, CONST_NONE); }

Value *const_bool(Arena *A, bool b) {
  Value *v = const_new(A, CONST_BOOL);
  v->u.i = b;
  return v;
}

Value *const_int(Arena *A, int64_t i) {
  Value *v = const_new(A, CONST_INT);
  v->u.i = i;
  return v;
}

Value *const_float(Arena *A, double f) {
  Value *v = const_new(A, CONST_FLOAT);
  v->u.f = f;
  return v;
}

Value *const_str(Arena *A, const char *s, uint32_t len) {
  Value *v = const_new(A, CONST_STR);
  v->u.s.p = s;
  v->u.s.len = len;
  return v;
}

Value *const_ref(Arena *A, ConstKind kind, void *p, const char *name) {
  Value *v = const_new(A, kind);
  v->u.ref.p = p;
  v->u.ref.name = name;
  return v;
}

Value *const_shape(Arena *A, CallShape *shape) {
  Value *v = const_new(A, CONST_SHAPE);
  v->u.shape = shape;
  return v;
}

Value *block_add_op(Graph *g, Block *b, HlOp opc, uint32_t nargs,
                    Value **args, Value *result, Loc loc) {
  Op *op = arena_alloc(g->arena, sizeof *op);
  op->opc = (uint16_t)opc;
  op->nargs = nargs;
  op->args = arena_alloc_array(g->arena, nargs ? nargs : 1, sizeof(Value *));
  if (nargs) memcpy(op->args, args, nargs * sizeof(Value *));
  op->result = result ? result : var_new(g, NULL, loc);
  op->loc = loc;
  vec_push(g->arena, b->ops, op);
  return op->result;
}

Link *block_add_exit(Graph *g, Block *b, Block *target, uint32_t nargs,
                     Value **args, Value *exitcase) {
  Link *l = arena_alloc(g->arena, sizeof *l);
  l->prev = b;
  l->target = target;
  l->nargs = nargs;
  l->args = arena_alloc_array(g->arena, nargs ? nargs : 1, sizeof(Value *));
  if (nargs) memcpy(l->args, args, nargs * sizeof(Value *));
  l->exitcase = exitcase;
  vec_push(g->arena, b->exits, l);
  return l;
}

/* The walk of graph_blocks with caller-provided memory: `seen` has
 * next_block zeroed bytes, `stack` room for next_block blocks, `out` room
 * for all of them (or grows in g->arena). */
static void walk_blocks(Graph *g, unsigned char *seen, Block **stack,
                        BlockList *out) {
  uint32_t sp = 0;
  seen[g->ret->id] = seen[g->except->id] = 1;
  stack[sp++] = g->start;
  seen[g->start->id] = 1;
  bool has_ret = false, has_exc = false;
  while (sp) {
    Block *b = stack[--sp];
    vec_push(g->arena, *out, b);
    for (unsigned i = b->exits.len; i-- > 0;) {
      Block *t = b->exits.data[i]->target;
      if (t == g->ret) has_ret = true;
      if (t == g->except) has_exc = true;
      if (seen[t->id]) continue;
      seen[t->id] = 1;
      stack[sp++] = t;
    }
  }
  if (has_ret) vec_push(g->arena, *out, g->ret);
  if (has_exc) vec_push(g->arena, *out, g->except);
}

void graph_blocks(Graph *g, BlockList *out) {
  uint32_t n = g->next_block ? g->next_block : 1;
  unsigned char *seen = calloc(n, 1);
  Block **stack = malloc(n * sizeof *stack);
  if (!seen || !stack) rt_oom();
  walk_blocks(g, seen, stack, out);
  free(stack);
  free(seen);
}

void graph_blocks_in(Graph *g, Arena *A, BlockList *out) {
  uint32_t n = g->next_block ? g->next_block : 1;
  out->cap = n;
  out->len = 0;
  out->data = arena_alloc_array(A, n, sizeof(Block *));
  unsigned char *seen = arena_alloc(A, n);
  Block **stack = arena_alloc_array(A, n, sizeof *stack);
  walk_blocks(g, seen, stack, out);
}

bool value_is_const(const Value *v) { return v->kind == VAL_CONST; }

static void print_str_repr(FILE *out, const char *s, uint32_t len) {
  bool has_sq = memchr(s, '\'', len) != NULL;
  bool has_dq = memchr(s, '"', len) != NULL;
  char q = (has_sq && !has_dq) ? '"' : '\'';
  fputc(q, out);
  for (uint32_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == (unsigned char)q || c == '\\') fprintf(out, "\\%c", c);
    else if (c == '\n') fputs("\\n", out);
    else if (c == '\r') fputs("\\r", out);
    else if (c == '\t') fputs("\\t", out);
    else if (c < 0x20 || c >= 0x7f) fprintf(out, "\\x%02x", c);
    else fputc(c, out);
  }
  fputc(q, out);
}

static void print_float(FILE *out, double f) {
  if (isnan(f)) { fputs("nan", out); return; }
  if (isinf(f)) { fputs(f > 0 ? "inf" : "-inf", out); return; }
  char buf[64];
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*g", prec, f);
    if (strtod(buf, NULL) == f) break;
  }
  fputs(buf, out);
  if (!strpbrk(buf, ".en")) fputs(".0", out);
}

void value_print(FILE *out, const Value *v) {
  if (v->kind == VAL_VAR) {
    if (v->name) fprintf(out, "%s_%u", v->name, v->id);
    else fprintf(out, "v%u", v->id);
    return;
  }
  switch ((ConstKind)v->ckind) {
  case CONST_NONE: fputs("None", out); break;
  case CONST_BOOL: fputs(v->u.i ? "True" : "False", out); break;
  case CONST_INT: fprintf(out, "%" PRId64, v->u.i); break;
  case CONST_FLOAT: print_float(out, v->u.f); break;
  case CONST_STR: print_str_repr(out, v->u.s.p, v->u.s.len); break;
  case CONST_BUILTIN: fprintf(out, "builtin:%s", v->u.ref.name); break;
  case CONST_FUNC: fprintf(out, "func:%s", v->u.ref.name); break;
  case CONST_CLASS: fprintf(out, "class:%s", v->u.ref.name); break;
  case CONST_MODULE: fprintf(out, "module:%s", v->u.ref.name); break;
  case CONST_OBJ: fprintf(out, "obj:%s", v->u.ref.name); break;
  case CONST_LLTYPE: fprintf(out, "<%s>", v->u.ref.name); break;
  case CONST_LLFUNC: fprintf(out, "fn:%s", v->u.ref.name); break;
  case CONST_LLOBJ: fprintf(out, "static:%s", v->u.ref.name); break;
  case CONST_LLNULL: fputs("NULL", out); break;
  case CONST_SHAPE: {
    fprintf(out, "shape(%u", v->u.shape->npos);
    for (uint32_t i = 0; i < v->u.shape->nkw; i++)
      fprintf(out, ", %s", v->u.shape->kwnames[i]);
    fputc(')', out);
    break;
  }
  }
}
