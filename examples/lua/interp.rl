"""The VM: frames, the bytecode loop (the JIT's portal), calls, and the
operations on values (arithmetic, comparison, indexing, metamethods)."""
import math
from rlib.jit import JitDriver, promote, unroll_safe, hint, elidable, dont_look_inside
from rlib.rarithmetic import intmask
from rlib.objectmodel import compute_identity_hash
from objects import (LuaError, W_Object, W_Nil, W_Bool, W_Int, W_Float, W_Str,
                     W_Cell, W_Function, W_Table, w_nil, w_true, w_false, newbool,
                     is_true, raw_equal, str_to_number, format_float, typename, tostr,
                     isnan, isinf, ffloor, fceil, is_neg_zero, ffmod)
from opcodes import (OPNAMES, LOADK, LOADNIL, LOADTRUE, LOADFALSE, LOADL, STOREL,
                     LOADCELL, STORECELL, NEWCELL, BOXLOCAL, LOADUP, STOREUP, GETGLOBAL,
                     SETGLOBAL, GETTABLE, GETFIELD, SETTABLE, SETFIELD, NEWTABLE,
                     SETLIST, SETLISTM, ADD, SUB, MUL, DIV, IDIV, MOD, POW, UNM, CONCAT,
                     LEN, NOT, EQ, NE, LT, LE, BAND, BOR, BXOR, SHL, SHR, BNOT, JMP,
                     JMPF, JMPT, JMPFK, JMPTK, POP, CALL, CALLM, RETURN, RETURNM,
                     CLOSURE, VARARG, FORPREP, FORLOOP, TFORCALL, TFORLOOP, SELF, ADDK,
                     SUBK, GETINDEXL, EQK, LTK, LEK, GTK, GEK, MOVE, MULTI, OPNAMES)
from compiler import Proto


class W_Closure(W_Function):
    _immutable_fields_ = ["proto", "upvals[*]"]

    def __init__(self, proto, upvals):
        W_Function.__init__(self)
        self.proto = proto
        self.upvals = upvals

    def getname(self):
        return self.proto.name


class W_Builtin(W_Function):
    _immutable_fields_ = ["name", "fn"]

    def __init__(self, name, fn):
        W_Function.__init__(self)
        self.name = name
        self.fn = fn

    def getname(self):
        return self.name

    def tostr(self):
        return "builtin: %s" % self.name


class W_PairsIter(W_Function):
    """What pairs() returns: walks a snapshot of the table's keys."""

    def __init__(self, w_table):
        W_Function.__init__(self)
        self.w_table = w_table
        self.keys = w_table.keys_snapshot()
        self.index = 0

    def getname(self):
        return "next"

    def step(self):
        # the next key whose value is not nil, or None at the end
        t = self.w_table
        while self.index < len(self.keys):
            w_k = self.keys[self.index]
            self.index += 1
            w_v = t.get(w_k)
            if w_v is not w_nil:
                return w_k
        return None


class W_IntLoop(W_Object):
    """The state of a numeric for loop over integers (a hidden local): the
    index, the iterations left (Lua 5.4 counts them, so no overflow) and
    the step. Mutable, so an iteration allocates only the loop variable."""

    def __init__(self, i, count, step):
        self.loop_i = i
        self.loop_count = count
        self.loop_istep = step


class W_FloatLoop(W_Object):
    def __init__(self, f, limit, step):
        self.loop_f = f
        self.loop_limit = limit
        self.loop_fstep = step


class State(object):
    def __init__(self):
        self.w_globals = W_Table()
        self.w_string = W_Table()
        self.w_string_meta = None
        self.w_ipairs_iter = None


state = State()


class Frame(object):
    # one list holds the locals, then the value stack (PyPy's
    # locals_cells_stack_w): a call allocates the frame and one list
    _virtualizable_ = ["locals[*]", "sp", "multi"]
    _immutable_fields_ = ["closure"]

    def __init__(self, closure, proto):
        self = hint(self, access_directly=True, fresh_virtualizable=True)
        self.closure = closure
        self.locals = [w_nil] * (proto.nlocals + proto.maxstack)
        self.sp = proto.nlocals
        self.multi = 0
        self.varargs = None
        self.nret = 0
        self.rets = None

    def push(self, w):
        sp = self.sp
        self.locals[sp] = w
        self.sp = sp + 1

    def pop(self):
        # the slot is cleared, as PyPy's popvalue does: a dead slot holding
        # a live value would keep it alive for the GC, and for the JIT it
        # is one more loop variable to carry
        sp = self.sp - 1
        w = self.locals[sp]
        self.locals[sp] = None
        self.sp = sp
        return w

    @unroll_safe
    def drop_to(self, sp):
        # pops down to sp, clearing the slots (see pop)
        i = self.sp
        while i > sp:
            i -= 1
            self.locals[i] = None
        self.sp = sp

    def top(self):
        return self.locals[self.sp - 1]

    def settop(self, w):
        self.locals[self.sp - 1] = w

    def ensure(self, n):
        # room for n more values (calls with all their results, '...');
        # the check without a loop, so traces inline it (a residual call
        # given the frame would write its slots back to memory)
        if self.sp + n > len(self.locals):
            self.grow(n)

    def grow(self, n):
        # the only place the stack grows (ensure found it too small)
        newstack = [None] * (self.sp + n + 8)
        i = 0
        while i < self.sp:
            newstack[i] = self.locals[i]
            i += 1
        self.locals = newstack


