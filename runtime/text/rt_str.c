/* rt_str.c — str methods over byte strings, and linear-time substring search.
 *
 * Search strategy (rt_finder_find): candidates come from memchr on the
 * needle's first byte (last byte when searching backwards) and are verified
 * byte by byte; the bytes spent on failed verifications are counted, and
 * once they exceed the bytes scanned plus a constant, the search continues
 * with the two-way algorithm of Crochemore and Perrin (as in glibc's
 * str-two-way.h), whose critical factorization is computed on first need and
 * kept in the RtFinder. Typical text never leaves the memchr path; a
 * pathological needle ("aaa…ab" in "aaa…a") costs O(n + m). Backward search
 * runs the same code over a reversed view of needle and haystack. */
#include "runtime/text/rt_str.h"

#include <string.h>

#include "runtime/text/rt_chartable.h"
#include "runtime/text/rt_out.h"

/* ---- two-way --------------------------------------------------------------- */

/* Byte i of the needle as the search sees it (reversed for rfind). */
static inline unsigned char nb(const RtFinder *f, size_t i) {
  return f->rev ? f->nd[f->m - 1 - i] : f->nd[i];
}

/* Byte i of a haystack of length n, in the search's direction. */
static inline unsigned char hb(const unsigned char *h, size_t n, size_t i, bool rev) {
  return rev ? h[n - 1 - i] : h[i];
}

/* Maximal suffix for one ordering (greater=false: '<', true: '>'). */
static size_t max_suffix(const RtFinder *f, bool greater, size_t *period) {
  size_t ms = SIZE_MAX, j = 0, k = 1, p = 1;
  while (j + k < f->m) {
    unsigned char a = nb(f, j + k), b = nb(f, ms + k);
    bool less = greater ? b < a : a < b;
    if (less) {
      j += k;
      k = 1;
      p = j - ms;
    } else if (a == b) {
      if (k != p) k++;
      else { j += p; k = 1; }
    } else {
      ms = j++;
      k = p = 1;
    }
  }
  *period = p;
  return ms;
}

static void factorize(RtFinder *f) {
  size_t p1, p2;
  size_t s1 = max_suffix(f, false, &p1), s2 = max_suffix(f, true, &p2);
  if (s2 + 1 < s1 + 1) { f->suffix = s1 + 1; f->period = p1; }
  else { f->suffix = s2 + 1; f->period = p2; }
  f->periodic = true;
  for (size_t i = 0; i < f->suffix; i++)
    if (nb(f, i) != nb(f, i + f->period)) { f->periodic = false; break; }
  if (!f->periodic) {
    size_t a = f->suffix, b = f->m - f->suffix;
    f->period = (a > b ? a : b) + 1;
  }
  f->ready = true;
}

/* Two-way over the directed view h[0..n), from view position j. */
static size_t two_way(const RtFinder *f, const unsigned char *h, size_t n, size_t j) {
  size_t m = f->m, suf = f->suffix, per = f->period;
  bool rev = f->rev;
  size_t memory = 0;
  while (j + m <= n) {
    size_t i = f->periodic && memory > suf ? memory : suf;
    while (i < m && nb(f, i) == hb(h, n, i + j, rev)) i++;
    if (i < m) {
      j += i - suf + 1;
      memory = 0;
      continue;
    }
    size_t lo = f->periodic ? memory : 0;
    i = suf;
    while (i > lo && nb(f, i - 1) == hb(h, n, i - 1 + j, rev)) i--;
    if (i <= lo) return j;
    j += per;
    if (f->periodic) memory = m - per;
  }
  return SIZE_MAX;
}

void rt_finder_init(RtFinder *f, const char *needle, size_t m, bool rev) {
  f->nd = (const unsigned char *)needle;
  f->m = m;
  f->rev = rev;
  f->ready = false;
  f->periodic = false;
  f->suffix = f->period = 0;
}

/* Verifies a candidate at view position j; adds the bytes compared to *work. */
static bool verify(const RtFinder *f, const unsigned char *h, size_t n, size_t j,
                   size_t *work) {
  size_t i = 1;
  while (i < f->m && nb(f, i) == hb(h, n, j + i, f->rev)) i++;
  *work += i;
  return i == f->m;
}

