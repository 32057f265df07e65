/* jit_runtime.c — the runtime side of the portal ABI (jit_runtime.h):
 * start-up (image, RTRANS_JIT, RTRANS_LOG) and rl_jit_merge_point, which
 * in the JIT mode goes to the warm state (counting, tracing, compiled
 * loops; warmstate.h) and in blackhole mode runs the portal's jitcode in
 * the blackhole interpreter. */
#include "runtime/jit/jit_runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/jit/blackhole.h"
#include "runtime/jit/jit_log.h"
#include "runtime/jit/jit_runtime_state.h"
#include "runtime/jit/warmstate.h"
#include "runtime/rt_exc.h"

int64_t rl_jit_ibuf[RL_JIT_BUF];
void *rl_jit_rbuf[RL_JIT_BUF];  /* static data: scanned by Boehm */
double rl_jit_fbuf[RL_JIT_BUF];

/* The configuration: written by jit_runtime_setup only (see
 * jit_runtime_state.h). */
static struct {
  JcImage img;
  bool open;
  JitMode mode;
  JitParams params;
  WarmState warm;   /* static data: Boehm scans it */
  bool warm_made;
} jit;

/* The JIT off: the portals count from the top, and call in once per
 * 2^31 back edges of a slot (rl_jit_merge_point then sets them back). */
static void hold_counters_off(void) {
  for (uint32_t i = 0; i < RL_JIT_NCOUNTERS; i++) rl_jit_counters[i] = INT32_MAX;
}

bool jit_runtime_setup(const void *image, size_t size, const char *rtrans_jit) {
  jit.open = false;
  if (jit.warm_made) ws_free(&jit.warm);
  jit.warm_made = false;
  hold_counters_off();
  jit.mode = jit_params_parse(rtrans_jit, &jit.params, stderr);
  if (jit.mode == JIT_MODE_OFF) return false;
  char err[200];
  if (!jc_image_open(&jit.img, image, size, err, sizeof err)) {
    fprintf(stderr, "rtrans runtime: the JIT is off: invalid jitcode image: %s\n", err);
    jit.mode = JIT_MODE_OFF;
    return false;
  }
  jit.open = true;
  if (jit.mode == JIT_MODE_BLACKHOLE) memset(rl_jit_counters, 0, sizeof rl_jit_counters);
  if (jit.mode == JIT_MODE_JIT) {  /* counters start at the threshold */
    ws_init(&jit.warm, &jit.img, &jit.params, true);
    jit.warm_made = true;
  }
  return true;
}

JitMode jit_runtime_mode(void) { return jit.mode; }
const JitParams *jit_runtime_params(void) { return &jit.params; }
const JcImage *jit_runtime_image(void) { return jit.open ? &jit.img : NULL; }

void rl_jit_startup(void) {
  jit_log_init(getenv("RTRANS_LOG"));
  jit_runtime_setup(rl_jit_image, (size_t)rl_jit_image_size, getenv("RTRANS_JIT"));
}

/* The portal's result into element 0 of the buffer of its kind. */
static void store_result(char kind, const BhValue *v) {
  switch (kind) {
  case 'i': rl_jit_ibuf[0] = v->i; break;
  case 'r': rl_jit_rbuf[0] = v->r; break;
  case 'f': rl_jit_fbuf[0] = v->f; break;
  default: break;
  }
}

/* Runs the rest of the portal invocation in the blackhole. */
static int32_t blackhole_portal(uint32_t driver) {
  Bh bh;
  bh_init(&bh, &jit.img, rl_jit_addrs, rl_jit_stubs);
  if (!bh_enter_merge_point(&bh, driver, rl_jit_ibuf, rl_jit_rbuf, rl_jit_fbuf)) {
    bh_free(&bh);
    return RL_JIT_RAISE;
  }
  BhValue v = {0, NULL, 0.0};  /* on the C stack: scanned */
  int32_t r = bh_run(&bh, &v);
  bh_free(&bh);
  if (r == RL_JIT_DONE)
    store_result(jit.img.codes[jit.img.drivers[driver].portal].result_kind, &v);
  return r;
}

void rl_jit_set_param(const char *name, size_t len, int64_t value) {
  char buf[64];
  if (len >= sizeof buf) len = sizeof buf - 1;
  memcpy(buf, name, len);
  buf[len] = 0;
  static const char *const unused[] = {  /* RPython's, not (yet) ours: accepted */
      "decay", "inlining", "retrace_limit", "pureop_historylength", "max_retrace_guards",
      "max_unroll_loops", "disable_unrolling", "max_unroll_recursion", "vec", "vec_all",
      "vec_cost"};
  for (size_t i = 0; i < sizeof unused / sizeof *unused; i++)
    if (strcmp(buf, unused[i]) == 0) return;
  if (!jit_params_set(&jit.params, buf, value)) {
    fprintf(stderr, "rtrans runtime: jit.set_param: bad parameter %s=%lld (ignored)\n", buf,
            (long long)value);
    return;
  }
  if (strcmp(buf, "trace_limit") == 0 && jit.warm_made)
    jit.warm.tr.trace_limit = (uint32_t)jit.params.trace_limit;
  if (strcmp(buf, "threshold") == 0 && jit.warm_made) {
    int32_t t = value < 1 ? 1 : (int32_t)value;
    for (uint32_t i = 0; i < RL_JIT_NCOUNTERS; i++)
      if (rl_jit_counters[i] > t) rl_jit_counters[i] = t;
  }
}

void rl_jit_quasi_write(void *obj, int64_t offset) {
  if (jit.warm_made) ws_quasi_write(&jit.warm, obj, offset);
}

int32_t rl_jit_merge_point(uint32_t driver) {
  if (!jit.open || driver >= jit.img.h->ndrivers || jit.mode == JIT_MODE_OFF) {
    hold_counters_off();
    return RL_JIT_NOTHING;
  }
  if (jit.mode == JIT_MODE_JIT) return ws_merge_point(&jit.warm, driver);
  rl_jit_counters[ws_counter_slot(&jit.img, driver)] = 0;  /* every portal calls in */
  JitStats *s = jit_stats();
  double t0 = jit_log_now();
  int32_t r = blackhole_portal(driver);
  s->blackhole_runs++;
  s->t_blackhole += jit_log_now() - t0;
  return r;
}
