# Runs first in every sandboxed python3 (-I -S -c <this> /box/main.py).
#
# -S skips the site module (2.5 ms of start-up and dist-packages we do not
# want), so this puts back what honest programs expect from it: exit() and
# quit(). The program then runs as __main__ with its own path in argv[0] and
# __file__. Its source is run with exec() on bytes rather than compile():
# compile() first builds every AST node class (about 1 ms), which exec()
# skips. Tracebacks are mended on the way out, only when one is printed, so
# they name the program's file and show its lines, without this bootstrap.
import sys, builtins

_PATH = sys.argv[1]


class _Quit:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Use {self.name}() or Ctrl-D (i.e. EOF) to exit"

    def __call__(self, code=None):
        try:
            sys.stdin.close()
        except Exception:
            pass
        raise SystemExit(code)


def _report(kind, value, tb, _path=_PATH):
    import linecache
    import traceback

    if tb is not None and tb.tb_frame.f_globals.get("__name__") == "__bootstrap__":
        tb = tb.tb_next
    if isinstance(value, SyntaxError) and value.filename == "<string>":
        value.filename = _path
    linecache.cache["<string>"] = (0, None, linecache.getlines(_path), "<string>")
    text = "".join(traceback.format_exception(kind, value, tb))
    sys.stderr.write(text.replace('File "<string>"', 'File "' + _path + '"'))


builtins.exit = _Quit("exit")
builtins.quit = _Quit("quit")
sys.excepthook = _report
sys.argv = [_PATH]
globals()["__name__"] = "__bootstrap__"
_main = type(sys)("__main__")
_main.__file__ = _PATH
_main.__builtins__ = builtins
sys.modules["__main__"] = _main
with open(_PATH, "rb") as _file:
    _source = _file.read()
del _file, _Quit, _report
exec(_source, _main.__dict__)
