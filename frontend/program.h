/* program.h — the program being translated: modules, imports, scopes.
 *
 * Promise: prog_load reads the main file, parses it, then every module it
 * imports (anywhere in its tree), recursively: `import a.b` from DIR/x.rl
 * finds DIR/a/b.rl (else .py); built-in modules (frontend/builtins.def) are
 * never read from files. A module is registered before its imports are
 * loaded, so import cycles terminate. `Program.modules` lists the user
 * modules in load order (main first, then a depth-first walk of imports).
 * scope_program (scope.c) then computes, with Python's rules, which names
 * each module binds, the locals of every function, the attributes bound in
 * every class body, and creates a FuncInfo per `def` and a ClassInfo per
 * `class` (in source order); it checks `from m import n`, decorators and
 * `*args` placement. Name lookups for the flow builder go through
 * scope_lookup / scope_store.
 * Expects: one Program per translation; all memory from its arena; names
 * interned with its interner (compared with ==). */
#ifndef RT_PROGRAM_H
#define RT_PROGRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/arena.h"
#include "../core/diag.h"
#include "../core/graph.h"
#include "../core/intern.h"
#include "../core/vec.h"
#include "ast.h"

/* A hash map from nonzero 64-bit keys (interned-name or node pointers, ids+1)
 * to pointers, growing in an arena. */
typedef struct HMap {
  Arena *arena;
  uint64_t *keys;   /* 0 = empty slot */
  void **vals;
  uint32_t cap;     /* power of two, or 0 before the first put */
  uint32_t count;
} HMap;

void hmap_init(HMap *m, Arena *A);
void *hmap_get(const HMap *m, uint64_t key);
void hmap_put(HMap *m, uint64_t key, void *val);
#define HKEY(p) ((uint64_t)(uintptr_t)(p))

typedef struct Module Module;
typedef struct Scope Scope;
typedef struct FuncInfo FuncInfo;
typedef struct ClassInfo ClassInfo;

/* What a module-level name statically refers to (for decorators, `raise C`,
 * `from m import n` through re-exports). */
typedef enum SymKind {
  SYM_OTHER,    /* a value only known at run time */
  SYM_MODULE,   /* bound by an import to module `mod` */
  SYM_MEMBER,   /* `from mod import member` (member not a submodule) */
  SYM_FUNC,     /* a module-level def: `node` */
  SYM_CLASS,    /* a module-level class: `node` */
} SymKind;

typedef struct Sym {
  uint8_t kind;        /* SymKind */
  Module *mod;         /* SYM_MODULE / SYM_MEMBER (NULL: missing module) */
  const char *member;  /* SYM_MEMBER */
  Node *node;          /* SYM_FUNC / SYM_CLASS */
} Sym;

struct Module {
  const char *name;     /* graph prefix: basename (user) or dotted (built-in) */
  const char *path;     /* the file (user modules), else NULL */
  const char *dir;      /* folder of the file, for its imports */
  uint32_t file;        /* SourceMgr id (user modules) */
  uint32_t index;       /* position in Program.modules (user modules) */
  bool builtin;         /* built-in module or a folder (namespace) */
  Node *ast;            /* MODULE node (user modules) */
  HMap members;         /* built-in: member name -> (void *)1 */
  HMap submods;         /* member name -> Module* (built-ins, folders) */
  HMap imports;         /* dotted name imported here (and prefixes) -> Module* */
  HMap globals;         /* user: names bound at module level -> Sym* */
  Scope *scope;         /* SCOPE_MODULE */
  VEC(FuncInfo *) funcs; /* every def of the module, in source order */
  Graph *graph;         /* module-level code */
};

typedef enum ScopeKind { SCOPE_MODULE, SCOPE_FUNC, SCOPE_CLASS } ScopeKind;

struct Scope {
  uint8_t kind;           /* ScopeKind */
  Scope *parent;          /* lexically enclosing scope */
  Module *mod;
  HMap names;             /* FUNC: local -> slot+1; CLASS: attribute -> 1 */
  HMap globals;           /* names declared `global` here -> 1 */
  VEC(const char *) slots; /* FUNC: slot -> local name (parameters first) */
};

