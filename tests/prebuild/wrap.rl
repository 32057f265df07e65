# rl-only: machine-word wrapping (LANGUAGE.md "Numbers"), where RL and
# CPython differ; wrap.expect is written by hand, not by python3.
MAXINT = 2 ** 63 - 1
MININT = -MAXINT - 1
r = [MININT // -1 == MININT, MININT % -1, 1 << 63 == MININT, 1 << 64,
     (1 << 63) >> 63, -(-2 ** 63) == MININT, abs(MININT) == MININT,
     MAXINT + 1 == MININT, MAXINT * 2, 3 ** 41, -MININT == MININT,
     (-1) >> 64, 1 << 200, 0xFFFFFFFFFFFFFFFF]
