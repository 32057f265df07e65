/* rt_file.c — file objects: open(path[, mode]) with .read([n]),
 * .readline(), .write(s), .close() (see rt_io.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_exc.h"
#include "rt_gc.h"
#include "rt_io.h"

enum { RT_FILE_CHUNK = 8192 };

/* mode letters "r" "w" "a" (one), "+" and "b"/"t" (optional) -> open(2)
 * flags and the file's RT_FILE_* bits; -1 when the mode is invalid */
static int parse_mode(const RlStr *mode, int *rw) {
  int kind = 0, plus = 0, bt = 0;
  for (int64_t i = 0; i < mode->length; i++) {
    switch (mode->chars[i]) {
    case 'r': case 'w': case 'a': if (kind) return -1; kind = mode->chars[i]; break;
    case '+': if (plus) return -1; plus = 1; break;
    case 'b': case 't': if (bt) return -1; bt = 1; break;
    default: return -1;
    }
  }
  if (!kind) return -1;
  *rw = plus ? RT_FILE_READ | RT_FILE_WRITE : kind == 'r' ? RT_FILE_READ : RT_FILE_WRITE;
  int acc = plus ? O_RDWR : kind == 'r' ? O_RDONLY : O_WRONLY;
  if (kind == 'w') return acc | O_CREAT | O_TRUNC;
  if (kind == 'a') return acc | O_CREAT | O_APPEND;
  return acc;
}

static char *c_string(const RlStr *s) {
  char *c = malloc((size_t)s->length + 1);
  if (!c) {
    rt_raise_memory();
    return NULL;
  }
  memcpy(c, s->chars, (size_t)s->length);
  c[s->length] = 0;
  return c;
}

RlFile *rt_file_open(const RlStr *path, const RlStr *mode) {
  int rw = 0, flags = mode ? parse_mode(mode, &rw) : O_RDONLY;
  if (!mode) rw = RT_FILE_READ;
  if (flags < 0) {
    rt_raise(&rl_vtable_ValueError, "invalid mode");
    return NULL;
  }
  char *cpath = c_string(path);
  if (!cpath) return NULL;
  int fd;
  do fd = open(cpath, flags | O_CLOEXEC, 0666);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    rt_raise_oserror(errno, cpath);
    free(cpath);
    return NULL;
  }
  free(cpath);
  RlFile *f = rt_gc_malloc(sizeof *f);
  if (!f) {
    close(fd);
    return NULL;
  }
  f->fd = fd;
  f->mode = rw;
  return f;
}

static bool usable(RlFile *f, int64_t need) {
  if (f->fd < 0) {
    rt_raise(&rl_vtable_ValueError, "I/O operation on closed file.");
    return false;
  }
  if (!(f->mode & need)) {
    rt_raise(&rl_vtable_OSError, need == RT_FILE_READ ? "not readable" : "not writable");
    return false;
  }
  return true;
}

/* Refills the read buffer; returns the bytes now buffered (0 at end of
 * file), -1 with OSError raised. */
static int64_t fill(RlFile *f) {
  if (!f->rbuf && !(f->rbuf = rt_str_new_old(RT_FILE_CHUNK))) return -1;  /* f is untyped */
  f->rpos = 0;
  f->rlen = 0;
  for (;;) {
    ssize_t k = read((int)f->fd, f->rbuf->chars, RT_FILE_CHUNK);
    if (k >= 0) return f->rlen = k;
    if (errno != EINTR) break;
  }
  rt_raise_oserror(errno, NULL);
  return -1;
}

/* A builder of the bytes read so far: a growing malloc'ed buffer. */
typedef struct Acc {
  char *p;
  size_t n, cap;
} Acc;

static bool acc_add(Acc *a, const unsigned char *p, size_t n) {
  if (a->n + n > a->cap) {
    size_t cap = (a->n + n) * 2;
    char *q = realloc(a->p, cap);
    if (!q) {
      rt_raise_memory();
      return false;
    }
    a->p = q;
    a->cap = cap;
  }
  memcpy(a->p + a->n, p, n);
  a->n += n;
  return true;
}

static RlStr *acc_done(Acc *a, bool ok) {
  RlStr *s = ok ? rt_str_from(a->p ? a->p : "", a->n) : NULL;
  free(a->p);
  return s;
}

/* read(n): at most n bytes, fewer only at end of file; n < 0: everything */
RlStr *rt_file_read(RlFile *f, int64_t n) {
  if (!usable(f, RT_FILE_READ)) return NULL;
  Acc a = {0};
  bool ok = true;
  while (n < 0 || (int64_t)a.n < n) {
    if (f->rpos == f->rlen) {
      int64_t k = fill(f);
      if (k < 0) ok = false;
      if (k <= 0) break;
    }
    int64_t take = f->rlen - f->rpos;
    if (n >= 0 && take > n - (int64_t)a.n) take = n - (int64_t)a.n;
    if (!(ok = acc_add(&a, f->rbuf->chars + f->rpos, (size_t)take))) break;
    f->rpos += take;
  }
  return acc_done(&a, ok);
}

/* readline(): up to and including the next '\n' ('' at end of file) */
RlStr *rt_file_readline(RlFile *f) {
  if (!usable(f, RT_FILE_READ)) return NULL;
  Acc a = {0};
  bool ok = true;
  for (;;) {
    if (f->rpos == f->rlen) {
      int64_t k = fill(f);
      if (k < 0) ok = false;
      if (k <= 0) break;
    }
    const unsigned char *p = f->rbuf->chars + f->rpos;
    const unsigned char *nl = memchr(p, '\n', (size_t)(f->rlen - f->rpos));
    int64_t take = nl ? nl - p + 1 : f->rlen - f->rpos;
    if (!(ok = acc_add(&a, p, (size_t)take))) break;
    f->rpos += take;
    if (nl) break;
  }
  return acc_done(&a, ok);
}

void rt_file_write(RlFile *f, const RlStr *s) {
  if (!usable(f, RT_FILE_WRITE)) return;
  const unsigned char *p = s->chars;
  size_t n = (size_t)s->length;
  while (n) {
    ssize_t k = write((int)f->fd, p, n);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) {
      rt_raise_oserror(errno, NULL);
      return;
    }
    p += k;
    n -= (size_t)k;
  }
}

/* close(): a second close does nothing */
void rt_file_close(RlFile *f) {
  if (f->fd < 0) return;
  int fd = (int)f->fd;
  f->fd = -1;
  f->rbuf = NULL;
  if (close(fd) < 0 && errno != EINTR) rt_raise_oserror(errno, NULL);
}
