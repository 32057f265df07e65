"""Arithmetic expressions: tokenizer, recursive-descent parser into an AST
of classes, evaluator with variables, and a constant folder."""
import sys


class Token(object):
    def __init__(self, kind, text):
        self.kind = kind
        self.text = text


class EvalError(Exception):
    pass


class SyntaxErr(EvalError):
    pass


def tokenize(s):
    toks = []
    i = 0
    while i < len(s):
        c = s[i]
        if c.isspace():
            i += 1
        elif c.isdigit() or c == ".":
            j = i
            while j < len(s) and (s[j].isdigit() or s[j] == "."):
                j += 1
            toks.append(Token("num", s[i:j]))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < len(s) and (s[j].isalnum() or s[j] == "_"):
                j += 1
            toks.append(Token("name", s[i:j]))
            i = j
        elif c in "+-*/%^()":
            toks.append(Token("op", c))
            i += 1
        else:
            raise SyntaxErr("bad character %r at %d" % (c, i))
    toks.append(Token("end", ""))
    return toks


class Node(object):
    def eval(self, env):
        raise NotImplementedError("eval")

    def show(self):
        return "?"

    def is_const(self):
        return False


class Num(Node):
    def __init__(self, v):
        self.v = v

    def eval(self, env):
        return self.v

    def show(self):
        return repr(self.v)

    def is_const(self):
        return True


class Var(Node):
    def __init__(self, name):
        self.name = name

    def eval(self, env):
        if self.name not in env:
            raise EvalError("unknown variable " + self.name)
        return env[self.name]

    def show(self):
        return self.name


class Neg(Node):
    def __init__(self, arg):
        self.arg = arg

    def eval(self, env):
        return -self.arg.eval(env)

    def show(self):
        return "(-" + self.arg.show() + ")"


class BinOp(Node):
    def __init__(self, op, left, right):
        self.op = op
        self.left = left
        self.right = right

    def eval(self, env):
        a = self.left.eval(env)
        b = self.right.eval(env)
        op = self.op
        if op == "+":
            return a + b
        elif op == "-":
            return a - b
        elif op == "*":
            return a * b
        elif op == "/":
            return a / b
        elif op == "%":
            return a % b
        elif op == "^":
            return a ** b
        raise EvalError("bad operator")

    def show(self):
        return "(" + self.left.show() + " " + self.op + " " + self.right.show() + ")"


class Parser(object):
    def __init__(self, toks):
        self.toks = toks
        self.i = 0

    def peek(self):
        return self.toks[self.i]

    def next(self):
        t = self.toks[self.i]
        self.i += 1
        return t

    def parse(self):
        n = self.expr()
        if self.peek().kind != "end":
            raise SyntaxErr("unexpected '%s'" % self.peek().text)
        return n

    def expr(self):
        n = self.term()
        while self.peek().text in ("+", "-") and self.peek().kind == "op":
            op = self.next().text
            n = BinOp(op, n, self.term())
        return n

    def term(self):
        n = self.unary()
        while self.peek().kind == "op" and self.peek().text in ("*", "/", "%"):
            op = self.next().text
            n = BinOp(op, n, self.unary())
        return n

    def unary(self):
        if self.peek().kind == "op" and self.peek().text == "-":
            self.next()
            return Neg(self.unary())
        return self.power()

    def power(self):
        base = self.atom()
        if self.peek().kind == "op" and self.peek().text == "^":
            self.next()
            return BinOp("^", base, self.unary())
        return base

    def atom(self):
        t = self.next()
        if t.kind == "num":
            try:
                return Num(float(t.text))
            except ValueError:
                raise SyntaxErr("bad number '%s'" % t.text)
        if t.kind == "name":
            return Var(t.text)
        if t.kind == "op" and t.text == "(":
            n = self.expr()
            t2 = self.next()
            if t2.text != ")":
                raise SyntaxErr("expected ')'")
            return n
        if t.kind == "end":
            raise SyntaxErr("unexpected end")
        raise SyntaxErr("unexpected '%s'" % t.text)


def fold(n):
    if isinstance(n, BinOp):
        l = fold(n.left)
        r = fold(n.right)
        folded = BinOp(n.op, l, r)
        if l.is_const() and r.is_const():
            try:
                return Num(folded.eval({}))
            except ZeroDivisionError:
                return folded
        return folded
    if isinstance(n, Neg):
        a = fold(n.arg)
        if isinstance(a, Num):
            return Num(-a.v)
        return Neg(a)
    return n


EXPRS = [
    "1 + 2 * 3",
    "(1 + 2) * 3",
    "2 ^ 3 ^ 2",
    "-2 ^ 2",
    "10 / 4",
    "7 % 3 + -7 % 3",
    "x * x + y",
    "(x + 1) * (2 + 3) - 4 / 2",
    "1 / 0",
    "5 % 0",
    "z + 1",
    "3 + * 4",
    "(1 + 2",
    "1.2.3",
    "2 $ 3",
    "0.1 + 0.2",
    "1e3",
    "pi * r ^ 2",
]


def main(argv):
    env = {"x": 3.0, "y": 0.5, "pi": 3.14159, "r": 2.0}
    for src in EXPRS:
        try:
            tree = Parser(tokenize(src)).parse()
            f = fold(tree)
            print("%-28s => %s | %s = %s" % (src, tree.show(), f.show(), tree.eval(env)))
        except ZeroDivisionError:
            print("%-28s => division by zero" % src)
        except SyntaxErr as e:
            print("%-28s => syntax error: %s" % (src, str(e)))
        except EvalError as e:
            print("%-28s => error: %s" % (src, str(e)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
