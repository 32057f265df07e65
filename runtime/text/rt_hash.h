/* rt_hash.h — the hash of RL strings.
 *
 * Promise: rt_str_hash is SipHash-1-3 with the all-zero key over the bytes,
 * read as a signed 64-bit value — the same function as CPython 3.11's
 * hash() of str/bytes with PYTHONHASHSEED=0 (equal to it for non-empty
 * strings) — except that it never returns 0 (which string headers use for
 * "not computed yet"; the empty string and a zero digest map to
 * RT_HASH_ZERO) nor -1 (mapped to -2, as CPython does). It is a pure
 * function of the bytes, identical on every host and run, so hashes of
 * prebuilt strings computed at translation time hold at run time.
 * A fixed key gives no protection against chosen-collision inputs. */
#ifndef RT_HASH_H
#define RT_HASH_H

#include <stddef.h>
#include <stdint.h>

#define RT_HASH_ZERO ((int64_t)0x2545f4914f6cdd1dLL)

int64_t rt_str_hash(const char *s, size_t n);

#endif
