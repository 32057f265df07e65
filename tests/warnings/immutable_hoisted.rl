# a subclass declares an attribute immutable that code reads on the base
# class, where the annotator places it: a warning names the class to
# declare it in; the program still translates and runs
class A(object):
    pass
class B(A):
    _immutable_fields_ = ["v"]
    def __init__(self, v):
        self.v = v
class C(A):
    def __init__(self, v):
        self.v = v
def f(a):
    return a.v
def main(argv):
    print(f(B(3)) + f(C(4)))
    return 0
