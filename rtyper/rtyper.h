/* rtyper.h — the rtyper: annotated flow graphs to low-level graphs
 * (ARCHITECTURE.md §4, docs/rtyper.md).
 *
 * Promise: rty_run chooses a representation (Repr) for every annotation of
 * the program and rewrites every reachable annotated graph in place into a
 * low-level graph: Op.opc becomes an LLOp (core/llops.def), every Value's
 * `ll` slot its LLType; exception links stay (their exitcase becomes the
 * caught class's vtable, a CONST_LLOBJ); blocks the annotator never reached
 * are dropped. Operations the JIT must see through become LL operations or
 * small helper graphs made with llbuild (one per helper and types, cached);
 * larger helpers are runtime C functions listed in rthelpers.def. The
 * prebuilt heap reachable from constants becomes LLPrebuilt static data.
 * rty_program then fills a BeProgram for the LLVM backend.
 * Errors (something RL allows but this rtyper cannot represent) are
 * diagnostics at the user's line; rty_run then returns false.
 * Expects: ann_program succeeded; the Program's arena outlives the RTyper;
 * the Prebuild (may be NULL in tests) lives until the backend has run. */
#ifndef RT_RTYPER_H
#define RT_RTYPER_H

#include <stdbool.h>
#include <stdio.h>

#include "../annotator/ann.h"
#include "../backend/llvm/llvm_backend.h"
#include "../core/lltype.h"
#include "../prebuild/prebuild.h"
#include "llfixed.h"

typedef struct RTyper RTyper;
typedef struct Repr Repr;

RTyper *rty_new(Program *P, Annotator *AN, Prebuild *PB);
/* Rewrites every reachable graph; false after errors. */
bool rty_run(RTyper *R);
/* The program for be_emit (valid while R lives). */
void rty_program(RTyper *R, BeProgram *out);
/* --dump=rtyped: every ll graph (helpers included) in a stable order;
 * `only` keeps the graphs whose name contains it. */
void rty_dump(FILE *out, RTyper *R, const char *only);
void rty_free(RTyper *R);

/* For tests: the representation chosen for an annotation and its type. */
Repr *rty_repr_of(RTyper *R, Ann *a);
LLType *rty_repr_lltype(const Repr *r);

#endif
