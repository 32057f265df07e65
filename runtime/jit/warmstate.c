/* warmstate.c — counters per green key, tracing hot keys (see warmstate.h). */
#include "runtime/jit/warmstate.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/jit/blackhole_ops.h"
#include "runtime/rt_gc.h"
#include "runtime/rt_obj.h"
#include "runtime/jit/jit_llvm.h"
#include "runtime/jit/jit_text.h"
#include "runtime/jit/jit_html.h"
#include "runtime/jit/jit_virtuals.h"
#include "runtime/jit/jopt.h"
#include "runtime/rt_exc.h"
#include "runtime/rt_gc_gen.h"

_Static_assert(JIT_YOUNG_MAX == RT_GC_CHUNK / 4, "jit_backend.h's young limit is rt_gc.h's");

/* A recorded trace — a loop, or a bridge from a loop's guard — with its
 * native code. GC memory: it keeps the objects its code embeds alive. */
typedef struct Compiled Compiled;
struct Compiled {
  uint32_t number;         /* in the logs */
  bool bridge;
  Trace *T;                /* optimized */
  TrResult res;            /* its resume data (T is res.trace) */
  JitCompiled *code;       /* malloc; NULL when not compiled */
  uintptr_t *gcrefs;       /* the GC objects it embeds */
  uint32_t *fails;         /* per guard number: failures so far (malloc) */
  uint8_t *bridging;       /* per guard number: BRIDGE_* (malloc) */
  Compiled **bridges;      /* per guard number: its bridge, or NULL */
  Compiled *target;        /* a trace ending with finish at a constant key:
                              that key's loop, once known */
  bool resume_work;        /* some snapshot of T names a virtual or delays
                              a store (jit_virtuals.h) */
  bool invalid;            /* a quasi-immutable field it read was written */
  JitCell *cell;           /* a loop: the key it is the loop of */
  Compiled *parent;        /* a bridge: the trace and guard it hangs on */
  uint32_t parent_guard;
};

/* How a guard gets its bridge once it failed trace_eagerness times: traced
 * as usual; traced calling every portal (no inlining: a bridge that grew
 * too long with calls inlined); never (it aborted anyway: its failures
 * run the blackhole interpreter). */
enum { BRIDGE_TRACE, BRIDGE_NO_INLINE, BRIDGE_NEVER };

struct JitCell {
  uint32_t driver;
  uint64_t hash;
  int64_t counter;
  uint8_t aborts;
  bool blacklisted;
  bool traced;             /* a loop was recorded (compiled or not) */
  bool dont_inline;        /* a trace that inlined a call of this key grew
                              too long: call it (call_assembler) instead */
  bool dont_unroll;        /* an unrolled recursive call of it looped */
  Compiled *loop;          /* the compiled loop, or NULL */
  void *direct;            /* its entry, when compiled code may call it
                              directly (JitDirectCall; NULL: call_portal) */
  /* call_portal's view of the key, made at its first call (NULL: not
   * yet): the greens' bits in frame order, then room for the reds */
  int64_t *entry;
  uint16_t ngreens, nreds;
  char result_kind;        /* the portal's result: 'i', 'r', 'f', 'v' */
  int64_t *gi;             /* the key (GC memory: gr holds references) */
  void **gr;
  double *gf;
};

/* The allocators compiled code calls: by trace descr, through the
 * jitcode descr it came from (the runtime has one warm state). */
static WarmState *the_ws;

/* Where a chain of compiled traces says which one returned (jit_llvm.h). */
static void *exit_owner;

/* The one frame every compiled trace reads its inputs from and leaves its
 * values in (traces tail-call each other with it). */
enum { WS_FRAME_SLOTS = 4096 };

/* Compiled code has no path for a failed allocation (yet): out of memory
 * there ends the program, as Boehm itself would. */
static _Noreturn void out_of_memory(void) {
  fputs("rtrans JIT: out of memory in compiled code\n", stderr);
  abort();
}

static void *alloc_struct(uint32_t descr) {
  const JcImage *img = the_ws->img;
  void *p = bh_new(&img->descrs[tr_jc_descr(&the_ws->tr, descr)], rl_jit_addrs);
  if (!p) out_of_memory();
  return p;
}

/* With --gc=gen: whether the nursery takes an object of descr d of
 * `size` bytes (n items of an array, n < 0: a struct), as rt_gc_gen_new*
 * would (rt_gc.h: the type table gives the object's size), and how many
 * bytes the bump takes. */
static bool nursery_fits(const JcDescr *d, int64_t n, int64_t size, uint32_t *bytes) {
  if (!rt_gc_type_is_gc(d->type_id)) return false;
  const RtGcType *t = &rl_gc_types[d->type_id];
  if (n >= 0 ? (d->flags & JC_MEM_NOLENGTH) || t->itemsize != d->size || t->fixed != d->c ||
                   t->lenofs != (int32_t)d->b
             : t->itemsize || t->fixed != d->a)
    return false;
  int64_t b = (size < 16 ? 16 : size + 7) & ~(int64_t)7;
  *bytes = (uint32_t)b;
  return b <= RT_GC_CHUNK / 4;
}

/* alloc_struct's (alloc_array's) work done inline by compiled code
 * (rt_gc.h's stacks, or the nursery with --gc=gen), for objects small
 * enough to have one. */
