/* engine.c — the annotator's fixpoint: a worklist of blocks.
 *
 * Algorithm (RPython's annrpython.py, simplified): a block is scheduled
 * when one of its input annotations grows or something it read (a list's
 * item type, an attribute, a callee's return value) generalizes. Flowing a
 * block computes each op's result with the rule for its op kind, then
 * unions each exit link's arguments into the target's inputs, scheduling
 * the target if anything grew. A rule that cannot give a result yet returns
 * the impossible value: the rest of the block is skipped (if that op ends a
 * raising block, only its exception exits are followed) until a dependency
 * reflows it. Narrowing: a BOOL that carries KnownTypes narrows a variable
 * on the matching exit of a switch; a switch on a constant follows one exit.
 *
 * Termination: every annotation only grows by unions, and each program's
 * lattice has finite height (finitely many classes, defs and constants;
 * constants are dropped on the first differing union).
 * Errors never abort: a conflicting union keeps the old annotation and is
 * reported once per place. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "annint.h"

static const OpRule op_rules[HL_OP_COUNT] = {
    [HL_add] = ann_rule_arith, [HL_sub] = ann_rule_arith, [HL_mul] = ann_rule_arith,
    [HL_truediv] = ann_rule_arith, [HL_floordiv] = ann_rule_arith,
    [HL_mod] = ann_rule_arith, [HL_pow] = ann_rule_arith,
    [HL_lshift] = ann_rule_arith, [HL_rshift] = ann_rule_arith,
    [HL_and_] = ann_rule_arith, [HL_or_] = ann_rule_arith, [HL_xor] = ann_rule_arith,
    [HL_inplace_add] = ann_rule_arith, [HL_inplace_sub] = ann_rule_arith,
    [HL_inplace_mul] = ann_rule_arith, [HL_inplace_truediv] = ann_rule_arith,
    [HL_inplace_floordiv] = ann_rule_arith, [HL_inplace_mod] = ann_rule_arith,
    [HL_inplace_pow] = ann_rule_arith, [HL_inplace_lshift] = ann_rule_arith,
    [HL_inplace_rshift] = ann_rule_arith, [HL_inplace_and] = ann_rule_arith,
    [HL_inplace_or] = ann_rule_arith, [HL_inplace_xor] = ann_rule_arith,
    [HL_neg] = ann_rule_unary, [HL_pos] = ann_rule_unary,
    [HL_invert] = ann_rule_unary, [HL_not_] = ann_rule_truth,
    [HL_is_true] = ann_rule_truth,
    [HL_lt] = ann_rule_compare, [HL_le] = ann_rule_compare, [HL_eq] = ann_rule_compare,
    [HL_ne] = ann_rule_compare, [HL_gt] = ann_rule_compare, [HL_ge] = ann_rule_compare,
    [HL_is_] = ann_rule_is, [HL_contains] = ann_rule_contains,
    [HL_getattr] = ann_rule_getattr, [HL_setattr] = ann_rule_setattr,
    [HL_getitem] = ann_rule_getitem, [HL_setitem] = ann_rule_setitem,
    [HL_delitem] = ann_rule_delitem, [HL_getslice] = ann_rule_getslice,
    [HL_setslice] = ann_rule_setslice, [HL_delslice] = ann_rule_delslice,
    [HL_newlist] = ann_rule_newlist, [HL_newdict] = ann_rule_newdict,
    [HL_newtuple] = ann_rule_newtuple,
    [HL_simple_call] = ann_rule_call, [HL_call_args] = ann_rule_call,
    [HL_iter] = ann_rule_iter, [HL_next] = ann_rule_next,
    [HL_getglobal] = ann_rule_getglobal, [HL_setglobal] = ann_rule_setglobal,
    [HL_make_function] = ann_rule_module_only, [HL_make_class] = ann_rule_module_only,
    [HL_import_module] = ann_rule_module_only,
    [HL_type] = ann_rule_type, [HL_exc_instance] = ann_rule_exc_instance,
    [HL_exception_match] = ann_rule_exception_match,
};

/* ---- errors ----------------------------------------------------------------- */
static bool first_report(Annotator *AN, Loc loc) {
  uint64_t key = ((uint64_t)loc.file << 40 | (uint64_t)loc.start << 8) + 1;
  if (hmap_get(&AN->reported, key)) return false;
  hmap_put(&AN->reported, key, (void *)1);
  return true;
}