/* Next candidate view position >= j whose first byte matches, or SIZE_MAX. */
static size_t next_candidate(const RtFinder *f, const unsigned char *h, size_t n, size_t j) {
  unsigned char c = nb(f, 0);
  size_t last = n - f->m; /* highest view position that fits */
  if (!f->rev) {
    const unsigned char *p = memchr(h + j, c, last - j + 1);
    return p ? (size_t)(p - h) : SIZE_MAX;
  }
  for (; j <= last; j++)
    if (h[n - 1 - j] == c) return j;
  return SIZE_MAX;
}

ptrdiff_t rt_finder_find(RtFinder *f, const char *hs, size_t hn, size_t from) {
  const unsigned char *h = (const unsigned char *)hs;
  size_t m = f->m, j = f->rev ? 0 : from;
  if (f->rev) from = 0;
  if (m == 0) return f->rev ? (ptrdiff_t)hn : (from <= hn ? (ptrdiff_t)from : -1);
  if (hn < m || j > hn - m) return -1;
  size_t work = 0;
  for (;;) {
    j = next_candidate(f, h, hn, j);
    if (j == SIZE_MAX) return -1;
    if (verify(f, h, hn, j, &work)) break;
    j++;
    if (j > hn - m) return -1;
    if (work > j - from + 256) { /* candidates fail late: go linear */
      if (!f->ready) factorize(f);
      j = two_way(f, h, hn, j);
      if (j == SIZE_MAX) return -1;
      break;
    }
  }
  return (ptrdiff_t)(f->rev ? hn - m - j : j);
}

ptrdiff_t rt_str_find(const char *h, size_t hn, const char *nd, size_t nn) {
  if (nn == 1) {
    const char *p = memchr(h, nd[0], hn);
    return p ? p - h : -1;
  }
  RtFinder f;
  rt_finder_init(&f, nd, nn, false);
  return rt_finder_find(&f, h, hn, 0);
}

ptrdiff_t rt_str_rfind(const char *h, size_t hn, const char *nd, size_t nn) {
  RtFinder f;
  rt_finder_init(&f, nd, nn, true);
  return rt_finder_find(&f, h, hn, 0);
}

size_t rt_str_count(const char *h, size_t hn, const char *nd, size_t nn) {
  if (nn == 0) return hn + 1;
  size_t count = 0, pos = 0;
  if (nn == 1) {
    const char *p = h, *end = h + hn;
    while ((p = memchr(p, nd[0], (size_t)(end - p))) != NULL) {
      count++;
      p++;
    }
    return count;
  }
  RtFinder f;
  rt_finder_init(&f, nd, nn, false);
  ptrdiff_t k;
  while ((k = rt_finder_find(&f, h, hn, pos)) >= 0) {
    count++;
    pos = (size_t)k + nn;
  }
  return count;
}

bool rt_str_startswith(const char *h, size_t hn, const char *p, size_t pn) {
  return pn <= hn && memcmp(h, p, pn) == 0;
}

bool rt_str_endswith(const char *h, size_t hn, const char *p, size_t pn) {
  return pn <= hn && memcmp(h + hn - pn, p, pn) == 0;
}

/* ---- Python index ranges ----------------------------------------------------- */

void rt_str_adjust_indices(size_t len, int64_t *start, int64_t *end) {
  int64_t n = (int64_t)len;
  if (*end > n) *end = n;
  else if (*end < 0) { *end += n; if (*end < 0) *end = 0; }
  if (*start < 0) { *start += n; if (*start < 0) *start = 0; }
}

ptrdiff_t rt_str_find_range(const char *h, size_t hn, const char *nd, size_t nn,
                            int64_t start, int64_t end) {
  rt_str_adjust_indices(hn, &start, &end);
  if (end - start < (int64_t)nn) return -1;
  ptrdiff_t k = rt_str_find(h + start, (size_t)(end - start), nd, nn);
  return k < 0 ? -1 : k + (ptrdiff_t)start;
}

ptrdiff_t rt_str_rfind_range(const char *h, size_t hn, const char *nd, size_t nn,
                             int64_t start, int64_t end) {
  rt_str_adjust_indices(hn, &start, &end);
  if (end - start < (int64_t)nn) return -1;
  ptrdiff_t k = rt_str_rfind(h + start, (size_t)(end - start), nd, nn);
  return k < 0 ? -1 : k + (ptrdiff_t)start;
}

