/* diag.h — source files, locations and GCC-style diagnostics.
 *
 * A Loc is a file id and a byte range [start, end) in that file's text; line
 * and column (1-based, columns in bytes, a tab counts 1) are computed only when
 * printing, from a per-file line index built on first use.
 *
 * Promise: diag_error/diag_note print
 *     file:line:col: error: message
 *      <source line>
 *      ^~~~
 * to the Diag's stream (stderr for the driver), with control bytes in the
 * echoed line shown as '?' and very long lines shown as a window around the
 * column. After DIAG_MAX_ERRORS errors, `D->stop` becomes true and one
 * "too many errors" line is printed; producers must then stop early.
 * Expects: every Loc names a file added to the SourceMgr (file id 0 is "no
 * location": it prints as "rtrans:" without a source line). */
#ifndef RT_DIAG_H
#define RT_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "vec.h"

enum { DIAG_MAX_ERRORS = 20 };

typedef struct Loc {
  uint32_t file;   /* SourceMgr file id; 0 = no location */
  uint32_t start;  /* byte offset of the first byte */
  uint32_t end;    /* byte offset one past the last byte (>= start) */
} Loc;

typedef struct SourceFile {
  const char *path;   /* as given / as found (for messages) */
  const char *text;   /* contents, NUL-terminated (may contain NULs) */
  uint32_t len;       /* bytes in text */
  uint32_t *lines;    /* byte offset of each line start; built lazily */
  uint32_t nlines;
} SourceFile;

typedef struct SourceMgr {
  Arena *arena;
  VEC(SourceFile *) files;  /* index = file id; [0] is a placeholder */
} SourceMgr;

typedef struct Diag {
  SourceMgr *sm;
  FILE *out;        /* where messages go (stderr in the driver) */
  int nerrors;
  int nwarnings;
  bool stop;        /* too many errors: producers should give up */
} Diag;

void sm_init(SourceMgr *sm, Arena *A);
/* Adds a file whose text is already in memory; returns its id (>= 1). */
uint32_t sm_add(SourceMgr *sm, const char *path, const char *text,
                uint32_t len);
/* Reads a file; returns its id, or 0 with errno set. Files over 1 GiB fail
 * with EFBIG. */
uint32_t sm_load(SourceMgr *sm, const char *path);
SourceFile *sm_file(SourceMgr *sm, uint32_t id);
/* Line (1-based) and column (1-based, bytes) of a byte offset. */
void sm_line_col(SourceMgr *sm, uint32_t file, uint32_t off, uint32_t *line,
                 uint32_t *col);

Loc loc_make(uint32_t file, uint32_t start, uint32_t end);
Loc loc_span(Loc a, Loc b);  /* from a's start to b's end (same file) */

void diag_init(Diag *D, SourceMgr *sm, FILE *out);
void diag_error(Diag *D, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_note(Diag *D, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_warning(Diag *D, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_vreport(Diag *D, const char *kind, Loc loc, const char *fmt,
                  va_list ap);

#endif
