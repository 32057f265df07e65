/* blackhole_ops.c — op semantics of the blackhole (see blackhole_ops.h). */
#include "runtime/jit/blackhole_ops.h"

#include <string.h>

#include "runtime/rt_exc.h"
#include "runtime/rt_gc.h"

/* ---- integers ------------------------------------------------------------------ */

int64_t bh_int_lshift(int64_t a, int64_t count) {
  return (uint64_t)count >= 64 ? 0 : bh_wrap((uint64_t)a << count);
}

int64_t bh_int_rshift(int64_t a, int64_t count) {
  if ((uint64_t)count >= 64) return a < 0 ? -1 : 0;
  /* arithmetic shift without relying on the implementation's >> of negatives */
  return a < 0 ? ~(int64_t)(~(uint64_t)a >> count) : (int64_t)((uint64_t)a >> count);
}

int64_t bh_uint_rshift(int64_t a, int64_t count) {
  return (uint64_t)count >= 64 ? 0 : (int64_t)((uint64_t)a >> count);
}

int64_t bh_int_abs(int64_t a) {
  return a < 0 ? bh_wrap(0 - (uint64_t)a) : a;
}

static bool nonzero(int64_t b) {
  if (b) return true;
  rt_raise_zerodiv();
  return false;
}

bool bh_int_floordiv(int64_t a, int64_t b, int64_t *out) {
  if (!nonzero(b)) return false;
  if (b == -1) {
    *out = bh_wrap(0 - (uint64_t)a);  /* MIN // -1 == MIN */
    return true;
  }
  int64_t q = a / b, r = a % b;
  *out = (r != 0 && (r ^ b) < 0) ? q - 1 : q;
  return true;
}

bool bh_int_mod(int64_t a, int64_t b, int64_t *out) {
  if (!nonzero(b)) return false;
  if (b == -1) {
    *out = 0;
    return true;
  }
  int64_t r = a % b;
  *out = (r != 0 && (r ^ b) < 0) ? r + b : r;
  return true;
}

bool bh_uint_floordiv(int64_t a, int64_t b, int64_t *out) {
  if (!nonzero(b)) return false;
  *out = (int64_t)((uint64_t)a / (uint64_t)b);
  return true;
}

bool bh_uint_mod(int64_t a, int64_t b, int64_t *out) {
  if (!nonzero(b)) return false;
  *out = (int64_t)((uint64_t)a % (uint64_t)b);
  return true;
}

static bool no_overflow(bool wrapped) {
  if (wrapped) rt_raise_overflow();
  return !wrapped;
}

bool bh_int_add_ovf(int64_t a, int64_t b, int64_t *out) {
  return no_overflow(__builtin_add_overflow(a, b, out));
}

bool bh_int_sub_ovf(int64_t a, int64_t b, int64_t *out) {
  return no_overflow(__builtin_sub_overflow(a, b, out));
}

bool bh_int_mul_ovf(int64_t a, int64_t b, int64_t *out) {
  return no_overflow(__builtin_mul_overflow(a, b, out));
}

int64_t bh_float_to_int(double f) {
  /* [-2**63, 2**63): both bounds are exact doubles */
  if (f >= -9223372036854775808.0 && f < 9223372036854775808.0) return (int64_t)f;
  return INT64_MIN;
}

/* ---- memory ----------------------------------------------------------------------- */

void *bh_new(const JcDescr *d, void *const *addrs) {
  uint64_t hdr = rt_gc_hdr(d->type_id);
  void *p = (d->flags & JC_MEM_HAS_GCPTRS) ? rt_gc_new(hdr, d->a) : rt_gc_new_atomic(hdr, d->a);
  if (p && d->b != JC_NULL_ADDR) bh_store_ref((char *)p + d->c, addrs[d->b]);
  return p;
}

void *bh_new_array(const JcDescr *d, int64_t n) {
  uint64_t hdr = rt_gc_hdr(d->type_id);
  size_t lenofs = (d->flags & JC_MEM_NOLENGTH) ? RT_GC_NOLENGTH : d->b;
  if (d->flags & JC_MEM_HAS_GCPTRS) return rt_gc_new_varsize(hdr, d->c, d->size, n, lenofs);
  return rt_gc_new_varsize_atomic(hdr, d->c, d->size, n, lenofs);
}

/* ---- control ------------------------------------------------------------------------ */

uint32_t bh_switch_target(const JcImage *img, const JcDescr *d, int64_t value) {
  const uint8_t *t = img->pool + d->a;
  uint32_t n = jc_u32(t);
  for (uint32_t k = 0; k < n; k++) {
    const uint8_t *c = t + 4 + 12 * (size_t)k;
    int64_t v;
    memcpy(&v, c, sizeof v);
    if (v == value) return jc_u32(c + 8);
  }
  return d->b;
}

bool bh_exc_matches(const RlVtable *type, const JcDescr *d) {
  int64_t id;
  memcpy(&id, (const char *)type + d->c, sizeof id);
  return (int64_t)d->a <= id && id < (int64_t)d->b;
}

/* ---- residual calls --------------------------------------------------------------------- */

enum { BH_MAX_ARGS = 255 };

size_t bh_residual_call(const Bh *bh, const BhFrame *F, void *fn, const JcDescr *d,
                        const uint8_t *lists, BhValue *res) {
  int64_t ia[BH_MAX_ARGS];
  void *ra[BH_MAX_ARGS];  /* on the C stack: scanned by Boehm */
  double fa[BH_MAX_ARGS];
  const uint8_t *p = lists;
  for (uint8_t n = *p++, k = 0; k < n; k++, p += 2) ia[k] = F->ri[jc_u16(p)];
  for (uint8_t n = *p++, k = 0; k < n; k++, p += 2) ra[k] = F->rr[jc_u16(p)];
  for (uint8_t n = *p++, k = 0; k < n; k++, p += 2) fa[k] = F->rf[jc_u16(p)];
  void *out;
  switch ((char)(d->d & 0xff)) {
  case 'i': out = &res->i; break;
  case 'r': out = &res->r; break;
  case 'f': out = &res->f; break;
  default: out = NULL; break;
  }
  BhValue scratch;
  bh->stubs[d->a](fn, ia, ra, fa, out ? out : &scratch);
  return (size_t)(p - lists);
}