bool ann_error(Annotator *AN, Loc loc, const char *fmt, ...) {
  if (AN->D->stop || !first_report(AN, loc)) return false;
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  diag_error(AN->D, loc, "%s", buf);
  return !AN->D->stop;
}

void ann_report_conflict(Annotator *AN, Loc loc, const char *subject, Ann *a, Ann *b) {
  if (AN->conflict.a) {
    if (AN->conflict.what) subject = AN->conflict.what;
    a = AN->conflict.a;
    b = AN->conflict.b;
  }
  memset(&AN->conflict, 0, sizeof AN->conflict);
  if (AN->D->stop || !first_report(AN, loc)) return;
  const char *da = ann_describe(AN, a), *db = ann_describe(AN, b);
  diag_error(AN->D, loc, "%s cannot be both %s and %s", subject, da, db);
  if (AN->D->stop) return;
  if (strcmp(da, db) == 0) { da = ann_kind_word(a); db = ann_kind_word(b); }
  bool same = a->origin.file == b->origin.file && a->origin.start == b->origin.start;
  if (same && a->origin.file == loc.file && a->origin.start == loc.start) return;
  if (a->origin.file) diag_note(AN->D, a->origin, "%s comes from here", da);
  if (b->origin.file) diag_note(AN->D, b->origin, "%s comes from here", db);
}

/* ---- values ----------------------------------------------------------------- */
Ann *ann_of(const Value *v) { return v ? (Ann *)v->ann : NULL; }

Ann *ann_value(Annotator *AN, Value *v) {
  if (v->kind == VAL_CONST) return ann_of_const(AN, v, v->loc);
  return v->ann ? (Ann *)v->ann : ann_impossible();
}

static Ann *value_at(Annotator *AN, Value *v, Loc loc) {
  if (v->kind == VAL_CONST) return ann_of_const(AN, v, v->loc.file ? v->loc : loc);
  return v->ann ? (Ann *)v->ann : ann_impossible();
}

bool ann_is_const_true(const Ann *a) {
  return a->kind == ANN_BOOL && (a->flags & AF_CONST) && a->c.i;
}

/* ---- scheduling ----------------------------------------------------------- */
void ann_schedule(Annotator *AN, BlockInfo *bi) {
  bi->reached = true;
  if (bi->queued) return;
  bi->queued = true;
  vec_push(AN->A, AN->queue, bi);
}

void ann_dep_add(Annotator *AN, Deps *d) {
  BlockInfo *bi = AN->cur;
  if (!bi) return;
  for (unsigned i = d->v.len; i-- > 0;)
    if (d->v.data[i] == bi) return;
  vec_push(AN->A, d->v, bi);
}

AnnGraph *ann_graph_info(Annotator *AN, Graph *g, FuncDesc *fd, const char *name,
                         const char *key) {
  AnnGraph *ag = arena_alloc(AN->A, sizeof *ag);
  ag->g = g;
  ag->fd = fd;
  ag->name = name;
  ag->key = key;
  ag->order = AN->next_order++;
  ag->nblocks = g->next_block;
  ag->blocks = arena_alloc_array(AN->A, ag->nblocks ? ag->nblocks : 1, sizeof(BlockInfo));
  BlockList bl = {0};
  graph_blocks(g, &bl);
  for (unsigned i = 0; i < bl.len; i++) {
    ag->blocks[bl.data[i]->id].b = bl.data[i];
    ag->blocks[bl.data[i]->id].ag = ag;
  }
  for (unsigned i = 0; i < bl.len; i++)
    for (unsigned k = 0; k < bl.data[i]->exits.len; k++) {
      Block *t = bl.data[i]->exits.data[k]->target;
      if (t && t->id < ag->nblocks) ag->blocks[t->id].npreds++;
    }
  vec_push(AN->A, AN->graphs, ag);
  return ag;
}

bool ann_generalize_var(Annotator *AN, Value *v, Ann *s, Loc loc, const char *fmt,
                        const char *a, const char *b) {
  Ann *old = v->ann ? (Ann *)v->ann : ann_impossible();
  Ann *u = ann_union(AN, old, s);
  if (!u) {
    if (fmt) ann_report_conflict(AN, loc, arena_printf(AN->A, fmt, a, b), old, s);
    memset(&AN->conflict, 0, sizeof AN->conflict);
    return false;
  }
  if (v->ann && ann_eq(u, old)) return false;
  v->ann = u;
  return true;
}

