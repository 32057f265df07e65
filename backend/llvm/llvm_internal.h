/* llvm_internal.h — what the files of backend/llvm share: the context of
 * one emission (Be), the per-function state (BeFn) and the functions each
 * file provides. Not for use outside backend/llvm.
 *
 * Order of work (llvm_emit.c): discover the reachable graphs, helpers and
 * static objects; declare the runtime's symbols, the helpers, the static
 * objects and the graphs' functions (in that order, so that a graph whose
 * name clashes with a C symbol is the one LLVM renames: graphs have
 * internal linkage); fill the static objects' initializers; translate each
 * graph; verify; optimize; emit; link. */
#ifndef RT_LLVM_INTERNAL_H
#define RT_LLVM_INTERNAL_H

#include <llvm-c/Core.h>
#include <llvm-c/DebugInfo.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>

#include "llvm_backend.h"

/* A pointer-keyed hash map (malloc memory, freed with the context). */
typedef struct BeMap {
  const void **keys;
  void **vals;
  uint32_t cap;   /* power of two, or 0 */
  uint32_t count;
} BeMap;

void *bemap_get(const BeMap *m, const void *key);
void bemap_put(BeMap *m, const void *key, void *val);
void bemap_free(BeMap *m);

typedef struct Be {
  const BeProgram *prog;
  const BeOptions *opt;
  Diag *D;
  int errors;                 /* reported by be_error */
  Arena scratch;              /* freed at the end of be_emit */
  LLVMContextRef ctx;
  LLVMModuleRef mod;
  LLVMBuilderRef b;
  LLVMTargetMachineRef tm;
  LLVMTargetDataRef td;
  /* debug info (opt->debug) */
  LLVMDIBuilderRef di;
  LLVMMetadataRef di_cu;
  LLVMMetadataRef di_subty;   /* one subroutine type for every graph */
  LLVMMetadataRef *di_files;  /* by SourceMgr file id, lazily */
  uint32_t ndi_files;
  /* types */
  LLVMTypeRef *ty_mem;        /* by LLType id: struct/array memory types */
  uint32_t ntypes;
  unsigned char *ty_gcptrs;   /* by LLType id: 0 unknown, 1 no, 2 yes */
  LLVMTypeRef t_void, t_i1, t_i8, t_i32, t_i64, t_f64, t_ptr;
  /* runtime symbols the lowering uses */
  LLVMValueRef g_exc_type, g_exc_value, g_stack_limit;
  LLVMValueRef fn_raise_overflow, fn_raise_recursion, fn_assert_fail;
  LLVMValueRef fn_gc_new, fn_gc_new_atomic, fn_gc_varsize, fn_gc_varsize_atomic;
  LLVMValueRef fn_float_floordiv, fn_float_mod;
  /* --gc=gen (llvm_gc.c): the write barrier's slow path, identity hashes */
  bool gc_gen;
  LLVMValueRef fn_gc_wb, fn_gc_idhash;
  LLVMTypeRef fty_gc_wb, fty_gc_idhash;
  /* JIT executables (llvm_jit.c) */
  LLVMValueRef g_jit_buf[3], g_jit_counters, fn_jit_merge_point;
  LLVMTypeRef fty_jit_merge_point;
  LLVMTypeRef fty_void, fty_gc_new, fty_gc_varsize, fty_ff, fty_assert;
  LLVMTypeRef fty_raiser;     /* ptr (void): rt_raise_overflow/recursion */
  unsigned md_prof;           /* "prof" metadata kind */
  unsigned md_tbaa;           /* "tbaa" metadata kind */
  LLVMValueRef tbaa_heap;     /* access tag: GC objects and static data */
  LLVMMetadataRef tbaa_heap_type; /* its type node: parent of the per-field types */
  LLVMValueRef tbaa_state;    /* access tag: rl_exc_*, rt_stack_limit */
  LLVMValueRef tbaa_counters; /* the JIT's counters: no other access aliases
                                 them, so a store there does not make the
                                 loop reload the program's fields */
  LLVMValueRef md_unlikely;   /* branch_weights 1, 2000 */
  /* what is reachable */
  VEC(LLFunc *) graphs;       /* LLFuncs with a graph, to define */
  VEC(LLFunc *) helpers;      /* runtime helpers, to declare */
  VEC(LLPrebuilt *) objs;     /* static objects */
  BeMap seen;                 /* LLFunc* / LLPrebuilt* -> (void *)1 */
  BeMap funcs;                /* LLFunc* -> LLVMValueRef */
  BeMap globals;              /* LLPrebuilt* -> LLVMValueRef */
  BeMap exported;             /* LLPrebuilt* -> symbol */
  BeMap needs_stack_check;    /* LLFunc* -> (void *)1: on a call cycle */
  BeMap noinline;             /* LLFunc* -> its inline size (> 0): too big
                                 to inline */
  BeMap alwaysinline;         /* LLFunc* -> (void *)1: one call site, small
                                 enough, off any cycle */
  BeMap component;            /* LLFunc* -> its strongly connected component
                                 of the call graph (an id > 0) */
} Be;

