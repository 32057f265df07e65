/* diag.c — source manager and diagnostics printer (see diag.h). */
#include "diag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum {
  DIAG_WINDOW = 160,       /* widest source excerpt printed */
  SM_MAX_FILE = 1u << 30,  /* largest source file accepted */
};

void sm_init(SourceMgr *sm, Arena *A) {
  sm->arena = A;
  sm->files.data = NULL;
  sm->files.len = sm->files.cap = 0;
  vec_push(A, sm->files, (SourceFile *)NULL);
}

uint32_t sm_add(SourceMgr *sm, const char *path, const char *text,
                uint32_t len) {
  SourceFile *f = arena_alloc(sm->arena, sizeof *f);
  f->path = arena_strdup(sm->arena, path);
  f->text = text;
  f->len = len;
  vec_push(sm->arena, sm->files, f);
  return sm->files.len - 1;
}

uint32_t sm_load(SourceMgr *sm, const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return 0;
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  if (!buf) rt_oom();
  size_t n;
  while ((n = fread(buf + len, 1, cap - len, fp)) > 0) {
    len += n;
    if (len > SM_MAX_FILE) {
      fclose(fp);
      free(buf);
      errno = EFBIG;
      return 0;
    }
    if (len == cap) {
      cap *= 2;
      char *nb = realloc(buf, cap);
      if (!nb) rt_oom();
      buf = nb;
    }
  }
  int err = ferror(fp) ? errno : 0;
  fclose(fp);
  if (err) {
    free(buf);
    errno = err;
    return 0;
  }
  char *text = arena_strndup(sm->arena, buf, len);
  free(buf);
  return sm_add(sm, path, text, (uint32_t)len);
}

SourceFile *sm_file(SourceMgr *sm, uint32_t id) {
  if (id == 0 || id >= sm->files.len) return NULL;
  return sm->files.data[id];
}

static void sm_index_lines(SourceMgr *sm, SourceFile *f) {
  uint32_t n = 1;
  for (uint32_t i = 0; i < f->len; i++)
    if (f->text[i] == '\n') n++;
  f->lines = arena_alloc_array(sm->arena, n, sizeof(uint32_t));
  f->lines[0] = 0;
  uint32_t k = 1;
  for (uint32_t i = 0; i < f->len; i++)
    if (f->text[i] == '\n') f->lines[k++] = i + 1;
  f->nlines = n;
}

/* Index of the line containing off (0-based). */
static uint32_t sm_line_index(SourceMgr *sm, SourceFile *f, uint32_t off) {
  if (!f->lines) sm_index_lines(sm, f);
  uint32_t lo = 0, hi = f->nlines;  /* lines[lo] <= off < lines[hi] */
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (f->lines[mid] <= off) lo = mid;
    else hi = mid;
  }
  return lo;
}

void sm_line_col(SourceMgr *sm, uint32_t file, uint32_t off, uint32_t *line,
                 uint32_t *col) {
  SourceFile *f = sm_file(sm, file);
  if (!f) {
    *line = *col = 0;
    return;
  }
  if (off > f->len) off = f->len;
  uint32_t li = sm_line_index(sm, f, off);
  *line = li + 1;
  *col = off - f->lines[li] + 1;
}

Loc loc_make(uint32_t file, uint32_t start, uint32_t end) {
  Loc l = {file, start, end < start ? start : end};
  return l;
}

Loc loc_span(Loc a, Loc b) {
  if (a.file != b.file) return a;
  Loc l = {a.file, a.start < b.start ? a.start : b.start,
           a.end > b.end ? a.end : b.end};
  return l;
}

void diag_init(Diag *D, SourceMgr *sm, FILE *out) {
  D->sm = sm;
  D->out = out;
  D->nerrors = 0;
  D->nwarnings = 0;
  D->stop = false;
}

static void diag_put_byte(FILE *out, unsigned char c) {
  if (c == '\t' || (c >= 0x20 && c != 0x7f)) fputc(c, out);
  else fputc('?', out);
}

/* Prints the source line of loc and the caret line under it. */
static void diag_excerpt(Diag *D, SourceFile *f, Loc loc) {
  uint32_t off = loc.start > f->len ? f->len : loc.start;
  uint32_t li = sm_line_index(D->sm, f, off);
  uint32_t ls = f->lines[li];
  uint32_t le = ls;
  while (le < f->len && f->text[le] != '\n') le++;
  uint32_t vis_end = le;
  if (vis_end > ls && f->text[vis_end - 1] == '\r') vis_end--;
  uint32_t from = ls, to = vis_end;
  if (to - from > DIAG_WINDOW) {  /* window around the column */
    from = off > ls + DIAG_WINDOW / 2 ? off - DIAG_WINDOW / 2 : ls;
    to = from + DIAG_WINDOW < vis_end ? from + DIAG_WINDOW : vis_end;
  }
  fputs(from > ls ? " ..." : " ", D->out);
  for (uint32_t i = from; i < to; i++)
    diag_put_byte(D->out, (unsigned char)f->text[i]);
  fputs(to < vis_end ? "...\n" : "\n", D->out);
  fputs(from > ls ? "    " : " ", D->out);
  for (uint32_t i = from; i < off; i++)
    fputc(f->text[i] == '\t' ? '\t' : ' ', D->out);
  fputc('^', D->out);
  uint32_t end = loc.end > to ? to : loc.end;
  for (uint32_t i = off + 1; i < end; i++) fputc('~', D->out);
  fputc('\n', D->out);
}

void diag_vreport(Diag *D, const char *kind, Loc loc, const char *fmt,
                  va_list ap) {
  SourceFile *f = sm_file(D->sm, loc.file);
  if (f) {
    uint32_t line, col;
    sm_line_col(D->sm, loc.file, loc.start, &line, &col);
    fprintf(D->out, "%s:%u:%u: %s: ", f->path, line, col, kind);
  } else {
    fprintf(D->out, "rtrans: %s: ", kind);
  }
  vfprintf(D->out, fmt, ap);
  fputc('\n', D->out);
  if (f) diag_excerpt(D, f, loc);
}

void diag_error(Diag *D, Loc loc, const char *fmt, ...) {
  if (D->stop) return;
  va_list ap;
  va_start(ap, fmt);
  diag_vreport(D, "error", loc, fmt, ap);
  va_end(ap);
  if (++D->nerrors >= DIAG_MAX_ERRORS) {
    fprintf(D->out, "rtrans: fatal error: too many errors (limit is %d), "
            "stopping\n", DIAG_MAX_ERRORS);
    D->stop = true;
  }
}

void diag_note(Diag *D, Loc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_vreport(D, "note", loc, fmt, ap);
  va_end(ap);
}

void diag_warning(Diag *D, Loc loc, const char *fmt, ...) {
  if (D->stop) return;
  va_list ap;
  va_start(ap, fmt);
  diag_vreport(D, "warning", loc, fmt, ap);
  va_end(ap);
  D->nwarnings++;
}
