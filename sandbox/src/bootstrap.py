# Runs first in every cold sandboxed python3 (-I -S -c <this> /box/main.py),
# after exit_helpers.py (the two are embedded as one). A warm run does the
# same from C instead (template/main.cpp): it compiles the program with its
# real file name, so it needs neither the renaming hook nor the traceback
# filter below.
#
# The program runs as __main__, with its path in argv[0] and __file__. Its
# source goes to exec() as bytes rather than through compile(): compile()
# first builds every AST node class (about 1 ms), which exec() skips. exec()
# names the code "<string>", so a one-shot profile hook renames the module's
# code object (and every code object nested in it) before its first
# instruction runs; tracebacks, warnings and inspect then see the real file.
import _imp

_PATH = sys.argv[1]
_main = type(sys)("__main__")


def _rename(frame, event, arg):
    if event == "call" and frame.f_globals is _main.__dict__:
        sys.setprofile(None)
        _imp._fix_co_filename(frame.f_code, _PATH)


# Tracebacks start at the program, not at this bootstrap.
def _report(kind, value, tb, _show=sys.excepthook):
    if tb is not None and tb.tb_frame.f_globals.get("__name__") == "__bootstrap__":
        tb = tb.tb_next
        value = value.with_traceback(tb)
    if isinstance(value, SyntaxError) and value.filename == "<string>":
        value.filename = _PATH
    _show(kind, value, tb)


sys.excepthook = _report
sys.argv = [_PATH]
globals()["__name__"] = "__bootstrap__"
_main.__file__ = _PATH
_main.__builtins__ = builtins
sys.modules["__main__"] = _main
with open(_PATH, "rb") as _file:
    _source = _file.read()
del _file, _report
sys.setprofile(_rename)
exec(_source, _main.__dict__)