size_t rt_str_count_range(const char *h, size_t hn, const char *nd, size_t nn,
                          int64_t start, int64_t end) {
  rt_str_adjust_indices(hn, &start, &end);
  if (end - start < (int64_t)nn) return 0;
  return rt_str_count(h + start, (size_t)(end - start), nd, nn);
}

bool rt_str_startswith_range(const char *h, size_t hn, const char *p, size_t pn,
                             int64_t start, int64_t end) {
  rt_str_adjust_indices(hn, &start, &end);
  if (end - (int64_t)pn < start) return false;
  return memcmp(h + start, p, pn) == 0;
}

bool rt_str_endswith_range(const char *h, size_t hn, const char *p, size_t pn,
                           int64_t start, int64_t end) {
  rt_str_adjust_indices(hn, &start, &end);
  if (end - (int64_t)pn < start) return false;
  return memcmp(h + end - (int64_t)pn, p, pn) == 0;
}

/* ---- replace ----------------------------------------------------------------- */

static size_t replace_empty(RtOut *o, const char *s, size_t n,
                            const char *nw, size_t nn, uint64_t count) {
  for (size_t i = 0; i <= n; i++) {
    if (count == 0) {
      rt_out_mem(o, s + i, n - i);
      break;
    }
    count--;
    rt_out_mem(o, nw, nn);
    if (i < n) rt_out_byte(o, s[i]);
  }
  return o->len;
}

size_t rt_str_replace(char *out, size_t cap, const char *s, size_t n,
                      const char *old, size_t on, const char *nw, size_t nn,
                      int64_t count) {
  RtOut o = rt_out(out, cap);
  uint64_t left = count < 0 ? UINT64_MAX : (uint64_t)count;
  if (nn > on) { /* the result grows: check that its length fits */
    size_t k = on == 0 ? n + 1 : rt_str_count(s, n, old, on);
    if (left < k) k = (size_t)left;
    if (k && (nn - on) > (SIZE_MAX - n) / k) return SIZE_MAX;
  }
  if (on == 0) return replace_empty(&o, s, n, nw, nn, left);
  RtFinder f;
  rt_finder_init(&f, old, on, false);
  size_t pos = 0;
  ptrdiff_t k;
  while (left && (k = rt_finder_find(&f, s, n, pos)) >= 0) {
    rt_out_mem(&o, s + pos, (size_t)k - pos);
    rt_out_mem(&o, nw, nn);
    pos = (size_t)k + on;
    left--;
  }
  rt_out_mem(&o, s + pos, n - pos);
  return o.len;
}

/* ---- split ------------------------------------------------------------------- */

bool rt_str_split_ws_next(const char *s, size_t n, size_t *pos,
                          size_t *start, size_t *len) {
  size_t i = *pos;
  while (i < n && rt_isspace((unsigned char)s[i])) i++;
  if (i == n) {
    *pos = n;
    return false;
  }
  size_t j = i + 1;
  while (j < n && !rt_isspace((unsigned char)s[j])) j++;
  *start = i;
  *len = j - i;
  *pos = j;
  return true;
}

bool rt_str_split_ws_rest(const char *s, size_t n, size_t *pos,
                          size_t *start, size_t *len) {
  size_t i = *pos;
  while (i < n && rt_isspace((unsigned char)s[i])) i++;
  *pos = n;
  if (i == n) return false;
  *start = i;
  *len = n - i;
  return true;
}

int rt_splitter_init(RtSplitter *sp, const char *s, size_t n,
                     const char *sep, size_t sn) {
  sp->s = s;
  sp->n = n;
  sp->pos = 0;
  sp->done = false;
  rt_finder_init(&sp->f, sep, sn, false);
  return sn == 0 ? -1 : 0;
}

bool rt_splitter_next(RtSplitter *sp, size_t *start, size_t *len) {
  if (sp->done) return false;
  ptrdiff_t k = rt_finder_find(&sp->f, sp->s, sp->n, sp->pos);
  *start = sp->pos;
  if (k < 0) {
    *len = sp->n - sp->pos;
    sp->done = true;
  } else {
    *len = (size_t)k - sp->pos;
    sp->pos = (size_t)k + sp->f.m;
  }
  return true;
}