/* ---- following exits -------------------------------------------------------- */
/* The subject of a conflict on target input i: a format and its argument. */
static const char *input_subject(AnnGraph *ag, Block *t, uint32_t i, const char **arg) {
  if (t == ag->g->ret) {
    *arg = ag->fd ? ag->fd->fi->name : ag->name;
    return "the return value of %s()%s";
  }
  if (t == ag->g->except) return NULL;
  *arg = t->inputs[i]->name;
  return *arg ? "variable '%s'%s" : "a temporary value%s%s";
}

static Loc link_loc(const Block *b, const Value *arg) {
  if (arg->loc.file) return arg->loc;
  if (b->ops.len) return vec_last(b->ops)->loc;
  return b->loc;
}

/* A bool that narrows variables of this block, passed on link l: what it
 * narrows in the target (the inputs those variables are passed to), or
 * nothing when the link does not pass the variable (RPython renames its
 * knowntypedata the same way). So a test's narrowing survives the blocks
 * that a `try` splits a condition into. */
static Ann *ktd_across(Annotator *AN, Link *l, Ann *s) {
  const KnownTypes *k = s->u.ktd;
  Value *to = NULL, *to2 = NULL;
  for (uint32_t j = 0; j < l->nargs && j < l->target->ninputs; j++) {
    if (l->args[j] == k->var && !to) to = l->target->inputs[j];
    if (k->var2 && l->args[j] == k->var2 && !to2) to2 = l->target->inputs[j];
  }
  Ann *c = ann_copy(AN, s);
  if (!to) {
    c->u.ktd = NULL;
    return c;
  }
  KnownTypes *n = arena_alloc(AN->A, sizeof *n);
  *n = *k;
  n->var = to;
  n->var2 = to2;
  if (!to2) n->if_true2 = NULL;
  c->u.ktd = n;
  return c;
}

/* A block input that only one link feeds: its bool narrows what that
 * link's bool narrows now (a union would keep the narrowing of the first
 * flow, or none, forever). True when that changed. */
static bool take_ktd(Annotator *AN, Value *in, const Ann *s) {
  Ann *a = in->ann;
  if (!a || a->kind != ANN_BOOL || s->kind != ANN_BOOL || (a->flags & AF_CONST) ||
      ann_eq(a, s) || a->u.ktd == s->u.ktd)
    return false;
  Ann *c = ann_copy(AN, a);
  c->u.ktd = s->u.ktd;
  if (ann_eq(c, a)) return false;
  in->ann = c;
  return true;
}

static void follow_link(Annotator *AN, BlockInfo *bi, Link *l, const KnownTypes *k,
                        bool truth) {
  AnnGraph *ag = bi->ag;
  Block *t = l->target;
  Ann **in = arena_alloc_array(AN->A, l->nargs ? l->nargs : 1, sizeof(Ann *));
  for (uint32_t i = 0; i < l->nargs; i++) {
    Value *v = l->args[i];
    Ann *s = value_at(AN, v, link_loc(bi->b, v));
    if (k && v == k->var) s = truth ? k->if_true : k->if_false;
    else if (k && v == k->var2 && truth && k->if_true2) s = k->if_true2;
    if (s->kind == ANN_IMPOSSIBLE) return;
    if (s->kind == ANN_BOOL && s->u.ktd && l->target != bi->ag->g->ret &&
        l->target != bi->ag->g->except)
      s = ktd_across(AN, l, s);
    in[i] = s;
  }
  bool grew = false;
  bool one_pred = t != ag->g->ret && t != ag->g->except && ag->blocks[t->id].npreds == 1;
  for (uint32_t i = 0; i < l->nargs && i < t->ninputs; i++) {
    const char *arg = "";
    const char *fmt = input_subject(ag, t, i, &arg);
    grew |= ann_generalize_var(AN, t->inputs[i], in[i], link_loc(bi->b, l->args[i]), fmt,
                               arg ? arg : "", "");
    if (one_pred) grew |= take_ktd(AN, t->inputs[i], in[i]);
  }
  if (t == ag->g->ret) {
    if (grew) ann_deps_schedule(AN, &ag->callers);
  } else if (t != ag->g->except) {
    BlockInfo *tb = &ag->blocks[t->id];
    if (grew || !tb->reached) ann_schedule(AN, tb);
  }
}

