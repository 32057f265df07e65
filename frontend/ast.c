/* ast.c — AST names and the --dump=ast printer (format: docs/dump-ast.md).
 *
 * One node per line, two spaces per level: the kind, its key attributes,
 * then `@line:col-line:col` (the end is exclusive: the position just past
 * the construct). Lists are introduced by a label line ("body:") when a
 * node has several fields. Recursion is bounded: the parser never builds a
 * tree deeper than about 1000 levels. */
#include "frontend/ast.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[AST_KIND_COUNT] = {
#define AST_NAME_STR(k) #k,
    AST_KINDS(AST_NAME_STR)
#undef AST_NAME_STR
};

static const char *const binop_syms[BIN_COUNT] = {
#define AST_BINOP_SYM(k, s) s,
    AST_BINOPS(AST_BINOP_SYM)
#undef AST_BINOP_SYM
};

static const char *const cmpop_syms[CMP_COUNT] = {
#define AST_CMPOP_SYM(k, s) s,
    AST_CMPOPS(AST_CMPOP_SYM)
#undef AST_CMPOP_SYM
};

const char *ast_kind_name(AstKind k) {
  return (unsigned)k < AST_KIND_COUNT ? kind_names[k] : "?";
}

const char *ast_binop_symbol(BinOp op) {
  return (unsigned)op < BIN_COUNT ? binop_syms[op] : "?";
}

const char *ast_cmpop_symbol(CmpOp op) {
  return (unsigned)op < CMP_COUNT ? cmpop_syms[op] : "?";
}

static const char *unop_symbol(unsigned op) {
  switch (op) {
  case UN_NEG: return "-";
  case UN_POS: return "+";
  case UN_INVERT: return "~";
  case UN_NOT: return "not";
  default: return "?";
  }
}

/* Python's repr of a str whose code points are the bytes (non-ASCII and
 * non-printable bytes as \xHH, so dumps stay ASCII). */
static void put_str_repr(FILE *out, const char *s, uint32_t len) {
  bool sq = memchr(s, '\'', len) != NULL, dq = memchr(s, '"', len) != NULL;
  char q = sq && !dq ? '"' : '\'';
  fputc(q, out);
  for (uint32_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\\') fputs("\\\\", out);
    else if (c == (unsigned char)q) fprintf(out, "\\%c", q);
    else if (c == '\n') fputs("\\n", out);
    else if (c == '\r') fputs("\\r", out);
    else if (c == '\t') fputs("\\t", out);
    else if (c < 0x20 || c >= 0x7f) fprintf(out, "\\x%02x", c);
    else fputc(c, out);
  }
  fputc(q, out);
}

/* Python's repr of a float: shortest round-tripping digits, fixed notation
 * for exponents -4..15, else d.ddde+XX. */
static void put_float_repr(FILE *out, double v) {
  if (isnan(v)) { fputs("nan", out); return; }
  if (isinf(v)) { fputs(v < 0 ? "-inf" : "inf", out); return; }
  char buf[40];
  for (int p = 0; p < 17; p++) {
    snprintf(buf, sizeof buf, "%.*e", p, v);
    if (strtod(buf, NULL) == v) break;
  }
  /* buf: [-]d[.ddd]e(+|-)XX */
  char digits[24];
  int nd = 0;
  const char *s = buf;
  bool neg = *s == '-';
  if (neg) s++;
  for (; *s && *s != 'e'; s++)
    if (*s != '.') digits[nd++] = *s;
  int exp = atoi(s + 1);
  while (nd > 1 && digits[nd - 1] == '0') nd--;
  if (neg) fputc('-', out);
  if (exp >= -4 && exp < 16) {
    if (exp < 0) {
      fputs("0.", out);
      for (int i = 0; i < -exp - 1; i++) fputc('0', out);
      fwrite(digits, 1, (size_t)nd, out);
    } else {
      for (int i = 0; i <= exp; i++) fputc(i < nd ? digits[i] : '0', out);
      fputc('.', out);
      if (nd > exp + 1) fwrite(digits + exp + 1, 1, (size_t)(nd - exp - 1), out);
      else fputc('0', out);
    }
  } else {
    fputc(digits[0], out);
    if (nd > 1) {
      fputc('.', out);
      fwrite(digits + 1, 1, (size_t)(nd - 1), out);
    }
    fprintf(out, "e%c%02d", exp < 0 ? '-' : '+', abs(exp));
  }
}

typedef struct Dumper {
  FILE *out;
  SourceMgr *sm;
} Dumper;

