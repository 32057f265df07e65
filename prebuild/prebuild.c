/* prebuild.c — the prebuild stage's entry points and its error reporting
 * (see prebuild.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "pbint.h"

enum { PB_TB_NOTES = 20 };  /* traceback notes shown before eliding */

Prebuild *pb_new(Program *P) {
  Prebuild *PB = calloc(1, sizeof *PB);
  if (!PB) rt_oom();
  PB->P = P;
  PB->in = P->in;
  PB->D = P->diag;
  arena_init(&PB->heap);
  PB->step_limit = PB_STEP_LIMIT;
  PB->heap_limit_mb = 2048;
  hmap_init(&PB->modules, &PB->heap);
  hmap_init(&PB->flags, &PB->heap);
  hmap_init(&PB->classes, &PB->heap);
  hmap_init(&PB->consts, &PB->heap);
  hmap_init(&PB->builtins, &PB->heap);
  hmap_init(&PB->cvals, &PB->heap);
  PB->s_init = intern_cstr(PB->in, "__init__");
  pb_builtins_init(PB);
  return PB;
}

void pb_free(Prebuild *PB) {
  if (!PB) return;
  vecm_free(PB->scratch);
  vecm_free(PB->undef);
  arena_free(&PB->heap);
  free(PB);
}

void pb_set_step_limit(Prebuild *PB, uint64_t steps) { PB->step_limit = steps; }
void pb_set_heap_limit(Prebuild *PB, uint32_t mb) { PB->heap_limit_mb = mb; }

const char *pb_intern(Prebuild *PB, const char *s, size_t n) { return intern(PB->in, s, n); }

/* ---- exceptions -------------------------------------------------------------- */
static bool raise_args(Prebuild *PB, PbExc x, Dyn args) {
  PB->exc = dyn_obj(pb_exc_new(PB, PB->c_exc[x], args));
  return false;
}

bool pb_raise(Prebuild *PB, PbExc x, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n <= 0) return raise_args(PB, x, pb_tuple(PB, 0));
  Dyn args = pb_tuple(PB, 1);
  DYN_TUPLE(args)->items[0] = pb_str(PB, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
  return raise_args(PB, x, args);
}

bool pb_raise_dyn(Prebuild *PB, PbExc x, Dyn arg) {
  Dyn args = pb_tuple(PB, 1);
  DYN_TUPLE(args)->items[0] = arg;
  return raise_args(PB, x, args);
}

bool pb_type_error(Prebuild *PB, const char *fmt, Dyn a) {
  return pb_raise(PB, PBX_TypeError, fmt, pb_type_name(a));
}

bool pb_exc_is(Prebuild *PB, PbExc x) {
  return dyn_is(PB->exc, PB_INST) && pb_subclass(DYN_INST(PB->exc)->cls, PB->c_exc[x]);
}

void pb_clear_exc(Prebuild *PB) { PB->exc = dyn_none(); }

static bool same_site(const PbTb *a, const PbTb *b) {
  return a->loc.file == b->loc.file && a->loc.start == b->loc.start && a->where == b->where;
}

/* Notes for a chain of call sites, outermost first: a run of identical
 * sites (recursion) is shown once with its count, and long chains keep
 * only their ends. */
static void tb_notes(Prebuild *PB, const PbTb *tb, uint32_t n) {
  uint32_t shown = 0;
  for (uint32_t k = 0; k < n; k++) {
    uint32_t run = 1;
    while (k + run < n && same_site(&tb[k], &tb[k + run])) run++;
    if (shown == PB_TB_NOTES / 2 && n - k > PB_TB_NOTES / 2) {
      uint32_t skip = n - k - PB_TB_NOTES / 2;
      diag_note(PB->D, loc_make(0, 0, 0), "... %u more calls ...", skip);
      k += skip - 1;
      shown++;
      continue;
    }
    diag_note(PB->D, tb[k].loc, "called from here, in %s", tb[k].where);
    if (run > 1)
      diag_note(PB->D, loc_make(0, 0, 0), "... the call above repeated %u more times", run - 1);
    k += run - 1;
    shown++;
  }
}

