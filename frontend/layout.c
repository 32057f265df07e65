/* layout.c — the layout filter between scanner and parser (see layout.h).
 *
 * CPython's tokenizer computes indentation at the first token of each
 * logical line; here the scanner returns raw tokens (NEWLINE at every
 * physical line end) and this filter keeps the state: the indentation
 * stack, the bracket stack (for implicit line joining and bracket errors),
 * the logical line counter. Indentation is measured from the start of the
 * physical line to the first token (spaces, tabs, form feeds; anything else,
 * e.g. a backslash continuation, ends it, as in CPython 3.9). Tokens go
 * through a small queue because one raw token can give several (DEDENTs,
 * an inserted INDENT DEDENT pair, closers after a skipped line). */
#include "frontend/layout.h"

#include <string.h>

#include "lexer.h"

_Static_assert((LAY_QUEUE & (LAY_QUEUE - 1)) == 0 &&
                   LAY_QUEUE > 2 * FE_MAX_NESTING + 2 * LAY_MAX_INDENT + 16,
               "the token queue must hold a worst-case burst");

void lay_init(Layout *L, Arena *A, Interner *I, Diag *D, uint32_t file) {
  memset(L, 0, sizeof *L);
  SourceFile *f = sm_file(D->sm, file);
  uint32_t start = 0;
  if (f && f->len >= 3 && memcmp(f->text, "\xEF\xBB\xBF", 3) == 0) start = 3;
  lex_ctx_init(&L->lx, A, I, D, file, start);
  if (rlxlex_init_extra(&L->lx, (yyscan_t *)&L->scanner) != 0) rt_oom();
  L->buffer = rlx_scan_bytes(L->lx.text + start, (int)(L->lx.len - start),
                             L->scanner);
  L->line_start = start;
  L->atbol = true;
  L->last_kind = T_NEWLINE;
}

void lay_destroy(Layout *L) {
  if (L->scanner) rlxlex_destroy(L->scanner);
  L->scanner = NULL;
}

bool lay_suppressed(const Layout *L, uint32_t lline) {
  return L->has_err && L->err_lline == lline;
}

static void lay_error(Layout *L, RlLoc loc, const char *msg) {
  if (!lay_suppressed(L, L->lline)) lex_error(&L->lx, loc, "%s", msg);
  L->lx.error = false;
  L->has_err = true;
  L->err_lline = L->lline;
}

static void push(Layout *L, int kind, RlLoc loc, const YYSTYPE *val) {
  if (L->qlen == LAY_QUEUE) return;  /* cannot happen: bounded by design */
  Token *t = &L->q[(L->qhead + L->qlen++) & (LAY_QUEUE - 1)];
  t->kind = kind;
  if (val) t->val = *val;
  else memset(&t->val, 0, sizeof t->val);
  t->loc = loc;
  t->lline = L->lline;
  if (kind == T_NEWLINE) L->lline++;
  L->last_kind = kind;
}

static RlLoc at(uint32_t off) { return (RlLoc){off, off}; }

static int closer_of(int open) {
  return open == T_LPAR ? T_RPAR : open == T_LSQB ? T_RSQB : T_RBRACE;
}

static char bracket_char(int kind) {
  switch (kind) {
  case T_LPAR: return '(';
  case T_RPAR: return ')';
  case T_LSQB: return '[';
  case T_RSQB: return ']';
  case T_LBRACE: return '{';
  default: return '}';
  }
}

static bool is_opener(int k) { return k == T_LPAR || k == T_LSQB || k == T_LBRACE; }
static bool is_closer(int k) { return k == T_RPAR || k == T_RSQB || k == T_RBRACE; }

static bool ends_operand(int k) {
  return k == T_NAME || k == T_NUMBER || k == T_STRING || is_closer(k) ||
         k == T_NONE || k == T_TRUE || k == T_FALSE || k == T_ELLIPSIS;
}

static bool is_prefix_op(int k) {
  return k == T_MINUS || k == T_PLUS || k == T_TILDE || k == T_NOT ||
         k == T_STAR || k == T_DOUBLESTAR || k == T_AWAIT;
}

static void push_level(Layout *L, uint32_t col, uint32_t altcol, bool phantom) {
  L->nind++;
  L->ind[L->nind] = col;
  L->alt[L->nind] = altcol;
  L->phantom[L->nind] = phantom;
}

static void empty_block(Layout *L, RlLoc here) {
  lay_error(L, here, "expected an indented block");
  push(L, T_INDENT, here, NULL);
  push(L, T_DEDENT, here, NULL);
}

