"""Makes rpython.rlib.X the very module rlib.X, for every module X of rlib."""
import importlib
import os
import sys

import rlib

for _f in sorted(os.listdir(os.path.dirname(rlib.__file__))):
    if _f.endswith('.py') and not _f.startswith('_'):
        _name = _f[:-3]
        _mod = importlib.import_module('rlib.' + _name)
        sys.modules[__name__ + '.' + _name] = _mod
        globals()[_name] = _mod
del _f, _name, _mod
