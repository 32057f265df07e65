/* flowbuild.c — flow graph builder: blocks, joins, environments, names, and
 * the per-graph / per-program entry points (see flowint.h for the design). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "flowint.h"

/* ---- builder state ------------------------------------------------------- */
void fb_init(FB *b, Program *P, Module *M, Graph *g, Scope *scope) {
  memset(b, 0, sizeof *b);
  b->P = P;
  b->M = M;
  b->g = g;
  b->A = g->arena;
  arena_init(&b->scratch);
  hmap_init(&b->consts, &b->scratch);
  hmap_init(&b->reported, &b->scratch);
  b->scope = scope;
  b->cur = g->start;
  b->maybe.kind = VAL_CONST;
  b->maybe.ckind = CONST_NONE;
  b->modconst = fb_modconst(b, M, M->name);
  uint32_t named = scope->kind == SCOPE_FUNC ? scope->slots.len : 0;
  for (uint32_t i = 0; i < named; i++) fb_slot_push(b, scope->slots.data[i]);
}

void fb_free(FB *b) {
  free(b->env);
  free(b->slotname);
  vecm_free(b->comp);
  arena_free(&b->scratch);
}

uint32_t fb_slot_push(FB *b, const char *name) {
  if (b->nslots == b->cap) {
    b->cap = b->cap ? b->cap * 2 : 16;
    b->env = realloc(b->env, b->cap * sizeof *b->env);
    b->slotname = realloc(b->slotname, b->cap * sizeof *b->slotname);
    if (!b->env || !b->slotname) rt_oom();
  }
  b->env[b->nslots] = NULL;
  b->slotname[b->nslots] = name;
  return b->nslots++;
}

void fb_slot_pop(FB *b, uint32_t to) {
  if (to < b->nslots) b->nslots = to;
}

/* ---- constants ------------------------------------------------------------ */
/* Constants are shared within a graph (they are values, never mutated). */
Value *fb_none(FB *b) {
  if (!b->c_none) b->c_none = const_none(b->A);
  return b->c_none;
}

Value *fb_bool(FB *b, bool v) {
  if (!b->c_bool[v]) b->c_bool[v] = const_bool(b->A, v);
  return b->c_bool[v];
}

Value *fb_int(FB *b, int64_t v) { return const_int(b->A, v); }

/* `s` is an interned name or a string literal: its pointer is the key. */
Value *fb_str(FB *b, const char *s) {
  Value *c = hmap_get(&b->consts, HKEY(s));
  if (!c) {
    c = const_str(b->A, s, (uint32_t)strlen(s));
    hmap_put(&b->consts, HKEY(s), c);
  }
  return c;
}

Value *fb_builtin(FB *b, const char *name) {
  name = intern_cstr(b->P->in, name);
  Value *c = hmap_get(&b->consts, HKEY(name) + 1);  /* odd key: builtin */
  if (!c) {
    c = const_ref(b->A, CONST_BUILTIN, NULL, name);
    hmap_put(&b->consts, HKEY(name) + 1, c);
  }
  return c;
}

Value *fb_modconst(FB *b, Module *m, const char *dotted) {
  if (!m) return fb_str(b, dotted);
  return const_ref(b->A, CONST_MODULE, m, m->name);
}

/* ---- operations ------------------------------------------------------------ */
Join *fb_exc_target(FB *b) {
  for (FBlock *f = b->top; f; f = f->prev)
    if (f->kind == FB_TRY || f->kind == FB_FINALLY) return f->exc;
  return NULL;
}

/* Ends the current block after its raising last op: a normal exit to a new
 * block and an exception exit (any exception: BaseException) to the
 * handlers' join. */
static void fb_split(FB *b, Join *j, Loc loc) {
  Block *from = b->cur;
  Block *next = block_new(b->g, 0, loc);
  from->exitkind = EXIT_RAISE;
  block_add_exit(b->g, from, next, 0, NULL, NULL);
  Link *l = block_add_exit(b->g, from, NULL, 0, NULL, fb_builtin(b, "BaseException"));
  l->etype = var_new(b->g, "etype", loc);
  l->evalue = var_new(b->g, "evalue", loc);
  fb_pend(b, j, l, l->etype, l->evalue);
  b->cur = next;
}

