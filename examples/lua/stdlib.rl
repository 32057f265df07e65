"""The Lua standard library subset: base functions, string, table, math,
os, io."""
import math
import os
import time
from rlib.rarithmetic import intmask
from rlib.rstring import StringBuilder
from objects import (LuaError, W_Object, W_Int, W_Float, W_Str, W_Bool, W_Table,
                     W_Function, w_nil, w_true, w_false, newbool, is_true, raw_equal,
                     str_to_number, format_float, isnan, isinf, ffloor, typename, tostr,
                     fceil, ffmod)
from interp import (W_Builtin, W_Closure, W_PairsIter, state, call_value, call1,
                    tostring, rt_error, lua_lt, lua_len, index, tofloat)
from fmtgen import fmt_float_prec


def arg_error(i, fname, msg):
    return rt_error("bad argument #%d to '%s' (%s)" % (i, fname, msg))


def get_arg(args, i):
    if i < len(args):
        return args[i]
    return w_nil


def check_table(args, i, fname):
    w = get_arg(args, i)
    if isinstance(w, W_Table):
        return w
    raise arg_error(i + 1, fname, "table expected, got %s" % typename_arg(w, i, args))


def typename_arg(w, i, args):
    if i >= len(args):
        return "no value"
    return typename(w)


def check_int(args, i, fname):
    w = get_arg(args, i)
    if isinstance(w, W_Int):
        return w.ival
    if isinstance(w, W_Float):
        f = w.fval
        if ffloor(f) == f and -9.2233720368547758e18 <= f and f < 9.2233720368547758e18:
            return int(f)
        raise arg_error(i + 1, fname, "number has no integer representation")
    if isinstance(w, W_Str):
        w_n = str_to_number(w.sval)
        if w_n is not None:
            return check_int([w_n], 0, fname)
    raise arg_error(i + 1, fname, "number expected, got %s" % typename_arg(w, i, args))


def opt_int(args, i, fname, default):
    if i >= len(args) or args[i] is w_nil:
        return default
    return check_int(args, i, fname)


def check_num(args, i, fname):
    w = get_arg(args, i)
    if isinstance(w, W_Int) or isinstance(w, W_Float):
        return w
    if isinstance(w, W_Str):
        w_n = str_to_number(w.sval)
        if w_n is not None:
            return w_n
    raise arg_error(i + 1, fname, "number expected, got %s" % typename_arg(w, i, args))


def check_float(args, i, fname):
    return tofloat(check_num(args, i, fname))


def check_str(args, i, fname):
    w = get_arg(args, i)
    if isinstance(w, W_Str):
        return w.sval
    if isinstance(w, W_Int) or isinstance(w, W_Float):
        return tostr(w)
    raise arg_error(i + 1, fname, "string expected, got %s" % typename_arg(w, i, args))


# ---- base library
def b_print(args):
    parts = []
    for w in args:
        parts.append(tostring(w))
    print("\t".join(parts))
    return []


def b_type(args):
    if len(args) == 0:
        raise arg_error(1, "type", "value expected")
    return [W_Str(typename(args[0]))]


def b_tostring(args):
    return [W_Str(tostring(get_arg(args, 0)))]


def b_tonumber(args):
    w = get_arg(args, 0)
    if len(args) >= 2 and args[1] is not w_nil:
        base = check_int(args, 1, "tonumber")
        s = check_str(args, 0, "tonumber").strip().lower()
        neg = False
        if s.startswith("-"):
            neg = True
            s = s[1:]
        if len(s) == 0:
            return [w_nil]
        v = 0
        for c in s:
            if c.isdigit():
                d = ord(c) - 48
            elif "a" <= c and c <= "z":
                d = ord(c) - 87
            else:
                return [w_nil]
            if d >= base:
                return [w_nil]
            v = intmask(v * base + d)
        if neg:
            v = intmask(-v)
        return [W_Int(v)]
    if isinstance(w, W_Int) or isinstance(w, W_Float):
        return [w]
    if isinstance(w, W_Str):
        w_n = str_to_number(w.sval)
        if w_n is not None:
            return [w_n]
    return [w_nil]


