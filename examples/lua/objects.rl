"""Lua values as boxed objects, tables (array part + hash part), errors."""
import math
from rlib.rarithmetic import intmask
from rlib.objectmodel import compute_identity_hash
from rlib.jit import elidable, promote


class LuaError(Exception):
    """A Lua error carrying a Lua value. `level` > 0: the position of the
    Lua frame `level` frames up is still to be prefixed (string values)."""

    def __init__(self, w_value, level):
        self.w_value = w_value
        self.level = level
        self.operand = -1   # which operand of the failing instruction was bad


class W_Object(object):
    # no fields: a W_Int is a header, its class and its int (the annotator
    # narrows `isinstance(a, X) and isinstance(b, Y)` in the portal's try
    # block too, so the values stay on the subclasses)

    def typename(self):
        return "userdata"

    def tostr(self):
        return "%s: 0x%08x" % (self.typename(), compute_identity_hash(self) & 0xffffffff)

    def lua_hash_kind(self):
        return 0


class W_Nil(W_Object):
    def typename(self):
        return "nil"

    def tostr(self):
        return "nil"


class W_Bool(W_Object):
    _immutable_fields_ = ["bval"]

    def __init__(self, bval):
        self.bval = bval

    def typename(self):
        return "boolean"

    def tostr(self):
        if self.bval:
            return "true"
        return "false"


class W_Int(W_Object):
    _immutable_fields_ = ["ival"]

    def __init__(self, ival):
        self.ival = ival

    def typename(self):
        return "number"

    def tostr(self):
        return str(self.ival)


class W_Float(W_Object):
    _immutable_fields_ = ["fval"]

    def __init__(self, fval):
        self.fval = fval

    def typename(self):
        return "number"

    def tostr(self):
        return format_float(self.fval)


class W_Str(W_Object):
    _immutable_fields_ = ["sval"]

    def __init__(self, sval):
        self.sval = sval

    def typename(self):
        return "string"

    def tostr(self):
        return self.sval


class W_Cell(W_Object):
    """A captured local variable (an upvalue's box)."""

    def __init__(self, w_value):
        self.w_value = w_value


class W_Function(W_Object):
    def __init__(self):
        self.uid = 0    # key_uid: its identity as a table key, once used as one

    def typename(self):
        return "function"

    def getname(self):
        return "?"


w_nil = W_Nil()
w_true = W_Bool(True)
w_false = W_Bool(False)


def newbool(b):
    if b:
        return w_true
    return w_false


def is_true(w):
    return w is not w_nil and w is not w_false


def format_float(f):
    if isinf(f):
        if f > 0:
            return "inf"
        return "-inf"
    if isnan(f):
        return "-nan"
    s = "%.14g" % f
    for c in s:
        if c == "." or c == "e" or c == "n" or c == "i":
            return s
    return s + ".0"


def isnan(f):
    return f != f


def isinf(f):
    return f == f and f - f != 0.0


def ffloor(f):
    """floor of a float, as a float (math.floor gives an int in RL)."""
    if f != f or f - f != 0.0 or f >= 4503599627370496.0 or f <= -4503599627370496.0:
        return f
    r = float(int(f))
    if r > f:
        r -= 1.0
    return r


def fceil(f):
    return -ffloor(-f)


def is_neg_zero(f):
    return f == 0.0 and ("%g" % f)[0] == "-"


def ffmod(x, y):
    """C's fmod for finite x and nonzero finite y."""
    q = x / y
    if q < 0.0:
        q = fceil(q)
    else:
        q = ffloor(q)
    r = x - q * y
    if (r != 0.0) and ((r < 0.0) != (x < 0.0)):
        r += y
    return r


class Map(object):
    """The string keys of a table, in the order they were added, shared by
    the tables that got the same keys in the same order (PyPy's maps,
    V8's hidden classes): a trace promotes a table's map, so finding a key
    folds to a constant index and reading a field is one load."""
    _immutable_fields_ = ["keys[*]", "index"]

    def __init__(self, keys, index):
        self.keys = keys            # never changes
        self.index = index          # key -> position; never changes
        self.transitions = {}       # key -> the map with that key added

    @elidable
    def find(self, s):
        return self.index.get(s, -1)

    @elidable
    def with_key(self, s):
        m = self.transitions.get(s, None)
        if m is None:
            keys = []
            index = {}
            for k in self.keys:
                index[k] = len(keys)
                keys.append(k)
            index[s] = len(keys)
            keys.append(s)
            m = Map(keys, index)
            self.transitions[s] = m
        return m


EMPTY_MAP = Map([], {})
# a table with more string keys keeps them in a dict (a table used as a
# dictionary would make a map per size otherwise)
MAX_MAP_KEYS = 32


