"""rlib: the CPython shim of RL's library modules (jit, rarithmetic,
objectmodel, rstring).  Importing it installs the shim (rlib._shim), which
lib/sitecustomize.py normally did already."""
from rlib import _shim

_shim.install()
