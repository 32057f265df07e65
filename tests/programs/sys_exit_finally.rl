"""sys.exit(n) raises SystemExit, which is no Exception: every enclosing
`finally` runs on the way out, `except Exception` and `except ValueError`
let it through, `except SystemExit` / `except BaseException` / bare
`except:` catch it (str(e) is the status), `return` in a `finally` drops
it; uncaught, the program exits with its status (here 7, from deep inside
a JIT-traced loop, through finally blocks)."""
import sys
from rlib.jit import JitDriver

jitdriver = JitDriver(greens=["pc", "code"], reds=["acc", "caught"])


def leave(n):
    try:
        print("leave", n)
        if n >= 0:
            sys.exit(n)
        print("not leaving")
    finally:
        print("finally of leave", n)


def middle(n):
    try:
        leave(n)
    except Exception:
        print("not caught by except Exception")
    except ValueError:
        print("not caught by except ValueError")
    finally:
        print("finally of middle", n)
    print("after middle's try", n)
    return n


def catch_it(n):
    try:
        middle(n)
        print("no exit")
    except SystemExit as e:
        print("caught SystemExit, status '%s'" % str(e))
    print("continues")


def bare(n):
    try:
        sys.exit(n)
    except:
        print("bare except caught it")


def base(n):
    try:
        raise SystemExit(n)
    except BaseException as e:
        print("BaseException caught '%s'" % str(e))
    try:
        raise SystemExit
    except (ValueError, SystemExit) as e:
        print("tuple caught '%s'" % str(e))
    try:
        sys.exit()
    except SystemExit:
        print("sys.exit() caught")  # str(e): '' in CPython, 'None' in PyPy
    try:
        sys.exit(True)
    except SystemExit as e:
        print("sys.exit(True) gives '%s'" % str(e))


def swallowed(n):
    try:
        sys.exit(n)
    finally:
        return n + 1


def reraise(n):
    try:
        try:
            sys.exit(n)
        except SystemExit:
            print("reraising", n)
            raise
    except Exception:
        print("not caught by except Exception")
    except SystemExit as e:
        print("outer caught", str(e))


def deep(k, n):
    if k == 0:
        sys.exit(n)
    try:
        deep(k - 1, n)
    finally:
        if k % 2 == 0:
            print("unwinding", k)


def run(code):
    """A tiny interpreter: 'a' adds one, 'x' exits with 7 when the count
    is high enough, 'c' catches sys.exit(1) and counts it."""
    pc = 0
    acc = 0
    caught = 0
    while pc < len(code):
        jitdriver.jit_merge_point(pc=pc, code=code, acc=acc, caught=caught)
        ch = code[pc]
        if ch == "a":
            acc += 1
        elif ch == "c":
            try:
                if acc >= 0:
                    sys.exit(1)
            except SystemExit:
                caught += 1
        elif ch == "x":
            if acc > 2000:
                try:
                    print("exiting with", acc, caught)
                    sys.exit(7)
                finally:
                    print("finally in the loop")
        pc += 1
        if pc == len(code):
            pc = 0
            jitdriver.can_enter_jit(pc=pc, code=code, acc=acc, caught=caught)
    return acc


def main(argv):
    print("start")
    catch_it(2)
    catch_it(0)
    catch_it(-1)
    bare(5)
    base(9)
    print("swallowed:", swallowed(4))
    reraise(6)
    try:
        deep(6, 8)
    except SystemExit as e:
        print("deep exit", str(e))
    for i in range(300):
        try:
            if i % 100 == 99:
                sys.exit(i)
        except SystemExit as e:
            print("in a loop", str(e))
    try:
        try:
            run("acaxa")
        except Exception:
            print("not caught by except Exception")
        finally:
            print("finally of main")
    except ValueError:
        print("not caught by except ValueError")
    print("not reached")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
