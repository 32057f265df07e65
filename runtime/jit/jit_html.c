/* jit_html.c — the jit-html log page (jit_html.h). */
#include "jit_html.h"

#include <stdlib.h>
#include <string.h>

#include "jit_text.h"

static void esc(FILE *out, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '<') fputs("&lt;", out);
    else if (c == '>') fputs("&gt;", out);
    else if (c == '&') fputs("&amp;", out);
    else if (c == '"') fputs("&quot;", out);
    else if ((unsigned char)c < 32 && c != '\n' && c != '\t') fputc('?', out);
    else fputc(c, out);
  }
}

static const char *kind_of(const JitHtmlTrace *t) { return t->bridge ? "bridge" : "loop"; }

/* The text of a debug_merge_point line: what is between its quotes. */
static bool location(const char *line, size_t n, const char **s, size_t *len) {
  const char *p = memchr(line, '(', n);
  if (!p || n < 20 || strncmp(line, "debug_merge_point(", 18)) return false;
  const char *a = memchr(p, '\'', (size_t)(line + n - p));
  if (!a) return false;
  const char *b = line + n;
  while (b > a + 1 && b[-1] != '\'') b--;
  *s = a + 1;
  *len = b > a + 1 ? (size_t)(b - 1 - (a + 1)) : 0;
  return true;
}

/* The printed trace, its first location (for the table). */
static char *printed(const Trace *T) { return jprint_string(T, 0); }

static void first_location(FILE *out, const char *text) {
  for (const char *l = text; *l;) {
    const char *e = strchr(l, '\n');
    size_t n = e ? (size_t)(e - l) : strlen(l);
    const char *s;
    size_t len;
    if (location(l, n, &s, &len)) {
      esc(out, s, len);
      return;
    }
    l += n + (e ? 1 : 0);
  }
  fputs("&mdash;", out);
}

static uint64_t total_fails(const JitHtmlTrace *t) {
  uint64_t f = 0;
  for (uint32_t g = 1; g <= t->nguards; g++) f += t->fails[g];
  return f;
}

static uint32_t count_bridges(const JitHtmlTrace *t) {
  uint32_t b = 0;
  for (uint32_t g = 1; g <= t->nguards; g++) b += t->bridge_of[g] != 0;
  return b;
}

static void summary(FILE *out, const JitStats *s) {
  uint64_t aborts = 0;
  for (int i = 0; i < JIT_ABORT_NREASONS; i++) aborts += s->aborts[i];
  fprintf(out, "<h2>Summary</h2>\n<table class=\"sum\">\n");
  fprintf(out, "<tr><td>loops</td><td>%llu</td></tr>\n", (unsigned long long)s->loops);
  fprintf(out, "<tr><td>bridges</td><td>%llu</td></tr>\n", (unsigned long long)s->bridges);
  fprintf(out, "<tr><td>aborts</td><td>%llu</td></tr>\n", (unsigned long long)aborts);
  fprintf(out, "<tr><td>guard failures</td><td>%llu</td></tr>\n", (unsigned long long)s->guard_failures);
  fprintf(out, "<tr><td>ops before / after optimization</td><td>%llu / %llu</td></tr>\n",
          (unsigned long long)s->ops_before_opt, (unsigned long long)s->ops_after_opt);
  fprintf(out, "<tr><td>tracing / optimizing / compiling</td><td>%.6f / %.6f / %.6f s</td></tr>\n",
          s->t_tracing, s->t_optimizing, s->t_compiling);
  fprintf(out, "<tr><td>blackhole runs</td><td>%llu (%.6f s)</td></tr>\n",
          (unsigned long long)s->blackhole_runs, s->t_blackhole);
  fprintf(out, "<tr><td>portal calls (entered compiled code)</td><td>%llu (%llu)</td></tr>\n",
          (unsigned long long)s->portal_calls,
          (unsigned long long)(s->loop_entries + s->direct_calls));
  fprintf(out, "<tr><td>invalidated traces</td><td>%llu</td></tr>\n", (unsigned long long)s->invalidated);
  fprintf(out, "</table>\n");
}