Value *fb_op(FB *b, HlOp op, uint32_t n, Value **args, Loc loc) {
  if (!b->cur) b->cur = block_new(b->g, 0, loc);  /* unreachable code */
  Value *r = block_add_op(b->g, b->cur, op, n, args, NULL, loc);
  Join *j;
  if ((hlop_info[op].flags & HL_CANRAISE) && (j = fb_exc_target(b)))
    fb_split(b, j, loc);
  return r;
}

Value *fb_op1(FB *b, HlOp op, Value *a, Loc loc) {
  return fb_op(b, op, 1, &a, loc);
}

Value *fb_op2(FB *b, HlOp op, Value *a, Value *c, Loc loc) {
  Value *args[2] = {a, c};
  return fb_op(b, op, 2, args, loc);
}

Value *fb_op3(FB *b, HlOp op, Value *a, Value *c, Value *d, Loc loc) {
  Value *args[3] = {a, c, d};
  return fb_op(b, op, 3, args, loc);
}

/* ---- joins ------------------------------------------------------------------- */
Link *fb_exit(FB *b) {
  return block_add_exit(b->g, b->cur, NULL, 0, NULL, NULL);
}

void fb_pend(FB *b, Join *j, Link *l, Value *x0, Value *x1) {
  Pending *p = arena_alloc(&b->scratch, sizeof *p);
  p->link = l;
  p->nenv = b->nslots;
  p->env = arena_alloc_array(&b->scratch, b->nslots ? b->nslots : 1,
                             sizeof(Value *));
  if (b->nslots) memcpy(p->env, b->env, b->nslots * sizeof(Value *));
  p->extra[0] = x0;
  p->extra[1] = x1;
  if (j->tail) j->tail->next = p;
  else j->head = p;
  j->tail = p;
  j->count++;
}

void fb_goto(FB *b, Join *j) { fb_goto_x(b, j, NULL); }

void fb_goto_x(FB *b, Join *j, Value *x) {
  if (!b->cur) return;
  fb_pend(b, j, fb_exit(b), x, NULL);
  b->cur = NULL;
}

static Value *pend_val(const Pending *p, uint32_t slot) {
  return slot < p->nenv ? p->env[slot] : NULL;
}

/* Merges slot values: the common value, a fresh input (returned via *input
 * as true), the maybe marker or NULL. */
static Value *merge_slot(FB *b, const Join *j, uint32_t slot, bool *input) {
  Value *first = pend_val(j->head, slot);
  bool same = true, all = true, any = false;
  for (Pending *p = j->head; p; p = p->next) {
    Value *v = pend_val(p, slot);
    if (v != first) same = false;
    if (!v || v == &b->maybe) all = false;
    if (v) any = true;
  }
  *input = !same && all;
  if (same) return first;
  return any ? &b->maybe : NULL;
}

/* The single pending is the only exit of a plain block: keep filling it. */
static bool fb_resume(FB *b, Join *j, unsigned nextra) {
  Link *l = j->head->link;
  Block *from = l->prev;
  if (j->count != 1 || nextra || from->exitkind != EXIT_NONE ||
      from->exits.len != 1 || from->exits.data[0] != l)
    return false;
  from->exits.len = 0;
  for (uint32_t s = 0; s < b->nslots; s++) b->env[s] = pend_val(j->head, s);
  b->cur = from;
  return true;
}

