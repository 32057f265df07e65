"""Bit manipulation on bytes: base64 encode/decode, CRC-32 with a table
built at translation time, Adler-32, and a 64-bit FNV-1a hash with r_uint
(wrapping multiplication), all over latin-1 strings."""
import sys
from rlib.rarithmetic import r_uint, intmask

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
B64_INDEX = {}
for _i in range(64):
    B64_INDEX[B64[_i]] = _i

CRC_TABLE = []
for _n in range(256):
    _c = _n
    for _k in range(8):
        if _c & 1:
            _c = 0xEDB88320 ^ (_c >> 1)
        else:
            _c = _c >> 1
    CRC_TABLE.append(_c)


def b64encode(s):
    out = []
    i = 0
    while i < len(s):
        chunk = s[i:i + 3]
        n = 0
        for c in chunk:
            n = (n << 8) | ord(c)
        n <<= 8 * (3 - len(chunk))
        for k in range(4):
            if k <= len(chunk):
                out.append(B64[(n >> (18 - 6 * k)) & 63])
            else:
                out.append("=")
        i += 3
    return "".join(out)


def b64decode(s):
    out = []
    for i in range(0, len(s), 4):
        quad = s[i:i + 4]
        n = 0
        pad = 0
        for c in quad:
            n <<= 6
            if c == "=":
                pad += 1
            else:
                n |= B64_INDEX[c]
        for k in range(3 - pad):
            out.append(chr((n >> (16 - 8 * k)) & 255))
    return "".join(out)


def crc32(s):
    c = 0xFFFFFFFF
    for ch in s:
        c = CRC_TABLE[(c ^ ord(ch)) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def adler32(s):
    a = 1
    b = 0
    for ch in s:
        a = (a + ord(ch)) % 65521
        b = (b + a) % 65521
    return (b << 16) | a


def fnv64(s):
    h = r_uint(0xcbf29ce484222325)
    for ch in s:
        h = (h ^ r_uint(ord(ch))) * r_uint(0x100000001b3)
    return h


def main(argv):
    samples = ["", "f", "fo", "foo", "foob", "fooba", "foobar", "Hello, World!",
               "\x00\xff\x80\x7f", "The quick brown fox jumps over the lazy dog"]
    for s in samples:
        enc = b64encode(s)
        print("%-60r %-8x %-8x %d" % (enc, crc32(s), adler32(s), b64decode(enc) == s))
    for s in samples[:4] + samples[-1:]:
        h = fnv64(s)
        print("fnv64 %r = %d (%x as intmask %d)" % (s, h, intmask(h) & 0xFFFF, intmask(h)))
    all_bytes = "".join([chr(i) for i in range(256)])
    print(crc32(all_bytes), adler32(all_bytes), len(b64encode(all_bytes)), b64decode(b64encode(all_bytes)) == all_bytes)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
