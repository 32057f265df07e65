/* llvm_backend.h — the LLVM backend: rtyped graphs to a native executable
 * (ARCHITECTURE.md §4 lowering, §5 "LLVM").
 *
 * Promise: be_emit builds one LLVM 19 module (through LLVM-C) from the
 * rtyped graphs reachable from the program's roots — every graph reached
 * by a direct_call or a CONST_LLFUNC constant, in graphs or static data —
 * and the static objects (LLPrebuilt) they reference, recursively; runs
 * the new pass manager (`default<On>`), emits a PIC object for the host
 * (x86-64) and links it with `cc` against the runtime library
 * (build/librlrt.a) and -lgc -lm -lpthread. Temporary files live in a
 * mkdtemp directory removed afterwards. Every LLVM object is disposed.
 * Errors (inconsistent graphs, LLVM verifier failures, a failed link) are
 * reported through the Diag and make be_emit return false.
 *
 * What the rtyper hands over (docs/backend.md has the details):
 *  - Graphs whose Op.opc is an LLOp and whose every Value has `ll`.
 *    Constants: CONST_INT/BOOL/FLOAT (ll Signed, Unsigned, Char, Bool,
 *    Float; an ll-less CONST_INT is Signed), CONST_LLTYPE (malloc's type),
 *    CONST_STR (field names on getfield/setfield/interior ops; debug_assert
 *    messages), CONST_LLFUNC, CONST_LLOBJ, CONST_LLNULL (and CONST_NONE with
 *    a pointer ll). Values of ll Void carry nothing and may be anything.
 *  - Exception links as in flow graphs: an EXIT_RAISE block's exits[0] is
 *    the normal path; each further exit has exitcase = CONST_LLOBJ of the
 *    caught class's vtable LLPrebuilt and catches exactly the exceptions
 *    whose type t has  min <= t.subclassrange_min < max  (the handler's
 *    vtable range), tried in exit order; its etype/evalue variables
 *    (Ptr(object_vtable), Ptr(object)) are defined on the link. Raising is
 *    a link to the graph's except block with (etype, evalue).
 *  - EXIT_VALUE switches on Bool, Signed, Unsigned or Char; an exit whose
 *    exitcase is NULL or the string 'default' is the default.
 *  - Static data: an LLPrebuilt's fields are constants of the field types;
 *    a field whose type is an inlined (non-GC) struct is a CONST_LLOBJ of
 *    an LLPrebuilt of that struct type, embedded by value (a subclass
 *    vtable embeds its parent's). Immutable objects become LLVM constants.
 *  - Runtime helpers are LLFuncs with graph == NULL: `name` is the C symbol,
 *    the C signature follows the LL types (Signed int64_t, Unsigned
 *    uint64_t, Float double, Bool bool, Char unsigned char, pointers, Void
 *    void; Void arguments are dropped), and a call is followed by an
 *    exception check iff effects has LLFX_CANRAISE. Calls to graphs always
 *    are.
 *  - The built-in exception vtables exported under their runtime names
 *    (`rl_vtable_Exception` ...: see runtime/rt_exc.h) through `exports`;
 *    be_builtin_classes() makes them for programs and tests.
 * Expects: types laid out (lltype_layout); an LLTypes whose ids are all
 * below types->next_id; the SourceMgr of the locations (for -g). */
#ifndef RT_LLVM_BACKEND_H
#define RT_LLVM_BACKEND_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/graph.h"
#include "core/intern.h"
#include "core/lltype.h"
#include "core/timer.h"
#include "rtyper/llfixed.h"

/* A static object that must have a fixed external symbol. */
typedef struct BeExport {
  const char *symbol;   /* e.g. "rl_vtable_KeyError" */
  LLPrebuilt *obj;
} BeExport;