static void follow_exception(Annotator *AN, BlockInfo *bi, Link *l) {
  Ann *c = ann_value(AN, l->exitcase);
  ClassDef *cd = c->kind == ANN_PBC && c->u.descs[0]->kind == DESC_CLASS
                     ? c->u.descs[0]->u.cls : ann_builtin_class(AN, "BaseException");
  Loc o = bi->b->ops.len ? vec_last(bi->b->ops)->loc : bi->b->loc;
  if (l->etype) {
    Ann *t = ann_new_kind(AN, ANN_TYPE, o);
    t->u.cls = cd;
    l->etype->ann = t;
  }
  if (l->evalue) l->evalue->ann = ann_instance(AN, cd, false, o);
  follow_link(AN, bi, l, NULL, false);
}

/* Whether a switch exit's case can match the switch's annotation. */
static bool case_possible(const Ann *s, const Value *c) {
  if (!(s->flags & AF_CONST) || !c) return true;
  if (s->kind == ANN_BOOL || s->kind == ANN_INT)
    return (c->ckind != CONST_BOOL && c->ckind != CONST_INT) || c->u.i == s->c.i;
  return true;
}

static void follow_switch(Annotator *AN, BlockInfo *bi) {
  Block *b = bi->b;
  Ann *s = ann_value(AN, b->exitswitch);
  const KnownTypes *k = s->kind == ANN_BOOL ? s->u.ktd : NULL;
  for (unsigned i = 0; i < b->exits.len; i++) {
    Link *l = b->exits.data[i];
    if (!case_possible(s, l->exitcase)) continue;
    bool truth = l->exitcase && l->exitcase->u.i;
    follow_link(AN, bi, l, k, truth);
  }
}

static void follow_exits(Annotator *AN, BlockInfo *bi, bool normal) {
  Block *b = bi->b;
  if (b->exitkind == EXIT_VALUE) {
    follow_switch(AN, bi);
    return;
  }
  for (unsigned i = 0; i < b->exits.len; i++) {
    Link *l = b->exits.data[i];
    if (b->exitkind == EXIT_RAISE && i > 0) follow_exception(AN, bi, l);
    else if (normal) follow_link(AN, bi, l, NULL, false);
  }
}

/* ---- flowing a block --------------------------------------------------------- */
/* Ops whose first operand must be an object (never None) — while it is
 * only None so far, the block waits (check_none_uses). */
static bool needs_object(const Op *op) {
  switch (op->opc) {
  case HL_getattr: case HL_getitem: case HL_setitem: case HL_delitem: case HL_iter:
    return op->nargs > 0 && op->args[0]->kind == VAL_VAR;
  default:
    return false;
  }
}

static Ann *apply_rule(Annotator *AN, Op *op) {
  Ann **args = arena_alloc_array(AN->A, op->nargs ? op->nargs : 1, sizeof(Ann *));
  for (uint32_t j = 0; j < op->nargs; j++) {
    args[j] = value_at(AN, op->args[j], op->loc);
    if (args[j]->kind == ANN_IMPOSSIBLE) return args[j];
  }
  if (needs_object(op) && args[0]->kind == ANN_NONE && !AN->none_final) {
    /* None so far (an attribute set to None in __init__ and to a list
     * later in the same method, a loop's first pass): the variable may
     * still become an object; check_none_uses decides at the end */
    vec_push(AN->A, AN->none_uses, op);
    return ann_impossible();
  }
  OpRule rule = op_rules[op->opc];
  if (!rule) {
    ann_error(AN, op->loc, "operation '%s' is not supported in RL", hlop_info[op->opc].name);
    return ann_impossible();
  }
  Ann *r = rule(AN, op, args);
  if ((hlop_info[op->opc].flags & HL_NORESULT) && r->kind != ANN_IMPOSSIBLE)
    r = ann_none(AN, op->loc);
  return r;
}

