/* blackhole_ops.h — the semantics of the jitcode ops that are more than one
 * C expression, shared by the blackhole interpreter (blackhole.c) and, later,
 * the tracer's constant folding.
 *
 * Promise: each function computes what the LLVM backend's code computes
 * for the same low-level op (core/llops.def, backend/llvm/llvm_ops.c):
 *  - integer arithmetic wraps modulo 2**64 without C undefined behaviour;
 *    floor division and modulo round towards minus infinity, MIN // -1 is
 *    MIN and MIN % -1 is 0; a zero divisor (excluded by the rtyper's
 *    checks) raises ZeroDivisionError instead of trapping;
 *  - shift counts are read unsigned: >= 64 gives 0 (or -1 for an arithmetic
 *    right shift of a negative value);
 *  - bh_*_ovf return false with OverflowError raised when the result wraps;
 *  - loads and stores go through a field or array descriptor: 1, 2, 4 or
 *    8 bytes, sign-extended when JC_MEM_SIGNED else zero-extended; doubles
 *    and pointers are 8 bytes; a reference stored into a GC object takes
 *    --gc=gen's write barrier first (bh_store_ref_wb);
 *  - bh_new / bh_new_array allocate as generated code does (rt_gc_new* with
 *    the descriptor's type id as GC header; the pointer-free "atomic"
 *    variant when JC_MEM_HAS_GCPTRS is clear), store the vtable of a
 *    size descriptor that names one, and return NULL with MemoryError
 *    raised when memory is exhausted;
 *  - bh_residual_call calls the native function through the call stub of
 *    its descriptor; the caller checks rl_exc_type afterwards.
 * Expects: descriptors from an image that jc_image_open accepted. */
#ifndef RT_BLACKHOLE_OPS_H
#define RT_BLACKHOLE_OPS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "runtime/jit/blackhole.h"
#include "runtime/rt_gc_gen.h"

/* The int64 result of a wrapping operation on the raw bits. */
static inline int64_t bh_wrap(uint64_t x) { return (int64_t)x; }

int64_t bh_int_lshift(int64_t a, int64_t count);
int64_t bh_int_rshift(int64_t a, int64_t count);
int64_t bh_uint_rshift(int64_t a, int64_t count);
int64_t bh_int_abs(int64_t a);
/* Floor division and modulo; false with ZeroDivisionError raised when b == 0. */
bool bh_int_floordiv(int64_t a, int64_t b, int64_t *out);
bool bh_int_mod(int64_t a, int64_t b, int64_t *out);
bool bh_uint_floordiv(int64_t a, int64_t b, int64_t *out);
bool bh_uint_mod(int64_t a, int64_t b, int64_t *out);
bool bh_int_add_ovf(int64_t a, int64_t b, int64_t *out);
bool bh_int_sub_ovf(int64_t a, int64_t b, int64_t *out);
bool bh_int_mul_ovf(int64_t a, int64_t b, int64_t *out);
/* trunc(f); values outside int64 (excluded by the rtyper) give INT64_MIN,
 * as the x86-64 conversion does. */
int64_t bh_float_to_int(double f);

/* Memory through a FIELD or ARRAY descriptor at byte address p. */
static inline int64_t bh_load_int(const void *p, const JcDescr *d) {
  bool sign = d->flags & JC_MEM_SIGNED;
  switch (d->size) {
  case 1: { uint8_t v; memcpy(&v, p, 1); return sign ? (int8_t)v : (int64_t)v; }
  case 2: { uint16_t v; memcpy(&v, p, 2); return sign ? (int16_t)v : (int64_t)v; }
  case 4: { uint32_t v; memcpy(&v, p, 4); return sign ? (int32_t)v : (int64_t)v; }
  default: { int64_t v; memcpy(&v, p, 8); return v; }
  }
}

static inline void bh_store_int(void *p, const JcDescr *d, int64_t v) {
  switch (d->size) {
  case 1: { uint8_t x = (uint8_t)v; memcpy(p, &x, 1); break; }
  case 2: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
  case 4: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
  default: memcpy(p, &v, 8); break;
  }
}

static inline void *bh_load_ref(const void *p) {
  void *v;
  memcpy(&v, p, sizeof v);
  return v;
}

static inline void bh_store_ref(void *p, void *v) { memcpy(p, &v, sizeof v); }

/* Whether a store through descr d may need --gc=gen's write barrier: a GC
 * reference into an object of a GC type. */
static inline bool bh_needs_wb(const JcDescr *d) {
  return (d->flags & JC_MEM_GCREF) && rt_gc_type_is_gc(d->type_id);
}

/* A reference store at p inside obj through descr d, with --gc=gen's
 * write barrier (rt_gc_gen.h) when it may need it. */
static inline void bh_store_ref_wb(void *obj, void *p, const JcDescr *d, void *v) {
  if (rt_gc_gen_on && v && bh_needs_wb(d)) rt_gc_before_store(obj);
  bh_store_ref(p, v);
}

static inline double bh_load_float(const void *p) {
  double v;
  memcpy(&v, p, sizeof v);
  return v;
}

static inline void bh_store_float(void *p, double v) { memcpy(p, &v, sizeof v); }

/* The address of item `index` of the array (or struct ending in one) at obj. */
static inline void *bh_item(void *obj, const JcDescr *d, int64_t index) {
  return (char *)obj + d->a + (uint64_t)index * d->size;
}

static inline int64_t bh_arraylen(const void *obj, const JcDescr *d) {
  if (d->flags & JC_MEM_NOLENGTH) return 0;  /* the codewriter never asks */
  int64_t n;
  memcpy(&n, (const char *)obj + d->b, sizeof n);
  return n;
}

void *bh_new(const JcDescr *d, void *const *addrs);
void *bh_new_array(const JcDescr *d, int64_t n);

/* The label a switch descriptor picks for `value`. */
uint32_t bh_switch_target(const JcImage *img, const JcDescr *d, int64_t value);
/* True when the exception class `type` is in the EXC_MATCH range of d. */
bool bh_exc_matches(const RlVtable *type, const JcDescr *d);

/* Calls fn through the stub of call descriptor d with the arguments the
 * register lists at `lists` (I, R, F) name in frame F; the result goes to
 * *res in the field of its kind. Returns the bytes the lists take. */
size_t bh_residual_call(const Bh *bh, const BhFrame *F, void *fn, const JcDescr *d,
                        const uint8_t *lists, BhValue *res);

#endif
