/* jit_log.h — RTRANS_LOG: what the JIT reports, and where (ARCHITECTURE.md
 * §6 "Logs", docs/jit-logs.md).
 *
 * Promise: jit_log_init parses RTRANS_LOG, a comma list of
 * `category[:FILE]`: jit-summary (counters and times, printed at exit),
 * jit-log-opt (every trace before and after optimization), jit-html (FILE
 * required), jit-perfmap (a line "START SIZE name" in hex per compiled
 * trace whose size the backend knows: perf reads /tmp/perf-PID.map, the
 * default FILE, to name JIT code). Without FILE a category writes to stderr — never stdout,
 * which belongs to the program. An unknown category, a missing FILE for
 * jit-html or a file that cannot be opened gets one warning on stderr and
 * is ignored. Files are opened once, appended to in order, and flushed at
 * exit (jit_log_finish, registered with atexit when a category is on; it
 * also prints the summary). JitStats holds the
 * counters the JIT keeps whether or not a summary was asked for (they are
 * cheap).
 * Expects: single-threaded use, as the whole JIT runtime. */
#ifndef RT_JIT_LOG_H
#define RT_JIT_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef enum JitLogCat {
  JIT_LOG_SUMMARY,
  JIT_LOG_OPT,
  JIT_LOG_HTML,
  JIT_LOG_PERFMAP,    /* "START SIZE name" per compiled trace, for perf */
  JIT_LOG_NCATS
} JitLogCat;

/* Why tracing stopped without a loop. */
#define JIT_ABORT_REASONS(X) \
  X(TOO_LONG, "trace too long") \
  X(ESCAPED, "left the portal (return or exception)") \
  X(QUASI, "a quasi-immutable field it read was written while recording") \
  X(EXCEPTION, "an exception was raised while tracing") \
  X(UNSUPPORTED, "operation not supported by the tracer") \
  X(BLACKLISTED, "green key blacklisted") \
  X(UNROLLED_LOOP, "a recursive call unrolled into the trace looped")

typedef enum JitAbort {
#define JIT_ABORT_ENUM(name, text) JIT_ABORT_##name,
  JIT_ABORT_REASONS(JIT_ABORT_ENUM)
#undef JIT_ABORT_ENUM
  JIT_ABORT_NREASONS
} JitAbort;

typedef struct JitStats {
  uint64_t loops, bridges, aborts[JIT_ABORT_NREASONS];
  uint64_t guard_failures;
  uint64_t ops_before_opt, ops_after_opt;  /* summed over traces */
  double t_tracing, t_optimizing, t_compiling, t_blackhole;  /* seconds */
  uint64_t blackhole_runs;   /* entries into the blackhole interpreter */
  uint64_t blackhole_ops;    /* jitcode ops it executed */
  uint64_t portal_calls;     /* calls from the portals into the runtime */
  uint64_t loop_entries;     /* of those and of call_assembler's calls, how
                                many ran compiled code */
  uint64_t assembler_calls;  /* recursive portal calls from traces
                                (call_assembler) */
  uint64_t finishes_out;     /* traces that finished at a key without a loop */
  uint64_t returns;          /* traces that finished where the portal returns */
  uint64_t direct_calls;     /* call_assembler calls compiled code made of a
                                loop itself (JitDirectCall): each is also an
                                assembler call, a loop entry and, but for
                                the direct_exits, a return */
  uint64_t direct_exits;
  uint64_t invalidated;      /* traces invalidated by quasi-immutable writes */
} JitStats;

/* Parses `spec` (RTRANS_LOG's value, may be NULL). */
void jit_log_init(const char *spec);
/* The stream of a category, or NULL when it is off. */
FILE *jit_log_stream(JitLogCat cat);
static inline bool jit_log_on(JitLogCat cat) { return jit_log_stream(cat) != NULL; }
JitStats *jit_stats(void);
/* Prints the summary (when asked for), writes the jit-html page through
 * the writer set here (the warm state's: it knows the traces), and
 * flushes and closes the files. */
void jit_log_finish(void);
void jit_log_set_html_writer(void (*write)(FILE *out, void *user), void *user);
/* Writes the summary of `s` to `out` (also used by tests). */
void jit_log_print_summary(FILE *out, const JitStats *s);
/* Monotonic seconds, for the times above. */
double jit_log_now(void);

#endif