def ipairs_iter(args):
    w_t = get_arg(args, 0)
    w_i = get_arg(args, 1)
    assert isinstance(w_i, W_Int)
    i = w_i.ival + 1
    w_v = index(w_t, W_Int(i))
    if w_v is w_nil:
        return [w_nil]
    return [W_Int(i), w_v]


def b_ipairs(args):
    if len(args) == 0:
        raise arg_error(1, "ipairs", "table expected, got no value")
    return [state.w_ipairs_iter, args[0], W_Int(0)]


def b_pairs(args):
    w_t = check_table(args, 0, "pairs")
    if w_t.metatable is not None:
        w_mm = w_t.metatable.get_str("__pairs")
        if w_mm is not w_nil:
            res = call_value(w_mm, [w_t])
            while len(res) < 3:
                res.append(w_nil)
            return res[0:3]
    return [W_PairsIter(w_t), w_t, w_nil]


def b_next(args):
    w_t = check_table(args, 0, "next")
    w_k = get_arg(args, 1)
    keys = w_t.keys_snapshot()
    i = 0
    if w_k is not w_nil:
        while i < len(keys):
            if raw_equal(keys[i], w_k):
                break
            i += 1
        if i == len(keys):
            raise rt_error("invalid key to 'next'")
        i += 1
    while i < len(keys):
        w_v = w_t.get(keys[i])
        if w_v is not w_nil:
            return [keys[i], w_v]
        i += 1
    return [w_nil]


def b_select(args):
    w_n = get_arg(args, 0)
    if isinstance(w_n, W_Str) and w_n.sval == "#":
        return [W_Int(len(args) - 1)]
    n = check_int(args, 0, "select")
    if n < 0:
        n = len(args) + n
        if n < 1:
            raise arg_error(1, "select", "index out of range")
    elif n == 0:
        raise arg_error(1, "select", "index out of range")
    if n >= len(args):
        return []
    return args[n:]


def b_error(args):
    w = get_arg(args, 0)
    level = opt_int(args, 1, "error", 1)
    raise LuaError(w, level)


def b_assert(args):
    if len(args) == 0:
        raise arg_error(1, "assert", "value expected")
    if is_true(args[0]):
        return args
    if len(args) >= 2:
        raise LuaError(args[1], 0)
    raise rt_error("assertion failed!")


def b_pcall(args):
    if len(args) == 0:
        raise arg_error(1, "pcall", "value expected")
    try:
        res = call_value(args[0], args[1:])
    except LuaError as e:
        return [w_false, e.w_value]
    except RecursionError:
        return [w_false, W_Str("stack overflow")]
    return [w_true] + res


def b_setmetatable(args):
    w_t = check_table(args, 0, "setmetatable")
    w_mt = get_arg(args, 1)
    if w_mt is w_nil:
        w_t.metatable = None
    elif isinstance(w_mt, W_Table):
        w_t.metatable = w_mt
    else:
        raise arg_error(2, "setmetatable", "nil or table expected")
    return [w_t]


def b_getmetatable(args):
    w = get_arg(args, 0)
    if isinstance(w, W_Table):
        if w.metatable is not None:
            w_prot = w.metatable.get_str("__metatable")
            if w_prot is not w_nil:
                return [w_prot]
            return [w.metatable]
    if isinstance(w, W_Str):
        return [state.w_string_meta]
    return [w_nil]


def b_rawget(args):
    w_t = check_table(args, 0, "rawget")
    return [w_t.get(get_arg(args, 1))]


def b_rawset(args):
    w_t = check_table(args, 0, "rawset")
    w_t.set(get_arg(args, 1), get_arg(args, 2))
    return [w_t]


def b_rawequal(args):
    return [newbool(raw_equal(get_arg(args, 0), get_arg(args, 1)))]


def b_rawlen(args):
    w = get_arg(args, 0)
    if isinstance(w, W_Table):
        return [W_Int(w.length())]
    if isinstance(w, W_Str):
        return [W_Int(len(w.sval))]
    raise arg_error(1, "rawlen", "table or string expected")


def b_unpack(args):
    w_t = check_table(args, 0, "unpack")
    i = opt_int(args, 1, "unpack", 1)
    j = opt_int(args, 2, "unpack", w_t.length())
    res = []
    while i <= j:
        res.append(w_t.get_int(i))
        i += 1
    return res


