/* calls.c — calls: argument mapping, specialization, graph copies.
 *
 * A call maps its positional and keyword arguments (and the bound self of
 * a method) onto the callee's parameters, filling the rest from defaults;
 * it picks the callee graph for the specialization key, unions the
 * arguments into that graph's start block inputs (scheduling it when they
 * grow) and returns the graph's current return annotation, recording the
 * caller as a dependency so that it is reflowed when the return grows.
 * `@specialize.argtype(n...)` keys on the argument types at those positions,
 * `@specialize.arg(n...)` on their constant values; each key gets its own
 * deep copy of the flow graph. `@specialize.memo()` is annotated as an
 * ordinary call (the result is the same; only the caching differs). */
#include <stdlib.h>
#include <string.h>

#include "annint.h"

/* ---- graph copies --------------------------------------------------------------- */
typedef struct CopyMap {
  Arena *A;
  Value **vars;
  uint32_t nvars;
  Block **blocks;
  uint32_t nblocks;
} CopyMap;

static Value *copy_value(CopyMap *m, Value *v) {
  if (!v || v->kind == VAL_CONST) return v;
  if (v->id >= m->nvars) rt_oom();
  if (!m->vars[v->id]) {
    Value *n = arena_alloc(m->A, sizeof *n);
    *n = *v;
    n->ann = n->ll = NULL;
    m->vars[v->id] = n;
  }
  return m->vars[v->id];
}

static Value **copy_values(CopyMap *m, Value **vs, uint32_t n) {
  Value **out = arena_alloc_array(m->A, n ? n : 1, sizeof(Value *));
  for (uint32_t i = 0; i < n; i++) out[i] = copy_value(m, vs[i]);
  return out;
}

static Block *copy_block_shell(CopyMap *m, Block *b) {
  if (!m->blocks[b->id]) {
    Block *n = arena_alloc(m->A, sizeof *n);
    *n = *b;
    memset(&n->ops, 0, sizeof n->ops);
    memset(&n->exits, 0, sizeof n->exits);
    m->blocks[b->id] = n;
  }
  return m->blocks[b->id];
}

static void copy_block(CopyMap *m, Block *b) {
  Block *n = copy_block_shell(m, b);
  n->inputs = copy_values(m, b->inputs, b->ninputs);
  for (unsigned i = 0; i < b->ops.len; i++) {
    Op *o = b->ops.data[i], *c = arena_alloc(m->A, sizeof *c);
    *c = *o;
    c->args = copy_values(m, o->args, o->nargs);
    c->result = copy_value(m, o->result);
    vec_push(m->A, n->ops, c);
  }
  n->exitswitch = copy_value(m, b->exitswitch);
  for (unsigned i = 0; i < b->exits.len; i++) {
    Link *l = b->exits.data[i], *c = arena_alloc(m->A, sizeof *c);
    *c = *l;
    c->prev = n;
    c->target = copy_block_shell(m, l->target);
    c->etype = copy_value(m, l->etype);
    c->evalue = copy_value(m, l->evalue);
    c->args = copy_values(m, l->args, l->nargs);
    vec_push(m->A, n->exits, c);
  }
}

Graph *ann_graph_copy(Arena *A, Graph *g, const char *name) {
  CopyMap m = {.A = A, .nvars = g->next_var, .nblocks = g->next_block};
  m.vars = calloc(m.nvars ? m.nvars : 1, sizeof(Value *));
  m.blocks = calloc(m.nblocks ? m.nblocks : 1, sizeof(Block *));
  if (!m.vars || !m.blocks) rt_oom();
  Graph *n = arena_alloc(A, sizeof *n);
  *n = *g;
  n->name = name;
  BlockList bl = {0};
  graph_blocks(g, &bl);
  for (unsigned i = 0; i < bl.len; i++) copy_block(&m, bl.data[i]);
  if (!m.blocks[g->ret->id]) copy_block(&m, g->ret);
  if (!m.blocks[g->except->id]) copy_block(&m, g->except);
  n->start = m.blocks[g->start->id];
  n->ret = m.blocks[g->ret->id];
  n->except = m.blocks[g->except->id];
  free(m.vars);
  free(m.blocks);
  return n;
}

/* ---- specialization keys ------------------------------------------------------- */
static const char *type_key(Annotator *AN, const Ann *a) {
  switch ((AnnKind)a->kind) {
  case ANN_INSTANCE: return arena_printf(AN->A, "inst(%s)", a->u.cls->shortname);
  case ANN_TUPLE: return arena_printf(AN->A, "tuple%u", a->n);
  case ANN_PBC: return a->n == 1 ? a->u.descs[0]->name : "pbc";
  default: return ann_kind_word(a);
  }
}

