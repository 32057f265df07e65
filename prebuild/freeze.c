/* freeze.c — after module-level code ran: choose the entry point, turn
 * global reads in function graphs into constants, and walk the prebuilt
 * heap reachable from the entry point.
 *
 * Freezing rewrites each function graph in place, block by block: an op
 * `v = getglobal(M, 'x')` whose name is bound in M's final globals is
 * deleted and v is replaced by the constant in every later use (operands,
 * the exit switch, link arguments — a variable never outlives its block in
 * these graphs, and the substitution table covers the whole graph anyway);
 * `v = getattr(<constant module>, 'x')` likewise when x is a member. When a
 * deleted op ended a raising block, the block keeps only its normal exit.
 * Unbound names stay as ops and are recorded: pb_check_graph reports them,
 * which pb_require_entry_point does for every graph reachable from the entry
 * point, so dead code with a stale global is no error (RPython's rule). */
#include <stdlib.h>
#include <string.h>

#include "pbint.h"

/* ---- constants ---------------------------------------------------------------- */
static const char *obj_name(Prebuild *PB, Dyn d, const char *name) {
  switch ((PbType)d.o->type) {
  case PB_FUNC: return DYN_FUNC(d)->fi->qualname;
  case PB_CLASS: return DYN_CLASS(d)->name;
  case PB_MODULE: return ((PbModule *)d.o)->m->name;
  case PB_BUILTIN: return ((PbBuiltin *)d.o)->name;
  default: return name ? name : arena_printf(PB->P->arena, "%s#%u", pb_type_name(d), d.o->id);
  }
}

Value *pb_const(Prebuild *PB, Dyn d, const char *name) {
  Arena *A = PB->P->arena;
  switch (d.kind) {
  case DK_NONE: return const_none(A);
  case DK_BOOL: return const_bool(A, d.i != 0);
  case DK_INT: return const_int(A, d.i);
  case DK_FLOAT: return const_float(A, d.f);
  case DK_UINT: {
    PbUintBox *b = pb_alloc(PB, sizeof(PbUintBox), PB_UINTBOX);
    b->u = d.u;
    return const_ref(A, CONST_OBJ, b, "r_uint");
  }
  default: break;
  }
  Value *v = hmap_get(&PB->cvals, HKEY(d.o));
  if (v) return v;
  if (dyn_is(d, PB_STR)) v = const_str(A, DYN_STR(d)->s, DYN_STR(d)->len);
  else if (dyn_is(d, PB_BUILTIN) || (dyn_is(d, PB_CLASS) && DYN_CLASS(d)->builtin))
    v = const_ref(A, CONST_BUILTIN, d.o, obj_name(PB, d, name));
  else v = const_ref(A, CONST_OBJ, d.o, obj_name(PB, d, name));
  hmap_put(&PB->cvals, HKEY(d.o), v);
  return v;
}

static void walk_heap(Prebuild *PB, PbObjList *out, bool report);

/* ---- entry point ------------------------------------------------------------------- */
/* Where module-level code binds `name` (its last setglobal), else the file. */
static Loc global_loc(Prebuild *PB, const char *name) {
  Graph *g = PB->main_mod->graph;
  Loc loc = g ? g->loc : loc_make(PB->main_mod->file, 0, 0);
  if (!g) return loc;
  BlockList bl = {0};
  graph_blocks(g, &bl);
  for (uint32_t i = 0; i < bl.len; i++)
    for (uint32_t j = 0; j < bl.data[i]->ops.len; j++) {
      Op *op = bl.data[i]->ops.data[j];
      if (op->opc == HL_setglobal && op->args[1]->ckind == CONST_STR &&
          strcmp(op->args[1]->u.s.p, name) == 0)
        loc = op->loc;
    }
  return loc;
}

static bool call_target(Prebuild *PB, Dyn target, const char **args, uint32_t nargs) {
  Dyn a[2], r;
  a[0] = dyn_obj(pb_alloc(PB, sizeof(PbObj), PB_DRIVER));
  a[1] = pb_list(PB, nargs);
  for (uint32_t i = 0; i < nargs; i++) DYN_LIST(a[1])->items[i] = pb_cstr(PB, args[i]);
  if (!pb_call0(PB, target, a, 2, &r)) return false;
  if (!dyn_is(r, PB_TUPLE) || !DYN_TUPLE(r)->len || !dyn_is(DYN_TUPLE(r)->items[0], PB_FUNC)) {
    diag_error(PB->D, PB->entry_loc,
               "target() must return a tuple whose first item is the entry point function");
    PB->fatal = true;
    return false;
  }
  PB->entry = DYN_FUNC(DYN_TUPLE(r)->items[0]);
  return true;
}

