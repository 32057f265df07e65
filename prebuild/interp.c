/* interp.c — the graph interpreter of the prebuild stage.
 *
 * A frame holds one Dyn register per variable of its graph (ids are dense
 * per graph). Execution walks blocks: run the operations in order, pick the
 * exit (the only one; the switch case equal to the exit switch's value; or,
 * for a raising block, the normal exit), evaluate the link's arguments into
 * a scratch buffer, then assign them to the target's inputs (a loop back to
 * the same block may permute its inputs, hence the buffer). A link to the
 * return block returns its argument; a link to the except block raises its
 * value. When an operation raises, the exception is pending in PB->exc: if
 * the operation ends a raising block, the first exception exit whose class
 * matches catches it (binding the link's etype/evalue); otherwise it leaves
 * the graph, and each frame it crosses adds its location to the
 * exception's traceback.
 * Calls recurse on the C stack, one interpreter frame per RL frame; the depth
 * limit (PB_DEPTH_LIMIT, then RecursionError) keeps that bounded (a few KB
 * per level), and the step limit bounds the time. Uncatchable errors (step
 * limit, module-level output, unsupported operations) set PB->fatal, are
 * reported where they happen and unwind every frame. */
#include <stdlib.h>
#include <string.h>

#include "pbint.h"

enum { PB_MAX_INLINE_ARGS = 16 };

/* ---- constants ------------------------------------------------------------------ */
static Dyn builtin_const(Prebuild *PB, Value *v) {
  if (v->u.ref.p) {
    PbObj *o = v->u.ref.p;
    return o->type == PB_UINTBOX ? dyn_uint(((PbUintBox *)o)->u) : dyn_obj(o);
  }
  const char *name = v->u.ref.name;
  if (strcmp(name, "__name__") == 0) {
    Module *m = PB->frame ? PB->frame->mod : NULL;
    return pb_cstr(PB, !m || m == PB->main_mod ? "__main__" : m->name);
  }
  Dyn d;
  pb_builtin_value(PB, name, &d);
  return d;
}

/* A direct-mapped cache in front of PB->consts for str and module
 * constants (the hot path of module-level loops over globals). */
static PbConstSlot *const_slot(Prebuild *PB, const Value *v, uintptr_t tag) {
  uintptr_t h = ((uintptr_t)v >> 4) ^ tag;
  return &PB->ccache[(h ^ (h >> 10)) % PB_CONST_CACHE];
}

static Dyn const_dyn_slow(Prebuild *PB, Value *v);

Dyn pb_const_dyn(Prebuild *PB, Value *v) {
  switch ((ConstKind)v->ckind) {
  case CONST_NONE: return dyn_none();
  case CONST_BOOL: return dyn_bool(v->u.i != 0);
  case CONST_INT: return dyn_int(v->u.i);
  case CONST_FLOAT: return dyn_float(v->u.f);
  case CONST_STR: case CONST_MODULE: {
    PbConstSlot *s = const_slot(PB, v, 0);
    if (s->v != v || s->name) {
      s->v = v;
      s->name = NULL;
      s->d = const_dyn_slow(PB, v);
    }
    return s->d;
  }
  default: return const_dyn_slow(PB, v);
  }
}

static Dyn const_dyn_slow(Prebuild *PB, Value *v) {
  switch ((ConstKind)v->ckind) {
  case CONST_BOOL: return dyn_bool(v->u.i != 0);
  case CONST_INT: return dyn_int(v->u.i);
  case CONST_FLOAT: return dyn_float(v->u.f);
  case CONST_STR: {
    PbObj *o = hmap_get(&PB->consts, HKEY(v));
    if (!o) {
      o = pb_str(PB, v->u.s.p, v->u.s.len).o;
      hmap_put(&PB->consts, HKEY(v), o);
    }
    return dyn_obj(o);
  }
  case CONST_BUILTIN: case CONST_OBJ: return builtin_const(PB, v);
  case CONST_MODULE: return dyn_obj(pb_module_obj(PB, v->u.ref.p));
  default: return dyn_none();
  }
}

