/* rt_rstr.h — the runtime helpers of rtyped graphs (rtyper/rthelpers.def):
 * strings, str() of numbers, %-conversions into a string builder, the
 * string builder, list item copying, numbers and math, print of numbers.
 * Promise: the same results as Python 3 (through runtime/text, which the
 * translator uses too); errors raise RL exceptions (rt_exc.h) and return
 * a zero/NULL. A NULL RlStr is None.
 * Expects: rt_main's start-up has run (GC, exception state). */
#ifndef RT_RSTR_H
#define RT_RSTR_H

#include <stdbool.h>
#include <stdint.h>

#include "rt_obj.h"

typedef struct RlBuilder {   /* StringBuilder: a GC struct {length, buf} */
  uint64_t hdr;
  int64_t length;
  RlStr *buf;                /* capacity = buf->length */
} RlBuilder;

void rth_print_int(int64_t v);
/* jit.set_param(driver, name, value): the JIT runtime's rl_jit_set_param
 * when it is linked in (one set of parameters for all drivers), else
 * nothing. */
void rt_jit_set_param(RlStr *name, int64_t value);
void rt_jit_quasi_write(void *obj, int64_t offset);
int64_t rth_float_hash(double x);
int64_t rth_float_bits(double x);
double rth_bits_float(int64_t bits);
void rth_print_float(double v);
void rth_print_char(unsigned char c);
double rth_time_time(void);

RlStr *rth_str_concat(RlStr *a, RlStr *b);
RlStr *rth_str_or(RlStr *a, RlStr *b);
bool rth_str_eq(RlStr *a, RlStr *b);
int64_t rth_str_cmp(RlStr *a, RlStr *b);
int64_t rth_str_hash(RlStr *s);
RlStr *rth_str_slice(RlStr *s, int64_t i, int64_t j);
RlStr *rth_str_from_char(unsigned char c);
RlStr *rth_str_of_int(int64_t v);
RlStr *rth_str_of_uint(uint64_t v);
RlStr *rth_str_of_float(double v);
RlStr *rth_str_repr(RlStr *s);
RlStr *rth_str_mul(RlStr *s, int64_t n);
bool rth_str_contains(RlStr *s, RlStr *t);
int64_t rth_str_find(RlStr *s, RlStr *t, int64_t start, int64_t end);
int64_t rth_str_rfind(RlStr *s, RlStr *t, int64_t start, int64_t end);
int64_t rth_str_count(RlStr *s, RlStr *t, int64_t start, int64_t end);
bool rth_str_startswith(RlStr *s, RlStr *t);
bool rth_str_endswith(RlStr *s, RlStr *t);
RlStr *rth_str_replace(RlStr *s, RlStr *a, RlStr *b);
RlStr *rth_str_upper(RlStr *s);
RlStr *rth_str_lower(RlStr *s);
RlStr *rth_str_strip(RlStr *s, RlStr *chars, int64_t which);
bool rth_str_isdigit(RlStr *s);
bool rth_str_isalpha(RlStr *s);
bool rth_str_isalnum(RlStr *s);
bool rth_str_isspace(RlStr *s);
RlList *rth_str_split(RlStr *s, RlStr *sep, int64_t maxsplit);
RlStr *rth_str_join(RlStr *sep, RlArray *items, int64_t count);
RlStr *rth_str_join_chars(RlStr *sep, RlArray *items, int64_t count);
int64_t rth_str_to_int(RlStr *s, int64_t base);
double rth_str_to_float(RlStr *s);
int64_t rth_float_to_int(double f);

void rth_fmt_int(RlBuilder *b, int64_t v, int64_t flags, int64_t width, int64_t prec, int64_t conv);
void rth_fmt_float(RlBuilder *b, double v, int64_t flags, int64_t width, int64_t prec, int64_t conv);
void rth_fmt_uint(RlBuilder *b, uint64_t v, int64_t flags, int64_t width, int64_t prec, int64_t conv);
void rth_fmt_str(RlBuilder *b, RlStr *s, int64_t flags, int64_t width, int64_t prec, int64_t conv);

RlBuilder *rth_sb_new(int64_t cap);
void rth_sb_append(RlBuilder *b, RlStr *s);
void rth_sb_append_char(RlBuilder *b, unsigned char c);
RlStr *rth_sb_build(RlBuilder *b);
int64_t rth_sb_getlength(RlBuilder *b);

void rth_array_copy(RlArray *dst, RlArray *src, int64_t i, int64_t j, int64_t n, int64_t size);
void rth_array_reverse(RlArray *a, int64_t n, int64_t size);
void rth_list_sort(RlArray *items, int64_t length, int64_t kind);
void rth_array_repeat(RlArray *dst, RlArray *src, int64_t n, int64_t times, int64_t size);

int64_t rth_int_pow(int64_t a, int64_t b);
double rth_float_pow(double a, double b);
double rth_math_call(double x, int64_t which);
double rth_math_pow(double a, double b);
double rth_round(double x, int64_t n);
int64_t rth_round_int(double x);

#endif