bool fb_start(FB *b, Join *j, unsigned nextra, Value **extra) {
  if (!j->count) {
    b->cur = NULL;
    return false;
  }
  if (fb_resume(b, j, nextra)) return true;
  Graph *g = b->g;
  uint32_t nin = nextra, *slots = arena_alloc_array(&b->scratch, b->nslots + 1,
                                                     sizeof(uint32_t));
  Value **ins = arena_alloc_array(&b->scratch, b->nslots + 3, sizeof(Value *));
  static const char *const xname[2] = {"etype", "evalue"};
  for (unsigned x = 0; x < nextra; x++)
    ins[x] = extra[x] = var_new(g, nextra == 2 ? xname[x] : NULL, g->loc);
  uint32_t ns = 0;
  for (uint32_t s = 0; s < b->nslots; s++) {
    bool input;
    b->env[s] = merge_slot(b, j, s, &input);
    if (!input) continue;
    slots[ns++] = s;
    b->env[s] = ins[nin++] = var_new(g, b->slotname[s], g->loc);
  }
  Block *nb = block_new(g, nin, g->loc);
  memcpy(nb->inputs, ins, nin * sizeof(Value *));
  for (Pending *p = j->head; p; p = p->next) {
    Link *l = p->link;
    l->target = nb;
    l->nargs = nin;
    l->args = arena_alloc_array(b->A, nin ? nin : 1, sizeof(Value *));
    for (unsigned x = 0; x < nextra; x++) l->args[x] = p->extra[x];
    for (uint32_t i = 0; i < ns; i++) l->args[nextra + i] = p->env[slots[i]];
  }
  b->cur = nb;
  return true;
}

void fb_branch_x(FB *b, Value *cond, Join *jf, Value *xf, Join *jt, Value *xt) {
  if (!b->cur) return;
  Block *from = b->cur;
  from->exitkind = EXIT_VALUE;
  from->exitswitch = cond;
  fb_pend(b, jf, block_add_exit(b->g, from, NULL, 0, NULL, fb_bool(b, false)),
          xf, NULL);
  fb_pend(b, jt, block_add_exit(b->g, from, NULL, 0, NULL, fb_bool(b, true)),
          xt, NULL);
  b->cur = NULL;
}

void fb_branch(FB *b, Value *cond, Join *jf, Join *jt) {
  fb_branch_x(b, cond, jf, NULL, jt, NULL);
}

/* Ends the current block with `next(it)`: the normal exit continues in a
 * new block, StopIteration goes to `done`, other exceptions (inside try)
 * to the handlers. Returns the item. */
Value *fb_next(FB *b, Value *it, Loc loc, Join *done) {
  Graph *g = b->g;
  if (!b->cur) b->cur = block_new(g, 0, loc);
  Block *h = b->cur;
  Value *x = block_add_op(g, h, HL_next, 1, &it, NULL, loc);
  h->exitkind = EXIT_RAISE;
  Block *body = block_new(g, 0, loc);
  block_add_exit(g, h, body, 0, NULL, NULL);
  Link *stop = block_add_exit(g, h, NULL, 0, NULL, fb_builtin(b, "StopIteration"));
  stop->etype = var_new(g, "etype", loc);
  stop->evalue = var_new(g, "evalue", loc);
  fb_pend(b, done, stop, NULL, NULL);
  Join *j = fb_exc_target(b);
  if (j) {
    Link *l = block_add_exit(g, h, NULL, 0, NULL, fb_builtin(b, "BaseException"));
    l->etype = var_new(g, "etype", loc);
    l->evalue = var_new(g, "evalue", loc);
    fb_pend(b, j, l, l->etype, l->evalue);
  }
  b->cur = body;
  return x;
}

/* ---- loops --------------------------------------------------------------------- */
void fb_loop_enter(FB *b, Loop *L, const uint8_t *assigned, uint32_t nassigned) {
  Graph *g = b->g;
  L->slots = arena_alloc_array(&b->scratch, b->nslots + 1, sizeof(uint32_t));
  L->n = 0;
  for (uint32_t s = 0; s < b->nslots && s < nassigned; s++) {
    if (!assigned[s]) continue;
    Value *v = b->env[s];
    if (!v) b->env[s] = &b->maybe;
    else if (v != &b->maybe) L->slots[L->n++] = s;
  }
  Block *h = block_new(g, L->n, g->loc);
  Value **args = arena_alloc_array(&b->scratch, L->n + 1, sizeof(Value *));
  for (uint32_t i = 0; i < L->n; i++) {
    uint32_t s = L->slots[i];
    args[i] = b->env[s];
    h->inputs[i] = b->env[s] = var_new(g, b->slotname[s], g->loc);
  }
  if (b->cur) block_add_exit(g, b->cur, h, L->n, args, NULL);
  L->header = h;
  b->cur = h;
}

