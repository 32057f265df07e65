/* rt_obj.c — allocation of the runtime's own objects (strings). */
#include "rt_obj.h"

#include <string.h>

#include "rt_gc.h"
#include "rt_gc_gen.h"

RlStr *rt_str_new(int64_t len) {
  return rt_gc_new_varsize_atomic(rt_gc_hdr(rl_tid_rpy_string), sizeof(RlStr),
                                  1, len, offsetof(RlStr, length));
}

RlStr *rt_str_new_old(int64_t len) {
  if (!rt_gc_gen_on) return rt_str_new(len);
  RlStr *s = rt_gc_gen_new_old(rt_gc_hdr(rl_tid_rpy_string), sizeof(RlStr) + (size_t)(len < 0 ? 0 : len), true);
  if (s) s->length = len;
  return s;
}

RlStr *rt_str_from(const char *p, size_t n) {
  RlStr *s = rt_str_new((int64_t)n);
  if (s && n) memcpy(s->chars, p, n);
  return s;
}

RlStr *rt_str_from_cstr(const char *s) {
  return rt_str_from(s, strlen(s));
}