bool rt_splitter_rest(RtSplitter *sp, size_t *start, size_t *len) {
  if (sp->done) return false;
  *start = sp->pos;
  *len = sp->n - sp->pos;
  sp->done = true;
  return true;
}

/* ---- strip, case, predicates --------------------------------------------------- */

void rt_str_strip(const char *s, size_t n, const char *chars, size_t cn,
                  int which, size_t *start, size_t *len) {
  unsigned char set[32];
  const unsigned char *u = (const unsigned char *)s;
  if (chars) {
    memset(set, 0, sizeof set);
    for (size_t i = 0; i < cn; i++) {
      unsigned char c = (unsigned char)chars[i];
      set[c >> 3] |= (unsigned char)(1u << (c & 7));
    }
  }
#define STRIPPED(c) (chars ? (set[(c) >> 3] >> ((c) & 7)) & 1 : rt_isspace(c))
  size_t a = 0, b = n;
  if (which & RT_STRIP_LEFT)
    while (a < b && STRIPPED(u[a])) a++;
  if (which & RT_STRIP_RIGHT)
    while (b > a && STRIPPED(u[b - 1])) b--;
#undef STRIPPED
  *start = a;
  *len = b - a;
}

size_t rt_str_upper(char *out, size_t cap, const char *s, size_t n) {
  RtOut o = rt_out(out, cap);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    const unsigned char *up = rt_char_upper[c];
    if (rt_char_flags[c] & RT_CF_UPPER2) {
      rt_out_byte(&o, (char)up[0]);
      rt_out_byte(&o, (char)up[1]);
    } else {
      rt_out_byte(&o, (char)up[0]);
    }
  }
  return o.len;
}

size_t rt_str_lower(char *out, size_t cap, const char *s, size_t n) {
  size_t k = n < cap ? n : cap;
  for (size_t i = 0; i < k; i++) out[i] = (char)rt_char_lower[(unsigned char)s[i]];
  return n;
}

static bool all_have(const char *s, size_t n, unsigned flag) {
  if (n == 0) return false;
  for (size_t i = 0; i < n; i++)
    if (!(rt_char_flags[(unsigned char)s[i]] & flag)) return false;
  return true;
}

bool rt_str_isspace(const char *s, size_t n) { return all_have(s, n, RT_CF_SPACE); }
bool rt_str_isdigit(const char *s, size_t n) { return all_have(s, n, RT_CF_DIGIT); }
bool rt_str_isalpha(const char *s, size_t n) { return all_have(s, n, RT_CF_ALPHA); }
bool rt_str_isalnum(const char *s, size_t n) { return all_have(s, n, RT_CF_ALNUM); }

static bool cased_only(const char *s, size_t n, unsigned want, unsigned other) {
  bool seen = false;
  for (size_t i = 0; i < n; i++) {
    unsigned f = rt_char_flags[(unsigned char)s[i]];
    if (f & other) return false;
    seen |= (f & want) != 0;
  }
  return seen;
}

bool rt_str_isupper(const char *s, size_t n) { return cased_only(s, n, RT_CF_UPPER, RT_CF_LOWER); }
bool rt_str_islower(const char *s, size_t n) { return cased_only(s, n, RT_CF_LOWER, RT_CF_UPPER); }

/* ---- lengths ----------------------------------------------------------------- */

size_t rt_str_join_len(size_t sep_len, size_t count, size_t items_len) {
  if (count <= 1) return items_len;
  if (sep_len && count - 1 > (SIZE_MAX - items_len) / sep_len) return SIZE_MAX;
  return items_len + sep_len * (count - 1);
}

size_t rt_str_repeat(char *out, size_t cap, const char *s, size_t n, int64_t times) {
  if (times <= 0 || n == 0) return 0;
  if ((uint64_t)times > SIZE_MAX / n) return SIZE_MAX;
  size_t total = n * (size_t)times;
  size_t done = n < cap ? n : cap;
  if (done) memcpy(out, s, done);
  if (done < n) return total;
  size_t lim = total < cap ? total : cap;
  while (done < lim) { /* doubling copies */
    size_t k = done < lim - done ? done : lim - done;
    memcpy(out + done, out, k);
    done += k;
  }
  return total;
}