/* Attribute and global names: interned once per constant. */
static const char *const_name(Prebuild *PB, Value *v) {
  PbConstSlot *s = const_slot(PB, v, 1);
  if (s->v == v && s->name) return s->name;
  s->v = v;
  s->name = pb_intern(PB, v->u.s.p, v->u.s.len);
  return s->name;
}

static Dyn argv_(Prebuild *PB, PbFrame *f, Value *v) {
  return v->kind == VAL_VAR ? f->regs[v->id] : pb_const_dyn(PB, v);
}

/* ---- tracebacks ------------------------------------------------------------------- */
static void tb_push(Prebuild *PB, Loc loc) {
  if (!dyn_is(PB->exc, PB_INST)) return;
  PbInst *e = DYN_INST(PB->exc);
  if (e->ntb && e->tbdepth == PB->depth) return;
  if (e->ntb == e->tbcap) {
    uint32_t ncap = e->tbcap ? e->tbcap * 2 : 8;
    PbTb *tb = arena_alloc_array(&PB->heap, ncap, sizeof *tb);
    if (e->ntb) memcpy(tb, e->tb, e->ntb * sizeof *tb);
    e->tb = tb;
    e->tbcap = ncap;
  }
  e->tb[e->ntb].loc = loc;
  e->tb[e->ntb++].where = PB->frame ? PB->frame->g->name : "?";
  e->tbdepth = PB->depth;
}

/* ---- functions and calls -------------------------------------------------------------- */
PbFuncFlags *pb_flags_for(Prebuild *PB, FuncInfo *fi) {
  PbFuncFlags *fl = hmap_get(&PB->flags, HKEY(fi));
  if (!fl) {
    fl = arena_alloc(&PB->heap, sizeof *fl);
    hmap_put(&PB->flags, HKEY(fi), fl);
  }
  return fl;
}

static bool make_function(Prebuild *PB, PbFrame *f, Op *op, Dyn *out) {
  PbFunc *fn = pb_alloc(PB, sizeof(PbFunc), PB_FUNC);
  fn->fi = op->args[0]->u.ref.p;
  fn->flags = pb_flags_for(PB, fn->fi);
  fn->ndefaults = op->nargs - 1;
  fn->defaults = arena_alloc_array(&PB->heap, fn->ndefaults + 1, sizeof(Dyn));
  for (uint32_t i = 1; i < op->nargs; i++) fn->defaults[i - 1] = argv_(PB, f, op->args[i]);
  fn->flags->func = fn;
  *out = dyn_obj(fn);
  return true;
}

typedef struct Params {
  NodeList ps;
  uint32_t nplain;
  int star, dstar;   /* index of *args / **kw, or -1 */
} Params;

static Params params_of(FuncInfo *fi) {
  Params p = {fi->node->u.func.params, 0, -1, -1};
  for (uint32_t i = 0; i < p.ps.len; i++) {
    uint8_t k = p.ps.items[i]->u.param.pkind;
    if (k == PARAM_PLAIN) p.nplain++;
    else if (k == PARAM_STAR) p.star = (int)i;
    else p.dstar = (int)i;
  }
  return p;
}

static bool too_many(Prebuild *PB, PbFunc *fn, const Params *p, uint32_t given) {
  uint32_t lo = p->nplain - fn->ndefaults;
  if (lo == p->nplain)
    return pb_raise(PB, PBX_TypeError, "%s() takes %u positional argument%s but %u %s given",
                    fn->fi->name, p->nplain, p->nplain == 1 ? "" : "s", given,
                    given == 1 ? "was" : "were");
  return pb_raise(PB, PBX_TypeError, "%s() takes from %u to %u positional arguments but %u %s given",
                  fn->fi->name, lo, p->nplain, given, given == 1 ? "was" : "were");
}