static bool alloc_inline(uint32_t descr, int64_t n, JitAllocInline *out) {
  const JcImage *img = the_ws->img;
  const JcDescr *d = &img->descrs[tr_jc_descr(&the_ws->tr, descr)];
  int64_t size = d->a;
  memset(out, 0, sizeof *out);
  out->len_ofs = -1;
  out->ref_ofs = -1;
  if (n >= 0) {  /* an array: d->c fixed bytes, d->size per item */
    if (n > RT_GC_CHUNK) return false;
    size = (int64_t)d->c + n * (int64_t)d->size;
    if (!(d->flags & JC_MEM_NOLENGTH)) out->len_ofs = (int32_t)d->b;
  } else if (d->b != JC_NULL_ADDR) {
    out->ref_ofs = (int32_t)d->c;
    out->ref = rl_jit_addrs[d->b];
  }
  out->hdr = rt_gc_hdr(d->type_id);
  if (rt_gc_gen_on) {
    out->nursery = &rt_gc_nursery;
    return size > 0 && nursery_fits(d, n, size, &out->size);
  }
  if (size <= 0 || size > RT_GC_SMALL) return false;
  out->stack = &rt_gc_small[!(d->flags & JC_MEM_HAS_GCPTRS)][rt_gc_small_class((size_t)size)];
  return true;
}

static void *alloc_array(uint32_t descr, int64_t n) {
  const JcImage *img = the_ws->img;
  void *p = bh_new_array(&img->descrs[tr_jc_descr(&the_ws->tr, descr)], n);
  if (!p) out_of_memory();
  return p;
}

static bool has_loop(void *user, uint32_t driver);
static void *portal_cell(void *user, uint32_t driver, const int64_t *gi, void *const *gr,
                         const double *gf);
static bool may_inline(void *user, void *cell);
static bool may_unroll(void *user, void *cell);
static bool note_abort(const TrResult *r);
static int64_t call_portal(void *cellp, int64_t r0, int64_t r1, int64_t r2, int64_t r3,
                           int64_t r4);
static bool direct_call(void *cellp, JitDirectCall *out);
static int32_t threshold(const WarmState *W);

static void write_html(FILE *out, void *user);

/* A GC object the code of a trace will embed: it must never move. */
static void pin_constant(uintptr_t ref) {
  rt_gc_identityhash((void *)ref);
}

void ws_init(WarmState *W, const JcImage *img, const JitParams *params, bool compile) {
  memset(W, 0, sizeof *W);
  W->stats = jit_stats();
  if (jit_log_on(JIT_LOG_HTML)) jit_log_set_html_writer(write_html, W);
  W->compile = compile;
  the_ws = W;
  W->img = img;
  W->params = params;
  jir_env_init(&W->env);
  if (rt_gc_gen_on) W->env.pin = pin_constant;
  tr_env_init(&W->tr, img, rl_jit_addrs, rl_jit_stubs, &W->env);
  W->tr.trace_limit = (uint32_t)params->trace_limit;
  for (uint32_t i = 0; i < RL_JIT_NCOUNTERS; i++) rl_jit_counters[i] = threshold(W);
  /* a root for good, but scanned only while a failing guard's virtuals are
   * built from it: compiled code reads its inputs from it at once and
   * leaves values there only for whoever takes them before allocating */
  W->frame = rt_gc_malloc_roots(WS_FRAME_SLOTS * sizeof *W->frame);
  rt_gc_roots_scan(W->frame, 0);
  if (!W->frame) W->compile = false;
  W->tr.has_loop = has_loop;
  W->tr.portal_cell = portal_cell;
  W->tr.call_portal = call_portal;
  W->tr.may_inline = may_inline;
  W->tr.may_unroll = may_unroll;
  W->tr.log_locations = jit_log_on(JIT_LOG_OPT);
  W->tr.user = W;
}

/* The driver's greens from the buffers: per bank, the first ones. */
typedef struct Key {
  int64_t i[RL_JIT_BUF];
  void *r[RL_JIT_BUF];
  double f[RL_JIT_BUF];
  uint32_t n[JC_NBANKS];
  uint64_t hash;
  uint32_t slot;           /* its counter in rl_jit_counters */
} Key;

/* The key of driver's greens given per bank (greens first in each). */
static void key_of(const JcImage *img, uint32_t driver, const int64_t *gi, void *const *gr,
                   const double *gf, Key *k) {
  const JcDriver *dr = &img->drivers[driver];
  const uint8_t *kinds = img->pool + dr->kinds_off;
  memset(k->n, 0, sizeof k->n);
  /* the cell's hash over every green; the counter slot's, as the portal
   * hashes (jit_runtime.h), over the int greens when there are some */
  uint64_t h = rl_jit_hash_start(driver), hi = rl_jit_slot_start(driver);
  for (uint16_t g = 0; g < dr->ngreens; g++) {
    uint64_t bits = 0;
    if (kinds[g] == 'i') {
      k->i[k->n[0]] = gi[k->n[0]];
      bits = (uint64_t)k->i[k->n[0]++];
      hi = rl_jit_slot_step(hi, bits);
    } else if (kinds[g] == 'r') {
      k->r[k->n[1]] = gr[k->n[1]];
      bits = (uintptr_t)k->r[k->n[1]++];
    } else {
      k->f[k->n[2]] = gf[k->n[2]];
      memcpy(&bits, &k->f[k->n[2]++], 8);
    }
    h = rl_jit_hash_step(h, bits);
  }
  k->hash = h | 1;
  k->slot = k->n[0] ? rl_jit_slot_index(hi) : rl_jit_counter_index(h);
}

/* The key of the greens in the ABI buffers. */
static void read_key(const JcImage *img, uint32_t driver, Key *k) {
  key_of(img, driver, rl_jit_ibuf, rl_jit_rbuf, rl_jit_fbuf, k);
}

uint32_t ws_counter_slot(const JcImage *img, uint32_t driver) {
  Key k;
  read_key(img, driver, &k);
  return k.slot;
}

static bool same_key(const JitCell *c, uint32_t driver, const Key *k) {
  return c->driver == driver && c->hash == k->hash &&
         memcmp(c->gi, k->i, k->n[0] * 8) == 0 && memcmp(c->gr, k->r, k->n[1] * sizeof(void *)) == 0 &&
         memcmp(c->gf, k->f, k->n[2] * 8) == 0;
}