bool pb_find_entry(Prebuild *PB, const char **args, uint32_t nargs) {
  static const char *const names[] = {"target", "entry_point", "main"};
  for (int i = 0; i < 3; i++) {
    Dyn v;
    if (!pb_global(PB, PB->main_mod, names[i], &v)) continue;
    PB->entry_loc = global_loc(PB, names[i]);
    if (!dyn_is(v, PB_FUNC)) {
      PB->entry_problem = names[i];
      return true;
    }
    if (i == 0) return call_target(PB, v, args, nargs);
    PB->entry = DYN_FUNC(v);
    return true;
  }
  return true;
}

PbFunc *pb_require_entry_point(Prebuild *PB) {
  if (!PB->entry) {
    if (PB->entry_problem)
      diag_error(PB->D, PB->entry_loc, "the entry point '%s' is not a function", PB->entry_problem);
    else
      diag_error(PB->D, loc_make(PB->main_mod->file, 0, 0),
                 "no entry point: define target(), entry_point(argv) or main(argv)");
    return NULL;
  }
  PbObjList objs = {0};
  walk_heap(PB, &objs, true);
  return PB->D->nerrors ? NULL : PB->entry;
}

/* ---- freezing ---------------------------------------------------------------------- */
typedef struct Freezer {
  Prebuild *PB;
  Graph *g;
  Value **subst;   /* variable id -> constant */
} Freezer;

static Value *subst(Freezer *z, Value *v) {
  return v->kind == VAL_VAR && z->subst[v->id] ? z->subst[v->id] : v;
}

static PbModule *const_module(const Value *v) {
  if (v->kind != VAL_CONST) return NULL;
  if (v->ckind == CONST_OBJ && ((PbObj *)v->u.ref.p)->type == PB_MODULE) return v->u.ref.p;
  return NULL;
}

/* The value of module m's member `name` without running anything. */
static bool member_of(Prebuild *PB, const Value *mv, const char *name, Dyn *out) {
  PbModule *m = mv->ckind == CONST_MODULE ? pb_module_obj(PB, mv->u.ref.p) : const_module(mv);
  if (!m) return false;
  Dyn *v = pb_attrs_get(&m->globals, name);
  if (v) { *out = *v; return true; }
  Module *sub = hmap_get(&m->m->submods, HKEY(name));
  if (sub) { *out = dyn_obj(pb_module_obj(PB, sub)); return true; }
  if (!m->m->builtin || !hmap_get(&m->m->members, HKEY(name))) return false;
  const char *q = arena_printf(&PB->heap, "%s.%s", m->m->name, name);
  return pb_builtin_value(PB, pb_intern(PB, q, strlen(q)), out);
}

/* Folds op when possible: returns true when the op is to be deleted. */
static bool fold_op(Freezer *z, Op *op) {
  Prebuild *PB = z->PB;
  if ((op->opc != HL_getglobal && op->opc != HL_getattr) || op->args[1]->ckind != CONST_STR ||
      op->args[0]->kind != VAL_CONST)
    return false;
  const char *name = pb_intern(PB, op->args[1]->u.s.p, op->args[1]->u.s.len);
  Dyn v;
  if (!member_of(PB, op->args[0], name, &v)) return false;
  const char *mname = op->args[0]->u.ref.name;
  z->subst[op->result->id] = pb_const(PB, v, arena_printf(PB->P->arena, "%s.%s", mname, name));
  return true;
}

static void freeze_block(Freezer *z, Block *b) {
  uint32_t keep = 0;
  bool last_deleted = false;
  for (uint32_t i = 0; i < b->ops.len; i++) {
    Op *op = b->ops.data[i];
    for (uint32_t k = 0; k < op->nargs; k++) op->args[k] = subst(z, op->args[k]);
    last_deleted = fold_op(z, op);
    if (!last_deleted) b->ops.data[keep++] = op;
  }
  b->ops.len = keep;
  if (last_deleted && b->exitkind == EXIT_RAISE) {
    b->exitkind = EXIT_NONE;
    b->exits.len = 1;
  }
  if (b->exitswitch) b->exitswitch = subst(z, b->exitswitch);
  for (uint32_t i = 0; i < b->exits.len; i++) {
    Link *l = b->exits.data[i];
    for (uint32_t k = 0; k < l->nargs; k++) l->args[k] = subst(z, l->args[k]);
  }
}