static void indent(Dumper *d, int level) {
  for (int i = 0; i < level; i++) fputs("  ", d->out);
}

static void put_range(Dumper *d, Loc loc) {
  uint32_t l1, c1, l2, c2;
  sm_line_col(d->sm, loc.file, loc.start, &l1, &c1);
  sm_line_col(d->sm, loc.file, loc.end, &l2, &c2);
  fprintf(d->out, " @%u:%u-%u:%u\n", l1, c1, l2, c2);
}

static void dump_node(Dumper *d, const Node *n, int level);

static void dump_list(Dumper *d, const char *label, const NodeList *l,
                      int level) {
  if (l->len == 0) return;
  if (label) {
    indent(d, level);
    fprintf(d->out, "%s:\n", label);
    level++;
  }
  for (uint32_t i = 0; i < l->len; i++) dump_node(d, l->items[i], level);
}

static void dump_field(Dumper *d, const char *label, const Node *n, int level) {
  if (!n) return;
  if (label) {
    indent(d, level);
    fprintf(d->out, "%s:\n", label);
    level++;
  }
  dump_node(d, n, level);
}

/* The head line's attributes. */
static void dump_attrs(Dumper *d, const Node *n) {
  FILE *out = d->out;
  switch ((AstKind)n->kind) {
  case AST_NAME: fprintf(out, " %s", n->u.name.id); break;
  case AST_INT: fprintf(out, " %lld", (long long)n->u.num.v); break;
  case AST_FLOAT: fputc(' ', out); put_float_repr(out, n->u.fnum.v); break;
  case AST_STR: fputc(' ', out); put_str_repr(out, n->u.str.s, n->u.str.len); break;
  case AST_BINOP: fprintf(out, " %s", ast_binop_symbol((BinOp)n->op)); break;
  case AST_AUGASSIGN: fprintf(out, " %s=", ast_binop_symbol((BinOp)n->op)); break;
  case AST_UNARYOP: fprintf(out, " %s", unop_symbol(n->op)); break;
  case AST_BOOLOP: fputs(n->op == BOOL_AND ? " and" : " or", out); break;
  case AST_COMPARE:
    for (uint32_t i = 0; i < n->u.cmp.comparators.len; i++)
      fprintf(out, " %s", ast_cmpop_symbol((CmpOp)n->u.cmp.ops[i]));
    break;
  case AST_ATTR: fprintf(out, " .%s", n->u.attr.attr); break;
  case AST_KEYWORD: fprintf(out, " %s=", n->u.kw.arg); break;
  case AST_PARAM:
    fprintf(out, " %s%s",
            n->u.param.pkind == PARAM_STAR ? "*"
            : n->u.param.pkind == PARAM_DSTAR ? "**" : "",
            n->u.param.name ? n->u.param.name : "");
    break;
  case AST_HANDLER:
    if (n->u.handler.name) fprintf(out, " as %s", n->u.handler.name);
    break;
  case AST_ALIAS:
    fprintf(out, " %s", n->u.alias.name);
    if (n->u.alias.asname) fprintf(out, " as %s", n->u.alias.asname);
    break;
  case AST_IMPORTFROM: fprintf(out, " %s", n->u.importfrom.module); break;
  case AST_FUNCDEF: fprintf(out, " %s", n->u.func.name); break;
  case AST_CLASSDEF: fprintf(out, " %s", n->u.cls.name); break;
  default: break;
  }
}

