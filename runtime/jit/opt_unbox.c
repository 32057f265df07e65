/* opt_unbox.c — objects that go around a peeled loop become their fields
 * (PyPy's virtual state at a loop's jump, for the boxes interpreters
 * allocate per operation).
 *
 * In a peeled loop `preamble; label(x..); body; jump(y..)`, a loop
 * variable k qualifies when
 *   - y_k is an object the body allocates (new / new_with_vtable) and does
 *     nothing with but store its fields (each once, before any guard that
 *     names it) and pass it to the jump — the virtual pass forced it only
 *     because the jump let it escape;
 *   - x_k, the value the preamble passes in, was allocated by the
 *     preamble with the same descr (the preamble is the body's copy);
 *   - the body only reads fields of x_k, checks it is non-null (also as
 *     ptr_eq / ptr_ne with NULL), or names it in snapshots.
 * Then the loop carries the fields instead: the label takes one operand
 * per field y_k stores (the preamble's stored values), the body's reads of
 * x_k become those operands (a field never stored reads zero, as in a new
 * object), the body no longer allocates y_k, and the jump passes the
 * values it would have stored. A field both iterations store as the same
 * constant (a typeptr) stays a constant. Guards that name x_k or y_k
 * describe it as a virtual (JVirt), so a failure builds it.
 * Expects: a peeled loop (after opt_peel.c and opt_carry.c). */
#include <stdlib.h>
#include <string.h>

#include "opt_pass.h"

enum { UNBOX_FIELDS = 16 };  /* fields of one object */

typedef struct Box {
  uint32_t k;                 /* label operand */
  JRef x, y;                  /* src: the preamble's and the body's object */
  uint32_t descr;
  uint32_t nf;
  uint32_t fd[UNBOX_FIELDS];  /* field descrs, in the body's store order */
  JRef pre[UNBOX_FIELDS];     /* src: the preamble's stored values (0: none) */
  JRef body[UNBOX_FIELDS];    /* src: the body's stored values */
  JRef xf[UNBOX_FIELDS];      /* dst: x's fields in the loop (label operands
                                 or constants) */
  JRef yf[UNBOX_FIELDS];      /* dst: y's fields stored so far (0: not yet) */
} Box;

typedef struct Unbox {
  const Trace *S;
  uint32_t label, jump;
  Box *box;
  uint32_t nbox;
  int32_t *box_of;            /* src ins -> index of the box it is x or y of, -1 */
  JVirtMemo memo;             /* the boxes' JK_VIRT constants, by content */
} Unbox;

static bool is_alloc(unsigned op) { return op == JIR_new || op == JIR_new_with_vtable; }

static int field_index(const Box *b, uint32_t d) {
  for (uint32_t f = 0; f < b->nf; f++)
    if (b->fd[f] == d) return (int)f;
  return -1;
}

/* ptr_eq / ptr_ne of something with NULL (a box is never NULL). */
static bool null_test(const Trace *S, const JIns *I) {
  if (I->op != JIR_ptr_eq && I->op != JIR_ptr_ne) return false;
  JRef k = jir_arg(S, I, 1);
  return jir_isk(k) && jir_k(S, k)->kind == JK_REF && jir_kgc_of(S, k) == 0;
}