static void freeze_graph(Prebuild *PB, Graph *g) {
  Freezer z = {PB, g, calloc(g->next_var ? g->next_var : 1, sizeof(Value *))};
  if (!z.subst) rt_oom();
  BlockList bl = {0};
  graph_blocks(g, &bl);
  for (uint32_t i = 0; i < bl.len; i++) freeze_block(&z, bl.data[i]);
  free(z.subst);
}

/* Calls fn for every function graph of the program. */
static void each_function_graph(Prebuild *PB, void (*fn)(Prebuild *, Graph *)) {
  for (uint32_t i = 0; i < PB->P->modules.len; i++) {
    Module *m = PB->P->modules.data[i];
    for (uint32_t j = 0; j < m->funcs.len; j++)
      if (m->funcs.data[j]->graph) fn(PB, m->funcs.data[j]->graph);
  }
}

void pb_freeze(Prebuild *PB) {
  if (PB->frozen) return;
  PB->frozen = true;
  each_function_graph(PB, freeze_graph);
}

static void record_unbound_in(Prebuild *PB, Graph *g) {
  BlockList bl = {0};
  graph_blocks(g, &bl);
  for (uint32_t i = 0; i < bl.len; i++)
    for (uint32_t j = 0; j < bl.data[i]->ops.len; j++) {
      Op *op = bl.data[i]->ops.data[j];
      if (op->opc != HL_getglobal || op->args[0]->kind != VAL_CONST ||
          op->args[1]->ckind != CONST_STR)
        continue;
      const char *name = pb_intern(PB, op->args[1]->u.s.p, op->args[1]->u.s.len);
      Dyn v;
      if (member_of(PB, op->args[0], name, &v)) continue;
      PbUndef u = {g, op, name, false};
      vecm_push(PB->undef, u);
    }
}

void pb_record_unbound(Prebuild *PB) { each_function_graph(PB, record_unbound_in); }

bool pb_check_graph(Prebuild *PB, Graph *g) {
  bool ok = true;
  for (uint32_t i = 0; i < PB->undef.len; i++) {
    PbUndef *u = &PB->undef.data[i];
    if (u->g != g) continue;
    ok = false;
    if (u->reported) continue;
    u->reported = true;
    diag_error(PB->D, u->op->loc, "global name '%s' is not defined at the end of module initialization",
               u->name);
  }
  return ok;
}

/* ---- reachability ------------------------------------------------------------------- */
typedef struct Walk {
  Prebuild *PB;
  Arena A;             /* the walk's sets */
  HMap seen;           /* PbObj* / Graph* -> 1 */
  PbObjList *out;
  VEC(PbObj *) todo;   /* malloc */
  bool report;         /* report the unbound globals of reached graphs */
} Walk;

static void visit(Walk *w, Dyn d) {
  if (d.kind != DK_OBJ || hmap_get(&w->seen, HKEY(d.o))) return;
  hmap_put(&w->seen, HKEY(d.o), (void *)1);
  vec_push(&w->PB->heap, *w->out, d.o);
  vecm_push(w->todo, d.o);
}

static void visit_value(Walk *w, Value *v);

/* In graphs not frozen yet, what getglobal/getattr of a module reads. */
static void visit_global_read(Walk *w, Op *op, Dyn *vals, bool *has) {
  if ((op->opc != HL_getglobal && op->opc != HL_getattr) || op->args[1]->ckind != CONST_STR)
    return;
  Value *m = op->args[0];
  Dyn v;
  const char *name = pb_intern(w->PB, op->args[1]->u.s.p, op->args[1]->u.s.len);
  if (m->kind == VAL_VAR) {
    if (!has[m->id] || !dyn_is(vals[m->id], PB_MODULE)) return;
    Value tmp = {.kind = VAL_CONST, .ckind = CONST_OBJ};
    tmp.u.ref.p = vals[m->id].o;
    if (!member_of(w->PB, &tmp, name, &v)) return;
  } else if (!member_of(w->PB, m, name, &v)) {
    return;
  }
  vals[op->result->id] = v;
  has[op->result->id] = true;
  visit(w, v);
}

