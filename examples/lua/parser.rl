"""The Lua parser: tokens -> AST, resolving each name to a local, an
upvalue (marking the local captured) or a global as it goes."""
from objects import LuaError, W_Object, W_Str, W_Int, W_Float, w_nil, w_true, w_false
from lexer import tokenize, T_EOF, T_NAME, T_KEYWORD, T_STRING, T_INT, T_FLOAT, T_OP


class VarInfo(object):
    def __init__(self, name, owner):
        self.name = name
        self.owner = owner
        self.captured = False
        self.slot = -1


class FuncInfo(object):
    def __init__(self, parent, name, line):
        self.parent = parent
        self.name = name
        self.line = line
        self.scopes = []
        self.upvals = []
        self.params = []
        self.is_vararg = False
        self.body = None

    def upval_index(self, var):
        for i in range(len(self.upvals)):
            if self.upvals[i] is var:
                return i
        return -1


# ---- expressions
class Expr(object):
    line = 0

    def is_multi(self):
        return False


class EConst(Expr):
    def __init__(self, w_value, line):
        self.w_value = w_value
        self.line = line


class EVararg(Expr):
    def __init__(self, line):
        self.line = line

    def is_multi(self):
        return True


class EFunc(Expr):
    def __init__(self, info, line):
        self.info = info
        self.line = line


class TableItem(object):
    def __init__(self, key, value):
        self.key = key      # None for a positional item
        self.value = value


class ETable(Expr):
    def __init__(self, items, line):
        self.items = items
        self.line = line


class EBin(Expr):
    def __init__(self, op, left, right, line):
        self.op = op
        self.left = left
        self.right = right
        self.line = line


class EUn(Expr):
    def __init__(self, op, operand, line):
        self.op = op
        self.operand = operand
        self.line = line


class EAnd(Expr):
    def __init__(self, left, right, line):
        self.left = left
        self.right = right
        self.line = line


class EOr(Expr):
    def __init__(self, left, right, line):
        self.left = left
        self.right = right
        self.line = line


class ELocal(Expr):
    def __init__(self, var, line):
        self.var = var
        self.line = line


class EUpval(Expr):
    def __init__(self, var, line):
        self.var = var
        self.line = line


class EGlobal(Expr):
    def __init__(self, name, line):
        self.name = name
        self.line = line


class EIndex(Expr):
    def __init__(self, obj, key, line):
        self.obj = obj
        self.key = key
        self.line = line


class ECall(Expr):
    def __init__(self, func, args, line):
        self.func = func
        self.args = args
        self.line = line

    def is_multi(self):
        return True


class EMethCall(Expr):
    def __init__(self, obj, name, args, line):
        self.obj = obj
        self.name = name
        self.args = args
        self.line = line

    def is_multi(self):
        return True


class EParen(Expr):
    def __init__(self, expr, line):
        self.expr = expr
        self.line = line


# ---- statements
class Stmt(object):
    line = 0


class SLocal(Stmt):
    def __init__(self, vars, exprs, line):
        self.vars = vars
        self.exprs = exprs
        self.line = line


class SAssign(Stmt):
    def __init__(self, targets, exprs, line):
        self.targets = targets
        self.exprs = exprs
        self.line = line


class SExpr(Stmt):
    def __init__(self, expr, line):
        self.expr = expr
        self.line = line


class SDo(Stmt):
    def __init__(self, body, line):
        self.body = body
        self.line = line


class SWhile(Stmt):
    def __init__(self, cond, body, line):
        self.cond = cond
        self.body = body
        self.line = line


class SRepeat(Stmt):
    def __init__(self, body, cond, line):
        self.body = body
        self.cond = cond
        self.line = line


class SIf(Stmt):
    def __init__(self, conds, blocks, orelse, line):
        self.conds = conds
        self.blocks = blocks
        self.orelse = orelse
        self.line = line


class SNumFor(Stmt):
    def __init__(self, var, start, limit, step, body, line):
        self.var = var
        self.start = start
        self.limit = limit
        self.step = step
        self.body = body
        self.line = line


class SGenFor(Stmt):
    def __init__(self, vars, exprs, body, line):
        self.vars = vars
        self.exprs = exprs
        self.body = body
        self.line = line


class SLocalFunc(Stmt):
    def __init__(self, var, func, line):
        self.var = var
        self.func = func
        self.line = line


class SReturn(Stmt):
    def __init__(self, exprs, line):
        self.exprs = exprs
        self.line = line


class SBreak(Stmt):
    def __init__(self, line):
        self.line = line


class SGoto(Stmt):
    def __init__(self, name, line):
        self.name = name
        self.line = line


class SLabel(Stmt):
    def __init__(self, name, line):
        self.name = name
        self.line = line


