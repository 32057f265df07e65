/* rt_main.h — process start and exit of a translated program.
 *
 * Promise: main() initializes the GC and the exception state, then runs the
 * program on the main thread but on a stack of its own (swapcontext; Boehm
 * is told its cool end) that reserves RT_STACK_DEFAULT
 * bytes (256 MiB, MAP_NORESERVE: pages are only used as touched) whatever
 * `ulimit -s` says; RTRANS_STACK=<n>[K|M|G] in the environment overrides
 * it (tests use small stacks to reach RecursionError quickly). It sets
 * rt_stack_limit 256 KiB above the low end of that stack — generated code
 * raises RecursionError when its frame address falls below it — builds
 * argv as an RL list of str, and calls the backend's `rl_entry`. Then it
 * flushes stdout and exits with the returned status (& 0xff, as the OS
 * does), or on an uncaught exception prints `ClassName: message` to
 * stderr and exits with 1 — but with its own status, printing nothing,
 * on an uncaught SystemExit (sys.exit raises it: rt_exc_system_exit).
 * Expects: the program defines rl_entry (backend/llvm emits it). */
#ifndef RT_MAIN_H
#define RT_MAIN_H

#include <stdint.h>

#include "rt_obj.h"

#define RT_STACK_DEFAULT ((size_t)256 << 20)
#define RT_STACK_MARGIN ((size_t)256 << 10)

/* Generated code: `if (frame address < rt_stack_limit) raise`. */
extern char *rt_stack_limit;

/* The program's entry point (emitted by the backend). */
int64_t rl_entry(RlList *argv);

#endif