static bool missing(Prebuild *PB, PbFunc *fn, const Params *p, const bool *set) {
  PbBuf b = {0};
  uint32_t n = 0, total = 0;
  for (uint32_t i = 0; i < p->nplain; i++) total += !set[i];
  for (uint32_t i = 0; i < p->nplain; i++) {
    if (set[i]) continue;
    const char *sep = n + 1 < total ? ", " : total > 2 ? ", and " : " and ";
    if (n) pb_buf_put(&b, sep, strlen(sep));
    const char *name = p->ps.items[i]->u.param.name;
    pb_buf_put(&b, "'", 1);
    pb_buf_put(&b, name, strlen(name));
    pb_buf_put(&b, "'", 1);
    n++;
  }
  pb_raise(PB, PBX_TypeError, "%s() missing %u required positional argument%s: %.*s",
           fn->fi->name, total, total == 1 ? "" : "s", (int)b.len, b.p);
  free(b.p);
  return false;
}

static bool bind_keywords(Prebuild *PB, PbFunc *fn, const Params *p, PbCall *c, Dyn *vals,
                          bool *set) {
  for (uint32_t j = 0; j < c->nkw; j++) {
    const char *name = c->kwnames[j];
    uint32_t i = 0;
    while (i < p->nplain && p->ps.items[i]->u.param.name != name) i++;
    Dyn v = c->args[c->npos + j];
    if (i == p->nplain) {
      if (p->dstar < 0)
        return pb_raise(PB, PBX_TypeError, "%s() got an unexpected keyword argument '%s'",
                        fn->fi->name, name);
      if (!pb_dict_set(PB, DYN_DICT(vals[p->dstar]), pb_cstr(PB, name), v)) return false;
      continue;
    }
    if (set[i])
      return pb_raise(PB, PBX_TypeError, "%s() got multiple values for argument '%s'",
                      fn->fi->name, name);
    vals[i] = v;
    set[i] = true;
  }
  return true;
}

/* Fills vals[0..nparams) from self (if any) and the call's arguments. */
static bool bind_args(Prebuild *PB, PbFunc *fn, const Dyn *self, PbCall *c, Dyn *vals,
                      bool *set) {
  Params p = params_of(fn->fi);
  uint32_t off = self ? 1 : 0, npos = c->npos + off;
  if (npos > p.nplain && p.star < 0) return too_many(PB, fn, &p, npos);
  if (p.dstar >= 0) vals[p.dstar] = pb_dict(PB);
  for (uint32_t i = 0; i < npos && i < p.nplain; i++) {
    vals[i] = i < off ? *self : c->args[i - off];
    set[i] = true;
  }
  if (p.star >= 0) {
    uint32_t extra = npos > p.nplain ? npos - p.nplain : 0;
    vals[p.star] = pb_tuple(PB, extra);
    for (uint32_t i = 0; i < extra; i++)
      DYN_TUPLE(vals[p.star])->items[i] = c->args[p.nplain + i - off];
  }
  if (!bind_keywords(PB, fn, &p, c, vals, set)) return false;
  uint32_t first_default = p.nplain - fn->ndefaults;
  for (uint32_t i = first_default; i < p.nplain; i++)
    if (!set[i]) { vals[i] = fn->defaults[i - first_default]; set[i] = true; }
  for (uint32_t i = 0; i < p.nplain; i++)
    if (!set[i]) return missing(PB, fn, &p, set);
  return true;
}

