/* ann.h — the annotator: whole-program type inference (ARCHITECTURE.md §3).
 *
 * Promise: ann_program() starts from the entry point with `argv: list of
 * str`, abstract-interprets the flow graphs over the lattice below to a
 * fixpoint, and leaves in every Value's `ann` slot of every reachable graph
 * its annotation (an `Ann *`; NULL for values never reached). It creates
 * one ClassDef per user class (plus the built-in exception hierarchy), one
 * ListDef/DictDef per list/dict creation site (merged union-find style when
 * two meet), one FuncDesc per function and one AnnGraph per annotated graph
 * (specializations are deep copies of the function's graph). Errors in the
 * program are diagnostics at the user's line (with notes saying where each
 * conflicting type came from) and ann_program() then returns false.
 *
 * The lattice (annotations are immutable, arena allocated, compared with
 * ann_eq; ann_union gives the least upper bound or NULL for a conflict):
 *   IMPOSSIBLE ⊑ everything; NONE ∪ (STR|LIST|DICT|INSTANCE|PBC|TYPE) adds
 *   "can be None"; INT (nonneg / unsigned), BOOL, FLOAT never unify with
 *   each other; CHAR ∪ STR = STR; LIST/DICT unify by merging their defs;
 *   TUPLE item-wise at equal arity; INSTANCE to the nearest common base
 *   (a conflict when only `object` is common); PBC by set union. A constant
 *   value (AF_CONST) survives a union only with an equal constant.
 *
 * Expects: fg_build_program has run without errors; the Program's arena
 * outlives the Annotator; one Annotator per translation (no globals). */
#ifndef RT_ANN_H
#define RT_ANN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../core/arena.h"
#include "../core/diag.h"
#include "../core/graph.h"
#include "../frontend/program.h"

typedef struct Annotator Annotator;
typedef struct Ann Ann;
typedef struct ListDef ListDef;
typedef struct DictDef DictDef;
typedef struct ClassDef ClassDef;
typedef struct Attr Attr;
typedef struct Desc Desc;
typedef struct FuncDesc FuncDesc;
typedef struct AnnGraph AnnGraph;
typedef struct BlockInfo BlockInfo;

typedef enum AnnKind {
  ANN_IMPOSSIBLE,  /* bottom: no value (yet) */
  ANN_NONE,
  ANN_BOOL,        /* u.ktd: what a true/false result says about a variable */
  ANN_INT,         /* AF_NONNEG, AF_UNSIGNED (r_uint) */
  ANN_FLOAT,
  ANN_CHAR,        /* a str of length 1 (never None) */
  ANN_STR,
  ANN_LIST,        /* u.list */
  ANN_DICT,        /* u.dict */
  ANN_TUPLE,       /* n items in u.items */
  ANN_INSTANCE,    /* u.cls */
  ANN_TYPE,        /* the class of an instance of u.cls (exception types) */
  ANN_PBC,         /* n descriptions in u.descs, sorted by id */
  ANN_BUILTIN,     /* u.bi: a built-in function, or a method bound to self */
  ANN_ITER,        /* sub: IterKind; u.it.a (and u.it.b for zip) */
  ANN_RANGE,       /* what range() returns; AF_NONNEG when items are >= 0 */
  ANN_SBUILDER,    /* rlib.rstring.StringBuilder instance */
  ANN_FILE,        /* what open() returns */
  ANN_KIND_COUNT
} AnnKind;

enum {
  AF_NONNEG = 1,    /* INT, RANGE: never negative */
  AF_UNSIGNED = 2,  /* INT: r_uint */
  AF_NULL = 4,      /* STR LIST DICT INSTANCE PBC TYPE: can be None */
  AF_CONST = 8,     /* c holds the value (BOOL INT FLOAT CHAR STR NONE) */
};

typedef enum IterKind {
  IT_LIST, IT_STR, IT_DICT, IT_RANGE, IT_ENUMERATE, IT_ZIP, IT_REVERSED,
  IT_TUPLE,
} IterKind;

/* On a BOOL: the tested condition narrows `var` to if_true / if_false on
 * the matching exit of a switch (isinstance, `is None`). `var2` (may be
 * NULL) is narrowed too (the exception value paired with its type). */
typedef struct KnownTypes {
  Value *var;
  Ann *if_true, *if_false;
  Value *var2;
  Ann *if_true2;
} KnownTypes;

