/* opt_pass.h — what the optimizer's passes share (internal to runtime/jit/opt_*.c).
 *
 * Promise: a pass reads O->src and writes a new trace O->dst, both with the
 * same constants (so constant refs never change). O->map takes a src
 * instruction to its dst value; jopt_get also follows replacements made in
 * dst (jopt_replace: "from here on, use this value instead", e.g. after
 * guard_value). Ops are written through jopt_emit: fold rules, then CSE of
 * pure ops, then append (LuaJIT's recorder order). The driver (opt.c) runs
 * each pass and swaps dst into the trace.
 * Expects: a pass calls jopt_default for each op it does not handle. */
#ifndef RT_JIT_OPT_PASS_H
#define RT_JIT_OPT_PASS_H

#include "jit_ir.h"
#include "jopt.h"

enum { OVF_NONE, OVF_KEPT, OVF_GONE };  /* what became of the last *_ovf op */

typedef struct JOpt {
  const JoptOptions *opt;
  unsigned enabled;       /* JOPT_* */
  bool heap_saw_alloc;    /* the heap pass merged away a store of an
                             allocation or answered a load with one: the
                             virtual pass may find more (opt.c) */
  bool fold_consts;       /* fold ops whose operands are all constants even
                             without JOPT_FOLD (passes over a peeled loop) */
  uint32_t label_at;      /* dst index of a label after other ops, 0 */
  uint8_t *loop_var;      /* dst index -> an operand of that label */
  uint32_t loop_var_cap;
  Trace *src, *dst;
  JRef *map;              /* src instruction index -> dst value */
  JRef *fwd;              /* dst instruction index -> replacement, 0 none */
  uint32_t fwdcap;
  uint32_t cur;           /* src instruction being rewritten */
  int ovf;                /* OVF_*: the previous op was an *_ovf op */
  /* what the last guard emitted proved (guard_constant): its ref, the
   * value it replaced and that value's replacement before (see
   * jopt_resolve_failing) */
  JRef proved_by, proved, proved_was;
  uint16_t foldidx[JIR__COUNT + 1]; /* fold rules of op: [idx[op], idx[op+1]) */
  uint16_t foldrules[256];
} JOpt;

/* Whether field `descr` of obj (or an item of array obj, descr its
 * array descr) belongs to a virtualizable: a field `_virtualizable_`
 * names, a field of one of its lists, or an item of such a list's array.
 * Calls with JEF_NOVABLE leave those alone. */
bool jopt_vable_loc(const Trace *T, JRef obj, uint32_t descr);
/* The frame such a location belongs to (JREF_NONE: none). */
JRef jopt_vable_root(const Trace *T, JRef obj, uint32_t descr);
/* Whether a call with these effects and operands (in T) leaves location
 * (obj, descr) alone because it is a virtualizable's: a JEF_NOVABLE call
 * leaves every frame's, a JEF_VABLE_ARGS call those of the frames it is
 * not passed. */
bool jopt_call_leaves_loc(const Trace *T, unsigned effects, const JRef *args, unsigned nargs,
                          JRef obj, uint32_t descr);
/* What the body of a peeled loop (the ops between its label and its
 * jump) may write: every memory (all), the descrs in `written`, strings
 * (str), and with `nonvable` all but the virtualizables' locations that
 * calls leaving them alone spare (vargs: the operands of the vable_args
 * ones). */
typedef struct JBodyWrites {
  bool all, nonvable, str;
  uint32_t *written;
  uint32_t nwritten, wcap;
  JRef *vargs;
  uint32_t nvargs, vargcap;
} JBodyWrites;
void jopt_body_writes(const Trace *T, uint32_t label, uint32_t jump, JBodyWrites *w);
/* Whether a load (op) of descr from obj reads the same in every iteration
 * of such a body when obj does not change. */
bool jopt_body_leaves(const Trace *T, const JBodyWrites *w, unsigned op, JRef obj,
                      uint32_t descr);
void jopt_body_writes_free(JBodyWrites *w);
/* Whether the call has one of those two effects (and writes memory). */
bool jopt_call_spares_vables(const JDescr *call);
/* Whether arrays a and b are surely two objects: the items of a
 * virtualizable's lists from two different 'x[*]' fields, or of one and
 * an array two loads from any other field (a fixed-size list is its items
 * array; a frame's lists are its own, PyPy's contract for
 * virtualizables). */
bool jopt_distinct_vable_arrays(const Trace *T, JRef a, JRef b);
/* Whether guard op with operands a passes (1) or fails (0) on its
 * constants alone; -1 when it depends on a value (opt_fold.c). */
int jopt_const_guard(const Trace *T, unsigned op, const JRef *a);
/* Follows replacements of a dst ref. (Inline, with jopt_get: every pass
 * calls them for every operand and snapshot ref.) */