static JitCell *new_cell(uint32_t driver, const Key *k) {
  JitCell *c = rt_gc_malloc(sizeof *c);
  if (!c) return NULL;
  c->driver = driver;
  c->hash = k->hash;
  c->gi = rt_gc_malloc_atomic(k->n[0] * 8 + 8);
  c->gr = rt_gc_malloc(k->n[1] * sizeof(void *) + 8);
  c->gf = rt_gc_malloc_atomic(k->n[2] * 8 + 8);
  if (!c->gi || !c->gr || !c->gf) return NULL;
  memcpy(c->gi, k->i, k->n[0] * 8);
  memcpy(c->gr, k->r, k->n[1] * sizeof(void *));
  for (uint32_t j = 0; j < k->n[1]; j++) rt_gc_identityhash(c->gr[j]);  /* hashed by address */
  memcpy(c->gf, k->f, k->n[2] * 8);
  return c;
}

static bool grow(WarmState *W) {
  uint32_t cap = W->cap ? 2 * W->cap : 1024;
  JitCell **t = rt_gc_malloc(cap * sizeof *t);
  if (!t) return false;
  for (uint32_t i = 0; i < W->cap; i++) {
    JitCell *c = W->cells[i];
    if (!c) continue;
    uint32_t j = (uint32_t)c->hash & (cap - 1);
    while (t[j]) j = (j + 1) & (cap - 1);
    t[j] = c;
  }
  W->cells = t;
  W->cap = cap;
  return true;
}

static JitCell *cell_for(WarmState *W, uint32_t driver, const Key *k) {
  if (2 * (W->ncells + 1) > W->cap && !grow(W)) return NULL;
  uint32_t j = (uint32_t)k->hash & (W->cap - 1);
  for (; W->cells[j]; j = (j + 1) & (W->cap - 1))
    if (same_key(W->cells[j], driver, k)) return W->cells[j];
  JitCell *c = new_cell(driver, k);
  if (!c) return NULL;
  W->cells[j] = c;
  W->ncells++;
  return c;
}

/* ---- a hot key ----------------------------------------------------------------------- */

static void log_trace(const char *what, const char *when, uint32_t number, const Trace *T) {
  FILE *out = jit_log_stream(JIT_LOG_OPT);
  if (!out) return;
  fprintf(out, "# %s %u, %s optimization: %u ops\n", what, number, when, T->nins - 1);
  jprint_trace(out, T, JPRINT_USED_DESCRS);
  fputc('\n', out);
}

static bool backend_ready(WarmState *W) {
  if (W->backend || W->backend_failed) return W->backend != NULL;
  JitCodegenConfig cfg;
  jitl_config_init(&cfg);
  cfg.exc_type = (void **)&rl_exc_type;
  cfg.exc_value = (void **)&rl_exc_value;
  cfg.new_struct = alloc_struct;
  cfg.alloc_inline = alloc_inline;
  cfg.new_array = alloc_array;
  cfg.exit_owner = &exit_owner;
  cfg.portal_fn = (void *)call_portal;
  cfg.direct_call = direct_call;
  if (rt_gc_gen_on) {  /* the write barrier of rt_gc.h */
    cfg.write_barrier = rt_gc_wb;
    cfg.wb_flag = (uint64_t)RT_GC_FLAG_TRACK << 32;
  }
  W->ops = jit_backend_find(jit_backend_name(W->params->backend));  /* RTRANS_JIT=backend= */
  /* LLVM: loops run long, so their code gets LLVM's greedy register
   * allocator (codegen level 1), which keeps values in registers across
   * the guards' branches (level 0 spills them: measured 2.5x slower on
   * mandel.b). Bridges compile at level 0. x64: one backend for both. */
  cfg.codegen_level = 0;
  W->quick = W->ops->create(&cfg);
  cfg.codegen_level = 1;
  W->backend = W->quick && W->ops == &jitl_ops ? W->ops->create(&cfg) : W->quick;
  W->backend_failed = W->backend == NULL;
  return W->backend != NULL;
}

/* The optimizer's question: the value of immutable field `descr` of
 * constant object obj (quasi-immutable fields are not constants yet). */
static bool read_immutable(void *user, uint32_t descr, uintptr_t obj, int64_t *bits) {
  WarmState *W = user;
  const JDescr *jd = jir_descr(&W->env, descr);
  uint32_t di = tr_jc_descr(&W->tr, descr);
  if (!obj || !di || jd->dkind != JD_FIELD || !(jd->flags & JDF_IMMUTABLE) || (jd->flags & JDF_QUASI))
    return false;
  const JcDescr *d = &W->img->descrs[di];
  const char *at = (const char *)obj + d->a;
  if (d->flags & JC_MEM_REF) {
    void *p = bh_load_ref(at);
    *bits = (int64_t)(uintptr_t)p;
  } else if (d->flags & JC_MEM_FLOAT) {
    double f = bh_load_float(at);
    memcpy(bits, &f, 8);
  } else {
    *bits = bh_load_int(at, d);
  }
  return true;
}

/* ---- quasi-immutable fields -------------------------------------------------------------- */

typedef struct QuasiDep {
  void *obj;
  int64_t offset;
  Compiled *c;
} QuasiDep;

/* Grows a GC-memory array (its contents stay visible to the GC). */
static void *grow_gc(void *p, uint32_t *cap, uint32_t need, size_t elem) {
  if (need <= *cap) return p;
  uint32_t n = *cap ? 2 * *cap : 16;
  while (n < need) n *= 2;
  void *q = rt_gc_malloc(n * elem);
  if (!q) {
    fprintf(stderr, "rtrans JIT: out of memory\n");
    abort();
  }
  if (*cap) memcpy(q, p, *cap * elem);
  *cap = n;
  return q;
}

