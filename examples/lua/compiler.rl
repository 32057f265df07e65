"""AST -> Proto (bytecode for a stack VM). Locals live in numbered slots
of the frame; a local captured by an inner function lives in a W_Cell in
its slot (NEWCELL/LOADCELL/STORECELL)."""
from objects import LuaError, W_Object, W_Str, W_Int, W_Float, W_Bool, w_nil, w_true, w_false
from parser import (FuncInfo, VarInfo, EConst, EVararg, EFunc, ETable, EBin, EUn,
                    EAnd, EOr, ELocal, EUpval, EGlobal, EIndex, ECall, EMethCall, EParen,
                    SLocal, SAssign, SExpr, SDo, SWhile, SRepeat, SIf, SNumFor, SGenFor,
                    SLocalFunc, SReturn, SBreak, SGoto, SLabel)
from opcodes import (OPNAMES, LOADK, LOADNIL, LOADTRUE, LOADFALSE, LOADL, STOREL,
                     LOADCELL, STORECELL, NEWCELL, BOXLOCAL, LOADUP, STOREUP, GETGLOBAL,
                     SETGLOBAL, GETTABLE, GETFIELD, SETTABLE, SETFIELD, NEWTABLE,
                     SETLIST, SETLISTM, ADD, SUB, MUL, DIV, IDIV, MOD, POW, UNM, CONCAT,
                     LEN, NOT, EQ, NE, LT, LE, BAND, BOR, BXOR, SHL, SHR, BNOT, JMP,
                     JMPF, JMPT, JMPFK, JMPTK, POP, CALL, CALLM, RETURN, RETURNM,
                     CLOSURE, VARARG, FORPREP, FORLOOP, TFORCALL, TFORLOOP, SELF, ADDK,
                     SUBK, GETINDEXL, EQK, LTK, LEK, GTK, GEK, MOVE, MULTI, OPNAMES)


class Proto(object):
    _immutable_fields_ = ["code[*]", "lines[*]", "consts[*]", "protos[*]",
                          "upval_src[*]", "nparams", "is_vararg", "nlocals",
                          "maxstack", "name", "chunk", "line", "opinfo"]

    def __init__(self, name, chunk, line, code, lines, consts, protos, upval_src,
                 nparams, is_vararg, nlocals, maxstack, opinfo):
        self.opinfo = opinfo     # pc * 8 + operand -> "local 'x'" (error messages)
        self.name = name
        self.chunk = chunk
        self.line = line
        self.code = code
        self.lines = lines
        self.consts = consts
        self.protos = protos
        self.upval_src = upval_src
        self.nparams = nparams
        self.is_vararg = is_vararg
        self.nlocals = nlocals
        self.maxstack = maxstack


BINOPS = {
    "+": ADD, "-": SUB, "*": MUL, "/": DIV, "//": IDIV, "%": MOD, "^": POW,
    "==": EQ, "~=": NE, "<": LT, "<=": LE, "&": BAND, "|": BOR, "~": BXOR,
    "<<": SHL, ">>": SHR,
}


class LoopInfo(object):
    def __init__(self):
        self.breaks = []


class BlockLabels(object):
    def __init__(self, nactive):
        self.labels = {}
        self.gotos = []       # (name, pc of the jump's argument, nactive at the goto)
        self.nactive = nactive


