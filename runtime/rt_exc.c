/* rt_exc.c — exception state, raising from C, reporting uncaught ones. */
#include "rt_exc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_gc.h"
#include "rt_io.h"

const RlVtable *rl_exc_type;
RlObject *rl_exc_value;

/* Weak: the backend's unit tests build programs with only the vtables
 * of the classes they use; the rtyper exports every built-in one. */
extern const RlVtable rl_vtable_SystemExit __attribute__((weak));

/* Raised without allocating when memory is exhausted. */
static RlExc rt_memory_error;

void rt_exc_init(void) {
  rt_memory_error.hdr = rt_gc_hdr(rl_tid_rl_exception) |
                        ((uint64_t)RT_GC_FLAG_PREBUILT << 32);
  rt_memory_error.typeptr = &rl_vtable_MemoryError;
}

const RlVtable *rt_raise_value(RlObject *value) {
  rl_exc_type = value->typeptr;
  rl_exc_value = value;
  return rl_exc_type;
}

const RlVtable *rt_raise_str(const RlVtable *type, RlStr *msg) {
  RlExc *e = rt_gc_new(rt_gc_hdr(rl_tid_rl_exception), sizeof(RlExc));
  if (!e) return rl_exc_type;  /* MemoryError is raised instead */
  e->typeptr = type;
  e->message = msg;
  return rt_raise_value((RlObject *)e);
}

const RlVtable *rt_raise(const RlVtable *type, const char *msg) {
  RlStr *s = rt_str_from_cstr(msg ? msg : "");
  if (s) rt_raise_str(type, s);
  return rl_exc_type;
}

const RlVtable *rt_raise_overflow(void) {
  return rt_raise(&rl_vtable_OverflowError, "integer overflow");
}

const RlVtable *rt_raise_recursion(void) {
  return rt_raise(&rl_vtable_RecursionError, "maximum recursion depth exceeded");
}

void rt_raise_zerodiv(void) {
  rt_raise(&rl_vtable_ZeroDivisionError, "division by zero");
}

void rt_raise_memory(void) {
  rl_exc_type = &rl_vtable_MemoryError;
  rl_exc_value = (RlObject *)&rt_memory_error;
}

void rt_raise_oserror(int err, const char *filename) {
  char buf[512];
  if (filename)
    snprintf(buf, sizeof buf, "[Errno %d] %s: '%s'", err, strerror(err),
             filename);
  else
    snprintf(buf, sizeof buf, "[Errno %d] %s", err, strerror(err));
  rt_raise(&rl_vtable_OSError, buf);
}

void rt_debug_assert_fail(const char *msg) {
  rt_print_flush();
  fprintf(stderr, "rtrans runtime: internal error: %s\n", msg);
  abort();
}

static void write_all(int fd, const void *p, size_t n) {
  const char *c = p;
  while (n) {
    ssize_t k = write(fd, c, n);
    if (k <= 0) return;
    c += k;
    n -= (size_t)k;
  }
}

void rt_exc_print_uncaught(void) {
  const RlVtable *t = rl_exc_type;
  RlStr *name = t ? t->name : NULL;
  RlStr *msg = rl_exc_value ? ((RlExc *)rl_exc_value)->message : NULL;
  if (name) write_all(2, name->chars, (size_t)name->length);
  else write_all(2, "Exception", 9);
  if (msg && msg->length > 0) {
    write_all(2, ": ", 2);
    write_all(2, msg->chars, (size_t)msg->length);
  }
  write_all(2, "\n", 1);
}

/* The value of str(code) as an int: '-'? digits, 'True' or 'False'. */
static bool status_int(const RlStr *m, int64_t *n) {
  int64_t len = m->length, i = len > 0 && m->chars[0] == '-';
  if (len == 4 && !memcmp(m->chars, "True", 4)) return *n = 1, true;
  if (len == 5 && !memcmp(m->chars, "False", 5)) return *n = 0, true;
  if (i == len) return false;
  uint64_t u = 0;  /* wraps: the status keeps the low byte only */
  for (; i < len; i++) {
    if (m->chars[i] < '0' || m->chars[i] > '9') return false;
    u = u * 10 + (uint64_t)(m->chars[i] - '0');
  }
  *n = (int64_t)(m->chars[0] == '-' ? 0 - u : u);
  return true;
}

bool rt_exc_system_exit(int *status) {
  const RlVtable *t = rl_exc_type, *s = &rl_vtable_SystemExit;
  if (!t || !s || t->subclassrange_min < s->subclassrange_min ||
      t->subclassrange_min >= s->subclassrange_max)
    return false;
  RlStr *msg = rl_exc_value ? ((RlExc *)rl_exc_value)->message : NULL;
  int64_t n = 0;
  if (msg && msg->length > 0 && !status_int(msg, &n)) {
    write_all(2, msg->chars, (size_t)msg->length);
    write_all(2, "\n", 1);
    n = 1;
  }
  *status = (int)(n & 0xff);
  return true;
}