class UidCounter(object):
    def __init__(self):
        self.last = 2   # 1 and 2: true and false


UIDS = UidCounter()


def key_uid(w, assign):
    """The identity of a table, function or boolean as a table key: a
    number given to a table or function at its first use as a key (0 until
    then unless `assign`); -1 for the other kinds of values."""
    if isinstance(w, W_Bool):
        if w.bval:
            return 1
        return 2
    if isinstance(w, W_Table):
        if w.uid == 0 and assign:
            UIDS.last += 1
            w.uid = UIDS.last
        return w.uid
    if isinstance(w, W_Function):
        if w.uid == 0 and assign:
            UIDS.last += 1
            w.uid = UIDS.last
        return w.uid
    return -1


class W_Table(W_Object):
    def __init__(self):
        self.uid = 0
        self.arr = []
        # key 0, which 0-based code uses as much as any index, in a field
        # of its own: in hash_int, each table's first store there made a
        # dict and every access a dict call (queens.lua: 9% of its time)
        self.zero = w_nil
        self.hash_int = None
        # string keys: map mode (map, and svals in its key order; a key
        # set to nil keeps its slot, holding nil) or dict mode (hash_str,
        # map None); svals is None until the first key (a table used as
        # an array makes one list less: storage.lua)
        self.map = EMPTY_MAP
        self.svals = None
        self.hash_str = None
        # other keys (tables, functions, booleans, non-integral floats), in
        # insertion order, and where each is: by key_uid, by float value
        self.other_keys = None
        self.other_vals = None
        self.other_ids = None
        self.other_floats = None
        self.metatable = None
        self.absent = 0     # bit n: metamethod n (get_meta) known absent

    def get_meta(self, n, name):
        """self[name] for a metatable lookup: a miss is remembered (Lua's
        table flags) until a key starting with '__' is set."""
        if self.absent & (1 << n):
            return w_nil
        w = self.get_str(name)
        if w is w_nil:
            self.absent |= 1 << n
        return w

    def typename(self):
        return "table"

    # ---- reads
    def get(self, w_key):
        if isinstance(w_key, W_Str):
            return self.get_str(w_key.sval)
        if isinstance(w_key, W_Int):
            return self.get_int(w_key.ival)
        if isinstance(w_key, W_Float):
            f = w_key.fval
            if ffloor(f) == f and not isinf(f):
                return self.get_int(int(f))
        return self.get_other(w_key)

    def get_int(self, i):
        arr = self.arr
        if 1 <= i and i <= len(arr):
            return arr[i - 1]
        if i == 0:
            return self.zero
        d = self.hash_int
        if d is None:
            return w_nil
        return d.get(i, w_nil)

    def get_str(self, s):
        m = promote(self.map)
        if m is not None:
            i = m.find(s)
            if i < 0:
                return w_nil
            return self.svals[i]
        return self.hash_str.get(s, w_nil)

    def get_other(self, w_key):
        i = self.find_other(w_key)
        if i < 0:
            return w_nil
        return self.other_vals[i]

    def find_other(self, w_key):
        """Where w_key is among the other keys, or -1."""
        keys = self.other_keys
        if keys is None:
            return -1
        if isinstance(w_key, W_Float):
            df = self.other_floats
            if df is None:
                return -1
            return df.get(w_key.fval, -1)
        uid = key_uid(w_key, False)
        if uid >= 0:
            di = self.other_ids
            if uid == 0 or di is None:
                return -1
            return di.get(uid, -1)
        for i in range(len(keys)):
            if raw_equal(keys[i], w_key):
                return i
        return -1

    def index_other(self, w_key, i):
        """Other key w_key is at position i now."""
        if isinstance(w_key, W_Float):
            if self.other_floats is None:
                self.other_floats = {}
            self.other_floats[w_key.fval] = i
            return
        uid = key_uid(w_key, True)
        if uid > 0:
            if self.other_ids is None:
                self.other_ids = {}
            self.other_ids[uid] = i

    # ---- writes
    def set(self, w_key, w_value):
        if isinstance(w_key, W_Str):
            self.set_str(w_key.sval, w_value)
        elif isinstance(w_key, W_Int):
            self.set_int(w_key.ival, w_value)
        elif isinstance(w_key, W_Float):
            f = w_key.fval
            if ffloor(f) == f and not isinf(f):
                self.set_int(int(f), w_value)
            elif isnan(f):
                raise LuaError(W_Str("table index is NaN"), 1)
            else:
                self.set_other(w_key, w_value)
        elif w_key is w_nil:
            raise LuaError(W_Str("table index is nil"), 1)
        else:
            self.set_other(w_key, w_value)

    def set_int(self, i, w_value):
        # the usual cases without loops, so traces inline them: a store
        # into the array part, an append to it (a frame's slots stay in
        # registers across both: the JIT knows a frame's list from a
        # table's array part)
        arr = self.arr
        n = len(arr)
        if 1 <= i and i <= n:
            if w_value is not w_nil or i < n:
                arr[i - 1] = w_value
                return
            if n == 1 or arr[n - 2] is not w_nil:  # the last item, one nil
                arr.pop()
                return
        elif i == n + 1 and w_value is not w_nil and self.hash_int is None:
            arr.append(w_value)
            return
        elif i == 0:
            self.zero = w_value
            return
        self.set_int_slow(i, w_value)

    def set_int_slow(self, i, w_value):
        arr = self.arr
        n = len(arr)
        if 1 <= i and i <= n:
            if w_value is w_nil and i == n:
                arr.pop()
                while len(arr) > 0 and arr[len(arr) - 1] is w_nil:
                    arr.pop()
            else:
                arr[i - 1] = w_value
            return
        if i == n + 1:
            if w_value is w_nil:
                d = self.hash_int
                if d is not None and i in d:
                    del d[i]
                return
            arr.append(w_value)
            d = self.hash_int
            if d is not None:
                if i in d:
                    del d[i]
                self._migrate(d)
            return
        d = self.hash_int
        if w_value is w_nil:
            if d is not None and i in d:
                del d[i]
            return
        if d is None:
            d = {}
            self.hash_int = d
        d[i] = w_value

    def _migrate(self, d):
        arr = self.arr
        while len(d) > 0:
            k = len(arr) + 1
            if k not in d:
                break
            arr.append(d[k])
            del d[k]

    def set_str(self, s, w_value):
        if self.absent != 0 and len(s) > 1 and s[0] == "_" and s[1] == "_":
            self.absent = 0
        m = promote(self.map)
        if m is not None:
            i = m.find(s)
            if i >= 0:
                self.svals[i] = w_value
                return
            if w_value is w_nil:
                return
            if len(m.keys) < MAX_MAP_KEYS:
                self.map = m.with_key(s)
                svals = self.svals
                if svals is None:
                    # empty, then appended: [w_value] would be exact and
                    # the second key resize it (json.lua +13%)
                    svals = []
                    self.svals = svals
                svals.append(w_value)
                return
            self._to_dict()
        d = self.hash_str
        if w_value is w_nil:
            if s in d:
                del d[s]
            return
        d[s] = w_value

    def _to_dict(self):
        d = {}
        m = self.map
        for i in range(len(m.keys)):
            if self.svals[i] is not w_nil:
                d[m.keys[i]] = self.svals[i]
        self.hash_str = d
        self.map = None
        self.svals = None

    def set_other(self, w_key, w_value):
        i = self.find_other(w_key)
        if i >= 0:
            if w_value is w_nil:
                self.remove_other(i)
            else:
                self.other_vals[i] = w_value
            return
        if w_value is w_nil:
            return
        if self.other_keys is None:
            self.other_keys = []
            self.other_vals = []
        self.other_keys.append(w_key)
        self.other_vals.append(w_value)
        self.index_other(w_key, len(self.other_keys) - 1)

    def remove_other(self, i):
        """Drops other key i; those after it move down one."""
        keys = self.other_keys
        w_key = keys[i]
        if isinstance(w_key, W_Float):
            del self.other_floats[w_key.fval]
        else:
            uid = key_uid(w_key, False)
            if uid > 0:
                del self.other_ids[uid]
        del keys[i]
        del self.other_vals[i]
        for j in range(i, len(keys)):
            self.index_other(keys[j], j)

    def set_int_list(self, i, w_value):
        """t[i] = v from a table constructor: a nil right after the array
        part extends it (as Lua sizes the array part of {1, nil, 3})."""
        if i == len(self.arr) + 1 and w_value is w_nil:
            self.arr.append(w_nil)
            return
        self.set_int(i, w_value)

    def append(self, w_value):
        self.set_int(self.length() + 1, w_value)

    def length(self):
        arr = self.arr
        n = len(arr)
        if (n == 0 or arr[n - 1] is not w_nil) and self.hash_int is None:
            return n    # the usual case, without loops (traces inline it)
        return self.length_slow()

    def length_slow(self):
        arr = self.arr
        n = len(arr)
        if n > 0 and arr[n - 1] is w_nil:
            # a border inside the array part, found as Lua does
            i = 0
            j = n
            while j - i > 1:
                m = (i + j) // 2
                if arr[m - 1] is w_nil:
                    j = m
                else:
                    i = m
            return i
        d = self.hash_int
        if d is None or len(d) == 0:
            return n
        while (n + 1) in d:
            n += 1
        return n

    def keys_snapshot(self):
        """All keys: the array part, key 0, then each hash part in insertion
        order."""
        res = []
        for i in range(len(self.arr)):
            if self.arr[i] is not w_nil:
                res.append(W_Int(i + 1))
        if self.zero is not w_nil:
            res.append(W_Int(0))
        d = self.hash_int
        if d is not None:
            for k in d:
                res.append(W_Int(k))
        m = self.map
        if m is not None:
            for i in range(len(m.keys)):
                if self.svals[i] is not w_nil:
                    res.append(W_Str(m.keys[i]))
        else:
            for s in self.hash_str:
                res.append(W_Str(s))
        if self.other_keys is not None:
            for w in self.other_keys:
                res.append(w)
        return res


