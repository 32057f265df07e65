/* rt_chartable.h — what CPython's str methods say about U+0000..U+00FF.
 *
 * Promise: RL strings are byte strings whose bytes behave as the code points
 * U+0000..U+00FF. The tables below (generated once by tools/gen_chartable.py
 * from CPython into rt_chartable.c, checked by tests/chartable/check.sh) give
 * for each byte Python's str.isspace/isdigit/isalpha/isalnum/isupper/islower/
 * isprintable and its lower() and upper() mappings. upper() of U+00DF ('ß')
 * is two bytes "SS" (RT_CF_UPPER2); upper() of U+00B5 and U+00FF, whose
 * uppercase lies outside U+00FF, is the byte itself (documented difference,
 * LANGUAGE.md). The tables are constant data: no state, no initialisation.
 * Expects: bytes as unsigned char (the inline helpers take int 0..255). */
#ifndef RT_CHARTABLE_H
#define RT_CHARTABLE_H

#include <stdbool.h>

enum {
  RT_CF_SPACE = 0x01,  /* str.isspace: \t\n\v\f\r \x1c-\x1f space \x85 \xa0 */
  RT_CF_DIGIT = 0x02,  /* str.isdigit: 0-9 and ² ³ ¹ */
  RT_CF_ALPHA = 0x04,  /* str.isalpha */
  RT_CF_ALNUM = 0x08,  /* str.isalnum (also ¼ ½ ¾, numeric) */
  RT_CF_UPPER = 0x10,  /* str.isupper of the one character */
  RT_CF_LOWER = 0x20,  /* str.islower of the one character */
  RT_CF_PRINT = 0x40,  /* str.isprintable: repr shows it as itself */
  RT_CF_UPPER2 = 0x80, /* upper() gives the two bytes rt_char_upper[c] */
};

extern const unsigned char rt_char_flags[256];
extern const unsigned char rt_char_lower[256];
extern const unsigned char rt_char_upper[256][2];

static inline bool rt_isspace(int c) { return rt_char_flags[c & 0xff] & RT_CF_SPACE; }
static inline bool rt_isdigit(int c) { return rt_char_flags[c & 0xff] & RT_CF_DIGIT; }
static inline bool rt_isalpha(int c) { return rt_char_flags[c & 0xff] & RT_CF_ALPHA; }
static inline bool rt_isalnum(int c) { return rt_char_flags[c & 0xff] & RT_CF_ALNUM; }
static inline bool rt_isupper(int c) { return rt_char_flags[c & 0xff] & RT_CF_UPPER; }
static inline bool rt_islower(int c) { return rt_char_flags[c & 0xff] & RT_CF_LOWER; }
static inline bool rt_isprint(int c) { return rt_char_flags[c & 0xff] & RT_CF_PRINT; }
static inline int rt_tolower(int c) { return rt_char_lower[c & 0xff]; }

#endif