class FuncCompiler(object):
    def __init__(self, info, chunk):
        self.info = info
        self.chunk = chunk
        self.code = []
        self.lines = []
        self.consts = []
        self.const_int = {}
        self.const_str = {}
        self.const_float = {}
        self.protos = []
        self.depth = 0
        self.maxdepth = 0
        self.nactive = 0
        self.maxlocals = 0
        self.line = info.line
        self.loops = []
        self.blocks = []
        self.opinfo = {}

    def error(self, msg):
        raise LuaError(W_Str("%s:%d: %s" % (self.chunk, self.line, msg)), 0)

    # ---- emission
    def emit(self, op, arg, effect):
        self.code.append(op)
        self.code.append(arg)
        self.lines.append(self.line)
        self.lines.append(self.line)
        self.depth += effect
        if self.depth > self.maxdepth:
            self.maxdepth = self.depth
        return len(self.code) - 1

    def here(self):
        return len(self.code)

    def emit_jump(self, op, effect):
        return self.emit(op, -1, effect)

    def patch(self, argpos, target):
        self.code[argpos] = target

    def patch_here(self, argpos):
        self.code[argpos] = len(self.code)

    def const(self, w):
        if isinstance(w, W_Int):
            i = w.ival
            if i in self.const_int:
                return self.const_int[i]
            self.const_int[i] = len(self.consts)
        elif isinstance(w, W_Str):
            s = w.sval
            if s in self.const_str:
                return self.const_str[s]
            self.const_str[s] = len(self.consts)
        elif isinstance(w, W_Float):
            f = w.fval
            if f in self.const_float and f != 0.0:
                return self.const_float[f]
            self.const_float[f] = len(self.consts)
        self.consts.append(w)
        return len(self.consts) - 1

    def str_const(self, s):
        return self.const(W_Str(s))

    # ---- locals
    def alloc_slot(self):
        s = self.nactive
        self.nactive += 1
        if self.nactive > self.maxlocals:
            self.maxlocals = self.nactive
        return s

    def declare(self, var):
        var.slot = self.alloc_slot()

    def store_new_local(self, var):
        # pops the value into a freshly declared local
        if var.captured:
            self.emit(NEWCELL, var.slot, -1)
        else:
            self.emit(STOREL, var.slot, -1)

    # ---- functions
    def compile_function(self):
        info = self.info
        for p in info.params:
            self.declare(p)
        for p in info.params:
            if p.captured:
                self.emit(BOXLOCAL, p.slot, 0)
        self.block(info.body)
        self.emit(RETURN, 0, 0)
        return Proto(info.name, self.chunk, info.line, self.code, self.lines,
                     self.consts, self.protos, self.upval_sources(info.parent),
                     len(info.params), info.is_vararg, self.maxlocals,
                     self.maxdepth + 1, self.opinfo)

    def upval_sources(self, parent):
        # for each upvalue: slot*2+1 for a cell in the parent's locals,
        # index*2 for one of the parent's own upvalues
        res = []
        for v in self.info.upvals:
            if v.owner is parent:
                res.append(v.slot * 2 + 1)
            else:
                res.append(parent.upval_index(v) * 2)
        return res

    # ---- blocks and statements
    def block(self, stmts):
        saved = self.nactive
        bl = BlockLabels(saved)
        self.blocks.append(bl)
        for s in stmts:
            self.stmt(s)
        self.blocks.pop()
        # unresolved gotos go to the enclosing block
        if len(bl.gotos) > 0:
            if len(self.blocks) == 0:
                name, pos, na = bl.gotos[0]
                self.error("no visible label '%s' for goto" % name)
            outer = self.blocks[len(self.blocks) - 1]
            for g in bl.gotos:
                outer.gotos.append(g)
        self.nactive = saved

    def stmt(self, s):
        self.line = s.line
        if isinstance(s, SLocal):
            self.explist_adjust(s.exprs, len(s.vars))
            for v in s.vars:
                self.declare(v)
            i = len(s.vars) - 1
            while i >= 0:
                self.store_new_local(s.vars[i])
                i -= 1
        elif isinstance(s, SAssign):
            self.assign(s.targets, s.exprs)
        elif isinstance(s, SExpr):
            e = s.expr
            self.call(e, 0)
        elif isinstance(s, SDo):
            self.block(s.body)
        elif isinstance(s, SWhile):
            top = self.here()
            self.expr(s.cond)
            jout = self.emit_jump(JMPF, -1)
            loop = LoopInfo()
            self.loops.append(loop)
            self.block(s.body)
            self.loops.pop()
            self.emit(JMP, top, 0)
            self.patch_here(jout)
            for b in loop.breaks:
                self.patch_here(b)
        elif isinstance(s, SRepeat):
            top = self.here()
            loop = LoopInfo()
            self.loops.append(loop)
            saved = self.nactive
            bl = BlockLabels(saved)
            self.blocks.append(bl)
            for st in s.body:
                self.stmt(st)
            self.line = s.line
            self.expr(s.cond)
            self.emit(JMPF, top, -1)
            self.blocks.pop()
            for g in bl.gotos:
                self.blocks[len(self.blocks) - 1].gotos.append(g)
            self.nactive = saved
            self.loops.pop()
            for b in loop.breaks:
                self.patch_here(b)
        elif isinstance(s, SIf):
            ends = []
            for i in range(len(s.conds)):
                self.expr(s.conds[i])
                jnext = self.emit_jump(JMPF, -1)
                self.block(s.blocks[i])
                if i < len(s.conds) - 1 or s.orelse is not None:
                    ends.append(self.emit_jump(JMP, 0))
                self.patch_here(jnext)
            if s.orelse is not None:
                self.block(s.orelse)
            for j in ends:
                self.patch_here(j)
        elif isinstance(s, SNumFor):
            self.numfor(s)
        elif isinstance(s, SGenFor):
            self.genfor(s)
        elif isinstance(s, SLocalFunc):
            self.declare(s.var)
            if s.var.captured:
                # the cell must exist before the closure captures it
                self.emit(LOADNIL, 0, 1)
                self.emit(NEWCELL, s.var.slot, -1)
                self.function(s.func)
                self.emit(STORECELL, s.var.slot, -1)
            else:
                self.function(s.func)
                self.emit(STOREL, s.var.slot, -1)
        elif isinstance(s, SReturn):
            n = len(s.exprs)
            if n > 0 and s.exprs[n - 1].is_multi():
                for i in range(n - 1):
                    self.expr(s.exprs[i])
                self.multi(s.exprs[n - 1])
                self.emit(RETURNM, n - 1, -(n - 1))
            else:
                for e in s.exprs:
                    self.expr(e)
                self.emit(RETURN, n, -n)
        elif isinstance(s, SBreak):
            if len(self.loops) == 0:
                self.error("break outside a loop")
            self.loops[len(self.loops) - 1].breaks.append(self.emit_jump(JMP, 0))
        elif isinstance(s, SGoto):
            pos = self.emit_jump(JMP, 0)
            self.blocks[len(self.blocks) - 1].gotos.append((s.name, pos, self.nactive))
        elif isinstance(s, SLabel):
            bl = self.blocks[len(self.blocks) - 1]
            if s.name in bl.labels:
                self.error("label '%s' already defined" % s.name)
            bl.labels[s.name] = self.here()
            # resolve pending gotos of this block and of nested blocks
            # that ended (they were moved here)
            keep = []
            for g in bl.gotos:
                name, pos, na = g
                if name == s.name:
                    self.patch(pos, self.here())
                else:
                    keep.append(g)
            bl.gotos = keep
        else:
            self.error("unknown statement")
        # backward gotos: a goto to a label already seen in an enclosing block
        self.resolve_backward_gotos()

    def resolve_backward_gotos(self):
        bl = self.blocks[len(self.blocks) - 1]
        if len(bl.gotos) == 0:
            return
        keep = []
        for g in bl.gotos:
            name, pos, na = g
            target = -1
            i = len(self.blocks) - 1
            while i >= 0:
                b = self.blocks[i]
                if name in b.labels:
                    target = b.labels[name]
                    break
                i -= 1
            if target >= 0:
                self.patch(pos, target)
            else:
                keep.append(g)
        bl.gotos = keep

    def numfor(self, s):
        self.expr(s.start)
        self.expr(s.limit)
        if s.step is not None:
            self.expr(s.step)
        else:
            self.emit(LOADK, self.const(W_Int(1)), 1)
        saved = self.nactive
        base = self.alloc_slot()
        self.alloc_slot()
        self.alloc_slot()
        self.declare(s.var)   # base + 3
        jprep = self.emit_jump(FORPREP, -3)
        self.code[jprep] = base | (0 << 24)
        jexit = self.emit_jump(JMP, 0)   # FORPREP skips this jump when the loop runs
        body = self.here()
        if s.var.captured:
            self.emit(BOXLOCAL, s.var.slot, 0)
        loop = LoopInfo()
        self.loops.append(loop)
        self.block(s.body)
        self.loops.pop()
        self.line = s.line
        self.emit(FORLOOP, base | (body << 24), 0)
        self.patch_here(jexit)
        for b in loop.breaks:
            self.patch_here(b)
        self.nactive = saved

    def genfor(self, s):
        self.explist_adjust(s.exprs, 3)
        saved = self.nactive
        base = self.alloc_slot()
        self.alloc_slot()
        self.alloc_slot()
        self.emit(STOREL, base + 2, -1)
        self.emit(STOREL, base + 1, -1)
        self.emit(STOREL, base, -1)
        for v in s.vars:
            self.declare(v)
        jcall = self.emit_jump(JMP, 0)
        body = self.here()
        for v in s.vars:
            if v.captured:
                self.emit(BOXLOCAL, v.slot, 0)
        loop = LoopInfo()
        self.loops.append(loop)
        self.block(s.body)
        self.loops.pop()
        self.line = s.line
        self.patch_here(jcall)
        self.emit(TFORCALL, base | (len(s.vars) << 24), 0)
        self.emit(TFORLOOP, base | (body << 24), 0)
        for b in loop.breaks:
            self.patch_here(b)
        self.nactive = saved

    def assign(self, targets, exprs):
        if len(targets) == 1 and len(exprs) == 1:
            t = targets[0]
            if isinstance(t, EIndex):
                self.expr(t.obj)
                k = t.key
                if isinstance(k, EConst) and isinstance(k.w_value, W_Str):
                    self.expr(exprs[0])
                    self.line = t.line
                    self.emit(SETFIELD, self.const(k.w_value), -2)
                else:
                    self.expr(k)
                    self.expr(exprs[0])
                    self.line = t.line
                    self.emit(SETTABLE, 0, -3)
                self.note(0, t.obj)
                return
            self.expr(exprs[0])
            self.store(t)
            return
        # general case, in Lua's order: the tables and keys of indexed
        # targets, then the values, then the stores from right to left
        n = len(targets)
        saved = self.nactive
        objslots = []
        for i in range(n):
            t = targets[i]
            if isinstance(t, EIndex):
                self.expr(t.obj)
                self.expr(t.key)
                ks = self.alloc_slot()
                os_ = self.alloc_slot()
                self.emit(STOREL, ks, -1)
                self.emit(STOREL, os_, -1)
                objslots.append(os_)
            else:
                objslots.append(-1)
        self.explist_adjust(exprs, n)
        i = n - 1
        while i >= 0:
            t = targets[i]
            if isinstance(t, EIndex):
                # the value is on top: table and key go below it
                vs = self.alloc_slot()
                self.emit(STOREL, vs, -1)
                self.emit(LOADL, objslots[i], 1)
                self.emit(LOADL, objslots[i] - 1, 1)
                self.emit(LOADL, vs, 1)
                self.line = t.line
                self.emit(SETTABLE, 0, -3)
                self.note(0, t.obj)
            else:
                self.store(t)
            i -= 1
        self.nactive = saved

    def store(self, t):
        if isinstance(t, ELocal):
            if t.var.captured:
                self.emit(STORECELL, t.var.slot, -1)
            else:
                self.emit(STOREL, t.var.slot, -1)
        elif isinstance(t, EUpval):
            self.emit(STOREUP, self.info.upval_index(t.var), -1)
        elif isinstance(t, EGlobal):
            self.emit(SETGLOBAL, self.str_const(t.name), -1)
        else:
            self.error("cannot assign")

    def explist_adjust(self, exprs, want):
        n = len(exprs)
        if n == 0:
            for i in range(want):
                self.emit(LOADNIL, 0, 1)
            return
        for i in range(n - 1):
            self.expr(exprs[i])
        last = exprs[n - 1]
        if last.is_multi():
            k = want - (n - 1)
            if k < 0:
                k = 0
            self.multi_n(last, k)
        else:
            self.expr(last)
            for i in range(want - n):
                self.emit(LOADNIL, 0, 1)
        extra = n - want
        if last.is_multi():
            extra = n - 1 - want
        if extra > 0:
            self.emit(POP, extra, -extra)

    # ---- debug info for error messages
    def note(self, operand, e):
        """Describes the expression e that computed an operand of the
        instruction just emitted, as Lua's error messages do."""
        d = describe(e)
        if d != "":
            self.opinfo[(len(self.code) - 2) * 8 + operand] = d

    # ---- expressions
    def multi(self, e):
        self.multi_n(e, MULTI)

    def multi_n(self, e, nres):
        # pushes nres values of a call or '...' (MULTI: all, count in frame.multi)
        if isinstance(e, EVararg):
            effect = nres
            if nres == MULTI:
                effect = 1
            self.emit(VARARG, nres + 1, effect)
        else:
            self.call(e, nres)

    def call(self, e, nres):
        # nres: the number of results to push, or MULTI
        self.line = e.line
        if isinstance(e, EMethCall):
            self.expr(e.obj)
            self.line = e.line
            self.emit(SELF, self.str_const(e.name), 1)
            self.note(0, e.obj)
            args = e.args
            nfixed = 1
        elif isinstance(e, ECall):
            self.expr(e.func)
            args = e.args
            nfixed = 0
        else:
            self.error("function call expected")
            return
        n = len(args)
        pushed = nres
        if nres == MULTI:
            pushed = 1
        if n > 0 and args[n - 1].is_multi():
            for i in range(n - 1):
                self.expr(args[i])
            self.multi(args[n - 1])
            self.line = e.line
            fixed = nfixed + n - 1
            self.emit(CALLM, fixed | ((nres + 1) << 24), pushed - fixed - 2)
            self.note(0, e)
        else:
            for a in args:
                self.expr(a)
            self.line = e.line
            nargs = nfixed + n
            self.emit(CALL, nargs | ((nres + 1) << 24), pushed - nargs - 1)
            self.note(0, e)

    def function(self, f):
        fc = FuncCompiler(f.info, self.chunk)
        proto = fc.compile_function()
        self.protos.append(proto)
        self.emit(CLOSURE, len(self.protos) - 1, 1)

    def expr(self, e):
        # pushes exactly one value
        self.line = e.line
        if isinstance(e, EConst):
            w = e.w_value
            if w is w_nil:
                self.emit(LOADNIL, 0, 1)
            elif w is w_true:
                self.emit(LOADTRUE, 0, 1)
            elif w is w_false:
                self.emit(LOADFALSE, 0, 1)
            else:
                self.emit(LOADK, self.const(w), 1)
        elif isinstance(e, ELocal):
            if e.var.captured:
                self.emit(LOADCELL, e.var.slot, 1)
            else:
                self.emit(LOADL, e.var.slot, 1)
        elif isinstance(e, EUpval):
            self.emit(LOADUP, self.info.upval_index(e.var), 1)
        elif isinstance(e, EGlobal):
            self.emit(GETGLOBAL, self.str_const(e.name), 1)
        elif isinstance(e, EIndex):
            k = e.key
            if isinstance(k, EConst) and isinstance(k.w_value, W_Str):
                self.expr(e.obj)
                self.line = e.line
                self.emit(GETFIELD, self.const(k.w_value), 0)
                self.note(0, e.obj)
            else:
                self.expr(e.obj)
                self.expr(k)
                self.line = e.line
                self.emit(GETTABLE, 0, -1)
                self.note(0, e.obj)
        elif isinstance(e, ECall) or isinstance(e, EMethCall):
            self.call(e, 1)
        elif isinstance(e, EVararg):
            self.emit(VARARG, 2, 1)
        elif isinstance(e, EParen):
            self.expr(e.expr)
        elif isinstance(e, EFunc):
            self.function(e)
        elif isinstance(e, EAnd):
            self.expr(e.left)
            j = self.emit_jump(JMPFK, -1)
            self.expr(e.right)
            self.patch_here(j)
        elif isinstance(e, EOr):
            self.expr(e.left)
            j = self.emit_jump(JMPTK, -1)
            self.expr(e.right)
            self.patch_here(j)
        elif isinstance(e, EUn):
            self.expr(e.operand)
            self.line = e.line
            op = e.op
            if op == "-":
                self.emit(UNM, 0, 0)
            elif op == "not":
                self.emit(NOT, 0, 0)
            elif op == "#":
                self.emit(LEN, 0, 0)
            else:
                self.emit(BNOT, 0, 0)
            self.note(0, e.operand)
        elif isinstance(e, EBin):
            self.binop(e)
        elif isinstance(e, ETable):
            self.table(e)
        else:
            self.error("unknown expression")

    def binop(self, e):
        op = e.op
        if op == "..":
            parts = []
            x = e
            while isinstance(x, EBin) and x.op == "..":
                parts.append(x.left)
                x = x.right
            parts.append(x)
            for p in parts:
                self.expr(p)
            self.line = e.line
            self.emit(CONCAT, len(parts), 1 - len(parts))
            for i in range(min(len(parts), 8)):
                self.note(i, parts[i])
            return
        r = e.right
        if op == ">" or op == ">=":
            # a > b is b < a, but a is evaluated first
            if isinstance(r, EConst) and (isinstance(r.w_value, W_Int) or isinstance(r.w_value, W_Float)):
                self.expr(e.left)
                self.line = e.line
                if op == ">":
                    self.emit(GTK, self.const(r.w_value), 0)
                else:
                    self.emit(GEK, self.const(r.w_value), 0)
                return
            self.expr(e.left)
            self.expr(r)
            self.line = e.line
            if op == ">":
                self.emit(LT, 1, -1)
            else:
                self.emit(LE, 1, -1)
            return
        if isinstance(r, EConst) and isinstance(r.w_value, W_Int) and (op == "+" or op == "-"):
            self.expr(e.left)
            self.line = e.line
            if op == "+":
                self.emit(ADDK, self.const(r.w_value), 0)
            else:
                self.emit(SUBK, self.const(r.w_value), 0)
            self.note(0, e.left)
            return
        if isinstance(r, EConst) and (isinstance(r.w_value, W_Int) or isinstance(r.w_value, W_Float) or isinstance(r.w_value, W_Str)) and (op == "==" or op == "<" or op == "<="):
            self.expr(e.left)
            self.line = e.line
            if op == "==":
                self.emit(EQK, self.const(r.w_value), 0)
            elif op == "<":
                self.emit(LTK, self.const(r.w_value), 0)
            else:
                self.emit(LEK, self.const(r.w_value), 0)
            return
        self.expr(e.left)
        self.expr(r)
        self.line = e.line
        self.emit(BINOPS[op], 0, -1)
        self.note(0, e.left)
        self.note(1, r)

    def table(self, e):
        self.emit(NEWTABLE, 0, 1)
        pending = 0
        posidx = 1
        n = len(e.items)
        for i in range(n):
            it = e.items[i]
            if it.key is None:
                if i == n - 1 and it.value.is_multi():
                    self.multi(it.value)
                    self.emit(SETLISTM, pending | ((posidx - pending) << 24), -pending - 1)
                    pending = 0
                else:
                    self.expr(it.value)
                    pending += 1
                    posidx += 1
                    if pending >= 50:
                        self.emit(SETLIST, pending | ((posidx - pending) << 24), -pending)
                        pending = 0
            else:
                if pending > 0:
                    self.emit(SETLIST, pending | ((posidx - pending) << 24), -pending)
                    pending = 0
                # the table stays below: SETTABLE keeps it (arg 1)
                k = it.key
                if isinstance(k, EConst) and isinstance(k.w_value, W_Str):
                    self.expr(it.value)
                    self.emit(SETFIELD, self.const(k.w_value) | (1 << 24), -1)
                else:
                    self.expr(k)
                    self.expr(it.value)
                    self.emit(SETTABLE, 1, -2)
        if pending > 0:
            self.emit(SETLIST, pending | ((posidx - pending) << 24), -pending)


def describe(e):
    if isinstance(e, ELocal):
        return "local '%s'" % e.var.name
    if isinstance(e, EUpval):
        return "upvalue '%s'" % e.var.name
    if isinstance(e, EGlobal):
        return "global '%s'" % e.name
    if isinstance(e, EIndex):
        k = e.key
        if isinstance(k, EConst):
            w = k.w_value
            if isinstance(w, W_Str):
                return "field '%s'" % w.sval
        return ""
    if isinstance(e, EMethCall):
        return "method '%s'" % e.name
    if isinstance(e, ECall):
        return describe(e.func)
    if isinstance(e, EConst):
        w = e.w_value
        if isinstance(w, W_Str):
            return "constant '%s'" % w.sval
    return ""


def compile_chunk(info, chunk):
    fc = FuncCompiler(info, chunk)
    return fc.compile_function()
