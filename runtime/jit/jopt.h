/* jopt.h — the trace optimizer (docs/jit-optimizer.md).
 *
 * Promise: jopt_optimize rewrites a linear trace in place through a fixed
 * list of passes (opt.c, one per line): simplify (constant folding,
 * algebraic rules, CSE of pure ops), guard (guard strengthening and
 * removal, guard_value -> constant), heap (load forwarding, write merging,
 * invalidation per call effects, immutable fields of constant objects),
 * guard again (on the loads heap forwarded), intbounds (integer intervals, implied guards, overflow ops that cannot
 * overflow) and dce (unused pure ops); then, when JOPT_PEEL is asked for,
 * loop peeling (opt_peel.c: a preamble, and a loop without what is
 * invariant). Every pass re-emits the ops it keeps
 * through the same fold + CSE step, so constants found by one pass fold in
 * the next. Guards' fail-args (snapshots) are renamed with the values and
 * never left dangling. The result has the same inputs and the same
 * observable effects on every path that passes all of the trace's guards.
 * Expects: a trace that jir_verify accepts (inputs first, operands defined
 * before use; a label only right after the inputs); descriptors in the
 * trace's JirEnv. With JOPT_VIRTUAL, allocations that do not escape are
 * removed (opt_virtual.c) and guards' snapshots may name virtuals (JVirt).
 * Stores may be delayed past guards (their snapshots list them, JPending),
 * never past a call or a label. Strings and unrolling are later work. */
#ifndef RT_JIT_JOPT_H
#define RT_JIT_JOPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jit_ir.h"

/* The value of an immutable (or quasi-immutable) field `descr` of constant
 * GC object `obj`: true with *bits set (int value, double bits or a GC
 * address, per the descr's kind), false when unknown. */
typedef bool (*JoptReadImmutable)(void *user, uint32_t descr, uintptr_t obj,
                                  int64_t *bits);

enum {  /* pass bits for JoptOptions.passes */
  JOPT_FOLD = 1, JOPT_CSE = 2, JOPT_GUARD = 4, JOPT_HEAP = 8,
  JOPT_INTBOUNDS = 16, JOPT_DCE = 32, JOPT_ALL = 63,
  JOPT_PEEL = 64,  /* loop peeling after the passes (opt_peel.c); not in ALL */
  JOPT_RANGE = 128, /* one check per run of range guards (opt_range.c); not in ALL */
  JOPT_VIRTUAL = 256, /* allocation removal (opt_virtual.c); not in ALL */
  JOPT_CARRY = 512, /* after peeling: memory carried in registers around
                       the loop (opt_carry.c); not in ALL */
};

typedef struct JoptOptions {
  unsigned passes;              /* JOPT_* bits; 0 means JOPT_ALL */
  bool verify;                  /* jir_verify the input and after every pass */
  JoptReadImmutable read_immutable; /* may be NULL */
  void *user;                   /* for read_immutable */
  char *err;                    /* verifier message (may be NULL) */
  size_t errlen;
} JoptOptions;

/* Optimizes T in place. false only when `verify` found a broken trace
 * (message in o->err). */
bool jopt_optimize(Trace *T, const JoptOptions *o);
/* Parses pass names ("fold cse guard heap intbounds dce", or "all") into
 * JOPT_* bits; 0 on an unknown name. */
unsigned jopt_parse_passes(const char *words);

#endif
