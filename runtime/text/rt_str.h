/* rt_str.h — the str methods of RL over (pointer, length) byte strings.
 *
 * Promise: Python 3 semantics for strings of U+0000..U+00FF, classification
 * and case from rt_chartable.h: find/rfind/count/startswith/endswith with
 * Python's start/end index rules (the *_range forms), replace (count < 0 is
 * "all"; an empty `old` inserts between characters), split() on whitespace
 * and split(sep) as iterators that hand out (start, len) pieces, strip/
 * lstrip/rstrip with and without a chars argument (returning a slice),
 * upper/lower, the is*() predicates of a whole string (false when empty), and
 * the length arithmetic of join and repetition. Substring search is linear in
 * the worst case: memchr-driven candidates while they are cheap, switching
 * to the two-way algorithm (Crochemore–Perrin, O(1) space) when candidates
 * keep failing late. Writers follow rt_out.h; nothing allocates.
 * Expects: needle and haystack do not overlap a writer's output. */
#ifndef RT_STR_H
#define RT_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- search ---------------------------------------------------------------- */

/* A prepared needle, reusable for many searches (count, split, replace). */
typedef struct RtFinder {
  const unsigned char *nd; /* the needle (not copied) */
  size_t m;                /* its length */
  bool rev;                /* finds the last occurrence (rfind) */
  bool ready;              /* two-way factorization computed (lazily) */
  bool periodic;           /* needle[0..suffix) repeats with `period` */
  size_t suffix, period;   /* critical factorization */
} RtFinder;

void rt_finder_init(RtFinder *f, const char *needle, size_t m, bool rev);
/* Forward: the lowest i >= from with h[i..i+m) == needle; reverse: the
 * highest i with i + m <= hn (from is ignored). -1 when none. */
ptrdiff_t rt_finder_find(RtFinder *f, const char *h, size_t hn, size_t from);

ptrdiff_t rt_str_find(const char *h, size_t hn, const char *nd, size_t nn);
ptrdiff_t rt_str_rfind(const char *h, size_t hn, const char *nd, size_t nn);
/* Non-overlapping occurrences; an empty needle occurs hn + 1 times. */
size_t rt_str_count(const char *h, size_t hn, const char *nd, size_t nn);
bool rt_str_startswith(const char *h, size_t hn, const char *p, size_t pn);
bool rt_str_endswith(const char *h, size_t hn, const char *p, size_t pn);

/* Python's slice-index adjustment for s.find(x, start, end): negative
 * indices count from the end, then clamp to [0, len]; start may end up
 * greater than end. Pass start = 0, end = INT64_MAX for "absent". */
void rt_str_adjust_indices(size_t len, int64_t *start, int64_t *end);
/* s.find(x, start, end) etc.; indices are into the whole string. */
ptrdiff_t rt_str_find_range(const char *h, size_t hn, const char *nd, size_t nn,
                            int64_t start, int64_t end);
ptrdiff_t rt_str_rfind_range(const char *h, size_t hn, const char *nd, size_t nn,
                             int64_t start, int64_t end);
size_t rt_str_count_range(const char *h, size_t hn, const char *nd, size_t nn,
                          int64_t start, int64_t end);
bool rt_str_startswith_range(const char *h, size_t hn, const char *p, size_t pn,
                             int64_t start, int64_t end);
bool rt_str_endswith_range(const char *h, size_t hn, const char *p, size_t pn,
                           int64_t start, int64_t end);

/* s.replace(old, new, count): writes the result (rt_out.h). Returns SIZE_MAX
 * when the result length would not fit in size_t (OverflowError). */
size_t rt_str_replace(char *out, size_t cap, const char *s, size_t n,
                      const char *old, size_t on, const char *new_, size_t nn,
                      int64_t count);

/* ---- split ----------------------------------------------------------------- */

/* s.split(): the next whitespace-separated piece at or after *pos; false
 * when there is none. Start with *pos = 0. */
bool rt_str_split_ws_next(const char *s, size_t n, size_t *pos,
                          size_t *start, size_t *len);
/* s.split(None, maxsplit): after maxsplit pieces, the rest (leading
 * whitespace skipped, trailing kept) is one more piece, if not empty. */
bool rt_str_split_ws_rest(const char *s, size_t n, size_t *pos,
                          size_t *start, size_t *len);

typedef struct RtSplitter {
  const char *s;
  size_t n;
  size_t pos;  /* start of the next piece */
  bool done;   /* the last piece was handed out */
  RtFinder f;
} RtSplitter;

/* s.split(sep): -1 for an empty sep (ValueError: empty separator). */
int rt_splitter_init(RtSplitter *sp, const char *s, size_t n,
                     const char *sep, size_t sn);
/* The next piece (there are always count(sep) + 1 of them). */
bool rt_splitter_next(RtSplitter *sp, size_t *start, size_t *len);
/* After maxsplit pieces: the rest as the final piece. */
bool rt_splitter_rest(RtSplitter *sp, size_t *start, size_t *len);

/* ---- strip, case, predicates ----------------------------------------------- */

enum { RT_STRIP_LEFT = 1, RT_STRIP_RIGHT = 2, RT_STRIP_BOTH = 3 };
/* strip/lstrip/rstrip: chars == NULL strips whitespace (str.isspace);
 * returns the kept slice as *start, *len. */
void rt_str_strip(const char *s, size_t n, const char *chars, size_t cn,
                  int which, size_t *start, size_t *len);

/* s.upper() ('ß' becomes "SS", so the result may be longer) and s.lower(). */
size_t rt_str_upper(char *out, size_t cap, const char *s, size_t n);
size_t rt_str_lower(char *out, size_t cap, const char *s, size_t n);

bool rt_str_isspace(const char *s, size_t n);
bool rt_str_isdigit(const char *s, size_t n);
bool rt_str_isalpha(const char *s, size_t n);
bool rt_str_isalnum(const char *s, size_t n);
/* isupper/islower: some cased character, and none of the other case. */
bool rt_str_isupper(const char *s, size_t n);
bool rt_str_islower(const char *s, size_t n);

/* ---- lengths ----------------------------------------------------------------- */

/* Length of sep.join(items) given count items totalling `items_len` bytes;
 * SIZE_MAX on overflow. */
size_t rt_str_join_len(size_t sep_len, size_t count, size_t items_len);
/* s * times (times <= 0 gives ""): writes per rt_out.h; SIZE_MAX on overflow. */
size_t rt_str_repeat(char *out, size_t cap, const char *s, size_t n, int64_t times);

#endif