static void table(FILE *out, const JitHtmlTrace *t, uint32_t n, char **texts) {
  fprintf(out, "<h2>Traces</h2>\n<table class=\"list\">\n<tr><th>trace</th><th>starts at</th>"
               "<th>ops</th><th>guards</th><th>guard failures</th><th>bridges</th>"
               "<th>compile &micro;s</th><th></th></tr>\n");
  for (uint32_t i = 0; i < n; i++) {
    const JitHtmlTrace *x = &t[i];
    fprintf(out, "<tr><td><a href=\"#%s%u\">%s %u</a></td><td class=\"loc\">", kind_of(x), x->number,
            kind_of(x), x->number);
    first_location(out, texts[i]);
    fprintf(out, "</td><td>%u</td><td>%u</td><td>%llu</td><td>%u</td><td>%.0f</td><td>%s</td></tr>\n",
            x->T->nins - 1, x->nguards, (unsigned long long)total_fails(x), count_bridges(x),
            x->compile_us, x->invalid ? "invalidated" : "");
  }
  fprintf(out, "</table>\n");
}

/* The guard number of instruction ins, 0 if none. */
static uint32_t guard_at(const JitHtmlTrace *t, uint32_t ins) {
  for (uint32_t g = 1; g <= t->nguards; g++)
    if (t->guard_ins[g] == ins) return g;
  return 0;
}

static void one_trace(FILE *out, const JitHtmlTrace *t, const char *text) {
  fprintf(out, "<h3 id=\"%s%u\">%s %u%s</h3>\n", kind_of(t), t->number, kind_of(t), t->number,
          t->invalid ? " (invalidated)" : "");
  if (t->bridge)
    fprintf(out, "<p>on guard %u of <a href=\"#%s%u\">%s %u</a></p>\n", t->parent_guard,
            t->parent_bridge ? "bridge" : "loop", t->parent, t->parent_bridge ? "bridge" : "loop",
            t->parent);
  uint32_t ninputs = 0;
  while (ninputs + 1 < t->T->nins && t->T->ins[ninputs + 1].op <= JIR_input_f) ninputs++;
  fputs("<div class=\"ops\"><pre>", out);
  uint32_t ins = ninputs;  /* the first line holds the inputs */
  bool first = true;
  for (const char *l = text; *l;) {
    const char *e = strchr(l, '\n');
    size_t n = e ? (size_t)(e - l) : strlen(l);
    const char *s;
    size_t len;
    if (!first) ins++;  /* this line's instruction */
    if (!first && location(l, n, &s, &len)) {
      fputs("</pre><div class=\"src\">", out);
      esc(out, s, len);
      fputs("</div><pre>", out);
    } else {
      uint32_t g = first ? 0 : guard_at(t, ins);
      esc(out, l, n);
      if (g) {
        fprintf(out, "  <span class=\"fail\">guard %u: failed %u time%s</span>", g, t->fails[g],
                t->fails[g] == 1 ? "" : "s");
        if (t->bridge_of[g])
          fprintf(out, " <a href=\"#bridge%u\">&rarr; bridge %u</a>", t->bridge_of[g], t->bridge_of[g]);
      }
      fputc('\n', out);
    }
    first = false;
    l += n + (e ? 1 : 0);
  }
  fputs("</pre></div>\n", out);
}

void jit_html_write(FILE *out, const JitHtmlTrace *t, uint32_t n, const JitStats *s) {
  fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        "<title>rtrans JIT log</title>\n<style>\n"
        "body{font-family:sans-serif;margin:1.5em;color:#222}\n"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}\n"
        "td.loc{font-family:monospace}\n"
        ".ops{border-left:3px solid #89a;margin:0 0 2em 0;padding-left:8px}\n"
        "pre{margin:0;font-size:90%}.src{background:#eef3ff;font-family:monospace;"
        "font-weight:bold;padding:2px 4px;margin-top:4px}\n"
        ".fail{color:#a40}\n</style></head><body>\n<h1>rtrans JIT log</h1>\n", out);
  summary(out, s);
  char **texts = malloc((n + 1) * sizeof *texts);
  if (!texts) jir_oom();
  for (uint32_t i = 0; i < n; i++) texts[i] = printed(t[i].T);
  table(out, t, n, texts);
  for (uint32_t i = 0; i < n; i++) one_trace(out, &t[i], texts[i]);
  for (uint32_t i = 0; i < n; i++) free(texts[i]);
  free(texts);
  fputs("</body></html>\n", out);
}
