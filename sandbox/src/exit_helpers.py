# exit() and quit(), as the site module would define them. -S skips site
# (2.5 ms of start-up and dist-packages we do not want), so this puts back
# what honest programs expect from it. A cold run executes this at the top
# of its bootstrap (bootstrap.py); the warm template executes it once, at
# start-up, and every run it forks inherits the two objects.
import sys, builtins


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


builtins.exit = _Quit("exit")
builtins.quit = _Quit("quit")
del _Quit
