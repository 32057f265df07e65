/* annint.h — what the annotator's files share: the Annotator context, the
 * worklist's block records, the built-in table and the per-family rules.
 *
 * The engine (engine.c) owns the worklist and calls one rule per op kind
 * (unaryop.c, binaryop.c, containers.c, classes.c, calls.c); built-in
 * functions and methods are rows of annotator/builtins.def whose rules live
 * in builtin.c (functions) and containers.c (methods). Every rule returns
 * the result annotation, ann_impossible() to stop the block here (its value
 * is not known yet: the block is reflowed through a dependency), or reports
 * an error and returns ann_impossible() too. */
#ifndef RT_ANNINT_H
#define RT_ANNINT_H

#include "ann.h"
#include "../prebuild/prebuild.h"

typedef enum BiId {
#define ABI(id, qname, rule) BI_##id,
#include "builtins.def"
#undef ABI
  BI_COUNT
} BiId;

struct BlockInfo {
  Block *b;
  AnnGraph *ag;
  bool queued;
  bool reached;
  uint32_t npreds;  /* links into the block */
};

/* A use of a list that a dict view would not allow (ann_view_use): of
 * the value itself (VU_TOP), of it and every list, tuple and dict inside
 * it (VU_DEEP), or only of what is inside it (VU_ITEMS: `x in d.keys()`
 * is fine, `x in [d.keys()]` compares views). */
typedef enum ViewMode { VU_TOP, VU_DEEP, VU_ITEMS } ViewMode;
typedef struct ViewUse {
  Ann *a;
  Loc loc;
  const char *what;
  ViewMode mode;
} ViewUse;

/* The arguments of a call, once mapped to annotations. */
typedef struct Call {
  Op *op;
  Loc loc;
  Ann *self;          /* bound methods: the receiver (not in args) */
  uint32_t n;         /* positional */
  Ann **args;
  Value **vals;       /* the positional Values (for narrowing), may be NULL */
  uint32_t nkw;
  const char **kwnames;
  Ann **kw;
  const char *fname;  /* for messages */
} Call;

typedef Ann *(*BiRule)(Annotator *AN, Call *c, BiId id);

struct Annotator {
  Program *P;
  Arena *A;
  Diag *D;
  Interner *in;
  uint32_t next_def;          /* ids of list/dict/class defs */
  uint32_t next_desc;
  uint32_t next_order;
  VEC(AnnGraph *) graphs;     /* in reach order */
  VEC(ClassDef *) classes;    /* built-in exceptions first, then users */
  VEC(ListDef *) listdefs;
  VEC(DictDef *) dictdefs;
  VEC(Attr *) attrs_read;     /* attributes read, checked at the end */
  VEC(ViewUse) view_uses;     /* checked again after the fixpoint */
  VEC(Op *) none_uses;        /* getattr, getitem, setitem, delitem, iter
                                 seen on a variable that is None so far: an
                                 error only if it is still None at the end */
  bool none_final;            /* after the fixpoint: report them */
  HMap classmap;              /* ClassInfo* / interned builtin name -> ClassDef* */
  HMap funcmap;               /* FuncInfo* -> Desc* */
  HMap modmap;                /* Module* -> Desc* */
  HMap sites;                 /* Op* (+salt) -> ListDef* / DictDef* */
  HMap bimap;                 /* interned qualified name -> BiId + 1 */
  HMap globals;               /* Module* -> HMap* (name -> Ann*) */
  HMap defaults;              /* FuncInfo* -> make_function Op* */
  HMap reported;              /* Loc key -> 1: one error per place */
  VEC(BlockInfo *) queue;     /* worklist (FIFO) */
  uint32_t qhead;
  BlockInfo *cur;             /* the block being flowed */
  Op *curop;
  struct { Ann *a, *b; const char *what; } conflict;
  int udepth;                 /* ann_union nesting (conflict is reset at 0) */
  AnnGraph *entry;
  Prebuild *PB;               /* the prebuilt heap, when prebuild ran */
  HMap objmap;                /* PbObj* -> Ann* (prebuilt containers, instances) */
  bool scanned;               /* module graphs scanned for globals */
};

/* ---- engine.c ------------------------------------------------------------ */
Ann *ann_value(Annotator *AN, Value *v);        /* variable or constant */
void ann_dep_add(Annotator *AN, Deps *d);        /* the current block reads d */
void ann_deps_schedule(Annotator *AN, Deps *d);
void ann_schedule(Annotator *AN, BlockInfo *bi);
AnnGraph *ann_graph_info(Annotator *AN, Graph *g, FuncDesc *fd,
                         const char *name, const char *key);
/* Unions s into the input variable v; reports a conflict at loc with the
 * subject printf(fmt, a, b) ("variable '%s'"; fmt NULL: silently keeps the
 * old annotation). Returns true when v's annotation grew. */
bool ann_generalize_var(Annotator *AN, Value *v, Ann *s, Loc loc,
                        const char *fmt, const char *a, const char *b);
/* Reports "SUBJECT cannot be both A and B" with notes at the origins. */
void ann_report_conflict(Annotator *AN, Loc loc, const char *subject,
                         Ann *a, Ann *b);
/* An error at loc, once per place; true when it was printed (notes may
 * follow). */
