/* jit_runtime_params.c — RTRANS_JIT parsing (see jit_runtime_params.h). */
#include "runtime/jit/jit_runtime_params.h"

#include <stddef.h>
#include <string.h>

#include "runtime/jit/jopt.h"

typedef struct ParamName {
  const char *name;
  size_t offset;
  int64_t deflt;
  const char *const *words;  /* a word-valued parameter: its words, else NULL */
} ParamName;

static const char *const backend_names[] = JIT_BACKEND_NAMES;

static const ParamName params[] = {
    {"threshold", offsetof(JitParams, threshold), 1039, NULL},
    {"function_threshold", offsetof(JitParams, function_threshold), 1619, NULL},
    {"trace_eagerness", offsetof(JitParams, trace_eagerness), 50, NULL},
    {"trace_limit", offsetof(JitParams, trace_limit), 6000, NULL},
    {"loop_longevity", offsetof(JitParams, loop_longevity), 1000, NULL},
    {"backend", offsetof(JitParams, backend), 0, backend_names},
    {"passes", offsetof(JitParams, passes), 0, NULL},
    {"verify", offsetof(JitParams, verify), 0, NULL},
};
enum { NPARAMS = sizeof params / sizeof params[0] };

static int64_t *slot(JitParams *p, const ParamName *n) {
  return (int64_t *)(void *)((char *)p + n->offset);
}

/* The parameter called name[0..len), or NULL. */
static const ParamName *find(const char *name, size_t len) {
  for (int i = 0; i < NPARAMS; i++)
    if (strlen(params[i].name) == len && memcmp(params[i].name, name, len) == 0)
      return &params[i];
  return NULL;
}

void jit_params_default(JitParams *p) {
  for (int i = 0; i < NPARAMS; i++) *slot(p, &params[i]) = params[i].deflt;
}

bool jit_params_set(JitParams *p, const char *name, int64_t value) {
  const ParamName *n = find(name, strlen(name));
  int64_t max = JIT_PARAM_MAX;
  if (n && n->words)
    for (max = 0; n->words[max + 1];) max++;
  if (!n || value < 0 || value > max) return false;
  *slot(p, n) = value;
  return true;
}

const char *jit_backend_name(int64_t backend) {
  return backend >= 0 && backend < (int64_t)(sizeof backend_names / sizeof *backend_names) - 1
             ? backend_names[backend] : backend_names[0];
}

/* The index of the word s[0..len) in words, or -1. */
static int64_t word_index(const char *const *words, const char *s, size_t len) {
  for (int64_t k = 0; words[k]; k++)
    if (strlen(words[k]) == len && memcmp(words[k], s, len) == 0) return k;
  return -1;
}

/* A decimal number 0..JIT_PARAM_MAX in s[0..len); -1 if it is not one. */
static int64_t number(const char *s, size_t len) {
  if (len == 0 || len > 10) return -1;
  int64_t v = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v <= JIT_PARAM_MAX ? v : -1;
}

static bool word(const char *s, size_t len, const char *w) {
  return strlen(w) == len && memcmp(s, w, len) == 0;
}

static void warn_item(FILE *warn, const char *what, const char *s, size_t len) {
  if (warn)
    fprintf(warn, "rtrans runtime: RTRANS_JIT: %s '%.*s' (ignored)\n", what, (int)len, s);
}

/* One item s[0..len) of the list. */
static void parse_item(const char *s, size_t len, JitParams *p, JitMode *mode, FILE *warn) {
  if (len == 0) return;
  if (word(s, len, "off")) { *mode = JIT_MODE_OFF; return; }
  if (word(s, len, "blackhole")) { *mode = JIT_MODE_BLACKHOLE; return; }
  const char *eq = memchr(s, '=', len);
  if (!eq) {
    warn_item(warn, "unknown setting", s, len);
    return;
  }
  const ParamName *n = find(s, (size_t)(eq - s));
  if (!n) {
    warn_item(warn, "unknown parameter", s, (size_t)(eq - s));
    return;
  }
  size_t vlen = len - (size_t)(eq - s) - 1;
  int64_t v = n->words ? word_index(n->words, eq + 1, vlen) : number(eq + 1, vlen);
  if (n->offset == offsetof(JitParams, passes)) {  /* names joined by '+' */
    char buf[200];
    if (vlen >= sizeof buf) vlen = sizeof buf - 1;
    memcpy(buf, eq + 1, vlen);
    buf[vlen] = 0;
    for (char *c = buf; *c; c++)
      if (*c == '+') *c = ' ';
    v = vlen ? (int64_t)jopt_parse_passes(buf) : 0;
    if (v == 0) v = -1;
  }
  if (v < 0) {
    warn_item(warn, "bad value in", s, len);
    return;
  }
  *slot(p, n) = v;
}

JitMode jit_params_parse(const char *value, JitParams *p, FILE *warn) {
  jit_params_default(p);
  JitMode mode = JIT_MODE_JIT;
  if (!value) return mode;
  for (const char *s = value;;) {
    const char *comma = strchr(s, ',');
    size_t len = comma ? (size_t)(comma - s) : strlen(s);
    parse_item(s, len, p, &mode, warn);
    if (!comma) break;
    s = comma + 1;
  }
  return mode;
}
