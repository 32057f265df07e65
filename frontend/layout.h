/* layout.h — the token stream the parser reads: scanner + layout filter.
 *
 * Promise: lay_next returns the tokens of a file one by one, as the parser
 * wants them: NEWLINE only at the end of a non-blank logical line (none
 * inside brackets, none for blank or comment-only lines), INDENT/DEDENT
 * from an indentation stack (CPython's algorithm: tabs to multiples of 8,
 * form feed resets, a second comparison with tab size 1 detects
 * inconsistent tabs), at end of file a NEWLINE if missing, the DEDENTs,
 * then end-of-file (kind 0) forever. Layout errors are reported here and
 * repaired so that the parser sees a well-formed stream:
 *   unexpected indent        the deeper lines form a "phantom" level that
 *                            emits no INDENT/DEDENT
 *   expected an indented block   an empty INDENT DEDENT pair is inserted
 *   unindent does not match  a phantom level at the new column
 *   unmatched ')'            the token is dropped
 *   mismatched closer        it is replaced by the expected one
 *   '(' was never closed     reported at end of file
 *   too deeply nested        (> FE_MAX_NESTING brackets or prefix
 *                            operators) the rest of the logical line is
 *                            skipped, then the open brackets are closed
 * Each token carries the number of its logical line; lay_suppressed tells
 * the parser whether a lexical or layout error was already reported on a
 * line, so that it does not add a syntax error there.
 * Expects: lay_destroy is called once after lay_init (frees the scanner). */
#ifndef RT_LAYOUT_H
#define RT_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "frontend/lex.h"
#include "frontend/parse.h"
#include "parser.h"

enum {
  LAY_MAX_INDENT = 100,  /* indentation levels */
  LAY_QUEUE = 1024,      /* > 2 * FE_MAX_NESTING + 2 * LAY_MAX_INDENT + 16 */
};

typedef struct Token {
  int kind;        /* yytoken_kind_t (T_...); 0 = end of file */
  uint32_t lline;  /* logical line number, from 0 */
  YYSTYPE val;     /* name / str / num, by kind */
  RlLoc loc;
} Token;

typedef struct Layout {
  LexCtx lx;
  void *scanner;                         /* flex yyscan_t */
  void *buffer;                          /* flex YY_BUFFER_STATE */
  uint32_t ind[LAY_MAX_INDENT + 2];      /* indentation columns, ind[0] = 0 */
  uint32_t alt[LAY_MAX_INDENT + 2];      /* same with tab size 1 */
  bool phantom[LAY_MAX_INDENT + 2];      /* level emits no INDENT/DEDENT */
  int nind;                              /* top of the stack */
  bool indent_overflow;                  /* "too many levels" said once */
  int brk[FE_MAX_NESTING];               /* open bracket token kinds */
  RlLoc brk_loc[FE_MAX_NESTING];
  int depth;                             /* open brackets */
  Token q[LAY_QUEUE];                    /* tokens ready for the parser */
  int qhead, qlen;
  uint32_t line_start;                   /* offset of the current line */
  bool atbol;                            /* next token starts a line */
  bool line_colon;                       /* last logical line ended in ':' */
  bool scan_done, done;                  /* scanner / stream at its end */
  bool skip;                             /* skipping after "too deeply nested" */
  int skip_depth;
  int last_kind;                         /* last token queued */
  int unary_run;                         /* consecutive prefix operators */
  uint32_t lline;                        /* logical lines ended so far */
  uint32_t err_lline;                    /* line of the last lexical error */
  bool has_err;
  uint32_t synerr_lline;                 /* line of the last syntax error */
  bool has_synerr;                       /* (set by the parser) */
  bool phys_bol;                         /* inside brackets, at a new line */
  uint32_t phys_start;                   /* ... which starts here */
  uint32_t forced_close;                 /* times brackets were force-closed */
} Layout;

void lay_init(Layout *L, Arena *A, Interner *I, Diag *D, uint32_t file);
int lay_next(Layout *L, Token *t);
void lay_destroy(Layout *L);
bool lay_suppressed(const Layout *L, uint32_t lline);

/* Printable name of a token kind ("'('", "name", "end of line"...);
 * defined in parser.y. */
const char *parse_token_name(int kind);

#endif
