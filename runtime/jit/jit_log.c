/* jit_log.c — RTRANS_LOG parsing, the JIT's counters and the summary. */
#include "jit_log.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct JitLogState {
  FILE *stream[JIT_LOG_NCATS];
  bool owned[JIT_LOG_NCATS];   /* opened by us (not stderr) */
  JitStats stats;
} JitLogState;

/* The one JIT state of the process (the runtime is single-threaded). */
static JitLogState jit_log;

static const char *const cat_names[JIT_LOG_NCATS] = {"jit-summary", "jit-log-opt", "jit-html",
                                                     "jit-perfmap"};

static const char *const abort_texts[JIT_ABORT_NREASONS] = {
#define JIT_ABORT_TEXT(name, text) text,
    JIT_ABORT_REASONS(JIT_ABORT_TEXT)
#undef JIT_ABORT_TEXT
};

static void warn(const char *what, const char *item, size_t len) {
  fprintf(stderr, "rtrans JIT: RTRANS_LOG: %s '%.*s' ignored\n", what, (int)len, item);
}

static void open_log(int cat, const char *path, const char *item, size_t len) {
  FILE *f = fopen(path, "w");
  if (!f) {
    warn("cannot open the file of", item, len);
    return;
  }
  if (jit_log.owned[cat]) fclose(jit_log.stream[cat]);
  jit_log.stream[cat] = f;
  jit_log.owned[cat] = true;
}

/* One `category[:FILE]` item of length len. */
static void parse_item(const char *item, size_t len) {
  const char *colon = memchr(item, ':', len);
  size_t nlen = colon ? (size_t)(colon - item) : len;
  int cat = -1;
  for (int c = 0; c < JIT_LOG_NCATS; c++)
    if (strlen(cat_names[c]) == nlen && memcmp(cat_names[c], item, nlen) == 0) cat = c;
  if (cat < 0) {
    warn("unknown category", item, nlen);
    return;
  }
  if (!colon || colon + 1 == item + len) {
    if (cat == JIT_LOG_HTML) {
      warn("jit-html needs a file (jit-html:FILE):", item, len);
      return;
    }
    if (cat != JIT_LOG_PERFMAP) {
      jit_log.stream[cat] = stderr;
      return;
    }
  }
  char path[4096];
  if (cat == JIT_LOG_PERFMAP && (!colon || colon + 1 == item + len)) {
    snprintf(path, sizeof path, "/tmp/perf-%ld.map", (long)getpid());
    open_log(cat, path, item, len);
    return;
  }
  size_t plen = len - nlen - 1;
  if (plen >= sizeof path) {
    warn("file name too long in", item, len);
    return;
  }
  memcpy(path, colon + 1, plen);
  path[plen] = 0;
  open_log(cat, path, item, len);
}

static void finish_at_exit(void) { jit_log_finish(); }

void jit_log_init(const char *spec) {
  if (!spec) return;
  while (*spec) {
    const char *end = strchr(spec, ',');
    size_t len = end ? (size_t)(end - spec) : strlen(spec);
    if (len) parse_item(spec, len);
    spec += len + (end ? 1 : 0);
  }
  static bool registered;
  for (int c = 0; c < JIT_LOG_NCATS && !registered; c++)
    if (jit_log.stream[c]) registered = atexit(finish_at_exit) == 0;
}

FILE *jit_log_stream(JitLogCat cat) { return cat < JIT_LOG_NCATS ? jit_log.stream[cat] : NULL; }

JitStats *jit_stats(void) { return &jit_log.stats; }

double jit_log_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void jit_log_print_summary(FILE *out, const JitStats *s) {
  uint64_t aborts = 0;
  for (int i = 0; i < JIT_ABORT_NREASONS; i++) aborts += s->aborts[i];
  fprintf(out, "[jit-summary]\n");
  fprintf(out, "  loops            %llu\n", (unsigned long long)s->loops);
  fprintf(out, "  bridges          %llu\n", (unsigned long long)s->bridges);
  fprintf(out, "  aborts           %llu\n", (unsigned long long)aborts);
  for (int i = 0; i < JIT_ABORT_NREASONS; i++)
    if (s->aborts[i])
      fprintf(out, "    %-14llu %s\n", (unsigned long long)s->aborts[i], abort_texts[i]);
  fprintf(out, "  guard failures   %llu\n", (unsigned long long)s->guard_failures);
  fprintf(out, "  ops before opt   %llu\n", (unsigned long long)s->ops_before_opt);
  fprintf(out, "  ops after opt    %llu\n", (unsigned long long)s->ops_after_opt);
  fprintf(out, "  tracing          %.6f s\n", s->t_tracing);
  fprintf(out, "  optimizing       %.6f s\n", s->t_optimizing);
  fprintf(out, "  compiling        %.6f s\n", s->t_compiling);
  fprintf(out, "  blackhole runs   %llu (%llu ops, %.6f s)\n",
          (unsigned long long)s->blackhole_runs, (unsigned long long)s->blackhole_ops,
          s->t_blackhole);
  fprintf(out, "  portal calls     %llu (%llu entered compiled code)\n",
          (unsigned long long)s->portal_calls,
          (unsigned long long)(s->loop_entries + s->direct_calls));
  fprintf(out, "  assembler calls  %llu (%llu direct)\n",
          (unsigned long long)(s->assembler_calls + s->direct_calls),
          (unsigned long long)s->direct_calls);
  fprintf(out, "  finishes out     %llu\n", (unsigned long long)s->finishes_out);
  fprintf(out, "  returns          %llu\n",
          (unsigned long long)(s->returns + s->direct_calls - s->direct_exits));
  fprintf(out, "  invalidated      %llu\n", (unsigned long long)s->invalidated);
  fprintf(out, "[/jit-summary]\n");
}

static void (*html_writer)(FILE *out, void *user);
static void *html_user;

void jit_log_set_html_writer(void (*write)(FILE *out, void *user), void *user) {
  html_writer = write;
  html_user = user;
}

void jit_log_finish(void) {
  if (jit_log.stream[JIT_LOG_SUMMARY]) jit_log_print_summary(jit_log.stream[JIT_LOG_SUMMARY], &jit_log.stats);
  if (jit_log.stream[JIT_LOG_HTML] && html_writer) html_writer(jit_log.stream[JIT_LOG_HTML], html_user);
  for (int c = 0; c < JIT_LOG_NCATS; c++) {
    if (jit_log.owned[c]) fclose(jit_log.stream[c]);
    else if (jit_log.stream[c]) fflush(jit_log.stream[c]);
    jit_log.stream[c] = NULL;
    jit_log.owned[c] = false;
  }
}