# ---- string
def str_index(s, i):
    # Lua's relative string position -> 0-based start
    if i > 0:
        return i
    if i == 0:
        return 1
    if i < -len(s):
        return 1
    return len(s) + i + 1


def s_len(args):
    return [W_Int(len(check_str(args, 0, "len")))]


def s_sub(args):
    s = check_str(args, 0, "sub")
    n = len(s)
    i = opt_int(args, 1, "sub", 1)
    j = opt_int(args, 2, "sub", -1)
    if i < 0:
        i = n + i + 1
        if i < 1:
            i = 1
    elif i == 0:
        i = 1
    if j < 0:
        j = n + j + 1
    elif j > n:
        j = n
    if i > j:
        return [W_Str("")]
    return [W_Str(s[i - 1:j])]


def s_byte(args):
    s = check_str(args, 0, "byte")
    n = len(s)
    i = opt_int(args, 1, "byte", 1)
    j = opt_int(args, 2, "byte", i)
    if i < 0:
        i = n + i + 1
    if j < 0:
        j = n + j + 1
    if i < 1:
        i = 1
    if j > n:
        j = n
    if i == j:
        # one byte, the common case: no loop here, so traces inline this
        # call (its argument and result lists stay virtual)
        return [W_Int(ord(s[i - 1]))]
    return byte_range(s, i, j)


def byte_range(s, i, j):
    res = []
    while i <= j:
        res.append(W_Int(ord(s[i - 1])))
        i += 1
    return res


def s_char(args):
    sb = StringBuilder()
    for i in range(len(args)):
        c = check_int(args, i, "char")
        if c < 0 or c > 255:
            raise arg_error(i + 1, "char", "value out of range")
        sb.append(chr(c))
    return [W_Str(sb.build())]


def s_rep(args):
    s = check_str(args, 0, "rep")
    n = check_int(args, 1, "rep")
    sep = ""
    if len(args) > 2 and args[2] is not w_nil:
        sep = check_str(args, 2, "rep")
    if n <= 0:
        return [W_Str("")]
    if sep == "":
        return [W_Str(s * n)]
    parts = [s] * n
    return [W_Str(sep.join(parts))]


def s_upper(args):
    s = check_str(args, 0, "upper")
    sb = StringBuilder()
    for c in s:
        if "a" <= c and c <= "z":
            sb.append(chr(ord(c) - 32))
        else:
            sb.append(c)
    return [W_Str(sb.build())]


def s_lower(args):
    s = check_str(args, 0, "lower")
    sb = StringBuilder()
    for c in s:
        if "A" <= c and c <= "Z":
            sb.append(chr(ord(c) + 32))
        else:
            sb.append(c)
    return [W_Str(sb.build())]


def s_reverse(args):
    s = check_str(args, 0, "reverse")
    sb = StringBuilder()
    i = len(s) - 1
    while i >= 0:
        sb.append(s[i])
        i -= 1
    return [W_Str(sb.build())]


SPECIALS = "^$*+?.([%-"


def s_find(args):
    # plain substring search only (patterns with special characters are
    # not supported)
    s = check_str(args, 0, "find")
    p = check_str(args, 1, "find")
    init = opt_int(args, 2, "find", 1)
    plain = len(args) > 3 and is_true(args[3])
    if not plain:
        for c in p:
            if c in SPECIALS:
                raise rt_error("string.find: patterns are not supported")
    n = len(s)
    if init < 0:
        init = n + init + 1
        if init < 1:
            init = 1
    elif init == 0:
        init = 1
    if init > n + 1:
        return [w_nil]
    k = s.find(p, init - 1)
    if k < 0:
        return [w_nil]
    return [W_Int(k + 1), W_Int(k + len(p))]


def pad(s, width, left, zero):
    if len(s) >= width:
        return s
    if left:
        return s + " " * (width - len(s))
    if zero:
        if len(s) > 0 and (s[0] == "-" or s[0] == "+" or s[0] == " "):
            return s[0] + "0" * (width - len(s)) + s[1:]
        return "0" * (width - len(s)) + s
    return " " * (width - len(s)) + s