static bool call_func(Prebuild *PB, PbFunc *fn, const Dyn *self, PbCall *c, Dyn *out) {
  Graph *g = fn->fi->graph;
  uint32_t n = fn->fi->node->u.func.params.len;
  if (!g || g->start->ninputs != n) return pb_fatal(PB, "internal error: no graph for '%s'", fn->fi->qualname);
  Dyn inl[PB_MAX_INLINE_ARGS];
  bool inlset[PB_MAX_INLINE_ARGS];
  Dyn *vals = inl;
  bool *set = inlset;
  if (n > PB_MAX_INLINE_ARGS) {
    vals = calloc(n, sizeof *vals);
    set = calloc(n, sizeof *set);
    if (!vals || !set) rt_oom();
  }
  memset(set, 0, (n ? n : 1) * sizeof *set);
  bool ok = bind_args(PB, fn, self, c, vals, set) &&
            pb_run_graph(PB, g, fn, fn->fi->mod, vals, out);
  if (vals != inl) { free(vals); free(set); }
  return ok;
}

static bool call_init(Prebuild *PB, Dyn self, Dyn init, PbCall *c) {
  Dyn r;
  if (dyn_is(init, PB_FUNC)) {
    if (!call_func(PB, DYN_FUNC(init), &self, c, &r)) return false;
    if (r.kind != DK_NONE)
      return pb_raise(PB, PBX_TypeError, "__init__() should return None, not '%s'", pb_type_name(r));
    return true;
  }
  PbBuiltin *b = (PbBuiltin *)init.o;
  return b->fn(PB, self, c, &r);
}

bool pb_instantiate(Prebuild *PB, PbClass *cls, PbCall *c, Dyn *out) {
  PbInst *in = pb_alloc(PB, sizeof(PbInst), PB_INST);
  in->cls = cls;
  *out = dyn_obj(in);
  if (pb_subclass(cls, PB->c_exc[PBX_BaseException])) {
    in->exc_args = pb_tuple(PB, c->npos);
    if (c->npos) memcpy(DYN_TUPLE(in->exc_args)->items, c->args, c->npos * sizeof(Dyn));
  }
  Dyn *init = pb_class_lookup(cls, PB->s_init);
  if (!init) return true;
  return call_init(PB, *out, *init, c);
}

/* A method of a built-in type called through the type (`str.upper(s)`):
 * its receiver is the first argument, which must be of that type. */
static bool call_unbound(Prebuild *PB, const PbBuiltin *b, PbCall *c, Dyn *out) {
  int tn = (int)strcspn(b->name, ".");
  const char *name = b->name + tn + 1;
  if (c->npos == 0)
    return pb_raise(PB, PBX_TypeError, "unbound method %.*s.%s() needs an argument", tn, b->name,
                    name);
  Dyn self = c->args[0], m;
  if (self.kind != DK_OBJ || !pb_method(PB, self, name, &m) ||
      strcmp(((const PbBuiltin *)m.o)->name, b->name) != 0)
    return pb_raise(PB, PBX_TypeError, "descriptor '%s' for '%.*s' objects doesn't apply to a '%s' object",
                    name, tn, b->name, pb_type_name(self));
  PbCall rest = *c;
  rest.args = c->args + 1;
  rest.npos = c->npos - 1;
  return b->fn(PB, self, &rest, out);
}

bool pb_call(Prebuild *PB, Dyn f, PbCall *c, Dyn *out) {
  if (f.kind == DK_OBJ) {
    switch ((PbType)f.o->type) {
    case PB_FUNC: return call_func(PB, DYN_FUNC(f), NULL, c, out);
    case PB_METHOD: {
      PbMethod *m = (PbMethod *)f.o;
      return call_func(PB, m->func, &m->self, c, out);
    }
    case PB_CLASS: return pb_instantiate(PB, DYN_CLASS(f), c, out);
    case PB_BUILTIN: {
      PbBuiltin *b = (PbBuiltin *)f.o;
      if (!b->fn) return pb_type_error(PB, "'%s' object is not callable", f);
      if (b->self.kind == DK_NONE && pb_method_fn(b->name)) return call_unbound(PB, b, c, out);
      return b->fn(PB, b->self, c, out);
    }
    default: break;
    }
  }
  return pb_type_error(PB, "'%s' object is not callable", f);
}

