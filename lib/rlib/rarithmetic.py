"""rlib.rarithmetic under CPython: machine-word integer helpers."""

LONG_BIT = 64
LONG_MASK = (1 << LONG_BIT) - 1
LONG_TEST = 1 << (LONG_BIT - 1)


def intmask(n):
    """The signed machine word that n wraps to."""
    if isinstance(n, float):
        n = int(n)
    n = int(n) & LONG_MASK
    if n >= LONG_TEST:
        n -= 1 << LONG_BIT
    return n


def ovfcheck(r):
    """r, if it fits a signed machine word; else raise OverflowError."""
    if isinstance(r, r_uint):
        raise TypeError("ovfcheck() of an r_uint")
    if not isinstance(r, int):
        raise TypeError("ovfcheck() of a %s" % type(r).__name__)
    if not -LONG_TEST <= r < LONG_TEST:
        raise OverflowError("integer overflow")
    return r


def widen(n):
    return n


def is_valid_int(r):
    return isinstance(r, int) and -LONG_TEST <= r < LONG_TEST


def _u(x):
    """x as an unsigned word, or None if it is not an integer."""
    if isinstance(x, int):
        return int(x) & LONG_MASK
    return None


class r_uint(int):
    """An unsigned machine word: arithmetic wraps modulo 2**64 and stays
    r_uint, also when mixed with int (the int is taken as unsigned, as the
    translated program does).  str() and repr() are the decimal value."""

    def __new__(cls, value=0):
        return int.__new__(cls, int(value) & LONG_MASK)

    def __repr__(self):
        return int.__repr__(self)

    __str__ = __repr__

    def _binop(f):
        def op(self, other):
            o = _u(other)
            if o is None:
                return NotImplemented
            return r_uint(f(int(self), o))

        def rop(self, other):
            o = _u(other)
            if o is None:
                return NotImplemented
            return r_uint(f(o, int(self)))
        return op, rop

    __add__, __radd__ = _binop(lambda a, b: a + b)
    __sub__, __rsub__ = _binop(lambda a, b: a - b)
    __mul__, __rmul__ = _binop(lambda a, b: a * b)
    __floordiv__, __rfloordiv__ = _binop(lambda a, b: a // b)
    __mod__, __rmod__ = _binop(lambda a, b: a % b)
    __and__, __rand__ = _binop(lambda a, b: a & b)
    __or__, __ror__ = _binop(lambda a, b: a | b)
    __xor__, __rxor__ = _binop(lambda a, b: a ^ b)
    del _binop

    def __divmod__(self, other):
        if _u(other) is None:
            return NotImplemented
        return (self // other, self % other)

    def __rdivmod__(self, other):
        if _u(other) is None:
            return NotImplemented
        return (other // self, other % self)

    # A shift has the type of its left operand; the count is not wrapped.
    def __lshift__(self, n):
        if not isinstance(n, int):
            return NotImplemented
        if n < 0:
            raise ValueError("negative shift count")
        return r_uint(int(self) << min(int(n), LONG_BIT))

    def __rshift__(self, n):
        if not isinstance(n, int):
            return NotImplemented
        return r_uint(int(self) >> int(n))

    def __pow__(self, e, mod=None):
        if not isinstance(e, int):
            return NotImplemented
        if e < 0:
            raise ValueError("negative exponent")
        return r_uint(pow(int(self), int(e),
                          (1 << LONG_BIT) if mod is None else _u(mod)))

    def __neg__(self):
        return r_uint(-int(self))

    def __invert__(self):
        return r_uint(~int(self))

    def __pos__(self):
        return self

    def __abs__(self):
        return self