def to_base(v, base, digits):
    """v as an unsigned 64-bit number in base 8 or 16."""
    if v == 0:
        return "0"
    bits = 4
    if base == 8:
        bits = 3
    res = []
    pos = 0
    while pos < 64:
        # digit at bit position pos (the top octal digit has 1 bit)
        d = (v >> pos) & (base - 1)
        if pos + bits > 64:
            d = d & ((1 << (64 - pos)) - 1)
        res.append(digits[d])
        pos += bits
    while len(res) > 1 and res[len(res) - 1] == "0":
        res.pop()
    res.reverse()
    return "".join(res)


def s_format(args):
    fmt = check_str(args, 0, "format")
    sb = StringBuilder()
    argi = 1
    i = 0
    n = len(fmt)
    while i < n:
        c = fmt[i]
        if c != "%":
            j = fmt.find("%", i)
            if j < 0:
                j = n
            sb.append(fmt[i:j])
            i = j
            continue
        i += 1
        if i < n and fmt[i] == "%":
            sb.append("%")
            i += 1
            continue
        left = False
        zero = False
        plus = False
        space = False
        alt = False
        while i < n and fmt[i] in "-0+ #":
            f = fmt[i]
            if f == "-":
                left = True
            elif f == "0":
                zero = True
            elif f == "+":
                plus = True
            elif f == " ":
                space = True
            else:
                alt = True
            i += 1
        width = 0
        while i < n and fmt[i].isdigit():
            width = width * 10 + ord(fmt[i]) - 48
            i += 1
        prec = -1
        if i < n and fmt[i] == ".":
            i += 1
            prec = 0
            while i < n and fmt[i].isdigit():
                prec = prec * 10 + ord(fmt[i]) - 48
                i += 1
        if i >= n:
            raise rt_error("invalid conversion '%s' to 'format'" % fmt[i - 1:])
        conv = fmt[i]
        i += 1
        if conv == "d" or conv == "i":
            v = check_int(args, argi, "format")
            argi += 1
            s = str(v)
            if prec >= 0:
                digits = s
                sign = ""
                if v < 0:
                    sign = "-"
                    digits = s[1:]
                if len(digits) < prec:
                    digits = "0" * (prec - len(digits)) + digits
                s = sign + digits
                zero = False
            if v >= 0:
                if plus:
                    s = "+" + s
                elif space:
                    s = " " + s
            sb.append(pad(s, width, left, zero))
        elif conv == "x" or conv == "X" or conv == "o":
            v = check_int(args, argi, "format")
            argi += 1
            if conv == "o":
                s = to_base(v, 8, "01234567")
            elif conv == "x":
                s = to_base(v, 16, "0123456789abcdef")
            else:
                s = to_base(v, 16, "0123456789ABCDEF")
            if prec >= 0 and len(s) < prec:
                s = "0" * (prec - len(s)) + s
            if alt and v != 0:
                if conv == "x":
                    s = "0x" + s
                elif conv == "X":
                    s = "0X" + s
            sb.append(pad(s, width, left, zero))
        elif conv == "c":
            v = check_int(args, argi, "format")
            argi += 1
            sb.append(pad(chr(v & 255), width, left, False))
        elif conv == "f" or conv == "F" or conv == "e" or conv == "E" or conv == "g" or conv == "G":
            x = check_float(args, argi, "format")
            argi += 1
            if prec < 0:
                prec = 6
            if prec > 20:
                prec = 20
            lc = conv.lower()
            if isinf(x) or isnan(x):
                s = format_float(x)
            else:
                s = fmt_float_prec(lc, prec, x)
                if alt and lc == "g" and "." not in s:
                    s = s + "."
            if conv == "E" or conv == "G" or conv == "F":
                s = s.upper()
            if x >= 0.0 or isnan(x):
                if plus:
                    s = "+" + s
                elif space:
                    s = " " + s
            sb.append(pad(s, width, left, zero and not (isinf(x) or isnan(x))))
        elif conv == "s":
            s = tostring(get_arg(args, argi))
            if argi >= len(args):
                raise arg_error(argi + 1, "format", "no value")
            argi += 1
            if prec >= 0:
                s = s[0:prec]
            sb.append(pad(s, width, left, False))
        elif conv == "q":
            w = get_arg(args, argi)
            argi += 1
            if isinstance(w, W_Str):
                sb.append(quote_string(w.sval))
            else:
                sb.append(tostring(w))
        else:
            raise rt_error("invalid conversion '%%%s' to 'format'" % conv)
    return [W_Str(sb.build())]


