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

#endif
