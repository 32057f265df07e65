/* flowverify.c — structural checks of a flow graph (ARCHITECTURE.md §1):
 *   - every variable is defined exactly once (a block input, an op result,
 *     or a link's etype/evalue) and numbered below graph->next_var;
 *   - a block uses only its own inputs and earlier results of its own ops;
 *     a link's arguments also may use its own etype/evalue;
 *   - link arity equals the target's input count; links name their source;
 *   - exit kinds: EXIT_NONE has at most one exit (exactly one outside the
 *     return/except blocks) and no switch; EXIT_VALUE has a switch defined
 *     in the block and >= 2 exits with constant exitcases; EXIT_RAISE ends
 *     with an op that can raise, exits[0] is the normal path (no exitcase),
 *     the others have a class exitcase and their own etype/evalue;
 *   - the return block has 1 input, the except block 2, neither ops nor
 *     exits;
 *   - op arity matches core/hlops.def (call_args: its shape constant).
 * Problems are reported, never fixed; the verifier reads only. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "flowint.h"

typedef struct Verifier {
  Graph *g;
  Diag *D;              /* report as diagnostics, or ... */
  char **msgs;          /* ... collect (tests) */
  unsigned max, count;
  Arena *A;
  const Value **owner;  /* var id -> the variable defining that id */
  uint32_t *stamp;      /* var id -> 1 + index of the block defining it */
  const Block *cur;
  uint32_t curstamp;
} Verifier;

