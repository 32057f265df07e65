from os import write, nonexistent
from flow_missing_name_helper import defined, made_global, absent
from rpython.rlib.jit import JitDriver, JitDrivr
