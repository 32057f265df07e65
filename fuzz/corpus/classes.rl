class A(object):
    _immutable_fields_ = ["x", "y[*]"]
    def __init__(self, x):
        self.x = x

class B(A):
    @staticmethod
    def s(n):
        return n << 2
