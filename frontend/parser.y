/* parser.y — the RL grammar: tokens of the layout filter to the AST.
 *
 * The grammar follows Python 3.9's (Grammar/Grammar), made LALR(1): list
 * nonterminals are left-recursive so that the parser stack stays shallow on
 * long lists and chains; assignment targets are parsed as expressions and
 * checked afterwards. Python constructs outside RL (lambda, yield, with,
 * set literals, star-arguments, annotations, ...) are parsed and then
 * diagnosed "<construct> is not supported in RL"; the tree gets a harmless
 * placeholder (a NAME "<error>" for an expression, a PASS for a statement).
 *
 * Depth: each node records (in a hidden header before it) the depth of its
 * subtree; a node deeper than AST_MAX_DEPTH is diagnosed once per line and
 * replaced by a placeholder, so later recursive passes are bounded. Bracket
 * and prefix-operator nesting is limited earlier by the layout filter, and
 * the parser stack by YYMAXDEPTH.
 *
 * Errors: syntax errors are reported by yyreport_syntax_error with the
 * expected tokens (LAC makes them exact); `error` productions at statement
 * level (skip to the end of the line, and past an indented block that
 * follows) and inside brackets let one run report several errors. A syntax
 * error on a line where the scanner or the layout filter already reported
 * one is not reported again. */

%code top {
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define YYMAXDEPTH 20000
}

