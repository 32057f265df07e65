/* rt_io.c — print buffer and os.* calls (see rt_io.h). */
#include "rt_io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_exc.h"

enum { RT_OUTBUF = 1 << 13 };

static char rt_outbuf[RT_OUTBUF];
static size_t rt_outlen;
static int rt_out_tty = -1;  /* unknown yet */

static void write_fd(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t k = write(fd, p, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return;  /* print has nowhere to report errors */
    p += k;
    n -= (size_t)k;
  }
}

void rt_print_flush(void) {
  write_fd(1, rt_outbuf, rt_outlen);
  rt_outlen = 0;
}

void rt_print_bytes(const char *p, size_t n) {
  if (rt_out_tty < 0) rt_out_tty = isatty(1);
  if (n > RT_OUTBUF - rt_outlen) {
    rt_print_flush();
    if (n >= RT_OUTBUF) {
      write_fd(1, p, n);
      return;
    }
  }
  memcpy(rt_outbuf + rt_outlen, p, n);
  rt_outlen += n;
  if (rt_out_tty && memchr(p, '\n', n)) rt_print_flush();
}

void rt_print_str(const RlStr *s) {
  if (s) rt_print_bytes((const char *)s->chars, (size_t)s->length);
}

int64_t rt_os_write(int64_t fd, const RlStr *s) {
  rt_print_flush();
  for (;;) {
    ssize_t k = write((int)fd, s->chars, (size_t)s->length);
    if (k >= 0) return k;
    if (errno != EINTR) break;
  }
  rt_raise_oserror(errno, NULL);
  return 0;
}

RlStr *rt_os_read(int64_t fd, int64_t n) {
  if (n < 0) {
    rt_raise(&rl_vtable_ValueError, "negative buffersize in read");
    return NULL;
  }
  RlStr *s = rt_str_new_old(n);  /* shrunk below: never in the nursery, whose objects */
  if (!s) return NULL;            /* must keep the size they were allocated with */
  for (;;) {
    ssize_t k = read((int)fd, s->chars, (size_t)n);
    if (k >= 0) {
      s->length = k;  /* the rest of the block stays unused */
      return s;
    }
    if (errno != EINTR) break;
  }
  rt_raise_oserror(errno, NULL);
  return NULL;
}

int64_t rt_os_open(const RlStr *path, int64_t flags, int64_t mode) {
  char *cpath = malloc((size_t)path->length + 1);
  if (!cpath) {
    rt_raise_memory();
    return 0;
  }
  memcpy(cpath, path->chars, (size_t)path->length);
  cpath[path->length] = 0;
  int fd;
  do fd = open(cpath, (int)flags | O_CLOEXEC, (mode_t)mode);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) rt_raise_oserror(errno, cpath);
  free(cpath);
  return fd < 0 ? 0 : fd;
}

void rt_os_close(int64_t fd) {
  if (close((int)fd) < 0 && errno != EINTR) rt_raise_oserror(errno, NULL);
}
