/* rt_main.c — main(): GC, the program on a big stack, argv, exit status.
 *
 * The program runs on a stack of its own (RTRANS_STACK, lazily committed,
 * a guard page below), on the main thread: main switches to it with
 * swapcontext and tells Boehm where its cool end is. A second thread
 * would do as well for the stack, but Boehm, once it knows of two
 * threads, takes its allocation lock on every refill of the free lists
 * and stops the other thread at every collection: ~9% of Lua's json
 * benchmark was that lock. */
#define _GNU_SOURCE 1
#include "rt_main.h"

#include <gc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "rt_exc.h"
#include "rt_gc.h"
#include "rt_gc_gen.h"
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
    RlStr *s = rt_str_from_cstr(argv[i]);
    if (!s) return NULL;
    rt_gc_before_store(items);  /* allocating s may have made items old */
    items->items[i] = s;
  }
  l->length = argc;
  rt_gc_before_store(l);
  l->items = items;
  return l;
}

/* The exit status; an uncaught SystemExit (sys.exit) gives its own
 * status and prints nothing, as in CPython. */
static int finish(int64_t status) {
  rt_print_flush();
  if (!rl_exc_type) return (int)(status & 0xff);
  int st;
  if (rt_exc_system_exit(&st)) return st;
  rt_exc_print_uncaught();
  return 1;
}

/* The program's stack and the contexts switched between (main() sets
 * them once; the program runs on one thread). */
static struct {
  RtStart *st;
  char *lo, *hi;  /* the program's stack, below its guard page: [lo, hi) */
  ucontext_t main_ctx, program_ctx;
} run;

static void *set_bottom(void *sb) {
  GC_set_stackbottom(NULL, sb);
  return NULL;
}

static void program_entry(void) {
  struct GC_stack_base mine = {.mem_base = run.hi}, saved;
  GC_get_my_stackbottom(&saved);
  GC_call_with_alloc_lock(set_bottom, &mine);
  rt_stack_limit = run.lo + RT_STACK_MARGIN;
  rt_gc_set_stack(run.lo, run.hi);
  RlList *argv = make_argv(run.st->argc, run.st->argv);
  int64_t status = argv ? rl_entry(argv) : 1;
  run.st->status = finish(status);
  GC_call_with_alloc_lock(set_bottom, &saved);
}  /* back to main (uc_link) */

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
  if (stack == MAP_FAILED) {
    fputs("rtrans runtime: cannot reserve the program's stack\n", stderr);
    return 1;
  }
  mprotect(stack, page, PROT_NONE);
  run.st = &st;
  run.lo = stack + page;
  run.hi = stack + page + size;
  if (getcontext(&run.program_ctx) != 0) {
    fputs("rtrans runtime: cannot start the program\n", stderr);
    return 1;
  }
  run.program_ctx.uc_stack.ss_sp = run.lo;
  run.program_ctx.uc_stack.ss_size = size;
  run.program_ctx.uc_link = &run.main_ctx;
  makecontext(&run.program_ctx, program_entry, 0);
  if (swapcontext(&run.main_ctx, &run.program_ctx) != 0) {
    fputs("rtrans runtime: cannot start the program\n", stderr);
    return 1;
  }
  return st.status;
}
