/* timer.c — stage timing for --time (see timer.h). */
#include "timer.h"

#include <sys/resource.h>
#include <time.h>

double timer_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

long timer_peak_rss(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0) return 0;
  return ru.ru_maxrss * 1024L;
}

void timer_init(StageTimer *T) {
  T->count = 0;
  T->origin = T->started = timer_now();
}

static void timer_close(StageTimer *T, double now) {
  if (T->count > 0) T->seconds[T->count - 1] += now - T->started;
  T->started = now;
}

void timer_stage(StageTimer *T, const char *name) {
  double now = timer_now();
  timer_close(T, now);
  if (T->count < TIMER_MAX_STAGES) {
    T->names[T->count] = name;
    T->seconds[T->count] = 0;
    T->count++;
  }
}

void timer_report(StageTimer *T, FILE *out) {
  double now = timer_now();
  timer_close(T, now);
  fputs("rtrans: timer summary\n", out);
  for (int i = 0; i < T->count; i++)
    fprintf(out, "  %-16s %8.3f s\n", T->names[i], T->seconds[i]);
  fprintf(out, "  %-16s %8.3f s\n", "total", now - T->origin);
  fprintf(out, "  %-16s %8.1f MB\n", "peak memory",
          (double)timer_peak_rss() / (1024.0 * 1024.0));
}
