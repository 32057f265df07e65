/* ast.h — the abstract syntax tree of an RL module.
 *
 * Promise: the parser builds a tree of Nodes in the translation arena; every
 * node carries a Loc (file id, byte range) covering the whole construct.
 * Identifiers and attribute names are interned (compare with ==). Python
 * constructs outside RL are diagnosed by the parser and never appear here.
 * String literals hold bytes 0..255 (escapes decoded, adjacent literals
 * concatenated) and may contain NULs, so they carry a length.
 * Integer literals are already range-checked (a decimal literal up to 2**63
 * is kept as INT64_MIN with `big` set so that only unary minus accepts it;
 * hex/octal/binary literals up to 2**64-1 wrap as intmask would).
 * Expects: the arena outlives all uses of the tree. */
#ifndef RT_AST_H
#define RT_AST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../core/diag.h"

#define AST_KINDS(X)                                                       \
  /* expressions */                                                        \
  X(NAME)      /* u.name */                                                \
  X(INT)       /* u.num */                                                 \
  X(FLOAT)     /* u.fnum */                                                \
  X(STR)       /* u.str */                                                 \
  X(NONE)                                                                  \
  X(TRUE)                                                                  \
  X(FALSE)                                                                 \
  X(BINOP)     /* u.bin, op: BinOp */                                      \
  X(UNARYOP)   /* u.unary, op: UnaryOp */                                  \
  X(BOOLOP)    /* u.bin, op: BOOL_AND / BOOL_OR (left-assoc binary) */     \
  X(COMPARE)   /* u.cmp: left op0 c0 op1 c1 ... */                         \
  X(IFEXP)     /* u.ifexp */                                               \
  X(CALL)      /* u.call */                                                \
  X(ATTR)      /* u.attr */                                                \
  X(SUBSCRIPT) /* u.sub: value[index]; index may be a SLICE */             \
  X(SLICE)     /* u.slice; only as a SUBSCRIPT index */                    \
  X(LIST)      /* u.seq */                                                 \
  X(TUPLE)     /* u.seq; also bare `a, b` and `()` */                      \
  X(DICT)      /* u.dict */                                                \
  X(LISTCOMP)  /* u.comp */                                                \
  /* parts */                                                              \
  X(COMPREHENSION) /* u.gen: for target in iter if ifs... */               \
  X(KEYWORD)   /* u.kw: name=value in a call */                            \
  X(PARAM)     /* u.param */                                               \
  X(HANDLER)   /* u.handler: except [type [as name]]: body */              \
  X(ALIAS)     /* u.alias: dotted.name [as asname] */                      \
  /* statements */                                                         \
  X(EXPR_STMT) /* u.expr */                                                \
  X(ASSIGN)    /* u.assign: t1 = t2 = ... = value */                       \
  X(AUGASSIGN) /* u.aug, op: BinOp */                                      \
  X(IF)        /* u.if_ (elif is a nested IF alone in orelse) */           \
  X(WHILE)     /* u.if_ */                                                 \
  X(FOR)       /* u.for_ */                                                \
  X(BREAK)                                                                 \
  X(CONTINUE)                                                              \
  X(RETURN)    /* u.expr (value may be NULL) */                            \
  X(PASS)                                                                  \
  X(RAISE)     /* u.raise (exc may be NULL: bare raise) */                 \
  X(TRY)       /* u.try_ */                                                \
  X(ASSERT)    /* u.assert_ */                                             \
  X(GLOBAL)    /* u.names: NAME nodes */                                   \
  X(DEL)       /* u.names: target expressions */                           \
  X(IMPORT)    /* u.names: ALIAS nodes */                                  \
  X(IMPORTFROM)/* u.importfrom */                                          \
  X(FUNCDEF)   /* u.func */                                                \
  X(CLASSDEF)  /* u.cls */                                                 \
  X(MODULE)    /* u.module */

typedef enum AstKind {
#define AST_ENUM(k) AST_##k,
  AST_KINDS(AST_ENUM)
#undef AST_ENUM
  AST_KIND_COUNT
} AstKind;

/* Binary operators (BINOP and AUGASSIGN). Order is relied on by dumps only. */
#define AST_BINOPS(X)                                                      \
  X(ADD, "+") X(SUB, "-") X(MUL, "*") X(DIV, "/") X(FLOORDIV, "//")          \
  X(MOD, "%") X(POW, "**") X(LSHIFT, "<<") X(RSHIFT, ">>")                 \
  X(BITAND, "&") X(BITOR, "|") X(BITXOR, "^")