/* c is compiled: listed, and its quasi-immutable reads registered. */
static void remember(WarmState *W, Compiled *c) {
  W->all = grow_gc(W->all, &W->allcap, W->nall + 1, sizeof *W->all);
  W->all[W->nall++] = c;
  for (uint32_t k = 0; k < c->res.nq; k++) {
    W->deps = grow_gc(W->deps, &W->depcap, W->ndeps + 1, sizeof *W->deps);
    W->deps[W->ndeps++] = (QuasiDep){c->res.qobj[k], c->res.qofs[k], c};
  }
}

/* c may no longer run: its invalidation flag makes a running copy leave
 * at its next guard_not_invalidated; nothing enters it any more. */
static void invalidate(WarmState *W, Compiled *c) {
  if (c->invalid) return;
  c->invalid = true;
  jit_stats()->invalidated++;
  W->ops->invalidate(c->code);
  if (c->cell && c->cell->loop == c) {  /* the key counts again, and may get a new loop */
    c->cell->loop = NULL;
    c->cell->direct = NULL;
    c->cell->traced = false;
    c->cell->counter = 0;
  }
  Compiled *p = c->parent;
  if (p && p->bridges[c->parent_guard] == c) {
    p->bridges[c->parent_guard] = NULL;
    p->code->chain[c->parent_guard] = NULL;
    p->fails[c->parent_guard] = 0;
    p->bridging[c->parent_guard] = BRIDGE_TRACE;
  }
  for (uint32_t i = 0; i < W->nall; i++) {  /* exits chained to it return instead */
    Compiled *x = W->all[i];
    if (x->target == c) x->target = NULL;
    for (uint32_t g = 0; g <= x->code->nguards; g++)
      if (x->code->chain[g] == c->code->chain_entry) x->code->chain[g] = NULL;
  }
}

void ws_quasi_write(WarmState *W, void *obj, int64_t offset) {
  TrResult *r = W->recording;
  if (r)
    for (uint32_t k = 0; k < r->nq; k++)
      if (r->qobj[k] == obj && r->qofs[k] == offset) r->quasi_broken = true;
  uint32_t j = 0;
  for (uint32_t i = 0; i < W->ndeps; i++) {
    QuasiDep *d = &W->deps[i];
    if (d->obj == obj && d->offset == offset) invalidate(W, d->c);
    else W->deps[j++] = *d;
  }
  W->ndeps = j;
}

/* Optimizes, logs and compiles a recorded trace; NULL when it cannot run
 * natively (the recording is freed then). */
static Compiled *compile_trace(WarmState *W, TrResult *r, bool bridge) {
  JitStats *s = jit_stats();
  if (r->quasi_broken) {  /* it read a field that changed meanwhile */
    s->aborts[JIT_ABORT_QUASI]++;
    tr_result_free(r);
    return NULL;
  }
  uint32_t number = (uint32_t)(bridge ? ++s->bridges : ++s->loops);
  const char *what = bridge ? "bridge" : "loop";
  log_trace(what, "before", number, r->trace);
  s->ops_before_opt += r->trace->nins - 1;
  char err[300];
  unsigned passes = W->params->passes ? (unsigned)W->params->passes
                                      : JOPT_ALL | JOPT_RANGE | JOPT_PEEL | JOPT_VIRTUAL | JOPT_CARRY;
  JoptOptions o = {.passes = passes,
                   .verify = W->params->verify != 0,
                   .read_immutable = read_immutable, .user = W, .err = err, .errlen = sizeof err};
  double t0 = jit_log_now();
  /* the optimizer's result is checked once (every pass with verify=1:
   * checking after each of them was 4% of richards.lua) */
  bool ok = jopt_optimize(r->trace, &o) && (o.verify || jir_verify(r->trace, err, sizeof err));
  s->t_optimizing += jit_log_now() - t0;
  if (!ok) {
    fprintf(stderr, "rtrans JIT: internal error: a recorded trace is invalid: %s\n", err);
    tr_result_free(r);
    return NULL;
  }
  s->ops_after_opt += r->trace->nins - 1;
  log_trace(what, "after", number, r->trace);
  if (!W->compile || !backend_ready(W)) {
    tr_result_free(r);
    return NULL;
  }
  JitCompiled *code = malloc(sizeof *code);
  t0 = jit_log_now();
  void *be = bridge ? W->quick : W->backend;
  ok = code && W->ops->compile(be, r->trace, code, err, sizeof err);
  s->t_compiling += jit_log_now() - t0;
  if (ok && code->frame_slots > WS_FRAME_SLOTS) {
    snprintf(err, sizeof err, "its frame needs %u slots (at most %u)", code->frame_slots,
             (unsigned)WS_FRAME_SLOTS);
    W->ops->release(be, code);
    ok = false;
  }
  Compiled *c = ok ? rt_gc_malloc(sizeof *c) : NULL;
  if (!c) {
    if (!ok && code) fprintf(stderr, "rtrans JIT: %s %u not compiled: %s\n", what, number, err);
    if (ok) W->ops->release(be, code);
    free(code);
    tr_result_free(r);
    return NULL;
  }
  jir_shrink(r->trace);
  if (!jit_log_on(JIT_LOG_HTML)) jir_keep_kinds(r->trace);  /* the page prints the ops */
  const Trace *T = r->trace;
  c->number = number;
  c->bridge = bridge;
  c->T = r->trace;
  c->resume_work = c->T->nvirts > 0 || c->T->npending > 0;
  c->res = *r;
  c->code = code;
  code->user = c;
  code->returns = r->returns;
  c->gcrefs = rt_gc_malloc((T->ngc + 1) * sizeof *c->gcrefs);
  c->fails = calloc((size_t)code->nguards + 1, sizeof *c->fails);
  c->bridging = calloc((size_t)code->nguards + 1, sizeof *c->bridging);
  c->bridges = rt_gc_malloc(((size_t)code->nguards + 1) * sizeof *c->bridges);
  if (!c->gcrefs || !c->fails || !c->bridging || !c->bridges) {
    fprintf(stderr, "rtrans JIT: out of memory\n");
    abort();
  }
  memcpy(c->gcrefs, T->gcrefs, T->ngc * sizeof *c->gcrefs);
  remember(W, c);
  FILE *map = jit_log_stream(JIT_LOG_PERFMAP);
  if (map && code->code_size)
    fprintf(map, "%lx %x rtrans_%s_%u\n", (unsigned long)(uintptr_t)code->entry,
            (unsigned)code->code_size, what, number);
  return c;
}

