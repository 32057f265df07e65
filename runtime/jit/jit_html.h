/* jit_html.h — RTRANS_LOG=jit-html:FILE, one self-contained HTML page of
 * every compiled loop and bridge (docs/jit-logs.md).
 *
 * Promise: jit_html_write writes a complete page (inline CSS, no script,
 * no external resource): the summary counters; a table of the traces
 * (kind, where in the user's program it starts — its first
 * debug_merge_point text, from get_printable_location —, ops, guards,
 * guard failures, bridges, compile time, whether it was invalidated); then
 * each trace's optimized ops grouped under the user-program locations
 * they came from, each guard with how often it failed and a link to the
 * bridge attached to it, each bridge with a link back to its guard. Every
 * text is HTML-escaped.
 * Expects: traces in the order they were compiled; guard_ins[g] and
 * fails[g] for g in 1..nguards (exit numbers), bridge_of[g] the number of
 * the bridge on guard g (0: none). */
#ifndef RT_JIT_HTML_H
#define RT_JIT_HTML_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "jit_ir.h"
#include "jit_log.h"

typedef struct JitHtmlTrace {
  uint32_t number;
  bool bridge;
  bool invalid;
  const Trace *T;              /* optimized */
  uint32_t nguards;
  const uint32_t *guard_ins;   /* [g]: the guard's instruction index */
  const uint32_t *fails;       /* [g]: its failures */
  const uint32_t *bridge_of;   /* [g]: the bridge number on it, 0 */
  uint32_t parent, parent_guard; /* a bridge: the trace (its number, and
                                    whether a loop: parent_bridge) and guard */
  bool parent_bridge;
  double compile_us;
} JitHtmlTrace;

void jit_html_write(FILE *out, const JitHtmlTrace *t, uint32_t n, const JitStats *s);

#endif
