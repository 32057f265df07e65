/* llvm_emit.c — be_emit: the backend's driver, one call per step. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <llvm-c/Analysis.h>

#include "llvm_internal.h"

/* ---- small pointer map ---------------------------------------------------------- */

static uint32_t ptr_hash(const void *p) {
  uint64_t x = (uint64_t)(uintptr_t)p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return (uint32_t)x;
}

void *bemap_get(const BeMap *m, const void *key) {
  if (!m->cap) return NULL;
  for (uint32_t i = ptr_hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
    if (m->keys[i] == key) return m->vals[i];
    if (!m->keys[i]) return NULL;
  }
}

void bemap_put(BeMap *m, const void *key, void *val) {
  if ((m->count + 1) * 2 > m->cap) {
    BeMap n = {0};
    n.cap = m->cap ? m->cap * 2 : 64;
    n.keys = calloc(n.cap, sizeof *n.keys);
    n.vals = calloc(n.cap, sizeof *n.vals);
    if (!n.keys || !n.vals) rt_oom();
    for (uint32_t i = 0; i < m->cap; i++)
      if (m->keys[i]) bemap_put(&n, m->keys[i], m->vals[i]);
    bemap_free(m);
    *m = n;
  }
  uint32_t i = ptr_hash(key) & (m->cap - 1);
  while (m->keys[i] && m->keys[i] != key) i = (i + 1) & (m->cap - 1);
  if (!m->keys[i]) m->count++;
  m->keys[i] = key;
  m->vals[i] = val;
}

void bemap_free(BeMap *m) {
  free(m->keys);
  free(m->vals);
  m->keys = NULL;
  m->vals = NULL;
  m->cap = m->count = 0;
}

void be_error(Be *be, Loc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_vreport(be->D, "error", loc, fmt, ap);
  va_end(ap);
  be->D->nerrors++;
  be->errors++;
}

/* ---- what is reachable ------------------------------------------------------------ */

static void add_func(Be *be, LLFunc *f) {
  if (bemap_get(&be->seen, f)) return;
  bemap_put(&be->seen, f, (void *)1);
  if (f->graph) vec_push(&be->scratch, be->graphs, f);
  else vec_push(&be->scratch, be->helpers, f);
}

static void add_obj(Be *be, LLPrebuilt *o) {
  if (!o || bemap_get(&be->seen, o)) return;
  bemap_put(&be->seen, o, (void *)1);
  vec_push(&be->scratch, be->objs, o);
}

static void add_value(Be *be, const Value *v) {
  if (!v || v->kind != VAL_CONST) return;
  if (v->ckind == CONST_LLFUNC) add_func(be, v->u.ref.p);
  else if (v->ckind == CONST_LLOBJ) add_obj(be, v->u.ref.p);
}

static void scan_graph(Be *be, Graph *g) {
  BlockList bl = {0};
  graph_blocks_in(g, &be->scratch, &bl);
  for (unsigned i = 0; i < bl.len; i++) {
    Block *b = bl.data[i];
    for (unsigned j = 0; j < b->ops.len; j++)
      for (uint32_t k = 0; k < b->ops.data[j]->nargs; k++)
        add_value(be, b->ops.data[j]->args[k]);
    for (unsigned j = 0; j < b->exits.len; j++) {
      Link *l = b->exits.data[j];
      add_value(be, l->exitcase);
      for (uint32_t k = 0; k < l->nargs; k++) add_value(be, l->args[k]);
    }
  }
}

static void discover(Be *be) {
  const BeProgram *P = be->prog;
  add_func(be, P->entry);
  for (uint32_t i = 0; i < P->nroots; i++) add_func(be, P->roots[i]);
  for (uint32_t i = 0; i < P->nexports; i++) add_obj(be, P->exports[i].obj);
  if (P->jit) be_jit_discover(be, add_func, add_obj);
  unsigned gi = 0, oi = 0;
  while (gi < be->graphs.len || oi < be->objs.len) {
    if (gi < be->graphs.len) {
      scan_graph(be, be->graphs.data[gi++]->graph);
      continue;
    }
    LLPrebuilt *o = be->objs.data[oi++];
    for (uint32_t k = 0; k < o->nfields; k++) add_value(be, o->fields[k]);
    for (uint32_t k = 0; k < o->nitems; k++) add_value(be, o->items[k]);
  }
}

