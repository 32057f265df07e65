/* parse.h — RL scanner + layout filter + parser: source text to AST.
 *
 * Promise: fe_parse scans and parses the text of `file` (already in the
 * SourceMgr) and returns a MODULE node. Syntax errors and constructs outside
 * RL are reported through `D` (several per run, with recovery; the parser
 * stops once D->stop is set) and the returned tree is then only partial:
 * callers must check D->nerrors before using it. Never crashes, hangs or
 * overflows the stack, whatever the input (nesting deeper than
 * FE_MAX_NESTING brackets/blocks is an error "too deeply nested").
 * A UTF-8 BOM is skipped; CRLF line ends are accepted.
 * Expects: `A` and `I` outlive the tree. */
#ifndef RT_PARSE_H
#define RT_PARSE_H

#include "../core/arena.h"
#include "../core/diag.h"
#include "../core/intern.h"
#include "ast.h"

enum { FE_MAX_NESTING = 200 };

Node *fe_parse(Arena *A, Interner *I, Diag *D, uint32_t file);

#endif