typedef enum BinOp {
#define AST_BINOP_ENUM(k, s) BIN_##k,
  AST_BINOPS(AST_BINOP_ENUM)
#undef AST_BINOP_ENUM
  BIN_COUNT
} BinOp;

typedef enum UnaryOp { UN_NEG, UN_POS, UN_INVERT, UN_NOT } UnaryOp;
typedef enum BoolOpKind { BOOL_AND, BOOL_OR } BoolOpKind;

/* Comparison operators of a COMPARE chain. */
#define AST_CMPOPS(X)                                                      \
  X(LT, "<") X(LE, "<=") X(EQ, "==") X(NE, "!=") X(GT, ">") X(GE, ">=")      \
  X(IS, "is") X(ISNOT, "is not") X(IN, "in") X(NOTIN, "not in")

typedef enum CmpOp {
#define AST_CMPOP_ENUM(k, s) CMP_##k,
  AST_CMPOPS(AST_CMPOP_ENUM)
#undef AST_CMPOP_ENUM
  CMP_COUNT
} CmpOp;

typedef enum ParamKind {
  PARAM_PLAIN,    /* name or name=default */
  PARAM_STAR,     /* *name   (only accepted later for `target`) */
  PARAM_DSTAR,    /* **name  (only accepted later for `target`) */
} ParamKind;

typedef struct Node Node;

typedef struct NodeList {
  Node **items;
  uint32_t len;
} NodeList;

struct Node {
  uint16_t kind;  /* AstKind */
  uint16_t op;    /* BinOp / UnaryOp / BoolOpKind, by kind */
  Loc loc;        /* whole construct */
  union {
    struct { const char *id; } name;
    struct { int64_t v; bool big; } num;   /* big: decimal 2**63 */
    struct { double v; } fnum;
    struct { const char *s; uint32_t len; } str;
    struct { Node *left, *right; } bin;
    struct { Node *operand; } unary;
    struct {
      Node *left;
      NodeList comparators;
      uint8_t *ops;                       /* CmpOp, one per comparator */
    } cmp;
    struct { Node *test, *body, *orelse; } ifexp;
    struct { Node *func; NodeList args, keywords; } call;
    struct { Node *value; const char *attr; Loc attr_loc; } attr;
    struct { Node *value, *index; } sub;
    struct { Node *lower, *upper, *step; } slice;  /* each may be NULL */
    struct { NodeList elts; } seq;
    struct { NodeList keys, values; } dict;
    struct { Node *elt; NodeList gens; } comp;
    struct { Node *target, *iter; NodeList ifs; } gen;
    struct { const char *arg; Node *value; } kw;
    struct { const char *name; Node *dflt; uint8_t pkind; } param;
    struct { Node *type; const char *name; Loc name_loc; NodeList body; } handler;
    struct { const char *name; const char *asname; } alias;  /* name dotted */
    struct { Node *value; } expr;
    struct { NodeList targets; Node *value; } assign;
    struct { Node *target, *value; } aug;
    struct { Node *test; NodeList body, orelse; } if_;
    struct { Node *target, *iter; NodeList body, orelse; } for_;
    struct { Node *exc, *cause; } raise;
    struct { NodeList body, handlers, orelse, finalbody; } try_;
    struct { Node *test, *msg; } assert_;
    struct { NodeList items; } names;
    struct {
      const char *module;   /* dotted name, interned */
      Loc module_loc;
      NodeList names;       /* ALIAS nodes */
    } importfrom;
    struct {
      const char *name;
      Loc name_loc;
      NodeList params;      /* PARAM nodes */
      NodeList body;
      NodeList decorators;  /* expressions */
    } func;
    struct {
      const char *name;
      Loc name_loc;
      Node *base;           /* NULL when no base is given */
      NodeList body;
      NodeList decorators;
    } cls;
    struct { NodeList body; } module;
  } u;
};

const char *ast_kind_name(AstKind k);
const char *ast_binop_symbol(BinOp op);
const char *ast_cmpop_symbol(CmpOp op);

/* --dump=ast: an indented, stable tree, one node per line with its
 * line:col-line:col range. */
void ast_dump(FILE *out, SourceMgr *sm, const Node *module);

#endif
