/* flowint.h — internals shared by the flow graph builder's files
 * (flowbuild.c: blocks, joins, names; flowexpr.c: expressions and
 * conditions; flowstmt.c: statements; flowrepair.c: block-input repair).
 *
 * The builder keeps a current block and an environment (one Value per local
 * slot: named locals first, then hidden slots for comprehension variables).
 * Control flow that merges collects Pendings (a link whose target is not
 * known yet, plus a snapshot of the environment) in a Join; starting the
 * join creates the block, with an input for each slot whose value differs
 * between the pendings. Loop headers are created up front with an input for
 * every slot the loop assigns (a Loop), and back edges link to them
 * directly. Values computed in one block and used in another (expression
 * temporaries across `and`/`or`/`if`-expressions, anything after a split at
 * a raising op inside `try`) are used directly; fg_repair then threads them
 * through block inputs. Envs and pendings live in a scratch arena freed
 * with the builder. */
#ifndef RT_FLOWINT_H
#define RT_FLOWINT_H

#include "flow.h"

enum { FB_MAX_DEPTH = 1000 };  /* expression nesting handled recursively */

typedef struct Pending {
  struct Pending *next;
  Link *link;          /* exit of its source block; target set at join start */
  Value **env;         /* snapshot of the environment */
  uint32_t nenv;
  Value *extra[2];     /* values for the join's leading inputs */
} Pending;

typedef struct Join {
  Pending *head, *tail;
  uint32_t count;
} Join;

typedef struct Loop {
  Block *header;       /* its inputs are the values of `slots` */
  uint32_t *slots;
  uint32_t n;
} Loop;

typedef enum FbKind { FB_LOOP, FB_TRY, FB_FINALLY, FB_HANDLER } FbKind;

/* Frame blocks, as in CPython's compiler: what break/continue/return and
 * exceptions must go through. */
typedef struct FBlock {
  struct FBlock *prev;
  uint8_t kind;          /* FbKind */
  Loop *loop;            /* FB_LOOP: continue target */
  Join *brk;             /* FB_LOOP: break target */
  Join *exc;             /* FB_TRY / FB_FINALLY: where exceptions go */
  const NodeList *final; /* FB_FINALLY: the body copied on each exit */
  Value *etype, *evalue; /* FB_HANDLER: the exception being handled */
} FBlock;

typedef struct CompVar { const char *name; uint32_t slot; } CompVar;

typedef struct FB {
  Program *P;
  Module *M;
  Graph *g;
  Arena *A;              /* the graph's arena */
  Arena scratch;         /* envs and pendings; freed by fb_free */
  Scope *scope;          /* current name scope (function, class or module) */
  Value *cls;            /* in a class body: the class object */
  Block *cur;            /* current block; NULL when unreachable */
  Value **env;           /* nslots values (NULL: undefined; &maybe) */
  const char **slotname; /* name of each slot, for block inputs */
  uint32_t nslots, cap;
  FBlock *top;           /* innermost frame block */
  VEC(CompVar) comp;     /* comprehension variables in scope (malloc) */
  Value maybe;           /* sentinel: defined on some paths only */
  Value *modconst;       /* the module as a constant */
  HMap consts;           /* name pointer -> its str / builtin constant */
  HMap reported;         /* hash of (location, message) -> 1 */
  Value *c_none, *c_bool[2]; /* shared constants of this graph */
  unsigned depth;        /* expression recursion depth */
  bool too_deep;         /* reported once */
} FB;

/* flowbuild.c */
void fb_init(FB *b, Program *P, Module *M, Graph *g, Scope *scope);
void fb_free(FB *b);
Value *fb_op(FB *b, HlOp op, uint32_t n, Value **args, Loc loc);
Value *fb_op1(FB *b, HlOp op, Value *a, Loc loc);
Value *fb_op2(FB *b, HlOp op, Value *a, Value *c, Loc loc);
Value *fb_op3(FB *b, HlOp op, Value *a, Value *c, Value *d, Loc loc);
Value *fb_none(FB *b);
Value *fb_bool(FB *b, bool v);
Value *fb_int(FB *b, int64_t v);
Value *fb_str(FB *b, const char *s);
Value *fb_builtin(FB *b, const char *name);
Value *fb_modconst(FB *b, Module *m, const char *dotted);
Link *fb_exit(FB *b);
void fb_pend(FB *b, Join *j, Link *l, Value *x0, Value *x1);
void fb_goto(FB *b, Join *j);
void fb_goto_x(FB *b, Join *j, Value *x);
bool fb_start(FB *b, Join *j, unsigned nextra, Value **extra);
void fb_branch(FB *b, Value *cond, Join *jf, Join *jt);
void fb_branch_x(FB *b, Value *cond, Join *jf, Value *xf, Join *jt, Value *xt);
Value *fb_next(FB *b, Value *it, Loc loc, Join *done);
void fb_loop_enter(FB *b, Loop *L, const uint8_t *assigned, uint32_t nassigned);
void fb_loop_back(FB *b, Loop *L);
Join *fb_exc_target(FB *b);
void fb_raise(FB *b, Value *etype, Value *evalue);
void fb_return(FB *b, Value *v);
uint32_t fb_slot_push(FB *b, const char *name);
void fb_slot_pop(FB *b, uint32_t to);
Value *fb_load(FB *b, const char *name, Loc loc);
void fb_store(FB *b, const char *name, Value *v, Loc loc);
bool fb_enter(FB *b, Loc loc);  /* expression depth check */
/* Reports an error once per graph and location (finally bodies are
 * compiled once per exit path). */
void fb_error(FB *b, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* flowexpr.c */
Value *fx_expr(FB *b, Node *e);
void fx_cond(FB *b, Node *e, Join *jt, Join *jf);
HlOp fx_binop(BinOp op, bool inplace);
void fx_slice(FB *b, Node *slice, Value **lo, Value **hi);

/* flowstmt.c */
void fs_body(FB *b, NodeList body);
void fs_assign(FB *b, Node *target, Value *v);
void fs_funcdef(FB *b, Node *s);

/* graph_blocks into a list presized in `A` (nothing left in the graph's
 * arena). */
void fg_blocks(Graph *g, Arena *A, BlockList *out);

/* flowrepair.c */
void fg_repair(Graph *g);

#endif