static bool make_entry(const WarmState *W, JitCell *c);

/* Cell c's direct entry for compiled code (JitDirectCall): its loop's,
 * when it has one and its portal returns an int or a reference. */
static void set_direct(WarmState *W, JitCell *c) {
  c->direct = NULL;
  if (!c->loop || !c->loop->code || c->loop->invalid) return;
  if (!c->entry && !make_entry(W, c)) return;  /* MemoryError is set, as call_portal would */
  if (c->result_kind == 'i' || c->result_kind == 'r') c->direct = c->loop->code->entry;
}

static int32_t trace_from(WarmState *W, JitCell *c, uint32_t driver) {
  TrResult r;
  double t0 = jit_log_now();
  W->recording = &r;
  tr_trace(&W->tr, driver, rl_jit_ibuf, rl_jit_rbuf, rl_jit_fbuf, &r);
  W->recording = NULL;
  jit_stats()->t_tracing += jit_log_now() - t0;
  TrOutcome o = r.outcome;
  if (o == TR_LOOP && r.returns) o = TR_DONE;  /* the portal returned: its result is out */
  if (r.outcome == TR_LOOP) {
    c->traced = true;
    c->loop = compile_trace(W, &r, false);
    if (c->loop) c->loop->cell = c;
    set_direct(W, c);
  } else {
    jit_stats()->aborts[r.why]++;
    if (!note_abort(&r) && ++c->aborts >= WS_MAX_ABORTS) c->blacklisted = true;
    tr_result_free(&r);
  }
  switch (o) {
  case TR_DONE: return RL_JIT_DONE;
  case TR_RAISE: return RL_JIT_RAISE;
  default: return RL_JIT_CONTINUE;
  }
}

/* Copies the greens and reds between the buffers and the frame, where they
 * stand in the driver's order (a loop's inputs; what a finish leaves). */
static void key_frame_copy(const JcImage *img, uint32_t driver, int64_t *frame, bool to_frame) {
  const JcDriver *dr = &img->drivers[driver];
  const uint8_t *kinds = img->pool + dr->kinds_off;
  uint32_t next[JC_NBANKS] = {0, 0, 0};
  for (uint32_t g = 0; g < (uint32_t)dr->ngreens + dr->nreds; g++) {
    int b = jc_bank_of_kind((char)kinds[g]);
    uint32_t k = next[b]++;
    void *buf = b == 0 ? (void *)&rl_jit_ibuf[k] : b == 1 ? (void *)&rl_jit_rbuf[k] : (void *)&rl_jit_fbuf[k];
    if (to_frame) memcpy(&frame[g], buf, 8);
    else memcpy(buf, &frame[g], 8);
  }
}

static void key_to_frame(const JcImage *img, uint32_t driver, int64_t *frame) {
  key_frame_copy(img, driver, frame, true);
}

static void key_from_frame(const JcImage *img, uint32_t driver, int64_t *frame) {
  key_frame_copy(img, driver, frame, false);
}

static int32_t outcome_code(TrOutcome o) {
  return o == TR_DONE ? RL_JIT_DONE : o == TR_RAISE ? RL_JIT_RAISE : RL_JIT_CONTINUE;
}

/* Guard g of c failed: its bridge when there is one (returns it, inputs
 * copied into its frame), else the interpreter from the guard's resume
 * data, recording a bridge once the guard has failed trace_eagerness
 * times (returns NULL with *code the ABI answer). */
static Compiled *guard_failed(WarmState *W, Compiled *c, uint32_t g, uint32_t driver, int32_t *code) {
  JitStats *s = jit_stats();
  s->guard_failures++;
  uint32_t snap = c->T->snaps[c->code->exits[g].snap].tag;
  if (!snap || snap >= c->res.nresume || !c->res.resume[snap].n) {
    fprintf(stderr, "rtrans JIT: internal error: %s %u left through exit %u\n",
            c->bridge ? "bridge" : "loop", c->number, g);
    abort();
  }
  const JSnap *S = &c->T->snaps[c->code->exits[g].snap];
  jir_snap_fill_consts(c->T, S, W->frame);  /* x64 exits store no constants */
  Compiled *b = c->bridges[g];
  if (b) return b;  /* its inputs are what the guard saved */
  TrResult r;
  TrOutcome outcome;  /* r is freed before the answer is made */
  double t0 = jit_log_now();
  bool hot = ++c->fails[g] >= (uint32_t)W->params->trace_eagerness &&
             c->bridging[g] != BRIDGE_NEVER;
  if (c->resume_work && jv_has_work(c->T, S)) {
    void (*wb)(void *) = rt_gc_gen_on ? rt_gc_before_store : NULL;
    rt_gc_roots_scan(W->frame, S->n * sizeof *W->frame);  /* allocations come */
    jv_materialize(c->T, c->T->snaprefs + S->start, S->n, W->frame, alloc_struct, alloc_array, wb);
    jv_do_pending(c->T, S, W->frame, wb);
    rt_gc_roots_scan(W->frame, 0);
  }
  if (hot) {
    W->recording = &r;
    W->no_inline = c->bridging[g] == BRIDGE_NO_INLINE;
    tr_trace_bridge(&W->tr, driver, &c->res, snap, W->frame, c->T, S, rl_jit_ibuf,
                    rl_jit_rbuf, rl_jit_fbuf, &r);
    W->no_inline = false;
    W->recording = NULL;
    s->t_tracing += jit_log_now() - t0;
    outcome = r.outcome == TR_LOOP && r.returns ? TR_DONE : r.outcome;
    if (r.outcome == TR_LOOP) {
      Compiled *nb = c->invalid ? (tr_result_free(&r), NULL) : compile_trace(W, &r, true);
      if (nb) {
        nb->parent = c;
        nb->parent_guard = g;
      }
      c->bridges[g] = nb;
      if (nb) c->code->chain[g] = nb->code->chain_entry;  /* the guard jumps there now */
    }
    else {
      s->aborts[r.why]++;
      /* again when it inlines less next time: a callee marked, or no
       * callee at all; else never */
      c->fails[g] = 0;
      if (!note_abort(&r))
        c->bridging[g] = r.why == JIT_ABORT_TOO_LONG && r.inlined &&
                                 c->bridging[g] == BRIDGE_TRACE
                             ? BRIDGE_NO_INLINE
                             : BRIDGE_NEVER;
      tr_result_free(&r);
    }
  } else {
    tr_resume(&W->tr, driver, &c->res, snap, W->frame, rl_jit_ibuf, rl_jit_rbuf, rl_jit_fbuf, &r);
    s->t_blackhole += jit_log_now() - t0;
    s->blackhole_runs++;
    outcome = r.outcome;
  }
  *code = outcome_code(outcome);
  return NULL;
}

