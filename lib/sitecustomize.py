"""Imported by Python at start when lib/ is on PYTHONPATH: installs the rlib
shim so that `PYTHONPATH=lib python3 prog.rl ARGS` runs an RL program with
RL's semantics (see lib/README.md and rlib/_shim.py)."""
from rlib import _shim

_shim.install()
