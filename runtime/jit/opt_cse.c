/* opt_cse.c — common-subexpression elimination of pure ops.
 *
 * Every instruction of a trace links to the previous one with the same op
 * (JIns.prev, newest in T->chain[op]), so looking for an identical pure op
 * walks only the ops of that kind, newest first (LuaJIT's lj_opt_cse). In a
 * linear trace any earlier instruction dominates the current one, so an
 * identical pure op found anywhere earlier can be reused. The search stops
 * at the first instruction older than an operand (it could not use it) —
 * the same early exit LuaJIT takes. Operands are already in canonical order
 * (fold puts constants on the right of commutative ops); for two
 * variables the swapped form is looked up too (b + a finds a + b, b > a
 * finds a < b). In a peeled loop, an op on a loop variable matches only
 * ops after the label. */
#include "opt_pass.h"

static JRef lookup(JOpt *O, unsigned op, unsigned nargs, const JRef *args,
                   uint32_t descr) {
  const Trace *T = O->dst;
  uint32_t lim = 0;  /* no match can be older than the newest operand */
  for (unsigned k = 0; k < nargs; k++) {
    if (jir_isk(args[k])) continue;
    uint32_t i = jir_idx(args[k]);
    if (i > lim) lim = i;
    /* a peeled loop's body names a loop variable by the ref the preamble
     * passes in: a preamble op on that ref computed something else */
    if (O->label_at > lim && i < O->loop_var_cap && O->loop_var[i]) lim = O->label_at;
  }
  for (uint32_t i = T->chain[op]; i > lim; i = T->ins[i].prev)
    if (jir_same(T, &T->ins[i], op, nargs, args, descr)) return jir_ref(i);
  return 0;
}

JRef jopt_cse(JOpt *O, unsigned op, unsigned nargs, const JRef *args,
              uint32_t descr) {
  JRef r = lookup(O, op, nargs, args, descr);
  if (r || nargs != 2 || args[0] == args[1]) return r;
  JRef sw[2] = {args[1], args[0]};
  if (jir_info[op].flags & JF_COMM) return lookup(O, op, 2, sw, descr);
  if (jir_is_cmp(op)) return lookup(O, jir_cmp_swap(op), 2, sw, descr);
  return 0;
}
