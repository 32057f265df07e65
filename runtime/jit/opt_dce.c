/* opt_dce.c — dead-code elimination (the "dce" pass).
 *
 * One backward walk marks what is used: every op that must stay (guards,
 * ops with side effects, overflow ops — their flag feeds the next guard —,
 * calls that are not elidable or may raise, control, inputs) and,
 * transitively, the operands and snapshot refs of marked ops. A forward
 * walk then copies the marked ops (no folding: the trace is already
 * simplified). What disappears: pure ops, loads and allocations whose
 * results nothing uses — loads and allocations have no effect a later op
 * could observe without using their result. */
#include <stdlib.h>

#include "opt_pass.h"

static bool must_stay(const Trace *T, const JIns *I) {
  unsigned f = jir_info[I->op].flags;
  if (I->op <= JIR_input_f) return true;
  if (f & (JF_GUARD | JF_SIDE | JF_OVF | JF_CTRL)) return true;
  if (jir_info[I->op].res == 'v') return true;
  if (f & JF_CALL)  /* call_pure_*: removable unless it may raise */
    return (jir_descr(T->env, I->descr)->effects & JEF_CANRAISE) != 0;
  return false;
}

static void use(uint8_t *live, JRef r) {
  if (!jir_isk(r)) live[jir_idx(r)] = 1;
}

void jopt_pass_dce(JOpt *O) {
  const Trace *T = O->src;
  uint8_t *live = calloc(T->nins + 1, 1);
  if (!live) jir_oom();
  for (uint32_t i = T->nins; i-- > 1;) {
    const JIns *I = &T->ins[i];
    if (!live[i] && !must_stay(T, I)) continue;
    live[i] = 1;
    for (unsigned k = 0; k < I->nargs; k++) use(live, jir_arg(T, I, k));
    uint32_t n;
    const JRef *s = jir_snap_refs(T, I, &n);
    for (uint32_t k = 0; k < n; k++) use(live, s[k]);
  }
  JRef a[JIR_MAXARGS];
  for (O->cur = 1; O->cur < T->nins; O->cur++) {
    const JIns *I = &T->ins[O->cur];
    if (!live[O->cur]) continue;
    unsigned n = jopt_args(O, I, a);
    O->map[O->cur] = jopt_append(O, I->op, n, a, I->descr, I);
  }
  free(live);
}
