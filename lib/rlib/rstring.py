"""rlib.rstring under CPython."""


class StringBuilder(object):
    """Builds a str piece by piece; build() may be called more than once."""

    def __init__(self, init_size=100):
        self._pieces = []
        self._length = 0

    def append(self, s):
        if not isinstance(s, str):
            raise TypeError("StringBuilder.append() takes a str, not %s"
                            % type(s).__name__)
        self._pieces.append(s)
        self._length += len(s)

    def append_slice(self, s, start, end):
        if not isinstance(s, str):
            raise TypeError("StringBuilder.append_slice() takes a str, not %s"
                            % type(s).__name__)
        if not 0 <= start <= end <= len(s):
            raise ValueError("append_slice: bad slice [%d:%d] of a str of "
                             "length %d" % (start, end, len(s)))
        self.append(s[start:end])

    def append_multiple_char(self, c, times):
        if not isinstance(c, str) or len(c) != 1:
            raise TypeError("append_multiple_char() takes a char")
        self.append(c * times)

    def build(self):
        s = ''.join(self._pieces)
        self._pieces = [s]
        return s

    def getlength(self):
        return self._length
