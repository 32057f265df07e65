"""The RPython entry convention: target(driver, args) returns
(entry_point, None); jitpolicy is accepted; entry_point is the entry
(preferred over main, which is a decoy here)."""
import sys
from rpython.rlib.jit import JitDriver
from rpython.rlib.rarithmetic import intmask
from rpython.jit.codewriter.policy import JitPolicy


def entry_point(argv):
    print("entry_point called with", len(argv), "argument(s)")
    print("intmask via rpython.rlib:", intmask(2 ** 64 + 5))
    return 0


def main(argv):
    print("main must not be the entry point")
    return 9


def target(driver, args):
    driver.exe_name = "target_entry"
    return entry_point, None


def jitpolicy(driver):
    return JitPolicy()


if __name__ == "__main__":
    sys.exit(entry_point(sys.argv))
