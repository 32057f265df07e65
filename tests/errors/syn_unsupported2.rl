from os import *
from . import x
class M(A, B):
    pass
class M2(metaclass=A):
    pass
e = ...
m = a @ b