void fb_loop_back(FB *b, Loop *L) {
  if (!b->cur) return;
  Value **args = arena_alloc_array(&b->scratch, L->n + 1, sizeof(Value *));
  for (uint32_t i = 0; i < L->n; i++) {
    Value *v = L->slots[i] < b->nslots ? b->env[L->slots[i]] : NULL;
    args[i] = v && v != &b->maybe ? v : fb_none(b);
  }
  block_add_exit(b->g, b->cur, L->header, L->n, args, NULL);
  b->cur = NULL;
}

/* ---- exits ------------------------------------------------------------------------ */
void fb_raise(FB *b, Value *etype, Value *evalue) {
  if (!b->cur) return;
  Join *j = fb_exc_target(b);
  if (j) {
    fb_pend(b, j, fb_exit(b), etype, evalue);
  } else {
    Value *args[2] = {etype, evalue};
    block_add_exit(b->g, b->cur, b->g->except, 2, args, NULL);
  }
  b->cur = NULL;
}

void fb_return(FB *b, Value *v) {
  if (!b->cur) return;
  block_add_exit(b->g, b->cur, b->g->ret, 1, &v, NULL);
  b->cur = NULL;
}

/* ---- names ------------------------------------------------------------------------ */
static CompVar *comp_var(FB *b, const char *name) {
  for (unsigned i = b->comp.len; i-- > 0;)
    if (b->comp.data[i].name == name) return &b->comp.data[i];
  return NULL;
}

static Value *load_slot(FB *b, uint32_t slot, const char *name, Loc loc) {
  Value *v = slot < b->nslots ? b->env[slot] : NULL;
  if (v && v != &b->maybe) return v;
  fb_error(b, loc, "local variable '%s' %s referenced before assignment",
             name, v ? "might be" : "is");
  return fb_none(b);
}

/* A name Python 3 has built in: one RL does not provide (the others
 * resolve as NK_BUILTIN) is unsupported, not undefined. */