enum { BE_NOBAR = 8 };

typedef struct BeFn {
  Be *be;
  LLFunc *lf;
  Graph *g;
  LLVMValueRef fn;
  LLVMValueRef *vals;         /* by Value id: the variable's LLVM value */
  LLVMValueRef *phis;         /* by Value id: a block input's phi (links feed
                                 it even when vals was remapped, as after a
                                 JIT portal hook) */
  LLVMBasicBlockRef *bbs;     /* by Block id */
  LLVMBasicBlockRef propagate;/* return leaving the exception set */
  LLVMMetadataRef sp;         /* DISubprogram, or NULL */
  Block *block;               /* the block being translated */
  bool may_raise_here;        /* the op in translation is the last of an
                                 EXIT_RAISE block: handlers apply */
  /* A JIT portal (one jit_merge_point): its re-entry function, which
   * the hook's slow path calls instead of coming back into the loop
   * (llvm_jit.c); emitting that function's copy of the graph: in_reentry,
   * with the merge point's continuation block and its phis for the entry
   * to feed. */
  LLVMValueRef reentry;
  bool in_reentry;
  const LLType *loc_owner;      /* gep_path's last step: its struct or array */
  const char *loc_field;        /* ... and field name, "[]" items, "#" length */
  LLVMBasicBlockRef reentry_cont;
  Op *reentry_op;
  LLVMValueRef *reentry_phis;   /* by marker argument, NULL: none */
  int counts_at_cej;            /* a portal whose driver has can_enter_jit
                                   markers in it: 1 yes, -1 no, 0 not known */
  /* --gc=gen: objects of the current block that need no write barrier
   * until the next call or allocation (young objects allocated in this
   * block, objects whose barrier ran); forgetting one is always safe */
  const Value *nobar[BE_NOBAR];
  unsigned nnobar;
} BeFn;