bool pb_call0(Prebuild *PB, Dyn f, Dyn *args, uint32_t n, Dyn *out) {
  PbCall c = {args, n, 0, NULL};
  return pb_call(PB, f, &c, out);
}

static bool op_call(Prebuild *PB, PbFrame *f, Op *op, Dyn *out) {
  uint32_t first = op->opc == HL_call_args ? 2 : 1, n = op->nargs - first;
  Dyn inl[PB_MAX_INLINE_ARGS];
  Dyn *args = n > PB_MAX_INLINE_ARGS ? calloc(n, sizeof *args) : inl;
  if (!args) rt_oom();
  for (uint32_t i = 0; i < n; i++) args[i] = argv_(PB, f, op->args[first + i]);
  PbCall c = {args, n, 0, NULL};
  if (first == 2) {
    CallShape *s = op->args[1]->u.shape;
    c.npos = s->npos;
    c.nkw = s->nkw;
    c.kwnames = s->kwnames;
  }
  bool ok = pb_call(PB, argv_(PB, f, op->args[0]), &c, out);
  if (args != inl) free(args);
  return ok;
}

/* ---- modules ----------------------------------------------------------------------- */
bool pb_import(Prebuild *PB, PbModule *m) {
  if (m->state != PB_MOD_NEW) return true;
  m->state = PB_MOD_IMPORTING;
  Dyn r;
  bool ok = m->m->graph ? pb_run_graph(PB, m->m->graph, NULL, m->m, NULL, &r) : true;
  m->state = PB_MOD_DONE;
  return ok;
}

static bool op_getglobal(Prebuild *PB, PbFrame *f, Op *op, Dyn *out) {
  Dyn m = argv_(PB, f, op->args[0]);
  const char *name = const_name(PB, op->args[1]);
  Dyn *v = dyn_is(m, PB_MODULE) ? pb_attrs_get(&((PbModule *)m.o)->globals, name) : NULL;
  if (!v) return pb_raise(PB, PBX_NameError, "name '%s' is not defined", name);
  *out = *v;
  return true;
}

/* ---- exceptions --------------------------------------------------------------------- */
static bool op_exc_instance(Prebuild *PB, Dyn a, Dyn *out) {
  if (dyn_is(a, PB_CLASS) && pb_subclass(DYN_CLASS(a), PB->c_exc[PBX_BaseException]))
    return pb_call0(PB, a, NULL, 0, out);
  if (dyn_is(a, PB_INST) && pb_subclass(DYN_INST(a)->cls, PB->c_exc[PBX_BaseException])) {
    *out = a;
    return true;
  }
  return pb_raise(PB, PBX_TypeError, "exceptions must derive from BaseException");
}

static bool op_exception_match(Prebuild *PB, Dyn a, Dyn b, Dyn *out) {
  bool r = false;
  if (dyn_is(b, PB_TUPLE)) {
    for (uint32_t i = 0; i < DYN_TUPLE(b)->len && !r; i++) {
      Dyn c = DYN_TUPLE(b)->items[i];
      if (!dyn_is(c, PB_CLASS)) goto bad;
      r = dyn_is(a, PB_CLASS) && pb_subclass(DYN_CLASS(a), DYN_CLASS(c));
    }
  } else if (dyn_is(b, PB_CLASS)) {
    r = dyn_is(a, PB_CLASS) && pb_subclass(DYN_CLASS(a), DYN_CLASS(b));
  } else {
    goto bad;
  }
  *out = dyn_bool(r);
  return true;
bad:
  return pb_raise(PB, PBX_TypeError, "catching classes that do not inherit from BaseException is not allowed");
}

static Dyn type_of(Prebuild *PB, Dyn a) {
  if (dyn_is(a, PB_INST)) return dyn_obj(DYN_INST(a)->cls);
  Dyn d;
  pb_builtin_value(PB, pb_intern(PB, pb_type_name(a), strlen(pb_type_name(a))), &d);
  return d;
}

