/* rt_io.h — buffered standard output for print, and the os.* file calls.
 *
 * Promise: print output goes through one process-wide buffer on fd 1,
 * flushed when full, at exit, before any rt_os_write (so output keeps
 * program order across fds), and at each newline when fd 1 is a terminal.
 * The rt_os_* helpers follow RL's `os` module: they raise OSError
 * ("[Errno N] ...") on failure and then return 0 / NULL.
 * Expects: strings are RlStr (rt_obj.h); fds and counts are Signed. */
#ifndef RT_IO_H
#define RT_IO_H

#include <stddef.h>
#include <stdint.h>

#include "rt_obj.h"

void rt_print_bytes(const char *p, size_t n);
void rt_print_str(const RlStr *s);
void rt_print_flush(void);

/* os.write(fd, s): flushes print's buffer, then one write(2) (retried on
 * EINTR); returns the bytes written. */
int64_t rt_os_write(int64_t fd, const RlStr *s);
/* os.read(fd, n): at most n bytes ('' at end of file); ValueError when
 * n < 0. */
RlStr *rt_os_read(int64_t fd, int64_t n);
/* os.open(path, flags, mode) -> fd. */
int64_t rt_os_open(const RlStr *path, int64_t flags, int64_t mode);
void rt_os_close(int64_t fd);

/* File objects (open()): a GC struct {fd, mode, rbuf, rpos, rlen}, the
 * rtyper's `rlfile` (it never reads the fields). fd is -1 once closed;
 * reads go through rbuf (rbuf->chars[rpos..rlen] not consumed yet); writes
 * are not buffered, so every write has reached the file when the call
 * returns. Errors: OSError from the system, ValueError for an invalid mode
 * or a closed file, OSError "not readable"/"not writable". */
enum { RT_FILE_READ = 1, RT_FILE_WRITE = 2 };
typedef struct RlFile {
  uint64_t hdr;
  int64_t fd;
  int64_t mode;      /* RT_FILE_* bits */
  RlStr *rbuf;       /* NULL until the first read */
  int64_t rpos, rlen;
} RlFile;

RlFile *rt_file_open(const RlStr *path, const RlStr *mode);   /* mode NULL: "r" */
RlStr *rt_file_read(RlFile *f, int64_t n);                     /* n < 0: all */
RlStr *rt_file_readline(RlFile *f);
void rt_file_write(RlFile *f, const RlStr *s);
void rt_file_close(RlFile *f);

#endif
