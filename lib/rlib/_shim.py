"""Makes CPython (or PyPy) run an RL program with RL's semantics.

install() is called by lib/sitecustomize.py at interpreter start (and again,
harmlessly, by `import rlib`).  It changes only what LANGUAGE.md lists under
"Under CPython":

  * an RL str is a byte string, modelled as a text str whose chars are all
    below 256: stdin/stdout/stderr, sys.argv, files opened in text mode and
    os.read/os.write/os.open convert with latin-1, without newline
    translation (lines end at '\\n' only);
  * os.write(fd, s) first flushes what print() buffered, so output stays in
    program order;
  * chr(n) raises ValueError from 256;
  * `import other` loads other.rl (or other.py) beside the importing file,
    then beside the main script.

The os.read/open/os.open/chr changes apply only to calls from program code,
not from the standard library (which keeps Python's bytes and encodings).
"""
import builtins
import os
import sys
from importlib.machinery import ModuleSpec, SourceFileLoader

_installed = False

# --- who is calling: program code or the system's own library? -------------

def _system_dirs():
    dirs = [os.path.dirname(os.__file__), os.path.dirname(os.path.abspath(__file__))]
    try:
        import site
        dirs += site.getsitepackages() + [site.getusersitepackages()]
    except Exception:
        pass
    out = []
    for d in dirs:
        if d:
            out.append(os.path.join(os.path.realpath(d), ''))
            out.append(os.path.join(os.path.abspath(d), ''))
    # CPython's frozen modules ('<frozen os>'), PyPy's app-level built-ins.
    return tuple(out) + ('<frozen', '<builtin>')

_SYSTEM = ()
_is_program_code = {}   # code object -> bool


def _program_frame(frame):
    """True if `frame` runs program (RL) code rather than library code."""
    code = frame.f_code
    r = _is_program_code.get(code)
    if r is None:
        r = not code.co_filename.startswith(_SYSTEM)
        _is_program_code[code] = r
    return r


def _from_program(depth=2):
    try:
        frame = sys._getframe(depth)
    except ValueError:          # called straight from C, at top level
        return False
    return _program_frame(frame)

# --- builtins ---------------------------------------------------------------

_chr = builtins.chr
_open = builtins.open


def chr(i):
    if isinstance(i, int) and not 0 <= i < 256 and _from_program():
        raise ValueError("chr() arg not in range(256)")
    return _chr(i)


def open(file, mode='r', buffering=-1, encoding=None, errors=None,
         newline=None, closefd=True, opener=None):
    if _from_program():
        if isinstance(file, str):
            file = file.encode('latin-1')
        if 'b' not in mode:
            if encoding is None:
                encoding = 'latin-1'
            if newline is None:
                newline = '\n'
    return _open(file, mode, buffering, encoding, errors, newline, closefd,
                 opener)

# --- os ---------------------------------------------------------------------

_os_write = os.write
_os_read = os.read
_os_open = os.open


def _flush_stdio():
    for f in (sys.stdout, sys.stderr):
        try:
            if f is not None:
                f.flush()
        except (ValueError, OSError):
            pass


def write(fd, data):
    """os.write: an RL str is written as latin-1 bytes, after flushing what
    print() buffered. bytes (from library code) pass through."""
    if isinstance(data, str):
        _flush_stdio()
        data = data.encode('latin-1')
    return _os_write(fd, data)


def read(fd, n):
    data = _os_read(fd, n)
    if _from_program():
        return data.decode('latin-1')
    return data


def open_fd(path, flags, mode=0o777, *args, **kwargs):
    if isinstance(path, str) and _from_program():
        path = path.encode('latin-1')
    return _os_open(path, flags, mode, *args, **kwargs)

open_fd.__name__ = 'open'

# --- import finder for .rl modules ------------------------------------------

_SKIP = frozenset(('os', 'sys', 'math', 'time', 'rlib', 'rpython')) | \
    frozenset(sys.builtin_module_names)


class _RLLoader(object):
    """Executes an .rl file as a module (no bytecode cache: other.rl and
    other.py would share __pycache__/other.*.pyc)."""

    def __init__(self, path):
        self.path = path

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        with _open(self.path, 'rb') as f:
            source = f.read()
        exec(compile(source, self.path, 'exec', dont_inherit=True),
             module.__dict__)

    def get_filename(self, name=None):
        return self.path

    def get_source(self, name=None):
        with _open(self.path, 'rb') as f:
            return f.read().decode('utf-8-sig')


class RLFinder(object):
    """sys.meta_path finder: `import other` from program code loads other.rl
    (then other.py) from the importing file's folder, then from the main
    script's folder; otherwise Python's normal import goes on."""

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if path is not None or '.' in fullname or fullname in _SKIP:
            return None
        frame = sys._getframe(1)
        while frame is not None and 'importlib' in frame.f_code.co_filename:
            frame = frame.f_back          # skip the import machinery
        if frame is None or not _program_frame(frame):
            return None
        dirs = []
        importer = frame.f_globals.get('__file__')
        if importer:
            dirs.append(os.path.dirname(os.path.abspath(importer)))
        main = getattr(sys.modules.get('__main__'), '__file__', None)
        if main:
            dirs.append(os.path.dirname(os.path.abspath(main)))
        for d in dirs:
            for ext in ('.rl', '.py'):
                p = os.path.join(d, fullname + ext)
                if os.path.isfile(p):
                    if ext == '.rl':
                        loader = _RLLoader(p)
                    else:
                        loader = SourceFileLoader(fullname, p)
                    spec = ModuleSpec(fullname, loader, origin=p)
                    spec.has_location = True
                    return spec
        return None

    @classmethod
    def invalidate_caches(cls):
        pass

# --- install ----------------------------------------------------------------

def _latin1(stream, errors):
    if stream is None:
        return stream
    try:
        stream.reconfigure(encoding='latin-1', errors=errors, newline='\n')
        return stream
    except AttributeError:      # not a TextIOWrapper (replaced by someone)
        return stream
    except Exception:           # e.g. data already read: rewrap the buffer
        try:
            import io
            stream.flush()
            return io.TextIOWrapper(stream.buffer, encoding='latin-1',
                                    errors=errors, newline='\n',
                                    line_buffering=stream.line_buffering)
        except Exception:
            return stream


def install():
    global _installed, _SYSTEM
    if _installed:
        return
    _installed = True
    _SYSTEM = _system_dirs()
    sys.stdin = _latin1(sys.stdin, 'strict')
    sys.stdout = _latin1(sys.stdout, 'strict')
    sys.stderr = _latin1(sys.stderr, 'backslashreplace')
    # argv holds the bytes the program was given, one char per byte.
    sys.argv = [os.fsencode(a).decode('latin-1') if isinstance(a, str) else a
                for a in sys.argv]
    builtins.chr = chr
    builtins.open = open
    os.write = write
    os.read = read
    os.open = open_fd
    if RLFinder not in sys.meta_path:
        sys.meta_path.insert(0, RLFinder)