/* ---- operations -------------------------------------------------------------------- */
static bool op_newdict(Prebuild *PB, PbFrame *f, Op *op, Dyn *out) {
  *out = pb_dict(PB);
  for (uint32_t i = 0; i + 1 < op->nargs; i += 2)
    if (!pb_dict_set(PB, DYN_DICT(*out), argv_(PB, f, op->args[i]), argv_(PB, f, op->args[i + 1])))
      return false;
  return true;
}

static void op_newseq(Prebuild *PB, PbFrame *f, Op *op, Dyn *out) {
  *out = op->opc == HL_newlist ? pb_list(PB, op->nargs) : pb_tuple(PB, op->nargs);
  Dyn *items = op->opc == HL_newlist ? DYN_LIST(*out)->items : DYN_TUPLE(*out)->items;
  for (uint32_t i = 0; i < op->nargs; i++) items[i] = argv_(PB, f, op->args[i]);
}

static bool op_next(Prebuild *PB, Dyn it, Dyn *out) {
  bool done;
  if (!pb_next(PB, it, out, &done)) return false;
  return !done || pb_raise(PB, PBX_StopIteration, "%s", "");
}

static bool op_misc(Prebuild *PB, PbFrame *f, Op *op, Dyn *a, Dyn *out) {
  switch ((HlOp)op->opc) {
  case HL_getglobal: return op_getglobal(PB, f, op, out);
  case HL_setglobal:
    if (!dyn_is(a[0], PB_MODULE)) return pb_fatal(PB, "internal error: setglobal on a non-module");
    pb_attrs_set(PB, &((PbModule *)a[0].o)->globals, const_name(PB, op->args[1]), a[2]);
    return true;
  case HL_make_function: return make_function(PB, f, op, out);
  case HL_make_class: return pb_make_class(PB, op->args[0]->u.ref.p, a[1], out);
  case HL_import_module:
    if (!dyn_is(a[0], PB_MODULE)) return pb_fatal(PB, "cannot import a missing module");
    *out = a[0];
    return pb_import(PB, (PbModule *)a[0].o);
  case HL_type: *out = type_of(PB, a[0]); return true;
  case HL_exc_instance: return op_exc_instance(PB, a[0], out);
  case HL_exception_match: return op_exception_match(PB, a[0], a[1], out);
  case HL_newlist: case HL_newtuple: op_newseq(PB, f, op, out); return true;
  case HL_newdict: return op_newdict(PB, f, op, out);
  case HL_simple_call: case HL_call_args: return op_call(PB, f, op, out);
  default: return pb_fatal(PB, "internal error: unknown operation %u", op->opc);
  }
}

static bool op_contains(Prebuild *PB, Dyn c, Dyn x, Dyn *out) {
  bool r;
  if (!pb_contains(PB, c, x, &r)) return false;
  *out = dyn_bool(r);
  return true;
}