static void problem(Verifier *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void problem(Verifier *v, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (v->D && !v->D->stop)
    diag_error(v->D, v->g->loc, "internal error: graph %s: block%u: %s",
               v->g->name, v->cur ? v->cur->id : 0, buf);
  if (v->msgs && v->count < v->max) v->msgs[v->count] = arena_strdup(v->A, buf);
  v->count++;
}

static void define(Verifier *v, const Value *x, const char *what) {
  if (!x || x->kind != VAL_VAR) {
    problem(v, "%s is not a variable", what);
    return;
  }
  if (x->id >= v->g->next_var) {
    problem(v, "%s has id %u beyond next_var %u", what, x->id, v->g->next_var);
    return;
  }
  if (v->owner[x->id]) {
    problem(v, "variable %u defined twice", x->id);
    return;
  }
  v->owner[x->id] = x;
  v->stamp[x->id] = v->curstamp;
}

static bool defined_here(const Verifier *v, const Value *x) {
  return x->id < v->g->next_var && v->owner[x->id] == x &&
         v->stamp[x->id] == v->curstamp;
}

static void use(Verifier *v, const Value *x, const char *what) {
  if (!x) {
    problem(v, "%s is missing", what);
    return;
  }
  if (x->kind == VAL_VAR && !defined_here(v, x))
    problem(v, "%s uses variable %u not defined in this block", what, x->id);
}

static void check_arity(Verifier *v, const Op *op) {
  const HlOpInfo *info = &hlop_info[op->opc];
  if (info->nargs >= 0 && op->nargs != (uint32_t)info->nargs) {
    problem(v, "%s has %u operands, expected %d", info->name, op->nargs, info->nargs);
    return;
  }
  bool needf = op->opc == HL_simple_call || op->opc == HL_make_function;
  if (needf && op->nargs < 1) problem(v, "%s without operands", info->name);
  if (op->opc == HL_newdict && op->nargs % 2) problem(v, "newdict with odd operands");
  if (op->opc != HL_call_args) return;
  const Value *sh = op->nargs >= 2 ? op->args[1] : NULL;
  if (!sh || sh->kind != VAL_CONST || sh->ckind != CONST_SHAPE)
    problem(v, "call_args without a shape constant");
  else if (op->nargs != 2 + sh->u.shape->npos + sh->u.shape->nkw)
    problem(v, "call_args has %u operands, its shape says %u", op->nargs,
            2 + sh->u.shape->npos + sh->u.shape->nkw);
}

static void check_ops(Verifier *v, const Block *b) {
  for (unsigned i = 0; i < b->ops.len; i++) {
    const Op *op = b->ops.data[i];
    if (op->opc >= HL_OP_COUNT) {
      problem(v, "op %u has unknown opcode %u", i, op->opc);
      continue;
    }
    check_arity(v, op);
    for (uint32_t k = 0; k < op->nargs; k++) use(v, op->args[k], hlop_info[op->opc].name);
    define(v, op->result, "an op result");
  }
}

static void check_link(Verifier *v, const Block *b, const Link *l, unsigned i) {
  if (l->prev != b) problem(v, "exit %u does not name its source block", i);
  if (!l->target) {
    problem(v, "exit %u has no target", i);
    return;
  }
  if (l->nargs != l->target->ninputs)
    problem(v, "exit %u passes %u values to block%u which has %u inputs", i,
            l->nargs, l->target->id, l->target->ninputs);
  if (l->etype) define(v, l->etype, "a link's etype");
  if (l->evalue) define(v, l->evalue, "a link's evalue");
  for (uint32_t k = 0; k < l->nargs; k++) {
    const Value *a = l->args[k];
    if (a && (a == l->etype || a == l->evalue)) continue;
    use(v, a, "a link argument");
  }
}

static bool is_class_const(const Value *c) {
  return c && c->kind == VAL_CONST &&
         (c->ckind == CONST_BUILTIN || c->ckind == CONST_CLASS);
}

static void check_raise_exits(Verifier *v, const Block *b) {
  const Op *last = b->ops.len ? b->ops.data[b->ops.len - 1] : NULL;
  if (!last || last->opc >= HL_OP_COUNT || !(hlop_info[last->opc].flags & HL_CANRAISE))
    problem(v, "EXIT_RAISE block does not end with an op that can raise");
  if (b->exits.len < 2) problem(v, "EXIT_RAISE block has %u exits", b->exits.len);
  for (unsigned i = 0; i < b->exits.len; i++) {
    const Link *l = b->exits.data[i];
    if (i == 0 && (l->exitcase || l->etype || l->evalue))
      problem(v, "the normal exit of an EXIT_RAISE block has an exitcase");
    if (i > 0 && (!is_class_const(l->exitcase) || !l->etype || !l->evalue))
      problem(v, "exception exit %u lacks a class exitcase or etype/evalue", i);
  }
}

static void check_exits(Verifier *v, const Block *b) {
  bool final = b == v->g->ret || b == v->g->except;
  switch ((ExitKind)b->exitkind) {
  case EXIT_NONE:
    if (b->exits.len > 1 || (!final && b->exits.len != 1))
      problem(v, "EXIT_NONE block has %u exits", b->exits.len);
    if (b->exitswitch) problem(v, "EXIT_NONE block has an exit switch");
    for (unsigned i = 0; i < b->exits.len; i++)
      if (b->exits.data[i]->exitcase || b->exits.data[i]->etype)
        problem(v, "EXIT_NONE exit has an exitcase");
    break;
  case EXIT_VALUE:
    if (b->exits.len < 2) problem(v, "EXIT_VALUE block has %u exits", b->exits.len);
    if (!b->exitswitch) problem(v, "EXIT_VALUE block has no exit switch");
    else use(v, b->exitswitch, "the exit switch");
    for (unsigned i = 0; i < b->exits.len; i++) {
      const Value *c = b->exits.data[i]->exitcase;
      if (!c || c->kind != VAL_CONST) problem(v, "switch exit %u has no constant exitcase", i);
    }
    break;
  case EXIT_RAISE: check_raise_exits(v, b); break;
  default: problem(v, "unknown exit kind %u", b->exitkind); break;
  }
  for (unsigned i = 0; i < b->exits.len; i++) check_link(v, b, b->exits.data[i], i);
}

static void check_final(Verifier *v, const Block *b, uint32_t nin, const char *what) {
  if (b->ninputs != nin) problem(v, "the %s block has %u inputs", what, b->ninputs);
  if (b->ops.len || b->exits.len) problem(v, "the %s block has ops or exits", what);
}

static void check_block(Verifier *v, const Block *b, uint32_t index) {
  v->cur = b;
  v->curstamp = index + 1;
  for (uint32_t i = 0; i < b->ninputs; i++) define(v, b->inputs[i], "a block input");
  check_ops(v, b);
  check_exits(v, b);
  if (b == v->g->ret) check_final(v, b, 1, "return");
  if (b == v->g->except) check_final(v, b, 2, "except");
}

static unsigned verify(Verifier *v) {
  Graph *g = v->g;
  Arena scratch;
  arena_init(&scratch);
  BlockList bl;
  fg_blocks(g, &scratch, &bl);
  v->owner = calloc(g->next_var + 1, sizeof *v->owner);
  v->stamp = calloc(g->next_var + 1, sizeof *v->stamp);
  if (!v->owner || !v->stamp) rt_oom();
  for (unsigned i = 0; i < bl.len; i++) check_block(v, bl.data[i], i);
  v->cur = NULL;
  if (g->start->ninputs > 0 && g->start == g->ret) problem(v, "start is the return block");
  free(v->owner);
  free(v->stamp);
  arena_free(&scratch);
  return v->count;
}

bool fg_verify(Graph *g, Diag *D) {
  Verifier v = {.g = g, .D = D};
  return verify(&v) == 0;
}

unsigned fg_verify_msgs(Graph *g, char **msgs, unsigned max, Arena *A) {
  Verifier v = {.g = g, .msgs = msgs, .max = max, .A = A};
  return verify(&v);
}
