/* jit_runtime_state.h — the JIT runtime's configuration, set once at start
 * (jit_runtime.c; the ABI itself is jit_runtime.h).
 *
 * Promise: jit_runtime_setup does what rl_jit_startup does, for a given
 * image and RTRANS_JIT value (rl_jit_startup passes rl_jit_image,
 * rl_jit_image_size and getenv("RTRANS_JIT")): parses the value
 * (jit_runtime_params.h), and unless the mode is off opens the image with
 * jc_image_open — an invalid image prints one line on stderr and turns the
 * JIT off. Then it sets rl_jit_active (1 unless off) and, in the JIT mode,
 * makes the warm state (which sets the counters to the threshold; in
 * blackhole mode they stay 0, so every portal calls in). It returns whether the
 * image is in use. This state — the open image, the mode, the parameters —
 * is the runtime's only state besides the ABI's buffers; it is written
 * only here, before the program runs (or by a unit test between runs).
 * The accessors read it.
 * Expects: single-threaded use; `image` stays valid while the JIT runs. */
#ifndef RT_JIT_RUNTIME_STATE_H
#define RT_JIT_RUNTIME_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/jit/jit_runtime_params.h"
#include "runtime/jit/jitcode.h"

bool jit_runtime_setup(const void *image, size_t size, const char *rtrans_jit);
JitMode jit_runtime_mode(void);
const JitParams *jit_runtime_params(void);
/* The open image, or NULL when the JIT is off. */
const JcImage *jit_runtime_image(void);

#endif