/* Whether loop variable k qualifies; fills b. */
static bool qualifies(const Unbox *U, uint32_t k, Box *b) {
  const Trace *S = U->S;
  const JIns *L = &S->ins[U->label], *J = &S->ins[U->jump];
  JRef x = jir_arg(S, L, k), y = jir_arg(S, J, k);
  if (jir_isk(x) || jir_isk(y) || jir_idx(y) <= U->label || jir_idx(x) >= U->label) return false;
  const JIns *Y = jir_ins(S, y), *X = jir_ins(S, x);
  if (!is_alloc(Y->op) || X->op != Y->op || X->descr != Y->descr) return false;
  *b = (Box){.k = k, .x = x, .y = y, .descr = Y->descr};
  for (unsigned j = 0; j < L->nargs; j++)  /* each object one loop variable */
    if (j != k && (jir_arg(S, L, j) == x || jir_arg(S, J, j) == y || jir_arg(S, J, j) == x))
      return false;
  for (uint32_t i = U->label + 1; i < U->jump; i++) {
    const JIns *I = &S->ins[i];
    for (unsigned a = 0; a < I->nargs; a++) {
      JRef r = jir_arg(S, I, a);
      if (r == y) {  /* only as the object of a store, once per field */
        if (I->op != JIR_setfield_gc || a != 0 || field_index(b, I->descr) >= 0 ||
            b->nf == UNBOX_FIELDS)
          return false;
        b->fd[b->nf] = I->descr;
        b->body[b->nf++] = jir_arg(S, I, 1);
      } else if (r == x) {  /* read, or checked non-null */
        bool read = I->op >= JIR_getfield_gc_i && I->op <= JIR_getfield_gc_f;
        if (!(read || I->op == JIR_guard_nonnull || null_test(S, I)) || a != 0) return false;
      }
    }
  }
  for (uint32_t f = 0; f < b->nf; f++) {
    if (b->body[f] == y || b->body[f] == x) return false;
    b->pre[f] = 0;
  }
  /* the preamble's stores into x: the values the first iteration has */
  for (uint32_t i = 1; i < U->label; i++) {
    const JIns *I = &S->ins[i];
    if (I->op != JIR_setfield_gc || jir_arg(S, I, 0) != x) continue;
    int f = field_index(b, I->descr);
    if (f >= 0) b->pre[f] = jir_arg(S, I, 1);
  }
  return true;
}

/* Whether the preamble's value of field f of box b can be a loop
 * variable (jopt_fresh_loop_var, and not another field's value). */
static bool pre_ok(const Unbox *U, const Box *b, uint32_t f) {
  for (uint32_t j = 0; j < U->nbox; j++)
    for (uint32_t g = 0; g < U->box[j].nf; g++)
      if ((&U->box[j] != b || g != f) && U->box[j].pre[g] == b->pre[f]) return false;
  return jopt_fresh_loop_var(U->S, U->label, U->jump, b->pre[f]);
}

/* ---- the rewrite ---------------------------------------------------------------------------- */

static JRef zero_of(Trace *D, unsigned op) {
  char kind = jir_info[op].res;
  return kind == JK_REF ? jir_kgc(D, 0) : kind == JK_FLOAT ? jir_kfloat(D, 0.0) : jir_kint(D, 0);
}

/* Whether delayed store p (of src snapshot refs s) is into a box's y:
 * the box's index, -1 if not. */
static int pending_box(const Unbox *U, const JPending *p, const JRef *s) {
  JRef o = s[p->obj];
  if (p->op != JIR_setfield_gc || jir_isk(o)) return -1;
  int bi = U->box_of[jir_idx(o)];
  return bi >= 0 && o == U->box[bi].y ? bi : -1;
}

/* Guard I's snapshot in dst guard g: mapped, and each box's x or y it
 * names described as a virtual (its fields appended). y's fields there:
 * those stored so far, or delayed past this guard (its delayed stores
 * into y go: the virtual has them). */
