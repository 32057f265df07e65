"""A tiny Lisp: reader into a class hierarchy of values, environments as
linked dicts, special forms (quote if define lambda begin let), closures
as user lambdas, built-ins, recursion (factorial, fib, map), and errors."""
import sys


class Val(object):
    def show(self):
        return "?"


class Num(Val):
    def __init__(self, v):
        self.v = v

    def show(self):
        return str(self.v)


class Sym(Val):
    def __init__(self, name):
        self.name = name

    def show(self):
        return self.name


class Nil(Val):
    def show(self):
        return "()"


class Pair(Val):
    def __init__(self, car, cdr):
        self.car = car
        self.cdr = cdr

    def show(self):
        parts = []
        cur = self
        while isinstance(cur, Pair):
            parts.append(cur.car.show())
            cur = cur.cdr
        if not isinstance(cur, Nil):
            parts.append(".")
            parts.append(cur.show())
        return "(" + " ".join(parts) + ")"


class Builtin(Val):
    def __init__(self, name):
        self.name = name

    def show(self):
        return "#<builtin " + self.name + ">"


class Lambda(Val):
    def __init__(self, params, body, env):
        self.params = params
        self.body = body
        self.env = env

    def show(self):
        return "#<lambda>"


class Env(object):
    def __init__(self, parent):
        self.vars = {}
        self.parent = parent

    def lookup(self, name):
        e = self
        while e is not None:
            if name in e.vars:
                return e.vars[name]
            e = e.parent
        raise LispError("unbound symbol " + name)


class LispError(Exception):
    pass


NIL = Nil()
TRUE = Sym("t")


def tokenize(s):
    return s.replace("(", " ( ").replace(")", " ) ").replace("'", " ' ").split()


class Reader(object):
    def __init__(self, toks):
        self.toks = toks
        self.i = 0

    def read(self):
        if self.i >= len(self.toks):
            raise LispError("unexpected end of input")
        t = self.toks[self.i]
        self.i += 1
        if t == "(":
            items = []
            while True:
                if self.i >= len(self.toks):
                    raise LispError("missing )")
                if self.toks[self.i] == ")":
                    self.i += 1
                    break
                items.append(self.read())
            return from_list(items)
        if t == ")":
            raise LispError("unexpected )")
        if t == "'":
            return Pair(Sym("quote"), Pair(self.read(), NIL))
        try:
            return Num(int(t))
        except ValueError:
            return Sym(t)


def from_list(items):
    r = NIL
    i = len(items) - 1
    while i >= 0:
        r = Pair(items[i], r)
        i -= 1
    return r


def to_list(v):
    out = []
    while isinstance(v, Pair):
        out.append(v.car)
        v = v.cdr
    return out


def num(v):
    if isinstance(v, Num):
        return v.v
    raise LispError("not a number: " + v.show())


def apply_builtin(name, args):
    if name == "+":
        t = 0
        for a in args:
            t += num(a)
        return Num(t)
    if name == "*":
        t = 1
        for a in args:
            t *= num(a)
        return Num(t)
    if name == "-":
        if len(args) == 1:
            return Num(-num(args[0]))
        return Num(num(args[0]) - num(args[1]))
    if name == "<":
        return TRUE if num(args[0]) < num(args[1]) else NIL
    if name == "=":
        return TRUE if num(args[0]) == num(args[1]) else NIL
    if name == "car":
        p = args[0]
        if isinstance(p, Pair):
            return p.car
        raise LispError("car of a non-pair")
    if name == "cdr":
        p = args[0]
        if isinstance(p, Pair):
            return p.cdr
        raise LispError("cdr of a non-pair")
    if name == "cons":
        return Pair(args[0], args[1])
    if name == "null?":
        return TRUE if isinstance(args[0], Nil) else NIL
    if name == "list":
        return from_list(args)
    raise LispError("unknown builtin " + name)


def evaluate(x, env):
    while True:
        if isinstance(x, Num) or isinstance(x, Nil):
            return x
        if isinstance(x, Sym):
            return env.lookup(x.name)
        assert isinstance(x, Pair)
        head = x.car
        args = to_list(x.cdr)
        if isinstance(head, Sym):
            f = head.name
            if f == "quote":
                return args[0]
            if f == "if":
                c = evaluate(args[0], env)
                if isinstance(c, Nil):
                    if len(args) < 3:
                        return NIL
                    x = args[2]
                else:
                    x = args[1]
                continue
            if f == "define":
                target = args[0]
                if isinstance(target, Sym):
                    env.vars[target.name] = evaluate(args[1], env)
                    return target
                raise LispError("bad define")
            if f == "lambda":
                return Lambda([p.show() for p in to_list(args[0])], args[1], env)
            if f == "begin":
                for e in args[:-1]:
                    evaluate(e, env)
                x = args[-1]
                continue
            if f == "let":
                new = Env(env)
                for b in to_list(args[0]):
                    kv = to_list(b)
                    new.vars[kv[0].show()] = evaluate(kv[1], env)
                x = args[1]
                env = new
                continue
        fn = evaluate(head, env)
        vals = [evaluate(a, env) for a in args]
        if isinstance(fn, Builtin):
            return apply_builtin(fn.name, vals)
        if isinstance(fn, Lambda):
            if len(vals) != len(fn.params):
                raise LispError("wrong number of arguments")
            new = Env(fn.env)
            for k in range(len(vals)):
                new.vars[fn.params[k]] = vals[k]
            x = fn.body
            env = new
            continue
        raise LispError("not a function: " + fn.show())


PROGRAM = [
    "(define fact (lambda (n) (if (< n 2) 1 (* n (fact (- n 1))))))",
    "(fact 20)",
    "(define fib (lambda (n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))))",
    "(fib 15)",
    "(define map (lambda (f l) (if (null? l) '() (cons (f (car l)) (map f (cdr l))))))",
    "(map (lambda (x) (* x x)) '(1 2 3 4 5))",
    "(let ((a 3) (b 4)) (+ (* a a) (* b b)))",
    "(define count (lambda (n acc) (if (= n 0) acc (count (- n 1) (+ acc 1)))))",
    "(count 10000 0)",
    "(begin (define x 10) (define y 32) (+ x y))",
    "(cons 1 2)",
    "(list 1 (list 2 3) '(a . b) '())",
    "(car '())",
    "(undefined 1)",
    "(+ 1 'a)",
    "((lambda (x) x))",
    "(1 2)",
    "(+ 1",
    ")",
]


def main(argv):
    env = Env(None)
    for name in ["+", "-", "*", "<", "=", "car", "cdr", "cons", "null?", "list"]:
        env.vars[name] = Builtin(name)
    env.vars["nil"] = NIL
    for src in PROGRAM:
        try:
            r = Reader(tokenize(src))
            print("%s => %s" % (src, evaluate(r.read(), env).show()))
        except LispError as e:
            print("%s => error: %s" % (src, str(e)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
