/* prebuild.h — the prebuild stage: module-level code runs at translation time.
 *
 * Promise: pb_run executes the module-level graph of the main module in a
 * graph interpreter over dynamic values (dyn.h) with Python 3 semantics;
 * `import_module` of a user module runs that module's graph at its first
 * import (registered as importing first, so cycles behave as in Python).
 * Functions called at module level run in the same interpreter. Then the
 * entry point is chosen (LANGUAGE.md "Program shape": target(driver, args)
 * [0], else entry_point, else main), and every getglobal in a function graph
 * of a name that is unbound at the end of module initialization is recorded
 * (reported by pb_check_graph, eagerly for the graphs reachable from the
 * entry point in pb_require_entry_point; dead code is no error).
 * pb_freeze then rewrites every function graph (never module graphs):
 * `v = getglobal(M, 'name')` of a bound name is replaced by a constant
 * (pb_const) in all later uses, and `getattr(<constant module>, 'name')`
 * likewise; unbound reads and setglobal stay.
 * Errors are diagnostics at the user's line: an uncaught exception
 * ("exception raised at translation time: ValueError: msg", then one note per
 * calling frame, outermost first), module-level output, the step limit
 * (PB_STEP_LIMIT operations) and the depth limit (PB_DEPTH_LIMIT frames →
 * RecursionError, which keeps the interpreter's C recursion bounded).
 * Expects: fg_build_program ran without errors; P outlives the Prebuild; the
 * heap (dyn.h objects, and the constants built from them) lives until
 * pb_free, which the driver calls after the last stage. */
#ifndef RT_PREBUILD_H
#define RT_PREBUILD_H

#include <stdbool.h>
#include <stdio.h>

#include "../core/graph.h"
#include "../frontend/program.h"
#include "dyn.h"

enum {
  PB_STEP_LIMIT = 5000000,   /* operations executed at translation time */
  PB_DEPTH_LIMIT = 1000,     /* nested calls (Python's default limit) */
};

typedef VEC(PbObj *) PbObjList;

Prebuild *pb_new(Program *P);
void pb_free(Prebuild *PB);
/* Overrides the step limit (tests). */
void pb_set_step_limit(Prebuild *PB, uint64_t steps);
/* Overrides the translation-time heap limit, in MB (default 2048; the
 * fuzz target sets a small one: reaching 2 GB takes seconds). */
void pb_set_heap_limit(Prebuild *PB, uint32_t mb);
/* Runs the program's module-level code, finds the entry point and records
 * unbound global reads. `args` are target()'s words (may be NULL when n is
 * 0). Returns false when an error was reported. */
bool pb_run(Prebuild *PB, Module *main_mod, const char **args, uint32_t nargs);
/* Freezes the function graphs (once; after a successful pb_run). */
void pb_freeze(Prebuild *PB);

/* The entry point function, or NULL when the program has none (a library). */
PbFunc *pb_entry_point(Prebuild *PB);
/* Same, but reports "no entry point ..." (or why the chosen name is not a
 * function) when there is none, and reports the unbound globals of every
 * function graph reachable from the entry point. NULL after an error. */
PbFunc *pb_require_entry_point(Prebuild *PB);

/* The module object of a user or built-in module (its globals). */
PbModule *pb_module(Prebuild *PB, Module *m);
/* A module global after initialization; false when unbound. */
bool pb_global(Prebuild *PB, Module *m, const char *name, Dyn *out);
/* The decorator flags of a def (NULL when no function object was made). */
PbFuncFlags *pb_func_flags(Prebuild *PB, FuncInfo *fi);
/* The class object made for a class statement (the last one executed). */
PbClass *pb_class_of(Prebuild *PB, ClassInfo *ci);

/* The graph constant for a value: CONST_NONE/BOOL/INT/FLOAT/STR for None,
 * bools, ints, floats and strs; CONST_BUILTIN (u.ref.p the object, u.ref.name
 * its qualified name) for built-in functions and classes; CONST_OBJ (u.ref.p
 * the PbObj, u.ref.name `name` or a readable one) for every other object
 * (an r_uint becomes a PbUintBox). */
Value *pb_const(Prebuild *PB, Dyn d, const char *name);

/* Reports the unbound globals read by g (each once); false when any. */
bool pb_check_graph(Prebuild *PB, Graph *g);
/* The heap objects reachable from the entry point: through the constants
 * of reachable graphs and through object fields, in discovery order. */
void pb_reachable(Prebuild *PB, PbObjList *out);

/* --dump=prebuilt (docs/prebuild.md). */
void pb_dump(FILE *out, Prebuild *PB);

#endif