def quote_string(s):
    sb = StringBuilder()
    sb.append('"')
    for c in s:
        if c == '"':
            sb.append('\\"')
        elif c == "\\":
            sb.append("\\\\")
        elif c == "\n":
            sb.append("\\\n")
        elif c == "\r":
            sb.append("\\r")
        elif c == "\0":
            sb.append("\\0")
        else:
            sb.append(c)
    sb.append('"')
    return sb.build()


# ---- table
def t_insert(args):
    w_t = check_table(args, 0, "insert")
    n = w_t.length()
    if len(args) == 2:
        w_t.set_int(n + 1, args[1])
        return []
    if len(args) != 3:
        raise rt_error("wrong number of arguments to 'insert'")
    pos = check_int(args, 1, "insert")
    if pos < 1 or pos > n + 1:
        raise arg_error(2, "insert", "position out of bounds")
    if pos == n + 1:
        w_t.set_int(pos, args[2])
        return []
    if len(w_t.arr) == n:
        w_t.arr.insert(pos - 1, args[2])
        return []
    i = n
    while i >= pos:
        w_t.set_int(i + 1, w_t.get_int(i))
        i -= 1
    w_t.set_int(pos, args[2])
    return []


def t_remove(args):
    w_t = check_table(args, 0, "remove")
    n = w_t.length()
    if len(args) < 2:
        if n == 0:
            return [w_nil]
        w_v = w_t.get_int(n)
        w_t.set_int(n, w_nil)
        return [w_v]
    pos = check_int(args, 1, "remove")
    if n == 0 and (pos == 0 or pos == n):
        return [w_t.get_int(pos)]
    if n + 1 == pos:
        w_v = w_t.get_int(pos)
        w_t.set_int(pos, w_nil)
        return [w_v]
    if pos < 1 or pos > n + 1:
        raise arg_error(2, "remove", "position out of bounds")
    w_v = w_t.get_int(pos)
    if len(w_t.arr) == n:
        w_t.arr.pop(pos - 1)
        return [w_v]
    i = pos
    while i < n:
        w_t.set_int(i, w_t.get_int(i + 1))
        i += 1
    w_t.set_int(n, w_nil)
    return [w_v]


def t_concat(args):
    w_t = check_table(args, 0, "concat")
    sep = ""
    if len(args) > 1 and args[1] is not w_nil:
        sep = check_str(args, 1, "concat")
    i = opt_int(args, 2, "concat", 1)
    j = opt_int(args, 3, "concat", w_t.length())
    parts = []
    while i <= j:
        w = w_t.get_int(i)
        if isinstance(w, W_Str):
            parts.append(w.sval)
        elif isinstance(w, W_Int) or isinstance(w, W_Float):
            parts.append(tostr(w))
        else:
            raise rt_error("invalid value (at index %d) in table for 'concat'" % i)
        i += 1
    return [W_Str(sep.join(parts))]


def sort_lt(w_cmp, w_a, w_b):
    if w_cmp is None:
        return lua_lt(w_a, w_b)
    return is_true(call1(w_cmp, [w_a, w_b]))


def t_sort(args):
    w_t = check_table(args, 0, "sort")
    w_cmp = None
    if len(args) > 1 and args[1] is not w_nil:
        w_cmp = args[1]
    n = w_t.length()
    items = []
    for i in range(1, n + 1):
        items.append(w_t.get_int(i))
    # merge sort (stable; Lua's is not, but valid comparators agree)
    tmp = [w_nil] * n
    width = 1
    while width < n:
        lo = 0
        while lo < n:
            mid = min(lo + width, n)
            hi = min(lo + 2 * width, n)
            a = lo
            b = mid
            k = lo
            while a < mid and b < hi:
                if sort_lt(w_cmp, items[b], items[a]):
                    tmp[k] = items[b]
                    b += 1
                else:
                    tmp[k] = items[a]
                    a += 1
                k += 1
            while a < mid:
                tmp[k] = items[a]
                a += 1
                k += 1
            while b < hi:
                tmp[k] = items[b]
                b += 1
                k += 1
            lo = hi
        items, tmp = tmp, items
        width *= 2
    for i in range(n):
        w_t.set_int(i + 1, items[i])
    return []