# binary operator priorities (left, right), as in Lua's reference parser
BINPRI = {
    "or": (1, 1), "and": (2, 2),
    "<": (3, 3), ">": (3, 3), "<=": (3, 3), ">=": (3, 3), "~=": (3, 3), "==": (3, 3),
    "|": (4, 4), "~": (5, 5), "&": (6, 6), "<<": (7, 7), ">>": (7, 7),
    "..": (9, 8), "+": (10, 10), "-": (10, 10),
    "*": (11, 11), "/": (11, 11), "//": (11, 11), "%": (11, 11),
    "^": (14, 13),
}
UNARY_PRI = 12


class Parser(object):
    def __init__(self, chunk, src):
        self.chunk = chunk
        self.toks = tokenize(chunk, src)
        self.pos = 0
        self.fs = None

    # ---- tokens
    def peek(self):
        return self.toks[self.pos]

    def next(self):
        t = self.toks[self.pos]
        if t.kind != T_EOF:
            self.pos += 1
        return t

    def check(self, text):
        t = self.toks[self.pos]
        return (t.kind == T_OP or t.kind == T_KEYWORD) and t.text == text

    def accept(self, text):
        if self.check(text):
            self.pos += 1
            return True
        return False

    def error(self, msg):
        t = self.peek()
        raise LuaError(W_Str("%s:%d: %s near '%s'" % (self.chunk, t.line, msg, t.text)), 0)

    def expect(self, text):
        if not self.accept(text):
            self.error("'%s' expected" % text)

    def expect_match(self, what, who, line):
        if not self.accept(what):
            if line == self.peek().line:
                self.error("'%s' expected" % what)
            else:
                self.error("'%s' expected (to close '%s' at line %d)" % (what, who, line))

    def name(self):
        t = self.peek()
        if t.kind != T_NAME:
            self.error("<name> expected")
        self.pos += 1
        return t.text

    # ---- scopes
    def open_scope(self):
        self.fs.scopes.append([])

    def close_scope(self):
        self.fs.scopes.pop()

    def declare(self, name):
        v = VarInfo(name, self.fs)
        self.fs.scopes[len(self.fs.scopes) - 1].append(v)
        return v

    def new_var(self, name):
        # a variable not yet visible (activated by activate())
        return VarInfo(name, self.fs)

    def activate(self, v):
        self.fs.scopes[len(self.fs.scopes) - 1].append(v)

    def resolve(self, name, line):
        fs = self.fs
        while fs is not None:
            scopes = fs.scopes
            i = len(scopes) - 1
            while i >= 0:
                sc = scopes[i]
                j = len(sc) - 1
                while j >= 0:
                    if sc[j].name == name:
                        v = sc[j]
                        if fs is self.fs:
                            return ELocal(v, line)
                        v.captured = True
                        f = self.fs
                        while f is not fs:
                            if f.upval_index(v) < 0:
                                f.upvals.append(v)
                            f = f.parent
                        return EUpval(v, line)
                    j -= 1
                i -= 1
            fs = fs.parent
        return EGlobal(name, line)

    # ---- chunk and blocks
    def parse_chunk(self):
        fi = FuncInfo(None, "main chunk", 0)
        fi.is_vararg = True
        self.fs = fi
        self.open_scope()
        fi.body = self.block()
        if self.peek().kind != T_EOF:
            self.error("'<eof>' expected")
        self.close_scope()
        return fi

    def block_follow(self, with_until):
        t = self.peek()
        if t.kind == T_EOF:
            return True
        if t.kind == T_KEYWORD:
            if t.text == "else" or t.text == "elseif" or t.text == "end":
                return True
            if t.text == "until":
                return with_until
        return False

    def block(self):
        stmts = []
        while not self.block_follow(True):
            if self.check("return"):
                stmts.append(self.retstat())
                break
            s = self.statement()
            if s is not None:
                stmts.append(s)
        return stmts

    def scoped_block(self):
        self.open_scope()
        b = self.block()
        self.close_scope()
        return b

    def retstat(self):
        line = self.next().line
        exprs = []
        if not self.block_follow(True) and not self.check(";"):
            exprs = self.explist()
        self.accept(";")
        return SReturn(exprs, line)

    def statement(self):
        t = self.peek()
        line = t.line
        if t.kind == T_OP:
            if t.text == ";":
                self.next()
                return None
            if t.text == "::":
                self.next()
                n = self.name()
                self.expect("::")
                return SLabel(n, line)
        if t.kind == T_KEYWORD:
            kw = t.text
            if kw == "if":
                return self.ifstat()
            if kw == "while":
                self.next()
                cond = self.expr()
                self.expect("do")
                body = self.scoped_block()
                self.expect_match("end", "while", line)
                return SWhile(cond, body, line)
            if kw == "do":
                self.next()
                body = self.scoped_block()
                self.expect_match("end", "do", line)
                return SDo(body, line)
            if kw == "for":
                return self.forstat()
            if kw == "repeat":
                self.next()
                self.open_scope()
                body = self.block()
                self.expect_match("until", "repeat", line)
                cond = self.expr()
                self.close_scope()
                return SRepeat(body, cond, line)
            if kw == "function":
                return self.funcstat()
            if kw == "local":
                self.next()
                if self.accept("function"):
                    v = self.declare(self.name())
                    f = self.funcbody(v.name, False, line)
                    return SLocalFunc(v, f, line)
                return self.localstat(line)
            if kw == "return":
                self.error("unexpected return")
            if kw == "break":
                self.next()
                return SBreak(line)
            if kw == "goto":
                self.next()
                return SGoto(self.name(), line)
        return self.exprstat()

    def ifstat(self):
        line = self.next().line
        conds = []
        blocks = []
        conds.append(self.expr())
        self.expect("then")
        blocks.append(self.scoped_block())
        orelse = None
        while True:
            if self.accept("elseif"):
                conds.append(self.expr())
                self.expect("then")
                blocks.append(self.scoped_block())
            elif self.accept("else"):
                orelse = self.scoped_block()
                self.expect_match("end", "if", line)
                break
            else:
                self.expect_match("end", "if", line)
                break
        return SIf(conds, blocks, orelse, line)

    def forstat(self):
        line = self.next().line
        n1 = self.name()
        if self.accept("="):
            start = self.expr()
            self.expect(",")
            limit = self.expr()
            step = None
            if self.accept(","):
                step = self.expr()
            self.expect("do")
            self.open_scope()
            v = self.declare(n1)
            body = self.block()
            self.close_scope()
            self.expect_match("end", "for", line)
            return SNumFor(v, start, limit, step, body, line)
        names = [n1]
        while self.accept(","):
            names.append(self.name())
        self.expect("in")
        exprs = self.explist()
        self.expect("do")
        self.open_scope()
        vars = []
        for nm in names:
            vars.append(self.declare(nm))
        body = self.block()
        self.close_scope()
        self.expect_match("end", "for", line)
        return SGenFor(vars, exprs, body, line)

    def funcstat(self):
        line = self.next().line
        n = self.name()
        target = self.resolve(n, line)
        fullname = n
        is_method = False
        while True:
            if self.accept("."):
                k = self.name()
                fullname = fullname + "." + k
                target = EIndex(target, EConst(W_Str(k), line), line)
            elif self.accept(":"):
                k = self.name()
                fullname = fullname + ":" + k
                target = EIndex(target, EConst(W_Str(k), line), line)
                is_method = True
                break
            else:
                break
        f = self.funcbody(fullname, is_method, line)
        return SAssign([target], [f], line)

    def localstat(self, line):
        vars = []
        while True:
            vars.append(self.new_var(self.name()))
            if self.accept("<"):
                attr = self.name()
                if attr != "const":
                    self.error("unsupported attribute '%s'" % attr)
                self.expect(">")
            if not self.accept(","):
                break
        exprs = []
        if self.accept("="):
            exprs = self.explist()
        for v in vars:
            self.activate(v)
        return SLocal(vars, exprs, line)

    def exprstat(self):
        line = self.peek().line
        e = self.suffixedexp()
        if self.check("=") or self.check(","):
            targets = [e]
            while self.accept(","):
                targets.append(self.suffixedexp())
            self.expect("=")
            exprs = self.explist()
            for tg in targets:
                if not (isinstance(tg, ELocal) or isinstance(tg, EUpval) or
                        isinstance(tg, EGlobal) or isinstance(tg, EIndex)):
                    self.error("syntax error")
            return SAssign(targets, exprs, line)
        if not (isinstance(e, ECall) or isinstance(e, EMethCall)):
            self.error("syntax error")
        return SExpr(e, line)

    # ---- functions
    def funcbody(self, name, is_method, line):
        fi = FuncInfo(self.fs, name, line)
        self.fs = fi
        self.open_scope()
        if is_method:
            fi.params.append(self.declare("self"))
        self.expect("(")
        if not self.check(")"):
            while True:
                if self.accept("..."):
                    fi.is_vararg = True
                    break
                fi.params.append(self.declare(self.name()))
                if not self.accept(","):
                    break
        self.expect(")")
        fi.body = self.block()
        self.expect_match("end", "function", line)
        self.close_scope()
        self.fs = fi.parent
        return EFunc(fi, line)

    # ---- expressions
    def explist(self):
        exprs = [self.expr()]
        while self.accept(","):
            exprs.append(self.expr())
        return exprs

    def expr(self):
        return self.subexpr(0)

    def subexpr(self, limit):
        t = self.peek()
        if (t.kind == T_KEYWORD and t.text == "not") or (t.kind == T_OP and (
                t.text == "-" or t.text == "#" or t.text == "~")):
            self.next()
            operand = self.subexpr(UNARY_PRI)
            left = fold_unary(t.text, operand, t.line)
        else:
            left = self.simpleexp()
        while True:
            t = self.peek()
            if t.kind != T_OP and t.kind != T_KEYWORD:
                break
            op = t.text
            if op not in BINPRI:
                break
            lp, rp = BINPRI[op]
            if lp <= limit:
                break
            self.next()
            right = self.subexpr(rp)
            if op == "and":
                left = EAnd(left, right, t.line)
            elif op == "or":
                left = EOr(left, right, t.line)
            else:
                left = EBin(op, left, right, t.line)
        return left

    def simpleexp(self):
        t = self.peek()
        line = t.line
        if t.kind == T_INT:
            self.next()
            return EConst(W_Int(t.ival), line)
        if t.kind == T_FLOAT:
            self.next()
            return EConst(W_Float(t.fval), line)
        if t.kind == T_STRING:
            self.next()
            return EConst(W_Str(t.text), line)
        if t.kind == T_KEYWORD:
            if t.text == "nil":
                self.next()
                return EConst(w_nil, line)
            if t.text == "true":
                self.next()
                return EConst(w_true, line)
            if t.text == "false":
                self.next()
                return EConst(w_false, line)
            if t.text == "function":
                self.next()
                return self.funcbody("anonymous", False, line)
        if t.kind == T_OP:
            if t.text == "...":
                self.next()
                if not self.fs.is_vararg:
                    self.error("cannot use '...' outside a vararg function")
                return EVararg(line)
            if t.text == "{":
                return self.constructor()
        return self.suffixedexp()

    def primaryexp(self):
        t = self.peek()
        if t.kind == T_NAME:
            self.next()
            return self.resolve(t.text, t.line)
        if self.accept("("):
            e = self.expr()
            self.expect_match(")", "(", t.line)
            return EParen(e, t.line)
        self.error("unexpected symbol")
        return None

    def suffixedexp(self):
        e = self.primaryexp()
        while True:
            t = self.peek()
            line = t.line
            if t.kind == T_OP and t.text == ".":
                self.next()
                e = EIndex(e, EConst(W_Str(self.name()), line), line)
            elif t.kind == T_OP and t.text == "[":
                self.next()
                k = self.expr()
                self.expect("]")
                e = EIndex(e, k, line)
            elif t.kind == T_OP and t.text == ":":
                self.next()
                n = self.name()
                args = self.callargs()
                e = EMethCall(e, n, args, line)
            elif (t.kind == T_OP and (t.text == "(" or t.text == "{")) or t.kind == T_STRING:
                args = self.callargs()
                e = ECall(e, args, line)
            else:
                return e

    def callargs(self):
        t = self.peek()
        if t.kind == T_STRING:
            self.next()
            return [EConst(W_Str(t.text), t.line)]
        if t.kind == T_OP and t.text == "{":
            return [self.constructor()]
        self.expect("(")
        args = []
        if not self.check(")"):
            args = self.explist()
        self.expect_match(")", "(", t.line)
        return args

    def constructor(self):
        line = self.peek().line
        self.expect("{")
        items = []
        while not self.check("}"):
            t = self.peek()
            if t.kind == T_OP and t.text == "[":
                self.next()
                k = self.expr()
                self.expect("]")
                self.expect("=")
                items.append(TableItem(k, self.expr()))
            elif t.kind == T_NAME and self.toks[self.pos + 1].kind == T_OP and self.toks[self.pos + 1].text == "=":
                self.next()
                self.next()
                items.append(TableItem(EConst(W_Str(t.text), t.line), self.expr()))
            else:
                items.append(TableItem(None, self.expr()))
            if not self.accept(",") and not self.accept(";"):
                break
        self.expect_match("}", "{", line)
        return ETable(items, line)


def fold_unary(op, operand, line):
    # fold '-' of a numeral, so that -9223372036854775808 // 1 works as in Lua
    if op == "-" and isinstance(operand, EConst):
        w = operand.w_value
        if isinstance(w, W_Int):
            return EConst(W_Int(-w.ival), line)
        if isinstance(w, W_Float):
            return EConst(W_Float(-w.fval), line)
    return EUn(op, operand, line)


def parse(chunk, src):
    p = Parser(chunk, src)
    return p.parse_chunk()
