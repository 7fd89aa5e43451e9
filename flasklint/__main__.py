import os
import sys


def _isolate_sys_path() -> None:
    """``python -m flasklint`` puts the working directory -- usually the
    project being linted -- first on sys.path.  A project module named like
    one flasklint imports (``json.py``, ``argparse.py``, ``astroid.py``) would
    then be imported, i.e. executed.  Drop it before importing anything."""
    cwd = os.getcwd()
    sys.path[:] = [p for p in sys.path if p not in ("", ".") and os.path.abspath(p) != cwd]


_isolate_sys_path()

from flasklint.cli import main  # noqa: E402

raise SystemExit(main())