static void snapshot(Unbox *U, Trace *D, JRef g, const JIns *I, const JRef *m) {
  const Trace *S = U->S;
  const JSnap *src = &S->snaps[I->snap];
  uint32_t n = src->n;
  const JRef *s = S->snaprefs + src->start;
  JRef *refs = malloc((n + 2 * U->nbox * UNBOX_FIELDS + 1) * sizeof *refs);
  JRef *kv = calloc(2 * U->nbox + 1, sizeof *kv);
  JPending *ps = malloc((src->np + 1) * sizeof *ps);
  if (!refs || !kv || !ps) jir_oom();
  jir_vmemo_next(&U->memo);
  uint32_t pos = n, np = 0;
  for (uint32_t k = 0; k < n; k++) {
    int bi = jir_isk(s[k]) ? -1 : U->box_of[jir_idx(s[k])];
    if (bi < 0) { refs[k] = jopt_mapped(m, s[k]); continue; }
    Box *b = &U->box[bi];
    int which = s[k] == b->y;  /* 0: x, 1: y */
    JRef *slot = &kv[2 * bi + which];
    if (!*slot) {
      JRef val[UNBOX_FIELDS];
      for (uint32_t f = 0; f < b->nf; f++) val[f] = which ? b->yf[f] : b->xf[f];
      for (uint32_t j = 0; which && j < src->np; j++) {
        const JPending *p = &S->pending[src->pfirst + j];
        int f = pending_box(U, p, s) == bi ? field_index(b, p->descr) : -1;
        if (f >= 0) val[f] = jopt_mapped(m, s[p->val]);
      }
      JVirtField vf[UNBOX_FIELDS];
      uint32_t nf = 0;
      for (uint32_t f = 0; f < b->nf; f++) {
        if (!val[f]) continue;  /* not stored yet: zero, as in a new object */
        vf[nf++] = (JVirtField){b->fd[f], pos};
        refs[pos++] = val[f];
      }
      *slot = jir_vmemo_kvirt(&U->memo, D, b->descr, false, 0, nf, vf);
    }
    refs[k] = *slot;
  }
  for (uint32_t j = 0; j < src->np; j++) {
    const JPending *p = &S->pending[src->pfirst + j];
    if (pending_box(U, p, s) < 0) ps[np++] = *p;
  }
  JRef *live = jir_snap_alloc(D, g, pos);
  memcpy(live, refs, pos * sizeof *refs);
  JSnap *d = &D->snaps[jir_ins(D, g)->snap];
  d->tag = src->tag;
  d->pfirst = jir_pending_add(D, ps, np);
  d->np = np;
  free(refs);
  free(kv);
  free(ps);
}

/* Emits src instruction I, its snapshot describing the boxes it names. */
static JRef copy_boxed_ins(Unbox *U, Trace *D, const JIns *I, const JRef *m) {
  const Trace *S = U->S;
  JRef args[JIR_MAXARGS];
  for (unsigned k = 0; k < I->nargs; k++) args[k] = jopt_mapped(m, jir_arg(S, I, k));
  if (jopt_const_guard(D, I->op, args) == 1) return 0;  /* a class or null check of a box */
  JRef r = jir_emit(D, I->op, I->nargs, args, I->descr);
  if (I->snap) snapshot(U, D, r, I, m);
  return r;
}