/* c finished: its values are the key's greens and reds; the loop compiled
 * for that key (cached when the key is a constant of c), or NULL with the
 * buffers holding the key to continue from. */
static Compiled *finish_target(WarmState *W, Compiled *c, uint32_t driver, JitCell **cellp) {
  *cellp = NULL;
  if (c->target) return c->target;
  key_from_frame(W->img, driver, W->frame);
  Key k;
  read_key(W->img, driver, &k);
  JitCell *cell = *cellp = cell_for(W, driver, &k);
  Compiled *t = cell ? cell->loop : NULL;
  if (t && c->res.finish_key_const) {
    c->target = t;
    c->code->chain[0] = t->code->chain_entry;  /* finish jumps there now */
  }
  return t;
}

/* A trace finished at cell's key, which has no loop: the interpreter goes
 * on from there (the buffers hold the key and reds). The interpreter
 * counts keys only where it jumps back, and a bridge may end elsewhere (a
 * key it passed twice): such a key counts each time a trace finishes
 * into it, and is traced from there once hot (permute.lua's bridges
 * finished 240k times into keys the interpreter never counted). */
static int32_t finished_out(WarmState *W, JitCell *cell, uint32_t driver) {
  if (!cell || cell->blacklisted || cell->traced || ++cell->counter < threshold(W))
    return RL_JIT_CONTINUE;
  cell->counter = 0;
  return trace_from(W, cell, driver);
}

/* A guard failed and the interpreter would go on at the key in the
 * buffers (where the blackhole interpreter stopped, or the tracer): that
 * key's loop, its inputs in the frame, entered at once as PyPy's portal
 * runner does when the blackhole interpreter hands back to it. NULL when
 * the key has none: it counts then, as a key a trace finished into does,
 * and *code is finished_out's answer (the interpreter's re-entry function
 * does not count at the merge point it starts at). */
static Compiled *resume_target(WarmState *W, uint32_t driver, int32_t *code) {
  Key k;  /* on the C stack: its refs are seen by the GC */
  read_key(W->img, driver, &k);
  JitCell *cell = cell_for(W, driver, &k);
  if (!cell || !cell->loop) {
    *code = finished_out(W, cell, driver);
    return NULL;
  }
  W->stats->loop_entries++;
  key_to_frame(W->img, driver, W->frame);
  return cell->loop;
}

/* Trace c (the last of a chain) left compiled code by exit g: goes on
 * (a finish's target loop, a guard's bridge) until control leaves
 * compiled code. */
static int32_t after_exit(WarmState *W, Compiled *c, uint32_t g, uint32_t driver) {
  for (;;) {
    if (g == 0 && c->res.returns) {  /* the portal returned: its result */
      char k = c->res.returns;
      if (k == 'i') rl_jit_ibuf[0] = W->frame[0];
      else if (k == 'r') rl_jit_rbuf[0] = (void *)(uintptr_t)W->frame[0];
      else if (k == 'f') memcpy(&rl_jit_fbuf[0], &W->frame[0], 8);
      W->stats->returns++;
      return RL_JIT_DONE;
    }
    Compiled *next;
    if (g == 0) {  /* finish at a merge point: that key's loop, if any */
      JitCell *cell;
      next = finish_target(W, c, driver, &cell);  /* the frame holds its inputs */
      if (!next) {
        W->stats->finishes_out++;
        return finished_out(W, cell, driver);
      }
    } else {
      int32_t code = RL_JIT_CONTINUE;
      next = guard_failed(W, c, g, driver, &code);
      if (!next && (code != RL_JIT_CONTINUE || !(next = resume_target(W, driver, &code)))) return code;
    }
    g = jitl_enter(next->code, W->frame);
    c = ((JitCompiled *)exit_owner)->user;  /* the trace of the chain that left */
  }
}

/* Runs loop c (its frame holding the inputs), and bridges after it, until
 * control leaves compiled code. */
static int32_t run_compiled(WarmState *W, Compiled *c, uint32_t driver) {
  uint32_t g = jitl_enter(c->code, W->frame);
  return after_exit(W, ((JitCompiled *)exit_owner)->user, g, driver);
}