struct Ann {
  uint8_t kind;      /* AnnKind */
  uint8_t flags;     /* AF_* */
  uint8_t sub;       /* ITER: IterKind */
  uint32_t n;        /* TUPLE: items; PBC: descs */
  Loc origin;        /* the op or constant that first produced this type */
  union {
    int64_t i;       /* BOOL, INT */
    double f;        /* FLOAT */
    struct { const char *p; uint32_t len; } s;  /* CHAR, STR */
  } c;               /* the constant value, when AF_CONST */
  union {
    ListDef *list;
    DictDef *dict;
    ClassDef *cls;
    Ann **items;
    Desc **descs;
    struct { uint16_t id; Ann *self; ClassDef *cls; } bi;  /* BiId */
    struct { Ann *a, *b; } it;
    KnownTypes *ktd;
  } u;
};

/* Dependencies: blocks to reflow when something they read generalizes. */
typedef struct Deps { VEC(BlockInfo *) v; } Deps;

/* A list creation site's shared description (union-find: use ann_listdef). */
struct ListDef {
  ListDef *parent;   /* union-find link; NULL for a root */
  uint32_t id;
  Ann *item;         /* IMPOSSIBLE while nothing was stored */
  bool resized;      /* append/pop/insert/extend/del/slice-assign/+= */
  bool mutated;      /* setitem, sort, reverse ... (or resized) */
  bool range;        /* made by list(range(...)) */
  const char *view;  /* "keys", "values", "items": may be what that dict
                        method returned (a view in Python 3), else NULL */
  Loc view_loc;      /* that call */
  Loc origin;
  Deps readers;
};

struct DictDef {
  DictDef *parent;
  uint32_t id;
  Ann *key, *value;
  Loc origin;
  Deps readers;
};

/* An attribute of a class: instance field and/or class-level value. */
struct Attr {
  const char *name;
  ClassDef *owner;
  Ann *s;            /* union of everything stored or defined */
  bool readonly;     /* never assigned on an instance */
  bool is_method;    /* a class-level function (s is a PBC of FuncDescs) */
  bool is_static;    /* @staticmethod */
  Loc first_read;    /* for "no attribute" errors */
  Loc def;           /* first write or class-body definition */
  Deps readers;
};

struct ClassDef {
  uint32_t id;
  const char *name;       /* qualified: "sieve.Sieve", "Exception" */
  const char *shortname;  /* "Sieve" */
  ClassDef *base;         /* NULL: directly under object */
  VEC(ClassDef *) subs;
  ClassInfo *info;        /* user class, else NULL (built-in exception) */
  Loc loc;
  bool seen;              /* instantiated or otherwise used at run time */
  bool is_exception;      /* BaseException or a subclass */
  uint32_t depth;
  VEC(Attr *) attrs;      /* in order of creation */
  VEC(const char *) immutable_fields;  /* `_immutable_fields_` as written */
  VEC(const char *) virtualizable;     /* `_virtualizable_` */
  Desc *desc;             /* its class description (PBC member) */
  Deps sub_readers;       /* lookups that include subclasses in use */
};

typedef enum DescKind { DESC_FUNC, DESC_CLASS, DESC_METHOD, DESC_MODULE,
                        DESC_FROZEN } DescKind;

enum { JF_ELIDABLE = 1, JF_UNROLL_SAFE = 2, JF_DONT_LOOK_INSIDE = 4,
       JF_LOOK_INSIDE = 8, JF_LOOK_INSIDE_IFF = 16, JF_PROMOTE = 32 };

typedef enum SpecKind { SPEC_NONE, SPEC_ARGTYPE, SPEC_ARG, SPEC_MEMO } SpecKind;

struct FuncDesc {
  FuncInfo *fi;
  Graph *graph;            /* the flow graph (specializations copy it) */
  uint32_t nparams;
  const char **pnames;
  Value **defaults;        /* per parameter, NULL when none */
  uint8_t spec;            /* SpecKind */
  uint32_t specmask;       /* SPEC_ARGTYPE / SPEC_ARG: bit per parameter */
  bool is_static;
  unsigned jitflags;       /* JF_* from rlib.jit decorators */
  VEC(AnnGraph *) graphs;  /* one per specialization (key in AnnGraph) */
  VEC(Desc *) methods;     /* DESC_METHOD descs made from it */
};

/* A frozen prebuilt object known to the annotator (JitDriver, ...). */
typedef struct FrozenDesc {
  uint8_t kind;                 /* FROZEN_JITDRIVER */
  VEC(const char *) greens;
  VEC(const char *) reds;       /* empty with reds_auto */
  bool reds_auto;
  bool is_recursive;
  VEC(const char *) virtualizables;
  Ann *get_printable_location;  /* NULL when not given */
  Loc loc;
  void *printable_llfunc;       /* its LLFunc, set by the rtyper */
} FrozenDesc;
enum { FROZEN_JITDRIVER };

struct Desc {
  uint32_t id;        /* creation order: PBC sets are sorted by it */
  uint8_t kind;       /* DescKind */
  const char *name;
  union {
    FuncDesc *func;
    ClassDef *cls;
    struct { Desc *func; ClassDef *self; bool direct; } meth;  /* direct: super() */
    Module *mod;
    FrozenDesc *frozen;
  } u;
};