static const char *const_key(Annotator *AN, const Ann *a) {
  if (a->kind == ANN_PBC && a->n == 1) return a->u.descs[0]->name;
  if (!(a->flags & AF_CONST)) return NULL;
  switch ((AnnKind)a->kind) {
  case ANN_NONE: return "None";
  case ANN_BOOL: return a->c.i ? "True" : "False";
  case ANN_INT: return arena_printf(AN->A, "%lld", (long long)a->c.i);
  case ANN_FLOAT: return arena_printf(AN->A, "%.17g", a->c.f);
  case ANN_CHAR: case ANN_STR:
    return arena_printf(AN->A, "'%.*s'", (int)a->c.s.len, a->c.s.p);
  default: return NULL;
  }
}

static const char *spec_key(Annotator *AN, FuncDesc *fd, Ann **params, Loc loc) {
  const char *key = NULL;
  for (uint32_t i = 0; i < fd->nparams && i < 32; i++) {
    if (!(fd->specmask & (1u << i))) continue;
    const char *k = fd->spec == SPEC_ARGTYPE ? type_key(AN, params[i])
                                             : const_key(AN, params[i]);
    if (!k) {
      ann_error(AN, loc, "the argument '%s' of %s() must be a constant here "
                "(@specialize.arg)", fd->pnames[i], fd->fi->name);
      return NULL;
    }
    key = key ? arena_printf(AN->A, "%s, %s", key, k) : k;
  }
  return key ? key : "";
}

static AnnGraph *graph_for(Annotator *AN, Desc *d, Ann **params, Loc loc) {
  FuncDesc *fd = d->u.func;
  if (fd->spec != SPEC_ARGTYPE && fd->spec != SPEC_ARG) {
    if (!fd->graphs.len)
      vec_push(AN->A, fd->graphs, ann_graph_info(AN, fd->graph, fd, fd->fi->qualname, NULL));
    return fd->graphs.data[0];
  }
  const char *key = spec_key(AN, fd, params, loc);
  if (!key) return NULL;
  for (unsigned i = 0; i < fd->graphs.len; i++)
    if (strcmp(fd->graphs.data[i]->key, key) == 0) return fd->graphs.data[i];
  const char *name = arena_printf(AN->A, "%s[%s]", fd->fi->qualname, key);
  Graph *g = ann_graph_copy(AN->A, fd->graph, name);
  AnnGraph *ag = ann_graph_info(AN, g, fd, name, key);
  vec_push(AN->A, fd->graphs, ag);
  return ag;
}

/* ---- argument mapping -------------------------------------------------------------- */
static void note_def(Annotator *AN, FuncDesc *fd) {
  diag_note(AN->D, fd->fi->node->u.func.name_loc, "%s() is defined here", fd->fi->name);
}

static int param_index(FuncDesc *fd, const char *name) {
  for (uint32_t i = 0; i < fd->nparams; i++)
    if (fd->pnames[i] && strcmp(fd->pnames[i], name) == 0) return (int)i;
  return -1;
}

static bool map_keywords(Annotator *AN, Call *c, FuncDesc *fd, Ann **params) {
  for (uint32_t k = 0; k < c->nkw; k++) {
    int i = param_index(fd, c->kwnames[k]);
    if (i < 0 || params[i]) {
      if (ann_error(AN, c->loc, i < 0 ? "%s() got an unexpected keyword argument '%s'"
                                      : "%s() got multiple values for argument '%s'",
                    fd->fi->name, c->kwnames[k]))
        note_def(AN, fd);
      return false;
    }
    params[i] = c->kw[k];
  }
  return true;
}

static bool fill_defaults(Annotator *AN, Call *c, FuncDesc *fd, Ann **params) {
  for (uint32_t i = 0; i < fd->nparams; i++) {
    if (params[i]) continue;
    Value *d = fd->defaults[i];
    if (!d) {
      if (ann_error(AN, c->loc, "%s() missing argument '%s'", fd->fi->name, fd->pnames[i]))
        note_def(AN, fd);
      return false;
    }
    params[i] = d->kind == VAL_CONST ? ann_of_const(AN, d, d->loc)
                                     : (d->ann ? (Ann *)d->ann : NULL);
    if (!params[i]) {
      ann_error(AN, d->loc, "this default value is not supported yet");
      return false;
    }
  }
  return true;
}

static Ann **map_args(Annotator *AN, Call *c, FuncDesc *fd, Ann *self) {
  Ann **params = arena_alloc_array(AN->A, fd->nparams + 1, sizeof(Ann *));
  uint32_t k = self ? 1 : 0, given = k + c->n;
  if (given > fd->nparams) {
    if (ann_error(AN, c->loc, "%s() takes %u argument%s but %u %s given", fd->fi->name,
                  fd->nparams, fd->nparams == 1 ? "" : "s", given,
                  given == 1 ? "was" : "were"))
      note_def(AN, fd);
    return NULL;
  }
  if (self) params[0] = self;
  for (uint32_t i = 0; i < c->n; i++) params[k + i] = c->args[i];
  if (!map_keywords(AN, c, fd, params) || !fill_defaults(AN, c, fd, params)) return NULL;
  return params;
}

