"""try/finally and try/except/finally with return, break and continue
inside the try, the except and the finally; finally runs on every path,
including exceptions that propagate to the caller."""
import sys

LOG = []


def log(s):
    LOG.append(s)


def flush(label):
    print(label + ": " + " ".join(LOG))
    del LOG[:]


def ret_in_try(x):
    try:
        log("try")
        if x > 0:
            return "positive"
        log("after-if")
    finally:
        log("finally")
    return "non-positive"


def ret_in_finally_overrides(x):
    try:
        if x:
            return 1
        raise ValueError("dropped")
    finally:
        log("fin")
        return 2


def except_ret_finally(x):
    try:
        log("try")
        if x == 0:
            raise KeyError("k")
        if x == 1:
            raise ValueError("v")
        return "try-ret"
    except KeyError:
        log("except")
        return "except-ret"
    finally:
        log("finally")


def propagate(x):
    try:
        log("try")
        if x:
            raise IndexError("up")
    finally:
        log("finally")
    log("after")
    return 0


def loop_break_continue():
    out = []
    for i in range(6):
        try:
            if i == 1:
                continue
            if i == 4:
                break
            out.append(i)
        finally:
            log("f%d" % i)
    return out


def while_with_finally():
    i = 0
    total = 0
    while True:
        try:
            i += 1
            if i % 2 == 0:
                continue
            if i > 7:
                break
            total += i
        finally:
            total += 100
    return total


def nested_finally(x):
    try:
        try:
            log("inner-try")
            if x == 1:
                raise ValueError("inner")
            if x == 2:
                return "inner-return"
        finally:
            log("inner-finally")
        log("between")
    finally:
        log("outer-finally")
    return "end"


def break_in_except():
    n = 0
    for s in ["1", "2", "x", "4"]:
        try:
            n += int(s)
        except ValueError:
            log("bad " + s)
            break
        finally:
            log("seen " + s)
    return n


def continue_in_finally_loop():
    n = 0
    for i in range(5):
        try:
            if i == 2:
                raise RuntimeError("two")
            n += i
        except RuntimeError:
            log("caught")
            continue
        finally:
            log("f%d" % i)
        log("body%d" % i)
    return n


def finally_raises():
    try:
        raise ValueError("first")
    finally:
        log("replacing")
        raise KeyError("second")


def main(argv):
    print(ret_in_try(1))
    flush("ret_in_try(1)")
    print(ret_in_try(0))
    flush("ret_in_try(0)")
    print(ret_in_finally_overrides(1), ret_in_finally_overrides(0))
    flush("ret_in_finally")
    for x in range(3):
        try:
            print(except_ret_finally(x))
        except ValueError as e:
            print("propagated ValueError", str(e))
        flush("except_ret_finally(%d)" % x)
    try:
        propagate(1)
    except IndexError as e:
        print("caught in main:", str(e))
    flush("propagate(1)")
    propagate(0)
    flush("propagate(0)")
    print(loop_break_continue())
    flush("loop")
    print(while_with_finally())
    for x in range(3):
        try:
            print(nested_finally(x))
        except ValueError:
            print("ValueError out of nested")
        flush("nested(%d)" % x)
    print(break_in_except())
    flush("break_in_except")
    print(continue_in_finally_loop())
    flush("continue")
    try:
        finally_raises()
    except KeyError as e:
        print("KeyError from finally:", str(e))
    except ValueError:
        print("wrong: the first exception")
    flush("finally_raises")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