bool pb_fatal(Prebuild *PB, const char *fmt, ...) {
  if (PB->fatal) return false;
  PB->fatal = true;
  pb_clear_exc(PB);
  Loc loc = PB->frame ? PB->frame->loc : loc_make(0, 0, 0);
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  diag_error(PB->D, loc, "%s", msg);
  uint32_t n = 0;
  for (PbFrame *f = PB->frame ? PB->frame->parent : NULL; f; f = f->parent) n++;
  PbTb *tb = calloc(n ? n : 1, sizeof *tb);
  if (!tb) rt_oom();
  uint32_t k = n;
  for (PbFrame *f = PB->frame ? PB->frame->parent : NULL; f; f = f->parent) {
    tb[--k].loc = f->loc;
    tb[k].where = f->g->name;
  }
  tb_notes(PB, tb, n);
  free(tb);
  return false;
}

void pb_report_exc(Prebuild *PB) {
  if (PB->fatal || !dyn_is(PB->exc, PB_INST)) return;
  PbInst *e = DYN_INST(PB->exc);
  pb_clear_exc(PB);
  PbBuf b = {0};
  if (!pb_exc_message(PB, e, &b)) { pb_clear_exc(PB); b.len = 0; }
  const char *dot = strrchr(e->cls->name, '.');
  const char *name = dot ? dot + 1 : e->cls->name;
  Loc at = e->ntb ? e->tb[0].loc : loc_make(0, 0, 0);
  if (b.len)
    diag_error(PB->D, at, "exception raised at translation time: %s: %.*s", name, (int)b.len, b.p);
  else
    diag_error(PB->D, at, "exception raised at translation time: %s", name);
  free(b.p);
  PbTb *rev = calloc(e->ntb ? e->ntb : 1, sizeof *rev);
  if (!rev) rt_oom();
  for (uint32_t i = 1; i < e->ntb; i++) rev[e->ntb - 1 - i] = e->tb[i];
  tb_notes(PB, rev, e->ntb ? e->ntb - 1 : 0);
  free(rev);
  PB->fatal = true;
}

/* ---- the stage ---------------------------------------------------------------- */
/* Half of the soft stack limit (at most 64 MB) for the interpreter. */
static void stack_budget(Prebuild *PB) {
  struct rlimit rl;
  uintptr_t lim = (uintptr_t)64 << 20;
  if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < lim)
    lim = (uintptr_t)rl.rlim_cur;
  PB->stack_base = (uintptr_t)__builtin_frame_address(0);
  PB->stack_budget = lim / 2;
}

bool pb_run(Prebuild *PB, Module *main_mod, const char **args, uint32_t nargs) {
  int before = PB->D->nerrors;
  stack_budget(PB);
  PB->main_mod = main_mod;
  PbModule *m = pb_module_obj(PB, main_mod);
  if (!pb_import(PB, m)) {
    pb_report_exc(PB);
    return false;
  }
  if (!pb_find_entry(PB, args, nargs)) {
    pb_report_exc(PB);
    return false;
  }
  pb_record_unbound(PB);
  return PB->D->nerrors == before;
}

PbFunc *pb_entry_point(Prebuild *PB) { return PB->entry; }

PbModule *pb_module(Prebuild *PB, Module *m) { return pb_module_obj(PB, m); }

bool pb_global(Prebuild *PB, Module *m, const char *name, Dyn *out) {
  Dyn *v = pb_attrs_get(&pb_module_obj(PB, m)->globals, intern_cstr(PB->in, name));
  if (v) *out = *v;
  return v != NULL;
}

PbFuncFlags *pb_func_flags(Prebuild *PB, FuncInfo *fi) { return hmap_get(&PB->flags, HKEY(fi)); }

PbClass *pb_class_of(Prebuild *PB, ClassInfo *ci) { return hmap_get(&PB->classes, HKEY(ci)); }
