/* crosscheck_drv.c — reads one request per line on stdin (kind letter, then
 * hex-encoded arguments), answers with the hex of runtime/text's result.
 * Driven by crosscheck.py, which compares every answer with CPython. Not part
 * of the build: tests/chartable/crosscheck.sh compiles it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "runtime/text/rt_fmt.h"
#include "runtime/text/rt_float.h"
#include "runtime/text/rt_parse.h"
#include "runtime/text/rt_str.h"
#include "runtime/text/rt_hash.h"

static size_t unhex(const char *h, char *out) {
  size_t n = 0;
  for (; h[0] && h[1] && h[0] != ' ' && h[0] != '\n'; h += 2) {
    unsigned v; sscanf(h, "%2x", &v); out[n++] = (char)v;
  }
  return n;
}
static void puthex(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) printf("%02x", (unsigned char)s[i]);
  printf("\n");
}
static char big[1 << 20];
int main(void) {
  char line[100000], a[50000], b[50000];
  while (fgets(line, sizeof line, stdin)) {
    char kind = line[0];
    char *p = line + 2;
    char *q = strchr(p, ' ');
    size_t an = 0, bn = 0;
    if (q) { *q = 0; an = unhex(p, a); bn = unhex(q + 1, b); } else an = unhex(p, a);
    a[an] = 0;
    size_t len = 0;
    if (kind == 'R') {
      uint64_t bits = strtoull(a, NULL, 16); double x; memcpy(&x, &bits, 8);
      len = rt_float_repr(big, x);
    } else if (kind == 'F' || kind == 'I' || kind == 'S' || kind == 'C') {
      RtFmtSpec sp; size_t pos = 0;
      RtSpecStatus st = rt_fmt_parse_spec(a, an, &pos, &sp);
      if (st != RT_SPEC_OK) len = rt_fmt_spec_error(big, sizeof big, st, a, an, pos);
      else if (kind == 'F') { b[bn] = 0; uint64_t bits = strtoull(b, NULL, 16); double x; memcpy(&x, &bits, 8); len = rt_fmt_float(big, sizeof big, &sp, x); }
      else if (kind == 'I') { b[bn] = 0; len = rt_fmt_int(big, sizeof big, &sp, strtoll(b, NULL, 10)); }
      else if (kind == 'C') { len = rt_fmt_char(big, sizeof big, &sp, (unsigned char)b[0]); }
      else len = rt_fmt_str(big, sizeof big, &sp, b, bn);
    } else if (kind == 'P') {
      int64_t v; int base = atoi(a);
      RtParseStatus st = rt_parse_int(b, bn, base, &v);
      if (st == RT_PARSE_OK) len = (size_t)sprintf(big, "OK %lld", (long long)v);
      else if (st == RT_PARSE_OVERFLOW) len = (size_t)sprintf(big, "OVERFLOW");
      else len = rt_int_parse_error(big, sizeof big, b, bn, base);
    } else if (kind == 'Q') {
      double v;
      RtParseStatus st = rt_parse_float(a, an, &v);
      if (st == RT_PARSE_OK) { memcpy(big, "OK ", 3); len = 3 + rt_float_repr(big + 3, v); }
      else len = rt_float_parse_error(big, sizeof big, a, an);
    } else if (kind == 'H') {
      len = (size_t)sprintf(big, "%lld", (long long)rt_str_hash(a, an));
    }
    puthex(big, len);
  }
  return 0;
}