/* ---- the runtime's symbols ------------------------------------------------------------ */

static LLVMValueRef rt_global(Be *be, const char *name) {
  LLVMValueRef g = LLVMAddGlobal(be->mod, be->t_ptr, name);
  LLVMSetLinkage(g, LLVMExternalLinkage);
  return g;
}

static LLVMValueRef rt_func(Be *be, const char *name, LLVMTypeRef fty,
                            bool cold) {
  LLVMValueRef f = LLVMGetNamedFunction(be->mod, name);
  if (!f) f = LLVMAddFunction(be->mod, name, fty);
  if (cold) {
    unsigned kind = LLVMGetEnumAttributeKindForName("cold", 4);
    LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(be->ctx, kind, 0));
  }
  return f;
}

/* A TBAA scalar type under `parent`, and its access tag (*type: the
 * type node, for children). Nodes are uniqued by LLVM: asking twice for the
 * same name gives the same tag. */
LLVMValueRef be_tbaa_tag(Be *be, LLVMMetadataRef parent, const char *name,
                         LLVMMetadataRef *type) {
  LLVMMetadataRef zero = LLVMValueAsMetadata(LLVMConstInt(be->t_i64, 0, 0));
  LLVMMetadataRef ty[3] = {LLVMMDStringInContext2(be->ctx, name, strlen(name)),
                           parent, zero};
  LLVMMetadataRef t = LLVMMDNodeInContext2(be->ctx, ty, 3);
  if (type) *type = t;
  LLVMMetadataRef tag[3] = {t, t, zero};
  return LLVMMetadataAsValue(be->ctx, LLVMMDNodeInContext2(be->ctx, tag, 3));
}

/* "rl heap" (GC objects and static data; per-location types below it, see
 * llvm_ops.c) and "rl runtime state" under one root. */
static void tbaa_init(Be *be) {
  be->md_tbaa = LLVMGetMDKindIDInContext(be->ctx, "tbaa", 4);
  LLVMMetadataRef name = LLVMMDStringInContext2(be->ctx, "rl tbaa", 7);
  LLVMMetadataRef root = LLVMMDNodeInContext2(be->ctx, &name, 1);
  be->tbaa_heap = be_tbaa_tag(be, root, "rl heap", &be->tbaa_heap_type);
  be->tbaa_state = be_tbaa_tag(be, root, "rl runtime state", NULL);
  be->tbaa_counters = be_tbaa_tag(be, root, "rl jit counters", NULL);
}

static void add_attr(Be *be, LLVMValueRef f, unsigned idx, const char *name,
                     uint64_t val) {
  unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
  LLVMAddAttributeAtIndex(f, idx, LLVMCreateEnumAttribute(be->ctx, kind, val));
}

/* The GC's allocation functions as LLVM allocation functions: a fresh
 * (noalias), zeroed object (the runtime zeroes every byte but the header,
 * which generated code never reads). LLVM may then keep the fields of an
 * object that does not escape in registers and delete the allocation —
 * range iterators, short-lived tuples. */
static void alloc_attrs(Be *be, LLVMValueRef f, bool sized) {
  add_attr(be, f, LLVMAttributeReturnIndex, "noalias", 0);
  add_attr(be, f, LLVMAttributeFunctionIndex, "nounwind", 0);
  add_attr(be, f, LLVMAttributeFunctionIndex, "willreturn", 0);
  add_attr(be, f, LLVMAttributeFunctionIndex, "allockind", 1 | 16);  /* alloc, zeroed */
  if (sized)  /* the size is argument 1; no element-count argument */
    add_attr(be, f, LLVMAttributeFunctionIndex, "allocsize", (1ULL << 32) | 0xFFFFFFFFULL);
  LLVMAttributeRef fam = LLVMCreateStringAttribute(be->ctx, "alloc-family", 12, "rt_gc", 5);
  LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex, fam);
}