static bool has_loop(void *user, uint32_t driver) {
  WarmState *W = user;
  Key k;
  read_key(W->img, driver, &k);
  JitCell *c = cell_for(W, driver, &k);
  return c && c->loop;
}

int32_t rl_jit_counters[RL_JIT_NCOUNTERS];

static int32_t clamp_count(int64_t t) {
  return t < 1 ? 1 : t > INT32_MAX ? INT32_MAX : (int32_t)t;
}

static int32_t threshold(const WarmState *W) {
  return clamp_count(W->params->threshold);
}

/* Calls of a key from compiled code (call_portal) before it is traced:
 * function entries count against function_threshold, as in PyPy. */
static int32_t function_threshold(const WarmState *W) {
  return clamp_count(W->params->function_threshold);
}

/* The portal called in: the key's slot ran out (the native code stored
 * 0), or the slot is held at 0 (it stored below 0) because some key in it
 * has a compiled loop (then each key counts for itself). */
int32_t ws_merge_point(WarmState *W, uint32_t driver) {
  Key k;  /* on the C stack: its refs are seen by the GC */
  W->stats->portal_calls++;
  read_key(W->img, driver, &k);
  int32_t *slot = &rl_jit_counters[k.slot];
  bool ran_out = *slot == 0;
  JitCell *c = cell_for(W, driver, &k);
  if (c && c->loop) {
    *slot = 0;
    W->stats->loop_entries++;
    key_to_frame(W->img, driver, W->frame);
    return run_compiled(W, c->loop, driver);
  }
  *slot = ran_out ? threshold(W) : 0;
  if (!c || c->blacklisted || c->traced) return RL_JIT_NOTHING;
  if (!ran_out && ++c->counter < threshold(W)) return RL_JIT_NOTHING;
  c->counter = 0;
  int32_t r = trace_from(W, c, driver);
  if (c->loop) *slot = 0;
  return r;
}

/* ---- call_assembler (tracer.h: TrEnv) ---------------------------------------------------- */

static bool may_inline(void *user, void *cell) {
  const WarmState *W = user;
  return !W->no_inline && !((JitCell *)cell)->dont_inline;
}

static bool may_unroll(void *user, void *cell) {
  (void)user;
  return !((JitCell *)cell)->dont_unroll;
}

/* A trace that inlined calls was dropped: too long ones inline less.
 * True when a callee was marked (the next try may succeed). */
static bool note_abort(const TrResult *r) {
  if (r->why == JIT_ABORT_UNROLLED_LOOP && r->unrolled) {
    ((JitCell *)r->unrolled)->dont_unroll = true;
    return true;
  }
  if (r->why != JIT_ABORT_TOO_LONG || !r->inlined || ((JitCell *)r->inlined)->dont_inline)
    return false;
  ((JitCell *)r->inlined)->dont_inline = true;
  return true;
}

static void *portal_cell(void *user, uint32_t driver, const int64_t *gi, void *const *gr,
                         const double *gf) {
  WarmState *W = user;
  Key k;
  key_of(W->img, driver, gi, gr, gf, &k);
  return cell_for(W, driver, &k);
}

/* Cell c's greens and these reds, in the driver's order: into the ABI
 * buffers (split by bank) and, when frame is not NULL, the frame. */
static void cell_key_out(const WarmState *W, const JitCell *c, const int64_t *reds,
                         int64_t *frame) {
  const JcDriver *dr = &W->img->drivers[c->driver];
  const uint8_t *kinds = W->img->pool + dr->kinds_off;
  uint32_t next[JC_NBANKS] = {0, 0, 0};
  for (uint32_t g = 0, red = 0; g < (uint32_t)dr->ngreens + dr->nreds; g++) {
    int b = jc_bank_of_kind((char)kinds[g]);
    uint32_t k = next[b]++;
    int64_t bits = 0;
    if (g >= dr->ngreens) bits = reds[red++];
    else if (b == 0) bits = c->gi[k];
    else if (b == 1) bits = (int64_t)(uintptr_t)c->gr[k];
    else memcpy(&bits, &c->gf[k], 8);
    if (frame) frame[g] = bits;
    else if (b == 0) rl_jit_ibuf[k] = bits;
    else if (b == 1) rl_jit_rbuf[k] = (void *)(uintptr_t)bits;
    else memcpy(&rl_jit_fbuf[k], &bits, 8);
  }
}

/* The portal's re-entry function, run from the key and reds in the
 * buffers to the portal's return; its result as int64 bits. */
static int64_t run_reentry(const WarmState *W, uint32_t driver) {
  const JcDriver *dr = &W->img->drivers[driver];
  void *fn = W->tr.addrs[dr->reentry];
  const JcDescr *cd = &W->img->descrs[dr->portal_call];
  char kind = (char)(cd->d & 0xff);
  if (kind == 'v') {
    ((void (*)(void))fn)();
    return 0;
  }
  if (kind == 'r') return (int64_t)(uintptr_t)((void *(*)(void))fn)();
  if (cd->d >> 8 == 1) return ((uint8_t (*)(void))fn)();
  return ((int64_t (*)(void))fn)();
}

/* Cell c's greens in frame order (cell_key_out's layout, reds left 0),
 * the sizes and the result kind, kept in the cell: call_portal copies
 * them per call instead of walking the key. */
static bool make_entry(const WarmState *W, JitCell *c) {
  const JcDriver *dr = &W->img->drivers[c->driver];
  int64_t *e = rt_gc_malloc(((size_t)dr->ngreens + dr->nreds + 1) * sizeof *e);
  if (!e) return false;  /* MemoryError is set */
  const int64_t no_reds[TR_CA_MAXREDS] = {0};
  cell_key_out(W, c, no_reds, e);
  c->ngreens = dr->ngreens;
  c->nreds = dr->nreds;
  c->result_kind = (char)(W->img->descrs[dr->portal_call].d & 0xff);
  c->entry = e;
  return true;
}

