"""A Lua 5.4-subset interpreter in RL: tokenizer, parser, compiler to a
stack bytecode, and a VM loop with a JitDriver (see docs/lua.md).

Usage: lua FILE.lua [ARGS...]
"""
import os
import sys

from rlib.jit import JitDriver
from objects import LuaError, W_Str, W_Table, W_Int, w_nil
from parser import parse
from compiler import compile_chunk
from interp import no_upvals, W_Closure, Frame, execute, state, tostring
from stdlib import install


def read_file(path):
    fd = os.open(path, os.O_RDONLY, 0o777)
    chunks = []
    while True:
        data = os.read(fd, 65536)
        if len(data) == 0:
            break
        chunks.append(data)
    os.close(fd)
    return "".join(chunks)


def run_file(path, argv):
    try:
        src = read_file(path)
    except OSError:
        os.write(2, "lua: cannot open %s\n" % path)
        return 1
    install()
    w_arg = W_Table()
    w_arg.set_int(0, W_Str(path))
    for i in range(len(argv)):
        w_arg.set_int(i + 1, W_Str(argv[i]))
    state.w_globals.set_str("arg", w_arg)
    chunk = path
    try:
        info = parse(chunk, src)
        proto = compile_chunk(info, chunk)
        frame = Frame(W_Closure(proto, no_upvals()), proto)
        va = []
        for a in argv:
            va.append(W_Str(a))
        frame.varargs = va
        execute(frame)
    except LuaError as e:
        os.write(2, "lua: %s\n" % error_text(e))
        return 1
    except RecursionError:
        os.write(2, "lua: stack overflow\n")
        return 1
    return 0


def error_text(e):
    w = e.w_value
    if isinstance(w, W_Str):
        return w.sval
    if w is w_nil:
        return "nil"
    try:
        return "(error object is a %s value)" % w.typename()
    except LuaError:
        return "?"


def entry_point(argv):
    if len(argv) < 2:
        os.write(2, "usage: %s FILE.lua [ARGS...]\n" % argv[0])
        return 2
    return run_file(argv[1], argv[2:])


def target(driver, args):
    return entry_point, None


if __name__ == "__main__":
    sys.setrecursionlimit(100000)
    sys.exit(entry_point(sys.argv))