static void declare_runtime(Be *be) {
  LLVMTypeRef i64 = be->t_i64, p = be->t_ptr, f = be->t_f64;
  be->g_exc_type = rt_global(be, "rl_exc_type");
  be->g_exc_value = rt_global(be, "rl_exc_value");
  be->g_stack_limit = rt_global(be, "rt_stack_limit");
  be->fty_void = LLVMFunctionType(be->t_void, NULL, 0, 0);
  be->fty_assert = LLVMFunctionType(be->t_void, &p, 1, 0);
  LLVMTypeRef two_i64[2] = {i64, i64}, five_i64[5] = {i64, i64, i64, i64, i64};
  LLVMTypeRef two_f[2] = {f, f};
  be->fty_gc_new = LLVMFunctionType(p, two_i64, 2, 0);
  be->fty_gc_varsize = LLVMFunctionType(p, five_i64, 5, 0);
  be->fty_ff = LLVMFunctionType(f, two_f, 2, 0);
  be->fty_raiser = LLVMFunctionType(p, NULL, 0, 0);
  be->fn_raise_overflow = rt_func(be, "rt_raise_overflow", be->fty_raiser, true);
  be->fn_raise_recursion = rt_func(be, "rt_raise_recursion", be->fty_raiser, true);
  be_attr_raiser(be, be->fn_raise_overflow);
  be_attr_raiser(be, be->fn_raise_recursion);
  be->fn_assert_fail = rt_func(be, "rt_debug_assert_fail", be->fty_assert, true);
  be->fn_gc_new = rt_func(be, "rt_gc_new", be->fty_gc_new, false);
  be->fn_gc_new_atomic = rt_func(be, "rt_gc_new_atomic", be->fty_gc_new, false);
  be->fn_gc_varsize = rt_func(be, "rt_gc_new_varsize", be->fty_gc_varsize, false);
  be->fn_gc_varsize_atomic =
      rt_func(be, "rt_gc_new_varsize_atomic", be->fty_gc_varsize, false);
  alloc_attrs(be, be->fn_gc_new, true);
  alloc_attrs(be, be->fn_gc_new_atomic, true);
  alloc_attrs(be, be->fn_gc_varsize, false);
  alloc_attrs(be, be->fn_gc_varsize_atomic, false);
  be->fn_float_floordiv = rt_func(be, "rt_float_floordiv", be->fty_ff, false);
  be->fn_float_mod = rt_func(be, "rt_float_mod", be->fty_ff, false);
  be_gc_declare(be);
  be->md_prof = LLVMGetMDKindIDInContext(be->ctx, "prof", 4);
  LLVMMetadataRef md[3] = {
      LLVMMDStringInContext2(be->ctx, "branch_weights", 14),
      LLVMValueAsMetadata(LLVMConstInt(be->t_i32, 1, 0)),
      LLVMValueAsMetadata(LLVMConstInt(be->t_i32, 2000, 0))};
  be->md_unlikely = LLVMMetadataAsValue(be->ctx, LLVMMDNodeInContext2(be->ctx, md, 3));
  tbaa_init(be);
}

static void tid_const(Be *be, const char *name, const LLType *t) {
  LLVMValueRef g = LLVMAddGlobal(be->mod, be->t_i32, name);
  LLVMSetInitializer(g, LLVMConstInt(be->t_i32, t ? t->id : 0, 0));
  LLVMSetGlobalConstant(g, 1);
}

