/* rtyint.h — internals shared by the rtyper's files: the RTyper context,
 * representations, class data, and the emit helpers every op family uses.
 * repr.c chooses reprs; rtyper.c walks graphs, blocks and links; rtconst.c
 * converts constants and the prebuilt heap; llbuild.c builds helper graphs;
 * rtops.c numbers and comparisons; rtcall.c calls, built-ins, classes and
 * exceptions; rtstr.c strings and formatting; rtlist.c lists, tuples,
 * ranges and iterators; rtdump.c --dump=rtyped. */
#ifndef RT_RTYINT_H
#define RT_RTYINT_H

#include <stdint.h>

#include "../annotator/annint.h"
#include "../core/intern.h"
#include "rtyper.h"

typedef enum ReprKind {
  RK_VOID, RK_BOOL, RK_INT, RK_UINT, RK_FLOAT, RK_CHAR, RK_STR, RK_LIST,
  RK_DICT, RK_TUPLE, RK_INST, RK_CLASS, RK_FUNCS, RK_ITER, RK_RANGE,
  RK_SBUILDER, RK_FILE,
} ReprKind;

typedef struct ClassR ClassR;

struct Repr {
  uint8_t kind;        /* ReprKind */
  bool fixed;          /* RK_LIST: a GcArray (never resized) */
  LLType *ll;          /* type of a value */
  LLType *s;           /* struct or array pointed to (NULL: not a pointer) */
  LLType *arr;         /* RK_LIST: the items GcArray */
  Repr *item;          /* LIST, ITER: item; DICT: key */
  Repr *value;         /* DICT */
  Repr **items;        /* TUPLE */
  uint32_t n;
  ClassR *cls;         /* INST, CLASS */
  Repr *cont;          /* ITER: the container's repr */
  uint8_t itkind;      /* ITER: IterKind */
  Desc **descs;        /* FUNCS: the functions */
  LLType *kops_t;      /* DICT with tuple keys: Struct keyops (hash, eq, repr) */
  LLPrebuilt *kops;    /* ... and its static instance, made at first use */
};

/* A field or vtable slot of a class. */
typedef struct ClassSlot {
  const char *name;    /* attribute name */
  const char *fname;   /* field name in the struct */
  Repr *r;
  ClassR *owner;
} ClassSlot;

/* A method slot of a vtable, filled when rtyping is over. */
typedef struct PendingSlot {
  LLPrebuilt *vtable;
  uint32_t field;
  ClassR *cls;
  ClassR *owner;       /* the slot is owner->slots.data[index] (the vector */
  unsigned index;      /* may move while classes are being filled) */
} PendingSlot;

struct ClassR {
  ClassDef *cd;
  ClassR *base;
  int64_t id_min, id_max;     /* preorder id, one past the subtree */
  LLType *inst, *inst_ptr;    /* GcStruct of instances */
  LLType *vt, *vt_ptr;        /* Struct of the vtable */
  LLPrebuilt *vtable;
  VEC(ClassSlot) fields;      /* own instance fields (parents' come first) */
  VEC(ClassSlot) slots;       /* own vtable slots (methods, class attrs) */
  bool filled, filling;
  Repr *rinst;                /* the instance repr */
};

typedef struct RTyper {
  Program *P;
  Annotator *AN;
  Prebuild *PB;
  Arena *A;
  Interner *I;
  Diag *D;
  LLTypes L;
  LLFixed F;
  Repr *r_void, *r_bool, *r_int, *r_uint, *r_float, *r_char, *r_str;
  HMap lists, dicts, classes, funcs, objs, strs, helpers, rths;
  HMap ovfops;
  HMap read_slots;            /* interned method names read from a vtable */
  bool classes_ready;         /* fields and slots of every class collected */                /* Op* of add/sub/mul/neg under ovfcheck */
  VEC(Repr *) tuples;
  VEC(Repr *) misc;           /* iter/range/funcs reprs, searched linearly */
  VEC(ClassR *) allclasses;   /* in preorder */
  VEC(LLFunc *) graphs;       /* every ll graph, program then helpers */
  VEC(BeExport) exports;
  LLFunc *entry;
  LLPrebuilt *stopiter;       /* the prebuilt StopIteration instance */
  VEC(PendingSlot) pending_slots;
  /* the op being rewritten */
  Graph *g;
  VEC(Op *) ops;
  LLType *cur_result;         /* indirect calls: the call's result type */
  unsigned op_start;          /* R->ops.len when the current op began */
  Loc loc;
  uint32_t nerrors;
} RTyper;

/* ---- repr.c ---------------------------------------------------------- */
Repr *rty_repr(RTyper *R, Ann *a);
Repr *rty_vrepr(RTyper *R, Value *v);       /* of a value's annotation */
Repr *rty_list_repr(RTyper *R, Repr *item, bool fixed);
LLType *rty_struct(RTyper *R, const char *name, bool gc, uint32_t n,
                   const char **names, LLType **types);
