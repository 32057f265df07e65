/* lex.h — what the scanner (lexer.l + lex.c), the layout filter and the
 * parser share: token value types, the scanner context, literal decoding.
 *
 * Promise: the scanner turns bytes into raw tokens (NEWLINE at every
 * physical line end, no INDENT/DEDENT: see layout.h) whose locations are
 * raw byte offsets into the file text. Literal values are decoded here:
 * strings to bytes 0..255 in arena memory, numbers range-checked. Lexical
 * errors are reported through the Diag at the offending bytes, `error` is
 * set, and scanning goes on (a rejected literal still yields a harmless
 * token of its kind, so the parser does not add noise).
 * Expects: the file text outlives the scan; lexer.l defines the actions. */
#ifndef RT_LEX_H
#define RT_LEX_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "frontend/ast.h"

/* A byte range [start, end) in the file being parsed (bison's YYLTYPE). */
typedef struct RlLoc {
  uint32_t start, end;
} RlLoc;

/* A decoded string literal; cap lets the parser concatenate in place. */
typedef struct StrLit {
  char *s;
  uint32_t len, cap;
} StrLit;

/* A numeric literal: an int (i, big: decimal 2**63) or a float (f). */
typedef struct NumLit {
  union {
    int64_t i;           /* an int */
    double f;            /* a float */
  };
  bool is_float;
  bool big;
} NumLit;

/* Parser scratch values (declared here so that the token value union,
 * which bison generates into parser.h, can hold them). */
typedef struct SeqLit {   /* comma lists: items, a comprehension, a comma? */
  NodeList items;
  NodeList gens;         /* COMPREHENSION nodes when a comprehension */
  bool comma;
} SeqLit;

typedef struct CmpLit {   /* the tail of a comparison chain */
  NodeList comparators;
  uint8_t *ops;          /* CmpOp; grows with comparators */
} CmpLit;

typedef struct IfTail {   /* elif clauses and else of an if statement */
  NodeList elifs;        /* IF nodes with test and body */
  NodeList orelse;
  bool has_else;
} IfTail;

enum { LEX_KW_SLOTS = 128 };

typedef struct LexCtx {
  Arena *A;
  Interner *I;
  Diag *D;
  uint32_t file;
  const char *text;      /* the whole file text */
  uint32_t len;
  uint32_t pos;          /* offset of the next byte the scanner reads */
  bool error;            /* a lexical error was reported (filter clears) */
  uint8_t kw[LEX_KW_SLOTS];  /* keyword hash table: index + 1, 0 = empty */
} LexCtx;

void lex_ctx_init(LexCtx *X, Arena *A, Interner *I, Diag *D, uint32_t file,
                  uint32_t start);
/* diag_error with a va_list (counts the error, honours D->stop). */
void fe_verror(Diag *D, Loc loc, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
void lex_error(LexCtx *X, RlLoc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Token kind of an identifier: a keyword's T_ token, else T_NAME; sets
 * *name to the interned spelling for names. Non-ASCII identifiers are
 * diagnosed by lex_bad_ident. */
int lex_ident(LexCtx *X, RlLoc loc, const char **name);
int lex_bad_ident(LexCtx *X, RlLoc loc, const char **name);
void lex_string(LexCtx *X, RlLoc loc, StrLit *out);
void lex_int(LexCtx *X, RlLoc loc, NumLit *out);
void lex_float(LexCtx *X, RlLoc loc, NumLit *out);
void lex_bad_number(LexCtx *X, RlLoc loc, NumLit *out, bool imaginary);
void lex_bad_char(LexCtx *X, RlLoc loc);
void lex_bad_utf8(LexCtx *X, RlLoc loc);  /* a truncated UTF-8 sequence */
void lex_comment(LexCtx *X, RlLoc loc);  /* checks UTF-8 in a comment */

#endif