/* First token of a logical line: compare its column with the stack. */
static void lay_indent(Layout *L, RlLoc tok) {
  const char *s = L->lx.text;
  uint32_t col = 0, altcol = 0;
  for (uint32_t p = L->line_start; p < tok.start; p++) {
    if (s[p] == ' ') col++, altcol++;
    else if (s[p] == '\t') col = (col / 8 + 1) * 8, altcol++;
    else if (s[p] == '\f') col = altcol = 0;
    else break;
  }
  RlLoc here = at(tok.start);
  bool want = L->line_colon;
  /* After a syntax error in the previous line (a block header, probably),
   * an indented block is accepted: the parser's recovery skips it. */
  bool may = want || (L->has_synerr && L->synerr_lline + 1 == L->lline);
  L->line_colon = false;
  uint32_t top = L->ind[L->nind];
  if (col == top) {
    if (altcol != L->alt[L->nind])
      lay_error(L, here, "inconsistent use of tabs and spaces in indentation");
    if (want) empty_block(L, here);
  } else if (col > top) {
    if (altcol <= L->alt[L->nind])
      lay_error(L, here, "inconsistent use of tabs and spaces in indentation");
    if (L->nind >= LAY_MAX_INDENT) {
      if (!L->indent_overflow)
        lay_error(L, here, "too many levels of indentation (limit is 100)");
      L->indent_overflow = true;
      L->has_err = true;
      L->err_lline = L->lline;
      if (want) push(L, T_INDENT, here, NULL), push(L, T_DEDENT, here, NULL);
      return;
    }
    if (!may) lay_error(L, here, "unexpected indent");
    else push(L, T_INDENT, here, NULL);
    push_level(L, col, altcol, !may);
  } else {
    if (want) empty_block(L, here);
    while (L->nind > 0 && col < L->ind[L->nind]) {
      if (!L->phantom[L->nind]) push(L, T_DEDENT, here, NULL);
      L->nind--;
    }
    if (col != L->ind[L->nind]) {
      lay_error(L, here, "unindent does not match any outer indentation level");
      push_level(L, col, altcol, true);
    } else if (altcol != L->alt[L->nind]) {
      lay_error(L, here, "inconsistent use of tabs and spaces in indentation");
    }
    if (L->nind < LAY_MAX_INDENT) L->indent_overflow = false;
  }
}

static void lay_eof(Layout *L, RlLoc eof) {
  if (L->depth > 0) {
    char msg[40];
    snprintf(msg, sizeof msg, "'%c' was never closed",
             bracket_char(L->brk[L->depth - 1]));
    lay_error(L, L->brk_loc[L->depth - 1], msg);
    L->depth = 0;
  }
  if (!L->atbol) {
    L->line_colon = L->last_kind == T_COLON;
    push(L, T_NEWLINE, eof, NULL);
  }
  if (L->line_colon) empty_block(L, eof);
  for (; L->nind > 0; L->nind--)
    if (!L->phantom[L->nind]) push(L, T_DEDENT, eof, NULL);
  push(L, 0, eof, NULL);
  L->done = true;
}

/* Too deeply nested: report, then skip the rest of the logical line. */
static void start_skip(Layout *L, RlLoc loc, int extra_depth) {
  char msg[64];
  snprintf(msg, sizeof msg, "too deeply nested (limit is %d)", FE_MAX_NESTING);
  lay_error(L, loc, msg);
  L->skip = true;
  L->skip_depth = L->depth + extra_depth;
  L->unary_run = 0;
}

/* Ends a skip: closes the brackets the parser has seen. */
static void end_skip(Layout *L, RlLoc loc) {
  L->skip = false;
  while (L->depth > 0) {
    L->depth--;
    push(L, closer_of(L->brk[L->depth]), at(loc.start), NULL);
  }
}

static void raw_token(Layout *L, Token *r) {
  if (L->scan_done) {
    r->kind = 0;
  } else {
    r->kind = rlxlex(&r->val, &r->loc, L->scanner);
    if (r->kind == 0) L->scan_done = true;
  }
  if (r->kind == 0) r->loc = at(L->lx.len);
  if (L->lx.error) {
    L->lx.error = false;
    L->has_err = true;
    L->err_lline = L->lline;
  }
}