/* ---- llvm_emit.c ---- */
/* Opens stage `name` on --time's timer, if any. */
void be_stage(Be *be, const char *name);
void be_error(Be *be, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- llvm_callgraph.c ---- */
/* Fills needs_stack_check (graphs on a cycle of calls or making indirect
 * calls), noinline (graphs too big to inline, with what they inline),
 * alwaysinline (graphs with one call site) and component. */
void be_callgraph(Be *be);

/* ---- llvm_types.c ---- */
void be_types_init(Be *be);
LLVMTypeRef be_reg_type(Be *be, const LLType *t);  /* NULL for Void */
LLVMTypeRef be_mem_type(Be *be, const LLType *t);
LLVMTypeRef be_func_type(Be *be, const LLType *ft);
/* The struct index of field `fi` of struct `s` in its LLVM type. */
unsigned be_field_index(const LLType *s, uint32_t fi);
/* The struct index of the items of array `a` in its LLVM type. */
unsigned be_items_index(const LLType *a);
/* The field named `name` (interned or not); -1 when absent. */
int be_find_field(const LLType *s, const char *name);
bool be_has_gcptrs(Be *be, const LLType *t);
/* Checks LLVM's offsets against the LLType layout (reports an error). */
bool be_check_layout(Be *be, const LLType *t);
/* The prebuilt object's own type: varsize parts sized to its items. */
LLVMTypeRef be_obj_type(Be *be, const LLPrebuilt *o);
void be_attr_ext(Be *be, LLVMValueRef fn_or_call, bool call, const LLType *ft);
/* How malloc/malloc_varsize of t allocates (emit_malloc's arguments of
 * rt_gc_new*, and the type table of --gc=gen): the fixed part's bytes
 * (all of a fixed-size struct; else where the items start), the bytes
 * per item (0: fixed size), the length word's offset (-1: none) and the
 * item type (NULL: fixed size). */
typedef struct BeAllocShape {
  uint32_t fixed, itemsize;
  int64_t lenofs;
  const LLType *item;
} BeAllocShape;
BeAllocShape be_alloc_shape(const LLType *t);

/* ---- llvm_data.c ---- */
LLVMValueRef be_global(Be *be, LLPrebuilt *o);     /* declared before */
void be_data_declare(Be *be);
void be_data_define(Be *be);
LLVMValueRef be_const(Be *be, const Value *v, const LLType *t);
uint64_t be_gc_header(const LLType *t, bool prebuilt);

/* ---- llvm_func.c ---- */
LLVMValueRef be_func(Be *be, LLFunc *f);
void be_declare_graph(Be *be, LLFunc *f);
void be_define_graph(Be *be, LLFunc *f);
LLVMValueRef be_value(BeFn *F, const Value *v);
void be_set_value(BeFn *F, const Value *v, LLVMValueRef x);
/* After an operation that may have raised: when `cond` is true, calls
 * `raiser` (if not NULL) to set the exception, then catches it with the
 * current block's handlers or propagates it. Leaves the builder in the
 * not-raised continuation. */
void be_raise_if(BeFn *F, LLVMValueRef cond, LLVMValueRef raiser,
                 LLVMTypeRef raiser_ty);
/* be_raise_if for a runtime call that set the exception itself, whose
 * class is known (vtable, or NULL): the raise path stores it again, so
 * that after inlining LLVM knows the exception test there and threads the
 * path straight to the handler (an allocation's NULL result then no
 * longer reaches a phi with the object, which hid it from alias
 * analysis). */
void be_raise_known_if(BeFn *F, LLVMValueRef cond, LLVMValueRef vtable);
/* After a call that may raise: tests the exception global. */
void be_check_exc(BeFn *F);
void be_mark_unlikely(Be *be, LLVMValueRef br);
/* TBAA: the runtime-state globals never alias the objects the code reads
 * and writes, so an exception test is not redone after every store. */
void be_tag_heap(Be *be, LLVMValueRef load_or_store);
LLVMValueRef be_load_state(Be *be, LLVMValueRef global, const char *name);
void be_store_state(Be *be, LLVMValueRef x, LLVMValueRef global);
LLVMValueRef be_call(Be *be, LLVMTypeRef fty, LLVMValueRef fn,
                     LLVMValueRef *args, unsigned nargs);
void be_stack_check(BeFn *F);
/* A runtime function that always raises and returns the vtable it set:
 * declared cold with a nonnull result. */
void be_attr_raiser(Be *be, LLVMValueRef fn);
/* After calling such a function: restates its result into rl_exc_type, so
 * that LLVM knows the exception test that follows (also in the callers the
 * code is inlined into) is true. */
void be_note_raised(Be *be, LLVMValueRef vtable);
/* The block that returns leaving the exception set (made on first use). */
LLVMBasicBlockRef be_propagate_bb(BeFn *F);

/* ---- llvm_jit.c (JIT executables: the jitcode image and the portal hook) ---- */
void be_jit_discover(Be *be, void (*add_func)(Be *, LLFunc *),
                     void (*add_obj)(Be *, LLPrebuilt *));
void be_jit_declare(Be *be);
void be_jit_emit(Be *be);
/* The re-entry function of portal graph g (one jit_merge_point of a
 * known driver), declared; NULL when g is no such portal. */
LLVMValueRef be_jit_reentry_decl(Be *be, LLFunc *f);
/* In F's re-entry copy: the entry block loads the greens and reds from
 * the buffers and branches to the merge point's continuation. */
void be_jit_reentry_entry(BeFn *F, LLVMBasicBlockRef entry);
/* llvm_emit.c: a TBAA type `name` under `parent` and its access tag. */
LLVMValueRef be_tbaa_tag(Be *be, LLVMMetadataRef parent, const char *name,
                         LLVMMetadataRef *type);
/* jit_marker: at a jit_merge_point, the call into the JIT runtime. */
void be_jit_marker(BeFn *F, Op *op);

/* ---- llvm_ops.c ---- */
void be_emit_op(BeFn *F, Op *op);

/* ---- llvm_gc.c (--gc=gen; every function does nothing under Boehm) ---- */
/* Declares rt_gc_wb and rt_gc_identityhash. */
void be_gc_declare(Be *be);
/* rl_gc_types, rl_gc_ntypes, rl_gc_ptr_offsets (rt_gc.h). */
void be_gc_tables(Be *be);
/* Before the store of v into the location of type `elem` that op (a
 * set* op, its object args[0]) writes: the write barrier when needed. */
void be_gc_store_barrier(BeFn *F, const Op *op, const LLType *elem,
                         const Value *v);
/* After op: which objects of the block still need no barrier. */
void be_gc_after_op(BeFn *F, const Op *op);
/* gc_identityhash: rt_gc_identityhash(p). */
LLVMValueRef be_gc_identityhash(BeFn *F, LLVMValueRef p);

/* ---- llvm_debug.c ---- */
void be_debug_init(Be *be);
LLVMMetadataRef be_debug_function(Be *be, Graph *g, LLVMValueRef fn);
void be_debug_loc(BeFn *F, Loc loc);
void be_debug_finish(Be *be);

/* ---- llvm_link.c ---- */
bool be_target_init(Be *be);
/* Another target machine like be->tm (for a second thread); NULL after
 * reporting an error. */
LLVMTargetMachineRef be_new_target_machine(Be *be);
bool be_optimize(Be *be);
/* Runs the -O`level` pipeline on m, then (lower_small) the inline pop of
 * small allocations (gen: the nursery's bump); NULL, or LLVM's message
 * (malloc'd). */
char *be_run_passes(LLVMModuleRef m, LLVMTargetMachineRef tm, int level,
                    bool lower_small, bool gen);
/* After the passes: rt_gc_new* calls of a small constant size become the
 * inline pop of rt_gc.h, or with gen the nursery's bump (llvm_alloc.c).
 * NULL, or a malloc'd message. */
char *be_lower_small_news(LLVMModuleRef m, LLVMTargetMachineRef tm, bool gen);
bool be_write_object(Be *be, const char *path);
/* Links obj (and obj2 unless NULL) into the executable out. */
bool be_link(Be *be, const char *obj, const char *obj2, const char *out);

/* ---- llvm_split.c ---- */
/* Optimizes the verified, unoptimized module and writes it as two objects,
 * obj0 and obj1, one per thread, when it is big enough to gain from it
 * (*two). When *two is false nothing was done but hidden renames: the
 * caller optimizes and writes as usual. Returns false after reporting an
 * error. Afterwards be->mod holds only obj0's part. */
bool be_split_emit(Be *be, const char *obj0, const char *obj1, bool *two);

#endif