static void flow_block(Annotator *AN, BlockInfo *bi) {
  Block *b = bi->b;
  AN->cur = bi;
  for (unsigned i = 0; i < b->ops.len; i++) {
    Op *op = b->ops.data[i];
    AN->curop = op;
    Ann *r = apply_rule(AN, op);
    if (r->kind == ANN_IMPOSSIBLE) {
      if (i + 1 == b->ops.len && b->exitkind == EXIT_RAISE) follow_exits(AN, bi, false);
      AN->cur = NULL;
      return;
    }
    op->result->ann = r;
  }
  follow_exits(AN, bi, true);
  AN->cur = NULL;
}

/* The ops that waited on a None operand and never saw anything else:
 * their rules report the error now. */
static void check_none_uses(Annotator *AN) {
  AN->none_final = true;
  for (unsigned i = 0; i < AN->none_uses.len && !AN->D->stop; i++) {
    Op *op = AN->none_uses.data[i];
    Ann *a = ann_of(op->args[0]);
    if (a && a->kind == ANN_NONE) apply_rule(AN, op);
  }
  AN->none_final = false;
}

static void run_worklist(Annotator *AN) {
  while (AN->qhead < AN->queue.len && !AN->D->stop) {
    BlockInfo *bi = AN->queue.data[AN->qhead++];
    bi->queued = false;
    flow_block(AN, bi);
    if (AN->qhead > 1024 && AN->qhead * 2 > AN->queue.len) {
      AN->queue.len -= AN->qhead;
      memmove(AN->queue.data, AN->queue.data + AN->qhead, AN->queue.len * sizeof(BlockInfo *));
      AN->qhead = 0;
    }
  }
}

/* ---- setup and entry ---------------------------------------------------------- */
Annotator *ann_new(Program *P) {
  Annotator *AN = arena_alloc(P->arena, sizeof *AN);
  AN->P = P;
  AN->A = P->arena;
  AN->D = P->diag;
  AN->in = P->in;
  hmap_init(&AN->classmap, AN->A);
  hmap_init(&AN->funcmap, AN->A);
  hmap_init(&AN->modmap, AN->A);
  hmap_init(&AN->sites, AN->A);
  hmap_init(&AN->bimap, AN->A);
  hmap_init(&AN->globals, AN->A);
  hmap_init(&AN->defaults, AN->A);
  hmap_init(&AN->reported, AN->A);
  hmap_init(&AN->objmap, AN->A);
  ann_classes_init(AN);
  ann_builtins_init(AN);
  return AN;
}

void ann_use_prebuild(Annotator *AN, Prebuild *PB) { AN->PB = PB; }

/* A subclass of cd defines `name` (a method or class attribute that
 * instance reads of cd see through the subclass overrides). */
static bool defined_below(ClassDef *cd, const char *name) {
  for (unsigned i = 0; i < cd->subs.len; i++) {
    ClassDef *s = cd->subs.data[i];
    Attr *a = ann_attr_find(s, name);
    if ((a && a->s->kind != ANN_IMPOSSIBLE) || defined_below(s, name)) return true;
  }
  return false;
}

static void check_attributes(Annotator *AN) {
  for (unsigned i = 0; i < AN->attrs_read.len; i++) {
    Attr *a = AN->attrs_read.data[i];
    if (a->s->kind != ANN_IMPOSSIBLE || !a->first_read.file || !a->readers.v.len) continue;
    if (defined_below(a->owner, a->name)) continue;
    const char *close = NULL;
    for (ClassDef *c = a->owner; c && !close; c = c->base)
      for (unsigned j = 0; j < c->attrs.len && !close; j++) {
        Attr *o = c->attrs.data[j];
        if (o != a && o->s->kind != ANN_IMPOSSIBLE && strlen(o->name) > 1 &&
            (strstr(o->name, a->name) || strstr(a->name, o->name)))
          close = o->name;
      }
    if (close)
      ann_error(AN, a->first_read, "class %s has no attribute '%s' (did you mean '%s'?)",
                a->owner->shortname, a->name, close);
    else
      ann_error(AN, a->first_read, "class %s has no attribute '%s'", a->owner->shortname,
                a->name);
  }
}

static void check_entry_result(Annotator *AN) {
  if (!AN->entry) return;
  Ann *r = ann_of(AN->entry->g->ret->inputs[0]);
  if (!r || r->kind == ANN_INT || r->kind == ANN_IMPOSSIBLE) return;
  ann_error(AN, AN->entry->g->loc, "the entry point %s() must return an int on every "
            "path (it returns %s)", AN->entry->fd->fi->name, ann_describe(AN, r));
}