struct FuncInfo {
  const char *name;       /* as written */
  const char *qualname;   /* "mod.f", "mod.C.m", "mod.outer.inner" */
  Node *node;             /* FUNCDEF */
  Module *mod;
  Scope *scope;           /* SCOPE_FUNC */
  ClassInfo *cls;         /* the class whose body defines it, or NULL */
  Graph *graph;
};

struct ClassInfo {
  const char *name;
  const char *qualname;   /* "mod.C" */
  Node *node;             /* CLASSDEF */
  Module *mod;
  Scope *scope;           /* SCOPE_CLASS */
};

typedef struct Program {
  Arena *arena;
  Interner *in;
  SourceMgr *sm;
  Diag *diag;
  VEC(Module *) modules;  /* user modules, load order */
  HMap modmap;            /* interned key (dotted built-in name / path) */
  HMap builtins;          /* built-in name -> (void *)1 */
  HMap decorators;        /* qualified decorator name -> 1 + takes a call */
  HMap funcs;             /* FUNCDEF node -> FuncInfo* */
  HMap classes;           /* CLASSDEF node -> ClassInfo* */
  bool parse_failed;      /* a module had syntax errors: its tree is partial */
} Program;

void prog_init(Program *P, Arena *A, Interner *I, SourceMgr *sm, Diag *D);
/* Loads the main file and everything it imports. Returns NULL (errno set)
 * when the main file cannot be read; parse errors go to P->diag. */
Module *prog_load(Program *P, const char *path);
/* Same for a main module given as text (tests); imports are still files. */
Module *prog_load_text(Program *P, const char *path, const char *text);
/* Same for text of a given length, which may contain NUL bytes (fuzzing). */
Module *prog_load_bytes(Program *P, const char *path, const char *text,
                        uint32_t len);
/* The module an import statement of `from` names (dotted), or NULL. */
Module *prog_imported(Program *P, Module *from, const char *dotted);
bool prog_is_builtin_name(const Program *P, const char *name);
/* Whether module m (user or built-in) has a name `n` bound at module level
 * (user) or listed as a member / submodule (built-in). */
bool prog_module_has(Program *P, const Module *m, const char *n);
/* `if __name__ == "__main__":` (either operand order). */
bool prog_is_main_guard(const Node *stmt);
FuncInfo *prog_func(const Program *P, const Node *def);
ClassInfo *prog_class(const Program *P, const Node *cls);

/* ---- scope.c ------------------------------------------------------------ */
typedef enum NameKind {
  NK_LOCAL,      /* slot of the function's environment */
  NK_GLOBAL,     /* module global */
  NK_BUILTIN,
  NK_CLASSATTR,  /* bound in the class body being compiled */
  NK_CLOSURE,    /* a local of an enclosing function: not supported */
  NK_UNDEF,
} NameKind;

/* Computes scopes for every loaded module and reports scope errors. */
void scope_program(Program *P);
NameKind scope_lookup(const Program *P, const Scope *s, const char *name,
                      uint32_t *slot);
/* Where an assignment to `name` in scope s goes: NK_LOCAL, NK_GLOBAL or
 * NK_CLASSATTR. */
NameKind scope_store(const Scope *s, const char *name, uint32_t *slot);
/* Calls fn for every name that the statements bind (assignment, for,
 * except-as, import, def, class targets) and every name declared `global`
 * (then stmt is the GLOBAL node), not descending into def/class bodies.
 * `where` is the NAME, ALIAS or HANDLER node that binds. `module_level`
 * skips the body of `if __name__ == "__main__":`. */
typedef void (*BindFn)(void *ctx, const char *name, Node *stmt, Node *where);
void scope_bindings(Interner *I, NodeList body, bool module_level, BindFn fn,
                    void *ctx);
void scope_target_names(Node *target, BindFn fn, void *ctx, Node *stmt);
/* Follows SYM_MEMBER re-exports through user modules to the final Sym
 * (or NULL when the name is not statically known). */
const Sym *scope_global_sym(const Module *m, const char *name);

#endif