def typename(w):
    """The Lua type name, without a method call (the tracer does not follow
    indirect calls)."""
    if isinstance(w, W_Int) or isinstance(w, W_Float):
        return "number"
    if isinstance(w, W_Str):
        return "string"
    if isinstance(w, W_Table):
        return "table"
    if isinstance(w, W_Function):
        return "function"
    if isinstance(w, W_Bool):
        return "boolean"
    if w is w_nil:
        return "nil"
    return w.typename()


def tostr(w):
    """tostring without metamethods, without a method call for the usual
    cases (the tracer does not follow indirect calls)."""
    if isinstance(w, W_Str):
        return w.sval
    if isinstance(w, W_Int):
        return str(w.ival)
    if isinstance(w, W_Float):
        return format_float(w.fval)
    if isinstance(w, W_Bool):
        if w.bval:
            return "true"
        return "false"
    if w is w_nil:
        return "nil"
    return w.tostr()


def raw_equal(w_a, w_b):
    if w_a is w_b:
        return True
    if isinstance(w_a, W_Int):
        if isinstance(w_b, W_Int):
            return w_a.ival == w_b.ival
        if isinstance(w_b, W_Float):
            return float(w_a.ival) == w_b.fval
        return False
    if isinstance(w_a, W_Float):
        if isinstance(w_b, W_Float):
            return w_a.fval == w_b.fval
        if isinstance(w_b, W_Int):
            return w_a.fval == float(w_b.ival)
        return False
    if isinstance(w_a, W_Str):
        if isinstance(w_b, W_Str):
            return w_a.sval == w_b.sval
        return False
    return False