bool ann_from_function(Annotator *AN, FuncInfo *fi, uint32_t nargs, Ann **args) {
  int before = AN->D->nerrors;
  ann_scan_modules(AN);
  Loc o = fi->node->loc;
  Ann *argv = NULL;
  if (!args) {
    ListDef *ld = ann_listdef_new(AN, ann_str(AN, false, o), o);
    ann_listdef_resize(AN, ld);  /* rt_main.c builds it: an RlList */
    argv = ann_list(AN, ld, o);
    args = &argv;
    nargs = 1;
  }
  Call c = {.loc = o, .n = nargs, .args = args, .fname = fi->name};
  Desc *d = ann_func_desc(AN, fi);
  ann_call_func(AN, &c, d, NULL);
  if (d->u.func->graphs.len) AN->entry = d->u.func->graphs.data[0];
  run_worklist(AN);
  if (!AN->D->stop) check_none_uses(AN);
  if (!AN->D->stop) ann_check_view_uses(AN);
  if (!AN->D->stop) check_attributes(AN);
  return AN->D->nerrors == before;
}

/* The entry point (LANGUAGE.md "Program shape"): what `target` returns
 * first, else `entry_point`, else `main`, in the main module. */
static FuncInfo *find_entry(Annotator *AN, Module *m) {
  FuncInfo *byname[3] = {0};
  static const char *const names[3] = {"target", "entry_point", "main"};
  for (unsigned i = 0; i < m->funcs.len; i++) {
    FuncInfo *f = m->funcs.data[i];
    if (f->cls || strchr(f->qualname + strlen(m->name) + 1, '.')) continue;
    for (int k = 0; k < 3; k++)
      if (strcmp(f->name, names[k]) == 0 && !byname[k]) byname[k] = f;
  }
  if (byname[0] && byname[0]->graph) {
    Graph *g = byname[0]->graph;
    for (Block *b = g->start; b;) {
      for (unsigned i = 0; i < b->ops.len; i++) {
        Op *op = b->ops.data[i];
        if (op->opc != HL_getglobal || op->args[1]->ckind != CONST_STR) continue;
        const Sym *y = scope_global_sym(m, intern(AN->in, op->args[1]->u.s.p, op->args[1]->u.s.len));
        if (y && y->kind == SYM_FUNC) return prog_func(AN->P, y->node);
      }
      b = b->exits.len == 1 && b->exits.data[0]->target != g->ret ? b->exits.data[0]->target : NULL;
    }
  }
  return byname[1] ? byname[1] : byname[2];
}

bool ann_program(Annotator *AN) {
  Module *m = AN->P->modules.len ? AN->P->modules.data[0] : NULL;
  /* what target() returned when prebuild called it, else found by name */
  PbFunc *pe = AN->PB ? pb_entry_point(AN->PB) : NULL;
  FuncInfo *fi = pe ? pe->fi : m ? find_entry(AN, m) : NULL;
  if (!fi) {
    ann_error(AN, m && m->ast ? loc_make(m->file, 0, 0) : loc_make(0, 0, 0),
              "no entry point: define entry_point(argv) or main(argv), or target() "
              "returning (entry_point, None)");
    return false;
  }
  if (!fi->graph || fi->graph->start->ninputs != 1) {
    ann_error(AN, fi->node->u.func.name_loc, "the entry point %s() must take one "
              "argument (argv)", fi->name);
    return false;
  }
  bool ok = ann_from_function(AN, fi, 0, NULL);
  if (!AN->D->stop) check_entry_result(AN);
  return ok && AN->D->nerrors == 0;
}

/* ---- results -------------------------------------------------------------------- */
uint32_t ann_graph_count(const Annotator *AN) { return AN->graphs.len; }
AnnGraph *ann_graph_at(const Annotator *AN, uint32_t i) { return AN->graphs.data[i]; }
uint32_t ann_class_count(const Annotator *AN) { return AN->classes.len; }
ClassDef *ann_class_at(const Annotator *AN, uint32_t i) { return AN->classes.data[i]; }
AnnGraph *ann_entry_graph(const Annotator *AN) { return AN->entry; }
