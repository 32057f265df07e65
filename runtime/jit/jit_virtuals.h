/* jit_virtuals.h — building a failing guard's virtuals (jit_ir.h, JVirt;
 * opt_virtual.c makes them).
 *
 * Promise: jv_materialize allocates every virtual that a guard's snapshot
 * names (once each, however often it is named), stores its fields from the
 * snapshot's saved values (a field naming another virtual gets that
 * object), and writes the object's address into the values at each
 * position the snapshot names it, so the resume data then reads ordinary
 * values. Objects come from `alloc` (with their vtable set, as the
 * trace's new / new_with_vtable would), arrays from `alloc_array` (zeroed,
 * as new_array_clear); field stores follow each field descr's offset,
 * size and kind, item stores the array descr's.
 * jv_do_pending then does the stores the trace delayed past the guard.
 * Both call wb(obj) (when not NULL: --gc=gen's write barrier) before
 * storing a non-NULL value through a descr with JDF_WB.
 * Expects: values[] holds what the compiled code saved for that snapshot
 * (n entries); alloc never returns NULL (it raises MemoryError itself). */
#ifndef RT_JIT_VIRTUALS_H
#define RT_JIT_VIRTUALS_H

#include <stdbool.h>
#include <stdint.h>

#include "jit_ir.h"

/* Whether snapshot S of T names a virtual or delays a store: work for a
 * failure before resuming (jv_materialize, then jv_do_pending). */
bool jv_has_work(const Trace *T, const JSnap *S);

void jv_materialize(const Trace *T, const JRef *refs, uint32_t n, int64_t *values,
                    void *(*alloc)(uint32_t descr),
                    void *(*alloc_array)(uint32_t descr, int64_t len), void (*wb)(void *obj));

/* Does snapshot S's delayed stores (JPending), in order, with the saved
 * values (after jv_materialize). */
void jv_do_pending(const Trace *T, const JSnap *S, const int64_t *values, void (*wb)(void *obj));

#endif