static void visit_graph(Walk *w, Graph *g) {
  if (!g || hmap_get(&w->seen, HKEY(g))) return;
  hmap_put(&w->seen, HKEY(g), (void *)1);
  if (w->report) pb_check_graph(w->PB, g);
  BlockList bl = {0};
  graph_blocks(g, &bl);
  Dyn *vals = calloc(g->next_var + 1, sizeof *vals);
  bool *has = calloc(g->next_var + 1, sizeof *has);
  if (!vals || !has) rt_oom();
  for (uint32_t i = 0; i < bl.len; i++) {
    Block *b = bl.data[i];
    for (uint32_t j = 0; j < b->ops.len; j++) {
      for (uint32_t k = 0; k < b->ops.data[j]->nargs; k++) visit_value(w, b->ops.data[j]->args[k]);
      visit_global_read(w, b->ops.data[j], vals, has);
    }
    for (uint32_t j = 0; j < b->exits.len; j++)
      for (uint32_t k = 0; k < b->exits.data[j]->nargs; k++) visit_value(w, b->exits.data[j]->args[k]);
  }
  free(vals);
  free(has);
}

static void visit_value(Walk *w, Value *v) {
  if (v->kind != VAL_CONST) return;
  if ((v->ckind == CONST_OBJ || v->ckind == CONST_BUILTIN) && v->u.ref.p) visit(w, dyn_obj(v->u.ref.p));
  else if (v->ckind == CONST_FUNC) visit_graph(w, ((FuncInfo *)v->u.ref.p)->graph);
}

static void visit_items(Walk *w, const Dyn *items, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) visit(w, items[i]);
}

static void visit_attrs(Walk *w, const PbAttrs *a) { visit_items(w, a->vals, a->len); }

static void walk_obj(Walk *w, PbObj *o) {
  switch ((PbType)o->type) {
  case PB_LIST: visit_items(w, ((PbList *)o)->items, ((PbList *)o)->len); break;
  case PB_TUPLE: visit_items(w, ((PbTuple *)o)->items, ((PbTuple *)o)->len); break;
  case PB_DICT: {
    PbDict *d = (PbDict *)o;
    for (uint32_t i = 0; i < d->nent; i++)
      if (d->ent[i].live) { visit(w, d->ent[i].key); visit(w, d->ent[i].val); }
    break;
  }
  case PB_INST: visit(w, dyn_obj(((PbInst *)o)->cls)); visit_attrs(w, &((PbInst *)o)->attrs); break;
  case PB_CLASS:
    if (((PbClass *)o)->base) visit(w, dyn_obj(((PbClass *)o)->base));
    visit_attrs(w, &((PbClass *)o)->attrs);
    break;
  case PB_FUNC: {
    PbFunc *f = (PbFunc *)o;
    visit_items(w, f->defaults, f->ndefaults);
    if (f->flags->look_inside_iff) visit(w, dyn_obj(f->flags->look_inside_iff));
    visit_graph(w, f->fi->graph);
    break;
  }
  case PB_METHOD: visit(w, ((PbMethod *)o)->self); visit(w, dyn_obj(((PbMethod *)o)->func)); break;
  case PB_MODULE: visit_attrs(w, &((PbModule *)o)->globals); break;
  case PB_BUILTIN: visit(w, ((PbBuiltin *)o)->self); visit(w, ((PbBuiltin *)o)->data); break;
  case PB_JITDRIVER: {
    PbJitDriver *j = (PbJitDriver *)o;
    visit(w, j->greens); visit(w, j->reds); visit(w, j->virtualizables);
    visit(w, j->get_printable_location);
    break;
  }
  default: break;
  }
}

static void walk_heap(Prebuild *PB, PbObjList *out, bool report) {
  if (!PB->entry) return;
  Walk w = {.PB = PB, .out = out, .report = report};
  arena_init(&w.A);
  hmap_init(&w.seen, &w.A);
  visit(&w, dyn_obj(PB->entry));
  while (w.todo.len) walk_obj(&w, w.todo.data[--w.todo.len]);
  vecm_free(w.todo);
  arena_free(&w.A);
}

void pb_reachable(Prebuild *PB, PbObjList *out) { walk_heap(PB, out, false); }