/* rl_tid_* (rt_obj.h) and `int64_t rl_entry(RlList *)` (rt_main.h). */
static void emit_glue(Be *be) {
  const LLFixed *X = be->prog->fixed;
  const LLType *et = be->prog->entry->type;
  const LLType *list = NULL, *items = NULL;
  if (et->nargs == 1 && et->args[0]->kind == LL_PTR) {
    list = et->args[0]->to;
    int fi = list->kind == LL_STRUCT ? be_find_field(list, "items") : -1;
    if (fi >= 0 && list->fields[fi].type->kind == LL_PTR)
      items = list->fields[fi].type->to;
  }
  if (!items || et->result->kind != LL_SIGNED)
    be_error(be, be->prog->entry->graph->loc,
             "the entry point must be Signed entry(list of str)");
  tid_const(be, "rl_tid_rpy_string", X->str);
  tid_const(be, "rl_tid_rl_exception", X->exception);
  tid_const(be, "rl_tid_argv_list", list);
  tid_const(be, "rl_tid_argv_items", items);
  LLVMTypeRef p = be->t_ptr;
  LLVMTypeRef fty = LLVMFunctionType(be->t_i64, &p, 1, 0);
  LLVMValueRef w = LLVMAddFunction(be->mod, "rl_entry", fty);
  LLVMBasicBlockRef bb = LLVMAppendBasicBlockInContext(be->ctx, w, "entry");
  LLVMPositionBuilderAtEnd(be->b, bb);
  LLVMSetCurrentDebugLocation2(be->b, NULL);
  if (be->opt->debug) {  /* so that the entry inlined here keeps its lines */
    Graph *eg = be->prog->entry->graph;
    BeFn F = {.be = be, .g = eg, .fn = w};
    F.sp = be_debug_function(be, eg, w);
    be_debug_loc(&F, eg->loc);
  }
  LLVMValueRef arg = LLVMGetParam(w, 0);
  LLVMValueRef r = LLVMBuildCall2(be->b, be_func_type(be, et),
                                  be_func(be, be->prog->entry), &arg,
                                  et->nargs == 1 ? 1 : 0, "");
  LLVMBuildRet(be->b, et->result->kind == LL_SIGNED ? r
                                                    : LLVMConstInt(be->t_i64, 0, 0));
}

static void check_exports(Be *be) {
  static const char *const need[] = {
#define NAME(n) "rl_vtable_" #n,
      NAME(Exception) NAME(ArithmeticError) NAME(ZeroDivisionError)
      NAME(OverflowError) NAME(LookupError) NAME(IndexError) NAME(KeyError)
      NAME(RuntimeError) NAME(NotImplementedError) NAME(RecursionError)
      NAME(OSError) NAME(ValueError) NAME(TypeError) NAME(AssertionError)
      NAME(MemoryError) NAME(StopIteration)
#undef NAME
  };
  for (unsigned i = 0; i < sizeof need / sizeof need[0]; i++) {
    bool found = false;
    for (uint32_t j = 0; j < be->prog->nexports && !found; j++)
      found = strcmp(be->prog->exports[j].symbol, need[i]) == 0;
    if (!found)
      be_error(be, (Loc){0, 0, 0}, "internal: no static object for %s", need[i]);
  }
}

/* ---- the steps ----------------------------------------------------------------------- */

static bool build_module(Be *be) {
  discover(be);
  be_callgraph(be);
  check_exports(be);
  declare_runtime(be);
  if (be->prog->jit) be_jit_declare(be);
  for (unsigned i = 0; i < be->helpers.len; i++) be_func(be, be->helpers.data[i]);
  be_data_declare(be);
  for (unsigned i = 0; i < be->graphs.len; i++)
    be_declare_graph(be, be->graphs.data[i]);
  if (be->opt->debug) be_debug_init(be);
  emit_glue(be);
  be_gc_tables(be);
  be_data_define(be);
  for (unsigned i = 0; i < be->graphs.len; i++)
    be_define_graph(be, be->graphs.data[i]);
  if (be->prog->jit) be_jit_emit(be);
  be_debug_finish(be);
  return be->errors == 0;
}

static bool verify(Be *be) {
  char *msg = NULL;
  if (LLVMVerifyModule(be->mod, LLVMReturnStatusAction, &msg)) {
    be_error(be, (Loc){0, 0, 0}, "internal: invalid LLVM module: %s", msg);
    LLVMDisposeMessage(msg);
    return false;
  }
  LLVMDisposeMessage(msg);
  return true;
}

