/* graph.h — the one graph model every stage uses (ARCHITECTURE.md §1).
 *
 * A Graph has a start block (its inputs are the parameters), a return block
 * (one input, the returned value, no operations, no exits) and an except
 * block (two inputs: exception type and value). A Block has input variables,
 * a list of operations, an exit switch and exit Links:
 *   EXIT_NONE   exactly one exit (or none for return/except blocks)
 *   EXIT_VALUE  `exitswitch` is a variable; each exit's `exitcase` is the
 *               constant it matches (True/False for booleans)
 *   EXIT_RAISE  the last operation may raise: exits[0] is the normal path
 *               (exitcase NULL), each further exit has as exitcase the
 *               exception class it catches and defines `etype`/`evalue`,
 *               two fresh variables usable in its args
 * A Link passes `args` to the target's inputs (SSA by block arguments).
 * Values are Variables or Constants; each has one annotation slot (`ann`)
 * and one low-level-type slot (`ll`) for later stages. Every operation and
 * every Variable carries a source location.
 * All memory comes from the arena given to graph_new; nothing is freed
 * individually. */
#ifndef RT_GRAPH_H
#define RT_GRAPH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "diag.h"
#include "vec.h"

typedef enum HlOp {
#define HLOP(name, nargs, flags, meaning) HL_##name,
#include "hlops.def"
#undef HLOP
  HL_OP_COUNT
} HlOp;

enum { HL_PURE = 1, HL_CANRAISE = 2, HL_NORESULT = 4 };

typedef struct HlOpInfo {
  const char *name;
  int nargs;      /* -1: variadic */
  unsigned flags;
  const char *meaning;
} HlOpInfo;

extern const HlOpInfo hlop_info[HL_OP_COUNT];

typedef enum ValueKind { VAL_VAR, VAL_CONST } ValueKind;

typedef enum ConstKind {
  CONST_NONE,
  CONST_BOOL,     /* u.i: 0/1 */
  CONST_INT,      /* u.i */
  CONST_FLOAT,    /* u.f */
  CONST_STR,      /* u.s */
  CONST_BUILTIN,  /* u.ref.name: a built-in function, class or exception */
  CONST_FUNC,     /* u.ref: a function definition (p: frontend FuncInfo) */
  CONST_CLASS,    /* u.ref: a class definition (p: frontend ClassInfo) */
  CONST_MODULE,   /* u.ref: a module (p: frontend Module) */
  CONST_SHAPE,    /* u.shape: call shape of call_args */
  CONST_OBJ,      /* u.ref: a prebuilt object (later stages) */
  CONST_LLTYPE,   /* u.ref.p: an LLType* (malloc's type, cast targets) */
  CONST_LLFUNC,   /* u.ref.p: an LLFunc* (direct_call targets) */
  CONST_LLOBJ,    /* u.ref.p: an LLPrebuilt* (static data of rtyped graphs) */
  CONST_LLNULL,   /* a null pointer; the Value's ll slot gives its type */
} ConstKind;

typedef struct CallShape {
  uint32_t npos;          /* positional arguments */
  uint32_t nkw;           /* keyword arguments, after the positional ones */
  const char **kwnames;   /* interned */
} CallShape;

typedef struct Value {
  uint8_t kind;       /* ValueKind */
  uint8_t ckind;      /* ConstKind, for constants */
  uint32_t id;        /* variables: number unique in the graph */
  const char *name;   /* variables: source name it came from, or NULL */
  Loc loc;            /* variables: definition; constants: first use */
  union {
    int64_t i;
    double f;
    struct { const char *p; uint32_t len; } s;
    struct { void *p; const char *name; } ref;
    CallShape *shape;
  } u;
  void *ann;          /* annotation slot (annotator) */
  void *ll;           /* low-level type slot (rtyper) */
} Value;

typedef struct Op {
  uint16_t opc;       /* HlOp for flow graphs; later stages reuse the slot */
  uint32_t nargs;
  Value **args;
  Value *result;      /* always a Variable (None-valued for HL_NORESULT) */
  Loc loc;
} Op;

typedef enum ExitKind { EXIT_NONE, EXIT_VALUE, EXIT_RAISE } ExitKind;

typedef struct Block Block;

typedef struct Link {
  Block *prev;        /* source block */
  Block *target;
  uint32_t nargs;     /* == target->ninputs */
  Value **args;
  Value *exitcase;    /* constant matched (EXIT_VALUE / EXIT_RAISE) */
  Value *etype;       /* EXIT_RAISE exception links: caught type ... */
  Value *evalue;      /* ... and value, variables defined on this link */
} Link;

struct Block {
  uint32_t id;        /* number unique in the graph */
  uint32_t ninputs;
  Value **inputs;
  VEC(Op *) ops;
  uint8_t exitkind;   /* ExitKind */
  Value *exitswitch;  /* EXIT_VALUE: the tested variable */
  VEC(Link *) exits;
  Loc loc;            /* where the block's code starts, for dumps */
};

typedef struct Graph {
  const char *name;   /* qualified: "mod.func", "mod.Class.meth", "mod.<module>" */
  Loc loc;            /* the def line (module: start of file) */
  Block *start;       /* inputs are the parameters */
  Block *ret;         /* one input */
  Block *except;      /* two inputs: etype, evalue */
  Arena *arena;
  uint32_t next_var;  /* counters for ids */
  uint32_t next_block;
  void *func;         /* frontend FuncInfo / module, for later stages */
} Graph;

Graph *graph_new(Arena *A, const char *name, Loc loc);
Block *block_new(Graph *g, uint32_t ninputs, Loc loc);
Value *var_new(Graph *g, const char *name, Loc loc);

Value *const_none(Arena *A);
Value *const_bool(Arena *A, bool b);
Value *const_int(Arena *A, int64_t i);
Value *const_float(Arena *A, double f);
Value *const_str(Arena *A, const char *s, uint32_t len);
Value *const_ref(Arena *A, ConstKind kind, void *p, const char *name);
Value *const_shape(Arena *A, CallShape *shape);

/* Appends `result = opc(args)`; result may be NULL to get a fresh variable.
 * Returns the result. */
Value *block_add_op(Graph *g, Block *b, HlOp opc, uint32_t nargs,
                    Value **args, Value *result, Loc loc);
/* Adds an exit link from b to target; args are copied (nargs must equal
 * target->ninputs, or target may still be growing its inputs: checked by the
 * verifier, not here). */
Link *block_add_exit(Graph *g, Block *b, Block *target, uint32_t nargs,
                     Value **args, Value *exitcase);

/* Reachable blocks from start, in a stable depth-first preorder following
 * exits in order; the return and except blocks come last when reachable. */
typedef VEC(Block *) BlockList;
void graph_blocks(Graph *g, BlockList *out);  /* out grows in g->arena */
/* Same into a list allocated in A, with A as scratch memory (nothing is
 * allocated in g->arena). */
void graph_blocks_in(Graph *g, Arena *A, BlockList *out);

bool value_is_const(const Value *v);
/* Prints a value as dumps show it: v12, name_12, 42, 'str', None, ... */
void value_print(FILE *out, const Value *v);

#endif