static bool python_builtin(const char *name) {
  static const char *const names[] = {
      "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint",
      "bytearray", "bytes", "callable", "chr", "classmethod", "compile", "complex",
      "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec", "filter", "float",
      "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id",
      "input", "int", "isinstance", "issubclass", "iter", "len", "list", "locals", "map",
      "max", "memoryview", "min", "next", "object", "oct", "open", "ord", "pow", "print",
      "property", "range", "repr", "reversed", "round", "set", "setattr", "slice",
      "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip",
      "__import__", "Ellipsis", "NotImplemented", "GeneratorExit", "KeyboardInterrupt",
      "ArithmeticError", "AttributeError", "BufferError", "EOFError", "FloatingPointError",
      "ImportError", "ModuleNotFoundError", "NameError", "UnboundLocalError",
      "ReferenceError", "SyntaxError", "SystemError", "UnicodeError", "Warning",
      "ConnectionError", "FileNotFoundError", "PermissionError", "TimeoutError",
      "IOError", "EnvironmentError", "StopAsyncIteration", "BlockingIOError",
      "ChildProcessError", "FileExistsError", "InterruptedError", "IsADirectoryError",
      "NotADirectoryError", "ProcessLookupError", "BrokenPipeError", "UnicodeDecodeError",
      "UnicodeEncodeError", "ExceptionGroup", "BaseExceptionGroup"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (!strcmp(names[i], name)) return true;
  return false;
}

Value *fb_load(FB *b, const char *name, Loc loc) {
  CompVar *cv = comp_var(b, name);
  if (cv) return load_slot(b, cv->slot, name, loc);
  uint32_t slot = 0;
  switch (scope_lookup(b->P, b->scope, name, &slot)) {
  case NK_LOCAL: return load_slot(b, slot, name, loc);
  case NK_GLOBAL:
    return fb_op2(b, HL_getglobal, b->modconst, fb_str(b, name), loc);
  case NK_BUILTIN: return fb_builtin(b, name);
  case NK_CLASSATTR: return fb_op2(b, HL_getattr, b->cls, fb_str(b, name), loc);
  case NK_CLOSURE:
    fb_error(b, loc,
               "closures over local variables are not supported in RL");
    return fb_none(b);
  case NK_UNDEF: break;
  }
  if (python_builtin(name))
    fb_error(b, loc, "'%s' is not supported in RL", name);
  else
    fb_error(b, loc, "name '%s' is not defined", name);
  return fb_none(b);
}

static void set_slot(FB *b, uint32_t slot, const char *name, Value *v) {
  if (v->kind == VAL_VAR && !v->name) v->name = name;
  if (slot < b->nslots) b->env[slot] = v;
}

void fb_store(FB *b, const char *name, Value *v, Loc loc) {
  CompVar *cv = comp_var(b, name);
  if (cv) {
    set_slot(b, cv->slot, name, v);
    return;
  }
  uint32_t slot = 0;
  switch (scope_store(b->scope, name, &slot)) {
  case NK_LOCAL: set_slot(b, slot, name, v); break;
  case NK_CLASSATTR: fb_op3(b, HL_setattr, b->cls, fb_str(b, name), v, loc); break;
  default: fb_op3(b, HL_setglobal, b->modconst, fb_str(b, name), v, loc); break;
  }
}

void fb_error(FB *b, Loc loc, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  uint64_t key = rt_hash_bytes(msg, strlen(msg)) ^ ((uint64_t)loc.start << 20) ^ loc.file;
  if (!key) key = 1;
  if (hmap_get(&b->reported, key)) return;
  hmap_put(&b->reported, key, (void *)1);
  diag_error(b->P->diag, loc, "%s", msg);
}

bool fb_enter(FB *b, Loc loc) {
  if (b->depth < FB_MAX_DEPTH) return true;
  if (!b->too_deep)
    fb_error(b, loc, "expression too deeply nested (limit is %d)",
               FB_MAX_DEPTH);
  b->too_deep = true;
  return false;
}

/* ---- graphs --------------------------------------------------------------------- */
static void finish_graph(FB *b) {
  if (b->cur) fb_return(b, fb_none(b));
  fg_repair(b->g);
  fb_free(b);
}

Graph *fg_build_module(Program *P, Module *m) {
  const char *name = arena_printf(P->arena, "%s.<module>", m->name);
  Graph *g = graph_new(P->arena, name, loc_make(m->file, 0, 0));
  g->func = m;
  FB b;
  fb_init(&b, P, m, g, m->scope);
  if (m->ast) fs_body(&b, m->ast->u.module.body);
  finish_graph(&b);
  return g;
}

static void bind_params(FB *b, FuncInfo *f) {
  NodeList ps = f->node->u.func.params;
  Block *start = b->g->start;
  start->ninputs = ps.len;
  start->inputs = arena_alloc_array(b->A, ps.len ? ps.len : 1, sizeof(Value *));
  for (uint32_t i = 0; i < ps.len; i++) {
    Node *p = ps.items[i];
    Value *v = var_new(b->g, p->u.param.name, p->loc);
    start->inputs[i] = v;
    fb_store(b, p->u.param.name, v, p->loc);
  }
}

Graph *fg_build_function(Program *P, FuncInfo *f) {
  Node *d = f->node;
  Graph *g = graph_new(P->arena, f->qualname, d->u.func.name_loc);
  g->func = f;
  FB b;
  fb_init(&b, P, f->mod, g, f->scope);
  bind_params(&b, f);
  fs_body(&b, d->u.func.body);
  finish_graph(&b);
  return g;
}

static void finish(Program *P, Graph *g, bool verify) {
  fg_simplify(g);
  fg_renumber(g);
  if (verify) fg_verify(g, P->diag);
}

void fg_build_program(Program *P, bool verify) {
  for (uint32_t i = 0; i < P->modules.len && !P->diag->stop; i++) {
    Module *m = P->modules.data[i];
    m->graph = fg_build_module(P, m);
    finish(P, m->graph, verify);
    for (uint32_t k = 0; k < m->funcs.len && !P->diag->stop; k++) {
      FuncInfo *f = m->funcs.data[k];
      f->graph = fg_build_function(P, f);
      finish(P, f->graph, verify);
    }
  }
}