/* What the portal call ends with after the interpreter or the JIT ran
 * it (code: RL_JIT_*): the result as int64 bits; an exception stays set. */
static int64_t portal_outcome(WarmState *W, JitCell *c, int32_t code) {
  if (code == RL_JIT_DONE) {
    char kind = c->entry ? c->result_kind
                         : (char)(W->img->descrs[W->img->drivers[c->driver].portal_call].d & 0xff);
    return kind == 'i' ? rl_jit_ibuf[0] : kind == 'r' ? (int64_t)(uintptr_t)rl_jit_rbuf[0] : 0;
  }
  if (code == RL_JIT_RAISE) return 0;
  return run_reentry(W, c->driver);  /* the buffers hold where to go on */
}

/* Cell c's loop, entered for a portal call, left compiled code by exit g. */
static int64_t loop_exited(WarmState *W, JitCell *c, uint32_t g) {
  Compiled *x = ((JitCompiled *)exit_owner)->user;
  if (g == 0 && x->res.returns && x->res.returns == c->result_kind &&
      (c->result_kind == 'i' || c->result_kind == 'r')) {
    W->stats->returns++;  /* the usual way back, without after_exit's buffers */
    return W->frame[0];
  }
  return portal_outcome(W, c, after_exit(W, x, g, c->driver));
}

/* What compiled code (and the tracer) call for call_assembler: cell's key
 * with these reds runs its compiled trace, or the interpreter from the
 * merge point (counting the key, tracing it when it gets hot), to the
 * portal's return. The result as int64 bits; an exception stays set. */
static int64_t call_portal(void *cellp, int64_t r0, int64_t r1, int64_t r2, int64_t r3,
                           int64_t r4) {
  WarmState *W = the_ws;
  JitCell *c = cellp;
  uint32_t driver = c->driver;
  const int64_t reds[TR_CA_MAXREDS] = {r0, r1, r2, r3, r4};
  JitStats *s = W->stats;
  s->assembler_calls++;
  if (c->loop) {
    s->loop_entries++;
    int64_t *f = W->frame;
    if (c->entry || make_entry(W, c)) {
      for (uint32_t k = 0; k < c->ngreens; k++) f[k] = c->entry[k];
      for (uint32_t k = 0; k < c->nreds; k++) f[c->ngreens + k] = reds[k];
    } else {
      cell_key_out(W, c, reds, f);
    }
    return loop_exited(W, c, jitl_enter(c->loop->code, f));
  }
  cell_key_out(W, c, reds, NULL);
  int32_t code = RL_JIT_NOTHING;
  if (!c->blacklisted && !c->traced && ++c->counter >= function_threshold(W)) {
    c->counter = 0;
    code = trace_from(W, c, driver);
  }
  return portal_outcome(W, c, code);
}

/* Compiled code's direct call of c's loop (JitDirectCall) left by an exit
 * other than the portal's usual return. */
static int64_t direct_exit(void *cellp, uint32_t g) {
  WarmState *W = the_ws;
  W->stats->direct_exits++;
  return loop_exited(W, cellp, g);
}

/* JitCodegenConfig.direct_call: how compiled code calls cell's loop. */
static bool direct_call(void *cellp, JitDirectCall *out) {
  WarmState *W = the_ws;
  JitCell *c = cellp;
  if (!c->entry && !make_entry(W, c)) {  /* no memory: the slow path, no error */
    rl_exc_type = NULL;
    rl_exc_value = NULL;
    return false;
  }
  if ((c->result_kind != 'i' && c->result_kind != 'r') || c->nreds > TR_CA_MAXREDS)
    return false;
  *out = (JitDirectCall){.entry = (void *const *)&c->direct, .frame = W->frame,
                         .greens = c->entry, .ngreens = c->ngreens, .nreds = c->nreds,
                         .kind = c->result_kind, .exit_fn = direct_exit,
                         .count = &W->stats->direct_calls};
  return true;
}

/* RTRANS_LOG=jit-html: the page of every compiled trace (jit_html.h). */
static void write_html(FILE *out, void *user) {
  WarmState *W = user;
  JitHtmlTrace *t = calloc(W->nall + 1, sizeof *t);
  if (!t) return;
  for (uint32_t i = 0; i < W->nall; i++) {
    const Compiled *c = W->all[i];
    uint32_t ng = c->code->nguards;
    uint32_t *gi = calloc(ng + 1, sizeof *gi), *bo = calloc(ng + 1, sizeof *bo);
    if (!gi || !bo) jir_oom();
    for (uint32_t g = 1; g <= ng; g++) {
      gi[g] = c->code->exits[g].ins;
      bo[g] = c->bridges[g] ? c->bridges[g]->number : 0;
    }
    t[i] = (JitHtmlTrace){.number = c->number, .bridge = c->bridge, .invalid = c->invalid,
                          .T = c->T, .nguards = ng, .guard_ins = gi, .fails = c->fails,
                          .bridge_of = bo, .compile_us = c->code->ir_us + c->code->codegen_us};
    if (c->parent) {
      t[i].parent = c->parent->number;
      t[i].parent_bridge = c->parent->bridge;
      t[i].parent_guard = c->parent_guard;
    }
  }
  jit_html_write(out, t, W->nall, jit_stats());
  for (uint32_t i = 0; i < W->nall; i++) {
    free((void *)t[i].guard_ins);
    free((void *)t[i].bridge_of);
  }
  free(t);
}

void ws_free(WarmState *W) {
  jit_log_set_html_writer(NULL, NULL);
  if (W->backend) W->ops->destroy(W->backend);
  if (W->quick && W->quick != W->backend) W->ops->destroy(W->quick);
  tr_env_free(&W->tr);
  jir_env_free(&W->env);
  rt_gc_free_roots(W->frame);
  memset(W, 0, sizeof *W);
}