/* Brackets and the prefix-operator run; false if the token is dropped. */
static bool lay_nesting(Layout *L, Token *r) {
  int k = r->kind;
  if (is_prefix_op(k) && !ends_operand(L->last_kind)) {
    if (++L->unary_run > FE_MAX_NESTING) {
      start_skip(L, r->loc, 0);
      return false;
    }
  } else {
    L->unary_run = 0;
  }
  if (is_opener(k)) {
    if (L->depth == FE_MAX_NESTING) {
      start_skip(L, r->loc, 1);
      return false;
    }
    L->brk[L->depth] = k;
    L->brk_loc[L->depth] = r->loc;
    L->depth++;
  } else if (is_closer(k)) {
    char msg[80];
    if (L->depth == 0) {
      snprintf(msg, sizeof msg, "unmatched '%c'", bracket_char(k));
      lay_error(L, r->loc, msg);
      return false;
    }
    int want = closer_of(L->brk[L->depth - 1]);
    if (k != want) {
      snprintf(msg, sizeof msg,
               "closing parenthesis '%c' does not match opening parenthesis '%c'",
               bracket_char(k), bracket_char(L->brk[L->depth - 1]));
      lay_error(L, r->loc, msg);
      r->kind = want;
    }
    L->depth--;
  }
  return true;
}

static void lay_skip_token(Layout *L, Token *r) {
  if (r->kind == 0) {
    end_skip(L, r->loc);
    lay_eof(L, r->loc);
  } else if (is_opener(r->kind)) {
    L->skip_depth++;
  } else if (is_closer(r->kind)) {
    if (L->skip_depth > 0) L->skip_depth--;
  } else if (r->kind == T_NEWLINE && L->skip_depth == 0) {
    end_skip(L, r->loc);
    L->line_colon = false;
    push(L, T_NEWLINE, r->loc, NULL);
    L->atbol = true;
    L->line_start = r->loc.end;
  }
}

/* Keywords that can only start a statement, never appear inside brackets. */
static bool is_statement_keyword(int k) {
  switch (k) {
  case T_DEF: case T_CLASS: case T_RETURN: case T_WHILE: case T_TRY:
  case T_EXCEPT: case T_FINALLY: case T_WITH: case T_RAISE: case T_PASS:
  case T_BREAK: case T_CONTINUE: case T_GLOBAL: case T_NONLOCAL:
  case T_ASSERT: case T_DEL: case T_ELIF: case T_IMPORT:
    return true;
  default:
    return false;
  }
}

/* A statement keyword starts a physical line inside brackets: the brackets
 * were never closed. Report the innermost one (unless its line already has
 * an error), close them all for the parser and end the logical line, so
 * that the statement is parsed as a new line and later errors are found. */
static void lay_force_close(Layout *L, RlLoc tok, uint32_t phys_start) {
  RlLoc open = L->brk_loc[L->depth - 1];
  char msg[40];
  snprintf(msg, sizeof msg, "'%c' was never closed",
           bracket_char(L->brk[L->depth - 1]));
  if (!(L->has_synerr && L->synerr_lline == L->lline)) lay_error(L, open, msg);
  while (L->depth > 0) {
    L->depth--;
    push(L, closer_of(L->brk[L->depth]), at(tok.start), NULL);
  }
  L->forced_close++;
  push(L, T_NEWLINE, at(tok.start), NULL);
  L->atbol = true;
  L->line_start = phys_start;
}

static void lay_fill(Layout *L) {
  if (L->done || L->lx.D->stop) {
    push(L, 0, at(L->lx.len), NULL);
    L->done = true;
    return;
  }
  Token r;
  raw_token(L, &r);
  if (L->skip) {
    lay_skip_token(L, &r);
    return;
  }
  if (r.kind == 0) {
    lay_eof(L, r.loc);
  } else if (r.kind == T_NEWLINE) {
    if (L->depth > 0) {
      L->phys_bol = true;
      L->phys_start = r.loc.end;
      return;
    }
    if (!L->atbol) {
      L->line_colon = L->last_kind == T_COLON;
      push(L, T_NEWLINE, r.loc, NULL);
      L->atbol = true;
    }
    L->line_start = r.loc.end;
  } else {
    if (L->phys_bol && L->depth > 0 && is_statement_keyword(r.kind))
      lay_force_close(L, r.loc, L->phys_start);
    L->phys_bol = false;
    if (L->atbol) {
      if (L->depth == 0) lay_indent(L, r.loc);
      L->atbol = false;
    }
    if (lay_nesting(L, &r)) push(L, r.kind, r.loc, &r.val);
  }
}

int lay_next(Layout *L, Token *t) {
  while (L->qlen == 0) lay_fill(L);
  *t = L->q[L->qhead];
  L->qhead = (L->qhead + 1) & (LAY_QUEUE - 1);
  L->qlen--;
  return t->kind;
}