static bool exec_op(Prebuild *PB, PbFrame *f, Op *op, Dyn *out) {
  Dyn a[4] = {{0}, {0}, {0}, {0}};
  HlOp opc = (HlOp)op->opc;
  int fixed = hlop_info[opc].nargs;
  for (int i = 0; i < fixed && i < 4; i++) a[i] = argv_(PB, f, op->args[i]);
  *out = dyn_none();
  if (opc >= HL_add && opc <= HL_inplace_xor) return pb_binop(PB, opc, a[0], a[1], out);
  if (opc >= HL_lt && opc <= HL_ge) return pb_compare(PB, opc, a[0], a[1], out);
  switch (opc) {
  case HL_neg: case HL_pos: case HL_invert: return pb_unop(PB, opc, a[0], out);
  case HL_not_: *out = dyn_bool(!pb_truth(a[0])); return true;
  case HL_is_true: *out = dyn_bool(pb_truth(a[0])); return true;
  case HL_is_: *out = dyn_bool(pb_is(a[0], a[1])); return true;
  case HL_contains: return op_contains(PB, a[0], a[1], out);
  case HL_getattr: return pb_getattr(PB, a[0], const_name(PB, op->args[1]), out);
  case HL_setattr: return pb_setattr(PB, a[0], const_name(PB, op->args[1]), a[2]);
  case HL_getitem: return pb_getitem(PB, a[0], a[1], out);
  case HL_setitem: return pb_setitem(PB, a[0], a[1], a[2]);
  case HL_delitem: return pb_delitem(PB, a[0], a[1]);
  case HL_getslice: return pb_getslice(PB, a[0], a[1], a[2], out);
  case HL_setslice: return pb_setslice(PB, a[0], a[1], a[2], a[3]);
  case HL_delslice: return pb_delslice(PB, a[0], a[1], a[2]);
  case HL_iter: return pb_iter(PB, a[0], out);
  case HL_next: return op_next(PB, a[0], out);
  default: return op_misc(PB, f, op, a, out);
  }
}

/* ---- blocks ------------------------------------------------------------------------- */
bool pb_heap_room(Prebuild *PB, uint64_t bytes) {
  uint64_t limit = (uint64_t)PB->heap_limit_mb << 20;
  if (bytes <= limit && PB->heap.total <= limit - bytes) return true;
  return pb_fatal(PB, "translation-time heap exceeded %u MB", PB->heap_limit_mb);
}

static bool count_step(Prebuild *PB) {
  if (++PB->steps <= PB->step_limit) {
    /* every step: one operation may allocate a lot (a list repetition in
     * a loop grows quadratically between periodic checks) */
    if (PB->heap.total <= (size_t)PB->heap_limit_mb << 20) return true;
    return pb_fatal(PB, "translation-time heap exceeded %u MB", PB->heap_limit_mb);
  }
  return pb_fatal(PB, "module-level code did not finish within %llu operations "
                  "(an infinite loop at translation time?)",
                  (unsigned long long)PB->step_limit);
}

/* The exception exit of b that catches the pending exception, or NULL. */
static Link *handler_for(Prebuild *PB, Block *b) {
  if (PB->fatal || !dyn_is(PB->exc, PB_INST)) return NULL;
  PbClass *cls = DYN_INST(PB->exc)->cls;
  for (uint32_t i = 1; i < b->exits.len; i++) {
    Dyn c = pb_const_dyn(PB, b->exits.data[i]->exitcase);
    if (dyn_is(c, PB_CLASS) && pb_subclass(cls, DYN_CLASS(c))) return b->exits.data[i];
  }
  return NULL;
}

static Link *catch_exc(Prebuild *PB, PbFrame *f, Block *b) {
  Link *l = handler_for(PB, b);
  if (!l) return NULL;
  if (l->etype) f->regs[l->etype->id] = dyn_obj(DYN_INST(PB->exc)->cls);
  if (l->evalue) f->regs[l->evalue->id] = PB->exc;
  pb_clear_exc(PB);
  return l;
}

static Link *switch_exit(Prebuild *PB, PbFrame *f, Block *b) {
  Dyn v = argv_(PB, f, b->exitswitch);
  for (uint32_t i = 0; i < b->exits.len; i++) {
    Value *c = b->exits.data[i]->exitcase;
    bool eq = false;
    if (!c) return b->exits.data[i];  /* default */
    if (v.kind == DK_BOOL && c->ckind == CONST_BOOL) {
      if (v.i == c->u.i) return b->exits.data[i];
      continue;
    }
    if (pb_eq(PB, v, pb_const_dyn(PB, c), &eq) && eq && (v.kind == DK_BOOL) == (c->ckind == CONST_BOOL))
      return b->exits.data[i];
  }
  pb_clear_exc(PB);
  pb_fatal(PB, "internal error: no exit of block %u matches", b->id);
  return NULL;
}

