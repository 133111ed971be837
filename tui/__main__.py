"""`python -m tui` does what the `myelin` command does.

`-m` puts the folder it is run from first on `sys.path`: run from inside a library someone
sent (`cd library && python -m tui`), a `yaml/` or `rich.py` there would be imported in
place of the real one (QA H39). That folder is taken off the path before anything else is
imported; a planted `tui/` itself is beyond this, hence `python -I -m tui` in the README.
"""

import os
import sys

if not sys.flags.isolated and sys.path:
    here = os.getcwd()
    sys.path[:] = [p for p in sys.path if p not in ("", ".", here)] or sys.path

from tui.cli import main

raise SystemExit(main())