%code requires {
#include "frontend/lex.h"
typedef struct Parser Parser;
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                \
  do {                                                             \
    if (N) {                                                       \
      (Cur).start = YYRHSLOC(Rhs, 1).start;                        \
      (Cur).end = YYRHSLOC(Rhs, N).end;                            \
    } else {                                                       \
      (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;              \
    }                                                              \
  } while (0)
}

%code {
#include "frontend/layout.h"
#include "frontend/parse.h"

enum {
  AST_MAX_DEPTH = 1000,  /* deepest subtree the parser builds */
  NODE_HDR = 8,          /* hidden header before each node: its depth */
};

struct Parser {
  Arena *A;
  Interner *I;
  Diag *D;
  uint32_t file;
  Layout lay;
  uint32_t tok_lline;      /* logical line of the last token read */
  bool depth_err;          /* "too deeply nested" said on depth_lline */
  uint32_t depth_lline;
  const char *err_id;      /* "<error>": the id of placeholder names */
  const char *s_metaclass;
  Node *module;
  /* A syntax error inside a bracket opened on an earlier line is held back
   * (CPython 3.10 does the same): if the bracket never closes, "'(' was
   * never closed" is the whole story; if it closes, the error is given. */
  bool held;
  int held_depth;          /* reported once the depth drops below this */
  Loc held_loc;
  char held_msg[160];
};

static int yylex(YYSTYPE *lval, YYLTYPE *lloc, Parser *P);
static void yyerror(YYLTYPE *lloc, Parser *P, const char *msg);

static Loc L_(Parser *P, RlLoc l) { return loc_make(P->file, l.start, l.end); }

static void perr(Parser *P, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void perr(Parser *P, Loc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fe_verror(P->D, loc, fmt, ap);
  va_end(ap);
}

static uint32_t *depth_of(const Node *n) {
  return (uint32_t *)(void *)((char *)n - NODE_HDR);
}

static Node *mk(Parser *P, AstKind k, RlLoc l) {
  char *mem = arena_alloc(P->A, NODE_HDR + sizeof(Node));
  Node *n = (Node *)(void *)(mem + NODE_HDR);
  n->kind = (uint16_t)k;
  n->loc = L_(P, l);
  *depth_of(n) = 1;
  return n;
}

static Node *mk_at(Parser *P, AstKind k, Loc loc) {
  return mk(P, k, (RlLoc){loc.start, loc.end});
}

static Node *placeholder(Parser *P, Loc loc) {
  Node *n = mk_at(P, AST_NAME, loc);
  n->u.name.id = P->err_id;
  return n;
}

static bool is_placeholder(Parser *P, const Node *n) {
  return n->kind == AST_NAME && n->u.name.id == P->err_id;
}

static Node *unsupported(Parser *P, Loc loc, const char *what) {
  perr(P, loc, "%s not supported in RL", what);
  return placeholder(P, loc);
}

static void lpush(Parser *P, NodeList *l, Node *n) {
  uint32_t len = l->len;
  if (len == 0 || (len >= 4 && (len & (len - 1)) == 0)) {
    uint32_t cap = len == 0 ? 4 : len * 2;
    Node **items = arena_alloc_array(P->A, cap, sizeof *items);
    if (len) memcpy(items, l->items, len * sizeof *items);
    l->items = items;
  }
  l->items[l->len++] = n;
}

/* Comma lists and comparison tails are passed up by pointer (the token
 * value union stays small, which keeps the parser stacks cheap to copy). */
static SeqLit *seq_new(Parser *P) { return arena_alloc(P->A, sizeof(SeqLit)); }
static CmpLit *cmp_new(Parser *P) { return arena_alloc(P->A, sizeof(CmpLit)); }

static NodeList list1(Parser *P, Node *n) {
  NodeList l = {0};
  lpush(P, &l, n);
  return l;
}

static void lcat(Parser *P, NodeList *l, const NodeList *m) {
  for (uint32_t i = 0; i < m->len; i++) lpush(P, l, m->items[i]);
}

/* ---- depth ------------------------------------------------------------- */

static uint32_t dmax(uint32_t d, const Node *n) {
  return n && *depth_of(n) > d ? *depth_of(n) : d;
}

static uint32_t dmax_list(uint32_t d, const NodeList *l) {
  for (uint32_t i = 0; i < l->len; i++) d = dmax(d, l->items[i]);
  return d;
}

static uint32_t kids_depth(const Node *n) {
  uint32_t d = 0;
  switch ((AstKind)n->kind) {
  case AST_BINOP: case AST_BOOLOP:
    return dmax(dmax(d, n->u.bin.left), n->u.bin.right);
  case AST_UNARYOP: return dmax(d, n->u.unary.operand);
  case AST_COMPARE:
    return dmax_list(dmax(d, n->u.cmp.left), &n->u.cmp.comparators);
  case AST_IFEXP:
    return dmax(dmax(dmax(d, n->u.ifexp.test), n->u.ifexp.body),
                n->u.ifexp.orelse);
  case AST_CALL:
    d = dmax_list(dmax(d, n->u.call.func), &n->u.call.args);
    return dmax_list(d, &n->u.call.keywords);
  case AST_ATTR: return dmax(d, n->u.attr.value);
  case AST_SUBSCRIPT: return dmax(dmax(d, n->u.sub.value), n->u.sub.index);
  case AST_SLICE:
    return dmax(dmax(dmax(d, n->u.slice.lower), n->u.slice.upper),
                n->u.slice.step);
  case AST_LIST: case AST_TUPLE: return dmax_list(d, &n->u.seq.elts);
  case AST_DICT:
    return dmax_list(dmax_list(d, &n->u.dict.keys), &n->u.dict.values);
  case AST_LISTCOMP: return dmax_list(dmax(d, n->u.comp.elt), &n->u.comp.gens);
  case AST_COMPREHENSION:
    return dmax_list(dmax(dmax(d, n->u.gen.target), n->u.gen.iter),
                     &n->u.gen.ifs);
  case AST_KEYWORD: return dmax(d, n->u.kw.value);
  case AST_PARAM: return dmax(d, n->u.param.dflt);
  case AST_HANDLER:
    return dmax_list(dmax(d, n->u.handler.type), &n->u.handler.body);
  case AST_EXPR_STMT: case AST_RETURN: return dmax(d, n->u.expr.value);
  case AST_ASSIGN:
    return dmax(dmax_list(d, &n->u.assign.targets), n->u.assign.value);
  case AST_AUGASSIGN: return dmax(dmax(d, n->u.aug.target), n->u.aug.value);
  case AST_IF: case AST_WHILE:
    d = dmax_list(dmax(d, n->u.if_.test), &n->u.if_.body);
    return dmax_list(d, &n->u.if_.orelse);
  case AST_FOR:
    d = dmax(dmax(d, n->u.for_.target), n->u.for_.iter);
    return dmax_list(dmax_list(d, &n->u.for_.body), &n->u.for_.orelse);
  case AST_RAISE: return dmax(dmax(d, n->u.raise.exc), n->u.raise.cause);
  case AST_TRY:
    d = dmax_list(dmax_list(d, &n->u.try_.body), &n->u.try_.handlers);
    return dmax_list(dmax_list(d, &n->u.try_.orelse), &n->u.try_.finalbody);
  case AST_ASSERT: return dmax(dmax(d, n->u.assert_.test), n->u.assert_.msg);
  case AST_GLOBAL: case AST_DEL: case AST_IMPORT:
    return dmax_list(d, &n->u.names.items);
  case AST_IMPORTFROM: return dmax_list(d, &n->u.importfrom.names);
  case AST_FUNCDEF:
    d = dmax_list(dmax_list(d, &n->u.func.params), &n->u.func.body);
    return dmax_list(d, &n->u.func.decorators);
  case AST_CLASSDEF:
    d = dmax_list(dmax(d, n->u.cls.base), &n->u.cls.body);
    return dmax_list(d, &n->u.cls.decorators);
  case AST_MODULE: return dmax_list(d, &n->u.module.body);
  default: return 0;
  }
}

static bool is_stmt_kind(AstKind k) { return k >= AST_EXPR_STMT; }

/* Finishes a node: its depth, and the placeholder when too deep. */
static Node *fin(Parser *P, Node *n) {
  uint32_t d = 1 + kids_depth(n);
  *depth_of(n) = d;
  if (d <= AST_MAX_DEPTH) return n;
  bool stmt = is_stmt_kind((AstKind)n->kind);
  if (!(P->depth_err && P->depth_lline == P->tok_lline) &&
      !lay_suppressed(&P->lay, P->tok_lline))
    perr(P, n->loc, stmt ? "too many nested blocks or elif branches (limit is %d)"
                         : "expression too deeply nested (limit is %d)",
         AST_MAX_DEPTH);
  P->depth_err = true;
  P->depth_lline = P->tok_lline;
  return stmt ? mk_at(P, AST_PASS, n->loc) : placeholder(P, n->loc);
}

/* ---- expressions ------------------------------------------------------- */

static Node *chk_big(Parser *P, Node *n) {
  if (n->kind == AST_INT && n->u.num.big) {
    perr(P, n->loc, "integer literal is too large for 64 bits");
    n->u.num.big = false;
  }
  return n;
}

static Node *mk_num(Parser *P, NumLit v, RlLoc l) {
  Node *n;
  if (v.is_float) {
    n = mk(P, AST_FLOAT, l);
    n->u.fnum.v = v.f;
  } else {
    n = mk(P, AST_INT, l);
    n->u.num.v = v.i;
    n->u.num.big = v.big;
  }
  return n;
}

static Node *mk_binop(Parser *P, int op, Node *a, Node *b, RlLoc l) {
  Node *n = mk(P, AST_BINOP, l);
  n->op = (uint16_t)op;
  n->u.bin.left = chk_big(P, a);
  n->u.bin.right = chk_big(P, b);
  return fin(P, n);
}

static Node *mk_boolop(Parser *P, int op, Node *a, Node *b, RlLoc l) {
  Node *n = mk(P, AST_BOOLOP, l);
  n->op = (uint16_t)op;
  n->u.bin.left = a;
  n->u.bin.right = b;
  return fin(P, n);
}

static Node *mk_unary(Parser *P, int op, Node *a, RlLoc l) {
  if (op == UN_NEG && a->kind == AST_INT && a->u.num.big) {
    a->u.num.big = false;  /* -2**63: the literal is INT64_MIN already */
    a->loc = L_(P, l);
    return a;
  }
  Node *n = mk(P, AST_UNARYOP, l);
  n->op = (uint16_t)op;
  n->u.unary.operand = chk_big(P, a);
  return fin(P, n);
}

static Node *mk_seq(Parser *P, AstKind k, NodeList elts, RlLoc l) {
  Node *n = mk(P, k, l);
  n->u.seq.elts = elts;
  return fin(P, n);
}

/* `a` or `a, b` in a statement: one expression, or a TUPLE. */
static Node *seq_expr(Parser *P, SeqLit *s, RlLoc l) {
  if (s->items.len == 1 && !s->comma) return s->items.items[0];
  return mk_seq(P, AST_TUPLE, s->items, l);
}

static Node *mk_attr(Parser *P, Node *v, const char *name, RlLoc nl, RlLoc l) {
  Node *n = mk(P, AST_ATTR, l);
  n->u.attr.value = chk_big(P, v);
  n->u.attr.attr = name;
  n->u.attr.attr_loc = L_(P, nl);
  return fin(P, n);
}

static Node *mk_call(Parser *P, Node *f, NodeList *args, RlLoc l) {
  Node *n = mk(P, AST_CALL, l);
  n->u.call.func = chk_big(P, f);
  bool kw = false;
  for (uint32_t i = 0; i < args->len; i++) {
    Node *a = args->items[i];
    if (a->kind == AST_KEYWORD) {
      for (uint32_t j = 0; j < n->u.call.keywords.len; j++)
        if (n->u.call.keywords.items[j]->u.kw.arg == a->u.kw.arg)
          perr(P, a->loc, "keyword argument repeated: %s", a->u.kw.arg);
      lpush(P, &n->u.call.keywords, a);
      kw = true;
    } else {
      if (kw && !is_placeholder(P, a))
        perr(P, a->loc, "positional argument follows keyword argument");
      lpush(P, &n->u.call.args, a);
    }
  }
  return fin(P, n);
}

static Node *mk_keyword(Parser *P, Node *name, Node *value, RlLoc l) {
  if (name->kind != AST_NAME) {
    perr(P, name->loc, "expression cannot contain assignment, perhaps you "
                       "meant \"==\"?");
    return placeholder(P, L_(P, l));
  }
  Node *n = mk(P, AST_KEYWORD, l);
  n->u.kw.arg = name->u.name.id;
  n->u.kw.value = value;
  return fin(P, n);
}

static Node *mk_subscript(Parser *P, Node *v, SeqLit *s, RlLoc l) {
  Node *idx;
  if (s->items.len == 1 && !s->comma) {
    idx = s->items.items[0];
  } else {
    for (uint32_t i = 0; i < s->items.len; i++)
      if (s->items.items[i]->kind == AST_SLICE) {
        perr(P, s->items.items[i]->loc,
             "slices in a tuple subscript are not supported in RL");
        s->items.items[i] = placeholder(P, s->items.items[i]->loc);
      }
    RlLoc il = {s->items.items[0]->loc.start,
                s->items.items[s->items.len - 1]->loc.end};
    idx = mk_seq(P, AST_TUPLE, s->items, il);
  }
  Node *n = mk(P, AST_SUBSCRIPT, l);
  n->u.sub.value = chk_big(P, v);
  n->u.sub.index = idx;
  return fin(P, n);
}

static Node *mk_slice(Parser *P, Node *lo, Node *hi, Node *step, RlLoc l) {
  Node *n = mk(P, AST_SLICE, l);
  n->u.slice.lower = lo;
  n->u.slice.upper = hi;
  n->u.slice.step = step;
  return fin(P, n);
}

static Node *mk_compare(Parser *P, Node *left, CmpLit *c, RlLoc l) {
  Node *n = mk(P, AST_COMPARE, l);
  n->u.cmp.left = left;
  n->u.cmp.comparators = c->comparators;
  n->u.cmp.ops = c->ops;
  return fin(P, n);
}

static void cmp_push(Parser *P, CmpLit *c, int op, Node *e) {
  uint32_t len = c->comparators.len;
  if (len == 0 || (len >= 4 && (len & (len - 1)) == 0)) {
    uint8_t *ops = arena_alloc(P->A, len == 0 ? 4 : (size_t)len * 2);
    if (len) memcpy(ops, c->ops, len);
    c->ops = ops;
  }
  c->ops[len] = (uint8_t)op;
  lpush(P, &c->comparators, e);
}

static Node *mk_str(Parser *P, StrLit s, RlLoc l) {
  Node *n = mk(P, AST_STR, l);
  n->u.str.s = s.s ? s.s : "";
  n->u.str.len = s.len;
  return n;
}

/* Adjacent literals: amortized doubling, so many pieces stay linear. */
static StrLit str_cat(Parser *P, StrLit a, StrLit b) {
  if (b.len == 0) return a;
  if (a.len == 0) return b;
  if ((uint64_t)a.len + b.len > UINT32_MAX / 2) rt_oom();
  if (a.cap < a.len + b.len) {
    uint32_t cap = a.cap * 2 > a.len + b.len ? a.cap * 2 : a.len + b.len;
    char *s = arena_alloc(P->A, cap);
    memcpy(s, a.s, a.len);
    a.s = s;
    a.cap = cap;
  }
  memcpy(a.s + a.len, b.s, b.len);
  a.len += b.len;
  return a;
}

static Node *mk_gen(Parser *P, Node *target, Node *iter, RlLoc l) {
  Node *n = mk(P, AST_COMPREHENSION, l);
  n->u.gen.target = target;
  n->u.gen.iter = iter;
  return n;  /* finished when its ifs are complete */
}

static void fin_gens(Parser *P, NodeList *gens) {
  for (uint32_t i = 0; i < gens->len; i++) gens->items[i] = fin(P, gens->items[i]);
}

static Node *mk_comp(Parser *P, SeqLit *s, RlLoc l, const char *what) {
  if (what) return unsupported(P, L_(P, l), what);
  fin_gens(P, &s->gens);
  Node *n = mk(P, AST_LISTCOMP, l);
  n->u.comp.elt = s->items.items[0];
  n->u.comp.gens = s->gens;
  return fin(P, n);
}

static const char *describe(const Node *n) {
  switch ((AstKind)n->kind) {
  case AST_CALL: return "function call";
  case AST_INT: case AST_FLOAT: case AST_STR: return "literal";
  case AST_NONE: return "None";
  case AST_TRUE: return "True";
  case AST_FALSE: return "False";
  case AST_COMPARE: return "comparison";
  case AST_IFEXP: return "conditional expression";
  case AST_DICT: return "dict literal";
  case AST_LISTCOMP: return "list comprehension";
  case AST_BOOLOP: case AST_BINOP: case AST_UNARYOP: return "expression";
  default: return "expression";
  }
}

enum { TGT_ASSIGN, TGT_DEL, TGT_FOR, TGT_AUG };

/* Checks an assignment/del/for target; returns false after an error. */
static bool check_target(Parser *P, Node *t, int ctx) {
  switch ((AstKind)t->kind) {
  case AST_NAME: case AST_ATTR: case AST_SUBSCRIPT: return true;
  case AST_TUPLE: case AST_LIST:
    if (ctx == TGT_AUG) {
      perr(P, t->loc, "'%s' is an illegal expression for augmented assignment",
           t->kind == AST_TUPLE ? "tuple" : "list");
      return false;
    }
    for (uint32_t i = 0; i < t->u.seq.elts.len; i++)
      if (!check_target(P, t->u.seq.elts.items[i], ctx)) return false;
    return true;
  default:
    if (ctx == TGT_DEL) perr(P, t->loc, "cannot delete %s", describe(t));
    else if (ctx == TGT_AUG)
      perr(P, t->loc, "'%s' is an illegal expression for augmented assignment",
           describe(t));
    else perr(P, t->loc, "cannot assign to %s", describe(t));
    return false;
  }
}

/* ---- statements -------------------------------------------------------- */

static Node *mk_expr_stmt(Parser *P, AstKind k, Node *v, RlLoc l) {
  Node *n = mk(P, k, l);
  n->u.expr.value = v;
  return fin(P, n);
}

static Node *mk_assign(Parser *P, NodeList *chain, RlLoc l) {
  Node *n = mk(P, AST_ASSIGN, l);
  for (uint32_t i = 0; i + 1 < chain->len; i++) {
    check_target(P, chain->items[i], TGT_ASSIGN);
    lpush(P, &n->u.assign.targets, chain->items[i]);
  }
  n->u.assign.value = chain->items[chain->len - 1];
  return fin(P, n);
}

static Node *mk_aug(Parser *P, Node *t, int op, Node *v, RlLoc l) {
  check_target(P, t, TGT_AUG);
  if (op < 0) {
    perr(P, L_(P, l), "the matrix multiplication operator '@=' is not "
                      "supported in RL");
    op = BIN_MUL;
  }
  Node *n = mk(P, AST_AUGASSIGN, l);
  n->op = (uint16_t)op;
  n->u.aug.target = t;
  n->u.aug.value = v;
  return fin(P, n);
}

static Node *mk_name(Parser *P, const char *id, RlLoc l) {
  Node *n = mk(P, AST_NAME, l);
  n->u.name.id = id;
  return n;
}

static Node *mk_if(Parser *P, AstKind k, Node *test, NodeList body, RlLoc l) {
  Node *n = mk(P, k, l);
  n->u.if_.test = test;
  n->u.if_.body = body;
  return n;
}

/* Links the elif clauses into nested IFs, innermost first. */
static Node *mk_if_chain(Parser *P, Node *first, NodeList *elifs,
                         NodeList orelse, RlLoc l) {
  for (uint32_t i = elifs->len; i-- > 0;) {
    Node *e = elifs->items[i];
    e->u.if_.orelse = orelse;
    e->loc.end = l.end;
    orelse = list1(P, fin(P, e));
  }
  first->u.if_.orelse = orelse;
  first->loc = L_(P, l);
  return fin(P, first);
}

/* PARAM nodes with pkind 3 stand for a `/`, STAR ones without a name for a
 * bare `*`: both are diagnosed and dropped here. */
enum { PARAM_SLASH_MARK = 3 };

static NodeList check_params(Parser *P, NodeList *ps) {
  NodeList out = {0};
  bool dflt = false, star = false, dstar = false, bare = false;
  for (uint32_t i = 0; i < ps->len; i++) {
    Node *p = ps->items[i];
    if (p->u.param.pkind == PARAM_SLASH_MARK) {
      perr(P, p->loc, "positional-only parameters ('/') are not supported in RL");
      continue;
    }
    if (dstar) {
      perr(P, p->loc, "parameters cannot follow the '**' parameter");
      continue;
    }
    if (p->u.param.pkind == PARAM_STAR) {
      if (star) {
        perr(P, p->loc, "'*' can appear only once in a parameter list");
        continue;
      }
      star = true;
      if (!p->u.param.name) {
        bare = true;
        perr(P, p->loc, "keyword-only parameters (after a bare '*') are not "
                        "supported in RL");
        continue;
      }
    } else if (p->u.param.pkind == PARAM_DSTAR) {
      dstar = true;
    } else if (star) {
      if (!bare)
        perr(P, p->loc, "keyword-only parameters (after '*args') are not "
                        "supported in RL");
      continue;
    } else if (p->u.param.dflt) {
      dflt = true;
    } else if (dflt) {
      perr(P, p->loc, "non-default argument follows default argument");
    }
    for (uint32_t j = 0; j < out.len; j++)
      if (out.items[j]->u.param.name == p->u.param.name)
        perr(P, p->loc, "duplicate argument '%s' in function definition",
             p->u.param.name);
    lpush(P, &out, p);
  }
  return out;
}

static Node *mk_param(Parser *P, int pkind, const char *name, Node *dflt,
                      Node *annot, RlLoc l) {
  if (annot) perr(P, annot->loc, "annotations are not supported in RL");
  Node *n = mk(P, AST_PARAM, l);
  n->u.param.pkind = (uint8_t)pkind;
  n->u.param.name = name;
  n->u.param.dflt = dflt;
  return fin(P, n);
}

/* A decorator must be a dotted name, optionally called. */
static Node *check_decorator(Parser *P, Node *d) {
  Node *e = d->kind == AST_CALL ? d->u.call.func : d;
  while (e->kind == AST_ATTR) e = e->u.attr.value;
  if (e->kind != AST_NAME) {
    perr(P, d->loc, "decorators other than a dotted name, optionally called, "
                    "are not supported in RL");
    return placeholder(P, d->loc);
  }
  return d;
}

static Node *mk_class(Parser *P, const char *name, RlLoc nl, NodeList *args,
                      NodeList body, RlLoc l) {
  Node *n = mk(P, AST_CLASSDEF, l);
  n->u.cls.name = name;
  n->u.cls.name_loc = L_(P, nl);
  n->u.cls.body = body;
  for (uint32_t i = 0; args && i < args->len; i++) {
    Node *a = args->items[i];
    if (a->kind == AST_KEYWORD) {
      if (a->u.kw.arg == P->s_metaclass)
        perr(P, a->loc, "metaclasses are not supported in RL");
      else
        perr(P, a->loc, "class keyword arguments are not supported in RL");
    } else if (n->u.cls.base && !is_placeholder(P, a)) {
      perr(P, a->loc, "multiple inheritance is not supported in RL");
    } else if (!n->u.cls.base) {
      n->u.cls.base = a;
    }
  }
  return fin(P, n);
}

static Node *mk_func(Parser *P, const char *name, RlLoc nl, NodeList *params,
                     NodeList body, RlLoc l) {
  Node *n = mk(P, AST_FUNCDEF, l);
  n->u.func.name = name;
  n->u.func.name_loc = L_(P, nl);
  n->u.func.params = check_params(P, params);
  n->u.func.body = body;
  return fin(P, n);
}

static Node *decorate(Parser *P, NodeList *decos, Node *def, RlLoc l) {
  if (def->kind == AST_FUNCDEF) def->u.func.decorators = *decos;
  else if (def->kind == AST_CLASSDEF) def->u.cls.decorators = *decos;
  else return def;
  def->loc = L_(P, l);
  return fin(P, def);
}

static Node *mk_handler(Parser *P, Node *type, const char *name, RlLoc nl,
                        NodeList body, RlLoc l) {
  Node *n = mk(P, AST_HANDLER, l);
  n->u.handler.type = type;
  n->u.handler.name = name;
  n->u.handler.name_loc = L_(P, nl);
  n->u.handler.body = body;
  return fin(P, n);
}

static Node *mk_try(Parser *P, NodeList body, NodeList *handlers,
                    NodeList orelse, NodeList fin_, RlLoc l) {
  Node *n = mk(P, AST_TRY, l);
  n->u.try_.body = body;
  if (handlers) {
    n->u.try_.handlers = *handlers;
    for (uint32_t i = 0; i + 1 < handlers->len; i++)
      if (!handlers->items[i]->u.handler.type)
        perr(P, handlers->items[i]->loc, "default 'except:' must be last");
  }
  n->u.try_.orelse = orelse;
  n->u.try_.finalbody = fin_;
  return fin(P, n);
}

static Node *mk_alias(Parser *P, StrLit name, const char *as, RlLoc l) {
  Node *n = mk(P, AST_ALIAS, l);
  n->u.alias.name = intern(P->I, name.s, name.len);
  n->u.alias.asname = as;
  return n;
}

static StrLit dotted1(Parser *P, const char *id) {
  size_t len = strlen(id);
  StrLit s = {arena_alloc(P->A, len), (uint32_t)len, (uint32_t)len};
  memcpy(s.s, id, len);
  return s;
}

static StrLit dotted_add(Parser *P, StrLit s, const char *id) {
  StrLit dot = {(char *)".", 1, 1};
  return str_cat(P, str_cat(P, s, dot), dotted1(P, id));
}
}

%define api.pure full
%define api.token.prefix {T_}
%define api.location.type {RlLoc}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {Parser *P}

%union {
  Node *node;
  NodeList list;
  const char *name;
  StrLit str;
  NumLit num;
  SeqLit *seq;
  CmpLit *cmp;
  int op;
}

%token <name> NAME "name"
%token <num> NUMBER "number"
%token <str> STRING "string"
%token NEWLINE "end of line"
%token INDENT "indent"
%token DEDENT "unindent"
%token LPAR "(" RPAR ")" LSQB "[" RSQB "]" LBRACE "{" RBRACE "}"
%token COLON ":" COMMA "," SEMI ";" DOT "." ELLIPSIS "..."
%token PLUS "+" MINUS "-" STAR "*" SLASH "/" DOUBLESLASH "//" PERCENT "%"
%token DOUBLESTAR "**" AT "@" VBAR "|" AMPER "&" CIRCUMFLEX "^" TILDE "~"
%token LEFTSHIFT "<<" RIGHTSHIFT ">>"
%token LESS "<" GREATER ">" EQEQUAL "==" NOTEQUAL "!=" LESSEQUAL "<="
%token GREATEREQUAL ">=" EQUAL "=" RARROW "->" COLONEQUAL ":="
%token PLUSEQUAL "+=" MINEQUAL "-=" STAREQUAL "*=" SLASHEQUAL "/="
%token DOUBLESLASHEQUAL "//=" PERCENTEQUAL "%=" ATEQUAL "@=" AMPEREQUAL "&="
%token VBAREQUAL "|=" CIRCUMFLEXEQUAL "^=" RIGHTSHIFTEQUAL ">>="
%token LEFTSHIFTEQUAL "<<=" DOUBLESTAREQUAL "**="
%token FALSE "False" NONE "None" TRUE "True" AND "and" AS "as"
%token ASSERT "assert" ASYNC "async" AWAIT "await" BREAK "break"
%token CLASS "class" CONTINUE "continue" DEF "def" DEL "del" ELIF "elif"
%token ELSE "else" EXCEPT "except" FINALLY "finally" FOR "for" FROM "from"
%token GLOBAL "global" IF "if" IMPORT "import" IN "in" IS "is"
%token LAMBDA "lambda" NONLOCAL "nonlocal" NOT "not" OR "or" PASS "pass"
%token RAISE "raise" RETURN "return" TRY "try" WHILE "while" WITH "with"
%token YIELD "yield"

%type <list> stmts simple_stmts small_list suite else_opt finally_opt elifs
%type <list> handlers params parameters call_args arglist decorators
%type <list> name_list dotted_as_names import_names import_targets
%type <list> assign_chain
%type <node> small_stmt compound_stmt expr_stmt rhs testlist_star
%type <node> test test_nocond namedexpr_test or_test
%type <node> expr await_expr primary star_expr test_or_star
%type <node> named_or_star expr_or_star yield_expr lambdef lambdef_nocond
%type <node> argument subscript opt_test comp_for param decorator
%type <node> funcdef classdef if_stmt while_stmt for_stmt try_stmt
%type <node> handler import_stmt dotted_as_name import_name ret_annot
%type <node> with_stmt async_stmt decorated
%type <seq> tls_items exprlist el_items testlist_comp tc_items subscripts
%type <seq> comp_clauses dict_items set_items
%type <cmp> comp_chain
%type <str> strings dotted_name
%type <op> augassign comp_op from_dots

%left "or"
%left "and"
%precedence "not"
%left "|"
%left "^"
%left "&"
%left "<<" ">>"
%left "+" "-"
%left "*" "/" "//" "%" "@"
%precedence UNARY
%precedence "**"

%%

file_input
  : stmts { P->module = mk(P, AST_MODULE, (RlLoc){0, P->lay.lx.len});
            P->module->u.module.body = $1;
            (void)yynerrs; }
  ;

stmts
  : %empty                            { $$ = (NodeList){0}; }
  | stmts simple_stmts                { $$ = $1; lcat(P, &$$, &$2); }
  | stmts compound_stmt               { $$ = $1; lpush(P, &$$, $2); }
  | stmts error NEWLINE               { $$ = $1; yyerrok; }
  | stmts error NEWLINE INDENT stmts DEDENT { $$ = $1; yyerrok; }
  ;

simple_stmts
  : small_list NEWLINE                { $$ = $1; @$ = @1; }
  | small_list ";" NEWLINE            { $$ = $1; @$ = @1; }
  ;

small_list
  : small_stmt                        { $$ = list1(P, $1); }
  | small_list ";" small_stmt         { $$ = $1; lpush(P, &$$, $3); }
  ;

suite
  : simple_stmts                      { $$ = $1; }
  | NEWLINE INDENT stmts DEDENT       { $$ = $3; @$ = @3; }
  ;

small_stmt
  : expr_stmt
  | "pass"                            { $$ = mk(P, AST_PASS, @$); }
  | "break"                           { $$ = mk(P, AST_BREAK, @$); }
  | "continue"                        { $$ = mk(P, AST_CONTINUE, @$); }
  | "return"                          { $$ = mk_expr_stmt(P, AST_RETURN, NULL, @$); }
  | "return" testlist_star            { $$ = mk_expr_stmt(P, AST_RETURN, $2, @$); }
  | "raise"                           { $$ = mk(P, AST_RAISE, @$); }
  | "raise" test                      { $$ = mk(P, AST_RAISE, @$);
                                        $$->u.raise.exc = $2; $$ = fin(P, $$); }
  | "raise" test "from" test          { perr(P, L_(P, @3), "raise ... from is not supported in RL");
                                        $$ = mk(P, AST_RAISE, @$);
                                        $$->u.raise.exc = $2; $$ = fin(P, $$); }
  | "global" name_list                { $$ = mk(P, AST_GLOBAL, @$);
                                        $$->u.names.items = $2; }
  | "nonlocal" name_list              { perr(P, L_(P, @1), "nonlocal is not supported in RL");
                                        $$ = mk(P, AST_PASS, @$); }
  | "del" exprlist                    { $$ = mk(P, AST_DEL, @$);
                                        for (uint32_t i = 0; i < $2->items.len; i++)
                                          check_target(P, $2->items.items[i], TGT_DEL);
                                        $$->u.names.items = $2->items; $$ = fin(P, $$); }
  | "assert" test                     { $$ = mk(P, AST_ASSERT, @$);
                                        $$->u.assert_.test = $2; $$ = fin(P, $$); }
  | "assert" test "," test            { $$ = mk(P, AST_ASSERT, @$);
                                        $$->u.assert_.test = $2; $$->u.assert_.msg = $4;
                                        $$ = fin(P, $$); }
  | import_stmt
  ;

expr_stmt
  : testlist_star                     { $$ = mk_expr_stmt(P, AST_EXPR_STMT, $1, @$); }
  | yield_expr                        { $$ = mk_expr_stmt(P, AST_EXPR_STMT, $1, @$); }
  | assign_chain                      { $$ = mk_assign(P, &$1, @$); }
  | testlist_star augassign rhs       { $$ = mk_aug(P, $1, $2, $3, @$); }
  | testlist_star ":" test            { perr(P, $3->loc, "annotations are not supported in RL");
                                        $$ = mk(P, AST_PASS, @$); }
  | testlist_star ":" test "=" rhs    { perr(P, $3->loc, "annotations are not supported in RL");
                                        $$ = mk(P, AST_PASS, @$); }
  ;

assign_chain
  : testlist_star "=" rhs             { $$ = list1(P, $1); lpush(P, &$$, $3); }
  | assign_chain "=" rhs              { $$ = $1; lpush(P, &$$, $3); }
  ;

rhs: testlist_star | yield_expr ;

augassign
  : "+="  { $$ = BIN_ADD; }      | "-="  { $$ = BIN_SUB; }
  | "*="  { $$ = BIN_MUL; }      | "/="  { $$ = BIN_DIV; }
  | "//=" { $$ = BIN_FLOORDIV; } | "%="  { $$ = BIN_MOD; }
  | "**=" { $$ = BIN_POW; }      | "<<=" { $$ = BIN_LSHIFT; }
  | ">>=" { $$ = BIN_RSHIFT; }   | "&="  { $$ = BIN_BITAND; }
  | "|="  { $$ = BIN_BITOR; }    | "^="  { $$ = BIN_BITXOR; }
  | "@="  { $$ = -1; }
  ;

testlist_star
  : test_or_star
  | test_or_star ","                  { $$ = mk_seq(P, AST_TUPLE, list1(P, $1), @$); }
  | tls_items                         { $$ = mk_seq(P, AST_TUPLE, $1->items, @$); }
  | tls_items ","                     { $$ = mk_seq(P, AST_TUPLE, $1->items, @$); }
  ;

/* two or more: a single expression needs no list */
tls_items
  : test_or_star "," test_or_star     { $$ = seq_new(P); lpush(P, &$$->items, $1);
                                        lpush(P, &$$->items, $3); $$->comma = true; }
  | tls_items "," test_or_star        { $$ = $1; lpush(P, &$$->items, $3); $$->comma = true; }
  ;

test_or_star: test | star_expr ;

star_expr
  : "*" expr           { perr(P, L_(P, @$), "starred expressions are not supported in RL");
                                        $$ = $2; }
  ;

name_list
  : NAME                              { $$ = list1(P, mk_name(P, $1, @1)); }
  | name_list "," NAME                { $$ = $1; lpush(P, &$$, mk_name(P, $3, @3)); }
  ;

exprlist
  : el_items                          { $$ = $1; }
  | el_items ","                      { $$ = $1; $$->comma = true; }
  ;

el_items
  : expr_or_star                      { $$ = seq_new(P); lpush(P, &$$->items, $1); }
  | el_items "," expr_or_star         { $$ = $1; lpush(P, &$$->items, $3); $$->comma = true; }
  ;

expr_or_star: expr | star_expr ;

/* ---- imports ---- */

import_stmt
  : "import" dotted_as_names          { $$ = mk(P, AST_IMPORT, @$); $$->u.names.items = $2; }
  | "from" dotted_name "import" import_targets
                                      { $$ = mk(P, AST_IMPORTFROM, @$);
                                        $$->u.importfrom.module = intern(P->I, $2.s, $2.len);
                                        $$->u.importfrom.module_loc = L_(P, @2);
                                        $$->u.importfrom.names = $4; }
  | "from" from_dots dotted_name "import" import_targets
                                      { $$ = unsupported(P, L_(P, @2), "relative imports are");
                                        $$ = mk(P, AST_PASS, @$); }
  | "from" from_dots "import" import_targets
                                      { $$ = unsupported(P, L_(P, @2), "relative imports are");
                                        $$ = mk(P, AST_PASS, @$); }
  ;

from_dots: "." { $$ = 0; } | "..." { $$ = 0; } | from_dots "." { $$ = 0; } | from_dots "..." { $$ = 0; } ;

dotted_name
  : NAME                              { $$ = dotted1(P, $1); }
  | dotted_name "." NAME              { $$ = dotted_add(P, $1, $3); }
  ;

dotted_as_names
  : dotted_as_name                    { $$ = list1(P, $1); }
  | dotted_as_names "," dotted_as_name { $$ = $1; lpush(P, &$$, $3); }
  ;

dotted_as_name
  : dotted_name                       { $$ = mk_alias(P, $1, NULL, @$); }
  | dotted_name "as" NAME             { $$ = mk_alias(P, $1, $3, @$); }
  ;

import_targets
  : "*"                               { unsupported(P, L_(P, @1), "'from ... import *' is");
                                        $$ = (NodeList){0}; }
  | "(" import_names ")"              { $$ = $2; }
  | "(" import_names "," ")"          { $$ = $2; }
  | import_names                      { $$ = $1; }
  ;

import_names
  : import_name                       { $$ = list1(P, $1); }
  | import_names "," import_name      { $$ = $1; lpush(P, &$$, $3); }
  ;

import_name
  : NAME                              { $$ = mk_alias(P, dotted1(P, $1), NULL, @$); }
  | NAME "as" NAME                    { $$ = mk_alias(P, dotted1(P, $1), $3, @$); }
  ;

/* ---- compound statements ---- */

compound_stmt: if_stmt | while_stmt | for_stmt | try_stmt | funcdef | classdef
             | decorated | with_stmt | async_stmt ;

if_stmt
  : "if" namedexpr_test ":" suite elifs else_opt
                                      { $$ = mk_if_chain(P, mk_if(P, AST_IF, $2, $4, @$), &$5, $6, @$); }
  ;

elifs
  : %empty                            { $$ = (NodeList){0}; }
  | elifs "elif" namedexpr_test ":" suite
                                      { $$ = $1; RlLoc l = {@2.start, @5.end};
                                        lpush(P, &$$, mk_if(P, AST_IF, $3, $5, l)); }
  ;

else_opt
  : %empty                            { $$ = (NodeList){0}; }
  | "else" ":" suite                  { $$ = $3; }
  ;

while_stmt
  : "while" namedexpr_test ":" suite else_opt
                                      { $$ = mk_if(P, AST_WHILE, $2, $4, @$);
                                        $$->u.if_.orelse = $5; $$ = fin(P, $$); }
  ;

for_stmt
  : "for" exprlist "in" testlist_star ":" suite else_opt
                                      { Node *t = seq_expr(P, $2, @2);
                                        check_target(P, t, TGT_FOR);
                                        $$ = mk(P, AST_FOR, @$);
                                        $$->u.for_.target = t; $$->u.for_.iter = $4;
                                        $$->u.for_.body = $6; $$->u.for_.orelse = $7;
                                        $$ = fin(P, $$); }
  ;

try_stmt
  : "try" ":" suite handlers else_opt finally_opt
                                      { $$ = mk_try(P, $3, &$4, $5, $6, @$); }
  | "try" ":" suite "finally" ":" suite
                                      { $$ = mk_try(P, $3, NULL, (NodeList){0}, $6, @$); }
  ;

handlers
  : handler                           { $$ = list1(P, $1); }
  | handlers handler                  { $$ = $1; lpush(P, &$$, $2); }
  ;

handler
  : "except" ":" suite                { $$ = mk_handler(P, NULL, NULL, @1, $3, @$); }
  | "except" test ":" suite           { $$ = mk_handler(P, $2, NULL, @1, $4, @$); }
  | "except" test "as" NAME ":" suite { $$ = mk_handler(P, $2, $4, @4, $6, @$); }
  ;

finally_opt
  : %empty                            { $$ = (NodeList){0}; }
  | "finally" ":" suite               { $$ = $3; }
  ;

funcdef
  : "def" NAME parameters ret_annot ":" suite
                                      { (void)$4; $$ = mk_func(P, $2, @2, &$3, $6, @$); }
  ;

ret_annot
  : %empty                            { $$ = NULL; }
  | "->" test                         { perr(P, $2->loc, "annotations are not supported in RL");
                                        $$ = NULL; }
  ;

parameters
  : "(" ")"                           { $$ = (NodeList){0}; }
  | "(" params ")"                    { $$ = $2; }
  | "(" params "," ")"                { $$ = $2; }
  | "(" error ")"                     { $$ = (NodeList){0}; }
  ;

params
  : param                             { $$ = list1(P, $1); }
  | params "," param                  { $$ = $1; lpush(P, &$$, $3); }
  ;

param
  : NAME                              { $$ = mk_param(P, PARAM_PLAIN, $1, NULL, NULL, @$); }
  | NAME "=" test                     { $$ = mk_param(P, PARAM_PLAIN, $1, $3, NULL, @$); }
  | NAME ":" test                     { $$ = mk_param(P, PARAM_PLAIN, $1, NULL, $3, @$); }
  | NAME ":" test "=" test            { $$ = mk_param(P, PARAM_PLAIN, $1, $5, $3, @$); }
  | "*" NAME                          { $$ = mk_param(P, PARAM_STAR, $2, NULL, NULL, @$); }
  | "*" NAME ":" test                 { $$ = mk_param(P, PARAM_STAR, $2, NULL, $4, @$); }
  | "*"                               { $$ = mk_param(P, PARAM_STAR, NULL, NULL, NULL, @$); }
  | "**" NAME                         { $$ = mk_param(P, PARAM_DSTAR, $2, NULL, NULL, @$); }
  | "**" NAME ":" test                { $$ = mk_param(P, PARAM_DSTAR, $2, NULL, $4, @$); }
  | "/"                               { $$ = mk_param(P, PARAM_SLASH_MARK, NULL, NULL, NULL, @$); }
  ;

classdef
  : "class" NAME ":" suite            { $$ = mk_class(P, $2, @2, NULL, $4, @$); }
  | "class" NAME "(" call_args ")" ":" suite
                                      { $$ = mk_class(P, $2, @2, &$4, $7, @$); }
  ;

decorated
  : decorators funcdef                { $$ = decorate(P, &$1, $2, @$); }
  | decorators classdef               { $$ = decorate(P, &$1, $2, @$); }
  | decorators async_stmt             { $$ = $2; }
  ;

decorators
  : decorator                         { $$ = list1(P, $1); }
  | decorators decorator              { $$ = $1; lpush(P, &$$, $2); }
  ;

decorator
  : "@" namedexpr_test NEWLINE        { $$ = check_decorator(P, $2); }
  ;

with_stmt
  : "with" with_items ":" suite       { perr(P, L_(P, @1), "the with statement is not supported in RL");
                                        $$ = mk(P, AST_PASS, @$); }
  ;

with_items: with_item | with_items "," with_item ;
with_item: test { (void)$1; } | test "as" expr { (void)$1; (void)$3; } ;

async_stmt
  : "async" funcdef                   { perr(P, L_(P, @1), "async def is not supported in RL");
                                        $$ = mk(P, AST_PASS, @$); (void)$2; }
  | "async" for_stmt                  { perr(P, L_(P, @1), "async for is not supported in RL");
                                        $$ = mk(P, AST_PASS, @$); (void)$2; }
  | "async" with_stmt                 { $$ = $2; }
  ;

/* ---- expressions ---- */

namedexpr_test
  : test
  | test ":=" test                    { $$ = unsupported(P, L_(P, @$), "assignment expressions (:=) are"); }
  ;

test
  : or_test
  | or_test "if" or_test "else" test  { $$ = mk(P, AST_IFEXP, @$);
                                        $$->u.ifexp.body = $1; $$->u.ifexp.test = $3;
                                        $$->u.ifexp.orelse = $5; $$ = fin(P, $$); }
  | lambdef
  ;

test_nocond: or_test | lambdef_nocond ;

lambdef
  : "lambda" lparams_opt ":" test     { (void)$4; $$ = unsupported(P, L_(P, @$), "lambda is"); }
  ;

lambdef_nocond
  : "lambda" lparams_opt ":" test_nocond
                                      { (void)$4; $$ = unsupported(P, L_(P, @$), "lambda is"); }
  ;

lparams_opt: %empty | lparams | lparams "," ;
lparams: lparam | lparams "," lparam ;
lparam: NAME { (void)$1; } | NAME "=" test { (void)$1; (void)$3; }
      | "*" NAME { (void)$2; } | "*" | "**" NAME { (void)$2; } | "/" ;

or_test
  : or_test "or" or_test              { $$ = mk_boolop(P, BOOL_OR, $1, $3, @$); }
  | or_test "and" or_test             { $$ = mk_boolop(P, BOOL_AND, $1, $3, @$); }
  | "not" or_test                     { $$ = mk_unary(P, UN_NOT, $2, @$); }
  | expr                              { $$ = chk_big(P, $1); }
  | expr comp_chain                   { $$ = mk_compare(P, chk_big(P, $1), $2, @$); }
  ;

comp_chain
  : comp_op expr          { $$ = cmp_new(P); cmp_push(P, $$, $1, chk_big(P, $2)); }
  | comp_chain comp_op expr
                                      { $$ = $1; cmp_push(P, $$, $2, chk_big(P, $3)); }
  ;

comp_op
  : "<" { $$ = CMP_LT; } | "<=" { $$ = CMP_LE; } | "==" { $$ = CMP_EQ; }
  | "!=" { $$ = CMP_NE; } | ">" { $$ = CMP_GT; } | ">=" { $$ = CMP_GE; }
  | "is" { $$ = CMP_IS; } | "is" "not" { $$ = CMP_ISNOT; }
  | "in" { $$ = CMP_IN; } | "not" "in" { $$ = CMP_NOTIN; }
  ;

/* The binary and unary operators below comparisons, by precedence (see the
 * declarations): one nonterminal keeps the parser from reducing every atom
 * through a dozen unit rules. */
expr
  : expr "|" expr                     { $$ = mk_binop(P, BIN_BITOR, $1, $3, @$); }
  | expr "^" expr                     { $$ = mk_binop(P, BIN_BITXOR, $1, $3, @$); }
  | expr "&" expr                     { $$ = mk_binop(P, BIN_BITAND, $1, $3, @$); }
  | expr "<<" expr                    { $$ = mk_binop(P, BIN_LSHIFT, $1, $3, @$); }
  | expr ">>" expr                    { $$ = mk_binop(P, BIN_RSHIFT, $1, $3, @$); }
  | expr "+" expr                     { $$ = mk_binop(P, BIN_ADD, $1, $3, @$); }
  | expr "-" expr                     { $$ = mk_binop(P, BIN_SUB, $1, $3, @$); }
  | expr "*" expr                     { $$ = mk_binop(P, BIN_MUL, $1, $3, @$); }
  | expr "/" expr                     { $$ = mk_binop(P, BIN_DIV, $1, $3, @$); }
  | expr "%" expr                     { $$ = mk_binop(P, BIN_MOD, $1, $3, @$); }
  | expr "//" expr                    { $$ = mk_binop(P, BIN_FLOORDIV, $1, $3, @$); }
  | expr "@" expr                     { $$ = unsupported(P, L_(P, @2), "the matrix multiplication operator '@' is"); }
  | "+" expr %prec UNARY              { $$ = mk_unary(P, UN_POS, $2, @$); }
  | "-" expr %prec UNARY              { $$ = mk_unary(P, UN_NEG, $2, @$); }
  | "~" expr %prec UNARY              { $$ = mk_unary(P, UN_INVERT, $2, @$); }
  | primary "**" expr                 { $$ = mk_binop(P, BIN_POW, $1, $3, @$); }
  | await_expr "**" expr              { $$ = mk_binop(P, BIN_POW, $1, $3, @$); }
  | primary
  | await_expr
  ;

await_expr
  : "await" primary                   { $$ = unsupported(P, L_(P, @1), "await is"); }
  ;

/* Atoms are alternatives of primary itself: one unit reduction less per
 * operand (as are comparisons in or_test and powers in expr). */
primary
  : primary "(" call_args ")"         { $$ = mk_call(P, $1, &$3, @$); }
  | primary "(" error ")"             { $$ = placeholder(P, L_(P, @$)); }
  | primary "[" subscripts "]"        { $$ = mk_subscript(P, $1, $3, @$); }
  | primary "[" error "]"             { $$ = placeholder(P, L_(P, @$)); }
  | primary "." NAME                  { $$ = mk_attr(P, $1, $3, @3, @$); }
  | NAME                              { $$ = mk_name(P, $1, @$); }
  | NUMBER                            { $$ = mk_num(P, $1, @$); }
  | strings                           { $$ = mk_str(P, $1, @$); }
  | "None"                            { $$ = mk(P, AST_NONE, @$); }
  | "True"                            { $$ = mk(P, AST_TRUE, @$); }
  | "False"                           { $$ = mk(P, AST_FALSE, @$); }
  | "..."                             { $$ = unsupported(P, L_(P, @$), "the ellipsis (...) is"); }
  | "(" ")"                           { $$ = mk_seq(P, AST_TUPLE, (NodeList){0}, @$); }
  | "(" yield_expr ")"                { $$ = $2; }
  | "(" testlist_comp ")"             { if ($2->gens.len) $$ = mk_comp(P, $2, @$, "generator expressions are");
                                        else if ($2->items.len == 1 && !$2->comma) $$ = $2->items.items[0];
                                        else $$ = mk_seq(P, AST_TUPLE, $2->items, @$); }
  | "[" "]"                           { $$ = mk_seq(P, AST_LIST, (NodeList){0}, @$); }
  | "[" testlist_comp "]"             { if ($2->gens.len) $$ = mk_comp(P, $2, @$, NULL);
                                        else $$ = mk_seq(P, AST_LIST, $2->items, @$); }
  | "{" "}"                           { $$ = mk(P, AST_DICT, @$); }
  | "{" dict_items "}"                { $$ = mk(P, AST_DICT, @$); $$->u.dict.keys = $2->items;
                                        $$->u.dict.values = $2->gens; $$ = fin(P, $$); }
  | "{" dict_items "," "}"            { $$ = mk(P, AST_DICT, @$); $$->u.dict.keys = $2->items;
                                        $$->u.dict.values = $2->gens; $$ = fin(P, $$); }
  | "{" test ":" test comp_clauses "}" { $$ = unsupported(P, L_(P, @$), "dict comprehensions are"); }
  | "{" set_items "}"                 { $$ = unsupported(P, L_(P, @$), "set literals are"); }
  | "{" set_items "," "}"             { $$ = unsupported(P, L_(P, @$), "set literals are"); }
  | "{" named_or_star comp_clauses "}" { $$ = unsupported(P, L_(P, @$), "set comprehensions are"); }
  | "(" error ")"                     { $$ = placeholder(P, L_(P, @$)); }
  | "[" error "]"                     { $$ = placeholder(P, L_(P, @$)); }
  | "{" error "}"                     { $$ = placeholder(P, L_(P, @$)); }
  ;

strings
  : STRING                            { $$ = $1; }
  | strings STRING                    { $$ = str_cat(P, $1, $2); }
  ;

testlist_comp
  : named_or_star comp_clauses        { $$ = $2; $$->items = list1(P, $1); }
  | tc_items                          { $$ = $1; }
  | tc_items ","                      { $$ = $1; $$->comma = true; }
  ;

tc_items
  : named_or_star                     { $$ = seq_new(P); lpush(P, &$$->items, $1); }
  | tc_items "," named_or_star        { $$ = $1; lpush(P, &$$->items, $3); $$->comma = true; }
  ;

named_or_star: namedexpr_test | star_expr ;

dict_items
  : test ":" test                     { $$ = seq_new(P); lpush(P, &$$->items, $1); lpush(P, &$$->gens, $3); }
  | "**" expr          { $$ = seq_new(P); (void)$2;
                                        unsupported(P, L_(P, @$), "dict unpacking (**) is"); }
  | dict_items "," test ":" test      { $$ = $1; lpush(P, &$$->items, $3); lpush(P, &$$->gens, $5); }
  | dict_items "," "**" expr
                                      { $$ = $1; (void)$4;
                                        unsupported(P, L_(P, @3), "dict unpacking (**) is"); }
  ;

set_items
  : named_or_star                     { $$ = seq_new(P); lpush(P, &$$->items, $1); }
  | set_items "," named_or_star       { $$ = $1; lpush(P, &$$->items, $3); }
  ;

comp_clauses
  : comp_for                          { $$ = seq_new(P); lpush(P, &$$->gens, $1); }
  | comp_clauses comp_for             { fin_gens(P, &$1->gens); $$ = $1; lpush(P, &$$->gens, $2); }
  | comp_clauses "if" test_nocond     { $$ = $1; Node *g = $$->gens.items[$$->gens.len - 1];
                                        lpush(P, &g->u.gen.ifs, $3); g->loc.end = @3.end; }
  ;

comp_for
  : "for" exprlist "in" or_test       { Node *t = seq_expr(P, $2, @2);
                                        check_target(P, t, TGT_FOR);
                                        $$ = mk_gen(P, t, $4, @$); }
  | "async" "for" exprlist "in" or_test
                                      { perr(P, L_(P, @1), "async comprehensions are not supported in RL");
                                        $$ = mk_gen(P, seq_expr(P, $3, @3), $5, @$); }
  ;

subscripts
  : subscript                         { $$ = seq_new(P); lpush(P, &$$->items, $1); }
  | subscripts "," subscript          { $$ = $1; lpush(P, &$$->items, $3); $$->comma = true; }
  | subscripts ","                    { $$ = $1; $$->comma = true; }
  ;

subscript
  : test
  | opt_test ":" opt_test             { $$ = mk_slice(P, $1, $3, NULL, @$); }
  | opt_test ":" opt_test ":" opt_test { $$ = mk_slice(P, $1, $3, $5, @$); }
  ;

opt_test: %empty { $$ = NULL; } | test ;

call_args
  : %empty                            { $$ = (NodeList){0}; }
  | arglist                           { $$ = $1; }
  | arglist ","                       { $$ = $1; }
  ;

arglist
  : argument                          { $$ = list1(P, $1); }
  | arglist "," argument              { $$ = $1; lpush(P, &$$, $3); }
  ;

argument
  : test
  | test comp_clauses                 { $$ = unsupported(P, L_(P, @$), "generator expressions are"); }
  | test "=" test                     { $$ = mk_keyword(P, $1, $3, @$); }
  | test ":=" test                    { $$ = unsupported(P, L_(P, @$), "assignment expressions (:=) are"); }
  | "*" test                          { (void)$2; $$ = unsupported(P, L_(P, @$), "star-arguments (*args) in calls are"); }
  | "**" test                         { (void)$2; $$ = unsupported(P, L_(P, @$), "keyword-argument unpacking (**kwargs) in calls is"); }
  ;

yield_expr
  : "yield"                           { $$ = unsupported(P, L_(P, @$), "generators (yield) are"); }
  | "yield" "from" test               { (void)$3; $$ = unsupported(P, L_(P, @$), "generators (yield from) are"); }
  | "yield" testlist_star             { (void)$2; $$ = unsupported(P, L_(P, @$), "generators (yield) are"); }
  ;

%%

static int yylex(YYSTYPE *lval, YYLTYPE *lloc, Parser *P) {
  Token t;
  int k = lay_next(&P->lay, &t);
  if (P->held && (P->lay.depth < P->held_depth || P->lay.done)) {
    P->held = false;  /* at end of file: "never closed" was said instead */
    if (!P->lay.done) perr(P, P->held_loc, "%s", P->held_msg);
  }
  *lval = t.val;
  *lloc = t.loc;
  P->tok_lline = t.lline;
  return k;
}

static void yyerror(YYLTYPE *lloc, Parser *P, const char *msg) {
  (void)msg;  /* only "memory exhausted": the parser stack is full */
  perr(P, L_(P, *lloc), "too deeply nested (the parser's stack limit is %d)",
       YYMAXDEPTH);
}

static bool expr_start(yysymbol_kind_t k) {
  switch (k) {
  case YYSYMBOL_NAME: case YYSYMBOL_NUMBER: case YYSYMBOL_STRING:
  case YYSYMBOL_LPAR: case YYSYMBOL_LSQB: case YYSYMBOL_LBRACE:
  case YYSYMBOL_MINUS: case YYSYMBOL_PLUS: case YYSYMBOL_TILDE:
  case YYSYMBOL_NOT: case YYSYMBOL_LAMBDA: case YYSYMBOL_AWAIT:
  case YYSYMBOL_NONE: case YYSYMBOL_TRUE: case YYSYMBOL_FALSE:
  case YYSYMBOL_ELLIPSIS: case YYSYMBOL_YIELD: case YYSYMBOL_STAR:
  case YYSYMBOL_DOUBLESTAR:
    return true;
  default:
    return false;
  }
}

/* "'('", "a name", "end of line"... */
static const char *sym_desc(yysymbol_kind_t k, char *buf, size_t size) {
  switch (k) {
  case YYSYMBOL_YYEOF: return "end of file";
  case YYSYMBOL_NAME: return "a name";
  case YYSYMBOL_NUMBER: return "a number";
  case YYSYMBOL_STRING: return "a string";
  case YYSYMBOL_NEWLINE: return "end of line";
  case YYSYMBOL_INDENT: return "an indented block";
  case YYSYMBOL_DEDENT: return "unindent";
  default: break;
  }
  const char *s = yysymbol_name(k);
  size_t n = strlen(s);
  if (n >= 2 && s[0] == '"') s++, n -= 2;
  snprintf(buf, size, "'%.*s'", (int)n, s);
  return buf;
}

/* Reports a syntax error, or holds it (see Parser.held). */
static void syntax_error(Parser *P, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void syntax_error(Parser *P, Loc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const Layout *L = &P->lay;
  if (L->depth > 0 && !P->held) {
    uint32_t open = L->brk_loc[L->depth - 1].start;
    if (loc.start > open && memchr(L->lx.text + open, '\n', loc.start - open)) {
      P->held = true;
      P->held_depth = L->depth;
      P->held_loc = loc;
      vsnprintf(P->held_msg, sizeof P->held_msg, fmt, ap);
      va_end(ap);
      return;
    }
  }
  fe_verror(P->D, loc, fmt, ap);
  va_end(ap);
}

static int yyreport_syntax_error(const yypcontext_t *ctx, Parser *P) {
  P->lay.has_synerr = true;
  P->lay.synerr_lline = P->tok_lline;
  if (P->D->stop || lay_suppressed(&P->lay, P->tok_lline)) return 0;
  yysymbol_kind_t la = yypcontext_token(ctx);
  Loc loc = L_(P, *yypcontext_location(ctx));
  yysymbol_kind_t exp[YYNTOKENS];
  int n = yypcontext_expected_tokens(ctx, exp, YYNTOKENS);
  if (n < 0) return n;
  bool colon = false, indent = false, newline = false, number = false;
  bool all_expr = n > 0;
  for (int i = 0; i < n; i++) {
    colon |= exp[i] == YYSYMBOL_COLON;
    indent |= exp[i] == YYSYMBOL_INDENT;
    newline |= exp[i] == YYSYMBOL_NEWLINE;
    number |= exp[i] == YYSYMBOL_NUMBER;
    all_expr &= expr_start(exp[i]);
  }
  char b1[48], b2[48], b3[48];
  if (la == YYSYMBOL_INDENT) syntax_error(P, loc, "unexpected indent");
  else if (la == YYSYMBOL_DEDENT) syntax_error(P, loc, "unexpected unindent");
  else if (indent) syntax_error(P, loc, "expected an indented block");
  else if (colon && (la == YYSYMBOL_NEWLINE || la == YYSYMBOL_YYEOF))
    syntax_error(P, loc, "expected ':'");
  else if (all_expr && number) syntax_error(P, loc, "invalid syntax: expected an expression");
  else if (n == 1 && !newline)
    syntax_error(P, loc, "expected %s", sym_desc(exp[0], b1, sizeof b1));
  else if (n == 2 && !newline)
    syntax_error(P, loc, "expected %s or %s", sym_desc(exp[0], b1, sizeof b1),
         sym_desc(exp[1], b2, sizeof b2));
  else if (n == 3 && !newline)
    syntax_error(P, loc, "expected %s, %s or %s", sym_desc(exp[0], b1, sizeof b1),
         sym_desc(exp[1], b2, sizeof b2), sym_desc(exp[2], b3, sizeof b3));
  else if (la == YYSYMBOL_YYEOF) syntax_error(P, loc, "unexpected end of file");
  else syntax_error(P, loc, "invalid syntax");
  return 0;
}

const char *parse_token_name(int kind) {
  static char buf[48];  /* tests and debugging only */
  if (kind == 0) return "end of file";
  return sym_desc(YYTRANSLATE(kind), buf, sizeof buf);
}

Node *fe_parse(Arena *A, Interner *I, Diag *D, uint32_t file) {
  Parser *P = calloc(1, sizeof *P);
  if (!P) rt_oom();
  P->A = A;
  P->I = I;
  P->D = D;
  P->file = file;
  P->err_id = intern_cstr(I, "<error>");
  P->s_metaclass = intern_cstr(I, "metaclass");
  lay_init(&P->lay, A, I, D, file);
  yyparse(P);
  lay_destroy(&P->lay);
  Node *mod = P->module;
  if (!mod) {
    SourceFile *f = sm_file(D->sm, file);
    mod = mk(P, AST_MODULE, (RlLoc){0, f ? f->len : 0});
  }
  free(P);
  return mod;
}