typedef struct BeProgram {
  LLTypes *types;       /* every ll type of the program */
  const LLFixed *fixed; /* the runtime's fixed types (strings, exceptions) */
  LLFunc *entry;        /* Signed entry(Ptr(list of str)) */
  LLFunc **roots;       /* further graphs to emit (may be NULL) */
  uint32_t nroots;
  BeExport *exports;    /* must include the rl_vtable_* of rt_exc.h */
  uint32_t nexports;
  SourceMgr *sm;        /* for debug info */
  /* JIT executables: the codewriter's image (backend/jitcode/codewriter.h),
   * emitted with its address table, call stubs and the portal hooks
   * (runtime/jit/jit_runtime.h); NULL for --no-jit */
  const struct CwImage *jit;
} BeProgram;

typedef struct BeOptions {
  const char *output;      /* the executable (or the object file) */
  int opt_level;           /* 0..3 (-O2 by default in the driver) */
  bool debug;              /* -g: DWARF line tables of the .rl sources */
  bool object_only;        /* write `output` as an object, don't link */
  FILE *dump_ir;           /* print the module's IR here (or NULL) */
  bool dump_optimized;     /* ... after the passes instead of before */
  const char *runtime_lib; /* NULL: $RTRANS_RUNTIME_LIB, else librlrt.a
                              beside the running executable or one up */
  const char *cc;          /* NULL: $CC, else "cc" */
  StageTimer *timer;       /* NULL, or --time's timer: be_emit opens the
                              stages "llvm build", "llvm passes", "llvm
                              codegen" and "link" on it */
  int gc;                  /* BE_GC_BOEHM (0) or BE_GC_GEN (the driver's
                              default): see below */
} BeOptions;

/* The collector the program is emitted for (runtime/rt_gc.h).
 * BE_GC_BOEHM: Boehm alone; nothing but allocation knows the GC.
 * BE_GC_GEN (the default of rtrans; the generational collector): the
 * type table rl_gc_types / rl_gc_ntypes / rl_gc_ptr_offsets, writable
 * prebuilt GC objects with RT_GC_FLAG_TRACK in section rl_gc_prebuilt, a
 * write barrier (rt_gc_wb) before every store of a GC reference into a GC
 * object, identity hashes through rt_gc_identityhash, and allocations
 * bumped in the nursery inline (llvm_alloc.c) or rt_gc_new* calls. */
enum { BE_GC_BOEHM = 0, BE_GC_GEN = 1 };

/* Emits the program; false after reporting errors. */
bool be_emit(const BeProgram *prog, const BeOptions *opt, Diag *D);

/* ---- classes for programs and tests ----------------------------------- */

/* A class of a single-inheritance tree: `parent` indexes an earlier entry
 * (-1 for a root). */
typedef struct BeClassSpec {
  const char *name;
  int parent;
} BeClassSpec;

/* The built-in exception classes, Python 3's hierarchy, Exception first;
 * BE_NUM_BUILTIN_CLASSES entries in rt_exc.h's order of names. */
enum { BE_NUM_BUILTIN_CLASSES = 16 };
extern const BeClassSpec be_builtin_class_specs[BE_NUM_BUILTIN_CLASSES];

/* Numbers the classes in preorder (subclassrange_min = preorder id,
 * max = one past the last descendant's id) and makes their vtables: one
 * immutable object_vtable LLPrebuilt each, named by a prebuilt string
 * (be_prebuilt_str). vtables[i] gets class i's. */
void be_make_vtables(Arena *A, const LLFixed *F, const BeClassSpec *specs,
                     uint32_t n, LLPrebuilt **vtables);
/* The exports rl_vtable_<name> for the first BE_NUM_BUILTIN_CLASSES of
 * vtables (made from specs that start with be_builtin_class_specs). */
void be_builtin_exports(Arena *A, LLPrebuilt *const *vtables,
                        BeExport *exports);
/* An immutable prebuilt rpy_string with its hash computed. */
LLPrebuilt *be_prebuilt_str(Arena *A, const LLFixed *F, const char *s,
                            uint32_t len);

#endif
