"""rlib.jit under CPython: the JIT hints check their arguments the way the
translator would, then do nothing."""
import types


class JitHintError(BaseException):
    """A misuse of rlib.jit that the translator rejects.  Derives from
    BaseException so that `except Exception` in the program cannot hide it
    (it stands for a translation error, not a run-time one)."""


# --- decorators -------------------------------------------------------------

def _function(func, what):
    if not isinstance(func, types.FunctionType):
        raise JitHintError("@%s applies to a function, not %r" % (what, func))
    return func


def elidable(func):
    return _function(func, 'elidable')


purefunction = elidable


def unroll_safe(func):
    return _function(func, 'unroll_safe')


def dont_look_inside(func):
    return _function(func, 'dont_look_inside')


def look_inside(func):
    return _function(func, 'look_inside')


def elidable_promote(promote_args='all'):
    def decorator(func):
        return _function(func, 'elidable_promote')
    return decorator


def _nargs(func):
    return func.__code__.co_argcount


def look_inside_iff(predicate):
    if not isinstance(predicate, types.FunctionType):
        raise JitHintError("look_inside_iff(pred): pred must be a named "
                           "function, not %r" % (predicate,))

    def decorator(func):
        _function(func, 'look_inside_iff')
        if _nargs(func) != _nargs(predicate):
            raise JitHintError(
                "look_inside_iff: %s takes %d arguments but its predicate %s "
                "takes %d" % (func.__name__, _nargs(func),
                              predicate.__name__, _nargs(predicate)))
        return func
    return decorator

# --- hints on values --------------------------------------------------------

def promote(x):
    return x


def promote_string(s):
    return s


def hint(x, **kwds):
    return x


def we_are_jitted():
    return False


def isconstant(x):
    return False


def isvirtual(x):
    return False

# --- JitDriver --------------------------------------------------------------

PARAMETERS = {
    'threshold': 1039,
    'function_threshold': 1619,
    'trace_eagerness': 200,
    'decay': 40,
    'trace_limit': 6000,
    'inlining': 1,
    'loop_longevity': 1000,
    'retrace_limit': 0,
    'pureop_historylength': 16,
    'max_retrace_guards': 15,
    'max_unroll_loops': 0,
    'disable_unrolling': 200,
    'enable_opts': 'all',
    'max_unroll_recursion': 7,
    'vec': 0,
    'vec_all': 0,
    'vec_cost': 0,
}

_drivers_used = []   # drivers whose jit_merge_point ran


def _names(value, what):
    if not isinstance(value, (list, tuple)) or \
            not all(isinstance(n, str) for n in value):
        raise JitHintError("JitDriver: %s must be a list of variable names, "
                           "not %r" % (what, value))
    return list(value)


class JitDriver(object):
    def __init__(self, greens=None, reds=None, virtualizables=None,
                 get_jitcell_at=None, set_jitcell_at=None,
                 get_printable_location=None, confirm_enter_jit=None,
                 can_never_inline=None, should_unroll_one_iteration=None,
                 name='jitdriver', check_untranslated=True, vectorize=False,
                 get_unique_id=None, is_recursive=False, get_location=None):
        if greens is None or reds is None:
            raise JitHintError("JitDriver needs greens=[...] and "
                               "reds=[...] or reds='auto'")
        self.greens = _names(greens, 'greens')
        self.autoreds = reds == 'auto'
        self.reds = [] if self.autoreds else _names(reds, 'reds')
        self.virtualizables = _names(virtualizables or [], 'virtualizables')
        self.name = name
        self.is_recursive = bool(is_recursive)
        dup = [n for n in self.greens if n in self.reds]
        if dup:
            raise JitHintError("JitDriver: %s both green and red"
                               % ", ".join(dup))
        if self.autoreds and confirm_enter_jit is not None:
            raise JitHintError("reds='auto' is not compatible with "
                               "confirm_enter_jit")
        for v in self.virtualizables:
            if v not in self.reds:
                raise JitHintError("JitDriver: virtualizable %r is not one "
                                   "of the reds %r" % (v, self.reds))
        for fname, f in (('get_printable_location', get_printable_location),
                         ('get_unique_id', get_unique_id),
                         ('get_location', get_location)):
            if f is None:
                continue
            if not isinstance(f, types.FunctionType):
                raise JitHintError("JitDriver: %s must be a function, not %r"
                                   % (fname, f))
            if f.__code__.co_argcount != len(self.greens):
                raise JitHintError(
                    "JitDriver: %s %s takes %d arguments, but there are %d "
                    "greens %r" % (fname, f.__name__, f.__code__.co_argcount,
                                   len(self.greens), self.greens))
        # As RPython: with reds='auto' only the greens are passed; names
        # with a '.' (green fields) are not passed.
        self._livevars = set(n for n in self.greens + self.reds
                             if '.' not in n)

    def __repr__(self):
        return "JitDriver(greens=%r, reds=%r)" % (
            self.greens, 'auto' if self.autoreds else self.reds)

    def _check(self, where, livevars):
        got = set(livevars)
        if got != self._livevars:
            msg = []
            missing = sorted(self._livevars - got)
            extra = sorted(got - self._livevars)
            if missing:
                msg.append("missing %s" % ", ".join(missing))
            if extra:
                msg.append("not a green or red: %s" % ", ".join(extra))
            raise JitHintError(
                "%s of %r: %s (every variable live there is passed by "
                "keyword, as a green or a red%s)" % (
                    where, self, "; ".join(msg),
                    ", only the greens with reds='auto'"
                    if self.autoreds else ""))

    def jit_merge_point(_self, **livevars):
        _self._check('jit_merge_point', livevars)
        if _self not in _drivers_used:
            _drivers_used.append(_self)
            if len(_drivers_used) > 1 and \
                    not any(d.is_recursive for d in _drivers_used):
                raise JitHintError(
                    "with more than one JitDriver, at least one needs "
                    "is_recursive=True: %r" % (_drivers_used,))

    def can_enter_jit(_self, **livevars):
        if _self.autoreds:
            raise JitHintError("can_enter_jit of %r: not allowed with "
                               "reds='auto'" % (_self,))
        _self._check('can_enter_jit', livevars)


def set_param(driver, name, value):
    if driver is not None and not isinstance(driver, JitDriver):
        raise JitHintError("set_param: %r is not a JitDriver" % (driver,))
    if name not in PARAMETERS:
        raise JitHintError("set_param: unknown JIT parameter %r (known: %s)"
                           % (name, ", ".join(sorted(PARAMETERS))))
    if isinstance(PARAMETERS[name], str):
        ok = isinstance(value, str)
    else:
        ok = isinstance(value, int) and not isinstance(value, bool)
    if not ok:
        raise JitHintError("set_param: bad value %r for %r" % (value, name))
