"""An uncaught user exception raised deep in a call chain, after output and
after finally blocks have printed: exit status 1, stdout complete."""
import sys


class ConfigError(Exception):
    def __init__(self, key):
        Exception.__init__(self, "missing key: " + key)
        self.key = key


def get(cfg, key):
    if key not in cfg:
        raise ConfigError(key)
    return cfg[key]


def load(cfg, keys):
    total = 0
    for k in keys:
        try:
            total += get(cfg, k)
        finally:
            print("checked", k)
    return total


def main(argv):
    cfg = {"width": 80, "height": 24}
    print("area", load(cfg, ["width", "height"]))
    print("now failing")
    print(load(cfg, ["width", "depth", "height"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
