"""rlib.objectmodel under CPython."""


def we_are_translated():
    return False


def _identity(func):
    return func


class _Specialize(object):
    """specialize.argtype(0, 1), specialize.arg(0), specialize.memo(),
    specialize.call_location(): under CPython, decorators that change
    nothing."""

    @staticmethod
    def _args(what, args):
        if not all(isinstance(a, int) and a >= 0 for a in args):
            raise TypeError("specialize.%s takes argument positions (ints >= "
                            "0), not %r" % (what, args))
        return _identity

    def argtype(self, *args):
        return self._args('argtype', args)

    def arg(self, *args):
        return self._args('arg', args)

    def arg_or_var(self, *args):
        return self._args('arg_or_var', args)

    def memo(self):
        return _identity

    def call_location(self):
        return _identity

    def ll(self):
        return _identity


specialize = _Specialize()


def compute_hash(x):
    return hash(x)


def compute_identity_hash(x):
    return object.__hash__(x)


def always_inline(func):
    return func


def dont_inline(func):
    return func


def not_rpython(func):
    return func
