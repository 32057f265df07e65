/* rt_exc.h — the exception state and the raise helpers (ARCHITECTURE.md §4).
 *
 * Promise: an RL exception in flight is the pair (rl_exc_type, rl_exc_value);
 * rl_exc_type == NULL means "no exception". Generated code tests
 * rl_exc_type after every call that may raise and either catches (reads
 * both, clears both) or returns to its caller leaving them set. C helpers
 * raise by calling rt_raise* and returning any value; they must not raise
 * when an exception is already set. The built-in exception classes' vtables
 * are static data emitted by the backend under the fixed names below
 * (rl_vtable_<Class>); the runtime only reads their object_vtable head.
 * Expects: rt_exc_init before the program runs. */
#ifndef RT_EXC_H
#define RT_EXC_H

#include <stdbool.h>

#include "rt_obj.h"

extern const RlVtable *rl_exc_type;
extern RlObject *rl_exc_value;

#define RT_BUILTIN_EXCEPTIONS(X)                                            \
  X(BaseException) X(SystemExit)                                            \
  X(Exception) X(ArithmeticError) X(ZeroDivisionError) X(OverflowError)     \
  X(LookupError) X(IndexError) X(KeyError) X(RuntimeError)                  \
  X(NotImplementedError) X(RecursionError) X(OSError) X(ValueError)         \
  X(TypeError) X(AssertionError) X(MemoryError) X(StopIteration)

#define RT_DECLARE_VTABLE(name) extern const RlVtable rl_vtable_##name;
RT_BUILTIN_EXCEPTIONS(RT_DECLARE_VTABLE)
#undef RT_DECLARE_VTABLE

void rt_exc_init(void);
/* The raising functions return rl_exc_type as they leave it (never NULL:
 * MemoryError when the instance could not be allocated), so that
 * generated code can restate it for LLVM (docs/backend.md).
 * Raises an instance of `type` (an rl_exception) with the message
 * (NUL-terminated; NULL for ''). */
const RlVtable *rt_raise(const RlVtable *type, const char *msg);
const RlVtable *rt_raise_str(const RlVtable *type, RlStr *msg);
/* Sets the state to an existing exception instance. */
const RlVtable *rt_raise_value(RlObject *value);
const RlVtable *rt_raise_overflow(void);  /* OverflowError: integer overflow */
const RlVtable *rt_raise_recursion(void); /* RecursionError: maximum recursion depth exceeded */
void rt_raise_memory(void);         /* MemoryError, preallocated */
void rt_raise_zerodiv(void);        /* ZeroDivisionError: division by zero */
/* OSError: "[Errno N] strerror" (+ ": 'filename'" when given). */
void rt_raise_oserror(int err, const char *filename);
/* A failed debug_assert: a translator bug. Prints and aborts. */
_Noreturn void rt_debug_assert_fail(const char *msg);
/* Prints the pending exception as `ClassName: message` (or `ClassName`)
 * to stderr. */
void rt_exc_print_uncaught(void);
/* Whether the pending exception is a SystemExit (sys.exit); if so, sets
 * *status to its exit status: its message is str(code), and '' (no code)
 * is 0, an int n is n & 0xff, True/False 1/0; any other message is
 * printed to stderr and gives 1, as CPython does with a str code. */
bool rt_exc_system_exit(int *status);

#endif