NO_CELL = W_Cell(w_nil)


def no_upvals():
    return [NO_CELL] * 0


def get_location(pc, code):
    return "%s:%d %s" % (code.name, code.lines[pc], OPNAMES[code.code[pc]])


jitdriver = JitDriver(greens=["pc", "code"], reds=["frame"],
                      virtualizables=["frame"],
                      get_printable_location=get_location, is_recursive=True)


def rt_error(msg):
    return LuaError(W_Str(msg), 1)


def rt_error_op(msg, operand):
    e = LuaError(W_Str(msg), 1)
    e.operand = operand
    return e


# ---- the portal
def execute(frame):
    code = frame.closure.proto
    pc = 0
    try:
        while True:
            jitdriver.jit_merge_point(pc=pc, code=code, frame=frame)
            op = code.code[pc]
            arg = code.code[pc + 1]
            pc += 2
            if op == LOADL:
                frame.push(frame.locals[arg])
            elif op == STOREL:
                frame.locals[arg] = frame.pop()
            elif op == LOADK:
                frame.push(code.consts[arg])
            elif op == GETFIELD:
                w_k = code.consts[arg]
                assert isinstance(w_k, W_Str)
                frame.settop(index_str(frame.top(), w_k.sval, w_k))
            elif op == ADD:
                w_b = frame.pop()
                w_a = frame.top()
                if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
                    frame.settop(W_Int(intmask(w_a.ival + w_b.ival)))
                else:
                    frame.settop(arith(ADD, w_a, w_b))
            elif op == ADDK:
                w_a = frame.top()
                w_b = code.consts[arg]
                if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
                    frame.settop(W_Int(intmask(w_a.ival + w_b.ival)))
                else:
                    frame.settop(arith(ADD, w_a, w_b))
            elif op == SUBK:
                w_a = frame.top()
                w_b = code.consts[arg]
                if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
                    frame.settop(W_Int(intmask(w_a.ival - w_b.ival)))
                else:
                    frame.settop(arith(SUB, w_a, w_b))
            elif op == SUB:
                w_b = frame.pop()
                w_a = frame.top()
                if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
                    frame.settop(W_Int(intmask(w_a.ival - w_b.ival)))
                else:
                    frame.settop(arith(SUB, w_a, w_b))
            elif op == MUL:
                w_b = frame.pop()
                w_a = frame.top()
                if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
                    frame.settop(W_Int(intmask(w_a.ival * w_b.ival)))
                elif isinstance(w_a, W_Float) and isinstance(w_b, W_Float):
                    frame.settop(W_Float(w_a.fval * w_b.fval))
                else:
                    frame.settop(arith(MUL, w_a, w_b))
            elif op == MOD:
                w_b = frame.pop()
                w_a = frame.top()
                if isinstance(w_a, W_Int) and isinstance(w_b, W_Int) and w_b.ival > 0:
                    frame.settop(W_Int(w_a.ival % w_b.ival))
                else:
                    frame.settop(arith(MOD, w_a, w_b))
            elif op == IDIV:
                w_b = frame.pop()
                w_a = frame.top()
                if isinstance(w_a, W_Int) and isinstance(w_b, W_Int) and w_b.ival > 0:
                    frame.settop(W_Int(w_a.ival // w_b.ival))
                else:
                    frame.settop(arith(IDIV, w_a, w_b))
            elif op == DIV:
                w_b = frame.pop()
                w_a = frame.top()
                if isinstance(w_a, W_Float) and isinstance(w_b, W_Float) and w_b.fval != 0.0:
                    frame.settop(W_Float(w_a.fval / w_b.fval))
                elif isinstance(w_a, W_Int) and isinstance(w_b, W_Int) and w_b.ival != 0:
                    # `/` of integers is float division (arith is a call)
                    frame.settop(W_Float(float(w_a.ival) / float(w_b.ival)))
                else:
                    frame.settop(arith(DIV, w_a, w_b))
            elif op == POW or op == BAND or \
                    op == BOR or op == BXOR or op == SHL or op == SHR:
                w_b = frame.pop()
                frame.settop(arith(op, frame.top(), w_b))
            elif op == JMP:
                if arg < pc:
                    pc = arg
                    jitdriver.can_enter_jit(pc=pc, code=code, frame=frame)
                else:
                    pc = arg
            elif op == JMPF:
                if not is_true(frame.pop()):
                    if arg < pc:
                        pc = arg
                        jitdriver.can_enter_jit(pc=pc, code=code, frame=frame)
                    else:
                        pc = arg
            elif op == JMPT:
                if is_true(frame.pop()):
                    pc = arg
            elif op == JMPFK:
                if not is_true(frame.top()):
                    pc = arg
                else:
                    frame.pop()
            elif op == JMPTK:
                if is_true(frame.top()):
                    pc = arg
                else:
                    frame.pop()
            elif op == EQ:
                w_b = frame.pop()
                frame.settop(newbool(lua_eq(frame.top(), w_b)))
            elif op == NE:
                w_b = frame.pop()
                frame.settop(newbool(not lua_eq(frame.top(), w_b)))
            elif op == LT:
                w_b = frame.pop()
                w_a = frame.top()
                if arg == 1:
                    frame.settop(newbool(lua_lt(w_b, w_a)))
                else:
                    frame.settop(newbool(lua_lt(w_a, w_b)))
            elif op == LE:
                w_b = frame.pop()
                w_a = frame.top()
                if arg == 1:
                    frame.settop(newbool(lua_le(w_b, w_a)))
                else:
                    frame.settop(newbool(lua_le(w_a, w_b)))
            elif op == EQK:
                frame.settop(newbool(lua_eq(frame.top(), code.consts[arg])))
            elif op == LTK:
                frame.settop(newbool(lua_lt(frame.top(), code.consts[arg])))
            elif op == LEK:
                frame.settop(newbool(lua_le(frame.top(), code.consts[arg])))
            elif op == GTK:
                frame.settop(newbool(lua_lt(code.consts[arg], frame.top())))
            elif op == GEK:
                frame.settop(newbool(lua_le(code.consts[arg], frame.top())))
            elif op == GETTABLE:
                w_k = frame.pop()
                frame.settop(index(frame.top(), w_k))
            elif op == SETTABLE:
                w_v = frame.pop()
                w_k = frame.pop()
                if arg == 1:
                    w_t = frame.top()
                else:
                    w_t = frame.pop()
                setindex(w_t, w_k, w_v)
            elif op == SETFIELD:
                w_k = code.consts[arg & 0xffffff]
                assert isinstance(w_k, W_Str)
                w_v = frame.pop()
                if arg >> 24:
                    w_t = frame.top()
                else:
                    w_t = frame.pop()
                setindex_str(w_t, w_k.sval, w_k, w_v)
            elif op == GETGLOBAL:
                w_k = code.consts[arg]
                assert isinstance(w_k, W_Str)
                frame.push(state.w_globals.get_str(w_k.sval))
            elif op == SETGLOBAL:
                w_k = code.consts[arg]
                assert isinstance(w_k, W_Str)
                state.w_globals.set_str(w_k.sval, frame.pop())
            elif op == LOADCELL:
                w_c = frame.locals[arg]
                assert isinstance(w_c, W_Cell)
                frame.push(w_c.w_value)
            elif op == STORECELL:
                w_c = frame.locals[arg]
                assert isinstance(w_c, W_Cell)
                w_c.w_value = frame.pop()
            elif op == NEWCELL:
                frame.locals[arg] = W_Cell(frame.pop())
            elif op == BOXLOCAL:
                frame.locals[arg] = W_Cell(frame.locals[arg])
            elif op == LOADUP:
                frame.push(frame.closure.upvals[arg].w_value)
            elif op == STOREUP:
                frame.closure.upvals[arg].w_value = frame.pop()
            elif op == LOADNIL:
                frame.push(w_nil)
            elif op == LOADTRUE:
                frame.push(w_true)
            elif op == LOADFALSE:
                frame.push(w_false)
            elif op == CALL:
                call(frame, arg & 0xffffff, (arg >> 24) - 1)
            elif op == CALLM:
                call(frame, (arg & 0xffffff) + frame.multi, (arg >> 24) - 1)
            elif op == SELF:
                w_k = code.consts[arg]
                assert isinstance(w_k, W_Str)
                w_o = frame.top()
                frame.settop(index_str(w_o, w_k.sval, w_k))
                frame.push(w_o)
            elif op == RETURN:
                return do_return(frame, arg)
            elif op == RETURNM:
                return do_return(frame, arg + frame.multi)
            elif op == FORPREP:
                if forprep(frame, arg):
                    pc += 2     # skip the jump past the loop
            elif op == FORLOOP:
                base = arg & 0xffffff
                w_st = frame.locals[base]
                if isinstance(w_st, W_IntLoop):
                    if w_st.loop_count > 0:
                        w_st.loop_count -= 1
                        i = w_st.loop_i + w_st.loop_istep
                        w_st.loop_i = i
                        frame.locals[base + 3] = W_Int(i)
                        pc = arg >> 24
                        jitdriver.can_enter_jit(pc=pc, code=code, frame=frame)
                else:
                    assert isinstance(w_st, W_FloatLoop)
                    fstep = w_st.loop_fstep
                    f = w_st.loop_f + fstep
                    if (fstep > 0.0 and f <= w_st.loop_limit) or (fstep <= 0.0 and f >= w_st.loop_limit):
                        w_st.loop_f = f
                        frame.locals[base + 3] = W_Float(f)
                        pc = arg >> 24
                        jitdriver.can_enter_jit(pc=pc, code=code, frame=frame)
            elif op == TFORCALL:
                tforcall(frame, arg & 0xffffff, arg >> 24)
            elif op == TFORLOOP:
                base = arg & 0xffffff
                w_v = frame.locals[base + 3]
                if w_v is not w_nil:
                    frame.locals[base + 2] = w_v
                    pc = arg >> 24
                    jitdriver.can_enter_jit(pc=pc, code=code, frame=frame)
            elif op == POP:
                frame.drop_to(frame.sp - arg)
            elif op == NOT:
                frame.settop(newbool(not is_true(frame.top())))
            elif op == UNM:
                w_a = frame.top()
                if isinstance(w_a, W_Int):
                    frame.settop(W_Int(intmask(-w_a.ival)))
                elif isinstance(w_a, W_Float):
                    frame.settop(W_Float(-w_a.fval))
                else:
                    frame.settop(arith_unary(UNM, w_a))
            elif op == BNOT:
                frame.settop(arith_unary(BNOT, frame.top()))
            elif op == LEN:
                frame.settop(lua_len(frame.top()))
            elif op == CONCAT:
                concat(frame, arg)
            elif op == NEWTABLE:
                frame.push(W_Table())
            elif op == SETLIST:
                setlist(frame, arg & 0xffffff, arg >> 24)
            elif op == SETLISTM:
                setlist(frame, (arg & 0xffffff) + frame.multi, arg >> 24)
            elif op == CLOSURE:
                frame.push(make_closure(frame, code.protos[arg]))
            elif op == VARARG:
                push_varargs(frame, arg - 1)
            else:
                raise LuaError(W_Str("bad opcode %d" % op), 0)
    except LuaError as e:
        if e.level == 1:
            w_msg = e.w_value
            if isinstance(w_msg, W_Str):
                e.w_value = W_Str(position_message(code, pc - 2, e.operand, w_msg.sval))
            e.level = 0
        elif e.level > 1:
            e.level -= 1
        raise


def position_message(code, pc, operand, msg):
    if operand >= 0:
        key = pc * 8 + operand
        if key in code.opinfo:
            msg = "%s (%s)" % (msg, code.opinfo[key])
    return "%s:%d: %s" % (code.chunk, code.lines[pc], msg)


@unroll_safe
def do_return(frame, n):
    frame.nret = n
    if n == 0:
        return w_nil
    if n == 1:
        return frame.pop()
    rets = [w_nil] * n
    sp = frame.sp - n
    i = 0
    while i < n:    # while, not range: a range loop in an unroll_safe function aborts tracing
        rets[i] = frame.locals[sp + i]
        i += 1
    frame.drop_to(sp)
    frame.rets = rets
    return rets[0]


# ---- calls
@unroll_safe
def call(frame, nargs, nres):
    """Calls the function below the nargs arguments on top of frame's stack,
    replacing them by nres results (MULTI: all, their count in frame.multi)."""
    sp = frame.sp
    base = sp - nargs
    w_f = frame.locals[base - 1]
    if isinstance(w_f, W_Closure):
        proto = promote(w_f.proto)
        new = Frame(w_f, proto)
        np = proto.nparams
        i = 0
        while i < nargs and i < np:
            new.locals[i] = frame.locals[base + i]
            i += 1
        if proto.is_vararg:
            va = []
            while i < nargs:
                va.append(frame.locals[base + i])
                i += 1
            new.varargs = va
        frame.drop_to(base - 1)
        w_res = execute(new)
        n = new.nret
        if nres == 1:
            frame.push(w_res)
        elif nres == 0:
            pass
        else:
            if nres == MULTI:
                frame.ensure(n)
                frame.multi = n
                nres = n
            if n <= 1:
                j = 0
                if nres > 0:
                    frame.push(w_res)
                    j = 1
                while j < nres:
                    frame.push(w_nil)
                    j += 1
            else:
                rets = new.rets
                j = 0
                while j < nres:
                    if j < n:
                        frame.push(rets[j])
                    else:
                        frame.push(w_nil)
                    j += 1
        return
    args = [w_nil] * nargs
    i = 0
    while i < nargs:
        args[i] = frame.locals[base + i]
        i += 1
    frame.drop_to(base - 1)
    if isinstance(w_f, W_Builtin):
        try:
            fn = promote(w_f.fn)    # a direct call in a trace
            res = fn(args)
        except LuaError as e:
            e.operand = -1
            raise
    elif isinstance(w_f, W_Closure) or isinstance(w_f, W_PairsIter) or \
            get_metamethod(w_f, "__call") is not None:
        res = call_value(w_f, args)
    else:
        raise rt_error_op("attempt to call a %s value" % typename(w_f), 0)
    push_results(frame, res, nres)


@unroll_safe
def push_results(frame, res, nres):
    if nres == MULTI:
        nres = len(res)
        frame.ensure(nres)
        frame.multi = nres
    j = 0
    while j < nres:
        if j < len(res):
            frame.push(res[j])
        else:
            frame.push(w_nil)
        j += 1


def call_value(w_f, args):
    """Calls any callable Lua value with a list of arguments; returns the
    list of results."""
    if isinstance(w_f, W_Builtin):
        fn = promote(w_f.fn)
        return fn(args)
    if isinstance(w_f, W_Closure):
        proto = w_f.proto
        new = Frame(w_f, proto)
        np = proto.nparams
        nargs = len(args)
        i = 0
        while i < nargs and i < np:
            new.locals[i] = args[i]
            i += 1
        if proto.is_vararg:
            new.varargs = args[i:]
        w_res = execute(new)
        n = new.nret
        if n == 0:
            return []
        if n == 1:
            return [w_res]
        return new.rets
    if isinstance(w_f, W_PairsIter):
        w_k = w_f.step()
        if w_k is None:
            return [w_nil]
        return [w_k, w_f.w_table.get(w_k)]
    w_mm = get_metamethod(w_f, "__call")
    if w_mm is not None:
        return call_value(w_mm, [w_f] + args)
    raise rt_error("attempt to call a %s value" % typename(w_f))


def call1(w_f, args):
    res = call_value(w_f, args)
    if len(res) == 0:
        return w_nil
    return res[0]


@unroll_safe
def tforcall(frame, base, nvars):
    # unroll_safe: its loops run over the loop's variables, a constant of
    # the bytecode, so traces inline it (a residual call of it was 12% of
    # bounce.lua's time)
    w_f = frame.locals[base]
    if w_f is state.w_ipairs_iter:
        w_t = frame.locals[base + 1]
        w_i = frame.locals[base + 2]
        if isinstance(w_t, W_Table) and w_t.metatable is None and isinstance(w_i, W_Int):
            i = w_i.ival + 1
            w_v = w_t.get_int(i)
            if w_v is w_nil:
                frame.locals[base + 3] = w_nil
            else:
                frame.locals[base + 3] = W_Int(i)
                if nvars > 1:
                    frame.locals[base + 4] = w_v
            j = 2
            while j < nvars:
                frame.locals[base + 3 + j] = w_nil
                j += 1
            return
    if isinstance(w_f, W_PairsIter):
        w_k = w_f.step()
        if w_k is None:
            frame.locals[base + 3] = w_nil
        else:
            frame.locals[base + 3] = w_k
            if nvars > 1:
                frame.locals[base + 4] = w_f.w_table.get(w_k)
        j = 2
        while j < nvars:
            frame.locals[base + 3 + j] = w_nil
            j += 1
        return
    res = call_value(w_f, [frame.locals[base + 1], frame.locals[base + 2]])
    j = 0
    while j < nvars:
        if j < len(res):
            frame.locals[base + 3 + j] = res[j]
        else:
            frame.locals[base + 3 + j] = w_nil
        j += 1


@unroll_safe
def make_closure(frame, proto):
    n = len(proto.upval_src)
    upvals = [NO_CELL] * n  # never resized: a fixed-size list, the
    i = 0                   # closure holds the array (one load less per
    while i < n:            # upvalue read in a trace)
        src = proto.upval_src[i]
        if src & 1:
            w_c = frame.locals[src >> 1]
            assert isinstance(w_c, W_Cell)
            upvals[i] = w_c
        else:
            upvals[i] = frame.closure.upvals[src >> 1]
        i += 1
    return W_Closure(proto, upvals)


def push_varargs(frame, nres):
    va = frame.varargs
    if va is None:
        va = []
    n = len(va)
    if nres == MULTI:
        frame.ensure(n)
        frame.multi = n
        nres = n
    i = 0
    while i < nres:
        if i < n:
            frame.push(va[i])
        else:
            frame.push(w_nil)
        i += 1


def setlist(frame, n, first):
    base = frame.sp - n
    w_t = frame.locals[base - 1]
    assert isinstance(w_t, W_Table)
    i = 0
    while i < n:
        w_t.set_int_list(first + i, frame.locals[base + i])
        i += 1
    frame.sp = base


def concat_operand(w):
    return isinstance(w, W_Str) or isinstance(w, W_Int) or isinstance(w, W_Float)


def concat(frame, n):
    base = frame.sp - n
    if n == 2:
        # the common case: one new string, no list of parts to join
        w_a = frame.locals[base]
        w_b = frame.locals[base + 1]
        if concat_operand(w_a) and concat_operand(w_b):
            frame.sp = base + 1
            frame.locals[base] = W_Str(tostr(w_a) + tostr(w_b))
            return
    parts = []
    i = 0
    while i < n:
        w = frame.locals[base + i]
        if isinstance(w, W_Str):
            parts.append(w.sval)
        elif isinstance(w, W_Int) or isinstance(w, W_Float):
            parts.append(tostr(w))
        else:
            # a metamethod or an error; folds from the right like Lua
            w_acc = frame.locals[base + n - 1]
            j = n - 2
            while j >= 0:
                try:
                    w_acc = concat2(frame.locals[base + j], w_acc)
                except LuaError as e:
                    if e.operand == 0:
                        e.operand = j
                    elif e.operand == 1:
                        e.operand = j + 1
                        if j + 1 < n - 1:
                            e.operand = -1   # an intermediate result
                    raise
                j -= 1
            frame.sp = base + 1
            frame.locals[base] = w_acc
            return
        i += 1
    frame.sp = base + 1
    frame.locals[base] = W_Str("".join(parts))


def concat2(w_a, w_b):
    if (isinstance(w_a, W_Str) or isinstance(w_a, W_Int) or isinstance(w_a, W_Float)) and \
            (isinstance(w_b, W_Str) or isinstance(w_b, W_Int) or isinstance(w_b, W_Float)):
        return W_Str(tostr(w_a) + tostr(w_b))
    w_mm = get_metamethod(w_a, "__concat")
    if w_mm is None:
        w_mm = get_metamethod(w_b, "__concat")
    if w_mm is not None:
        return call1(w_mm, [w_a, w_b])
    w_bad = w_a
    which = 0
    if isinstance(w_a, W_Str) or isinstance(w_a, W_Int) or isinstance(w_a, W_Float):
        w_bad = w_b
        which = 1
    raise rt_error_op("attempt to concatenate a %s value" % typename(w_bad), which)


def forprep(frame, base):
    """Sets up a numeric for loop from the 3 values on the stack; returns
    whether the loop runs."""
    w_step = frame.pop()
    w_limit = frame.pop()
    w_init = frame.pop()
    w_init = tonum_for(w_init, "initial")
    w_limit = tonum_for(w_limit, "limit")
    w_step = tonum_for(w_step, "step")
    if isinstance(w_init, W_Int) and isinstance(w_step, W_Int):
        step = w_step.ival
        if step == 0:
            raise rt_error("'for' step is zero")
        i = w_init.ival
        if isinstance(w_limit, W_Int):
            limit = w_limit.ival
        else:
            assert isinstance(w_limit, W_Float)
            fl = w_limit.fval
            if isnan(fl):
                return False
            if step > 0:
                fl = ffloor(fl)
                if fl >= 9.2233720368547758e18:
                    limit = 9223372036854775807
                elif fl < -9.2233720368547758e18:
                    return False
                else:
                    limit = int(fl)
            else:
                fl = fceil(fl)
                if fl < -9.2233720368547758e18:
                    limit = -9223372036854775807 - 1
                elif fl >= 9.2233720368547758e18:
                    return False
                else:
                    limit = int(fl)
        if step > 0:
            if i > limit:
                return False
            count = intmask(limit - i) // step
            if intmask(limit - i) < 0:   # the distance overflowed
                count = intmask(intmask(limit - i) // step) & 0x7fffffffffffffff
        else:
            if i < limit:
                return False
            count = intmask(i - limit) // intmask(-step)
            if step == -1:
                count = intmask(i - limit)
        frame.locals[base] = W_IntLoop(i, count, step)
        frame.locals[base + 3] = W_Int(i)
        return True
    fi = tofloat(w_init)
    fl = tofloat(w_limit)
    fs = tofloat(w_step)
    if fs == 0.0:
        raise rt_error("'for' step is zero")
    if (fs > 0.0 and fi > fl) or (fs < 0.0 and fi < fl):
        return False
    frame.locals[base] = W_FloatLoop(fi, fl, fs)
    frame.locals[base + 3] = W_Float(fi)
    return True


def tonum_for(w, what):
    if isinstance(w, W_Int) or isinstance(w, W_Float):
        return w
    if isinstance(w, W_Str):
        w_n = str_to_number(w.sval)
        if w_n is not None:
            return w_n
    raise rt_error("'for' %s value must be a number" % what)


def tofloat(w):
    if isinstance(w, W_Int):
        return float(w.ival)
    if isinstance(w, W_Float):
        return w.fval
    return 0.0


# ---- indexing
def get_metamethod(w, name):
    mt = None
    if isinstance(w, W_Table):
        mt = w.metatable
    elif isinstance(w, W_Str):
        mt = state.w_string_meta
    if mt is None:
        return None
    w_mm = mt.get_str(name)
    if w_mm is w_nil:
        return None
    return w_mm


def index_str(w_o, s, w_k):
    """w_o[s] for a constant string key s (w_k: the same key boxed)."""
    if isinstance(w_o, W_Table):
        w_v = w_o.get_str(s)
        if w_v is not w_nil or w_o.metatable is None:
            return w_v
    return index_slow(w_o, w_k)


def index(w_o, w_k):
    if isinstance(w_o, W_Table):
        if isinstance(w_k, W_Int):
            w_v = w_o.get_int(w_k.ival)
        else:
            w_v = w_o.get(w_k)
        if w_v is not w_nil or w_o.metatable is None:
            return w_v
    return index_slow(w_o, w_k)


@unroll_safe
def index_slow(w_o, w_k):
    # a trace follows the __index chain (one or two tables, each map
    # promoted): a method lookup becomes a few guards
    loop = 0
    while loop < 100:
        if isinstance(w_o, W_Table):
            w_v = w_o.get(w_k)
            if w_v is not w_nil:
                return w_v
            mt = w_o.metatable
            if mt is None:
                return w_nil
            w_h = mt.get_meta(0, "__index")
            if w_h is w_nil:
                return w_nil
        elif isinstance(w_o, W_Str):
            w_h = state.w_string
        else:
            w_h = get_metamethod(w_o, "__index")
            if w_h is None:
                raise rt_error_op("attempt to index a %s value" % typename(w_o), 0)
        if isinstance(w_h, W_Function):
            return call1(w_h, [w_o, w_k])
        w_o = w_h
        loop += 1
    raise rt_error("'__index' chain too long; possible loop")


def setindex_str(w_t, s, w_k, w_v):
    if isinstance(w_t, W_Table):
        mt = w_t.metatable
        if mt is None or mt.get_meta(1, "__newindex") is w_nil:
            w_t.set_str(s, w_v)
            return
    setindex_slow(w_t, w_k, w_v)


def setindex(w_t, w_k, w_v):
    if isinstance(w_t, W_Table) and (w_t.metatable is None or
                                     w_t.metatable.get_meta(1, "__newindex") is w_nil):
        if isinstance(w_k, W_Int):
            w_t.set_int(w_k.ival, w_v)
        else:
            w_t.set(w_k, w_v)
        return
    setindex_slow(w_t, w_k, w_v)


def setindex_slow(w_t, w_k, w_v):
    loop = 0
    while loop < 100:
        if isinstance(w_t, W_Table):
            mt = w_t.metatable
            if mt is None or w_t.get(w_k) is not w_nil:
                w_t.set(w_k, w_v)
                return
            w_h = mt.get_meta(1, "__newindex")
            if w_h is w_nil:
                w_t.set(w_k, w_v)
                return
        else:
            w_h = get_metamethod(w_t, "__newindex")
            if w_h is None:
                raise rt_error_op("attempt to index a %s value" % typename(w_t), 0)
        if isinstance(w_h, W_Function):
            call_value(w_h, [w_t, w_k, w_v])
            return
        w_t = w_h
        loop += 1
    raise rt_error("'__newindex' chain too long; possible loop")


# ---- arithmetic
def tonumber_arith(w):
    if isinstance(w, W_Int) or isinstance(w, W_Float):
        return w
    if isinstance(w, W_Str):
        return str_to_number(w.sval)
    return None


ARITH_EVENTS = {ADD: "__add", SUB: "__sub", MUL: "__mul", DIV: "__div", MOD: "__mod",
                POW: "__pow", IDIV: "__idiv", BAND: "__band", BOR: "__bor",
                BXOR: "__bxor", SHL: "__shl", SHR: "__shr", UNM: "__unm", BNOT: "__bnot"}


def arith(op, w_a, w_b):
    a = tonumber_arith(w_a)
    b = tonumber_arith(w_b)
    if a is None or b is None:
        w_mm = get_metamethod(w_a, ARITH_EVENTS[op])
        if w_mm is None:
            w_mm = get_metamethod(w_b, ARITH_EVENTS[op])
        if w_mm is not None:
            return call1(w_mm, [w_a, w_b])
        w_bad = w_b
        which = 1
        if a is None:
            w_bad = w_a
            which = 0
        if (isinstance(w_a, W_Str) or isinstance(w_b, W_Str)) and not (op >= BAND and op <= SHR):
            # the string metatable's arithmetic metamethods fail this way
            raise rt_error("attempt to %s a '%s' with a '%s'" % (
                ARITH_EVENTS[op][2:], typename(w_a), typename(w_b)))
        if op >= BAND and op <= SHR:
            raise rt_error_op("attempt to perform bitwise operation on a %s value" % typename(w_bad), which)
        raise rt_error_op("attempt to perform arithmetic on a %s value" % typename(w_bad), which)
    if op >= BAND and op <= SHR:
        return W_Int(bitop(op, toint_bit(a), toint_bit(b)))
    if isinstance(a, W_Int) and isinstance(b, W_Int) and op != DIV and op != POW:
        x = a.ival
        y = b.ival
        if op == ADD:
            return W_Int(intmask(x + y))
        if op == SUB:
            return W_Int(intmask(x - y))
        if op == MUL:
            return W_Int(intmask(x * y))
        if op == IDIV:
            if y == 0:
                raise rt_error("attempt to divide by zero")
            if y == -1:
                return W_Int(intmask(-x))
            return W_Int(x // y)
        if op == MOD:
            if y == 0:
                raise rt_error("attempt to perform 'n%0'")
            if y == -1:
                return W_Int(0)
            return W_Int(x % y)
    return W_Float(float_arith(op, tofloat(a), tofloat(b)))


def float_arith(op, x, y):
    if op == ADD:
        return x + y
    if op == SUB:
        return x - y
    if op == MUL:
        return x * y
    if op == DIV:
        return fdiv(x, y)
    if op == IDIV:
        return ffloor(fdiv(x, y))
    if op == MOD:
        if y == 0.0 or isinf(x) or isnan(x) or isnan(y):
            return float("nan")
        if isinf(y):
            if x == 0.0 or (x > 0.0) == (y > 0.0):
                return x
            return y
        return x % y
    if op == POW:
        return fpow(x, y)
    return 0.0


def fdiv(x, y):
    if y == 0.0:
        if x == 0.0 or isnan(x):
            return float("nan")
        if (x > 0.0) == (not is_neg_zero(y)):
            return float("inf")
        return -float("inf")
    return x / y


def fpow(x, y):
    if y == 2.0:
        return x * x
    if y == 0.5:
        if x >= 0.0:
            return math.sqrt(x)
    try:
        return math.pow(x, y)
    except ValueError:
        return float("nan")
    except OverflowError:
        if x < 0.0 and ffloor(y) == y and ffmod(y, 2.0) != 0.0:
            return -float("inf")
        return float("inf")


def toint_bit(w):
    if isinstance(w, W_Int):
        return w.ival
    if isinstance(w, W_Float):
        f = w.fval
        if ffloor(f) == f and -9.2233720368547758e18 <= f and f < 9.2233720368547758e18:
            return int(f)
    raise rt_error("number has no integer representation")


def bitop(op, x, y):
    if op == BAND:
        return x & y
    if op == BOR:
        return x | y
    if op == BXOR:
        return x ^ y
    if op == SHR:
        y = -y
    # SHL by y (negative: logical shift right)
    if y <= -64 or y >= 64:
        return 0
    if y >= 0:
        return intmask(x << y)
    y = -y
    if x >= 0:
        return x >> y
    return (x >> y) & ((1 << (64 - y)) - 1)


def arith_unary(op, w_a):
    a = tonumber_arith(w_a)
    if a is None:
        w_mm = get_metamethod(w_a, ARITH_EVENTS[op])
        if w_mm is not None:
            return call1(w_mm, [w_a, w_a])
        if isinstance(w_a, W_Str) and op == UNM:
            raise rt_error("attempt to unm a 'string' with a 'string'")
        if op == BNOT:
            raise rt_error_op("attempt to perform bitwise operation on a %s value" % typename(w_a), 0)
        raise rt_error_op("attempt to perform arithmetic on a %s value" % typename(w_a), 0)
    if op == BNOT:
        return W_Int(~toint_bit(a))
    if isinstance(a, W_Int):
        return W_Int(intmask(-a.ival))
    assert isinstance(a, W_Float)
    return W_Float(-a.fval)


# ---- comparison
def lua_eq(w_a, w_b):
    if w_a is w_b:
        return True
    if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
        return w_a.ival == w_b.ival
    if isinstance(w_a, W_Table) and isinstance(w_b, W_Table):
        w_mm = get_metamethod(w_a, "__eq")
        if w_mm is None:
            w_mm = get_metamethod(w_b, "__eq")
        if w_mm is not None:
            return is_true(call1(w_mm, [w_a, w_b]))
        return False
    return raw_equal(w_a, w_b)


def lua_lt(w_a, w_b):
    if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
        return w_a.ival < w_b.ival
    if isinstance(w_a, W_Float) and isinstance(w_b, W_Float):
        return w_a.fval < w_b.fval
    if (isinstance(w_a, W_Int) or isinstance(w_a, W_Float)) and (isinstance(w_b, W_Int) or isinstance(w_b, W_Float)):
        return num_lt(w_a, w_b)
    if isinstance(w_a, W_Str) and isinstance(w_b, W_Str):
        return w_a.sval < w_b.sval
    w_mm = get_metamethod(w_a, "__lt")
    if w_mm is None:
        w_mm = get_metamethod(w_b, "__lt")
    if w_mm is not None:
        return is_true(call1(w_mm, [w_a, w_b]))
    raise compare_error(w_a, w_b)


def lua_le(w_a, w_b):
    if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
        return w_a.ival <= w_b.ival
    if isinstance(w_a, W_Float) and isinstance(w_b, W_Float):
        return w_a.fval <= w_b.fval
    if (isinstance(w_a, W_Int) or isinstance(w_a, W_Float)) and (isinstance(w_b, W_Int) or isinstance(w_b, W_Float)):
        return num_le(w_a, w_b)
    if isinstance(w_a, W_Str) and isinstance(w_b, W_Str):
        return w_a.sval <= w_b.sval
    w_mm = get_metamethod(w_a, "__le")
    if w_mm is None:
        w_mm = get_metamethod(w_b, "__le")
    if w_mm is not None:
        return is_true(call1(w_mm, [w_a, w_b]))
    raise compare_error(w_a, w_b)


def num_lt(w_a, w_b):
    if isinstance(w_a, W_Int) and isinstance(w_b, W_Float):
        return float(w_a.ival) < w_b.fval
    if isinstance(w_a, W_Float) and isinstance(w_b, W_Int):
        return w_a.fval < float(w_b.ival)
    return False


def num_le(w_a, w_b):
    if isinstance(w_a, W_Int) and isinstance(w_b, W_Float):
        return float(w_a.ival) <= w_b.fval
    if isinstance(w_a, W_Float) and isinstance(w_b, W_Int):
        return w_a.fval <= float(w_b.ival)
    return False


def compare_error(w_a, w_b):
    ta = typename(w_a)
    tb = typename(w_b)
    if ta == tb:
        return rt_error("attempt to compare two %s values" % ta)
    return rt_error("attempt to compare %s with %s" % (ta, tb))


def lua_len(w):
    if isinstance(w, W_Str):
        return W_Int(len(w.sval))
    if isinstance(w, W_Table):
        if w.metatable is not None:
            w_mm = get_metamethod(w, "__len")
            if w_mm is not None:
                return call1(w_mm, [w])
        return W_Int(w.length())
    raise rt_error_op("attempt to get length of a %s value" % typename(w), 0)


def tostring(w):
    mt = None
    if isinstance(w, W_Table):
        mt = w.metatable
    if mt is not None:
        w_mm = mt.get_str("__tostring")
        if w_mm is not w_nil:
            w_s = call1(w_mm, [w])
            if isinstance(w_s, W_Str):
                return w_s.sval
            raise rt_error("'__tostring' must return a string")
        w_name = mt.get_str("__name")
        if isinstance(w_name, W_Str):
            return "%s: 0x%08x" % (w_name.sval, compute_id(w))
    return tostr(w)


def compute_id(w):
    return compute_identity_hash(w) & 0xffffffff