@elidable
def str_to_number_parts(s):
    """Parses a Lua numeral (decimal or hex int, decimal float) with
    surrounding whitespace: returns (kind, int, float) with kind 0 for
    not a number, 1 int, 2 float."""
    s = s.strip()
    n = len(s)
    if n == 0:
        return (0, 0, 0.0)
    i = 0
    neg = False
    if s[0] == "-" or s[0] == "+":
        neg = s[0] == "-"
        i = 1
    if i + 1 < n and s[i] == "0" and (s[i + 1] == "x" or s[i + 1] == "X"):
        i += 2
        if i >= n:
            return (0, 0, 0.0)
        v = 0
        while i < n:
            c = s[i]
            d = hexdigit(c)
            if d < 0:
                return (0, 0, 0.0)
            v = intmask(v * 16 + d)
            i += 1
        if neg:
            v = intmask(-v)
        return (1, v, 0.0)
    digits = 0
    isfloat = False
    j = i
    while j < n and s[j].isdigit():
        j += 1
        digits += 1
    if j < n and s[j] == ".":
        isfloat = True
        j += 1
        while j < n and s[j].isdigit():
            j += 1
            digits += 1
    if digits == 0:
        return (0, 0, 0.0)
    if j < n and (s[j] == "e" or s[j] == "E"):
        isfloat = True
        j += 1
        if j < n and (s[j] == "+" or s[j] == "-"):
            j += 1
        if j >= n or not s[j].isdigit():
            return (0, 0, 0.0)
        while j < n and s[j].isdigit():
            j += 1
    if j != n:
        return (0, 0, 0.0)
    if not isfloat:
        # decimal integer; one that does not fit becomes a float
        if digits < 19 or (digits == 19 and s[i:] <= "9223372036854775807"):
            v = 0
            for k in range(i, n):
                v = v * 10 + (ord(s[k]) - 48)
            if neg:
                v = -v
            return (1, v, 0.0)
    return (2, 0, float(s))


def hexdigit(c):
    if "0" <= c and c <= "9":
        return ord(c) - 48
    if "a" <= c and c <= "f":
        return ord(c) - 87
    if "A" <= c and c <= "F":
        return ord(c) - 55
    return -1


def str_to_number(s):
    kind, i, f = str_to_number_parts(s)
    if kind == 1:
        return W_Int(i)
    if kind == 2:
        return W_Float(f)
    return None
