/* rt_hash.c — SipHash-1-3 (Aumasson & Bernstein; CPython's variant of the
 * finalization: v0 ^ v1 ^ v2 ^ v3), key (0, 0), little-endian words read
 * byte by byte so the result does not depend on the host. */
#include "runtime/text/rt_hash.h"

static inline uint64_t rotl(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

static inline uint64_t load_le64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}

#define HALF_ROUND(a, b, c, d, s, t) \
  a += b; c += d; b = rotl(b, s) ^ a; d = rotl(d, t) ^ c; a = rotl(a, 32);
#define SIP_ROUND(v0, v1, v2, v3)         \
  HALF_ROUND(v0, v1, v2, v3, 13, 16);     \
  HALF_ROUND(v2, v1, v0, v3, 17, 21);

static uint64_t siphash13(const unsigned char *in, size_t n) {
  uint64_t v0 = 0x736f6d6570736575ULL, v1 = 0x646f72616e646f6dULL;
  uint64_t v2 = 0x6c7967656e657261ULL, v3 = 0x7465646279746573ULL;
  uint64_t b = (uint64_t)n << 56;
  for (; n >= 8; n -= 8, in += 8) {
    uint64_t m = load_le64(in);
    v3 ^= m;
    SIP_ROUND(v0, v1, v2, v3);
    v0 ^= m;
  }
  uint64_t t = 0;
  for (size_t i = n; i > 0; i--) t = (t << 8) | in[i - 1];
  b |= t;
  v3 ^= b;
  SIP_ROUND(v0, v1, v2, v3);
  v0 ^= b;
  v2 ^= 0xff;
  SIP_ROUND(v0, v1, v2, v3);
  SIP_ROUND(v0, v1, v2, v3);
  SIP_ROUND(v0, v1, v2, v3);
  return (v0 ^ v1) ^ (v2 ^ v3);
}

int64_t rt_str_hash(const char *s, size_t n) {
  uint64_t h = n ? siphash13((const unsigned char *)s, n) : 0;
  if (h == 0) return RT_HASH_ZERO;
  if (h == UINT64_MAX) return -2;
  return (int64_t)h;
}
