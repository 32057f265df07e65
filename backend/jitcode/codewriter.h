/* codewriter.h — rtyped graphs to the jitcode image (ARCHITECTURE.md §5
 * "Codewriter", docs/jitcode.md; format in runtime/jit/jitcode.h).
 *
 * Promise: cw_write finds the portals (graphs holding a jit_merge_point),
 * and gives a jitcode to each portal and to every graph a portal may trace
 * into: a graph reached by direct_call from a jitcode, unless it is
 * @dont_look_inside or @elidable, contains a loop (without @unroll_safe or
 * @look_inside), is itself a portal, or holds an operation the JIT cannot
 * run; those, runtime helpers and indirect calls become residual calls.
 * Every SSA variable gets a register of its bank (int: Signed, Unsigned,
 * Bool, Char; ref: pointers; float), parameters first, constants in the
 * top registers; block arguments become parallel moves, exception links
 * catch_exception / goto_if_exception_mismatch, and links to the return or
 * except block return / raise. It checks each jit_merge_point: one per
 * driver, and nothing but its greens and reds live across it (an error at
 * the merge point's line otherwise, exit status 1).
 * The result is one image (validated with jc_image_open before it is
 * returned) plus what the LLVM backend must emit beside it: the address
 * table (functions and prebuilt objects, `rl_jit_addrs`) and one call stub
 * per native signature (`rl_jit_stubs`), each named by a signature string:
 * the result letter, ':', then one letter per argument, from
 * v (void) b (Bool) c (Char) i (Signed) u (Unsigned) f (Float) p (pointer).
 * Expects: graphs as the LLVM backend takes them (llvm_backend.h). */
#ifndef RT_CODEWRITER_H
#define RT_CODEWRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "backend/llvm/llvm_backend.h"

typedef struct CwAddr {
  bool is_func;          /* an LLFunc (else an LLPrebuilt) */
  bool reentry;          /* the re-entry function of portal LLFunc p (the
                            backend's; NULL when it makes none) */
  void *p;
} CwAddr;

typedef struct CwImage {
  uint8_t *bytes;        /* 8-aligned, in the arena */
  uint32_t size;
  CwAddr *addrs;         /* rl_jit_addrs, in order */
  uint32_t naddrs;
  const char **stub_sigs;/* rl_jit_stubs, in order */
  const LLType **stub_types; /* a function type of each signature */
  uint32_t nstubs;
  const void **driver_keys;  /* per driver index: the jit_marker's driver
                                constant (Value.u.ref.p) */
  const uint32_t *driver_ngreens; /* per driver index: its greens */
  uint32_t ndrivers;     /* 0: the program has no JitDriver in use */
} CwImage;

/* Writes the image of `prog` into *out (arena memory); false after
 * reporting errors through D. */
bool cw_write(const BeProgram *prog, Arena *A, Diag *D, CwImage *out);

/* The register bank of a low-level type: JC_INT (Bool, Char, Signed,
 * Unsigned), JC_REF (pointers), JC_FLOAT; -1 for Void or NULL. The LLVM
 * backend's stubs and portal hook use the same banks. */
int cw_bank(const LLType *t);

/* --dump=jitcode: the disassembly with address and stub names. */
void cw_dump(FILE *out, const CwImage *img, Arena *A);

#endif