/* One annotated graph: a function, or one specialization of it. */
struct AnnGraph {
  Graph *g;
  FuncDesc *fd;       /* NULL for none */
  const char *name;   /* "mod.f" or "mod.f[int]" */
  const char *key;    /* specialization key, or NULL */
  uint32_t order;     /* order of first reach (dumps) */
  BlockInfo *blocks;  /* indexed by Block.id */
  uint32_t nblocks;
  Deps callers;       /* reflowed when the return annotation grows */
};

/* ---- the annotator ------------------------------------------------------ */
typedef struct Prebuild Prebuild;
Annotator *ann_new(Program *P);
/* Module globals and CONST_OBJ constants then come from the prebuilt heap
 * (prebuild/prebuild.h); without it, a static scan of module-level code
 * resolves functions, classes, modules and constants only. */
void ann_use_prebuild(Annotator *AN, Prebuild *PB);
/* Annotates from the program's entry point; false after errors. */
bool ann_program(Annotator *AN);
/* Annotates from a given function (tests); args may be NULL for argv. */
bool ann_from_function(Annotator *AN, FuncInfo *fi, uint32_t nargs, Ann **args);

/* Results, for the rtyper and tests. */
Ann *ann_of(const Value *v);                     /* NULL: not annotated */
uint32_t ann_graph_count(const Annotator *AN);
AnnGraph *ann_graph_at(const Annotator *AN, uint32_t i);  /* reach order */
uint32_t ann_class_count(const Annotator *AN);
ClassDef *ann_class_at(const Annotator *AN, uint32_t i);
ClassDef *ann_classdef_of(Annotator *AN, ClassInfo *ci);
ListDef *ann_listdef(ListDef *ld);                /* the union-find root */
DictDef *ann_dictdef(DictDef *dd);
AnnGraph *ann_entry_graph(const Annotator *AN);
/* --dump=annotated (docs/annotator.md). `only` as for --dump-func. */
void ann_dump(FILE *out, Annotator *AN, const char *only);

/* ---- the lattice (also for tests) --------------------------------------- */
Ann *ann_new_kind(Annotator *AN, AnnKind k, Loc origin);
Ann *ann_impossible(void);
Ann *ann_none(Annotator *AN, Loc o);
Ann *ann_bool(Annotator *AN, Loc o);
Ann *ann_bool_const(Annotator *AN, bool b, Loc o);
Ann *ann_int(Annotator *AN, unsigned flags, Loc o);
Ann *ann_int_const(Annotator *AN, int64_t i, Loc o);
Ann *ann_float(Annotator *AN, Loc o);
Ann *ann_char(Annotator *AN, Loc o);
Ann *ann_str(Annotator *AN, bool can_be_none, Loc o);
Ann *ann_str_const(Annotator *AN, const char *s, uint32_t len, Loc o);
Ann *ann_list(Annotator *AN, ListDef *ld, Loc o);
Ann *ann_dict(Annotator *AN, DictDef *dd, Loc o);
Ann *ann_tuple(Annotator *AN, uint32_t n, Ann **items, Loc o);
Ann *ann_instance(Annotator *AN, ClassDef *cd, bool can_be_none, Loc o);
Ann *ann_pbc(Annotator *AN, Desc *d, Loc o);
ListDef *ann_listdef_new(Annotator *AN, Ann *item, Loc o);
DictDef *ann_dictdef_new(Annotator *AN, Ann *key, Ann *value, Loc o);
/* A user-less class for tests: name, base (NULL: object). */
ClassDef *ann_classdef_new(Annotator *AN, const char *name, ClassDef *base);
ClassDef *ann_builtin_class(Annotator *AN, const char *name);

bool ann_eq(const Ann *a, const Ann *b);
/* Least upper bound, or NULL for a conflict (ann_conflict says which pair
 * of nested annotations failed). May merge list/dict defs. */
Ann *ann_union(Annotator *AN, Ann *a, Ann *b);
/* Whether b adds nothing to a (a ∪ b == a). */
bool ann_contains(Annotator *AN, Ann *a, Ann *b);
void ann_conflict(const Annotator *AN, Ann **a, Ann **b, const char **what);
/* Text forms: "int", "list(int, resized)", "inst(sieve.Sieve)" (dumps) and
 * "int", "list of int", "instance of Sieve" (messages). */
void ann_print(FILE *out, const Ann *a);
const char *ann_describe(Annotator *AN, const Ann *a);
ClassDef *ann_common_base(ClassDef *a, ClassDef *b);
bool ann_is_subclass(const ClassDef *sub, const ClassDef *base);

#endif
