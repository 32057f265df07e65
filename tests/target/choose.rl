"""target(driver, args) gets the words after `--` on rtrans's command line
(tests/run.sh: run_target_args) and picks the entry point by them."""
import sys

CONFIG = []


def plain_entry(argv):
    print("plain", len(CONFIG))
    return 0


def configured_entry(argv):
    print("configured", " ".join(CONFIG))
    return 3


def target(driver, args):
    driver.exe_name = "choose"  # the driver ignores attribute writes
    for a in args:
        CONFIG.append(a)
    if len(args) > 0:
        return configured_entry, None
    return plain_entry, None


if __name__ == "__main__":
    sys.exit(plain_entry(sys.argv))
