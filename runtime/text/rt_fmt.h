/* rt_fmt.h — str(), repr() and the conversions of Python's %-formatting.
 *
 * Promise: every function prints exactly what CPython 3 prints for the same
 * value and conversion spec, for RL's values (int = int64, RL str = bytes
 * U+0000..U+00FF, float = double). Output follows rt_out.h: write the first
 * min(n, cap) bytes, return n; nothing allocates, nothing reads the locale.
 * The per-argument dispatch of `fmt % args` is the caller's: it walks the
 * format with rt_fmt_parse_spec, copies literal runs, and calls the function
 * for the argument's type (raising TypeError where Python would, e.g. `%x` of
 * a float, `%d` of a str). Floats live in rt_float.h.
 * Expects: a spec filled by rt_fmt_parse_spec (or by hand: conv is one of the
 * letters listed at each function; width and prec already resolved from `*`). */
#ifndef RT_FMT_H
#define RT_FMT_H

#include <stddef.h>
#include <stdint.h>

enum {
  RT_FMT_LEFT = 1,        /* '-' */
  RT_FMT_PLUS = 2,        /* '+' */
  RT_FMT_SPACE = 4,       /* ' ' */
  RT_FMT_ALT = 8,         /* '#' */
  RT_FMT_ZERO = 16,       /* '0' (numbers only) */
  RT_FMT_WIDTH_STAR = 32, /* width was '*': take it from the arguments */
  RT_FMT_PREC_STAR = 64,  /* precision was '*' */
};

enum { RT_FMT_MAX_WIDTH = 0x7fffffff }; /* larger: "width too big" */

typedef struct RtFmtSpec {
  unsigned flags; /* RT_FMT_* */
  int32_t width;  /* 0 when absent */
  int32_t prec;   /* -1 when absent */
  char conv;      /* the conversion letter, or '%' */
} RtFmtSpec;

typedef enum RtSpecStatus {
  RT_SPEC_OK,
  RT_SPEC_INCOMPLETE,   /* ValueError: incomplete format */
  RT_SPEC_UNSUPPORTED,  /* ValueError: unsupported format character ... */
  RT_SPEC_MAPPING,      /* '%(name)': TypeError: format requires a mapping */
  RT_SPEC_WIDTH_BIG,    /* ValueError: width too big */
  RT_SPEC_PREC_BIG,     /* ValueError: precision too big */
} RtSpecStatus;

/* Parses the spec starting at fmt[*pos] == '%'. On RT_SPEC_OK, *pos is one
 * past the conversion letter (one of d i u x X o c s r a f F e E g G), or
 * conv is '%' for "%%" (the caller emits '%'; "%5%" is unsupported, as in
 * CPython 3.11); on an error *pos indexes the offending byte (for the
 * message). Length modifiers h l L are skipped, as Python does. */
RtSpecStatus rt_fmt_parse_spec(const char *fmt, size_t len, size_t *pos,
                               RtFmtSpec *spec);
/* Python's message for a spec error at index `pos` of fmt. */
size_t rt_fmt_spec_error(char *out, size_t cap, RtSpecStatus st,
                         const char *fmt, size_t len, size_t pos);
/* Applies a `*` width taken from the arguments (negative means '-' flag, as
 * Python). Returns 0, or -1 when |w| is too big ("width too big"). */
int rt_fmt_star_width(RtFmtSpec *spec, int64_t w);
/* Applies a `*` precision (negative counts as 0). -1: "precision too big". */
int rt_fmt_star_prec(RtFmtSpec *spec, int64_t p);

/* conv d i u x X o: '%5d' % v etc.; '#' gives 0x / 0X / 0o prefixes,
 * precision is the minimum number of digits. */
size_t rt_fmt_int(char *out, size_t cap, const RtFmtSpec *spec, int64_t v);
size_t rt_fmt_uint(char *out, size_t cap, const RtFmtSpec *spec, uint64_t v);
/* conv s r a: the string itself, its repr, or its ascii(); precision
 * truncates (after repr), width pads with spaces. */
size_t rt_fmt_str(char *out, size_t cap, const RtFmtSpec *spec,
                  const char *s, size_t n);
/* conv c: one character (the caller checked a 1-char str or an int < 256);
 * precision is ignored, as in Python. */
size_t rt_fmt_char(char *out, size_t cap, const RtFmtSpec *spec,
                   unsigned char c);
/* Pads an already converted text (e.g. "None", "True", a list's repr) as
 * `%s` would: precision truncates, width pads. */
#define rt_fmt_text rt_fmt_str

/* The numeric layout shared by int and float conversions:
 *   [spaces] sign prefix [zeros] body [spaces]
 * `zeros` extra zeros precede the body; the '0' flag fills the width with
 * zeros after sign and prefix; '-' pads on the right. */
size_t rt_fmt_pad_number(char *out, size_t cap, const RtFmtSpec *spec,
                         const char *sign, const char *prefix,
                         size_t zeros, const char *body, size_t blen);

/* str(int) / str(r_uint): decimal, into a buffer of RT_INT_STR_MAX bytes
 * (no NUL); returns the length. */
enum { RT_INT_STR_MAX = 24 };
size_t rt_int_str(char *out, int64_t v);
size_t rt_uint_str(char *out, uint64_t v);

/* repr(s) (str.__repr__) and ascii(s) of an RL string: quotes chosen as
 * Python does, \\ \' \n \r \t, \xHH for non-printable bytes (< 0x20, 0x7f..
 * 0xa0, 0xad; ascii() also 0x80..0xff), other bytes as themselves. */
size_t rt_str_repr(char *out, size_t cap, const char *s, size_t n);
size_t rt_str_ascii(char *out, size_t cap, const char *s, size_t n);

#endif