static void dump_kids(Dumper *d, const Node *n, int lv) {
  switch ((AstKind)n->kind) {
  case AST_BINOP: case AST_BOOLOP:
    dump_node(d, n->u.bin.left, lv);
    dump_node(d, n->u.bin.right, lv);
    break;
  case AST_UNARYOP: dump_node(d, n->u.unary.operand, lv); break;
  case AST_COMPARE:
    dump_node(d, n->u.cmp.left, lv);
    dump_list(d, NULL, &n->u.cmp.comparators, lv);
    break;
  case AST_IFEXP:
    dump_field(d, "body", n->u.ifexp.body, lv);
    dump_field(d, "test", n->u.ifexp.test, lv);
    dump_field(d, "orelse", n->u.ifexp.orelse, lv);
    break;
  case AST_CALL:
    dump_node(d, n->u.call.func, lv);
    dump_list(d, "args", &n->u.call.args, lv);
    dump_list(d, "keywords", &n->u.call.keywords, lv);
    break;
  case AST_ATTR: dump_node(d, n->u.attr.value, lv); break;
  case AST_SUBSCRIPT:
    dump_node(d, n->u.sub.value, lv);
    dump_node(d, n->u.sub.index, lv);
    break;
  case AST_SLICE:
    dump_field(d, "lower", n->u.slice.lower, lv);
    dump_field(d, "upper", n->u.slice.upper, lv);
    dump_field(d, "step", n->u.slice.step, lv);
    break;
  case AST_LIST: case AST_TUPLE: dump_list(d, NULL, &n->u.seq.elts, lv); break;
  case AST_DICT:
    for (uint32_t i = 0; i < n->u.dict.keys.len; i++) {
      dump_field(d, "key", n->u.dict.keys.items[i], lv);
      dump_field(d, "value", n->u.dict.values.items[i], lv);
    }
    break;
  case AST_LISTCOMP:
    dump_node(d, n->u.comp.elt, lv);
    dump_list(d, "generators", &n->u.comp.gens, lv);
    break;
  case AST_COMPREHENSION:
    dump_field(d, "target", n->u.gen.target, lv);
    dump_field(d, "iter", n->u.gen.iter, lv);
    dump_list(d, "ifs", &n->u.gen.ifs, lv);
    break;
  case AST_KEYWORD: dump_node(d, n->u.kw.value, lv); break;
  case AST_PARAM: dump_field(d, "default", n->u.param.dflt, lv); break;
  case AST_HANDLER:
    dump_field(d, "type", n->u.handler.type, lv);
    dump_list(d, "body", &n->u.handler.body, lv);
    break;
  case AST_EXPR_STMT: case AST_RETURN: dump_field(d, NULL, n->u.expr.value, lv); break;
  case AST_ASSIGN:
    dump_list(d, "targets", &n->u.assign.targets, lv);
    dump_field(d, "value", n->u.assign.value, lv);
    break;
  case AST_AUGASSIGN:
    dump_field(d, "target", n->u.aug.target, lv);
    dump_field(d, "value", n->u.aug.value, lv);
    break;
  case AST_IF: case AST_WHILE:
    dump_field(d, "test", n->u.if_.test, lv);
    dump_list(d, "body", &n->u.if_.body, lv);
    dump_list(d, "orelse", &n->u.if_.orelse, lv);
    break;
  case AST_FOR:
    dump_field(d, "target", n->u.for_.target, lv);
    dump_field(d, "iter", n->u.for_.iter, lv);
    dump_list(d, "body", &n->u.for_.body, lv);
    dump_list(d, "orelse", &n->u.for_.orelse, lv);
    break;
  case AST_RAISE:
    dump_field(d, NULL, n->u.raise.exc, lv);
    dump_field(d, "cause", n->u.raise.cause, lv);
    break;
  case AST_TRY:
    dump_list(d, "body", &n->u.try_.body, lv);
    dump_list(d, "handlers", &n->u.try_.handlers, lv);
    dump_list(d, "orelse", &n->u.try_.orelse, lv);
    dump_list(d, "finalbody", &n->u.try_.finalbody, lv);
    break;
  case AST_ASSERT:
    dump_field(d, "test", n->u.assert_.test, lv);
    dump_field(d, "msg", n->u.assert_.msg, lv);
    break;
  case AST_GLOBAL: case AST_DEL: case AST_IMPORT:
    dump_list(d, NULL, &n->u.names.items, lv);
    break;
  case AST_IMPORTFROM: dump_list(d, NULL, &n->u.importfrom.names, lv); break;
  case AST_FUNCDEF:
    dump_list(d, "decorators", &n->u.func.decorators, lv);
    dump_list(d, "params", &n->u.func.params, lv);
    dump_list(d, "body", &n->u.func.body, lv);
    break;
  case AST_CLASSDEF:
    dump_list(d, "decorators", &n->u.cls.decorators, lv);
    dump_field(d, "base", n->u.cls.base, lv);
    dump_list(d, "body", &n->u.cls.body, lv);
    break;
  case AST_MODULE: dump_list(d, NULL, &n->u.module.body, lv); break;
  default: break;
  }
}

static void dump_node(Dumper *d, const Node *n, int level) {
  indent(d, level);
  fputs(ast_kind_name((AstKind)n->kind), d->out);
  dump_attrs(d, n);
  put_range(d, n->loc);
  dump_kids(d, n, level + 1);
}

void ast_dump(FILE *out, SourceMgr *sm, const Node *module) {
  Dumper d = {out, sm};
  if (module) dump_node(&d, module, 0);
}
