/* jit_text.h — the text form of traces: printer and parser (docs/jit-trace-ir.md).
 *
 * Promise: jprint_trace prints a trace in a stable form (values renumbered
 * in order: inputs, then results; kind letter i, p or f and one counter);
 * jparse_file reads a trace file — descriptor declarations, test directives,
 * an input trace and optionally, after a line `# expected`, the expected
 * optimized trace — into traces sharing one JirEnv. Printing a parsed trace
 * and parsing the print gives the same print (round trip).
 * Named constants (ConstPtr(name), ConstClass(name)) get fake addresses
 * (distinct, stable within one file); `known` facts let tests stub the
 * values of immutable fields of constant objects.
 * Expects: the source is NUL-terminated; errors are reported as
 * "line N: message" in err and the function returns false (nothing leaks). */
#ifndef RT_JIT_TEXT_H
#define RT_JIT_TEXT_H

#include <stdbool.h>
#include <stdio.h>

#include "jit_ir.h"

enum {
  JPRINT_DESCRS = 1,      /* also print the `descr` declarations, all */
  JPRINT_USED_DESCRS = 2, /* ... only those the trace's ops and snapshots
                             name (a log's trace then reads by itself) */
};

void jprint_trace(FILE *out, const Trace *T, unsigned flags);
/* Prints into a malloc'ed string (caller frees). */
char *jprint_string(const Trace *T, unsigned flags);
/* One constant as the text format writes it. */
void jprint_const(FILE *out, const Trace *T, JRef k);

typedef struct JparseFact {  /* known ConstPtr(obj).descr = value */
  uintptr_t obj;
  uint32_t descr;
  char kind;
  int64_t bits;               /* int value, double bits, or a gc address */
  uint32_t name;              /* the value's ConstPtr/ConstClass name, 0 */
} JparseFact;

typedef struct JparseFile {
  JirEnv *env;
  Trace *input;               /* the trace before the `# expected` line */
  Trace *expected;            /* after it, or NULL */
  char *passes;               /* the `passes` directive's words, or NULL */
  JparseFact *facts; uint32_t nfacts, factcap;
  uint32_t *names; uint32_t nnames, namecap; /* named constants' strings */
} JparseFile;

/* Parses a whole trace file into F (F->env must be initialized). */
bool jparse_file(JparseFile *F, JirEnv *E, const char *src, char *err,
                 size_t errlen);
void jparse_file_free(JparseFile *F);
/* The fake address of named constant `name` (as ConstPtr/ConstClass). */
int64_t jparse_named_addr(JparseFile *F, const char *name, size_t len);

#endif