# ---- math
def m_floor(args):
    w = check_num(args, 0, "floor")
    if isinstance(w, W_Int):
        return [w]
    return [float_to_int_or_float(ffloor(tofloat(w)))]


def m_ceil(args):
    w = check_num(args, 0, "ceil")
    if isinstance(w, W_Int):
        return [w]
    return [float_to_int_or_float(fceil(tofloat(w)))]


def float_to_int_or_float(f):
    if -9.2233720368547758e18 <= f and f < 9.2233720368547758e18:
        return W_Int(int(f))
    return W_Float(f)


def m_sqrt(args):
    x = check_float(args, 0, "sqrt")
    if x < 0.0:
        return [W_Float(float("nan"))]
    return [W_Float(math.sqrt(x))]


def m_abs(args):
    w = check_num(args, 0, "abs")
    if isinstance(w, W_Int):
        if w.ival < 0:
            return [W_Int(intmask(-w.ival))]
        return [w]
    return [W_Float(math.fabs(tofloat(w)))]


def m_max(args):
    w_best = check_num(args, 0, "max")
    for i in range(1, len(args)):
        w = check_num(args, i, "max")
        if lua_lt(w_best, w):
            w_best = w
    return [w_best]


def m_min(args):
    w_best = check_num(args, 0, "min")
    for i in range(1, len(args)):
        w = check_num(args, i, "min")
        if lua_lt(w, w_best):
            w_best = w
    return [w_best]


def m_tointeger(args):
    w = get_arg(args, 0)
    if isinstance(w, W_Int):
        return [w]
    if isinstance(w, W_Float):
        f = w.fval
        if ffloor(f) == f and -9.2233720368547758e18 <= f and f < 9.2233720368547758e18:
            return [W_Int(int(f))]
    return [w_nil]


def m_type(args):
    w = get_arg(args, 0)
    if isinstance(w, W_Int):
        return [W_Str("integer")]
    if isinstance(w, W_Float):
        return [W_Str("float")]
    if len(args) == 0:
        raise arg_error(1, "type", "value expected")
    return [w_nil]


def m_fmod(args):
    a = check_num(args, 0, "fmod")
    b = check_num(args, 1, "fmod")
    if isinstance(a, W_Int) and isinstance(b, W_Int):
        if b.ival == 0:
            raise arg_error(2, "fmod", "zero")
        r = abs(a.ival) % abs(b.ival)
        if a.ival < 0:
            r = -r
        return [W_Int(r)]
    x = tofloat(a)
    y = tofloat(b)
    if y == 0.0 or isinf(x):
        return [W_Float(float("nan"))]
    if isinf(y):
        return [W_Float(x)]
    return [W_Float(ffmod(x, y))]


def m_sin(args):
    return [W_Float(math.sin(check_float(args, 0, "sin")))]


def m_cos(args):
    return [W_Float(math.cos(check_float(args, 0, "cos")))]


def m_exp(args):
    return [W_Float(math.exp(check_float(args, 0, "exp")))]


def m_log(args):
    x = check_float(args, 0, "log")
    if x <= 0.0:
        if x == 0.0:
            return [W_Float(-float("inf"))]
        return [W_Float(float("nan"))]
    if len(args) > 1:
        b = check_float(args, 1, "log")
        if b == 2.0:
            return [W_Float(math.log(x) / math.log(2.0))]
        if b == 10.0:
            return [W_Float(math.log(x) / math.log(10.0))]
        return [W_Float(math.log(x) / math.log(b))]
    return [W_Float(math.log(x))]


class RandomState(object):
    def __init__(self):
        self.seed = 42


rng = RandomState()


def next_random():
    # xorshift64*, deterministic (math.randomseed sets the seed)
    x = rng.seed
    x ^= (x >> 12) & 0x000fffffffffffff
    x = intmask(x ^ (x << 25))
    x ^= (x >> 27) & 0x0000001fffffffff
    rng.seed = x
    return intmask(x * 2685821657736338717)