const char *rty_name(RTyper *R, const char *s);   /* interned */
void rty_error(RTyper *R, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- rtclass.c ------------------------------------------------------- */
void rty_classes_init(RTyper *R);
void rty_classes_layout(RTyper *R);
ClassR *rty_class(RTyper *R, ClassDef *cd);
ClassR *rty_class_named(RTyper *R, const char *builtin_name);
const ClassSlot *rty_class_field(RTyper *R, ClassR *c, const char *attr);
/* A vtable slot; records that its name is read (only method slots whose
 * name some code reads point at their functions, so that LLVM may drop
 * methods it inlined everywhere). */
const ClassSlot *rty_class_vslot(RTyper *R, ClassR *c, const char *attr);
/* Fills the method slots of every vtable (at the end of rtyping). */
void rty_fill_method_slots(RTyper *R);
Value *rty_vtable_const(RTyper *R, ClassR *c);
/* The class-level value of `name` (interned) in c or a base, or NULL. */
Dyn *rty_class_value(RTyper *R, ClassR *c, const char *name);

/* ---- rtconst.c ------------------------------------------------------- */
/* The constant c (a graph constant) in representation r. */
Value *rty_const(RTyper *R, Value *c, Repr *r);
Value *rty_cint(RTyper *R, int64_t i);
Value *rty_cbool(RTyper *R, bool b);
Value *rty_cchar(RTyper *R, int c);
Value *rty_cfloat(RTyper *R, double f);
Value *rty_cvoid(RTyper *R);
Value *rty_cnull(RTyper *R, LLType *ptr);
Value *rty_cname(RTyper *R, const char *field);   /* a field-name operand */
Value *rty_ctype(RTyper *R, LLType *t);
Value *rty_cfunc(RTyper *R, LLFunc *f);
Value *rty_ccallee(RTyper *R, LLFunc *f);
Value *rty_cobj(RTyper *R, LLPrebuilt *o, LLType *ptr);
Value *rty_cstr(RTyper *R, const char *s, uint32_t len);  /* prebuilt str */
LLPrebuilt *rty_prebuilt_str(RTyper *R, const char *s, uint32_t len);
Value *rty_dyn_const(RTyper *R, Dyn d, Repr *r, Loc loc);
Value *rty_ann_const(RTyper *R, Ann *a, Repr *r);   /* rtcall.c */

/* ---- rtyper.c: emitting into the current block ----------------------- */
Value *rty_emit(RTyper *R, LLOp opc, LLType *rt, uint32_t n, Value **args);
Value *rty_op0(RTyper *R, LLOp opc, LLType *rt);
Value *rty_op1(RTyper *R, LLOp opc, LLType *rt, Value *a);
Value *rty_op2(RTyper *R, LLOp opc, LLType *rt, Value *a, Value *b);
Value *rty_op3(RTyper *R, LLOp opc, LLType *rt, Value *a, Value *b, Value *c);
Value *rty_call(RTyper *R, LLFunc *f, uint32_t n, Value **args);
Value *rty_getfield(RTyper *R, Value *p, const char *field, LLType *t);
void rty_setfield(RTyper *R, Value *p, const char *field, Value *x);
/* Converts v from repr `from` to repr `to` (same_as when they agree). */
Value *rty_convert(RTyper *R, Value *v, Repr *from, Repr *to);
Dyn *rty_field_default(RTyper *R, ClassR *c, const char *name);   /* rtcall.c */
/* Makes v (or a copy) the result of the high-level op being rewritten. */
void rty_done(RTyper *R, Op *op, Value *v);
/* An argument of the op in the representation of its annotation. */
Value *rty_arg(RTyper *R, Op *op, uint32_t i);
Repr *rty_argr(RTyper *R, Op *op, uint32_t i);
/* The graph's LLFunc (declared on first use). */
LLFunc *rty_graph_func(RTyper *R, AnnGraph *ag);
LLFunc *rty_graph_func_of(RTyper *R, Graph *g);

/* ---- helpers --------------------------------------------------------- */
typedef enum RthId {
#define RTH(id, sym, sig, fx, meaning) RTH_##id,
#include "rthelpers.def"
#undef RTH
  RTH_COUNT
} RthId;
LLFunc *rty_rth(RTyper *R, RthId id);
Value *rty_rcall(RTyper *R, RthId id, uint32_t n, Value **args);

/* ---- llbuild.c: helper graphs ----------------------------------------- */
typedef struct LB {
  RTyper *R;
  LLFunc *f;
  Graph *g;
  Block *cur;
  struct LBRty *rty;   /* set between lb_rty_begin and lb_rty_end */
} LB;
/* Looks up helper `name` (interned key); NULL when it must be built. */
LLFunc *lb_cached(RTyper *R, const char *name);
LB lb_begin(RTyper *R, const char *name, LLType *res, uint32_t n,
            LLType **params, unsigned effects);
LLFunc *lb_end(LB *b);
Value *lb_arg(LB *b, uint32_t i);
Value *lb_op(LB *b, LLOp opc, LLType *rt, uint32_t n, Value **args);
Value *lb_op1(LB *b, LLOp opc, LLType *rt, Value *a);
Value *lb_op2(LB *b, LLOp opc, LLType *rt, Value *x, Value *y);
Value *lb_op3(LB *b, LLOp opc, LLType *rt, Value *x, Value *y, Value *z);
Value *lb_call(LB *b, LLFunc *f, uint32_t n, Value **args);
void lb_return(LB *b, Value *v);
/* if (cond) { then-part is current } : returns the else block */
Block *lb_if(LB *b, Value *cond);
void lb_goto(LB *b, Block *to);
/* A block with inputs of the given types; lb_jump links cur to it. */
Block *lb_block(LB *b, uint32_t n, LLType **types);
void lb_jump(LB *b, Block *to, uint32_t n, Value **args);
void lb_at(LB *b, Block *blk);      /* continue emitting in blk */
/* Unless `ok`, raise a new `exc` (built-in class name) with message. */
void lb_check(LB *b, Value *ok, const char *exc, const char *msg);
/* The index i of a sequence of length n (n >= 0), negative counting from
 * the end, checked: IndexError(msg). One unsigned compare on the common
 * path (0 <= i < n); negative indexes take a second block. */
Value *lb_checked_index(LB *b, Value *i, Value *n, const char *msg);
/* Raises the prebuilt/new exception instance `inst` of class c. */
void lb_raise(LB *b, Value *vtable, Value *inst);
/* Calls the runtime to raise built-in exc(msg) (StopIteration: prebuilt). */
void lb_raise_builtin(LB *b, const char *exc, const char *msg);
Value *lb_zero(RTyper *R, LLType *t);      /* 0, 0.0, False, NULL ... */
/* The rtyper's own emitters (rty_op*, rty_call, rty_eq ...) into helper
 * b: between lb_rty_begin and lb_rty_end their ops go to b's current
 * block, in order with the builder's own (the rtyper's state is saved). */
void lb_rty_begin(LB *b);
void lb_rty_end(LB *b);
/* Gives up a helper being built (ends lb_rty_begin): lb_cached forgets
 * it, and it is never emitted. */
void lb_abandon(LB *b);
LLFunc *rty_raise_helper(RTyper *R, const char *exc, const char *msg);

/* ---- op families ------------------------------------------------------ */
bool rty_num_op(RTyper *R, Op *op);           /* rtops.c */
void rty_mark_ovf(RTyper *R, Graph *g);        /* rtops.c */
bool rty_call_op(RTyper *R, Op *op);          /* rtcall.c */
bool rty_attr_op(RTyper *R, Op *op);          /* rtcall.c */
bool rty_str_op(RTyper *R, Op *op);           /* rtstr.c */
bool rty_builtin_call(RTyper *R, Op *op, Ann *f, uint32_t first);  /* rtcall.c */
bool rty_container_op(RTyper *R, Op *op);     /* rtlist.c */
bool rty_str_builtin(RTyper *R, Op *op, BiId id, Value *self, uint32_t n,
                     Value **args);           /* rtstr.c */
bool rty_list_builtin(RTyper *R, Op *op, BiId id, Value *self, uint32_t n,
                      Value **args);          /* rtlist.c */
Value *rty_to_str(RTyper *R, Value *v, Repr *r, bool repr);   /* rtstr.c */
void rty_print(RTyper *R, Op *op, uint32_t first);            /* rtstr.c */
Value *rty_str_none_aware(RTyper *R, Value *v, Repr *r, Ann *a);  /* rtstr.c */
Value *rty_len(RTyper *R, Value *v, Repr *r);                 /* rtlist.c */
/* In a helper graph: a list's items array (a fixed-size list is its
 * array) and its length, for lists of repr r. */
Value *rty_lb_list_items(LB *b, Repr *r, Value *l);           /* rtlist.c */
Value *rty_lb_list_length(LB *b, Repr *r, Value *l);          /* rtlist.c */
Value *rty_list_items(RTyper *R, Repr *r, Value *l);          /* rtlist.c */
Value *rty_new_instance(RTyper *R, ClassR *c);                /* rtcall.c */
Value *rty_truth(RTyper *R, Value *v, Repr *r);               /* rtops.c */
Value *rty_eq(RTyper *R, Value *a, Repr *ra, Value *b, Repr *rb, bool ne);

#endif
