/* rt_main.c — main(): GC, big-stack program thread, argv, exit status. */
#define _GNU_SOURCE 1
#define GC_THREADS 1
#include "rt_main.h"

#include <gc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rt_exc.h"
#include "rt_gc.h"
#include "rt_io.h"

char *rt_stack_limit;

typedef struct RtStart {
  int argc;
  char **argv;
  int status;
} RtStart;

static size_t stack_size(void) {
  const char *e = getenv("RTRANS_STACK");
  if (!e || !*e) return RT_STACK_DEFAULT;
  char *end;
  unsigned long long n = strtoull(e, &end, 10);
  if (*end == 'K' || *end == 'k') n <<= 10;
  else if (*end == 'M' || *end == 'm') n <<= 20;
  else if (*end == 'G' || *end == 'g') n <<= 30;
  if (n < 4 * RT_STACK_MARGIN) n = 4 * RT_STACK_MARGIN;
  return (size_t)n;
}

static RlList *make_argv(int argc, char **argv) {
  RlArray *items = rt_gc_new_varsize(rt_gc_hdr(rl_tid_argv_items),
                                     sizeof(RlArray), sizeof(void *), argc,
                                     offsetof(RlArray, length));
  RlList *l = rt_gc_new(rt_gc_hdr(rl_tid_argv_list), sizeof(RlList));
  if (!items || !l) return NULL;
  for (int i = 0; i < argc; i++) {
    items->items[i] = rt_str_from_cstr(argv[i]);
    if (!items->items[i]) return NULL;
  }
  l->length = argc;
  l->items = items;
  return l;
}

static int finish(int64_t status) {
  rt_print_flush();
  if (rl_exc_type) {
    rt_exc_print_uncaught();
    return 1;
  }
  return (int)(status & 0xff);
}

static void *program_thread(void *arg) {
  RtStart *st = arg;
  pthread_attr_t attr;
  void *lo = NULL;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &lo, &size);
    pthread_attr_destroy(&attr);
  }
  rt_stack_limit = (char *)lo + RT_STACK_MARGIN;
  RlList *argv = make_argv(st->argc, st->argv);
  int64_t status = argv ? rl_entry(argv) : 1;
  st->status = finish(status);
  return NULL;
}

_Noreturn void rt_sys_exit(int64_t status) {
  rt_print_flush();
  exit((int)(status & 0xff));
}

/* Defined when the JIT runtime is linked in (runtime/jit/jit_runtime.h). */
extern void rl_jit_startup(void) __attribute__((weak));

int main(int argc, char **argv) {
  rt_gc_init();
  rt_exc_init();
  if (rl_jit_startup) rl_jit_startup();
  RtStart st = {argc, argv, 1};
  size_t size = stack_size();
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  /* our own mapping: lazily committed, with a guard page below */
  char *stack = mmap(NULL, size + page, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK,
                     -1, 0);
  pthread_attr_t attr;
  pthread_t th;
  if (stack == MAP_FAILED || pthread_attr_init(&attr) != 0) {
    fputs("rtrans runtime: cannot reserve the program's stack\n", stderr);
    return 1;
  }
  mprotect(stack, page, PROT_NONE);
  pthread_attr_setstack(&attr, stack + page, size);
  if (pthread_create(&th, &attr, program_thread, &st) != 0) {
    fputs("rtrans runtime: cannot start the program's thread\n", stderr);
    return 1;
  }
  pthread_join(th, NULL);
  pthread_attr_destroy(&attr);
  return st.status;
}