static inline JRef jopt_resolve(JOpt *O, JRef r) {
  while (!jir_isk(r) && jir_idx(r) < O->fwdcap && O->fwd[jir_idx(r)]) r = O->fwd[jir_idx(r)];
  return r;
}
/* The dst value of a src ref (constants are unchanged). */
static inline JRef jopt_get(JOpt *O, JRef src) {
  return jir_isk(src) ? src : jopt_resolve(O, O->map[jir_idx(src)]);
}
/* Uses `by` instead of dst value r from now on (r is not a constant). */
void jopt_replace(JOpt *O, JRef r, JRef by);
/* Fold, CSE, append. Returns the value (maybe a constant or an earlier
 * instruction); JREF_NONE when a guard or a void op disappeared. A new
 * guard gets the snapshot of src guard `g` (renamed), or an empty one. */
JRef jopt_emit(JOpt *O, unsigned op, unsigned nargs, const JRef *args,
               uint32_t descr, const JIns *g);
/* Appends without folding (keeps the src guard's snapshot, renamed). */
JRef jopt_append(JOpt *O, unsigned op, unsigned nargs, const JRef *args,
                 uint32_t descr, const JIns *g);
/* Maps the operands of src instruction I into args; returns nargs. */
unsigned jopt_args(JOpt *O, const JIns *I, JRef *args);
/* What r is where guard g (the guard just emitted) fails: jopt_resolve
 * without what g itself proves (after guard_value x K, x is K only when
 * the guard passes: the data a failure resumes from — delayed stores,
 * virtuals' fields — must hold x). */
JRef jopt_resolve_failing(JOpt *O, JRef g, JRef r);

/* Emits src instruction I with renamed operands; sets the map. */
JRef jopt_default(JOpt *O, const JIns *I);
/* r as base + constant in trace T: int_add(x, K) or int_add(K, x) with x
 * not a constant gives x and *k = K; anything else r itself and 0. */
JRef jopt_base_offset(const Trace *T, JRef r, int64_t *k);
/* The dst instruction defining r, or NULL for a constant. */
static inline JIns *jopt_def(JOpt *O, JRef r) {
  return jir_isk(r) ? NULL : jir_ins(O->dst, r);
}

/* opt_fold.c */
void jopt_fold_init(JOpt *O);
typedef struct JFold {
  unsigned op, nargs;
  JRef a[JIR_INLINE_ARGS];
  uint32_t descr;
  JRef res;               /* FOLD_REF: the value */
} JFold;
enum { FOLD_EMIT, FOLD_REF, FOLD_DROP };
int jopt_fold(JOpt *O, JFold *f);
/* opt_cse.c: an earlier identical pure instruction of dst, or 0. */
JRef jopt_cse(JOpt *O, unsigned op, unsigned nargs, const JRef *args,
              uint32_t descr);

/* the passes, in opt.c's order */
void jopt_pass_simplify(JOpt *O);
void jopt_pass_guard(JOpt *O);
void jopt_pass_heap(JOpt *O);
void jopt_pass_intbounds(JOpt *O);
void jopt_pass_dce(JOpt *O);
void jopt_pass_range(JOpt *O);
/* Whether T has two range guards or more to merge (else the range pass
 * would copy T unchanged). */
bool jopt_range_applies(const Trace *T);
void jopt_pass_virtual(JOpt *O);
/* opt_peel.c: peels loop T; false when it is not a loop or nothing in it
 * is invariant (T unchanged). */
bool jopt_peel(Trace *T);
/* ---- opt_peel.c: what the steps after peeling (carry, unbox) share ---- */
/* A src ref through map m (src instruction index -> dst ref). */
static inline JRef jopt_mapped(const JRef *m, JRef r) { return jir_isk(r) ? r : m[jir_idx(r)]; }
/* Emits src instruction I of S into D, operands and snapshot through m. */
JRef jopt_copy_ins(Trace *D, const Trace *S, const JIns *I, const JRef *m);
/* Replaces T's contents by D's (D is freed). */
void jopt_take(Trace *T, Trace *D);
/* T as a peeled loop: *label after a preamble, *jump last with as many
 * operands; false when T is no peeled loop. */
bool jopt_peeled_loop(const Trace *T, uint32_t *label, uint32_t *jump);
/* Whether ref r (defined before the label of the peeled loop T) can become
 * one more label operand: not a constant, not a label operand already, and
 * not used by the body (operands, snapshots) — the body's uses of a
 * preamble value mean that value, while a label operand is rebound on
 * every iteration. */
bool jopt_fresh_loop_var(const Trace *T, uint32_t label, uint32_t jump, JRef r);
/* In a peeled loop T, drops the label operands the jump passes on as
 * they are (the body's uses then mean the preamble's value, as they did);
 * false when there are none (T unchanged). */
bool jopt_drop_unchanged_loop_vars(Trace *T);
/* opt_carry.c: in a peeled loop T, carries memory locations in registers;
 * false when none qualifies (T unchanged). */
bool jopt_carry(Trace *T);
/* opt_unbox.c: in a peeled loop T, objects passed around the loop become
 * their fields; false when none qualifies (T unchanged). */
bool jopt_unbox(Trace *T);

#endif