/* Runs b's operations and picks its exit; NULL when an exception leaves. */
static Link *run_block(Prebuild *PB, PbFrame *f, Block *b) {
  for (uint32_t i = 0; i < b->ops.len; i++) {
    Op *op = b->ops.data[i];
    f->loc = op->loc;
    if (!count_step(PB)) return NULL;
    Dyn r;
    if (exec_op(PB, f, op, &r)) {
      f->regs[op->result->id] = r;
      continue;
    }
    if (PB->fatal) return NULL;
    tb_push(PB, op->loc);
    if (i + 1 == b->ops.len && b->exitkind == EXIT_RAISE) return catch_exc(PB, f, b);
    return NULL;
  }
  if (b->exitkind == EXIT_VALUE) return switch_exit(PB, f, b);
  if (!b->exits.len) {
    pb_fatal(PB, "internal error: block %u has no exit", b->id);
    return NULL;
  }
  return b->exits.data[0];
}

static bool raise_link(Prebuild *PB, PbFrame *f, Link *l, Dyn v) {
  if (!dyn_is(v, PB_INST) || !pb_subclass(DYN_INST(v)->cls, PB->c_exc[PBX_BaseException]))
    return pb_raise(PB, PBX_TypeError, "exceptions must derive from BaseException");
  PB->exc = v;
  Block *b = l->prev;
  tb_push(PB, b->ops.len ? vec_last(b->ops)->loc : f->loc);
  return false;
}

/* Follows link l: *next is the target block, or NULL after a return. */
static bool take_link(Prebuild *PB, PbFrame *f, Link *l, Block **next, Dyn *out) {
  PB->scratch.len = 0;
  for (uint32_t i = 0; i < l->nargs; i++) vecm_push(PB->scratch, argv_(PB, f, l->args[i]));
  Block *t = l->target;
  *next = NULL;
  if (t == f->g->ret) { *out = PB->scratch.data[0]; return true; }
  if (t == f->g->except) return raise_link(PB, f, l, PB->scratch.data[1]);
  for (uint32_t i = 0; i < t->ninputs; i++) f->regs[t->inputs[i]->id] = PB->scratch.data[i];
  *next = t;
  return true;
}

static bool run_frame(Prebuild *PB, PbFrame *f, Dyn *out) {
  Block *b = f->g->start;
  while (b) {
    Link *l = run_block(PB, f, b);
    if (!l || !take_link(PB, f, l, &b, out)) return false;
  }
  return true;
}

/* The depth limit, and the C stack actually used (frames are larger under
 * sanitizers, and `ulimit -s` may be small): RecursionError either way. */
static bool too_deep(Prebuild *PB) {
  uintptr_t here = (uintptr_t)__builtin_frame_address(0);
  return PB->depth >= PB_DEPTH_LIMIT ||
         (PB->stack_base > here && PB->stack_base - here > PB->stack_budget);
}

bool pb_run_graph(Prebuild *PB, Graph *g, PbFunc *fn, Module *mod, Dyn *args, Dyn *out) {
  if (too_deep(PB)) return pb_raise(PB, PBX_RecursionError, "maximum recursion depth exceeded");
  PbFrame f = {.parent = PB->frame, .g = g, .func = fn, .mod = mod};
  f.regs = calloc(g->next_var ? g->next_var : 1, sizeof(Dyn));
  if (!f.regs) rt_oom();
  for (uint32_t i = 0; i < g->start->ninputs; i++) f.regs[g->start->inputs[i]->id] = args[i];
  if (g->start->ninputs) f.self = args[0];
  f.loc = g->loc;
  PB->frame = &f;
  PB->depth++;
  *out = dyn_none();
  bool ok = run_frame(PB, &f, out);
  PB->depth--;
  PB->frame = f.parent;
  free(f.regs);
  return ok;
}