static void dump(Be *be) {
  char *s = LLVMPrintModuleToString(be->mod);
  fputs(s, be->opt->dump_ir);
  LLVMDisposeMessage(s);
}

void be_stage(Be *be, const char *name) {
  if (be->opt->timer) timer_stage(be->opt->timer, name);
}

/* Writes the module as one object, optimizing it first unless done. */
static bool write_one(Be *be, const char *obj, bool optimized) {
  if (!optimized && !be_optimize(be)) return false;
  be_stage(be, "llvm codegen");
  return be_write_object(be, obj);
}

/* Writes the object(s) in a temporary directory and links them. A module
 * not yet optimized may be cut in two (llvm_split.c). */
static bool write_and_link(Be *be, bool optimized) {
  const char *tmp = getenv("TMPDIR");
  char *dir = arena_printf(&be->scratch, "%s/rtrans-XXXXXX",
                           tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    be_error(be, (Loc){0, 0, 0}, "cannot create a temporary directory in %s",
             tmp && *tmp ? tmp : "/tmp");
    return false;
  }
  char *obj = arena_printf(&be->scratch, "%s/program.o", dir);
  char *obj1 = arena_printf(&be->scratch, "%s/program1.o", dir);
  bool two = false, ok = false;
  if (!optimized && !be->opt->debug) ok = be_split_emit(be, obj, obj1, &two);
  if (!two) ok = write_one(be, obj, optimized);
  be_stage(be, "link");
  ok = ok && be_link(be, obj, two ? obj1 : NULL, be->opt->output);
  unlink(obj);
  unlink(obj1);
  rmdir(dir);
  return ok;
}

/* The passes, then the output. A dump or an object-only output is one
 * module, optimized here. */
static bool optimize_and_emit(Be *be) {
  const BeOptions *o = be->opt;
  if (o->output && !o->object_only && !o->dump_ir) return write_and_link(be, false);
  if (!be_optimize(be)) return false;
  if (o->dump_ir && o->dump_optimized) dump(be);
  if (!o->output) return true;
  if (o->object_only) return write_one(be, o->output, true);
  return write_and_link(be, true);
}

static void dispose(Be *be) {
  if (be->di) LLVMDisposeDIBuilder(be->di);
  if (be->b) LLVMDisposeBuilder(be->b);
  if (be->mod) LLVMDisposeModule(be->mod);
  if (be->td) LLVMDisposeTargetData(be->td);
  if (be->tm) LLVMDisposeTargetMachine(be->tm);
  if (be->ctx) LLVMContextDispose(be->ctx);
  bemap_free(&be->seen);
  bemap_free(&be->funcs);
  bemap_free(&be->globals);
  bemap_free(&be->exported);
  bemap_free(&be->needs_stack_check);
  bemap_free(&be->noinline);
  bemap_free(&be->alwaysinline);
  bemap_free(&be->component);
  arena_free(&be->scratch);
}

bool be_emit(const BeProgram *prog, const BeOptions *opt, Diag *D) {
  Be be = {.prog = prog, .opt = opt, .D = D, .gc_gen = opt->gc == BE_GC_GEN};
  if (!prog->entry || !prog->entry->graph || !prog->fixed || !prog->types) {
    diag_error(D, (Loc){0, 0, 0}, "internal: no entry point to emit");
    return false;
  }
  arena_init(&be.scratch);
  be_stage(&be, "llvm build");
  be.ctx = LLVMContextCreate();
  be.mod = LLVMModuleCreateWithNameInContext("rl_program", be.ctx);
  be.b = LLVMCreateBuilderInContext(be.ctx);
  bool ok = be_target_init(&be);
  if (ok) {
    be_types_init(&be);
    ok = build_module(&be) && verify(&be);
  }
  if (ok && opt->dump_ir && !opt->dump_optimized) dump(&be);
  be_stage(&be, "llvm passes");
  if (ok) ok = optimize_and_emit(&be);
  dispose(&be);
  return ok && be.errors == 0;
}