bool ann_error(Annotator *AN, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool ann_is_const_true(const Ann *a);

/* ---- lattice.c ----------------------------------------------------------- */
Ann *ann_copy(Annotator *AN, const Ann *a);
Ann *ann_with_origin(Annotator *AN, Ann *a, Loc o);
Ann *ann_nonnull(Annotator *AN, Ann *a);        /* without AF_NULL */
Ann *ann_noconst(Annotator *AN, Ann *a);        /* without the constant */
bool ann_nullable_kind(AnnKind k);
const char *ann_kind_word(const Ann *a);        /* "int", "str", ... */

/* ---- defs.c -------------------------------------------------------------- */
bool ann_listdef_generalize(Annotator *AN, ListDef *ld, Ann *s, Loc loc);
void ann_listdef_resize(Annotator *AN, ListDef *ld);
void ann_listdef_mutate(Annotator *AN, ListDef *ld);
Ann *ann_listdef_read(Annotator *AN, ListDef *ld);
bool ann_listdef_merge(Annotator *AN, ListDef *a, ListDef *b);
bool ann_dictdef_generalize(Annotator *AN, DictDef *dd, Ann *k, Ann *v, Loc loc);
Ann *ann_dictdef_key(Annotator *AN, DictDef *dd);
Ann *ann_dictdef_value(Annotator *AN, DictDef *dd);
bool ann_dictdef_merge(Annotator *AN, DictDef *a, DictDef *b);
Ann *ann_listdef_lookup(Annotator *AN, ListDef *ld, Ann *x, Loc loc);
Ann *ann_dictdef_lookup(Annotator *AN, DictDef *dd, Ann *k, Loc loc);
ListDef *ann_site_listdef(Annotator *AN, Op *op, unsigned salt, Ann *item);
DictDef *ann_site_dictdef(Annotator *AN, Op *op, unsigned salt);
void ann_classes_init(Annotator *AN);
ClassDef *ann_classdef_user(Annotator *AN, ClassInfo *ci, ClassDef *base);
Attr *ann_attr_find(ClassDef *cd, const char *name);   /* in cd only */
Attr *ann_attr_lookup(ClassDef *cd, const char *name); /* cd and bases */
Attr *ann_attr_get(Annotator *AN, ClassDef *cd, const char *name);
void ann_attr_set(Annotator *AN, ClassDef *cd, const char *name, Ann *s,
                  Loc loc, bool classlevel);
void ann_class_seen(Annotator *AN, ClassDef *cd);
Desc *ann_func_desc(Annotator *AN, FuncInfo *fi);
Desc *ann_method_desc(Annotator *AN, Desc *func, ClassDef *self, bool direct);
Desc *ann_module_desc(Annotator *AN, Module *m);
Desc *ann_frozen_desc(Annotator *AN, FrozenDesc *fz, const char *name);

/* ---- consts.c ------------------------------------------------------------ */
Ann *ann_of_const(Annotator *AN, Value *c, Loc o);
Ann *ann_of_dyn(Annotator *AN, Dyn d, Loc o);
Ann *ann_global(Annotator *AN, Module *m, const char *name, Loc loc);
Ann *ann_module_member(Annotator *AN, Module *m, const char *name, Loc loc);
Ann *ann_builtin_named(Annotator *AN, const char *qname, Loc o);
void ann_scan_modules(Annotator *AN);

/* ---- rules (one per op kind; files by family) ---------------------------- */
typedef Ann *(*OpRule)(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_arith(Annotator *AN, Op *op, Ann **args);     /* binaryop.c */
Ann *ann_rule_compare(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_is(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_contains(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_unary(Annotator *AN, Op *op, Ann **args);     /* unaryop.c */
Ann *ann_rule_truth(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_iter(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_next(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_type(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_exc_instance(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_newlist(Annotator *AN, Op *op, Ann **args);   /* containers.c */
Ann *ann_rule_newdict(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_newtuple(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_getitem(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_setitem(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_delitem(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_getslice(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_setslice(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_delslice(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_getattr(Annotator *AN, Op *op, Ann **args);   /* classes.c */
Ann *ann_rule_setattr(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_exception_match(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_call(Annotator *AN, Op *op, Ann **args);      /* calls.c */
Ann *ann_rule_getglobal(Annotator *AN, Op *op, Ann **args); /* consts.c */
Ann *ann_rule_setglobal(Annotator *AN, Op *op, Ann **args);
Ann *ann_rule_module_only(Annotator *AN, Op *op, Ann **args);

/* calls.c */
Ann *ann_call(Annotator *AN, Call *c, Ann *callee);
Ann *ann_call_func(Annotator *AN, Call *c, Desc *fd, Ann *self);
Graph *ann_graph_copy(Arena *A, Graph *g, const char *name);

/* classes.c */
Ann *ann_instantiate(Annotator *AN, Call *c, ClassDef *cd);
Ann *ann_isinstance(Annotator *AN, Call *c);
Ann *ann_getattr(Annotator *AN, Ann *obj, const char *name, Loc loc);
bool ann_str_of_ok(Annotator *AN, Ann *a, Loc loc, const char *what);

/* builtin.c */
void ann_builtins_init(Annotator *AN);
Ann *ann_builtin_call(Annotator *AN, Call *c, BiId id);
Ann *ann_builtin(Annotator *AN, BiId id, Ann *self, Loc o);
const char *ann_builtin_name(BiId id);
Ann *ann_method_of(Annotator *AN, Ann *self, const char *name, Loc loc);
/* containers.c: str/list/dict/StringBuilder methods. */
Ann *ann_method_call(Annotator *AN, Call *c, BiId id);
Ann *ann_iter_item(Annotator *AN, Ann *it, Loc loc);
Ann *ann_len_of(Annotator *AN, Ann *a, Loc loc);
/* `what` (e.g. "printing") of a: false, after an error, when a may be a
 * dict view (or hold one: ViewMode); ann_check_view_uses repeats the
 * checks after the fixpoint, when merges may have marked more lists. */
bool ann_view_use(Annotator *AN, Ann *a, Loc loc, const char *what, ViewMode mode);
void ann_check_view_uses(Annotator *AN);

#endif