def m_random(args):
    r = next_random()
    if len(args) == 0:
        return [W_Float(float((r >> 11) & 0x1fffffffffffff) / 9007199254740992.0)]
    lo = 1
    if len(args) == 1:
        hi = check_int(args, 0, "random")
    else:
        lo = check_int(args, 0, "random")
        hi = check_int(args, 1, "random")
    if lo > hi:
        raise arg_error(len(args), "random", "interval is empty")
    span = hi - lo + 1
    if span <= 0:
        return [W_Int(r)]
    return [W_Int(lo + ((r >> 1) & 0x3fffffffffffffff) % span)]


def m_randomseed(args):
    if len(args) > 0:
        rng.seed = check_int(args, 0, "randomseed") | 1
    return []


# ---- os, io
def os_clock(args):
    return [W_Float(time.time() - START.t)]


def os_time(args):
    return [W_Int(int(time.time()))]


class Start(object):
    def __init__(self):
        self.t = 0.0


START = Start()


def io_write(args):
    for w in args:
        if isinstance(w, W_Str):
            print(w.sval, end="")
        elif isinstance(w, W_Int):
            print(tostr(w), end="")
        elif isinstance(w, W_Float):
            f = w.fval
            if isinf(f) or isnan(f):
                print(format_float(f), end="")
            else:
                print("%.14g" % f, end="")
        else:
            raise arg_error(1, "write", "string expected, got %s" % typename(w))
    return []


def register(w_t, name, fn):
    w_t.set_str(name, W_Builtin(name, fn))


def install():
    START.t = time.time()
    g = state.w_globals
    g.set_str("_G", g)
    g.set_str("_VERSION", W_Str("Lua 5.4"))
    register(g, "print", b_print)
    register(g, "type", b_type)
    register(g, "tostring", b_tostring)
    register(g, "tonumber", b_tonumber)
    register(g, "ipairs", b_ipairs)
    register(g, "pairs", b_pairs)
    register(g, "next", b_next)
    register(g, "select", b_select)
    register(g, "error", b_error)
    register(g, "assert", b_assert)
    register(g, "pcall", b_pcall)
    register(g, "setmetatable", b_setmetatable)
    register(g, "getmetatable", b_getmetatable)
    register(g, "rawget", b_rawget)
    register(g, "rawset", b_rawset)
    register(g, "rawequal", b_rawequal)
    register(g, "rawlen", b_rawlen)
    register(g, "unpack", b_unpack)
    state.w_ipairs_iter = W_Builtin("ipairs_iter", ipairs_iter)

    s = state.w_string
    g.set_str("string", s)
    register(s, "len", s_len)
    register(s, "sub", s_sub)
    register(s, "byte", s_byte)
    register(s, "char", s_char)
    register(s, "rep", s_rep)
    register(s, "upper", s_upper)
    register(s, "lower", s_lower)
    register(s, "reverse", s_reverse)
    register(s, "find", s_find)
    register(s, "format", s_format)
    meta = W_Table()
    meta.set_str("__index", s)
    state.w_string_meta = meta

    t = W_Table()
    g.set_str("table", t)
    register(t, "insert", t_insert)
    register(t, "remove", t_remove)
    register(t, "concat", t_concat)
    register(t, "sort", t_sort)
    register(t, "unpack", b_unpack)

    m = W_Table()
    g.set_str("math", m)
    register(m, "floor", m_floor)
    register(m, "ceil", m_ceil)
    register(m, "sqrt", m_sqrt)
    register(m, "abs", m_abs)
    register(m, "max", m_max)
    register(m, "min", m_min)
    register(m, "tointeger", m_tointeger)
    register(m, "type", m_type)
    register(m, "fmod", m_fmod)
    register(m, "sin", m_sin)
    register(m, "cos", m_cos)
    register(m, "exp", m_exp)
    register(m, "log", m_log)
    register(m, "random", m_random)
    register(m, "randomseed", m_randomseed)
    m.set_str("huge", W_Float(float("inf")))
    m.set_str("pi", W_Float(3.141592653589793))
    m.set_str("maxinteger", W_Int(9223372036854775807))
    m.set_str("mininteger", W_Int(-9223372036854775807 - 1))

    o = W_Table()
    g.set_str("os", o)
    register(o, "clock", os_clock)
    register(o, "time", os_time)

    io = W_Table()
    g.set_str("io", io)
    register(io, "write", io_write)
