"""try/except/else/finally in every combination: else runs only when the
try body raised nothing; exceptions in else are not caught by the same
try's handlers; return/break/continue inside else."""
import sys


def t1(x):
    out = []
    try:
        out.append("try")
        if x == 1:
            raise ValueError("v")
    except ValueError:
        out.append("except")
    else:
        out.append("else")
    return " ".join(out)


def t2(x):
    out = []
    try:
        out.append("try")
        if x == 1:
            raise KeyError("k")
    except KeyError:
        out.append("except")
    else:
        out.append("else")
    finally:
        out.append("finally")
    return " ".join(out)


def t3(x):
    # an exception raised in else is not handled by this try's excepts
    try:
        try:
            if x == 1:
                raise ValueError("in try")
        except ValueError:
            return "handled in except"
        else:
            raise ValueError("in else")
    except ValueError as e:
        return "outer got: " + str(e)


def t4(x):
    try:
        if x == 1:
            raise IndexError("i")
    except IndexError:
        return "except-return"
    else:
        return "else-return"
    finally:
        print("    (t4 finally, x=%d)" % x)


def t5():
    found = []
    for i in range(6):
        try:
            if i % 3 == 0:
                raise ValueError("skip")
        except ValueError:
            found.append("x")
            continue
        else:
            if i == 5:
                break
            found.append(str(i))
        finally:
            found.append(".")
    return "".join(found)


def t6(x):
    n = 0
    while n < 10:
        n += 1
        try:
            if n == x:
                raise RuntimeError("stop")
        except RuntimeError:
            break
        else:
            continue
    else:
        return "loop ended normally at %d" % n
    return "broke at %d" % n


def t7(x):
    try:
        pass
    except Exception:
        return "impossible"
    else:
        if x:
            return "empty try, else taken"
    return "fell through"


def t8(x):
    # nested try in else and in finally
    log = []
    try:
        log.append("a")
    except Exception:
        log.append("never")
    else:
        try:
            if x:
                raise KeyError("kk")
            log.append("b")
        except KeyError as e:
            log.append("c" + str(e))
    finally:
        try:
            log.append("d")
            raise ValueError("in finally")
        except ValueError:
            log.append("e")
    return ",".join(log)


def main(argv):
    for x in range(2):
        print("t1", x, t1(x))
        print("t2", x, t2(x))
        print("t3", x, t3(x))
        print("t4", x, t4(x))
        print("t7", x, t7(x))
        print("t8", x, t8(x))
    print("t5", t5())
    print("t6", t6(4), "|", t6(99))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
