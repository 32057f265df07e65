/* timer.h — per-stage wall time and peak memory, for `rtrans --time`.
 *
 * Promise: timer_stage(T, name) closes the running stage (if any) and opens
 * `name`; timer_report prints one line per stage, then the total and the
 * process's peak resident memory, to the given stream (stderr).
 * Expects: at most TIMER_MAX_STAGES stages (later ones are merged into the
 * last). */
#ifndef RT_TIMER_H
#define RT_TIMER_H

#include <stdio.h>

enum { TIMER_MAX_STAGES = 32 };

typedef struct StageTimer {
  const char *names[TIMER_MAX_STAGES];
  double seconds[TIMER_MAX_STAGES];
  int count;
  double started;   /* monotonic time the running stage began */
  double origin;    /* monotonic time of timer_init */
} StageTimer;

void timer_init(StageTimer *T);
void timer_stage(StageTimer *T, const char *name);
void timer_report(StageTimer *T, FILE *out);
double timer_now(void);
/* Peak resident set size of the process, in bytes. */
long timer_peak_rss(void);

#endif