static Trace *build(Unbox *U) {
  const Trace *S = U->S;
  Trace *D = jir_new(S->env);
  jir_copy_consts(D, S);
  jir_reserve(D, S->nins + 1, S->nargs + 1, S->nsnaps + 1, S->nsnaprefs + 1);
  JRef *m = calloc(S->nins + 1, sizeof *m);
  if (!m) jir_oom();
  for (uint32_t i = 1; i < U->label; i++)  /* the preamble: x is a real object there */
    m[i] = jopt_copy_ins(D, S, &S->ins[i], m);
  /* the label: a box's operand becomes its fields (what the preamble
   * stored, or loads of them), except fields both store as one constant */
  const JIns *L = &S->ins[U->label], *J = &S->ins[U->jump];
  JRef args[JIR_MAXARGS];
  unsigned n = 0;
  for (unsigned k = 0; k < L->nargs; k++) {
    Box *b = NULL;
    for (uint32_t j = 0; j < U->nbox; j++)
      if (U->box[j].k == k) b = &U->box[j];
    if (!b) { args[n++] = jopt_mapped(m, jir_arg(S, L, k)); continue; }
    for (uint32_t f = 0; f < b->nf; f++) {
      JRef pre = b->pre[f] ? jopt_mapped(m, b->pre[f]) : 0;
      if (pre && jir_isk(pre) && pre == b->body[f]) { b->xf[f] = pre; continue; }
      if (pre && !pre_ok(U, b, f)) pre = 0;  /* a fresh load: a loop variable of its own */
      if (!pre) {
        const JDescr *d = jir_descr(S->env, b->fd[f]);
        unsigned op = d->kind == JK_REF ? JIR_getfield_gc_r : d->kind == JK_FLOAT ? JIR_getfield_gc_f
                                                                                : JIR_getfield_gc_i;
        pre = jir_emit(D, op, 1, (JRef[]){jopt_mapped(m, b->x)}, b->fd[f]);
      }
      b->xf[f] = args[n++] = pre;
    }
  }
  jir_emit(D, JIR_label, n, args, L->descr);
  for (uint32_t i = U->label + 1; i < U->jump; i++) {
    const JIns *I = &S->ins[i];
    int bx = I->nargs ? (jir_isk(jir_arg(S, I, 0)) ? -1 : U->box_of[jir_idx(jir_arg(S, I, 0))]) : -1;
    int by = U->box_of[i];
    if (by >= 0 && jir_ref(i) == U->box[by].y) continue;  /* the allocation goes */
    if (bx >= 0 && jir_arg(S, I, 0) == U->box[bx].y && I->op == JIR_setfield_gc) {
      Box *b = &U->box[bx];
      b->yf[field_index(b, I->descr)] = jopt_mapped(m, jir_arg(S, I, 1));
      continue;
    }
    if (bx >= 0 && jir_arg(S, I, 0) == U->box[bx].x) {
      Box *b = &U->box[bx];
      if (I->op == JIR_guard_nonnull) continue;
      if (null_test(S, I)) {
        m[i] = jir_kint(D, I->op == JIR_ptr_ne);
        continue;
      }
      int f = field_index(b, I->descr);
      m[i] = f >= 0 ? b->xf[f] : zero_of(D, I->op);
      continue;
    }
    m[i] = copy_boxed_ins(U, D, I, m);
  }
  n = 0;
  for (unsigned k = 0; k < J->nargs; k++) {
    Box *b = NULL;
    for (uint32_t j = 0; j < U->nbox; j++)
      if (U->box[j].k == k) b = &U->box[j];
    if (!b) { args[n++] = jopt_mapped(m, jir_arg(S, J, k)); continue; }
    for (uint32_t f = 0; f < b->nf; f++)
      if (!jir_isk(b->xf[f]) || b->xf[f] != jopt_mapped(m, b->body[f])) args[n++] = b->yf[f];
  }
  jir_emit(D, JIR_jump, n, args, J->descr);
  free(m);
  return D;
}

bool jopt_unbox(Trace *T) {
  Unbox U = {.S = T};
  if (!jopt_peeled_loop(T, &U.label, &U.jump)) return false;
  const JIns *L = &T->ins[U.label];
  U.box = malloc((L->nargs + 1) * sizeof *U.box);
  U.box_of = malloc((T->nins + 1) * sizeof *U.box_of);
  if (!U.box || !U.box_of) jir_oom();
  for (uint32_t i = 0; i <= T->nins; i++) U.box_of[i] = -1;
  uint32_t width = L->nargs;
  for (unsigned k = 0; k < L->nargs; k++) {
    Box b;
    if (!qualifies(&U, k, &b) || width - 1 + b.nf > JIR_MAXARGS) continue;
    if (U.box_of[jir_idx(b.x)] >= 0 || U.box_of[jir_idx(b.y)] >= 0) continue;
    width += b.nf - 1;
    U.box_of[jir_idx(b.x)] = U.box_of[jir_idx(b.y)] = (int32_t)U.nbox;
    U.box[U.nbox++] = b;
  }
  bool done = U.nbox > 0;
  if (done) jopt_take(T, build(&U));
  free(U.box);
  free(U.box_of);
  jir_vmemo_free(&U.memo);
  return done;
}