static Ann *call_func(Annotator *AN, Call *c, Desc *d, Ann *self, AnnGraph **agp) {
  FuncDesc *fd = d->u.func;
  if (!fd->graph) return ann_impossible();
  Ann **params = map_args(AN, c, fd, self);
  if (!params) return ann_impossible();
  AnnGraph *ag = graph_for(AN, d, params, c->loc);
  if (!ag) return ann_impossible();
  bool grew = false;
  Block *start = ag->g->start;
  for (uint32_t i = 0; i < fd->nparams; i++)
    grew |= ann_generalize_var(AN, start->inputs[i], params[i], c->loc,
                               "the argument '%s' of %s()", fd->pnames[i], fd->fi->name);
  BlockInfo *sb = &ag->blocks[start->id];
  if (grew || !sb->reached) ann_schedule(AN, sb);
  ann_dep_add(AN, &ag->callers);
  *agp = ag;
  Ann *r = ann_of(ag->g->ret->inputs[0]);
  return r ? r : ann_impossible();
}

Ann *ann_call_func(Annotator *AN, Call *c, Desc *d, Ann *self) {
  AnnGraph *ag;
  return call_func(AN, c, d, self, &ag);
}

/* ---- the call op -------------------------------------------------------------------- */
static Ann *call_desc(Annotator *AN, Call *c, Desc *d, AnnGraph **agp) {
  switch ((DescKind)d->kind) {
  case DESC_FUNC: return call_func(AN, c, d, NULL, agp);
  case DESC_METHOD:
    return call_func(AN, c, d->u.meth.func,
                     ann_instance(AN, d->u.meth.self, false, c->loc), agp);
  case DESC_CLASS: return ann_instantiate(AN, c, d->u.cls);
  default:
    ann_error(AN, c->loc, "cannot call %s", d->name);
    return NULL;
  }
}

/* The functions of one call site share a signature (RPython's
 * normalizecalls): each one's return generalizes to the union of all, so a
 * method returning "b" (a char) beside one returning "base" returns a str
 * through their common vtable slot or function pointer. */
static void unify_returns(Annotator *AN, AnnGraph **ags, uint32_t n, Ann *r) {
  for (uint32_t i = 0; i < n; i++) {
    if (!ags[i]) continue;
    Value *ret = ags[i]->g->ret->inputs[0];
    if (ann_generalize_var(AN, ret, r, (Loc){0}, NULL, NULL, NULL))
      ann_deps_schedule(AN, &ags[i]->callers);
  }
}

static Ann *call_pbc(Annotator *AN, Call *c, Ann *f) {
  Ann *r = ann_impossible();
  AnnGraph **ags = arena_alloc_array(AN->A, f->n, sizeof *ags);
  for (uint32_t i = 0; i < f->n; i++) {
    ags[i] = NULL;
    Ann *one = call_desc(AN, c, f->u.descs[i], &ags[i]);
    if (!one) return ann_impossible();
    Ann *u = ann_union(AN, r, one);
    if (!u) {
      ann_report_conflict(AN, c->loc, "the result of the functions called here", r, one);
      return ann_impossible();
    }
    r = u;
  }
  if (f->n > 1 && r->kind != ANN_IMPOSSIBLE) unify_returns(AN, ags, f->n, r);
  return r;
}

Ann *ann_call(Annotator *AN, Call *c, Ann *f) {
  switch ((AnnKind)f->kind) {
  case ANN_PBC: return call_pbc(AN, c, f);
  case ANN_BUILTIN:
    c->self = f->u.bi.self;
    return ann_builtin_call(AN, c, (BiId)f->u.bi.id);
  default:
    ann_error(AN, c->loc, "cannot call %s (not a function)", ann_describe(AN, f));
    return ann_impossible();
  }
}

Ann *ann_rule_call(Annotator *AN, Op *op, Ann **args) {
  Call c = {.op = op, .loc = op->loc};
  if (op->opc == HL_call_args) {
    CallShape *sh = op->args[1]->u.shape;
    c.n = sh->npos;
    c.args = args + 2;
    c.vals = op->args + 2;
    c.nkw = sh->nkw;
    c.kwnames = sh->kwnames;
    c.kw = args + 2 + sh->npos;
  } else {
    c.n = op->nargs - 1;
    c.args = args + 1;
    c.vals = op->args + 1;
  }
  return ann_call(AN, &c, args[0]);
}
